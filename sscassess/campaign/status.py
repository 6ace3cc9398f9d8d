"""A campaign's status: who was invited, who answered (and agreed to be named), the rate."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sscassess.campaign.folder import Campaign
    from sscassess.campaign.store import StoredResponse
    from sscassess.questionnaire.model import Questionnaire


def consents(q: Questionnaire, response: StoredResponse | None) -> bool | None:
    """Whether a response agreed to be named (None without a response or the question)."""
    question = q.by_mapping("consent.named")
    if response is None or question is None:
        return None
    return response.answers.get(question.id) is not False


def campaign_status(campaign: Campaign) -> dict[str, Any]:
    """Who was invited, who answered, response rate and categories with no voice."""
    q = campaign.questionnaire
    store = campaign.store
    invitations = store.invitations()
    responses = {r.response_id: r for r in store.responses()}
    drafts = store.drafts()
    rows = []
    # A response belongs to its organisation's active invitation; a revoked invitation
    # that was re-issued shows as revoked, without the answer its successor carries.
    current = {i.response_id: i.invitation_id for i in invitations if i.revoked_at is None}
    for inv in invitations:
        owner = current.get(inv.response_id, inv.invitation_id)
        resp = responses.get(inv.response_id) if owner == inv.invitation_id else None
        draft = drafts.get(inv.invitation_id)
        rows.append(
            {
                "organisation": inv.organisation,
                "slug": inv.slug,
                "category": inv.category,
                "invited": inv.created_at,
                "revoked": inv.revoked_at,
                "draft": f"{draft[0]}/{draft[1]}" if draft else None,
                "submitted": resp.submitted_at if resp else None,
                "revision": resp.revision if resp else None,
                "verified": resp.verified if resp else None,
                "named": consents(q, resp),
            }
        )
    for resp in responses.values():
        if resp.invitation_id is None:
            rows.append(
                {
                    "organisation": resp.organisation, "slug": None, "category": resp.category,
                    "invited": None, "revoked": None, "draft": None, "submitted": resp.submitted_at,
                    "revision": resp.revision, "verified": resp.verified,
                    "named": consents(q, resp),
                }
            )  # fmt: skip
    active = [i for i in invitations if i.revoked_at is None]
    answered = [i for i in active if i.response_id in responses]
    voiced = {r.category for r in responses.values()}
    return {
        "campaign_id": campaign.id,
        "city": campaign.config.city,
        "round": campaign.config.round,
        "questionnaire": q.ref,
        "invited": len(active),
        "submitted": len(answered),
        "open_responses": sum(1 for r in responses.values() if r.invitation_id is None),
        "response_rate": round(len(answered) / len(active), 4) if active else None,
        "categories_without_voice": [c.id for c in q.reference.categories if c.id not in voiced],
        "organisations": rows,
    }
