"""Text set in the report fonts copies out of the PDF as itself, emoji included."""

from __future__ import annotations

import inspect
import shutil
import subprocess
from pathlib import Path

import pytest

from sscassess.report.fonts import load_fonts, to_unicode_cmap, utf16_hex
from sscassess.report.markup import escape


def _reportlab_cmap():  # type: ignore[no-untyped-def]
    """ReportLab's own ``makeToUnicodeCMap``, under the fix the fonts install."""
    from reportlab.pdfbase import ttfonts

    load_fonts()
    fixed = ttfonts.makeToUnicodeCMap
    assert getattr(fixed, "sscassess_fixed", False), "the report fonts did not install the fix"
    return fixed.args[0]


@pytest.mark.parametrize(
    ("code", "hex_"),
    [(0x41, "0041"), (0xE9, "00E9"), (0xFFFD, "FFFD"), (0x10300, "D800DF00"),
     (0x1F600, "D83DDE00"), (0x10FFFD, "DBFFDFFD")],
)  # fmt: skip
def test_a_code_is_written_as_utf16(code: int, hex_: str) -> None:
    assert utf16_hex(chr(code)) == hex_


def test_the_cmap_maps_arabic_joined_forms_to_their_letters() -> None:
    # meem initial, and the lam-alef ligature: one glyph, two letters.
    cmap = to_unicode_cmap(_reportlab_cmap(), "F", [0x41, 0xFEE3, 0xFEFB])
    lines = cmap.splitlines()
    start = lines.index("3 beginbfchar")
    assert lines[start + 1 : start + 5] == [
        "<00> <0041>",
        "<01> <0645>",
        "<02> <06440627>",
        "endbfchar",
    ]


def test_the_cmap_maps_characters_past_the_bmp_as_surrogate_pairs() -> None:
    cmap = to_unicode_cmap(_reportlab_cmap(), "F", [0x41, 0x1F600, 0xE9, 0x10300])
    lines = cmap.splitlines()
    start = lines.index("4 beginbfchar")
    assert lines[start + 1 : start + 6] == [
        "<00> <0041>",
        "<01> <D83DDE00>",
        "<02> <00E9>",
        "<03> <D800DF00>",
        "endbfchar",
    ]
    # Everything else is ReportLab's text, unchanged.
    assert cmap.replace("<D83DDE00>", "<1F600>").replace("<D800DF00>", "<10300>") == (
        _reportlab_cmap()("F", [0x41, 0x1F600, 0xE9, 0x10300])
    )


def test_reportlab_still_writes_subsets_through_the_patched_function() -> None:
    # The fix replaces a module global of reportlab.pdfbase.ttfonts: it holds only while
    # ReportLab looks the function up there when it writes a subset.
    from reportlab.pdfbase import ttfonts

    original = _reportlab_cmap()
    assert list(inspect.signature(original).parameters) == ["fontname", "subset"]
    assert "makeToUnicodeCMap(baseFontName, subset)" in inspect.getsource(ttfonts.TTFont.addObjects)
    assert original.__module__ == "reportlab.pdfbase.ttfonts"


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler-utils)")
def test_emoji_and_old_italic_copy_out_of_a_report_paragraph(tmp_path: Path) -> None:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    fonts = load_fonts()
    text = "Smile 😀, old italic 𐌀, café, Привет"
    assert 0x1F600 in fonts.main_cmap  # DejaVu Sans draws it: no [U+1F600] stand-in
    pdf = tmp_path / "t.pdf"
    style = ParagraphStyle("p", fontName=fonts.regular, fontSize=10, leading=12)
    SimpleDocTemplate(str(pdf), initialFontName=fonts.regular).build(
        [Paragraph(escape(text, fonts), style)]
    )
    out = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == text
    assert fonts.missing == set()
