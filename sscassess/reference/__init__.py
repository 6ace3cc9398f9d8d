"""Stage 1, the reference framework.

The versioned, validated data pack of the ITU-T FG-SSC
roles, categories and expectations (``pack``), and its rendering for people and programs
(``view``).
"""
