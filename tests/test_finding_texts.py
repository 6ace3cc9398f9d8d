"""Findings are codes with parameters; every renderer words them in its reader's language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sscassess.analysis.messages import (
    EVIDENCE,
    NOTES,
    SOURCES,
    STATUS_WORDS,
    SUBJECTS,
    pack_names,
    render,
    subject_text,
)
from sscassess.campaign.folder import Campaign
from sscassess.core.i18n import translator
from sscassess.demo.builder import build_demo
from sscassess.pipeline import analyse_campaign
from sscassess.reference.pack import load_reference

#: Parameters every message may use, by name (see sscassess.analysis.messages).
SAMPLE = {
    "count": 2, "min_group": 3, "answered": 3, "total": 39, "source": "unverified-file",
    "categories": ["ngo", "citizens"], "role": "funding", "category": "ngo",
    "aim": "inclusion", "challenge": "budget_constraints", "status": "no_lead", "share": 0.32,
    "organisation": "Lakeside Water", "group": "declined",
}  # fmt: skip


@pytest.fixture(scope="module")
def pack():  # type: ignore[no-untyped-def]
    return load_reference()


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
@pytest.mark.parametrize(
    "table", [NOTES, EVIDENCE, SUBJECTS], ids=["notes", "evidence", "subjects"]
)
def test_every_finding_renders_whole_in_each_language(pack, table, lang: str) -> None:  # type: ignore[no-untyped-def]
    names = pack_names(pack, lang)
    for code in table:
        text = render(table, code, SAMPLE, translator(lang), names)
        assert "{" not in text and "}" not in text, (code, text)
        assert not re.search(r"\b[a-z]+_[a-z_]+\b", text), (code, text)


def test_parameters_are_shown_by_their_kind(pack) -> None:  # type: ignore[no-untyped-def]
    fr, names = translator("fr"), pack_names(pack, "fr")
    assert render(EVIDENCE, "challenge_reported", SAMPLE, fr, names) == (
        "Budgets limités : 32\u00a0% des organisations"
    )
    assert render(EVIDENCE, "role_status", SAMPLE, translator("en"), pack_names(pack, "en")) == (
        "Funding and investment: no lead"
    )
    assert subject_text("responses", {"count": 1}, translator("en"), names) == "1 response"
    assert subject_text("funding", {"subject_kind": "role"}, fr, names) == names("role", "funding")
    assert subject_text("Lakeside Water", {}, fr, names) == "Lakeside Water"
    assert set(STATUS_WORDS) >= {"uncovered", "no_lead", "contested", "partial", "gap"}
    assert set(SOURCES) == {"signed-file", "unverified-file", "open"}


def test_the_analysis_keeps_codes_and_params_and_words_them_in_its_language(
    tmp_path: Path,
) -> None:
    demo = build_demo(tmp_path / "demo", 12, 3, reports="none")
    campaign = Campaign.open(demo.root)
    try:
        en = analyse_campaign(campaign)
        fr = analyse_campaign(campaign, lang="fr")
    finally:
        campaign.close()
    notes_en, notes_fr = en.tables["data_quality"], fr.tables["data_quality"]
    assert list(notes_en["code"]) == list(notes_fr["code"])
    assert [dict(p) for p in notes_en["params"]] == [dict(p) for p in notes_fr["params"]]
    draft = notes_en[notes_en["code"] == "draft_not_counted"].iloc[0]
    assert draft["detail"] == (
        f"a draft ({draft['params']['answered']}/{draft['params']['total']} answered) was never "
        "submitted"
    )
    assert notes_fr[notes_fr["code"] == "draft_not_counted"].iloc[0]["detail"] != draft["detail"]
    recs_fr = fr.tables["recommendations"]
    assert len(recs_fr) > 0
    for evidence, codes in zip(recs_fr["evidence"], recs_fr["evidence_codes"], strict=True):
        assert len(evidence) == len(codes)
        assert {c["code"] for c in codes} <= set(EVIDENCE)
        assert not [e for e in evidence if re.search(r"\b[a-z]+_[a-z_]+\b", e)]
