"""A loaded reference pack: roles, categories, the expectation matrix and the recommendations' triggers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from sscassess.core.errors import Msg, UsageError
from sscassess.core.texts import Text, translate
from sscassess.core.vocabulary import Coverage, Level, values
from sscassess.reference.schema import (
    EXPECTED_INVOLVEMENT,
    Basis,
    Category,
    Expectation,
    PackMeta,
    Recommendation,
    Role,
    SourcedItem,
    TaxonomyItem,
)

if TYPE_CHECKING:
    from collections.abc import Iterator

    import pandas as pd

    from sscassess.core.errors import Problem


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
COVERAGE_STATUSES: tuple[str, ...] = values(Coverage)


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
    #: Problems that do not stop the pack from loading (a text missing a language).
    warnings: tuple[Problem, ...] = ()

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
        raise UsageError(
            Msg("unknown category '{category}'; valid categories: {valid}", category=category_id,
                valid=valid)
        )  # fmt: skip

    def role(self, role_id: str) -> Role:
        """The role with this id."""
        for role in self.roles:
            if role.id == role_id:
                return role
        raise UsageError(Msg("unknown role '{role}'", role=role_id))

    def level(self, category_id: str, role_id: str) -> Level:
        """The expectation level of a category for a role (``none`` when not listed)."""
        cell = self.expectations.get(category_id, {}).get(role_id)
        return Level(cell.level) if cell else Level.NONE

    def matrix(self) -> Iterator[MatrixCell]:
        """Every cell of the category × role matrix, categories and roles in pack order."""
        for cat in self.categories:
            row = self.expectations.get(cat.id, {})
            for role in self.roles:
                cell = row.get(role.id)
                if cell is None:
                    yield MatrixCell(cat.id, role.id, Level.NONE, None, None, None)
                else:
                    yield MatrixCell(
                        cat.id, role.id, Level(cell.level), cell.basis, cell.source, cell.rationale
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
                "level": c.level.value,
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
