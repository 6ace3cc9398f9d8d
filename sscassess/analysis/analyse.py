"""Gap analysis: every organisation's self-assessment against the reference and the others.

:func:`analyse` is a pure function of (reference pack, questionnaire, responses, invitations,
drafts) and returns an :class:`Analysis`: named pandas DataFrames with the stable columns the
README documents ("Gap analysis"), plus the provenance the reports print on their cover.
:func:`analyse_campaign` gathers those inputs from a campaign folder.

The computation works on small dense matrices (organisations × roles, organisations × items)
with numpy, so 100,000 responses cost little more than reading them; the DataFrames are built
once at the end. Privacy is applied here, not in the renderers: a table that must not show
organisations simply does not contain them.
"""

from __future__ import annotations

import hashlib
import math
import operator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sscassess.analysis.definitions import (
    CONTRIBUTOR_LEVEL,
    DECLINED_GROUP,
    DEFAULT_MIN_GROUP,
    LEADER_LEVEL,
    NOT_HEARD,
    ORGANISATION_TABLES,
    OTHER_GROUP,
    PRIVACY_MODES,
    ROLE_STATUSES,
    TABLES,
    declined_naming,
    flagged,
    suppressed,
)
from sscassess.core.errors import UsageError
from sscassess.core.stamps import now
from sscassess.core.yamlio import normalise_id
from sscassess.reference.pack import EXPECTED_INVOLVEMENT, Combination, Condition, Trigger

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

    import numpy as np
    import pandas as pd

    from sscassess.campaign.store import Invitation, StoredResponse
    from sscassess.questionnaire.model import Questionnaire
    from sscassess.reference.pack import ReferencePack

#: Coverage order for "did it get better": an overlap is worse than a single clear lead.
_ROUND_RANK = {"uncovered": 0, "no_lead": 1, "contested": 2, "covered": 3}
#: The item lists compared with the reference: table name, answer meaning, pack list, kind.
_ITEM_KINDS = (
    ("aims_alignment", "aims", "aims", "aim"),
    ("challenges", "challenges", "challenges", "challenge"),
    ("potential", "potential", "potential", "potential"),
    ("constraints", "constraints", "constraints", "constraint"),
)


@dataclass(frozen=True)
class Analysis:
    """The result of an analysis: named tables, provenance, and the pack it used."""

    tables: dict[str, pd.DataFrame]
    meta: dict[str, Any]
    reference: ReferencePack = field(repr=False)
    #: The ``organisation_roles`` and ``role_fit`` rows of the organisations that declined to
    #: be named, under their pseudonyms: for their own organisation reports only. They are in
    #: no table, no export and no city report.
    withheld: dict[str, pd.DataFrame] = field(default_factory=dict, repr=False)
    #: Who is who across rounds, never exported: each shown organisation's display name and
    #: category (as in ``role_fit``) -> its identity (normalised name and category), and the identities of
    #: the organisations that declined to be named. Pseudonyms are numbered anew each round,
    #: so a later round matches organisations by identity, not by display name.
    identities: dict[tuple[str, str], str] = field(default_factory=dict, repr=False)
    declined_identities: frozenset[str] = field(default_factory=frozenset, repr=False)

    def table(self, name: str) -> pd.DataFrame:
        """One table by name; :class:`UsageError` naming the tables held otherwise."""
        if name not in self.tables:
            raise UsageError(
                f"this analysis has no table '{name}'; it has: {', '.join(self.tables)}"
            )
        return self.tables[name]

    def summary_value(self, metric: str) -> Any:
        """A headline figure from the ``summary`` table."""
        summary = self.tables["summary"]
        hit = summary.loc[summary["metric"] == metric, "value"]
        if hit.empty:
            raise KeyError(metric)
        return hit.iloc[0]


# ---------------------------------------------------------------------------- inputs


@dataclass
class _Frame:
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
        return len(self.response_ids)


def _question_id(q: Questionnaire, meaning: str) -> str | None:
    question = q.by_mapping(meaning)
    return question.id if question else None


def _build_frame(
    pack: ReferencePack,
    q: Questionnaire,
    responses: Sequence[StoredResponse],
    privacy: str,
    pseudonyms: Mapping[str, str],
) -> _Frame:
    import numpy as np

    role_ids = [r.id for r in pack.roles]
    cat_pos = {c.id: i for i, c in enumerate(pack.categories)}
    n = len(responses)
    roles_q = _question_id(q, "roles")
    inv = np.zeros((n, len(role_ids)), dtype=np.int8)
    rated = np.zeros((n, len(role_ids)), dtype=bool)
    lists = {m: _question_id(q, m) for _, m, _, _ in _ITEM_KINDS}
    link_qs = {m: _question_id(q, m) for m in ("collaborations", "collaboration_needs")}
    item_ids = {m: [i.id for i in getattr(pack, src)] for _, m, src, _ in _ITEM_KINDS}
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
            f"responses name categories the reference pack {pack.id} does not have: "
            f"{', '.join(unknown)}"
        )
    real = [r.organisation for r in responses]
    hidden = np.fromiter((declined_naming(q, r) for r in responses), dtype=bool, count=n)
    quote_q = q.by_mapping("consent.quote")
    return _Frame(
        # Outside named mode the response id is the pseudonym: an id must not lead back to
        # a name (an open response's id came from its name before v0.2).
        response_ids=[
            r.response_id if privacy == "named" else pseudonyms[r.response_id] for r in responses
        ],
        names=[
            r.organisation if privacy == "named" and not hidden[i] else pseudonyms[r.response_id]
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


def _groups(
    pack: ReferencePack, frame: _Frame, privacy: str, k: int
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
    if privacy != "anonymous":
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
            "detail": (
                f"categories with fewer than {k} organisations are reported together as "
                f"'{OTHER_GROUP}' ({size} organisations): {', '.join(sorted(merged))}"
            ),
        }
    )
    return mapping, notes


# ---------------------------------------------------------------------------- analysis


def analyse(
    reference: ReferencePack,
    questionnaire: Questionnaire,
    responses: Sequence[StoredResponse],
    invitations: Sequence[Invitation] = (),
    drafts: Mapping[str, tuple[int, int, str]] | None = None,
    *,
    privacy: str = "named",
    min_group: int = DEFAULT_MIN_GROUP,
    exclude_unverified: bool = False,
    previous: Analysis | None = None,
    lang: str | None = None,
    context: Mapping[str, Any] | None = None,
) -> Analysis:
    """Analyse ``responses`` (current revisions) against ``reference``.

    ``invitations`` and ``drafts`` feed the participation table; ``previous`` (an analysis
    of an earlier round on the same pack, made with the same privacy mode) adds the
    round-to-round tables. ``context`` adds campaign fields (``campaign_id``, ``city``,
    ``country``, ``round``) to :attr:`Analysis.meta`. Raises :class:`UsageError` for an
    unknown privacy mode, a ``min_group`` below 2, or an anonymous analysis of fewer than
    ``min_group`` responses.
    """
    import numpy as np
    import pandas as pd

    from sscassess.analysis import actions as decisions

    if privacy not in PRIVACY_MODES:
        raise UsageError(f"unknown privacy mode '{privacy}'; use one of {', '.join(PRIVACY_MODES)}")
    if min_group < 2:
        raise UsageError(f"the minimum group size must be 2 or more, not {min_group}")
    pack = reference
    lang = lang or pack.meta.default_language
    quality: list[dict[str, Any]] = []
    unverified = [r for r in responses if not r.verified]
    counted = [r for r in responses if r.verified or not exclude_unverified]
    counted.sort(key=lambda r: r.response_id)
    if unverified:
        quality.append(
            {
                "code": "unverified_excluded" if exclude_unverified else "unverified_included",
                "subject": _count_subject(len(unverified)),
                "detail": (
                    f"{len(unverified)} response(s) were not signed with an invitation code"
                    + (
                        " and are left out of every figure"
                        if exclude_unverified
                        else " and are counted; they are marked unverified"
                    )
                ),
            }
        )
        if privacy == "named" and not exclude_unverified:
            named_unverified = [r for r in unverified if not declined_naming(questionnaire, r)]
            for r in sorted(named_unverified, key=lambda r: r.organisation):
                quality.append(
                    {"code": "unverified", "subject": r.organisation, "detail": r.source}
                )
    # Consent: an organisation that declined to be named is never shown on its own, in any
    # mode. Together the decliners form one group, in the figures only when it holds at least
    # ``min_group`` of them; otherwise their answers are in no figure at all (anything else
    # would let their answers be had by subtracting the named organisations' rows).
    declined = [r for r in counted if declined_naming(questionnaire, r)]
    pool_shown = len(declined) >= min_group
    _refuse_differencing(responses, questionnaire, privacy, min_group, exclude_unverified)
    if declined:
        quality.append(
            {
                "code": "declined_grouped" if pool_shown else "declined_left_out",
                "subject": _count_subject(len(declined)),
                "detail": (
                    f"{len(declined)} organisation(s) declined to be named; "
                    + (
                        f"their answers are reported together as '{DECLINED_GROUP}'"
                        if pool_shown
                        else f"fewer than {min_group}, so their answers are left out of every "
                        "figure"
                    )
                ),
            }
        )
    figures = [r for r in counted if pool_shown or not declined_naming(questionnaire, r)]
    if privacy == "anonymous" and len(figures) < min_group:
        raise UsageError(
            f"an anonymous analysis needs at least {min_group} responses and this one has "
            f"{len(figures)}; collect more answers, or use --privacy pseudonymous"
        )
    names = pseudonyms(pack, responses)
    frame = _build_frame(pack, questionnaire, figures, privacy, names)
    groups, notes = _groups(pack, frame, privacy, min_group)
    quality += notes
    role_ids = [r.id for r in pack.roles]
    role_names = {r.id: pack.text(r.name, lang) for r in pack.roles}
    cat_ids = [c.id for c in pack.categories]
    expected_by_cat = np.array(
        [[EXPECTED_INVOLVEMENT[pack.level(c, r)] for r in role_ids] for c in cat_ids],
        dtype=np.int8,
    ).reshape(len(cat_ids), len(role_ids))
    level_by_cat = np.array(
        [[pack.level(c, r) for r in role_ids] for c in cat_ids], dtype=object
    ).reshape(len(cat_ids), len(role_ids))

    S = frame.involvement
    E = expected_by_cat[frame.cat_index] if frame.n else np.zeros_like(S)

    tables: dict[str, pd.DataFrame] = {}
    tables["participation"] = _participation(
        pack, counted, groups, invitations, drafts or {}, privacy, min_group, lang
    )
    org_roles, all_fit = _organisation_tables(
        pack, frame, expected_by_cat, level_by_cat, role_names
    )
    # The decliners' own rows, for their own reports; the tables hold only the others.
    hidden_ids = {rid for rid, h in zip(frame.response_ids, frame.hidden, strict=True) if h}
    withheld = {
        "organisation_roles": org_roles[org_roles["response_id"].isin(hidden_ids)],
        "role_fit": all_fit[all_fit["response_id"].isin(hidden_ids)],
    }
    left_out = [r for r in declined if not pool_shown]
    if left_out:  # in no figure, but still in their own reports
        own_frame = _build_frame(pack, questionnaire, left_out, privacy, names)
        own_roles, own_fit = _organisation_tables(
            pack, own_frame, expected_by_cat, level_by_cat, role_names
        )
        withheld = {"organisation_roles": own_roles, "role_fit": own_fit}
    shown_roles = org_roles[~org_roles["response_id"].isin(hidden_ids)].copy()
    shown_roles["response_id"] = shown_roles["response_id"].cat.remove_unused_categories()
    tables["organisation_roles"] = shown_roles.reset_index(drop=True)
    fit = all_fit[~all_fit["response_id"].isin(hidden_ids)].reset_index(drop=True)
    tables["role_fit"] = fit
    tables["category_roles"] = _category_roles(
        pack, frame, groups, role_ids, expected_by_cat, level_by_cat
    )
    coverage = _role_coverage(pack, frame, groups, role_ids, role_names, E, privacy, min_group)
    coverage.insert(
        coverage.columns.get_loc("primary_owners") + 1,
        "primary_owners_heard",
        pd.array(decisions.owners_heard(pack, tables["participation"]), dtype="boolean"),
    )
    tables["role_coverage"] = coverage
    frequencies = []
    for table, meaning, src, kind in _ITEM_KINDS:
        tables[table] = _item_alignment(pack, frame, groups, meaning, src, privacy, lang)
        frequencies.append(_item_frequency(pack, frame, groups, meaning, src, kind, lang))
    tables["item_frequencies"] = pd.concat(frequencies, ignore_index=True)
    tables["collaboration"] = _collaboration(cat_ids, frame, groups)
    tables["free_text"] = _free_text(
        frame, privacy, name_replacements(responses, declined, names, privacy)
    )

    unanswered = [
        role_ids[j] for j in range(len(role_ids)) if frame.n and not frame.rated[:, j].any()
    ]
    for role in unanswered:
        quality.append(
            {
                "code": "role_unanswered",
                "subject": role,
                "detail": "no organisation rated this role; it counts as 0 (not involved)",
            }
        )
    submitted_ids = {r.response_id for r in responses} | {r.invitation_id for r in responses}
    for inv_id, (answered, total, _updated) in sorted((drafts or {}).items()):
        if inv_id in submitted_ids:
            continue
        name = next((i.organisation for i in invitations if i.invitation_id == inv_id), inv_id)
        quality.append(
            {
                "code": "draft_not_counted",
                "subject": name if privacy == "named" else "draft",
                "detail": f"a draft ({answered}/{total} answered) was never submitted",
            }
        )
    open_count = sum(1 for r in counted if r.invitation_id is None)
    if open_count:
        quality.append(
            {
                "code": "open_responses",
                "subject": _count_subject(open_count),
                "detail": f"{open_count} response(s) came from organisations that were not invited",
            }
        )
    stale = [r for r in counted if r.questionnaire_sha256 != questionnaire.sha256]
    if stale:
        quality.append(
            {
                "code": "questionnaire_mismatch",
                "subject": _count_subject(len(stale)),
                "detail": f"{len(stale)} response(s) answer another version of the questionnaire",
            }
        )
    if frame.n == 0:
        quality.append(
            {
                "code": "no_responses",
                "subject": "campaign",
                "detail": "no submitted response is counted yet: every role is uncovered and "
                "no recommendation is evaluated",
            }
        )

    tables["recommendations"] = _recommendations(pack, tables, frame, groups, privacy, lang)
    people = decisions.Respondents(
        response_ids=frame.response_ids,
        real_ids=[r.response_id for r in figures],
        names=frame.names,
        categories=frame.categories,
        groups=frame.group_of,
        hidden=frame.hidden,
        ratings=frame.involvement,
        potential=frame.items["potential"],
        links=frame.links["collaborations"],
        pledges=decisions.pledge_matrix(questionnaire, figures, role_ids),
        role_fit=all_fit["role_fit"].to_numpy(dtype=float),
    )
    plan = decisions.plan(
        pack, questionnaire, tables, people, invitations, drafts or {}, responses, counted,
        privacy,
    )  # fmt: skip
    tables["actions"] = plan.actions
    if plan.raci is not None:
        tables["raci"] = plan.raci
    quality += plan.notes
    tables["summary"] = _summary(
        frame, tables, invitations, unverified, exclude_unverified, counted, len(declined), cat_ids
    )
    identities = {
        (name, category): identity(real, category)
        for name, real, category, hidden in zip(
            frame.names, frame.real_names, frame.categories, frame.hidden, strict=True
        )
        if not hidden
    }
    # Every current answer of "no" counts, a response left out of the figures included.
    declined_identities = frozenset(
        identity(r.organisation, r.category) for r in responses if declined_naming(questionnaire, r)
    )
    if previous is not None:
        tables["round_changes_roles"] = _round_roles(previous, coverage, role_names)
        if privacy != "anonymous":
            tables["round_changes_organisations"] = _round_organisations(
                pack, previous, fit, identities, declined_identities, names, privacy
            )
        tables["action_followup"] = decisions.followup(previous, tables, counted, privacy)
    tables["data_quality"] = pd.DataFrame(quality, columns=["code", "subject", "detail"])
    if privacy == "anonymous":
        for name in ORGANISATION_TABLES:
            tables.pop(name)
        tables["role_coverage"] = tables["role_coverage"].drop(
            columns=["contributor_organisations", "leader_organisations"]
        )
    ordered = {name: tables[name] for name in TABLES if name in tables}

    digest = hashlib.sha256()
    for r in counted:
        digest.update(f"{r.response_id}\0{r.revision}\0{r.content_sha256}\n".encode())
    ctx = dict(context or {})
    meta = {
        "campaign_id": ctx.get("campaign_id"),
        "city": ctx.get("city"),
        "country": ctx.get("country"),
        "round": ctx.get("round"),
        "generated_at": now(),
        "privacy": privacy,
        "min_group": min_group,
        "lang": lang,
        "exclude_unverified": exclude_unverified,
        "reference": {"id": pack.id, "version": pack.version, "sha256": pack.sha256},
        "questionnaire": {
            "id": questionnaire.id,
            "version": questionnaire.version,
            "sha256": questionnaire.sha256,
        },
        "data_sha256": digest.hexdigest(),
        "responses": frame.n,
        "previous": (
            {
                "campaign_id": previous.meta.get("campaign_id"),
                "round": previous.meta.get("round"),
                "data_sha256": previous.meta.get("data_sha256"),
            }
            if previous is not None
            else None
        ),
    }
    if privacy == "named" or privacy == "pseudonymous":
        return Analysis(
            ordered,
            meta,
            pack,
            {k: v.reset_index(drop=True) for k, v in withheld.items()},
            identities,
            declined_identities,
        )
    return Analysis(ordered, meta, pack)


def _refuse_differencing(
    responses: Sequence[StoredResponse],
    questionnaire: Questionnaire,
    privacy: str,
    min_group: int,
    exclude_unverified: bool,
) -> None:
    """Refuse a run whose figures would differ from the full run's by hidden responses.

    Two outputs of one campaign must never differ by answers that are shown only inside
    groups: subtracting one from the other would give them back. The groups are every
    response in anonymous mode, and the decliners' group (when it is shown) in the others.
    ``--exclude-unverified`` changes what is counted, so it is refused when it would take
    away a hidden response; where it takes away only named ones, it reveals nothing that
    the named rows do not already show.
    """
    if not exclude_unverified:
        return
    unverified = [r for r in responses if not r.verified]
    if privacy == "anonymous" and unverified:
        raise UsageError(
            f"--exclude-unverified cannot be used in an anonymous analysis of this campaign: "
            f"it would leave out {len(unverified)} unverified response(s), and comparing the "
            "result with the full anonymous analysis would give their answers back. Use "
            "--privacy pseudonymous (or named) to leave them out, or import them verified"
        )
    declined = [r for r in responses if declined_naming(questionnaire, r)]
    hidden = [r for r in unverified if declined_naming(questionnaire, r)]
    if hidden and len(declined) >= min_group:
        raise UsageError(
            f"--exclude-unverified would take {len(hidden)} unverified response(s) out of the "
            f"group of organisations that declined to be named, and comparing the result with "
            "the full analysis would give their answers back; analyse without it"
        )


def _count_subject(n: int) -> str:
    return f"{n} response(s)"


def _organisation_tables(
    pack: ReferencePack,
    frame: _Frame,
    expected_by_cat: np.ndarray,
    level_by_cat: np.ndarray,
    role_names: dict[str, str],
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``organisation_roles`` and ``role_fit`` for every response of ``frame``."""
    import numpy as np

    role_ids = [r.id for r in pack.roles]
    S = frame.involvement
    E = expected_by_cat[frame.cat_index] if frame.n else np.zeros_like(S)
    gap = np.maximum(E - S, 0)
    surplus = np.maximum(S - E, 0)
    status = _role_status(S, E)
    roles = _organisation_roles(
        frame, role_ids, role_names, level_by_cat, E, S, gap, surplus, status
    )
    return roles, _role_fit(pack, frame, E, gap, status)


def _role_status(S: np.ndarray, E: np.ndarray) -> np.ndarray:
    """Status codes (indexes into ROLE_STATUSES) for every organisation × role."""
    import numpy as np

    expected = E > 0
    return np.select(
        [
            expected & (S >= E),
            expected & (S == E - 1),
            expected,
            S >= CONTRIBUTOR_LEVEL,
        ],
        [0, 1, 2, 3],
        default=4,
    ).astype(np.int8)


def _categorical(values: Sequence[Any], codes: np.ndarray) -> pd.Categorical:
    import pandas as pd

    return pd.Categorical.from_codes(codes, categories=pd.Index(list(values)))


def _organisation_roles(
    frame: _Frame,
    role_ids: list[str],
    role_names: dict[str, str],
    level_by_cat: np.ndarray,
    E: np.ndarray,
    S: np.ndarray,
    gap: np.ndarray,
    surplus: np.ndarray,
    status: np.ndarray,
) -> pd.DataFrame:
    import numpy as np
    import pandas as pd

    n, r = S.shape
    org_codes = np.repeat(np.arange(n), r)
    role_codes = np.tile(np.arange(r), n)
    levels = ("primary", "supporting", "none")
    level_codes = np.array(
        [[levels.index(v) for v in row] for row in level_by_cat], dtype=np.int8
    ).reshape(level_by_cat.shape)
    org_level = level_codes[frame.cat_index].reshape(-1) if n else np.zeros(0, dtype=np.int8)
    names = [role_names[x] for x in role_ids]
    # Names may repeat (two organisations with one name); categorical categories may not.
    out = pd.DataFrame(
        {
            "response_id": _categorical(frame.response_ids, org_codes),
            "organisation": np.asarray(frame.names, dtype=object)[org_codes],
            "category": np.asarray(frame.categories, dtype=object)[org_codes],
            "role": _categorical(role_ids, role_codes),
            "role_name": np.asarray(names, dtype=object)[role_codes],
            "expected_level": _categorical(levels, org_level),
            "expected_involvement": E.reshape(-1).astype(np.int64),
            "self_involvement": S.reshape(-1).astype(np.int64),
            "gap": gap.reshape(-1).astype(np.int64),
            "surplus": surplus.reshape(-1).astype(np.int64),
            "status": _categorical(ROLE_STATUSES, status.reshape(-1)),
        }
    )
    return out


def _role_fit(
    pack: ReferencePack, frame: _Frame, E: np.ndarray, gap: np.ndarray, status: np.ndarray
) -> pd.DataFrame:
    import numpy as np
    import pandas as pd

    expected_total = E.sum(axis=1, dtype=np.int64)
    gap_total = gap.sum(axis=1, dtype=np.int64)
    with np.errstate(invalid="ignore", divide="ignore"):
        fit = np.where(expected_total > 0, 1.0 - gap_total / np.maximum(expected_total, 1), np.nan)
    aims = frame.items["aims"]
    ref_aims = _reference_matrix(pack, "aims", "aims")
    ref = ref_aims[frame.cat_index] if frame.n else np.zeros_like(aims)
    aims_reference = ref.sum(axis=1)
    aims_matched = (ref & aims).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        recall = np.where(aims_reference > 0, aims_matched / np.maximum(aims_reference, 1), np.nan)
    return pd.DataFrame(
        {
            "response_id": frame.response_ids,
            "organisation": frame.names,
            "category": frame.categories,
            "verified": frame.verified,
            "expected_roles": (E > 0).sum(axis=1).astype(np.int64),
            "expected_total": expected_total,
            "gap_total": gap_total,
            "role_fit": np.round(fit, 4),
            "fulfils": (status == 0).sum(axis=1).astype(np.int64),
            "partial": (status == 1).sum(axis=1).astype(np.int64),
            "gaps": (status == 2).sum(axis=1).astype(np.int64),
            "beyond_reference": (status == 3).sum(axis=1).astype(np.int64),
            "aims_reference": aims_reference.astype(np.int64),
            "aims_matched": aims_matched.astype(np.int64),
            "aims_recall": np.round(recall, 4),
        }
    )


def _group_members(frame: _Frame, groups: dict[str, str]) -> dict[str, np.ndarray]:
    """Reporting group -> boolean mask over the responses, in pack order, ``declined`` last."""
    import numpy as np

    of = np.asarray(frame.group_of, dtype=object)
    out: dict[str, np.ndarray] = {}
    for group in dict.fromkeys([*groups.values(), DECLINED_GROUP]):
        mask = of == group
        if mask.any():
            out[group] = mask
    return out


def _category_roles(
    pack: ReferencePack,
    frame: _Frame,
    groups: dict[str, str],
    role_ids: list[str],
    expected_by_cat: np.ndarray,
    level_by_cat: np.ndarray,
) -> pd.DataFrame:
    import pandas as pd

    cat_pos = {c.id: i for i, c in enumerate(pack.categories)}
    rows = []
    S = frame.involvement
    for group, mask in _group_members(frame, groups).items():
        sub = S[mask]
        n = int(mask.sum())
        pos = cat_pos.get(group)
        for j, role in enumerate(role_ids):
            col = sub[:, j]
            rows.append(
                {
                    "category": group,
                    "role": role,
                    "expected_level": level_by_cat[pos, j] if pos is not None else None,
                    "expected_involvement": (
                        int(expected_by_cat[pos, j]) if pos is not None else None
                    ),
                    "organisations": n,
                    "mean_involvement": round(float(col.mean()), 4),
                    "max_involvement": int(col.max()),
                    "contributors": int((col >= CONTRIBUTOR_LEVEL).sum()),
                    "leaders": int((col == LEADER_LEVEL).sum()),
                }
            )
    columns = [
        "category", "role", "expected_level", "expected_involvement", "organisations",
        "mean_involvement", "max_involvement", "contributors", "leaders",
    ]  # fmt: skip
    out = pd.DataFrame(rows, columns=columns)
    out["expected_involvement"] = out["expected_involvement"].astype("Int64")
    return out


def coverage_status(contributors: int, leaders: int) -> str:
    """A role's city-wide status from its numbers of contributors and leaders."""
    if contributors == 0:
        return "uncovered"
    if leaders >= 2:
        return "contested"
    if leaders == 0:
        return "no_lead"
    return "covered"


def _role_coverage(
    pack: ReferencePack,
    frame: _Frame,
    groups: dict[str, str],
    role_ids: list[str],
    role_names: dict[str, str],
    E: np.ndarray,
    privacy: str,
    min_group: int,
) -> pd.DataFrame:
    import numpy as np
    import pandas as pd

    S = frame.involvement
    shown = ~frame.hidden
    contrib = S >= CONTRIBUTOR_LEVEL
    lead = S == LEADER_LEVEL
    # A decliner counts as a contributor or leader, never as an owner: its category is
    # not shown, and "owner present" would tell which category it belongs to.
    owner = contrib & (E > 0) & shown[:, None]
    names = np.asarray(frame.names, dtype=object)
    cats = np.asarray(frame.group_of, dtype=object)
    voices: dict[str, int] = {}
    for c, h in zip(frame.categories, frame.hidden, strict=True):
        voices[c] = voices.get(c, 0) + (0 if h else 1)
    rows = []
    for j, role in enumerate(role_ids):
        expected = [c.id for c in pack.categories if pack.level(c.id, role) != "none"]
        primary = [c.id for c in pack.categories if pack.level(c.id, role) == "primary"]
        n_contrib = int(contrib[:, j].sum())
        n_lead = int(lead[:, j].sum())
        owner_missing: bool | None = bool(expected) and not bool(owner[:, j].any())
        if (
            privacy == "anonymous"
            and expected
            and sum(voices.get(c, 0) for c in expected) < min_group
        ):
            # Fewer than K respondents in the expected categories: the flag would say
            # whether that one respondent (or two) rated the role 3 or more.
            owner_missing = None
        rows.append(
            {
                "role": role,
                "role_name": role_names[role],
                "contributors": n_contrib,
                "leaders": n_lead,
                "status": coverage_status(n_contrib, n_lead),
                "owner_missing": owner_missing,
                "expected_owners": expected,
                "primary_owners": primary,
                "contributor_categories": sorted(set(cats[contrib[:, j]]), key=_pack_order(pack)),
                "leader_categories": sorted(set(cats[lead[:, j]]), key=_pack_order(pack)),
                "contributor_organisations": sorted(names[contrib[:, j] & shown].tolist()),
                "leader_organisations": sorted(names[lead[:, j] & shown].tolist()),
                "mean_involvement": round(float(S[:, j].mean()), 4) if frame.n else None,
            }
        )
    out = pd.DataFrame(rows)
    out["owner_missing"] = (
        out["owner_missing"].astype("boolean") if len(out) else out["owner_missing"]
    )
    return out


def _pack_order(pack: ReferencePack) -> Callable[[str], tuple[int, str]]:
    order = {c.id: i for i, c in enumerate(pack.categories)}
    return lambda c: (order.get(c, len(order)), c)


def _reference_matrix(pack: ReferencePack, column: str, src: str) -> np.ndarray:
    """Categories × items: the item is in the category's Annex-1 column."""
    import numpy as np

    ids = [i.id for i in getattr(pack, src)]
    out = np.zeros((len(pack.categories), len(ids)), dtype=bool)
    for ci, cat in enumerate(pack.categories):
        listed = set(getattr(cat.annex, column).items)
        for j, item in enumerate(ids):
            out[ci, j] = item in listed
    return out


def _item_alignment(
    pack: ReferencePack,
    frame: _Frame,
    groups: dict[str, str],
    meaning: str,
    src: str,
    privacy: str,
    lang: str,
) -> pd.DataFrame:
    import numpy as np
    import pandas as pd

    items = getattr(pack, src)
    ids = [i.id for i in items]
    labels = [pack.text(i.name, lang) for i in items]
    column = src  # Annex-1 columns are named like the pack lists
    ref = _reference_matrix(pack, column, src)
    status_of = [getattr(c.annex, column).status for c in pack.categories]
    M = frame.items[meaning]
    columns = [
        "scope", "group", "category", "item", "item_name", "in_reference", "reference_status",
        "selected", "organisations", "share", "match",
    ]  # fmt: skip
    parts: list[pd.DataFrame] = []
    if frame.n and privacy != "anonymous":
        R = ref[frame.cat_index]
        oi, jj = np.nonzero((M | R) & ~frame.hidden[:, None])
        sel = M[oi, jj]
        inref = R[oi, jj]
        rstatus = np.asarray(status_of, dtype=object)[frame.cat_index[oi]]
        parts.append(
            pd.DataFrame(
                {
                    "scope": "organisation",
                    "group": np.asarray(frame.names, dtype=object)[oi],
                    "category": np.asarray(frame.categories, dtype=object)[oi],
                    "item": np.asarray(ids, dtype=object)[jj],
                    "item_name": np.asarray(labels, dtype=object)[jj],
                    "in_reference": inref,
                    "reference_status": rstatus,
                    "selected": sel.astype(np.int64),
                    "organisations": 1,
                    "share": sel.astype(float),
                    "match": _match(sel, inref, rstatus),
                }
            )
        )
    rows = []
    cat_pos = {c.id: i for i, c in enumerate(pack.categories)}
    for group, mask in _group_members(frame, groups).items():
        n = int(mask.sum())
        counts = M[mask].sum(axis=0)
        pos = cat_pos.get(group)
        for j, item in enumerate(ids):
            inref = bool(ref[pos, j]) if pos is not None else False
            if not inref and counts[j] == 0:
                continue
            rstatus = status_of[pos] if pos is not None else "merged"
            rows.append(
                {
                    "scope": "category",
                    "group": group,
                    "category": group,
                    "item": item,
                    "item_name": labels[j],
                    "in_reference": inref,
                    "reference_status": rstatus,
                    "selected": int(counts[j]),
                    "organisations": n,
                    "share": round(float(counts[j]) / n, 4),
                }
            )
    by_category = pd.DataFrame(rows, columns=columns)
    by_category["match"] = _match(
        by_category["selected"].to_numpy() > 0,
        by_category["in_reference"].to_numpy(dtype=bool),
        by_category["reference_status"].to_numpy(dtype=object),
    )
    parts.append(by_category)
    out = pd.concat([p for p in parts if not p.empty] or [parts[-1]], ignore_index=True)
    return out[columns]


def _match(sel: np.ndarray, inref: np.ndarray, rstatus: np.ndarray) -> np.ndarray:
    """Each item's match: matched, missing (listed, not chosen), extra, or no_reference."""
    import numpy as np

    known = np.isin(rstatus, ["report_table", "report_body"])
    return np.select(
        [inref & sel, inref, known],
        ["matched", "missing", "extra"],
        default="no_reference",
    ).astype(object)


def _item_frequency(
    pack: ReferencePack,
    frame: _Frame,
    groups: dict[str, str],
    meaning: str,
    src: str,
    kind: str,
    lang: str,
) -> pd.DataFrame:
    import numpy as np
    import pandas as pd

    items = getattr(pack, src)
    M = frame.items[meaning]
    counts = M.sum(axis=0) if frame.n else np.zeros(len(items), dtype=np.int64)
    cats = np.asarray(frame.group_of, dtype=object)
    n = frame.n
    rows = []
    for j, item in enumerate(items):
        c = int(counts[j])
        share = round(c / n, 4) if n else None
        if kind == "aim":
            if c == 0:
                status = "unpursued"
            elif c >= 2 and n and c / n >= 0.5:
                status = "common_ground"
            else:
                status = "pursued"
        else:
            status = "reported" if c else "not_reported"
        rows.append(
            {
                "kind": kind,
                "item": item.id,
                "item_name": pack.text(item.name, lang),
                "selected_by": c,
                "share": share,
                "categories": sorted(set(cats[M[:, j]]), key=_pack_order(pack)) if n else [],
                "status": status,
            }
        )
    return pd.DataFrame(rows)


def _collaboration(cat_ids: list[str], frame: _Frame, groups: dict[str, str]) -> pd.DataFrame:
    import numpy as np
    import pandas as pd

    now_links = frame.links["collaborations"]
    needs = frame.links["collaboration_needs"]
    voiced = set(frame.categories)
    from_groups = frame.group_of
    order = list(dict.fromkeys([*(groups[c] for c in cat_ids), DECLINED_GROUP]))
    rows = []
    # Links between categories in either direction, for "is this need met".
    cat_pos = {c: i for i, c in enumerate(cat_ids)}
    any_link = np.zeros((len(cat_ids), len(cat_ids)), dtype=bool)
    for i, c in enumerate(frame.categories):
        any_link[cat_pos[c]] |= now_links[i]
    linked = any_link | any_link.T
    for group in order:
        mask = np.asarray([g == group for g in from_groups], dtype=bool)
        if not mask.any():
            continue
        members = {c for c, g in zip(frame.categories, from_groups, strict=True) if g == group}
        link_counts = now_links[mask].sum(axis=0)
        need_counts = needs[mask].sum(axis=0)
        for j, to in enumerate(cat_ids):
            links_n, needs_n = int(link_counts[j]), int(need_counts[j])
            if not links_n and not needs_n:
                continue
            if not needs_n:
                status = "linked"
            elif any(linked[cat_pos[m], j] for m in members):
                status = "need_met"
            elif to not in voiced:
                status = "need_no_voice"
            else:
                status = "need_unmet"
            rows.append(
                {
                    "from_category": group,
                    "to_category": to,
                    "links_now": links_n,
                    "needs": needs_n,
                    "status": status,
                }
            )
    columns = ["from_category", "to_category", "links_now", "needs", "status"]
    return pd.DataFrame(rows, columns=columns)


def _free_text(frame: _Frame, privacy: str, replacements: Mapping[str, str]) -> pd.DataFrame:
    """The free-text answers that may be shown, each where it may be shown.

    Named and pseudonymous outputs quote each organisation that agreed to be named, under its
    name or pseudonym. Everything else is quoted only with the respondent's consent to quoting
    (``consent.quote``), under its group: the decliners' texts (under ``declined``) and, in
    anonymous mode, every text. In every text shown, the organisation names in
    ``replacements`` (an organisation's own, and any other it mentions) are replaced.
    """
    import pandas as pd

    masker = NameMasker(replacements)
    named_rows: list[dict[str, Any]] = []
    group_rows: list[dict[str, Any]] = []
    for entry in frame.free_text:
        i = entry["i"]
        if privacy != "anonymous" and not frame.hidden[i]:
            rows, who, rid = named_rows, frame.names[i], frame.response_ids[i]
        elif frame.quotable[i]:
            rows, who, rid = group_rows, None, None
        else:
            continue
        rows.append(
            {
                "response_id": rid,
                "organisation": who,
                "category": frame.group_of[i],
                "question": entry["question"],
                "text": masker.mask(entry["text"]),
            }
        )
    columns = ["response_id", "organisation", "category", "question", "text"]
    # Group quotes carry no submission order: sorted by group, question and text.
    grouped = pd.DataFrame(group_rows, columns=columns).sort_values(
        ["category", "question", "text"], ignore_index=True
    )
    out = pd.concat([pd.DataFrame(named_rows, columns=columns), grouped], ignore_index=True)
    if privacy == "anonymous":
        out = out.drop(columns=["response_id", "organisation"])
    return out


#: What an organisation's name becomes in a text where it may not be shown.
MASK = "[organisation]"


def name_replacements(
    responses: Sequence[StoredResponse],
    declined: Sequence[StoredResponse],
    names: Mapping[str, str],
    privacy: str,
) -> dict[str, str]:
    """Organisation name -> what free text shows instead, in this privacy mode.

    Named: the decliners' names are masked. Pseudonymous: every name becomes its pseudonym,
    a decliner's is masked. Anonymous: every name is masked.
    """
    hidden = {r.response_id for r in declined}
    out: dict[str, str] = {}
    for r in responses:
        if r.response_id in hidden or privacy == "anonymous":
            out[r.organisation] = MASK
        elif privacy == "pseudonymous":
            out[r.organisation] = names[r.response_id]
    return out


class NameMasker:
    """Replaces organisation names in texts, case-insensitively and across Unicode forms.

    One regular expression for all names, longest first, so "Lakeside Water Company" is
    replaced whole before "Lakeside Water" could match inside it; a name matches only as
    whole words, so an organisation called "Aqua" leaves "aquatic" alone.
    """

    def __init__(self, replacements: Mapping[str, str]) -> None:
        import re
        import unicodedata

        table = {
            unicodedata.normalize("NFKC", k.strip()).casefold(): v
            for k, v in replacements.items()
            if k.strip()
        }
        self._table = table
        self._pattern = (
            re.compile(
                r"(?<!\w)(?:"
                + "|".join(re.escape(k) for k in sorted(table, key=len, reverse=True))
                + r")(?!\w)",
                re.IGNORECASE,
            )
            if table
            else None
        )

    def mask(self, text: str) -> str:
        """``text`` with every known name replaced."""
        if self._pattern is None:
            return text
        import unicodedata

        return self._pattern.sub(
            lambda m: self._table.get(m.group().casefold(), MASK),
            unicodedata.normalize("NFKC", text),
        )


# ---------------------------------------------------------------------------- recommendations


@dataclass
class _Evidence:
    """What fired a trigger: condition kinds, and evidence texts keyed by id (in order)."""

    kinds: list[str] = field(default_factory=list)
    items: dict[str, str] = field(default_factory=dict)  #: evidence id -> text

    @property
    def ids(self) -> list[str]:
        return list(self.items)

    @property
    def texts(self) -> list[str]:
        return list(self.items.values())

    def add(self, kind: str, text: str, ident: str) -> None:
        self.items.setdefault(ident, text)
        if kind not in self.kinds:
            self.kinds.append(kind)

    def extend(self, other: _Evidence) -> None:
        for kind in other.kinds:
            if kind not in self.kinds:
                self.kinds.append(kind)
        for ident, text in other.items.items():
            self.items.setdefault(ident, text)


def _recommendations(
    pack: ReferencePack,
    tables: dict[str, pd.DataFrame],
    frame: _Frame,
    groups: dict[str, str],
    privacy: str,
    lang: str,
) -> pd.DataFrame:
    import pandas as pd

    columns = [
        "recommendation", "group", "title", "text", "concerns", "conditions", "evidence",
        "evidence_ids",
    ]  # fmt: skip
    if frame.n == 0:
        return pd.DataFrame([], columns=columns)
    facts = _Facts(pack, tables, frame, groups, privacy, lang)
    rows = []
    for rec in pack.recommendations:
        trigger = pack.triggers.get(rec.id)
        if rec.kind != "triggered" or trigger is None:
            continue
        ev = facts.evaluate(trigger)
        if ev is None:
            continue
        rows.append(
            {
                "recommendation": rec.id,
                "group": rec.group,
                "title": pack.text(rec.title, lang),
                "text": pack.text(rec.text, lang),
                "concerns": list(rec.concerns) if rec.concerns != "all" else ["all"],
                "conditions": ev.kinds,
                "evidence": ev.texts,
                "evidence_ids": ev.ids,
            }
        )
    return pd.DataFrame(rows, columns=columns)


class _Facts:
    """The findings a trigger condition can test, read from the computed tables."""

    def __init__(
        self,
        pack: ReferencePack,
        tables: dict[str, pd.DataFrame],
        frame: _Frame,
        groups: dict[str, str],
        privacy: str,
        lang: str,
    ) -> None:
        cov = tables["role_coverage"]
        self.pack = pack
        self.lang = lang
        self.role_status = dict(zip(cov["role"], cov["status"], strict=True))
        self.owner_missing = {
            role: flagged(v) for role, v in zip(cov["role"], cov["owner_missing"], strict=True)
        }
        # A role whose primary owners did not answer is not heard: its evidence says so,
        # never that nobody plays it.
        self.not_heard = {
            role
            for role, v in zip(cov["role"], cov["primary_owners_heard"], strict=True)
            if not suppressed(v) and v is not None and not bool(v)
        }
        self.voiced = set(frame.categories)
        self.n = frame.n
        freq = tables["item_frequencies"]
        self.aims = dict(
            zip(
                freq.loc[freq["kind"] == "aim", "item"],
                freq.loc[freq["kind"] == "aim", "selected_by"],
                strict=True,
            )
        )
        ch = freq[freq["kind"] == "challenge"]
        self.challenges = dict(zip(ch["item"], ch["selected_by"], strict=True))
        org_roles = tables["organisation_roles"]
        short = org_roles[org_roles["status"].isin(["gap", "partial"])]
        self.shortfalls = short[["response_id", "organisation", "category", "role", "status"]]
        self.group_of = dict(zip(frame.response_ids, frame.group_of, strict=True))
        self.privacy = privacy

    def role_name(self, role: str) -> str:
        return self.pack.text(self.pack.role(role).short_name, self.lang)

    def evaluate(self, trigger: Trigger) -> _Evidence | None:
        if isinstance(trigger, Combination):
            results = [self.evaluate(p) for p in trigger.parts]
            fired = [r for r in results if r is not None]
            if trigger.mode == "all" and len(fired) != len(results):
                return None
            if not fired:
                return None
            merged = _Evidence()
            for r in fired:
                merged.extend(r)
            return merged
        return self.condition(trigger)

    def condition(self, c: Condition) -> _Evidence | None:
        ev = _Evidence()
        if c.kind == "role_status":
            for role in c.roles:
                status = self.role_status.get(role)
                if status in c.status:
                    text = f"{self.role_name(role)}: {status}"
                    if status in ("uncovered", "no_lead") and role in self.not_heard:
                        text += f"; {NOT_HEARD}"
                    ev.add(c.kind, text, f"role:{role}:{status}")
        elif c.kind == "owner_missing":
            for role in c.roles:
                if self.owner_missing.get(role):
                    what = (
                        NOT_HEARD
                        if role in self.not_heard
                        else "no contributor from an expected category"
                    )
                    ev.add(c.kind, f"{self.role_name(role)}: {what}", f"owner_missing:{role}")
        elif c.kind == "category_missing":
            for cat in c.categories:
                if cat not in self.voiced:
                    name = self.pack.text(self.pack.category(cat).name, self.lang)
                    ev.add(c.kind, f"{name}: no response", f"category:{cat}")
        elif c.kind == "category_gap":
            hits = self.shortfalls[
                self.shortfalls["category"].isin(c.categories)
                & self.shortfalls["role"].isin(c.roles)
            ]
            for row in hits.itertuples(index=False):
                who = (
                    row.organisation
                    if self.privacy != "anonymous"
                    else f"an organisation of {self.group_of[row.response_id]}"
                )
                ident = (
                    f"gap:{row.response_id}:{row.role}"
                    if self.privacy != "anonymous"
                    else f"gap:{self.group_of[row.response_id]}:{row.role}:{row.status}"
                )
                ev.add(c.kind, f"{who} × {self.role_name(row.role)}: {row.status}", ident)
        elif c.kind == "aim_unpursued":
            for aim in c.aims:
                if self.aims.get(aim, 0) == 0:
                    item = next(a for a in self.pack.aims if a.id == aim)
                    ev.add(
                        c.kind,
                        f"{self.pack.text(item.name, self.lang)}: nobody pursues it",
                        f"aim:{aim}",
                    )
        elif c.kind == "challenge_reported":
            for ch in c.challenges:
                share = self.challenges.get(ch, 0) / self.n
                if share >= c.min_share and self.challenges.get(ch, 0) > 0:
                    item = next(x for x in self.pack.challenges if x.id == ch)
                    ev.add(
                        c.kind,
                        f"{self.pack.text(item.name, self.lang)}: {share:.0%} of organisations",
                        f"challenge:{ch}",
                    )
        return ev if ev.items else None


# ---------------------------------------------------------------------------- summary, rounds


def _summary(
    frame: _Frame,
    tables: dict[str, pd.DataFrame],
    invitations: Sequence[Invitation],
    unverified: Sequence[StoredResponse],
    exclude_unverified: bool,
    counted: Sequence[StoredResponse],
    declined: int,
    categories: Sequence[str],
) -> pd.DataFrame:
    import pandas as pd

    cov = tables["role_coverage"]
    fit = tables["role_fit"]["role_fit"].dropna()
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
        ("roles_covered", int(by_status.get("covered", 0))),
        ("roles_no_lead", int(by_status.get("no_lead", 0))),
        ("roles_contested", int(by_status.get("contested", 0))),
        ("roles_uncovered", int(by_status.get("uncovered", 0))),
        ("roles_owner_missing", int(cov["owner_missing"].sum())),
        ("mean_role_fit", round(float(fit.mean()), 4) if len(fit) else None),
        ("organisation_gaps", int(tables["role_fit"]["gaps"].sum())),
        ("recommendations_triggered", len(tables["recommendations"])),
    ]
    return pd.DataFrame(
        {
            "metric": [m for m, _ in metrics],
            "value": pd.Series([v for _, v in metrics], dtype=object),
        }
    )


def _participation(
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
    if privacy == "anonymous":
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


def _change(before: float | None, after: float | None) -> str:
    if before is None or after is None:
        return "unchanged"
    if after > before:
        return "improved"
    if after < before:
        return "worsened"
    return "unchanged"


def _round_roles(
    previous: Analysis, coverage: pd.DataFrame, role_names: dict[str, str]
) -> pd.DataFrame:
    import pandas as pd

    before = previous.tables["role_coverage"].set_index("role")
    rows = []
    for row in coverage.itertuples(index=False):
        old = before.loc[row.role] if row.role in before.index else None
        status_before = str(old["status"]) if old is not None else None
        rows.append(
            {
                "role": row.role,
                "role_name": role_names[row.role],
                "contributors_before": int(old["contributors"]) if old is not None else None,
                "contributors_after": int(row.contributors),
                "leaders_before": int(old["leaders"]) if old is not None else None,
                "leaders_after": int(row.leaders),
                "status_before": status_before,
                "status_after": row.status,
                "change": _change(
                    _ROUND_RANK.get(status_before) if status_before else None,
                    _ROUND_RANK[row.status],
                ),
            }
        )
    out = pd.DataFrame(rows)
    for column in ("contributors_before", "leaders_before"):
        out[column] = out[column].astype("Int64")
    return out


def identity(organisation: str, category: str) -> str:
    """The key that matches one organisation across rounds: its normalised name and category."""
    return f"{normalise_id(organisation.strip())}\0{category}"


def _round_organisations(
    pack: ReferencePack,
    previous: Analysis,
    fit: pd.DataFrame,
    identities: Mapping[tuple[str, str], str],
    declined_identities: frozenset[str],
    names: Mapping[str, str],
    privacy: str,
) -> pd.DataFrame:
    """Each organisation's role fit in both rounds, matched by identity, never by display name.

    An organisation that declines to be named in this round is left out, its earlier figures
    included (its latest answer to ``consent.named`` decides); one that declined in the
    earlier round has no figures for it there (it was in no table of that round) and reads
    ``new``. In pseudonymous mode an organisation that is ``gone`` gets a pseudonym numbered
    after this round's own (``ICT-3`` after ``ICT-1``, ``ICT-2``), so no pseudonym names two
    organisations in one table.
    """
    import pandas as pd

    columns = [
        "organisation", "category", "role_fit_before", "role_fit_after", "delta",
        "gaps_before", "gaps_after", "change",
    ]  # fmt: skip
    if "role_fit" not in previous.tables:
        return pd.DataFrame([], columns=columns)
    old = previous.tables["role_fit"]
    before = {
        previous.identities.get(
            (r.organisation, r.category), identity(r.organisation, r.category)
        ): r
        for r in old.itertuples(index=False)
    }
    after = {identities[r.organisation, r.category]: r for r in fit.itertuples(index=False)}
    gone_names: dict[str, str] = {}
    if privacy == "pseudonymous":
        codes = {c.id: c.code for c in pack.categories}
        counters: dict[str, int] = {}
        for pseudonym in names.values():
            code, _, number = pseudonym.rpartition("-")
            counters[code] = max(counters.get(code, 0), int(number))
        for k in sorted(set(before) - set(after) - declined_identities):
            row = before[k]
            code = codes.get(row.category, str(row.category).upper())
            counters[code] = counters.get(code, 0) + 1
            gone_names[k] = f"{code}-{counters[code]}"
    rows = []
    for k in sorted(set(before) | set(after)):
        if k in declined_identities:
            continue
        b, a = before.get(k), after.get(k)
        fb = None if b is None or _nan(b.role_fit) else float(b.role_fit)
        fa = None if a is None or _nan(a.role_fit) else float(a.role_fit)
        if b is None:
            change = "new"
        elif a is None:
            change = "gone"
        else:
            change = _change(fb, fa)
        source = a if a is not None else b
        assert source is not None
        rows.append(
            {
                "organisation": gone_names.get(k, source.organisation),
                "category": source.category,
                "role_fit_before": fb,
                "role_fit_after": fa,
                "delta": round(fa - fb, 4) if fa is not None and fb is not None else None,
                "gaps_before": int(b.gaps) if b is not None else None,
                "gaps_after": int(a.gaps) if a is not None else None,
                "change": change,
            }
        )
    out = pd.DataFrame(rows, columns=columns)
    for column in ("gaps_before", "gaps_after"):
        out[column] = out[column].astype("Int64")
    order = sorted(range(len(out)), key=lambda i: (normalise_id(rows[i]["organisation"]), i))
    return out.iloc[order].reset_index(drop=True)


def _nan(value: Any) -> bool:
    return isinstance(value, float) and math.isnan(value)
