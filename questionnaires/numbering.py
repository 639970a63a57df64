"""Question numbers that people read instead of internal ids.

Contract: every question keeps one number for the whole questionnaire, ``S.N``: its section's position in the
questionnaire (1 for the first section) and its own position in that section. Numbers never change with the
answers: a question that skip logic hides keeps its number, and the pages say so where one is missing.
Internal ids stay in tooltips and in exports' id columns.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from questionnaires.model import Question, Questionnaire, Text, tr
from questionnaires.words import short_text


@dataclass(frozen=True)
class QuestionPlace:
    question: Question
    section_id: str
    section_title: Text
    section_number: int
    position: int

    @property
    def id(self) -> str:
        return self.question.id

    @property
    def number(self) -> str:
        """``5.3``: the third question of the fifth section."""
        return f"{self.section_number}.{self.position}"

    def text(self, locale: str = "en") -> str:
        return tr(self.question.text, locale)

    def short(self, locale: str = "en", limit: int = 70) -> str:
        return short_text(self.text(locale), limit)

    def label(self, locale: str = "en", limit: int = 70) -> str:
        """``Question 5.3: Is consent irrelevant…``"""
        from questionnaires.translations import word

        return word("question", "label", locale).format(number=self.number, text=self.short(locale, limit))


def _places(questionnaire: Questionnaire) -> Mapping[str, QuestionPlace]:
    found: dict[str, QuestionPlace] = {}
    for s_number, section in enumerate(questionnaire.sections, start=1):
        for position, question in enumerate(section.questions, start=1):
            found[question.id] = QuestionPlace(question, section.id, section.title, s_number, position)
    return MappingProxyType(found)


def question_places(questionnaire: Questionnaire) -> Mapping[str, QuestionPlace]:
    """Each question's place (number, section), by question id; worked out once per questionnaire."""
    return questionnaire.derived("question_places", _places)


def question_place(questionnaire: Questionnaire | None, question_id: str | None) -> QuestionPlace | None:
    """The question's place, or None for an id the questionnaire does not have (e.g. one removed since), or
    without a questionnaire."""
    if questionnaire is None or not question_id:
        return None
    return question_places(questionnaire).get(question_id)


def section_number(questionnaire: Questionnaire, section_id: str) -> int:
    """The section's position in the questionnaire, from 1. :raises KeyError: for an unknown section"""
    return questionnaire.derived(
        "section_numbers", lambda q: {s.id: n for n, s in enumerate(q.sections, start=1)})[section_id]
