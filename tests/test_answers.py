"""Answers validation for every question type and condition, and answers files with lines."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sscassess.answers.validate import AnswerProblem, load_answers_file, validate_answers
from sscassess.core.errors import InvalidInputError
from sscassess.questionnaire.load import load_questionnaire
from sscassess.questionnaire.model import Questionnaire

MakeQ = Callable[..., Path]

VALID: dict[str, Any] = {
    "name": "Lakeside Water",
    "category": "city",
    "subtype": "council",
    "named": True,
    "roles": {"lead": 2, "data": 0},
    "aims": ["efficiency"],
}


@pytest.fixture
def q(make_questionnaire: MakeQ) -> Questionnaire:
    return load_questionnaire(make_questionnaire())


def problems(q: Questionnaire, **changes: Any) -> list[str]:
    answers = {**VALID, **changes}
    answers = {k: v for k, v in answers.items() if v is not DROP}
    return [str(p) for p in validate_answers(q, answers)]


DROP = object()


def test_valid_answers_have_no_problem(q: Questionnaire) -> None:
    assert problems(q) == []


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        # text
        ({"name": DROP}, ["name: an answer is required"]),
        ({"name": "   "}, ["name: an answer is required"]),
        ({"name": "x" * 21}, ["name: too long: 21 characters, at most 20 allowed"]),
        ({"name": 12}, ["name: expected text, got 12"]),
        ({"name": "a\x1b[2Jb"}, ["name: contains control characters; use plain text"]),
        ({"name": "a\nb\tc"}, []),
        # single
        (
            {"category": "town"},
            [
                "category: 'town' is not one of the choices (city, people)",
                "subtype: this question is not asked with the other answers given; remove this answer",
            ],
        ),
        (
            {"category": ["city"]},
            [
                "category: expected one choice (text), got a list",
                "subtype: this question is not asked with the other answers given; remove this answer",
            ],
        ),
        (
            {"category": {"other": "town"}},
            [
                "category: this question has no 'other' entry",
                "subtype: this question is not asked with the other answers given; remove this answer",
            ],
        ),
        # dynamic choices (subtypes of the chosen category) and a hidden question
        ({"subtype": "mayor"}, ["subtype: 'mayor' is not one of the choices (council)"]),
        ({"subtype": DROP}, ["subtype: an answer is required"]),
        ({"category": "people", "subtype": DROP}, []),
        (
            {"category": "people"},
            [
                "subtype: this question is not asked with the other answers given; remove this answer"
            ],
        ),
        # number
        ({"size": 12}, []),
        ({"size": 12.0}, []),
        ({"size": 12.5}, ["size: expected a whole number, for example 25"]),
        ({"size": -1}, ["size: must be at least 0"]),
        ({"size": 101}, ["size: must be at most 100"]),
        ({"size": "12"}, []),  # a number written as text is read as the wizard reads it
        ({"size": "1,000"}, ["size: must be at most 100"]),  # a thousand, not 1 (H10)
        (
            {"size": "1.000"},
            ["size: '1.000' is ambiguous: it reads as 1 here, not 1000; type 1 or 1000"],
        ),
        ({"size": "twelve"}, ["size: 'twelve' is not a number; enter a number, for example 25"]),
        ({"size": "1e2"}, ["size: '1e2' is not a number; enter a number, for example 25"]),
        ({"size": True}, ["size: expected a number, got true"]),
        ({"size": float("nan")}, ["size: expected a number, got nan"]),
        # confirm
        ({"named": "yes"}, ["named: expected yes or no (true/false), got 'yes'"]),
        ({"named": 1}, ["named: expected yes or no (true/false), got 1"]),
        # role matrix
        ({"roles": {"lead": 2}}, ["roles: no rating for: data"]),
        ({"roles": {"lead": 3, "data": 0}}, ["roles.lead: expected one of 0–2, got 3"]),
        ({"roles": {"lead": 2.0, "data": 0}}, []),
        ({"roles": {"lead": True, "data": 0}}, ["roles.lead: expected one of 0–2, got true"]),
        ({"roles": {"lead": 1, "data": 0, "mayor": 1}}, ["roles.mayor: unknown role 'mayor'"]),
        ({"roles": [1, 2]}, ["roles: expected a mapping of role id to rating, got a list"]),
        # multi with other
        ({"aims": []}, ["aims: select at least 1"]),
        ({"aims": [{"other": "Tourism"}]}, []),
        ({"aims": ["efficiency", {"other": "Tourism"}]}, ["aims: select at most 1"]),
        (
            {"aims": [{"other": ""}]},
            ["aims: the 'other' entry must be text of 1 to 200 characters"],
        ),
        (
            {"aims": [{"other": "x" * 201}]},
            ["aims: the 'other' entry must be text of 1 to 200 characters"],
        ),
        ({"aims": ["efficiency", "efficiency"]}, ["aims: 'efficiency' is selected twice"]),
        ({"aims": "efficiency"}, ["aims: expected a list of choices, got 'efficiency'"]),
        ({"aims": ["speed"]}, ["aims: 'speed' is not one of the choices (efficiency)"]),
        # scale and conditions: why is asked when mood is 0 or named is false
        ({"mood": 2}, []),
        ({"mood": 5}, ["mood: expected one of 0–2, got 5"]),
        ({"mood": 0}, ["why: an answer is required"]),
        ({"mood": 0, "why": "Because."}, []),
        ({"named": False, "why": "Private."}, []),
        (
            {"why": "Unasked."},
            ["why: this question is not asked with the other answers given; remove this answer"],
        ),
        # not_in and includes
        ({"colour": "blue", "extras": ["a"], "note": "A note."}, []),
        (
            {"colour": "red", "extras": ["a"]},
            ["extras: this question is not asked with the other answers given; remove this answer"],
        ),
        (
            {"extras": ["a"]},
            ["extras: this question is not asked with the other answers given; remove this answer"],
        ),
        (
            {"colour": "blue", "extras": ["b"], "note": "x"},
            ["note: this question is not asked with the other answers given; remove this answer"],
        ),
        ({"colour": "blue", "extras": []}, []),
        # None is no answer; unknown ids are refused
        ({"size": None, "colour": None}, []),
        ({"zzz": 1}, ["zzz: unknown question; remove it or check its spelling"]),
    ],
)
def test_answer_rules(q: Questionnaire, changes: dict[str, Any], expected: list[str]) -> None:
    assert problems(q, **changes) == expected


def test_all_problems_at_once_in_questionnaire_order(q: Questionnaire) -> None:
    assert problems(q, name=DROP, roles={}, aims=[], zzz=1) == [
        "name: an answer is required",
        "roles: no rating for: lead, data",
        "aims: select at least 1",
        "zzz: unknown question; remove it or check its spelling",
    ]


def test_messages_are_translated() -> None:
    problem = AnswerProblem("size", "min", (("n", "0"),))
    assert problem.message("en") == "must be at least 0"
    assert problem.message("fr") == "doit être au moins 0"
    assert problem.message("es") == "debe ser al menos 0"
    assert problem.message("de") == "must be at least 0"


ANSWERS_FILE = """\
questionnaire: tiny-q
organisation:
  name: Lakeside Water
  category: city
  subtype: council
answers:
  named: true
  roles: {lead: 2, data: 0}
  aims: [efficiency]
  mood: 2.0
"""


def test_answers_file_round_trip(make_questionnaire: MakeQ, tmp_path: Path) -> None:
    q = load_questionnaire(make_questionnaire())
    path = tmp_path / "answers.yaml"
    path.write_text(ANSWERS_FILE, encoding="utf-8")
    parsed = load_answers_file(path, q)
    assert parsed.organisation == {
        "name": "Lakeside Water",
        "category": "city",
        "subtype": "council",
    }
    assert parsed.answers == {
        "name": "Lakeside Water", "category": "city", "subtype": "council", "named": True,
        "roles": {"lead": 2, "data": 0}, "aims": ["efficiency"], "mood": 2,
    }  # fmt: skip
    assert isinstance(parsed.answers["mood"], int)


def test_answers_file_problems_name_file_line_and_question(
    make_questionnaire: MakeQ, tmp_path: Path
) -> None:
    q = load_questionnaire(make_questionnaire())
    path = tmp_path / "answers.yaml"
    text = ANSWERS_FILE.replace("category: city", "category: town").replace(
        "{lead: 2, data: 0}", "{lead: 9, data: 0}"
    )
    path.write_text(text + "  colour: green\n  name: Again\n", encoding="utf-8")
    with pytest.raises(InvalidInputError) as info:
        load_answers_file(path, q)
    assert info.value.summary == f"{path} has 5 problems"
    assert [str(p).replace(str(path), "a.yaml") for p in info.value.problems] == [
        "a.yaml:12: answers.name: give 'name' as organisation.name, not under answers",
        "a.yaml:4: organisation.category: question 'category': 'town' is not one of the choices (city, people)",
        "a.yaml:5: organisation.subtype: question 'subtype': this question is not asked with the other answers given; remove this answer",
        "a.yaml:8: answers.roles.lead: question 'roles', role 'lead': expected one of 0–2, got 9",
        "a.yaml:11: answers.colour: question 'colour': 'green' is not one of the choices (red, blue)",
    ]


def test_answers_file_names_its_questionnaire(tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text(
        "questionnaire: ssc-stakeholder-self-assessment@0.1\nanswers: {}\n", encoding="utf-8"
    )
    with pytest.raises(InvalidInputError) as info:
        load_answers_file(path)
    assert str(info.value.problems[0]).startswith(
        f"{path}:1: questionnaire: questionnaire ssc-stakeholder-self-assessment is at version 1.2, not 0.1"
    )


def test_answers_file_for_another_questionnaire(make_questionnaire: MakeQ, tmp_path: Path) -> None:
    q = load_questionnaire(make_questionnaire())
    path = tmp_path / "answers.yaml"
    path.write_text(
        ANSWERS_FILE.replace("questionnaire: tiny-q", "questionnaire: other-q"), encoding="utf-8"
    )
    with pytest.raises(InvalidInputError) as info:
        load_answers_file(path, q)
    assert (
        str(info.value.problems[0])
        == f"{path}:1: questionnaire: this file answers 'other-q', not tiny-q@1"
    )


def test_oversized_answers_file_is_refused(make_questionnaire: MakeQ, tmp_path: Path) -> None:
    q = load_questionnaire(make_questionnaire())
    path = tmp_path / "answers.yaml"
    path.write_text(ANSWERS_FILE + "# " + "x" * (1024 * 1024) + "\n", encoding="utf-8")
    with pytest.raises(InvalidInputError) as info:
        load_answers_file(path, q)
    assert str(info.value).endswith(
        "larger than the 1,024 KiB limit for this kind of file; check that it is the right file"
    )


# ---------------------------------------------------------------------------- numbers (H10)


@pytest.mark.parametrize(
    ("text", "lang", "value"),
    [
        ("1,000", "en", 1000),
        ("12,345,678", "en", 12345678),
        ("1,000.5", "en", 1000.5),
        ("0.125", "en", 0.125),
        ("1 000", "en", 1000),  # spaces group digits in every language
        ("1 000", "fr", 1000),
        ("1\u202f000", "fr", 1000),  # the French group symbol, as Babel writes it
        ("1,5", "fr", 1.5),
        ("2.5", "fr", 2.5),  # one point in French: a decimal point
        ("1.000", "es", 1000),
        ("1.000,5", "es", 1000.5),
        ("1,5", "es", 1.5),
        ("-3", "en", -3),
        (" 42 ", "fr", 42),
    ],
)
def test_numbers_are_read_as_written_in_the_language(text: str, lang: str, value: float) -> None:
    from sscassess.answers.validate import parse_number

    parsed = parse_number(text, lang)
    assert parsed == value and type(parsed) is type(value)


@pytest.mark.parametrize(
    ("text", "lang", "message"),
    [
        ("1.000", "en", "'1.000' is ambiguous: it reads as 1 here, not 1000; type 1 or 1000"),
        ("2.500", "en", "'2.500' is ambiguous: it reads as 2.5 here, not 2500; type 2.5 or 2500"),
        ("1,000", "fr", "« 1,000 » est ambigu : il se lit 1 ici, et non 1000 ; tapez 1 ou 1000"),
        ("1,000", "es", "«1,000» es ambiguo: aquí se lee 1, no 1000; escriba 1 o 1000"),
        ("1,5", "en", "'1,5' is not a well-written number here; did you mean 15 or 1.5?"),
        ("1.000.000", "fr",
         "« 1.000.000 » n'est pas un nombre bien écrit ; vouliez-vous dire 1\u202f000\u202f000 ?"),
        ("1.5", "es", "«1.5» no es un número bien escrito; ¿quería decir 15 o 1,5?"),
        ("nan", "en", "'nan' is not a number; enter a number, for example 25"),
        ("Infinity", "en", "'Infinity' is not a number; enter a number, for example 25"),
        ("1e3", "en", "'1e3' is not a number; enter a number, for example 25"),
        ("1 000,5", "en", "'1 000,5' is not a number; enter a number, for example 25"),
        ("9" * 41, "en", "'" + "9" * 40 + "' is not a number; enter a number, for example 25"),
    ],
)  # fmt: skip
def test_ambiguous_or_odd_numbers_are_refused_showing_what_they_read_as(
    text: str, lang: str, message: str
) -> None:
    from sscassess.answers.validate import NumberTextError, parse_number

    with pytest.raises(NumberTextError) as info:
        parse_number(text, lang)
    problem = AnswerProblem("n", info.value.code, tuple(info.value.params.items()))
    assert problem.message(lang) == message


def test_an_answers_file_number_as_text_is_read_in_the_files_language(
    make_questionnaire: MakeQ, tmp_path: Path
) -> None:
    from sscassess.answers.validate import answers_from_document
    from sscassess.core.yamlio import load_yaml_file

    q = load_questionnaire(make_questionnaire())
    path = tmp_path / "answers.yaml"
    path.write_text(ANSWERS_FILE + '  size: "1.000"\n', encoding="utf-8")  # quoted: text
    with pytest.raises(InvalidInputError, match=r"'1\.000' is ambiguous"):
        answers_from_document(load_yaml_file(path, str(path)), q)  # English by default
    path.write_text(ANSWERS_FILE + "  size: 1,000\n", encoding="utf-8")  # YAML: text
    doc = load_yaml_file(path, str(path))
    with pytest.raises(InvalidInputError) as info:
        answers_from_document(doc, q, lang="fr")
    assert [str(p).replace(str(path), "a.yaml") for p in info.value.problems] == [
        "a.yaml:11: answers.size: question 'size': '1,000' is ambiguous: it reads as 1 here, "
        "not 1000; type 1 or 1000"
    ]
    path.write_text(ANSWERS_FILE + "  size: 1,5\n", encoding="utf-8")
    with pytest.raises(InvalidInputError, match="expected a whole number"):
        answers_from_document(load_yaml_file(path, str(path)), q, lang="fr")
    path.write_text(ANSWERS_FILE + "  size: 1 2\n", encoding="utf-8")
    with pytest.raises(InvalidInputError, match="did you mean 12 ou 1,2"):
        answers_from_document(load_yaml_file(path, str(path)), q, lang="fr")
    path.write_text(ANSWERS_FILE + '  size: " 12 "\n', encoding="utf-8")
    parsed = answers_from_document(load_yaml_file(path, str(path)), q, lang="fr")
    assert parsed.answers["size"] == 12 and isinstance(parsed.answers["size"], int)


# ---------------------------------------------------------------------------- between questions


def test_the_top_aim_must_be_among_the_aims_selected() -> None:
    q = load_questionnaire()  # the shipped questionnaire: top_aim maps to priority_aim
    answers = {
        "organisation_name": "Lakeside Water", "category": "utility_provider",
        "scale": "local", "sector": "public", "consent_named": True,
        "roles": {i.value: 0 for i in q.question("roles").items},
        "aims": ["service_efficiency", {"other": "Tourism"}], "potential": ["data"],
    }  # fmt: skip
    assert validate_answers(q, {**answers, "top_aim": "service_efficiency"}) == []
    found = validate_answers(q, {**answers, "top_aim": "inclusion"})
    assert [str(p) for p in found] == [
        "top_aim: the top aim must be one of the aims selected (service_efficiency)"
    ]
    assert found[0].message("fr") == (
        "l'objectif principal doit faire partie des objectifs sélectionnés (service_efficiency)"
    )
