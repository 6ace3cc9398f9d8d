"""The matplotlib ``Figure`` of any chart, built but not rendered: for tests and inspection."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sscassess.charts import bars, collaboration, heatmap, profiles, rounds
from sscassess.charts.drawing import BUILDERS, build, chart_style

if TYPE_CHECKING:
    from collections.abc import Callable

    from matplotlib.figure import Figure

    from sscassess.charts.drawing import Chart

#: The chart modules, imported so that every chart is in :data:`~.drawing.BUILDERS`.
MODULES = (bars, collaboration, heatmap, profiles, rounds)


def figure(chart_function: Callable[..., Chart], /, *args: Any, **kwargs: Any) -> Figure:
    """The matplotlib ``Figure`` that ``chart_function(*args, **kwargs)`` would render.

    Built under the charts' style but not rendered: for tests and inspection (its texts,
    patches and sizes), e.g. ``figure(role_heatmap, frame, labels)``.
    """
    with chart_style():
        return build(BUILDERS[chart_function], *args, **kwargs).figure
