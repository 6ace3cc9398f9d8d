"""Charts of the reports: time to render every chart of a campaign, against a plain chart.

A campaign of N organisations (default 50) on the shipped questionnaire and reference pack is
analysed once; then, interleaved and best of RUNS:

* floor: one plain matplotlib chart per chart of the city report — 24 labelled horizontal
  bars on a Figure of the same size at the same dpi, default style, saved as PNG: what any
  chart of that size costs;
* city: :func:`render_all` — every chart of the city report, through the public chart
  functions;
* organisations: one profile chart per organisation (the organisation reports' charts).

Prints seconds, charts, milliseconds per chart and the ratio of the city charts to the floor.
Usage: ``python bench/charts.py [N ...]``.
"""

from __future__ import annotations

import io
import random
import sys
import time
from collections import defaultdict
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from pandas import DataFrame

    from sscassess.charts.drawing import Chart

RUNS = 2
#: The sizes the city report asks for (a landscape heat map), so the charts are the report's.
OPTIONS = {"role_heatmap": {"width_pt": 751.18, "max_height_pt": 425.2}}


def campaign(n: int, seed: int = 7) -> tuple[dict[str, Any], dict[str, str]]:
    """The analysis tables of ``n`` plausible responses, and the chart labels of the pack."""
    from sscassess.analysis.analyse import analyse
    from sscassess.campaign.store import StoredResponse
    from sscassess.questionnaire.load import load_questionnaire

    q = load_questionnaire(None)
    pack = q.reference
    rnd = random.Random(seed)
    cats = [c.id for c in pack.categories]
    base = {"primary": 3, "supporting": 2, "none": 0}
    responses = []
    for i in range(n):
        cat = cats[i % (len(cats) - 1)]  # one category without a voice
        roles = {
            r.id: max(0, min(4, base[pack.level(cat, r.id)] + rnd.randint(-2, 1)))
            for r in pack.roles
        }
        answers = {
            "organisation_name": f"Organisation {i} of the city",
            "category": cat,
            "consent_named": True,
            "roles": roles,
            "aims": rnd.sample([a.id for a in pack.aims], 3),
            "challenges": rnd.sample([c.id for c in pack.challenges], 3),
            "potential": rnd.sample([p.id for p in pack.potential], 2),
            "constraints": rnd.sample([c.id for c in pack.constraints], 2),
            "collaborations": rnd.sample(cats, 2),
            "collaboration_needs": rnd.sample(cats, 1),
        }
        rid = f"r{i:05d}"
        responses.append(
            StoredResponse(
                response_id=rid, invitation_id=rid, revision=1, organisation=answers["organisation_name"],
                category=cat, subtype=None, answers=answers, content_sha256=f"{i:064d}",
                questionnaire_sha256=q.sha256, verified=True, source="signed-file",
                submitted_at="2026-01-01T00:00:00Z", imported_at="2026-01-01T00:00:00Z",
            )
        )  # fmt: skip
    analysis = analyse(pack, q, responses)
    labels = {r.id: pack.text(r.short_name, "en") for r in pack.roles}
    labels.update({c.id: pack.text(c.name, "en") for c in pack.categories})
    return analysis.tables, labels


def plain_chart(width_px: int, height_px: int) -> bytes:
    """The floor: 24 labelled bars with matplotlib's defaults, at the charts' size and dpi."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width_px / 200, height_px / 200), dpi=200)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    ax.barh(range(24), range(24), tick_label=[f"Role number {i}" for i in range(24)])
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()


def render_all(
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
    categories' heat map when the tables are anonymous), the coverage chart, one radar per
    category with responses, role fit in slices of ``role_fit_rows``, one item chart per kind,
    the collaboration matrix and, with round tables, the round chart. With
    ``organisations=True`` one profile chart per organisation follows (the organisation
    reports' charts); ``city=False`` leaves the city's out. ``options`` adds keyword arguments
    per chart function, e.g. ``{"role_heatmap": {"width_pt": 751, "max_height_pt": 425}}``, so
    the charts are rendered exactly as the report does: the cost of the charts alone.
    """
    import pandas as pd

    from sscassess.charts.profiles import organisation_profile_chart

    empty = pd.DataFrame()
    extra = options or {}

    def table(name: str) -> DataFrame:
        return tables.get(name, empty)

    def kw(function: Callable[..., Chart]) -> dict[str, Any]:
        return {"lang": lang, **extra.get(function.__name__, {})}

    roles = table("organisation_roles")
    key = "response_id" if "response_id" in roles.columns else "organisation"
    ids = list(dict.fromkeys(roles[key])) if len(roles) else []
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

    from sscassess.charts.bars import (
        coverage_chart,
        item_chart,
        participation_chart,
        role_fit_chart,
    )
    from sscassess.charts.collaboration import collaboration_chart
    from sscassess.charts.heatmap import category_heatmap, role_heatmap
    from sscassess.charts.profiles import category_radar
    from sscassess.charts.rounds import round_chart

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
    for category in dict.fromkeys(category_roles.get("category", [])):
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
    for kind in dict.fromkeys(frequencies.get("kind", [])):
        charts.append(item_chart(frequencies, str(kind), labels, str(kind), **kw(item_chart)))
    charts.append(
        collaboration_chart(table("collaboration"), categories, labels, **kw(collaboration_chart))
    )
    if "round_changes_roles" in tables:
        charts.append(round_chart(table("round_changes_roles"), labels, **kw(round_chart)))
    return charts


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [50]
    print(
        f"{'orgs':>5} {'floor s':>8} {'city s':>7} {'charts':>6} {'ms/chart':>8} {'ratio':>6} "
        f"{'org s':>6} {'profiles':>8} {'ms/profile':>10}"
    )
    for n in sizes:
        tables, labels = campaign(n)
        render_all(tables, labels, options=OPTIONS)  # warm the font caches once
        best: dict[str, float] = defaultdict(lambda: float("inf"))
        counts: dict[str, int] = {}
        for _ in range(RUNS):
            start = time.perf_counter()
            city = render_all(tables, labels, options=OPTIONS)
            best["city"] = min(best["city"], time.perf_counter() - start)
            counts["city"] = len(city)
            start = time.perf_counter()
            for chart in city:
                plain_chart(round(chart.width_pt / 72 * 200), round(chart.height_pt / 72 * 200))
            best["floor"] = min(best["floor"], time.perf_counter() - start)
            start = time.perf_counter()
            profiles = render_all(tables, labels, organisations=True, city=False, options=OPTIONS)
            best["organisations"] = min(best["organisations"], time.perf_counter() - start)
            counts["organisations"] = len(profiles)
        print(
            f"{n:>5} {best['floor']:>8.2f} {best['city']:>7.2f} {counts['city']:>6} "
            f"{1000 * best['city'] / counts['city']:>8.0f} {best['city'] / best['floor']:>6.2f} "
            f"{best['organisations']:>6.2f} {counts['organisations']:>8} "
            f"{1000 * best['organisations'] / max(counts['organisations'], 1):>10.0f}"
        )


if __name__ == "__main__":
    main()
