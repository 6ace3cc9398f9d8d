"""The one escape helper: any text builds and shows itself (THREATS E1, E2, E5)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sscassess.report.fonts import load_fonts
from sscassess.report.markup import PARAGRAPH_CHARS, clean, escape, fill, split_text
from sscassess.report.templates import load_template


@pytest.fixture(scope="module")
def fonts():  # type: ignore[no-untyped-def]
    return load_fonts()


@pytest.mark.parametrize(
    ("text", "markup"),
    [
        ("a<b", "a&lt;b"),
        ("<b>bold", "&lt;b&gt;bold"),
        ('<img src="/etc/passwd">', "&lt;img src=&quot;/etc/passwd&quot;&gt;"),
        ("</para>", "&lt;/para&gt;"),
        ("x & y", "x &amp; y"),
        ("one\ntwo\r\nthree\rfour", "one<br/>two<br/>three<br/>four"),
        ("tab\there\x07\x1b[2J", "tab here[2J"),
        ("Привет Γειά", "Привет Γειά"),
        ("中文", '<font face="SscFallback">中文</font>'),
        ("\U0010fffd", "[U+10FFFD]"),
    ],
)
def test_escape(fonts, text: str, markup: str) -> None:  # type: ignore[no-untyped-def]
    assert escape(text, fonts) == markup


def test_template_texts_are_escaped_and_placeholders_filled(fonts) -> None:  # type: ignore[no-untyped-def]
    assert fill("<b>{city}</b> {other}", fonts, city="A<b") == "&lt;b&gt;A&lt;b&lt;/b&gt; {other}"


def test_long_text_is_split_without_losing_a_character() -> None:
    text = ("word " * 1000) + "x" * 5000 + "\n\nlast paragraph\nwith a line break"
    pieces = split_text(text)
    assert all(len(p) <= PARAGRAPH_CHARS for p in pieces)
    assert "".join(pieces).replace(" ", "").replace("\n", "") == text.replace(" ", "").replace(
        "\n", ""
    )
    assert pieces[-1] == "last paragraph\nwith a line break"


@settings(max_examples=60)
@given(st.text(max_size=300))
def test_any_text_builds_into_a_pdf(fonts, text: str) -> None:  # type: ignore[no-untyped-def]
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    style = ParagraphStyle("p", fontName=fonts.regular, fontSize=9, leading=11)
    story = [Paragraph(escape(piece, fonts), style) for piece in split_text(text)]
    SimpleDocTemplate(io.BytesIO(), initialFontName=fonts.regular).build(story)


def test_clean_keeps_what_metadata_can_hold() -> None:
    assert clean("a\x00b\u2028c\td") == "ab\nc d"


def test_every_shipped_text_has_english_french_and_spanish() -> None:
    template = load_template()
    assert template.languages == ("en", "fr", "es")
    for key, value in template.texts.items():
        assert isinstance(value, dict) and set(value) == {"en", "fr", "es"}, key
        assert all(v.strip() for v in value.values()), key


def test_a_heading_is_literal_in_the_contents_and_one_left_out_is_in_the_outline_only(
    tmp_path: Path,
) -> None:
    import subprocess

    from pypdf import PdfReader

    from sscassess.report import load_template
    from sscassess.report.document import Builder, Meta

    b = Builder(load_template(), "en")
    hostile = "Corpus <b>Org</b> & <font size=40>co</font>"
    story = [b.para(b.esc("Contents"), b.h1), b.toc, *b.page_break()]
    story += b.heading(hostile, 0) + b.heading("Left out of the contents", 1, contents=False)
    pdf = tmp_path / "toc.pdf"
    pdf.write_bytes(b.build(story, Meta("t", "s", []), invariant=True))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout  # fmt: skip
    # The TOC parses its entries as markup a second time: the heading stays literal there.
    assert text.count(hostile) == 2
    assert text.count("Left out of the contents") == 1
    titles = [item.title for item in PdfReader(pdf).outline if not isinstance(item, list)]
    assert hostile in titles
    nested = [i.title for item in PdfReader(pdf).outline if isinstance(item, list) for i in item]
    assert "Left out of the contents" in nested
