"""Gap analysis: every organisation's self-assessment against the reference and the others.

:func:`analyse` is a pure function of (reference pack, questionnaire, responses, invitations,
drafts) and returns an :class:`Analysis`: named pandas DataFrames with the stable columns the
README documents ("Gap analysis"), plus the provenance the reports print on their cover.
:func:`sscassess.pipeline.analyse_campaign` gathers those inputs from a campaign folder.
Each table family is built in its own module (:mod:`.frame`, :mod:`.roles`, :mod:`.items`,
:mod:`.free_text`, :mod:`.recommendations`, :mod:`.participation`, :mod:`.rounds`); this
module applies consent and privacy, runs them in order and assembles the result.

The computation works on small dense matrices (organisations × roles, organisations × items)
with numpy, so 100,000 responses cost little more than reading them; the DataFrames are built
once at the end. Privacy is applied here, not in the renderers: a table that must not show
organisations simply does not contain them.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sscassess.analysis.definitions import (
    DEFAULT_MIN_GROUP,
    ITEM_KINDS,
    ORGANISATION_TABLES,
    PRIVACY_MODES,
    TABLES,
    declined_naming,
)
from sscassess.analysis.frame import build_frame, pseudonyms, reporting_groups
from sscassess.analysis.free_text import free_text_table, name_replacements
from sscassess.analysis.items import (
    collaboration_table,
    item_alignment_table,
    item_frequency_table,
)
from sscassess.analysis.messages import NOTES, pack_names, render
from sscassess.analysis.participation import participation_table, summary_table
from sscassess.analysis.quality import campaign_notes, counting_notes
from sscassess.analysis.recommendations import recommendations_table
from sscassess.analysis.roles import category_roles_table, organisation_tables, role_coverage_table
from sscassess.analysis.rounds import identity, round_organisations_table, round_roles_table
from sscassess.core.errors import Msg, Option, UsageError
from sscassess.core.i18n import Plural, translator
from sscassess.core.stamps import now
from sscassess.core.vocabulary import Privacy, Table
from sscassess.reference.schema import EXPECTED_INVOLVEMENT

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    import numpy as np
    import pandas as pd

    from sscassess.analysis.actions import Plan
    from sscassess.analysis.frame import Frame
    from sscassess.campaign.store import Invitation, StoredResponse
    from sscassess.questionnaire.model import Questionnaire
    from sscassess.reference.model import ReferencePack


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
                Msg("this analysis has no table '{name}'; it has: {tables}", name=name,
                    tables=", ".join(self.tables))
            )  # fmt: skip
        return self.tables[name]

    def summary_value(self, metric: str) -> Any:
        """A headline figure from the ``summary`` table."""
        summary = self.tables[Table.SUMMARY]
        hit = summary.loc[summary["metric"] == metric, "value"]
        if hit.empty:
            raise KeyError(metric)
        return hit.iloc[0]


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

    from sscassess.analysis.actors import owners_heard
    from sscassess.analysis.followup import followup

    if privacy not in PRIVACY_MODES:
        raise UsageError(
            Msg("unknown privacy mode '{privacy}'; use one of {modes}", privacy=privacy,
                modes=", ".join(PRIVACY_MODES))
        )  # fmt: skip
    if min_group < 2:
        raise UsageError(Msg("the minimum group size must be 2 or more, not {n}", n=min_group))
    pack = reference
    lang = lang or pack.meta.default_language
    unverified = [r for r in responses if not r.verified]
    counted = sorted(
        (r for r in responses if r.verified or not exclude_unverified), key=lambda r: r.response_id
    )
    # Consent: an organisation that declined to be named is never shown on its own, in any
    # mode. Together the decliners form one group, in the figures only when it holds at least
    # ``min_group`` of them; otherwise their answers are in no figure at all (anything else
    # would let their answers be had by subtracting the named organisations' rows).
    declined = [r for r in counted if declined_naming(questionnaire, r)]
    pool_shown = len(declined) >= min_group
    _refuse_differencing(responses, questionnaire, privacy, min_group, exclude_unverified)
    quality = counting_notes(
        questionnaire, unverified, declined, privacy, min_group, exclude_unverified
    )
    figures = [r for r in counted if pool_shown or not declined_naming(questionnaire, r)]
    if privacy == Privacy.ANONYMOUS and len(figures) < min_group:
        raise UsageError(
            Msg(Plural("an anonymous analysis needs at least {min} responses and this one has "
                       "{n}; collect more answers, or use {option}",
                       "an anonymous analysis needs at least {min} responses and this one has "
                       "{n}; collect more answers, or use {option}"),
                min=min_group, n=len(figures), option=Option("privacy", Privacy.PSEUDONYMOUS))
        )  # fmt: skip
    names = pseudonyms(pack, responses)
    frame = build_frame(pack, questionnaire, figures, privacy, names)
    groups, notes = reporting_groups(pack, frame, privacy, min_group)
    quality += notes
    role_ids = [r.id for r in pack.roles]
    role_names = {r.id: pack.text(r.name, lang) for r in pack.roles}
    cat_ids = [c.id for c in pack.categories]
    expected_by_cat, level_by_cat = _reference_matrices(pack)
    S = frame.involvement
    E = expected_by_cat[frame.cat_index] if frame.n else np.zeros_like(S)

    tables: dict[str, pd.DataFrame] = {}
    tables[Table.PARTICIPATION] = participation_table(
        pack, counted, groups, invitations, drafts or {}, privacy, min_group, lang
    )
    shown_roles, fit, all_fit, withheld = _organisation_tables(
        pack, questionnaire, frame, [r for r in declined if not pool_shown], privacy, names,
        (expected_by_cat, level_by_cat), role_names,
    )  # fmt: skip
    tables[Table.ORGANISATION_ROLES] = shown_roles
    tables[Table.ROLE_FIT] = fit
    tables[Table.CATEGORY_ROLES] = category_roles_table(
        pack, frame, groups, role_ids, expected_by_cat, level_by_cat
    )
    coverage = role_coverage_table(pack, frame, groups, role_ids, role_names, E, privacy, min_group)
    coverage.insert(
        coverage.columns.get_loc("primary_owners") + 1,
        "primary_owners_heard",
        pd.array(owners_heard(pack, tables[Table.PARTICIPATION]), dtype="boolean"),
    )
    tables[Table.ROLE_COVERAGE] = coverage
    tables.update(_item_tables(pack, frame, groups, privacy, lang))
    tables[Table.COLLABORATION] = collaboration_table(cat_ids, frame, groups)
    tables[Table.FREE_TEXT] = free_text_table(
        frame, privacy, name_replacements(responses, declined, names, privacy)
    )

    quality += campaign_notes(
        questionnaire, frame, role_ids, responses, counted, invitations, drafts or {}, privacy
    )
    tables[Table.RECOMMENDATIONS] = recommendations_table(
        pack, tables, frame, groups, privacy, lang
    )
    plan = _plan(
        pack, questionnaire, tables, frame, figures, all_fit, invitations, drafts or {},
        responses, counted, privacy,
    )  # fmt: skip
    tables[Table.ACTIONS] = plan.actions
    if plan.raci is not None:
        tables[Table.RACI] = plan.raci
    quality += plan.notes
    tables[Table.SUMMARY] = summary_table(
        frame, tables, invitations, unverified, exclude_unverified, counted, len(declined), cat_ids
    )
    identities, declined_identities = _identities(questionnaire, frame, responses)
    if previous is not None:
        tables[Table.ROUND_CHANGES_ROLES] = round_roles_table(previous, coverage, role_names)
        if privacy != Privacy.ANONYMOUS:
            tables[Table.ROUND_CHANGES_ORGANISATIONS] = round_organisations_table(
                pack, previous, fit, identities, declined_identities, names, privacy
            )
        tables[Table.ACTION_FOLLOWUP] = followup(previous, tables, counted, privacy)
    tables[Table.DATA_QUALITY] = _notes_table(quality, pack, lang)
    ordered = _ordered(tables, anonymous=privacy == Privacy.ANONYMOUS)
    meta = _meta(
        pack, questionnaire, counted, context, previous, frame.n, privacy, min_group, lang,
        exclude_unverified,
    )  # fmt: skip
    if privacy == Privacy.NAMED or privacy == Privacy.PSEUDONYMOUS:
        return Analysis(
            ordered,
            meta,
            pack,
            {k: v.reset_index(drop=True) for k, v in withheld.items()},
            identities,
            declined_identities,
        )
    return Analysis(ordered, meta, pack)


def _reference_matrices(pack: ReferencePack) -> tuple[np.ndarray, np.ndarray]:
    """Category × role: the expected involvement (0–4) and the expectation level's word."""
    import numpy as np

    role_ids = [r.id for r in pack.roles]
    cat_ids = [c.id for c in pack.categories]
    shape = (len(cat_ids), len(role_ids))
    expected = np.array(
        [[EXPECTED_INVOLVEMENT[pack.level(c, r)] for r in role_ids] for c in cat_ids],
        dtype=np.int8,
    ).reshape(shape)
    levels = np.array(
        [[pack.level(c, r).value for r in role_ids] for c in cat_ids], dtype=object
    ).reshape(shape)
    return expected, levels


def _item_tables(
    pack: ReferencePack, frame: Frame, groups: dict[str, str], privacy: str, lang: str
) -> dict[str, pd.DataFrame]:
    """The four item alignment tables and, all kinds together, ``item_frequencies``."""
    import pandas as pd

    tables = {}
    frequencies = []
    for table, meaning, src, kind in ITEM_KINDS:
        tables[table] = item_alignment_table(pack, frame, groups, meaning, src, privacy, lang)
        frequencies.append(item_frequency_table(pack, frame, groups, meaning, src, kind, lang))
    tables[Table.ITEM_FREQUENCIES.value] = pd.concat(frequencies, ignore_index=True)
    return tables


def _organisation_tables(
    pack: ReferencePack,
    questionnaire: Questionnaire,
    frame: Frame,
    left_out: Sequence[StoredResponse],
    privacy: str,
    names: Mapping[str, str],
    by_category: tuple[np.ndarray, np.ndarray],
    role_names: dict[str, str],
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, dict[str, pd.DataFrame]]:
    """The organisation tables without the decliners, and the decliners' own rows.

    Returns ``organisation_roles`` and ``role_fit`` without the decliners, ``role_fit`` of
    every response in the figures, and the decliners' own rows (``withheld``) for their own
    reports. ``left_out`` are the decliners in no figure (fewer than ``min_group``): their rows are
    made from their own answers, apart from the frame.
    """
    expected_by_cat, level_by_cat = by_category
    org_roles, all_fit = organisation_tables(pack, frame, expected_by_cat, level_by_cat, role_names)
    hidden_ids = {rid for rid, h in zip(frame.response_ids, frame.hidden, strict=True) if h}
    withheld = {
        Table.ORGANISATION_ROLES.value: org_roles[org_roles["response_id"].isin(hidden_ids)],
        Table.ROLE_FIT.value: all_fit[all_fit["response_id"].isin(hidden_ids)],
    }
    if left_out:  # in no figure, but still in their own reports
        own_frame = build_frame(pack, questionnaire, left_out, privacy, names)
        own_roles, own_fit = organisation_tables(
            pack, own_frame, expected_by_cat, level_by_cat, role_names
        )
        withheld = {Table.ORGANISATION_ROLES.value: own_roles, Table.ROLE_FIT.value: own_fit}
    shown_roles = org_roles[~org_roles["response_id"].isin(hidden_ids)].copy()
    shown_roles["response_id"] = shown_roles["response_id"].cat.remove_unused_categories()
    fit = all_fit[~all_fit["response_id"].isin(hidden_ids)].reset_index(drop=True)
    return shown_roles.reset_index(drop=True), fit, all_fit, withheld


def _plan(
    pack: ReferencePack,
    questionnaire: Questionnaire,
    tables: Mapping[str, pd.DataFrame],
    frame: Frame,
    figures: Sequence[StoredResponse],
    all_fit: pd.DataFrame,
    invitations: Sequence[Invitation],
    drafts: Mapping[str, tuple[int, int, str]],
    responses: Sequence[StoredResponse],
    counted: Sequence[StoredResponse],
    privacy: str,
) -> Plan:
    """The proposed actions and the RACI table, from the respondents in the figures."""
    from sscassess.analysis.actions import plan as make_plan
    from sscassess.analysis.actors import Respondents, pledge_matrix

    people = Respondents(
        response_ids=frame.response_ids,
        real_ids=[r.response_id for r in figures],
        names=frame.names,
        categories=frame.categories,
        groups=frame.group_of,
        hidden=frame.hidden,
        ratings=frame.involvement,
        potential=frame.items["potential"],
        links=frame.links["collaborations"],
        pledges=pledge_matrix(questionnaire, figures, [r.id for r in pack.roles]),
        role_fit=all_fit["role_fit"].to_numpy(dtype=float),
    )
    return make_plan(
        pack, questionnaire, tables, people, invitations, drafts, responses, counted, privacy
    )


def _identities(
    questionnaire: Questionnaire, frame: Frame, responses: Sequence[StoredResponse]
) -> tuple[dict[tuple[str, str], str], frozenset[str]]:
    """Who each shown row is (for matching rounds), and who declined to be named.

    Every current answer of "no" counts, a response left out of the figures included.
    """
    identities = {
        (name, category): identity(real, category)
        for name, real, category, hidden in zip(
            frame.names, frame.real_names, frame.categories, frame.hidden, strict=True
        )
        if not hidden
    }
    declined_identities = frozenset(
        identity(r.organisation, r.category) for r in responses if declined_naming(questionnaire, r)
    )
    return identities, declined_identities


def _ordered(tables: dict[str, pd.DataFrame], *, anonymous: bool) -> dict[str, pd.DataFrame]:
    """The tables in export order; anonymous: without any table or column naming organisations."""
    if anonymous:
        for name in ORGANISATION_TABLES:
            tables.pop(name)
        tables[Table.ROLE_COVERAGE] = tables[Table.ROLE_COVERAGE].drop(
            columns=["contributor_organisations", "leader_organisations"]
        )
    return {name: tables[name] for name in TABLES if name in tables}


def _meta(
    pack: ReferencePack,
    questionnaire: Questionnaire,
    counted: Sequence[StoredResponse],
    context: Mapping[str, Any] | None,
    previous: Analysis | None,
    responses: int,
    privacy: str,
    min_group: int,
    lang: str,
    exclude_unverified: bool,
) -> dict[str, Any]:
    """The provenance the reports print on their cover (:attr:`Analysis.meta`)."""
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
        "responses": responses,
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
    return meta


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
    if privacy == Privacy.ANONYMOUS and unverified:
        raise UsageError(
            Msg(Plural("{option} cannot be used in an anonymous analysis of this campaign: it "
                       "would leave out {n} unverified response, and comparing the result with "
                       "the full anonymous analysis would give its answers back. Use {other} "
                       "(or named) to leave it out, or import it verified",
                       "{option} cannot be used in an anonymous analysis of this campaign: it "
                       "would leave out {n} unverified responses, and comparing the result with "
                       "the full anonymous analysis would give their answers back. Use {other} "
                       "(or named) to leave them out, or import them verified"),
                option=Option("exclude_unverified"), n=len(unverified),
                other=Option("privacy", Privacy.PSEUDONYMOUS))
        )  # fmt: skip
    declined = [r for r in responses if declined_naming(questionnaire, r)]
    hidden = [r for r in unverified if declined_naming(questionnaire, r)]
    if hidden and len(declined) >= min_group:
        raise UsageError(
            Msg(Plural("{option} would take {n} unverified response out of the group of "
                       "organisations that declined to be named, and comparing the result with "
                       "the full analysis would give its answers back; analyse without it",
                       "{option} would take {n} unverified responses out of the group of "
                       "organisations that declined to be named, and comparing the result with "
                       "the full analysis would give their answers back; analyse without it"),
                option=Option("exclude_unverified"), n=len(hidden))
        )  # fmt: skip


def _notes_table(notes: list[dict[str, Any]], pack: ReferencePack, lang: str) -> pd.DataFrame:
    """The ``data_quality`` table: each note's code, subject, params, and its text in ``lang``."""
    import pandas as pd

    tr, names = translator(lang), pack_names(pack, lang)
    rows = [
        {
            "code": n["code"],
            "subject": n["subject"],
            "params": n["params"],
            "detail": render(NOTES, n["code"], n["params"], tr, names),
        }
        for n in notes
    ]
    return pd.DataFrame(rows, columns=["code", "subject", "params", "detail"])
