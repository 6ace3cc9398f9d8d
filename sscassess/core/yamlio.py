"""Safe, strict YAML loading that remembers where every value came from.

The data files of sscassess (reference packs, questionnaires, answers, invitations) are
written by people and sometimes by adversaries, so this loader:

* parses with PyYAML's safe machinery only, and accepts only the plain tags (str, int, float,
  bool, null, sequences, mappings): ``!!python/object`` and friends are refused;
* refuses anchors and aliases (no alias bombs) and caps file size and nesting depth;
* rejects duplicate mapping keys, naming both lines;
* resolves scalars the YAML 1.2 way, so ``NO``, ``on`` and ``012`` stay strings;
* records the line of every node, so validation errors can say ``file:line``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import yaml
from yaml.composer import Composer
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

from sscassess.core.errors import InvalidInputError, Msg, Problem, SscError

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

#: Largest YAML file accepted, in bytes. Real packs and questionnaires are well under 1 MiB.
MAX_YAML_BYTES = 4 * 1024 * 1024
#: Deepest nesting accepted. Our formats need fewer than 12 levels.
MAX_DEPTH = 64
#: Largest integer magnitude accepted in any input file: 2**53 - 1, the largest integer a
#: float holds exactly. No value of our formats comes near it; beyond it, int() hits Python's
#: 4,300-digit limit, float() overflows and SQLite's 64-bit integers overflow.
MAX_INTEGER = 2**53 - 1

PathItem = str | int
YamlPath = tuple[PathItem, ...]

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_SCALAR_TAGS = {_STR, _INT, _FLOAT, _BOOL, _NULL}


class _Refused(Exception):
    def __init__(self, message: Msg, mark: Any) -> None:
        super().__init__(str(message))
        self.message = message
        self.line = mark.line + 1 if mark is not None else 0


class _Resolver(BaseResolver):
    """YAML 1.2 core-schema implicit types only (the resolvers are added below)."""

    yaml_implicit_resolvers: dict[str, list[tuple[str, re.Pattern[str]]]] = {}  # noqa: RUF012


class _StrictComposer(Composer):
    """Composer that refuses anchors, aliases and deep nesting."""

    _depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        event = self.peek_event()  # type: ignore[attr-defined]
        if isinstance(event, yaml.AliasEvent):
            raise _Refused(
                Msg("alias '{alias}' is not allowed: write the value out in full",
                    alias="*" + str(event.anchor)),
                event.start_mark,
            )  # fmt: skip
        if getattr(event, "anchor", None) is not None:
            raise _Refused(
                Msg("anchor '{anchor}' is not allowed: write the value out in full",
                    anchor="&" + str(event.anchor)),
                event.start_mark,
            )  # fmt: skip
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise _Refused(_too_deep(), event.start_mark)
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


try:  # libyaml scans and parses ~10x faster than the pure-Python parser
    from yaml._yaml import CParser

    HAVE_LIBYAML = True
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    HAVE_LIBYAML = False


class _PyStrictLoader(Reader, Scanner, Parser, _StrictComposer, _Resolver):
    """Pure-Python events, our composer (no anchors/aliases), YAML 1.2 scalars."""

    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        _Resolver.__init__(self)


_StrictLoader: Any = _PyStrictLoader

if HAVE_LIBYAML:

    class _CStrictLoader(_StrictComposer, CParser, _Resolver):
        """libyaml events, our composer (no anchors/aliases), YAML 1.2 scalars."""

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            Composer.__init__(self)
            _Resolver.__init__(self)

    _StrictLoader = _CStrictLoader


_Resolver.add_implicit_resolver(
    _BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_Resolver.add_implicit_resolver(_INT, re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789"))
_Resolver.add_implicit_resolver(
    _FLOAT,
    re.compile(r"^[-+]?(?:[0-9]+\.[0-9]+(?:[eE][-+]?[0-9]+)?|[0-9]+[eE][-+]?[0-9]+)$"),
    list("-+0123456789"),
)
_Resolver.add_implicit_resolver(_NULL, re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])


def format_path(path: Sequence[PathItem]) -> str:
    """Render a document path as ``a.b[2].c``."""
    out = ""
    for item in path:
        if isinstance(item, int):
            out += f"[{item}]"
        else:
            out += f".{item}" if out else str(item)
    return out


@dataclass
class YamlDocument:
    """A loaded YAML document with the line of each node."""

    data: Any
    file: str
    lines: dict[YamlPath, int] = field(default_factory=dict)

    def line_of(self, path: Sequence[PathItem]) -> int:
        """The line of ``path``, or of its nearest ancestor that exists (0 if none)."""
        p = tuple(path)
        while p:
            if p in self.lines:
                return self.lines[p]
            p = p[:-1]
        return self.lines.get((), 0)

    def problem(self, path: Sequence[PathItem], message: str | Msg | SscError) -> Problem:
        """A :class:`Problem` located at ``path`` in this document."""
        return Problem(self.file, self.line_of(path), format_path(path), message)


def _has_lone_surrogate(text: str) -> bool:
    return any(0xD800 <= ord(ch) <= 0xDFFF for ch in text)


class _Converter:
    def __init__(self, doc: YamlDocument) -> None:
        self.doc = doc

    def convert(self, node: Node, path: YamlPath) -> Any:
        self.doc.lines[path] = node.start_mark.line + 1
        if isinstance(node, ScalarNode):
            return self._scalar(node)
        if isinstance(node, SequenceNode):
            if node.tag != _SEQ:
                raise _Refused(Msg("tag '{tag}' is not allowed", tag=node.tag), node.start_mark)
            return [self.convert(child, (*path, i)) for i, child in enumerate(node.value)]
        if isinstance(node, MappingNode):
            if node.tag != _MAP:
                raise _Refused(Msg("tag '{tag}' is not allowed", tag=node.tag), node.start_mark)
            result: dict[str, Any] = {}
            first_line: dict[str, int] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, ScalarNode) or key_node.tag not in _SCALAR_TAGS:
                    raise _Refused(Msg("mapping keys must be plain scalars"), key_node.start_mark)
                key = str(key_node.value)
                if _has_lone_surrogate(key):
                    raise _Refused(Msg("key contains an unpaired surrogate"), key_node.start_mark)
                line = key_node.start_mark.line + 1
                if key in first_line:
                    raise _Refused(
                        Msg("duplicate key '{key}' (first defined at line {line})", key=key,
                            line=str(first_line[key])),
                        key_node.start_mark,
                    )  # fmt: skip
                first_line[key] = line
                result[key] = self.convert(value_node, (*path, key))
                self.doc.lines[(*path, key)] = line
            return result
        raise _Refused(Msg("unsupported YAML node"), node.start_mark)  # pragma: no cover

    def _scalar(self, node: ScalarNode) -> Any:
        value = str(node.value)
        if node.tag == _STR:
            if _has_lone_surrogate(value):
                raise _Refused(Msg("text contains an unpaired surrogate"), node.start_mark)
            return value
        if node.tag == _INT:
            number = parse_int_capped(value)
            if number is None:
                raise _Refused(number_too_large(value), node.start_mark)
            return number
        if node.tag == _FLOAT:
            real = parse_float_capped(value)
            if real is None:
                raise _Refused(number_too_large(value), node.start_mark)
            return real
        if node.tag == _BOOL:
            return value.lower() == "true"
        if node.tag == _NULL:
            return None
        raise _Refused(Msg("tag '{tag}' is not allowed", tag=node.tag), node.start_mark)


def parse_int_capped(text: str) -> int | None:
    """The integer ``text`` spells, or None when its magnitude exceeds :data:`MAX_INTEGER`.

    The length is checked before ``int()``, so a 5,000-digit literal costs nothing.
    """
    sign = "-" if text.startswith("-") else ""
    digits = text.lstrip("+-").lstrip("0")
    if len(digits) > len(str(MAX_INTEGER)):
        return None
    # int() of the digits without their leading zeros: "0" * 5000 is 0, not a ValueError.
    number = int(sign + (digits or "0"))
    return number if abs(number) <= MAX_INTEGER else None


def parse_float_capped(text: str) -> float | None:
    """The finite float ``text`` spells, or None when it overflows (``1e400``) or is not finite."""
    real = float(text)
    return real if math.isfinite(real) else None


def number_too_large(text: str) -> Msg:
    """The refusal of a number literal outside the accepted range, without echoing it whole."""
    shown: str | Msg = (
        text if len(text) <= 24 else Msg("{start}…({n} characters)", start=text[:12], n=len(text))
    )
    return Msg(
        "the number {number} is out of range: numbers in sscassess files are at most {limit} "
        "in size; check the value", number=shown, limit=MAX_INTEGER,
    )  # fmt: skip


def _too_deep() -> Msg:
    return Msg("nested more than {n} levels deep", n=MAX_DEPTH)


def _not_valid(file: str) -> Msg:
    return Msg("{file} is not valid YAML", file=file)


def _not_acceptable(file: str) -> Msg:
    return Msg("{file} is not acceptable YAML", file=file)


def parse_yaml(text: str, file: str, *, pure_python: bool = False) -> YamlDocument:
    """Parse ``text`` (the content of ``file``) into a :class:`YamlDocument`.

    Raises :class:`InvalidInputError` naming the file and line of the first problem.
    libyaml does the scanning when PyYAML has it; ``pure_python`` forces PyYAML's own parser.
    """
    doc = YamlDocument(data=None, file=file)
    try:
        # The pure-Python Reader checks the text as it is built: inside the try.
        loader: Any = (_PyStrictLoader if pure_python else _StrictLoader)(text)
    except yaml.YAMLError as exc:
        raise InvalidInputError(_not_valid(file), [Problem(file, 0, "", str(exc))]) from None
    try:
        node = loader.get_single_node()
        if node is not None:
            doc.data = _Converter(doc).convert(node, ())
    except _Refused as exc:
        raise InvalidInputError(
            _not_acceptable(file), [Problem(file, exc.line, "", exc.message)]
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 0
        said = " ".join(part for part in (exc.context, exc.problem) if part)
        # PyYAML >= 6.0.3 and libyaml cap nesting themselves, before our own check does:
        # one message for one refusal, whichever parser got there first.
        message: str | Msg = _too_deep() if "maximum nesting depth" in said else said
        raise InvalidInputError(
            _not_valid(file), [Problem(file, line, "", message or str(exc))]
        ) from None
    except yaml.YAMLError as exc:
        raise InvalidInputError(_not_valid(file), [Problem(file, 0, "", str(exc))]) from None
    except RecursionError:
        raise InvalidInputError(
            _not_acceptable(file), [Problem(file, 0, "", Msg("nested too deeply"))]
        ) from None
    finally:
        loader.dispose()
    return doc


def read_text_capped(path: Path, max_bytes: int, display: str | None = None) -> str:
    """Read a UTF-8 text file of at most ``max_bytes``; errors name the file (and line)."""
    name = display or str(path)
    try:
        with path.open("rb") as fh:
            raw = fh.read(max_bytes + 1)
    except FileNotFoundError:
        raise InvalidInputError(Msg("{file}: no such file", file=name)) from None
    except IsADirectoryError:
        raise InvalidInputError(Msg("{file}: is a folder, expected a file", file=name)) from None
    except OSError as exc:
        raise InvalidInputError(
            Msg("{file}: cannot be read ({reason})", file=name, reason=exc.strerror)
        ) from None
    if len(raw) > max_bytes:
        raise InvalidInputError(
            Msg("{file}: larger than the {limit} KiB limit for this kind of file; check that "
                "it is the right file", file=name, limit=max_bytes // 1024)
        )  # fmt: skip
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise InvalidInputError(
            Msg("{file} is not UTF-8 text", file=name),
            [
                Problem(
                    name,
                    line,
                    "",
                    Msg("byte {byte} is not valid UTF-8; save the file as UTF-8",
                        byte=format(raw[exc.start], "#04x")),
                )
            ],
        ) from None  # fmt: skip
    return text.removeprefix("\ufeff")


def load_yaml_file(
    path: Path, display: str | None = None, max_bytes: int = MAX_YAML_BYTES
) -> YamlDocument:
    """Read and parse one YAML file (see :func:`parse_yaml`)."""
    name = display or str(path)
    return parse_yaml(read_text_capped(path, max_bytes, name), name)
