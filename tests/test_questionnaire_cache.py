"""The questionnaire cache: a hit behaves as the validated questionnaire; nothing stale is served."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from sscassess.questionnaire import cache as questionnaire_cache
from sscassess.questionnaire.check import validated_load
from sscassess.questionnaire.load import load_questionnaire
from sscassess.questionnaire.model import Questionnaire, resolve_questionnaire_location

SHIPPED = "ssc-stakeholder-self-assessment"


@pytest.fixture(autouse=True)
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A cache folder of this test only, and nothing remembered in memory."""
    folder = tmp_path / "xdg-cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    questionnaire_cache.clear()
    yield folder / "sscassess"
    questionnaire_cache.clear()


def entries(cache: Path) -> list[Path]:
    return sorted(cache.glob("q-*.json")) if cache.is_dir() else []


def from_disk(spec: str | Path) -> Questionnaire:
    """Load with nothing in memory: from the cache file when it is usable."""
    questionnaire_cache.clear()
    return load_questionnaire(spec)


def texts(q: Questionnaire, lang: str) -> list[str]:
    """Every text the respondent can see, in order, in ``lang``."""
    out = [q.text(q.title, lang), q.text(q.description, lang)]
    for section in q.sections:
        out += [section.id, q.text(section.title, lang), q.text(section.intro, lang)]
        for question in section.questions:
            out += [question.id, q.text(question.label, lang), q.text(question.help, lang)]
            for c in (*question.choices, *question.items):
                out += [c.value, q.text(c.label, lang), q.text(c.help, lang)]
            for p in question.scale:
                out += [str(p.value), q.text(p.label, lang), q.text(p.help, lang)]
    for category, subtypes in sorted(q.subtypes.items()):
        out += [category, *(q.text(s.label, lang) for s in subtypes)]
    return out


def test_a_cache_hit_is_the_validated_questionnaire() -> None:
    path, display = resolve_questionnaire_location(SHIPPED)
    validated = validated_load(path, display, None)
    load_questionnaire(SHIPPED)  # validates and writes the cache
    cached = from_disk(SHIPPED)
    assert cached is not validated
    assert cached == validated
    assert cached.sha256 == validated.sha256
    assert cached.ref == validated.ref
    assert cached.languages == ["en", "fr", "es"]
    for lang in ("en", "fr", "es"):
        assert texts(cached, lang) == texts(validated, lang)
    assert [q.id for q in cached.questions] == [q.id for q in validated.questions]
    assert [q.when for q in cached.questions] == [q.when for q in validated.questions]
    assert [q.validation for q in cached.questions] == [q.validation for q in validated.questions]
    assert (cached.reference_id, cached.reference_version, cached.reference_sha256) == (
        validated.reference.id,
        validated.reference.version,
        validated.reference.sha256,
    )


def test_a_cache_hit_answers_conditions_and_subtypes_as_the_validated_one(
    make_questionnaire: Callable[..., Path],
) -> None:
    path = make_questionnaire()
    validated = validated_load(path.resolve(), str(path), None)
    load_questionnaire(path)
    cached = from_disk(path)
    assert cached == validated
    answer_sets: list[dict[str, object]] = [
        {},
        {"category": "city"},
        {"category": "people", "mood": 0},
        {"named": False, "colour": "blue", "extras": ["a"]},
        {"colour": "red", "extras": ["b"]},
    ]
    for answers in answer_sets:
        for mine, theirs in zip(cached.questions, validated.questions, strict=True):
            assert cached.is_visible(mine, answers) == validated.is_visible(theirs, answers)
            assert cached.choices_for(mine, answers) == validated.choices_for(theirs, answers)
    assert [
        c.value for c in cached.choices_for(cached.question("subtype"), {"category": "city"})
    ] == ["council"]
    # The pack is there when asked for, and is the one validated.
    assert cached.reference.sha256 == validated.reference.sha256


def test_the_second_load_reads_the_cache_file(
    make_questionnaire: Callable[..., Path], cache: Path
) -> None:
    path = make_questionnaire()
    assert entries(cache) == []
    first = load_questionnaire(path)
    (entry,) = entries(cache)
    assert entry.stat().st_mode & 0o777 == 0o600
    header = json.loads(entry.read_bytes().partition(b"\n")[0])
    assert header["format"] == "sscassess-questionnaire-cache/1"
    assert header["questionnaire"] == "tiny-q@1"
    assert from_disk(path) == first
    # What is served is the entry, not a new validation: an edit with matching hashes shows.
    # (Only the user's own files are trusted so: see writable_by_others below.)
    corrupt_payload_consistently(entry)
    assert from_disk(path).question("name").label == "Nome"


def test_a_changed_questionnaire_file_is_never_served_stale(
    make_questionnaire: Callable[..., Path], cache: Path
) -> None:
    path = make_questionnaire()
    assert load_questionnaire(path).question("name").label == "Name"
    path.write_text(path.read_text().replace("label: Name,", "label: Full name,"))
    assert load_questionnaire(path).question("name").label == "Full name"  # memory: not stale
    assert from_disk(path).question("name").label == "Full name"  # disk: not stale
    assert len(entries(cache)) == 1  # the new entry replaced the old one


def test_a_changed_pack_file_is_never_served_stale(make_questionnaire: Callable[..., Path]) -> None:
    path = make_questionnaire()
    roles = path.parent / "pack" / "roles.yaml"

    def lead(q: Questionnaire) -> object:
        return q.question("roles").items[0].label

    assert lead(load_questionnaire(path)) == {"en": "Leadership", "fr": "Direction"}
    roles.write_text(roles.read_text().replace("en: Leadership,", "en: Steering,"))
    assert lead(load_questionnaire(path)) == {"en": "Steering", "fr": "Direction"}
    assert lead(from_disk(path)) == {"en": "Steering", "fr": "Direction"}
    assert load_questionnaire(path).reference.role("lead").name == {
        "en": "Steering",
        "fr": "Direction",
    }


def test_a_questionnaire_made_invalid_after_caching_is_reported(
    make_questionnaire: Callable[..., Path],
) -> None:
    from sscassess.core.errors import InvalidInputError

    path = make_questionnaire()
    load_questionnaire(path)
    path.write_text(path.read_text().replace("choices: {from: aims}", "choices: {from: nothing}"))
    questionnaire_cache.clear()
    with pytest.raises(InvalidInputError, match="is invalid"):
        load_questionnaire(path)


def corrupt_payload(entry: Path) -> None:
    data = bytearray(entry.read_bytes())
    at = data.index(b'"Name"')
    data[at + 1 : at + 5] = b"Nome"
    entry.write_bytes(bytes(data))


def truncate(entry: Path) -> None:
    entry.write_bytes(entry.read_bytes()[:-100])


def garbage(entry: Path) -> None:
    entry.write_bytes(b"\x00\xff not json at all")


def empty(entry: Path) -> None:
    entry.write_bytes(b"")


def other_version(entry: Path) -> None:
    head, _, payload = entry.read_bytes().partition(b"\n")
    header = json.loads(head)
    header["sscassess"] = "0.0.1"
    entry.write_bytes(json.dumps(header).encode() + b"\n" + payload)


def other_format(entry: Path) -> None:
    head, _, payload = entry.read_bytes().partition(b"\n")
    header = json.loads(head)
    header["format"] = "sscassess-questionnaire-cache/0"
    entry.write_bytes(json.dumps(header).encode() + b"\n" + payload)


def writable_by_others(entry: Path) -> None:
    corrupt_payload_consistently(entry)
    entry.chmod(0o666)


def corrupt_payload_consistently(entry: Path) -> None:
    """A changed label with a matching payload hash: what someone else could plant."""
    import hashlib

    head, _, payload = entry.read_bytes().partition(b"\n")
    payload = payload.replace(b'"Name"', b'"Nome"')
    header = json.loads(head)
    header["payload_sha256"] = hashlib.sha256(payload).hexdigest()
    entry.write_bytes(json.dumps(header).encode() + b"\n" + payload)


@pytest.mark.parametrize(
    "damage",
    [corrupt_payload, truncate, garbage, empty, other_version, other_format, writable_by_others],
)
def test_an_unusable_cache_file_is_ignored_and_rebuilt(
    make_questionnaire: Callable[..., Path], cache: Path, damage: Callable[[Path], None]
) -> None:
    path = make_questionnaire()
    good = load_questionnaire(path)
    (entry,) = entries(cache)
    damage(entry)
    again = from_disk(path)
    assert again == good
    assert again.question("name").label == "Name"
    (rebuilt,) = entries(cache)
    assert rebuilt.stat().st_mode & 0o777 == 0o600
    assert from_disk(path) == good


def test_the_cache_folder_is_the_users_alone(
    make_questionnaire: Callable[..., Path], cache: Path
) -> None:
    load_questionnaire(make_questionnaire())
    assert cache.stat().st_mode & 0o777 == 0o700


def test_a_cache_that_cannot_be_written_is_no_error(
    make_questionnaire: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would go")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    path = make_questionnaire()
    first = load_questionnaire(path)
    assert first.id == "tiny-q"
    assert load_questionnaire(path) is first  # still validated once per process
    assert from_disk(path) == first
    assert blocker.read_text() == "a file where the cache folder would go"


def test_a_relative_xdg_cache_home_is_ignored(
    make_questionnaire: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The XDG spec: a relative path is invalid and must be ignored.
    monkeypatch.setenv("XDG_CACHE_HOME", "relative-cache")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.chdir(tmp_path)
    load_questionnaire(make_questionnaire())
    assert not (tmp_path / "relative-cache").exists()
    assert len(entries(tmp_path / "home" / ".cache" / "sscassess")) == 1


def test_a_questionnaire_json_cannot_carry_exactly_is_not_cached(
    make_questionnaire: Callable[..., Path], cache: Path
) -> None:
    from dataclasses import replace

    from sscassess.questionnaire.model import Comparison, Section

    path = make_questionnaire()
    q = validated_load(path.resolve(), str(path), None)
    key = questionnaire_cache.entry_key(path.resolve(), str(path), "", path.read_bytes())
    assert key is not None
    # A tuple inside a condition would come back as a list: not the same questionnaire.
    note = replace(q.question("note"), when=Comparison("colour", "equals", (("a", "b"),)))
    work = replace(q.sections[1], questions=(*q.sections[1].questions[:-1], note))
    odd = replace(q, sections=(q.sections[0], work))
    assert isinstance(odd.sections[1], Section)
    assert not questionnaire_cache.write_entry(key, "source", odd, path.read_bytes())
    assert entries(cache) == []
    assert questionnaire_cache.write_entry(key, "source", q, path.read_bytes())


def test_another_sscassess_version_does_not_read_the_entry(
    make_questionnaire: Callable[..., Path], cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = make_questionnaire()
    load_questionnaire(path)
    (before,) = entries(cache)
    monkeypatch.setattr(questionnaire_cache, "__version__", "9.9.9")
    questionnaire_cache._builders_digest.cache_clear()
    try:
        from_disk(path)
        (after,) = entries(cache)
        assert after != before
        assert json.loads(after.read_bytes().partition(b"\n")[0])["sscassess"] == "9.9.9"
    finally:
        monkeypatch.undo()
        questionnaire_cache._builders_digest.cache_clear()


def test_the_shipped_form_is_a_fresh_validated_load() -> None:
    path, display = resolve_questionnaire_location(SHIPPED)
    form = questionnaire_cache.shipped_form_path(path)
    assert form.read_bytes() == questionnaire_cache.shipped_form(
        validated_load(path.resolve(), display, None), path.read_bytes()
    ), "the shipped form is stale: run python -m sscassess.questionnaire.release and commit it"
    raw = path.read_bytes()
    shipped = questionnaire_cache.read_shipped_form(path.resolve(), raw, "")
    assert shipped == validated_load(path.resolve(), display, None)


def test_the_shipped_form_serves_only_the_shipped_bytes_and_pack(tmp_path: Path) -> None:
    path, _ = resolve_questionnaire_location(SHIPPED)
    raw = path.read_bytes()
    assert questionnaire_cache.read_shipped_form(path.resolve(), raw + b"\n# edited\n", "") is None
    assert questionnaire_cache.read_shipped_form(path.resolve(), raw, "./my-pack") is None
    # A copy elsewhere (with a copied form beside it) is the user's own file: validated.
    copy = tmp_path / path.name
    copy.write_bytes(raw)
    questionnaire_cache.shipped_form_path(copy).write_bytes(
        questionnaire_cache.shipped_form_path(path).read_bytes()
    )
    assert questionnaire_cache.read_shipped_form(copy, raw, "") is None


def test_a_first_start_uses_the_shipped_form_and_writes_no_entry(cache: Path) -> None:
    q = from_disk(SHIPPED)
    assert q.ref == "ssc-stakeholder-self-assessment@1.2"
    assert entries(cache) == []
