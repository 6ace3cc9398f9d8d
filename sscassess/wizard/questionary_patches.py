"""Every change the wizard makes to questionary's and prompt_toolkit's internals.

Written against questionary 2.1.1 and prompt_toolkit 3.0.53. The public APIs of both cannot
wrap a long choice, scroll a list under a step counter, search without accents or keep
"← back" out of a checkbox's ticks, so these patches reach past them; each name, attribute and
signature they use is checked by tests/test_wizard_patches.py, which fails when a release
changes one (then read the release's code again before lifting the pin).

Module globals, changed only inside :func:`patched` and restored when it exits (normally, on
an error, on Ctrl-C); the wizard's run is inside it (:meth:`sscassess.wizard.screens.Wizard.run`):

* ``questionary.prompts.common.INDICATOR_SELECTED`` and ``INDICATOR_UNSELECTED``: "[x]" and
  "[ ]" instead of "●" and "○", which read as radio buttons (and are ASCII for --plain).
  ``common`` copies them from ``questionary.constants`` when imported and reads its own copies
  when it draws a checkbox, so its copies are the ones set (see :data:`GLOBALS`).

One prompt at a time, on the prompt questionary returns before it is asked (nothing global):

* :func:`tune_list`, a ``select`` or ``checkbox``: finds the ``InquirerControl`` and its
  ``Window`` in ``prompt.application.layout`` and replaces the control's ``text`` (its token
  function) to wrap long choices under their first line; sets the window's ``height`` (the
  room the terminal leaves) and ``scroll_offsets``; inserts two windows after the list in the
  root ``HSplit``'s ``children`` (the pointed-at choice's help, and "↑ 2 above · ↓ 3 more");
  adds to ``application.after_render`` to redraw that line once the list has scrolled; for a
  search, swaps the control's class for :class:`FoldedSearch` (case and accents ignored) and
  adds key bindings (accented letters typed; Enter and the arrows do nothing when nothing
  matches); for a checkbox, adds key bindings for Enter, Space, "a" and "i" and sets the
  control's ``choices``, ``selected_options``, ``is_answered``, ``submission_attempted`` and
  ``error_message`` to finish with its own answer line. Bindings are added after
  questionary's own (``key_bindings.add(..., eager=True)``): they win.
* :func:`tune_text`: the ``ValidationToolbar``'s window (found by the qualified name of its
  text function) gets up to three lines and ``wrap_lines``, so a long message is not cut.
* :func:`bind_digits`: a digit key answers a rating at once (sets the control's
  ``pointed_at`` and ``is_answered``, then exits the application with the value).
"""

from __future__ import annotations

import textwrap
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Protocol

import questionary.prompts.common
from prompt_toolkit.filters import Condition, is_done, to_filter
from prompt_toolkit.formatted_text import FormattedText
from prompt_toolkit.keys import Keys
from prompt_toolkit.layout import ConditionalContainer, Dimension, ScrollOffsets, Window, walk
from prompt_toolkit.layout.controls import FormattedTextControl
from questionary import Choice
from questionary.prompts.common import InquirerControl

from sscassess.wizard.progress import BACK_VALUE
from sscassess.wizard.wording import fold

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

#: The module globals of ``questionary.prompts.common`` set by :func:`patched`, and to what.
GLOBALS: dict[str, str] = {"INDICATOR_SELECTED": "[x]", "INDICATOR_UNSELECTED": "[ ]"}
#: A checkbox's box tokens, once :func:`patched` (``[x] ``, ``[ ] ``).
_BOX_TOKENS = tuple(f"{box} " for box in GLOBALS.values())


@contextmanager
def patched() -> Iterator[None]:
    """Set questionary's module globals (:data:`GLOBALS`) for the block; restore them after.

    Restored however the block ends: normally, on an error, on Ctrl-C (KeyboardInterrupt).
    """
    module = questionary.prompts.common
    before = {name: getattr(module, name) for name in GLOBALS}
    try:
        for name, value in GLOBALS.items():
            setattr(module, name, value)
        yield
    finally:
        for name, value in before.items():
            setattr(module, name, value)


class ListHost(Protocol):
    """What a tuned list needs from the wizard: its language, texts, width and output so far."""

    lang: str
    plain: bool
    #: lines printed above the current prompt (the list gets the rows left under them)
    lines_above: int

    def ui(self, key: str, lang: str, **params: Any) -> str:
        """A wizard text."""
        ...

    def g(self, text: str) -> str:
        """``text`` with plain mode's glyphs."""
        ...

    def width(self) -> int:
        """The terminal's width."""
        ...

    def back_choice(self) -> Choice:
        """The "← back" entry of a list."""
        ...


def _title_text(choice: Any) -> str:
    title = choice.title
    return title if isinstance(title, str) else "".join(str(part[1]) for part in title)


class FoldedSearch(InquirerControl):
    """questionary's list with a search that ignores case and accents.

    When nothing matches it shows nothing (questionary shows every choice, and Enter takes
    the first).
    """

    @property
    def filtered_choices(self) -> list[Any]:
        """The choices whose title contains the search, folded (see :func:`fold`)."""
        if not self.search_filter:
            return list(self.choices)
        key = fold(self.search_filter)
        found = [c for c in self.choices if key in fold(_title_text(c))]
        self.found_in_search = bool(found)
        return found


def bind_digits(prompt: Any, answers: dict[str, Any]) -> None:
    """Bind each key of ``answers`` to answering with its value at once (a rating)."""
    app = prompt.application
    ic: Any = next(c for c in app.layout.find_all_controls() if isinstance(c, InquirerControl))

    def bind(key: str, value: Any) -> None:
        def pick(event: Any) -> None:
            ic.pointed_at = next(
                i for i, c in enumerate(ic.choices) if getattr(c, "value", None) == value
            )
            ic.is_answered = True
            event.app.exit(result=value)

        app.key_bindings.add(key, eager=True)(pick)

    for key, value in answers.items():
        bind(key, value)


def tune_text(prompt: Any) -> Any:
    """Let a text prompt's validation message wrap over up to three lines.

    prompt_toolkit draws it on one line, cut at the terminal's edge: at 60 columns
    "« 1,000 » est ambigu : il se lit 1 ici, et non 1000 ; tapez 1 ou 1000" lost the way
    out. Reaches into prompt_toolkit's ValidationToolbar (found by its text function).
    """
    for window in prompt.application.layout.find_all_windows():
        text = getattr(window.content, "text", None)
        if "ValidationToolbar" in getattr(text, "__qualname__", ""):
            window.height = Dimension(min=1, max=3)
            window.wrap_lines = to_filter(True)
    return prompt


class _ListView:
    """How a tuned list draws: wrapped choices, the help under them, "↓ 3 more", its height.

    Holds what the last drawing found: the line each counted choice starts on, how many
    lines the list has, and which "above / below" counts the line under it shows.
    """

    def __init__(self, app: Any, ic: Any, window: Any, host: ListHost) -> None:
        self.app, self.ic, self.window, self.host = app, ic, window, host
        self.label = "  " + host.ui("description", host.lang) + " "
        self.choice_tokens: Callable[[], list[Any]] = ic.text
        self.back_title = host.back_choice().title
        self.starts: list[int] = []
        self.lines = 0
        self.said: tuple[int, int] = (0, 0)
        self.shown: tuple[int, int] | None = None

    def no_match(self) -> bool:
        return bool(self.ic.search_filter) and not self.ic.filtered_choices

    def tokens(self) -> list[Any]:
        width = self.host.width() - 1
        if self.no_match():
            said = textwrap.wrap(self.host.ui("no_match", self.host.lang), width - 3) or [""]
            return [("class:text", "\n".join("   " + line for line in said))]
        out: list[Any] = []
        column = 0
        line, first, starts, counted = 0, 0, [], True
        for style, text, *rest in self.choice_tokens():
            if text == self.back_title and out and out[-1][1] in _BOX_TOKENS:
                out[-1] = (out[-1][0], "")  # "← back" is not a box to tick
            if style == "class:separator":
                counted = False
            if (
                isinstance(text, str)
                and "\n" not in text
                and column + len(text) > width
                and column < width // 2
            ):
                lines = textwrap.wrap(text, width - column, break_long_words=False) or [text]
                text = ("\n" + " " * column).join(lines)
            out.append((style, text, *rest))
            if isinstance(text, str):
                column = len(text) - text.rfind("\n") - 1 if "\n" in text else column + len(text)
                line += text.count("\n")
                if style == "" and text == "\n":  # questionary's end of a choice
                    if counted:
                        starts.append(first)
                    first, counted = line, True
        if counted and (line > first or column):
            starts.append(first)  # the last choice has no newline after it
        self.starts = starts
        self.lines = line + 1
        return out

    def hidden(self) -> tuple[int, int]:
        """Choices wholly or partly out of view: (above, below)."""
        info = self.window.render_info
        if info is None or self.lines <= info.window_height:
            return 0, 0
        first, last = info.first_visible_line(), info.last_visible_line()
        return (
            sum(1 for start in self.starts if start < first),
            sum(1 for start in self.starts if start > last),
        )

    def more_shown(self) -> bool:
        self.said = pair = self.hidden()
        if not any(pair):
            self.shown = pair
        return any(pair)

    def more_text(self) -> list[Any]:
        above, below = self.shown = self.said
        host = self.host
        if above and below:
            said = host.ui("more_both", host.lang, above=above, n=below)
        elif above:
            said = host.ui("more_above", host.lang, n=above)
        else:
            said = host.ui("more_below", host.lang, n=below)
        return [("class:instruction", "   " + said)]

    def recount(self, _: Any) -> None:
        # The line is laid out before the list scrolls: once the list is drawn, draw it
        # again if what it shows is out of date (at most once per key).
        if self.hidden() != self.shown:
            self.app.invalidate()

    def help_lines(self) -> list[str]:
        try:
            text = self.ic.get_pointed_at().description
        except IndexError:  # a search that matches nothing
            return []
        if not text:
            return []
        width = self.host.width() - 1
        return textwrap.wrap(text, width, initial_indent=self.label, subsequent_indent="  ")

    def room(self, help_rows: int) -> int:
        # Under the lines above: the prompt line, the help, a validation message, the cursor.
        rows = int(self.app.output.get_size().rows) - self.host.lines_above - 1 - help_rows - 2
        return rows - 1 if self.lines > rows else rows  # and "↓ 3 more" under a cut list

    def shown_help(self) -> list[str]:
        lines = self.help_lines()
        return lines if self.room(len(lines)) >= 4 else []  # a tiny terminal keeps the choices

    def help_tokens(self) -> list[Any]:
        return [("class:text", "\n".join(self.shown_help()))]

    def list_height(self) -> Any:
        return Dimension(max=max(3, self.room(len(self.shown_help()))))

    def install(self, root: Any) -> None:
        """Draw the list this way, with the help and the "more" line under it in ``root``."""
        self.ic.text = self.tokens
        self.window.height = self.list_height
        # Keep the rest of a wrapped choice (and the next one) in view below the pointer.
        self.window.scroll_offsets = ScrollOffsets(top=1, bottom=2)
        at = next(
            i for i, child in enumerate(root.children) if any(c is self.window for c in walk(child))
        )
        help_window = Window(FormattedTextControl(self.help_tokens), dont_extend_height=True)
        more_window = Window(FormattedTextControl(self.more_text), dont_extend_height=True)
        root.children.insert(at + 1, ConditionalContainer(help_window, filter=~is_done))
        root.children.insert(
            at + 1, ConditionalContainer(more_window, filter=~is_done & Condition(self.more_shown))
        )
        self.app.after_render += self.recount


def _ignore(event: Any) -> None:
    """A key binding that does nothing (it wins over questionary's own for that key)."""
    return None


def _searchable(app: Any, view: _ListView) -> None:
    """Case and accents ignored, accented letters typed, nothing done when nothing matches."""
    ic = view.ic
    ic.__class__ = FoldedSearch
    nothing = Condition(view.no_match)
    keys: Any = app.key_bindings

    def typed(event: Any) -> None:
        if len(event.data) == 1 and ord(event.data) > 127 and event.data.isprintable():
            ic.add_search_character(event.data)

    # Added after questionary's own bindings for the same keys: these win.
    for key in (Keys.ControlM, Keys.Up, Keys.Down, Keys.ControlN, Keys.ControlP):
        keys.add(key, eager=True, filter=nothing)(_ignore)
    keys.add(Keys.Any, eager=True)(typed)


def _checkbox_keys(
    app: Any, ic: Any, host: ListHost, message: str, check: Callable[[list[Any]], bool | str]
) -> None:
    """Enter and Space on "← back", Enter checked by ``check``, "a"/"i" off, our answer line."""

    def finish(event: Any, result: list[Any], summary: str) -> None:
        # questionary draws the answer line from the one ticked choice's title.
        ic.choices.append(Choice([("class:answer", summary)], value="\x00summary"))
        ic.selected_options = ["\x00summary"]
        ic.is_answered = True
        event.app.exit(result=result)

    def pointed_at_back() -> bool:
        try:
            return bool(ic.get_pointed_at().value == BACK_VALUE)
        except IndexError:  # nothing to point at
            return False

    on_back = Condition(pointed_at_back)

    def back(event: Any) -> None:
        finish(event, [BACK_VALUE], host.ui("back_plain" if host.plain else "back", host.lang))

    def submit(event: Any) -> None:
        ticked = [c for c in ic.get_selected_values() if c.value != BACK_VALUE]
        values = [c.value for c in ticked]
        ic.submission_attempted = True
        verdict = check(values)
        if verdict is not True:
            text = "Invalid input" if verdict is False else str(verdict)
            ic.error_message = FormattedText([("class:validation-toolbar", text)])
            return
        ic.error_message = None
        names = ", ".join(str(c.title) for c in ticked) or host.ui("none_selected", host.lang)
        room = max(10, host.width() - len(message) - 6)
        finish(event, values, names if len(names) <= room else host.g(names[: room - 1] + "…"))

    # Added after questionary's own bindings for the same keys: these win.
    keys: Any = app.key_bindings
    # Space ticks: on "← back" it does nothing (going back would drop the ticks made here).
    keys.add(" ", eager=True, filter=on_back)(_ignore)
    keys.add(Keys.ControlM, eager=True, filter=on_back)(back)
    keys.add(Keys.ControlM, eager=True, filter=~on_back)(submit)
    # questionary's "a" (tick all) and "i" (invert) changed every tick, hidden ones too,
    # when a respondent typed as if to search.
    for letter in "aAiI":
        keys.add(letter, eager=True)(_ignore)


def tune_list(
    prompt: Any,
    host: ListHost,
    message: str = "",
    validate: Callable[[list[Any]], bool | str] | None = None,
    search: bool = False,
) -> Any:
    """Adapt a questionary list prompt to the wizard's conventions (``host``: the wizard).

    * Long choices wrap, indented under their first line (prompt_toolkit cuts a line at
      the terminal's edge), at the width the terminal has now.
    * The help of the choice pointed at is drawn under the list, labelled in the wizard's
      language and wrapped (questionary writes "Description:" in English on one line).
    * The list is at most as tall as the terminal leaves under the lines printed above it,
      and scrolls: the step counter and the question stay on screen (THREATS A5).
    * For a checkbox (``validate`` given): Enter on "← back" goes back and Space there does
      nothing (questionary would submit the ticks, or tick "back"); questionary's "a" and
      "i" (tick all, invert) do nothing; the answer line lists the labels ticked instead of
      questionary's English "done (2 selections)".
    * Under a list taller than the room left, a line says how many choices are out of view
      ("↑ 2 above · ↓ 3 more").
    * For a searchable list (``search``): the search ignores case and accents, accented
      letters can be typed (questionary takes ASCII only), and a search that matches
      nothing shows nothing and Enter does nothing (questionary shows every choice and
      Enter records the first).

    The prompt must be made with ``show_description=False``. Reaches into questionary's
    InquirerControl and layout; tests/test_wizard*.py drive each behaviour.
    """
    app = prompt.application
    ic: Any = next(
        (c for c in app.layout.find_all_controls() if isinstance(c, InquirerControl)), None
    )
    root: Any = app.layout.container
    window = next((w for w in app.layout.find_all_windows() if w.content is ic), None)
    if ic is None or window is None or not hasattr(root, "children"):  # pragma: no cover
        return prompt  # a questionary that draws lists differently: leave it as it is
    view = _ListView(app, ic, window, host)
    if search:
        _searchable(app, view)
    view.install(root)
    if validate is not None:
        _checkbox_keys(app, ic, host, message, validate)
    return prompt
