"""docs/methodology.md: the worked example's tables match what the code computes from the example's answers
file, and the document says what the bands are not."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from questionnaires.loader import validator
from scoring.answers import check_answers_document
from scoring.engine import score
from tests.conftest import FIXTURES
from tests.scoring_helpers import SAMPLE, by_id

DOC = Path(__file__).resolve().parent.parent / "docs" / "methodology.md"
WORKED_EXAMPLE = FIXTURES / "worked_example_answers.json"
BANDS = {"aligned": "aligned", "largely aligned": "largely_aligned", "partly aligned": "partly_aligned",
         "not aligned": "not_aligned", "–": None}


def table(name: str) -> list[list[str]]:
    """The body rows of the table that follows ``<!-- check: name -->`` in the document, cells stripped."""
    lines = DOC.read_text(encoding="utf-8").splitlines()
    start = lines.index(f"<!-- check: {name} -->") + 3  # the marker, the header, the separator
    rows = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip().replace("`", "") for cell in line.strip("|").split("|")])
    assert rows, f"table {name!r} is empty"
    return rows


def number(cell: str) -> float | None:
    if cell == "–":
        return None
    if cell.endswith("%"):
        return float(cell[:-1]) / 100
    return float(cell)


def ids(cell: str) -> list[str]:
    return [] if cell == "–" else [part.strip() for part in cell.split(",")]


@pytest.fixture(scope="module")
def result() -> dict[str, Any]:
    document = json.loads(WORKED_EXAMPLE.read_text(encoding="utf-8"))
    questionnaire, problems = check_answers_document(document, lambda qid, version: SAMPLE)
    assert problems == []
    assert questionnaire is SAMPLE
    return score(SAMPLE, document["answers"], member=document["member"], cycle=document["cycle"])


def test_the_worked_example_result_is_clean(result):
    assert result["warnings"] == []
    assert list(validator("result").iter_errors(result)) == []


def test_questions_table(result):
    points = {p["question"]: p["points"] for s in result["sections"] for p in s["explanation"]["points"]}
    rows = table("questions")
    assert [r[0] for r in rows] == [q["id"] for q in result["questions"]]
    for qid, _answer, value, weight, gap_points in rows:
        row = by_id(result["questions"], qid)
        expected = (number(value), number(weight), number(gap_points))
        assert (row["score"], row["weight"], points.get(qid)) == expected, qid


def test_sections_table(result):
    rows = table("sections")
    assert [r[0] for r in rows] == [s["id"] for s in result["sections"]]
    for sid, gap, band, capped_by, bills, beyond, completeness in rows:
        section = by_id(result["sections"], sid)
        assert (section["gap"], section["band"], section["capped_by"], section["if_bills_pass_gap"],
                section["beyond_minimum_gap"], section["completeness"]) == (
            number(gap), BANDS[band], ids(capped_by), number(bills), number(beyond), number(completeness)), sid


def test_modules_table(result):
    rows = table("modules")
    assert [r[0] for r in rows] == [m["id"] for m in result["modules"]] + ["overall"]
    for scope, gap, band, critical_gaps, bills, beyond, completeness in rows:
        figures = result["overall"] if scope == "overall" else by_id(result["modules"], scope)
        assert (figures["gap"], figures["band"], figures["critical_gaps"], figures["if_bills_pass_gap"],
                figures["beyond_minimum_gap"], figures["completeness"]) == (
            number(gap), BANDS[band], int(critical_gaps), number(bills), number(beyond), number(completeness)), scope


def test_ta_table(result):
    rows = table("ta")
    assert [r[0] for r in rows] == [item["id"] for item in result["ta"]]
    for item_id, priority, triggered_by, requested_on in rows:
        item = by_id(result["ta"], item_id)
        assert (item["priority"], item["triggered_by"], [r["question"] for r in item["self_requested"]]) == (
            number(priority), ids(triggered_by), ids(requested_on)), item_id


def test_figures_quoted_in_the_text_match(result):
    text = DOC.read_text(encoding="utf-8")
    trafficking = by_id(result["sections"], "trafficking")
    assert f"gap = 100 × (1 − 0.6) = **{trafficking['gap']:.1f}**" in text
    assert f"gap **{trafficking['if_bills_pass_gap']:.1f}**" in text
    assert f"= 16.65 ÷ 26 = 0.640, gap **{result['overall']['gap']:.1f}**" in text
    assert round(result["overall"]["score"], 3) == 0.640
    assert by_id(result["questions"], "som_fomb")["obligation"] == "recommended"
    assert by_id(result["questions"], "mla_days")["obligation"] == "standard"


def test_the_document_says_what_the_bands_are_not():
    text = re.sub(r"\s+", " ", re.sub(r"(?m)^> ", "", DOC.read_text(encoding="utf-8")))
    assert "The results are self-assessed." in text
    assert "are **not FATF ratings**" in text
