"""Reads for the administration pages: accounts, members, questionnaire versions and their use, cycles with
their assessments, drafts on an older version and what a move to a newer version did."""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort
from sqlalchemy import func, select

from assessment.extensions import db
from assessment.models import (
    EDITABLE_STATUSES,
    Assessment,
    AuditEvent,
    Cycle,
    Member,
    QuestionnaireVersion,
    Snapshot,
    User,
)
from assessment.services.members import shipped_members
from assessment.services.registry import UnknownQuestionnaire, registry
from questionnaires.loader import DefinitionError
from questionnaires.model import tr
from scoring.migration import KEPT, LEFT, MOVED, NOT_CARRIED


def counts() -> dict[str, int]:
    """How many accounts, current members and cycles there are."""
    return {
        "users": db.session.scalar(select(func.count()).select_from(User)) or 0,
        "members": db.session.scalar(
            select(func.count()).select_from(Member).where(Member.is_current.is_(True))) or 0,
        "cycles": db.session.scalar(select(func.count()).select_from(Cycle)) or 0,
    }


def users(role: str | None = None, member_code: str | None = None) -> list[User]:
    """Every account by member, role and e-mail, with a role and a member's code to filter by when given."""
    query = select(User).outerjoin(Member, User.member_id == Member.id).order_by(Member.code, User.role, User.email)
    if role:
        query = query.where(User.role == role)
    if member_code:
        query = query.where(Member.code == member_code)
    return list(db.session.scalars(query))


def user_or_404(user_id: int) -> User:
    return db.get_or_404(User, user_id)


def member_by_code(code: str) -> Member | None:
    return db.session.scalar(select(Member).where(Member.code == code))


def members() -> list[Member]:
    """Every member, current first, by code."""
    return list(db.session.scalars(select(Member).order_by(Member.is_current.desc(), Member.code)))


def sub_regions() -> list[str]:
    """The sub-regions stored and shipped, for the member form's suggestions."""
    stored = set(db.session.scalars(select(Member.sub_region).distinct()))
    return sorted(stored | {m["sub_region"] for m in shipped_members()})


def uploaded_version(questionnaire_id: str, version: int) -> QuestionnaireVersion | None:
    return db.session.scalar(
        select(QuestionnaireVersion).where(QuestionnaireVersion.questionnaire_id == questionnaire_id,
                                           QuestionnaireVersion.version == version))


def assessments_using(questionnaire_id: str, version: int) -> int:
    return db.session.scalar(
        select(func.count()).select_from(Assessment).where(Assessment.questionnaire_id == questionnaire_id,
                                                           Assessment.questionnaire_version == version)) or 0


def cycle_or_404(code: str) -> Cycle:
    return db.first_or_404(select(Cycle).where(Cycle.code == code))


def assessment_or_404(assessment_id: int) -> Assessment:
    return db.get_or_404(Assessment, assessment_id)


def move_event_or_404(assessment: Assessment, event_id: int) -> AuditEvent:
    """The audit event of a move of ``assessment`` to another questionnaire version."""
    event = db.get_or_404(AuditEvent, event_id)
    if event.assessment_id != assessment.id or event.action != "assessment.move_version":
        abort(404)
    return event


# --------------------------------------------------------------------------- questionnaire versions


def usage_counts() -> dict[tuple[str, int], int]:
    """How many assessments answer each questionnaire version."""
    rows = db.session.execute(
        select(Assessment.questionnaire_id, Assessment.questionnaire_version, func.count())
        .group_by(Assessment.questionnaire_id, Assessment.questionnaire_version)
    )
    return {(qid, version): count for qid, version, count in rows}


@dataclass(frozen=True)
class VersionRow:
    """One line of the questionnaire-version list."""

    id: str
    version: int
    source: str
    questions: int | None
    review_state: str
    assessments: int
    #: why the version cannot be loaded, if it cannot
    error: str = ""


def version_rows() -> list[VersionRow]:
    """Every shipped and uploaded questionnaire version with its size, review state and use."""
    used = usage_counts()
    rows = []
    for available in registry().available():
        count = used.get((available.id, available.version), 0)
        try:
            questionnaire = registry().get(available.id, available.version)
        except (UnknownQuestionnaire, DefinitionError) as exc:  # one broken version must not hide the others
            rows.append(VersionRow(available.id, available.version, available.source, None, "", count, str(exc)))
            continue
        rows.append(VersionRow(available.id, available.version, available.source, len(questionnaire.questions),
                               str(questionnaire.review_status.get("state", "")), count))
    return rows


# --------------------------------------------------------------------------- cycles


def cycle_by_code(code: str) -> Cycle | None:
    return db.session.scalar(select(Cycle).where(Cycle.code == code))


def last_snapshots(member_ids: list[int], before_cycle: Cycle) -> dict[int, Snapshot]:
    """Each member's newest snapshot from an assessment in another (earlier) cycle."""
    if not member_ids:
        return {}
    rows = db.session.execute(
        select(Assessment.member_id, Snapshot.id)
        .join(Snapshot, Snapshot.assessment_id == Assessment.id)
        .where(Assessment.member_id.in_(member_ids), Assessment.cycle_id != before_cycle.id)
        .order_by(Assessment.member_id, Snapshot.created_at.desc(), Snapshot.id.desc())
    )
    newest: dict[int, int] = {}
    for member_id, snapshot_id in rows:
        newest.setdefault(member_id, snapshot_id)
    snapshots = db.session.scalars(select(Snapshot).where(Snapshot.id.in_(list(newest.values()))))
    by_id = {s.id: s for s in snapshots}
    return {member_id: by_id[snapshot_id] for member_id, snapshot_id in newest.items()}


@dataclass(frozen=True)
class CycleRow:
    cycle: Cycle
    #: status → number of assessments
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def cycle_rows() -> list[CycleRow]:
    """Every cycle, newest first, with its assessments counted by status."""
    counts: dict[int, dict[str, int]] = {}
    for cycle_id, status, count in db.session.execute(
        select(Assessment.cycle_id, Assessment.status, func.count()).group_by(Assessment.cycle_id, Assessment.status)
    ):
        counts.setdefault(cycle_id, {})[status] = count
    cycles = db.session.scalars(select(Cycle).order_by(Cycle.opened_at.desc(), Cycle.id.desc()))
    return [CycleRow(c, counts.get(c.id, {})) for c in cycles]


# --------------------------------------------------------------------------- moves to a newer version


def last_move(assessment: Assessment) -> AuditEvent | None:
    """The newest version move of an assessment (its ``new`` holds the "what moved" list), or ``None``."""
    return db.session.scalar(
        select(AuditEvent).where(AuditEvent.assessment_id == assessment.id,
                                 AuditEvent.action == "assessment.move_version")
        .order_by(AuditEvent.id.desc()).limit(1))


def outdated_drafts() -> list[tuple[Assessment, int]]:
    """Editable assessments on an older version than the newest of their questionnaire, with that newest."""
    latest: dict[str, int] = {}
    for available in registry().available():
        latest[available.id] = max(latest.get(available.id, 0), available.version)
    assessments = db.session.scalars(
        select(Assessment).join(Member).join(Cycle)
        .where(Assessment.status.in_(EDITABLE_STATUSES))
        .order_by(Cycle.opened_at.desc(), Member.code)
    )
    return [(a, latest[a.questionnaire_id]) for a in assessments
            if latest.get(a.questionnaire_id, 0) > a.questionnaire_version]


@dataclass(frozen=True)
class CycleAssessmentRow:
    assessment: Assessment
    #: answers copied and left out when the cycle was opened (None: not recorded)
    copied: int | None
    left_out: int | None


def cycle_assessments(cycle: Cycle) -> list[CycleAssessmentRow]:
    """A cycle's assessments by member code, with the pre-fill counts from their creation events."""
    assessments = db.session.scalars(
        select(Assessment).join(Member).where(Assessment.cycle_id == cycle.id).order_by(Member.code)
    ).all()
    created = {
        event.assessment_id: event.new or {}
        for event in db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "assessment.create",
                                     AuditEvent.assessment_id.in_([a.id for a in assessments]))
        )
    }
    rows = []
    for assessment in assessments:
        facts = created.get(assessment.id)
        rows.append(CycleAssessmentRow(
            assessment,
            facts.get("copied") if facts else None,
            len(facts.get("left_out") or {}) if facts else None,
        ))
    return rows


#: what the "what moved" list calls each outcome
MOVE_OUTCOME_WORDS = {
    NOT_CARRIED: "Not carried: the question changed or was dropped",
    LEFT: "Left for you to answer",
    MOVED: "Carried to the new question",
    KEPT: "Kept",
}


@dataclass(frozen=True)
class MovedRow:
    """One line of the "what moved" list, in words."""

    old_id: str
    old_text: str
    action: str
    outcome: str
    outcome_words: str
    #: (question id, section id, question text) of the questions it feeds in the new version
    targets: tuple[tuple[str, str, str], ...]
    reason: str
    old_answer: str


def moved_rows(event: AuditEvent, locale: str = "en") -> tuple[list[MovedRow], list[tuple[str, str, str]]]:
    """The "what moved" list of a version move (every old answer not kept unchanged), and the new questions
    that start unanswered, as (question id, section id, text)."""
    facts = event.new or {}
    old_version = (event.old or {}).get("questionnaire_version")
    assessment = db.session.get(Assessment, event.assessment_id)
    if assessment is None or (not facts.get("moved") and not facts.get("new_questions")):
        return [], []
    try:
        previous = registry().get(assessment.questionnaire_id, int(old_version))
        target = registry().get(assessment.questionnaire_id, int(facts["questionnaire_version"]))
    except (UnknownQuestionnaire, DefinitionError, TypeError, ValueError):
        return [], []

    def described(question_id: str) -> tuple[str, str, str]:
        if not target.has_question(question_id):
            return question_id, "", ""
        question = target.question(question_id)
        return question_id, question.section_id, tr(question.text, locale)

    rows = []
    for item in facts.get("moved") or ():
        old_id = item.get("old_id", "")
        old_text = tr(previous.question(old_id).text, locale) if previous.has_question(old_id) else ""
        rows.append(MovedRow(old_id, old_text, item.get("action", ""), item.get("outcome", ""),
                             MOVE_OUTCOME_WORDS.get(item.get("outcome", ""), item.get("outcome", "")),
                             tuple(described(t) for t in item.get("targets") or ()), item.get("reason", ""),
                             item.get("old_answer", "")))
    new = [described(q) for q in facts.get("new_questions") or ()
           if target.has_question(q) and target.question(q).scored]
    return rows, new


def member_names(current_only: bool = True) -> list[tuple[str, str]]:
    """``(code, name)`` of the members (current ones only, unless not ``current_only``), by code."""
    query = select(Member.code, Member.name).order_by(Member.code)
    if current_only:
        query = query.where(Member.is_current.is_(True))
    return [(code, name) for code, name in db.session.execute(query)]


def account_with_email(email: str) -> User | None:
    """The account with that e-mail address (stored in lower case), if there is one."""
    return db.session.scalar(select(User).where(User.email == email))


def member_code_taken(code: str) -> bool:
    return db.session.scalar(select(Member.id).where(Member.code == code)) is not None
