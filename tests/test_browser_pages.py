"""Every main page passes axe-core (no serious or critical violation) and has unique ids."""

from __future__ import annotations

import pytest

from tests.browser_support import axe_violations, sign_in
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser

ADMIN_PAGES = ["/", "/admin/users", "/admin/users/new", "/admin/members", "/admin/members/new", "/admin/cycles",
               "/admin/cycles/new", "/admin/questionnaires", "/admin/questionnaires/upload",
               "/admin/questionnaires/legislative_framework/1", "/admin/questionnaires/outdated"]


def test_admin_pages_are_accessible(page, live_server, make_user, make_cycle):
    make_cycle("2026")
    admin = make_user("admin", None)
    sign_in(page, live_server, admin.email, PASSWORD)
    problems = {}
    for path in ADMIN_PAGES:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        found = axe_violations(page)
        if found:
            problems[path] = found
    assert problems == {}


def test_team_history_and_narrow_screen(page, live_server, make_user, make_assessment):
    assessment = make_assessment("XA", answers={"tip_consent": {"value": "largely"}})
    focal = make_user("focal_point", "XA")
    make_user("contributor", "XA")
    sign_in(page, live_server, focal.email, PASSWORD)
    problems = {}
    for path in ["/team/", "/team/invite", f"/assessments/{assessment.id}", f"/assessments/{assessment.id}/history"]:
        assert page.goto(live_server.url + path).status == 200, path
        found = axe_violations(page)
        if found:
            problems[path] = found
    assert problems == {}
    # usable at 320 px: the section page does not scroll sideways
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"{live_server.url}/assessments/{assessment.id}/sections/trafficking")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1


def test_submitted_assessment_overview_does_not_scroll_sideways_at_320_px(page, live_server, db, make_user,
                                                                         make_assessment):
    from assessment.audit import Actor
    from assessment.models import Assessment
    from assessment.responses import operations

    assessment = make_assessment("XA", answers={"tip_consent": {"value": "largely"}})
    focal = make_user("focal_point", "XA")
    operations.submit(db.session.get(Assessment, assessment.id), Actor(focal))
    db.session.commit()
    sign_in(page, live_server, focal.email, PASSWORD)
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"{live_server.url}/assessments/{assessment.id}")
    assert "Results of snapshot 1" in page.content()
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1
