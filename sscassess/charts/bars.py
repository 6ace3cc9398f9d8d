"""Horizontal bar charts: participation, role coverage, role fit and item shares.

Each bar is labelled with its value; statuses (no voice, uncovered, common ground …) are
written in words next to the bars, never left to colour alone.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from sscassess.charts.drawing import (
    BEHIND,
    BLUE,
    GREEN,
    ORANGE,
    SKY,
    VERMILLION,
    Drawn,
    chart,
    fmt,
    label_for,
    new_figure,
    no_data,
    note_at,
    number,
    row_height,
    rows,
    status_column,
)
from sscassess.charts.fonts import Cleaner
from sscassess.charts.texts import TEXTS, Texts
from sscassess.core.vocabulary import AIM_STATUSES, NEEDS_DECISION, Coverage, ItemStatus

if TYPE_CHECKING:
    from collections.abc import Mapping

    from pandas import DataFrame


# --------------------------------------------------------------------------------------------
# Participation


@chart
def participation_chart(
    participation: DataFrame,
    labels: Mapping[str, str],
    *,
    lang: str = "en",
    max_height_pt: float | None = None,
) -> Drawn:
    """Invited vs submitted organisations per category (``participation`` table).

    Categories with no voice are marked in bold with the words "no voice" next to the bar.
    """
    texts, clean = Texts(lang, labels), Cleaner()
    title = texts("participation_title")
    frame = rows(participation, "participation", ("category", "invited", "submitted", "has_voice"),
                 lambda: no_data(title, texts, clean))  # fmt: skip
    names = [
        label_for(row["category"], labels, row.get("category_name"), clean)
        for _, row in frame.iterrows()
    ]
    invited = [number(v) for v in frame["invited"]]
    submitted = [number(v) for v in frame["submitted"]]
    voice = [bool(v) if v == v and v is not None else False for v in frame["has_voice"]]
    n = len(frame)
    fig = new_figure(row_height(n, 22, 80, max_height_pt, 14))
    ax = fig.add_subplot()
    y = np.arange(n)
    h = 0.38
    inv = np.nan_to_num(np.array(invited, dtype=float))
    sub = np.nan_to_num(np.array(submitted, dtype=float))
    ax.barh(y - h / 2, inv, h, color=SKY, label=texts("invited"))
    ax.barh(y + h / 2, sub, h, color=BLUE, label=texts("submitted"))
    top = max(float(np.nanmax(inv)) if n else 0.0, float(np.nanmax(sub)) if n else 0.0, 1.0)
    for i in range(n):
        note_at(
            ax,
            inv[i] + top * 0.01,
            y[i] - h / 2,
            fmt(invited[i], texts),
            va="center",
            fontsize=6.5,
        )
        suffix = "" if voice[i] else f"  ({texts('no_voice')})"
        note_at(
            ax,
            sub[i] + top * 0.01,
            y[i] + h / 2,
            fmt(submitted[i], texts) + suffix,
            va="center",
            fontsize=6.5,
            fontweight="normal" if voice[i] else "bold",
            color="black" if voice[i] else VERMILLION,
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
    return Drawn(fig, alt, frozenset(clean.missing))


# --------------------------------------------------------------------------------------------
# Role coverage


@chart
def coverage_chart(
    role_coverage: DataFrame,
    labels: Mapping[str, str],
    *,
    lang: str = "en",
    max_height_pt: float | None = None,
) -> Drawn:
    """Contributors and leaders per role (``role_coverage``), with each role's status.

    The status (uncovered / no lead / contested / covered, plus "expected owner missing")
    is written at the right of each row; problem statuses are in bold.
    """
    texts, clean = Texts(lang, labels), Cleaner()
    title = texts("coverage_title")
    frame = rows(role_coverage, "role_coverage", ("role", "contributors", "leaders", "status"),
                 lambda: no_data(title, texts, clean))  # fmt: skip
    n = len(frame)
    names = [
        label_for(r["role"], labels, r.get("role_name"), clean) for r in frame.to_dict("records")
    ]
    contributors = [number(v) for v in frame["contributors"]]
    leaders = [number(v) for v in frame["leaders"]]
    statuses = [str(v) for v in frame["status"]]
    from sscassess.analysis.definitions import flagged

    owner_missing = (
        [flagged(v) for v in frame["owner_missing"]]
        if "owner_missing" in frame.columns
        else [False] * n
    )
    fig = new_figure(row_height(n, 17, 95, max_height_pt, 11))
    ax = fig.add_subplot()
    y = np.arange(n)
    h = 0.4
    con = np.nan_to_num(np.array(contributors, dtype=float))
    lea = np.nan_to_num(np.array(leaders, dtype=float))
    ax.barh(y - h / 2, con, h, color=BLUE, label=texts("contributors"))
    ax.barh(
        y + h / 2,
        lea,
        h,
        color=ORANGE,
        label=texts("leaders"),
        hatch="////",
        edgecolor="white",
        linewidth=0,
    )
    top = max(float(con.max()), float(lea.max()), 1.0)
    for i in range(n):
        note_at(
            ax,
            con[i] + top * 0.01,
            y[i] - h / 2,
            fmt(contributors[i], texts),
            va="center",
            fontsize=6,
        )
        note_at(
            ax, lea[i] + top * 0.01, y[i] + h / 2, fmt(leaders[i], texts), va="center", fontsize=6
        )
    ax.set_yticks(y, names)
    ax.set_ylim(n - 0.5, -0.5)
    ax.set_xlim(0, top * 1.12)
    ax.xaxis.get_major_locator().set_params(integer=True)  # type: ignore[call-arg]
    ax.set_xlabel(texts("organisations"))
    ax.set_title(title)
    status_words = []
    for status, missing in zip(statuses, owner_missing, strict=True):
        key = "status." + status
        word = texts(key) if key in TEXTS else clean(status)
        status_words.append(word + (f" · {texts('owner_missing')}" if missing else ""))
    status_column(ax, y, status_words, statuses, bold=NEEDS_DECISION, red=(Coverage.UNCOVERED,))
    fig.legend(handles=ax.get_legend_handles_labels()[0], loc="outside lower center", ncols=2)
    alt = texts(
        "coverage_alt",
        n=n,
        uncovered=statuses.count(Coverage.UNCOVERED),
        no_lead=statuses.count(Coverage.NO_LEAD),
        contested=statuses.count(Coverage.CONTESTED),
    )
    return Drawn(fig, alt, frozenset(clean.missing))


# --------------------------------------------------------------------------------------------
# Role fit


@chart
def role_fit_chart(
    role_fit: DataFrame,
    *,
    labels: Mapping[str, str] | None = None,
    lang: str = "en",
    max_height_pt: float | None = None,
) -> Drawn:
    """Role fit (0–1) per organisation (``role_fit`` rows, in the given order), value labelled.

    Horizontal bars with the value printed, and the mean as a dotted line. The height grows
    with the rows (12 pt each plus 85 pt, or down to 9 pt each within ``max_height_pt``): the
    caller slices long tables, e.g. 40 organisations per chart (565 pt); 200 organisations
    still render, as one tall image.
    """
    labels = labels or {}
    texts, clean = Texts(lang, labels), Cleaner()
    title = texts("role_fit_title")
    records = rows(role_fit, "role_fit", ("organisation", "role_fit"),
                   lambda: no_data(title, texts, clean)).to_dict("records")  # fmt: skip
    n = len(records)
    names = [clean(r["organisation"], 30) for r in records]
    values = np.array([number(r["role_fit"]) for r in records])
    fig = new_figure(row_height(n, 12, 85, max_height_pt, 9))
    ax = fig.add_subplot()
    y = np.arange(n)
    ax.barh(y, np.nan_to_num(values), 0.7, color=BLUE)
    for i, value in enumerate(values):
        note_at(
            ax,
            (0 if math.isnan(value) else value) + 0.01,
            i,
            fmt(value, texts, 2),
            va="center",
            fontsize=6.5,
            bbox=BEHIND,  # the mean line passes behind the numbers, never through them
        )
    ax.set_yticks(y, names, fontsize=6.5)
    ax.set_ylim(n - 0.5, -0.5 - (0.9 if n > 1 else 0.6))
    ax.set_xlim(0, 1.1)
    ticks = np.linspace(0, 1, 6)
    ax.set_xticks(ticks, [texts.number(float(v), 1) for v in ticks])
    ax.set_xlabel(texts("role_fit_axis"))
    ax.set_title(title)
    if not np.isnan(values).all():
        mean = float(np.nanmean(values))
        ax.axvline(mean, color="black", linestyle=":", linewidth=1)
        note_at(
            ax,
            mean,
            -0.5 - 0.1,
            texts("mean", value=texts.number(mean, 2)),
            ha="center",
            va="bottom",
            fontsize=6.5,
            bbox=BEHIND,
        )
        mean_text = texts.number(mean, 2)
    else:
        mean_text = texts("na")
    alt = texts("role_fit_alt", n=n, mean=mean_text)
    return Drawn(fig, alt, frozenset(clean.missing))


# --------------------------------------------------------------------------------------------
# Aims, challenges, potential, constraints


@chart
def item_chart(
    item_frequencies: DataFrame,
    kind: str,
    labels: Mapping[str, str],
    title: str,
    *,
    lang: str = "en",
    max_height_pt: float | None = None,
) -> Drawn:
    """The share of organisations selecting each item of one ``kind`` (``item_frequencies``).

    Items in the given order; each bar is labelled "share % (count)"; for aims the status
    (unpursued, pursued, common ground) is written at the right.
    """
    texts, clean = Texts(lang, labels), Cleaner()
    heading = clean(title, 80)
    records = rows(item_frequencies, "item_frequencies", ("kind", "item", "share"),
                   lambda: no_data(heading, texts, clean),
                   where=lambda f: f["kind"] == kind).to_dict("records")  # fmt: skip
    n = len(records)
    names = [label_for(r["item"], labels, r.get("item_name"), clean) for r in records]
    shares = np.array([number(r["share"]) for r in records])
    counts = [number(r.get("selected_by")) for r in records]
    statuses = [str(r.get("status", "")) for r in records]
    fig = new_figure(row_height(n, 15, 80, max_height_pt, 10))
    ax = fig.add_subplot()
    y = np.arange(n)
    ax.barh(y, np.nan_to_num(shares) * 100, 0.65, color=GREEN)
    for i, (share, count) in enumerate(zip(shares, counts, strict=True)):
        text = texts("na") if math.isnan(share) else texts.percent(share)
        if not math.isnan(count):
            text += f" ({count:.0f})"
        note_at(
            ax, (0 if math.isnan(share) else share * 100) + 1, i, text, va="center", fontsize=6.5
        )
    ax.set_yticks(y, names)
    ax.set_ylim(n - 0.5, -0.5)
    ax.set_xlim(0, 118)
    ax.set_xticks(range(0, 101, 20), [texts.percent(v / 100) for v in range(0, 101, 20)])
    ax.set_xlabel(texts("share_axis"))
    ax.set_title(heading)
    if any(s in AIM_STATUSES for s in statuses):
        words = [texts("status." + s) if s in AIM_STATUSES else "" for s in statuses]
        status_column(ax, y, words, statuses,
                      bold=(ItemStatus.COMMON_GROUND,), red=(ItemStatus.UNPURSUED,))  # fmt: skip
    alt = texts("item_alt", n=n, title=heading)
    return Drawn(fig, alt, frozenset(clean.missing))
