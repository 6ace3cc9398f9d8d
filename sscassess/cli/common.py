"""What the commands share: click settings, arguments, opening rounds, spelling options.

A library message names a setting as an :class:`~sscassess.core.errors.Option`; here it
becomes the flag of the command that runs (:func:`spelling`).
"""

from __future__ import annotations

import contextlib
import os
import shlex
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from sscassess.analysis.definitions import DEFAULT_MIN_GROUP
from sscassess.core.errors import Command, Option, Spelling
from sscassess.core.i18n import N_, translator, user_language
from sscassess.core.vocabulary import Privacy, values

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from sscassess.campaign.folder import Campaign
    from sscassess.core.i18n import Translator

F = TypeVar("F", bound="Callable[..., Any]")

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 88}


def tr() -> Translator:
    """The command line's messages in the user's language (see :func:`sscassess.cli.main.speak`).

    The language is the environment's (``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG``),
    as :func:`sscassess.core.i18n.user_language` reads it; help texts are translated once per
    run, messages where they are said: ``tr().gettext("Wrote {path}", path=path)``.
    """
    return translator(user_language(os.environ))


#: The campaign folder every coordinator command takes first.
CAMPAIGN_DIR = click.Path(file_okay=False, path_type=Path)

#: ``--min-group``, the same for every command that analyses (``analyze``, ``report``).
min_group_option = click.option(
    "--min-group",
    type=click.IntRange(min=2),
    default=DEFAULT_MIN_GROUP,
    show_default=True,
    help=N_(
        "Anonymous mode: the smallest group of organisations any figure may come from. "
        "Example: --min-group 5"
    ),
)


def privacy_option(help_text: str) -> Callable[[F], F]:
    """``--privacy``, the same for every command that analyses; ``help_text`` says each mode."""
    return click.option(
        "--privacy",
        type=click.Choice(values(Privacy)),
        default=Privacy.NAMED.value,
        show_default=True,
        help=help_text,
    )


def previous_option(help_text: str) -> Callable[[F], F]:
    """``--previous``: an earlier round's campaign folder; ``help_text`` says what it adds."""
    return click.option("--previous", default=None, type=CAMPAIGN_DIR, help=help_text)


@contextlib.contextmanager
def campaign_and_previous(
    directory: Path, previous: Path | None
) -> Iterator[tuple[Campaign, Campaign | None]]:
    """Open a campaign and, with ``--previous``, the earlier round's; close both after."""
    from sscassess.campaign.folder import Campaign

    campaign = Campaign.open(directory)
    earlier = None
    try:
        earlier = Campaign.open(previous) if previous is not None else None
        yield campaign, earlier
    finally:
        campaign.close()
        if earlier is not None:
            earlier.close()


def _flag(command: click.Command, option: Option) -> str:
    """How ``command`` spells a library :class:`Option`: the flag of its parameter of that name."""
    flag = next(
        (max(p.opts, key=len) for p in command.params
         if isinstance(p, click.Option) and p.name == option.name),
        "--" + option.name.replace("_", "-"),
    )  # fmt: skip
    if option.value is None or option.value is True:
        return flag
    return f"{flag} {shlex.quote(str(option.value))}"


def spelling(running: click.Command, root: click.Group) -> Spelling:
    """How the command line spells the options and commands a library message names.

    An option is the ``running`` command's flag for that parameter (``Campaign.init``'s
    ``coordinator`` is ``init --contact``); a command is the line to type, with its own flags.
    """

    def spell(part: Option | Command) -> str:
        if isinstance(part, Option):
            return _flag(running, part)
        named = root.commands.get(part.name, running)
        words = ["sscassess", part.name, *([shlex.quote(part.target)] if part.target else [])]
        return " ".join([*words, *(_flag(named, o) for o in part.options)])

    return spell


def current_spelling() -> Spelling:
    """:func:`spelling` for the command being run (inside a command)."""
    ctx = click.get_current_context()
    root = ctx.find_root().command
    return spelling(ctx.command, root if isinstance(root, click.Group) else click.Group())
