"""Shared helpers for validating data files: pydantic errors in plain words, text walking."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sscassess.core.yamlio import PathItem, YamlDocument, format_path

if TYPE_CHECKING:
    from collections.abc import Iterable

    from pydantic import ValidationError

    from sscassess.core.errors import Problem

#: Ids of reference items, choices, sections and questions.
ID_PATTERN = r"^[a-z][a-z0-9_]{0,63}$"
REC_PATTERN = r"^REC-[0-9]{1,3}$"


_TYPE_WANTED = {
    "string_type": "text",
    "dict_type": "a mapping",
    "list_type": "a list",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
    "float_type": "a number",
    "int_type": "a whole number",
    "bool_type": "true or false",
}


def _model_names() -> set[str]:
    from pydantic import BaseModel

    names: set[str] = set()
    todo = list(BaseModel.__subclasses__())
    while todo:
        cls = todo.pop()
        names.add(cls.__name__)
        todo.extend(cls.__subclasses__())
    return names


def _is_union_tag(part: Any, models: set[str]) -> bool:
    """Pydantic names the union member in the location (``str``, ``list[...]``, a model)."""
    return isinstance(part, str) and (
        part in models
        or part in ("str", "int", "float", "bool")
        or part.startswith(("dict[", "list[", "literal[", "function-"))
    )


def pydantic_problems(exc: ValidationError, doc: YamlDocument) -> list[Problem]:
    """Translate pydantic's errors into located, plain-language problems.

    Union types report one error per member; a type mismatch is dropped when another member
    got further (a deeper error under the same place), and mismatches at the same place are
    merged ("must be text or a mapping").
    """
    models = _model_names()
    found: list[tuple[list[PathItem], str, dict[str, Any]]] = []
    for error in exc.errors():
        err: dict[str, Any] = dict(error)
        path: list[PathItem] = [
            p for p in err["loc"] if isinstance(p, str | int) and not _is_union_tag(p, models)
        ]
        found.append((path, err["type"], err))
    deeper = {tuple(path[:i]) for path, _, _ in found for i in range(len(path))}
    wanted: dict[tuple[PathItem, ...], list[str]] = {}
    out: list[Problem] = []
    seen: set[tuple[str, str]] = set()
    for path, kind, err in found:
        if kind in _TYPE_WANTED:
            if tuple(path) not in deeper:
                wanted.setdefault(tuple(path), []).append(kind)
            continue
        message = _message(path, kind, err)
        if kind == "missing":
            path = path[:-1]
        key = (format_path(path), message)
        if key not in seen:
            seen.add(key)
            out.append(doc.problem(path, message))
    values = {tuple(path): err.get("input") for path, kind, err in found}
    for tpath, kinds in wanted.items():
        names = list(dict.fromkeys(_TYPE_WANTED[k] for k in kinds))
        value = values[tpath]
        hint = " (quote it)" if names == ["text"] and not isinstance(value, dict | list) else ""
        message = f"must be {' or '.join(names)}{hint}, got {describe(value)}"
        out.append(doc.problem(list(tpath), message))
    out.sort(key=lambda p: p.line)
    return out


def _message(path: list[PathItem], kind: str, err: dict[str, Any]) -> str:
    value = err.get("input")
    if kind == "extra_forbidden":
        return f"unknown key '{path[-1]}'"
    if kind == "missing":
        return f"required key '{path[-1]}' is missing"
    if kind == "string_pattern_mismatch":
        pattern = err.get("ctx", {}).get("pattern", "")
        if pattern == REC_PATTERN:
            return f"'{value}' is not a valid recommendation id: use REC-<number>"
        return (
            f"'{value}' is not a valid id: use lowercase letters, digits and '_', "
            "starting with a letter (at most 64 characters)"
        )
    if kind == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        return f"'{value}' is not allowed here; expected {expected}"
    if kind == "too_short":
        return "must not be empty"
    return str(err["msg"])


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
