"""The counted responses as dense arrays, their pseudonyms, and the reporting groups."""

from __future__ import annotations

import operator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sscassess.analysis.definitions import (
    DECLINED_GROUP,
    ITEM_KINDS,
    OTHER_GROUP,
    declined_naming,
)
from sscassess.core.errors import Msg, UsageError
from sscassess.core.vocabulary import Privacy

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    import numpy as np

    from sscassess.campaign.store import StoredResponse
    from sscassess.questionnaire.model import Questionnaire
    from sscassess.reference.model import ReferencePack


# ---------------------------------------------------------------------------- inputs


@dataclass
class Frame:
    """The counted responses as dense arrays (one row per response)."""

    response_ids: list[str]
    names: list[str]  #: display names after the privacy mode is applied
    real_names: list[str]
    categories: list[str]
    verified: list[bool]
    #: Declined to be named: shown only inside the ``declined`` group, never on its own.
    hidden: np.ndarray
    #: Agreed that its free text may be quoted in anonymous outputs (``consent.quote``).
    quotable: list[bool]
    #: Each response's reporting group (its category, ``other`` or ``declined``), set once
    #: the groups are known.
    group_of: list[str]
    cat_index: np.ndarray  #: index into pack.categories
    involvement: np.ndarray  #: responses × roles, int8
    rated: np.ndarray  #: responses × roles, bool: the role was rated explicitly
    items: dict[str, np.ndarray] = field(default_factory=dict)  #: meaning -> responses × items
    links: dict[str, np.ndarray] = field(default_factory=dict)  #: meaning -> responses × categories
    free_text: list[dict[str, Any]] = field(default_factory=list)

    @property
    def n(self) -> int:
        """The number of counted responses."""
        return len(self.response_ids)


def _question_id(q: Questionnaire, meaning: str) -> str | None:
    question = q.by_mapping(meaning)
    return question.id if question else None


def build_frame(
    pack: ReferencePack,
    q: Questionnaire,
    responses: Sequence[StoredResponse],
    privacy: str,
    pseudonyms: Mapping[str, str],
) -> Frame:
    """The counted responses as dense arrays, names shown as the privacy mode says."""
    import numpy as np

    role_ids = [r.id for r in pack.roles]
    cat_pos = {c.id: i for i, c in enumerate(pack.categories)}
    n = len(responses)
    roles_q = _question_id(q, "roles")
    inv = np.zeros((n, len(role_ids)), dtype=np.int8)
    rated = np.zeros((n, len(role_ids)), dtype=bool)
    lists = {m: _question_id(q, m) for _, m, _, _ in ITEM_KINDS}
    link_qs = {m: _question_id(q, m) for m in ("collaborations", "collaboration_needs")}
    item_ids = {m: [i.id for i in getattr(pack, src)] for _, m, src, _ in ITEM_KINDS}
    item_pos = {m: {v: j for j, v in enumerate(ids)} for m, ids in item_ids.items()}
    items = {m: np.zeros((n, len(ids)), dtype=bool) for m, ids in item_ids.items()}
    links = {m: np.zeros((n, len(cat_pos)), dtype=bool) for m in link_qs}
    text_questions = [
        x
        for x in q.questions
        if x.type == "text" and not (x.maps_to or "").startswith(("organisation.", "respondent."))
    ]
    other_questions = [x for x in q.questions if x.other]
    free_text: list[dict[str, Any]] = []
    # Plain Python lists first, one numpy conversion at the end: element-wise writes into
    # numpy arrays cost several times more than list appends.
    ratings_rows: list[list[int]] = []
    rated_rows: list[list[bool]] = []
    item_hits: dict[str, tuple[list[int], list[int]]] = {m: ([], []) for m in item_pos}
    link_hits: dict[str, tuple[list[int], list[int]]] = {m: ([], []) for m in link_qs}
    no_ratings: dict[str, Any] = {}
    # itemgetter of one key returns the value itself, not a 1-tuple.
    pick = operator.itemgetter(*role_ids)
    all_roles = pick if len(role_ids) > 1 else (lambda d: (pick(d),))
    all_rated = [True] * len(role_ids)
    for i, resp in enumerate(responses):
        answers = resp.answers
        ratings = answers.get(roles_q, no_ratings) if roles_q else no_ratings
        if not isinstance(ratings, dict):
            ratings = no_ratings
        try:  # the common case: every role rated
            ratings_rows.append(list(all_roles(ratings)))
            rated_rows.append(all_rated)
        except KeyError:
            ratings_rows.append([ratings.get(r, 0) for r in role_ids])
            rated_rows.append([r in ratings for r in role_ids])
        for meaning, qid in lists.items():
            chosen = answers.get(qid) if qid else None
            if chosen:
                pos = item_pos[meaning]
                hit_rows, hit_cols = item_hits[meaning]
                for v in chosen:
                    j = pos.get(v) if isinstance(v, str) else None
                    if j is not None:
                        hit_rows.append(i)
                        hit_cols.append(j)
        for meaning, qid in link_qs.items():
            chosen = answers.get(qid) if qid else None
            if chosen:
                hit_rows, hit_cols = link_hits[meaning]
                for v in chosen:
                    j = cat_pos.get(v) if isinstance(v, str) else None
                    if j is not None:
                        hit_rows.append(i)
                        hit_cols.append(j)
        for tq in text_questions:
            value = answers.get(tq.id)
            if isinstance(value, str) and value.strip():
                free_text.append({"i": i, "question": tq.id, "text": value})
        for oq in other_questions:
            value = answers.get(oq.id)
            for v in value if isinstance(value, list) else [value]:
                if isinstance(v, dict) and isinstance(v.get("other"), str):
                    free_text.append({"i": i, "question": oq.id, "text": v["other"]})
    cat_index = np.fromiter(
        (cat_pos.get(r.category, -1) for r in responses), dtype=np.int64, count=n
    )
    if n:
        inv = np.asarray(ratings_rows, dtype=np.int8).reshape(n, len(role_ids))
        rated = np.asarray(rated_rows, dtype=bool).reshape(n, len(role_ids))
    for meaning, (hit_rows, hit_cols) in item_hits.items():
        items[meaning][hit_rows, hit_cols] = True
    for meaning, (hit_rows, hit_cols) in link_hits.items():
        links[meaning][hit_rows, hit_cols] = True
    if (cat_index < 0).any():
        unknown = sorted({r.category for r in responses if r.category not in cat_pos})
        raise UsageError(
            Msg("responses name categories the reference pack {pack} does not have: {unknown}",
                pack=pack.id, unknown=", ".join(unknown))
        )  # fmt: skip
    real = [r.organisation for r in responses]
    hidden = np.fromiter((declined_naming(q, r) for r in responses), dtype=bool, count=n)
    quote_q = q.by_mapping("consent.quote")
    return Frame(
        # Outside named mode the response id is the pseudonym: an id must not lead back to
        # a name (an open response's id came from its name before v0.2).
        response_ids=[
            r.response_id if privacy == Privacy.NAMED else pseudonyms[r.response_id]
            for r in responses
        ],
        names=[
            r.organisation
            if privacy == Privacy.NAMED and not hidden[i]
            else pseudonyms[r.response_id]
            for i, r in enumerate(responses)
        ],
        real_names=real,
        categories=[r.category for r in responses],
        verified=[r.verified for r in responses],
        hidden=hidden,
        quotable=[quote_q is not None and r.answers.get(quote_q.id) is True for r in responses],
        group_of=[r.category for r in responses],
        cat_index=cat_index,
        involvement=inv,
        rated=rated,
        items=items,
        links=links,
        free_text=free_text,
    )


def pseudonyms(pack: ReferencePack, responses: Sequence[StoredResponse]) -> dict[str, str]:
    """Response id -> pseudonym (``NGO-2``), the same in every privacy mode and run.

    Numbered by the response id (a random invitation id, or a keyed hash for an open
    response), so the number says nothing of the name or of the order of answering.
    """
    codes = {c.id: c.code for c in pack.categories}
    counters: dict[str, int] = {}
    names: dict[str, str] = {}
    for r in sorted(responses, key=lambda r: r.response_id):
        counters[r.category] = counters.get(r.category, 0) + 1
        names[r.response_id] = f"{codes.get(r.category, r.category.upper())}-{counters[r.category]}"
    return names


# ---------------------------------------------------------------------------- groups


def reporting_groups(
    pack: ReferencePack, frame: Frame, privacy: str, k: int
) -> tuple[dict[str, str], list[dict[str, Any]]]:
    """Category -> reporting group. Anonymous mode merges categories smaller than ``k``.

    Small categories go into one ``other`` group; while that group is still smaller than
    ``k``, the smallest remaining category joins it. Every group shown then holds at least
    ``k`` organisations, and since the groups partition the responses, no difference of
    shown figures isolates a smaller group.
    """
    counts: dict[str, int] = {}
    for c, hidden in zip(frame.categories, frame.hidden, strict=True):
        if not hidden:
            counts[c] = counts.get(c, 0) + 1
    mapping = {c.id: c.id for c in pack.categories}
    notes: list[dict[str, Any]] = []
    frame.group_of = [
        DECLINED_GROUP if hidden else c
        for c, hidden in zip(frame.categories, frame.hidden, strict=True)
    ]
    if privacy != Privacy.ANONYMOUS:
        return mapping, notes
    small = sorted(c for c, n in counts.items() if n < k)
    if not small:
        return mapping, notes
    merged = set(small)
    size = sum(counts[c] for c in merged)
    rest = sorted((n, c) for c, n in counts.items() if c not in merged)
    while size < k and rest:
        n, c = rest.pop(0)
        merged.add(c)
        size += n
    for c in merged:
        mapping[c] = OTHER_GROUP
    frame.group_of = [g if g == DECLINED_GROUP else mapping[g] for g in frame.group_of]
    notes.append(
        {
            "code": "groups_merged",
            "subject": OTHER_GROUP,
            "params": {
                "min_group": k,
                "count": size,
                "categories": [c.id for c in pack.categories if c.id in merged]
                + sorted(merged - {c.id for c in pack.categories}),
            },
        }
    )
    return mapping, notes


def group_members(frame: Frame, groups: dict[str, str]) -> dict[str, np.ndarray]:
    """Reporting group -> boolean mask over the responses, in pack order, ``declined`` last."""
    import numpy as np

    of = np.asarray(frame.group_of, dtype=object)
    out: dict[str, np.ndarray] = {}
    for group in dict.fromkeys([*groups.values(), DECLINED_GROUP]):
        mask = of == group
        if mask.any():
            out[group] = mask
    return out
