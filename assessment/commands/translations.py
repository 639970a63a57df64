"""``assessment translations ...``: translation files for translators, and bringing them back (no database)."""

from __future__ import annotations

import sys
from pathlib import Path

import click


@click.group("translations")
def translations_group() -> None:
    """Translations: export a file for translators, import it with a preview; compile the interface."""


@translations_group.command("export")
@click.option("--lang", "language", required=True, help="The language tag, e.g. id or th.")
@click.option("-o", "--output", "output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="F.xlsx (a workbook) or F.po (gettext).")
def translations_export(language: str, output: Path) -> None:
    """Every string with its key, context, English and current translation with its state."""
    from exports.translations import write_po_file, write_xlsx
    from questionnaires.translations import all_sources, catalogue

    if language == "en":
        raise click.ClickException("English is the source language: choose the language to translate into")
    suffix = output.suffix.lower()
    if suffix not in (".xlsx", ".po"):
        raise click.ClickException(f"{output.name}: the output must end in .xlsx or .po")
    cat = catalogue(language)
    sources = all_sources()
    written = (write_xlsx if suffix == ".xlsx" else write_po_file)(cat, sources, output)
    click.echo(f"{output}: {written} strings for {language}")


@translations_group.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--lang", "language", help="The language (default: the one the file names).")
@click.option("--apply", "apply", is_flag=True, help="Write the translations (without it: a preview).")
def translations_import(path: Path, language: str | None, apply: bool) -> None:
    """Check a translation file and preview what it changes; --apply writes it if there is no problem.

    Exit codes: 0 preview, applied or nothing to do; 1 problems (nothing written).
    """
    from exports.translations import read_file
    from questionnaires.translations import all_sources, catalogue, plan_import, write_catalogue

    try:
        named, rows = read_file(path)
    except ValueError as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)
    language = language or named
    if not language:
        click.echo(f"{path.name}: the file names no language: give --lang", err=True)
        sys.exit(1)
    if named and named != language:
        click.echo(f"{path.name}: the file is for {named!r}, not {language!r}", err=True)
        sys.exit(1)
    current = catalogue(language)
    plan = plan_import(language, rows, all_sources(), current)
    for problem in plan.problems:
        click.echo(f"problem: {problem}")
    for change in plan.changes:
        old = f"{change.old.text!r} [{change.old.state}]" if change.old else "(none)"
        click.echo(f"change: {change.key}: {old} → {change.new.text!r} [{change.new.state}]")
    click.echo(f"{language}: {len(plan.changes)} to change, {plan.unchanged} unchanged, "
               f"{len(plan.problems)} problem(s)")
    if plan.problems:
        click.echo("Nothing written: correct the problems and import again.")
        sys.exit(1)
    if not plan.changes:
        return
    if not apply:
        click.echo("Preview only: run again with --apply to write.")
        return
    written = write_catalogue(plan.catalogue(current))
    click.echo(f"Written: {written}")


@translations_group.command("compile")
@click.option("--force", is_flag=True, help="Compile every catalogue, even those up to date.")
def translations_compile(force: bool) -> None:
    """Compile the interface catalogues (messages.po to messages.mo) that pages read."""
    from assessment.services.catalogues import compile_catalogues

    written = compile_catalogues(force=force)
    click.echo(f"{len(written)} catalogue(s) compiled" + (": " + ", ".join(map(str, written)) if written else ""))
