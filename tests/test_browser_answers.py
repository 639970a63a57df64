"""One question of every type answered in a real browser with a choice that is not the first (by keyboard for
four of them): what the page says it saved is what the server stored, after a reload too; editing a comment
leaves the answer as it was; a change made after the session ended is kept and sent once the person has signed
in again in another tab."""

from __future__ import annotations

import json

import pytest

from tests.browser_support import choose_by_keys, open_section, sign_in, stored_answer
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser

#: what the person answers, as the server must store it
MEANT = {
    "party_untoc": {"value": True},
    "party_tipp": {"value": False},
    "untoc_ratified_on": {"value": "2004-09-29"},
    "legal_tradition": {"value": "mixed"},
    "tip_acts": {"value": ["recruitment", "harbouring"], "unknown_components": ["receipt"]},
    "tip_consent": {"value": "partially"},
    "tip_cross_border": {"value": False},
    "tip_penalty": {"value": "death"},
    "tip_notes": {"value": "Amendment before parliament; committee stage."},
    "som_fomb": {"value": "cash_only"},
    "mla_days": {"value": 12.5},
}


def _saved(page) -> None:
    page.wait_for_selector('.save-state[data-state="saved"]')


def _server_answers(page, server, assessment_id) -> dict:
    response = page.request.get(f"{server.url}/assessments/{assessment_id}/answers.json")
    assert response.status == 200
    answers = json.loads(response.body())["answers"]
    return {qid: {k: v for k, v in a.items() if k != "version"} for qid, a in answers.items()}


def test_every_type_with_a_later_option_is_stored_as_chosen(page, live_server, db, make_user, make_assessment):
    assessment = make_assessment("XA")
    sign_in(page, live_server, make_user("focal_point", "XA").email, PASSWORD)
    base = f"{live_server.url}/assessments/{assessment.id}/sections"

    page.goto(f"{base}/treaties")
    page.check("#party_untoc-0")  # yes: the ratification date then shows
    # keyboard: party_tipp's second answer (No), then legal_tradition's third choice (Mixed)
    choose_by_keys(page, "#party_tipp-0", "ArrowRight")
    choose_by_keys(page, "#legal_tradition-0", "ArrowDown", 2)
    page.fill("#untoc_ratified_on", "2004-09-29")
    _saved(page)

    page.goto(f"{base}/trafficking")
    # components: recruitment covered, transport not covered, harbouring covered, receipt not known
    page.check("#tip_acts__c_recruitment-0")
    page.check("#tip_acts__c_transport-1")
    page.check("#tip_acts__c_transfer-1")
    page.check("#tip_acts__c_harbouring-0")
    page.check("#tip_acts__c_receipt-2")
    # keyboard: tip_consent's third answer (Partially in place), tip_cross_border's second (No)
    choose_by_keys(page, "#tip_consent-0", "ArrowDown", 2)
    choose_by_keys(page, "#tip_cross_border-0", "ArrowRight")
    # keyboard: the second special answer of the number question (Death penalty)
    choose_by_keys(page, "#tip_penalty__special-0", "ArrowDown", 2)
    page.fill("#tip_notes", "Amendment before parliament; committee stage.")
    _saved(page)

    page.goto(f"{base}/smuggling")
    page.check("#som_fomb-2")  # cash only, the third choice
    _saved(page)
    page.goto(f"{base}/extradition")
    page.fill("#mla_days", "12,5")  # typed with a decimal comma
    _saved(page)

    assert {qid: _server_answers(page, live_server, assessment.id).get(qid) for qid in MEANT} == MEANT

    # after a reload the page shows what the server has
    page.goto(f"{base}/trafficking")
    for selector in ("#tip_acts__c_recruitment-0", "#tip_acts__c_transport-1", "#tip_acts__c_harbouring-0",
                     "#tip_acts__c_receipt-2", "#tip_consent-2", "#tip_cross_border-1", "#tip_penalty__special-2"):
        assert page.is_checked(selector), selector
    assert page.input_value("#tip_notes") == "Amendment before parliament; committee stage."
    page.goto(f"{base}/treaties")
    assert page.is_checked("#legal_tradition-2")
    assert page.is_checked("#party_tipp-1")
    assert page.input_value("#untoc_ratified_on") == "2004-09-29"

    # editing only the comment of a choice question leaves its answer as chosen
    page.goto(f"{base}/smuggling")
    page.click("#q-som_fomb details.comment summary")
    page.fill("#som_fomb__comment", "Benefit in kind is argued in court.")
    _saved(page)
    stored = stored_answer(db, assessment.id, "som_fomb")
    assert (stored.value, stored.comment) == ("cash_only", "Benefit in kind is argued in court.")
    page.reload()
    _saved(page)
    assert page.is_checked("#som_fomb-2")
    assert stored_answer(db, assessment.id, "som_fomb").value == "cash_only"


def test_a_change_after_the_session_ended_is_sent_once_signed_in_again(page, live_server, db, make_user,
                                                                       make_assessment):
    assessment = make_assessment("XA", answers={"tip_consent": {"value": "in_place"}})
    focal = make_user("focal_point", "XA")
    open_section(page, live_server, focal, assessment, "trafficking")
    _saved(page)

    page.context.clear_cookies()  # the session ends (expired, or signed out elsewhere)
    choose_by_keys(page, "#tip_consent-0", "ArrowDown", 3)  # not in place
    page.wait_for_selector('.save-state[data-state="offline"]')
    assert "Your session has ended" in page.inner_text(".save-state")
    assert stored_answer(db, assessment.id, "tip_consent").value == "in_place"
    queued = page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('autosave:')).length")
    assert queued == 1

    other = page.context.new_page()
    sign_in(other, live_server, focal.email, PASSWORD)
    other.close()
    page.bring_to_front()
    page.wait_for_selector('.save-state[data-state="saved"]', timeout=40_000)
    assert stored_answer(db, assessment.id, "tip_consent").value == "not_in_place"
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('autosave:')).length") == 0


def test_a_plain_save_right_after_a_choice_shows_no_conflict_with_ones_own_save(page, live_server, db, make_user,
                                                                                make_assessment):
    assessment = make_assessment("XA", answers={"som_fomb": {"value": "any_benefit"}})
    open_section(page, live_server, make_user("focal_point", "XA"), assessment, "smuggling")
    page.check("#som_fomb-3")  # receipt required, the fourth choice
    page.click("button.primary:has-text('Save')")  # before the autosave's pause is over
    page.wait_for_selector("text=Saved: 1 answer(s) changed.")
    _saved(page)
    assert page.locator(".conflict").count() == 0
    assert page.is_checked("#som_fomb-3")
    assert stored_answer(db, assessment.id, "som_fomb").value == "receipt_required"
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('autosave:')).length") == 0
