"""The report's Paragraph: ReportLab's, with right-to-left text joined and in visual order.

ReportLab lays text out from left to right. Its own right-to-left support needs ``rlbidi``,
which is not on the package index, and its HarfBuzz shaping alone puts each Arabic word's
letters right but the words of a line, and the punctuation between them, in the wrong order.
So a paragraph that holds Arabic, Hebrew or another right-to-left script is laid out in two
passes (:meth:`Paragraph.wrap`):

1. its text, Arabic letters joined (:func:`sscassess.core.bidi.joined`) but still in logical
   order, is broken into lines by ReportLab at the width it is given;
2. each line is put in visual order by the Unicode Bidirectional Algorithm and the paragraph
   is set again from those lines, one forced line break after each. Split across pages,
   each part is set from its own lines, already in visual order.

A paragraph's direction decides the order of its runs and where neutral characters (spaces,
brackets, full stops) between them go. What the report sets (a heading, a sentence or a
table cell, with a name in it or not) takes the report language's direction (``rtl``), so
"جمعية · NGOs (ONG)" keeps its brackets; a respondent's own answer takes the direction of
its first strong letter (UAX #9 rules P2 and P3), and is right-aligned when that is right to
left.

Reordering a line does not change its width, so the second pass breaks nowhere else. Each
line is escaped again, and its characters set in the fonts that have them, as
:func:`sscassess.report.markup.escape` does; the paragraph's own font stays, but inline
changes of face (``<b>`` inside a sentence) are not kept in such a paragraph. An italic style
is set upright there: the DejaVu italics have no Arabic letters.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable
from reportlab.platypus import Paragraph as _ReportLabParagraph

from sscassess.core.bidi import has_right_to_left, joined, reads_right_to_left, visual
from sscassess.report.markup import escape, split_text

if TYPE_CHECKING:
    from sscassess.report.fonts import FontSet


class Paragraph(_ReportLabParagraph):
    """A ReportLab Paragraph that also lays out right-to-left text (see the module)."""

    def __init__(
        self,
        text: str | None,
        style: ParagraphStyle,
        *args: Any,
        fonts: FontSet | None = None,
        rtl: bool | None = None,
        **kwargs: Any,
    ) -> None:
        self._logical: str | None = None
        self._rtl = rtl
        if text is not None and fonts is not None and has_right_to_left(text):
            text = joined(text)
            self._logical = text
            self._fonts = fonts
            self._laid_out_for: float | None = None
            self._logical_style = style
        super().__init__(text, style, *args, **kwargs)  # type: ignore[arg-type]

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """ReportLab's wrap, after laying right-to-left text out for ``availWidth``."""
        if self._logical is not None and self._laid_out_for != availWidth:
            self._lay_out(availWidth, availHeight)
        result: tuple[float, float] = super().wrap(availWidth, availHeight)
        return result

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        """ReportLab's split, each part set from its own lines (no empty line at a part's top)."""
        parts = super().split(availWidth, availHeight)
        if self._logical is None or len(parts) != 2:
            return parts
        head, tail = parts
        assert isinstance(head, _ReportLabParagraph) and isinstance(tail, _ReportLabParagraph)
        first = len(line_texts(head))
        return [
            Paragraph("<br/>".join(self._lines[:first]), head.style),
            Paragraph("<br/>".join(self._lines[first:]), tail.style),
        ]

    def _lay_out(self, width: float, height: float) -> None:
        """Set this paragraph again from its lines at ``width``, each in visual order."""
        assert self._logical is not None
        style = self._logical_style
        logical = _ReportLabParagraph(self._logical, style, bulletText=self.bulletText)
        logical.wrap(width, height)
        lines = line_texts(logical)
        rtl = reads_right_to_left("".join(lines)) if self._rtl is None else self._rtl
        self._lines = [escape(visual(line, rtl=rtl), self._fonts) for line in lines]
        markup = "<br/>".join(self._lines)
        changes: dict[str, Any] = {}
        if rtl and style.alignment in (TA_LEFT, TA_JUSTIFY):
            changes["alignment"] = TA_RIGHT
        elif style.alignment == TA_JUSTIFY:
            changes["alignment"] = TA_LEFT  # lines are set one by one: no line is stretched
        upright = {
            self._fonts.oblique: self._fonts.regular,
            self._fonts.bold_oblique: self._fonts.bold,
        }
        if style.fontName in upright:
            changes["fontName"] = upright[style.fontName]
        drawn = (
            ParagraphStyle(f"{style.name}-visual", parent=style, **changes) if changes else style
        )
        _ReportLabParagraph.__init__(self, markup, drawn, self.bulletText)
        self._laid_out_for = width


def line_texts(paragraph: _ReportLabParagraph) -> list[str]:
    """The text of each line of a wrapped ReportLab paragraph, in the order it is set."""
    para = paragraph.blPara  # type: ignore[attr-defined]
    if para.kind == 0:
        return [" ".join(words) for _, words in para.lines]
    return [
        "".join(getattr(frag, "text", "") for frag in line.words).strip(" ") for line in para.lines
    ]


def paragraphs(text: object, style: ParagraphStyle, fonts: FontSet) -> list[Paragraph]:
    """Untrusted, possibly long ``text`` as a list of escaped Paragraphs."""
    return [Paragraph(escape(piece, fonts), style, fonts=fonts) for piece in split_text(text)]
