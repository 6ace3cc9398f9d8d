"""The JSON Schema of an answers file and the answers validator agree (hypothesis)."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from sscassess.answers.validate import answers_from_document
from sscassess.core.errors import InvalidInputError
from sscassess.core.yamlio import YamlDocument
from sscassess.questionnaire.load import load_questionnaire
from sscassess.questionnaire.model import Question, Questionnaire, organisation_questions
from sscassess.questionnaire.view import answers_schema

JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-2, 6),
    st.floats(-2, 6, allow_nan=False),
    st.text(max_size=4),
    st.just("\ud800"),
    st.just({"other": "x"}),
    st.lists(st.integers(0, 3), max_size=2),
)


def choice_values(q: Questionnaire, question: Question) -> list[str]:
    if question.choices_from == "subtypes":
        return sorted({c.value for subs in q.subtypes.values() for c in subs})
    return [c.value for c in question.choices]


def other_entry() -> st.SearchStrategy[dict[str, Any]]:
    return st.builds(
        lambda t: {"other": t}, st.one_of(st.text(max_size=6), st.just("x" * 201), st.just(" "))
    )


def value_strategy(q: Questionnaire, question: Question) -> st.SearchStrategy[Any]:
    t = question.type
    if t == "single":
        good: st.SearchStrategy[Any] = st.sampled_from(choice_values(q, question) or ["none"])
        if question.other:
            good = st.one_of(good, other_entry())
    elif t == "multi":
        item: st.SearchStrategy[Any] = st.sampled_from([*choice_values(q, question), "zz"])
        if question.other:
            item = st.one_of(item, other_entry())
        good = st.lists(item, max_size=4)
    elif t == "scale":
        good = st.one_of(
            st.sampled_from(question.scale_values), st.just(float(question.scale_values[0]))
        )
    elif t == "text":
        n = question.max_length
        good = st.one_of(
            st.text(st.characters(codec="utf-8", categories=["L", "N", "Zs"]), max_size=8),
            st.text(max_size=6),
            st.just("x" * n),
            st.just("x" * (n + 1)),
            st.just("line\nnext\ttab"),
        )
    elif t == "number":
        good = st.one_of(st.integers(-5, 120), st.floats(-5, 120, allow_nan=False))
    elif t == "confirm":
        good = st.booleans()
    else:
        rating = st.one_of(
            st.sampled_from(question.scale_values), st.integers(-1, 6), st.booleans()
        )
        keys = [i.value for i in question.items]
        full = st.fixed_dictionaries({k: rating for k in keys})
        partial = st.dictionaries(st.sampled_from([*keys, "zz"]), rating, max_size=3)
        good = st.one_of(full, full, partial)
    return good


def valid_value(
    q: Questionnaire, question: Question, earlier: dict[str, Any]
) -> st.SearchStrategy[Any]:
    """A value the validator should accept, given the earlier answers."""
    t = question.type
    if t in ("single", "multi"):
        values = [c.value for c in q.choices_for(question, earlier)]
        if t == "single":
            return st.sampled_from(values) if values else st.nothing()
        v = question.validation
        lo = v.min_selected if v.min_selected is not None else (1 if question.required else 0)
        hi = min(v.max_selected or len(values), len(values))
        return st.lists(st.sampled_from(values), min_size=lo, max_size=hi, unique=True)
    if t == "scale":
        return st.sampled_from(question.scale_values)
    if t == "text":
        return st.text(st.characters(codec="utf-8", categories=["L", "N"]), min_size=1, max_size=12)
    if t == "number":
        v = question.validation
        lo, hi = int(v.min if v.min is not None else -100), int(v.max if v.max is not None else 100)
        return st.integers(lo, hi)
    if t == "confirm":
        return st.booleans()
    return st.fixed_dictionaries(
        {i.value: st.sampled_from(question.scale_values) for i in question.items}
    )


@st.composite
def answers_documents(draw: st.DrawFn, q: Questionnaire) -> dict[str, Any]:
    """Mostly valid documents with zero to two questions perturbed (or an unknown key)."""
    org_fields = {question.id: key for key, question in organisation_questions(q).items()}
    ids = [question.id for question in q.questions]
    perturbed = set(draw(st.lists(st.sampled_from(ids), max_size=2)))
    doc: dict[str, Any] = {"questionnaire": draw(st.sampled_from([q.id, q.ref]))}
    organisation: dict[str, Any] = {}
    answers: dict[str, Any] = {}
    earlier: dict[str, Any] = {}
    for question in q.questions:
        if question.id in perturbed:
            kind = draw(st.integers(0, 3))
            if kind == 0:
                continue  # omitted
            value = draw(JUNK if kind == 1 else value_strategy(q, question))
        elif not q.is_visible(question, earlier) or (not question.required and draw(st.booleans())):
            continue
        else:
            strategy = valid_value(q, question, earlier)
            if strategy.is_empty:
                continue
            value = draw(strategy)
        earlier[question.id] = value
        if question.id in org_fields:
            organisation[org_fields[question.id]] = value
        else:
            answers[question.id] = value
    if draw(st.integers(0, 19)) == 0:
        answers["unknown_question"] = 1
    doc["organisation"] = organisation
    doc["answers"] = answers
    return doc


_VALIDATORS: dict[str, Draft202012Validator] = {}


def beyond_the_schema(q: Questionnaire, doc: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    """What a JSON Schema cannot say, applied as the validator does: numbers written as text
    (read with parse_number: the schema sees the number) and the rules between answers (the
    top aim among the aims). Returns the document the schema judges and whether those rules
    hold."""
    from sscassess.answers.validate import AMONG_RULES, NumberTextError, parse_number

    seen = {**doc.get("organisation", {}), **doc.get("answers", {})}
    answers = dict(doc.get("answers", {}))
    for question in q.questions:
        value = answers.get(question.id)
        if question.type == "number" and isinstance(value, str):
            # Unreadable, it stays text: the schema refuses it, as the validator does.
            with contextlib.suppress(NumberTextError):
                answers[question.id] = parse_number(value, q.default_language)
    holds = True
    for meaning, among in AMONG_RULES.items():
        one, many = q.by_mapping(meaning), q.by_mapping(among)
        if one is None or many is None:
            continue
        value, values = seen.get(one.id), seen.get(many.id)
        if isinstance(value, str) and isinstance(values, list) and value not in values:
            holds = False
    return {**doc, "answers": answers}, holds


def check_agreement(q: Questionnaire, doc: dict[str, Any]) -> bool:
    key = q.sha256 + q.reference.sha256
    if key not in _VALIDATORS:
        _VALIDATORS[key] = Draft202012Validator(answers_schema(q))
    judged, rules_hold = beyond_the_schema(q, doc)
    schema_ok = _VALIDATORS[key].is_valid(judged) and rules_hold
    try:
        answers_from_document(YamlDocument(doc, "generated.yaml"), q)
        ours_ok, why = True, ""
    except InvalidInputError as exc:
        ours_ok, why = False, str(exc)
    assert schema_ok == ours_ok, (
        f"schema={schema_ok} validator={ours_ok} {why}\n{json.dumps(doc, default=str)[:2000]}"
    )
    return ours_ok


SETTINGS = settings(
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@SETTINGS
@given(data=st.data())
def test_schema_and_validator_agree_on_a_small_questionnaire(
    make_questionnaire: Callable[..., Path], data: st.DataObject
) -> None:
    q = load_questionnaire(make_questionnaire())
    event("valid" if check_agreement(q, data.draw(answers_documents(q))) else "invalid")


@pytest.fixture(scope="module")
def shipped() -> Questionnaire:
    return load_questionnaire()


@SETTINGS
@given(data=st.data())
def test_schema_and_validator_agree_on_the_shipped_questionnaire(
    shipped: Questionnaire, data: st.DataObject
) -> None:
    event("valid" if check_agreement(shipped, data.draw(answers_documents(shipped))) else "invalid")


def test_schema_accepts_a_complete_valid_file(shipped: Questionnaire) -> None:
    doc = {
        "questionnaire": "ssc-stakeholder-self-assessment@1.2",
        "organisation": {
            "name": "Lakeside Water",
            "category": "utility_provider",
            "scale": "local",
            "sector": "public",
        },
        "answers": {
            "consent_named": True,
            "roles": {r.id: 0 for r in shipped.reference.roles} | {"infrastructure": 4},
            "aims": ["service_efficiency", {"other": "Leak reduction"}],
            "potential": ["infrastructure", "data"],
            "planned_contribution": "Smart metering pilot in two districts.",
        },
    }
    assert Draft202012Validator(answers_schema(shipped)).is_valid(doc)
    answers_from_document(YamlDocument(doc, "ok.yaml"), shipped)
    Draft202012Validator.check_schema(answers_schema(shipped))
