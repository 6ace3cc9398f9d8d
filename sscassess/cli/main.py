"""The command line: parses arguments, calls the library, prints results.

Errors are mapped to exit codes in one place, :func:`main`; nothing else prints tracebacks.
This module must import quickly: no pandas, matplotlib, reportlab or questionary here, and the
library modules are imported inside the commands.
"""

from __future__ import annotations

import contextlib
import os
import re
import shlex
import sys
import textwrap
import traceback
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from sscassess import __version__
from sscassess.core.errors import ExitCode, SscError

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sscassess.campaign.folder import Campaign

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 88}


@click.group(context_settings=CONTEXT)
@click.version_option(__version__, "--version", prog_name="sscassess")
@click.option("--debug", is_flag=True, help="Show the full traceback when something fails.")
def cli(debug: bool) -> None:
    r"""Stakeholder assessment for smart sustainable cities.

    Compares what each stakeholder organisation says it does with the reference roles of the
    ITU-T FG-SSC report "Setting the stage for stakeholders' engagement in smart sustainable
    cities" (Y.Suppl.34).

    \b
    Example:
      sscassess reference show            # the category × role matrix
      sscassess reference show citizens   # one category's full profile
    """


@cli.group(context_settings=CONTEXT, short_help="Inspect the reference framework (ITU-T FG-SSC).")
def reference() -> None:
    r"""Inspect the reference framework: categories, roles, expectations, recommendations.

    \b
    Example:
      sscassess reference show --format json > reference.json
    """


@reference.command("show", context_settings=CONTEXT)
@click.argument("category", required=False)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
    help="table for people; json for the whole pack; csv for the matrix in long form.",
)
@click.option(
    "--reference",
    "reference_spec",
    metavar="ID|PATH",
    default=None,
    help="A shipped pack id or a folder holding your own pack (default: itu_fg_ssc_2015).",
)
@click.option(
    "--lang", default=None, metavar="LANG", help="Language of the texts (default: the pack's)."
)
def reference_show(
    category: str | None, fmt: str, reference_spec: str | None, lang: str | None
) -> None:
    r"""Show the reference matrix, or the full profile of one CATEGORY.

    \b
    Example:
      sscassess reference show
      sscassess reference show utility_provider
      sscassess reference show --format csv > matrix.csv
      sscassess reference show --reference ./my-pack --format json
    """
    from sscassess.core.errors import UsageError
    from sscassess.reference import view as reference_view
    from sscassess.reference.pack import load_reference

    pack = load_reference(reference_spec)
    if lang is not None and lang not in pack.meta.languages:
        available = ", ".join(pack.meta.languages)
        raise UsageError(f"language '{lang}' is not in pack {pack.id}; available: {available}")
    cat = pack.category(category) if category else None
    if fmt == "json":
        out = reference_view.pack_json(pack, cat)
    elif fmt == "csv":
        out = reference_view.matrix_csv(pack, cat, lang)
    elif cat is not None:
        out = reference_view.category_profile(pack, cat, lang)
    else:
        out = reference_view.matrix_table(pack, lang)
    click.echo(out, nl=False)


@cli.group(context_settings=CONTEXT, short_help="Check and show questionnaires.")
def questionnaire() -> None:
    r"""Check questionnaire files and show them as forms, JSON or a JSON Schema.

    \b
    Example:
      sscassess questionnaire check
      sscassess questionnaire show --lang es --format markdown > form-es.md
    """


@questionnaire.command("check", context_settings=CONTEXT)
@click.argument("paths", nargs=-1, metavar="[ID|PATH]...")
@click.option(
    "--reference",
    "reference_spec",
    metavar="ID|PATH",
    default=None,
    help="Check against this reference pack instead of the one the questionnaire names.",
)
def questionnaire_check(paths: tuple[str, ...], reference_spec: str | None) -> None:
    r"""Validate questionnaires (default: the shipped ones) and list every problem.

    Exit status 0 when there are no errors (warnings are printed but allowed), 3 otherwise.

    \b
    Example:
      sscassess questionnaire check
      sscassess questionnaire check my-survey.yaml --reference ./my-pack
    """
    from sscassess.core.errors import InvalidInputError
    from sscassess.questionnaire.load import check_questionnaire
    from sscassess.questionnaire.model import shipped_questionnaires

    targets = list(paths) or list(shipped_questionnaires())
    failed = 0
    for target in targets:
        result = check_questionnaire(target, reference_spec)
        for problem in result.errors:
            click.echo(f"error: {problem}", err=True)
        for problem in result.warnings:
            click.echo(f"warning: {problem}", err=True)
        if result.errors:
            failed += 1
            click.echo(
                f"{target}: {len(result.errors)} error(s), {len(result.warnings)} warning(s)"
            )
        else:
            q = result.questionnaire
            assert q is not None
            click.echo(
                f"{target}: ok ({q.ref}, {len(q.questions)} questions, "
                f"languages {', '.join(q.languages)}, {len(result.warnings)} warning(s))"
            )
    if failed:
        raise InvalidInputError(f"{failed} of {len(targets)} questionnaire(s) have errors")


@questionnaire.command("show", context_settings=CONTEXT)
@click.argument("spec", required=False, metavar="[ID|PATH]")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "markdown", "json", "schema"]),
    default="text",
    show_default=True,
    help="text or markdown: a printable form; json: the resolved questionnaire; "
    "schema: the JSON Schema of a valid answers file.",
)
@click.option(
    "--lang", default=None, metavar="LANG", help="Language (default: the questionnaire's)."
)
@click.option(
    "--reference",
    "reference_spec",
    metavar="ID|PATH",
    default=None,
    help="Reference pack to resolve against.",
)
def questionnaire_show(
    spec: str | None, fmt: str, lang: str | None, reference_spec: str | None
) -> None:
    r"""Show a questionnaire (default: ssc-stakeholder-self-assessment).

    \b
    Example:
      sscassess questionnaire show --lang fr
      sscassess questionnaire show --format markdown --lang es > form-es.md
      sscassess questionnaire show --format schema > answers.schema.json
    """
    from sscassess.core.errors import UsageError
    from sscassess.questionnaire import view
    from sscassess.questionnaire.load import load_questionnaire

    q = load_questionnaire(spec, reference_spec)
    language = lang or q.default_language
    if language not in q.languages:
        raise UsageError(
            f"language '{language}' is not in questionnaire {q.id}; available: {', '.join(q.languages)}"
        )
    if fmt == "schema":
        out = view.schema_json(q)
    elif fmt == "json":
        out = view.questionnaire_json(q, language)
    else:
        out = view.printable(q, language, markdown=fmt == "markdown")
    click.echo(out, nl=False)


CAMPAIGN_DIR = click.Path(file_okay=False, path_type=Path)


@cli.command("init", context_settings=CONTEXT)
@click.argument("directory", type=CAMPAIGN_DIR)
@click.option("--city", required=True, help="The city running the campaign.")
@click.option("--country", default=None, metavar="CODE", help="ISO country code, e.g. FR.")
@click.option(
    "--round", "round_label", default=None, metavar="LABEL", help="Round label, e.g. 2026."
)
@click.option(
    "--questionnaire",
    default=None,
    metavar="ID|PATH",
    help="Questionnaire (default: ssc-stakeholder-self-assessment).",
)
@click.option(
    "--reference",
    default=None,
    metavar="ID|PATH",
    help="Reference pack (default: itu_fg_ssc_2015).",
)
@click.option(
    "--store",
    default=None,
    metavar="URL",
    help="postgresql://user@host/db for a shared store (default: a SQLite file in the folder).",
)
@click.option(
    "--allow-open-responses",
    is_flag=True,
    help="Accept unverified responses from organisations that were not invited.",
)
@click.option(
    "--contact",
    default=None,
    metavar="TEXT",
    help="How respondents reach you (e-mail, phone): written in every invitation, and the "
    "wizard's last message says to send the answers there.",
)
def init_command(directory: Path, city: str, country: str | None, round_label: str | None,
                 questionnaire: str | None, reference: str | None, store: str | None,
                 allow_open_responses: bool, contact: str | None) -> None:  # fmt: skip
    r"""Create a campaign folder: settings, secret key, store, invitations/ and reports/.

    Refuses to touch a folder that already holds a campaign or anything else.

    \b
    Example:
      sscassess init lakeside-2026 --city Lakeside --country XX --round 2026 --contact ssc@lakeside.example
    """
    from sscassess.campaign.folder import Campaign

    campaign = Campaign.init(directory, city, country, round_label, questionnaire, reference,
                             store, allow_open_responses, contact)  # fmt: skip
    cfg = campaign.config
    click.echo(f"Created campaign {cfg.campaign_id} for {cfg.city} in {directory}")
    click.echo(
        f"  questionnaire  {cfg.questionnaire.id}@{cfg.questionnaire.version}  sha256 {cfg.questionnaire.sha256[:16]}…"
    )
    click.echo(
        f"  reference      {cfg.reference.id} {cfg.reference.version}  sha256 {cfg.reference.sha256[:16]}…"
    )
    from sscassess.campaign.store import holds_password, redact

    click.echo(f"  store          {'store.sqlite' if cfg.store == 'sqlite' else redact(cfg.store)}")
    click.echo("  secret key     campaign.key (owner only; back it up, never send it)")
    if holds_password(cfg.store):
        click.echo(
            "warning: the store password is kept in campaign.yaml (owner only); rather give a "
            "URL without it and put the password in ~/.pgpass (or the file PGPASSFILE names)",
            err=True,
        )
    click.echo(f"Next: sscassess invite {directory} --org NAME --category CATEGORY")
    campaign.close()


@cli.command("invite", context_settings=CONTEXT)
@click.argument("directory", type=CAMPAIGN_DIR)
@click.option("--org", default=None, metavar="NAME", help="Organisation to invite.")
@click.option(
    "--category",
    default=None,
    metavar="ID",
    help="Its stakeholder category (see: sscassess reference show).",
)
@click.option(
    "--subtype", default=None, metavar="ID", help="Its subtype, where the category has them."
)
@click.option(
    "--contact",
    default=None,
    metavar="EMAIL",
    help="The organisation's contact person or address (in the store and its invitation).",
)
@click.option("--lang", default=None, metavar="LANG", help="Language of the questionnaire for it.")
@click.option(
    "--from-csv",
    "from_csv",
    default=None,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Invite every row of a CSV file (name, category, subtype, contact, lang).",
)
@click.option(
    "--skip-invalid",
    is_flag=True,
    help="With --from-csv: import the good rows even if some are bad.",
)
@click.option(
    "--revoke", default=None, metavar="ORG", help="Revoke an invitation (by name or file name)."
)
@click.option("--list", "list_", is_flag=True, help="List the invitations.")
@click.option(
    "--coordinator",
    default=None,
    metavar="TEXT",
    help="Set how respondents reach you (e-mail, phone), in every invitation file (rewritten).",
)
def invite_command(directory: Path, org: str | None, category: str | None, subtype: str | None,
                   contact: str | None, lang: str | None, from_csv: Path | None, skip_invalid: bool,
                   revoke: str | None, list_: bool, coordinator: str | None) -> None:  # fmt: skip
    r"""Invite organisations: each gets invitations/<name>.yaml with its secret code.

    \b
    Example:
      sscassess invite lakeside-2026 --org "Lakeside Water" --category utility_provider
      sscassess invite lakeside-2026 --from-csv organisations.csv
      sscassess invite lakeside-2026 --list
      sscassess invite lakeside-2026 --revoke "Lakeside Water"
      sscassess invite lakeside-2026 --coordinator "ssc@lakeside.example, +33 1 23 45 67 89"
    """
    from sscassess.campaign.folder import Campaign
    from sscassess.core.errors import UsageError
    from sscassess.core.texts import terminal_safe

    modes = [
        m
        for m, on in (
            ("--org", org),
            ("--from-csv", from_csv),
            ("--revoke", revoke),
            ("--list", list_),
        )
        if on
    ]
    if len(modes) > 1 or (not modes and coordinator is None):
        raise UsageError(
            "give exactly one of --org (with --category), --from-csv, --revoke or --list "
            "(or --coordinator alone)"
        )
    campaign = Campaign.open(directory)
    try:
        if coordinator is not None:
            campaign.set_coordinator(coordinator)
            click.echo(
                terminal_safe(
                    f"Every invitation now says to send the answers to: {coordinator.strip()}"
                )
            )
        if not modes:
            pass
        elif org is not None:
            if category is None:
                raise UsageError(
                    "--org needs --category (list them with: sscassess reference show)"
                )
            inv, path = campaign.invite(org, category, subtype, contact, lang)
            click.echo(f"Invited {terminal_safe(inv.organisation)} ({inv.category}): {path}")
            click.echo(
                "Send that file to the organisation; it answers with: sscassess answer --invitation FILE"
            )
        elif from_csv is not None:
            paths, problems = campaign.invite_from_csv(from_csv, skip_invalid)
            for problem in problems:
                click.echo(f"skipped: {problem}", err=True)
            click.echo(
                f"Invited {len(paths)} organisation(s); files in {directory / 'invitations'}"
            )
        elif revoke is not None:
            inv = campaign.revoke(revoke)
            click.echo(
                f"Revoked the invitation of {terminal_safe(inv.organisation)}; its later responses "
                "will be refused and its file was removed"
            )
            again = shlex.join(
                ["sscassess", "invite", str(directory), "--org", inv.organisation,
                 "--category", inv.category] + (["--subtype", inv.subtype] if inv.subtype else [])
            )  # fmt: skip
            click.echo(terminal_safe(f"To issue a new code (its answers so far stay): {again}"))
        else:
            written, removed = campaign.sync_invitation_files()
            if written or removed:
                click.echo(
                    f"Repaired invitations/: wrote {written} missing or different file(s), "
                    f"removed {removed} of revoked or unknown invitations"
                )
            invitations = campaign.store.invitations()
            if not invitations:
                click.echo("No invitations yet.")
            for inv in invitations:
                state = f"revoked {inv.revoked_at}" if inv.revoked_at else "active"
                click.echo(
                    terminal_safe(
                        f"{inv.slug:<28} {inv.category:<28} {state:<8} {inv.organisation}"
                    )
                )
    finally:
        campaign.close()


@cli.command("import", context_settings=CONTEXT)
@click.argument("directory", type=CAMPAIGN_DIR)
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--unverified",
    is_flag=True,
    help="Accept plain answers files (e.g. typed in from paper); they are marked unverified.",
)
def import_command(directory: Path, paths: tuple[Path, ...], unverified: bool) -> None:
    r"""Import response files (or folders of them): verified, whole or not at all.

    A file imported twice changes nothing; an altered, forged, revoked or older file is
    refused with its reason. Exit status 3 if any file was refused.

    \b
    Example:
      sscassess import lakeside-2026 inbox/
      sscassess import lakeside-2026 paper-form-7.yaml --unverified
    """
    from sscassess.campaign.folder import UNCHANGED, Campaign
    from sscassess.core.errors import InvalidInputError
    from sscassess.core.texts import escape_controls, terminal_safe

    campaign = Campaign.open(directory)
    results = []
    try:
        # Each result is printed as soon as its file is stored: a batch stopped by a full
        # disk still tells which files made it.
        for r in campaign.iter_import(list(paths), unverified):
            results.append(r)
            # A file name may hold a newline: escaped, it cannot forge a line of this report.
            where = escape_controls(r.path)
            if r.status == "rejected":
                click.echo(f"rejected   {where}: {terminal_safe(r.detail)}")
            else:
                detail = f"{r.organisation}, revision {r.revision}"
                if r.status == "unchanged" and r.detail != UNCHANGED:
                    detail += f" ({r.detail})"
                click.echo(f"{r.status:<10} {where}: {terminal_safe(detail)}")
            if r.warning:
                click.echo(f"  note: {terminal_safe(r.warning)}")
    finally:
        campaign.close()
    counts = {
        s: sum(1 for r in results if r.status == s) for s in ("imported", "unchanged", "rejected")
    }
    click.echo(
        f"{counts['imported']} imported, {counts['unchanged']} unchanged, {counts['rejected']} rejected"
    )
    if not results:
        raise InvalidInputError("no response files found (.json, or .yaml with --unverified)")
    if counts["rejected"]:
        raise InvalidInputError(
            f"{counts['rejected']} of {len(results)} file(s) rejected; nothing of them was stored"
        )


@cli.command("status", context_settings=CONTEXT)
@click.argument("directory", type=CAMPAIGN_DIR)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="table for people, json for programs.",
)
def status_command(directory: Path, fmt: str) -> None:
    r"""Who was invited, who answered, the response rate and the categories with no voice.

    \b
    Example:
      sscassess status lakeside-2026
      sscassess status lakeside-2026 --format json
    """
    import json

    from sscassess.campaign.folder import Campaign
    from sscassess.core.texts import terminal_safe

    campaign = Campaign.open(directory)
    try:
        data = campaign.status()
    finally:
        campaign.close()
    if fmt == "json":
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    rate = f"{data['response_rate']:.0%}" if data["response_rate"] is not None else "n/a"
    click.echo(
        terminal_safe(
            f"{data['city']} {data['round'] or ''}  {data['campaign_id']}  {data['questionnaire']}"
        )
    )
    click.echo(
        f"Invited {data['invited']}, submitted {data['submitted']} ({rate}), open responses {data['open_responses']}"
    )
    click.echo("")
    click.echo(f"{'organisation':<30} {'category':<28} {'state':<12} rev verified named")
    for row in data["organisations"]:
        if row["revoked"]:
            state = "revoked"
        elif row["submitted"]:
            state = "submitted"
        elif row["draft"]:
            state = f"draft {row['draft']}"
        else:
            state = "invited"
        verified = "" if row["verified"] is None else ("yes" if row["verified"] else "NO")
        # "NO": it declined to be named; reports show it only inside the "declined" group.
        named = "" if row["named"] is None else ("yes" if row["named"] else "NO")
        name = (
            row["organisation"]
            if len(row["organisation"]) <= 30
            else row["organisation"][:29] + "…"
        )
        line = (
            f"{name:<30} {row['category']:<28} {state:<12} {row['revision'] or '':>3} "
            f"{verified:<8} {named}"
        )
        click.echo(terminal_safe(line.rstrip()))
    if data["categories_without_voice"]:
        click.echo("")
        text = "Categories with no voice yet: " + ", ".join(data["categories_without_voice"])
        click.echo(textwrap.fill(text, width=80, subsequent_indent="  "))


@contextlib.contextmanager
def _campaign_and_previous(
    directory: Path, previous: Path | None
) -> Iterator[tuple[Campaign, Campaign | None]]:
    """Open a campaign and, with ``--previous``, the earlier round's; close both after."""
    from sscassess.campaign.folder import Campaign

    campaign = Campaign.open(directory)
    earlier = None
    try:
        earlier = Campaign.open(previous) if previous is not None else None
        yield campaign, earlier
    finally:
        campaign.close()
        if earlier is not None:
            earlier.close()


@cli.command("analyze", context_settings=CONTEXT)
@click.argument("directory", type=CAMPAIGN_DIR)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv", "xlsx"]),
    default="table",
    show_default=True,
    help="table: headline figures and top gaps; json: every table; csv: one file per table; "
    "xlsx: one sheet per table.",
)
@click.option(
    "--out",
    default=None,
    type=click.Path(path_type=Path),
    help="Output file (json, xlsx) or folder (csv). Default: standard output for json, "
    "DIRECTORY/reports/analysis.xlsx or DIRECTORY/reports/analysis/ for csv.",
)
@click.option(
    "--previous",
    default=None,
    type=CAMPAIGN_DIR,
    help="The campaign folder of an earlier round on the same reference pack: adds the "
    "round_changes tables.",
)
@click.option(
    "--privacy",
    type=click.Choice(["named", "pseudonymous", "anonymous"]),
    default="named",
    show_default=True,
    help="named: organisations by name; pseudonymous: UTL-1 style codes; anonymous: no "
    "organisation rows, small categories merged.",
)
@click.option(
    "--min-group",
    type=click.IntRange(min=2),
    default=3,
    show_default=True,
    help="Anonymous mode: the smallest group of organisations any figure may come from.",
)
@click.option(
    "--exclude-unverified",
    is_flag=True,
    help="Leave out responses not signed with an invitation code (imported with --unverified).",
)
@click.option(
    "--lang",
    default=None,
    metavar="LANG",
    help="Language of role, category and recommendation names (default: the pack's).",
)
def analyze_command(directory: Path, fmt: str, out: Path | None, previous: Path | None,
                    privacy: str, min_group: int, exclude_unverified: bool,
                    lang: str | None) -> None:  # fmt: skip
    r"""Compare every organisation's answers with the reference roles and with each other.

    Finds roles nobody covers, roles several organisations claim to lead, and each
    organisation's gaps. The README ("Gap analysis") documents every table and column.

    \b
    Example:
      sscassess analyze lakeside-2026
      sscassess analyze lakeside-2026 --format xlsx
      sscassess analyze lakeside-2026 --format json --out analysis.json --privacy anonymous
      sscassess analyze lakeside-2026 --format csv --previous lakeside-2025
    """
    from sscassess.analysis import output as analysis_output
    from sscassess.core.errors import UsageError
    from sscassess.pipeline import analyse_campaign

    with _campaign_and_previous(directory, previous) as (campaign, earlier):
        pack = campaign.questionnaire.reference
        if lang is not None and lang not in pack.meta.languages:
            available = ", ".join(pack.meta.languages)
            raise UsageError(f"language '{lang}' is not in pack {pack.id}; available: {available}")
        result = analyse_campaign(
            campaign,
            previous=earlier,
            privacy=privacy,
            min_group=min_group,
            exclude_unverified=exclude_unverified,
            lang=lang,
        )
    if fmt == "table":
        if out is not None:
            raise UsageError("--out needs --format json, csv or xlsx")
        click.echo(analysis_output.summary_text(result), nl=False)
        return
    if fmt == "json" and out is None:
        click.echo(analysis_output.to_json(result).decode("utf-8"), nl=False)
        return
    target = out or analysis_output.default_output(directory, fmt)
    paths = analysis_output.write(result, fmt, target)
    where = target if fmt == "csv" else paths[0]
    click.echo(f"Wrote {len(result.tables)} table(s) to {where}")


@cli.command("report", context_settings=CONTEXT)
@click.argument("directory", type=CAMPAIGN_DIR)
@click.option(
    "--out",
    default=None,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the PDFs (default: DIRECTORY/reports). Example: --out board-pack/",
)
@click.option(
    "--organisations",
    is_flag=True,
    help="Also write one report per responding organisation into OUT/organisations/ "
    "(built in parallel processes when there are many).",
)
@click.option(
    "--privacy",
    type=click.Choice(["named", "pseudonymous", "anonymous"]),
    default="named",
    show_default=True,
    help="named: organisations by name; pseudonymous: UTL-1 style codes; anonymous: no "
    "organisation named or shown alone (no organisation reports). Example: --privacy anonymous",
)
@click.option(
    "--min-group",
    type=click.IntRange(min=2),
    default=3,
    show_default=True,
    help="Anonymous mode: the smallest group of organisations any figure may come from. "
    "Example: --min-group 5",
)
@click.option(
    "--lang",
    default=None,
    metavar="LANG",
    help="Language of the reports: en, fr or es (default: the template's, en). Example: --lang fr",
)
@click.option(
    "--previous",
    default=None,
    type=CAMPAIGN_DIR,
    help="An earlier round's campaign folder on the same reference pack: adds the "
    "round-to-round changes. Example: --previous lakeside-2025",
)
@click.option(
    "--template",
    default=None,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Your own report template YAML (texts, section order, logo, colours) laid over the "
    "shipped one. Example: --template branding.yaml",
)
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes for organisation reports (default: the CPUs available). "
    "Example: --jobs 2",
)
def report_command(directory: Path, out: Path | None, organisations: bool, privacy: str,
                   min_group: int, lang: str | None, previous: Path | None, template: Path | None,
                   jobs: int | None) -> None:  # fmt: skip
    r"""Write the PDF gap-analysis reports: the city report, and one per organisation.

    The city report is for leadership (headline figures, the most important gaps and
    overlaps, role coverage, profiles, recommendations with their evidence); each
    organisation report shows one organisation its profile against the reference and its
    peers, its gaps, and where the city most needs it. The paths written are printed at the
    end.

    \b
    Example:
      sscassess report lakeside-2026
      sscassess report lakeside-2026 --organisations --lang fr
      sscassess report lakeside-2026 --privacy anonymous --out board-pack/
      sscassess report lakeside-2026 --previous lakeside-2025 --template branding.yaml
    """
    from sscassess.pipeline import write_reports

    interactive = sys.stderr.isatty()
    bar: Any = None
    shown = {"done": 0}

    def progress(done: int, total: int, label: str) -> None:
        nonlocal bar
        if interactive:
            if bar is None:
                bar = click.progressbar(length=total, label="Writing reports", file=sys.stderr)
                bar.__enter__()
            bar.update(done - shown["done"])
        else:
            click.echo(f"[{done}/{total}] {label}", err=True)
        shown["done"] = done

    try:
        with _campaign_and_previous(directory, previous) as (campaign, earlier):
            paths = write_reports(
                campaign,
                out,
                organisations=organisations,
                privacy=privacy,
                min_group=min_group,
                lang=lang,
                previous=earlier,
                template=template,
                jobs=jobs,
                progress=progress,
            )
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    for path in paths:
        click.echo(str(path))


@cli.command("export", context_settings=CONTEXT)
@click.argument("directory", type=CAMPAIGN_DIR)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "xlsx", "json"]),
    default="csv",
    show_default=True,
    help="csv and xlsx: long form, one row per answer item; json: nested.",
)
@click.option(
    "--out",
    default=None,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Output file (default: DIRECTORY/reports/responses.FORMAT).",
)
def export_command(directory: Path, fmt: str, out: Path | None) -> None:
    r"""Export the raw responses (current revisions), safe to open in a spreadsheet.

    \b
    Example:
      sscassess export lakeside-2026 --format xlsx
      sscassess export lakeside-2026 --format csv --out responses.csv
    """
    from sscassess.campaign.export import default_output, export
    from sscassess.campaign.folder import Campaign

    campaign = Campaign.open(directory)
    try:
        target = out or default_output(directory, fmt)
        n = export(campaign, fmt, target)
    finally:
        campaign.close()
    click.echo(f"Exported {n} response(s) to {target}")


@cli.command("answer", context_settings=CONTEXT)
@click.option(
    "--invitation",
    default=None,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Answer for the organisation of this invitation file; writes a signed response file.",
)
@click.option(
    "--campaign",
    "campaign_dir",
    default=None,
    type=CAMPAIGN_DIR,
    help="Workshop mode: store the answers in this campaign directly.",
)
@click.option(
    "--questionnaire",
    default=None,
    metavar="ID|PATH",
    help="Standalone: check answers against this questionnaire.",
)
@click.option(
    "--answers",
    "answers_file",
    default=None,
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="Answers file (YAML or JSON): no questions asked.",
)
@click.option(
    "--out",
    default=None,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the response or answers file.",
)
@click.option(
    "--org",
    default=None,
    metavar="NAME",
    help="With --campaign: the invited organisation answering.",
)
@click.option(
    "--lang",
    default=None,
    metavar="LANG",
    help="Language of the questions (default: the invitation's, then your system's).",
)
@click.option(
    "--plain",
    is_flag=True,
    help="No colour and ASCII only, for screen readers and simple terminals (also with NO_COLOR or TERM=dumb).",
)
@click.option(
    "--new-revision",
    is_flag=True,
    help="With --campaign --answers: replace an organisation's submitted answer (the next revision).",
)
def answer_command(invitation: Path | None, campaign_dir: Path | None, questionnaire: str | None,
                   answers_file: Path | None, out: Path | None, org: str | None,
                   lang: str | None, plain: bool, new_revision: bool) -> None:  # fmt: skip
    r"""Answer the questionnaire for an organisation, in the terminal or from a file.

    In the terminal: one question per screen, "← back" in every list, a review before
    submitting; answers are saved after each one, so Ctrl-C (or a lost connection) keeps
    them, and the same command resumes where you stopped, from any folder. Answering again
    after submitting starts from the answers submitted, as the next revision. With --answers
    nothing is asked: the file is validated (every problem listed at once).

    The result is a signed response file to send back (--invitation), answers stored in the
    campaign (--campaign, workshop mode), or an answers file (--questionnaire with --out).

    \b
    Example:
      sscassess answer --invitation lakeside_water.yaml
      sscassess answer --invitation lakeside_water.yaml --lang fr --plain
      sscassess answer --campaign lakeside-2026
      sscassess answer --campaign lakeside-2026 --org lakeside_water --answers a.yaml --new-revision
      sscassess answer --invitation lakeside_water.yaml --answers my-answers.yaml
      sscassess answer --questionnaire ssc-stakeholder-self-assessment --answers a.yaml
    """
    from sscassess import respond
    from sscassess.core.errors import UsageError

    modes = [
        m
        for m, on in (
            ("--invitation", invitation),
            ("--campaign", campaign_dir),
            ("--questionnaire", questionnaire),
        )
        if on
    ]
    if len(modes) > 1:
        raise UsageError(
            f"give only one of --invitation, --campaign, --questionnaire (got {', '.join(modes)})"
        )
    if not modes:
        raise UsageError(
            "give the invitation you answer: sscassess answer --invitation FILE, the file the "
            "city coordinator sent you (coordinators: --campaign DIR for a workshop, "
            "--questionnaire ID --out FILE without an invitation)"
        )
    if new_revision and (campaign_dir is None or answers_file is None):
        raise UsageError(
            "--new-revision goes with --campaign DIR --answers FILE (the wizard asks instead)"
        )
    if answers_file is None:
        if not (sys.stdin.isatty() and sys.stdout.isatty()):
            # Never let piped bytes become answers.
            raise UsageError(
                "no terminal to ask questions in: give --answers FILE to answer from a file"
            )
        if invitation is not None:
            written = respond.interactive_invitation(invitation, out, lang, plain)
            click.echo(written.message)
        elif campaign_dir is not None:
            stored = respond.interactive_campaign(campaign_dir, org, lang, plain)
            for one in stored:
                click.echo(one.message)
            if not stored:
                click.echo("No answers stored.")
        else:
            if out is None:
                raise UsageError("give --out FILE: where to write the answers")
            written = respond.interactive_standalone(questionnaire, out, lang, plain)
            click.echo(f"Answers written to {written.path}")
        return
    if invitation is not None:
        written = respond.answer_with_invitation(invitation, answers_file, out, keep=True)
        click.echo(written.message)
    elif campaign_dir is not None:
        written = respond.answer_in_campaign(campaign_dir, answers_file, org, new_revision)
        click.echo(f"{written.organisation}: {written.detail} (revision {written.revision})")
    else:
        written = respond.answer_standalone(questionnaire, answers_file, out)
        click.echo(
            f"{answers_file}: the answers are valid" + (f"; written to {out}" if out else "")
        )


@cli.command("demo", context_settings=CONTEXT)
@click.option(
    "--out",
    default=Path("sscassess-demo"),
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="A new or empty folder for the demo campaign.",
)
@click.option(
    "--organisations",
    default=24,
    show_default=True,
    type=int,
    metavar="N",
    help="How many organisations to invite (4 to 100).",
)
@click.option(
    "--seed",
    default=7,
    show_default=True,
    type=int,
    help="The same seed gives the same organisations and answers.",
)
@click.option(
    "--lang",
    default="en",
    show_default=True,
    metavar="LANG",
    help="Language of the invitations and reports (en, fr, es).",
)
def demo_command(out: Path, organisations: int, seed: int, lang: str) -> None:
    r"""Build a sample campaign for a fictional city, with its analysis and reports.

    Goes the real way: init, invitations, signed response files made from generated answers
    files (as `answer --answers` does), import, analysis, reports. Includes a resubmission,
    an unverified paper form, a draft, uncovered, contested and unled roles, and a category
    with no voice. Progress goes to standard error.

    \b
    Example:
      sscassess demo
      sscassess demo --out /tmp/demo --organisations 12 --seed 3 --lang fr
    """
    from sscassess.demo.builder import build_demo, describe

    result = build_demo(
        out, organisations, seed, lang, progress=lambda message: click.echo(message, err=True)
    )
    click.echo(describe(result), nl=False)


def _keep_examples_unwrapped(group: click.Group) -> None:
    r"""Turn the ``\b`` marker line of raw docstrings into the control character click wants.

    click keeps a paragraph unwrapped when its first line is a backspace (``\x08``); in a raw
    docstring ``\b`` is a backslash and a letter, and the examples were wrapped into one line.
    """
    for command in [group, *group.commands.values()]:
        if command.help:
            command.help = re.sub(r"^([ \t]*)\\b$", "\\1\b", command.help, flags=re.M)
        if isinstance(command, click.Group) and command is not group:
            _keep_examples_unwrapped(command)


_keep_examples_unwrapped(cli)


def _for_terminal(message: str, stream: Any) -> str:
    """``message`` wrapped at spaces to a terminal's width (a terminal cuts words in two).

    Only for a terminal: what a script or a log reads stays one line per message.
    """
    try:
        if not stream.isatty():
            return message
    except (AttributeError, ValueError):
        return message
    import shutil

    width = max(20, shutil.get_terminal_size((80, 24)).columns - 1)
    # An indented line (a command to run, a path) stays whole, to be copied.
    return "\n".join(
        line
        if line.startswith("  ")
        else "\n".join(textwrap.wrap(line, width, break_long_words=False, break_on_hyphens=False))
        or line
        for line in message.split("\n")
    )


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``sscassess`` command: run the CLI and map errors to exit codes."""
    args = sys.argv[1:] if argv is None else argv
    debug = "--debug" in args or os.environ.get("SSCASSESS_DEBUG") == "1"
    try:
        code = cli.main(args=args, prog_name="sscassess", standalone_mode=False)
    except click.exceptions.Exit as exc:
        code = exc.exit_code
    except click.ClickException as exc:
        exc.show()
        code = ExitCode.USAGE if exc.exit_code == 2 else exc.exit_code
    except click.Abort:
        click.echo("stopped by user", err=True)
        code = ExitCode.INTERRUPTED
    except SscError as exc:
        if debug:
            traceback.print_exc()
        if exc.exit_code == ExitCode.OK:  # "Save and finish later": said, not an error
            click.echo(str(exc))
        else:
            prefix = "" if exc.exit_code == ExitCode.INTERRUPTED else "error: "
            click.echo(_for_terminal(f"{prefix}{exc}", sys.stderr), err=True)
        code = exc.exit_code
    except KeyboardInterrupt:
        click.echo("\nstopped by user", err=True)
        code = ExitCode.INTERRUPTED
    except BrokenPipeError:
        # The reader (e.g. `| head`) went away: not an error worth a message.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        code = ExitCode.OK
    except Exception as exc:
        if debug:
            traceback.print_exc()
        click.echo(
            f"internal error: {type(exc).__name__}: {exc}\n"
            "This is a bug in sscassess. Run the command again with --debug and report the "
            "traceback.",
            err=True,
        )
        code = ExitCode.ERROR
    sys.exit(int(code or 0))
