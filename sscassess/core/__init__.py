"""Stage 0, shared by every stage.

Errors and exit codes, strict YAML with file:line, atomic
file writes, timestamps and canonical JSON, translatable and terminal-safe texts, shipped-data
lookup and validation helpers. Imports nothing else of sscassess.
"""
