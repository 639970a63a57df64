"""Method 2 in the workbooks: the results workbook's Summary gives the overall band as the weakest section's
with the profile of section bands, the obligations gap, the best case and the unknown and unanswered counts,
and a "What it would take" sheet lists per section the answers that would lift it one band; a method-1
result keeps its workbook as it was."""

from __future__ import annotations

import io
import json
from datetime import datetime

import pytest
from openpyxl import load_workbook

from exports.results import ResultsContext, build_results_workbook
from scoring.engine import score
from tests.excel_helpers import saved
from tests.method2_support import SAMPLE2, WORKED_EXAMPLE2
from tests.scoring_helpers import SAMPLE

ANSWERS = json.loads(WORKED_EXAMPLE2.read_text())["answers"]
CONTEXT = ResultsContext("XA", "Republic of Aldmere", "2027", "draft", "Worked out from the draft answers",
                         datetime(2027, 3, 6, 9, 30))


@pytest.fixture(scope="module")
def result():
    return score(SAMPLE2, ANSWERS, member="XA", cycle="2027")


@pytest.fixture(scope="module")
def workbook(result):
    return load_workbook(io.BytesIO(saved(build_results_workbook(SAMPLE2, result, ANSWERS, CONTEXT))))


def _rows(ws) -> list[list]:
    return [[c.value for c in row] for row in ws.iter_rows()]


def _row(ws, first: str) -> list:
    return next(r for r in _rows(ws) if r and r[0] == first)


def test_the_summary_gives_the_weakest_section_band_and_the_method_2_figures(workbook, result):
    ws = workbook["Summary"]
    overall = result["overall"]
    assert _row(ws, "Scoring method")[1].startswith("Scoring method 2:")
    band = _row(ws, "Band (self-assessed)")
    assert band[1:3] == ["Not aligned (provisional)",
                         "The band of its weakest section, Smuggling of migrants. This toolkit's words, not an FATF "
                         "rating."]
    assert _row(ws, "Obligations gap")[1] == overall["obligations_gap"]
    assert _row(ws, "Best case")[1] == overall["best_case_gap"]
    assert _row(ws, "Sections by band")[1] == "1 largely aligned, 3 partly aligned, 1 not aligned"
    assert _row(ws, "Unknown, not answered")[1] == "1 unknown, 1 not answered"
    money = _row(ws, "Following the money")
    assert money[8] == "The band of its weakest section, Money laundering. 1 partly aligned."
    trafficking = _row(ws, "Trafficking in persons")
    assert trafficking[8] == ("Which improper means does the trafficking offence cover? (tip_means), component “Abuse "
                              "of a position of vulnerability”: not known; Is the victim's consent irrelevant once "
                              "improper means are shown? (tip_consent): not met")


def test_what_it_would_take_lists_every_section(workbook, result):
    ws = workbook["What it would take"]
    rows = _rows(ws)
    header = rows.index(["Section", "Band (self-assessed)", "Core gap", "Obligations gap", "Best case", "Next band",
                         "Answers needed", "What it would take", "Held at Partly aligned by"])
    body = {r[0]: r for r in rows[header + 1:]}
    assert list(body) == [s["title"] for s in result["sections"]]
    smuggling = body["Smuggling of migrants"]
    assert smuggling[1:7] == ["Not aligned (provisional)", 75.0, None, 25.0, "Partly aligned", 1]
    assert smuggling[7] == ("Partly aligned needs 1 answer fully met: Which steps has the member taken to answer "
                            "flag-State requests on sea smuggling?")
    laundering = body["Money laundering"]
    assert laundering[7] == ("Largely aligned needs 1 answer fully met, the critical one holding the section at "
                             "partly aligned: Which conduct does the money-laundering offence cover?")
    assert laundering[8] == "Which conduct does the money-laundering offence cover? (component concealment): not met"


def test_a_method_1_result_has_no_method_2_sheet():
    answers = json.loads((WORKED_EXAMPLE2.parent / "worked_example_answers.json").read_text())["answers"]
    result = score(SAMPLE, answers, member="XA", cycle="2026")
    workbook = load_workbook(io.BytesIO(saved(build_results_workbook(SAMPLE, result, answers, CONTEXT))))
    assert "What it would take" not in workbook.sheetnames
    assert _row(workbook["Summary"], "Scoring method")[1].startswith("Scoring method 1 (questionnaire version 1)")
