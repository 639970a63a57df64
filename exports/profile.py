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
from questionnaires.words import ASSESSMENT_STATUS_WORDS, band_in_words
from scoring.capacity import Finding, LawRow, ProfileTable

#: the columns before the cycles
LEAD = ["Part", "Section", "Row"]
TREND_WORDS = {"up": "up", "down": "down", "same": "the same"}
NOTE = ("Self-assessed: the bands come from the member's own answers and are this toolkit's words, not FATF "
        "ratings. The figures are the member's own, never scored. \"Not collected\": the member keeps no such "
        "figure; \"not asked\": that cycle's questionnaire did not ask.")


@dataclass(frozen=True)
class ProfileSheet:
    """What the sheet shows: the member's cycles (``(code, status)``, oldest first), the law and the practice."""

    cycles: Sequence[tuple[str, str]]
    law: Sequence[LawRow]
    practice: ProfileTable
    findings: Sequence[Finding] = field(default_factory=tuple)


def _law_cell(cell: Any) -> str:
    if cell is None:
        return "not in this version"
    if not cell.band:
        return "no band"
    return f"{band_in_words(cell.band, cell.provisional)} ({cell.gap:.1f})" if cell.gap is not None \
        else band_in_words(cell.band, cell.provisional)


def write_profile_sheet(ws: Any, sheet: ProfileSheet, title: str) -> None:
    """Write the "Profile" table (law rows, then practice rows by section, then the figures to check)."""
    cycles = [f"{code} ({ASSESSMENT_STATUS_WORDS.get(status, status)})" for code, status in sheet.cycles]
    headers = [*LEAD, *cycles, "Trend"]
    rows: list[list[Any]] = []
    for row in sheet.law:
        level = "" if row.kind == "overall" else ("Module" if row.kind == "module" else "Section")
        rows.append(["Law: band (core gap)", level, row.title, *[_law_cell(c) for c in row.cells], ""])
    years = sheet.practice.years
    if any(years):
        rows.append(["Capacity and practice", "", "Year the figures cover", *[y or "" for y in years], ""])
    for section in sheet.practice.sections:
        for figure in section.rows:
            if figure.kind == "year":
                continue
            cells = [c.value if c.state == "reported" and figure.kind == "figure" else c.words for c in figure.cells]
            rows.append(["Capacity and practice", section.title, figure.text, *cells,
                         TREND_WORDS.get(figure.trend or "", "")])
    newest = sheet.cycles[-1][0] if sheet.cycles else ""
    for finding in sheet.findings:
        rows.append([f"Figures to check ({newest})", "", finding.message, *([""] * len(cycles)), ""])
    styles = [TEXT, WRAP, WRAP, *([None] * len(cycles)), TEXT]
    write_table(ws, headers, rows, styles=styles, widths=[22, 28, 60, *([22] * len(cycles)), 10],
                freeze_at="D1", title=title, note=NOTE)
