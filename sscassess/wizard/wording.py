"""The wizard's words: its texts in English, French and Spanish, and how they are written out.

:data:`UI` holds every text the wizard says (:func:`ui` picks the language); the rest turns
text into what a screen shows: acronyms spelt out (:data:`ACRONYMS`), ASCII marks for --plain
(:func:`plain_text`), dates in words (:func:`long_date`), French spaces that do not break
(:data:`FRENCH_SPACES`), search keys without case or accents (:func:`fold`) and the lines of
the review (:func:`review_line`). No questionary here: plain functions of text.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

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
FRENCH_SPACES = re.compile(r" (?=[;:?!»])|(?<=«) ")

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
