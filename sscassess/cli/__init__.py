"""Stage 10, the command line.

Parses arguments, calls the library, prints results (``main``). The only package that knows
about click.
"""
