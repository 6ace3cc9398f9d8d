"""The one way text becomes ReportLab markup.

ReportLab's Paragraph parses its text as XML-like markup: ``a<b`` raises, ``<b>bold`` changes
the style, unknown tags vanish, ``<img src="/etc/passwd">`` embeds a local file and, before
reportlab 3.6.13, ``<font color=…>`` ran code (CVE-2023-33733). So every string that did not
come from this package's own code (organisation names, answers, "other" entries, the texts of
YAML templates and packs) goes through :func:`escape` and nothing else; the markup our own code
adds (``<b>``, ``<br/>``, font runs) wraps already-escaped text.

:func:`escape` also keeps line breaks (``<br/>``), drops control characters, and sets each run
of characters in a font that has them (see :mod:`sscassess.report.fonts`). Long words and
URLs wrap because every paragraph style keeps ReportLab's ``splitLongWords`` on: a token wider
than its line is cut at the line's width with no character added, so the text comes back out
of ``pdftotext`` as it went in. :func:`split_text` cuts long answers into pieces, each one
Paragraph (:func:`sscassess.report.paragraph.paragraphs`): one Paragraph of 400,000
characters takes ReportLab half a minute, a hundred small ones well under a second
(THREATS E7).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sscassess.report.fonts import FontSet

#: Longest run of text put into one Paragraph; longer texts are cut at a space near it.
PARAGRAPH_CHARS = 1200

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff\ufffe\uffff]")
_NEWLINES = re.compile(r"\r\n|\r|\u2028|\u2029|\x85")
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}


def clean(text: object) -> str:
    """Plain text of ``text``: control characters dropped, line breaks as newlines, tabs as spaces.

    For places that take no markup at all: PDF outline entries and document metadata.
    """
    value = "" if text is None else str(text)
    value = _NEWLINES.sub("\n", value)
    value = value.replace("\t", " ")
    return _CONTROL.sub("", value)


def escape(text: object, fonts: FontSet) -> str:
    """Turn untrusted ``text`` into safe Paragraph markup that shows it literally.

    ``&``, ``<``, ``>`` and quotes become entities, line breaks become ``<br/>``, characters
    the main font lacks are set in the fallback font, and a character no font has becomes a
    visible ``[U+XXXX]`` recorded in ``fonts.missing``.
    """
    value = clean(text)
    out: list[str] = []
    run_font: str = ""
    run: list[str] = []

    def flush() -> None:
        if not run:
            return
        body = "".join(run)
        out.append(f'<font face="{run_font}">{body}</font>' if run_font else body)
        run.clear()

    for ch in value:
        if 0xD800 <= ord(ch) <= 0xDFFF:
            font: str | None = None
        else:
            font = fonts.font_for(ch)
        if font is None:
            piece, font = fonts.mark_missing(ch), ""
        elif ch == "\n":
            piece, font = "<br/>", ""
        else:
            piece = _ENTITIES.get(ch, ch)
        if font != run_font:
            flush()
            run_font = font
        run.append(piece)
    flush()
    return "".join(out)


def split_text(text: object, limit: int = PARAGRAPH_CHARS) -> list[str]:
    """Cut ``text`` into pieces of at most about ``limit`` characters.

    Blank lines separate paragraphs; a longer paragraph is cut at the last space before the
    limit (or at the limit inside a long token). Line breaks inside a piece are kept.
    """
    value = clean(text).strip("\n")
    pieces: list[str] = []
    for block in re.split(r"\n[ ]*\n", value):
        block = block.strip("\n")
        while len(block) > limit:
            cut = max(block.rfind(" ", 0, limit), block.rfind("\n", 0, limit))
            if cut < limit // 2:
                cut = limit
            pieces.append(block[:cut].rstrip())
            block = block[cut:].lstrip(" \n")
        if block:
            pieces.append(block)
    return pieces


def fill(template: str, fonts: FontSet, **values: object) -> str:
    """Escape a template text and put escaped ``values`` in its ``{name}`` placeholders.

    The template text (from a YAML file) is escaped like any other text, so neither it nor the
    values can introduce markup. Unknown placeholders are left as they are.
    """
    parts = re.split(r"(\{[a-z_]+\})", template)
    out: list[str] = []
    for part in parts:
        name = part[1:-1] if part.startswith("{") and part.endswith("}") else None
        if name is not None and name in values:
            out.append(escape(values[name], fonts))
        else:
            out.append(escape(part, fonts))
    return "".join(out)
