"""The exception hierarchy and the exit codes it maps to.

Every error a user can cause is an :class:`SscError`; the CLI prints its message (no
traceback unless ``--debug``) and exits with its :class:`ExitCode`. The README lists the codes.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum


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


class SscError(Exception):
    """Base of every error sscassess reports to a user."""

    exit_code: ExitCode = ExitCode.ERROR


class UsageError(SscError):
    """The command line asks for something that does not exist or does not fit."""

    exit_code = ExitCode.USAGE


class InvalidInputError(SscError):
    """An input file is unreadable or invalid; carries every problem found."""

    exit_code = ExitCode.INVALID_INPUT

    def __init__(self, summary: str, problems: list[Problem] | None = None) -> None:
        self.summary = summary
        self.problems = list(problems or [])
        super().__init__(self.render())

    def render(self) -> str:
        """The summary followed by one line per problem."""
        if not self.problems:
            return self.summary
        lines = [self.summary, *(f"  {p}" for p in self.problems)]
        return "\n".join(lines)


class IntegrityError(SscError):
    """A signature, checksum or version check failed."""

    exit_code = ExitCode.INTEGRITY
