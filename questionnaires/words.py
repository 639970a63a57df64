"""Answers in words, for pages, workbooks and reports.

Contract: the word maps below are the one source of the fixed words that pages, workbooks and reports
share (English texts of questions come from the questionnaire; fixed words are English for now). An answer
in words comes from its question's type (:func:`questionnaires.types.answer_in_words`).
"""

from __future__ import annotations

from enum import StrEnum

from questionnaires.model import Question, Questionnaire, tr

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
#: an assessment's workflow status
ASSESSMENT_STATUS_WORDS = {
    "draft": "Draft",
    "submitted": "Submitted",
    "changes_requested": "Changes requested",
    "validated": "Validated",
}
#: our own band words: self-assessed, never FATF ratings
BAND_WORDS = {
    "aligned": "Aligned",
    "largely_aligned": "Largely aligned",
    "partly_aligned": "Partly aligned",
    "not_aligned": "Not aligned",
}
#: one ordered colour scale for the bands, colour-blind safe (blue for aligned through orange for not aligned,
#: lighter towards the middle), for pages and workbooks alike; dark text reads on each (RGB hex)
BAND_COLOURS = {
    "aligned": "9ECAE1",
    "largely_aligned": "DEEBF7",
    "partly_aligned": "FDD0A2",
    "not_aligned": "FDAE6B",
}
#: the units a number question names (its ``unit``), as a page says them beside the figure
UNIT_WORDS = {
    "cases": "cases",
    "courses": "courses",
    "days": "days",
    "people": "people",
    "requests": "requests",
    "us_dollars": "US dollars",
    "year": "year",
    "years": "years",
}
#: where a number question meets the standard, with or without its unit (``{number}``, ``{unit}``)
THRESHOLD_WORDS = {
    "at_least": "Meets the standard at {number} {unit} or more.",
    "at_most": "Meets the standard at {number} {unit} or fewer.",
    "at_least_plain": "Meets the standard at {number} or more.",
    "at_most_plain": "Meets the standard at {number} or fewer.",
}
#: a coverage answer in words (``{items}``: component labels joined by semicolons)
COVERAGE_WORDS = {
    "covers": "Covers: {items}",
    "covers_none": "Covers none",
    "not_covered": "Not covered: {items}",
    "not_known": "Not known: {items}",
}
#: a question named by its number in sentences and links (``{number}``, ``{text}``)
QUESTION_WORDS = {"label": "Question {number}: {text}"}
#: a component's state in a coverage answer
COMPONENT_WORDS = {"covered": "Covered", "not_covered": "Not covered", "unknown": "Unknown"}
YES, NO = "Yes", "No"
CITATION_STATUS_WORDS = {"in_force": "In force", "bill": "Bill", "draft": "Draft"}
CHALLENGE_WORDS = {
    "coordination": "Inter-agency coordination",
    "capacity": "Limited capacity",
    "resources": "Limited resources",
    "awareness": "Limited awareness",
    "legal_system": "Specificities of the legal system",
    "competing_priorities": "Competing priorities",
    "other": "Other",
}
AUDIENCE_WORDS = {
    "legislators": "Legislators",
    "prosecutors": "Prosecutors",
    "judges": "Judges",
    "police": "Police",
    "fiu": "Financial intelligence unit",
    "central_authority": "Central authority",
    "immigration": "Immigration",
    "supervisors": "Financial supervisors",
}


#: phrases made from a question, with named placeholders: the word group ``phrase`` (``word.phrase.<key>``)
PHRASES = {
    "who_answers": "Who can best answer: {audience}",
    "question_number": "Question {number} ({text})",
    # the offline workbook's Help column and the number field's hint, by type of question
    "help_coverage": "Answer each component in the rows below: Covered, Not covered or Unknown. An answer in this "
                     "row (Unknown, Not applicable) is for the whole question, and the components are then not used.",
    "help_unit": "Answer in {unit}.",
    "help_or": "Or: {label}",
    "help_choices": "The answers in full:",
    "help_date": "Type the date as YYYY-MM-DD.",
    "number_prompt": "Type a number, or choose from the list.",
    "number_prompt_unit": "Type a number of {unit}, or choose from the list.",
}



def who_answers(audience: tuple[str, ...] | list[str], locale: str = "en") -> str:
    """"Who can best answer: Central authority, Prosecutors" for a question's audience (in ``locale``)."""
    from questionnaires.translations import word

    names = ", ".join(word("audience", a, locale) if a in AUDIENCE_WORDS else a for a in audience)
    return word("phrase", "who_answers", locale).format(audience=names)


#: what became of a question in the score (the engine's ``state``)
STATE_WORDS = {
    "answered": "Answered",
    "unanswered": "Not answered",
    "not_applicable": "Not applicable",
    "precluded": "Precluded",
    "skipped": "Skipped (does not apply)",
    "unknown": "Unknown",
}
#: the engine's question flags
QUESTION_FLAG_WORDS = {
    "unknown": "unknown",
    "pending_bill": "rests only on a bill or draft",
    "no_citation": "no citation",
    "unknown_components": "some components unknown",
    "critical_component_missing": "a critical component is missing",
    "at_risk": "at risk (relies on a question with a gap)",
    "unscored_choice": "choice not scored",
    "no_applicable_component": "no component applies",
    "ignored_answer": "answer ignored (does not fit the question)",
    "hidden_answer": "answer to a skipped question",
}
OBLIGATION_WORDS = {"obligation": "Obligation", "standard": "Standard", "recommended": "Recommended"}


class ElementState(StrEnum):
    """A legal element's state in a result (its ``state``); equal to its plain value, as results store it."""

    GAP = "gap"
    MET = "met"
    UNANSWERED = "unanswered"
    NOT_APPLICABLE = "not_applicable"
    PRECLUDED = "precluded"
    SKIPPED = "skipped"
    UNKNOWN = "unknown"


#: an element's state in words, one for each :class:`ElementState`
ELEMENT_STATE_WORDS = {
    "gap": "Gap",
    "met": "Met",
    **{k: v for k, v in STATE_WORDS.items() if k != "answered"},
}
LEVEL_WORDS = {
    "M": "Mandatory",
    "Mq": "Mandatory (qualified)",
    "F": "FATF standard",
    "SC": "Must consider",
    "O": "Optional",
    "GP": "Good practice",
}


def sentences(parts: list[str]) -> str:
    """Parts joined as sentences: a full stop after each but the last, unless it ends in one already ("…", "?")."""
    text = ""
    for part in parts:
        if text:
            text += " " if text.endswith((".", "…", "?", "!")) else ". "
        text += part
    return text


def short_text(text: str, limit: int = 60) -> str:
    """``text`` cut at a word to at most ``limit`` characters, with "…" when cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.") + "…"


def question_in_words(question: Question, number: int | str | None = None, locale: str = "en", limit: int = 60) -> str:
    """``Question 3 (Is consent irrelevant…)``: the question's number on its page and its text, shortened."""
    from questionnaires.translations import word

    return word("phrase", "question_number", locale).format(
        number=number if number is not None else question.id, text=short_text(tr(question.text, locale), limit))


def sources_in_words(question: Question) -> str:
    return "; ".join(s.label() for s in question.sources)


def band_in_words(band: str | None, provisional: bool = False, locale: str = "en") -> str:
    """The band's words, "(provisional)" when completeness is below the threshold; "No score" without a band
    (in ``locale`` where the band words are translated)."""
    from questionnaires.translations import word

    if not band:
        return word("band", "none", locale)
    label = word("band", band, locale) if band in BAND_WORDS else band
    return word("band", "provisional", locale).format(band=label) if provisional else label


REVIEW_STATE_WORDS = {"reviewed": "Reviewed", "not_reviewed": "Not reviewed"}


def review_state_in_words(questionnaire: Questionnaire, locale: str = "en") -> str:
    """"Reviewed" or "Not reviewed", as the questionnaire's ``review_status`` says (in ``locale``)."""
    from questionnaires.translations import word

    state = str(questionnaire.review_status.get("state"))
    return word("review_state", state if state in REVIEW_STATE_WORDS else "not_reviewed", locale)


def review_in_words(questionnaire: Questionnaire, locale: str = "en") -> str:
    """Whether the content has been reviewed and where it comes from, as the questionnaire states it."""
    review = questionnaire.review_status
    text = tr(review.get("text"), locale) if review.get("text") else ""
    state = review_state_in_words(questionnaire, locale)
    return f"{state}. {text}" if text else state
