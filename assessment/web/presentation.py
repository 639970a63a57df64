"""Words and formats shown to people: band and status labels, locale texts, dates."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from flask import Flask
from flask_babel import gettext, ngettext
from flask_babel import lazy_gettext as _l

from assessment.vocabulary import Role
from assessment.web.i18n import locale_code
from questionnaires.model import DEFAULT_SCORING
from questionnaires.model import tr as translate
from questionnaires.numbering import question_place, question_places, section_number
from questionnaires.progress import is_answered
from questionnaires.types import answer_in_words
from questionnaires.words import BAND_WORDS, band_in_words, short_text, sources_in_words
from scoring.words import cap_words, critical_gap_in_words, method_words, next_band_words, profile_words, weakest_words

#: each role of the vocabulary in words
ROLE_LABELS = {
    Role.FOCAL_POINT: _l("Focal point"),
    Role.CONTRIBUTOR: _l("Contributor"),
    Role.RSO_ANALYST: _l("RSO analyst"),
    Role.ADMIN: _l("Administrator"),
}


#: what an audit event did, in words (answer changes name their question beside these words)
EVENT_WORDS = {
    "answer.update": _l("changed the answer to"),
    "answer.carry": _l("carried the answer to"),
    "answer.drop": _l("did not carry the earlier answer to"),
    "assessment.create": _l("started the assessment"),
    "assessment.submit": _l("submitted"),
    "assessment.withdraw": _l("withdrew the submission"),
    "assessment.validate": _l("validated"),
    "assessment.request_changes": _l("requested changes"),
    "assessment.reopen": _l("reopened"),
    "assessment.comment": _l("commented"),
    "assessment.assign": _l("assigned a section"),
    "assessment.share_with_rso": _l("changed sharing with the RSO"),
    "assessment.share_results": _l("changed sharing of results"),
    "assessment.move_version": _l("moved the answers to another questionnaire version"),
    "assignment.drop": _l("removed an assignment"),
}


def event_words(action: str, about_question: bool = False) -> str:
    """An audit event's action in words (``commented on`` when it names a question); an action not listed here
    reads as its last part, spaced."""
    if about_question and action == "assessment.comment":
        return str(_l("commented on"))
    words = EVENT_WORDS.get(action)
    return str(words) if words is not None else action.rsplit(".", 1)[-1].replace("_", " ")


def question_titles(questionnaire: Any) -> dict[str, str]:
    """Question id → ``Question 5.3: its text``, for sentences that name questions (caps, next band); and
    ``question/component`` → the component's words."""
    locale = locale_code()

    def build(q: Any) -> dict[str, str]:
        titles = {qid: place.label(locale, limit=400) for qid, place in question_places(q).items()}
        for question in q.questions:
            for c in question.components:
                titles[f"{question.id}/{c.id}"] = f"“{translate(c.label, locale)}”"
        return titles

    return questionnaire.derived(f"question_titles:{locale}", build)


def section_titles(result: Mapping[str, Any]) -> dict[str, str]:
    """Section id → its title, from a result document."""
    return {s["id"]: s["title"] for s in result.get("sections", ())}


def question_rows(result: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    """Question id → its row in a result document (state, score, flags)."""
    return {row["id"]: row for row in result.get("questions", ())}


def band_scale(questionnaire: Any = None) -> list[dict[str, Any]]:
    """The bands from best to worst with the core gaps each covers (``low`` exclusive except for the first), from
    the questionnaire's scoring parameters or the default ones."""
    if questionnaire is not None:
        pairs = list(questionnaire.scoring.bands)
    else:
        pairs = [(b["band"], b["max_gap"]) for b in DEFAULT_SCORING["bands"]]
    scale, low = [], 0.0
    for band, high in pairs:
        scale.append({"band": band, "words": BAND_WORDS.get(band, band), "low": low, "high": high,
                      "first": not scale})
        low = high
    return scale


def provisional_threshold(questionnaire: Any = None) -> float:
    """The share of questions that must be answered for a band to stand (below it a band is provisional)."""
    if questionnaire is not None:
        return float(questionnaire.scoring.completeness_threshold)
    return float(DEFAULT_SCORING["completeness_threshold"])


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


def in_locale(words: Callable[..., str]) -> Callable[..., str]:
    """``words`` (a function of :mod:`scoring.words` taking ``locale``) saying its sentence in the request's
    language."""
    def said(*args: Any, **kwargs: Any) -> str:
        return words(*args, locale=locale_code(), **kwargs)

    said.__name__ = words.__name__
    return said


#: what templates call, each by its own name
TEMPLATE_FUNCTIONS = (band_label, answer_in_words, sources_in_words, question_place, question_titles, section_titles,
                      question_rows, is_answered, band_scale, provisional_threshold, section_number)
#: sentences of :mod:`scoring.words` that templates call, said in the request's language
SENTENCES = (method_words, profile_words, cap_words, next_band_words, weakest_words, critical_gap_in_words)


def init_app(app: Flask) -> None:
    # pages stay light (a section page well under 100 KB): no indentation whitespace from template logic
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.filters.update(tr=tr, short=short_text, event_words=event_words)
    from assessment.web import i18n

    i18n.init_app(app)
    # the fixed words of statuses, levels, citations, challenges and audiences come per request and language
    # from i18n's context (WordTables); roles' words are the interface's own
    app.jinja_env.globals.update({f.__name__: f for f in TEMPLATE_FUNCTIONS})
    app.jinja_env.globals.update({f.__name__: in_locale(f) for f in SENTENCES})
    app.jinja_env.globals["ROLE_LABELS"] = ROLE_LABELS

    @app.context_processor
    def demo_flag() -> dict[str, Any]:
        return {"is_demo": bool(app.config.get("DEMO")), "demo_banner_words": demo_banner_words}


def demo_banner_words() -> str:
    """The demo banner: which members are fictional (codes starting with X) and that the real ones carry no
    data."""
    from assessment.services.members import fictional_and_real_counts

    fictional, real = fictional_and_real_counts()
    words = ngettext("Demo data: the %(num)d member whose code starts with X is fictional, with invented answers",
                     "Demo data: the %(num)d members whose codes start with X are fictional, with invented answers",
                     fictional)
    if not real:
        return words + "."
    listed = ngettext("the %(num)d real member is listed without any data",
                      "the %(num)d real members are listed without any data", real)
    return gettext("%(fictional)s; %(real)s.", fictional=words, real=listed)
