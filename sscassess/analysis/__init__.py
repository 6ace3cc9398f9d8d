"""Stage 6, analysis.

The fixed definitions every table uses (``definitions``); every organisation's
self-assessment against the reference and the others,
with the privacy modes (``analyse``), the proposed actions and RACI (``actions``), and the
tables written as JSON, CSV, XLSX or a terminal summary (``output``). Knows nothing of
campaign folders: it takes responses.
"""
