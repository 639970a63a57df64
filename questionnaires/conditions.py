"""Skip logic: the ``show_if`` condition grammar, evaluated over answers.

Contract: a condition is one of ``{"question": ID, "in": [VALUES]}``, ``{"question": ID, "includes":
COMPONENT}``, ``{"all": [...]}``, ``{"any": [...]}`` or ``{"not": ...}``. Conditions refer only to
earlier questions, so one pass in questionnaire order decides every question's visibility. A hidden
question counts as unanswered for the conditions that refer to it, so hiding cascades. The page's
``static/skiplogic.js`` implements the same rules; ``tests/test_conditions.py`` holds the shared cases.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from questionnaires.model import Question, Questionnaire

#: answer flags that replace a value
FLAGS = ("not_applicable", "precluded", "unknown")


def answer_value(answer: Mapping[str, Any] | None) -> Any:
    """The value a condition compares: the answer's value, or its flag name, or ``None`` when unanswered.

    :param answer: one answer in the answers format (``{"value": ..., "not_applicable": true, ...}``)
    """
    if not answer:
        return None
    for flag in FLAGS:
        if answer.get(flag):
            return flag
    return answer.get("value")


def evaluate(condition: Mapping[str, Any], values: Mapping[str, Any]) -> bool:
    """Evaluate ``condition`` against ``values`` (question id → :func:`answer_value` of a visible answer).

    :raises ValueError: for a condition outside the grammar (the loader rejects those first)
    """
    if "all" in condition:
        return all(evaluate(c, values) for c in condition["all"])
    if "any" in condition:
        return any(evaluate(c, values) for c in condition["any"])
    if "not" in condition:
        return not evaluate(condition["not"], values)
    if "question" in condition:
        value = values.get(condition["question"])
        if "in" in condition:
            if value is None:
                return False
            return any(_same(value, wanted) for wanted in condition["in"])
        if "includes" in condition:
            return isinstance(value, list | tuple) and condition["includes"] in value
    raise ValueError(f"not a show_if condition: {condition!r}")


def _same(value: Any, wanted: Any) -> bool:
    # True == 1 in Python; a yes/no answer must not match a number and vice versa
    if isinstance(value, bool) or isinstance(wanted, bool):
        return isinstance(value, bool) and isinstance(wanted, bool) and value is wanted
    return value == wanted


def referenced_questions(condition: Mapping[str, Any]) -> Iterator[tuple[str, Mapping[str, Any]]]:
    """Yield ``(question id, leaf condition)`` for every leaf of ``condition``."""
    for key in ("all", "any"):
        for sub in condition.get(key, ()):
            yield from referenced_questions(sub)
    if "not" in condition:
        yield from referenced_questions(condition["not"])
    if "question" in condition:
        yield condition["question"], condition


def condition_questions(questionnaire: Questionnaire) -> frozenset[str]:
    """Ids of the questions that any question's or component's ``show_if`` refers to: the only answers whose
    values skip logic reads."""
    found: set[str] = set()
    for question in questionnaire.questions:
        conditions = [question.show_if] + [c.show_if for c in question.components]
        for condition in conditions:
            if condition is not None:
                found.update(qid for qid, _leaf in referenced_questions(condition))
    return frozenset(found)


def visibility(
    questionnaire: Questionnaire, answers: Mapping[str, Mapping[str, Any]]
) -> dict[str, bool]:
    """Map every question id to whether it is shown, given ``answers`` (question id → answer)."""
    shown: dict[str, bool] = {}
    values: dict[str, Any] = {}
    for question in questionnaire.questions:
        visible = question.show_if is None or evaluate(question.show_if, values)
        shown[question.id] = visible
        if visible:
            value = answer_value(answers.get(question.id))
            if value is not None:
                values[question.id] = value
    return shown


def visible_values(
    questionnaire: Questionnaire, answers: Mapping[str, Mapping[str, Any]],
    shown: Mapping[str, bool] | None = None,
) -> dict[str, Any]:
    """Condition values of the visible, answered questions (what component conditions see); ``shown`` is
    :func:`visibility`'s result when the caller has it already."""
    if shown is None:
        shown = visibility(questionnaire, answers)
    return {
        qid: value
        for qid, answer in answers.items()
        if shown.get(qid) and (value := answer_value(answer)) is not None
    }


def visible_components(question: Question, values: Mapping[str, Any]) -> tuple[str, ...]:
    """Ids of the components of a coverage question that apply, given visible ``values``."""
    return tuple(c.id for c in question.components if c.show_if is None or evaluate(c.show_if, values))
