"""What matters is decided once, in analysis.findings: ranking, kinds and the lists."""

from __future__ import annotations

from typing import Any

import pytest

from sscassess.analysis import findings
from sscassess.core.vocabulary import Coverage, Table
from sscassess.reference.pack import load_reference


def _coverage_row(role: str, status: Coverage, **extra: Any) -> dict[str, Any]:
    row = {
        "role": role, "status": status.value, "contributors": 0, "leaders": 0,
        "owner_missing": False, "expected_owners": ["ngo"], "primary_owners": ["ngo"],
        "contributor_categories": [], "leader_categories": [], "leader_organisations": [],
        "primary_owners_heard": True,
    }  # fmt: skip
    row.update(extra)
    return row


@pytest.fixture
def tables() -> dict[str, Any]:
    import pandas as pd

    rows = [
        _coverage_row("city_leadership", Coverage.COVERED, contributors=2, leaders=1),
        # A leaderless role played only outside its owners.
        _coverage_row("strategic_planning", Coverage.NO_LEAD, contributors=2),
        # Uncovered, and its only primary owner never answered: a missing answer.
        _coverage_row(
            "urban_planning_integration",
            Coverage.UNCOVERED,
            primary_owners=["urban_planners"],
            expected_owners=["urban_planners"],
            primary_owners_heard=False,
        ),
        _coverage_row(
            "coordination",
            Coverage.CONTESTED,
            contributors=3,
            leaders=2,
            leader_organisations=["A", "B"],
            leader_categories=["municipality"],
        ),
        _coverage_row(
            "stakeholder_engagement",
            Coverage.CONTESTED,
            contributors=3,
            leaders=3,
            leader_organisations=["A", "C"],
            leader_categories=["ngo"],
        ),
        # Uncovered with two primary owners, one of them heard: ranks first.
        _coverage_row(
            "policy_regulation", Coverage.UNCOVERED, primary_owners=["municipality", "ngo"]
        ),
        _coverage_row(
            "funding",
            Coverage.COVERED,
            contributors=1,
            leaders=1,
            owner_missing=True,
            contributor_categories=["ict_company"],
        ),
    ]
    part = pd.DataFrame(
        {"category": ["municipality", "ngo", "urban_planners"], "has_voice": [True, True, False]}
    )
    return {Table.ROLE_COVERAGE: pd.DataFrame(rows), Table.PARTICIPATION: part}


def test_gaps_rank_uncovered_then_no_lead_then_owner_missing(tables: dict[str, Any]) -> None:
    pack = load_reference()
    gaps = findings.important_gaps(tables, pack, limit=10)
    assert [(g.role, g.kind, g.status) for g in gaps] == [
        ("policy_regulation", "uncovered", "uncovered"),
        ("urban_planning_integration", "unheard", "uncovered"),
        ("strategic_planning", "no_lead", "no_lead"),
        ("funding", "owner_missing", "covered"),
    ]
    assert gaps[0].owners == ("municipality", "ngo")
    assert gaps[3].contributor_categories == ("ict_company",)
    assert [g.role for g in findings.important_gaps(tables, pack)] == [
        "policy_regulation", "urban_planning_integration", "strategic_planning",
    ]  # fmt: skip


def test_overlaps_rank_by_leaders_and_say_who_may_be_named(tables: dict[str, Any]) -> None:
    pack = load_reference()
    ranked = findings.contested_roles(tables, pack)
    assert [(o.role, o.leaders, o.all_named) for o in ranked] == [
        ("stakeholder_engagement", 3, False),  # one of its three leaders declined
        ("coordination", 2, True),
    ]
    listed = findings.contested_roles(tables, pack, limit=None, ranked=False)
    assert [o.role for o in listed] == ["coordination", "stakeholder_engagement"]


def test_the_lists_the_summaries_show(tables: dict[str, Any]) -> None:
    assert findings.roles_with(tables, Coverage.UNCOVERED) == [
        "urban_planning_integration", "policy_regulation",
    ]  # fmt: skip
    assert findings.unheard_roles(tables) == ["urban_planning_integration"]
    assert findings.filled_in_roles(tables) == ["funding"]
    assert findings.voiceless_categories(tables) == ["urban_planners"]
    assert findings.largest_gaps(tables) is None  # anonymous: no organisation tables


@pytest.mark.parametrize(
    ("heard", "expected"), [(False, True), (True, False), (None, False), (float("nan"), False)]
)
def test_not_heard_only_when_the_owners_were_surely_not_heard(heard: Any, expected: bool) -> None:
    class Row:
        primary_owners_heard = heard

    assert findings.not_heard(Row()) is expected
