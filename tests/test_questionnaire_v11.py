"""Questionnaire 1.1: the ``answered`` condition, pledge_roles and consent_quote end to end."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import MINIMAL_QUESTIONNAIRE
from sscassess.analysis.analyse import analyse
from sscassess.answers.validate import validate_answers
from sscassess.campaign.store import StoredResponse
from sscassess.questionnaire.load import check_questionnaire, load_questionnaire
from sscassess.questionnaire.model import Questionnaire, evaluate, has_answer
from sscassess.questionnaire.view import answers_schema, printable

MakeQ = Callable[..., Path]

# ``note`` (optional text) is followed by a question shown only once it is answered, and one
# shown only while it is not.
ANSWERED_QUESTIONNAIRE = MINIMAL_QUESTIONNAIRE + (
    "      - {id: more, type: confirm, required: false, label: More?,"
    " when: {question: note, answered: true}}\n"
    "      - {id: why_not, type: text, required: false, label: Why not?,"
    " when: {question: note, answered: false}}\n"
)


def errors(path: Path) -> list[str]:
    return [str(p).replace(str(path), "q.yaml") for p in check_questionnaire(path).errors]


# ---------------------------------------------------------------------------- the `answered` op


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, False), ("", False), ("  \n", False), ([], False), ({}, False),
     ("x", True), (["a"], True), ({"lead": 0}, True), (0, True), (False, True)],
)  # fmt: skip
def test_has_answer(value: Any, expected: bool) -> None:
    assert has_answer(value) is expected


def test_answered_condition_is_parsed_and_evaluated(make_questionnaire: MakeQ) -> None:
    result = check_questionnaire(make_questionnaire(ANSWERED_QUESTIONNAIRE))
    assert (result.errors, result.warnings) == ([], [])
    q = result.questionnaire
    assert q is not None
    more, why_not = q.question("more"), q.question("why_not")
    assert more.when is not None and why_not.when is not None
    assert evaluate(more.when, {"note": "hi"})
    assert not evaluate(more.when, {"note": None})
    assert not evaluate(more.when, {"note": "  "})
    assert not evaluate(more.when, {})
    assert evaluate(why_not.when, {}) and evaluate(why_not.when, {"note": None})
    assert not evaluate(why_not.when, {"note": "hi"})


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        ("{question: note, answered: yes please}",
         "q.yaml:31: sections[1].questions[7].when.answered: 'answered' takes true or false"),
        ("{question: note, answered: 1}",
         "q.yaml:31: sections[1].questions[7].when.answered: 'answered' takes true or false"),
        ("{question: name, answered: true}",
         "q.yaml:31: sections[1].questions[7].when.answered: 'name' is required and always "
         "asked: 'answered' would never change"),
        ("{question: note, answered: true, equals: x}",
         "q.yaml:31: sections[1].questions[7].when: a condition is {question: ID, "
         "equals|in|not_in|includes|answered: ...} (exactly one operator) or {all|any: [...]}"),
        ("{question: nowhere, answered: true}",
         "q.yaml:31: sections[1].questions[7].when.question: refers to question 'nowhere' "
         "which does not exist"),
        ("{question: later, answered: true}",
         "q.yaml:31: sections[1].questions[7].when.question: refers to question 'later' "
         "which comes later"),
    ],
)  # fmt: skip
def test_answered_misuse_is_reported_with_file_and_line(
    make_questionnaire: MakeQ, when: str, expected: str
) -> None:
    text = MINIMAL_QUESTIONNAIRE + (
        f"      - {{id: more, type: confirm, required: false, label: More?, when: {when}}}\n"
        "      - {id: later, type: text, required: false, label: Later}\n"
    )
    assert errors(make_questionnaire(text)) == [expected]


def test_a_conditional_required_question_may_be_tested_for_an_answer(
    make_questionnaire: MakeQ,
) -> None:
    # `why` is required but shown only under a condition: whether it was answered can change.
    text = MINIMAL_QUESTIONNAIRE + (
        "      - {id: more, type: confirm, required: false, label: More?,"
        " when: {question: why, answered: true}}\n"
    )
    assert errors(make_questionnaire(text)) == []


def test_answers_to_a_question_hidden_by_answered_are_refused(make_questionnaire: MakeQ) -> None:
    q = load_questionnaire(make_questionnaire(ANSWERED_QUESTIONNAIRE))
    base = {"name": "A", "category": "people", "named": True, "roles": {"lead": 0, "data": 0},
            "aims": ["efficiency"], "colour": "blue", "extras": ["a"]}  # fmt: skip
    assert [p.code for p in validate_answers(q, {**base, "note": "n", "more": True})] == []
    assert [p.code for p in validate_answers(q, {**base, "why_not": "busy"})] == []
    hidden = validate_answers(q, {**base, "more": True, "note": None})
    assert [(p.question, p.code) for p in hidden] == [("more", "hidden")]
    hidden = validate_answers(q, {**base, "note": "n", "why_not": "busy"})
    assert [(p.question, p.code) for p in hidden] == [("why_not", "hidden")]


def test_the_wizard_asks_a_question_only_once_its_condition_is_answered(
    make_questionnaire: MakeQ,
) -> None:
    from sscassess.wizard.screens import visible_screens

    q = load_questionnaire(make_questionnaire(ANSWERED_QUESTIONNAIRE))
    before = {"extras": ["a"], "note": None}
    asked = [s.question.id for s in visible_screens(q, before, {})]
    assert "more" not in asked and "why_not" in asked
    asked = [s.question.id for s in visible_screens(q, {"extras": ["a"], "note": "n"}, {})]
    assert "more" in asked and "why_not" not in asked


def test_the_json_schema_and_the_paper_form_know_answered(make_questionnaire: MakeQ) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    q = load_questionnaire(make_questionnaire(ANSWERED_QUESTIONNAIRE))
    schema = answers_schema(q)
    base = {"named": True, "roles": {"lead": 0, "data": 0}, "aims": ["efficiency"],
            "colour": "blue", "extras": ["a"]}  # fmt: skip

    def valid(answers: dict[str, Any]) -> bool:
        doc = {"questionnaire": q.id, "organisation": {"name": "A", "category": "people"},
               "answers": answers}  # fmt: skip
        return jsonschema.Draft202012Validator(schema).is_valid(doc)

    assert valid({**base, "note": "n", "more": True})
    assert not valid({**base, "more": True})
    assert not valid({**base, "note": "n", "why_not": "busy"})
    assert valid({**base, "why_not": "busy"})
    form = printable(q, "en")
    assert "Note” is answered" in form and "Note” is not answered" in form


# ---------------------------------------------------------------------------- shipped 1.1


@pytest.fixture(scope="module")
def shipped() -> Questionnaire:
    return load_questionnaire("ssc-stakeholder-self-assessment")


def test_version_1_1_adds_two_optional_questions_in_place(shipped: Questionnaire) -> None:
    assert shipped.version == "1.2"  # 1.2 changed only pack texts: the questions of 1.1 stay
    ids = [x.id for x in shipped.questions]
    assert ids[ids.index("planned_contribution") + 1] == "pledge_roles"
    assert ids[ids.index("comments") + 1] == "consent_quote"
    pledge, quote = shipped.question("pledge_roles"), shipped.question("consent_quote")
    assert (pledge.type, pledge.required, pledge.maps_to) == ("multi", False, "pledge_roles")
    assert [c.value for c in pledge.choices] == [r.id for r in shipped.reference.roles]
    assert (quote.type, quote.required, quote.maps_to) == ("confirm", False, "consent.quote")
    for lang in ("en", "fr", "es"):
        for question in (pledge, quote):
            assert shipped.text(question.label, lang) and shipped.text(question.help, lang)
    assert shipped.text(quote.label, "en") == (
        "May the city's reports quote what you wrote, without your organisation's name?"
    )


@pytest.mark.parametrize(
    ("answers", "pledge_shown", "quote_shown"),
    [({}, False, False), ({"planned_contribution": "Pilot."}, True, True),
     ({"comments": "Thanks."}, False, True), ({"planned_contribution": None}, False, False)],
)  # fmt: skip
def test_new_questions_are_shown_only_after_free_text(
    shipped: Questionnaire, answers: dict[str, Any], pledge_shown: bool, quote_shown: bool
) -> None:
    assert shipped.is_visible(shipped.question("pledge_roles"), answers) is pledge_shown
    assert shipped.is_visible(shipped.question("consent_quote"), answers) is quote_shown


def test_version_1_0_stays_loadable_without_the_new_questions() -> None:
    old = load_questionnaire("ssc-stakeholder-self-assessment@1.0")
    assert old.version == "1.0"
    assert old.sha256.startswith("e8661cc24ccc23b4")
    ids = {x.id for x in old.questions}
    assert not ids & {"pledge_roles", "consent_quote"}


def full_answers(shipped: Questionnaire, name: str, category: str, **extra: Any) -> dict[str, Any]:
    """A valid answer to the shipped questionnaire: every role 0 unless given."""
    roles = {r.id: 0 for r in shipped.reference.roles}
    roles.update(extra.pop("roles", {}))
    answers = {
        "organisation_name": name, "category": category, "scale": "local",
        "sector": "public", "consent_named": True, "roles": roles,
        "aims": [shipped.reference.aims[0].id], "potential": [shipped.reference.potential[0].id],
        **extra,
    }  # fmt: skip
    if shipped.subtypes.get(category):
        answers["subtype"] = shipped.subtypes[category][0].value
    problems = validate_answers(shipped, answers)
    assert problems == [], problems
    return answers


def stored(shipped: Questionnaire, rid: str, answers: dict[str, Any]) -> StoredResponse:
    return StoredResponse(
        response_id=rid,
        invitation_id=rid,
        revision=1,
        organisation=answers["organisation_name"],
        category=answers["category"],
        subtype=None,
        answers=answers,
        content_sha256=f"{rid:0<64}",
        questionnaire_sha256=shipped.sha256,
        verified=True,
        source="signed-file",
        submitted_at="2026-05-01T10:00:00Z",
        imported_at="2026-05-01T10:00:00Z",
    )


def test_an_answer_to_consent_quote_without_free_text_is_refused(shipped: Questionnaire) -> None:
    with pytest.raises(AssertionError):
        full_answers(shipped, "A", "utility_provider", consent_quote=True)
    with pytest.raises(AssertionError):
        full_answers(shipped, "A", "utility_provider", pledge_roles=["research"])


def test_anonymous_analysis_quotes_only_consenting_free_text_of_large_groups(
    shipped: Questionnaire,
) -> None:
    utilities = [
        full_answers(shipped, "Lakeside Water", "utility_provider", consent_quote=True,
                     comments="Lakeside Water detects leaks on the main network."),
        full_answers(shipped, "Harbour Pipes", "utility_provider", consent_quote=False,
                     comments="Harbour Pipes keeps its tariffs secret."),
        full_answers(shipped, "Hill Energy", "utility_provider",
                     planned_contribution="Hill Energy installs smart meters."),
    ]  # fmt: skip
    forums = [full_answers(shipped, f"Forum {i}", "ngo") for i in range(3)]
    # The only urban planner: its group is too small alone, so it is quoted only merged.
    lone = full_answers(shipped, "Lone Planners", "urban_planners", consent_quote=True,
                        comments="Lone Planners redraw the harbour district.")  # fmt: skip
    responses = [stored(shipped, f"r{i}", a) for i, a in enumerate([*utilities, *forums, lone])]
    anonymous = analyse(shipped.reference, shipped, responses, privacy="anonymous", min_group=3)
    quotes = anonymous.tables["free_text"].to_dict("records")
    assert quotes == [
        {"category": "other", "question": "comments",
         "text": "[organisation] redraw the harbour district."},
        {"category": "utility_provider", "question": "comments",
         "text": "[organisation] detects leaks on the main network."},
    ]  # fmt: skip
    sizes = anonymous.tables["category_roles"].groupby("category")["organisations"].max()
    assert all(sizes[quote["category"]] >= 3 for quote in quotes)
    shown = " ".join(quote["text"] for quote in quotes)
    for secret in ("Harbour Pipes", "tariffs", "Hill Energy", "smart meters", "Lone", "Lakeside"):
        assert secret not in shown
    # Named outputs quote every organisation that agreed to be named, consent or not.
    named = analyse(shipped.reference, shipped, responses, privacy="named")
    assert len(named.tables["free_text"]) == 4


def test_a_pledge_with_roles_answers_a_gap_as_take_up_pledge(shipped: Questionnaire) -> None:
    pack = shipped.reference
    pledged = "research"
    already = "service_delivery"
    answers = [
        full_answers(shipped, "Lakeside Water", "utility_provider",
                     roles={already: 3, "infrastructure": 4},
                     planned_contribution="A study with the university.",
                     pledge_roles=[pledged, already]),
        full_answers(shipped, "City of Lakeside", "municipality", roles={"city_leadership": 4}),
    ]  # fmt: skip
    responses = [stored(shipped, f"r{i}", a) for i, a in enumerate(answers)]
    result = analyse(pack, shipped, responses)
    actions = result.tables["actions"]
    pledges = actions[actions["kind"] == "take_up_pledge"]
    assert [(r["role"], r["owner"]) for r in pledges.to_dict("records")] == [
        (pledged, "Lakeside Water")
    ]
    assert any(pledged in e for e in pledges.iloc[0]["evidence_ids"])
    # Without pledge_roles the same prose pledges nothing.
    del answers[0]["pledge_roles"]
    plain = analyse(pack, shipped, [stored(shipped, f"r{i}", a) for i, a in enumerate(answers)])
    assert "take_up_pledge" not in set(plain.tables["actions"]["kind"])
