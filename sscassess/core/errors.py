"""The exception hierarchy and the exit codes it maps to.

Every error a user can cause is an :class:`SscError`; the CLI prints its message (no
traceback unless ``--debug``) and exits with its :class:`ExitCode`. The README lists the codes.

A message that tells the caller which of its settings to change names it as an
:class:`Option` (``Option("out")``) and a command to run as a :class:`Command`, never as a
command-line flag: the library does not know how its front end spells them. ``str(error)``
spells them as the Python API does (``privacy='pseudonymous'``); the CLI spells them as the
running command declares them (``--privacy pseudonymous``), with :meth:`SscError.spelt`.

The words of a message are :class:`Msg` s: English in the code, the msgid of the gettext
catalogues (``make catalogues`` extracts them), and spelt in the reader's language by the
translator given to :meth:`SscError.spelt`. ``str(error)`` is English.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from sscassess.core.i18n import SOURCE_LANGUAGE, InContext, Plural, Translator, translator


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
    message: str | Msg | SscError

    def __str__(self) -> str:
        return self.spelt()

    def spelt(self, tr: Translator | None = None) -> str:
        """The problem with its message in the language of ``tr`` (English by default)."""
        where = f"{self.file}:{self.line}" if self.line else self.file
        message = _spelt(self.message, str, tr or translator(SOURCE_LANGUAGE))
        return f"{where}: {self.path}: {message}" if self.path else f"{where}: {message}"


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


@dataclass(frozen=True, init=False)
class Msg:
    """Words of a message: English here, in the reader's language when spelt.

    ``Msg("{path} exists; choose another folder", path=path)``. The English text is the
    catalogue's msgid; a :class:`~sscassess.core.i18n.Plural` takes its form from the integer
    it counts (``Msg(Plural("{n} problem", "{n} problems"), n=3)``). ``values`` fill the
    placeholders: numbers are written the reader's way, and an :class:`Option`, a
    :class:`Command`, another :class:`Msg` or an :class:`SscError` is spelt as the rest is.
    """

    message: str | Plural | InContext
    values: tuple[tuple[str, Any], ...]

    def __init__(self, message: str | Plural | InContext, /, **values: Any) -> None:
        object.__setattr__(self, "message", message)
        object.__setattr__(self, "values", tuple(values.items()))

    def __str__(self) -> str:
        return spell((self,))


#: One piece of a message: words, or a setting or command each front end spells its own way.
Part = str | Msg | Option | Command

#: How a front end spells an :class:`Option` or a :class:`Command`.
Spelling = Callable[[Option | Command], str]


#: "none" where a list is empty ("unexpected: none"), in its context: « aucun », «ninguno».
NONE = Msg(InContext("empty list", "none"))


def joined(parts: Sequence[Part], separator: str = "; ") -> tuple[Part, ...]:
    """``parts`` one after the other with ``separator`` between them (several problems)."""
    out: list[Part] = []
    for part in parts:
        if out:
            out.append(separator)
        out.append(part)
    return tuple(out)


def spell(parts: Sequence[Part], spelling: Spelling = str, tr: Translator | None = None) -> str:
    """``parts`` as one text in the language of ``tr`` (English by default).

    Options and commands are spelt by ``spelling`` (the Python API's by default).
    """
    tr = tr or translator(SOURCE_LANGUAGE)
    return "".join(str(_spelt(p, spelling, tr)) for p in parts)


def _spelt(part: object, spelling: Spelling, tr: Translator) -> Any:
    if isinstance(part, Option | Command):
        return spelling(part)
    if isinstance(part, Msg):
        values = {k: _spelt(v, spelling, tr) for k, v in part.values}
        return tr.text(part.message, **values)
    if isinstance(part, SscError):
        return part.spelt(spelling, tr)
    if isinstance(part, Problem):
        return part.spelt(tr)
    return part  # a number stays one, for the translator to write and count


class SscError(Exception):
    """Base of every error sscassess reports to a user.

    Made of :data:`Part` s: ``SscError(Msg("{option} {path} exists; choose another",
    option=Option("out"), path=path))``.
    """

    exit_code: ExitCode = ExitCode.ERROR

    def __init__(self, *parts: Part) -> None:
        self.parts: tuple[Part, ...] = parts
        super().__init__(spell(parts))

    def spelt(self, spelling: Spelling = str, tr: Translator | None = None) -> str:
        """The message in the language of ``tr``, options and commands spelt by ``spelling``."""
        return spell(self.parts, spelling, tr)

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
        self, summary: str | Msg | Sequence[Part], problems: list[Problem] | None = None
    ) -> None:
        summary_parts = (summary,) if isinstance(summary, str | Msg) else tuple(summary)
        self.problems = list(problems or [])
        super().__init__(*summary_parts)

    @property
    def summary(self) -> str:
        """The first line, options spelt as the Python API does."""
        return spell(self.parts)

    def spelt(self, spelling: Spelling = str, tr: Translator | None = None) -> str:
        """The summary followed by one line per problem, in the language of ``tr``."""
        lines = [spell(self.parts, spelling, tr), *(f"  {p.spelt(tr)}" for p in self.problems)]
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.spelt()


class IntegrityError(SscError):
    """A signature, checksum or version check failed."""

    exit_code = ExitCode.INTEGRITY
