"""The respondent's side, non-interactive: answers file in, response out.

* with an invitation: a signed response file to send back to the coordinator;
* with a campaign folder (workshop mode, on the coordinator's machine): straight into the store;
* with a questionnaire only: a validated, normalised answers file.

The interactive wizard produces the same outputs through the same functions.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sscassess.answers import AnswersFile, answers_from_document, organisation_questions
from sscassess.errors import InvalidInputError, UsageError
from sscassess.fileio import atomic_write
from sscassess.invitation import build_response, content_sha256, load_invitation_file
from sscassess.questionnaire import Questionnaire, load_questionnaire
from sscassess.yamlio import YamlDocument, load_yaml_file

if TYPE_CHECKING:
    # The campaign and its store (pydantic, sqlite3) are imported by the workshop mode only:
    # the respondent's own wizard starts without them.
    from sscassess.campaign import Campaign
    from sscassess.store import Invitation

MAX_ANSWERS_BYTES = 1024 * 1024


@dataclass
class Written:
    """What an answer run produced."""

    path: Path | None
    revision: int | None
    organisation: str
    detail: str


def _answers_doc(path: Path) -> YamlDocument:
    return load_yaml_file(path, str(path), max_bytes=MAX_ANSWERS_BYTES)


def fix_organisation(doc: YamlDocument, fixed: dict[str, Any], source: str) -> YamlDocument:
    """Put the invitation's organisation into the answers; refuse a different one."""
    data = dict(doc.data) if isinstance(doc.data, dict) else {}
    org = data.get("organisation") or {}
    if not isinstance(org, dict):
        return doc  # the validator will say what is wrong
    problems = []
    for key in ("name", "category"):
        given = org.get(key)
        if given is not None and given != fixed[key]:
            problems.append(
                doc.problem(
                    ["organisation", key],
                    f"the invitation fixes {key} to {fixed[key]!r} ({source}); remove or correct it",
                )
            )
    if fixed.get("subtype") and org.get("subtype") not in (None, fixed["subtype"]):
        problems.append(
            doc.problem(
                ["organisation", "subtype"], f"the invitation fixes subtype to {fixed['subtype']!r}"
            )
        )
    if problems:
        raise InvalidInputError(f"{doc.file} does not match the invitation", problems)
    merged = {**org, "name": fixed["name"], "category": fixed["category"]}
    if fixed.get("subtype"):
        merged["subtype"] = fixed["subtype"]
    data["organisation"] = merged
    return YamlDocument(data, doc.file, doc.lines)


def invitation_and_questionnaire(invitation_path: Path) -> tuple[dict[str, Any], Questionnaire]:
    """An invitation file and the questionnaire it pins (refused if this version differs)."""
    invitation = load_invitation_file(invitation_path)
    pinned = invitation["questionnaire"]
    q = load_questionnaire(pinned.get("id"))
    if q.sha256 != pinned.get("sha256"):
        raise UsageError(
            f"the invitation is for {pinned.get('id')}@{pinned.get('version')} but this sscassess "
            f"has {q.ref} (a different version); ask the coordinator which version to use"
        )
    return invitation, q


def output_path(out: Path) -> Path:
    """``out``, with its folder created if missing: drafts and results are written beside it.

    Raises :class:`UsageError` naming the folder when it cannot be made.
    """
    folder = out.parent
    if not folder.is_dir():
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UsageError(
                f"--out {out}: cannot create the folder {folder} ({exc.strerror or exc})"
            ) from None
    return out


def answer_with_invitation(invitation_path: Path, answers_path: Path, out: Path | None) -> Written:
    """Validate answers for an invitation and write the signed response file."""
    invitation, q = invitation_and_questionnaire(invitation_path)
    doc = fix_organisation(
        _answers_doc(answers_path), invitation["organisation"], str(invitation_path)
    )
    parsed = answers_from_document(doc, q)
    target = output_path(out or Path(f"{Path(invitation_path).stem}.response.json"))
    revision = next_revision(target, invitation["invitation_id"])
    return write_response(invitation, parsed, target, revision)


def write_response(
    invitation: dict[str, Any], parsed: AnswersFile, target: Path, revision: int
) -> Written:
    """Sign and write a response file atomically."""
    org_fields = organisation_questions(parsed.questionnaire)
    organisation = {
        k: parsed.answers[q.id] for k, q in org_fields.items() if q.id in parsed.answers
    }
    answers = {
        k: v for k, v in parsed.answers.items() if k not in {q.id for q in org_fields.values()}
    }
    response = build_response(invitation, organisation, answers, revision)
    atomic_write(
        target, (json.dumps(response, ensure_ascii=False, indent=2) + "\n").encode(), mode=0o600
    )
    return Written(target, revision, organisation.get("name", ""), "signed response file")


def next_revision(target: Path, invitation_id: str) -> int:
    """1, or one more than the response already at ``target`` for the same invitation."""
    if not target.is_file():
        return 1
    try:
        old = json.loads(target.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise UsageError(
            f"{target} exists and is not a response file; choose another --out"
        ) from None
    if not isinstance(old, dict) or old.get("invitation_id") != invitation_id:
        raise UsageError(f"{target} holds another invitation's response; choose another --out")
    revision = old.get("revision")
    return revision + 1 if isinstance(revision, int) and not isinstance(revision, bool) else 1


def answer_standalone(questionnaire: str | None, answers_path: Path, out: Path | None) -> Written:
    """Validate an answers file; write it back normalised when ``out`` is given."""
    q: Questionnaire | None = load_questionnaire(questionnaire) if questionnaire else None
    parsed = answers_from_document(_answers_doc(answers_path), q)
    org_fields = organisation_questions(parsed.questionnaire)
    org_ids = {question.id for question in org_fields.values()}
    organisation = {
        k: parsed.answers[qq.id] for k, qq in org_fields.items() if qq.id in parsed.answers
    }
    data = {
        "questionnaire": parsed.questionnaire.ref,
        "organisation": organisation,
        "answers": {k: v for k, v in parsed.answers.items() if k not in org_ids},
    }
    if out is not None:
        atomic_write(
            output_path(out), (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode()
        )
    return Written(out, None, str(organisation.get("name", "")), "valid answers")


def store_workshop_answers(
    campaign: Campaign, inv: Invitation, parsed: AnswersFile
) -> tuple[str, int]:
    """Store answers given on the coordinator's machine: verified, the next revision."""
    from sscassess.campaign import actor
    from sscassess.store import Submission, now

    sub = Submission(
        response_id=inv.response_id,
        invitation_id=inv.invitation_id,
        revision=None,
        organisation=inv.organisation,
        category=inv.category,
        subtype=parsed.organisation.get("subtype"),
        answers=parsed.answers,
        content_sha256=content_sha256(parsed.organisation, parsed.answers),
        questionnaire_sha256=campaign.questionnaire.sha256,
        verified=True,
        source="workshop",
        submitted_at=now(),
    )
    return campaign.store.submit(sub, actor())


def answer_in_campaign(campaign_dir: Path, answers_path: Path, org: str | None) -> Written:
    """Workshop mode: store answers for an invited organisation directly (verified)."""
    from sscassess.campaign import Campaign

    campaign = Campaign.open(campaign_dir)
    try:
        doc = _answers_doc(answers_path)
        name = org
        if (
            name is None
            and isinstance(doc.data, dict)
            and isinstance(doc.data.get("organisation"), dict)
        ):
            name = doc.data["organisation"].get("name")
        if not name:
            raise UsageError("name the organisation with --org (as invited)")
        inv = campaign.find_invitation(str(name))
        if inv.revoked_at is not None:
            raise UsageError(
                f"the invitation of {inv.organisation} was revoked on {inv.revoked_at}"
            )
        fixed = {"name": inv.organisation, "category": inv.category, "subtype": inv.subtype}
        parsed = answers_from_document(
            fix_organisation(doc, fixed, f"invitation {inv.slug}"), campaign.questionnaire
        )
        outcome, revision = store_workshop_answers(campaign, inv, parsed)
    finally:
        campaign.close()
    detail = (
        "stored" if outcome == "imported" else "unchanged (the same answers are stored already)"
    )
    return Written(None, revision, inv.organisation, detail)


# ---------------------------------------------------------------------------- interactive


def pick_language(q: Questionnaire, wanted: str | None, fallback: str | None = None) -> str:
    """--lang, else the invitation's language, else the environment's, else the default."""
    import os

    if wanted is not None:
        if wanted not in q.languages:
            raise UsageError(
                f"language '{wanted}' is not in questionnaire {q.id}; available: {', '.join(q.languages)}"
            )
        return wanted
    if fallback in q.languages:
        return str(fallback)
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        code = os.environ.get(var, "")[:2].lower()
        if code in q.languages:
            return code
    return q.default_language


def plain_wanted(flag: bool) -> bool:
    """--plain, or an environment asking for no colour or a dumb terminal."""
    import os

    return flag or bool(os.environ.get("NO_COLOR")) or os.environ.get("TERM") == "dumb"


def resume_command(*args: str | Path, lang: str | None, plain: bool) -> str:
    """The command that resumes this run: the same options, quoted for a POSIX shell."""
    import shlex

    words = ["sscassess", "answer", *(str(a) for a in args if str(a))]
    if lang is not None:
        words += ["--lang", lang]
    if plain:
        words.append("--plain")
    return " ".join(shlex.quote(w) for w in words)


def _fixed_answers(q: Questionnaire, organisation: dict[str, Any]) -> dict[str, Any]:
    fields = organisation_questions(q)
    return {fields[k].id: v for k, v in organisation.items() if k in fields and v is not None}


def _draft_answers(draft: Any, q: Questionnaire, lang: str, plain: bool) -> dict[str, Any]:
    """Load a draft; an unusable one (other questionnaire version) is explained, never mapped."""
    answers, stale = draft.load()
    if stale is None:
        return dict(answers)
    import questionary

    from sscassess import wizard

    pinned = stale.get("questionnaire", {}) if isinstance(stale, dict) else {}
    old = f"{pinned.get('id', '?')}@{pinned.get('version', '?')}"
    keep = draft.path.with_name(draft.path.stem + ".old" + draft.path.suffix)
    screen = wizard.Wizard(q, lang, plain=plain)  # for its wrapped, translated screens
    screen.say()
    screen.say(screen.ui("stale_draft", lang, old=old, new=q.ref))
    choice = screen.tune(
        questionary.select(
            screen.ui("what_now", lang),
            choices=[
                questionary.Choice(screen.ui("start_over", lang, path=keep.name), value="new"),
                questionary.Choice(screen.ui("quit", lang), value="quit"),
            ],
            pointer=">" if plain else "»",
            instruction=screen.hint("select_hint"),
            show_description=False,
            **screen.common(),
        )
    ).unsafe_ask()
    if choice != "new":
        raise wizard.Stopped(screen.ui("draft_kept", lang, path=draft.path))
    draft.set_aside()
    return {}


def interactive_invitation(
    invitation_path: Path, out: Path | None, lang: str | None, plain: bool
) -> Written:
    """Answer for an invitation in the wizard; writes the signed response file."""
    from sscassess import wizard

    invitation, q = invitation_and_questionnaire(invitation_path)
    language = pick_language(q, lang, invitation.get("lang"))
    flag, plain = plain, plain_wanted(plain)
    target = output_path(out or Path(f"{invitation_path.stem}.response.json"))
    draft = wizard.DraftFile(target.with_name(target.name.replace(".response.json", "") + ".draft.json")
                             if target.name.endswith(".response.json") else target.with_suffix(".draft.json"),
                             q, invitation["invitation_id"])  # fmt: skip
    resume = resume_command(
        "--invitation", invitation_path, "--out" if out else "", out or "", lang=lang, plain=flag
    )
    fixed = _fixed_answers(q, invitation["organisation"])
    answers = _draft_answers(draft, q, language, plain)
    wiz = wizard.Wizard(
        q,
        language,
        plain=plain,
        fixed=fixed,
        answers=answers,
        save=draft.save,
        resume_command=resume,
    )
    final = wiz.run()
    doc = YamlDocument({"questionnaire": q.ref, "organisation": {}, "answers": {}}, "wizard")
    parsed = answers_from_document(_as_document(q, final, doc.file), q)
    written = write_response(
        invitation, parsed, target, next_revision(target, invitation["invitation_id"])
    )
    draft.remove()
    return written


def _as_document(q: Questionnaire, answers: dict[str, Any], name: str) -> YamlDocument:
    """Flat answers (question id -> value) as an answers document."""
    fields = organisation_questions(q)
    org_ids = {question.id: key for key, question in fields.items()}
    data = {
        "questionnaire": q.ref,
        "organisation": {org_ids[k]: v for k, v in answers.items() if k in org_ids},
        "answers": {k: v for k, v in answers.items() if k not in org_ids},
    }
    return YamlDocument(data, name)


def interactive_standalone(
    questionnaire: str | None, out: Path, lang: str | None, plain: bool
) -> Written:
    """Answer a questionnaire in the wizard; writes a validated answers file."""
    from sscassess import wizard

    q = load_questionnaire(questionnaire)
    language = pick_language(q, lang)
    flag, plain = plain, plain_wanted(plain)
    out = output_path(out)
    draft = wizard.DraftFile(out.with_name(out.name + ".draft.json"), q, None)
    resume = resume_command(
        "--questionnaire", questionnaire or q.id, "--out", out, lang=lang, plain=flag
    )
    answers = _draft_answers(draft, q, language, plain)
    wiz = wizard.Wizard(
        q, language, plain=plain, answers=answers, save=draft.save, resume_command=resume
    )
    final = wiz.run()
    parsed = answers_from_document(_as_document(q, final, "wizard"), q)
    doc = _as_document(q, parsed.answers, str(out))
    atomic_write(out, (json.dumps(doc.data, ensure_ascii=False, indent=2) + "\n").encode())
    draft.remove()
    return Written(out, None, str(parsed.organisation.get("name", "")), "answers file")


def interactive_campaign(
    campaign_dir: Path, org: str | None, lang: str | None, plain: bool
) -> Written:
    """Workshop mode in the wizard: pick the organisation, answers go straight to the store."""
    import questionary

    from sscassess import wizard
    from sscassess.campaign import Campaign

    campaign = Campaign.open(campaign_dir)
    try:
        q = campaign.questionnaire
        flag, plain = plain, plain_wanted(plain)
        if org is None:
            active = [i for i in campaign.store.invitations() if i.revoked_at is None]
            if not active:
                raise UsageError(
                    f"no active invitation in {campaign_dir}; invite organisations first"
                )
            language0 = pick_language(q, lang)
            screen = wizard.Wizard(q, language0, plain=plain)  # for its list conventions
            picked = screen.tune(
                questionary.select(
                    screen.ui("pick_org", language0),
                    choices=[
                        questionary.Choice(f"{i.organisation} ({i.category})", value=i.slug)
                        for i in active
                    ],
                    use_search_filter=True,
                    use_jk_keys=False,
                    pointer=">" if plain else "»",
                    instruction=screen.hint("search_hint"),
                    show_description=False,
                    **screen.common(),
                )
            ).unsafe_ask()
            org = str(picked)
        inv = campaign.find_invitation(org)
        if inv.revoked_at is not None:
            raise UsageError(
                f"the invitation of {inv.organisation} was revoked on {inv.revoked_at}"
            )
        language = pick_language(q, lang, inv.lang)
        fixed = _fixed_answers(
            q, {"name": inv.organisation, "category": inv.category, "subtype": inv.subtype}
        )
        answers = campaign.store.draft_answers(inv.invitation_id) or {}

        def save(values: Any, answered: int, total: int) -> None:
            campaign.store.save_draft(inv.invitation_id, dict(values), answered, total)

        resume = resume_command(
            "--campaign", campaign_dir, "--org", inv.slug, lang=lang, plain=flag
        )
        wiz = wizard.Wizard(
            q, language, plain=plain, fixed=fixed, answers=answers, save=save, resume_command=resume
        )
        final = wiz.run()
        parsed = answers_from_document(_as_document(q, final, "wizard"), q)
        outcome, revision = store_workshop_answers(campaign, inv, parsed)
    finally:
        campaign.close()
    return Written(
        None, revision, inv.organisation, "stored" if outcome == "imported" else "unchanged"
    )
