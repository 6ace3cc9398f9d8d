"""The resolved questionnaire as JSON and back: what the cache and the shipped forms hold."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sscassess.questionnaire.model import (
    Choice,
    Comparison,
    Condition,
    Junction,
    Question,
    Questionnaire,
    ScalePoint,
    Section,
    Validation,
)

if TYPE_CHECKING:
    from collections.abc import Callable


# ---------------------------------------------------------------------------- JSON form


def _opt(value: Any, make: Callable[[Any], Any]) -> Any:
    return None if value is None else make(value)


def _enc_condition(c: Condition) -> Any:
    if isinstance(c, Junction):
        return {"mode": c.mode, "parts": [_enc_condition(p) for p in c.parts]}
    return {"question": c.question, "op": c.op, "values": list(c.values)}


def _dec_condition(d: dict[str, Any]) -> Condition:
    if "mode" in d:
        return Junction(d["mode"], tuple(_dec_condition(p) for p in d["parts"]))
    return Comparison(d["question"], d["op"], tuple(d["values"]))


def _enc_choice(c: Choice) -> list[Any]:
    return [c.value, c.label, c.help]


def _dec_choice(d: list[Any]) -> Choice:
    value, label, help_text = d
    return Choice(value, label, help_text)


def _enc_question(q: Question) -> dict[str, Any]:
    return {
        "id": q.id,
        "section": q.section,
        "type": q.type,
        "label": q.label,
        "help": q.help,
        "required": q.required,
        "choices": [_enc_choice(c) for c in q.choices],
        "choices_from": q.choices_from,
        "other": q.other,
        "scale": [[p.value, p.label, p.help] for p in q.scale],
        "items": [_enc_choice(c) for c in q.items],
        "when": _opt(q.when, _enc_condition),
        "validation": q.validation.declared(),
        "maps_to": q.maps_to,
    }


def _dec_question(d: dict[str, Any]) -> Question:
    return Question(
        id=d["id"],
        section=d["section"],
        type=d["type"],
        label=d["label"],
        help=d["help"],
        required=d["required"],
        choices=tuple(_dec_choice(c) for c in d["choices"]),
        choices_from=d["choices_from"],
        other=d["other"],
        scale=tuple(ScalePoint(v, label, h) for v, label, h in d["scale"]),
        items=tuple(_dec_choice(c) for c in d["items"]),
        when=_opt(d["when"], _dec_condition),
        validation=Validation(**d["validation"]),
        maps_to=d["maps_to"],
    )


def encode(q: Questionnaire) -> dict[str, Any]:
    """``q`` as JSON-compatible data (everything but the lazily loaded pack and file model)."""
    return {
        "id": q.id,
        "version": q.version,
        "title": q.title,
        "description": q.description,
        "languages": list(q.language_codes),
        "default_language": q.default_language,
        "estimated_minutes": q.estimated_minutes,
        "sections": [
            {
                "id": s.id,
                "title": s.title,
                "intro": s.intro,
                "questions": [_enc_question(x) for x in s.questions],
            }
            for s in q.sections
        ],
        "sha256": q.sha256,
        "location": q.location,
        "file": q.file,
        "subtypes": {k: [_enc_choice(c) for c in v] for k, v in q.subtypes.items()},
        "reference": [q.reference_id, q.reference_version, q.reference_sha256, q.reference_source],
    }


def decode(d: dict[str, Any]) -> Questionnaire:
    """The questionnaire :func:`encode` made ``d`` from."""
    ref_id, ref_version, ref_sha, ref_source = d["reference"]
    return Questionnaire(
        id=d["id"],
        version=d["version"],
        title=d["title"],
        description=d["description"],
        language_codes=tuple(d["languages"]),
        default_language=d["default_language"],
        estimated_minutes=d["estimated_minutes"],
        sections=tuple(
            Section(
                s["id"], s["title"], s["intro"], tuple(_dec_question(x) for x in s["questions"])
            )
            for s in d["sections"]
        ),
        sha256=d["sha256"],
        location=d["location"],
        file=d["file"],
        subtypes={k: tuple(_dec_choice(c) for c in v) for k, v in d["subtypes"].items()},
        reference_id=ref_id,
        reference_version=ref_version,
        reference_sha256=ref_sha,
        reference_source=ref_source,
    )
