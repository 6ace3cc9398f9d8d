"""Start-up cost of the CLI and a real wheel install used from another folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HEAVY = {"pandas", "matplotlib", "reportlab", "questionary", "numpy", "pydantic", "prompt_toolkit",
         "babel"}  # fmt: skip


def imported_modules(*args: str) -> set[str]:
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "sscassess", *args],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    names = set()
    for line in proc.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[1].strip().split(".")[0])
    return names


@pytest.mark.parametrize("args", [("--help",), ("reference", "--help"), ("--version",)])
def test_help_imports_no_heavy_library(args: tuple[str, ...]) -> None:
    modules = imported_modules(*args)
    assert "click" in modules and "sscassess" in modules  # the log is really read
    assert modules & HEAVY == set()


@pytest.mark.slow
def test_wheel_installs_and_finds_its_data_from_elsewhere(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w", str(dist), str(ROOT)],
        check=True, capture_output=True,
    )  # fmt: skip
    [wheel] = dist.glob("sscassess-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "sscassess/_data/reference/itu_fg_ssc_2015/pack.yaml" in names
    assert "sscassess/_data/reference/README.md" in names
    # Every data file ships: the released versions' list and the archive of superseded
    # versions with their resolved forms, so old campaigns and invitations still open.
    for kind in ("reference", "questionnaires"):
        assert f"sscassess/_data/{kind}/released.json" in names
        shipped = {
            f"sscassess/_data/{kind}/{p.relative_to(ROOT / kind).as_posix()}"
            for p in (ROOT / kind).rglob("*")
            if p.is_file() and "__pycache__" not in p.parts and not p.name.startswith(".")
        }
        assert shipped - names == set()
    # The compiled catalogues the reports read, and their sources for translators.
    for lang in ("fr", "es"):
        for ext in ("mo", "po"):
            assert f"sscassess/locale/{lang}/LC_MESSAGES/sscassess.{ext}" in names

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps", str(wheel)],
        check=True, capture_output=True,
    )  # fmt: skip
    # Dependencies come from the development environment, without its editable sscassess:
    # a path line in a .pth file adds the folder but does not run the .pth files inside it.
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    (Path(site) / "dev_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    where = subprocess.run(
        [str(python), "-c", "import sscassess.core.resources as r; print(r.__file__); print(r.data_dir('reference'))"],
        capture_output=True, text=True, check=True, cwd=elsewhere, env=env,
    ).stdout.splitlines()  # fmt: skip
    assert all(line.startswith(str(venv)) for line in where), where

    proc = subprocess.run(
        [str(venv / "bin" / "sscassess"), "reference", "show", "--format", "json"],
        capture_output=True, text=True, cwd=elsewhere, env=env,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert len(data["categories"]) == 12 and len(data["roles"]) == 24
    # The installed package finds its French catalogue.
    french = subprocess.run(
        [str(python), "-c", "from sscassess.core.i18n import translator as t; print(t('fr').gettext('Contents'))"],
        capture_output=True, text=True, check=True, cwd=elsewhere, env=env,
    ).stdout.strip()  # fmt: skip
    assert french == "Sommaire"

    # The installed release rules hold: each shipped version is the released one.
    check = subprocess.run(
        [str(python), "-m", "sscassess.questionnaire.release", "--check"],
        capture_output=True, text=True, cwd=elsewhere, env=env,
    )  # fmt: skip
    assert (check.returncode, check.stderr) == (0, "")
