"""The package layout is the pipeline (issue 17, docs/architecture.md).

import-linter checks the layers (``make lint``); here: no import cycle between modules,
function-level imports included; no module over 800 lines; at most six loose modules at the
top of the package; and the architecture page names exactly the packages there are.
"""

from __future__ import annotations

import re
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "sscassess"


def import_graph() -> grimp.ImportGraph:
    # Imports under `if TYPE_CHECKING:` never run; every other import counts, at any level.
    return grimp.build_graph("sscassess", exclude_type_checking_imports=True, cache_dir=None)


def cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), and self-imports."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for target in sorted(graph.find_modules_directly_imported_by(module)):
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in on_stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1 or module in graph.find_modules_directly_imported_by(module):
                found.append(sorted(group))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return found


def test_no_module_imports_itself_round_a_cycle() -> None:
    graph = import_graph()
    assert len(graph.modules) > 40  # the whole package was read
    assert cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    graph = grimp.ImportGraph()
    for name in ("p", "p.a", "p.b", "p.c"):
        graph.add_module(name)
    graph.add_import(importer="p.a", imported="p.b")
    graph.add_import(importer="p.b", imported="p.c")
    assert cycles(graph) == []
    graph.add_import(importer="p.c", imported="p.a")
    assert cycles(graph) == [["p.a", "p.b", "p.c"]]


def test_no_module_is_over_800_lines() -> None:
    sizes = {
        str(p.relative_to(PACKAGE)): len(p.read_text(encoding="utf-8").splitlines())
        for p in PACKAGE.rglob("*.py")
    }
    assert len(sizes) > 60
    assert {name: n for name, n in sizes.items() if n > 800} == {}


def test_at_most_six_loose_modules_at_the_top() -> None:
    loose = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert loose == ["__init__.py", "__main__.py", "pipeline.py", "respond.py"]
    assert len(loose) <= 6


def test_the_architecture_page_names_every_package() -> None:
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    named = re.findall(r"^\| `(\w+)` \|", text, flags=re.M)
    packages = [p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()]
    modules = [p.stem for p in PACKAGE.glob("*.py") if not p.name.startswith("__")]
    assert sorted(named) == sorted(packages + modules)
    # Each package's own docstring says its job too.
    for name in packages:
        init = (PACKAGE / name / "__init__.py").read_text(encoding="utf-8")
        assert init.startswith('"""') and len(init) > 60, name
    # And each module the page names in parentheses exists in its package.
    for row in re.findall(r"^\| `(\w+)` \| (.*) \|$", text, flags=re.M):
        package, job = row
        for module in re.findall(r"\(`(\w+)`\)", job):
            folder = PACKAGE / package
            if folder.is_dir():
                assert (folder / f"{module}.py").is_file(), f"{package}.{module}"
