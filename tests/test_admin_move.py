"""Moving a draft to a newer questionnaire version by question id: what fits is kept, the rest is dropped
from the working answers but kept in the audit log; older versions keep working."""

import pytest
from sqlalchemy import select

from assessment.admin.operations import move_to_version
from assessment.audit import Actor
from assessment.models import Assessment, Cycle, SectionAssignment
from assessment.refusals import Refused
from assessment.services.answer_store import answers_of
from assessment.services.registry import registry
from tests.admin_fixtures import sample_versions, separate_db  # noqa: F401  (fixtures)
from tests.admin_support import (
    add_version,
    events,
    find_question,
    make_assessment,
    make_user,
    row_heads,
    sample_v2,
    sign_in_as,
)

ANSWERS = {
    "party_untoc": {"value": True, "version": 3},
    "party_somp": {"value": False},
    "tip_consent": {"value": "largely", "comment": "confidential working note", "version": 2},
    "tip_notes": {"value": "secret draft text", "version": 5},
    "legal_tradition": {"value": "mixed"},
    "tip_penalty": {"value": None},
}


@pytest.fixture
def cycle(db, versions):
    cycle = Cycle(code="2026", title="2026 round", questionnaire_id="sample", questionnaire_version=1)
    db.session.add(cycle)
    db.session.commit()
    return cycle


@pytest.fixture
def fiji(db, cycle):
    return make_assessment(cycle, "FJ", answers=ANSWERS)


def reload(db, assessment_id):
    db.session.expire_all()
    return db.session.get(Assessment, assessment_id)


def test_move_keeps_what_fits_and_audits_what_is_dropped(db, fiji):
    tonga = make_assessment(fiji.cycle, "TO", answers=ANSWERS)
    result = move_to_version(fiji, 2, Actor(label="test"))
    db.session.commit()

    assert (result.from_version, result.to_version) == (1, 2)
    assert result.kept == ("party_somp", "party_untoc", "tip_consent")
    assert {q: why["reason"] for q, why in result.dropped.items()} == {"tip_notes": "not_asked",
                                                                        "legal_tradition": "not_valid"}
    moved = reload(db, fiji.id)
    assert (moved.questionnaire_version, moved.version) == (2, 2)
    assert answers_of(moved) == {
        "party_untoc": {"value": True, "version": 3},
        "party_somp": {"value": False, "version": 1},
        "tip_consent": {"value": "largely", "comment": "confidential working note", "version": 2},
        "tip_penalty": {"version": 1},
    }
    drops = {e.question_id: e for e in events("answer.drop")}
    assert drops["tip_notes"].old == {"value": "secret draft text", "version": 5}
    assert drops["legal_tradition"].old == {"value": "mixed", "version": 1}
    assert all(e.assessment_id == fiji.id and e.new is None and e.actor_label == "test" for e in drops.values())
    assert "version 2 does not ask this question" in drops["tip_notes"].detail
    [event] = events("assessment.move_version")
    assert event.id == result.event.id
    assert (event.old, event.new["questionnaire_version"]) == ({"questionnaire_version": 1}, 2)

    # an assessment left on version 1 keeps its answers and its questionnaire
    assert reload(db, tonga.id).questionnaire_version == 1
    assert answers_of(reload(db, tonga.id))["tip_notes"]["value"] == "secret draft text"
    assert registry().get("sample", 1).has_question("tip_notes")


def test_move_drops_assignments_to_sections_that_are_gone(db, fiji, sample_document):
    v3 = sample_v2(sample_document)
    v3["version"] = 3
    v3["modules"] = [m for m in v3["modules"] if m["id"] != "cooperation"]
    add_version(v3)
    contributor = make_user("c@fiji.example", "contributor", "FJ")
    db.session.add_all([SectionAssignment(assessment_id=fiji.id, section_id=s, user_id=contributor.id)
                        for s in ("trafficking", "extradition")])
    db.session.commit()
    move_to_version(fiji, 3, Actor(label="test"))
    db.session.commit()
    remaining = db.session.scalars(select(SectionAssignment.section_id)).all()
    assert remaining == ["trafficking"]
    [event] = events("assignment.drop")
    assert event.old == {"section": "extradition", "user_id": contributor.id}


@pytest.mark.parametrize("status", ["submitted", "validated"])
def test_only_editable_assessments_move(db, cycle, status):
    assessment = make_assessment(cycle, "FJ", status=status, answers=ANSWERS)
    with pytest.raises(Refused, match=f"this one is {status}"):
        move_to_version(assessment, 2, Actor(label="test"))
    db.session.rollback()
    assert reload(db, assessment.id).questionnaire_version == 1
    assert events("answer.drop") == []


def test_changes_requested_can_move(db, cycle):
    assessment = make_assessment(cycle, "FJ", status="changes_requested", answers=ANSWERS)
    move_to_version(assessment, 2, Actor(label="test"))
    assert assessment.questionnaire_version == 2


@pytest.mark.parametrize(("version", "message"), [(1, "Version 1 is not newer than version 1"),
                                                  (0, "is not newer"),
                                                  (4, "There is no questionnaire 'sample' version 4")])
def test_target_must_be_a_newer_known_version(db, fiji, version, message):
    with pytest.raises(Refused, match=message):
        move_to_version(fiji, version, Actor(label="test"))


def test_move_through_the_pages(client, db, fiji, cycle):
    make_assessment(cycle, "TO", status="submitted")
    make_assessment(cycle, "WS", version=2)
    admin = sign_in_as(client, "admin")
    html = client.get("/admin/questionnaires/outdated").get_data(as_text=True)
    assert row_heads(html) == ["FJ · Fiji"]
    assert "Move to v2" in html

    response = client.post(f"/admin/assessments/{fiji.id}/move", data={"version": "2"})
    assert response.status_code == 302
    [event] = events("assessment.move_version")
    assert event.actor_id == admin.id
    assert response.headers["Location"] == f"/admin/assessments/{fiji.id}/moves/{event.id}"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Kept: 3 answers" in page
    assert "Dropped: 2 answers" in page
    for question_id in ("party_untoc", "tip_consent", "tip_notes", "legal_tradition"):
        assert f"<code>{question_id}</code>" in page
    # admins do not read drafts: question ids only, never values
    assert "secret draft text" not in page
    assert "confidential working note" not in page
    assert "mixed" not in page

    assert "Every draft is on the newest version" in client.get("/admin/questionnaires/outdated").get_data(
        as_text=True)
    response = client.post(f"/admin/assessments/{fiji.id}/move", data={"version": "2"}, follow_redirects=True)
    assert "Version 2 is not newer than version 2" in response.get_data(as_text=True)
    assert client.get(f"/admin/assessments/{fiji.id}/moves/{event.id + 999}").status_code == 404
    assert client.post("/admin/assessments/9999/move", data={"version": "2"}).status_code == 404
    assert client.post(f"/admin/assessments/{fiji.id}/move", data={"version": "two"}).status_code == 400


@pytest.mark.parametrize("role", ["focal_point", "rso_analyst"])
def test_moving_is_for_admins(client, db, fiji, role):
    sign_in_as(client, role)
    assert client.post(f"/admin/assessments/{fiji.id}/move", data={"version": "2"}).status_code == 403
    assert reload(db, fiji.id).questionnaire_version == 1


def test_v2_fixture_differs_as_described(sample_document):
    v2 = sample_v2(sample_document)
    with pytest.raises(KeyError):
        find_question(v2, "tip_notes")
    assert find_question(v2, "tip_remarks")[1]["type"] == "text"
    assert [c["id"] for c in find_question(v2, "legal_tradition")[1]["choices"]] == ["common_law", "civil_law"]
