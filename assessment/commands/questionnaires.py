"""``assessment questionnaires ...``: validate the shipped files and report element coverage (no database)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click


@click.group("questionnaires")
def questionnaires_group() -> None:
    """Validate questionnaires and catalogues; report element coverage."""


@questionnaires_group.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
def questionnaires_validate(paths: tuple[Path, ...]) -> None:
    """Check files against their JSON Schema and the semantic rules (default: every shipped file).

    Prints PATH: $.json.path: message for every problem and exits 1, or PATH: ok (N questions).
    """
    from questionnaires.loader import shipped_files, validate_file

    failed = False
    for path in paths or tuple(shipped_files()):
        report = validate_file(path)
        failed = failed or not report.ok
        for line in report.lines():
            click.echo(line)
    sys.exit(1 if failed else 0)


@questionnaires_group.command("coverage")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option("--questionnaire", "path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A questionnaire file (default: the newest shipped version).")
def questionnaires_coverage(as_json: bool, path: Path | None) -> None:
    """Which catalogue elements are tested by at least one scored question."""
    from questionnaires.coverage import coverage
    from questionnaires.loader import DefinitionError, default_elements, load_questionnaire, shipped_questionnaires

    if path is None:
        shipped = shipped_questionnaires()
        if not shipped:
            raise click.ClickException("no questionnaire is shipped under questionnaires/data/")
        path = shipped[max(shipped, key=lambda key: (key[0] != "sample", key[1]))]
    try:
        questionnaire = load_questionnaire(path)
    except DefinitionError as exc:
        for problem in exc.problems:
            click.echo(f"{exc.source}: {problem}", err=True)
        sys.exit(1)
    result = coverage(questionnaire, default_elements())
    if as_json:
        click.echo(json.dumps(result.as_json(), indent=2))
        return
    click.echo(f"{questionnaire.id} v{questionnaire.version}: "
               f"{result.required_covered} of {result.required_total} required elements tested")
    for section in result.sections:
        click.echo(f"  {section.section} {section.title}: {len(section.covered)} tested"
                   + (f"; not tested: {', '.join(section.uncovered)}" if section.uncovered else ""))
    if result.uncovered_required:
        click.echo("required elements not tested: " + ", ".join(result.uncovered_required))


@questionnaires_group.command("translations")
@click.option("--json", "as_json", is_flag=True, help="Print {lang: {total, translated, reviewed}} as JSON.")
def questionnaires_translations(as_json: bool) -> None:
    """How much of the questionnaire, TA catalogue and words each language has, and any problem in its file."""
    from questionnaires.translations import all_sources, catalogues, check_catalogue, counts

    sources = all_sources()
    found = catalogues()
    summary = {lang: counts(cat, sources) for lang, cat in sorted(found.items())}
    if as_json:
        click.echo(json.dumps({lang: {k: v for k, v in row.items() if k != "state"}
                               for lang, row in summary.items()}, indent=2))
        return
    for lang, row in summary.items():
        click.echo(f"{lang} ({found[lang].name}): {row['translated']} of {row['total']} translated, "
                   f"{row['reviewed']} reviewed; {row['state']}")
        for problem in check_catalogue(found[lang], sources):
            click.echo(f"  {problem}")
