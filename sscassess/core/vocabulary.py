"""The fixed words of the analysis: every status, kind and table name, once.

Each is a :class:`~enum.StrEnum`, so a member *is* its string: it compares equal to the
text in a table cell, a JSON file or a YAML template, and it is written out as that text.
Code names a member (``Coverage.UNCOVERED``), never a literal or a position in a list, so a
misspelt status fails at import time and reordering a vocabulary changes no count.
The order of the members is the order tables and charts list them in.
"""

from __future__ import annotations

from enum import StrEnum, unique


@unique
class Table(StrEnum):
    """Every table an analysis can hold, in the order exports list them."""

    SUMMARY = "summary"
    PARTICIPATION = "participation"
    ORGANISATION_ROLES = "organisation_roles"
    ROLE_FIT = "role_fit"
    CATEGORY_ROLES = "category_roles"
    ROLE_COVERAGE = "role_coverage"
    AIMS_ALIGNMENT = "aims_alignment"
    CHALLENGES = "challenges"
    POTENTIAL = "potential"
    CONSTRAINTS = "constraints"
    ITEM_FREQUENCIES = "item_frequencies"
    COLLABORATION = "collaboration"
    RECOMMENDATIONS = "recommendations"
    ACTIONS = "actions"
    RACI = "raci"
    FREE_TEXT = "free_text"
    DATA_QUALITY = "data_quality"
    ROUND_CHANGES_ROLES = "round_changes_roles"
    ROUND_CHANGES_ORGANISATIONS = "round_changes_organisations"
    ACTION_FOLLOWUP = "action_followup"


@unique
class Privacy(StrEnum):
    """How organisations are shown: by name, by pseudonym, or only as groups of ``min_group``."""

    NAMED = "named"
    PSEUDONYMOUS = "pseudonymous"
    ANONYMOUS = "anonymous"


@unique
class Level(StrEnum):
    """The reference's expectation of a category for a role (the Annex 1 matrix)."""

    PRIMARY = "primary"
    SUPPORTING = "supporting"
    NONE = "none"


@unique
class Coverage(StrEnum):
    """A role's coverage across the campaign (``role_coverage.status``), worst first."""

    UNCOVERED = "uncovered"  #: nobody contributes
    NO_LEAD = "no_lead"  #: contributors, but nobody leads
    CONTESTED = "contested"  #: several organisations lead
    COVERED = "covered"  #: contributors and exactly one leader


@unique
class RoleStatus(StrEnum):
    """An organisation's self-rating for a role against its category's reference."""

    FULFILS = "fulfils"  #: at or above the expected involvement
    PARTIAL = "partial"  #: one level below it
    GAP = "gap"  #: two or more levels below it
    BEYOND_REFERENCE = "beyond_reference"  #: contributes to a role not expected of it
    NOT_EXPECTED = "not_expected"  #: neither expected nor contributing


@unique
class ActionKind(StrEnum):
    """Every kind of proposed action (``actions.kind``), in the order equal scores list them."""

    AGREE_LEAD = "agree_lead"  #: a contested role: several leaders
    ASSIGN_LEAD = "assign_lead"  #: contributors but no lead
    FIND_CONTRIBUTOR = "find_contributor"  #: uncovered although its owners were heard
    CHASE = "chase"  #: an invited expected owner did not submit
    INVITE = "invite"  #: an expected category has no voice
    CLOSE_GAP = "close_gap"  #: an organisation far below its reference role
    TAKE_UP_PLEDGE = "take_up_pledge"  #: a planned contribution that answers a gap
    MEET_NEED = "meet_need"  #: an unmet collaboration need


@unique
class Outcome(StrEnum):
    """What became of an earlier round's action (``action_followup.outcome``)."""

    RESOLVED = "resolved"
    OPEN = "open"
    WORSE = "worse"


@unique
class Raci(StrEnum):
    """A RACI letter (``raci.letter``)."""

    ACCOUNTABLE = "A"
    RESPONSIBLE = "R"
    CONSULTED = "C"
    INFORMED = "I"


@unique
class ItemKind(StrEnum):
    """Which list of the reference an item is on (``item_frequencies.kind``)."""

    AIM = "aim"
    CHALLENGE = "challenge"
    POTENTIAL = "potential"
    CONSTRAINT = "constraint"


@unique
class ItemStatus(StrEnum):
    """What the answers make of an item (``item_frequencies.status``): aims, then the others."""

    UNPURSUED = "unpursued"  #: no organisation pursues the aim
    PURSUED = "pursued"
    COMMON_GROUND = "common_ground"  #: pursued by at least two organisations and half of them
    REPORTED = "reported"  #: a challenge, potential or constraint somebody reported
    NOT_REPORTED = "not_reported"


@unique
class Change(StrEnum):
    """How a figure moved from the previous round (``round_changes_*.change``)."""

    IMPROVED = "improved"
    WORSENED = "worsened"
    UNCHANGED = "unchanged"
    NEW = "new"  #: an organisation that did not answer in the previous round
    GONE = "gone"  #: one that answered then and not now


@unique
class Link(StrEnum):
    """A collaboration from one category to another (``collaboration.status``)."""

    LINKED = "linked"  #: organisations work with it and none says it needs more
    NEED_MET = "need_met"  #: needed, and an organisation of the group already works with it
    NEED_UNMET = "need_unmet"
    NEED_NO_VOICE = "need_no_voice"  #: needed towards a category that did not answer


#: The statuses of an aim.
AIM_STATUSES: tuple[ItemStatus, ...] = (
    ItemStatus.UNPURSUED,
    ItemStatus.PURSUED,
    ItemStatus.COMMON_GROUND,
)
#: The collaborations somebody needs and nobody has.
UNMET_NEEDS: tuple[Link, ...] = (Link.NEED_UNMET, Link.NEED_NO_VOICE)
#: The coverage statuses that need a decision by leadership, worst first.
NEEDS_DECISION: tuple[Coverage, ...] = (Coverage.UNCOVERED, Coverage.NO_LEAD, Coverage.CONTESTED)
#: The coverage statuses of a role nobody leads.
LEADERLESS: tuple[Coverage, ...] = (Coverage.UNCOVERED, Coverage.NO_LEAD)
#: An organisation's statuses below its category's reference, worst first.
BELOW_REFERENCE: tuple[RoleStatus, ...] = (RoleStatus.GAP, RoleStatus.PARTIAL)
#: The reference levels that expect something of a category.
EXPECTED: tuple[Level, ...] = (Level.PRIMARY, Level.SUPPORTING)


def values(vocabulary: type[StrEnum]) -> tuple[str, ...]:
    """The plain strings of a vocabulary, in order: for table categories and messages."""
    return tuple(member.value for member in vocabulary)
