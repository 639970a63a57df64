"""Stored answers ↔ the answers format (``{"value": ..., "citations": [...], ...}``, flag form)."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy import select

from assessment.extensions import db
from assessment.models import Answer, Assessment

FLAGS = ("not_applicable", "precluded", "unknown")


def row_to_answer(row: Any, with_version: bool = True, copy: bool = True) -> dict[str, Any]:
    """One stored answer (an ``Answer`` or a row of :data:`ANSWER_COLUMNS`) in the canonical answers format
    (flag form; empty fields left out). ``copy=False`` for rows whose JSON was decoded for this call alone,
    which the answer may then share."""
    answer: dict[str, Any] = {}
    if row.flag in FLAGS:
        answer[row.flag] = True
    elif row.value is not None:
        answer["value"] = row.value
    if row.justification:
        answer["justification"] = row.justification
    if row.unknown_components:
        answer["unknown_components"] = list(row.unknown_components) if copy else row.unknown_components
    if row.citations:
        answer["citations"] = [dict(c) for c in row.citations] if copy else row.citations
    if row.comment:
        answer["comment"] = row.comment
    if row.ta_request:
        answer["ta_request"] = dict(row.ta_request) if copy else row.ta_request
    if with_version:
        answer["version"] = row.version
    return answer


def is_empty(answer: Mapping[str, Any] | None) -> bool:
    """True when an answer carries nothing at all (no value, flag, citation, comment or TA request).

    A "no" (False), 0 and a coverage value ``[]`` ("none of the components is covered") are answers; otherwise
    None, "" and empty lists or maps are nothing.
    """
    if not answer:
        return True
    for key, item in answer.items():
        if key == "value" and isinstance(item, list):
            return False
        if key == "version" or item is None or (isinstance(item, str | list | dict) and not item):
            continue
        if key in FLAGS and item is not True:
            continue
        return False
    return True


def apply_answer(row: Answer, answer: Mapping[str, Any]) -> None:
    """Write a canonical answer onto a row (the version is the caller's business)."""
    flag = next((f for f in FLAGS if answer.get(f)), None)
    row.flag = flag
    row.value = None if flag else answer.get("value")
    row.justification = answer.get("justification") or ""
    row.unknown_components = list(answer.get("unknown_components") or [])
    row.citations = [dict(c) for c in answer.get("citations") or []]
    row.comment = answer.get("comment") or ""
    row.ta_request = dict(answer["ta_request"]) if answer.get("ta_request") else None


def answers_of(assessment: Assessment, with_version: bool = True) -> dict[str, dict[str, Any]]:
    """Every stored answer of an assessment, keyed by question id."""
    rows = db.session.execute(select(*ANSWER_COLUMNS).where(Answer.assessment_id == assessment.id))
    return {row.question_id: row_to_answer(row, with_version, copy=False) for row in rows}


#: the columns :func:`row_to_answer` reads (plain rows load several times faster than ORM objects)
ANSWER_COLUMNS = (Answer.question_id, Answer.flag, Answer.value, Answer.justification, Answer.unknown_components,
                  Answer.citations, Answer.comment, Answer.ta_request, Answer.version)
#: the answers table, for the section page's two reads: plain Core statements on it skip the ORM's row handling
ANSWERS = Answer.__table__
#: which questions of an assessment (``assessment_id``) are answered, as ``(question_id, flag, has_value)`` rows:
#: nothing is decoded. Built once, like :data:`SOME_ANSWERS`: a page only changes the values.
ANSWERED = select(
    ANSWERS.c.question_id, ANSWERS.c.flag,
    sa.and_(ANSWERS.c.value.is_not(None), sa.cast(ANSWERS.c.value, sa.Text).not_in(["null", '""'])).label("has_value"),
).where(ANSWERS.c.assessment_id == sa.bindparam("assessment_id"))
#: the whole rows (:data:`ANSWER_COLUMNS`) of some answers (``questions``, an expanding list) of an assessment
SOME_ANSWERS = select(*(ANSWERS.c[column.key] for column in ANSWER_COLUMNS)).where(
    ANSWERS.c.assessment_id == sa.bindparam("assessment_id"),
    ANSWERS.c.question_id.in_(sa.bindparam("questions", expanding=True)))


def page_answers(assessment: Assessment, whole: Collection[str], values: Collection[str]
                 ) -> tuple[dict[str, dict[str, Any]], set[str]]:
    """What a section page needs, in two plain queries that decode little: ``(answers, answered)``, where
    ``answers`` holds the answers to ``whole`` (the page's own questions) and to ``values`` (those whose values
    skip logic reads), and ``answered`` is the ids of every answered question (what progress counts).

    The first query (:data:`ANSWERED`) reads every answer's flag and whether it has a value; the second
    (:data:`SOME_ANSWERS`) the rows of ``whole`` and ``values``, whole."""
    answered = {question for question, flag, has_value in db.session.execute(
        ANSWERED, {"assessment_id": assessment.id}).all() if flag in FLAGS or has_value}
    rows = db.session.execute(SOME_ANSWERS, {"assessment_id": assessment.id,
                                             "questions": sorted({*whole, *values})}).all()
    return {row.question_id: row_to_answer(row, copy=False) for row in rows}, answered


def rows_by_question(assessment: Assessment, question_ids: Iterable[str] | None = None) -> dict[str, Answer]:
    query = select(Answer).where(Answer.assessment_id == assessment.id)
    if question_ids is not None:
        query = query.where(Answer.question_id.in_(list(question_ids)))
    return {row.question_id: row for row in db.session.scalars(query)}


def without_version(answer: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in answer.items() if k != "version"}
