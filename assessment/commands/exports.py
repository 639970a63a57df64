"""``assessment export results|offline``, ``assessment import offline`` and ``assessment answers export|import``.

Imports go through the one import core (:mod:`assessment.services.imports`): every problem is printed with where it
is (sheet and cell, or JSON path), then every change (old → new) and every conflict with both versions.
Nothing is written without ``--apply``; conflicts are kept as the server has them unless ``--overwrite``.
The audit log records the user given by ``--as`` (a focal point or contributor of the member; a
contributor may change only their assigned sections), by default the system actor ``cli``.

Exit codes: 0 preview shown, applied or nothing to do; 1 problems (nothing applied); 2 conflicts left as
they are (without ``--overwrite``).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from assessment.audit import CLI_ACTOR, Actor
from assessment.commands.compare import export_compare
from assessment.commands.options import lang_option
from assessment.commands.resources import export_resources
from assessment.commands.standards import export_annex
from assessment.extensions import db
from assessment.models import Assessment, Cycle, Member, Snapshot, User
from assessment.refusals import Refused, Stale
from assessment.reports import workbooks
from assessment.responses.operations import questionnaire_of
from assessment.responses.queries import assigned_sections, latest_snapshot
from assessment.services.answer_store import answers_of
from assessment.services.imports import (
    ImportPlan,
    ImportProblem,
    apply_import,
    incoming_from_document,
    incoming_from_offline,
    plan_import,
)
from assessment.services.registry import registry
from assessment.services.scoring_service import live_result
from assessment.vocabulary import RESULT_STATUSES
from exports.offline import read_offline_workbook
from questionnaires.loader import read_json
from questionnaires.model import Questionnaire
from scoring.answers import answers_document, check_answers_document

EXIT_PROBLEMS = 1
EXIT_CONFLICTS = 2

#: reads an import's file into a plan for an assessment (its questionnaire, the sections the actor may change)
ReadPlan = Callable[[Path, Assessment, Questionnaire, set[str] | None], ImportPlan]

member_option = click.option("--member", "member_code", required=True, help="Member code, e.g. XA.")
cycle_option = click.option("--cycle", "cycle_code", required=True, help="Cycle code, e.g. 2026.")
output_option = click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
                             help="The file to write.")
apply_option = click.option("--apply", "do_apply", is_flag=True, help="Write the changes (default: preview only).")
overwrite_option = click.option("--overwrite", is_flag=True,
                                help="Also replace answers changed on the server since the download or export.")
as_option = click.option("--as", "as_email", metavar="EMAIL",
                         help="Record the changes as this focal point or contributor (default: the actor 'cli').")


def require_file(path: Path) -> None:
    """A file to import that is not there is a problem (exit code 1), never a usage error: click's exit code 2
    would read as "conflicts kept"."""
    if not path.is_file():
        raise click.ClickException(f"{path}: no such file")


def find_assessment(member_code: str, cycle_code: str) -> Assessment:
    assessment = db.session.scalar(
        select(Assessment).join(Member, Assessment.member_id == Member.id).join(Cycle, Assessment.cycle_id == Cycle.id)
        .where(Member.code == member_code.upper(), Cycle.code == cycle_code)
    )
    if assessment is None:
        raise click.ClickException(f"no assessment for member {member_code!r} in cycle {cycle_code!r}")
    return assessment


@click.group("export")
def export_group() -> None:
    """Write workbooks and files: results, offline questionnaire, regional comparison, resources, annex."""


@export_group.command("results")
@member_option
@cycle_option
@output_option
@click.option("--snapshot", "snapshot_number", type=int,
              help="A submitted snapshot (default: the latest for submitted work, live figures for a draft).")
@lang_option
@with_appcontext
def export_results(member_code: str, cycle_code: str, output: Path, snapshot_number: int | None,
                   language: str) -> None:
    """Write the results workbook (Summary, Answers, Citations, TA requests, Elements, TA plan, Methodology)."""
    assessment = find_assessment(member_code, cycle_code)
    snapshot = chosen_snapshot(assessment, snapshot_number)
    result = snapshot.result if snapshot is not None else live_result(assessment)
    workbooks.results_workbook(assessment, result, snapshot, locale=language).save(output)
    where = f"snapshot {snapshot.number}" if snapshot else "draft, live figures"
    click.echo(f"{output}: results of {assessment.member.code} cycle {assessment.cycle.code} ({where})")


def chosen_snapshot(assessment: Assessment, number: int | None) -> Snapshot | None:
    """Snapshot ``number`` of ``assessment`` (a command-line error when it has none such); without a number, the
    latest for submitted or validated work, ``None`` (live figures) for work in progress."""
    if number is not None:
        found = next((s for s in assessment.snapshots if s.number == number), None)
        if found is None:
            where = f"{assessment.member.code} cycle {assessment.cycle.code}"
            raise click.ClickException(f"{where} has no snapshot {number}")
        return found
    if assessment.status in RESULT_STATUSES:
        return latest_snapshot(assessment)
    return None


@export_group.command("offline")
@member_option
@cycle_option
@output_option
@lang_option
@with_appcontext
def export_offline(member_code: str, cycle_code: str, output: Path, language: str) -> None:
    """Write the offline questionnaire workbook, pre-filled with the current answers."""
    assessment = find_assessment(member_code, cycle_code)
    editable = None if assessment.is_editable else frozenset()
    workbooks.offline_workbook(assessment, editable, locale=language).save(output)
    state = "" if assessment.is_editable else f" (read-only: the assessment is {assessment.status.replace('_', ' ')})"
    click.echo(f"{output}: offline questionnaire of {assessment.member.code} cycle {assessment.cycle.code}{state}")


# --------------------------------------------------------------------------- imports


def _actor_and_sections(assessment: Assessment, email: str | None) -> tuple[Actor, set[str] | None]:
    if not email:
        return Actor(label=CLI_ACTOR), None
    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise click.ClickException(f"no account has the e-mail {email!r}")
    if not user.is_active_account:
        raise click.ClickException(f"the account {user.email} is deactivated")
    if user.role not in ("focal_point", "contributor") or user.member_id != assessment.member_id:
        raise click.ClickException(f"{user.email} is not a focal point or contributor of {assessment.member.code}")
    if user.role == "contributor":
        return Actor(user), assigned_sections(assessment, user)
    return Actor(user), None


def _report(plan: ImportPlan, do_apply: bool, overwrite: bool, assessment: Assessment, actor: Actor) -> int:
    """Print the plan, apply it when asked, and return the exit code."""
    for problem in plan.problems:
        click.echo(f"problem: {problem}")
    if plan.problems:
        click.echo(f"{len(plan.problems)} problem(s); nothing was applied")
        return EXIT_PROBLEMS
    if not plan.changes and not plan.conflicts:
        click.echo(f"nothing to do: {plan.unchanged} answer(s) unchanged")
        return 0
    for change in plan.changes:
        click.echo(f"change {change.question_id}: {change.old_words} → {change.new_words}")
    for conflict in plan.conflicts:
        by = f", by {conflict.server_updated_by}" if conflict.server_updated_by else ""
        click.echo(f"conflict {conflict.question_id}: online now (version {conflict.server_version}{by}): "
                   f"{conflict.old_words} | yours (based on version {conflict.base_version}): {conflict.new_words}")
    click.echo(f"{len(plan.changes)} change(s), {len(plan.conflicts)} conflict(s), {plan.unchanged} unchanged")
    if not do_apply:
        click.echo("preview only: nothing was written; run again with --apply"
                   + (" (and --overwrite to replace the answers changed online)" if plan.conflicts else ""))
        return EXIT_CONFLICTS if plan.conflicts and not overwrite else 0
    try:
        result = apply_import(assessment, plan, actor, overwrite=overwrite)
    except Stale as exc:
        click.echo(f"nothing was applied: {exc}; run the import again to see them")
        return EXIT_CONFLICTS
    except Refused as exc:
        click.echo(f"nothing was applied: {exc}")
        return EXIT_PROBLEMS
    click.echo(f"applied {len(result.applied)} change(s), recorded as {actor.label}")
    if result.skipped:
        click.echo(f"kept {len(result.skipped)} answer(s) changed online (use --overwrite to replace them): "
                   + ", ".join(result.skipped))
        return EXIT_CONFLICTS
    return 0


@click.group("import")
def import_group() -> None:
    """Bring answers back in: the offline questionnaire workbook."""


def import_command(group: click.Group, name: str, metavar: str) -> Callable[[ReadPlan], click.Command]:
    """An import command of ``group``: its file argument (shown as ``metavar``), the member and cycle, ``--apply``,
    ``--overwrite`` and ``--as``. The decorated function (its docstring is the command's help) reads the file
    into a plan for the assessment; the command prints the plan and applies it when asked."""

    def register(read: ReadPlan) -> click.Command:
        @group.command(name, help=read.__doc__)
        @click.argument("path", metavar=metavar, type=click.Path(dir_okay=False, path_type=Path))
        @member_option
        @cycle_option
        @apply_option
        @overwrite_option
        @as_option
        @with_appcontext
        def command(path: Path, member_code: str, cycle_code: str, do_apply: bool, overwrite: bool,
                    as_email: str | None) -> None:
            require_file(path)
            assessment = find_assessment(member_code, cycle_code)
            actor, sections = _actor_and_sections(assessment, as_email)
            plan = read(path, assessment, questionnaire_of(assessment), sections)
            sys.exit(_report(plan, do_apply, overwrite, assessment, actor))

        return command

    return register


@import_command(import_group, "offline", "FILE.xlsx")
def import_offline(workbook: Path, assessment: Assessment, questionnaire: Questionnaire,
                   sections: set[str] | None) -> ImportPlan:
    """Read a filled-in offline workbook: every problem with its sheet and cell, then the changes and conflicts."""
    if workbook.suffix.lower() != ".xlsx":
        return ImportPlan(assessment.id, questionnaire.key,
                          problems=[ImportProblem(str(workbook), "only Excel workbooks (.xlsx) are read; "
                                                  "save the file as an Excel Workbook (.xlsx)")])
    limits = workbooks.workbook_limits(current_app.config)
    with workbook.open("rb") as handle:
        data = handle.read(limits.max_bytes + 1)
    upload = read_offline_workbook(data, questionnaire, limits, assessment_id=assessment.id)
    for note in upload.notes:
        click.echo(f"note: {note}")
    incoming, problems = incoming_from_offline(upload)
    return plan_import(assessment, incoming, questionnaire, editable_sections=sections, problems=problems)


@click.group("answers")
def answers_group() -> None:
    """Answers as JSON (the answers format): export, and import with a preview."""


@answers_group.command("export")
@member_option
@cycle_option
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
              help="The file to write ('-' for standard output).")
@with_appcontext
def answers_export(member_code: str, cycle_code: str, output: Path) -> None:
    """Write the working answers, each with its version (the base for a later import)."""
    assessment = find_assessment(member_code, cycle_code)
    document = answers_document(questionnaire_of(assessment), assessment.member.code, assessment.cycle.code,
                                answers_of(assessment, with_version=True))
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    if str(output) == "-":
        click.echo(text, nl=False)
        return
    output.write_text(text, encoding="utf-8")
    click.echo(f"{output}: {len(document['answers'])} answer(s) of {assessment.member.code} "
               f"cycle {assessment.cycle.code}", err=True)


@import_command(answers_group, "import", "ANSWERS.json")
def answers_import(answers_file: Path, assessment: Assessment, questionnaire: Questionnaire,
                   sections: set[str] | None) -> ImportPlan:
    """Import an answers file: every problem with its JSON path, then the changes and conflicts (answers whose
    version is older than the server's)."""
    document, read_problems = read_json(answers_file)
    problems = [ImportProblem(p.path, p.message) for p in read_problems]
    if not problems:
        found, checked = check_answers_document(document, registry().get)
        problems = [ImportProblem(p.path, p.message) for p in checked]
        if found is not None and found.key != questionnaire.key:
            problems.append(ImportProblem("$.questionnaire", f"the file answers {found.id} version {found.version}; "
                                          f"{assessment.member.code} cycle {assessment.cycle.code} uses "
                                          f"{questionnaire.id} version {questionnaire.version}"))
        if isinstance(document, dict):
            for key, expected in (("member", assessment.member.code), ("cycle", assessment.cycle.code)):
                if isinstance(document.get(key), str) and document[key] != expected:
                    problems.append(ImportProblem(f"$.{key}", f"the file is for {key} {document[key]!r}, "
                                                  f"not {expected!r}"))
    if problems:
        return ImportPlan(assessment.id, questionnaire.key, problems=problems)
    return plan_import(assessment, incoming_from_document(document), questionnaire, editable_sections=sections)


# the regional workbook, the resources matrix and the annex draft are written by commands of their own areas
export_group.add_command(export_compare)
export_group.add_command(export_resources)
export_group.add_command(export_annex)
