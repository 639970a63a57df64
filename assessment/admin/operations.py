"""Administrative changes: accounts, members, cycles, questionnaire versions.

Every function here records an audit event for the change it makes and flushes; the caller commits once,
so the change and its audit event land in the same transaction. Refusals raise :class:`Refused`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select

from assessment.admin.queries import cycle_by_code, last_snapshots
from assessment.audit import Actor, record
from assessment.auth.operations import create_user, end_all_sessions, invite
from assessment.extensions import db
from assessment.models import (
    MEMBER_CODE_PATTERN,
    Answer,
    Assessment,
    AuditEvent,
    Cycle,
    Invitation,
    Member,
    QuestionnaireVersion,
    SectionAssignment,
    Snapshot,
    User,
    utcnow,
)
from assessment.refusals import Refused
from assessment.services.answer_store import apply_answer, row_to_answer, rows_by_question, without_version
from assessment.services.registry import UnknownQuestionnaire, registry
from assessment.vocabulary import Status
from questionnaires.loader import DefinitionError, Problem, check_document
from questionnaires.migration import Migration, read_migration
from questionnaires.model import Question, Questionnaire
from scoring.answers import canonical_answer, check_answer, has_value
from scoring.migration import KEPT, LEFT, MOVED, NOT_CARRIED, Moved, carry

#: cycle codes appear in URLs and commands
CYCLE_CODE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,19}$"
#: largest questionnaire upload accepted, unless the QUESTIONNAIRE_UPLOAD_MAX_BYTES setting says otherwise
QUESTIONNAIRE_UPLOAD_MAX_BYTES = 2 * 1024 * 1024


# --------------------------------------------------------------------------- accounts


def _account_facts(user: User) -> dict[str, Any]:
    return {"user_id": user.id, "email": user.email, "role": user.role,
            "member": user.member.code if user.member else None}


def create_account(email: str, role: str, member: Member | None, name: str, actor: Actor) -> tuple[User, str]:
    """Create a user without a password and a one-time link for them to set one.

    :returns: the user and the set-password URL (shown once, never stored)
    :raises assessment.auth.Refused: bad role, missing or superfluous member, e-mail in use
    """
    user = create_user(email, role, member=member, name=(name or "").strip())
    link = invite(user, created_by=actor.user)
    record("user.create", actor, member_id=user.member_id, new=_account_facts(user), detail=user.email)
    return user, link


def revoke_invitations(user: User) -> int:
    """Make every unused, unexpired set-password link of ``user`` unusable. :returns: how many"""
    now = utcnow()
    pending = db.session.scalars(
        select(Invitation).where(
            Invitation.user_id == user.id, Invitation.used_at.is_(None), Invitation.expires_at > now
        )
    ).all()
    for invitation in pending:
        invitation.expires_at = now
    return len(pending)


def reinvite(user: User, actor: Actor) -> str:
    """Revoke the user's unused links and create a new one.

    :returns: the new set-password URL
    :raises Refused: when the account is deactivated
    """
    if not user.is_active_account:
        raise Refused(_("%(email)s is deactivated; reactivate the account first.", email=user.email))
    revoked = revoke_invitations(user)
    link = invite(user, created_by=actor.user)
    record("user.invite", actor, member_id=user.member_id, new=_account_facts(user),
           detail=f"{user.email}: new set-password link; {revoked} unused link(s) revoked")
    return link


def deactivate(user: User, actor: Actor) -> None:
    """Deactivate an account: it can no longer sign in, and its open sessions end.

    :raises Refused: for one's own account or one already deactivated
    """
    if actor.user is not None and actor.user.id == user.id:
        raise Refused(_("You cannot deactivate your own account."))
    if not user.is_active_account:
        raise Refused(_("%(email)s is already deactivated.", email=user.email))
    user.is_active_account = False
    end_all_sessions(user)
    revoke_invitations(user)
    record("user.deactivate", actor, member_id=user.member_id, old={"active": True}, new={"active": False},
           detail=user.email)
    db.session.flush()


def reactivate(user: User, actor: Actor) -> None:
    """:raises Refused: when the account is active"""
    if user.is_active_account:
        raise Refused(_("%(email)s is already active.", email=user.email))
    user.is_active_account = True
    record("user.reactivate", actor, member_id=user.member_id, old={"active": False}, new={"active": True},
           detail=user.email)
    db.session.flush()


# --------------------------------------------------------------------------- members

_MEMBER_FIELDS = ("name", "sub_region", "note", "is_current", "is_state")


def _member_facts(member: Member) -> dict[str, Any]:
    return {"code": member.code, **{name: getattr(member, name) for name in _MEMBER_FIELDS},
            "is_fictional": member.is_fictional}


def check_member_code(code: str) -> None:
    """:raises Refused: when ``code`` does not match the pattern or is taken"""
    if not re.fullmatch(MEMBER_CODE_PATTERN, code):
        raise Refused(_("The code must be 2 to 6 capital letters or digits, starting with a letter (e.g. FJ)."),
                      field="code")
    if db.session.scalar(select(Member.id).where(Member.code == code)) is not None:
        raise Refused(_("There is already a member with the code %(code)s.", code=code), field="code")


def add_member(
    code: str,
    name: str,
    sub_region: str,
    actor: Actor,
    note: str = "",
    is_current: bool = True,
    is_fictional: bool = False,
    is_state: bool = True,
) -> Member:
    """:raises Refused: for a bad or taken code, or an empty name"""
    code = code.strip()
    check_member_code(code)
    if not name.strip():
        raise Refused(_("Enter the member's name."), field="name")
    member = Member(code=code, name=name.strip(), sub_region=sub_region.strip(), note=note.strip(),
                    is_current=is_current, is_fictional=is_fictional, is_state=is_state)
    db.session.add(member)
    db.session.flush()
    record("member.create", actor, member_id=member.id, new=_member_facts(member), detail=code)
    return member


def update_member(member: Member, actor: Actor, **changes: Any) -> dict[str, tuple[Any, Any]]:
    """Change a member's name, sub-region, note, current/former flag or state flag (never its code).

    :returns: field → (old, new) for what actually changed
    :raises Refused: for another field, or an empty name
    """
    unknown = set(changes) - set(_MEMBER_FIELDS)
    if unknown:
        raise Refused(_("Cannot change %(fields)s of a member.", fields=", ".join(sorted(unknown))))
    if "name" in changes and not str(changes["name"]).strip():
        raise Refused(_("Enter the member's name."), field="name")
    changed: dict[str, tuple[Any, Any]] = {}
    for name, value in changes.items():
        value = value.strip() if isinstance(value, str) else value
        if getattr(member, name) != value:
            changed[name] = (getattr(member, name), value)
            setattr(member, name, value)
    if changed:
        record("member.update", actor, member_id=member.id,
               old={k: old for k, (old, _) in changed.items()}, new={k: new for k, (_, new) in changed.items()},
               detail=member.code)
        db.session.flush()
    return changed


# --------------------------------------------------------------------------- questionnaire versions


class UploadRefused(Refused):
    """An uploaded questionnaire was not stored; ``problems`` lists every reason with its JSONPath."""

    def __init__(self, problems: list[Problem]):
        super().__init__(ngettext("The questionnaire has %(num)d problem.", "The questionnaire has %(num)d problems.",
                                  len(problems)))
        self.problems = problems


def upload_limit() -> int:
    return int(current_app.config.get("QUESTIONNAIRE_UPLOAD_MAX_BYTES") or QUESTIONNAIRE_UPLOAD_MAX_BYTES)


def parse_upload(data: bytes) -> Any:
    """Decode an uploaded file as JSON.

    :raises UploadRefused: for an oversized file, or one that is not UTF-8 JSON
    """
    limit = upload_limit()
    if len(data) > limit:
        raise UploadRefused([Problem("$", _("the file is larger than %(size)s KB; nothing was stored",
                                            size=limit // 1024))])
    if not data.strip():
        raise UploadRefused([Problem("$", _("the file is empty"))])
    try:
        return json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise UploadRefused([Problem("$", _("the file is not a JSON text file (it is not UTF-8)"))]) from None
    except json.JSONDecodeError as exc:
        raise UploadRefused(
            [Problem("$", _("not valid JSON: %(error)s at line %(line)s, column %(column)s", error=exc.msg,
                            line=exc.lineno, column=exc.colno))]
        ) from None


def upload_questionnaire(document: Any, actor: Actor) -> QuestionnaireVersion:
    """Store a new questionnaire version after checking it completely.

    :raises UploadRefused: with every schema and semantic problem, and when the id and version exist already
        (shipped or uploaded); nothing is stored then
    """
    problems = check_document(document, "questionnaire")
    if isinstance(document, Mapping):
        qid, version = document.get("id"), document.get("version")
        if isinstance(qid, str) and isinstance(version, int) and not isinstance(version, bool):
            existing = {(a.id, a.version): a.source for a in registry().available()}
            if (qid, version) in existing:
                problems.append(Problem(
                    "$.version",
                    _("%(id)s version %(version)s exists already (%(source)s); give the new one a higher version "
                      "number", id=qid, version=version,
                      source=_("shipped") if existing[qid, version] == "shipped" else _("uploaded")),
                ))
    if problems:
        raise UploadRefused(problems)
    row = QuestionnaireVersion(questionnaire_id=document["id"], version=document["version"], document=document,
                               uploaded_by_id=actor.user_id, uploaded_at=utcnow())
    db.session.add(row)
    db.session.flush()
    record("questionnaire.upload", actor, new={"id": row.questionnaire_id, "version": row.version},
           detail=f"{row.questionnaire_id} v{row.version}")
    return row


# --------------------------------------------------------------------------- answers against a questionnaire


def answer_problems(question: Question, answer: Mapping[str, Any]) -> list[str]:
    """Why ``answer`` is not a valid answer to ``question`` (empty when it is)."""
    return [str(problem) for problem in check_answer(question, answer)]


#: why an answer was left out or dropped: its question is not in the version, or it is no valid answer there
NOT_ASKED, NOT_VALID = "not_asked", "not_valid"


def carries_nothing(answer: Mapping[str, Any]) -> bool:
    """True for an answer with no value, flag, citation, comment or TA request.

    ``False`` (a "no"), ``0`` and a coverage ``[]`` ("no component covered") are values, hence answers.
    """
    for key, value in answer.items():
        if key == "version":
            continue
        if key == "value":
            if has_value(answer):
                return False
        elif value not in (None, "", [], {}) and value is not False:
            return False
    return True


def sort_fitting(
    questionnaire: Questionnaire, answers: Mapping[str, Any]
) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    """Split answers into those that fit ``questionnaire`` and those that do not. Empty answers are neither.

    :returns: (question id → canonical answer without its version,
        question id → ``{"reason": NOT_ASKED | NOT_VALID, "problems": [...]}``)
    """
    fitting: dict[str, dict[str, Any]] = {}
    left_out: dict[str, dict[str, Any]] = {}
    for question_id, answer in answers.items():
        if not isinstance(answer, Mapping):
            left_out[question_id] = {"reason": NOT_VALID, "problems": ["$: not an answer object"]}
            continue
        answer = without_version(answer)
        if carries_nothing(answer):
            continue
        if not questionnaire.has_question(question_id):
            left_out[question_id] = {"reason": NOT_ASKED, "problems": []}
            continue
        question = questionnaire.question(question_id)
        problems = answer_problems(question, answer)
        if problems:
            left_out[question_id] = {"reason": NOT_VALID, "problems": problems}
        else:
            fitting[question_id] = canonical_answer(question, answer)
    return fitting, left_out


def describe(version: int, why: Mapping[str, Any]) -> str:
    if why.get("reason") == NOT_ASKED:
        return f"version {version} does not ask this question"
    return f"not a valid answer in version {version}: " + "; ".join(why.get("problems") or [])


# --------------------------------------------------------------------------- cycles


def resolve_questionnaire(questionnaire_id: str, version: int) -> Questionnaire:
    """:raises Refused: for an unknown or broken questionnaire version"""
    try:
        return registry().get(questionnaire_id, version)
    except UnknownQuestionnaire:
        raise Refused(_("There is no questionnaire '%(id)s' version %(version)s.", id=questionnaire_id,
                        version=version), field="questionnaire") from None
    except DefinitionError as exc:
        raise Refused(_("Questionnaire '%(id)s' version %(version)s cannot be loaded: %(error)s", id=questionnaire_id,
                        version=version, error=exc), field="questionnaire") from None


def prefill_answers(
    questionnaire: Questionnaire, source: Snapshot
) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    """The answers of an earlier submission that pre-fill a draft on ``questionnaire``, and those left out.

    A submission to an older version that ``questionnaire``'s migration block starts from is carried as a move
    carries a draft (inverted, split and merged answers follow their question); otherwise answers are matched by
    question id. :returns: (question id → answer, old question id → ``{"reason": ..., "problems": [...]}``)
    """
    answers = (source.answers or {}).get("answers") or {}
    migration = read_migration(questionnaire.document)
    if migration is None or migration.from_version != source.questionnaire_version or \
            source.questionnaire_id != questionnaire.id:
        return sort_fitting(questionnaire, answers)
    try:
        previous = registry().get(source.questionnaire_id, source.questionnaire_version)
    except (UnknownQuestionnaire, DefinitionError):
        return sort_fitting(questionnaire, answers)
    usable = {qid: without_version(a) for qid, a in answers.items() if isinstance(a, Mapping)}
    carried = carry(previous, questionnaire, migration, {q: a for q, a in usable.items() if not carries_nothing(a)})
    left_out = {m.old_id: {"reason": m.outcome, "problems": [m.reason] if m.reason else []}
                for m in carried.moved if m.outcome in (LEFT, NOT_CARRIED)}
    return carried.answers, left_out


def open_cycle(code: str, title: str, questionnaire_id: str, version: int, actor: Actor) -> Cycle:
    """Open a cycle pinned to a questionnaire version, with one draft per current member.

    Each draft is pre-filled from the member's last submitted answers (the newest snapshot of its
    assessments in earlier cycles): an answer is copied when its question exists in this version and it is
    still a valid answer there; the others are left out and listed in the draft's audit event.

    :raises Refused: for a bad or duplicate code, an empty title, or an unknown questionnaire version
    """
    code, title = code.strip(), title.strip()
    if not re.fullmatch(CYCLE_CODE_PATTERN, code):
        raise Refused(_("A cycle code is up to 20 letters, digits, dots, dashes or underscores."), field="code")
    if code.lower() == "new":  # /admin/cycles/new is the page that opens a cycle
        raise Refused(_("'new' cannot be a cycle code."), field="code")
    if cycle_by_code(code) is not None:
        raise Refused(_("There is already a cycle %(code)s.", code=code), field="code")
    if not title:
        raise Refused(_("A cycle needs a title."), field="title")
    questionnaire = resolve_questionnaire(questionnaire_id, version)

    cycle = Cycle(code=code, title=title, questionnaire_id=questionnaire.id,
                  questionnaire_version=questionnaire.version, opened_by_id=actor.user_id, opened_at=utcnow())
    db.session.add(cycle)
    db.session.flush()
    members = db.session.scalars(select(Member).where(Member.is_current.is_(True)).order_by(Member.code)).all()
    sources = last_snapshots([m.id for m in members], cycle)
    now = utcnow()
    for member in members:
        source = sources.get(member.id)
        assessment = Assessment(member=member, cycle=cycle, questionnaire_id=questionnaire.id,
                                questionnaire_version=questionnaire.version, status=Status.DRAFT,
                                prefilled_from_id=source.assessment_id if source else None)
        db.session.add(assessment)
        db.session.flush()
        copied, left_out = {}, {}
        if source is not None:
            copied, left_out = prefill_answers(questionnaire, source)
            for question_id, answer in copied.items():
                row = Answer(assessment_id=assessment.id, question_id=question_id, version=1,
                             updated_by_id=actor.user_id, updated_by_label=actor.label, updated_at=now)
                apply_answer(row, answer)
                db.session.add(row)
        record(
            "assessment.create", actor, assessment=assessment,
            new={"cycle": code, "questionnaire": {"id": questionnaire.id, "version": questionnaire.version},
                 "prefilled_from": {"assessment_id": source.assessment_id, "snapshot": source.number}
                 if source else None,
                 "copied": len(copied), "left_out": left_out},
            detail=(f"draft for {member.code} in cycle {code}"
                    + (f"; {len(copied)} answer(s) copied from snapshot {source.number} of assessment "
                       f"{source.assessment_id}, {len(left_out)} left out" if source else "; no earlier submission")),
        )
    record("cycle.open", actor, new={"code": code, "title": title, "questionnaire": questionnaire.id,
                                     "version": questionnaire.version, "drafts": len(members)},
           detail=f"cycle {code} opened on {questionnaire.id} v{questionnaire.version}")
    db.session.flush()
    return cycle


def close_cycle(cycle: Cycle, actor: Actor) -> None:
    """A closed cycle takes no new submissions. :raises Refused: when it is closed already"""
    if cycle.is_closed:
        raise Refused(_("Cycle %(code)s is closed already.", code=cycle.code))
    cycle.is_closed = True
    record("cycle.close", actor, old={"closed": False}, new={"closed": True}, detail=f"cycle {cycle.code}")
    db.session.flush()


def reopen_cycle(cycle: Cycle, actor: Actor) -> None:
    """:raises Refused: when the cycle is open"""
    if not cycle.is_closed:
        raise Refused(_("Cycle %(code)s is open already.", code=cycle.code))
    cycle.is_closed = False
    record("cycle.reopen", actor, old={"closed": True}, new={"closed": False}, detail=f"cycle {cycle.code}")
    db.session.flush()


# --------------------------------------------------------------------------- moving a draft to a newer version


@dataclass(frozen=True)
class MoveResult:
    """What :func:`move_to_version` did: question ids kept and dropped (the values are in the audit log)."""

    from_version: int
    to_version: int
    kept: tuple[str, ...]
    #: question id → ``{"reason": NOT_ASKED | NOT_VALID, "problems": [...]}``
    dropped: dict[str, dict[str, Any]]
    event: AuditEvent
    #: with a migration block: what became of each old answer (see :mod:`scoring.migration`)
    moved: tuple[Moved, ...] = ()


def move_to_version(assessment: Assessment, version: int, actor: Actor) -> MoveResult:
    """Move a draft to a newer version of its questionnaire, matching answers by question id.

    Answers whose question exists in the new version and which are valid there are kept unchanged; the
    others are removed from the working answers, each recorded (with its old value) in an ``answer.drop``
    audit event. Section assignments to sections the new version lacks are removed the same way. The
    assessment's questionnaire version is set and its ``version`` bumped, so stale forms are refused.

    :raises Refused: when the assessment is not a draft (or has changes requested), or the target version
        is unknown or not newer
    """
    if not assessment.is_editable:
        raise Refused(_("Only a draft or an assessment with changes requested can move; this one is %(status)s.",
                        status=assessment.status))
    old_version = assessment.questionnaire_version
    if version <= old_version:
        raise Refused(_("Version %(new)s is not newer than version %(old)s.", new=version, old=old_version),
                      field="version")
    target = resolve_questionnaire(assessment.questionnaire_id, version)
    migration = read_migration(target.document)
    if migration is not None and migration.from_version == old_version:
        return _move_by_migration(assessment, resolve_questionnaire(assessment.questionnaire_id, old_version),
                                  target, migration, actor)

    rows = rows_by_question(assessment)
    fitting, dropped = sort_fitting(target, {qid: row_to_answer(row, False) for qid, row in rows.items()})
    for question_id in sorted(dropped):
        row = rows[question_id]
        record("answer.drop", actor, assessment=assessment, question_id=question_id,
               old=row_to_answer(row), new=None,
               detail=f"moved from v{old_version} to v{version}: {describe(version, dropped[question_id])}")
        db.session.delete(row)
    # rows that carry nothing are neither kept nor dropped; remove them when the new version lacks their question
    for question_id, row in rows.items():
        if question_id not in fitting and question_id not in dropped and not target.has_question(question_id):
            db.session.delete(row)

    _drop_assignments_outside(assessment, target, actor)

    assessment.questionnaire_version = version
    assessment.version += 1
    kept = tuple(sorted(fitting))
    event = record("assessment.move_version", actor, assessment=assessment,
                   old={"questionnaire_version": old_version},
                   new={"questionnaire_version": version, "kept": list(kept), "dropped": dropped},
                   detail=f"moved from {assessment.questionnaire_id} v{old_version} to v{version}: "
                          f"{len(kept)} answer(s) kept, {len(dropped)} dropped")
    db.session.flush()
    return MoveResult(old_version, version, kept, dropped, event)


def _move_by_migration(
    assessment: Assessment, previous: Questionnaire, target: Questionnaire, migration: Migration, actor: Actor
) -> MoveResult:
    """Move following the target's migration block: every answer that maps is carried with its citations,
    comment and TA request; every old answer that is not kept unchanged stays in an audit event with its old value
    (``answer.carry`` where a new answer replaced it, ``answer.drop`` where none did), and the move event lists
    what became of each (the member's "what moved" list)."""
    old_version = previous.version
    rows = rows_by_question(assessment)
    old_answers = {qid: row_to_answer(row, False) for qid, row in rows.items()}
    old_answers = {qid: a for qid, a in old_answers.items() if not carries_nothing(a)}
    carried = carry(previous, target, migration, old_answers)
    outcome = {m.old_id: m for m in carried.moved}
    now = utcnow()
    for question_id, row in rows.items():
        new_answer = carried.answers.get(question_id)
        moved = outcome.get(question_id)
        unchanged = new_answer is not None and moved is not None and moved.outcome == KEPT and \
            new_answer == canonical_answer(target.question(question_id), old_answers[question_id])
        if unchanged:
            continue
        why = (f"moved from v{old_version} to v{target.version}: {moved.action}, {moved.outcome.replace('_', ' ')}"
               + (f" ({moved.reason})" if moved.reason else "")) if moved is not None else \
            f"carried from v{old_version}: " + ", ".join(m.old_id for m in carried.moved if question_id in m.targets)
        if new_answer is None:
            if moved is not None:
                record("answer.drop", actor, assessment=assessment, question_id=question_id,
                       old=row_to_answer(row), new=None, detail=why)
            db.session.delete(row)
        else:
            record("answer.carry", actor, assessment=assessment, question_id=question_id, old=row_to_answer(row),
                   new=new_answer, detail=why)
            apply_answer(row, new_answer)
            row.version += 1
            row.updated_by_id, row.updated_by_label, row.updated_at = actor.user_id, actor.label, now
    for question_id, new_answer in carried.answers.items():
        if question_id in rows:
            continue
        row = Answer(assessment_id=assessment.id, question_id=question_id, version=1, updated_by_id=actor.user_id,
                     updated_by_label=actor.label, updated_at=now)
        apply_answer(row, new_answer)
        db.session.add(row)
        record("answer.carry", actor, assessment=assessment, question_id=question_id, old=None, new=new_answer,
               detail=f"carried from v{old_version}: " + ", ".join(
                   m.old_id for m in carried.moved if question_id in m.targets))

    _drop_assignments_outside(assessment, target, actor)

    assessment.questionnaire_version = target.version
    assessment.version += 1
    kept = tuple(sorted(m.old_id for m in carried.moved if m.outcome == KEPT))
    dropped = {m.old_id: {"reason": m.outcome, "problems": [m.reason] if m.reason else []}
               for m in carried.moved if m.outcome in (LEFT, NOT_CARRIED)}
    counts = {o: len(carried.by_outcome(o)) for o in (KEPT, MOVED, LEFT, NOT_CARRIED)}
    event = record("assessment.move_version", actor, assessment=assessment,
                   old={"questionnaire_version": old_version},
                   new={"questionnaire_version": target.version, "kept": list(kept), "dropped": dropped,
                        "moved": [m.as_dict() for m in carried.moved if m.outcome != KEPT],
                        "new_questions": list(carried.new_questions), "counts": counts},
                   detail=f"moved from {assessment.questionnaire_id} v{old_version} to v{target.version}: "
                          f"{counts[KEPT]} answer(s) kept, {counts[MOVED]} carried to new questions, {counts[LEFT]} "
                          f"left for the member, {counts[NOT_CARRIED]} not carried")
    db.session.flush()
    return MoveResult(old_version, target.version, kept, dropped, event, tuple(carried.moved))


def _drop_assignments_outside(assessment: Assessment, target: Questionnaire, actor: Actor) -> None:
    """Remove (with an audit event each) the section assignments of sections ``target`` no longer has."""
    section_ids = {s.id for s in target.sections}
    for assignment in db.session.scalars(
        select(SectionAssignment).where(SectionAssignment.assessment_id == assessment.id)
    ):
        if assignment.section_id not in section_ids:
            record("assignment.drop", actor, assessment=assessment,
                   old={"section": assignment.section_id, "user_id": assignment.user_id},
                   detail=f"section {assignment.section_id} is not in v{target.version}")
            db.session.delete(assignment)
