"""Export the raw responses of a campaign in long form (CSV, XLSX, JSON).

One row per organisation × question item: a role rating is one row per role, a multiple
choice one row per selected choice, every other answer one row. Cells that a spreadsheet
would run as a formula are neutralised with a leading apostrophe; control characters that
XLSX cannot hold are removed. Nothing is written unless all of it can be.
"""

from __future__ import annotations

import csv
import io
import json
import re
from typing import TYPE_CHECKING, Any

from sscassess.core.fileio import atomic_write, checked_folder, render_output
from sscassess.core.texts import cell_safe

if TYPE_CHECKING:
    from pathlib import Path

    from sscassess.campaign.folder import Campaign

COLUMNS = (
    "response_id",
    "organisation",
    "category",
    "subtype",
    "revision",
    "verified",
    "submitted_at",
    "question",
    "item",
    "value",
)
_XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def long_rows(campaign: Campaign) -> list[dict[str, Any]]:
    """The current responses as long-form rows, in questionnaire order."""
    q = campaign.questionnaire
    rows: list[dict[str, Any]] = []
    for resp in campaign.store.responses():
        base = {
            "response_id": resp.response_id,
            "organisation": resp.organisation,
            "category": resp.category,
            "subtype": resp.subtype or "",
            "revision": resp.revision,
            "verified": resp.verified,
            "submitted_at": resp.submitted_at,
        }
        for question in q.questions:
            value = resp.answers.get(question.id)
            if value is None:
                continue
            if question.type == "role_matrix":
                for item in question.items:
                    if item.value in value:
                        rows.append(
                            {
                                **base,
                                "question": question.id,
                                "item": item.value,
                                "value": value[item.value],
                            }
                        )
            elif question.type == "multi":
                for choice in value:
                    if isinstance(choice, dict):
                        rows.append(
                            {
                                **base,
                                "question": question.id,
                                "item": "other",
                                "value": choice["other"],
                            }
                        )
                    else:
                        rows.append({**base, "question": question.id, "item": choice, "value": 1})
            elif isinstance(value, dict):  # single with an "other" entry
                rows.append(
                    {**base, "question": question.id, "item": "other", "value": value["other"]}
                )
            else:
                rows.append({**base, "question": question.id, "item": "", "value": value})
    return rows


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def to_csv(rows: list[dict[str, Any]]) -> bytes:
    """UTF-8 with a byte-order mark (so Excel reads it right), every cell formula-safe."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([cell_safe(_text(row[c])) for c in COLUMNS])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def to_xlsx(rows: list[dict[str, Any]], title: str) -> bytes:
    """One sheet of text cells: no formula can be created from respondents' text."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "responses"
    ws.append(list(COLUMNS))
    for row in rows:
        values = []
        for column in COLUMNS:
            value = row[column]
            if isinstance(value, bool) or not isinstance(value, int | float):
                value = cell_safe(_XLSX_ILLEGAL.sub("", _text(value)))
            values.append(value)
        ws.append(values)
    for cell in ws[1]:
        cell.data_type = "s"
    wb.properties.title = title
    wb.properties.creator = "sscassess"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def to_json(campaign: Campaign) -> bytes:
    """Every current response with its answers, as JSON."""
    data = {
        "campaign_id": campaign.id,
        "questionnaire": campaign.questionnaire.ref,
        "questionnaire_sha256": campaign.questionnaire.sha256,
        "responses": [
            {
                "response_id": r.response_id,
                "organisation": r.organisation,
                "category": r.category,
                "subtype": r.subtype,
                "revision": r.revision,
                "verified": r.verified,
                "source": r.source,
                "submitted_at": r.submitted_at,
                "answers": r.answers,
            }
            for r in campaign.store.responses()
        ],
    }
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def default_output(directory: Path, fmt: str) -> Path:
    """Where ``export`` writes without ``--out``: ``DIRECTORY/reports/responses.FORMAT``.

    Raises :class:`~sscassess.core.errors.InvalidInputError` when ``reports/`` is a symbolic link.
    """
    return checked_folder(directory, "reports") / f"responses.{fmt}"


def export(campaign: Campaign, fmt: str, out: Path) -> int:
    """Write the export to ``out`` atomically; returns the number of responses.

    A full disk or temporary folder is a :class:`~sscassess.core.fileio.WriteError`; ``out`` is
    then unchanged.
    """
    if fmt == "json":
        data = to_json(campaign)
    else:
        rows = long_rows(campaign)
        if fmt == "csv":
            data = to_csv(rows)
        else:
            title = f"{campaign.config.city} responses"
            data = render_output(out, lambda: to_xlsx(rows, title))
    atomic_write(out, data)
    return len(campaign.store.responses())
