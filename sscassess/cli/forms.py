"""Commands that inspect the reference framework and the questionnaires: ``reference``, ``questionnaire``."""

from __future__ import annotations

import click

from sscassess.cli.common import CONTEXT


@click.group(context_settings=CONTEXT, short_help="Inspect the reference framework (ITU-T FG-SSC).")
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
    for problem in pack.warnings:
        click.echo(f"warning: {problem}", err=True)
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


@click.group(context_settings=CONTEXT, short_help="Check and show questionnaires.")
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
