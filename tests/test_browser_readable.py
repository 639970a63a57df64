"""Pages a ministry lawyer reads without help: questions by number and text (ids only in tooltips), bands with
their scale and what "provisional" means, a blank question that looks blank, and the way to one's password."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from assessment.models import Answer, AuditEvent, User
from tests.browser_support import axe_violations, open_section, sign_in
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser

#: the sample questionnaire's numbers: section 2 (trafficking), questions 1 (tip_acts) and 2 (tip_consent)
CONSENT, ACTS = "2.2", "2.1"


def _visible_text(page) -> str:
    return page.inner_text("main")


def test_questions_are_named_by_number_and_text_with_the_id_only_in_a_tooltip(page, live_server, db, make_user,
                                                                             make_assessment):
    assessment = make_assessment("XA", answers={"tip_acts": {"value": ["transport"]}})
    focal = make_user("focal_point", "XA", name="Amara Okafor")
    open_section(page, live_server, focal, assessment, "trafficking")
    # the page numbers questions as the questionnaire does, and says a missing number is a skipped question
    assert page.inner_text("#q-tip_consent-title").startswith(f"{CONSENT}.")
    page.check("#tip_consent-3")  # "Not in place", the fourth choice
    page.wait_for_selector('.save-state[data-state="saved"]')
    db.session.expire_all()
    assert db.session.get(Answer, (assessment.id, "tip_consent")).value == "not_in_place"
    assert db.session.scalar(select(AuditEvent.question_id).where(
        AuditEvent.assessment_id == assessment.id, AuditEvent.action == "answer.update")) == "tip_consent"

    # overview: the last change names the question, linked to its place; the id is only in the tooltip
    page.goto(f"{live_server.url}/assessments/{assessment.id}")
    change = page.locator("text=changed the answer to").first
    assert change.is_visible()
    link = page.locator('a[href$="/sections/trafficking#q-tip_consent"]', has_text=f"Question {CONSENT}:").first
    assert link.get_attribute("title") == "Question id: tip_consent"
    assert "tip_consent" not in _visible_text(page)
    assert axe_violations(page) == []

    # history: the same words, and the one-answer history heads with the full question
    page.goto(f"{live_server.url}/assessments/{assessment.id}/history")
    assert f"Changed the answer to Question {CONSENT}: Is the victim" in _visible_text(page)
    assert "tip_consent" not in _visible_text(page)
    assert axe_violations(page) == []

    # review: the critical gap said in words, with the scale of bands and what provisional means
    page.goto(f"{live_server.url}/assessments/{assessment.id}/review")
    text = _visible_text(page)
    assert "tip_consent" not in text
    assert "tip_acts" not in text
    assert "cap level" not in text
    assert "0.3333" not in text
    assert re.search(rf"Question {CONSENT}: Is the victim.*\nNot in place: this critical question caps the section "
                     r"“Trafficking in persons” at “Partly aligned” at best\.", text)
    scale = page.inner_text(".band-scale")
    assert "Aligned 0–10" in scale
    assert "Not aligned over 50–100" in scale
    assert "Provisional: fewer than 80 % of the questions are answered" in scale
    assert axe_violations(page) == []

    # results: the "why" and the TA list name questions by number and text, linked
    page.goto(f"{live_server.url}/assessments/{assessment.id}/results")
    text = _visible_text(page)
    assert "tip_consent" not in text
    assert re.search(rf"Capped at “Partly aligned” by: [^\n]*Question {CONSENT}: Is the victim's consent irrelevant "
                     r"once improper means are shown\? \(not in place\)", text)
    assert page.locator(".band-scale").count() == 1
    because = page.locator("table", has_text="Because of").locator('a[title="Question id: tip_consent"]')
    assert because.count() >= 1
    assert axe_violations(page) == []


def test_a_blank_question_looks_blank_and_a_profile_section_asks_for_no_citation(page, live_server, db, make_user,
                                                                                  make_assessment):
    assessment = make_assessment("XA", answers={"party_untoc": {"value": True}})
    focal = make_user("focal_point", "XA")
    sign_in(page, live_server, focal.email, PASSWORD)
    # Profile questions have no citation fields: no hint asks for citations
    page.goto(f"{live_server.url}/assessments/{assessment.id}/sections/treaties")
    assert "Cite the provision" not in _visible_text(page)
    page.goto(f"{live_server.url}/assessments/{assessment.id}/sections/trafficking")
    assert "Cite the provision" in _visible_text(page)

    # an unanswered coverage question says it is not answered, with nothing chosen
    acts = page.locator("#q-tip_acts")
    assert "blank" in acts.get_attribute("class")
    assert acts.locator(".blank-note").inner_text().startswith("Not answered yet")
    assert acts.locator("input[type=radio]:checked").count() == 0
    # choosing one component's state (the second component, "not covered") ends the blank look and is saved
    page.check("#tip_acts__c_transport-1")
    assert acts.locator(".blank-note").count() == 0
    assert "blank" not in acts.get_attribute("class")
    page.wait_for_selector('.save-state[data-state="saved"]')
    db.session.expire_all()
    stored = db.session.get(Answer, (assessment.id, "tip_acts"))
    assert stored is not None
    assert "transport" not in (stored.value or [])
    # after a reload the answered question no longer looks blank, and an untouched one still does
    page.reload()
    assert page.locator("#q-tip_acts .blank-note").count() == 0
    assert page.locator("#q-tip_attempt .blank-note").count() == 1
    page.set_viewport_size({"width": 360, "height": 800})
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1
    assert axe_violations(page) == []


def test_the_account_page_is_one_click_away_and_changes_the_password(page, live_server, db, make_user):
    focal = make_user("focal_point", "XB", name="Lina Sato")
    sign_in(page, live_server, focal.email, PASSWORD)
    page.click("nav >> text=Your account")
    assert page.inner_text("h1") == "Your account"
    page.click("text=Change your password")
    page.fill("#current_password", PASSWORD)
    page.fill("#password", "a-new-passphrase-for-lina")
    page.fill("#confirm", "a-new-passphrase-for-lina")
    page.click("button[type=submit] >> nth=-1")
    page.wait_for_url(live_server.url + "/")
    db.session.expire_all()
    from assessment.auth.passwords import check_password

    stored = db.session.get(User, focal.id)
    assert check_password(stored.password_hash, "a-new-passphrase-for-lina")
    assert not check_password(stored.password_hash, PASSWORD)


def test_an_analyst_comments_beside_questions_confirms_validation_and_reaches_submissions_from_the_profile(
        page, live_server, db, make_user, make_assessment):
    from assessment.audit import Actor
    from assessment.models import Assessment, ReviewComment
    from assessment.responses import operations

    assessment = make_assessment("XA", answers={"tip_consent": {"value": "partially"},
                                                "tip_acts": {"value": ["recruitment", "transport"]}})
    focal = make_user("focal_point", "XA")
    analyst = make_user("rso_analyst", None, name="Dana Reyes")
    operations.submit(db.session.get(Assessment, assessment.id), Actor(focal))
    db.session.commit()
    sign_in(page, live_server, analyst.email, PASSWORD)

    # from the member's profile in the region to its submission
    page.goto(f"{live_server.url}/region/members/XA?cycle=2026&status=submitted&status=validated")
    page.click("text=open the submission")
    page.wait_for_url(f"{live_server.url}/assessments/{assessment.id}")

    # beside the question on its section page
    page.goto(f"{live_server.url}/assessments/{assessment.id}/sections/trafficking")
    page.click(f"#q-tip_consent >> text=Comment on question {CONSENT}")
    page.fill("#comment-tip_consent", "Which provision says consent is irrelevant?")
    page.click("#q-tip_consent >> button:has-text('Add comment')")
    page.wait_for_selector("text=Comment added.")
    assert page.url.endswith("/sections/trafficking#comments-tip_consent")
    # and beside the same question on the results page: the thread grows there
    page.goto(f"{live_server.url}/assessments/{assessment.id}/results")
    page.click("#s-trafficking >> text=Why this score")
    page.click(f"#comments-tip_consent >> text=Comment on question {CONSENT} (1 so far)")
    page.fill("#comment-tip_consent", "Please cite the section of the Penal Code.")
    page.click("#comments-tip_consent >> button:has-text('Add comment')")
    page.wait_for_selector("text=Comment added.")
    db.session.expire_all()
    stored = db.session.scalars(select(ReviewComment).where(ReviewComment.assessment_id == assessment.id)
                                .order_by(ReviewComment.id)).all()
    assert [(c.question_id, c.body) for c in stored] == [
        ("tip_consent", "Which provision says consent is irrelevant?"),
        ("tip_consent", "Please cite the section of the Penal Code.")]
    assert axe_violations(page) == []

    # Validate asks for confirmation: without the tick nothing is sent
    page.goto(f"{live_server.url}/assessments/{assessment.id}")
    page.click("button:has-text('Validate')")
    db.session.expire_all()
    assert db.session.get(Assessment, assessment.id).status == "submitted"
    page.check("#confirm-validate")
    page.click("button:has-text('Validate')")
    page.wait_for_selector("text=Validated: reviewed for completeness and evidence.")
    db.session.expire_all()
    assert db.session.get(Assessment, assessment.id).status == "validated"

    # the focal point sees the thread beside the question and listed on the overview
    page.context.clear_cookies()
    sign_in(page, live_server, focal.email, PASSWORD)
    page.goto(f"{live_server.url}/assessments/{assessment.id}")
    threads = page.inner_text("ul.threads")
    assert f"Question {CONSENT}: Is the victim" in threads
    assert "2 comments" in threads
    page.goto(f"{live_server.url}/assessments/{assessment.id}/sections/trafficking")
    thread = page.inner_text("#comments-tip_consent")
    assert thread.index("Which provision says") < thread.index("Please cite the section")
    assert page.locator("#comments-tip_consent form").count() == 0  # members read, the RSO writes
    assert axe_violations(page) == []


def test_regional_pages_say_it_in_short_first_and_list_members_on_request(page, live_server, db, make_user,
                                                                          make_assessment):
    from tests.region_support import assessed

    assessed(make_assessment, "XA", name="Aldmere", consent="not_in_place")
    assessed(make_assessment, "XB", name="Belmora", consent="not_in_place")
    assessed(make_assessment, "XC", name="Carradine", consent="in_place")
    sign_in(page, live_server, make_user("rso_analyst", None).email, PASSWORD)
    page.goto(f"{live_server.url}/region/elements")
    text = _visible_text(page)
    assert text.index("In short") < text.index("All elements")
    assert "Aldmere" not in text  # members are listed on request only
    page.select_option("#el-kind", "critical")
    page.click("form[aria-label='Which elements'] >> button")
    page.wait_for_url(re.compile(r".*kind=critical.*"))
    rows = page.locator("table.elements tbody tr")
    assert rows.count() == page.locator("table.elements tbody tr .critical").count() > 0
    page.locator("tr", has=page.locator('span[title="Element A6"]')).locator("text=list the 2 members").click()
    assert page.inner_text("#members-with-gap").count("Aldmere, Belmora") == 1
    assert "Carradine" not in page.inner_text("#members-with-gap")
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 360, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 1

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/region/ta")
    text = _visible_text(page)
    assert text.index("In short") < text.index("By category")
    page.locator("details.group summary").first.click()
    page.locator("details.group").first.locator("text=/list the \\d+ members?/").first.click()
    assert "Aldmere" in page.inner_text("#members-behind")
    assert axe_violations(page) == []


def test_history_comes_a_page_at_a_time_with_a_filter(page, live_server, db, make_user, make_assessment):
    from assessment.audit import Actor
    from assessment.models import Assessment
    from assessment.responses import operations

    assessment = make_assessment("XA")
    focal = make_user("focal_point", "XA")
    stored = db.session.get(Assessment, assessment.id)
    question = operations.questionnaire_of(stored).question("tip_penalty")
    version = 0
    for years in range(1, 61):  # sixty changes of the penalty answer
        version = operations.save_answer(stored, question, {"value": years}, version, Actor(focal)).version
    operations.submit(stored, Actor(focal))
    db.session.commit()
    total = db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.assessment_id == assessment.id))
    assert total == 61
    sign_in(page, live_server, focal.email, PASSWORD)
    page.goto(f"{live_server.url}/assessments/{assessment.id}/history")
    assert f"{total} changes recorded, newest first; 50 a page." in _visible_text(page)
    assert page.locator("main table tbody tr").count() == 50
    page.click("nav.pager >> text=Next")
    page.wait_for_url(re.compile(r".*page=2.*"))
    assert page.locator("main table tbody tr").count() == 11
    page.select_option("#h-kind", "workflow")
    page.click("form[aria-label='Which changes'] >> button")
    page.wait_for_url(re.compile(r".*kind=workflow.*"))
    assert page.locator("main table tbody tr").count() == 1
    assert "Submitted" in page.inner_text("main table tbody")
    assert axe_violations(page) == []
