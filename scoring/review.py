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
from questionnaires.translations import Sentences
from questionnaires.types import answer_in_words, kind_of
from questionnaires.words import question_in_words
from scoring.engine import score
from scoring.words import critical_gap_in_words

#: the lists of a review, in the order the page shows them
REVIEW_LISTS = ("unanswered", "ignored", "unknown", "critical_gaps", "contradictions", "pending_bill", "no_citation",
                "not_applicable", "precluded")
#: the sentences of a review, with named placeholders: the word group ``review`` (``word.review.<key>``)
SENTENCES = {
    "ignored": "The saved answer does not fit the question and is not counted ({why}).",
    "unanswered": "Not answered yet.",
    "scored_zero": " It counts as not met (0) until it is.",
    "critical": " It is critical: its section cannot be rated above partly aligned until it is.",
    "unknown": "Marked unknown: it scores 0 and asks for the legal position to be confirmed.",
    "unscored_choice": "The answer chosen carries no score, so the question counts as not applicable.",
    "no_applicable_component": "None of its components applies, so the question counts as not applicable.",
    "not_applicable": "Marked not applicable: {justification}",
    "precluded": "Marked precluded by fundamental principles: {justification}",
    "pending_bill": "Rests only on a bill or draft: it scores 0 until the law is in force.",
    "no_citation": "No legislation is cited for this answer.",
    "critical_gap": "{why}: this critical question caps the section “{section}” at “Partly aligned” at best.",
    "contradiction": "Answered '{answer}', but {question} (element {elements}) does not cover the critical "
                     "component(s) {components}.",
}


_say = Sentences("review")


def review(
    questionnaire: Questionnaire, answers: Mapping[str, Mapping[str, Any]], result: Mapping[str, Any] | None = None,
    locale: str = "en",
) -> dict[str, list[dict[str, Any]]]:
    """What the focal point should look at before submitting.

    :param questionnaire: the questionnaire answered
    :param answers: question id → answer in the answers format
    :param result: :func:`scoring.engine.score` of the same answers, when the caller has it already
    :param locale: the language of the messages and the titles they name
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
            out["ignored"].append(entry(qid, _say("ignored", locale,
                                                  why=ignored[qid].removeprefix("answer ignored: "))))
        elif state == "unanswered":
            note = _say("critical", locale) \
                if question.critical and row.get("binds", True) else ""  # method 2: only a binding one caps
            scored_zero = _say("scored_zero", locale) if result["scoring_version"] == "2.0" else ""
            out["unanswered"].append(entry(qid, _say("unanswered", locale) + scored_zero + note))
        if state == "unknown":
            out["unknown"].append(entry(qid, _say("unknown", locale)))
        if state in ("not_applicable", "precluded"):
            answer = answers.get(qid) or {}
            justification = answer.get("justification") or None
            if "unscored_choice" in flags:
                message = _say("unscored_choice", locale)
            elif "no_applicable_component" in flags:
                message = _say("no_applicable_component", locale)
            else:
                message = _say(state, locale, justification=justification)
            out[state].append(entry(qid, message, justification=justification))
        if "pending_bill" in flags:
            out["pending_bill"].append(entry(qid, _say("pending_bill", locale)))
        if "no_citation" in flags:
            out["no_citation"].append(entry(qid, _say("no_citation", locale)))

    for section in result["sections"]:
        cap = section["explanation"]["cap"]
        for reason in cap["questions"] if cap else ():
            why = critical_gap_in_words(reason, rows.get(reason["question"]), locale)
            title = tr(questionnaire.section(section["id"]).title, locale) if locale != "en" else section["title"]
            out["critical_gaps"].append(entry(
                reason["question"],
                _say("critical_gap", locale, why=why[:1].upper() + why[1:], section=title),
                reason=reason["reason"],
            ))

    out["contradictions"] = _contradictions(questionnaire, answers, rows, entry, locale)
    return out


def _contradictions(
    questionnaire: Questionnaire, answers: Mapping[str, Mapping[str, Any]], rows: Mapping[str, Any], entry: Any,
    locale: str = "en",
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
                parts = [tr(c.label, locale) if (c := other.component(m)) else m for m in missing]
                named = question_in_words(other, place.number if place else None, locale)
                found.append(entry(
                    qid,
                    _say("contradiction", locale, answer=answer_in_words(question, answer, locale).lower(),
                         question=named, elements=", ".join(shared), components=", ".join(parts)),
                    coverage_question=other.id,
                    elements=shared,
                    missing=missing,
                ))
    return found

