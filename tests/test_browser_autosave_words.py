"""Autosave in the person's language, in a real browser: an Indonesian focal point sees the save state, a refused
figure and a conflict with a colleague in Indonesian, and the server holds what was chosen."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from assessment.models import Answer, User
from tests.browser_support import open_section

pytestmark = pytest.mark.browser

#: where the screenshots go (kept for a person to look at)
SHOTS = Path(os.environ.get("SCREENSHOT_DIR", "/tmp/browser-autosave-words"))


def stored(db, assessment_id: int, question_id: str) -> Answer | None:
    db.session.expire_all()
    return db.session.get(Answer, (assessment_id, question_id))


def speaker(db, make_user, language: str) -> User:
    user = make_user("focal_point", "XA")
    user.language = language
    db.session.commit()
    return user


def test_an_indonesian_focal_point_reads_the_autosave_state_in_indonesian(page, live_server, db, make_user,
                                                                          make_assessment):
    assessment = make_assessment("XA", answers={"tip_consent": {"value": "in_place"}})
    focal = speaker(db, make_user, "id")
    open_section(page, live_server, focal, assessment, "trafficking")
    assert page.get_attribute("html", "lang") == "id"

    # words instead of a figure are refused beside the question, and the state says so in Indonesian
    page.fill("#tip_penalty", "enam tahun")
    page.wait_for_selector('.save-state[data-state="error"]')
    assert page.inner_text(".save-state") == "1 jawaban tidak tersimpan: lihat pesan di samping pertanyaan."
    assert page.inner_text("#q-tip_penalty .error-summary").startswith("Jawaban ini tidak disimpan:")
    assert stored(db, assessment.id, "tip_penalty") is None

    # a maximum penalty of six years, typed as a figure, saves by itself
    page.fill("#tip_penalty", "6")
    page.wait_for_selector('.save-state[data-state="saved"]')
    assert page.inner_text(".save-state") == "Semua perubahan tersimpan"
    assert stored(db, assessment.id, "tip_penalty").value == 6

    # a colleague changes the consent answer meanwhile: both versions, the choice in Indonesian
    db.session.execute(Answer.__table__.update().where(Answer.assessment_id == assessment.id,
                                                       Answer.question_id == "tip_consent")
                       .values(value="partially", version=2))
    db.session.commit()
    page.check("#tip_consent-1")  # "Largely in place"
    page.wait_for_selector(".conflict")
    conflict = page.inner_text(".conflict")
    assert conflict.startswith("Orang lain mengubah jawaban ini saat Anda bekerja.")
    assert "Sebagian sudah ada" in conflict  # the colleague's "Partially in place"
    assert "Versi Anda ada di formulir." in conflict
    assert page.inner_text(".save-state") == "Satu jawaban memerlukan pilihan Anda: lihat pertanyaan yang disorot."
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "conflict-id.png"), full_page=False)
    page.click(".conflict >> text=Pertahankan milik saya")
    page.wait_for_selector('.save-state[data-state="saved"]')
    assert page.inner_text(".save-state") == "Semua perubahan tersimpan"
    assert stored(db, assessment.id, "tip_consent").value == "largely"


def test_a_thai_focal_point_reads_the_autosave_state_in_thai(page, live_server, db, make_user, make_assessment):
    assessment = make_assessment("XA")
    focal = speaker(db, make_user, "th")
    open_section(page, live_server, focal, assessment, "trafficking")
    page.fill("#tip_penalty", "8")
    page.wait_for_selector('.save-state[data-state="saved"]')
    assert page.inner_text(".save-state") == "บันทึกการเปลี่ยนแปลงทั้งหมดแล้ว"
    assert stored(db, assessment.id, "tip_penalty").value == 8
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "section-th.png"), full_page=False)
