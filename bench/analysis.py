"""Analysis benchmark: time and peak memory of the gap analysis against loading the data.

For campaigns of 100, 10,000 and 100,000 seeded responses to the shipped questionnaire (in a
SQLite store, bulk-loaded outside the measurement), each measurement runs in a fresh process:

- floor: read every current response from the store and build one DataFrame of them;
- analysis: read the same responses and run ``analyse`` (every table of the README).

The goal (DESIGN.md) is analysis ≤ 3× the floor at 100,000 responses, with roughly linear
growth. Usage: ``python bench/analysis.py [SIZES...]``.
"""

from __future__ import annotations

import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SIZES = (100, 10_000, 100_000)


def generate(path: Path, n: int, seed: int = 11) -> None:
    """A store with ``n`` plausible responses (expectation-driven ratings with noise)."""
    from sscassess.campaign.store import SQLiteStore, canonical
    from sscassess.questionnaire.load import load_questionnaire

    q = load_questionnaire(None)
    pack = q.reference
    rnd = random.Random(seed)
    store = SQLiteStore(path, "c_bench")
    store.migrate()
    cats = [c.id for c in pack.categories]
    aims = [a.id for a in pack.aims]
    challenges = [c.id for c in pack.challenges]
    potential = [p.id for p in pack.potential]
    constraints = [c.id for c in pack.constraints]
    base = {"primary": 3, "supporting": 2, "none": 0}
    rows = []
    for i in range(n):
        cat = rnd.choice(cats)
        roles = {
            r.id: max(0, min(4, base[pack.level(cat, r.id)] + rnd.randint(-2, 1)))
            for r in pack.roles
        }
        answers = {
            "organisation_name": f"Organisation {i}",
            "category": cat,
            "consent_named": True,
            "roles": roles,
            "aims": rnd.sample(aims, rnd.randint(1, 4)),
            "challenges": rnd.sample(challenges, rnd.randint(0, 4)),
            "potential": rnd.sample(potential, rnd.randint(1, 3)),
            "constraints": rnd.sample(constraints, rnd.randint(0, 3)),
            "collaborations": rnd.sample(cats, rnd.randint(0, 3)),
            "collaboration_needs": rnd.sample(cats, rnd.randint(0, 2)),
            "comments": f"Comment number {i}." if i % 5 == 0 else None,
        }
        answers = {k: v for k, v in answers.items() if v is not None}
        rows.append(
            (
                "c_bench", f"r{i:07d}", f"r{i:07d}", 1, f"Organisation {i}", cat, None,
                canonical(answers), f"{i:064d}", q.sha256, 1, "signed-file",
                "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z",
            )
        )  # fmt: skip
    with store.transaction() as cur:
        cur.executemany(
            "INSERT INTO responses (campaign_id, response_id, invitation_id, revision, "
            "organisation, category, subtype, answers, content_sha256, questionnaire_sha256, "
            "verified, source, submitted_at, imported_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
    store.close()


def measure(kind: str, path: Path) -> None:
    """Run one measurement in this (fresh) process; print seconds and peak RSS in MiB."""
    import pandas as pd

    from sscassess.analysis.analyse import analyse
    from sscassess.campaign.store import SQLiteStore
    from sscassess.questionnaire.load import load_questionnaire

    q = load_questionnaire(None)
    store = SQLiteStore(path, "c_bench")
    start = time.perf_counter()
    responses = store.responses()
    if kind == "floor":
        frame = pd.DataFrame([r.__dict__ for r in responses])
        assert len(frame) == len(responses)
    else:
        result = analyse(q.reference, q, responses)
        assert result.meta["responses"] == len(responses)
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": elapsed, "peak_mib": peak}))


def run(kind: str, path: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--measure", kind, str(path)],
        check=True,
        capture_output=True,
        text=True,
    )
    return dict(json.loads(out.stdout))


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--measure":
        measure(sys.argv[2], Path(sys.argv[3]))
        return
    sizes = [int(a) for a in sys.argv[1:]] or list(SIZES)
    print(f"{'responses':>10} {'floor s':>9} {'analysis s':>11} {'ratio':>6} "
          f"{'floor MiB':>10} {'analysis MiB':>13} {'s per 1k':>9}")  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            path = Path(tmp) / f"store-{n}.sqlite"
            generate(path, n)
            # Best of three for each, alternating, so both see the same machine state.
            floors, analyses = [], []
            for _ in range(3):
                floors.append(run("floor", path))
                analyses.append(run("analysis", path))
            f = min(floors, key=lambda r: r["seconds"])
            a = min(analyses, key=lambda r: r["seconds"])
            print(
                f"{n:>10} {f['seconds']:>9.3f} {a['seconds']:>11.3f} "
                f"{a['seconds'] / f['seconds']:>6.2f} {f['peak_mib']:>10.0f} "
                f"{a['peak_mib']:>13.0f} {1000 * a['seconds'] / n:>9.3f}"
            )


if __name__ == "__main__":
    main()
