"""Progress of an assessment per section and module: what the home page, the section nav and the offline
workbook count (answered questions that apply ÷ questions that apply). Pure Python, no Flask."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from questionnaires.conditions import visibility
from questionnaires.model import Questionnaire
from questionnaires.types import kind_of


@dataclass(frozen=True)
class Progress:
    answered: int
    total: int

    @property
    def share(self) -> float:
        return self.answered / self.total if self.total else 1.0

    @property
    def percent(self) -> int:
        return round(100 * self.share)

    @property
    def complete(self) -> bool:
        return self.answered >= self.total


def is_answered(answer: Mapping[str, Any] | None) -> bool:
    if not answer:
        return False
    if any(answer.get(flag) for flag in ("not_applicable", "precluded", "unknown")):
        return True
    value = answer.get("value")
    return value is not None and value != ""


def progress(questionnaire: Questionnaire, answers: Mapping[str, Mapping[str, Any]],
             shown: Mapping[str, bool] | None = None, answered_ids: Collection[str] | None = None
             ) -> dict[str, Progress]:
    """Progress per section id, per module id and overall (key ``"*"``): answered visible questions ÷ visible
    questions (a type that is never required, free text, counts only when answered). ``shown`` is
    :func:`visibility`'s result when the caller has it already; ``answered_ids``, the ids of the answered
    questions, when the caller has them rather than every answer."""
    if shown is None:
        shown = visibility(questionnaire, answers)
    result: dict[str, Progress] = {}
    overall = [0, 0]
    for module in questionnaire.modules:
        module_counts = [0, 0]
        for section in module.sections:
            answered = total = 0
            for q in section.questions:
                if not shown[q.id]:
                    continue
                done = q.id in answered_ids if answered_ids is not None else is_answered(answers.get(q.id))
                if not done and not kind_of(q).counts_when_blank:
                    continue
                total += 1
                answered += done
            result[section.id] = Progress(answered, total)
            module_counts[0] += answered
            module_counts[1] += total
        result[module.id] = Progress(*module_counts)
        overall[0] += module_counts[0]
        overall[1] += module_counts[1]
    result["*"] = Progress(*overall)
    return result
