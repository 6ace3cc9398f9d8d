"""Render a reference pack for people (terminal tables) and programs (JSON, CSV)."""

from __future__ import annotations

import csv
import io
import json
import textwrap
from typing import TYPE_CHECKING, Any

from sscassess.core.texts import cell_safe, terminal_safe

if TYPE_CHECKING:
    from sscassess.reference.model import ReferencePack
    from sscassess.reference.schema import Category

_LEVEL_MARK = {
    ("primary", "report"): "P",
    ("supporting", "report"): "S",
    ("primary", "interpretation"): "p",
    ("supporting", "interpretation"): "s",
}


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def matrix_table(pack: ReferencePack, lang: str | None = None) -> str:
    """The category × role matrix as a table that fits an 80-column terminal."""
    t = pack.text
    label_width = 32
    head = " " * label_width + "".join(f"{terminal_safe(c.code)[:3]:>4}" for c in pack.categories)
    lines = [
        terminal_safe(f"{t(pack.meta.title, lang)}"),
        f"pack {pack.id} {pack.version}  sha256 {pack.sha256[:16]}…",
        "",
        "Expected role of each stakeholder category",
        head,
    ]
    for role in pack.roles:
        label = _clip(terminal_safe(f"{role.code} {t(role.short_name, lang)}"), label_width - 1)
        cells = []
        for cat in pack.categories:
            cell = pack.expectations.get(cat.id, {}).get(role.id)
            cells.append(f"{_LEVEL_MARK[(cell.level, cell.basis)] if cell else '·':>4}")
        lines.append(f"{label:<{label_width}}" + "".join(cells))
    lines += [
        "",
        "P primary, S supporting (stated in the report); p, s: the toolkit's",
        "interpretation where the source is silent; · no expectation.",
        "",
    ]
    lines += [
        terminal_safe(f"{c.code:<4} {c.id:<29} {_clip(t(c.name, lang), 44)}")
        for c in pack.categories
    ]
    lines += [
        "",
        f"{len(pack.categories)} categories, {len(pack.roles)} roles, {len(pack.aims)} aims, "
        f"{len(pack.challenges)} challenges, {len(pack.potential)} potential items,",
        f"{len(pack.constraints)} constraints, {len(pack.recommendations)} recommendations. "
        "Details: sscassess reference show CATEGORY",
    ]
    return "\n".join(lines) + "\n"


def category_profile(pack: ReferencePack, category: Category, lang: str | None = None) -> str:
    """A category's full profile as wrapped text (80 columns)."""
    t = pack.text
    width = 78
    out: list[str] = []

    def para(text: str, indent: str = "  ", first: str | None = None) -> None:
        out.extend(
            textwrap.wrap(
                terminal_safe(text),
                width=width,
                initial_indent=first if first is not None else indent,
                subsequent_indent=indent,
            )
            or [indent.rstrip()]
        )

    out.append(
        terminal_safe(f"{t(category.name, lang)} ({category.code}, list item {category.list_item})")
    )
    out.append("=" * min(width, len(out[0])))
    para(t(category.description, lang), indent="")
    if category.subtypes:
        para("Subtypes: " + ", ".join(t(s.name, lang) for s in category.subtypes), indent="")
    out += ["", "Expected roles"]
    row = pack.expectations.get(category.id, {})
    for level in ("primary", "supporting"):
        for role in pack.roles:
            cell = row.get(role.id)
            if cell is None or cell.level != level:
                continue
            if cell.basis == "report":
                why = f"report, {cell.source}"
            else:
                why = "interpretation: " + t(cell.rationale, lang)
            para(f"{t(role.name, lang)} [{why}]", indent=" " * 13, first=f"  {level:<11}")
    out += ["", "What the report says"]
    for st in category.role_statements:
        para(f"{t(st.text, lang)} ({st.source})", indent="    ", first="  - ")
    out += ["", "Annex 1 columns"]
    lookup: dict[str, Any] = {
        "aims": {a.id: a for a in pack.aims},
        "challenges": {c.id: c for c in pack.challenges},
        "potential": {p.id: p for p in pack.potential},
        "constraints": {c.id: c for c in pack.constraints},
    }
    for name in ("scale_sector", "aims", "challenges", "potential", "constraints", "contribution"):
        col = getattr(category.annex, name)
        label = name.replace("_", "/") if name == "scale_sector" else name
        status = {
            "report_table": f"Annex 1 table; {col.source}",
            "report_body": f"report body; {col.source}",
            "not_in_source": "not available in the source",
        }[col.status]
        para(f"{label} ({status})", indent="    ", first="  ")
        for item in col.items:
            para(t(lookup[name][item].name, lang), indent="      ", first="    - ")
        for st in col.statements:
            para(t(st, lang), indent="      ", first="    - ")
        if col.note is not None:
            para("Note: " + t(col.note, lang), indent="    ")
    recs = pack.recommendations_for(category.id)
    if recs:
        out += ["", "Recommendations concerning this category"]
        for rec in recs:
            para(f"{rec.id} {t(rec.title, lang)}", indent="    ", first="  ")
    return "\n".join(out) + "\n"


def _cell_json(pack: ReferencePack, category_id: str, role_id: str) -> dict[str, Any]:
    cell = pack.expectations.get(category_id, {}).get(role_id)
    if cell is None:
        return {"level": "none"}
    data: dict[str, Any] = {"level": cell.level, "basis": cell.basis}
    if cell.source:
        data["source"] = cell.source
    if cell.rationale is not None:
        data["rationale"] = cell.rationale
    return data


def pack_json(pack: ReferencePack, category: Category | None = None) -> str:
    """The pack (or one category's profile) as JSON, texts in all their languages."""
    roles = [r.model_dump(exclude_none=True) for r in pack.roles]
    if category is not None:
        data: dict[str, Any] = {
            "pack": _pack_header(pack),
            "category": category.model_dump(exclude_none=True),
            "expectations": {r.id: _cell_json(pack, category.id, r.id) for r in pack.roles},
            "recommendations": [r.id for r in pack.recommendations_for(category.id)],
        }
    else:
        data = {
            "pack": _pack_header(pack),
            "categories": [c.model_dump(exclude_none=True) for c in pack.categories],
            "roles": roles,
            "aims": [a.model_dump(exclude_none=True) for a in pack.aims],
            "challenges": [c.model_dump(exclude_none=True) for c in pack.challenges],
            "potential": [p.model_dump(exclude_none=True) for p in pack.potential],
            "constraints": [c.model_dump(exclude_none=True) for c in pack.constraints],
            "recommendations": [r.model_dump(exclude_none=True) for r in pack.recommendations],
            "matrix": {
                c.id: {r.id: _cell_json(pack, c.id, r.id) for r in pack.roles}
                for c in pack.categories
            },
        }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _pack_header(pack: ReferencePack) -> dict[str, Any]:
    return {
        "id": pack.id,
        "version": pack.version,
        "sha256": pack.sha256,
        "title": pack.meta.title,
        "source": pack.meta.source.model_dump(exclude_none=True),
        "languages": pack.meta.languages,
    }


MATRIX_CSV_COLUMNS = (
    "category",
    "role",
    "level",
    "expected_involvement",
    "basis",
    "source",
    "rationale",
)


def matrix_csv(
    pack: ReferencePack, category: Category | None = None, lang: str | None = None
) -> str:
    """The matrix in long form (one row per category × role), spreadsheet-safe."""
    from sscassess.reference.schema import EXPECTED_INVOLVEMENT

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(MATRIX_CSV_COLUMNS)
    for cell in pack.matrix():
        if category is not None and cell.category != category.id:
            continue
        writer.writerow(
            [
                cell_safe(str(v))
                for v in (
                    cell.category,
                    cell.role,
                    cell.level,
                    EXPECTED_INVOLVEMENT[cell.level],
                    cell.basis or "",
                    cell.source or "",
                    pack.text(cell.rationale, lang) if cell.rationale is not None else "",
                )
            ]
        )
    return buf.getvalue()
