"""Role tables: each organisation against the reference, each group, and coverage."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sscassess.analysis.definitions import (
    CONTRIBUTOR_LEVEL,
    LEADER_LEVEL,
    ROLE_STATUSES,
)
from sscassess.analysis.frame import Frame, group_members
from sscassess.analysis.items import pack_order, reference_matrix
from sscassess.core.vocabulary import Coverage, Level, Privacy, RoleStatus, values

if TYPE_CHECKING:
    from collections.abc import Sequence

    import numpy as np
    import pandas as pd

    from sscassess.reference.model import ReferencePack


#: Each role status by its code in the ``status`` column (its position in ROLE_STATUSES).
STATUS_CODE = {status: code for code, status in enumerate(RoleStatus)}


def organisation_tables(
    pack: ReferencePack,
    frame: Frame,
    expected_by_cat: np.ndarray,
    level_by_cat: np.ndarray,
    role_names: dict[str, str],
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``organisation_roles`` and ``role_fit`` for every response of ``frame``."""
    import numpy as np

    role_ids = [r.id for r in pack.roles]
    S = frame.involvement
    E = expected_by_cat[frame.cat_index] if frame.n else np.zeros_like(S)
    gap = np.maximum(E - S, 0)
    surplus = np.maximum(S - E, 0)
    status = _role_status(S, E)
    roles = _organisation_roles(
        frame, role_ids, role_names, level_by_cat, E, S, gap, surplus, status
    )
    return roles, _role_fit(pack, frame, E, gap, status)


def _role_status(S: np.ndarray, E: np.ndarray) -> np.ndarray:
    """Status codes (:data:`STATUS_CODE`, indexes into ROLE_STATUSES) for every organisation × role."""
    import numpy as np

    expected = E > 0
    return np.select(
        [
            expected & (S >= E),
            expected & (S == E - 1),
            expected,
            S >= CONTRIBUTOR_LEVEL,
        ],
        [
            STATUS_CODE[RoleStatus.FULFILS],
            STATUS_CODE[RoleStatus.PARTIAL],
            STATUS_CODE[RoleStatus.GAP],
            STATUS_CODE[RoleStatus.BEYOND_REFERENCE],
        ],
        default=STATUS_CODE[RoleStatus.NOT_EXPECTED],
    ).astype(np.int8)


def _categorical(values: Sequence[Any], codes: np.ndarray) -> pd.Categorical:
    import pandas as pd

    return pd.Categorical.from_codes(codes, categories=pd.Index(list(values)))


def _organisation_roles(
    frame: Frame,
    role_ids: list[str],
    role_names: dict[str, str],
    level_by_cat: np.ndarray,
    E: np.ndarray,
    S: np.ndarray,
    gap: np.ndarray,
    surplus: np.ndarray,
    status: np.ndarray,
) -> pd.DataFrame:
    import numpy as np
    import pandas as pd

    n, r = S.shape
    org_codes = np.repeat(np.arange(n), r)
    role_codes = np.tile(np.arange(r), n)
    levels = values(Level)
    level_codes = np.array(
        [[levels.index(v) for v in row] for row in level_by_cat], dtype=np.int8
    ).reshape(level_by_cat.shape)
    org_level = level_codes[frame.cat_index].reshape(-1) if n else np.zeros(0, dtype=np.int8)
    names = [role_names[x] for x in role_ids]
    # Names may repeat (two organisations with one name); categorical categories may not.
    out = pd.DataFrame(
        {
            "response_id": _categorical(frame.response_ids, org_codes),
            "organisation": np.asarray(frame.names, dtype=object)[org_codes],
            "category": np.asarray(frame.categories, dtype=object)[org_codes],
            "role": _categorical(role_ids, role_codes),
            "role_name": np.asarray(names, dtype=object)[role_codes],
            "expected_level": _categorical(levels, org_level),
            "expected_involvement": E.reshape(-1).astype(np.int64),
            "self_involvement": S.reshape(-1).astype(np.int64),
            "gap": gap.reshape(-1).astype(np.int64),
            "surplus": surplus.reshape(-1).astype(np.int64),
            "status": _categorical(ROLE_STATUSES, status.reshape(-1)),
        }
    )
    return out


def _role_fit(
    pack: ReferencePack, frame: Frame, E: np.ndarray, gap: np.ndarray, status: np.ndarray
) -> pd.DataFrame:
    import numpy as np
    import pandas as pd

    expected_total = E.sum(axis=1, dtype=np.int64)
    gap_total = gap.sum(axis=1, dtype=np.int64)
    with np.errstate(invalid="ignore", divide="ignore"):
        fit = np.where(expected_total > 0, 1.0 - gap_total / np.maximum(expected_total, 1), np.nan)
    aims = frame.items["aims"]
    ref_aims = reference_matrix(pack, "aims", "aims")
    ref = ref_aims[frame.cat_index] if frame.n else np.zeros_like(aims)
    aims_reference = ref.sum(axis=1)
    aims_matched = (ref & aims).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        recall = np.where(aims_reference > 0, aims_matched / np.maximum(aims_reference, 1), np.nan)
    return pd.DataFrame(
        {
            "response_id": frame.response_ids,
            "organisation": frame.names,
            "category": frame.categories,
            "verified": frame.verified,
            "expected_roles": (E > 0).sum(axis=1).astype(np.int64),
            "expected_total": expected_total,
            "gap_total": gap_total,
            "role_fit": np.round(fit, 4),
            "fulfils": (status == STATUS_CODE[RoleStatus.FULFILS]).sum(axis=1).astype(np.int64),
            "partial": (status == STATUS_CODE[RoleStatus.PARTIAL]).sum(axis=1).astype(np.int64),
            "gaps": (status == STATUS_CODE[RoleStatus.GAP]).sum(axis=1).astype(np.int64),
            "beyond_reference": (status == STATUS_CODE[RoleStatus.BEYOND_REFERENCE])
            .sum(axis=1)
            .astype(np.int64),
            "aims_reference": aims_reference.astype(np.int64),
            "aims_matched": aims_matched.astype(np.int64),
            "aims_recall": np.round(recall, 4),
        }
    )


def category_roles_table(
    pack: ReferencePack,
    frame: Frame,
    groups: dict[str, str],
    role_ids: list[str],
    expected_by_cat: np.ndarray,
    level_by_cat: np.ndarray,
) -> pd.DataFrame:
    """The ``category_roles`` table: each reporting group against the reference, per role."""
    import pandas as pd

    cat_pos = {c.id: i for i, c in enumerate(pack.categories)}
    rows = []
    S = frame.involvement
    for group, mask in group_members(frame, groups).items():
        sub = S[mask]
        n = int(mask.sum())
        pos = cat_pos.get(group)
        for j, role in enumerate(role_ids):
            col = sub[:, j]
            rows.append(
                {
                    "category": group,
                    "role": role,
                    "expected_level": level_by_cat[pos, j] if pos is not None else None,
                    "expected_involvement": (
                        int(expected_by_cat[pos, j]) if pos is not None else None
                    ),
                    "organisations": n,
                    "mean_involvement": round(float(col.mean()), 4),
                    "max_involvement": int(col.max()),
                    "contributors": int((col >= CONTRIBUTOR_LEVEL).sum()),
                    "leaders": int((col == LEADER_LEVEL).sum()),
                }
            )
    columns = [
        "category", "role", "expected_level", "expected_involvement", "organisations",
        "mean_involvement", "max_involvement", "contributors", "leaders",
    ]  # fmt: skip
    out = pd.DataFrame(rows, columns=columns)
    out["expected_involvement"] = out["expected_involvement"].astype("Int64")
    return out


def coverage_status(contributors: int, leaders: int) -> Coverage:
    """A role's city-wide status from its numbers of contributors and leaders."""
    if contributors == 0:
        return Coverage.UNCOVERED
    if leaders >= 2:
        return Coverage.CONTESTED
    if leaders == 0:
        return Coverage.NO_LEAD
    return Coverage.COVERED


def role_coverage_table(
    pack: ReferencePack,
    frame: Frame,
    groups: dict[str, str],
    role_ids: list[str],
    role_names: dict[str, str],
    E: np.ndarray,
    privacy: str,
    min_group: int,
) -> pd.DataFrame:
    """The ``role_coverage`` table: who contributes to and leads each role."""
    import numpy as np
    import pandas as pd

    S = frame.involvement
    shown = ~frame.hidden
    contrib = S >= CONTRIBUTOR_LEVEL
    lead = S == LEADER_LEVEL
    # A decliner counts as a contributor or leader, never as an owner: its category is
    # not shown, and "owner present" would tell which category it belongs to.
    owner = contrib & (E > 0) & shown[:, None]
    names = np.asarray(frame.names, dtype=object)
    cats = np.asarray(frame.group_of, dtype=object)
    voices: dict[str, int] = {}
    for c, h in zip(frame.categories, frame.hidden, strict=True):
        voices[c] = voices.get(c, 0) + (0 if h else 1)
    rows = []
    for j, role in enumerate(role_ids):
        expected = [c.id for c in pack.categories if pack.level(c.id, role) != Level.NONE]
        primary = [c.id for c in pack.categories if pack.level(c.id, role) == Level.PRIMARY]
        n_contrib = int(contrib[:, j].sum())
        n_lead = int(lead[:, j].sum())
        owner_missing: bool | None = bool(expected) and not bool(owner[:, j].any())
        if (
            privacy == Privacy.ANONYMOUS
            and expected
            and sum(voices.get(c, 0) for c in expected) < min_group
        ):
            # Fewer than K respondents in the expected categories: the flag would say
            # whether that one respondent (or two) rated the role 3 or more.
            owner_missing = None
        rows.append(
            {
                "role": role,
                "role_name": role_names[role],
                "contributors": n_contrib,
                "leaders": n_lead,
                "status": coverage_status(n_contrib, n_lead).value,
                "owner_missing": owner_missing,
                "expected_owners": expected,
                "primary_owners": primary,
                "contributor_categories": sorted(set(cats[contrib[:, j]]), key=pack_order(pack)),
                "leader_categories": sorted(set(cats[lead[:, j]]), key=pack_order(pack)),
                "contributor_organisations": sorted(names[contrib[:, j] & shown].tolist()),
                "leader_organisations": sorted(names[lead[:, j] & shown].tolist()),
                "mean_involvement": round(float(S[:, j].mean()), 4) if frame.n else None,
            }
        )
    out = pd.DataFrame(rows)
    out["owner_missing"] = (
        out["owner_missing"].astype("boolean") if len(out) else out["owner_missing"]
    )
    return out
