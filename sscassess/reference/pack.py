"""The reference framework: a versioned, validated data pack (see reference/README.md).

:func:`load_reference` reads a pack folder, validates every file with pydantic and then checks
the links between files (ids, matrix, triggers). Every problem found is reported at once, each
with its file and line. The result is a :class:`ReferencePack` of typed, frozen objects; pandas
tables are built on request only (:meth:`ReferencePack.matrix_frame`).
"""

from __future__ import annotations

import errno
import functools
import hashlib
import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from sscassess.core.errors import InvalidInputError, Problem, UsageError
from sscassess.core.fileio import atomic_write

# Locations live in sscassess.core.resources (no pydantic there); re-exported for callers.
from sscassess.core.resources import DEFAULT_PACK as DEFAULT_PACK
from sscassess.core.resources import (
    PACK_FILES,
    check_archived,
    is_archived,
    pack_files_digest,
    resolve_pack_location,
)
from sscassess.core.resources import shipped_packs as shipped_packs
from sscassess.core.texts import Text, translate
from sscassess.core.validation import ID_PATTERN as ID_PATTERN
from sscassess.core.validation import REC_PATTERN, looks_like_text, pydantic_problems, walk
from sscassess.core.yamlio import (
    MAX_YAML_BYTES,
    PathItem,
    YamlDocument,
    load_yaml_file,
    normalise_id,
)

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    import pandas as pd

SHORT_NAME_MAX = 27
#: Most bytes, all files together, that ``init --reference PACK`` copies into a campaign.
MAX_PACK_COPY_BYTES = 16 * 1024 * 1024

Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
RecId = Annotated[str, StringConstraints(pattern=REC_PATTERN)]
Basis = Literal["report", "interpretation"]
Level = Literal["primary", "supporting", "none"]
CoverageStatus = Literal["uncovered", "no_lead", "contested", "covered"]

#: Expected involvement (0–4 scale) for each expectation level.
EXPECTED_INVOLVEMENT: dict[str, int] = {"primary": 3, "supporting": 2, "none": 0}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, defer_build=True)


# ---------------------------------------------------------------------------- file models


class PackSource(_Model):
    """Citation of the document the pack encodes."""

    title: str
    publisher: str
    date: str
    also_published_as: str | None = None
    digest: str | None = None


class PackMeta(_Model):
    """pack.yaml: identity and languages of the pack."""

    id: Id
    version: str
    title: Text
    source: PackSource
    languages: list[Id] = Field(min_length=1)
    default_language: Id
    notes: Text | None = None


class Role(_Model):
    """A role type an organisation can play in a smart sustainable city."""

    id: Id
    code: str
    name: Text
    short_name: Text  #: at most 27 characters: labels tables and chart axes
    description: Text
    no_primary_reason: Text | None = None


class TaxonomyItem(_Model):
    """An aim or a challenge."""

    id: Id
    code: str
    name: Text
    description: Text
    source: str


class SourcedItem(_Model):
    """A potential or constraint item, with its provenance."""

    id: Id
    name: Text
    description: Text
    basis: Basis
    source: str | None = None
    rationale: Text | None = None


class RoleStatement(_Model):
    """One of the report's statements about a category, paraphrased."""

    text: Text
    source: str


class AnnexColumn(_Model):
    """One Annex 1 column of a category, with where it comes from."""

    status: Literal["report_table", "report_body", "not_in_source"]
    source: str | None = None
    items: list[Id] = Field(default_factory=list)
    statements: list[Text] = Field(default_factory=list)
    note: Text | None = None


class Annex(_Model):
    """The report's Annex 1 columns for a category."""

    scale_sector: AnnexColumn
    aims: AnnexColumn
    challenges: AnnexColumn
    potential: AnnexColumn
    constraints: AnnexColumn
    contribution: AnnexColumn


class Subtype(_Model):
    """A kind of organisation within a category (e.g. telecom operator)."""

    id: Id
    name: Text


class Category(_Model):
    """A stakeholder category with its profile."""

    id: Id
    code: str
    list_item: str
    name: Text
    description: Text
    subtypes: list[Subtype] = Field(default_factory=list)
    role_statements: list[RoleStatement] = Field(default_factory=list)
    annex: Annex


class Expectation(_Model):
    """One non-empty cell of the category × role matrix."""

    level: Literal["primary", "supporting"]
    basis: Basis
    source: str | None = None
    rationale: Text | None = None


class Recommendation(_Model):
    """A recommendation of the report, with the condition that makes it relevant."""

    id: RecId
    group: Literal["final_section", "methodology", "role_specific"]
    title: Text
    text: Text
    concerns: list[Id] | Literal["all"]
    source: str
    kind: Literal["triggered", "process"]
    trigger: Any = None


class _RolesFile(_Model):
    roles: list[Role]


class _AimsFile(_Model):
    aims: list[TaxonomyItem]


class _ChallengesFile(_Model):
    challenges: list[TaxonomyItem]


class _PotentialFile(_Model):
    potential: list[SourcedItem]


class _ConstraintsFile(_Model):
    constraints: list[SourcedItem]


class _CategoriesFile(_Model):
    categories: list[Category]


class _ExpectationsFile(_Model):
    expectations: dict[str, dict[str, Expectation]]


class _RecommendationsFile(_Model):
    recommendations: list[Recommendation]


_FILE_MODELS: dict[str, type[_Model]] = {
    "pack.yaml": PackMeta,
    "roles.yaml": _RolesFile,
    "aims.yaml": _AimsFile,
    "challenges.yaml": _ChallengesFile,
    "potential.yaml": _PotentialFile,
    "constraints.yaml": _ConstraintsFile,
    "categories.yaml": _CategoriesFile,
    "expectations.yaml": _ExpectationsFile,
    "recommendations.yaml": _RecommendationsFile,
}

# ---------------------------------------------------------------------------- triggers


@dataclass(frozen=True)
class Condition:
    """A leaf trigger condition. ``kind`` is one of :data:`CONDITION_KINDS`.

    ``roles``/``categories``/``aims``/``challenges`` hold ids; the string ``"all"`` is
    expanded to every id of the pack when the trigger is parsed.
    """

    kind: str
    roles: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    aims: tuple[str, ...] = ()
    challenges: tuple[str, ...] = ()
    status: tuple[str, ...] = ()
    min_share: float = 0.0


@dataclass(frozen=True)
class Combination:
    """``all`` (every part fires) or ``any`` (at least one fires) of sub-triggers."""

    mode: Literal["all", "any"]
    parts: tuple[Trigger, ...]


Trigger = Condition | Combination

#: Leaf condition kinds and the parameters each takes (``required``, ``optional``).
CONDITION_KINDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "role_status": (("roles", "status"), ()),
    "owner_missing": (("roles",), ()),
    "category_missing": (("categories",), ()),
    "category_gap": (("categories", "roles"), ()),
    "aim_unpursued": (("aims",), ()),
    "challenge_reported": (("challenges", "min_share"), ()),
}
_COVERAGE_STATUSES = ("uncovered", "no_lead", "contested", "covered")


# ---------------------------------------------------------------------------- the pack


@dataclass(frozen=True)
class MatrixCell:
    """A cell of the full category × role matrix (``none`` cells included)."""

    category: str
    role: str
    level: Level
    basis: Basis | None
    source: str | None
    rationale: Text | None


@dataclass(frozen=True)
class ReferencePack:
    """A validated reference pack."""

    meta: PackMeta
    roles: tuple[Role, ...]
    aims: tuple[TaxonomyItem, ...]
    challenges: tuple[TaxonomyItem, ...]
    potential: tuple[SourcedItem, ...]
    constraints: tuple[SourcedItem, ...]
    categories: tuple[Category, ...]
    expectations: dict[str, dict[str, Expectation]]
    recommendations: tuple[Recommendation, ...]
    triggers: dict[str, Trigger]
    sha256: str
    location: str

    @property
    def id(self) -> str:
        """The pack id, e.g. ``itu_fg_ssc_2015``."""
        return self.meta.id

    @property
    def version(self) -> str:
        """The pack version."""
        return self.meta.version

    def text(self, value: Text | None, lang: str | None = None) -> str:
        """``value`` in ``lang`` (default: the pack's default language)."""
        return translate(value, lang or self.meta.default_language, self.meta.default_language)

    def category(self, category_id: str) -> Category:
        """The category with this id; :class:`UsageError` naming the valid ids otherwise."""
        for cat in self.categories:
            if cat.id == category_id:
                return cat
        valid = ", ".join(c.id for c in self.categories)
        raise UsageError(f"unknown category '{category_id}'; valid categories: {valid}")

    def role(self, role_id: str) -> Role:
        """The role with this id."""
        for role in self.roles:
            if role.id == role_id:
                return role
        raise UsageError(f"unknown role '{role_id}'")

    def level(self, category_id: str, role_id: str) -> Level:
        """The expectation level of a category for a role (``none`` when not listed)."""
        cell = self.expectations.get(category_id, {}).get(role_id)
        return cell.level if cell else "none"

    def matrix(self) -> Iterator[MatrixCell]:
        """Every cell of the category × role matrix, categories and roles in pack order."""
        for cat in self.categories:
            row = self.expectations.get(cat.id, {})
            for role in self.roles:
                cell = row.get(role.id)
                if cell is None:
                    yield MatrixCell(cat.id, role.id, "none", None, None, None)
                else:
                    yield MatrixCell(
                        cat.id, role.id, cell.level, cell.basis, cell.source, cell.rationale
                    )

    def matrix_frame(self, lang: str | None = None) -> pd.DataFrame:
        """The full matrix as a long pandas DataFrame.

        Columns: ``category``, ``role``, ``level``, ``expected_involvement``, ``basis``,
        ``source``, ``rationale``.
        """
        import pandas as pd

        rows = [
            {
                "category": c.category,
                "role": c.role,
                "level": c.level,
                "expected_involvement": EXPECTED_INVOLVEMENT[c.level],
                "basis": c.basis,
                "source": c.source,
                "rationale": self.text(c.rationale, lang) if c.rationale else None,
            }
            for c in self.matrix()
        ]
        return pd.DataFrame(rows)

    def recommendations_for(self, category_id: str) -> list[Recommendation]:
        """Recommendations whose ``concerns`` name this category (or all)."""
        return [r for r in self.recommendations if r.concerns == "all" or category_id in r.concerns]


# ---------------------------------------------------------------------------- loading


def load_reference(spec: str | Path | None = None) -> ReferencePack:
    """Load and validate a reference pack by shipped id, ``id@version`` or path (default: the ITU pack).

    ``id@version`` is the shipped pack when its version matches, else the archived one
    (``reference/archive/id@version``); an archived pack is refused with
    :class:`~sscassess.core.errors.IntegrityError` unless it is the released one, byte for byte
    of its data (``reference/released.json``), and a version that is neither current nor
    archived with :class:`~sscassess.core.resources.NotShippedError`. Raises
    :class:`InvalidInputError` listing every problem, each with file and line.
    """
    folder, display = resolve_pack_location(spec)
    # Keyed by the files' bytes too: a pack edited while the process runs is read again.
    pack = _load_cached(str(folder.resolve()), display, pack_files_digest(folder))
    if is_archived(folder, "reference"):
        check_archived("reference", folder.name, f"{pack.id}@{pack.version}", pack.sha256, display)
    return pack


@functools.lru_cache(maxsize=8)
def _load_cached(folder: str, display: str, content: str | None) -> ReferencePack:
    return _load(Path(folder), display)


def _load(folder: Path, display: str) -> ReferencePack:
    docs: dict[str, YamlDocument] = {}
    problems: list[Problem] = []
    for path in pack_files(folder):
        name = path.name
        shown = f"{display}/{name}"
        try:
            docs[name] = load_yaml_file(path, shown)
        except InvalidInputError as exc:
            message = exc.summary.removeprefix(f"{shown}: ")
            problems.extend(exc.problems or [Problem(shown, 0, "", message)])
    if problems:
        raise InvalidInputError(f"reference pack {display} cannot be read", problems)

    models: dict[str, Any] = {}
    for name, doc in docs.items():
        try:
            models[name] = _FILE_MODELS[name].model_validate(doc.data)
        except ValidationError as exc:
            problems.extend(pydantic_problems(exc, doc))
    if problems:
        raise InvalidInputError(f"reference pack {display} is invalid", problems)

    checker = _PackChecker(docs, models)
    checker.run()
    if checker.problems:
        raise InvalidInputError(f"reference pack {display} is invalid", checker.problems)

    return ReferencePack(
        meta=models["pack.yaml"],
        roles=tuple(models["roles.yaml"].roles),
        aims=tuple(models["aims.yaml"].aims),
        challenges=tuple(models["challenges.yaml"].challenges),
        potential=tuple(models["potential.yaml"].potential),
        constraints=tuple(models["constraints.yaml"].constraints),
        categories=tuple(models["categories.yaml"].categories),
        expectations=dict(models["expectations.yaml"].expectations),
        recommendations=tuple(models["recommendations.yaml"].recommendations),
        triggers=checker.triggers,
        sha256=pack_sha256({name: docs[name].data for name in PACK_FILES}),
        location=display,
    )


def pack_files(folder: Path) -> list[Path]:
    """The files a pack in ``folder`` consists of: exactly those :func:`load_reference` reads.

    Nothing else in the folder (notes, drafts, links) belongs to the pack.
    """
    return [folder / name for name in PACK_FILES]


def read_pack_for_copy(spec: str | Path) -> dict[str, bytes]:
    """The bytes of the pack's own files (:func:`pack_files`), read for copying elsewhere.

    Never reads through a link: a pack file that is a symbolic link, or not a regular file,
    is refused with :class:`InvalidInputError` naming it, as is a pack whose files hold more
    than :data:`MAX_PACK_COPY_BYTES` together (each file is also capped at the loader's
    4 MiB). Nothing is written.
    """
    folder, display = resolve_pack_location(spec)
    files: dict[str, bytes] = {}
    problems: list[Problem] = []
    total = 0
    for path in pack_files(folder):
        shown = f"{display}/{path.name}"
        try:
            data = _read_regular_file(path, MAX_YAML_BYTES)
        except _NotCopyable as exc:
            problems.append(Problem(shown, 0, "", str(exc)))
            continue
        total += len(data)
        files[path.name] = data
    if not problems and total > MAX_PACK_COPY_BYTES:
        problems.append(
            Problem(display, 0, "", f"the pack files hold {total} bytes; at most "
                    f"{MAX_PACK_COPY_BYTES} ({MAX_PACK_COPY_BYTES // 2**20} MiB) are copied")
        )  # fmt: skip
    if problems:
        raise InvalidInputError(f"reference pack {display} cannot be copied", problems)
    return files


def write_pack_copy(dest: Path, files: dict[str, bytes]) -> None:
    """Write the pack files read by :func:`read_pack_for_copy` into the new folder ``dest``.

    The folder is made 0755 and each file 0644 whatever the umask: a pack is not secret, but
    nobody else may change it.
    """
    dest.mkdir()
    dest.chmod(0o755)
    for name, data in files.items():
        atomic_write(dest / name, data, mode=0o644)


class _NotCopyable(Exception):
    pass


def _read_regular_file(path: Path, max_bytes: int) -> bytes:
    """Read ``path`` if it is a regular file (not a link) of at most ``max_bytes``."""
    try:
        if path.is_symlink():
            raise _NotCopyable(
                "is a symbolic link; pack files are copied, never followed: "
                "put the file itself in the pack folder"
            )
        # O_NOFOLLOW: a link swapped in after the check fails too; O_NONBLOCK: a FIFO does
        # not block the open (it is refused below as not a regular file).
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise _NotCopyable("is missing") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise _NotCopyable("is a symbolic link: pack files are copied, not followed") from None
        raise _NotCopyable(f"cannot be read: {exc.strerror or exc}") from None
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
            raise _NotCopyable("is not a regular file")
        data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise _NotCopyable(f"is larger than {max_bytes // 2**20} MiB")
    return data


def pack_sha256(data: dict[str, Any]) -> str:
    """The identity of a pack's content: sha256 of its files' data as canonical JSON.

    ``data`` maps file name to parsed data; reformatting a YAML file does not change it.
    """
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class _PackChecker:
    """Checks that need more than one file: ids, links, matrix rules, triggers."""

    def __init__(self, docs: dict[str, YamlDocument], models: dict[str, Any]) -> None:
        self.docs = docs
        self.problems: list[Problem] = []
        self.meta: PackMeta = models["pack.yaml"]
        self.roles: list[Role] = models["roles.yaml"].roles
        self.aims: list[TaxonomyItem] = models["aims.yaml"].aims
        self.challenges: list[TaxonomyItem] = models["challenges.yaml"].challenges
        self.potential: list[SourcedItem] = models["potential.yaml"].potential
        self.constraints: list[SourcedItem] = models["constraints.yaml"].constraints
        self.categories: list[Category] = models["categories.yaml"].categories
        self.expectations: dict[str, dict[str, Expectation]] = models[
            "expectations.yaml"
        ].expectations
        self.recommendations: list[Recommendation] = models["recommendations.yaml"].recommendations
        self.ids = {
            "role": [r.id for r in self.roles],
            "aim": [a.id for a in self.aims],
            "challenge": [c.id for c in self.challenges],
            "potential": [p.id for p in self.potential],
            "constraint": [c.id for c in self.constraints],
            "category": [c.id for c in self.categories],
        }
        self.triggers: dict[str, Trigger] = {}

    def add(self, file: str, path: Sequence[PathItem], message: str) -> None:
        self.problems.append(self.docs[file].problem(path, message))

    def run(self) -> None:
        self.check_meta()
        self.check_unique("roles.yaml", "roles", self.roles, "code")
        self.check_unique("aims.yaml", "aims", self.aims, "code")
        self.check_unique("challenges.yaml", "challenges", self.challenges, "code")
        self.check_unique("potential.yaml", "potential", self.potential)
        self.check_unique("constraints.yaml", "constraints", self.constraints)
        self.check_unique("categories.yaml", "categories", self.categories, "code")
        self.check_unique("recommendations.yaml", "recommendations", self.recommendations)
        self.check_texts()
        self.check_short_names()
        self.check_sourced("potential.yaml", "potential", self.potential)
        self.check_sourced("constraints.yaml", "constraints", self.constraints)
        self.check_categories()
        self.check_expectations()
        self.check_recommendations()

    # -- pieces

    def check_meta(self) -> None:
        if self.meta.default_language not in self.meta.languages:
            self.add(
                "pack.yaml",
                ["default_language"],
                f"'{self.meta.default_language}' is not one of the pack's languages "
                f"({', '.join(self.meta.languages)})",
            )

    def check_unique(
        self, file: str, key: str, items: Sequence[Any], code_field: str | None = None
    ) -> None:
        for field_name in ("id", code_field) if code_field else ("id",):
            first: dict[str, int] = {}
            for i, item in enumerate(items):
                value = getattr(item, field_name)
                norm = normalise_id(value)
                if norm in first:
                    line = self.docs[file].line_of([key, first[norm], field_name])
                    self.add(
                        file,
                        [key, i, field_name],
                        f"duplicate {field_name} '{value}' (also at line {line})",
                    )
                else:
                    first[norm] = i

    def check_texts(self) -> None:
        """Each translatable text has the default language and only declared languages."""
        langs = set(self.meta.languages)
        default = self.meta.default_language
        for file, doc in self.docs.items():
            for path, value in walk(doc.data, ()):
                if not isinstance(value, dict) or not value or not looks_like_text(value, langs):
                    continue
                if default not in value:
                    self.add(file, path, f"text has no '{default}' version (the default language)")
                for lang in value:
                    if lang not in langs:
                        self.add(
                            file,
                            [*path, lang],
                            f"language '{lang}' is not declared in pack.yaml languages",
                        )

    def check_short_names(self) -> None:
        for i, role in enumerate(self.roles):
            values = (
                [role.short_name] if isinstance(role.short_name, str) else role.short_name.values()
            )
            for value in values:
                if len(value) > SHORT_NAME_MAX:
                    self.add(
                        "roles.yaml",
                        ["roles", i, "short_name"],
                        f"'{value}' is longer than {SHORT_NAME_MAX} characters",
                    )

    def check_sourced(self, file: str, key: str, items: Sequence[SourcedItem]) -> None:
        for i, item in enumerate(items):
            self.check_basis(file, [key, i], item.basis, item.source, item.rationale)

    def check_basis(
        self,
        file: str,
        path: list[PathItem],
        basis: str,
        source: str | None,
        rationale: Text | None,
    ) -> None:
        if basis == "report" and not source:
            self.add(file, path, "basis 'report' needs a 'source' pointer (e.g. \"§4.12\")")
        if basis == "interpretation" and not rationale:
            self.add(file, path, "basis 'interpretation' needs a one-sentence 'rationale'")
        if basis == "report" and rationale:
            self.add(file, path, "'rationale' belongs to interpretation cells; use 'source'")

    def check_categories(self) -> None:
        lists = {
            "aims": ("aim", "aims.yaml"),
            "challenges": ("challenge", "challenges.yaml"),
            "potential": ("potential", "potential.yaml"),
            "constraints": ("constraint", "constraints.yaml"),
        }
        for i, cat in enumerate(self.categories):
            base: list[PathItem] = ["categories", i]
            seen: set[str] = set()
            for j, sub in enumerate(cat.subtypes):
                if sub.id in seen:
                    self.add(
                        "categories.yaml",
                        [*base, "subtypes", j, "id"],
                        f"duplicate subtype '{sub.id}'",
                    )
                seen.add(sub.id)
            for column_name in Annex.model_fields:
                column: AnnexColumn = getattr(cat.annex, column_name)
                path: list[PathItem] = [*base, "annex", column_name]
                if column.status == "not_in_source":
                    if column.items or column.statements:
                        self.add(
                            "categories.yaml",
                            path,
                            "column is 'not_in_source' but lists content: remove it, or give "
                            "its status and source",
                        )
                    if column.note is None:
                        self.add(
                            "categories.yaml",
                            path,
                            "'not_in_source' needs a 'note' saying what is missing",
                        )
                elif not column.source:
                    self.add(
                        "categories.yaml",
                        path,
                        f"status '{column.status}' needs a 'source' pointer",
                    )
                if column_name in lists:
                    kind, file = lists[column_name]
                    for j, item in enumerate(column.items):
                        if item not in self.ids[kind]:
                            self.add(
                                "categories.yaml",
                                [*path, "items", j],
                                f"unknown {kind} '{item}' (not in {file})",
                            )
                elif column.items:
                    self.add(
                        "categories.yaml",
                        [*path, "items"],
                        f"column '{column_name}' takes 'statements', not 'items'",
                    )

    def check_expectations(self) -> None:
        file = "expectations.yaml"
        known_roles = set(self.ids["role"])
        for cat_id, row in self.expectations.items():
            if cat_id not in self.ids["category"]:
                self.add(file, ["expectations", cat_id], f"unknown category '{cat_id}'")
                continue
            for role_id, cell in row.items():
                path: list[PathItem] = ["expectations", cat_id, role_id]
                if role_id not in known_roles:
                    self.add(file, path, f"unknown role '{role_id}' (not in roles.yaml)")
                    continue
                self.check_basis(file, path, cell.basis, cell.source, cell.rationale)
        for cat_id in self.ids["category"]:
            if cat_id not in self.expectations:
                self.add(file, ["expectations"], f"category '{cat_id}' has no row")
            elif not any(c.level == "primary" for c in self.expectations[cat_id].values()):
                self.add(
                    file,
                    ["expectations", cat_id],
                    f"category '{cat_id}' has no primary role: every category owns at least one",
                )
        for i, role in enumerate(self.roles):
            owners = [
                c
                for c, cells in self.expectations.items()
                if role.id in cells and cells[role.id].level == "primary"
            ]
            if not owners and role.no_primary_reason is None:
                self.add(
                    "roles.yaml",
                    ["roles", i],
                    f"role '{role.id}' is primary for no category: add a primary cell in "
                    "expectations.yaml or a 'no_primary_reason'",
                )
            if owners and role.no_primary_reason is not None:
                self.add(
                    "roles.yaml",
                    ["roles", i, "no_primary_reason"],
                    f"role '{role.id}' has primary categories ({', '.join(owners)}); "
                    "remove 'no_primary_reason'",
                )

    def check_recommendations(self) -> None:
        file = "recommendations.yaml"
        for i, rec in enumerate(self.recommendations):
            path: list[PathItem] = ["recommendations", i]
            if rec.concerns != "all":
                for j, cat in enumerate(rec.concerns):
                    if cat not in self.ids["category"]:
                        self.add(file, [*path, "concerns", j], f"unknown category '{cat}'")
            if rec.kind == "process":
                if rec.trigger is not None:
                    self.add(file, [*path, "trigger"], "a 'process' recommendation has no trigger")
                continue
            if rec.trigger is None:
                self.add(file, path, "a 'triggered' recommendation needs a 'trigger'")
                continue
            trigger = self.parse_trigger(rec.trigger, [*path, "trigger"])
            if trigger is not None:
                self.triggers[rec.id] = trigger

    def parse_trigger(self, raw: Any, path: list[PathItem]) -> Trigger | None:
        file = "recommendations.yaml"
        if not isinstance(raw, dict) or len(raw) != 1:
            kinds = ", ".join([*CONDITION_KINDS, "all", "any"])
            self.add(file, path, f"a trigger is a mapping with exactly one key: one of {kinds}")
            return None
        ((kind, body),) = raw.items()
        here = [*path, kind]
        if kind in ("all", "any"):
            if not isinstance(body, list) or not body:
                self.add(file, here, f"'{kind}' takes a non-empty list of triggers")
                return None
            parts = [self.parse_trigger(p, [*here, j]) for j, p in enumerate(body)]
            if any(p is None for p in parts):
                return None
            return Combination(kind, tuple(p for p in parts if p is not None))
        if kind not in CONDITION_KINDS:
            kinds = ", ".join([*CONDITION_KINDS, "all", "any"])
            self.add(file, here, f"unknown trigger '{kind}'; expected one of: {kinds}")
            return None
        if not isinstance(body, dict):
            self.add(file, here, f"'{kind}' takes a mapping")
            return None
        required, optional = CONDITION_KINDS[kind]
        ok = True
        for key in body:
            if key not in required and key not in optional:
                self.add(file, [*here, key], f"unknown key '{key}' for '{kind}'")
                ok = False
        for key in required:
            if key not in body:
                self.add(file, here, f"'{kind}' needs '{key}'")
                ok = False
        if not ok:
            return None
        values: dict[str, Any] = {}
        id_kinds = {
            "roles": "role",
            "categories": "category",
            "aims": "aim",
            "challenges": "challenge",
        }
        for key, val in body.items():
            if key in id_kinds:
                ids = self.trigger_ids(val, id_kinds[key], [*here, key])
                if ids is None:
                    ok = False
                else:
                    values[key] = ids
            elif key == "status":
                statuses = val if isinstance(val, list) else None
                if not statuses or any(s not in _COVERAGE_STATUSES for s in statuses):
                    self.add(
                        file,
                        [*here, key],
                        f"'status' is a list of: {', '.join(_COVERAGE_STATUSES)}",
                    )
                    ok = False
                else:
                    values[key] = tuple(statuses)
            elif key == "min_share":
                if isinstance(val, bool) or not isinstance(val, int | float) or not 0 < val <= 1:
                    self.add(file, [*here, key], "'min_share' is a number above 0 and at most 1")
                    ok = False
                else:
                    values[key] = float(val)
        return Condition(kind, **values) if ok else None

    def trigger_ids(self, val: Any, kind: str, path: list[PathItem]) -> tuple[str, ...] | None:
        file = "recommendations.yaml"
        known = self.ids[kind]
        if val == "all" and kind in ("role", "category"):
            return tuple(known)
        if not isinstance(val, list) or not val:
            self.add(file, path, f"expected a non-empty list of {kind} ids")
            return None
        ok = True
        for j, item in enumerate(val):
            if item not in known:
                self.add(file, [*path, j], f"unknown {kind} '{item}'")
                ok = False
        return tuple(val) if ok else None
