"""Fuzz target: importing a signed response file (THREATS C1, C2, B6, B7, H1).

Run: ``python fuzz/envelope.py CORPUS_DIR -max_total_time=60 -dict=fuzz/envelope.dict``.

At import, one real campaign is made in a temporary folder, with one invitation and a valid
signed response (imported once, so an unchanged file is "unchanged"). Each input is a list of
edits of that response, one per line, applied in order::

    revision=18446744073709551616      set a field (dotted path, list items by index) to the
                                       raw JSON text after "=" (inserted verbatim, so it may
                                       be invalid JSON, a 5,000-digit number, bad UTF-8 ...)
    -answers.aims                      delete a field
    ~120:RAW BYTES                     overwrite bytes of the file at offset 120 (mod length)
    ^120:RAW BYTES                     insert bytes there
    !unverified                        import with --unverified
    !yaml                              name the file .yaml instead of .json
    !nosign                            keep the old signature (a forged or altered file)

A path that does not exist below its first missing part picks an existing field from its
checksum, so any line edits something. After the edits the file is signed again with the
invitation's code (unless ``!nosign``, and when it still parses as a JSON object with the
original signature), so the importer gets past the signature and meets the edited content.

Allowed: ``import_file`` returns an :class:`ImportResult` of any status and never raises. A
file is "imported" only when its signature is the invitation's signature of exactly its
content (or it was imported ``--unverified``); an imported file imported again is "unchanged".
"""

from __future__ import annotations

import atexit
import copy
import json
import os
import shutil
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from sscassess.campaign.folder import Campaign
from sscassess.campaign.intake import ImportResult
from sscassess.campaign.invitation import load_invitation_file, sign
from sscassess.reference.pack import load_reference
from sscassess.respond import answer_with_invitation

_STATUSES = ("imported", "unchanged", "rejected")


@dataclass
class Fixture:
    """The campaign every input is imported into, and the valid response it starts from."""

    campaign: Campaign
    code: str
    base: dict[str, Any]
    work: Path


def valid_answers() -> dict[str, Any]:
    """A complete, valid answers document for the shipped questionnaire (tests/conftest.py)."""
    return {
        "questionnaire": "ssc-stakeholder-self-assessment",
        "organisation": {"scale": "local", "sector": "public"},
        "answers": {
            "consent_named": True,
            "roles": {r.id: 0 for r in load_reference().roles},
            "aims": ["service_efficiency"],
            "potential": ["data"],
        },
    }


def make_fixture() -> Fixture:
    """Create the campaign, its invitation and the signed response in a temporary folder."""
    root = Path(tempfile.mkdtemp(prefix="sscassess-fuzz-envelope-"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    # The questionnaire cache of this process, not the user's (the tests set their own).
    os.environ.setdefault("XDG_CACHE_HOME", str(root / "cache"))
    campaign = Campaign.init(root / "campaign", "Fuzz")
    atexit.register(campaign.close)  # atexit runs last-in first: closed before the rmtree
    _, invitation_file = campaign.invite("Lakeside Water", "utility_provider")
    answers = root / "answers.yaml"
    answers.write_text(yaml.safe_dump(valid_answers()), encoding="utf-8")
    response = root / "base.response.json"
    answer_with_invitation(invitation_file, answers, response)
    first = campaign.import_file(response)
    assert first.status == "imported", first
    code = str(load_invitation_file(invitation_file)["code"])
    base = json.loads(response.read_text(encoding="utf-8"))
    work = root / "work"
    work.mkdir()
    return Fixture(campaign, code, base, work)


FIXTURE = make_fixture()
_BASE_RAW = json.dumps(FIXTURE.base, ensure_ascii=False, indent=2).encode()


def _paths(value: Any, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every path inside ``value`` (containers and leaves), in document order."""
    out: list[tuple[str, ...]] = []
    if isinstance(value, dict):
        items: Any = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return out
    for key, item in items:
        path = (*prefix, str(key))
        out.append(path)
        out.extend(_paths(item, path))
    return out


def _locate(doc: dict[str, Any], spec: str) -> tuple[Any, str]:
    """The container and key that ``spec`` (a dotted path) names in ``doc``."""
    parts = spec.split(".")
    node: Any = doc
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        if isinstance(node, dict) and (last or part in node):
            if last:
                return node, part
            node = node[part]
        elif isinstance(node, list) and (last or (part.isdigit() and int(part) < len(node))):
            if last:
                return node, part
            node = node[int(part)]
        else:
            break
    # No such path: an existing one, chosen by the spec's checksum.
    known = _paths(doc)
    path = known[zlib.crc32(spec.encode("utf-8", "replace")) % len(known)]
    node = doc
    for part in path[:-1]:
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node, path[-1]


def _set(container: Any, key: str, value: Any) -> None:
    if isinstance(container, dict):
        container[key] = value
    elif key.isdigit() and int(key) < len(container):
        container[int(key)] = value
    else:
        container.append(value)


def _delete(container: Any, key: str) -> None:
    if isinstance(container, dict):
        container.pop(key, None)
    elif key.isdigit() and int(key) < len(container):
        del container[int(key)]


def _harness_int(text: str) -> int:
    # Only to re-sign: a literal past Python's int() limit is refused by the importer anyway.
    return int(text) if len(text) <= 4000 else 0


def resign(raw: bytes, code: str, old_signature: str) -> tuple[bytes, bool]:
    """``raw`` signed again for its content; True if the signature now matches that content."""
    try:
        data = json.loads(raw.decode("utf-8").removeprefix("\ufeff"), parse_int=_harness_int)
    except (ValueError, RecursionError):
        return raw, False
    if not isinstance(data, dict) or data.get("signature") != old_signature:
        return raw, False
    try:
        new = sign({k: v for k, v in data.items() if k != "signature"}, code)
    except (ValueError, TypeError, UnicodeError, RecursionError):
        return raw, False
    return raw.replace(old_signature.encode(), new.encode()), True


@dataclass
class Edited:
    """A response file made from one input."""

    raw: bytes
    suffix: str
    unverified: bool
    signed: bool


def apply_edits(data: bytes, fixture: Fixture) -> Edited:
    """The response file that the edits in ``data`` make of the fixture's valid response."""
    doc = copy.deepcopy(fixture.base)
    values: dict[str, bytes] = {}
    splices: list[tuple[str, int, bytes]] = []
    suffix, unverified, nosign = ".json", False, False
    for line in data.split(b"\n"):
        head, _, rest = line.partition(b":")
        if line.strip() == b"!unverified":
            unverified = True
        elif line.strip() == b"!yaml":
            suffix = ".yaml"
        elif line.strip() == b"!nosign":
            nosign = True
        elif line[:1] in (b"~", b"^") and head[1:].isdigit():
            splices.append((line[:1].decode(), int(head[1:]), rest))
        elif line.startswith(b"-") and b"=" not in line:
            _delete(*_locate(doc, line[1:].decode("utf-8", "replace")))
        elif b"=" in line:
            path, _, value = line.partition(b"=")
            token = f"@@fuzz{len(values)}@@"
            values[json.dumps(token)] = value
            container, key = _locate(doc, path.decode("utf-8", "replace"))
            _set(container, key, token)
    raw = json.dumps(doc, ensure_ascii=False, indent=2).encode()
    for token, value in values.items():
        raw = raw.replace(token.encode(), value)
    for kind, offset, chunk in splices:
        at = offset % (len(raw) + 1)
        raw = raw[:at] + chunk + raw[at + (len(chunk) if kind == "~" else 0) :]
    if nosign:
        return Edited(raw, suffix, unverified, raw == _BASE_RAW)
    raw, signed = resign(raw, fixture.code, fixture.base["signature"])
    return Edited(raw, suffix, unverified, signed)


def check(data: bytes) -> None:
    """Import the response file the edits in ``data`` make; raise on anything not allowed."""
    edited = apply_edits(data, FIXTURE)
    path = FIXTURE.work / f"response{edited.suffix}"
    path.write_bytes(edited.raw)
    campaign = FIXTURE.campaign
    result = campaign.import_file(path, unverified=edited.unverified)
    assert isinstance(result, ImportResult), result
    assert result.status in _STATUSES, result
    if result.status == "imported":
        assert edited.signed or edited.unverified, f"imported without a valid signature: {result}"
        again = campaign.import_file(path, unverified=edited.unverified)
        assert again.status == "unchanged", f"imported, then {again}"


if __name__ == "__main__":
    from harness import fuzz

    fuzz(check)
