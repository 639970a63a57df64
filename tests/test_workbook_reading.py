"""Workbooks a ministry lawyer and an RSO analyst read without help: each checked as openpyxl reads it and as
LibreOffice opens and prints it (one headless batch per test session: PDF for the printed pages, CSV for every
sheet's values as shown)."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
import shutil
import subprocess
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from assessment.services.imports import answer_summary
from bench.bench_exports import full_answers
from exports.offline import HELP, TA_CATEGORY, OfflineContext, build_offline_workbook, read_offline_workbook
from exports.results import ResultsContext, build_results_workbook
from exports.safety import Limits
from questionnaires.loader import DATA_DIR, load_questionnaire
from scoring.engine import score
from tests.conftest import FIXTURES
from tests.excel_helpers import saved
from tests.resources import require_libreoffice
from tests.scoring_helpers import SAMPLE

FULL = load_questionnaire(DATA_DIR / "legislative_framework.v1.json")
WORKED = json.loads((FIXTURES / "worked_example_answers.json").read_text(encoding="utf-8"))["answers"]
#: a draft a quarter done in trafficking and not begun in money laundering: those figures are provisional
DRAFT_ANSWERS = {k: v for k, v in WORKED.items() if not k.startswith(("ml_", "tip_c", "tip_p"))}
DRAFT = ResultsContext("XB", "Kingdom of Belvaro", "2026", "draft",
                       "Worked out from the draft answers when this workbook was made (not submitted)",
                       datetime(2026, 3, 6, 9, 30))
VALIDATED = ResultsContext("XA", "Republic of Aldmere", "2026", "validated",
                           "Submitted snapshot 1 of 2026-03-01, validated 2026-03-05", datetime(2026, 3, 6, 9, 30))
#: LibreOffice's CSV filter: comma, double quotes, UTF-8, from row 1, values as shown, every sheet to its own file
CSV_EVERY_SHEET = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1"


def full_draft() -> bytes:
    """A draft of the full questionnaire, long enough to print the Answers on several pages."""
    answers = full_answers(FULL)
    result = score(FULL, answers, member="XB", cycle="2026")
    return saved(build_results_workbook(FULL, result, answers, dataclasses.replace(DRAFT, from_draft=True)))


def offline_draft() -> bytes:
    context = OfflineContext(7, "XB", "Kingdom of Belvaro", "2026", "changes_requested", datetime(2026, 3, 6, 9, 30))
    return saved(build_offline_workbook(SAMPLE, {k: {**v, "version": 1} for k, v in DRAFT_ANSWERS.items()},
                                        context))


def draft_result():
    return score(SAMPLE, DRAFT_ANSWERS, member="XB", cycle="2026")


def results_draft() -> bytes:
    return saved(build_results_workbook(SAMPLE, draft_result(), DRAFT_ANSWERS, DRAFT))


#: the worked example with a link on a citation
LINKED = {**WORKED, "tip_acts": {**WORKED["tip_acts"], "citations": [
    {**WORKED["tip_acts"]["citations"][0], "url": "https://laws.example.org/penal-code#s212"}]}}


def results_validated() -> bytes:
    return saved(build_results_workbook(SAMPLE, score(SAMPLE, LINKED, member="XA", cycle="2026"), LINKED, VALIDATED))


#: every workbook the LibreOffice batch opens
WORKBOOKS = {
    "results_draft": results_draft,
    "results_validated": results_validated,
    "results_full_draft": full_draft,
    "offline_draft": offline_draft,
}


class Batch:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def pdf_text(self, name: str) -> list[str]:
        """The printed pages' text (one string per page)."""
        done = subprocess.run(["pdftotext", "-layout", str(self.folder / "pdf" / f"{name}.pdf"), "-"],
                              capture_output=True, text=True, check=True)
        return done.stdout.split("\f")[:-1] if done.stdout.endswith("\f") else done.stdout.split("\f")

    def csv_sheet(self, name: str, sheet: str) -> list[list[str]]:
        with (self.folder / "csv" / f"{name}-{sheet}.csv").open(encoding="utf-8", newline="") as handle:
            return list(csv.reader(handle))


@pytest.fixture(scope="module")
def libreoffice(tmp_path_factory) -> Batch:
    soffice = require_libreoffice()
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    folder = tmp_path_factory.mktemp("reading")
    for name, make in WORKBOOKS.items():
        (folder / f"{name}.xlsx").write_bytes(make())
    profile = (folder / "profile").as_uri()
    for target, outdir in (("pdf", "pdf"), (CSV_EVERY_SHEET, "csv")):
        command = [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to",
                   target, "--outdir", str(folder / outdir), *(str(folder / f"{n}.xlsx") for n in WORKBOOKS)]
        done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
        assert done.returncode == 0, done.stderr
    return Batch(folder)


def _ranges(ws) -> dict[str, list[str]]:
    """Conditional formats: the kind of rule → the cells it covers."""
    found: dict[str, list[str]] = {}
    for formatting in ws.conditional_formatting:
        for rule in formatting.rules:
            found.setdefault(rule.type, []).extend(str(formatting.sqref).split())
    return found


def _covers(ranges: list[str], coordinate: str) -> bool:
    from openpyxl.worksheet.cell_range import CellRange

    return any(coordinate in CellRange(r) for r in ranges)


# --------------------------------------------------------------------------- 8: provisional figures


def test_provisional_figures_get_a_neutral_pattern_and_the_word_not_a_colour():
    result = draft_result()
    assert result["overall"]["provisional"]
    ws = load_workbook(io.BytesIO(results_draft()))["Summary"]
    rows = {r[0].value: r for r in ws.iter_rows() if r[0].value}
    colours = _ranges(ws)
    core = rows["Core gap"][1]
    assert core.value == result["overall"]["gap"]  # still a number
    assert core.number_format.endswith('" (provisional)"')
    assert core.fill.patternType == "lightTrellis"
    assert not _covers(colours.get("colorScale", []), core.coordinate)
    assert rows["Band (self-assessed)"][1].value.endswith("(provisional)")
    assert not _covers(colours.get("beginsWith", []), rows["Band (self-assessed)"][1].coordinate)

    trafficking, smuggling = rows["Trafficking in persons"], rows["Smuggling of migrants"]
    assert trafficking[2].value == 20.0
    assert trafficking[2].fill.patternType == "lightTrellis"
    assert not _covers(colours["colorScale"], trafficking[2].coordinate)
    assert not _covers(colours["beginsWith"], trafficking[3].coordinate)
    # a complete section's figures keep their colours
    assert smuggling[2].value == 50.0
    assert smuggling[2].fill.patternType is None
    assert _covers(colours["colorScale"], smuggling[2].coordinate)
    assert _covers(colours["beginsWith"], smuggling[3].coordinate)


def test_element_gaps_are_coloured_only_where_the_state_is_known():
    ws = load_workbook(io.BytesIO(results_draft()))["Elements"]
    rows = {r[0].value: r for r in ws.iter_rows(min_row=2)}
    scale = _ranges(ws)["colorScale"]
    assert rows["A1"][3].value == "Gap"
    assert _covers(scale, rows["A1"][5].coordinate)
    assert rows["F13"][3].value == "Unknown"
    assert rows["F13"][5].value == 100.0
    assert not _covers(scale, rows["F13"][5].coordinate)


def test_complete_results_are_coloured_on_the_shared_scale():
    ws = load_workbook(io.BytesIO(results_validated()))["Summary"]
    rows = {r[0].value: r for r in ws.iter_rows() if r[0].value}
    colours = _ranges(ws)
    assert _covers(colours["colorScale"], rows["Core gap"][1].coordinate)
    scale = next(rule for cf in ws.conditional_formatting for rule in cf.rules if rule.type == "colorScale")
    assert [c.rgb[-6:] for c in scale.colorScale.color] == ["92C5DE", "FFF5CC", "F4A582"]


@pytest.mark.libreoffice
def test_libreoffice_prints_the_word_provisional_beside_the_figure(libreoffice):
    summary = libreoffice.csv_sheet("results_draft", "Summary")
    trafficking = next(row for row in summary if row and row[0] == "Trafficking in persons")
    assert trafficking[2] == "20.0 (provisional)"
    assert trafficking[3] == "Partly aligned (provisional)"
    smuggling = next(row for row in summary if row and row[0] == "Smuggling of migrants")
    assert smuggling[2] == "50.0"
    pages = libreoffice.pdf_text("results_draft")
    assert "20.0 (provisional)" in pages[0]


# --------------------------------------------------------------------------- 9: whose pages they are


def test_every_sheet_says_whose_results_and_drafts_say_draft():
    draft = load_workbook(io.BytesIO(results_draft()))
    for ws in draft.worksheets:
        assert ws.oddHeader.left.text == "Kingdom of Belvaro (XB) · cycle 2026 · Draft", ws.title
        assert ws.oddHeader.right.text == "Self-assessed · questionnaire sample, version 1"
        assert ws.oddHeader.center.text == "DRAFT"
        assert ws.oddFooter.center.text == "&A · page &P of &N"
    assert draft["Answers"].print_title_rows == "$1:$1"
    assert draft["TA plan"].print_title_rows == "$2:$2"  # below the note
    validated = load_workbook(io.BytesIO(results_validated()))
    summary = validated["Summary"]
    assert summary.oddHeader.left.text == "Republic of Aldmere (XA) · cycle 2026 · Validated"
    assert not summary.oddHeader.center.text  # no DRAFT on validated results


def test_a_member_name_with_an_ampersand_prints_as_written():
    context = dataclasses.replace(VALIDATED, member_name="Islands of Cora & Vell")
    wb = build_results_workbook(SAMPLE, score(SAMPLE, WORKED), WORKED, context)
    header = load_workbook(io.BytesIO(saved(wb)))["Summary"].oddHeader.left.text
    assert header == "Islands of Cora && Vell (XA) · cycle 2026 · Validated"  # && is how a header writes &


@pytest.mark.libreoffice
def test_printed_pages_carry_member_status_draft_and_page_numbers(libreoffice):
    pages = libreoffice.pdf_text("results_full_draft")
    assert len(pages) > 6
    for number, page in enumerate(pages, start=1):
        assert "DRAFT" in page, number
        assert "Kingdom of Belvaro (XB) · cycle 2026 · Draft" in page, number
        assert "Self-assessed · questionnaire legislative_framework, version 1" in page, number
        assert re.search(r"page \d+ of \d+", page), number
    answers = [page for page in pages if re.search(r"Answers · page \d+ of \d+", page)]
    assert len(answers) > 2
    for page in answers:  # the table header is printed again on every page of the Answers sheet
        assert "Question id" in page
        assert "Justification" in page
    assert not any("DRAFT" in page for page in libreoffice.pdf_text("results_validated"))


@pytest.mark.libreoffice
def test_printed_offline_pages_say_draft_for_changes_requested(libreoffice):
    pages = libreoffice.pdf_text("offline_draft")
    assert pages
    for page in pages:
        assert "DRAFT" in page
        assert "Kingdom of Belvaro (XB) · cycle 2026 · Changes requested" in page


# --------------------------------------------------------------------------- 11: the results workbook explains itself


def _table(ws, first: str) -> tuple[list, list[list]]:
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    start = next(i for i, r in enumerate(rows) if r and r[0] == first)
    return rows[start], rows[start + 1:]


def test_answers_give_each_questions_gap_points_and_whether_it_caps_its_section():
    result = score(SAMPLE, LINKED)
    ws = load_workbook(io.BytesIO(results_validated()))["Answers"]
    header, rows = _table(ws, "Question id")
    column = {name: header.index(name) for name in header}
    by_id = {r[0]: r for r in rows}
    assert by_id["tip_consent"][column["Gap points in its section"]] == 33.3
    assert by_id["mla_days"][column["Gap points in its section"]] == 25.0
    assert by_id["party_untoc"][column["Gap points in its section"]] is None  # not scored
    for section in result["sections"]:  # the points add up to the section's gap
        ids = {q.id for q in SAMPLE.section(section["id"]).questions}
        total = sum(r[column["Gap points in its section"]] or 0 for r in rows if r[0] in ids)
        assert round(total, 1) == section["gap"]
    caps = column["Holds its section at Partly aligned"]
    assert [r[0] for r in rows if r[caps] == "Yes"] == ["tip_consent", "som_fomb", "ml_conduct"]
    assert ws.auto_filter.ref.endswith(f"{len(rows) + 1}")  # the column is in the filter
    assert ws.auto_filter.ref.startswith("A1:")


def test_citations_have_their_own_sheet_with_clickable_links():
    ws = load_workbook(io.BytesIO(results_validated()))["Citations"]
    header, rows = _table(ws, "Question id")
    assert header == ["Question id", "Question", "Section", "Act or instrument", "Section or article", "Year",
                      "Status", "Link"]
    acts = next(r for r in rows if r[0] == "tip_acts")
    assert acts[2:7] == ["Trafficking in persons", "Penal Code", "s. 212", 2008, "In force"]
    cell = next(c for row in ws.iter_rows() for c in row if c.value == "https://laws.example.org/penal-code#s212")
    assert cell.hyperlink.target == "https://laws.example.org/penal-code#s212"
    assert next(r for r in rows if r[0] == "tip_consent")[6] == "Bill"


def test_the_members_own_ta_requests_read_in_words_beside_question_and_section():
    book = load_workbook(io.BytesIO(results_validated()))
    header, rows = _table(book["TA requests"], "Question id")
    assert [r[0] for r in rows] == ["som_fomb", "mla_days"]
    fomb = rows[0]
    assert fomb[2:6] == ["Smuggling of migrants", "Legislative drafting and legal advice",
                         "Specificities of the legal system",
                         "A model provision on 'other material benefit' for a common-law penal code."]
    assert fomb[1] == SAMPLE.question("som_fomb").text["en"]
    header, items = _table(book["TA plan"], "Rank")
    behind = [r[header.index("Questions behind it (section)")] for r in items]
    consent = SAMPLE.question("tip_consent").text["en"]
    assert f"tip_consent: {consent} (Trafficking in persons)" in behind[0]


def test_methodology_says_it_in_full():
    ws = load_workbook(io.BytesIO(results_validated()))["Methodology"]
    text = "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value)
    assert "docs/" not in text
    assert ".md" not in text
    for words in ("Gap points", "Which questions count", "Law in force", "Technical assistance", "0.75 (largely)"):
        assert words in text


@pytest.mark.libreoffice
def test_libreoffice_shows_the_new_sheets_and_keeps_the_links(libreoffice):
    citations = libreoffice.csv_sheet("results_validated", "Citations")
    assert ["tip_acts", SAMPLE.question("tip_acts").text["en"], "Trafficking in persons", "Penal Code", "s. 212",
            "2008", "In force", "https://laws.example.org/penal-code#s212"] in citations
    requests = libreoffice.csv_sheet("results_validated", "TA requests")
    assert any(r[:1] == ["mla_days"] and r[3] == "Institution-building" for r in requests), requests
    answers = libreoffice.csv_sheet("results_validated", "Answers")
    points = answers[0].index("Gap points in its section")
    assert next(r for r in answers if r[0] == "tip_consent")[points] == "33.3"
    pdf = (libreoffice.folder / "pdf" / "results_validated.pdf").read_bytes()
    assert b"https://laws.example.org/penal-code#s212" in pdf  # a link annotation in the printed file


# --------------------------------------------------------------------------- 12: the offline workbook and its import


def _offline_row(book, question_id: str) -> list:
    for ws in book.worksheets:
        for row in ws.iter_rows(values_only=True):
            if row and row[0] == question_id:
                return list(row)
    raise AssertionError(question_id)


def test_help_column_lists_every_answer_the_drop_down_offers():
    book = load_workbook(io.BytesIO(offline_draft()))
    tradition = _offline_row(book, "legal_tradition")[HELP - 1]
    assert tradition.endswith("Answers in the list: Common law · Civil law · Mixed · Unknown")
    attempt = _offline_row(book, "tip_attempt")[HELP - 1]
    assert "Answers in the list: In place · Largely in place · Partially in place · Not in place · Unknown · " \
           "Precluded by fundamental principles" in attempt
    assert "Answers in the list" not in (_offline_row(book, "tip_notes")[HELP - 1] or "")  # free text: no list


def test_year_column_is_validated_and_instructions_show_progress_by_section():
    book = load_workbook(io.BytesIO(offline_draft()))
    years = [v for v in book["Citations"].data_validations.dataValidation if v.type == "whole"]
    assert [(v.formula1, v.formula2, str(v.sqref).split(":")[0]) for v in years] == [("1800", "2100", "E4")]
    progress = {r[0].strip(): r[1] for r in book["Instructions"].iter_rows(values_only=True) if r[0] and r[1]}
    assert progress["Trafficking in persons"] == "2 of 5 answered"
    assert progress["Money laundering"] == "0 of 2 answered"
    assert progress["Extradition"] == "3 of 3 answered (complete)"


def _uploaded(book) -> list:
    return read_offline_workbook(saved(book), SAMPLE, Limits(), assessment_id=7).problems


def test_a_renamed_sheet_is_named_as_found():
    book = load_workbook(io.BytesIO(offline_draft()))
    book["Criminalisation"].title = "Crim (ours)"
    problems = _uploaded(book)
    assert [(p.sheet, p.message) for p in problems] == [
        ("Crim (ours)", "The sheet of the module 'Criminalisation' is missing. The workbook has a sheet named "
                        "'Crim (ours)' instead: rename it back to 'Criminalisation'.")]


def test_a_damaged_file_is_explained_in_words():
    data = bytearray(offline_draft())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("xl/worksheets/sheet2.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    data[start + info.compress_size // 2] ^= 0x55  # one byte changed in transit: the checksum no longer matches
    problems = read_offline_workbook(bytes(data), SAMPLE, Limits(), assessment_id=7).problems
    assert len(problems) == 1
    message = problems[0].message
    assert message.startswith("The file is damaged")
    assert "save it again as an Excel Workbook (.xlsx)" in message
    assert "CRC" not in message
    assert "Error" not in message


def test_import_messages_and_summaries_in_words():
    book = load_workbook(io.BytesIO(offline_draft()))
    sheet, row = next((ws, r[0].row) for ws in book.worksheets for r in ws.iter_rows(max_col=1)
                      if r[0].value == "som_fomb")
    sheet.cell(row=row, column=TA_CATEGORY).value = "Legal drafting"
    problems = _uploaded(book)
    assert [p.message for p in problems] == ["'Legal drafting' is not a kind of assistance in the list."]
    question = SAMPLE.question("tip_acts")
    words = answer_summary(question, {"value": ["recruitment"], "citations": [
        {"act": "Penal Code", "section": "s. 212", "year": 2020, "status": "bill"}],
        "ta_request": {"category": "TA-LEG", "challenge": "legal_system"}})
    assert "citations: Penal Code, s. 212, year 2020, bill" in words
    assert "TA requested (Legislative drafting and legal advice, specificities of the legal system)" in words
    assert "TA-LEG" not in words


@pytest.mark.libreoffice
def test_libreoffice_shows_the_options_and_the_progress(libreoffice):
    criminalisation = libreoffice.csv_sheet("offline_draft", "Criminalisation")
    attempt = next(r for r in criminalisation if r and r[0] == "tip_attempt")
    assert "Answers in the list: In place · Largely in place" in attempt[HELP - 1]
    instructions = libreoffice.csv_sheet("offline_draft", "Instructions")
    trafficking = next(r for r in instructions if r and r[0].strip() == "Trafficking in persons")
    assert trafficking[:2] == ["   Trafficking in persons", "2 of 5 answered"]


def test_empty_citations_and_requests_sheets_say_so():
    book = load_workbook(io.BytesIO(saved(build_results_workbook(SAMPLE, score(SAMPLE, {}), {}, VALIDATED))))
    assert book["Citations"]["A2"].value == "No legislation is cited in these answers."
    assert book["TA requests"]["A2"].value == "The member has not asked for technical assistance on any question."
    assert load_workbook(io.BytesIO(results_validated()))["TA requests"]["A2"].value == "Question id"
