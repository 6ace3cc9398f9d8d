"""The respondent's command: ``answer``, with the wizard or an answers file."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from sscassess.cli.common import CAMPAIGN_DIR, CONTEXT, tr
from sscassess.core.i18n import N_


@click.command(
    "answer",
    context_settings=CONTEXT,
    help=N_(
        r"""Answer the questionnaire for an organisation, in the terminal or from a file.

    In the terminal: one question per screen, "← back" in every list, a review before
    submitting; answers are saved after each one, so Ctrl-C (or a lost connection) keeps
    them, and the same command resumes where you stopped, from any folder. Answering again
    after submitting starts from the answers submitted, as the next revision. With --answers
    nothing is asked: the file is validated (every problem listed at once).

    The result is a signed response file to send back (--invitation), answers stored in the
    campaign (--campaign, workshop mode), or an answers file (--questionnaire with --out).

    \b
    Example:
      sscassess answer --invitation lakeside_water.yaml
      sscassess answer --invitation lakeside_water.yaml --lang fr --plain
      sscassess answer --campaign lakeside-2026
      sscassess answer --campaign lakeside-2026 --org lakeside_water --answers a.yaml --new-revision
      sscassess answer --invitation lakeside_water.yaml --answers my-answers.yaml
      sscassess answer --questionnaire ssc-stakeholder-self-assessment --answers a.yaml
    """
    ),
)
@click.option(
    "--invitation",
    default=None,
    type=click.Path(dir_okay=False, path_type=Path),
    help=N_("Answer for the organisation of this invitation file; writes a signed response file."),
)
@click.option(
    "--campaign",
    "campaign_dir",
    default=None,
    type=CAMPAIGN_DIR,
    help=N_("Workshop mode: store the answers in this campaign directly."),
)
@click.option(
    "--questionnaire",
    default=None,
    metavar="ID|PATH",
    help=N_("Standalone: check answers against this questionnaire."),
)
@click.option(
    "--answers",
    "answers_file",
    default=None,
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help=N_("Answers file (YAML or JSON): no questions asked."),
)
@click.option(
    "--out",
    default=None,
    type=click.Path(dir_okay=False, path_type=Path),
    help=N_("Where to write the response or answers file."),
)
@click.option(
    "--org",
    default=None,
    metavar="NAME",
    help=N_("With --campaign: the invited organisation answering."),
)
@click.option(
    "--lang",
    default=None,
    metavar="LANG",
    help=N_("Language of the questions (default: the invitation's, then your system's)."),
)
@click.option(
    "--plain",
    is_flag=True,
    help=N_(
        "No colour and ASCII only, for screen readers and simple terminals (also with NO_COLOR or TERM=dumb)."
    ),
)
@click.option(
    "--new-revision",
    is_flag=True,
    help=N_(
        "With --campaign --answers: replace an organisation's submitted answer (the next revision)."
    ),
)
def answer_command(invitation: Path | None, campaign_dir: Path | None, questionnaire: str | None,
                   answers_file: Path | None, out: Path | None, org: str | None,
                   lang: str | None, plain: bool, new_revision: bool) -> None:  # fmt: skip
    from sscassess import respond
    from sscassess.core.errors import UsageError

    modes = [
        m
        for m, on in (
            ("--invitation", invitation),
            ("--campaign", campaign_dir),
            ("--questionnaire", questionnaire),
        )
        if on
    ]
    if len(modes) > 1:
        raise UsageError(
            tr().gettext(
                "give only one of --invitation, --campaign, --questionnaire (got {given})",
                given=", ".join(modes),
            )
        )
    if not modes:
        raise UsageError(
            tr().gettext(
                "give the invitation you answer: sscassess answer --invitation FILE, the file the "
                "city coordinator sent you (coordinators: --campaign DIR for a workshop, "
                "--questionnaire ID --out FILE without an invitation)"
            )
        )
    if new_revision and (campaign_dir is None or answers_file is None):
        raise UsageError(
            tr().gettext(
                "--new-revision goes with --campaign DIR --answers FILE (the wizard asks instead)"
            )
        )
    if answers_file is None:
        if not (sys.stdin.isatty() and sys.stdout.isatty()):
            # Never let piped bytes become answers.
            raise UsageError(
                tr().gettext(
                    "no terminal to ask questions in: give --answers FILE to answer from a file"
                )
            )
        if invitation is not None:
            written = respond.interactive_invitation(invitation, out, lang, plain)
            click.echo(written.message)
        elif campaign_dir is not None:
            stored = respond.interactive_campaign(campaign_dir, org, lang, plain)
            for one in stored:
                click.echo(one.message)
            if not stored:
                click.echo(tr().gettext("No answers stored."))
        else:
            if out is None:
                raise UsageError(tr().gettext("give --out FILE: where to write the answers"))
            written = respond.interactive_standalone(questionnaire, out, lang, plain)
            click.echo(tr().gettext("Answers written to {path}", path=written.path))
        return
    if invitation is not None:
        written = respond.answer_with_invitation(invitation, answers_file, out, keep=True)
        click.echo(written.message)
    elif campaign_dir is not None:
        written = respond.answer_in_campaign(campaign_dir, answers_file, org, new_revision)
        click.echo(
            tr().gettext(
                "{organisation}: {detail} (revision {revision})",
                organisation=written.organisation,
                detail=tr().gettext(written.detail),
                revision=written.revision,
            )
        )
    else:
        written = respond.answer_standalone(questionnaire, answers_file, out)
        click.echo(
            tr().gettext(
                "{file}: the answers are valid; written to {out}", file=answers_file, out=out
            )
            if out
            else tr().gettext("{file}: the answers are valid", file=answers_file)
        )
