"""Property: in any batch, every valid file is imported and every hostile one refused.

Hostile files are signed with the right code (so only their content is wrong): numbers out
of range written into the JSON text, envelope fields of the wrong type, size or format, and
organisation names that are not the invitation's. Whatever the mix and order, the store ends
up holding exactly the valid files' answers, and nothing stops the batch.
"""

from __future__ import annotations

import json
import re
import shutil
import uuid
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import valid_answers
from sscassess.campaign.folder import Campaign
from sscassess.campaign.invitation import load_invitation_file, sign
from sscassess.respond import answer_with_invitation

SLUGS = ("lakeside_water", "city_of_lakeside", "lakeside_university")
LIMIT = 2**53 - 1

# Digit strings, not ints: hypothesis itself cannot show an int of over 4,300 digits.
# 17 digits with a leading non-zero digit is at least 10**16 > 2**53 - 1.
digits = st.tuples(
    st.sampled_from("123456789"), st.text("0123456789", min_size=16, max_size=6000)
).map("".join)
huge_numbers = st.one_of(
    digits,
    digits.map(lambda n: f"-{n}"),
    st.integers(min_value=LIMIT + 1, max_value=2**80).map(str),
    st.integers(min_value=309, max_value=100_000).map(lambda e: f"1e{e}"),
)
not_a_timestamp = st.one_of(
    st.text(max_size=40).filter(lambda t: not re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", t)),
    st.integers(min_value=-LIMIT, max_value=LIMIT),
    st.none(),
    st.lists(st.integers(min_value=0, max_value=9), max_size=3),
    st.just("x" * 20_000),
)
bad_revision = st.one_of(
    st.integers(max_value=0, min_value=-LIMIT),
    st.integers(min_value=2**31, max_value=LIMIT),
    st.booleans(),
    st.text(max_size=10),
    st.floats(allow_nan=False, allow_infinity=False),
)
other_name = st.text(min_size=0, max_size=300)


@st.composite
def hostile(draw: st.DrawFn) -> tuple[str, Any]:
    kind = draw(st.sampled_from(["number", "submitted_at", "revision", "name", "campaign"]))
    if kind == "number":
        return kind, draw(huge_numbers)
    if kind == "submitted_at":
        return kind, draw(not_a_timestamp)
    if kind == "revision":
        return kind, draw(bad_revision)
    if kind == "name":
        return kind, draw(other_name)
    return kind, draw(st.text(max_size=80))


@st.composite
def batches(draw: st.DrawFn) -> list[tuple[str, tuple[str, Any] | None]]:
    """(slug, None) for a valid file, (slug, (kind, value)) for a hostile one; shuffled."""
    valid = draw(st.lists(st.sampled_from(SLUGS), unique=True, max_size=3))
    bad = draw(st.lists(st.tuples(st.sampled_from(SLUGS), hostile()), min_size=1, max_size=6))
    items: list[tuple[str, tuple[str, Any] | None]] = [(s, None) for s in valid] + list(bad)
    return draw(st.permutations(items))


def make_hostile(
    path: Path, code: str, kind: str, value: Any, real_name: str, campaign_id: str
) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    if kind == "number":
        # Written into the text: json.dumps could not even produce it for floats.
        payload = {k: v for k, v in data.items() if k != "signature"}
        payload["answers"]["staff"] = 7
        data = {**payload, "signature": sign(payload, code)}
        path.write_text(
            json.dumps(data).replace('"staff": 7', f'"staff": {value}'), encoding="utf-8"
        )
        return
    if kind == "submitted_at":
        data["submitted_at"] = value
    elif kind == "revision":
        data["revision"] = value
    elif kind == "name":
        data["organisation"]["name"] = value if value != real_name else real_name + "x"
    else:
        data["campaign_id"] = value if value != campaign_id else campaign_id + "x"
    payload = {k: v for k, v in data.items() if k != "signature"}
    data["signature"] = sign(payload, code)
    path.write_text(json.dumps(data), encoding="utf-8")


@settings(
    max_examples=30,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(batch=batches())
def test_valid_files_are_imported_and_hostile_ones_refused_whatever_the_mix(
    campaign: Campaign, tmp_path: Path, batch: list[tuple[str, tuple[str, Any] | None]]
) -> None:
    work = tmp_path / "work"
    shutil.rmtree(work, ignore_errors=True)
    inbox = work / "inbox"
    inbox.mkdir(parents=True)
    before = {r.response_id: r for r in campaign.store.responses()}
    expected: dict[str, str] = {}
    kinds: dict[str, str] = {}
    for i, (slug, attack) in enumerate(batch):
        invitation = campaign.root / "invitations" / f"{slug}.yaml"
        data = load_invitation_file(invitation)
        src = work / f"{i}.yaml"
        comment = f"batch {uuid.uuid4().hex} file {i}"  # new answers in every example
        src.write_text(yaml.safe_dump(valid_answers(comments=comment)), encoding="utf-8")
        target = inbox / f"{i:02d}.json"
        answer_with_invitation(invitation, src, target)
        if attack is None:
            expected[data["invitation_id"]] = comment
        else:
            make_hostile(target, data["code"], *attack, data["organisation"]["name"], campaign.id)
            kinds[target.name] = attack[0]
    results = {Path(r.path).name: r for r in campaign.import_paths([inbox])}
    assert len(results) == len(batch)
    for name, r in results.items():
        if name in kinds:
            assert r.status == "rejected", (name, kinds[name], r)
            assert r.detail and "internal" not in r.detail
        else:
            assert r.status == "imported", r
    after = {r.response_id: r for r in campaign.store.responses()}
    for response_id, current in after.items():
        if response_id in expected:
            assert current.answers["comments"] == expected[response_id]
        else:  # untouched by this batch
            assert current == before[response_id]
    assert set(after) == set(before) | set(expected)
