"""Validating a questionnaire file: pydantic models for its shape, then context checks.

Everything here needs pydantic and the reference pack's models; the rest of sscassess reads
the resolved, plain :class:`~sscassess.questionnaire.model.Questionnaire` this builds (see
:mod:`sscassess.questionnaire.model`).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from sscassess.core.errors import IntegrityError, InvalidInputError, Msg, Problem
from sscassess.core.texts import Text, normalise_id  # pydantic reads Text at run time
from sscassess.core.validation import ID_PATTERN, pydantic_problems
from sscassess.core.yamlio import PathItem, YamlDocument, load_yaml_file
from sscassess.questionnaire.model import (
    KNOWN_MAPPINGS,
    MAPS_TO_PATTERN,
    QUESTIONNAIRE_ID_PATTERN,
    TEXT_HARD_LIMIT,
    CheckResult,
    Choice,
    ChoiceList,
    Comparison,
    Condition,
    Junction,
    Question,
    Questionnaire,
    QuestionType,
    ScalePoint,
    Section,
    Validation,
    canonical_sha256,
    pack_source,
)
from sscassess.reference.pack import load_reference

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sscassess.reference.model import ReferencePack

Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
QuestionnaireId = Annotated[str, StringConstraints(pattern=QUESTIONNAIRE_ID_PATTERN)]


#: The operators of a comparison (``{question: ID, OP: ...}``).
CONDITION_OPS = ("equals", "in", "not_in", "includes", "answered")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, defer_build=True)


class ChoiceSpec(_Model):
    """An inline choice."""

    value: Id
    label: Text
    help: Text | None = None


class ChoiceSource(_Model):
    """Choices drawn from a list of the reference pack."""

    model_config = ConfigDict(
        extra="forbid", strict=True, frozen=True, populate_by_name=True, defer_build=True
    )

    from_: ChoiceList = Field(alias="from")
    exclude: list[Id] = Field(default_factory=list)


class ScalePointSpec(_Model):
    """One point of a rating scale."""

    value: int
    label: Text
    help: Text | None = None


class ScaleSpec(_Model):
    """A named rating scale (e.g. the 0–4 involvement scale)."""

    id: Id
    points: list[ScalePointSpec] = Field(min_length=2)


class ValidationSpec(_Model):
    """Declared validation of a question."""

    min: int | float | None = None
    max: int | float | None = None
    integer: bool | None = None
    max_length: int | None = None
    min_selected: int | None = None
    max_selected: int | None = None


class QuestionSpec(_Model):
    """A question as written in the YAML file."""

    id: Id
    type: QuestionType
    label: Text
    help: Text | None = None
    required: bool = True
    choices: list[ChoiceSpec] | ChoiceSource | None = None
    other: bool = False
    scale: Id | None = None
    when: Any = None
    validation: ValidationSpec | None = None
    maps_to: Annotated[str, StringConstraints(pattern=MAPS_TO_PATTERN)] | None = None


class SectionSpec(_Model):
    """A section: a titled group of questions shown together."""

    id: Id
    title: Text
    intro: Text | None = None
    questions: list[QuestionSpec] = Field(min_length=1)


class QuestionnaireSpec(_Model):
    """The whole questionnaire file."""

    id: QuestionnaireId
    version: str
    title: Text
    description: Text | None = None
    languages: list[Id] = Field(min_length=1)
    default_language: Id | None = None
    estimated_minutes: int | None = None
    reference: str | None = None
    scales: list[ScaleSpec] = Field(default_factory=list)
    sections: list[SectionSpec] = Field(min_length=1)


# ---------------------------------------------------------------------------- loading


def check_file(path: Path, display: str, reference: str | None) -> CheckResult:
    """Validate the questionnaire file ``path`` (shown as ``display``), without raising.

    ``reference`` overrides the pack the file names. Problems in the pack itself are raised.
    """
    try:
        doc = load_yaml_file(path, display)
    except InvalidInputError as exc:
        return CheckResult(exc.problems or [Problem(display, 0, "", exc)], [], None)
    try:
        model = QuestionnaireSpec.model_validate(doc.data)
    except ValidationError as exc:
        return CheckResult(pydantic_problems(exc, doc), [], None)
    source = reference or pack_source(path, model.reference)
    pack = load_reference(source)
    checker = _QuestionnaireChecker(doc, model, pack, source or "", str(path.resolve()))
    questionnaire = checker.run()
    return CheckResult(
        checker.errors, checker.warnings, questionnaire if not checker.errors else None
    )


def validated_load(path: Path, display: str, reference: str | None) -> Questionnaire:
    """Validate the file in full and return the resolved questionnaire; raise on errors."""
    result = check_file(path, display, reference)
    if result.errors or result.questionnaire is None:
        raise InvalidInputError(
            Msg("questionnaire {questionnaire} is invalid", questionnaire=display), result.errors
        )
    return result.questionnaire


def file_model(q: Questionnaire) -> QuestionnaireSpec:
    """The pydantic model of the file ``q`` was loaded from (the same content)."""
    doc = load_yaml_file(Path(q.file), q.location)
    if canonical_sha256(doc.data) != q.sha256:
        raise IntegrityError(
            Msg("{file} changed after it was loaded; run the command again", file=q.location)
        )
    return QuestionnaireSpec.model_validate(doc.data)


class _QuestionnaireChecker:
    """Context checks of a questionnaire; builds the resolved :class:`Questionnaire`."""

    def __init__(
        self,
        doc: YamlDocument,
        spec: QuestionnaireSpec,
        pack: ReferencePack,
        pack_source: str,
        file: str,
    ) -> None:
        self.doc = doc
        self.spec = spec
        self.pack = pack
        self.pack_source = pack_source
        self.file = file
        self.errors: list[Problem] = []
        self.warnings: list[Problem] = []
        self.langs = list(spec.languages)
        self.default = spec.default_language or spec.languages[0]
        self.scales = {s.id: s for s in spec.scales}
        self.positions: dict[str, tuple[int, int]] = {}  # question id -> (section, index)
        self.resolved: dict[str, Question] = {}
        self.ref_missing: dict[tuple[PathItem, ...], dict[str, list[str]]] = {}

    def error(self, path: Sequence[PathItem], message: str) -> None:
        self.errors.append(self.doc.problem(path, message))

    def warning(self, path: Sequence[PathItem], message: str) -> None:
        self.warnings.append(self.doc.problem(path, message))

    def run(self) -> Questionnaire:
        if self.default not in self.langs:
            self.error(["default_language"], f"'{self.default}' is not one of the languages")
        if self.spec.estimated_minutes is not None and self.spec.estimated_minutes <= 0:
            self.error(["estimated_minutes"], "must be a positive number of minutes")
        self.check_texts(["title"], self.spec.title)
        self.check_texts(["description"], self.spec.description)
        self.check_scales()
        self.check_unique_sections()
        sections = []
        for si, sec in enumerate(self.spec.sections):
            self.check_texts(["sections", si, "title"], sec.title)
            self.check_texts(["sections", si, "intro"], sec.intro)
            questions = []
            for qi, q in enumerate(sec.questions):
                resolved = self.check_question(si, qi, sec.id, q)
                if resolved is not None:
                    questions.append(resolved)
            sections.append(Section(sec.id, sec.title, sec.intro, tuple(questions)))
        self.check_maps_to()
        subtypes = {
            c.id: tuple(Choice(s.id, s.name) for s in c.subtypes)
            for c in self.pack.categories
            if c.subtypes
        }
        return Questionnaire(
            id=self.spec.id,
            version=self.spec.version,
            title=self.spec.title,
            description=self.spec.description,
            language_codes=tuple(self.spec.languages),
            default_language=self.default,
            estimated_minutes=self.spec.estimated_minutes,
            sections=tuple(sections),
            sha256=canonical_sha256(self.doc.data),
            location=self.doc.file,
            file=self.file,
            subtypes=subtypes,
            reference_id=self.pack.id,
            reference_version=self.pack.version,
            reference_sha256=self.pack.sha256,
            reference_source=self.pack_source,
            _pack=self.pack,
        )

    # -- texts

    def check_texts(self, path: list[PathItem], text: Text | None, what: str = "") -> None:
        if text is None:
            return
        if isinstance(text, str):
            if len(self.langs) > 1:
                others = ", ".join(x for x in self.langs if x != self.default)
                self.error(path, f"{what}text has no translation for: {others}")
            return
        missing = [x for x in self.langs if not text.get(x, "").strip()]
        if missing:
            self.error(path, f"{what}text has no translation for: {', '.join(missing)}")
        for lang in text:
            if lang not in self.langs:
                self.error([*path, lang], f"language '{lang}' is not declared in languages")
        # Single words are often true cognates (fr "Public", es "Regional"); an identical
        # phrase of several words is far more likely a forgotten translation.
        base = text.get(self.default, "")
        same = [
            x
            for x in self.langs
            if x != self.default and text.get(x) == base and " " in base.strip()
        ]
        if same:
            self.warning(path, f"{what}text is identical to '{self.default}' in: {', '.join(same)}")

    def check_reference_text(self, path: list[PathItem], text: Text | None, what: str) -> None:
        """Reference texts shown by this questionnaire must exist in all its languages.

        Missing ones are collected per question and reported by :meth:`flush_reference_texts`.
        """
        if text is None:
            return
        values = {self.pack.meta.default_language: text} if isinstance(text, str) else text
        for lang in self.langs:
            if not values.get(lang, "").strip():
                self.ref_missing.setdefault(tuple(path), {}).setdefault(lang, []).append(what)

    def flush_reference_texts(self) -> None:
        for path, by_lang in self.ref_missing.items():
            for lang, whats in by_lang.items():
                shown = ", ".join(whats[:6]) + (
                    f" and {len(whats) - 6} more" if len(whats) > 6 else ""
                )
                self.error(
                    list(path),
                    f"{len(whats)} reference text(s) of pack {self.pack.id} shown here have no "
                    f"'{lang}' translation: {shown}",
                )
        self.ref_missing.clear()

    # -- structure

    def check_scales(self) -> None:
        seen: dict[str, int] = {}
        for i, scale in enumerate(self.spec.scales):
            if scale.id in seen:
                self.error(["scales", i, "id"], f"duplicate scale '{scale.id}'")
            seen[scale.id] = i
            values: set[int] = set()
            for j, point in enumerate(scale.points):
                if point.value in values:
                    self.error(
                        ["scales", i, "points", j, "value"], f"duplicate value {point.value}"
                    )
                values.add(point.value)
                self.check_texts(["scales", i, "points", j, "label"], point.label)
                self.check_texts(["scales", i, "points", j, "help"], point.help)

    def check_unique_sections(self) -> None:
        seen: dict[str, int] = {}
        qseen: dict[str, tuple[int, int]] = {}
        for si, sec in enumerate(self.spec.sections):
            key = normalise_id(sec.id)
            if key in seen:
                line = self.doc.line_of(["sections", seen[key], "id"])
                self.error(
                    ["sections", si, "id"], f"duplicate section id '{sec.id}' (also at line {line})"
                )
            seen[key] = si
            for qi, q in enumerate(sec.questions):
                qkey = normalise_id(q.id)
                if qkey in qseen:
                    first_si, first_qi = qseen[qkey]
                    line = self.doc.line_of(["sections", first_si, "questions", first_qi, "id"])
                    self.error(
                        ["sections", si, "questions", qi, "id"],
                        f"duplicate question id '{q.id}' (also at line {line})",
                    )
                else:
                    qseen[qkey] = (si, qi)
                    self.positions[q.id] = (si, qi)

    def check_question(self, si: int, qi: int, section: str, q: QuestionSpec) -> Question | None:
        base: list[PathItem] = ["sections", si, "questions", qi]
        ok_before = len(self.errors)
        self.check_texts([*base, "label"], q.label)
        self.check_texts([*base, "help"], q.help)
        choices: tuple[Choice, ...] = ()
        choices_from: str | None = None
        items: tuple[Choice, ...] = ()
        scale: tuple[ScalePoint, ...] = ()
        if q.type in ("single", "multi"):
            if q.choices is None:
                self.error(base, f"a '{q.type}' question needs 'choices'")
            elif isinstance(q.choices, ChoiceSource):
                choices_from = q.choices.from_
                choices = self.pack_choices([*base, "choices"], q.choices)
            else:
                choices = self.inline_choices([*base, "choices"], q.choices)
        elif q.choices is not None:
            self.error([*base, "choices"], f"a '{q.type}' question takes no 'choices'")
        if q.other and q.type not in ("single", "multi"):
            self.error([*base, "other"], "'other' applies to single and multi questions only")
        if q.type in ("scale", "role_matrix"):
            scale_id = q.scale or ("involvement" if q.type == "role_matrix" else None)
            if scale_id is None:
                self.error(base, "a 'scale' question needs 'scale' (the id of a scale in 'scales')")
            elif scale_id not in self.scales:
                known = ", ".join(self.scales) or "none defined"
                self.error([*base, "scale"], f"unknown scale '{scale_id}' (scales: {known})")
            else:
                scale = tuple(
                    ScalePoint(p.value, p.label, p.help) for p in self.scales[scale_id].points
                )
        elif q.scale is not None:
            self.error([*base, "scale"], f"a '{q.type}' question takes no 'scale'")
        if q.type == "role_matrix":
            items = tuple(Choice(r.id, r.name, r.description) for r in self.pack.roles)
            for r in self.pack.roles:
                self.check_reference_text([*base], r.name, f"roles.{r.id}.name")
                self.check_reference_text([*base], r.description, f"roles.{r.id}.description")
        self.flush_reference_texts()
        self.check_validation(base, q, len(choices) if choices_from != "subtypes" else None)
        when = None
        if q.when is not None and self.positions.get(q.id) == (si, qi):
            when = self.parse_when([*base, "when"], q.when, q.id)
        if len(self.errors) != ok_before:
            return None
        resolved = Question(
            id=q.id,
            section=section,
            type=q.type,
            label=q.label,
            help=q.help,
            required=q.required,
            choices=choices,
            choices_from=choices_from,
            other=q.other,
            scale=scale,
            items=items,
            when=when,
            validation=Validation(**(q.validation or ValidationSpec()).model_dump()),
            maps_to=q.maps_to,
        )
        self.resolved[q.id] = resolved
        return resolved

    def inline_choices(self, path: list[PathItem], specs: list[ChoiceSpec]) -> tuple[Choice, ...]:
        if not specs:
            self.error(path, "the choice list is empty")
        seen: dict[str, int] = {}
        for i, c in enumerate(specs):
            if c.value in seen:
                line = self.doc.line_of([*path, seen[c.value], "value"])
                self.error(
                    [*path, i, "value"], f"duplicate choice '{c.value}' (also at line {line})"
                )
            seen[c.value] = i
            self.check_texts([*path, i, "label"], c.label)
            self.check_texts([*path, i, "help"], c.help)
        return tuple(Choice(c.value, c.label, c.help) for c in specs)

    def pack_choices(self, path: list[PathItem], source: ChoiceSource) -> tuple[Choice, ...]:
        pack = self.pack
        if source.from_ == "subtypes":
            for cat in pack.categories:
                for sub in cat.subtypes:
                    self.check_reference_text(
                        path, sub.name, f"categories.{cat.id}.subtypes.{sub.id}.name"
                    )
            if source.exclude:
                self.error([*path, "exclude"], "'exclude' is not supported for subtypes")
            return ()
        lists: dict[str, Sequence[Any]] = {
            "categories": pack.categories,
            "aims": pack.aims,
            "challenges": pack.challenges,
            "potential": pack.potential,
            "constraints": pack.constraints,
            "roles": pack.roles,
        }
        items = lists[source.from_]
        ids = [i.id for i in items]
        for j, ex in enumerate(source.exclude):
            if ex not in ids:
                self.error(
                    [*path, "exclude", j], f"unknown {source.from_} id '{ex}' in pack {pack.id}"
                )
        chosen = [i for i in items if i.id not in source.exclude]
        if not chosen:
            self.error(path, "the choice list is empty")
        for i in chosen:
            self.check_reference_text(path, i.name, f"{source.from_}.{i.id}.name")
            self.check_reference_text(
                path, getattr(i, "description", None), f"{source.from_}.{i.id}.description"
            )
        return tuple(Choice(i.id, i.name, getattr(i, "description", None)) for i in chosen)

    def check_validation(
        self, base: list[PathItem], q: QuestionSpec, n_choices: int | None
    ) -> None:
        v = q.validation
        if v is None:
            return
        path = [*base, "validation"]
        allowed = {
            "number": {"min", "max", "integer"},
            "text": {"max_length"},
            "multi": {"min_selected", "max_selected"},
        }.get(q.type, set())
        for key, value in v.model_dump(exclude_none=True).items():
            if key not in allowed:
                self.error([*path, key], f"'{key}' does not apply to a '{q.type}' question")
                continue
            if isinstance(value, float) and not math.isfinite(value):
                self.error([*path, key], f"'{key}' must be a finite number")
        if v.min is not None and v.max is not None and v.min > v.max:
            self.error(path, f"min ({v.min}) is greater than max ({v.max})")
        if v.max_length is not None and not 1 <= v.max_length <= TEXT_HARD_LIMIT:
            self.error([*path, "max_length"], f"max_length must be between 1 and {TEXT_HARD_LIMIT}")
        lo, hi = v.min_selected, v.max_selected
        if lo is not None and lo < 0:
            self.error([*path, "min_selected"], "min_selected cannot be negative")
        if hi is not None and hi < 1:
            self.error([*path, "max_selected"], "max_selected must be at least 1")
        if lo is not None and hi is not None and lo > hi:
            self.error(path, f"min_selected ({lo}) is greater than max_selected ({hi})")
        if n_choices is not None and lo is not None and lo > n_choices + (1 if q.other else 0):
            self.error(
                [*path, "min_selected"], f"min_selected ({lo}) exceeds the {n_choices} choices"
            )

    def parse_when(self, path: list[PathItem], raw: Any, owner: str) -> Condition | None:
        if not isinstance(raw, dict):
            self.error(
                path,
                "a condition is a mapping: {question: ID, equals|in|not_in|includes|answered: ...} "
                "or {all|any: [...]}",
            )
            return None
        if set(raw) in ({"all"}, {"any"}):
            ((mode, parts),) = raw.items()
            if not isinstance(parts, list) or not parts:
                self.error([*path, mode], f"'{mode}' takes a non-empty list of conditions")
                return None
            parsed = [self.parse_when([*path, mode, i], p, owner) for i, p in enumerate(parts)]
            if any(p is None for p in parsed):
                return None
            return Junction(mode, tuple(p for p in parsed if p is not None))
        ops = [k for k in raw if k in CONDITION_OPS]
        extra = [k for k in raw if k != "question" and k not in CONDITION_OPS]
        if extra or "question" not in raw or len(ops) != 1:
            self.error(
                path,
                "a condition is {question: ID, equals|in|not_in|includes|answered: ...} (exactly one "
                "operator) or {all|any: [...]}",
            )
            return None
        target, op = raw["question"], ops[0]
        if not isinstance(target, str) or target not in self.positions:
            self.error([*path, "question"], f"refers to question '{target}' which does not exist")
            return None
        if target == owner:
            self.error([*path, "question"], "a question cannot depend on itself")
            return None
        if self.positions[target] >= self.positions[owner]:
            self.error([*path, "question"], f"refers to question '{target}' which comes later")
            return None
        other = self.resolved.get(target)
        if other is None:
            return None  # the target has errors of its own
        value = raw[op]
        if op == "answered":
            if not isinstance(value, bool):
                self.error([*path, op], "'answered' takes true or false")
                return None
            if other.required and other.when is None:
                self.error(
                    [*path, op],
                    f"'{target}' is required and always asked: 'answered' would never change",
                )
                return None
            return Comparison(target, op, (value,))
        values = tuple(value) if op in ("in", "not_in") and isinstance(value, list) else (value,)
        if op in ("in", "not_in") and not (isinstance(value, list) and value):
            self.error([*path, op], f"'{op}' takes a non-empty list")
            return None
        if op == "includes" and other.type != "multi":
            self.error(
                [*path, op], f"'includes' applies to multi questions; '{target}' is {other.type}"
            )
            return None
        if op != "includes" and other.type in ("multi", "role_matrix"):
            self.error([*path, op], f"'{op}' cannot compare a {other.type} answer; use 'includes'")
            return None
        allowed = self.possible_values(other)
        for i, v in enumerate(values):
            if allowed is not None and v not in allowed:
                where = [*path, op, i] if op in ("in", "not_in") else [*path, op]
                self.error(where, f"'{v}' is not a possible answer to '{target}'")
                return None
        return Comparison(target, op, values)

    def possible_values(self, q: Question) -> set[Any] | None:
        if q.type in ("single", "multi") and q.choices_from != "subtypes":
            return {c.value for c in q.choices}
        if q.choices_from == "subtypes":
            return {s.id for c in self.pack.categories for s in c.subtypes}
        if q.type == "scale":
            return set(q.scale_values)
        if q.type == "confirm":
            return {True, False}
        return None

    def check_maps_to(self) -> None:
        seen: dict[str, str] = {}
        for qid, q in self.resolved.items():
            if q.maps_to is None:
                continue
            si, qi = self.positions[qid]
            path: list[PathItem] = ["sections", si, "questions", qi, "maps_to"]
            if q.maps_to in seen:
                self.error(
                    path, f"'{q.maps_to}' is already the meaning of question '{seen[q.maps_to]}'"
                )
            seen[q.maps_to] = qid
            rule = KNOWN_MAPPINGS.get(q.maps_to)
            if rule is None:
                continue
            types, source = rule
            if q.type not in types:
                self.error(
                    path, f"'{q.maps_to}' needs a {' or '.join(types)} question, not {q.type}"
                )
            elif source is not None and q.choices_from != source:
                self.error(path, f"'{q.maps_to}' needs choices drawn from '{source}'")
        subtype = next((q for q in self.resolved.values() if q.choices_from == "subtypes"), None)
        if subtype is not None:
            category = next(
                (q for q in self.resolved.values() if q.maps_to == "organisation.category"), None
            )
            si, qi = self.positions[subtype.id]
            if category is None or self.positions[category.id] > (si, qi):
                self.error(
                    ["sections", si, "questions", qi, "choices"],
                    "subtype choices need an earlier question with maps_to: organisation.category",
                )
