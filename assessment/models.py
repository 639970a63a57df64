"""Database models (typed SQLAlchemy 2.0). Timestamps are UTC and end in ``_at``; booleans start with
``is_``/``has_``. Write logic lives in the ``operations`` modules, never on the models."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from flask_login import UserMixin
from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from assessment.extensions import db
from assessment.vocabulary import EDITABLE_STATUSES, MEMBER_ROLES, RSO_ROLES, Status

MEMBER_CODE_PATTERN = r"^[A-Z][A-Z0-9]{1,5}$"


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Stores naive UTC, returns aware UTC, on SQLite and PostgreSQL alike."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use timezone-aware UTC")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class Member(db.Model):
    """A Bali Process member (a state or territory), or a fictional jurisdiction for demos."""

    id: Mapped[int] = mapped_column(primary_key=True)
    #: ISO 3166 alpha-2 for real members; XA…XZ, XXA… for fictional ones; S0001… for benchmarks
    code: Mapped[str] = mapped_column(String(6), unique=True)
    #: the member's official short name
    name: Mapped[str] = mapped_column(String(200))
    #: RSO grouping for regional training (a convenience, not an official classification)
    sub_region: Mapped[str] = mapped_column(String(80))
    note: Mapped[str] = mapped_column(Text, default="")
    #: False for a former member; its assessments stay readable
    is_current: Mapped[bool] = mapped_column(Boolean, default=True)
    #: demo or synthetic jurisdictions, never real members
    is_fictional: Mapped[bool] = mapped_column(Boolean, default=False)
    #: False for a member that is not a state (a territory, a special administrative region): it joins a treaty
    #: through the state responsible for it extending the treaty to it, not by ratification or accession
    is_state: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    users: Mapped[list[User]] = relationship(back_populates="member")

    def __repr__(self) -> str:
        return f"<Member {self.code}>"


class User(UserMixin, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    #: stored lower-case
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    #: scrypt hash; None until the person sets a password through their invitation
    password_hash: Mapped[str | None] = mapped_column(String(255))
    #: one of ROLES
    role: Mapped[str] = mapped_column(String(20))
    #: the member a focal point or contributor works for; None for RSO staff and admins
    member_id: Mapped[int | None] = mapped_column(ForeignKey("member.id"))
    is_active_account: Mapped[bool] = mapped_column(Boolean, default=True)
    #: bumped on password change or deactivation, which ends every session of the account
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: the interface language the person chose on their profile (a tag such as "id"); None: the browser's
    language: Mapped[str | None] = mapped_column(String(16))

    member: Mapped[Member | None] = relationship(back_populates="users")

    @property
    def is_active(self) -> bool:  # Flask-Login
        return self.is_active_account

    def get_id(self) -> str:  # Flask-Login: the session id changes with session_version
        return f"{self.id}:{self.session_version}"

    @property
    def is_member_user(self) -> bool:
        return self.role in MEMBER_ROLES

    @property
    def is_rso(self) -> bool:
        return self.role in RSO_ROLES

    @property
    def display_name(self) -> str:
        return self.name or self.email

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"


class LoginSession(db.Model):
    """A signed-in session, kept on the server. The session cookie carries a random id whose hash is the key
    here: signing out deletes the row, so a copy of the cookie taken before no longer signs anyone in. A
    password change or deactivation bumps :attr:`User.session_version`, which ends every session of the
    account at once."""

    __table_args__ = (Index("ix_login_session_user", "user_id"), Index("ix_login_session_expires_at", "expires_at"))

    #: SHA-256 (hex) of the id the cookie carries
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: the session ends then, whatever the cookie says (PERMANENT_SESSION_LIFETIME after sign-in)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: something for the next page only, e.g. a set-password link just made, shown once and then removed
    handoff: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class SignInAttempt(db.Model):
    """A sign-in (or current-password) check that did not succeed, or is being checked; counted per client
    address and per account to limit guessing across every worker. Rows older than the limit's window are
    deleted as new ones come."""

    __table_args__ = (Index("ix_sign_in_attempt_address", "address", "at"),
                      Index("ix_sign_in_attempt_account", "account", "at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: the client's address (behind trusted proxies, the forwarded one)
    address: Mapped[str] = mapped_column(String(64))
    #: the e-mail tried, lower-case (it need not belong to an account)
    account: Mapped[str] = mapped_column(String(254))


class Invitation(db.Model):
    """A one-time set-password link. Only the token's hash is stored."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(foreign_keys=[user_id])


class QuestionnaireVersion(db.Model):
    """A questionnaire version uploaded by an admin (shipped versions live in questionnaires/data/)."""

    __table_args__ = (UniqueConstraint("questionnaire_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    questionnaire_id: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer)
    #: the validated JSON document, exactly as uploaded
    document: Mapped[dict[str, Any]] = mapped_column(JSON)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Cycle(db.Model):
    """An assessment round (e.g. "2026"); its drafts start on the pinned questionnaire version."""

    id: Mapped[int] = mapped_column(primary_key=True)
    #: short code used in URLs and commands, e.g. "2026"
    code: Mapped[str] = mapped_column(String(20), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    questionnaire_id: Mapped[str] = mapped_column(String(64))
    questionnaire_version: Mapped[int] = mapped_column(Integer)
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    #: a closed cycle takes no new submissions
    is_closed: Mapped[bool] = mapped_column(Boolean, default=False)

    assessments: Mapped[list[Assessment]] = relationship(back_populates="cycle")


class Assessment(db.Model):
    """One member's assessment in one cycle."""

    __table_args__ = (UniqueConstraint("member_id", "cycle_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"))
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycle.id"))
    #: the questionnaire version these answers answer (may be moved to a newer one while a draft)
    questionnaire_id: Mapped[str] = mapped_column(String(64))
    questionnaire_version: Mapped[int] = mapped_column(Integer)
    #: one of STATUSES
    status: Mapped[str] = mapped_column(String(20), default=Status.DRAFT)
    #: bumped on every status change, so that stale status forms are refused
    version: Mapped[int] = mapped_column(Integer, default=1)
    #: the focal point shares the draft with the RSO for advice
    is_shared_with_rso: Mapped[bool] = mapped_column(Boolean, default=False)
    #: the focal point shares validated results with other members for this cycle
    shares_results: Mapped[bool] = mapped_column(Boolean, default=False)
    #: the assessment whose submitted answers pre-filled this one
    prefilled_from_id: Mapped[int | None] = mapped_column(ForeignKey("assessment.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    validated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    member: Mapped[Member] = relationship()
    cycle: Mapped[Cycle] = relationship(back_populates="assessments")
    answers: Mapped[list[Answer]] = relationship(back_populates="assessment", cascade="all, delete-orphan")
    snapshots: Mapped[list[Snapshot]] = relationship(
        back_populates="assessment", order_by="Snapshot.number", cascade="all, delete-orphan"
    )
    #: the RSO's comments, oldest first (read-only here: comments are added as ReviewComment rows)
    comments: Mapped[list[ReviewComment]] = relationship(
        viewonly=True, order_by="ReviewComment.created_at"
    )

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    def __repr__(self) -> str:
        return f"<Assessment {self.id} member={self.member_id} cycle={self.cycle_id} {self.status}>"


class SectionAssignment(db.Model):
    """A section of an assessment assigned by the focal point to a contributor."""

    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"), primary_key=True)
    section_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), primary_key=True)
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    assigned_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship(foreign_keys=[user_id])


class Answer(db.Model):
    """The current answer to one question of one assessment, with its own version for conflict checks."""

    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"), primary_key=True)
    question_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    #: the value in the answers format (status id, component ids, bool, number or special id, choice id, ISO date, text)
    value: Mapped[Any | None] = mapped_column(JSON)
    #: "not_applicable", "precluded" or "unknown" instead of a value
    flag: Mapped[str | None] = mapped_column(String(20))
    #: coverage components whose position in law is not known
    unknown_components: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: [{"act", "section", "year", "status": "in_force"|"bill"|"draft", "url"}]
    citations: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    comment: Mapped[str] = mapped_column(Text, default="")
    #: why N/A or precluded
    justification: Mapped[str] = mapped_column(Text, default="")
    #: {"category", "challenge", "note"} when the focal point asks for TA here
    ta_request: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    #: starts at 1, +1 on every applied change
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    #: who changed it when there is no user (e.g. "cli")
    updated_by_label: Mapped[str] = mapped_column(String(254), default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    assessment: Mapped[Assessment] = relationship(back_populates="answers")
    updated_by: Mapped[User | None] = relationship()


class Snapshot(db.Model):
    """What was submitted: answers and result, frozen. Never updated except to record validation."""

    __table_args__ = (UniqueConstraint("assessment_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"))
    #: 1, 2, … per assessment
    number: Mapped[int] = mapped_column(Integer)
    questionnaire_id: Mapped[str] = mapped_column(String(64))
    questionnaire_version: Mapped[int] = mapped_column(Integer)
    scoring_version: Mapped[str] = mapped_column(String(20))
    #: the answers document (answers format)
    answers: Mapped[dict[str, Any]] = mapped_column(JSON)
    #: the result document (result format)
    result: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    #: set once when the RSO validates this snapshot
    validated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    validated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    assessment: Mapped[Assessment] = relationship(back_populates="snapshots")


class SnapshotSummary(db.Model):
    """The parts of a snapshot's stored result that regional views read, written with the snapshot and never
    changed. A table of its own, so that comparing hundreds of members reads a few kilobytes per member and
    never pages through the large answers and result documents."""

    snapshot_id: Mapped[int] = mapped_column(ForeignKey("snapshot.id", ondelete="CASCADE"), primary_key=True)
    #: overall, module and section figures (scoring.region.scores_of): what a matrix or a trend reads
    scores: Mapped[dict[str, Any]] = mapped_column(JSON)
    #: scores plus elements and TA items (scoring.region.summarise)
    summary: Mapped[dict[str, Any]] = mapped_column(JSON)

    snapshot: Mapped[Snapshot] = relationship()


class ReviewComment(db.Model):
    """An RSO analyst's comment on a submitted assessment, on one question or on the whole."""

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"))
    snapshot_id: Mapped[int | None] = mapped_column(ForeignKey("snapshot.id", ondelete="SET NULL"))
    #: None for a comment on the whole assessment
    question_id: Mapped[str | None] = mapped_column(String(64))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    author: Mapped[User | None] = relationship()


class AuditEvent(db.Model):
    """Who changed what, when: every answer change and every status change."""

    __table_args__ = (
        Index("ix_audit_event_assessment", "assessment_id", "question_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    #: the actor's e-mail at the time, or a system actor such as "cli"
    actor_label: Mapped[str] = mapped_column(String(254))
    member_id: Mapped[int | None] = mapped_column(ForeignKey("member.id", ondelete="SET NULL"))
    assessment_id: Mapped[int | None] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"))
    #: e.g. "answer.update", "assessment.submit", "user.create"
    action: Mapped[str] = mapped_column(String(40))
    question_id: Mapped[str | None] = mapped_column(String(64))
    old: Mapped[Any | None] = mapped_column(JSON)
    new: Mapped[Any | None] = mapped_column(JSON)
    detail: Mapped[str] = mapped_column(Text, default="")

    actor: Mapped[User | None] = relationship()


class ApiToken(db.Model):
    """A personal bearer token for the read-only API. Only its hash is stored."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    #: the first characters, shown so people can tell their tokens apart
    prefix: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: the token stops working then (API_TOKEN_TTL_DAYS after creation or renewal)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()


class ModelProvision(db.Model):
    """An RSO analyst's mark on a regional example: this member's cited provision is a model for this element.

    An example is a citation in the answers of a validated snapshot, which never changes, so the snapshot, the
    question and the citation's position name it for good."""

    __table_args__ = (UniqueConstraint("element_id", "snapshot_id", "question_id", "citation_index"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: the element the example illustrates (an id of the element catalogue)
    element_id: Mapped[str] = mapped_column(String(8))
    snapshot_id: Mapped[int] = mapped_column(ForeignKey("snapshot.id", ondelete="CASCADE"))
    question_id: Mapped[str] = mapped_column(String(64))
    #: position of the citation among the answer's citations, from 0
    citation_index: Mapped[int] = mapped_column(Integer)
    #: why it is a model, in the analyst's words (shown to everyone who may see the example)
    note: Mapped[str] = mapped_column(Text, default="")
    #: +1 on every change of the note, so that a form opened before someone else's change is refused
    version: Mapped[int] = mapped_column(Integer, default=1)
    marked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    marked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    marked_by: Mapped[User | None] = relationship()


class MutualEvaluationRating(db.Model):
    """A technical-compliance rating published in a mutual evaluation or follow-up report, as RSO staff record it
    for a member. The latest report's rating of a Recommendation is the one the pages set beside the member's
    self-assessment; the member's own record of its ratings is a Profile answer and stays separate."""

    __table_args__ = (UniqueConstraint("member_id", "recommendation", "report_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"))
    #: the FATF Recommendation rated, e.g. "R.3"
    recommendation: Mapped[str] = mapped_column(String(8))
    #: C, LC, PC, NC or NA, as the report gives it
    rating: Mapped[str] = mapped_column(String(2))
    #: the report's title as published
    report_title: Mapped[str] = mapped_column(String(300))
    #: the report's date of publication (or adoption)
    report_date: Mapped[date] = mapped_column(Date)
    #: where the report can be read (http or https), or ""
    link: Mapped[str] = mapped_column(String(500), default="")
    #: +1 on every change, so that a form opened before someone else's change is refused
    version: Mapped[int] = mapped_column(Integer, default=1)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    member: Mapped[Member] = relationship()
    recorded_by: Mapped[User | None] = relationship()


class ResultsState(db.Model):
    """One row: a number drawn anew by every transaction that writes an assessment, a snapshot, a member or a
    cycle (:mod:`assessment.compare.state`), which keys what the regional pages keep."""

    __tablename__ = "results_state"

    id: Mapped[int] = mapped_column(primary_key=True)
    stamp: Mapped[int] = mapped_column(BigInteger)
