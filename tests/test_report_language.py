"""A French or Spanish report is wholly in French or Spanish (issue: every report in its reader's language).

The demo campaign's city report and every organisation report are rendered in French and in
Spanish and read back with pdftotext. Outside what the organisations wrote themselves (their
names, their free text) and the pack's pointers into the English source (``§4.1``, "list item
a", the report's own title), no English word of the stop list and no raw code
(``no_lead``, ``draft_not_counted``) may appear.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from sscassess.campaign.folder import Campaign
from sscassess.demo.builder import build_demo
from sscassess.pipeline import write_reports

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext")

ROOT = Path(__file__).resolve().parents[1]
#: English words that are not French or Spanish words (nor parts of the demo's names).
STOP_WORDS = {
    "the", "and", "with", "which", "nobody", "none", "not", "heard", "response", "responses",
    "uncovered", "contested", "leads", "leader", "leaders", "draft", "signed", "counted",
    "expected", "owner", "owners", "gap", "gaps", "answered", "submitted", "invited", "fulfils",
    "beyond", "reference", "organisation", "role", "roles", "unverified", "should", "would",
    "between", "mean", "share", "shares", "who", "what", "each", "every", "from", "their", "this",
    "that", "there", "page", "contents", "appendix", "summary", "findings", "evidence", "aims",
    "challenges", "constraints", "recommendation", "recommendations", "method", "category",
    "categories", "pursued", "unpursued", "reported", "improved", "worsened", "unchanged",
    "accountable", "responsible", "consulted", "informed", "supporting", "primary", "partial",
}  # fmt: skip
#: Stop words that are words of the language too ("page" in French, "roles" in Spanish).
NATIVE = {"fr": {"page", "organisation"}, "es": {"roles"}}
RAW_CODE = re.compile(r"\b[a-z]+_[a-z_]+\b")
WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


def _pack_pointers() -> set[str]:
    """The pack's pointers into the English source (``source`` fields), kept as written."""
    pointers: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "source" and isinstance(value, str):
                    pointers.add(" ".join(value.split()))
                elif key == "source" and isinstance(value, dict):  # pack.yaml's citation
                    pointers.update(" ".join(str(v).split()) for v in value.values())
                else:
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for path in (ROOT / "reference" / "itu_fg_ssc_2015").glob("*.yaml"):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return pointers


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("language")
    demo = build_demo(root / "demo", 12, 3, reports="none")
    campaign = Campaign.open(demo.root)
    try:
        written = {
            lang: write_reports(
                campaign, root / lang, organisations=True, lang=lang, invariant=True, jobs=1
            )
            for lang in ("fr", "es")
        }
        english = write_reports(campaign, root / "en", lang="en", invariant=True, jobs=1)[0]
        names: set[str] = set()
        free: list[str] = []
        for r in campaign.store.responses():
            names.update(w.lower() for w in WORD.findall(r.organisation))
            free += [v for v in r.answers.values() if isinstance(v, str)]
        for inv in campaign.store.invitations():
            names.update(w.lower() for w in WORD.findall(inv.organisation))
        for value in (campaign.config.city, campaign.config.round or ""):
            names.update(w.lower() for w in WORD.findall(value))
    finally:
        campaign.close()
    return {
        "written": written,
        "english": english,
        "allowed": names,
        # Cut out of the text, longest first: the respondents' own words and the pointers.
        "free_text": sorted(
            {" ".join(t.split()) for t in free if t.strip()} | _pack_pointers(),
            key=len,
            reverse=True,
        ),
    }


def _text(pdf: Path, free_text: list[str]) -> str:
    """The PDF's text, whitespace collapsed, with the respondents' own free text cut out."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", pdf, "-"], capture_output=True, check=True)
    text = " ".join(out.stdout.decode("utf-8").split())
    for quote in free_text:  # longest first
        text = text.replace(quote, " ")
    return text


def _foreign(text: str, lang: str, allowed: set[str]) -> set[str]:
    words = {w for w in (m.lower() for m in WORD.findall(text)) if w in STOP_WORDS - NATIVE[lang]}
    codes = {c for c in RAW_CODE.findall(text) if not set(c.split("_")) <= allowed}
    return (words - allowed) | codes


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_no_english_word_and_no_raw_code_in_the_reports(reports: dict[str, Any], lang: str) -> None:
    allowed = reports["allowed"]
    found: dict[str, set[str]] = {}
    pdfs = reports["written"][lang]
    assert len(pdfs) >= 8  # the city report and the responding organisations'
    for pdf in pdfs:
        bad = _foreign(_text(pdf, reports["free_text"]), lang, allowed)
        if bad:
            found[pdf.name] = bad
    assert found == {}


def test_the_check_finds_english_in_an_english_report(reports: dict[str, Any]) -> None:
    text = _text(reports["english"], reports["free_text"])
    found = _foreign(text, "fr", reports["allowed"])
    assert {"the", "and", "uncovered", "contested", "responses", "evidence"} <= found
    codes = _foreign("Rôle « no_lead » : draft_not_counted", "fr", set())
    assert {"no_lead", "draft_not_counted"} <= codes
