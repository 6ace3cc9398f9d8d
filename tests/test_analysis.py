"""Gap analysis on a small hand-computed campaign: every table, every status, every mode.

The pack below has three categories and four roles; the expected values in each test were
worked out by hand from the definitions in the README ("Gap analysis").
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import as_typed
from sscassess.analysis.analyse import Analysis, analyse
from sscassess.campaign.store import Invitation, StoredResponse
from sscassess.core.errors import UsageError
from sscassess.questionnaire.load import load_questionnaire
from sscassess.questionnaire.model import Questionnaire

ROLES = """\
roles:
  - {id: lead, code: R01, name: {en: Leadership}, short_name: {en: Lead}, description: {en: Leads.}}
  - {id: data, code: R02, name: {en: Data provision}, short_name: {en: Data}, description: {en: Data.}}
  - {id: plan, code: R03, name: {en: Planning}, short_name: {en: Plan}, description: {en: Plans.}}
  - {id: fund, code: R04, name: {en: Funding}, short_name: {en: Fund}, description: {en: Pays.}}
"""
AIMS = """\
aims:
  - {id: efficiency, code: A1, name: {en: Efficiency}, description: {en: Better services.}, source: "§4.1"}
  - {id: inclusion, code: A2, name: {en: Inclusion}, description: {en: Everyone.}, source: "§4.1"}
"""
CHALLENGES = """\
challenges:
  - {id: budget, code: C1, name: {en: Budget}, description: {en: Money is short.}, source: "§4.1"}
  - {id: silos, code: C2, name: {en: Silos}, description: {en: Nobody talks.}, source: "§4.1"}
"""
_NOT_READ = "{status: not_in_source, note: {en: Not read.}}"
CATEGORIES = f"""\
categories:
  - id: city
    code: MUN
    list_item: a
    name: {{en: City}}
    description: {{en: The city government.}}
    annex:
      scale_sector: {_NOT_READ}
      aims: {{status: report_body, source: "§4.1", items: [efficiency]}}
      challenges: {{status: report_body, source: "§4.1", items: [budget]}}
      potential: {_NOT_READ}
      constraints: {_NOT_READ}
      contribution: {_NOT_READ}
  - id: people
    code: CIT
    list_item: j
    name: {{en: Citizens}}
    description: {{en: Residents.}}
    annex:
      scale_sector: {_NOT_READ}
      aims: {_NOT_READ}
      challenges: {_NOT_READ}
      potential: {_NOT_READ}
      constraints: {_NOT_READ}
      contribution: {_NOT_READ}
  - id: biz
    code: ICT
    list_item: e
    name: {{en: Companies}}
    description: {{en: Firms.}}
    annex:
      scale_sector: {_NOT_READ}
      aims: {_NOT_READ}
      challenges: {_NOT_READ}
      potential: {_NOT_READ}
      constraints: {_NOT_READ}
      contribution: {_NOT_READ}
"""
EXPECTATIONS = """\
expectations:
  city:
    lead: {level: primary, basis: report, source: "§4.1"}
    data: {level: supporting, basis: interpretation, rationale: {en: Cities hold records.}}
    plan: {level: primary, basis: report, source: "§4.1"}
  people:
    data: {level: primary, basis: report, source: "§4.10"}
  biz:
    fund: {level: primary, basis: report, source: "§4.5"}
    data: {level: supporting, basis: report, source: "§4.5"}
"""


def _rec(rid: str, trigger: str) -> str:
    return (
        f"  - id: {rid}\n    group: methodology\n    title: {{en: Title {rid}}}\n"
        f"    text: {{en: Text {rid}.}}\n    concerns: all\n    source: x\n"
        f"    kind: triggered\n    trigger: {trigger}\n"
    )


RECOMMENDATIONS = (
    "recommendations:\n"
    "  - {id: REC-1, group: final_section, title: {en: Analyse}, text: {en: Analyse.}, "
    "concerns: all, source: Step 3, kind: process}\n"
    + _rec("REC-2", "{role_status: {roles: [lead, fund], status: [no_lead]}}")
    + _rec("REC-3", "{role_status: {roles: all, status: [contested]}}")
    + _rec("REC-4", "{owner_missing: {roles: [data, fund]}}")
    + _rec("REC-5", "{category_missing: {categories: all}}")
    + _rec("REC-6", "{category_gap: {categories: [city], roles: [plan]}}")
    + _rec("REC-7", "{aim_unpursued: {aims: [inclusion]}}")
    + _rec("REC-8", "{challenge_reported: {challenges: [budget], min_share: 0.5}}")
    + _rec("REC-10", "{challenge_reported: {challenges: [silos], min_share: 0.5}}")
    + _rec(
        "REC-9",
        "{all: [{role_status: {roles: [plan], status: [uncovered]}}, "
        "{category_missing: {categories: [people]}}]}",
    )
    + _rec(
        "REC-11",
        "{all: [{role_status: {roles: [plan], status: [uncovered]}}, "
        "{category_missing: {categories: [biz]}}]}",
    )
)

QUESTIONNAIRE = """\
id: gap-q
version: "1"
title: Gap survey
reference: pack
languages: [en]
scales:
  - id: involvement
    points:
      - {value: 0, label: Not involved}
      - {value: 1, label: Informed}
      - {value: 2, label: Consulted}
      - {value: 3, label: Contributing}
      - {value: 4, label: Leading}
sections:
  - id: org
    title: Organisation
    questions:
      - {id: name, type: text, maps_to: organisation.name, label: Name}
      - {id: category, type: single, maps_to: organisation.category, label: Category, choices: {from: categories}}
  - id: work
    title: Work
    questions:
      - {id: roles, type: role_matrix, maps_to: roles, label: Involvement}
      - {id: aims, type: multi, maps_to: aims, other: true, label: Aims, choices: {from: aims}}
      - {id: challenges, type: multi, maps_to: challenges, required: false, label: Challenges, choices: {from: challenges}}
      - {id: collaborations, type: multi, maps_to: collaborations, required: false, label: With, choices: {from: categories}}
      - {id: collaboration_needs, type: multi, maps_to: collaboration_needs, required: false, label: Needs, choices: {from: categories}}
      - {id: comments, type: text, maps_to: comments, required: false, label: Comments}
"""


def gap_questionnaire(
    make_questionnaire: Callable[..., Path], text: str = QUESTIONNAIRE
) -> Questionnaire:
    """The gap survey ``text`` on the small pack of this module (roles, aims, categories …)."""
    path = make_questionnaire(
        text,
        roles=ROLES,
        aims=AIMS,
        challenges=CHALLENGES,
        categories=CATEGORIES,
        expectations=EXPECTATIONS,
        recommendations=RECOMMENDATIONS,
    )
    return load_questionnaire(path)


@pytest.fixture
def gap_q(make_questionnaire: Callable[..., Path]) -> Questionnaire:
    return gap_questionnaire(make_questionnaire)


def response(
    q: Questionnaire,
    rid: str,
    name: str,
    category: str,
    roles: tuple[int, int, int, int],
    verified: bool = True,
    **answers: Any,
) -> StoredResponse:
    ratings = dict(zip(("lead", "data", "plan", "fund"), roles, strict=True))
    data = {"name": name, "category": category, "roles": ratings, "aims": [], **answers}
    return StoredResponse(
        response_id=rid,
        invitation_id=rid,
        revision=1,
        organisation=name,
        category=category,
        subtype=None,
        answers=data,
        content_sha256=f"{rid:0<64}",
        questionnaire_sha256=q.sha256,
        verified=verified,
        source="signed-file" if verified else "unverified-file",
        submitted_at="2026-05-01T10:00:00Z",
        imported_at="2026-05-01T10:00:00Z",
    )


def invitation(rid: str, name: str, category: str, revoked: bool = False) -> Invitation:
    return Invitation(
        rid, rid, name, category, None, None, None, "2026-04-01T00:00:00Z",
        "2026-04-02T00:00:00Z" if revoked else None,
    )  # fmt: skip


def the_campaign(q: Questionnaire) -> tuple[list[StoredResponse], list[Invitation]]:
    responses = [
        response(q, "o1", "Town Hall", "city", (4, 1, 1, 0), aims=["efficiency"],
                 challenges=["budget"], collaborations=["people"], collaboration_needs=["biz"],
                 comments="Hello <b>"),
        response(q, "o2", "Second City Office", "city", (4, 3, 2, 0),
                 aims=["efficiency", {"other": "parks"}], challenges=["budget", "silos"],
                 collaboration_needs=["people"]),
        response(q, "o3", "Residents' Forum", "people", (0, 2, 0, 3), verified=False,
                 aims=["inclusion"], collaborations=["city"], collaboration_needs=["biz"]),
    ]  # fmt: skip
    invitations = [
        invitation("o1", "Town Hall", "city"),
        invitation("o2", "Second City Office", "city"),
        invitation("o3", "Residents' Forum", "people"),
        invitation("o4", "Byte Ltd", "biz"),
        invitation("o5", "Gone Ltd", "biz", revoked=True),
    ]
    return responses, invitations


def run(q: Questionnaire, **options: Any) -> Analysis:
    responses, invitations = the_campaign(q)
    drafts = {"o4": (5, 9, "2026-05-02T00:00:00Z")}
    return analyse(q.reference, q, responses, invitations, drafts, **options)


def rows(analysis: Analysis, table: str, *columns: str) -> list[tuple[Any, ...]]:
    frame = analysis.tables[table]
    out = []
    for row in frame[list(columns)].itertuples(index=False, name=None):
        out.append(tuple(_plain(v) for v in row))
    return out


def _plain(value: Any) -> Any:
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if value.__class__.__name__ == "NAType":
        return None
    return value


# ---------------------------------------------------------------------------- named


def test_organisation_roles_gap_surplus_and_status(gap_q: Questionnaire) -> None:
    a = run(gap_q)
    got = rows(a, "organisation_roles", "response_id", "role", "expected_level",
               "expected_involvement", "self_involvement", "gap", "surplus", "status")  # fmt: skip
    assert got == [
        ("o1", "lead", "primary", 3, 4, 0, 1, "fulfils"),
        ("o1", "data", "supporting", 2, 1, 1, 0, "partial"),
        ("o1", "plan", "primary", 3, 1, 2, 0, "gap"),
        ("o1", "fund", "none", 0, 0, 0, 0, "not_expected"),
        ("o2", "lead", "primary", 3, 4, 0, 1, "fulfils"),
        ("o2", "data", "supporting", 2, 3, 0, 1, "fulfils"),
        ("o2", "plan", "primary", 3, 2, 1, 0, "partial"),
        ("o2", "fund", "none", 0, 0, 0, 0, "not_expected"),
        ("o3", "lead", "none", 0, 0, 0, 0, "not_expected"),
        ("o3", "data", "primary", 3, 2, 1, 0, "partial"),
        ("o3", "plan", "none", 0, 0, 0, 0, "not_expected"),
        ("o3", "fund", "none", 0, 3, 0, 3, "beyond_reference"),
    ]
    assert list(a.tables["organisation_roles"]["role_name"].head(4)) == [
        "Leadership", "Data provision", "Planning", "Funding",
    ]  # fmt: skip


def test_role_fit_per_organisation(gap_q: Questionnaire) -> None:
    a = run(gap_q)
    assert rows(a, "role_fit", "organisation", "verified", "expected_roles", "expected_total",
                "gap_total", "role_fit", "fulfils", "partial", "gaps", "beyond_reference",
                "aims_reference", "aims_matched", "aims_recall") == [
        ("Town Hall", True, 3, 8, 3, 0.625, 1, 1, 1, 0, 1, 1, 1.0),
        ("Second City Office", True, 3, 8, 1, 0.875, 2, 1, 0, 0, 1, 1, 1.0),
        ("Residents' Forum", False, 1, 3, 1, 0.6667, 0, 1, 0, 1, 0, 0, None),
    ]  # fmt: skip


def test_role_coverage_reaches_every_status(gap_q: Questionnaire) -> None:
    a = run(gap_q)
    assert rows(a, "role_coverage", "role", "contributors", "leaders", "status",
                "owner_missing", "expected_owners", "primary_owners",
                "contributor_categories", "contributor_organisations",
                "leader_organisations", "mean_involvement") == [
        ("lead", 2, 2, "contested", False, ["city"], ["city"], ["city"],
         ["Second City Office", "Town Hall"], ["Second City Office", "Town Hall"], 2.6667),
        ("data", 1, 0, "no_lead", False, ["city", "people", "biz"], ["people"], ["city"],
         ["Second City Office"], [], 2.0),
        ("plan", 0, 0, "uncovered", True, ["city"], ["city"], [], [], [], 1.0),
        ("fund", 1, 0, "no_lead", True, ["biz"], ["biz"], ["people"], ["Residents' Forum"], [],
         1.0),
    ]  # fmt: skip


def test_covered_status_with_exactly_one_leader(gap_q: Questionnaire) -> None:
    responses, invitations = the_campaign(gap_q)
    a = analyse(gap_q.reference, gap_q, responses[:1], invitations)
    assert rows(a, "role_coverage", "role", "status") == [
        ("lead", "covered"), ("data", "uncovered"), ("plan", "uncovered"), ("fund", "uncovered"),
    ]  # fmt: skip


def test_category_roles_aggregate_several_organisations(gap_q: Questionnaire) -> None:
    a = run(gap_q)
    assert rows(a, "category_roles", "category", "role", "expected_level",
                "expected_involvement", "organisations", "mean_involvement",
                "max_involvement", "contributors", "leaders") == [
        ("city", "lead", "primary", 3, 2, 4.0, 4, 2, 2),
        ("city", "data", "supporting", 2, 2, 2.0, 3, 1, 0),
        ("city", "plan", "primary", 3, 2, 1.5, 2, 0, 0),
        ("city", "fund", "none", 0, 2, 0.0, 0, 0, 0),
        ("people", "lead", "none", 0, 1, 0.0, 0, 0, 0),
        ("people", "data", "primary", 3, 1, 2.0, 2, 0, 0),
        ("people", "plan", "none", 0, 1, 0.0, 0, 0, 0),
        ("people", "fund", "none", 0, 1, 3.0, 3, 1, 0),
    ]  # fmt: skip


def test_participation_counts_invited_submitted_and_drafts(gap_q: Questionnaire) -> None:
    a = run(gap_q)
    assert rows(a, "participation", "category", "category_name", "invited", "submitted",
                "verified", "unverified", "drafts", "response_rate", "has_voice") == [
        ("city", "City", 2, 2, 2, 0, 0, 1.0, True),
        ("people", "Citizens", 1, 1, 0, 1, 0, 1.0, True),
        ("biz", "Companies", 1, 0, 0, 0, 1, 0.0, False),
    ]  # fmt: skip


def test_summary_headline_figures(gap_q: Questionnaire) -> None:
    a = run(gap_q)
    assert dict(rows(a, "summary", "metric", "value")) == {
        "organisations_invited": 4,
        "responses_counted": 3,
        "responses_from_invited": 3,
        "response_rate": 0.75,
        "unverified_responses": 1,
        "unverified_excluded": False,
        "declined_naming": 0,
        "categories_with_voice": 2,
        "categories_without_voice": 1,
        "roles": 4,
        "roles_with_contributors": 3,
        "roles_covered_share": 0.75,
        "roles_covered": 0,
        "roles_no_lead": 2,
        "roles_contested": 1,
        "roles_uncovered": 1,
        "roles_owner_missing": 2,
        "mean_role_fit": 0.7222,
        "organisation_gaps": 1,
        "recommendations_triggered": 7,
    }


def test_triggered_recommendations_with_their_evidence(gap_q: Questionnaire) -> None:
    a = run(gap_q)
    assert rows(a, "recommendations", "recommendation", "title", "conditions",
                "evidence_ids") == [
        ("REC-2", "Title REC-2", ["role_status"], ["role:fund:no_lead"]),
        ("REC-3", "Title REC-3", ["role_status"], ["role:lead:contested"]),
        ("REC-4", "Title REC-4", ["owner_missing"], ["owner_missing:fund"]),
        ("REC-5", "Title REC-5", ["category_missing"], ["category:biz"]),
        ("REC-6", "Title REC-6", ["category_gap"], ["gap:o1:plan", "gap:o2:plan"]),
        ("REC-8", "Title REC-8", ["challenge_reported"], ["challenge:budget"]),
        ("REC-11", "Title REC-11", ["role_status", "category_missing"],
         ["role:plan:uncovered", "category:biz"]),
    ]  # fmt: skip
    evidence = dict(rows(a, "recommendations", "recommendation", "evidence"))
    assert evidence["REC-6"] == ["Town Hall × Plan: gap", "Second City Office × Plan: partial"]
    assert evidence["REC-8"] == ["Budget: 67% of organisations"]
    assert evidence["REC-5"] == ["Companies: no response"]


def test_aims_alignment_for_organisations_and_categories(gap_q: Questionnaire) -> None:
    a = run(gap_q)
    assert rows(a, "aims_alignment", "scope", "group", "item", "in_reference",
                "reference_status", "selected", "organisations", "share", "match") == [
        ("organisation", "Town Hall", "efficiency", True, "report_body", 1, 1, 1.0, "matched"),
        ("organisation", "Second City Office", "efficiency", True, "report_body", 1, 1, 1.0,
         "matched"),
        ("organisation", "Residents' Forum", "inclusion", False, "not_in_source", 1, 1, 1.0,
         "no_reference"),
        ("category", "city", "efficiency", True, "report_body", 2, 2, 1.0, "matched"),
        ("category", "people", "inclusion", False, "not_in_source", 1, 1, 1.0, "no_reference"),
    ]  # fmt: skip
    assert rows(a, "challenges", "scope", "group", "item", "selected", "match") == [
        ("organisation", "Town Hall", "budget", 1, "matched"),
        ("organisation", "Second City Office", "budget", 1, "matched"),
        ("organisation", "Second City Office", "silos", 1, "extra"),
        ("category", "city", "budget", 2, "matched"),
        ("category", "city", "silos", 1, "extra"),
    ]  # fmt: skip


def test_item_frequencies_find_unpursued_aims_and_common_ground(gap_q: Questionnaire) -> None:
    a = run(gap_q)
    freq = a.tables["item_frequencies"]
    got = rows(a, "item_frequencies", "kind", "item", "selected_by", "share", "categories",
               "status")  # fmt: skip
    assert [r for r in got if r[0] in ("aim", "challenge")] == [
        ("aim", "efficiency", 2, 0.6667, ["city"], "common_ground"),
        ("aim", "inclusion", 1, 0.3333, ["people"], "pursued"),
        ("challenge", "budget", 2, 0.6667, ["city"], "reported"),
        ("challenge", "silos", 1, 0.3333, ["city"], "reported"),
    ]
    # The tiny pack's one potential and one constraint item: nobody selected them.
    assert set(freq.loc[freq["kind"].isin(["potential", "constraint"]), "status"]) == {
        "not_reported"
    }
    lone = analyse(gap_q.reference, gap_q, the_campaign(gap_q)[0][:1])
    assert dict(rows(lone, "item_frequencies", "item", "status"))["inclusion"] == "unpursued"


def test_collaboration_links_and_unmet_needs(gap_q: Questionnaire) -> None:
    a = run(gap_q)
    assert rows(a, "collaboration", "from_category", "to_category", "links_now", "needs",
                "status") == [
        ("city", "people", 1, 1, "need_met"),
        ("city", "biz", 0, 1, "need_no_voice"),
        ("people", "city", 1, 0, "linked"),
        ("people", "biz", 0, 1, "need_no_voice"),
    ]  # fmt: skip


def test_need_unmet_when_the_category_answered_but_nobody_links(
    gap_q: Questionnaire,
) -> None:
    responses, _ = the_campaign(gap_q)
    o3 = responses[2]
    alone = StoredResponse(**{**o3.__dict__, "answers": {**o3.answers, "collaborations": []}})
    a = analyse(gap_q.reference, gap_q, [responses[1], alone])  # o2 needs people: no link
    assert rows(a, "collaboration", "from_category", "to_category", "status") == [
        ("city", "people", "need_unmet"),
        ("people", "biz", "need_no_voice"),
    ]


def test_free_text_keeps_answers_and_other_entries_verbatim(gap_q: Questionnaire) -> None:
    a = run(gap_q)
    assert rows(a, "free_text", "response_id", "organisation", "category", "question",
                "text") == [
        ("o1", "Town Hall", "city", "comments", "Hello <b>"),
        ("o2", "Second City Office", "city", "aims", "parks"),
    ]  # fmt: skip


def test_data_quality_notes_unverified_and_drafts(gap_q: Questionnaire) -> None:
    a = run(gap_q)
    assert rows(a, "data_quality", "code", "subject", "detail") == [
        ("unverified_included", "responses",
         "1 response was not signed with an invitation code and is counted; it is marked "
         "unverified"),
        ("unverified", "Residents' Forum",
         "not signed with an invitation code; received as an answers file without its signature"),
        ("draft_not_counted", "Byte Ltd", "a draft (5/9 answered) was never submitted"),
    ]  # fmt: skip
    assert list(a.tables["data_quality"]["params"]) == [
        {"count": 1}, {"source": "unverified-file"}, {"answered": 5, "total": 9},
    ]  # fmt: skip


def test_excluding_unverified_responses(gap_q: Questionnaire) -> None:
    a = run(gap_q, exclude_unverified=True)
    assert rows(a, "role_coverage", "role", "status") == [
        ("lead", "contested"), ("data", "no_lead"), ("plan", "uncovered"), ("fund", "uncovered"),
    ]  # fmt: skip
    assert [r[0] for r in rows(a, "role_fit", "response_id")] == ["o1", "o2"]
    assert a.summary_value("unverified_excluded") is True
    assert rows(a, "data_quality", "code")[0] == ("unverified_excluded",)
    assert a.meta["responses"] == 2


def test_meta_records_provenance(gap_q: Questionnaire) -> None:
    a = run(gap_q, context={"campaign_id": "c_1", "city": "Lakeside", "round": "2026"})
    assert a.meta["campaign_id"] == "c_1"
    assert a.meta["reference"]["id"] == "tiny"
    assert a.meta["questionnaire"] == {"id": "gap-q", "version": "1", "sha256": gap_q.sha256}
    assert a.meta["responses"] == 3
    # The data hash changes with any answer's content hash.
    responses, invitations = the_campaign(gap_q)
    other = analyse(gap_q.reference, gap_q, responses[:2], invitations)
    assert other.meta["data_sha256"] != a.meta["data_sha256"]
    assert len(a.meta["data_sha256"]) == 64


# ---------------------------------------------------------------------------- privacy


def test_pseudonymous_mode_replaces_every_name(gap_q: Questionnaire) -> None:
    a = run(gap_q, privacy="pseudonymous")
    assert [r[0] for r in rows(a, "role_fit", "organisation")] == ["MUN-1", "MUN-2", "CIT-1"]
    cov = dict(rows(a, "role_coverage", "role", "leader_organisations"))
    assert cov["lead"] == ["MUN-1", "MUN-2"]
    evidence = dict(rows(a, "recommendations", "recommendation", "evidence"))
    assert evidence["REC-6"] == ["MUN-1 × Plan: gap", "MUN-2 × Plan: partial"]
    text = " ".join(str(v) for frame in a.tables.values() for v in frame.to_numpy().ravel())
    for name in ("Town Hall", "Second City Office", "Residents' Forum", "Byte Ltd"):
        assert name not in text


def test_anonymous_mode_merges_small_categories(gap_q: Questionnaire) -> None:
    a = run(gap_q, privacy="anonymous", min_group=3)
    assert "organisation_roles" not in a.tables
    assert "role_fit" not in a.tables
    assert set(a.tables["category_roles"]["category"]) == {"other"}
    assert set(a.tables["category_roles"]["organisations"]) == {3}
    assert list(a.tables["free_text"].columns) == ["category", "question", "text"]
    # Nobody agreed to be quoted (this questionnaire has no consent.quote question).
    assert rows(a, "free_text", "category", "question", "text") == []
    assert "contributor_organisations" not in a.tables["role_coverage"].columns
    assert set(a.tables["aims_alignment"]["scope"]) == {"category"}
    codes = [r[0] for r in rows(a, "data_quality", "code")]
    assert "groups_merged" in codes
    assert "unverified" not in codes  # that note would name the organisation
    evidence = dict(rows(a, "recommendations", "recommendation", "evidence"))
    assert evidence["REC-6"] == ["an organisation in “Other (small groups merged)” × Plan: gap",
                                 "an organisation in “Other (small groups merged)” × Plan: partial"]  # fmt: skip
    text = " ".join(str(v) for frame in a.tables.values() for v in frame.to_numpy().ravel())
    for name in ("Town Hall", "Second City Office", "Residents' Forum", "Byte Ltd"):
        assert name not in text


def test_anonymous_merges_until_the_group_is_big_enough(gap_q: Questionnaire) -> None:
    # people (1) is too small alone for k=2, so the smallest other category joins it.
    a = run(gap_q, privacy="anonymous", min_group=2)
    assert set(a.tables["category_roles"]["category"]) == {"other"}
    detail = rows(a, "data_quality", "detail")[1][0]
    assert detail == (
        "categories with fewer than 2 organisations are reported together (3 organisations): "
        "City, Citizens"
    )
    params = rows(a, "data_quality", "params")[1][0]
    assert params == {"min_group": 2, "count": 3, "categories": ["city", "people"]}


def test_anonymous_refuses_fewer_responses_than_the_group_size(gap_q: Questionnaire) -> None:
    with pytest.raises(UsageError) as err:
        run(gap_q, privacy="anonymous", min_group=4)
    assert as_typed(err.value, "analyze") == (
        "an anonymous analysis needs at least 4 responses and this one has 3; collect more "
        "answers, or use --privacy pseudonymous"
    )


def test_bad_options_are_refused(gap_q: Questionnaire) -> None:
    with pytest.raises(UsageError, match="unknown privacy mode 'secret'"):
        run(gap_q, privacy="secret")
    with pytest.raises(UsageError, match="must be 2 or more, not 1"):
        run(gap_q, min_group=1)


# ---------------------------------------------------------------------------- edges


def test_no_responses_gives_a_clear_empty_result(gap_q: Questionnaire) -> None:
    _, invitations = the_campaign(gap_q)
    a = analyse(gap_q.reference, gap_q, [], invitations)
    assert rows(a, "role_coverage", "role", "status") == [
        ("lead", "uncovered"), ("data", "uncovered"), ("plan", "uncovered"), ("fund", "uncovered"),
    ]  # fmt: skip
    assert a.tables["organisation_roles"].empty
    assert a.tables["recommendations"].empty
    assert a.summary_value("mean_role_fit") is None
    assert a.summary_value("response_rate") == 0.0
    assert rows(a, "data_quality", "code")[-1] == ("no_responses",)


def test_a_role_nobody_rated_is_noted(gap_q: Questionnaire) -> None:
    responses, _ = the_campaign(gap_q)
    r = responses[0]
    roles = {k: v for k, v in r.answers["roles"].items() if k != "fund"}
    unrated = StoredResponse(**{**r.__dict__, "answers": {**r.answers, "roles": roles}})
    a = analyse(gap_q.reference, gap_q, [unrated])
    assert ("role_unanswered", "fund") in rows(a, "data_quality", "code", "subject")
    assert rows(a, "organisation_roles", "role", "self_involvement")[3] == ("fund", 0)


def test_unverified_only_data(gap_q: Questionnaire) -> None:
    responses, _ = the_campaign(gap_q)
    only = [responses[2]]
    a = analyse(gap_q.reference, gap_q, only)
    assert a.summary_value("responses_counted") == 1
    excluded = analyse(gap_q.reference, gap_q, only, exclude_unverified=True)
    assert excluded.summary_value("responses_counted") == 0
    assert [c for (c,) in rows(excluded, "data_quality", "code")] == [
        "unverified_excluded", "no_responses",
    ]  # fmt: skip


def test_a_category_unknown_to_the_pack_is_refused(gap_q: Questionnaire) -> None:
    stray = response(gap_q, "o9", "Stray", "martians", (0, 0, 0, 0))
    with pytest.raises(
        UsageError, match="categories the reference pack tiny does not have: martians"
    ):
        analyse(gap_q.reference, gap_q, [stray])


# ---------------------------------------------------------------------------- rounds


def test_round_changes_compare_roles_and_organisations(gap_q: Questionnaire) -> None:
    responses, invitations = the_campaign(gap_q)
    before = analyse(gap_q.reference, gap_q, responses[:2], invitations)
    o1 = responses[0]
    improved = StoredResponse(
        **{**o1.__dict__, "revision": 2,
           "answers": {**o1.answers, "roles": {"lead": 4, "data": 1, "plan": 3, "fund": 0}}}
    )  # fmt: skip
    after = analyse(gap_q.reference, gap_q, [improved, responses[2]], invitations, previous=before)
    assert rows(after, "round_changes_roles", "role", "contributors_before",
                "contributors_after", "leaders_before", "leaders_after", "status_before",
                "status_after", "change") == [
        ("lead", 2, 1, 2, 1, "contested", "covered", "improved"),
        ("data", 1, 0, 0, 0, "no_lead", "uncovered", "worsened"),
        ("plan", 0, 1, 0, 0, "uncovered", "no_lead", "improved"),
        ("fund", 0, 1, 0, 0, "uncovered", "no_lead", "improved"),
    ]  # fmt: skip
    assert rows(after, "round_changes_organisations", "organisation", "role_fit_before",
                "role_fit_after", "delta", "gaps_before", "gaps_after", "change") == [
        ("Residents' Forum", None, 0.6667, None, None, 0, "new"),
        ("Second City Office", 0.875, None, None, 0, None, "gone"),
        ("Town Hall", 0.625, 0.875, 0.25, 1, 0, "improved"),
    ]  # fmt: skip
    assert after.meta["previous"]["data_sha256"] == before.meta["data_sha256"]
