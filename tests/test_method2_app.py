"""Scoring method 2 in the application: a TA request on a question that is not asked is refused at saving,
snapshots keep the method they were scored with, a member that is not a state is offered extension rather
than ratification, and the results page, both workbooks, the region views and the API show the figures of
method 2 (weakest-section band and profile, provisional marks, obligations gap, best case, what it would
take) and say which method each figure comes from."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from assessment.audit import Actor
from assessment.extensions import db as _db
from assessment.models import Answer, Member, QuestionnaireVersion
from assessment.responses import operations
from assessment.responses.operations import HIDDEN_REQUEST, AnswerProblems
from assessment.scoring_service import live_result
from tests.method2_support import IN_FORCE, SAMPLE2, SAMPLE2_PATH, WORKED_EXAMPLE2

REQUEST = {"category": "TA-IC", "challenge": "capacity", "note": "Help to designate the authority."}


@pytest.fixture
def v2_cycle(db, make_cycle):
    """Cycle 2027 on the version-2 sample questionnaire (uploaded beside version 1)."""
    make_cycle("2026")  # installs version 1
    if _db.session.scalar(select(QuestionnaireVersion).where(QuestionnaireVersion.questionnaire_id == "sample",
                                                             QuestionnaireVersion.version == 2)) is None:
        _db.session.add(QuestionnaireVersion(questionnaire_id="sample", version=2,
                                             document=json.loads(SAMPLE2_PATH.read_text())))
        _db.session.commit()
    return make_cycle("2027", version=2)


@pytest.fixture
def worked(make_assessment, v2_cycle):
    """XA's draft on version 2 with the worked example's answers."""
    answers = json.loads(WORKED_EXAMPLE2.read_text())["answers"]
    return make_assessment("XA", "2027", answers=answers)


def _stored(assessment_id: int, question_id: str) -> Answer | None:
    _db.session.expire_all()
    return _db.session.get(Answer, (assessment_id, question_id))


# --------------------------------------------------------------------------- saving


def test_a_ta_request_on_a_question_that_is_not_asked_is_refused_and_changes_nothing(db, make_assessment, v2_cycle):
    draft = make_assessment("XA", "2027", answers={"has_sea_border": {"value": False}})
    question = SAMPLE2.question("som_sea_authority")
    answer = {"value": ["designated"], "citations": IN_FORCE, "ta_request": REQUEST}
    with pytest.raises(AnswerProblems) as refused:
        operations.save_answer(draft, question, answer, 0, Actor(None, "test"))
    assert [p.path for p in refused.value.problems] == ["$.ta_request"]
    assert refused.value.problems[0].message == HIDDEN_REQUEST
    assert _stored(draft.id, "som_sea_authority") is None


def test_the_same_request_is_saved_while_the_coastline_is_not_stated_or_is_stated(db, make_assessment, v2_cycle):
    answer = {"value": ["designated"], "citations": IN_FORCE, "ta_request": REQUEST}
    for facts in ({}, {"has_sea_border": {"value": True}}):
        draft = make_assessment("XB" if facts else "XA", "2027", answers=facts)
        result = operations.save_answer(draft, SAMPLE2.question("som_sea_authority"), answer, 0, Actor(None, "test"))
        _db.session.commit()
        assert result.status == "saved"
        assert _stored(draft.id, "som_sea_authority").ta_request == REQUEST


def test_autosave_says_why_a_request_on_a_hidden_question_is_refused(client, auth, db, make_user, make_assessment,
                                                                     v2_cycle):
    draft = make_assessment("XA", "2027", answers={"has_sea_border": {"value": False}})
    auth.login(make_user("focal_point", "XA"))
    response = client.post(f"/assessments/{draft.id}/autosave", json={
        "question_id": "som_sea_authority", "base_version": 0,
        "answer": {"value": ["designated"], "ta_request": REQUEST}})
    assert response.status_code == 422
    assert any("not asked with the member's current Profile answers" in p for p in response.json["problems"])
    assert _stored(draft.id, "som_sea_authority") is None


# --------------------------------------------------------------------------- method per version, snapshots


def test_each_assessment_is_scored_by_its_questionnaires_method_and_snapshots_keep_it(db, make_assessment, worked,
                                                                                       make_user):
    old = make_assessment("XB", "2026", answers={"tip_consent": {"value": "largely"}})
    assert live_result(old)["scoring_version"] == "1.0"
    assert live_result(worked)["scoring_version"] == "2.0"
    focal = make_user("focal_point", "XA")
    snapshot = operations.submit(worked, Actor(focal))
    _db.session.commit()
    assert (snapshot.scoring_version, snapshot.result["scoring_version"]) == ("2.0", "2.0")
    assert snapshot.result["overall"]["weakest"] == "smuggling"


def test_a_member_that_is_not_a_state_is_offered_extension_not_ratification(db, worked):
    assert [t["id"] for t in live_result(worked)["ta"]][:1] == ["treaty.ratify.somp"]
    member = _db.session.scalar(select(Member).where(Member.code == "XA"))
    member.is_state = False
    _db.session.commit()
    ta = [t["id"] for t in live_result(worked)["ta"]]
    assert "treaty.extend.somp" in ta
    assert "treaty.ratify.somp" not in ta
