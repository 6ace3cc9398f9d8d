"""Show a questionnaire: a printable form (text, Markdown), JSON, and the answers JSON Schema."""

from __future__ import annotations

import json
import textwrap
from typing import TYPE_CHECKING, Any

from sscassess.core.i18n import N_, Plural, translator
from sscassess.core.texts import terminal_safe
from sscassess.questionnaire.model import (
    OTHER_MAX_LENGTH,
    Comparison,
    Condition,
    Junction,
    Question,
    Questionnaire,
    organisation_questions,
)

if TYPE_CHECKING:
    from sscassess.core.texts import Text

UI: dict[str, str | Plural] = {
    "minutes": N_("About {n} minutes."),
    "required": N_("required"),
    "optional": N_("optional"),
    "only_if": N_("Only if:"),
    "and": N_("and"),
    "or": N_("or"),
    "is": N_("is"),
    "is_one_of": N_("is one of"),
    "is_not": N_("is none of"),
    "includes": N_("includes"),
    "is_answered": N_("is answered"),
    "is_not_answered": N_("is not answered"),
    "yes": N_("Yes"),
    "no": N_("No"),
    "other": N_("Other (please specify)"),
    "pick_one": N_("Tick one."),
    "pick_many": N_("Tick all that apply."),
    "subtypes": N_("The kinds offered depend on the category:"),
    "scale": N_("Scale"),
    "number": N_("Number"),
    "max_chars": N_("at most {n} characters"),
    "between": N_("from {lo} to {hi}"),
    "role": N_("Role"),
    "version": N_("Version"),
    "quoted": N_("“{text}”"),
}


def _ui(key: str, lang: str, **params: Any) -> str:
    return translator(lang).text(UI[key], **params)


def condition_text(q: Questionnaire, cond: Condition, lang: str) -> str:
    """A condition in words, e.g. ``Category is one of ICT companies, NGOs``."""
    if isinstance(cond, Junction):
        joiner = f" {_ui('and' if cond.mode == 'all' else 'or', lang)} "
        return "(" + joiner.join(condition_text(q, p, lang) for p in cond.parts) + ")"
    target = q.question(cond.question)
    label = q.text(target.label, lang).rstrip("?:. ")

    def value_label(v: Any) -> str:
        for c in target.choices:
            if c.value == v:
                return q.text(c.label, lang)
        for subs in q.subtypes.values():
            for c in subs:
                if c.value == v:
                    return q.text(c.label, lang)
        if isinstance(v, bool):
            return _ui("yes" if v else "no", lang)
        return str(v)

    if cond.op == "answered":
        state = "is_answered" if cond.values[0] else "is_not_answered"
        return _ui("quoted", lang, text=label) + f" {_ui(state, lang)}"
    values = ", ".join(value_label(v) for v in cond.values)
    op = {"equals": "is", "in": "is_one_of", "not_in": "is_not", "includes": "includes"}[cond.op]
    return _ui("quoted", lang, text=label) + f" {_ui(op, lang)} {values}"


def _wrap(text: str, indent: str = "", width: int = 78, first: str | None = None) -> list[str]:
    lines: list[str] = []
    start = indent if first is None else first
    for para in terminal_safe(text).split("\n"):
        lines.extend(
            textwrap.wrap(para, width=width, initial_indent=start, subsequent_indent=indent) or [""]
        )
    return lines


def printable(q: Questionnaire, lang: str, markdown: bool = False) -> str:
    """The questionnaire as a paper form, in plain text or Markdown."""

    def t(v: Text | None) -> str:
        return q.text(v, lang)

    out: list[str] = []
    title = t(q.title)
    if markdown:
        out += [f"# {_md(title)}", ""]
    else:
        out += [title, "=" * min(len(title), 78), ""]
    if q.description:
        out += _wrap(t(q.description)) if not markdown else [_md(t(q.description))]
        out.append("")
    meta = f"{_ui('version', lang)} {q.version} ({q.id})."
    if q.estimated_minutes:
        meta += " " + _ui("minutes", lang, n=q.estimated_minutes)
    out += [meta, ""]
    number = 0
    for section in q.sections:
        heading = t(section.title)
        if markdown:
            out += [f"## {_md(heading)}", ""]
        else:
            out += [heading, "-" * min(len(heading), 78), ""]
        if section.intro:
            out += (_wrap(t(section.intro)) if not markdown else [f"*{_md(t(section.intro))}*"]) + [
                ""
            ]
        for question in section.questions:
            number += 1
            out += _question_lines(q, question, number, lang, markdown)
            out.append("")
    return "\n".join(out).rstrip() + "\n"


def _md(text: str) -> str:
    """Escape Markdown's active characters in texts from YAML."""
    text = terminal_safe(text)
    for ch in "\\`*_{}[]<>#|":
        text = text.replace(ch, "\\" + ch)
    return text


def _question_lines(
    q: Questionnaire, question: Question, number: int, lang: str, md: bool
) -> list[str]:
    def t(v: Text | None) -> str:
        return q.text(v, lang)

    esc = _md if md else terminal_safe
    need = _ui("required" if question.required else "optional", lang)
    head = f"{number}. {t(question.label)} ({need})"
    out = [f"**{esc(head)}**", ""] if md else _wrap(head, first="", indent="   ")
    indent = "" if md else "   "
    if question.when is not None:
        cond = f"{_ui('only_if', lang)} {condition_text(q, question.when, lang)}"
        out += [f"> {esc(cond)}", ""] if md else _wrap(cond, indent)
    if question.help:
        out += [f"_{esc(t(question.help))}_", ""] if md else _wrap(t(question.help), indent)
    bullet = "- " if md else indent
    if question.type in ("single", "multi"):
        box = "( )" if question.type == "single" else "[ ]"
        box = "\\[ \\]" if md and question.type == "multi" else box
        out += [f"{bullet}{_ui('pick_one' if question.type == 'single' else 'pick_many', lang)}"]
        if question.choices_from == "subtypes":
            out.append(f"{bullet}{_ui('subtypes', lang)}")
            for cat_id, subs in q.subtypes.items():
                cat = q.reference.category(cat_id)
                if md:
                    out.append(f"- *{esc(t(cat.name))}*")
                    out += [f"  - {box} {esc(t(s.label))}" for s in subs]
                else:
                    out += _wrap(t(cat.name), indent + "  ")
                    out += [f"{indent}    {box} {terminal_safe(t(s.label))}" for s in subs]
        for choice in question.choices:
            out.append(f"{bullet}{box} {esc(t(choice.label))}")
        if question.other:
            out.append(f"{bullet}{box} {_ui('other', lang)}: ____________________")
    elif question.type == "scale":
        points = "   ".join(f"( ) {p.value} {t(p.label)}" for p in question.scale)
        out += [f"{bullet}{esc(points)}"]
    elif question.type == "role_matrix":
        out += _matrix_lines(q, question, lang, md)
    elif question.type == "text":
        out += [f"{bullet}({_ui('max_chars', lang, n=question.max_length)})"]
        # In Markdown a bare run of underscores is a rule or emphasis: escape each one.
        lines = 1 if question.max_length <= 200 else 4
        out += ["\\_" * 60, ""] * lines if md else [f"{indent}{'_' * 60}"] * lines
    elif question.type == "number":
        v = question.validation
        rng = ""
        if v.min is not None and v.max is not None:
            rng = " (" + _ui("between", lang, lo=_n(v.min), hi=_n(v.max)) + ")"
        out += [f"{bullet}{_ui('number', lang)}{rng}: __________"]
    elif question.type == "confirm":
        out += [f"{bullet}( ) {_ui('yes', lang)}   ( ) {_ui('no', lang)}"]
    return out


def _n(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else str(v)


def _matrix_lines(q: Questionnaire, question: Question, lang: str, md: bool) -> list[str]:
    def t(v: Text | None) -> str:
        return q.text(v, lang)

    values = [str(p.value) for p in question.scale]
    legend = "; ".join(f"{p.value} = {t(p.label)}" for p in question.scale)
    if md:
        out = [f"{_ui('scale', lang)}: {_md(legend)}", ""]
        out.append(f"| {_ui('role', lang)} | " + " | ".join(values) + " |")
        out.append("|---|" + "---|" * len(values))
        for item in question.items:
            cell = (
                f"**{_md(t(item.label))}**<br>{_md(t(item.help))}"
                if item.help
                else _md(t(item.label))
            )
            out.append(f"| {cell} | " + " | ".join("( )" for _ in values) + " |")
        return out
    out = _wrap(f"{_ui('scale', lang)}: {legend}", "   ")
    out.append("")
    for item in question.items:
        boxes = " ".join(f"({v})" for v in values)
        # A long role name wraps under itself, beside the boxes.
        out += _wrap(terminal_safe(t(item.label)), " " * (5 + len(boxes)), first=f"   {boxes}  ")
        if item.help:
            out += _wrap(t(item.help), " " * 23)
    return out


# ---------------------------------------------------------------------------- JSON


def questionnaire_json(q: Questionnaire, lang: str) -> str:
    """The resolved questionnaire as JSON, texts in ``lang``."""

    def t(v: Text | None) -> str | None:
        return q.text(v, lang) if v is not None else None

    def choice(c: Any) -> dict[str, Any]:
        d = {"value": c.value, "label": t(c.label)}
        if c.help is not None:
            d["help"] = t(c.help)
        return d

    sections = []
    for s in q.sections:
        questions = []
        for qu in s.questions:
            d: dict[str, Any] = {
                "id": qu.id,
                "type": qu.type,
                "label": t(qu.label),
                "required": qu.required,
            }
            if qu.help is not None:
                d["help"] = t(qu.help)
            if qu.maps_to:
                d["maps_to"] = qu.maps_to
            if qu.choices_from:
                d["choices_from"] = qu.choices_from
            if qu.choices_from == "subtypes":
                d["choices_by_category"] = {
                    k: [choice(c) for c in v] for k, v in q.subtypes.items()
                }
            elif qu.type in ("single", "multi"):
                d["choices"] = [choice(c) for c in qu.choices]
            if qu.other:
                d["other"] = True
            if qu.scale:
                d["scale"] = [{"value": p.value, "label": t(p.label)} for p in qu.scale]
            if qu.items:
                d["items"] = [choice(c) for c in qu.items]
            if qu.when is not None:
                d["when"] = _condition_json(qu.when)
            validation = qu.validation.declared()
            if qu.type == "text":
                validation["max_length"] = qu.max_length
            if validation:
                d["validation"] = validation
            questions.append(d)
        sections.append(
            {"id": s.id, "title": t(s.title), "intro": t(s.intro), "questions": questions}
        )
    data = {
        "id": q.id,
        "version": q.version,
        "sha256": q.sha256,
        "language": lang,
        "languages": q.languages,
        "reference": {
            "id": q.reference_id,
            "version": q.reference_version,
            "sha256": q.reference_sha256,
        },
        "title": t(q.title),
        "description": t(q.description),
        "estimated_minutes": q.estimated_minutes,
        "sections": sections,
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _condition_json(cond: Condition) -> dict[str, Any]:
    if isinstance(cond, Junction):
        return {cond.mode: [_condition_json(p) for p in cond.parts]}
    value: Any = list(cond.values) if cond.op in ("in", "not_in") else cond.values[0]
    return {"question": cond.question, cond.op: value}


# ---------------------------------------------------------------------------- JSON Schema

_NO_CONTROL = "^[^\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f\\ud800-\\udfff]*$"


def answers_schema(q: Questionnaire) -> dict[str, Any]:
    """JSON Schema (2020-12) of a valid answers file for this questionnaire.

    Generated from the same model as :func:`sscassess.answers.validate.validate_answers`: a file is
    valid under the schema exactly when the validator accepts it (tested with hypothesis).
    """
    org = organisation_questions(q)
    org_fields = {question.id: key for key, question in org.items()}

    def location(question_id: str) -> tuple[str, str]:
        return (
            ("organisation", org_fields[question_id])
            if question_id in org_fields
            else ("answers", question_id)
        )

    containers: dict[str, dict[str, Any]] = {
        "organisation": {
            "type": "object",
            "properties": {},
            "required": [],
            "additionalProperties": False,
        },
        "answers": {
            "type": "object",
            "properties": {},
            "required": [],
            "additionalProperties": False,
        },
    }
    all_of: list[dict[str, Any]] = []
    for question in q.questions:
        where, key = location(question.id)
        value = _value_schema(q, question)
        box = containers[where]
        if question.when is None and question.required:
            box["properties"][key] = value
            box["required"].append(key)
        else:
            box["properties"][key] = {"anyOf": [{"type": "null"}, value]}
        if question.when is not None:
            predicate = _predicate(question.when, location)
            then: dict[str, Any] = {}
            if question.required:
                then = _at(
                    where, {"required": [key], "properties": {key: {"not": {"type": "null"}}}}, True
                )
            hidden = _at(where, {"properties": {key: {"type": "null"}}}, False)
            all_of.append({"if": predicate, "then": then, "else": hidden})
        if question.choices_from == "subtypes":
            category = q.by_mapping("organisation.category")
            assert category is not None  # checked when the questionnaire was loaded
            cwhere, ckey = location(category.id)
            for cat in q.reference.categories:
                subs = [s.value for s in q.subtypes.get(cat.id, ())]
                allowed: dict[str, Any] = {"enum": subs} if subs else {"not": {}}
                all_of.append(
                    {
                        "if": _at(
                            cwhere,
                            {"required": [ckey], "properties": {ckey: {"const": cat.id}}},
                            True,
                        ),
                        "then": _at(
                            where,
                            {"properties": {key: {"anyOf": [{"type": "null"}, allowed]}}},
                            False,
                        ),
                    }
                )
    for box in containers.values():
        if not box["required"]:
            del box["required"]
    schema: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"urn:sscassess:answers:{q.id}@{q.version}",
        "title": f"Answers to {q.text(q.title)} ({q.ref})",
        "type": "object",
        "properties": {
            "questionnaire": {"enum": [q.id, q.ref]},
            "organisation": containers["organisation"],
            "answers": containers["answers"],
        },
        "required": ["questionnaire"],
        "additionalProperties": False,
    }
    if containers["answers"].get("required"):
        schema["required"].append("answers")
    if containers["organisation"].get("required"):
        schema["required"].append("organisation")
    if all_of:
        schema["allOf"] = all_of
    return schema


def _at(container: str, inner: dict[str, Any], require: bool) -> dict[str, Any]:
    """A schema applying ``inner`` to the document's ``container`` mapping."""
    d: dict[str, Any] = {"properties": {container: inner}}
    if require:
        d["required"] = [container]
    return d


def _predicate(cond: Condition, location: Any) -> dict[str, Any]:
    if isinstance(cond, Junction):
        key = "allOf" if cond.mode == "all" else "anyOf"
        return {key: [_predicate(p, location) for p in cond.parts]}
    assert isinstance(cond, Comparison)
    where, key = location(cond.question)
    if cond.op == "answered":
        blank = {
            "anyOf": [
                {"type": "null"},
                {"type": "string", "pattern": "^\\s*$"},
                {"type": "array", "maxItems": 0},
                {"type": "object", "maxProperties": 0},
            ]
        }
        present = _at(where, {"required": [key], "properties": {key: {"not": blank}}}, True)
        return present if cond.values[0] else {"not": present}
    if cond.op == "equals":
        test: dict[str, Any] = {"const": cond.values[0]}
    elif cond.op == "in":
        test = {"enum": list(cond.values)}
    elif cond.op == "not_in":
        test = {"not": {"anyOf": [{"type": "null"}, {"enum": list(cond.values)}]}}
    else:
        test = {"type": "array", "contains": {"const": cond.values[0]}}
    return _at(where, {"required": [key], "properties": {key: test}}, True)


def _text_schema(max_length: int, non_blank: bool) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "string", "maxLength": max_length, "pattern": _NO_CONTROL}
    if non_blank:
        schema = {"allOf": [schema, {"pattern": "\\S"}]}
    return schema


def _value_schema(q: Questionnaire, question: Question) -> dict[str, Any]:
    t = question.type
    if t in ("single", "multi"):
        if question.choices_from == "subtypes":
            values = sorted({c.value for subs in q.subtypes.values() for c in subs})
        else:
            values = [c.value for c in question.choices]
        choice: dict[str, Any] = {"enum": values} if values else {"not": {}}
        other = {
            "type": "object",
            "properties": {"other": _text_schema(OTHER_MAX_LENGTH, True)},
            "required": ["other"],
            "additionalProperties": False,
        }
        item = {"anyOf": [choice, other]} if question.other else choice
        if t == "single":
            return item
        schema: dict[str, Any] = {"type": "array", "items": item, "uniqueItems": True}
        if question.other:
            schema["contains"] = other
            schema["minContains"] = 0
            schema["maxContains"] = 1
        lo = question.validation.min_selected
        if lo is None and question.required:
            lo = 1
        if lo:
            schema["minItems"] = lo
        if question.validation.max_selected is not None:
            schema["maxItems"] = question.validation.max_selected
        return schema
    if t == "scale":
        return {"type": "integer", "enum": list(question.scale_values)}
    if t == "text":
        return _text_schema(question.max_length, question.required)
    if t == "number":
        v = question.validation
        schema = {"type": "integer" if v.integer else "number"}
        if v.min is not None:
            schema["minimum"] = v.min
        if v.max is not None:
            schema["maximum"] = v.max
        return schema
    if t == "confirm":
        return {"type": "boolean"}
    rating = {"type": "integer", "enum": list(question.scale_values)}
    schema = {
        "type": "object",
        "properties": {item.value: rating for item in question.items},
        "additionalProperties": False,
    }
    if question.required:
        schema["required"] = [item.value for item in question.items]
    return schema


def schema_json(q: Questionnaire) -> str:
    """The answers JSON Schema, serialised."""
    return json.dumps(answers_schema(q), ensure_ascii=False, indent=2) + "\n"
