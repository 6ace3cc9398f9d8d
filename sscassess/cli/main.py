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
from typing import Any

import click

from sscassess import __version__
from sscassess.cli import campaign, forms, respondent, results
from sscassess.cli.common import CONTEXT, spelling
from sscassess.core.errors import ExitCode, SscError


@click.group(context_settings=CONTEXT)
@click.version_option(__version__, "--version", prog_name="sscassess")
@click.option("--debug", is_flag=True, help="Show the full traceback when something fails.")
def cli(debug: bool) -> None:
    r"""Stakeholder assessment for smart sustainable cities.

    Compares what each stakeholder organisation says it does with the reference roles of the
    ITU-T FG-SSC report "Setting the stage for stakeholders' engagement in smart sustainable
    cities" (Y.Suppl.34).

    \b
    Example:
      sscassess reference show            # the category × role matrix
      sscassess reference show citizens   # one category's full profile
    """


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


def _keep_examples_unwrapped(group: click.Group) -> None:
    r"""Turn the ``\b`` marker line of raw docstrings into the control character click wants.

    click keeps a paragraph unwrapped when its first line is a backspace (``\x08``); in a raw
    docstring ``\b`` is a backslash and a letter, and the examples were wrapped into one line.
    """
    for command in [group, *group.commands.values()]:
        if command.help:
            command.help = re.sub(r"^([ \t]*)\\b$", "\\1\b", command.help, flags=re.M)
        if isinstance(command, click.Group) and command is not group:
            _keep_examples_unwrapped(command)


_keep_examples_unwrapped(cli)


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
    try:
        code = cli.main(args=args, prog_name="sscassess", standalone_mode=False)
    except click.exceptions.Exit as exc:
        code = exc.exit_code
    except click.ClickException as exc:
        exc.show()
        code = ExitCode.USAGE if exc.exit_code == 2 else exc.exit_code
    except click.Abort:
        click.echo("stopped by user", err=True)
        code = ExitCode.INTERRUPTED
    except SscError as exc:
        if debug:
            traceback.print_exc()
        message = exc.spelt(spelling(_command_run(args), cli))
        if exc.exit_code == ExitCode.OK:  # "Save and finish later": said, not an error
            click.echo(message)
        else:
            prefix = "" if exc.exit_code == ExitCode.INTERRUPTED else "error: "
            click.echo(_for_terminal(f"{prefix}{message}", sys.stderr), err=True)
        code = exc.exit_code
    except KeyboardInterrupt:
        click.echo("\nstopped by user", err=True)
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
            f"internal error: {type(exc).__name__}: {exc}\n"
            "This is a bug in sscassess. Run the command again with --debug and report the "
            "traceback.",
            err=True,
        )
        code = ExitCode.ERROR
    sys.exit(int(code or 0))
