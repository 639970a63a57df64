"""The pages around an assessment in the person's language: results by standard, the member profile, the
overview with its RSO review, history, what changed, what moved and the upload preview; their messages and
refusals; the autosave words; the demo banner; units and thresholds beside number answers. Each page read in
Indonesian or Thai keeps none of the English sentences its template shows."""

from __future__ import annotations

import html
import io
import json
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file

from assessment.audit import Actor
from assessment.models import Assessment, User
from assessment.responses import operations
from assessment.responses.views import INSTRUMENT_LABELS
from assessment.services.answer_store import answers_of
from questionnaires.model import Question
from questionnaires.standards import INSTRUMENT_NAMES
from questionnaires.types import kind_of
from scoring.answers import check_answer
from tests.excel_helpers import BEFORE, FILL, fill
from tests.scoring_helpers import SAMPLE
from tests.standards_support import ANSWERS, v3_cycle  # noqa: F401  (a fixture)

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def text_of(response) -> str:
    """A page's words: tags out, entities decoded, spaces collapsed."""
    assert response.status_code in (200, 409, 422), response.status_code
    page = response.get_data(as_text=True)
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def sentences_of(*templates: str) -> list[tuple[str, re.Pattern[str]]]:
    """The English sentences of the templates' gettext calls (three words or more), each as a pattern that
    matches it with any values in its placeholders."""
    found = []
    for name in templates:
        for _line, _function, message, _comments in extract_from_file(
                "jinja2", str(TEMPLATES / name), options={"trim_blocks": "True", "lstrip_blocks": "True"}):
            for msgid in message if isinstance(message, tuple) else (message,):
                if not isinstance(msgid, str):
                    continue
                words = " ".join(re.sub(r"<[^>]+>", " ", msgid).split())
                literal = PLACEHOLDER.sub(" ", words)
                if len(re.findall(r"[A-Za-z]{2,}", literal)) < 3:
                    continue
                parts = [re.escape(part) for part in PLACEHOLDER.split(words)]
                found.append((msgid, re.compile(r".{1,120}?".join(parts))))
    return found


def english_left(translated: str, english: str, *templates: str) -> list[str]:
    """Sentences of ``templates`` that the English page shows and the translated page still shows in English."""
    return [msgid for msgid, pattern in sentences_of(*templates)
            if pattern.search(english) and pattern.search(translated)]


def speaks(db, user: User, language: str) -> User:
    user.language = language
    db.session.commit()
    return user


@pytest.fixture
def draft(make_assessment, v3_cycle):  # noqa: F811
    return make_assessment("XA", "2028", answers=ANSWERS)


# --------------------------------------------------------------------------- the member's pages


PAGES = {
    # address (after /assessments/<id>) → the templates the page shows, and a translated sentence per language
    "/results/standards": (("responses/standards.html",), {
        "id": "Disandingkan dengan peringkat evaluasi bersama", "th": "เทียบกับผลการประเมินร่วม"}),
    "/results/standards?fatf=2013": (("responses/standards.html",), {
        "id": "Unit FATF hanya mengikuti kriteria Metodologi 2013",
        "th": "หน่วยของ FATF เป็นไปตามเกณฑ์ของระเบียบวิธีปี 2013 เท่านั้น"}),
    "/results/profile": (("responses/profile.html", "responses/_law_and_practice.html"), {
        "id": "Kapasitas dan praktik per siklus", "th": "ขีดความสามารถและการปฏิบัติตามรอบ"}),
    "": (("responses/overview.html",), {"id": "Kemajuan", "th": "ความคืบหน้า"}),
    "/history": (("responses/history.html",), {"id": "Perubahan yang ditampilkan", "th": "การเปลี่ยนแปลงที่จะแสดง"}),
    "/changes": (("responses/changes.html",), {
        "id": "Penilaian ini tidak dimulai dari kiriman sebelumnya.", "th": "การประเมินนี้ไม่ได้เริ่มจากการส่งครั้งก่อน"}),
    "/moved": (("responses/moved.html", "responses/_moved_list.html"), {
        "id": "Penilaian ini belum dipindahkan ke versi kuesioner lain",
        "th": "การประเมินนี้ยังไม่ได้ย้ายไปยังแบบสอบถามฉบับอื่น"}),
}


@pytest.mark.parametrize("language", ["id", "th"])
@pytest.mark.parametrize("address", list(PAGES))
def test_a_focal_point_reads_the_assessment_pages_in_their_language(client, auth, db, make_user, draft, address,
                                                                     language):
    templates, expected = PAGES[address]
    auth.login(speaks(db, make_user("focal_point", "XA"), language))
    url = f"/assessments/{draft.id}{address}"
    translated = text_of(client.get(url))
    assert expected[language] in translated
    english = text_of(client.get(url + ("&" if "?" in url else "?") + "lang=en"))
    assert expected[language] not in english
    assert english_left(translated, english, *templates) == []


def test_the_view_by_standard_names_instruments_and_answers_in_indonesian(client, auth, db, make_user, draft):
    auth.login(speaks(db, make_user("focal_point", "XA"), "id"))
    page = text_of(client.get(f"/assessments/{draft.id}/results/standards"))
    assert "Rekomendasi FATF" in page
    assert "Kriteria dan jawaban" in page
    assert "Jawaban: Belum ada" in page  # "Answer: Not in place", the answer word in Indonesian too
    assert "Answer: " not in page
    assert re.search(r"Jawaban: Sudah ada · [^·]*\(\d{4}\), berlaku", page)  # the citation "in force"
    assert ", in force" not in page
    # every instrument the view can show has its words for the page
    assert {k: str(v) for k, v in INSTRUMENT_LABELS.items()} == INSTRUMENT_NAMES


def test_the_results_page_names_each_elements_state_in_thai(app, client, auth, db, make_user, draft):
    from flask_babel import force_locale

    from assessment.web.page_words import ELEMENT_STATE_LABELS

    auth.login(speaks(db, make_user("focal_point", "XA"), "th"))
    html = client.get(f"/assessments/{draft.id}/results").get_data(as_text=True)
    cells = re.findall(r'</th>\s*<td>([^<]+)</td><td class="num">', html)
    assert cells
    with app.test_request_context(), force_locale("th"):
        thai = {str(word) for word in ELEMENT_STATE_LABELS.values()}
    assert set(cells) <= thai, set(cells) - thai
    assert "not applicable" not in cells
    assert "gap" not in cells


def test_the_history_lists_the_changes_in_thai(client, auth, db, make_user, draft):
    focal = speaks(db, make_user("focal_point", "XA"), "th")
    assessment = db.session.get(Assessment, draft.id)
    base = answers_of(assessment).get("tip_consent", {}).get("version", 0)
    saved = operations.save_answer(assessment, SAMPLE.question("tip_consent"),
                                   {"value": "partially", "comment": "ตรวจแล้ว"}, base, Actor(focal))
    assert saved.status == "saved"
    db.session.commit()
    auth.login(focal)
    page = text_of(client.get(f"/assessments/{draft.id}/history"))
    assert "บันทึกการเปลี่ยนแปลง" in page
    assert "ล่าสุดก่อน" in page
    assert "ความเห็น: ตรวจแล้ว" in page
    assert "เปลี่ยนคำตอบของ" in page  # "changed the answer to"
    assert "recorded, newest first" not in page


# --------------------------------------------------------------------------- the RSO's review and the messages


def test_an_analyst_reviews_in_thai_and_reads_the_refusal_in_thai(client, auth, db, make_user, draft):
    operations.submit(draft, Actor(label="focal.test@test.example"))
    db.session.commit()
    auth.login(speaks(db, make_user("rso_analyst", None), "th"))
    overview = f"/assessments/{draft.id}"
    translated = text_of(client.get(overview))
    assert "การทบทวนของ RSO" in translated
    assert "ข้าพเจ้าได้ทบทวนคำตอบและหลักฐานที่อ้างอิงแล้ว" in translated
    english = text_of(client.get(overview + "?lang=en"))
    assert "I have reviewed the answers and the evidence cited" in english
    assert english_left(text_of(client.get(overview + "?lang=th")), english, "responses/overview.html") == []
    # validating without ticking the box is refused, in Thai, and nothing changes
    version = db.session.get(Assessment, draft.id).version
    after = client.post(f"/assessments/{draft.id}/validate", data={"version": version}, follow_redirects=True)
    assert "ยังไม่รับรอง: ทำเครื่องหมาย" in text_of(after)
    db.session.expire_all()
    assert db.session.get(Assessment, draft.id).status == "submitted"


def test_a_refused_withdrawal_and_a_missing_reason_are_said_in_indonesian(client, auth, db, make_user, draft):
    auth.login(speaks(db, make_user("focal_point", "XA"), "id"))
    page = text_of(client.post(f"/assessments/{draft.id}/withdraw", data={"version": draft.version},
                               follow_redirects=True))
    assert "Hanya penilaian yang telah dikirim yang dapat ditarik." in page
    assert "Only a submitted assessment" not in page
    shared = text_of(client.post(f"/assessments/{draft.id}/sharing", data={"what": "rso", "value": "1"},
                                 follow_redirects=True))
    assert "Dibagikan kepada RSO untuk mendapatkan saran." in shared
    db.session.expire_all()
    assert db.session.get(Assessment, draft.id).is_shared_with_rso


def test_a_refused_edit_says_the_status_in_the_persons_language(app, db, draft):
    operations.submit(draft, Actor(label="focal.test@test.example"))
    db.session.commit()
    question = SAMPLE.question("tip_consent")
    with app.app_context(), app.test_request_context("/?lang=th"):
        from assessment.web.i18n import remember_chosen_language

        remember_chosen_language()
        with pytest.raises(operations.Refused) as refused:
            operations.save_answer(draft, question, {"value": "largely"}, 0, Actor(label="x"))
    assert refused.value.message == "การประเมินนี้อยู่ในสถานะส่งแล้ว และไม่สามารถแก้ไขได้"
    with app.app_context(), app.test_request_context("/"), pytest.raises(operations.Refused) as english:
        operations.save_answer(draft, question, {"value": "largely"}, 0, Actor(label="x"))
    assert english.value.message == "This assessment is submitted and cannot be edited."


# --------------------------------------------------------------------------- the upload preview


def test_the_upload_preview_speaks_indonesian(client, auth, db, make_user, make_assessment):
    draft = make_assessment("XA", answers=BEFORE)
    auth.login(speaks(db, make_user("focal_point", "XA"), "id"))
    workbook = client.get(f"/reports/{draft.id}/offline.xlsx?lang=en").data
    client.get(f"/assessments/{draft.id}?lang=id")
    data = fill(workbook, FILL)
    upload = client.post(f"/reports/{draft.id}/upload", data={"file": (io.BytesIO(data), "x.xlsx")},
                         content_type="multipart/form-data")
    translated = text_of(upload)
    assert "Periksa unggahan: x.xlsx" in translated
    assert re.search(r"\d+ jawaban akan berubah", translated)
    assert "Jawaban yang akan berubah" in translated
    # the answers in words: "Covers: …", "citations: Penal Code, s. 212, year 2008", "comment: …"
    assert "Mencakup: " in translated
    assert "kutipan: Penal Code, s. 212, tahun 2008" in translated
    assert "komentar: " in translated
    assert "citations: " not in translated
    english = text_of(client.post(f"/reports/{draft.id}/upload?lang=en",
                                  data={"file": (io.BytesIO(data), "x.xlsx")},
                                  content_type="multipart/form-data"))
    assert re.search(r"\d+ answers would change", english)
    assert english_left(translated, english, "reports/preview.html") == []
    # the preview changed nothing; a file of the wrong kind is refused in Indonesian
    db.session.expire_all()
    assert db.session.get(Assessment, draft.id).version == draft.version
    client.get(f"/assessments/{draft.id}?lang=id")
    refused = text_of(client.post(f"/reports/{draft.id}/upload",
                                  data={"file": (io.BytesIO(b"a,b\n"), "answers.csv")},
                                  content_type="multipart/form-data"))
    assert "1 masalah: tidak ada yang diterapkan" in refused
    assert "Hanya buku kerja Excel (.xlsx) yang dapat diunggah." in refused


# --------------------------------------------------------------------------- autosave words, demo banner, units


def test_the_section_page_carries_the_autosave_words_in_thai(client, auth, db, make_user, make_assessment):
    draft = make_assessment("XA")
    auth.login(speaks(db, make_user("focal_point", "XA"), "th"))
    page = client.get(f"/assessments/{draft.id}/sections/trafficking").get_data(as_text=True)
    block = re.search(r'<script type="application/json" id="autosave-words">(.*?)</script>', page, re.S)
    words = json.loads(block.group(1))
    assert words["saved"] == "บันทึกการเปลี่ยนแปลงทั้งหมดแล้ว"
    assert words["saving"] == "กำลังบันทึก…"
    assert "%(count)s" in words["offline_count"]
    script = (Path(__file__).resolve().parent.parent / "assessment" / "static" / "autosave.js").read_text()
    script = re.sub(r"/\*.*?\*/|//[^\n]*", " ", script, flags=re.S)  # comments may quote the words
    for english in ("All changes saved", "Saving…", "Keep mine", "Offline:"):
        assert f'"{english}' not in script


def test_an_autosave_conflict_is_explained_in_indonesian(client, auth, db, make_user, make_assessment):
    draft = make_assessment("XA", answers={"tip_consent": {"value": "partially"}})
    auth.login(speaks(db, make_user("focal_point", "XA"), "id"))
    response = client.post(f"/assessments/{draft.id}/autosave", json={
        "question_id": "tip_consent", "base_version": 0, "answer": {"value": "in_place"}})
    assert response.status_code == 409
    body = response.get_json()
    assert body["message"] == "Orang lain telah mengubah jawaban ini sementara itu."
    assert body["answer_words"] == "Sebagian sudah ada"  # "Partially in place"


def test_the_demo_banner_says_which_members_are_fictional_in_thai(client, auth, db, make_user, make_assessment,
                                                                  monkeypatch, app):
    monkeypatch.setitem(app.config, "DEMO", True)
    draft = make_assessment("XA")
    auth.login(speaks(db, make_user("focal_point", "XA"), "th"))
    page = client.get(f"/assessments/{draft.id}").get_data(as_text=True)
    banner = re.search(r'<div class="demo-banner" role="note">(.*?)</div>', page, re.S).group(1)
    assert "ข้อมูลสาธิต: สมาชิก" in banner
    assert "เป็นสมาชิกสมมติ" in banner
    english = client.get(f"/assessments/{draft.id}?lang=en").get_data(as_text=True)
    said = re.search(r"Demo data: the (\d+) members? whose codes? starts? with X (are|is) fictional", english)
    assert said
    from sqlalchemy import select

    from assessment.models import Member

    codes = db.session.scalars(select(Member.code)).all()
    assert int(said.group(1)) == sum(code.startswith("X") for code in codes) > 0
    real = sum(not code.startswith(("X", "S0")) for code in codes)
    if real:
        assert f"the {real} real member" in english
    else:
        assert "real member" not in english


def number(question_id: str) -> Question:
    return SAMPLE.question(question_id)


def test_units_and_thresholds_are_said_in_the_language():
    years, days = kind_of(number("tip_penalty")), kind_of(number("mla_days"))
    assert years.unit_words() == "years"
    assert years.threshold_words() == "Meets the standard at 4 years or more."
    assert days.threshold_words() == "Meets the standard at 30 days or fewer."
    assert years.unit_words("id") == "tahun"
    assert years.threshold_words("id") == "Memenuhi standar pada 4 tahun atau lebih."
    assert days.threshold_words("th") == "เป็นไปตามมาตรฐานที่ไม่เกิน 30 วัน"
    assert years.words({"value": 6}, "th") == "6 ปี"


def test_the_number_field_says_its_unit_and_threshold_in_indonesian(client, auth, db, make_user, make_assessment):
    draft = make_assessment("XA")
    auth.login(speaks(db, make_user("focal_point", "XA"), "id"))
    page = client.get(f"/assessments/{draft.id}/sections/trafficking").get_data(as_text=True)
    assert '<label for="tip_penalty">Jawaban dalam tahun</label>' in page
    assert '<p class="hint" id="tip_penalty-hint">Memenuhi standar pada 4 tahun atau lebih.</p>' in page


def test_the_profile_names_the_overall_row_in_indonesian(client, auth, db, make_user, draft):
    auth.login(speaks(db, make_user("focal_point", "XA"), "id"))
    page = client.get(f"/assessments/{draft.id}/results/profile").get_data(as_text=True)
    assert re.search(r'<tr class="module-row"><th scope="row">Keseluruhan</th>', page)
    assert ">Overall</th>" not in page


def test_coverage_answers_and_question_labels_are_said_in_the_language():
    from questionnaires.numbering import question_places
    from questionnaires.types import answer_in_words

    acts = SAMPLE.question("tip_acts")
    answer = {"value": [acts.components[0].id], "unknown_components": [acts.components[1].id]}
    english = answer_in_words(acts, answer)
    assert english.startswith("Covers: ")
    assert "Not covered: " in english
    indonesian = answer_in_words(acts, answer, "id")
    assert indonesian.startswith("Mencakup: ")
    assert "Tidak dicakup: " in indonesian
    assert "Tidak diketahui: " in indonesian
    place = question_places(SAMPLE)["tip_acts"]
    assert place.label().startswith(f"Question {place.number}: ")
    assert place.label("th").startswith(f"คำถาม {place.number}: ")


def test_a_refused_figure_is_explained_in_indonesian(client, auth, db, make_user, make_assessment):
    draft = make_assessment("XA")
    auth.login(speaks(db, make_user("focal_point", "XA"), "id"))
    response = client.post(f"/assessments/{draft.id}/autosave", json={
        "question_id": "tip_penalty", "base_version": 0,
        "answer": {"value": 6, "citations": [{"act": "KUHP", "year": 95, "status": "in_force"}]}})
    assert response.status_code == 422
    assert response.get_json()["problems"] == ["Kutipan 1, tahun: masukkan tahun empat digit dari 1800 sampai 2100."]
    english = client.post(f"/assessments/{draft.id}/autosave?lang=en", json={
        "question_id": "tip_penalty", "base_version": 0, "answer": {"value": "enam"}})
    assert english.get_json()["problems"] == [
        "Answer: enter a number from 0 to 1,000,000,000,000, for example 10 or 7.5, or choose one of "
        "“Life imprisonment”, “Death penalty”, “Fine only”."]
    indonesian = client.post(f"/assessments/{draft.id}/autosave?lang=id", json={
        "question_id": "tip_penalty", "base_version": 0, "answer": {"value": "enam"}})
    assert indonesian.get_json()["problems"][0].startswith(
        "Jawaban: masukkan angka dari 0 sampai 1.000.000.000.000, misalnya 10 atau 7,5, atau pilih salah satu dari ")
    assert answers_of(db.session.get(Assessment, draft.id)) == {}


def test_question_links_are_named_in_thai(client, auth, db, make_user, draft):
    """The shared question link (templates/_macros) on the view by standard."""
    auth.login(speaks(db, make_user("focal_point", "XA"), "th"))
    page = client.get(f"/assessments/{draft.id}/results/standards").get_data(as_text=True)
    assert re.search(r'title="รหัสคำถาม: mla_freeze">คำถาม \d+\.\d+: ', page)
    assert ">Question " not in page


def test_a_citation_year_out_of_range_is_refused_in_thai_and_what_was_typed_is_kept(client, auth, db, make_user,
                                                                                    make_assessment):
    draft = make_assessment("XA")
    auth.login(speaks(db, make_user("focal_point", "XA"), "th"))
    response = client.post(f"/assessments/{draft.id}/sections/trafficking", data={
        "tip_consent": "largely", "tip_consent__v": "0", "tip_consent__cit_0_act": "ประมวลกฎหมายอาญา",
        "tip_consent__cit_0_section": "มาตรา 6", "tip_consent__cit_0_year": "1750",
        "tip_consent__cit_0_status": "in_force"})
    assert response.status_code == 422
    page = html.unescape(response.get_data(as_text=True))
    assert "ใส่ปี ค.ศ. สี่หลักตั้งแต่ 1800 ถึง 2100" in page
    assert "Enter a four-digit year" not in page
    # what was typed is shown again
    assert 'value="1750"' in page
    assert 'value="ประมวลกฎหมายอาญา"' in page
    assert "tip_consent" not in answers_of(db.session.get(Assessment, draft.id))
    autosave = client.post(f"/assessments/{draft.id}/autosave", json={
        "question_id": "tip_consent", "base_version": 0,
        "answer": {"value": "largely", "citations": [{"act": "ประมวลกฎหมายอาญา", "year": 1750, "status": "in_force"}]}})
    assert autosave.status_code == 422
    # Thai ends a sentence without a full stop
    assert autosave.get_json()["problems"] == ["การอ้างอิงที่ 1, ปี: ใส่ปี ค.ศ. สี่หลักตั้งแต่ 1800 ถึง 2100"]
    assert "tip_consent" not in answers_of(db.session.get(Assessment, draft.id))
    # the API and the command line keep the English
    problems = check_answer(SAMPLE.question("tip_consent"), {
        "value": "largely", "citations": [{"act": "Penal Code", "year": 1750, "status": "in_force"}]})
    assert [p.message for p in problems] == ["Enter a four-digit year from 1800 to 2100."]
