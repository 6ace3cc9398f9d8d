"""Decisions: the diagnosis turned into a plan the city can adopt (DESIGN.md, "Decisions").

:func:`plan` reads the tables :func:`sscassess.analysis.analyse.analyse` has built and proposes the
``actions`` table (one row per action), the ``raci`` table (role × organisation, one
accountable per role) and the findings of the RACI check; :func:`.followup.followup` says, with
``--previous``, what became of each action of the earlier round. :func:`.actors.owners_heard` gives
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
    A; :func:`.raci.raci_findings` checks it and notes each role that breaks it: a role whose
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

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sscassess.analysis.action_terms import (
    ACTION_COLUMNS,
    ACTION_KINDS,
    LEVEL_RANK,
    MAX_CANDIDATES,
)
from sscassess.analysis.actors import (
    Actors,
    Respondents,
    candidate_row,
    choose_actor,
    gather_actors,
    problem_weight,
    role_importance,
)
from sscassess.analysis.definitions import (
    CONTRIBUTOR_LEVEL,
    LEADER_LEVEL,
    OTHER_GROUP,
    declined_naming,
    flagged,
    suppressed,
)
from sscassess.analysis.raci import raci_findings, raci_table
from sscassess.core.texts import normalise_id
from sscassess.core.vocabulary import LEADERLESS, ActionKind, Coverage, Level, Link, Privacy, Table

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

    import pandas as pd

    from sscassess.campaign.store import Invitation, StoredResponse
    from sscassess.questionnaire.model import Questionnaire
    from sscassess.reference.model import ReferencePack

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
    #: Findings of the RACI check, as ``data_quality`` rows (code, subject, params).
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
    anonymous = privacy == Privacy.ANONYMOUS
    actors = gather_actors(pack, people, role_ids, anonymous)
    cov = tables[Table.ROLE_COVERAGE]
    statuses = [str(s) for s in cov["status"]]
    missing = [None if suppressed(v) else bool(v) for v in cov["owner_missing"]]
    heard = [None if suppressed(v) else bool(v) for v in cov["primary_owners_heard"]]
    contributors = [int(x) for x in cov["contributors"]]
    leaders = [int(x) for x in cov["leaders"]]
    weight = [problem_weight(s, m) for s, m in zip(statuses, missing, strict=True)]
    importance = [role_importance(pack, r) for r in role_ids]

    def role_evidence(j: int) -> list[str]:
        ids = [] if statuses[j] == Coverage.COVERED else [f"role:{role_ids[j]}:{statuses[j]}"]
        return ids + ([f"owner_missing:{role_ids[j]}"] if flagged(missing[j]) else [])

    out: list[_Action] = []
    accountable: dict[int, tuple[int, str]] = {}  # role -> (actor, basis)
    rating = actors.rating
    for j, status in enumerate(statuses):
        if status == Coverage.UNCOVERED:
            if heard[j] is False:
                continue  # the chase or invite of its owners
            mask = (
                (actors.level[:, j] > 0)
                | (rating[:, j] == 2)
                | actors.potential[:, j]
                | actors.pledged[:, j]
            )
            ordered, reason = choose_actor(actors, j, mask, int(mask.sum()), "candidate")
            ready = bool(ordered) and (
                rating[ordered[0], j] >= 2
                or actors.potential[ordered[0], j]
                or actors.pledged[ordered[0], j]
            )
            out.append(_role_action(actors, ActionKind.FIND_CONTRIBUTOR, j, ordered, reason, role_evidence(j),
                                    importance[j], 3, 2 if ready else 1))  # fmt: skip
            continue
        if leaders[j]:
            ordered, reason = choose_actor(
                actors, j, rating[:, j] >= LEADER_LEVEL, leaders[j], "leader"
            )
        else:
            mask = rating[:, j] >= CONTRIBUTOR_LEVEL
            ordered, reason = choose_actor(actors, j, mask, contributors[j], "contributor")
        if ordered:
            accountable[j] = (ordered[0], reason)
        if status in (Coverage.CONTESTED, Coverage.NO_LEAD):
            kind = ActionKind.AGREE_LEAD if status == Coverage.CONTESTED else ActionKind.ASSIGN_LEAD
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
    raci = raci_table(pack, actors, accountable, cov["role_name"].to_numpy(dtype=object))
    return Plan(actions, raci, raci_findings(raci, cov))


def _role_action(
    actors: Actors,
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
        candidates=[candidate_row(actors, i, j) for i in ordered[:MAX_CANDIDATES]],
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
    part = tables[Table.PARTICIPATION]
    voice = {str(c): bool(v) for c, v in zip(part["category"], part["has_voice"], strict=True)}
    drafts_shown = {
        str(c): None if suppressed(v) else int(v)
        for c, v in zip(part["category"], part["drafts"], strict=True)
    }
    collab = tables[Table.COLLABORATION]
    needed_by: dict[str, list[str]] = {}
    for row in collab.itertuples(index=False):
        if row.status == Link.NEED_NO_VOICE:
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
        primary = [j for j, lv in enumerate(levels) if lv == Level.PRIMARY]
        expected = [j for j, lv in enumerate(levels) if lv != Level.NONE]
        concerned = sorted(
            (j for j in expected if weight[j] > 0),
            key=lambda j: (levels[j] != Level.PRIMARY, -weight[j], -importance[j], j),
        )
        needs = needed_by.get(c, [])
        reach = sum(weight[j] if levels[j] == Level.PRIMARY else 1 for j in concerned) + len(needs)
        role = concerned[0] if concerned else None
        rank = importance[role] if role is not None else 1
        shared = [e for j in concerned for e in role_evidence(j)] + [
            f"collaboration:{g}:{c}" for g in needs
        ]
        silent = [i for i in active if i.category == c and i.response_id not in answered]
        lead = [] if voice[c] else [f"category:{c}"]
        if primary and silent and privacy == Privacy.NAMED:
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
                out.append(_Action(ActionKind.CHASE, role, c, inv.organisation if named else c, candidates,
                                   reason, evidence + shared, rank, reach, feasibility))  # fmt: skip
        elif primary and silent:
            # Only what participation shows of the category: its drafts, unless suppressed.
            draft = (drafts_shown.get(c) or 0) > 0
            reason, feasibility = ("draft_not_submitted", 3) if draft else ("not_submitted", 2)
            out.append(_Action(ActionKind.CHASE, role, c, c, [], reason,
                               [*lead, f"category:{c}:not_submitted", *shared], rank, reach,
                               feasibility))  # fmt: skip
        elif not voice[c] and (expected or needs):
            reason = "no_answer" if any(i.category == c for i in active) else "not_invited"
            out.append(
                _Action(ActionKind.INVITE, role, c, None, [], reason, lead + shared, rank, reach, 1)
            )
    if privacy != Privacy.NAMED and OTHER_GROUP in voice and not voice[OTHER_GROUP]:
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
        and any(pack.level(c, role.id) == Level.PRIMARY for c in merged)
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
            ActionKind.CHASE,
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
    actors: Actors,
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
    anonymous = privacy == Privacy.ANONYMOUS
    cat_pos = {c.id: i for i, c in enumerate(pack.categories)}
    levels = np.array(
        [[LEVEL_RANK[pack.level(c.id, r)] for r in role_ids] for c in pack.categories],
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
        if statuses[j] in LEADERLESS:
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
                ActionKind.TAKE_UP_PLEDGE, j, actors.category[a], actors.who[a], [candidate_row(actors, a, j)],
                reason, evidence, importance[j], reach, 3, a,
            )  # fmt: skip
    out += pledged_to.values()
    # Only where the role is short city-wide: where others fill it, the shortfall is the
    # organisation's own feedback (organisation_roles), not a decision for the city.
    short = np.asarray(
        [st in LEADERLESS or flagged(m) for st, m in zip(statuses, missing, strict=True)],
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
            ActionKind.CLOSE_GAP, j, actors.category[a], actors.who[a], [candidate], "primary_role_gap",
            evidence, importance[j], 1, 2 if pot or pl else 1, a,
        )  # fmt: skip
    out += closing.values()
    return out


def _join(action: _Action, evidence: list[str]) -> None:
    for e in evidence:
        if e not in action.evidence:
            action.evidence.append(e)


def _need_actions(
    pack: ReferencePack, actors: Actors, tables: Mapping[str, pd.DataFrame], anonymous: bool
) -> list[_Action]:
    """The meet_need actions: one per category others need and nobody of theirs works with."""
    import numpy as np

    collab = tables[Table.COLLABORATION]
    needing: dict[str, list[str]] = {}
    for row in collab.itertuples(index=False):
        if row.status == Link.NEED_UNMET:
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
                    ActionKind.MEET_NEED,
                    None,
                    cat.id,
                    cat.id,
                    [],
                    "need_unmet",
                    evidence,
                    1,
                    len(groups),
                    2,
                )
            )
            continue
        idx = np.flatnonzero(np.asarray([c == cat.id for c in actors.category], dtype=bool))
        ordered = [int(i) for i in idx[np.lexsort((actors.order[idx], -actors.connections[idx]))]]
        candidates = [
            candidate_row(
                actors,
                i,
                None,
                ["needed_category"] + (["connected"] if actors.connections[i] else []),
            )
            for i in ordered[:MAX_CANDIDATES]
        ]
        owner = ordered[0] if ordered else None
        out.append(
            _Action(ActionKind.MEET_NEED, None, cat.id, actors.who[owner] if owner is not None else None,
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
            "kind": str(a.kind),  # a plain string in the table, like every cell
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
