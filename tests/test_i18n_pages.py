"""A focal point whose profile says Bahasa Indonesia (or a Thai browser) sees the section and results pages
of the shipped questionnaire in that language, with the unofficial-translation note; English stays English."""

from __future__ import annotations

import html
import re

import pytest

from questionnaires.loader import DATA_DIR, load_questionnaire
from questionnaires.model import tr
from questionnaires.translations import word
from tests.admin_fixtures import separate_db  # noqa: F401  (fixtures)
from tests.admin_support import sign_in_as

V1 = load_questionnaire(DATA_DIR / "legislative_framework.v1.json")


@pytest.fixture
def shipped_assessment(db, make_cycle, make_assessment):
    make_cycle("2027", questionnaire="legislative_framework", version=1)
    return make_assessment("FJ", "2027", answers={"crim_tip_attempt": {"value": True}})


def text_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return html.unescape(response.get_data(as_text=True))


def test_indonesian_profile_sees_the_section_page_in_indonesian(client, db, shipped_assessment):
    sign_in_as(client, "focal_point", "FJ", email="focal@fj.example")
    client.post("/profile/language", data={"language": "id"})
    page = text_of(client.get(f"/assessments/{shipped_assessment.id}/sections/crim_tip_offence"))
    assert '<html lang="id" dir="ltr">' in page
    assert re.search(r"<h1>.*</span> Perdagangan orang: tindak pidananya</h1>", page)
    question = V1.question("crim_tip_acts")
    assert tr(question.text, "id") == "Perbuatan apa yang dicakup oleh tindak pidana perdagangan orang?"
    assert tr(question.text, "id") in page
    assert "Merekrut seseorang" in page  # a component
    assert tr(question.text, "en") not in page
    assert word("note", "unofficial", "id") in page
    # the status words of a status question's radio group
    status = next(q for q in V1.section("crim_tip_offence").questions if q.type == "status")
    assert f"{tr(status.text, 'id')}" in page
    assert "Sebagian besar sudah ada" in page


def test_a_stale_help_translation_falls_back_to_english_and_is_marked(client, db, shipped_assessment, tmp_path,
                                                                       monkeypatch):
    """The English help changed after it was translated: the page shows the English, marked as such."""
    import json
    import shutil

    from questionnaires.translations import DEFAULT_DIR

    shutil.copytree(DEFAULT_DIR, tmp_path / "translations")
    path = tmp_path / "translations" / "id.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    entry = document["strings"]["question.crim_tip_acts.help"]
    entry["source"] = "An older wording of the help."
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setenv("ASSESSMENT_TRANSLATIONS_DIR", str(tmp_path / "translations"))

    sign_in_as(client, "focal_point", "FJ", email="focal@fj.example")
    page = text_of(client.get(f"/assessments/{shipped_assessment.id}/sections/crim_tip_offence?lang=id"))
    question = V1.question("crim_tip_acts")
    block = re.search(r'<section class="question[^"]*" id="q-crim_tip_acts".*?</section>', page, re.S).group(0)
    assert '<p class="untranslated">' in block
    assert tr(question.help, "en") in block
    assert entry["text"] not in block
    assert tr(question.text, "id") in block  # the text itself is still current
    # the next question's text and help are both current: no mark
    means = re.search(r'<section class="question[^"]*" id="q-crim_tip_means".*?</section>', page, re.S).group(0)
    assert '<p class="untranslated">' not in means


def test_thai_browser_sees_the_results_page_in_thai(client, db, shipped_assessment):
    sign_in_as(client, "focal_point", "FJ", email="focal@fj.example")
    page = text_of(client.get(f"/assessments/{shipped_assessment.id}/results",
                              headers={"Accept-Language": "th-TH,th;q=0.9"}))
    assert '<html lang="th"' in page
    assert tr(V1.section("crim_tip_liability").title, "th") in page
    assert "การค้ามนุษย์: ความรับผิด โทษ และความผิดที่เกี่ยวข้อง" in page
    assert "Trafficking in persons: liability, penalties and related offences" not in page
    assert word("note", "unofficial", "th") in page


def test_english_pages_carry_no_translation_note(client, db, shipped_assessment):
    sign_in_as(client, "focal_point", "FJ", email="focal@fj.example")
    page = text_of(client.get(f"/assessments/{shipped_assessment.id}/sections/crim_tip_offence"))
    assert '<html lang="en"' in page
    assert "Trafficking in persons: the offence" in page
    assert word("note", "unofficial", "en") not in page


def test_api_labels_follow_accept_language(client, db, shipped_assessment):
    from assessment.audit import Actor
    from assessment.profile.operations import create_token

    user = sign_in_as(client, "focal_point", "FJ", email="focal@fj.example")
    _row, token = create_token(user, "labels", Actor(user))
    db.session.commit()
    auth = {"Authorization": f"Bearer {token}"}
    url = f"/api/v1/assessments/{shipped_assessment.id}"
    thai = client.get(url, headers={**auth, "Accept-Language": "th"})
    assert thai.headers["Content-Language"] == "th"
    titles = {s["id"]: s["title"] for s in thai.get_json()["result"]["sections"]}
    assert titles["crim_tip_liability"] == "การค้ามนุษย์: ความรับผิด โทษ และความผิดที่เกี่ยวข้อง"
    english = client.get(url, headers={**auth, "Accept-Language": "en"})
    titles = {s["id"]: s["title"] for s in english.get_json()["result"]["sections"]}
    assert titles["crim_tip_liability"] == "Trafficking in persons: liability, penalties and related offences"


def test_requirement_level_words_follow_the_language(client, db, shipped_assessment):
    sign_in_as(client, "focal_point", "FJ", email="focal@fj.example")
    page = text_of(client.get(f"/assessments/{shipped_assessment.id}/sections/crim_tip_offence?lang=id"))
    block = re.search(r'<section class="question[^"]*" id="q-crim_tip_acts".*?</section>', page, re.S).group(0)
    meta = re.search(r'<p class="meta">(.*?)</p>', block, re.S).group(1)
    assert meta.split("·")[0].strip() == "Wajib"  # "Mandatory"


def test_interface_words_follow_the_language(client, db, shipped_assessment):
    """Interface strings come from the gettext catalogues: the same page in Thai, Indonesian and English."""
    sign_in_as(client, "focal_point", "FJ", email="focal@fj.example")
    url = f"/assessments/{shipped_assessment.id}/sections/crim_tip_offence"
    thai = text_of(client.get(url + "?lang=th"))
    assert ">บันทึกและไปยังส่วนถัดไป</button>" in thai  # "Save and go to the next section"
    assert "<summary>คำอธิบาย: คำถามนี้ถามอะไรและเพราะเหตุใด</summary>" in thai  # "Help: what this asks and why"
    assert ">ออกจากระบบ</button>" in thai  # "Sign out"
    indonesian = text_of(client.get(url + "?lang=id"))
    assert ">Simpan dan lanjut ke bagian berikutnya</button>" in indonesian
    assert "<legend class=\"small\">Bila Anda tidak dapat menjawab seperti di atas</legend>" in indonesian
    english = text_of(client.get(url + "?lang=en"))
    assert ">Save and go to the next section</button>" in english
    assert "Simpan" not in english
    results = text_of(client.get(f"/assessments/{shipped_assessment.id}/results?lang=id"))
    assert "<h2>Bantuan teknis yang direkomendasikan</h2>" in results
    assert "<h2>Per bagian, dengan alasannya</h2>" in results


def test_workbook_downloads_follow_the_profile_language(client, db, shipped_assessment):
    """The results and offline workbooks a person downloads are in the language of their profile: sheet names,
    headings and where the numbers come from."""
    import io

    from openpyxl import load_workbook

    sign_in_as(client, "focal_point", "FJ", email="focal@fj.example")
    client.post("/profile/language", data={"language": "th"})
    response = client.get(f"/reports/{shipped_assessment.id}/results.xlsx")
    assert response.status_code == 200
    results = load_workbook(io.BytesIO(response.data))
    assert results.sheetnames[:2] == ["สรุป", "คำตอบ"]  # "Summary", "Answers"
    summary = [c.value for row in results["สรุป"].iter_rows() for c in row if c.value]
    assert "คำนวณจากคำตอบฉบับร่างเมื่อจัดทำสมุดงานนี้ (ยังไม่ได้ส่ง)" in summary  # worked out from the draft
    offline = load_workbook(io.BytesIO(client.get(f"/reports/{shipped_assessment.id}/offline.xlsx").data))
    meta = {row[0].value: row[1].value for row in offline["Meta"].iter_rows(max_col=2) if row[0].value}
    assert meta["language"] == "th"
    assert [c.value for c in offline["Citations"][3]][2] == "กฎหมายหรือตราสาร"  # "Act or instrument"
    client.post("/profile/language", data={"language": "en"})
    english = load_workbook(io.BytesIO(client.get(f"/reports/{shipped_assessment.id}/results.xlsx").data))
    assert english.sheetnames[:2] == ["Summary", "Answers"]


def test_comparison_workbook_download_follows_the_analysts_language(client, db, shipped_assessment):
    import io

    from openpyxl import load_workbook

    sign_in_as(client, "rso_analyst")
    client.post("/profile/language", data={"language": "id"})
    response = client.get("/region/export.xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.data))
    assert workbook.sheetnames[:2] == ["Matriks", "Kategori hasil"]
    assert [c.value for c in workbook["Matriks"][4]][:3] == ["Anggota", "Kode", "Subkawasan"]
