"""The audit log: every answer change and status change, with who, when, old and new."""

from __future__ import annotations

from typing import Any

from assessment.extensions import db
from assessment.models import Assessment, AuditEvent, User, utcnow

#: the actor recorded for command-line changes without --as
CLI_ACTOR = "cli"


class Actor:
    """Who made a change: a signed-in user, or a system actor such as ``cli``."""

    def __init__(self, user: User | None = None, label: str | None = None):
        if user is None and not label:
            raise ValueError("an actor needs a user or a label")
        self.user = user
        self.label = label or (user.email if user else "")

    @property
    def user_id(self) -> int | None:
        return self.user.id if self.user is not None else None

    def __repr__(self) -> str:
        return f"<Actor {self.label}>"


def record(
    action: str,
    actor: Actor,
    *,
    assessment: Assessment | None = None,
    member_id: int | None = None,
    question_id: str | None = None,
    old: Any = None,
    new: Any = None,
    detail: str = "",
) -> AuditEvent:
    """Add an audit event to the session (the caller commits with the change itself)."""
    event = AuditEvent(
        at=utcnow(),
        actor_id=actor.user_id,
        actor_label=actor.label,
        member_id=member_id if member_id is not None else (assessment.member_id if assessment else None),
        assessment_id=assessment.id if assessment is not None else None,
        action=action,
        question_id=question_id,
        old=old,
        new=new,
        detail=detail,
    )
    db.session.add(event)
    return event


def current_actor() -> Actor:
    """The signed-in person as the actor of a change made from a page or the API."""
    from flask_login import current_user

    return Actor(current_user._get_current_object())
