"""The demo data as `make demo` loads it: progress while it loads, every answer checked and in the audit log."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from assessment.cli import main
from assessment.demo import CYCLE_V2, CYCLE_V2_MEMBERS, MOVED_MEMBER
from assessment.models import Answer, Assessment, AuditEvent, Cycle, Member, User, utcnow


def _moved_draft(db):
    return db.session.scalar(select(Assessment).join(Member).join(Cycle).where(
        Cycle.code == CYCLE_V2[0], Member.code == MOVED_MEMBER))


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
    assert len(assessments) == 2 * fictional + len(CYCLE_V2_MEMBERS)
    # every answer written has its audit event, so its history page has its first version
    moved = _moved_draft(db)
    answers = db.session.scalar(select(func.count()).select_from(Answer))
    events = db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "answer.update", AuditEvent.assessment_id != moved.id))
    assert answers > 1000
    assert events == answers - len(moved.answers)
    # the moved draft: each answer was written on version 1 or carried to version 2, and says so in its history
    recorded = set(db.session.scalars(select(AuditEvent.question_id).where(
        AuditEvent.assessment_id == moved.id, AuditEvent.action.in_(("answer.update", "answer.carry")))))
    assert {a.question_id for a in moved.answers} <= recorded
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


def test_the_demo_has_a_cycle_on_version_two_with_a_member_moved_from_version_one(runner, db):
    result = runner.invoke(main, ["demo"])
    assert result.exit_code == 0, result.output
    assert f"  cycle {CYCLE_V2[0]}: {MOVED_MEMBER} moved from version 1 to 2" in result.output
    cycle = db.session.scalar(select(Cycle).where(Cycle.code == CYCLE_V2[0]))
    assert cycle.questionnaire_version == 2
    drafts = db.session.scalars(select(Assessment).where(Assessment.cycle_id == cycle.id)).all()
    assert sorted(a.member.code for a in drafts) == sorted(CYCLE_V2_MEMBERS)
    assert {(a.questionnaire_version, a.status) for a in drafts} == {(2, "draft")}
    [move] = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "assessment.move_version")).all()
    assert move.assessment_id == _moved_draft(db).id
    assert move.new["moved"]
    # the others were pre-filled from their 2026 submissions through the migration: inverted answers under new ids
    inverted_ids = {"ml_property_any_value", "ml_proceeds_without_conviction", "ext_no_fiscal_refusal",
                    "crim_tip_intent_and_purpose_only", "crim_som_migrant_not_prosecuted"}
    for draft in drafts:
        ids = {a.question_id for a in draft.answers}
        assert len(ids) > 100, draft.member.code
        assert not ids & {"ml_any_value", "ext_fiscal_refusal", "conf_victim_compensation"}, draft.member.code
        assert ids & inverted_ids, draft.member.code


def test_every_demo_assessment_on_version_one_moves_to_version_two_without_losing_a_typed_answer(runner, db):
    from assessment.services.answer_store import answers_of
    from questionnaires.loader import DATA_DIR, load_questionnaire
    from questionnaires.migration import read_migration
    from scoring.migration import KEPT, MOVED, carry

    result = runner.invoke(main, ["demo"])
    assert result.exit_code == 0, result.output
    v1 = load_questionnaire(DATA_DIR / "legislative_framework.v1.json")
    v2 = load_questionnaire(DATA_DIR / "legislative_framework.v2.json")
    migration = read_migration(v2.document)
    assessments = db.session.scalars(select(Assessment).where(Assessment.questionnaire_version == 1)).all()
    assert len(assessments) == 64
    outcomes: dict[str, int] = {}
    for assessment in assessments:
        answers = answers_of(assessment, with_version=False)
        carried = carry(v1, v2, migration, answers)
        assert sorted(m.old_id for m in carried.moved) == sorted(answers), assessment.member.code
        for moved in carried.moved:
            outcomes[moved.outcome] = outcomes.get(moved.outcome, 0) + 1
            if moved.outcome in (KEPT, MOVED):
                assert all(t in carried.answers for t in moved.targets), (assessment.member.code, moved)
            else:
                assert moved.reason, (assessment.member.code, moved)
                assert moved.old_answer, (assessment.member.code, moved)
    assert set(outcomes) == {"kept", "moved", "left", "not_carried"}
    assert outcomes["kept"] > 10 * (outcomes["left"] + outcomes["not_carried"])
