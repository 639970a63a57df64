"""In a real browser: a focal point goes from a gap on the results page to the element's page in two clicks and
finds what the law must do, where to read more and how a sharing member did it; an RSO analyst marks that
example as a model provision."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from assessment.models import ModelProvision
from tests.browser_support import axe_violations, sign_in
from tests.factories import PASSWORD
from tests.region_support import assessed

pytestmark = pytest.mark.browser


def test_a_focal_point_reaches_the_element_of_a_gap_in_two_clicks(page, live_server, db, make_user,
                                                                   make_assessment):
    assessed(make_assessment, "XB", name="Belmora", tip_consent={"value": "in_place", "citations": [
        {"act": "Belmora Anti-Trafficking Act", "section": "s. 7(2)", "year": 2015, "status": "in_force"}]})
    assessed(make_assessment, "XA", name="Aldmere", status="draft", consent="partially")
    focal = make_user("focal_point", "XA")
    sign_in(page, live_server, focal.email, PASSWORD)

    page.click("text=Results")  # click 1: the home page's link to the results
    page.wait_for_url(re.compile(r".*/assessments/\d+/results$"))
    # the technical assistance the gap calls for names its element; "why this score" stays folded
    gap = page.locator("tr", has=page.locator("a[href$='#q-tip_consent']")).locator("visible=true").first
    # a TA item's "because of": the question's number, text and section; its id only in a tooltip
    assert "Question 2.2: Is the victim's consent irrelevant once improper means are shown? (Trafficking in " \
           "persons)" in gap.inner_text()
    assert "tip_consent" not in gap.inner_text()
    gap.locator("a[href='/elements/A6']").click()  # click 2: the gap's element
    page.wait_for_url(f"{live_server.url}/elements/A6")

    assert page.inner_text("h1") == "A6: Consent of the victim irrelevant once improper means are shown"
    assert page.is_visible("text=Issue Paper: The role of \"consent\" in the Trafficking in Persons Protocol")
    own = page.inner_text("#own-state + p")
    assert "Gap" in own
    example = page.locator("tr[id^='example-']")
    assert example.count() == 1
    assert "Belmora Anti-Trafficking Act" in example.inner_text()
    assert axe_violations(page) == []


def test_an_analyst_marks_a_model_provision_with_the_keyboard(page, live_server, db, make_user, make_assessment):
    assessed(make_assessment, "XB", name="Belmora", tip_consent={"value": "in_place", "citations": [
        {"act": "Belmora Anti-Trafficking Act", "section": "s. 7(2)", "year": 2015, "status": "in_force"}]})
    analyst = make_user("rso_analyst", None)
    sign_in(page, live_server, analyst.email, PASSWORD)
    page.goto(f"{live_server.url}/elements/A6#examples")
    assert axe_violations(page) == []
    row = page.locator("tr[id^='example-']").first
    row.locator("summary").click()
    row.locator("textarea").fill("Short, and it names every means.")
    row.locator("button", has_text="Mark as a model provision").press("Enter")
    page.wait_for_selector("text=Marked as a model provision.")
    assert "Short, and it names every means." in page.locator("tr[id^='example-']").first.inner_text()
    db.session.expire_all()
    assert [m.note for m in db.session.scalars(select(ModelProvision))] == ["Short, and it names every means."]
