"""Every validation rule of a reference pack, with its exact message and line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import MINIMAL_PACK
from sscassess.core.errors import InvalidInputError, UsageError
from sscassess.reference.pack import load_reference

MakePack = Callable[..., Path]


def problems(make_pack: MakePack, **files: str) -> list[str]:
    folder = make_pack(**files)
    with pytest.raises(InvalidInputError) as info:
        load_reference(folder)
    prefix = str(folder) + "/"
    return [str(p).replace(prefix, "") for p in info.value.problems]


def test_minimal_pack_is_valid(make_pack: MakePack) -> None:
    pack = load_reference(make_pack())
    assert [c.id for c in pack.categories] == ["city", "people"]
    assert pack.level("city", "lead") == "primary"
    assert pack.level("people", "lead") == "none"
    assert len(list(pack.matrix())) == 4
    assert pack.triggers["REC-2"].mode == "any"  # type: ignore[union-attr]
    # "all" is expanded to every category id of the pack.
    assert pack.triggers["REC-2"].parts[1].categories == ("city", "people")  # type: ignore[union-attr]


def test_unknown_key_is_named_with_its_line(make_pack: MakePack) -> None:
    roles = MINIMAL_PACK["roles.yaml"].replace(
        "    code: R02\n", "    code: R02\n    colour: red\n"
    )
    assert problems(make_pack, roles=roles) == [
        "roles.yaml:9: roles[1].colour: unknown key 'colour'"
    ]


def test_missing_key_points_at_the_item(make_pack: MakePack) -> None:
    roles = MINIMAL_PACK["roles.yaml"].replace("    short_name: {en: Data}\n", "")
    assert problems(make_pack, roles=roles) == [
        "roles.yaml:7: roles[1]: required key 'short_name' is missing"
    ]


def test_duplicate_id_names_both_lines(make_pack: MakePack) -> None:
    roles = MINIMAL_PACK["roles.yaml"] + (
        "  - {id: lead, code: R03, name: {en: L}, short_name: {en: L}, description: {en: L.}}\n"
    )
    assert problems(make_pack, roles=roles) == [
        "roles.yaml:12: roles[2].id: duplicate id 'lead' (also at line 2)"
    ]


def test_duplicate_ids_compare_after_unicode_normalisation(make_pack: MakePack) -> None:
    # Codes are free text: "R０1" (full-width zero) is the same code as "R01" after NFKC.
    roles = MINIMAL_PACK["roles.yaml"].replace("code: R02", "code: R０1")
    assert problems(make_pack, roles=roles) == [
        "roles.yaml:8: roles[1].code: duplicate code 'R０1' (also at line 3)"
    ]


def test_malformed_id(make_pack: MakePack) -> None:
    roles = MINIMAL_PACK["roles.yaml"].replace("id: data", "id: ../data")
    assert problems(make_pack, roles=roles) == [
        "roles.yaml:7: roles[1].id: '../data' is not a valid id: use lowercase letters, digits "
        "and '_', starting with a letter (at most 64 characters)"
    ]


def test_unquoted_version_is_not_silently_a_number(make_pack: MakePack) -> None:
    pack_yaml = MINIMAL_PACK["pack.yaml"].replace('version: "1.0"', "version: 1.10")
    assert problems(make_pack, pack=pack_yaml) == [
        "pack.yaml:2: version: must be text (quote it), got float 1.1"
    ]


def test_unknown_aim_in_category_column(make_pack: MakePack) -> None:
    cats = MINIMAL_PACK["categories.yaml"].replace(
        "items: [efficiency]", "items: [efficiency, speed]"
    )
    assert problems(make_pack, categories=cats) == [
        "categories.yaml:13: categories[0].annex.aims.items[1]: unknown aim 'speed' (not in aims.yaml)"
    ]


def test_not_in_source_column_must_be_empty(make_pack: MakePack) -> None:
    cats = MINIMAL_PACK["categories.yaml"].replace(
        "constraints: {status: not_in_source, note: {en: Row not read.}}",
        "constraints: {status: not_in_source, note: {en: Row not read.}, items: [mandate]}",
    )
    assert problems(make_pack, categories=cats) == [
        "categories.yaml:16: categories[0].annex.constraints: column is 'not_in_source' but lists "
        "content: remove it, or give its status and source"
    ]


def test_report_column_needs_a_source(make_pack: MakePack) -> None:
    cats = MINIMAL_PACK["categories.yaml"].replace(
        'aims: {status: report_body, source: "§4.1", items: [efficiency]}',
        "aims: {status: report_body, items: [efficiency]}",
    )
    assert problems(make_pack, categories=cats) == [
        "categories.yaml:13: categories[0].annex.aims: status 'report_body' needs a 'source' pointer"
    ]


def test_cell_for_an_unknown_role(make_pack: MakePack) -> None:
    exp = (
        MINIMAL_PACK["expectations.yaml"]
        + '    funding: {level: supporting, basis: report, source: "§4"}\n'
    )
    assert problems(make_pack, expectations=exp) == [
        "expectations.yaml:7: expectations.people.funding: unknown role 'funding' (not in roles.yaml)"
    ]


def test_cell_for_an_unknown_category(make_pack: MakePack) -> None:
    exp = (
        MINIMAL_PACK["expectations.yaml"]
        + '  ngo:\n    data: {level: primary, basis: report, source: "§4"}\n'
    )
    assert problems(make_pack, expectations=exp) == [
        "expectations.yaml:7: expectations.ngo: unknown category 'ngo'"
    ]


def test_report_cell_needs_source_and_interpretation_needs_rationale(make_pack: MakePack) -> None:
    exp = (
        MINIMAL_PACK["expectations.yaml"]
        .replace(
            'lead: {level: primary, basis: report, source: "§4.1"}',
            "lead: {level: primary, basis: report}",
        )
        .replace(
            "basis: interpretation, rationale: {en: Cities hold records.}", "basis: interpretation"
        )
    )
    assert problems(make_pack, expectations=exp) == [
        "expectations.yaml:3: expectations.city.lead: basis 'report' needs a 'source' pointer (e.g. \"§4.12\")",
        "expectations.yaml:4: expectations.city.data: basis 'interpretation' needs a one-sentence 'rationale'",
    ]


def test_unknown_level(make_pack: MakePack) -> None:
    exp = MINIMAL_PACK["expectations.yaml"].replace("level: supporting", "level: helping")
    assert problems(make_pack, expectations=exp) == [
        "expectations.yaml:4: expectations.city.data.level: 'helping' is not allowed here; "
        "expected 'primary' or 'supporting'"
    ]


def test_category_without_primary_role(make_pack: MakePack) -> None:
    exp = MINIMAL_PACK["expectations.yaml"].replace(
        'data: {level: primary, basis: report, source: "§4.10"}',
        'data: {level: supporting, basis: report, source: "§4.10"}',
    )
    assert problems(make_pack, expectations=exp) == [
        "expectations.yaml:5: expectations.people: category 'people' has no primary role: "
        "every category owns at least one",
        "roles.yaml:7: roles[1]: role 'data' is primary for no category: add a primary cell in "
        "expectations.yaml or a 'no_primary_reason'",
    ]


def test_category_missing_from_the_matrix(make_pack: MakePack) -> None:
    exp = "expectations:\n  city:\n    lead: {level: primary, basis: report, source: x}\n    data: {level: primary, basis: report, source: x}\n"
    assert problems(make_pack, expectations=exp) == [
        "expectations.yaml:1: expectations: category 'people' has no row"
    ]


def test_role_with_primary_owner_must_not_explain_its_absence(make_pack: MakePack) -> None:
    roles = MINIMAL_PACK["roles.yaml"].replace(
        "    description: {en: Supplies data.}\n",
        "    description: {en: Supplies data.}\n    no_primary_reason: {en: Shared by all.}\n",
    )
    assert problems(make_pack, roles=roles) == [
        "roles.yaml:12: roles[1].no_primary_reason: role 'data' has primary categories (people); "
        "remove 'no_primary_reason'"
    ]


def test_trigger_naming_an_unknown_role(make_pack: MakePack) -> None:
    recs = MINIMAL_PACK["recommendations.yaml"].replace("roles: [lead]", "roles: [lead, mayor]")
    assert problems(make_pack, recommendations=recs) == [
        "recommendations.yaml:18: recommendations[1].trigger.any[0].role_status.roles[1]: unknown role 'mayor'"
    ]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "category_missing: {categories: all}",
            "category_silent: {categories: all}",
            "recommendations.yaml:19: recommendations[1].trigger.any[1].category_silent: unknown trigger "
            "'category_silent'; expected one of: role_status, owner_missing, category_missing, "
            "category_gap, aim_unpursued, challenge_reported, all, any",
        ),
        (
            "min_share: 0.5",
            "min_share: 5",
            "recommendations.yaml:20: recommendations[1].trigger.any[2].challenge_reported.min_share: "
            "'min_share' is a number above 0 and at most 1",
        ),
        (
            "status: [uncovered, no_lead]",
            "status: [uncovered, orphaned]",
            "recommendations.yaml:18: recommendations[1].trigger.any[0].role_status.status: 'status' "
            "is a list of: uncovered, no_lead, contested, covered",
        ),
        (
            "{challenges: [budget], min_share: 0.5}",
            "{challenges: [budget]}",
            "recommendations.yaml:20: recommendations[1].trigger.any[2].challenge_reported: "
            "'challenge_reported' needs 'min_share'",
        ),
        (
            "        - category_missing: {categories: all}\n",
            "        - {category_missing: {categories: all}, aim_unpursued: {aims: [efficiency]}}\n",
            "recommendations.yaml:19: recommendations[1].trigger.any[1]: a trigger is a mapping with "
            "exactly one key: one of role_status, owner_missing, category_missing, category_gap, "
            "aim_unpursued, challenge_reported, all, any",
        ),
    ],
)
def test_malformed_triggers(make_pack: MakePack, old: str, new: str, expected: str) -> None:
    recs = MINIMAL_PACK["recommendations.yaml"].replace(old, new)
    assert recs != MINIMAL_PACK["recommendations.yaml"]
    assert problems(make_pack, recommendations=recs) == [expected]


def test_triggered_recommendation_without_trigger(make_pack: MakePack) -> None:
    recs = MINIMAL_PACK["recommendations.yaml"].split("    trigger:")[0]
    assert problems(make_pack, recommendations=recs) == [
        "recommendations.yaml:9: recommendations[1]: a 'triggered' recommendation needs a 'trigger'"
    ]


def test_text_without_default_language_and_undeclared_language(make_pack: MakePack) -> None:
    aims = MINIMAL_PACK["aims.yaml"].replace(
        "name: {en: Efficiency}", "name: {fr: Efficacité, de: Effizienz}"
    )
    assert problems(make_pack, aims=aims) == [
        "aims.yaml:2: aims[0].name: text has no 'en' version (the default language)",
        "aims.yaml:2: aims[0].name.de: language 'de' is not declared in pack.yaml languages",
    ]


def test_short_name_length_is_capped(make_pack: MakePack) -> None:
    roles = MINIMAL_PACK["roles.yaml"].replace(
        "short_name: {en: Data}", "short_name: {en: Data provision and open data}"
    )
    assert problems(make_pack, roles=roles) == [
        "roles.yaml:10: roles[1].short_name: 'Data provision and open data' is longer than 27 characters"
    ]


def test_problems_in_several_files_are_reported_together(make_pack: MakePack) -> None:
    roles = MINIMAL_PACK["roles.yaml"].replace(
        "    code: R02\n", "    code: R02\n    colour: red\n"
    )
    aims = MINIMAL_PACK["aims.yaml"].replace("code: A1", "code: 1")
    assert problems(make_pack, roles=roles, aims=aims) == [
        "roles.yaml:9: roles[1].colour: unknown key 'colour'",
        "aims.yaml:2: aims[0].code: must be text (quote it), got int 1",
    ]


def test_yaml_level_problem_names_the_pack_file(make_pack: MakePack) -> None:
    exp = (
        MINIMAL_PACK["expectations.yaml"]
        + "  city:\n    lead: {level: primary, basis: report, source: x}\n"
    )
    assert problems(make_pack, expectations=exp) == [
        "expectations.yaml:7: duplicate key 'city' (first defined at line 2)"
    ]


def test_missing_file_in_a_pack(make_pack: MakePack) -> None:
    folder = make_pack()
    (folder / "aims.yaml").unlink()
    with pytest.raises(InvalidInputError) as info:
        load_reference(folder)
    assert [str(p) for p in info.value.problems] == [f"{folder}/aims.yaml: no such file"]


def test_unknown_pack_spec_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError) as info:
        load_reference(tmp_path / "nowhere")
    assert str(info.value) == (
        f"no reference pack '{tmp_path / 'nowhere'}': give a shipped pack id (itu_fg_ssc_2015) "
        "or a folder holding pack.yaml"
    )


def test_folder_without_pack_yaml_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError) as info:
        load_reference(tmp_path)
    assert str(info.value) == f"{tmp_path}: not a reference pack folder (it has no pack.yaml)"


def test_sha256_ignores_comments_and_layout_but_not_content(
    make_pack: MakePack, tmp_path: Path
) -> None:
    first = load_reference(make_pack()).sha256
    reformatted = "# a comment\n" + MINIMAL_PACK["aims.yaml"].replace(
        'source: "§4.1"', "source:   '§4.1'"
    )
    other = tmp_path / "other"
    other.mkdir()
    for name, text in MINIMAL_PACK.items():
        (other / name).write_text(reformatted if name == "aims.yaml" else text, encoding="utf-8")
    assert load_reference(other).sha256 == first
    (other / "aims.yaml").write_text(
        reformatted.replace("Better services.", "Better services!"), encoding="utf-8"
    )
    load_reference.__wrapped__ if hasattr(load_reference, "__wrapped__") else None
    from sscassess.reference.pack import _load_cached

    _load_cached.cache_clear()
    assert load_reference(other).sha256 != first


def test_a_text_missing_a_declared_language_is_a_warning(make_pack, run) -> None:  # type: ignore[no-untyped-def]
    folder = make_pack()
    pack = load_reference(folder)
    shown = [str(w).removeprefix(f"{folder}/") for w in pack.warnings]
    # The minimal pack declares en and fr; most of its texts are English only.
    assert shown[:3] == [
        "pack.yaml:3: title: text has no translation for: fr",
        "roles.yaml:5: roles[0].short_name: text has no translation for: fr",
        "roles.yaml:6: roles[0].description: text has no translation for: fr",
    ]
    assert not [w for w in shown if "roles[0].name:" in w]  # {en: Leadership, fr: Direction}
    code, out, err = run("reference", "show", "--reference", str(folder))
    assert code == 0 and out
    assert (
        f"warning: {folder}/roles.yaml:5: roles[0].short_name: text has no translation for: fr"
        in err
    )


def test_the_shipped_pack_has_every_text_in_every_language() -> None:
    assert load_reference().warnings == ()
