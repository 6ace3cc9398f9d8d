"""Where a respondent is: the screens asked, the ones answered, and how a run stops.

A screen is one question (a role matrix has one screen per role); which screens are asked
follows the answers so far (conditions), and a skipped optional question counts as answered.
The markers below are what a screen returns besides an answer. No questionary here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sscassess.core.errors import ExitCode, SscError

if TYPE_CHECKING:
    from collections.abc import Mapping

    from sscassess.questionnaire.model import Question, Questionnaire


class Stopped(SscError):
    """The respondent stopped (Ctrl-C, end of input); the draft is saved."""

    exit_code = ExitCode.INTERRUPTED


class SavedForLater(Stopped):
    """The respondent chose "Save and finish later": not an interruption, exit 0."""

    exit_code = ExitCode.OK


class _Back:
    """Marker returned by a screen when the respondent goes back."""


BACK = _Back()
#: The values of the "(skip this question)", "Other (please specify)…" and "← back" entries.
SKIP = "\x00skip"
OTHER = "\x00other"
BACK_VALUE = "\x00back"


class Again:
    """Returned by a screen to be asked again, with what it showed (back from "Please specify")."""

    def __init__(self, current: Any) -> None:
        self.current = current


@dataclass(frozen=True)
class Screen:
    """One question on screen (a role matrix has one screen per role)."""

    question: Question
    item: str | None = None


def visible_screens(
    q: Questionnaire, answers: Mapping[str, Any], fixed: Mapping[str, Any]
) -> list[Screen]:
    """The screens asked given the answers so far (fixed answers are not asked)."""
    out: list[Screen] = []
    for question in q.questions:
        if question.id in fixed or not q.is_visible(question, answers):
            continue
        if question.type == "role_matrix":
            out.extend(Screen(question, item.value) for item in question.items)
        else:
            out.append(Screen(question))
    return out


def submitted_answers(
    q: Questionnaire, answers: Mapping[str, Any], fixed: Mapping[str, Any]
) -> dict[str, Any]:
    """Answers of a submitted response, to start its next revision from.

    Every optional question it left out counts as skipped (it was: the response keeps no empty answers),
    so the wizard opens on the review rather than asking those again.
    """
    out = {k: v for k, v in answers.items() if k not in fixed}
    seen = {**out, **fixed}
    for question in q.questions:
        if question.id not in seen and not question.required and q.is_visible(question, seen):
            out[question.id] = None
    return out


def is_answered(screen: Screen, answers: Mapping[str, Any]) -> bool:
    """Whether a screen has an answer (a skipped optional question counts as answered)."""
    value = answers.get(screen.question.id, None)
    if screen.item is not None:
        return isinstance(value, dict) and screen.item in value
    return screen.question.id in answers
