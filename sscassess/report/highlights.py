"""What the city report's summary picks out: headline figures, the most important gaps and overlaps."""

from __future__ import annotations

from typing import Any

from sscassess.analysis.definitions import flagged, suppressed
from sscassess.report.common import Context, as_list, num, pct

#: Headline figures shown as shares rather than counts.
SHARE_METRICS = {"response_rate", "roles_covered_share", "mean_role_fit"}


def headline_rows(ctx: Context) -> list[tuple[str, str]]:
    """The summary table as (label, formatted value) rows."""
    rows = []
    for metric, value in ctx.summary().items():
        if metric in SHARE_METRICS:
            shown = pct(value)
        elif isinstance(value, bool):
            shown = ctx.t("yes") if value else ctx.t("no")
        else:
            shown = num(value)
        rows.append((ctx.label("metric", metric), shown))
    return rows


def important_gaps(ctx: Context) -> list[str]:
    """The three most important gaps, as markup sentences.

    Uncovered roles first, then roles without a leader, then roles nobody of an expected
    category plays. Within each, a role whose expected owners answered the survey and still
    do not play it ranks above one whose owners had no voice (that is a participation gap,
    reported under participation), then roles with more primary, then more expected owners.
    """
    cov = ctx.table("role_coverage")
    if cov is None:
        return []
    part = ctx.table("participation")
    voiced = set(part.loc[part["has_voice"], "category"]) if part is not None else set()
    order = {r.id: i for i, r in enumerate(ctx.pack.roles)}
    ranked: list[tuple[tuple[int, int, int, int, int], str]] = []
    for r in cov.itertuples(index=False):
        primary = as_list(r.primary_owners)
        owners = primary or as_list(r.expected_owners)
        present = sum(1 for o in primary if o in voiced)
        if r.status in ("uncovered", "no_lead") and not_heard(r):
            # A missing answer, not a missing contribution (issue 15): said as such.
            tier = 0 if r.status == "uncovered" else 1
            text = ctx.tm("gap_unheard", role=ctx.role_long(r.role), owners=ctx.categories(primary))
        elif r.status == "uncovered":
            tier = 0
            text = ctx.tm(
                "gap_uncovered", role=ctx.role_long(r.role), owners=ctx.categories(owners)
            )
        elif r.status == "no_lead":
            tier = 1
            text = ctx.tm("gap_no_lead", role=ctx.role_long(r.role), n=int(r.contributors))
        elif flagged(r.owner_missing):
            tier = 2
            text = ctx.tm(
                "gap_owner_missing",
                role=ctx.role_long(r.role),
                owners=ctx.categories(owners),
                categories=ctx.categories(r.contributor_categories),
            )
        else:
            continue
        rank = (tier, -present, -len(primary), -len(owners), order.get(r.role, 99))
        ranked.append((rank, text))
    return [text for _, text in sorted(ranked)[:3]]


def not_heard(row: Any) -> bool:
    """Whether no category the reference makes primary for the row's role was heard.

    ``primary_owners_heard`` is false then (null: no primary owner, or anonymity hides it;
    analyses before v0.2 have no such column).
    """
    heard = getattr(row, "primary_owners_heard", None)
    if suppressed(heard):
        return False
    try:
        return not bool(heard)
    except (TypeError, ValueError):  # NaN from an older analysis read back
        return False


def leader_categories(row: Any) -> object:
    """The leaders' groups (analyses before v0.2 had only the contributors')."""
    return getattr(row, "leader_categories", row.contributor_categories)


def important_overlaps(ctx: Context) -> list[str]:
    """The three most important overlaps (contested roles), as markup sentences."""
    cov = ctx.table("role_coverage")
    if cov is None:
        return []
    order = {r.id: i for i, r in enumerate(ctx.pack.roles)}
    contested = [r for r in cov.itertuples(index=False) if r.status == "contested"]
    contested.sort(key=lambda r: (-int(r.leaders), order.get(r.role, 99)))
    out = []
    for r in contested[:3]:
        leaders = as_list(getattr(r, "leader_organisations", None))
        if ctx.anonymous or len(leaders) < int(r.leaders):
            # Anonymous, or some leaders declined to be named: the leaders' groups only.
            out.append(
                ctx.tm(
                    "overlap_anonymous",
                    role=ctx.role_long(r.role),
                    n=int(r.leaders),
                    categories=ctx.categories(leader_categories(r)),
                )
            )
        else:
            out.append(
                ctx.tm(
                    "overlap_named",
                    role=ctx.role_long(r.role),
                    n=int(r.leaders),
                    organisations=", ".join(str(x) for x in leaders),
                )
            )
    return out
