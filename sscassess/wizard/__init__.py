"""Stage 4, the terminal wizard.

Questionary screens, review and autosave (``screens``), and the
respondent's drafts and kept responses in the user data folder (``drafts``).
"""
