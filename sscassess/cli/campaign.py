"""The coordinator's commands on a campaign folder: ``init``, ``invite``, ``import``, ``status``, ``export``."""

from __future__ import annotations

import shlex
import textwrap
from pathlib import Path

import click

from sscassess.cli.common import CAMPAIGN_DIR, CONTEXT, current_spelling, tr
from sscassess.core.i18n import N_


@click.command(
    "init",
    context_settings=CONTEXT,
    help=N_(
        r"""Create a campaign folder: settings, secret key, store, invitations/ and reports/.

    Refuses to touch a folder that already holds a campaign or anything else.

    \b
    Example:
      sscassess init lakeside-2026 --city Lakeside --country XX --round 2026 --contact ssc@lakeside.example
    """
    ),
)
@click.argument("directory", type=CAMPAIGN_DIR)
@click.option("--city", required=True, help=N_("The city running the campaign."))
@click.option("--country", default=None, metavar="CODE", help=N_("ISO country code, e.g. FR."))
@click.option(
    "--round", "round_label", default=None, metavar="LABEL", help=N_("Round label, e.g. 2026.")
)
@click.option(
    "--questionnaire",
    default=None,
    metavar="ID|PATH",
    help=N_("Questionnaire (default: ssc-stakeholder-self-assessment)."),
)
@click.option(
    "--reference",
    default=None,
    metavar="ID|PATH",
    help=N_("Reference pack (default: itu_fg_ssc_2015)."),
)
@click.option(
    "--store",
    default=None,
    metavar="URL",
    help=N_("postgresql://user@host/db for a shared store (default: a SQLite file in the folder)."),
)
@click.option(
    "--allow-open-responses",
    is_flag=True,
    help=N_("Accept unverified responses from organisations that were not invited."),
)
@click.option(
    "--contact",
    "coordinator",
    default=None,
    metavar="TEXT",
    help=N_(
        "How respondents reach you (e-mail, phone): written in every invitation, and the "
        "wizard's last message says to send the answers there."
    ),
)
def init_command(directory: Path, city: str, country: str | None, round_label: str | None,
                 questionnaire: str | None, reference: str | None, store: str | None,
                 allow_open_responses: bool, coordinator: str | None) -> None:  # fmt: skip
    from sscassess.campaign.folder import Campaign

    campaign = Campaign.init(directory, city, country, round_label, questionnaire, reference,
                             store, allow_open_responses, coordinator)  # fmt: skip
    cfg = campaign.config
    t = tr()
    click.echo(
        t.gettext(
            "Created campaign {campaign} for {city} in {directory}",
            campaign=cfg.campaign_id,
            city=cfg.city,
            directory=directory,
        )
    )
    q, ref = cfg.questionnaire, cfg.reference
    click.echo(
        t.gettext(
            "  questionnaire  {id}@{version}  sha256 {sha}…",
            id=q.id,
            version=q.version,
            sha=q.sha256[:16],
        )
    )
    click.echo(
        t.gettext(
            "  reference      {id} {version}  sha256 {sha}…",
            id=ref.id,
            version=ref.version,
            sha=ref.sha256[:16],
        )
    )
    from sscassess.campaign.redaction import holds_password, redact

    store_name = "store.sqlite" if cfg.store == "sqlite" else redact(cfg.store)
    click.echo(t.gettext("  store          {store}", store=store_name))
    click.echo(t.gettext("  secret key     campaign.key (owner only; back it up, never send it)"))
    if holds_password(cfg.store):
        click.echo(
            t.gettext(
                "warning: the store password is kept in campaign.yaml (owner only); rather give "
                "a URL without it and put the password in ~/.pgpass (or the file PGPASSFILE "
                "names)"
            ),
            err=True,
        )
    click.echo(
        t.gettext(
            "Next: sscassess invite {directory} --org NAME --category CATEGORY",
            directory=directory,
        )
    )
    campaign.close()


@click.command(
    "invite",
    context_settings=CONTEXT,
    help=N_(
        r"""Invite organisations: each gets invitations/<name>.yaml with its secret code.

    \b
    Example:
      sscassess invite lakeside-2026 --org "Lakeside Water" --category utility_provider
      sscassess invite lakeside-2026 --from-csv organisations.csv
      sscassess invite lakeside-2026 --list
      sscassess invite lakeside-2026 --revoke "Lakeside Water"
      sscassess invite lakeside-2026 --coordinator "ssc@lakeside.example, +33 1 23 45 67 89"
    """
    ),
)
@click.argument("directory", type=CAMPAIGN_DIR)
@click.option("--org", default=None, metavar="NAME", help=N_("Organisation to invite."))
@click.option(
    "--category",
    default=None,
    metavar="ID",
    help=N_("Its stakeholder category (see: sscassess reference show)."),
)
@click.option(
    "--subtype", default=None, metavar="ID", help=N_("Its subtype, where the category has them.")
)
@click.option(
    "--contact",
    default=None,
    metavar="EMAIL",
    help=N_("The organisation's contact person or address (in the store and its invitation)."),
)
@click.option(
    "--lang", default=None, metavar="LANG", help=N_("Language of the questionnaire for it.")
)
@click.option(
    "--from-csv",
    "from_csv",
    default=None,
    type=click.Path(dir_okay=False, path_type=Path),
    help=N_("Invite every row of a CSV file (name, category, subtype, contact, lang)."),
)
@click.option(
    "--skip-invalid",
    is_flag=True,
    help=N_("With --from-csv: import the good rows even if some are bad."),
)
@click.option(
    "--revoke", default=None, metavar="ORG", help=N_("Revoke an invitation (by name or file name).")
)
@click.option("--list", "list_", is_flag=True, help=N_("List the invitations."))
@click.option(
    "--coordinator",
    default=None,
    metavar="TEXT",
    help=N_("Set how respondents reach you (e-mail, phone), in every invitation file (rewritten)."),
)
def invite_command(directory: Path, org: str | None, category: str | None, subtype: str | None,
                   contact: str | None, lang: str | None, from_csv: Path | None, skip_invalid: bool,
                   revoke: str | None, list_: bool, coordinator: str | None) -> None:  # fmt: skip
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
            tr().gettext(
                "give exactly one of --org (with --category), --from-csv, --revoke or --list "
                "(or --coordinator alone)"
            )
        )
    t = tr()
    campaign = Campaign.open(directory)
    try:
        if coordinator is not None:
            campaign.set_coordinator(coordinator)
            click.echo(
                terminal_safe(
                    t.gettext(
                        "Every invitation now says to send the answers to: {contact}",
                        contact=coordinator.strip(),
                    )
                )
            )
        if not modes:
            pass
        elif org is not None:
            if category is None:
                raise UsageError(
                    t.gettext("--org needs --category (list them with: sscassess reference show)")
                )
            inv, path = campaign.invite(org, category, subtype, contact, lang)
            click.echo(
                t.gettext(
                    "Invited {organisation} ({category}): {path}",
                    organisation=terminal_safe(inv.organisation),
                    category=inv.category,
                    path=path,
                )
            )
            click.echo(
                t.gettext(
                    "Send that file to the organisation; it answers with: "
                    "sscassess answer --invitation FILE"
                )
            )
        elif from_csv is not None:
            paths, problems = campaign.invite_from_csv(from_csv, skip_invalid)
            for problem in problems:
                click.echo(t.gettext("skipped: {problem}", problem=problem), err=True)
            click.echo(
                t.ngettext(
                    "Invited {n} organisation; files in {folder}",
                    "Invited {n} organisations; files in {folder}",
                    len(paths),
                    folder=directory / "invitations",
                )
            )
        elif revoke is not None:
            inv = campaign.revoke(revoke)
            click.echo(
                t.gettext(
                    "Revoked the invitation of {organisation}; its later responses will be "
                    "refused and its file was removed",
                    organisation=terminal_safe(inv.organisation),
                )
            )
            again = shlex.join(
                ["sscassess", "invite", str(directory), "--org", inv.organisation,
                 "--category", inv.category] + (["--subtype", inv.subtype] if inv.subtype else [])
            )  # fmt: skip
            click.echo(
                terminal_safe(
                    t.gettext(
                        "To issue a new code (its answers so far stay): {command}", command=again
                    )
                )
            )
        else:
            written, removed = campaign.sync_invitation_files()
            if written or removed:
                click.echo(
                    t.ngettext(
                        "Repaired invitations/: wrote {n} missing or different file, removed "
                        "{removed} of revoked or unknown invitations",
                        "Repaired invitations/: wrote {n} missing or different files, removed "
                        "{removed} of revoked or unknown invitations",
                        written,
                        removed=removed,
                    )
                )
            invitations = campaign.store.invitations()
            if not invitations:
                click.echo(t.gettext("No invitations yet."))
            for inv in invitations:
                state = (
                    t.gettext("revoked {when}", when=inv.revoked_at)
                    if inv.revoked_at
                    else t.gettext("active")
                )
                click.echo(
                    terminal_safe(
                        f"{inv.slug:<28} {inv.category:<28} {state:<8} {inv.organisation}"
                    )
                )
    finally:
        campaign.close()


@click.command(
    "import",
    context_settings=CONTEXT,
    help=N_(
        r"""Import response files (or folders of them): verified, whole or not at all.

    A file imported twice changes nothing; an altered, forged, revoked or older file is
    refused with its reason. Exit status 3 if any file was refused.

    \b
    Example:
      sscassess import lakeside-2026 inbox/
      sscassess import lakeside-2026 paper-form-7.yaml --unverified
    """
    ),
)
@click.argument("directory", type=CAMPAIGN_DIR)
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--unverified",
    is_flag=True,
    help=N_("Accept plain answers files (e.g. typed in from paper); they are marked unverified."),
)
def import_command(directory: Path, paths: tuple[Path, ...], unverified: bool) -> None:
    from sscassess.campaign.folder import Campaign
    from sscassess.campaign.intake import UNCHANGED
    from sscassess.core.errors import InvalidInputError, spell
    from sscassess.core.texts import escape_controls, terminal_safe

    spelling = current_spelling()
    t = tr()
    outcome = {
        "imported": t.pgettext("import outcome", "imported"),
        "unchanged": t.pgettext("import outcome", "unchanged"),
        "rejected": t.pgettext("import outcome", "rejected"),
    }
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
                reason = r.error.spelt(spelling, t).replace("\n", " ") if r.error else r.detail
                click.echo(f"{outcome['rejected']:<10} {where}: {terminal_safe(reason)}")
            else:
                detail = t.gettext(
                    "{organisation}, revision {revision}",
                    organisation=r.organisation,
                    revision=r.revision,
                )
                if r.status == "unchanged" and r.said != UNCHANGED:
                    detail += f" ({spell((r.said,), spelling, t)})"
                click.echo(f"{outcome[r.status]:<10} {where}: {terminal_safe(detail)}")
            if r.warning:
                note = terminal_safe(spell((r.warning,), spelling, t))
                click.echo(t.gettext("  note: {note}", note=note))
    finally:
        campaign.close()
    counts = {
        s: sum(1 for r in results if r.status == s) for s in ("imported", "unchanged", "rejected")
    }
    click.echo(
        t.gettext(
            "{imported} imported, {unchanged} unchanged, {rejected} rejected",
            imported=counts["imported"],
            unchanged=counts["unchanged"],
            rejected=counts["rejected"],
        )
    )
    if not results:
        raise InvalidInputError(
            t.gettext("no response files found (.json, or .yaml with --unverified)")
        )
    if counts["rejected"]:
        raise InvalidInputError(
            t.ngettext(
                "{n} of {total} file rejected; nothing of it was stored",
                "{n} of {total} files rejected; nothing of them was stored",
                counts["rejected"],
                total=len(results),
            )
        )


@click.command(
    "status",
    context_settings=CONTEXT,
    help=N_(
        r"""Who was invited, who answered, the response rate and the categories with no voice.

    \b
    Example:
      sscassess status lakeside-2026
      sscassess status lakeside-2026 --format json
    """
    ),
)
@click.argument("directory", type=CAMPAIGN_DIR)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help=N_("table for people, json for programs."),
)
def status_command(directory: Path, fmt: str) -> None:
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
    t = tr()
    rate = (
        t.percent(data["response_rate"]) if data["response_rate"] is not None else t.gettext("n/a")
    )
    click.echo(
        terminal_safe(
            f"{data['city']} {data['round'] or ''}  {data['campaign_id']}  {data['questionnaire']}"
        )
    )
    click.echo(
        t.gettext(
            "Invited {invited}, submitted {submitted} ({rate}), open responses {open}",
            invited=data["invited"],
            submitted=data["submitted"],
            rate=rate,
            open=data["open_responses"],
        )
    )
    click.echo("")
    head = [
        t.pgettext("status column", "organisation"),
        t.pgettext("status column", "category"),
        t.pgettext("status column", "state"),
        t.pgettext("status column", "rev"),
        t.pgettext("status column", "verified"),
        t.pgettext("status column", "named"),
    ]
    click.echo(f"{head[0]:<30} {head[1]:<28} {head[2]:<12} {head[3]:>3} {head[4]:<8} {head[5]}")
    yes, no = t.pgettext("status column", "yes"), t.pgettext("status column", "NO")
    for row in data["organisations"]:
        if row["revoked"]:
            state = t.pgettext("invitation state", "revoked")
        elif row["submitted"]:
            state = t.pgettext("invitation state", "submitted")
        elif row["draft"]:
            state = t.pgettext("invitation state", "draft {when}", when=row["draft"])
        else:
            state = t.pgettext("invitation state", "invited")
        verified = "" if row["verified"] is None else (yes if row["verified"] else no)
        # "NO": it declined to be named; reports show it only inside the "declined" group.
        named = "" if row["named"] is None else (yes if row["named"] else no)
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
        text = t.gettext(
            "Categories with no voice yet: {categories}",
            categories=", ".join(data["categories_without_voice"]),
        )
        click.echo(textwrap.fill(text, width=80, subsequent_indent="  "))


@click.command(
    "export",
    context_settings=CONTEXT,
    help=N_(
        r"""Export the raw responses (current revisions), safe to open in a spreadsheet.

    \b
    Example:
      sscassess export lakeside-2026 --format xlsx
      sscassess export lakeside-2026 --format csv --out responses.csv
    """
    ),
)
@click.argument("directory", type=CAMPAIGN_DIR)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "xlsx", "json"]),
    default="csv",
    show_default=True,
    help=N_("csv and xlsx: long form, one row per answer item; json: nested."),
)
@click.option(
    "--out",
    default=None,
    type=click.Path(dir_okay=False, path_type=Path),
    help=N_("Output file (default: DIRECTORY/reports/responses.FORMAT)."),
)
def export_command(directory: Path, fmt: str, out: Path | None) -> None:
    from sscassess.campaign.export import default_output, export
    from sscassess.campaign.folder import Campaign

    campaign = Campaign.open(directory)
    try:
        target = out or default_output(directory, fmt)
        n = export(campaign, fmt, target)
    finally:
        campaign.close()
    click.echo(
        tr().ngettext(
            "Exported {n} response to {target}",
            "Exported {n} responses to {target}",
            n,
            target=target,
        )
    )
