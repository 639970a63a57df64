"""The invariants of the scoring method, checked by hypothesis on random questionnaires and answers.

- every gap lies within 0..100, every score and completeness within 0..1, and gap points add up to the gap;
- moving an answered status question up (not in place < partially < largely < in place) never raises a gap;
- adding questions that are N/A, skipped or precluded never changes a score;
- the order of the answers does not matter, and the same input gives the same bytes;
- all-best answers give core gap 0 and ``aligned`` wherever a core score exists (band null elsewhere), and
  all-worst answers give 100 and ``not_aligned``;
- the canonical form scores like the form it came from, and the engine ignores exactly the answers the
  answers checker rejects.
"""

from __future__ import annotations

import copy
import json
import random
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from questionnaires.loader import build_questionnaire
from questionnaires.model import STATUS_VALUES
from scoring.answers import canonical_answer, check_answer
from scoring.engine import score
from tests.scoring_helpers import SAMPLE, best_value, complete_answers, figures_that_differ, scopes, worst_value
from tests.scoring_strategies import (
    SEEDS,
    answers_for,
    junk_answer,
    questionnaire_docs,
    questionnaires,
    with_excluded_extras,
)

PROPERTY = settings(max_examples=300, deadline=None)
FIGURES = ("score", "gap", "beyond_minimum_gap", "if_bills_pass_gap", "completeness", "band", "provisional",
           "critical_gaps")
GAPS = ("gap", "beyond_minimum_gap", "if_bills_pass_gap")


@st.composite
def scored(draw: st.DrawFn, conditional: bool = True) -> tuple[Any, dict[str, Any]]:
    """A questionnaire (random, or the sample one time in four) with random valid answers."""
    questionnaire = SAMPLE if draw(st.integers(0, 3)) == 0 else draw(questionnaires(conditional))
    return questionnaire, draw(answers_for(questionnaire))


def _all_gaps(result: dict[str, Any]) -> dict[str, float | None]:
    gaps = {f"overall.{k}": result["overall"][k] for k in GAPS}
    for kind in ("modules", "sections"):
        for row in result[kind]:
            gaps.update({f"{kind}.{row['id']}.{k}": row[k] for k in GAPS})
    gaps.update({f"elements.{row['id']}": row["gap"] for row in result["elements"]})
    return gaps


@PROPERTY
@given(scored())
def test_numbers_stay_in_range_and_points_add_up(case):
    questionnaire, answers = case
    result = score(questionnaire, answers)
    for key, gap in _all_gaps(result).items():
        assert gap is None or 0 <= gap <= 100, key
    for row in [*scopes(result), *result["elements"], *result["questions"]]:
        assert row["score"] is None or 0 <= row["score"] <= 1
    for row in scopes(result):
        assert row["completeness"] is None or 0 <= row["completeness"] <= 1
        assert (row["score"] is None) == (row["gap"] is None) == (row["band"] is None)
    for section in result["sections"]:
        points = section["explanation"]["points"]
        if section["gap"] is None:
            assert points == []
        else:
            assert round(sum(p["points"] for p in points), 1) == section["gap"]
            assert all(0 <= p["points"] <= 100 for p in points)
    assert all(item["priority"] >= 0 for item in result["ta"])
    assert result["warnings"] == []  # valid answers are never ignored


@PROPERTY
@given(scored(), st.data())
def test_moving_a_status_answer_up_never_raises_a_gap(case, data):
    questionnaire, answers = case
    movable = [qid for qid, a in answers.items()
               if a.get("value") in STATUS_VALUES[1:] and questionnaire.question(qid).type == "status"]
    if not movable:
        movable_q = [q for q in questionnaire.questions if q.type == "status" and q.scored]
        if not movable_q:
            return
        qid = data.draw(st.sampled_from([q.id for q in movable_q]))
        answers = {**answers, qid: {"value": "not_in_place"}}
        movable = [qid]
    qid = data.draw(st.sampled_from(sorted(movable)))
    before = _all_gaps(score(questionnaire, answers))
    up = STATUS_VALUES[STATUS_VALUES.index(answers[qid]["value"]) - 1]
    after = _all_gaps(score(questionnaire, {**answers, qid: {**answers[qid], "value": up}}))
    assert before.keys() == after.keys()
    for key, gap in after.items():
        if gap is not None and before[key] is not None:
            assert gap <= before[key], (key, qid, before[key], gap)


def _hidden_by_has_x(_doc: dict[str, Any], answers: dict[str, Any]) -> dict[str, Any]:
    """Shown only for the other answer to has_x, or for True while has_x is unanswered."""
    switch = answers.get("has_x", {}).get("value")
    return {"question": "has_x", "in": [not switch if isinstance(switch, bool) else True]}


@st.composite
def excluded_extras(draw: st.DrawFn) -> tuple[Any, Any, dict[str, Any], dict[str, Any]]:
    """A questionnaire, answers, and the same plus extra questions that are N/A, skipped or precluded."""
    return with_excluded_extras(draw, draw(questionnaire_docs()), _hidden_by_has_x)


@PROPERTY
@given(excluded_extras())
def test_adding_na_skipped_or_precluded_questions_changes_no_score(case):
    base, bigger, answers, extra_answers = case
    before = score(base, answers)
    after = score(bigger, extra_answers)
    assert figures_that_differ(before, after, FIGURES) == []
    new_elements = {e["id"]: e for e in after["elements"]}
    for element in before["elements"]:
        assert (element["score"], element["gap"]) == (new_elements[element["id"]]["score"],
                                                      new_elements[element["id"]]["gap"])


@PROPERTY
@given(scored(), SEEDS)
def test_answer_order_is_irrelevant_and_output_is_deterministic(case, seed):
    questionnaire, answers = case
    rnd = random.Random(seed)
    first = json.dumps(score(questionnaire, answers), sort_keys=True)
    items = list(copy.deepcopy(answers).items())
    rnd.shuffle(items)
    shuffled = dict(items)
    for answer in shuffled.values():
        if isinstance(answer.get("value"), list):
            rnd.shuffle(answer["value"])
    assert json.dumps(score(questionnaire, shuffled), sort_keys=True) == first
    assert json.dumps(score(questionnaire, answers), sort_keys=True) == first
    rebuilt = build_questionnaire(questionnaire.document)
    assert json.dumps(score(rebuilt, answers), sort_keys=True) == first


def _scopes_not_at(result: dict[str, Any], gap: float, band: str, also: tuple[str, ...] = ()) -> list[str]:
    """The scopes of ``result`` not at the extreme ``gap`` and ``band`` (and ``gap`` for the gaps named in
    ``also``), a scope without a core score having no band, and whose beyond-minimum gap is neither ``gap`` nor
    absent."""
    found = []
    for row in scopes(result):
        if row["score"] is None:
            off = row["band"] is not None
        else:
            off = (row["gap"], row["band"], *(row[k] for k in also)) != (gap, band, *(gap for _ in also))
        if off or row["beyond_minimum_gap"] not in (None, gap):
            found.append(row.get("id", "overall"))
    return found


@st.composite
def any_questionnaire(draw: st.DrawFn) -> Any:
    return SAMPLE if draw(st.integers(0, 3)) == 0 else draw(questionnaires())


@PROPERTY
@given(any_questionnaire())
def test_all_best_answers_give_gap_zero_and_aligned(questionnaire):
    result = score(questionnaire, complete_answers(questionnaire, best_value))
    assert _scopes_not_at(result, 0.0, "aligned", also=("if_bills_pass_gap",)) == []
    assert all(section["capped_by"] == [] for section in result["sections"])
    assert all(e["gap"] in (None, 0.0) and e["state"] in ("met", "skipped", "not_applicable")
               for e in result["elements"])


@PROPERTY
@given(any_questionnaire())
def test_all_worst_answers_give_gap_100_and_not_aligned(questionnaire):
    result = score(questionnaire, complete_answers(questionnaire, worst_value))
    assert _scopes_not_at(result, 100.0, "not_aligned") == []
    assert all(e["gap"] in (None, 100.0) for e in result["elements"])


@PROPERTY
@given(scored())
def test_canonical_form_scores_the_same(case):
    questionnaire, answers = case
    canonical = {qid: canonical_answer(questionnaire.question(qid), a) for qid, a in answers.items()}
    assert score(questionnaire, canonical) == score(questionnaire, answers)
    again = {qid: canonical_answer(questionnaire.question(qid), a) for qid, a in canonical.items()}
    assert again == canonical


@PROPERTY
@given(any_questionnaire(), st.data())
def test_engine_ignores_exactly_the_answers_the_checker_rejects(questionnaire, data):
    rng = random.Random(data.draw(SEEDS))
    answers = {q.id: junk_answer(rng) for q in questionnaire.questions if q.scored and rng.random() < 0.7}
    everything_shown = {"has_x": {"value": True}, "has_y": {"value": True}, "has_sea_border": {"value": True}}
    result = score(questionnaire, {**answers, **everything_shown})
    rows = {row["id"]: row for row in result["questions"]}
    for qid, answer in answers.items():
        if rows[qid]["state"] == "skipped":
            continue
        rejected = bool(check_answer(questionnaire.question(qid), answer))
        assert ("ignored_answer" in rows[qid]["flags"]) == rejected, (qid, answer)
