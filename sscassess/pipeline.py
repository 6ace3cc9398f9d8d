"""The pipeline: a campaign folder's responses, analysed, then written as tables or reports.

The one place where the stages meet: :mod:`sscassess.campaign` gives the responses,
invitations and drafts, :mod:`sscassess.analysis` turns them into tables, and
:mod:`sscassess.analysis.output` or :mod:`sscassess.report` writes them. Neither the analysis
nor the reports know about campaign folders.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sscassess.analysis.analyse import analyse
from sscassess.analysis.definitions import DEFAULT_MIN_GROUP, PRIVACY_MODES
from sscassess.core.errors import Msg, Option, UsageError
from sscassess.core.vocabulary import Privacy

if TYPE_CHECKING:
    from collections.abc import Callable

    from sscassess.analysis.analyse import Analysis
    from sscassess.campaign.folder import Campaign


def analyse_campaign(
    campaign: Campaign,
    *,
    previous: Campaign | None = None,
    privacy: str = "named",
    min_group: int = DEFAULT_MIN_GROUP,
    exclude_unverified: bool = False,
    lang: str | None = None,
) -> Analysis:
    """Analyse a campaign folder's current responses (optionally against an earlier round)."""
    q = campaign.questionnaire
    store = campaign.store
    prev = None
    if previous is not None:
        if previous.config.reference.sha256 != campaign.config.reference.sha256:
            raise UsageError(
                Msg("the previous campaign {campaign} uses another reference pack ({pack}); "
                    "rounds can only be compared on the same framework", campaign=previous.id,
                    pack=" ".join((previous.config.reference.id, previous.config.reference.version)))
            )  # fmt: skip
        prev = analyse_campaign(
            previous, privacy=privacy, min_group=min_group,
            exclude_unverified=exclude_unverified, lang=lang,
        )  # fmt: skip
    context = {
        "campaign_id": campaign.id,
        "city": campaign.config.city,
        "country": campaign.config.country,
        "round": campaign.config.round,
    }
    return analyse(
        q.reference,
        q,
        store.responses(),
        store.invitations(),
        store.drafts(),
        privacy=privacy,
        min_group=min_group,
        exclude_unverified=exclude_unverified,
        previous=prev,
        lang=lang,
        context=context,
    )


def write_reports(
    campaign: Campaign,
    out_dir: Path | None = None,
    *,
    organisations: bool = False,
    privacy: str = "named",
    min_group: int = DEFAULT_MIN_GROUP,
    lang: str | None = None,
    own_language: bool | None = None,
    previous: Campaign | None = None,
    template: Path | None = None,
    jobs: int | None = None,
    progress: Callable[[int, int, str], None] | None = None,
    invariant: bool = False,
) -> list[Path]:
    """Analyse ``campaign`` and write its city report (and organisation reports) as PDF.

    ``out_dir`` defaults to ``campaign.root / "reports"``. With ``organisations=True`` every
    counted response also gets a report in ``out_dir/organisations/`` (not in anonymous mode,
    which names no organisation). ``min_group`` is the anonymous mode's smallest group, as in
    :func:`~sscassess.analysis.analyse.analyse`. ``template`` is a report template laid over
    the shipped one; the rest is as in :func:`sscassess.report.write_report_files`. Returns
    the paths written, city report first.

    ``lang`` is the city report's language (default: the template's). With ``own_language``
    (the default when ``lang`` is not given) an organisation invited in another language the
    template and the pack have gets its report in that language; otherwise every report is
    in ``lang``.

    Raises :class:`~sscassess.core.errors.InvalidInputError`, writing nothing, when the default
    ``reports/`` or the ``organisations/`` folder is a symbolic link, and
    :class:`~sscassess.core.fileio.WriteError` when a report cannot be written (full disk).
    """
    from sscassess.core.fileio import checked_folder
    from sscassess.report import ORGANISATIONS_DIR, check_lang, load_template, write_report_files

    if privacy not in PRIVACY_MODES:
        raise UsageError(
            Msg("unknown privacy mode '{privacy}'; use one of {modes}", privacy=privacy,
                modes=", ".join(PRIVACY_MODES))
        )  # fmt: skip
    if organisations and privacy == Privacy.ANONYMOUS:
        raise UsageError(
            Msg("organisation reports name their organisation: use {named} or pseudonymous "
                "with {organisations}", named=Option("privacy", Privacy.NAMED),
                organisations=Option("organisations"))
        )  # fmt: skip
    # Before anything is built or written: the folders we name ourselves must be real
    # folders, or a linked reports/ or organisations/ would take the PDFs out of the campaign.
    out = Path(out_dir) if out_dir is not None else checked_folder(campaign.root, "reports")
    if organisations:
        checked_folder(out, ORGANISATIONS_DIR)
    tmpl = load_template(template)
    pack_langs = tuple(campaign.questionnaire.reference.meta.languages)
    chosen = check_lang(lang, tmpl, pack_langs)
    analysis: Analysis = analyse_campaign(
        campaign, previous=previous, privacy=privacy, min_group=min_group, lang=chosen
    )
    own: dict[str, Analysis] = {}
    if organisations and (lang is None if own_language is None else own_language):
        shared = {x for x in tmpl.languages if x in pack_langs}
        for other, response_ids in _own_languages(campaign, shared - {chosen}).items():
            translated = analyse_campaign(
                campaign, previous=previous, privacy=privacy, min_group=min_group, lang=other
            )
            own.update(dict.fromkeys(response_ids, translated))
    return write_report_files(
        analysis, out, tmpl, chosen, organisations=organisations, own=own, jobs=jobs,
        progress=progress, invariant=invariant,
    )  # fmt: skip


def _own_languages(campaign: Campaign, languages: set[str]) -> dict[str, list[str]]:
    """Language → the response ids whose invitation is in it, for ``languages`` only."""
    invited = {inv.invitation_id: inv.lang for inv in campaign.store.invitations()}
    own: dict[str, list[str]] = {}
    for response in campaign.store.responses():
        lang = invited.get(response.invitation_id) if response.invitation_id else None
        if lang in languages:
            own.setdefault(str(lang), []).append(response.response_id)
    return dict(sorted(own.items()))
