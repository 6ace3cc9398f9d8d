"""questionnaire check and show, on the shipped questionnaire and on broken files."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from conftest import MINIMAL_QUESTIONNAIRE
from sscassess.cli.main import main


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str, str]]:
    def _run(*args: str) -> tuple[int, str, str]:
        with pytest.raises(SystemExit) as info:
            main(list(args))
        out = capsys.readouterr()
        return int(info.value.code or 0), out.out, out.err

    return _run


def test_shipped_questionnaire_is_clean_in_three_languages(
    run: Callable[..., tuple[int, str, str]],
) -> None:
    code, out, err = run("questionnaire", "check")
    assert (code, err) == (0, "")
    assert out == (
        "ssc-stakeholder-self-assessment: ok (ssc-stakeholder-self-assessment@1.2, 21 questions, "
        "languages en, fr, es, 0 warnings)\n"
    )


def test_check_lists_problems_and_exits_3(
    run: Callable[..., tuple[int, str, str]], make_questionnaire: Callable[..., Path]
) -> None:
    path = make_questionnaire(
        MINIMAL_QUESTIONNAIRE.replace(
            "validation: {min: 0, max: 100, integer: true}", "validation: {min: 10, max: 1}"
        )
    )
    code, out, err = run("questionnaire", "check", str(path))
    assert code == 3
    assert out == f"{path}: 1 error, 0 warnings\n"
    assert err == (
        f"error: {path}:19: sections[0].questions[3].validation: min (10) is greater than max (1)\n"
        "error: 1 of 1 questionnaire has errors\n"
    )


def test_show_markdown_in_spanish_is_a_printable_form(
    run: Callable[..., tuple[int, str, str]],
) -> None:
    code, out, err = run("questionnaire", "show", "--format", "markdown", "--lang", "es")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].startswith("# ") and "ciudad inteligente" in lines[0].lower()
    assert sum(1 for line in lines if line.startswith("## ")) == 7
    # The role matrix is a table with one row per reference role and the five scale points.
    table = [line for line in lines if line.startswith("| **")]
    assert len(table) == 24
    assert all(line.endswith("| ( ) | ( ) | ( ) | ( ) | ( ) |") for line in table)
    assert "Investigación" in out
    assert "Research" not in out


def test_show_text_fits_80_columns(run: Callable[..., tuple[int, str, str]]) -> None:
    code, out, _ = run("questionnaire", "show", "--lang", "fr")
    assert code == 0
    assert max(len(line) for line in out.splitlines()) <= 80
    assert "Seulement si" in out  # the subtype question's condition, in words


def test_show_json_is_resolved(run: Callable[..., tuple[int, str, str]]) -> None:
    code, out, _ = run("questionnaire", "show", "--format", "json")
    assert code == 0
    data = json.loads(out)
    questions = [q for s in data["sections"] for q in s["questions"]]
    assert [q["id"] for q in questions][:3] == ["organisation_name", "category", "subtype"]
    roles = next(q for q in questions if q["id"] == "roles")
    assert len(roles["items"]) == 24 and [p["value"] for p in roles["scale"]] == [0, 1, 2, 3, 4]
    subtype = next(q for q in questions if q["id"] == "subtype")
    assert [c["value"] for c in subtype["choices_by_category"]["ict_company"]] == [
        "telecom_operator",
        "software_company",
        "startup",
        "other",
    ]
    assert subtype["when"] == {"question": "category", "in": subtype["when"]["in"]}
    assert data["reference"]["id"] == "itu_fg_ssc_2015" and len(data["sha256"]) == 64


def test_show_schema_is_a_valid_json_schema(run: Callable[..., tuple[int, str, str]]) -> None:
    code, out, _ = run("questionnaire", "show", "--format", "schema")
    assert code == 0
    schema = json.loads(out)
    Draft202012Validator.check_schema(schema)
    assert schema["properties"]["questionnaire"] == {
        "enum": ["ssc-stakeholder-self-assessment", "ssc-stakeholder-self-assessment@1.2"]
    }


def test_show_unknown_language(run: Callable[..., tuple[int, str, str]]) -> None:
    assert run("questionnaire", "show", "--lang", "de")[:3:2] == (
        2,
        "error: language 'de' is not in questionnaire ssc-stakeholder-self-assessment; available: en, fr, es\n",
    )
