"""Stage 2, questionnaires.

The resolved model every later stage reads (``model``), the
pydantic check of a questionnaire file (``check``), the per-user cache of resolved forms
(``cache``) and the printable form and JSON Schema (``view``).
"""
