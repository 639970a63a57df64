"""Filling in, autosave, review, submit and the RSO workflow, as the people using them would."""

from __future__ import annotations

import re
from html import unescape

import pytest
from sqlalchemy import func, select

from assessment.audit import Actor
from assessment.models import Answer, Assessment, AuditEvent, ReviewComment, SectionAssignment, Snapshot
from assessment.responses import operations


def _answer(db, assessment_id: int, question_id: str) -> Answer | None:
    db.session.expire_all()
    return db.session.get(Answer, (assessment_id, question_id))


def _events(db, assessment_id: int, action: str = "answer.update") -> int:
    return db.session.scalar(
        select(func.count()).select_from(AuditEvent).where(AuditEvent.assessment_id == assessment_id,
                                                            AuditEvent.action == action))


@pytest.fixture
def draft(make_assessment):
    return make_assessment("XA", answers={"has_sea_border": {"value": False}})


@pytest.fixture
def focal(make_user):
    return make_user("focal_point", "XA")


def _autosave(client, assessment_id, question_id, answer, base=0):
    return client.post(f"/assessments/{assessment_id}/autosave",
                       json={"question_id": question_id, "base_version": base, "answer": answer})


# --------------------------------------------------------------------------- section pages without JavaScript


def test_focal_point_fills_in_a_section_without_javascript(client, auth, db, focal, draft):
    auth.login(focal)
    page = client.get(f"/assessments/{draft.id}/sections/trafficking")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Which acts does the trafficking offence cover?" in html
    assert 'name="tip_acts__c_recruitment"' in html
    assert not re.search(r"<input[^>]*checked", html)  # a blank question is visibly blank: nothing chosen
    response = client.post(f"/assessments/{draft.id}/sections/trafficking", data={
        "tip_acts__c_recruitment": "covered", "tip_acts__c_transport": "covered", "tip_acts__c_transfer": "not_covered",
        "tip_acts__v": "0",
        "tip_acts__cit_0_act": "Penal Code", "tip_acts__cit_0_section": "s. 12", "tip_acts__cit_0_year": "2015.0 ",
        "tip_acts__cit_0_status": "in_force",
        "tip_consent": "largely", "tip_consent__v": "0", "tip_consent__comment": "Courts read it narrowly.",
        "tip_penalty__special": "life", "tip_penalty__v": "0",
    })
    assert response.status_code == 302
    acts = _answer(db, draft.id, "tip_acts")
    assert acts.value == ["recruitment", "transport"]
    assert acts.citations == [{"act": "Penal Code", "section": "s. 12", "year": 2015, "status": "in_force"}]
    assert _answer(db, draft.id, "tip_consent").comment == "Courts read it narrowly."
    assert _answer(db, draft.id, "tip_penalty").value == "life"
    assert _events(db, draft.id) == 3
    # the page comes back with the saved answers and their versions
    html = client.get(f"/assessments/{draft.id}/sections/trafficking").get_data(as_text=True)
    assert re.search(r'<input [^>]*checked [^>]*name="tip_acts__c_recruitment" type="radio" value="covered">', html)
    assert re.search(r'<input [^>]*checked [^>]*name="tip_acts__c_transfer" type="radio" value="not_covered">', html)
    # a component left without a state counts as not covered once the question is answered, as in the workbook
    assert re.search(r'<input [^>]*checked [^>]*name="tip_acts__c_harbouring" type="radio" value="not_covered">',
                     html)
    assert re.search(r'<input[^>]*name="tip_acts__v"[^>]*value="1"', html)


def test_half_filled_section_saves_and_bad_fields_keep_what_was_typed(client, auth, db, focal, draft):
    auth.login(focal)
    response = client.post(f"/assessments/{draft.id}/sections/trafficking", data={
        "tip_penalty": "four", "tip_penalty__v": "0", "tip_consent": "partially", "tip_consent__v": "0"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Enter a number from 0 to 1,000,000,000,000" in html
    assert 'value="four"' in html  # what was typed is shown again
    assert _answer(db, draft.id, "tip_penalty") is None
    assert _answer(db, draft.id, "tip_consent").value == "partially"  # the other answers of the page are saved
    # the page now carries the saved answer's version, so saving it again is no conflict with one's own save
    assert re.search(r'<input[^>]*name="tip_consent__v"[^>]*value="1"', html)


def test_unknown_and_na_flags(client, auth, db, focal, make_assessment):
    assessment = make_assessment("XA", answers={"has_sea_border": {"value": True}})
    auth.login(focal)
    client.post(f"/assessments/{assessment.id}/sections/smuggling", data={
        "som_sea_authority": "not_applicable", "som_sea_authority__justification": "No maritime border traffic.",
        "som_sea_authority__v": "0", "som_fomb__state": "unknown", "som_fomb__v": "0"})
    sea = _answer(db, assessment.id, "som_sea_authority")
    assert (sea.flag, sea.justification) == ("not_applicable", "No maritime border traffic.")
    assert _answer(db, assessment.id, "som_fomb").flag == "unknown"


def test_na_refused_where_the_question_does_not_allow_it(client, auth, db, focal, draft):
    auth.login(focal)
    response = client.post(f"/assessments/{draft.id}/sections/trafficking",
                           data={"tip_consent": "not_applicable", "tip_consent__v": "0"})
    assert response.status_code == 422
    assert _answer(db, draft.id, "tip_consent") is None


def test_skip_logic_on_the_server(client, auth, focal, make_assessment):
    hidden = make_assessment("XA", answers={"has_sea_border": {"value": False}})
    auth.login(focal)
    html = client.get(f"/assessments/{hidden.id}/sections/smuggling").get_data(as_text=True)
    assert re.search(r'id="q-som_sea_authority"[^>]*\bhidden\b', html, re.S)
    assert """data-show-if='{"in": [true], "question": "has_sea_border"}'""" in html


def test_conflict_on_the_same_question_shows_both_versions(client, auth, db, focal, draft, make_user):
    auth.login(focal)
    colleague = make_user("focal_point", "XA")
    operations.save_answer(draft, _question(draft, "tip_consent"), {"value": "in_place"}, 0, Actor(colleague))
    db.session.commit()
    response = client.post(f"/assessments/{draft.id}/sections/trafficking",
                           data={"tip_consent": "partially", "tip_consent__v": "0"})
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "Someone else changed this answer" in html
    assert "In place" in html  # theirs
    assert re.search(r"Their version \([^)]*, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d UTC\)", html)  # dated as elsewhere
    assert re.search(r'value="partially"[^>]*checked|checked[^>]*value="partially"', html)  # mine kept
    assert _answer(db, draft.id, "tip_consent").value == "in_place"
    # saving again on purpose keeps mine
    client.post(f"/assessments/{draft.id}/sections/trafficking",
                data={"tip_consent": "partially", "tip_consent__v": "1"})
    assert _answer(db, draft.id, "tip_consent").value == "partially"


def _question(assessment: Assessment, question_id: str):
    return operations.questionnaire_of(assessment).question(question_id)


# --------------------------------------------------------------------------- autosave


def test_the_section_page_tells_autosave_how_long_to_wait_after_typing(app, client, auth, focal, draft, monkeypatch):
    auth.login(focal)
    page = client.get(f"/assessments/{draft.id}/sections/trafficking").get_data(as_text=True)
    assert re.search(r'<form [^>]*id="section-form"[^>]*data-delay="800"', page, re.S)
    monkeypatch.setitem(app.config, "AUTOSAVE_DELAY_MS", 350)
    page = client.get(f"/assessments/{draft.id}/sections/trafficking").get_data(as_text=True)
    assert re.search(r'<form [^>]*id="section-form"[^>]*data-delay="350"', page, re.S)


def test_autosave_saves_then_answers_unchanged_then_conflict(client, auth, db, focal, draft):
    auth.login(focal)
    first = _autosave(client, draft.id, "tip_consent", {"value": "largely"})
    assert first.status_code == 200
    assert (first.json["status"], first.json["version"]) == ("saved", 1)
    again = _autosave(client, draft.id, "tip_consent", {"value": "largely"})  # a retried request
    assert (again.status_code, again.json["status"], again.json["version"]) == (200, "unchanged", 1)
    stale = _autosave(client, draft.id, "tip_consent", {"value": "partially"}, base=0)
    assert stale.status_code == 409
    assert stale.json["answer"]["value"] == "largely"
    assert stale.json["yours"] == {"value": "partially"}
    assert stale.json["answer_words"] == "Largely in place"
    newer = _autosave(client, draft.id, "tip_consent", {"value": "partially"}, base=1)
    assert (newer.status_code, newer.json["version"]) == (200, 2)
    assert _events(db, draft.id) == 2


def test_autosave_clearing_an_answer_is_a_change(client, auth, db, focal, draft):
    auth.login(focal)
    _autosave(client, draft.id, "jur_nationals", {"value": False})
    assert _answer(db, draft.id, "jur_nationals").value is False
    cleared = _autosave(client, draft.id, "jur_nationals", {}, base=1)
    assert (cleared.status_code, cleared.json["version"]) == (200, 2)
    assert _answer(db, draft.id, "jur_nationals").value is None


@pytest.mark.parametrize(("payload", "status", "error"), [
    ({"question_id": "tip_consent", "base_version": 0}, 400, "bad_request"),
    ({"question_id": "tip_consent", "base_version": "0", "answer": {}}, 400, "bad_request"),
    ({"question_id": "nope", "base_version": 0, "answer": {}}, 400, "unknown_question"),
    ({"question_id": "tip_consent", "base_version": 0, "answer": {"value": "maybe"}}, 422, "invalid"),
    ({"question_id": "tip_acts", "base_version": 0, "answer": {"value": ["sale"]}}, 422, "invalid"),
])
def test_autosave_bad_input_changes_nothing(client, auth, db, focal, draft, payload, status, error):
    auth.login(focal)
    response = client.post(f"/assessments/{draft.id}/autosave", json=payload)
    assert (response.status_code, response.json["error"]) == (status, error)
    assert db.session.scalar(select(func.count()).select_from(Answer).where(Answer.assessment_id == draft.id)) == 1


def test_autosave_signed_out_is_401_json(client, draft):
    response = _autosave(client, draft.id, "tip_consent", {"value": "largely"})
    assert response.status_code == 401
    assert response.json["error"] == "signed_out"


def test_autosave_other_member_is_404(client, auth, make_user, make_assessment):
    other = make_assessment("XB")
    auth.login(make_user("focal_point", "XA"))
    assert _autosave(client, other.id, "tip_consent", {"value": "largely"}).status_code == 404


# --------------------------------------------------------------------------- contributors and access


def test_contributor_edits_only_assigned_sections(client, auth, db, make_user, draft):
    contributor = make_user("contributor", "XA")
    focal = make_user("focal_point", "XA")
    auth.login(contributor)
    denied = client.post(f"/assessments/{draft.id}/sections/trafficking", data={"tip_consent": "largely"})
    assert denied.status_code == 403
    assert _autosave(client, draft.id, "tip_consent", {"value": "largely"}).status_code == 403
    auth.logout()
    auth.login(focal)
    client.post(f"/assessments/{draft.id}/assign", data={"section_id": "trafficking", "user_id": [str(contributor.id)]})
    assert db.session.scalar(select(func.count()).select_from(SectionAssignment)) == 1
    auth.logout()
    auth.login(contributor)
    assert _autosave(client, draft.id, "tip_consent", {"value": "largely"}).status_code == 200
    assert client.post(f"/assessments/{draft.id}/submit").status_code == 403
    home = client.get("/").get_data(as_text=True)
    assert "Sections assigned to you" in home


def test_assigning_another_members_user_is_refused(client, auth, db, make_user, draft):
    outsider = make_user("contributor", "XB")
    auth.login(make_user("focal_point", "XA"))
    client.post(f"/assessments/{draft.id}/assign", data={"section_id": "trafficking", "user_id": [str(outsider.id)]})
    assert db.session.scalar(select(func.count()).select_from(SectionAssignment)) == 0


@pytest.mark.parametrize("path", ["", "/sections/trafficking", "/review", "/results", "/results.json",
                                  "/answers.json", "/history", "/changes"])
def test_other_members_draft_is_404_everywhere(client, auth, make_user, make_assessment, path):
    other = make_assessment("XB", answers={"tip_consent": {"value": "in_place", "comment": "SECRET-XB"}})
    auth.login(make_user("focal_point", "XA"))
    response = client.get(f"/assessments/{other.id}{path}")
    assert response.status_code == 404
    assert b"SECRET-XB" not in response.data


@pytest.mark.parametrize("role", ["rso_analyst", "admin"])
def test_rso_and_admin_do_not_see_drafts(client, auth, make_user, draft, role):
    auth.login(make_user(role, None))
    assert client.get(f"/assessments/{draft.id}").status_code == 404
    assert client.get(f"/assessments/{draft.id}/results").status_code == 404


def test_draft_shared_for_advice_is_visible_to_the_rso(client, auth, make_user, draft):
    focal = make_user("focal_point", "XA")
    analyst = make_user("rso_analyst", None)
    auth.login(focal)
    assert client.post(f"/assessments/{draft.id}/sharing", data={"what": "everyone", "value": "1"}).status_code == 400
    client.post(f"/assessments/{draft.id}/sharing", data={"what": "rso", "value": "1"})
    auth.logout()
    auth.login(analyst)
    assert client.get(f"/assessments/{draft.id}/sections/trafficking").status_code == 200
    assert client.post(f"/assessments/{draft.id}/sections/trafficking", data={}).status_code == 403


# --------------------------------------------------------------------------- review, submit, RSO workflow


def test_review_lists_what_needs_attention(client, auth, focal, make_assessment):
    assessment = make_assessment("XA", answers={
        "tip_consent": {"value": "in_place", "citations": [{"act": "Bill 7", "status": "bill"}]},
        "tip_attempt": {"precluded": True, "justification": "Attempt is unknown to our law."},
        "tip_acts": {"value": ["transport"]},
    })
    auth.login(focal)
    html = client.get(f"/assessments/{assessment.id}/review").get_data(as_text=True)
    assert "Resting only on a bill or draft (1)" in html
    assert "Attempt is unknown to our law." in html
    assert "Critical gaps" in html
    assert "Without a citation" in html
    assert "Submit the assessment" in html


def test_submit_withdraw_request_changes_validate_reopen(client, auth, db, make_user, make_assessment):
    cited = {"value": "in_place", "citations": [{"act": "Penal Code", "status": "in_force"}]}
    assessment = make_assessment("XA", answers={"tip_consent": cited})
    focal = make_user("focal_point", "XA")
    analyst = make_user("rso_analyst", None)
    auth.login(focal)
    response = client.post(f"/assessments/{assessment.id}/submit", data={"version": "1"})
    assert response.status_code == 302
    db.session.expire_all()
    assessment = db.session.get(Assessment, assessment.id)
    assert assessment.status == "submitted"
    snapshot = db.session.scalar(select(Snapshot).where(Snapshot.assessment_id == assessment.id))
    assert snapshot.number == 1
    assert snapshot.answers["answers"]["tip_consent"]["value"] == "in_place"
    assert snapshot.result["overall"]["completeness"] is not None
    # read-only now
    assert client.post(f"/assessments/{assessment.id}/sections/trafficking", data={}).status_code == 403
    assert _autosave(client, assessment.id, "tip_consent", {"value": "largely"}, base=1).status_code == 403
    # withdraw while the RSO has not acted
    client.post(f"/assessments/{assessment.id}/withdraw", data={"version": "2"})
    db.session.expire_all()
    assert db.session.get(Assessment, assessment.id).status == "draft"
    client.post(f"/assessments/{assessment.id}/submit", data={"version": "3"})
    auth.logout()
    # the RSO comments: withdrawing is no longer possible
    auth.login(analyst)
    client.post(f"/assessments/{assessment.id}/comment", data={"body": "Please cite the section.",
                                                               "question_id": "tip_consent"})
    auth.logout()
    auth.login(focal)
    client.post(f"/assessments/{assessment.id}/withdraw", data={"version": "4"})
    db.session.expire_all()
    assert db.session.get(Assessment, assessment.id).status == "submitted"
    html = client.get(f"/assessments/{assessment.id}/sections/trafficking").get_data(as_text=True)
    assert "Please cite the section." in html
    auth.logout()
    auth.login(analyst)
    client.post(f"/assessments/{assessment.id}/request-changes", data={"reason": "Add citations."})
    db.session.expire_all()
    assert db.session.get(Assessment, assessment.id).status == "changes_requested"
    auth.logout()
    auth.login(focal)
    assert _autosave(client, assessment.id, "tip_consent", {"value": "largely"}, base=1).status_code == 200
    client.post(f"/assessments/{assessment.id}/submit")
    auth.logout()
    auth.login(analyst)
    # validating asks the analyst to confirm the review: without the tick nothing changes
    refused = client.post(f"/assessments/{assessment.id}/validate", follow_redirects=True)
    assert "Not validated: tick" in refused.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Assessment, assessment.id).status == "submitted"
    client.post(f"/assessments/{assessment.id}/validate", data={"confirm": "reviewed"})
    db.session.expire_all()
    assessment = db.session.get(Assessment, assessment.id)
    assert assessment.status == "validated"
    validated = assessment.snapshots[-1]
    assert (validated.number, validated.validated_at is not None) == (3, True)
    # reopening needs a reason and keeps the validated snapshot
    client.post(f"/assessments/{assessment.id}/reopen", data={"reason": ""})
    db.session.expire_all()
    assert db.session.get(Assessment, assessment.id).status == "validated"
    client.post(f"/assessments/{assessment.id}/reopen", data={"reason": "New law passed."})
    db.session.expire_all()
    assessment = db.session.get(Assessment, assessment.id)
    assert assessment.status == "changes_requested"
    assert assessment.snapshots[-1].validated_at is not None
    actions = [e.action for e in db.session.scalars(
        select(AuditEvent).where(AuditEvent.assessment_id == assessment.id).order_by(AuditEvent.id))]
    assert actions.count("assessment.submit") == 3
    assert actions[-1] == "assessment.reopen"
    assert actions.count("assessment.request_changes") == 1
    assert db.session.scalar(select(func.count()).select_from(ReviewComment)) == 3


def test_stale_status_form_is_refused(client, auth, db, make_user, make_assessment):
    assessment = make_assessment("XA")
    auth.login(make_user("focal_point", "XA"))
    client.post(f"/assessments/{assessment.id}/submit", data={"version": "1"})
    response = client.post(f"/assessments/{assessment.id}/withdraw", data={"version": "1"}, follow_redirects=True)
    assert "changed since you loaded the page" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Assessment, assessment.id).status == "submitted"


def test_results_page_says_self_assessed_and_explains(client, auth, focal, make_assessment):
    assessment = make_assessment("XA", answers={
        "tip_consent": {"value": "not_in_place", "citations": [{"act": "Penal Code", "status": "in_force"}]},
        "tip_acts": {"value": ["recruitment", "transport", "transfer", "harbouring", "receipt"]},
    })
    auth.login(focal)
    html = client.get(f"/assessments/{assessment.id}/results").get_data(as_text=True)
    assert "Self-assessed." in html
    assert "not FATF ratings" in html
    assert "Why this score" in html
    assert "Capped at “Partly aligned”" in html
    assert "Drafting assistance to make the victim" in html
    data = client.get(f"/assessments/{assessment.id}/results.json").json
    assert data["member"] == "XA"
    assert {s["id"] for s in data["sections"]} >= {"trafficking", "smuggling"}


def test_history_per_question(client, auth, focal, draft):
    auth.login(focal)
    _autosave(client, draft.id, "tip_consent", {"value": "largely"})
    _autosave(client, draft.id, "tip_consent", {"value": "in_place"}, base=1)
    html = client.get(f"/assessments/{draft.id}/history?question=tip_consent").get_data(as_text=True)
    assert html.count("<tr>") == 3  # header + two changes
    assert "Largely in place" in html
    assert client.get(f"/assessments/{draft.id}/history?question=nope").status_code == 404


def test_csrf_is_enforced(make_app, make_assessment, make_user):
    assessment = make_assessment("XA")
    user = make_user("focal_point", "XA")
    client = make_app(WTF_CSRF_ENABLED=True).test_client()
    page = client.get("/auth/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    client.post("/auth/login", data={"email": user.email, "password": "correct-horse-battery", "csrf_token": token})
    assert client.post(f"/assessments/{assessment.id}/submit").status_code == 400
    assert _autosave(client, assessment.id, "tip_consent", {"value": "largely"}).status_code == 400
    response = client.post(f"/assessments/{assessment.id}/sections/trafficking",
                           data={"tip_consent": "largely", "tip_consent__comment": "typed for an hour"})
    assert response.status_code == 400
    assert "typed for an hour" in response.get_data(as_text=True)


def test_submit_refuses_when_answers_changed_after_the_review(client, auth, db, make_user, make_assessment):
    assessment = make_assessment("XA")
    focal = make_user("focal_point", "XA")
    auth.login(focal)
    html = client.get(f"/assessments/{assessment.id}/review").get_data(as_text=True)
    seen = re.search(r'name="answers_seen" value="(\d+)"', html).group(1)
    operations.save_answer(assessment, _question(assessment, "tip_consent"), {"unknown": True}, 0, Actor(focal))
    db.session.commit()
    response = client.post(f"/assessments/{assessment.id}/submit",
                           data={"version": "1", "answers_seen": seen}, follow_redirects=True)
    assert "Answers were changed since you opened this page" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Assessment, assessment.id).status == "draft"


def test_tampered_numbers_are_refused_not_errors(client, auth, db, make_user, make_assessment):
    assessment = make_assessment("XA")
    other = make_user("rso_analyst", None)
    auth.login(make_user("focal_point", "XA"))
    assert client.get(f"/assessments/{assessment.id}/results?snapshot=²").status_code == 404
    assert client.get("/assessments/99999999999999999999/results").status_code == 404
    assert client.post(f"/assessments/{assessment.id}/submit", data={"version": "²"}).status_code == 302
    refused = client.post(f"/assessments/{assessment.id}/assign", data={"section_id": "trafficking",
                                                                         "user_id": str(other.id)})
    assert refused.status_code == 404
    assert other.email.encode() not in refused.data
    saved = client.post(f"/assessments/{assessment.id}/sections/trafficking",
                        data={"tip_consent": "largely", "tip_consent__v": "abc"})
    assert saved.status_code == 422
    assert "The page was altered" in saved.get_data(as_text=True)
    slow = client.post(f"/assessments/{assessment.id}/sections/trafficking",
                       data={"tip_consent__cit_2000000_act": "x", "tip_consent__v": "0"})
    assert slow.status_code in (302, 409, 422)


@pytest.mark.parametrize("bad", ["pasted\x00text", "broken\ud800char"])
def test_text_that_no_database_can_hold_is_refused(client, auth, db, make_user, make_assessment, bad):
    assessment = make_assessment("XA")
    auth.login(make_user("focal_point", "XA"))
    response = _autosave(client, assessment.id, "tip_consent", {"value": "largely", "comment": bad})
    assert response.status_code == 422
    assert any(p.startswith("Comment: ") for p in response.json["problems"])
    assert _answer(db, assessment.id, "tip_consent") is None
    huge = _autosave(client, assessment.id, "tip_penalty", {"value": 10**400})
    assert huge.status_code == 422


def test_results_page_lists_precluded_and_not_applicable_answers_with_their_justification(
        client, auth, focal, make_assessment):
    assessment = make_assessment("XA", answers={
        "has_sea_border": {"value": True},
        "tip_attempt": {"precluded": True, "justification": "Art. 12 of the Constitution."},
        "som_sea_authority": {"not_applicable": True, "justification": "No maritime zone of its own."},
    })
    auth.login(focal)
    response = client.get(f"/assessments/{assessment.id}/results")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Precluded by fundamental principles (left out):" in html
    assert "Art. 12 of the Constitution." in html
    assert "Not applicable (left out):" in html
    assert "No maritime zone of its own." in html


@pytest.mark.parametrize(("question_id", "answer", "expected"), [
    ("tip_penalty", {"value": "ten years"},
     "Answer: enter a number from 0 to 1,000,000,000,000, for example 10 or 7.5, or choose one of"),
    ("tip_penalty", {"value": -3}, "Answer: enter a number from 0 to 1,000,000,000,000"),
    ("tip_consent", {"value": "largely", "citations": [
        {"act": "Penal Code", "status": "in_force", "year": 2015},
        {"act": "Penal Code", "status": "in_force", "year": "20x5"}]},
     "Citation 2, year: enter a four-digit year from 1800 to 2100."),
    ("tip_consent", {"value": "largely", "citations": [
        {"act": "Penal Code", "status": "in_force", "url": "www.example.org"}]},
     "Citation 1, link: enter a web address starting with http:// or https://, without spaces."),
    ("tip_consent", {"value": "largely", "citations": [{"act": "", "status": "in_force", "year": 2015}]},
     "Citation 1, act: enter the act or instrument relied on."),
    ("tip_consent", {"not_applicable": True}, "Answer: this question cannot be answered “not applicable”."),
])
def test_autosave_refusals_say_in_words_where_and_what_to_do(client, auth, db, focal, draft,
                                                            question_id, answer, expected):
    auth.login(focal)
    response = _autosave(client, draft.id, question_id, answer)
    assert response.status_code == 422
    problems = response.json["problems"]
    assert any(p.startswith(expected) for p in problems), problems
    assert not any("$." in p or "is not of type" in p or "unknown special" in p for p in problems)
    # the JSON paths stay available beside the words
    assert all(d["path"].startswith("$") for d in response.json["details"])
    assert _answer(db, draft.id, question_id) is None


def test_plain_save_refusals_say_in_words_where(client, auth, db, focal, draft):
    auth.login(focal)
    response = client.post(f"/assessments/{draft.id}/sections/trafficking", data={
        "tip_consent": "largely", "tip_consent__v": "0", "tip_consent__cit_0_year": "2015"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Citation 1, act: enter the act or instrument relied on." in html
    assert "is too short" not in html


def test_error_summary_names_the_question_and_the_citation(client, auth, db, focal, draft):
    auth.login(focal)
    response = client.post(f"/assessments/{draft.id}/sections/trafficking", data={
        "tip_consent": "largely", "tip_consent__v": "0",
        "tip_consent__cit_0_act": "Penal Code", "tip_consent__cit_0_year": "2015",
        "tip_consent__cit_1_act": "Penal Code", "tip_consent__cit_1_year": "20x5",
        "tip_penalty": "ten years", "tip_penalty__v": "0"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    summary = html[html.index('<div class="error-summary"'):]
    summary = summary[:summary.index("</div>")]
    items = [unescape(i) for i in re.findall(r"<li><a [^>]*>(.*?)</a></li>", summary)]
    consent = next(q for q in draft_section_questions(draft) if q.id == "tip_consent")
    position = [q.id for q in draft_section_questions(draft)].index("tip_consent") + 1
    section_no = [s.id for s in operations.questionnaire_of(draft).sections].index("trafficking") + 1
    # the questionnaire's number (section.position), the same on every page that names the question
    assert any(item.startswith(f"Question {section_no}.{position} (")
               and ", citation 2, year: Enter a four-digit year from 1800 to 2100." in item
               for item in items), items
    assert any(consent.text["en"][:20] in item for item in items), items
    assert not any(item.startswith("Year:") for item in items)


def draft_section_questions(assessment):
    return operations.questionnaire_of(assessment).section("trafficking").questions


def test_state_box_points_up_to_the_answer_above_it(client, auth, focal, draft):
    auth.login(focal)
    html = client.get(f"/assessments/{draft.id}/sections/trafficking").get_data(as_text=True)
    start = html.index('id="q-tip_penalty"')
    question = html[start:html.index("</section>", start)]
    answer_at = question.index('name="tip_penalty"')
    box_at = question.index("If you cannot answer as above")
    assert answer_at < box_at  # the box follows the answer
    assert "Answer given above" in question[box_at:]
    assert "Answer given below" not in html


def test_results_page_names_modules_and_the_questions_behind_each_ta_item(client, auth, focal, make_assessment):
    assessment = make_assessment("XA", answers={
        "tip_consent": {"value": "not_in_place", "citations": [{"act": "Penal Code", "status": "in_force"}]},
    })
    questionnaire = operations.questionnaire_of(assessment)
    auth.login(focal)
    html = unescape(client.get(f"/assessments/{assessment.id}/results").get_data(as_text=True))
    trafficking = questionnaire.section("trafficking")
    module = questionnaire.module(trafficking.module_id)
    heading = re.search(r'id="s-trafficking">\s*<h3>(.*?)</h3>', html, re.S).group(1)
    assert f"· {module.title['en']}" in heading
    assert f"· {module.id}<" not in heading
    # the TA list's "Because of" gives the question's number, text and section; the id only in a tooltip
    number = [q.id for q in trafficking.questions].index("tip_consent") + 1
    section_no = [s.id for s in questionnaire.sections].index("trafficking") + 1
    table = html[html.index("Technical assistance recommended"):html.index("By element")]
    assert (f'#q-tip_consent" title="Question id: tip_consent">Question {section_no}.{number}: '
            "Is the victim's consent irrelevant") in table
    assert f"({trafficking.title['en']})" in table
    assert ">tip_consent<" not in table
    assert "; tip_consent)" not in table


@pytest.mark.parametrize(("status", "shared", "button"), [
    ("draft", False, "Share the draft with the RSO"),
    ("changes_requested", False, "Share the draft with the RSO"),
    ("draft", True, "Stop sharing the draft"),
    ("submitted", False, None),
    ("validated", False, None),
    # shared while a draft: it can still be stopped, so the working answers are not shared after a reopen
    ("validated", True, "Stop sharing the draft"),
])
def test_overview_offers_sharing_the_draft_only_while_it_is_editable(client, auth, db, focal, make_assessment,
                                                                    status, shared, button):
    assessment = make_assessment("XA", status=status)
    assessment.is_shared_with_rso = shared
    db.session.commit()
    auth.login(focal)
    html = client.get(f"/assessments/{assessment.id}").get_data(as_text=True)
    card = html[html.index("Advice from the RSO"):html.index("Sharing results with other members")]
    buttons = re.findall(r"<button[^>]*>([^<]+)</button>", card)
    assert buttons == ([button] if button else [])
    if status in ("submitted", "validated"):
        assert "RSO analysts see the submitted answers" in card


@pytest.mark.parametrize("status", ["submitted", "validated"])
def test_a_submitted_assessment_cannot_be_shared_as_a_draft_but_sharing_can_stop(client, auth, db, focal,
                                                                                 make_assessment, status):
    assessment = make_assessment("XA", status=status)
    auth.login(focal)
    response = client.post(f"/assessments/{assessment.id}/sharing", data={"what": "rso", "value": "1"},
                           follow_redirects=True)
    assert "Not shared. This assessment is" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Assessment, assessment.id).is_shared_with_rso is False
    assert _events(db, assessment.id, "assessment.share_with_rso") == 0
    assessment = db.session.get(Assessment, assessment.id)
    assessment.is_shared_with_rso = True
    db.session.commit()
    client.post(f"/assessments/{assessment.id}/sharing", data={"what": "rso", "value": "0"})
    db.session.expire_all()
    assert db.session.get(Assessment, assessment.id).is_shared_with_rso is False


def test_a_refused_withdraw_is_explained_in_a_sentence(client, auth, db, focal, make_user, draft):
    operations.submit(draft, Actor(focal))
    db.session.commit()
    operations.comment(draft, Actor(make_user("rso_analyst", None)), "Please cite the penal code.")
    db.session.commit()
    db.session.refresh(draft)
    auth.login(focal)
    response = client.post(f"/assessments/{draft.id}/withdraw", data={"version": draft.version},
                           follow_redirects=True)
    assert "The RSO has already commented on this submission; ask them to request changes instead." in \
        response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Assessment, draft.id).status == "submitted"
