"""Setting up a campaign safely: the pack copy (H7), secrets in store URLs (H8), file modes,
an exposed key, and organisation slugs that Windows cannot use as file names."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from conftest import valid_answers
from sscassess.campaign.folder import Campaign
from sscassess.campaign.redaction import holds_password, redact
from sscassess.core.resources import PACK_FILES, data_dir
from sscassess.core.texts import slugify
from sscassess.reference.pack import load_reference, pack_files, shipped_packs

Run = Callable[..., tuple[int, str, str]]


def _cli(*args: str, cwd: Path, umask: int = -1) -> subprocess.CompletedProcess[str]:
    """The real command in a child process (its own umask when given)."""
    return subprocess.run(
        [sys.executable, "-m", "sscassess", *args],
        cwd=cwd, capture_output=True, text=True, umask=umask, timeout=120, check=False,
    )  # fmt: skip


@pytest.fixture
def own_pack(tmp_path: Path) -> Path:
    """A copy of the shipped pack in a folder of one's own (regular files only)."""
    folder = tmp_path / "mypack"
    shutil.copytree(shipped_packs()["itu_fg_ssc_2015"], folder)
    return folder


# ---------------------------------------------------------------- 1. the pack copy (H7)


def test_init_copies_exactly_the_pack_files_and_no_link(run: Run, own_pack: Path, tmp_path: Path) -> None:  # fmt: skip
    secret = tmp_path / "shadow"
    secret.write_text("root:$6$not-for-the-campaign\n")
    big = tmp_path / "doc"
    big.mkdir()
    (big / "manual.txt").write_bytes(b"x" * 1_000_000)
    (own_pack / "leak.txt").symlink_to(secret)
    (own_pack / "docs").symlink_to(big)
    (own_pack / "loop").symlink_to(own_pack / "loop")
    (own_pack / "notes").mkdir()
    (own_pack / "notes" / "draft.yaml").write_text("mine: true\n")
    (own_pack / "README.md").write_text("my notes\n")

    code, _, err = run("init", "camp", "--city", "Lakeside", "--reference", str(own_pack))

    assert (code, err) == (0, "")
    copied = tmp_path / "camp" / "reference"
    assert sorted(p.name for p in copied.iterdir()) == sorted(PACK_FILES)
    assert all(p.is_file() and not p.is_symlink() for p in copied.iterdir())
    assert [p.name for p in pack_files(copied)] == list(PACK_FILES)
    assert sum(p.stat().st_size for p in copied.iterdir()) < 1_000_000
    campaign = Campaign.open(tmp_path / "camp")
    try:
        pinned = campaign.config.reference
        assert (pinned.source, pinned.sha256) == ("reference", load_reference(own_pack).sha256)
        assert campaign.questionnaire.reference.sha256 == pinned.sha256
    finally:
        campaign.close()


def test_a_pack_file_that_is_a_link_is_refused_by_name(run: Run, own_pack: Path, tmp_path: Path) -> None:  # fmt: skip
    real = tmp_path / "roles-elsewhere.yaml"
    (own_pack / "roles.yaml").rename(real)
    (own_pack / "roles.yaml").symlink_to(real)

    code, out, err = run("init", "camp", "--city", "Lakeside", "--reference", str(own_pack))

    assert (code, out) == (3, "")
    assert err.startswith(f"error: reference pack {own_pack} cannot be copied\n")
    assert f"{own_pack}/roles.yaml: is a symbolic link" in err
    assert not (tmp_path / "camp").exists()


def test_a_pack_over_the_copy_cap_is_refused(
    run: Run, own_pack: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The real cap is 16 MiB; lowered so the test needs no 16 MiB of valid YAML.
    monkeypatch.setattr("sscassess.reference.pack.MAX_PACK_COPY_BYTES", 1000)

    code, _, err = run("init", "camp", "--city", "Lakeside", "--reference", str(own_pack))

    assert code == 3
    assert "at most 1,000 (0 MiB) are copied" in err
    assert not (tmp_path / "camp").exists()


# ---------------------------------------------------------------- 2. secrets (H8)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("postgresql://u:pw@db.example/ssc", "postgresql://u:***@db.example/ssc"),
        ("postgres://u:p@ss@db:5432/ssc", "postgres://u:***@db:5432/ssc"),
        ("postgresql://u@db/ssc?password=s3cret", "postgresql://u@db/ssc?password=***"),
        (
            "postgresql://u@db/ssc?sslmode=require&PASSWORD=s3cret&application_name=x",
            "postgresql://u@db/ssc?sslmode=require&PASSWORD=***&application_name=x",
        ),
        ("postgresql://u@db/ssc?Password=s3cret", "postgresql://u@db/ssc?Password=***"),
        ("postgresql://u@db/ssc?pass%77ord=s3cret", "postgresql://u@db/ssc?pass%77ord=***"),
        ("postgresql://u@db/ssc?sslpassword=k3y", "postgresql://u@db/ssc?sslpassword=***"),
        (
            "postgresql://u:one@db/ssc?password=two",
            "postgresql://u:***@db/ssc?password=***",
        ),
        ("host=db password=secret dbname=ssc", "host=db password=*** dbname=ssc"),
        ("host=db password = secret dbname=ssc", "host=db password = *** dbname=ssc"),
        ("host=db password='a b' dbname=ssc", "host=db password=*** dbname=ssc"),
        (r"password='it\'s' host=db", "password=*** host=db"),
        ("host=db PASSWORD=secret", "host=db PASSWORD=***"),
        ("host=db password='never closed", "host=db password=***"),
        (
            "cannot connect to the shared store postgresql://u:pw@db/ssc: refused",
            "cannot connect to the shared store postgresql://u:***@db/ssc: refused",
        ),
    ],
)
def test_redact_hides_every_password_form(text: str, expected: str) -> None:
    assert redact(text) == expected
    assert holds_password(text)


@pytest.mark.parametrize(
    "text",
    ["sqlite", "postgresql://u@db/ssc", "postgresql://db:5432/ssc", "postgresql://u:@db/ssc",
     "postgresql://u@db/ssc?sslmode=require", "host=db user=u dbname=ssc"],
)  # fmt: skip
def test_redact_leaves_urls_without_password_alone(text: str) -> None:
    assert redact(text) == text
    assert not holds_password(text)


def test_init_never_prints_a_query_password_and_leaves_nothing(tmp_path: Path) -> None:
    # Nothing listens on port 1: the connection is refused.
    result = _cli(
        "init", "camp", "--city", "Lakeside",
        "--store", "postgresql://u@127.0.0.1:1/db?password=s3cret", cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.startswith(
        "error: cannot connect to the shared store postgresql://u@127.0.0.1:1/db?password=***: "
    )
    assert "s3cret" not in result.stdout + result.stderr
    assert not (tmp_path / "camp").exists()


@pytest.mark.parametrize(
    ("store", "secret"),
    [
        # libpq quotes a bad percent-encoded token back, password and all.
        ("postgresql://u:pa%zzss@127.0.0.1:1/db", "zzss"),
        ("postgresql://u@127.0.0.1:1/db?password=s3%zzcret", "zzcret"),
        ("host=127.0.0.1 port=1 password=s3cret", "s3cret"),
    ],
)
def test_no_store_error_prints_a_password(run: Run, tmp_path: Path, store: str, secret: str) -> None:  # fmt: skip
    code, out, err = run("init", "camp", "--city", "Lakeside", "--store", store)
    assert code in (1, 2)
    assert err.startswith("error: ")
    assert secret not in out + err
    assert not (tmp_path / "camp").exists()


def test_init_with_a_password_warns_and_keeps_campaign_yaml_private(
    run: Run, tmp_path: Path, pg_url: str
) -> None:
    code, out, err = run(
        "init", "camp", "--city", "Lakeside", "--store", f"{pg_url}?password=hunter2"
    )
    assert code == 0
    assert "hunter2" not in out + err
    assert "?password=***" in out
    assert err == (
        "warning: the store password is kept in campaign.yaml (owner only); rather give a URL "
        "without it and put the password in ~/.pgpass (or the file PGPASSFILE names)\n"
    )
    assert stat.S_IMODE((tmp_path / "camp" / "campaign.yaml").stat().st_mode) == 0o600


# ---------------------------------------------------------------- 3. modes under umask 0


def test_init_sets_modes_whatever_the_umask(tmp_path: Path, own_pack: Path) -> None:
    questionnaire = tmp_path / "q.yaml"
    shutil.copyfile(
        data_dir("questionnaires") / "ssc-stakeholder-self-assessment.yaml", questionnaire
    )
    result = _cli(
        "init", "camp", "--city", "Lakeside", "--reference", str(own_pack),
        "--questionnaire", str(questionnaire), cwd=tmp_path, umask=0,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    invite = _cli(
        "invite", "camp", "--org", "Lakeside Water", "--category", "utility_provider",
        cwd=tmp_path, umask=0,
    )  # fmt: skip
    assert invite.returncode == 0, invite.stderr
    root = tmp_path / "camp"

    def mode(rel: str) -> int:
        return stat.S_IMODE((root / rel).stat().st_mode)

    assert {rel: mode(rel) for rel in (".", "invitations", "reports", "reference")} == {
        ".": 0o700, "invitations": 0o700, "reports": 0o700, "reference": 0o755,
    }  # fmt: skip
    assert (mode("campaign.key"), mode("store.sqlite")) == (0o600, 0o600)
    assert (mode("campaign.yaml"), mode("questionnaire.yaml")) == (0o644, 0o644)
    assert mode("invitations/lakeside_water.yaml") == 0o600
    writable = [
        str(p.relative_to(root))
        for p in [root, *root.rglob("*")]
        if p.stat().st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    ]
    assert writable == []


# ---------------------------------------------------------------- 4. an exposed key


@pytest.fixture
def exposed(run: Run, tmp_path: Path) -> Path:
    """A campaign with one signed response waiting, whose key became readable by others."""
    run("init", "camp", "--city", "Lakeside")
    run("invite", "camp", "--org", "Lakeside Water", "--category", "utility_provider")
    answers = tmp_path / "answers.yaml"
    answers.write_text(yaml.safe_dump(valid_answers()), encoding="utf-8")
    code, _, err = run(
        "answer", "--invitation", "camp/invitations/lakeside_water.yaml", "--answers", str(answers)
    )
    assert (code, err) == (0, "")
    key = tmp_path / "camp" / "campaign.key"
    key.chmod(0o644)
    return key


@pytest.mark.parametrize(
    "args",
    [
        ("import", "camp", "lakeside_water.response.json"),
        ("status", "camp"),
        ("answer", "--campaign", "camp", "--answers", "answers.yaml", "--org", "Lakeside Water"),
        ("invite", "camp", "--org", "Harbour Telecom", "--category", "ict_company"),
    ],
    ids=["import", "status", "answer", "invite"],
)
def test_an_exposed_key_exits_4_on_every_command(run: Run, exposed: Path, args: tuple[str, ...]) -> None:  # fmt: skip
    code, out, err = run(*args)
    assert (code, out) == (4, "")
    assert (
        err == "error: camp/campaign.key is readable by others; run: chmod 600 camp/campaign.key\n"
    )


def test_a_campaign_copy_without_its_key_still_opens(run: Run, tmp_path: Path) -> None:
    run("init", "camp", "--city", "Lakeside")
    (tmp_path / "camp" / "campaign.key").unlink()
    code, out, _ = run("status", "camp", "--format", "json")
    assert code == 0 and '"invited": 0' in out


# ---------------------------------------------------------------- 5. Windows device names


@pytest.mark.parametrize(
    ("name", "slug"),
    [("CON", "con_org"), ("nul", "nul_org"), ("Aux", "aux_org"), ("PRN", "prn_org"),
     ("COM1", "com1_org"), ("com0", "com0_org"), ("LPT9", "lpt9_org"), ("  Nul. ", "nul_org"),
     ("COM10", "com10"), ("Console", "console"), ("Con Edison", "con_edison")],
)  # fmt: skip
def test_slugs_are_never_windows_device_names(name: str, slug: str) -> None:
    assert slugify(name) == slug


def test_an_organisation_called_con_gets_a_usable_file(run: Run, tmp_path: Path) -> None:
    run("init", "camp", "--city", "Lakeside")
    code, out, _ = run("invite", "camp", "--org", "CON", "--category", "utility_provider")
    assert code == 0
    assert out.startswith("Invited CON (utility_provider): camp/invitations/con_org.yaml\n")
    assert os.listdir(tmp_path / "camp" / "invitations") == ["con_org.yaml"]
