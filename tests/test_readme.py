"""The README's walkthrough runs: every command of its runnable examples, with its output.

A ```console block right after a ``<!-- runnable -->`` line is run, in README order, in one
fresh folder: ``$ cat FILE`` writes FILE with the lines shown under it (so the README shows
the input files it uses), every other ``$ sscassess …`` line runs the real command and must
succeed with the output shown. Campaign ids, hashes and dates are compared as placeholders; a
line ending in ``…`` matches any line it begins, and a line ``…`` alone skips lines.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

README = Path(__file__).resolve().parent.parent / "README.md"
MARKER = "<!-- runnable -->"
_VOLATILE = [
    (re.compile(r"\bc_[0-9a-f]{12}\b"), "c_ID"),
    (re.compile(r"\b[0-9a-f]{16,64}…?"), "HEX"),
    (re.compile(r"\b20\d\d-\d\d-\d\d(T\d\d:\d\d:\d\dZ)?"), "DATE"),
    # The folder of an absolute path (the wizard's last message names the response file so).
    (re.compile(r"(?<=\s)/(?:[^/\s]+/)+"), "/PATH/"),
]


@dataclass
class Step:
    command: str
    expected: list[str] = field(default_factory=list)
    line: int = 0


def runnable_steps(text: str) -> list[Step]:
    steps: list[Step] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        if lines[i].strip() == MARKER:
            assert lines[i + 1].startswith("```console"), f"README:{i + 2}: expected ```console"
            i += 2
            while not lines[i].startswith("```"):
                line = lines[i]
                if line.startswith("$ "):
                    steps.append(Step(line[2:], line=i + 1))
                elif steps:
                    steps[-1].expected.append(line)
                i += 1
        i += 1
    for step in steps:
        while step.expected and not step.expected[-1].strip():
            step.expected.pop()
    return steps


def normalise(line: str) -> str:
    for pattern, placeholder in _VOLATILE:
        line = pattern.sub(placeholder, line)
    return line.rstrip()


def matches(expected: list[str], actual: list[str]) -> bool:
    want = [normalise(x) for x in expected]
    got = [normalise(x) for x in actual]

    def walk(i: int, j: int) -> bool:
        if i == len(want):
            return j == len(got)
        if want[i] == "…":
            return any(walk(i + 1, k) for k in range(j, len(got) + 1))
        if j == len(got):
            return False
        line = want[i]
        ok = got[j].startswith(line[:-1]) if line.endswith("…") else got[j] == line
        return ok and walk(i + 1, j + 1)

    return walk(0, 0)


STEPS = runnable_steps(README.read_text(encoding="utf-8"))


def test_the_readme_has_a_runnable_walkthrough() -> None:
    commands = {s.command.split()[1] for s in STEPS if s.command.startswith("sscassess ")}
    walkthrough = ["init", "invite", "answer", "import", "status", "analyze", "report", "export"]
    assert set(walkthrough) <= commands


@pytest.mark.slow
def test_readme_walkthrough_runs(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "HOME": str(tmp_path / "home"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "NO_COLOR": "1",
        "COLUMNS": "80",
        "TERM": "dumb",
    }
    work = tmp_path / "work"
    work.mkdir()
    for step in STEPS:
        argv = shlex.split(step.command)
        if argv[0] == "cat":
            (work / argv[1]).parent.mkdir(parents=True, exist_ok=True)
            (work / argv[1]).write_text("\n".join(step.expected) + "\n", encoding="utf-8")
            continue
        assert argv[0] == "sscassess", f"README:{step.line}: only sscassess and cat commands run"
        result = subprocess.run(
            [sys.executable, "-m", "sscassess", *argv[1:]],
            cwd=work,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert result.returncode == 0, (
            f"README:{step.line}: `{step.command}` exited {result.returncode}\n{result.stderr}"
        )
        actual = result.stdout.rstrip("\n").splitlines()
        assert matches(step.expected, actual), (
            f"README:{step.line}: `{step.command}` printed:\n{result.stdout}\n"
            f"the README shows:\n" + "\n".join(step.expected)
        )


def test_the_readme_pictures_are_the_generated_ones() -> None:
    text = README.read_text(encoding="utf-8")
    root = README.parent
    for image in re.findall(r"!\[[^\]]*\]\(([^)]+)\)", text):
        path = root / image
        assert path.is_file(), f"README shows {image}, which is missing: run make readme-images"
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert image.startswith("docs/images/"), f"{image} is not made by make readme-images"
    generator = (root / "docs" / "readme_images.py").read_text(encoding="utf-8")
    for image in re.findall(r"docs/images/([\w.-]+)", text):
        assert f'"{image}"' in generator, f"docs/readme_images.py does not make {image}"
    capture = (root / "docs" / "images" / "wizard-screen.txt").read_text(encoding="utf-8")
    assert capture.strip() in text, "the README's wizard screen is not the captured one"
