"""Which of the reference pack's recommendations the answers trigger, with evidence."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sscassess.analysis.definitions import flagged, suppressed
from sscassess.analysis.findings import as_list
from sscassess.analysis.messages import EVIDENCE, pack_names, render
from sscassess.core.i18n import translator
from sscassess.core.vocabulary import BELOW_REFERENCE, LEADERLESS, ItemKind, Privacy, Table
from sscassess.reference.model import Combination, Condition, Trigger

if TYPE_CHECKING:
    import pandas as pd

    from sscassess.analysis.frame import Frame
    from sscassess.reference.model import ReferencePack


# ---------------------------------------------------------------------------- recommendations


@dataclass
class _Evidence:
    """What fired a trigger: condition kinds, and findings keyed by evidence id (in order)."""

    kinds: list[str] = field(default_factory=list)
    #: evidence id -> {"code": an :data:`~sscassess.analysis.messages.EVIDENCE` code, "params"}
    items: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def ids(self) -> list[str]:
        return list(self.items)

    @property
    def findings(self) -> list[dict[str, Any]]:
        return list(self.items.values())

    def add(self, kind: str, ident: str, code: str, **params: Any) -> None:
        self.items.setdefault(ident, {"code": code, "params": params})
        if kind not in self.kinds:
            self.kinds.append(kind)

    def extend(self, other: _Evidence) -> None:
        for kind in other.kinds:
            if kind not in self.kinds:
                self.kinds.append(kind)
        for ident, finding in other.items.items():
            self.items.setdefault(ident, finding)


def recommendations_table(
    pack: ReferencePack,
    tables: dict[str, pd.DataFrame],
    frame: Frame,
    groups: dict[str, str],
    privacy: str,
    lang: str,
) -> pd.DataFrame:
    """The ``recommendations`` table: the pack's recommendations the answers trigger."""
    import pandas as pd

    columns = [
        "recommendation", "group", "title", "text", "concerns", "conditions", "evidence",
        "evidence_ids", "evidence_codes",
    ]  # fmt: skip
    if frame.n == 0:
        return pd.DataFrame([], columns=columns)
    facts = _Facts(pack, tables, frame, groups, privacy, lang)
    tr, names = translator(lang), pack_names(pack, lang)
    rows = []
    for rec in pack.recommendations:
        trigger = pack.triggers.get(rec.id)
        if rec.kind != "triggered" or trigger is None:
            continue
        ev = facts.evaluate(trigger)
        if ev is None:
            continue
        rows.append(
            {
                "recommendation": rec.id,
                "group": rec.group,
                "title": pack.text(rec.title, lang),
                "text": pack.text(rec.text, lang),
                "concerns": list(rec.concerns) if rec.concerns != "all" else ["all"],
                "conditions": ev.kinds,
                "evidence": [
                    render(EVIDENCE, f["code"], f["params"], tr, names) for f in ev.findings
                ],
                "evidence_ids": ev.ids,
                "evidence_codes": ev.findings,
            }
        )
    return pd.DataFrame(rows, columns=columns)


class _Facts:
    """The findings a trigger condition can test, read from the computed tables."""

    def __init__(
        self,
        pack: ReferencePack,
        tables: dict[str, pd.DataFrame],
        frame: Frame,
        groups: dict[str, str],
        privacy: str,
        lang: str,
    ) -> None:
        cov = tables[Table.ROLE_COVERAGE]
        self.pack = pack
        self.lang = lang
        self.role_status = dict(zip(cov["role"], cov["status"], strict=True))
        self.owner_missing = {
            role: flagged(v) for role, v in zip(cov["role"], cov["owner_missing"], strict=True)
        }
        # A role whose primary owners did not answer is not heard: its evidence says so,
        # never that nobody plays it.
        self.not_heard = {
            role
            for role, v in zip(cov["role"], cov["primary_owners_heard"], strict=True)
            if not suppressed(v) and v is not None and not bool(v)
        }
        self.voiced = set(frame.categories)
        # A category nobody invited did not "not answer": the evidence says which it is.
        part = tables.get(Table.PARTICIPATION)
        invited = (
            {str(c): int(n) for c, n in zip(part["category"], part["invited"], strict=True)}
            if part is not None
            else {}
        )
        self.never_invited = {c for c, n in invited.items() if n == 0}
        self.owners_never_invited = {
            role
            for role, owners in zip(cov["role"], cov["primary_owners"], strict=True)
            if role in self.not_heard
            and as_list(owners)
            and all(str(o) in self.never_invited for o in as_list(owners))
        }
        self.n = frame.n
        freq = tables[Table.ITEM_FREQUENCIES]
        self.aims = dict(
            zip(
                freq.loc[freq["kind"] == ItemKind.AIM, "item"],
                freq.loc[freq["kind"] == ItemKind.AIM, "selected_by"],
                strict=True,
            )
        )
        ch = freq[freq["kind"] == ItemKind.CHALLENGE]
        self.challenges = dict(zip(ch["item"], ch["selected_by"], strict=True))
        org_roles = tables[Table.ORGANISATION_ROLES]
        short = org_roles[org_roles["status"].isin([str(s) for s in BELOW_REFERENCE])]
        self.shortfalls = short[["response_id", "organisation", "category", "role", "status"]]
        self.group_of = dict(zip(frame.response_ids, frame.group_of, strict=True))
        self.privacy = privacy

    def evaluate(self, trigger: Trigger) -> _Evidence | None:
        if isinstance(trigger, Combination):
            results = [self.evaluate(p) for p in trigger.parts]
            fired = [r for r in results if r is not None]
            if trigger.mode == "all" and len(fired) != len(results):
                return None
            if not fired:
                return None
            merged = _Evidence()
            for r in fired:
                merged.extend(r)
            return merged
        return self.condition(trigger)

    def condition(self, c: Condition) -> _Evidence | None:
        ev = _Evidence()
        if c.kind == "role_status":
            for role in c.roles:
                status = self.role_status.get(role)
                if status in c.status:
                    unheard = status in LEADERLESS and role in self.not_heard
                    code = "role_status_not_heard" if unheard else "role_status"
                    if unheard and role in self.owners_never_invited:
                        code = "role_status_not_invited"
                    ev.add(c.kind, f"role:{role}:{status}", code, role=role, status=status)
        elif c.kind == "owner_missing":
            for role in c.roles:
                if self.owner_missing.get(role):
                    code = "owner_not_heard" if role in self.not_heard else "owner_missing"
                    if role in self.owners_never_invited:
                        code = "owner_not_invited"
                    ev.add(c.kind, f"owner_missing:{role}", code, role=role)
        elif c.kind == "category_missing":
            for cat in c.categories:
                if cat not in self.voiced:
                    code = (
                        "category_not_invited" if cat in self.never_invited else "category_missing"
                    )
                    ev.add(c.kind, f"category:{cat}", code, category=cat)
        elif c.kind == "category_gap":
            hits = self.shortfalls[
                self.shortfalls["category"].isin(c.categories)
                & self.shortfalls["role"].isin(c.roles)
            ]
            for row in hits.itertuples(index=False):
                status = str(row.status)
                if self.privacy != Privacy.ANONYMOUS:
                    ev.add(
                        c.kind, f"gap:{row.response_id}:{row.role}", "organisation_gap",
                        organisation=row.organisation, role=row.role, status=status,
                    )  # fmt: skip
                else:
                    group = self.group_of[row.response_id]
                    ev.add(
                        c.kind, f"gap:{group}:{row.role}:{status}", "group_gap",
                        group=group, role=row.role, status=status,
                    )  # fmt: skip
        elif c.kind == "aim_unpursued":
            for aim in c.aims:
                if self.aims.get(aim, 0) == 0:
                    ev.add(c.kind, f"aim:{aim}", "aim_unpursued", aim=aim)
        elif c.kind == "challenge_reported":
            for ch in c.challenges:
                share = self.challenges.get(ch, 0) / self.n
                if share >= c.min_share and self.challenges.get(ch, 0) > 0:
                    ev.add(
                        c.kind, f"challenge:{ch}", "challenge_reported",
                        challenge=ch, share=round(float(share), 4),
                    )  # fmt: skip
        return ev if ev.items else None
