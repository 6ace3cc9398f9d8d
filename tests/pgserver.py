"""A throwaway PostgreSQL server on 127.0.0.1 for the tests (started and stopped by pytest).

The server binaries come from Debian's postgresql package (``make test`` installs it when
missing). PostgreSQL refuses to run as root, so under root the cluster runs as the
``postgres`` user. When no server binaries are found, tests needing one are skipped with the
reason.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def find_bindir() -> Path | None:
    """The folder holding initdb and pg_ctl, newest version first."""
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name), reverse=True
    )
    for folder in candidates:
        if (Path(folder) / "initdb").is_file() and (Path(folder) / "pg_ctl").is_file():
            return Path(folder)
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def postgres_server(fsync: bool = False) -> Iterator[str]:
    """Start a cluster, yield its URL (database ``sscassess_test``), stop and remove it.

    Tests run with ``fsync=off`` (speed; a crash of the test server loses nothing we need);
    the benchmark passes ``fsync=True`` to measure PostgreSQL's real durability cost.
    """
    bindir = find_bindir()
    if bindir is None:
        raise RuntimeError(
            "PostgreSQL server binaries not found (Debian package postgresql; `make test` installs it)"
        )
    as_user: list[str] = []
    owner = None
    if os.geteuid() == 0:
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            raise RuntimeError(
                "running as root and there is no 'postgres' user to run the server as"
            ) from None
        as_user = ["runuser", "-u", "postgres", "--"]
    base = Path(tempfile.mkdtemp(prefix="sscassess-pg-"))
    data = base / "data"
    if owner is not None:
        os.chown(base, owner.pw_uid, owner.pw_gid)
    port = _free_port()
    log = base / "server.log"
    env = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
    try:
        subprocess.run(
            [*as_user, str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync"],
            check=True, capture_output=True, env=env,
        )  # fmt: skip
        options = (
            f"-c listen_addresses=127.0.0.1 -p {port} -k {base} -c fsync=off -c max_connections=50"
        )
        subprocess.run(
            [*as_user, str(bindir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(log), "-w", "-t", "60", "start"],
            check=True, capture_output=True, env=env,
        )  # fmt: skip
        try:
            url = f"postgresql://postgres@127.0.0.1:{port}/postgres"
            import psycopg

            deadline = time.monotonic() + 30
            while True:
                try:
                    with psycopg.connect(url, autocommit=True) as conn:
                        conn.execute("CREATE DATABASE sscassess_test")
                    break
                except psycopg.OperationalError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.2)
            yield f"postgresql://postgres@127.0.0.1:{port}/sscassess_test"
        finally:
            subprocess.run(
                [*as_user, str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"],
                capture_output=True, env=env,
            )  # fmt: skip
    finally:
        shutil.rmtree(base, ignore_errors=True)
