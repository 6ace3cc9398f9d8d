"""The shipped ITU FG-SSC pack: fixed ids, a complete matrix, honest provenance."""

from __future__ import annotations

import pytest

from sscassess.reference.model import ReferencePack
from sscassess.reference.pack import load_reference

CATEGORIES = [
    "municipality", "national_regional_government", "city_services_company", "utility_provider",
    "ict_company", "ngo", "international_organisation", "industry_association",
    "academia_research", "citizens", "urban_planners", "standardisation_body",
]  # fmt: skip
ROLES = [
    "city_leadership", "strategic_planning", "urban_planning_integration", "coordination",
    "stakeholder_engagement", "policy_regulation", "funding", "infrastructure",
    "platforms_integration", "service_delivery", "procurement_contracting", "data_provision",
    "research", "capacity_building", "innovation_transfer", "standards_interoperability",
    "measurement_kpis", "citizen_participation", "social_inclusion", "transparency_information",
    "promotion_advocacy", "knowledge_sharing", "advisory", "service_use",
]  # fmt: skip
AIMS = [
    "service_efficiency", "environmental_sustainability", "economic_sustainability",
    "social_sustainability_participation", "quality_of_life", "business_growth",
    "knowledge_creation", "common_framework_measurement", "planning_integration",
    "enabling_regulation", "inclusion", "valued_services",
]  # fmt: skip
CHALLENGES = [
    "budget_constraints", "silos_coordination", "long_term_commitment", "no_common_framework",
    "regulatory_barriers", "expertise_gap", "citizen_perception", "inequality_exclusion",
    "power_imbalance", "engagement_overhead", "not_recognised", "academia_industry_gap",
    "urban_complexity", "development_gap", "operational_challenges",
    "urbanisation_climate_pressure",
]  # fmt: skip

# The cells the toolkit adds where the report is silent (closing note of the foundation issue).
INTERPRETATION_CELLS = {
    ("municipality", "funding"),
    ("city_services_company", "data_provision"),
    ("utility_provider", "data_provision"),
    ("ict_company", "innovation_transfer"),
    ("ict_company", "standards_interoperability"),
    ("ngo", "citizen_participation"),
    ("international_organisation", "knowledge_sharing"),
    ("international_organisation", "standards_interoperability"),
}

# The report's own matrix (digest §5.2), row by row: role -> {category: P|S}.
REPORT_MATRIX = {
    "city_leadership": {"municipality": "P"},
    "strategic_planning": {"municipality": "P", "national_regional_government": "S", "urban_planners": "S"},
    "urban_planning_integration": {"academia_research": "S", "urban_planners": "P"},
    "coordination": {"municipality": "P", "national_regional_government": "S"},
    "stakeholder_engagement": {"municipality": "P"},
    "policy_regulation": {"national_regional_government": "P"},
    "funding": {"international_organisation": "P", "citizens": "S"},
    "infrastructure": {"national_regional_government": "S", "utility_provider": "P", "ict_company": "P"},
    "platforms_integration": {"municipality": "S", "ict_company": "P"},
    "service_delivery": {"municipality": "S", "city_services_company": "P", "utility_provider": "S"},
    "procurement_contracting": {"municipality": "P", "city_services_company": "S"},
    "data_provision": {"national_regional_government": "S", "citizens": "P"},
    "research": {"academia_research": "P"},
    "capacity_building": {"academia_research": "P"},
    "innovation_transfer": {"academia_research": "P", "citizens": "S"},
    "standards_interoperability": {"academia_research": "S", "standardisation_body": "P"},
    "measurement_kpis": {"municipality": "S", "academia_research": "S", "standardisation_body": "P"},
    "citizen_participation": {"municipality": "S", "citizens": "P"},
    "social_inclusion": {"ngo": "P", "academia_research": "S"},
    "transparency_information": {"municipality": "P", "citizens": "S"},
    "promotion_advocacy": {
        "municipality": "S", "international_organisation": "P", "industry_association": "P",
        "academia_research": "S",
    },
    "knowledge_sharing": {"municipality": "S", "industry_association": "S", "academia_research": "S"},
    "advisory": {"industry_association": "S", "academia_research": "P", "urban_planners": "S"},
    "service_use": {"citizens": "P"},
}  # fmt: skip


@pytest.fixture(scope="module")
def pack() -> ReferencePack:
    return load_reference()


def test_fixed_ids_in_order(pack: ReferencePack) -> None:
    assert [c.id for c in pack.categories] == CATEGORIES
    assert [r.id for r in pack.roles] == ROLES
    assert [r.code for r in pack.roles] == [f"R{i:02d}" for i in range(1, 25)]
    assert [a.id for a in pack.aims] == AIMS
    assert [c.id for c in pack.challenges] == CHALLENGES
    assert [s.id for s in pack.category("ict_company").subtypes] == [
        "telecom_operator", "software_company", "startup", "other",
    ]  # fmt: skip


def test_recommendations_cover_the_digest(pack: ReferencePack) -> None:
    assert [r.id for r in pack.recommendations] == [f"REC-{i}" for i in range(1, 28)]
    triggered = [r.id for r in pack.recommendations if r.kind == "triggered"]
    assert len(triggered) >= 20
    assert set(pack.triggers) == set(triggered)


def test_report_cells_match_the_report_matrix(pack: ReferencePack) -> None:
    report = {
        (c.role, c.category): "P" if c.level == "primary" else "S"
        for c in pack.matrix()
        if c.basis == "report"
    }
    expected = {(role, cat): lvl for role, row in REPORT_MATRIX.items() for cat, lvl in row.items()}
    assert report == expected


def test_interpretation_cells_are_few_supporting_and_justified(pack: ReferencePack) -> None:
    cells = [c for c in pack.matrix() if c.basis == "interpretation"]
    assert {(c.category, c.role) for c in cells} == INTERPRETATION_CELLS
    for cell in cells:
        assert cell.level == "supporting"
        assert pack.text(cell.rationale).endswith(".")


def test_full_matrix_has_provenance_on_every_expectation(pack: ReferencePack) -> None:
    cells = list(pack.matrix())
    assert len(cells) == 12 * 24
    for cell in cells:
        if cell.level == "none":
            assert cell.basis is None
        elif cell.basis == "report":
            assert cell.source
        else:
            assert cell.rationale


def test_every_category_owns_a_role_and_every_role_has_an_owner_or_reason(
    pack: ReferencePack,
) -> None:
    for cat in CATEGORIES:
        assert any(pack.level(cat, r) == "primary" for r in ROLES), cat
    unowned = [
        r.id for r in pack.roles if not any(pack.level(c, r.id) == "primary" for c in CATEGORIES)
    ]
    assert unowned == ["knowledge_sharing"]
    assert pack.role("knowledge_sharing").no_primary_reason is not None


def test_columns_not_in_source_are_empty_and_say_so(pack: ReferencePack) -> None:
    missing = 0
    for cat in pack.categories:
        for name in (
            "scale_sector",
            "aims",
            "challenges",
            "potential",
            "constraints",
            "contribution",
        ):
            column = getattr(cat.annex, name)
            if column.status == "not_in_source":
                missing += 1
                assert column.items == [] and column.statements == [] and column.note is not None
    assert missing > 0
    # Only academia and citizens have Annex 1 rows in the source.
    table_rows = {
        cat.id
        for cat in pack.categories
        for name in ("aims", "challenges", "potential", "constraints", "contribution")
        if getattr(cat.annex, name).status == "report_table"
    }
    assert table_rows == {"academia_research", "citizens"}


def test_matrix_frame_is_long_and_typed(pack: ReferencePack) -> None:
    frame = pack.matrix_frame()
    assert list(frame.columns) == [
        "category", "role", "level", "expected_involvement", "basis", "source", "rationale",
    ]  # fmt: skip
    assert len(frame) == 288
    assert frame["expected_involvement"].value_counts().to_dict() == {0: 230, 2: 33, 3: 25}


def test_sha256_is_stable(pack: ReferencePack) -> None:
    from sscassess.reference.pack import _load_cached

    _load_cached.cache_clear()
    again = load_reference("itu_fg_ssc_2015")
    assert again is not pack
    assert again.sha256 == pack.sha256
    assert len(pack.sha256) == 64


def test_no_text_is_copied_from_the_digest(pack: ReferencePack) -> None:
    """Paraphrase check: no run of 9 words of the digest appears in the pack's prose.

    Source pointers and the citation of the report are not prose and are not checked.
    """
    import re
    from pathlib import Path

    from sscassess.core.resources import data_dir
    from sscassess.core.yamlio import load_yaml_file

    digest = (
        Path(__file__).resolve().parents[2]
        / "shared" / "reference-source" / "itu-fg-ssc-stakeholders-digest.md"
    )  # fmt: skip
    if not digest.is_file():
        pytest.skip("the source digest (../shared/reference-source) is not beside this checkout")

    def words(text: str) -> list[str]:
        return re.findall(r"[a-z0-9']+", text.lower())

    def prose(value: object) -> list[str]:
        if isinstance(value, dict):
            if "en" in value and all(isinstance(v, str) for v in value.values()):
                return list(value.values())
            return [t for v in value.values() for t in prose(v)]
        if isinstance(value, list):
            return [t for v in value for t in prose(v)]
        return []

    source = words(digest.read_text(encoding="utf-8"))
    grams = {tuple(source[i : i + 9]) for i in range(len(source) - 8)}
    copied = []
    for path in sorted(data_dir("reference").joinpath(pack.id).glob("*.yaml")):
        for text in prose(load_yaml_file(path).data):
            w = words(text)
            if any(tuple(w[i : i + 9]) in grams for i in range(len(w) - 8)):
                copied.append(f"{path.name}: {text[:80]}")
    assert copied == []
