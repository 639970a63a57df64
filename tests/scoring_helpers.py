"""Shared helpers for the scoring tests: the sample questionnaire, variants of it, and look-ups in results."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

from questionnaires.loader import build_questionnaire, load_questionnaire
from questionnaires.model import Question, Questionnaire
from tests.conftest import SAMPLE_QUESTIONNAIRE

SAMPLE = load_questionnaire(SAMPLE_QUESTIONNAIRE)
SAMPLE_DOC: dict[str, Any] = json.loads(SAMPLE_QUESTIONNAIRE.read_text(encoding="utf-8"))
IN_FORCE = [{"act": "Penal Code", "section": "1", "year": 2010, "status": "in_force"}]


def variant(mutate: Callable[[dict[str, Any]], Any]) -> Questionnaire:
    """The sample questionnaire after ``mutate(document)`` (a deep copy), built without the semantic checks."""
    doc = copy.deepcopy(SAMPLE_DOC)
    mutate(doc)
    return build_questionnaire(doc)


def question_doc(doc: dict[str, Any], question_id: str) -> dict[str, Any]:
    for module in doc["modules"]:
        for section in module["sections"]:
            for question in section["questions"]:
                if question["id"] == question_id:
                    return question
    raise KeyError(question_id)


def by_id(rows: list[dict[str, Any]], ident: str) -> dict[str, Any]:
    return next(row for row in rows if row["id"] == ident)


def best_value(question: Question) -> Any:
    """The answer value that scores 1 (or the best the question offers)."""
    if question.type == "status":
        return "in_place"
    if question.type == "coverage":
        return [c.id for c in question.components]
    if question.type == "yes_no":
        return question.compliant_answer
    if question.type == "number":
        return question.threshold
    if question.type == "choice":
        return max(question.choices, key=lambda c: -1 if c.value is None else c.value).id
    raise ValueError(question.type)


def worst_value(question: Question) -> Any:
    """The answer value that scores 0."""
    if question.type == "status":
        return "not_in_place"
    if question.type == "coverage":
        return []
    if question.type == "yes_no":
        return not question.compliant_answer
    if question.type == "number":
        assert question.threshold is not None
        return question.threshold + 1 if question.direction == "at_most" else max(question.threshold - 1, 0)
    if question.type == "choice":
        return min(question.choices, key=lambda c: 2 if c.value is None else c.value).id
    raise ValueError(question.type)


def complete_answers(questionnaire: Questionnaire, pick: Callable[[Question], Any]) -> dict[str, dict[str, Any]]:
    """Every scored question answered with ``pick(question)`` and an in-force citation; the Profile says
    party to everything and a sea border, so no question is hidden."""
    answers: dict[str, dict[str, Any]] = {}
    for question in questionnaire.questions:
        if question.scored:
            answers[question.id] = {"value": pick(question), "citations": IN_FORCE}
        elif question.type == "yes_no":
            answers[question.id] = {"value": True}
    return answers


def scopes(result: dict[str, Any]) -> list[dict[str, Any]]:
    """A result's overall figures, then its modules' and its sections'."""
    return [result["overall"], *result["modules"], *result["sections"]]


def figures_that_differ(before: dict[str, Any], after: dict[str, Any], figures: tuple[str, ...],
                        optional: tuple[str, ...] = ()) -> list[tuple[str, str, Any, Any]]:
    """Where two results of the same questionnaire's scopes differ: ``(scope, figure, before, after)`` for each
    of ``figures`` (which every scope has) and ``optional`` (which a scope may lack), and for each section's caps
    and explanation points. Empty when the two say the same."""
    pairs = list(zip(scopes(before), scopes(after), strict=True))
    found = [(old.get("id", "overall"), key, old[key], new[key]) for old, new in pairs for key in figures
             if old[key] != new[key]]
    found += [(old.get("id", "overall"), key, old.get(key), new.get(key)) for old, new in pairs for key in optional
              if old.get(key) != new.get(key)]
    for old, new in zip(before["sections"], after["sections"], strict=True):
        if old["capped_by"] != new["capped_by"]:
            found.append((old["id"], "capped_by", old["capped_by"], new["capped_by"]))
        if old["explanation"]["points"] != new["explanation"]["points"]:
            found.append((old["id"], "explanation points", old["explanation"]["points"], new["explanation"]["points"]))
    return found
