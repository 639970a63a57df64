"""``assessment score ANSWERS.json [--json]``: score an answers file and print the report or the result JSON;
``assessment sensitivity --cycle C [--json]``: how much a cycle's bands depend on the method's parameters."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy.exc import DBAPIError

from assessment.vocabulary import RESULT_STATUSES, Status


@click.command("score")
@click.argument("answers_file", metavar="ANSWERS.json", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the result document (JSON) instead of the report.")
@with_appcontext
def score_command(answers_file: Path, as_json: bool) -> None:
    """Score an answers file against the questionnaire version it names.

    A file with problems prints PATH: $.json.path: message for every one and exits 1; nothing is guessed.
    """
    from assessment.services.registry import registry
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


@click.command("sensitivity")
@click.option("--cycle", "cycle_code", required=True, help="Cycle code, e.g. 2026.")
@click.option("--submitted", is_flag=True, help="Include submissions not validated yet (default: validated only).")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@with_appcontext
def sensitivity_command(cycle_code: str, submitted: bool, as_json: bool) -> None:
    """How much a cycle's bands and rank positions depend on the method's parameters.

    Each member's stored answers are scored again with each level weight one up and one down and the cap level
    0.1 up and down; the command counts the section bands, overall bands and rank positions (by overall gap)
    that change, per scoring method. It prints counts only, never a ranking of members.
    """
    from sqlalchemy import select

    from assessment.compare.loading import load_region
    from assessment.extensions import db
    from assessment.models import Cycle
    from assessment.services.registry import registry
    from questionnaires.loader import default_ta_catalogue
    from scoring.region import method_name
    from scoring.sensitivity import Case, sensitivity

    cycle = db.session.scalar(select(Cycle).where(Cycle.code == cycle_code))
    if cycle is None:
        raise click.ClickException(f"no cycle has the code {cycle_code!r}")
    statuses = RESULT_STATUSES if submitted else (Status.VALIDATED,)
    region = load_region(cycle_ids=[cycle.id], statuses=statuses, parts=("scoring_version",), with_answers=True)
    cases = [Case(item.member.code, registry().get(item.questionnaire_id, item.questionnaire_version),
                  (item.answers or {}).get("answers") or {}, item.member.is_state) for item in region.loaded]
    found = sensitivity(cases, ta_catalogue=default_ta_catalogue())
    if as_json:
        click.echo(json.dumps({"cycle": cycle.code, "statuses": list(statuses), "methods": found}, indent=2))
        return
    click.echo(f"Sensitivity of cycle {cycle.code} ({' and '.join(statuses)} results, self-assessed)")
    if not found:
        click.echo("No results to vary.")
    for group in found:
        members, sections = group["members"], group["sections"]
        click.echo(f"\n{method_name(group['scoring_version'])}: {members} member{'s' if members != 1 else ''}, "
                   f"{sections} section band{'s' if sections != 1 else ''}")
        click.echo(f"{'Parameter':<18}{'Value':>7}  {'Section bands':>14}  {'Overall bands':>14}  "
                   f"{'Rank positions':>15}")
        for row in group["variations"]:
            name = (f"weight {row['level']} {row['change']:+g}" if row["parameter"] == "level_weight"
                    else f"cap level {row['change']:+g}")
            if row["value"] is None:
                click.echo(f"{name:<18}{'–':>7}  left out: the parameter would leave its range")
                continue
            click.echo(f"{name:<18}{row['value']:>7g}  {row['section_bands_changed']:>8} of {group['sections']:<3}"
                       f"  {row['overall_bands_changed']:>8} of {group['members']:<3}"
                       f"  {row['rank_positions_changed']:>9} of {group['members']}")
