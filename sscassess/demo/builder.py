"""A demo campaign for a fictional city, built through the same path a real campaign takes.

``build_demo`` creates a campaign folder (``Campaign.init``), invites organisations from a CSV
file (``Campaign.invite_from_csv``), lets each invited organisation "answer": a generated
answers file is turned into a signed response file by :func:`sscassess.respond.
answer_with_invitation` (what ``sscassess answer --invitation FILE --answers FILE`` runs),
imports the returned files (``Campaign.iter_import``, as ``sscassess import``), then analyses
the campaign and writes its reports.

The answers are derived from the reference expectations (primary, supporting, none) with
seeded noise, then a few situations are forced so that every report section has something to
explain, for every seed: a reference category with no voice, uncovered, no-lead and contested
roles, organisations with gaps and with beyond-reference roles, one resubmission (revision 2
with history), one unverified paper form, one organisation with a draft only, and free text
in English, French and Greek (plus Ukrainian from one organisation when it is invited).
The same seed gives the same organisations and the same answers.
"""

from __future__ import annotations

import csv
import io
import random
import shutil
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import yaml

from sscassess.core.errors import NONE, Msg, Option, SscError, UsageError, spell
from sscassess.core.i18n import N_, Plural, Translator, translator
from sscassess.core.vocabulary import NEEDS_DECISION, Coverage, Level, RoleStatus, Table
from sscassess.demo.cast import (
    ANCHORED,
    COMMENTS,
    CONTESTED,
    DISTRICTS,
    FALLBACK,
    LEFT_OUT,
    MORE,
    NO_LEAD,
    ORGANISATIONS,
    OWN_TEXTS,
    PARTNERS,
    PLANS,
    POSITIONS,
    PRIORITY,
    RANK,
    RATINGS,
    UNCOVERED,
    WEIGHTS,
    Org,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from sscassess.analysis.analyse import Analysis
    from sscassess.campaign.folder import Campaign
    from sscassess.questionnaire.model import Questionnaire
    from sscassess.reference.model import ReferencePack

CITY = "Aldermouth"
COUNTRY = "XX"  # ISO 3166 reserves XA–XZ for user-assigned codes: no real country
ROUND = "2026"
MIN_ORGANISATIONS = 4
MAX_ORGANISATIONS = 100
DEFAULT_ORGANISATIONS = 24
DEFAULT_SEED = 7
DEFAULT_OUT = Path("sscassess-demo")

Kind = Literal["signed", "resubmitted", "unverified", "draft", "not_answered"]
Reports = Literal["all", "city", "none"]


@dataclass
class DemoOrganisation:
    """One invited organisation of the demo and what it did."""

    name: str
    category: str
    slug: str
    kind: Kind  #: signed, resubmitted (revision 2), unverified, draft or not_answered
    files: list[Path] = field(default_factory=list)  #: its answers and response files
    named: bool = True  #: its answer to "May the city's reports name your organisation?"


@dataclass
class DemoResult:
    """What :func:`build_demo` made."""

    root: Path  #: the campaign folder
    city: str
    seed: int
    organisations: list[DemoOrganisation]
    forced: dict[str, list[str]]  #: role ids forced to contested, no_lead, uncovered
    left_out: str  #: the category never invited
    analysis_files: list[Path] = field(default_factory=list)
    reports: list[Path] = field(default_factory=list)
    city_report: Path | None = None
    findings: dict[str, list[str]] = field(default_factory=dict)  #: from the analysis

    def count(self, kind: Kind) -> int:
        """How many organisations did ``kind``."""
        return sum(1 for o in self.organisations if o.kind == kind)


# ---------------------------------------------------------------------------- the cast


@dataclass
class _Member:
    org: Org
    category: str
    kind: Kind = "signed"
    named: bool = True  # False: declines to be named (consent_named), so it is in no figure
    answers: dict[str, Any] = field(default_factory=dict)  # final answers (question id -> value)
    organisation: dict[str, Any] = field(default_factory=dict)  # scale, sector


def _cast(n: int, rng: random.Random) -> tuple[list[_Member], str, str]:
    """Pick the invited organisations.

    Returns them, the category left out (never invited) and the "quiet" category: one
    organisation invited, which only saves a draft, so the category has no voice either.
    """
    left_out = rng.choice(LEFT_OUT)
    optional = [c for c in LEFT_OUT if c != left_out]
    rng.shuffle(optional)
    order = [*PRIORITY, *optional]
    counts = dict.fromkeys(order[: min(n, len(order))], 1)
    candidates = [c for c in counts if c not in ANCHORED]
    quiet = rng.choice([c for c in candidates if WEIGHTS[c] == 1] or candidates)
    pools = {c: _pool(c, rng) for c in order}
    # The rest in proportion to the weights: whole parts first, then the largest remainders
    # (ties broken by the seed), so that no category swallows the campaign by chance.
    growing = [c for c in counts if c != quiet]
    extra = n - len(counts)
    total = sum(WEIGHTS[c] for c in growing)
    for c in growing:
        counts[c] += min(extra * WEIGHTS[c] // total, len(pools[c]) - 1)
    while sum(counts.values()) < n:
        open_ = [c for c in growing if counts[c] < len(pools[c])]
        open_.sort(key=lambda c: (-(extra * WEIGHTS[c] % total), rng.random()))
        for c in open_[: n - sum(counts.values())]:
            counts[c] += 1
    members = [_Member(org, c) for c, k in counts.items() for org in pools[c][:k]]
    return members, left_out, quiet


def _pool(category: str, rng: random.Random) -> list[Org]:
    named = list(ORGANISATIONS[category])
    first, rest = named[0], named[1:]
    rng.shuffle(rest)
    template, subtype, scale, sector = MORE[category]
    names = {o.name for o in named}
    more = [
        Org(template.format(d=d), subtype, scale, sector)
        for d in DISTRICTS
        if template.format(d=d) not in names
    ]
    return [first, *rest, *more]


def _assign_kinds(members: list[_Member], quiet: str, rng: random.Random, seed: int) -> None:
    """Who does what: one draft only, one unverified, one resubmitted.

    From N ≥ 6 also one that never answers and one signed organisation that declines to be
    named.
    """
    anchors = {ORGANISATIONS[c][0].name for c in ANCHORED}
    draft = next(m for m in members if m.category == quiet)
    draft.kind = "draft"
    free = [m for m in members if m.org.name not in anchors and m.kind == "signed"]
    if len(members) >= 6:
        # Preferably from a category others answer for: a lower response rate, not one
        # more category without a voice.
        sizes = {
            c: sum(1 for m in members if m.category == c) for c in {m.category for m in members}
        }
        silent = rng.choice([m for m in free if sizes[m.category] > 1] or free)
        silent.kind = "not_answered"
        free.remove(silent)
    # A paper form typed in: preferably a residents' group; with few organisations invited,
    # the Greek-speaking community group (its texts still reach the reports).
    paper_first = (
        [m for m in free if m.category == "citizens"]
        or [m for m in free if m.category == "ngo"]
        or free
        or [m for m in members if m.category == "citizens" and m.kind == "signed"]
    )
    paper = rng.choice(paper_first)
    paper.kind = "unverified"
    signed = [m for m in members if m.kind == "signed"]
    rng.choice(signed).kind = "resubmitted"
    if len(members) >= 6:
        # A company of a category others answer for says no to being named: alone it is in
        # no figure (fewer than min_group decliners), and its own report uses its pseudonym.
        shy = [
            m
            for m in members
            if m.kind == "signed" and m.org.name not in anchors and m.org.name not in OWN_TEXTS
        ]
        sizes = Counter(m.category for m in members if m.kind in ("signed", "resubmitted"))
        # From a stream of its own, so the rest of the demo is what the seed gave before.
        consent = random.Random(f"{seed}:consent")
        consent.choice([m for m in shy if sizes[m.category] > 1] or shy).named = False


# ---------------------------------------------------------------------------- answers


def _pick(rng: random.Random, items: list[str], share: float) -> list[str]:
    return [i for i in items if rng.random() < share]


def _choices(
    rng: random.Random, pack: ReferencePack, category: str, kind: str, all_ids: list[str]
) -> list[str]:
    annex = getattr(pack.category(category).annex, kind)
    reference = list(annex.items)
    fallback = [i for i in FALLBACK[category].get(kind, ()) if i not in reference]
    chosen = _pick(rng, reference, 0.75) + _pick(rng, fallback, 0.5)
    if rng.random() < 0.25:
        extra = rng.choice(all_ids)
        if extra not in chosen:
            chosen.append(extra)
    if not chosen and kind in ("aims", "potential"):  # both need one selection at least
        chosen = [rng.choice(reference or fallback or all_ids)]
    return chosen


def _answers(
    m: _Member, rng: random.Random, pack: ReferencePack, categories: list[str]
) -> dict[str, Any]:
    """Plausible, varied answers for one organisation (question id -> value)."""
    roles = {}
    for role in pack.roles:
        values, weights = RATINGS[pack.level(m.category, role.id)]
        roles[role.id] = rng.choices(values, weights)[0]
    aims: list[Any] = _choices(rng, pack, m.category, "aims", [a.id for a in pack.aims])
    answers: dict[str, Any] = {
        "ssc_staff": rng.randint(2, 40)
        * (5 if m.org.scale in ("national", "international") else 1),
        "respondent_position": rng.choice(POSITIONS),
        "consent_named": m.named,
        "roles": roles,
        "aims": aims,
        "top_aim": rng.choice(aims),
        "challenges": _choices(
            rng, pack, m.category, "challenges", [c.id for c in pack.challenges]
        ),
        "potential": _choices(rng, pack, m.category, "potential", [p.id for p in pack.potential]),
        "constraints": _choices(
            rng, pack, m.category, "constraints", [c.id for c in pack.constraints]
        ),
        "collaborations": sorted(
            rng.sample(PARTNERS[m.category], rng.randint(1, len(PARTNERS[m.category]))),
            key=categories.index,
        ),
        "collaboration_needs": sorted(
            rng.sample([c for c in categories if c != m.category], rng.randint(1, 3)),
            key=categories.index,
        ),
        "phases": [p for p in ("design", "implementation", "assessment") if rng.random() < 0.6]
        or ["implementation"],
    }
    district = rng.choice(DISTRICTS)
    if rng.random() < 0.6:
        plan = rng.choice(PLANS[m.category])
        answers["planned_contribution"] = plan.format(city=CITY, district=district)
    if rng.random() < 0.3:
        answers["comments"] = rng.choice(COMMENTS)
    answers.update(OWN_TEXTS.get(m.org.name, {}))
    return {k: v for k, v in answers.items() if v != []}


def _force(members: list[_Member], rng: random.Random, pack: ReferencePack) -> dict[str, list[str]]:
    """Make the situations the reports explain hold whatever the noise gave."""
    role_ids = [r.id for r in pack.roles]
    # An organisation that declines to be named is in no figure: the situations are made by
    # the others (its ratings are still capped where nobody may contribute or lead).
    everyone = [m for m in members if m.kind in ("signed", "resubmitted", "unverified")]
    answering = [m for m in everyone if m.named]
    signed = [m for m in answering if m.kind != "unverified"]
    contested = rng.choice(CONTESTED)
    no_lead = rng.choice([r for r in NO_LEAD if r != contested])
    uncovered = rng.sample([r for r in UNCOVERED if r not in (contested, no_lead)], 2)
    forced = {contested, no_lead, *uncovered}

    def by_expectation(role: str, among: list[_Member]) -> list[_Member]:
        shuffled = rng.sample(among, len(among))
        return sorted(shuffled, key=lambda m: -RANK[pack.level(m.category, role)])

    # The city leads its own programme: the report's first role has a clear owner.
    city = next(m for m in answering if m.org.name == ORGANISATIONS["municipality"][0].name)
    city.answers["roles"]["city_leadership"] = 4
    # Gaps: two organisations rate one of their primary roles 0 or 1.
    for m in rng.sample(answering, min(2, len(answering))):
        primary = [r for r in role_ids if pack.level(m.category, r) == Level.PRIMARY]
        options = [r for r in primary if r not in (contested, no_lead, "city_leadership")]
        if options:
            m.answers["roles"][rng.choice(options)] = rng.choice((0, 1))
    # Beyond the reference: two organisations contribute to a role not expected of them.
    for m in rng.sample(answering, min(2, len(answering))):
        options = [
            r
            for r in role_ids
            if pack.level(m.category, r) == Level.NONE and r not in forced | {"city_leadership"}
        ]
        m.answers["roles"][rng.choice(options)] = 3
    # Contested: two organisations lead the same role; every other one rates it at most 3.
    leaders = by_expectation(contested, signed)[:2]
    for m in everyone:
        ratings = m.answers["roles"]
        ratings[contested] = 4 if m in leaders else min(ratings[contested], 3)
    # No lead: contributors but no leader.
    for m in everyone:
        m.answers["roles"][no_lead] = min(m.answers["roles"][no_lead], 3)
    by_expectation(no_lead, signed)[0].answers["roles"][no_lead] = 3
    # Uncovered: nobody contributes.
    for m in everyone:
        for role in uncovered:
            m.answers["roles"][role] = min(m.answers["roles"][role], 2)
    return {
        Coverage.CONTESTED: [contested],
        Coverage.NO_LEAD: [no_lead],
        Coverage.UNCOVERED: sorted(uncovered),
    }


def _consents_and_pledges(members: list[_Member], rng: random.Random) -> None:
    """The questionnaire's last answers, given once the ratings are final.

    Which roles a planned contribution concerns (two of the roles the organisation rates 3 or
    4), and whether its free text may be quoted (asked only when it wrote some; most agree).
    """
    for m in members:
        answers = m.answers
        if "planned_contribution" in answers:
            strong = [r for r, v in answers["roles"].items() if v >= 3]
            if strong:
                answers["pledge_roles"] = sorted(rng.sample(strong, min(2, len(strong))))
        if "planned_contribution" in answers or "comments" in answers:
            answers["consent_quote"] = rng.random() < 0.7


def _first_revision(final: dict[str, Any], rng: random.Random, forced: set[str]) -> dict[str, Any]:
    """What the resubmitting organisation sent first: two ratings lower, no plan yet."""
    first = {**final, "roles": dict(final["roles"])}
    raised = [r for r, v in final["roles"].items() if v >= 1 and r not in forced]
    for role in rng.sample(raised, min(2, len(raised))):
        first["roles"][role] = final["roles"][role] - 1
    first.pop("planned_contribution", None)
    first.pop("pledge_roles", None)
    if first == final:  # nothing to lower: the first answer had no comment either
        first.pop("comments", None)
        first["phases"] = ["design"] if final.get("phases") != ["design"] else ["assessment"]
    if "planned_contribution" not in first and "comments" not in first:
        first.pop("consent_quote", None)  # asked only after free text
    return first


# ---------------------------------------------------------------------------- files


class _NoAliases(yaml.SafeDumper):
    """sscassess refuses YAML anchors and aliases: never write any."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _yaml(data: dict[str, Any]) -> bytes:
    text = yaml.dump(data, Dumper=_NoAliases, sort_keys=False, allow_unicode=True, width=88)
    return text.encode()


def _document(
    q: Questionnaire, organisation: dict[str, Any], answers: dict[str, Any]
) -> dict[str, Any]:
    return {"questionnaire": q.id, "organisation": organisation, "answers": answers}


def _invitations_csv(members: list[_Member], lang: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["name", "category", "subtype", "contact", "lang"])
    for m in members:
        from sscassess.core.texts import slugify

        contact = f"smartcity@{slugify(m.org.name).replace('_', '-')}.example"
        writer.writerow([m.org.name, m.category, m.org.subtype or "", contact, m.org.lang or lang])
    return out.getvalue().encode()


# ---------------------------------------------------------------------------- the demo


@dataclass(frozen=True)
class _FileLine:
    """A progress line about one organisation's file: what it is, the slug, a note."""

    what: Msg
    slug: str
    note: Msg | None = None

    def spelt(self, tr: Translator) -> str:
        """``      signed response    lakeside-water (not to be named)``, labels aligned."""
        width = max(len(tr.gettext(label)) for label in _FILE_LABELS)
        what = spell((self.what,), tr=tr)
        note = f" {spell((self.note,), tr=tr)}" if self.note else ""
        return f"      {what:<{width}} {self.slug}{note}"


#: What a progress line says of a file (:class:`_FileLine`), as long as the longest.
_FILE_LABELS = (
    N_("signed response"),
    N_("paper form typed in"),
    N_("draft only"),
    N_("no answer"),
    N_("resubmitted"),
)


def build_demo(
    out: Path = DEFAULT_OUT,
    organisations: int = DEFAULT_ORGANISATIONS,
    seed: int = DEFAULT_SEED,
    lang: str = "en",
    progress: Callable[[str], None] | None = None,
    reports: Reports = "all",
    tr: Translator | None = None,
) -> DemoResult:
    """Build the demo campaign in ``out`` (a new or empty folder) and return what was made.

    ``organisations`` (4 to 100) organisations are invited; the same ``seed`` gives the same
    organisations and answers. ``lang`` is the language of the invitations and reports.
    ``reports``: ``all`` (the city report and one per responding organisation), ``city`` or
    ``none`` (faster, for tests).
    Raises :class:`UsageError` for a bad argument or a non-empty ``out``, before writing
    anything; if a later step fails, the folder is removed again.
    """
    t = tr or translator("en")
    said = progress or (lambda _message: None)

    def say(message: Msg | _FileLine) -> None:
        said(message.spelt(t) if isinstance(message, _FileLine) else spell((message,), tr=t))

    if reports not in ("all", "city", "none"):
        raise UsageError(
            Msg("{option}: use 'all', 'city' or 'none'", option=Option("reports", reports))
        )
    if organisations < MIN_ORGANISATIONS:
        raise UsageError(
            Msg("{option} {n}: the demo needs at least {min} (two signed responses to contest a "
                "role, an unverified paper form and a draft)", option=Option("organisations"),
                n=organisations, min=MIN_ORGANISATIONS)
        )  # fmt: skip
    if organisations > MAX_ORGANISATIONS:
        raise UsageError(
            Msg("{option} {n}: the demo invites at most {max} organisations (it has that many "
                "fictional names)", option=Option("organisations"), n=organisations,
                max=MAX_ORGANISATIONS)
        )  # fmt: skip
    if out.exists() and not out.is_dir():
        raise UsageError(
            Msg("{out} exists and is not a folder; give a new folder for the demo", out=out)
        )
    if out.exists() and any(not p.name.startswith(".") for p in out.iterdir()):
        raise UsageError(
            Msg("{out} is not empty; the demo writes a new campaign there: give a new or empty "
                "folder with {option}, or remove this one", out=out, option=Option("out"))
        )  # fmt: skip
    from sscassess.questionnaire.load import load_questionnaire
    from sscassess.report import load_template

    q = load_questionnaire(None)
    template = load_template()
    pack_languages = q.reference.meta.languages
    languages = [x for x in q.languages if x in template.languages and x in pack_languages]
    if lang not in languages:
        raise UsageError(
            Msg("{option} '{lang}' is not available; use one of {languages}",
                option=Option("lang"), lang=lang, languages=", ".join(languages))
        )  # fmt: skip
    created = not out.exists()
    try:
        return _build(out, organisations, seed, lang, say, reports)
    except BaseException:
        # Leave no half-made demo behind: a second run would refuse the folder.
        if created:
            shutil.rmtree(out, ignore_errors=True)
        elif out.is_dir():
            for child in out.iterdir():
                if not child.name.startswith("."):
                    if child.is_dir():
                        shutil.rmtree(child, ignore_errors=True)
                    else:
                        child.unlink(missing_ok=True)
        raise


def _build(
    out: Path,
    n: int,
    seed: int,
    lang: str,
    say: Callable[[Msg | _FileLine], None],
    reports: Reports,
) -> DemoResult:
    from sscassess.campaign.folder import Campaign

    rng = random.Random(seed)
    steps = 5 if reports == "none" else 6
    say(Msg("[1/{steps}] Creating the campaign for {city} (fictional) in {out}", steps=steps,
            city=CITY, out=out))  # fmt: skip
    campaign = Campaign.init(out, CITY, COUNTRY, ROUND)
    try:
        q = campaign.questionnaire
        pack = q.reference
        categories = [c.id for c in pack.categories]
        members, left_out, quiet = _cast(n, rng)
        _assign_kinds(members, quiet, rng, seed)
        for m in members:
            m.organisation = {"scale": m.org.scale, "sector": m.org.sector}
            m.answers = _answers(m, rng, pack, categories)
        forced = _force(members, rng, pack)
        _consents_and_pledges(members, random.Random(f"{seed}:pledges"))

        say(Msg("[2/{steps}] Inviting {n} organisations from organisations.csv", steps=steps,
                n=n))  # fmt: skip
        csv_path = out / "organisations.csv"
        from sscassess.core.fileio import atomic_write

        atomic_write(csv_path, _invitations_csv(members, lang))
        campaign.invite_from_csv(csv_path)
        by_name = {inv.organisation: inv for inv in campaign.store.invitations()}

        say(Msg("[3/{steps}] Respondents answer: answers files become signed response files",
                steps=steps))  # fmt: skip
        result_orgs = _respond(campaign, members, by_name, rng, forced, say)

        say(Msg("[4/{steps}] Importing the returned files", steps=steps))
        _import(campaign, members, by_name, say)
        result = DemoResult(out, CITY, seed, result_orgs, forced, left_out)

        say(Msg("[5/{steps}] Analysing the answers against the reference roles", steps=steps))
        _analyse(campaign, result, lang)

        if reports != "none":
            say(
                Msg("[6/6] Writing the reports")
                if reports == "all"
                else Msg("[6/6] Writing the reports (city report only)")
            )
            _reports(campaign, result, lang, reports == "all", say)
        return result
    finally:
        campaign.close()


def _respond(
    campaign: Campaign,
    members: list[_Member],
    by_name: dict[str, Any],
    rng: random.Random,
    forced: dict[str, list[str]],
    say: Callable[[Msg | _FileLine], None],
) -> list[DemoOrganisation]:
    from sscassess.core.fileio import atomic_write
    from sscassess.respond import answer_with_invitation

    q = campaign.questionnaire
    root = campaign.root
    for folder in ("answers", "inbox", "paper"):
        (root / folder).mkdir()
    result = []
    for m in members:
        inv = by_name[m.org.name]
        demo_org = DemoOrganisation(m.org.name, m.category, inv.slug, m.kind, named=m.named)
        result.append(demo_org)
        invitation = root / "invitations" / f"{inv.slug}.yaml"
        if m.kind in ("signed", "resubmitted"):
            first = m.answers
            if m.kind == "resubmitted":
                first = _first_revision(m.answers, rng, {r for v in forced.values() for r in v})
            src = root / "answers" / f"{inv.slug}.yaml"
            atomic_write(src, _yaml(_document(q, m.organisation, first)))
            target = root / "inbox" / f"{inv.slug}.response.json"
            answer_with_invitation(invitation, src, target)
            demo_org.files += [src, target]
            say(_FileLine(Msg("signed response"), inv.slug, None if m.named
                           else Msg("(not to be named)")))  # fmt: skip
        elif m.kind == "unverified":
            organisation = {"name": inv.organisation, "category": inv.category}
            if inv.subtype:
                organisation["subtype"] = inv.subtype
            paper = root / "paper" / f"{inv.slug}.yaml"
            atomic_write(paper, _yaml(_document(q, {**organisation, **m.organisation}, m.answers)))
            demo_org.files.append(paper)
            say(_FileLine(Msg("paper form typed in"), inv.slug, Msg("(no signature)")))
        elif m.kind == "draft":
            _save_draft(campaign, inv, m, q)
            say(_FileLine(Msg("draft only"), inv.slug,
                           Msg("(started in a workshop, not submitted)")))  # fmt: skip
        else:
            say(_FileLine(Msg("no answer"), inv.slug))
    return result


def _save_draft(campaign: Campaign, inv: Any, m: _Member, q: Questionnaire) -> None:
    """Half the questionnaire answered in workshop mode, then left (the store keeps the draft)."""
    from sscassess.wizard.screens import is_answered, visible_screens

    roles = dict(list(m.answers["roles"].items())[: len(m.answers["roles"]) // 2])
    draft = {**m.organisation, "consent_named": True, "roles": roles}
    fixed = {"organisation_name": inv.organisation, "category": inv.category}
    if inv.subtype:
        fixed["subtype"] = inv.subtype
    screens = visible_screens(q, {**fixed, **draft}, fixed)
    answered = sum(1 for s in screens if is_answered(s, draft))
    campaign.store.save_draft(inv.invitation_id, draft, answered, len(screens))


def _import(
    campaign: Campaign,
    members: list[_Member],
    by_name: dict[str, Any],
    say: Callable[[Msg | _FileLine], None],
) -> None:
    from sscassess.core.fileio import atomic_write
    from sscassess.respond import answer_with_invitation

    root = campaign.root
    q = campaign.questionnaire
    results = list(campaign.iter_import([root / "inbox"]))
    for m in members:
        inv = by_name[m.org.name]
        if m.kind == "resubmitted":
            # The organisation answers again with changed answers: the same command writes
            # revision 2 over its response file, and the import keeps revision 1 as history.
            src = root / "answers" / f"{inv.slug}.revision-2.yaml"
            atomic_write(src, _yaml(_document(q, m.organisation, m.answers)))
            target = root / "inbox" / f"{inv.slug}.response.json"
            answer_with_invitation(root / "invitations" / f"{inv.slug}.yaml", src, target)
            results.append(campaign.import_file(target))
            say(_FileLine(Msg("resubmitted"), inv.slug, Msg("(revision 2)")))
        elif m.kind == "unverified":
            results.append(campaign.import_file(root / "paper" / f"{inv.slug}.yaml", True))
    rejected = [r for r in results if r.status != "imported"]
    if rejected:
        detail = "; ".join(f"{r.path}: {r.detail}" for r in rejected)
        raise SscError(
            Msg("the demo's own files were not imported ({detail}); this is a bug", detail=detail)
        )
    say(Msg(Plural("      {n} file imported", "      {n} files imported"), n=len(results)))


def _analyse(campaign: Campaign, result: DemoResult, lang: str) -> Analysis:
    from sscassess.analysis import output as analysis_output
    from sscassess.pipeline import analyse_campaign

    analysis = analyse_campaign(campaign, lang=lang)
    reports = campaign.root / "reports"
    for fmt in ("json", "xlsx"):
        result.analysis_files += analysis_output.write(analysis, fmt, reports / f"analysis.{fmt}")
    coverage = analysis.tables[Table.ROLE_COVERAGE]
    participation = analysis.tables[Table.PARTICIPATION]
    org_roles = analysis.tables[Table.ORGANISATION_ROLES]
    for status in NEEDS_DECISION:
        result.findings[status] = [
            str(r) for r in coverage.loc[coverage["status"] == status, "role"]
        ]
    result.findings["categories_without_voice"] = [
        str(c) for c in participation.loc[~participation["has_voice"], "category"]
    ]
    for role_status, key in (
        (RoleStatus.GAP, "organisations_with_gaps"),
        (RoleStatus.BEYOND_REFERENCE, "organisations_beyond_reference"),
    ):
        names = org_roles.loc[org_roles["status"] == role_status, "organisation"]
        result.findings[key] = sorted({str(n) for n in names})
    return analysis


def _reports(campaign: Campaign, result: DemoResult, lang: str, organisations: bool,
             say: Callable[[Msg | _FileLine], None]) -> None:  # fmt: skip
    from sscassess.pipeline import write_reports

    def step(done: int, total: int, name: str) -> None:
        say(Msg("      report {done}/{total}       {name}", done=done, total=total, name=name))

    # Each organisation reads its report in the language it was invited in.
    result.reports = write_reports(
        campaign, organisations=organisations, lang=lang, own_language=True, progress=step
    )
    result.city_report = result.reports[0]


def describe(result: DemoResult, tr: Translator | None = None) -> str:
    """What the demo made and what to open first, for the terminal, in the language of ``tr``."""
    import textwrap

    from sscassess.core.texts import terminal_safe

    t = tr or translator("en")
    root = result.root
    signed = result.count("signed") + result.count("resubmitted")
    rows: list[tuple[str, str]] = []

    def row(label: Msg, text: Msg | str) -> None:
        rows.append((spell((label,), tr=t), spell((text,), tr=t)))

    row(
        Msg("Invited"),
        Msg(Plural("{n} organisation ({file})", "{n} organisations ({file})"),
            n=len(result.organisations), file=root / "organisations.csv"),
    )  # fmt: skip
    row(
        Msg("Signed response files"),
        Msg("{n} in {folder}/ ({resubmitted} resubmitted as revision 2)", n=signed,
            folder=root / "inbox", resubmitted=result.count("resubmitted")),
    )  # fmt: skip
    row(
        Msg("Paper form, unverified"),
        Msg("{n} in {folder}/", n=result.count("unverified"), folder=root / "paper"),
    )
    declined = sum(1 for o in result.organisations if not o.named)
    if declined:
        from sscassess.analysis.definitions import DEFAULT_MIN_GROUP

        row(
            Msg("Declined to be named"),
            Msg("{n}: in no figure (fewer than {min} decline), own report under its pseudonym",
                n=declined, min=DEFAULT_MIN_GROUP),
        )  # fmt: skip
    row(
        Msg("No answer"),
        Msg("{drafts} draft only, {silent} not answered", drafts=result.count("draft"),
            silent=result.count("not_answered")),
    )  # fmt: skip
    findings = result.findings
    if findings:
        for key, label in (
            ("categories_without_voice", Msg("Categories without a voice")),
            (Coverage.UNCOVERED, Msg("Roles nobody covers")),
            (Coverage.NO_LEAD, Msg("Roles without a lead")),
            (Coverage.CONTESTED, Msg("Contested roles")),
        ):
            row(label, ", ".join(findings[key]) or NONE)
        row(
            Msg("Organisations with gaps"),
            Msg("{n} (beyond the reference: {beyond})", n=len(findings["organisations_with_gaps"]),
                beyond=len(findings["organisations_beyond_reference"])),
        )  # fmt: skip
    for path in result.analysis_files:
        row(Msg("Analysis"), str(path))
    organisation_reports = [p for p in result.reports if p != result.city_report]
    if organisation_reports:
        row(
            Msg("Organisation reports"),
            Msg("{n} in {folder}/", n=len(organisation_reports),
                folder=organisation_reports[0].parent),
        )  # fmt: skip
    width = max(27, *(len(said) for said, _ in rows))
    lines = [
        spell((Msg("Demo campaign for {city} (a fictional city), seed {seed}: {root}",
                   city=result.city, seed=result.seed, root=root),), tr=t)
    ]  # fmt: skip
    for said, text in rows:
        lines += textwrap.wrap(
            text,
            width=max(88, width + 40),
            initial_indent=f"  {said:<{width}} ",
            subsequent_indent=" " * (width + 3),
        )
    if result.city_report is not None:
        lines.append(spell((Msg("Open first: {path}", path=result.city_report),), tr=t))
    lines.append(
        spell((Msg("Then try: {status}   {analyze}", status=" ".join(("sscassess status", str(root))),
                   analyze=" ".join(("sscassess analyze", str(root)))),), tr=t)
    )  # fmt: skip
    return terminal_safe("\n".join(lines)) + "\n"
