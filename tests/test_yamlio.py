"""The strict YAML loader: safe tags only, no aliases, duplicate keys and sizes refused."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from sscassess.core.errors import InvalidInputError
from sscassess.core.yamlio import MAX_DEPTH, load_yaml_file, parse_yaml


def problem_lines(exc: InvalidInputError) -> list[str]:
    return [str(p) for p in exc.problems]


def test_values_keep_yaml_1_2_meaning_and_codes_stay_strings() -> None:
    doc = parse_yaml(
        "a: NO\nb: 012\nc: 1.5\nd: yes\ne: on\nf: [1, true, ~, null, -3]\ng: 2015-03-01\nh: .inf\n",
        "t.yaml",
    )
    assert doc.data == {
        "a": "NO",
        "b": "012",
        "c": 1.5,
        "d": "yes",
        "e": "on",
        "f": [1, True, None, None, -3],
        "g": "2015-03-01",
        "h": ".inf",
    }


def test_lines_are_recorded_for_every_node() -> None:
    doc = parse_yaml("top:\n  items:\n    - a\n    - {x: 1}\n", "t.yaml")
    assert doc.line_of(["top", "items", 1, "x"]) == 4
    assert doc.line_of(["top", "items", 0]) == 3
    # A path below an existing node falls back to its nearest ancestor.
    assert doc.line_of(["top", "items", 1, "missing", "deeper"]) == 4


def test_duplicate_key_is_rejected_with_both_lines() -> None:
    with pytest.raises(InvalidInputError) as info:
        parse_yaml("roles:\n  a: 1\n  b: 2\n  a: 3\n", "dup.yaml")
    assert problem_lines(info.value) == ["dup.yaml:4: duplicate key 'a' (first defined at line 2)"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: &x 1\nb: *x\n", "dup.yaml:1: anchor '&x' is not allowed: write the value out in full"),
        (
            "a: !!python/object:os.system {}\n",
            "dup.yaml:1: tag 'tag:yaml.org,2002:python/object:os.system' is not allowed",
        ),
        ("a: !!binary aGVsbG8=\n", "dup.yaml:1: tag 'tag:yaml.org,2002:binary' is not allowed"),
        ("a: !!set {x, y}\n", "dup.yaml:1: tag 'tag:yaml.org,2002:set' is not allowed"),
        # libyaml refuses the escape itself; the pure-Python parser would let it through and
        # the converter would say "text contains an unpaired surrogate".
        (
            'a: "\\ud800"\n',
            "dup.yaml:1: while parsing a quoted scalar found invalid Unicode character escape code",
        ),
        ("? [a, b]\n: 1\n", "dup.yaml:1: mapping keys must be plain scalars"),
    ],
)
def test_unsafe_constructs_are_refused(text: str, message: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        parse_yaml(text, "dup.yaml")
    assert problem_lines(info.value) == [message]


def test_alias_bomb_is_refused_fast() -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [{','.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    start = time.perf_counter()
    with pytest.raises(InvalidInputError) as info:
        parse_yaml("\n".join(lines) + "\n", "bomb.yaml")
    assert time.perf_counter() - start < 1.0
    assert problem_lines(info.value) == [
        "bomb.yaml:1: anchor '&a0' is not allowed: write the value out in full"
    ]


def test_deep_nesting_is_refused_without_recursion_error() -> None:
    text = "[" * 100_000 + "]" * 100_000
    with pytest.raises(InvalidInputError) as info:
        parse_yaml(text, "deep.yaml")
    assert problem_lines(info.value) == [f"deep.yaml:1: nested more than {MAX_DEPTH} levels deep"]


def test_syntax_error_names_the_line() -> None:
    with pytest.raises(InvalidInputError) as info:
        parse_yaml("a: 1\nb: [1, 2\nc: 3\n", "bad.yaml")
    [problem] = info.value.problems
    assert problem.file == "bad.yaml"
    assert problem.line == 3
    assert "expected ',' or ']'" in problem.message


def test_file_over_the_cap_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"a: " + b"x" * 2048 + b"\n")
    with pytest.raises(InvalidInputError) as info:
        load_yaml_file(path, "big.yaml", max_bytes=1024)
    assert str(info.value) == (
        "big.yaml: larger than the 1 KiB limit for this kind of file; check that it is the right file"
    )


def test_non_utf8_bytes_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("a: ok\nb: caf\xe9\n".encode("latin-1"))
    with pytest.raises(InvalidInputError) as info:
        load_yaml_file(path, "latin1.yaml")
    assert problem_lines(info.value) == [
        "latin1.yaml:2: byte 0xe9 is not valid UTF-8; save the file as UTF-8"
    ]


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError) as info:
        load_yaml_file(tmp_path / "nope.yaml", "nope.yaml")
    assert str(info.value) == "nope.yaml: no such file"


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes("\ufeffa: é\n".encode())
    assert load_yaml_file(path).data == {"a": "é"}


def test_no_unsafe_loader_anywhere_in_the_source() -> None:
    root = Path(__file__).resolve().parent.parent / "sscassess"
    pattern = re.compile(r"yaml\.(unsafe_load|full_load|load\(|Loader\b|FullLoader|UnsafeLoader)")
    offenders = [
        f"{path.name}:{n}"
        for path in root.rglob("*.py")
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert offenders == []


def test_pure_python_parser_gives_the_same_documents() -> None:
    from sscassess.core.resources import data_dir

    files = sorted(data_dir("reference").rglob("*.yaml")) + sorted(
        data_dir("questionnaires").glob("*.yaml")
    )
    # The current pack's nine files and the questionnaire, plus any archived pack versions.
    assert len([f for f in files if "archive" not in f.parts]) == 10
    for path in files:
        text = path.read_text(encoding="utf-8")
        fast, slow = parse_yaml(text, path.name), parse_yaml(text, path.name, pure_python=True)
        assert fast.data == slow.data
        assert fast.lines == slow.lines


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('a: "\\ud800"\n', "t.yaml:1: text contains an unpaired surrogate"),
        ("a: &x 1\nb: *x\n", "t.yaml:1: anchor '&x' is not allowed: write the value out in full"),
        ("a: 1\na: 2\n", "t.yaml:2: duplicate key 'a' (first defined at line 1)"),
    ],
)
def test_pure_python_parser_refuses_the_same(text: str, message: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        parse_yaml(text, "t.yaml", pure_python=True)
    assert problem_lines(info.value) == [message]
