"""Reads behind the assessment pages: the assessment a person may see, the answers they may see, the result a
results page shows (each answers 404 when the person may not see the thing at all), the RSO's comments per
question, a page of the history and what changed by section."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import abort, request
from flask_login import current_user
from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import joinedload

from assessment.extensions import db
from assessment.models import Assessment, AuditEvent, ReviewComment, SectionAssignment, Snapshot, User
from assessment.permissions import can_view, can_view_live_answers
from assessment.services.answer_store import answers_of, without_version
from assessment.services.registry import DefinitionError, UnknownQuestionnaire, registry
from assessment.services.scoring_service import live_result
from assessment.vocabulary import RESULT_STATUSES, Role
from assessment.web.paging import Page
from questionnaires.migration import read_migration
from questionnaires.model import Questionnaire
from questionnaires.numbering import question_places
from questionnaires.types import answer_in_words
from scoring.migration import LEFT, NOT_CARRIED, carry

#: an assessment (``id``) with its member, cycle and the RSO's comments, in one query built once
ASSESSMENT_SHOWN = select(Assessment).where(Assessment.id == bindparam("id")).options(
    joinedload(Assessment.member), joinedload(Assessment.cycle), joinedload(Assessment.comments))


def load_assessment(assessment_id: int, may: Callable[[Any, Assessment], bool] | None = None,
                    refusal: int = 403) -> Assessment:
    """The assessment, or 404 when it does not exist or the person may not see it at all (its member and cycle,
    which every page names, and the RSO's comments come in the same query). With ``may``, a person it does not
    allow gets ``refusal`` (403, or 404 where even the thing's existence is not theirs to know)."""
    assessment = db.session.scalars(ASSESSMENT_SHOWN, {"id": assessment_id}).unique().first()
    if assessment is None or not can_view(current_user, assessment):
        abort(404)
    if may is not None and not may(current_user, assessment):
        abort(refusal)
    return assessment


def answers_for_display(assessment: Assessment) -> tuple[dict[str, dict[str, Any]], bool]:
    """``(answers, live)``: working answers where the person may see them, else the latest snapshot's."""
    if can_view_live_answers(current_user, assessment):
        return answers_of(assessment), True
    snapshot = latest_snapshot(assessment)
    if snapshot is None:
        abort(404)
    return dict(snapshot.answers.get("answers", {})), False


def latest_snapshot(assessment: Assessment) -> Snapshot | None:
    return assessment.snapshots[-1] if assessment.snapshots else None


def rso_has_acted(assessment: Assessment) -> bool:
    """True once the RSO commented on, requested changes to or validated the latest submission."""
    snapshot = latest_snapshot(assessment)
    if snapshot is None:
        return False
    if snapshot.validated_at is not None:
        return True
    return db.session.scalar(
        select(ReviewComment.id).where(ReviewComment.assessment_id == assessment.id,
                                       ReviewComment.created_at >= snapshot.created_at).limit(1)
    ) is not None


def result_for(assessment: Assessment) -> tuple[dict[str, Any], Any]:
    """``(result, snapshot or None)``: a chosen or the latest snapshot for submitted work; live for drafts."""
    snapshots = {s.number: s for s in assessment.snapshots}
    if request.args.get("snapshot"):
        snapshot = snapshots.get(request.args.get("snapshot", -1, type=int))
        if snapshot is None:
            abort(404)
        return snapshot.result, snapshot
    if assessment.status in RESULT_STATUSES or not can_view_live_answers(current_user, assessment):
        snapshot = latest_snapshot(assessment)
        if snapshot is None:
            abort(404)
        return snapshot.result, snapshot
    return live_result(assessment), None



def comments_by_question(assessment: Assessment) -> dict[str | None, list[ReviewComment]]:
    """The RSO's comments by question id (None: on the whole submission), oldest first in each thread; they come
    with the assessment (see ``load_assessment``)."""
    found: dict[str | None, list[ReviewComment]] = {}
    for item in sorted(assessment.comments, key=lambda c: (c.created_at, c.id)):
        found.setdefault(item.question_id, []).append(item)
    return found


def question_threads(assessment: Assessment, questionnaire: Questionnaire) -> list[tuple[str, list[ReviewComment]]]:
    """``[(question id, comments)]`` for every question with comments, in questionnaire order (questions no
    longer in the questionnaire last)."""
    places = question_places(questionnaire)
    threads = [(qid, items) for qid, items in comments_by_question(assessment).items() if qid is not None]
    last = len(places)
    return sorted(threads, key=lambda t: (places[t[0]].section_number, places[t[0]].position)
                  if t[0] in places else (last, 0))


def history_page(assessment: Assessment, question_id: str | None, kind: str, number: int, size: int) -> Page:
    """One page of an assessment's audit events, newest first: every event, the answer changes (``answers``) or
    the rest (``workflow``), of one question when ``question_id`` is given."""
    query = select(AuditEvent).where(AuditEvent.assessment_id == assessment.id)
    if question_id:
        query = query.where(AuditEvent.question_id == question_id)
    if kind == "answers":
        query = query.where(AuditEvent.action.like("answer.%"))
    elif kind == "workflow":
        query = query.where(AuditEvent.action.not_like("answer.%"))
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    pages = max(1, -(-total // size))
    number = min(max(1, number), pages)
    events = db.session.scalars(query.order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
                                .offset((number - 1) * size).limit(size)).all()
    return Page(list(events), number, size, total, pages)


@dataclass(frozen=True)
class Changes:
    """What changed since the last cycle: the answers of a draft that differ from the submission it started
    from."""

    #: the assessment the draft started from (None: it did not start from one)
    previous: Assessment | None
    #: (question, the earlier answer in words, the answer now in words), in questionnaire order
    rows: list[tuple[Any, str, str]]
    #: the ids of earlier answers that have no place in this version (not carried, or no longer asked)
    removed: list[str]
    #: True when the earlier answers are compared as this version's migration carries them
    translated: bool
    #: ``rows`` grouped by section (see :func:`changes_by_section`)
    by_section: list[tuple[Any, list[Any]]]


def changes_since_last_cycle(assessment: Assessment, questionnaire: Questionnaire, locale: str) -> Changes:
    """The answers of ``assessment`` (on ``questionnaire``) that differ from the latest submission of the
    assessment it was pre-filled from, each in words in ``locale``. Earlier answers given to the version this
    one's migration starts from are compared as the migration carries them, so that like is compared with like."""
    previous = assessment_by_id(assessment.prefilled_from_id)
    before: dict[str, Any] = {}
    earlier = questionnaire  # the questionnaire the earlier answers were given to
    snapshot = latest_snapshot(previous) if previous is not None else None
    if snapshot is not None:
        before = dict(snapshot.answers.get("answers", {}))
        try:
            earlier = registry().get(snapshot.questionnaire_id, snapshot.questionnaire_version)
        except (UnknownQuestionnaire, DefinitionError):
            earlier = questionnaire
    now = answers_of(assessment, with_version=False)
    migration = read_migration(questionnaire.document)
    translated = earlier is not questionnaire and migration is not None and \
        migration.from_version == earlier.version and earlier.id == questionnaire.id
    not_carried: list[str] = []
    if translated:
        # like with like: the earlier answers as the migration carries them into this version
        usable = {qid: without_version(a) for qid, a in before.items() if isinstance(a, dict)}
        carried = carry(earlier, questionnaire, migration, usable)
        before = carried.answers
        not_carried = sorted(m.old_id for m in carried.moved if m.outcome in (LEFT, NOT_CARRIED))
        earlier = questionnaire
    rows = []
    for q in questionnaire.questions:
        old = without_version(before.get(q.id, {}))
        new = now.get(q.id, {})
        if old != new:
            # the earlier answer in the words of its own version (choices and components may have gone since)
            old_q = earlier.question(q.id) if earlier.has_question(q.id) else q
            rows.append((q, answer_in_words(old_q, old, locale), answer_in_words(q, new, locale)))
    removed = not_carried if translated else sorted(set(before) - {q.id for q in questionnaire.questions})
    return Changes(previous, rows, removed, translated, changes_by_section(questionnaire, rows))


def changes_by_section(questionnaire: Questionnaire, rows: list[tuple[Any, str, str]]) -> list[tuple[Any, list[Any]]]:
    """The rows of "what changed" (question, before, now) grouped by section, in questionnaire order."""
    found: dict[str, list[Any]] = {}
    for row in rows:
        found.setdefault(row[0].section_id, []).append(row)
    return [(section, found[section.id]) for section in questionnaire.sections if section.id in found]


def questionnaire_and_answers(assessment: Assessment, snapshot: Any) -> tuple[Questionnaire, dict[str, Any]]:
    """The questionnaire version and the answers behind a result: a snapshot's, or the working ones (``None``)."""
    if snapshot is not None:
        return (registry().get(snapshot.questionnaire_id, snapshot.questionnaire_version),
                dict(snapshot.answers.get("answers", {})))
    return (registry().get(assessment.questionnaire_id, assessment.questionnaire_version),
            answers_of(assessment, with_version=False))


def section_assignees(assessment: Assessment) -> dict[str, list[User]]:
    """The contributors assigned to each section of an assessment."""
    rows = db.session.execute(
        select(SectionAssignment.section_id, User).join(User, SectionAssignment.user_id == User.id)
        .where(SectionAssignment.assessment_id == assessment.id)
    )
    found: dict[str, list[User]] = {}
    for section_id, user in rows:
        found.setdefault(section_id, []).append(user)
    return found


def last_edits(assessment: Assessment, count: int = 8) -> list[AuditEvent]:
    """The latest changes to an assessment, newest first."""
    return list(db.session.scalars(
        select(AuditEvent).where(AuditEvent.assessment_id == assessment.id).order_by(AuditEvent.at.desc())
        .limit(count)))


def active_contributors(assessment: Assessment) -> list[User]:
    """The member's contributors who can sign in, by e-mail."""
    return list(db.session.scalars(
        select(User).where(User.member_id == assessment.member_id, User.role == Role.CONTRIBUTOR,
                           User.is_active_account.is_(True)).order_by(User.email)))


def contributors_among(assessment: Assessment, user_ids: list[int]) -> list[User]:
    """Those of ``user_ids`` that are contributors of the assessment's member (nothing is said of others)."""
    if not user_ids:
        return []
    return list(db.session.scalars(select(User).where(
        User.id.in_(user_ids), User.member_id == assessment.member_id, User.role == Role.CONTRIBUTOR)))


def last_answer_event(assessment: Assessment) -> int:
    """The id of the last answer change of an assessment (0 when none), so that a submit made from a review
    page can tell whether answers changed since the page was read."""
    return db.session.scalar(select(func.max(AuditEvent.id)).where(
        AuditEvent.assessment_id == assessment.id, AuditEvent.action.like("answer.%"))) or 0


def assessment_by_id(assessment_id: int | None) -> Assessment | None:
    """The assessment with that id, without any permission check (the caller checks)."""
    return db.session.get(Assessment, assessment_id) if assessment_id else None


def assigned_sections(assessment: Assessment, user: User) -> set[str]:
    return set(db.session.scalars(
        select(SectionAssignment.section_id).where(SectionAssignment.assessment_id == assessment.id,
                                                   SectionAssignment.user_id == user.id)
    ))
