"""The results workbook of the worked example: what each sheet says, numbers as numbers, text as text."""

from __future__ import annotations

import copy
import dataclasses
import io
import json
import zipfile
from datetime import datetime

import pytest
from openpyxl import load_workbook

from exports.results import ResultsContext, build_results_workbook
from questionnaires.loader import DATA_DIR, load_questionnaire
from questionnaires.types import answer_in_words
from questionnaires.words import BAND_WORDS, band_in_words
from scoring.engine import score
from tests.conftest import FIXTURES
from tests.excel_helpers import saved
from tests.scoring_helpers import SAMPLE

ANSWERS = json.loads((FIXTURES / "worked_example_answers.json").read_text(encoding="utf-8"))["answers"]
CONTEXT = ResultsContext("XA", "Republic of Aldmere", "2026", "validated",
                         "Submitted snapshot 1 of 2026-03-01, validated 2026-03-05", datetime(2026, 3, 6, 9, 30))


@pytest.fixture(scope="module")
def answers():
    answers = copy.deepcopy(ANSWERS)
    answers["tip_acts"]["comment"] = "=1+1"
    answers["ml_conduct"]["comment"] = "@SUM(A1)"
    answers["tip_cross_border"]["comment"] = "-3"
    return answers


@pytest.fixture(scope="module")
def result(answers):
    return score(SAMPLE, answers, member="XA", cycle="2026")


@pytest.fixture(scope="module")
def data(answers, result) -> bytes:
    return saved(build_results_workbook(SAMPLE, result, answers, CONTEXT))


@pytest.fixture(scope="module")
def workbook(data):
    return load_workbook(io.BytesIO(data))


def cells(ws) -> list[list]:
    return [[c.value for c in row] for row in ws.iter_rows()]


def row_of(ws, first: str) -> list:
    return next(r for r in cells(ws) if r and r[0] == first)


def test_sheets(workbook):
    assert workbook.sheetnames == ["Summary", "Answers", "Citations", "TA requests", "Elements", "TA plan",
                                   "Methodology"]


def test_summary_says_who_what_and_that_it_is_self_assessed(workbook, result):
    ws = workbook["Summary"]
    texts = " ".join(str(v) for row in cells(ws) for v in row if v is not None)
    assert "Self-assessment results: Republic of Aldmere (XA), cycle 2026" in texts
    assert "Self-assessed" in texts
    assert "not FATF ratings" in texts
    assert row_of(ws, "Status")[1] == "Validated"
    assert row_of(ws, "Where the numbers come from")[1] == "Submitted snapshot 1 of 2026-03-01, validated 2026-03-05"
    assert row_of(ws, "Questionnaire")[1] == "Sample questionnaire (tests) (sample), version 1"
    assert row_of(ws, "Review status of the questionnaire")[1] == "Not reviewed"
    assert SAMPLE.review_status["text"]["en"] in texts
    overall = result["overall"]
    assert row_of(ws, "Core gap")[1] == overall["gap"] == 36.0
    assert row_of(ws, "Band (self-assessed)")[1] == "Partly aligned"
    assert row_of(ws, "Completeness")[1] == 1.0
    assert ws.cell(row=next(i for i, r in enumerate(cells(ws), 1) if r[0] == "Completeness"), column=2) \
        .number_format == "0%"
    assert row_of(ws, "Critical gaps")[1] == 3
    assert row_of(ws, "Core gap if pending bills pass")[1] == overall["if_bills_pass_gap"]
    trafficking = row_of(ws, "Trafficking in persons")
    assert trafficking[1:4] == ["Criminalisation", 40.0, "Partly aligned"]
    assert trafficking[8] == "Is the victim's consent irrelevant once improper means are shown? (tip_consent)"


def test_summary_has_conditional_formatting_and_a_bar_chart_of_section_gaps(data, workbook):
    ws = workbook["Summary"]
    rules = [rule.type for rng in ws.conditional_formatting for rule in rng.rules]
    assert "colorScale" in rules
    assert rules.count("beginsWith") >= 4
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        charts = [n for n in archive.namelist() if n.startswith("xl/charts/")]
        assert len(charts) == 1
        chart = archive.read(charts[0]).decode()
    assert '<barDir val="bar"' in chart
    sections = score(SAMPLE, {})["sections"]
    header = next(i for i, r in enumerate(cells(ws), 1) if r[0] == "Section")
    assert f"$A${header + 1}:$A${header + len(sections)}" in chart
    assert f"$C${header + 1}:$C${header + len(sections)}" in chart


def test_answers_sheet_lists_every_question_with_numbers_as_numbers(workbook, result):
    ws = workbook["Answers"]
    rows = cells(ws)
    header = rows[0]
    assert header[:6] == ["Question id", "Question", "Answer", "State", "Score", "Weight"]
    assert [r[0] for r in rows[1:]] == [q.id for q in SAMPLE.questions]
    acts = row_of(ws, "tip_acts")
    col = {name: header.index(name) for name in header}
    assert acts[col["Answer"]].startswith("Covers: Recruitment")
    assert acts[col["Score"]] == 0.8
    assert acts[col["Weight"]] == 3.0
    assert acts[col["Elements"]] == "A1"
    assert acts[col["Citations"]] == "Penal Code, s. 212 (2008), in force"
    assert acts[col["Comment"]] == "=1+1"
    assert row_of(ws, "ml_conduct")[col["Comment"]] == "@SUM(A1)"
    assert row_of(ws, "tip_cross_border")[col["Comment"]] == "-3"
    assert row_of(ws, "tip_attempt")[col["State"]] == "Precluded"
    assert row_of(ws, "party_untoc")[col["State"]] == "Not scored"
    fomb = row_of(ws, "som_fomb")
    assert fomb[col["TA requested"]].startswith("Legislative drafting and legal advice; main challenge: "
                                                "Specificities of the legal system")
    assert ws.freeze_panes == "C2"
    assert ws.auto_filter.ref == f"A1:U{len(rows)}"
    assert ws.print_title_rows == "$1:$1"
    assert ws.page_setup.orientation == "landscape"
    assert ws.sheet_properties.pageSetUpPr.fitToPage


def test_no_formulas_and_no_links(data):
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/sheet"):
                assert "<f>" not in archive.read(name).decode(), name
            assert "externalLink" not in name


def test_elements_and_ta_plan(workbook, result):
    elements = cells(workbook["Elements"])
    assert elements[0] == ["Element", "Title", "Critical", "State", "Score", "Gap", "Questions", "At risk because of"]
    assert [r[0] for r in elements[1:]] == [e["id"] for e in result["elements"]]
    a6 = next(r for r in elements if r[0] == "A6")
    assert a6[2:6] == ["Critical", "Gap", 0.0, 100.0]
    ta = cells(workbook["TA plan"])
    header_row = next(i for i, r in enumerate(ta) if r[0] == "Rank")
    items = ta[header_row + 1:]
    assert [r[0] for r in items] == list(range(1, len(result["ta"]) + 1))
    assert [r[1] for r in items] == sorted((r[1] for r in items), reverse=True)
    first = items[0]
    assert first[2:5] == ["Capacity-building and training", result["ta"][0]["text"], "Prosecutors, Judges"]
    requested = next(r for r in items if r[7])
    assert "som_fomb (Specificities of the legal system): A model provision" in requested[7]


def test_methodology_gives_every_parameter_and_the_versions(workbook, result):
    rows = {r[0]: r[1] for r in cells(workbook["Methodology"]) if r[0]}
    assert rows["Scoring method version"] == result["scoring_version"]
    assert rows["Questionnaire"] == "sample version 1"
    assert rows["Weight of level M (Mandatory)"] == 3.0
    assert rows["Value of a status answer: largely"] == 0.75
    assert rows["Band Largely aligned: core gap up to"] == 25.0
    assert rows["Cap level"] == 0.5
    assert rows["Completeness threshold"] == 0.8
    assert rows["Critical multiplier"] == 2.0


def test_an_empty_assessment_still_makes_a_workbook():
    data = saved(build_results_workbook(SAMPLE, score(SAMPLE, {}), {}, CONTEXT))
    ws = load_workbook(io.BytesIO(data))["Summary"]
    assert row_of(ws, "Core gap")[1] is None
    assert row_of(ws, "Band (self-assessed)")[1] == "No score"


def test_coverage_answers_read_as_sentences(workbook):
    ws = workbook["Answers"]
    header = cells(ws)[0]
    acts = row_of(ws, "tip_acts")[header.index("Answer")]
    assert acts.startswith("Covers: Recruitment")
    assert ". Not covered: " in acts
    assert ". not covered" not in acts
    # a component whose label ends in a full stop or an ellipsis gets no second one
    question = SAMPLE.question("tip_acts")
    first, second, *rest = question.components
    odd = dataclasses.replace(question, components=(
        dataclasses.replace(first, label={"en": "Recruitment etc."}),
        dataclasses.replace(second, label={"en": "Transport and so on…"}), *rest))
    words = answer_in_words(odd, {"value": [first.id], "unknown_components": [c.id for c in rest]})
    assert words.startswith("Covers: Recruitment etc. Not covered: Transport and so on… Not known: ")
    assert ".." not in words
    assert "…." not in words


def test_columns_are_wide_enough_for_what_they_hold():
    full = load_questionnaire(DATA_DIR / "legislative_framework.v1.json")
    result = score(full, {}, member="XA", cycle="2026")
    book = load_workbook(io.BytesIO(saved(build_results_workbook(full, result, {}, CONTEXT))))
    # the headline band is 12-point bold: the longest band words fit column B
    longest_band = max(len(band_in_words(b, provisional=True)) for b in BAND_WORDS)
    assert book["Summary"].column_dimensions["B"].width >= longest_band * 12 / 11 + 1
    # ids do not wrap: the Answers sheet's id column fits the longest one
    answers = book["Answers"]
    assert answers.column_dimensions["A"].width >= max(len(q.id) for q in full.questions) + 1
    # Methodology's values ("legislative_framework version 1") fit or wrap
    methodology = book["Methodology"]
    value = row_of(methodology, "Questionnaire")[1]
    assert value == f"{full.id} version {full.version}"
    assert methodology.column_dimensions["B"].width >= len(value) + 1
    assert methodology["B3"].alignment.wrap_text
