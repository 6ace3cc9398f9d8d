"""Commands that turn answers into results: ``analyze``, ``report``, and the ``demo`` that runs it all."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from sscassess.cli.common import (
    CAMPAIGN_DIR,
    CONTEXT,
    campaign_and_previous,
    min_group_option,
    previous_option,
    privacy_option,
    tr,
)
from sscassess.core.i18n import N_


@click.command(
    "analyze",
    context_settings=CONTEXT,
    help=N_(
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
    ),
)
@click.argument("directory", type=CAMPAIGN_DIR)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv", "xlsx"]),
    default="table",
    show_default=True,
    help=N_(
        "table: headline figures and top gaps; json: every table; csv: one file per table; "
        "xlsx: one sheet per table."
    ),
)
@click.option(
    "--out",
    default=None,
    type=click.Path(path_type=Path),
    help=N_(
        "Output file (json, xlsx) or folder (csv). Default: standard output for json, "
        "DIRECTORY/reports/analysis.xlsx or DIRECTORY/reports/analysis/ for csv."
    ),
)
@previous_option(
    N_(
        "The campaign folder of an earlier round on the same reference pack: adds the "
        "round_changes tables."
    )
)
@privacy_option(
    N_(
        "named: organisations by name; pseudonymous: UTL-1 style codes; anonymous: no "
        "organisation rows, small categories merged."
    )
)
@min_group_option
@click.option(
    "--exclude-unverified",
    is_flag=True,
    help=N_("Leave out responses not signed with an invitation code (imported with --unverified)."),
)
@click.option(
    "--lang",
    default=None,
    metavar="LANG",
    help=N_(
        "Language of the summary, notes, role, category and recommendation names "
        "(default: the pack's)."
    ),
)
def analyze_command(directory: Path, fmt: str, out: Path | None, previous: Path | None,
                    privacy: str, min_group: int, exclude_unverified: bool,
                    lang: str | None) -> None:  # fmt: skip
    from sscassess.analysis import output as analysis_output
    from sscassess.core.errors import UsageError
    from sscassess.pipeline import analyse_campaign

    with campaign_and_previous(directory, previous) as (campaign, earlier):
        pack = campaign.questionnaire.reference
        if lang is not None and lang not in pack.meta.languages:
            available = ", ".join(pack.meta.languages)
            raise UsageError(
                tr().gettext(
                    "language '{lang}' is not in pack {pack}; available: {available}",
                    lang=lang,
                    pack=pack.id,
                    available=available,
                )
            )
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
            raise UsageError(tr().gettext("--out needs --format json, csv or xlsx"))
        click.echo(analysis_output.summary_text(result), nl=False)
        return
    if fmt == "json" and out is None:
        click.echo(analysis_output.to_json(result).decode("utf-8"), nl=False)
        return
    target = out or analysis_output.default_output(directory, fmt)
    paths = analysis_output.write(result, fmt, target)
    where = target if fmt == "csv" else paths[0]
    n = len(result.tables)
    click.echo(
        tr().ngettext("Wrote {n} table to {where}", "Wrote {n} tables to {where}", n, where=where)
    )


@click.command(
    "report",
    context_settings=CONTEXT,
    help=N_(
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
    ),
)
@click.argument("directory", type=CAMPAIGN_DIR)
@click.option(
    "--out",
    default=None,
    type=click.Path(file_okay=False, path_type=Path),
    help=N_("Folder for the PDFs (default: DIRECTORY/reports). Example: --out board-pack/"),
)
@click.option(
    "--organisations",
    is_flag=True,
    help=N_(
        "Also write one report per responding organisation into OUT/organisations/ "
        "(built in parallel processes when there are many)."
    ),
)
@privacy_option(
    N_(
        "named: organisations by name; pseudonymous: UTL-1 style codes; anonymous: no "
        "organisation named or shown alone (no organisation reports). Example: --privacy anonymous"
    )
)
@min_group_option
@click.option(
    "--lang",
    default=None,
    metavar="LANG",
    help=N_(
        "Language of every report: en, fr or es. Default: the city report in the template's "
        "(en), each organisation report in its invitation's language. Example: --lang fr"
    ),
)
@previous_option(
    N_(
        "An earlier round's campaign folder on the same reference pack: adds the "
        "round-to-round changes. Example: --previous lakeside-2025"
    )
)
@click.option(
    "--template",
    default=None,
    type=click.Path(dir_okay=False, path_type=Path),
    help=N_(
        "Your own report template YAML (texts, section order, logo, colours) laid over the "
        "shipped one. Example: --template branding.yaml"
    ),
)
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help=N_(
        "Worker processes for organisation reports (default: the CPUs available). Example: --jobs 2"
    ),
)
def report_command(directory: Path, out: Path | None, organisations: bool, privacy: str,
                   min_group: int, lang: str | None, previous: Path | None, template: Path | None,
                   jobs: int | None) -> None:  # fmt: skip
    from sscassess.pipeline import write_reports

    interactive = sys.stderr.isatty()
    bar: Any = None
    shown = {"done": 0}

    def progress(done: int, total: int, label: str) -> None:
        nonlocal bar
        if interactive:
            if bar is None:
                bar = click.progressbar(
                    length=total, label=tr().gettext("Writing reports"), file=sys.stderr
                )
                bar.__enter__()
            bar.update(done - shown["done"])
        else:
            click.echo(f"[{done}/{total}] {label}", err=True)
        shown["done"] = done

    try:
        with campaign_and_previous(directory, previous) as (campaign, earlier):
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


@click.command(
    "demo",
    context_settings=CONTEXT,
    help=N_(
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
    ),
)
@click.option(
    "--out",
    default=Path("sscassess-demo"),
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help=N_("A new or empty folder for the demo campaign."),
)
@click.option(
    "--organisations",
    default=24,
    show_default=True,
    type=int,
    metavar="N",
    help=N_("How many organisations to invite (4 to 100)."),
)
@click.option(
    "--seed",
    default=7,
    show_default=True,
    type=int,
    help=N_("The same seed gives the same organisations and answers."),
)
@click.option(
    "--lang",
    default="en",
    show_default=True,
    metavar="LANG",
    help=N_("Language of the invitations and reports (en, fr, es)."),
)
def demo_command(out: Path, organisations: int, seed: int, lang: str) -> None:
    from sscassess.demo.builder import build_demo, describe

    t = tr()
    result = build_demo(
        out, organisations, seed, lang, progress=lambda line: click.echo(line, err=True), tr=t
    )
    click.echo(describe(result, t), nl=False)
