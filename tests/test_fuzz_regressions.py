"""Replay the fuzz corpus through each fuzz target (THREATS "Fuzzing and properties").

``tests/fuzz_corpus/<target>/`` holds the seeds of ``fuzz/<target>.py`` and every crashing
input a fuzz run found (``crash-*``). Each file goes through the target's ``check()``, the
function the fuzzer calls, so a crash found once stays found. atheris is not needed here: the
targets import it only when run as scripts (``make fuzz``).
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

FUZZ = Path(__file__).resolve().parent.parent / "fuzz"
CORPUS = Path(__file__).resolve().parent / "fuzz_corpus"
TARGETS = ("yaml_loader", "json_strict", "number_parsing", "envelope", "paragraph", "cell_safe")

#: Crashes the fuzzers found in sscassess and that are not fixed yet: (target, file) -> the
#: exception and why. Strict: once fixed, the test passes, fails as XPASS, and the entry goes.
KNOWN_CRASHES: dict[tuple[str, str], tuple[type[BaseException], str]] = {}

_loaded: dict[str, ModuleType] = {}


def load_target(name: str) -> ModuleType:
    """The fuzz target ``fuzz/<name>.py``, imported by path once."""
    if name not in _loaded:
        spec = importlib.util.spec_from_file_location(f"fuzz_target_{name}", FUZZ / f"{name}.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # dataclasses look their module up while it loads
        spec.loader.exec_module(module)
        _loaded[name] = module
    return _loaded[name]


def _cases() -> Iterator[object]:
    for target in TARGETS:
        for path in sorted((CORPUS / target).iterdir()):
            known = KNOWN_CRASHES.get((target, path.name))
            marks = (
                [pytest.mark.xfail(raises=known[0], strict=True, reason=known[1])] if known else []
            )
            yield pytest.param(target, path, id=f"{target}/{path.name}", marks=marks)


@pytest.mark.parametrize(("target", "path"), list(_cases()))
def test_corpus_input_replays_without_a_crash(target: str, path: Path) -> None:
    load_target(target).check(path.read_bytes())


def test_each_target_has_a_corpus_and_each_known_crash_its_file() -> None:
    # fuzz/harness.py runs the targets under atheris; every other file is a target.
    assert sorted(p.stem for p in FUZZ.glob("*.py") if p.stem != "harness") == sorted(TARGETS)
    for target in TARGETS:
        assert (
            (FUZZ / f"{target}.py")
            .read_text(encoding="utf-8")
            .endswith(
                '\nif __name__ == "__main__":\n    from harness import fuzz\n\n    fuzz(check)\n'
            )
        ), target
    assert sorted(p.name for p in CORPUS.iterdir()) == sorted(TARGETS)
    for target, name in KNOWN_CRASHES:
        assert (CORPUS / target / name).is_file(), (target, name)


def test_targets_load_without_atheris() -> None:
    for name in TARGETS:
        module = load_target(name)
        assert callable(module.check)
    assert "atheris" not in sys.modules
