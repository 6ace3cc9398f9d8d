"""Round to round: what changed since an earlier round of the same city."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from sscassess.analysis.definitions import COVERAGE_RANK  # an overlap is worse than one lead
from sscassess.core.texts import name_key, normalise_id
from sscassess.core.vocabulary import Change, Privacy, Table

if TYPE_CHECKING:
    from collections.abc import Mapping

    import pandas as pd

    from sscassess.analysis.analyse import Analysis
    from sscassess.reference.model import ReferencePack


def _change(before: float | None, after: float | None) -> str:
    if before is None or after is None:
        return Change.UNCHANGED.value
    if after > before:
        return Change.IMPROVED.value
    if after < before:
        return Change.WORSENED.value
    return Change.UNCHANGED.value


def round_roles_table(
    previous: Analysis, coverage: pd.DataFrame, role_names: dict[str, str]
) -> pd.DataFrame:
    """The ``round_changes_roles`` table: each role's coverage in both rounds."""
    import pandas as pd

    before = previous.tables[Table.ROLE_COVERAGE].set_index("role")
    rows = []
    for row in coverage.itertuples(index=False):
        old = before.loc[row.role] if row.role in before.index else None
        status_before = str(old["status"]) if old is not None else None
        rows.append(
            {
                "role": row.role,
                "role_name": role_names[row.role],
                "contributors_before": int(old["contributors"]) if old is not None else None,
                "contributors_after": int(row.contributors),
                "leaders_before": int(old["leaders"]) if old is not None else None,
                "leaders_after": int(row.leaders),
                "status_before": status_before,
                "status_after": row.status,
                "change": _change(
                    COVERAGE_RANK.get(status_before) if status_before else None,
                    COVERAGE_RANK[row.status],
                ),
            }
        )
    out = pd.DataFrame(rows)
    for column in ("contributors_before", "leaders_before"):
        out[column] = out[column].astype("Int64")
    return out


def identity(organisation: str, category: str) -> str:
    """The key that matches one organisation across rounds: its normalised name and category."""
    return f"{name_key(organisation)}\0{category}"


def round_organisations_table(
    pack: ReferencePack,
    previous: Analysis,
    fit: pd.DataFrame,
    identities: Mapping[tuple[str, str], str],
    declined_identities: frozenset[str],
    names: Mapping[str, str],
    privacy: str,
) -> pd.DataFrame:
    """Each organisation's role fit in both rounds, matched by identity, never by display name.

    An organisation that declines to be named in this round is left out, its earlier figures
    included (its latest answer to ``consent.named`` decides); one that declined in the
    earlier round has no figures for it there (it was in no table of that round) and reads
    ``new``. In pseudonymous mode an organisation that is ``gone`` gets a pseudonym numbered
    after this round's own (``ICT-3`` after ``ICT-1``, ``ICT-2``), so no pseudonym names two
    organisations in one table.
    """
    import pandas as pd

    columns = [
        "organisation", "category", "role_fit_before", "role_fit_after", "delta",
        "gaps_before", "gaps_after", "change",
    ]  # fmt: skip
    if Table.ROLE_FIT not in previous.tables:
        return pd.DataFrame([], columns=columns)
    old = previous.tables[Table.ROLE_FIT]
    before = {
        previous.identities.get(
            (r.organisation, r.category), identity(r.organisation, r.category)
        ): r
        for r in old.itertuples(index=False)
    }
    after = {identities[r.organisation, r.category]: r for r in fit.itertuples(index=False)}
    gone_names: dict[str, str] = {}
    if privacy == Privacy.PSEUDONYMOUS:
        codes = {c.id: c.code for c in pack.categories}
        counters: dict[str, int] = {}
        for pseudonym in names.values():
            code, _, number = pseudonym.rpartition("-")
            counters[code] = max(counters.get(code, 0), int(number))
        for k in sorted(set(before) - set(after) - declined_identities):
            row = before[k]
            code = codes.get(row.category, str(row.category).upper())
            counters[code] = counters.get(code, 0) + 1
            gone_names[k] = f"{code}-{counters[code]}"
    rows = []
    for k in sorted(set(before) | set(after)):
        if k in declined_identities:
            continue
        b, a = before.get(k), after.get(k)
        fb = None if b is None or _nan(b.role_fit) else float(b.role_fit)
        fa = None if a is None or _nan(a.role_fit) else float(a.role_fit)
        if b is None:
            change = Change.NEW.value
        elif a is None:
            change = Change.GONE.value
        else:
            change = _change(fb, fa)
        source = a if a is not None else b
        assert source is not None
        rows.append(
            {
                "organisation": gone_names.get(k, source.organisation),
                "category": source.category,
                "role_fit_before": fb,
                "role_fit_after": fa,
                "delta": round(fa - fb, 4) if fa is not None and fb is not None else None,
                "gaps_before": int(b.gaps) if b is not None else None,
                "gaps_after": int(a.gaps) if a is not None else None,
                "change": change,
            }
        )
    out = pd.DataFrame(rows, columns=columns)
    for column in ("gaps_before", "gaps_after"):
        out[column] = out[column].astype("Int64")
    order = sorted(range(len(out)), key=lambda i: (normalise_id(rows[i]["organisation"]), i))
    return out.iloc[order].reset_index(drop=True)


def _nan(value: Any) -> bool:
    return isinstance(value, float) and math.isnan(value)
