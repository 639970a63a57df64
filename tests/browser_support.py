"""Browser tests: the app served from a thread on 127.0.0.1, Debian's Chromium driven by Playwright, and
axe-core (from axe-playwright-python) for accessibility. Never downloads a browser."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from werkzeug.serving import make_server

from assessment import create_app
from assessment.extensions import db as _db
from assessment.models import Answer
from tests.factories import PASSWORD
from tests.resources import CHROMIUM_ARGS, require_chromium

#: axe impacts that fail a test
BLOCKING_IMPACTS = ("serious", "critical")


class LiveServer:
    def __init__(self, app: Any):
        self.app = app
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> LiveServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.thread.join(timeout=10)
        with self.app.app_context():
            _db.engine.dispose()


#: the served application's settings in browser tests: autosave sends a change 100 ms after the last keystroke
#: (800 by default), which the tests would otherwise wait out at every answer they type
BROWSER_CONFIG = {
    "TESTING": True, "SECRET_KEY": "browser-test-key", "BASE_URL": "http://127.0.0.1", "RATELIMIT_ENABLED": False,
    "PASSWORD_HASH_METHOD": "scrypt:1024:8:1", "AUTOSAVE_DELAY_MS": 100,
}


@pytest.fixture(scope="module")
def live_server(database_url: str, _schema: None) -> Iterator[LiveServer]:
    app = create_app({**BROWSER_CONFIG, "DATABASE_URL": database_url, "DEMO": True})
    server = LiveServer(app).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    executable = require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    tab = context.new_page()
    yield tab
    context.close()


def axe_violations(page: Any) -> list[str]:
    """Serious and critical axe-core violations on the current page, as readable lines."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    duplicates = page.evaluate(
        "() => { const seen = {}, dup = []; document.querySelectorAll('[id]').forEach(e => {"
        " if (seen[e.id]) dup.push(e.id); seen[e.id] = 1; }); return dup; }")
    lines = [f"duplicate id {ident!r}" for ident in duplicates]
    for violation in results.response["violations"]:
        if violation.get("impact") in BLOCKING_IMPACTS:
            targets = ", ".join(str(n["target"]) for n in violation["nodes"][:3])
            lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} at {targets}")
    return lines


def sign_in(page: Any, server: LiveServer, email: str, password: str) -> None:
    """Sign in with the keyboard, as a person would."""
    page.goto(server.url + "/auth/login")
    page.focus("#email")
    page.keyboard.type(email)
    page.keyboard.press("Tab")
    page.keyboard.type(password)
    page.keyboard.press("Enter")
    page.wait_for_url(server.url + "/")


def open_section(page: Any, server: LiveServer, user: Any, assessment: Any, section_id: str) -> None:
    """Sign ``user`` in (with the factories' password) and open one section of ``assessment``."""
    sign_in(page, server, user.email, PASSWORD)
    page.goto(f"{server.url}/assessments/{assessment.id}/sections/{section_id}")


def stored_answer(db: Any, assessment_id: int, question_id: str) -> Answer | None:
    """An answer as the database holds it now (what the session had cached dropped first)."""
    db.session.expire_all()
    return db.session.get(Answer, (assessment_id, question_id))


def choose_by_keys(page: Any, first_option: str, key: str, times: int = 1) -> None:
    """Answer a group of radio buttons with the keyboard: focus its first option, then press ``key`` (ArrowDown,
    ArrowRight) ``times``."""
    page.focus(first_option)
    for _ in range(times):
        page.keyboard.press(key)
