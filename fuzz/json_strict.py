"""Fuzz target: the strict JSON parser of response files (THREATS C2, H1).

Run: ``python fuzz/json_strict.py CORPUS_DIR -max_total_time=60`` (needs atheris).

The only allowed outcomes of ``parse_json_strict`` are a value or :class:`Rejected`; an accepted
value holds no unpaired surrogate, no integer beyond ``MAX_INTEGER``, no NaN or infinity and
no nesting deeper than ``MAX_JSON_DEPTH``.
"""

from __future__ import annotations

import math
from typing import Any

from sscassess.campaign.intake import MAX_JSON_DEPTH, parse_json_strict
from sscassess.campaign.store import Rejected
from sscassess.core.yamlio import MAX_INTEGER


def check_value(value: Any, depth: int = 0) -> None:
    """Fail unless ``value`` is what the strict parser may return."""
    if value is None or isinstance(value, bool):
        return
    if isinstance(value, int):
        assert -MAX_INTEGER <= value <= MAX_INTEGER, f"integer out of range: {value}"
    elif isinstance(value, float):
        assert math.isfinite(value), f"float not finite: {value}"
    elif isinstance(value, str):
        assert not any(0xD800 <= ord(c) <= 0xDFFF for c in value), "unpaired surrogate"
    elif isinstance(value, list | dict):
        assert depth + 1 <= MAX_JSON_DEPTH, f"nested {depth + 1} levels deep"
        items = value.items() if isinstance(value, dict) else enumerate(value)
        for key, item in items:
            if isinstance(value, dict):
                check_value(key, depth + 1)
            check_value(item, depth + 1)
    else:
        raise AssertionError(f"unexpected type {type(value).__name__}")


def check(data: bytes) -> None:
    """Parse ``data`` as a response file's bytes; raise on anything not allowed."""
    try:
        value = parse_json_strict(data, "fuzz.json")
    except Rejected:
        return
    check_value(value)


if __name__ == "__main__":
    from harness import fuzz

    fuzz(check)
