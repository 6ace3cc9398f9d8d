"""The coordinator's commands on a campaign folder: ``init``, ``invite``, ``import``, ``status``, ``export``."""

from __future__ import annotations

import shlex
import textwrap
from pathlib import Path

import click

from sscassess.cli.common import CAMPAIGN_DIR, CONTEXT, current_spelling


@click.command("init", context_settings=CONTEXT)
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
    "coordinator",
    default=None,
    metavar="TEXT",
    help="How respondents reach you (e-mail, phone): written in every invitation, and the "
    "wizard's last message says to send the answers there.",
)
def init_command(directory: Path, city: str, country: str | None, round_label: str | None,
                 questionnaire: str | None, reference: str | None, store: str | None,
                 allow_open_responses: bool, coordinator: str | None) -> None:  # fmt: skip
    r"""Create a campaign folder: settings, secret key, store, invitations/ and reports/.

    Refuses to touch a folder that already holds a campaign or anything else.

    \b
    Example:
      sscassess init lakeside-2026 --city Lakeside --country XX --round 2026 --contact ssc@lakeside.example
    """
    from sscassess.campaign.folder import Campaign

    campaign = Campaign.init(directory, city, country, round_label, questionnaire, reference,
                             store, allow_open_responses, coordinator)  # fmt: skip
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


@click.command("invite", context_settings=CONTEXT)
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


@click.command("import", context_settings=CONTEXT)
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
    from sscassess.campaign.folder import Campaign
    from sscassess.campaign.intake import UNCHANGED
    from sscassess.core.errors import InvalidInputError
    from sscassess.core.texts import escape_controls, terminal_safe

    spelling = current_spelling()
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
                reason = r.error.spelt(spelling).replace("\n", " ") if r.error else r.detail
                click.echo(f"rejected   {where}: {terminal_safe(reason)}")
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


@click.command("status", context_settings=CONTEXT)
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


@click.command("export", context_settings=CONTEXT)
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
