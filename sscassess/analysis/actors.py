"""Who may act on a role: the respondents as arrays, their ranking for a role, and why."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sscassess.analysis.action_terms import (
    LEVEL_RANK,
    LEVEL_WHY,
    PLEDGE_MAPPING,
    POTENTIAL_ROLES,
    RULES,
    SEVERITY,
)
from sscassess.analysis.definitions import NOT_HEARD as NOT_HEARD  # the texts' "not heard" phrase
from sscassess.analysis.definitions import (
    OTHER_GROUP,
    flagged,
)
from sscassess.core.vocabulary import Coverage, Level

if TYPE_CHECKING:
    from collections.abc import Sequence

    import numpy as np
    import pandas as pd

    from sscassess.campaign.store import StoredResponse
    from sscassess.questionnaire.model import Questionnaire
    from sscassess.reference.model import ReferencePack


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
        primary = [c.id for c in pack.categories if pack.level(c.id, role.id) == Level.PRIMARY]
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


def problem_weight(status: str, owner_missing: Any) -> int:
    """How bad a role's coverage is: its status's severity, 1 for a covered role whose owner is missing."""
    if status != Coverage.COVERED:
        return SEVERITY[status]
    return 1 if flagged(owner_missing) else 0


def role_importance(pack: ReferencePack, role: str) -> int:
    """3 when the report itself makes some category primary for the role, 2 when only the toolkit does, 1 otherwise."""
    cells = [pack.expectations.get(c.id, {}).get(role) for c in pack.categories]
    primary = [x for x in cells if x is not None and x.level == Level.PRIMARY.value]
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
class Actors:
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
        """How many actors there are."""
        return len(self.who)


def gather_actors(
    pack: ReferencePack, people: Respondents, role_ids: Sequence[str], anonymous: bool
) -> Actors:
    """Everyone who may be proposed for a role (organisations, or groups when anonymous), as arrays."""
    import numpy as np

    cat_ids = [c.id for c in pack.categories]
    cat_pos = {c: i for i, c in enumerate(cat_ids)}
    levels = np.array(
        [[LEVEL_RANK[pack.level(c, r)] for r in role_ids] for c in cat_ids], dtype=np.int8
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
        return Actors(
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
    return Actors(
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


def _ranked(actors: Actors, idx: np.ndarray, j: int) -> np.ndarray:
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


def _key(actors: Actors, i: int, j: int) -> tuple[float, ...]:
    return (
        float(actors.level[i, j]),
        float(actors.rating[i, j]),
        float(actors.potential[i, j]),
        float(actors.recognition[i]),
        float(actors.pledged[i, j]),
        float(actors.fit[i]),
        float(actors.engagement[i]),
    )


def choose_actor(
    actors: Actors, j: int, mask: np.ndarray, pool_size: int, pool: str
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
        (name for name, a, b in zip(RULES, first, second, strict=True) if a != b), "fixed_order"
    )
    return ordered, f"{pool}_{rule}"


def candidate_row(
    actors: Actors, i: int, j: int | None, extra: Sequence[str] = ()
) -> dict[str, Any]:
    """One entry of an action's ``candidates``: who, and the reasons (``why``) they were chosen."""
    why: list[str] = []
    rating: int | None = None
    if j is not None:
        level = int(actors.level[i, j])
        if level in LEVEL_WHY:
            why.append(LEVEL_WHY[level])
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
