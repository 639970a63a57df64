"""Workbooks in Bahasa Indonesia and Thai opened by LibreOffice: the results and offline workbooks of the full
questionnaire show Indonesian texts, words, sheet names and headings, a Thai results workbook and the Indonesian
and Thai comparison workbooks their own, and an Indonesian offline workbook re-saved by LibreOffice reads back
with the same answers."""

from __future__ import annotations

import csv
import io
import subprocess
from pathlib import Path

import pytest

from bench.bench_exports import MOMENT, full_answers
from exports.offline import OfflineContext, build_offline_workbook, read_offline_workbook
from exports.results import ResultsContext, build_results_workbook
from exports.safety import Limits
from questionnaires.loader import DATA_DIR, load_questionnaire
from questionnaires.model import tr
from questionnaires.translations import word
from scoring.engine import score
from tests.resources import require_libreoffice
from tests.test_i18n_workbooks import comparison_in

pytestmark = pytest.mark.libreoffice

FULL = load_questionnaire(DATA_DIR / "legislative_framework.v1.json")
CSV_EVERY_SHEET = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"


def saved(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def converted(tmp_path_factory) -> Path:
    soffice = require_libreoffice()
    folder = tmp_path_factory.mktemp("libreoffice-id")
    answers = full_answers(FULL)
    result = score(FULL, answers, member="XA", cycle="2026")
    results = ResultsContext("XA", "Republic of Aldmere", "2026", "draft", "Worked out from the draft answers", MOMENT)
    offline = OfflineContext(1, "XA", "Republic of Aldmere", "2026", "draft", MOMENT)
    (folder / "results_id.xlsx").write_bytes(saved(build_results_workbook(FULL, result, answers, results,
                                                                           locale="id")))
    (folder / "results_th.xlsx").write_bytes(saved(build_results_workbook(FULL, result, answers, results,
                                                                           locale="th")))
    (folder / "offline_id.xlsx").write_bytes(saved(build_offline_workbook(FULL, answers, offline, locale="id")))
    for language in ("id", "th"):
        (folder / f"comparison_{language}.xlsx").write_bytes(saved(comparison_in(language)))
    profile = (folder / "profile").as_uri()
    every = ("results_id", "results_th", "offline_id", "comparison_id", "comparison_th")
    for target, outdir, names in ((CSV_EVERY_SHEET, "csv", every),
                                  ("xlsx", "xlsx", ("offline_id",))):
        command = [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to",
                   target, "--outdir", str(folder / outdir), *(str(folder / f"{n}.xlsx") for n in names)]
        done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
        assert done.returncode == 0, done.stderr
    return folder


def sheets(folder: Path, name: str) -> dict[str, list[list[str]]]:
    found = {}
    for path in (folder / "csv").glob(f"{name}-*.csv"):
        with path.open(encoding="utf-8", newline="") as handle:
            found[path.stem[len(name) + 1:]] = list(csv.reader(handle))
    return found


def test_indonesian_results_workbook_opens_with_indonesian_titles_and_band_words(converted):
    found = sheets(converted, "results_id")
    assert "Summary" not in found
    summary = [cell for row in found["Ringkasan"] for cell in row]  # "Summary"
    assert word("note", "unofficial", "id") in summary
    assert "Hasil penilaian mandiri: Republic of Aldmere (XA), siklus 2026" in summary
    assert "Kesenjangan inti" in summary  # "Core gap"
    bands = {word("band", b, "id") for b in ("aligned", "largely_aligned", "partly_aligned", "not_aligned")}
    section_rows = [row for row in found["Ringkasan"] if row and row[0] == tr(FULL.section("crim_tip_offence").title,
                                                                              "id")]
    assert section_rows, "the section's Indonesian title is in the Summary"
    assert any(cell.split(" (")[0] in bands for cell in section_rows[0])
    answers = found["Jawaban"]  # "Answers"
    assert answers[0][:4] == ["Id pertanyaan", "Pertanyaan", "Jawaban", "Keadaan"]
    assert tr(FULL.question("crim_tip_consent").text, "id") in [cell for row in answers for cell in row]


def test_thai_results_workbook_opens_with_thai_sheet_names_and_headings(converted):
    found = sheets(converted, "results_th")
    assert {"สรุป", "คำตอบ", "องค์ประกอบ", "แผนความช่วยเหลือ", "ระเบียบวิธี"} <= set(found)
    summary = [cell for row in found["สรุป"] for cell in row]
    assert "ผลการประเมินตนเอง: Republic of Aldmere (XA) รอบ 2026" in summary
    assert "ผลหลัก (ประเมินตนเอง)" in summary  # "Headline (self-assessed)"
    assert found["คำตอบ"][0][:4] == ["รหัสคำถาม", "คำถาม", "คำตอบ", "สถานะ"]
    assert found["ระเบียบวิธี"][0][:3] == ["พารามิเตอร์", "ค่า", "ความหมาย"]  # "Parameter", "Value", "Meaning"
    plan = [cell for row in found["แผนความช่วยเหลือ"] for cell in row]
    assert "ลำดับความสำคัญ" in plan  # "Priority"
    assert "Priority" not in plan


@pytest.mark.parametrize(("language", "matrix", "header", "bands_title"), [
    ("id", "Matriks", ["Anggota", "Kode", "Subkawasan", "Hasil", "Kesenjangan inti keseluruhan"],
     "Kategori (penilaian mandiri) per anggota dan bagian"),
    ("th", "ตาราง", ["สมาชิก", "รหัส", "อนุภูมิภาค", "ผลลัพธ์", "ช่องว่างหลักโดยรวม"],
     "ระดับผล (ประเมินตนเอง) ตามสมาชิกและส่วน"),
])
def test_comparison_workbooks_open_with_their_language_headings(converted, language, matrix, header, bands_title):
    found = sheets(converted, f"comparison_{language}")
    assert "Matrix" not in found
    assert found[matrix][3][:5] == header
    bands_sheet = "Kategori hasil" if language == "id" else "ระดับผล"
    assert found[bands_sheet][0][0] == bands_title
    bands = {word("band", b, language) for b in ("aligned", "largely_aligned", "partly_aligned", "not_aligned")}
    shown = {row[4].split(" (")[0] for row in found[bands_sheet][4:] if len(row) > 4 and row[4]}
    assert shown
    assert shown <= bands


def test_indonesian_offline_workbook_opens_and_reads_back_after_libreoffice_saves_it(converted):
    found = sheets(converted, "offline_id")
    assert tr(FULL.module("criminalisation").title, "id") in found  # "Kriminalisasi" as a sheet name
    meta = {row[0]: row[1] for row in found["Meta"] if len(row) > 1}
    assert meta["language"] == "id"
    statuses = {word("status", s, "id") for s in ("in_place", "largely", "partially", "not_in_place")}
    cells = {cell for row in found[tr(FULL.module("criminalisation").title, "id")] for cell in row}
    assert cells & statuses
    assert not cells & {"In place", "Largely in place", "Partially in place", "Not in place"}
    resaved = (converted / "xlsx" / "offline_id.xlsx").read_bytes()
    upload = read_offline_workbook(resaved, FULL, Limits(), assessment_id=1)
    assert upload.problems == []
    assert [qid for qid, item in upload.answers.items() if not item.untouched] == []
