"""In a real browser: an administrator moves a member's draft from questionnaire version 1 to version 2; the member's
focal point finds the "what moved" list from the assessment page, sees what it answered before, follows the link to
the question left for it and answers it again; the server stores the new answer and kept the carried ones."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest

from assessment.demo import invented_answers
from assessment.models import Assessment
from assessment.services.answer_store import answers_of
from questionnaires.loader import DATA_DIR, load_questionnaire
from tests.browser_support import axe_violations, sign_in
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser

V1 = load_questionnaire(DATA_DIR / "legislative_framework.v1.json")
CITATION = {"act": "Extradition Act", "section": "s. 7(1)(d)", "year": 1999, "status": "in_force"}


def test_a_focal_point_reads_what_moved_and_answers_the_question_left_for_it(
        page, browser, live_server, db, make_user, make_cycle, make_assessment, tmp_path):
    make_cycle("2026", questionnaire="legislative_framework", version=1)
    answers = invented_answers(V1, SimpleNamespace(code="XA", name="XA", sub_region="South-East Asia"), "2026", 0.9)
    answers["ext_fiscal_refusal"] = {"value": True, "citations": [CITATION], "comment": "fiscal exception in s. 7"}
    answers["mla_refusal_grounds"] = {"value": ["no_fiscal", "reasons", "no_undue_conditions"]}
    answers["crim_som_refugee_safeguard"] = {"value": "largely"}
    draft = make_assessment("XA", "2026", answers=answers)

    admin = make_user("admin", None)
    sign_in(page, live_server, admin.email, PASSWORD)
    page.goto(f"{live_server.url}/admin/questionnaires/outdated")
    page.click("button:has-text('Move to v2')")
    page.wait_for_url(re.compile(r".*/admin/assessments/\d+/moves/\d+$"))
    assert "What moved" in page.inner_text("main")
    assert "Largely in place" not in page.inner_text("main")  # administrators see ids and outcomes, not answers

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    member = context.new_page()
    focal = make_user("focal_point", "XA")
    sign_in(member, live_server, focal.email, PASSWORD)
    member.goto(f"{live_server.url}/assessments/{draft.id}")
    member.click("text=See what moved")
    member.wait_for_url(f"{live_server.url}/assessments/{draft.id}/moved")
    text = member.inner_text("main")
    assert "What moved to version 2" in text
    assert "Largely in place" in text  # the earlier answer to the question that changed meaning
    assert "Left for you to answer" in text
    assert axe_violations(member) == []
    member.screenshot(path=str(tmp_path / "what-moved.png"), full_page=True)

    member.click(f"a[href='/assessments/{draft.id}/sections/mla_process#q-mla_refusal_grounds']")
    member.wait_for_url(re.compile(r".*/sections/mla_process#q-mla_refusal_grounds$"))
    # every item again: fiscal matters never a ground, the other grounds within what the Convention allows,
    # reasons given, postponement not limited, consultation not known
    member.check("#mla_refusal_grounds__c_no_fiscal-0")
    member.check("#mla_refusal_grounds__c_grounds_within_convention-0")
    member.check("#mla_refusal_grounds__c_reasons-0")
    member.check("#mla_refusal_grounds__c_postponement-1")
    member.check("#mla_refusal_grounds__c_consultation-2")
    member.wait_for_selector('.save-state[data-state="saved"]')
    context.close()

    db.session.expire_all()
    stored = answers_of(db.session.get(Assessment, draft.id), with_version=False)
    assert stored["mla_refusal_grounds"] == {"value": ["no_fiscal", "grounds_within_convention", "reasons"],
                                             "unknown_components": ["consultation"]}
    assert stored["ext_no_fiscal_refusal"] == {"value": False, "citations": [CITATION],
                                               "comment": "fiscal exception in s. 7"}
    assert stored["mla_no_undue_conditions"] == {"value": True}
    assert "crim_som_refugee_rights" not in stored
