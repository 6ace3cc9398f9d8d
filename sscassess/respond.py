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
from typing import Any

from sscassess.answers import AnswersFile, answers_from_document, organisation_questions
from sscassess.campaign import Campaign, build_response, content_sha256, load_invitation_file
from sscassess.errors import InvalidInputError, UsageError
from sscassess.fileio import atomic_write
from sscassess.questionnaire import Questionnaire, load_questionnaire
from sscassess.store import Submission, now
from sscassess.yamlio import YamlDocument, load_yaml_file

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


def answer_with_invitation(invitation_path: Path, answers_path: Path, out: Path | None) -> Written:
    """Validate answers for an invitation and write the signed response file."""
    invitation = load_invitation_file(invitation_path)
    pinned = invitation["questionnaire"]
    q = load_questionnaire(pinned.get("id"))
    if q.sha256 != pinned.get("sha256"):
        raise UsageError(
            f"the invitation is for {pinned.get('id')}@{pinned.get('version')} but this sscassess "
            f"has {q.ref} (a different version); ask the coordinator which version to use"
        )
    doc = fix_organisation(
        _answers_doc(answers_path), invitation["organisation"], str(invitation_path)
    )
    parsed = answers_from_document(doc, q)
    target = out or Path(f"{Path(invitation_path).stem}.response.json")
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
        atomic_write(out, (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode())
    return Written(out, None, str(organisation.get("name", "")), "valid answers")


def answer_in_campaign(campaign_dir: Path, answers_path: Path, org: str | None) -> Written:
    """Workshop mode: store answers for an invited organisation directly (verified)."""
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
        sub = Submission(
            response_id=inv.invitation_id,
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
        from sscassess.campaign import actor

        outcome, revision = campaign.store.submit(sub, actor())
    finally:
        campaign.close()
    detail = (
        "stored" if outcome == "imported" else "unchanged (the same answers are stored already)"
    )
    return Written(None, revision, inv.organisation, detail)
