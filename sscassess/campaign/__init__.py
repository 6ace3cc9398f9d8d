"""Stage 5, the coordinator's campaign.

The folder, its key and invitations (``folder``); response files verified and stored
(``intake``); who answered (``status``); the invitation file, its code and the signing of
responses (``invitation``); the SQLite/PostgreSQL store (``store``); the raw-response export
(``export``).
"""
