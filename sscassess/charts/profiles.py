"""Self-rating against the reference expectation: a category's radar, an organisation's profile."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, cast

import numpy as np
from matplotlib.lines import Line2D

from sscassess.charts.drawing import (
    BLUE,
    SKY,
    VERMILLION,
    Drawn,
    chart,
    fmt,
    is_empty,
    label_for,
    new_figure,
    no_data,
    note_at,
    number,
    require,
    row_height,
    status_column,
)
from sscassess.charts.drawing import rows as table_rows
from sscassess.charts.fonts import Cleaner, wrap
from sscassess.charts.texts import TEXTS, Texts
from sscassess.core.vocabulary import BELOW_REFERENCE, EXPECTED, RoleStatus

if TYPE_CHECKING:
    from collections.abc import Mapping

    from matplotlib.projections.polar import PolarAxes
    from pandas import DataFrame


# --------------------------------------------------------------------------------------------
# Category radar


@chart
def category_radar(
    category_roles: DataFrame,
    category: str,
    labels: Mapping[str, str],
    title: str,
    *,
    lang: str = "en",
    height_pt: float = 450.0,
    max_height_pt: float | None = None,
) -> Drawn:
    """One category (``category_roles`` rows of ``category``): mean self vs expected involvement.

    A radar over the roles in the given order, on the 0–4 scale: the reference expectation
    dashed with squares, the category's mean self-rating solid with dots. ``height_pt``
    (at least 300, default 450, capped by ``max_height_pt``) sets the height; the labels
    stay 6 pt.
    """
    texts, clean = Texts(lang, labels), Cleaner()
    heading = clean(title, 80)
    records = table_rows(category_roles, "category_roles",
                         ("category", "role", "expected_involvement", "mean_involvement"),
                         lambda: no_data(heading, texts, clean),
                         where=lambda f: f["category"] == category).to_dict("records")  # fmt: skip
    n = len(records)
    names = [wrap(label_for(r["role"], labels, None, clean), 15, 3) for r in records]
    expected = np.array([number(r["expected_involvement"]) for r in records])
    mean = np.array([number(r["mean_involvement"]) for r in records])
    organisations = number(records[0].get("organisations"))
    if max_height_pt is not None:
        height_pt = min(height_pt, max_height_pt)
    fig = new_figure(max(300.0, height_pt))
    ax = cast("PolarAxes", fig.add_subplot(projection="polar"))
    angles = np.linspace(0, 2 * math.pi, n, endpoint=False)
    closed = np.append(angles, angles[:1])
    ax.set_theta_offset(math.pi / 2)
    ax.set_theta_direction(-1)
    ax.plot(
        closed,
        np.append(expected, expected[:1]),
        color=BLUE,
        linestyle="--",
        linewidth=1.2,
        marker="s",
        markersize=3,
        label=texts("radar_expected"),
    )
    if np.isnan(mean).all():
        note_at(ax, 0.5, 0.5, texts("radar_none"), transform=ax.transAxes, ha="center", va="center")
    else:
        ax.plot(
            closed,
            np.append(mean, mean[:1]),
            color=VERMILLION,
            linewidth=1.5,
            marker="o",
            markersize=3.5,
            label=texts("radar_self"),
        )
        ax.fill(closed, np.nan_to_num(np.append(mean, mean[:1])), color=VERMILLION, alpha=0.12)
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
        legend_labels.append(texts("radar_subtitle", n=round(organisations)))
    fig.legend(handles, legend_labels, loc="outside lower center", ncols=len(handles))
    alt = texts("radar_alt", n=n, category=heading)
    return Drawn(fig, alt, frozenset(clean.missing))


# --------------------------------------------------------------------------------------------
# One organisation's profile


@chart
def organisation_profile_chart(
    rows: DataFrame,
    peers: DataFrame | None,
    labels: Mapping[str, str],
    *,
    lang: str = "en",
    max_height_pt: float | None = None,
) -> Drawn:
    """One organisation: self-rating vs reference expectation vs its category's mean per role.

    ``rows`` are its ``organisation_roles`` rows; ``peers`` the ``category_roles`` rows of its
    category, or None when privacy forbids showing them (the legend then says so). Bars are
    its self-ratings (value printed), hollow diamonds the expectation, bars ``|`` the
    category mean; its status per role is written at the right.
    """
    texts, clean = Texts(lang, labels), Cleaner()
    records = table_rows(
        rows, "organisation_roles",
        ("organisation", "role", "expected_level", "expected_involvement", "self_involvement"),
        lambda: no_data(texts("profile_title", name="…"), texts, clean),
    ).to_dict("records")  # fmt: skip
    name = clean(records[0]["organisation"], 60)
    title = texts("profile_title", name=name)
    n = len(records)
    names = [label_for(r["role"], labels, r.get("role_name"), clean) for r in records]
    own = np.array([number(r["self_involvement"]) for r in records])
    expected = np.array(
        [
            number(r["expected_involvement"]) if str(r["expected_level"]) in EXPECTED else math.nan
            for r in records
        ]
    )
    peer_mean = np.full(n, math.nan)
    if peers is not None and not is_empty(peers):
        require(peers, "category_roles", ("role", "mean_involvement"))
        by_role = {str(p["role"]): number(p["mean_involvement"]) for p in peers.to_dict("records")}
        peer_mean = np.array([by_role.get(str(r["role"]), math.nan) for r in records])
    fig = new_figure(row_height(n, 15, 100, max_height_pt, 10))
    ax = fig.add_subplot()
    y = np.arange(n)
    ax.barh(y, np.nan_to_num(own), 0.6, color=SKY, label=texts("self"))
    for i, value in enumerate(own):
        note_at(ax, 0.05, i, fmt(value, texts), va="center", fontsize=6.5)
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
            color=VERMILLION,
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
        words = [texts("status." + s) if "status." + s in TEXTS else clean(s) for s in statuses]
        status_column(ax, y, words, statuses, bold=BELOW_REFERENCE, red=(RoleStatus.GAP,))
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
    return Drawn(fig, alt, frozenset(clean.missing))
