"""The coordinator's and respondent's commands end to end, through the real CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from conftest import valid_answers

Run = Callable[..., tuple[int, str, str]]


def test_the_whole_collection_path(run: Run, tmp_path: Path) -> None:
    code, out, _ = run("init", "camp", "--city", "Lakeside", "--country", "XX", "--round", "2026",
                       "--contact", "ssc@lakeside.example")  # fmt: skip
    assert code == 0 and out.splitlines()[0].startswith("Created campaign c_")
    assert run("invite", "camp", "--org", "Lakeside Water", "--category", "utility_provider")[
        1
    ] == (
        "Invited Lakeside Water (utility_provider): camp/invitations/lakeside_water.yaml\n"
        "Send that file to the organisation; it answers with: sscassess answer --invitation FILE\n"
    )
    answers = tmp_path / "answers.yaml"
    answers.write_text(yaml.safe_dump(valid_answers()), encoding="utf-8")
    code, out, err = run(
        "answer", "--invitation", "camp/invitations/lakeside_water.yaml", "--answers", str(answers)
    )
    assert (code, err) == (0, "")
    assert out == (
        "Revision 1 of the answers of Lakeside Water is signed and saved in:\n"
        f"  {tmp_path / 'lakeside_water.response.json'}\n"
        "Send this file to the coordinator of Lakeside:\n"
        "  ssc@lakeside.example\n"
        "To correct it later, run the same command again, from any folder.\n"
    )
    assert run("import", "camp", "lakeside_water.response.json")[:2] == (
        0,
        "imported   lakeside_water.response.json: Lakeside Water, revision 1\n1 imported, 0 unchanged, 0 rejected\n",
    )
    code, out, _ = run("status", "camp", "--format", "json")
    data = json.loads(out)
    assert (data["invited"], data["submitted"], data["response_rate"]) == (1, 1, 1.0)
    code, out, _ = run("export", "camp", "--format", "csv")
    assert out == "Exported 1 response to camp/reports/responses.csv\n"
    assert (
        (tmp_path / "camp" / "reports" / "responses.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    )


def test_import_reports_rejections_and_exits_3(run: Run, tmp_path: Path) -> None:
    run("init", "camp", "--city", "Lakeside")
    bad = tmp_path / "bad.json"
    bad.write_text('{"a": NaN}')
    code, out, err = run("import", "camp", str(bad))
    assert code == 3
    assert (
        out
        == f"rejected   {bad}: NaN is not a valid JSON number\n0 imported, 0 unchanged, 1 rejected\n"
    )
    assert err == "error: 1 of 1 file rejected; nothing of it was stored\n"


def test_answer_with_invalid_answers_lists_every_problem(run: Run, tmp_path: Path) -> None:
    doc = valid_answers()
    doc["answers"]["roles"]["funding"] = 9  # type: ignore[index]
    doc["answers"]["aims"] = []  # type: ignore[index]
    doc["organisation"]["sector"] = "shadow"  # type: ignore[index]
    path = tmp_path / "a.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    code, out, err = run(
        "answer", "--questionnaire", "ssc-stakeholder-self-assessment", "--answers", str(path)
    )
    assert code == 3 and out == ""
    assert err.splitlines()[0] == f"error: {path} has 5 problems"
    assert "question 'organisation_name': an answer is required" in err
    assert (
        "organisation.sector: question 'sector': 'shadow' is not one of the choices (local"
        not in err
    )
    assert (
        "question 'sector': 'shadow' is not one of the choices (public, private, non_profit, academic, mixed)"
        in err
    )
    assert (
        "answers.roles.funding: question 'roles', role 'funding': expected one of 0–4, got 9" in err
    )
    assert "question 'aims': select at least 1" in err


def test_invitation_fixes_the_organisation(run: Run, tmp_path: Path) -> None:
    run("init", "camp", "--city", "Lakeside")
    run("invite", "camp", "--org", "Lakeside Water", "--category", "utility_provider")
    doc = valid_answers()
    doc["organisation"]["name"] = "Someone Else"  # type: ignore[index]
    path = tmp_path / "a.yaml"
    path.write_text(yaml.safe_dump(doc), encoding="utf-8")
    code, _, err = run(
        "answer", "--invitation", "camp/invitations/lakeside_water.yaml", "--answers", str(path)
    )
    assert code == 3
    assert "organisation.name: the invitation fixes name to 'Lakeside Water'" in err


def test_answer_without_a_terminal_never_reads_stdin(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "sscassess", "answer", "--questionnaire", "ssc-stakeholder-self-assessment"],
        input="1\n2\n3\n", capture_output=True, text=True, cwd=tmp_path,
    )  # fmt: skip
    assert proc.returncode == 2
    assert (
        proc.stderr
        == "error: no terminal to ask questions in: give --answers FILE to answer from a file\n"
    )


def test_invite_needs_one_mode(run: Run) -> None:
    run("init", "camp", "--city", "Lakeside")
    assert run("invite", "camp")[::2] == (
        2,
        "error: give exactly one of --org (with --category), --from-csv, --revoke or --list "
        "(or --coordinator alone)\n",
    )
    assert run("invite", "camp", "--org", "X")[::2] == (
        2,
        "error: --org needs --category (list them with: sscassess reference show)\n",
    )


def test_commands_on_a_folder_that_is_no_campaign(run: Run, tmp_path: Path) -> None:
    code, _, err = run("status", str(tmp_path))
    assert code == 2
    assert (
        err
        == f"error: {tmp_path} is not a campaign folder (no campaign.yaml); create one with sscassess init\n"
    )


def test_answer_creates_the_out_folder_only_for_valid_answers(run: Run, tmp_path: Path) -> None:
    assert run("init", "camp", "--city", "Lakeside")[0] == 0
    assert (
        run("invite", "camp", "--org", "Lakeside Water", "--category", "utility_provider")[0] == 0
    )
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump(valid_answers(roles={"funding": 9})), encoding="utf-8")
    code, _, err = run(
        "answer", "--invitation", "camp/invitations/lakeside_water.yaml", "--answers", str(bad),
        "--out", "outbox/nested/water.response.json",
    )  # fmt: skip
    assert code == 3 and "roles" in err
    assert not (tmp_path / "outbox").exists()
    good = tmp_path / "good.yaml"
    good.write_text(yaml.safe_dump(valid_answers()), encoding="utf-8")
    code, out, _ = run(
        "answer", "--invitation", "camp/invitations/lakeside_water.yaml", "--answers", str(good),
        "--out", "outbox/nested/water.response.json",
    )  # fmt: skip
    assert code == 0
    assert out.splitlines()[:3] == [
        "Revision 1 of the answers of Lakeside Water is signed and saved in:",
        f"  {tmp_path / 'outbox' / 'nested' / 'water.response.json'}",
        "Send this file to the coordinator of Lakeside, who sent you the invitation.",
    ]
    assert (tmp_path / "outbox" / "nested" / "water.response.json").is_file()


def test_answering_again_from_another_folder_is_the_next_revision(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Issue 13: the revision came from the response file in the current folder only.
    run("init", "camp", "--city", "Lakeside")
    run("invite", "camp", "--org", "Lakeside Water", "--category", "utility_provider")
    answers = tmp_path / "answers.yaml"
    answers.write_text(yaml.safe_dump(valid_answers()), encoding="utf-8")
    invitation = tmp_path / "camp" / "invitations" / "lakeside_water.yaml"
    assert run("answer", "--invitation", str(invitation), "--answers", str(answers))[0] == 0
    (tmp_path / "later").mkdir()
    monkeypatch.chdir(tmp_path / "later")
    code, out, _ = run("answer", "--invitation", str(invitation), "--answers", str(answers))
    assert (code, out.splitlines()[:2]) == (
        0,
        [
            "Revision 2 of the answers of Lakeside Water is signed and saved in:",
            f"  {tmp_path / 'later' / 'lakeside_water.response.json'}",
        ],
    )


def test_workshop_answers_file_over_a_submitted_answer_needs_new_revision(
    run: Run, tmp_path: Path
) -> None:
    run("init", "camp", "--city", "Lakeside")
    run("invite", "camp", "--org", "Lakeside Water", "--category", "utility_provider")
    answers = tmp_path / "answers.yaml"
    answers.write_text(yaml.safe_dump(valid_answers()), encoding="utf-8")
    args = ("answer", "--campaign", "camp", "--org", "lakeside_water", "--answers", str(answers))
    assert run(*args)[:2] == (0, "Lakeside Water: stored (revision 1)\n")
    answers.write_text(yaml.safe_dump(valid_answers(aims=["inclusion"])), encoding="utf-8")
    code, out, err = run(*args)
    assert (code, out) == (2, "")
    assert "Lakeside Water submitted revision 1 on " in err and "--new-revision" in err
    assert run(*args, "--new-revision")[:2] == (0, "Lakeside Water: stored (revision 2)\n")
    code, _, err = run("answer", "--invitation", "x.yaml", "--new-revision")
    assert code == 2 and "--new-revision goes with --campaign DIR --answers FILE" in err
