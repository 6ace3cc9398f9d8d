"""Start-up benchmark: `sscassess --help` against the floor of starting Python at all.

Run with `make bench` (or `python bench/startup.py [RUNS]`). Prints the median wall time of
each command over RUNS runs and its ratio to the floor `python -c pass`, measured in the same
run. `import questionary` is shown for the wizard's later 1.5x budget.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

COMMANDS = {
    "python -c pass (floor)": [sys.executable, "-c", "pass"],
    "python -c 'import click'": [sys.executable, "-c", "import click"],
    "sscassess --help": [sys.executable, "-m", "sscassess", "--help"],
    "sscassess reference --help": [sys.executable, "-m", "sscassess", "reference", "--help"],
    "sscassess reference show": [sys.executable, "-m", "sscassess", "reference", "show"],
    "python -c 'import questionary'": [sys.executable, "-c", "import questionary"],
}


def median_seconds(cmd: list[str], runs: int) -> float:
    subprocess.run(cmd, capture_output=True, check=True)  # warm the file cache
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    results = {name: median_seconds(cmd, runs) for name, cmd in COMMANDS.items()}
    floor = results["python -c pass (floor)"]
    print(f"median of {runs} runs; ratio = time / floor")
    print(f"{'command':<34}{'ms':>8}{'ratio':>8}")
    for name, seconds in results.items():
        print(f"{name:<34}{seconds * 1000:>8.1f}{seconds / floor:>8.2f}")


if __name__ == "__main__":
    main()
