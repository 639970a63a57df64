"""In a real browser, on the demo data with its cycles 2024 and 2026 on questionnaire version 2 (which ends with
the Capacity and practice module): a focal point opens its member's profile (the law beside the figures by cycle) and
downloads the results workbook, whose Profile sheet LibreOffice opens with the same figures; an RSO analyst
finds the members whose law is aligned but practice thin beside regional TA demand, and the figures across the
sharing members. Every page passes the accessibility checks."""

from __future__ import annotations

import csv
import re
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import select

from assessment import demo
from assessment.extensions import db as _db
from assessment.models import Assessment, Cycle, Member, Snapshot
from scoring.capacity import NOT_COLLECTED
from tests.browser_support import axe_violations, sign_in
from tests.resources import require_libreoffice

pytestmark = [pytest.mark.browser, pytest.mark.libreoffice]

SCREENSHOTS = Path("/tmp/capacity-screens")
#: LibreOffice's CSV filter: comma, double quotes, UTF-8, from row 1, every sheet to its own file (-1)
CSV_EVERY_SHEET = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"


@pytest.fixture(scope="module")
def demo_v2(_app, module_rows):
    """The demo data with its cycles 2024 and 2026 on questionnaire version 2 (so that every member answers the
    Capacity and practice module in both), without the cycle whose drafts are moved from version 1: loaded once
    for the module's tests, which read it (the last one saves a figure that the others do not look at)."""
    with pytest.MonkeyPatch.context() as patch, _app.app_context():
        patch.setattr(demo, "QUESTIONNAIRE", ("legislative_framework", 2))
        patch.setattr(demo, "_load_version_two_cycle", lambda *args: None)
        logins = demo.load_demo()
        _db.session.commit()
        _db.session.remove()
    return {login.email: login for login in logins}


def _shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def _stored(db, code: str, cycle: str) -> dict:
    """What the profile shows of a cycle: the latest validated snapshot's answers, else the working answers."""
    from assessment.services.answer_store import answers_of

    assessment = db.session.scalar(select(Assessment).join(Member).join(Cycle)
                                   .where(Member.code == code, Cycle.code == cycle))
    validated = [s for s in assessment.snapshots if s.validated_at is not None]
    if validated:
        return validated[-1].answers["answers"]
    if assessment.snapshots:
        return assessment.snapshots[-1].answers["answers"]
    return answers_of(assessment, with_version=False)


def test_a_focal_point_reads_its_profile_and_opens_the_workbook_sheet(page, live_server, db, demo_v2, tmp_path):
    soffice = require_libreoffice()
    focal = demo_v2["focal.xa@demo.example"]
    sign_in(page, live_server, focal.email, focal.password)
    draft = db.session.scalar(select(Assessment).join(Member).join(Cycle)
                              .where(Member.code == "XA", Cycle.code == "2026"))
    page.goto(f"{live_server.url}/assessments/{draft.id}/results")
    page.click("nav.tabs >> text=Profile: law and practice")
    page.wait_for_url(re.compile(rf".*/assessments/{draft.id}/results/profile$"))
    _shot(page, "profile-focal-point")
    assert axe_violations(page) == []
    assert page.locator("h1").inner_text() == "Member profile: Republic of Aldmere"
    law = page.locator("table.law-by-cycle")
    assert law.locator("thead th").all_inner_texts()[1:] == ["2024\nValidated", "2026\nDraft"]
    # every figure as stored, cycle by cycle, in the table that says which year they cover
    old, new = _stored(db, "XA", "2024"), _stored(db, "XA", "2026")
    row = page.locator("#fig-cap_tip_prosecutions td")
    expected = [str(old["cap_tip_prosecutions"]["value"]), str(new["cap_tip_prosecutions"]["value"])]
    assert row.all_inner_texts()[:2] == expected
    trend = row.nth(2).inner_text()
    before, after = (int(v) for v in expected)
    assert trend == ("↑ up" if after > before else "↓ down" if after < before else "→ the same")
    assert "figures of 2023" in page.locator("table.practice-table").first.inner_text()
    for qid in ("cap_assets_confiscated", "cap_training_courses", "cap_ml_convictions"):
        if new[qid]["value"] == NOT_COLLECTED:
            assert page.locator(f"#fig-{qid} td").nth(1).inner_text() == "not collected"

    # printable: navigation and tabs leave the printed page, the tables stay
    page.emulate_media(media="print")
    assert not page.locator("nav.tabs").is_visible()
    assert page.locator("table.law-by-cycle").is_visible()
    assert page.locator("#fig-cap_tip_prosecutions").is_visible()
    assert page.pdf(format="A4")[:4] == b"%PDF"
    page.emulate_media(media="screen")

    # the results workbook: its Profile sheet opened by LibreOffice gives the same figures
    with page.expect_download() as download:
        page.click("text=Results workbook")
    path = tmp_path / "results.xlsx"
    download.value.save_as(path)
    out = tmp_path / "csv"
    result = subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--headless", "--norestore",
         "--convert-to", CSV_EVERY_SHEET, "--outdir", str(out), str(path)],
        capture_output=True, text=True, timeout=240, check=False)
    assert result.returncode == 0, result.stderr
    with (out / "results-Profile.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header = next(r for r in rows if r[:3] == ["Part", "Section", "Row"])
    assert header[3:5] == ["2024 (Validated)", "2026 (Draft)"]
    sheet = {r[2]: r for r in rows if r and r[0] == "Capacity and practice"}
    assert sheet["Year the figures cover"][3:5] == ["2023", "2025"]
    text = "How many prosecutions for trafficking in persons were started in the year?"
    assert sheet[text][3:5] == expected
    confiscated = sheet["What was the value of assets confiscated by final order in the year?"][3:5]
    assert confiscated == [str(a["cap_assets_confiscated"]["value"]).replace(NOT_COLLECTED, "not collected")
                           for a in (old, new)]


def test_an_analyst_finds_law_aligned_practice_thin_beside_ta_demand(page, live_server, db, demo_v2):
    analyst = demo_v2["analyst@rso.example"]
    sign_in(page, live_server, analyst.email, analyst.password)
    page.goto(f"{live_server.url}/region/ta?cycle=2026")
    page.wait_for_selector("#practice-h")
    SCREENSHOTS.mkdir(exist_ok=True)
    page.locator("table.practice-candidates").first.screenshot(path=str(SCREENSHOTS / "region-practice-thin.png"))
    page.locator("table.region-figures").screenshot(path=str(SCREENSHOTS / "region-figures.png"))
    assert axe_violations(page) == []
    tables = page.locator("table.practice-candidates")
    assert tables.count() >= 1
    listed = 0
    for t in range(tables.count()):
        for r in range(tables.nth(t).locator("tbody tr").count()):
            cells = tables.nth(t).locator("tbody tr").nth(r)
            name = cells.locator("th").inner_text()
            law, practice = cells.locator("td").nth(0).inner_text(), cells.locator("td").nth(1).inner_text()
            assert re.search(r": (Aligned|Largely aligned)$", law), law
            code = db.session.scalar(select(Member.code).where(Member.name == name))
            figure = {"No assets confiscated": "cap_assets_confiscated",
                      "No extradition requests sent": "cap_ext_sent"}.get(practice)
            if figure:  # the stored figure is zero in 2026 (and in 2024 where it was collected)
                assert _stored(db, code, "2026")[figure]["value"] == 0, (code, figure)
            listed += 1
    assert listed >= 1
    # figures across the members that share: the total is the sum of their validated answers
    sharing = db.session.scalars(select(Assessment).join(Cycle).where(Cycle.code == "2026",
                                                                      Assessment.shares_results.is_(True))).all()
    values = []
    for assessment in sharing:
        validated = [s for s in assessment.snapshots if s.validated_at is not None]
        if validated:
            value = validated[-1].answers["answers"].get("cap_mla_received", {}).get("value")
            if isinstance(value, int):
                values.append(value)
    assert len(values) >= 5
    row = page.locator("table.region-figures tr", has=page.locator("th", has_text="MLA requests received"))
    assert row.locator("td").first.inner_text().split("\n")[0] == f"{sum(values):,}"
    assert db.session.scalar(select(Snapshot.id).limit(1)) is not None


def test_an_unusual_figure_is_saved_and_the_page_says_what_to_check(page, live_server, db, demo_v2):
    from assessment.models import Answer

    focal = demo_v2["focal.xa@demo.example"]
    sign_in(page, live_server, focal.email, focal.password)
    draft = db.session.scalar(select(Assessment).join(Member).join(Cycle)
                              .where(Member.code == "XA", Cycle.code == "2026"))
    prosecutions = _stored(db, "XA", "2026")["cap_som_prosecutions"]["value"]
    page.goto(f"{live_server.url}/assessments/{draft.id}/sections/cap_cases")
    assert page.locator(".figure-checks").count() == 0
    page.fill("#cap_som_convictions", str(prosecutions + 7))
    page.click("button:has-text('Save')")
    page.wait_for_selector(".figure-checks")
    page.screenshot(path=str(SCREENSHOTS / "section-figures-to-check.png"))
    assert axe_violations(page) == []
    message = page.locator(".figure-checks li").inner_text()
    assert message == (f"Smuggling convictions ({prosecutions + 7}) is more than smuggling prosecutions "
                       f"({prosecutions}) in 2025. A court convicts only in a case that was prosecuted; check both "
                       "figures (cases prosecuted in an earlier year can explain a few).")
    db.session.expire_all()
    stored = db.session.scalar(select(Answer.value).where(Answer.assessment_id == draft.id,
                                                          Answer.question_id == "cap_som_convictions"))
    assert stored == prosecutions + 7
