"""Adapts stored answers to the pure scoring engine: live results for drafts, snapshots for submissions."""

from __future__ import annotations

from typing import Any

from assessment.models import Assessment
from assessment.services.answer_store import answers_of
from assessment.services.registry import registry
from questionnaires.loader import default_ta_catalogue
from questionnaires.model import Questionnaire
from scoring.answers import answers_document
from scoring.engine import score


def live_result(assessment: Assessment, questionnaire: Questionnaire | None = None) -> dict[str, Any]:
    """Score the working answers now (never stored; drafts only ever get live results)."""
    questionnaire = questionnaire or registry().get(assessment.questionnaire_id, assessment.questionnaire_version)
    return score(questionnaire, answers_of(assessment, with_version=False), ta_catalogue=default_ta_catalogue(),
                 member=assessment.member.code, cycle=assessment.cycle.code, member_is_state=assessment.member.is_state)


def snapshot_documents(assessment: Assessment) -> tuple[dict[str, Any], dict[str, Any], str]:
    """``(answers document, result document, scoring version)`` for a new snapshot."""
    questionnaire = registry().get(assessment.questionnaire_id, assessment.questionnaire_version)
    answers = answers_of(assessment, with_version=True)
    document = answers_document(questionnaire, assessment.member.code, assessment.cycle.code, answers)
    result = live_result(assessment, questionnaire)
    return document, result, result["scoring_version"]


