"""What moved, in Thai: a focal point whose profile says Thai reads the list of a draft moved from version 1 to
version 2 of the shipped questionnaire, the overview's notice and the history in Thai, with the questions'
Thai texts; no English sentence of those templates is left."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from assessment.demo import invented_answers
from assessment.models import Cycle
from questionnaires.loader import DATA_DIR, load_questionnaire
from questionnaires.model import tr
from tests.admin_fixtures import separate_db  # noqa: F401  (fixtures)
from tests.admin_support import make_assessment, sign_in_as
from tests.test_i18n_assessment_pages import english_left, text_of

V1 = load_questionnaire(DATA_DIR / "legislative_framework.v1.json")


@pytest.fixture
def moved(client, db):
    cycle = Cycle(code="2026", title="2026 round", questionnaire_id="legislative_framework", questionnaire_version=1)
    db.session.add(cycle)
    db.session.commit()
    answers = invented_answers(V1, SimpleNamespace(code="FJ", name="Fiji", sub_region="Pacific"), "2026", 0.9)
    answers["crim_som_refugee_safeguard"] = {"value": "largely", "comment": "Immigration Act s. 40"}
    assessment = make_assessment(cycle, "FJ", answers=answers)
    assessment.questionnaire_id = "legislative_framework"
    db.session.commit()
    sign_in_as(client, "admin")
    assert client.post(f"/admin/assessments/{assessment.id}/move", data={"version": "2"}).status_code == 302
    return assessment


def test_a_thai_focal_point_reads_what_moved_in_thai(client, db, moved):
    focal = client.application.test_client()
    user = sign_in_as(focal, "focal_point", "FJ")
    user.language = "th"
    db.session.commit()
    overview = text_of(focal.get(f"/assessments/{moved.id}"))
    assert "ดูสิ่งที่ย้าย" in overview
    url = f"/assessments/{moved.id}/moved"
    page = text_of(focal.get(url))
    assert "สิ่งที่ย้ายไปยังฉบับที่ 2" in page
    assert "ไม่ได้ยกไป: คำถามเปลี่ยนหรือถูกตัดออก" in page
    assert tr(V1.question("crim_som_refugee_safeguard").text, "th") in page
    english = text_of(focal.get(url + "?lang=en"))
    assert "Not carried: the question changed or was dropped" in english
    assert english_left(text_of(focal.get(url + "?lang=th")), english,
                        "responses/moved.html", "responses/_moved_list.html") == []
    history = text_of(focal.get(f"/assessments/{moved.id}/history"))
    assert "ไม่ได้ยกคำตอบเดิมไปยัง" in history  # "did not carry the earlier answer to"
