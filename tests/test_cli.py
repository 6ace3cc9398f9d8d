"""The command line: help and examples, reference show in every format, errors and exit codes."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import click
import pytest

from conftest import MINIMAL_PACK
from sscassess import __version__
from sscassess.cli.main import cli, main


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Callable[..., Result]:
    def _run(*args: str) -> Result:
        with pytest.raises(SystemExit) as info:
            main(list(args))
        captured = capsys.readouterr()
        return Result(int(info.value.code or 0), captured.out, captured.err)

    return _run


def all_commands() -> list[tuple[str, click.Command]]:
    found: list[tuple[str, click.Command]] = []

    def walk(prefix: str, command: click.Command) -> None:
        found.append((prefix, command))
        if isinstance(command, click.Group):
            for name, sub in command.commands.items():
                walk(f"{prefix} {name}".strip(), sub)

    walk("", cli)
    return found


@pytest.mark.parametrize(
    ("name", "command"), all_commands(), ids=lambda v: v if isinstance(v, str) else ""
)
def test_every_command_has_a_purpose_and_an_example(
    run: Callable[..., Result], name: str, command: click.Command
) -> None:
    result = run(*name.split(), "--help")
    assert result.code == 0
    assert command.help and command.help.strip().splitlines()[0].endswith(".")
    assert "Example:" in result.out
    assert "sscassess " in result.out.split("Example:")[1]


def test_version(run: Callable[..., Result]) -> None:
    result = run("--version")
    assert (result.code, result.out) == (0, f"sscassess, version {__version__}\n")


def test_matrix_table_fits_80_columns(run: Callable[..., Result]) -> None:
    result = run("reference", "show")
    assert result.code == 0
    lines = result.out.splitlines()
    assert max(len(line) for line in lines) <= 80
    header = next(line for line in lines if line.strip().startswith("MUN"))
    assert header.split() == [
        "MUN",
        "NRG",
        "CSC",
        "UTL",
        "ICT",
        "NGO",
        "IRO",
        "IND",
        "ACA",
        "CIT",
        "URB",
        "SDO",
    ]
    row = next(line for line in lines if line.startswith("R07 "))
    assert row.split()[-12:] == ["s", "·", "·", "·", "·", "·", "P", "·", "·", "S", "·", "·"]
    assert "12 categories, 24 roles, 12 aims, 16 challenges" in result.out


def test_category_profile(run: Callable[..., Result]) -> None:
    result = run("reference", "show", "urban_planners")
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[0] == "Urban planners (URB, list item k)"
    assert max(len(line) for line in lines) <= 80
    assert "  primary    Urban planning integration [report, " in result.out
    assert "  supporting Strategic planning and roadmap [report, " in result.out
    assert "  scale/sector (not available in the source)" in result.out
    assert "REC-25 " in result.out


def test_json_holds_the_whole_pack(run: Callable[..., Result]) -> None:
    result = run("reference", "show", "--format", "json")
    data = json.loads(result.out)
    assert (
        len(data["categories"]),
        len(data["roles"]),
        len(data["aims"]),
        len(data["challenges"]),
    ) == (12, 24, 12, 16)
    assert len(data["recommendations"]) >= 20
    assert len(data["matrix"]) == 12
    assert all(len(row) == 24 for row in data["matrix"].values())
    cells = [cell for row in data["matrix"].values() for cell in row.values()]
    assert all("basis" in c for c in cells if c["level"] != "none")
    assert data["matrix"]["municipality"]["funding"]["basis"] == "interpretation"
    assert data["pack"]["id"] == "itu_fg_ssc_2015"
    assert len(data["pack"]["sha256"]) == 64


def test_json_for_one_category(run: Callable[..., Result]) -> None:
    data = json.loads(run("reference", "show", "citizens", "--format", "json").out)
    assert data["category"]["id"] == "citizens"
    assert data["expectations"]["service_use"] == {
        "level": "primary",
        "basis": "report",
        "source": data["expectations"]["service_use"]["source"],
    }
    assert len(data["expectations"]) == 24


def test_csv_is_the_long_matrix(run: Callable[..., Result]) -> None:
    rows = list(csv.DictReader(io.StringIO(run("reference", "show", "--format", "csv").out)))
    assert len(rows) == 288
    assert rows[0]["category"] == "municipality" and rows[0]["role"] == "city_leadership"
    assert rows[0]["level"] == "primary" and rows[0]["expected_involvement"] == "3"
    one = list(csv.DictReader(io.StringIO(run("reference", "show", "ngo", "--format", "csv").out)))
    assert {r["category"] for r in one} == {"ngo"} and len(one) == 24


def test_unknown_category_is_a_usage_error(run: Callable[..., Result]) -> None:
    result = run("reference", "show", "mayors")
    assert result.code == 2
    assert result.out == ""
    assert result.err.startswith(
        "error: unknown category 'mayors'; valid categories: municipality, "
    )


def test_unknown_language_is_a_usage_error(run: Callable[..., Result]) -> None:
    result = run("reference", "show", "--lang", "de")
    assert (result.code, result.err) == (
        2,
        "error: language 'de' is not in pack itu_fg_ssc_2015; available: en, fr, es\n",
    )


def test_bad_option_value_is_a_usage_error(run: Callable[..., Result]) -> None:
    result = run("reference", "show", "--format", "pdf")
    assert result.code == 2
    assert "Invalid value for '--format': 'pdf' is not one of 'table', 'json', 'csv'." in result.err


def test_invalid_custom_pack_lists_problems_and_exits_3(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    for name, text in MINIMAL_PACK.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "roles.yaml").write_text(
        MINIMAL_PACK["roles.yaml"].replace("id: data", "id: Data"), encoding="utf-8"
    )
    result = run("reference", "show", "--reference", str(tmp_path))
    assert result.code == 3
    assert result.err.splitlines()[0] == f"error: reference pack {tmp_path} is invalid"
    assert result.err.splitlines()[1].startswith(
        f"  {tmp_path}/roles.yaml:7: roles[1].id: 'Data' is not a valid id"
    )
    assert "Traceback" not in result.err


def test_custom_pack_renders(run: Callable[..., Result], tmp_path: Path) -> None:
    for name, text in MINIMAL_PACK.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    result = run("reference", "show", "--reference", str(tmp_path / "pack.yaml"))
    assert result.code == 0
    assert "R01 Leadership" in result.out and "MUN CIT" in result.out


def test_custom_pack_text_cannot_drive_the_terminal(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    for name, text in MINIMAL_PACK.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    roles = MINIMAL_PACK["roles.yaml"].replace(
        "short_name: {en: Leadership}", 'short_name: {en: "Lead\\e[2Jership"}'
    )
    (tmp_path / "roles.yaml").write_text(roles, encoding="utf-8")
    result = run("reference", "show", "--reference", str(tmp_path))
    assert "\x1b" not in result.out
    assert "R01 Lead[2Jership" in result.out


def test_console_script_and_module_run_without_traceback(tmp_path: Path) -> None:
    exe = Path(sys.executable).with_name("sscassess")
    for cmd in ([str(exe)], [sys.executable, "-m", "sscassess"]):
        proc = subprocess.run(
            [*cmd, "reference", "show", "--reference", str(tmp_path)],
            capture_output=True,
            text=True,
            cwd=tmp_path,
        )
        assert proc.returncode == 2
        assert (
            proc.stderr == f"error: {tmp_path}: not a reference pack folder (it has no pack.yaml)\n"
        )


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "sscassess", "--debug", "reference", "show", "--reference", str(tmp_path)],
        capture_output=True, text=True,
    )  # fmt: skip
    assert proc.returncode == 2
    assert "Traceback (most recent call last)" in proc.stderr
    assert proc.stderr.endswith(
        f"error: {tmp_path}: not a reference pack folder (it has no pack.yaml)\n"
    )


def test_closed_pipe_is_quiet() -> None:
    proc = subprocess.run(
        f"{sys.executable} -m sscassess reference show --format json | head -c 10 >/dev/null",
        shell=True, capture_output=True, text=True,
    )  # fmt: skip
    assert proc.stderr == ""
