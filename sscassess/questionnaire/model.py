"""Questionnaires: the resolved form every stage reads, conditions, and loading.

A questionnaire file is validated in two layers (:mod:`sscassess.questionnaire.check`):
pydantic models for the shape of each node, then context checks (ids, ``when`` conditions,
choices drawn from the reference pack, translations). Every problem carries the file and line;
:mod:`sscassess.questionnaire.load` loads and checks questionnaires by id or path.

The loaded :class:`Questionnaire` is resolved against its reference pack: choice lists drawn
from the pack and the role matrix are expanded into plain :class:`Choice` objects, so the
wizard, the answers validator, the JSON Schema and the printed form all read one structure.
It is made of plain frozen dataclasses only. This module imports neither pydantic nor the
reference pack's models: a questionnaire that was validated before is read back from a cache
keyed by the bytes of its files (:mod:`sscassess.questionnaire.cache`), so the wizard starts
without them. ``Questionnaire.reference`` loads the full pack on first use.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from sscassess.core.errors import NONE, IntegrityError, Msg, Problem, UsageError
from sscassess.core.resources import (
    ARCHIVE,
    NotShippedError,
    archived_packs,
    data_dir,
    declared_version,
    is_archived,
    is_version,
    released_versions,
    shipped_packs,
    split_ref,
)
from sscassess.core.texts import Text, translate

if TYPE_CHECKING:
    from collections.abc import Mapping

    from sscassess.reference.model import ReferencePack

QUESTIONNAIRE_ID_PATTERN = r"^[a-z][a-z0-9_-]{0,63}$"
DEFAULT_QUESTIONNAIRE = "ssc-stakeholder-self-assessment"
#: Longest free-text answer any questionnaire may accept (characters). Reports render it.
TEXT_HARD_LIMIT = 10_000
#: Used when a text question declares no max_length.
TEXT_DEFAULT_LIMIT = 2_000
#: Longest "other" entry.
OTHER_MAX_LENGTH = 200

QuestionType = Literal["single", "multi", "scale", "text", "number", "confirm", "role_matrix"]
ChoiceList = Literal[
    "categories", "subtypes", "aims", "challenges", "potential", "constraints", "roles"
]

#: Meanings the analysis knows, with the question types and choice lists they require.
KNOWN_MAPPINGS: dict[str, tuple[tuple[str, ...], str | None]] = {
    "roles": (("role_matrix",), None),
    "aims": (("multi",), "aims"),
    "priority_aim": (("single",), "aims"),
    "challenges": (("multi",), "challenges"),
    "potential": (("multi",), "potential"),
    "constraints": (("multi",), "constraints"),
    "collaborations": (("multi",), "categories"),
    "collaboration_needs": (("multi",), "categories"),
    "phases": (("multi",), None),
    "planned_contribution": (("text",), None),
    "comments": (("text",), None),
    "organisation.name": (("text",), None),
    "organisation.category": (("single",), "categories"),
    "organisation.subtype": (("single",), "subtypes"),
    "organisation.scale": (("single",), None),
    "organisation.sector": (("single",), None),
    "respondent.position": (("text",), None),
    "consent.named": (("confirm",), None),
    "consent.quote": (("confirm",), None),
    "pledge_roles": (("multi",), "roles"),
}
MAPS_TO_PATTERN = r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)?$"


# ---------------------------------------------------------------------------- conditions


@dataclass(frozen=True)
class Comparison:
    """``{question: q, equals|in|not_in|includes|answered: ...}``.

    ``answered: true`` holds when ``q`` has an answer (see :func:`has_answer`),
    ``answered: false`` when it has none; the other operators are false on no answer.
    """

    question: str
    op: Literal["equals", "in", "not_in", "includes", "answered"]
    values: tuple[Any, ...]


@dataclass(frozen=True)
class Junction:
    """``{all: [...]}`` or ``{any: [...]}``."""

    mode: Literal["all", "any"]
    parts: tuple[Condition, ...]


Condition = Comparison | Junction


def evaluate(condition: Condition, answers: Mapping[str, Any]) -> bool:
    """Whether ``condition`` holds for ``answers``.

    A comparison on an unanswered question is false, except ``answered: false``.
    """
    if isinstance(condition, Junction):
        results = (evaluate(p, answers) for p in condition.parts)
        return all(results) if condition.mode == "all" else any(results)
    if condition.op == "answered":
        return has_answer(answers.get(condition.question)) is condition.values[0]
    if condition.question not in answers or answers[condition.question] is None:
        return False
    value = answers[condition.question]
    if condition.op == "includes":
        return isinstance(value, list) and any(same_value(v, condition.values[0]) for v in value)
    if condition.op == "equals":
        return same_value(value, condition.values[0])
    inside = any(same_value(value, v) for v in condition.values)
    return inside if condition.op == "in" else not inside


def has_answer(value: Any) -> bool:
    """Whether ``value`` is an answer: not ``None``, a blank text, an empty list or mapping."""
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, list | dict | tuple):
        return bool(value)
    return True


def same_value(a: Any, b: Any) -> bool:
    """Equality as JSON sees it: ``true`` is not ``1``, ``3`` is ``3.0``."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, int | float) and isinstance(b, int | float):
        return a == b
    return type(a) is type(b) and bool(a == b)


# ---------------------------------------------------------------------------- resolved form


@dataclass(frozen=True)
class Choice:
    """A choice as offered to the respondent."""

    value: str
    label: Text
    help: Text | None = None


@dataclass(frozen=True)
class ScalePoint:
    """One point of a rating scale."""

    value: int
    label: Text
    help: Text | None = None


@dataclass(frozen=True)
class Validation:
    """The validation a question declares (``None``: not declared)."""

    min: int | float | None = None
    max: int | float | None = None
    integer: bool | None = None
    max_length: int | None = None
    min_selected: int | None = None
    max_selected: int | None = None

    def declared(self) -> dict[str, Any]:
        """The declared rules only, as in the file (``{"max_length": 500}``)."""
        rules = {
            "min": self.min,
            "max": self.max,
            "integer": self.integer,
            "max_length": self.max_length,
            "min_selected": self.min_selected,
            "max_selected": self.max_selected,
        }
        return {k: v for k, v in rules.items() if v is not None}


@dataclass(frozen=True)
class Question:
    """A question resolved against the reference pack."""

    id: str
    section: str
    type: str
    label: Text
    help: Text | None
    required: bool
    choices: tuple[Choice, ...]  #: inline or from the pack; empty for dynamic subtypes
    choices_from: str | None  #: the pack list the choices come from, if any
    other: bool
    scale: tuple[ScalePoint, ...]  #: for scale and role_matrix
    items: tuple[Choice, ...]  #: role_matrix rows
    when: Condition | None
    validation: Validation
    maps_to: str | None

    @property
    def max_length(self) -> int:
        """The longest text accepted (text questions)."""
        return self.validation.max_length or TEXT_DEFAULT_LIMIT

    @property
    def scale_values(self) -> tuple[int, ...]:
        """The values of the rating scale."""
        return tuple(p.value for p in self.scale)


@dataclass(frozen=True)
class Section:
    """A resolved section."""

    id: str
    title: Text
    intro: Text | None
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Questionnaire:
    """A validated questionnaire bound to its reference pack.

    Two questionnaires are equal when every field is: the same questions, choices, conditions
    and texts. The pack itself (:attr:`reference`) and the file model (:attr:`spec`) are
    loaded on first use and not compared; the pack's identity is (``reference_id``,
    ``reference_version``, ``reference_sha256``).
    """

    id: str
    version: str
    title: Text
    description: Text | None
    language_codes: tuple[str, ...]
    default_language: str  #: the language of plain-string texts
    estimated_minutes: int | None
    sections: tuple[Section, ...]
    sha256: str  #: of the file's data (canonical JSON), as pinned by campaigns and drafts
    location: str  #: the file as shown in messages
    file: str  #: the file's absolute path
    subtypes: dict[str, tuple[Choice, ...]]
    reference_id: str
    reference_version: str
    reference_sha256: str
    #: What :func:`sscassess.reference.pack.load_reference` was given (a shipped id or a folder).
    reference_source: str
    _pack: ReferencePack | None = field(default=None, compare=False, repr=False)

    @property
    def reference(self) -> ReferencePack:
        """The reference pack (loaded and validated on first use)."""
        if self._pack is None:
            from sscassess.reference.pack import load_reference

            pack = load_reference(self.reference_source or None)
            if pack.sha256 != self.reference_sha256:
                raise IntegrityError(
                    Msg("the reference pack {pack} changed after questionnaire {ref} was "
                        "loaded; run the command again", pack=pack.id, ref=self.ref)
                )  # fmt: skip
            object.__setattr__(self, "_pack", pack)
        assert self._pack is not None
        return self._pack

    @property
    def ref(self) -> str:
        """``id@version``, as recorded in answers."""
        return f"{self.id}@{self.version}"

    @property
    def languages(self) -> list[str]:
        """Languages the questionnaire is complete in."""
        return list(self.language_codes)

    @property
    def questions(self) -> tuple[Question, ...]:
        """All questions in order."""
        return tuple(q for s in self.sections for q in s.questions)

    def question(self, question_id: str) -> Question:
        """The question with this id."""
        for q in self.questions:
            if q.id == question_id:
                return q
        raise KeyError(question_id)

    def by_mapping(self, maps_to: str) -> Question | None:
        """The question whose ``maps_to`` is this meaning, if any."""
        return next((q for q in self.questions if q.maps_to == maps_to), None)

    def text(self, value: Text | None, lang: str | None = None) -> str:
        """A translatable text in ``lang`` (default language as fallback)."""
        return translate(value, lang or self.default_language, self.default_language)

    def choices_for(self, question: Question, answers: Mapping[str, Any]) -> tuple[Choice, ...]:
        """The choices offered for ``question`` given earlier answers (subtypes depend on them)."""
        if question.choices_from != "subtypes":
            return question.choices
        category_q = self.by_mapping("organisation.category")
        category = answers.get(category_q.id) if category_q else None
        return self.subtypes.get(category, ()) if isinstance(category, str) else ()

    def is_visible(self, question: Question, answers: Mapping[str, Any]) -> bool:
        """Whether ``question`` is asked, given the answers so far."""
        return question.when is None or evaluate(question.when, answers)


# ---------------------------------------------------------------------------- loading


def shipped_questionnaires() -> dict[str, Path]:
    """Shipped questionnaire ids and their files (the current versions)."""
    root = data_dir("questionnaires")
    return {p.stem: p for p in sorted(root.glob("*.yaml"))}


def archived_questionnaires() -> dict[str, Path]:
    """Archived questionnaires: ``id@version`` and its file (``questionnaires/archive/``)."""
    root = data_dir("questionnaires") / ARCHIVE
    return {p.stem: p for p in sorted(root.glob("*.yaml"))} if root.is_dir() else {}


def resolve_questionnaire_location(spec: str | Path | None) -> tuple[Path, str]:
    """Turn an id (``id`` or ``id@version``) or a path into (file, display name).

    ``id`` is the current shipped file; ``id@version`` the current one when its version
    matches, else the archived one. A shipped id whose version is neither current nor
    archived raises :class:`~sscassess.core.resources.NotShippedError`.
    """
    spec_str = str(spec) if spec else DEFAULT_QUESTIONNAIRE
    shipped = shipped_questionnaires()
    name, version = split_ref(spec_str)
    if name in shipped and version is None:
        return shipped[name], f"questionnaires/{shipped[name].name}"
    if version is not None and (name in shipped or spec_str in archived_questionnaires()):
        return _shipped_version(name, version, shipped.get(name))
    path = Path(spec_str).expanduser()
    if path.is_file():
        return path, spec_str
    if path.is_dir():
        raise UsageError(Msg("{spec}: is a folder; give a questionnaire YAML file", spec=spec_str))
    known: str | Msg = ", ".join(shipped) or NONE
    raise UsageError(
        Msg("no questionnaire '{spec}': give a shipped questionnaire id ({known}) or a YAML "
            "file", spec=spec_str, known=known)
    )  # fmt: skip


def _shipped_version(name: str, version: str, current: Path | None) -> tuple[Path, str]:
    current_version = declared_version(current) if current else None
    # An unreadable version line is left to the loader, which names the version it finds.
    if current is not None and current_version in (version, None):
        return current, f"questionnaires/{current.name}"
    archived = archived_questionnaires()
    if is_version(version) and f"{name}@{version}" in archived:
        path = archived[f"{name}@{version}"]
        return path, f"questionnaires/{ARCHIVE}/{path.name}"
    versions = [k.split("@", 1)[1] for k in archived if k.split("@", 1)[0] == name]
    raise NotShippedError("questionnaire", name, version, current_version, versions)


@dataclass
class CheckResult:
    """Outcome of checking a questionnaire: errors make it unusable, warnings do not."""

    errors: list[Problem]
    warnings: list[Problem]
    questionnaire: Questionnaire | None


def pack_source(questionnaire_file: Path, pack: str | None) -> str | None:
    """What to load for a questionnaire's ``reference:`` entry (a shipped id or a folder).

    A relative pack path is relative to the questionnaire's folder. ``id@version`` names a
    version of a shipped pack. An archived questionnaire loads with the pack version it was
    released with (its entry in ``questionnaires/released.json``), whatever its file says.
    """
    if is_archived(questionnaire_file, "questionnaires"):
        entry = released_versions("questionnaires").get(questionnaire_file.stem, {})
        if isinstance(entry.get("reference"), str):
            return str(entry["reference"])
    if pack is None or ("/" not in pack and pack in shipped_packs()):
        return pack
    name, version = split_ref(pack)
    if (
        "/" not in pack
        and version is not None
        and (name in shipped_packs() or pack in archived_packs())
    ):
        return pack
    candidate = Path(pack).expanduser()
    return str(candidate if candidate.is_absolute() else questionnaire_file.parent / candidate)


def canonical_sha256(data: Any) -> str:
    """sha256 of a JSON-compatible value in canonical form (sorted keys, no spaces)."""
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def organisation_questions(questionnaire: Questionnaire) -> dict[str, Question]:
    """Questions answered in the organisation block, by field name."""
    return {
        q.maps_to.split(".", 1)[1]: q
        for q in questionnaire.questions
        if q.maps_to and q.maps_to.startswith("organisation.")
    }
