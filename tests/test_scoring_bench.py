"""The scoring benchmark runs, reports the documented row format and feeds the engine valid, complete answers."""

import random
import re

import pytest

from bench.bench_scoring import TARGET_RATIO, complete_assessment, run, synthetic_questionnaire
from scoring.answers import check_answer
from scoring.engine import score
from tests.conftest import SAMPLE_QUESTIONNAIRE
from tests.scoring_helpers import SAMPLE


@pytest.mark.bench
def test_quick_run_reports_rows_for_the_questionnaire_and_a_full_size_one():
    rows = run(quick=True, questionnaire_path=SAMPLE_QUESTIONNAIRE)
    assert [r["name"].split(" (")[0] for r in rows] == ["score sample v1", "score sample_synthetic"]
    assert all(re.search(r" \(answers' values checked: the baseline; \d+x a plain weighted sum\)$", r["name"])
               for r in rows)
    for row in rows:
        assert list(row) == ["name", "size", "p50_ms", "p95_ms", "baseline_ms", "ratio", "target", "pass"]
        assert 0 < row["baseline_ms"] < row["p50_ms"] <= row["p95_ms"]
        assert abs(row["ratio"] - row["p50_ms"] / row["baseline_ms"]) <= 0.02 * row["ratio"]
        assert row["pass"] is (row["ratio"] <= TARGET_RATIO)
    assert rows[0]["size"] == 21
    assert 160 <= rows[1]["size"] <= 200


def test_synthetic_questionnaire_keeps_ids_unique_and_references_local():
    synthetic = synthetic_questionnaire(SAMPLE)
    ids = [q.id for q in synthetic.questions]
    assert len(ids) == len(set(ids))
    assert synthetic.question("ext_nationals_3").depends_on == ("jur_nationals_3", "ml_predicates_3")
    assert synthetic.question("som_sea_authority_3").show_if == {"question": "has_sea_border", "in": [True]}
    result = score(synthetic, complete_assessment(random.Random(1), synthetic))
    assert result["warnings"] == []
    assert len(result["sections"]) == 4 * (len(synthetic.modules) - 1) // 3


def test_complete_assessments_are_valid_and_complete():
    rng = random.Random(7)
    for _ in range(20):
        answers = complete_assessment(rng, SAMPLE)
        for qid, answer in answers.items():
            assert check_answer(SAMPLE.question(qid), answer) == [], (qid, answer)
        assert score(SAMPLE, answers)["overall"]["completeness"] == 1.0
