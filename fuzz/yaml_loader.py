"""Fuzz target: the strict YAML loader (THREATS D1-D3, H1).

Run: ``python fuzz/yaml_loader.py CORPUS_DIR -max_total_time=60`` (needs atheris).

Every input is parsed by both parsers ``parse_yaml`` can use (libyaml and PyYAML's own). The
only allowed outcomes are a document or :class:`InvalidInputError`; an accepted document must
hold only what the loader promises: plain types, string keys, no unpaired surrogates, numbers
within ``MAX_INTEGER``, finite floats, at most ``MAX_DEPTH`` levels.
"""

from __future__ import annotations

import math
from typing import Any

from sscassess.core.errors import InvalidInputError
from sscassess.core.yamlio import MAX_DEPTH, MAX_INTEGER, parse_yaml


def check_value(value: Any, depth: int = 1) -> None:
    """Fail unless ``value`` is what the strict loader may return."""
    assert depth <= MAX_DEPTH + 1, f"nested {depth} levels deep"
    if value is None or isinstance(value, bool):
        return
    if isinstance(value, int):
        assert -MAX_INTEGER <= value <= MAX_INTEGER, f"integer out of range: {value}"
    elif isinstance(value, float):
        assert math.isfinite(value), f"float not finite: {value}"
    elif isinstance(value, str):
        assert not any(0xD800 <= ord(c) <= 0xDFFF for c in value), "unpaired surrogate"
    elif isinstance(value, list):
        for item in value:
            check_value(item, depth + 1)
    elif isinstance(value, dict):
        for key, item in value.items():
            assert isinstance(key, str), f"key of type {type(key).__name__}"
            check_value(key, depth + 1)
            check_value(item, depth + 1)
    else:
        raise AssertionError(f"unexpected type {type(value).__name__}")


def check(data: bytes) -> None:
    """Parse ``data`` as YAML text with both parsers; raise on anything not allowed."""
    text = data.decode("utf-8", errors="replace")
    for pure_python in (False, True):
        try:
            doc = parse_yaml(text, "fuzz.yaml", pure_python=pure_python)
        except InvalidInputError:
            continue
        check_value(doc.data)


if __name__ == "__main__":
    from harness import fuzz

    fuzz(check)
