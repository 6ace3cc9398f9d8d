"""Stage 10, the command line.

The ``sscassess`` group and :func:`~sscassess.cli.main.main` (``main``), the commands by kind
(``forms``, ``campaign``, ``results``, ``respondent``) and what they share (``common``).
Parses arguments, calls the library, prints results; the only package that knows about
click.
"""
