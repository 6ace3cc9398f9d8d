"""The report each organisation gets back: its profile, gaps, aims and what the city needs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from sscassess.analysis.definitions import ITEM_KINDS
from sscassess.analysis.findings import as_list
from sscassess.core.errors import Msg, UsageError
from sscassess.core.vocabulary import BELOW_REFERENCE, EXPECTED, Coverage, RoleStatus, Table
from sscassess.report.city import recommendation_blocks
from sscassess.report.common import Context, W, bold
from sscassess.report.decisions import reason_text, what, who

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    import pandas as pd
    from reportlab.platypus import Flowable

    from sscassess.analysis.analyse import Analysis
    from sscassess.report.templates import Template


class _Org:
    """The rows of one organisation in the analysis tables."""

    def __init__(self, ctx: Context, response_id: str) -> None:
        orgs = ctx.table(Table.ORGANISATION_ROLES)
        if orgs is None:
            raise UsageError(
                Msg("organisation reports need named or pseudonymous privacy: an anonymous "
                    "analysis holds no organisation rows")
            )  # fmt: skip
        # An organisation that declined to be named has its rows only in ``withheld``
        # (under its pseudonym): its own report is the one place they are shown.
        withheld = ctx.analysis.withheld
        rows = orgs[orgs["response_id"] == response_id]
        fit = ctx.table(Table.ROLE_FIT)
        self.declined = False  #: declined to be named: shown under its pseudonym
        if rows.empty and Table.ORGANISATION_ROLES in withheld:
            rows = withheld[Table.ORGANISATION_ROLES]
            rows = rows[rows["response_id"] == response_id]
            fit = withheld[Table.ROLE_FIT]
            self.declined = not rows.empty
        if rows.empty:
            raise UsageError(Msg("the analysis has no response '{id}'", id=response_id))
        self.response_id = response_id
        self.roles: pd.DataFrame = rows
        self.name = str(rows["organisation"].iloc[0])
        self.category = str(rows["category"].iloc[0])
        self.fit: Any = None
        if fit is not None:
            hit = fit[fit["response_id"] == response_id]
            self.fit = hit.iloc[0] if not hit.empty else None


def build_organisation_report(
    analysis: Analysis,
    response_id: str,
    path: Path,
    template: Template,
    lang: str,
    *,
    invariant: bool = False,
) -> Context:
    """Write the report of the organisation that gave response ``response_id`` to ``path``.

    A pure function of the analysis. Raises :class:`UsageError` for an anonymous analysis or
    an unknown response.
    """
    from sscassess.core.fileio import atomic_write, render_output

    ctx = Context(analysis, template, lang)
    pdf = render_output(
        path, lambda: render_organisation_report(ctx, response_id, invariant=invariant)
    )
    atomic_write(path, pdf)
    return ctx


def render_organisation_report(ctx: Context, response_id: str, *, invariant: bool = False) -> bytes:
    """The organisation report as PDF bytes."""
    org = _Org(ctx, response_id)
    sections: dict[str, Callable[[Context, _Org], list[Flowable]]] = {
        "cover": _cover,
        "contents": _contents,
        "asks": _asks,
        "profile": _profile,
        "gaps": _gaps,
        "aims": _aims,
        "city_needs": _city_needs,
        "recommendations": _recommendations,
        "free_text": _free_text,
        "appendix": _appendix,
    }
    order = list(ctx.template.organisation_sections)

    def story() -> list[Flowable]:
        ctx.restart()
        built = {n: sections[n](ctx, org) for n in sorted(order, key=lambda s: s == "appendix")}
        return [f for name in order for f in built[name]]

    title = f"{ctx.t('organisation_title')} — {org.name}"
    meta = ctx.metadata(title, ctx.t("organisation_subject"), [org.category])
    return ctx.b.build(story(), meta, invariant)


def _cover(ctx: Context, org: _Org) -> list[Flowable]:
    m = ctx.meta
    subtitle = f"{org.name} · {ctx.category(org.category)}"
    lines = [
        (ctx.t("col_organisation"), org.name),
        (ctx.t("col_category"), ctx.category(org.category)),
    ]
    if org.fit is not None:
        lines.append((ctx.t("col_role_fit"), ctx.pct(org.fit["role_fit"])))
    lines += ctx.provenance(full=False)
    title = f"{ctx.t('organisation_title')} · {m.get('city', '')} {m.get('round') or ''}".strip()
    flow = ctx.cover(title, subtitle, lines)
    if org.declined:
        notes = ctx.table(Table.DATA_QUALITY)
        grouped = notes is not None and "declined_grouped" in set(notes["code"])
        key = "org_declined_grouped" if grouped else "org_declined_left_out"
        flow.append(Spacer(1, 4 * mm))
        flow.append(ctx.b.para(ctx.tm(key, name=org.name, min_group=m.get("min_group", 3))))
    return [*flow, *ctx.b.page_break()]


def _contents(ctx: Context, org: _Org) -> list[Flowable]:
    b = ctx.b
    return [b.para(b.esc(ctx.t("contents")), b.h1), b.toc, *b.page_break()]


def _peers(ctx: Context, org: _Org) -> tuple[pd.DataFrame | None, int]:
    """The mean per role of the category's other organisations (the organisation left out).

    Shown when the category has enough organisations to hide any one (``min_group``). It is
    the category's mean with the organisation's own rating taken out, which the organisation
    could work out itself: it tells nothing the category mean did not.
    """
    cr = ctx.table(Table.CATEGORY_ROLES)
    if cr is None:
        return None, 0
    rows = cr[cr["category"] == org.category]
    n = int(rows["organisations"].iloc[0]) if not rows.empty else 0
    if n < max(int(ctx.meta.get("min_group", 3)), 2):
        return None, n
    if org.declined:
        # Its rows are withheld: it is in none of its category's figures, whose mean is
        # already the others'.
        return rows, n
    own = dict(zip(org.roles["role"], org.roles["self_involvement"], strict=True))
    others = rows.copy()
    others["mean_involvement"] = [
        (mean * n - float(own.get(role, 0))) / (n - 1)
        for role, mean in zip(rows["role"], rows["mean_involvement"], strict=True)
    ]
    return others, n


def _asks(ctx: Context, org: _Org) -> list[Flowable]:
    """What the city asks of the organisation: its actions, and who wants more from it."""
    b = ctx.b
    flow = ctx.opening("org_asks", "org_asks_intro")
    actions = ctx.rows(Table.ACTIONS)
    owned, candidate = [], []
    for r in actions.itertuples(index=False) if actions is not None else ():
        ids = [c.get("response_id") for c in as_list(r.candidates) if isinstance(c, dict)]
        if org.response_id not in ids:
            continue
        # Plain texts: tm escapes the values it fills in.
        said, why = what(ctx, r), reason_text(ctx, str(r.reason))
        if ids[0] == org.response_id:
            owned.append(ctx.tm("org_asks_owned", what=said, why=why, action=r.action,
                                priority=int(r.priority)))  # fmt: skip
        else:
            candidate.append(ctx.tm("org_asks_candidate", what=said, owner=who(ctx, r),
                                    action=r.action))  # fmt: skip
    flow += b.bullets(owned) if owned else [b.para(ctx.tm("org_asks_none"))]
    if candidate:
        flow += b.heading(ctx.t("org_asks_candidates"), 1)
        flow += b.bullets(candidate)
    flow += b.heading(ctx.t("org_wanted_by", category=ctx.category(org.category)), 1)
    collaboration = ctx.rows(Table.COLLABORATION)
    wanting = (
        collaboration[(collaboration["to_category"] == org.category) & (collaboration["needs"] > 0)]
        if collaboration is not None
        else None
    )
    if wanting is None or wanting.empty:
        flow.append(b.para(ctx.tm("org_wanted_by_none", category=ctx.category(org.category))))
        return flow
    flow += b.bullets([
        ctx.tm("org_wanted_by_item", group=ctx.category(r.from_category), n=int(r.needs),
               links=int(r.links_now))
        for r in wanting.sort_values("needs", ascending=False).itertuples(index=False)
    ])  # fmt: skip
    return flow


def _profile(ctx: Context, org: _Org) -> list[Flowable]:
    b = ctx.b
    flow = ctx.opening("org_profile")
    peers, n = _peers(ctx, org)
    flow.append(b.para(ctx.tm("org_profile_intro", category=ctx.category(org.category)), b.intro))
    if peers is None:
        flow.append(
            b.para(
                ctx.tm("org_peers_hidden", n=n, min_group=ctx.meta.get("min_group", 3)),
                b.small_intro,
            )
        )
    flow += ctx.chart(
        "organisation_profile_chart", org.roles, peers, ctx.chart_labels(), max_height=120 * mm
    )
    peer_mean = (
        dict(zip(peers["role"], peers["mean_involvement"], strict=True))
        if peers is not None
        else {}
    )
    rows = []
    for r in org.roles.itertuples(index=False):
        status = ctx.label("status", r.status)
        rows.append([
            ctx.role(r.role), ctx.label("level", r.expected_level), r.expected_involvement, r.self_involvement,
            ctx.num(peer_mean.get(r.role), 1) if peers is not None else "–", r.gap,
            bold(b, status) if r.status in BELOW_REFERENCE else status,
        ])  # fmt: skip
    head = [
        ctx.t(k)
        for k in (
            "col_role",
            "col_level",
            "col_expected",
            "col_self",
            "col_peers",
            "col_gap",
            "col_status",
        )
    ]
    flow.append(
        b.table(
            head,
            rows,
            [W * 0.3, W * 0.13, W * 0.1, W * 0.1, W * 0.1, W * 0.08, W * 0.19],
            numeric=[2, 3, 4, 5],
        )
    )
    if org.fit is not None:
        f = org.fit
        expected = org.roles[org.roles["expected_level"].isin(EXPECTED)]
        fulfilled = int((~expected["status"].isin(BELOW_REFERENCE)).sum())
        flow.append(b.spacer(4))
        flow.append(
            b.para(
                ctx.tm(
                    "org_fit_sentence",
                    fit=ctx.pct(f["role_fit"]),
                    gap=ctx.num(f["gap_total"]),
                    expected=ctx.num(f["expected_total"]),
                    roles=int(f["expected_roles"]),
                    fulfilled=fulfilled,
                )
            )
        )
    return flow


def _gaps(ctx: Context, org: _Org) -> list[Flowable]:
    b = ctx.b
    flow = ctx.opening("org_gaps")
    gaps = org.roles[org.roles["status"].isin([str(s) for s in BELOW_REFERENCE])]
    flow += b.heading(ctx.t("org_gap_roles"), 1)
    if gaps.empty:
        flow.append(b.para(ctx.tm("org_gaps_none")))
    else:
        flow += b.bullets([
            ctx.tm("org_gap_item", role=ctx.role_long(r.role), level=ctx.label("level", r.expected_level), rating=int(r.self_involvement), expected=int(r.expected_involvement), status=ctx.label("status", r.status))
            for r in gaps.itertuples(index=False)
        ])  # fmt: skip
    beyond = org.roles[org.roles["status"] == RoleStatus.BEYOND_REFERENCE]
    flow += b.heading(ctx.t("org_beyond_roles"), 1)
    if beyond.empty:
        flow.append(b.para(ctx.tm("org_beyond_none")))
    else:
        flow += b.bullets(
            [
                ctx.tm(
                    "org_beyond_item", role=ctx.role_long(r.role), rating=int(r.self_involvement)
                )
                for r in beyond.itertuples(index=False)
            ]
        )
    return flow


def _aims(ctx: Context, org: _Org) -> list[Flowable]:
    b = ctx.b
    flow = ctx.opening("org_aims", "org_aims_intro")
    for table, _meaning, _list, kind in ITEM_KINDS:
        frame = ctx.table(table)
        if frame is None:
            continue
        mine = frame[
            (frame["scope"] == "organisation")
            & (frame["group"] == org.name)
            & (frame["category"] == org.category)
        ]
        if mine.empty:
            continue
        flow += b.heading(ctx.t(f"items_{kind}"), 1)
        rows = [
            [
                ctx.item(kind, r.item),
                ctx.t("yes") if r.in_reference else ctx.t("no"),
                ctx.t("yes") if r.selected else ctx.t("no"),
                ctx.label("match", r.match),
            ]
            for r in mine.itertuples(index=False)
        ]
        head = [ctx.t(k) for k in ("col_item", "col_in_reference", "col_selected", "col_match")]
        flow.append(b.table(head, rows, [W * 0.46, W * 0.18, W * 0.16, W * 0.2]))
    if org.fit is not None and org.fit["aims_reference"]:
        flow.append(b.spacer(4))
        flow.append(
            b.para(
                ctx.tm(
                    "org_aims_recall",
                    matched=ctx.num(org.fit["aims_matched"]),
                    reference=ctx.num(org.fit["aims_reference"]),
                    recall=ctx.pct(org.fit["aims_recall"]),
                )
            )
        )
    return flow


def _city_needs(ctx: Context, org: _Org) -> list[Flowable]:
    b = ctx.b
    flow = ctx.opening("org_city_needs")
    flow.append(b.para(ctx.tm("org_city_needs_intro")))
    cov = ctx.table(Table.ROLE_COVERAGE)
    if cov is None:
        return flow
    mine = {r.role: r for r in org.roles.itertuples(index=False)}
    could_cover, could_lead, overlaps = [], [], []
    for r in cov.itertuples(index=False):
        own = mine.get(r.role)
        if own is None:
            continue
        expected = own.expected_level in EXPECTED
        if r.status == Coverage.UNCOVERED and (expected or own.self_involvement >= 1):
            could_cover.append(
                ctx.tm(
                    "org_could_cover",
                    role=ctx.role_long(r.role),
                    level=ctx.label("level", own.expected_level),
                    rating=int(own.self_involvement),
                )
            )
        elif r.status == Coverage.NO_LEAD and own.self_involvement >= 3:
            could_lead.append(
                ctx.tm("org_could_lead", role=ctx.role_long(r.role), n=int(r.contributors))
            )
        elif r.status == Coverage.CONTESTED and own.self_involvement >= 4:
            others = [str(n) for n in as_list(r.leader_organisations) if str(n) != org.name]
            overlaps.append(
                ctx.tm(
                    "org_overlap",
                    role=ctx.role_long(r.role),
                    organisations=", ".join(others) or "–",
                )
            )
    for key, items in (
        ("org_needs_cover", could_cover),
        ("org_needs_lead", could_lead),
        ("org_needs_overlap", overlaps),
    ):
        flow += b.heading(ctx.t(key), 1)
        flow += b.bullets(items) if items else [b.para(ctx.tm(f"{key}_none"))]
    return flow


def _recommendations(ctx: Context, org: _Org) -> list[Flowable]:
    b = ctx.b
    flow = ctx.opening("org_recommendations")
    recs = ctx.rows(Table.RECOMMENDATIONS)
    if recs is None:
        flow.append(b.para(ctx.tm("recommendations_none")))
        return flow
    keep = [("all" in as_list(c)) or (org.category in as_list(c)) for c in recs["concerns"]]
    mine = recs[keep]
    if mine.empty:
        flow.append(b.para(ctx.tm("org_recommendations_none", category=ctx.category(org.category))))
        return flow
    flow.append(
        b.para(
            ctx.tm("org_recommendations_intro", category=ctx.category(org.category), n=len(mine))
        )
    )
    return flow + recommendation_blocks(ctx, mine)


def _free_text(ctx: Context, org: _Org) -> list[Flowable]:
    b = ctx.b
    ft = ctx.table(Table.FREE_TEXT)
    flow = ctx.opening("org_free_text")
    if ft is None or ft.empty or "response_id" not in ft.columns:
        flow.append(b.para(ctx.tm("free_text_none")))
        return flow
    mine = ft[ft["response_id"] == org.response_id]
    if mine.empty:
        flow.append(b.para(ctx.tm("free_text_none")))
        return flow
    for r in mine.itertuples(index=False):
        flow.append(b.para(f"<b>{b.esc(ctx.label('question', r.question))}</b>", b.label))
        flow += b.text_block(r.text)
    return flow


def _appendix(ctx: Context, org: _Org) -> list[Flowable]:
    flow = ctx.opening("appendix")
    flow += ctx.method()
    flow += ctx.expectation_basis([org.category])
    flow += ctx.data_quality(org.name)
    return flow + ctx.colophon()
