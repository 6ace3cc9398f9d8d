"""Round to round: contributors per role in the previous round and in this one."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
from matplotlib.lines import Line2D

from sscassess.charts.drawing import (
    BLUE,
    GREY,
    Drawn,
    chart,
    fmt,
    label_for,
    new_figure,
    no_data,
    number,
    row_height,
    rows,
    status_column,
)
from sscassess.charts.fonts import Cleaner
from sscassess.charts.texts import TEXTS, Texts
from sscassess.core.vocabulary import Change

if TYPE_CHECKING:
    from collections.abc import Mapping

    from pandas import DataFrame


#: The mark of a change at the end of its row, in this order in the legend.
_SYMBOL: dict[str, str] = {Change.IMPROVED: "▲", Change.WORSENED: "▼"}


@chart
def round_chart(
    round_changes_roles: DataFrame,
    labels: Mapping[str, str],
    *,
    lang: str = "en",
    max_height_pt: float | None = None,
) -> Drawn:
    """Contributors per role in the previous round and in this one (``round_changes_roles``).

    A hollow grey dot (before) and a filled dot (after) joined by an arrow. At the right:
    "before → after" contributors, the status before → after, and ▲ (improved) or ▼
    (worsened), the analysis's verdict on the status, explained in the legend.
    """
    texts, clean = Texts(lang, labels), Cleaner()
    title = texts("round_title")
    records = rows(round_changes_roles, "round_changes_roles",
                   ("role", "contributors_before", "contributors_after"),
                   lambda: no_data(title, texts, clean)).to_dict("records")  # fmt: skip
    n = len(records)
    names = [label_for(r["role"], labels, r.get("role_name"), clean) for r in records]
    before = np.array([number(r["contributors_before"]) for r in records])
    after = np.array([number(r["contributors_after"]) for r in records])
    changes = [str(r.get("change", "")) for r in records]
    fig = new_figure(row_height(n, 15, 95, max_height_pt, 10))
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
                    "color": GREY,
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
        markeredgecolor=GREY,
        markeredgewidth=1.2,
        label=texts("before"),
    )
    ax.plot(after, y, linestyle="none", marker="o", markersize=5, color=BLUE, label=texts("after"))
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
        return texts(key) if key in TEXTS else clean(status, 14)

    lines = []
    for b, a, change, record in zip(before, after, changes, records, strict=True):
        line = f"{fmt(b, texts)} → {fmt(a, texts)}"
        if "status_before" in record and "status_after" in record:
            line += f"   {word(record['status_before'])} → {word(record['status_after'])}"
        lines.append(line + (f" {_SYMBOL[change]}" if change in _SYMBOL else ""))
    status_column(ax, y, lines, changes,
                  bold=(Change.WORSENED, Change.IMPROVED), red=(Change.WORSENED,))  # fmt: skip
    handles, legend_labels = ax.get_legend_handles_labels()
    for change, symbol in _SYMBOL.items():
        handles.append(Line2D([], [], linestyle="none"))
        legend_labels.append(f"{symbol} {texts('status.' + change)}")
    fig.legend(handles, legend_labels, loc="outside lower center", ncols=len(handles))
    alt = texts(
        "round_alt", n=n, improved=changes.count(Change.IMPROVED),
        worsened=changes.count(Change.WORSENED),
    )  # fmt: skip
    return Drawn(fig, alt, frozenset(clean.missing))
