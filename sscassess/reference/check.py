"""Checks of a reference pack that need more than one file: ids, links, matrix rules, triggers."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sscassess.core.texts import normalise_id
from sscassess.core.validation import looks_like_text, walk
from sscassess.core.vocabulary import Level
from sscassess.reference.model import (
    CONDITION_KINDS,
    COVERAGE_STATUSES,
    Combination,
    Condition,
    Trigger,
)
from sscassess.reference.schema import (
    SHORT_NAME_MAX,
    Annex,
    AnnexColumn,
    Category,
    Expectation,
    PackMeta,
    Recommendation,
    Role,
    SourcedItem,
    TaxonomyItem,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sscassess.core.errors import Problem
    from sscassess.core.texts import Text
    from sscassess.core.yamlio import PathItem, YamlDocument


#: The keys whose values are texts to translate (``statements`` holds a list of them).
_TEXT_KEYS = frozenset(
    {"title", "notes", "name", "short_name", "description", "no_primary_reason", "rationale",
     "text", "note", "statements"}
)  # fmt: skip


class PackChecker:
    """Checks that need more than one file: ids, links, matrix rules, triggers."""

    def __init__(self, docs: dict[str, YamlDocument], models: dict[str, Any]) -> None:
        self.docs = docs
        self.problems: list[Problem] = []
        #: What does not stop the pack from loading: texts missing a declared language.
        self.warnings: list[Problem] = []
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
        """Note a problem at ``path`` of ``file`` (with its line)."""
        self.problems.append(self.docs[file].problem(path, message))

    def run(self) -> None:
        """Run every check; the problems are in :attr:`problems`, the triggers in :attr:`triggers`."""
        self._check_meta()
        self._check_unique("roles.yaml", "roles", self.roles, "code")
        self._check_unique("aims.yaml", "aims", self.aims, "code")
        self._check_unique("challenges.yaml", "challenges", self.challenges, "code")
        self._check_unique("potential.yaml", "potential", self.potential)
        self._check_unique("constraints.yaml", "constraints", self.constraints)
        self._check_unique("categories.yaml", "categories", self.categories, "code")
        self._check_unique("recommendations.yaml", "recommendations", self.recommendations)
        self._check_texts()
        self._check_translations()
        self._check_short_names()
        self._check_sourced("potential.yaml", "potential", self.potential)
        self._check_sourced("constraints.yaml", "constraints", self.constraints)
        self._check_categories()
        self._check_expectations()
        self._check_recommendations()

    # -- pieces

    def _check_meta(self) -> None:
        if self.meta.default_language not in self.meta.languages:
            self.add(
                "pack.yaml",
                ["default_language"],
                f"'{self.meta.default_language}' is not one of the pack's languages "
                f"({', '.join(self.meta.languages)})",
            )

    def _check_unique(
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

    def _check_texts(self) -> None:
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

    def _check_translations(self) -> None:
        """A warning for each text without a version in every language the pack declares.

        A plain string is in the default language only. The pack's pointers into its source
        (``source``) and the citation are not texts.
        """
        langs = self.meta.languages
        if len(langs) < 2:
            return
        for doc in self.docs.values():
            for path, value in walk(doc.data, ()):
                key = path[-1] if path else None
                if isinstance(key, int) and len(path) >= 2 and path[-2] == "statements":
                    key = "statements"
                if "source" in path or key not in _TEXT_KEYS:
                    continue
                if isinstance(value, str):
                    missing = [lang for lang in langs if lang != self.meta.default_language]
                elif isinstance(value, dict) and looks_like_text(value, set(langs)):
                    missing = [lang for lang in langs if lang not in value]
                else:
                    continue
                if missing:
                    self.warnings.append(
                        doc.problem(path, f"text has no translation for: {', '.join(missing)}")
                    )

    def _check_short_names(self) -> None:
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

    def _check_sourced(self, file: str, key: str, items: Sequence[SourcedItem]) -> None:
        for i, item in enumerate(items):
            self._check_basis(file, [key, i], item.basis, item.source, item.rationale)

    def _check_basis(
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

    def _check_categories(self) -> None:
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

    def _check_expectations(self) -> None:
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
                self._check_basis(file, path, cell.basis, cell.source, cell.rationale)
        for cat_id in self.ids["category"]:
            if cat_id not in self.expectations:
                self.add(file, ["expectations"], f"category '{cat_id}' has no row")
            elif not any(
                c.level == Level.PRIMARY.value for c in self.expectations[cat_id].values()
            ):
                self.add(
                    file,
                    ["expectations", cat_id],
                    f"category '{cat_id}' has no primary role: every category owns at least one",
                )
        for i, role in enumerate(self.roles):
            owners = [
                c
                for c, cells in self.expectations.items()
                if role.id in cells and cells[role.id].level == Level.PRIMARY.value
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

    def _check_recommendations(self) -> None:
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
            trigger = self._parse_trigger(rec.trigger, [*path, "trigger"])
            if trigger is not None:
                self.triggers[rec.id] = trigger

    def _parse_trigger(self, raw: Any, path: list[PathItem]) -> Trigger | None:
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
            parts = [self._parse_trigger(p, [*here, j]) for j, p in enumerate(body)]
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
                ids = self._trigger_ids(val, id_kinds[key], [*here, key])
                if ids is None:
                    ok = False
                else:
                    values[key] = ids
            elif key == "status":
                statuses = val if isinstance(val, list) else None
                if not statuses or any(s not in COVERAGE_STATUSES for s in statuses):
                    self.add(
                        file,
                        [*here, key],
                        f"'status' is a list of: {', '.join(COVERAGE_STATUSES)}",
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

    def _trigger_ids(self, val: Any, kind: str, path: list[PathItem]) -> tuple[str, ...] | None:
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
