"""Problems of one answer in words a person reads: where (answer, citation 2's year, comment…) and what to do.

:func:`scoring.answers.check_answer` reports problems with their JSON path and the validator's wording
(``$.citations[1].year``) and, for the limits and the fit to the question, a sentence that says what to do.
The autosave and the section page show :func:`problem_in_words` (``Citation 2, year: enter a four-digit
year from 1800 to 2100.``); the path stays with the problem for anyone who needs it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from questionnaires import limits
from questionnaires.loader import Problem
from questionnaires.model import Question
from questionnaires.types import kind_of

_STEP = re.compile(r"\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]|\['([^']*)'\]")

CITATION_PART_WORDS = {"act": "act", "section": "section", "year": "year", "status": "status", "url": "link"}
PLACE_WORDS = {"value": "Answer", "justification": "Justification", "comment": "Comment",
               "ta_request": "Technical assistance request", "unknown_components": "Not known",
               "citations": "Legislation relied on", "not_applicable": "Answer", "precluded": "Answer",
               "unknown": "Answer"}


def steps(path: str) -> list[str | int]:
    """``$.citations[1].year`` → ``["citations", 1, "year"]``."""
    found: list[str | int] = []
    for name, index, quoted in _STEP.findall(path.removeprefix("$")):
        found.append(int(index) if index else (name or quoted))
    return found


def place_in_words(path: str) -> str:
    """Where a problem is, as the page names it: ``Answer``, ``Citation 2, year``, ``Comment``…"""
    where = steps(path)
    if not where:
        return "Answer"
    head = where[0]
    if head == "citations" and len(where) >= 2 and isinstance(where[1], int):
        place = f"Citation {where[1] + 1}"
        if len(where) >= 3 and isinstance(where[2], str):
            place += f", {CITATION_PART_WORDS.get(where[2], where[2])}"
        return place
    return PLACE_WORDS.get(str(head), str(head).replace("_", " ").capitalize())


def _sentence(text: str) -> str:
    text = text.strip()
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


def _schema_advice(question: Question, problem: Problem) -> str | None:
    """What to do about a problem of an answer's shape (the schema's words are for programmers)."""
    where = steps(problem.path)
    head = where[0] if where else None
    part = where[2] if len(where) >= 3 else None
    if head == "value":
        return _lower_first(kind_of(question).advice())
    if head == "citations" and part == "year":
        return _lower_first(limits.ENTER_YEAR)
    if head == "citations" and part == "status":
        return "choose in force, bill or draft."
    if head == "citations" and "'act'" in problem.message:
        return _lower_first(limits.ENTER_ACT)
    return None


def problem_in_words(question: Question, answer: Mapping[str, Any], problem: Problem) -> str:
    """One problem as the page shows it: ``Citation 2, year: enter a four-digit year from 1800 to 2100.``

    Problems of :func:`scoring.answers.check_answer` are sentences already; those of the answer's shape (the
    JSON Schema's words) are put in the same words where a person can cause them."""
    message = problem.message
    if not message[:1].isupper():  # the schema's words
        message = _schema_advice(question, problem) or message
    return f"{place_in_words(problem.path)}: {_lower_first(_sentence(message))}"


def problems_in_words(question: Question, answer: Any, problems: Iterable[Problem]) -> list[str]:
    """Every problem in words, each once (the schema may report one field twice), in the order given."""
    return list(dict.fromkeys(problem_in_words(question, answer, p) for p in problems))
