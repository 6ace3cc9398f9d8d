"""Wizard start-up: time until the first question is on screen, against `import questionary`.

Both are measured in a real pseudo-terminal (pexpect) in the same run: the floor is
`python -c "import questionary"` (start Python, import the prompt library, exit); the
wizard is `sscassess answer --invitation FILE` until its first prompt is drawn. The goal
(issue 4) is at most 1.5x the floor. Median of RUNS runs.
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


def timed(args: list[str], expect: str | None, cwd: Path) -> float:
    env = {**os.environ, "TERM": "xterm-256color", "PROMPT_TOOLKIT_NO_CPR": "1"}
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
    from sscassess.campaign import Campaign

    with tempfile.TemporaryDirectory() as tmp:
        cwd = Path(tmp)
        c = Campaign.init(cwd / "camp", "Lakeside")
        _, invitation = c.invite("Harbour Telecom", "ict_company", "telecom_operator")
        c.close()
        floor = [timed(["-c", "import questionary"], None, cwd) for _ in range(runs)]
        wizard = [
            timed(
                ["-m", "sscassess", "answer", "--invitation", str(invitation), "--out", "x.json"],
                PROMPT,
                cwd,
            )
            for _ in range(runs)
        ]
    f, w = statistics.median(floor), statistics.median(wizard)
    print(f"median of {runs} runs in a pseudo-terminal")
    print(f"python -c 'import questionary'  {f * 1000:7.1f} ms")
    print(f"first wizard question           {w * 1000:7.1f} ms   ratio {w / f:.2f} (goal <= 1.5)")


if __name__ == "__main__":
    main()
