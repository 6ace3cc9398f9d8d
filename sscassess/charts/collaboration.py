"""The collaboration matrix: which categories have, or need, links to which."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
from matplotlib.colors import Normalize
from matplotlib.patches import Rectangle

from sscassess.charts.drawing import (
    BLUE,
    MAX_HEIGHT,
    SKY,
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
from sscassess.charts.fonts import Cleaner, cell_width, truncate
from sscassess.charts.texts import Texts
from sscassess.core.vocabulary import Link

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from pandas import DataFrame


@chart
def collaboration_chart(
    collaboration: DataFrame,
    categories: Sequence[str],
    labels: Mapping[str, str],
    *,
    lang: str = "en",
    max_height_pt: float | None = None,
) -> Drawn:
    """Category × category matrix (``collaboration``): rows have or need a link to columns.

    Axes in the order of ``categories`` (categories found only in the table are appended).
    Each cell prints its current links; ✓ marks a need that is met, ✗ with a thick outline an
    unmet need, ? with a dotted outline a need towards a category that had no voice.
    """
    from matplotlib.colors import LinearSegmentedColormap

    texts, clean = Texts(lang, labels), Cleaner()
    title = texts("collaboration_title")
    records = rows(collaboration, "collaboration",
                   ("from_category", "to_category", "links_now", "needs", "status"),
                   lambda: no_data(title, texts, clean)).to_dict("records")  # fmt: skip
    order = ordered(
        [str(c) for c in categories]
        + [str(r[k]) for r in records for k in ("from_category", "to_category")]
    )
    index = {c: i for i, c in enumerate(order)}
    n = len(order)
    links = np.zeros((n, n))
    status: dict[tuple[int, int], str] = {}
    for r in records:
        i, j = index[str(r["from_category"])], index[str(r["to_category"])]
        links[i, j] = np.nan_to_num(number(r["links_now"]))
        status[i, j] = str(r["status"])
    names = [label_for(c, labels, None, clean) for c in order]
    # Roughly square cells: the plot is about as tall as it is wide, plus the column labels.
    label_cells = min(26, max(sum(cell_width(c) for c in s) for s in names))
    height = min(MAX_HEIGHT, 95 + 24 * n + 3.9 * label_cells)
    if max_height_pt is not None:
        height = max(min(height, max_height_pt), 95 + 14 * n + 3.9 * label_cells)
    fig = new_figure(height)
    ax = fig.add_subplot()
    cmap = LinearSegmentedColormap.from_list("links", ["#FFFFFF", SKY, BLUE])
    norm = Normalize(0, max(float(links.max()), 1.0))
    ax.imshow(links, cmap=cmap, norm=norm, aspect="auto", interpolation="nearest")
    marks: dict[str, str] = {Link.NEED_MET: "✓", Link.NEED_UNMET: "✗", Link.NEED_NO_VOICE: "?"}
    #: How a cell of an unmet need is outlined (the one towards a silent category dotted).
    outlines: dict[str, dict[str, Any]] = {
        Link.NEED_UNMET: {"edgecolor": VERMILLION, "linewidth": 1.6},
        Link.NEED_NO_VOICE: {"edgecolor": "black", "linewidth": 0.8, "linestyle": ":"},
    }
    unmet = 0
    for i in range(n):
        for j in range(n):
            cell = status.get((i, j), "")
            parts = [f"{links[i, j]:.0f}"] if links[i, j] > 0 else []
            if cell in marks:
                parts.append(marks[cell])
            if parts:
                note_at(
                    ax,
                    j,
                    i,
                    " ".join(parts),
                    ha="center",
                    va="center",
                    fontsize=6.5,
                    fontweight="bold" if cell == Link.NEED_UNMET else "normal",
                    color=text_colour(cmap, norm, links[i, j]),
                )
            unmet += cell == Link.NEED_UNMET
            if cell in outlines:
                ax.add_patch(
                    Rectangle((j - 0.42, i - 0.42), 0.84, 0.84, fill=False, **outlines[cell])
                )
    ax.set_xticks(range(n), [truncate(s, 26) for s in names], rotation=90, fontsize=6.5)
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
    return Drawn(fig, alt, frozenset(clean.missing))
