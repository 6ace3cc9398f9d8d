"""Who was invited and who answered, and the headline summary."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sscassess.analysis.definitions import (
    OTHER_GROUP,
)
from sscassess.core.vocabulary import Coverage, Privacy, Table

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    import pandas as pd

    from sscassess.analysis.frame import Frame
    from sscassess.campaign.store import Invitation, StoredResponse
    from sscassess.reference.model import ReferencePack


# ---------------------------------------------------------------------------- summary, rounds


def summary_table(
    frame: Frame,
    tables: dict[str, pd.DataFrame],
    invitations: Sequence[Invitation],
    unverified: Sequence[StoredResponse],
    exclude_unverified: bool,
    counted: Sequence[StoredResponse],
    declined: int,
    categories: Sequence[str],
) -> pd.DataFrame:
    """The ``summary`` table: the headline figures."""
    import pandas as pd

    cov = tables[Table.ROLE_COVERAGE]
    fit = tables[Table.ROLE_FIT]["role_fit"].dropna()
    active = [i for i in invitations if i.revoked_at is None]
    answered = {i.response_id for i in active} & {r.response_id for r in counted}
    voiced = {r.category for r in counted}
    roles = len(cov)
    by_status = cov["status"].value_counts()
    with_contrib = int((cov["contributors"] > 0).sum())
    metrics: list[tuple[str, Any]] = [
        ("organisations_invited", len(active)),
        ("responses_counted", frame.n),
        ("responses_from_invited", len(answered)),
        ("response_rate", round(len(answered) / len(active), 4) if active else None),
        ("unverified_responses", len(unverified)),
        ("unverified_excluded", bool(exclude_unverified)),
        ("declined_naming", declined),
        ("categories_with_voice", len(voiced)),
        ("categories_without_voice", len(set(categories) - voiced)),
        ("roles", roles),
        ("roles_with_contributors", with_contrib),
        ("roles_covered_share", round(with_contrib / roles, 4) if roles else None),
        ("roles_covered", int(by_status.get(Coverage.COVERED, 0))),
        ("roles_no_lead", int(by_status.get(Coverage.NO_LEAD, 0))),
        ("roles_contested", int(by_status.get(Coverage.CONTESTED, 0))),
        ("roles_uncovered", int(by_status.get(Coverage.UNCOVERED, 0))),
        ("roles_owner_missing", int(cov["owner_missing"].sum())),
        ("mean_role_fit", round(float(fit.mean()), 4) if len(fit) else None),
        ("organisation_gaps", int(tables[Table.ROLE_FIT]["gaps"].sum())),
        ("recommendations_triggered", len(tables[Table.RECOMMENDATIONS])),
    ]
    return pd.DataFrame(
        {
            "metric": [m for m, _ in metrics],
            "value": pd.Series([v for _, v in metrics], dtype=object),
        }
    )


def participation_table(
    pack: ReferencePack,
    counted: Sequence[StoredResponse],
    groups: dict[str, str],
    invitations: Sequence[Invitation],
    drafts: Mapping[str, tuple[int, int, str]],
    privacy: str,
    min_group: int,
    lang: str,
) -> pd.DataFrame:
    """Invited, submitted, drafts and response rate per category.

    Counts who answered, whatever they answered (decliners included). In anonymous mode the
    rows are the reporting groups, and categories whose invited or submitted counts are
    between 1 and ``min_group`` - 1 are merged into ``other`` until every such count shown is
    0 or at least ``min_group`` (the rows partition the categories, so no total gives a small
    count back); a small count of drafts, or of verified or unverified answers, is left
    empty (no total shows them).
    """
    import pandas as pd

    answered = {r.response_id for r in counted}
    rows: list[dict[str, Any]] = []
    for cat in pack.categories:
        invited = [i for i in invitations if i.category == cat.id and i.revoked_at is None]
        mine = [r for r in counted if r.category == cat.id]
        verified = sum(1 for r in mine if r.verified)
        from_invited = sum(1 for i in invited if i.response_id in answered)
        pending = sum(
            1 for i in invited if i.invitation_id in drafts and i.response_id not in answered
        )
        rows.append(
            {
                "category": cat.id,
                "category_name": pack.text(cat.name, lang),
                "invited": len(invited),
                "submitted": len(mine),
                "verified": verified,
                "unverified": len(mine) - verified,
                "drafts": pending,
                "from_invited": from_invited,
                "has_voice": bool(mine),
            }
        )
    if privacy == Privacy.ANONYMOUS:
        rows = _merge_small_counts(rows, groups, min_group)
        for row in rows:
            if 0 < row["drafts"] < min_group:
                row["drafts"] = None
            if 0 < row["verified"] < min_group or 0 < row["unverified"] < min_group:
                row["verified"] = row["unverified"] = None
    for row in rows:
        invited_n, from_invited_n = int(row["invited"]), int(row.pop("from_invited"))
        row["response_rate"] = round(from_invited_n / invited_n, 4) if invited_n else None
    columns = [
        "category", "category_name", "invited", "submitted", "verified", "unverified", "drafts",
        "response_rate", "has_voice",
    ]  # fmt: skip
    out = pd.DataFrame(rows, columns=columns)
    for c in ("invited", "submitted", "verified", "unverified", "drafts"):
        out[c] = out[c].astype("Int64")
    return out


#: Counts that are added up when participation rows merge; the ones checked for smallness.
_COUNTS = ("invited", "submitted", "verified", "unverified", "drafts", "from_invited")
_MERGED_ON = ("invited", "submitted", "from_invited")


def _merge_small_counts(
    rows: list[dict[str, Any]], groups: dict[str, str], k: int
) -> list[dict[str, Any]]:
    """Participation rows by reporting group, small counts merged into ``other``."""

    def small(row: dict[str, Any]) -> bool:
        return any(0 < row[c] < k for c in _MERGED_ON)

    merged: dict[str, dict[str, Any]] = {}
    for row in rows:
        group = groups.get(row["category"], row["category"])
        into = merged.setdefault(
            group,
            {"category": group, "category_name": group if group == OTHER_GROUP else row["category_name"],
             **dict.fromkeys(_COUNTS, 0), "has_voice": False},
        )  # fmt: skip
        for c in _COUNTS:
            into[c] += row[c]
        into["has_voice"] = into["has_voice"] or row["has_voice"]
    out = list(merged.values())
    other = next((r for r in out if r["category"] == OTHER_GROUP), None)
    while True:
        movers = [r for r in out if r is not other and small(r)]
        rest = [r for r in out if r is not other]
        if not movers and other is not None and small(other) and rest:
            # Still small: the smallest other row joins it (as the response groups do).
            movers = [min(rest, key=lambda r: (r["invited"] + r["submitted"], r["category"]))]
        if not movers:
            # Every count shown is 0 or at least k, or all is merged (the campaign's totals).
            return out
        if other is None:
            other = {"category": OTHER_GROUP, "category_name": OTHER_GROUP,
                     **dict.fromkeys(_COUNTS, 0), "has_voice": False}  # fmt: skip
            out.append(other)
        for r in movers:
            for c in _COUNTS:
                other[c] += r[c]
            other["has_voice"] = other["has_voice"] or r["has_voice"]
            out.remove(r)
