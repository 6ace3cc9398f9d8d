"""The city report's summary in words: headline figures, the most important gaps and overlaps.

Which gaps and overlaps matter is decided once, in :mod:`sscassess.analysis.findings`; this
module only words them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sscassess.analysis import findings
from sscassess.analysis.findings import leader_categories as leader_categories
from sscassess.analysis.findings import not_heard as not_heard
from sscassess.core.vocabulary import Coverage

if TYPE_CHECKING:
    from sscassess.report.common import Context

#: Headline figures shown as shares rather than counts.
SHARE_METRICS = {"response_rate", "roles_covered_share", "mean_role_fit"}


def headline_rows(ctx: Context) -> list[tuple[str, str]]:
    """The summary table as (label, formatted value) rows."""
    rows = []
    for metric, value in ctx.summary().items():
        if metric in SHARE_METRICS:
            shown = ctx.pct(value)
        elif isinstance(value, bool):
            shown = ctx.t("yes") if value else ctx.t("no")
        else:
            shown = ctx.num(value)
        rows.append((ctx.label("metric", metric), shown))
    return rows


def important_gaps(ctx: Context) -> list[str]:
    """The most important gaps (:func:`sscassess.analysis.findings.important_gaps`), as markup."""
    out = []
    for gap in findings.important_gaps(ctx.analysis.tables, ctx.pack):
        role = ctx.role_long(gap.role)
        if gap.kind == "unheard":
            # A missing answer, not a missing contribution (issue 15): said as such.
            out.append(ctx.tm("gap_unheard", role=role, owners=ctx.categories(gap.primary_owners)))
        elif gap.kind == Coverage.UNCOVERED:
            out.append(ctx.tm("gap_uncovered", role=role, owners=ctx.categories(gap.owners)))
        elif gap.kind == Coverage.NO_LEAD:
            out.append(ctx.tm("gap_no_lead", role=role, n=gap.contributors))
        else:
            out.append(
                ctx.tm(
                    "gap_owner_missing",
                    role=role,
                    owners=ctx.categories(gap.owners),
                    categories=ctx.categories(gap.contributor_categories),
                )
            )
    return out


def important_overlaps(ctx: Context) -> list[str]:
    """The most important overlaps (contested roles), as markup sentences."""
    out = []
    for overlap in findings.contested_roles(ctx.analysis.tables, ctx.pack):
        role = ctx.role_long(overlap.role)
        if ctx.anonymous or not overlap.all_named:
            # Anonymous, or some leaders declined to be named: the leaders' groups only.
            categories = ctx.categories(overlap.leader_categories)
            out.append(
                ctx.tm("overlap_anonymous", role=role, n=overlap.leaders, categories=categories)
            )
        else:
            named = ", ".join(overlap.leader_organisations)
            out.append(ctx.tm("overlap_named", role=role, n=overlap.leaders, organisations=named))
    return out
