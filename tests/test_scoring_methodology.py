"""docs/methodology.md: the worked example's tables (method 2, on the version-2 sample questionnaire) match
what the code computes from the example's answers file, the figures quoted in the text are the computed
ones, and the document says what the bands are not."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from questionnaires.loader import validator
from scoring.answers import check_answers_document
from scoring.engine import score
from scoring.words import band_words, profile_words
from tests.method2_support import SAMPLE2, WORKED_EXAMPLE2
from tests.scoring_helpers import by_id

DOC = Path(__file__).resolve().parent.parent / "docs" / "methodology.md"


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


def band(scope: dict[str, Any]) -> str:
    return band_words(scope["band"]).lower() + (" (provisional)" if scope["provisional"] else "")


@pytest.fixture(scope="module")
def result() -> dict[str, Any]:
    document = json.loads(WORKED_EXAMPLE2.read_text(encoding="utf-8"))
    questionnaire, problems = check_answers_document(document, lambda qid, version: SAMPLE2)
    assert problems == []
    assert questionnaire is SAMPLE2
    return score(SAMPLE2, document["answers"], member=document["member"], cycle=document["cycle"])


def test_the_worked_example_result_is_clean_and_method_2(result):
    assert result["warnings"] == []
    assert result["scoring_version"] == "2.0"
    assert list(validator("result").iter_errors(result)) == []


def test_questions_table(result):
    points = {p["question"]: p["points"] for s in result["sections"] for p in s["explanation"]["points"]}
    rows = table("questions")
    assert [r[0] for r in rows] == [q["id"] for q in result["questions"]]
    for qid, _answer, value, weight, gap_points, binds in rows:
        row = by_id(result["questions"], qid)
        expected = (number(value), number(weight), number(gap_points), binds)
        assert (row["score"], row["weight"], points.get(qid), row["obligation"]) == expected, qid


def _caps(section: dict[str, Any]) -> str:
    return "; ".join(f"{c['question']}" + (f" ({c['component']})" if c["component"] else "") + f": {c['reason']}"
                     for c in section["capped_by"]) or "–"


def _next(section: dict[str, Any]) -> str:
    step = section["next_band"]
    return f"{band_words(step['band']).lower()}: {', '.join(step['needs'])}" if step else "–"


def test_sections_table(result):
    rows = table("sections")
    assert [r[0] for r in rows] == [s["id"] for s in result["sections"]]
    for sid, gap, band_words_, held, obligations, best, completeness, next_band in rows:
        section = by_id(result["sections"], sid)
        assert (section["gap"], band(section), _caps(section), section["obligations_gap"], section["best_case_gap"],
                round(section["completeness"], 2), _next(section)) == (
            number(gap), band_words_, held, number(obligations), number(best), round(number(completeness), 2),
            next_band), sid


def test_modules_table(result):
    rows = table("modules")
    assert [r[0] for r in rows] == [m["id"] for m in result["modules"]] + ["overall"]
    for scope, gap, band_words_, weakest, profile, obligations, best, bills, completeness in rows:
        figures = result["overall"] if scope == "overall" else by_id(result["modules"], scope)
        assert (figures["gap"], band(figures), figures["weakest"], profile_words(figures["profile"]),
                figures["obligations_gap"], figures["best_case_gap"], figures["if_bills_pass_gap"],
                round(figures["completeness"], 2)) == (
            number(gap), band_words_, weakest, profile, number(obligations), number(best), number(bills),
            round(number(completeness), 2)), scope


def test_ta_table(result):
    rows = table("ta")
    assert [r[0] for r in rows] == [item["id"] for item in result["ta"]]
    for item_id, category, priority, breadth, triggered_by, requested_on in rows:
        item = by_id(result["ta"], item_id)
        assert (item["category"], item["priority"], item["breadth"], item["triggered_by"],
                [r["question"] for r in item["self_requested"]]) == (
            category, number(priority), int(breadth), ids(triggered_by), ids(requested_on)), item_id


def test_figures_quoted_in_the_text_match(result):
    text = " ".join(DOC.read_text(encoding="utf-8").split())
    trafficking = by_id(result["sections"], "trafficking")
    assert trafficking["score"] == 0.616667
    assert f"0.616667) = **{trafficking['gap']:.1f}**" in text
    assert f"the gap would be **{trafficking['best_case_gap']:.1f}**" in text
    assert f"= 25.9 ÷ 41 = {result['overall']['score']}, gap **{result['overall']['gap']:.1f}**" in text
    assert f"overall **{result['overall']['obligations_gap']:.1f}**" in text
    assert f"gap 43.75, rounded half up to **{by_id(result['sections'], 'mla')['gap']:.1f}**" in text
    assert by_id(result["sections"], "laundering")["explanation"]["cap"]["band_without_cap"] == "largely_aligned"
    elements = {e["id"]: e for e in result["elements"]}
    assert (elements["C1"]["gap"], elements["C2"]["gap"], elements["C3"]["gap"]) == (0.0, 100.0, 0.0)
    extradition = by_id(result["sections"], "extradition")["explanation"]["points"]
    assert [(p["question"], p["points"]) for p in extradition[:2]] == [("ext_legal_basis", 8.4), ("ext_nationals", 8.3)]
    not_a_state = score(SAMPLE2, json.loads(WORKED_EXAMPLE2.read_text())["answers"], member_is_state=False)
    assert not_a_state["ta"][0]["id"] == "treaty.extend.somp"


def test_the_document_says_what_the_bands_are_not():
    text = re.sub(r"\s+", " ", re.sub(r"(?m)^> ", "", DOC.read_text(encoding="utf-8")))
    assert "The results are self-assessed." in text
    assert "are **not FATF ratings**" in text
