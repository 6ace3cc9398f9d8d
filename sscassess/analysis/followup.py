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

    old = previous.tables.get(Table.ACTIONS)
    if old is None:  # an analysis made before actions existed
        return pd.DataFrame([], columns=list(FOLLOWUP_COLUMNS))
    rounds = _Rounds(previous.tables, tables, counted, privacy == Privacy.NAMED)
    rows = []
    for a in old.itertuples(index=False):
        outcome = rounds.outcome(a)
        rows.append(
            {
                "action": a.action,
                "kind": str(a.kind),
                "role": a.role,
                "category": a.category,
                "outcome": None if outcome is None else str(outcome),
            }
        )
    return pd.DataFrame(rows, columns=list(FOLLOWUP_COLUMNS))


def _ratings(tables: Mapping[str, pd.DataFrame], named: bool) -> dict[tuple[str, str, str], int]:
    """(organisation key, category, role) → self-rating, in a named analysis."""
    frame = tables.get(Table.ORGANISATION_ROLES)
    if frame is None or not named:
        return {}
    return {
        (normalise_id(str(o).strip()), str(c), str(r)): int(s)
        for o, c, r, s in zip(frame["organisation"], frame["category"], frame["role"],
                              frame["self_involvement"], strict=True)
    }  # fmt: skip


def _worse_resolved_open(resolved: bool, worse: bool) -> Outcome:
    return Outcome.RESOLVED if resolved else Outcome.WORSE if worse else Outcome.OPEN


class _Rounds:
    """The earlier round's and this round's tables, looked up as each rule needs them."""

    def __init__(
        self,
        before: Mapping[str, pd.DataFrame],
        now: Mapping[str, pd.DataFrame],
        counted: Sequence[StoredResponse],
        named: bool,
    ) -> None:
        self.tables, self.named = now, named
        self.cov_now = {str(r.role): r for r in now[Table.ROLE_COVERAGE].itertuples(index=False)}
        self.cov_before = {
            str(r.role): r for r in before[Table.ROLE_COVERAGE].itertuples(index=False)
        }
        self.voice = {str(r.category): r for r in now[Table.PARTICIPATION].itertuples(index=False)}
        actions = now.get(Table.ACTIONS)
        self.proposed = (
            {(str(r.kind), r.category, r.role) for r in actions.itertuples(index=False)}
            if actions is not None
            else set()
        )
        self.answered = {(normalise_id(r.organisation.strip()), r.category) for r in counted}
        self.rating_now, self.rating_before = _ratings(now, named), _ratings(before, named)

    def outcome(self, a: Any) -> Outcome | None:
        """The outcome of the earlier action ``a`` (None: not shown on its own)."""
        kind, role, category = str(a.kind), a.role, a.category
        cands = list(a.candidates) if isinstance(a.candidates, list) else []
        org = cands[0] if cands and cands[0].get("response_id") is not None and self.named else None
        key = (normalise_id(str(org["who"]).strip()), str(org["category"])) if org else None
        now = self.cov_now.get(str(role)) if role is not None else None
        before = self.cov_before.get(str(role)) if role is not None else None
        if kind in (ActionKind.AGREE_LEAD, ActionKind.ASSIGN_LEAD, ActionKind.FIND_CONTRIBUTOR):
            return Outcome.OPEN if now is None else self._lead(kind, now, before)
        if kind == ActionKind.CHASE:
            if key is not None:
                return Outcome.RESOLVED if key in self.answered else Outcome.OPEN
            return self._voice(str(category), chase=True)
        if kind == ActionKind.INVITE:
            return self._voice(str(category), chase=False)
        if kind in (ActionKind.CLOSE_GAP, ActionKind.TAKE_UP_PLEDGE) and key is not None:
            return self._rating(kind, (*key, str(role)))
        if kind == ActionKind.CLOSE_GAP:
            proposed_again = (ActionKind.CLOSE_GAP, category, role) in self.proposed
            return Outcome.OPEN if proposed_again else Outcome.RESOLVED
        if kind == ActionKind.TAKE_UP_PLEDGE and now is not None:
            fell = (
                before is not None
                and COVERAGE_RANK[str(now.status)] < COVERAGE_RANK[str(before.status)]
            )
            return _worse_resolved_open(str(now.status) == Coverage.COVERED, fell)
        if kind == ActionKind.MEET_NEED:
            collab = self.tables[Table.COLLABORATION]
            count_now = len(
                collab[
                    (collab["to_category"] == str(category)) & collab["status"].isin(UNMET_NEEDS)
                ]
            )
            count_before = len(a.evidence_ids) if isinstance(a.evidence_ids, list) else 0
            return _worse_resolved_open(count_now == 0, count_now > count_before)
        return Outcome.OPEN

    @staticmethod
    def _lead(kind: str, now: Any, before: Any) -> Outcome:
        """A role that needed a leader, an agreed leader or a contributor."""
        status = str(now.status)
        if kind == ActionKind.AGREE_LEAD:
            worse = status in (Coverage.NO_LEAD, Coverage.UNCOVERED) or (
                status == Coverage.CONTESTED
                and before is not None
                and int(now.leaders) > int(before.leaders)
            )
            return _worse_resolved_open(status == Coverage.COVERED, worse)
        if kind == ActionKind.ASSIGN_LEAD:
            return _worse_resolved_open(status == Coverage.COVERED, status == Coverage.UNCOVERED)
        return Outcome.RESOLVED if status != Coverage.UNCOVERED else Outcome.OPEN

    def _voice(self, category: str, chase: bool) -> Outcome | None:
        """A category to chase (all its invited answered) or to invite (it has a voice)."""
        row = self.voice.get(category) or self.voice.get(OTHER_GROUP)
        if row is None or (str(row.category) != category and bool(row.has_voice)):
            return None  # inside "other": not shown on its own
        if not chase:
            return Outcome.RESOLVED if bool(row.has_voice) else Outcome.OPEN
        rate = row.response_rate
        done = rate is not None and not _nan(rate) and float(rate) >= 1
        return Outcome.RESOLVED if done else Outcome.OPEN

    def _rating(self, kind: str, key: tuple[str, str, str]) -> Outcome:
        """An organisation asked to raise its rating of a role (a gap, or a pledge)."""
        now, before = self.rating_now.get(key), self.rating_before.get(key)
        done = now is not None and (
            now >= 2 if kind == ActionKind.CLOSE_GAP else now >= CONTRIBUTOR_LEVEL
        )
        lower = now is not None and before is not None and now < before
        return _worse_resolved_open(done, lower)


def _nan(value: Any) -> bool:
    return isinstance(value, float) and math.isnan(value)
