"""Answers: validation against a questionnaire, and the answers file format.

:func:`validate_answers` is a pure function used by the wizard (as each answer is typed), by
``answer --answers`` and by import. It returns every problem at once, each naming its question
(and role or choice), with a message available in every shipped language.

An answers file (YAML or JSON) looks like::

    questionnaire: ssc-stakeholder-self-assessment@1.2
    organisation: {name: ..., category: utility_provider, subtype: null, scale: local, sector: public}
    answers:
      roles: {infrastructure: 4, service_delivery: 3}
      aims: [service_efficiency]

Questions whose ``maps_to`` is ``organisation.<field>`` are answered in the ``organisation``
block; all others under ``answers``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sscassess.core.errors import InvalidInputError, Msg, Problem, spell
from sscassess.core.i18n import N_, Plural, translator
from sscassess.core.yamlio import MAX_INTEGER, PathItem, YamlDocument, load_yaml_file
from sscassess.questionnaire.load import load_questionnaire
from sscassess.questionnaire.model import (
    OTHER_MAX_LENGTH,
    Question,
    Questionnaire,
    organisation_questions,
)

if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path

#: Largest answers file accepted (bytes).
MAX_ANSWERS_BYTES = 1024 * 1024

#: Why an answer is refused, by code (:class:`AnswerProblem`); the catalogues translate them.
MESSAGES: dict[str, str] = {
    "required": N_("an answer is required"),
    "unknown_question": N_("unknown question; remove it or check its spelling"),
    "hidden": N_("this question is not asked with the other answers given; remove this answer"),
    "not_choice": N_("'{value}' is not one of the choices ({choices})"),
    "type_single": N_("expected one choice (text), got {got}"),
    "type_multi": N_("expected a list of choices, got {got}"),
    "duplicate_choice": N_("'{value}' is selected twice"),
    "min_selected": N_("select at least {n}"),
    "max_selected": N_("select at most {n}"),
    "other_not_allowed": N_("this question has no 'other' entry"),
    "other_text": N_("the 'other' entry must be text of 1 to {n} characters"),
    "other_twice": N_("only one 'other' entry is allowed"),
    "type_scale": N_("expected one of {values}, got {got}"),
    "type_text": N_("expected text, got {got}"),
    "too_long": N_("too long: {length} characters, at most {n} allowed"),
    "control_chars": N_("contains control characters; use plain text"),
    "type_number": N_("expected a number, got {got}"),
    "integer": N_("expected a whole number, for example 25"),
    "min": N_("must be at least {n}"),
    "max": N_("must be at most {n}"),
    "type_confirm": N_("expected yes or no (true/false), got {got}"),
    "type_matrix": N_("expected a mapping of role id to rating, got {got}"),
    "unknown_item": N_("unknown role '{item}'"),
    "missing_items": N_("no rating for: {items}"),
    "number_text": N_("'{text}' is not a number; enter a number, for example 25"),
    "number_ambiguous": N_(
        "'{text}' is ambiguous: it reads as {value} here, not {alt}; type {value} or {alt}"
    ),
    "number_format": N_("'{text}' is not a well-written number here; did you mean {suggestions}?"),
    "not_among": N_("the top aim must be one of the aims selected ({choices})"),
}

#: Rules between questions, by meaning (``maps_to``): the answer of the first must be among
#: the answers of the second (the top aim is one of the aims selected).
AMONG_RULES: dict[str, str] = {"priority_aim": "aims"}


@dataclass(frozen=True)
class AnswerProblem:
    """One problem with an answer: the question, an optional item (role), a reason code."""

    question: str
    code: str
    params: tuple[tuple[str, str], ...] = ()
    item: str | None = None

    def message(self, lang: str = "en") -> str:
        """The reason in ``lang`` (English when not available)."""
        return spell((self.reason(),), tr=translator(lang))

    def reason(self) -> Msg:
        """The reason, as words translated where they are said."""
        got = set(_GOT_WORDS.values())
        values = {k: Msg(v) if k == "got" and v in got else v for k, v in self.params}
        return Msg(MESSAGES[self.code], **values)

    def __str__(self) -> str:
        where = f"{self.question}.{self.item}" if self.item else self.question
        return f"{where}: {self.message()}"


def _p(question: str, code: str, item: str | None = None, **params: Any) -> AnswerProblem:
    if item is not None:
        params["item"] = item
    return AnswerProblem(question, code, tuple((k, str(v)) for k, v in params.items()), item)


#: What a wrong answer was, in words ("expected text, got a list"), translated when said.
_GOT_WORDS = {
    "nothing": N_("nothing"),
    "mapping": N_("a mapping"),
    "list": N_("a list"),
    "range": N_("a number out of range"),
}


def _got(value: Any) -> str:
    if value is None:
        return _GOT_WORDS["nothing"]
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return _GOT_WORDS["mapping"]
    if isinstance(value, list):
        return _GOT_WORDS["list"]
    if isinstance(value, int) and not -MAX_INTEGER <= value <= MAX_INTEGER:
        return _GOT_WORDS["range"]
    return repr(value) if isinstance(value, str) else str(value)


def _is_number(value: Any) -> bool:
    """A finite number within :data:`MAX_INTEGER`: the only numbers any answer may hold.

    Answers built in Python (not parsed from a file) get the same range check as files, so a
    huge integer never reaches ``float()`` (overflow) or SQLite (64-bit integers).
    """
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return -MAX_INTEGER <= value <= MAX_INTEGER
    return isinstance(value, float) and math.isfinite(value)


def _bad_text(text: str) -> bool:
    return any(
        (ord(ch) < 32 and ch not in "\n\t")
        or 0x7F <= ord(ch) <= 0x9F
        or 0xD800 <= ord(ch) <= 0xDFFF
        for ch in text
    )


def is_other(value: Any) -> bool:
    """Whether a choice value is an ``{other: text}`` entry."""
    return isinstance(value, dict) and set(value) == {"other"}


class NumberTextError(ValueError):
    """A number typed as text that cannot be read safely.

    ``code`` and ``params`` as in :class:`AnswerProblem` (``number_text``,
    ``number_ambiguous``, ``number_format``).
    """

    def __init__(self, code: str, **params: str) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


_NUMBER_TEXT = re.compile(r"[+-]?[0-9](?:[0-9., \u00a0\u202f\u2009]*[0-9])?")
_SPACES = re.compile(r"[ \u00a0\u202f\u2009]+")
_OR = {"en": " or ", "fr": " ou ", "es": " o "}


def parse_number(text: str, lang: str) -> int | float:
    """A number as a respondent writes it in ``lang``; :class:`NumberTextError` otherwise.

    Separators are the language's (Babel's CLDR data).
    ``1,000`` is 1000 in English, ``1 000`` and ``1,5`` read as 1000 and 1.5 in French,
    ``1.000`` as 1000 in Spanish; spaces group digits in every language. Refused, with the
    number understood in the message: a lone separator that this language reads as a decimal
    point with exactly three digits after it (``1.000`` in English could mean one thousand),
    and what Babel's strict parser refuses (``1,00`` in English: did you mean 100 or 1?).
    Exponents, ``inf`` and ``nan`` are not numbers here. Babel is imported on first use: the
    wizard starts without it.
    """
    from decimal import Decimal

    from babel import Locale, UnknownLocaleError
    from babel.numbers import (
        NumberFormatError,
        format_decimal,
        get_decimal_symbol,
        get_group_symbol,
        parse_decimal,
    )

    shown = text.strip()
    if len(shown) > 40 or not _NUMBER_TEXT.fullmatch(shown):
        raise NumberTextError("number_text", text=shown[:40])
    try:
        locale = Locale.parse(lang)
    except (UnknownLocaleError, ValueError, TypeError):
        locale = Locale.parse("en")
    group, point = get_group_symbol(locale), get_decimal_symbol(locale)

    def plain(value: Decimal) -> str:
        return str(format_decimal(value.normalize(), locale=locale, group_separator=False,
                                  decimal_quantization=False))  # fmt: skip

    negative = shown.startswith("-")
    body = shown.lstrip("+-")
    separators = [ch for ch in body if ch in ".,"]
    if len(separators) == 1 and not _SPACES.search(body) and separators[0] != group:
        before, after = body.split(separators[0])
        if len(after) == 3 and len(before) <= 3 and not before.startswith("0"):
            raise NumberTextError("number_ambiguous", text=shown,
                                  value=plain(Decimal(f"{before}.{after}")),
                                  alt=plain(Decimal(before + after)))  # fmt: skip
    # Spaces group digits in every language (SI style); the language's own group symbol
    # may be a no-break space that no keyboard types. Spaces and another group symbol at
    # once ("1 000,5" in English) are no number.
    if _SPACES.search(body) and not _SPACES.fullmatch(group) and group in body:
        raise NumberTextError("number_text", text=shown)
    body = _SPACES.sub(group, body)
    for ch in ".,":
        if ch == group or ch not in body:
            continue
        parts = body.split(ch)
        if len(parts) > 2:  # "1.000.000" in English: a grouping, in another language's style
            if all(len(p) == 3 and p.isdigit() for p in parts[1:]) and parts[0].isdigit():
                grouped = str(format_decimal(Decimal("".join(parts)), locale=locale))
                raise NumberTextError("number_format", text=shown, suggestions=grouped)
            raise NumberTextError("number_text", text=shown)
        if ch != point:
            body = body.replace(ch, point)  # "2.5" in French: one separator, a decimal point
    try:
        value = parse_decimal(body, locale=locale, strict=True)
    except NumberFormatError as exc:
        suggestions = [str(s) for s in (exc.suggestions or [])]
        if not suggestions:
            raise NumberTextError("number_text", text=shown) from None
        joiner = _OR.get(str(locale.language), " / ")
        raise NumberTextError(
            "number_format", text=shown, suggestions=joiner.join(suggestions)
        ) from None
    if not value.is_finite():  # pragma: no cover - the pattern lets no letters through
        raise NumberTextError("number_text", text=shown)
    if negative:
        value = -value
    return int(value) if value == value.to_integral_value() else float(value)


def format_number(value: float, lang: str, group: bool = True) -> str:
    """``value`` as written in ``lang`` (``1 000,5`` in French).

    Without grouping, it reads back with :func:`parse_number` in any case.
    """
    if isinstance(value, int) and not group:
        return str(value)
    from babel import UnknownLocaleError
    from babel.numbers import format_decimal

    try:
        return str(format_decimal(value, locale=lang, group_separator=group,
                                  decimal_quantization=False))  # fmt: skip
    except (UnknownLocaleError, ValueError, TypeError):
        return str(value)


def among_rule(
    questionnaire: Questionnaire, question: Question, answers: Mapping[str, Any]
) -> tuple[Question, list[str]] | None:
    """The other question and the choice values allowed, for a rule of :data:`AMONG_RULES`.

    None when ``question`` has no such rule or the other question is not answered (the top
    aim: the aims question and the aims selected).
    """
    meaning = AMONG_RULES.get(question.maps_to or "")
    other = questionnaire.by_mapping(meaning) if meaning else None
    if other is None or not isinstance(answers.get(other.id), list):
        return None
    return other, [v for v in answers[other.id] if isinstance(v, str)]


def validate_answer(
    questionnaire: Questionnaire,
    question: Question,
    value: Any,
    answers: Mapping[str, Any],
    lang: str | None = None,
) -> list[AnswerProblem]:
    """Problems with one given (non-missing) answer; ``answers`` are the earlier answers.

    A number given as text is read as written in ``lang`` (default: the questionnaire's
    language), with :func:`parse_number`.
    """
    qid = question.id
    t = question.type
    out: list[AnswerProblem] = []
    if t == "number" and isinstance(value, str):
        try:
            value = parse_number(value, lang or questionnaire.default_language)
        except NumberTextError as exc:
            return [_p(qid, exc.code, **exc.params)]
    if t in ("single", "multi"):
        choices = questionnaire.choices_for(question, answers)
        allowed = [c.value for c in choices]
        shown = ", ".join(allowed)
        values = value if t == "multi" else [value]
        if t == "multi" and not isinstance(value, list):
            return [_p(qid, "type_multi", got=_got(value))]
        seen: set[str] = set()
        others = 0
        for v in values:
            if is_other(v):
                others += 1
                text = v["other"]
                if not question.other:
                    out.append(_p(qid, "other_not_allowed"))
                elif not isinstance(text, str) or not text.strip() or len(text) > OTHER_MAX_LENGTH:
                    out.append(_p(qid, "other_text", n=OTHER_MAX_LENGTH))
                elif _bad_text(text):
                    out.append(_p(qid, "control_chars"))
                continue
            if not isinstance(v, str):
                out.append(_p(qid, "type_single", got=_got(v)))
            elif v not in allowed:
                out.append(_p(qid, "not_choice", value=v, choices=shown))
            elif v in seen:
                out.append(_p(qid, "duplicate_choice", value=v))
            seen.add(v) if isinstance(v, str) else None
        if others > 1:
            out.append(_p(qid, "other_twice"))
        rule = among_rule(questionnaire, question, answers) if t == "single" else None
        if rule is not None and not out and isinstance(value, str) and value not in rule[1]:
            out.append(_p(qid, "not_among", choices=", ".join(rule[1]) or "-"))
        if t == "multi" and not out:
            lo = question.validation.min_selected
            if lo is None and question.required:
                lo = 1
            hi = question.validation.max_selected
            if lo is not None and len(values) < lo:
                out.append(_p(qid, "min_selected", n=lo))
            if hi is not None and len(values) > hi:
                out.append(_p(qid, "max_selected", n=hi))
        return out
    if t == "scale":
        if not _is_rating(value, question):
            return [_p(qid, "type_scale", values=_scale_text(question), got=_got(value))]
        return []
    if t == "text":
        if not isinstance(value, str):
            return [_p(qid, "type_text", got=_got(value))]
        if len(value) > question.max_length:
            out.append(_p(qid, "too_long", length=len(value), n=question.max_length))
        if _bad_text(value):
            out.append(_p(qid, "control_chars"))
        if question.required and not value.strip():
            out.append(_p(qid, "required"))
        return out
    if t == "number":
        if not _is_number(value):
            return [_p(qid, "type_number", got=_got(value))]
        v = question.validation
        if v.integer and not float(value).is_integer():
            out.append(_p(qid, "integer"))
        if v.min is not None and value < v.min:
            out.append(_p(qid, "min", n=_num(v.min)))
        if v.max is not None and value > v.max:
            out.append(_p(qid, "max", n=_num(v.max)))
        return out
    if t == "confirm":
        return [] if isinstance(value, bool) else [_p(qid, "type_confirm", got=_got(value))]
    # role_matrix
    if not isinstance(value, dict):
        return [_p(qid, "type_matrix", got=_got(value))]
    items = {i.value for i in question.items}
    for item, rating in value.items():
        if item not in items:
            out.append(_p(qid, "unknown_item", item=str(item)))
        elif not _is_rating(rating, question):
            out.append(
                _p(qid, "type_scale", item=item, values=_scale_text(question), got=_got(rating))
            )
    if question.required:
        missing = [i.value for i in question.items if i.value not in value]
        if missing:
            out.append(_p(qid, "missing_items", items=", ".join(missing)))
    return out


def _is_rating(value: Any, question: Question) -> bool:
    """A point of the question's scale; 3.0 counts as 3, as in JSON."""
    return _is_number(value) and float(value).is_integer() and int(value) in question.scale_values


def _scale_text(question: Question) -> str:
    values = question.scale_values
    return (
        f"{min(values)}–{max(values)}"
        if values == tuple(range(min(values), max(values) + 1))
        else ", ".join(map(str, values))
    )


def _num(n: float) -> str:
    return str(int(n)) if float(n).is_integer() else str(n)


def _missing(value: Any) -> bool:
    return value is None


def validate_answers(
    questionnaire: Questionnaire, answers: Mapping[str, Any], lang: str | None = None
) -> list[AnswerProblem]:
    """Every problem of an answers mapping (question id -> answer), in questionnaire order.

    Checks types, allowed choices, ranges, lengths, required questions, answers to questions
    that ``when`` hides, rules between questions (:data:`AMONG_RULES`) and unknown question
    ids. ``None`` counts as no answer; numbers given as text are read in ``lang``.
    """
    problems: list[AnswerProblem] = []
    known = {q.id for q in questionnaire.questions}
    visible_answers: dict[str, Any] = {}
    for q in questionnaire.questions:
        value = answers.get(q.id)
        visible = questionnaire.is_visible(q, visible_answers)
        if not visible:
            if not _missing(value):
                problems.append(_p(q.id, "hidden"))
            continue
        if _missing(value):
            if q.required:
                problems.append(_p(q.id, "required"))
            continue
        found = validate_answer(questionnaire, q, value, visible_answers, lang)
        problems.extend(found)
        if not found:
            visible_answers[q.id] = value
    problems.extend(_p(k, "unknown_question") for k in answers if k not in known)
    return problems


# ---------------------------------------------------------------------------- answers files


@dataclass
class AnswersFile:
    """A parsed, validated answers file."""

    questionnaire: Questionnaire
    organisation: dict[str, Any]
    answers: dict[str, Any]  #: question id -> answer, organisation-mapped questions included
    source: str
    extra_organisation: dict[str, Any] = field(default_factory=dict)


ORGANISATION_KEYS = ("name", "category", "subtype", "scale", "sector")


def _not_answers(doc: YamlDocument) -> Msg:
    return Msg("{file} is not an answers file", file=doc.file)


def _answer_problem(p: AnswerProblem) -> Msg:
    """An :class:`AnswerProblem` as the words of a file's problem, translated when spelt."""
    label = (
        Msg("question '{question}', role '{item}'", question=p.question, item=p.item)
        if p.item
        else Msg("question '{question}'", question=p.question)
    )
    return Msg("{label}: {reason}", label=label, reason=p.reason())


def answers_from_document(
    doc: YamlDocument,
    questionnaire: Questionnaire | None = None,
    reference: str | None = None,
    lang: str | None = None,
) -> AnswersFile:
    """Validate a loaded answers document; raise :class:`InvalidInputError` listing all problems.

    A number written as text (``ssc_staff: 1,000``) is read as written in ``lang`` (the
    invitation's language; default: the questionnaire's).
    """
    data = doc.data
    problems: list[Problem] = []
    if not isinstance(data, dict):
        raise InvalidInputError(
            _not_answers(doc),
            [
                doc.problem(
                    [], Msg("expected a mapping with 'questionnaire', 'organisation' and 'answers'")
                )
            ],
        )
    for key in data:
        if key not in ("questionnaire", "organisation", "answers"):
            problems.append(
                doc.problem(
                    [key],
                    Msg("unknown key '{key}'; expected questionnaire, organisation, answers",
                        key=key),
                )
            )  # fmt: skip
    qref = data.get("questionnaire")
    if questionnaire is None:
        if not isinstance(qref, str):
            raise InvalidInputError(
                _not_answers(doc),
                [
                    doc.problem(
                        ["questionnaire"],
                        Msg("name the questionnaire, e.g. questionnaire: "
                            "ssc-stakeholder-self-assessment"),
                    )
                ],
            )  # fmt: skip
        from sscassess.core.errors import UsageError

        try:
            questionnaire = load_questionnaire(qref, reference)
        except UsageError as exc:
            raise InvalidInputError(
                Msg("{file} names an unknown questionnaire", file=doc.file),
                [doc.problem(["questionnaire"], exc)],
            ) from None
    elif qref is not None and qref not in (questionnaire.id, questionnaire.ref):
        problems.append(
            doc.problem(
                ["questionnaire"],
                Msg("this file answers '{found}', not {ref}", found=qref, ref=questionnaire.ref),
            )
        )
    org = data.get("organisation", {})
    if not isinstance(org, dict):
        problems.append(
            doc.problem(
                ["organisation"], Msg("expected a mapping (name, category, subtype, scale, sector)")
            )
        )
        org = {}
    answers = data.get("answers", {})
    if not isinstance(answers, dict):
        problems.append(
            doc.problem(["answers"], Msg("expected a mapping of question id to answer"))
        )
        answers = {}
    flat: dict[str, Any] = dict(answers)
    where: dict[str, list[PathItem]] = {k: ["answers", k] for k in answers}
    org_questions = organisation_questions(questionnaire)
    for key, q in org_questions.items():
        if q.id in answers:
            problems.append(
                doc.problem(
                    ["answers", q.id],
                    Msg(
                        "give '{question}' as organisation.{key}, not under answers",
                        question=q.id,
                        key=key,
                    ),
                )
            )
            del flat[q.id]
    for key, value in org.items():
        target = org_questions.get(key)
        if target is None:
            allowed: str | Msg = ", ".join(org_questions) or Msg("nothing")
            problems.append(
                doc.problem(
                    ["organisation", key],
                    Msg("unknown organisation field '{key}'; expected: {allowed}", key=key,
                        allowed=allowed),
                )
            )  # fmt: skip
            continue
        flat[target.id] = value
        where[target.id] = ["organisation", key]
    for p in validate_answers(questionnaire, flat, lang):
        path = where.get(p.question, ["answers"])
        if p.item is not None and path[0] == "answers" and isinstance(flat.get(p.question), dict):
            path = [*path, p.item]
        problems.append(doc.problem(path, _answer_problem(p)))
    if problems:
        raise InvalidInputError(
            Msg(Plural("{file} has {n} problem", "{file} has {n} problems"), file=doc.file,
                n=len(problems)),
            problems,
        )  # fmt: skip
    organisation = {key: flat.get(q.id) for key, q in org_questions.items()}
    return AnswersFile(
        questionnaire, organisation, normalise_answers(questionnaire, flat, lang), doc.file
    )


def normalise_answers(
    questionnaire: Questionnaire, answers: Mapping[str, Any], lang: str | None = None
) -> dict[str, Any]:
    """Valid answers in canonical form.

    Ratings as int, numbers given as text as numbers (read in ``lang``), no empty (None)
    entries.
    """
    out: dict[str, Any] = {}
    for q in questionnaire.questions:
        value = answers.get(q.id)
        if value is None:
            continue
        if q.type == "number" and isinstance(value, str):
            value = parse_number(value, lang or questionnaire.default_language)
        elif q.type == "scale":
            value = int(value)
        elif q.type == "role_matrix":
            value = {k: int(v) for k, v in value.items()}
        out[q.id] = value
    return out


def load_answers_file(
    path: Path, questionnaire: Questionnaire | None = None, reference: str | None = None
) -> AnswersFile:
    """Read and validate an answers file (YAML or JSON, which is YAML)."""
    doc = load_yaml_file(path, str(path), max_bytes=MAX_ANSWERS_BYTES)
    return answers_from_document(doc, questionnaire, reference)
