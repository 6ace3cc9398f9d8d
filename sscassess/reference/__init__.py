"""Stage 1, the reference framework.

The versioned, validated data pack of the ITU-T FG-SSC roles, categories and expectations:
the shape of its files (``schema``), the loaded pack (``model``), the checks across files
(``check``) and loading (``pack``); and its rendering for people and programs (``view``).
"""
