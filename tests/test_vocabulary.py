"""The vocabulary of statuses, kinds and table names is one set of StrEnums, used everywhere."""

from __future__ import annotations

import ast
import json
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

import sscassess
from sscassess.analysis import action_terms, definitions
from sscassess.campaign.folder import Campaign
from sscassess.core.vocabulary import (
    ActionKind,
    Change,
    Coverage,
    ItemKind,
    ItemStatus,
    Level,
    Link,
    Outcome,
    Privacy,
    RoleStatus,
    Table,
    values,
)
from sscassess.demo.builder import build_demo
from sscassess.pipeline import analyse_campaign
from sscassess.reference import model
from sscassess.reference.pack import load_reference

if TYPE_CHECKING:
    import pandas as pd

PACKAGE = Path(sscassess.__file__).parent
VOCABULARY_FILE = PACKAGE / "core" / "vocabulary.py"


def test_a_member_is_its_string_in_tables_files_and_messages() -> None:
    assert Coverage.NO_LEAD == "no_lead"
    assert {"no_lead": 1}[Coverage.NO_LEAD] == 1
    assert f"{Coverage.NO_LEAD}" == "no_lead"
    assert json.dumps([Coverage.NO_LEAD]) == '["no_lead"]'
    assert values(Coverage) == ("uncovered", "no_lead", "contested", "covered")
    assert all(type(v) is str for v in values(RoleStatus))


def test_the_old_constant_tuples_are_the_vocabularies() -> None:
    assert values(Table) == definitions.TABLES
    assert definitions.COVERAGE_STATUSES == values(Coverage) == model.COVERAGE_STATUSES
    assert values(RoleStatus) == definitions.ROLE_STATUSES
    assert values(Privacy) == definitions.PRIVACY_MODES
    assert values(ActionKind) == action_terms.ACTION_KINDS
    assert values(Outcome) == action_terms.OUTCOMES


def test_the_pack_gives_levels_as_members() -> None:
    pack = load_reference()
    assert pack.level("municipality", "city_leadership") is Level.PRIMARY
    assert {cell.level for cell in pack.matrix()} == set(Level)


#: Vocabularies whose words must not be written as literals in comparisons ("none" is
#: also a plain word of other options, such as the demo's ``--reports none``, and
#: "unchanged" what an import says of a file it already has, "new" a choice of the wizard,
#: "potential" also a table, an answer and a reason for a candidate).
_VOCABULARIES = (
    Coverage,
    RoleStatus,
    ActionKind,
    Outcome,
    Level,
    Privacy,
    ItemKind,
    ItemStatus,
    Change,
    Link,
)
_COMPARED = {v for vocab in _VOCABULARIES for v in values(vocab)} - {
    Level.NONE.value,
    Change.UNCHANGED.value,
    Change.NEW.value,
    ItemKind.POTENTIAL.value,
}
_TABLES = set(values(Table))


def _holds_tables(node: ast.AST) -> bool:
    """Whether ``node`` names a mapping of tables (``analysis.tables``, ``withheld`` …)."""
    name = (
        node.attr
        if isinstance(node, ast.Attribute)
        else node.id
        if isinstance(node, ast.Name)
        else ""
    )
    return name.endswith(("tables", "withheld"))


def _literal_uses(tree: ast.AST) -> list[tuple[int, str]]:
    """Status or kind literals in comparisons, and table names as literal lookups."""
    found: list[tuple[int, str]] = []

    def strings(node: ast.AST) -> list[str]:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return [node.value]
        if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
            return [s for elt in node.elts for s in strings(elt)]
        return []

    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            for operand in [node.left, *node.comparators]:
                found += [(node.lineno, s) for s in strings(operand) if s in _COMPARED]
            if any(_holds_tables(c) for c in node.comparators):
                found += [(node.lineno, s) for s in strings(node.left) if s in _TABLES]
        elif isinstance(node, ast.Subscript) and _holds_tables(node.value):
            found += [(node.lineno, s) for s in strings(node.slice) if s in _TABLES]
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and (
                node.func.attr == "table"
                or (node.func.attr == "get" and _holds_tables(node.func.value))
            )
            and node.args
        ):
            found += [(node.lineno, s) for s in strings(node.args[0]) if s in _TABLES]
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("isin", "count")
            and node.args
        ):
            found += [(node.lineno, s) for s in strings(node.args[0]) if s in _COMPARED]
    return found


def test_the_package_names_members_not_literals() -> None:
    offences = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path == VOCABULARY_FILE:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        rel = path.relative_to(PACKAGE.parent)
        offences += [f"{rel}:{line}: {word!r}" for line, word in _literal_uses(tree)]
    assert offences == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('if row.status == "uncovered": pass', [(1, "uncovered")]),
        ('x = r.kind in ("agree_lead", "other")', [(1, "agree_lead")]),
        ('cov = analysis.tables["role_coverage"]', [(1, "role_coverage")]),
        ('cov = ctx.table("raci")', [(1, "raci")]),
        ('old = previous.tables.get("actions")', [(1, "actions")]),
        ('x = options.get("actions")', []),
        ('gaps = roles[roles["status"].isin(["gap", "partial"])]', [(1, "gap"), (1, "partial")]),
        ('n = statuses.count("no_lead")', [(1, "no_lead")]),
        ('if "role_fit" in ctx.analysis.withheld: pass', [(1, "role_fit")]),
        ('rows = withheld["organisation_roles"]', [(1, "organisation_roles")]),
        ("cov = ctx.table(Table.RACI); ok = row.status == Coverage.COVERED", []),
        ('frame["gap"] = 1', []),
    ],
)
def test_the_literal_scan_finds_what_it_should(source: str, expected: list) -> None:
    assert _literal_uses(ast.parse(source)) == expected


def _enum_cells(frame: pd.DataFrame) -> list[str]:
    """Cells, list items and categories of ``frame`` that are enum members, not plain values."""
    import pandas as pd

    found = []
    for column in frame.columns:
        series = frame[column]
        if isinstance(series.dtype, pd.CategoricalDtype):
            found += [
                f"{column} category {c!r}" for c in series.cat.categories if isinstance(c, Enum)
            ]
        for value in series.astype(object):
            items = value if isinstance(value, list) else [value]
            found += [f"{column}: {v!r}" for v in items if isinstance(v, Enum)]
    return found


@pytest.mark.parametrize("privacy", ["named", "anonymous"])
def test_every_table_cell_is_a_plain_value(tmp_path: Path, privacy: str) -> None:
    # Members are strings, but a table holds plain strings: what programs read from JSON,
    # CSV and XLSX, and what pickles and YAML dumps accept, stays independent of the enums.
    result = build_demo(tmp_path / "demo", 12, 3, reports="none")
    campaign = Campaign.open(result.root)
    try:
        analysis = analyse_campaign(campaign, previous=campaign, privacy=privacy)
    finally:
        campaign.close()
    assert {Table.ACTIONS, Table.ACTION_FOLLOWUP, Table.ROLE_COVERAGE} <= set(analysis.tables)
    found = {name: _enum_cells(t) for name, t in analysis.tables.items()}
    assert {name: cells for name, cells in found.items() if cells} == {}
