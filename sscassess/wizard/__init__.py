"""Stage 4, the terminal wizard.

The run (``screens``), its question screens (``asking``) and review (``review``), where the
respondent is (``progress``), its texts (``wording``), the patches of questionary's internals
(``questionary_patches``), and the respondent's drafts and kept responses in the user data
folder (``drafts``).
"""
