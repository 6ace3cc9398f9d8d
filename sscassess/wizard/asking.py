"""The wizard's state and its question screens: one question per screen, validated as typed.

:class:`Asking` holds the answers and says things above the prompt (wrapped, acronyms spelt
out, ASCII in --plain); :meth:`Asking.ask` puts one screen on the terminal: a list (single
choice, scale, yes/no), ticks, or a text or number field, each with its way back and, when
optional, its way to skip. The review (:mod:`sscassess.wizard.review`) and the run
(:mod:`sscassess.wizard.screens`) build on it. Built on questionary: the lists are tuned by
:mod:`sscassess.wizard.questionary_patches`.
"""

from __future__ import annotations

import re
import shutil
import sys
import textwrap
from typing import TYPE_CHECKING, Any

import questionary
from prompt_toolkit.styles import Style
from questionary import Choice, Separator

from sscassess.answers.validate import among_rule, format_number, parse_number, validate_answer
from sscassess.core.texts import terminal_safe
from sscassess.wizard import questionary_patches
from sscassess.wizard.progress import (
    BACK,
    BACK_VALUE,
    OTHER,
    SKIP,
    Again,
    SavedForLater,
    Screen,
    Stopped,
    is_answered,
    visible_screens,
)
from sscassess.wizard.wording import ACRONYMS, FRENCH_SPACES, plain_text, ui

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from sscassess.core.errors import Command, Part
    from sscassess.questionnaire.model import Question, Questionnaire


def plain_style() -> Style:
    """No colour at all (--plain): every class questionary and prompt_toolkit colour is reset.

    ``noinherit`` starts a class from the terminal's defaults, so questionary's own colours
    (the "?" mark, the answer) are dropped rather than merged.
    """
    classes = ("qmark", "question", "answer", "search_success", "search_none", "pointer",
               "highlighted", "selected", "separator", "instruction", "text", "disabled",
               "validation-toolbar")  # fmt: skip
    return Style([(c, "noinherit") for c in classes])


class Asking:
    """The wizard's state and its question screens (:class:`sscassess.wizard.screens.Wizard`)."""

    def __init__(
        self,
        q: Questionnaire,
        lang: str,
        *,
        plain: bool = False,
        fixed: Mapping[str, Any] | None = None,
        answers: Mapping[str, Any] | None = None,
        save: Callable[[Mapping[str, Any], int, int], None] | None = None,
        resume_command: Command | None = None,
        out: Any = None,
        notice: str = "",
        previous: Mapping[str, Any] | None = None,
        previous_revision: int | None = None,
        previous_date: str = "",
        next_revision: int | None = None,
        organisation: str = "",
        city: str = "",
    ) -> None:
        """Set up a run.

        ``organisation`` and ``city`` (when known: an invitation, workshop mode) are named
        on the welcome screen and the review.

        ``notice`` is said before the first screen (instead of the introduction);
        ``previous`` are the answers of the submitted ``previous_revision`` (of
        ``previous_date``, in words): the review says that this is ``next_revision`` and marks
        what changed since.
        """
        self.q = q
        self.lang = lang
        self.plain = plain
        self.fixed = dict(fixed or {})
        self.answers: dict[str, Any] = {**dict(answers or {}), **self.fixed}
        self._save = save
        self.resume_command = resume_command
        self.notice = notice
        self.previous = dict(previous) if previous is not None else None
        self.previous_revision = previous_revision
        self.previous_date = previous_date
        self.next_revision = next_revision
        self.organisation = organisation
        self.city = city
        self.spelt_out: set[str] = set()  #: acronyms spelt out on a screen already
        self.in_review = False
        self.lines_above = 0  #: lines printed above the current prompt (for the list height)
        self.out = out or sys.stdout
        self.style = plain_style() if plain else None

    # -- output

    def ui(self, key: str, lang: str, **params: Any) -> str:
        """A wizard text, with ASCII glyphs in plain mode."""
        return self.g(ui(key, lang, **params))

    def g(self, text: str) -> str:
        """In plain mode, swap decorative glyphs for ASCII (letters and accents stay)."""
        return plain_text(text) if self.plain else text

    def width(self) -> int:
        """Terminal width, at least 20."""
        return max(20, shutil.get_terminal_size((80, 24)).columns)

    def say(self, text: str = "", indent: str = "") -> None:
        """Print wrapped, terminal-safe text above the prompt."""
        width = self.width() - 1
        for para in terminal_safe(self.g(text)).split("\n"):
            if self.lang == "fr":
                para = FRENCH_SPACES.sub("\u00a0", para)
            # Paths and commands stay whole (the terminal wraps a longer one), to be copied.
            lines = textwrap.wrap(
                para, width=width, initial_indent=indent, subsequent_indent=indent,
                break_long_words=False, break_on_hyphens=False,
            ) or [""]  # fmt: skip
            for line in lines:
                print(line.replace("\u00a0", " ") if self.plain else line, file=self.out)
            self.lines_above += len(lines)
        self.out.flush()

    def t(self, value: Any) -> str:
        """A questionnaire text in the wizard's language, acronyms spelt out (see ACRONYMS)."""
        return self.g(self.spell(self.q.text(value, self.lang)))

    def spell(self, text: str) -> str:
        """``text`` with its acronyms spelt out (:data:`ACRONYMS`).

        One replaced everywhere is always the full term; the others are spelt out the first
        time a screen shows them ("smart sustainable city (SSC)"), and stay short after.
        """
        for acronym, term, everywhere in ACRONYMS.get(self.lang, ()):
            if acronym not in text:
                continue
            pattern = re.compile(rf"(?<![\w-]){acronym}(?![\w-])")
            if everywhere:
                text = pattern.sub(term, text)
            elif acronym not in self.spelt_out and pattern.search(text):
                self.spelt_out.add(acronym)
                text = pattern.sub(f"{term} ({acronym})", text, count=1)
        return text

    # -- state

    def answered_count(self) -> tuple[int, int]:
        """(screens answered, screens visible)."""
        screens = visible_screens(self.q, self.answers, self.fixed)
        return sum(1 for s in screens if is_answered(s, self.answers)), len(screens)

    def save(self) -> None:
        """Save the draft through the callback given."""
        if self._save is not None:
            done, total = self.answered_count()
            self._save({k: v for k, v in self.answers.items() if k not in self.fixed}, done, total)

    def set(self, screen: Screen, value: Any) -> None:
        """Record the answer of a screen, forget answers now hidden, save the draft."""
        qid = screen.question.id
        if value is SKIP:
            self.answers[qid] = None
        elif screen.item is not None:
            ratings = dict(self.answers.get(qid) or {})
            ratings[screen.item] = value
            self.answers[qid] = ratings
        else:
            self.answers[qid] = value
        self.prune_hidden()
        self.save()

    def prune_hidden(self) -> None:
        """Forget answers to questions that the latest answer hides."""
        changed = True
        while changed:
            changed = False
            for question in self.q.questions:
                hidden = not self.q.is_visible(question, self.answers)
                if hidden and question.id in self.answers and question.id not in self.fixed:
                    del self.answers[question.id]
                    changed = True

    def stop(self, key: str | None = None, later: bool = False) -> None:
        """Raise :class:`Stopped` with how far the respondent got and how to resume.

        The command to resume is on a line of its own, so it can be copied whole.
        """
        done, total = self.answered_count()
        key = key or ("stopped_review" if self.in_review else "stopped")
        message = self.ui(key, self.lang, at=min(done + 1, total), total=total, n=done)
        # Wrapped here: the terminal would otherwise break it mid-word at 60 columns.
        message = "\n".join(textwrap.wrap(message, self.width() - 1) or [message])
        parts: tuple[Part, ...] = (message,)
        if self.resume_command is not None:
            parts += (f"\n{self.ui('resume_with', self.lang)}\n  ", self.resume_command)
        raise SavedForLater(*parts) if later else Stopped(*parts)

    # -- one screen

    def header(self, screen: Screen, index: int, total: int, intro: bool = False) -> str:
        """Print the step counter, section (and its intro) and help; returns the prompt message."""
        question = screen.question
        section = next(s for s in self.q.sections if s.id == question.section)
        self.say()
        self.lines_above = 0
        step = f"[{index + 1}/{total}] {self.t(section.title)}"
        if question.required:
            step += " · " + self.ui("required_mark", self.lang)
        at = None
        if screen.item is not None:
            at = next(n for n, i in enumerate(question.items) if i.value == screen.item)
            step += " · " + self.ui("role_of", self.lang, n=at + 1, total=len(question.items))
        self.say(step)
        if intro and section.intro:
            self.say(self.t(section.intro))
        label = self.t(question.label)
        help_text = question.help
        if at is not None:
            # The role first, then what it means; the question is the prompt.
            item = question.items[at]
            self.say(self.t(item.label))
            help_text = item.help
            if help_text:
                self.say(self.t(help_text), indent="  ")
            help_text = None
        # A prompt line longer than the terminal is not wrapped by prompt_toolkit: a multi-line
        # text field then draws nothing at all. Long questions go above the prompt, wrapped,
        # before their help; the prompt then says "Your answer" (not a glyph like the pointer).
        message = label
        if len(label) + 4 > self.width() - 16:
            if at is None:
                self.say(label)
            message = self.ui("your_answer", self.lang)
        if help_text:
            self.say(self.t(help_text), indent="  ")
        return message

    def hint(self, key: str, literal: bool = False) -> str:
        """Print a key hint on its own line above the prompt (questionary's wraps badly)."""
        self.say(key if literal else self.ui(key, self.lang), indent="  ")
        return " "  # questionary shows its own English hint for an empty instruction

    def tune(
        self,
        prompt: Any,
        message: str = "",
        validate: Callable[[list[Any]], bool | str] | None = None,
        search: bool = False,
    ) -> Any:
        """Adapt a questionary list prompt to the wizard's conventions; returns it.

        See :func:`sscassess.wizard.questionary_patches.tune_list` (the prompt must be made
        with ``show_description=False``).
        """
        return questionary_patches.tune_list(prompt, self, message, validate, search)

    def describe_help(self, text: Any) -> str | None:
        """A choice's help, shown under the list for the choice pointed at (see :meth:`tune`)."""
        if not text:
            return None
        return " ".join(terminal_safe(self.t(text)).split()) or None

    def back_choice(self) -> Choice:
        """The "← back" entry of a list."""
        return Choice(self.ui("back_plain" if self.plain else "back", self.lang), value=BACK_VALUE)

    def ask(
        self, screen: Screen, index: int, total: int, can_go_back: bool, intro: bool = False
    ) -> Any:
        """Ask one screen; returns the value, or :data:`BACK`."""
        question = screen.question
        current = self.answers.get(question.id)
        if screen.item is not None:
            current = (current or {}).get(screen.item) if isinstance(current, dict) else None
        kind = "scale" if screen.item is not None else question.type
        while True:
            message = self.header(screen, index, total, intro)
            if kind in ("single", "scale", "confirm"):
                value = self.ask_select(screen, message, current, can_go_back, kind)
            elif kind == "multi":
                value = self.ask_multi(screen, message, current, can_go_back)
            else:
                value = self.ask_text(screen, message, current, can_go_back)
            if not isinstance(value, Again):
                return value
            current, intro = value.current, False

    def common(self) -> dict[str, Any]:
        """Options shared by every prompt."""
        options: dict[str, Any] = {"qmark": "?", "style": self.style}
        return options

    def ask_select(
        self, screen: Screen, message: str, current: Any, can_go_back: bool, kind: str
    ) -> Any:
        """A single choice, a scale point or yes/no, with skip and back entries."""
        question = screen.question
        choices: list[Any] = []
        if not question.required:
            # First, and pointed at while unanswered: Enter skips an optional question rather
            # than answering it with whatever choice happens to come first.
            choices.append(Choice(self.ui("skip", self.lang), value=SKIP))
        if kind == "confirm":
            choices += [
                Choice(self.ui("yes", self.lang), value=True),
                Choice(self.ui("no", self.lang), value=False),
            ]
        elif kind == "scale":
            for p in question.scale:
                desc = self.t(p.help) if p.help else None
                choices.append(
                    Choice(f"{p.value}  {self.t(p.label)}", value=p.value, description=desc)
                )
        else:
            offered = self.q.choices_for(question, self.answers)
            rule = among_rule(self.q, question, self.answers)
            if rule is not None:  # the top aim: one of the aims selected
                offered = tuple(c for c in offered if c.value in rule[1])
                self.say(self.ui("among_note", self.lang), indent="  ")
            for c in offered:
                desc = self.describe_help(c.help)
                choices.append(Choice(self.t(c.label), value=c.value, description=desc))
            if question.other:
                choices.append(Choice(self.ui("other", self.lang), value=OTHER))
        if can_go_back:
            choices.append(self.back_choice())
        default: Any = None
        if isinstance(current, dict) and "other" in current:
            default = OTHER
        elif current is not None:
            default = current
        elif not question.required:
            default = SKIP
        values = [c.value for c in choices if isinstance(c, Choice)]
        search = len(choices) > 9
        # A rating is one key: its digit answers at once (one key per role, 24 roles).
        digits = [v for v in question.scale_values if 0 <= v <= 9] if kind == "scale" else []
        if digits:
            keys = f"{min(digits)}–{max(digits)}" if len(digits) > 2 else "/".join(map(str, digits))
            hint = self.hint(self.ui("scale_hint", self.lang, keys=keys), literal=True)
        else:
            hint = self.hint("search_hint" if search else "select_hint")
        prompt = self.tune(
            questionary.select(
                message,
                choices=choices,
                default=default if default in values else None,
                pointer=">" if self.plain else "»",
                use_search_filter=search,
                use_jk_keys=not search,
                instruction=hint,
                show_description=False,  # drawn by tune(), under a list that may scroll
                **self.common(),
            ),
            search=search,
        )
        if digits:
            questionary_patches.bind_digits(prompt, {str(v): v for v in digits})
        answer = prompt.unsafe_ask()
        if answer == BACK_VALUE:
            return BACK
        if answer == OTHER:
            before = current["other"] if isinstance(current, dict) else ""
            text = self.ask_other(question, before, multi=False)
            if text is BACK or text is None:
                return Again({"other": before})  # the list again, pointing at "Other"
            return {"other": text}
        return answer

    def ask_other(self, question: Question, default: str, multi: bool) -> Any:
        """The free text of an "other" entry.

        Returns the text, :data:`BACK` for a lone ``<``, or None for Enter with nothing typed
        (the caller goes back to its list either way).
        """
        self.say(self.ui("other_hint_multi" if multi else "other_hint_single", self.lang), "  ")

        def check(typed: str) -> bool | str:
            text = typed.strip()
            if text in ("", "<"):
                return True
            trial: Any = [{"other": text}] if multi else {"other": text}
            problems = [
                p
                for p in validate_answer(self.q, question, trial, self.answers, self.lang)
                if p.code in ("other_text", "control_chars")
            ]
            return True if not problems else self.g(problems[0].message(self.lang))

        text = questionary_patches.tune_text(
            questionary.text(
                self.ui("other_prompt", self.lang), default=default, validate=check,
                **self.common(),
            )
        ).unsafe_ask()  # fmt: skip
        text = text.strip()
        if text == "<":
            return BACK
        return text or None

    def ask_multi(self, screen: Screen, message: str, current: Any, can_go_back: bool) -> Any:
        """Several choices; validated as ticked."""
        question = screen.question
        selected = [v for v in (current or []) if isinstance(v, str)]
        other_current = next((v for v in (current or []) if isinstance(v, dict)), None)
        choices: list[Any] = []
        for c in self.q.choices_for(question, self.answers):
            desc = self.describe_help(c.help)
            choices.append(
                Choice(
                    self.t(c.label), value=c.value, checked=c.value in selected, description=desc
                )
            )
        if question.other:
            choices.append(
                Choice(self.ui("other", self.lang), value=OTHER, checked=other_current is not None)
            )
        if can_go_back:
            choices.append(Separator("-" * 10 if self.plain else "─" * 10))
            choices.append(self.back_choice())

        def check(values: list[Any]) -> bool | str:
            values = [v for v in values if v != BACK_VALUE]  # ticked with "a" (all) or "i"
            # The "other" text is asked next (and checked there): a stand-in for now.
            trial = [v if v != OTHER else {"other": "…"} for v in values]
            problems = validate_answer(self.q, question, trial, self.answers, self.lang)
            return True if not problems else self.g(problems[0].message(self.lang))

        prompt = questionary.checkbox(
            message,
            choices=choices,
            validate=check,
            pointer=">" if self.plain else "»",
            instruction=self.hint(
                "checkbox_hint" if question.required else "checkbox_optional_hint"
            ),
            show_description=False,  # drawn by tune(), under a list that may scroll
            **self.common(),
        )
        answer = self.tune(prompt, message, validate=check).unsafe_ask()
        if answer == [BACK_VALUE]:
            return BACK
        values: list[Any] = [v for v in answer if v != OTHER]
        if OTHER in answer:
            before = other_current["other"] if other_current else ""
            text = self.ask_other(question, before, multi=True)
            if text is BACK:  # the list again, ticks as they were
                return Again([*values, {"other": before}])
            if text is None:  # the list again, "Other" unticked
                return Again(values)
            values.append({"other": text})
        if not values and not question.required:
            return SKIP
        return values

    def ask_text(self, screen: Screen, message: str, current: Any, can_go_back: bool) -> Any:
        """Free text or a number, validated as typed."""
        question = screen.question
        number = question.type == "number"
        multiline = not number and question.max_length > 200
        if multiline:
            key = "multiline_hint" if question.required else "multiline_optional_hint"
        else:
            key = "text_hint" if question.required else "text_optional_hint"
        if not can_go_back:  # the first question: "<" is no way back, only text
            key = key.replace("_hint", "_first_hint")
        hint = self.ui(key, self.lang)

        def convert(text: str) -> Any:
            # A number as written in the respondent's language: "1,000" is a thousand in
            # English and refused as ambiguous in French, never read as 1 (THREATS H10).
            return parse_number(text, self.lang) if number else text.strip()

        def check(text: str) -> bool | str:
            if text.strip() == "<" and can_go_back:
                return True
            if not text.strip():
                return (
                    True
                    if not question.required
                    else self.g(
                        validate_answer(self.q, question, "", self.answers)[0].message(self.lang)
                    )
                )
            # Numbers arrive as text: the validator reads them (the same as in answers files).
            problems = validate_answer(self.q, question, text.strip(), self.answers, self.lang)
            return True if not problems else self.g(problems[0].message(self.lang))

        if current is None:
            default = ""
        elif number and isinstance(current, int | float) and not isinstance(current, bool):
            default = format_number(current, self.lang, group=False)
        else:
            default = str(current)
        answer = questionary_patches.tune_text(
            questionary.text(
                message,
                default=default,
                validate=check,
                multiline=multiline,
                instruction=self.hint(hint, literal=True),
                **self.common(),
            )
        ).unsafe_ask()
        if answer.strip() == "<" and can_go_back:
            return BACK
        if not answer.strip():
            return SKIP
        return convert(answer)
