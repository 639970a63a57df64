"""50 people autosaving into one assessment at once, on PostgreSQL: every save is applied or answered 409,
no update is lost, and the audit log has exactly one event per applied change."""

from __future__ import annotations

import threading
from collections import defaultdict

import pytest
from sqlalchemy import func, select

from assessment.models import Answer, AuditEvent
from tests.factories import session_for
from tests.resources import require_postgres

#: fifty threads, each with its own connection, read what the others committed
pytestmark = [pytest.mark.postgres, pytest.mark.committed]

USERS = 50
SAVES_EACH = 6
SAME = "tip_consent"
OTHERS = ["tip_attempt", "ml_predicates", "ext_nationals", "tip_cross_border", "jur_nationals"]
VALUES = {"tip_cross_border": [True, False], "jur_nationals": [True, False]}
STATUS = ["in_place", "largely", "partially", "not_in_place"]


def test_fifty_concurrent_autosavers(app, db, make_user, make_assessment):
    require_postgres()
    assessment = make_assessment("XA")
    users = [make_user("focal_point", "XA", email=f"fp{n}@xa.example") for n in range(USERS)]
    sessions = [session_for(u) for u in users]
    url = f"/assessments/{assessment.id}/autosave"
    applied: list[tuple[str, int, dict]] = []
    outcomes: list[int] = []
    lock = threading.Lock()
    barrier = threading.Barrier(USERS)

    def person(n: int) -> None:
        client = app.test_client()
        with client.session_transaction() as session:
            session.update(sessions[n])
        question = SAME if n % 2 == 0 else OTHERS[n % len(OTHERS)]
        base = 0
        barrier.wait(timeout=60)
        for i in range(SAVES_EACH):
            choices = VALUES.get(question, STATUS)
            answer = {"value": choices[(n + i) % len(choices)], "comment": f"person {n} save {i}"}
            response = client.post(url, json={"question_id": question, "base_version": base, "answer": answer})
            body = response.get_json()
            with lock:
                outcomes.append(response.status_code)
                if response.status_code == 200 and body["status"] == "saved":
                    applied.append((question, body["version"], answer))
            # a person who meets a conflict looks at the other version and saves again on top of it
            base = body["version"]

    threads = [threading.Thread(target=person, args=(n,)) for n in range(USERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not any(t.is_alive() for t in threads)

    assert len(outcomes) == USERS * SAVES_EACH
    assert set(outcomes) <= {200, 409}, sorted(set(outcomes))
    assert 409 in outcomes  # the racing writers really met each other
    by_question: dict[str, list[tuple[int, dict]]] = defaultdict(list)
    for question, version, answer in applied:
        by_question[question].append((version, answer))
    db.session.expire_all()
    for question, saves in by_question.items():
        versions = sorted(v for v, _ in saves)
        # no lost update: each applied save made exactly the next version
        assert versions == list(range(1, len(versions) + 1)), question
        row = db.session.get(Answer, (assessment.id, question))
        last = max(saves, key=lambda item: item[0])
        assert row.version == last[0]
        assert (row.value, row.comment) == (last[1]["value"], last[1]["comment"])
    events = db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.assessment_id == assessment.id, AuditEvent.action == "answer.update"))
    assert events == len(applied)
