"""Wizard start-up: time until the first question is on screen, against `import questionary`.

Everything is measured in a real pseudo-terminal (pexpect) in the same run: the floor is
`python -c "import questionary"` (start Python, import the prompt library, exit); the
wizard is `sscassess answer --invitation FILE` until its first prompt is drawn, twice:

* cold: an empty questionnaire cache (a fresh XDG_CACHE_HOME each run), as on the first
  start of a new installation: the shipped questionnaire's resolved form is read from the
  package (only a questionnaire of one's own is validated in full, once);
* warm: the cache of an earlier run, as for every start after the first.

The runs are interleaved (floor, cold, warm, floor, ...) so that a change in machine load
falls on all three alike. The goal (issue 4) is at most 1.5x the floor. Median of RUNS runs.
The user's own cache is never touched.

Modules run compiled, as after an installation (pip writes the .pyc files; a checkout writes
them on first use): PYTHONDONTWRITEBYTECODE is not passed on, and each command runs once
untimed first. With it set, every edited module would be compiled from source on every run.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pexpect

ROOT = Path(__file__).resolve().parent.parent
PROMPT = r"\?(?:\x1b\[[0-9;]*m)* "


def timed(args: list[str], expect: str | None, cwd: Path, cache: Path) -> float:
    env = {
        **os.environ,
        "TERM": "xterm-256color",
        "PROMPT_TOOLKIT_NO_CPR": "1",
        "XDG_CACHE_HOME": str(cache),
    }
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    start = time.perf_counter()
    child = pexpect.spawn(
        sys.executable,
        args,
        cwd=str(cwd),
        env=env,
        dimensions=(24, 80),
        encoding="utf-8",
        timeout=30,
    )
    if expect is None:
        child.expect(pexpect.EOF)
    else:
        child.expect(expect)
    elapsed = time.perf_counter() - start
    child.terminate(force=True)
    return elapsed


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 9
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory() as tmp:
        cwd = Path(tmp)
        os.environ["XDG_CACHE_HOME"] = str(cwd / "setup-cache")  # not the user's cache
        os.environ["XDG_DATA_HOME"] = str(cwd / "data")  # nor the user's drafts (children too)
        from sscassess.campaign.folder import Campaign

        c = Campaign.init(cwd / "camp", "Lakeside")
        _, invitation = c.invite("Harbour Telecom", "ict_company", "telecom_operator")
        c.close()
        wizard = ["-m", "sscassess", "answer", "--invitation", str(invitation), "--out", "x.json"]
        warm_cache = cwd / "warm-cache"
        # Untimed: compile every module once, and write the cache the warm runs read.
        timed(["-c", "import questionary"], None, cwd, warm_cache)
        timed(wizard, PROMPT, cwd, cwd / "cold-cache-first")
        timed(wizard, PROMPT, cwd, warm_cache)
        floor: list[float] = []
        cold: list[float] = []
        warm: list[float] = []
        for i in range(runs):
            floor.append(timed(["-c", "import questionary"], None, cwd, warm_cache))
            cold.append(timed(wizard, PROMPT, cwd, cwd / f"cold-cache-{i}"))
            warm.append(timed(wizard, PROMPT, cwd, warm_cache))
    f, c_, w = (statistics.median(x) for x in (floor, cold, warm))
    print(f"median of {runs} runs in a pseudo-terminal, interleaved")
    print(f"python -c 'import questionary'        {f * 1000:7.1f} ms")
    print(f"first wizard question, cold cache     {c_ * 1000:7.1f} ms   ratio {c_ / f:.2f}")
    print(
        f"first wizard question, warm cache     {w * 1000:7.1f} ms   ratio {w / f:.2f} (goal <= 1.5)"
    )


if __name__ == "__main__":
    main()
