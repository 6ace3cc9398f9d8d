"""The ``action_followup`` table: what became of each action of the earlier round."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from sscassess.analysis.action_terms import FOLLOWUP_COLUMNS
from sscassess.analysis.definitions import (
    CONTRIBUTOR_LEVEL,
    COVERAGE_RANK,
    OTHER_GROUP,
)
from sscassess.analysis.definitions import NOT_HEARD as NOT_HEARD  # the texts' "not heard" phrase
from sscassess.core.texts import normalise_id
from sscassess.core.vocabulary import UNMET_NEEDS, ActionKind, Coverage, Outcome, Privacy, Table

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    import pandas as pd

    from sscassess.analysis.analyse import Analysis
    from sscassess.campaign.store import StoredResponse


# ---------------------------------------------------------------------------- follow-up


def followup(
    previous: Analysis,
    tables: Mapping[str, pd.DataFrame],
    counted: Sequence[StoredResponse],
    privacy: str,
) -> pd.DataFrame:
    """What became of each action of ``previous`` (same pack, same privacy mode)."""
    import pandas as pd

    old = previous.tables.get("actions")
    if old is None:  # an analysis made before actions existed
        return pd.DataFrame([], columns=list(FOLLOWUP_COLUMNS))
    named = privacy == Privacy.NAMED
    cov_now = {str(r.role): r for r in tables[Table.ROLE_COVERAGE].itertuples(index=False)}
    cov_before = {
        str(r.role): r for r in previous.tables[Table.ROLE_COVERAGE].itertuples(index=False)
    }
    voice = {str(r.category): r for r in tables[Table.PARTICIPATION].itertuples(index=False)}
    now_actions = tables.get("actions")
    proposed = (
        {(str(r.kind), r.category, r.role) for r in now_actions.itertuples(index=False)}
        if now_actions is not None
        else set()
    )
    answered = {(normalise_id(r.organisation.strip()), r.category) for r in counted}

    def ratings(analysis_tables: Mapping[str, pd.DataFrame]) -> dict[tuple[str, str, str], int]:
        frame = analysis_tables.get("organisation_roles")
        if frame is None or not named:
            return {}
        return {
            (normalise_id(str(o).strip()), str(c), str(r)): int(s)
            for o, c, r, s in zip(frame["organisation"], frame["category"], frame["role"],
                                  frame["self_involvement"], strict=True)
        }  # fmt: skip

    now_rating, before_rating = ratings(tables), ratings(previous.tables)

    def unmet(analysis_tables: Mapping[str, pd.DataFrame], category: str) -> int:
        collab = analysis_tables[Table.COLLABORATION]
        hits = collab[(collab["to_category"] == category) & collab["status"].isin(UNMET_NEEDS)]
        return len(hits)

    def participation_row(category: str) -> Any:
        return voice.get(category) or voice.get(OTHER_GROUP)

    rows = []
    for a in old.itertuples(index=False):
        kind, role, category = str(a.kind), a.role, a.category
        cands = list(a.candidates) if isinstance(a.candidates, list) else []
        org = cands[0] if cands and cands[0].get("response_id") is not None and named else None
        key = (normalise_id(str(org["who"]).strip()), str(org["category"])) if org else None
        now = cov_now.get(str(role)) if role is not None else None
        before = cov_before.get(str(role)) if role is not None else None
        outcome: str | None = Outcome.OPEN
        if (
            kind in (ActionKind.AGREE_LEAD, ActionKind.ASSIGN_LEAD, ActionKind.FIND_CONTRIBUTOR)
            and now is not None
        ):
            status = str(now.status)
            if kind == ActionKind.AGREE_LEAD:
                worse = status in (Coverage.NO_LEAD, Coverage.UNCOVERED) or (
                    status == Coverage.CONTESTED
                    and before is not None
                    and int(now.leaders) > int(before.leaders)
                )
                outcome = (
                    Outcome.RESOLVED
                    if status == Coverage.COVERED
                    else Outcome.WORSE
                    if worse
                    else Outcome.OPEN
                )
            elif kind == ActionKind.ASSIGN_LEAD:
                outcome = (
                    Outcome.RESOLVED
                    if status == Coverage.COVERED
                    else Outcome.WORSE
                    if status == Coverage.UNCOVERED
                    else Outcome.OPEN
                )
            else:
                outcome = Outcome.RESOLVED if status != Coverage.UNCOVERED else Outcome.OPEN
        elif kind == ActionKind.CHASE:
            if key is not None:
                outcome = Outcome.RESOLVED if key in answered else Outcome.OPEN
            else:
                row = participation_row(str(category))
                if row is None or (str(row.category) != category and bool(row.has_voice)):
                    outcome = None  # inside "other": not shown on its own
                else:
                    rate = row.response_rate
                    outcome = (
                        Outcome.RESOLVED
                        if rate is not None and not _nan(rate) and float(rate) >= 1
                        else Outcome.OPEN
                    )
        elif kind == ActionKind.INVITE:
            row = participation_row(str(category))
            if row is None or (str(row.category) != category and bool(row.has_voice)):
                outcome = None
            else:
                outcome = Outcome.RESOLVED if bool(row.has_voice) else Outcome.OPEN
        elif kind in (ActionKind.CLOSE_GAP, ActionKind.TAKE_UP_PLEDGE) and key is not None:
            rating_now = now_rating.get((*key, str(role)))
            rating_before = before_rating.get((*key, str(role)))
            done = rating_now is not None and (
                rating_now >= 2 if kind == ActionKind.CLOSE_GAP else rating_now >= CONTRIBUTOR_LEVEL
            )
            lower = (
                rating_now is not None and rating_before is not None and rating_now < rating_before
            )
            outcome = Outcome.RESOLVED if done else Outcome.WORSE if lower else Outcome.OPEN
        elif kind == ActionKind.CLOSE_GAP:
            outcome = (
                Outcome.OPEN
                if (ActionKind.CLOSE_GAP, category, role) in proposed
                else Outcome.RESOLVED
            )
        elif kind == ActionKind.TAKE_UP_PLEDGE and now is not None:
            fell = (
                before is not None
                and COVERAGE_RANK[str(now.status)] < COVERAGE_RANK[str(before.status)]
            )
            outcome = (
                Outcome.RESOLVED
                if str(now.status) == Coverage.COVERED
                else Outcome.WORSE
                if fell
                else Outcome.OPEN
            )
        elif kind == ActionKind.MEET_NEED:
            count_now = unmet(tables, str(category))
            count_before = len(a.evidence_ids) if isinstance(a.evidence_ids, list) else 0
            outcome = (
                Outcome.RESOLVED
                if count_now == 0
                else Outcome.WORSE
                if count_now > count_before
                else Outcome.OPEN
            )
        rows.append(
            {
                "action": a.action,
                "kind": kind,
                "role": role,
                "category": category,
                "outcome": None if outcome is None else str(outcome),
            }
        )
    return pd.DataFrame(rows, columns=list(FOLLOWUP_COLUMNS))


def _nan(value: Any) -> bool:
    return isinstance(value, float) and math.isnan(value)
