"""Docs that cannot drift: every command and option is in the README with help text."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from sscassess.cli.main import cli

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def leaf_commands() -> list[tuple[str, click.Command]]:
    found: list[tuple[str, click.Command]] = [("", cli)]

    def walk(prefix: str, group: click.Group) -> None:
        for name, command in group.commands.items():
            path = f"{prefix} {name}".strip()
            if isinstance(command, click.Group):
                walk(path, command)
            else:
                found.append((path, command))

    walk("", cli)
    return found


@pytest.mark.parametrize(
    ("path", "command"), leaf_commands(), ids=lambda v: v if isinstance(v, str) else ""
)
def test_command_and_its_options_are_documented(path: str, command: click.Command) -> None:
    if path:
        assert f"sscassess {path}" in README, f"README never shows `sscassess {path}`"
    for param in command.params:
        if isinstance(param, click.Option):
            long = max(param.opts, key=len)
            if long == "--help":
                continue
            assert param.help, f"{path} {long} has no help text"
            assert long in README, f"README never mentions {long} (sscassess {path})"


@pytest.mark.parametrize(
    ("path", "command"), leaf_commands(), ids=lambda v: v if isinstance(v, str) else ""
)
def test_help_shows_its_example_lines_unwrapped(path: str, command: click.Command) -> None:
    from click.testing import CliRunner

    result = CliRunner().invoke(cli, [*path.split(), "--help"], terminal_width=80)
    assert result.exit_code == 0, result.output
    assert "\\b" not in result.output
    lines = result.output.splitlines()
    assert "  Example:" in lines, result.output
    example = lines[lines.index("  Example:") + 1]
    assert example.startswith("    sscassess"), example
