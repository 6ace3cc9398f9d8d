"""The respondent's side, non-interactive: answers file in, response out.

* with an invitation: a signed response file to send back to the coordinator;
* with a campaign folder (workshop mode, on the coordinator's machine): straight into the store;
* with a questionnaire only: a validated, normalised answers file.

The interactive wizard produces the same outputs through the same functions. With an
invitation, drafts and the last response written are kept per invitation in the user's data
folder (:mod:`sscassess.wizard.drafts`), found from any folder: answering again starts from the
last response, as its next revision. In workshop mode the campaign's store holds both.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sscassess.answers.validate import AnswersFile, answers_from_document
from sscassess.campaign.invitation import (
    build_response,
    invitation_questionnaire,
    load_invitation_file,
)
from sscassess.core.errors import Command, InvalidInputError, Msg, Option, UsageError
from sscassess.core.fileio import atomic_write
from sscassess.core.i18n import N_
from sscassess.core.texts import terminal_safe
from sscassess.core.yamlio import YamlDocument, load_yaml_file
from sscassess.questionnaire.load import load_questionnaire
from sscassess.questionnaire.model import organisation_questions
from sscassess.wizard import drafts as userdata

if TYPE_CHECKING:
    # The campaign and its store (pydantic, sqlite3) are imported by the workshop mode only:
    # the respondent's own wizard starts without them.
    from sscassess.campaign.folder import Campaign
    from sscassess.campaign.store import Invitation, StoredResponse
    from sscassess.questionnaire.model import Questionnaire

MAX_ANSWERS_BYTES = 1024 * 1024


@dataclass
class Written:
    """What an answer run produced."""

    path: Path | None
    revision: int | None
    organisation: str
    detail: str
    #: what to tell the respondent, in their language (the wizard's runs); empty otherwise
    message: str = ""


#: What a workshop run did (:attr:`Written.detail`), translated where it is said.
STORED = N_("stored")
SAME = N_("unchanged (the same answers are stored already)")


def _revoked(inv: Invitation) -> Msg:
    return Msg("the invitation of {organisation} was revoked on {when}",
               organisation=inv.organisation, when=inv.revoked_at)  # fmt: skip


def _answers_doc(path: Path) -> YamlDocument:
    return load_yaml_file(path, str(path), max_bytes=MAX_ANSWERS_BYTES)


def fix_organisation(doc: YamlDocument, fixed: dict[str, Any], source: str | Msg) -> YamlDocument:
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
                    Msg(
                        "the invitation fixes {key} to {value} ({source}); remove or correct it",
                        key=key,
                        value=repr(fixed[key]),
                        source=source,
                    ),
                )
            )
    if fixed.get("subtype") and org.get("subtype") not in (None, fixed["subtype"]):
        problems.append(
            doc.problem(
                ["organisation", "subtype"],
                Msg("the invitation fixes subtype to {value}", value=repr(fixed["subtype"])),
            )
        )
    if problems:
        raise InvalidInputError(
            Msg("{file} does not match the invitation", file=doc.file), problems
        )
    merged = {**org, "name": fixed["name"], "category": fixed["category"]}
    if fixed.get("subtype"):
        merged["subtype"] = fixed["subtype"]
    data["organisation"] = merged
    return YamlDocument(data, doc.file, doc.lines)


def invitation_and_questionnaire(invitation_path: Path) -> tuple[dict[str, Any], Questionnaire]:
    """An invitation file and the questionnaire version it pins (current or archived)."""
    invitation = load_invitation_file(invitation_path)
    return invitation, invitation_questionnaire(invitation)


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
                Msg("{option} {out}: cannot create the folder {folder} ({reason})",
                    option=Option("out"), out=out, folder=folder, reason=exc.strerror or exc)
            ) from None  # fmt: skip
    return out


def answer_with_invitation(
    invitation_path: Path, answers_path: Path, out: Path | None, *, keep: bool = False
) -> Written:
    """Validate answers for an invitation and write the signed response file.

    Numbers written as text are read in the invitation's language. With ``keep`` (what
    ``sscassess answer`` does), the response is also kept in the user's data folder and its
    revision is one more than the last one kept there or at ``out``.
    """
    invitation, q = invitation_and_questionnaire(invitation_path)
    doc = fix_organisation(
        _answers_doc(answers_path), invitation["organisation"], str(invitation_path)
    )
    parsed = answers_from_document(doc, q, lang=invitation.get("lang"))
    target = output_path(out or Path(f"{Path(invitation_path).stem}.response.json"))
    kept = _kept(invitation) if keep else None
    revision = next_revision(target, invitation["invitation_id"], kept)
    written = write_response(invitation, parsed, target, revision, keep=keep)
    language = pick_language(q, None, invitation.get("lang"))
    return replace(written, message=final_message(invitation, written, language, False))


def _kept(invitation: dict[str, Any]) -> dict[str, Any] | None:
    return userdata.kept_response(invitation["campaign_id"], invitation["invitation_id"])


def write_response(
    invitation: dict[str, Any],
    parsed: AnswersFile,
    target: Path,
    revision: int,
    *,
    keep: bool = False,
) -> Written:
    """Sign and write a response file atomically.

    With ``keep``, also keep it in the user's data folder
    (:func:`sscassess.wizard.drafts.keep_response`), after the file is written.
    """
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
    if keep:
        userdata.keep_response(response)
    return Written(target, revision, organisation.get("name", ""), "signed response file")


def next_revision(target: Path, invitation_id: str, kept: dict[str, Any] | None = None) -> int:
    """One more than the last revision written for this invitation (else 1).

    The last is the one ``kept`` in the data folder or the response already at ``target``,
    whichever is higher.
    The store numbers revisions by submission time whatever the file says; this number is
    what the respondent sees, and follows the last one they submitted.
    """
    last = kept["revision"] if kept is not None else 0
    return max(last, _file_revision(target, invitation_id)) + 1


def _file_revision(target: Path, invitation_id: str) -> int:
    """The revision of the response at ``target`` (0 when none); refuses another file."""
    if not target.is_file():
        return 0
    try:
        old = json.loads(target.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise UsageError(
            Msg("{target} exists and is not a response file; choose another {option}",
                target=target, option=Option("out"))
        ) from None  # fmt: skip
    if not isinstance(old, dict) or old.get("invitation_id") != invitation_id:
        raise UsageError(
            Msg("{target} holds another invitation's response; choose another {option}",
                target=target, option=Option("out"))
        )  # fmt: skip
    revision = old.get("revision")
    return revision if isinstance(revision, int) and not isinstance(revision, bool) else 0


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
    from sscassess.campaign.intake import invited_submission
    from sscassess.core.stamps import actor, now

    sub = invited_submission(inv, parsed, campaign.questionnaire.sha256, "workshop", now())
    return campaign.store.submit(sub, actor())


def answer_in_campaign(
    campaign_dir: Path, answers_path: Path, org: str | None, new_revision: bool = False
) -> Written:
    """Workshop mode: store answers for an invited organisation directly (verified).

    An organisation that has submitted already is refused (:class:`UsageError`, nothing
    stored) unless ``new_revision``: its answers are then the next revision, the earlier one
    kept in the history.
    """
    from sscassess.campaign.folder import Campaign

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
            raise UsageError(
                Msg("name the organisation with {option} (as invited)", option=Option("org"))
            )
        inv = campaign.find_invitation(str(name))
        if inv.revoked_at is not None:
            raise UsageError(_revoked(inv))
        fixed = {"name": inv.organisation, "category": inv.category, "subtype": inv.subtype}
        parsed = answers_from_document(
            fix_organisation(doc, fixed, Msg("invitation {slug}", slug=inv.slug)),
            campaign.questionnaire,
            lang=inv.lang,
        )
        current = submitted_response(campaign, inv)
        if current is not None and not new_revision:
            raise UsageError(
                Msg("{organisation} submitted revision {revision} on {date}; to replace it, "
                    "give {option} (these answers become revision {next}, revision {revision} "
                    "stays in the history); nothing was stored",
                    organisation=inv.organisation, revision=current.revision,
                    date=current.submitted_at[:10], option=Option("new_revision", True),
                    next=current.revision + 1)
            )  # fmt: skip
        outcome, revision = store_workshop_answers(campaign, inv, parsed)
    finally:
        campaign.close()
    return Written(None, revision, inv.organisation, STORED if outcome == "imported" else SAME)


# ---------------------------------------------------------------------------- interactive


def pick_language(q: Questionnaire, wanted: str | None, fallback: str | None = None) -> str:
    """--lang, else the invitation's language, else the environment's, else the default."""
    import os

    if wanted is not None:
        if wanted not in q.languages:
            raise UsageError(
                Msg("language '{lang}' is not in questionnaire {questionnaire}; available: "
                    "{languages}", lang=wanted, questionnaire=q.id,
                    languages=", ".join(q.languages))
            )  # fmt: skip
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


def resume_command(*options: Option | None, lang: str | None, plain: bool) -> Command:
    """The ``answer`` that resumes this run: the same options (each front end spells it)."""
    chosen = [o for o in options if o is not None]
    if lang is not None:
        chosen.append(Option("lang", lang))
    if plain:
        chosen.append(Option("plain", True))
    return Command("answer", options=tuple(chosen))


def _fixed_answers(q: Questionnaire, organisation: dict[str, Any]) -> dict[str, Any]:
    fields = organisation_questions(q)
    return {fields[k].id: v for k, v in organisation.items() if k in fields and v is not None}


def submitted_response(campaign: Campaign, inv: Invitation) -> StoredResponse | None:
    """The current submitted answer of an invitation's organisation, if any."""
    return next((r for r in campaign.store.responses() if r.response_id == inv.response_id), None)


def _flat(q: Questionnaire, response: dict[str, Any]) -> dict[str, Any]:
    """A response document's organisation and answers as question id -> answer."""
    fields = organisation_questions(q)
    org = response.get("organisation") or {}
    flat = {fields[k].id: v for k, v in org.items() if k in fields and v is not None}
    return {**flat, **dict(response.get("answers") or {})}


def _migrate_draft(path: Path, old_places: list[Path], invitation_id: str) -> Path | None:
    """Move a draft from where earlier versions kept it into the data folder.

    Earlier versions kept it beside the response file or the invitation. Nothing moves when
    the data folder has a draft already; returns where the draft was, if moved.
    """
    if path.exists():
        return None
    from sscassess.wizard.drafts import DRAFT_FORMAT

    for old in dict.fromkeys(old_places):
        try:
            raw = old.read_bytes()
            data = json.loads(raw)
        except (OSError, ValueError):
            continue
        if not isinstance(data, dict) or data.get("format") != DRAFT_FORMAT:
            continue
        if data.get("invitation_id") != invitation_id:
            continue  # another invitation's draft that happens to share the name
        atomic_write(path, raw, mode=0o600)
        old.unlink(missing_ok=True)
        return old
    return None


def _draft_answers(draft: Any, q: Questionnaire, lang: str, plain: bool) -> dict[str, Any]:
    """Load a draft; an unusable one (other questionnaire version) is explained, never mapped."""
    answers, stale = draft.load()
    if stale is None:
        return dict(answers)
    import questionary

    from sscassess.wizard import screens as wizard

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
                questionary.Choice(screen.ui("start_over", lang, path=keep), value="new"),
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


def _old_draft_places(invitation_path: Path, target: Path) -> list[Path]:
    """Where sscassess 0.x kept an invitation's draft.

    Beside the response file (the folder the wizard was started from, by default), and
    beside the invitation.
    """
    name = target.name
    beside_target = (
        target.with_name(name.removesuffix(".response.json") + ".draft.json")
        if name.endswith(".response.json")
        else target.with_suffix(".draft.json")
    )
    return [beside_target, invitation_path.with_name(invitation_path.stem + ".draft.json")]


def interactive_invitation(
    invitation_path: Path, out: Path | None, lang: str | None, plain: bool
) -> Written:
    """Answer for an invitation in the wizard; writes the signed response file.

    The draft is kept in the user's data folder (a draft left beside the response file or
    the invitation by an earlier version is moved there, and the move is said). After a
    submission, the next run says so and starts from the answers submitted, as the next
    revision; the review marks what changed.
    """
    from sscassess.wizard import screens as wizard

    invitation, q = invitation_and_questionnaire(invitation_path)
    language = pick_language(q, lang, invitation.get("lang"))
    flag, plain = plain, plain_wanted(plain)
    target = output_path(out or Path(f"{invitation_path.stem}.response.json"))
    invitation_id = invitation["invitation_id"]
    path = userdata.prepare(userdata.draft_path(invitation["campaign_id"], invitation_id))
    moved = _migrate_draft(path, _old_draft_places(invitation_path, target), invitation_id)
    draft = wizard.DraftFile(path, q, invitation_id)
    # Absolute paths: the command resumes from any folder.
    resume = resume_command(Option("invitation", str(invitation_path.resolve())),
                            Option("out", str(out.resolve())) if out else None,
                            lang=lang, plain=flag)  # fmt: skip
    fixed = _fixed_answers(q, invitation["organisation"])
    answers = _draft_answers(draft, q, language, plain)
    notices = []
    if moved is not None:
        notices.append(wizard.ui("draft_moved", language, old=moved, new=path))
    kept = _kept(invitation)
    previous: dict[str, Any] | None = None
    params: dict[str, Any] = {}
    if kept is not None:
        params = {"rev": kept["revision"], "next": next_revision(target, invitation_id, kept),
                  "date": wizard.long_date(str(kept.get("submitted_at")), language)}  # fmt: skip
        same_form = (kept.get("questionnaire") or {}).get("sha256") == q.sha256
        if not same_form:
            notices.append(wizard.ui("resubmit_blank", language, **params))
        else:
            previous = _flat(q, kept)
            if answers:
                done = sum(1 for k in answers if answers[k] is not None)
                notices.append(wizard.ui("resubmit_draft", language, n=done, **params))
            else:
                notices.append(wizard.ui("resubmit", language, **params))
                answers = wizard.submitted_answers(q, previous, fixed)
    wiz = wizard.Wizard(
        q,
        language,
        plain=plain,
        fixed=fixed,
        answers=answers,
        save=draft.save,
        resume_command=resume,
        notice="\n".join(notices),
        previous=previous,
        previous_revision=params.get("rev"),
        previous_date=params.get("date", ""),
        next_revision=params.get("next"),
        organisation=str(invitation["organisation"].get("name") or ""),
        city=str(invitation.get("city") or ""),
    )
    final = wiz.run()
    doc = YamlDocument({"questionnaire": q.ref, "organisation": {}, "answers": {}}, "wizard")
    parsed = answers_from_document(_as_document(q, final, doc.file), q)
    written = write_response(
        invitation,
        parsed,
        target,
        next_revision(target, invitation_id, _kept(invitation)),
        keep=True,
    )
    draft.remove()
    return replace(written, message=final_message(invitation, written, language, plain))


def final_message(invitation: dict[str, Any], written: Written, lang: str, plain: bool) -> str:
    """The wizard's last words: the response file's absolute path and whom to send it to.

    In the respondent's language; the coordinator's contact comes from the invitation
    (``coordinator:``, set by ``init --contact`` or ``invite --coordinator``).
    """
    import shutil
    import textwrap

    from sscassess.wizard import screens as wizard

    city = str(invitation.get("city") or "")
    contact = invitation.get("coordinator")
    width = max(20, shutil.get_terminal_size((80, 24)).columns - 1)

    def wrapped(text: str) -> list[str]:
        text = wizard.plain_text(text) if plain else text
        return textwrap.wrap(terminal_safe(text), width, break_long_words=False,
                             break_on_hyphens=False) or [""]  # fmt: skip

    # The path and the contact on lines of their own, whole, to be copied.
    saved = wizard.ui("final_saved", lang, rev=written.revision, org=written.organisation)
    lines = [*wrapped(saved), f"  {terminal_safe(str(Path(written.path or '').resolve()))}"]
    if contact:
        lines += [*wrapped(wizard.ui("final_send_to", lang, city=city)),
                  f"  {terminal_safe(str(contact))}"]  # fmt: skip
    else:
        lines += wrapped(wizard.ui("final_send", lang, city=city))
    lines += wrapped(wizard.ui("final_correct", lang))
    return "\n".join(lines)


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
    from sscassess.wizard import screens as wizard

    q = load_questionnaire(questionnaire)
    language = pick_language(q, lang)
    flag, plain = plain, plain_wanted(plain)
    out = output_path(out)
    # No invitation to key a draft by: it stays beside the answers file asked for.
    draft = wizard.DraftFile(out.with_name(out.name + ".draft.json"), q, None)
    named = questionnaire or q.id
    if Path(named).is_file():
        named = str(Path(named).resolve())
    resume = resume_command(
        Option("questionnaire", named), Option("out", str(out.resolve())), lang=lang, plain=flag
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
) -> list[Written]:
    """Workshop mode in the wizard: answers go straight to the store; returns what was stored.

    Without ``org``, a list offers the invited organisations with their state (invited,
    draft n/39, submitted rev n); after each one is stored the screen is cleared (the next
    organisation does not see the last one's answers) and the list offers the next, until
    "finish". An organisation that submitted already is answered again only once confirmed,
    starting from its answers, as its next revision.
    """
    from sscassess.campaign.folder import Campaign
    from sscassess.wizard import screens as wizard

    campaign = Campaign.open(campaign_dir)
    written: list[Written] = []
    try:
        q = campaign.questionnaire
        flag, plain = plain, plain_wanted(plain)
        language0 = pick_language(q, lang)
        screen = wizard.Wizard(q, language0, plain=plain)  # for its list conventions
        last: str | None = None
        while True:
            slug = org if org is not None else _pick_organisation(campaign, screen, last)
            if slug is None:
                break
            inv = campaign.find_invitation(slug)
            if inv.revoked_at is not None:
                raise UsageError(_revoked(inv))
            result = _answer_for(campaign, campaign_dir, inv, lang, plain, flag, screen, org)
            if org is not None:
                if result is not None:
                    written.append(result)
                break
            if result is not None:
                written.append(result)
                screen.clear_screen()
                key = "stored" if result.detail == "stored" else "stored_unchanged"
                screen.say(screen.ui(key, language0, org=result.organisation, rev=result.revision))
            last = inv.slug
    finally:
        campaign.close()
    return written


def _pick_organisation(campaign: Campaign, screen: Any, last: str | None) -> str | None:
    """The organisation list of workshop mode, with each one's state; None for "finish"."""
    import questionary

    active = [i for i in campaign.store.invitations() if i.revoked_at is None]
    if not active:
        raise UsageError(
            Msg("no active invitation in {root}; invite organisations first", root=campaign.root)
        )
    lang = screen.lang
    responses = {r.response_id: r for r in campaign.store.responses()}
    drafts = campaign.store.drafts()
    # Categories by name, never by id (the screen speaks the respondent's language).
    names = {c.id: screen.g(screen.spell(campaign.questionnaire.text(c.name, lang)))
             for c in campaign.questionnaire.reference.categories}  # fmt: skip
    choices = []
    for inv in active:
        states = []
        resp = responses.get(inv.response_id)
        if resp is not None:
            states.append(screen.ui("state_submitted", lang, rev=resp.revision))
        draft = drafts.get(inv.invitation_id)
        if draft is not None:
            states.append(screen.ui("state_draft", lang, n=f"{draft[0]}/{draft[1]}"))
        state = ", ".join(states) or screen.ui("state_invited", lang)
        choices.append(
            questionary.Choice(
                f"{inv.organisation} · {state} · {names.get(inv.category, inv.category)}",
                value=inv.slug,
            )
        )
    choices.append(questionary.Choice(screen.ui("finish_workshop", lang), value="\x00finish"))
    slugs = [i.slug for i in active]
    default = None
    if last in slugs:
        # The next organisation that has not submitted, after the one just answered.
        after = slugs[slugs.index(last) + 1 :] + slugs[: slugs.index(last) + 1]
        waiting = [s for s in after if active[slugs.index(s)].response_id not in responses]
        default = waiting[0] if waiting else "\x00finish"
    screen.say()
    try:
        picked = screen.tune(
            questionary.select(
                screen.ui("pick_org", lang),
                choices=choices,
                default=default,
                use_search_filter=True,
                use_jk_keys=False,
                pointer=">" if screen.plain else "»",
                instruction=screen.hint("search_hint"),
                show_description=False,
                **screen.common(),
            ),
            search=True,
        ).unsafe_ask()
    except (KeyboardInterrupt, EOFError):
        from sscassess.wizard.progress import Stopped

        raise Stopped(screen.ui("stopped_list", lang)) from None
    return None if picked == "\x00finish" else str(picked)


def _confirm_again(screen: Any, params: dict[str, Any], listed: bool) -> str:
    """Whether to answer a submitted organisation again: "again", or "no"."""
    import questionary

    from sscassess.wizard.progress import Stopped

    try:
        return str(
            screen.tune(
                questionary.select(
                    screen.ui("what_now", screen.lang),
                    choices=[
                        questionary.Choice(
                            screen.ui("answer_again", screen.lang, **params), "again"
                        ),
                        questionary.Choice(
                            screen.ui("other_org" if listed else "quit", screen.lang), "no"
                        ),
                    ],
                    pointer=">" if screen.plain else "»",
                    instruction=screen.hint("select_hint"),
                    show_description=False,
                    **screen.common(),
                )
            ).unsafe_ask()
        )
    except (KeyboardInterrupt, EOFError):
        raise Stopped(screen.ui("stopped_list", screen.lang)) from None


def _answer_for(campaign: Campaign, campaign_dir: Path, inv: Invitation, lang: str | None,
                plain: bool, flag: bool, screen: Any, org: str | None) -> Written | None:  # fmt: skip
    """One organisation in the wizard (workshop mode); None when it was not answered again."""
    from sscassess.wizard import screens as wizard

    q = campaign.questionnaire
    language = pick_language(q, lang, inv.lang)
    fixed = _fixed_answers(
        q, {"name": inv.organisation, "category": inv.category, "subtype": inv.subtype}
    )
    answers = campaign.store.draft_answers(inv.invitation_id) or {}
    current = submitted_response(campaign, inv)
    notice = ""
    params: dict[str, Any] = {}
    if current is not None:
        params = {"rev": current.revision, "next": current.revision + 1,
                  "date": wizard.long_date(current.submitted_at, language)}  # fmt: skip
        screen.say()
        screen.say(screen.ui("org_submitted", screen.lang, org=inv.organisation, **params))
        again = _confirm_again(screen, params, org is None)
        if again != "again":
            return None
        if answers:
            done = sum(1 for v in answers.values() if v is not None)
            notice = wizard.ui("resubmit_draft", language, n=done, **params)
        else:
            notice = wizard.ui("resubmit", language, **params)
            answers = wizard.submitted_answers(q, current.answers, fixed)

    def save(values: Any, answered: int, total: int) -> None:
        campaign.store.save_draft(inv.invitation_id, dict(values), answered, total)

    resume = resume_command(
        Option("campaign_dir", str(campaign_dir.resolve())), Option("org", inv.slug),
        lang=lang, plain=flag,
    )  # fmt: skip
    wiz = wizard.Wizard(
        q, language, plain=plain, fixed=fixed, answers=answers, save=save, resume_command=resume,
        notice=notice, previous=current.answers if current is not None else None,
        previous_revision=params.get("rev"), previous_date=params.get("date", ""),
        next_revision=params.get("next"), organisation=inv.organisation,
        city=campaign.config.city,
    )  # fmt: skip
    final = wiz.run()
    parsed = answers_from_document(_as_document(q, final, "wizard"), q)
    outcome, revision = store_workshop_answers(campaign, inv, parsed)
    stored = outcome == "imported"
    said = wiz.ui("stored" if stored else "stored_unchanged", language, org=inv.organisation,
                  rev=revision)  # fmt: skip
    return Written(None, revision, inv.organisation, "stored" if stored else "unchanged", said)
