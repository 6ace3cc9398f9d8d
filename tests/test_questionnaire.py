"""Questionnaire checking: every rule with its exact message and line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import MINIMAL_QUESTIONNAIRE
from sscassess.core.errors import InvalidInputError, UsageError
from sscassess.questionnaire.load import check_questionnaire, load_questionnaire
from sscassess.questionnaire.model import evaluate

MakeQ = Callable[..., Path]


def errors(path: Path) -> list[str]:
    result = check_questionnaire(path)
    return [str(p).replace(str(path), "q.yaml") for p in result.errors]


def edited(old: str, new: str, text: str = MINIMAL_QUESTIONNAIRE) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def test_minimal_questionnaire_is_valid(make_questionnaire: MakeQ) -> None:
    result = check_questionnaire(make_questionnaire())
    assert (result.errors, result.warnings) == ([], [])
    q = result.questionnaire
    assert q is not None
    assert [x.id for x in q.questions] == [
        "name", "category", "subtype", "size", "named", "roles", "aims", "mood", "why",
        "colour", "extras", "note",
    ]  # fmt: skip
    roles = q.question("roles")
    assert [i.value for i in roles.items] == ["lead", "data"]
    assert roles.scale_values == (0, 1, 2)
    assert [c.value for c in q.question("category").choices] == ["city", "people"]
    assert [c.value for c in q.choices_for(q.question("subtype"), {"category": "city"})] == [
        "council"
    ]
    assert q.choices_for(q.question("subtype"), {"category": "people"}) == ()


def test_sha256_is_canonical(make_questionnaire: MakeQ) -> None:
    first = check_questionnaire(make_questionnaire()).questionnaire
    second = check_questionnaire(
        make_questionnaire("# comment\n" + MINIMAL_QUESTIONNAIRE)
    ).questionnaire
    third = check_questionnaire(
        make_questionnaire(edited("label: Mood", "label: Feeling"))
    ).questionnaire
    assert first is not None and second is not None and third is not None
    assert first.sha256 == second.sha256 != third.sha256


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "label: Staff,",
            "label: Staff, colour: red,",
            "q.yaml:19: sections[0].questions[3].colour: unknown key 'colour'",
        ),
        (
            "type: confirm",
            "type: yesno",
            "q.yaml:20: sections[0].questions[4].type: 'yesno' is not allowed here; expected 'single', "
            "'multi', 'scale', 'text', 'number', 'confirm' or 'role_matrix'",
        ),
        (
            "choices: {from: aims}",
            "choices: {from: goals}",
            "q.yaml:25: sections[1].questions[1].choices.from: 'goals' is not allowed here; expected "
            "'categories', 'subtypes', 'aims', 'challenges', 'potential', 'constraints' or 'roles'",
        ),
        (
            "- {id: mood, type: scale",
            "- {id: Mood, type: scale",
            "q.yaml:26: sections[1].questions[2].id: 'Mood' is not a valid id: use lowercase letters, "
            "digits and '_', starting with a letter (at most 64 characters)",
        ),
    ],
)
def test_shape_errors(make_questionnaire: MakeQ, old: str, new: str, expected: str) -> None:
    assert errors(make_questionnaire(edited(old, new))) == [expected]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "{id: note, type: text",
            "{id: mood, type: text",
            "q.yaml:30: sections[1].questions[6].id: duplicate question id 'mood' (also at line 26)",
        ),
        (
            "when: {question: category, equals: city}",
            "when: {question: sector, equals: city}",
            "q.yaml:18: sections[0].questions[2].when.question: refers to question 'sector' which does not exist",
        ),
        (
            "when: {question: category, equals: city}",
            "when: {question: roles, includes: lead}",
            "q.yaml:18: sections[0].questions[2].when.question: refers to question 'roles' which comes later",
        ),
        (
            "when: {question: colour, not_in: [red]}",
            "when: {question: extras, not_in: [red]}",
            "q.yaml:29: sections[1].questions[5].when.question: a question cannot depend on itself",
        ),
        (
            "when: {question: category, equals: city}",
            "when: {question: category, equals: town}",
            "q.yaml:18: sections[0].questions[2].when.equals: 'town' is not a possible answer to 'category'",
        ),
        (
            "when: {question: colour, not_in: [red]}",
            "when: {question: colour, not_in: [red, green]}",
            "q.yaml:29: sections[1].questions[5].when.not_in[1]: 'green' is not a possible answer to 'colour'",
        ),
        (
            "{question: mood, in: [0]}",
            "{question: mood, in: [7]}",
            "q.yaml:27: sections[1].questions[3].when.any[0].in[0]: '7' is not a possible answer to 'mood'",
        ),
        (
            "when: {question: extras, includes: a}",
            "when: {question: colour, includes: red}",
            "q.yaml:30: sections[1].questions[6].when.includes: 'includes' applies to multi questions; 'colour' is single",
        ),
        (
            "when: {question: extras, includes: a}",
            "when: {question: extras, equals: a}",
            "q.yaml:30: sections[1].questions[6].when.equals: 'equals' cannot compare a multi answer; use 'includes'",
        ),
        (
            "when: {question: extras, includes: a}",
            "when: {question: extras, includes: a, equals: b}",
            "q.yaml:30: sections[1].questions[6].when: a condition is {question: ID, equals|in|not_in|includes|answered: ...} "
            "(exactly one operator) or {all|any: [...]}",
        ),
        (
            "choices: [{value: red, label: Red}, {value: blue, label: Blue}]",
            "choices: [{value: red, label: Red}, {value: red, label: Blue}]",
            "q.yaml:28: sections[1].questions[4].choices[1].value: duplicate choice 'red' (also at line 28)",
        ),
        (
            "choices: [{value: red, label: Red}, {value: blue, label: Blue}]",
            "choices: []",
            "q.yaml:28: sections[1].questions[4].choices: the choice list is empty",
        ),
        (
            "choices: {from: aims}",
            "choices: {from: aims, exclude: [efficiency]}",
            "q.yaml:25: sections[1].questions[1].choices: the choice list is empty",
        ),
        (
            "choices: {from: aims}",
            "choices: {from: aims, exclude: [speed]}",
            "q.yaml:25: sections[1].questions[1].choices.exclude[0]: unknown aims id 'speed' in pack tiny",
        ),
        (
            "validation: {min: 0, max: 100, integer: true}",
            "validation: {min: 10, max: 1}",
            "q.yaml:19: sections[0].questions[3].validation: min (10) is greater than max (1)",
        ),
        (
            "validation: {max_selected: 1}",
            "validation: {min_selected: 2, max_selected: 1}",
            "q.yaml:25: sections[1].questions[1].validation: min_selected (2) is greater than max_selected (1)",
        ),
        (
            "validation: {max_length: 20}",
            "validation: {max_selected: 20}",
            "q.yaml:16: sections[0].questions[0].validation.max_selected: 'max_selected' does not apply to a 'text' question",
        ),
        (
            "validation: {max_length: 20}",
            "validation: {max_length: 1000000}",
            "q.yaml:16: sections[0].questions[0].validation.max_length: max_length must be between 1 and 10000",
        ),
        (
            "{id: mood, type: scale, scale: involvement,",
            "{id: mood, type: scale, scale: stars,",
            "q.yaml:26: sections[1].questions[2].scale: unknown scale 'stars' (scales: involvement)",
        ),
        (
            "type: confirm, label",
            "type: confirm, other: true, label",
            "q.yaml:20: sections[0].questions[4].other: 'other' applies to single and multi questions only",
        ),
        (
            "{id: colour, type: single, label: Colour, required: false, choices",
            "{id: colour, type: single, label: Colour, required: false, maps_to: collaborations, choices",
            "q.yaml:28: sections[1].questions[4].maps_to: 'collaborations' needs a multi question, not single",
        ),
        (
            "type: single, maps_to: organisation.category,",
            "type: single, maps_to: organisation.kind,",
            "q.yaml:18: sections[0].questions[2].choices: subtype choices need an earlier question with maps_to: organisation.category",
        ),
    ],
)
def test_context_errors(make_questionnaire: MakeQ, old: str, new: str, expected: str) -> None:
    assert errors(make_questionnaire(edited(old, new))) == [expected]


def test_duplicate_meaning(make_questionnaire: MakeQ) -> None:
    path = make_questionnaire(
        edited(
            "{id: colour, type: single, label: Colour, required: false, choices",
            "{id: colour, type: single, label: Colour, required: false, maps_to: aims, choices",
        )
    )
    assert errors(path) == [
        "q.yaml:28: sections[1].questions[4].maps_to: 'aims' is already the meaning of question 'aims'",
        "q.yaml:28: sections[1].questions[4].maps_to: 'aims' needs a multi question, not single",
    ]


def test_every_problem_is_listed_at_once(make_questionnaire: MakeQ) -> None:
    text = edited("validation: {min: 0, max: 100, integer: true}", "validation: {min: 10, max: 1}")
    text = edited(
        "when: {question: category, equals: city}", "when: {question: sector, equals: city}", text
    )
    assert len(errors(make_questionnaire(text))) == 2


def test_missing_translations_are_listed_per_language(make_questionnaire: MakeQ) -> None:
    text = edited("languages: [en]", "languages: [en, fr]")
    text = edited(
        "title: Organisation", "title: {en: Organisation profile, fr: Organisation profile}", text
    )
    text = edited(
        "title: Work", "title: {en: Work, fr: Work}", text
    )  # one word: a cognate, no warning
    result = check_questionnaire(make_questionnaire(text))
    lines = [str(p).split(": ", 1)[1] for p in result.errors]
    assert "title: text has no translation for: fr" in lines
    assert (
        "sections[1].questions[0]: 3 reference text(s) of pack tiny shown here have no 'fr' translation: roles.lead.description, roles.data.name, roles.data.description"
        in lines
    )
    assert (
        "sections[0].questions[1].choices: 4 reference text(s) of pack tiny shown here have no 'fr' translation: categories.city.name, categories.city.description, categories.people.name, categories.people.description"
        in lines
    )
    assert [str(p).split(": ", 1)[1] for p in result.warnings] == [
        "sections[0].title: text is identical to 'en' in: fr"
    ]


def test_undeclared_language(make_questionnaire: MakeQ) -> None:
    path = make_questionnaire(
        edited("title: Organisation", "title: {en: Organisation, de: Organisation}")
    )
    assert errors(path) == [
        "q.yaml:14: sections[0].title.de: language 'de' is not declared in languages"
    ]


def test_yaml_problems_are_reported(make_questionnaire: MakeQ) -> None:
    path = make_questionnaire(MINIMAL_QUESTIONNAIRE + "id: again\n")
    assert errors(path) == ["q.yaml:31: duplicate key 'id' (first defined at line 1)"]


def test_load_raises_with_all_problems(make_questionnaire: MakeQ) -> None:
    path = make_questionnaire(
        edited("validation: {min: 0, max: 100, integer: true}", "validation: {min: 10, max: 1}")
    )
    with pytest.raises(InvalidInputError) as info:
        load_questionnaire(path)
    assert info.value.summary == f"questionnaire {path} is invalid"
    assert [p.line for p in info.value.problems] == [19]


def test_unknown_questionnaire_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError) as info:
        load_questionnaire("no-such-survey")
    assert str(info.value) == (
        "no questionnaire 'no-such-survey': give a shipped questionnaire id "
        "(ssc-stakeholder-self-assessment) or a YAML file"
    )


def test_version_pin_must_match() -> None:
    with pytest.raises(UsageError) as info:
        load_questionnaire("ssc-stakeholder-self-assessment@0.9")
    assert str(info.value).startswith(
        "questionnaire ssc-stakeholder-self-assessment is at version 1.2, not 0.9"
    )


def test_conditions_follow_json_equality(make_questionnaire: MakeQ) -> None:
    q = load_questionnaire(make_questionnaire())
    why = q.question("why")
    assert why.when is not None
    assert evaluate(why.when, {"mood": 0}) is True
    assert evaluate(why.when, {"mood": 0.0}) is True
    assert evaluate(why.when, {"mood": False}) is False  # false is not 0
    assert evaluate(why.when, {"named": False}) is True
    assert evaluate(why.when, {"named": 0}) is False
    assert evaluate(why.when, {}) is False
    note = q.question("note")
    assert note.when is not None
    assert evaluate(note.when, {"extras": ["b", "a"]}) is True
    assert evaluate(note.when, {"extras": "a"}) is False
    extras = q.question("extras")
    assert extras.when is not None
    assert evaluate(extras.when, {"colour": "blue"}) is True
    assert evaluate(extras.when, {"colour": "red"}) is False
    assert evaluate(extras.when, {}) is False  # not_in needs an answer
