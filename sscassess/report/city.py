"""The city report for leadership: every table of the analysis, in the template's order."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reportlab.lib.units import mm

from sscassess.analysis.definitions import ITEM_KINDS, flagged, suppressed
from sscassess.analysis.findings import as_list, missing
from sscassess.analysis.messages import EVIDENCE
from sscassess.core.vocabulary import (
    LEADERLESS,
    NEEDS_DECISION,
    UNMET_NEEDS,
    Coverage,
    Level,
    Link,
    RoleStatus,
    Table,
)
from sscassess.report.common import LW, Context, W, bold
from sscassess.report.decisions import decisions
from sscassess.report.document import HEATMAP_ROWS, Cell
from sscassess.report.highlights import (
    headline_rows,
    important_gaps,
    important_overlaps,
    leader_categories,
    not_heard,
)

#: Height of a heat map on its landscape page (the frame is 168 mm high).
HEATMAP_HEIGHT = 132 * mm

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from reportlab.platypus import Flowable

    from sscassess.analysis.analyse import Analysis
    from sscassess.report.templates import Template

#: The mark after a rating for the level the reference expects of the category.
_LEVEL_MARK = {Level.PRIMARY: "P", Level.SUPPORTING: "S"}

#: Organisations per role-fit chart.
ROLE_FIT_ROWS = 50


def build_city_report(
    analysis: Analysis,
    path: Path,
    template: Template,
    lang: str,
    *,
    invariant: bool = False,
) -> Context:
    """Write the city report of ``analysis`` to ``path`` (atomically); returns its context.

    A pure function of the analysis: it reads nothing else. ``invariant`` makes the PDF
    byte-reproducible (fixed dates and ids), for tests.
    """
    from sscassess.core.fileio import atomic_write, render_output

    ctx = Context(analysis, template, lang)
    pdf = render_output(path, lambda: render_city_report(ctx, invariant=invariant))
    atomic_write(path, pdf)
    return ctx


def render_city_report(ctx: Context, *, invariant: bool = False) -> bytes:
    """The city report of ``ctx`` as PDF bytes."""
    sections: dict[str, Callable[[Context], list[Flowable]]] = {
        "cover": _cover,
        "decisions": decisions,
        "contents": _contents,
        "executive_summary": _executive_summary,
        "participation": _participation,
        "heatmap": _heatmap,
        "coverage": _coverage,
        "profiles": _profiles,
        "role_fit": _role_fit,
        "aims_challenges": _aims_challenges,
        "collaboration": _collaboration,
        "free_text": _free_text,
        "recommendations": _recommendations,
        "round_changes": _round_changes,
        "appendix": _appendix,
    }
    order = list(ctx.template.city_sections)

    def story() -> list[Flowable]:
        ctx.restart()
        built: dict[str, list[Flowable]] = {}
        # The appendix lists the characters no font could show: it is built after the rest.
        # The sections the template lists after it are parts of it (their headings a level
        # down): the detail a reader looks up, after the body a reader reads.
        start = order.index("appendix") if "appendix" in order else len(order)
        for name in sorted(order, key=lambda s: s == "appendix"):
            ctx.section_level = 1 if order.index(name) > start else 0
            built[name] = sections[name](ctx)
        ctx.section_level = 0
        colophon = ctx.colophon() if "appendix" in order else []
        return [f for name in order for f in built[name]] + colophon

    m = ctx.meta
    title = f"{ctx.t('city_title')} — {m.get('city', '')} {m.get('round') or ''}".strip()
    meta = ctx.metadata(title, ctx.t("city_subject"), [str(m.get("city", ""))])
    return ctx.b.build(story(), meta, invariant)


# ---------------------------------------------------------------------------- sections


def _cover(ctx: Context) -> list[Flowable]:
    m = ctx.meta
    place = ", ".join(str(v) for v in (m.get("city"), m.get("country")) if v)
    subtitle = f"{place} · {ctx.t('cover_round')} {m.get('round') or '–'} · {ctx.day(m.get('generated_at'))}"
    flow = ctx.cover(ctx.t("city_title"), subtitle, ctx.provenance(full=False))
    return [*flow, *ctx.b.page_break()]


def _contents(ctx: Context) -> list[Flowable]:
    b = ctx.b
    return [b.para(b.esc(ctx.t("contents")), b.h1), b.toc, *b.page_break()]


def _executive_summary(ctx: Context) -> list[Flowable]:
    b = ctx.b
    s = ctx.summary()
    flow = ctx.opening("executive_summary")
    flow.append(b.para(ctx.tm(
        "summary_intro",
        city=ctx.meta.get("city", ""),
        # The rate is of the invited organisations that answered: say that number.
        responses=ctx.num(s.get("responses_from_invited")),
        invited=ctx.num(s.get("organisations_invited")),
        rate=ctx.pct(s.get("response_rate")),
        covered=ctx.pct(s.get("roles_covered_share")),
        fit=ctx.pct(s.get("mean_role_fit")),
    )))  # fmt: skip
    flow += b.heading(ctx.t("headline_figures"), 1)
    flow.append(
        b.table(
            [ctx.t("col_figure"), ctx.t("col_value")],
            headline_rows(ctx),
            [W * 0.7, W * 0.3],
            numeric=[1],
        )
    )
    flow += b.heading(ctx.t("top_gaps"), 1)
    gaps = important_gaps(ctx)
    flow += b.bullets(gaps) if gaps else [b.para(ctx.tm("top_gaps_none"))]
    flow += b.heading(ctx.t("top_overlaps"), 1)
    overlaps = important_overlaps(ctx)
    flow += b.bullets(overlaps) if overlaps else [b.para(ctx.tm("top_overlaps_none"))]
    return flow


def _participation(ctx: Context) -> list[Flowable]:
    b = ctx.b
    part = ctx.rows(Table.PARTICIPATION)
    flow = ctx.opening("participation", "participation_intro")
    if part is None:
        return flow
    flow += ctx.chart("participation_chart", part, ctx.chart_labels())
    k = ctx.meta.get("min_group", 3)

    def count(value: object) -> object:
        # Left empty by the analysis (anonymous: fewer than K): said so, never a blank.
        return f"< {k}" if missing(value) else value

    rows = [
        [
            ctx.category(r.category),
            count(r.invited),
            count(r.submitted),
            count(r.verified),
            count(r.unverified),
            count(r.drafts),
            ctx.pct(r.response_rate),
            ctx.t("yes") if r.has_voice else bold(b, ctx.t("no")),
        ]
        for r in part.itertuples(index=False)
    ]
    head = ctx.heads(
        "col_category",
        "col_invited",
        "col_submitted",
        "col_verified",
        "col_unverified",
        "col_drafts",
        "col_response_rate",
        "col_voice",
    )
    flow.append(
        b.table(head, rows, [W * 0.28, *[W * 0.1] * 6, W * 0.12], numeric=[1, 2, 3, 4, 5, 6])
    )
    silent = [
        ctx.category(c) for c, v in zip(part["category"], part["has_voice"], strict=True) if not v
    ]
    flow.append(b.spacer(4))
    if silent:
        flow.append(b.para(ctx.tm("no_voice", categories=", ".join(silent))))
    else:
        flow.append(b.para(ctx.tm("no_voice_none")))
    return flow


def _heatmap(ctx: Context) -> list[Flowable]:
    b = ctx.b
    flow: list[Flowable] = [*b.page_break("landscape")]
    flow += b.heading(ctx.t("heatmap"))
    orgs = ctx.rows(Table.ORGANISATION_ROLES)
    roles = list(ctx.pack.roles)
    if orgs is None:
        flow.append(b.para(ctx.tm("heatmap_anonymous" if ctx.anonymous else "no_responses")))
        flow += _category_heatmap(ctx)
        return [*flow, *b.page_break("portrait")]
    flow.append(b.para(ctx.tm("heatmap_intro"), b.intro))
    orgs = ctx.by_category(orgs, orgs.groupby("response_id")["self_involvement"].transform("sum"))
    ids = list(dict.fromkeys(orgs["response_id"]))
    for start in range(0, len(ids), HEATMAP_ROWS):
        part = orgs[orgs["response_id"].isin(ids[start : start + HEATMAP_ROWS])]
        flow += ctx.chart(
            "role_heatmap",
            part,
            ctx.chart_labels(),
            width_pt=LW,
            # Leaves room on the landscape page for the heading, the intro and the caption,
            # which keepWithNext holds with the chart only if all of them fit on one page.
            max_height_pt=HEATMAP_HEIGHT,
            max_width=LW,
            max_height=HEATMAP_HEIGHT,
        )
    flow += b.heading(ctx.t("heatmap_numbers"), 1)
    flow.append(b.para(ctx.tm("heatmap_legend")))
    by_org: dict[str, dict[str, Any]] = {}
    names: dict[str, tuple[str, str]] = {}
    for r in orgs.itertuples(index=False):
        by_org.setdefault(r.response_id, {})[r.role] = r
        names[r.response_id] = (str(r.organisation), str(r.category))
    head = [ctx.t("col_organisation"), *[ctx.role_code(r.id) for r in roles]]
    rows: list[list[object]] = []
    gaps: list[tuple[Any, ...]] = []
    for rid in ids:
        row: list[object] = [f"{names[rid][0]} ({ctx.category(names[rid][1])})"]
        for role in roles:
            cell = by_org[rid].get(role.id)
            if cell is None:
                row.append("")
                continue
            mark = _LEVEL_MARK.get(cell.expected_level, "")
            text = f"{int(cell.self_involvement)}{mark}"
            if cell.status == RoleStatus.GAP:
                text += "!"
                gaps.append(
                    ("FONTNAME", (len(row), len(rows) + 1), (len(row), len(rows) + 1), b.fonts.bold)
                )
            row.append(text)
        rows.append(row)
    first = LW * 0.2
    rest = (LW - first) / len(roles)
    cols = range(1, len(roles) + 1)
    flow.append(
        b.table(head, rows, [first, *[rest] * len(roles)], tiny=True, numeric=cols, styles=gaps)
    )
    flow += _role_key(ctx)
    return [*flow, *b.page_break("portrait")]


def _role_key(ctx: Context) -> list[Flowable]:
    b = ctx.b
    flow = b.heading(ctx.t("role_key"), 1)
    roles = list(ctx.pack.roles)
    half = (len(roles) + 1) // 2
    rows = []
    for i in range(half):
        left = roles[i]
        right = roles[i + half] if i + half < len(roles) else None
        rows.append(
            [
                left.code,
                ctx.role_long(left.id),
                right.code if right else "",
                ctx.role_long(right.id) if right else "",
            ]
        )
    flow.append(
        b.table(
            [ctx.t("col_code"), ctx.t("col_role"), ctx.t("col_code"), ctx.t("col_role")],
            rows,
            [LW * 0.06, LW * 0.44, LW * 0.06, LW * 0.44],
        )
    )
    return flow


def _category_heatmap(ctx: Context) -> list[Flowable]:
    """Anonymous mode: categories × roles, mean involvement and expectation."""
    b = ctx.b
    cr = ctx.rows(Table.CATEGORY_ROLES)
    if cr is None:
        return []
    cr = cr[cr["organisations"] > 0]
    flow = ctx.chart(
        "category_heatmap", cr, ctx.chart_labels(), width_pt=LW, max_height_pt=150 * mm,
        max_width=LW, max_height=150 * mm,
    )  # fmt: skip
    roles = list(ctx.pack.roles)
    head = [ctx.t("col_category"), *[ctx.role_code(r.id) for r in roles]]
    rows: list[list[object]] = []
    for cat, group in cr.groupby("category", sort=False):
        cells = {r.role: r for r in group.itertuples(index=False)}
        row: list[object] = [f"{ctx.category(cat)} (n={int(group['organisations'].iloc[0])})"]
        for role in roles:
            c = cells.get(role.id)
            mark = _LEVEL_MARK.get(c.expected_level, "") if c is not None else ""
            row.append(f"{ctx.num(c.mean_involvement, 1)}{mark}" if c is not None else "")
        rows.append(row)
    first = LW * 0.2
    rest = (LW - first) / len(roles)
    table = b.table(
        head, rows, [first, *[rest] * len(roles)], tiny=True, numeric=range(1, len(roles) + 1)
    )
    return [*flow, table, *_role_key(ctx)]


def _coverage(ctx: Context) -> list[Flowable]:
    b = ctx.b
    cov = ctx.rows(Table.ROLE_COVERAGE)
    flow = ctx.opening("coverage", "coverage_intro")
    if cov is None:
        return flow
    flow += ctx.chart("coverage_chart", cov, ctx.chart_labels())
    rows = []
    for r in cov.itertuples(index=False):
        status = ctx.label("coverage", r.status)
        rows.append([
            ctx.role(r.role),
            bold(b, status) if r.status != Coverage.COVERED else status,
            r.contributors,
            r.leaders,
            ctx.categories(r.primary_owners),
            ctx.t("yes") if flagged(r.owner_missing) else ("–" if suppressed(r.owner_missing) else ctx.t("no")),
        ])  # fmt: skip
    head = ctx.heads(
        "col_role",
        "col_status",
        "col_contributors",
        "col_leaders",
        "col_primary_owners",
        "col_owner_missing",
    )
    flow.append(
        b.table(
            head, rows, [W * 0.24, W * 0.13, W * 0.1, W * 0.09, W * 0.32, W * 0.12], numeric=[2, 3]
        )
    )
    for status in NEEDS_DECISION:
        hits = [r for r in cov.itertuples(index=False) if r.status == status]
        flow += b.heading(ctx.label("coverage_heading", status), 1)
        if not hits:
            flow.append(b.para(ctx.tm(f"coverage_{status}_none")))
            continue
        items = []
        for r in hits:
            who = ""
            if not ctx.anonymous:
                names = as_list(
                    r.leader_organisations
                    if status == Coverage.CONTESTED
                    else r.contributor_organisations
                )
                counted = int(r.leaders if status == Coverage.CONTESTED else r.contributors)
                # Some declined to be named: name none of them, give the groups instead.
                who = ", ".join(str(n) for n in names) if len(names) == counted else ""
            categories = (
                leader_categories(r) if status == Coverage.CONTESTED else r.contributor_categories
            )
            key = str(status)
            if status in LEADERLESS and not_heard(r):
                key = "unheard"
            items.append(ctx.tm(
                f"coverage_{key}_item",
                role=ctx.role_long(r.role),
                owners=ctx.categories(r.expected_owners),
                primary=ctx.categories(r.primary_owners),
                n=int(r.leaders if status == Coverage.CONTESTED else r.contributors),
                organisations=who or ctx.categories(categories),
            ))  # fmt: skip
        flow += b.bullets(items)
    return flow


def _profiles(ctx: Context) -> list[Flowable]:
    b = ctx.b
    cr = ctx.rows(Table.CATEGORY_ROLES)
    flow = ctx.opening("profiles", "profiles_intro")
    if cr is None:
        return flow
    labels = ctx.chart_labels()
    for cat, group in cr.groupby("category", sort=False):
        n = int(group["organisations"].iloc[0])
        if n == 0:
            continue
        title = f"{ctx.category(cat)} (n={n})"
        flow += b.heading(title, 1)
        flow += ctx.chart("category_radar", cr, cat, labels, title, max_height=110 * mm)
        rows = [
            [
                ctx.role(r.role),
                # A merged group (other, declined) has no single expectation: none shown.
                "–" if missing(r.expected_level) else ctx.label("level", r.expected_level),
                "–" if missing(r.expected_involvement) else r.expected_involvement,
                ctx.num(r.mean_involvement, 1),
                ctx.num(r.max_involvement),
                r.contributors,
                r.leaders,
            ]
            for r in group.itertuples(index=False)
        ]
        head = [
            ctx.t(k)
            for k in (
                "col_role",
                "col_level",
                "col_expected",
                "col_mean",
                "col_max",
                "col_contributors",
                "col_leaders",
            )
        ]
        flow.append(
            b.table(
                head,
                rows,
                [W * 0.3, W * 0.14, W * 0.1, W * 0.1, W * 0.1, W * 0.13, W * 0.13],
                numeric=[2, 3, 4, 5, 6],
            )
        )
    return flow


def _role_fit(ctx: Context) -> list[Flowable]:
    b = ctx.b
    fit = ctx.rows(Table.ROLE_FIT)
    flow = ctx.opening("role_fit")
    if fit is None:
        flow.append(b.para(ctx.tm("role_fit_anonymous" if ctx.anonymous else "no_responses")))
        return flow
    flow.append(b.para(ctx.tm("role_fit_intro"), b.intro))
    fit = ctx.by_category(fit, fit["role_fit"])
    for start in range(0, len(fit), ROLE_FIT_ROWS):
        flow += ctx.chart(
            "role_fit_chart", fit.iloc[start : start + ROLE_FIT_ROWS], labels=ctx.chart_labels()
        )
    rows = []
    for r in fit.itertuples(index=False):
        name = str(r.organisation) + ("" if r.verified else f" ({ctx.t('unverified_mark')})")
        rows.append(
            [
                name,
                ctx.category(r.category),
                ctx.pct(r.role_fit),
                r.fulfils,
                r.partial,
                r.gaps,
                r.beyond_reference,
                ctx.pct(r.aims_recall),
            ]
        )
    head = ctx.heads(
        "col_organisation",
        "col_category",
        "col_role_fit",
        "col_fulfils",
        "col_partial",
        "col_gaps",
        "col_beyond",
        "col_aims_recall",
    )
    flow.append(
        b.table(
            head,
            rows,
            [W * 0.25, W * 0.2, W * 0.09, W * 0.09, W * 0.09, W * 0.08, W * 0.1, W * 0.1],
            numeric=[2, 3, 4, 5, 6, 7],
        )
    )
    return flow


def _aims_challenges(ctx: Context) -> list[Flowable]:
    b = ctx.b
    freq = ctx.rows(Table.ITEM_FREQUENCIES)
    flow = ctx.opening("aims_challenges", "aims_intro")
    if freq is None:
        return flow
    for table, _meaning, _list, kind in ITEM_KINDS:
        part = freq[freq["kind"] == kind]
        title = ctx.t(f"items_{kind}")
        flow += b.heading(title, 1)
        if part.empty:
            continue
        flow += ctx.chart("item_chart", freq, kind, ctx.chart_labels(), title, max_height=120 * mm)
        rows = [
            [
                ctx.item(kind, r.item),
                r.selected_by,
                ctx.pct(r.share),
                ctx.label("item_status", r.status),
                ctx.categories(r.categories),
            ]
            for r in part.itertuples(index=False)
        ]
        head = [
            ctx.t(k)
            for k in ("col_item", "col_selected_by", "col_share", "col_status", "col_categories")
        ]
        flow.append(
            b.table(head, rows, [W * 0.3, W * 0.1, W * 0.08, W * 0.14, W * 0.38], numeric=[1, 2])
        )
        flow += _against_reference(ctx, kind, table)
    return flow


def _against_reference(ctx: Context, kind: str, table: str) -> list[Flowable]:
    """Per category: reference items matched, missing, and chosen beyond the reference."""
    b = ctx.b
    frame = ctx.table(table)
    if frame is None or frame.empty:
        return []
    cat_rows = frame[frame["scope"] == "category"]
    if cat_rows.empty:
        return []
    rows = []
    for cat, group in cat_rows.groupby("group", sort=False):

        def names(match: str, group: Any = group) -> str:
            return (
                ", ".join(ctx.item(kind, i) for i in group.loc[group["match"] == match, "item"])
                or "–"
            )

        rows.append([ctx.category(cat), names("matched"), names("missing"), names("extra")])
    flow: list[Flowable] = [
        b.spacer(4),
        b.para(ctx.tm("against_reference_intro", kind=ctx.t(f"items_{kind}")), b.small),
    ]
    head = [ctx.t(k) for k in ("col_category", "col_matched", "col_missing", "col_extra")]
    flow.append(b.table(head, rows, [W * 0.22, W * 0.26, W * 0.26, W * 0.26]))
    return flow


def _collaboration(ctx: Context) -> list[Flowable]:
    b = ctx.b
    col = ctx.rows(Table.COLLABORATION)
    flow = ctx.opening("collaboration", "collaboration_intro")
    if col is None:
        flow.append(b.para(ctx.tm("collaboration_none")))
        return flow
    cats = [c.id for c in ctx.pack.categories]
    flow += ctx.chart("collaboration_chart", col, cats, ctx.chart_labels())
    rows = [
        [
            ctx.category(r.from_category),
            ctx.category(r.to_category),
            r.links_now,
            r.needs,
            ctx.label("collab", r.status)
            if r.status in (Link.LINKED, Link.NEED_MET)
            else bold(b, ctx.label("collab", r.status)),
        ]
        for r in col.itertuples(index=False)
    ]
    head = [ctx.t(k) for k in ("col_from", "col_to", "col_links", "col_needs", "col_status")]
    flow.append(b.table(head, rows, [W * 0.3, W * 0.3, W * 0.1, W * 0.1, W * 0.2], numeric=[2, 3]))
    unmet = [r for r in col.itertuples(index=False) if r.status in UNMET_NEEDS]
    flow += b.heading(ctx.t("unmet_needs"), 1)
    if unmet:
        flow += b.bullets(
            [
                ctx.tm(
                    f"unmet_{r.status}",
                    source=ctx.category(r.from_category),
                    target=ctx.category(r.to_category),
                    n=int(r.needs),
                )
                for r in unmet
            ]
        )
    else:
        flow.append(b.para(ctx.tm("unmet_none")))
    return flow


def _free_text(ctx: Context) -> list[Flowable]:
    b = ctx.b
    ft = ctx.rows(Table.FREE_TEXT)
    flow = ctx.opening("free_text", "free_text_intro")
    if ft is None:
        flow.append(b.para(ctx.tm("free_text_none")))
        return flow
    key = "category" if ctx.anonymous or "organisation" not in ft.columns else "organisation"
    for who, group in ft.groupby(key, sort=False):
        first = group.iloc[0]
        title = (
            ctx.category(who) if key == "category" else f"{who} ({ctx.category(first['category'])})"
        )
        # One entry per organisation would fill pages of contents: in the outline only.
        flow += b.heading(title, 1, contents=False)
        for r in group.itertuples(index=False):
            flow.append(b.para(f"<b>{ctx.b.esc(ctx.label('question', r.question))}</b>", b.label))
            flow += b.text_block(r.text)
    return flow


def _recommendations(ctx: Context) -> list[Flowable]:
    b = ctx.b
    recs = ctx.rows(Table.RECOMMENDATIONS)
    flow = ctx.opening("recommendations")
    if recs is None:
        flow.append(b.para(ctx.tm("recommendations_none")))
        return flow
    flow.append(b.para(ctx.tm("recommendations_intro", n=len(recs)), b.intro))
    flow += recommendation_blocks(ctx, recs)
    return flow


def recommendation_blocks(ctx: Context, recs: Any) -> list[Flowable]:
    """Each triggered recommendation: title, text, whom it concerns, its evidence."""
    b = ctx.b
    flow: list[Flowable] = []
    for r in recs.itertuples(index=False):
        # In the outline only: the contents fit one page, the section's entry leads here.
        flow += b.heading(f"{r.recommendation} · {r.title}", 1, contents=False)
        flow.append(b.para(b.esc(r.text)))
        flow.append(
            b.para(
                ctx.tm(
                    "rec_concerns",
                    categories=ctx.categories(r.concerns),
                    group=ctx.label("rec_group", r.group),
                ),
                b.small,
            )
        )
        flow.append(b.para(f"<b>{b.esc(ctx.t('rec_evidence'))}</b>", b.label))
        flow += b.bullets(
            [
                b.esc(ctx.finding(EVIDENCE, f["code"], f["params"]))
                for f in as_list(r.evidence_codes)
            ]
        )
    return flow


def _round_changes(ctx: Context) -> list[Flowable]:
    b = ctx.b
    roles = ctx.table(Table.ROUND_CHANGES_ROLES)
    if roles is None:
        return []
    prev = ctx.meta.get("previous") or {}
    flow = ctx.opening("round_changes")
    flow.append(
        b.para(
            ctx.tm("round_intro", previous=prev.get("round") or prev.get("campaign_id", "")),
            b.intro,
        )
    )
    if roles.empty:
        return flow
    flow += ctx.chart("round_chart", roles, ctx.chart_labels())
    rows = [
        [
            ctx.role(r.role),
            r.contributors_before,
            r.contributors_after,
            r.leaders_before,
            r.leaders_after,
            ctx.label("coverage", r.status_before),
            ctx.label("coverage", r.status_after),
            ctx.label("change", r.change),
        ]
        for r in roles.itertuples(index=False)
    ]
    head = ctx.heads(
        "col_role",
        "col_contributors_before",
        "col_contributors_after",
        "col_leaders_before",
        "col_leaders_after",
        "col_status_before",
        "col_status_after",
        "col_change",
    )
    flow.append(
        b.table(
            head,
            rows,
            [W * 0.22, W * 0.1, W * 0.1, W * 0.1, W * 0.1, W * 0.13, W * 0.13, W * 0.12],
            numeric=[1, 2, 3, 4],
        )
    )
    orgs = ctx.table(Table.ROUND_CHANGES_ORGANISATIONS)
    if orgs is not None and not orgs.empty:
        flow += b.heading(ctx.t("round_organisations"), 1)
        rows = [
            [
                r.organisation,
                ctx.category(r.category),
                ctx.pct(r.role_fit_before),
                ctx.pct(r.role_fit_after),
                ctx.points(r.delta),
                ctx.num(r.gaps_before),
                ctx.num(r.gaps_after),
                ctx.label("change", r.change),
            ]
            for r in orgs.itertuples(index=False)
        ]
        head = [
            ctx.t(k)
            for k in (
                "col_organisation",
                "col_category",
                "col_fit_before",
                "col_fit_after",
                "col_delta",
                "col_gaps_before",
                "col_gaps_after",
                "col_change",
            )
        ]
        flow.append(
            b.table(
                head,
                rows,
                [W * 0.22, W * 0.2, W * 0.09, W * 0.09, W * 0.08, W * 0.1, W * 0.1, W * 0.12],
                numeric=[2, 3, 4, 5, 6],
            )
        )
    return flow


def _appendix(ctx: Context) -> list[Flowable]:
    flow = ctx.opening("appendix")
    flow += ctx.method()
    flow += reference_summary(ctx)
    flow += ctx.expectation_basis()
    flow += ctx.data_quality()
    return flow


def reference_summary(ctx: Context) -> list[Flowable]:
    """The reference summary table: the report's Annex 1 columns for every category."""
    b = ctx.b
    flow: list[Flowable] = [*b.page_break("landscape")]
    flow += b.heading(ctx.t("reference_summary"), 1)
    flow.append(b.para(ctx.tm("reference_summary_intro")))
    columns = ("scale_sector", "aims", "challenges", "potential", "constraints", "contribution")
    # An Annex 1 column of a category names the items of the pack list of the same name.
    kinds = {pack_list: kind for _table, _meaning, pack_list, kind in ITEM_KINDS}
    rows: list[list[object]] = []
    for cat in ctx.pack.categories:
        row: list[object] = [bold(b, ctx.pack.text(cat.name, ctx.lang))]
        for column in columns:
            col = getattr(cat.annex, column)
            if col.status == "not_in_source":
                row.append(Cell(f"<i>{b.esc(ctx.t('not_in_source'))}</i>"))
                continue
            items = [ctx.item(kinds[column], i) for i in col.items] if column in kinds else []
            # Item names are listed with "; ", whole sentences follow one another.
            statements = [ctx.pack.text(s, ctx.lang) for s in col.statements]
            listed = "; ".join(items) + ("." if items and statements else "")
            row.append(" ".join(filter(None, [listed, *statements])))
        rows.append(row)
    head = [ctx.t("col_category"), *[ctx.t(f"annex_{c}") for c in columns]]
    flow.append(
        b.table(
            head,
            rows,
            [LW * 0.13, LW * 0.09, LW * 0.14, LW * 0.16, LW * 0.11, LW * 0.11, LW * 0.26],
        )
    )
    return [*flow, *b.page_break("portrait")]
