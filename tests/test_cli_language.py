"""The command line speaks the language of the user's environment: its help, click's words, its messages."""

from __future__ import annotations

import gettext
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from sscassess.core.i18n import translator, user_language

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("environ", "lang"),
    [
        ({}, "en"),
        ({"LANG": "fr_FR.UTF-8"}, "fr"),
        ({"LANG": "es_ES.UTF-8", "LC_MESSAGES": "fr_CA.UTF-8"}, "fr"),  # LC_MESSAGES first
        ({"LC_ALL": "C", "LANG": "fr_FR.UTF-8"}, "en"),  # C is English
        ({"LANGUAGE": "de:es:fr", "LANG": "fr_FR.UTF-8"}, "es"),  # first that ships
        ({"LANGUAGE": "de", "LANG": "fr_FR.UTF-8"}, "en"),  # none ships: English, not LANG
        ({"LANGUAGE": "", "LANG": "es_MX.UTF-8@euro"}, "es"),  # an empty variable is unset
        ({"LANG": "POSIX"}, "en"),
    ],
)
def test_the_language_is_the_environments(environ: dict[str, str], lang: str) -> None:
    assert user_language(environ) == lang


def _sscassess(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    keep = {
        k: v
        for k, v in os.environ.items()
        if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
    }
    return subprocess.run(
        [sys.executable, "-m", "sscassess", *args],
        capture_output=True,
        text=True,
        env={**keep, **env},
        cwd=ROOT,
    )


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_help_is_in_the_users_language_click_words_included(lang: str) -> None:
    tr = translator(lang)
    result = _sscassess("--help", LANG=f"{lang}_XX.UTF-8")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    # click's own words, from the same catalogue
    assert out.startswith(tr.gettext("Usage:") + " sscassess"), out[:80]
    assert tr.gettext("Show this message and exit.") in " ".join(out.split())
    assert "Show this message and exit." not in out
    # the package's help text: its first sentence, as the catalogue words it
    assert tr.gettext("Show the full traceback when something fails.") in " ".join(out.split())
    assert "Stakeholder assessment for smart sustainable cities." not in out


def test_a_command_error_is_said_in_the_users_language(tmp_path: Path) -> None:
    fr = translator("fr")
    result = _sscassess("analyze", str(tmp_path / "nowhere"), "--out", "x.json", LANGUAGE="fr")
    assert result.returncode != 0
    assert result.stderr.startswith(fr.gettext("error: {message}", message="")), result.stderr
    assert "Traceback" not in result.stderr


def test_click_usage_errors_are_translated_too() -> None:
    es = translator("es")
    result = _sscassess("analyze", "--no-such-flag", LANGUAGE="es")
    assert result.returncode == 2
    assert es.gettext("Error: {message}").split("{message}")[0] in result.stderr
    assert "No such option" not in result.stderr


def test_a_run_leaves_the_process_as_it_found_it(
    run: Callable[..., tuple[int, str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("LANGUAGE", raising=False)
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    domain = gettext.textdomain()
    code, out, _ = run("--help")
    assert code == 0
    assert out.startswith(translator("fr").gettext("Usage:"))
    assert "LANGUAGE" not in os.environ and gettext.textdomain() == domain
    monkeypatch.setenv("LANG", "C.UTF-8")
    code, out, _ = run("--help")
    assert out.startswith("Usage: sscassess")
    assert "Show the full traceback when something fails." in out
