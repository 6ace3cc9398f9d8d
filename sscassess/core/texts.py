"""Translatable texts, terminal-safe strings, spreadsheet-safe cells and file-name slugs."""

from __future__ import annotations

import re
import unicodedata

#: A translatable text: a plain string in the default language, or language -> string.
Text = str | dict[str, str]

#: In French, the space before ; : ? ! » and after « does not break (a line never starts with
#: a lone ";"): the wizard and the reports set it as a no-break space.
FRENCH_SPACES = re.compile(r" (?=[;:?!»])|(?<=«) ")

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
#: Characters that change how a line reads: C0/C1 controls (newline and tab included), line
#: and paragraph separators, bidirectional overrides and isolates.
_LINE_BREAKING = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def translate(text: Text | None, lang: str, default: str) -> str:
    """Pick ``lang`` from a translatable text, falling back to ``default`` (then any)."""
    if text is None:
        return ""
    if isinstance(text, str):
        return text
    for key in (lang, default):
        if key in text:
            return text[key]
    return next(iter(text.values()), "")


def terminal_safe(text: str) -> str:
    """Drop control characters (ANSI escapes included) except newline and tab."""
    return _CONTROL.sub("", text)


def escape_controls(text: str) -> str:
    r"""``text`` on one line, every control character shown as an escape (``\n``, ``\x1b``).

    For names the user did not choose as text, such as file names: a newline in a file name
    must not start a forged line of output, yet the name must stay recognisable.
    """

    def shown(match: re.Match[str]) -> str:
        ch = match.group()
        return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(ch) or (
            f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}"
        )

    return _LINE_BREAKING.sub(shown, text)


def cell_safe(value: str) -> str:
    """Neutralise a spreadsheet cell that a spreadsheet would run as a formula.

    A leading ``'`` makes Excel, LibreOffice and Google Sheets show the text as typed.
    """
    return "'" + value if value.startswith(_FORMULA_START) else value


def normalise_id(value: str) -> str:
    """The form under which ids are compared for uniqueness (NFKC, case-folded)."""
    return unicodedata.normalize("NFKC", value).casefold()


def name_key(name: str) -> str:
    """The form under which organisation names are compared: NFKC, case-folded, trimmed.

    Accents stay: "Café" and "Cafe" are different names. The store, the intake and the
    matching of organisations across rounds all compare names in this form.
    """
    return normalise_id(name.strip())


def slugify(name: str) -> str:
    """A file-name-safe id for an organisation name (``^[a-z][a-z0-9_]{0,47}$``).

    Never a Windows device name (``con``, ``nul``, ``com1`` ...: ``con.yaml`` cannot be
    opened there); those get ``_org`` appended.
    """
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "_", ascii_name.lower()).strip("_")[:48].strip("_")
    if not slug or not slug[0].isalpha():
        slug = ("org_" + slug)[:48].strip("_")
    if _WINDOWS_RESERVED.fullmatch(slug):
        slug += "_org"
    return slug


_WINDOWS_RESERVED = re.compile(r"con|prn|aux|nul|com[0-9]|lpt[0-9]")
