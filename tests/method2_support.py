"""Questionnaires scored by method 2, and answers that improve one answer, for the method-2 tests.

- :data:`SAMPLE2`: the version-2 sample questionnaire (``tests/fixtures/sample_questionnaire.v2.json``);
- :func:`shipped_method2`: every shipped questionnaire of version 2 or later;
- :func:`reworked_v1`: the shipped version 1 held to the version-2 rule (conditions on scored questions
  dropped), for the cases that need the real content while no version 2 is shipped;
- :func:`improvements`: every way of making one answer better (a higher status, one more component covered,
  the compliant yes/no, a number that meets its threshold, a choice worth more, an answer for an unknown or
  unanswered question, law in force for a bill), each of which must never raise a gap nor lower a band.
"""

from __future__ import annotations

import copy
from typing import Any

from questionnaires.loader import DATA_DIR, build_questionnaire, load_questionnaire, read_json, shipped_questionnaires
from questionnaires.model import STATUS_VALUES, Question, Questionnaire
from tests.conftest import FIXTURES

SAMPLE2_PATH = FIXTURES / "sample_questionnaire.v2.json"
SAMPLE2 = load_questionnaire(SAMPLE2_PATH)
WORKED_EXAMPLE2 = FIXTURES / "worked_example_answers.v2.json"
IN_FORCE = [{"act": "Penal Code", "section": "1", "year": 2010, "status": "in_force"}]
BILL = [{"act": "Amendment Bill", "section": "2", "year": 2026, "status": "bill"}]


def shipped_method2() -> list[Questionnaire]:
    """The shipped questionnaires that method 2 scores (version 2 onwards), oldest first."""
    return [load_questionnaire(path) for key, path in sorted(shipped_questionnaires().items()) if key[1] >= 2]


def _without_scored(condition: Any, scored: set[str]) -> Any:
    """``condition`` without the parts that refer to scored questions (``None`` when nothing is left)."""
    if "question" in condition:
        return None if condition["question"] in scored else condition
    if "not" in condition:
        inner = _without_scored(condition["not"], scored)
        return None if inner is None else {"not": inner}
    key = "all" if "all" in condition else "any"
    parts = [c for c in (_without_scored(c, scored) for c in condition[key]) if c is not None]
    return None if not parts else parts[0] if len(parts) == 1 else {key: parts}


def reworked_v1() -> Questionnaire:
    """The shipped version 1 as version 2: the follow-ups shown by scored answers become unconditional."""
    document, problems = read_json(DATA_DIR / "legislative_framework.v1.json")
    assert not problems
    document = copy.deepcopy(document)
    document["version"] = 2
    questions = [q for m in document["modules"] for s in m["sections"] for q in s["questions"]]
    scored = {q["id"] for q in questions if q["scored"]}
    for question in questions:
        for holder in [question, *question.get("components", ())]:
            if holder.get("show_if") is not None:
                holder["show_if"] = _without_scored(holder["show_if"], scored)
                if holder["show_if"] is None:
                    del holder["show_if"]
    return build_questionnaire(document)


def _is_flagged(answer: dict[str, Any]) -> str | None:
    for flag in ("not_applicable", "precluded", "unknown"):
        if answer.get(flag) is True or answer.get("value") == flag:
            return flag
    return None


def _scored_choices(question: Question) -> list[Any]:
    return sorted((c for c in question.choices if c.value is not None), key=lambda c: (c.value, c.id))


def _values(question: Question) -> list[Any]:
    """Values of a question from worst to best (coverage: none and all covered)."""
    kind = question.type
    if kind == "status":
        return list(reversed(STATUS_VALUES))
    if kind == "coverage":
        return [[], [c.id for c in question.components]]
    if kind == "yes_no":
        compliant = True if question.compliant_answer is None else question.compliant_answer
        return [not compliant, compliant]
    if kind == "number":
        assert question.threshold is not None
        worst = question.threshold + 1 if question.direction == "at_most" else max(question.threshold - 1, 0)
        return [worst, question.threshold]
    if kind == "choice":
        return [c.id for c in _scored_choices(question)]
    return []


def improvements(question: Question, answer: dict[str, Any] | None) -> list[dict[str, Any]]:
    """Answers that are better than ``answer`` in one respect and otherwise the same (empty when none is).

    Not applicable and precluded answers, and choices that carry no score, are not on the scale and have
    no improvement.
    """
    base = {k: v for k, v in (answer or {}).items() if k in ("citations", "comment", "ta_request")}
    flag = _is_flagged(answer or {})
    value = (answer or {}).get("value")
    if flag in ("not_applicable", "precluded"):
        return []
    if not answer or flag == "unknown" or value is None:  # any answer at all is no worse than none
        return [{**base, "value": v, "citations": IN_FORCE} for v in _values(question)]
    found = []
    kind = question.type
    if kind == "status" and value in STATUS_VALUES[1:]:
        found.append({**answer, "value": STATUS_VALUES[STATUS_VALUES.index(value) - 1]})
    elif kind == "coverage":
        unknown = list(answer.get("unknown_components") or ())
        for component in question.components:
            if component.id not in value:
                better = copy.deepcopy(answer)
                better["value"] = [*value, component.id]
                if component.id in unknown:
                    better["unknown_components"] = [u for u in unknown if u != component.id]
                    if not better["unknown_components"]:
                        del better["unknown_components"]
                found.append(better)
    elif kind == "choice":
        choice = question.choice(value) if isinstance(value, str) else None
        if choice is None or choice.value is None:
            return []
        found += [{**answer, "value": c.id} for c in _scored_choices(question) if (c.value or 0) > choice.value]
    elif kind in ("yes_no", "number"):
        best = _values(question)[-1]
        if value != best:
            found.append({**answer, "value": best})
        if kind == "number":
            found += [{**answer, "value": s.id} for s in question.special if s.score == 1 and value != s.id]
    citations = answer.get("citations") or []
    if citations and all(c.get("status") in ("bill", "draft") for c in citations):
        found.append({**answer, "citations": [*citations, *IN_FORCE]})
    return found
