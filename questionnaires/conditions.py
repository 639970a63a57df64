"""Skip logic: the ``show_if`` condition grammar, evaluated over answers.

Contract: a condition is one of ``{"question": ID, "in": [VALUES]}``, ``{"question": ID, "includes":
COMPONENT}``, ``{"all": [...]}``, ``{"any": [...]}`` or ``{"not": ...}``. Conditions refer only to
earlier questions, so one pass in questionnaire order decides every question's visibility. A hidden
question counts as unanswered for the conditions that refer to it, so hiding cascades. The page's
``static/skiplogic.js`` implements the same rules; ``tests/test_conditions.py`` holds the shared cases.

Blank facts: up to questionnaire version 1 a condition on a question nobody has answered is false, so the
question stays hidden. From version :data:`BLANK_SHOWS_FROM` on (where conditions refer only to unscored
Profile facts), a blank fact leaves a condition *undecided* and an undecided condition shows its question:
a member that has not yet said whether it has a coastline sees, and is scored on, the sea questions. The
logic is Kleene's: ``any`` is true once one part is true, ``all`` false once one part is false, ``not``
keeps an undecided part undecided; "unknown" counts as blank unless the condition names it. A fact hidden
by its own condition is not blank: it is known not to apply, and its conditions are false as before.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from questionnaires.model import Question, Questionnaire

#: answer flags that replace a value
FLAGS = ("not_applicable", "precluded", "unknown")
#: the first questionnaire version whose conditions show their question while a fact they refer to is blank
BLANK_SHOWS_FROM = 2


class _Hidden:
    """The condition value of a question hidden by its own condition (in blank-shows mode)."""

    def __repr__(self) -> str:
        return "HIDDEN"


#: stands in :func:`visible_values` (blank-shows mode) for a question that is hidden, not blank
HIDDEN: Any = _Hidden()


def blank_shows_questions(questionnaire: Questionnaire) -> bool:
    """Whether a blank fact shows the questions whose conditions refer to it (version 2 onwards)."""
    return questionnaire.version >= BLANK_SHOWS_FROM


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


def evaluate(condition: Mapping[str, Any], values: Mapping[str, Any], *, blank_shows: bool = False) -> bool:
    """Evaluate ``condition`` against ``values`` (question id → :func:`answer_value` of a visible answer).

    :param blank_shows: the version-2 rule: a condition that blank facts leave undecided is true (``values``
        then holds :data:`HIDDEN` for hidden questions, and a question missing from it is blank)
    :raises ValueError: for a condition outside the grammar (the loader rejects those first)
    """
    if blank_shows:
        return decide(condition, values) is not False
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


def decide(condition: Mapping[str, Any], values: Mapping[str, Any]) -> bool | None:
    """Three-valued evaluation: ``True``, ``False``, or ``None`` when blank facts leave it undecided.

    A question missing from ``values`` (or answered "unknown" where the condition does not name "unknown")
    is blank; one mapped to :data:`HIDDEN` is known not to apply.
    :raises ValueError: for a condition outside the grammar
    """
    if "all" in condition:
        parts = [decide(c, values) for c in condition["all"]]
        return False if False in parts else (None if None in parts else True)
    if "any" in condition:
        parts = [decide(c, values) for c in condition["any"]]
        return True if True in parts else (None if None in parts else False)
    if "not" in condition:
        part = decide(condition["not"], values)
        return None if part is None else not part
    if "question" in condition and ("in" in condition or "includes" in condition):
        value = values.get(condition["question"])
        if value is HIDDEN:
            value = None
        elif value is None or (value == "unknown" and "unknown" not in condition.get("in", ())):
            return None
        return evaluate(condition, {condition["question"]: value} if value is not None else {})
    raise ValueError(f"not a show_if condition: {condition!r}")


def _same(value: Any, wanted: Any) -> bool:
    # True == 1 in Python; a yes/no answer must not match a number and vice versa
    if isinstance(value, bool) or isinstance(wanted, bool):
        return isinstance(value, bool) and isinstance(wanted, bool) and value is wanted
    return bool(value == wanted)


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
    values skip logic reads (worked out once per questionnaire)."""
    return questionnaire.derived("condition_questions", _condition_questions)


def _condition_questions(questionnaire: Questionnaire) -> frozenset[str]:
    found: set[str] = set()
    for question in questionnaire.questions:
        conditions = [question.show_if] + [c.show_if for c in question.components]
        for condition in conditions:
            if condition is not None:
                found.update(qid for qid, _leaf in referenced_questions(condition))
    return frozenset(found)


def visibility(
    questionnaire: Questionnaire, answers: Mapping[str, Mapping[str, Any]], *, blank: bool | None = None
) -> dict[str, bool]:
    """Map every question id to whether it is shown, given ``answers`` (question id → answer).

    :param blank: whether a blank fact shows its questions (default: :func:`blank_shows_questions`)
    """
    if blank is None:
        blank = blank_shows_questions(questionnaire)
    shown: dict[str, bool] = {}
    values: dict[str, Any] = {}
    for question in questionnaire.questions:
        visible = question.show_if is None or evaluate(question.show_if, values, blank_shows=blank)
        shown[question.id] = visible
        if visible:
            value = answer_value(answers.get(question.id))
            if value is not None:
                values[question.id] = value
        elif blank:
            values[question.id] = HIDDEN
    return shown


def visible_values(
    questionnaire: Questionnaire, answers: Mapping[str, Mapping[str, Any]],
    shown: Mapping[str, bool] | None = None,
) -> dict[str, Any]:
    """Condition values of the visible, answered questions (what component conditions see); ``shown`` is
    :func:`visibility`'s result when the caller has it already. From version 2 on, hidden questions are
    there too, as :data:`HIDDEN` (pass the result to :func:`visible_components` with ``blank_shows``)."""
    if shown is None:
        shown = visibility(questionnaire, answers)
    values = {
        qid: value
        for qid, answer in answers.items()
        if shown.get(qid) and (value := answer_value(answer)) is not None
    }
    if blank_shows_questions(questionnaire):
        values.update((qid, HIDDEN) for qid, visible in shown.items() if not visible)
    return values


def visible_components(question: Question, values: Mapping[str, Any], *, blank_shows: bool = False
                       ) -> tuple[str, ...]:
    """Ids of the components of a coverage question that apply, given visible ``values`` (``blank_shows``: the
    version-2 rule, see :func:`evaluate`)."""
    return tuple(c.id for c in question.components
                 if c.show_if is None or evaluate(c.show_if, values, blank_shows=blank_shows))
