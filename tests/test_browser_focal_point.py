"""A focal point and an RSO analyst in a real browser: keyboard, autosave, offline, reload, submit, review."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from assessment.models import Answer, Assessment
from tests.browser_support import axe_violations, open_section, sign_in
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


def _stored(db, assessment_id: int, question_id: str) -> Answer | None:
    db.session.expire_all()
    return db.session.get(Answer, (assessment_id, question_id))


def _wait_saved(page) -> None:
    page.wait_for_selector('.save-state[data-state="saved"]')


def test_focal_point_fills_in_offline_and_online_reloads_and_submits(page, live_server, db, make_user,
                                                                       make_assessment):
    assessment = make_assessment("XA", answers={"has_sea_border": {"value": True}})
    focal = make_user("focal_point", "XA")
    sign_in(page, live_server, focal.email, PASSWORD)
    assert axe_violations(page) == []

    page.goto(f"{live_server.url}/assessments/{assessment.id}/sections/trafficking")
    assert axe_violations(page) == []
    # keyboard: focus the first status radio of tip_consent and choose "Largely" with the arrow key
    page.focus("#tip_consent-0")
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")
    _wait_saved(page)
    assert _stored(db, assessment.id, "tip_consent").value == "largely"

    # a comment typed while offline is kept in the browser and sent when the connection is back
    page.context.set_offline(True)
    page.click("details.comment >> nth=1")  # the comment box of the second question (tip_consent)
    page.fill("#tip_consent__comment", "Courts require proof of the means.")
    page.wait_for_selector('.save-state[data-state="offline"]')
    queued = page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('autosave:'))")
    assert len(queued) == 1
    assert _stored(db, assessment.id, "tip_consent").comment == ""
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    _wait_saved(page)
    assert _stored(db, assessment.id, "tip_consent").comment == "Courts require proof of the means."

    # skip logic in the page: answering "no" to the sea question elsewhere is not on this page, but a
    # component condition and the show_if of this section's questions are evaluated live
    assert page.is_visible("#q-tip_acts")

    # a change made just before a reload is not lost
    page.on("dialog", lambda dialog: dialog.accept())
    page.check("#tip_acts__c_recruitment-0")
    page.reload()
    _wait_saved(page)
    stored = _stored(db, assessment.id, "tip_acts")
    assert stored is not None
    assert "recruitment" in stored.value
    assert page.is_checked("#tip_acts__c_recruitment-0")

    # review and submit
    page.goto(f"{live_server.url}/assessments/{assessment.id}/review")
    assert axe_violations(page) == []
    page.click("text=Submit the assessment")
    page.wait_for_url(re.compile(r".*/results$"))
    assert "Submitted (snapshot 1)" in page.content()
    assert axe_violations(page) == []
    db.session.expire_all()
    assert db.session.get(Assessment, assessment.id).status == "submitted"


def test_conflict_shows_both_versions_and_keeps_mine(page, live_server, db, make_user, make_assessment):
    assessment = make_assessment("XA", answers={"tip_consent": {"value": "in_place"}})
    focal = make_user("focal_point", "XA")
    open_section(page, live_server, focal, assessment, "trafficking")
    # a colleague saves first
    db.session.execute(Answer.__table__.update().where(Answer.assessment_id == assessment.id,
                                                       Answer.question_id == "tip_consent")
                       .values(value="partially", version=2))
    db.session.commit()
    page.check("#tip_consent-1")  # largely
    page.wait_for_selector(".conflict")
    assert "Partially in place" in page.inner_text(".conflict")
    page.click(".conflict >> text=Keep mine")
    _wait_saved(page)
    assert _stored(db, assessment.id, "tip_consent").value == "largely"


def test_rso_analyst_requests_changes_and_validates(page, live_server, db, make_user, make_assessment):
    from assessment.audit import Actor
    from assessment.responses import operations

    assessment = make_assessment("XA", answers={"tip_consent": {"value": "in_place"}})
    focal = make_user("focal_point", "XA")
    analyst = make_user("rso_analyst", None)
    operations.submit(db.session.get(Assessment, assessment.id), Actor(focal))
    db.session.commit()

    sign_in(page, live_server, analyst.email, PASSWORD)
    assert "Submitted, awaiting review (1)" in page.content()
    assert axe_violations(page) == []
    page.click(f"a[href='/assessments/{assessment.id}']")
    assert axe_violations(page) == []
    page.fill("#reason-changes", "Please cite the provision for consent.")
    page.click("text=Request changes >> nth=1")
    page.wait_for_selector("text=Changes requested: the member can edit again.")
    db.session.expire_all()
    assert db.session.get(Assessment, assessment.id).status == "changes_requested"

    operations.submit(db.session.get(Assessment, assessment.id), Actor(focal))
    db.session.commit()
    page.goto(f"{live_server.url}/assessments/{assessment.id}")
    page.check("#confirm-validate")
    page.click("button:has-text('Validate')")
    page.wait_for_selector("text=Validated: reviewed for completeness and evidence.")
    db.session.expire_all()
    assert db.session.get(Assessment, assessment.id).status == "validated"
    page.goto(f"{live_server.url}/assessments/{assessment.id}/results")
    assert axe_violations(page) == []
    assert db.session.scalar(select(Assessment.status).where(Assessment.id == assessment.id)) == "validated"


def test_take_theirs_reloads_their_version_and_forgets_mine(page, live_server, db, make_user, make_assessment):
    assessment = make_assessment("XA", answers={"tip_consent": {"value": "in_place"}})
    open_section(page, live_server, make_user("focal_point", "XA"), assessment, "trafficking")
    db.session.execute(Answer.__table__.update().where(Answer.assessment_id == assessment.id,
                                                       Answer.question_id == "tip_consent")
                       .values(value="partially", comment="Theirs.", version=2))
    db.session.commit()
    page.check("#tip_consent-1")
    page.wait_for_selector(".conflict")
    assert "comment: Theirs." in page.inner_text(".conflict")
    page.click(".conflict >> text=Take theirs")
    page.wait_for_load_state("load")
    _wait_saved(page)
    assert page.is_checked("#tip_consent-2")  # partially, theirs
    assert page.locator(".conflict").count() == 0
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('autosave:')).length") == 0
    assert _stored(db, assessment.id, "tip_consent").value == "partially"


def test_a_refused_save_does_not_hold_up_the_others(page, live_server, db, make_user, make_assessment):
    assessment = make_assessment("XA")
    open_section(page, live_server, make_user("focal_point", "XA"), assessment, "trafficking")
    refused = {"count": 0}

    def refuse_consent(route):
        if "tip_consent" in (route.request.post_data or ""):
            refused["count"] += 1
            route.fulfill(status=403, content_type="application/json",
                          body='{"error": "forbidden", "message": "You cannot edit this section."}')
        else:
            route.continue_()

    page.route("**/autosave", refuse_consent)
    page.check("#tip_consent-1")
    page.wait_for_selector("#q-tip_consent .error-summary")
    assert "You cannot edit this section." in page.inner_text("#q-tip_consent .error-summary")
    page.check("#tip_acts__c_recruitment-0")
    # the other answer is saved; the state line still says that one answer was not
    page.wait_for_function("() => !Object.keys(localStorage).some(k => k.startsWith('autosave:'))"
                           " && document.querySelector('.save-state').dataset.state === 'error'")
    assert "1 answer(s) not saved" in page.inner_text(".save-state")
    assert refused["count"] == 1
    assert _stored(db, assessment.id, "tip_acts").value == ["recruitment"]
    assert _stored(db, assessment.id, "tip_consent") is None


def test_a_refused_answer_keeps_the_save_state_from_saying_all_is_saved(page, live_server, db, make_user,
                                                                         make_assessment):
    assessment = make_assessment("XA")
    focal = make_user("focal_point", "XA")
    open_section(page, live_server, focal, assessment, "trafficking")
    page.fill("#tip_penalty", "ten years")
    page.wait_for_selector("#q-tip_penalty .error-summary")
    assert "Answer: enter a number from 0 to 1,000,000,000,000, for example 10 or 7.5" in page.inner_text(
        "#q-tip_penalty .error-summary")
    page.wait_for_selector('.save-state[data-state="error"]')
    assert "not saved" in page.inner_text(".save-state")
    assert _stored(db, assessment.id, "tip_penalty") is None
    # once the answer is corrected and saved, the page says so again
    page.fill("#tip_penalty", "10")
    _wait_saved(page)
    assert page.inner_text(".save-state") == "All changes saved"
    assert _stored(db, assessment.id, "tip_penalty").value == 10
