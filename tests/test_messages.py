"""Library messages name settings as options; only the command line spells them as flags."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import sscassess
from sscassess.cli.common import spelling
from sscassess.cli.main import cli, main
from sscassess.core.errors import Command, InvalidInputError, Msg, Option, UsageError
from sscassess.core.i18n import Plural

PACKAGE = Path(sscassess.__file__).parent
FLAG = re.compile(r"(?<![\w-])--[a-z][a-z-]+")

#: Library text that names a flag on purpose, each with why.
ALLOWED = {
    # Its own ``python -m`` entry point: the usage line and the argument it checks.
    ("questionnaire/release.py", "usage: python -m sscassess.questionnaire.release [--check]"),
    ("questionnaire/release.py", "--check"),
    # Arguments of the git commands it runs, not text for a user.
    ("questionnaire/release.py", "--show-toplevel"),
    ("questionnaire/release.py", "--format=%H"),
    # The respondent's instructions in the invitation file (issue 18 rewrites them).
    (
        "campaign/folder.py",
        "# sscassess invitation. Keep it private: the code lets its holder answer for this\n"
        "# organisation. Answer with: sscassess answer --invitation THIS_FILE\n",
    ),
}


def _texts(tree: ast.AST) -> list[str]:
    """Every string constant of a module, docstrings left out."""
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
        and id(node) not in docstrings
    ]  # fmt: skip


def test_no_library_message_names_a_command_line_flag() -> None:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        if rel.startswith("cli/"):
            continue
        for text in _texts(ast.parse(path.read_text(encoding="utf-8"))):
            if FLAG.search(text) and (rel, text) not in ALLOWED:
                found.append(f"{rel}: {text!r}")
    assert found == []


def test_the_scan_finds_a_flag_in_a_message_and_not_in_a_docstring() -> None:
    tree = ast.parse(
        'def f():\n    """Use --out here."""\n    raise UsageError(f"give {x} --out FILE")\n'
    )
    assert [t for t in _texts(tree) if FLAG.search(t)] == [" --out FILE"]


def test_every_allowed_text_is_still_there() -> None:
    texts = {
        (rel, text)
        for rel in {rel for rel, _ in ALLOWED}
        for text in _texts(ast.parse((PACKAGE / rel).read_text(encoding="utf-8")))
    }
    assert ALLOWED - texts == set()


def test_the_python_api_spells_options_as_parameters() -> None:
    error = UsageError(
        "use ", Option("privacy", "pseudonymous"), ", give ", Option("unverified", True),
        " or check ", Option("out"), "; then ", Command("invite", "/c", (Option("list", True),)),
    )  # fmt: skip
    assert str(error) == (
        "use privacy='pseudonymous', give unverified=True or check out; "
        "then invite('/c', list=True)"
    )
    assert error.parts[1] == Option("privacy", "pseudonymous")


def test_the_command_line_spells_them_as_the_running_command_declares() -> None:
    error = UsageError(
        Option("coordinator"), " is empty; or ", Option("lang", "fr"), " or ",
        Option("exclude_unverified"), "; ", Command("invite", "/my c", (Option("list", True),)),
    )  # fmt: skip
    # init takes the coordinator as --contact, invite as --coordinator.
    assert error.spelt(spelling(cli.commands["init"], cli)) == (
        "--contact is empty; or --lang fr or --exclude-unverified; sscassess invite '/my c' --list"
    )
    assert error.spelt(spelling(cli.commands["invite"], cli)).startswith("--coordinator is empty")


def test_an_invalid_input_error_spells_its_summary_and_keeps_its_problems() -> None:
    error = InvalidInputError(
        Msg(Plural("{file} has {n} problem (use {option})", "{file} has {n} problems (use {option})"),
            file="x.csv", n=1, option=Option("skip_invalid", True))
    )  # fmt: skip
    assert error.summary == "x.csv has 1 problem (use skip_invalid=True)"
    assert error.spelt(spelling(cli.commands["invite"], cli)) == (
        "x.csv has 1 problem (use --skip-invalid)"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--city", "L", "--contact", ""],
         "--contact is empty: give an e-mail address or phone number, or leave it out"),
        (["--city", "L", "--country", "France"],
         "--country 'France' is not a country code: use ISO 3166 letters such as FR or ESP"),
        (["--city", "L", "--store", "mysql://x"],
         "--store 'mysql://x': use sqlite (the default) or a postgresql:// URL"),
    ],
)  # fmt: skip
def test_init_names_its_own_flags(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--debug", "init", str(tmp_path / "c"), *args])
    err = capsys.readouterr().err
    assert exit_.value.code == 2
    assert err.endswith(f"error: {message}\n")
    assert not (tmp_path / "c").exists()


def test_invite_names_its_coordinator_flag(
    campaign: object, capsys: pytest.CaptureFixture[str]
) -> None:
    root = str(campaign.root)  # type: ignore[attr-defined]
    with pytest.raises(SystemExit) as exit_:
        main(["invite", root, "--coordinator", " "])
    assert (exit_.value.code, capsys.readouterr().err) == (
        2,
        "error: --coordinator is empty: give an e-mail address or phone number, or leave it out\n",
    )
    with pytest.raises(SystemExit):
        main(["invite", root, "--revoke", "nobody"])
    assert capsys.readouterr().err == (
        f"error: no invitation for 'nobody'; list them with: sscassess invite {root} --list\n"
    )


def test_an_error_crosses_a_process_boundary_whole() -> None:
    import pickle

    from sscassess.core.errors import Problem
    from sscassess.core.resources import NotShippedError

    usage = UsageError("use ", Option("privacy", "pseudonymous"))
    invalid = InvalidInputError(
        ("x.csv is bad (use ", Option("skip_invalid", True), ")"), [Problem("x.csv", 2, "", "no")]
    )
    # Its own constructor takes five arguments: unpickled the default way, it failed.
    not_shipped = NotShippedError("questionnaire", "q", "9.9", "1.1", ["1.0"])
    for error in (usage, invalid, not_shipped):
        back = pickle.loads(pickle.dumps(error))
        assert type(back) is type(error)
        assert (str(back), back.parts) == (str(error), error.parts)
    assert str(pickle.loads(pickle.dumps(invalid))) == (
        "x.csv is bad (use skip_invalid=True)\n  x.csv:2: no"
    )
