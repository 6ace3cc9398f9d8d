"""The city report's page for leadership: who does what next (issue 15).

It reads the ``actions`` table the analysis proposes (:mod:`sscassess.analysis.actions`)
and says it as decisions: the most urgent actions with who acts, what and why, then, for
every contested role the proposed accountable organisation, for every role without a lead
the proposed lead, the categories to invite and the organisations to chase. Every row of
the table is an action of the workbook's register (its ``action`` id), so a decision taken
here is tracked there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sscassess.analysis.findings import as_list, missing
from sscassess.analysis.messages import EVIDENCE
from sscassess.core.vocabulary import ActionKind, RoleStatus, Table
from sscassess.report.common import Context, W, bold
from sscassess.report.document import Cell

if TYPE_CHECKING:
    from reportlab.platypus import Flowable

#: Actions in the table of the page; the rest are in the lists below it and the register.
TOP_ACTIONS = 5
#: Evidence items shown under an action's reason.
EVIDENCE_SHOWN = 2
#: The kind of an evidence id ``gap:<response id>:<role>``: an organisation's own gap.
_GAP_EVIDENCE = "gap"


def decisions(ctx: Context) -> list[Flowable]:
    """The "Decisions for leadership" section."""
    b = ctx.b
    actions = ctx.rows(Table.ACTIONS)
    flow = ctx.opening("decisions")
    if actions is None:
        flow.append(b.para(ctx.tm("decisions_none")))
        return flow
    actions = actions.sort_values(["priority", "action"], key=_order)
    top = actions.head(TOP_ACTIONS)
    flow.append(b.para(ctx.tm("decisions_intro", n=len(actions), shown=len(top)), b.intro))
    head = [ctx.t(k) for k in ("col_action", "col_who_acts", "col_decision", "col_why")]
    rows = [
        [Cell(f"<b>{b.esc(r.action)}</b>"), bold(b, who(ctx, r)), what(ctx, r), why_cell(ctx, r)]
        for r in top.itertuples(index=False)
    ]
    flow.append(b.table(head, rows, [W * 0.1, W * 0.24, W * 0.33, W * 0.33]))
    for kind, heading in (
        (ActionKind.AGREE_LEAD, "decisions_contested"),
        (ActionKind.ASSIGN_LEAD, "decisions_no_lead"),
        (ActionKind.FIND_CONTRIBUTOR, "decisions_uncovered"),
        (ActionKind.INVITE, "decisions_invite"),
        (ActionKind.CHASE, "decisions_chase"),
    ):
        chosen = actions[actions["kind"] == kind]
        if chosen.empty:
            continue
        # In the outline only: the page is one decision sheet, its lists are not sections.
        flow += b.heading(ctx.t(heading), 1, contents=False)
        flow += b.bullets([b.esc(listed(ctx, r)) for r in chosen.itertuples(index=False)])
    return flow


def _order(column: Any) -> Any:
    """Sort key: priorities as numbers, action ids by their number (ACT-2 before ACT-10)."""
    if column.name == "action":
        return column.map(lambda a: int(str(a).rsplit("-", 1)[-1]))
    return column


def who(ctx: Context, r: Any) -> str:
    """Who acts: the organisation (or, anonymously, the category), else the coordinators."""
    if missing(r.owner) or not r.owner:
        return ctx.t("coordination_team")
    return ctx.category(r.owner) if ctx.anonymous else str(r.owner)


def what(ctx: Context, r: Any) -> str:
    """The decision an action asks for, in a sentence."""
    role = ctx.role(r.role) if not missing(r.role) and r.role else ""
    category = ctx.category(r.category) if not missing(r.category) and r.category else ""
    n = len(_evidence_of(r, "collaboration")) if r.kind == ActionKind.MEET_NEED else 0
    leaders = _leaders(ctx, r) if r.kind == ActionKind.AGREE_LEAD else 0
    return ctx.t(f"decide_{r.kind}", role=role, category=category, n=n, leaders=leaders)


def _leaders(ctx: Context, r: Any) -> int:
    """How many organisations claim to lead the action's role (at least its candidates)."""
    coverage = ctx.rows(Table.ROLE_COVERAGE)
    named = 0
    if coverage is not None and "leader_organisations" in coverage:
        hit = coverage.loc[coverage["role"] == r.role, "leader_organisations"]
        named = len(as_list(hit.iloc[0])) if len(hit) else 0
    return max(named, len(as_list(r.candidates)), 2)


def why_cell(ctx: Context, r: Any) -> Cell:
    """Why this owner and this action, then the evidence it rests on (in small type)."""
    b = ctx.b
    reason = reason_text(ctx, str(r.reason))
    shown = [e for e in (evidence_text(ctx, r, e) for e in as_list(r.evidence_ids)) if e]
    more = len(shown) - EVIDENCE_SHOWN
    evidence = "; ".join(shown[:EVIDENCE_SHOWN])
    if more > 0:
        evidence = ctx.t("decisions_evidence_more", evidence=evidence, n=more)
    markup = b.esc(reason)
    if evidence:
        markup += (
            f"<br/><font size=7>{b.esc(ctx.t('decisions_evidence', evidence=evidence))}</font>"
        )
    return Cell(markup)


def reason_text(ctx: Context, reason: str) -> str:
    """The reason code of an action (``leader_pledge``, ``no_answer``) in words."""
    pool, _, rule = reason.partition("_")
    if pool in ("leader", "contributor", "candidate") and ctx.template.has(f"why_{rule}"):
        return ctx.t(f"why_{rule}")
    return ctx.t(f"why_{reason}") if ctx.template.has(f"why_{reason}") else ctx.t("na")


def evidence_text(ctx: Context, r: Any, evidence: str) -> str:
    """One evidence id of an action in words; empty for the owner's own invitation."""
    kind, _, rest = str(evidence).partition(":")
    if kind == "role":
        role, _, status = rest.partition(":")
        return ctx.finding(EVIDENCE, "role_status", {"role": role, "status": status})
    if kind == "owner_missing":
        return ctx.finding(EVIDENCE, "owner_missing", {"role": rest})
    if kind == "category":
        part = ctx.rows(Table.PARTICIPATION)
        invited = part is not None and bool(
            (part.loc[part["category"] == rest, "invited"] > 0).any()
        )
        code = "category_missing" if invited else "category_not_invited"
        return ctx.finding(EVIDENCE, code, {"category": rest})
    if kind == "collaboration":
        needing, _, needed = rest.partition(":")
        return ctx.t("evidence_need", group=ctx.category(needing), category=ctx.category(needed))
    if kind == _GAP_EVIDENCE:
        role = rest.rpartition(":")[2]
        return ctx.finding(EVIDENCE, "role_status", {"role": role, "status": RoleStatus.GAP})
    return ""


def listed(ctx: Context, r: Any) -> str:
    """An action as one line of the lists under the table: what it settles, and who."""
    role = ctx.role(r.role) if not missing(r.role) and r.role else ""
    if r.kind == ActionKind.AGREE_LEAD:
        others = [str(c.get("who")) for c in as_list(r.candidates)[1:] if isinstance(c, dict)]
        shown = [ctx.category(o) for o in others] if ctx.anonymous else others
        return ctx.t("decisions_contested_item", role=role, owner=who(ctx, r),
                     others=", ".join(shown) or "–", action=r.action)  # fmt: skip
    if r.kind in (ActionKind.ASSIGN_LEAD, ActionKind.FIND_CONTRIBUTOR):
        return ctx.t("decisions_role_item", role=role, owner=who(ctx, r), action=r.action)
    category = ctx.category(r.category)
    reason = reason_text(ctx, str(r.reason))
    if r.kind == ActionKind.INVITE:
        return ctx.t("decisions_invite_item", category=category, why=reason, action=r.action)
    return ctx.t("decisions_chase_item", owner=who(ctx, r), category=category, why=reason,
                 role=role, action=r.action)  # fmt: skip


def _evidence_of(r: Any, kind: str) -> list[str]:
    return [e for e in as_list(r.evidence_ids) if str(e).startswith(f"{kind}:")]
