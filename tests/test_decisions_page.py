"""The city report's "Decisions for leadership" page (issue 15), read with pdftotext.

The page follows the cover; it names, for every contested role, the organisation proposed as
accountable, for every role without a lead the proposed lead, and the categories to invite
and organisations to chase, each with its action id in the workbook's register. The
contents fit on one page. Every reason an action can give has its words.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

from sscassess.analysis.action_terms import RULES
from sscassess.campaign.folder import Campaign
from sscassess.core.vocabulary import ActionKind, Table
from sscassess.demo.builder import build_demo
from sscassess.pipeline import analyse_campaign
from sscassess.report import load_template
from sscassess.report.city import build_city_report
from sscassess.report.decisions import TOP_ACTIONS, reason_text


def lines(pdf: Path, number: int) -> list[str]:
    """Page ``number`` as pdftotext lays it out (a table row's first line is one line)."""
    done = subprocess.run(
        ["pdftotext", "-layout", "-f", str(number), "-l", str(number), str(pdf), "-"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return done.stdout.splitlines()


def page(pdf: Path, number: int) -> str:
    return " ".join(" ".join(lines(pdf, number)).split())


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("decisions")
    demo = build_demo(root / "demo", 12, 3, reports="none")
    campaign = Campaign.open(demo.root)
    try:
        analysis = analyse_campaign(campaign)
    finally:
        campaign.close()
    template = load_template()
    pdfs = {}
    for lang in ("en", "fr"):
        pdfs[lang] = root / f"city-{lang}.pdf"
        build_city_report(analysis, pdfs[lang], template, lang, invariant=True)
    return {"analysis": analysis, "pdfs": pdfs}


def test_the_page_after_the_cover_names_who_decides_what(city: dict[str, Any]) -> None:
    actions = city["analysis"].tables[Table.ACTIONS]
    text = page(city["pdfs"]["en"], 2)
    assert text.startswith(
        f"Decisions for leadership {len(actions)} actions are proposed, the most urgent first; "
        f"the first {min(TOP_ACTIONS, len(actions))} are below."
    )
    pack = city["analysis"].reference
    # Every contested role: its proposed accountable organisation, by name, with its action.
    contested = actions[actions["kind"] == ActionKind.AGREE_LEAD]
    assert len(contested) >= 1
    for r in contested.itertuples(index=False):
        role = pack.text(pack.role(r.role).short_name, "en")
        assert f"{role}: {r.owner}, rather than " in text
        assert f"({r.action})" in text
    # Every role without a lead: its proposed lead.
    for r in actions[actions["kind"] == ActionKind.ASSIGN_LEAD].itertuples(index=False):
        role = pack.text(pack.role(r.role).short_name, "en")
        assert f"{role}: {r.owner} ({r.action})" in text
    # The table: the most urgent actions, in order, each with who acts on its first line.
    rows = [line.split() for line in lines(city["pdfs"]["en"], 2) if line.startswith("ACT-")]
    top = actions.sort_values(
        ["priority", "action"], key=lambda c: c.map(_number) if c.name == "action" else c
    )
    top = top.head(TOP_ACTIONS)
    assert [r[0] for r in rows] == list(top["action"])
    for row, owner in zip(rows, top["owner"], strict=True):
        assert row[1] == (owner or "The coordination team").split()[0]


def _number(action: object) -> int:
    return int(str(action).rsplit("-", 1)[1])


def test_the_page_is_in_the_report_language(city: dict[str, Any]) -> None:
    text = page(city["pdfs"]["fr"], 2)
    assert text.startswith("Décisions pour la direction")
    assert "Responsable proposé pour chaque rôle disputé" in text
    assert "Decisions for leadership" not in text and "rather than" not in text


def test_the_contents_fit_on_one_page(city: dict[str, Any]) -> None:
    contents = page(city["pdfs"]["en"], 3)
    assert contents.startswith("Contents Decisions for leadership")
    assert "Appendix" in contents  # the last section's entry is on the same page
    assert page(city["pdfs"]["en"], 4).startswith("Executive summary")


def test_every_reason_an_action_can_give_has_its_words() -> None:
    from sscassess.core.i18n import translator
    from sscassess.report.texts import TEXTS

    class Context:  # what reason_text reads of a report context
        class template:
            @staticmethod
            def has(key: str) -> bool:
                return key in TEXTS

        @staticmethod
        def t(key: str, **values: object) -> str:
            return translator("fr").text(TEXTS[key], **values)

    pools = ("leader", "contributor", "candidate")
    rules = (*RULES, "fixed_order", "sole", "single", "none")
    fixed = ("draft_not_submitted", "no_answer", "not_submitted", "unverified_excluded",
             "not_invited", "primary_role_gap", "need_unmet", "pledge_uncovered",
             "pledge_no_lead", "pledge_owner_missing", "pledge_own_gap")  # fmt: skip
    said = {code: reason_text(Context, code) for code in
            [f"{p}_{r}" for p in pools for r in rules] + list(fixed)}  # fmt: skip
    assert all(text and text != "s.o." for text in said.values()), said
    assert said["leader_fixed_order"] == "égalité parfaite : la direction choisit"
    assert said["no_answer"] == "invitée, n'a pas répondu"
