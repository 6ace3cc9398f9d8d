"""Fuzz target: untrusted text → ``escape`` → ReportLab Paragraphs (THREATS C3, E1-E3, E6).

Run: ``python fuzz/paragraph.py CORPUS_DIR -max_total_time=60`` (needs atheris).

An input is text (UTF-8; undecodable bytes become lone surrogates, which ``escape`` must
handle too). It goes through :func:`sscassess.report.paragraph.paragraphs` with the report's body
style and the report fonts, and every Paragraph is laid out in a table-cell width and split.
Allowed: no exception. Besides, the markup ``escape`` makes holds no tag but the ones it adds
itself (``<br/>`` and font runs), and the Paragraphs show the text itself: their plain text is
the cleaned input, whitespace aside, with unshowable characters as ``[U+XXXX]``; with
right-to-left letters in it, the same characters in visual order (joined Arabic forms counted
as their letters, mirrored brackets as one).
"""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING, Any

from sscassess.core.bidi import has_right_to_left, letters
from sscassess.report.fonts import load_fonts
from sscassess.report.markup import clean, escape
from sscassess.report.paragraph import paragraphs

if TYPE_CHECKING:
    from sscassess.report.fonts import FontSet

_OUR_TAGS = re.compile(r'<br/>|<font face="[A-Za-z-]+">|</font>')
_ENTITY = re.compile(r"&(?:amp|lt|gt|quot|#39);")
# Whitespace to Python and to ReportLab (which also splits at U+200B, ZERO WIDTH SPACE).
_SPACE = re.compile(r"[\s\u200b]+")


def _style(fonts: FontSet) -> Any:
    from reportlab.lib.styles import ParagraphStyle

    # As sscassess.report.document.Builder's table cells: long words split, no CJK wrap mode.
    return ParagraphStyle(
        "cell", fontName=fonts.regular, fontSize=7.5, leading=9, splitLongWords=1, wordWrap=None
    )


FONTS = load_fonts()
STYLE = _style(FONTS)
# Lay out one Paragraph now: ReportLab's layout modules are imported lazily, and atheris only
# instruments (and so follows the coverage of) the modules loaded before it starts.
paragraphs("warm-up", STYLE, FONTS)[0].wrap(90, 100)


def _shown(text: str, fonts: FontSet) -> str:
    """What the reader should see of ``text``: unshowable characters as [U+XXXX]."""
    out = []
    for ch in clean(text):
        missing = 0xD800 <= ord(ch) <= 0xDFFF or fonts.font_for(ch) is None
        out.append(f"[U+{ord(ch):04X}]" if missing else ch)
    return "".join(out)


def check(data: bytes) -> None:
    """Build Paragraphs from the text ``data``; raise on anything not allowed."""
    text = data.decode("utf-8", errors="surrogateescape")
    markup = escape(text, FONTS)
    leftover = _ENTITY.sub("", _OUR_TAGS.sub("", markup))
    assert "<" not in leftover and ">" not in leftover, f"markup left in: {markup[:200]!r}"
    shown = []
    for para in paragraphs(text, STYLE, FONTS):
        para.wrap(90, 10_000)
        para.split(90, 40)
        shown.append(para.getPlainText())
    got = _SPACE.sub("", "".join(shown))
    want = _SPACE.sub("", _shown(text, FONTS))
    if has_right_to_left(want):
        # Drawn in visual order, Arabic joined and brackets mirrored: the same characters,
        # each joined form read as its letters, in another order.
        assert _letters(got) == _letters(want), f"text changed: {want[:80]!r} -> {got[:80]!r}"
    else:
        assert got == want, f"text changed on its way into the PDF: {want[:80]!r} -> {got[:80]!r}"


def _letters(text: str) -> Counter[str]:
    """The characters of ``text`` whatever their order, joined forms as letters, "(" as ")"."""
    from bidi.mirror import MIRRORED

    out: Counter[str] = Counter()
    for ch in text:
        for letter in letters(ord(ch)):
            out[min(letter, MIRRORED.get(letter, letter))] += 1
    return out


if __name__ == "__main__":
    from harness import fuzz

    fuzz(check)
