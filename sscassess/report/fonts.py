"""Fonts for the PDF reports: DejaVu for Latin, Greek, Cyrillic, Arabic and Hebrew, a CJK fallback.

Every font is a TrueType file registered by path, so every glyph the PDF uses is embedded.
DejaVu ships inside matplotlib (the charts use the same faces). For the characters DejaVu
lacks, a CJK fallback font is looked up in the usual system places; the glyph coverage of each
font is read from its ``cmap`` table, so each run of characters is set in a font that really
has it. A character no font has is never drawn as a silent box: it is shown as ``[U+XXXX]`` and
listed in the report's data-quality notes (see :class:`FontSet.missing`). Registering the
fonts also fixes the map from glyphs back to text that ReportLab writes
(:func:`to_unicode_cmap`): characters beyond U+FFFF as UTF-16, so an emoji copies out of the
PDF as itself, and Arabic joined forms as the letters they stand for.
"""

from __future__ import annotations

import functools
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sscassess.core.bidi import letters, presentation_form
from sscassess.core.errors import Msg, SscError

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

REGULAR = "SscSans"
BOLD = "SscSans-Bold"
OBLIQUE = "SscSans-Oblique"
BOLD_OBLIQUE = "SscSans-BoldOblique"
FALLBACK = "SscFallback"

_DEJAVU_FILES = {
    REGULAR: "DejaVuSans.ttf",
    BOLD: "DejaVuSans-Bold.ttf",
    OBLIQUE: "DejaVuSans-Oblique.ttf",
    BOLD_OBLIQUE: "DejaVuSans-BoldOblique.ttf",
}

#: Where a CJK fallback is looked for, in order. ReportLab embeds TrueType outlines only, so
#: the OpenType/CFF Noto CJK files (.otf, most .ttc) are tried but skipped if they fail.
FALLBACK_CANDIDATES: tuple[str, ...] = (
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/truetype/droid/DroidSansFallback.ttf",
    "/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/Library/Fonts/Arial Unicode.ttf",
)

# Characters that layout handles itself and never need a glyph.
_LAYOUT_CHARS = frozenset("\n\t ")


class FontError(SscError):
    """The report fonts cannot be found or read."""


@dataclass
class FontSet:
    """The registered fonts and their coverage; collects the characters none can show."""

    regular: str
    bold: str
    oblique: str
    bold_oblique: str
    fallback: str | None
    fallback_path: str | None
    main_cmap: frozenset[int]
    fallback_cmap: frozenset[int]
    missing: set[str] = field(default_factory=set)

    def font_for(self, ch: str) -> str | None:
        """``""`` when the main font has ``ch``, the fallback's name, or None if no font does."""
        code = ord(ch)
        if code in self.main_cmap or ch in _LAYOUT_CHARS:
            return ""
        if self.fallback is not None and code in self.fallback_cmap:
            return self.fallback
        return None

    def mark_missing(self, ch: str) -> str:
        """Record ``ch`` as unshowable and return the visible stand-in drawn instead."""
        self.missing.add(ch)
        return f"[U+{ord(ch):04X}]"


_lock = threading.Lock()


def utf16_hex(text: str) -> str:
    """``text`` as a ToUnicode CMap writes it: UTF-16BE hex, a surrogate pair past U+FFFF."""
    return text.encode("utf-16-be", "surrogatepass").hex().upper()


def to_unicode_cmap(
    reportlab_cmap: Callable[[str, Sequence[int]], str], fontname: str, subset: Sequence[int]
) -> str:
    """ReportLab's ToUnicode CMap of a font subset, with two kinds of entry fixed.

    - ReportLab writes each code as ``%04X``: U+1F600 becomes ``<1F600>``, which a reader
      takes as U+1F60 followed by a stray digit, so an emoji copied out of the PDF came out as
      "ὠ". The PDF format wants UTF-16BE there (``<D83DDE00>``).
    - An Arabic word is drawn in its joined forms (U+FEDF "ﻟ", U+FEFB "ﻻ" …, see
      :mod:`sscassess.core.bidi`); copied out as such, it matches no search. Each is mapped to
      the letters it stands for ("ﻻ" → "لا").

    The other lines stay ReportLab's.
    """
    cmap = reportlab_cmap(fontname, subset)
    for index, code in enumerate(subset):
        if code > 0xFFFF or presentation_form(code):
            wrong = f"<{index:02X}> <{code:04X}>"
            right = f"<{index:02X}> <{utf16_hex(letters(code))}>"
            cmap = cmap.replace(f"\n{wrong}\n", f"\n{right}\n", 1)
    return cmap


def _fix_to_unicode() -> None:
    """Make ReportLab's TrueType subsets map text as :func:`to_unicode_cmap` says (once).

    ``reportlab.pdfbase.ttfonts`` looks ``makeToUnicodeCMap`` up as a module global when it
    writes a subset; ``tests/test_report_fonts.py`` fails if that stops being so.
    """
    from reportlab.pdfbase import ttfonts

    current = ttfonts.makeToUnicodeCMap
    if getattr(current, "sscassess_fixed", False):
        return
    fixed = functools.partial(to_unicode_cmap, current)
    fixed.sscassess_fixed = True  # type: ignore[attr-defined]
    ttfonts.makeToUnicodeCMap = fixed


def dejavu_dir() -> Path:
    """The folder of matplotlib's DejaVu TTFs."""
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


@functools.cache
def _register() -> tuple[str | None, str | None, frozenset[int], frozenset[int]]:
    from reportlab import rl_config
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    # Image streams stay binary (Flate) instead of also being ASCII85-encoded: smaller, and
    # the encoder was the largest single cost of a report with 20 charts.
    rl_config.useA85 = 0
    _fix_to_unicode()

    folder = dejavu_dir()
    main_cmap: frozenset[int] = frozenset()
    for name, file in _DEJAVU_FILES.items():
        path = folder / file
        if not path.is_file():
            raise FontError(
                Msg("the report font {path} is missing; reinstall matplotlib", path=path)
            )
        font = TTFont(name, str(path))
        pdfmetrics.registerFont(font)
        if name == REGULAR:
            main_cmap = frozenset(font.face.charToGlyph)
    addMapping(REGULAR, 0, 0, REGULAR)
    addMapping(REGULAR, 1, 0, BOLD)
    addMapping(REGULAR, 0, 1, OBLIQUE)
    addMapping(REGULAR, 1, 1, BOLD_OBLIQUE)

    for candidate in FALLBACK_CANDIDATES:
        if not Path(candidate).is_file():
            continue
        try:
            fallback = TTFont(FALLBACK, candidate, subfontIndex=0)
        except (TTFError, OSError, ValueError):
            continue  # CFF outlines or an unreadable file: try the next one
        pdfmetrics.registerFont(fallback)
        # Bold/italic markup inside a fallback run keeps the one face it has.
        addMapping(FALLBACK, 0, 0, FALLBACK)
        addMapping(FALLBACK, 1, 0, FALLBACK)
        addMapping(FALLBACK, 0, 1, FALLBACK)
        addMapping(FALLBACK, 1, 1, FALLBACK)
        return FALLBACK, candidate, main_cmap, frozenset(fallback.face.charToGlyph)
    return None, None, main_cmap, frozenset()


def load_fonts() -> FontSet:
    """Register the report fonts once per process and return a fresh :class:`FontSet`.

    Each report gets its own set, so the characters it could not show are its own.
    """
    with _lock:
        fallback, fallback_path, main_cmap, fallback_cmap = _register()
    return FontSet(
        regular=REGULAR,
        bold=BOLD,
        oblique=OBLIQUE,
        bold_oblique=BOLD_OBLIQUE,
        fallback=fallback,
        fallback_path=fallback_path,
        main_cmap=main_cmap,
        fallback_cmap=fallback_cmap,
    )
