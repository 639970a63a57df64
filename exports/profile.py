"""The "Profile" sheet of the results workbook: the law (bands by module and section) beside capacity and
practice (the "Capacity and practice" answers), one column per cycle of the member.

Contract: :func:`write_profile_sheet` writes one table onto an empty write-only sheet from plain data: the rows
of :func:`scoring.capacity.law_rows`, the table of :func:`scoring.capacity.profile_table` and the plausibility
findings of the newest cycle. A reported figure is a number cell; "not collected", "unknown", "not answered"
and "not asked" are words, never a zero. Texts go through :mod:`exports.common`, so nothing typed becomes a
formula. No Flask, no SQLAlchemy.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from exports.common import TEXT, WRAP, write_table
from questionnaires.translations import localized_words, words_in
from questionnaires.words import band_in_words
from scoring.capacity import Finding, LawRow, ProfileTable

#: the columns before the cycles
LEAD = ["Part", "Section", "Row"]
TREND_WORDS = {"up": "up", "down": "down", "same": "the same"}
NOTE = ("Self-assessed: the bands come from the member's own answers and are this toolkit's words, not FATF "
        "ratings. The figures are the member's own, never scored. \"Not collected\": the member keeps no such "
        "figure; \"not asked\": that cycle's questionnaire did not ask.")
#: every label this sheet writes, in one place (for translations)
WORDS: dict[str, Any] = {
    "lead": tuple(LEAD),
    "trend": TREND_WORDS,
    "note": NOTE,
    "trend_header": "Trend",
    "cycle": "{cycle} ({status})",
    "not_in_version": "not in this version",
    "no_band": "no band",
    "module": "Module",
    "section": "Section",
    "law": "Law: band (core gap)",
    "practice": "Capacity and practice",
    "year": "Year the figures cover",
    "to_check": "Figures to check ({cycle})",
}


def profile_words(locale: str = "en") -> dict[str, Any]:
    """:data:`WORDS` in ``locale``."""
    return localized_words(WORDS, "workbook.profile", locale)


@dataclass(frozen=True)
class ProfileSheet:
    """What the sheet shows: the member's cycles (``(code, status)``, oldest first), the law and the practice."""

    cycles: Sequence[tuple[str, str]]
    law: Sequence[LawRow]
    practice: ProfileTable
    findings: Sequence[Finding] = field(default_factory=tuple)


def _law_cell(cell: Any, w: dict[str, Any], locale: str) -> str:
    if cell is None:
        return str(w["not_in_version"])
    if not cell.band:
        return str(w["no_band"])
    return f"{band_in_words(cell.band, cell.provisional, locale)} ({cell.gap:.1f})" if cell.gap is not None \
        else band_in_words(cell.band, cell.provisional, locale)


def write_profile_sheet(ws: Any, sheet: ProfileSheet, title: str, locale: str = "en") -> None:
    """Write the "Profile" table (law rows, then practice rows by section, then the figures to check), its
    labels in ``locale`` (the caller gives the titles and texts of ``sheet`` in that language)."""
    w = profile_words(locale)
    statuses = words_in("assessment_status", locale)
    cycles = [w["cycle"].format(cycle=code, status=statuses.get(status, status)) for code, status in sheet.cycles]
    headers = [*w["lead"], *cycles, w["trend_header"]]
    rows: list[list[Any]] = []
    for row in sheet.law:
        level = "" if row.kind == "overall" else (w["module"] if row.kind == "module" else w["section"])
        rows.append([w["law"], level, row.title, *[_law_cell(c, w, locale) for c in row.cells], ""])
    years = sheet.practice.years
    if any(years):
        rows.append([w["practice"], "", w["year"], *[y or "" for y in years], ""])
    for section in sheet.practice.sections:
        for figure in section.rows:
            if figure.kind == "year":
                continue
            cells = [c.value if c.state == "reported" and figure.kind == "figure" else c.words for c in figure.cells]
            rows.append([w["practice"], section.title, figure.text, *cells, w["trend"].get(figure.trend or "", "")])
    newest = sheet.cycles[-1][0] if sheet.cycles else ""
    for finding in sheet.findings:
        rows.append([w["to_check"].format(cycle=newest), "", finding.message, *([""] * len(cycles)), ""])
    styles = [TEXT, WRAP, WRAP, *([None] * len(cycles)), TEXT]
    write_table(ws, headers, rows, styles=styles, widths=[22, 28, 60, *([22] * len(cycles)), 10],
                freeze_at="D1", title=title, note=w["note"])
