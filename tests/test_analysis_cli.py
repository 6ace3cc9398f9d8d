"""`sscassess analyze` on a real SQLite campaign with the shipped questionnaire and pack."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from conftest import valid_answers
from sscassess.campaign.folder import Campaign
from sscassess.respond import answer_with_invitation

Run = Callable[..., tuple[int, str, str]]
HOSTILE = '=HYPERLINK("http://evil.example","x")'


def submit(campaign: Campaign, slug: str, tmp_path: Path, **answers: object) -> None:
    src = tmp_path / f"{slug}.yaml"
    src.write_text(yaml.safe_dump(valid_answers(**answers)), encoding="utf-8")  # type: ignore[arg-type]
    out = tmp_path / f"{slug}.response.json"
    answer_with_invitation(campaign.root / "invitations" / f"{slug}.yaml", src, out)
    assert campaign.import_file(out).status == "imported"


@pytest.fixture
def analysed(campaign: Campaign, tmp_path: Path) -> Campaign:
    # Water leads infrastructure and coordination; the city also leads coordination
    # (contested) and contributes to strategic planning without leading it (no lead).
    submit(campaign, "lakeside_water", tmp_path,
           roles={"infrastructure": 4, "coordination": 4, "service_delivery": 3},
           comments=HOSTILE, challenges=["budget_constraints"])  # fmt: skip
    submit(campaign, "city_of_lakeside", tmp_path,
           roles={"city_leadership": 4, "coordination": 4, "strategic_planning": 3},
           challenges=["budget_constraints", "silos_coordination"])  # fmt: skip
    return campaign


def test_terminal_summary(run: Run, analysed: Campaign) -> None:
    code, out, err = run("analyze", str(analysed.root))
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == f"Lakeside 2026 {analysed.id}  privacy: named"
    assert lines[1] == "Responses counted 2; invited 3, answered 2 (67%); unverified 0"
    # Wrapped to the 80 columns the suite's COLUMNS gives.
    assert lines[2:4] == [
        "Roles with a contributor 5/24 (21%): covered 2, no lead 2, contested 1,",
        "  uncovered 19",
    ]
    assert all(len(line) <= 80 for line in lines)
    assert "Contested: coordination (City of Lakeside, Lakeside Water)" in lines
    assert "No lead: strategic_planning, service_delivery" in lines
    assert "  City of Lakeside                     stakeholder_engagement       0/3" in lines
    assert "  REC-10  Use the stakeholder map to coordinate SSC work" in lines


def test_terminal_summary_in_french(run: Run, analysed: Campaign) -> None:
    code, out, err = run("analyze", str(analysed.root), "--lang", "fr")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == f"Lakeside 2026 {analysed.id}  confidentialité : named"
    assert lines[1] == (
        "Réponses comptées 2 ; invitées 3, ayant répondu 2 (67\u00a0%) ; non vérifiées 0"
    )
    assert "Disputés : coordination (City of Lakeside, Lakeside Water)" in lines
    assert "Sans pilote : strategic_planning, service_delivery" in lines
    assert "Couverts seulement hors des catégories attendues : aucun" in lines


def test_json_holds_every_table_by_name(run: Run, analysed: Campaign) -> None:
    code, out, _ = run("analyze", str(analysed.root), "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert list(data["tables"]) == [
        "summary", "participation", "organisation_roles", "role_fit", "category_roles",
        "role_coverage", "aims_alignment", "challenges", "potential", "constraints",
        "item_frequencies", "collaboration", "recommendations", "actions", "raci", "free_text",
        "data_quality",
    ]  # fmt: skip
    assert data["meta"]["campaign_id"] == analysed.id
    assert data["meta"]["questionnaire"]["sha256"] == analysed.questionnaire.sha256
    coverage = {r["role"]: r for r in data["tables"]["role_coverage"]}
    assert coverage["coordination"]["status"] == "contested"
    assert coverage["coordination"]["leader_organisations"] == [
        "City of Lakeside",
        "Lakeside Water",
    ]
    assert coverage["infrastructure"]["status"] == "covered"
    assert len(data["tables"]["organisation_roles"]) == 2 * 24
    fit = {r["organisation"]: r["role_fit"] for r in data["tables"]["role_fit"]}
    # Water (utility_provider): primary infrastructure (3), supporting service_delivery and
    # data_provision (2 each): only data_provision is missed, 2 of 7.
    assert fit["Lakeside Water"] == 0.7143
    ids = {r["organisation"]: r["response_id"] for r in data["tables"]["role_fit"]}
    assert data["tables"]["free_text"] == [
        {"response_id": ids["Lakeside Water"],
         "organisation": "Lakeside Water", "category": "utility_provider",
         "question": "comments", "text": HOSTILE},
    ]  # fmt: skip


def test_csv_one_file_per_table_formula_safe(run: Run, analysed: Campaign, tmp_path: Path) -> None:
    out_dir = tmp_path / "tables"
    code, out, _ = run("analyze", str(analysed.root), "--format", "csv", "--out", str(out_dir))
    assert (code, out) == (0, f"Wrote 17 tables to {out_dir}\n")
    assert sorted(p.name for p in out_dir.iterdir())[:4] == [
        "actions.csv", "aims_alignment.csv", "category_roles.csv", "challenges.csv",
    ]  # fmt: skip
    raw = (out_dir / "free_text.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ["response_id", "organisation", "category", "question", "text"]
    assert rows[1][4] == "'" + HOSTILE
    coverage = list(
        csv.DictReader(io.StringIO((out_dir / "role_coverage.csv").read_text("utf-8-sig")))
    )
    assert coverage[3]["leader_organisations"] == "City of Lakeside; Lakeside Water"


def test_xlsx_one_sheet_per_table_and_no_formula(run: Run, analysed: Campaign) -> None:
    code, out, _ = run("analyze", str(analysed.root), "--format", "xlsx")
    target = analysed.root / "reports" / "analysis.xlsx"
    assert (code, out) == (0, f"Wrote 17 tables to {target}\n")
    with zipfile.ZipFile(target) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
        assert len(sheets) == 17
        for name in sheets:
            assert b"<f>" not in z.read(name)
    from openpyxl import load_workbook

    wb = load_workbook(target)
    assert wb.sheetnames[0] == "summary" and wb.sheetnames[-1] == "data_quality"
    assert wb["free_text"]["E2"].value == "'" + HOSTILE
    assert wb["free_text"]["E2"].data_type == "s"


def test_privacy_and_language_options(run: Run, analysed: Campaign) -> None:
    code, _, err = run("analyze", str(analysed.root), "--privacy", "anonymous")
    assert code == 2
    assert err == (
        "error: an anonymous analysis needs at least 3 responses and this one has 2; collect "
        "more answers, or use --privacy pseudonymous\n"
    )
    code, out, _ = run("analyze", str(analysed.root), "--privacy", "pseudonymous")
    assert code == 0 and "Contested: coordination (MUN-1, UTL-1)" in out
    assert "Lakeside Water" not in out
    code, out, _ = run("analyze", str(analysed.root), "--format", "json", "--lang", "fr")
    names = {r["role"]: r["role_name"] for r in json.loads(out)["tables"]["role_coverage"]}
    assert names["funding"] == "Financement et investissement"
    code, _, err = run("analyze", str(analysed.root), "--lang", "de")
    assert code == 2 and "language 'de' is not in pack itu_fg_ssc_2015" in err


def test_out_needs_a_file_format(run: Run, analysed: Campaign) -> None:
    code, _, err = run("analyze", str(analysed.root), "--out", "x.txt")
    assert (code, err) == (2, "error: --out needs --format json, csv or xlsx\n")


def test_previous_round_adds_round_tables(run: Run, analysed: Campaign, tmp_path: Path) -> None:
    earlier = Campaign.init(tmp_path / "earlier", "Lakeside", "XX", "2025")
    earlier.invite("Lakeside Water", "utility_provider")
    (tmp_path / "round1").mkdir()
    submit(earlier, "lakeside_water", tmp_path / "round1", roles={"infrastructure": 3})
    earlier.close()
    code, out, _ = run(
        "analyze", str(analysed.root), "--format", "json", "--previous", str(earlier.root)
    )
    assert code == 0
    data = json.loads(out)
    roles = {r["role"]: r for r in data["tables"]["round_changes_roles"]}
    assert (roles["infrastructure"]["status_before"], roles["infrastructure"]["status_after"],
            roles["infrastructure"]["change"]) == ("no_lead", "covered", "improved")  # fmt: skip
    orgs = {r["organisation"]: r["change"] for r in data["tables"]["round_changes_organisations"]}
    assert orgs == {"City of Lakeside": "new", "Lakeside Water": "improved"}
    assert data["meta"]["previous"]["round"] == "2025"


def test_an_empty_campaign_analyses_without_error(run: Run, campaign: Campaign) -> None:
    code, out, err = run("analyze", str(campaign.root))
    assert (code, err) == (0, "")
    assert "Responses counted 0; invited 3, answered 0 (0%); unverified 0" in out
    assert "no_responses: no submitted response is counted yet" in out


def test_not_a_campaign(run: Run, tmp_path: Path) -> None:
    code, _, err = run("analyze", str(tmp_path))
    assert code == 2
    assert "is not a campaign folder (no campaign.yaml)" in err
