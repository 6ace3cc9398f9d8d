"""Stage 3, answers.

Validation of an organisation's answers against a questionnaire, locale
numbers, and the answers file format (``validate``).
"""
