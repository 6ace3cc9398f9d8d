"""Shared fixtures: a minimal, valid reference pack written file by file."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

# Stable terminal output for every test (and subprocess) in the suite.
os.environ.update({"NO_COLOR": "1", "COLUMNS": "80", "TERM": "dumb"})

MINIMAL_PACK: dict[str, str] = {
    "pack.yaml": """\
id: tiny
version: "1.0"
title: {en: Tiny pack}
source: {title: A report, publisher: Someone, date: "2015-03"}
languages: [en, fr]
default_language: en
""",
    "roles.yaml": """\
roles:
  - id: lead
    code: R01
    name: {en: Leadership, fr: Direction}
    short_name: {en: Leadership}
    description: {en: Leads the programme.}
  - id: data
    code: R02
    name: {en: Data provision}
    short_name: {en: Data}
    description: {en: Supplies data.}
""",
    "aims.yaml": """\
aims:
  - {id: efficiency, code: A1, name: {en: Efficiency}, description: {en: Better services.}, source: "§4.1"}
""",
    "challenges.yaml": """\
challenges:
  - {id: budget, code: C1, name: {en: Budget}, description: {en: Money is short.}, source: "§4.1"}
""",
    "potential.yaml": """\
potential:
  - {id: funding, name: {en: Funding}, description: {en: Money.}, basis: report, source: "list item g"}
""",
    "constraints.yaml": """\
constraints:
  - id: mandate
    name: {en: Mandate}
    description: {en: No legal power.}
    basis: interpretation
    rationale: {en: Competences are split between tiers.}
""",
    "categories.yaml": """\
categories:
  - id: city
    code: MUN
    list_item: a
    name: {en: City}
    description: {en: The city government.}
    subtypes:
      - {id: council, name: {en: Council}}
    role_statements:
      - {text: {en: Runs the city.}, source: "§4.1"}
    annex:
      scale_sector: {status: report_body, source: "§4.1", statements: [{en: Local; public.}]}
      aims: {status: report_body, source: "§4.1", items: [efficiency]}
      challenges: {status: report_body, source: "§4.1", items: [budget]}
      potential: {status: not_in_source, note: {en: Row not read.}}
      constraints: {status: not_in_source, note: {en: Row not read.}}
      contribution: {status: report_body, source: "§4.1", statements: [{en: Leads.}]}
  - id: people
    code: CIT
    list_item: j
    name: {en: Citizens}
    description: {en: Residents.}
    annex:
      scale_sector: {status: not_in_source, note: {en: Not read.}}
      aims: {status: not_in_source, note: {en: Not read.}}
      challenges: {status: not_in_source, note: {en: Not read.}}
      potential: {status: report_table, source: Annex 1, items: [funding]}
      constraints: {status: not_in_source, note: {en: Not read.}}
      contribution: {status: not_in_source, note: {en: Not read.}}
""",
    "expectations.yaml": """\
expectations:
  city:
    lead: {level: primary, basis: report, source: "§4.1"}
    data: {level: supporting, basis: interpretation, rationale: {en: Cities hold records.}}
  people:
    data: {level: primary, basis: report, source: "§4.10"}
""",
    "recommendations.yaml": """\
recommendations:
  - id: REC-1
    group: final_section
    title: {en: Analyse}
    text: {en: Analyse everyone.}
    concerns: all
    source: Step 3
    kind: process
  - id: REC-2
    group: role_specific
    title: {en: Find a leader}
    text: {en: Someone must lead.}
    concerns: [city]
    source: "§4.1"
    kind: triggered
    trigger:
      any:
        - role_status: {roles: [lead], status: [uncovered, no_lead]}
        - category_missing: {categories: all}
        - challenge_reported: {challenges: [budget], min_share: 0.5}
""",
}


@pytest.fixture
def make_pack(tmp_path: Path) -> Callable[..., Path]:
    """Write the minimal pack with some files replaced; returns its folder."""

    def make(**replacements: str) -> Path:
        folder = tmp_path / "pack"
        folder.mkdir(exist_ok=True)
        for name, text in MINIMAL_PACK.items():
            key = name.removesuffix(".yaml")
            (folder / name).write_text(replacements.get(key, text), encoding="utf-8")
        return folder

    return make
