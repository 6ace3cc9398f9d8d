"""The terminal wizard: one question per screen, back, review, autosave, resume.

Built on questionary (imported only here). Every question of the questionnaire becomes a
screen; a role matrix becomes one screen per role. Answers are validated as they are typed
(with the same validator as files and imports) and the draft is saved after every answer, so
Ctrl-C, a closed terminal or ``kill -9`` lose at most the question on screen.

Key conventions, shown on screen: lists have a "← back" entry; in text fields a lone ``<``
goes back; an optional question starts on "(skip this question)" (lists) or says how to skip
(text, numbers, ticks); required questions are marked. Numbers are read as written in the
respondent's language (:func:`sscassess.answers.validate.parse_number`); long lists are searched by
typing, accents and case ignored.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import textwrap
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import questionary
from prompt_toolkit.filters import to_filter
from prompt_toolkit.styles import Style
from questionary import Choice, Separator
from questionary.prompts.common import InquirerControl

from sscassess.answers.validate import (
    among_rule,
    format_number,
    parse_number,
    validate_answer,
)
from sscassess.core.errors import ExitCode, SscError
from sscassess.core.fileio import atomic_write
from sscassess.core.stamps import now
from sscassess.core.texts import terminal_safe

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from pathlib import Path

    from sscassess.questionnaire.model import Question, Questionnaire

DRAFT_FORMAT = "sscassess-draft/1"
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
#: In French, the space before ; : ? ! » and after « does not break (a line never starts with
#: a lone ";").
_FRENCH_SPACES = re.compile(r" (?=[;:?!»])|(?<=«) ")

UI: dict[str, dict[str, str]] = {
    "back": {"en": "← back", "fr": "← retour", "es": "← volver"},
    "back_plain": {"en": "< back", "fr": "< retour", "es": "< volver"},
    "skip": {
        "en": "(skip this question)",
        "fr": "(passer cette question)",
        "es": "(omitir esta pregunta)",
    },
    "other": {
        "en": "Other (please specify)…",
        "fr": "Autre (précisez)…",
        "es": "Otro (especifique)…",
    },
    "other_prompt": {"en": "Please specify", "fr": "Précisez", "es": "Especifique"},
    "yes": {"en": "Yes", "fr": "Oui", "es": "Sí"},
    "no": {"en": "No", "fr": "Non", "es": "No"},
    "scale_hint": {
        "en": "(type {keys} to answer, or arrows and Enter)",
        "fr": "(tapez {keys} pour répondre, ou flèches et Entrée)",
        "es": "(escriba {keys} para responder, o flechas e Intro)",
    },
    "role_of": {
        "en": "role {n} of {total}",
        "fr": "rôle {n} sur {total}",
        "es": "rol {n} de {total}",
    },
    "select_hint": {
        "en": "(arrows to move, Enter to choose)",
        "fr": "(flèches pour se déplacer, Entrée pour choisir)",
        "es": "(flechas para moverse, Intro para elegir)",
    },
    "search_hint": {
        "en": "(type to search, arrows to move, Enter to choose)",
        "fr": "(tapez pour chercher, flèches, Entrée pour choisir)",
        "es": "(escriba para buscar, flechas, Intro para elegir)",
    },
    "checkbox_hint": {
        "en": "(Space to tick, Enter when done)",
        "fr": "(Espace pour cocher, Entrée pour valider)",
        "es": "(Espacio para marcar, Intro para terminar)",
    },
    "checkbox_optional_hint": {
        "en": "(Space to tick, Enter when done; Enter with nothing ticked skips)",
        "fr": "(Espace pour cocher, Entrée pour valider ; Entrée sans rien cocher pour passer)",
        "es": "(Espacio para marcar, Intro para terminar; Intro sin marcar nada para omitir)",
    },
    "other_hint_multi": {
        "en": "(< alone: back to the list; Enter with nothing typed: untick “Other”)",
        "fr": "(< seul : retour à la liste ; Entrée sans rien taper : décocher « Autre »)",
        "es": "(< solo: volver a la lista; Intro sin escribir nada: desmarcar «Otro»)",
    },
    "other_hint_single": {
        "en": "(< alone, or Enter with nothing typed: back to the list)",
        "fr": "(< seul, ou Entrée sans rien taper : retour à la liste)",
        "es": "(< solo, o Intro sin escribir nada: volver a la lista)",
    },
    "no_match": {
        "en": "(no match: Backspace to change the search)",
        "fr": "(aucun résultat : Retour arrière pour corriger)",
        "es": "(sin resultados: Retroceso para corregir)",
    },
    "required_mark": {"en": "required", "fr": "obligatoire", "es": "obligatoria"},
    "answering_for": {
        "en": "You answer for {org}, in the smart sustainable city campaign of {city}.",
        "fr": "Vous répondez pour {org}, dans la démarche de ville intelligente et durable menée "
        "à {city}.",
        "es": "Responde en nombre de {org}, en la campaña de ciudad inteligente y sostenible de "
        "{city}.",
    },
    "review_for": {
        "en": "Review the answers of {org} ({city})",
        "fr": "Vérifiez vos réponses : {org} ({city})",
        "es": "Revise las respuestas de {org} ({city})",
    },
    "final_saved": {
        "en": "Revision {rev} of the answers of {org} is signed and saved in:",
        "fr": "Révision {rev} des réponses pour {org}, signée et enregistrée dans :",
        "es": "La revisión {rev} de las respuestas de {org} está firmada y guardada en:",
    },
    "final_send_to": {
        "en": "Send this file to the coordinator of {city}:",
        "fr": "Envoyez ce fichier à l'équipe de coordination ({city}) :",
        "es": "Envíe este archivo al equipo de coordinación ({city}):",
    },
    "final_send": {
        "en": "Send this file to the coordinator of {city}, who sent you the invitation.",
        "fr": "Envoyez ce fichier à l'équipe de coordination ({city}), qui vous a envoyé "
        "l'invitation.",
        "es": "Envíe este archivo al equipo de coordinación ({city}), que le envió la invitación.",
    },
    "final_correct": {
        "en": "To correct it later, run the same command again, from any folder.",
        "fr": "Pour la corriger plus tard, relancez la même commande, depuis n'importe quel "
        "dossier.",
        "es": "Para corregirla más tarde, ejecute de nuevo la misma orden, desde cualquier "
        "carpeta.",
    },
    "your_answer": {"en": "Your answer", "fr": "Votre réponse", "es": "Su respuesta"},
    "more_below": {"en": "↓ {n} more", "fr": "↓ {n} de plus", "es": "↓ {n} más"},
    "more_above": {
        "en": "↑ {n} more above",
        "fr": "↑ {n} de plus au-dessus",
        "es": "↑ {n} más arriba",
    },
    "more_both": {
        "en": "↑ {above} above · ↓ {n} more",
        "fr": "↑ {above} au-dessus · ↓ {n} de plus",
        "es": "↑ {above} arriba · ↓ {n} más",
    },
    "among_note": {
        "en": "Only the aims you selected are offered; to choose another, add it to the aims "
        "first.",
        "fr": "Seuls les objectifs que vous avez sélectionnés sont proposés ; pour en choisir "
        "un autre, ajoutez-le d'abord aux objectifs.",
        "es": "Solo se ofrecen los objetivos que ha seleccionado; para elegir otro, añádalo "
        "antes a los objetivos.",
    },
    "changed_none": {
        "en": "Revision {next}, from revision {rev} of {date}: nothing changed yet (a changed "
        "answer gets a *).",
        "fr": "Révision {next}, à partir de la révision {rev} du {date} : rien de modifié pour "
        "l'instant (une réponse modifiée est marquée *).",
        "es": "Revisión {next}, a partir de la revisión {rev} del {date}: todavía no ha cambiado "
        "nada (una respuesta cambiada lleva *).",
    },
    "changed": {
        "en": "Revision {next}, from revision {rev} of {date}: {n} answer(s) changed, marked *.",
        "fr": "Révision {next}, à partir de la révision {rev} du {date} : {n} réponse(s) "
        "modifiée(s), marquée(s) *.",
        "es": "Revisión {next}, a partir de la revisión {rev} del {date}: {n} respuesta(s) "
        "cambiada(s), marcada(s) con *.",
    },
    "text_hint": {
        "en": "(type < alone to go back)",
        "fr": "(tapez < seul pour revenir)",
        "es": "(escriba < solo para volver)",
    },
    "text_optional_hint": {
        "en": "(Enter to skip, < alone to go back)",
        "fr": "(Entrée pour passer, < seul pour revenir)",
        "es": "(Intro para omitir, < solo para volver)",
    },
    "multiline_hint": {
        "en": "(Esc then Enter to finish; < alone to go back)",
        "fr": "(Échap puis Entrée pour terminer ; < seul pour revenir)",
        "es": "(Esc y luego Intro para terminar; < solo para volver)",
    },
    "multiline_optional_hint": {
        "en": "(Esc then Enter to finish, or to skip when empty; < alone to go back)",
        "fr": "(Échap puis Entrée pour terminer, ou pour passer si vide ; < seul pour revenir)",
        "es": "(Esc y luego Intro para terminar, o para omitir si está vacío; < solo para volver)",
    },
    "multiline_optional_first_hint": {
        "en": "(Esc then Enter to finish, or to skip when empty)",
        "fr": "(Échap puis Entrée pour terminer, ou pour passer si vide)",
        "es": "(Esc y luego Intro para terminar, o para omitir si está vacío)",
    },
    "review_title": {
        "en": "Review your answers",
        "fr": "Vérifiez vos réponses",
        "es": "Revise sus respuestas",
    },
    "submit": {
        "en": "Submit my answers",
        "fr": "Envoyer mes réponses",
        "es": "Enviar mis respuestas",
    },
    "later": {
        "en": "Save and finish later",
        "fr": "Enregistrer et terminer plus tard",
        "es": "Guardar y terminar más tarde",
    },
    "change": {
        "en": "Choose an answer to change, or submit:",
        "fr": "Choisissez une réponse à modifier, ou envoyez :",
        "es": "Elija una respuesta para cambiarla, o envíe:",
    },
    "which_role": {"en": "Which role?", "fr": "Quel rôle ?", "es": "¿Qué rol?"},
    "unanswered": {"en": "(not answered)", "fr": "(sans réponse)", "es": "(sin respuesta)"},
    "done_review": {
        "en": "Back to the review",
        "fr": "Retour à la vérification",
        "es": "Volver a la revisión",
    },
    "missing": {
        "en": "Some required answers are missing; they are marked with !",
        "fr": "Des réponses obligatoires manquent ; elles sont marquées d'un !",
        "es": "Faltan respuestas obligatorias; están marcadas con !",
    },
    "resumed": {
        "en": "Resuming your saved answers ({n} given).",
        "fr": "Reprise de vos réponses enregistrées ({n} données).",
        "es": "Se retoman sus respuestas guardadas ({n} dadas).",
    },
    "pick_org": {
        "en": "Which organisation is answering?",
        "fr": "Quelle organisation répond ?",
        "es": "¿Qué organización responde?",
    },
    "stale_draft": {
        "en": "Your saved draft was made with {old}, but the questionnaire is now {new}. Its answers "
        "cannot be carried over safely: the questions may differ.",
        "fr": "Votre brouillon a été fait avec {old}, mais le questionnaire est maintenant {new}. "
        "Ses réponses ne peuvent pas être reprises sans risque : les questions ont pu changer.",
        "es": "Su borrador se hizo con {old}, pero el cuestionario es ahora {new}. Sus respuestas "
        "no pueden trasladarse con seguridad: las preguntas pueden haber cambiado.",
    },
    "start_over": {
        "en": "Start again (the old draft is kept as {path})",
        "fr": "Recommencer (l'ancien brouillon est conservé sous {path})",
        "es": "Empezar de nuevo (el borrador antiguo se guarda como {path})",
    },
    "quit": {"en": "Quit", "fr": "Quitter", "es": "Salir"},
    "description": {"en": "Description:", "fr": "Description :", "es": "Descripción:"},
    "none_selected": {"en": "(none)", "fr": "(aucun)", "es": "(ninguno)"},
    "text_first_hint": {
        "en": "(Enter to confirm)",
        "fr": "(Entrée pour valider)",
        "es": "(Intro para confirmar)",
    },
    "text_optional_first_hint": {
        "en": "(Enter to skip)",
        "fr": "(Entrée pour passer)",
        "es": "(Intro para omitir)",
    },
    "multiline_first_hint": {
        "en": "(Esc then Enter to finish)",
        "fr": "(Échap puis Entrée pour terminer)",
        "es": "(Esc y luego Intro para terminar)",
    },
    "how_it_works": {
        "en": "One question per screen. Your answers are saved as you go: stop at any time with "
        "Ctrl-C and run the same command again to resume.",
        "fr": "Une question par écran. Vos réponses sont enregistrées au fur et à mesure : "
        "arrêtez quand vous voulez avec Ctrl-C et relancez la même commande pour reprendre.",
        "es": "Una pregunta por pantalla. Sus respuestas se guardan sobre la marcha: pare cuando "
        "quiera con Ctrl-C y ejecute de nuevo la misma orden para continuar.",
    },
    "minutes": {
        "en": "About {n} minutes, {total} questions.",
        "fr": "Environ {n} minutes, {total} questions.",
        "es": "Unos {n} minutos, {total} preguntas.",
    },
    "stopped": {
        "en": "stopped at question {at} of {total}; your {n} answer(s) are saved.",
        "fr": "arrêt à la question {at} sur {total} ; vos {n} réponse(s) sont enregistrées.",
        "es": "detenido en la pregunta {at} de {total}; sus {n} respuesta(s) están guardadas.",
    },
    "stopped_review": {
        "en": "stopped at the review; your {n} answer(s) are saved.",
        "fr": "arrêt à la vérification ; vos {n} réponse(s) sont enregistrées.",
        "es": "detenido en la revisión; sus {n} respuesta(s) están guardadas.",
    },
    "saved_later": {
        "en": "your {n} answer(s) are saved.",
        "fr": "vos {n} réponse(s) sont enregistrées.",
        "es": "sus {n} respuesta(s) están guardadas.",
    },
    "resume_with": {"en": "Resume with:", "fr": "Pour reprendre :", "es": "Para continuar:"},
    "colon": {"en": ": ", "fr": " : ", "es": ": "},
    "what_now": {
        "en": "What do you want to do?",
        "fr": "Que voulez-vous faire ?",
        "es": "¿Qué desea hacer?",
    },
    "draft_kept": {
        "en": "the old draft is unchanged ({path})",
        "fr": "l'ancien brouillon est inchangé ({path})",
        "es": "el borrador antiguo no se ha modificado ({path})",
    },
    "resubmit": {
        "en": "You submitted revision {rev} on {date}. This will be revision {next}, starting "
        "from your answers.",
        "fr": "Vous avez envoyé la révision {rev} le {date}. Ce sera la révision {next}, à "
        "partir de vos réponses.",
        "es": "Envió la revisión {rev} el {date}. Esta será la revisión {next}, a partir de sus "
        "respuestas.",
    },
    "resubmit_draft": {
        "en": "You submitted revision {rev} on {date}. This will be revision {next}, starting "
        "from your saved draft ({n} answers given).",
        "fr": "Vous avez envoyé la révision {rev} le {date}. Ce sera la révision {next}, à "
        "partir de votre brouillon enregistré ({n} réponses données).",
        "es": "Envió la revisión {rev} el {date}. Esta será la revisión {next}, a partir de su "
        "borrador guardado ({n} respuestas dadas).",
    },
    "resubmit_blank": {
        "en": "You submitted revision {rev} on {date}, with another version of the "
        "questionnaire: its answers cannot be carried over. This will be revision {next}.",
        "fr": "Vous avez envoyé la révision {rev} le {date}, avec une autre version du "
        "questionnaire : ses réponses ne peuvent pas être reprises. Ce sera la révision {next}.",
        "es": "Envió la revisión {rev} el {date}, con otra versión del cuestionario: sus "
        "respuestas no pueden trasladarse. Esta será la revisión {next}.",
    },
    "draft_moved": {
        "en": "Your draft was moved from {old} to {new}, where it is found from any folder.",
        "fr": "Votre brouillon a été déplacé de {old} vers {new}, où il est retrouvé depuis "
        "n'importe quel dossier.",
        "es": "Su borrador se trasladó de {old} a {new}, donde se encuentra desde cualquier "
        "carpeta.",
    },
    "state_invited": {"en": "invited", "fr": "invitée", "es": "invitada"},
    "state_draft": {"en": "draft {n}", "fr": "brouillon {n}", "es": "borrador {n}"},
    "state_submitted": {
        "en": "submitted rev {rev}",
        "fr": "envoyée, rév. {rev}",
        "es": "enviada, rev. {rev}",
    },
    "finish_workshop": {
        "en": "(finish: no other organisation now)",
        "fr": "(terminer : aucune autre organisation pour l'instant)",
        "es": "(terminar: ninguna otra organización por ahora)",
    },
    "org_submitted": {
        "en": "{org} submitted revision {rev} on {date}.",
        "fr": "{org} a envoyé la révision {rev} le {date}.",
        "es": "{org} envió la revisión {rev} el {date}.",
    },
    "answer_again": {
        "en": "Answer again: revision {next}, starting from the answers submitted",
        "fr": "Répondre à nouveau : révision {next}, à partir des réponses envoyées",
        "es": "Responder de nuevo: revisión {next}, a partir de las respuestas enviadas",
    },
    "other_org": {
        "en": "Choose another organisation",
        "fr": "Choisir une autre organisation",
        "es": "Elegir otra organización",
    },
    "stored": {
        "en": "{org}: answers stored (revision {rev}).",
        "fr": "{org} : réponses enregistrées (révision {rev}).",
        "es": "{org}: respuestas guardadas (revisión {rev}).",
    },
    "stopped_list": {
        "en": "stopped at the list of organisations; nothing was lost.",
        "fr": "arrêt à la liste des organisations ; rien n'est perdu.",
        "es": "detenido en la lista de organizaciones; no se ha perdido nada.",
    },
    "stored_unchanged": {
        "en": "{org}: the same answers are stored already (revision {rev}).",
        "fr": "{org} : les mêmes réponses sont déjà enregistrées (révision {rev}).",
        "es": "{org}: las mismas respuestas ya están guardadas (revisión {rev}).",
    },
}


def ui(key: str, lang: str, **params: Any) -> str:
    """A wizard text in ``lang`` (English if missing)."""
    table = UI[key]
    return table.get(lang, table["en"]).format(**params)


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


def plain_style() -> Style:
    """No colour at all (--plain): every class questionary and prompt_toolkit colour is reset.

    ``noinherit`` starts a class from the terminal's defaults, so questionary's own colours
    (the "?" mark, the answer) are dropped rather than merged.
    """
    classes = ("qmark", "question", "answer", "search_success", "search_none", "pointer",
               "highlighted", "selected", "separator", "instruction", "text", "disabled",
               "validation-toolbar")  # fmt: skip
    return Style([(c, "noinherit") for c in classes])


class Stopped(SscError):
    """The respondent stopped (Ctrl-C, end of input); the draft is saved."""

    exit_code = ExitCode.INTERRUPTED


class SavedForLater(Stopped):
    """The respondent chose "Save and finish later": not an interruption, exit 0."""

    exit_code = ExitCode.OK


class _Back:
    """Marker returned by a screen when the respondent goes back."""


BACK = _Back()
_SKIP = "\x00skip"
_OTHER = "\x00other"
_BACK_VALUE = "\x00back"
#: Letters that NFKD does not take apart, spelled as typed on a keyboard without them.
_FOLD_EXTRA = str.maketrans({"œ": "oe", "æ": "ae", "ø": "o", "ł": "l", "đ": "d", "ı": "i"})


def fold(text: str) -> str:
    """``text`` for matching: case and accents ignored (NFKD, marks dropped, case-folded)."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return bare.casefold().translate(_FOLD_EXTRA)


def _title_text(choice: Any) -> str:
    title = choice.title
    return title if isinstance(title, str) else "".join(str(part[1]) for part in title)


class FoldedSearch(InquirerControl):
    """questionary's list with a search that ignores case and accents.

    When nothing matches it shows nothing (questionary shows every choice, and Enter takes
    the first).
    """

    @property
    def filtered_choices(self) -> list[Any]:
        """The choices whose title contains the search, folded (see :func:`fold`)."""
        if not self.search_filter:
            return list(self.choices)
        key = fold(self.search_filter)
        found = [c for c in self.choices if key in fold(_title_text(c))]
        self.found_in_search = bool(found)
        return found


class _Again:
    """Returned by a screen to be asked again, with what it showed (back from "Please specify")."""

    def __init__(self, current: Any) -> None:
        self.current = current


@dataclass(frozen=True)
class Screen:
    """One question on screen (a role matrix has one screen per role)."""

    question: Question
    item: str | None = None


def visible_screens(
    q: Questionnaire, answers: Mapping[str, Any], fixed: Mapping[str, Any]
) -> list[Screen]:
    """The screens asked given the answers so far (fixed answers are not asked)."""
    out: list[Screen] = []
    for question in q.questions:
        if question.id in fixed or not q.is_visible(question, answers):
            continue
        if question.type == "role_matrix":
            out.extend(Screen(question, item.value) for item in question.items)
        else:
            out.append(Screen(question))
    return out


def submitted_answers(
    q: Questionnaire, answers: Mapping[str, Any], fixed: Mapping[str, Any]
) -> dict[str, Any]:
    """Answers of a submitted response, to start its next revision from.

    Every optional question it left out counts as skipped (it was: the response keeps no empty answers),
    so the wizard opens on the review rather than asking those again.
    """
    out = {k: v for k, v in answers.items() if k not in fixed}
    seen = {**out, **fixed}
    for question in q.questions:
        if question.id not in seen and not question.required and q.is_visible(question, seen):
            out[question.id] = None
    return out


def is_answered(screen: Screen, answers: Mapping[str, Any]) -> bool:
    """Whether a screen has an answer (a skipped optional question counts as answered)."""
    value = answers.get(screen.question.id, None)
    if screen.item is not None:
        return isinstance(value, dict) and screen.item in value
    return screen.question.id in answers


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


# ---------------------------------------------------------------------------- drafts


class DraftFile:
    """A draft kept in a JSON file, written atomically after each answer.

    With an invitation the file is in the user's data folder (:mod:`sscassess.wizard.drafts`);
    a standalone run keeps it beside its answers file.
    """

    def __init__(self, path: Path, q: Questionnaire, invitation_id: str | None) -> None:
        self.path = path
        self.q = q
        self.invitation_id = invitation_id

    def load(self) -> tuple[dict[str, Any], dict[str, Any] | None]:
        """(answers, stale draft info) — answers empty when there is no usable draft."""
        if not self.path.is_file():
            return {}, None
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}, {"questionnaire": {"id": "?", "version": "?"}}
        pinned = data.get("questionnaire", {}) if isinstance(data, dict) else {}
        if (
            not isinstance(data, dict)
            or data.get("format") != DRAFT_FORMAT
            or pinned.get("sha256") != self.q.sha256
        ):
            return {}, data if isinstance(data, dict) else {}
        if data.get("invitation_id") != self.invitation_id:
            return {}, data
        answers = data.get("answers")
        return (dict(answers) if isinstance(answers, dict) else {}), None

    def save(self, answers: Mapping[str, Any], answered: int, total: int) -> None:
        """Write the draft (temp file, fsync, rename)."""
        data = {
            "format": DRAFT_FORMAT,
            "questionnaire": {"id": self.q.id, "version": self.q.version, "sha256": self.q.sha256},
            "invitation_id": self.invitation_id,
            "answered": answered,
            "total": total,
            "saved_at": now(),
            "answers": dict(answers),
        }
        atomic_write(
            self.path, (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode(), mode=0o600
        )

    def set_aside(self) -> Path:
        """Keep an unusable draft under another name; returns it."""
        old = self.path.with_name(self.path.stem + ".old" + self.path.suffix)
        self.path.replace(old)
        return old

    def remove(self) -> None:
        """Delete the draft once the answers are submitted."""
        self.path.unlink(missing_ok=True)


# ---------------------------------------------------------------------------- the wizard


class Wizard:
    """Runs the questionnaire in the terminal and returns the final answers."""

    def __init__(
        self,
        q: Questionnaire,
        lang: str,
        *,
        plain: bool = False,
        fixed: Mapping[str, Any] | None = None,
        answers: Mapping[str, Any] | None = None,
        save: Callable[[Mapping[str, Any], int, int], None] | None = None,
        resume_command: str = "",
        out: Any = None,
        notice: str = "",
        previous: Mapping[str, Any] | None = None,
        previous_revision: int | None = None,
        previous_date: str = "",
        next_revision: int | None = None,
        organisation: str = "",
        city: str = "",
    ) -> None:
        """Set up a run.

        ``organisation`` and ``city`` (when known: an invitation, workshop mode) are named
        on the welcome screen and the review.

        ``notice`` is said before the first screen (instead of the introduction);
        ``previous`` are the answers of the submitted ``previous_revision`` (of
        ``previous_date``, in words): the review says that this is ``next_revision`` and marks
        what changed since.
        """
        self.q = q
        self.lang = lang
        self.plain = plain
        self.fixed = dict(fixed or {})
        self.answers: dict[str, Any] = {**dict(answers or {}), **self.fixed}
        self._save = save
        self.resume_command = resume_command
        self.notice = notice
        self.previous = dict(previous) if previous is not None else None
        self.previous_revision = previous_revision
        self.previous_date = previous_date
        self.next_revision = next_revision
        self.organisation = organisation
        self.city = city
        self.spelt_out: set[str] = set()  #: acronyms spelt out on a screen already
        self.in_review = False
        self.lines_above = 0  #: lines printed above the current prompt (for the list height)
        self.out = out or sys.stdout
        self.style = plain_style() if plain else None
        # questionary draws ticks as ● and ○, which read as radio buttons: boxes instead, in
        # every mode (the same for the whole process, so nothing to restore).
        import questionary.prompts.common as qcommon

        qcommon.INDICATOR_SELECTED = "[x]"  # type: ignore[attr-defined]
        qcommon.INDICATOR_UNSELECTED = "[ ]"  # type: ignore[attr-defined]

    # -- output

    def ui(self, key: str, lang: str, **params: Any) -> str:
        """A wizard text, with ASCII glyphs in plain mode."""
        return self.g(ui(key, lang, **params))

    def g(self, text: str) -> str:
        """In plain mode, swap decorative glyphs for ASCII (letters and accents stay)."""
        return plain_text(text) if self.plain else text

    def width(self) -> int:
        """Terminal width, at least 20."""
        return max(20, shutil.get_terminal_size((80, 24)).columns)

    def say(self, text: str = "", indent: str = "") -> None:
        """Print wrapped, terminal-safe text above the prompt."""
        width = self.width() - 1
        for para in terminal_safe(self.g(text)).split("\n"):
            if self.lang == "fr":
                para = _FRENCH_SPACES.sub("\u00a0", para)
            # Paths and commands stay whole (the terminal wraps a longer one), to be copied.
            lines = textwrap.wrap(
                para, width=width, initial_indent=indent, subsequent_indent=indent,
                break_long_words=False, break_on_hyphens=False,
            ) or [""]  # fmt: skip
            for line in lines:
                print(line.replace("\u00a0", " ") if self.plain else line, file=self.out)
            self.lines_above += len(lines)
        self.out.flush()

    def t(self, value: Any) -> str:
        """A questionnaire text in the wizard's language, acronyms spelt out (see ACRONYMS)."""
        return self.g(self.spell(self.q.text(value, self.lang)))

    def spell(self, text: str) -> str:
        """``text`` with its acronyms spelt out (:data:`ACRONYMS`).

        One replaced everywhere is always the full term; the others are spelt out the first
        time a screen shows them ("smart sustainable city (SSC)"), and stay short after.
        """
        for acronym, term, everywhere in ACRONYMS.get(self.lang, ()):
            if acronym not in text:
                continue
            pattern = re.compile(rf"(?<![\w-]){acronym}(?![\w-])")
            if everywhere:
                text = pattern.sub(term, text)
            elif acronym not in self.spelt_out and pattern.search(text):
                self.spelt_out.add(acronym)
                text = pattern.sub(f"{term} ({acronym})", text, count=1)
        return text

    # -- state

    def answered_count(self) -> tuple[int, int]:
        """(screens answered, screens visible)."""
        screens = visible_screens(self.q, self.answers, self.fixed)
        return sum(1 for s in screens if is_answered(s, self.answers)), len(screens)

    def save(self) -> None:
        """Save the draft through the callback given."""
        if self._save is not None:
            done, total = self.answered_count()
            self._save({k: v for k, v in self.answers.items() if k not in self.fixed}, done, total)

    def set(self, screen: Screen, value: Any) -> None:
        """Record the answer of a screen, forget answers now hidden, save the draft."""
        qid = screen.question.id
        if value is _SKIP:
            self.answers[qid] = None
        elif screen.item is not None:
            ratings = dict(self.answers.get(qid) or {})
            ratings[screen.item] = value
            self.answers[qid] = ratings
        else:
            self.answers[qid] = value
        self.prune_hidden()
        self.save()

    def prune_hidden(self) -> None:
        """Forget answers to questions that the latest answer hides."""
        changed = True
        while changed:
            changed = False
            for question in self.q.questions:
                hidden = not self.q.is_visible(question, self.answers)
                if hidden and question.id in self.answers and question.id not in self.fixed:
                    del self.answers[question.id]
                    changed = True

    # -- the run

    def run(self) -> dict[str, Any]:
        """Ask until the respondent submits; returns the answers (without skipped ones)."""
        try:
            self.loop()
        except (KeyboardInterrupt, EOFError):
            self.stop()
        return {k: v for k, v in self.answers.items() if v is not None}

    def stop(self, key: str | None = None, later: bool = False) -> None:
        """Raise :class:`Stopped` with how far the respondent got and how to resume.

        The command to resume is on a line of its own, so it can be copied whole.
        """
        done, total = self.answered_count()
        key = key or ("stopped_review" if self.in_review else "stopped")
        message = self.ui(key, self.lang, at=min(done + 1, total), total=total, n=done)
        # Wrapped here: the terminal would otherwise break it mid-word at 60 columns.
        message = "\n".join(textwrap.wrap(message, self.width() - 1) or [message])
        if self.resume_command:
            message += f"\n{self.ui('resume_with', self.lang)}\n  {self.resume_command}"
        raise SavedForLater(message) if later else Stopped(message)

    def welcome(self) -> None:
        """The questionnaire's title, purpose and length, before the first question."""
        title = self.t(self.q.title)
        self.say()
        self.say(title)
        self.say("=" * min(len(title), self.width() - 1))
        if self.q.description:
            self.say(self.t(self.q.description))
            self.say()
        if self.organisation and self.city:  # near the first question: still on screen
            self.say(self.ui("answering_for", self.lang, org=self.organisation, city=self.city))
            self.say()
        total = len(visible_screens(self.q, self.answers, self.fixed))
        how = self.ui("how_it_works", self.lang)
        if self.q.estimated_minutes:
            minutes = self.ui("minutes", self.lang, n=self.q.estimated_minutes, total=total)
            how = f"{minutes} {how}"
        self.say(how)

    def loop(self) -> None:
        """Ask screen after screen, then the review, until the respondent submits."""
        index = self.first_unanswered()
        if self.notice:
            self.say()
            self.say(self.notice)
        elif index > 0:
            self.say(self.ui("resumed", self.lang, n=index))
        else:
            self.welcome()
        while True:
            screens = visible_screens(self.q, self.answers, self.fixed)
            if index >= len(screens):
                if self.review():
                    return
                index = len(visible_screens(self.q, self.answers, self.fixed))
                continue
            screen = screens[index]
            opens_section = (
                index == 0 or screens[index - 1].question.section != screen.question.section
            )
            value = self.ask(
                screen, index, len(screens), can_go_back=index > 0, intro=opens_section
            )
            if value is BACK:
                index = max(0, index - 1)
                continue
            self.set(screen, value)
            screens = visible_screens(self.q, self.answers, self.fixed)
            index = next((i for i, s in enumerate(screens) if s == screen), index) + 1

    def first_unanswered(self) -> int:
        """Index of the first visible screen without an answer."""
        screens = visible_screens(self.q, self.answers, self.fixed)
        for i, screen in enumerate(screens):
            if not is_answered(screen, self.answers):
                return i
        return len(screens)

    # -- one screen

    def header(self, screen: Screen, index: int, total: int, intro: bool = False) -> str:
        """Print the step counter, section (and its intro) and help; returns the prompt message."""
        question = screen.question
        section = next(s for s in self.q.sections if s.id == question.section)
        self.say()
        self.lines_above = 0
        step = f"[{index + 1}/{total}] {self.t(section.title)}"
        if question.required:
            step += " · " + self.ui("required_mark", self.lang)
        at = None
        if screen.item is not None:
            at = next(n for n, i in enumerate(question.items) if i.value == screen.item)
            step += " · " + self.ui("role_of", self.lang, n=at + 1, total=len(question.items))
        self.say(step)
        if intro and section.intro:
            self.say(self.t(section.intro))
        label = self.t(question.label)
        help_text = question.help
        if at is not None:
            # The role first, then what it means; the question is the prompt.
            item = question.items[at]
            self.say(self.t(item.label))
            help_text = item.help
            if help_text:
                self.say(self.t(help_text), indent="  ")
            help_text = None
        # A prompt line longer than the terminal is not wrapped by prompt_toolkit: a multi-line
        # text field then draws nothing at all. Long questions go above the prompt, wrapped,
        # before their help; the prompt then says "Your answer" (not a glyph like the pointer).
        message = label
        if len(label) + 4 > self.width() - 16:
            if at is None:
                self.say(label)
            message = self.ui("your_answer", self.lang)
        if help_text:
            self.say(self.t(help_text), indent="  ")
        return message

    def hint(self, key: str, literal: bool = False) -> str:
        """Print a key hint on its own line above the prompt (questionary's wraps badly)."""
        self.say(key if literal else self.ui(key, self.lang), indent="  ")
        return " "  # questionary shows its own English hint for an empty instruction

    def digit_keys(self, prompt: Any, answers: dict[str, Any]) -> None:
        """Bind each key of ``answers`` to answering with its value at once (a rating)."""
        from questionary.prompts.common import InquirerControl

        app = prompt.application
        ic: Any = next(c for c in app.layout.find_all_controls() if isinstance(c, InquirerControl))

        def bind(key: str, value: Any) -> None:
            def pick(event: Any) -> None:
                ic.pointed_at = next(
                    i for i, c in enumerate(ic.choices) if getattr(c, "value", None) == value
                )
                ic.is_answered = True
                event.app.exit(result=value)

            app.key_bindings.add(key, eager=True)(pick)

        for key, value in answers.items():
            bind(key, value)

    def tune_text(self, prompt: Any) -> Any:
        """Let a text prompt's validation message wrap over up to three lines.

        prompt_toolkit draws it on one line, cut at the terminal's edge: at 60 columns
        "« 1,000 » est ambigu : il se lit 1 ici, et non 1000 ; tapez 1 ou 1000" lost the way
        out. Reaches into prompt_toolkit's ValidationToolbar (found by its text function).
        """
        from prompt_toolkit.layout import Dimension

        for window in prompt.application.layout.find_all_windows():
            text = getattr(window.content, "text", None)
            if "ValidationToolbar" in getattr(text, "__qualname__", ""):
                window.height = Dimension(min=1, max=3)
                window.wrap_lines = to_filter(True)
        return prompt

    def describe_help(self, text: Any) -> str | None:
        """A choice's help, shown under the list for the choice pointed at (see :meth:`tune`)."""
        if not text:
            return None
        return " ".join(terminal_safe(self.t(text)).split()) or None

    def tune(
        self,
        prompt: Any,
        message: str = "",
        validate: Callable[[list[Any]], bool | str] | None = None,
        search: bool = False,
    ) -> Any:
        """Adapt a questionary list prompt to the wizard's conventions.

        * Long choices wrap, indented under their first line (prompt_toolkit cuts a line at
          the terminal's edge), at the width the terminal has now.
        * The help of the choice pointed at is drawn under the list, labelled in the wizard's
          language and wrapped (questionary writes "Description:" in English on one line).
        * The list is at most as tall as the terminal leaves under the lines printed above it,
          and scrolls: the step counter and the question stay on screen (THREATS A5).
        * For a checkbox (``validate`` given): Enter on "← back" goes back and Space there does
          nothing (questionary would submit the ticks, or tick "back"); questionary's "a" and
          "i" (tick all, invert) do nothing; the answer line lists the labels ticked instead of
          questionary's English "done (2 selections)".
        * Under a list taller than the room left, a line says how many choices are out of view
          ("↑ 2 above · ↓ 3 more").
        * For a searchable list (``search``): the search ignores case and accents, accented
          letters can be typed (questionary takes ASCII only), and a search that matches
          nothing shows nothing and Enter does nothing (questionary shows every choice and
          Enter records the first).

        The prompt must be made with ``show_description=False``. Reaches into questionary's
        InquirerControl and layout; tests/test_wizard*.py drive each behaviour.
        """
        from prompt_toolkit.filters import Condition, is_done
        from prompt_toolkit.formatted_text import FormattedText
        from prompt_toolkit.keys import Keys
        from prompt_toolkit.layout import (
            ConditionalContainer,
            Dimension,
            ScrollOffsets,
            Window,
            walk,
        )
        from prompt_toolkit.layout.controls import FormattedTextControl
        from questionary.prompts.common import InquirerControl

        app = prompt.application
        ic: Any = next(
            (c for c in app.layout.find_all_controls() if isinstance(c, InquirerControl)), None
        )
        root: Any = app.layout.container
        window = next((w for w in app.layout.find_all_windows() if w.content is ic), None)
        if ic is None or window is None or not hasattr(root, "children"):  # pragma: no cover
            return prompt  # a questionary that draws lists differently: leave it as it is
        label = "  " + self.ui("description", self.lang) + " "
        choice_tokens: Callable[[], list[Any]] = ic.text
        back_title = self.back_choice().title
        #: the line each counted choice starts on, and how many lines the list has
        drawn: dict[str, Any] = {"starts": [], "lines": 0}

        def no_match() -> bool:
            return bool(ic.search_filter) and not ic.filtered_choices

        def tokens() -> list[Any]:
            width = self.width() - 1
            if no_match():
                said = textwrap.wrap(self.ui("no_match", self.lang), width - 3) or [""]
                return [("class:text", "\n".join("   " + line for line in said))]
            out: list[Any] = []
            column = 0
            line, first, starts, counted = 0, 0, [], True
            for style, text, *rest in choice_tokens():
                if text == back_title and out and out[-1][1] in ("[ ] ", "[x] "):
                    out[-1] = (out[-1][0], "")  # "← back" is not a box to tick
                if style == "class:separator":
                    counted = False
                if (
                    isinstance(text, str)
                    and "\n" not in text
                    and column + len(text) > width
                    and column < width // 2
                ):
                    lines = textwrap.wrap(text, width - column, break_long_words=False) or [text]
                    text = ("\n" + " " * column).join(lines)
                out.append((style, text, *rest))
                if isinstance(text, str):
                    column = (
                        len(text) - text.rfind("\n") - 1 if "\n" in text else column + len(text)
                    )
                    line += text.count("\n")
                    if style == "" and text == "\n":  # questionary's end of a choice
                        if counted:
                            starts.append(first)
                        first, counted = line, True
            if counted and (line > first or column):
                starts.append(first)  # the last choice has no newline after it
            drawn["starts"] = starts
            drawn["lines"] = line + 1
            return out

        def hidden() -> tuple[int, int]:
            """Choices wholly or partly out of view: (above, below)."""
            info = window.render_info
            if info is None or drawn["lines"] <= info.window_height:
                return 0, 0
            first, last = info.first_visible_line(), info.last_visible_line()
            return (
                sum(1 for start in drawn["starts"] if start < first),
                sum(1 for start in drawn["starts"] if start > last),
            )

        def more_shown() -> bool:
            drawn["said"] = pair = hidden()
            if not any(pair):
                drawn["shown"] = pair
            return any(pair)

        def more_text() -> list[Any]:
            above, below = drawn["shown"] = drawn.get("said", (0, 0))
            if above and below:
                said = self.ui("more_both", self.lang, above=above, n=below)
            elif above:
                said = self.ui("more_above", self.lang, n=above)
            else:
                said = self.ui("more_below", self.lang, n=below)
            return [("class:instruction", "   " + said)]

        def recount(_: Any) -> None:
            # The line is laid out before the list scrolls: once the list is drawn, draw it
            # again if what it shows is out of date (at most once per key).
            if hidden() != drawn.get("shown"):
                app.invalidate()

        def help_lines() -> list[str]:
            try:
                text = ic.get_pointed_at().description
            except IndexError:  # a search that matches nothing
                return []
            if not text:
                return []
            width = self.width() - 1
            return textwrap.wrap(text, width, initial_indent=label, subsequent_indent="  ")

        def room(help_rows: int) -> int:
            # Under the lines above: the prompt line, the help, a validation message, the cursor.
            rows = int(app.output.get_size().rows) - self.lines_above - 1 - help_rows - 2
            return rows - 1 if drawn["lines"] > rows else rows  # and "↓ 3 more" under a cut list

        def shown_help() -> list[str]:
            lines = help_lines()
            return lines if room(len(lines)) >= 4 else []  # a tiny terminal keeps the choices

        def help_tokens() -> list[Any]:
            return [("class:text", "\n".join(shown_help()))]

        def list_height() -> Any:
            return Dimension(max=max(3, room(len(shown_help()))))

        if search:
            ic.__class__ = FoldedSearch
            nothing = Condition(no_match)
            keys_: Any = app.key_bindings

            def ignore(event: Any) -> None:
                return None

            def typed(event: Any) -> None:
                if len(event.data) == 1 and ord(event.data) > 127 and event.data.isprintable():
                    ic.add_search_character(event.data)

            # Added after questionary's own bindings for the same keys: these win.
            for key in (Keys.ControlM, Keys.Up, Keys.Down, Keys.ControlN, Keys.ControlP):
                keys_.add(key, eager=True, filter=nothing)(ignore)
            keys_.add(Keys.Any, eager=True)(typed)
        ic.text = tokens
        window.height = list_height
        # Keep the rest of a wrapped choice (and the next one) in view below the pointer.
        window.scroll_offsets = ScrollOffsets(top=1, bottom=2)
        at = next(
            i for i, child in enumerate(root.children) if any(c is window for c in walk(child))
        )
        help_window = Window(FormattedTextControl(help_tokens), dont_extend_height=True)
        more_window = Window(FormattedTextControl(more_text), dont_extend_height=True)
        root.children.insert(at + 1, ConditionalContainer(help_window, filter=~is_done))
        root.children.insert(
            at + 1, ConditionalContainer(more_window, filter=~is_done & Condition(more_shown))
        )
        app.after_render += recount
        if validate is None:
            return prompt
        check = validate

        def finish(event: Any, result: list[Any], summary: str) -> None:
            # questionary draws the answer line from the one ticked choice's title.
            ic.choices.append(Choice([("class:answer", summary)], value="\x00summary"))
            ic.selected_options = ["\x00summary"]
            ic.is_answered = True
            event.app.exit(result=result)

        def pointed_at_back() -> bool:
            try:
                return bool(ic.get_pointed_at().value == _BACK_VALUE)
            except IndexError:  # nothing to point at
                return False

        on_back = Condition(pointed_at_back)

        def back(event: Any) -> None:
            finish(event, [_BACK_VALUE], self.ui("back_plain" if self.plain else "back", self.lang))

        def submit(event: Any) -> None:
            ticked = [c for c in ic.get_selected_values() if c.value != _BACK_VALUE]
            values = [c.value for c in ticked]
            ic.submission_attempted = True
            verdict = check(values)
            if verdict is not True:
                text = "Invalid input" if verdict is False else str(verdict)
                ic.error_message = FormattedText([("class:validation-toolbar", text)])
                return
            ic.error_message = None
            names = ", ".join(str(c.title) for c in ticked) or self.ui("none_selected", self.lang)
            room = max(10, self.width() - len(message) - 6)
            finish(event, values, names if len(names) <= room else self.g(names[: room - 1] + "…"))

        def ignore_key(event: Any) -> None:
            return None

        # Added after questionary's own bindings for the same keys: these win.
        keys: Any = app.key_bindings
        # Space ticks: on "← back" it does nothing (going back would drop the ticks made here).
        keys.add(" ", eager=True, filter=on_back)(ignore_key)
        keys.add(Keys.ControlM, eager=True, filter=on_back)(back)
        keys.add(Keys.ControlM, eager=True, filter=~on_back)(submit)
        # questionary's "a" (tick all) and "i" (invert) changed every tick, hidden ones too,
        # when a respondent typed as if to search.
        for letter in "aAiI":
            keys.add(letter, eager=True)(ignore_key)
        return prompt

    def back_choice(self) -> Choice:
        """The "← back" entry of a list."""
        return Choice(self.ui("back_plain" if self.plain else "back", self.lang), value=_BACK_VALUE)

    def ask(
        self, screen: Screen, index: int, total: int, can_go_back: bool, intro: bool = False
    ) -> Any:
        """Ask one screen; returns the value, or :data:`BACK`."""
        question = screen.question
        current = self.answers.get(question.id)
        if screen.item is not None:
            current = (current or {}).get(screen.item) if isinstance(current, dict) else None
        kind = "scale" if screen.item is not None else question.type
        while True:
            message = self.header(screen, index, total, intro)
            if kind in ("single", "scale", "confirm"):
                value = self.ask_select(screen, message, current, can_go_back, kind)
            elif kind == "multi":
                value = self.ask_multi(screen, message, current, can_go_back)
            else:
                value = self.ask_text(screen, message, current, can_go_back)
            if not isinstance(value, _Again):
                return value
            current, intro = value.current, False

    def common(self) -> dict[str, Any]:
        """Options shared by every prompt."""
        options: dict[str, Any] = {"qmark": "?", "style": self.style}
        return options

    def ask_select(
        self, screen: Screen, message: str, current: Any, can_go_back: bool, kind: str
    ) -> Any:
        """A single choice, a scale point or yes/no, with skip and back entries."""
        question = screen.question
        choices: list[Any] = []
        if not question.required:
            # First, and pointed at while unanswered: Enter skips an optional question rather
            # than answering it with whatever choice happens to come first.
            choices.append(Choice(self.ui("skip", self.lang), value=_SKIP))
        if kind == "confirm":
            choices += [
                Choice(self.ui("yes", self.lang), value=True),
                Choice(self.ui("no", self.lang), value=False),
            ]
        elif kind == "scale":
            for p in question.scale:
                desc = self.t(p.help) if p.help else None
                choices.append(
                    Choice(f"{p.value}  {self.t(p.label)}", value=p.value, description=desc)
                )
        else:
            offered = self.q.choices_for(question, self.answers)
            rule = among_rule(self.q, question, self.answers)
            if rule is not None:  # the top aim: one of the aims selected
                offered = tuple(c for c in offered if c.value in rule[1])
                self.say(self.ui("among_note", self.lang), indent="  ")
            for c in offered:
                desc = self.describe_help(c.help)
                choices.append(Choice(self.t(c.label), value=c.value, description=desc))
            if question.other:
                choices.append(Choice(self.ui("other", self.lang), value=_OTHER))
        if can_go_back:
            choices.append(self.back_choice())
        default: Any = None
        if isinstance(current, dict) and "other" in current:
            default = _OTHER
        elif current is not None:
            default = current
        elif not question.required:
            default = _SKIP
        values = [c.value for c in choices if isinstance(c, Choice)]
        search = len(choices) > 9
        # A rating is one key: its digit answers at once (one key per role, 24 roles).
        digits = [v for v in question.scale_values if 0 <= v <= 9] if kind == "scale" else []
        if digits:
            keys = f"{min(digits)}–{max(digits)}" if len(digits) > 2 else "/".join(map(str, digits))
            hint = self.hint(self.ui("scale_hint", self.lang, keys=keys), literal=True)
        else:
            hint = self.hint("search_hint" if search else "select_hint")
        prompt = self.tune(
            questionary.select(
                message,
                choices=choices,
                default=default if default in values else None,
                pointer=">" if self.plain else "»",
                use_search_filter=search,
                use_jk_keys=not search,
                instruction=hint,
                show_description=False,  # drawn by tune(), under a list that may scroll
                **self.common(),
            ),
            search=search,
        )
        if digits:
            self.digit_keys(prompt, {str(v): v for v in digits})
        answer = prompt.unsafe_ask()
        if answer == _BACK_VALUE:
            return BACK
        if answer == _OTHER:
            before = current["other"] if isinstance(current, dict) else ""
            text = self.ask_other(question, before, multi=False)
            if text is BACK or text is None:
                return _Again({"other": before})  # the list again, pointing at "Other"
            return {"other": text}
        return answer

    def ask_other(self, question: Question, default: str, multi: bool) -> Any:
        """The free text of an "other" entry.

        Returns the text, :data:`BACK` for a lone ``<``, or None for Enter with nothing typed
        (the caller goes back to its list either way).
        """
        self.say(self.ui("other_hint_multi" if multi else "other_hint_single", self.lang), "  ")

        def check(typed: str) -> bool | str:
            text = typed.strip()
            if text in ("", "<"):
                return True
            trial: Any = [{"other": text}] if multi else {"other": text}
            problems = [
                p
                for p in validate_answer(self.q, question, trial, self.answers, self.lang)
                if p.code in ("other_text", "control_chars")
            ]
            return True if not problems else self.g(problems[0].message(self.lang))

        text = self.tune_text(
            questionary.text(
                self.ui("other_prompt", self.lang), default=default, validate=check,
                **self.common(),
            )
        ).unsafe_ask()  # fmt: skip
        text = text.strip()
        if text == "<":
            return BACK
        return text or None

    def ask_multi(self, screen: Screen, message: str, current: Any, can_go_back: bool) -> Any:
        """Several choices; validated as ticked."""
        question = screen.question
        selected = [v for v in (current or []) if isinstance(v, str)]
        other_current = next((v for v in (current or []) if isinstance(v, dict)), None)
        choices: list[Any] = []
        for c in self.q.choices_for(question, self.answers):
            desc = self.describe_help(c.help)
            choices.append(
                Choice(
                    self.t(c.label), value=c.value, checked=c.value in selected, description=desc
                )
            )
        if question.other:
            choices.append(
                Choice(self.ui("other", self.lang), value=_OTHER, checked=other_current is not None)
            )
        if can_go_back:
            choices.append(Separator("-" * 10 if self.plain else "─" * 10))
            choices.append(self.back_choice())

        def check(values: list[Any]) -> bool | str:
            values = [v for v in values if v != _BACK_VALUE]  # ticked with "a" (all) or "i"
            # The "other" text is asked next (and checked there): a stand-in for now.
            trial = [v if v != _OTHER else {"other": "…"} for v in values]
            problems = validate_answer(self.q, question, trial, self.answers, self.lang)
            return True if not problems else self.g(problems[0].message(self.lang))

        prompt = questionary.checkbox(
            message,
            choices=choices,
            validate=check,
            pointer=">" if self.plain else "»",
            instruction=self.hint(
                "checkbox_hint" if question.required else "checkbox_optional_hint"
            ),
            show_description=False,  # drawn by tune(), under a list that may scroll
            **self.common(),
        )
        answer = self.tune(prompt, message, validate=check).unsafe_ask()
        if answer == [_BACK_VALUE]:
            return BACK
        values: list[Any] = [v for v in answer if v != _OTHER]
        if _OTHER in answer:
            before = other_current["other"] if other_current else ""
            text = self.ask_other(question, before, multi=True)
            if text is BACK:  # the list again, ticks as they were
                return _Again([*values, {"other": before}])
            if text is None:  # the list again, "Other" unticked
                return _Again(values)
            values.append({"other": text})
        if not values and not question.required:
            return _SKIP
        return values

    def ask_text(self, screen: Screen, message: str, current: Any, can_go_back: bool) -> Any:
        """Free text or a number, validated as typed."""
        question = screen.question
        number = question.type == "number"
        multiline = not number and question.max_length > 200
        if multiline:
            key = "multiline_hint" if question.required else "multiline_optional_hint"
        else:
            key = "text_hint" if question.required else "text_optional_hint"
        if not can_go_back:  # the first question: "<" is no way back, only text
            key = key.replace("_hint", "_first_hint")
        hint = self.ui(key, self.lang)

        def convert(text: str) -> Any:
            # A number as written in the respondent's language: "1,000" is a thousand in
            # English and refused as ambiguous in French, never read as 1 (THREATS H10).
            return parse_number(text, self.lang) if number else text.strip()

        def check(text: str) -> bool | str:
            if text.strip() == "<" and can_go_back:
                return True
            if not text.strip():
                return (
                    True
                    if not question.required
                    else self.g(
                        validate_answer(self.q, question, "", self.answers)[0].message(self.lang)
                    )
                )
            # Numbers arrive as text: the validator reads them (the same as in answers files).
            problems = validate_answer(self.q, question, text.strip(), self.answers, self.lang)
            return True if not problems else self.g(problems[0].message(self.lang))

        if current is None:
            default = ""
        elif number and isinstance(current, int | float) and not isinstance(current, bool):
            default = format_number(current, self.lang, group=False)
        else:
            default = str(current)
        answer = self.tune_text(
            questionary.text(
                message,
                default=default,
                validate=check,
                multiline=multiline,
                instruction=self.hint(hint, literal=True),
                **self.common(),
            )
        ).unsafe_ask()
        if answer.strip() == "<" and can_go_back:
            return BACK
        if not answer.strip():
            return _SKIP
        return convert(answer)

    # -- review

    def describe(self, question: Question, value: Any) -> str:
        """An answer in words, for the review list."""
        if value is None:
            return self.ui("unanswered", self.lang)
        if question.type == "role_matrix":
            rated = sum(1 for i in question.items if i.value in value)
            top = [self.t(i.label) for i in question.items if value.get(i.value, 0) >= 3]
            return f"{rated}/{len(question.items)}" + (" · 3+: " + ", ".join(top) if top else "")
        if question.type == "confirm":
            return self.ui("yes" if value else "no", self.lang)
        if question.type == "number" and isinstance(value, int | float):
            return format_number(value, self.lang)
        if question.type in ("single", "multi"):
            names = {c.value: self.t(c.label) for c in self.q.choices_for(question, self.answers)}
            items = value if isinstance(value, list) else [value]
            return ", ".join(
                names.get(v, str(v)) if not isinstance(v, dict) else v["other"] for v in items
            )
        if question.type == "scale":
            return next(
                (f"{p.value} {self.t(p.label)}" for p in question.scale if p.value == value),
                str(value),
            )
        text = str(value).replace("\n", " ")
        return text if len(text) <= 50 else text[:49] + "…"

    def review(self) -> bool:
        """The review screen; True when the respondent submits."""
        from sscassess.answers.validate import validate_answers

        self.in_review = True
        while True:
            answers = {k: v for k, v in self.answers.items() if v is not None}
            found = validate_answers(self.q, answers, self.lang)
            problems = {p.question for p in found}
            changed = self.changed()
            self.say()
            self.lines_above = 0
            if self.organisation and self.city:
                self.say(self.ui("review_for", self.lang, org=self.organisation, city=self.city))
            else:
                self.say(self.ui("review_title", self.lang))
            if self.previous is not None:
                rev = self.previous_revision or 1
                self.say(
                    self.ui("changed" if changed else "changed_none", self.lang, n=len(changed),
                            rev=rev, next=self.next_revision or rev + 1, date=self.previous_date)
                )  # fmt: skip
            if any(p.code == "required" for p in found):
                self.say(self.ui("missing", self.lang))
            for p in [p for p in found if p.code != "required"][:3]:
                label = self.t(self.q.question(p.question).label)
                self.say(f"! {label}{ui('colon', self.lang)}{p.message(self.lang)}")
            choices: list[Any] = [
                Choice(
                    self.ui("submit", self.lang),
                    value="\x00submit",
                    disabled=None if not problems else "!",
                )
            ]
            choices.append(Choice(self.ui("later", self.lang), value="\x00later"))
            width = max(30, self.width() - 8)
            for section in self.q.sections:
                shown = [
                    q
                    for q in section.questions
                    if q.id not in self.fixed and self.q.is_visible(q, self.answers)
                ]
                if not shown:
                    continue
                choices.append(Separator(terminal_safe(self.t(section.title))[:width]))
                for question in shown:
                    mark = "  "
                    if question.id in problems:
                        mark = "! "
                    elif question.id in changed:
                        mark = "* "
                    label = terminal_safe(self.t(question.label))
                    answer = terminal_safe(self.describe(question, self.answers.get(question.id)))
                    choices.append(
                        Choice(
                            self.g(review_line(mark, label, answer, width, ui("colon", self.lang))),
                            value=question.id,
                        )
                    )
            picked = self.tune(
                questionary.select(
                    self.ui("change", self.lang),
                    choices=choices,
                    pointer=">" if self.plain else "»",
                    instruction=self.hint("select_hint"),
                    **self.common(),
                )
            ).unsafe_ask()
            if picked == "\x00submit":
                return True
            if picked == "\x00later":
                self.save()
                self.stop("saved_later", later=True)
            self.edit(self.q.question(picked))

    def changed(self) -> frozenset[str]:
        """Questions whose answer differs from the submitted revision (:attr:`previous`)."""
        if self.previous is None:
            return frozenset()

        def norm(value: Any) -> str:
            return json.dumps(value, sort_keys=True, ensure_ascii=False)

        return frozenset(
            q.id
            for q in self.q.questions
            if q.id not in self.fixed
            and norm(self.answers.get(q.id)) != norm(self.previous.get(q.id))
        )

    def clear_screen(self) -> None:
        """Clear the terminal and its scroll-back; a dumb terminal gets a rule.

        Workshop mode, between two organisations: the next one does not see the last one's
        answers.
        """
        if os.environ.get("TERM") == "dumb":
            self.say("-" * (self.width() - 1))
        else:
            self.out.write("\x1b[H\x1b[2J\x1b[3J")
            self.out.flush()
        self.lines_above = 0

    def edit(self, question: Question) -> None:
        """Change one answer from the review (a role matrix: pick the role first)."""
        screens = visible_screens(self.q, self.answers, self.fixed)
        if question.type == "role_matrix":
            ratings = self.answers.get(question.id) or {}
            choices = [
                Choice(f"{ratings.get(i.value, '-')}  {self.t(i.label)}", value=i.value)
                for i in question.items
            ]
            choices.append(Choice(self.ui("done_review", self.lang), value=_BACK_VALUE))
            item = self.tune(
                questionary.select(
                    self.ui("which_role", self.lang),
                    choices=choices,
                    pointer=">" if self.plain else "»",
                    instruction=self.hint("select_hint"),
                    **self.common(),
                )
            ).unsafe_ask()
            if item == _BACK_VALUE:
                return
            screen = Screen(question, item)
        else:
            screen = Screen(question)
        index = screens.index(screen) if screen in screens else 0
        value = self.ask(screen, index, len(screens), can_go_back=True)
        if value is not BACK:
            self.set(screen, value)
