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

Labels, notes and the methodology are in :attr:`ComparisonData.locale` (:data:`WORDS` and :data:`METHOD_TEXTS`,
translated as ``workbook.compare`` and ``workbook.compare_method``), with that language's band and state words;
the caller gives titles, TA texts and categories in that language.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from openpyxl.chart import BarChart, Reference
from openpyxl.chart.data_source import NumFmt
from openpyxl.chart.text import RichText
from openpyxl.drawing.text import CharacterProperties, Paragraph, ParagraphProperties
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook

from exports.common import (
    BOLD_WRAP,
    INTEGER,
    NOTE,
    NUMBER,
    PERCENT,
    PROVISIONAL_NUMBER,
    PROVISIONAL_TEXT,
    TEXT,
    TITLE,
    WRAP,
    PageMarks,
    SheetWriter,
    Style,
    Styled,
    add_colours,
    band_rules,
    cell,
    csv_text,
    gap_scale,
    mark_pages,
    new_workbook,
    print_setup,
    row_ranges,
    set_widths,
    word_rules,
    write_table,
)
from questionnaires.translations import localized_words, unofficial_note, word, words_in
from questionnaires.words import BAND_WORDS
from scoring.region import ELEMENT_STATES, METHODS, Cell, Demand, ElementRow, Matrix, method_of

#: every label this workbook writes, in one place (for translations); with :data:`BAND_WORDS`,
#: :data:`ELEMENT_STATE_WORDS` and the :data:`METHODOLOGY` paragraphs
WORDS: dict[str, Any] = {
    "whose": "Comparison of members · {cycle}{where} · {which}",
    "what": "Self-assessed · not FATF ratings",
    "what_version": " · questionnaire {id}, version {version}",
    "what_versions": " · questionnaires {versions}",
    "made": "Made {when}",
    "validated": "validated results",
    "submitted": "validated and submitted results",
    # "&A", "&P" and "&N" are the sheet's name, the page and the number of pages
    "pages": "&A · page &P of &N",
    "title": "Comparison of members' self-assessment results, {cycle}",
    "subject": "Self-assessed core gaps and bands by member and section ({which}); not FATF ratings",
    "previous": "Core gap in {cycle}",
    "change": "Change since {cycle} (− = smaller gap)",
    "no_section": "not in its questionnaire version",
    "skipped": "not applicable: no question of this section applies to the member",
    "unanswered": "not answered yet",
    # a blank section with the member's own reasons for the questions it answered "not applicable"
    "not_applicable_because": "not applicable: {reasons}",
    "unanswered_and_not_applicable": "not answered yet; not applicable: {reasons}",
    "left_out_sheet": "Not included",
    "left_out_title": "Members not in this workbook, and why",
    "left_out_headers": ("Member", "Code", "Sub-region", "Why not included"),
    "left_out_note": "{count} member(s) not included: see the sheet 'Not included'.",
    "none_left_out": "Every member in scope is included.",
    "reasons": {
        "draft": "Draft: not submitted yet",
        "changes_requested": "Changes requested: the RSO asked for changes, no validated result yet",
        "submitted": "Submitted, not yet validated (this workbook shows validated results only)",
        "not_started": "Not started: no assessment for this cycle",
        "other_method": "Scored with another method: left out of the figures across members",
    },
    "module": "Module",
    "creator": "Legislative self-assessment toolkit",
    "note": "{cycle}{where}: {count} member(s), {which}. Self-assessed; bands are not FATF ratings. Generated {when}.",
    "one_method": "Figures from {method} results only.",
    "other_method": "Not included (another scoring method): {members}.",
    "provisional": "{band} (provisional)",
    "yes": "yes",
    "no": "no",
    "statuses": {"validated": "Validated", "submitted": "Submitted"},
    # sheets and their titles
    "sheet_matrix": "Matrix",
    "matrix_title": "Core gap by member and section",
    "sheet_bands": "Bands",
    "bands_title": "Band (self-assessed) by member and section",
    "sheet_elements": "Elements",
    "elements_title": "Elements most often missed (critical first) and each member's state",
    "sheet_demand": "TA demand",
    "demand_title": "Regional technical-assistance demand (most members first)",
    "sheet_chart": "Chart",
    "chart_sheet_title": "Average core gap by section",
    "chart_title": "Average core gap by section (0 = aligned, 100 = nothing in place)",
    "sheet_methodology": "Methodology",
    "methodology_title": "How to read this workbook",
    "provenance": "Questionnaire: {name}. Review status: {review}",
    # headers
    "matrix_headers": ("Member", "Code", "Sub-region", "Results", "Completeness", "Provisional", "Critical gaps",
                       "Scoring method", "Weakest section", "Sections by band (aligned · largely · partly · not)",
                       "Obligations gap", "Best case"),
    "overall_figure": "Overall {what}",
    "module_figure": "Module {what}",
    "core_gap_lower": "core gap",
    "band_lower": "band",
    "core_gap": "Core gap",
    "element_headers": ("Element", "Title", "Critical", "Members with a gap", "Assessed", "Share with a gap",
                        "Unknown", "Not applicable or skipped", "Precluded", "Not answered", "Met"),
    "demand_headers": ("Item", "Category", "Assistance", "Audience", "Members", "Summed priority", "Recommended",
                       "Requested"),
    "demand_last_headers": ("Training candidate in", "Members behind it"),
    "chart_headers": ("Section", "Average core gap", "Members", "Of which provisional"),
    # what the workbook calls a scoring version, and the questionnaires behind the figures
    "methods": dict(METHODS),
    "method_other": "Scoring version {version}",
    "questionnaire_version": "{title} ({id}), version {version}",
    "questionnaire_unknown": "{id}, version {version}",
    "not_available": "not available on this server",
}
#: fills of the member cells on the Elements grid, on the same scale as gaps (met blue, gap orange)
STATE_FILLS = {"Gap": "F4A582", "Met": "92C5DE", "Unknown": "FFF5CC"}
#: the element states those words stand for (the words of the workbook's language get the same fills)
STATE_KEYS = {"Gap": "gap", "Met": "met", "Unknown": "unknown"}
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
#: the Methodology sheet's paragraphs as a table, for translations (``workbook.compare_method``)
METHOD_TEXTS: dict[str, Any] = {"methodology": METHODOLOGY}


def compare_method_texts(locale: str = "en") -> dict[str, Any]:
    """:data:`METHOD_TEXTS` in ``locale``."""
    return localized_words(METHOD_TEXTS, "workbook.compare_method", locale)


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
    #: TA item id → its text in ``locale`` (the stored results keep the English one)
    item_texts: Mapping[str, str] = field(default_factory=dict)
    sub_region: str | None = None
    #: the questionnaire versions behind the results: (e.g. "Legislative framework (legislative_framework),
    #: version 1", its review status in words)
    questionnaires: Sequence[tuple[str, str]] = ()
    #: the language of the texts (titles, TA categories, questionnaire provenance) and of the unofficial note
    locale: str = "en"
    #: the scoring version that figures across members (Elements, TA demand, Chart) come from
    method: str | None = None
    #: members whose results come from another method, left out of those figures: (name, scoring version)
    left_out: Sequence[tuple[str, str]] = ()
    #: members in scope without a result here: (name, code, sub-region, why: a key of ``WORDS["reasons"]``)
    not_included: Sequence[tuple[str, str, str, str]] = ()
    #: the cycle before this one (e.g. "Cycle 2024"), and each member's overall core gap in it (code → gap)
    previous_cycle: str | None = None
    previous: Mapping[str, float | None] = field(default_factory=dict)
    #: (member code, section id) → the member's own reasons for the questions of that section it answered
    #: "not applicable" (e.g. "landlocked"), which explain a blank cell
    not_applicable: Mapping[tuple[str, str], Sequence[str]] = field(default_factory=dict)


def compare_words(locale: str = "en") -> dict[str, Any]:
    """:data:`WORDS` in ``locale`` (English where a label has no current translation)."""
    return localized_words(WORDS, "workbook.compare", locale)


def method_name(version: str | None, w: Mapping[str, Any] = WORDS) -> str:
    """What the workbook calls a scoring version (``Method 2``), in the language of ``w``."""
    return str(w["methods"].get(version or "") or w["method_other"].format(version=version))


def _band(code: str | None, provisional: bool = False, locale: str = "en") -> str:
    if not code:
        return ""
    band = word("band", code, locale) if code in BAND_WORDS else code
    return str(compare_words(locale)["provisional"]).format(band=band) if provisional else band


def _matrix_headers(matrix: Matrix, what: str, w: Mapping[str, Any] = WORDS) -> list[str]:
    first, rest = w["matrix_headers"][:4], w["matrix_headers"][4:]
    headline = w["module_figure" if matrix.module else "overall_figure"].format(what=what)
    return [*first, headline, *rest, *[c.title for c in matrix.columns]]


#: columns between "Critical gaps" and the sections
_METHOD_COLUMNS = 5


def _matrix_rows(matrix: Matrix, bands: bool, locale: str = "en") -> list[list[object]]:
    w = compare_words(locale)
    rows = []
    for row in matrix.rows:
        e, h = row.entry, row.headline
        head = (_band(h.band, h.provisional, locale) if bands else h.gap) if h else None
        cells = [(_band(c.band, c.provisional, locale) if bands else c.gap) if c else None
                 for c in (row.cells[col.id] for col in matrix.columns)]
        titles = {c.id: c.title for c in matrix.columns}
        rows.append([e.name, e.member, e.sub_region, w["statuses"].get(e.status, e.status), head,
                     h.completeness if h else None, (w["yes"] if h.provisional else w["no"]) if h else None,
                     h.critical_gaps if h else None, method_name(method_of(e), w),
                     titles.get(h.weakest, h.weakest) if h and h.weakest else None,
                     " · ".join(map(str, h.profile)) if h and h.profile else None,
                     h.obligations_gap if h else None, h.best_case_gap if h else None, *cells])
    return rows


def matrix_csv(matrix: Matrix) -> str:
    """The matrix as CSV: one row per member, core gaps as numbers."""
    return csv_text(_matrix_headers(matrix, WORDS["core_gap_lower"]), _matrix_rows(matrix, bands=False))


def _note(data: ComparisonData) -> str:
    unofficial = unofficial_note(data.locale)
    return (unofficial + " " if unofficial else "") + _plain_note(data)


def _plain_note(data: ComparisonData) -> str:
    w = compare_words(data.locale)
    which = w["validated"] if data.statuses == ("validated",) else w["submitted"]
    where = f", {data.sub_region}" if data.sub_region else ""
    left = " " + w["left_out_note"].format(count=len(data.not_included)) if data.not_included else ""
    return str(w["note"].format(cycle=data.cycle, where=where, count=len(data.matrix.rows), which=which,
                                    when=data.generated_at)) + left


def build_comparison_workbook(data: ComparisonData) -> Workbook:
    """The comparison workbook.

    :param data: the aggregates to show
    :returns: a workbook with the sheets Matrix, Bands, Elements, TA demand, Chart and Methodology
    """
    w = compare_words(data.locale)
    workbook = new_workbook()
    _matrix_sheet(workbook, data)
    _bands_sheet(workbook, data)
    _elements_sheet(workbook, data)
    _demand_sheet(workbook, data)
    _chart_sheet(workbook, data)
    _methodology_sheet(workbook, data)
    _not_included_sheet(workbook, data)
    which = w["validated"] if data.statuses == ("validated",) else w["submitted"]
    workbook.properties.title = w["title"].format(cycle=data.cycle)
    workbook.properties.subject = w["subject"].format(which=which)
    workbook.properties.creator = w["creator"]
    workbook.properties.keywords = "self-assessed; Bali Process; comparison"
    mark_pages(workbook, PageMarks(
        whose=w["whose"].format(cycle=data.cycle, where=f", {data.sub_region}" if data.sub_region else "",
                                    which=which),
        what=w["what"] + _versions(data),
        made=w["made"].format(when=data.generated_at), pages=w["pages"]))
    return workbook


#: a change: with its sign, so that a closing gap reads "−3.5"
SIGNED = Style(alignment=Alignment(vertical="top"), number_format="+0.0;−0.0;0.0")
#: how a blank figure is explained (grey italic, in place of the number)
BLANK = Style(font=Font(italic=True, color="595959", size=9), alignment=Alignment(vertical="top", wrap_text=True))


#: a member's reason is cut to this many characters in a cell
REASON_CHARS = 100


def _blank_words(figure: Cell | None, reasons: Sequence[str] = (), w: Mapping[str, Any] = WORDS) -> str:
    """Why a member has no figure for a section: in the member's own words where it answered questions of the
    section "not applicable" with a reason (``w``: the workbook's labels in its language)."""
    if figure is None:
        return str(w["no_section"])
    # nothing applies (completeness has nothing to count) or something is not answered yet
    nothing_applies = figure.completeness is None
    if reasons:
        said = "; ".join(r if len(r) <= REASON_CHARS else r[:REASON_CHARS - 1].rstrip() + "…" for r in reasons)
        key = "not_applicable_because" if nothing_applies else "unanswered_and_not_applicable"
        return str(w[key].format(reasons=said))
    return str(w["skipped"] if nothing_applies else w["unanswered"])


def _styled_figures(matrix: Matrix, rows: list[list[object]], provisional_style: Style,
                    not_applicable: Mapping[tuple[str, str], Sequence[str]],
                    w: Mapping[str, Any] = WORDS) -> dict[int, list[int]]:
    """Give the provisional headline and section figures of ``rows`` the neutral provisional style and explain
    blank ones in words (in place); returns, per column index, the data rows (0-based) whose figure is final and
    so coloured."""
    first = 8 + _METHOD_COLUMNS  # 0-based index of the first section column
    final: dict[int, list[int]] = {}
    for index, (row, values) in enumerate(zip(matrix.rows, rows, strict=True)):
        figures = [(4, row.headline, ""), *((first + n, row.cells[c.id], c.id) for n, c in enumerate(matrix.columns))]
        for column, figure, column_id in figures:
            if figure is None or values[column] in (None, ""):  # no gap (Matrix) or no band (Bands)
                reasons = not_applicable.get((row.entry.member, column_id), ()) if column_id else ()
                values[column] = Styled(_blank_words(figure, reasons, w), BLANK)
            elif figure.provisional:
                values[column] = Styled(values[column], provisional_style)
            else:
                final.setdefault(column, []).append(index)
    return final


def _groups(matrix: Matrix) -> list[str | None]:
    """The row above the matrix's header: each section column's module."""
    titles = dict(matrix.modules)
    return [None] * (8 + _METHOD_COLUMNS) + [titles.get(c.module, c.module) if c.kind == "section" else None
                                             for c in matrix.columns]


def _wide(matrix: Matrix) -> dict[str, Any]:
    """Print settings of the member × section grids: with more than a few sections, A3 pages across at a readable
    scale, each repeating the member's name (fitted to one page, a full questionnaire's grid is unreadably small)."""
    return {"paper": "A3", "title_columns": "A:A"} if len(matrix.columns) > 6 else {}


def _matrix_sheet(workbook: Workbook, data: ComparisonData) -> None:
    w = compare_words(data.locale)
    ws = workbook.create_sheet(w["sheet_matrix"])
    matrix = data.matrix
    headers = _matrix_headers(matrix, w["core_gap_lower"], w)
    rows = _matrix_rows(matrix, bands=False, locale=data.locale)
    final = _styled_figures(matrix, rows, PROVISIONAL_NUMBER, data.not_applicable, w)
    styles = [TEXT, TEXT, TEXT, TEXT, NUMBER, PERCENT, TEXT, INTEGER, TEXT, WRAP, TEXT, NUMBER, NUMBER,
              *([NUMBER] * len(matrix.columns))]
    # figure columns fit "100.0 (provisional)"
    widths = [28, 8, 16, 11, 19, 13, 11, 9, 11, 18, 14, 11, 9, *([19] * len(matrix.columns))]
    groups = _groups(matrix)
    if data.previous_cycle:
        # the overall core gap a cycle earlier, and the change since (negative: the gap closed)
        headers += [w["previous"].format(cycle=data.previous_cycle),
                    w["change"].format(cycle=data.previous_cycle)]
        for row, values in zip(matrix.rows, rows, strict=True):
            before = data.previous.get(row.entry.member)
            now = row.headline.gap if row.headline else None
            values += [before, round(now - before, 1) if before is not None and now is not None else None]
        styles += [NUMBER, SIGNED]
        widths += [12, 14]
        groups += [None, None]
    header_row = write_table(ws, headers, rows, styles=styles, widths=widths, freeze_at="E",
                             title=w["matrix_title"], note=_note(data), groups=groups,
                             **_wide(matrix))
    first = header_row + 1
    for column, found in final.items():
        letter = get_column_letter(column + 1)
        add_colours(ws, row_ranges(letter, (first + i for i in found)), [gap_scale()])
    if rows:  # the obligations gap and the best case are never provisional figures of their own
        for letter in ("L", "M"):
            add_colours(ws, f"{letter}{first}:{letter}{header_row + len(rows)}", [gap_scale()])


def _bands_sheet(workbook: Workbook, data: ComparisonData) -> None:
    w = compare_words(data.locale)
    ws = workbook.create_sheet(w["sheet_bands"])
    matrix = data.matrix
    rows = _matrix_rows(matrix, bands=True, locale=data.locale)
    final = _styled_figures(matrix, rows, PROVISIONAL_TEXT, data.not_applicable, w)
    widths = [28, 8, 16, 11, 16, 13, 11, 9, 11, 18, 14, 11, 9, *([16] * len(matrix.columns))]
    header_row = write_table(ws, _matrix_headers(matrix, w["band_lower"], w), rows,
                             styles=[TEXT, TEXT, TEXT, TEXT, WRAP, PERCENT, TEXT, INTEGER, TEXT, WRAP, TEXT, NUMBER,
                                     NUMBER, *([WRAP] * len(matrix.columns))],
                             widths=widths, freeze_at="E", title=w["bands_title"],
                             note=_note(data), groups=_groups(matrix), **_wide(matrix))
    first = header_row + 1
    for column, found in final.items():
        letter = get_column_letter(column + 1)
        add_colours(ws, row_ranges(letter, (first + i for i in found)),
                    band_rules(f"{letter}{first + min(found)}", words_in("band", data.locale)))


def _one_method_note(data: ComparisonData) -> str:
    """The note of a sheet of figures across members: which method they come from, and who is left out."""
    w = compare_words(data.locale)
    note: str = _note(data)
    if data.method is None:
        return note
    note += " " + w["one_method"].format(method=method_name(data.method, w))
    if data.left_out:
        note += " " + w["other_method"].format(members=", ".join(
            f"{name} ({method_name(version, w)})" for name, version in data.left_out))
    return note


def _elements_sheet(workbook: Workbook, data: ComparisonData) -> None:
    w = compare_words(data.locale)
    ws = workbook.create_sheet(w["sheet_elements"])
    states = words_in("element_state", data.locale)
    members = [row.entry for row in data.matrix.rows if data.method is None or method_of(row.entry) == data.method]
    headers = [*w["element_headers"], *[f"{e.name} ({e.member})" for e in members]]
    rows = []
    for r in data.elements:
        state_of = {code: state for state in ELEMENT_STATES for code in r.members.get(state, ())}
        rows.append([r.id, data.element_titles.get(r.id, ""), w["yes"] if r.critical else w["no"], r.gaps,
                     r.assessed, r.share, r.count("unknown"), r.count("not_applicable") + r.count("skipped"),
                     r.count("precluded"), r.count("unanswered"), r.count("met"),
                     *[states.get(state_of.get(e.member, ""), "") for e in members]])
    # member cells unstyled: with hundreds of members they are most of the workbook's cells, so their
    # columns carry the top alignment instead (cells without a style of their own take their column's)
    fixed = [TEXT, WRAP, TEXT, INTEGER, INTEGER, PERCENT, INTEGER, INTEGER, INTEGER, INTEGER, INTEGER]
    styles = [*fixed, *([None] * len(members))]
    id_width = max([9, *(len(r.id) + 2 for r in data.elements)])  # ids whole: a cut one cannot be found again
    widths = [id_width, 48, 8, 10, 9, 10, 9, 11, 9, 9, 8, *([14] * len(members))]
    top = Alignment(vertical="top")
    for column in range(len(fixed) + 1, len(fixed) + len(members) + 1):
        ws.column_dimensions[get_column_letter(column)].alignment = top
    header_row = write_table(ws, headers, rows, styles=styles, widths=widths, freeze_at="C",
                             title=w["elements_title"],
                             note=_one_method_note(data))
    if rows and members:
        first = get_column_letter(len(fixed) + 1)
        last = get_column_letter(len(fixed) + len(members))
        add_colours(ws, f"{first}{header_row + 1}:{last}{header_row + len(rows)}",
                    word_rules(f"{first}{header_row + 1}",
                               {states[STATE_KEYS[words]]: fill for words, fill in STATE_FILLS.items()}))


def _demand_sheet(workbook: Workbook, data: ComparisonData) -> None:
    w = compare_words(data.locale)
    ws = workbook.create_sheet(w["sheet_demand"])
    demand = data.demand
    sub_regions = sorted({sr for item in demand.items for sr in item.by_sub_region})
    training: dict[str, list[str]] = {}
    for candidate in demand.training:
        training.setdefault(candidate.item.id, []).append(candidate.sub_region)
    headers = [*w["demand_headers"], *sub_regions, *w["demand_last_headers"]]
    audiences = words_in("audience", data.locale)
    rows = []
    for item in demand.items:
        rows.append([item.id, data.categories.get(item.category or "", item.category or ""),
                     data.item_texts.get(item.id, item.text),
                     ", ".join(audiences.get(a, a) for a in item.audience), item.count, item.priority,
                     len(item.recommended),
                     len(item.self_requested), *[len(item.by_sub_region.get(sr, ())) for sr in sub_regions],
                     ", ".join(training.get(item.id, [])), ", ".join(data.names.get(c, c) for c in item.members)])
    styles = [TEXT, WRAP, WRAP, WRAP, INTEGER, NUMBER, INTEGER, INTEGER, *([INTEGER] * len(sub_regions)), WRAP, WRAP]
    id_width = max([12, *(len(item.id) + 2 for item in demand.items)])
    widths = [id_width, 22, 50, 22, 9, 10, 12, 10, *([12] * len(sub_regions)), 20, 60]
    write_table(ws, headers, rows, styles=styles, widths=widths, freeze_at="C",
                title=w["demand_title"], note=_one_method_note(data))


def _chart_sheet(workbook: Workbook, data: ComparisonData) -> None:
    w = compare_words(data.locale)
    ws = workbook.create_sheet(w["sheet_chart"])
    matrix = data.matrix
    print_setup(ws)
    ws.page_setup.fitToHeight = 1  # the table and the chart beside it on one page
    set_widths(ws, [40, 16, 12, 14])
    ws.append([cell(ws, w["chart_sheet_title"], TITLE)])
    ws.append([cell(ws, _one_method_note(data), NOTE)])
    ws.append([cell(ws, words, BOLD_WRAP) for words in w["chart_headers"]])
    count = 0
    same_method = [data.method is None or method_of(row.entry) == data.method for row in matrix.rows]
    for column in matrix.columns:
        figures = [c for c, keep in zip(matrix.column_cells(column.id), same_method, strict=True)
                   if keep and c is not None and c.gap is not None]
        if not figures:
            continue
        gaps = [c.gap for c in figures if c.gap is not None]
        # how many of the averaged figures are provisional (completeness below the threshold)
        ws.append([cell(ws, column.title, TEXT), cell(ws, round(sum(gaps) / len(gaps), 1), NUMBER),
                   cell(ws, len(gaps), INTEGER), cell(ws, sum(1 for c in figures if c.provisional), INTEGER)])
        count += 1
    if count:
        chart = BarChart()
        chart.type = "bar"
        chart.title = w["chart_title"]
        chart.y_axis.title = w["core_gap"]
        chart.y_axis.scaling.min = 0
        chart.y_axis.scaling.max = 100
        chart.legend = None
        chart.x_axis.scaling.orientation = "maxMin"  # sections top to bottom in questionnaire order
        chart.x_axis.delete = False
        chart.y_axis.delete = False
        chart.y_axis.majorUnit = 25
        chart.y_axis.numFmt = NumFmt(formatCode="0", sourceLinked=False)
        # every section's label on a line of its own: small text, and a bar's height of room for each
        small = RichText(p=[Paragraph(pPr=ParagraphProperties(defRPr=CharacterProperties(sz=800)),
                                      endParaRPr=CharacterProperties(sz=800))])
        chart.x_axis.txPr = small
        chart.x_axis.title = None
        chart.gapWidth = 60
        chart.height = max(8.0, 0.85 * count + 4)
        chart.width = 24
        chart.add_data(Reference(ws, min_col=2, min_row=3, max_row=3 + count), titles_from_data=True)
        chart.set_categories(Reference(ws, min_col=1, min_row=4, max_row=3 + count))
        ws.add_chart(chart, "F3")


def _versions(data: ComparisonData) -> str:
    """The questionnaire versions behind the figures, for the page header."""
    w = compare_words(data.locale)
    found = sorted({(row.entry.questionnaire_id, row.entry.questionnaire_version) for row in data.matrix.rows})
    if len(found) == 1:
        return str(w["what_version"].format(id=found[0][0], version=found[0][1]))
    return str(w["what_versions"].format(versions=", ".join(f"{i} v{v}" for i, v in found))) if found else ""


def _not_included_sheet(workbook: Workbook, data: ComparisonData) -> None:
    """Every member in scope without a result in this workbook, and why."""
    w = compare_words(data.locale)
    ws = workbook.create_sheet(w["left_out_sheet"])
    rows = [[name, code, sub_region, w["reasons"].get(reason, reason)]
            for name, code, sub_region, reason in data.not_included]
    rows += [[name, "", "", f'{w["reasons"]["other_method"]} ({method_name(version, w)})']
             for name, version in data.left_out]
    name_width = min(50, max([20, *(len(row[0]) + 2 for row in rows)]))
    write_table(ws, list(w["left_out_headers"]), rows, widths=[name_width, 8, 18, 80],
                styles=[WRAP, TEXT, TEXT, WRAP],
                title=w["left_out_title"], note=None if rows else w["none_left_out"])


def _methodology_sheet(workbook: Workbook, data: ComparisonData) -> None:
    w = compare_words(data.locale)
    ws = workbook.create_sheet(w["sheet_methodology"])
    print_setup(ws)
    out = SheetWriter(ws, [110])
    out.append([w["methodology_title"]], TITLE, height=22)
    out.spanning(_note(data), NOTE.changed(alignment=Alignment(vertical="top", wrap_text=True)), 1)
    for paragraph in compare_method_texts(data.locale)["methodology"]:
        out.append([paragraph], WRAP)  # as tall as its wrapped text (LibreOffice keeps one line otherwise)
    for name, review in data.questionnaires:
        out.append([w["provenance"].format(name=name, review=review)], WRAP)
