"""What matters, decided once: the findings every renderer shows, ranked and selected.

The city report's summary (:mod:`sscassess.report.highlights`) and the terminal summary
(:func:`sscassess.analysis.output.summary_text`) pick their gaps, overlaps and lists from
here, so they never disagree on which roles are the most important gaps, which are not heard
or which organisations lead a contested role. Findings are data (ids, counts, lists); each
renderer words them in its own language and layout.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sscassess.analysis.definitions import flagged, suppressed
from sscassess.core.vocabulary import LEADERLESS, Coverage, RoleStatus, Table

if TYPE_CHECKING:
    from collections.abc import Mapping

    import pandas as pd

    from sscassess.reference.model import ReferencePack

#: How many gaps and overlaps a summary shows.
TOP = 3


@dataclass(frozen=True)
class GapFinding:
    """A role that matters: uncovered, without a lead, or played outside its owners.

    ``kind`` is ``unheard`` (uncovered or leaderless, and no primary owner was heard: a
    missing answer, not a missing contribution), ``uncovered``, ``no_lead`` or
    ``owner_missing`` (contributors, but none of an expected category).
    """

    role: str
    kind: str
    status: str
    primary_owners: tuple[str, ...]
    owners: tuple[str, ...]  #: the primary owners, else every expected owner
    contributors: int
    contributor_categories: tuple[str, ...]


@dataclass(frozen=True)
class OverlapFinding:
    """A contested role: its number of leaders and, where they may be named, who they are."""

    role: str
    leaders: int
    leader_organisations: tuple[str, ...]  #: the named leaders (fewer when some declined)
    leader_categories: tuple[str, ...]

    @property
    def all_named(self) -> bool:
        """Whether every leader is named (no decliner, not anonymous)."""
        return len(self.leader_organisations) >= self.leaders


def missing(value: object) -> bool:
    """None, NaN, or pandas' NA/NaT (checked without importing pandas)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return True
    return type(value).__name__ in ("NAType", "NaTType")


def as_list(value: object) -> list[Any]:
    """A list cell as a list (None/NaN → [])."""
    if missing(value):
        return []
    if isinstance(value, list | tuple):
        return list(value)
    if hasattr(value, "tolist"):  # numpy arrays from JSON-like cells
        items: list[Any] = list(value.tolist())
        return items
    return [value]


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


def _pack_order(pack: ReferencePack) -> dict[str, int]:
    return {r.id: i for i, r in enumerate(pack.roles)}


def important_gaps(
    tables: Mapping[str, pd.DataFrame], pack: ReferencePack, limit: int = TOP
) -> list[GapFinding]:
    """The ``limit`` most important gaps.

    Uncovered roles first, then roles without a leader, then roles nobody of an expected
    category plays. Within each, a role whose expected owners answered the survey and still
    do not play it ranks above one whose owners had no voice (that is a participation gap,
    reported under participation), then roles with more primary, then more expected owners,
    then pack order. An uncovered or leaderless role whose primary owners were not heard is
    an ``unheard`` finding in the uncovered or no-lead tier.
    """
    cov = tables.get(Table.ROLE_COVERAGE)
    if cov is None:
        return []
    part = tables.get(Table.PARTICIPATION)
    voiced = set(part.loc[part["has_voice"], "category"]) if part is not None else set()
    order = _pack_order(pack)
    ranked: list[tuple[tuple[int, int, int, int, int], GapFinding]] = []
    for r in cov.itertuples(index=False):
        primary = tuple(as_list(r.primary_owners))
        owners = primary or tuple(as_list(r.expected_owners))
        present = sum(1 for o in primary if o in voiced)
        status = str(r.status)
        if status in LEADERLESS:
            tier = 0 if status == Coverage.UNCOVERED else 1
            kind = "unheard" if not_heard(r) else status
        elif flagged(r.owner_missing):
            tier, kind = 2, "owner_missing"
        else:
            continue
        finding = GapFinding(
            role=str(r.role),
            kind=kind,
            status=status,
            primary_owners=primary,
            owners=owners,
            contributors=int(r.contributors),
            contributor_categories=tuple(as_list(r.contributor_categories)),
        )
        rank = (tier, -present, -len(primary), -len(owners), order.get(finding.role, 99))
        ranked.append((rank, finding))
    ranked.sort(key=lambda item: item[0])
    return [finding for _, finding in ranked[:limit]]


def contested_roles(
    tables: Mapping[str, pd.DataFrame],
    pack: ReferencePack,
    limit: int | None = TOP,
    *,
    ranked: bool = True,
) -> list[OverlapFinding]:
    """The ``limit`` most important contested roles (None: all).

    Ranked: most leaders first, then in pack order; otherwise in the table's (pack) order.
    """
    cov = tables.get(Table.ROLE_COVERAGE)
    if cov is None:
        return []
    order = _pack_order(pack)
    rows = [r for r in cov.itertuples(index=False) if r.status == Coverage.CONTESTED]
    if ranked:
        rows.sort(key=lambda r: (-int(r.leaders), order.get(r.role, 99)))
    return [
        OverlapFinding(
            role=str(r.role),
            leaders=int(r.leaders),
            leader_organisations=tuple(
                str(x) for x in as_list(getattr(r, "leader_organisations", None))
            ),
            leader_categories=tuple(as_list(leader_categories(r))),
        )
        for r in (rows if limit is None else rows[:limit])
    ]


def roles_with(tables: Mapping[str, pd.DataFrame], status: Coverage) -> list[str]:
    """The roles of one coverage status, in pack order."""
    cov = tables[Table.ROLE_COVERAGE]
    return [str(r) for r in cov.loc[cov["status"] == status, "role"]]


def filled_in_roles(tables: Mapping[str, pd.DataFrame]) -> list[str]:
    """Roles with contributors, none of them of an expected category.

    An uncovered role has no owner either; only roles others fill in for the owners count.
    """
    cov = tables[Table.ROLE_COVERAGE]
    filled_in = cov["owner_missing"].fillna(False).astype(bool) & (
        cov["status"] != Coverage.UNCOVERED
    )
    return [str(r) for r in cov.loc[filled_in, "role"]]


def unheard_roles(tables: Mapping[str, pd.DataFrame]) -> list[str]:
    """Uncovered or leaderless roles none of whose primary owners answered (not findings)."""
    cov = tables[Table.ROLE_COVERAGE]
    return [
        str(r.role) for r in cov.itertuples(index=False) if r.status in LEADERLESS and not_heard(r)
    ]


def voiceless_categories(tables: Mapping[str, pd.DataFrame]) -> list[str]:
    """Categories no counted organisation speaks for."""
    part = tables[Table.PARTICIPATION]
    return [str(c) for c in part.loc[~part["has_voice"], "category"]]


def largest_gaps(tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame | None:
    """Every organisation × role gap, largest first (None without organisation tables).

    Largest gap, then the higher expectation, then organisation and role names.
    """
    org_roles = tables.get(Table.ORGANISATION_ROLES)
    if org_roles is None:
        return None
    gaps = org_roles[org_roles["status"] == RoleStatus.GAP]
    return gaps.sort_values(
        ["gap", "expected_involvement", "organisation", "role"],
        ascending=[False, False, True, True],
        kind="stable",
    )
