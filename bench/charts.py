"""Charts of the reports: time to render every chart of a campaign, against a plain chart.

A campaign of N organisations (default 50) on the shipped questionnaire and reference pack is
analysed once; then, interleaved and best of RUNS:

* floor: one plain matplotlib chart per chart of the city report — 24 labelled horizontal
  bars on a Figure of the same size at the same dpi, default style, saved as PNG: what any
  chart of that size costs;
* city: ``charts.render_all_for_bench`` — every chart of the city report;
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
from typing import Any

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


def main() -> None:
    from sscassess.charts import figures as charts

    sizes = [int(a) for a in sys.argv[1:]] or [50]
    print(
        f"{'orgs':>5} {'floor s':>8} {'city s':>7} {'charts':>6} {'ms/chart':>8} {'ratio':>6} "
        f"{'org s':>6} {'profiles':>8} {'ms/profile':>10}"
    )
    for n in sizes:
        tables, labels = campaign(n)
        charts.render_all_for_bench(tables, labels, options=OPTIONS)  # warm the font caches once
        best: dict[str, float] = defaultdict(lambda: float("inf"))
        counts: dict[str, int] = {}
        for _ in range(RUNS):
            start = time.perf_counter()
            city = charts.render_all_for_bench(tables, labels, options=OPTIONS)
            best["city"] = min(best["city"], time.perf_counter() - start)
            counts["city"] = len(city)
            start = time.perf_counter()
            for chart in city:
                plain_chart(round(chart.width_pt / 72 * 200), round(chart.height_pt / 72 * 200))
            best["floor"] = min(best["floor"], time.perf_counter() - start)
            start = time.perf_counter()
            profiles = charts.render_all_for_bench(
                tables, labels, organisations=True, city=False, options=OPTIONS
            )
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
