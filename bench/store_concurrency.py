"""Store benchmark: submissions/s and per-submission latency under concurrent writers.

For SQLite (a file, WAL, synchronous=FULL) and, when a server can be started, PostgreSQL
(a throwaway cluster on 127.0.0.1 with default durability: fsync on). Each run starts P
writer processes submitting N answers each; the floor is one process doing the same N
submissions alone, measured in the same run. Prints a table; `make bench` runs it.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

ROOT = Path(__file__).resolve().parent.parent
WORKERS = ROOT / "tests" / "workers.py"
sys.path.insert(0, str(ROOT / "tests"))


def run(
    spec: str, root: Path, campaign: str, processes: int, each: int
) -> tuple[float, list[float]]:
    timing_files = [root / f"t{campaign}_{w}.txt" for w in range(processes)]
    start = time.perf_counter()
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                str(WORKERS),
                spec,
                str(root),
                campaign,
                str(w),
                str(each),
                str(timing_files[w]),
            ]
        )
        for w in range(processes)
    ]
    for p in procs:
        if p.wait() != 0:
            raise SystemExit(f"writer failed with status {p.returncode}")
    elapsed = time.perf_counter() - start
    latencies = [float(x) for f in timing_files for x in f.read_text().split()]
    return elapsed, latencies


def report(name: str, spec_for: Callable[[Path], str], processes: int, each: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        floor_s, floor_lat = run(spec_for(root), root, f"floor{name}", 1, each)
        conc_s, conc_lat = run(spec_for(root), root, f"conc{name}", processes, each)
    n = processes * each

    def pct(values: list[float], q: float) -> float:
        return statistics.quantiles(values, n=100)[int(q) - 1] * 1000

    print(
        f"{name:<11} 1×{each:<4} {each / floor_s:>8.0f}/s  p50 {pct(floor_lat, 50):6.2f} ms  p99 {pct(floor_lat, 99):6.2f} ms"
    )
    print(
        f"{name:<11} {processes}×{each:<4} {n / conc_s:>8.0f}/s  p50 {pct(conc_lat, 50):6.2f} ms  p99 {pct(conc_lat, 99):6.2f} ms"
        f"  (throughput {n / conc_s / (each / floor_s):.2f}× the single writer)"
    )


def main() -> None:
    processes, each = 8, 50
    print(f"{processes} writer processes × {each} submissions, against 1 writer × {each} (floor)")
    report("sqlite", lambda root: "sqlite", processes, each)
    try:
        from pgserver import postgres_server

        server = postgres_server(fsync=True)
        url = server.__enter__()
    except Exception as exc:
        print(f"postgresql  skipped: {exc}")
        return
    try:
        report("postgresql", lambda root: url, processes, each)
    finally:
        server.__exit__(None, None, None)


if __name__ == "__main__":
    main()
