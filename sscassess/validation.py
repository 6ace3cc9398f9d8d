"""Shared helpers for validating data files: pydantic errors in plain words, text walking."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sscassess.yamlio import PathItem, YamlDocument, format_path

if TYPE_CHECKING:
    from collections.abc import Iterable

    from pydantic import ValidationError

    from sscassess.errors import Problem

REC_PATTERN = r"^REC-[0-9]{1,3}$"


def pydantic_problems(exc: ValidationError, doc: YamlDocument) -> list[Problem]:
    """Translate pydantic's errors into located, plain-language problems."""
    out: list[Problem] = []
    seen: set[tuple[str, str]] = set()
    for err in exc.errors():
        loc = list(err["loc"])
        kind = err["type"]
        # Union members add their type name to the location; drop those for the reader.
        loc = [
            p
            for p in loc
            if not (isinstance(p, str) and p.startswith(("str", "dict[", "list[", "literal[")))
        ]
        path: list[PathItem] = [p for p in loc if isinstance(p, str | int)]
        value = err.get("input")
        if kind == "extra_forbidden":
            message = f"unknown key '{path[-1]}'"
        elif kind == "missing":
            message = f"required key '{path[-1]}' is missing"
            path = path[:-1]
        elif kind == "string_pattern_mismatch":
            pattern = err.get("ctx", {}).get("pattern", "")
            if pattern == REC_PATTERN:
                message = f"'{value}' is not a valid recommendation id: use REC-<number>"
            else:
                message = (
                    f"'{value}' is not a valid id: use lowercase letters, digits and '_', "
                    "starting with a letter (at most 64 characters)"
                )
        elif kind == "literal_error":
            expected = err.get("ctx", {}).get("expected", "")
            message = f"'{value}' is not allowed here; expected {expected}"
        elif kind in (
            "string_type",
            "dict_type",
            "list_type",
            "model_type",
            "float_type",
            "int_type",
        ):
            want = {
                "string_type": "text",
                "dict_type": "a mapping",
                "list_type": "a list",
                "model_type": "a mapping",
                "float_type": "a number",
                "int_type": "a whole number",
            }[kind]
            hint = (
                " (quote it)"
                if kind == "string_type" and not isinstance(value, dict | list)
                else ""
            )
            message = f"must be {want}{hint}, got {describe(value)}"
        elif kind == "too_short":
            message = "must not be empty"
        else:
            message = err["msg"]
        key = (format_path(path), message)
        if key in seen:
            continue
        seen.add(key)
        out.append(doc.problem(path, message))
    return out


def describe(value: Any) -> str:
    """A short phrase naming what a value is, for error messages."""
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    return f"{type(value).__name__} {value!r}"


def walk(value: Any, path: tuple[PathItem, ...]) -> Iterable[tuple[tuple[PathItem, ...], Any]]:
    """Every (path, value) pair of a loaded document, depth first."""
    yield path, value
    if isinstance(value, dict):
        for k, v in value.items():
            yield from walk(v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from walk(v, (*path, i))


def looks_like_text(value: dict[str, Any], langs: set[str]) -> bool:
    """A mapping of short language-like keys to strings is a translatable text."""
    return all(isinstance(v, str) for v in value.values()) and (
        bool(langs & value.keys()) or all(len(k) <= 3 and k.isalpha() for k in value)
    )
