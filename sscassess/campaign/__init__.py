"""Stage 5, the coordinator's campaign.

The folder and its key, invitations and signed response
files, intake and verification, status (``folder``), the respondent's invitation and signing
(``invitation``), the SQLite/PostgreSQL store (``store``) and the raw-response export
(``export``).
"""
