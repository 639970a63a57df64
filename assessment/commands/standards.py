"""``assessment mer import FILE.csv``: the published mutual-evaluation ratings of many members at once, and
``assessment export annex``: a technical-compliance annex draft from a member's answers.

The import prints every problem with its line and column, then each rating it would add or change (old → new);
nothing is written without ``--apply``, which writes only a file without problems. Exit codes: 0 preview shown,
applied or nothing to do; 1 problems (nothing written).
"""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from assessment.audit import CLI_ACTOR, Actor
from assessment.extensions import db
from assessment.models import User
from assessment.ratings.operations import apply_ratings_import, as_dict, parsed, plan_ratings_import
from assessment.refusals import Refused
from assessment.vocabulary import RSO_ROLES
from scoring.standards import FATF_TEXTS

EXIT_PROBLEMS = 1
#: the largest import file read (a region's ratings fit in a few kilobytes)
MAX_CSV_BYTES = 2_000_000


@click.group("mer")
def mer_group() -> None:
    """Published mutual-evaluation ratings (recorded by RSO staff)."""


def _actor(email: str | None) -> Actor:
    if not email:
        return Actor(label=CLI_ACTOR)
    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None or not user.is_active_account or user.role not in RSO_ROLES:
        raise click.ClickException(f"{email} is not an active RSO analyst or administrator account")
    return Actor(user)


def _read_csv(path: Path) -> tuple[list[str] | None, list[dict[str, str]]]:
    if not path.is_file():
        raise click.ClickException(f"{path}: no such file")
    raw = path.read_bytes()
    if len(raw) > MAX_CSV_BYTES:
        raise click.ClickException(f"{path}: the file has {len(raw):,} bytes; at most {MAX_CSV_BYTES:,} are read")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise click.ClickException(f"{path}: not UTF-8 text (byte {exc.start}); save it as CSV UTF-8") from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise click.ClickException(f"{path}: not a readable CSV file ({exc})") from None
    return reader.fieldnames, rows


@mer_group.command("import")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--apply", "do_apply", is_flag=True, help="Write the ratings (default: preview only).")
@click.option("--as", "as_email", metavar="EMAIL",
              help="Record them as this RSO analyst or administrator (default: the actor 'cli').")
@with_appcontext
def mer_import(path: Path, do_apply: bool, as_email: str | None) -> None:
    """Record published ratings from a CSV file with the columns member, recommendation, rating, report_title,
    report_date, link (report_date as
    YYYY-MM-DD; link optional). A row whose member, Recommendation and report date are already recorded changes
    that rating."""
    actor = _actor(as_email)
    header, records = _read_csv(path)
    plan = plan_ratings_import(records, header)
    for problem in plan.problems:
        click.echo(f"problem: {problem}")
    if plan.problems:
        click.echo(f"{len(plan.problems)} problem(s); nothing was written")
        sys.exit(EXIT_PROBLEMS)
    same = sum(1 for r in plan.rows if r.action == "same")
    for row in plan.to_apply:
        new = parsed(row.item)
        words = f"{new['recommendation']} {new['rating']} ({new['report_title']}, {new['report_date']})"
        if row.current is None:
            click.echo(f"line {row.line}: add {row.member.code} {words}")  # type: ignore[union-attr]
        else:
            old = as_dict(row.current)
            click.echo(f"line {row.line}: change {row.member.code} {old['recommendation']} "  # type: ignore[union-attr]
                       f"{old['rating']} ({old['report_title']}, {old['report_date']}) → {words}")
    if not plan.to_apply:
        click.echo(f"nothing to do: {same} rating(s) already recorded as in the file")
        return
    click.echo(f"{sum(r.action == 'add' for r in plan.rows)} to add, {sum(r.action == 'change' for r in plan.rows)} "
               f"to change, {same} already recorded")
    if not do_apply:
        click.echo("preview only: nothing was written; run again with --apply")
        return
    try:
        count = apply_ratings_import(plan, actor)
    except Refused as exc:
        db.session.rollback()
        click.echo(f"nothing was written: {exc}")
        sys.exit(EXIT_PROBLEMS)
    db.session.commit()
    click.echo(f"wrote {count} rating(s), recorded as {actor.label}")


@click.command("annex")
@click.option("--member", "member_code", required=True, help="Member code, e.g. XA.")
@click.option("--cycle", "cycle_code", required=True, help="Cycle code, e.g. 2026.")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The file to write: .docx (Word) or .xlsx (Excel).")
@click.option("--fatf", type=click.Choice(FATF_TEXTS), default="current", show_default=True,
              help="FATF criteria: current (with later amendments) or 2013 (the 2013 Methodology only).")
@with_appcontext
def export_annex(member_code: str, cycle_code: str, output: Path, fatf: str) -> None:
    """Write a technical-compliance annex draft: per FATF Recommendation and criterion, the member's answers and
    the legislation it cites (the latest snapshot for submitted work, the working answers for a draft)."""
    from assessment.commands.exports import chosen_snapshot, find_assessment
    from assessment.reports.workbooks import now, results_source
    from assessment.responses.queries import questionnaire_and_answers
    from exports.annex import AnnexContext, annex_outline, build_annex_document, build_annex_workbook
    from exports.results import citations_in_words

    suffix = output.suffix.lower()
    if suffix not in (".docx", ".xlsx"):
        raise click.ClickException("the output file must end in .docx or .xlsx")
    assessment = find_assessment(member_code, cycle_code)
    snapshot = chosen_snapshot(assessment, None)
    questionnaire, answers = questionnaire_and_answers(assessment, snapshot)
    context = AnnexContext(assessment.member.code, assessment.member.name, assessment.cycle.code,
                           results_source(snapshot), now(), fatf)
    build = build_annex_document if suffix == ".docx" else build_annex_workbook
    build(questionnaire, answers, context, citations_in_words).save(output)
    outline = annex_outline(questionnaire, fatf)
    criteria = sum(len(r.points) for r in outline)
    click.echo(f"{output}: annex draft of {assessment.member.code} cycle {assessment.cycle.code}, "
               f"{len(outline)} Recommendation(s), {criteria} criteria or requirements")
