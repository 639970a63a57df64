"""Stored results for the regional views, loaded in bulk: one query for the assessments of the cycle(s), one
for the relevant snapshot of each. Which snapshot stands for an assessment:

- a validated assessment, or one reopened or resubmitted after validation: its latest *validated* snapshot
  (the validated snapshot is kept when the RSO reopens);
- a submitted assessment, when submitted results are asked for: its latest snapshot;
- drafts and first submissions sent back for changes: none (never shown, only counted).

Only the parts of the stored summary (``SnapshotSummary``) that a page needs are read (``parts``), so that a
matrix of hundreds of members never reads or parses their full result documents.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import func, select

from assessment.extensions import db
from assessment.models import Assessment, Cycle, Member, Snapshot, SnapshotSummary
from assessment.vocabulary import RESULT_STATUSES, Status
from scoring.region import SCORE_PARTS, Entry, summarise

#: summary parts per page
MATRIX_PARTS = SCORE_PARTS
ELEMENT_PARTS = ("scoring_version", "elements")
TA_PARTS = ("scoring_version", "ta")


@dataclass
class MemberResult:
    """One assessment with the stored result that stands for it."""

    assessment: Assessment
    member: Member
    cycle: Cycle
    #: ``validated`` or ``submitted``: what the result stands for
    status: str
    snapshot_id: int
    snapshot_number: int
    submitted_at: datetime
    validated_at: datetime | None
    questionnaire_id: str
    questionnaire_version: int
    scoring_version: str
    #: the requested summary parts, or the full result document
    result: dict[str, Any]
    answers: dict[str, Any] | None = None

    @property
    def entry(self) -> Entry:
        return Entry(self.member.code, self.member.name, self.member.sub_region, self.status,
                     self.questionnaire_id, self.questionnaire_version, self.result, self.cycle.code,
                     (self.answers or {}).get("answers") if self.answers is not None else None)

    @property
    def reopened(self) -> bool:
        """Validated results of an assessment that is being revised again."""
        return self.status == Status.VALIDATED and self.assessment.status != Status.VALIDATED


@dataclass
class Region:
    loaded: list[MemberResult]
    #: assessments of the cycle(s) that are not shown, by status (drafts, changes requested, ...)
    left_out: Counter[str] = field(default_factory=Counter)

    @property
    def entries(self) -> list[Entry]:
        return [item.entry for item in self.loaded]

    def by_code(self) -> dict[str, MemberResult]:
        return {item.member.code: item for item in self.loaded}


def load_region(
    *,
    cycle_ids: Iterable[int] | None,
    statuses: Sequence[str] = (Status.VALIDATED,),
    sub_region: str | None = None,
    member_ids: Iterable[int] | None = None,
    sharing_only: bool = False,
    parts: Sequence[str] | None = MATRIX_PARTS,
    with_answers: bool = False,
) -> Region:
    """The stored results of the chosen cycles and members, in two queries whatever their number.

    :param cycle_ids: cycles to load (``None``: every cycle, e.g. for a member's trend)
    :param statuses: ``validated`` and/or ``submitted``; drafts are never loaded
    :param sub_region: only members of this sub-region
    :param member_ids: only these members
    :param sharing_only: only assessments whose member shares results for the cycle
    :param parts: summary parts to read; ``None`` reads the full result document
    :param with_answers: also read the stored answers document
    """
    scope = _scope(cycle_ids=cycle_ids, member_ids=member_ids, sub_region=sub_region, sharing_only=sharing_only)
    rows = _assessments((Assessment, Member, Cycle), scope)
    picks, left_out = _picks([(a.id, a.status) for a, _m, _c in rows], scope, statuses, parts, with_answers)
    region = Region([], left_out)
    for (assessment, member, cycle), pick in zip(rows, picks, strict=True):
        if pick is not None:
            region.loaded.append(MemberResult(
                assessment, member, cycle, Status.VALIDATED if pick["validated"] else Status.SUBMITTED, pick["id"],
                pick["number"], pick["created_at"], pick["validated_at"], pick["questionnaire_id"],
                pick["questionnaire_version"], pick["scoring_version"], pick["result"], pick.get("answers")))
    region.loaded.sort(key=lambda item: (item.member.name.casefold(), item.member.code, item.cycle.opened_at))
    return region


@dataclass
class Scores:
    """The figures of stored results as :func:`scoring.region.matrix` takes them (see :func:`load_scores`)."""

    #: one per assessment shown, by member name
    entries: list[Entry]
    #: codes of the members whose validated results stand for an assessment being revised again
    reopened: set[str]
    #: assessments of the cycle(s) that are not shown, by status
    left_out: Counter[str]


def load_scores(*, cycle_ids: Iterable[int] | None, statuses: Sequence[str] = (Status.VALIDATED,),
                sub_region: str | None = None) -> Scores:
    """The overall, module and section figures of the results :func:`load_region` would load with the same
    filters (the same two queries), for a matrix: from plain rows rather than ORM objects (making 1,000 of them
    cost as much as the rest of loading a matrix of 500 members), and without the snapshots' dates, which a
    matrix does not show (in SQLite they sit after the answers and result documents in the snapshot's row, so
    reading them walks every page of both: about 130 KB a result)."""
    scope = _scope(cycle_ids=cycle_ids, sub_region=sub_region)
    rows = _assessments((Assessment.id, Assessment.status, Member.code, Member.name, Member.sub_region, Cycle.code,
                         Cycle.opened_at), scope)
    picks, left_out = _picks([(row[0], row[1]) for row in rows], scope, statuses, MATRIX_PARTS, dates=False)
    listed = []
    reopened = set()
    for (_id, assessment_status, code, name, member_sub_region, cycle, opened_at), pick in zip(rows, picks,
                                                                                             strict=True):
        if pick is None:
            continue
        status = Status.VALIDATED if pick["validated"] else Status.SUBMITTED
        if status == Status.VALIDATED and assessment_status != Status.VALIDATED:
            reopened.add(code)
        listed.append(((name.casefold(), code, opened_at), Entry(
            code, name, member_sub_region, status, pick["questionnaire_id"], pick["questionnaire_version"],
            pick["result"], cycle)))
    listed.sort(key=lambda item: item[0])
    return Scores([entry for _key, entry in listed], reopened, left_out)


def _scope(*, cycle_ids: Iterable[int] | None, member_ids: Iterable[int] | None = None,
           sub_region: str | None = None, sharing_only: bool = False) -> list[Any]:
    """The conditions that choose the assessments (on the assessment and its member)."""
    where: list[Any] = []
    if cycle_ids is not None:
        where.append(Assessment.cycle_id.in_(list(cycle_ids)))
    if member_ids is not None:
        where.append(Assessment.member_id.in_(list(member_ids)))
    if sub_region:
        where.append(Member.sub_region == sub_region)
    if sharing_only:
        where.append(Assessment.shares_results.is_(True))
    return where


def _assessments(columns: Sequence[Any], scope: list[Any]) -> Sequence[Any]:
    """``columns`` of the assessments ``scope`` chooses, each joined with its member and cycle."""
    return db.session.execute(select(*columns).select_from(Assessment)
                              .join(Member, Assessment.member_id == Member.id)
                              .join(Cycle, Assessment.cycle_id == Cycle.id).where(*scope)).all()


def _picks(assessments: Sequence[tuple[int, str]], scope: list[Any], statuses: Sequence[str],
           parts: Sequence[str] | None, with_answers: bool = False,
           dates: bool = True) -> tuple[list[dict[str, Any] | None], Counter[str]]:
    """For each (assessment id, status) that ``scope`` chose, the snapshot that stands for it (a row of
    :func:`_snapshots`) or ``None``; and the statuses of those without one."""
    wanted = set(statuses) & set(RESULT_STATUSES)
    # a validated snapshot can stand for any non-draft assessment; the latest one only for a submitted one
    validated = Status.VALIDATED in wanted and any(status != Status.DRAFT for _a, status in assessments)
    latest_ids = ({a for a, status in assessments if status == Status.SUBMITTED} if Status.SUBMITTED in wanted
                  else set())
    snapshots = _snapshots(scope, validated, latest_ids, parts, with_answers, dates)
    picks: list[dict[str, Any] | None] = []
    left_out: Counter[str] = Counter()
    for assessment_id, status in assessments:
        found = snapshots.get(assessment_id, {})
        pick = None
        if Status.SUBMITTED in wanted and status == Status.SUBMITTED:
            pick = found.get("latest")
        if pick is None and Status.VALIDATED in wanted and status != Status.DRAFT:
            pick = found.get("validated")
        if pick is None:
            left_out[status] += 1
        picks.append(pick)
    return picks, left_out


def _snapshots(scope: list[Any], validated: bool, latest_ids: set[int], parts: Sequence[str] | None,
               with_answers: bool, dates: bool = True) -> dict[int, dict[str, dict[str, Any]]]:
    """assessment id → {"validated": row, "latest": row} for the assessments ``scope`` chooses, from one query:
    the newest validated snapshot of those not in draft (``validated``) and the newest snapshot of the submitted
    ones (``latest_ids``, those found by the query before). ``dates``: with when the snapshot was submitted
    (``created_at``) and validated (``validated_at``).

    The assessments are chosen again in SQL rather than listed by id, so that the statement is the same
    whatever their number (a list of hundreds of ids is a new statement for the database and its driver to
    parse, on every page)."""
    if not validated and not latest_ids:
        return {}
    among = select(Assessment.id).join(Member, Assessment.member_id == Member.id).where(*scope)
    # each assessment's newest validated snapshot (a test of the column for null reads no more of the row than
    # its header, in SQLite too); a picked snapshot is validated exactly when it is this one, as the newest
    # snapshot is either this one or submitted after it
    newest_validated = (select(Snapshot.assessment_id, func.max(Snapshot.number).label("number"))
                        .where(Snapshot.assessment_id.in_(among.where(Assessment.status != Status.DRAFT)),
                               Snapshot.validated_at.is_not(None))
                        .group_by(Snapshot.assessment_id))
    picks = [newest_validated] if validated else []
    if latest_ids:
        picks.append(select(Snapshot.assessment_id, func.max(Snapshot.number).label("number"))
                     .where(Snapshot.assessment_id.in_(among.where(Assessment.status == Status.SUBMITTED)))
                     .group_by(Snapshot.assessment_id))
    chosen = (sa.union(*picks) if len(picks) > 1 else picks[0]).subquery()
    newest = newest_validated.subquery()
    columns: list[Any] = [Snapshot.id, Snapshot.assessment_id, Snapshot.number, Snapshot.questionnaire_id,
                          Snapshot.questionnaire_version, Snapshot.scoring_version,
                          newest.c.number.is_not(None).label("validated")]
    if dates:
        columns += [Snapshot.created_at, Snapshot.validated_at]
    only_scores = parts is not None and set(parts) <= set(SCORE_PARTS)
    if parts is None:
        columns.append(Snapshot.result.label("full"))
    else:
        # the score summary alone (small) when only scores are asked for, else the whole summary, parsed once
        # rather than one JSON path (one parse each) per part
        columns.append((SnapshotSummary.scores if only_scores else SnapshotSummary.summary).label("summary"))
        # snapshots without a summary row (written by hand): the full result, read only for them
        columns.append(sa.type_coerce(sa.case((SnapshotSummary.snapshot_id.is_(None), Snapshot.result),
                                              else_=sa.null()), sa.JSON).label("full"))
    if with_answers:
        columns.append(Snapshot.answers)
    query = (select(*columns)
             .join(chosen, sa.and_(Snapshot.assessment_id == chosen.c.assessment_id,
                                   Snapshot.number == chosen.c.number))
             .outerjoin(newest, sa.and_(Snapshot.assessment_id == newest.c.assessment_id,
                                        Snapshot.number == newest.c.number)))
    if parts is not None:
        query = query.outerjoin(SnapshotSummary, SnapshotSummary.snapshot_id == Snapshot.id)
    out: dict[int, dict[str, dict[str, Any]]] = {}
    found_rows = db.session.execute(query)
    keys = list(found_rows.keys())  # once: a mapping row works its keys out again on every use
    for values in found_rows:
        row = dict(zip(keys, values, strict=True))
        if parts is None:
            result = row["full"]
        elif row["full"] is not None:
            result = {part: value for part, value in summarise(row["full"]).items() if part in parts}
        else:
            result = {part: row["summary"].get(part) for part in parts}
        row["result"] = result
        found = out.setdefault(row["assessment_id"], {})
        if row["validated"]:
            found["validated"] = row
        if row["assessment_id"] in latest_ids:
            previous = found.get("latest")
            if previous is None or previous["number"] < row["number"]:
                found["latest"] = row
    return out


#: every cycle, newest first; the sub-regions members are in (built once: every regional page asks)
_CYCLES = select(Cycle).order_by(Cycle.opened_at.desc(), Cycle.id.desc())
_SUB_REGIONS = select(Member.sub_region).distinct().order_by(Member.sub_region)


def cycles() -> list[Cycle]:
    """Every cycle, newest first."""
    return list(db.session.scalars(_CYCLES))


def sub_regions() -> list[str]:
    return list(db.session.scalars(_SUB_REGIONS))
