"""``assessment users ...`` and ``assessment cycles ...``: accounts and cycles from the command line.

Changes are recorded in the audit log under the system actor ``cli``. Refusals print the reason and exit 1.
"""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from assessment.admin import operations, queries
from assessment.audit import CLI_ACTOR, Actor
from assessment.extensions import db
from assessment.models import Member
from assessment.refusals import Refused
from assessment.vocabulary import ROLES, STATUSES


def cli_actor() -> Actor:
    return Actor(label=CLI_ACTOR)


@click.group("members")
def members_group() -> None:
    """The member list shipped with the toolkit."""


@members_group.command("sync")
@with_appcontext
def members_sync() -> None:
    """Add the shipped members that the database lacks (run after ``assessment db upgrade``); never changes a
    member an admin has edited."""
    from assessment.services.members import load_members

    added = load_members()
    db.session.commit()
    click.echo(f"{added} member{'s' if added != 1 else ''} added")


@click.group("users")
def users_group() -> None:
    """Accounts: create one and print its set-password link."""


@users_group.command("create")
@click.option("--email", required=True, help="The person's e-mail address (their sign-in name).")
@click.option("--role", required=True, help=f"One of {', '.join(ROLES)}.")
@click.option("--member", "member_code", help="Member code; required for focal_point and contributor.")
@click.option("--name", default="", help="The person's name.")
@with_appcontext
def users_create(email: str, role: str, member_code: str | None, name: str) -> None:
    """Create an account and print its one-time set-password link."""
    if role not in ROLES:
        raise click.ClickException(f"unknown role {role!r}; use one of {', '.join(ROLES)}")
    member = None
    if member_code:
        member = db.session.scalar(select(Member).where(Member.code == member_code))
        if member is None:
            raise click.ClickException(f"no member has the code {member_code!r}")
    try:
        user, link = operations.create_account(email, role, member, name, cli_actor())
    except Refused as exc:
        raise click.ClickException(str(exc)) from None
    db.session.commit()
    where = f" for {member.code} ({member.name})" if member else ""
    click.echo(f"created {user.role} {user.email}{where}")
    click.echo(f"set-password link, valid {current_app.config['INVITATION_TTL_HOURS']} hours and shown only now:")
    click.echo(link)


@click.group("cycles")
def cycles_group() -> None:
    """Assessment cycles: open one on a questionnaire version, list them."""


@cycles_group.command("open")
@click.option("--code", required=True, help="Short code used in addresses and commands, e.g. 2026.")
@click.option("--title", required=True)
@click.option("--questionnaire", "questionnaire_id", required=True, help="Questionnaire id.")
@click.option("--version", required=True, type=int, help="Questionnaire version.")
@with_appcontext
def cycles_open(code: str, title: str, questionnaire_id: str, version: int) -> None:
    """Open a cycle with a draft per current member, pre-filled from their last submission."""
    try:
        cycle = operations.open_cycle(code, title, questionnaire_id, version, cli_actor())
    except Refused as exc:
        raise click.ClickException(exc.message) from None
    db.session.commit()
    rows = queries.cycle_assessments(cycle)
    prefilled = sum(1 for row in rows if row.assessment.prefilled_from_id)
    copied = sum(row.copied or 0 for row in rows)
    left_out = sum(row.left_out or 0 for row in rows)
    click.echo(f"cycle {cycle.code} opened on {cycle.questionnaire_id} v{cycle.questionnaire_version}: "
               f"{len(rows)} drafts, {prefilled} pre-filled ({copied} answers copied, {left_out} left out)")


@cycles_group.command("list")
@with_appcontext
def cycles_list() -> None:
    """Every cycle with its questionnaire version and assessments by status."""
    rows = queries.cycle_rows()
    if not rows:
        click.echo("no cycles")
        return
    for row in rows:
        counts = ", ".join(f"{row.counts[s]} {s}" for s in STATUSES if row.counts.get(s))
        state = "closed" if row.cycle.is_closed else "open"
        click.echo(f"{row.cycle.code}\t{row.cycle.title}\t{row.cycle.questionnaire_id} "
                   f"v{row.cycle.questionnaire_version}\t{state}\t{counts or 'no assessments'}")


@click.group("assessments")
def assessments_group() -> None:
    """Assessments: move a member's draft to a newer questionnaire version."""


@assessments_group.command("move")
@click.option("--member", "member_code", required=True, help="Member code, e.g. XA.")
@click.option("--cycle", "cycle_code", required=True, help="Cycle code, e.g. 2026.")
@click.option("--to-version", "version", required=True, type=int, help="The newer questionnaire version.")
@with_appcontext
def assessments_move(member_code: str, cycle_code: str, version: int) -> None:
    """Move a draft to a newer version: answers that map are carried, the rest listed with their reason."""
    from assessment.models import Assessment, Cycle

    assessment = db.session.scalar(
        select(Assessment).join(Member).join(Cycle).where(Member.code == member_code, Cycle.code == cycle_code))
    if assessment is None:
        raise click.ClickException(f"member {member_code} has no assessment in cycle {cycle_code}")
    try:
        result = operations.move_to_version(assessment, version, cli_actor())
    except Refused as exc:
        db.session.rollback()
        raise click.ClickException(exc.message) from None
    db.session.commit()
    counts = (result.event.new or {}).get("counts")
    if counts:
        click.echo(f"{member_code} {cycle_code}: moved from v{result.from_version} to v{result.to_version}: "
                   f"{counts['kept']} kept, {counts['moved']} carried to new questions, {counts['left']} left for the "
                   f"member, {counts['not_carried']} not carried")
    else:
        click.echo(f"{member_code} {cycle_code}: moved from v{result.from_version} to v{result.to_version}: "
                   f"{len(result.kept)} kept, {len(result.dropped)} dropped")
    for moved in result.moved:
        if moved.outcome != "kept":
            targets = ", ".join(moved.targets) or "-"
            click.echo(f"  {moved.old_id} -> {targets}: {moved.action}, {moved.outcome.replace('_', ' ')}"
                       + (f": {moved.reason}" if moved.reason else ""))
