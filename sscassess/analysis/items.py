"""Aims, challenges, potential and constraints against the reference; collaboration."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sscassess.analysis.definitions import (
    DECLINED_GROUP,
)
from sscassess.analysis.frame import Frame, group_members
from sscassess.core.vocabulary import ItemKind, ItemStatus, Link, Privacy

if TYPE_CHECKING:
    from collections.abc import Callable

    import numpy as np
    import pandas as pd

    from sscassess.reference.model import ReferencePack


def pack_order(pack: ReferencePack) -> Callable[[str], tuple[int, str]]:
    """Sort key for category ids: the pack's order, ids the pack does not list last."""
    order = {c.id: i for i, c in enumerate(pack.categories)}
    return lambda c: (order.get(c, len(order)), c)


def reference_matrix(pack: ReferencePack, column: str, src: str) -> np.ndarray:
    """Categories × items: the item is in the category's Annex-1 column."""
    import numpy as np

    ids = [i.id for i in getattr(pack, src)]
    out = np.zeros((len(pack.categories), len(ids)), dtype=bool)
    for ci, cat in enumerate(pack.categories):
        listed = set(getattr(cat.annex, column).items)
        for j, item in enumerate(ids):
            out[ci, j] = item in listed
    return out


def item_alignment_table(
    pack: ReferencePack,
    frame: Frame,
    groups: dict[str, str],
    meaning: str,
    src: str,
    privacy: str,
    lang: str,
) -> pd.DataFrame:
    """The ``aims_alignment``/``challenges``/``potential``/``constraints`` table of one item list."""
    import numpy as np
    import pandas as pd

    items = getattr(pack, src)
    ids = [i.id for i in items]
    labels = [pack.text(i.name, lang) for i in items]
    column = src  # Annex-1 columns are named like the pack lists
    ref = reference_matrix(pack, column, src)
    status_of = [getattr(c.annex, column).status for c in pack.categories]
    M = frame.items[meaning]
    columns = [
        "scope", "group", "category", "item", "item_name", "in_reference", "reference_status",
        "selected", "organisations", "share", "match",
    ]  # fmt: skip
    parts: list[pd.DataFrame] = []
    if frame.n and privacy != Privacy.ANONYMOUS:
        R = ref[frame.cat_index]
        oi, jj = np.nonzero((M | R) & ~frame.hidden[:, None])
        sel = M[oi, jj]
        inref = R[oi, jj]
        rstatus = np.asarray(status_of, dtype=object)[frame.cat_index[oi]]
        parts.append(
            pd.DataFrame(
                {
                    "scope": "organisation",
                    "group": np.asarray(frame.names, dtype=object)[oi],
                    "category": np.asarray(frame.categories, dtype=object)[oi],
                    "item": np.asarray(ids, dtype=object)[jj],
                    "item_name": np.asarray(labels, dtype=object)[jj],
                    "in_reference": inref,
                    "reference_status": rstatus,
                    "selected": sel.astype(np.int64),
                    "organisations": 1,
                    "share": sel.astype(float),
                    "match": _match(sel, inref, rstatus),
                }
            )
        )
    rows = []
    cat_pos = {c.id: i for i, c in enumerate(pack.categories)}
    for group, mask in group_members(frame, groups).items():
        n = int(mask.sum())
        counts = M[mask].sum(axis=0)
        pos = cat_pos.get(group)
        for j, item in enumerate(ids):
            inref = bool(ref[pos, j]) if pos is not None else False
            if not inref and counts[j] == 0:
                continue
            rstatus = status_of[pos] if pos is not None else "merged"
            rows.append(
                {
                    "scope": "category",
                    "group": group,
                    "category": group,
                    "item": item,
                    "item_name": labels[j],
                    "in_reference": inref,
                    "reference_status": rstatus,
                    "selected": int(counts[j]),
                    "organisations": n,
                    "share": round(float(counts[j]) / n, 4),
                }
            )
    by_category = pd.DataFrame(rows, columns=columns)
    by_category["match"] = _match(
        by_category["selected"].to_numpy() > 0,
        by_category["in_reference"].to_numpy(dtype=bool),
        by_category["reference_status"].to_numpy(dtype=object),
    )
    parts.append(by_category)
    out = pd.concat([p for p in parts if not p.empty] or [parts[-1]], ignore_index=True)
    return out[columns]


def _match(sel: np.ndarray, inref: np.ndarray, rstatus: np.ndarray) -> np.ndarray:
    """Each item's match: matched, missing (listed, not chosen), extra, or no_reference."""
    import numpy as np

    known = np.isin(rstatus, ["report_table", "report_body"])
    return np.select(
        [inref & sel, inref, known],
        ["matched", "missing", "extra"],
        default="no_reference",
    ).astype(object)


def item_frequency_table(
    pack: ReferencePack,
    frame: Frame,
    groups: dict[str, str],
    meaning: str,
    src: str,
    kind: str,
    lang: str,
) -> pd.DataFrame:
    """How often each item of one list was chosen, per reporting group."""
    import numpy as np
    import pandas as pd

    items = getattr(pack, src)
    M = frame.items[meaning]
    counts = M.sum(axis=0) if frame.n else np.zeros(len(items), dtype=np.int64)
    cats = np.asarray(frame.group_of, dtype=object)
    n = frame.n
    rows = []
    for j, item in enumerate(items):
        c = int(counts[j])
        share = round(c / n, 4) if n else None
        if kind == ItemKind.AIM:
            if c == 0:
                status = ItemStatus.UNPURSUED.value
            elif c >= 2 and n and c / n >= 0.5:
                status = ItemStatus.COMMON_GROUND.value
            else:
                status = ItemStatus.PURSUED.value
        else:
            status = ItemStatus.REPORTED.value if c else ItemStatus.NOT_REPORTED.value
        rows.append(
            {
                "kind": kind,
                "item": item.id,
                "item_name": pack.text(item.name, lang),
                "selected_by": c,
                "share": share,
                "categories": sorted(set(cats[M[:, j]]), key=pack_order(pack)) if n else [],
                "status": status,
            }
        )
    return pd.DataFrame(rows)


def collaboration_table(cat_ids: list[str], frame: Frame, groups: dict[str, str]) -> pd.DataFrame:
    """The ``collaboration`` table: links and needs between reporting groups."""
    import numpy as np
    import pandas as pd

    now_links = frame.links["collaborations"]
    needs = frame.links["collaboration_needs"]
    voiced = set(frame.categories)
    from_groups = frame.group_of
    order = list(dict.fromkeys([*(groups[c] for c in cat_ids), DECLINED_GROUP]))
    rows = []
    # Links between categories in either direction, for "is this need met".
    cat_pos = {c: i for i, c in enumerate(cat_ids)}
    any_link = np.zeros((len(cat_ids), len(cat_ids)), dtype=bool)
    for i, c in enumerate(frame.categories):
        any_link[cat_pos[c]] |= now_links[i]
    linked = any_link | any_link.T
    for group in order:
        mask = np.asarray([g == group for g in from_groups], dtype=bool)
        if not mask.any():
            continue
        members = {c for c, g in zip(frame.categories, from_groups, strict=True) if g == group}
        link_counts = now_links[mask].sum(axis=0)
        need_counts = needs[mask].sum(axis=0)
        for j, to in enumerate(cat_ids):
            links_n, needs_n = int(link_counts[j]), int(need_counts[j])
            if not links_n and not needs_n:
                continue
            if not needs_n:
                status = Link.LINKED.value
            elif any(linked[cat_pos[m], j] for m in members):
                status = Link.NEED_MET.value
            elif to not in voiced:
                status = Link.NEED_NO_VOICE.value
            else:
                status = Link.NEED_UNMET.value
            rows.append(
                {
                    "from_category": group,
                    "to_category": to,
                    "links_now": links_n,
                    "needs": needs_n,
                    "status": status,
                }
            )
    columns = ["from_category", "to_category", "links_now", "needs", "status"]
    return pd.DataFrame(rows, columns=columns)
