"""Helpers for the administration and team tests: accounts, sign-in, questionnaire versions."""

from __future__ import annotations

import copy
import functools
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import select

from assessment import create_app
from assessment.auth.operations import create_user
from assessment.extensions import db
from assessment.models import AuditEvent, Member, QuestionnaireVersion, User
from tests.conftest import join_test_transaction

PASSWORD = "a-long-test-password"


@functools.cache
def _helper_app(database_url: str) -> Any:
    """The second app of :func:`separate_context`, made once per test process and database."""
    return create_app({"TESTING": True, "DATABASE_URL": database_url, "SECRET_KEY": "test-secret-key",
                       "WTF_CSRF_ENABLED": False, "BASE_URL": "http://testserver",
                       "PASSWORD_HASH_METHOD": "scrypt:1024:8:1"})


@contextmanager
def separate_context(database_url: str) -> Iterator[Any]:
    """An app context of a second app on the same database, for setting up and checking data.

    The shared ``db`` fixture keeps an app context of the app under test open; Flask then reuses it for
    every request of the test client, so ``g`` (and Flask-Login's cached user) and the database session
    would carry over from one request to the next. With this context, each request gets its own.
    """
    helper = _helper_app(database_url)
    with helper.app_context():
        engine = db.engine
    join_test_transaction(helper)
    with helper.app_context():
        yield db
        db.session.remove()
    engine.dispose()


def member(code: str) -> Member:
    return db.session.scalar(select(Member).where(Member.code == code))


def make_user(email: str, role: str, member_code: str | None = None, name: str = "") -> User:
    """An account with a password, committed."""
    user = create_user(email, role, member=member(member_code) if member_code else None, name=name,
                       password=PASSWORD)
    db.session.commit()
    return user


def login(client: Any, email: str, password: str = PASSWORD) -> None:
    response = client.post("/auth/login", data={"email": email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)
    assert response.headers["Location"] == "/"


def sign_in_as(client: Any, role: str, member_code: str | None = None, email: str | None = None) -> User:
    """Create an account of ``role`` and sign the client in with it."""
    if member_code is None and role in ("focal_point", "contributor"):
        member_code = "FJ"
    email = email or f"{role}.{(member_code or 'rso').lower()}@test.example"
    user = make_user(email, role, member_code)
    login(client, email)
    return user


def add_version(document: dict[str, Any]) -> QuestionnaireVersion:
    """Store a questionnaire document as an uploaded version, committed."""
    row = QuestionnaireVersion(questionnaire_id=document["id"], version=document["version"], document=document)
    db.session.add(row)
    db.session.commit()
    return row


def find_question(document: dict[str, Any], question_id: str) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    for module in document["modules"]:
        for section in module["sections"]:
            for question in section["questions"]:
                if question["id"] == question_id:
                    return section["questions"], question
    raise KeyError(question_id)


def sample_v2(document: dict[str, Any]) -> dict[str, Any]:
    """Version 2 of the sample: ``tip_notes`` removed, choice ``mixed`` of ``legal_tradition`` removed,
    a new text question ``tip_remarks`` added."""
    doc = copy.deepcopy(document)
    doc["version"] = 2
    questions, notes = find_question(doc, "tip_notes")
    questions.remove(notes)
    questions.append({"id": "tip_remarks", "type": "text", "scored": False,
                      "text": {"en": "Remarks on the trafficking offence"}})
    _, tradition = find_question(doc, "legal_tradition")
    tradition["choices"] = [c for c in tradition["choices"] if c["id"] != "mixed"]
    return doc


def events(action: str) -> list[AuditEvent]:
    db.session.expire_all()
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)))


def one_time_link(html: str) -> str | None:
    found = re.search(r'value="(http://testserver/auth/invitation/[^"]+)"', html)
    return found.group(1) if found else None


def link_path(link: str) -> str:
    return link.removeprefix("http://testserver")


def row_heads(html: str) -> list[str]:
    """The row headers (``<th scope="row">``) of the tables on a page, as text."""
    cells = re.findall(r'<th scope="row">(.*?)</th>', html, flags=re.S)
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in cells]


def make_assessment(cycle: Any, member_code: str, status: str = "draft", version: int = 1,
                    answers: dict[str, dict[str, Any]] | None = None) -> Any:
    """An assessment with stored answers (in the answers format), committed."""
    from assessment.models import Answer, Assessment
    from assessment.services.answer_store import apply_answer

    assessment = Assessment(member=member(member_code), cycle=cycle, questionnaire_id="sample",
                            questionnaire_version=version, status=status)
    db.session.add(assessment)
    db.session.flush()
    for question_id, answer in (answers or {}).items():
        row = Answer(assessment_id=assessment.id, question_id=question_id, version=answer.get("version", 1))
        apply_answer(row, answer)
        db.session.add(row)
    db.session.commit()
    return assessment


def make_snapshot(assessment: Any, number: int, answers: dict[str, dict[str, Any]], when: Any = None) -> Any:
    """A submitted snapshot holding an answers document, committed."""
    from assessment.models import Snapshot, utcnow

    snapshot = Snapshot(
        assessment_id=assessment.id, number=number, questionnaire_id=assessment.questionnaire_id,
        questionnaire_version=assessment.questionnaire_version, scoring_version="test",
        answers={"questionnaire": {"id": assessment.questionnaire_id, "version": assessment.questionnaire_version},
                 "member": assessment.member.code, "cycle": assessment.cycle.code, "answers": answers},
        result={}, created_at=when or utcnow(),
    )
    db.session.add(snapshot)
    db.session.commit()
    return snapshot
