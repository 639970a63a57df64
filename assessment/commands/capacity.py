"""``assessment capacity --cycle 2026 [--member XA] [--json]``: the Capacity and practice figures as the RSO reads
them: figures across the sharing members and the training candidates where law is aligned but practice thin,
or one member's law and figures by cycle."""

from __future__ import annotations

import json
from typing import Any

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from assessment.extensions import db
from assessment.models import Cycle, Member
from assessment.vocabulary import RESULT_STATUSES, Status


@click.command("capacity")
@click.option("--cycle", "cycle_code", required=True, help="Cycle code, e.g. 2026.")
@click.option("--member", "member_code", default=None,
              help="One member's law and figures by cycle, up to this cycle (its stored snapshots).")
@click.option("--submitted", is_flag=True, help="Training candidates from submissions not validated yet too.")
@click.option("--sub-region", default=None, help="Only members of this sub-region.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@with_appcontext
def capacity_command(cycle_code: str, member_code: str | None, submitted: bool, sub_region: str | None,
                     as_json: bool) -> None:
    """Capacity and practice beside the law: figures across sharing members and law aligned, practice thin."""
    cycle = db.session.scalar(select(Cycle).where(Cycle.code == cycle_code))
    if cycle is None:
        raise click.ClickException(f"no cycle has the code {cycle_code!r}")
    if member_code:
        member = db.session.scalar(select(Member).where(Member.code == member_code))
        if member is None:
            raise click.ClickException(f"no member has the code {member_code!r}")
        _member(member, cycle, as_json)
        return
    _region(cycle, RESULT_STATUSES if submitted else (Status.VALIDATED,), sub_region, as_json)


def _region(cycle: Cycle, statuses: tuple[str, ...], sub_region: str | None, as_json: bool) -> None:
    from assessment.services.capacity import figures_across, training_candidates
    from scoring.capacity import MIN_REPORTING, number_words

    figures = figures_across(cycle, sub_region)
    practice = training_candidates(cycle, statuses, sub_region)
    if as_json:
        click.echo(json.dumps({
            "cycle": cycle.code,
            "figures": [{"id": f.id, "words": f.words, "scopes": [a.__dict__ for a in f.scopes]} for f in figures],
            "practice": [{"member": c.found.member, "sub_region": c.found.sub_region, "section": c.found.rule.section,
                          "band": c.found.band, "figure": c.found.rule.figure, "evidence": c.found.evidence,
                          "ta_item": c.found.rule.ta_item} for found in practice.values() for c in found],
        }, indent=2, ensure_ascii=False))
        return
    click.echo(f"{cycle.title}: figures across the members that share (shown where {MIN_REPORTING} or more report)")
    if not figures:
        click.echo("  no sharing member's questionnaire asks for these figures")
    for figure in figures:
        region = figure.scopes[0]
        if region.median is None:
            said = f"{region.reporting} of {region.asked} report: too few"
        elif region.total is None:
            said = f"median {number_words(region.median, figure.unit)} ({region.reporting} of {region.asked} report)"
        else:
            said = (f"{number_words(region.total, figure.unit)}, median {number_words(region.median, figure.unit)} "
                    f"({region.reporting} of {region.asked} report)")
        click.echo(f"  {figure.words}: {said}")
    click.echo("Law aligned, practice thin (training candidates):")
    if not practice:
        click.echo("  none")
    for sub_region_name, found in practice.items():
        for c in found:
            click.echo(f"  {sub_region_name} · {c.found.name} ({c.found.member}): {c.found.section_title} "
                       f"{c.found.band.replace('_', ' ')}, {c.found.rule.practice} ({c.found.evidence}) → "
                       f"{c.found.rule.ta_item}")


def _member(member: Member, cycle: Cycle, as_json: bool) -> None:
    from assessment.services.capacity import member_profile

    profile = member_profile(member, None, up_to=cycle)
    if as_json:
        out: dict[str, Any] = {
            "member": member.code, "cycles": [c.cycle.code for c in profile.cycles],
            "figures": {r.id: [cell.value if cell.state == "reported" else cell.state for cell in r.cells]
                        for s in profile.practice.sections for r in s.rows},
            "checks": [f.message for f in profile.findings]}
        click.echo(json.dumps(out, indent=2, ensure_ascii=False))
        return
    click.echo(f"{member.name} ({member.code}), cycles {', '.join(c.cycle.code for c in profile.cycles) or 'none'}")
    for section in profile.practice.sections:
        click.echo(f"{section.title}")
        for row in section.rows:
            trend = f" ({row.trend})" if row.trend else ""
            click.echo(f"  {row.text} {' | '.join(c.words for c in row.cells)}{trend}")
    for finding in profile.findings:
        click.echo(f"check: {finding.message}")
