"""The figures of a result in words, the same on the results page, in the workbooks and in reports.

Contract: pure functions from parts of a result document (``questionnaires/schemas/result.schema.json``) to
short sentences in ``locale`` (English by default; the templates are :data:`SENTENCES`, translated as the word
group ``score``, English where a translation is missing). ``titles`` maps a question id to the words a reader
knows it by (its text, or its id when nothing better is at hand). Nothing here imports Flask, SQLAlchemy or openpyxl.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from questionnaires.translations import Sentences, word

#: band names from best to worst, the order of a profile
BANDS = ("aligned", "largely_aligned", "partly_aligned", "not_aligned")
#: why a question holds its section down (method 2)
CAP_REASONS = {"not_met": "not met", "unknown": "not known", "unanswered": "not answered"}
#: the sentences of this module, with named placeholders: the word group ``score`` (``word.score.<key>``), so
#: that pages and workbooks say them in the person's language
SENTENCES = {
    **{f"reason_{key}": text for key, text in CAP_REASONS.items()},
    "component_reason": "component {component} {reason}",
    "not_in_place": "not in place",
    "partly_in_place": "only partly in place",
    "method_2": "Scoring method 2: each section is rated on its own, and a module's and the overall band is the band "
                "of its weakest section.",
    "method_1": "Scoring method 1: bands of pooled averages. Method 2 applies once the assessment is moved to "
                "questionnaire version 2 or later.",
    "method_1_version_1": "Scoring method 1 (questionnaire version 1): bands of pooled averages. Method 2 applies "
                          "once the assessment is moved to questionnaire version 2 or later.",
    "method_other": "Scoring version {version}.",
    "profile_part": "{count} {band}",
    "no_section_rated": "no section rated",
    "cap_component": "{question} (component {component}): {reason}",
    "cap_question": "{question} — {reason}",
    "cap_plain": "{question}: {reason}",
    "needs_one": "{band} needs 1 answer fully met",
    "needs_many": "{band} needs {count} answers fully met",
    "next_others": "{needs}: {answers}.",
    "next_held_one": "{needs}, the critical one holding the section at partly aligned: {held}.",
    "next_held_many": "{needs}, the critical ones holding the section at partly aligned: {held}.",
    "next_both_one": "{needs}: first the critical one holding the section at partly aligned ({held}), then {answers}.",
    "next_both_many": "{needs}: first the critical ones holding the section at partly aligned ({held}), then "
                      "{answers}.",
    "weakest": "The band of its weakest section, {section}.",
    "weakest_also": "The band of its weakest section, {section}; also at that band: {sections}.",
}


#: one of :data:`SENTENCES` in a language with its placeholders filled: ``say(key, locale, **values)``
say = Sentences("score")


def cap_reason_words(reason: str, locale: str = "en") -> str:
    """``not met``, ``not known``, ``not answered`` (the reason itself when it is none of these)."""
    return say(f"reason_{reason}", locale) if reason in CAP_REASONS else reason


def critical_gap_in_words(cap: Mapping[str, Any], row: Mapping[str, Any] | None = None, locale: str = "en") -> str:
    """Why a critical question holds its section down, in words (``not in place``, ``not known``, ``only partly in
    place``), from the cap entry and the question's row of the result (method 1 gives its reason as figures)."""
    reason = str(cap.get("reason", ""))
    if reason in CAP_REASONS:
        words = cap_reason_words(reason, locale)
        return say("component_reason", locale, component=cap["component"], reason=words) if cap.get("component") \
            else words
    state = (row or {}).get("state")
    value = (row or {}).get("score")
    if state == "unknown" or reason == "unknown":
        return cap_reason_words("unknown", locale)
    if state == "unanswered" or reason == "unanswered":
        return cap_reason_words("unanswered", locale)
    if value == 0:
        return say("not_in_place", locale)
    return say("partly_in_place", locale)


def band_words(band: str | None, locale: str = "en") -> str:
    """``Largely aligned`` (``–`` for no band)."""
    if not band:
        return "–"
    return word("band", band, locale) if band in BANDS else band


def method_words(scoring_version: str | None, questionnaire_version: int | None = None, locale: str = "en") -> str:
    """Which method made the figures, in a sentence a reader can act on."""
    if scoring_version == "2.0":
        return say("method_2", locale)
    if scoring_version == "1.0":
        return say("method_1_version_1" if questionnaire_version == 1 else "method_1", locale)
    return say("method_other", locale, version=scoring_version)


def profile_words(profile: Mapping[str, int] | None, locale: str = "en") -> str:
    """``2 aligned, 1 partly aligned`` (sections per band, best first; ``–`` without a profile)."""
    if not profile:
        return "–"
    parts = [say("profile_part", locale, count=profile.get(b, 0), band=band_words(b, locale).lower())
             for b in BANDS if profile.get(b)]
    return ", ".join(parts) or say("no_section_rated", locale)


def cap_words(cap: Mapping[str, Any] | str, titles: Mapping[str, str] | None = None, locale: str = "en") -> str:
    """One entry of ``capped_by``: ``tip_acts (component recruitment): not met`` (method 1: the question).
    ``titles`` may also name a component, under ``question/component``."""
    if not isinstance(cap, Mapping):
        return (titles or {}).get(cap, cap)
    name = (titles or {}).get(cap["question"], cap["question"])
    part = cap.get("component")
    reason = cap_reason_words(cap["reason"], locale)
    if part:
        component = (titles or {}).get(f"{cap['question']}/{part}", part)
        return say("cap_component", locale, question=name, component=component, reason=reason)
    return say("cap_question" if name.endswith("?") else "cap_plain", locale, question=name, reason=reason)


def next_band_words(next_band: Mapping[str, Any] | None, titles: Mapping[str, str] | None = None,
                    locale: str = "en") -> str:
    """What it would take to reach the next band, in a sentence (empty when there is no better band)."""
    if not next_band:
        return ""
    titles = titles or {}
    caps = [q for q in next_band["needs"] if q in set(next_band.get("caps", ()))]
    others = "; ".join(titles.get(q, q) for q in next_band["needs"] if q not in set(caps))
    held = "; ".join(titles.get(q, q) for q in caps)
    count = len(next_band["needs"])
    needs = say("needs_one" if count == 1 else "needs_many", locale, band=band_words(next_band["band"], locale),
                count=count)
    which = "one" if len(caps) == 1 else "many"
    if not held:
        return _stop(say("next_others", locale, needs=needs, answers=others))
    if not others:
        return _stop(say(f"next_held_{which}", locale, needs=needs, held=held))
    return _stop(say(f"next_both_{which}", locale, needs=needs, held=held, answers=others))


def weakest_words(scope: Mapping[str, Any], section_titles: Mapping[str, str] | None = None,
                  locale: str = "en") -> str:
    """``Band of its weakest section, Smuggling of migrants (held down by: ...)``, for a module or overall."""
    weakest = scope.get("weakest")
    if not weakest:
        return ""
    titles = section_titles or {}
    held = [titles.get(s, s) for s in scope.get("held_down_by") or () if s != weakest]
    if held:
        return say("weakest_also", locale, section=titles.get(weakest, weakest), sections=", ".join(held))
    return say("weakest", locale, section=titles.get(weakest, weakest))


def _stop(text: str) -> str:
    """A sentence ending in one stop: a title that ends in a full stop or a question mark keeps its own."""
    return text[:-1] if text.endswith(("..", "?.", "!.")) else text
