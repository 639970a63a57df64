"""Words and formats shown to people: band and status labels, locale texts, dates."""

from __future__ import annotations

from typing import Any

from flask import Flask

from assessment.i18n import locale_code
from questionnaires.model import tr as translate
from questionnaires.types import answer_in_words
from questionnaires.words import (
    ASSESSMENT_STATUS_WORDS,
    AUDIENCE_WORDS,
    BAND_WORDS,
    CHALLENGE_WORDS,
    CITATION_STATUS_WORDS,
    LEVEL_WORDS,
    band_in_words,
    sources_in_words,
)
from scoring.words import cap_words, method_words, next_band_words, profile_words, weakest_words

BAND_LABELS = BAND_WORDS
STATUS_LABELS = ASSESSMENT_STATUS_WORDS
ROLE_LABELS = {
    "focal_point": "Focal point",
    "contributor": "Contributor",
    "rso_analyst": "RSO analyst",
    "admin": "Administrator",
}
ANSWER_STATUS_LABELS = {
    "in_place": "In place",
    "largely": "Largely in place",
    "partially": "Partially in place",
    "not_in_place": "Not in place",
    "not_applicable": "Not applicable",
    "precluded": "Precluded by fundamental principles",
    "unknown": "Unknown",
}
CITATION_STATUS_LABELS = CITATION_STATUS_WORDS
CHALLENGE_LABELS = CHALLENGE_WORDS
AUDIENCE_LABELS = AUDIENCE_WORDS


def tr(text: Any) -> str:
    """A locale map in the request's language (English where it has no translation)."""
    return translate(text, locale_code())


def titles_in_locale(result: dict[str, Any], questionnaire: Any) -> dict[str, Any]:
    """A result document whose module and section titles are in the request's language (the result stores
    them in English); the figures are the same."""
    locale = locale_code()
    if locale == "en" or questionnaire is None:
        return result

    def retitled(part: dict[str, Any], find: Any) -> dict[str, Any]:
        try:
            return {**part, "title": tr(find(part["id"]).title)}
        except KeyError:
            return part

    return {**result,
            "modules": [retitled(m, questionnaire.module) for m in result.get("modules", ())],
            "sections": [retitled(s, questionnaire.section) for s in result.get("sections", ())]}


def band_label(band: str | None, provisional: bool = False) -> str:
    return band_in_words(band, provisional, locale_code())


def init_app(app: Flask) -> None:
    # pages stay light (a section page well under 100 KB): no indentation whitespace from template logic
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.filters.update(tr=tr)
    from assessment import i18n

    i18n.init_app(app)
    app.jinja_env.globals.update(
        band_label=band_label,
        STATUS_LABELS=STATUS_LABELS,
        ROLE_LABELS=ROLE_LABELS,
        ANSWER_STATUS_LABELS=ANSWER_STATUS_LABELS,
        CITATION_STATUS_LABELS=CITATION_STATUS_LABELS,
        CHALLENGE_LABELS=CHALLENGE_LABELS,
        AUDIENCE_LABELS=AUDIENCE_LABELS,
        LEVEL_WORDS=LEVEL_WORDS,
        answer_in_words=answer_in_words,
        sources_in_words=sources_in_words,
        method_words=method_words,
        profile_words=profile_words,
        cap_words=cap_words,
        next_band_words=next_band_words,
        weakest_words=weakest_words,
    )

    @app.context_processor
    def demo_flag() -> dict[str, Any]:
        return {"is_demo": bool(app.config.get("DEMO"))}
