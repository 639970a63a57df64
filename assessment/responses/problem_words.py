"""Problems of one answer in words a person reads: where (answer, citation 2's year, comment…) and what to do.

:func:`scoring.answers.check_answer` reports problems with their JSON path and the validator's wording
(``$.citations[1].year: '20x5' is not of type 'integer'``). The autosave and the section page show
:func:`problem_in_words` instead (``Citation 2, year: enter a four-digit year.``), the same advice the page
gives without JavaScript; the path stays with the problem for anyone who needs it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from assessment.responses.forms import ENTER_DATE, ENTER_NUMBER, ENTER_URL, ENTER_YEAR, MAX_CITATIONS
from questionnaires.loader import Problem
from questionnaires.model import Question, tr

_STEP = re.compile(r"\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]|\['([^']*)'\]")

CITATION_PART_WORDS = {"act": "act", "section": "section", "year": "year", "status": "status", "url": "link"}
PLACE_WORDS = {"value": "Answer", "justification": "Justification", "comment": "Comment",
               "ta_request": "Technical assistance request", "unknown_components": "Not known",
               "citations": "Legislation relied on", "not_applicable": "Answer", "precluded": "Answer",
               "unknown": "Answer"}
FLAG_WORDS = {"not_applicable": "not applicable", "precluded": "precluded by fundamental principles",
              "unknown": "unknown"}


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


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


def _advice(question: Question, answer: Mapping[str, Any], problem: Problem) -> str | None:
    """What to do about a problem, for the problems a person can cause on the page; ``None``: say it as it is."""
    where = steps(problem.path)
    message = problem.message
    if "NUL character" in message or "not valid text" in message:
        return None
    head = where[0] if where else None
    if head == "value" and len(where) == 1:
        value = answer.get("value")
        if question.type == "number":
            if "negative" in message:
                return "enter a number of zero or more."
            if "too large" in message:
                return "enter a smaller number."
            if question.special:
                options = ", ".join(f"“{tr(s.label)}”" for s in question.special)
                return _lower_first(ENTER_NUMBER.removesuffix(".")) + f", or choose one of {options}."
            return _lower_first(ENTER_NUMBER)
        if question.type == "date":
            return _lower_first(ENTER_DATE)
        if question.type in ("status", "choice", "yes_no", "coverage") and value is not None:
            return "choose one of the options given."
        return None
    if head == "citations":
        if len(where) == 1:
            return f"give at most {MAX_CITATIONS} citations."
        part = where[2] if len(where) >= 3 else None
        if part == "year":
            return _lower_first(ENTER_YEAR)
        if part == "url":
            return _lower_first(ENTER_URL)
        if part == "status":
            return "choose in force, bill or draft."
        if part is None and "'act'" in message:
            return "enter the act or instrument relied on."
        if part == "act":
            return "enter the act or instrument relied on."
        return None
    if head in FLAG_WORDS and "does not allow" in message:
        return f"this question cannot be answered “{FLAG_WORDS[str(head)]}”."
    if head == "justification" and "needs a justification" in message:
        return "say why the question does not apply or is precluded."
    if head is None and ("more than one of" in message or "both" in message):
        return "give either an answer or one of unknown, not applicable and precluded, not both."
    return None


def problem_in_words(question: Question, answer: Mapping[str, Any], problem: Problem) -> str:
    """One problem as the page shows it: ``Citation 2, year: enter a four-digit year.``"""
    advice = _advice(question, answer if isinstance(answer, Mapping) else {}, problem)
    return f"{place_in_words(problem.path)}: {_sentence(advice or problem.message)}"


def problems_in_words(question: Question, answer: Any, problems: Iterable[Problem]) -> list[str]:
    """Every problem in words, each once (the schema may report one field twice), in the order given."""
    return list(dict.fromkeys(problem_in_words(question, answer, p) for p in problems))
