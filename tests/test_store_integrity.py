"""The store keeps every answer it should and nothing it shouldn't (THREATS H1-H3, H9, B7, C1).

Each test here failed on v0.1: a crafted number stopped a batch, a paper form replaced a
signed answer, look-alike names overwrote each other, revoking and re-inviting was refused,
concurrent invites swapped codes, and a failed CSV invite left files the store never had.
"""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import valid_answers
from sscassess.campaign.folder import Campaign
from sscassess.campaign.invitation import invitation_code, load_invitation_file, sign
from sscassess.cli.main import main
from sscassess.respond import answer_with_invitation

HUGE = "9" * 5000  # int() refuses it: Python's 4,300-digit limit
OVERFLOWS_FLOAT = "1" + "0" * 400  # 401 digits: float() overflows
OUT_OF_RANGE = (
    "the number {shown} is out of range: numbers in sscassess files are at most "
    "9,007,199,254,740,991 in size; check the value"
)


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as info:
        main(list(args))
    out = capsys.readouterr()
    return int(info.value.code or 0), out.out, out.err


def signed(campaign: Campaign, slug: str, folder: Path, **changes: Any) -> Path:
    """A signed response of invitation ``slug``, made in ``folder`` (its own revision count)."""
    folder.mkdir(parents=True, exist_ok=True)
    src = folder / f"{slug}-answers.yaml"
    src.write_text(yaml.safe_dump(valid_answers(**changes)), encoding="utf-8")
    out = folder / f"{slug}.response.json"
    answer_with_invitation(campaign.root / "invitations" / f"{slug}.yaml", src, out)
    return out


def resign(path: Path, change: Callable[[dict[str, Any]], None], code: str) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    payload = {k: v for k, v in data.items() if k != "signature"}
    data["signature"] = sign(payload, code)
    path.write_text(json.dumps(data), encoding="utf-8")


def code_of(campaign: Campaign, slug: str) -> str:
    return str(load_invitation_file(campaign.root / "invitations" / f"{slug}.yaml")["code"])


def paper_form(
    folder: Path, name: str, category: str, subtype: str | None = None, **changes: Any
) -> Path:
    doc = valid_answers(**changes)
    doc["organisation"].update({"name": name, "category": category, "subtype": subtype})  # type: ignore[union-attr]
    path = folder / f"paper-{abs(hash((name, str(changes)))) % 10**8}.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return path


# ---------------------------------------------------------------- H1: numbers


def test_a_crafted_number_is_refused_and_the_rest_of_the_batch_is_imported(
    campaign: Campaign, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    good = signed(campaign, "lakeside_water", tmp_path / "water")
    (inbox / "z-good.json").write_bytes(good.read_bytes())
    # A signed file whose revision is 2**64 (SQLite's integers stop at 2**63 - 1).
    big_revision = signed(campaign, "city_of_lakeside", tmp_path / "city")
    resign(big_revision, lambda d: d.update(revision=2**64), code_of(campaign, "city_of_lakeside"))
    (inbox / "a-revision.json").write_bytes(big_revision.read_bytes())
    # A 5,000-digit number inside a signed file's answers, on line 3.
    (inbox / "b-huge.json").write_text('{\n "signature": "x",\n "n": ' + HUGE + "\n}\n")
    # A 401-digit staff count and a 1e400 in paper forms (YAML).
    staff = paper_form(tmp_path, "Lakeside University", "academia_research", "university")
    text = staff.read_text(encoding="utf-8").replace(
        "answers:\n", f"answers:\n  staff: {OVERFLOWS_FLOAT}\n"
    )
    (inbox / "c-staff.yaml").write_text(text, encoding="utf-8")
    (inbox / "d-float.yaml").write_text(
        "questionnaire: x\nanswers:\n  staff: 1e400\n", encoding="utf-8"
    )

    code, out, err = run_cli(capsys, "import", str(campaign.root), str(inbox), "--unverified")
    lines = out.splitlines()
    assert code == 3
    assert "internal error" not in out + err
    assert lines[0] == (
        f"rejected   {inbox / 'a-revision.json'}: line 1: "
        + OUT_OF_RANGE.format(shown="18446744073709551616")
    )
    assert lines[1] == (
        f"rejected   {inbox / 'b-huge.json'}: line 3: "
        + OUT_OF_RANGE.format(shown="999999999999…(5,000 characters)")
    )
    assert lines[2] == (
        f"rejected   {inbox / 'c-staff.yaml'}: {inbox / 'c-staff.yaml'} is not acceptable YAML   "
        f"{inbox / 'c-staff.yaml'}:{text.splitlines().index('answers:') + 2}: "
        + OUT_OF_RANGE.format(shown="100000000000…(401 characters)")
    )
    assert lines[3] == (
        f"rejected   {inbox / 'd-float.yaml'}: {inbox / 'd-float.yaml'} is not acceptable YAML   "
        f"{inbox / 'd-float.yaml'}:3: " + OUT_OF_RANGE.format(shown="1e400")
    )
    assert lines[4] == f"imported   {inbox / 'z-good.json'}: Lakeside Water, revision 1"
    assert lines[5] == "1 imported, 0 unchanged, 4 rejected"
    assert [r.organisation for r in campaign.store.responses()] == ["Lakeside Water"]


@pytest.mark.parametrize(
    "literal", [HUGE, OVERFLOWS_FLOAT, "-" + HUGE, "1e400", "9007199254740992"]
)
def test_answer_and_questionnaire_check_refuse_out_of_range_numbers(
    campaign: Campaign, tmp_path: Path, capsys: pytest.CaptureFixture[str], literal: str
) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(f"answers:\n  staff: {literal}\n", encoding="utf-8")
    invitation = campaign.root / "invitations" / "lakeside_water.yaml"
    code, out, err = run_cli(
        capsys, "answer", "--invitation", str(invitation), "--answers", str(answers)
    )
    assert (code, out) == (3, "")
    assert f"{answers}:2: the number " in err and "is out of range" in err
    assert not (tmp_path / "lakeside_water.response.json").exists()

    questionnaire = tmp_path / "q.yaml"
    questionnaire.write_text(f"id: q\nversion: '1'\nmax: {literal}\n", encoding="utf-8")
    code, out, err = run_cli(capsys, "questionnaire", "check", str(questionnaire))
    assert code == 3 and f"{questionnaire}:3: the number " in err
    assert "internal error" not in err


def test_numbers_at_the_edge_of_the_range_are_read_exactly() -> None:
    from sscassess.campaign.intake import parse_json_strict
    from sscassess.core.yamlio import parse_yaml

    edge = 2**53 - 1
    assert parse_yaml(f"a: {edge}\nb: -{edge}\nc: 1.5e300\n", "f").data == {
        "a": edge, "b": -edge, "c": 1.5e300,
    }  # fmt: skip
    assert parse_json_strict(f'{{"a": {edge}, "b": 0.25}}'.encode(), "f") == {"a": edge, "b": 0.25}


# ---------------------------------------------------------------- H2: paper over signed


def test_a_paper_form_never_replaces_a_signed_answer(
    any_campaign: Campaign, tmp_path: Path
) -> None:
    campaign = any_campaign
    assert (
        campaign.import_file(signed(campaign, "lakeside_water", tmp_path / "a")).status
        == "imported"
    )
    paper = paper_form(tmp_path, "LAKESIDE water", "utility_provider", aims=["inclusion"])
    refused = campaign.import_file(paper, unverified=True)
    assert (refused.status, refused.detail) == (
        "rejected",
        "Lakeside Water has a verified, signed answer (revision 1); an unverified file never "
        "replaces it. Ask the organisation to correct its answer with its invitation; nothing "
        "was changed",
    )
    [current] = campaign.store.responses()
    assert (current.revision, current.verified, current.answers["aims"]) == (
        1,
        True,
        ["service_efficiency"],
    )
    # The organisation's own next signed answer is not blocked.
    time.sleep(1.1)  # submitted_at has whole seconds
    correction = signed(campaign, "lakeside_water", tmp_path / "b", aims=["quality_of_life"])
    assert campaign.import_file(correction).revision == 2
    assert campaign.store.responses()[0].answers["aims"] == ["quality_of_life"]


def test_a_signed_answer_replaces_a_paper_form(any_campaign: Campaign, tmp_path: Path) -> None:
    campaign = any_campaign
    paper = paper_form(tmp_path, "Lakeside Water", "utility_provider", aims=["inclusion"])
    assert campaign.import_file(paper, unverified=True).status == "imported"
    result = campaign.import_file(signed(campaign, "lakeside_water", tmp_path / "a"))
    assert (result.status, result.revision) == ("imported", 2)
    [current] = campaign.store.responses()
    assert (current.verified, current.source) == (True, "signed-file")


def test_an_answer_submitted_before_the_current_one_is_stale(
    campaign: Campaign, tmp_path: Path
) -> None:
    early = signed(campaign, "lakeside_water", tmp_path / "early", aims=["inclusion"])
    code = code_of(campaign, "lakeside_water")
    resign(early, lambda d: d.update(submitted_at="2026-01-01T08:00:00Z"), code)
    late = signed(campaign, "lakeside_water", tmp_path / "late")
    resign(late, lambda d: d.update(submitted_at="2026-01-02T08:00:00Z"), code)
    assert campaign.import_file(late).status == "imported"
    stale = campaign.import_file(early)
    assert (stale.status, stale.detail) == (
        "rejected",
        "this answer was submitted on 2026-01-01T08:00:00Z, before the current revision 1 "
        "(submitted on 2026-01-02T08:00:00Z); it is out of date and was not imported. To "
        "change the answer, the respondent answers again; nothing was changed",
    )


# ---------------------------------------------------------------- C1: the envelope


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda d: d.update(submitted_at="x" * 1_500_000),
         "submitted_at " + "x" * 57 + "... is not a UTC time such as 2026-05-04T09:30:00Z"),
        (lambda d: d.update(submitted_at=12), "submitted_at 12 is not a UTC time such as 2026-05-04T09:30:00Z"),
        (lambda d: d.update(submitted_at="2026-02-30T10:00:00Z"),
         "submitted_at 2026-02-30T10:00:00Z is not a real date and time"),
        (lambda d: d.update(submitted_at="2999-01-01T00:00:00Z"),
         "submitted_at 2999-01-01T00:00:00Z is in the future; check the clock of the machine it "
         "was answered on and answer again"),
        (lambda d: d["organisation"].update(subtype="startup"),
         "the organisation in the file does not match invitation lakeside_water (Lakeside Water, utility_provider)"),
        (lambda d: d.update(revision=0), "the revision must be a whole number from 1 to 2,147,483,647"),
        (lambda d: d.update(revision=2**31), "the revision must be a whole number from 1 to 2,147,483,647"),
        (lambda d: d.update(revision=True), "the revision must be a whole number from 1 to 2,147,483,647"),
        (lambda d: d.update(format="f" * 100_000),
         "unknown response format '" + "f" * 57 + "...'"),
    ],
)  # fmt: skip
def test_every_field_of_a_signed_response_is_checked(
    campaign: Campaign, tmp_path: Path, change: Callable[[dict[str, Any]], None], reason: str
) -> None:
    path = signed(campaign, "lakeside_water", tmp_path)
    resign(path, change, code_of(campaign, "lakeside_water"))
    result = campaign.import_file(path)
    assert (result.status, result.detail) == ("rejected", reason)
    assert campaign.store.responses() == []


# ---------------------------------------------------------------- H3: look-alike names


def test_look_alike_open_names_stay_two_organisations(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    campaign = Campaign.init(tmp_path / "camp", "Lakeside", allow_open_responses=True)
    first = paper_form(tmp_path, "Green Streets", "ngo", aims=["inclusion"])
    second = paper_form(tmp_path, "Gréen Streets", "ngo", aims=["quality_of_life"])
    again = paper_form(tmp_path, "green streets", "ngo", aims=["service_efficiency"])
    campaign.close()
    code, out, _ = run_cli(
        capsys, "import", str(tmp_path / "camp"), str(first), str(second), "--unverified"
    )
    assert code == 0
    assert out.splitlines()[1:3] == [
        f"imported   {second}: Gréen Streets, revision 1",
        "  note: the name 'Gréen Streets' looks like 'Green Streets'; they are kept as different "
        "organisations. If they are the same, import the answer again under the exact name",
    ]
    campaign = Campaign.open(tmp_path / "camp")
    assert campaign.import_file(again, unverified=True).revision == 2  # the same name: a revision
    by_name = {r.organisation: (r.revision, r.answers["aims"]) for r in campaign.store.responses()}
    assert by_name == {
        "green streets": (2, ["service_efficiency"]),  # the name as last written
        "Gréen Streets": (1, ["quality_of_life"]),
    }
    campaign.close()


# ---------------------------------------------------------------- revoke and re-invite


def test_revoke_and_reinvite_issues_a_new_code_and_the_organisation_counts_once(
    any_campaign: Campaign, tmp_path: Path
) -> None:
    campaign = any_campaign
    old_file = signed(campaign, "lakeside_water", tmp_path / "old")
    assert campaign.import_file(old_file).status == "imported"
    old = campaign.find_invitation("Lakeside Water")
    leaked_after = signed(campaign, "lakeside_water", tmp_path / "leak", aims=["inclusion"])
    campaign.revoke("Lakeside Water")
    assert not (campaign.root / "invitations" / "lakeside_water.yaml").exists()
    new, path = campaign.invite("Lakeside Water", "utility_provider")
    assert (new.slug, path.name) == ("lakeside_water_2", "lakeside_water_2.yaml")
    assert new.invitation_id != old.invitation_id and new.response_id == old.invitation_id
    assert code_of(campaign, "lakeside_water_2") != invitation_code(
        campaign.key(), old.invitation_id
    )
    # The leaked code is refused, even for a file signed before the revocation.
    refused = campaign.import_file(leaked_after)
    assert refused.status == "rejected" and "was revoked on" in refused.detail
    time.sleep(1.1)
    result = campaign.import_file(
        signed(campaign, "lakeside_water_2", tmp_path / "new", aims=["quality_of_life"])
    )
    assert (result.status, result.revision) == ("imported", 2)
    [current] = campaign.store.responses()
    assert (current.invitation_id, current.answers["aims"]) == (
        new.invitation_id,
        ["quality_of_life"],
    )
    status = campaign.status()
    assert (status["invited"], status["submitted"]) == (3, 1)
    rows = {(r["slug"], r["revoked"] is not None, r["revision"]) for r in status["organisations"]}
    assert ("lakeside_water", True, None) in rows and ("lakeside_water_2", False, 2) in rows
    with pytest.raises(Exception, match="is already invited"):
        campaign.invite("lakeside water", "utility_provider")


def test_revoke_before_any_answer_then_reinvite_counts_once_in_the_analysis(
    campaign: Campaign, tmp_path: Path
) -> None:
    from sscassess.pipeline import analyse_campaign

    campaign.revoke("Lakeside Water")
    campaign.invite("Lakeside Water", "utility_provider")
    for slug in ("lakeside_water_2", "city_of_lakeside", "lakeside_university"):
        assert campaign.import_file(signed(campaign, slug, tmp_path / slug)).status == "imported"
    summary = analyse_campaign(campaign).tables["summary"].set_index("metric")["value"]
    assert (
        summary["organisations_invited"],
        summary["responses_from_invited"],
        summary["response_rate"],
    ) == (3, 3, 1.0)


# ---------------------------------------------------------------- H9: invitation files


def sscassess(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "sscassess", *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def files_agree_with_store(root: Path) -> None:
    campaign = Campaign.open(root)
    try:
        key = campaign.key()
        active = {i.slug: i for i in campaign.store.invitations() if i.revoked_at is None}
        files = {p.stem for p in (root / "invitations").glob("*.yaml")}
        assert files == set(active)
        for slug, inv in active.items():
            data = load_invitation_file(root / "invitations" / f"{slug}.yaml")
            assert data["invitation_id"] == inv.invitation_id
            assert data["code"] == invitation_code(key, inv.invitation_id)
    finally:
        campaign.close()


def test_concurrent_invites_of_look_alike_names_each_get_their_own_file(tmp_path: Path) -> None:
    names = ["Cafe", "Café", "CAFE!", "Café "]  # one slug base; "Café " is "Café" again
    for round_ in range(4):
        root = tmp_path / f"camp{round_}"
        Campaign.init(root, "Lakeside").close()
        procs = [sscassess("invite", str(root), "--org", n, "--category", "ngo") for n in names]
        outcomes = [(p.wait(timeout=60), p.communicate()) for p in procs]
        codes = sorted(code for code, _ in outcomes)
        assert codes == [0, 0, 0, 2], outcomes  # "Café" and "Café " are one organisation
        loser = next(err for code, (_, err) in outcomes if code == 2)
        assert "is already invited" in loser
        files_agree_with_store(root)


def test_a_killed_csv_invite_leaves_no_file_the_store_does_not_have(tmp_path: Path) -> None:
    root = tmp_path / "camp"
    Campaign.init(root, "Lakeside").close()
    rows = tmp_path / "orgs.csv"
    rows.write_text(
        "name,category\n" + "".join(f"NGO {i},ngo\n" for i in range(3000)), encoding="utf-8"
    )
    rng = random.Random(12)
    for _ in range(3):
        proc = sscassess("invite", str(root), "--from-csv", str(rows))
        time.sleep(rng.uniform(1.0, 2.5))
        proc.send_signal(signal.SIGKILL)
        proc.communicate()
        campaign = Campaign.open(root)
        stored = {i.slug for i in campaign.store.invitations()}
        campaign.close()
        assert len(stored) in (0, 3000)
        assert {p.stem for p in (root / "invitations").glob("*.yaml")} <= stored
        if stored:
            break
    # `invite --list` repairs: every stored invitation has its file, and only those.
    proc = sscassess("invite", str(root), "--list")
    _out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    files_agree_with_store(root)


def test_invite_files_left_by_a_crash_without_store_rows_are_removed(campaign: Campaign) -> None:
    # What v0.1 left after kill -9: files for invitations the store never had.
    ghost = campaign.root / "invitations" / "ghost.yaml"
    ghost.write_text(
        campaign.invitation_file_bytes(campaign.find_invitation("Lakeside Water"))
        .decode()
        .replace(campaign.find_invitation("Lakeside Water").invitation_id, "inv_0000000000000000"),
        encoding="utf-8",
    )
    unrelated = campaign.root / "invitations" / "notes.yaml"
    unrelated.write_text("mine: true\n", encoding="utf-8")
    assert campaign.sync_invitation_files() == (0, 1)
    assert not ghost.exists() and unrelated.exists()


# ---------------------------------------------------------------- CSV and file names


def test_an_invitation_csv_with_a_huge_cell_or_a_repeated_column_is_refused(
    campaign: Campaign, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    huge = tmp_path / "huge.csv"
    huge.write_text("name,category\nA,ngo\n" + "x" * 200_000 + ",ngo\n", encoding="utf-8")
    code, _out, err = run_cli(capsys, "invite", str(campaign.root), "--from-csv", str(huge))
    assert code == 3 and "internal error" not in err
    assert err == (
        f"error: {huge} is not a readable CSV file; nothing was imported\n"
        f"  {huge}:3: a cell is longer than 131,072 characters; check that this is the list of organisations\n"
    )
    twice = tmp_path / "twice.csv"
    twice.write_text("name,name,category\nA,B,ngo\n", encoding="utf-8")
    code, _out, err = run_cli(capsys, "invite", str(campaign.root), "--from-csv", str(twice))
    assert code == 3
    assert err.splitlines()[0] == f"error: {twice}: column given twice: name"
    assert len(campaign.store.invitations()) == 3


def test_a_newline_in_a_file_name_cannot_forge_an_output_line(
    campaign: Campaign, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    good = signed(campaign, "lakeside_water", tmp_path / "w")
    forged = inbox / "x.json\nimported   evil.json: City of Lakeside, revision 1\x1b[2J.json"
    forged.write_bytes(good.read_bytes())
    code, out, _ = run_cli(capsys, "import", str(campaign.root), str(inbox))
    assert code == 0
    assert out.splitlines() == [
        f"imported   {inbox}/x.json\\nimported   evil.json: City of Lakeside, revision 1\\x1b[2J.json: "
        "Lakeside Water, revision 1",
        "1 imported, 0 unchanged, 0 rejected",
    ]
