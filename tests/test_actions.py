"""Decisions (issue 15): actions, RACI, primary_owners_heard and follow-up, worked by hand.

The pack below has five categories and six roles; a real SQLite campaign of five invited
organisations (one with a draft only, one category never invited) is built through the real
path (invite, signed answers files, import) and analysed. Every expected value was worked out
by hand from the rules in ``sscassess/analysis/actions.py``'s docstring; the comments show the sums.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from sscassess.analysis.analyse import Analysis, analyse
from sscassess.analysis.definitions import NOT_HEARD
from sscassess.analysis.raci import raci_findings
from sscassess.campaign.folder import Campaign
from sscassess.campaign.store import StoredResponse
from sscassess.pipeline import analyse_campaign
from sscassess.questionnaire.load import load_questionnaire
from sscassess.questionnaire.model import Questionnaire
from sscassess.respond import answer_in_campaign

ROLE_IDS = ("lead", "data", "plan", "fund", "rules", "share", "promo")
ROLES = """\
roles:
  - {id: lead, code: R01, name: {en: Leadership}, short_name: {en: Lead}, description: {en: Leads.}}
  - {id: data, code: R02, name: {en: Data provision}, short_name: {en: Data}, description: {en: Data.}}
  - {id: plan, code: R03, name: {en: Planning}, short_name: {en: Plan}, description: {en: Plans.}}
  - {id: fund, code: R04, name: {en: Funding}, short_name: {en: Fund}, description: {en: Pays.}}
  - {id: rules, code: R05, name: {en: Regulation}, short_name: {en: Rules}, description: {en: Rules.}}
  - {id: share, code: R06, name: {en: Knowledge sharing}, short_name: {en: Share}, description: {en: Shares.}, no_primary_reason: {en: Nobody owns it.}}
  - {id: promo, code: R07, name: {en: Promotion}, short_name: {en: Promotion}, description: {en: Promotes.}}
"""
POTENTIAL = """\
potential:
  - {id: lead, name: {en: Leadership capacity}, description: {en: Can lead.}, basis: interpretation, rationale: {en: A test item.}}
  - {id: data, name: {en: Data}, description: {en: Holds data.}, basis: report, source: "Annex 1"}
  - {id: fund, name: {en: Funding}, description: {en: Money.}, basis: report, source: "list item g"}
"""
_NOT_READ = "{status: not_in_source, note: {en: Not read.}}"
_ANNEX = f"""\
    annex:
      scale_sector: {_NOT_READ}
      aims: {{status: report_body, source: "§4.1", items: [efficiency]}}
      challenges: {_NOT_READ}
      potential: {_NOT_READ}
      constraints: {_NOT_READ}
      contribution: {_NOT_READ}
"""
CATEGORIES = "categories:\n" + "".join(
    f"  - id: {cid}\n    code: {code}\n    list_item: {item}\n    name: {{en: {name}}}\n"
    f"    description: {{en: {name}.}}\n" + _ANNEX
    for cid, code, item, name in (
        ("city", "MUN", "a", "City"),
        ("people", "CIT", "j", "Citizens"),
        ("biz", "ICT", "e", "Companies"),
        ("gov", "GOV", "b", "Government"),
        ("assoc", "IND", "h", "Associations"),
    )
)
# lead, plan: city primary · data: people primary, city and biz supporting · fund: biz
# primary, people supporting (interpretation) · rules: gov primary · share: no primary owner,
# city, people and assoc supporting · promo: assoc primary.
EXPECTATIONS = """\
expectations:
  city:
    lead: {level: primary, basis: report, source: "§4.1"}
    data: {level: supporting, basis: interpretation, rationale: {en: Cities hold records.}}
    plan: {level: primary, basis: report, source: "§4.1"}
    share: {level: supporting, basis: report, source: "§4.1"}
  people:
    data: {level: primary, basis: report, source: "§4.10"}
    fund: {level: supporting, basis: interpretation, rationale: {en: Crowdfunding.}}
    share: {level: supporting, basis: report, source: "§4.10"}
  biz:
    data: {level: supporting, basis: report, source: "§4.5"}
    fund: {level: primary, basis: report, source: "§4.5"}
  gov:
    rules: {level: primary, basis: report, source: "§4.2"}
  assoc:
    share: {level: supporting, basis: report, source: "§4.8"}
    promo: {level: primary, basis: report, source: "§4.8"}
"""
QUESTIONNAIRE = """\
id: decisions-q
version: "1"
title: Decisions survey
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
      - {id: named, type: confirm, maps_to: consent.named, required: false, label: Named?}
  - id: work
    title: Work
    questions:
      - {id: roles, type: role_matrix, maps_to: roles, label: Involvement}
      - {id: potential, type: multi, maps_to: potential, required: false, label: Potential, choices: {from: potential}}
      - {id: collaborations, type: multi, maps_to: collaborations, required: false, label: With, choices: {from: categories}}
      - {id: collaboration_needs, type: multi, maps_to: collaboration_needs, required: false, label: Needs, choices: {from: categories}}
      - {id: planned_contribution, type: text, maps_to: planned_contribution, required: false, label: Plan}
      - {id: pledge_roles, type: multi, maps_to: pledge_roles, required: false, label: Which roles does this contribution concern?, choices: {from: roles}}
"""
PACK = {
    "roles": ROLES,
    "potential": POTENTIAL,
    "categories": CATEGORIES,
    "expectations": EXPECTATIONS,
}


@pytest.fixture
def questionnaire_path(make_questionnaire: Callable[..., Path]) -> Path:
    return make_questionnaire(QUESTIONNAIRE, **PACK)


@pytest.fixture
def q(questionnaire_path: Path) -> Questionnaire:
    return load_questionnaire(questionnaire_path)


def ratings(values: tuple[int, ...]) -> dict[str, int]:
    return dict(zip(ROLE_IDS, values, strict=True))


# ---------------------------------------------------------------------------- a real campaign

#: name -> (category, ratings lead/data/plan/fund/rules/share/promo, other answers)
ROUND_1: dict[str, tuple[str, tuple[int, ...], dict[str, Any]]] = {
    "Town Hall": ("city", (4, 1, 1, 0, 0, 2, 0),
                  {"collaborations": ["people"], "collaboration_needs": ["people", "biz"]}),
    "City Office": ("city", (4, 3, 2, 0, 0, 0, 0),
                    {"potential": ["data"], "pledge_roles": ["plan"],
                     "planned_contribution": "A planning unit."}),
    "Residents Forum": ("people", (0, 2, 0, 3, 0, 1, 0),
                        {"collaborations": ["city"], "collaboration_needs": ["biz"],
                         "pledge_roles": ["plan"]}),
    "Byte Ltd": ("biz", (0, 3, 0, 1, 0, 0, 0), {"potential": ["fund"], "pledge_roles": ["data"]}),
}  # fmt: skip


def build(
    root: Path,
    questionnaire: Path,
    answers: dict[str, tuple[str, tuple[int, ...], dict[str, Any]]],
    *,
    ministry: str = "draft",
    round_label: str = "2026",
) -> Campaign:
    """A SQLite campaign: each organisation of ``answers`` invited and answering.

    The Ministry (gov) is invited too; ``ministry`` says what it did: ``draft`` (a draft
    only), ``silent`` (nothing), ``answer`` (answered, rating rules 4) or ``uninvited``.
    """
    c = Campaign.init(root, "Lakeside", "XX", round_label, questionnaire=str(questionnaire),
                      reference=str(questionnaire.parent / "pack"))  # fmt: skip
    everyone = dict(answers)
    if ministry == "answer":
        everyone["Ministry"] = ("gov", (0, 0, 0, 0, 4, 0, 0), {})
    for name, (category, _, _) in everyone.items():
        c.invite(name, category)
    if ministry in ("draft", "silent"):
        c.invite("Ministry", "gov")
    files = root.parent / f"answers-{root.name}"
    files.mkdir()
    for inv in c.store.invitations():
        if inv.organisation not in everyone:
            if ministry == "draft":
                c.store.save_draft(inv.invitation_id, {"roles": {"rules": 1}}, 1, 9)
            continue
        _, values, extra = everyone[inv.organisation]
        src = files / f"{inv.slug}.yaml"
        doc = {"questionnaire": "decisions-q", "organisation": {},
               "answers": {"roles": ratings(values), **extra}}  # fmt: skip
        src.write_text(yaml.safe_dump(doc), encoding="utf-8")
        # Workshop mode (`sscassess answer --campaign DIR --answers FILE --org NAME`): the
        # campaign's own questionnaire, stored verified.
        assert answer_in_campaign(root, src, inv.organisation).detail == "stored"
    return c


@pytest.fixture
def round_1(tmp_path: Path, questionnaire_path: Path) -> Iterator[Campaign]:
    c = build(tmp_path / "round1", questionnaire_path, ROUND_1)
    yield c
    c.close()


def rows(a: Analysis, table: str, *columns: str) -> list[tuple[Any, ...]]:
    frame = a.tables[table]
    return [
        tuple(_plain(v) for v in row)
        for row in frame[list(columns)].itertuples(index=False, name=None)
    ]


def _plain(value: Any) -> Any:
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if value.__class__.__name__ == "NAType":
        return None
    return value


def ids(a: Analysis, c: Campaign) -> dict[str, str]:
    """Organisation -> its response id (the invitation's, random)."""
    return {i.organisation: i.response_id for i in c.store.invitations()}


def actions(a: Analysis, *columns: str) -> list[tuple[Any, ...]]:
    return rows(a, "actions", *columns)


# ---------------------------------------------------------------------------- actions


def test_every_kind_fires_with_its_owner_priority_and_reason(round_1: Campaign) -> None:
    a = analyse_campaign(round_1)
    rid = ids(a, round_1)
    ministry = next(i for i in round_1.store.invitations() if i.organisation == "Ministry")
    # score = importance × reach × feasibility (priority = dense rank of the score):
    #   chase rules          3 × 3 (rules uncovered, gov primary) × 3 (a draft)      = 27
    #   take_up_pledge plan  3 × 3 (plan uncovered) × 3 (pledged)                    = 27
    #   agree_lead lead      3 × 2 × 3 = 18; assign_lead data, fund: 18
    #   find_contributor plan 3 × 3 × 2 (City Office rates it 2)                     = 18
    #   invite assoc         3 (promo) × (3 promo uncovered + 1 share it supports) × 1 = 12
    #   find_contributor share 1 (no primary owner) × 3 × 2 (Town Hall rates it 2)    = 6
    #   close_gap Byte fund  3 × 1 × 2 (it declared funding potential)               = 6
    #   meet_need biz        1 × 2 (city and people need it) × 2                     = 4
    #   close_gap Town Hall plan 3 × 1 × 1                                           = 3
    assert actions(a, "action", "kind", "role", "category", "owner", "priority", "reason") == [
        ("ACT-1", "chase", "rules", "gov", "Ministry", 1, "draft_not_submitted"),
        ("ACT-2", "take_up_pledge", "plan", "people", "Residents Forum", 1, "pledge_uncovered"),
        ("ACT-3", "agree_lead", "lead", "city", "City Office", 2, "leader_engagement"),
        ("ACT-4", "assign_lead", "data", "city", "City Office", 2, "contributor_potential"),
        ("ACT-5", "assign_lead", "fund", "people", "Residents Forum", 2, "contributor_sole"),
        ("ACT-6", "find_contributor", "plan", "city", "City Office", 2, "candidate_rating"),
        ("ACT-7", "invite", "promo", "assoc", None, 3, "not_invited"),
        ("ACT-8", "find_contributor", "share", "city", "Town Hall", 4, "candidate_rating"),
        ("ACT-9", "close_gap", "fund", "biz", "Byte Ltd", 4, "primary_role_gap"),
        ("ACT-10", "meet_need", None, "biz", "Byte Ltd", 5, "need_unmet"),
        ("ACT-11", "close_gap", "plan", "city", "Town Hall", 6, "primary_role_gap"),
    ]  # fmt: skip
    evidence = dict(actions(a, "action", "evidence_ids"))
    assert evidence["ACT-1"] == [
        "category:gov", f"invitation:{ministry.invitation_id}", "role:rules:uncovered",
        "owner_missing:rules",
    ]  # fmt: skip
    # City Office's pledge of plan joins the find_contributor it owns (one action per owner
    # and role); Town Hall's own gap on plan stays a close_gap of its own.
    assert evidence["ACT-6"] == [
        "role:plan:uncovered", "owner_missing:plan", f"pledge:{rid['City Office']}:plan",
    ]  # fmt: skip
    assert evidence["ACT-7"] == [
        "category:assoc", "role:promo:uncovered", "owner_missing:promo", "role:share:uncovered",
        "owner_missing:share",
    ]  # fmt: skip
    assert evidence["ACT-10"] == ["collaboration:city:biz", "collaboration:people:biz"]
    assert evidence["ACT-11"] == [f"gap:{rid['Town Hall']}:plan"]


def test_no_kind_fires_without_its_condition(round_1: Campaign) -> None:
    a = analyse_campaign(round_1)
    fired = set(actions(a, "kind", "role", "owner"))
    # City Office rates plan 2 (partial, not 0-1): no close_gap.
    assert ("close_gap", "plan", "City Office") not in fired
    # Byte Ltd pledged data, which it contributes to already (3): no take_up_pledge.
    assert ("take_up_pledge", "data", "Byte Ltd") not in fired
    # Town Hall needs people and works with them: that need is met, so no meet_need.
    assert not [x for x in fired if x[0] == "meet_need" and x[2] != "Byte Ltd"]
    # rules is uncovered but its owner (gov) was not heard: a chase, never find_contributor.
    assert not [x for x in fired if x[0] == "find_contributor" and x[1] == "rules"]
    # Every invited organisation but the Ministry answered: one chase only.
    assert [x for x in fired if x[0] == "chase"] == [("chase", "rules", "Ministry")]
    # Every role that is not covered has an action, as its role or in its evidence.
    cov = dict(rows(a, "role_coverage", "role", "status"))
    named = {r for (r,) in actions(a, "role")} | {
        e.split(":")[1] for (ev,) in actions(a, "evidence_ids") for e in ev if e.startswith("role:")
    }
    assert {r for r, st in cov.items() if st != "covered"} <= named


def test_a_covered_role_has_no_action_and_a_role_heard_again_no_chase(
    tmp_path: Path, questionnaire_path: Path
) -> None:
    answers = {
        **ROUND_1,
        # Town Hall no longer leads: lead has one leader (covered).
        "Town Hall": ("city", (3, 1, 1, 0, 0, 2, 0), ROUND_1["Town Hall"][2]),
    }
    c = build(tmp_path / "covered", questionnaire_path, answers, ministry="answer")
    try:
        a = analyse_campaign(c)
    finally:
        c.close()
    kinds = actions(a, "kind", "role")
    assert not [k for k in kinds if k[1] == "lead"]  # covered: nothing to decide
    assert not [k for k in kinds if k[1] == "rules"]  # the Ministry leads it now
    assert not [k for k in kinds if k[0] == "chase"]


@pytest.mark.parametrize(
    ("ministry", "heard", "action"),
    [
        ("draft", False, ("chase", "rules", "gov", "Ministry", "draft_not_submitted")),
        ("silent", False, ("chase", "rules", "gov", "Ministry", "no_answer")),
        ("uninvited", False, ("invite", "rules", "gov", None, "not_invited")),
        ("answer", True, None),
    ],
)
def test_primary_owners_heard_and_the_action_for_an_unheard_role(
    tmp_path: Path,
    questionnaire_path: Path,
    ministry: str,
    heard: bool,
    action: tuple[Any, ...] | None,
) -> None:
    c = build(tmp_path / "camp", questionnaire_path, ROUND_1, ministry=ministry)
    try:
        a = analyse_campaign(c)
    finally:
        c.close()
    got = dict(rows(a, "role_coverage", "role", "primary_owners_heard"))
    # Heard: an organisation of a primary category answered. share has no primary owner;
    # promo's (assoc) was never invited.
    assert got == {"lead": True, "data": True, "plan": True, "fund": True, "rules": heard,
                   "share": None, "promo": False}  # fmt: skip
    about_rules = [x for x in actions(a, "kind", "role", "category", "owner", "reason")
                   if x[1] == "rules"]  # fmt: skip
    assert about_rules == ([action] if action else [])


def test_texts_about_an_unheard_role_say_not_heard(
    make_questionnaire: Callable[..., Path], tmp_path: Path
) -> None:
    recommendations = (
        "recommendations:\n"
        "  - {id: REC-1, group: final_section, title: {en: Analyse}, text: {en: Analyse.}, "
        "concerns: all, source: Step 3, kind: process}\n"
        "  - {id: REC-2, group: role_specific, title: {en: Cover}, text: {en: Cover.}, "
        "concerns: all, source: x, kind: triggered, "
        "trigger: {role_status: {roles: [rules, plan], status: [uncovered]}}}\n"
        "  - {id: REC-3, group: role_specific, title: {en: Own}, text: {en: Own.}, "
        "concerns: all, source: x, kind: triggered, trigger: {owner_missing: {roles: [rules, plan]}}}\n"
    )
    path = make_questionnaire(QUESTIONNAIRE, **PACK, recommendations=recommendations)
    c = build(tmp_path / "camp", path, ROUND_1)
    try:
        a = analyse_campaign(c)
    finally:
        c.close()
    evidence = dict(rows(a, "recommendations", "recommendation", "evidence"))
    assert NOT_HEARD == "not heard: its expected owner did not answer"
    # rules' owner (gov) only has a draft; plan's owner (city) answered and does not play it.
    assert evidence["REC-2"] == [f"Rules: uncovered; {NOT_HEARD}", "Plan: uncovered"]
    assert evidence["REC-3"] == [
        f"Rules: {NOT_HEARD}",
        "Plan: no contributor from an expected category",
    ]
    from sscassess.analysis.output import summary_text

    text = summary_text(a, width=100)
    assert "Not heard (its expected owner did not answer): rules, promo" in text.splitlines()
    assert "nobody contributes" not in text.lower()


# ---------------------------------------------------------------------------- RACI


def test_raci_gives_one_accountable_per_role_with_contributors(round_1: Campaign) -> None:
    a = analyse_campaign(round_1)
    raci = a.tables["raci"]
    assert list(raci.columns) == [
        "role", "role_name", "response_id", "organisation", "category", "expected_level",
        "self_involvement", "letter", "basis",
    ]  # fmt: skip
    assert len(raci) == 7 * 4  # every role × every organisation
    letters = {
        role: [(o, letter, basis) for _, o, letter, basis in group]
        for role, group in _by_role(rows(a, "raci", "role", "organisation", "letter", "basis"))
    }
    # Organisations in the analysis' order (by response id); none rate 0 gets no letter.
    order = [o for (o,) in rows(a, "role_fit", "organisation")]
    assert _by(order, letters["lead"]) == {
        "Town Hall": ("R", "leads"),  # a leader, not the one proposed
        "City Office": ("A", "leader_engagement"),
        "Residents Forum": (None, "not_involved"),
        "Byte Ltd": (None, "not_involved"),
    }
    assert _by(order, letters["data"]) == {
        "Town Hall": ("I", "informed"),
        "City Office": ("A", "contributor_potential"),  # no leader: proposed among the 3s
        "Residents Forum": ("C", "consulted"),
        "Byte Ltd": ("R", "contributes"),
    }
    assert _by(order, letters["fund"])["Residents Forum"] == ("A", "contributor_sole")
    accountable = {}
    for role, letter in rows(a, "raci", "role", "letter"):
        accountable[role] = accountable.get(role, 0) + (letter == "A")
    # lead, data, fund have contributors; plan, rules, share, promo have none.
    assert accountable == {"lead": 1, "data": 1, "plan": 0, "fund": 1, "rules": 0,
                           "share": 0, "promo": 0}  # fmt: skip
    assert not [c for (c,) in rows(a, "data_quality", "code") if c.startswith("raci")]


def _by_role(items: list[tuple[Any, ...]]) -> Iterator[tuple[str, list[tuple[Any, ...]]]]:
    seen: dict[str, list[tuple[Any, ...]]] = {}
    for item in items:
        seen.setdefault(item[0], []).append(item)
    yield from seen.items()


def _by(order: list[str], entries: list[tuple[Any, ...]]) -> dict[str, tuple[Any, ...]]:
    got = {o: (letter, basis) for o, letter, basis in entries}
    assert list(got) == order
    return got


def stored(q: Questionnaire, rid: str, name: str, category: str, values: tuple[int, ...],
           **answers: Any) -> StoredResponse:  # fmt: skip
    data = {"name": name, "category": category, "roles": ratings(values), **answers}
    return StoredResponse(
        response_id=rid, invitation_id=rid, revision=1, organisation=name, category=category,
        subtype=None, answers=data, content_sha256=f"{rid:0<64}", questionnaire_sha256=q.sha256,
        verified=True, source="workshop", submitted_at="2026-05-01T10:00:00Z",
        imported_at="2026-05-01T10:00:00Z",
    )  # fmt: skip


CITY_4 = (4, 2, 3, 0, 0, 2, 0)  # leads lead; fulfils data, plan and share


@pytest.mark.parametrize(
    ("first", "second", "extra", "role", "winner", "reason"),
    # In each case the loser is ahead on every later rule, so the order of the rules counts.
    [
        # Both rate data 4: people is primary for it, city only supporting (A fits better).
        (("city", (*CITY_4[:1], 4, *CITY_4[2:]), {}), ("people", (0, 4, 0, 0, 0, 0, 0), {}),
         [], "data", "B", "leader_reference"),
        # data: both supporting (biz, city); B declares a data potential. A's category is
        # worked with by a third organisation, A pledges data and fulfils its roles.
        (("biz", (0, 4, 0, 3, 0, 0, 0), {"pledge_roles": ["data"]}),
         ("city", (0, 4, 0, 0, 0, 0, 0), {"potential": ["data"]}),
         [("r3", "Forum", "people", (0, 0, 0, 0, 0, 0, 0), {"collaborations": ["biz"]})],
         "data", "B", "leader_potential"),
        # data: both supporting (city, biz); a third organisation works with biz. A pledges
        # data and fulfils its category's roles (B does not play fund).
        (("city", (4, 4, 3, 0, 0, 2, 0), {"pledge_roles": ["data"]}),
         ("biz", (0, 4, 0, 0, 0, 0, 0), {}),
         [("r3", "Forum", "people", (0, 0, 0, 0, 0, 0, 0), {"collaborations": ["biz"]})],
         "data", "B", "leader_recognition"),
        # B pledges lead; A fits better (B rates plan 2).
        (("city", CITY_4, {}), ("city", (4, 2, 2, 0, 0, 2, 0), {"pledge_roles": ["lead"]}), [],
         "lead", "B", "leader_pledge"),
        # A fulfils every role of its category (fit 1.0, engagement 11); B rates plan 2 (fit
        # 0.9) but data and share 4 (engagement 14).
        (("city", CITY_4, {}), ("city", (4, 4, 2, 0, 0, 4, 0), {}), [], "lead", "A",
         "leader_role_fit"),
        # Both fit 1.0; B rates plan 4 where A rates 3 (A is first in the fixed order).
        (("city", CITY_4, {}), ("city", (4, 2, 4, 0, 0, 2, 0), {}), [], "lead", "B",
         "leader_engagement"),
        # Everything equal: the response id decides (r1 before r2), whatever the names.
        (("city", CITY_4, {}), ("city", CITY_4, {}), [], "lead", "A", "leader_fixed_order"),
    ],
    ids=["reference", "potential", "recognition", "pledge", "role_fit", "engagement",
         "fixed_order"],
)  # fmt: skip
def test_the_accountable_of_a_contested_role_and_its_tie_break(
    q: Questionnaire,
    first: tuple[Any, ...],
    second: tuple[Any, ...],
    extra: list[tuple[Any, ...]],
    role: str,
    winner: str,
    reason: str,
) -> None:
    responses = [
        stored(q, "r1", "A", first[0], first[1], **first[2]),
        stored(q, "r2", "B", second[0], second[1], **second[2]),
        *(stored(q, rid, name, cat, values, **more) for rid, name, cat, values, more in extra),
    ]
    a = analyse(q.reference, q, responses)
    [agree] = [x for x in actions(a, "kind", "role", "owner", "reason", "candidates")
               if x[0] == "agree_lead"]  # fmt: skip
    assert agree[:4] == ("agree_lead", role, winner, reason)
    assert [c["who"] for c in agree[4]] == [winner, "B" if winner == "A" else "A"]
    raci = {(r, o): (letter, basis) for r, o, letter, basis in
            rows(a, "raci", "role", "organisation", "letter", "basis")}  # fmt: skip
    assert raci[(role, winner)] == ("A", reason)
    assert raci[(role, "B" if winner == "A" else "A")] == ("R", "leads")


def test_the_fixed_order_follows_the_response_id_not_the_name(q: Questionnaire) -> None:
    def owner(first_id: str, second_id: str) -> str:
        responses = [stored(q, first_id, "Alpha", "city", CITY_4),
                     stored(q, second_id, "Beta", "city", CITY_4)]  # fmt: skip
        a = analyse(q.reference, q, responses)
        return str(next(o for k, o in actions(a, "kind", "owner") if k == "agree_lead"))

    assert owner("inv_1", "inv_2") == "Alpha"
    assert owner("inv_2", "inv_1") == "Beta"


def test_a_role_whose_leaders_declined_to_be_named_has_no_accountable(
    q: Questionnaire,
) -> None:
    responses = [
        stored(q, "r1", "City Office", "city", (3, 0, 0, 0, 0, 0, 0), named=True),
        *(stored(q, f"r{i}", f"Quiet {i}", "city", (4, 0, 0, 0, 0, 0, 0), named=False)
          for i in (2, 3, 4)),
    ]  # fmt: skip
    a = analyse(q.reference, q, responses, min_group=3)
    # Three decliners lead lead (a shown "declined" group): contested, and none may be named.
    assert rows(a, "role_coverage", "role", "status", "leaders")[0] == ("lead", "contested", 3)
    assert [x for x in actions(a, "kind", "role", "owner", "reason", "candidates")
            if x[0] == "agree_lead"] == [("agree_lead", "lead", None, "leader_none", [])]  # fmt: skip
    assert ("raci_no_accountable", "lead") in rows(a, "data_quality", "code", "subject")
    assert set(a.tables["raci"]["organisation"]) == {"City Office"}
    text = str(a.tables["actions"].to_dict("records")) + str(a.tables["raci"].to_dict("records"))
    assert "Quiet" not in text


def test_the_raci_check_reports_each_broken_rule() -> None:
    import pandas as pd

    raci = pd.DataFrame(
        {
            "role": ["lead", "lead", "data", "data", "plan"],
            "letter": ["A", "A", "A", None, "R"],
            "self_involvement": [4, 4, 2, 3, 3],
        }
    )
    coverage = pd.DataFrame({"role": ["lead", "data", "plan", "fund"],
                             "contributors": [2, 1, 1, 0]})  # fmt: skip
    assert [(n["code"], n["subject"]) for n in raci_findings(raci, coverage)] == [
        ("raci_several_accountable", "lead"),
        ("raci_no_responsible", "data"),  # its A rates it 2, its contributor has no letter
        ("raci_no_accountable", "plan"),
    ]


# ---------------------------------------------------------------------------- privacy


def anonymous_campaign(q: Questionnaire) -> list[StoredResponse]:
    """Four city organisations, three residents' groups, one company (merged into other)."""
    return [
        stored(q, "c1", "Town Hall", "city", (4, 2, 1, 0, 0, 0, 0)),
        stored(q, "c2", "City Office", "city", (4, 2, 0, 0, 0, 0, 0)),
        stored(q, "c3", "Harbour Office", "city", (2, 2, 1, 0, 0, 0, 0)),
        stored(q, "c4", "Mill Office", "city", (3, 2, 2, 0, 0, 0, 0)),
        stored(q, "p1", "Forum", "people", (0, 3, 3, 0, 0, 0, 0)),
        stored(q, "p2", "Tenants", "people", (0, 3, 0, 0, 0, 0, 0)),
        stored(q, "p3", "Neighbours", "people", (0, 2, 0, 0, 0, 0, 0)),
        stored(q, "b1", "Byte Ltd", "biz", (0, 0, 0, 1, 0, 0, 0), potential=["fund"]),
    ]


def test_anonymous_actions_name_groups_never_organisations(q: Questionnaire) -> None:
    responses = anonymous_campaign(q)
    a = analyse(q.reference, q, responses, privacy="anonymous", min_group=3)
    # biz (1) is too small: it joins the smallest other category, people, as "other".
    assert sorted(set(a.tables["category_roles"]["category"])) == ["city", "other"]
    assert actions(a, "kind", "role", "category", "owner", "reason") == [
        # lead: both leaders are city organisations: the group, the only one to propose.
        ("agree_lead", "lead", "city", "city", "leader_single"),
        ("assign_lead", "data", "other", "other", "contributor_single"),
        # plan: only a residents' group contributes; the city (its owner) is far below.
        ("assign_lead", "plan", "other", "other", "contributor_sole"),
        # fund: biz is in "other", so whether its owner was heard cannot be shown: the
        # uncovered role gets a find_contributor, and "other" declared funding potential.
        ("find_contributor", "fund", "other", "other", "candidate_sole"),
        # 3 × (3 promo + 1 share) × 1 = 12 before 3 × 3 × 1 = 9.
        ("invite", "promo", "assoc", None, "not_invited"),
        ("invite", "rules", "gov", None, "not_invited"),
        # share: the city group is expected to support it (rated 0 by all four).
        ("find_contributor", "share", "city", "city", "candidate_sole"),
        ("close_gap", "plan", "city", "city", "primary_role_gap"),
    ]
    candidates = dict(actions(a, "kind", "candidates"))
    assert candidates["agree_lead"] == [
        {"who": "city", "response_id": None, "category": "city", "rating": 4,
         "why": ["expected_primary", "rated_4"]},
    ]  # fmt: skip
    evidence = dict(actions(a, "kind", "evidence_ids"))
    assert evidence["close_gap"] == ["gap:city:plan:gap"]
    # Byte Ltd rates fund 1, its primary role, but "other" may not say so: no close_gap.
    assert not [x for x in actions(a, "kind", "category") if x == ("close_gap", "other")]
    assert "raci" not in a.tables
    text = str(a.tables["actions"].to_dict("records"))
    for r in responses:
        assert r.organisation not in text and r.response_id not in text
    heard = dict(rows(a, "role_coverage", "role", "primary_owners_heard"))
    named = dict(rows(analyse(q.reference, q, responses), "role_coverage", "role",
                      "primary_owners_heard"))  # fmt: skip
    # people and biz are inside "other" (which answered): their roles' heard is not shown.
    assert heard == {**named, "data": None, "fund": None}
    assert (named["data"], named["fund"]) == (True, True)


def test_pseudonymous_actions_use_pseudonyms_and_categories(round_1: Campaign) -> None:
    from sscassess.analysis.frame import pseudonyms

    a = analyse_campaign(round_1, privacy="pseudonymous")
    names = pseudonyms(round_1.questionnaire.reference, round_1.store.responses())
    alias = {r.organisation: names[r.response_id] for r in round_1.store.responses()}
    # The same decisions as in named mode, under pseudonyms; the Ministry did not answer and
    # has no pseudonym, so its chase names its category.
    assert actions(a, "kind", "role", "owner") == [
        ("chase", "rules", "gov"),
        ("take_up_pledge", "plan", alias["Residents Forum"]),
        ("agree_lead", "lead", alias["City Office"]),
        ("assign_lead", "data", alias["City Office"]),
        ("assign_lead", "fund", alias["Residents Forum"]),
        ("find_contributor", "plan", alias["City Office"]),
        ("invite", "promo", None),
        ("find_contributor", "share", alias["Town Hall"]),
        ("close_gap", "fund", alias["Byte Ltd"]),
        ("meet_need", None, alias["Byte Ltd"]),
        ("close_gap", "plan", alias["Town Hall"]),
    ]
    # participation shows the gov draft (pseudonymous tables are not merged): same priority.
    assert dict(actions(a, "kind", "reason"))["chase"] == "draft_not_submitted"
    assert actions(a, "priority") == actions(analyse_campaign(round_1), "priority")
    text = str(a.tables["actions"].to_dict("records")) + str(a.tables["raci"].to_dict("records"))
    for inv in round_1.store.invitations():
        assert inv.organisation not in text and inv.response_id not in text


# ---------------------------------------------------------------------------- rounds

ROUND_2: dict[str, tuple[str, tuple[int, ...], dict[str, Any]]] = {
    # Town Hall leads lead no more, and rates plan 0 (was 1).
    "Town Hall": ("city", (3, 1, 0, 0, 0, 2, 0), ROUND_1["Town Hall"][2]),
    # City Office contributes to plan now (3).
    "City Office": ("city", (4, 3, 3, 0, 0, 0, 0), ROUND_1["City Office"][2]),
    # Residents Forum drops fund to 2: nobody contributes to it any more.
    "Residents Forum": ("people", (0, 2, 0, 2, 0, 1, 0), ROUND_1["Residents Forum"][2]),
    # Byte Ltd rates fund 2 (was 1) and works with the city now.
    "Byte Ltd": ("biz", (0, 3, 0, 2, 0, 0, 0),
                 {**ROUND_1["Byte Ltd"][2], "collaborations": ["city"]}),
}  # fmt: skip


def test_action_followup_tells_what_became_of_each_earlier_action(
    round_1: Campaign, tmp_path: Path, questionnaire_path: Path
) -> None:
    # Round 2: a new campaign on the same pack; the Ministry answers this time.
    round_2 = build(tmp_path / "round2", questionnaire_path, ROUND_2, ministry="answer",
                    round_label="2027")  # fmt: skip
    try:
        a = analyse_campaign(round_2, previous=round_1)
        alone = analyse_campaign(round_2)
    finally:
        round_2.close()
    assert list(a.tables["action_followup"].columns) == [
        "action", "kind", "role", "category", "outcome",
    ]  # fmt: skip
    assert rows(a, "action_followup", "action", "kind", "role", "category", "outcome") == [
        ("ACT-1", "chase", "rules", "gov", "resolved"),  # the Ministry answered
        ("ACT-2", "take_up_pledge", "plan", "people", "open"),  # still rates it 0
        ("ACT-3", "agree_lead", "lead", "city", "resolved"),  # one leader now
        ("ACT-4", "assign_lead", "data", "city", "open"),  # still nobody leads it
        ("ACT-5", "assign_lead", "fund", "people", "worse"),  # no contributor left
        ("ACT-6", "find_contributor", "plan", "city", "resolved"),  # City Office: 3
        ("ACT-7", "invite", "promo", "assoc", "open"),  # associations still not invited
        ("ACT-8", "find_contributor", "share", "city", "open"),
        ("ACT-9", "close_gap", "fund", "biz", "resolved"),  # Byte Ltd: 1 -> 2
        ("ACT-10", "meet_need", None, "biz", "open"),  # city's need met, people's not
        ("ACT-11", "close_gap", "plan", "city", "worse"),  # Town Hall: 1 -> 0
    ]
    assert "action_followup" not in alone.tables
    # A CSV folder of a run without --previous keeps no follow-up of an earlier run.
    from sscassess.analysis.output import write

    out = tmp_path / "csv"
    write(a, "csv", out)
    assert (out / "action_followup.csv").exists()
    write(alone, "csv", out)
    assert not (out / "action_followup.csv").exists()


# ---------------------------------------------------------------------------- outputs


def test_every_output_holds_the_tables_and_the_workbook_an_action_register(
    round_1: Campaign, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    from sscassess.analysis.output import summary_text, to_json, to_xlsx, write

    a = analyse_campaign(round_1)
    lines = summary_text(a, width=100).splitlines()
    assert "Actions (11 in all; action, priority, kind, role, owner):" in lines
    assert "  ACT-1    1 chase            rules                        Ministry" in lines
    assert "  ACT-7    3 invite           promo                        (coordinator)" in lines
    data = json.loads(to_json(a))
    act3 = data["tables"]["actions"][2]
    assert (act3["action"], act3["owner"], act3["priority"]) == ("ACT-3", "City Office", 2)
    assert act3["candidates"][0] == {
        "who": "City Office", "response_id": ids(a, round_1)["City Office"], "category": "city",
        "rating": 4, "why": ["expected_primary", "rated_4"],
    }  # fmt: skip
    assert len(data["tables"]["raci"]) == 28
    assert data["tables"]["role_coverage"][4]["primary_owners_heard"] is False
    assert data["tables"]["role_coverage"][5]["primary_owners_heard"] is None

    out = tmp_path / "csv"
    write(a, "csv", out)
    table = list(csv.reader(io.StringIO((out / "actions.csv").read_text("utf-8-sig"))))
    assert table[0] == ["action", "kind", "role", "category", "owner", "candidates", "priority",
                        "reason", "evidence_ids"]  # fmt: skip
    assert table[3][:5] == ["ACT-3", "agree_lead", "lead", "city", "City Office"]
    assert table[3][5] == (
        "City Office (expected_primary, rated_4); Town Hall (expected_primary, rated_4)"
    )
    assert table[7][4] == ""  # invite: no organisation yet, the coordinator acts
    assert (out / "raci.csv").exists()

    wb = load_workbook(io.BytesIO(to_xlsx(a)))
    sheet = wb["actions"]
    assert [c.value for c in sheet[1]] == [
        "action", "kind", "role", "category", "owner", "candidates", "priority", "reason",
        "evidence_ids", "status", "due", "agreed_owner",
    ]  # fmt: skip
    assert sheet.max_row == 12
    assert [c.value for c in sheet[2]][:3] == ["ACT-1", "chase", "rules"]
    assert all(sheet.cell(row, col).value is None for row in range(2, 13) for col in (10, 11, 12))
    assert [c.value for c in wb["raci"][1]][-2:] == ["letter", "basis"]

    # The folder holds this run's tables only: an anonymous run takes the named raci away.
    write(analyse_campaign(round_1, privacy="anonymous"), "csv", out)
    names = sorted(p.name for p in out.iterdir())
    assert "raci.csv" not in names and "actions.csv" in names
    assert json.loads((out / "meta.json").read_text(encoding="utf-8"))["privacy"] == "anonymous"
    assert "City Office" not in (out / "actions.csv").read_text("utf-8-sig")


def test_anonymous_owners_too_small_to_show_are_chased_as_other(q: Questionnaire) -> None:
    from sscassess.campaign.store import Invitation

    responses = [stored(q, f"c{i}", f"City {i}", "city", CITY_4) for i in (1, 2, 3)]
    invited = [(r.response_id, r.organisation, r.category) for r in responses] + [
        ("g1", "Ministry", "gov"), ("a1", "Guild", "assoc"), ("b1", "Byte Ltd", "biz"),
    ]  # fmt: skip
    invitations = [Invitation(i, i, n, c, None, None, None, "2026-04-01T00:00:00Z")
                   for i, n, c in invited]  # fmt: skip
    named = analyse(q.reference, q, responses, invitations)
    # Named: one chase each. Byte Ltd and Guild also support an uncovered role (data,
    # share): 3 × (3 + 1) × 2 = 24 before the Ministry's 3 × 3 × 2 = 18.
    assert [x for x in actions(named, "kind", "role", "owner") if x[0] == "chase"] == [
        ("chase", "fund", "Byte Ltd"), ("chase", "promo", "Guild"), ("chase", "rules", "Ministry"),
    ]  # fmt: skip
    a = analyse(q.reference, q, responses, invitations, privacy="anonymous", min_group=3)
    # gov, assoc and biz (one invitation each) are one silent "other" row in participation.
    assert rows(a, "participation", "category", "invited", "submitted")[-1] == ("other", 3, 0)
    heard = dict(rows(a, "role_coverage", "role", "primary_owners_heard"))
    assert heard == {"lead": True, "data": False, "plan": True, "fund": False, "rules": False,
                     "share": None, "promo": False}  # fmt: skip
    got = [x for x in actions(a, "kind", "role", "category", "owner", "reason", "evidence_ids")
           if x[0] in ("chase", "invite")]  # fmt: skip
    assert got == [
        # 3 × (3 fund + 3 rules + 3 promo) × 2; fund comes first in the pack.
        ("chase", "fund", "other", "other", "not_submitted",
         ["category:other:not_submitted", "role:fund:uncovered", "role:rules:uncovered",
          "role:promo:uncovered"]),
        # people: never invited, a row of its own (0 is not a small count). owner_missing is
        # shown only where the expected categories have 3 respondents (the city's).
        ("invite", "data", "people", None, "not_invited",
         ["category:people", "role:data:uncovered", "owner_missing:data", "role:fund:uncovered",
          "role:share:uncovered", "owner_missing:share"]),
    ]  # fmt: skip
    assert "Ministry" not in str(a.tables["actions"].to_dict("records"))
