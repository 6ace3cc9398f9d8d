"""Right-to-left text: joined, in visual order line by line, and copied out as it was written."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from sscassess.core.bidi import (
    drawable,
    has_right_to_left,
    joined,
    letters,
    reads_right_to_left,
    visual,
)

# The five letters of "مدينة" (city) in their joined forms: meem initial, dal final,
# yeh initial, noon medial, teh marbuta final.
MADINA = "\ufee3\ufeaa\ufef3\ufee8\ufe94"


def test_arabic_letters_take_their_joined_forms_in_logical_order() -> None:
    assert joined("مدينة") == MADINA
    assert joined("لا") == "\ufefb"  # lam-alef: one ligature
    text = "plain text"
    assert joined(text) is text


def test_vowel_marks_are_kept() -> None:
    # arabic-reshaper's default configuration deletes them; a respondent's text keeps them.
    assert [c for c in joined("سَلام") if c in "\u064e"] == ["\u064e"]


@pytest.mark.parametrize(
    ("line", "rtl", "drawn"),
    [
        ("עיר חכמה", None, "המכח ריע"),  # a right-to-left line: letters and words reversed
        ("ab עיר cd", False, "ab ריע cd"),  # a right-to-left run inside a left-to-right line
        ("עיר 25 חכמה", True, "המכח 25 ריע"),  # numbers keep their own order
        ("(עיר)", True, "(ריע)"),  # brackets mirrored (rule L4): they still open on the right
        ("abc", True, "abc"),  # nothing to reorder: unchanged
    ],
)
def test_a_line_is_put_in_visual_order(line: str, rtl: bool | None, drawn: str) -> None:
    assert visual(line, rtl=rtl) == drawn


def test_a_label_is_joined_then_ordered() -> None:
    assert drawable("مدينة") == MADINA[::-1]


def test_the_paragraph_direction_is_its_first_strong_letter() -> None:
    assert reads_right_to_left("  25 עיר abc")
    assert not reads_right_to_left("abc עיר")
    assert not reads_right_to_left("123 ...")
    assert has_right_to_left("abc עיר") and has_right_to_left("\u200f")
    assert not has_right_to_left("Привет 智慧 😀")


def test_a_joined_form_copies_out_as_its_letters() -> None:
    assert letters(0xFEFB) == "لا"
    assert letters(0xFEE3) == "م"
    assert letters(0x41) == "A"


def _hebrew_pdf(tmp_path: Path, text: str, width: float) -> tuple[Path, object]:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    from sscassess.report.fonts import load_fonts
    from sscassess.report.markup import escape
    from sscassess.report.paragraph import Paragraph

    fonts = load_fonts()
    style = ParagraphStyle("body", fontName=fonts.regular, fontSize=12, leading=15)
    para = Paragraph(escape(text, fonts), style, fonts=fonts)
    pdf = tmp_path / "rtl.pdf"
    doc = SimpleDocTemplate(str(pdf), leftMargin=20 * mm, rightMargin=210 * mm - 20 * mm - width)
    doc.build([para])
    return pdf, para


WORDS = "אחת שתיים שלוש ארבע חמש שש"  # one … six


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler-utils)")
def test_a_right_to_left_paragraph_keeps_its_first_words_on_its_first_line(
    tmp_path: Path,
) -> None:
    from reportlab.lib.enums import TA_RIGHT
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from sscassess.report.fonts import REGULAR, load_fonts
    from sscassess.report.paragraph import line_texts

    load_fonts()
    # Room for four words, not five (the frame pads its text by 6 points each side).
    width = stringWidth("אחת שתיים שלוש ארבע", REGULAR, 12) + 12 + 1
    pdf, para = _hebrew_pdf(tmp_path, WORDS, width)
    # Drawn from the left: each line reversed on its own, the first line holding the first words.
    assert line_texts(para) == ["עברא שולש םייתש תחא", "שש שמח"]
    assert para.style.alignment == TA_RIGHT  # type: ignore[attr-defined]
    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    read = [line.strip("\u202a\u202b\u202c") for line in out.stdout.splitlines() if line.strip()]
    assert read == ["אחת שתיים שלוש ארבע", "חמש שש"]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler-utils)")
def test_arabic_copies_out_as_letters_not_joined_forms(tmp_path: Path) -> None:
    pdf, _ = _hebrew_pdf(tmp_path, "مدينة ذكية", 160)
    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    assert out.stdout.strip().strip("\u202a\u202b\u202c") == "مدينة ذكية"


def test_a_paragraph_split_across_pages_keeps_each_line_in_order(tmp_path: Path) -> None:
    from reportlab.lib.styles import ParagraphStyle

    from sscassess.report.fonts import load_fonts
    from sscassess.report.markup import escape
    from sscassess.report.paragraph import Paragraph, line_texts

    fonts = load_fonts()
    style = ParagraphStyle("body", fontName=fonts.regular, fontSize=12, leading=15)
    para = Paragraph(escape(" ".join([WORDS] * 6), fonts), style, fonts=fonts)
    para.wrap(120, 1000)
    whole = line_texts(para)
    first, rest = para.split(120, 15 * 3)
    assert type(first) is Paragraph and type(rest) is Paragraph
    parts = []
    for part in (first, rest):
        part.wrap(120, 1000)
        parts += line_texts(part)
    assert parts == whole and len(whole) > 3


def test_what_the_report_sets_keeps_the_report_direction() -> None:
    from reportlab.lib.enums import TA_LEFT, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    from sscassess.report.fonts import load_fonts
    from sscassess.report.markup import escape
    from sscassess.report.paragraph import Paragraph, line_texts

    fonts = load_fonts()
    style = ParagraphStyle("cell", fontName=fonts.regular, fontSize=8, leading=10)
    word = joined("جمعية")[::-1]  # the name as drawn: joined, from the left
    # A cell of an English report: the name, then its category in brackets, left-aligned.
    cell = Paragraph(escape("جمعية (NGO)", fonts), style, fonts=fonts, rtl=False)
    cell.wrap(400, 100)
    assert line_texts(cell) == [f"{word} (NGO)"]
    assert cell.style.alignment == TA_LEFT
    # The same words as a respondent's answer read from the right: the category comes last,
    # at the left, its brackets mirrored back into shape.
    answer = Paragraph(escape("جمعية (NGO)", fonts), style, fonts=fonts)
    answer.wrap(400, 100)
    assert line_texts(answer) == [f"(NGO) {word}"]
    assert answer.style.alignment == TA_RIGHT
