"""The exports benchmark runs, reports the documented row format and times workbooks that read back cleanly."""

import pytest

from bench.bench_exports import TARGET_RATIO, full_answers, offline_bytes, run
from exports.offline import read_offline_workbook
from exports.safety import Limits
from scoring.answers import check_answer
from tests.conftest import SAMPLE_QUESTIONNAIRE
from tests.scoring_helpers import SAMPLE


@pytest.mark.bench
def test_quick_run_reports_the_results_offline_and_import_rows():
    rows = run(quick=True, questionnaire_path=SAMPLE_QUESTIONNAIRE)
    assert [r["name"] for r in rows] == ["results workbook sample v1", "offline workbook sample v1",
                                         "read offline workbook sample v1"]
    for row in rows:
        assert list(row) == ["name", "size", "p50_ms", "p95_ms", "baseline_ms", "ratio", "target", "pass"]
        assert row["size"] == len(SAMPLE.questions)
        assert row["baseline_ms"] > 0
        assert row["p50_ms"] <= row["p95_ms"]
        assert abs(row["ratio"] - row["p50_ms"] / row["baseline_ms"]) <= 0.02 * row["ratio"] + 0.01
        assert row["pass"] is (row["ratio"] <= TARGET_RATIO)


def test_benchmark_answers_are_valid_and_read_back_untouched():
    answers = full_answers(SAMPLE)
    for qid, answer in answers.items():
        assert check_answer(SAMPLE.question(qid), {k: v for k, v in answer.items() if k != "version"}) == []
    upload = read_offline_workbook(offline_bytes(SAMPLE, answers), SAMPLE, Limits(), assessment_id=1)
    assert upload.problems == []
    assert all(item.untouched for item in upload.answers.values())
