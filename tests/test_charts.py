"""Charts of the PDF reports: each one builds, is a real 200 dpi PNG, and survives bad data.

Two kinds of input: small tables written by hand with the README's columns (so each test can
say exactly what must appear), and the tables of a real analysis of a small campaign made
with the shipped questionnaire and reference pack.
"""

from __future__ import annotations

import importlib.util
import math
import os
import re
import struct
import subprocess
import sys
import textwrap
import warnings
import zlib
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

# This file tests the chart stage itself, so the heavy imports belong at its top.
import pandas as pd  # noqa: TID253
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.figure import Figure  # noqa: TID253
from matplotlib.text import Text  # noqa: TID253

from sscassess.analysis.analyse import Analysis, analyse
from sscassess.campaign.store import StoredResponse
from sscassess.charts.bars import coverage_chart, item_chart, participation_chart, role_fit_chart
from sscassess.charts.collaboration import collaboration_chart
from sscassess.charts.drawing import Chart
from sscassess.charts.figure import figure
from sscassess.charts.fonts import font_files
from sscassess.charts.heatmap import category_heatmap, role_heatmap
from sscassess.charts.profiles import category_radar, organisation_profile_chart
from sscassess.charts.rounds import round_chart
from sscassess.charts.texts import TEXTS, Texts
from sscassess.core.errors import SscError
from sscassess.questionnaire.load import load_questionnaire

CJK_FONT = Path("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf")
#: The charts benchmark, whose set of charts (every chart of a city report) is tested here too.
BENCH_CHARTS = Path(__file__).resolve().parent.parent / "bench" / "charts.py"
ROLES = ("lead", "data", "plan")
LABELS = {
    "lead": "Leadership",
    "data": "Data provision",
    "plan": "Planning",
    "city": "City",
    "people": "Citizens",
    "biz": "Companies",
    "efficiency": "Efficiency",
    "inclusion": "Inclusion",
    "budget": "Budget",
}
LEVELS = {
    ("city", "lead"): "primary",
    ("city", "data"): "supporting",
    ("people", "data"): "primary",
}
EXPECTED = {"primary": 3, "supporting": 2, "none": 0}


# ------------------------------------------------------------------------ hand-made tables


def organisation_roles(orgs: list[tuple[str, str, str, tuple[float, ...]]]) -> pd.DataFrame:
    """Rows of ``organisation_roles`` for (response_id, name, category, ratings per role)."""
    rows = []
    for rid, name, category, ratings in orgs:
        for role, rating in zip(ROLES, ratings, strict=True):
            level = LEVELS.get((category, role), "none")
            expected = EXPECTED[level]
            gap = max(expected - rating, 0) if rating == rating else math.nan
            rows.append(
                {
                    "response_id": rid,
                    "organisation": name,
                    "category": category,
                    "role": role,
                    "role_name": LABELS[role],
                    "expected_level": level,
                    "expected_involvement": expected,
                    "self_involvement": rating,
                    "gap": gap,
                    "surplus": max(rating - expected, 0) if rating == rating else math.nan,
                    "status": "fulfils" if gap == 0 else "gap",
                }
            )
    return pd.DataFrame(rows)


ORGS = [
    ("o1", "Town Hall", "city", (4, 1, 3)),
    ("o2", "Residents' Forum", "people", (0, 3, 0)),
    ("o3", "Byte Ltd", "biz", (1, 4, 4)),
]


def participation() -> pd.DataFrame:
    return pd.DataFrame(
        [
            ("city", "City", 2, 1, 1, 0, 0, 0.5, True),
            ("people", "Citizens", 1, 1, 0, 1, 0, 1.0, True),
            ("biz", "Companies", 3, 0, 0, 0, 1, 0.0, False),
        ],
        columns=[
            "category", "category_name", "invited", "submitted", "verified", "unverified",
            "drafts", "response_rate", "has_voice",
        ],
    )  # fmt: skip


def role_fit(values: list[float]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "response_id": [f"o{i}" for i in range(len(values))],
            "organisation": [f"Organisation {i}" for i in range(len(values))],
            "category": ["city"] * len(values),
            "verified": [True] * len(values),
            "expected_roles": [2] * len(values),
            "expected_total": [5] * len(values),
            "gap_total": [0] * len(values),
            "role_fit": values,
            "fulfils": [1] * len(values),
            "partial": [0] * len(values),
            "gaps": [0] * len(values),
            "beyond_reference": [0] * len(values),
            "aims_reference": [1] * len(values),
            "aims_matched": [1] * len(values),
            "aims_recall": [1.0] * len(values),
        }
    )


def category_roles() -> pd.DataFrame:
    rows = []
    for category, means in (("city", (4.0, 1.0, 3.0)), ("biz", (math.nan, math.nan, math.nan))):
        for role, mean in zip(ROLES, means, strict=True):
            level = LEVELS.get((category, role), "none")
            rows.append(
                {
                    "category": category,
                    "role": role,
                    "expected_level": level,
                    "expected_involvement": EXPECTED[level],
                    "organisations": 0 if math.isnan(mean) else 1,
                    "mean_involvement": mean,
                    "max_involvement": mean,
                    "contributors": int(mean >= 3) if mean == mean else 0,
                    "leaders": int(mean == 4) if mean == mean else 0,
                }
            )
    return pd.DataFrame(rows)


def role_coverage() -> pd.DataFrame:
    rows = [
        ("lead", 1, 1, "covered", False),
        ("data", 2, 0, "no_lead", True),
        ("plan", 0, 0, "uncovered", True),
    ]
    return pd.DataFrame(
        [
            {
                "role": role,
                "role_name": LABELS[role],
                "contributors": c,
                "leaders": lead,
                "status": status,
                "owner_missing": missing,
                "expected_owners": ["city"],
                "primary_owners": ["city"],
                "contributor_categories": [],
                "contributor_organisations": [],
                "leader_organisations": [],
                "mean_involvement": 1.5,
            }
            for role, c, lead, status, missing in rows
        ]
    )


def item_frequencies() -> pd.DataFrame:
    return pd.DataFrame(
        [
            ("aim", "efficiency", "Efficiency", 2, 2 / 3, ["city"], "common_ground"),
            ("aim", "inclusion", "Inclusion", 0, 0.0, [], "unpursued"),
            ("challenge", "budget", "Budget", 1, 1 / 3, ["city"], "reported"),
        ],
        columns=["kind", "item", "item_name", "selected_by", "share", "categories", "status"],
    )


def collaboration() -> pd.DataFrame:
    return pd.DataFrame(
        [
            ("city", "people", 2, 0, "linked"),
            ("city", "biz", 0, 1, "need_unmet"),
            ("people", "city", 1, 1, "need_met"),
            ("people", "biz", 0, 1, "need_no_voice"),
        ],
        columns=["from_category", "to_category", "links_now", "needs", "status"],
    )


def round_changes_roles() -> pd.DataFrame:
    return pd.DataFrame(
        [
            ("lead", "Leadership", 0, 1, 0, 1, "uncovered", "covered", "improved"),
            ("data", "Data provision", 3, 2, 1, 0, "covered", "no_lead", "worsened"),
            ("plan", "Planning", 1, 1, 0, 0, "no_lead", "no_lead", "unchanged"),
        ],
        columns=[
            "role", "role_name", "contributors_before", "contributors_after", "leaders_before",
            "leaders_after", "status_before", "status_after", "change",
        ],
    )  # fmt: skip


def every_chart(
    roles: pd.DataFrame | None = None,
) -> dict[str, tuple[Callable[..., Chart], tuple[Any, ...]]]:
    """Each public chart function with arguments built from the hand-made tables."""
    roles = organisation_roles(ORGS) if roles is None else roles
    first = roles[roles["response_id"] == roles["response_id"].iloc[0]]
    peers = category_roles()
    return {
        "participation": (participation_chart, (participation(), LABELS)),
        "heatmap": (role_heatmap, (roles, LABELS)),
        "category_heatmap": (category_heatmap, (peers, LABELS)),
        "coverage": (coverage_chart, (role_coverage(), LABELS)),
        "radar": (category_radar, (peers, "city", LABELS, "City: self vs reference")),
        "role_fit": (role_fit_chart, (role_fit([0.5, 1.0, math.nan]),)),
        "aims": (item_chart, (item_frequencies(), "aim", LABELS, "Aims")),
        "collaboration": (
            collaboration_chart,
            (collaboration(), ["city", "people", "biz"], LABELS),
        ),
        "profile": (
            organisation_profile_chart,
            (first, peers[peers["category"] == "city"], LABELS),
        ),
        "profile_private": (organisation_profile_chart, (first, None, LABELS)),
        "round": (round_chart, (round_changes_roles(), LABELS)),
    }


# ------------------------------------------------------------------------------- helpers


def png_chunks(data: bytes) -> dict[bytes, bytes]:
    """The chunks of a PNG by type, checking the signature and every CRC."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks: dict[bytes, bytes] = {}
    pos = 8
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length : pos + 12 + length])
        assert zlib.crc32(kind + body) == crc, kind
        chunks[kind] = body
        pos += 12 + length
    assert kind == b"IEND"
    return chunks


def snap(points: float) -> float:
    """``points`` rounded down to whole pixels at 200 dpi, as the charts size themselves."""
    return round(math.floor(points / 72 * 200 + 1e-6) * 72 / 200, 2)


def texts_of(fig: Figure) -> list[Text]:
    return [t for t in fig.findobj(Text) if t.get_text()]


def strings_of(fig: Figure) -> list[str]:
    return [t.get_text() for t in texts_of(fig)]


# -------------------------------------------------------------------------------- tests


@pytest.mark.parametrize("name", list(every_chart()))
def test_every_chart_is_a_200_dpi_png_of_its_stated_size(name: str) -> None:
    function, args = every_chart()[name]
    chart = function(*args)
    chunks = png_chunks(chart.png)
    width_px, height_px = struct.unpack(">II", chunks[b"IHDR"][:8])
    assert (width_px, height_px) == (
        round(chart.width_pt / 72 * 200),
        round(chart.height_pt / 72 * 200),
    )
    x_ppm, y_ppm, unit = struct.unpack(">IIB", chunks[b"pHYs"])
    assert (x_ppm, y_ppm, unit) == (7874, 7874, 1)  # 200 dots per inch, in dots per metre
    assert chart.width_pt == 479.88  # 1333 pixels: as close to 480 pt as whole pixels get
    assert 100 < chart.height_pt <= 700
    assert chart.alt.endswith(".") and len(chart.alt) > 30
    assert chart.missing_glyphs == frozenset()


def test_png_decodes_to_an_image_with_ink() -> None:
    import io

    from matplotlib.image import imread

    chart = role_heatmap(organisation_roles(ORGS), LABELS)
    pixels = imread(io.BytesIO(chart.png), format="png")
    # RGB, no alpha channel: the PDF then needs no soft mask for it
    assert pixels.shape == (round(chart.height_pt / 72 * 200), 1333, 3)
    assert pixels[..., :3].min() < 0.2  # dark cells and text were drawn
    assert pixels[..., :3].max() == 1.0  # on a white page


def test_same_tables_give_the_same_png_bytes() -> None:
    first = coverage_chart(role_coverage(), LABELS).png
    assert coverage_chart(role_coverage(), LABELS).png == first
    assert set(png_chunks(first)) == {b"IHDR", b"pHYs", b"IDAT", b"IEND"}  # no text chunks


def ratings_of(ax: Any) -> dict[tuple[int, int], str]:
    """The heat map's printed ratings by (column, row): digit markers and "n/a" texts."""
    cells = {}
    for line in ax.get_lines():
        if (line.get_gid() or "").startswith("rating "):
            for x, y in zip(line.get_xdata(), line.get_ydata(), strict=True):
                cells[int(x), int(y)] = line.get_gid().removeprefix("rating ")
    for text in ax.texts:
        x, y = text.get_position()
        cells[int(x), int(y)] = text.get_text()
    return dict(sorted(cells.items(), key=lambda c: (c[0][1], c[0][0])))


def outlined(ax: Any, level: str) -> list[tuple[float, float]]:
    """Lower-left corners of the expectation outlines of ``level``, cell centres at integers."""
    (collection,) = [c for c in ax.collections if c.get_gid() == level]
    return [tuple(path.vertices.min(axis=0).round(2)) for path in collection.get_paths()]


def test_heatmap_prints_every_rating_and_outlines_the_expectation() -> None:
    fig = figure(role_heatmap, organisation_roles(ORGS), LABELS)
    ax = fig.axes[0]
    assert list(ratings_of(ax).values()) == ["4", "1", "3", "0", "3", "0", "1", "4", "4"]
    # Town Hall: lead primary, data supporting; Residents' Forum: data primary.
    assert outlined(ax, "primary") == [(-0.41, -0.41), (0.59, 0.59)]
    assert outlined(ax, "supporting") == [(0.64, -0.36)]
    primary, supporting = (c for c in ax.collections if c.get_gid() in ("primary", "supporting"))
    assert primary.get_linewidth()[0] == 1.5 and supporting.get_linewidth()[0] == 0.8
    assert primary.get_linestyle() == [(0, None)]
    assert supporting.get_linestyle()[0][1] is not None  # dashed
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "Town Hall",
        "Residents' Forum",
        "Byte Ltd",
    ]
    assert [t.get_text() for t in ax.get_xticklabels()] == [
        "Leadership",
        "Data provision",
        "Planning",
    ]


def test_category_heatmap_prints_means_of_the_categories_that_answered() -> None:
    fig = figure(category_heatmap, category_roles(), LABELS)
    ax = fig.axes[0]
    assert list(ratings_of(ax).values()) == ["4.0", "1.0", "3.0"]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["City (n=1)"]  # biz: nobody
    assert outlined(ax, "primary") == [(-0.41, -0.41)]
    assert outlined(ax, "supporting") == [(0.64, -0.36)]
    assert category_heatmap(category_roles(), LABELS).alt.startswith(
        "Heat map of the mean self-rated involvement (0–4) of 1 categories in 3 roles"
    )


def test_heatmap_keeps_the_given_row_order() -> None:
    frame = organisation_roles(list(reversed(ORGS)))
    fig = figure(role_heatmap, frame, LABELS)
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == [
        "Byte Ltd",
        "Residents' Forum",
        "Town Hall",
    ]


def test_nan_ratings_and_role_fit_are_drawn_as_na() -> None:
    frame = organisation_roles([("o1", "Town Hall", "city", (math.nan, 2, 3))])
    fig = figure(role_heatmap, frame, LABELS)
    assert list(ratings_of(fig.axes[0]).values()) == ["n/a", "2", "3"]
    fig = figure(role_fit_chart, role_fit([0.25, math.nan]))
    assert [t.get_text() for t in fig.axes[0].texts] == ["0.25", "n/a", "mean 0.25"]
    assert role_fit_chart(role_fit([math.nan])).alt.endswith("mean n/a.")


def test_participation_marks_the_categories_without_voice() -> None:
    fig = figure(participation_chart, participation(), LABELS)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.texts] == ["2", "1", "1", "1", "3", "0  (no voice)"]
    bold = [t.get_text() for t in ax.get_yticklabels() if t.get_fontweight() == "bold"]
    assert bold == ["Companies"]
    assert participation_chart(participation(), LABELS).alt == (
        "Invited and submitted organisations for 3 categories; 1 of them had no voice."
    )


def test_coverage_writes_each_status_at_the_right() -> None:
    fig = figure(coverage_chart, role_coverage(), LABELS)
    status_axis = fig.axes[0].child_axes[0]
    assert [t.get_text() for t in status_axis.get_yticklabels()] == [
        "covered",
        "no lead · expected owner missing",
        "uncovered · expected owner missing",
    ]
    assert [t.get_text() for t in fig.axes[0].texts] == ["1", "1", "2", "0", "0", "0"]
    assert coverage_chart(role_coverage(), LABELS).alt == (
        "Contributors and leaders for each of 3 roles: 1 uncovered, 1 without a lead, 0 contested."
    )


def test_collaboration_marks_needs_and_outlines_unmet_ones() -> None:
    fig = figure(collaboration_chart, collaboration(), ["city", "people", "biz"], LABELS)
    ax = fig.axes[0]
    assert sorted((t.get_position(), t.get_text()) for t in ax.texts) == [
        ((0, 1), "1 ✓"),  # people → city: one link, need met
        ((1, 0), "2"),  # city → people: two links
        ((2, 0), "✗"),  # city → biz: needed, no link
        ((2, 1), "?"),  # people → biz: needed, biz had no voice
    ]
    thick = [p for p in ax.patches if p.get_linewidth() == 1.6]
    assert [(p.get_x() + 0.42, p.get_y() + 0.42) for p in thick] == [pytest.approx((2, 0))]
    assert (
        "1 needed links are unmet"
        in collaboration_chart(collaboration(), ["city", "people", "biz"], LABELS).alt
    )


def test_collaboration_appends_categories_missing_from_the_axis_list() -> None:
    fig = figure(collaboration_chart, collaboration(), ["biz"], LABELS)
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == [
        "Companies",
        "City",
        "Citizens",
    ]


def test_item_chart_shows_share_count_and_aim_status() -> None:
    fig = figure(item_chart, item_frequencies(), "aim", LABELS, "Aims")
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.texts] == ["67% (2)", "0% (0)"]
    assert [t.get_text() for t in ax.child_axes[0].get_yticklabels()] == [
        "common ground",
        "unpursued",
    ]
    fig = figure(item_chart, item_frequencies(), "challenge", LABELS, "Challenges")
    assert [t.get_text() for t in fig.axes[0].texts] == ["33% (1)"]
    assert fig.axes[0].child_axes == []


def test_chart_numbers_are_written_the_languages_way() -> None:
    # A French reader sees "67 %" (a no-break space, as CLDR writes it) and "0,25".
    fig = figure(item_chart, item_frequencies(), "aim", LABELS, "Aims", lang="fr")
    assert [t.get_text() for t in fig.axes[0].texts] == ["67\u00a0% (2)", "0\u00a0% (0)"]
    assert fig.axes[0].get_xticklabels()[1].get_text() == "20\u00a0%"
    fig = figure(role_fit_chart, role_fit([0.25, math.nan]), lang="fr")
    assert [t.get_text() for t in fig.axes[0].texts] == ["0,25", "s.o.", "moyenne 0,25"]
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == [
        "0,0", "0,2", "0,4", "0,6", "0,8", "1,0"
    ]  # fmt: skip


def test_radar_draws_expected_and_mean_and_says_when_nobody_answered() -> None:
    fig = figure(category_radar, category_roles(), "city", LABELS, "City")
    lines = {line.get_label(): list(line.get_ydata()) for line in fig.axes[0].get_lines()}
    assert lines == {
        "Reference expectation": [3, 2, 0, 3],
        "Mean self-rating": [4.0, 1.0, 3.0, 4.0],
    }
    fig = figure(category_radar, category_roles(), "biz", LABELS, "Companies")
    assert "no responses in this category" in strings_of(fig)
    fig = figure(category_radar, category_roles(), "nobody", LABELS, "Nobody")
    assert "No data" in strings_of(fig)


def test_profile_shows_self_expectation_peers_and_status() -> None:
    rows = organisation_roles(ORGS[:1])
    peers = category_roles()
    fig = figure(organisation_profile_chart, rows, peers[peers["category"] == "city"], LABELS)
    ax = fig.axes[0]
    assert [b.get_width() for b in ax.patches] == [4, 1, 3]
    lines = {line.get_label(): list(line.get_xdata()) for line in ax.get_lines()}
    assert lines["Reference expectation"][:2] == [3, 2]
    assert math.isnan(lines["Reference expectation"][2])  # planning: no expectation
    assert lines["Mean of the others in its category"] == [4.0, 1.0, 3.0]
    assert fig.axes[0].get_title(loc="left") == "Profile: Town Hall"
    private = figure(organisation_profile_chart, rows, None, LABELS)
    assert "category mean not shown (privacy)" in strings_of(private)
    assert "Mean of the others in its category" not in strings_of(private)


def test_round_chart_writes_before_after_and_change() -> None:
    fig = figure(round_chart, round_changes_roles(), LABELS)
    assert [t.get_text() for t in fig.axes[0].child_axes[0].get_yticklabels()] == [
        "0 → 1   uncovered → covered ▲",
        "3 → 2   covered → no lead ▼",
        "1 → 1   no lead → no lead",
    ]
    assert {"▲ improved", "▼ worsened"} <= set(strings_of(fig))


@pytest.mark.parametrize("name", list(every_chart()))
@pytest.mark.parametrize("empty", ["no columns", "no rows"])
def test_empty_tables_give_a_no_data_chart(name: str, empty: str) -> None:
    function, args = every_chart()[name]
    frame = args[0]
    blank = pd.DataFrame() if empty == "no columns" else frame.iloc[0:0]
    rest = args[1:]
    if name.startswith("profile"):
        rest = (None, LABELS)
    fig = figure(function, blank, *rest)
    assert "No data" in strings_of(fig)
    chart = function(blank, *rest)
    assert chart.alt.endswith(": no data to show.")
    png_chunks(chart.png)


def test_a_missing_column_is_a_clear_error() -> None:
    with pytest.raises(
        SscError, match=r"table 'role_coverage': missing column leaders; the table has role, "
    ):
        coverage_chart(role_coverage().drop(columns=["leaders"]), LABELS)


def test_role_fit_height_grows_with_the_organisations() -> None:
    one = role_fit_chart(role_fit([0.5]))
    fifty = role_fit_chart(role_fit([0.5] * 50))
    two_hundred = figure(role_fit_chart, role_fit([0.5] * 200))
    assert (one.height_pt, fifty.height_pt) == (snap(85 + 12), snap(85 + 12 * 50))
    assert two_hundred.get_size_inches()[1] * 72 == pytest.approx(snap(85 + 12 * 200))
    assert len(two_hundred.axes[0].get_yticklabels()) == 200


def test_heatmap_of_forty_organisations_fits_a_page() -> None:
    orgs = [(f"o{i}", f"Organisation {i}", "city", (i % 5, 2, 0)) for i in range(40)]
    chart = role_heatmap(organisation_roles(orgs), LABELS)
    # the column labels take 70 pt plus 3.7 pt per character of the longest ("Data provision")
    assert chart.height_pt == snap(70 + 3.7 * 14 + 12 * 40)
    squeezed = role_heatmap(organisation_roles(orgs), LABELS, width_pt=750, max_height_pt=425)
    assert (squeezed.width_pt, squeezed.height_pt) == (snap(750), snap(70 + 3.7 * 14 + 8.5 * 40))


# ------------------------------------------------------------------- untrusted names


def test_mathtext_in_a_name_is_drawn_literally() -> None:
    name = r"$\alpha$ Consulting $5"
    frame = organisation_roles([("o1", name, "city", (1, 2, 3))])
    for function, args in (
        (role_heatmap, (frame, LABELS)),
        (organisation_profile_chart, (frame, None, LABELS)),
    ):
        fig = figure(function, *args)
        labels = [t for t in texts_of(fig) if name in t.get_text()]
        assert labels, function
        assert all(t.get_parse_math() is False for t in labels)
    chart = role_heatmap(frame, LABELS)
    png_chunks(chart.png)


def test_long_names_end_in_an_ellipsis_and_controls_are_dropped() -> None:
    frame = organisation_roles(
        [
            ("o1", "The Metropolitan Authority for Sustainable Urban Mobility", "city", (1, 2, 3)),
            ("o2", "Line\nbreak\x1b[31m\u200b", "city", (1, 2, 3)),
            ("o3", "北京市城市规划设计研究院附属数字城市实验室", "city", (1, 2, 3)),
        ]
    )
    fig = figure(role_heatmap, frame, LABELS)
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == [
        "The Metropolitan Authority fo…",  # 30 character cells, the last one the ellipsis
        "Line break[31m",
        "北京市城市规划设计研究院附属…",  # a CJK character takes two cells
    ]


@pytest.mark.parametrize(
    "name",
    [
        "Московский городской совет",
        "Εθνικό Μετσόβιο Πολυτεχνείο",
        pytest.param(
            "北京市城市规划设计研究院",
            marks=pytest.mark.skipif(not CJK_FONT.is_file(), reason=f"no CJK font at {CJK_FONT}"),
        ),
    ],
)
def test_non_latin_names_render_without_missing_glyphs(name: str) -> None:
    frame = organisation_roles([("o1", name, "city", (1, 2, 3))])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        heat = role_heatmap(frame, LABELS)
        profile = organisation_profile_chart(frame, None, LABELS)
    assert heat.missing_glyphs == profile.missing_glyphs == frozenset()
    assert name in strings_of(figure(role_heatmap, frame, LABELS))


def test_a_character_no_font_has_is_named_not_boxed() -> None:
    frame = organisation_roles([("o1", "Happy \U0001fae0 Org", "city", (1, 2, 3))])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        chart = role_heatmap(frame, LABELS)
    assert chart.missing_glyphs == frozenset({"\U0001fae0"})
    fig = figure(role_heatmap, frame, LABELS)
    assert "Happy [U+1FAE0] Org" in strings_of(fig)


@settings(max_examples=20, deadline=None)
@given(name=st.text(min_size=1, max_size=120))
def test_any_organisation_name_renders_without_warnings_or_lost_characters(name: str) -> None:
    frame = organisation_roles([("o1", name, "city", (1, 2, 3))])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        chart = role_heatmap(frame, LABELS)
    png_chunks(chart.png)
    (label,) = figure(role_heatmap, frame, LABELS).axes[0].get_yticklabels()
    assert label.get_parse_math() is False
    # every character that was dropped is invisible; every one no font has is named
    for char in chart.missing_glyphs:
        assert f"[U+{ord(char):04X}]" in label.get_text() or label.get_text().endswith("…")


def test_font_files_are_dejavu_then_the_cjk_fallback() -> None:
    files = font_files()
    assert files[0].name == "DejaVuSans.ttf" and files[0].is_file()
    if CJK_FONT.is_file():
        assert files[1] == CJK_FONT


# ------------------------------------------------------------------- language and labels


def test_french_chrome_and_label_overrides() -> None:
    fig = figure(participation_chart, participation(), LABELS, lang="fr")
    assert fig.axes[0].get_title(loc="left") == "Participation par catégorie"
    assert "0  (sans voix)" in strings_of(fig)
    overridden = {**LABELS, "chart.invited": "Asked", "city": "Our city"}
    fig = figure(participation_chart, participation(), overridden)
    assert "Asked" in strings_of(fig)
    assert fig.axes[0].get_yticklabels()[0].get_text() == "Our city"


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_every_chart_text_is_in_each_catalogue(lang: str) -> None:
    from babel.messages.pofile import read_po

    po = Path(__file__).parents[1] / f"sscassess/locale/{lang}/LC_MESSAGES/sscassess.po"
    with po.open("rb") as fp:
        translated = {
            m.id if isinstance(m.id, str) else tuple(m.id): m.string
            for m in read_po(fp)
            if m.id and m.string
        }
    ids = [t if isinstance(t, str) else (t.singular, t.plural) for t in TEXTS.values()]
    assert [i for i in ids if i not in translated] == []
    assert Texts(lang, {})("no_data") == translated["No data"]


# ------------------------------------------------------------------ no global state


def test_building_every_chart_never_imports_pyplot(tmp_path: Path) -> None:
    script = textwrap.dedent(
        f"""
        import sys
        sys.path.insert(0, {str(Path(__file__).parent)!r})
        from test_charts import every_chart
        for function, args in every_chart().values():
            function(*args)
        assert "matplotlib.pyplot" not in sys.modules, "pyplot was imported"
        print("ok")
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_charts_leave_the_global_style_alone() -> None:
    import matplotlib

    before = dict(matplotlib.rcParams)
    role_heatmap(organisation_roles(ORGS), LABELS)
    assert dict(matplotlib.rcParams) == before


# ------------------------------------------------------------- a real analysis


def bench_charts() -> ModuleType:
    """``bench/charts.py``, imported by path once (the sdist ships no ``bench/``)."""
    if "bench_charts" not in sys.modules:
        if not BENCH_CHARTS.is_file():
            pytest.skip(f"no benchmark at {BENCH_CHARTS}")
        spec = importlib.util.spec_from_file_location("bench_charts", BENCH_CHARTS)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
    return sys.modules["bench_charts"]


def real_analysis(n: int, names: tuple[str, ...] = ()) -> Analysis:
    """An analysis of ``n`` responses to the shipped questionnaire (deterministic)."""
    import random

    q = load_questionnaire(None)
    pack = q.reference
    rnd = random.Random(5)
    cats = [c.id for c in pack.categories][:9]  # three categories get no voice
    base = {"primary": 3, "supporting": 2, "none": 0}
    responses = []
    for i in range(n):
        cat = cats[i % len(cats)]
        name = names[i] if i < len(names) else f"Organisation {i}"
        answers = {
            "organisation_name": name,
            "category": cat,
            "consent_named": True,
            "roles": {
                r.id: max(0, min(4, base[pack.level(cat, r.id)] + rnd.randint(-2, 1)))
                for r in pack.roles
            },
            "aims": rnd.sample([a.id for a in pack.aims], 3),
            "challenges": rnd.sample([c.id for c in pack.challenges], 2),
            "potential": rnd.sample([p.id for p in pack.potential], 2),
            "constraints": rnd.sample([c.id for c in pack.constraints], 1),
            "collaborations": rnd.sample(cats, 2),
            "collaboration_needs": rnd.sample([c.id for c in pack.categories], 1),
        }
        rid = f"r{i:04d}"
        responses.append(
            StoredResponse(
                response_id=rid, invitation_id=rid, revision=1, organisation=name,
                category=cat, subtype=None, answers=answers, content_sha256=f"{i:064d}",
                questionnaire_sha256=q.sha256, verified=True, source="signed-file",
                submitted_at="2026-01-01T00:00:00Z", imported_at="2026-01-01T00:00:00Z",
            )
        )  # fmt: skip
    return analyse(pack, q, responses)


def pack_labels(analysis: Analysis) -> dict[str, str]:
    pack = analysis.reference
    labels = {r.id: pack.text(r.short_name, "en") for r in pack.roles}
    labels.update({c.id: pack.text(c.name, "en") for c in pack.categories})
    return labels


def test_every_chart_of_a_real_analysis() -> None:
    analysis = real_analysis(12, names=("Ville de Lakeside", "Московский совет"))
    tables, labels = analysis.tables, pack_labels(analysis)
    rendered = bench_charts().render_all(tables, labels, organisations=True)
    # participation, heat map, coverage, 9 radars, role fit, 4 item kinds, collaboration,
    # then 12 organisation profiles
    assert len(rendered) == 1 + 1 + 1 + 9 + 1 + 4 + 1 + 12
    for chart in rendered:
        png_chunks(chart.png)
    assert rendered[0].alt == (
        "Invited and submitted organisations for 12 categories; 3 of them had no voice."
    )
    heat = figure(role_heatmap, tables["organisation_roles"], labels)
    rows = [t.get_text() for t in heat.axes[0].get_yticklabels()]
    assert rows[:2] == ["Ville de Lakeside", "Московский совет"] and len(rows) == 12
    assert len(ratings_of(heat.axes[0])) == 12 * 24


def test_bench_slices_the_heat_map_and_role_fit() -> None:
    analysis = real_analysis(45)
    rendered = bench_charts().render_all(
        analysis.tables,
        pack_labels(analysis),
        heatmap_rows=40,
        role_fit_rows=30,
        options={"role_heatmap": {"width_pt": 751, "max_height_pt": 425}},
    )
    heat_maps = [c for c in rendered if c.alt.startswith("Heat map")]
    fits = [c for c in rendered if c.alt.startswith("Role fit")]
    assert [re.search(r"of (\d+) organisations", c.alt)[1] for c in heat_maps] == ["40", "5"]  # type: ignore[index]
    assert [c.width_pt for c in heat_maps] == [snap(751), snap(751)]
    assert [re.search(r"for (\d+) organisations", c.alt)[1] for c in fits] == ["30", "15"]  # type: ignore[index]


def test_an_analysis_without_responses_still_charts() -> None:
    analysis = real_analysis(0)
    rendered = bench_charts().render_all(analysis.tables, pack_labels(analysis))
    assert rendered
    for chart in rendered:
        png_chunks(chart.png)


def test_row_charts_squeeze_their_rows_to_a_maximum_height() -> None:
    rows = organisation_roles(ORGS[:1])
    tall = organisation_profile_chart(rows, None, LABELS)
    assert tall.height_pt == snap(100 + 15 * 3)
    squeezed = organisation_profile_chart(rows, None, LABELS, max_height_pt=130)
    assert squeezed.height_pt == snap(130)  # rows of 10 pt
    floor = organisation_profile_chart(rows, None, LABELS, max_height_pt=50)
    assert floor.height_pt == snap(100 + 10 * 3)  # never below 10 pt a row
    fit = role_fit_chart(role_fit([0.5] * 50), max_height_pt=567)
    assert fit.height_pt == snap(567)


def test_radar_height_can_be_chosen() -> None:
    chart = category_radar(category_roles(), "city", LABELS, "City", height_pt=312)
    assert (chart.width_pt, chart.height_pt) == (479.88, snap(312))


@pytest.mark.parametrize("name", list(every_chart()))
def test_every_chart_fits_a_maximum_height_and_speaks_a_language(name: str) -> None:
    import inspect

    function, args = every_chart()[name]
    parameters = inspect.signature(function).parameters
    for option in ("lang", "max_height_pt"):
        assert parameters[option].kind is inspect.Parameter.KEYWORD_ONLY
    chart = function(*args, max_height_pt=320, lang="es")
    assert chart.height_pt <= 320
    assert chart.alt != function(*args).alt  # the alternative text is Spanish too


def test_two_hundred_organisations_render_unsliced() -> None:
    orgs = [(f"o{i}", f"Organisation {i}", "city", (i % 5, 2, 0)) for i in range(200)]
    heat = role_heatmap(organisation_roles(orgs), LABELS)
    fit = role_fit_chart(role_fit([i / 200 for i in range(200)]))
    for chart in (heat, fit):
        chunks = png_chunks(chart.png)
        assert struct.unpack(">II", chunks[b"IHDR"][:8])[1] > 6000  # one tall image


def test_bench_renders_the_categories_heat_map_for_anonymous_tables() -> None:
    analysis = real_analysis(12)
    tables = dict(analysis.tables)
    tables["organisation_roles"] = tables["organisation_roles"].iloc[0:0]
    rendered = bench_charts().render_all(tables, pack_labels(analysis))
    assert [c.alt.split(" (")[0] for c in rendered if c.alt.startswith("Heat map")] == [
        "Heat map of the mean self-rated involvement"
    ]
    profiles = bench_charts().render_all(
        analysis.tables, pack_labels(analysis), organisations=True, city=False
    )
    assert len(profiles) == 12
    assert all(c.alt.startswith("Self-rated involvement of ") for c in profiles)


def test_png_bytes_are_the_same_in_another_process(tmp_path: Path) -> None:
    """Reproducible PDFs need reproducible charts: no hash order, time or path in the PNG."""
    script = textwrap.dedent(
        f"""
        import hashlib, sys
        sys.path.insert(0, {str(Path(__file__).parent)!r})
        from test_charts import every_chart
        digest = hashlib.sha256()
        for function, args in every_chart().values():
            digest.update(function(*args).png)
        print(digest.hexdigest())
        """
    )
    digests = set()
    for seed in ("1", "2"):
        result = subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            check=False,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        assert result.returncode == 0, result.stderr
        digests.add(result.stdout.strip())
    assert len(digests) == 1


def test_right_to_left_labels_are_left_to_a_matplotlib_that_lays_text_out() -> None:
    import matplotlib

    from sscassess.charts.fonts import Cleaner, lays_out_text

    if not lays_out_text():
        pytest.skip(f"matplotlib {matplotlib.__version__} has no libraqm")
    clean = Cleaner()
    # libraqm orders and joins the letters: the label stays in reading order.
    assert clean("עיר ok") == "עיר ok"
    assert clean("אחת שתיים שלוש", cells=8) == "אחת שתי…"
    assert clean.missing == set()


def test_right_to_left_labels_are_ordered_for_a_matplotlib_that_cannot(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from sscassess.charts import fonts

    monkeypatch.setattr(fonts, "lays_out_text", lambda: False)
    clean = fonts.Cleaner()
    # Such a matplotlib draws glyphs left to right as they come: the label comes ordered.
    assert clean("עיר ok") == "ok ריע"
    # "مدينة": meem, dal, yeh, noon, teh marbuta, joined (initial, final, initial, medial,
    # final) and drawn from the left.
    assert clean("مدينة") == "\ufe94\ufee8\ufef3\ufeaa\ufee3"
    # Cut in reading order: the ellipsis ends the text where a reader of Hebrew ends it.
    assert clean("אחת שתיים שלוש", cells=8) == "…יתש תחא"
    assert clean.missing == set()
