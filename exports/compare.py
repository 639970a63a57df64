"""The comparison workbook (for RSO staff) and the matrix as CSV.

Contract: :func:`build_comparison_workbook` turns the regional aggregates of :mod:`scoring.region` (a
matrix, the elements most often missed and the TA demand, all from stored results) into an openpyxl
``Workbook`` with the sheets Matrix (core gaps as numbers, a colour scale as a second cue), Bands (the band
word of every cell), Elements (element × member states), TA demand, Chart (average core gap by section, a
native bar chart) and Methodology. :func:`matrix_csv` writes the matrix as CSV. Text that a spreadsheet
program would read as a formula stays text (:mod:`exports.common`). Imports neither Flask nor SQLAlchemy.

Each matrix row says which scoring method its figures come from and, for method 2, the weakest section, the
profile of section bands, the obligations gap and the best case. Figures across members (Elements, TA
demand, the Chart's averages) come from one method only (:attr:`ComparisonData.method`); the members
scored by another are named on those sheets, never folded in.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from openpyxl.chart import BarChart, Reference
from openpyxl.formatting.rule import ColorScaleRule
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook

from exports.common import (
    BOLD_WRAP,
    INTEGER,
    NOTE,
    NUMBER,
    PERCENT,
    TEXT,
    TITLE,
    WRAP,
    SheetWriter,
    cell,
    csv_text,
    new_workbook,
    print_setup,
    set_widths,
    write_table,
)
from questionnaires.translations import unofficial_note
from questionnaires.words import band_in_words
from scoring.region import ELEMENT_STATES, Demand, ElementRow, Matrix, method_name, method_of

BAND_WORDS = {"aligned": "Aligned", "largely_aligned": "Largely aligned", "partly_aligned": "Partly aligned",
              "not_aligned": "Not aligned"}
STATE_WORDS = {"gap": "Gap", "met": "Met", "unknown": "Unknown", "not_applicable": "Not applicable",
               "precluded": "Precluded", "unanswered": "Not answered", "skipped": "Skipped"}
#: colour scale of gap cells: low gaps blue, middle pale yellow, high gaps orange-red (readable for
#: colour-blind readers, and never the only cue: the number is always there)
SCALE = ("D6ECF5", "FFF5CC", "F4A582")
METHODOLOGY = (
    "Every figure is a member's stored, self-assessed result: the result kept with the submitted snapshot, or "
    "with the validated one for validated assessments (a reopened assessment keeps its validated result). "
    "Nothing is recomputed from drafts, and drafts are never included.",
    "Core gap = 100 × (1 − score), where the score pools the questions of mandatory, qualified-mandatory and "
    "FATF-standard level with their weights; 0 means every such element is in place, 100 that none is.",
    "Bands (Aligned, Largely aligned, Partly aligned, Not aligned) are this toolkit's own words, from the "
    "questionnaire's thresholds; they are not FATF ratings and not a rating by any assessment body. A critical "
    "gap caps its section at Partly aligned. \"Provisional\" means completeness is below the threshold.",
    "Completeness = (answered + unknown) ÷ scored questions that are not skipped, not applicable or precluded.",
    "Method 2 (questionnaire version 2 onwards) rates sections on their own: a critical question that binds the "
    "member and is not met, unknown or unanswered holds its section at Partly aligned at best; a module's and the "
    "overall band is the band of its weakest section (the profile counts sections per band: aligned · largely · "
    "partly · not aligned); unanswered questions score 0 and completeness = answered ÷ applicable; the obligations "
    "gap counts only what binds the member (FATF, treaties it is party to); the best case is the gap if every "
    "unknown and unanswered question were met. Figures across members never mix methods.",
    "Elements: a member has a gap on an element when its answers fall short of full alignment. Unknown, not "
    "applicable, precluded, not answered and skipped are counted apart and never as gaps.",
    "TA demand: catalogue items called for by members' answers (recommended) or asked for by focal points "
    "(requested). Summed priority adds each member's priority (weight × gap, doubled for critical questions). "
    "A regional training candidate is an item needed by several members of one sub-region.",
    "Sub-regions are an RSO convenience for planning regional training, not an official classification.",
)


@dataclass(frozen=True)
class ComparisonData:
    """Everything the workbook shows; built by the application from stored results."""

    #: e.g. "Cycle 2026"
    cycle: str
    #: which results: e.g. ("validated",) or ("validated", "submitted")
    statuses: tuple[str, ...]
    generated_at: str
    matrix: Matrix
    elements: Sequence[ElementRow]
    demand: Demand
    #: member code → name
    names: Mapping[str, str]
    #: element id → title
    element_titles: Mapping[str, str] = field(default_factory=dict)
    #: category id → title
    categories: Mapping[str, str] = field(default_factory=dict)
    sub_region: str | None = None
    #: the questionnaire versions behind the results: (e.g. "Legislative framework (legislative_framework),
    #: version 1", its review status in words)
    questionnaires: Sequence[tuple[str, str]] = ()
    #: the language of the texts and band words
    locale: str = "en"
    #: the scoring version that figures across members (Elements, TA demand, Chart) come from
    method: str | None = None
    #: members whose results come from another method, left out of those figures: (name, scoring version)
    left_out: Sequence[tuple[str, str]] = ()


def _band(code: str | None, provisional: bool = False, locale: str = "en") -> str:
    if not code:
        return ""
    return band_in_words(code, provisional, locale)


def _matrix_headers(matrix: Matrix, what: str) -> list[str]:
    first = "Module" if matrix.module else "Overall"
    return ["Member", "Code", "Sub-region", "Results", f"{first} {what}", "Completeness", "Provisional",
            "Critical gaps", "Scoring method", "Weakest section", "Sections by band (aligned · largely · partly · "
            "not)", "Obligations gap", "Best case", *[c.title for c in matrix.columns]]


#: columns between "Critical gaps" and the sections
_METHOD_COLUMNS = 5


def _matrix_rows(matrix: Matrix, bands: bool, locale: str = "en") -> list[list[object]]:
    rows = []
    for row in matrix.rows:
        e, h = row.entry, row.headline
        head = (_band(h.band, h.provisional, locale) if bands else h.gap) if h else None
        cells = [(_band(c.band, c.provisional, locale) if bands else c.gap) if c else None
                 for c in (row.cells[col.id] for col in matrix.columns)]
        titles = {c.id: c.title for c in matrix.columns}
        rows.append([e.name, e.member, e.sub_region, e.status.capitalize(), head,
                     h.completeness if h else None, ("yes" if h.provisional else "no") if h else None,
                     h.critical_gaps if h else None, method_name(method_of(e)),
                     titles.get(h.weakest, h.weakest) if h and h.weakest else None,
                     " · ".join(map(str, h.profile)) if h and h.profile else None,
                     h.obligations_gap if h else None, h.best_case_gap if h else None, *cells])
    return rows


def matrix_csv(matrix: Matrix) -> str:
    """The matrix as CSV: one row per member, core gaps as numbers."""
    return csv_text(_matrix_headers(matrix, "core gap"), _matrix_rows(matrix, bands=False))


def _note(data: ComparisonData) -> str:
    unofficial = unofficial_note(data.locale)
    return (unofficial + " " if unofficial else "") + _plain_note(data)


def _plain_note(data: ComparisonData) -> str:
    which = "validated results" if data.statuses == ("validated",) else "validated and submitted results"
    where = f", {data.sub_region}" if data.sub_region else ""
    return (f"{data.cycle}{where}: {len(data.matrix.rows)} member(s), {which}. Self-assessed; bands are not FATF "
            f"ratings. Generated {data.generated_at}.")


def build_comparison_workbook(data: ComparisonData) -> Workbook:
    """The comparison workbook.

    :param data: the aggregates to show
    :returns: a workbook with the sheets Matrix, Bands, Elements, TA demand, Chart and Methodology
    """
    workbook = new_workbook()
    _matrix_sheet(workbook, data)
    _bands_sheet(workbook, data)
    _elements_sheet(workbook, data)
    _demand_sheet(workbook, data)
    _chart_sheet(workbook, data)
    _methodology_sheet(workbook, data)
    return workbook


def _matrix_sheet(workbook: Workbook, data: ComparisonData) -> None:
    ws = workbook.create_sheet("Matrix")
    matrix = data.matrix
    headers = _matrix_headers(matrix, "core gap")
    rows = _matrix_rows(matrix, bands=False)
    styles = [TEXT, TEXT, TEXT, TEXT, NUMBER, PERCENT, TEXT, INTEGER, TEXT, WRAP, TEXT, NUMBER, NUMBER,
              *([NUMBER] * len(matrix.columns))]
    widths = [28, 8, 16, 11, 10, 13, 11, 9, 11, 18, 14, 11, 9, *([14] * len(matrix.columns))]
    header_row = write_table(ws, headers, rows, styles=styles, widths=widths, freeze_at="E",
                             title="Core gap by member and section", note=_note(data))
    if rows:
        first, last = header_row + 1, header_row + len(rows)
        sections = 9 + _METHOD_COLUMNS
        for column in [5, 12, 13, *range(sections, sections + len(matrix.columns))]:
            letter = get_column_letter(column)
            ws.conditional_formatting.add(f"{letter}{first}:{letter}{last}", ColorScaleRule(
                start_type="num", start_value=0, start_color=SCALE[0], mid_type="num", mid_value=50,
                mid_color=SCALE[1], end_type="num", end_value=100, end_color=SCALE[2]))


def _bands_sheet(workbook: Workbook, data: ComparisonData) -> None:
    ws = workbook.create_sheet("Bands")
    matrix = data.matrix
    widths = [28, 8, 16, 11, 16, 13, 11, 9, 11, 18, 14, 11, 9, *([16] * len(matrix.columns))]
    write_table(ws, _matrix_headers(matrix, "band"), _matrix_rows(matrix, bands=True, locale=data.locale),
                styles=[TEXT, TEXT, TEXT, TEXT, TEXT, PERCENT, TEXT, INTEGER, TEXT, WRAP, TEXT, NUMBER, NUMBER,
                        *([TEXT] * len(matrix.columns))],
                widths=widths, freeze_at="E", title="Band (self-assessed) by member and section", note=_note(data))


def _one_method_note(data: ComparisonData) -> str:
    """The note of a sheet of figures across members: which method they come from, and who is left out."""
    note = _note(data)
    if data.method is None:
        return note
    note += f" Figures from {method_name(data.method)} results only."
    if data.left_out:
        note += " Not included (another scoring method): " + ", ".join(
            f"{name} ({method_name(version)})" for name, version in data.left_out) + "."
    return note


def _elements_sheet(workbook: Workbook, data: ComparisonData) -> None:
    ws = workbook.create_sheet("Elements")
    members = [row.entry for row in data.matrix.rows if data.method is None or method_of(row.entry) == data.method]
    headers = ["Element", "Title", "Critical", "Members with a gap", "Assessed", "Share with a gap", "Unknown",
               "Not applicable or skipped", "Precluded", "Not answered", "Met",
               *[f"{e.name} ({e.member})" for e in members]]
    rows = []
    for r in data.elements:
        state_of = {code: state for state in ELEMENT_STATES for code in r.members.get(state, ())}
        rows.append([r.id, data.element_titles.get(r.id, ""), "yes" if r.critical else "no", r.gaps, r.assessed,
                     r.share, r.count("unknown"), r.count("not_applicable") + r.count("skipped"),
                     r.count("precluded"), r.count("unanswered"), r.count("met"),
                     *[STATE_WORDS.get(state_of.get(e.member, ""), "") for e in members]])
    # member cells unstyled: with hundreds of members they are most of the workbook's cells, so their
    # columns carry the top alignment instead (cells without a style of their own take their column's)
    fixed = [TEXT, WRAP, TEXT, INTEGER, INTEGER, PERCENT, INTEGER, INTEGER, INTEGER, INTEGER, INTEGER]
    styles = [*fixed, *([None] * len(members))]
    widths = [9, 48, 8, 10, 9, 10, 9, 11, 9, 9, 8, *([14] * len(members))]
    top = Alignment(vertical="top")
    for column in range(len(fixed) + 1, len(fixed) + len(members) + 1):
        ws.column_dimensions[get_column_letter(column)].alignment = top
    write_table(ws, headers, rows, styles=styles, widths=widths, freeze_at="C",
                title="Elements most often missed (critical first) and each member's state",
                note=_one_method_note(data))


def _demand_sheet(workbook: Workbook, data: ComparisonData) -> None:
    ws = workbook.create_sheet("TA demand")
    demand = data.demand
    sub_regions = sorted({sr for item in demand.items for sr in item.by_sub_region})
    training: dict[str, list[str]] = {}
    for candidate in demand.training:
        training.setdefault(candidate.item.id, []).append(candidate.sub_region)
    headers = ["Item", "Category", "Assistance", "Audience", "Members", "Summed priority", "Recommended",
               "Requested", *sub_regions, "Training candidate in", "Members behind it"]
    rows = []
    for item in demand.items:
        rows.append([item.id, data.categories.get(item.category or "", item.category or ""), item.text,
                     ", ".join(item.audience), item.count, item.priority, len(item.recommended),
                     len(item.self_requested), *[len(item.by_sub_region.get(sr, ())) for sr in sub_regions],
                     ", ".join(training.get(item.id, [])), ", ".join(data.names.get(c, c) for c in item.members)])
    styles = [TEXT, WRAP, WRAP, WRAP, INTEGER, NUMBER, INTEGER, INTEGER, *([INTEGER] * len(sub_regions)), WRAP, WRAP]
    widths = [22, 22, 50, 22, 9, 10, 12, 10, *([12] * len(sub_regions)), 20, 60]
    write_table(ws, headers, rows, styles=styles, widths=widths, freeze_at="C",
                title="Regional technical-assistance demand (most members first)", note=_one_method_note(data))


def _chart_sheet(workbook: Workbook, data: ComparisonData) -> None:
    ws = workbook.create_sheet("Chart")
    matrix = data.matrix
    print_setup(ws)
    ws.page_setup.fitToHeight = 1  # the table and the chart beside it on one page
    set_widths(ws, [40, 16, 12])
    ws.append([cell(ws, "Average core gap by section", TITLE)])
    ws.append([cell(ws, _one_method_note(data), NOTE)])
    ws.append([cell(ws, "Section", BOLD_WRAP), cell(ws, "Average core gap", BOLD_WRAP),
               cell(ws, "Members", BOLD_WRAP)])
    count = 0
    same_method = [data.method is None or method_of(row.entry) == data.method for row in matrix.rows]
    for column in matrix.columns:
        gaps = [c.gap for c, keep in zip(matrix.column_cells(column.id), same_method, strict=True)
                if keep and c is not None and c.gap is not None]
        if not gaps:
            continue
        ws.append([cell(ws, column.title, TEXT), cell(ws, round(sum(gaps) / len(gaps), 1), NUMBER),
                   cell(ws, len(gaps), INTEGER)])
        count += 1
    if count:
        chart = BarChart()
        chart.type = "bar"
        chart.title = "Average core gap by section (0 = aligned, 100 = nothing in place)"
        chart.y_axis.title = "Core gap"
        chart.y_axis.scaling.min = 0
        chart.y_axis.scaling.max = 100
        chart.x_axis.title = "Section"
        chart.legend = None
        chart.x_axis.scaling.orientation = "maxMin"  # sections top to bottom in questionnaire order
        chart.height = max(8.0, 0.6 * count + 3)
        chart.width = 22
        chart.add_data(Reference(ws, min_col=2, min_row=3, max_row=3 + count), titles_from_data=True)
        chart.set_categories(Reference(ws, min_col=1, min_row=4, max_row=3 + count))
        ws.add_chart(chart, "E3")


def _methodology_sheet(workbook: Workbook, data: ComparisonData) -> None:
    ws = workbook.create_sheet("Methodology")
    print_setup(ws)
    out = SheetWriter(ws, [110])
    out.append(["How to read this workbook"], TITLE, height=22)
    out.spanning(_note(data), NOTE.but(alignment=Alignment(vertical="top", wrap_text=True)), 1)
    for paragraph in METHODOLOGY:
        out.append([paragraph], WRAP)  # as tall as its wrapped text (LibreOffice keeps one line otherwise)
    for name, review in data.questionnaires:
        out.append([f"Questionnaire: {name}. Review status: {review}"], WRAP)
