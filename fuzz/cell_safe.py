"""Fuzz target: the spreadsheet cell sanitiser (THREATS C3, F1).

Run: ``python fuzz/cell_safe.py CORPUS_DIR -max_total_time=60`` (needs atheris).

An input is text (UTF-8; undecodable bytes become lone surrogates). Allowed: ``cell_safe``
returns a string that does not start with ``= + - @``, tab, CR or LF, and that is the input
itself or the input behind one ``'`` (so the original reads back).
"""

from __future__ import annotations

from sscassess.core.texts import cell_safe

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def check(data: bytes) -> None:
    """Sanitise the text ``data`` as a cell; raise on anything not allowed."""
    text = data.decode("utf-8", errors="surrogateescape")
    out = cell_safe(text)
    assert isinstance(out, str), type(out)
    assert not out.startswith(FORMULA_START), f"cell starts a formula: {out[:40]!r}"
    assert out in (text, "'" + text), f"cell changed: {text[:40]!r} -> {out[:40]!r}"
    if out != text:
        assert text.startswith(FORMULA_START), f"a harmless cell was changed: {text[:40]!r}"


if __name__ == "__main__":
    from harness import fuzz

    fuzz(check)
