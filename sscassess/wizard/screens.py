"""The terminal wizard: one question per screen, back, review, autosave, resume.

Built on questionary. Every question of the questionnaire becomes a screen; a role matrix
becomes one screen per role. Answers are validated as they are typed (with the same validator
as files and imports) and the draft is saved after every answer, so Ctrl-C, a closed terminal
or ``kill -9`` lose at most the question on screen.

Key conventions, shown on screen: lists have a "← back" entry; in text fields a lone ``<``
goes back; an optional question starts on "(skip this question)" (lists) or says how to skip
(text, numbers, ticks); required questions are marked. Numbers are read as written in the
respondent's language (:func:`sscassess.answers.validate.parse_number`); long lists are searched by
typing, accents and case ignored.

This module is the wizard's entry: :class:`Wizard` runs the screens in order. It is built in
layers, each in its own module: the texts (:mod:`~sscassess.wizard.wording`), where the
respondent is (:mod:`~sscassess.wizard.progress`), the draft file
(:mod:`~sscassess.wizard.drafts`), questionary's internals reached past
(:mod:`~sscassess.wizard.questionary_patches`), the question screens
(:mod:`~sscassess.wizard.asking`) and the review (:mod:`~sscassess.wizard.review`). The names
the rest of sscassess uses are importable from here (:data:`__all__`).
"""

from __future__ import annotations

from typing import Any

from sscassess.wizard import questionary_patches
from sscassess.wizard.drafts import DRAFT_FORMAT, DraftFile
from sscassess.wizard.progress import (
    BACK,
    SavedForLater,
    Screen,
    Stopped,
    is_answered,
    submitted_answers,
    visible_screens,
)
from sscassess.wizard.review import Review
from sscassess.wizard.wording import long_date, plain_text, ui

__all__ = [
    "DRAFT_FORMAT",
    "DraftFile",
    "SavedForLater",
    "Screen",
    "Stopped",
    "Wizard",
    "is_answered",
    "long_date",
    "plain_text",
    "submitted_answers",
    "ui",
    "visible_screens",
]


class Wizard(Review):
    """Runs the questionnaire in the terminal and returns the final answers.

    Its options are those of :class:`~sscassess.wizard.asking.Asking`.
    """

    def run(self) -> dict[str, Any]:
        """Ask until the respondent submits; returns the answers (without skipped ones).

        questionary's globals are patched for the run only (:func:`questionary_patches.patched`),
        and restored however it ends: submitted, stopped, or an error.
        """
        with questionary_patches.patched():
            try:
                self.loop()
            except (KeyboardInterrupt, EOFError):
                self.stop()
        return {k: v for k, v in self.answers.items() if v is not None}

    def welcome(self) -> None:
        """The questionnaire's title, purpose and length, before the first question."""
        title = self.t(self.q.title)
        self.say()
        self.say(title)
        self.say("=" * min(len(title), self.width() - 1))
        if self.q.description:
            self.say(self.t(self.q.description))
            self.say()
        if self.organisation and self.city:  # near the first question: still on screen
            self.say(self.ui("answering_for", self.lang, org=self.organisation, city=self.city))
            self.say()
        total = len(visible_screens(self.q, self.answers, self.fixed))
        how = self.ui("how_it_works", self.lang)
        if self.q.estimated_minutes:
            minutes = self.ui("minutes", self.lang, n=self.q.estimated_minutes, total=total)
            how = f"{minutes} {how}"
        self.say(how)

    def loop(self) -> None:
        """Ask screen after screen, then the review, until the respondent submits."""
        index = self.first_unanswered()
        if self.notice:
            self.say()
            self.say(self.notice)
        elif index > 0:
            self.say(self.ui("resumed", self.lang, n=index))
        else:
            self.welcome()
        while True:
            screens = visible_screens(self.q, self.answers, self.fixed)
            if index >= len(screens):
                if self.review():
                    return
                index = len(visible_screens(self.q, self.answers, self.fixed))
                continue
            screen = screens[index]
            opens_section = (
                index == 0 or screens[index - 1].question.section != screen.question.section
            )
            value = self.ask(
                screen, index, len(screens), can_go_back=index > 0, intro=opens_section
            )
            if value is BACK:
                index = max(0, index - 1)
                continue
            self.set(screen, value)
            screens = visible_screens(self.q, self.answers, self.fixed)
            index = next((i for i, s in enumerate(screens) if s == screen), index) + 1

    def first_unanswered(self) -> int:
        """Index of the first visible screen without an answer."""
        screens = visible_screens(self.q, self.answers, self.fixed)
        for i, screen in enumerate(screens):
            if not is_answered(screen, self.answers):
                return i
        return len(screens)
