"""The "Capacity and practice" module of the shipped questionnaire version 2: last, unscored, number questions
with "not collected", an audience on every question, texts in every language the questionnaire ships, the
rules of scoring/capacity.py naming what the questionnaire has, and figures that come back from the offline
workbook like every answer."""

from __future__ import annotations

import json

import pytest

from exports.offline import ANSWER
from exports.safety import Limits
from questionnaires.loader import DATA_DIR, default_ta_catalogue, load_questionnaire
from questionnaires.types import kind_of
from scoring.capacity import (
    CAPACITY_MODULE,
    FIGURE_WORDS,
    MEDIANS,
    NOT_ABOVE,
    NOT_COLLECTED,
    PRACTICE_RULES,
    YEAR_QUESTION,
    capacity_module,
    figure_questions,
    plausibility,
)
from scoring.engine import score
from tests.excel_helpers import fill, offline_bytes

V2_PATH = DATA_DIR / "legislative_framework.v2.json"
V2 = load_questionnaire(V2_PATH)
#: who answers the module's questions: investigators, prosecutors, the FIU, the central authority (and the border
#: services for smuggling)
AUDIENCES = {"police", "prosecutors", "fiu", "central_authority", "immigration"}


def _languages(node, found=None):
    """Every language tag of every text in a questionnaire document."""
    found = set() if found is None else found
    if isinstance(node, dict):
        if "en" in node and all(isinstance(v, str) for v in node.values()):
            found.update(node)
        for value in node.values():
            _languages(value, found)
    elif isinstance(node, list):
        for value in node:
            _languages(value, found)
    return found


def test_the_module_is_the_last_and_is_never_scored():
    module = V2.modules[-1]
    assert module.id == CAPACITY_MODULE
    assert module.kind == "profile"
    assert [q.id for q in module.questions if q.scored] == []
    assert [s.id for s in module.sections] == ["cap_units", "cap_cooperation", "cap_cases", "cap_assets",
                                               "cap_requests"]


def test_every_figure_is_a_number_with_not_collected_and_every_question_an_audience():
    figures = figure_questions(V2)
    assert len(figures) == 24
    for question in figures:
        assert kind_of(question).name == "number", question.id
        assert [s.id for s in question.special] == [NOT_COLLECTED], question.id
    for question in capacity_module(V2).questions:
        assert question.audience, question.id
        assert set(question.audience) <= AUDIENCES, question.id
    assert V2.question(YEAR_QUESTION).special == ()  # a year is given, or left blank


def test_the_modules_texts_come_in_every_language_of_the_questionnaire():
    document = json.loads(V2_PATH.read_text(encoding="utf-8"))
    module = next(m for m in document["modules"] if m["id"] == CAPACITY_MODULE)
    others = {"modules": [m for m in document["modules"] if m["id"] != CAPACITY_MODULE]}
    assert _languages(module) == _languages(others)


def test_the_checks_and_rules_name_questions_sections_and_items_that_exist():
    ids = {q.id for q in figure_questions(V2)}
    named = {qid for check in NOT_ABOVE for qid in (*check.parts, check.limit)} | set(MEDIANS) | set(MEDIANS.values())
    assert named <= ids
    assert set(FIGURE_WORDS) == ids
    sections = {s.id for s in V2.sections}
    ta = default_ta_catalogue()
    for rule in PRACTICE_RULES:
        assert rule.section in sections, rule
        assert rule.figure in ids, rule
        assert ta.get(rule.ta_item) is not None, rule


def test_figures_change_no_band_of_the_law():
    law = {"crim_tip_consent": {"value": "in_place"}, "ml_self_laundering": {"value": "partially"}}
    figures = {"cap_year": {"value": 2025}, "cap_tip_prosecutions": {"value": 4},
               "cap_assets_confiscated": {"value": NOT_COLLECTED}, "cap_unit_tip": {"value": "up_to_20"}}
    plain, full = score(V2, law), score(V2, {**law, **figures})
    assert full["overall"] == plain["overall"]
    assert full["sections"] == plain["sections"]
    assert CAPACITY_MODULE not in [m["id"] for m in full["modules"]]


def test_figures_come_back_from_the_offline_workbook_like_every_answer():
    data = offline_bytes(V2, {})
    filled = fill(data, {"cap_year": {ANSWER: 2025}, "cap_mla_received": {ANSWER: 40},
                         "cap_mla_executed": {ANSWER: 52}, "cap_assets_frozen": {ANSWER: "Not collected"},
                         "cap_unit_fin": {ANSWER: "A unit of 6 to 20 officers"}})
    from exports.offline import read_offline_workbook

    upload = read_offline_workbook(filled, V2, Limits(max_bytes=10**8, max_uncompressed=10**9, max_entries=5000))
    assert upload.problems == []
    answers = {qid: a.answer for qid, a in upload.answers.items() if a.answer}
    assert answers == {"cap_year": {"value": 2025}, "cap_mla_received": {"value": 40},
                       "cap_mla_executed": {"value": 52}, "cap_assets_frozen": {"value": NOT_COLLECTED},
                       "cap_unit_fin": {"value": "up_to_20"}}
    # imported figures are checked like typed ones
    found = plausibility(V2, answers, (2025, 2026))
    assert [f.questions for f in found] == [("cap_mla_executed", "cap_mla_received")]


@pytest.mark.parametrize("text", ["forty", "-3"])
def test_a_figure_that_is_not_a_number_is_a_problem_of_its_cell(text):
    filled = fill(offline_bytes(V2, {}), {"cap_tip_investigations": {ANSWER: text}})
    from exports.offline import read_offline_workbook

    upload = read_offline_workbook(filled, V2, Limits(max_bytes=10**8, max_uncompressed=10**9, max_entries=5000))
    assert len(upload.problems) == 1
    assert "Not collected" in upload.problems[0].message


def test_demo_figures_read_plausibly_and_give_the_training_list_someone():
    from assessment.demo import FICTIONAL
    from assessment.demo.capacity import NO_EXTRADITION_SENT, THIN_CONFISCATION, capacity_answers
    from assessment.models import Member
    from scoring.capacity import cycle_years

    assert capacity_answers(load_questionnaire(DATA_DIR / "legislative_framework.v1.json"),
                            Member(code="XA", name="A", sub_region="Pacific"), "2026") == {}
    for code, name, sub_region in FICTIONAL:
        member = Member(code=code, name=name, sub_region=sub_region)
        for cycle, previous in (("2024", None), ("2026", "2024")):
            answers = capacity_answers(V2, member, cycle)
            assert set(answers) == {q.id for q in capacity_module(V2).questions}, code
            assert answers["cap_year"] == {"value": int(cycle) - 1}
            assert plausibility(V2, answers, cycle_years(cycle, previous)) == [], (code, cycle)
            if code in THIN_CONFISCATION:
                assert answers["cap_assets_confiscated"]["value"] in (0, NOT_COLLECTED)
            if code in NO_EXTRADITION_SENT:
                assert answers["cap_ext_sent"] == {"value": 0}
    assert capacity_answers(V2, Member(code="XA", name="A", sub_region="Pacific"), "2026") == \
        capacity_answers(V2, Member(code="XA", name="A", sub_region="Pacific"), "2026")
