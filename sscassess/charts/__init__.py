"""Stage 7, charts: every chart of the PDF reports, drawn from the analysis tables with matplotlib.

One module per kind of chart: horizontal bars of participation, role coverage, role fit and
item shares (``bars``); the involvement heat maps (``heatmap``); self-rating against the
reference, a category's radar and an organisation's profile (``profiles``); the
collaboration matrix (``collaboration``); round to round (``rounds``). They share the style,
the figure and the PNG (``drawing``), the fonts and untrusted text (``fonts``) and their own
texts in English, French and Spanish (``texts``); ``figure`` gives any chart's figure unrendered,
for tests. This package imports none of them: matplotlib loads only when a chart is drawn.

Each public chart function takes analysis tables (columns as in the README's "Gap analysis"
section) and returns a :class:`~sscassess.charts.drawing.Chart`: a PNG at 200 dpi, the size
it is meant to have on the page, an alternative text, and the characters no font could draw.

Conventions shared by every chart:

* One colour-blind-safe palette (``drawing.PALETTE``, Okabe–Ito) and one sequential colour map
  for the 0–4 involvement scale (``drawing.INVOLVEMENT_CMAP``, cividis). Colour never carries
  a fact alone: values are printed in or next to the marks, and line styles or words tell
  expectation levels and statuses apart.
* Fonts: DejaVu Sans from matplotlib's own data (Latin, Greek, Cyrillic), falling back to a
  CJK font when one is installed (``fonts.font_files``). A character no font can draw is
  shown as ``[U+XXXX]`` (as in the report's text) and listed in ``Chart.missing_glyphs``,
  never silently a box.
* Organisation names and other table text are untrusted: mathtext is off
  (``text.parse_math = False``, no TeX), control and formatting characters are dropped, and
  long labels end in an ellipsis.
* An empty table gives a "no data" chart; NaN values are drawn as "n/a" (or left out of
  lines), never raised on.
* Size: every chart is 480 pt wide (1333 pixels) and as tall as its rows need. Every chart
  function takes ``max_height_pt=``: the chart then squeezes its rows (or its radar) down
  to a readable minimum to fit the space the page has, so a caller can pass the height it
  has left instead of scaling the image (which shrinks 6 pt text below legibility). The
  heat map also takes ``width_pt=`` (a landscape page), the radar ``height_pt=``.
* Chrome (titles, axis labels, status words, alternative texts) comes in English, French or
  Spanish (``lang=``); any chrome key can be overridden through ``labels`` as
  ``"chart.<key>"``, e.g. ``{"chart.invited": "Invited"}``.
"""
