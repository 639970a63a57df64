"""Reads for the assessment pages that more than one view needs: the RSO's comments grouped per question."""

from __future__ import annotations

from assessment.models import Assessment, ReviewComment
from questionnaires.model import Questionnaire
from questionnaires.numbering import question_places


def comments_by_question(assessment: Assessment) -> dict[str | None, list[ReviewComment]]:
    """The RSO's comments by question id (None: on the whole submission), oldest first in each thread; they come
    with the assessment (see ``load_assessment``)."""
    found: dict[str | None, list[ReviewComment]] = {}
    for item in sorted(assessment.comments, key=lambda c: (c.created_at, c.id)):
        found.setdefault(item.question_id, []).append(item)
    return found


def question_threads(assessment: Assessment, questionnaire: Questionnaire) -> list[tuple[str, list[ReviewComment]]]:
    """``[(question id, comments)]`` for every question with comments, in questionnaire order (questions no
    longer in the questionnaire last)."""
    places = question_places(questionnaire)
    threads = [(qid, items) for qid, items in comments_by_question(assessment).items() if qid is not None]
    last = len(places)
    return sorted(threads, key=lambda t: (places[t[0]].section_number, places[t[0]].position)
                  if t[0] in places else (last, 0))
