"""The fixed terms of the decisions: action kinds, table columns, outcomes, and which roles each potential item equips an organisation for."""

from __future__ import annotations

from sscassess.analysis.definitions import NOT_HEARD as NOT_HEARD  # the texts' "not heard" phrase
from sscassess.core.vocabulary import ActionKind, Coverage, Level, Outcome, values

#: Every kind of action, in the order rows of equal score are listed.
ACTION_KINDS: tuple[str, ...] = values(ActionKind)
ACTION_COLUMNS: tuple[str, ...] = (
    "action", "kind", "role", "category", "owner", "candidates", "priority", "reason",
    "evidence_ids",
)  # fmt: skip
RACI_COLUMNS: tuple[str, ...] = (
    "role", "role_name", "response_id", "organisation", "category", "expected_level",
    "self_involvement", "letter", "basis",
)  # fmt: skip
FOLLOWUP_COLUMNS: tuple[str, ...] = ("action", "kind", "role", "category", "outcome")
OUTCOMES: tuple[str, ...] = values(Outcome)
#: The columns the coordinator fills in the workbook's action register.
REGISTER_COLUMNS: tuple[str, ...] = ("status", "due", "agreed_owner")
#: The questionnaire meaning of the pledge question (a multi-choice of roles).
PLEDGE_MAPPING = "pledge_roles"
MAX_CANDIDATES = 5

#: Potential item -> the roles it equips an organisation for: the toolkit's reading of the
#: ITU pack's potential list (the report does not link the two). An item whose id is a
#: role's id counts for that role in any pack.
POTENTIAL_ROLES: dict[str, tuple[str, ...]] = {
    "funding": ("funding",),
    "infrastructure": ("infrastructure",),
    "data": ("data_provision",),
    "technical_expertise": ("platforms_integration", "standards_interoperability"),
    "research_capacity": ("research",),
    "innovation_capacity": ("innovation_transfer",),
    "legal_mandate": ("policy_regulation",),
    "convening_power": ("coordination", "stakeholder_engagement"),
    "citizen_reach": ("citizen_participation", "social_inclusion"),
    "impartiality": ("advisory",),
    "measurement_experience": ("measurement_kpis",),
    "urban_knowledge": ("urban_planning_integration",),
    "user_insight": ("service_use",),
    "international_reach": ("knowledge_sharing", "promotion_advocacy"),
    "service_operations": ("service_delivery",),
}

#: How much a role's coverage status weighs in an action's priority.
SEVERITY: dict[str, int] = {
    Coverage.UNCOVERED: 3,
    Coverage.NO_LEAD: 2,
    Coverage.CONTESTED: 2,
    Coverage.COVERED: 0,
}
LEVEL_RANK: dict[str, int] = {Level.PRIMARY: 2, Level.SUPPORTING: 1, Level.NONE: 0}
LEVEL_WHY = {2: "expected_primary", 1: "expected_supporting"}
RULES = ("reference", "rating", "potential", "recognition", "pledge", "role_fit", "engagement")
RACI_BASIS = {4: "leads", 3: "contributes", 2: "consulted", 1: "informed", 0: "not_involved"}
