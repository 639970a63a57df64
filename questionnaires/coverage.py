"""Which catalogue elements a questionnaire tests with at least one scored question.

Contract: :func:`coverage` is pure; "required" means level M, Mq or F on any part, or critical. Elements
marked ``scored: false`` in the catalogue (definitions applied by other questions, such as P4) count as
covered when any scored question lists them, and are otherwise reported as optional.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from questionnaires.model import ElementCatalogue, Questionnaire


@dataclass(frozen=True)
class SectionCoverage:
    section: str
    title: str
    covered: tuple[str, ...]
    uncovered: tuple[str, ...]


@dataclass(frozen=True)
class Coverage:
    required_total: int
    required_covered: int
    uncovered_required: tuple[str, ...]
    uncovered_optional: tuple[str, ...]
    sections: tuple[SectionCoverage, ...] = field(default=())
    #: element id → ids of the scored questions listing it
    tested_by: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def as_json(self) -> dict[str, object]:
        return {
            "required_total": self.required_total,
            "required_covered": self.required_covered,
            "uncovered_required": list(self.uncovered_required),
            "uncovered_optional": list(self.uncovered_optional),
        }


def coverage(questionnaire: Questionnaire, catalogue: ElementCatalogue) -> Coverage:
    """Compute element coverage of ``questionnaire`` against ``catalogue``."""
    tested: dict[str, list[str]] = {}
    for question in questionnaire.questions:
        if question.scored:
            for element_id in question.elements:
                tested.setdefault(element_id, []).append(question.id)
    required = [e for e in catalogue.elements if e.is_required and e.scored]
    optional = [e for e in catalogue.elements if not (e.is_required and e.scored)]
    sections = []
    for letter, title in (catalogue.sections or {e.section: {"en": e.section} for e in catalogue.elements}).items():
        rows = [e for e in catalogue.elements if e.section == letter]
        sections.append(
            SectionCoverage(
                letter,
                title.get("en", letter),
                tuple(e.id for e in rows if e.id in tested),
                tuple(e.id for e in rows if e.id not in tested),
            )
        )
    return Coverage(
        required_total=len(required),
        required_covered=sum(1 for e in required if e.id in tested),
        uncovered_required=tuple(e.id for e in required if e.id not in tested),
        uncovered_optional=tuple(e.id for e in optional if e.id not in tested),
        sections=tuple(sections),
        tested_by={k: tuple(v) for k, v in tested.items()},
    )
