"""The ``data_quality`` notes: what a reader must know before trusting a figure.

Which responses are counted (unverified, declined to be named) and what the campaign lacks
(unrated roles, drafts never submitted, responses from organisations not invited, answers
to another questionnaire version, no response at all). Each note is a row with a ``code``,
a ``subject`` (an organisation's name, a role id, or one of the words of
:data:`sscassess.analysis.messages.SUBJECTS`) and the ``params`` of its text; the analysis adds
the ``detail`` in its language (:mod:`sscassess.analysis.messages` renders it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sscassess.analysis.definitions import declined_naming
from sscassess.core.vocabulary import Privacy

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from sscassess.analysis.frame import Frame
    from sscassess.campaign.store import Invitation, StoredResponse
    from sscassess.questionnaire.model import Questionnaire

Note = dict[str, Any]


def counting_notes(
    questionnaire: Questionnaire,
    unverified: Sequence[StoredResponse],
    declined: Sequence[StoredResponse],
    privacy: str,
    min_group: int,
    exclude_unverified: bool,
) -> list[Note]:
    """Notes on what is counted: unverified responses, and those that declined to be named."""
    quality: list[Note] = []
    if unverified:
        quality.append(
            {
                "code": "unverified_excluded" if exclude_unverified else "unverified_included",
                "subject": "responses",
                "params": {"count": len(unverified)},
            }
        )
        if privacy == Privacy.NAMED and not exclude_unverified:
            named_unverified = [r for r in unverified if not declined_naming(questionnaire, r)]
            for r in sorted(named_unverified, key=lambda r: r.organisation):
                quality.append(
                    {
                        "code": "unverified",
                        "subject": r.organisation,
                        "params": {"source": r.source},
                    }
                )
    if declined:
        pool_shown = len(declined) >= min_group
        quality.append(
            {
                "code": "declined_grouped" if pool_shown else "declined_left_out",
                "subject": "responses",
                "params": {"count": len(declined)}
                | ({} if pool_shown else {"min_group": min_group}),
            }
        )
    return quality


def campaign_notes(
    questionnaire: Questionnaire,
    frame: Frame,
    role_ids: Sequence[str],
    responses: Sequence[StoredResponse],
    counted: Sequence[StoredResponse],
    invitations: Sequence[Invitation],
    drafts: Mapping[str, tuple[int, int, str]],
    privacy: str,
) -> list[Note]:
    """Notes on what the campaign lacks.

    In this order: unrated roles, drafts, open responses, another questionnaire version, no
    response at all.
    """
    quality: list[Note] = []
    unanswered = [
        role_ids[j] for j in range(len(role_ids)) if frame.n and not frame.rated[:, j].any()
    ]
    for role in unanswered:
        quality.append(
            {"code": "role_unanswered", "subject": role, "params": {"subject_kind": "role"}}
        )
    submitted_ids = {r.response_id for r in responses} | {r.invitation_id for r in responses}
    for inv_id, (answered, total, _updated) in sorted(drafts.items()):
        if inv_id in submitted_ids:
            continue
        name = next((i.organisation for i in invitations if i.invitation_id == inv_id), inv_id)
        quality.append(
            {
                "code": "draft_not_counted",
                "subject": name if privacy == Privacy.NAMED else "draft",
                "params": {"answered": answered, "total": total},
            }
        )
    open_count = sum(1 for r in counted if r.invitation_id is None)
    if open_count:
        quality.append(
            {"code": "open_responses", "subject": "responses", "params": {"count": open_count}}
        )
    stale = [r for r in counted if r.questionnaire_sha256 != questionnaire.sha256]
    if stale:
        quality.append(
            {
                "code": "questionnaire_mismatch",
                "subject": "responses",
                "params": {"count": len(stale)},
            }
        )
    if frame.n == 0:
        quality.append({"code": "no_responses", "subject": "campaign", "params": {}})
    return quality
