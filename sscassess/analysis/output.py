"""Write an :class:`~sscassess.analysis.analyse.Analysis` as JSON, CSV, XLSX or a terminal summary.

Every writer renders the same tables. Text that came from respondents is made safe for the
medium: spreadsheet cells that would run as formulas get a leading apostrophe, characters
XLSX cannot hold are dropped, the terminal never receives control characters. Nothing is
written until every byte of the output has been produced, and each file is replaced
atomically.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import math
import re
import shutil
import textwrap
from typing import TYPE_CHECKING, Any

from sscassess.analysis import findings
from sscassess.analysis.messages import SUBJECTS
from sscassess.core.fileio import atomic_write, checked_folder, make_folder, render_output
from sscassess.core.i18n import translator
from sscassess.core.texts import cell_safe, terminal_safe
from sscassess.core.vocabulary import Coverage, Table

if TYPE_CHECKING:
    from pathlib import Path

    import pandas as pd

    from sscassess.analysis.analyse import Analysis
    from sscassess.core.i18n import Translator

FORMATS = ("table", "json", "csv", "xlsx")
_XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
LIST_SEPARATOR = "; "


def plain(value: Any) -> Any:
    """A cell as a plain JSON value: numpy scalars unwrapped, NaN/NA as None, lists kept."""
    if value is None:
        return None
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if hasattr(value, "item") and not isinstance(value, str | bytes):
        with contextlib.suppress(ValueError, AttributeError):
            value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if value.__class__.__name__ in ("NAType", "NaTType"):
        return None
    return value


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows of a table as plain dicts."""
    columns = list(frame.columns)
    return [
        {c: plain(v) for c, v in zip(columns, row, strict=True)}
        for row in frame.itertuples(index=False, name=None)
    ]


def to_json(analysis: Analysis) -> bytes:
    """Every table by name, with the analysis provenance under ``meta``."""
    data = {
        "meta": analysis.meta,
        "tables": {name: records(frame) for name, frame in analysis.tables.items()},
    }
    text = json.dumps(data, ensure_ascii=False, indent=1, allow_nan=False)
    return (text + "\n").encode("utf-8")


def _cell_text(value: Any) -> str:
    value = plain(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return LIST_SEPARATOR.join(_cell_text(v) for v in value)
    if isinstance(value, dict):
        return _entry_text(value)
    return str(value)


def _entry_text(entry: dict[str, Any]) -> str:
    """A list entry that is a record (an action's candidate): ``who (why, why)``."""
    if "who" in entry:
        why = entry.get("why") or []
        reasons = ", ".join(str(w) for w in why) if isinstance(why, list) else str(why)
        return f"{_cell_text(entry['who'])} ({reasons})" if reasons else _cell_text(entry["who"])
    return ", ".join(f"{k}={_cell_text(v)}" for k, v in entry.items())


def table_csv(frame: pd.DataFrame) -> bytes:
    """One table as CSV: UTF-8 with a byte-order mark, every cell (headers too) formula-safe."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([cell_safe(str(c)) for c in frame.columns])
    for row in frame.itertuples(index=False, name=None):
        writer.writerow([cell_safe(_cell_text(v)) for v in row])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def to_xlsx(analysis: Analysis) -> bytes:
    """One sheet per table. Text is stored as text: no cell can become a formula."""
    from openpyxl import Workbook

    wb = Workbook()
    default = wb.active
    if default is not None:
        wb.remove(default)
    from sscassess.analysis.action_terms import REGISTER_COLUMNS

    for name, frame in analysis.tables.items():
        ws = wb.create_sheet(title=name[:31])
        # The actions sheet is the coordinator's action register: empty columns to fill in.
        extra = list(REGISTER_COLUMNS) if name == "actions" else []
        ws.append([str(c) for c in frame.columns] + extra)
        for row in frame.itertuples(index=False, name=None):
            values: list[Any] = []
            for value in row:
                v = plain(value)
                if v is None:
                    values.append(None)
                elif isinstance(v, bool) or not isinstance(v, int | float):
                    values.append(cell_safe(_XLSX_ILLEGAL.sub("", _cell_text(v))))
                else:
                    values.append(v)
            ws.append(values + [None] * len(extra))
        ws.freeze_panes = "A2"
    # No respondent names in the document properties, whatever the privacy mode.
    wb.properties.title = f"sscassess analysis {analysis.meta.get('campaign_id') or ''}".strip()
    wb.properties.creator = "sscassess"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def default_output(directory: Path, fmt: str) -> Path:
    """Where ``analyze`` writes ``fmt`` without ``--out``: ``DIRECTORY/reports/analysis…``.

    Raises :class:`~sscassess.core.errors.InvalidInputError` when ``reports/`` (or ``analysis/``
    for csv) is a symbolic link: outputs never go through a link out of the campaign.
    """
    reports = checked_folder(directory, "reports")
    return checked_folder(reports, "analysis") if fmt == "csv" else reports / f"analysis.{fmt}"


def write(analysis: Analysis, fmt: str, out: Path) -> list[Path]:
    """Write the analysis to ``out`` (a file for json/xlsx, a folder for csv); the paths made.

    All output is rendered in memory first, so an error changes nothing on disk. A full disk
    or any other failure to write is a :class:`~sscassess.core.fileio.WriteError`.
    """
    if fmt in ("json", "xlsx"):
        render = to_json if fmt == "json" else to_xlsx
        data = render_output(out, lambda: render(analysis))
        make_folder(out.parent)
        atomic_write(out, data)
        return [out]
    if fmt == "csv":
        files = {f"{name}.csv": table_csv(frame) for name, frame in analysis.tables.items()}
        # meta.json says what the folder holds (privacy mode, campaign, versions, when).
        files["meta.json"] = (
            json.dumps(analysis.meta, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        ).encode("utf-8")
        make_folder(out)
        paths = []
        for name, data in files.items():
            path = out / name
            atomic_write(path, data)
            paths.append(path)
        # The folder holds exactly this run's tables: a named table left by an earlier run
        # beside an anonymous one would undo the anonymity.
        from sscassess.analysis.definitions import TABLES

        for name in TABLES:
            stale = out / f"{name}.csv"
            if stale.name not in files:
                with contextlib.suppress(FileNotFoundError):
                    stale.unlink()
        return paths
    raise ValueError(f"unknown format {fmt!r}")


# ---------------------------------------------------------------------------- terminal


def _wrap(text: str, width: int) -> list[str]:
    """Wrap one finding to the terminal, continuation lines indented; ids are never split."""
    return textwrap.wrap(
        text, width=width, subsequent_indent="  ", break_long_words=False, break_on_hyphens=False
    )


def _wrap_list(tr: Translator, label: str, items: list[str], width: int) -> list[str]:
    shown = ", ".join(items) if items else tr.pgettext("empty list", "none")
    return _wrap(tr.gettext("{label}: {items}", label=label, items=shown), width)


def summary_text(analysis: Analysis, top: int = 10, width: int | None = None) -> str:
    """The headline figures, the role coverage findings and the largest gaps, for a terminal.

    Lines are wrapped to ``width`` (default: the terminal's width, at most 100 columns).
    """
    width = width or min(shutil.get_terminal_size((80, 24)).columns, 100)
    meta = analysis.meta
    tr = translator(str(meta.get("lang") or "en"))
    v = analysis.summary_value

    def pct(value: Any) -> str:
        value = plain(value)
        return tr.gettext("n/a") if value is None else tr.percent(float(value))

    cov = analysis.tables[Table.ROLE_COVERAGE]
    head = " ".join(
        str(x) for x in (meta.get("city"), meta.get("round"), meta.get("campaign_id")) if x
    )
    responses = tr.gettext(
        "Responses counted {counted}; invited {invited}, answered {answered} ({rate}); "
        "unverified {unverified}",
        counted=v("responses_counted"), invited=v("organisations_invited"),
        answered=v("responses_from_invited"), rate=pct(v("response_rate")),
        unverified=v("unverified_responses"),
    )  # fmt: skip
    if v("unverified_excluded"):
        responses += tr.gettext(" (excluded)")
    headline = [
        (
            terminal_safe(head) + "  " + tr.gettext("privacy: {privacy}", privacy=meta["privacy"])
        ).strip(),
        responses,
        tr.gettext(
            "Roles with a contributor {with_contributors}/{roles} ({share}): covered {covered}, "
            "no lead {no_lead}, contested {contested}, uncovered {uncovered}",
            with_contributors=v("roles_with_contributors"),
            roles=v("roles"),
            share=pct(v("roles_covered_share")),
            covered=v("roles_covered"),
            no_lead=v("roles_no_lead"),
            contested=v("roles_contested"),
            uncovered=v("roles_uncovered"),
        ),
        tr.gettext(
            "Mean role fit {fit}; categories without a voice {voiceless}; recommendations "
            "triggered {triggered}",
            fit=pct(v("mean_role_fit")),
            voiceless=v("categories_without_voice"),
            triggered=v("recommendations_triggered"),
        ),
    ]
    lines = [wrapped for line in headline for wrapped in _wrap(line, width)] + [""]

    tables = analysis.tables
    uncovered = findings.roles_with(tables, Coverage.UNCOVERED)
    lines += _wrap_list(tr, tr.gettext("Uncovered"), uncovered, width)
    items = []
    for overlap in findings.contested_roles(tables, analysis.reference, limit=None, ranked=False):
        if "leader_organisations" in cov.columns:
            names = ", ".join(terminal_safe(o) for o in overlap.leader_organisations)
            items.append(f"{overlap.role} ({names})")
        else:
            leaders = tr.ngettext("{n} leader", "{n} leaders", int(overlap.leaders))
            items.append(f"{overlap.role} ({leaders})")
    lines += _wrap_list(tr, tr.gettext("Contested"), items, width)
    no_lead = findings.roles_with(tables, Coverage.NO_LEAD)
    lines += _wrap_list(tr, tr.gettext("No lead"), no_lead, width)
    lines += _wrap_list(
        tr,
        tr.gettext("Covered only outside the expected categories"),
        findings.filled_in_roles(tables),
        width,
    )
    voiceless = findings.voiceless_categories(tables)
    lines += _wrap_list(tr, tr.gettext("Categories without a voice"), voiceless, width)
    if "primary_owners_heard" in cov.columns:
        # An uncovered or leaderless role whose owners did not answer is a missing answer.
        label = tr.gettext("Not heard (its expected owner did not answer)")
        lines += _wrap_list(tr, label, findings.unheard_roles(tables), width)
    gaps = findings.largest_gaps(tables)
    if gaps is not None:
        lines += ["", tr.gettext(
            "Largest gaps ({n} in all; organisation, role, self/expected):", n=len(gaps)
        )]  # fmt: skip
        if gaps.empty:
            lines.append("  " + tr.pgettext("empty list", "none"))
        for r in gaps.head(top).itertuples(index=False):
            name = terminal_safe(str(r.organisation))
            if len(name) > 36:
                name = name[:35] + "…"
            lines.append(
                f"  {name:<36} {r.role!s:<28} {r.self_involvement}/{r.expected_involvement}"
            )
    actions = analysis.tables.get(Table.ACTIONS)
    if actions is not None:
        lines += ["", tr.gettext(
            "Actions ({n} in all; action, priority, kind, role, owner):", n=len(actions)
        )]  # fmt: skip
        if actions.empty:
            lines.append("  " + tr.pgettext("empty list", "none"))
        for r in actions.head(top).itertuples(index=False):
            owner = (
                terminal_safe(str(r.owner))
                if plain(r.owner) is not None
                else tr.gettext("(coordinator)")
            )
            if len(owner) > 36:
                owner = owner[:35] + "…"
            role = str(r.role) if plain(r.role) is not None else str(r.category)
            lines.append(f"  {r.action:<7} {r.priority:>2} {r.kind:<16} {role:<28} {owner}")
    recs = analysis.tables[Table.RECOMMENDATIONS]
    if not recs.empty:
        lines += ["", tr.gettext("Recommendations triggered:")]
        for r in recs.itertuples(index=False):
            lines.append(f"  {r.recommendation:<7} {terminal_safe(str(r.title))}")
    notes = analysis.tables[Table.DATA_QUALITY]
    if not notes.empty:
        lines += ["", tr.gettext("Data-quality notes:")]
        for r in notes.itertuples(index=False):
            # A count or "the campaign" is already in the detail; a name or an id is not.
            about = "" if r.subject in SUBJECTS else f"{terminal_safe(str(r.subject))}: "
            note = f"{r.code}: {about}{terminal_safe(str(r.detail))}"
            lines += ["  " + line for line in _wrap(note, width - 2)]
    return "\n".join(lines) + "\n"
