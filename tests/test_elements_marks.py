"""An RSO analyst marks a regional example as a model provision with a note; members who may see the example
see the mark. Anyone else is refused; a stale, tampered, incomplete or token-less form changes nothing and keeps
the note that was typed."""

from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import func, select

from assessment.extensions import db
from assessment.models import AuditEvent, ModelProvision, Snapshot
from tests.factories import session_for
from tests.region_support import assessed

NOTE = "Clear wording: consent is no defence once any listed means is proved; a good template for common-law codes."


def _consent(act: str, status: str = "in_force") -> dict:
    return {"value": "in_place", "citations": [
        {"act": "Anti-Trafficking Bill", "section": "cl. 2", "year": 2026, "status": "bill"},
        {"act": act, "section": "s. 11", "year": 2016, "status": status}]}


@pytest.fixture
def example(make_assessment):
    """Belmora (XB) shares a validated result citing its act for A6; Aldmere (XA) shares too."""
    assessed(make_assessment, "XA", name="Aldmere", tip_consent=_consent("Aldmere Act"))
    xb = assessed(make_assessment, "XB", name="Belmora", tip_consent=_consent("Belmora Anti-Trafficking Act"))
    snapshot = db.session.scalar(select(Snapshot).where(Snapshot.assessment_id == xb.id))
    return {"snapshot_id": snapshot.id, "question_id": "tip_consent", "citation_index": 1, "base_version": 0}


@pytest.fixture
def analyst(make_user):
    return make_user("rso_analyst", None)


def _marks() -> list[tuple]:
    db.session.expire_all()
    return [(m.element_id, m.question_id, m.citation_index, m.note, m.version)
            for m in db.session.scalars(select(ModelProvision))]


def _events(action: str) -> int:
    return db.session.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == action))


def _text(response) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))))


def test_an_analyst_marks_an_example_and_a_sharing_member_sees_the_mark(client, auth, analyst, make_user, example):
    auth.login(analyst)
    response = client.post("/elements/A6/examples/mark", data={**example, "note": f"  {NOTE}  "})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/elements/A6#example-{example['snapshot_id']}-tip_consent-1")
    assert _marks() == [("A6", "tip_consent", 1, NOTE, 1)]
    mark = db.session.scalar(select(ModelProvision))
    assert mark.marked_by_id == analyst.id
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "example.mark"))
    assert event.actor_id == analyst.id
    assert event.new["act"] == "Belmora Anti-Trafficking Act"
    assert event.new["note"] == NOTE
    auth.logout()

    auth.login(make_user("contributor", "XA"))
    text = _text(client.get("/elements/A6"))
    assert f"Belmora Anti-Trafficking Act s. 11 2016 Model provision {NOTE}" in text
    assert "Mark as a model provision" not in text  # members see the mark, never the form
    token_row = client.get("/elements/A6")
    assert token_row.status_code == 200


def test_the_note_can_be_changed_and_the_mark_taken_off(client, auth, analyst, example):
    auth.login(analyst)
    client.post("/elements/A6/examples/mark", data={**example, "note": "First thoughts."})
    response = client.post("/elements/A6/examples/mark",
                           data={**example, "base_version": 1, "note": "Second, better thoughts."})
    assert response.status_code == 302
    assert _marks() == [("A6", "tip_consent", 1, "Second, better thoughts.", 2)]
    response = client.post("/elements/A6/examples/unmark", data={**example, "base_version": 2})
    assert response.status_code == 302
    assert _marks() == []
    assert _events("example.mark") == 2
    assert _events("example.unmark") == 1


def test_a_stale_form_saves_nothing_and_keeps_what_was_typed(client, auth, analyst, make_user, example):
    auth.login(analyst)
    client.post("/elements/A6/examples/mark", data={**example, "note": "My colleague's note."})
    # a second analyst's page still shows the example unmarked (version 0)
    auth.logout()
    auth.login(make_user("rso_analyst", None, name="Second Analyst"))
    typed = "A note typed on a page opened before the first mark."
    response = client.post("/elements/A6/examples/mark", data={**example, "note": typed})
    assert response.status_code == 409
    text = _text(response)
    assert "changed this mark since you opened the page, so nothing was saved" in text
    assert typed in response.get_data(as_text=True)  # in the note box, ready to send again
    assert _marks() == [("A6", "tip_consent", 1, "My colleague's note.", 1)]
    # taking off a mark someone changed meanwhile is refused too
    assert client.post("/elements/A6/examples/unmark", data={**example, "base_version": 0}).status_code == 409
    assert len(_marks()) == 1


@pytest.mark.parametrize(("changes", "status", "message"), [
    ({"citation_index": 0}, 422, "only a citation of law in force, in a validated result that meets the element"),
    ({"citation_index": 7}, 422, "This is not a regional example for element A6"),
    ({"question_id": "tip_acts"}, 422, "This is not a regional example for element A6"),
    ({"snapshot_id": 999_999}, 422, "This is not a regional example for element A6"),
    ({"snapshot_id": "ten"}, 400, "Nothing was changed: the form was not complete or not valid (snapshot id:"),
    ({"snapshot_id": 2**40}, 400, "Nothing was changed"),
    ({"note": "x" * 2001}, 400, "At most 2,000 characters."),
])
def test_tampered_or_invalid_forms_change_nothing(client, auth, analyst, example, changes, status, message):
    auth.login(analyst)
    response = client.post("/elements/A6/examples/mark", data={**example, "note": "ok", **changes})
    assert response.status_code == status
    assert message in _text(response)
    assert _marks() == []
    assert _events("example.mark") == 0


def test_a_submission_not_yet_validated_cannot_be_marked(client, auth, analyst, make_assessment):
    pending = assessed(make_assessment, "XD", status="submitted", tip_consent=_consent("Dunvale Act"))
    snapshot = db.session.scalar(select(Snapshot).where(Snapshot.assessment_id == pending.id))
    auth.login(analyst)
    response = client.post("/elements/A6/examples/mark", data={
        "snapshot_id": snapshot.id, "question_id": "tip_consent", "citation_index": 1, "base_version": 0,
        "note": "Looks good."})
    assert response.status_code == 422
    assert _marks() == []


@pytest.mark.parametrize(("role", "member"), [("focal_point", "XA"), ("contributor", "XB"), ("admin", None)])
def test_only_rso_analysts_may_mark(client, auth, make_user, example, role, member):
    auth.login(make_user(role, member))
    assert client.post("/elements/A6/examples/mark", data={**example, "note": "Mine."}).status_code == 403
    assert client.post("/elements/A6/examples/unmark", data=example).status_code == 403
    assert _marks() == []


def test_unknown_element_is_404_and_anonymous_visitors_sign_in(client, auth, analyst, example):
    response = client.post("/elements/A6/examples/mark", data={**example, "note": "x"})
    assert response.status_code == 302
    assert "/auth/login" in response.headers["Location"]
    auth.login(analyst)
    assert client.post("/elements/Z9/examples/mark", data={**example, "note": "x"}).status_code == 404
    assert _marks() == []


def test_without_the_security_token_nothing_is_saved_and_the_note_comes_back(make_app, make_user, example):
    app = make_app(WTF_CSRF_ENABLED=True)
    analyst = make_user("rso_analyst", None)
    client = app.test_client()
    with client.session_transaction() as session:
        session.update(session_for(analyst))  # signed in, without the token the form would carry
    typed = "Typed while the page sat open over lunch."
    response = client.post("/elements/A6/examples/mark", data={**example, "note": typed})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "security token had expired" in page
    assert typed in page
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    again = client.post("/elements/A6/examples/mark", data={**example, "note": typed, "csrf_token": token})
    assert again.status_code == 302
    assert _marks() == [("A6", "tip_consent", 1, typed, 1)]


def test_the_api_shows_the_mark_with_the_example(client, auth, analyst, make_user, example):
    from assessment.audit import Actor
    from assessment.profile.operations import create_token

    auth.login(analyst)
    client.post("/elements/A6/examples/mark", data={**example, "note": NOTE})
    member = make_user("focal_point", "XA")
    _row, token = create_token(member, "api", Actor(member))
    db.session.commit()
    found = client.get("/api/v1/elements/A6", headers={"Authorization": f"Bearer {token}"}).get_json()["examples"]
    marked = [e for e in found if e["model_provision"]]
    assert [(e["member"], e["act"], e["model_provision"]["note"]) for e in marked] == [
        ("XB", "Belmora Anti-Trafficking Act", NOTE)]
