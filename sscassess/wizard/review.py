"""The review screen: every answer on one list, to change any of them or submit.

Answers that a check refuses are marked "!", and "Submit" waits until there are none; on a
new revision of a submitted response, the answers changed since are marked "*". A role matrix
is changed one role at a time. Built on questionary, like the screens it extends
(:mod:`sscassess.wizard.asking`).
"""

from __future__ import annotations

import json
import os
from typing import TYPE_CHECKING, Any

import questionary
from questionary import Choice, Separator

from sscassess.answers.validate import format_number
from sscassess.core.texts import terminal_safe
from sscassess.wizard.asking import Asking
from sscassess.wizard.progress import BACK, BACK_VALUE, Screen, visible_screens
from sscassess.wizard.wording import review_line, ui

if TYPE_CHECKING:
    from sscassess.questionnaire.model import Question


class Review(Asking):
    """The wizard's question screens and its review (:meth:`review`)."""

    def describe(self, question: Question, value: Any) -> str:
        """An answer in words, for the review list."""
        if value is None:
            return self.ui("unanswered", self.lang)
        if question.type == "role_matrix":
            rated = sum(1 for i in question.items if i.value in value)
            top = [self.t(i.label) for i in question.items if value.get(i.value, 0) >= 3]
            return f"{rated}/{len(question.items)}" + (" · 3+: " + ", ".join(top) if top else "")
        if question.type == "confirm":
            return self.ui("yes" if value else "no", self.lang)
        if question.type == "number" and isinstance(value, int | float):
            return format_number(value, self.lang)
        if question.type in ("single", "multi"):
            names = {c.value: self.t(c.label) for c in self.q.choices_for(question, self.answers)}
            items = value if isinstance(value, list) else [value]
            return ", ".join(
                names.get(v, str(v)) if not isinstance(v, dict) else v["other"] for v in items
            )
        if question.type == "scale":
            return next(
                (f"{p.value} {self.t(p.label)}" for p in question.scale if p.value == value),
                str(value),
            )
        text = str(value).replace("\n", " ")
        return text if len(text) <= 50 else text[:49] + "…"

    def review(self) -> bool:
        """The review screen; True when the respondent submits."""
        from sscassess.answers.validate import validate_answers

        self.in_review = True
        while True:
            answers = {k: v for k, v in self.answers.items() if v is not None}
            found = validate_answers(self.q, answers, self.lang)
            problems = {p.question for p in found}
            changed = self.changed()
            self.say()
            self.lines_above = 0
            if self.organisation and self.city:
                self.say(self.ui("review_for", self.lang, org=self.organisation, city=self.city))
            else:
                self.say(self.ui("review_title", self.lang))
            if self.previous is not None:
                rev = self.previous_revision or 1
                self.say(
                    self.ui("changed" if changed else "changed_none", self.lang, n=len(changed),
                            rev=rev, next=self.next_revision or rev + 1, date=self.previous_date)
                )  # fmt: skip
            if any(p.code == "required" for p in found):
                self.say(self.ui("missing", self.lang))
            for p in [p for p in found if p.code != "required"][:3]:
                label = self.t(self.q.question(p.question).label)
                self.say(f"! {label}{ui('colon', self.lang)}{p.message(self.lang)}")
            choices: list[Any] = [
                Choice(
                    self.ui("submit", self.lang),
                    value="\x00submit",
                    disabled=None if not problems else "!",
                )
            ]
            choices.append(Choice(self.ui("later", self.lang), value="\x00later"))
            width = max(30, self.width() - 8)
            for section in self.q.sections:
                shown = [
                    q
                    for q in section.questions
                    if q.id not in self.fixed and self.q.is_visible(q, self.answers)
                ]
                if not shown:
                    continue
                choices.append(Separator(terminal_safe(self.t(section.title))[:width]))
                for question in shown:
                    mark = "  "
                    if question.id in problems:
                        mark = "! "
                    elif question.id in changed:
                        mark = "* "
                    label = terminal_safe(self.t(question.label))
                    answer = terminal_safe(self.describe(question, self.answers.get(question.id)))
                    choices.append(
                        Choice(
                            self.g(review_line(mark, label, answer, width, ui("colon", self.lang))),
                            value=question.id,
                        )
                    )
            picked = self.tune(
                questionary.select(
                    self.ui("change", self.lang),
                    choices=choices,
                    pointer=">" if self.plain else "»",
                    instruction=self.hint("select_hint"),
                    **self.common(),
                )
            ).unsafe_ask()
            if picked == "\x00submit":
                return True
            if picked == "\x00later":
                self.save()
                self.stop("saved_later", later=True)
            self.edit(self.q.question(picked))

    def changed(self) -> frozenset[str]:
        """Questions whose answer differs from the submitted revision (:attr:`previous`)."""
        if self.previous is None:
            return frozenset()

        def norm(value: Any) -> str:
            return json.dumps(value, sort_keys=True, ensure_ascii=False)

        return frozenset(
            q.id
            for q in self.q.questions
            if q.id not in self.fixed
            and norm(self.answers.get(q.id)) != norm(self.previous.get(q.id))
        )

    def clear_screen(self) -> None:
        """Clear the terminal and its scroll-back; a dumb terminal gets a rule.

        Workshop mode, between two organisations: the next one does not see the last one's
        answers.
        """
        if os.environ.get("TERM") == "dumb":
            self.say("-" * (self.width() - 1))
        else:
            self.out.write("\x1b[H\x1b[2J\x1b[3J")
            self.out.flush()
        self.lines_above = 0

    def edit(self, question: Question) -> None:
        """Change one answer from the review (a role matrix: pick the role first)."""
        screens = visible_screens(self.q, self.answers, self.fixed)
        if question.type == "role_matrix":
            ratings = self.answers.get(question.id) or {}
            choices = [
                Choice(f"{ratings.get(i.value, '-')}  {self.t(i.label)}", value=i.value)
                for i in question.items
            ]
            choices.append(Choice(self.ui("done_review", self.lang), value=BACK_VALUE))
            item = self.tune(
                questionary.select(
                    self.ui("which_role", self.lang),
                    choices=choices,
                    pointer=">" if self.plain else "»",
                    instruction=self.hint("select_hint"),
                    **self.common(),
                )
            ).unsafe_ask()
            if item == BACK_VALUE:
                return
            screen = Screen(question, item)
        else:
            screen = Screen(question)
        index = screens.index(screen) if screen in screens else 0
        value = self.ask(screen, index, len(screens), can_go_back=True)
        if value is not BACK:
            self.set(screen, value)
