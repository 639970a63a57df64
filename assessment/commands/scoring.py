"""``assessment score ANSWERS.json [--json]``: score an answers file and print the report or the result JSON."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy.exc import DBAPIError


@click.command("score")
@click.argument("answers_file", metavar="ANSWERS.json", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the result document (JSON) instead of the report.")
@with_appcontext
def score_command(answers_file: Path, as_json: bool) -> None:
    """Score an answers file against the questionnaire version it names.

    A file with problems prints PATH: $.json.path: message for every one and exits 1; nothing is guessed.
    """
    from assessment.registry import registry
    from questionnaires.loader import read_json, schema_problems
    from scoring.answers import check_answers_document
    from scoring.engine import score
    from scoring.report import text_report

    document, problems = read_json(answers_file)
    questionnaire = None
    if not problems:
        try:
            questionnaire, problems = check_answers_document(document, registry().get)
        except DBAPIError as exc:  # uploaded versions live in the database, which may not be set up yet
            raise click.ClickException(
                "cannot look up uploaded questionnaire versions in the database "
                f"({exc.orig}); run 'assessment db upgrade' first"
            ) from None
    if problems or questionnaire is None:
        for problem in problems:
            click.echo(f"{answers_file}: {problem}")
        sys.exit(1)

    result = score(questionnaire, document["answers"], member=document["member"], cycle=document["cycle"])
    if not as_json:
        click.echo(text_report(result, questionnaire), nl=False)
        return
    invalid = schema_problems("result", result)
    if invalid:  # a bug in the engine, not in the file: say so rather than print a document that lies
        for problem in invalid:
            click.echo(f"result: {problem}", err=True)
        raise click.ClickException("the result does not match result.schema.json")
    click.echo(json.dumps(result, indent=2, ensure_ascii=False))
