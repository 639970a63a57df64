"""Answers in words, for pages, workbooks and reports.

Contract: :func:`answer_in_words` turns one answer in the answers format into a short sentence in the
given locale (English texts come from the questionnaire; fixed words are English for now).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from questionnaires.model import Question, tr

STATUS_WORDS = {
    "in_place": "In place",
    "largely": "Largely in place",
    "partially": "Partially in place",
    "not_in_place": "Not in place",
}
FLAG_WORDS = {
    "not_applicable": "Not applicable",
    "precluded": "Precluded by fundamental principles",
    "unknown": "Unknown",
}
LEVEL_WORDS = {
    "M": "Mandatory",
    "Mq": "Mandatory (qualified)",
    "F": "FATF standard",
    "SC": "Must consider",
    "O": "Optional",
    "GP": "Good practice",
}


def answer_in_words(question: Question, answer: Mapping[str, Any] | None, locale: str = "en") -> str:
    """A short description of ``answer``; ``""`` when unanswered.

    :param question: the question answered
    :param answer: one answer (flag form or status-value form)
    """
    if not answer:
        return ""
    for flag, words in FLAG_WORDS.items():
        if answer.get(flag) or answer.get("value") == flag:
            return words
    value = answer.get("value")
    if value is None or value == "":
        return ""
    if question.type == "status":
        return STATUS_WORDS.get(value, str(value))
    if question.type == "yes_no":
        return "Yes" if value is True else "No" if value is False else str(value)
    if question.type == "choice":
        choice = question.choice(value) if isinstance(value, str) else None
        return tr(choice.label, locale) if choice else str(value)
    if question.type == "number":
        special = question.special_answer(value) if isinstance(value, str) else None
        if special:
            return tr(special.label, locale)
        unit = f" {question.unit.replace('_', ' ')}" if question.unit else ""
        number = int(value) if isinstance(value, float) and value.is_integer() else value
        return f"{number}{unit}"
    if question.type == "coverage":
        covered = [tr(c.label, locale) for c in question.components if c.id in (value or [])]
        unknown = [tr(c.label, locale) for c in question.components if c.id in (answer.get("unknown_components") or [])]
        missing = [tr(c.label, locale) for c in question.components
                   if c.id not in (value or []) and c.id not in (answer.get("unknown_components") or [])]
        parts = [("Covers: " + "; ".join(covered)) if covered else "Covers none"]
        if missing:
            parts.append("not covered: " + "; ".join(missing))
        if unknown:
            parts.append("not known: " + "; ".join(unknown))
        return ". ".join(parts)
    return str(value)


def sources_in_words(question: Question) -> str:
    return "; ".join(s.label() for s in question.sources)
