"""Every chart of the PDF reports, drawn from the analysis tables with matplotlib.

Only matplotlib's object API is used (``Figure`` + the Agg canvas, never pyplot), styled
through one ``rc_context``, so building charts leaves no global state behind and works in
worker processes. Each public function takes analysis tables (columns as in the README's
"Gap analysis" section) and returns a :class:`Chart`: a PNG at 200 dpi, the size it is meant
to have on the page, an alternative text, and the characters no font could draw.

Conventions shared by every chart:

* One colour-blind-safe palette (:data:`PALETTE`, Okabe–Ito) and one sequential colour map
  for the 0–4 involvement scale (:data:`INVOLVEMENT_CMAP`, cividis). Colour never carries a
  fact alone: values are printed in or next to the marks, and line styles or words tell
  expectation levels and statuses apart.
* Fonts: DejaVu Sans from matplotlib's own data (Latin, Greek, Cyrillic), falling back to a
  CJK font when one is installed (:func:`font_files`). A character no font can draw is shown
  as ``[U+XXXX]`` (as in the report's text) and listed in :attr:`Chart.missing_glyphs`,
  never silently a box.
* Organisation names and other table text are untrusted: mathtext is off
  (``text.parse_math = False``, no TeX), control and formatting characters are dropped, and
  long labels end in an ellipsis.
* An empty table gives a "no data" chart; NaN values are drawn as "n/a" (or left out of
  lines), never raised on.
* Size: every chart is 480 pt wide (1333 pixels) and as tall as its rows need. Every chart
  function takes ``max_height_pt=``: the chart then squeezes its rows (or its radar) down
  to a readable minimum to fit the space the page has, so a caller can pass the height it
  has left instead of scaling the image (which shrinks 6 pt text below legibility). The
  heat map also takes ``width_pt=`` (a landscape page), the radar ``height_pt=``.
* Chrome (titles, axis labels, status words, alternative texts) comes in English, French or
  Spanish (``lang=``); any chrome key can be overridden through ``labels`` as
  ``"chart.<key>"``, e.g. ``{"chart.invited": "Invited"}``.
"""

from __future__ import annotations

import functools
import io
import logging
import math
import unicodedata
import zlib
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import matplotlib
import numpy as np
from cycler import cycler
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import Colormap, Normalize
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from matplotlib.transforms import Affine2D

from sscassess.core.errors import SscError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Mapping, Sequence

    from matplotlib.axes import Axes
    from matplotlib.path import Path as Path_
    from matplotlib.projections.polar import PolarAxes
    from matplotlib.text import Text
    from matplotlib.typing import RcKeyType
    from pandas import DataFrame

__all__ = [
    "DPI",
    "INVOLVEMENT_CMAP",
    "PALETTE",
    "Chart",
    "category_heatmap",
    "category_radar",
    "collaboration_chart",
    "coverage_chart",
    "figure",
    "font_files",
    "item_chart",
    "organisation_profile_chart",
    "participation_chart",
    "render_all_for_bench",
    "role_fit_chart",
    "role_heatmap",
    "round_chart",
]

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

_BLUE, _ORANGE, _VERMILLION, _GREEN, _SKY, _GREY = (
    PALETTE[4],
    PALETTE[0],
    PALETTE[5],
    PALETTE[2],
    PALETTE[1],
    "#8C8C8C",
)
#: A white box behind a value label, so a reference line never crosses its digits.
_BEHIND = {"facecolor": "white", "edgecolor": "none", "pad": 1.2}
_PAGE_WIDTH = 480.0  # points: A4 with 2 cm margins leaves about 483
_MAX_HEIGHT = 680.0  # points: what one A4 page holds below a heading
_LABEL_CELLS = 34  # width of an axis label in Latin characters (a CJK character counts 2)
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


@dataclass(frozen=True)
class Chart:
    """One rendered chart, ready to be placed on a page."""

    png: bytes  #: PNG at :data:`DPI` dots per inch
    width_pt: float  #: intended width on the page, in points (at most 480)
    height_pt: float  #: intended height on the page, in points
    alt: str  #: one sentence saying what the chart shows
    #: characters of the data that no font could draw (shown as ``[U+XXXX]`` in the chart)
    missing_glyphs: frozenset[str] = frozenset()


# --------------------------------------------------------------------------------------------
# Texts of the charts themselves (not of the data)

_TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "no_data": "No data",
        "no_data_alt": "{title}: no data to show.",
        "organisations": "Organisations",
        "involvement": "Involvement (0 = none … 4 = leads)",
        "na": "n/a",
        "participation_title": "Participation by category",
        "invited": "Invited",
        "submitted": "Submitted",
        "no_voice": "no voice",
        "participation_alt": "Invited and submitted organisations for {n} categories; {novoice} of them had no voice.",
        "heatmap_title": "Self-rated involvement per organisation and role",
        "primary": "Reference: primary role",
        "supporting": "Reference: supporting role",
        "heatmap_alt": "Heat map of the self-rated involvement (0–4) of {rows} organisations in {cols} roles, with the reference expectation outlined in each cell.",
        "category_heatmap_title": "Mean self-rated involvement per category and role",
        "category_heatmap_alt": "Heat map of the mean self-rated involvement (0–4) of {rows} categories in {cols} roles, with the reference expectation outlined in each cell.",
        "coverage_title": "Role coverage in the city",
        "contributors": "Contributors (rating 3–4)",
        "leaders": "Leaders (rating 4)",
        "status.uncovered": "uncovered",
        "status.no_lead": "no lead",
        "status.contested": "contested",
        "status.covered": "covered",
        "owner_missing": "expected owner missing",
        "coverage_alt": "Contributors and leaders for each of {n} roles: {uncovered} uncovered, {no_lead} without a lead, {contested} contested.",
        "radar_self": "Mean self-rating",
        "radar_expected": "Reference expectation",
        "radar_subtitle": "{n} organisations",
        "radar_none": "no responses in this category",
        "radar_alt": "Radar of the mean self-rated involvement against the reference expectation over {n} roles for {category}.",
        "role_fit_title": "Role fit per organisation",
        "role_fit_axis": "Role fit (1 = every expected role fulfilled)",
        "mean": "mean {value}",
        "role_fit_alt": "Role fit between 0 and 1 for {n} organisations; mean {mean}.",
        "share_axis": "Share of organisations",
        "item_alt": "Share of organisations selecting each of {n} items ({title}).",
        "status.unpursued": "unpursued",
        "status.pursued": "pursued",
        "status.common_ground": "common ground",
        "status.reported": "reported",
        "status.not_reported": "not reported",
        "collaboration_title": "Collaboration between categories",
        "from_category": "Category that has or needs the link",
        "to_category": "Partner category",
        "collaboration_key": "Number = current links · ✓ need met · ✗ need unmet (thick outline) · ? partner had no voice (dotted)",
        "collaboration_alt": "Matrix of current links between {n} categories; {unmet} needed links are unmet.",
        "profile_title": "Profile: {name}",
        "self": "Self-rating",
        "expected": "Reference expectation",
        "peers": "Mean of its category",
        "peers_hidden": "category mean not shown (privacy)",
        "status.fulfils": "fulfils",
        "status.partial": "partial",
        "status.gap": "gap",
        "status.beyond_reference": "beyond reference",
        "status.not_expected": "not expected",
        "profile_alt": "Self-rated involvement of {name} in {n} roles against the reference expectation{peers}.",
        "profile_alt_peers": " and the mean of its category",
        "round_title": "Contributors per role, previous round → this round",
        "before": "Previous round",
        "after": "This round",
        "status.improved": "improved",
        "status.worsened": "worsened",
        "status.unchanged": "unchanged",
        "round_alt": "Contributors per role before and after for {n} roles: {improved} improved, {worsened} worsened.",
    },
    "fr": {
        "no_data": "Aucune donnée",
        "no_data_alt": "{title} : aucune donnée à montrer.",
        "organisations": "Organisations",
        "involvement": "Implication (0 = aucune … 4 = pilote)",
        "na": "s.o.",
        "participation_title": "Participation par catégorie",
        "invited": "Invitées",
        "submitted": "Réponses",
        "no_voice": "sans voix",
        "participation_alt": "Organisations invitées et ayant répondu pour {n} catégories ; {novoice} sans voix.",
        "heatmap_title": "Implication auto-évaluée par organisation et par rôle",
        "primary": "Référence : rôle principal",
        "supporting": "Référence : rôle de soutien",
        "heatmap_alt": "Carte de chaleur de l'implication auto-évaluée (0–4) de {rows} organisations dans {cols} rôles, l'attente de référence étant encadrée dans chaque case.",
        "category_heatmap_title": "Implication moyenne auto-évaluée par catégorie et par rôle",
        "category_heatmap_alt": "Carte de chaleur de l'implication moyenne auto-évaluée (0–4) de {rows} catégories dans {cols} rôles, l'attente de référence étant encadrée dans chaque case.",
        "coverage_title": "Couverture des rôles dans la ville",
        "contributors": "Contributeurs (note 3–4)",
        "leaders": "Pilotes (note 4)",
        "status.uncovered": "non couvert",
        "status.no_lead": "sans pilote",
        "status.contested": "disputé",
        "status.covered": "couvert",
        "owner_missing": "titulaire attendu absent",
        "coverage_alt": "Contributeurs et pilotes de {n} rôles : {uncovered} non couverts, {no_lead} sans pilote, {contested} disputés.",
        "radar_self": "Auto-évaluation moyenne",
        "radar_expected": "Attente de référence",
        "radar_subtitle": "{n} organisations",
        "radar_none": "aucune réponse dans cette catégorie",
        "radar_alt": "Radar de l'implication moyenne auto-évaluée face à l'attente de référence sur {n} rôles pour {category}.",
        "role_fit_title": "Adéquation aux rôles par organisation",
        "role_fit_axis": "Adéquation (1 = tous les rôles attendus remplis)",
        "mean": "moyenne {value}",
        "role_fit_alt": "Adéquation aux rôles entre 0 et 1 pour {n} organisations ; moyenne {mean}.",
        "share_axis": "Part des organisations",
        "item_alt": "Part des organisations choisissant chacun des {n} éléments ({title}).",
        "status.unpursued": "non poursuivi",
        "status.pursued": "poursuivi",
        "status.common_ground": "terrain commun",
        "status.reported": "signalé",
        "status.not_reported": "non signalé",
        "collaboration_title": "Collaboration entre catégories",
        "from_category": "Catégorie qui a ou souhaite le lien",
        "to_category": "Catégorie partenaire",
        "collaboration_key": "Nombre = liens actuels · ✓ besoin satisfait · ✗ besoin non satisfait (cadre épais) · ? partenaire sans voix (pointillé)",
        "collaboration_alt": "Matrice des liens actuels entre {n} catégories ; {unmet} liens souhaités manquent.",
        "profile_title": "Profil : {name}",
        "self": "Auto-évaluation",
        "expected": "Attente de référence",
        "peers": "Moyenne de sa catégorie",
        "peers_hidden": "moyenne de catégorie masquée (confidentialité)",
        "status.fulfils": "rempli",
        "status.partial": "partiel",
        "status.gap": "écart",
        "status.beyond_reference": "au-delà de la référence",
        "status.not_expected": "non attendu",
        "profile_alt": "Implication auto-évaluée de {name} dans {n} rôles face à l'attente de référence{peers}.",
        "profile_alt_peers": " et à la moyenne de sa catégorie",
        "round_title": "Contributeurs par rôle, tour précédent → ce tour",
        "before": "Tour précédent",
        "after": "Ce tour",
        "status.improved": "amélioré",
        "status.worsened": "dégradé",
        "status.unchanged": "inchangé",
        "round_alt": "Contributeurs par rôle avant et après pour {n} rôles : {improved} améliorés, {worsened} dégradés.",
    },
    "es": {
        "no_data": "Sin datos",
        "no_data_alt": "{title}: no hay datos que mostrar.",
        "organisations": "Organizaciones",
        "involvement": "Implicación (0 = ninguna … 4 = lidera)",
        "na": "n/d",
        "participation_title": "Participación por categoría",
        "invited": "Invitadas",
        "submitted": "Respuestas",
        "no_voice": "sin voz",
        "participation_alt": "Organizaciones invitadas y que respondieron en {n} categorías; {novoice} sin voz.",
        "heatmap_title": "Implicación autoevaluada por organización y rol",
        "primary": "Referencia: rol principal",
        "supporting": "Referencia: rol de apoyo",
        "heatmap_alt": "Mapa de calor de la implicación autoevaluada (0–4) de {rows} organizaciones en {cols} roles, con la expectativa de referencia marcada en cada celda.",
        "category_heatmap_title": "Implicación media autoevaluada por categoría y rol",
        "category_heatmap_alt": "Mapa de calor de la implicación media autoevaluada (0–4) de {rows} categorías en {cols} roles, con la expectativa de referencia marcada en cada celda.",
        "coverage_title": "Cobertura de roles en la ciudad",
        "contributors": "Contribuyentes (nota 3–4)",
        "leaders": "Líderes (nota 4)",
        "status.uncovered": "sin cubrir",
        "status.no_lead": "sin líder",
        "status.contested": "disputado",
        "status.covered": "cubierto",
        "owner_missing": "falta el titular esperado",
        "coverage_alt": "Contribuyentes y líderes de {n} roles: {uncovered} sin cubrir, {no_lead} sin líder, {contested} disputados.",
        "radar_self": "Autoevaluación media",
        "radar_expected": "Expectativa de referencia",
        "radar_subtitle": "{n} organizaciones",
        "radar_none": "ninguna respuesta en esta categoría",
        "radar_alt": "Radar de la implicación media autoevaluada frente a la expectativa de referencia en {n} roles para {category}.",
        "role_fit_title": "Ajuste a los roles por organización",
        "role_fit_axis": "Ajuste (1 = todos los roles esperados cumplidos)",
        "mean": "media {value}",
        "role_fit_alt": "Ajuste a los roles entre 0 y 1 de {n} organizaciones; media {mean}.",
        "share_axis": "Proporción de organizaciones",
        "item_alt": "Proporción de organizaciones que eligen cada uno de {n} elementos ({title}).",
        "status.unpursued": "no perseguido",
        "status.pursued": "perseguido",
        "status.common_ground": "terreno común",
        "status.reported": "señalado",
        "status.not_reported": "no señalado",
        "collaboration_title": "Colaboración entre categorías",
        "from_category": "Categoría que tiene o necesita el vínculo",
        "to_category": "Categoría socia",
        "collaboration_key": "Número = vínculos actuales · ✓ necesidad cubierta · ✗ necesidad no cubierta (borde grueso) · ? socio sin voz (punteado)",
        "collaboration_alt": "Matriz de vínculos actuales entre {n} categorías; faltan {unmet} vínculos necesarios.",
        "profile_title": "Perfil: {name}",
        "self": "Autoevaluación",
        "expected": "Expectativa de referencia",
        "peers": "Media de su categoría",
        "peers_hidden": "media de la categoría oculta (privacidad)",
        "status.fulfils": "cumple",
        "status.partial": "parcial",
        "status.gap": "brecha",
        "status.beyond_reference": "más allá de la referencia",
        "status.not_expected": "no esperado",
        "profile_alt": "Implicación autoevaluada de {name} en {n} roles frente a la expectativa de referencia{peers}.",
        "profile_alt_peers": " y la media de su categoría",
        "round_title": "Contribuyentes por rol, ronda anterior → esta ronda",
        "before": "Ronda anterior",
        "after": "Esta ronda",
        "status.improved": "mejorado",
        "status.worsened": "empeorado",
        "status.unchanged": "sin cambios",
        "round_alt": "Contribuyentes por rol antes y después en {n} roles: {improved} mejorados, {worsened} empeorados.",
    },
}


class _Texts:
    """Chart chrome in one language, with per-key overrides from ``labels``."""

    def __init__(self, lang: str, labels: Mapping[str, str]) -> None:
        self._table = _TEXTS.get(lang, _TEXTS["en"])
        self._labels = labels

    def __call__(self, key: str, **values: object) -> str:
        text = self._labels.get("chart." + key) or self._table.get(key) or _TEXTS["en"][key]
        return text.format(**values) if values else text


# --------------------------------------------------------------------------------------------
# Fonts and untrusted text


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
def _font_families() -> tuple[str, ...]:
    return tuple(font_manager.get_font(str(path)).family_name for path in font_files())


@functools.cache
def _covered_codepoints() -> frozenset[int]:
    covered: set[int] = set()
    for path in font_files():
        covered.update(font_manager.get_font(str(path)).get_charmap())
    return frozenset(covered)


class _Cleaner:
    """Turns untrusted table text into safe, drawable label text; remembers what it lost."""

    def __init__(self) -> None:
        self.missing: set[str] = set()

    def __call__(self, value: object, cells: int | None = _LABEL_CELLS) -> str:
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
        return _truncate(text, cells) if cells else text


def _cell_width(char: str) -> int:
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def _truncate(text: str, cells: int) -> str:
    """Cut ``text`` to ``cells`` character cells, ending in an ellipsis when cut."""
    if sum(_cell_width(c) for c in text) <= cells:
        return text
    used, kept = 0, []
    for char in text:
        used += _cell_width(char)
        if used > cells - 1:
            break
        kept.append(char)
    return "".join(kept).rstrip() + "…"


def _wrap(text: str, width: int, lines: int = 2) -> str:
    """Break ``text`` on spaces into at most ``lines`` lines of about ``width`` cells."""
    words, rows, current = text.split(" "), [], ""
    for word in words:
        candidate = f"{current} {word}".strip()
        if current and sum(_cell_width(c) for c in candidate) > width:
            rows.append(current)
            current = word
        else:
            current = candidate
    rows.append(current)
    if len(rows) > lines:
        rows = [*rows[: lines - 1], _truncate(" ".join(rows[lines - 1 :]), width)]
    return "\n".join(rows)


# --------------------------------------------------------------------------------------------
# Building and rendering


@dataclass
class _Drawn:
    figure: Figure
    alt: str
    missing: frozenset[str]


@contextmanager
def _style() -> Iterator[None]:
    font_files()  # registers the CJK fallback before the families are looked up
    rc: dict[RcKeyType, Any] = {
        "font.family": list(_font_families()),
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


def _new_figure(height_pt: float, width_pt: float = _PAGE_WIDTH) -> Figure:
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


def _render(builder: Callable[..., _Drawn], /, *args: Any, **kwargs: Any) -> Chart:
    with _style():
        drawn = builder(*args, **kwargs)
        png = _to_png(drawn.figure)
    width, height = drawn.figure.get_size_inches()
    return Chart(
        png=png,
        width_pt=round(float(width) * 72, 2),
        height_pt=round(float(height) * 72, 2),
        alt=drawn.alt,
        missing_glyphs=drawn.missing,
    )


def figure(chart_function: Callable[..., Chart], /, *args: Any, **kwargs: Any) -> Figure:
    """The matplotlib ``Figure`` that ``chart_function(*args, **kwargs)`` would render.

    Built under the charts' style but not rendered: for tests and inspection (its texts,
    patches and sizes), e.g. ``figure(role_heatmap, frame, labels)``.
    """
    with _style():
        return _BUILDERS[chart_function](*args, **kwargs).figure


def _require(frame: DataFrame, table: str, columns: Sequence[str]) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise SscError(
            f"chart of table '{table}': missing column(s) {', '.join(missing)}; "
            f"the table has {', '.join(map(str, frame.columns)) or 'no columns'}"
        )


def _is_empty(frame: DataFrame | None) -> bool:
    return frame is None or len(frame) == 0


def _no_data(
    title: str,
    texts: _Texts,
    clean: _Cleaner,
    note: str | None = None,
    *,
    width_pt: float = _PAGE_WIDTH,
) -> _Drawn:
    fig = _new_figure(150, width_pt)
    ax = fig.add_subplot()
    ax.set_title(title)
    ax.set_axis_off()
    _note(ax, 0.5, 0.5, note or texts("no_data"), ha="center", va="center", fontsize=10)
    ax.add_patch(
        Rectangle((0, 0), 1, 1, transform=ax.transAxes, fill=False, edgecolor=_GREY, ls=":")
    )
    return _Drawn(fig, texts("no_data_alt", title=title), frozenset(clean.missing))


def _note(ax: Axes, x: float, y: float, text: str, **kwargs: Any) -> Text:
    """A text inside the axes limits: left out of layout, which then has far less to measure."""
    artist = ax.text(x, y, text, **kwargs)
    artist.set_in_layout(False)
    return artist


def _number(value: object) -> float:
    """A float from a table cell; NaN for None, NaN and anything not numeric."""
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return math.nan
    return number


def _fmt(value: float, texts: _Texts, digits: int = 0) -> str:
    if math.isnan(value):
        return texts("na")
    return f"{value:.{digits}f}"


def _label_for(
    key: object,
    labels: Mapping[str, str],
    fallback: object,
    clean: _Cleaner,
    cells: int = _LABEL_CELLS,
) -> str:
    text = labels.get(str(key))
    if not text:
        text = fallback if isinstance(fallback, str) and fallback else str(key)
    return clean(text, cells)


def _row_height(
    n: int, per_row: float, fixed: float, max_height: float | None = None, min_row: float = 0
) -> float:
    """Figure height for ``n`` rows: rows shrink (down to ``min_row``) to fit ``max_height``."""
    rows = max(n, 1)
    if max_height is not None and fixed + per_row * rows > max_height:
        per_row = max(min_row, (max_height - fixed) / rows)
    return fixed + per_row * rows


# --------------------------------------------------------------------------------------------
# Participation


def _participation(
    participation: DataFrame,
    labels: Mapping[str, str],
    *,
    lang: str = "en",
    max_height_pt: float | None = None,
) -> _Drawn:
    texts, clean = _Texts(lang, labels), _Cleaner()
    title = texts("participation_title")
    if _is_empty(participation):
        return _no_data(title, texts, clean)
    _require(participation, "participation", ("category", "invited", "submitted", "has_voice"))
    frame = participation.reset_index(drop=True)
    names = [
        _label_for(row["category"], labels, row.get("category_name"), clean)
        for _, row in frame.iterrows()
    ]
    invited = [_number(v) for v in frame["invited"]]
    submitted = [_number(v) for v in frame["submitted"]]
    voice = [bool(v) if v == v and v is not None else False for v in frame["has_voice"]]
    n = len(frame)
    fig = _new_figure(_row_height(n, 22, 80, max_height_pt, 14))
    ax = fig.add_subplot()
    y = np.arange(n)
    h = 0.38
    inv = np.nan_to_num(np.array(invited, dtype=float))
    sub = np.nan_to_num(np.array(submitted, dtype=float))
    ax.barh(y - h / 2, inv, h, color=_SKY, label=texts("invited"))
    ax.barh(y + h / 2, sub, h, color=_BLUE, label=texts("submitted"))
    top = max(float(np.nanmax(inv)) if n else 0.0, float(np.nanmax(sub)) if n else 0.0, 1.0)
    for i in range(n):
        _note(
            ax,
            inv[i] + top * 0.01,
            y[i] - h / 2,
            _fmt(invited[i], texts),
            va="center",
            fontsize=6.5,
        )
        suffix = "" if voice[i] else f"  ({texts('no_voice')})"
        _note(
            ax,
            sub[i] + top * 0.01,
            y[i] + h / 2,
            _fmt(submitted[i], texts) + suffix,
            va="center",
            fontsize=6.5,
            fontweight="normal" if voice[i] else "bold",
            color="black" if voice[i] else _VERMILLION,
        )
    ax.set_yticks(y, names)
    for tick, has in zip(ax.get_yticklabels(), voice, strict=True):
        if not has:
            tick.set_fontweight("bold")
    ax.set_ylim(n - 0.5, -0.5)
    ax.set_xlim(0, top * 1.25)
    ax.set_xlabel(texts("organisations"))
    ax.xaxis.get_major_locator().set_params(integer=True)  # type: ignore[call-arg]
    ax.set_title(title)
    ax.legend(loc="lower right")
    alt = texts("participation_alt", n=n, novoice=sum(not v for v in voice))
    return _Drawn(fig, alt, frozenset(clean.missing))


def participation_chart(
    participation: DataFrame,
    labels: Mapping[str, str],
    *,
    lang: str = "en",
    max_height_pt: float | None = None,
) -> Chart:
    """Invited vs submitted organisations per category (``participation`` table).

    Categories with no voice are marked in bold with the words "no voice" next to the bar.
    """
    return _render(_participation, participation, labels, lang=lang, max_height_pt=max_height_pt)


# --------------------------------------------------------------------------------------------
# Organisations × roles heat map


def _ordered(values: Sequence[object]) -> list[object]:
    return list(dict.fromkeys(values))


def _text_colour(cmap: Colormap, norm: Normalize, value: float) -> str:
    r, g, b, _ = cmap(norm(value))
    return "black" if 0.299 * r + 0.587 * g + 0.114 * b > 0.5 else "white"


@functools.cache
def _digit_path(digit: str) -> Path_:
    """The outline of ``digit`` in DejaVu Sans, centred on (0, 0), for use as a marker."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextPath

    path = TextPath((0, 0), digit, size=10, prop=FontProperties(fname=str(font_files()[0])))
    (x0, y0), (x1, y1) = path.get_extents().get_points()
    return path.transformed(Affine2D().translate(-(x0 + x1) / 2, -(y0 + y1) / 2))


def _grid(
    frame: DataFrame,
    key: str,
    value: str,
    row_name: Callable[[dict[str, Any]], str],
    col_name: Callable[[dict[str, Any]], str],
) -> tuple[np.ndarray, dict[tuple[int, int], str], dict[int, str], dict[int, str]]:
    """Rows (by ``key``) × roles of ``value``, the expectation level per cell, and labels."""
    rows = _ordered(list(frame[key]))
    cols = _ordered(list(frame["role"]))
    row_index = {r: i for i, r in enumerate(rows)}
    col_index = {c: j for j, c in enumerate(cols)}
    values = np.full((len(rows), len(cols)), np.nan)
    levels: dict[tuple[int, int], str] = {}
    row_names: dict[int, str] = {}
    col_names: dict[int, str] = {}
    for record in frame.to_dict("records"):
        i, j = row_index[record[key]], col_index[record["role"]]
        values[i, j] = _number(record[value])
        levels[i, j] = str(record["expected_level"])
        if i not in row_names:
            row_names[i] = row_name(record)
        if j not in col_names:
            col_names[j] = col_name(record)
    return values, levels, row_names, col_names


def _heatmap(
    organisation_roles: DataFrame,
    labels: Mapping[str, str],
    *,
    lang: str = "en",
    width_pt: float = _PAGE_WIDTH,
    max_height_pt: float | None = None,
) -> _Drawn:
    texts, clean = _Texts(lang, labels), _Cleaner()
    title = texts("heatmap_title")
    if _is_empty(organisation_roles):
        return _no_data(title, texts, clean, width_pt=width_pt)
    _require(
        organisation_roles,
        "organisation_roles",
        ("organisation", "role", "expected_level", "self_involvement"),
    )
    frame = organisation_roles.reset_index(drop=True)
    key = "response_id" if "response_id" in frame.columns else "organisation"
    values, levels, row_names, col_names = _grid(
        frame, key, "self_involvement", lambda r: clean(r["organisation"], 30),
        lambda r: _label_for(r["role"], labels, r.get("role_name"), clean),
    )  # fmt: skip
    alt = texts("heatmap_alt", rows=len(row_names), cols=len(col_names))
    return _draw_heatmap(
        values, levels, row_names, col_names, title, alt, texts, clean, width_pt, max_height_pt
    )


def _category_heatmap(
    category_roles: DataFrame,
    labels: Mapping[str, str],
    *,
    lang: str = "en",
    width_pt: float = _PAGE_WIDTH,
    max_height_pt: float | None = None,
) -> _Drawn:
    texts, clean = _Texts(lang, labels), _Cleaner()
    title = texts("category_heatmap_title")
    if _is_empty(category_roles):
        return _no_data(title, texts, clean, width_pt=width_pt)
    _require(
        category_roles,
        "category_roles",
        ("category", "role", "expected_level", "organisations", "mean_involvement"),
    )
    frame = category_roles[category_roles["organisations"] > 0].reset_index(drop=True)
    if frame.empty:
        return _no_data(title, texts, clean, width_pt=width_pt)

    def row_name(record: dict[str, Any]) -> str:
        name = _label_for(record["category"], labels, None, clean, cells=_LABEL_CELLS - 7)
        return f"{name} (n={_number(record['organisations']):.0f})"

    values, levels, row_names, col_names = _grid(
        frame, "category", "mean_involvement", row_name,
        lambda r: _label_for(r["role"], labels, None, clean),
    )  # fmt: skip
    alt = texts("category_heatmap_alt", rows=len(row_names), cols=len(col_names))
    return _draw_heatmap(
        values,
        levels,
        row_names,
        col_names,
        title,
        alt,
        texts,
        clean,
        width_pt,
        max_height_pt,
        means=True,
    )


def _draw_heatmap(
    values: np.ndarray[Any, Any],
    levels: Mapping[tuple[int, int], str],
    row_names: Mapping[int, str],
    col_names: Mapping[int, str],
    title: str,
    alt: str,
    texts: _Texts,
    clean: _Cleaner,
    width_pt: float,
    max_height_pt: float | None,
    means: bool = False,
) -> _Drawn:
    """Rows × roles on the involvement scale, every value printed, expectations outlined.

    Ratings (whole numbers) are drawn as digit markers; ``means`` are printed with one
    decimal as text, all of them, so that 2.0 and 2.5 look alike.
    """
    from matplotlib.collections import PatchCollection

    n_rows, n_cols = values.shape
    header = 70 + 3.7 * max(sum(_cell_width(c) for c in name) for name in col_names.values())
    row = 12.0
    if max_height_pt is not None and header + row * n_rows > max_height_pt:
        row = max(8.5, (max_height_pt - header) / n_rows)
    fig = _new_figure(header + row * n_rows, width_pt)
    ax = fig.add_subplot()
    cmap = matplotlib.colormaps[INVOLVEMENT_CMAP].with_extremes(bad="#E6E6E6")
    norm = Normalize(0, 4)
    ax.imshow(
        np.ma.masked_invalid(values), cmap=cmap, norm=norm, aspect="auto", interpolation="nearest"
    )
    # Hundreds of ratings: each digit is drawn as a marker (one artist per digit and colour),
    # which costs a fraction of one Text per cell and looks the same.
    digit_size = min(4.4, row * 0.5)
    for value in () if means else range(5):
        for colour in ("black", "white"):
            where = np.argwhere(values == value)
            where = where[[_text_colour(cmap, norm, value) == colour for _ in where]]
            if len(where):
                ax.plot(
                    where[:, 1],
                    where[:, 0],
                    linestyle="none",
                    marker=_digit_path(str(value)),
                    markersize=digit_size,
                    markeredgewidth=0,
                    color=colour,
                    gid=f"rating {value}",
                )
    for i, j in np.argwhere(np.isnan(values)):
        _note(ax, j, i, texts("na"), ha="center", va="center", fontsize=min(5.5, row * 0.5))
    for i, j in np.argwhere(~np.isnan(values) & (means | ~np.isin(values, range(5)))):
        _note(
            ax,
            j,
            i,
            f"{values[i, j]:.1f}",
            ha="center",
            va="center",
            fontsize=min(5.5, row * 0.5),
            color=_text_colour(cmap, norm, values[i, j]),
        )
    for level, inset, width, style in (
        ("primary", 0.09, 1.5, "-"),
        ("supporting", 0.14, 0.8, (0, (2, 1.2))),
    ):
        cells = [c for c, v in levels.items() if v == level]
        outlines = [
            Rectangle((j - 0.5 + inset, i - 0.5 + inset), 1 - 2 * inset, 1 - 2 * inset)
            for i, j in cells
        ]
        ax.add_collection(
            PatchCollection(
                outlines,
                facecolor="none",
                edgecolor=_VERMILLION,
                linewidth=width,
                linestyle=style,
                gid=level,
            )
        )
    ax.set_xticks(range(n_cols), [col_names[j] for j in range(n_cols)], rotation=90, fontsize=6.5)
    ax.set_yticks(range(n_rows), [row_names[i] for i in range(n_rows)], fontsize=6.5)
    ax.xaxis.tick_top()
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_title(title)
    handles = [
        Patch(facecolor=cmap(norm(v)), edgecolor="#444444", linewidth=0.3, label=str(v))
        for v in range(5)
    ]
    handles += [
        Patch(facecolor="none", edgecolor=_VERMILLION, linewidth=1.5, label=texts("primary")),
        Patch(
            facecolor="none",
            edgecolor=_VERMILLION,
            linewidth=0.8,
            linestyle=(0, (2, 1.2)),
            label=texts("supporting"),
        ),
    ]
    fig.legend(
        handles=handles,
        loc="outside lower center",
        ncols=len(handles),
        fontsize=6.5,
        title=texts("involvement"),
        title_fontsize=6.5,
        handlelength=1.4,
        columnspacing=1.2,
    )
    return _Drawn(fig, alt, frozenset(clean.missing))


def role_heatmap(
    organisation_roles: DataFrame,
    labels: Mapping[str, str],
    *,
    lang: str = "en",
    width_pt: float = _PAGE_WIDTH,
    max_height_pt: float | None = None,
) -> Chart:
    """Organisations (rows, in the given order) × roles: self-rated involvement 0–4.

    Each cell prints its rating on the cividis scale; the reference expectation is outlined
    (thick solid line: primary, thin dashed line: supporting). Rows are 12 pt high, so 40
    organisations take about 600 pt: slice to at most 40 per chart. ``width_pt`` widens the
    chart (a landscape page); ``max_height_pt`` squeezes the rows (down to 8.5 pt) to fit.
    """
    return _render(
        _heatmap,
        organisation_roles,
        labels,
        lang=lang,
        width_pt=width_pt,
        max_height_pt=max_height_pt,
    )


def category_heatmap(
    category_roles: DataFrame,
    labels: Mapping[str, str],
    *,
    lang: str = "en",
    width_pt: float = _PAGE_WIDTH,
    max_height_pt: float | None = None,
) -> Chart:
    """Categories (rows, in the given order) × roles: the mean self-rated involvement.

    The privacy-safe heat map for anonymous reports (``category_roles``): categories nobody
    answered for are left out, each row says how many organisations it averages, each cell
    prints its mean (one decimal) and outlines the reference expectation as in
    :func:`role_heatmap`.
    """
    return _render(
        _category_heatmap,
        category_roles,
        labels,
        lang=lang,
        width_pt=width_pt,
        max_height_pt=max_height_pt,
    )


# --------------------------------------------------------------------------------------------
# Role coverage


def _coverage(
    role_coverage: DataFrame,
    labels: Mapping[str, str],
    *,
    lang: str = "en",
    max_height_pt: float | None = None,
) -> _Drawn:
    texts, clean = _Texts(lang, labels), _Cleaner()
    title = texts("coverage_title")
    if _is_empty(role_coverage):
        return _no_data(title, texts, clean)
    _require(role_coverage, "role_coverage", ("role", "contributors", "leaders", "status"))
    frame = role_coverage.reset_index(drop=True)
    n = len(frame)
    names = [
        _label_for(r["role"], labels, r.get("role_name"), clean) for r in frame.to_dict("records")
    ]
    contributors = [_number(v) for v in frame["contributors"]]
    leaders = [_number(v) for v in frame["leaders"]]
    statuses = [str(v) for v in frame["status"]]
    from sscassess.analysis.definitions import flagged

    owner_missing = (
        [flagged(v) for v in frame["owner_missing"]]
        if "owner_missing" in frame.columns
        else [False] * n
    )
    fig = _new_figure(_row_height(n, 17, 95, max_height_pt, 11))
    ax = fig.add_subplot()
    y = np.arange(n)
    h = 0.4
    con = np.nan_to_num(np.array(contributors, dtype=float))
    lea = np.nan_to_num(np.array(leaders, dtype=float))
    ax.barh(y - h / 2, con, h, color=_BLUE, label=texts("contributors"))
    ax.barh(
        y + h / 2,
        lea,
        h,
        color=_ORANGE,
        label=texts("leaders"),
        hatch="////",
        edgecolor="white",
        linewidth=0,
    )
    top = max(float(con.max()), float(lea.max()), 1.0)
    for i in range(n):
        _note(
            ax,
            con[i] + top * 0.01,
            y[i] - h / 2,
            _fmt(contributors[i], texts),
            va="center",
            fontsize=6,
        )
        _note(
            ax, lea[i] + top * 0.01, y[i] + h / 2, _fmt(leaders[i], texts), va="center", fontsize=6
        )
    ax.set_yticks(y, names)
    ax.set_ylim(n - 0.5, -0.5)
    ax.set_xlim(0, top * 1.12)
    ax.xaxis.get_major_locator().set_params(integer=True)  # type: ignore[call-arg]
    ax.set_xlabel(texts("organisations"))
    ax.set_title(title)
    status_ax = ax.secondary_yaxis("right")
    status_words = []
    for status, missing in zip(statuses, owner_missing, strict=True):
        key = "status." + status
        word = texts(key) if key in _TEXTS["en"] else clean(status)
        status_words.append(word + (f" · {texts('owner_missing')}" if missing else ""))
    status_ax.set_yticks(y, status_words)
    status_ax.tick_params(length=0, labelsize=6.5)
    status_ax.spines["right"].set_visible(False)
    for tick, status in zip(status_ax.get_yticklabels(), statuses, strict=True):
        if status in ("uncovered", "no_lead", "contested"):
            tick.set_fontweight("bold")
        if status == "uncovered":
            tick.set_color(_VERMILLION)
    fig.legend(handles=ax.get_legend_handles_labels()[0], loc="outside lower center", ncols=2)
    alt = texts(
        "coverage_alt",
        n=n,
        uncovered=statuses.count("uncovered"),
        no_lead=statuses.count("no_lead"),
        contested=statuses.count("contested"),
    )
    return _Drawn(fig, alt, frozenset(clean.missing))


def coverage_chart(
    role_coverage: DataFrame,
    labels: Mapping[str, str],
    *,
    lang: str = "en",
    max_height_pt: float | None = None,
) -> Chart:
    """Contributors and leaders per role (``role_coverage``), with each role's status.

    The status (uncovered / no lead / contested / covered, plus "expected owner missing")
    is written at the right of each row; problem statuses are in bold.
    """
    return _render(_coverage, role_coverage, labels, lang=lang, max_height_pt=max_height_pt)


# --------------------------------------------------------------------------------------------
# Category radar


def _radar(
    category_roles: DataFrame,
    category: str,
    labels: Mapping[str, str],
    title: str,
    *,
    lang: str = "en",
    height_pt: float = 450.0,
    max_height_pt: float | None = None,
) -> _Drawn:
    texts, clean = _Texts(lang, labels), _Cleaner()
    heading = clean(title, 80)
    if _is_empty(category_roles):
        return _no_data(heading, texts, clean)
    _require(
        category_roles,
        "category_roles",
        ("category", "role", "expected_involvement", "mean_involvement"),
    )
    frame = category_roles[category_roles["category"] == category].reset_index(drop=True)
    if frame.empty:
        return _no_data(heading, texts, clean)
    records = frame.to_dict("records")
    n = len(records)
    names = [_wrap(_label_for(r["role"], labels, None, clean), 15, 3) for r in records]
    expected = np.array([_number(r["expected_involvement"]) for r in records])
    mean = np.array([_number(r["mean_involvement"]) for r in records])
    organisations = _number(records[0].get("organisations"))
    if max_height_pt is not None:
        height_pt = min(height_pt, max_height_pt)
    fig = _new_figure(max(300.0, height_pt))
    ax = cast("PolarAxes", fig.add_subplot(projection="polar"))
    angles = np.linspace(0, 2 * math.pi, n, endpoint=False)
    closed = np.append(angles, angles[:1])
    ax.set_theta_offset(math.pi / 2)
    ax.set_theta_direction(-1)
    ax.plot(
        closed,
        np.append(expected, expected[:1]),
        color=_BLUE,
        linestyle="--",
        linewidth=1.2,
        marker="s",
        markersize=3,
        label=texts("radar_expected"),
    )
    if np.isnan(mean).all():
        _note(ax, 0.5, 0.5, texts("radar_none"), transform=ax.transAxes, ha="center", va="center")
    else:
        ax.plot(
            closed,
            np.append(mean, mean[:1]),
            color=_VERMILLION,
            linewidth=1.5,
            marker="o",
            markersize=3.5,
            label=texts("radar_self"),
        )
        ax.fill(closed, np.nan_to_num(np.append(mean, mean[:1])), color=_VERMILLION, alpha=0.12)
    ax.set_ylim(0, 4)
    ax.set_yticks(range(5), [str(v) for v in range(5)], fontsize=6, color="#444444")
    ax.set_rlabel_position(360 / n / 2 if n else 0)
    ax.set_xticks(angles, [""] * n)
    for index, (name, angle) in enumerate(zip(names, angles, strict=True)):
        # Each label is anchored on the side facing the circle; near the top and the bottom,
        # where neighbours sit at almost the same height, every other one steps further out.
        x, y = math.sin(angle), math.cos(angle)
        step = 0.55 if abs(y) > 0.9 and index % 2 == 1 and n > 12 else 0.0
        ax.text(
            angle,
            4.3 + step,
            name,
            fontsize=6,
            ha="left" if x > 0.15 else "right" if x < -0.15 else "center",
            va="bottom" if y > 0.3 else "top" if y < -0.3 else "center",
            clip_on=False,
        )
    ax.grid(color="#BBBBBB", linewidth=0.5)
    ax.spines["polar"].set_color("#BBBBBB")
    fig.suptitle(heading, x=0.02, ha="left", fontsize=9, fontweight="bold")
    handles, legend_labels = ax.get_legend_handles_labels()
    if not math.isnan(organisations):
        handles.append(Line2D([], [], linestyle="none"))
        legend_labels.append(texts("radar_subtitle", n=f"{organisations:.0f}"))
    fig.legend(handles, legend_labels, loc="outside lower center", ncols=len(handles))
    alt = texts("radar_alt", n=n, category=heading)
    return _Drawn(fig, alt, frozenset(clean.missing))


def category_radar(
    category_roles: DataFrame,
    category: str,
    labels: Mapping[str, str],
    title: str,
    *,
    lang: str = "en",
    height_pt: float = 450.0,
    max_height_pt: float | None = None,
) -> Chart:
    """One category (``category_roles`` rows of ``category``): mean self vs expected involvement.

    A radar over the roles in the given order, on the 0–4 scale: the reference expectation
    dashed with squares, the category's mean self-rating solid with dots. ``height_pt``
    (at least 300, default 450, capped by ``max_height_pt``) sets the height; the labels
    stay 6 pt.
    """
    return _render(
        _radar,
        category_roles,
        category,
        labels,
        title,
        lang=lang,
        height_pt=height_pt,
        max_height_pt=max_height_pt,
    )


# --------------------------------------------------------------------------------------------
# Role fit


def _role_fit(
    role_fit: DataFrame,
    *,
    labels: Mapping[str, str] | None = None,
    lang: str = "en",
    max_height_pt: float | None = None,
) -> _Drawn:
    labels = labels or {}
    texts, clean = _Texts(lang, labels), _Cleaner()
    title = texts("role_fit_title")
    if _is_empty(role_fit):
        return _no_data(title, texts, clean)
    _require(role_fit, "role_fit", ("organisation", "role_fit"))
    records = role_fit.reset_index(drop=True).to_dict("records")
    n = len(records)
    names = [clean(r["organisation"], 30) for r in records]
    values = np.array([_number(r["role_fit"]) for r in records])
    fig = _new_figure(_row_height(n, 12, 85, max_height_pt, 9))
    ax = fig.add_subplot()
    y = np.arange(n)
    ax.barh(y, np.nan_to_num(values), 0.7, color=_BLUE)
    for i, value in enumerate(values):
        _note(
            ax,
            (0 if math.isnan(value) else value) + 0.01,
            i,
            _fmt(value, texts, 2),
            va="center",
            fontsize=6.5,
            bbox=_BEHIND,  # the mean line passes behind the numbers, never through them
        )
    ax.set_yticks(y, names, fontsize=6.5)
    ax.set_ylim(n - 0.5, -0.5 - (0.9 if n > 1 else 0.6))
    ax.set_xlim(0, 1.1)
    ax.set_xticks(np.linspace(0, 1, 6))
    ax.set_xlabel(texts("role_fit_axis"))
    ax.set_title(title)
    if not np.isnan(values).all():
        mean = float(np.nanmean(values))
        ax.axvline(mean, color="black", linestyle=":", linewidth=1)
        _note(
            ax,
            mean,
            -0.5 - 0.1,
            texts("mean", value=f"{mean:.2f}"),
            ha="center",
            va="bottom",
            fontsize=6.5,
            bbox=_BEHIND,
        )
        mean_text = f"{mean:.2f}"
    else:
        mean_text = texts("na")
    alt = texts("role_fit_alt", n=n, mean=mean_text)
    return _Drawn(fig, alt, frozenset(clean.missing))


def role_fit_chart(
    role_fit: DataFrame,
    *,
    labels: Mapping[str, str] | None = None,
    lang: str = "en",
    max_height_pt: float | None = None,
) -> Chart:
    """Role fit (0–1) per organisation (``role_fit`` rows, in the given order), value labelled.

    Horizontal bars with the value printed, and the mean as a dotted line. The height grows
    with the rows (12 pt each plus 85 pt, or down to 9 pt each within ``max_height_pt``): the
    caller slices long tables, e.g. 40 organisations per chart (565 pt); 200 organisations
    still render, as one tall image.
    """
    return _render(_role_fit, role_fit, labels=labels, lang=lang, max_height_pt=max_height_pt)


# --------------------------------------------------------------------------------------------
# Aims, challenges, potential, constraints


_AIM_STATUSES = ("unpursued", "pursued", "common_ground")


def _items(
    item_frequencies: DataFrame,
    kind: str,
    labels: Mapping[str, str],
    title: str,
    *,
    lang: str = "en",
    max_height_pt: float | None = None,
) -> _Drawn:
    texts, clean = _Texts(lang, labels), _Cleaner()
    heading = clean(title, 80)
    if _is_empty(item_frequencies):
        return _no_data(heading, texts, clean)
    _require(item_frequencies, "item_frequencies", ("kind", "item", "share"))
    frame = item_frequencies[item_frequencies["kind"] == kind].reset_index(drop=True)
    if frame.empty:
        return _no_data(heading, texts, clean)
    records = frame.to_dict("records")
    n = len(records)
    names = [_label_for(r["item"], labels, r.get("item_name"), clean) for r in records]
    shares = np.array([_number(r["share"]) for r in records])
    counts = [_number(r.get("selected_by")) for r in records]
    statuses = [str(r.get("status", "")) for r in records]
    fig = _new_figure(_row_height(n, 15, 80, max_height_pt, 10))
    ax = fig.add_subplot()
    y = np.arange(n)
    ax.barh(y, np.nan_to_num(shares) * 100, 0.65, color=_GREEN)
    for i, (share, count) in enumerate(zip(shares, counts, strict=True)):
        text = texts("na") if math.isnan(share) else f"{share * 100:.0f} %"
        if not math.isnan(count):
            text += f" ({count:.0f})"
        _note(ax, (0 if math.isnan(share) else share * 100) + 1, i, text, va="center", fontsize=6.5)
    ax.set_yticks(y, names)
    ax.set_ylim(n - 0.5, -0.5)
    ax.set_xlim(0, 118)
    ax.set_xticks(range(0, 101, 20), [f"{v} %" for v in range(0, 101, 20)])
    ax.set_xlabel(texts("share_axis"))
    ax.set_title(heading)
    if any(s in _AIM_STATUSES for s in statuses):
        status_ax = ax.secondary_yaxis("right")
        status_ax.set_yticks(
            y, [texts("status." + s) if s in _AIM_STATUSES else "" for s in statuses]
        )
        status_ax.tick_params(length=0, labelsize=6.5)
        status_ax.spines["right"].set_visible(False)
        for tick, status in zip(status_ax.get_yticklabels(), statuses, strict=True):
            if status == "common_ground":
                tick.set_fontweight("bold")
            elif status == "unpursued":
                tick.set_color(_VERMILLION)
    alt = texts("item_alt", n=n, title=heading)
    return _Drawn(fig, alt, frozenset(clean.missing))


def item_chart(
    item_frequencies: DataFrame,
    kind: str,
    labels: Mapping[str, str],
    title: str,
    *,
    lang: str = "en",
    max_height_pt: float | None = None,
) -> Chart:
    """The share of organisations selecting each item of one ``kind`` (``item_frequencies``).

    Items in the given order; each bar is labelled "share % (count)"; for aims the status
    (unpursued, pursued, common ground) is written at the right.
    """
    return _render(
        _items, item_frequencies, kind, labels, title, lang=lang, max_height_pt=max_height_pt
    )


# --------------------------------------------------------------------------------------------
# Collaboration matrix


def _collaboration(
    collaboration: DataFrame,
    categories: Sequence[str],
    labels: Mapping[str, str],
    *,
    lang: str = "en",
    max_height_pt: float | None = None,
) -> _Drawn:
    from matplotlib.colors import LinearSegmentedColormap

    texts, clean = _Texts(lang, labels), _Cleaner()
    title = texts("collaboration_title")
    if _is_empty(collaboration):
        return _no_data(title, texts, clean)
    _require(
        collaboration,
        "collaboration",
        ("from_category", "to_category", "links_now", "needs", "status"),
    )
    records = collaboration.to_dict("records")
    order = _ordered(
        [str(c) for c in categories]
        + [str(r[k]) for r in records for k in ("from_category", "to_category")]
    )
    index = {c: i for i, c in enumerate(order)}
    n = len(order)
    links = np.zeros((n, n))
    status: dict[tuple[int, int], str] = {}
    for r in records:
        i, j = index[str(r["from_category"])], index[str(r["to_category"])]
        links[i, j] = np.nan_to_num(_number(r["links_now"]))
        status[i, j] = str(r["status"])
    names = [_label_for(c, labels, None, clean) for c in order]
    # Roughly square cells: the plot is about as tall as it is wide, plus the column labels.
    label_cells = min(26, max(sum(_cell_width(c) for c in s) for s in names))
    height = min(_MAX_HEIGHT, 95 + 24 * n + 3.9 * label_cells)
    if max_height_pt is not None:
        height = max(min(height, max_height_pt), 95 + 14 * n + 3.9 * label_cells)
    fig = _new_figure(height)
    ax = fig.add_subplot()
    cmap = LinearSegmentedColormap.from_list("links", ["#FFFFFF", _SKY, _BLUE])
    norm = Normalize(0, max(float(links.max()), 1.0))
    ax.imshow(links, cmap=cmap, norm=norm, aspect="auto", interpolation="nearest")
    marks = {"need_met": "✓", "need_unmet": "✗", "need_no_voice": "?"}
    unmet = 0
    for i in range(n):
        for j in range(n):
            cell = status.get((i, j), "")
            parts = [f"{links[i, j]:.0f}"] if links[i, j] > 0 else []
            if cell in marks:
                parts.append(marks[cell])
            if parts:
                _note(
                    ax,
                    j,
                    i,
                    " ".join(parts),
                    ha="center",
                    va="center",
                    fontsize=6.5,
                    fontweight="bold" if cell == "need_unmet" else "normal",
                    color=_text_colour(cmap, norm, links[i, j]),
                )
            if cell == "need_unmet":
                unmet += 1
                ax.add_patch(
                    Rectangle(
                        (j - 0.42, i - 0.42),
                        0.84,
                        0.84,
                        fill=False,
                        edgecolor=_VERMILLION,
                        linewidth=1.6,
                    )
                )
            elif cell == "need_no_voice":
                ax.add_patch(
                    Rectangle(
                        (j - 0.42, i - 0.42),
                        0.84,
                        0.84,
                        fill=False,
                        edgecolor="black",
                        linewidth=0.8,
                        linestyle=":",
                    )
                )
    ax.set_xticks(range(n), [_truncate(s, 26) for s in names], rotation=90, fontsize=6.5)
    ax.set_yticks(range(n), names, fontsize=6.5)
    ax.set_xticks(np.arange(-0.5, n, 1), minor=True)
    ax.set_yticks(np.arange(-0.5, n, 1), minor=True)
    ax.grid(which="minor", color="#D0D0D0", linewidth=0.5)
    ax.tick_params(which="both", length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_ylabel(texts("from_category"))
    ax.set_xlabel(texts("to_category"))
    ax.set_title(title)
    fig.supxlabel(texts("collaboration_key"), fontsize=6.5)
    alt = texts("collaboration_alt", n=n, unmet=unmet)
    return _Drawn(fig, alt, frozenset(clean.missing))


def collaboration_chart(
    collaboration: DataFrame,
    categories: Sequence[str],
    labels: Mapping[str, str],
    *,
    lang: str = "en",
    max_height_pt: float | None = None,
) -> Chart:
    """Category × category matrix (``collaboration``): rows have or need a link to columns.

    Axes in the order of ``categories`` (categories found only in the table are appended).
    Each cell prints its current links; ✓ marks a need that is met, ✗ with a thick outline an
    unmet need, ? with a dotted outline a need towards a category that had no voice.
    """
    return _render(
        _collaboration, collaboration, categories, labels, lang=lang, max_height_pt=max_height_pt
    )


# --------------------------------------------------------------------------------------------
# One organisation's profile


def _profile(
    rows: DataFrame,
    peers: DataFrame | None,
    labels: Mapping[str, str],
    *,
    lang: str = "en",
    max_height_pt: float | None = None,
) -> _Drawn:
    texts, clean = _Texts(lang, labels), _Cleaner()
    if _is_empty(rows):
        return _no_data(texts("profile_title", name="…"), texts, clean)
    _require(
        rows,
        "organisation_roles",
        ("organisation", "role", "expected_level", "expected_involvement", "self_involvement"),
    )
    records = rows.reset_index(drop=True).to_dict("records")
    name = clean(records[0]["organisation"], 60)
    title = texts("profile_title", name=name)
    n = len(records)
    names = [_label_for(r["role"], labels, r.get("role_name"), clean) for r in records]
    own = np.array([_number(r["self_involvement"]) for r in records])
    expected = np.array(
        [
            _number(r["expected_involvement"])
            if str(r["expected_level"]) in ("primary", "supporting")
            else math.nan
            for r in records
        ]
    )
    peer_mean = np.full(n, math.nan)
    if peers is not None and not _is_empty(peers):
        _require(peers, "category_roles", ("role", "mean_involvement"))
        by_role = {str(p["role"]): _number(p["mean_involvement"]) for p in peers.to_dict("records")}
        peer_mean = np.array([by_role.get(str(r["role"]), math.nan) for r in records])
    fig = _new_figure(_row_height(n, 15, 100, max_height_pt, 10))
    ax = fig.add_subplot()
    y = np.arange(n)
    ax.barh(y, np.nan_to_num(own), 0.6, color=_SKY, label=texts("self"))
    for i, value in enumerate(own):
        _note(ax, 0.05, i, _fmt(value, texts), va="center", fontsize=6.5)
    ax.plot(
        expected,
        y,
        linestyle="none",
        marker="D",
        markersize=5,
        markerfacecolor="none",
        markeredgecolor="black",
        markeredgewidth=1.1,
        label=texts("expected"),
    )
    if peers is not None:
        ax.plot(
            peer_mean,
            y,
            linestyle="none",
            marker="|",
            markersize=10,
            markeredgewidth=2,
            color=_VERMILLION,
            label=texts("peers"),
        )
    ax.set_yticks(y, names)
    ax.set_ylim(n - 0.5, -0.5)
    ax.set_xlim(0, 4.3)
    ax.set_xticks(range(5))
    ax.set_xlabel(texts("involvement"))
    ax.set_title(title)
    if "status" in rows.columns:
        statuses = [str(r["status"]) for r in records]
        status_ax = ax.secondary_yaxis("right")
        status_ax.set_yticks(
            y,
            [texts("status." + s) if "status." + s in _TEXTS["en"] else clean(s) for s in statuses],
        )
        status_ax.tick_params(length=0, labelsize=6.5)
        status_ax.spines["right"].set_visible(False)
        for tick, status in zip(status_ax.get_yticklabels(), statuses, strict=True):
            if status in ("gap", "partial"):
                tick.set_fontweight("bold")
            if status == "gap":
                tick.set_color(_VERMILLION)
    handles, legend_labels = ax.get_legend_handles_labels()
    # The bars come last from matplotlib; the legend reads better in drawing order.
    handles, legend_labels = handles[-1:] + handles[:-1], legend_labels[-1:] + legend_labels[:-1]
    if peers is None:
        handles.append(Line2D([], [], linestyle="none"))
        legend_labels.append(texts("peers_hidden"))
    fig.legend(handles, legend_labels, loc="outside lower center", ncols=len(handles))
    alt = texts(
        "profile_alt", name=name, n=n, peers=texts("profile_alt_peers") if peers is not None else ""
    )
    return _Drawn(fig, alt, frozenset(clean.missing))


def organisation_profile_chart(
    rows: DataFrame,
    peers: DataFrame | None,
    labels: Mapping[str, str],
    *,
    lang: str = "en",
    max_height_pt: float | None = None,
) -> Chart:
    """One organisation: self-rating vs reference expectation vs its category's mean per role.

    ``rows`` are its ``organisation_roles`` rows; ``peers`` the ``category_roles`` rows of its
    category, or None when privacy forbids showing them (the legend then says so). Bars are
    its self-ratings (value printed), hollow diamonds the expectation, bars ``|`` the
    category mean; its status per role is written at the right.
    """
    return _render(_profile, rows, peers, labels, lang=lang, max_height_pt=max_height_pt)


# --------------------------------------------------------------------------------------------
# Round to round


def _round(
    round_changes_roles: DataFrame,
    labels: Mapping[str, str],
    *,
    lang: str = "en",
    max_height_pt: float | None = None,
) -> _Drawn:
    texts, clean = _Texts(lang, labels), _Cleaner()
    title = texts("round_title")
    if _is_empty(round_changes_roles):
        return _no_data(title, texts, clean)
    _require(
        round_changes_roles,
        "round_changes_roles",
        ("role", "contributors_before", "contributors_after"),
    )
    records = round_changes_roles.reset_index(drop=True).to_dict("records")
    n = len(records)
    names = [_label_for(r["role"], labels, r.get("role_name"), clean) for r in records]
    before = np.array([_number(r["contributors_before"]) for r in records])
    after = np.array([_number(r["contributors_after"]) for r in records])
    changes = [str(r.get("change", "")) for r in records]
    fig = _new_figure(_row_height(n, 15, 95, max_height_pt, 10))
    ax = fig.add_subplot()
    y = np.arange(n)
    for i in range(n):
        if not (math.isnan(before[i]) or math.isnan(after[i])) and before[i] != after[i]:
            ax.annotate(
                "",
                xy=(after[i], i),
                xytext=(before[i], i),
                arrowprops={
                    "arrowstyle": "->",
                    "color": _GREY,
                    "lw": 1,
                    "shrinkA": 3,
                    "shrinkB": 4,
                },
            )
    ax.plot(
        before,
        y,
        linestyle="none",
        marker="o",
        markersize=5,
        markerfacecolor="white",
        markeredgecolor=_GREY,
        markeredgewidth=1.2,
        label=texts("before"),
    )
    ax.plot(after, y, linestyle="none", marker="o", markersize=5, color=_BLUE, label=texts("after"))
    top = max(
        float(np.nanmax(np.append(before, after)))
        if not np.isnan(np.append(before, after)).all()
        else 0.0,
        1.0,
    )
    ax.set_xlim(-0.3, top + 0.7)
    ax.xaxis.get_major_locator().set_params(integer=True)  # type: ignore[call-arg]
    ax.set_yticks(y, names)
    ax.set_ylim(n - 0.5, -0.5)
    ax.grid(axis="y", color="#E0E0E0", linewidth=0.5)
    ax.set_xlabel(texts("contributors"))
    ax.set_title(title)

    # The change is the analysis's verdict on the role's status (a lead found, an overlap
    # resolved), not on the count alone: the right column shows both, and ▲/▼ the verdict.
    def word(status: object) -> str:
        key = f"status.{status}"
        return texts(key) if key in _TEXTS["en"] else clean(status, 14)

    status_ax = ax.secondary_yaxis("right")
    lines = []
    for b, a, change, record in zip(before, after, changes, records, strict=True):
        line = f"{_fmt(b, texts)} → {_fmt(a, texts)}"
        if "status_before" in record and "status_after" in record:
            line += f"   {word(record['status_before'])} → {word(record['status_after'])}"
        lines.append(line + {"improved": " ▲", "worsened": " ▼"}.get(change, ""))
    status_ax.set_yticks(y, lines)
    status_ax.tick_params(length=0, labelsize=6.5)
    status_ax.spines["right"].set_visible(False)
    for tick, change in zip(status_ax.get_yticklabels(), changes, strict=True):
        if change == "worsened":
            tick.set_fontweight("bold")
            tick.set_color(_VERMILLION)
        elif change == "improved":
            tick.set_fontweight("bold")
    handles, legend_labels = ax.get_legend_handles_labels()
    for symbol, change in (("▲", "improved"), ("▼", "worsened")):
        handles.append(Line2D([], [], linestyle="none"))
        legend_labels.append(f"{symbol} {texts('status.' + change)}")
    fig.legend(handles, legend_labels, loc="outside lower center", ncols=len(handles))
    alt = texts(
        "round_alt", n=n, improved=changes.count("improved"), worsened=changes.count("worsened")
    )
    return _Drawn(fig, alt, frozenset(clean.missing))


def round_chart(
    round_changes_roles: DataFrame,
    labels: Mapping[str, str],
    *,
    lang: str = "en",
    max_height_pt: float | None = None,
) -> Chart:
    """Contributors per role in the previous round and in this one (``round_changes_roles``).

    A hollow grey dot (before) and a filled dot (after) joined by an arrow. At the right:
    "before → after" contributors, the status before → after, and ▲ (improved) or ▼
    (worsened), the analysis's verdict on the status, explained in the legend.
    """
    return _render(_round, round_changes_roles, labels, lang=lang, max_height_pt=max_height_pt)


# --------------------------------------------------------------------------------------------
# Every chart of a city report, for the benchmark floor


def render_all_for_bench(
    tables: Mapping[str, DataFrame],
    labels: Mapping[str, str],
    *,
    lang: str = "en",
    heatmap_rows: int = 40,
    role_fit_rows: int = 40,
    organisations: bool = False,
    city: bool = True,
    options: Mapping[str, Mapping[str, Any]] | None = None,
) -> list[Chart]:
    """Render every chart a city report draws from ``tables`` (an ``Analysis.tables``).

    The participation chart, the heat map in slices of ``heatmap_rows`` organisations (the
    categories' heat map when the tables are anonymous), the coverage chart, one radar per category with responses, role fit in slices of
    ``role_fit_rows``, one item chart per kind, the collaboration matrix and, with round
    tables, the round chart. With ``organisations=True`` one profile chart per organisation
    follows (the organisation reports' charts); ``city=False`` leaves the city's out. ``options`` adds keyword arguments per chart
    function, e.g. ``{"role_heatmap": {"width_pt": 751, "max_height_pt": 425}}``, so a
    benchmark renders the charts exactly as its report does: the cost of the charts alone.
    """
    import pandas as pd

    empty = pd.DataFrame()
    extra = options or {}

    def table(name: str) -> DataFrame:
        return tables.get(name, empty)

    def kw(function: Callable[..., Chart]) -> dict[str, Any]:
        return {"lang": lang, **extra.get(function.__name__, {})}

    roles = table("organisation_roles")
    key = "response_id" if "response_id" in roles.columns else "organisation"
    ids = _ordered(list(roles[key])) if len(roles) else []
    category_roles = table("category_roles")
    charts = _city_charts(tables, labels, ids, key, heatmap_rows, role_fit_rows, kw) if city else []
    if organisations and ids:
        for identifier in ids:
            rows = roles[roles[key] == identifier]
            category = rows["category"].iloc[0] if "category" in rows.columns else None
            peers = (
                category_roles[category_roles["category"] == category]
                if len(category_roles)
                else None
            )
            charts.append(
                organisation_profile_chart(rows, peers, labels, **kw(organisation_profile_chart))
            )
    return charts


def _city_charts(
    tables: Mapping[str, DataFrame],
    labels: Mapping[str, str],
    ids: list[object],
    key: str,
    heatmap_rows: int,
    role_fit_rows: int,
    kw: Callable[[Callable[..., Chart]], dict[str, Any]],
) -> list[Chart]:
    import pandas as pd

    empty = pd.DataFrame()

    def table(name: str) -> DataFrame:
        return tables.get(name, empty)

    roles = table("organisation_roles")
    category_roles = table("category_roles")
    charts = [participation_chart(table("participation"), labels, **kw(participation_chart))]
    if not ids and len(category_roles):
        # anonymous: no organisation rows, the categories' heat map instead
        charts.append(category_heatmap(category_roles, labels, **kw(category_heatmap)))
    for start in range(0, len(ids) if ids else (0 if len(category_roles) else 1), heatmap_rows):
        part = roles[roles[key].isin(ids[start : start + heatmap_rows])] if ids else roles
        charts.append(role_heatmap(part, labels, **kw(role_heatmap)))
    charts.append(coverage_chart(table("role_coverage"), labels, **kw(coverage_chart)))
    categories = [str(c) for c in table("participation").get("category", [])]
    for category in _ordered(list(category_roles.get("category", []))):
        rows = category_roles[category_roles["category"] == category]
        if "organisations" in rows.columns and not (rows["organisations"] > 0).any():
            continue  # a report has no profile for a category nobody answered for
        name = labels.get(str(category), str(category))
        charts.append(
            category_radar(category_roles, str(category), labels, name, **kw(category_radar))
        )
    fit = table("role_fit")
    for start in range(0, max(len(fit), 1), role_fit_rows):
        part = fit.iloc[start : start + role_fit_rows]
        charts.append(role_fit_chart(part, labels=labels, **kw(role_fit_chart)))
    frequencies = table("item_frequencies")
    for kind in _ordered(list(frequencies.get("kind", []))):
        charts.append(item_chart(frequencies, str(kind), labels, str(kind), **kw(item_chart)))
    charts.append(
        collaboration_chart(table("collaboration"), categories, labels, **kw(collaboration_chart))
    )
    if "round_changes_roles" in tables:
        charts.append(round_chart(table("round_changes_roles"), labels, **kw(round_chart)))
    return charts


_BUILDERS: dict[Callable[..., Chart], Callable[..., _Drawn]] = {
    participation_chart: _participation,
    role_heatmap: _heatmap,
    category_heatmap: _category_heatmap,
    coverage_chart: _coverage,
    category_radar: _radar,
    role_fit_chart: _role_fit,
    item_chart: _items,
    collaboration_chart: _collaboration,
    organisation_profile_chart: _profile,
    round_chart: _round,
}
