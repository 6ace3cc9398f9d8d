"""Decisions: the diagnosis turned into a plan the city can adopt (DESIGN.md, "Decisions").

:func:`plan` reads the tables :func:`sscassess.analysis.analyse.analyse` has built and proposes the
``actions`` table (one row per action), the ``raci`` table (role × organisation, one
accountable per role) and the findings of the RACI check; :func:`followup` says, with
``--previous``, what became of each action of the earlier round. :func:`owners_heard` gives
``role_coverage.primary_owners_heard``. Rows carry codes; renderers translate them. The
rules below are deterministic: the same campaign gives the same rows in every run.

Who may be proposed
    Named and pseudonymous analyses propose organisations (by name or pseudonym); anonymous
    ones propose reporting groups (the categories of ``category_roles``, or ``other``), and
    every anonymous choice is made from the groups' own figures (a group's rating is its
    highest; its potential and pledges are its members'), ``other`` having no reference
    level, so that no choice tells which merged category a member belongs to. An
    organisation that declined to be named is never an owner or a candidate, in any mode
    (its answers still count in the figures).

Kinds, and when each fires (``role`` is the role's id, ``category`` the owner's category)
    ``agree_lead``: a contested role (two or more leaders); the owner is the proposed
    accountable among its leaders. ``assign_lead``: a role with contributors and no leader;
    the owner is the proposed lead among its contributors. ``find_contributor``: an uncovered
    role whose primary owners were heard (or that has none, or where that cannot be shown);
    candidates are the
    organisations of an expected category, and those rating it 2, declaring a potential for
    it or pledging it. ``chase``: an active invitation of a category that is primary for some
    role has no counted answer (reason ``draft_not_submitted``, ``no_answer``,
    ``unverified_excluded``; one per organisation in named mode, one per category otherwise,
    reason ``draft_not_submitted`` when ``participation`` shows drafts, else
    ``not_submitted``: an organisation that did not answer has no pseudonym).
    ``invite``: a category the reference expects for some role, or that others need, has no
    voice and no chase covers it (``not_invited``: no active invitation; ``no_answer``:
    invited, silent); the owner is empty: the coordinator acts. ``close_gap``: an
    organisation rates 0 or 1 a role its category is primary for, and the role is short
    city-wide (uncovered, without a lead, or without a contributor of an expected category);
    where others fill the role, the shortfall is the organisation's own feedback
    (``organisation_roles``), not a decision for the city. ``take_up_pledge``: an
    organisation pledged a role it does not yet contribute to (the ``pledge_roles`` meaning,
    "Which roles does this contribution concern?"), and the role is uncovered or without a
    lead, has no contributor of an expected category, or is the organisation's own gap.
    ``meet_need``: groups need more from a category that answered and none of their members
    works with it (``collaboration`` status ``need_unmet``): one action per needed category,
    owned by its organisation that works with the most categories today.

    An uncovered or leaderless role whose primary owners were not heard is a missing answer,
    not a missing contribution: its actions are the chase or invite of its owners, whose
    evidence names it (every role that is not covered is the ``role`` or in the
    ``evidence_ids`` of an action). One action asks an owner about a role: a role action
    (the first three kinds) takes in that owner's pledge or gap on the role, and a pledge
    takes in the gap (their evidence ids join the action kept).

Choosing the owner (and the RACI accountable)
    Candidates are ranked by, in turn: the reference expectation of their category (primary,
    supporting, none), their self-rating for the role, a declared potential for it
    (:data:`POTENTIAL_ROLES`, the toolkit's reading of the pack's potential items; an item
    with the role's id counts too), the other organisations' view (how many organisations of
    other categories work with its category now); then the stated tie-break: a pledge of the
    role, the higher role fit, the larger engagement (the sum of its ratings of the roles
    its category is expected to play), and last a fixed order (the stored response id, drawn
    at random when it was invited), the same in every run and mode. The reason code says
    which rule decided: ``<pool>_<rule>``, pool ``leader``, ``contributor`` or ``candidate``,
    rule ``reference``, ``rating``, ``potential``, ``recognition``, ``pledge``, ``role_fit``,
    ``engagement`` or ``fixed_order`` (a tie: leadership should settle it), ``sole`` (the
    only one), ``single`` (the only one that may be proposed: the others declined to be
    named or, anonymously, share its group) or ``none``. ``candidates`` lists the first five,
    owner first, each ``{who, response_id, category, rating, why}`` with ``why`` codes
    ``expected_primary``, ``expected_supporting``, ``rated_N``, ``potential``, ``pledged``
    (and ``draft``, ``needed_category``, ``connected``).

Priority
    ``score = importance × reach × feasibility``; ``priority`` is the dense rank of the score
    (1 = highest; equal scores, equal priority). Importance, of the action's role: 3 when the
    report itself names a primary owner for it, 2 when the pack does only by interpretation,
    1 otherwise or without a role. Reach, the gaps it closes: a role's problem weighs 3
    uncovered, 2 without a lead or contested, 1 covered only outside the expected
    categories; agree_lead and assign_lead 2, find_contributor 3, close_gap 1, take_up_pledge
    the role's weight (1 for its own gap), meet_need the number of groups in need, chase and
    invite the full weight of every problem role the category is primary for, plus 1 for
    each one it supports and for each group that needs it. Feasibility: 3 for a decision
    among organisations already doing the work (agree_lead, assign_lead), a pledge, or a
    chase of a draft or of an unverified answer left out; 2 for another chase, an owner
    rating the role 2 or declaring potential or a pledge for it, and meet_need; 1 otherwise
    (invite, nobody to ask). Rows are sorted by score, then kind (:data:`ACTION_KINDS`
    order), role and category (pack order), owner, evidence; ``action`` numbers them
    ``ACT-1``… in that order.

RACI
    For every role with a contributor, A goes to its leader; for a contested role, to the
    agree_lead owner; for a role without a leader, to the assign_lead owner (proposed among
    the contributors). R goes to the other contributors (rating 3 or 4), C to those rating
    2, I to 1, no letter to 0; ``basis`` says why (the reason code for A; ``leads``,
    ``contributes``, ``consulted``, ``informed``, ``not_involved``). The accountable does
    the work too, so "one accountable, at least one responsible" holds whenever there is an
    A; :func:`raci_findings` checks it and notes each role that breaks it: a role whose
    leaders (or, with no leader, contributors) all declined to be named has no A that may be
    shown. Anonymous analyses have no ``raci``: it names organisations.

Follow-up (``--previous``)
    Each earlier action is ``resolved``, ``open`` or ``worse``, judged on what it was about:
    agree_lead resolved when the role has one leader now, worse when it has none or more
    leaders; assign_lead resolved when covered, worse when uncovered; find_contributor
    resolved when the role has a contributor; chase resolved when the organisation (by name
    and category; in other modes, every invited organisation of the category) answered;
    invite resolved when the category has a voice; close_gap resolved when the organisation
    no longer has the gap, worse when it rates the role lower (other modes: resolved when no
    close_gap is proposed for that category and role any more); take_up_pledge resolved
    when the organisation contributes, worse when it rates the role lower (other modes:
    resolved when the role is covered, worse when its status fell); meet_need resolved when
    no group's need of the category is unmet, worse when more are. Empty where the answer
    would show a group under ``min_group``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sscassess.analysis.definitions import (
    CONTRIBUTOR_LEVEL,
    LEADER_LEVEL,
    OTHER_GROUP,
    declined_naming,
    flagged,
    suppressed,
)
from sscassess.analysis.definitions import NOT_HEARD as NOT_HEARD  # the texts' "not heard" phrase
from sscassess.core.yamlio import normalise_id

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

    import numpy as np
    import pandas as pd

    from sscassess.analysis.analyse import Analysis
    from sscassess.campaign.store import Invitation, StoredResponse
    from sscassess.questionnaire.model import Questionnaire
    from sscassess.reference.pack import ReferencePack

#: Every kind of action, in the order rows of equal score are listed.
ACTION_KINDS: tuple[str, ...] = (
    "agree_lead",
    "assign_lead",
    "find_contributor",
    "chase",
    "invite",
    "close_gap",
    "take_up_pledge",
    "meet_need",
)
ACTION_COLUMNS: tuple[str, ...] = (
    "action", "kind", "role", "category", "owner", "candidates", "priority", "reason",
    "evidence_ids",
)  # fmt: skip
RACI_COLUMNS: tuple[str, ...] = (
    "role", "role_name", "response_id", "organisation", "category", "expected_level",
    "self_involvement", "letter", "basis",
)  # fmt: skip
FOLLOWUP_COLUMNS: tuple[str, ...] = ("action", "kind", "role", "category", "outcome")
OUTCOMES: tuple[str, ...] = ("resolved", "open", "worse")
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

_SEVERITY = {"uncovered": 3, "no_lead": 2, "contested": 2, "covered": 0}
_STATUS_RANK = {"uncovered": 0, "no_lead": 1, "contested": 2, "covered": 3}
_LEVEL_RANK = {"primary": 2, "supporting": 1, "none": 0}
_LEVEL_WHY = {2: "expected_primary", 1: "expected_supporting"}
_RULES = ("reference", "rating", "potential", "recognition", "pledge", "role_fit", "engagement")
_RACI_BASIS = {4: "leads", 3: "contributes", 2: "consulted", 1: "informed", 0: "not_involved"}
_RACI_LETTER = {4: "R", 3: "R", 2: "C", 1: "I"}


# ---------------------------------------------------------------------------- inputs


@dataclass(frozen=True)
class Respondents:
    """The responses in the figures, in the analysis' order, as the rules need them."""

    response_ids: Sequence[str]  #: as shown (pseudonyms outside named mode)
    real_ids: Sequence[str]  #: the stored response ids: the fixed order of the tie-break
    names: Sequence[str]  #: as shown
    categories: Sequence[str]
    groups: Sequence[str]  #: each response's reporting group
    hidden: np.ndarray  #: declined to be named
    ratings: np.ndarray  #: responses × roles, 0–4
    potential: np.ndarray  #: responses × pack potential items, bool
    links: np.ndarray  #: responses × categories: works with it now, bool
    pledges: np.ndarray  #: responses × roles: pledged, bool
    role_fit: np.ndarray  #: responses, float (NaN without expected roles)


def pledge_matrix(
    questionnaire: Questionnaire, responses: Sequence[StoredResponse], role_ids: Sequence[str]
) -> np.ndarray:
    """Responses × roles: the roles each response's planned contribution concerns."""
    import numpy as np

    out = np.zeros((len(responses), len(role_ids)), dtype=bool)
    question = questionnaire.by_mapping(PLEDGE_MAPPING)
    if question is None:
        return out
    pos = {r: j for j, r in enumerate(role_ids)}
    for i, r in enumerate(responses):
        chosen = r.answers.get(question.id)
        for v in chosen if isinstance(chosen, list) else ():
            j = pos.get(v) if isinstance(v, str) else None
            if j is not None:
                out[i, j] = True
    return out


def owners_heard(pack: ReferencePack, participation: pd.DataFrame) -> list[bool | None]:
    """Per role (pack order): whether an organisation of a primary-owner category answered.

    Read from ``participation`` (``has_voice`` counts every counted answer, decliners too),
    so it shows nothing that table does not: in anonymous mode a category merged into
    ``other`` is known to be silent only when all of ``other`` is. None for a role without
    a primary owner, or when it cannot be told.
    """
    voice = {
        str(c): bool(v)
        for c, v in zip(participation["category"], participation["has_voice"], strict=True)
    }
    out: list[bool | None] = []
    for role in pack.roles:
        primary = [c.id for c in pack.categories if pack.level(c.id, role.id) == "primary"]
        states: list[bool | None] = []
        for c in primary:
            if c in voice and c != OTHER_GROUP:
                states.append(voice[c])
            else:  # merged into "other": silent only if the whole group is
                states.append(None if voice.get(OTHER_GROUP, False) else False)
        if not primary:
            out.append(None)
        elif True in states:
            out.append(True)
        elif all(s is False for s in states):
            out.append(False)
        else:
            out.append(None)
    return out


def _problem_weight(status: str, owner_missing: Any) -> int:
    if status != "covered":
        return _SEVERITY[status]
    return 1 if flagged(owner_missing) else 0


def _importance(pack: ReferencePack, role: str) -> int:
    cells = [pack.expectations.get(c.id, {}).get(role) for c in pack.categories]
    primary = [x for x in cells if x is not None and x.level == "primary"]
    if any(x.basis == "report" for x in primary):
        return 3
    return 2 if primary else 1


def _potential_by_role(pack: ReferencePack, role_ids: Sequence[str]) -> np.ndarray:
    """Potential items × roles: the item equips for the role."""
    import numpy as np

    out = np.zeros((len(pack.potential), len(role_ids)), dtype=bool)
    for p, item in enumerate(pack.potential):
        roles = set(POTENTIAL_ROLES.get(item.id, ())) | {item.id}
        for j, role in enumerate(role_ids):
            out[p, j] = role in roles
    return out


# ---------------------------------------------------------------------------- actors


@dataclass
class _Actors:
    """Who can be asked to act: shown organisations, or (anonymous) reporting groups."""

    who: list[str]
    response_id: list[str | None]
    category: list[str]
    is_category: np.ndarray  #: the actor's category is a pack category (not ``other``)
    level: np.ndarray  #: actors × roles: 2 primary, 1 supporting, 0 none
    rating: np.ndarray  #: actors × roles (a group: its highest)
    potential: np.ndarray  #: actors × roles
    pledged: np.ndarray  #: actors × roles
    recognition: np.ndarray  #: organisations of other categories working with its category
    fit: np.ndarray  #: role fit, -1 without
    engagement: np.ndarray  #: sum of its ratings of the roles its category is expected to play
    order: np.ndarray  #: the fixed order (ascending)
    connections: np.ndarray  #: categories it works with now
    of: np.ndarray  #: response -> actor index, -1 when not an actor

    @property
    def n(self) -> int:
        return len(self.who)


def _actors(
    pack: ReferencePack, people: Respondents, role_ids: Sequence[str], anonymous: bool
) -> _Actors:
    import numpy as np

    cat_ids = [c.id for c in pack.categories]
    cat_pos = {c: i for i, c in enumerate(cat_ids)}
    levels = np.array(
        [[_LEVEL_RANK[pack.level(c, r)] for r in role_ids] for c in cat_ids], dtype=np.int8
    ).reshape(len(cat_ids), len(role_ids))
    n = len(people.categories)
    cat_index = np.fromiter((cat_pos[c] for c in people.categories), dtype=np.int64, count=n)
    pot_roles = _potential_by_role(pack, role_ids)
    potential = (
        (people.potential.astype(np.int16) @ pot_roles.astype(np.int16)) > 0
        if n
        else np.zeros((0, len(role_ids)), dtype=bool)
    )
    links = people.links
    # Organisations of other categories that work with each category now.
    own = np.zeros(len(cat_ids), dtype=np.int64)
    if n:
        np.add.at(own, cat_index, links[np.arange(n), cat_index].astype(np.int64))
    recognition_of = links.sum(axis=0, dtype=np.int64) - own if n else own
    shown = np.flatnonzero(~people.hidden)
    keep = [int(i) for i in shown]
    of = np.full(n, -1, dtype=np.int64)
    if not anonymous:
        of[shown] = np.arange(shown.size)
        real = np.asarray(people.real_ids, dtype=object)[shown]
        fit = np.asarray(people.role_fit, dtype=float)[shown]
        return _Actors(
            who=[people.names[i] for i in keep],
            response_id=[people.response_ids[i] for i in keep],
            category=[people.categories[i] for i in keep],
            is_category=np.ones(shown.size, dtype=bool),
            level=levels[cat_index[shown]],
            rating=people.ratings[shown].astype(np.int8),
            potential=potential[shown],
            pledged=people.pledges[shown],
            recognition=recognition_of[cat_index[shown]],
            fit=np.where(np.isnan(fit), -1.0, fit),
            engagement=(people.ratings[shown] * (levels[cat_index[shown]] > 0)).sum(
                axis=1, dtype=np.int64
            ),
            order=np.argsort(np.argsort(real.astype(str), kind="stable"), kind="stable"),
            connections=links[shown].sum(axis=1, dtype=np.int64),
            of=of,
        )
    group_of = np.asarray(people.groups, dtype=object)
    names = [
        g
        for g in dict.fromkeys([*cat_ids, OTHER_GROUP])
        if ((group_of == g) & ~people.hidden).any()
    ]
    r = len(role_ids)
    rating = np.zeros((len(names), r), dtype=np.int8)
    pot = np.zeros((len(names), r), dtype=bool)
    pledged = np.zeros((len(names), r), dtype=bool)
    level = np.zeros((len(names), r), dtype=np.int8)
    recognition = np.zeros(len(names), dtype=np.int64)
    for a, g in enumerate(names):
        members = (group_of == g) & ~people.hidden
        of[members] = a
        rating[a] = people.ratings[members].max(axis=0)
        pot[a] = potential[members].any(axis=0)
        pledged[a] = people.pledges[members].any(axis=0)
        if g in cat_pos:
            level[a] = levels[cat_pos[g]]
            recognition[a] = recognition_of[cat_pos[g]]
    return _Actors(
        who=names,
        response_id=[None] * len(names),
        category=names,
        is_category=np.asarray([g in cat_pos for g in names], dtype=bool),
        level=level,
        rating=rating,
        potential=pot,
        pledged=pledged,
        recognition=recognition,
        fit=np.full(len(names), -1.0),
        engagement=np.zeros(len(names), dtype=np.int64),
        order=np.arange(len(names)),
        connections=np.zeros(len(names), dtype=np.int64),
        of=of,
    )


def _ranked(actors: _Actors, idx: np.ndarray, j: int) -> np.ndarray:
    """``idx`` best first (the ranking of the module docstring)."""
    import numpy as np

    keys = (
        actors.order[idx],
        -actors.engagement[idx],
        -actors.fit[idx],
        -actors.pledged[idx, j].astype(np.int64),
        -actors.recognition[idx],
        -actors.potential[idx, j].astype(np.int64),
        -actors.rating[idx, j].astype(np.int64),
        -actors.level[idx, j].astype(np.int64),
    )
    return idx[np.lexsort(keys)]


def _key(actors: _Actors, i: int, j: int) -> tuple[float, ...]:
    return (
        float(actors.level[i, j]),
        float(actors.rating[i, j]),
        float(actors.potential[i, j]),
        float(actors.recognition[i]),
        float(actors.pledged[i, j]),
        float(actors.fit[i]),
        float(actors.engagement[i]),
    )


def _choose(
    actors: _Actors, j: int, mask: np.ndarray, pool_size: int, pool: str
) -> tuple[list[int], str]:
    """The actors of ``mask`` best first, and the reason code of the choice."""
    import numpy as np

    idx = np.flatnonzero(mask)
    if idx.size == 0:
        return [], f"{pool}_none"
    ordered = [int(i) for i in _ranked(actors, idx, j)]
    if len(ordered) == 1:
        return ordered, f"{pool}_{'sole' if pool_size == 1 else 'single'}"
    first, second = _key(actors, ordered[0], j), _key(actors, ordered[1], j)
    rule = next(
        (name for name, a, b in zip(_RULES, first, second, strict=True) if a != b), "fixed_order"
    )
    return ordered, f"{pool}_{rule}"


def _candidate(actors: _Actors, i: int, j: int | None, extra: Sequence[str] = ()) -> dict[str, Any]:
    why: list[str] = []
    rating: int | None = None
    if j is not None:
        level = int(actors.level[i, j])
        if level in _LEVEL_WHY:
            why.append(_LEVEL_WHY[level])
        rating = int(actors.rating[i, j])
        if rating >= 1:
            why.append(f"rated_{rating}")
        if actors.potential[i, j]:
            why.append("potential")
        if actors.pledged[i, j]:
            why.append("pledged")
    why += extra
    return {
        "who": actors.who[i],
        "response_id": actors.response_id[i],
        "category": actors.category[i],
        "rating": rating,
        "why": why,
    }


# ---------------------------------------------------------------------------- the plan


@dataclass(slots=True)
class _Action:
    kind: str
    role: int | None
    category: str | None
    owner: str | None
    candidates: list[dict[str, Any]]
    reason: str
    evidence: list[str]
    importance: int
    reach: int
    feasibility: int
    actor: int | None = None  #: the owner's actor index

    @property
    def score(self) -> int:
        return self.importance * self.reach * self.feasibility


@dataclass(frozen=True)
class Plan:
    """What :func:`plan` proposes."""

    actions: pd.DataFrame
    raci: pd.DataFrame | None  #: None in anonymous mode
    #: Findings of the RACI check, as ``data_quality`` rows (code, subject, detail).
    notes: list[dict[str, Any]] = field(default_factory=list)


def plan(
    pack: ReferencePack,
    questionnaire: Questionnaire,
    tables: Mapping[str, pd.DataFrame],
    people: Respondents,
    invitations: Sequence[Invitation],
    drafts: Mapping[str, tuple[int, int, str]],
    responses: Sequence[StoredResponse],
    counted: Sequence[StoredResponse],
    privacy: str,
) -> Plan:
    """The proposed actions, the RACI chart and its check (rules: the module docstring).

    ``tables`` are the analysis' own (``role_coverage`` with ``primary_owners_heard``,
    ``participation``, ``collaboration``); ``people`` the responses in its figures;
    ``responses`` every stored response and ``counted`` those counted (a stored, uncounted
    one is an unverified answer left out).
    """
    role_ids = [r.id for r in pack.roles]
    anonymous = privacy == "anonymous"
    actors = _actors(pack, people, role_ids, anonymous)
    cov = tables["role_coverage"]
    statuses = [str(s) for s in cov["status"]]
    missing = [None if suppressed(v) else bool(v) for v in cov["owner_missing"]]
    heard = [None if suppressed(v) else bool(v) for v in cov["primary_owners_heard"]]
    contributors = [int(x) for x in cov["contributors"]]
    leaders = [int(x) for x in cov["leaders"]]
    weight = [_problem_weight(s, m) for s, m in zip(statuses, missing, strict=True)]
    importance = [_importance(pack, r) for r in role_ids]

    def role_evidence(j: int) -> list[str]:
        ids = [] if statuses[j] == "covered" else [f"role:{role_ids[j]}:{statuses[j]}"]
        return ids + ([f"owner_missing:{role_ids[j]}"] if flagged(missing[j]) else [])

    out: list[_Action] = []
    accountable: dict[int, tuple[int, str]] = {}  # role -> (actor, basis)
    rating = actors.rating
    for j, status in enumerate(statuses):
        if status == "uncovered":
            if heard[j] is False:
                continue  # the chase or invite of its owners
            mask = (
                (actors.level[:, j] > 0)
                | (rating[:, j] == 2)
                | actors.potential[:, j]
                | actors.pledged[:, j]
            )
            ordered, reason = _choose(actors, j, mask, int(mask.sum()), "candidate")
            ready = bool(ordered) and (
                rating[ordered[0], j] >= 2
                or actors.potential[ordered[0], j]
                or actors.pledged[ordered[0], j]
            )
            out.append(_role_action(actors, "find_contributor", j, ordered, reason, role_evidence(j),
                                    importance[j], 3, 2 if ready else 1))  # fmt: skip
            continue
        if leaders[j]:
            ordered, reason = _choose(actors, j, rating[:, j] >= LEADER_LEVEL, leaders[j], "leader")
        else:
            mask = rating[:, j] >= CONTRIBUTOR_LEVEL
            ordered, reason = _choose(actors, j, mask, contributors[j], "contributor")
        if ordered:
            accountable[j] = (ordered[0], reason)
        if status in ("contested", "no_lead"):
            kind = "agree_lead" if status == "contested" else "assign_lead"
            out.append(_role_action(actors, kind, j, ordered, reason, role_evidence(j),
                                    importance[j], 2, 3))  # fmt: skip

    out += _participation_actions(
        pack,
        questionnaire,
        tables,
        invitations,
        drafts,
        responses,
        counted,
        privacy,
        heard,
        weight,
        importance,
        role_evidence,
    )
    out += _organisation_actions(
        pack, people, actors, privacy, statuses, missing, weight, importance, role_evidence, out
    )
    out += _need_actions(pack, actors, tables, anonymous)
    actions = _table(pack, out, role_ids)
    if anonymous:
        return Plan(actions, None, [])
    raci = _raci(pack, actors, accountable, cov["role_name"].to_numpy(dtype=object))
    return Plan(actions, raci, raci_findings(raci, cov))


def _role_action(
    actors: _Actors,
    kind: str,
    j: int,
    ordered: list[int],
    reason: str,
    evidence: list[str],
    importance: int,
    reach: int,
    feasibility: int,
) -> _Action:
    owner = ordered[0] if ordered else None
    return _Action(
        kind=kind,
        role=j,
        category=actors.category[owner] if owner is not None else None,
        owner=actors.who[owner] if owner is not None else None,
        candidates=[_candidate(actors, i, j) for i in ordered[:MAX_CANDIDATES]],
        reason=reason,
        evidence=evidence,
        importance=importance,
        reach=reach,
        feasibility=feasibility,
        actor=owner,
    )


def _participation_actions(
    pack: ReferencePack,
    questionnaire: Questionnaire,
    tables: Mapping[str, pd.DataFrame],
    invitations: Sequence[Invitation],
    drafts: Mapping[str, tuple[int, int, str]],
    responses: Sequence[StoredResponse],
    counted: Sequence[StoredResponse],
    privacy: str,
    heard: list[Any],
    weight: list[int],
    importance: list[int],
    role_evidence: Callable[[int], list[str]],
) -> list[_Action]:
    """The chase and invite actions, one category at a time (pack order)."""
    part = tables["participation"]
    voice = {str(c): bool(v) for c, v in zip(part["category"], part["has_voice"], strict=True)}
    drafts_shown = {
        str(c): None if suppressed(v) else int(v)
        for c, v in zip(part["category"], part["drafts"], strict=True)
    }
    collab = tables["collaboration"]
    needed_by: dict[str, list[str]] = {}
    for row in collab.itertuples(index=False):
        if row.status == "need_no_voice":
            needed_by.setdefault(str(row.to_category), []).append(str(row.from_category))
    answered = {r.response_id for r in counted}
    stored = {r.response_id: r for r in responses}
    active = [i for i in invitations if i.revoked_at is None]
    role_ids = [r.id for r in pack.roles]
    out: list[_Action] = []
    for cat in pack.categories:
        c = cat.id
        if c not in voice:
            continue  # merged into "other" (anonymous): it may not be shown on its own
        levels = [pack.level(c, r) for r in role_ids]
        primary = [j for j, lv in enumerate(levels) if lv == "primary"]
        expected = [j for j, lv in enumerate(levels) if lv != "none"]
        concerned = sorted(
            (j for j in expected if weight[j] > 0),
            key=lambda j: (levels[j] != "primary", -weight[j], -importance[j], j),
        )
        needs = needed_by.get(c, [])
        reach = sum(weight[j] if levels[j] == "primary" else 1 for j in concerned) + len(needs)
        role = concerned[0] if concerned else None
        rank = importance[role] if role is not None else 1
        shared = [e for j in concerned for e in role_evidence(j)] + [
            f"collaboration:{g}:{c}" for g in needs
        ]
        silent = [i for i in active if i.category == c and i.response_id not in answered]
        lead = [] if voice[c] else [f"category:{c}"]
        if primary and silent and privacy == "named":
            for inv in sorted(
                silent, key=lambda i: (normalise_id(i.organisation), i.invitation_id)
            ):
                left_out = stored.get(inv.response_id)
                named = left_out is None or not declined_naming(questionnaire, left_out)
                if left_out is not None:
                    reason, feasibility = "unverified_excluded", 3
                elif inv.invitation_id in drafts:
                    reason, feasibility = "draft_not_submitted", 3
                else:
                    reason, feasibility = "no_answer", 2
                why = ["expected_primary"] + (["draft"] if reason == "draft_not_submitted" else [])
                candidates = (
                    [{"who": inv.organisation, "response_id": inv.response_id, "category": c,
                      "rating": None, "why": why}]
                    if named
                    else []
                )  # fmt: skip
                evidence = lead + (
                    [f"invitation:{inv.invitation_id}"]
                    if named
                    else [f"category:{c}:not_submitted"]
                )
                out.append(_Action("chase", role, c, inv.organisation if named else c, candidates,
                                   reason, evidence + shared, rank, reach, feasibility))  # fmt: skip
        elif primary and silent:
            # Only what participation shows of the category: its drafts, unless suppressed.
            draft = (drafts_shown.get(c) or 0) > 0
            reason, feasibility = ("draft_not_submitted", 3) if draft else ("not_submitted", 2)
            out.append(_Action("chase", role, c, c, [], reason,
                               [*lead, f"category:{c}:not_submitted", *shared], rank, reach,
                               feasibility))  # fmt: skip
        elif not voice[c] and (expected or needs):
            reason = "no_answer" if any(i.category == c for i in active) else "not_invited"
            out.append(_Action("invite", role, c, None, [], reason, lead + shared, rank, reach, 1))
    if privacy != "named" and OTHER_GROUP in voice and not voice[OTHER_GROUP]:
        out += _chase_other(pack, voice, heard, weight, importance, role_evidence)
    return out


def _chase_other(
    pack: ReferencePack,
    voice: Mapping[str, bool],
    heard: list[Any],
    weight: list[int],
    importance: list[int],
    role_evidence: Callable[[int], list[str]],
) -> list[_Action]:
    """Anonymous: the silent ``other`` row holds the only owners of some unheard roles.

    Its categories get no chase of their own (each is too small to show), but those roles
    need an action: one chase of ``other``, about the roles whose owners were not heard.
    """
    merged = [c.id for c in pack.categories if c.id not in voice]
    roles = [
        j
        for j, role in enumerate(pack.roles)
        if heard[j] is False
        and weight[j] > 0
        and any(pack.level(c, role.id) == "primary" for c in merged)
    ]
    if not roles:
        return []
    roles.sort(key=lambda j: (-weight[j], -importance[j], j))
    evidence = [f"category:{OTHER_GROUP}:not_submitted"] + [
        e for j in roles for e in role_evidence(j)
    ]
    reach = sum(weight[j] for j in roles)
    return [
        _Action(
            "chase",
            roles[0],
            OTHER_GROUP,
            OTHER_GROUP,
            [],
            "not_submitted",
            evidence,
            importance[roles[0]],
            reach,
            2,
        )
    ]


def _organisation_actions(
    pack: ReferencePack,
    people: Respondents,
    actors: _Actors,
    privacy: str,
    statuses: list[str],
    missing: list[Any],
    weight: list[int],
    importance: list[int],
    role_evidence: Callable[[int], list[str]],
    role_actions: list[_Action],
) -> list[_Action]:
    """The take_up_pledge and close_gap actions: one per owner and role, none where a role action asks."""
    import numpy as np

    role_ids = [r.id for r in pack.roles]
    anonymous = privacy == "anonymous"
    cat_pos = {c.id: i for i, c in enumerate(pack.categories)}
    levels = np.array(
        [[_LEVEL_RANK[pack.level(c.id, r)] for r in role_ids] for c in pack.categories],
        dtype=np.int8,
    ).reshape(len(pack.categories), len(role_ids))
    n = len(people.categories)
    cat_index = np.fromiter((cat_pos[c] for c in people.categories), dtype=np.int64, count=n)
    level = levels[cat_index] if n else np.zeros((0, len(role_ids)), dtype=np.int8)
    S = people.ratings
    taken = {(a.actor, a.role): a for a in role_actions if a.actor is not None}
    pledged_to: dict[tuple[int, int], _Action] = {}
    out: list[_Action] = []

    def who_id(i: int, role: str, prefix: str) -> str:
        return f"{prefix}:{people.groups[i] if anonymous else people.response_ids[i]}:{role}"

    pledge = people.pledges & (S < CONTRIBUTOR_LEVEL) & (actors.of[:, None] >= 0)
    for i, j in zip(*np.nonzero(pledge), strict=True):
        i, j = int(i), int(j)
        own_gap = bool(level[i, j]) and S[i, j] < (3 if level[i, j] == 2 else 2)
        if statuses[j] in ("uncovered", "no_lead"):
            reason, reach = f"pledge_{statuses[j]}", weight[j]
        elif flagged(missing[j]):
            reason, reach = "pledge_owner_missing", weight[j]
        elif own_gap and not anonymous:
            reason, reach = "pledge_own_gap", 1
        else:
            continue
        a = int(actors.of[i])
        evidence = [who_id(i, role_ids[j], "pledge"), *role_evidence(j)]
        if (a, j) in taken:
            _join(taken[(a, j)], evidence)
        elif (a, j) in pledged_to:
            _join(pledged_to[(a, j)], evidence)
        else:
            pledged_to[(a, j)] = _Action(
                "take_up_pledge", j, actors.category[a], actors.who[a], [_candidate(actors, a, j)],
                reason, evidence, importance[j], reach, 3, a,
            )  # fmt: skip
    out += pledged_to.values()
    # Only where the role is short city-wide: where others fill it, the shortfall is the
    # organisation's own feedback (organisation_roles), not a decision for the city.
    short = np.asarray(
        [
            st in ("uncovered", "no_lead") or flagged(m)
            for st, m in zip(statuses, missing, strict=True)
        ],
        dtype=bool,
    )
    gap = (level == 2) & (S <= 1) & (actors.of[:, None] >= 0) & short[None, :]
    oi, jj = np.nonzero(gap)
    aa = actors.of[oi]
    if anonymous:  # "an organisation of other has a gap" would tell its category
        keep = actors.is_category[aa]
        oi, jj, aa = oi[keep], jj[keep], aa[keep]
    # Plain lists for the loop: a campaign of 100,000 organisations has ~50,000 such gaps.
    shown_ids = people.groups if anonymous else people.response_ids
    suffix = ":gap" if anonymous else ""
    closing: dict[tuple[int, int], _Action] = {}
    for i, j, a, rating, pot, pl in zip(
        oi.tolist(), jj.tolist(), aa.tolist(), actors.rating[aa, jj].tolist(),
        actors.potential[aa, jj].tolist(), actors.pledged[aa, jj].tolist(), strict=True,
    ):  # fmt: skip
        evidence = [f"gap:{shown_ids[i]}:{role_ids[j]}{suffix}"]
        held = taken.get((a, j)) or pledged_to.get((a, j)) or closing.get((a, j))
        if held is not None:
            _join(held, evidence)
            continue
        why = ["expected_primary"] + ([f"rated_{rating}"] if rating else [])
        why += (["potential"] if pot else []) + (["pledged"] if pl else [])
        candidate = {"who": actors.who[a], "response_id": actors.response_id[a],
                     "category": actors.category[a], "rating": rating, "why": why}  # fmt: skip
        closing[(a, j)] = _Action(
            "close_gap", j, actors.category[a], actors.who[a], [candidate], "primary_role_gap",
            evidence, importance[j], 1, 2 if pot or pl else 1, a,
        )  # fmt: skip
    out += closing.values()
    return out


def _join(action: _Action, evidence: list[str]) -> None:
    for e in evidence:
        if e not in action.evidence:
            action.evidence.append(e)


def _need_actions(
    pack: ReferencePack, actors: _Actors, tables: Mapping[str, pd.DataFrame], anonymous: bool
) -> list[_Action]:
    """The meet_need actions: one per category others need and nobody of theirs works with."""
    import numpy as np

    collab = tables["collaboration"]
    needing: dict[str, list[str]] = {}
    for row in collab.itertuples(index=False):
        if row.status == "need_unmet":
            needing.setdefault(str(row.to_category), []).append(str(row.from_category))
    out = []
    for cat in pack.categories:
        groups = needing.get(cat.id)
        if not groups:
            continue
        evidence = [f"collaboration:{g}:{cat.id}" for g in groups]
        if anonymous:
            out.append(
                _Action(
                    "meet_need", None, cat.id, cat.id, [], "need_unmet", evidence, 1, len(groups), 2
                )
            )
            continue
        idx = np.flatnonzero(np.asarray([c == cat.id for c in actors.category], dtype=bool))
        ordered = [int(i) for i in idx[np.lexsort((actors.order[idx], -actors.connections[idx]))]]
        candidates = [
            _candidate(
                actors,
                i,
                None,
                ["needed_category"] + (["connected"] if actors.connections[i] else []),
            )
            for i in ordered[:MAX_CANDIDATES]
        ]
        owner = ordered[0] if ordered else None
        out.append(
            _Action("meet_need", None, cat.id, actors.who[owner] if owner is not None else None,
                    candidates, "need_unmet", evidence, 1, len(groups), 2, owner)
        )  # fmt: skip
    return out


def _table(pack: ReferencePack, actions: list[_Action], role_ids: list[str]) -> pd.DataFrame:
    import pandas as pd

    kind_order = {k: i for i, k in enumerate(ACTION_KINDS)}
    cat_order = {c.id: i for i, c in enumerate(pack.categories)}
    big = len(role_ids) + len(cat_order) + 1
    actions.sort(
        key=lambda a: (
            -a.score,
            kind_order[a.kind],
            a.role if a.role is not None else big,
            cat_order.get(a.category, big) if a.category is not None else big + 1,
            a.category or "",
            a.owner is None,
            a.owner or "",
            a.evidence,
        )
    )
    scores = sorted({a.score for a in actions}, reverse=True)
    rank = {s: i + 1 for i, s in enumerate(scores)}
    rows = [
        {
            "action": f"ACT-{n}",
            "kind": a.kind,
            "role": role_ids[a.role] if a.role is not None else None,
            "category": a.category,
            "owner": a.owner,
            "candidates": a.candidates,
            "priority": rank[a.score],
            "reason": a.reason,
            "evidence_ids": a.evidence,
        }
        for n, a in enumerate(actions, start=1)
    ]
    # Built column by column as objects: an empty owner or role stays None, not NaN.
    out = pd.DataFrame(
        {c: pd.Series([row[c] for row in rows], dtype=object) for c in ACTION_COLUMNS},
        columns=list(ACTION_COLUMNS),
    )
    out["priority"] = out["priority"].astype("int64")
    return out


# ---------------------------------------------------------------------------- RACI


def _raci(
    pack: ReferencePack,
    actors: _Actors,
    accountable: Mapping[int, tuple[int, str]],
    role_names: np.ndarray,
) -> pd.DataFrame:
    """Role × shown organisation (role-major), one letter each; A from ``accountable``.

    Built from codes, as ``organisation_roles`` is: 100,000 organisations make 2.4 million
    rows.
    """
    import numpy as np
    import pandas as pd

    n, r = actors.rating.shape
    ratings = np.clip(actors.rating, 0, LEADER_LEVEL)
    # By rating 0-4: the letter (A R C I; -1 none) and the basis.
    letters = np.array([-1, 3, 2, 1, 1], dtype=np.int8)[ratings]
    names = [_RACI_BASIS[v] for v in range(LEADER_LEVEL + 1)]
    chosen = sorted({code for _, code in accountable.values()})
    basis = ratings.astype(np.int16)
    for j, (a, code) in accountable.items():
        letters[a, j] = 0
        basis[a, j] = len(names) + chosen.index(code)
    role_codes = np.repeat(np.arange(r, dtype=np.int32), n)
    org_codes = np.tile(np.arange(n, dtype=np.int32), r)
    levels = np.array([2, 1, 0], dtype=np.int8)[actors.level.T.reshape(-1)]  # 2 = primary
    return pd.DataFrame(
        {
            "role": pd.Categorical.from_codes(role_codes, categories=[x.id for x in pack.roles]),
            "role_name": _labels(role_names, role_codes),
            "response_id": pd.Categorical.from_codes(
                org_codes, categories=pd.Index(actors.response_id)
            ),
            "organisation": _labels(np.asarray(actors.who, dtype=object), org_codes),
            "category": _labels(np.asarray(actors.category, dtype=object), org_codes),
            "expected_level": pd.Categorical.from_codes(
                levels, categories=["primary", "supporting", "none"]
            ),
            "self_involvement": actors.rating.T.reshape(-1),
            "letter": pd.Categorical.from_codes(
                letters.T.reshape(-1), categories=["A", "R", "C", "I"]
            ),
            "basis": pd.Categorical.from_codes(basis.T.reshape(-1), categories=names + chosen),
        },
        columns=list(RACI_COLUMNS),
    )


def _labels(values: np.ndarray, codes: np.ndarray) -> pd.Categorical:
    """``values[codes]`` as a categorical: millions of rows, a few thousand distinct texts.

    Values may repeat (two organisations with one name): they share a category.
    """
    import numpy as np
    import pandas as pd

    distinct, inverse = np.unique(values.astype(str), return_inverse=True)
    return pd.Categorical.from_codes(
        inverse.reshape(-1).astype(np.int32)[codes], categories=pd.Index(distinct, dtype=object)
    )


def raci_findings(raci: pd.DataFrame, coverage: pd.DataFrame) -> list[dict[str, Any]]:
    """The RACI rule, checked: every role with a contributor has one A and someone doing it.

    One ``data_quality`` row per role that breaks it: ``raci_no_accountable`` (the leaders,
    or the contributors of a role nobody leads, all declined to be named),
    ``raci_several_accountable``, ``raci_no_responsible`` (nobody rating it 3 or 4 among its
    A and R).
    """
    letter = raci["letter"]
    accountable = raci.loc[letter == "A", "role"].value_counts()
    working = letter.isin(["A", "R"]) & (raci["self_involvement"] >= CONTRIBUTOR_LEVEL)
    doing = raci.loc[working, "role"].value_counts()
    notes: list[dict[str, Any]] = []
    for row in coverage.itertuples(index=False):
        role, n = str(row.role), int(row.contributors)
        if n == 0:
            continue
        a = int(accountable.get(role, 0))
        if a == 0:
            code = "raci_no_accountable"
            detail = (
                f"{n} contributor(s), but those who could be accountable declined to be "
                "named: no accountable organisation is proposed"
            )
        elif a > 1:
            code, detail = "raci_several_accountable", f"{a} organisations are accountable"
        elif not doing.get(role, 0):
            code, detail = (
                "raci_no_responsible",
                "nobody accountable or responsible rates it 3 or 4",
            )
        else:
            continue
        notes.append({"code": code, "subject": role, "detail": detail})
    return notes


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
    named = privacy == "named"
    cov_now = {str(r.role): r for r in tables["role_coverage"].itertuples(index=False)}
    cov_before = {str(r.role): r for r in previous.tables["role_coverage"].itertuples(index=False)}
    voice = {str(r.category): r for r in tables["participation"].itertuples(index=False)}
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
        collab = analysis_tables["collaboration"]
        hits = collab[
            (collab["to_category"] == category)
            & collab["status"].isin(["need_unmet", "need_no_voice"])
        ]
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
        outcome: str | None = "open"
        if kind in ("agree_lead", "assign_lead", "find_contributor") and now is not None:
            status = str(now.status)
            if kind == "agree_lead":
                worse = status in ("no_lead", "uncovered") or (
                    status == "contested"
                    and before is not None
                    and int(now.leaders) > int(before.leaders)
                )
                outcome = "resolved" if status == "covered" else "worse" if worse else "open"
            elif kind == "assign_lead":
                outcome = (
                    "resolved"
                    if status == "covered"
                    else "worse"
                    if status == "uncovered"
                    else "open"
                )
            else:
                outcome = "resolved" if status != "uncovered" else "open"
        elif kind == "chase":
            if key is not None:
                outcome = "resolved" if key in answered else "open"
            else:
                row = participation_row(str(category))
                if row is None or (str(row.category) != category and bool(row.has_voice)):
                    outcome = None  # inside "other": not shown on its own
                else:
                    rate = row.response_rate
                    outcome = (
                        "resolved"
                        if rate is not None and not _nan(rate) and float(rate) >= 1
                        else "open"
                    )
        elif kind == "invite":
            row = participation_row(str(category))
            if row is None or (str(row.category) != category and bool(row.has_voice)):
                outcome = None
            else:
                outcome = "resolved" if bool(row.has_voice) else "open"
        elif kind in ("close_gap", "take_up_pledge") and key is not None:
            rating_now = now_rating.get((*key, str(role)))
            rating_before = before_rating.get((*key, str(role)))
            done = rating_now is not None and (
                rating_now >= 2 if kind == "close_gap" else rating_now >= CONTRIBUTOR_LEVEL
            )
            lower = (
                rating_now is not None and rating_before is not None and rating_now < rating_before
            )
            outcome = "resolved" if done else "worse" if lower else "open"
        elif kind == "close_gap":
            outcome = "open" if ("close_gap", category, role) in proposed else "resolved"
        elif kind == "take_up_pledge" and now is not None:
            fell = (
                before is not None
                and _STATUS_RANK[str(now.status)] < _STATUS_RANK[str(before.status)]
            )
            outcome = "resolved" if str(now.status) == "covered" else "worse" if fell else "open"
        elif kind == "meet_need":
            count_now = unmet(tables, str(category))
            count_before = len(a.evidence_ids) if isinstance(a.evidence_ids, list) else 0
            outcome = (
                "resolved" if count_now == 0 else "worse" if count_now > count_before else "open"
            )
        rows.append(
            {
                "action": a.action,
                "kind": kind,
                "role": role,
                "category": category,
                "outcome": outcome,
            }
        )
    return pd.DataFrame(rows, columns=list(FOLLOWUP_COLUMNS))


def _nan(value: Any) -> bool:
    return isinstance(value, float) and math.isnan(value)
