"""Languages in a real browser: an Indonesian focal point (profile setting) answers and reads the results in
Indonesian, a Thai browser gets Thai, and a right-to-left test locale mirrors the section page (screenshot)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from assessment import create_app
from assessment.models import Answer, User
from questionnaires.loader import DATA_DIR, load_questionnaire
from questionnaires.model import tr
from questionnaires.translations import word
from tests.browser_support import BROWSER_CONFIG, LiveServer, axe_violations, open_section, sign_in
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser

V1 = load_questionnaire(DATA_DIR / "legislative_framework.v1.json")
#: where the screenshots go (kept for a person to look at)
SHOTS = Path(os.environ.get("SCREENSHOT_DIR", "/tmp/browser-languages"))


@pytest.fixture(scope="module")
def live_server(database_url: str, _schema: None) -> Iterator[LiveServer]:
    """The application with a right-to-left test locale besides the shipped languages."""
    app = create_app({**BROWSER_CONFIG, "DATABASE_URL": database_url, "EXTRA_LANGUAGES": {"ar": "العربية (اختبار)"}})
    server = LiveServer(app).start()
    yield server
    server.stop()


@pytest.fixture
def shipped(make_cycle, make_assessment):
    make_cycle("2027", questionnaire="legislative_framework", version=1)
    return make_assessment("XA", "2027", answers={"crim_tip_attempt": {"value": True}})


def stored(db, assessment_id: int, question_id: str) -> Answer | None:
    db.session.expire_all()
    return db.session.get(Answer, (assessment_id, question_id))


def shot(page, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path


def test_indonesian_focal_point_answers_and_reads_results_in_indonesian(page, live_server, db, make_user, shipped):
    focal = make_user("focal_point", "XA")
    sign_in(page, live_server, focal.email, PASSWORD)
    page.goto(f"{live_server.url}/profile/")
    page.select_option("#language-choice", "id")
    page.click("button:has-text('Save language')")
    db.session.expire_all()
    assert db.session.get(User, focal.id).language == "id"

    page.goto(f"{live_server.url}/assessments/{shipped.id}/sections/crim_tip_offence")
    assert page.get_attribute("html", "lang") == "id"
    assert page.inner_text("h1").endswith("Perdagangan orang: tindak pidananya")
    consent = V1.question("crim_tip_consent")
    assert page.inner_text("#q-crim_tip_consent-title").endswith(tr(consent.text, "id"))
    assert word("note", "unofficial", "id") in page.inner_text("main")
    # answer with the Indonesian words: "Largely in place"
    page.click("#q-crim_tip_consent label:has-text('Sebagian besar sudah ada')")
    page.wait_for_selector('.save-state[data-state="saved"]')
    assert stored(db, shipped.id, "crim_tip_consent").value == "largely"
    shot(page, "section-id")
    assert axe_violations(page) == []

    page.goto(f"{live_server.url}/assessments/{shipped.id}/results")
    assert page.get_attribute("html", "lang") == "id"
    body = page.inner_text("main")
    assert "Perdagangan orang: pertanggungjawaban, pidana, dan tindak pidana terkait" in body
    assert "Trafficking in persons: liability, penalties and related offences" not in body
    shot(page, "results-id")


def test_thai_browser_gets_the_section_and_results_in_thai(browser, live_server, db, make_user, shipped):
    focal = make_user("focal_point", "XA")
    context = browser.new_context(locale="th-TH", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        open_section(page, live_server, focal, shipped, "crim_tip_liability")
        assert page.get_attribute("html", "lang") == "th"
        assert page.inner_text("h1").endswith("การค้ามนุษย์: ความรับผิด โทษ และความผิดที่เกี่ยวข้อง")
        page.click("#q-crim_tip_attempt label:has-text('ไม่ใช่')")  # "No"
        page.wait_for_selector('.save-state[data-state="saved"]')
        assert stored(db, shipped.id, "crim_tip_attempt").value is False
        shot(page, "section-th")
        page.goto(f"{live_server.url}/assessments/{shipped.id}/results")
        assert "การค้ามนุษย์: ฐานความผิด" in page.inner_text("main")
        shot(page, "results-th")
    finally:
        context.close()


def test_right_to_left_locale_mirrors_the_section_page(page, live_server, db, make_user, shipped):
    focal = make_user("focal_point", "XA")
    sign_in(page, live_server, focal.email, PASSWORD)
    page.goto(f"{live_server.url}/assessments/{shipped.id}/sections/crim_tip_offence?lang=ar")
    assert page.get_attribute("html", "dir") == "rtl"
    assert page.evaluate("getComputedStyle(document.querySelector('main')).direction") == "rtl"
    width = page.viewport_size["width"]
    brand = page.locator("a.brand").bounding_box()
    assert brand["x"] > width / 2  # the header starts on the right
    question = page.locator("#q-crim_tip_acts-title").bounding_box()
    assert question["x"] + question["width"] > width * 0.6
    # the question still works: a component answered from the right-to-left page is stored
    page.check("#crim_tip_acts__c_transfer-0")
    page.wait_for_selector('.save-state[data-state="saved"]')
    assert "transfer" in stored(db, shipped.id, "crim_tip_acts").value
    path = shot(page, "section-rtl")
    assert path.stat().st_size > 10_000
    assert axe_violations(page) == []
