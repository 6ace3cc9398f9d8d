"""Heat maps of involvement: organisations × roles, and categories × roles (anonymous).

Every cell prints its value on the cividis involvement scale and outlines the reference
expectation; rows keep the order they are given in.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

import matplotlib
import numpy as np
from matplotlib.colors import Normalize
from matplotlib.patches import Patch, Rectangle
from matplotlib.transforms import Affine2D

from sscassess.charts.drawing import (
    INVOLVEMENT_CMAP,
    PAGE_WIDTH,
    VERMILLION,
    Drawn,
    chart,
    label_for,
    new_figure,
    no_data,
    note_at,
    number,
    ordered,
    rows,
    text_colour,
)
from sscassess.charts.fonts import LABEL_CELLS, Cleaner, cell_width, font_files
from sscassess.charts.texts import Texts
from sscassess.core.vocabulary import Level

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from matplotlib.path import Path as Path_
    from pandas import DataFrame


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
    rows = ordered(list(frame[key]))
    cols = ordered(list(frame["role"]))
    row_index = {r: i for i, r in enumerate(rows)}
    col_index = {c: j for j, c in enumerate(cols)}
    values = np.full((len(rows), len(cols)), np.nan)
    levels: dict[tuple[int, int], str] = {}
    row_names: dict[int, str] = {}
    col_names: dict[int, str] = {}
    for record in frame.to_dict("records"):
        i, j = row_index[record[key]], col_index[record["role"]]
        values[i, j] = number(record[value])
        levels[i, j] = str(record["expected_level"])
        if i not in row_names:
            row_names[i] = row_name(record)
        if j not in col_names:
            col_names[j] = col_name(record)
    return values, levels, row_names, col_names


@chart
def role_heatmap(
    organisation_roles: DataFrame,
    labels: Mapping[str, str],
    *,
    lang: str = "en",
    width_pt: float = PAGE_WIDTH,
    max_height_pt: float | None = None,
) -> Drawn:
    """Organisations (rows, in the given order) × roles: self-rated involvement 0–4.

    Each cell prints its rating on the cividis scale; the reference expectation is outlined
    (thick solid line: primary, thin dashed line: supporting). Rows are 12 pt high, so 40
    organisations take about 600 pt: slice to at most 40 per chart. ``width_pt`` widens the
    chart (a landscape page); ``max_height_pt`` squeezes the rows (down to 8.5 pt) to fit.
    """
    texts, clean = Texts(lang, labels), Cleaner()
    title = texts("heatmap_title")
    frame = rows(organisation_roles, "organisation_roles",
                 ("organisation", "role", "expected_level", "self_involvement"),
                 lambda: no_data(title, texts, clean, width_pt=width_pt))  # fmt: skip
    key = "response_id" if "response_id" in frame.columns else "organisation"
    values, levels, row_names, col_names = _grid(
        frame, key, "self_involvement", lambda r: clean(r["organisation"], 30),
        lambda r: label_for(r["role"], labels, r.get("role_name"), clean),
    )  # fmt: skip
    alt = texts("heatmap_alt", rows=len(row_names), cols=len(col_names))
    return _draw_heatmap(
        values, levels, row_names, col_names, title, alt, texts, clean, width_pt, max_height_pt
    )


@chart
def category_heatmap(
    category_roles: DataFrame,
    labels: Mapping[str, str],
    *,
    lang: str = "en",
    width_pt: float = PAGE_WIDTH,
    max_height_pt: float | None = None,
) -> Drawn:
    """Categories (rows, in the given order) × roles: the mean self-rated involvement.

    The privacy-safe heat map for anonymous reports (``category_roles``): categories nobody
    answered for are left out, each row says how many organisations it averages, each cell
    prints its mean (one decimal) and outlines the reference expectation as in
    :func:`role_heatmap`.
    """
    texts, clean = Texts(lang, labels), Cleaner()
    title = texts("category_heatmap_title")
    frame = rows(category_roles, "category_roles",
                 ("category", "role", "expected_level", "organisations", "mean_involvement"),
                 lambda: no_data(title, texts, clean, width_pt=width_pt),
                 where=lambda f: f["organisations"] > 0)  # fmt: skip

    def row_name(record: dict[str, Any]) -> str:
        name = label_for(record["category"], labels, None, clean, cells=LABEL_CELLS - 7)
        return f"{name} (n={number(record['organisations']):.0f})"

    values, levels, row_names, col_names = _grid(
        frame, "category", "mean_involvement", row_name,
        lambda r: label_for(r["role"], labels, None, clean),
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
    texts: Texts,
    clean: Cleaner,
    width_pt: float,
    max_height_pt: float | None,
    means: bool = False,
) -> Drawn:
    """Rows × roles on the involvement scale, every value printed, expectations outlined.

    Ratings (whole numbers) are drawn as digit markers; ``means`` are printed with one
    decimal as text, all of them, so that 2.0 and 2.5 look alike.
    """
    from matplotlib.collections import PatchCollection

    n_rows, n_cols = values.shape
    header = 70 + 3.7 * max(sum(cell_width(c) for c in name) for name in col_names.values())
    row = 12.0
    if max_height_pt is not None and header + row * n_rows > max_height_pt:
        row = max(8.5, (max_height_pt - header) / n_rows)
    fig = new_figure(header + row * n_rows, width_pt)
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
            where = where[[text_colour(cmap, norm, value) == colour for _ in where]]
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
        note_at(ax, j, i, texts("na"), ha="center", va="center", fontsize=min(5.5, row * 0.5))
    for i, j in np.argwhere(~np.isnan(values) & (means | ~np.isin(values, range(5)))):
        note_at(
            ax,
            j,
            i,
            texts.number(float(values[i, j]), 1),
            ha="center",
            va="center",
            fontsize=min(5.5, row * 0.5),
            color=text_colour(cmap, norm, values[i, j]),
        )
    for level, inset, width, style in (
        (Level.PRIMARY, 0.09, 1.5, "-"),
        (Level.SUPPORTING, 0.14, 0.8, (0, (2, 1.2))),
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
                edgecolor=VERMILLION,
                linewidth=width,
                linestyle=style,
                gid=str(level),
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
        Patch(facecolor="none", edgecolor=VERMILLION, linewidth=1.5, label=texts(Level.PRIMARY)),
        Patch(
            facecolor="none",
            edgecolor=VERMILLION,
            linewidth=0.8,
            linestyle=(0, (2, 1.2)),
            label=texts(Level.SUPPORTING),
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
    return Drawn(fig, alt, frozenset(clean.missing))
