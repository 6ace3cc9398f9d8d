"""Importing responses: every refusal of THREATS.md §B6–B7, §C1, §C2, §C4, §D2 with its reason."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import as_typed, valid_answers
from sscassess.campaign.export import export
from sscassess.campaign.folder import Campaign
from sscassess.campaign.invitation import build_response, load_invitation_file, sign
from sscassess.respond import answer_with_invitation


def response_file(
    campaign: Campaign, slug: str, tmp_path: Path, revision_bump: int = 0, **changes: Any
) -> Path:
    answers = valid_answers(**changes)
    src = tmp_path / f"{slug}-answers.yaml"
    src.write_text(yaml.safe_dump(answers), encoding="utf-8")
    out = tmp_path / f"{slug}.response.json"
    for _ in range(revision_bump + 1):
        answer_with_invitation(campaign.root / "invitations" / f"{slug}.yaml", src, out)
    return out


def resign(path: Path, data: dict[str, Any], code: str) -> None:
    payload = {k: v for k, v in data.items() if k != "signature"}
    data["signature"] = sign(payload, code)
    path.write_text(json.dumps(data), encoding="utf-8")


def result(campaign: Campaign, path: Path, unverified: bool = False) -> tuple[str, str]:
    r = campaign.import_file(path, unverified)
    return r.status, as_typed(r.error, "import") if r.error else r.detail


def test_a_signed_response_is_imported_once(any_campaign: Campaign, tmp_path: Path) -> None:
    campaign = any_campaign
    path = response_file(campaign, "lakeside_water", tmp_path)
    assert result(campaign, path) == ("imported", "imported")
    assert result(campaign, path) == (
        "unchanged",
        "already imported with the same answers; nothing changed",
    )
    [stored] = campaign.store.responses()
    assert (stored.organisation, stored.revision, stored.verified, stored.source) == (
        "Lakeside Water",
        1,
        True,
        "signed-file",
    )
    assert stored.answers["organisation_name"] == "Lakeside Water"
    assert stored.answers["roles"]["city_leadership"] == 0


def test_concurrent_imports_of_one_file_store_one_row(
    any_campaign: Campaign, tmp_path: Path
) -> None:
    campaign = any_campaign
    path = response_file(campaign, "lakeside_water", tmp_path)
    outcomes: list[str] = []

    def work() -> None:
        c = Campaign.open(campaign.root)
        outcomes.append(c.import_file(path).status)
        c.close()

    threads = [threading.Thread(target=work) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["imported", "unchanged", "unchanged"]
    assert len(campaign.store.responses()) == 1
    assert [e[3] for e in campaign.store.events()].count("submitted") == 1


def test_revisions_replace_and_keep_history(any_campaign: Campaign, tmp_path: Path) -> None:
    campaign = any_campaign
    first = response_file(campaign, "lakeside_water", tmp_path)
    v1 = tmp_path / "v1.json"
    v1.write_bytes(first.read_bytes())
    assert result(campaign, first)[0] == "imported"
    second = response_file(
        campaign, "lakeside_water", tmp_path, aims=["environmental_sustainability"]
    )
    assert json.loads(second.read_text())["revision"] == 2
    assert result(campaign, second)[0] == "imported"
    # The very file of revision 1 again (a folder imported twice): nothing changes.
    assert result(campaign, v1) == (
        "unchanged",
        "already imported as revision 1, since replaced by revision 2; nothing changed",
    )
    [current] = campaign.store.responses()
    assert (current.revision, current.answers["aims"]) == (2, ["environmental_sustainability"])
    [old] = campaign.store.history(current.response_id)
    assert (old.revision, old.answers["aims"]) == (1, ["service_efficiency"])


def test_a_correction_made_in_another_folder_is_the_next_revision(
    any_campaign: Campaign, tmp_path: Path
) -> None:
    # The respondent answers again elsewhere: its file says revision 1 again, but it was
    # submitted later, so the store makes it revision 2 and keeps revision 1 in the history.
    campaign = any_campaign
    path = response_file(campaign, "lakeside_water", tmp_path)
    assert result(campaign, path)[0] == "imported"
    other = tmp_path / "other"
    other.mkdir()
    correction = response_file(campaign, "lakeside_water", other, aims=["inclusion"])
    assert json.loads(correction.read_text())["revision"] == 1
    assert campaign.import_file(correction).revision == 2
    [current] = campaign.store.responses()
    assert (current.revision, current.answers["aims"]) == (2, ["inclusion"])
    assert [
        (h.revision, h.answers["aims"]) for h in campaign.store.history(current.response_id)
    ] == [(1, ["service_efficiency"])]
    submitted = [e[5] for e in campaign.store.events() if e[3] == "submitted"]
    assert submitted[-1]["revision"] == 2 and submitted[-1]["file_revision"] == 1


def tamper(path: Path, change: Any) -> dict[str, Any]:
    data = json.loads(path.read_text())
    change(data)
    path.write_text(json.dumps(data), encoding="utf-8")
    return data


SIGNATURE = "the signature does not match invitation lakeside_water: the file was changed after it was signed, or signed with another invitation's code"


def test_forged_and_altered_files_are_refused(any_campaign: Campaign, tmp_path: Path) -> None:
    campaign = any_campaign
    path = response_file(campaign, "lakeside_water", tmp_path)
    own_code = load_invitation_file(campaign.root / "invitations" / "lakeside_water.yaml")["code"]
    other_code = load_invitation_file(campaign.root / "invitations" / "city_of_lakeside.yaml")[
        "code"
    ]
    original = path.read_text()

    # One answer changed after signing (one byte: 0 -> 1).
    path.write_text(original.replace('"city_leadership": 0', '"city_leadership": 1'))
    assert result(campaign, path) == ("rejected", SIGNATURE)

    # Signed with another invitation's code.
    data = json.loads(original)
    resign(path, data, other_code)
    assert result(campaign, path) == ("rejected", SIGNATURE)

    # Another organisation's name, re-signed with its own (valid) code.
    data = json.loads(original)
    data["organisation"]["name"] = "City of Lakeside"
    resign(path, data, own_code)
    assert result(campaign, path) == (
        "rejected",
        "the organisation in the file does not match invitation lakeside_water (Lakeside Water, utility_provider)",
    )

    # Another campaign's file.
    data = json.loads(original)
    data["campaign_id"] = "c_000000000000"
    resign(path, data, own_code)
    assert result(campaign, path) == (
        "rejected",
        f"this response belongs to another campaign (c_000000000000), not {campaign.id}",
    )

    # Another questionnaire version.
    data = json.loads(original)
    data["questionnaire"]["sha256"] = "0" * 64
    data["questionnaire"]["version"] = "0.9"
    resign(path, data, own_code)
    assert result(campaign, path) == (
        "rejected",
        "answers a different questionnaire version (ssc-stakeholder-self-assessment@0.9) than this campaign's ssc-stakeholder-self-assessment@1.2",
    )

    # An unknown invitation, and ids that would escape a folder.
    for fake in ("inv_0000000000000000", "../../etc/passwd"):
        data = json.loads(original)
        data["invitation_id"] = fake
        resign(path, data, own_code)
        assert result(campaign, path) == (
            "rejected",
            f"unknown invitation {fake!r} in this campaign",
        )
    assert campaign.store.responses() == []


def test_valid_signature_but_invalid_answers(any_campaign: Campaign, tmp_path: Path) -> None:
    campaign = any_campaign
    path = response_file(campaign, "lakeside_water", tmp_path)
    own_code = load_invitation_file(campaign.root / "invitations" / "lakeside_water.yaml")["code"]
    data = json.loads(path.read_text())
    data["answers"]["roles"]["funding"] = 7
    resign(path, data, own_code)
    status, detail = result(campaign, path)
    assert status == "rejected"
    assert (
        f"{path}: answers.roles.funding: question 'roles', role 'funding': expected one of 0–4, got 7"
        in detail
    )


def test_revoked_invitation(any_campaign: Campaign, tmp_path: Path) -> None:
    campaign = any_campaign
    path = response_file(campaign, "lakeside_water", tmp_path)
    campaign.revoke("lakeside_water")
    status, detail = result(campaign, path)
    assert status == "rejected" and detail.startswith(
        "the invitation of Lakeside Water was revoked on "
    )


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b'{"a": 1, "a": 2}', "duplicate key 'a' in the JSON"),
        (b'{"a": NaN}', "NaN is not a valid JSON number"),
        (b'{"a": Infinity}', "Infinity is not a valid JSON number"),
        (b"[" * 100_000 + b"]" * 100_000, "the JSON is nested more than 32 levels deep"),
        (b'{"a": "\\ud800"}', "the JSON contains an unpaired surrogate (\\ud800-\\udfff)"),
        (b'{"a": "caf\xe9"}', "not UTF-8 text (byte 0xe9 on line 1)"),
        (b'{"a": ', "not valid JSON: Expecting value at line 1, column 7"),
        (
            b"{}" + b" " * (10 * 1024 * 1024),
            "10,240 KiB is larger than the 2,048 KiB limit for a response file",
        ),
        (
            b'{"format": "x"}',
            "not a signed response file; a plain answers file (e.g. typed in from a paper form) needs --unverified and is marked as unverified in every output",
        ),
    ],
)
def test_hostile_json_is_refused_before_any_write(
    campaign: Campaign, tmp_path: Path, content: bytes, reason: str
) -> None:
    path = tmp_path / "evil.json"
    path.write_bytes(content)
    assert result(campaign, path) == ("rejected", reason)
    assert campaign.store.responses() == []


def test_yaml_alias_bomb_is_refused(any_campaign: Campaign, tmp_path: Path) -> None:
    campaign = any_campaign
    lines = ['a0: &a0 ["x","x","x","x","x","x","x","x","x"]']
    lines += [f"a{i}: &a{i} [{','.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n")
    status, detail = result(campaign, path, unverified=True)
    assert status == "rejected"
    assert detail.endswith("bomb.yaml:1: anchor '&a0' is not allowed: write the value out in full")


def test_plain_answers_need_unverified_and_are_marked(
    any_campaign: Campaign, tmp_path: Path
) -> None:
    campaign = any_campaign
    doc = valid_answers()
    doc["organisation"].update(
        {"name": "Lakeside University", "category": "academia_research", "subtype": "university"}
    )  # type: ignore[union-attr]
    path = tmp_path / "paper.yaml"
    path.write_text(yaml.safe_dump(doc), encoding="utf-8")
    assert result(campaign, path)[0] == "rejected"
    assert result(campaign, path, unverified=True) == ("imported", "imported")
    assert result(campaign, path, unverified=True)[0] == "unchanged"
    [stored] = campaign.store.responses()
    assert (stored.verified, stored.source, stored.revision) == (False, "unverified-file", 1)


def test_open_responses_only_when_the_campaign_allows_them(tmp_path: Path) -> None:
    doc = valid_answers()
    doc["organisation"].update({"name": "Walk-in NGO", "category": "ngo"})  # type: ignore[union-attr]
    path = tmp_path / "walkin.yaml"
    path.write_text(yaml.safe_dump(doc), encoding="utf-8")
    closed = Campaign.init(tmp_path / "closed", "Lakeside")
    assert result(closed, path, unverified=True) == (
        "rejected",
        "no invitation for 'Walk-in NGO' and this campaign takes no open responses; invite the organisation first",
    )
    opened = Campaign.init(tmp_path / "open", "Lakeside", allow_open_responses=True)
    assert result(opened, path, unverified=True)[0] == "imported"
    [stored] = opened.store.responses()
    assert (stored.response_id, stored.invitation_id, stored.source) == (
        "open_" + hmac.new(opened.key(), b"open\0walk-in ngo", hashlib.sha256).hexdigest()[:16],
        None,
        "open",
    )


def test_response_for_another_questionnaire_answers_is_validated_in_full(
    campaign: Campaign,
) -> None:
    invitation = load_invitation_file(campaign.root / "invitations" / "lakeside_water.yaml")
    response = build_response(
        invitation, {"name": "Lakeside Water", "category": "utility_provider"}, {"roles": {}}, 1
    )
    path = campaign.root / "reports" / "r.json"
    path.write_text(json.dumps(response))
    status, detail = result(campaign, path)
    assert status == "rejected"
    assert "question 'roles': no rating for: city_leadership" in detail
    assert "question 'scale': an answer is required" in detail


INJECTION = [
    '=HYPERLINK("http://evil","x")',
    "+1+1",
    "-2",
    "@SUM(A1)",
    "\tTab",
    "<script>alert(1)</script>",
]


def test_exports_neutralise_formulas(any_campaign: Campaign, tmp_path: Path) -> None:
    campaign = any_campaign
    for i, text in enumerate(INJECTION[:3]):
        slug = ["lakeside_water", "city_of_lakeside", "lakeside_university"][i]
        other = tmp_path / slug
        other.mkdir()
        path = response_file(
            campaign, slug, other, planned_contribution=text, comments=INJECTION[3 + i]
        )
        assert result(campaign, path)[0] == "imported"
    csv_path = tmp_path / "out.csv"
    assert export(campaign, "csv", csv_path) == 3
    raw = csv_path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    import csv as csvmod
    import io

    rows = list(csvmod.reader(io.StringIO(raw.decode("utf-8-sig"))))
    cells = [c for row in rows for c in row]
    assert all(not c.startswith(("=", "+", "-", "@", "\t", "\r")) for c in cells)
    assert (
        '\'=HYPERLINK("http://evil","x")' in cells
        and "'\tTab" in cells
        and "<script>alert(1)</script>" in cells
    )

    xlsx_path = tmp_path / "out.xlsx"
    export(campaign, "xlsx", xlsx_path)
    with zipfile.ZipFile(xlsx_path) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and "<f " not in sheet
    from openpyxl import load_workbook

    ws = load_workbook(xlsx_path).active
    assert ws is not None
    values = [c.value for row in ws.iter_rows() for c in row]
    assert '\'=HYPERLINK("http://evil","x")' in values and "'+1+1" in values

    json_path = tmp_path / "out.json"
    export(campaign, "json", json_path)
    data = json.loads(json_path.read_text())
    assert {r["answers"]["planned_contribution"] for r in data["responses"]} == set(INJECTION[:3])
