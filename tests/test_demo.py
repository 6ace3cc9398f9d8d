"""The demo campaign: built through the real path, deterministic, and showing every situation."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from sscassess.campaign.folder import Campaign
from sscassess.demo.builder import DemoResult, build_demo
from sscassess.pipeline import analyse_campaign

Run = Callable[..., tuple[int, str, str]]


def demo(tmp_path: Path, n: int = 12, seed: int = 3, name: str = "demo") -> DemoResult:
    return build_demo(tmp_path / name, n, seed, reports="none")


def files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def stored(root: Path) -> list[tuple[str, str, int, bool, str]]:
    c = Campaign.open(root)
    try:
        return sorted(
            (r.organisation, r.category, r.revision, r.verified, r.content_sha256)
            for r in c.store.responses()
        )
    finally:
        c.close()


def test_the_demo_goes_the_real_way(tmp_path: Path) -> None:
    result = demo(tmp_path)
    root = result.root
    kinds = Counter(o.kind for o in result.organisations)
    assert kinds == {"signed": 8, "resubmitted": 1, "unverified": 1, "draft": 1, "not_answered": 1}
    invitations = sorted(p.name for p in (root / "invitations").iterdir())
    assert invitations == sorted(f"{o.slug}.yaml" for o in result.organisations)
    # One signed response file per organisation that answered with its invitation.
    responses = sorted((root / "inbox").iterdir())
    answered = [o for o in result.organisations if o.kind in ("signed", "resubmitted")]
    assert [p.name for p in responses] == sorted(f"{o.slug}.response.json" for o in answered)
    for path in responses:
        data = json.loads(path.read_text(encoding="utf-8"))
        assert len(data["signature"]) == 64
        assert data["organisation"]["name"] in {o.name for o in answered}
    [paper] = (root / "paper").iterdir()
    assert "signature" not in paper.read_text(encoding="utf-8")

    c = Campaign.open(root)
    try:
        current = c.store.responses()
        assert len(current) == 10  # 12 invited, one draft only, one never answered
        by_kind = {o.kind: o for o in result.organisations}
        [revised] = [r for r in current if r.revision == 2]
        assert revised.organisation == by_kind["resubmitted"].name
        [first] = c.store.history(revised.response_id)
        assert first.revision == 1 and first.answers != revised.answers
        assert [r.source for r in current].count("signed-file") == 9
        [unverified] = [r for r in current if not r.verified]
        assert (unverified.organisation, unverified.source) == (
            by_kind["unverified"].name,
            "unverified-file",
        )
        [draft_id] = c.store.drafts()
        draft = next(i for i in c.store.invitations() if i.invitation_id == draft_id)
        assert draft.organisation == by_kind["draft"].name
        assert draft.organisation not in {r.organisation for r in current}
        status = c.status()
        assert (status["invited"], status["submitted"]) == (12, 10)
        # The left-out category and the draft's category have no voice.
        assert sorted(status["categories_without_voice"]) == sorted(
            [result.left_out, by_kind["draft"].category]
        )
    finally:
        c.close()
    assert result.findings["categories_without_voice"] == status["categories_without_voice"]
    assert [p.name for p in result.analysis_files] == ["analysis.json", "analysis.xlsx"]


def test_one_organisation_declines_to_be_named_and_is_in_no_figure(tmp_path: Path) -> None:
    result = demo(tmp_path)
    [shy] = [o for o in result.organisations if not o.named]
    assert shy.kind == "signed"
    # Declining to be named is still an answer: its category has a voice.
    assert shy.category not in result.findings["categories_without_voice"]
    c = Campaign.open(result.root)
    try:
        rows = {row["organisation"]: row for row in c.status()["organisations"]}
        assert rows[shy.name]["named"] is False
        assert [name for name, row in rows.items() if row["named"] is False] == [shy.name]
        analysis = analyse_campaign(c)
    finally:
        c.close()
    text = " ".join(str(v) for t in analysis.tables.values() for v in t.to_numpy().ravel())
    assert shy.name not in text
    notes = analysis.tables["data_quality"]
    declined = notes[notes["code"] == "declined_left_out"]
    assert (list(declined["subject"]), list(declined["params"])) == (
        ["responses"],
        [{"count": 1, "min_group": 3}],
    )
    assert analysis.summary_value("declined_naming") == 1
    # It still gets its own report, under its pseudonym.
    [own] = analysis.withheld["role_fit"]["organisation"]
    assert own.split("-")[0].isupper() and shy.name not in own


def test_the_demo_answers_the_pledge_and_quoting_questions(tmp_path: Path) -> None:
    result = demo(tmp_path, n=24, seed=7)
    c = Campaign.open(result.root)
    try:
        answers = [r.answers for r in c.store.responses()]
    finally:
        c.close()
    pledged = [a for a in answers if "planned_contribution" in a]
    assert pledged and all(
        a["pledge_roles"] and all(a["roles"][r] >= 3 for r in a["pledge_roles"])
        for a in pledged
        if "pledge_roles" in a
    )
    assert sum("pledge_roles" in a for a in answers) >= 5
    wrote = [a for a in answers if "planned_contribution" in a or "comments" in a]
    assert {a["consent_quote"] for a in wrote} == {True, False}
    assert not [a for a in answers if a not in wrote and "consent_quote" in a]


def test_free_text_in_french_and_greek_reaches_the_analysis(tmp_path: Path) -> None:
    result = demo(tmp_path)
    c = Campaign.open(result.root)
    try:
        texts = analyse_campaign(c).tables["free_text"]
    finally:
        c.close()
    joined = "\n".join(texts["text"])
    assert "Nous souhaitons être associés dès la conception des services" in joined
    assert "Χρειαζόμαστε πληροφορίες για τις δημοτικές υπηρεσίες και στα ελληνικά." in joined
    assert "Ελληνική Κοινότητα Aldermouth (Hellenic Community)" in set(texts["organisation"])


def test_the_same_seed_gives_the_same_campaign(tmp_path: Path) -> None:
    one = demo(tmp_path, name="one")
    two = demo(tmp_path, name="two")
    other = demo(tmp_path, seed=4, name="other")
    assert stored(one.root) == stored(two.root)
    assert stored(one.root) != stored(other.root)
    # The answers files and the invitation list are byte for byte the same.
    assert files(one.root / "answers") == files(two.root / "answers")
    assert files(one.root / "paper") == files(two.root / "paper")
    assert (one.root / "organisations.csv").read_bytes() == (
        two.root / "organisations.csv"
    ).read_bytes()
    assert one.findings == two.findings


@pytest.mark.parametrize("seed", [1, 2, 5])
def test_every_situation_the_reports_explain_is_there(tmp_path: Path, seed: int) -> None:
    result = demo(tmp_path, seed=seed)
    c = Campaign.open(result.root)
    try:
        analysis = analyse_campaign(c)
    finally:
        c.close()
    coverage = dict(
        zip(
            analysis.tables["role_coverage"]["role"],
            analysis.tables["role_coverage"]["status"],
            strict=True,
        )
    )
    assert coverage[result.forced["contested"][0]] == "contested"
    assert coverage[result.forced["no_lead"][0]] == "no_lead"
    assert [coverage[r] for r in result.forced["uncovered"]] == ["uncovered", "uncovered"]
    assert coverage["city_leadership"] in ("covered", "contested")
    participation = analysis.tables["participation"]
    assert result.left_out in set(participation.loc[~participation["has_voice"], "category"])
    assert participation.loc[participation["category"] == result.left_out, "invited"].item() == 0
    statuses = analysis.tables["organisation_roles"].groupby("status")["organisation"].nunique()
    assert statuses["gap"] >= 2 and statuses["beyond_reference"] >= 2


def test_the_smallest_demo_still_shows_everything(tmp_path: Path) -> None:
    result = demo(tmp_path, n=4, seed=9)
    assert sorted(o.kind for o in result.organisations) == [
        "draft",
        "resubmitted",
        "signed",
        "unverified",
    ]
    for status in ("uncovered", "no_lead", "contested", "categories_without_voice"):
        assert result.findings[status], status
    assert stored(result.root)[0][2] in (1, 2)
    assert len(stored(result.root)) == 3


def test_demo_command(run: Run, tmp_path: Path) -> None:
    code, out, err = run("demo", "--out", "X", "--organisations", "12", "--seed", "3")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "Demo campaign for Aldermouth (a fictional city), seed 3: X"
    assert "  Invited                     12 organisations (X/organisations.csv)" in lines
    assert "  Organisation reports        10 in X/reports/organisations/" in lines
    assert lines[-2:] == [
        "Open first: X/reports/city-report.pdf",
        "Then try: sscassess status X   sscassess analyze X",
    ]
    assert err.splitlines()[0] == "[1/6] Creating the campaign for Aldermouth (fictional) in X"
    assert "[6/6] Writing the reports" in err.splitlines()
    assert (tmp_path / "X/reports/city-report.pdf").read_bytes().startswith(b"%PDF-")
    assert len(list((tmp_path / "X/reports/organisations").glob("*.pdf"))) == 10
    con = sqlite3.connect(tmp_path / "X" / "store.sqlite")
    assert con.execute("SELECT COUNT(*) FROM responses").fetchone() == (10,)
    con.close()
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "X/reports/city-report.pdf", "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert "Aldermouth" in text
        assert "Ελληνική Κοινότητα" in text


def test_demo_refuses_a_non_empty_folder_and_changes_nothing(run: Run, tmp_path: Path) -> None:
    (tmp_path / "X").mkdir()
    (tmp_path / "X" / "notes.txt").write_text("mine", encoding="utf-8")
    code, out, err = run("demo", "--out", "X")
    assert (code, out) == (2, "")
    assert err == (
        "error: X is not empty; the demo writes a new campaign there: give a new or empty "
        "folder with --out, or remove this one\n"
    )
    assert files(tmp_path / "X") == {"notes.txt": b"mine"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--organisations", "2"],
            "error: --organisations 2: the demo needs at least 4 (two signed responses to "
            "contest a role, an unverified paper form and a draft)\n",
        ),
        (
            ["--organisations", "101"],
            "error: --organisations 101: the demo invites at most 100 organisations (it has "
            "that many fictional names)\n",
        ),
        (["--lang", "de"], "error: --lang 'de' is not available; use one of en, fr, es\n"),
    ],
)
def test_demo_refuses_bad_values_before_writing(
    run: Run, tmp_path: Path, args: list[str], message: str
) -> None:
    code, out, err = run("demo", "--out", "X", *args)
    assert (code, out, err) == (2, "", message)
    assert not (tmp_path / "X").exists()


def test_a_failing_step_leaves_no_half_made_demo(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sscassess.demo.builder as demo_module

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(demo_module, "_analyse", broken)
    (tmp_path / "empty").mkdir()
    with pytest.raises(OSError, match="No space left"):
        build_demo(tmp_path / "new", 12, 3, reports="none")
    with pytest.raises(OSError, match="No space left"):
        build_demo(tmp_path / "empty", 12, 3, reports="none")
    assert not (tmp_path / "new").exists()
    assert list((tmp_path / "empty").iterdir()) == []
