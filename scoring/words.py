"""The figures of a result in words, the same on the results page, in the workbooks and in reports.

Contract: pure functions from parts of a result document (``questionnaires/schemas/result.schema.json``) to
short English sentences. ``titles`` maps a question id to the words a reader knows it by (its text, or its
id when nothing better is at hand). Nothing here imports Flask, SQLAlchemy or openpyxl.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from questionnaires.words import BAND_WORDS

#: band names from best to worst, the order of a profile
BANDS = ("aligned", "largely_aligned", "partly_aligned", "not_aligned")
#: why a question holds its section down (method 2)
CAP_REASONS = {"not_met": "not met", "unknown": "not known", "unanswered": "not answered"}


def critical_gap_in_words(cap: Mapping[str, Any], row: Mapping[str, Any] | None = None) -> str:
    """Why a critical question holds its section down, in words (``not in place``, ``not known``, ``only partly in
    place``), from the cap entry and the question's row of the result (method 1 gives its reason as figures)."""
    reason = str(cap.get("reason", ""))
    if reason in CAP_REASONS:
        words = CAP_REASONS[reason]
        return f"component {cap['component']} {words}" if cap.get("component") else words
    state = (row or {}).get("state")
    value = (row or {}).get("score")
    if state == "unknown" or reason == "unknown":
        return "not known"
    if state == "unanswered" or reason == "unanswered":
        return "not answered"
    if value == 0:
        return "not in place"
    return "only partly in place"


def band_words(band: str | None) -> str:
    """``Largely aligned`` (``–`` for no band)."""
    return BAND_WORDS.get(band, band) if band else "–"


def method_words(scoring_version: str | None, questionnaire_version: int | None = None) -> str:
    """Which method made the figures, in a sentence a reader can act on."""
    if scoring_version == "2.0":
        return ("Scoring method 2: each section is rated on its own, and a module's and the overall band is the "
                "band of its weakest section.")
    if scoring_version == "1.0":
        note = " (questionnaire version 1)" if questionnaire_version == 1 else ""
        return (f"Scoring method 1{note}: bands of pooled averages. Method 2 applies once the assessment is "
                "moved to questionnaire version 2 or later.")
    return f"Scoring version {scoring_version}."


def profile_words(profile: Mapping[str, int] | None) -> str:
    """``2 aligned, 1 partly aligned`` (sections per band, best first; ``–`` without a profile)."""
    if not profile:
        return "–"
    parts = [f"{profile.get(b, 0)} {band_words(b).lower()}" for b in BANDS if profile.get(b)]
    return ", ".join(parts) or "no section rated"


def cap_words(cap: Mapping[str, Any] | str, titles: Mapping[str, str] | None = None) -> str:
    """One entry of ``capped_by``: ``tip_acts (component recruitment): not met`` (method 1: the question).
    ``titles`` may also name a component, under ``question/component``."""
    if not isinstance(cap, Mapping):
        return (titles or {}).get(cap, cap)
    name = (titles or {}).get(cap["question"], cap["question"])
    part = cap.get("component")
    key = f"{cap['question']}/{part}"
    component = f" (component {(titles or {}).get(key, part)})" if part else ""
    joint = " — " if name.endswith("?") and not component else ": "
    return f"{name}{component}{joint}{CAP_REASONS.get(cap['reason'], cap['reason'])}"


def next_band_words(next_band: Mapping[str, Any] | None, titles: Mapping[str, str] | None = None) -> str:
    """What it would take to reach the next band, in a sentence (empty when there is no better band)."""
    if not next_band:
        return ""
    titles = titles or {}
    caps = [q for q in next_band["needs"] if q in set(next_band.get("caps", ()))]
    others = [titles.get(q, q) for q in next_band["needs"] if q not in set(caps)]
    held = [titles.get(q, q) for q in caps]
    count = len(next_band["needs"])
    head = f"{band_words(next_band['band'])} needs {count} answer{'s' if count != 1 else ''} fully met"
    which = "the critical one holding" if len(held) == 1 else "the critical ones holding"
    if not held:
        return _stop(f"{head}: " + "; ".join(others))
    if not others:
        return _stop(f"{head}, {which} the section at partly aligned: " + "; ".join(held))
    return _stop(f"{head}: first {which} the section at partly aligned ({'; '.join(held)}), then "
                 + "; ".join(others))


def weakest_words(scope: Mapping[str, Any], section_titles: Mapping[str, str] | None = None) -> str:
    """``Band of its weakest section, Smuggling of migrants (held down by: ...)``, for a module or overall."""
    weakest = scope.get("weakest")
    if not weakest:
        return ""
    titles = section_titles or {}
    held = [titles.get(s, s) for s in scope.get("held_down_by") or () if s != weakest]
    more = f"; also at that band: {', '.join(held)}" if held else ""
    return f"The band of its weakest section, {titles.get(weakest, weakest)}{more}."


def _stop(text: str) -> str:
    """``text`` ending in a full stop (unless it ends in one already, or in a question mark)."""
    return text if text.endswith((".", "?", "!")) else text + "."
