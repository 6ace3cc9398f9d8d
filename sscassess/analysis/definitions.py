"""The fixed definitions every analysis table uses (DESIGN.md, "Analysis definitions").

Privacy modes and the smallest group, the table names, the rating levels of a contributor
and a leader, the coverage and role statuses, the reporting groups, and how a suppressed
cell and the consent to be named are read. Shared by :mod:`.analyse` and :mod:`.actions`,
and read by the charts and reports, so none of them imports another for a constant.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sscassess.core.vocabulary import Coverage, ItemKind, Privacy, RoleStatus, Table, values

if TYPE_CHECKING:
    from sscassess.campaign.store import StoredResponse
    from sscassess.questionnaire.model import Questionnaire

PRIVACY_MODES: tuple[str, ...] = values(Privacy)
DEFAULT_MIN_GROUP = 3

#: Every table an analysis can hold, in the order exports list them.
TABLES: tuple[str, ...] = values(Table)
#: Tables that exist only for organisation-level privacy modes.
ORGANISATION_TABLES = (Table.ORGANISATION_ROLES, Table.ROLE_FIT)

#: The item lists compared with the reference: table name, answer meaning, pack list, kind.
#: Plain strings: the table names are keys of ``Analysis.tables``, the kinds cells of a table.
ITEM_KINDS: tuple[tuple[str, str, str, str], ...] = (
    (Table.AIMS_ALIGNMENT.value, "aims", "aims", ItemKind.AIM.value),
    (Table.CHALLENGES.value, "challenges", "challenges", ItemKind.CHALLENGE.value),
    (Table.POTENTIAL.value, "potential", "potential", ItemKind.POTENTIAL.value),
    (Table.CONSTRAINTS.value, "constraints", "constraints", ItemKind.CONSTRAINT.value),
)


CONTRIBUTOR_LEVEL = 3  #: self-rating from which an organisation contributes to a role
LEADER_LEVEL = 4  #: self-rating of an organisation that leads (is accountable for) a role
COVERAGE_STATUSES: tuple[str, ...] = values(Coverage)
ROLE_STATUSES: tuple[str, ...] = values(RoleStatus)
#: Coverage statuses ranked from worst (0, uncovered) to best: for "better" and "worse".
COVERAGE_RANK: dict[str, int] = {status: rank for rank, status in enumerate(Coverage)}
OTHER_GROUP = "other"
#: What a text about an uncovered or leaderless role says when its primary owners were not
#: heard (``role_coverage.primary_owners_heard`` false): a missing answer, not a finding.
NOT_HEARD = "not heard: its expected owner did not answer"
#: The reporting group of the organisations that declined to be named (``consent.named``).
DECLINED_GROUP = "declined"


def declined_naming(q: Questionnaire, response: StoredResponse) -> bool:
    """Whether the respondent answered no to being named (the ``consent.named`` question)."""
    question = q.by_mapping("consent.named")
    return question is not None and response.answers.get(question.id) is False


def flagged(value: Any) -> bool:
    """A yes/no cell that may be suppressed (``<NA>``, None): true only when it says yes."""
    return not suppressed(value) and bool(value)


def suppressed(value: Any) -> bool:
    """Whether a cell was left empty so as not to show a group under ``min_group``."""
    import pandas as pd

    return value is None or value is pd.NA
