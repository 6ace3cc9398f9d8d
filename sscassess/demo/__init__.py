"""Stage 9, the demo.

A campaign for a fictional city, built through the real path (``builder``) from its cast
of invented organisations (``cast``).
"""
