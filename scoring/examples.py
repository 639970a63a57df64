"""Regional examples: the legislation members cite for answers that meet an element.

Contract: :func:`examples_in` is a pure function of one stored result's element rows (``id`` and ``state``), the
answers that result was computed from and the questionnaire version they answer. For every element the result
calls ``met`` (each answered question testing it meets it in full), each question of the questionnaire that
tests the element (by its own elements or by a component's) and holds a value gives its citations of law in
force, in the order the member gave them. Citations of bills and drafts, citations without an act, answers
flagged not applicable, precluded or unknown, and elements in any other state give nothing. A citation's link
is kept only when it is an http or https address.

Who may see whose examples is not decided here (see ``assessment/elements``). Imports neither Flask nor
SQLAlchemy.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from questionnaires.model import Questionnaire

#: citation statuses that count as law in force (older answers may carry no status)
IN_FORCE = ("in_force", None, "")
FLAGS = ("not_applicable", "precluded", "unknown")


@dataclass(frozen=True)
class Citation:
    """One cited provision of a member's law, as an example for one element."""

    element: str
    question: str
    #: position of the citation among the answer's citations, from 0
    index: int
    act: str
    section: str = ""
    year: int | None = None
    url: str | None = None


def element_questions(questionnaire: Questionnaire) -> dict[str, tuple[str, ...]]:
    """element id → ids of the questions that test it (by the question's elements or a component's), in
    questionnaire order."""
    found: dict[str, dict[str, None]] = {}
    for question in questionnaire.questions:
        tested = list(question.elements)
        for component in question.components:
            tested.extend(component.elements)
        for element_id in tested:
            found.setdefault(element_id, {})[question.id] = None
    return {element_id: tuple(ids) for element_id, ids in found.items()}


def elements_tested_by(questionnaire: Questionnaire, question_ids: Iterable[str]) -> list[str]:
    """The elements ``question_ids`` test (their own and their components'), each once, in the order met;
    unknown question ids are passed over."""
    found: dict[str, None] = {}
    for qid in question_ids:
        if questionnaire.has_question(qid):
            question = questionnaire.question(qid)
            for element_id in [*question.elements, *(e for c in question.components for e in c.elements)]:
                found[element_id] = None
    return list(found)


def _year(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _link(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip().startswith(("https://", "http://")) else None


def _has_value(answer: Mapping[str, Any]) -> bool:
    if any(answer.get(flag) for flag in FLAGS):
        return False
    value = answer.get("value")
    return value is not None and value != "" and value != []


def citations_of(answer: Mapping[str, Any] | None) -> list[tuple[int, Mapping[str, Any]]]:
    """``(position, citation)`` for the answer's citations of law in force that name an act."""
    if not isinstance(answer, Mapping) or not _has_value(answer):
        return []
    out = []
    for index, citation in enumerate(answer.get("citations") or ()):
        if (isinstance(citation, Mapping) and citation.get("status") in IN_FORCE
                and isinstance(citation.get("act"), str) and citation["act"].strip()):
            out.append((index, citation))
    return out


def examples_in(questionnaire: Questionnaire, answers: Mapping[str, Mapping[str, Any]],
                element_rows: Iterable[Mapping[str, Any]], *,
                questions: Mapping[str, tuple[str, ...]] | None = None) -> list[Citation]:
    """The citations one result offers as examples, element by element in the order of ``element_rows``.

    :param questionnaire: the questionnaire version the answers answer
    :param answers: question id → answer (answers format)
    :param element_rows: the result's ``elements`` rows (``id`` and ``state`` are read)
    :param questions: :func:`element_questions` of ``questionnaire``, when the caller already has it
    :returns: one :class:`Citation` per element and cited provision
    """
    questions = element_questions(questionnaire) if questions is None else questions
    out: list[Citation] = []
    for row in element_rows:
        if row.get("state") != "met":
            continue
        element_id = str(row.get("id"))
        for question_id in questions.get(element_id, ()):
            for index, citation in citations_of(answers.get(question_id)):
                section = citation.get("section")
                out.append(Citation(element_id, question_id, index, citation["act"].strip(),
                                    section.strip() if isinstance(section, str) else "",
                                    _year(citation.get("year")), _link(citation.get("url"))))
    return out
