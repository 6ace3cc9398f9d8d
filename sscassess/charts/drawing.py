"""What every chart shares: the palette, the style, the figure, rendering to PNG, and helpers.

Only matplotlib's object API is used (``Figure`` + the Agg canvas, never pyplot), styled
through one ``rc_context`` (:func:`chart_style`), so building charts leaves no global state
behind and works in worker processes. A chart is the function that builds its
:class:`Drawn` figure; :func:`chart` makes it the public function that returns the rendered
:class:`Chart`.
"""

from __future__ import annotations

import functools
import io
import math
import zlib
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ParamSpec, cast

import matplotlib
from cycler import cycler
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from sscassess.charts.fonts import LABEL_CELLS, font_families, font_files
from sscassess.core.errors import Msg, SscError
from sscassess.core.i18n import Plural

if TYPE_CHECKING:
    from collections.abc import Callable, Container, Iterator, Mapping, Sequence

    from matplotlib.axes import Axes
    from matplotlib.colors import Colormap, Normalize
    from matplotlib.text import Text
    from matplotlib.typing import RcKeyType
    from numpy.typing import ArrayLike
    from pandas import DataFrame

    from sscassess.charts.fonts import Cleaner
    from sscassess.charts.texts import Texts

P = ParamSpec("P")

#: Resolution of every PNG.
DPI = 200
#: Okabe–Ito: orange, sky blue, bluish green, yellow, blue, vermillion, reddish purple, black.
PALETTE: tuple[str, ...] = (
    "#E69F00",
    "#56B4E9",
    "#009E73",
    "#F0E442",
    "#0072B2",
    "#D55E00",
    "#CC79A7",
    "#000000",
)
#: Sequential, perceptually uniform and readable with every colour-vision deficiency.
INVOLVEMENT_CMAP = "cividis"

BLUE, ORANGE, VERMILLION, GREEN, SKY, GREY = (
    PALETTE[4],
    PALETTE[0],
    PALETTE[5],
    PALETTE[2],
    PALETTE[1],
    "#8C8C8C",
)
#: A white box behind a value label, so a reference line never crosses its digits.
BEHIND = {"facecolor": "white", "edgecolor": "none", "pad": 1.2}
PAGE_WIDTH = 480.0  # points: A4 with 2 cm margins leaves about 483
MAX_HEIGHT = 680.0  # points: what one A4 page holds below a heading


@dataclass(frozen=True)
class Chart:
    """One rendered chart, ready to be placed on a page."""

    png: bytes  #: PNG at :data:`DPI` dots per inch
    width_pt: float  #: intended width on the page, in points (at most 480)
    height_pt: float  #: intended height on the page, in points
    alt: str  #: one sentence saying what the chart shows
    #: characters of the data that no font could draw (shown as ``[U+XXXX]`` in the chart)
    missing_glyphs: frozenset[str] = frozenset()


@dataclass
class Drawn:
    """A built figure with its alternative text and the characters no font had."""

    figure: Figure
    alt: str
    missing: frozenset[str]


@contextmanager
def chart_style() -> Iterator[None]:
    """The charts' one matplotlib style, for the time a figure is built and drawn."""
    font_files()  # registers the CJK fallback before the families are looked up
    rc: dict[RcKeyType, Any] = {
        "font.family": list(font_families()),
        "font.size": 7.5,
        "axes.titlesize": 9,
        "axes.titleweight": "bold",
        "axes.titlelocation": "left",
        "axes.labelsize": 7.5,
        "xtick.labelsize": 7,
        "ytick.labelsize": 7,
        "legend.fontsize": 7,
        "legend.frameon": False,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.prop_cycle": cycler(color=list(PALETTE)),
        "image.cmap": INVOLVEMENT_CMAP,
        "text.usetex": False,
        "text.parse_math": False,
        "axes.formatter.use_mathtext": False,
        "axes.unicode_minus": True,
        "figure.dpi": DPI,
        "savefig.dpi": DPI,
        "svg.fonttype": "none",
        "pdf.fonttype": 42,
    }
    with matplotlib.rc_context(rc):
        yield


def _whole_pixels(points: float) -> float:
    """``points`` rounded down to a whole number of pixels at :data:`DPI`, in inches.

    Down, so that a chart asked to fit a height never exceeds it by a fraction of a pixel.
    """
    return math.floor(points / 72 * DPI + 1e-6) / DPI


def new_figure(height_pt: float, width_pt: float = PAGE_WIDTH) -> Figure:
    """A blank figure of that size in points (whole pixels), laid out by constrained layout."""
    # Whole pixels: the PNG is then exactly the stated size and is placed without resampling.
    size = (_whole_pixels(width_pt), _whole_pixels(height_pt))
    fig = Figure(figsize=size, dpi=DPI, layout="constrained")
    fig.get_layout_engine().set(w_pad=4 / 72, h_pad=4 / 72, wspace=0.02, hspace=0.02)  # type: ignore[union-attr, call-arg]
    FigureCanvasAgg(fig)
    return fig


def _to_png(fig: Figure) -> bytes:
    """Lay ``fig`` out once, draw it once, and encode it as an RGB PNG at :data:`DPI`.

    ``savefig`` would draw twice (once only to lay out) and keep an alpha channel that the
    PDF then has to carry as a soft mask; the page is white, so RGB loses nothing.
    """
    from PIL import Image

    engine = fig.get_layout_engine()
    if engine is not None:
        engine.execute(fig)
        fig.set_layout_engine("none")
    fig.canvas.draw()
    width, height = fig.canvas.get_width_height(physical=True)
    pixels = cast("FigureCanvasAgg", fig.canvas).buffer_rgba()  # type: ignore[no-untyped-call]
    image = Image.frombuffer("RGBA", (width, height), pixels, "raw", "RGBA", 0, 1)
    buffer = io.BytesIO()
    # Fast deflate (level 1, run-length strategy: charts are runs of flat colour): about 10 %
    # larger files in a third less time; the PDF re-compresses the pixels anyway. No text
    # chunks: the PNG depends on the data only, so PDFs stay reproducible.
    image.convert("RGB").save(
        buffer, format="png", dpi=(DPI, DPI), compress_level=1, compress_type=zlib.Z_RLE
    )
    return buffer.getvalue()


def render(builder: Callable[..., Drawn], /, *args: Any, **kwargs: Any) -> Chart:
    """The :class:`Chart` of ``builder(*args, **kwargs)``, built and drawn under the style."""
    with chart_style():
        drawn = build(builder, *args, **kwargs)
        png = _to_png(drawn.figure)
    width, height = drawn.figure.get_size_inches()
    return Chart(
        png=png,
        width_pt=round(float(width) * 72, 2),
        height_pt=round(float(height) * 72, 2),
        alt=drawn.alt,
        missing_glyphs=drawn.missing,
    )


#: Every chart function with the function that builds its figure (:func:`.figure.figure`).
BUILDERS: dict[Callable[..., Chart], Callable[..., Drawn]] = {}


class NoRows(Exception):
    """A chart's table has no rows to draw: :func:`build` returns its "no data" figure."""

    def __init__(self, drawn: Drawn) -> None:
        super().__init__(drawn.alt)
        self.drawn = drawn


def rows(
    frame: DataFrame | None,
    table: str,
    columns: Sequence[str],
    empty: Callable[[], Drawn],
    where: Callable[[DataFrame], Any] | None = None,
) -> DataFrame:
    """The rows a chart draws: ``frame`` (those ``where`` selects), numbered from 0.

    Raises :class:`NoRows` with the ``empty`` figure when there are none, and a clear
    :class:`SscError` (:func:`require`) when a column is missing.
    """
    if frame is None or len(frame) == 0:
        raise NoRows(empty())
    require(frame, table, columns)
    chosen = frame if where is None else frame[where(frame)]
    if chosen.empty:
        raise NoRows(empty())
    return chosen.reset_index(drop=True)


def build(builder: Callable[..., Drawn], /, *args: Any, **kwargs: Any) -> Drawn:
    """``builder(*args, **kwargs)``, or its "no data" figure when it had no rows."""
    try:
        return builder(*args, **kwargs)
    except NoRows as nothing:
        return nothing.drawn


def chart(builder: Callable[P, Drawn]) -> Callable[P, Chart]:
    """The chart function of ``builder``: the same arguments, its figure rendered to a Chart.

    A chart is written once, as the function that builds its figure, under this decorator::

        @chart
        def participation_chart(participation, labels, *, lang="en") -> Drawn: ...
    """

    @functools.wraps(builder)
    def draw(*args: P.args, **kwargs: P.kwargs) -> Chart:
        return render(builder, *args, **kwargs)

    BUILDERS[draw] = builder
    return draw


def require(frame: DataFrame, table: str, columns: Sequence[str]) -> None:
    """Raise a clear :class:`SscError` when ``frame`` lacks one of ``columns``."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        present: str | Msg = ", ".join(map(str, frame.columns)) or Msg("no columns")
        raise SscError(
            Msg(Plural("chart of table '{table}': missing column {missing}; the table has "
                       "{columns}",
                       "chart of table '{table}': missing columns {missing}; the table has "
                       "{columns}"),
                table=table, n=len(missing), missing=", ".join(missing), columns=present)
        )  # fmt: skip


def is_empty(frame: DataFrame | None) -> bool:
    """Whether there is no table or it has no rows."""
    return frame is None or len(frame) == 0


def no_data(
    title: str,
    texts: Texts,
    clean: Cleaner,
    note: str | None = None,
    *,
    width_pt: float = PAGE_WIDTH,
) -> Drawn:
    """The "no data" chart: ``title`` over a dotted box saying so (or saying ``note``)."""
    fig = new_figure(150, width_pt)
    ax = fig.add_subplot()
    ax.set_title(title)
    ax.set_axis_off()
    note_at(ax, 0.5, 0.5, note or texts("no_data"), ha="center", va="center", fontsize=10)
    ax.add_patch(
        Rectangle((0, 0), 1, 1, transform=ax.transAxes, fill=False, edgecolor=GREY, ls=":")
    )
    return Drawn(fig, texts("no_data_alt", title=title), frozenset(clean.missing))


def note_at(ax: Axes, x: float, y: float, text: str, **kwargs: Any) -> Text:
    """A text inside the axes limits: left out of layout, which then has far less to measure."""
    artist = ax.text(x, y, text, **kwargs)
    artist.set_in_layout(False)
    return artist


def status_column(
    ax: Axes,
    y: ArrayLike,
    words: Sequence[str],
    statuses: Sequence[str],
    bold: Container[str] = (),
    red: Container[str] = (),
) -> None:
    """Each row's status in ``words``, at the right of ``ax`` (rows at ``y``).

    A status in ``bold`` is written in bold, one in ``red`` in vermillion (both may apply).
    """
    column = ax.secondary_yaxis("right")
    column.set_yticks(y, words)
    column.tick_params(length=0, labelsize=6.5)
    column.spines["right"].set_visible(False)
    for tick, status in zip(column.get_yticklabels(), statuses, strict=True):
        if status in bold:
            tick.set_fontweight("bold")
        if status in red:
            tick.set_color(VERMILLION)


def number(value: object) -> float:
    """A float from a table cell; NaN for None, NaN and anything not numeric."""
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return math.nan
    return number


def fmt(value: float, texts: Texts, digits: int = 0) -> str:
    """``value`` with ``digits`` decimals the language's way, or "n/a" in it when NaN."""
    if math.isnan(value):
        return texts("na")
    return texts.number(value, digits)


def label_for(
    key: object,
    labels: Mapping[str, str],
    fallback: object,
    clean: Cleaner,
    cells: int = LABEL_CELLS,
) -> str:
    """The display label of ``key`` (``labels``, else ``fallback``, else the key), cleaned."""
    text = labels.get(str(key))
    if not text:
        text = fallback if isinstance(fallback, str) and fallback else str(key)
    return clean(text, cells)


def row_height(
    n: int, per_row: float, fixed: float, max_height: float | None = None, min_row: float = 0
) -> float:
    """Figure height for ``n`` rows: rows shrink (down to ``min_row``) to fit ``max_height``."""
    rows = max(n, 1)
    if max_height is not None and fixed + per_row * rows > max_height:
        per_row = max(min_row, (max_height - fixed) / rows)
    return fixed + per_row * rows


def ordered(values: Sequence[object]) -> list[object]:
    """``values`` without repeats, in the order they first come."""
    return list(dict.fromkeys(values))


def text_colour(cmap: Colormap, norm: Normalize, value: float) -> str:
    """Black or white, whichever reads better on the colour of ``value``."""
    r, g, b, _ = cmap(norm(value))
    return "black" if 0.299 * r + 0.587 * g + 0.114 * b > 0.5 else "white"
