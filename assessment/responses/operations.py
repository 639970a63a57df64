"""Write-side operations on assessments: save answers (with per-answer versions), submit, withdraw, review.

Operations flush; the caller (a view or a command) commits once. Every applied change adds exactly one
audit event in the same transaction.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError

from assessment.audit import Actor, record
from assessment.extensions import db
from assessment.models import (
    EDITABLE_STATUSES,
    Answer,
    Assessment,
    AuditEvent,
    ReviewComment,
    SectionAssignment,
    Snapshot,
    SnapshotSummary,
    User,
    utcnow,
)
from assessment.refusals import Refused, Stale
from assessment.responses.queries import latest_snapshot, rso_has_acted
from assessment.services.answer_store import apply_answer, is_empty, row_to_answer, rows_by_question, without_version
from assessment.services.registry import registry
from assessment.services.scoring_service import snapshot_documents
from assessment.vocabulary import Role, Status
from assessment.web.i18n import locale_code
from questionnaires.conditions import condition_questions, visibility
from questionnaires.loader import Problem
from questionnaires.model import Question, Questionnaire
from scoring.answers import canonical_answer, check_answer
from scoring.region import scores_of, summarise


def status_words(status: str) -> str:
    """An assessment's status inside a sentence (``changes requested``), in the request's language."""
    from questionnaires.translations import word

    return word("assessment_status", status, locale_code()).lower()


@dataclass
class SaveResult:
    #: "saved", "unchanged" or "conflict"
    status: str
    question_id: str
    version: int
    #: the server's answer (canonical, with version) after the operation
    answer: dict[str, Any] = field(default_factory=dict)
    updated_by: str = ""
    updated_at: str = ""


def lock_assessment(assessment_id: int, *, exclusive: bool) -> Assessment | None:
    """Load an assessment with a row lock on PostgreSQL (shared for saves, exclusive for status changes),
    so that a submit waits for saves in flight and no save slips in after it."""
    query = select(Assessment).where(Assessment.id == assessment_id)
    query = query.with_for_update(read=not exclusive)
    return db.session.scalars(query.execution_options(populate_existing=True)).first()


def questionnaire_of(assessment: Assessment) -> Questionnaire:
    return registry().get(assessment.questionnaire_id, assessment.questionnaire_version)


def _result(status: str, question_id: str, row: Answer | None) -> SaveResult:
    if row is None:
        return SaveResult(status, question_id, 0, {})
    return SaveResult(
        status,
        question_id,
        row.version,
        row_to_answer(row),
        row.updated_by.display_name if row.updated_by else row.updated_by_label,
        row.updated_at.isoformat() if row.updated_at else "",
    )


class AnswerProblems(Refused):
    """An answer that does not fit its question; ``messages`` say what is wrong, with JSON paths, and
    ``problems`` holds the same as :class:`~questionnaires.loader.Problem` (path and message apart)."""

    def __init__(self, question_id: str, messages: list[str], problems: list[Problem] | None = None):
        super().__init__(f"{question_id}: " + "; ".join(messages))
        self.question_id = question_id
        self.messages = messages
        self.problems = list(problems or [])


def save_answer(
    assessment: Assessment,
    question: Question,
    answer: Mapping[str, Any],
    base_version: int,
    actor: Actor,
    locale: str = "en",
) -> SaveResult:
    """Apply one answer if nobody changed it since ``base_version`` (0 = there was no answer).

    Saving what the server already holds is "unchanged" whatever the base version, so a retried request
    never turns into a false conflict. :raises Refused: when the assessment is not editable;
    :raises ValueError: (``AnswerProblems``) when the answer does not fit the question; its problems say what to
        do in ``locale`` (the person's language; English for the API)
    """
    if assessment.status not in EDITABLE_STATUSES:
        raise Refused(_("This assessment is %(status)s and cannot be edited.", status=status_words(assessment.status)))
    problems = check_answer(question, dict(answer), locale=locale)
    if problems:
        raise AnswerProblems(question.id, [str(p) for p in problems], problems)
    new = without_version(canonical_answer(question, dict(answer)))
    row = db.session.get(Answer, (assessment.id, question.id), populate_existing=True)
    if new.get("ta_request") and question.show_if is not None and (
            row is None or row_to_answer(row, with_version=False).get("ta_request") != new["ta_request"]):
        _refuse_request_if_hidden(assessment, question)
    if row is None:
        if is_empty(new):
            return SaveResult("unchanged", question.id, 0, {})
        if base_version != 0:
            return _result("conflict", question.id, None)
        row = _insert(assessment, question.id, new, actor)
        if row is None:  # someone inserted first
            row = db.session.get(Answer, (assessment.id, question.id), populate_existing=True)
            return _conflict_or_same(row, new, question.id)
        record("answer.update", actor, assessment=assessment, question_id=question.id, old=None, new=new)
        return _result("saved", question.id, row)
    current = row_to_answer(row, with_version=False)
    if current == new:
        return _result("unchanged", question.id, row)
    if base_version != row.version:
        return _result("conflict", question.id, row)
    values = _row_values(new)
    changed = db.session.execute(
        update(Answer)
        .where(Answer.assessment_id == assessment.id, Answer.question_id == question.id, Answer.version == base_version)
        .values(**values, version=Answer.version + 1, updated_by_id=actor.user_id, updated_by_label=actor.label,
                updated_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount
    row = db.session.get(Answer, (assessment.id, question.id), populate_existing=True)
    if changed != 1:
        return _conflict_or_same(row, new, question.id)
    record("answer.update", actor, assessment=assessment, question_id=question.id, old=current, new=new)
    return _result("saved", question.id, row)


@dataclass(frozen=True)
class PostedAnswer:
    """One question's answer as a posted section page gives it."""

    question: Question
    answer: dict[str, Any]
    #: the version of the answer the page was made with (0: there was none; None: the page did not bring back a
    #: readable one)
    base_version: int | None
    #: what reading the posted fields found wrong with the answer
    problems: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class SectionSaved:
    """What :func:`save_section` did with a posted section."""

    #: how many answers were written
    saved: int
    #: question id → the version of the answer now, for every answer offered to :func:`save_answer`
    versions: dict[str, int]
    #: question id → the server's answer, where someone else changed it since the page was made
    conflicts: dict[str, SaveResult]
    #: question id → why the answer does not fit its question (nothing of it was written)
    problems: dict[str, list[Problem]]
    #: the questions whose version the page did not bring back readable (nothing of them was written)
    altered: frozenset[str]


def save_section(assessment_id: int, posted: Sequence[PostedAnswer], stored: Mapping[str, Mapping[str, Any]],
                 actor: Actor, locale: str = "en") -> SectionSaved:
    """Save every posted answer that differs from ``stored`` (the answers the page was made with) and fits its
    question, each as :func:`save_answer` does, under a shared lock on the assessment; the others are left as
    they are and said in the outcome.

    :raises Stale: when the assessment can no longer be edited (it was submitted meanwhile)
    """
    locked = lock_assessment(assessment_id, exclusive=False)
    if locked is None or not locked.is_editable:
        raise Stale(_("This assessment was submitted meanwhile and can no longer be edited."))
    saved = 0
    versions: dict[str, int] = {}
    conflicts: dict[str, SaveResult] = {}
    problems: dict[str, list[Problem]] = {}
    altered: set[str] = set()
    for item in posted:
        question_id = item.question.id
        if item.base_version is None:
            altered.add(question_id)
            continue
        if item.problems:
            problems[question_id] = list(item.problems)
            continue
        if item.answer == without_version(stored.get(question_id, {})):
            continue
        try:
            result = save_answer(locked, item.question, item.answer, item.base_version, actor, locale)
        except AnswerProblems as exc:
            problems[question_id] = exc.problems
            continue
        versions[question_id] = result.version
        if result.status == "conflict":
            conflicts[question_id] = result
        elif result.status == "saved":
            saved += 1
    return SectionSaved(saved, versions, conflicts, problems, frozenset(altered))


def write_first_answers(assessment: Assessment, answers: Mapping[str, Mapping[str, Any]], actor: Actor,
                        questionnaire: Questionnaire) -> int:
    """Write the answers of an assessment that has none yet (demo data, a generated assessment), each checked
    and made canonical as :func:`save_answer` does, with one audit event per answer, in two statements.

    :returns: how many answers were written (empty answers are left out)
    :raises ValueError: (``AnswerProblems``) for the first answer that does not fit its question; nothing is
        written then
    """
    if assessment.status not in EDITABLE_STATUSES:
        raise Refused(_("This assessment is %(status)s and cannot be edited.", status=status_words(assessment.status)))
    now = utcnow()
    rows, events = [], []
    for question_id, answer in answers.items():
        question = questionnaire.question(question_id)
        problems = check_answer(question, dict(answer))
        if problems:
            raise AnswerProblems(question_id, [str(p) for p in problems], problems)
        new = without_version(canonical_answer(question, dict(answer)))
        if is_empty(new):
            continue
        rows.append({"assessment_id": assessment.id, "question_id": question_id, "version": 1,
                     "updated_by_id": actor.user_id, "updated_by_label": actor.label, "updated_at": now,
                     **_row_values(new)})
        events.append({"at": now, "actor_id": actor.user_id, "actor_label": actor.label,
                       "member_id": assessment.member_id, "assessment_id": assessment.id, "action": "answer.update",
                       "question_id": question_id, "old": None, "new": new, "detail": ""})
    if rows:
        db.session.execute(insert(Answer), rows)
        db.session.execute(insert(AuditEvent), events)
    return len(rows)


#: why a request for assistance on a question that is not asked is refused, and what to do
HIDDEN_REQUEST = ("This question is not asked with the member's current Profile answers, so a request for technical "
                  "assistance on it would not reach the results. Change the Profile answers it depends on first, or "
                  "make the request on a question that is asked.")


def _refuse_request_if_hidden(assessment: Assessment, question: Question) -> None:
    """A TA request on a question hidden by skip logic is refused rather than kept where nobody reads it."""
    questionnaire = questionnaire_of(assessment)
    facts = {qid: row_to_answer(row, with_version=False)
             for qid, row in rows_by_question(assessment, condition_questions(questionnaire)).items()}
    if not visibility(questionnaire, facts).get(question.id, True):
        problem = Problem("$.ta_request", HIDDEN_REQUEST)
        raise AnswerProblems(question.id, [str(problem)], [problem])


def _row_values(answer: Mapping[str, Any]) -> dict[str, Any]:
    probe = Answer()
    apply_answer(probe, answer)
    return {
        "value": probe.value,
        "flag": probe.flag,
        "justification": probe.justification,
        "unknown_components": probe.unknown_components,
        "citations": probe.citations,
        "comment": probe.comment,
        "ta_request": probe.ta_request,
    }


def _insert(assessment: Assessment, question_id: str, answer: Mapping[str, Any], actor: Actor) -> Answer | None:
    row = Answer(assessment_id=assessment.id, question_id=question_id, version=1, updated_by_id=actor.user_id,
                 updated_by_label=actor.label, updated_at=utcnow())
    apply_answer(row, answer)
    try:
        with db.session.begin_nested():
            db.session.add(row)
    except IntegrityError:
        return None
    return row


def _conflict_or_same(row: Answer | None, new: Mapping[str, Any], question_id: str) -> SaveResult:
    same = row is not None and row_to_answer(row, with_version=False) == dict(new)
    return _result("unchanged" if same else "conflict", question_id, row)


# --------------------------------------------------------------------------- workflow


def _status_change(assessment: Assessment, new_status: str, actor: Actor, action: str, detail: str = "") -> None:
    old = assessment.status
    assessment.status = new_status
    assessment.version += 1
    record(f"assessment.{action}", actor, assessment=assessment, old=old, new=new_status, detail=detail)


def submit(assessment: Assessment, actor: Actor, expected_version: int | None = None) -> Snapshot:
    """Draft or changes requested → submitted, with a new immutable snapshot of answers and result."""
    if expected_version is not None and expected_version != assessment.version:
        raise Refused(_("The assessment changed since this page was loaded; please review it again."))
    if assessment.status not in EDITABLE_STATUSES:
        raise Refused(_("Only a draft can be submitted; this one is %(status)s.",
                        status=status_words(assessment.status)))
    if assessment.cycle.is_closed:
        raise Refused(_("Cycle %(cycle)s is closed and takes no submissions.", cycle=assessment.cycle.code))
    answers_doc, result, scoring_version = snapshot_documents(assessment)
    number = 1 + max((s.number for s in assessment.snapshots), default=0)
    snapshot = Snapshot(
        assessment=assessment, number=number, questionnaire_id=assessment.questionnaire_id,
        questionnaire_version=assessment.questionnaire_version, scoring_version=scoring_version,
        answers=answers_doc, result=result, created_by_id=actor.user_id, created_at=utcnow(),
    )
    db.session.add(snapshot)
    summary = summarise(result)
    db.session.add(SnapshotSummary(snapshot=snapshot, scores=scores_of(summary), summary=summary))
    assessment.submitted_at = utcnow()
    _status_change(assessment, Status.SUBMITTED, actor, "submit", detail=f"snapshot {number}")
    db.session.flush()
    return snapshot


def withdraw(assessment: Assessment, actor: Actor) -> None:
    """Submitted → draft, only while the RSO has not acted on the submission."""
    if assessment.status != Status.SUBMITTED:
        raise Refused(_("Only a submitted assessment can be withdrawn."))
    if rso_has_acted(assessment):
        raise Refused(_("The RSO has already commented on this submission; ask them to request changes instead."))
    _status_change(assessment, Status.DRAFT, actor, "withdraw")


def comment(assessment: Assessment, actor: Actor, body: str, question_id: str | None = None) -> ReviewComment:
    """An RSO analyst's comment on the latest submission, on one question or on the whole."""
    body = body.strip()
    if not body:
        raise Refused(_("A comment cannot be empty."))
    if assessment.status == Status.DRAFT and not assessment.is_shared_with_rso:
        raise Refused(_("This assessment has not been submitted or shared."))
    if question_id is not None and not questionnaire_of(assessment).has_question(question_id):
        raise Refused(_("There is no question %(question)s in this questionnaire.", question=repr(question_id)))
    snapshot = latest_snapshot(assessment)
    item = ReviewComment(assessment_id=assessment.id, snapshot_id=snapshot.id if snapshot else None,
                         question_id=question_id, author_id=actor.user_id, body=body, created_at=utcnow())
    db.session.add(item)
    record("assessment.comment", actor, assessment=assessment, question_id=question_id, new=body)
    db.session.flush()
    return item


def request_changes(assessment: Assessment, actor: Actor, reason: str) -> None:
    """Submitted → changes requested (editable again), with the reason as a comment."""
    if assessment.status != Status.SUBMITTED:
        raise Refused(_("Changes can be requested only on a submitted assessment."))
    if reason.strip():
        comment(assessment, actor, reason)
    _status_change(assessment, Status.CHANGES_REQUESTED, actor, "request_changes", detail=reason.strip())


def validate(assessment: Assessment, actor: Actor) -> None:
    """Submitted → validated: reviewed for completeness and evidence (not an endorsement)."""
    if assessment.status != Status.SUBMITTED:
        raise Refused(_("Only a submitted assessment can be validated."))
    snapshot = latest_snapshot(assessment)
    if snapshot is None:
        raise Refused(_("There is no submitted snapshot to validate."))
    snapshot.validated_at = utcnow()
    snapshot.validated_by_id = actor.user_id
    assessment.validated_at = snapshot.validated_at
    _status_change(assessment, Status.VALIDATED, actor, "validate", detail=f"snapshot {snapshot.number}")


def reopen(assessment: Assessment, actor: Actor, reason: str) -> None:
    """Validated → changes requested, with a reason; the validated snapshot is kept."""
    if assessment.status != Status.VALIDATED:
        raise Refused(_("Only a validated assessment can be reopened."))
    if not reason.strip():
        raise Refused(_("Give a reason for reopening."))
    comment(assessment, actor, reason)
    _status_change(assessment, Status.CHANGES_REQUESTED, actor, "reopen", detail=reason.strip())


def set_shared_with_rso(assessment: Assessment, actor: Actor, shared: bool) -> None:
    """Share a draft with the RSO for advice, or stop sharing it (stopping is always possible).

    :raises Refused: when sharing an assessment that is not a draft (the RSO already reads it)
    """
    if shared and not assessment.is_shared_with_rso and not assessment.is_editable:
        raise Refused(_("This assessment is %(status)s: the RSO already reads what was submitted, so there is no "
                        "draft to share.", status=status_words(assessment.status)))
    if assessment.is_shared_with_rso != shared:
        record("assessment.share_with_rso", actor, assessment=assessment, old=assessment.is_shared_with_rso,
               new=shared)
        assessment.is_shared_with_rso = shared


def set_shares_results(assessment: Assessment, actor: Actor, shared: bool) -> None:
    if assessment.shares_results != shared:
        record("assessment.share_results", actor, assessment=assessment, old=assessment.shares_results, new=shared)
        assessment.shares_results = shared


def assign_section(assessment: Assessment, section_id: str, users: list[User], actor: Actor) -> None:
    """Replace the contributors assigned to a section (contributors of the same member only)."""
    questionnaire_of(assessment).section(section_id)  # KeyError for an unknown section
    for user in users:
        if user.role != Role.CONTRIBUTOR or user.member_id != assessment.member_id:
            raise Refused(_("%(email)s is not a contributor of this member.", email=user.email))
    existing = db.session.scalars(
        select(SectionAssignment).where(SectionAssignment.assessment_id == assessment.id,
                                        SectionAssignment.section_id == section_id)
    ).all()
    old = sorted(a.user.email for a in existing)
    new = sorted(u.email for u in users)
    if old == new:
        return
    for item in existing:
        db.session.delete(item)
    db.session.flush()
    for user in users:
        db.session.add(SectionAssignment(assessment_id=assessment.id, section_id=section_id, user_id=user.id,
                                         assigned_by_id=actor.user_id))
    record("assessment.assign", actor, assessment=assessment, question_id=None, old=old, new=new,
           detail=f"section {section_id}")
    db.session.flush()
