"""The import core: a plan in words (changes, conflicts, unchanged, problems), then all of it or nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from assessment.audit import Actor
from assessment.models import Assessment, AuditEvent, SectionAssignment
from assessment.refusals import Refused, Stale
from assessment.responses import operations
from assessment.responses.queries import assigned_sections
from assessment.services.answer_store import answers_of
from assessment.services.imports import (
    Incoming,
    PlannedChange,
    apply_import,
    incoming_from_document,
    incoming_from_offline,
    plan_import,
    plan_matches,
)
from exports.offline import read_offline_workbook
from exports.safety import Limits
from tests.excel_helpers import BEFORE, EXPECTED, filled_sample, workbook_assessment
from tests.scoring_helpers import SAMPLE


def events(db, assessment_id: int) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.assessment_id == assessment_id, AuditEvent.action == "answer.update"))


@pytest.fixture
def draft(db, make_assessment):
    return make_assessment("XA", answers=BEFORE)


def incoming(answers, version=1):
    return {qid: Incoming(answer, version, None, f"$.answers.{qid}") for qid, answer in answers.items()}


def test_plan_lists_changes_in_words_and_counts_the_unchanged(db, draft):
    plan = plan_import(draft, incoming({
        "tip_consent": {"value": "largely", "comment": "Courts read it widely."},
        "ml_predicates": {"value": "in_place", "comment": "Schedule 1 lists them."},
        "tip_penalty": {"value": 7},
    }) | {"tip_penalty": Incoming({"value": 7}, 0)}, SAMPLE)
    assert plan.problems == []
    assert plan.conflicts == []
    assert plan.unchanged == 1
    consent, penalty = plan.changes
    assert (consent.question_id, consent.old_words, consent.new_words) == (
        "tip_consent", "Partially in place", "Largely in place · comment: Courts read it widely.")
    assert consent.parts == ("answer", "comment")
    assert (consent.base_version, consent.server_version) == (1, 1)
    assert (penalty.old, penalty.new) == ({}, {"value": 7})
    assert (penalty.old_words, penalty.new_words) == ("no answer", "7 years")
    assert events(db, draft.id) == 0


def test_answers_changed_on_the_server_since_their_version_are_conflicts_with_both_versions(db, draft):
    operations.save_answer(draft, SAMPLE.question("tip_consent"), {"value": "not_in_place"}, 1, Actor(label="web"))
    db.session.commit()
    plan = plan_import(draft, incoming({"tip_consent": {"value": "largely"}}), SAMPLE)
    [conflict] = plan.conflicts
    assert plan.changes == []
    assert (conflict.old_words, conflict.new_words) == ("Not in place", "Largely in place")
    assert (conflict.base_version, conflict.server_version, conflict.server_updated_by) == (1, 2, "web")


def test_apply_writes_every_change_with_one_audit_event_each_and_skips_conflicts(db, draft):
    operations.save_answer(draft, SAMPLE.question("tip_consent"), {"value": "not_in_place"}, 1, Actor(label="web"))
    db.session.commit()
    before = events(db, draft.id)
    plan = plan_import(draft, incoming({"tip_consent": {"value": "largely"}, "ml_predicates": {"unknown": True},
                                        "party_untoc": {"value": False}}), SAMPLE)
    result = apply_import(draft, plan, Actor(label="cli"))
    assert (result.applied, result.skipped) == (["party_untoc", "ml_predicates"], ["tip_consent"])
    assert events(db, draft.id) == before + 2
    answers = answers_of(db.session.get(Assessment, draft.id), with_version=False)
    assert answers["tip_consent"] == {"value": "not_in_place"}
    assert answers["ml_predicates"] == {"unknown": True}
    labels = db.session.scalars(select(AuditEvent.actor_label).where(AuditEvent.question_id == "ml_predicates"))
    assert list(labels) == ["cli"]


def test_overwrite_replaces_conflicts_based_on_the_version_shown(db, draft):
    operations.save_answer(draft, SAMPLE.question("tip_consent"), {"value": "not_in_place"}, 1, Actor(label="web"))
    db.session.commit()
    plan = plan_import(draft, incoming({"tip_consent": {"value": "largely"}}), SAMPLE)
    result = apply_import(draft, plan, Actor(label="cli"), overwrite=True)
    assert result.applied == ["tip_consent"]
    assert answers_of(db.session.get(Assessment, draft.id))["tip_consent"] == {"value": "largely", "version": 3}


def test_an_answer_changed_after_the_plan_rolls_everything_back(db, draft):
    plan = plan_import(draft, incoming({"party_untoc": {"value": False}, "tip_consent": {"value": "largely"}}), SAMPLE)
    operations.save_answer(draft, SAMPLE.question("tip_consent"), {"value": "in_place"}, 1, Actor(label="web"))
    db.session.commit()
    before = events(db, draft.id)
    with pytest.raises(Stale) as raised:
        apply_import(draft, plan, Actor(label="cli"), overwrite=True)
    assert raised.value.question_ids == ["tip_consent"]
    answers = answers_of(db.session.get(Assessment, draft.id), with_version=False)
    assert answers["party_untoc"] == {"value": True}  # the change planned before it was not kept either
    assert events(db, draft.id) == before
    fresh = plan_import(draft, plan.incoming(), SAMPLE)
    assert not plan_matches(fresh, plan.seen_versions())


def test_a_failure_half_way_leaves_nothing_written(db, draft):
    plan = plan_import(draft, incoming({"party_untoc": {"value": False}}), SAMPLE)
    plan.changes.append(PlannedChange("tip_consent", "trafficking", "", {}, {"value": "sometimes"}, "", "", (), 1, 1))
    with pytest.raises(ValueError, match="sometimes"):
        apply_import(draft, plan, Actor(label="cli"))
    assert answers_of(db.session.get(Assessment, draft.id), with_version=False)["party_untoc"] == {"value": True}
    assert events(db, draft.id) == 0


def test_contributors_changes_outside_their_sections_are_problems(db, draft, make_user):
    contributor = make_user("contributor", "XA")
    db.session.add(SectionAssignment(assessment_id=draft.id, section_id="laundering", user_id=contributor.id))
    db.session.commit()
    sections = assigned_sections(draft, contributor)
    plan = plan_import(draft, incoming({"ml_predicates": {"unknown": True}, "tip_consent": {"value": "largely"},
                                        "tip_acts": dict(BEFORE["tip_acts"])}), SAMPLE, editable_sections=sections)
    assert [c.question_id for c in plan.changes] == ["ml_predicates"]
    assert [str(p) for p in plan.problems] == [
        "$.answers.tip_consent: Question 'tip_consent' is in the section 'Trafficking in persons', which is not "
        "assigned to you; you can change only the sections assigned to you."]
    assert plan.unchanged == 1  # an unchanged answer in another section is no problem
    with pytest.raises(Refused):
        apply_import(draft, plan, Actor(contributor))
    assert events(db, draft.id) == 0


def test_nothing_can_be_imported_into_a_submitted_assessment(db, make_assessment):
    submitted = make_assessment("XB", answers=BEFORE, status="submitted")
    plan = plan_import(submitted, incoming({"tip_consent": {"value": "largely"}}), SAMPLE)
    assert [p.message for p in plan.problems] == [
        "This assessment is submitted and cannot be edited, so nothing can be imported into it."]


def test_json_answers_carry_their_versions_and_unknown_questions_are_problems(db, draft):
    document = {"answers": {"tip_consent": {"value": "largely", "version": 1},
                            "ml_predicates": {"value": "partially"}, "no_such": {"value": 1}}}
    plan = plan_import(draft, incoming_from_document(document), SAMPLE)
    assert [c.question_id for c in plan.changes] == ["tip_consent"]
    assert [(c.question_id, c.base_version, c.server_version) for c in plan.conflicts] == [("ml_predicates", 0, 1)]
    assert [str(p) for p in plan.problems] == ["$.answers.no_such: There is no question 'no_such' in sample version 1."]


def test_offline_workbook_import_applies_exactly_what_was_filled_in(db, make_cycle):
    make_cycle()
    assessment = workbook_assessment(db, BEFORE)
    upload = read_offline_workbook(filled_sample(SAMPLE), SAMPLE, Limits(), assessment_id=assessment.id)
    found, problems = incoming_from_offline(upload)
    plan = plan_import(assessment, found, SAMPLE, problems=problems)
    assert plan.problems == []
    assert plan.conflicts == []
    untouched_empty = sum(1 for q in SAMPLE.questions if q.id not in EXPECTED and q.id not in BEFORE)
    assert plan.unchanged == untouched_empty + 1  # party_untoc: filled in with what it already was
    result = apply_import(assessment, plan, Actor(label="cli"))
    assert len(result.applied) == len(EXPECTED) - 1
    assert answers_of(db.session.get(Assessment, assessment.id), with_version=False) == EXPECTED
