"""The ReportLab document shared by the city and organisation reports.

:class:`ReportDocument` is a ``BaseDocTemplate`` with a portrait and a landscape page template,
a running footer with "page X of Y", a table of contents fed from the headings
(``afterFlowable`` → ``notify('TOCEntry', …)``), a PDF outline (``bookmarkPage`` +
``addOutlineEntry``) and the document metadata. :class:`Builder` holds the styles and the
helpers the sections use to make headings, paragraphs, tables and charts, all of which route
text through :func:`sscassess.report.markup.escape`.
"""

from __future__ import annotations

import io
import numbers
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents

from sscassess.core.bidi import drawable, has_right_to_left
from sscassess.core.i18n import translator
from sscassess.core.texts import FRENCH_SPACES
from sscassess.report.fonts import FontSet, load_fonts
from sscassess.report.markup import clean, escape, fill
from sscassess.report.paragraph import Paragraph, paragraphs

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sscassess.report.templates import Template

MARGIN = 16 * mm
FOOTER_SPACE = 10 * mm
PORTRAIT_WIDTH = A4[0] - 2 * MARGIN
LANDSCAPE_WIDTH = landscape(A4)[0] - 2 * MARGIN
#: Organisation rows of one heat-map table page (and one chart call).
HEATMAP_ROWS = 40


@dataclass
class Cell:
    """A table cell with trusted markup (our own bold, numbers) around escaped text."""

    markup: str


@dataclass
class Meta:
    """Document metadata: what PDF readers show in the document properties."""

    title: str
    subject: str
    keywords: list[str]
    author: str = "sscassess"
    footer: str = ""


class _NumberedCanvas(Canvas):
    """A canvas that knows the page count when it writes each page ("page X of Y")."""

    footer_label: str = "Page {page} of {pages}"
    footer_text: str = ""
    footer_font: str = "Helvetica"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._saved: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._saved.append(dict(self.__dict__))
        self._startPage()  # type: ignore[attr-defined]  # ReportLab internal, no stub

    def save(self) -> None:
        total = len(self._saved)
        for state in self._saved:
            self.__dict__.update(state)
            self._draw_footer(total)
            super().showPage()
        super().save()

    def _draw_footer(self, total: int) -> None:
        width = float(self._pagesize[0])  # type: ignore[attr-defined]
        self.saveState()
        self.setFont(self.footer_font, 7.5)
        self.setFillColor(colors.HexColor("#555555"))
        page = self._pageNumber  # type: ignore[attr-defined]
        label = self.footer_label.replace("{page}", str(page)).replace("{pages}", str(total))
        self.drawRightString(width - MARGIN, MARGIN / 2, label)
        if self.footer_text:
            self.drawString(MARGIN, MARGIN / 2, drawable(self.footer_text[:110]))
        self.restoreState()


class _Chart(Flowable):
    """A chart PNG that is drawn only in the final pass of the build.

    Laying out a report with a table of contents takes two or three passes; decoding and
    compressing the PNGs in each of them cost more than the rest of the report together.
    The layout passes see a box of the same size; :meth:`Builder.build` then runs one last
    pass with the images drawn.
    """

    def __init__(self, png: bytes, width: float, height: float, state: dict[str, bool]) -> None:
        super().__init__()
        self.png = png
        self.width = width
        self.height = height
        self.state = state
        self.hAlign = "CENTER"

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        if self.state.get("draw"):
            from reportlab.lib.utils import ImageReader

            image = ImageReader(io.BytesIO(self.png))
            self.canv.drawImage(image, 0, 0, self.width, self.height, mask="auto")


class _Heading(Paragraph):
    """A heading that goes into the PDF outline and, unless ``in_contents`` is false, the TOC."""

    def __init__(
        self,
        markup: str,
        plain: str,
        style: ParagraphStyle,
        level: int,
        key: str,
        fonts: FontSet,
        rtl: bool,
        in_contents: bool = True,
    ) -> None:
        super().__init__(markup, style, fonts=fonts, rtl=rtl)
        self.in_contents = in_contents
        # The contents list sets its entries itself, on one line each: in visual order here.
        self.toc_markup = escape(drawable(plain), fonts) if has_right_to_left(plain) else markup
        self.toc_plain = plain
        self.toc_level = level
        self.toc_key = key


class ReportDocument(BaseDocTemplate):
    """A4 document with portrait/landscape templates, TOC, outline and metadata."""

    def __init__(self, target: io.BytesIO, meta: Meta, fonts: FontSet, invariant: bool) -> None:
        super().__init__(
            target,
            pagesize=A4,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN,
            bottomMargin=MARGIN + FOOTER_SPACE,
            title=meta.title,
            subject=meta.subject,
            author=meta.author,
            creator="sscassess",
            producer="sscassess (ReportLab)",
            keywords=meta.keywords,
            invariant=1 if invariant else 0,
            initialFontName=fonts.regular,
            initialFontSize=9,
            initialLeading=11,
            lang=None,
        )
        portrait_frame = Frame(
            MARGIN, MARGIN + FOOTER_SPACE, PORTRAIT_WIDTH, A4[1] - 2 * MARGIN - FOOTER_SPACE,
            id="portrait", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0,
        )  # fmt: skip
        lw, lh = landscape(A4)
        landscape_frame = Frame(
            MARGIN, MARGIN + FOOTER_SPACE, LANDSCAPE_WIDTH, lh - 2 * MARGIN - FOOTER_SPACE,
            id="landscape", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0,
        )  # fmt: skip
        self.addPageTemplates(
            [
                PageTemplate("portrait", [portrait_frame], pagesize=A4),
                PageTemplate("landscape", [landscape_frame], pagesize=(lw, lh)),
            ]
        )

    def afterFlowable(self, flowable: Flowable) -> None:
        """Register headings in the TOC and the PDF outline."""
        if isinstance(flowable, _Heading):
            self.canv.bookmarkPage(flowable.toc_key)
            self.canv.addOutlineEntry(
                flowable.toc_plain, flowable.toc_key, flowable.toc_level, closed=True
            )
            # The TOC parses its entries as markup again: hand it the escaped markup, never
            # the plain text of the heading.
            if flowable.in_contents:
                self.notify(
                    "TOCEntry",
                    (flowable.toc_level, flowable.toc_markup, self.page, flowable.toc_key),
                )


@dataclass
class Builder:
    """Styles and flowable factories for one report in one language."""

    template: Template
    lang: str
    fonts: FontSet = field(default_factory=load_fonts)
    _keys: int = 0
    _charts: dict[str, bool] = field(default_factory=dict)
    #: Layout passes the last build took.
    passes: int = 0

    def __post_init__(self) -> None:
        self.tr = translator(self.lang)
        from babel import Locale

        #: Whether the report language is written right to left (none shipped is): the
        #: direction of every paragraph the report builds around a value.
        self.rtl = Locale.parse(self.lang).text_direction == "rtl"
        c = self.template.colours
        self.primary = colors.HexColor(c.primary)
        self.accent = colors.HexColor(c.accent)
        self.header_bg = colors.HexColor(c.header_background)
        self.header_fg = colors.HexColor(c.header_text)
        self.zebra = colors.HexColor(c.zebra)
        self.grid = colors.HexColor(c.grid)
        self.muted = colors.HexColor(c.muted)
        f = self.fonts
        base: dict[str, Any] = {"fontName": f.regular, "splitLongWords": 1, "wordWrap": None}
        self.body = ParagraphStyle("body", fontSize=9.5, leading=12.5, spaceAfter=4, **base)
        self.small = ParagraphStyle("small", fontSize=8, leading=10, **base)
        self.cell = ParagraphStyle("cell", fontSize=7.5, leading=9, **base)
        self.cell_tiny = ParagraphStyle("tiny", fontSize=6, leading=7, **base)
        self.cell_num = ParagraphStyle("num", parent=self.cell, alignment=TA_RIGHT)
        self.cell_tiny_center = ParagraphStyle("tinyc", parent=self.cell_tiny, alignment=TA_CENTER)
        self.header = ParagraphStyle(
            "header",
            fontSize=7.5,
            leading=9,
            textColor=self.header_fg,
            **base | {"fontName": f.bold},
        )
        self.header_tiny = ParagraphStyle(
            "header_tiny", parent=self.header, fontSize=6, leading=7, alignment=TA_CENTER
        )
        self.caption = ParagraphStyle(
            "caption",
            fontSize=8,
            leading=10,
            textColor=self.muted,
            spaceBefore=2,
            spaceAfter=6,
            **base | {"fontName": f.oblique},
        )
        #: A section's first paragraph: stays on the page of the chart or table it introduces.
        self.intro = ParagraphStyle("intro", parent=self.body, keepWithNext=1)
        self.small_intro = ParagraphStyle("small_intro", parent=self.small, keepWithNext=1)
        #: A bold run-in label ("Evidence") that stays with what it introduces.
        self.label = ParagraphStyle("label", parent=self.small, keepWithNext=1)
        self.h1 = ParagraphStyle(
            "h1",
            keepWithNext=1,
            fontSize=16,
            leading=20,
            spaceBefore=6,
            spaceAfter=8,
            textColor=self.primary,
            **base | {"fontName": f.bold},
        )
        self.h2 = ParagraphStyle(
            "h2",
            keepWithNext=1,
            fontSize=12,
            leading=15,
            spaceBefore=8,
            spaceAfter=4,
            textColor=self.primary,
            **base | {"fontName": f.bold},
        )
        self.title = ParagraphStyle(
            "title",
            fontSize=24,
            leading=30,
            spaceAfter=12,
            textColor=self.primary,
            **base | {"fontName": f.bold},
        )
        self.subtitle = ParagraphStyle("subtitle", fontSize=14, leading=18, spaceAfter=18, **base)
        self.bullet = ParagraphStyle(
            "bullet",
            parent=self.body,
            leftIndent=10,
            bulletIndent=0,
            spaceAfter=2,
            bulletFontName=f.regular,
        )
        # Table cells draw with a font of their own (Helvetica unless told): ours, so that
        # every font in the PDF is embedded.
        self.toc = TableOfContents(
            dotsMinLevel=0,
            tableStyle=TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), f.regular),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ]
            ),
        )
        self.toc.levelStyles = [
            ParagraphStyle("toc1", fontSize=10, leading=13, leftIndent=10, firstLineIndent=-10, **base),
            ParagraphStyle("toc2", fontSize=8.5, leading=11, leftIndent=24, firstLineIndent=-10, **base),
        ]  # fmt: skip

    # ----------------------------------------------------------------- texts

    def t(self, key: str, **values: object) -> str:
        """Text ``key`` as plain text (still untrusted: a template's YAML), ``values`` filled in."""
        text = self._typeset(self.template.text(key, self.lang, values))
        if not values:
            return text
        shown = {k: self.tr.shown(v) for k, v in values.items()}
        return re.sub(r"\{([a-z_]+)\}", lambda m: str(shown.get(m.group(1), m.group(0))), text)

    def tm(self, key: str, **values: object) -> str:
        """Text ``key`` as markup, with escaped ``values`` filled in (numbers the reader's way)."""
        text = self._typeset(self.template.text(key, self.lang, values))
        return fill(text, self.fonts, **{k: self.tr.shown(v) for k, v in values.items()})

    def _typeset(self, text: str) -> str:
        """Our text as French sets it: no line breaks before ":" or after "«" (values untouched)."""
        return FRENCH_SPACES.sub("\u00a0", text) if self.lang == "fr" else text

    def esc(self, text: object) -> str:
        """Escape untrusted text to markup."""
        return escape(text, self.fonts)

    # ----------------------------------------------------------------- flowables

    def heading(
        self, text: str, level: int = 0, *, markup: str | None = None, contents: bool = True
    ) -> list[Flowable]:
        """A heading (plain text ``text``) in the outline and, with ``contents``, the TOC.

        The contents fit one page: a heading of many alike (an organisation's, a
        recommendation's) stays in the outline only.
        """
        self._keys += 1
        mk = markup if markup is not None else self.esc(text)
        style = self.h1 if level == 0 else self.h2
        flow: list[Flowable] = []
        if level == 0:
            flow.append(CondPageBreak(60 * mm))
        flow.append(
            _Heading(
                mk,
                clean(text).replace("\n", " "),
                style,
                level,
                f"h{self._keys}",
                self.fonts,
                self.rtl,
                contents,
            )
        )
        return flow

    def para(self, markup: str, style: ParagraphStyle | None = None) -> Paragraph:
        """A Paragraph from markup built by :meth:`tm`/:meth:`esc` (never raw text).

        It reads in the report language's direction, whatever a value inside it is written in.
        """
        return Paragraph(markup, style or self.body, fonts=self.fonts, rtl=self.rtl)

    def text_block(self, text: object, style: ParagraphStyle | None = None) -> list[Flowable]:
        """Untrusted free text: escaped, line breaks kept, split into several Paragraphs."""
        return list(paragraphs(text, style or self.body, self.fonts))

    def bullets(self, items: Sequence[str]) -> list[Flowable]:
        """Bulleted paragraphs; each item is markup."""
        return [
            Paragraph(item, self.bullet, bulletText="•", fonts=self.fonts, rtl=self.rtl)
            for item in items
        ]

    def spacer(self, height: float = 4) -> Spacer:
        """Vertical space in points."""
        return Spacer(1, height)

    def table(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence[object]],
        widths: Sequence[float],
        *,
        numeric: Sequence[int] = (),
        tiny: bool = False,
        styles: Sequence[tuple[Any, ...]] = (),
    ) -> Table:
        """A table of escaped cells that splits across pages, header repeated.

        ``header`` holds plain texts; a row value is plain text (escaped here), a number, or a
        :class:`Cell` of markup our code built. ``widths`` are in points. Columns listed in
        ``numeric`` hold numbers our code formatted: they are drawn as plain strings (never
        parsed as markup, and much cheaper to lay out than a Paragraph per cell).
        """
        head_style = self.header_tiny if tiny else self.header
        cell_style = self.cell_tiny_center if tiny else self.cell
        head_num = ParagraphStyle("header_num", parent=head_style, alignment=TA_RIGHT)
        data: list[list[Any]] = [
            [
                Paragraph(
                    self.esc(h),
                    head_num if i in numeric and not tiny else head_style,
                    fonts=self.fonts,
                    rtl=self.rtl,
                )
                for i, h in enumerate(header)
            ]
        ]
        for row in rows:
            out: list[Any] = []
            for i, value in enumerate(row):
                style = self.cell_tiny if tiny and i == 0 else cell_style
                if i in numeric:
                    style = self.cell_tiny_center if tiny else self.cell_num
                if isinstance(value, Cell):
                    out.append(Paragraph(value.markup, style, fonts=self.fonts, rtl=self.rtl))
                elif i in numeric and _plain_number(value):
                    out.append(_fmt(value))
                else:
                    out.append(
                        Paragraph(self.esc(_fmt(value)), style, fonts=self.fonts, rtl=self.rtl)
                    )
            data.append(out)
        table = Table(data, colWidths=list(widths), repeatRows=1, splitInRow=1, hAlign="LEFT")
        size = 6 if tiny else 7.5
        commands: list[tuple[Any, ...]] = [
            ("FONTNAME", (0, 0), (-1, -1), self.fonts.regular),
            ("FONTSIZE", (0, 0), (-1, -1), size),
            ("LEADING", (0, 0), (-1, -1), size + 1.5),
            ("BACKGROUND", (0, 0), (-1, 0), self.header_bg),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, -1), 0.25, self.grid),
            ("LEFTPADDING", (0, 0), (-1, -1), 2 if tiny else 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 2 if tiny else 3),
            ("TOPPADDING", (0, 0), (-1, -1), 1 if tiny else 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1 if tiny else 2),
        ]
        for i in numeric:
            commands.append(("ALIGN", (i, 1), (i, -1), "CENTER" if tiny else "RIGHT"))
        for r in range(2, len(data), 2):
            commands.append(("BACKGROUND", (0, r), (-1, r), self.zebra))
        commands.extend(styles)
        table.setStyle(TableStyle(commands))
        return table

    def chart(
        self, chart: Any, max_width: float = PORTRAIT_WIDTH, max_height: float = 200 * mm
    ) -> list[Flowable]:
        """A chart (``sscassess.charts.drawing.Chart``) as an image scaled to fit, with its alt text."""
        width, height = float(chart.width_pt), float(chart.height_pt)
        scale = min(1.0, max_width / width, max_height / height)
        image = _Chart(chart.png, width * scale, height * scale, self._charts)
        # The numbers table that follows starts on this page only if a few rows fit.
        # keepWithNext (not a KeepTogether, which ReportLab will not nest in the group a
        # heading's keepWithNext makes): heading, chart and caption stay on one page.
        image.keepWithNext = 1
        return [
            image,
            Paragraph(self.esc(chart.alt), self.caption, fonts=self.fonts, rtl=self.rtl),
            CondPageBreak(45 * mm),
        ]

    def page_break(self, orientation: str | None = None) -> list[Flowable]:
        """A page break, switching to ``portrait`` or ``landscape`` pages when given."""
        flow: list[Flowable] = []
        if orientation:
            flow.append(NextPageTemplate(orientation))
        flow.append(PageBreak())
        return flow

    def build(self, story: list[Flowable], meta: Meta, invariant: bool) -> bytes:
        """Lay out ``story`` and return the PDF bytes.

        The table of contents needs its page numbers, so the story is laid out until they
        settle. The TOC starts with every heading already in it (pages unknown), so the
        contents list has its final length from the first pass and the second pass normally
        agrees: two passes, where an empty first TOC costs three. Decoding and compressing
        the chart PNGs cost more than the rest of a report, so the first pass draws the
        charts as empty boxes of their size and only the later passes draw them.
        """
        target = io.BytesIO()
        doc = ReportDocument(target, meta, self.fonts, invariant)
        label = self.t("page_x_of_y")
        footer = clean(meta.footer).replace("\n", " ")
        regular = self.fonts.regular

        class Canvas_(_NumberedCanvas):
            footer_label = label
            footer_text = footer
            footer_font = regular

        self.toc._entries = [  # type: ignore[attr-defined]  # ReportLab internal, no stub
            (f.toc_level, f.toc_markup, 0, f.toc_key)
            for f in story
            if isinstance(f, _Heading) and f.in_contents
        ]

        def on_progress(kind: str, value: int) -> None:
            if kind == "PASS":
                self._charts["draw"] = value >= 2

        doc.setProgressCallBack(on_progress)
        self.passes = doc.multiBuild(story, canvasmaker=Canvas_)
        return target.getvalue()


_PLAIN = re.compile(r"^[0-9A-Za-z%./!+\u2212\u2013 -]{0,16}$")


def _plain_number(value: object) -> bool:
    """Whether ``value`` is a number or a short code our code formatted (``3P``, ``42%``)."""
    if value is None or isinstance(value, numbers.Number) or type(value).__name__ == "NAType":
        return True
    return isinstance(value, str) and bool(_PLAIN.match(value))


def _fmt(value: object) -> str:
    if value is None or type(value).__name__ in ("NAType", "NaTType"):
        return ""
    if isinstance(value, float):
        if value != value:  # NaN
            return ""
        return f"{value:.2f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))
    if isinstance(value, list | tuple):
        return ", ".join(_fmt(v) for v in value)
    return str(value)
