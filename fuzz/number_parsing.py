"""Fuzz target: number parsing, alone and inside JSON and YAML (THREATS H1).

Run: ``python fuzz/numbers.py CORPUS_DIR -max_total_time=60`` (needs atheris).

An input is the text of a number. So that the fuzzer (and a reader of the corpus) can write
long literals, ``X{N}`` stands for the character ``X`` repeated ``N`` times: ``9{5000}`` is a
5,000-digit integer. The text goes to ``parse_int_capped`` (when it is a digit string),
``parse_float_capped`` (when ``float()`` reads it), and into ``{"n": TEXT}`` through the strict
JSON parser and ``n: TEXT`` / ``[TEXT]`` through the YAML loader. Allowed: a value, ``None``
from the capped parsers, :class:`Rejected` / :class:`InvalidInputError` from the file parsers.
Any integer that comes back lies within ±(2**53-1) and equals the number written; any float is
finite.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal
from typing import Any

from sscassess.campaign.intake import parse_json_strict
from sscassess.campaign.store import Rejected
from sscassess.core.errors import InvalidInputError
from sscassess.core.yamlio import MAX_INTEGER, parse_float_capped, parse_int_capped, parse_yaml

#: Longest expanded text tried: well past Python's 4,300-digit limit for int().
MAX_TEXT = 30_000
_REPEAT = re.compile(r"(.)\{([0-9]{1,5})\}", re.DOTALL)
_DIGITS = re.compile(r"[+-]?[0-9]+")


def expand(text: str) -> str:
    """``text`` with every ``X{N}`` replaced by ``N`` copies of ``X`` (cut at MAX_TEXT)."""
    return _REPEAT.sub(lambda m: m.group(1) * min(int(m.group(2)), MAX_TEXT), text)[:MAX_TEXT]


def check_numbers(value: Any) -> None:
    """Fail if any number inside ``value`` is out of range or not finite."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, bool):
            continue
        if isinstance(item, int):
            assert -MAX_INTEGER <= item <= MAX_INTEGER, (
                f"integer out of range ({item.bit_length()} bits)"
            )
        elif isinstance(item, float):
            assert math.isfinite(item), f"float not finite: {item}"
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def _exact(text: str) -> Decimal | None:
    """The value of a digit string, with no length limit (``Decimal`` has none)."""
    return Decimal(text.strip()) if _DIGITS.fullmatch(text.strip()) else None


def _check_capped(text: str) -> None:
    if _DIGITS.fullmatch(text):
        number = parse_int_capped(text)
        exact = Decimal(text)
        if number is None:
            assert abs(exact) > MAX_INTEGER, f"an in-range integer refused: {text[:40]}"
        else:
            assert type(number) is int and number == exact, f"wrong value for {text[:40]}"
            check_numbers(number)
    try:
        expected = float(text)
    except ValueError:
        return  # not a float literal at all: outside parse_float_capped's contract
    real = parse_float_capped(text)
    if real is None:
        assert not math.isfinite(expected), f"a finite float refused: {text[:40]}"
    else:
        assert math.isfinite(real) and real == expected, f"wrong value for {text[:40]}"


def _check_json(text: str) -> None:
    try:
        value = parse_json_strict(('{"n": ' + text + "}").encode("utf-8", "replace"), "fuzz.json")
    except Rejected:
        return
    check_numbers(value)
    exact = _exact(text)
    if exact is not None and isinstance(value, dict) and isinstance(value.get("n"), int):
        assert value["n"] == exact, f"JSON read {text[:40]} as {value['n']}"


def _check_yaml(text: str) -> None:
    for doc_text in (f"n: {text}\n", f"[{text}]\n"):
        try:
            value = parse_yaml(doc_text, "fuzz.yaml").data
        except InvalidInputError:
            continue
        check_numbers(value)
        exact = _exact(text)
        got = value.get("n") if isinstance(value, dict) else None
        if exact is not None and isinstance(got, int) and not isinstance(got, bool):
            assert got == exact, f"YAML read {text[:40]} as {got}"


def check(data: bytes) -> None:
    """Feed the number text ``data`` to every number parser; raise on anything not allowed."""
    text = expand(data.decode("utf-8", errors="replace"))
    _check_capped(text)
    _check_json(text)
    _check_yaml(text)


if __name__ == "__main__":
    from harness import fuzz

    fuzz(check)
