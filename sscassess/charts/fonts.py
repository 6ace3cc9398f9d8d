"""The fonts the charts draw with, and untrusted table text made safe to draw in them.

DejaVu Sans from matplotlib's own data (Latin, Greek, Cyrillic, Arabic, Hebrew), falling back
to a CJK font when one is installed (:func:`font_files`). A character no font can draw is shown
as ``[U+XXXX]`` (as in the report's text) and remembered, never silently a box; control and
formatting characters are dropped, and long labels end in an ellipsis. Right-to-left text
reads right: matplotlib 3.11 and later lay text out with libraqm (bidi and shaping) and get it
in reading order; an older matplotlib draws glyphs left to right as they come, so for it the
label is joined and put in visual order first (:func:`sscassess.core.bidi.drawable`).
"""

from __future__ import annotations

import functools
import logging
import math
import unicodedata
from pathlib import Path

import matplotlib
from matplotlib import font_manager

from sscassess.core.bidi import drawable

LABEL_CELLS = 34  # width of an axis label in Latin characters (a CJK character counts 2)
_CJK_CANDIDATES = (
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
)


@functools.cache
def font_files() -> tuple[Path, ...]:
    """The font files the charts draw with, in fallback order: DejaVu Sans, then a CJK font.

    The CJK font is the first of a few common Debian/Fedora paths that exists; it is
    registered with matplotlib's font manager on first call. The report can embed the same
    files so text in the charts and on the page match.
    """
    dejavu = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
    files = [dejavu]
    for candidate in _CJK_CANDIDATES:
        path = Path(candidate)
        if path.is_file():
            try:
                font_manager.fontManager.addfont(str(path))
            except (OSError, RuntimeError, ValueError):
                continue  # unreadable or unsupported font file: try the next one
            files.append(path)
            break
    logging.getLogger("matplotlib.font_manager").addFilter(_quiet_fallback_weight)
    return tuple(files)


def _quiet_fallback_weight(record: logging.LogRecord) -> bool:
    """Drop matplotlib's note that the CJK fallback has no bold face (it is drawn regular)."""
    return "Failed to find font weight" not in record.getMessage()


@functools.cache
def font_families() -> tuple[str, ...]:
    """The family names of :func:`font_files`, in fallback order."""
    return tuple(font_manager.get_font(str(path)).family_name for path in font_files())


@functools.cache
def _covered_codepoints() -> frozenset[int]:
    covered: set[int] = set()
    for path in font_files():
        covered.update(font_manager.get_font(str(path)).get_charmap())
    return frozenset(covered)


@functools.cache
def lays_out_text() -> bool:
    """Whether matplotlib orders and shapes text itself (its FreeType text uses libraqm)."""
    from matplotlib import ft2font

    return bool(getattr(ft2font, "__libraqm_version__", ""))


class Cleaner:
    """Turns untrusted table text into safe, drawable label text; remembers what it lost."""

    def __init__(self) -> None:
        self.missing: set[str] = set()

    def __call__(self, value: object, cells: int | None = LABEL_CELLS) -> str:
        """``value`` as label text of at most ``cells`` character cells (None: uncut)."""
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return ""
        covered = _covered_codepoints()
        out: list[str] = []
        for char in " ".join(str(value).split()):
            category = unicodedata.category(char)
            if category in ("Cc", "Cf", "Cs", "Co", "Cn") and char != " ":
                continue  # controls, invisible formatting, surrogates, unassigned
            if ord(char) not in covered:
                self.missing.add(char)
                char = f"[U+{ord(char):04X}]"  # the report's own stand-in for the same case
            out.append(char)
        text = "".join(out)
        text = truncate(text, cells) if cells else text
        # Cut in reading order, then (for a matplotlib that cannot) ordered for drawing.
        return text if lays_out_text() else drawable(text)


def cell_width(char: str) -> int:
    """Character cells ``char`` takes: 2 for a wide (CJK) character, else 1."""
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def truncate(text: str, cells: int) -> str:
    """Cut ``text`` to ``cells`` character cells, ending in an ellipsis when cut."""
    if sum(cell_width(c) for c in text) <= cells:
        return text
    used, kept = 0, []
    for char in text:
        used += cell_width(char)
        if used > cells - 1:
            break
        kept.append(char)
    return "".join(kept).rstrip() + "…"


def wrap(text: str, width: int, lines: int = 2) -> str:
    """Break ``text`` on spaces into at most ``lines`` lines of about ``width`` cells."""
    words, rows, current = text.split(" "), [], ""
    for word in words:
        candidate = f"{current} {word}".strip()
        if current and sum(cell_width(c) for c in candidate) > width:
            rows.append(current)
            current = word
        else:
            current = candidate
    rows.append(current)
    if len(rows) > lines:
        rows = [*rows[: lines - 1], truncate(" ".join(rows[lines - 1 :]), width)]
    return "\n".join(rows)
