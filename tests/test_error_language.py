"""Errors, refusals and progress lines in the reader's language (issue 16).

A library message is made of :class:`~sscassess.core.errors.Msg` s, English in the code and
translated where it is said: ``str(error)`` is English, the command line spells it in the
environment's language. Here: no error of the package is written as a bare English string;
a French or Spanish coordinator or respondent reads the whole refusal in their language,
options spelt as flags; the demo's progress and summary too.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import subprocess
import sys
from pathlib import Path

import sscassess
from sscassess.campaign.folder import Campaign
from sscassess.core.errors import (
    Command,
    InvalidInputError,
    Msg,
    Option,
    Problem,
    SscError,
    UsageError,
    spell,
)
from sscassess.core.i18n import Plural, translator
from sscassess.demo.builder import build_demo, describe

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "sscassess"
#: The maintainers' release step (``make shipped-forms``) speaks to developers, in English.
ENGLISH_ONLY = {PACKAGE / "questionnaire" / "release.py"}
#: Errors whose first argument is a code, not words (``NotShippedError("questionnaire", ...)``).
CODED = {"NotShippedError"}


def error_classes() -> set[str]:
    """The names of every :class:`SscError` subclass in the package (and ``Problem``)."""
    for info in pkgutil.walk_packages(sscassess.__path__, "sscassess."):
        importlib.import_module(info.name)
    names: set[str] = set()
    todo: list[type] = [SscError]
    while todo:
        cls = todo.pop()
        names.add(cls.__name__)
        todo.extend(cls.__subclasses__())
    return names


def bare_english(node: ast.expr) -> bool:
    """A message written as a plain or formatted string literal, which no catalogue holds."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return bool(node.value.strip(" .;:`"))  # punctuation between parts is no sentence
    return isinstance(node, ast.JoinedStr)


def test_no_error_of_the_package_is_written_as_a_bare_english_string() -> None:
    errors = error_classes()
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path in ENGLISH_ONLY:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if name in CODED:
                continue
            if name in errors:
                args = [a for a in node.args if not isinstance(a, ast.Starred)]
            elif name == "Problem" and len(node.args) == 4:
                args = [node.args[3]]
            else:
                continue
            if any(bare_english(a) for a in args):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {name}(...)")
    assert found == []


def test_the_check_finds_a_bare_string_and_lets_words_through() -> None:
    def flagged(source: str) -> bool:
        return bare_english(ast.parse(source, mode="eval").body)

    assert flagged('f"{path} is not a folder"') and flagged('"no such file"')
    assert not flagged('Msg("{path} is not a folder", path=path)') and not flagged('". "')


# ---------------------------------------------------------------- spelling a message


def test_a_message_is_english_by_default_and_translated_when_spelt() -> None:
    error = UsageError(
        Msg(
            "{root} is not a campaign folder (no campaign.yaml); create one with {command}",
            root="/x",
            command=Command("init"),
        )
    )
    assert str(error) == "/x is not a campaign folder (no campaign.yaml); create one with init()"
    assert error.spelt(lambda part: f"sscassess {part.name}", translator("fr")) == (
        "/x n'est pas un dossier de campagne (pas de campaign.yaml) ; créez-en un avec "
        "sscassess init"
    )


def test_plurals_numbers_and_nested_words_are_the_readers() -> None:
    words = Msg(Plural("{file} has {n} problem", "{file} has {n} problems"), file="a.yaml", n=1200)
    assert spell((words,)) == "a.yaml has 1,200 problems"
    assert spell((words,), tr=translator("fr")) == "a.yaml présente 1\u202f200 problèmes"
    one = Msg(Plural("{file} has {n} problem", "{file} has {n} problems"), file="a.yaml", n=1)
    assert spell((one,), tr=translator("es")) == "a.yaml tiene 1 problema"
    problem = Problem("a.yaml", 3, "answers.x", Msg("expected a mapping of question id to answer"))
    error = InvalidInputError(words, [problem])
    assert error.spelt(tr=translator("es")).splitlines() == [
        "a.yaml tiene 1.200 problemas",
        "  a.yaml:3: answers.x: se espera una correspondencia identificador de pregunta → respuesta",
    ]


def test_an_option_inside_a_sentence_is_spelt_by_the_front_end() -> None:
    error = UsageError(
        Msg("{option} '{lang}' is not available; use one of {languages}",
            option=Option("lang"), lang="de", languages="en, fr, es")
    )  # fmt: skip
    assert str(error) == "lang 'de' is not available; use one of en, fr, es"
    assert error.spelt(lambda o: f"--{o.name}", translator("fr")) == (
        "--lang « de » n'est pas disponible ; utilisez l'une de ces langues : en, fr, es"
    )


# ---------------------------------------------------------------- through the command line


def sscassess_cli(*args: str, lang: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(cwd), "LANGUAGE": lang}
    return subprocess.run(
        [sys.executable, "-m", "sscassess", *args],
        capture_output=True, text=True, env=env, cwd=cwd, check=False,
    )  # fmt: skip


def test_a_french_coordinator_reads_a_refusal_in_french(tmp_path: Path) -> None:
    Campaign.init(tmp_path / "camp", "Lakeside").close()
    done = sscassess_cli("init", str(tmp_path / "camp"), "--city", "X", lang="fr", cwd=tmp_path)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        f"erreur : {tmp_path / 'camp'} contient déjà une campagne (campaign.yaml) ; "
        "choisissez un autre dossier\n"
    )


def test_a_spanish_coordinator_reads_each_rejected_file_in_spanish(tmp_path: Path) -> None:
    Campaign.init(tmp_path / "camp", "Lakeside").close()
    paper = tmp_path / "paper.yaml"
    paper.write_text("questionnaire: x\n", encoding="utf-8")
    done = sscassess_cli("import", str(tmp_path / "camp"), str(paper), lang="es", cwd=tmp_path)
    assert done.returncode == 3
    assert done.stdout.splitlines()[0] == (
        f"rechazado  {paper}: no es un archivo de respuesta firmado; un archivo de respuestas "
        "simple (p. ej. transcrito de un formulario en papel) necesita --unverified y se "
        "marca como no verificado en todos los resultados"
    )


def test_the_demo_tells_its_progress_and_summary_in_the_readers_language(
    tmp_path: Path,
) -> None:
    lines: list[str] = []
    result = build_demo(
        tmp_path / "demo", 12, 3, reports="none", progress=lines.append, tr=translator("fr")
    )
    assert lines[0] == (
        f"[1/5] Création de la campagne pour Aldermouth (fictive) dans {tmp_path / 'demo'}"
    )
    # A file's line: what it is in a column as wide as the longest, in French too.
    assert "      formulaire papier saisi aldermouth_chamber_of_commerce (sans signature)" in lines
    assert "      réponse signée          aldermouth_water" in lines
    assert lines[-1] == "[5/5] Analyse des réponses au regard des rôles de référence"
    english = describe(result).splitlines()
    french = describe(result, translator("fr")).splitlines()
    assert english[0] == f"Demo campaign for Aldermouth (a fictional city), seed 3: {result.root}"
    assert french[0] == (
        f"Campagne de démonstration pour Aldermouth (une ville fictive), graine 3 : {result.root}"
    )
    assert "  Rôles disputés                 coordination, service_delivery" in french
    assert "  Contested roles             coordination, service_delivery" in english


def test_every_problem_of_an_answers_file_is_said_in_the_readers_language(tmp_path: Path) -> None:
    (tmp_path / "answers.yaml").write_text(
        "questionnaire: ssc-stakeholder-self-assessment\norganisation: []\nanswers: 3\nextra: 1\n",
        encoding="utf-8",
    )
    args = ("answer", "--questionnaire", "ssc-stakeholder-self-assessment", "--answers",
            "answers.yaml")  # fmt: skip
    said = {lang: sscassess_cli(*args, lang=lang, cwd=tmp_path) for lang in ("en", "fr", "es")}
    assert {lang: done.returncode for lang, done in said.items()} == {"en": 3, "fr": 3, "es": 3}
    assert said["fr"].stderr.splitlines()[:5] == [
        "erreur : answers.yaml présente 11 problèmes",
        "  answers.yaml:4: extra: clé « extra » inconnue ; clés attendues : questionnaire, "
        "organisation, answers",
        "  answers.yaml:2: organisation: une correspondance est attendue (name, category, "
        "subtype, scale, sector)",
        "  answers.yaml:3: answers: une correspondance identifiant de question → réponse est "
        "attendue",
        "  answers.yaml:3: answers: question « organisation_name » : une réponse est obligatoire",
    ]
    english, spanish = said["en"].stderr.splitlines(), said["es"].stderr.splitlines()
    assert english[0] == "error: answers.yaml has 11 problems"
    assert spanish[0] == "error: answers.yaml tiene 11 problemas"
    # Line by line, only the file, line and path stay as they are.
    assert len(spanish) == len(english) == 12
    for theirs, mine in zip(english[1:], spanish[1:], strict=True):
        where = (
            theirs.rsplit(": ", 1)[0]
            if "question '" not in theirs
            else theirs.split(" question")[0]
        )
        assert mine.startswith(where.split(": ")[0]) and mine != theirs


def test_a_word_with_two_meanings_is_translated_in_its_context() -> None:
    from sscassess.core.errors import NONE
    from sscassess.core.i18n import InContext

    # "none" of a list is « aucun » where the reference level "none" is « aucune ».
    assert [spell((NONE,), tr=translator(lang)) for lang in ("en", "fr", "es")] == [
        "none", "aucun", "ninguno",
    ]  # fmt: skip
    assert translator("fr").text("none") == "aucune"
    assert translator("fr").text(InContext("empty list", "none")) == "aucun"
