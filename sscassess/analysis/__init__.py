"""Stage 6, analysis.

The fixed definitions every table uses (``definitions``); every organisation's
self-assessment against the reference and the others, consent and privacy applied
(``analyse``), built from one module per table family (``frame``, ``roles``, ``items``,
``free_text``, ``recommendations``, ``participation``, ``rounds``); the proposed actions
(``actions``, with ``action_terms``, ``actors``, ``raci`` and ``followup``); and the tables
written as JSON, CSV, XLSX or a terminal summary (``output``). Knows nothing of campaign
folders: it takes responses.
"""
