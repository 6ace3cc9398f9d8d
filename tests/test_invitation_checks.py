"""The respondent's side checks an invitation before the first question (issue 13).

Its code carries a check character (Luhn mod 32): an altered code is reported at once, not at
import. The invitation also carries how to reach the coordinator (``init --contact``).
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
import yaml

from sscassess.campaign.folder import Campaign
from sscassess.campaign.invitation import (
    CODE_ALPHABET,
    check_character,
    code_key,
    code_problem,
    invitation_code,
    load_invitation_file,
    sign,
)
from sscassess.cli.main import main
from sscassess.core.errors import InvalidInputError

KEY = "FVMH-7XEE-GDTC-PDDV"


def test_the_check_character_catches_every_slip_of_one_character_or_two_neighbours() -> None:
    code = f"{KEY}-{check_character(KEY)}"
    assert code_problem(code) is None
    letters = [i for i, ch in enumerate(code) if ch != "-"]
    slips = []
    for i in letters:  # every other letter at every place: 17 × 31
        for other in CODE_ALPHABET.replace(code[i], ""):
            slips.append(code[:i] + other + code[i + 1 :])
    for i, j in itertools.pairwise(letters):  # neighbours swapped (across a dash too)
        if code[i] != code[j]:
            swapped = list(code)
            swapped[i], swapped[j] = swapped[j], swapped[i]
            slips.append("".join(swapped))
    assert len(slips) == 17 * 31 + sum(
        1 for i, j in itertools.pairwise(letters) if code[i] != code[j]
    )
    assert all(
        str(code_problem(s)) == "its code has been altered (its check character does not match)"
        for s in slips
    )


def test_the_only_swap_of_neighbours_it_misses_is_a_and_7() -> None:
    missed = set()
    for a, b in itertools.permutations(CODE_ALPHABET, 2):
        key = f"{a}{b}AA-BBBB-CCCC-DDDD"
        if check_character(key) == check_character(f"{b}{a}AA-BBBB-CCCC-DDDD"):
            missed.add(frozenset((a, b)))
    assert missed == {frozenset("A7")}


def test_codes_sign_alike_with_or_without_their_check_character() -> None:
    payload = {"a": 1}
    assert code_key(f"{KEY}-{check_character(KEY)}") == KEY
    assert sign(payload, f"{KEY}-{check_character(KEY)}") == sign(payload, KEY)
    # A code issued before check characters existed is still a valid code.
    assert code_problem(KEY) is None
    assert (
        str(code_problem("FVMH-7XEE-GDTC")) == "its code is not of the form XXXX-XXXX-XXXX-XXXX-X"
    )
    assert str(code_problem(None)) == "its code is missing"


def test_issued_codes_carry_their_check_character(tmp_path: Path) -> None:
    c = Campaign.init(tmp_path / "camp", "Lakeside")
    inv, path = c.invite("Lakeside Water", "utility_provider")
    code = yaml.safe_load(path.read_text())["code"]
    assert code == invitation_code(c.key(), inv.invitation_id)
    assert len(code) == 21 and code[-2] == "-" and code_problem(code) is None
    c.close()


def altered(path: Path, code: str) -> Path:
    text = path.read_text()
    old = yaml.safe_load(text)["code"]
    path.write_text(text.replace(old, code))
    return path


@pytest.fixture
def campaign_dir(tmp_path: Path) -> Path:
    c = Campaign.init(tmp_path / "camp", "Lakeside", coordinator="ssc@lakeside.example")
    c.invite("Lakeside Water", "utility_provider")
    c.close()
    return tmp_path / "camp"


def test_an_altered_code_is_refused_before_anything_is_answered(
    campaign_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    path = campaign_dir / "invitations" / "lakeside_water.yaml"
    code = yaml.safe_load(path.read_text())["code"]
    first = "B" if code[0] != "B" else "C"
    altered(path, first + code[1:])
    with pytest.raises(InvalidInputError) as info:
        load_invitation_file(path)
    assert str(info.value) == (
        f"{path} is not the invitation the city coordinator sent: its code has been altered "
        "(its check character does not match); ask the coordinator for a new copy of the file "
        "(nothing was answered yet)"
    )
    monkeypatch.chdir(tmp_path)
    answers = tmp_path / "a.yaml"
    answers.write_text("questionnaire: ssc-stakeholder-self-assessment\nanswers: {}\n")
    with pytest.raises(SystemExit) as exit_:
        main(["answer", "--invitation", str(path), "--answers", str(answers)])
    assert exit_.value.code == 3
    assert capsys.readouterr().err == f"error: {info.value}\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml", "camp"]  # nothing written


def test_the_invitation_says_how_to_reach_the_coordinator(
    campaign_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = campaign_dir / "invitations" / "lakeside_water.yaml"
    assert yaml.safe_load(path.read_text())["coordinator"] == "ssc@lakeside.example"
    code = yaml.safe_load(path.read_text())["code"]
    with pytest.raises(SystemExit) as exit_:
        main(["invite", str(campaign_dir), "--coordinator", "  +33 1 23 45 67 89 "])
    assert exit_.value.code == 0
    assert capsys.readouterr().out == (
        "Every invitation now says to send the answers to: +33 1 23 45 67 89\n"
    )
    data = yaml.safe_load(path.read_text())
    assert (data["coordinator"], data["code"]) == ("+33 1 23 45 67 89", code)  # same code
    assert Campaign.open(campaign_dir).config.coordinator == "+33 1 23 45 67 89"


@pytest.mark.parametrize(
    ("contact", "message"),
    [
        ("", "--contact is empty: give an e-mail address or phone number, or leave it out"),
        ("a\x1bb", "--contact contains control characters"),
        ("x" * 201, "--contact is longer than 200 characters"),
    ],
)
def test_a_bad_coordinator_contact_is_refused_and_nothing_is_made(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], contact: str, message: str
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["init", str(tmp_path / "camp"), "--city", "Lakeside", "--contact", contact])
    assert (exit_.value.code, capsys.readouterr().err) == (2, f"error: {message}\n")
    assert not (tmp_path / "camp").exists()


def test_answer_without_options_points_to_the_invitation(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["answer"])
    assert (exit_.value.code, capsys.readouterr().err) == (
        2,
        "error: give the invitation you answer: sscassess answer --invitation FILE, the file "
        "the city coordinator sent you (coordinators: --campaign DIR for a workshop, "
        "--questionnaire ID --out FILE without an invitation)\n",
    )
