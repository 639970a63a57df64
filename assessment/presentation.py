"""Words and formats shown to people: band and status labels, locale texts, dates."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import Flask, current_app

from assessment.vocabulary import ROLE_WORDS
from questionnaires.model import tr as translate
from questionnaires.types import answer_in_words
from questionnaires.words import (
    ASSESSMENT_STATUS_WORDS,
    AUDIENCE_WORDS,
    BAND_WORDS,
    CHALLENGE_WORDS,
    CITATION_STATUS_WORDS,
    FLAG_WORDS,
    LEVEL_WORDS,
    STATUS_WORDS,
    band_in_words,
    sources_in_words,
)
from scoring.words import cap_words, method_words, next_band_words, profile_words, weakest_words

BAND_LABELS = BAND_WORDS
STATUS_LABELS = ASSESSMENT_STATUS_WORDS
ROLE_LABELS = ROLE_WORDS
ANSWER_STATUS_LABELS = {**STATUS_WORDS, **FLAG_WORDS}
CITATION_STATUS_LABELS = CITATION_STATUS_WORDS
CHALLENGE_LABELS = CHALLENGE_WORDS
AUDIENCE_LABELS = AUDIENCE_WORDS


def tr(text: Any) -> str:
    return translate(text, current_app.config.get("LOCALE", "en"))


def band_label(band: str | None, provisional: bool = False) -> str:
    return band_in_words(band, provisional)


def fmt_dt(value: datetime | str | None) -> str:
    """``01 Dec 2026 18:57 UTC``, from a datetime or an ISO text (as answers carry in JSON)."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return value
    return value.strftime("%d %b %Y %H:%M UTC") if value else ""


def fmt_gap(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def fmt_pct(value: float | None) -> str:
    return "–" if value is None else f"{round(value * 100)} %"


def init_app(app: Flask) -> None:
    # pages stay light (a section page well under 100 KB): no indentation whitespace from template logic
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.filters.update(tr=tr, dt=fmt_dt, gap=fmt_gap, pct=fmt_pct)
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

