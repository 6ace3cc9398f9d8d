"""Released versions of the shipped questionnaire and pack stay shipped, found by id@version.

The guard (first tests) runs on the real data folders: a released version whose content
changed fails `make test`. The other tests copy the shipped folders into a temporary folder
(SSCASSESS_SHIPPED_DATA), release the next version there as a maintainer would, and check that
campaigns and invitations made before keep working, with real files throughout.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml

from conftest import valid_answers
from sscassess import __version__
from sscassess.campaign.folder import Campaign
from sscassess.campaign.invitation import (
    build_response,
    invitation_questionnaire,
    load_invitation_file,
)
from sscassess.core.errors import IntegrityError, UsageError
from sscassess.core.resources import SHIPPED_DATA_ENV, NotShippedError, data_dir, released_versions
from sscassess.questionnaire import cache as questionnaire_cache
from sscassess.questionnaire import release
from sscassess.questionnaire.load import load_questionnaire
from sscassess.questionnaire.model import resolve_questionnaire_location
from sscassess.questionnaire.release import ReleaseError, release_problems, release_shipped
from sscassess.reference.pack import load_reference

QID = "ssc-stakeholder-self-assessment"
PACK = "itu_fg_ssc_2015"
Run = Callable[..., tuple[int, str, str]]


def next_version(version: str) -> str:
    head, dot, last = version.rpartition(".")
    return f"{head}{dot}{int(last) + 1}"


# The shipped versions today (V, P) and the next ones the tests release (V1, P1): the tests
# hold whatever version is current.
V = load_questionnaire(QID).version
P = load_reference(PACK).version
V1, P1 = next_version(V), next_version(P)

# A new optional question, as the open consent issue needs (the questionnaire's 1.1).
NEW_QUESTION = """\
      - id: consent_contact
        type: confirm
        required: false
        label: {en: "May the city contact you about the results?", fr: "La ville peut-elle vous contacter au sujet des résultats ?", es: "¿Puede la ciudad contactarle sobre los resultados?"}
"""


# ---------------------------------------------------------------------------- the guard


def test_released_versions_are_frozen() -> None:
    """The shipped questionnaires and packs keep every release rule (run `make shipped-forms`)."""
    problems = release_problems()
    assert problems == [], "\n".join(problems)


def test_make_shipped_forms_is_the_release_step() -> None:
    makefile = (Path(__file__).resolve().parent.parent / "Makefile").read_text()
    assert (
        "shipped-forms: $(STAMP)\n\t$(BIN)/python -m sscassess.questionnaire.release\n" in makefile
    )
    assert release.main(["--check"]) == 0


def test_the_shipped_versions_are_recorded_with_their_sha256() -> None:
    q = load_questionnaire(QID)
    pack = load_reference(PACK)
    assert released_versions("questionnaires")[q.ref] == {
        "id": QID,
        "version": q.version,
        "sha256": q.sha256,
        "reference": f"{PACK}@{pack.version}",
    }
    assert released_versions("reference")[f"{PACK}@{pack.version}"] == {
        "id": PACK,
        "version": pack.version,
        "sha256": pack.sha256,
    }


# ---------------------------------------------------------------------------- fixtures


@pytest.fixture
def shipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of the shipped questionnaires and packs, used in place of the installed ones.

    Only the current versions, as if they were the first released: no archive, and
    released.json lists only them.
    """
    root = tmp_path / "shipped"
    for kind in ("questionnaires", "reference"):
        shutil.copytree(data_dir(kind), root / kind, ignore=shutil.ignore_patterns("archive"))
        released = root / kind / "released.json"
        data = json.loads(released.read_text(encoding="utf-8"))
        current = {f"{QID}@{V}", f"{PACK}@{P}"}
        data["released"] = [e for e in data["released"] if f"{e['id']}@{e['version']}" in current]
        released.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    monkeypatch.setenv(SHIPPED_DATA_ENV, str(root))
    questionnaire_cache.clear()
    yield root
    questionnaire_cache.clear()


def edit_questionnaire(root: Path, version: str | None = V1) -> None:
    """Add the new optional question; with ``version``, say so in the version line."""
    path = root / "questionnaires" / f"{QID}.yaml"
    text = path.read_text(encoding="utf-8") + NEW_QUESTION
    if version is not None:
        text = text.replace(f'\nversion: "{V}"\n', f'\nversion: "{version}"\n', 1)
    path.write_text(text, encoding="utf-8")


def edit_pack(root: Path, version: str | None = P1) -> None:
    """Reword one role description; with ``version``, say so in pack.yaml."""
    roles = root / "reference" / PACK / "roles.yaml"
    text = roles.read_text(encoding="utf-8")
    old = "Leads and champions the city's own smart sustainable city programme"
    assert old in text
    roles.write_text(text.replace(old, "Leads the city's own smart sustainable city programme"))
    if version is not None:
        meta = root / "reference" / PACK / "pack.yaml"
        meta.write_text(meta.read_text().replace(f'version: "{P}"', f'version: "{version}"'))


def release_by_hand(root: Path, *, pack: bool = False) -> None:
    """Release V1 (and the pack's P1) without git: archive the released files by hand
    (what `make shipped-forms` asks for when it finds no git history), edit, run the step."""
    archive = root / "questionnaires" / "archive"
    archive.mkdir()  # the fixture's copy has none
    shutil.copy(root / "questionnaires" / f"{QID}.yaml", archive / f"{QID}@{V}.yaml")
    if pack:
        shutil.copytree(root / "reference" / PACK, root / "reference" / "archive" / f"{PACK}@{P}")
        edit_pack(root)
    edit_questionnaire(root)
    done = release_shipped(use_git=False)
    assert f"recorded {QID}@{V1} as released in questionnaires/released.json" in done
    questionnaire_cache.clear()


def answers_file(tmp_path: Path, name: str, **answers: object) -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(valid_answers(**answers)), encoding="utf-8")
    return path


def new_campaign(tmp_path: Path) -> Campaign:
    c = Campaign.init(tmp_path / "camp", "Lakeside", "XX", "2026")
    c.invite("Lakeside Water", "utility_provider")
    c.invite("City of Lakeside", "municipality", "city_administration")
    return c


# ---------------------------------------------------------------------------- the guard, failing


def test_a_released_questionnaire_changed_in_place_fails_the_guard(shipped: Path) -> None:
    edit_questionnaire(shipped, version=None)
    problems = release_problems()
    assert any(
        p.startswith(
            f"questionnaires/{QID}.yaml: its content changed but its version is still {V}, "
            "released with sha256 "
        )
        and f'bump its version (e.g. to "{V1}") and run `make shipped-forms`, which archives the '
        f"released {V} in questionnaires/archive/"
        in p
        for p in problems
    ), problems
    assert release.main(["--check"]) == 1
    before = (shipped / "questionnaires" / "released.json").read_bytes()
    with pytest.raises(ReleaseError, match="nothing was released"):
        release_shipped(use_git=False)
    assert (shipped / "questionnaires" / "released.json").read_bytes() == before
    assert not (shipped / "questionnaires" / "archive").exists()


def test_a_released_pack_changed_in_place_fails_the_guard(shipped: Path) -> None:
    edit_pack(shipped, version=None)
    problems = release_problems()
    assert any(
        p.startswith(f"reference/{PACK}: its content changed but its version is still {P}")
        and f'bump its version (e.g. to "{P1}")' in p
        and f"archives the released {P} in reference/archive/" in p
        for p in problems
    ), problems


def test_a_new_pack_version_needs_a_new_questionnaire_version(shipped: Path) -> None:
    """The questionnaire's questions come from the pack: V is V with the pack P."""
    shutil.copytree(shipped / "reference" / PACK, shipped / "reference" / "archive" / f"{PACK}@{P}")
    edit_pack(shipped)
    problems = release_problems()
    assert any(
        f"{QID}@{V} was released with the pack {PACK}@{P} but now loads {PACK}@{P1}" in p
        and "bump its version" in p
        for p in problems
    ), problems


def test_a_released_version_that_is_no_longer_shipped_fails_the_guard(shipped: Path) -> None:
    edit_questionnaire(shipped)  # V1, but V was not archived
    problems = release_problems()
    assert (
        f"{QID}@{V} is released (questionnaires/released.json) but shipped neither as the "
        "current version nor in questionnaires/archive/: run `make shipped-forms` (it archives "
        "it from the git history)"
    ) in problems
    assert (
        f"questionnaires/{QID}.yaml: {QID}@{V1} is not recorded in questionnaires/released.json: "
        "run `make shipped-forms`"
    ) in problems
    with pytest.raises(
        ReleaseError,
        match=rf"put the released version at questionnaires/archive/{QID}@{re.escape(V)}\.yaml",
    ):
        release_shipped(use_git=False)


# ---------------------------------------------------------------------------- releasing


def test_the_release_step_records_the_new_version_and_keeps_the_released_one(shipped: Path) -> None:
    release_by_hand(shipped)
    assert release_problems() == []
    released = released_versions("questionnaires")
    assert sorted(released) == [f"{QID}@{V}", f"{QID}@{V1}"]
    assert released[f"{QID}@{V1}"]["reference"] == f"{PACK}@{P}"
    current = load_questionnaire(QID)  # id alone: the current version
    assert (current.version, current.questions[-1].id) == (V1, "consent_contact")
    old = load_questionnaire(f"{QID}@{V}")
    assert old.version == V and old.sha256 == released[f"{QID}@{V}"]["sha256"]
    assert "consent_contact" not in [q.id for q in old.questions]
    assert old.location == f"questionnaires/archive/{QID}@{V}.yaml"
    assert load_questionnaire(f"{QID}@{V1}") == current


def test_an_archived_questionnaire_starts_from_its_shipped_form(shipped: Path) -> None:
    release_by_hand(shipped)
    path, _ = resolve_questionnaire_location(f"{QID}@{V}")
    form = questionnaire_cache.read_shipped_form(path.resolve(), path.read_bytes(), "")
    assert form is not None and form.version == V
    assert form == load_questionnaire(f"{QID}@{V}")


def test_an_archived_questionnaire_loads_with_the_pack_it_was_released_with(shipped: Path) -> None:
    c = new_campaign(shipped.parent)
    c.close()
    release_by_hand(shipped, pack=True)
    assert release_problems() == []
    assert load_questionnaire(QID).reference.version == P1
    old = load_questionnaire(f"{QID}@{V}")
    assert (old.reference_source, old.reference.version) == (f"{PACK}@{P}", P)
    role = old.question("roles").items[0]
    assert old.text(role.help).startswith("Leads and champions")
    reopened = Campaign.open(shipped.parent / "camp")
    assert reopened.questionnaire.ref == f"{QID}@{V}"
    assert reopened.questionnaire.reference.version == P
    reopened.close()
    # A new campaign on the old version pins the pack that version was released with.
    late = Campaign.init(shipped.parent / "late", "Lakeside", questionnaire=f"{QID}@{V}")
    late.close()
    config = Campaign.open(shipped.parent / "late").config
    assert (config.questionnaire.version, config.questionnaire.source) == (V, "shipped")
    assert (config.reference.version, config.reference.source) == (P, "shipped")
    assert Campaign.open(shipped.parent / "late").questionnaire == old


def test_a_questionnaire_may_name_a_pack_version(shipped: Path, tmp_path: Path) -> None:
    release_by_hand(shipped, pack=True)
    own = tmp_path / "own.yaml"
    text = (shipped / "questionnaires" / "archive" / f"{QID}@{V}.yaml").read_text(encoding="utf-8")
    own.write_text(text.replace(f"\nreference: {PACK}\n", f"\nreference: {PACK}@{P}\n", 1))
    q = load_questionnaire(own)
    assert (q.reference_source, q.reference.version) == (f"{PACK}@{P}", P)
    own.write_text(text.replace(f"\nreference: {PACK}\n", f"\nreference: {PACK}@0.9\n", 1))
    with pytest.raises(NotShippedError, match=f"does not ship {PACK}@0.9 "):
        load_questionnaire(own)


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_make_shipped_forms_archives_the_released_version_from_git(shipped: Path) -> None:
    """The maintainer edits and bumps in place; the release step finds V in the history."""

    def git(*args: str) -> None:
        subprocess.run(
            ["git", "-C", str(shipped), "-c", "user.name=t", "-c", "user.email=t@example.org",
             "-c", "commit.gpgsign=false", *args],
            check=True, capture_output=True,
        )  # fmt: skip

    git("init", "-q")
    git("add", ".")
    git("commit", "-q", "-m", f"release {V}")
    edit_pack(shipped)
    edit_questionnaire(shipped)
    done = release_shipped()
    archived = shipped / "questionnaires" / "archive" / f"{QID}@{V}.yaml"
    assert f"archived {QID}@{V} in {archived}" in done
    assert f"archived {PACK}@{P} in {shipped / 'reference' / 'archive' / f'{PACK}@{P}'}" in done
    assert release_problems() == []
    questionnaire_cache.clear()
    assert load_questionnaire(f"{QID}@{V}").reference.version == P
    assert (
        load_reference(f"{PACK}@{P}").sha256
        == released_versions("reference")[f"{PACK}@{P}"]["sha256"]
    )


def _commit_all(root: Path) -> None:
    for args in (("init", "-q"), ("add", "."), ("commit", "-q", "-m", "released")):
        subprocess.run(
            ["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@example.org",
             "-c", "commit.gpgsign=false", *args],
            check=True, capture_output=True,
        )  # fmt: skip


def _bump_questionnaire(root: Path, old: str, new: str) -> None:
    path = root / "questionnaires" / f"{QID}.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(f'\nversion: "{old}"\n', f'\nversion: "{new}"\n', 1))


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_a_new_pack_is_released_while_an_archived_questionnaire_names_the_old_one(
    shipped: Path,
) -> None:
    """The archived V names pack P; the same run archives P, then checks V against it."""
    release_by_hand(shipped)  # V archived (with P), V1 current
    _commit_all(shipped)
    edit_pack(shipped)  # P -> P1 in place: V1's questions change with it
    _bump_questionnaire(shipped, V1, next_version(V1))
    done = release_shipped()
    assert f"archived {PACK}@{P} in {shipped / 'reference' / 'archive' / f'{PACK}@{P}'}" in done
    assert release_problems() == []
    questionnaire_cache.clear()
    assert load_questionnaire(f"{QID}@{V}").reference.version == P
    assert load_questionnaire(f"{QID}@{V1}").reference.version == P
    assert load_questionnaire(QID).reference.version == P1


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_a_refused_release_takes_back_the_pack_it_archived(shipped: Path) -> None:
    release_by_hand(shipped)
    _commit_all(shipped)
    edit_pack(shipped)  # the pack is bumped, but V1 (whose questions it changes) is not
    released = {
        k: (shipped / k / "released.json").read_bytes() for k in ("reference", "questionnaires")
    }
    with pytest.raises(ReleaseError, match=f"{QID}@{V1} was released with the pack {PACK}@{P}"):
        release_shipped()
    assert not (shipped / "reference" / "archive" / f"{PACK}@{P}").exists()
    assert {k: (shipped / k / "released.json").read_bytes() for k in released} == released


# ---------------------------------------------------------------------------- campaigns


def test_a_campaign_keeps_working_after_a_new_version_is_shipped(
    shipped: Path, run: Run, tmp_path: Path
) -> None:
    c = new_campaign(tmp_path)
    questions = [q.id for q in c.questionnaire.questions]
    c.close()
    early = answers_file(tmp_path, "early.yaml")
    code, _, err = run("answer", "--invitation", "camp/invitations/lakeside_water.yaml",
                       "--answers", str(early), "--out", "water.response.json")  # fmt: skip
    assert (code, err) == (0, "")

    release_by_hand(shipped)

    code, out, err = run("status", "camp")
    assert (code, err) == (0, ""), err
    assert f"{QID}@{V}" in out
    workshop = answers_file(tmp_path, "workshop.yaml", roles={"city_leadership": 4})
    code, _, err = run("answer", "--campaign", "camp", "--org", "city_of_lakeside",
                       "--answers", str(workshop))  # fmt: skip
    assert (code, err) == (0, ""), err
    code, out, err = run("import", "camp", "water.response.json")
    assert code == 0, out + err
    assert "1 imported, 0 unchanged, 0 rejected" in out
    code, out, err = run("analyze", "camp", "--format", "json")
    assert code == 0, err
    meta = json.loads(out)["meta"]
    assert (meta["responses"], meta["questionnaire"]["version"]) == (2, V)
    code, out, err = run(
        "invite", "camp", "--org", "Lakeside University", "--category", "academia_research"
    )
    assert code == 0, err
    invitation = load_invitation_file(
        tmp_path / "camp" / "invitations" / "lakeside_university.yaml"
    )
    assert invitation["questionnaire"]["version"] == V

    reopened = Campaign.open(tmp_path / "camp")
    assert [q.id for q in reopened.questionnaire.questions] == questions
    assert reopened.questionnaire.location == f"questionnaires/archive/{QID}@{V}.yaml"
    reopened.close()


def test_an_invitation_issued_before_a_new_version_still_loads_and_imports(
    shipped: Path, tmp_path: Path
) -> None:
    c = new_campaign(tmp_path)
    c.close()
    release_by_hand(shipped)
    invitation = load_invitation_file(tmp_path / "camp" / "invitations" / "lakeside_water.yaml")
    q = invitation_questionnaire(invitation)
    assert (q.ref, q.sha256) == (f"{QID}@{V}", invitation["questionnaire"]["sha256"])
    doc = valid_answers()
    organisation = {**invitation["organisation"], **doc["organisation"]}  # type: ignore[dict-item]
    response = build_response(invitation, organisation, doc["answers"], 1)  # type: ignore[arg-type]
    path = tmp_path / "water.response.json"
    path.write_text(json.dumps(response), encoding="utf-8")
    reopened = Campaign.open(tmp_path / "camp")
    result = reopened.import_file(path)
    reopened.close()
    assert result.status == "imported", result.detail


def test_answer_with_an_invitation_issued_before_a_new_version(
    shipped: Path, tmp_path: Path
) -> None:
    from sscassess import respond

    c = new_campaign(tmp_path)
    c.close()
    release_by_hand(shipped)
    written = respond.answer_with_invitation(
        tmp_path / "camp" / "invitations" / "lakeside_water.yaml",
        answers_file(tmp_path, "a.yaml"),
        tmp_path / "water.response.json",
    )
    assert written.path is not None
    assert json.loads(written.path.read_text())["questionnaire"]["version"] == V


# ---------------------------------------------------------------------------- refusals


def test_an_edited_archived_questionnaire_is_refused(
    shipped: Path, run: Run, tmp_path: Path
) -> None:
    new_campaign(tmp_path).close()
    release_by_hand(shipped)
    archived = shipped / "questionnaires" / "archive" / f"{QID}@{V}.yaml"
    archived.write_text(
        archived.read_text(encoding="utf-8").replace(
            "Anything else the city should know?", "Anything else?"
        ),
        encoding="utf-8",
    )
    questionnaire_cache.clear()
    with pytest.raises(IntegrityError) as info:
        load_questionnaire(f"{QID}@{V}")
    assert str(info.value).startswith(
        f"questionnaires/archive/{QID}@{V}.yaml was edited after its release (sha256 "
    )
    assert str(info.value).endswith(
        f"archived versions are never edited; restore it from the sscassess release that has {QID}@{V}"
    )
    code, _, err = run("analyze", "camp")
    assert code == 4
    assert f"questionnaires/archive/{QID}@{V}.yaml was edited after its release" in err
    assert any("was edited after its release" in p for p in release_problems())


def test_an_edited_archived_pack_is_refused(shipped: Path, run: Run, tmp_path: Path) -> None:
    new_campaign(tmp_path).close()
    release_by_hand(shipped, pack=True)
    roles = shipped / "reference" / "archive" / f"{PACK}@{P}" / "roles.yaml"
    roles.write_text(roles.read_text(encoding="utf-8").replace('code: "R01"', 'code: "R99"'))
    with pytest.raises(
        IntegrityError,
        match=rf"reference/archive/{PACK}@{re.escape(P)} was edited after its release",
    ):
        load_reference(f"{PACK}@{P}")
    code, _, err = run("analyze", "camp")
    assert code == 4
    assert f"reference/archive/{PACK}@{P} was edited after its release" in err


def test_an_archived_file_under_another_version_is_refused(shipped: Path) -> None:
    release_by_hand(shipped)
    archive = shipped / "questionnaires" / "archive"
    (archive / f"{QID}@{V}.yaml").rename(archive / f"{QID}@0.9.yaml")
    with pytest.raises(IntegrityError, match=f"holds {QID}@{V}, not {QID}@0.9"):
        load_questionnaire(f"{QID}@0.9")


def test_an_unknown_questionnaire_version_is_refused_with_its_message(shipped: Path) -> None:
    with pytest.raises(NotShippedError) as info:
        load_questionnaire(f"{QID}@0.9")
    assert str(info.value) == (
        f"questionnaire {QID} is at version {V}, not 0.9, and sscassess {__version__} does not ship "
        f"{QID}@0.9 (none archived); use {QID}@{V}, a file of version 0.9, or the sscassess "
        f"release that has {QID}@0.9"
    )
    assert info.value.exit_code == 2


@pytest.mark.parametrize(
    ("pin", "shown"),
    [("questionnaire", f"questionnaire {QID}@0.9"), ("reference", f"reference pack {PACK}@0.9")],
)
def test_a_campaign_pinned_to_an_unknown_version_is_refused(
    pin: str, shown: str, shipped: Path, run: Run, tmp_path: Path
) -> None:
    new_campaign(tmp_path).close()
    path = tmp_path / "camp" / "campaign.yaml"
    config = yaml.safe_load(path.read_text())
    old = config[pin]["version"]
    path.write_text(path.read_text().replace(f'version: "{old}"', 'version: "0.9"', 1))
    code, _, err = run("analyze", "camp")
    name = shown.rsplit(" ", 1)[1].split("@")[0]
    assert (code, err) == (
        4,
        f"error: this campaign was created with {shown}, which sscassess {__version__} does not ship "
        f"(it has {name}@{old}; none archived); open the campaign with the sscassess release "
        f"that has {name}@0.9\n",
    )


def test_an_invitation_for_an_unknown_version_is_refused(shipped: Path, tmp_path: Path) -> None:
    new_campaign(tmp_path).close()
    invitation = load_invitation_file(tmp_path / "camp" / "invitations" / "lakeside_water.yaml")
    invitation["questionnaire"] = {**invitation["questionnaire"], "version": "0.9"}
    with pytest.raises(UsageError) as info:
        invitation_questionnaire(invitation)
    assert str(info.value) == (
        f"the invitation is for questionnaire {QID}@0.9, which sscassess {__version__} does not ship "
        f"(it has {QID}@{V}; none archived); answer with the sscassess release that has "
        f"{QID}@0.9, or ask the coordinator which version to use"
    )


@pytest.mark.parametrize("version", ["../../../etc/passwd", "1.0/../1.0", "", "1.0\x00"])
def test_a_version_never_reaches_outside_the_archive(version: str) -> None:
    with pytest.raises(NotShippedError):
        load_questionnaire(f"{QID}@{version}")
    with pytest.raises(NotShippedError):
        load_reference(f"{PACK}@{version}")
