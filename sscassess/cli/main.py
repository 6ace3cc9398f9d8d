"""The command line: the ``sscassess`` group and :func:`main`, which runs it.

The commands live in the modules of their kind (:mod:`.forms`, :mod:`.campaign`,
:mod:`.results`, :mod:`.respondent`). Errors are mapped to exit codes in one place,
:func:`main`; nothing else prints tracebacks.
This module must import quickly: no pandas, matplotlib, reportlab or questionary here, and the
library modules are imported inside the commands.
"""

from __future__ import annotations

import os
import re
import sys
import textwrap
import traceback
from importlib import resources
from typing import TYPE_CHECKING, Any

import click

from sscassess import __version__
from sscassess.cli import campaign, forms, respondent, results
from sscassess.cli.common import CONTEXT, spelling, tr
from sscassess.core.errors import ExitCode, SscError
from sscassess.core.i18n import DOMAIN, N_, SOURCE_LANGUAGE, translator, user_language

if TYPE_CHECKING:
    from collections.abc import Iterator


@click.group(
    context_settings=CONTEXT,
    help=N_(
        r"""Stakeholder assessment for smart sustainable cities.

    Compares what each stakeholder organisation says it does with the reference roles of the
    ITU-T FG-SSC report "Setting the stage for stakeholders' engagement in smart sustainable
    cities" (Y.Suppl.34). Messages and help are in the language of the environment
    (LANGUAGE, LC_ALL, LC_MESSAGES or LANG): English, French or Spanish.

    \b
    Example:
      sscassess reference show            # the category × role matrix
      sscassess reference show citizens   # one category's full profile
      LANGUAGE=fr sscassess --help        # this help in French
    """
    ),
)
@click.version_option(__version__, "--version", prog_name="sscassess")
@click.option("--debug", is_flag=True, help=N_("Show the full traceback when something fails."))
def cli(debug: bool) -> None:
    """The ``sscassess`` group; its help text is in the decorator, to be translated."""


def _add_commands(group: click.Group) -> None:
    """Every command, from the module of its kind."""
    for command in (
        forms.reference, forms.questionnaire,
        campaign.init_command, campaign.invite_command, campaign.import_command,
        campaign.status_command, campaign.export_command,
        results.analyze_command, results.report_command, results.demo_command,
        respondent.answer_command,
    ):  # fmt: skip
        group.add_command(command)


_add_commands(cli)


def _every_command(group: click.Group) -> Iterator[click.Command]:
    yield group
    for command in group.commands.values():
        if isinstance(command, click.Group):
            yield from _every_command(command)
        else:
            yield command


def _unwrapped(text: str) -> str:
    r"""``text`` with its ``\b`` marker lines turned into the control character click wants.

    click keeps a paragraph unwrapped when its first line is a backspace (``\x08``); in a raw
    string ``\b`` is a backslash and a letter, and the examples were wrapped into one line.
    """
    return re.sub(r"^([ \t]*)\\b$", "\\1\b", text, flags=re.M)


#: Every help text of the command line, in English as written: (object, attribute, text).
_HELP_TEXTS: list[tuple[Any, str, str]] = [
    (item, attribute, getattr(item, attribute))
    for command in _every_command(cli)
    for item in (command, *command.params)
    for attribute in ("help", "short_help")
    if isinstance(getattr(item, attribute, None), str) and getattr(item, attribute)
]


def _set_help(lang: str) -> None:
    tr = translator(lang)
    for item, attribute, english in _HELP_TEXTS:
        setattr(item, attribute, _unwrapped(tr.gettext(english)))


_set_help(SOURCE_LANGUAGE)  # `cli` run on its own (click's test runner) reads English


def speak(lang: str) -> None:
    """Set every help text in ``lang``, and make click's own words ("Usage:") follow it.

    click translates its words with the standard library's :func:`gettext.gettext`, which reads
    the global text domain and the ``LANGUAGE`` variable: this points the domain at the
    package's catalogues and sets ``LANGUAGE`` to ``lang`` (see :func:`main`, which restores
    both afterwards).
    """
    import gettext

    _set_help(lang)
    gettext.bindtextdomain(DOMAIN, str(resources.files("sscassess").joinpath("locale")))
    gettext.textdomain(DOMAIN)
    os.environ["LANGUAGE"] = lang


def _for_terminal(message: str, stream: Any) -> str:
    """``message`` wrapped at spaces to a terminal's width (a terminal cuts words in two).

    Only for a terminal: what a script or a log reads stays one line per message.
    """
    try:
        if not stream.isatty():
            return message
    except (AttributeError, ValueError):
        return message
    import shutil

    width = max(20, shutil.get_terminal_size((80, 24)).columns - 1)
    # An indented line (a command to run, a path) stays whole, to be copied.
    return "\n".join(
        line
        if line.startswith("  ")
        else "\n".join(textwrap.wrap(line, width, break_long_words=False, break_on_hyphens=False))
        or line
        for line in message.split("\n")
    )


def _command_run(args: list[str]) -> click.Command:
    """The command ``args`` name (``sscassess reference show x`` → ``show``), without parsing them."""
    command: click.Command = cli
    for word in args:
        if isinstance(command, click.Group) and word in command.commands:
            command = command.commands[word]
        elif not word.startswith("-"):
            break
    return command


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``sscassess`` command: run the CLI and map errors to exit codes."""
    args = sys.argv[1:] if argv is None else argv
    debug = "--debug" in args or os.environ.get("SSCASSESS_DEBUG") == "1"
    import gettext

    domain, language = gettext.textdomain(), os.environ.get("LANGUAGE")
    try:
        speak(user_language(os.environ))
        code = _run(args, debug)
    finally:
        gettext.textdomain(domain)
        if language is None:
            os.environ.pop("LANGUAGE", None)
        else:
            os.environ["LANGUAGE"] = language
    sys.exit(int(code or 0))


def _run(args: list[str], debug: bool) -> int:
    """Run the command line on ``args``; the exit code, every error said (:func:`main`)."""
    try:
        code = cli.main(args=args, prog_name="sscassess", standalone_mode=False)
    except click.exceptions.Exit as exc:
        code = exc.exit_code
    except click.ClickException as exc:
        exc.show()
        code = ExitCode.USAGE if exc.exit_code == 2 else exc.exit_code
    except click.Abort:
        click.echo(tr().gettext("stopped by user"), err=True)
        code = ExitCode.INTERRUPTED
    except SscError as exc:
        if debug:
            traceback.print_exc()
        message = exc.spelt(spelling(_command_run(args), cli), tr())
        if exc.exit_code == ExitCode.OK:  # "Save and finish later": said, not an error
            click.echo(message)
        else:
            if exc.exit_code != ExitCode.INTERRUPTED:
                message = tr().gettext("error: {message}", message=message)
            click.echo(_for_terminal(message, sys.stderr), err=True)
        code = exc.exit_code
    except KeyboardInterrupt:
        click.echo("\n" + tr().gettext("stopped by user"), err=True)
        code = ExitCode.INTERRUPTED
    except BrokenPipeError:
        # The reader (e.g. `| head`) went away: not an error worth a message.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        code = ExitCode.OK
    except Exception as exc:
        if debug:
            traceback.print_exc()
        click.echo(
            tr().gettext(
                "internal error: {kind}: {error}\nThis is a bug in sscassess. Run the command "
                "again with --debug and report the traceback.",
                kind=type(exc).__name__,
                error=exc,
            ),
            err=True,
        )
        code = ExitCode.ERROR
    return int(code or 0)
