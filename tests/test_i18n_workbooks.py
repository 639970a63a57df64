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
