"""Campaign folders, invitations and the coordinator's commands."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from sscassess.campaign.folder import Campaign
from sscassess.campaign.invitation import invitation_code, load_invitation_file
from sscassess.campaign.store import StoreError
from sscassess.core.errors import IntegrityError, InvalidInputError, UsageError
from sscassess.core.texts import slugify


def test_init_writes_the_campaign_folder(tmp_path: Path) -> None:
    root = tmp_path / "lakeside"
    c = Campaign.init(root, "Lakeside", "XX", "2026")
    c.close()
    assert sorted(p.name for p in root.iterdir()) == [
        "campaign.key", "campaign.yaml", "invitations", "reports", "store.sqlite",
    ]  # fmt: skip
    assert stat.S_IMODE((root / "campaign.key").stat().st_mode) == 0o600
    reopened = Campaign.open(root)
    cfg = reopened.config
    assert (cfg.city, cfg.country, cfg.round, cfg.store) == ("Lakeside", "XX", "2026", "sqlite")
    assert cfg.questionnaire.id == "ssc-stakeholder-self-assessment"
    assert cfg.questionnaire.sha256 == reopened.questionnaire.sha256
    assert cfg.reference.sha256 == reopened.questionnaire.reference.sha256
    assert len(reopened.key()) == 32
    reopened.close()


def test_init_refuses_an_existing_campaign_or_a_full_folder(tmp_path: Path) -> None:
    Campaign.init(tmp_path / "a", "Lakeside").close()
    with pytest.raises(UsageError, match="already holds a campaign"):
        Campaign.init(tmp_path / "a", "Elsewhere")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "notes.txt").write_text("mine")
    with pytest.raises(UsageError, match="is not empty"):
        Campaign.init(tmp_path / "b", "Lakeside")
    assert [p.name for p in (tmp_path / "b").iterdir()] == ["notes.txt"]


def test_init_validates_before_writing(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"^country 'France' is not a country code"):
        Campaign.init(tmp_path / "c", "Lakeside", country="France")
    assert not (tmp_path / "c").exists()


def test_failed_init_leaves_nothing_behind(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="cannot connect to the shared store"):
        Campaign.init(tmp_path / "d", "Lakeside", store="postgresql://nobody@127.0.0.1:1/none")
    assert not (tmp_path / "d").exists()


def test_a_changed_questionnaire_pin_is_an_integrity_error(campaign: Campaign) -> None:
    path = campaign.root / "campaign.yaml"
    text = path.read_text()
    sha = campaign.config.questionnaire.sha256
    path.write_text(text.replace(sha, "0" * 64))
    with pytest.raises(IntegrityError, match="differs from the one this campaign was created with"):
        _ = Campaign.open(campaign.root).questionnaire


def test_a_readable_key_is_refused(campaign: Campaign) -> None:
    (campaign.root / "campaign.key").chmod(0o644)
    with pytest.raises(IntegrityError, match="is readable by others; run: chmod 600"):
        campaign.key()


def test_invitation_file_and_code(campaign: Campaign) -> None:
    path = campaign.root / "invitations" / "lakeside_water.yaml"
    data = load_invitation_file(path)
    assert data["organisation"] == {
        "name": "Lakeside Water",
        "category": "utility_provider",
        "subtype": None,
    }
    assert data["campaign_id"] == campaign.id
    assert data["questionnaire"]["sha256"] == campaign.questionnaire.sha256
    assert data["code"] == invitation_code(campaign.key(), data["invitation_id"])
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    # The store keeps nothing secret.
    assert data["code"].encode() not in (campaign.root / "store.sqlite").read_bytes()


def test_codes_are_not_derivable_from_names(tmp_path: Path) -> None:
    codes = set()
    for name in ("one", "two"):
        c = Campaign.init(tmp_path / name, "Lakeside")
        _, path = c.invite("Lakeside Water", "utility_provider")
        codes.add(load_invitation_file(path)["code"])
        c.close()
    assert len(codes) == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("Lakeside Water", "utility_provider"),
            "'Lakeside Water' is already invited (invitations/lakeside_water.yaml)",
        ),
        (("  lakeside WATER ", "utility_provider"), "already invited"),
        (("Harbour", "harbour"), "unknown category 'harbour'; valid categories: municipality, "),
        (
            ("Harbour", "ict_company", "bakery"),
            "unknown subtype 'bakery' for ict_company; valid: telecom_operator, ",
        ),
        (("Harbour\x1b[2J", "ict_company"), "the organisation name contains control characters"),
        (("", "ict_company"), "the organisation name is empty"),
        (("Harbour", "ict_company", None, None, "de"), "language 'de' is not one of en, fr, es"),
    ],
)
def test_bad_invitations_are_refused(
    campaign: Campaign, args: tuple[str, ...], message: str
) -> None:
    with pytest.raises(UsageError, match=message.replace("(", r"\(").replace(")", r"\)")):
        campaign.invite(*args)
    assert len(campaign.store.invitations()) == 3


def test_csv_invitations_report_every_bad_row_and_import_none(
    campaign: Campaign, tmp_path: Path
) -> None:
    csv_path = tmp_path / "orgs.csv"
    csv_path.write_text(
        "name,category,subtype,contact,lang\n"
        "Harbour Telecom,ict_company,telecom_operator,noc@example.org,fr\n"
        "Green NGO,ngo,,,\n"
        "Bad One,bakery,,,\n"
        "Harbour Telecom,ict_company,,,\n"
        "Bad Two,ngo,,,xx\n",
        encoding="utf-8",
    )
    with pytest.raises(InvalidInputError) as info:
        campaign.invite_from_csv(csv_path)
    assert [f"{p.line}: {p.message}" for p in info.value.problems] == [
        "4: unknown category 'bakery'; valid categories: municipality, national_regional_government, city_services_company, utility_provider, ict_company, ngo, international_organisation, industry_association, academia_research, citizens, urban_planners, standardisation_body",
        "5: 'Harbour Telecom' is invited already or appears twice in the file",
        "6: language 'xx' is not one of en, fr, es",
    ]
    assert len(campaign.store.invitations()) == 3
    assert sorted(p.name for p in (campaign.root / "invitations").iterdir()) == [
        "city_of_lakeside.yaml", "lakeside_university.yaml", "lakeside_water.yaml",
    ]  # fmt: skip
    paths, problems = campaign.invite_from_csv(csv_path, skip_invalid=True)
    assert [p.name for p in paths] == ["harbour_telecom.yaml", "green_ngo.yaml"]
    assert len(problems) == 3
    assert load_invitation_file(paths[0])["lang"] == "fr"


def test_csv_with_wrong_columns(campaign: Campaign, tmp_path: Path) -> None:
    csv_path = tmp_path / "orgs.csv"
    csv_path.write_text("organisation,type\nX,ngo\n", encoding="utf-8")
    with pytest.raises(
        InvalidInputError,
        match="missing columns: name, category; unknown columns: organisation, type",
    ):
        campaign.invite_from_csv(csv_path)


def test_revoke(campaign: Campaign) -> None:
    inv = campaign.revoke("Lakeside Water")
    assert inv.slug == "lakeside_water"
    assert campaign.find_invitation("lakeside_water").revoked_at is not None
    with pytest.raises(UsageError, match="no invitation for 'Nobody'"):
        campaign.revoke("Nobody")
    kinds = [e[3] for e in campaign.store.events()]
    assert kinds == ["invited", "invited", "invited", "revoked"]


def test_slugs_stay_inside_the_invitations_folder() -> None:
    from hypothesis import given
    from hypothesis import strategies as st

    @given(st.text(max_size=80))
    def check(name: str) -> None:
        slug = slugify(name)
        assert slug and slug[0].isalpha() and len(slug) <= 48
        assert all(c.isascii() and (c.isalnum() or c == "_") for c in slug)
        assert (Path("/campaign/invitations") / f"{slug}.yaml").resolve().parent == Path(
            "/campaign/invitations"
        )

    check()


def test_status(campaign: Campaign) -> None:
    data = campaign.status()
    assert (data["invited"], data["submitted"], data["response_rate"]) == (3, 0, 0.0)
    assert data["categories_without_voice"][:2] == ["municipality", "national_regional_government"]
    assert [r["organisation"] for r in data["organisations"]] == [
        "City of Lakeside",
        "Lakeside University",
        "Lakeside Water",
    ]
    json.dumps(data)
