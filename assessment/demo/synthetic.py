"""Synthetic regions for benchmarks and tests: members ``S0001``… (fictional, never real members) with stored
snapshots over several cycles, written directly (no audit trail) so that hundreds of members load in seconds.

Results are scored once per distinct answer set from a small pool and reused, so a large region is cheap to
build while every stored document still has the full size of a real one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select

from assessment.extensions import db
from assessment.models import Assessment, Cycle, Member, Snapshot, SnapshotSummary, utcnow
from assessment.services.registry import registry
from assessment.vocabulary import Status
from questionnaires.loader import default_ta_catalogue
from scoring.answers import answers_document
from scoring.engine import score
from scoring.region import scores_of, summarise

SUB_REGIONS = ("South-East Asia", "Pacific", "South Asia", "East Asia", "West Asia")


@dataclass(frozen=True)
class _Stub:
    code: str
    sub_region: str


def default_state(index: int, cycle_index: int) -> str:
    """Mostly validated; some submitted, a few reopened after validation, a few drafts."""
    if index % 11 == 5:
        return Status.DRAFT
    if index % 7 == 3:
        return Status.SUBMITTED
    if index % 13 == 9:
        return "reopened"
    return Status.VALIDATED


def seed_region(
    count: int,
    cycles: Sequence[str] = ("2022", "2024", "2026"),
    *,
    questionnaire: tuple[str, int] = ("legislative_framework", 1),
    prefix: str = "S",
    pool: int = 16,
    state: Callable[[int, int], str] = default_state,
    shares: Callable[[int], bool] = lambda i: i % 6 != 1,
) -> list[Member]:
    """Create ``count`` members with one assessment per cycle and commit.

    :param cycles: cycle codes, oldest first (created when missing, a year apart)
    :param questionnaire: the questionnaire version every cycle uses
    :param pool: distinct answer sets scored (results are reused across members)
    :param state: (member index, cycle index) → ``validated``, ``submitted``, ``reopened`` or ``draft``
    :param shares: member index → whether the member shares its results with other members
    """
    from assessment.demo import invented_answers

    the_questionnaire = registry().get(*questionnaire)
    catalogue = default_ta_catalogue()
    cycle_rows = []
    now = utcnow()
    for n, code in enumerate(cycles):
        cycle = db.session.scalar(select(Cycle).where(Cycle.code == code))
        if cycle is None:
            opened = now - timedelta(days=365 * (len(cycles) - n))
            cycle = Cycle(code=code, title=f"Cycle {code}", questionnaire_id=questionnaire[0],
                          questionnaire_version=questionnaire[1], opened_at=opened)
            db.session.add(cycle)
        cycle_rows.append(cycle)
    documents = []
    for k in range(pool):
        stub = _Stub(f"P{k:03d}", SUB_REGIONS[k % len(SUB_REGIONS)])
        answers = invented_answers(the_questionnaire, stub, f"pool{k}", 0.97, improvement=(k % 4) * 0.05)
        result = score(the_questionnaire, answers, ta_catalogue=catalogue)
        documents.append((answers, result, summarise(result)))
    members = []
    width = max(4, len(str(count)))
    for i in range(count):
        code = f"{prefix}{i + 1:0{width}d}"
        member = Member(code=code, name=f"Synthetic member {i + 1:0{width}d}",
                        sub_region=SUB_REGIONS[i % len(SUB_REGIONS)], is_fictional=True,
                        note="Synthetic jurisdiction (benchmarks and tests)")
        db.session.add(member)
        members.append(member)
        for c, cycle in enumerate(cycle_rows):
            what = state(i, c)
            status = {"reopened": Status.CHANGES_REQUESTED}.get(what, what)
            assessment = Assessment(member=member, cycle=cycle, questionnaire_id=questionnaire[0],
                                    questionnaire_version=questionnaire[1], status=status, shares_results=shares(i))
            db.session.add(assessment)
            if what == Status.DRAFT:
                continue
            answers, result, summary = documents[(i * 3 + c) % pool]
            submitted = cycle.opened_at + timedelta(days=30 + i % 60)
            validated = submitted + timedelta(days=14) if what in (Status.VALIDATED, "reopened") else None
            assessment.submitted_at = submitted
            assessment.validated_at = validated
            snapshot = Snapshot(
                assessment=assessment, number=1, questionnaire_id=questionnaire[0],
                questionnaire_version=questionnaire[1], scoring_version=result["scoring_version"],
                answers=answers_document(the_questionnaire, code, cycle.code, answers),
                result={**result, "member": code, "cycle": cycle.code}, created_at=submitted,
                validated_at=validated)
            db.session.add(snapshot)
            db.session.add(SnapshotSummary(snapshot=snapshot, scores=scores_of(summary), summary=summary))
    db.session.commit()
    return members
