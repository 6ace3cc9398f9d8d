"""The message catalogues are complete, current, compiled, and follow the glossary."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from babel.messages.mofile import write_mo  # noqa: TID253 (a test of the catalogues)
from babel.messages.pofile import read_po  # noqa: TID253

from sscassess.core.i18n import N_, Plural, Translator, has_catalogue, translator

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "sscassess" / "locale"
LANGS = ("fr", "es")
GLOSSARY = yaml.safe_load((LOCALE / "glossary.yaml").read_text(encoding="utf-8"))["terms"]
# An address in an example ("ssc@lakeside.example") is not the term it looks like.
EMAIL = re.compile(r"\S+@\S+")
# {name}, click's {name!r}, and its one %(prog)s.
PLACEHOLDER = re.compile(r"\{[a-z_]+(?:![rsa])?\}|%\([a-z_]+\)s")


def _catalogue(lang: str):
    with (LOCALE / lang / "LC_MESSAGES" / "sscassess.po").open("rb") as fp:
        return read_po(fp, locale=lang)


def _messages(lang: str):
    return [m for m in _catalogue(lang) if m.id]


@pytest.mark.parametrize("lang", LANGS)
def test_every_message_is_translated_and_none_is_fuzzy(lang: str) -> None:
    untranslated = [m.id for m in _messages(lang) if not m.string or not all(m.string) or m.fuzzy]
    assert untranslated == [], f"translate these in sscassess/locale/{lang} (then make catalogues)"


@pytest.mark.parametrize("lang", LANGS)
def test_translations_keep_the_placeholders_of_their_message(lang: str) -> None:
    wrong = []
    for m in _messages(lang):
        ids = [m.id] if isinstance(m.id, str) else list(m.id)
        forms = [m.string] if isinstance(m.string, str) else list(m.string)
        # The first form answers the singular message, the others the plural (click's
        # singular "Takes {nargs} values but 1 was given." has no {len}).
        for i, form in enumerate(forms):
            wanted = set(PLACEHOLDER.findall(ids[min(i, len(ids) - 1)]))
            if set(PLACEHOLDER.findall(form)) != wanted:
                wrong.append((ids[0], form))
    assert wrong == []


@pytest.mark.parametrize("lang", LANGS)
def test_the_shipped_mo_is_the_compiled_po(lang: str) -> None:
    buf = io.BytesIO()
    write_mo(buf, _catalogue(lang))
    shipped = (LOCALE / lang / "LC_MESSAGES" / "sscassess.mo").read_bytes()
    assert shipped == buf.getvalue(), "the .mo is stale: run make catalogues"


def test_the_catalogues_hold_exactly_the_messages_of_the_code(tmp_path: Path) -> None:
    import click

    pot = tmp_path / "sscassess.pot"
    # The same extraction as `make catalogues`: the package's messages and click's own.
    subprocess.run(
        [Path(sys.executable).parent / "pybabel", "--quiet", "extract", "-F", LOCALE / "babel.cfg",
         "-k", "Plural:1,2", "-k", "Msg", "-k", "InContext:1c,2", "--no-location", "--omit-header", "-o", pot, "sscassess",
         Path(click.__file__).parent],
        cwd=ROOT, check=True,
    )  # fmt: skip
    with pot.open("rb") as fp:
        code = {m.id if isinstance(m.id, str) else tuple(m.id) for m in read_po(fp) if m.id}
    assert len(code) > 300
    for lang in LANGS:
        shipped = {m.id if isinstance(m.id, str) else tuple(m.id) for m in _messages(lang)}
        assert (sorted(map(str, code - shipped)), sorted(map(str, shipped - code))) == ([], []), (
            f"sscassess/locale/{lang} is not up to date with the code: run make catalogues"
        )


def test_lookup_plural_and_numbers_in_each_language() -> None:
    message = Plural("{n} response was not signed", "{n} responses were not signed")
    assert Translator("en").text(message, n=1) == "1 response was not signed"
    assert Translator("en").text(message, n=1200) == "1,200 responses were not signed"
    fr = translator("fr")
    assert fr.gettext(N_("Contents")) == "Sommaire"
    # French counts 0 as singular; English does not.
    intro = Plural(
        "{n} triggered recommendation concerns {category} or every category.",
        "{n} triggered recommendations concern {category} or every category.",
    )
    assert [fr.text(intro, n=n, category="ONG") for n in (0, 2)] == [
        "0 recommandation déclenchée concerne ONG ou toutes les catégories.",
        "2 recommandations déclenchées concernent ONG ou toutes les catégories.",
    ]
    assert (
        Translator("en").text(intro, n=0, category="NGOs").startswith("0 triggered recommendations")
    )
    # A message no catalogue holds reads as written, with English plural rules.
    assert fr.ngettext("{n} thing", "{n} things", 0) == "0 things"
    assert (fr.percent(0.32), translator("en").percent(0.32)) == ("32\u00a0%", "32%")
    assert fr.number(12345.5, 1) == "12\u202f345,5"
    assert translator("es").number(0.25, 2) == "0,25"
    assert (has_catalogue("fr"), has_catalogue("en"), has_catalogue("de")) == (True, True, False)
    assert translator("de").gettext(N_("Contents")) == "Contents"


def test_a_plural_text_needs_its_count() -> None:
    with pytest.raises(TypeError, match=r"needs an integer \{roles\}"):
        Translator("fr").text(Plural("{roles} role", "{roles} roles", count="roles"))


# ---------------------------------------------------------------------- glossary


def _pack_pairs(lang: str) -> list[tuple[str, str, str]]:
    """(where, English, translation) for every text of the shipped reference pack."""
    pairs = []

    def walk(node: object, where: str) -> None:
        if isinstance(node, dict):
            if "en" in node and set(node) <= {"en", "fr", "es"}:
                if lang in node:
                    pairs.append((where, node["en"], node[lang]))
                return
            for k, v in node.items():
                # A short name labels a chart axis in at most 27 characters: it may drop a term.
                if k != "short_name":
                    walk(v, where)
        elif isinstance(node, list):
            for v in node:
                walk(v, where)

    for path in sorted((ROOT / "reference" / "itu_fg_ssc_2015").glob("*.yaml")):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")), f"reference/{path.name}")
    return pairs


def _catalogue_pairs(lang: str) -> list[tuple[str, str, str]]:
    pairs = []
    for m in _messages(lang):
        ids = [m.id] if isinstance(m.id, str) else list(m.id)
        forms = [m.string] if isinstance(m.string, str) else list(m.string)
        pairs += [(f"sscassess/locale/{lang}", ids[min(i, 1)], f) for i, f in enumerate(forms)]
    return pairs


def _pairs(lang: str) -> list[tuple[str, str, str]]:
    return _catalogue_pairs(lang) + _pack_pairs(lang)


@pytest.mark.parametrize("lang", LANGS)
def test_no_translation_uses_a_word_the_glossary_avoids(lang: str) -> None:
    found = []
    for term in GLOSSARY:
        for avoid in term[lang].get("avoid", []):
            pattern = re.compile(rf"(?<!\w)(?:{avoid})(?!\w)", re.IGNORECASE)
            found += [
                (term["id"], where, text) for where, _, text in _pairs(lang) if pattern.search(text)
            ]
    assert found == []


@pytest.mark.parametrize("lang", LANGS)
def test_each_glossary_term_is_translated_one_way(lang: str) -> None:
    missing = []
    for term in GLOSSARY:
        en = re.compile(rf"(?<![\w-])(?:{term['en']})(?![\w-])", re.IGNORECASE)
        target = re.compile(term[lang]["match"], re.IGNORECASE)
        missing += [
            (term["id"], where, english, text)
            for where, english, text in _pairs(lang)
            if en.search(EMAIL.sub("", PLACEHOLDER.sub("", english))) and not target.search(text)
        ]
    assert missing == []


def test_the_glossary_names_every_shipped_language() -> None:
    assert [t["id"] for t in GLOSSARY if set(LANGS) - set(t)] == []
