"""What each finding code says: the English messages of data-quality notes and evidence.

The analysis records a finding as a code with parameters (``{"code": "draft_not_counted",
"params": {"answered": 3, "total": 39}}``); whoever shows it renders it here, in the reader's
language, through the catalogues. Parameters are plain JSON values; by name they say how they
are shown:

- ``role``, ``category``, ``aim``, ``challenge``: an id, shown by its name in the pack;
- ``categories``: a list of category ids, shown as their names;
- ``status``: a status word (:data:`STATUS_WORDS`);
- ``share``: a fraction, shown as a percentage;
- ``group``: a reporting group (a category id, ``other`` or ``declined``);
- ``source``: how a response arrived (:data:`SOURCES`);
- anything else (counts, organisation names, a source) as it is, numbers the reader's way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from sscassess.analysis.definitions import DECLINED_GROUP, OTHER_GROUP
from sscassess.core.i18n import N_, Plural
from sscassess.core.vocabulary import Coverage, RoleStatus

if TYPE_CHECKING:
    from collections.abc import Mapping

    from sscassess.core.i18n import Translator
    from sscassess.reference.model import ReferencePack

#: The data-quality notes by code.
NOTES: dict[str, str | Plural] = {
    "unverified_excluded": Plural(
        "{count} response was not signed with an invitation code and is left out of every figure",
        "{count} responses were not signed with an invitation code and are left out of every figure",
        count="count",
    ),
    "unverified_included": Plural(
        "{count} response was not signed with an invitation code and is counted; it is marked unverified",
        "{count} responses were not signed with an invitation code and are counted; they are marked unverified",
        count="count",
    ),
    "unverified": N_("not signed with an invitation code; received as {source}"),
    "declined_grouped": Plural(
        "{count} organisation declined to be named; its answers are reported in the group of organisations not named",
        "{count} organisations declined to be named; their answers are reported together in the group of organisations not named",
        count="count",
    ),
    "declined_left_out": Plural(
        "{count} organisation declined to be named; fewer than {min_group}, so its answers are left out of every figure",
        "{count} organisations declined to be named; fewer than {min_group}, so their answers are left out of every figure",
        count="count",
    ),
    "role_unanswered": N_("no organisation rated this role; it counts as 0 (not involved)"),
    "draft_not_counted": N_("a draft ({answered}/{total} answered) was never submitted"),
    "open_responses": Plural(
        "{count} response came from an organisation that was not invited",
        "{count} responses came from organisations that were not invited",
        count="count",
    ),
    "questionnaire_mismatch": Plural(
        "{count} response answers another version of the questionnaire",
        "{count} responses answer another version of the questionnaire",
        count="count",
    ),
    "no_responses": N_(
        "no submitted response is counted yet: every role is uncovered and no recommendation "
        "is evaluated"
    ),
    "groups_merged": Plural(
        "categories with fewer than {min_group} organisations are reported together "
        "({count} organisation): {categories}",
        "categories with fewer than {min_group} organisations are reported together "
        "({count} organisations): {categories}",
        count="count",
    ),
    "raci_no_accountable": Plural(
        "{count} contributor, but those who could be accountable declined to be named: no "
        "accountable organisation is proposed",
        "{count} contributors, but those who could be accountable declined to be named: no "
        "accountable organisation is proposed",
        count="count",
    ),
    "raci_several_accountable": Plural(
        "{count} organisation is accountable",
        "{count} organisations are accountable",
        count="count",
    ),
    "raci_no_responsible": N_("nobody accountable or responsible rates it 3 or 4"),
}

#: What a data-quality note is about, when it is not an organisation, a role or a group.
SUBJECTS: dict[str, str | Plural] = {
    "responses": Plural("{count} response", "{count} responses", count="count"),
    "organisations": Plural("{count} organisation", "{count} organisations", count="count"),
    "draft": N_("a draft"),
    "campaign": N_("the campaign"),
}

#: The evidence of a triggered recommendation, by code.
EVIDENCE: dict[str, str | Plural] = {
    "role_status": N_("{role}: {status}"),
    "role_status_not_heard": N_("{role}: {status}; not heard: its expected owner did not answer"),
    "owner_not_heard": N_("{role}: not heard: its expected owner did not answer"),
    "owner_missing": N_("{role}: no contributor from an expected category"),
    "category_missing": N_("{category}: no response"),
    "category_not_invited": N_("{category}: never invited"),
    "role_status_not_invited": N_(
        "{role}: {status}; not heard: its expected owner was never invited"
    ),
    "owner_not_invited": N_("{role}: not heard: its expected owner was never invited"),
    "organisation_gap": N_("{organisation} × {role}: {status}"),
    "group_gap": N_("an organisation in “{group}” × {role}: {status}"),
    "aim_unpursued": N_("{aim}: nobody pursues it"),
    "challenge_reported": N_("{challenge}: {share} of organisations"),
}

#: Status words as findings show them (the same words as the charts').
STATUS_WORDS: dict[str, str] = {
    Coverage.UNCOVERED: N_("uncovered"),
    Coverage.NO_LEAD: N_("no lead"),
    Coverage.CONTESTED: N_("contested"),
    Coverage.COVERED: N_("covered"),
    RoleStatus.PARTIAL: N_("partial"),
    RoleStatus.GAP: N_("gap"),
}

#: How a response arrived (the store's ``source``).
SOURCES: dict[str, str] = {
    "signed-file": N_("a signed answers file"),
    "unverified-file": N_("an answers file without its signature"),
    "open": N_("an answers file from an organisation that was not invited"),
}

#: The reporting groups that are not categories.
GROUP_NAMES: dict[str, str] = {
    OTHER_GROUP: N_("Other (small groups merged)"),
    DECLINED_GROUP: N_("Organisations not named (at their request)"),
}


class Names(Protocol):
    """The display names of the pack's ids in one language."""

    def __call__(self, kind: str, ident: str) -> str:
        """The name of ``ident`` of ``kind`` (``role``, ``category``, ``aim``, ``challenge``)."""
        ...


_NAMED = ("role", "category", "aim", "challenge")


def pack_names(pack: ReferencePack, lang: str) -> Names:
    """The pack's names in ``lang``: a role by its short name, the others by their name."""
    items = {
        "aim": {a.id: a.name for a in pack.aims},
        "challenge": {c.id: c.name for c in pack.challenges},
        "category": {c.id: c.name for c in pack.categories},
        "role": {r.id: r.short_name for r in pack.roles},
    }

    def name(kind: str, ident: str) -> str:
        text = items.get(kind, {}).get(ident)
        return ident if text is None else pack.text(text, lang)

    return name


def shown_params(params: Mapping[str, Any], tr: Translator, names: Names) -> dict[str, object]:
    """The parameters of a finding as they are shown (see the module's conventions)."""
    out: dict[str, object] = {}
    for key, value in params.items():
        if key in _NAMED:
            out[key] = names(key, str(value))
        elif key == "categories":
            out[key] = ", ".join(names("category", str(c)) for c in value)
        elif key == "status":
            word = STATUS_WORDS.get(str(value))
            out[key] = tr.gettext(word) if word else str(value)
        elif key == "source":
            word = SOURCES.get(str(value))
            out[key] = tr.gettext(word) if word else str(value)
        elif key == "share":
            out[key] = tr.percent(float(value))
        elif key == "group":
            word = GROUP_NAMES.get(str(value))
            out[key] = tr.gettext(word) if word else names("category", str(value))
        else:
            out[key] = value
    return out


def render(
    table: Mapping[str, str | Plural],
    code: str,
    params: Mapping[str, Any],
    tr: Translator,
    names: Names,
) -> str:
    """The text of finding ``code`` of ``table`` (:data:`NOTES`, :data:`EVIDENCE`)."""
    return tr.text(table[code], **shown_params(params, tr, names))


def subject_text(subject: str, params: Mapping[str, Any], tr: Translator, names: Names) -> str:
    """What a data-quality note is about, shown: a count, a role's name, a group, a name."""
    if subject in SUBJECTS:
        return tr.text(SUBJECTS[subject], **shown_params(params, tr, names))
    if subject in GROUP_NAMES:
        return tr.gettext(GROUP_NAMES[subject])
    if params.get("subject_kind") in _NAMED:
        return names(str(params["subject_kind"]), subject)
    return subject
