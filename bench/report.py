"""PDF reports: the city report against its charts alone; organisation reports serial vs parallel.

The demo campaign of N organisations (default 50, ``sscassess.demo.builder.build_demo``) is analysed
once. Then, best of RUNS:

* floor: the charts of the city report alone — every call the report makes to a public
  chart function (seen once with ``sys.setprofile``), replayed with the same tables and
  options (matplotlib to PNG, nothing else);
* city: the whole city report (the same charts, plus every table, text, both TOC passes and
  the PDF);
* the city report once more with every organisation's comments at the longest length the
  validator accepts (``TEXT_HARD_LIMIT``), against the city report (THREATS E7);
* organisation reports, one per response: serial (one process) and in parallel ``spawn``
  worker processes (``jobs`` = the CPUs available), as ``sscassess report --organisations``.

Prints a table: seconds, the ratio city report / charts alone (goal ≤ 1.5×) and the parallel
speed-up against the number of cores (goal: close to it).
Usage: ``python bench/report.py [N]``.
"""

from __future__ import annotations

import inspect
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable
    from types import CodeType, FrameType

RUNS = 3


def best(fn: Any, runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def chart_calls(build: Callable[[], object]) -> list[tuple[Callable[..., Any], dict[str, Any]]]:
    """Every call ``build()`` makes to a public chart function, with its arguments by name.

    A profile hook sees each call of the chart functions' code and copies its arguments
    (the frame's locals when it starts); no chart function takes positional-only or
    variadic arguments, so each call can be replayed by keyword.
    """
    from sscassess.charts.bars import (
        coverage_chart,
        item_chart,
        participation_chart,
        role_fit_chart,
    )
    from sscassess.charts.collaboration import collaboration_chart
    from sscassess.charts.heatmap import category_heatmap, role_heatmap
    from sscassess.charts.profiles import category_radar, organisation_profile_chart
    from sscassess.charts.rounds import round_chart

    # A chart function is its builder under charts.drawing.chart: the builder's frame holds
    # the arguments by name (the public wrapper only passes them on).
    functions: dict[CodeType, Callable[..., Any]] = {
        inspect.unwrap(f).__code__: f
        for f in (
            participation_chart, role_heatmap, category_heatmap, coverage_chart, category_radar,
            role_fit_chart, item_chart, collaboration_chart, organisation_profile_chart,
            round_chart,
        )
    }  # fmt: skip
    calls: list[tuple[Callable[..., Any], dict[str, Any]]] = []

    def seen(frame: FrameType, event: str, _arg: object) -> None:
        if event == "call" and frame.f_code in functions:
            calls.append((functions[frame.f_code], dict(frame.f_locals)))

    sys.setprofile(seen)
    try:
        build()
    finally:
        sys.setprofile(None)
    if not calls:
        raise SystemExit("the city report drew no chart through the public chart functions")
    return calls


def long_answers(analysis: Any) -> Any:
    """The same analysis with every organisation's comments at the longest length accepted."""
    import pandas as pd

    from sscassess.analysis.analyse import Analysis
    from sscassess.questionnaire.model import TEXT_HARD_LIMIT

    fit = analysis.tables["role_fit"]
    text = " ".join(f"word{i:05d}" for i in range(TEXT_HARD_LIMIT // 10))[:TEXT_HARD_LIMIT]
    rows = [
        {"response_id": r, "organisation": o, "category": c, "question": "comments", "text": text}
        for r, o, c in zip(fit["response_id"], fit["organisation"], fit["category"], strict=True)
    ]
    tables = {**analysis.tables, "free_text": pd.DataFrame(rows)}
    return Analysis(tables=tables, meta=analysis.meta, reference=analysis.reference)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    from sscassess.campaign.folder import Campaign
    from sscassess.demo.builder import build_demo
    from sscassess.pipeline import analyse_campaign
    from sscassess.report import (
        _organisation_reports,
        available_cpus,
        load_template,
        organisation_report_names,
    )
    from sscassess.report.city import build_city_report

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        demo = build_demo(root / "camp", organisations=n, reports="none")
        campaign = Campaign.open(demo.root)
        try:
            analysis = analyse_campaign(campaign)
        finally:
            campaign.close()
        template = load_template()
        city_pdf = root / "city.pdf"
        # The warm-up, seeing every chart the report draws.
        calls = chart_calls(lambda: build_city_report(analysis, city_pdf, template, "en"))

        def charts_alone() -> None:
            for function, kwargs in calls:
                function(**kwargs)

        floor = best(charts_alone)
        city = best(lambda: build_city_report(analysis, city_pdf, template, "en"))
        longest = long_answers(analysis)
        long_city = best(lambda: build_city_report(longest, root / "long.pdf", template, "en"), 1)

        names = organisation_report_names(analysis)
        cores = available_cpus()

        def organisations(jobs: int, folder: str) -> tuple[float, float]:
            """Wall seconds and CPU seconds (this process and its reaped workers)."""
            out = root / folder
            out.mkdir(exist_ok=True)
            tasks = [(rid, out / name) for rid, name in names.items()]
            before = os.times()
            start = time.perf_counter()
            _organisation_reports(
                analysis, tasks, template, "en", False, jobs, None, len(tasks) + 1,
                parallel_from=1 if jobs > 1 else len(tasks) + 1,
            )  # fmt: skip
            wall = time.perf_counter() - start
            after = os.times()
            cpu = sum(after[:4]) - sum(before[:4])
            return wall, cpu

        load = os.getloadavg()[0]
        serial, serial_cpu = organisations(1, "serial")
        parallel, parallel_cpu = organisations(cores, "parallel")
        pages = city_pdf.read_bytes().count(b"/Type /Page\n")

    ratio = city / floor
    speedup = serial / parallel
    print(
        f"Reports for {n} organisations ({len(names)} responses), {cores} core(s), best of {RUNS}"
    )
    print(f"{'measure':<44} {'seconds':>8} {'ratio':>7} {'goal':>8}")
    print(f"{'floor: the city report charts alone (' + str(len(calls)) + ')':<44} {floor:8.2f}")
    print(
        f"{'city report (' + str(pages) + ' pages)':<44} {city:8.2f} {ratio:6.2f}x {'<= 1.5x':>8}"
    )
    label = f"city report, {len(names)} answers of 10,000 characters"
    print(f"{label:<44} {long_city:8.2f} {long_city / city:6.2f}x {'(E7)':>8}")
    print(f"{'organisation reports, serial':<44} {serial:8.2f}")
    print(
        f"{'organisation reports, ' + str(cores) + ' spawn workers':<44} {parallel:8.2f} {speedup:6.2f}x {'~' + str(cores) + 'x':>8}"
    )
    print(f"{'per organisation report, serial':<44} {serial / max(len(names), 1):8.2f}")
    print(
        f"CPU seconds: serial {serial_cpu:.1f}, parallel {parallel_cpu:.1f} (workers included); "
        f"the parallel run got {parallel_cpu / parallel:.2f} core(s) of CPU on average. "
        f"Load average at the start: {load:.2f} on {cores} core(s)."
    )


if __name__ == "__main__":
    main()
