"""Factory fixtures returning callables: users, cycles and assessments on the sample questionnaire."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from assessment.auth.operations import create_user
from assessment.extensions import db as _db
from assessment.models import Answer, Assessment, Cycle, Member, QuestionnaireVersion, User, utcnow
from tests.conftest import SAMPLE_QUESTIONNAIRE

PASSWORD = "correct-horse-battery"


def session_for(user: User) -> dict[str, Any]:
    """What the session cookie of a browser signed in as ``user`` holds: a server-side session is started
    as signing in starts it (committed), so tests can sign many people in without the form."""
    from assessment.auth.operations import start_session
    from assessment.auth.views import SESSION_KEY

    token = start_session(user)
    _db.session.commit()
    return {"_user_id": user.get_id(), "_fresh": True, SESSION_KEY: token}


def fictional_member(code: str) -> Member:
    member = _db.session.scalar(select(Member).where(Member.code == code))
    if member is None:
        member = Member(code=code, name=f"Test jurisdiction {code}", sub_region="Pacific", is_fictional=True)
        _db.session.add(member)
        _db.session.flush()
    return member


def install(path: Path) -> dict[str, Any]:
    """The questionnaire document at ``path``, stored as an uploaded version (its own id and version) unless that
    version is stored already; committed."""
    document = json.loads(path.read_text())
    stored = select(QuestionnaireVersion).where(QuestionnaireVersion.questionnaire_id == document["id"],
                                                QuestionnaireVersion.version == document["version"])
    if _db.session.scalar(stored) is None:
        _db.session.add(QuestionnaireVersion(questionnaire_id=document["id"], version=document["version"],
                                             document=document))
        _db.session.commit()
    return document


@pytest.fixture
def sample_installed(db) -> dict[str, Any]:
    """The sample questionnaire as an uploaded version (id "sample", version 1)."""
    return install(SAMPLE_QUESTIONNAIRE)


@pytest.fixture
def make_user(db) -> Callable[..., User]:
    def make(role: str = "focal_point", member: str | None = "XA", email: str | None = None, name: str = "") -> User:
        member_row = fictional_member(member) if member and role in ("focal_point", "contributor") else None
        email = email or f"{role}.{(member or 'rso').lower()}.{_db.session.scalar(select(_count())) + 1}@test.example"
        user = create_user(email, role, member=member_row, name=name, password=PASSWORD)
        _db.session.commit()
        return user

    return make


def _count():
    from sqlalchemy import func

    return func.count(User.id)


@pytest.fixture
def make_cycle(db, sample_installed) -> Callable[..., Cycle]:
    def make(code: str = "2026", questionnaire: str = "sample", version: int = 1) -> Cycle:
        cycle = _db.session.scalar(select(Cycle).where(Cycle.code == code))
        if cycle is None:
            cycle = Cycle(code=code, title=f"Cycle {code}", questionnaire_id=questionnaire,
                          questionnaire_version=version)
            _db.session.add(cycle)
            _db.session.commit()
        return cycle

    return make


@pytest.fixture
def make_assessment(db, make_cycle) -> Callable[..., Assessment]:
    def make(member: str = "XA", cycle: str = "2026", answers: dict[str, dict] | None = None,
             status: str = "draft") -> Assessment:
        cycle_row = make_cycle(cycle)
        assessment = Assessment(member=fictional_member(member), cycle=cycle_row, status=status,
                                questionnaire_id=cycle_row.questionnaire_id,
                                questionnaire_version=cycle_row.questionnaire_version)
        _db.session.add(assessment)
        _db.session.flush()
        from assessment.services.answer_store import apply_answer

        for question_id, answer in (answers or {}).items():
            row = Answer(assessment_id=assessment.id, question_id=question_id, version=1,
                         updated_by_label="test", updated_at=utcnow())
            apply_answer(row, answer)
            _db.session.add(row)
        _db.session.commit()
        return assessment

    return make


class Auth:
    def __init__(self, client):
        self.client = client

    def login(self, user_or_email: User | str, password: str = PASSWORD):
        email = user_or_email if isinstance(user_or_email, str) else user_or_email.email
        return self.client.post("/auth/login", data={"email": email, "password": password})

    def logout(self):
        return self.client.post("/auth/logout")


@pytest.fixture
def auth(client) -> Auth:
    return Auth(client)
