"""Checks for the review page before submit: what is missing, what rests on weak ground, what contradicts.

Contract: :func:`review` is pure and changes nothing. It lists, for the visible scored questions, the
unanswered and unknown ones, N/A and precluded answers with their justifications, answers without a
citation, answers resting only on a bill or draft, answers the engine had to ignore, status answers
contradicting a coverage answer on the same element, and the critical gaps that cap a section. Every entry
names the question, its section and says what is wrong in a sentence; lists follow questionnaire order.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from questionnaires.conditions import visible_values
from questionnaires.model import Questionnaire, tr
from questionnaires.numbering import question_place
from questionnaires.types import answer_in_words, kind_of
from questionnaires.words import question_in_words
from scoring.engine import score
from scoring.words import critical_gap_in_words

#: the lists of a review, in the order the page shows them
REVIEW_LISTS = ("unanswered", "ignored", "unknown", "critical_gaps", "contradictions", "pending_bill", "no_citation",
                "not_applicable", "precluded")


def review(
    questionnaire: Questionnaire, answers: Mapping[str, Mapping[str, Any]], result: Mapping[str, Any] | None = None
) -> dict[str, list[dict[str, Any]]]:
    """What the focal point should look at before submitting.

    :param questionnaire: the questionnaire answered
    :param answers: question id → answer in the answers format
    :param result: :func:`scoring.engine.score` of the same answers, when the caller has it already
    :returns: ``{list name: [{"question", "section", "message", ...}]}`` for every name in :data:`REVIEW_LISTS`
    """
    if result is None:
        result = score(questionnaire, answers)
    out: dict[str, list[dict[str, Any]]] = {name: [] for name in REVIEW_LISTS}
    rows = {row["id"]: row for row in result["questions"]}

    def entry(qid: str, message: str, **extra: Any) -> dict[str, Any]:
        return {"question": qid, "section": questionnaire.question(qid).section_id, "message": message, **extra}

    ignored = {w["question"]: w["message"] for w in result["warnings"] if w["question"] in rows}
    for qid, row in rows.items():
        state, flags = row["state"], row["flags"]
        question = questionnaire.question(qid)
        if qid in ignored:
            out["ignored"].append(entry(qid, f"The saved answer does not fit the question and is not counted "
                                             f"({ignored[qid].removeprefix('answer ignored: ')})."))
        elif state == "unanswered":
            note = " It is critical: its section cannot be rated above partly aligned until it is." \
                if question.critical and row.get("binds", True) else ""  # method 2: only a binding one caps
            scored_zero = " It counts as not met (0) until it is." if result["scoring_version"] == "2.0" else ""
            out["unanswered"].append(entry(qid, "Not answered yet." + scored_zero + note))
        if state == "unknown":
            out["unknown"].append(entry(qid, "Marked unknown: it scores 0 and asks for the legal position to be "
                                             "confirmed."))
        if state in ("not_applicable", "precluded"):
            answer = answers.get(qid) or {}
            justification = answer.get("justification") or None
            what = "not applicable" if state == "not_applicable" else "precluded by fundamental principles"
            if "unscored_choice" in flags:
                message = "The answer chosen carries no score, so the question counts as not applicable."
            elif "no_applicable_component" in flags:
                message = "None of its components applies, so the question counts as not applicable."
            else:
                message = f"Marked {what}: {justification}"
            out[state].append(entry(qid, message, justification=justification))
        if "pending_bill" in flags:
            out["pending_bill"].append(entry(qid, "Rests only on a bill or draft: it scores 0 until the law is in "
                                                  "force."))
        if "no_citation" in flags:
            out["no_citation"].append(entry(qid, "No legislation is cited for this answer."))

    for section in result["sections"]:
        cap = section["explanation"]["cap"]
        for reason in cap["questions"] if cap else ():
            why = critical_gap_in_words(reason, rows.get(reason["question"]))
            out["critical_gaps"].append(entry(
                reason["question"],
                f"{why[:1].upper() + why[1:]}: this critical question caps the section “{section['title']}” at "
                "“Partly aligned” at best.",
                reason=reason["reason"],
            ))

    out["contradictions"] = _contradictions(questionnaire, answers, rows, entry)
    return out


def _contradictions(
    questionnaire: Questionnaire, answers: Mapping[str, Mapping[str, Any]], rows: Mapping[str, Any], entry: Any
) -> list[dict[str, Any]]:
    """Status questions answered ``in_place`` while a coverage question on one of the same elements leaves
    an applicable critical component uncovered (components marked unknown are not counted as missing)."""
    values = visible_values(questionnaire, answers)
    coverage = []
    for qid, row in rows.items():
        question = questionnaire.question(qid)
        if row["state"] != "answered":
            continue
        missing = list(kind_of(question).critical_missing(answers.get(qid) or {}, values))
        if missing:
            coverage.append((question, missing))
    found = []
    for qid, row in rows.items():
        question = questionnaire.question(qid)
        answer = answers.get(qid) or {}
        if row["state"] != "answered" or not kind_of(question).claims_fully_met(answer):
            continue
        for other, missing in coverage:
            shared = [e for e in question.elements if e in other.elements]
            if shared:
                place = question_place(questionnaire, other.id)
                parts = [tr(c.label) if (c := other.component(m)) else m for m in missing]
                found.append(entry(
                    qid,
                    f"Answered '{answer_in_words(question, answer).lower()}', but "
                    f"{question_in_words(other, place.number if place else None)} (element {', '.join(shared)}) "
                    f"does not cover the critical component(s) {', '.join(parts)}.",
                    coverage_question=other.id,
                    elements=shared,
                    missing=missing,
                ))
    return found

