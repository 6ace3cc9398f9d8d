"""The store under concurrent writers, SIGKILL and a full disk: no answer lost, nothing torn."""

from __future__ import annotations

import json
import os
import random
import resource
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from conftest import valid_answers
from sscassess.campaign.folder import Campaign
from sscassess.campaign.store import SQLiteStore, open_store
from sscassess.core.fileio import TEMP_PREFIX, WriteError, atomic_write
from sscassess.respond import answer_with_invitation

WORKERS = Path(__file__).with_name("workers.py")
ROOT = Path(__file__).resolve().parent.parent


def run_writers(spec: str, root: Path, campaign_id: str, processes: int, each: int) -> None:
    procs = [
        subprocess.Popen(
            [sys.executable, str(WORKERS), spec, str(root), campaign_id, str(w), str(each)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for w in range(processes)
    ]
    for p in procs:
        _, err = p.communicate(timeout=300)
        assert (p.returncode, err) == (0, ""), err


def test_eight_sqlite_writers_lose_nothing(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "store.sqlite", "c_test")
    store.migrate()
    run_writers("sqlite", tmp_path, "c_test", 8, 50)
    responses = store.responses()
    assert len(responses) == 400
    assert {r.response_id for r in responses} == {
        f"w{w:02d}_{i:04d}" for w in range(8) for i in range(50)
    }
    events = store.events()
    assert [e[0] for e in events] == list(range(1, 401))
    assert store.integrity_check() == "ok"
    store.close()


def test_eight_postgresql_writers_lose_nothing(pg_url: str, tmp_path: Path) -> None:
    store = open_store(pg_url, tmp_path, "c_pgtest")
    store.migrate()
    run_writers(pg_url, tmp_path, "c_pgtest", 8, 50)
    assert len(store.responses()) == 400
    assert [e[0] for e in store.events()] == list(range(1, 401))
    store.close()


def test_postgresql_store_keeps_revisions_like_sqlite(pg_url: str, tmp_path: Path) -> None:
    from sscassess.campaign.store import Rejected, Submission

    store = open_store(pg_url, tmp_path, "c_pgrev")
    store.migrate()

    def sub(comment: str, at: str, verified: bool = True) -> Submission:
        return Submission(
            "r1", None, 1, "Org", "ngo", None, {"comments": comment}, comment * 8, "q" * 64,
            verified, "test", at,
        )  # fmt: skip

    assert store.submit(sub("a", "2026-11-24T00:00:00Z"), "t") == ("imported", 1)
    assert store.submit(sub("a", "2026-11-24T00:00:00Z"), "t") == ("unchanged", 1)
    assert store.submit(sub("b", "2026-11-24T00:00:05Z"), "t") == ("imported", 2)
    assert store.submit(sub("a", "2026-11-24T00:00:00Z"), "t") == ("superseded", 1)
    with pytest.raises(Rejected, match="submitted on 2026-11-24T00:00:03Z, before the current"):
        store.submit(sub("x", "2026-11-24T00:00:03Z"), "t")
    with pytest.raises(Rejected, match="an unverified file never replaces it"):
        store.submit(sub("x", "2026-11-25T00:00:00Z", verified=False), "t")
    assert store.submit(sub("c", "2026-11-24T00:00:09Z"), "t") == ("imported", 3)
    assert [r.revision for r in store.history("r1")] == [1, 2]
    assert store.responses()[0].answers == {"comments": "c"}
    store.close()


def make_inbox(tmp_path: Path, n: int) -> tuple[Campaign, Path]:
    campaign = Campaign.init(tmp_path / "camp", "Lakeside")
    csv_path = tmp_path / "orgs.csv"
    csv_path.write_text(
        "name,category\n" + "".join(f"NGO number {i},ngo\n" for i in range(n)), encoding="utf-8"
    )
    campaign.invite_from_csv(csv_path)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    answers = tmp_path / "answers.yaml"
    answers.write_text(yaml.safe_dump(valid_answers(comments="x" * 500)), encoding="utf-8")
    for inv in campaign.store.invitations():
        answer_with_invitation(
            campaign.root / "invitations" / f"{inv.slug}.yaml", answers, inbox / f"{inv.slug}.json"
        )
    return campaign, inbox


def sscassess(*args: str, **kwargs: object) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "sscassess", *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs,  # type: ignore[call-overload]
    )  # fmt: skip


def test_kill_9_during_a_batch_import_then_rerun(tmp_path: Path) -> None:
    campaign, inbox = make_inbox(tmp_path, 40)
    campaign.close()
    rng = random.Random(7)
    for _ in range(4):
        proc = sscassess("import", str(campaign.root), str(inbox))
        time.sleep(rng.uniform(0.4, 1.2))
        proc.send_signal(signal.SIGKILL)
        proc.communicate()
        conn = sqlite3.connect(campaign.root / "store.sqlite")
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        # Every stored response is whole: its answers parse and its event was logged.
        rows = conn.execute("SELECT response_id, answers FROM responses").fetchall()
        events = conn.execute("SELECT subject FROM events WHERE kind = 'submitted'").fetchall()
        conn.close()
        assert sorted(r[0] for r in rows) == sorted(e[0] for e in events)
        assert all(json.loads(r[1])["comments"] == "x" * 500 for r in rows)
    proc = sscassess("import", str(campaign.root), str(inbox))
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    summary = out.strip().splitlines()[-1]
    imported, unchanged = int(summary.split()[0]), int(summary.split()[2])
    assert imported + unchanged == 40 and summary.endswith("0 rejected")
    reopened = Campaign.open(campaign.root)
    assert len(reopened.store.responses()) == 40
    reopened.close()


def _limit_file_size(limit: int) -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


def test_full_disk_during_import_loses_nothing(tmp_path: Path) -> None:
    campaign, inbox = make_inbox(tmp_path, 10)
    first = sorted(inbox.iterdir())[0]
    assert campaign.import_file(first).status == "imported"
    campaign.close()
    # Files may not grow past 40 kB: the write-ahead log fills up after a few imports.
    proc = sscassess(
        "import", str(campaign.root), str(inbox), preexec_fn=lambda: _limit_file_size(40_000)
    )
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 1, (out, err)
    assert "Traceback" not in err
    assert err.startswith(f"error: cannot write the store {campaign.root / 'store.sqlite'}: ")
    assert err.rstrip().endswith("nothing was changed")
    imported_now = [line.split()[1] for line in out.splitlines() if line.startswith("imported")]
    reopened = Campaign.open(campaign.root)
    stored = reopened.store.responses()
    assert 1 + len(imported_now) == len(stored) < 10
    assert reopened.store.integrity_check() == "ok"  # type: ignore[attr-defined]
    # With room again, the same command finishes the job.
    reopened.close()
    proc = sscassess("import", str(campaign.root), str(inbox))
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert (
        out.strip().splitlines()[-1]
        == f"{10 - len(stored)} imported, {len(stored)} unchanged, 0 rejected"
    )


def test_atomic_write_on_a_full_disk_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "draft.json"
    target.write_text('{"answers": "old"}')
    script = (
        "import sys; from pathlib import Path; from sscassess.core.fileio import atomic_write, WriteError\n"
        "try:\n"
        f"    atomic_write(Path({str(target)!r}), b'x' * 100_000)\n"
        "except WriteError as exc:\n"
        "    print(exc); sys.exit(3)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, preexec_fn=lambda: _limit_file_size(50_000)
    )  # fmt: skip
    assert proc.returncode == 3, proc.stderr
    assert (
        proc.stdout.strip()
        == f"cannot write {target}: File too large; the previous version is unchanged"
    )
    assert target.read_text() == '{"answers": "old"}'
    assert [p.name for p in tmp_path.iterdir()] == ["draft.json"]


def test_atomic_write_killed_repeatedly_never_tears_a_file(tmp_path: Path) -> None:
    target = tmp_path / "draft.json"
    atomic_write(target, json.dumps({"seq": 0, "pad": "y" * 200_000}).encode())
    script = (
        "import json, sys; from pathlib import Path; from sscassess.core.fileio import atomic_write\n"
        f"p = Path({str(target)!r})\n"
        "seq = json.loads(p.read_text())['seq']\n"
        "while True:\n"
        "    seq += 1\n"
        "    atomic_write(p, json.dumps({'seq': seq, 'pad': 'y' * 200_000}).encode())\n"
    )
    rng = random.Random(3)
    last = 0
    for _ in range(25):
        proc = subprocess.Popen([sys.executable, "-c", script])
        time.sleep(rng.uniform(0.15, 0.4))
        proc.kill()
        proc.wait()
        seq = json.loads(target.read_text())["seq"]  # always parses
        assert seq >= last
        last = seq
    assert last > 0
    from sscassess.core.fileio import clean_stale_temp_files

    clean_stale_temp_files(tmp_path)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(TEMP_PREFIX)] == []


def test_write_error_is_an_sscassess_error() -> None:
    from sscassess.core.errors import SscError

    assert issubclass(WriteError, SscError)
    assert os.fspath(ROOT)


def test_clean_up_leaves_a_running_writers_temporary_file_alone(tmp_path: Path) -> None:
    # Two invite runs at once: one opened the campaign (cleaning up) while the other wrote,
    # and the writer's rename failed. Only files of writers that are gone are removed.
    from sscassess.core.fileio import STALE_AFTER_SECONDS, clean_stale_temp_files

    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    mine = tmp_path / f"{TEMP_PREFIX}{os.getpid()}-abc"
    dead = tmp_path / f"{TEMP_PREFIX}{gone.pid}-def"
    old = tmp_path / f"{TEMP_PREFIX}{os.getpid()}-old"
    legacy = tmp_path / f"{TEMP_PREFIX}x1y2z3"  # named before pids were written
    for path in (mine, dead, old, legacy):
        path.write_bytes(b"partial")
    long_ago = time.time() - STALE_AFTER_SECONDS - 60
    os.utime(old, (long_ago, long_ago))
    assert clean_stale_temp_files(tmp_path) == 3
    assert [p.name for p in tmp_path.iterdir()] == [mine.name]
