"""In a real browser: a focal point opens the "By standard" tab of its results and switches to the FATF criteria
of 2013; an RSO analyst records a published rating with the keyboard and finds it beside the member's band, with
the disagreement flagged; both pages pass the accessibility checks."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from assessment.models import MutualEvaluationRating
from tests.browser_support import axe_violations, sign_in
from tests.factories import PASSWORD
from tests.standards_support import ANSWERS, v3_cycle  # noqa: F401  (a fixture)

pytestmark = pytest.mark.browser


def test_a_focal_point_reads_its_results_by_standard(page, live_server, db, make_user, make_assessment,
                                                     v3_cycle):  # noqa: F811
    draft = make_assessment("XA", "2028", answers=ANSWERS)
    focal = make_user("focal_point", "XA")
    sign_in(page, live_server, focal.email, PASSWORD)
    page.goto(f"{live_server.url}/assessments/{draft.id}/results")
    page.click("nav.tabs >> text=By standard")
    page.wait_for_url(re.compile(rf".*/assessments/{draft.id}/results/standards$"))
    row = page.locator("table.beside tr", has=page.locator("a[href='#u-fatf_r38']"))
    assert "Yes: 3 steps" in row.inner_text()
    assert axe_violations(page) == []
    page.check("#fatf-2013")
    page.click("form.filters button")
    page.wait_for_url(re.compile(r".*fatf=2013.*"))
    r4 = page.locator("#u-fatf_r4")
    assert "core gap 28.3" in r4.inner_text()
    r4.locator("summary").click()
    assert "Not assessed then" in r4.inner_text()


def test_an_analyst_records_a_rating_and_sees_it_beside_the_band(page, live_server, db, make_user, make_assessment,
                                                                 v3_cycle):  # noqa: F811
    from assessment.audit import Actor
    from assessment.responses import operations

    draft = make_assessment("XA", "2028", answers=ANSWERS)
    operations.submit(draft, Actor(label="focal.test@test.example"))
    db.session.commit()
    analyst = make_user("rso_analyst", None)
    sign_in(page, live_server, analyst.email, PASSWORD)
    page.goto(f"{live_server.url}/ratings/XA")
    assert axe_violations(page) == []
    page.select_option("#recommendation", "R.3")
    page.select_option("#rating", "C")
    page.fill("#report_title", "Mutual Evaluation Report")
    page.fill("#report_date", "2022-05-31")
    page.locator("#link").press("Enter")
    page.wait_for_selector("text=Recorded: R.3 rated C")
    db.session.expire_all()
    assert [(r.recommendation, r.rating) for r in db.session.scalars(select(MutualEvaluationRating))] == [("R.3", "C")]
    page.goto(f"{live_server.url}/assessments/{draft.id}/results/standards")
    row = page.locator("table.beside tr", has=page.locator("a[href='#u-fatf_r3']"))
    # partly aligned beside C: two steps; the member's own record (LC) differs from the RSO's and is shown
    assert "Yes: 2 steps" in row.inner_text()
    assert "differs from the RSO's record" in row.inner_text()
