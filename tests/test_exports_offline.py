"""The offline workbook without a database: what it holds, reading it back tolerantly, and every refusal."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from openpyxl import load_workbook

from exports.offline import (
    ANSWER,
    COMMENT,
    TA_CATEGORY,
    OfflineAnswer,
    answer_fingerprint,
    read_offline_workbook,
)
from exports.safety import Limits
from questionnaires.progress import progress
from scoring.engine import score
from tests.excel_helpers import (
    BEFORE,
    EXPECTED,
    FILL,
    WORKBOOK_ASSESSMENT_ID,
    fill,
    filled_sample,
    offline_bytes,
    rezip,
    rows_by_key,
    with_versions,
)
from tests.scoring_helpers import SAMPLE, variant

LIMITS = Limits()


def read(data: bytes, questionnaire=SAMPLE, limits: Limits = LIMITS, assessment_id=WORKBOOK_ASSESSMENT_ID):
    return read_offline_workbook(data, questionnaire, limits, assessment_id=assessment_id)


def messages(upload) -> list[str]:
    return [str(p) for p in upload.problems]


# --------------------------------------------------------------------------- what the workbook holds


def test_workbook_has_instructions_a_sheet_per_module_citations_and_hidden_lists_and_meta():
    workbook = load_workbook(io.BytesIO(offline_bytes(SAMPLE)))
    assert workbook.sheetnames == ["Instructions", "Profile", "Criminalisation", "Following the money",
                                   "International cooperation", "Citations", "Lists", "Meta"]
    assert [workbook[name].sheet_state for name in ("Lists", "Meta")] == ["hidden", "veryHidden"]
    assert workbook.security.lockStructure
    for ws in workbook.worksheets:
        assert ws.protection.sheet, ws.title
    crim = workbook["Criminalisation"]
    assert [crim.column_dimensions[c].hidden for c in "ABCD"] == [True, True, True, False]
    assert crim.freeze_panes == "F4"
    assert crim.print_title_rows == "$3:$3"
    assert crim.page_setup.orientation == "landscape"
    assert crim["F3"].value == "Answer"


def test_one_row_per_question_and_per_component_prefilled_with_versions_and_fingerprints():
    workbook = load_workbook(io.BytesIO(offline_bytes(SAMPLE, with_versions(BEFORE, 3))))
    rows = rows_by_key(workbook)
    expected = [q.id for q in SAMPLE.questions] + [f"{q.id}/{c.id}" for q in SAMPLE.questions for c in q.components]
    assert sorted(rows) == sorted(expected)
    sheet, row = rows["tip_consent"]
    ws = workbook[sheet]
    assert (ws[f"A{row}"].value, ws[f"B{row}"].value) == ("tip_consent", 3)
    assert ws[f"C{row}"].value == answer_fingerprint(SAMPLE.question("tip_consent"), BEFORE["tip_consent"])
    assert ws[f"F{row}"].value == "Partially in place"
    assert ws[f"F{row}"].protection.locked is False
    assert ws[f"E{row}"].protection.locked is True
    sheet, row = rows["tip_acts/recruitment"]
    assert workbook[sheet][f"F{row}"].value == "Covered"
    assert workbook[sheet][f"F{rows['tip_acts/receipt'][1]}"].value == "Not covered"
    unanswered = rows["tip_penalty"]
    assert (workbook[unanswered[0]][f"B{unanswered[1]}"].value, workbook[unanswered[0]][f"F{unanswered[1]}"].value) \
        == (0, None)
    citations = workbook["Citations"]
    assert [c.value for c in citations[4]] == ["tip_acts", "Which acts does the trafficking offence cover?",
                                               "Penal Code", "s. 212", 2008, "In force", None]


def test_drop_downs_come_from_named_ranges_on_the_hidden_lists_sheet():
    workbook = load_workbook(io.BytesIO(offline_bytes(SAMPLE)))
    names = workbook.defined_names
    validations = [dv for ws in workbook.worksheets for dv in ws.data_validations.dataValidation
                   if dv.type != "whole"]  # the Citations sheet's year column takes a whole number
    assert validations
    for dv in validations:
        assert dv.type == "list"
        assert dv.formula1 in names, dv.formula1  # a name, never an inline "a,b,c" list
        assert re.match(r"'?Lists'?!\$", names[dv.formula1].attr_text)
    lists = workbook["Lists"]
    status = names["list_status"].attr_text
    column = re.match(r"'?Lists'?!\$([A-Z]+)\$", status).group(1)
    assert [c.value for c in lists[column][1:]][:5] == ["In place", "Largely in place", "Partially in place",
                                                         "Not in place", "Unknown"]
    crim = workbook["Criminalisation"]
    _sheet, row = rows_by_key(workbook)["tip_attempt"]
    attempt = next(dv for dv in crim.data_validations.dataValidation if f"F{row}" in dv.sqref)
    values = _list_values(workbook, attempt.formula1)
    assert "Precluded by fundamental principles" in values
    assert "Not applicable" not in values


def _list_values(workbook, name):
    ref = workbook.defined_names[name].attr_text
    column, first, last = re.match(r"'?Lists'?!\$([A-Z]+)\$(\d+):\$[A-Z]+\$(\d+)", ref).groups()
    return [workbook["Lists"][f"{column}{r}"].value for r in range(int(first), int(last) + 1)]


def test_no_formulas_links_or_macros_in_the_file():
    data = fill(offline_bytes(SAMPLE), {"tip_notes": {COMMENT: "=HYPERLINK(\"http://evil.example\")"}})
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        assert not any("externalLink" in n or "vbaProject" in n for n in names)
        for name in names:
            if name.startswith("xl/worksheets/sheet"):
                xml = archive.read(name).decode()
                assert "<f>" not in xml, name
                assert "<hyperlink" not in xml, name


def test_instructions_say_where_the_questionnaire_comes_from_and_that_it_is_not_reviewed():
    workbook = load_workbook(io.BytesIO(offline_bytes(SAMPLE)))
    facts = {row[0]: row[1] for row in workbook["Instructions"].iter_rows(values_only=True) if row[0]}
    assert facts["Review status of the questionnaire"] == "Not reviewed. Test fixture; not reviewed."


def test_contributors_get_their_sections_open_and_the_others_locked():
    data = offline_bytes(SAMPLE, editable=frozenset({"laundering"}))
    workbook = load_workbook(io.BytesIO(data))
    rows = rows_by_key(workbook)
    sheet, row = rows["ml_conduct/conversion"]
    assert workbook[sheet][f"F{row}"].protection.locked is False
    sheet, row = rows["tip_consent"]
    assert workbook[sheet][f"F{row}"].protection.locked is True
    instructions = [c.value for row in workbook["Instructions"].iter_rows() for c in row if c.value]
    assert "Money laundering" in " ".join(map(str, instructions))


# --------------------------------------------------------------------------- reading back


def test_unchanged_download_reads_back_untouched_and_without_problems():
    upload = read(offline_bytes(SAMPLE, with_versions(BEFORE, 2)))
    assert upload.problems == []
    assert (upload.questionnaire_id, upload.questionnaire_version, upload.assessment_id) == ("sample", 1, 4242)
    assert set(upload.answers) == {q.id for q in SAMPLE.questions}
    assert all(item.untouched for item in upload.answers.values())
    assert upload.answers["tip_consent"].version == 2
    assert upload.answers["tip_penalty"].version == 0
    assert upload.answers["tip_consent"].answer == {"value": "partially"}


def test_filled_in_workbook_reads_every_cell_tolerantly():
    assert {SAMPLE.question(qid).type for qid in FILL} == {"status", "coverage", "yes_no", "number", "choice", "date",
                                                          "text"}
    upload = read(filled_sample(SAMPLE))
    assert upload.problems == [], messages(upload)
    got = {qid: item.answer for qid, item in upload.answers.items() if item.answer}
    assert got == EXPECTED
    assert score(SAMPLE, got) == score(SAMPLE, EXPECTED)
    assert not upload.answers["tip_consent"].untouched
    assert upload.answers["party_actip"].untouched  # left empty, as downloaded


def test_an_answer_for_the_whole_coverage_question_wins_over_its_components():
    data = fill(offline_bytes(SAMPLE), {"tip_acts": {ANSWER: "Unknown"}}, {("tip_acts", "transport"): "Covered"})
    upload = read(data)
    assert upload.problems == []
    assert upload.answers["tip_acts"].answer == {"unknown": True, "citations": BEFORE["tip_acts"]["citations"]}


def test_a_cleared_answer_comes_back_empty_and_touched():
    upload = read(fill(offline_bytes(SAMPLE), {"tip_consent": {ANSWER: None}}))
    item: OfflineAnswer = upload.answers["tip_consent"]
    assert (item.answer, item.untouched) == ({}, False)


def test_formula_like_texts_stay_text():
    comments = {"tip_acts": "=1+1", "tip_consent": "@SUM(A1)", "ml_predicates": "-3", "jur_nationals": "+44 1"}
    data = fill(offline_bytes(SAMPLE), {qid: {COMMENT: text} for qid, text in comments.items()})
    upload = read(data)
    assert {qid: upload.answers[qid].answer.get("comment") for qid in comments} == comments


# --------------------------------------------------------------------------- every problem, with sheet and cell


def _cell(data: bytes, key: str, column: str) -> str:
    sheet, row = rows_by_key(load_workbook(io.BytesIO(data)))[key]
    return f"{sheet}!{column}{row}"


@pytest.mark.parametrize(("cells", "where", "message"), [
    ({"tip_consent": {ANSWER: "Maybe"}}, ("tip_consent", "F"), "'Maybe' is not one of the answers in the list"),
    ({"tip_consent": {ANSWER: "Not applicable"}}, ("tip_consent", "F"),
     "This question cannot be answered “not applicable”."),
    ({"som_sea_authority": {ANSWER: "N/A"}}, ("som_sea_authority", "H"),
     "Say why the question does not apply or is precluded."),
    ({"tip_penalty": {ANSWER: "seven"}}, ("tip_penalty", "F"), "Enter a number from 0 to 1,000,000,000,000"),
    ({"tip_penalty": {ANSWER: -2}}, ("tip_penalty", "F"), "Enter a number from 0 to 1,000,000,000,000"),
    ({"untoc_ratified_on": {ANSWER: "29/09/2004"}}, ("untoc_ratified_on", "F"), "Enter a date as YYYY-MM-DD"),
    ({"party_untoc": {ANSWER: "Perhaps"}}, ("party_untoc", "F"), "'Perhaps' is not one of the answers"),
    ({"som_fomb": {ANSWER: "Any benefit at all"}}, ("som_fomb", "F"), "is not one of the answers in the list"),
    ({"som_fomb": {TA_CATEGORY: "Money please"}}, ("som_fomb", "J"), "is not a kind of assistance in the list"),
])
def test_cell_problems_name_their_sheet_and_cell(cells, where, message):
    components = {("tip_acts", "recruitment"): "Covered"}
    data = fill(offline_bytes(SAMPLE), cells, components)
    upload = read(data)
    expected_cell = _cell(data, *where)
    found = [str(p) for p in upload.problems if f"{p.sheet}!{p.cell}" == expected_cell]
    assert any(message in text for text in found), messages(upload)


def test_component_problems_point_at_the_component_row():
    data = fill(offline_bytes(SAMPLE), components={("tip_acts", "transport"): "Mostly"})
    upload = read(data)
    assert messages(upload) == [f"{_cell(data, 'tip_acts/transport', 'F')}: 'Mostly' is not one of: Covered, "
                                "Not covered, Unknown."]


def test_every_problem_is_reported_at_once_in_reading_order():
    data = fill(offline_bytes(SAMPLE), {"tip_consent": {ANSWER: "Maybe"}, "tip_penalty": {ANSWER: "seven"},
                                        "party_untoc": {ANSWER: "Perhaps"}},
                citations=[["nope", None, "Act", None, None, None, None],
                           ["tip_acts", None, None, "s. 1", None, None, None],
                           ["tip_acts", None, "Act", None, "20l5", None, None],
                           ["tip_acts", None, "Act", None, None, "Enacted", None],
                           ["tip_acts", None, "Act", None, None, None, "www.example.org"],
                           [None, None, "Act", None, None, None, None]])
    problems = read(data).problems
    assert [(p.sheet, p.cell[:1]) for p in problems] == [
        ("Profile", "F"), ("Criminalisation", "F"), ("Criminalisation", "F"),
        ("Citations", "A"), ("Citations", "C"), ("Citations", "E"), ("Citations", "F"), ("Citations", "G"),
        ("Citations", "A")]
    assert "'20l5' is not a year. Enter a four-digit year from 1800 to 2100." in [p.message for p in problems]


def test_formulas_are_reported_never_evaluated():
    data = fill(offline_bytes(SAMPLE), raw={("Criminalisation", "I6"): "=SUM(1,2)"})
    assert messages(read(data)) == ["Criminalisation!I6: This cell holds a formula (=SUM(1,2)); type the answer "
                                    "itself. To keep text that starts with =, type an apostrophe before it."]


def test_tampered_or_missing_ids_are_reported():
    data = offline_bytes(SAMPLE)
    sheet, row = rows_by_key(load_workbook(io.BytesIO(data)))["tip_consent"]
    tampered = read(fill(data, raw={(sheet, f"A{row}"): "tip_hacked"}))
    assert f"{sheet}!A{row}: Unknown question id 'tip_hacked'" in messages(tampered)[0]
    assert any("The row of question 'tip_consent'" in m for m in messages(tampered))
    duplicated = read(fill(data, raw={(sheet, f"A{row}"): "tip_acts"}))
    assert f"{sheet}!A{row}: The question 'tip_acts' appears twice." in messages(duplicated)
    moved = read(fill(data, raw={(sheet, f"A{row}"): "party_untoc"}))
    assert "(it belongs on another sheet)" in messages(moved)[0]
    version = read(fill(data, raw={(sheet, f"B{row}"): "two"}))
    assert messages(version) == [f"{sheet}!B{row}: The hidden version cell was changed; download a new workbook."]


def test_a_deleted_row_is_reported_missing():
    workbook = load_workbook(io.BytesIO(offline_bytes(SAMPLE)))
    sheet, row = rows_by_key(workbook)["ml_predicates"]
    workbook[sheet].delete_rows(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    [message] = messages(read(buffer.getvalue()))
    assert message.startswith(f"{sheet}: The row of question 'ml_predicates' (Are trafficking")
    assert message.endswith(") is missing or its id was changed.")


def test_workbook_for_another_version_checksum_or_assessment_is_refused_as_a_whole():
    newer = variant(lambda doc: doc.update(version=2))
    wrong_version = read(offline_bytes(newer))
    assert messages(wrong_version) == [
        "Meta!B4: This workbook is for questionnaire sample version 2, but the assessment now uses sample version "
        "1. Download a new offline workbook and copy your answers into it."]
    assert wrong_version.answers == {}
    changed = read(fill(offline_bytes(SAMPLE), raw={("Meta", "B5"): "0123456789abcdef"}))
    assert messages(changed) == ["Meta!B5: The questions of this workbook do not match the questionnaire (its "
                                 "structure checksum differs). Download a new offline workbook."]
    other = read(offline_bytes(SAMPLE, assessment_id=7))
    assert messages(other) == ["Meta!B6: This workbook was downloaded for another assessment (member XA, cycle "
                               "2026). Upload it on that assessment's page, or download this assessment's workbook."]


def test_a_workbook_from_elsewhere_is_not_read():
    from openpyxl import Workbook

    from tests.excel_helpers import saved

    upload = read(saved(Workbook()))
    assert messages(upload) == ["workbook: This is not an offline questionnaire of this toolkit (its hidden Meta "
                                "sheet is missing). Download the offline workbook from the assessment's page and "
                                "fill that in."]


# --------------------------------------------------------------------------- refusals before parsing


def _macro_enabled(data: bytes) -> bytes:
    """The workbook saved as Excel saves one with macros: a VBA project and the macro-enabled content type."""
    return rezip(data, {"[Content_Types].xml": lambda content: content.replace(
        b"spreadsheetml.sheet.main+xml", b"ms-excel.sheet.macroEnabled.main+xml")},
        added={"xl/vbaProject.bin": b"\x00" * 64})


def _bomb(limit: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\x00" * (limit + 1))
    return buffer.getvalue()


def _many_entries(count: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for n in range(count):
            archive.writestr(f"part{n}.xml", b"")
    return buffer.getvalue()


@pytest.mark.parametrize(("make", "limits", "message"), [
    (lambda: _macro_enabled(offline_bytes(SAMPLE)), LIMITS, "workbook with macros (.xlsm)"),
    (lambda: b"Question,Answer\ntip_consent,In place\n", LIMITS, "This is not an Excel workbook (.xlsx)"),
    (lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, LIMITS, "protected by a password or is in the old"),
    (lambda: _bomb(1024 * 1024), Limits(max_uncompressed=1024 * 1024), "more than 1 MB once uncompressed"),
    (lambda: _many_entries(50), Limits(max_entries=40), "more than 40 parts"),
    (lambda: offline_bytes(SAMPLE), Limits(max_bytes=2000), "larger than 1 KB"),
    (lambda: b"", LIMITS, "The file is empty."),
    (lambda: rezip(offline_bytes(SAMPLE), {"[Content_Types].xml": lambda content: None}),
     LIMITS, "its list of content types is missing"),
])
def test_files_that_are_not_plain_workbooks_are_refused_before_parsing(make, limits, message):
    upload = read(make(), limits=limits)
    assert len(upload.problems) == 1
    assert message in upload.problems[0].message
    assert upload.answers == {}


def test_a_zip_bomb_is_refused_without_decompressing(monkeypatch):
    import exports.offline as offline

    def must_not_parse(*args, **kwargs):
        raise AssertionError("openpyxl was asked to parse a refused file")

    monkeypatch.setattr(offline, "load_workbook", must_not_parse)
    upload = read(_bomb(2 * 1024 * 1024), limits=Limits(max_uncompressed=1024 * 1024))
    assert "uncompressed" in upload.problems[0].message



def test_extensions_excel_adds_are_noted_not_fatal():
    """Excel saves drop-downs and colour rules of newer versions in extensions openpyxl warns about; the suite
    turns warnings into errors, so this also shows the reader catches them."""
    extensions = (
        b'<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" '
        b'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"><x14:dataValidations count="0" '
        b'xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"/></ext></extLst>')

    upload = read(rezip(filled_sample(SAMPLE), {
        "xl/worksheets/sheet3.xml": lambda content: content.replace(b"</worksheet>", extensions + b"</worksheet>")}))
    assert upload.problems == []
    assert upload.notes == ["Data Validation extension is not supported and will be removed"]
    assert {qid: item.answer for qid, item in upload.answers.items() if item.answer} == EXPECTED


def test_instructions_count_the_answers_as_the_web_page_does():
    answers = with_versions({**BEFORE, "has_sea_border": {"value": False}})
    workbook = load_workbook(io.BytesIO(offline_bytes(SAMPLE, answers)))
    facts = {row[0]: row[1] for row in workbook["Instructions"].iter_rows(values_only=True) if row[0]}
    web = progress(SAMPLE, answers)["*"]  # what the assessment's pages show
    assert web.total < len(SAMPLE.questions)  # skipped questions (no sea border) and empty text ones are left out
    assert facts["Answers at download"].startswith(f"{web.answered} of {web.total} questions that apply")


def test_instructions_give_progress_by_section_and_the_citations_year_column_takes_only_years():
    workbook = load_workbook(io.BytesIO(offline_bytes(SAMPLE)))
    rows = [[c.value for c in row] for row in workbook["Instructions"].iter_rows(max_col=2)]
    start = rows.index(["Progress by section", None])
    counts = progress(SAMPLE, with_versions(BEFORE))
    profile = SAMPLE.modules[0]
    answered = f"{counts[profile.id].answered} of {counts[profile.id].total} answered"
    assert rows[start + 1] == [profile.title["en"], answered]
    sections = [r for r in rows[start + 1:] if r[0] and r[0].startswith("   ")]
    assert [r[0].strip() for r in sections] == [s.title["en"] for s in SAMPLE.sections]
    first = SAMPLE.sections[0]
    assert sections[0][1].startswith(f"{counts[first.id].answered} of {counts[first.id].total} answered")
    years = [v for v in workbook["Citations"].data_validations.dataValidation if v.type == "whole"]
    assert len(years) == 1
    assert (years[0].formula1, years[0].formula2) == ("1800", "2100")
    assert str(years[0].sqref).startswith("E4:E")


def test_a_renamed_module_sheet_is_named_as_found():
    from tests.excel_helpers import saved as excel_saved

    workbook = load_workbook(io.BytesIO(offline_bytes(SAMPLE)))
    workbook["Criminalisation"].title = "Crim draft"
    upload = read(excel_saved(workbook))
    assert any("The workbook has a sheet named 'Crim draft' instead: rename it back to 'Criminalisation'."
               in p.message for p in upload.problems), [str(p) for p in upload.problems]
