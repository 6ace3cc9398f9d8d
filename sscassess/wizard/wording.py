"""The wizard's words: its texts, and how they are written out.

:data:`UI` holds every text the wizard says, in English; :func:`ui` gives it in the
respondent's language from the catalogues (:mod:`sscassess.core.i18n`). The rest turns
text into what a screen shows: acronyms spelt out (:data:`ACRONYMS`), ASCII marks for --plain
(:func:`plain_text`), dates in words (:func:`long_date`), French spaces that do not break
(:data:`FRENCH_SPACES`), search keys without case or accents (:func:`fold`) and the lines of
the review (:func:`review_line`). No questionary here: plain functions of text.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from sscassess.core.i18n import N_, Plural, translator
from sscassess.core.texts import FRENCH_SPACES as FRENCH_SPACES  # the wizard sets it too

#: Decorative glyphs and their ASCII stand-ins for --plain (screen readers, simple terminals).
PLAIN_GLYPHS = str.maketrans(
    {"…": "...", "←": "<", "→": ">", "─": "-", "«": '"', "»": '"', "·": "-", "–": "-", "—": "-",
     "“": '"', "”": '"', "‘": "'", "’": "'", "●": "*", "○": "o", "\u202f": " ", "\u00a0": " ",
     "↓": "...", "↑": "^"}
)  # fmt: skip
#: French guillemets with the (no-break) spaces inside them, for --plain: « Pilote » -> "Pilote".
_GUILLEMETS = re.compile("«[ \u00a0\u202f]*|[ \u00a0\u202f]*»")
#: Acronyms of the questionnaire's texts in each language: (acronym, full term, everywhere).
#: Spelt out where a screen first shows them ("information and communication technologies
#: (ICT)"); the French and Spanish acronyms of the programme (VID, CIS) are not familiar to
#: readers, so the full term replaces them everywhere (the reference pack's texts use them).
ACRONYMS: dict[str, tuple[tuple[str, str, bool], ...]] = {
    "en": (
        ("SSC", "smart sustainable city", False),
        ("ICT", "information and communication technologies", False),
    ),
    "fr": (
        ("VID", "ville intelligente et durable", True),
        ("TIC", "technologies de l'information et de la communication", False),
    ),
    "es": (
        ("CIS", "ciudad inteligente y sostenible", True),
        ("TIC", "tecnologías de la información y la comunicación", False),
    ),
}

UI: dict[str, str | Plural] = {
    "back": N_("← back"),
    "back_plain": N_("< back"),
    "skip": N_("(skip this question)"),
    "other": N_("Other (please specify)…"),
    "other_prompt": N_("Please specify"),
    "yes": N_("Yes"),
    "no": N_("No"),
    "scale_hint": N_("(type {keys} to answer, or arrows and Enter)"),
    "role_of": N_("role {n} of {total}"),
    "select_hint": N_("(arrows to move, Enter to choose)"),
    "search_hint": N_("(type to search, arrows to move, Enter to choose)"),
    "checkbox_hint": N_("(Space to tick, Enter when done)"),
    "checkbox_optional_hint": N_(
        "(Space to tick, Enter when done; Enter with nothing ticked skips)"
    ),
    "other_hint_multi": N_("(< alone: back to the list; Enter with nothing typed: untick “Other”)"),
    "other_hint_single": N_("(< alone, or Enter with nothing typed: back to the list)"),
    "no_match": N_("(no match: Backspace to change the search)"),
    "required_mark": N_("required"),
    "answering_for": N_("You answer for {org}, in the smart sustainable city campaign of {city}."),
    "review_for": N_("Review the answers of {org} ({city})"),
    "final_saved": N_("Revision {rev} of the answers of {org} is signed and saved in:"),
    "final_send_to": N_("Send this file to the coordinator of {city}:"),
    "final_send": N_("Send this file to the coordinator of {city}, who sent you the invitation."),
    "final_correct": N_("To correct it later, run the same command again, from any folder."),
    "your_answer": N_("Your answer"),
    "more_below": N_("↓ {n} more"),
    "more_above": N_("↑ {n} more above"),
    "more_both": N_("↑ {above} above · ↓ {n} more"),
    "among_note": N_(
        "Only the aims you selected are offered; to choose another, add it to the aims first."
    ),
    "changed_none": N_(
        "Revision {next}, from revision {rev} of {date}: nothing changed yet (a changed answer gets a *)."
    ),
    "changed": Plural(
        "Revision {next}, from revision {rev} of {date}: {n} answer changed, marked *.",
        "Revision {next}, from revision {rev} of {date}: {n} answers changed, marked *.",
    ),
    "text_hint": N_("(type < alone to go back)"),
    "text_optional_hint": N_("(Enter to skip, < alone to go back)"),
    "multiline_hint": N_("(Esc then Enter to finish; < alone to go back)"),
    "multiline_optional_hint": N_(
        "(Esc then Enter to finish, or to skip when empty; < alone to go back)"
    ),
    "multiline_optional_first_hint": N_("(Esc then Enter to finish, or to skip when empty)"),
    "review_title": N_("Review your answers"),
    "submit": N_("Submit my answers"),
    "later": N_("Save and finish later"),
    "change": N_("Choose an answer to change, or submit:"),
    "which_role": N_("Which role?"),
    "unanswered": N_("(not answered)"),
    "done_review": N_("Back to the review"),
    "missing": N_("Some required answers are missing; they are marked with !"),
    "resumed": N_("Resuming your saved answers ({n} given)."),
    "pick_org": N_("Which organisation is answering?"),
    "stale_draft": N_(
        "Your saved draft was made with {old}, but the questionnaire is now {new}. Its answers cannot be carried over safely: the questions may differ."
    ),
    "start_over": N_("Start again (the old draft is kept as {path})"),
    "quit": N_("Quit"),
    "description": N_("Description:"),
    "none_selected": N_("(none)"),
    "text_first_hint": N_("(Enter to confirm)"),
    "text_optional_first_hint": N_("(Enter to skip)"),
    "multiline_first_hint": N_("(Esc then Enter to finish)"),
    "how_it_works": N_(
        "One question per screen. Your answers are saved as you go: stop at any time with Ctrl-C and run the same command again to resume."
    ),
    "minutes": N_("About {n} minutes, {total} questions."),
    "stopped": Plural(
        "stopped at question {at} of {total}; your {n} answer is saved.",
        "stopped at question {at} of {total}; your {n} answers are saved.",
    ),
    "stopped_review": Plural(
        "stopped at the review; your {n} answer is saved.",
        "stopped at the review; your {n} answers are saved.",
    ),
    "saved_later": Plural("your {n} answer is saved.", "your {n} answers are saved."),
    "resume_with": N_("Resume with:"),
    "colon": N_(": "),
    "what_now": N_("What do you want to do?"),
    "draft_kept": N_("the old draft is unchanged ({path})"),
    "resubmit": N_(
        "You submitted revision {rev} on {date}. This will be revision {next}, starting from your answers."
    ),
    "resubmit_draft": N_(
        "You submitted revision {rev} on {date}. This will be revision {next}, starting from your saved draft ({n} answers given)."
    ),
    "resubmit_blank": N_(
        "You submitted revision {rev} on {date}, with another version of the questionnaire: its answers cannot be carried over. This will be revision {next}."
    ),
    "draft_moved": N_(
        "Your draft was moved from {old} to {new}, where it is found from any folder."
    ),
    "state_invited": N_("invited"),
    "state_draft": N_("draft {n}"),
    "state_submitted": N_("submitted rev {rev}"),
    "finish_workshop": N_("(finish: no other organisation now)"),
    "org_submitted": N_("{org} submitted revision {rev} on {date}."),
    "answer_again": N_("Answer again: revision {next}, starting from the answers submitted"),
    "other_org": N_("Choose another organisation"),
    "stored": N_("{org}: answers stored (revision {rev})."),
    "stopped_list": N_("stopped at the list of organisations; nothing was lost."),
    "stored_unchanged": N_("{org}: the same answers are stored already (revision {rev})."),
}


def ui(key: str, lang: str, **params: Any) -> str:
    """A wizard text in ``lang`` from the catalogues (English where a language has none)."""
    return translator(lang).text(UI[key], **params)


def long_date(stamp: str, lang: str) -> str:
    """An ISO timestamp's day, written out in ``lang`` ("5 March 2026", "5 mars 2026")."""
    from datetime import datetime

    try:
        day = datetime.fromisoformat(stamp.replace("Z", "+00:00")).date()
    except (ValueError, AttributeError):
        return str(stamp)[:10]
    from babel import UnknownLocaleError
    from babel.dates import format_date

    try:
        return str(format_date(day, format="long", locale=lang))
    except (UnknownLocaleError, ValueError):
        return day.isoformat()


def plain_text(text: str) -> str:
    """``text`` in ASCII marks for --plain (letters and accents stay): « Pilote » is "Pilote"."""
    return _GUILLEMETS.sub('"', text).translate(PLAIN_GLYPHS)


#: Letters that NFKD does not take apart, spelled as typed on a keyboard without them.
_FOLD_EXTRA = str.maketrans({"œ": "oe", "æ": "ae", "ø": "o", "ł": "l", "đ": "d", "ı": "i"})


def fold(text: str) -> str:
    """``text`` for matching: case and accents ignored (NFKD, marks dropped, case-folded)."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return bare.casefold().translate(_FOLD_EXTRA)


def review_line(mark: str, label: str, answer: str, width: int, colon: str = ": ") -> str:
    """``mark label: answer`` in ``width`` characters (``colon``: " : " in French).

    The label is cut only as far as the answer needs, and never below two fifths of the line,
    so that both the question and the answer stay recognisable.
    """
    line = f"{mark}{label}{colon}{answer}"
    if len(line) <= width:
        return line
    room = max(12, width * 2 // 5, width - len(mark) - len(colon) - len(answer))
    if len(label) > room:
        label = label[: room - 1] + "…"
    line = f"{mark}{label}{colon}{answer}"
    return line if len(line) <= width else line[: width - 1] + "…"
