"""Benchmark of the scoring engine: time per complete assessment, with explanations and the TA list.

Scores 1,000 complete random assessments (every visible scored question answered: values of every kind,
some unknown, N/A and precluded where allowed, citations in force or only in bills, TA requests) several
times. The baseline is the floor any scorer of the questionnaire pays: every answer's value checked by its
question type (``kind_of(question).value_problems``), timed on each assessment right after it is scored. The
target is a median within 20× of it. It replaces a budget of 5 ms per assessment, set when scoring took 2.7 ms:
a time in milliseconds swings with a busy host (4 to 8 ms on one machine within an hour), the ratio far less.
The shipped questionnaire scores at 10.4-11.5× its checking (over runs that took 4.5 to 5.8 ms), so 20× leaves
the room the 5 ms had. The row's name also gives the ratio to a plain-Python weighted sum over the same numbers.

    python -m bench.bench_scoring [QUESTIONNAIRE.json] [--quick] [--json]

Without a path it uses ``questionnaires/data/legislative_framework.v1.json`` when it exists and otherwise
the sample questionnaire of the tests; it also times a synthetic questionnaire of about 180 questions made
by repeating the sample's assessment modules, so the target is checked at full size either way.
"""

from __future__ import annotations

import copy
import gc
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.common import module_main
from questionnaires.loader import DATA_DIR, build_questionnaire, default_ta_catalogue, load_questionnaire
from questionnaires.model import STATUS_VALUES, Question, Questionnaire
from questionnaires.types import kind_of
from scoring.engine import score

ROOT = Path(__file__).resolve().parent.parent
FULL_QUESTIONNAIRE = DATA_DIR / "legislative_framework.v1.json"
SAMPLE_QUESTIONNAIRE = ROOT / "tests" / "fixtures" / "sample_questionnaire.json"
#: the median time to score an assessment, at most this many times the time to check its answers' values
TARGET_RATIO = 20.0
SYNTHETIC_SIZE = 180
IN_FORCE = [{"act": "Penal Code", "status": "in_force"}]
BILL = [{"act": "Amendment Bill", "status": "bill"}]


# --------------------------------------------------------------------------- inputs


def default_questionnaire_path() -> Path:
    return FULL_QUESTIONNAIRE if FULL_QUESTIONNAIRE.exists() else SAMPLE_QUESTIONNAIRE


def synthetic_questionnaire(base: Questionnaire, size: int = SYNTHETIC_SIZE) -> Questionnaire:
    """``base`` with its assessment modules repeated (ids suffixed) until it has about ``size`` questions."""
    doc = copy.deepcopy(dict(base.document))
    profile = [m for m in doc["modules"] if m.get("kind") == "profile"]
    assessed = [m for m in doc["modules"] if m.get("kind") != "profile"]
    per_copy = sum(len(s["questions"]) for m in assessed for s in m["sections"])
    fixed = sum(len(s["questions"]) for m in profile for s in m["sections"])
    copies = max(1, round((size - fixed) / max(per_copy, 1)))
    local = {q["id"] for m in assessed for s in m["sections"] for q in s["questions"]}
    modules = list(profile)
    for n in range(copies):
        for module in copy.deepcopy(assessed):
            module["id"] = f"{module['id']}_{n}"
            for section in module["sections"]:
                section["id"] = f"{section['id']}_{n}"
                for q in section["questions"]:
                    q["id"] = f"{q['id']}_{n}"
                    q["depends_on"] = [f"{d}_{n}" if d in local else d for d in q.get("depends_on", [])]
                    _rename_conditions(q, local, n)
            modules.append(module)
    doc["modules"] = modules
    doc["id"] = f"{doc['id']}_synthetic"
    return build_questionnaire(doc)


def _rename_conditions(question: dict[str, Any], local: set[str], n: int) -> None:
    def walk(condition: Any) -> None:
        if isinstance(condition, dict):
            if condition.get("question") in local:
                condition["question"] = f"{condition['question']}_{n}"
            for key in ("all", "any"):
                for sub in condition.get(key, ()):
                    walk(sub)
            walk(condition.get("not"))

    walk(question.get("show_if"))
    for component in question.get("components", ()):
        walk(component.get("show_if"))


def _value(rng: random.Random, question: Question) -> Any:
    if question.type == "status":
        return rng.choice(STATUS_VALUES)
    if question.type == "coverage":
        ids = [c.id for c in question.components]
        return rng.sample(ids, rng.randint(0, len(ids)))
    if question.type == "yes_no":
        return rng.random() < 0.7
    if question.type == "number":
        specials = [s.id for s in question.special]
        if specials and rng.random() < 0.2:
            return rng.choice(specials)
        threshold = question.threshold or 1
        return round(rng.uniform(0, 2 * threshold), 1)
    if question.type == "choice":
        return rng.choice([c.id for c in question.choices])
    raise ValueError(question.type)


def complete_assessment(rng: random.Random, questionnaire: Questionnaire) -> dict[str, dict[str, Any]]:
    """Every scored question answered; the Profile answered so that skip logic applies as it would."""
    answers: dict[str, dict[str, Any]] = {}
    for question in questionnaire.questions:
        if not question.scored:
            if question.type == "yes_no":
                answers[question.id] = {"value": rng.random() < 0.8}
            elif question.type == "choice":
                answers[question.id] = {"value": rng.choice([c.id for c in question.choices])}
            continue
        roll = rng.random()
        if roll < 0.05:
            answer: dict[str, Any] = {"unknown": True}
        elif roll < 0.08 and question.na_allowed:
            answer = {"not_applicable": True, "justification": "Does not arise."}
        elif roll < 0.10 and question.precluded_allowed:
            answer = {"precluded": True, "justification": "Fundamental principles."}
        else:
            answer = {"value": _value(rng, question), "citations": BILL if rng.random() < 0.1 else IN_FORCE}
        if rng.random() < 0.05:
            answer["ta_request"] = {"category": "TA-LEG", "challenge": "capacity", "note": "Drafting help."}
        answers[question.id] = answer
    return answers


def _weights_and_values(result: dict[str, Any]) -> list[tuple[float, float]]:
    return [(row["weight"], row["score"]) for row in result["questions"]
            if row["score"] is not None and row["weight"] is not None]


# --------------------------------------------------------------------------- timing


def _time_in_turn(functions: tuple[Callable[[Any], Any], ...], inputs: list[tuple[Any, ...]]) -> list[list[float]]:
    """Milliseconds per call of each of ``functions`` on its own part of each input, the functions called in
    turn on each input, with the garbage collector paused."""
    timer = time.perf_counter_ns
    out: list[list[float]] = [[] for _ in functions]
    enabled = gc.isenabled()
    gc.disable()
    try:
        for parts in inputs:
            for function, part, times in zip(functions, parts, out, strict=True):
                start = timer()
                function(part)
                times.append((timer() - start) / 1e6)
    finally:
        if enabled:
            gc.enable()
    return out


def _plain_weighted_sum(pairs: list[tuple[float, float]]) -> float:
    total_weight = total = 0.0
    for weight, value in pairs:
        total_weight += weight
        total += weight * value
    return total / total_weight if total_weight else 0.0


def bench_questionnaire(name: str, questionnaire: Questionnaire, count: int, runs: int, seed: int = 2026) -> dict:
    """Time ``score`` on ``count`` complete random assessments, ``runs`` times; one result row."""
    rng = random.Random(seed)
    catalogue = default_ta_catalogue()
    assessments = [complete_assessment(rng, questionnaire) for _ in range(count)]
    numbers = [_weights_and_values(score(questionnaire, a, ta_catalogue=catalogue)) for a in assessments]

    def run_score(answers: dict[str, Any]) -> Any:
        return score(questionnaire, answers, ta_catalogue=catalogue)

    kinds = [(q.id, kind_of(q)) for q in questionnaire.questions]

    def check_values(answers: dict[str, Any]) -> int:
        return sum(1 for qid, kind in kinds if isinstance(answer := answers.get(qid), dict)
                   and not kind.value_problems(answer.get("value")))

    medians, everything, baselines, plain = [], [], [], []
    for _ in range(runs):
        # each assessment scored, then its answers checked, then its numbers summed, in turn: the three see the
        # machine alike
        times, checks, sums = _time_in_turn((run_score, check_values, _plain_weighted_sum),
                                            [(a, a, n) for a, n in zip(assessments, numbers, strict=True)])
        medians.append(statistics.median(times))
        everything += times
        baselines.append(statistics.median(checks))
        plain.append(statistics.median(sums))
    p50 = statistics.median(medians)
    p95 = statistics.quantiles(everything, n=20)[-1]
    baseline = statistics.median(baselines)
    ratio = p50 / baseline if baseline > 0 else None
    return {
        "name": f"{name} (answers' values checked: the baseline; {p50 / statistics.median(plain):.0f}x a plain "
                f"weighted sum)",
        "size": len(questionnaire.questions),
        "p50_ms": round(p50, 3),
        "p95_ms": round(p95, 3),
        "baseline_ms": round(baseline, 6),
        "ratio": None if ratio is None else round(ratio, 2),
        "target": f"p50 <= {TARGET_RATIO:g}x baseline",
        "pass": ratio is not None and ratio <= TARGET_RATIO,
    }


def run(quick: bool = False, questionnaire_path: str | Path | None = None) -> list[dict]:
    """Benchmark rows: the given (or default) questionnaire and a synthetic one of about 180 questions.

    :param quick: 100 assessments and 2 runs instead of 1,000 and 5 (for tests)
    :param questionnaire_path: a questionnaire file (default: the full questionnaire, else the sample)
    """
    count, runs = (100, 2) if quick else (1000, 5)
    path = Path(questionnaire_path) if questionnaire_path else default_questionnaire_path()
    questionnaire = load_questionnaire(path)
    rows = [bench_questionnaire(f"score {questionnaire.id} v{questionnaire.version}", questionnaire, count, runs)]
    if len(questionnaire.questions) < SYNTHETIC_SIZE * 0.9:
        synthetic = synthetic_questionnaire(questionnaire)
        rows.append(bench_questionnaire(f"score {synthetic.id}", synthetic, count, runs))
    return rows


def main(argv: list[str] | None = None) -> int:
    return module_main("python -m bench.bench_scoring", __doc__, run, argv, questionnaire=True)


if __name__ == "__main__":
    sys.exit(main())
