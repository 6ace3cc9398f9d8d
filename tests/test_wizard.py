"""The wizard driven through prompt_toolkit pipe input: real questionary prompts, no mocks."""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from sscassess.questionnaire import Questionnaire, load_questionnaire
from sscassess.wizard import DraftFile, Stopped, Wizard, visible_screens

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
    + ENTER  # mood: 0, which asks why
    + "Because." + FINISH_MULTILINE  # why (a long text: multi-line)
    + DOWN + ENTER  # colour: blue, which asks extras
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
        + DOWN + DOWN + DOWN + ENTER  # mood: skip
        + "Private." + FINISH_MULTILINE  # why
        + DOWN + DOWN + ENTER  # colour: skip
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
        Wizard(q, "en", out=io.StringIO(), resume_command="sscassess X").run()
    assert str(info.value) == (
        "stopped at question 2 of 9;\nyour 1 answer(s) are saved.\nResume with:\n  sscassess X"
    )


def test_ctrl_c_keeps_the_draft_and_resume_starts_at_the_next_question(
    q: Questionnaire, pipe: Any, tmp_path: Path
) -> None:
    draft = DraftFile(tmp_path / "d.draft.json", q, None)
    pipe.send_text("Acme" + ENTER + CTRL_C)
    with pytest.raises(Stopped) as info:
        Wizard(q, "en", out=io.StringIO(), save=draft.save, resume_command="sscassess X").run()
    assert str(info.value) == (
        "stopped at question 2 of 9; your 1 answer(s) are saved.\nResume with:\n  sscassess X"
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
    assert str(info.value).endswith(
        f"Resume with:\n  sscassess answer --campaign {campaign.root} --org lakeside_water"
    )
    status = {row["slug"]: row for row in campaign.status()["organisations"]}
    assert status["lakeside_water"]["draft"] == "5/39"
    assert status["lakeside_water"]["submitted"] is None
    # Resuming reads the draft back from the store.
    pipe.send_text(CTRL_C)
    with pytest.raises(Stopped) as again:
        interactive_campaign(campaign.root, "lakeside_water", None, False)
    assert str(again.value).startswith("stopped at question 6 of 39; your 5 answer(s) are saved.")


# The keys up to the aims screen (a checkbox: efficiency, Other…, ──, ← back) of FULL_RUN.
TO_AIMS = FULL_RUN[: FULL_RUN.index(SPACE + ENTER)]
AFTER_AIMS = FULL_RUN[len(TO_AIMS) + len(SPACE + ENTER) :]


@pytest.mark.parametrize("key", [ENTER, SPACE], ids=["enter", "space"])
def test_enter_or_space_on_back_in_a_checkbox_goes_back(
    q: Questionnaire, pipe: Any, key: str
) -> None:
    keys = (
        TO_AIMS
        + SPACE + UP + key  # tick efficiency, then "← back" (above the first entry)
        + ENTER  # roles, data: 0 again
        + SPACE + ENTER  # aims: efficiency was not kept; tick it
        + AFTER_AIMS
    )  # fmt: skip
    answers, out = run(q, pipe, keys)
    assert answers == FULL_ANSWERS
    assert out.count("[8/") == 2  # the aims screen, twice
    assert out.count("[7/") == 2  # the role before it, twice


def test_select_all_in_a_checkbox_does_not_go_back(q: Questionnaire, pipe: Any) -> None:
    # "a" ticks every entry, "← back" included: that is no request to go back.
    keys = (
        TO_AIMS
        + "a"  # efficiency, Other… and ← back ticked
        + SPACE + ENTER  # untick efficiency (at most one aim), submit
        + "Tourism" + ENTER  # the "Other…" text
    )  # fmt: skip
    pipe.send_text(keys + CTRL_C)
    out = io.StringIO()
    wiz = Wizard(q, "en", out=out)
    with pytest.raises(Stopped):
        wiz.run()
    assert wiz.answers["aims"] == [{"other": "Tourism"}]
    assert out.getvalue().count("[8/") == 1


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
        Wizard(q, "fr", out=io.StringIO(), resume_command="sscassess X").run()
    assert str(info.value) == (
        "arrêt à la vérification ; vos 13 réponse(s) sont enregistrées.\n"
        "Pour reprendre :\n  sscassess X"
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
    assert str(info.value).splitlines()[1:] == [
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
    from sscassess.wizard import review_line

    assert review_line("  ", label, answer, 70) == line
    assert len(line) <= 70


def test_review_lines_in_french_space_the_colon() -> None:
    from sscassess.wizard import review_line

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
    assert str(info.value).endswith(
        f"sscassess answer --campaign {campaign.root} --org lakeside_university"
    )
