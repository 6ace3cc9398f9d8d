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
    Chart,
    Drawn,
    fmt,
    is_empty,
    label_for,
    new_figure,
    no_data,
    note_at,
    number,
    render,
    require,
    row_height,
)
from sscassess.charts.fonts import Cleaner
from sscassess.charts.texts import TEXTS, Texts
from sscassess.core.vocabulary import NEEDS_DECISION, Coverage

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from pandas import DataFrame


# --------------------------------------------------------------------------------------------
# Participation


def _participation(
    participation: DataFrame,
    labels: Mapping[str, str],
    *,
    lang: str = "en",
    max_height_pt: float | None = None,
) -> Drawn:
    texts, clean = Texts(lang, labels), Cleaner()
    title = texts("participation_title")
    if is_empty(participation):
        return no_data(title, texts, clean)
    require(participation, "participation", ("category", "invited", "submitted", "has_voice"))
    frame = participation.reset_index(drop=True)
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
    return render(_participation, participation, labels, lang=lang, max_height_pt=max_height_pt)


# --------------------------------------------------------------------------------------------
# Role coverage


def _coverage(
    role_coverage: DataFrame,
    labels: Mapping[str, str],
    *,
    lang: str = "en",
    max_height_pt: float | None = None,
) -> Drawn:
    texts, clean = Texts(lang, labels), Cleaner()
    title = texts("coverage_title")
    if is_empty(role_coverage):
        return no_data(title, texts, clean)
    require(role_coverage, "role_coverage", ("role", "contributors", "leaders", "status"))
    frame = role_coverage.reset_index(drop=True)
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
    status_ax = ax.secondary_yaxis("right")
    status_words = []
    for status, missing in zip(statuses, owner_missing, strict=True):
        key = "status." + status
        word = texts(key) if key in TEXTS["en"] else clean(status)
        status_words.append(word + (f" · {texts('owner_missing')}" if missing else ""))
    status_ax.set_yticks(y, status_words)
    status_ax.tick_params(length=0, labelsize=6.5)
    status_ax.spines["right"].set_visible(False)
    for tick, status in zip(status_ax.get_yticklabels(), statuses, strict=True):
        if status in NEEDS_DECISION:
            tick.set_fontweight("bold")
        if status == Coverage.UNCOVERED:
            tick.set_color(VERMILLION)
    fig.legend(handles=ax.get_legend_handles_labels()[0], loc="outside lower center", ncols=2)
    alt = texts(
        "coverage_alt",
        n=n,
        uncovered=statuses.count(Coverage.UNCOVERED),
        no_lead=statuses.count(Coverage.NO_LEAD),
        contested=statuses.count(Coverage.CONTESTED),
    )
    return Drawn(fig, alt, frozenset(clean.missing))


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
    return render(_coverage, role_coverage, labels, lang=lang, max_height_pt=max_height_pt)


# --------------------------------------------------------------------------------------------
# Role fit


def _role_fit(
    role_fit: DataFrame,
    *,
    labels: Mapping[str, str] | None = None,
    lang: str = "en",
    max_height_pt: float | None = None,
) -> Drawn:
    labels = labels or {}
    texts, clean = Texts(lang, labels), Cleaner()
    title = texts("role_fit_title")
    if is_empty(role_fit):
        return no_data(title, texts, clean)
    require(role_fit, "role_fit", ("organisation", "role_fit"))
    records = role_fit.reset_index(drop=True).to_dict("records")
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
    ax.set_xticks(np.linspace(0, 1, 6))
    ax.set_xlabel(texts("role_fit_axis"))
    ax.set_title(title)
    if not np.isnan(values).all():
        mean = float(np.nanmean(values))
        ax.axvline(mean, color="black", linestyle=":", linewidth=1)
        note_at(
            ax,
            mean,
            -0.5 - 0.1,
            texts("mean", value=f"{mean:.2f}"),
            ha="center",
            va="bottom",
            fontsize=6.5,
            bbox=BEHIND,
        )
        mean_text = f"{mean:.2f}"
    else:
        mean_text = texts("na")
    alt = texts("role_fit_alt", n=n, mean=mean_text)
    return Drawn(fig, alt, frozenset(clean.missing))


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
    return render(_role_fit, role_fit, labels=labels, lang=lang, max_height_pt=max_height_pt)


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
) -> Drawn:
    texts, clean = Texts(lang, labels), Cleaner()
    heading = clean(title, 80)
    if is_empty(item_frequencies):
        return no_data(heading, texts, clean)
    require(item_frequencies, "item_frequencies", ("kind", "item", "share"))
    frame = item_frequencies[item_frequencies["kind"] == kind].reset_index(drop=True)
    if frame.empty:
        return no_data(heading, texts, clean)
    records = frame.to_dict("records")
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
        text = texts("na") if math.isnan(share) else f"{share * 100:.0f} %"
        if not math.isnan(count):
            text += f" ({count:.0f})"
        note_at(
            ax, (0 if math.isnan(share) else share * 100) + 1, i, text, va="center", fontsize=6.5
        )
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
                tick.set_color(VERMILLION)
    alt = texts("item_alt", n=n, title=heading)
    return Drawn(fig, alt, frozenset(clean.missing))


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
    return render(
        _items, item_frequencies, kind, labels, title, lang=lang, max_height_pt=max_height_pt
    )


#: Every chart of this module with the function that builds its figure (for ``figure()``).
BUILDERS: dict[Callable[..., Chart], Callable[..., Drawn]] = {
    participation_chart: _participation,
    coverage_chart: _coverage,
    role_fit_chart: _role_fit,
    item_chart: _items,
}
