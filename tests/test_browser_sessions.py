"""Sessions in a real browser: signing out and in again in another tab starts a new session (and CSRF
secret), and an answer typed meanwhile in the first tab is still saved; a copied cookie opens nothing once
its session has been signed out."""

from __future__ import annotations

import pytest

from tests.browser_support import open_section, sign_in, stored_answer
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


def test_an_answer_typed_across_signing_out_and_in_again_is_saved(page, live_server, db, make_user,
                                                                    make_assessment):
    assessment = make_assessment("XA", answers={"tip_consent": {"value": "largely"}})
    focal = make_user("focal_point", "XA")
    open_section(page, live_server, focal, assessment, "trafficking")
    before = page.context.cookies()

    other = page.context.new_page()  # a second tab of the same browser
    other.goto(live_server.url + "/")
    other.click("form.signout button")
    other.wait_for_url(f"{live_server.url}/auth/login")
    sign_in(other, live_server, focal.email, PASSWORD)
    assert page.context.cookies() != before

    page.click("details.comment >> nth=1")  # the comment box of tip_consent
    page.fill("#tip_consent__comment", "Typed while the other tab signed in again.")
    page.wait_for_selector('.save-state[data-state="saved"]')
    assert stored_answer(db, assessment.id, "tip_consent").comment == "Typed while the other tab signed in again."


def test_a_cookie_copied_before_signing_out_opens_nothing(browser, page, live_server, make_user):
    focal = make_user("focal_point", "XA", name="Copied Cookie")
    sign_in(page, live_server, focal.email, PASSWORD)
    copied = page.context.cookies()
    page.click("form.signout button")
    page.wait_for_url(f"{live_server.url}/auth/login")

    elsewhere = browser.new_context()
    try:
        elsewhere.add_cookies(copied)
        tab = elsewhere.new_page()
        tab.goto(live_server.url + "/profile/")
        assert tab.url.startswith(f"{live_server.url}/auth/login")
        assert "Copied Cookie" not in tab.content()
    finally:
        elsewhere.close()
