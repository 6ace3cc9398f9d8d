"""Commands that inspect the reference framework and the questionnaires: ``reference``, ``questionnaire``."""

from __future__ import annotations

import click

from sscassess.cli.common import CONTEXT, tr
from sscassess.core.i18n import N_


@click.group(
    context_settings=CONTEXT,
    short_help=N_("Inspect the reference framework (ITU-T FG-SSC)."),
    help=N_(
        r"""Inspect the reference framework: categories, roles, expectations, recommendations.

    \b
    Example:
      sscassess reference show --format json > reference.json
    """
    ),
)
def reference() -> None:
    """The group; its help text is in the decorator, to be translated."""


@reference.command(
    "show",
    context_settings=CONTEXT,
    help=N_(
        r"""Show the reference matrix, or the full profile of one CATEGORY.

    \b
    Example:
      sscassess reference show
      sscassess reference show utility_provider
      sscassess reference show --format csv > matrix.csv
      sscassess reference show --reference ./my-pack --format json
    """
    ),
)
@click.argument("category", required=False)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
    help=N_("table for people; json for the whole pack; csv for the matrix in long form."),
)
@click.option(
    "--reference",
    "reference_spec",
    metavar="ID|PATH",
    default=None,
    help=N_("A shipped pack id or a folder holding your own pack (default: itu_fg_ssc_2015)."),
)
@click.option(
    "--lang", default=None, metavar="LANG", help=N_("Language of the texts (default: the pack's).")
)
def reference_show(
    category: str | None, fmt: str, reference_spec: str | None, lang: str | None
) -> None:
    from sscassess.core.errors import UsageError
    from sscassess.reference import view as reference_view
    from sscassess.reference.pack import load_reference

    pack = load_reference(reference_spec)
    for problem in pack.warnings:
        click.echo(tr().gettext("warning: {problem}", problem=problem), err=True)
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


@click.group(
    context_settings=CONTEXT,
    short_help=N_("Check and show questionnaires."),
    help=N_(
        r"""Check questionnaire files and show them as forms, JSON or a JSON Schema.

    \b
    Example:
      sscassess questionnaire check
      sscassess questionnaire show --lang es --format markdown > form-es.md
    """
    ),
)
def questionnaire() -> None:
    """The group; its help text is in the decorator, to be translated."""


@questionnaire.command(
    "check",
    context_settings=CONTEXT,
    help=N_(
        r"""Validate questionnaires (default: the shipped ones) and list every problem.

    Exit status 0 when there are no errors (warnings are printed but allowed), 3 otherwise.

    \b
    Example:
      sscassess questionnaire check
      sscassess questionnaire check my-survey.yaml --reference ./my-pack
    """
    ),
)
@click.argument("paths", nargs=-1, metavar="[ID|PATH]...")
@click.option(
    "--reference",
    "reference_spec",
    metavar="ID|PATH",
    default=None,
    help=N_("Check against this reference pack instead of the one the questionnaire names."),
)
def questionnaire_check(paths: tuple[str, ...], reference_spec: str | None) -> None:
    from sscassess.core.errors import InvalidInputError
    from sscassess.questionnaire.load import check_questionnaire
    from sscassess.questionnaire.model import shipped_questionnaires

    t = tr()
    targets = list(paths) or list(shipped_questionnaires())
    failed = 0
    for target in targets:
        result = check_questionnaire(target, reference_spec)
        for problem in result.errors:
            click.echo(t.gettext("error: {message}", message=problem), err=True)
        for problem in result.warnings:
            click.echo(t.gettext("warning: {problem}", problem=problem), err=True)
        warnings = t.ngettext("{n} warning", "{n} warnings", len(result.warnings))
        if result.errors:
            failed += 1
            errors = t.ngettext("{n} error", "{n} errors", len(result.errors))
            click.echo(
                t.gettext(
                    "{target}: {errors}, {warnings}",
                    target=target,
                    errors=errors,
                    warnings=warnings,
                )
            )
        else:
            q = result.questionnaire
            assert q is not None
            click.echo(
                t.ngettext(
                    "{target}: ok ({ref}, {n} question, languages {languages}, {warnings})",
                    "{target}: ok ({ref}, {n} questions, languages {languages}, {warnings})",
                    len(q.questions),
                    target=target,
                    ref=q.ref,
                    languages=", ".join(q.languages),
                    warnings=warnings,
                )
            )
    if failed:
        raise InvalidInputError(
            t.ngettext(
                "{n} of {total} questionnaire has errors",
                "{n} of {total} questionnaires have errors",
                failed,
                total=len(targets),
            )
        )


@questionnaire.command(
    "show",
    context_settings=CONTEXT,
    help=N_(
        r"""Show a questionnaire (default: ssc-stakeholder-self-assessment).

    \b
    Example:
      sscassess questionnaire show --lang fr
      sscassess questionnaire show --format markdown --lang es > form-es.md
      sscassess questionnaire show --format schema > answers.schema.json
    """
    ),
)
@click.argument("spec", required=False, metavar="[ID|PATH]")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "markdown", "json", "schema"]),
    default="text",
    show_default=True,
    help=N_(
        "text or markdown: a printable form; json: the resolved questionnaire; "
        "schema: the JSON Schema of a valid answers file."
    ),
)
@click.option(
    "--lang", default=None, metavar="LANG", help=N_("Language (default: the questionnaire's).")
)
@click.option(
    "--reference",
    "reference_spec",
    metavar="ID|PATH",
    default=None,
    help=N_("Reference pack to resolve against."),
)
def questionnaire_show(
    spec: str | None, fmt: str, lang: str | None, reference_spec: str | None
) -> None:
    from sscassess.core.errors import UsageError
    from sscassess.questionnaire import view
    from sscassess.questionnaire.load import load_questionnaire

    q = load_questionnaire(spec, reference_spec)
    language = lang or q.default_language
    if language not in q.languages:
        raise UsageError(
            tr().gettext(
                "language '{lang}' is not in questionnaire {questionnaire}; available: {available}",
                lang=language,
                questionnaire=q.id,
                available=", ".join(q.languages),
            )
        )
    if fmt == "schema":
        out = view.schema_json(q)
    elif fmt == "json":
        out = view.questionnaire_json(q, language)
    else:
        out = view.printable(q, language, markdown=fmt == "markdown")
    click.echo(out, nl=False)
