"""What sscassess.wizard.questionary_patches relies on in questionary and prompt_toolkit.

The patches reach past both libraries' public APIs. These tests fail when a release changes a
name, attribute or signature they use (read the new release's code before changing a test),
and check that questionary's module globals are restored after a run, however it ends.
"""

from __future__ import annotations

import inspect
import io
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from prompt_toolkit.application import Application, create_app_session
from prompt_toolkit.filters import Condition, is_done, to_filter
from prompt_toolkit.formatted_text import FormattedText
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.key_binding import KeyBindings
from prompt_toolkit.keys import Keys
from prompt_toolkit.layout import (
    ConditionalContainer,
    Dimension,
    ScrollOffsets,
    Window,
    walk,
)
from prompt_toolkit.layout.containers import WindowRenderInfo
from prompt_toolkit.layout.controls import FormattedTextControl
from prompt_toolkit.output import DummyOutput

from sscassess.questionnaire.load import load_questionnaire
from sscassess.questionnaire.model import Questionnaire
from sscassess.wizard import questionary_patches
from sscassess.wizard.questionary_patches import GLOBALS, FoldedSearch, patched
from sscassess.wizard.screens import Stopped, Wizard

ENTER, SPACE, CTRL_C = "\r", " ", "\x03"


@pytest.fixture
def pipe() -> Iterator[Any]:
    with create_pipe_input() as inp, create_app_session(input=inp, output=DummyOutput()):
        yield inp


def parameters(function: Callable[..., Any]) -> dict[str, inspect.Parameter]:
    return dict(inspect.signature(function).parameters)


def has_keywords(function: Callable[..., Any], *names: str) -> None:
    """``function`` takes each of ``names`` by keyword."""
    params = parameters(function)
    for name in names:
        assert name in params, f"{function.__qualname__} lost its {name!r} parameter"
        assert params[name].kind in (
            inspect.Parameter.POSITIONAL_OR_KEYWORD,
            inspect.Parameter.KEYWORD_ONLY,
        ), f"{function.__qualname__}({name}) is no longer a keyword"


# -- questionary's prompts and choices, as the wizard makes them


def test_the_prompt_functions_take_the_options_the_wizard_passes() -> None:
    import questionary

    common_options = ("message", "qmark", "style")
    has_keywords(questionary.select, *common_options, "choices", "default", "pointer",
                 "use_search_filter", "use_jk_keys", "instruction", "show_description")  # fmt: skip
    has_keywords(questionary.checkbox, *common_options, "choices", "validate", "pointer",
                 "instruction", "show_description")  # fmt: skip
    has_keywords(questionary.text, *common_options, "default", "validate", "multiline",
                 "instruction")  # fmt: skip


def test_choices_keep_their_constructor_and_attributes() -> None:
    from questionary import Choice, Separator

    has_keywords(Choice.__init__, "title", "value", "disabled", "checked", "description")
    has_keywords(Separator.__init__, "line")
    choice = Choice([("class:answer", "two ticked")], value="\x00summary", description="d")
    assert (choice.value, choice.title, choice.description) == (
        "\x00summary", [("class:answer", "two ticked")], "d"
    )  # fmt: skip
    assert issubclass(Separator, Choice)


# -- InquirerControl, the list the patches tune


def test_inquirer_control_keeps_what_the_patches_read_and_set() -> None:
    from questionary import Choice
    from questionary.prompts.common import InquirerControl

    has_keywords(InquirerControl.__init__, "choices", "default", "pointer", "use_indicator")
    assert list(parameters(InquirerControl.get_pointed_at)) == ["self"]
    assert list(parameters(InquirerControl.get_selected_values)) == ["self"]
    assert list(parameters(InquirerControl.add_search_character)) == ["self", "char"]
    assert isinstance(inspect.getattr_static(InquirerControl, "filtered_choices"), property)
    assert InquirerControl.search_filter is None
    assert issubclass(InquirerControl, FormattedTextControl)
    ic = InquirerControl([Choice("a", value="a"), Choice("b", value="b")])
    for name in ("choices", "selected_options", "is_answered", "submission_attempted",
                 "error_message", "pointed_at", "found_in_search", "text"):  # fmt: skip
        assert hasattr(ic, name), f"InquirerControl lost {name!r}"
    assert ic.text == ic._get_choice_tokens  # the token function tune_list replaces
    assert ic.get_pointed_at().value == "a" and ic.get_selected_values() == []
    ic.add_search_character("b")
    assert ic.search_filter == "b" and ic.pointed_at == 0


def test_the_folded_search_class_can_replace_a_live_controls_class() -> None:
    from questionary import Choice
    from questionary.prompts.common import InquirerControl

    ic = InquirerControl([Choice("Régional", value="r"), Choice("Urbain", value="u")])
    ic.__class__ = FoldedSearch  # what tune_list does for a searchable list
    ic.search_filter = "REGIO"
    assert [c.value for c in ic.filtered_choices] == ["r"]
    ic.search_filter = "zzz"
    assert ic.filtered_choices == [] and not ic.found_in_search


def test_a_choice_is_drawn_as_the_tokens_tune_list_rewraps() -> None:
    from questionary import Choice, Separator
    from questionary.prompts.common import InquirerControl

    ic = InquirerControl([Choice("a", value="a"), Separator("--"), Choice("b", value="b")])
    ic.selected_options = ["b"]
    with patched():
        tokens = ic.text()
    # Each choice ends with ("", "\n") (not the last); a separator is "class:separator".
    assert [t for t in tokens if t == ("", "\n")] == [("", "\n")] * 2
    assert ("class:separator", "--") in tokens
    # The boxes of a checkbox are tokens of their own, "[ ] " and "[x] ".
    assert ("class:text", "[ ] ") in tokens and ("class:selected", "[x] ") in tokens


# -- the module globals, and their restoration


def questionary_globals() -> dict[tuple[str, str], Any]:
    """Every module global of every questionary module loaded, by identity."""
    return {
        (name, key): value
        for name, module in list(sys.modules.items())
        if name == "questionary" or name.startswith("questionary.")
        for key, value in vars(module).items()
    }


def names_read(code: Any) -> set[str]:
    """The global names a function's code reads, its nested functions' included."""
    names = set(code.co_names)
    for const in code.co_consts:
        if inspect.iscode(const):
            names |= names_read(const)
    return names


def test_the_patched_globals_are_the_ones_a_checkbox_reads() -> None:
    import questionary.constants
    import questionary.prompts.common as common
    from questionary.prompts.common import InquirerControl

    for name in GLOBALS:
        # common copies them from constants, and reads its own copies when it draws a tick.
        assert getattr(common, name) == getattr(questionary.constants, name)
        assert name in names_read(InquirerControl._get_choice_tokens.__code__)
        assert InquirerControl._get_choice_tokens.__globals__ is vars(common)


@pytest.mark.parametrize("ending", ["normal", "error", "ctrl-c"])
def test_patched_restores_every_global_it_changed(ending: str) -> None:
    before = questionary_globals()
    during: dict[tuple[str, str], Any] = {}
    raised = {"error": RuntimeError, "ctrl-c": KeyboardInterrupt}.get(ending)
    try:
        with patched():
            during = questionary_globals()
            if raised is not None:
                raise raised
    except (RuntimeError, KeyboardInterrupt):
        pass
    changed = {key for key in before if during.get(key) is not before[key]}
    assert changed == {("questionary.prompts.common", name) for name in GLOBALS}
    assert {key[1]: during[key] for key in changed} == GLOBALS
    after = questionary_globals()
    assert {k: v for k, v in after.items() if k in before} == before
    assert set(after) == set(before)


class Recording(io.StringIO):
    """The wizard's output, recording questionary's indicators each time it is written to."""

    def __init__(self, fail: bool = False) -> None:
        super().__init__()
        self.seen: set[tuple[str, ...]] = set()
        self.fail = fail

    def write(self, text: str) -> int:
        import questionary.prompts.common as common

        self.seen.add(tuple(getattr(common, name) for name in GLOBALS))
        if self.fail and "[1/" in text:
            raise RuntimeError("the terminal went away")
        return super().write(text)


@pytest.fixture
def q(make_questionnaire: Callable[..., Path]) -> Questionnaire:
    return load_questionnaire(make_questionnaire())


ANSWERED = {
    "name": "Acme", "category": "city", "subtype": "council", "size": 12, "named": True,
    "roles": {"lead": 2, "data": 0}, "aims": ["efficiency"], "mood": 0, "why": "Because.",
    "colour": "blue", "extras": ["a"], "note": "Noted.",
}  # fmt: skip


@pytest.mark.parametrize("plain", [True, False])
@pytest.mark.parametrize("ending", ["submitted", "stopped", "error"])
def test_a_wizard_run_restores_questionarys_globals(
    q: Questionnaire, pipe: Any, plain: bool, ending: str
) -> None:
    before = questionary_globals()
    out = Recording(fail=ending == "error")
    if ending == "submitted":
        pipe.send_text(ENTER)  # the review: submit
        answers = Wizard(q, "en", plain=plain, out=out, answers=ANSWERED).run()
        assert answers == ANSWERED
    elif ending == "stopped":
        pipe.send_text("Acme" + ENTER + CTRL_C)
        with pytest.raises(Stopped):
            Wizard(q, "en", plain=plain, out=out).run()
    else:
        with pytest.raises(RuntimeError, match="went away"):
            Wizard(q, "en", plain=plain, out=out).run()
    assert out.seen == {tuple(GLOBALS.values())}  # patched while the wizard ran
    after = questionary_globals()
    assert {k: v for k, v in after.items() if k in before} == before


# -- prompt_toolkit: the layout, windows and key bindings the patches use


def test_prompt_toolkit_keeps_the_layout_pieces_the_patches_build_with() -> None:
    has_keywords(Window.__init__, "content", "height", "dont_extend_height", "wrap_lines",
                 "scroll_offsets")  # fmt: skip
    has_keywords(ConditionalContainer.__init__, "content", "filter")
    has_keywords(Dimension.__init__, "min", "max")
    has_keywords(ScrollOffsets.__init__, "top", "bottom")
    has_keywords(FormattedTextControl.__init__, "text")
    assert list(parameters(walk)) == ["container", "skip_hidden"]
    assert list(parameters(Condition.__init__)) == ["self", "func"]
    assert to_filter(True)() is True and callable(is_done)
    add = parameters(KeyBindings.add)
    assert add["keys"].kind is inspect.Parameter.VAR_POSITIONAL
    has_keywords(KeyBindings.add, "filter", "eager")
    for key in ("ControlM", "Up", "Down", "ControlN", "ControlP", "Any"):
        assert hasattr(Keys, key)
    assert FormattedText([("class:validation-toolbar", "x")]) == [("class:validation-toolbar", "x")]
    has_keywords(WindowRenderInfo.__init__, "window_height")
    first, last = WindowRenderInfo.first_visible_line, WindowRenderInfo.last_visible_line
    assert list(parameters(first)) == ["self", "after_scroll_offset"]  # called without it
    assert list(parameters(last)) == ["self", "before_scroll_offset"]


def the_list(prompt: Any) -> tuple[Any, Any, Any]:
    """(the InquirerControl, its window, the root container) of a questionary list."""
    from questionary.prompts.common import InquirerControl

    app = prompt.application
    controls = [c for c in app.layout.find_all_controls() if isinstance(c, InquirerControl)]
    assert len(controls) == 1
    windows = [w for w in app.layout.find_all_windows() if w.content is controls[0]]
    assert len(windows) == 1
    return controls[0], windows[0], app.layout.container


@pytest.mark.parametrize("kind", ["select", "checkbox"])
def test_a_questionary_list_is_laid_out_as_tune_list_expects(pipe: Any, kind: str) -> None:
    import questionary

    make = questionary.select if kind == "select" else questionary.checkbox
    prompt = make("?", choices=["a", "b"], show_description=False)
    app = prompt.application
    assert isinstance(app, Application)
    _, window, root = the_list(prompt)
    assert isinstance(root.children, list)
    assert sum(1 for child in root.children if any(c is window for c in walk(child))) == 1
    for name in ("height", "scroll_offsets"):
        assert hasattr(window, name)
    assert window.render_info is None  # before the first draw
    assert callable(app.key_bindings.add)
    assert hasattr(app.after_render, "__iadd__")
    assert hasattr(app.output.get_size(), "rows")


def test_a_text_prompt_has_a_validation_toolbar_found_by_its_text_function(pipe: Any) -> None:
    import questionary

    prompt = questionary.text("?", validate=lambda text: True)
    found = [
        w
        for w in prompt.application.layout.find_all_windows()
        if "ValidationToolbar" in getattr(getattr(w.content, "text", None), "__qualname__", "")
    ]
    assert len(found) == 1
    for name in ("height", "wrap_lines"):
        assert hasattr(found[0], name)


def test_the_tuned_list_and_text_prompts_still_answer(pipe: Any) -> None:
    import questionary
    from questionary import Choice

    class Host:
        lang, plain, lines_above = "en", False, 0

        def ui(self, key: str, lang: str, **params: Any) -> str:
            return key

        def g(self, text: str) -> str:
            return text

        def width(self) -> int:
            return 80

        def back_choice(self) -> Any:
            return Choice("back", value="\x00back")

    pipe.send_text(SPACE + ENTER)
    prompt = questionary.checkbox("?", choices=["a", "b"], show_description=False)
    with patched():
        tuned = questionary_patches.tune_list(prompt, Host(), "?", validate=lambda v: True)
        assert tuned.unsafe_ask() == ["a"]
    pipe.send_text("2")
    prompt = questionary.select("?", choices=["1", "2"], show_description=False)
    questionary_patches.bind_digits(questionary_patches.tune_list(prompt, Host()), {"2": "2"})
    assert prompt.unsafe_ask() == "2"
    pipe.send_text("x" + ENTER)
    assert questionary_patches.tune_text(questionary.text("?")).unsafe_ask() == "x"
