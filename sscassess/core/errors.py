"""The exception hierarchy and the exit codes it maps to.

Every error a user can cause is an :class:`SscError`; the CLI prints its message (no
traceback unless ``--debug``) and exits with its :class:`ExitCode`. The README lists the codes.

A message that tells the caller which of its settings to change names it as an
:class:`Option` (``Option("out")``) and a command to run as a :class:`Command`, never as a
command-line flag: the library does not know how its front end spells them. ``str(error)``
spells them as the Python API does (``privacy='pseudonymous'``); the CLI spells them as the
running command declares them (``--privacy pseudonymous``), with :meth:`SscError.spelt`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import Any


class ExitCode(IntEnum):
    """Process exit codes, documented in the README."""

    OK = 0
    ERROR = 1  #: an operation failed (I/O error, unexpected state)
    USAGE = 2  #: bad command line: unknown option, bad value, missing argument
    INVALID_INPUT = 3  #: an input file (YAML, answers, CSV ...) is malformed or invalid
    INTEGRITY = 4  #: a signature, hash or version check failed
    INTERRUPTED = 130  #: stopped by the user (Ctrl-C)


@dataclass(frozen=True)
class Problem:
    """One finding about an input file: where it is and what is wrong.

    ``file`` and ``line`` locate it (line is 1-based, 0 when unknown); ``path`` is the
    dotted location inside the document (``categories[3].annex.aims.items[0]``).
    """

    file: str
    line: int
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


@dataclass(frozen=True)
class Option:
    """A setting of the caller named in a message: a parameter, or the value to give it.

    ``name`` is the parameter's name in the Python API (``exclude_unverified``); ``value`` is
    what to set it to (``True`` for a switch), or ``None`` when the message names the
    parameter itself (``out`` in "out /x: cannot create the folder").
    """

    name: str
    value: str | bool | None = None

    def __str__(self) -> str:
        if self.value is None:
            return self.name
        if self.value is True:
            return f"{self.name}=True"
        return f"{self.name}={str(self.value)!r}"


@dataclass(frozen=True)
class Command:
    """An operation the caller can run next, with its target and options (``invite DIR list``)."""

    name: str
    target: str = ""
    options: tuple[Option, ...] = ()

    def __str__(self) -> str:
        words = [repr(self.target)] if self.target else []
        words += [str(o) for o in self.options]
        return f"{self.name}({', '.join(words)})"


#: One piece of a message: text, or a setting or command each front end spells its own way.
Part = str | Option | Command

#: How a front end spells an :class:`Option` or a :class:`Command`.
Spelling = Callable[[Option | Command], str]


def spell(parts: Sequence[Part], spelling: Spelling = str) -> str:
    """``parts`` as one text, options and commands spelt by ``spelling`` (the API's by default)."""
    return "".join(spelling(p) if isinstance(p, Option | Command) else str(p) for p in parts)


class SscError(Exception):
    """Base of every error sscassess reports to a user.

    Made of :data:`Part` s: ``SscError(Option("out"), f" {path} exists; choose another")``.
    """

    exit_code: ExitCode = ExitCode.ERROR

    def __init__(self, *parts: Part) -> None:
        self.parts: tuple[Part, ...] = parts
        super().__init__(spell(parts))

    def spelt(self, spelling: Spelling) -> str:
        """The message with its options and commands spelt by ``spelling``."""
        return spell(self.parts, spelling)

    def __reduce__(self) -> tuple[Any, ...]:
        # Whole across processes (a report worker's error): parts, problems and all.
        return _restore, (type(self), self.args, dict(self.__dict__))


def _restore(cls: type[SscError], args: tuple[Any, ...], state: dict[str, Any]) -> SscError:
    """An unpickled :class:`SscError`: its class, arguments and attributes as they were."""
    error = cls.__new__(cls)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error


class UsageError(SscError):
    """The command line asks for something that does not exist or does not fit."""

    exit_code = ExitCode.USAGE


class InvalidInputError(SscError):
    """An input file is unreadable or invalid; carries every problem found."""

    exit_code = ExitCode.INVALID_INPUT

    def __init__(
        self, summary: str | Sequence[Part], problems: list[Problem] | None = None
    ) -> None:
        summary_parts = (summary,) if isinstance(summary, str) else tuple(summary)
        self.problems = list(problems or [])
        super().__init__(*summary_parts)

    @property
    def summary(self) -> str:
        """The first line, options spelt as the Python API does."""
        return spell(self.parts)

    def spelt(self, spelling: Spelling = str) -> str:
        """The summary followed by one line per problem."""
        lines = [spell(self.parts, spelling), *(f"  {p}" for p in self.problems)]
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.spelt()


class IntegrityError(SscError):
    """A signature, checksum or version check failed."""

    exit_code = ExitCode.INTEGRITY
