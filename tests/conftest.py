"""Shared fixtures: a minimal, valid reference pack written file by file."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

from sscassess.core.errors import SscError

# Stable terminal output for every test (and subprocess) in the suite.
os.environ.update({"NO_COLOR": "1", "COLUMNS": "80", "TERM": "dumb"})
# The command line speaks the environment's language; the tests read English unless they
# choose another (tests/test_cli_language.py), whatever the machine's locale.
os.environ["LANGUAGE"] = "en"
# The questionnaire cache of this test run (and its subprocesses), not the user's.
_CACHE = tempfile.mkdtemp(prefix="sscassess-test-cache-")
atexit.register(shutil.rmtree, _CACHE, ignore_errors=True)
os.environ["XDG_CACHE_HOME"] = _CACHE
# The respondent's data folder (drafts, last responses) of this test run, not the user's.
_DATA = tempfile.mkdtemp(prefix="sscassess-test-data-")
atexit.register(shutil.rmtree, _DATA, ignore_errors=True)
os.environ["XDG_DATA_HOME"] = _DATA

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


MINIMAL_QUESTIONNAIRE = """\
id: tiny-q
version: "1"
title: Tiny survey
reference: pack
languages: [en]
scales:
  - id: involvement
    points:
      - {value: 0, label: None}
      - {value: 1, label: Some}
      - {value: 2, label: Lots}
sections:
  - id: org
    title: Organisation
    questions:
      - {id: name, type: text, maps_to: organisation.name, label: Name, validation: {max_length: 20}}
      - {id: category, type: single, maps_to: organisation.category, label: Category, choices: {from: categories}}
      - {id: subtype, type: single, maps_to: organisation.subtype, label: Kind, choices: {from: subtypes}, when: {question: category, equals: city}}
      - {id: size, type: number, required: false, label: Staff, validation: {min: 0, max: 100, integer: true}}
      - {id: named, type: confirm, label: "Named?"}
  - id: work
    title: Work
    questions:
      - {id: roles, type: role_matrix, maps_to: roles, label: Involvement}
      - {id: aims, type: multi, maps_to: aims, other: true, label: Aims, choices: {from: aims}, validation: {max_selected: 1}}
      - {id: mood, type: scale, scale: involvement, label: Mood, required: false}
      - {id: why, type: text, label: Why, when: {any: [{question: mood, in: [0]}, {question: named, equals: false}]}}
      - {id: colour, type: single, label: Colour, required: false, choices: [{value: red, label: Red}, {value: blue, label: Blue}]}
      - {id: extras, type: multi, label: Extras, required: false, choices: [{value: a, label: A}, {value: b, label: B}], when: {question: colour, not_in: [red]}}
      - {id: note, type: text, required: false, label: Note, when: {question: extras, includes: a}}
"""


@pytest.fixture
def make_questionnaire(make_pack: Callable[..., Path]) -> Callable[..., Path]:
    """Write the minimal pack and a questionnaire beside it; returns the questionnaire file."""

    def make(text: str = MINIMAL_QUESTIONNAIRE, **pack_files: str) -> Path:
        folder = make_pack(**pack_files)
        path = folder.parent / "tiny-q.yaml"
        path.write_text(text, encoding="utf-8")
        return path

    return make


# CI runs the property tests derandomised, so a red build is reproducible.
from hypothesis import settings as _hsettings  # noqa: E402

_hsettings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
_hsettings.register_profile("dev", deadline=None)
_hsettings.load_profile("ci" if os.environ.get("CI") else "dev")


def valid_answers(roles: dict[str, int] | None = None, **answers: object) -> dict[str, object]:
    """A complete, valid answers document for the shipped questionnaire (no organisation)."""
    from sscassess.reference.pack import load_reference

    ratings = {r.id: 0 for r in load_reference().roles}
    ratings.update(roles or {})
    base: dict[str, object] = {
        "consent_named": True,
        "roles": ratings,
        "aims": ["service_efficiency"],
        "potential": ["data"],
    }
    base.update(answers)
    return {
        "questionnaire": "ssc-stakeholder-self-assessment",
        "organisation": {"scale": "local", "sector": "public"},
        "answers": base,
    }


def _campaign(tmp_path: Path, store: str | None):  # type: ignore[no-untyped-def]
    from sscassess.campaign.folder import Campaign

    c = Campaign.init(tmp_path / "camp", "Lakeside", "XX", "2026", store=store)
    c.invite("Lakeside Water", "utility_provider")
    c.invite("City of Lakeside", "municipality", "city_administration")
    c.invite("Lakeside University", "academia_research", "university")
    return c


@pytest.fixture
def campaign(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A fresh SQLite campaign with three invited organisations."""
    c = _campaign(tmp_path, None)
    yield c
    c.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def any_campaign(request: pytest.FixtureRequest, tmp_path: Path):  # type: ignore[no-untyped-def]
    """The same campaign on each store back end: the import tests run against both."""
    store = None if request.param == "sqlite" else request.getfixturevalue("pg_url")
    c = _campaign(tmp_path, store)
    yield c
    c.close()


@pytest.fixture(scope="session")
def pg_url() -> object:
    """URL of a throwaway PostgreSQL database on 127.0.0.1 (skips when none can be had)."""
    from pgserver import postgres_server

    try:
        server = postgres_server()
        url = server.__enter__()
    except (RuntimeError, OSError) as exc:
        pytest.skip(f"no PostgreSQL server for this test: {exc}")
    except Exception as exc:  # initdb or pg_ctl failed: show why, do not hide it as a skip
        raise RuntimeError(f"could not start the test PostgreSQL server: {exc}") from exc
    yield url
    server.__exit__(None, None, None)


@pytest.fixture
def run(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Callable[..., tuple[int, str, str]]:
    """The CLI run in-process from ``tmp_path``: ``run(*args)`` gives (exit code, out, err)."""
    from sscassess.cli.main import main

    monkeypatch.chdir(tmp_path)

    def _run(*args: str) -> tuple[int, str, str]:
        with pytest.raises(SystemExit) as info:
            main(list(args))
        out = capsys.readouterr()
        return int(info.value.code or 0), out.out, out.err

    return _run


def as_typed(error: SscError, command: str = "answer") -> str:
    """An error's message as the command line prints it for ``command``: options as its flags."""
    from sscassess.cli.common import spelling
    from sscassess.cli.main import cli

    return str(error.spelt(spelling(cli.commands[command], cli)))
