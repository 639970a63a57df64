"""The "By standard" sheet of the results workbook: the same answers read by treaty article and FATF
Recommendation, with the mutual-evaluation ratings on record beside each Recommendation.

Contract: :func:`write_standards_sheet` writes one table onto an empty write-only sheet from plain data (the units
of :func:`scoring.standards.units`, the rows of :func:`scoring.standards.beside_ratings`, the answers): a row per
unit with its figures (self-assessed band, gap, completeness, what holds it down) and, for a FATF Recommendation,
the rating on record and how many steps apart the two sit; under it a row per criterion or paragraph with its gap,
then a row per question with the answer in words and its citations. Texts go through :mod:`exports.common`, so
nothing typed becomes a formula. No Flask, no SQLAlchemy.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from exports.common import NUMBER, PERCENT, TEXT, WRAP, write_table
from questionnaires.model import Questionnaire, tr
from questionnaires.standards import INSTRUMENT_NAMES
from questionnaires.translations import localized_words
from questionnaires.types import answer_in_words
from questionnaires.words import band_in_words
from scoring.standards import FATF_TEXT_WORDS
from scoring.words import cap_words

HEADERS = ["Instrument", "Unit", "Title", "Criterion or paragraph", "Methodology", "Question", "Answer",
           "Citations", "Band (self-assessed)", "Gap", "Completeness", "Held down by", "Rating on record",
           "Member's own record", "Steps apart"]
#: column letters of the figures a reader (and a test) looks up
GAP_COLUMN, BAND_COLUMN = "J", "I"
#: every label this sheet writes, in one place (for translations: ``workbook.standards``)
WORDS: dict[str, Any] = {
    "headers": tuple(HEADERS),
    "rating": "{rating} ({report}, {date})",
    "differs": "{own} (differs from the RSO's record)",
    "flagged": "{steps} (flagged: two steps or more)",
    "not_answered": "not answered",
    "later": "Not assessed then: a later amendment, left out of the 2013 reading",
    "not_read": "Not read by this questionnaire",
    "fatf_texts": FATF_TEXT_WORDS,
    "note": "Self-assessed bands, never FATF ratings. {fatf}. A band and a rating are set on their ordered scales "
            "(Aligned … Not aligned beside C … NC) only to flag two steps or more apart.",
}


def standards_words(locale: str = "en") -> dict[str, Any]:
    """:data:`WORDS` in ``locale``."""
    return localized_words(WORDS, "workbook.standards", locale)


@dataclass(frozen=True)
class StandardsSheet:
    """What the sheet shows: the units of one FATF text, and the ratings beside the Recommendations."""

    #: ``current`` or ``2013``
    fatf: str
    units: Sequence[Mapping[str, Any]]
    beside: Sequence[Mapping[str, Any]] = field(default_factory=tuple)


def _rating_words(row: Mapping[str, Any] | None, w: Mapping[str, Any] = WORDS) -> tuple[str, str, Any]:
    if row is None:
        return "", "", None
    published = row["published"]
    rating = w["rating"].format(rating=published["rating"], report=published["report_title"],
                                date=published["report_date"]) if published else ""
    own = row["own"] or ""
    if row["differ"]:
        own = w["differs"].format(own=own)
    steps = row["steps"]
    return rating, own, (w["flagged"].format(steps=steps) if row["flagged"] else steps)


def write_standards_sheet(ws: Any, questionnaire: Questionnaire, sheet: StandardsSheet,
                          answers: Mapping[str, Any], citations_in_words: Any, locale: str = "en") -> None:
    """Write the "By standard" table.

    :param citations_in_words: citations → text (the results workbook's own wording)
    """
    w = standards_words(locale)
    beside = {row["unit"]: row for row in sheet.beside}
    titles = {q.id: tr(q.text, locale) for q in questionnaire.questions}
    rows: list[list[Any]] = []
    for unit in sheet.units:
        rating, own, steps = _rating_words(beside.get(unit["unit"]) if unit["instrument"] == "FATF" else None, w)
        held = "; ".join(cap_words(c, titles, locale) for c in unit["capped_by"])
        instrument = INSTRUMENT_NAMES.get(unit["instrument"], unit["instrument"])
        rows.append([instrument, unit["unit"], unit["title"], "", "", "", "", "",
                     band_in_words(unit["band"], unit["provisional"], locale) if unit["band"] else "", unit["gap"],
                     unit["completeness"], held, rating, own, steps])
        for criterion in unit["criteria"]:
            point = criterion["id"] or criterion["source"]
            holding = "; ".join(cap_words(c, titles, locale) for c in criterion["capped_by"])
            rows.append([instrument, unit["unit"], criterion["title"], point, criterion["methodology"] or "", "", "",
                         "", "", criterion["gap"], None, holding, "", "", None])
            for qid in criterion["questions"]:
                answer = answers.get(qid)
                question = questionnaire.question(qid) if questionnaire.has_question(qid) else None
                words = (answer_in_words(question, answer, locale) if question else "") or w["not_answered"]
                cited = citations_in_words(answer.get("citations") if isinstance(answer, Mapping) else None)
                rows.append([instrument, unit["unit"], "", point, "", f"{titles.get(qid, qid)} ({qid})", words,
                             cited, "", None, None, "", "", "", None])
        for later in unit.get("later", ()):
            rows.append([instrument, unit["unit"], w["later"], later["id"] or later["source"],
                         later["methodology"] or "",
                         ", ".join(later["questions"]), "", "", "", None, None, "", "", "", None])
    for row in sheet.beside:  # ratings on record for Recommendations the questionnaire does not read
        if row["id"] is None:
            rating, own, steps = _rating_words(row, w)
            rows.append([INSTRUMENT_NAMES["FATF"], row["unit"], w["not_read"], "", "", "", "", "",
                         "", None, None, "", rating, own, steps])
    note = w["note"].format(fatf=w["fatf_texts"][sheet.fatf])
    write_table(ws, list(w["headers"]), rows, note=note, freeze_at="D1",
                widths=[24, 9, 34, 12, 11, 40, 40, 34, 22, 8, 12, 36, 34, 18, 14],
                styles=[WRAP, TEXT, WRAP, TEXT, TEXT, WRAP, WRAP, WRAP, TEXT, NUMBER, PERCENT, WRAP, WRAP, TEXT,
                        TEXT])
