"""PDF reports read back with real tools (pdftotext, pdffonts, pdfimages, qpdf, pypdf).

The campaign below is small enough to compute by hand on the shipped ITU pack (24 roles):

* City of Lakeside (municipality, signed): city_leadership 4, coordination 4, rest 0.
* Lakeside Water (utility_provider, signed): infrastructure 4, service_delivery 3,
  coordination 4, rest 0.
* Lakeside University (academia_research, imported unverified): research 4, rest 0.

So: 3 invited, 3 counted (100%); contributors exist for city_leadership, coordination,
infrastructure, service_delivery and research, i.e. 5 of 24 roles (21%); coordination has two
leaders (contested), service_delivery a contributor but no leader (no_lead), the other 19 roles
are uncovered. 9 of the 12 categories have no voice. Triggered by those facts: REC-4 (a
category is missing), REC-7 (a role is uncovered), REC-13 (a role is contested) and REC-19
(strategic planning is uncovered).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import as_typed, valid_answers
from sscassess.analysis.analyse import Analysis
from sscassess.campaign.folder import Campaign
from sscassess.core.errors import InvalidInputError, UsageError
from sscassess.core.texts import slugify
from sscassess.pipeline import analyse_campaign, write_reports
from sscassess.report import build_city_report, build_organisation_report, load_template

pytestmark = pytest.mark.skipif(
    not all(shutil.which(t) for t in ("pdftotext", "pdffonts", "pdfimages", "qpdf", "pdfinfo")),
    reason="poppler-utils and qpdf are needed to read the PDFs (make sysdeps)",
)

ROOT = Path(__file__).resolve().parent.parent
PLANNED = (
    'We will <img src="/etc/passwd"> run <font color="red">pilots</font>, a<b and </para> '
    "and <b>bold\nSecond line: Привет, Γειά σου, 你好世界"
)


def _respond(campaign: Campaign, name: str, work: Path, **answers: Any) -> None:
    src = work / f"{slugify(name)}-answers.yaml"
    src.write_text(yaml.safe_dump(valid_answers(**answers), allow_unicode=True), encoding="utf-8")
    out = work / f"{slugify(name)}.response.json"
    from sscassess.respond import answer_with_invitation

    answer_with_invitation(campaign.root / "invitations" / f"{slugify(name)}.yaml", src, out)
    assert campaign.import_file(out).status == "imported"


def make_campaign(root: Path) -> Campaign:
    work = root.parent / (root.name + "-work")
    work.mkdir()
    c = Campaign.init(root, "Lakeside", "XX", "2026")
    c.invite("City of Lakeside", "municipality", "city_administration")
    c.invite("Lakeside Water", "utility_provider")
    c.invite("Lakeside University", "academia_research", "university")
    _respond(c, "City of Lakeside", work, roles={"city_leadership": 4, "coordination": 4},
             planned_contribution=PLANNED)  # fmt: skip
    _respond(c, "Lakeside Water", work,
             roles={"infrastructure": 4, "service_delivery": 3, "coordination": 4})  # fmt: skip
    plain = valid_answers(roles={"research": 4})
    plain["organisation"].update(  # type: ignore[union-attr]
        {"name": "Lakeside University", "category": "academia_research", "subtype": "university"}
    )
    paper = work / "paper.yaml"
    paper.write_text(yaml.safe_dump(plain), encoding="utf-8")
    assert c.import_file(paper, unverified=True).status == "imported"
    return c


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    base = tmp_path_factory.mktemp("report")
    campaign = make_campaign(base / "camp")
    try:
        analysis = analyse_campaign(campaign)
        template = load_template()
        city = base / "city.pdf"
        ctx = build_city_report(analysis, city, template, "en", invariant=True)
        rid = analysis.tables["role_fit"].set_index("organisation").loc["City of Lakeside"]
        org = base / "org.pdf"
        build_organisation_report(analysis, rid["response_id"], org, template, "en", invariant=True)
    finally:
        campaign.close()
    return {"base": base, "analysis": analysis, "city": city, "org": org, "ctx": ctx,
            "template": template, "campaign_root": base / "camp"}  # fmt: skip


def text_of(pdf: Path, layout: bool = False) -> str:
    args = ["pdftotext", *(["-layout"] if layout else []), str(pdf), "-"]
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def flat(text: str) -> str:
    return " ".join(text.split())


def test_city_report_shows_the_hand_computed_headline_figures(built: dict[str, Any]) -> None:
    text = text_of(built["city"], layout=True)
    for label, value in [
        ("Organisations invited", "3"),
        ("Responses counted", "3"),
        ("Response rate", "100%"),
        ("Unverified responses", "1"),
        ("Categories with no voice", "9"),
        ("Share of roles with a contributor", "21%"),
        ("Roles uncovered", "19"),
        ("Roles with no lead", "1"),
        ("Roles contested (two or more leaders)", "1"),
        ("Organisations that declined to be named", "0"),
    ]:
        assert re.search(re.escape(label) + r" +" + re.escape(value) + r"\n", text), label
    summary = flat(text_of(built["city"]))
    assert "declined_naming" not in summary  # a label, never the metric's id
    assert "3 of 3 invited organisations in Lakeside answered (100%)" in summary
    assert "21% of the reference roles have at least one organisation contributing" in summary


def test_city_report_names_uncovered_no_lead_and_contested_roles(built: dict[str, Any]) -> None:
    text = flat(text_of(built["city"]))
    contested = (
        "Coordination across actors: 2 leaders (City of Lakeside, Lakeside Water); the "
        "reference expects Municipalities, city council and city administration to lead."
    )
    assert contested in text
    assert (
        "2 organisations each say they lead Coordination across actors: City of Lakeside, Lakeside Water."
        in text
    )
    # Its only primary owner (city services companies) never answered: not heard, which is
    # no finding that nobody leads it (issue 15).
    assert (
        "Efficient city service delivery: not heard: its expected owner did not answer (City "
        "services companies); 1 contributor among those who did." in text
    )
    assert (
        "Efficient city service delivery: 1 contributor (Lakeside Water), nobody leads" not in text
    )
    assert "Strategic planning and roadmap: nobody contributes; the reference expects" in text
    # The three most important gaps: uncovered roles whose only primary owner (municipality)
    # answered and rated them 0, in pack order (R02, R05, R11).
    gaps = text.split("The three most important gaps ")[-1].split(
        "The three most important overlaps"
    )[0]
    assert gaps == (
        "• Nobody contributes to Strategic planning and roadmap. The reference expects "
        "Municipalities, city council and city administration to play this role. "
        "• Nobody contributes to Stakeholder engagement management. The reference expects "
        "Municipalities, city council and city administration to play this role. "
        "• Nobody contributes to Performance-based procurement. The reference expects "
        "Municipalities, city council and city administration to play this role. "
    )
    assert "Categories with no voice: National and regional governments," in text


def test_city_report_lists_the_triggered_recommendations(built: dict[str, Any]) -> None:
    text = flat(text_of(built["city"]))
    fired = list(built["analysis"].tables["recommendations"]["recommendation"])
    for rec in ("REC-4", "REC-7", "REC-13", "REC-19"):
        assert rec in fired
    titles = {
        "REC-4": "Identify every stakeholder involved",
        "REC-13": "Keep competing interests in balance",
    }
    for rec, title in titles.items():
        assert f"{rec} · {title}" in text
    for rec, rtitle in zip(
        fired, built["analysis"].tables["recommendations"]["title"], strict=True
    ):
        assert f"{rec} · {flat(rtitle)}" in text
    assert "Coordination: contested" in text  # REC-13's evidence


def test_untrusted_text_comes_back_literally(built: dict[str, Any]) -> None:
    text = flat(text_of(built["city"]))
    assert flat(PLANNED) in text
    org_text = flat(text_of(built["org"]))
    assert flat(PLANNED) in org_text


def test_every_font_is_embedded(built: dict[str, Any]) -> None:
    for pdf in (built["city"], built["org"]):
        out = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True, text=True)
        rows = out.stdout.splitlines()[2:]
        assert rows, "no fonts at all"
        for row in rows:
            assert re.search(r"\byes\s+yes\s+yes\b", row), row  # emb, sub, uni
        assert any("DejaVuSans" in r for r in rows)
        assert any("DroidSansFallback" in r for r in rows)  # the CJK of PLANNED


def test_only_our_charts_are_images(built: dict[str, Any]) -> None:
    out = subprocess.run(
        ["pdfimages", "-list", str(built["city"])], check=True, capture_output=True, text=True
    ).stdout
    images = [line.split() for line in out.splitlines()[2:]]
    kinds = [row[2] for row in images]
    assert set(kinds) <= {"image", "smask"}
    assert kinds.count("image") == len(built["ctx"].charts)
    # /etc/passwd was text in an answer: nothing was read from it
    assert '<img src="/etc/passwd">' in flat(text_of(built["city"]))


def test_qpdf_check_passes(built: dict[str, Any]) -> None:
    for pdf in (built["city"], built["org"]):
        result = subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr


def test_outline_page_numbers_and_metadata(built: dict[str, Any]) -> None:
    from pypdf import PdfReader

    reader = PdfReader(built["city"], strict=True)
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert titles[:3] == ["Decisions for leadership", "Executive summary", "Participation"]
    assert "Appendix" in titles
    pages = len(reader.pages)
    text = text_of(built["city"])
    assert f"Page 1 of {pages}" in text and f"Page {pages} of {pages}" in text
    info = reader.metadata
    campaign_id = built["analysis"].meta["campaign_id"]
    assert info.title == "Stakeholder gap analysis — Lakeside 2026"
    assert campaign_id in info["/Keywords"]
    assert "ITU-T FG-SSC" in info.subject
    contents = flat(text)
    assert "Contents Decisions for leadership" in contents


def test_invariant_builds_are_byte_identical(built: dict[str, Any], tmp_path: Path) -> None:
    again = tmp_path / "again.pdf"
    build_city_report(built["analysis"], again, built["template"], "en", invariant=True)
    assert again.read_bytes() == built["city"].read_bytes()


def test_organisation_report_shows_its_gaps_and_overlaps(built: dict[str, Any]) -> None:
    text = flat(text_of(built["org"]))
    # Municipalities are primary for strategic planning (expected 3); the city rated 0.
    assert (
        "Strategic planning and roadmap (primary): you rate 0, the reference expects 3 — gap."
        in text
    )
    assert (
        "Coordination across actors: also led by Lakeside Water; agree who is accountable." in text
    )
    # One municipality answered: fewer than min_group 3, so no peer mean is shown.
    assert "Your peers' mean is not shown: the category has 1 responding organisation," in text
    assert "REC-19 · Choose the city's own path, long-term and citizen-centred" in text
    info = subprocess.run(["pdfinfo", str(built["org"])], capture_output=True, text=True).stdout
    assert "Organisation feedback report — City of Lakeside" in info


def with_free_text(analysis: Analysis, texts: list[str]) -> Analysis:
    """The same analysis with other free-text answers (the renderer reads only tables)."""
    import pandas as pd

    rows = [
        {"response_id": "r1", "organisation": "Corpus <b>Org", "category": "ngo",
         "question": "comments", "text": t}
        for t in texts
    ]  # fmt: skip
    tables = {**analysis.tables, "free_text": pd.DataFrame(rows)}
    return Analysis(tables=tables, meta=analysis.meta, reference=analysis.reference)


def test_injection_corpus_and_long_tokens_render(built: dict[str, Any], tmp_path: Path) -> None:
    from sscassess.questionnaire.model import TEXT_HARD_LIMIT

    word = "w" * 5000
    url = "https://example.org/" + "seg/" * 745  # 3,000 characters
    longest = " ".join(f"word{i:05d}" for i in range(TEXT_HARD_LIMIT // 10))[:TEXT_HARD_LIMIT]
    corpus = [
        '<img src="/etc/passwd">',
        '<font color="red">red</font>',
        "a<b",
        "</para>",
        "<b>bold",
        "x <y> z & &amp; &#60;",
        "Кириллица Ελληνικά 中文汉字 日本語",
        word,
        url,
        longest,
    ]
    pdf = tmp_path / "corpus.pdf"
    build_city_report(with_free_text(built["analysis"], corpus), pdf, built["template"], "en")
    text = text_of(pdf)
    normal = flat(text)
    for entry in corpus[:7]:
        assert flat(entry) in normal, entry
    # The word and the URL cross a page break: leave out the running footers first.
    body = re.sub(r"Stakeholder gap analysis — Lakeside 2026|Page \d+ of \d+", "", text)
    squeezed = re.sub(r"\s+", "", body)
    for entry in (word, url):
        assert entry in squeezed, entry[:30]  # wrapped over many lines, nothing lost or added
    assert flat(longest) in flat(body)
    # The heading is literal, and so is its PDF outline entry (the contents list sections,
    # not organisations; test_report_markup checks that a contents entry is literal too).
    heading = "Corpus <b>Org (Non-governmental organisations (NGOs))"
    assert normal.count(heading) == 1
    from pypdf import PdfReader

    def titles(items: list[Any]) -> list[str]:
        return [t for i in items for t in (titles(i) if isinstance(i, list) else [i.title])]

    assert heading in titles(PdfReader(pdf).outline)
    images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True)
    assert "/etc/passwd" not in images.stdout


def test_an_answer_longer_than_the_questionnaire_allows_is_refused(tmp_path: Path) -> None:
    campaign = Campaign.init(tmp_path / "c", "Lakeside")
    campaign.invite("Lakeside Water", "utility_provider")
    limit = campaign.questionnaire.question("comments").max_length
    assert limit == 4000  # the shipped questionnaire's longest free-text answer
    try:
        with pytest.raises(InvalidInputError, match="comments"):
            _respond(campaign, "Lakeside Water", tmp_path, comments="x" * (limit + 1))
    finally:
        campaign.close()


def test_a_character_no_font_has_is_listed_not_boxed(built: dict[str, Any], tmp_path: Path) -> None:
    from sscassess.report.fonts import load_fonts

    fonts = load_fonts()
    char = "\U0010fffd"  # plane-16 private use: in no font
    assert fonts.font_for(char) is None
    pdf = tmp_path / "missing.pdf"
    build_city_report(
        with_free_text(built["analysis"], [f"before {char} after"]), pdf, built["template"], "en"
    )
    text = flat(text_of(pdf))
    assert "before [U+10FFFD] after" in text
    assert "Characters the report cannot show 1 Shown as [U+XXXX] in the text" in text
    assert "U+10FFFD" in text.split("Data-quality notes")[-1]


SCRIPTS = {
    "greek": "Καλημέρα πόλη",
    "cyrillic": "Привет, город",
    "emoji": "parc ♻ et 😀",
    "cjk": "智慧城市",
    "arabic": "مدينة ذكية",
    "hebrew": "עיר חכמה",
}


def test_free_text_in_six_scripts_copies_out(built: dict[str, Any], tmp_path: Path) -> None:
    from sscassess.report.fonts import load_fonts

    pdf = tmp_path / "scripts.pdf"
    build_city_report(
        with_free_text(built["analysis"], list(SCRIPTS.values())), pdf, built["template"], "en"
    )
    text = flat(text_of(pdf))
    notes = text.split("Data-quality notes")[-1]
    for script in ("greek", "cyrillic", "emoji"):
        assert SCRIPTS[script] in text, script
    if load_fonts().fallback is not None:  # a CJK font is installed (make sysdeps)
        assert SCRIPTS["cjk"] in text
    # Right-to-left text is joined and drawn in visual order; it copies out as it was written:
    # letters, not joined forms, in reading order.
    for script in ("arabic", "hebrew"):
        assert SCRIPTS[script] in text, script
        assert not any(f"U+{ord(c):04X}" in notes for c in SCRIPTS[script]), script
    assert "Characters the report cannot show" not in text or load_fonts().fallback is None


def test_anonymous_report_names_no_organisation(built: dict[str, Any], tmp_path: Path) -> None:
    campaign = Campaign.open(built["campaign_root"])
    try:
        analysis = analyse_campaign(campaign, privacy="anonymous")
    finally:
        campaign.close()
    pdf = tmp_path / "anon.pdf"
    build_city_report(analysis, pdf, built["template"], "en")
    text = text_of(pdf)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    for name in ("City of Lakeside", "Lakeside Water", "Lakeside University"):
        assert name not in text
        assert name not in info
    assert "In anonymous mode no organisation is shown alone" in flat(text)
    assert "2 organisations each say they lead Coordination across actors (categories:" in flat(
        text
    )


def test_report_min_group_reaches_the_anonymous_report(
    built: dict[str, Any], tmp_path: Path
) -> None:
    result = run_cli(
        "report", str(built["campaign_root"]), "--out", str(tmp_path), "--privacy", "anonymous",
        "--min-group", "2",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    text = flat(text_of(tmp_path / "city-report.pdf"))
    assert "a category answered by fewer than 2 organisations is merged" in text
    result = run_cli(
        "report", str(built["campaign_root"]), "--out", str(tmp_path / "big"), "--privacy",
        "anonymous", "--min-group", "50",
    )  # fmt: skip
    assert result.returncode == 2
    assert "an anonymous analysis needs at least 50 responses" in result.stderr
    assert not (tmp_path / "big").exists()


def test_french_report(built: dict[str, Any], tmp_path: Path) -> None:
    campaign = Campaign.open(built["campaign_root"])
    try:
        analysis = analyse_campaign(campaign, lang="fr")
    finally:
        campaign.close()
    pdf = tmp_path / "fr.pdf"
    build_city_report(analysis, pdf, built["template"], "fr")
    text = flat(text_of(pdf))
    assert "Synthèse" in text and "Taux de réponse" in text
    assert re.search(r"Page 1 sur \d+", text)


def test_a_template_reorders_sections_and_rewords_texts(
    built: dict[str, Any], tmp_path: Path
) -> None:
    own = tmp_path / "mine.yaml"
    own.write_text(
        'id: mine\nversion: "2"\n'
        "city_sections: [cover, recommendations, executive_summary]\n"
        "colours: {primary: '#000000'}\n"
        "texts:\n  executive_summary: {en: 'In short <b>'}\n",
        encoding="utf-8",
    )
    template = load_template(own)
    pdf = tmp_path / "mine.pdf"
    build_city_report(built["analysis"], pdf, template, "en")
    text = flat(text_of(pdf))
    assert text.index("Recommendations") < text.index("In short <b>")
    assert "Participation" not in text


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            "id: x\nversion: '1'\ntexts:\n  no_such_text: {en: Hi}\n",
            "mine.yaml:4: texts.no_such_text: unknown text 'no_such_text'",
        ),
        (
            "id: x\nversion: '1'\ncity_sections: [cover, gossip]\n",
            "mine.yaml:3: city_sections[1]: unknown section 'gossip'",
        ),
        (
            "id: x\nversion: '1'\ntexts:\n  no_voice: {en: 'See {secret}'}\n",
            "unknown placeholder {secret}",
        ),
        ("id: x\nversion: '1'\ncolours: {primary: red}\n", "mine.yaml:3"),
        ("id: x\nversion: '1'\nlogo: nothere.png\n", "logo file"),
    ],
)
def test_bad_templates_are_refused_with_file_and_line(
    tmp_path: Path, body: str, message: str
) -> None:
    own = tmp_path / "mine.yaml"
    own.write_text(body, encoding="utf-8")
    with pytest.raises(InvalidInputError) as info:
        load_template(own)
    assert message in str(info.value)


def test_write_reports_in_parallel_processes(built: dict[str, Any], tmp_path: Path) -> None:
    campaign = Campaign.open(built["campaign_root"])
    seen: list[tuple[int, int, str]] = []
    try:
        paths = write_reports(
            campaign, tmp_path / "out", organisations=True, jobs=2,
            progress=lambda d, t, n: seen.append((d, t, n)),
        )  # fmt: skip
    finally:
        campaign.close()
    names = [p.relative_to(tmp_path / "out").as_posix() for p in paths]
    # The city report first, then the organisations by file name (not by random response id).
    assert names == [
        "city-report.pdf",
        "organisations/city_of_lakeside.pdf",
        "organisations/lakeside_university.pdf",
        "organisations/lakeside_water.pdf",
    ]
    assert [d for d, _, _ in seen] == [1, 2, 3, 4] and {t for _, t, _ in seen} == {4}
    for p in paths:
        assert p.read_bytes().startswith(b"%PDF-")


def test_parallel_builds_match_serial_ones(built: dict[str, Any], tmp_path: Path) -> None:
    from sscassess.report import _organisation_reports, organisation_report_names

    analysis = built["analysis"]
    names = organisation_report_names(analysis)
    serial = [(rid, tmp_path / "s" / n) for rid, n in names.items()]
    parallel = [(rid, tmp_path / "p" / n) for rid, n in names.items()]
    (tmp_path / "s").mkdir()
    (tmp_path / "p").mkdir()
    tmpl = built["template"]
    _organisation_reports(analysis, serial, tmpl, "en", True, 1, None, 4, parallel_from=99)
    _organisation_reports(analysis, parallel, tmpl, "en", True, 2, None, 4, parallel_from=1)
    for (_, a), (_, b) in zip(serial, parallel, strict=True):
        # Font subset names depend on what the process built before: compare the text.
        assert text_of(a) == text_of(b)


def test_anonymous_mode_has_no_organisation_reports(built: dict[str, Any], tmp_path: Path) -> None:
    campaign = Campaign.open(built["campaign_root"])
    try:
        with pytest.raises(UsageError, match="organisation reports name their organisation"):
            write_reports(campaign, tmp_path, organisations=True, privacy="anonymous")
        with pytest.raises(UsageError) as info:
            write_reports(campaign, tmp_path, lang="de")
        assert as_typed(info.value, "report") == (
            "--lang 'de': the report template and the reference pack share only these "
            "languages: en, fr, es"
        )
    finally:
        campaign.close()
    assert list(tmp_path.iterdir()) == []


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sscassess", *args], capture_output=True, text=True, timeout=600
    )


def test_report_command_prints_the_paths_and_counts_progress(
    built: dict[str, Any], tmp_path: Path
) -> None:
    out = tmp_path / "pdfs"
    result = run_cli(
        "report", str(built["campaign_root"]), "--out", str(out), "--organisations", "--lang", "es"
    )
    assert result.returncode == 0, result.stderr
    printed = result.stdout.splitlines()
    assert printed[0] == str(out / "city-report-es.pdf")
    assert sorted(printed[1:]) == sorted(
        str(out / "organisations" / f"{n}-es.pdf")
        for n in ("city_of_lakeside", "lakeside_water", "lakeside_university")
    )
    assert result.stderr.splitlines()[0] == "[1/4] city-report-es.pdf"
    assert "Resumen ejecutivo" in text_of(out / "city-report-es.pdf")


def test_report_command_errors_are_one_line(built: dict[str, Any], tmp_path: Path) -> None:
    result = run_cli(
        "report",
        str(built["campaign_root"]),
        "--out",
        str(tmp_path),
        "--organisations",
        "--privacy",
        "anonymous",
    )
    assert result.returncode == 2
    assert result.stderr.startswith("error: organisation reports name their organisation")
    assert "Traceback" not in result.stderr
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\nversion: '1'\ntexts:\n  nope: {en: x}\n", encoding="utf-8")
    result = run_cli("report", str(built["campaign_root"]), "--template", str(bad))
    assert result.returncode == 3
    assert f"{bad}:4: texts.nope: unknown text 'nope'" in result.stderr


def test_round_changes_against_a_previous_campaign(built: dict[str, Any], tmp_path: Path) -> None:
    # Round 2025: only the city answered, leading coordination alone (covered, not contested).
    work = tmp_path / "work"
    work.mkdir()
    before = Campaign.init(tmp_path / "r2025", "Lakeside", "XX", "2025")
    before.invite("City of Lakeside", "municipality", "city_administration")
    _respond(before, "City of Lakeside", work, roles={"coordination": 4})
    current = Campaign.open(built["campaign_root"])
    try:
        [path] = write_reports(current, tmp_path / "out", previous=before)
    finally:
        current.close()
        before.close()
    text = flat(text_of(path, layout=False))
    assert "Changes since the previous round" in text
    assert "Role by role and organisation by organisation, compared with round 2025." in text
    layout = text_of(path, layout=True)
    # coordination: 1 contributor and 1 leader before, 2 and 2 now: covered -> contested
    assert re.search(r"Coordination +1 +2 +1 +2 +covered +contested +worsened", layout)
    # city leadership: nobody before, the city now
    assert re.search(r"City SSC leadership +0 +1 +0 +1 +uncovered +covered +improved", layout)


def test_pseudonymous_reports_carry_no_real_name(built: dict[str, Any], tmp_path: Path) -> None:
    campaign = Campaign.open(built["campaign_root"])
    try:
        paths = write_reports(
            campaign, tmp_path, organisations=True, privacy="pseudonymous", jobs=1
        )
    finally:
        campaign.close()
    assert sorted(p.name for p in paths[1:]) == ["aca_1.pdf", "mun_1.pdf", "utl_1.pdf"]
    for pdf in paths:
        text = text_of(pdf)
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
        for name in ("City of Lakeside", "Lakeside Water", "Lakeside University"):
            assert name not in text and name not in info
    assert "MUN-1" in text_of(paths[0])


def test_a_template_logo_is_the_only_other_image(built: dict[str, Any], tmp_path: Path) -> None:
    from PIL import Image as PILImage

    PILImage.new("RGB", (120, 40), "#0b4f6c").save(tmp_path / "logo.png")
    own = tmp_path / "brand.yaml"
    own.write_text('id: brand\nversion: "1"\nlogo: logo.png\n', encoding="utf-8")
    pdf = tmp_path / "brand.pdf"
    ctx = build_city_report(built["analysis"], pdf, load_template(own), "en")
    out = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True).stdout
    rows = [line.split() for line in out.splitlines()[2:]]
    assert [r[2] for r in rows].count("image") == len(ctx.charts) + 1
    assert rows[0][0] == "1" and rows[0][3:5] == ["120", "40"]  # the logo, on the cover


def test_an_organisation_report_names_no_other_organisation_in_its_notes(
    built: dict[str, Any], tmp_path: Path
) -> None:
    import pandas as pd

    analysis: Analysis = built["analysis"]
    notes = pd.concat(
        [
            analysis.tables["data_quality"],
            pd.DataFrame(
                [{"code": "draft_not_counted", "subject": "Harbour Drafts Ltd",
                  "detail": "a draft (3/39 answered) was never submitted"}]
            ),
        ],
        ignore_index=True,
    )  # fmt: skip
    assert "Lakeside University" in set(notes["subject"])  # the unverified one
    changed = Analysis(
        {**analysis.tables, "data_quality": notes}, analysis.meta, analysis.reference
    )
    rid = analysis.tables["role_fit"].set_index("organisation").loc["City of Lakeside"]
    org = tmp_path / "org.pdf"
    build_organisation_report(changed, rid["response_id"], org, built["template"], "en")
    text = flat(text_of(org))
    assert "Lakeside University" not in text
    assert "Harbour Drafts Ltd" not in text
    city = tmp_path / "city.pdf"
    build_city_report(changed, city, built["template"], "en")
    assert "Harbour Drafts Ltd" in flat(text_of(city))  # leadership still sees it


def test_each_organisation_report_is_in_its_invitation_language(tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    campaign = Campaign.init(tmp_path / "camp", "Lakeside", "XX", "2026")
    try:
        campaign.invite("City of Lakeside", "municipality", "city_administration")
        campaign.invite("Lakeside Water", "utility_provider", lang="fr")
        _respond(campaign, "City of Lakeside", work, roles={"city_leadership": 4})
        _respond(campaign, "Lakeside Water", work, roles={"infrastructure": 4})
        own = write_reports(campaign, tmp_path / "own", organisations=True, jobs=1)
        forced = write_reports(campaign, tmp_path / "es", organisations=True, lang="es", jobs=1)
    finally:
        campaign.close()
    assert [p.relative_to(tmp_path / "own").as_posix() for p in own] == [
        "city-report.pdf",
        "organisations/city_of_lakeside.pdf",
        "organisations/lakeside_water-fr.pdf",
    ]
    heading = {lang: load_template().text("org_profile", lang) for lang in ("en", "fr", "es")}
    assert len(set(heading.values())) == 3
    water, city = text_of(own[2]), text_of(own[1])
    assert heading["fr"] in water and heading["en"] not in water
    assert heading["en"] in city and heading["fr"] not in city
    assert "Lakeside Water" in water
    # --lang decides for every report.
    assert [p.relative_to(tmp_path / "es").as_posix() for p in forced] == [
        "city-report-es.pdf",
        "organisations/city_of_lakeside-es.pdf",
        "organisations/lakeside_water-es.pdf",
    ]
    assert heading["es"] in text_of(forced[2])
