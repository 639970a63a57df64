"""Workbooks in the chosen language: the offline workbook records its language and its reader maps that
language's labels back; the results and comparison workbooks use the language's band words and titles."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from exports.offline import ANSWER, TA_CHALLENGE, OfflineContext, build_offline_workbook, read_offline_workbook
from exports.safety import Limits
from questionnaires.translations import word
from tests.excel_helpers import (
    BEFORE,
    DOWNLOADED,
    WORKBOOK_ASSESSMENT_ID,
    fill,
    rows_by_key,
    saved,
    with_versions,
)
from tests.scoring_helpers import SAMPLE


def offline_in(language: str) -> bytes:
    context = OfflineContext(WORKBOOK_ASSESSMENT_ID, "XA", "Test jurisdiction XA", "2026", "draft", DOWNLOADED, None)
    return saved(build_offline_workbook(SAMPLE, with_versions(BEFORE), context, locale=language))


def meta(workbook) -> dict:
    return {row[0].value: row[1].value for row in workbook["Meta"].iter_rows(max_col=2) if row[0].value}


def test_offline_workbook_in_indonesian_records_its_language_and_says_it_is_unofficial():
    workbook = load_workbook(io.BytesIO(offline_in("id")))
    assert meta(workbook)["language"] == "id"
    rows = rows_by_key(workbook)
    sheet, row = rows["tip_consent"]
    assert workbook[sheet][f"F{row}"].value == "Sebagian sudah ada"  # "Partially in place"
    sheet, row = rows["tip_acts/recruitment"]
    assert workbook[sheet][f"F{row}"].value == "Tercakup"  # "Covered"
    instructions = [c.value for c in workbook["Instructions"]["A"] if c.value]
    assert instructions[1] == word("note", "unofficial", "id")
    # the list a person picks answers from holds the Indonesian words
    lists = [c.value for column in workbook["Lists"].iter_cols() for c in column if c.value]
    assert "Sebagian besar sudah ada" in lists
    assert "Largely in place" not in lists
    english = load_workbook(io.BytesIO(offline_in("en")))
    assert meta(english)["language"] == "en"
    assert [c.value for c in english["Instructions"]["A"] if c.value][1] != word("note", "unofficial", "id")


def test_indonesian_labels_are_read_back_whatever_language_reads_the_upload():
    data = fill(offline_in("th"), {"tip_consent": {ANSWER: "มีแล้วเป็นส่วนใหญ่"}},
                {("tip_acts", "recruitment"): "ไม่ครอบคลุม", ("tip_acts", "transfer"): "ครอบคลุม"})
    upload = read_offline_workbook(data, SAMPLE, Limits(), assessment_id=WORKBOOK_ASSESSMENT_ID)
    assert [str(p) for p in upload.problems] == []
    assert upload.answers["tip_consent"].answer["value"] == "largely"
    covered = upload.answers["tip_acts"].answer["value"]
    assert "transfer" in covered
    assert "recruitment" not in covered


def test_a_word_of_another_language_is_a_problem_with_its_cell():
    data = fill(offline_in("id"), {"tip_consent": {ANSWER: "มีแล้วเป็นส่วนใหญ่"}})
    upload = read_offline_workbook(data, SAMPLE, Limits(), assessment_id=WORKBOOK_ASSESSMENT_ID)
    problems = [str(p) for p in upload.problems]
    assert len(problems) == 1
    assert "'มีแล้วเป็นส่วนใหญ่' is not one of the answers in the list" in problems[0]
    assert "Sudah ada" in problems[0]


def test_thai_citation_status_and_challenge_words_are_read_back():
    data = fill(offline_in("th"), {"tip_consent": {TA_CHALLENGE: "ขีดความสามารถจำกัด"}},  # "Limited capacity"
                citations=[["tip_consent", None, "Penal Code", "s. 10", 2019, "ร่างกฎหมาย", None]])  # "Bill"
    upload = read_offline_workbook(data, SAMPLE, Limits(), assessment_id=WORKBOOK_ASSESSMENT_ID)
    assert [str(p) for p in upload.problems] == []
    answer = upload.answers["tip_consent"].answer
    assert answer["ta_request"]["challenge"] == "capacity"
    assert answer["citations"][0]["status"] == "bill"
    lists = [c.value for column in load_workbook(io.BytesIO(offline_in("th")))["Lists"].iter_cols() for c in column]
    assert "ขีดความสามารถจำกัด" in lists
    assert "Limited capacity" not in lists


def test_instructions_and_page_marks_in_the_workbook_language():
    from exports.offline import WORDS, offline_words

    workbook = load_workbook(io.BytesIO(offline_in("id")))
    cells = [c.value for row in workbook["Instructions"].iter_rows() for c in row if c.value]
    assert "Cara mengisinya" in cells  # "How to fill it in"
    assert WORDS["how"] not in cells
    assert offline_words("id")["steps"][6] == ("Simpan", "Simpan berkas sebagai Excel Workbook (.xlsx). Rekan kerja "
                                                         "dapat mengisinya secara bergantian.")
    header = workbook["Instructions"].oddHeader.left.text or ""
    assert "siklus 2026" in header
    assert "Draf" in header
    english = load_workbook(io.BytesIO(offline_in("en")))
    assert WORDS["how"] in [c.value for row in english["Instructions"].iter_rows() for c in row if c.value]


# --------------------------------------------------------------------------- offline column headings


def headings(workbook, sheet: str) -> list:
    return [c.value for c in workbook[sheet][3]]


def test_offline_column_headings_in_the_workbook_language_and_read_back():
    data = offline_in("id")
    workbook = load_workbook(io.BytesIO(data))
    sheet, _row = rows_by_key(workbook)["tip_consent"]
    found = headings(workbook, sheet)
    assert found[ANSWER - 1] == "Jawaban"
    assert found[TA_CHALLENGE - 1] == "TA: tantangan utama"
    assert "Answer" not in found
    assert headings(workbook, "Citations")[2] == "Undang-undang atau instrumen"  # "Act or instrument"
    assert workbook["Citations"]["A1"].value.startswith("Kutipan: satu baris")
    # the Requirement and Help columns
    from exports.offline import HELP, REQUIREMENT

    sheet, row = rows_by_key(workbook)["tip_acts"]
    assert workbook[sheet].cell(row, REQUIREMENT).value == "M (Wajib), kritis"  # "M (Mandatory), critical"
    assert "Jawab setiap komponen di baris-baris di bawah" in workbook[sheet].cell(row, HELP).value
    sheet, row = rows_by_key(workbook)["untoc_ratified_on"]
    assert workbook[sheet].cell(row, HELP).value.startswith("Ketik tanggal sebagai YYYY-MM-DD.")
    filled = fill(data, {"tip_consent": {ANSWER: "Sebagian besar sudah ada"}})
    upload = read_offline_workbook(filled, SAMPLE, Limits(), assessment_id=WORKBOOK_ASSESSMENT_ID)
    assert [str(p) for p in upload.problems] == []
    assert upload.answers["tip_consent"].answer["value"] == "largely"


def _with_headings(data: bytes, sheet_of, headings_by_column) -> bytes:
    workbook = load_workbook(io.BytesIO(data))
    for column, text in headings_by_column.items():
        workbook[sheet_of(workbook)].cell(3, column).value = text
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_a_workbook_whose_headings_are_still_english_reads_back_whatever_language_it_records():
    """A Thai workbook downloaded before the headings were translated records "th" and has English headings."""
    from exports.offline import CITATION_HEADERS, MODULE_HEADERS

    data = offline_in("th")
    sheet = rows_by_key(load_workbook(io.BytesIO(data)))["tip_consent"][0]
    data = _with_headings(data, lambda wb: sheet, MODULE_HEADERS)
    data = _with_headings(data, lambda wb: "Citations", CITATION_HEADERS)
    filled = fill(data, {"tip_consent": {ANSWER: "มีแล้วเป็นส่วนใหญ่"}})
    upload = read_offline_workbook(filled, SAMPLE, Limits(), assessment_id=WORKBOOK_ASSESSMENT_ID)
    assert [str(p) for p in upload.problems] == []
    assert upload.answers["tip_consent"].answer["value"] == "largely"


def test_an_unknown_heading_is_a_problem_naming_its_sheet_and_cell():
    data = offline_in("id")
    sheet = rows_by_key(load_workbook(io.BytesIO(data)))["tip_consent"][0]
    changed = _with_headings(data, lambda wb: sheet, {ANSWER: "Jawaban kami"})
    upload = read_offline_workbook(changed, SAMPLE, Limits(), assessment_id=WORKBOOK_ASSESSMENT_ID)
    problems = [str(p) for p in upload.problems]
    # the sheet is not read: its questions' rows are then reported missing too
    assert problems[0] == (f"{sheet}!F3: Expected the column 'Jawaban' (or 'Answer') here, found the heading "
                        "'Jawaban kami': the columns of this sheet were changed, so its answers cannot be read. "
                        "Download a new workbook.")
    assert not upload.ok
    assert "tip_consent" not in upload.answers
    # a heading of another language than the one the workbook records is unknown too
    thai = _with_headings(data, lambda wb: "Citations", {3: "กฎหมายหรือตราสาร"})
    upload = read_offline_workbook(thai, SAMPLE, Limits(), assessment_id=WORKBOOK_ASSESSMENT_ID)
    assert [(p.sheet, p.cell) for p in upload.problems] == [("Citations", "C3")]
    assert "'Undang-undang atau instrumen' (or 'Act or instrument')" in upload.problems[0].message


# --------------------------------------------------------------------------- results and comparison workbooks


def results_in(language: str):
    from datetime import datetime

    from exports.results import ResultsContext, build_results_workbook
    from scoring.engine import score
    from tests.test_workbook_reading import WORKED

    context = ResultsContext("XA", "Republic of Aldmere", "2026", "submitted", "Submitted snapshot 1",
                             datetime(2026, 3, 2, 10, 0))
    return load_workbook(io.BytesIO(saved(build_results_workbook(SAMPLE, score(SAMPLE, WORKED), WORKED, context,
                                                                 locale=language))))


def cells_of(ws) -> list:
    return [c.value for row in ws.iter_rows() for c in row if c.value is not None]


def test_results_workbook_in_thai_names_its_sheets_headings_and_notes_in_thai():
    from exports.results import WORDS, method_texts, results_words

    thai, english = results_in("th"), results_in("en")
    assert english.sheetnames[:4] == ["Summary", "Answers", "Citations", "TA requests"]
    assert thai.sheetnames[:4] == ["สรุป", "คำตอบ", "การอ้างกฎหมาย", "คำขอความช่วยเหลือ"]
    assert "ระเบียบวิธี" in thai.sheetnames  # "Methodology"
    summary = cells_of(thai["สรุป"])
    assert "ผลการประเมินตนเอง: Republic of Aldmere (XA) รอบ 2026" in summary
    assert word("note", "unofficial", "th") in summary
    assert "ช่องว่างหลัก" in summary  # "Core gap"
    assert WORDS["headline"] not in summary
    header = [c.value for c in next(thai["คำตอบ"].iter_rows(max_row=1))]
    assert header[:4] == ["รหัสคำถาม", "คำถาม", "คำตอบ", "สถานะ"]
    assert header == list(results_words("th")["answer_headers"])
    method = cells_of(thai["ระเบียบวิธี"])
    assert method_texts("th")["self_assessed_text"] in method
    assert not any(isinstance(v, str) and v.startswith("Self-assessed:") for v in method)
    page = thai["สรุป"].oddHeader.left.text or ""
    assert "รอบ 2026" in page
    assert "ส่งแล้ว" in page
    assert thai.properties.title == "ผลการประเมินตนเอง XA 2026"
    # the TA plan names each item in Thai, as the catalogue does (the result keeps the English text)
    from questionnaires.loader import default_ta_catalogue
    from questionnaires.model import tr

    plan = list(thai["แผนความช่วยเหลือ"].iter_rows(min_row=3, values_only=True))
    english_plan = list(english["TA plan"].iter_rows(min_row=3, values_only=True))
    catalogue = default_ta_catalogue()
    item = next(i for i in catalogue.items if tr(i.text, "en") == english_plan[0][3])
    assert plan[0][3] == tr(item.text, "th")
    assert plan[0][3] != english_plan[0][3]


def test_results_workbook_in_indonesian_says_why_each_section_is_held_down():
    workbook = results_in("id")
    answers = workbook["Jawaban"]
    header = [c.value for c in next(answers.iter_rows(max_row=1))]
    assert "Menahan bagiannya pada Sebagian selaras" in header
    states = {row[header.index("Keadaan")] for row in answers.iter_rows(min_row=2, values_only=True)}
    assert states & {"Dijawab", "Belum dijawab"}
    assert not states & {"Answered", "Not answered"}


def comparison_in(language: str):
    from exports.compare import ComparisonData, build_comparison_workbook
    from scoring.engine import score
    from scoring.region import Entry, matrix, missed_elements, ta_demand
    from tests.test_workbook_reading import DRAFT_ANSWERS, WORKED

    entries = [Entry("XA", "Republic of Aldmere", "Pacific", "validated", "sample", 1, score(SAMPLE, WORKED)),
               Entry("XB", "Kingdom of Belvaro", "Pacific", "submitted", "sample", 1, score(SAMPLE, DRAFT_ANSWERS))]
    data = ComparisonData("2026", ("validated", "submitted"), "6 Mar 2026 09:30 UTC", matrix(entries),
                          missed_elements(entries), ta_demand(entries), {e.member: e.name for e in entries},
                          locale=language)
    return load_workbook(io.BytesIO(saved(build_comparison_workbook(data))))


def test_comparison_workbook_in_indonesian():
    workbook = comparison_in("id")
    assert workbook.sheetnames[:4] == ["Matriks", "Kategori hasil", "Elemen", "Kebutuhan bantuan teknis"]
    matrix_rows = [[c.value for c in row] for row in workbook["Matriks"].iter_rows()]
    assert matrix_rows[0][0] == "Kesenjangan inti per anggota dan bagian"
    header = matrix_rows[3]
    assert header[:5] == ["Anggota", "Kode", "Subkawasan", "Hasil", "Kesenjangan inti keseluruhan"]
    belvaro = next(r for r in matrix_rows if r[1] == "XB")
    assert belvaro[header.index("Money laundering")] == "belum dijawab"  # a blank cell says why: "not answered yet"
    bands = [[c.value for c in row] for row in workbook["Kategori hasil"].iter_rows()]
    band_words = {word("band", b, "id") for b in ("aligned", "largely_aligned", "partly_aligned", "not_aligned")}
    shown = {str(v).split(" (")[0] for row in bands[4:] for v in row[4:5] if v}
    assert shown
    assert shown <= band_words
    elements = cells_of(workbook["Elemen"])
    assert {"Kesenjangan", "Terpenuhi"} & set(elements)
    assert not {"Gap", "Met"} & set(elements)
    assert cells_of(workbook["Metodologi"])[0] == "Cara membaca buku kerja ini"


def test_comparison_workbook_in_english_is_unchanged():
    workbook = comparison_in("en")
    assert workbook.sheetnames[:4] == ["Matrix", "Bands", "Elements", "TA demand"]
    assert [c.value for c in workbook["Matrix"][4]][:5] == ["Member", "Code", "Sub-region", "Results",
                                                            "Overall core gap"]


def test_comparison_of_stored_results_in_thai_titles_sections_and_assistance_in_thai(db):
    """From the database: the shipped questionnaire's sections head the matrix in Thai, and the TA demand names each
    item as the catalogue does in Thai (stored results keep English titles and texts)."""
    from assessment.compare.exporting import comparison_data
    from assessment.compare.loading import cycles
    from assessment.demo.synthetic import seed_region
    from exports.compare import build_comparison_workbook
    from questionnaires.loader import DATA_DIR, default_ta_catalogue, load_questionnaire
    from questionnaires.model import tr

    seed_region(4, ("2026",), pool=2)
    full = load_questionnaire(DATA_DIR / "legislative_framework.v1.json")
    data = comparison_data(cycles()[0], ("validated", "submitted"), locale="th")
    workbook = load_workbook(io.BytesIO(saved(build_comparison_workbook(data))))
    header = [c.value for c in workbook["ตาราง"][4]]
    assert tr(full.section("crim_tip_offence").title, "th") in header
    assert tr(full.section("crim_tip_offence").title, "en") not in header
    demand = list(workbook["ความต้องการความช่วยเหลือ"].iter_rows(min_row=4, values_only=True))
    assert demand
    texts = {i.id: i.text for i in default_ta_catalogue().items}
    items = [row for row in demand if row[0] in texts]  # the others are the focal points' own requests
    assert items
    assert [row[2] for row in items] == [tr(texts[row[0]], "th") for row in items]
    assert [row[2] for row in items] != [tr(texts[row[0]], "en") for row in items]


# --------------------------------------------------------------------------- an upload's problems in one's language


def test_an_indonesian_focal_point_reads_the_problems_of_a_tampered_upload_in_indonesian(client, auth, db,
                                                                                         make_user, make_assessment):
    """An Indonesian offline workbook, one hidden id changed and one module sheet renamed, uploaded by a focal
    point whose profile says Bahasa Indonesia: the preview says each problem in Indonesian, naming the sheet and
    the cell; nothing is stored."""
    from sqlalchemy import func, select

    from assessment.models import Assessment, AuditEvent
    from assessment.services.answer_store import answers_of
    from tests.test_reports import download, text_of, upload

    draft = make_assessment("XA", answers=BEFORE)
    focal = make_user("focal_point", "XA")
    focal.language = "id"
    db.session.commit()
    auth.login(focal)
    data = download(client, draft.id)
    workbook = load_workbook(io.BytesIO(data))
    assert meta(workbook)["language"] == "id"
    where = rows_by_key(workbook)
    consent_sheet, consent_row = where["tip_consent"]
    money_sheet = where["ml_conduct"][0]
    assert consent_sheet != money_sheet
    workbook[consent_sheet][f"A{consent_row}"] = "tip_diubah"
    workbook[money_sheet].title = "Aset saya"
    buffer = io.BytesIO()
    workbook.save(buffer)

    response = upload(client, draft.id, buffer.getvalue())
    assert response.status_code == 422
    text = text_of(response.get_data(as_text=True))
    # each problem in the table's row: sheet, cell, problem
    assert (f"{consent_sheet} A{consent_row} Id pertanyaan 'tip_diubah' tidak dikenal: sel id tersembunyi telah "
            "diubah. Unduh buku kerja baru, atau batalkan perubahan tersebut." in text)
    assert (f"{consent_sheet} Baris pertanyaan 'tip_consent' (Is the victim's consent irrelevant once improper "
            "means are s) tidak ada atau id-nya telah diubah." in text)
    assert ("Aset saya Lembar modul 'Penelusuran aset hasil kejahatan' tidak ada. Buku kerja ini memiliki lembar "
            f"bernama 'Aset saya' sebagai gantinya: ubah kembali namanya menjadi '{money_sheet}'." in text)
    # the English words are not shown beside them
    assert "Unknown question id" not in text
    assert "is missing" not in text
    db.session.expire_all()
    assert answers_of(db.session.get(Assessment, draft.id), with_version=False) == BEFORE
    assert db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.assessment_id == draft.id, AuditEvent.action == "answer.update")) == 0


def test_the_reader_says_its_problems_in_english_unless_told_otherwise():
    data = fill(offline_in("id"), {"tip_consent": {ANSWER: "Hampir"}},
                citations=[["tip_consent", None, "KUHP", None, 95, None, None]])
    english = read_offline_workbook(data, SAMPLE, Limits(), assessment_id=WORKBOOK_ASSESSMENT_ID)
    thai = read_offline_workbook(data, SAMPLE, Limits(), assessment_id=WORKBOOK_ASSESSMENT_ID, locale="th")
    assert [(p.sheet, p.cell) for p in english.problems] == [(p.sheet, p.cell) for p in thai.problems]
    assert [p.message for p in english.problems if p.sheet == "Citations"] == [
        "'95' is not a year. Enter a four-digit year from 1800 to 2100."]
    assert [p.message for p in thai.problems if p.sheet == "Citations"] == [
        "'95' ไม่ใช่ปี ใส่ปี ค.ศ. สี่หลักตั้งแต่ 1800 ถึง 2100"]
    # the answers listed are the workbook's own (Indonesian) words, said in the person's language
    choice = [p.message for p in english.problems if p.sheet != "Citations"]
    assert choice[0].startswith("'Hampir' is not one of the answers in the list: ")
    thai_choice = [p.message for p in thai.problems if p.sheet != "Citations"]
    assert thai_choice[0] == choice[0].replace("is not one of the answers in the list", "ไม่ใช่หนึ่งในคำตอบในรายการ"
                                               ).removesuffix(".")
