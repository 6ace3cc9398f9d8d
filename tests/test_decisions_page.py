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
    # 30 organisations: categories of three or more, whose members see their peers' mean.
    demo = build_demo(root / "demo", 30, 3, reports="none")
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


# ---------------------------------------------------------------- the organisation's page


@pytest.fixture(scope="module")
def asked(city: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The report of the first action's owner that answered and has enough peers for a mean."""
    from sscassess.report.organisation import build_organisation_report

    analysis = city["analysis"]
    actions = analysis.tables[Table.ACTIONS]
    answered = set(analysis.tables[Table.ORGANISATION_ROLES]["response_id"])
    sizes = analysis.tables[Table.CATEGORY_ROLES].groupby("category")["organisations"].first()
    owned = next(
        a
        for _, a in actions.iterrows()
        if a["owner"]
        and a["candidates"]
        and a["candidates"][0]["response_id"] in answered
        and sizes.get(a["candidates"][0]["category"], 0) >= analysis.meta["min_group"]
    )
    response_id = owned["candidates"][0]["response_id"]
    pdf = tmp_path_factory.mktemp("asked") / "org.pdf"
    build_organisation_report(analysis, response_id, pdf, load_template(), "en", invariant=True)
    return {"pdf": pdf, "action": owned, "response_id": response_id}


def test_an_organisation_reads_what_the_city_asks_of_it(
    city: dict[str, Any], asked: dict[str, Any]
) -> None:
    text = page(asked["pdf"], 3)
    assert text.startswith("What the city asks of you")
    action = asked["action"]
    assert f"({action['action']}, priority {int(action['priority'])})" in text
    # Every action naming it as owner is listed; none it does not own is listed as its own.
    actions = city["analysis"].tables[Table.ACTIONS]
    mine = [
        a
        for a in actions.itertuples()
        if a.candidates and a.candidates[0]["response_id"] == asked["response_id"]
    ]
    assert text.count(", priority ") == len(mine)
    # The categories that want more from its category, with how many organisations.
    collaboration = city["analysis"].tables[Table.COLLABORATION]
    category = action["candidates"][0]["category"]
    wanting = collaboration[
        (collaboration["to_category"] == category) & (collaboration["needs"] > 0)
    ]
    if wanting.empty:
        assert "No category said it wants more from" in text
    else:
        assert text.count("want more from your category") + text.count(
            "wants more from your category"
        ) == len(wanting)


def peers_shown(pdf: Path, pack: Any, roles: list[str]) -> dict[str, float]:
    """The "Peers" column of an organisation report's profile table, by role."""
    table = [line.split() for p in (3, 4, 5) for line in lines(pdf, p)]
    shown = {}
    for role in roles:
        name = pack.text(pack.role(role).short_name, "en").split()
        row = next((t for t in table if t[: len(name)] == name and len(t) >= len(name) + 6), None)
        if row is not None:
            # Role, expectation, expected, you, peers, gap, status: peers is the 5th value.
            shown[role] = float(row[len(name) + 3])
    return shown


def test_the_peers_mean_leaves_the_organisation_out(
    city: dict[str, Any], asked: dict[str, Any]
) -> None:
    analysis = city["analysis"]
    roles = analysis.tables[Table.ORGANISATION_ROLES]
    mine = roles[roles["response_id"] == asked["response_id"]]
    category = mine["category"].iloc[0]
    others = roles[(roles["category"] == category) & (roles["response_id"] != asked["response_id"])]
    n = (
        analysis.tables[Table.CATEGORY_ROLES]
        .query("category == @category")["organisations"]
        .iloc[0]
    )
    if n < analysis.meta["min_group"]:
        pytest.skip("this demo's owner has too few peers for a mean")  # the seed decides
    shown = peers_shown(asked["pdf"], analysis.reference, list(mine["role"]))
    assert len(shown) == len(mine)
    for role, peers in shown.items():
        expected = others[others["role"] == role]["self_involvement"].mean()
        assert peers == round(expected, 1), role
    fit = " ".join(page(asked["pdf"], p) for p in (4, 5))
    assert (
        "roles of your category; you fulfil " in fit or "role of your category; you fulfil" in fit
    )


def test_the_asks_are_said_once_escaped_in_french(
    city: dict[str, Any], asked: dict[str, Any], tmp_path: Path
) -> None:
    from sscassess.report.organisation import build_organisation_report

    pdf = tmp_path / "org-fr.pdf"
    analysis = city["analysis"]
    build_organisation_report(analysis, asked["response_id"], pdf, load_template(), "fr")
    text = page(pdf, 3)
    assert text.startswith("Ce que la ville vous demande")
    # French apostrophes are text, never markup shown as "&#39;".
    assert "'" in text and "&#" not in text and "&amp;" not in text


def test_the_fifty_organisation_demo_is_read_in_thirteen_pages(tmp_path: Path) -> None:
    """The body before the appendix: at most 12 pages after the cover (issue 15)."""
    from pypdf import PdfReader

    from sscassess.demo.builder import DEFAULT_SEED

    demo = build_demo(tmp_path / "demo", 50, DEFAULT_SEED, reports="none")
    campaign = Campaign.open(demo.root)
    try:
        analysis = analyse_campaign(campaign)
    finally:
        campaign.close()
    pdf = tmp_path / "city.pdf"
    build_city_report(analysis, pdf, load_template(), "en", invariant=True)
    pages = len(PdfReader(pdf).pages)
    texts = {n: page(pdf, n) for n in range(1, pages + 1)}
    start = next(n for n, text in texts.items() if n > 3 and "Appendix Method" in text)
    assert start <= 14
    # The detail the body leaves out is in the appendix, after its own parts.
    body = " ".join(texts[n] for n in range(4, start))
    later = " ".join(texts[n] for n in range(start, pages + 1))
    for section in ("Profiles by category", "Role fit per organisation", "What organisations said"):
        assert section in later and section not in body


def test_ids_and_hashes_are_in_the_colophon_not_on_the_cover_or_every_page(
    city: dict[str, Any],
) -> None:
    from pypdf import PdfReader

    pdf = city["pdfs"]["en"]
    meta = city["analysis"].meta
    campaign, data = meta["campaign_id"], meta["data_sha256"]
    pages = len(PdfReader(pdf).pages)
    cover, last = page(pdf, 1), page(pdf, pages)
    assert campaign not in cover and data not in cover and "sha256" not in cover
    assert "Reference pack itu_fg_ssc_2015" in cover
    for number in range(2, pages):
        assert campaign not in page(pdf, number), number  # no footer carries it
    assert "Colophon What this document was computed from" in last
    assert f"Campaign id {campaign}" in last and f"Data sha256 {data}" in last
    assert campaign in PdfReader(pdf).metadata["/Keywords"]  # still findable by a program


def test_organisations_are_listed_by_category_then_engagement(city: dict[str, Any]) -> None:
    """The heat map and role-fit chart rows: the pack's category order, the most engaged first."""
    from sscassess.report.common import Context

    analysis = city["analysis"]
    ctx = Context(analysis, load_template(), "en")
    orgs = analysis.tables[Table.ORGANISATION_ROLES]
    engagement = orgs.groupby("response_id")["self_involvement"].transform("sum")
    ordered = ctx.by_category(orgs, engagement).drop_duplicates("response_id")
    rank = {c.id: i for i, c in enumerate(analysis.reference.categories)}
    totals = orgs.groupby("response_id")["self_involvement"].sum()
    keys = [(rank[r.category], -totals[r.response_id]) for r in ordered.itertuples()]
    assert keys == sorted(keys)
    assert len(ordered) == orgs["response_id"].nunique()
    # The same order whatever order the rows come in.
    shuffled = orgs.sample(frac=1, random_state=1)
    again = ctx.by_category(shuffled, engagement.loc[shuffled.index]).drop_duplicates("response_id")
    assert list(again["response_id"]) == list(ordered["response_id"])


def test_the_city_report_is_laid_out_in_two_passes(
    city: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The contents start with their final entries, so a second pass confirms the first.

    A heading kept out of the contents must be kept out of that first list too: it made
    the report take a third pass (a second more for the 50-organisation demo).
    """
    from reportlab.platypus.doctemplate import BaseDocTemplate

    from sscassess.report.common import Context

    passes = []
    build = BaseDocTemplate.build

    def counted(self: Any, *args: Any, **kwargs: Any) -> Any:
        passes.append(1)
        return build(self, *args, **kwargs)

    monkeypatch.setattr(BaseDocTemplate, "build", counted)
    from sscassess.report.city import render_city_report

    render_city_report(Context(city["analysis"], load_template(), "en"), invariant=True)
    assert len(passes) == 2


def test_french_text_never_breaks_a_line_before_a_colon_or_after_a_guillemet(
    city: dict[str, Any],
) -> None:
    from sscassess.report.document import Builder

    b = Builder(load_template(), "fr")
    said = b.t("decisions_chase_item", owner="X", role="Y", why="Z : w", action="ACT-1")
    assert said == "X, responsable attendu de Y\u00a0: Z : w (ACT-1)"  # values as written
    assert Builder(load_template(), "en").t("decisions_evidence", evidence="a") == "Evidence: a"
    pdf = city["pdfs"]["fr"]
    for number in range(1, 6):
        for line in lines(pdf, number):
            text = line.strip()
            assert not text.startswith((":", ";", "?", "!", "»")), (number, line)
            assert not text.endswith("«"), (number, line)


def test_a_category_never_invited_is_not_said_to_have_not_answered(city: dict[str, Any]) -> None:
    """REC evidence and the decisions page: 'never invited', never 'no response' (issue 15)."""
    analysis = city["analysis"]
    part = analysis.tables[Table.PARTICIPATION]
    never = set(part.loc[part["invited"] == 0, "category"])
    assert never  # the demo leaves a category out of the invitations
    recs = analysis.tables[Table.RECOMMENDATIONS]
    found = {}
    for codes in recs["evidence_codes"]:
        for f in codes:
            if f["code"] in ("category_missing", "category_not_invited"):
                found[f["params"]["category"]] = f["code"]
            if f["code"].endswith(("_not_heard", "_not_invited")) and "role" in f["params"]:
                role = f["params"]["role"]
                owners = analysis.tables[Table.ROLE_COVERAGE].set_index("role").loc[role]
                all_uninvited = all(o in never for o in owners["primary_owners"])
                assert f["code"].endswith("_not_invited") == all_uninvited, (role, f["code"])
    assert found and all(
        (code == "category_not_invited") == (cat in never) for cat, code in found.items()
    )
    pack = analysis.reference
    text = page(city["pdfs"]["en"], 2)
    for cat in never:
        name = pack.text(pack.category(cat).name, "en")
        assert f"{name}: no response" not in text


def test_an_organisation_that_declined_to_be_named_sees_its_whole_category_as_peers(
    tmp_path: Path,
) -> None:
    """Its rows are withheld from the category's figures: nothing is taken out of them."""
    from sscassess.report.organisation import build_organisation_report

    demo = build_demo(tmp_path / "demo", 50, 1, reports="none")  # an NGO declines, 5 do not
    campaign = Campaign.open(demo.root)
    try:
        analysis = analyse_campaign(campaign)
    finally:
        campaign.close()
    withheld = analysis.withheld[Table.ORGANISATION_ROLES]
    response_id, category = withheld.iloc[0][["response_id", "category"]]
    pdf = tmp_path / "declined.pdf"
    build_organisation_report(analysis, response_id, pdf, load_template(), "en", invariant=True)
    means = analysis.tables[Table.CATEGORY_ROLES]
    means = means[means["category"] == category]
    roles = list(withheld[withheld["response_id"] == response_id]["role"])
    shown = peers_shown(pdf, analysis.reference, roles)
    assert len(shown) == len(roles)
    for role, mean in zip(means["role"], means["mean_involvement"], strict=True):
        assert shown[role] == round(mean, 1), role
