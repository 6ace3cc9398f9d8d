"""The wizard driven through prompt_toolkit pipe input: real questionary prompts, no mocks."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from conftest import as_typed
from sscassess.core.errors import Command, Option
from sscassess.questionnaire.load import load_questionnaire
from sscassess.questionnaire.model import Questionnaire
from sscassess.wizard.screens import DraftFile, Stopped, Wizard, visible_screens

ENTER, DOWN, UP, SPACE, CTRL_C = "\r", "\x1b[B", "\x1b[A", " ", "\x03"
FINISH_MULTILINE = "\x1b\r"


@pytest.fixture
def q(make_questionnaire: Callable[..., Path]) -> Questionnaire:
    return load_questionnaire(make_questionnaire())


@pytest.fixture
def pipe() -> Iterator[Any]:
    with create_pipe_input() as inp, create_app_session(input=inp, output=DummyOutput()):
        yield inp


def run(q: Questionnaire, pipe: Any, keys: str, **kwargs: Any) -> tuple[dict[str, Any], str]:
    pipe.send_text(keys)
    out = io.StringIO()
    answers = Wizard(q, kwargs.pop("lang", "en"), out=out, **kwargs).run()
    return answers, out.getvalue()


FULL_RUN = (
    "Acme" + ENTER  # name
    + ENTER  # category: city
    + ENTER  # subtype: council
    + "12" + ENTER  # size
    + ENTER  # named: yes
    + DOWN + DOWN + ENTER  # roles, lead: 2
    + ENTER  # roles, data: 0
    + SPACE + ENTER  # aims: efficiency
    + DOWN + ENTER  # mood (optional: starts on "skip"): 0, which asks why
    + "Because." + FINISH_MULTILINE  # why (a long text: multi-line)
    + DOWN + DOWN + ENTER  # colour (optional): blue, which asks extras
    + SPACE + ENTER  # extras: a, which asks note
    + "Noted." + FINISH_MULTILINE  # note
    + ENTER  # review: submit
)  # fmt: skip
FULL_ANSWERS = {
    "name": "Acme", "category": "city", "subtype": "council", "size": 12, "named": True,
    "roles": {"lead": 2, "data": 0}, "aims": ["efficiency"], "mood": 0, "why": "Because.",
    "colour": "blue", "extras": ["a"], "note": "Noted.",
}  # fmt: skip


def test_every_question_type_and_condition(q: Questionnaire, pipe: Any) -> None:
    answers, out = run(q, pipe, FULL_RUN)
    assert answers == FULL_ANSWERS
    assert "[1/9] Organisation" in out
    assert "[13/13] Work" in out  # the counter grows as conditions reveal questions


def test_back_returns_to_the_previous_question_and_respects_conditions(
    q: Questionnaire, pipe: Any
) -> None:
    keys = (
        "Acme" + ENTER
        + ENTER  # category: city
        + DOWN + ENTER  # subtype screen: "← back"
        + DOWN + ENTER  # category again: people (subtype no longer asked)
        + "<" + ENTER  # size: back to category
        + ENTER  # category: people is the default now
        + ENTER  # size: skip
        + DOWN + ENTER  # named: no, which asks why
        + ENTER + ENTER  # roles: 0, 0
        + SPACE + ENTER  # aims
        + ENTER  # mood: skip (where an optional list starts)
        + "Private." + FINISH_MULTILINE  # why
        + ENTER  # colour: skip
        + ENTER  # extras: none (optional)
        + ENTER  # review: submit
    )  # fmt: skip
    answers, _ = run(q, pipe, keys)
    assert answers == {
        "name": "Acme", "category": "people", "named": False, "roles": {"lead": 0, "data": 0},
        "aims": ["efficiency"], "why": "Private.",
    }  # fmt: skip


def test_inline_validation_keeps_asking(q: Questionnaire, pipe: Any) -> None:
    keys = (
        "x" * 25 + ENTER  # too long: refused in place
        + "\x7f" * 25 + "Acme" + ENTER
        + ENTER + ENTER
        + "abc" + ENTER  # not a number
        + "\x7f" * 3 + "500" + ENTER  # above the maximum
        + "\x7f" * 3 + "7" + ENTER
    )  # fmt: skip
    pipe.send_text(keys + CTRL_C)
    wiz = Wizard(q, "en", out=io.StringIO())
    with pytest.raises(Stopped):
        wiz.run()
    assert wiz.answers == {"name": "Acme", "category": "city", "subtype": "council", "size": 7}


def test_multi_with_other_entry(q: Questionnaire, pipe: Any) -> None:
    keys = (
        "Acme" + ENTER + ENTER + ENTER + ENTER + ENTER + ENTER + ENTER
        + DOWN + SPACE + ENTER  # aims: "Other…"
        + "Tourism" + ENTER
        + CTRL_C
    )  # fmt: skip
    pipe.send_text(keys)
    wiz = Wizard(q, "en", out=io.StringIO())
    with pytest.raises(Stopped):
        wiz.run()
    assert wiz.answers["aims"] == [{"other": "Tourism"}]


def test_review_lets_the_respondent_change_an_answer(q: Questionnaire, pipe: Any) -> None:
    keys = FULL_RUN[: -len(ENTER)]  # stop at the review
    keys += DOWN + DOWN + ENTER  # below submit and "finish later": the first answer, name
    keys += "\x7f" * 4 + "Acme Ltd" + ENTER
    keys += ENTER  # submit
    answers, _ = run(q, pipe, keys)
    assert answers == {**FULL_ANSWERS, "name": "Acme Ltd"}


def test_the_stop_message_wraps_to_a_narrow_terminal(
    q: Questionnaire, pipe: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "30")
    pipe.send_text("Acme" + ENTER + CTRL_C)
    with pytest.raises(Stopped) as info:
        Wizard(q, "en", out=io.StringIO(), resume_command=Command("X")).run()
    assert as_typed(info.value) == (
        "stopped at question 2 of 9;\nyour 1 answer is saved.\nResume with:\n  sscassess X"
    )


def test_ctrl_c_keeps_the_draft_and_resume_starts_at_the_next_question(
    q: Questionnaire, pipe: Any, tmp_path: Path
) -> None:
    draft = DraftFile(tmp_path / "d.draft.json", q, None)
    pipe.send_text("Acme" + ENTER + CTRL_C)
    with pytest.raises(Stopped) as info:
        Wizard(q, "en", out=io.StringIO(), save=draft.save, resume_command=Command("X")).run()
    assert as_typed(info.value) == (
        "stopped at question 2 of 9; your 1 answer is saved.\nResume with:\n  sscassess X"
    )
    saved, stale = draft.load()
    assert (saved, stale) == ({"name": "Acme"}, None)
    data = json.loads((tmp_path / "d.draft.json").read_text())
    assert data["questionnaire"]["sha256"] == q.sha256

    rest = FULL_RUN[len("Acme" + ENTER) :]
    pipe.send_text(rest)
    out = io.StringIO()
    answers = Wizard(q, "en", out=out, answers=saved, save=draft.save).run()
    assert answers == FULL_ANSWERS
    assert "Resuming your saved answers (1 given)." in out.getvalue()


def test_end_of_input_is_a_stop_not_a_crash(q: Questionnaire, pipe: Any) -> None:
    pipe.send_text("Acme" + ENTER)
    pipe.close()
    with pytest.raises(Stopped):
        Wizard(q, "en", out=io.StringIO()).run()


def test_fixed_answers_are_not_asked(q: Questionnaire, pipe: Any) -> None:
    fixed = {"name": "Acme", "category": "city", "subtype": "council"}
    assert [s.question.id for s in visible_screens(q, fixed, fixed)][:2] == ["size", "named"]
    answers, out = run(q, pipe, FULL_RUN[len("Acme" + ENTER + ENTER + ENTER) :], fixed=fixed)
    assert answers == FULL_ANSWERS
    assert "[1/7] Organisation" in out


def test_a_draft_for_another_questionnaire_version_is_not_used(
    q: Questionnaire, tmp_path: Path
) -> None:
    path = tmp_path / "d.draft.json"
    path.write_text(
        json.dumps(
            {
                "format": "sscassess-draft/1",
                "questionnaire": {"id": "tiny-q", "version": "0", "sha256": "0" * 64},
                "answers": {"name": "Old"},
            }
        )
    )
    answers, stale = DraftFile(path, q, None).load()
    assert answers == {} and stale is not None and stale["questionnaire"]["version"] == "0"


def test_french_screens(pipe: Any) -> None:
    q = load_questionnaire()  # the shipped questionnaire, complete in French
    pipe.send_text("Acme" + ENTER + CTRL_C)
    out = io.StringIO()
    with pytest.raises(Stopped):
        Wizard(q, "fr", out=out).run()
    assert "[1/" in out.getvalue() and "Votre organisation" in out.getvalue()
    # The first question has no way back: its hint does not offer one.
    assert "(Entrée pour valider)" in out.getvalue()
    assert "< seul pour revenir" not in out.getvalue()


def test_workshop_mode_keeps_drafts_in_the_store(campaign: Any, pipe: Any) -> None:
    from sscassess.respond import interactive_campaign

    pipe.send_text(ENTER + ENTER + "3" + ENTER + ENTER + ENTER + CTRL_C)
    with pytest.raises(Stopped) as info:
        interactive_campaign(campaign.root, "lakeside_water", None, False)
    assert as_typed(info.value).endswith(
        f"Resume with:\n  sscassess answer --campaign {campaign.root} --org lakeside_water"
    )
    status = {row["slug"]: row for row in campaign.status()["organisations"]}
    assert status["lakeside_water"]["draft"] == "5/39"
    assert status["lakeside_water"]["submitted"] is None
    # Resuming reads the draft back from the store.
    pipe.send_text(CTRL_C)
    with pytest.raises(Stopped) as again:
        interactive_campaign(campaign.root, "lakeside_water", None, False)
    assert str(again.value).startswith("stopped at question 6 of 39; your 5 answers are saved.")


# The keys up to the aims screen (a checkbox: efficiency, Other…, ──, ← back) of FULL_RUN.
TO_AIMS = FULL_RUN[: FULL_RUN.index(SPACE + ENTER)]
AFTER_AIMS = FULL_RUN[len(TO_AIMS) + len(SPACE + ENTER) :]


def test_enter_on_back_in_a_checkbox_goes_back(q: Questionnaire, pipe: Any) -> None:
    keys = (
        TO_AIMS
        + SPACE + UP + ENTER  # tick efficiency, then "← back" (above the first entry)
        + ENTER  # roles, data: 0 again
        + SPACE + ENTER  # aims: efficiency was not kept; tick it
        + AFTER_AIMS
    )  # fmt: skip
    answers, out = run(q, pipe, keys)
    assert answers == FULL_ANSWERS
    assert out.count("[8/") == 2  # the aims screen, twice
    assert out.count("[7/") == 2  # the role before it, twice


def test_space_on_back_in_a_checkbox_does_nothing(q: Questionnaire, pipe: Any) -> None:
    # Space ticks: on "← back" it neither goes back (dropping the ticks) nor ticks "back".
    keys = TO_AIMS + SPACE + UP + SPACE + DOWN + ENTER + AFTER_AIMS
    answers, out = run(q, pipe, keys)
    assert answers == FULL_ANSWERS
    assert out.count("[8/") == 1


def test_letters_in_a_checkbox_change_no_tick(q: Questionnaire, pipe: Any) -> None:
    # questionary's "a" ticks all and "i" inverts: typed as if to search, they changed every
    # tick, hidden ones too. They do nothing.
    keys = TO_AIMS + "aiAI" + SPACE + ENTER + AFTER_AIMS
    answers, out = run(q, pipe, keys)
    assert answers == FULL_ANSWERS
    assert out.count("[8/") == 1


def test_the_first_screen_tells_what_the_questionnaire_is(pipe: Any) -> None:
    q = load_questionnaire()
    pipe.send_text(CTRL_C)
    out = io.StringIO()
    with pytest.raises(Stopped):
        Wizard(q, "es", out=out).run()
    assert out.getvalue().startswith(
        "\nCiudad inteligente y sostenible: autoevaluación de las partes interesadas\n"
        + "=" * 73
        + "\nEste cuestionario pregunta cómo participa su organización en el programa de\n"
    )  # wrapped at 79 columns (COLUMNS=80)
    text = " ".join(out.getvalue().split())
    assert "Unos 15 minutos, 41 preguntas." in text
    assert "pare cuando quiera con Ctrl-C" in text
    # Then the section with its introduction, then the first question.
    assert (
        text.index("[1/41] Su organización")
        < text.index("Algunos datos sobre su organización, para comparar")
        < text.index("(Intro para confirmar)")
    )


def test_a_resumed_run_skips_the_introduction(q: Questionnaire, pipe: Any) -> None:
    pipe.send_text(CTRL_C)
    out = io.StringIO()
    with pytest.raises(Stopped):
        Wizard(q, "en", out=out, answers={"name": "Acme"}).run()
    assert out.getvalue().lstrip().startswith("Resuming your saved answers (1 given).")
    assert "Tiny survey" not in out.getvalue()


def test_ctrl_c_at_the_review_says_so(q: Questionnaire, pipe: Any) -> None:
    keys = FULL_RUN[: -len(ENTER)] + CTRL_C
    pipe.send_text(keys)
    with pytest.raises(Stopped) as info:
        Wizard(q, "fr", out=io.StringIO(), resume_command=Command("X")).run()
    assert as_typed(info.value) == (
        "arrêt à la vérification ; 13 réponses enregistrées.\nPour reprendre :\n  sscassess X"
    )


def test_the_resume_command_keeps_language_and_plain_and_quotes_paths(
    make_questionnaire: Callable[..., Path], pipe: Any, tmp_path: Path
) -> None:
    from sscassess.respond import interactive_standalone

    path = make_questionnaire()
    out = tmp_path / "my answers.json"
    pipe.send_text(CTRL_C)
    with pytest.raises(Stopped) as info:
        interactive_standalone(str(path), out, "en", True)
    assert as_typed(info.value).splitlines()[1:] == [
        "Resume with:",
        f"  sscassess answer --questionnaire {path} --out '{out}' --lang en --plain",
    ]


@pytest.mark.parametrize(
    ("label", "answer", "line"),
    [
        ("Which kind of stakeholder is your organisation?", "Utility providers",
         "  Which kind of stakeholder is your organisation?: Utility providers"),
        ("Which kind of stakeholder is your organisation?", "Municipalities, city council",
         "  Which kind of stakeholder is your org…: Municipalities, city council"),
        ("Name", "x" * 80, "  Name: " + "x" * 61 + "…"),
        ("A long question label that goes on", "y" * 80,
         "  A long question label that …: " + "y" * 37 + "…"),
    ],
)  # fmt: skip
def test_review_lines_cut_the_label_only_as_far_as_needed(
    label: str, answer: str, line: str
) -> None:
    from sscassess.wizard.wording import review_line

    assert review_line("  ", label, answer, 70) == line
    assert len(line) <= 70


def test_review_lines_in_french_space_the_colon() -> None:
    from sscassess.wizard.wording import review_line

    assert review_line("! ", "Nom de votre organisation", "Eaux du Lac", 70, " : ") == (
        "! Nom de votre organisation : Eaux du Lac"
    )
    assert review_line("  ", "À quel type de partie prenante ?", "x" * 60, 60, " : ") == (
        "  À quel type de partie p… : " + "x" * 30 + "…"
    )  # the label keeps two fifths of the line


@pytest.mark.parametrize("start_over", [True, False])
def test_a_draft_of_another_version_is_explained_then_set_aside_or_kept(
    make_questionnaire: Callable[..., Path], pipe: Any, tmp_path: Path, start_over: bool
) -> None:
    from sscassess.respond import interactive_standalone

    path = make_questionnaire()
    out = tmp_path / "a.json"
    draft = tmp_path / "a.json.draft.json"
    old = {"format": "sscassess-draft/1", "answers": {"name": "Old"},
           "questionnaire": {"id": "tiny-q", "version": "0", "sha256": "0" * 64}}  # fmt: skip
    draft.write_text(json.dumps(old))
    pipe.send_text((ENTER if start_over else DOWN + ENTER) + CTRL_C)
    with pytest.raises(Stopped) as info:
        interactive_standalone(str(path), out, "en", False)
    if start_over:
        assert json.loads((tmp_path / "a.json.draft.old.json").read_text()) == old
        assert str(info.value).startswith("stopped at question 1 of 9")
    else:
        assert json.loads(draft.read_text()) == old
        assert str(info.value) == f"the old draft is unchanged ({draft})"


def test_workshop_mode_finds_the_organisation_by_typing(campaign: Any, pipe: Any) -> None:
    from sscassess.respond import interactive_campaign

    pipe.send_text("univ" + ENTER + CTRL_C)  # the search keeps "Lakeside University" only
    with pytest.raises(Stopped) as info:
        interactive_campaign(campaign.root, None, None, False)
    assert as_typed(info.value).endswith(
        f"sscassess answer --campaign {campaign.root} --org lakeside_university"
    )


# ---------------------------------------------------------------------------- issue 13


def tiny(make_questionnaire: Callable[..., Path], *changes: tuple[str, str]) -> Questionnaire:
    text = _MINIMAL_Q
    for old, new in changes:
        assert old in text
        text = text.replace(old, new)
    return load_questionnaire(make_questionnaire(text))


def _minimal() -> str:
    from conftest import MINIMAL_QUESTIONNAIRE

    return MINIMAL_QUESTIONNAIRE


_MINIMAL_Q = _minimal()
TO_SIZE = "Acme" + ENTER + ENTER + ENTER  # name, category: city, subtype: council
WIDE_SIZE = ("max: 100, integer: true", "max: 1000000, integer: true")


@pytest.mark.parametrize(
    ("lang", "typed", "stored"),
    [("en", "1,000", 1000), ("fr", "1 000", 1000), ("es", "1.000", 1000), ("en", "1 000", 1000)],
)
def test_a_number_is_read_as_written_in_the_respondents_language(
    make_questionnaire: Callable[..., Path], pipe: Any, lang: str, typed: str, stored: int
) -> None:
    q = tiny(make_questionnaire, WIDE_SIZE)
    pipe.send_text(TO_SIZE + typed + ENTER + CTRL_C)
    wiz = Wizard(q, lang, out=io.StringIO())
    with pytest.raises(Stopped):
        wiz.run()
    assert wiz.answers["size"] == stored  # "1,000" was stored as 1 (H10)


@pytest.mark.parametrize(("lang", "typed"), [("en", "1.000"), ("fr", "1,000"), ("es", "1,000")])
def test_an_ambiguous_number_is_refused_until_retyped(
    make_questionnaire: Callable[..., Path], pipe: Any, lang: str, typed: str
) -> None:
    q = tiny(make_questionnaire, WIDE_SIZE)
    keys = TO_SIZE + typed + ENTER + "\x7f" * len(typed) + "1000" + ENTER + CTRL_C
    pipe.send_text(keys)
    wiz = Wizard(q, lang, out=io.StringIO())
    with pytest.raises(Stopped):
        wiz.run()
    assert wiz.answers["size"] == 1000


def test_a_french_decimal_comma_reaches_the_validator(
    make_questionnaire: Callable[..., Path], pipe: Any
) -> None:
    q = tiny(make_questionnaire, WIDE_SIZE)
    # "1,5" is one and a half in French: refused as not whole, then 2 is taken.
    pipe.send_text(TO_SIZE + "1,5" + ENTER + "\x7f" * 3 + "2" + ENTER + CTRL_C)
    wiz = Wizard(q, "fr", out=io.StringIO())
    with pytest.raises(Stopped):
        wiz.run()
    assert wiz.answers["size"] == 2


# -- "Other (please specify)"

TO_AIMS_LIST = FULL_RUN[: FULL_RUN.index(SPACE + ENTER)]  # aims: efficiency, Other…, ──, ← back


def test_a_lone_less_than_in_other_goes_back_to_the_list_with_its_ticks(
    q: Questionnaire, pipe: Any
) -> None:
    keys = (
        TO_AIMS_LIST
        + DOWN + SPACE + ENTER  # tick "Other…", Enter
        + "<" + ENTER  # back to the list: "Other…" still ticked
        + ENTER  # Enter again
        + "Tourism" + ENTER
    )  # fmt: skip
    pipe.send_text(keys + CTRL_C)
    out = io.StringIO()
    wiz = Wizard(q, "en", out=out)
    with pytest.raises(Stopped):
        wiz.run()
    assert wiz.answers["aims"] == [{"other": "Tourism"}]  # was [{"other": "<"}]
    assert out.getvalue().count("[8/") == 2  # the aims list, twice
    assert "(< alone: back to the list; Enter with nothing typed: untick “Other”)" in out.getvalue()


def test_an_empty_other_unticks_it_and_goes_back_to_the_list(q: Questionnaire, pipe: Any) -> None:
    keys = (
        TO_AIMS_LIST
        + DOWN + SPACE + ENTER  # tick "Other…", Enter
        + ENTER  # nothing typed: "Other…" unticked, the list again (was: "1–200", stuck)
        + SPACE + ENTER  # tick efficiency instead
    )  # fmt: skip
    pipe.send_text(keys + CTRL_C)
    wiz = Wizard(q, "en", out=io.StringIO())
    with pytest.raises(Stopped):
        wiz.run()
    assert wiz.answers["aims"] == ["efficiency"]


def test_a_single_choice_other_goes_back_with_less_than_or_nothing_typed(
    make_questionnaire: Callable[..., Path], pipe: Any
) -> None:
    q = tiny(
        make_questionnaire,
        ("label: Colour, required: false,", "label: Colour, required: false, other: true,"),
    )
    keys = (
        FULL_RUN[: FULL_RUN.index("Because.")] + "Because." + FINISH_MULTILINE
        + DOWN * 3 + ENTER  # colour: skip, red, blue, Other…
        + "<" + ENTER  # back to the list, pointing at "Other…"
        + ENTER + ENTER  # "Other…" again, nothing typed: the list again
        + UP + ENTER  # blue
    )  # fmt: skip
    pipe.send_text(keys + CTRL_C)
    out = io.StringIO()
    wiz = Wizard(q, "en", out=out)
    with pytest.raises(Stopped):
        wiz.run()
    assert wiz.answers["colour"] == "blue"
    assert out.getvalue().count("[11/") == 3


# -- search


@pytest.mark.parametrize(
    ("typed", "category"),
    [
        ("régio", "national_regional_government"),  # the accent is typed (was dropped)
        ("regio", "national_regional_government"),  # and not needed
        ("REGIONALES", "international_organisation"),  # case ignored
        ("zzz" + ENTER + "\x7f" * 3 + "urban", "urban_planners"),  # no match: Enter does nothing
    ],
)
def test_search_ignores_case_and_accents_and_no_match_records_nothing(
    pipe: Any, typed: str, category: str
) -> None:
    q = load_questionnaire()
    pipe.send_text("Acme" + ENTER + typed + ENTER + CTRL_C)
    wiz = Wizard(q, "fr", out=io.StringIO())
    with pytest.raises(Stopped):
        wiz.run()
    assert wiz.answers == {"organisation_name": "Acme", "category": category}


def test_no_match_then_enter_stays_on_the_question(pipe: Any) -> None:
    pipe.send_text("Acme" + ENTER + "zzz" + ENTER + CTRL_C)
    wiz = Wizard(load_questionnaire(), "en", out=io.StringIO())
    with pytest.raises(Stopped) as info:
        wiz.run()
    assert "category" not in wiz.answers  # was: the first category
    assert str(info.value).startswith("stopped at question 2 of")


def test_fold_matches_as_a_respondent_types() -> None:
    from sscassess.wizard.wording import fold

    assert fold("Durabilité ÉCONOMIQUE") == "durabilite economique"
    assert fold("Cœur") == "coeur" and fold("Straße") == "strasse"
    assert fold("ｅｃｏｎ") == "econ"  # NFKD: full-width letters too


# -- the top aim


AIMS_3 = """\
aims:
  - {id: efficiency, code: A1, name: {en: Efficiency}, description: {en: Better services.}, source: "§4.1"}
  - {id: growth, code: A2, name: {en: Growth}, description: {en: More business.}, source: "§4.1"}
  - {id: inclusion, code: A3, name: {en: Inclusion}, description: {en: Everyone.}, source: "§4.1"}
"""
TOP_AIM = (
    "validation: {max_selected: 1}}",
    "validation: {max_selected: 3}}\n"
    "      - {id: top, type: single, maps_to: priority_aim, required: false, label: Top aim, "
    "choices: {from: aims}}",
)


def test_the_top_aim_offers_only_the_aims_ticked(
    make_questionnaire: Callable[..., Path], pipe: Any
) -> None:
    text = _MINIMAL_Q.replace(*TOP_AIM)
    q = load_questionnaire(make_questionnaire(text, aims=AIMS_3))
    keys = (
        TO_AIMS_LIST
        + DOWN + DOWN + SPACE + ENTER  # aims: inclusion only
        + DOWN + ENTER  # top aim: skip, inclusion (growth and efficiency are not offered)
    )  # fmt: skip
    pipe.send_text(keys + CTRL_C)
    out = io.StringIO()
    wiz = Wizard(q, "en", out=out)
    with pytest.raises(Stopped):
        wiz.run()
    assert (wiz.answers["aims"], wiz.answers["top"]) == (["inclusion"], "inclusion")
    assert "Only the aims you selected are offered" in out.getvalue()


def test_the_review_refuses_a_top_aim_no_longer_ticked(
    make_questionnaire: Callable[..., Path], pipe: Any
) -> None:
    text = _MINIMAL_Q.replace(*TOP_AIM)
    q = load_questionnaire(make_questionnaire(text, aims=AIMS_3))
    answers = {
        "name": "Acme", "category": "people", "named": True, "roles": {"lead": 0, "data": 0},
        "aims": ["growth"], "top": "efficiency", "mood": None, "colour": None, "size": None,
    }  # fmt: skip
    pipe.send_text(CTRL_C)  # at the review, where "Submit" is disabled
    out = io.StringIO()
    with pytest.raises(Stopped) as info:
        Wizard(q, "en", out=out, answers=answers).run()
    assert str(info.value).startswith("stopped at the review")
    assert "! Top aim: the top aim must be one of the aims selected (growth)" in out.getvalue()


# -- optional and required


def test_enter_on_an_optional_list_skips_it(q: Questionnaire, pipe: Any) -> None:
    keys = FULL_RUN[: FULL_RUN.index(DOWN + ENTER + "Because.")] + ENTER  # mood: Enter
    keys += "Private." + FINISH_MULTILINE  # why (asked: "named" is no)
    pipe.send_text(
        keys.replace("12" + ENTER + ENTER, "12" + ENTER + DOWN + ENTER, 1) + ENTER + CTRL_C
    )  # named: no; colour: Enter
    wiz = Wizard(q, "en", out=io.StringIO())
    with pytest.raises(Stopped):
        wiz.run()
    assert wiz.answers["mood"] is None and wiz.answers["colour"] is None  # skipped, not 0/red


def test_required_questions_are_marked_and_optional_ones_say_how_to_skip(
    q: Questionnaire, pipe: Any
) -> None:
    _, out = run(q, pipe, FULL_RUN)
    lines = out.splitlines()
    assert "[1/9] Organisation · required" in lines  # name
    assert "[4/10] Organisation" in lines  # size: optional, not marked
    assert "  (Enter to skip, < alone to go back)" in lines
    assert "[12/12] Work" in lines  # extras: optional ticks say how to skip
    assert "  (Space to tick, Enter when done; Enter with nothing ticked skips)" in lines
    assert "  (Esc then Enter to finish, or to skip when empty; < alone to go back)" in lines


# -- drafts and responses in the user's data folder

# The shipped questionnaire for an invited organisation without subtype (39 screens): scale,
# sector, staff 5, position (skip), consent, roles (the first 3, then 0), one aim, top aim
# (skip), challenges (none), one potential, then nothing more.
SHIPPED_RUN = (
    ENTER + ENTER + "5" + ENTER + ENTER + ENTER
    + DOWN * 3 + ENTER + ENTER * 23
    + SPACE + ENTER + ENTER + ENTER + SPACE + ENTER + ENTER * 4
    + FINISH_MULTILINE * 2
)  # fmt: skip
TO_STAFF_IN_REVIEW = DOWN * 4  # submit, finish later, scale, sector, staff


def invitation_of(campaign: Any, slug: str) -> Path:
    return Path(campaign.root) / "invitations" / f"{slug}.yaml"


def data_home() -> Path:
    import os

    return Path(os.environ["XDG_DATA_HOME"]) / "sscassess"


@pytest.fixture
def drawn() -> Iterator[tuple[Any, io.StringIO]]:
    """Pipe input, and what prompt_toolkit draws on a VT100 terminal (80×24)."""
    from prompt_toolkit.data_structures import Size
    from prompt_toolkit.output.vt100 import Vt100_Output

    screen = io.StringIO()
    output = Vt100_Output(screen, lambda: Size(rows=24, columns=80), term="xterm",
                          enable_cpr=False)  # fmt: skip
    with create_pipe_input() as inp, create_app_session(input=inp, output=output):
        yield inp, screen


def seen_text(screen: io.StringIO) -> str:

    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", screen.getvalue())


def test_a_draft_is_kept_in_the_data_folder_and_found_from_any_folder(
    campaign: Any, pipe: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sscassess.respond import interactive_invitation

    here, elsewhere = tmp_path / "here", tmp_path / "elsewhere"
    here.mkdir()
    elsewhere.mkdir()
    invitation = invitation_of(campaign, "lakeside_water")
    monkeypatch.chdir(here)
    relative = Path("..") / invitation.relative_to(tmp_path)
    pipe.send_text(ENTER + ENTER + CTRL_C)
    with pytest.raises(Stopped) as info:
        interactive_invitation(relative, None, None, False)
    # The resume command works from anywhere: the invitation's absolute path.
    assert as_typed(info.value).endswith(
        f"Resume with:\n  sscassess answer --invitation {invitation}"
    )
    inv = campaign.find_invitation("lakeside_water")
    draft = data_home() / "drafts" / campaign.id / f"{inv.invitation_id}.json"
    assert json.loads(draft.read_text())["answered"] == 2
    assert list(here.iterdir()) == []  # nothing in the folder the wizard was started from
    monkeypatch.chdir(elsewhere)
    pipe.send_text(CTRL_C)
    out = io.StringIO()
    monkeypatch.setattr("sys.stdout", out)
    with pytest.raises(Stopped) as again:
        interactive_invitation(invitation, None, None, False)
    assert "Resuming your saved answers (2 given)." in out.getvalue()
    assert str(again.value).startswith("stopped at question 3 of 39")


def test_a_draft_left_by_an_earlier_version_is_moved_to_the_data_folder(
    campaign: Any, pipe: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sscassess.respond import interactive_invitation

    invitation = invitation_of(campaign, "lakeside_water")
    monkeypatch.chdir(tmp_path)
    pipe.send_text(ENTER + ENTER + CTRL_C)
    with pytest.raises(Stopped):
        interactive_invitation(invitation, None, None, False)
    inv = campaign.find_invitation("lakeside_water")
    draft = data_home() / "drafts" / campaign.id / f"{inv.invitation_id}.json"
    old = tmp_path / "lakeside_water.draft.json"  # where sscassess kept it before
    draft.replace(old)
    pipe.send_text(CTRL_C)
    out = io.StringIO()
    monkeypatch.setattr("sys.stdout", out)
    with pytest.raises(Stopped) as info:
        interactive_invitation(invitation, None, None, False)
    assert str(info.value).startswith("stopped at question 3 of 39")  # picked up
    assert not old.exists() and json.loads(draft.read_text())["answered"] == 2
    said = " ".join(out.getvalue().split())
    assert f"Your draft was moved from lakeside_water.draft.json to {draft}" in said


def test_answering_again_starts_from_the_answers_submitted_as_the_next_revision(
    campaign: Any, pipe: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sscassess.respond import interactive_invitation

    invitation = invitation_of(campaign, "lakeside_water")
    monkeypatch.chdir(tmp_path)
    pipe.send_text(SHIPPED_RUN + ENTER)
    first = interactive_invitation(invitation, None, "fr", False)
    assert first.revision == 1
    (tmp_path / "lakeside_water.response.json").unlink()  # sent; answering again elsewhere
    kept = json.loads(next((data_home() / "responses" / campaign.id).glob("*.json")).read_text())
    assert (kept["revision"], kept["answers"]["ssc_staff"]) == (1, 5)
    # Straight to the review, every answer given: change the staff, then submit.
    pipe.send_text(TO_STAFF_IN_REVIEW + ENTER + "\x7f" + "1 000" + ENTER + ENTER)
    out = io.StringIO()
    monkeypatch.setattr("sys.stdout", out)
    second = interactive_invitation(invitation, None, "fr", False)
    assert second.revision == 2  # was 1 again, blank
    said = " ".join(out.getvalue().split())
    day = kept["submitted_at"][:10]
    from sscassess.wizard.wording import long_date

    assert (
        f"Vous avez envoyé la révision 1 le {long_date(day, 'fr')}. Ce sera la révision 2, "
        "à partir de vos réponses." in said
    )
    assert "[1/39]" not in said  # nothing asked again
    assert (
        f"Révision 2, à partir de la révision 1 du {long_date(day, 'fr')} : 1 réponse "
        "modifiée, marquée *." in said
    )
    response = json.loads((tmp_path / "lakeside_water.response.json").read_text())
    assert (response["revision"], response["answers"]["ssc_staff"]) == (2, 1000)
    assert response["answers"]["roles"]["city_leadership"] == 3  # the rest carried over
    assert campaign.import_file(tmp_path / "lakeside_water.response.json").revision == 1


def test_an_answers_file_run_counts_on_from_the_kept_response(
    campaign: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import yaml

    from conftest import valid_answers
    from sscassess.respond import answer_with_invitation

    src = tmp_path / "a.yaml"
    src.write_text(yaml.safe_dump(valid_answers()), encoding="utf-8")
    invitation = invitation_of(campaign, "lakeside_water")
    for folder, revision in (("one", 1), ("two", 2)):
        (tmp_path / folder).mkdir()
        monkeypatch.chdir(tmp_path / folder)
        assert answer_with_invitation(invitation, src, None, keep=True).revision == revision
    # The library keeps nothing unless asked (the demo and scripts write many files).
    (tmp_path / "three").mkdir()
    monkeypatch.chdir(tmp_path / "three")
    assert answer_with_invitation(invitation, src, None).revision == 1


# -- workshop mode


def _submit(campaign: Any, slug: str, tmp_path: Path) -> None:
    import yaml

    from conftest import valid_answers
    from sscassess.respond import answer_in_campaign

    src = tmp_path / f"{slug}.yaml"
    src.write_text(yaml.safe_dump(valid_answers()), encoding="utf-8")
    answer_in_campaign(campaign.root, src, slug)


def test_workshop_list_shows_each_organisations_state(
    campaign: Any, drawn: tuple[Any, io.StringIO], tmp_path: Path
) -> None:
    from sscassess.respond import interactive_campaign

    pipe, screen = drawn
    _submit(campaign, "lakeside_water", tmp_path)
    inv = campaign.find_invitation("city_of_lakeside")
    campaign.store.save_draft(inv.invitation_id, {"scale": "local"}, 3, 39)
    pipe.send_text(CTRL_C)
    with pytest.raises(Stopped):
        interactive_campaign(campaign.root, None, "en", False)
    text = " ".join(seen_text(screen).split())  # long choices wrap
    assert "Lakeside Water · submitted rev 1 · Utility providers" in text
    assert "City of Lakeside · draft 3/39 · Municipalities, city council and" in text
    assert "Lakeside University · invited" in text
    assert "utility_provider" not in text  # names on screens, never ids


def test_workshop_asks_before_answering_a_submitted_organisation_again(
    campaign: Any, pipe: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sscassess.respond import interactive_campaign

    _submit(campaign, "lakeside_water", tmp_path)
    out = io.StringIO()
    monkeypatch.setattr("sys.stdout", out)
    monkeypatch.setenv("TERM", "xterm")  # a terminal that clears (TERM=dumb gets a rule)
    keys = (
        DOWN + DOWN + ENTER  # (City of Lakeside, Lakeside University) Lakeside Water
        + DOWN + ENTER  # submitted: "Choose another organisation"; the list points at the next
        + UP + UP + ENTER  # (wrapping round "finish") Lakeside Water after all
        + ENTER  # "Answer again: revision 2": the review, every answer given
        + TO_STAFF_IN_REVIEW + ENTER + "7" + ENTER + ENTER  # staff 7, submit
        + ENTER  # the list offers the next organisation: City of Lakeside
        + CTRL_C
    )  # fmt: skip
    pipe.send_text(keys)
    with pytest.raises(Stopped) as info:
        interactive_campaign(campaign.root, None, "en", False)
    assert f"--campaign {campaign.root} --org city_of_lakeside --lang en" in as_typed(info.value)
    [current] = campaign.store.responses()
    assert (current.revision, current.answers.get("ssc_staff")) == (2, 7)
    said = out.getvalue()
    assert said.count("Lakeside Water submitted revision 1 on") == 2
    # The screen is cleared (scroll-back too) before the next organisation.
    assert "\x1b[H\x1b[2J\x1b[3JLakeside Water: answers stored (revision 2)." in said
    assert "Roughly how many" not in said.split("\x1b[3J")[-1]


def test_workshop_answers_file_for_a_submitted_organisation_needs_new_revision(
    campaign: Any, tmp_path: Path
) -> None:
    from sscassess.core.errors import UsageError
    from sscassess.respond import answer_in_campaign

    _submit(campaign, "lakeside_water", tmp_path)
    src = tmp_path / "lakeside_water.yaml"
    src.write_text(src.read_text().replace("service_efficiency", "inclusion"), encoding="utf-8")
    with pytest.raises(UsageError) as info:
        answer_in_campaign(campaign.root, src, "lakeside_water")
    assert "Lakeside Water submitted revision 1 on " in str(info.value)
    assert "give --new-revision" in as_typed(info.value) and "nothing was stored" in str(info.value)
    assert campaign.store.responses()[0].answers["aims"] == ["service_efficiency"]
    written = answer_in_campaign(campaign.root, src, "lakeside_water", new_revision=True)
    assert written.revision == 2


# -- one key per role


def test_a_digit_answers_a_rating_at_once_and_roles_are_counted(
    q: Questionnaire, pipe: Any
) -> None:
    keys = FULL_RUN.replace(DOWN + DOWN + ENTER + ENTER, "2" + "0", 1)  # roles: lead 2, data 0
    answers, out = run(q, pipe, keys)
    assert answers == FULL_ANSWERS
    lines = out.splitlines()
    at = lines.index("[6/10] Work · required · role 1 of 2")
    assert lines[at + 1 : at + 3] == ["Leadership", "  Leads the programme."]  # name, then help
    assert "[7/10] Work · required · role 2 of 2" in lines
    assert "  (type 0–2 to answer, or arrows and Enter)" in out.splitlines()


def test_the_pointer_of_a_role_starts_on_its_earlier_rating(q: Questionnaire, pipe: Any) -> None:
    # Back from the aims to the last role: Enter keeps its rating (2), not the first point.
    keys = TO_AIMS.replace(DOWN + DOWN + ENTER + ENTER, "0" + "2", 1)
    keys += UP + ENTER  # aims: "← back"
    keys += ENTER  # data: the pointer is on 2
    keys += SPACE + ENTER + CTRL_C
    pipe.send_text(keys)
    wiz = Wizard(q, "en", out=io.StringIO())
    with pytest.raises(Stopped):
        wiz.run()
    assert wiz.answers["roles"] == {"lead": 0, "data": 2}


# -- how screens read (issue 13)


def test_the_programmes_acronym_is_spelt_out(q: Questionnaire) -> None:
    en = Wizard(q, "en", out=io.StringIO())
    assert en.spell("City-level SSC leadership") == (
        "City-level smart sustainable city (SSC) leadership"
    )
    assert en.spell("Use of SSC services") == "Use of SSC services"  # spelt out once
    assert en.spell("ITU-T FG-SSC report") == "ITU-T FG-SSC report"  # not the acronym
    fr = Wizard(q, "fr", out=io.StringIO())
    assert fr.spell("Pilotage de la VID ; projets de VID") == (
        "Pilotage de la ville intelligente et durable ; projets de ville intelligente et durable"
    )
    es = Wizard(q, "es", out=io.StringIO())
    assert es.spell("Liderazgo de la CIS") == "Liderazgo de la ciudad inteligente y sostenible"


def test_plain_text_uses_ascii_quotes_without_inner_spaces() -> None:
    from sscassess.wizard.wording import plain_text

    assert plain_text("de « Non impliqué » à «\u202fPilote\u202f» — ← retour ↓ 2") == (
        'de "Non impliqué" à "Pilote" - < retour ... 2'
    )


def test_save_and_finish_later_is_not_an_interruption(q: Questionnaire, pipe: Any) -> None:
    from sscassess.core.errors import ExitCode
    from sscassess.wizard.screens import SavedForLater

    pipe.send_text(FULL_RUN[: -len(ENTER)] + DOWN + ENTER)  # review: "Save and finish later"
    with pytest.raises(SavedForLater) as info:
        Wizard(
            q,
            "en",
            out=io.StringIO(),
            resume_command=Command("answer", options=(Option("lang", "en"),)),
        ).run()
    assert info.value.exit_code == ExitCode.OK
    assert as_typed(info.value) == (
        "your 13 answers are saved.\nResume with:\n  sscassess answer --lang en"
    )


def test_french_never_starts_a_line_with_its_punctuation(
    q: Questionnaire, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "28")  # 27 wide: "…si vide" fits, "…si vide ;" does not
    out = io.StringIO()
    Wizard(q, "fr", out=out).say("Entrée pour passer si vide ; < seul")
    assert out.getvalue() == "Entrée pour passer si\nvide\u00a0; < seul\n"
    plain = io.StringIO()
    Wizard(q, "fr", plain=True, out=plain).say("Entrée pour passer si vide ; < seul")
    assert plain.getvalue() == "Entrée pour passer si\nvide ; < seul\n"
