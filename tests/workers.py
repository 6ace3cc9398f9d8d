"""Worker processes for the concurrency tests (run as scripts, one store connection each)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from sscassess.campaign.store import Submission, open_store


def submit(
    spec: str, root: str, campaign_id: str, worker: int, count: int, timings: str | None
) -> None:
    store = open_store(spec, Path(root), campaign_id)
    store.migrate()
    lines = []
    for i in range(count):
        sub = Submission(
            response_id=f"w{worker:02d}_{i:04d}", invitation_id=None, revision=1,
            organisation=f"Org {worker}-{i}", category="ngo", subtype=None,
            answers={"roles": {"funding": i % 5}, "comments": f"worker {worker} item {i}"},
            content_sha256=f"{worker:04d}{i:060d}", questionnaire_sha256="q" * 64,
            verified=True, source="test", submitted_at="2026-11-24T00:00:00Z",
        )  # fmt: skip
        start = time.perf_counter()
        store.submit(sub, f"worker{worker}")
        lines.append(f"{time.perf_counter() - start:.6f}")
    store.close()
    if timings:
        Path(timings).write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    spec, root, campaign_id, worker, count = sys.argv[1:6]
    submit(
        spec, root, campaign_id, int(worker), int(count), sys.argv[6] if len(sys.argv) > 6 else None
    )
