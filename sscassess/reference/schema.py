"""The shape of each file of a reference pack, as pydantic models, and the fixed scales."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from sscassess.core.texts import Text  # noqa: TC001 (pydantic reads the annotations at run time)
from sscassess.core.validation import ID_PATTERN, REC_PATTERN
from sscassess.core.vocabulary import Level

SHORT_NAME_MAX = 27
#: Most bytes, all files together, that ``init --reference PACK`` copies into a campaign.
MAX_PACK_COPY_BYTES = 16 * 1024 * 1024

Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
RecId = Annotated[str, StringConstraints(pattern=REC_PATTERN)]
Basis = Literal["report", "interpretation"]

#: Expected involvement (0–4 scale) for each expectation level.
EXPECTED_INVOLVEMENT: dict[str, int] = {Level.PRIMARY: 3, Level.SUPPORTING: 2, Level.NONE: 0}


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


FILE_MODELS: dict[str, type[_Model]] = {
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
