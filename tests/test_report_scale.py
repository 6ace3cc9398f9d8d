"""A 200-organisation campaign renders: long tables split across pages, headers repeated."""

from __future__ import annotations

import random
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import valid_answers
from sscassess.campaign.folder import Campaign
from sscassess.pipeline import analyse_campaign
from sscassess.reference.pack import load_reference
from sscassess.report import build_city_report, load_template

pytestmark = pytest.mark.skipif(
    not shutil.which("pdftotext") or not shutil.which("qpdf"), reason="needs poppler-utils and qpdf"
)


def test_a_200_organisation_city_report_renders(tmp_path: Path) -> None:
    pack = load_reference()
    categories = [c.id for c in pack.categories if not c.subtypes]
    rng = random.Random(3)
    campaign = Campaign.init(tmp_path / "camp", "Bigtown", allow_open_responses=True)
    files = []
    for i in range(200):
        answers = valid_answers(roles={r.id: rng.choice([0, 1, 2, 3, 4]) for r in pack.roles})
        answers["organisation"].update(  # type: ignore[union-attr]
            {
                "name": f"Organisation {i:03d} of Bigtown",
                "category": categories[i % len(categories)],
            }
        )
        path = tmp_path / f"{i}.yaml"
        path.write_text(yaml.safe_dump(answers), encoding="utf-8")
        files.append(path)
    try:
        assert all(r.status == "imported" for r in campaign.iter_import(files, unverified=True))
        analysis = analyse_campaign(campaign)
    finally:
        campaign.close()
    pdf = tmp_path / "city.pdf"
    ctx = build_city_report(analysis, pdf, load_template(), "en")
    heatmaps = [name for name, _ in ctx.charts if name == "role_heatmap"]
    assert len(heatmaps) == 5  # 40 organisations per heat map
    assert subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True).returncode == 0
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    for i in range(200):
        # in the heat-map numbers, role fit and coverage lists at least
        assert text.count(f"Organisation {i:03d} of Bigtown") >= 2, i
    # the 200-row role-fit table runs over five pages or more, its header repeated on each
    assert text.count("Aims met") >= 5
