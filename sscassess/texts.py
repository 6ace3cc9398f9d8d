"""Translatable texts, terminal-safe strings and spreadsheet-safe cells."""

from __future__ import annotations

import re

#: A translatable text: a plain string in the default language, or language -> string.
Text = str | dict[str, str]

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
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


def cell_safe(value: str) -> str:
    """Neutralise a spreadsheet cell that a spreadsheet would run as a formula.

    A leading ``'`` makes Excel, LibreOffice and Google Sheets show the text as typed.
    """
    return "'" + value if value.startswith(_FORMULA_START) else value
