"""What the city and organisation reports share: labels, the cover, charts, the appendix."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Image, KeepTogether, Spacer

from sscassess.analysis.findings import as_list, missing
from sscassess.analysis.messages import NOTES, pack_names, render, subject_text
from sscassess.core.vocabulary import ItemKind, Level, Privacy, Table
from sscassess.reference.schema import EXPECTED_INVOLVEMENT
from sscassess.report.document import LANDSCAPE_WIDTH, PORTRAIT_WIDTH, Builder, Cell, Meta

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

    import pandas as pd

    from sscassess.analysis.analyse import Analysis
    from sscassess.charts.drawing import Chart
    from sscassess.core.i18n import Plural
    from sscassess.reference.model import ReferencePack
    from sscassess.reference.schema import SourcedItem, TaxonomyItem
    from sscassess.report.templates import Template

W = PORTRAIT_WIDTH
LW = LANDSCAPE_WIDTH


@dataclass
class Context:
    """One report being built: the analysis, the language, the builder and its findings."""

    analysis: Analysis
    template: Template
    lang: str
    b: Builder = field(init=False)
    chart_missing: set[str] = field(default_factory=set)
    #: Charts already rendered, in story order, with their names: a story built again reuses them.
    _charts: list[tuple[str, Chart]] = field(default_factory=list)
    _chart_index: int = 0
    #: The level of a section's heading: 0, or 1 for a section the template puts after the
    #: appendix's heading (it is part of the appendix).
    section_level: int = 0

    def restart(self) -> None:
        """Start a new story: charts are taken from the cache in the same order."""
        self._chart_index = 0

    def __post_init__(self) -> None:
        self.b = Builder(self.template, self.lang)

    @property
    def charts(self) -> list[tuple[str, Chart]]:
        """Every chart the report draws, in story order, by name (see :func:`chart_functions`)."""
        return list(self._charts)

    # ------------------------------------------------------------------ data access

    @property
    def pack(self) -> ReferencePack:
        """The reference pack the analysis used."""
        return self.analysis.reference

    @property
    def meta(self) -> dict[str, Any]:
        """The analysis provenance."""
        return self.analysis.meta

    @property
    def anonymous(self) -> bool:
        """Whether organisations must not be named or shown alone."""
        return self.meta.get("privacy") == Privacy.ANONYMOUS

    def table(self, name: str) -> pd.DataFrame | None:
        """A table of the analysis, or None when the analysis (privacy, rounds) has none."""
        frame = self.analysis.tables.get(name)
        return frame if frame is not None else None

    def rows(self, name: str) -> pd.DataFrame | None:
        """A table of the analysis with rows; None when it is missing or empty."""
        frame = self.table(name)
        return frame if frame is not None and not frame.empty else None

    def opening(self, heading: str, intro: str | None = None) -> list[Flowable]:
        """A section's heading (template key ``heading``) and its introduction (``intro``)."""
        flow = self.b.heading(self.t(heading), self.section_level)
        if intro is not None:
            flow.append(self.b.para(self.tm(intro), self.b.intro))
        return flow

    def summary(self) -> dict[str, Any]:
        """The headline figures by metric."""
        frame = self.table(Table.SUMMARY)
        if frame is None:
            return {}
        return dict(zip(frame["metric"], frame["value"], strict=True))

    # ------------------------------------------------------------------ labels

    def t(self, key: str, **values: object) -> str:
        """Template text (plain), with ``values`` filled in."""
        return self.b.t(key, **values)

    # ------------------------------------------------------------------ numbers

    def day(self, stamp: object) -> str:
        """The day of an ISO timestamp, written the reader's way ("3 décembre 2026")."""
        import datetime as dt

        text = str(stamp or "")
        try:
            when = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return text[:10]
        return self.b.tr.date(when.date())

    def pct(self, value: object) -> str:
        """A share 0–1 as a whole percentage, the reader's way ("32%", "32 %")."""
        if missing(value):
            return self.t("na")
        return self.b.tr.percent(float(value))  # type: ignore[arg-type]

    def points(self, value: object) -> str:
        """A difference of two shares in signed percentage points (``+20``)."""
        if missing(value):
            return self.t("na")
        v = round(float(value) * 100)  # type: ignore[arg-type]
        return ("+" if v > 0 else "") + self.b.tr.number(v)

    def num(self, value: object, digits: int = 2) -> str:
        """A number with ``digits`` decimals unless it is whole, the reader's way."""
        if missing(value):
            return self.t("na")
        if isinstance(value, bool):
            return self.t("yes" if value else "no")
        v = float(value)  # type: ignore[arg-type]
        if v == int(v):
            return self.b.tr.number(int(v))
        return self.b.tr.number(v, digits)

    def tm(self, key: str, **values: object) -> str:
        """Template text as markup with escaped values."""
        return self.b.tm(key, **values)

    def role(self, role_id: str) -> str:
        """Short display name of a role."""
        try:
            return self.pack.text(self.pack.role(role_id).short_name, self.lang)
        except Exception:
            return str(role_id)

    def name(self, kind: str, ident: str) -> str:
        """The display name of a pack id of ``kind`` (role, category, aim, challenge)."""
        if kind == "role":
            return self.role(ident)
        if kind == "category":
            return self.category(ident)
        return pack_names(self.pack, self.lang)(kind, ident)

    def finding(self, table: Mapping[str, str | Plural], code: str, params: object) -> str:
        """A finding's text (a data-quality note, evidence) in the report's language."""
        return render(table, code, params if isinstance(params, dict) else {}, self.b.tr, self.name)

    def role_long(self, role_id: str) -> str:
        """Full name of a role."""
        try:
            return self.pack.text(self.pack.role(role_id).name, self.lang)
        except Exception:
            return str(role_id)

    def role_code(self, role_id: str) -> str:
        """The role's code (R01…)."""
        try:
            return self.pack.role(role_id).code
        except Exception:
            return str(role_id)

    def category(self, category_id: object) -> str:
        """Display name of a category (or of the merged ``other`` group)."""
        cid = str(category_id)
        if cid == "other":
            return self.t("group_other")
        if cid == "declined":
            return self.t("group_declined")
        if cid == "all":
            return self.t("all_categories")
        for cat in self.pack.categories:
            if cat.id == cid:
                return self.pack.text(cat.name, self.lang)
        return cid

    def categories(self, ids: object) -> str:
        """A list of categories as text."""
        return ", ".join(self.category(c) for c in as_list(ids)) or "–"

    def item(self, kind: str, item_id: str) -> str:
        """Display name of an aim, challenge, potential or constraint item."""
        for entry in self._items(kind):
            if entry.id == item_id:
                return self.pack.text(entry.name, self.lang)
        return item_id

    def _items(self, kind: str) -> Sequence[TaxonomyItem | SourcedItem]:
        lists: dict[str, Sequence[TaxonomyItem | SourcedItem]] = {
            ItemKind.AIM: self.pack.aims,
            ItemKind.CHALLENGE: self.pack.challenges,
            ItemKind.POTENTIAL: self.pack.potential,
            ItemKind.CONSTRAINT: self.pack.constraints,
        }
        return lists.get(kind, ())

    def by_category(self, frame: pd.DataFrame, score: pd.Series) -> pd.DataFrame:
        """``frame``'s rows by category (the pack's order), then ``score`` high to low, then name.

        A chart or table of organisations reads by group, the most engaged first, and is the
        same in every run (the stored order of responses is their random ids').
        """
        rank = {c.id: i for i, c in enumerate(self.pack.categories)}
        keyed = frame.assign(
            _category=frame["category"].map(lambda c: rank.get(str(c), len(rank))),
            _score=-score.to_numpy(dtype=float),
            _name=frame["organisation"].astype(str).str.casefold(),
        )
        ordered = keyed.sort_values(["_category", "_score", "_name"], kind="stable")
        return ordered.drop(columns=["_category", "_score", "_name"])

    def heads(self, *keys: str) -> list[str]:
        """A table's header: the template texts of ``keys``."""
        return [self.t(k) for k in keys]

    def label(self, prefix: str, value: object) -> str:
        """A status-like label from the template (``status_gap``), or the value itself."""
        key = f"{prefix}_{value}"
        return self.t(key) if self.template.has(key) else str(value)

    def chart_labels(self) -> dict[str, str]:
        """Every id a chart may meet → its display label in the report language."""
        labels: dict[str, str] = {}
        for role in self.pack.roles:
            labels[role.id] = self.pack.text(role.short_name, self.lang)
        for cat in self.pack.categories:
            labels[cat.id] = self.pack.text(cat.name, self.lang)
        for kind in ("aim", "challenge", "potential", "constraint"):
            for entry in self._items(kind):
                labels.setdefault(entry.id, self.pack.text(entry.name, self.lang))
        labels["other"] = self.t("group_other")
        labels["declined"] = self.t("group_declined")
        return labels

    # ------------------------------------------------------------------ charts

    def chart(
        self,
        name: str,
        *args: Any,
        max_width: float = W,
        max_height: float = 200 * mm,
        **kwargs: Any,
    ) -> list[Flowable]:
        """Render chart ``name`` (a key of :func:`chart_functions`) into flowables.

        The chart is drawn in the report's language and to fit ``max_height`` (every chart
        function takes ``lang`` and ``max_height_pt``), unless ``kwargs`` say otherwise.
        """
        if self._chart_index < len(self._charts):
            chart = self._charts[self._chart_index][1]
        else:
            function = chart_functions()[name]
            kwargs.setdefault("lang", self.lang)
            # Drawn to fit the box, not drawn bigger and scaled down to unreadable text.
            kwargs.setdefault("max_height_pt", max_height)
            chart = function(*args, **kwargs)
            self._charts.append((name, chart))
            self.chart_missing.update(getattr(chart, "missing_glyphs", ()) or ())
        self._chart_index += 1
        return self.b.chart(chart, max_width=max_width, max_height=max_height)

    # ------------------------------------------------------------------ shared sections

    def cover(self, title: str, subtitle: str, lines: Sequence[tuple[str, str]]) -> list[Flowable]:
        """The cover: logo, title, subtitle and a provenance table (plain texts)."""
        b = self.b
        flow: list[Flowable] = []
        if self.template.logo_data is not None:
            # The bytes checked when the template was loaded (size cap, full decode).
            logo = Image(io.BytesIO(self.template.logo_data))
            scale = min(1.0, 60 * mm / logo.drawWidth, 25 * mm / logo.drawHeight)
            logo.drawWidth *= scale
            logo.drawHeight *= scale
            logo.hAlign = "LEFT"
            flow += [logo, Spacer(1, 8 * mm)]
        else:
            flow.append(Spacer(1, 30 * mm))
        flow.append(b.para(b.esc(title), b.title))
        flow.append(b.para(b.esc(subtitle), b.subtitle))
        flow.append(
            b.table([self.t("cover_item"), self.t("cover_value")], lines, [W * 0.3, W * 0.7])
        )
        flow.append(Spacer(1, 8 * mm))
        flow.append(b.para(self.tm("cover_note"), b.small))
        return flow

    def provenance(self, *, full: bool = True) -> list[tuple[str, str]]:
        """Ids, versions and hashes of what the report was computed from.

        Not ``full``: what a reader looks for on a cover (the place, round, versions, how many
        responses, the privacy mode); the ids and hashes are the colophon's.
        """
        m = self.meta
        ref, q = m.get("reference") or {}, m.get("questionnaire") or {}
        if not full:
            return [
                (self.t("cover_city"),
                 " ".join(str(v) for v in (m.get("city"), m.get("country")) if v)),
                (self.t("cover_round"), str(m.get("round") or "–")),
                (self.t("cover_reference"), f"{ref.get('id', '')} {ref.get('version', '')}"),
                (self.t("cover_questionnaire"), f"{q.get('id', '')} {q.get('version', '')}"),
                (self.t("cover_responses"), str(m.get("responses", ""))),
                (self.t("cover_privacy"), self.label("privacy", m.get("privacy", ""))),
            ]  # fmt: skip
        rows = [
            (self.t("cover_campaign"), str(m.get("campaign_id", ""))),
            (
                self.t("cover_city"),
                " ".join(str(v) for v in (m.get("city"), m.get("country")) if v),
            ),
            (self.t("cover_round"), str(m.get("round") or "–")),
            (self.t("cover_generated"), str(m.get("generated_at", ""))),
            (self.t("cover_reference"), f"{ref.get('id', '')} {ref.get('version', '')}"),
            (self.t("cover_reference_sha"), str(ref.get("sha256", ""))),
            (self.t("cover_questionnaire"), f"{q.get('id', '')} {q.get('version', '')}"),
            (self.t("cover_questionnaire_sha"), str(q.get("sha256", ""))),
            (self.t("cover_data_sha"), str(m.get("data_sha256", ""))),
            (self.t("cover_responses"), str(m.get("responses", ""))),
            (self.t("cover_privacy"), self.label("privacy", m.get("privacy", ""))),
        ]
        prev = m.get("previous")
        if prev:
            rows.append(
                (
                    self.t("cover_previous"),
                    f"{prev.get('campaign_id', '')} {prev.get('round') or ''}".strip(),
                )
            )
        return rows

    def colophon(self) -> list[Flowable]:
        """The last part of a report: every id, version and hash it was computed from."""
        b = self.b
        flow = b.heading(self.t("colophon"), 1)
        flow.append(b.para(self.tm("colophon_intro"), b.small))
        rows = self.provenance()
        flow.append(
            b.table([self.t("cover_item"), self.t("cover_value")], rows, [W * 0.3, W * 0.7])
        )
        # A dozen rows: never one alone on a page. The heading stays outside, where the
        # contents see it from the first layout pass on.
        return [*flow[:-2], KeepTogether(flow[-2:])]

    def method(self) -> list[Flowable]:
        """Method: scale, expectation levels, formulas, which expectations are interpretation."""
        b = self.b
        flow = b.heading(self.t("method"), 1)
        flow.append(b.para(self.tm("method_intro")))
        scale = [(str(v), self.t(f"scale_{v}")) for v in range(5)]
        flow.append(
            b.table(
                [self.t("col_value"), self.t("col_meaning")],
                scale,
                [W * 0.12, W * 0.88],
                numeric=[0],
            )
        )
        flow.append(b.spacer(6))
        levels = [
            (self.label("level", lv), str(n), self.t(f"level_{lv}_meaning"))
            for lv, n in EXPECTED_INVOLVEMENT.items()
        ]
        flow.append(
            b.table(
                [self.t("col_level"), self.t("col_expected"), self.t("col_meaning")],
                levels,
                [W * 0.18, W * 0.12, W * 0.7],
            )
        )
        flow.append(b.spacer(6))
        for key in (
            "method_gap",
            "method_status",
            "method_fit",
            "method_coverage",
            "method_basis",
            "method_privacy",
        ):
            flow.append(b.para(self.tm(key, min_group=self.meta.get("min_group", 3))))
        return flow

    def expectation_basis(self, categories: Sequence[str] | None = None) -> list[Flowable]:
        """Every non-empty expectation with its basis: the report's, or an interpretation."""
        b = self.b
        rows: list[list[object]] = []
        for cell in self.pack.matrix():
            if cell.level == Level.NONE or (
                categories is not None and cell.category not in categories
            ):
                continue
            where = (
                cell.source if cell.basis == "report" else self.pack.text(cell.rationale, self.lang)
            )
            rows.append(
                [
                    self.category(cell.category),
                    self.role(cell.role),
                    self.label("level", cell.level),
                    self.label("basis", cell.basis),
                    where or "",
                ]
            )
        flow = b.heading(self.t("expectation_basis"), 1)
        flow.append(b.para(self.tm("expectation_basis_intro")))
        flow.append(
            b.table(
                [
                    self.t("col_category"),
                    self.t("col_role"),
                    self.t("col_level"),
                    self.t("col_basis"),
                    self.t("col_source"),
                ],
                rows,
                [W * 0.2, W * 0.2, W * 0.13, W * 0.13, W * 0.34],
            )
        )
        return flow

    def data_quality(self, organisation: str | None = None) -> list[Flowable]:
        """Data-quality notes: the analysis's, plus characters no font could show.

        In an organisation's report (``organisation`` given) the notes about single other
        organisations (``unverified``, ``draft_not_counted``) are left out: one
        organisation's report says nothing about another.
        """
        b = self.b
        flow = b.heading(self.t("data_quality"), 1)
        frame = self.table(Table.DATA_QUALITY)
        rows: list[list[object]] = []
        if frame is not None:
            for r in frame.itertuples(index=False):
                if (
                    organisation is not None
                    and r.code in ("unverified", "draft_not_counted")
                    and r.subject != organisation
                ):
                    continue
                params = r.params if isinstance(r.params, dict) else {}
                rows.append(
                    [
                        self.label("dq", r.code),
                        subject_text(str(r.subject), params, self.b.tr, self.name),
                        self.finding(NOTES, r.code, params),
                    ]
                )
        missing = sorted(self.b.fonts.missing | self.chart_missing)
        if missing:
            shown = ", ".join(f"U+{ord(ch):04X}" for ch in missing)
            rows.append(
                [
                    self.t("dq_missing_glyphs"),
                    str(len(missing)),
                    self.t("dq_missing_glyphs_detail").replace("{characters}", shown),
                ]
            )
        if not rows:
            flow.append(b.para(self.tm("dq_none")))
            return flow
        flow.append(
            b.table(
                [self.t("col_note"), self.t("col_subject"), self.t("col_detail")],
                rows,
                [W * 0.25, W * 0.25, W * 0.5],
            )
        )
        return flow

    def metadata(self, title: str, subject: str, extra_keywords: Sequence[str] = ()) -> Meta:
        """Document metadata; no organisation name in anonymous mode (callers pass none)."""
        m = self.meta
        keywords = [
            "sscassess",
            str(m.get("campaign_id", "")),
            str((m.get("reference") or {}).get("id", "")),
            *extra_keywords,
        ]
        footer = title  # the campaign id is the colophon's, not every page's
        return Meta(
            title=title, subject=subject, keywords=[k for k in keywords if k], footer=footer
        )


def chart_functions() -> dict[str, Callable[..., Chart]]:
    """Every chart a report section draws, by the name the section asks :meth:`Context.chart` for.

    Imported here, when a chart is drawn, so that matplotlib loads only then.
    """
    from sscassess.charts.bars import (
        coverage_chart,
        item_chart,
        participation_chart,
        role_fit_chart,
    )
    from sscassess.charts.collaboration import collaboration_chart
    from sscassess.charts.heatmap import category_heatmap, role_heatmap
    from sscassess.charts.profiles import category_radar, organisation_profile_chart
    from sscassess.charts.rounds import round_chart

    return {
        "participation_chart": participation_chart,
        "role_heatmap": role_heatmap,
        "category_heatmap": category_heatmap,
        "coverage_chart": coverage_chart,
        "category_radar": category_radar,
        "role_fit_chart": role_fit_chart,
        "item_chart": item_chart,
        "collaboration_chart": collaboration_chart,
        "organisation_profile_chart": organisation_profile_chart,
        "round_chart": round_chart,
    }


def bold(b: Builder, text: object) -> Cell:
    """An escaped cell in bold."""
    return Cell(f"<b>{b.esc(text)}</b>")
