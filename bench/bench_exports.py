"""Benchmark of the Excel exports and of reading an offline workbook back, for a full assessment.

Times, on the given questionnaire (default: ``questionnaires/data/legislative_framework.v1.json``) with every
question answered (comments, citations and TA requests included):

- building and saving the results workbook;
- building and saving the offline questionnaire workbook;
- reading a filled-in offline workbook back (:func:`exports.offline.read_offline_workbook`: the safety checks,
  every cell, every answer checked).

Each is compared with the floor openpyxl sets for the same cells: writing the same values, sheet by sheet,
with a write-only workbook and no styles (for the two exports), and loading the same file read-only and
iterating every value (for the import). The target is a median within 3× of that floor.

    python -m bench.bench_exports [QUESTIONNAIRE.json] [--quick] [--json]
"""

from __future__ import annotations

import io
import random
import sys
import warnings
from datetime import datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook

from bench.bench_scoring import FULL_QUESTIONNAIRE, SAMPLE_QUESTIONNAIRE, complete_assessment
from bench.common import alternating, module_main, ratio_row
from exports.offline import OfflineContext, build_offline_workbook, read_offline_workbook
from exports.results import ResultsContext, build_results_workbook
from exports.safety import Limits
from questionnaires.loader import load_questionnaire
from questionnaires.model import Questionnaire
from scoring.engine import score

TARGET_RATIO = 3.0
MOMENT = datetime(2026, 3, 2, 10, 0)
COMMENT = ("Checked with the Ministry of Justice; the Attorney-General's office confirmed the reading. "
           "See also the 2019 review of the penal code.")


def full_answers(questionnaire: Questionnaire, seed: int = 2026) -> dict[str, dict[str, Any]]:
    """Every question answered as a busy focal point would: values, comments, citations, some TA requests;
    each answer at version 1 to 3."""
    rng = random.Random(seed)
    answers = complete_assessment(rng, questionnaire)
    for index, (qid, answer) in enumerate(answers.items()):
        answer["version"] = 1 + index % 3
        if rng.random() < 0.6:
            answer["comment"] = COMMENT if index % 7 else "=1+1 was the old formula in the ministry's sheet"
        if questionnaire.question(qid).scored and rng.random() < 0.5:
            answer.setdefault("citations", [])
            answer["citations"] = [*answer["citations"],
                                   {"act": "Criminal Procedure Code", "section": f"s. {index}", "year": 2011,
                                    "status": "in_force", "url": "https://laws.example.org/cpc"}]
    return answers


def results_bytes(questionnaire: Questionnaire, answers: dict[str, dict[str, Any]]) -> bytes:
    result = score(questionnaire, answers, member="XA", cycle="2026")
    context = ResultsContext("XA", "Republic of Aldmere", "2026", "draft", "Worked out from the draft answers", MOMENT)
    return _saved(build_results_workbook(questionnaire, result, answers, context))


def offline_bytes(questionnaire: Questionnaire, answers: dict[str, dict[str, Any]]) -> bytes:
    context = OfflineContext(1, "XA", "Republic of Aldmere", "2026", "draft", MOMENT)
    return _saved(build_offline_workbook(questionnaire, answers, context))


def _saved(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _cells(data: bytes) -> list[tuple[str, list[list[Any]]]]:
    """Every sheet's values, to write them again without anything else."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        workbook = load_workbook(io.BytesIO(data), read_only=True)
        sheets = [(ws.title, [list(row) for row in ws.iter_rows(values_only=True)]) for ws in workbook.worksheets]
        workbook.close()
    return sheets


def _plain_write(sheets: list[tuple[str, list[list[Any]]]]) -> bytes:
    workbook = Workbook(write_only=True)
    for title, rows in sheets:
        ws = workbook.create_sheet(title)
        for row in rows:
            ws.append(row)
    return _saved(workbook)


def _plain_read(data: bytes) -> int:
    workbook = load_workbook(io.BytesIO(data), read_only=True)
    count = sum(1 for ws in workbook.worksheets for row in ws.iter_rows(values_only=True) for _ in row)
    workbook.close()
    return count


def run(quick: bool = False, questionnaire_path: str | Path | None = None) -> list[dict]:
    """Rows for the results workbook, the offline workbook and reading a filled-in offline workbook.

    :param quick: 3 runs of each instead of 15 (for tests)
    :param questionnaire_path: a questionnaire file (default: the full one, else the sample)
    """
    runs = 3 if quick else 15
    path = Path(questionnaire_path) if questionnaire_path else (
        FULL_QUESTIONNAIRE if FULL_QUESTIONNAIRE.exists() else SAMPLE_QUESTIONNAIRE)
    questionnaire = load_questionnaire(path)
    answers = full_answers(questionnaire)
    size = len(questionnaire.questions)
    label = f"{questionnaire.id} v{questionnaire.version}"
    rows = []

    def compare(name: str, call: Any, floor: Any) -> dict[str, Any]:
        return ratio_row(f"{name} {label}", size, *alternating(call, floor, runs, collect=True))

    results = results_bytes(questionnaire, answers)
    results_cells = _cells(results)
    rows.append(compare("results workbook", lambda: results_bytes(questionnaire, answers),
                        lambda: _plain_write(results_cells)))

    offline = offline_bytes(questionnaire, answers)
    offline_cells = _cells(offline)
    rows.append(compare("offline workbook", lambda: offline_bytes(questionnaire, answers),
                        lambda: _plain_write(offline_cells)))

    limits = Limits()
    upload = read_offline_workbook(offline, questionnaire, limits, assessment_id=1)
    if upload.problems:  # the benchmark's own workbook must read back cleanly, or the timing means nothing
        raise RuntimeError("; ".join(str(p) for p in upload.problems[:5]))
    rows.append(compare("read offline workbook",
                        lambda: read_offline_workbook(offline, questionnaire, limits, assessment_id=1),
                        lambda: _plain_read(offline)))
    return rows


def main(argv: list[str] | None = None) -> int:
    return module_main("python -m bench.bench_exports", __doc__, run, argv, questionnaire=True)


if __name__ == "__main__":
    sys.exit(main())
