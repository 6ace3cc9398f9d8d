"""Stage 2, questionnaires.

The resolved model every later stage reads (``model``), the pydantic check of a
questionnaire file (``check``), the resolved form as JSON (``codec``), the per-user cache of
resolved forms (``cache``), loading by id or path (``load``), the release step of the shipped
forms (``release``), and the printable form and JSON Schema (``view``).
"""
