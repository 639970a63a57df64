"""The regional pages in a real browser (Debian's Chromium through Playwright): overview, a member profile and
side by side work with the keyboard, and axe-core finds no serious or critical violation.

One application is served from a thread (werkzeug on 127.0.0.1, a free port) on the test database with the
region seeded once for the module; the browser is the session's (tests/browser_support.py).
"""

from __future__ import annotations

import json
import threading

import pytest
from werkzeug.serving import make_server

from assessment import create_app
from assessment.auth.operations import create_user
from assessment.demo.synthetic import seed_region
from assessment.extensions import db as _db
from assessment.models import QuestionnaireVersion
from assessment.services.members import load_members
from tests.browser_support import axe_violations
from tests.conftest import SAMPLE_QUESTIONNAIRE, empty_tables
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(database_url, _schema):
    app = create_app({"TESTING": True, "DATABASE_URL": database_url, "SECRET_KEY": "browser-test-key",
                      "BASE_URL": "http://127.0.0.1", "RATELIMIT_ENABLED": False})
    with app.app_context():
        empty_tables()
        load_members()
        _db.session.add(QuestionnaireVersion(questionnaire_id="sample", version=1,
                                             document=json.loads(SAMPLE_QUESTIONNAIRE.read_text())))
        _db.session.commit()
        seed_region(8, ("2024", "2026"), questionnaire=("sample", 1), pool=4)
        create_user("analyst@browser.example", "rso_analyst", password=PASSWORD, name="Analyst")
        _db.session.commit()
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    thread.join(timeout=10)
    with app.app_context():
        _db.session.remove()
        empty_tables()
        _db.engine.dispose()


@pytest.fixture(scope="module")
def page(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(server + "/auth/login")
    page.fill("#email", "analyst@browser.example")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(server + "/")
    yield page
    context.close()


def assert_accessible(page) -> None:
    assert axe_violations(page) == []


def test_overview_matrix_filters_with_the_keyboard_and_is_accessible(page, server):
    page.goto(server + "/region/")
    assert page.locator("table.matrix tbody tr").count() >= 5
    rows = page.locator("table.matrix tbody tr").count()
    assert page.locator("table.matrix caption").inner_text().startswith(f"{rows} members ×")
    # choose the order with the keyboard and apply
    page.focus("#f-sort")
    page.keyboard.press("ArrowDown")
    page.focus("form.filters button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url("**sort=gap**")
    gaps = [float(t) for t in page.locator("table.matrix tbody tr td:nth-child(3) .n").all_inner_texts()]
    assert gaps == sorted(gaps, reverse=True)
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 330  # the matrix scrolls inside its box
    page.set_viewport_size({"width": 1280, "height": 900})


def test_member_profile_shows_the_trend_chart_and_is_accessible(page, server):
    page.goto(server + "/region/members/S0001?status=validated&status=submitted")
    assert page.locator("figure.chart svg polyline").count() >= 1
    assert page.locator("h2", has_text="Profile facts").count() == 1
    assert_accessible(page)


def test_side_by_side_chosen_from_the_overview_and_accessible(page, server):
    page.goto(server + "/region/")
    page.check("#pick-S0001")
    page.check("#pick-S0002")
    page.click("text=Compare the chosen members side by side")
    page.wait_for_url("**/region/side-by-side**")
    headers = page.locator("table.side thead th").all_inner_texts()
    assert any("Synthetic member 0001" in h for h in headers)
    assert any("Synthetic member 0002" in h for h in headers)
    assert page.locator("table.side-elements tbody tr").count() > 5
    assert_accessible(page)
