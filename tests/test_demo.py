"""The demo data as `make demo` loads it: progress while it loads, every answer checked and in the audit log."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from assessment.cli import main
from assessment.models import Answer, Assessment, AuditEvent, Member, User, utcnow


def test_make_demo_loads_fictional_members_and_says_how_far_it_is(runner, db):
    result = runner.invoke(main, ["demo", "--host", "127.0.0.1", "--port", "5000"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("Loading demo data: ")
    fictional = db.session.scalar(select(func.count()).select_from(Member).where(Member.is_fictional))
    assert f"  {fictional} of {fictional} members" in lines
    assert "Every jurisdiction in the demo is fictional." in lines
    assessments = db.session.scalars(select(Assessment)).all()
    assert {a.member.is_fictional for a in assessments} == {True}
    assert len(assessments) == 2 * fictional
    # every answer written has its audit event, so its history page has its first version
    answers = db.session.scalar(select(func.count()).select_from(Answer))
    events = db.session.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "answer.update"))
    assert answers > 1000
    assert events == answers
    # the earlier cycle was submitted and validated while it ran, never dated today or later
    now = utcnow()
    old = [a for a in assessments if a.cycle.code == "2024"]
    for assessment in old:
        for snapshot in assessment.snapshots:
            assert snapshot.created_at < now - timedelta(days=30)
            assert snapshot.validated_at is None or snapshot.created_at < snapshot.validated_at < now
    # one name per person: the focal point's changes carry the person's name
    focal = db.session.scalar(select(User).where(User.email == "focal.xa@demo.example"))
    assert focal.name == "Mei Lin Tan"
    actors = set(db.session.scalars(select(AuditEvent.actor_id).join(Assessment).join(Member)
                                    .where(Member.code == "XA", AuditEvent.action == "answer.update")))
    assert actors == {focal.id}
    assert focal.display_name == "Mei Lin Tan"
    # loading again completes what is missing and changes nothing else
    again = runner.invoke(main, ["demo"])
    assert again.exit_code == 0, again.output
    assert db.session.scalar(select(func.count()).select_from(Answer)) == answers
