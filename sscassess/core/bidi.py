"""Right-to-left text made drawable: Arabic letters joined, each line in visual order.

A PDF page or a PNG chart draws glyphs one after another from left to right. Text in Arabic,
Hebrew and the other right-to-left scripts is stored in logical order (the order it is read),
so before it is drawn each *line* must be put in visual order by the Unicode Bidirectional
Algorithm (UAX #9), and Arabic letters must take their joined forms (initial, medial, final,
the lam-alef ligature). Drawn as stored, such text reads backwards and unjoined.

Two well-kept libraries do the work: python-bidi (UAX #9) and arabic-reshaper (the joined
forms as Unicode presentation forms, vowel marks kept). Of python-bidi's two implementations
this uses the Python one, ``bidi.algorithm``: the newer Rust one does not mirror brackets
(rule L4), so "(من)" would be drawn as ")من(". The
report stage joins a paragraph's text, lets ReportLab break it into lines, and puts each line
in visual order (see :mod:`sscassess.report.bidi`); a chart label or a footer is one line.
Copy-out stays readable: the PDF's ToUnicode map gives each presentation form back as the
letters it stands for (see :func:`letters`).

Reordering must come after line breaking: reordered first, a two-line Arabic paragraph would
show its last words on its first line.
"""

from __future__ import annotations

import functools
import re
import unicodedata

import arabic_reshaper
from bidi.algorithm import get_display

#: Bidirectional classes of the letters of right-to-left scripts.
_RTL_CLASSES = frozenset(("R", "AL"))

#: The blocks that hold every right-to-left letter (Hebrew to Arabic Extended, the Hebrew and
#: Arabic presentation forms, and the historic and Adlam/Mende scripts past the BMP): a fast
#: first test, so that most paragraphs are never looked at letter by letter.
_RTL_BLOCKS = re.compile(
    "[\u0590-\u08ff\u200f\ufb1d-\ufdff\ufe70-\ufeff\U00010800-\U00010fff\U0001e800-\U0001efff]"
)

#: Arabic presentation forms (what :func:`joined` produces), as ranges of code points.
_PRESENTATION_FORMS = ((0xFB50, 0xFDFF), (0xFE70, 0xFEFF))


def has_right_to_left(text: str) -> bool:
    """Whether ``text`` holds any right-to-left letter (and so needs :func:`visual`)."""
    return _RTL_BLOCKS.search(text) is not None and any(
        unicodedata.bidirectional(ch) in _RTL_CLASSES for ch in text
    )


def reads_right_to_left(text: str) -> bool:
    """Whether ``text``'s first strong letter is right-to-left (UAX #9 rules P2 and P3).

    Such a paragraph is right-aligned and its lines are ordered from the right; a paragraph
    that starts in a left-to-right script keeps its order with the right-to-left runs inside.
    """
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in _RTL_CLASSES:
            return True
        if kind == "L":
            return False
    return False


@functools.cache
def _reshaper() -> arabic_reshaper.ArabicReshaper:
    # The default configuration deletes vowel marks (harakat): a respondent's text must keep them.
    return arabic_reshaper.ArabicReshaper(
        configuration={"delete_harakat": False, "delete_tatweel": False, "support_ligatures": True}
    )


def joined(text: str) -> str:
    """``text`` with Arabic letters in their joined forms, still in logical order.

    Text without Arabic comes back unchanged (the same object).
    """
    if not any(unicodedata.bidirectional(ch) == "AL" for ch in text):
        return text
    return str(_reshaper().reshape(text))


def visual(line: str, *, rtl: bool | None = None) -> str:
    """One line of (joined) text in the order its glyphs are drawn, left to right.

    ``rtl`` is the paragraph's direction (None: from the line's first strong letter, which is
    right for a line standing alone but not for the second line of a paragraph). Mirrored
    characters (brackets) are swapped in right-to-left runs, as UAX #9 rule L4 says.
    """
    if not has_right_to_left(line):
        return line
    base = None if rtl is None else ("R" if rtl else "L")
    return str(get_display(line, base_dir=base))


def drawable(line: str, *, rtl: bool | None = None) -> str:
    """A single line of logical text, joined and in visual order: a label, a footer."""
    return visual(joined(line), rtl=rtl)


def presentation_form(code: int) -> bool:
    """Whether ``code`` is an Arabic presentation form (a joined letter or ligature)."""
    return any(low <= code <= high for low, high in _PRESENTATION_FORMS)


def letters(code: int) -> str:
    """The letters a presentation form stands for (U+FEFB "ﻻ" → "لا"); others as themselves."""
    ch = chr(code)
    if presentation_form(code):
        return unicodedata.normalize("NFKC", ch)
    return ch
