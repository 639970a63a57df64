"""The results workbook: one member's gap scores, answers, elements, TA plan and method, for Excel.

Contract: :func:`build_results_workbook` is a pure function of a result document (from
:func:`scoring.engine.score` or a stored snapshot), the answers it was computed from and a few words about
where the numbers come from. It returns an unsaved write-only :class:`openpyxl.Workbook` with the sheets

- **Summary**: member, cycle, status, questionnaire version and its review status, where the numbers come
  from; the core, beyond-minimum and if-bills-pass gaps, the band (marked self-assessed, and provisional
  where incomplete), completeness and critical gaps; tables by module and by section with conditional
  formatting on gaps and bands, and a native bar chart of the section gaps;
- **Answers**: every question (scored or not) with its module, section, element ids, sources, the answer in
  words, citations, comment, justification, TA request, state, score and weight;
- **What it would take** (method 2 only): per section its band, the next band, the answers it needs fully met
  and the critical questions holding it down, the obligations gap and the best case;
- **By standard** (when the caller gives ``standards``): the answers read by treaty article and FATF
  Recommendation with the ratings on record beside them (:mod:`exports.standards`);
- **Elements** (each with the address of its element page, when the caller gives ``element_url``), **TA plan**
  (priority order, with the elements each item concerns and the resources that serve them) and **Methodology**
  (every scoring parameter and the versions).

Method 2 results (``scoring_version`` "2.0") also show, on the Summary, the overall and module bands as
their weakest section's with the profile of section bands, the obligations gap, the best case and the
unknown and unanswered counts.

Numbers are numbers (gaps, scores, weights, percentages), texts are written with
:mod:`exports.common` so that nothing a person typed becomes a formula, and the workbook holds no
formulas; its only links are the element page addresses (http or https). Every table sheet has a frozen
header, a filter, fitting widths and a landscape print setup fitted to the page width with the header
repeated. The workbook can be saved once (write-only mode streams each sheet; charts, conditional formatting
and filters are written at save time, so the Summary needs no normal-mode sheet either). The caller saves it
(``wb.save(stream)``). No Flask, no SQLAlchemy.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from openpyxl.chart import BarChart, Reference
from openpyxl.chart.label import DataLabelList
from openpyxl.formatting.rule import ColorScaleRule, Rule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.styles.differential import DifferentialStyle
from openpyxl.workbook import Workbook
from openpyxl.worksheet.pagebreak import Break

from exports.common import (
    BOLD_WRAP,
    DECIMAL,
    HEADER,
    INTEGER,
    LABEL,
    NOTE,
    NUMBER,
    PERCENT,
    SUBTITLE,
    TEXT,
    TITLE,
    WRAP,
    Link,
    SheetWriter,
    new_workbook,
    print_setup,
    text_width,
    write_table,
)
from exports.standards import StandardsSheet, write_standards_sheet
from questionnaires.loader import default_elements, default_ta_catalogue
from questionnaires.model import ElementCatalogue, Question, Questionnaire, TACatalogue, tr
from questionnaires.resources import ResourceCatalogue, default_resources
from questionnaires.translations import unofficial_note
from questionnaires.types import answer_in_words
from questionnaires.words import (
    ASSESSMENT_STATUS_WORDS,
    AUDIENCE_WORDS,
    BAND_WORDS,
    CHALLENGE_WORDS,
    CITATION_STATUS_WORDS,
    ELEMENT_STATE_WORDS,
    LEVEL_WORDS,
    OBLIGATION_WORDS,
    QUESTION_FLAG_WORDS,
    STATE_WORDS,
    band_in_words,
    review_state_in_words,
    sources_in_words,
)
from scoring.examples import elements_tested_by
from scoring.words import cap_words, method_words, next_band_words, profile_words, weakest_words

SELF_ASSESSED = (
    "Self-assessed: these results come from the member's own answers about its own law. No assessment body "
    "has checked them. The bands (Aligned, Largely aligned, Partly aligned, Not aligned) are this toolkit's "
    "words, not FATF ratings and not a rating of the member by anyone."
)
#: fills for the bands in conditional formatting (pale, so that black text keeps its contrast)
BAND_FILLS = {
    "aligned": "C6EFCE",
    "largely_aligned": "E2F0D9",
    "partly_aligned": "FFEB9C",
    "not_aligned": "FFC7CE",
}
#: element page addresses: link blue, underlined
LINK = TEXT.but(font=Font(color="0563C1", underline="single"))
SUMMARY_COLUMNS = 9
#: widths of the Summary columns A–I, in characters; B holds the headline band in 12-point bold,
#: "Largely aligned (provisional)" at its longest
SUMMARY_WIDTHS = (37, 34, 11, 24, 13, 10, 13, 13, 36)
#: narrowest and widest a column of ids or short values gets (ids have at most 64 characters)
ID_WIDTHS = (16, 66)


@dataclass(frozen=True)
class ResultsContext:
    """Where the numbers come from, in words for the Summary sheet."""

    member_code: str
    member_name: str
    cycle: str
    #: the assessment's workflow status (``draft``, ``submitted``, ``changes_requested``, ``validated``)
    status: str
    #: e.g. "Submitted snapshot 2 of 3 March 2026, validated 9 March 2026" or "Worked out from the draft answers"
    source: str
    generated_at: datetime


def build_results_workbook(
    questionnaire: Questionnaire,
    result: Mapping[str, Any],
    answers: Mapping[str, Mapping[str, Any]],
    context: ResultsContext,
    *,
    elements: ElementCatalogue | None = None,
    ta_catalogue: TACatalogue | None = None,
    resources: ResourceCatalogue | None = None,
    element_url: Callable[[str], str] | None = None,
    standards: StandardsSheet | None = None,
    locale: str = "en",
) -> Workbook:
    """The results workbook for one assessment.

    :param questionnaire: the questionnaire version the result was computed on
    :param result: the result document (``questionnaires/schemas/result.schema.json``)
    :param answers: question id → answer (the answers the result was computed from; a ``version`` key is ignored)
    :param context: member, cycle, status and where the numbers come from
    :param elements: the element catalogue for element titles (default: the shipped one)
    :param ta_catalogue: the TA catalogue for category names (default: the shipped one)
    :param resources: the resource catalogue the TA plan lists resources from (default: the shipped one)
    :param element_url: element id → the address of its element page; without it the workbook has no links
    :param standards: the answers read by standard, for a "By standard" sheet (none without it)
    :returns: an unsaved write-only workbook
    """
    elements = elements or default_elements()
    ta_catalogue = ta_catalogue or default_ta_catalogue()
    resources = resources or default_resources()
    wb = new_workbook()
    _summary(wb.create_sheet("Summary"), questionnaire, result, context, locale)
    _answers(wb.create_sheet("Answers"), questionnaire, result, answers, ta_catalogue, locale)
    if result.get("scoring_version") == "2.0":
        _next_bands(wb.create_sheet("What it would take"), questionnaire, result, locale)
    _elements(wb.create_sheet("Elements"), result, elements, locale, element_url)
    if standards is not None:
        write_standards_sheet(wb.create_sheet("By standard"), questionnaire, standards, answers,
                              citations_in_words, locale)
    _ta_plan(wb.create_sheet("TA plan"), questionnaire, result, ta_catalogue, resources, locale)
    _methodology(wb.create_sheet("Methodology"), questionnaire, result, locale)
    wb.properties.title = f"Self-assessment results {context.member_code} {context.cycle}"
    wb.properties.creator = "Legislative self-assessment toolkit"
    return wb


# --------------------------------------------------------------------------- Summary


def _title(questionnaire: Questionnaire, part: Mapping[str, Any], locale: str) -> str:
    """A module's or section's title in ``locale`` from the questionnaire (the result stores it in English)."""
    if locale != "en":
        try:
            found = questionnaire.section(part["id"]) if "module" in part else questionnaire.module(part["id"])
        except KeyError:
            return str(part["title"])
        return tr(found.title, locale)
    return str(part["title"])


def _summary(ws: Any, questionnaire: Questionnaire, result: Mapping[str, Any], context: ResultsContext,
             locale: str) -> None:
    print_setup(ws)
    out = SheetWriter(ws, SUMMARY_WIDTHS)
    note = unofficial_note(locale)
    if note:
        out.append([note], NOTE)
    overall = result["overall"]
    review = questionnaire.review_status
    wrapped_note = NOTE.but(alignment=Alignment(vertical="top", wrap_text=True))

    out.append([f"Self-assessment results: {context.member_name} ({context.member_code}), cycle {context.cycle}"],
               TITLE, height=22)
    out.spanning(SELF_ASSESSED, wrapped_note, SUMMARY_COLUMNS)
    out.blank()
    facts = [
        ("Member", f"{context.member_name} ({context.member_code})"),
        ("Cycle", context.cycle),
        ("Status", ASSESSMENT_STATUS_WORDS.get(context.status, context.status)),
        ("Where the numbers come from", context.source),
        ("Questionnaire", f"{tr(questionnaire.title, locale)} ({questionnaire.id}), version {questionnaire.version}"),
        ("Review status of the questionnaire", review_state_in_words(questionnaire)),
        ("Scoring method version", result.get("scoring_version", "")),
        ("Scoring method", method_words(result.get("scoring_version"), questionnaire.version)),
        ("Workbook made", context.generated_at.strftime("%Y-%m-%d %H:%M UTC")),
    ]
    for label, value in facts:
        out.append([label, value], [LABEL, TEXT])
    out.spanning(tr(review.get("text"), locale), wrapped_note, SUMMARY_COLUMNS)
    out.blank()

    out.append(["Headline (self-assessed)"], SUBTITLE, height=18)
    big = Font(bold=True, size=12)
    headline = [
        ("Core gap", overall["gap"], NUMBER,
         "0 = every mandatory, qualified-mandatory and FATF-standard element in place; 100 = none"),
        ("Band (self-assessed)", band_in_words(overall["band"], overall["provisional"], locale), TEXT,
         "this toolkit's words, not an FATF rating"),
        ("Completeness", overall["completeness"], PERCENT,
         "(answered + unknown) ÷ scored questions that apply"
         + ("; below the threshold, so the bands are provisional" if overall["provisional"] else "")),
        ("Critical gaps", overall["critical_gaps"], INTEGER,
         "critical questions with a serious gap, unknown or unanswered; each caps its section at Partly aligned"),
        ("Beyond-minimum gap", overall["beyond_minimum_gap"], NUMBER, "optional and good-practice measures"),
        ("Core gap if pending bills pass", overall["if_bills_pass_gap"], NUMBER,
         "as if every answer resting on a bill or draft were law in force"),
    ]
    method2 = result.get("scoring_version") == "2.0"
    if method2:
        sections = {s["id"]: s["title"] for s in result["sections"]}
        headline[1] = (headline[1][0], headline[1][1], TEXT, weakest_words(overall, sections)
                       + " This toolkit's words, not an FATF rating.")
        headline[2] = (headline[2][0], headline[2][1], PERCENT, "answered ÷ scored questions that apply"
                       + ("; provisional" if overall["provisional"] else ""))
        headline[3] = (headline[3][0], headline[3][1], INTEGER,
                       "critical questions that bind the member and are not met, unknown or unanswered; each holds "
                       "its section at Partly aligned at best")
        headline += [
            ("Obligations gap", overall["obligations_gap"], NUMBER,
             "only what binds the member: FATF standards, and treaties it is party to"),
            ("Best case", overall["best_case_gap"], NUMBER, "the core gap if every unknown and unanswered question "
                                                            "were met"),
            ("Sections by band", profile_words(overall.get("profile")), TEXT, "no compensation: the weakest "
                                                                               "section sets the band"),
            ("Unknown, not answered", f"{overall['unknown']} unknown, {overall['unanswered']} not answered", TEXT,
             "each scored 0 until answered"),
        ]
    headline_rows = [out.append([label, value, note], [LABEL, style.but(font=big), NOTE])
                     for label, value, style, note in headline]
    out.blank()

    out.append(["By module"], SUBTITLE, height=18)
    out.append(["Module", "", "Core gap", "Band (self-assessed)", "Completeness", "Critical gaps",
                "Beyond-minimum gap", "If bills pass", "Weakest section; sections by band" if method2 else ""],
               HEADER, height=32)
    module_first = out.row + 1
    for module in result["modules"]:
        weakest = ""
        if method2:
            weakest = f"{weakest_words(module, sections)} {profile_words(module.get('profile'))}."
        out.append([_title(questionnaire, module, locale), "", module["gap"],
                    band_in_words(module["band"], module["provisional"], locale),
                    module["completeness"], module["critical_gaps"], module["beyond_minimum_gap"],
                    module["if_bills_pass_gap"], weakest],
                   [BOLD_WRAP, None, NUMBER, TEXT, PERCENT, INTEGER, NUMBER, NUMBER, WRAP])
    module_last = out.row
    out.blank()

    # by section: a contiguous table, which the chart reads
    out.append(["By section"], SUBTITLE, height=18)
    section_header = out.append(["Section", "Module", "Core gap", "Band (self-assessed)", "Completeness",
                                 "Critical gaps", "Beyond-minimum gap", "If bills pass",
                                 "Capped at Partly aligned by"], HEADER, height=32)
    titles = {m["id"]: _title(questionnaire, m, locale) for m in result["modules"]}
    for section in result["sections"]:
        out.append([_title(questionnaire, section, locale), titles.get(section["module"], section["module"]),
                    section["gap"],
                    band_in_words(section["band"], section["provisional"], locale), section["completeness"],
                    section["critical_gaps"], section["beyond_minimum_gap"], section["if_bills_pass_gap"],
                    "; ".join(cap_words(c) for c in section["capped_by"])],
                   [WRAP, WRAP, NUMBER, TEXT, PERCENT, INTEGER, NUMBER, NUMBER, WRAP])
    section_last = out.row

    gap_cells = [f"B{headline_rows[0]}", f"B{headline_rows[4]}:B{headline_rows[5]}",
                 *([f"B{headline_rows[6]}:B{headline_rows[7]}"] if method2 else []),
                 f"C{module_first}:C{module_last}", f"G{module_first}:H{module_last}",
                 f"C{section_header + 1}:C{section_last}", f"G{section_header + 1}:H{section_last}"]
    for ref in gap_cells:
        ws.conditional_formatting.add(ref, _gap_scale())
    band_cells = [f"B{headline_rows[1]}", f"D{module_first}:D{module_last}",
                  f"D{section_header + 1}:D{section_last}"]
    for ref in band_cells:
        for rule in _band_rules(ref.split(":")[0]):
            ws.conditional_formatting.add(ref, rule)

    if section_last > section_header:
        # the chart starts a printed page of its own rather than being cut by a page break
        ws.row_breaks.append(Break(id=section_last + 1))
        ws.add_chart(_section_chart(ws, section_header, section_last), f"A{section_last + 2}")


def _gap_scale() -> ColorScaleRule:
    """Green at 0 (no gap), amber at 25, red at 100, on fixed values so colours mean the same everywhere."""
    return ColorScaleRule(start_type="num", start_value=0, start_color="63BE7B",
                          mid_type="num", mid_value=25, mid_color="FFEB84",
                          end_type="num", end_value=100, end_color="F8696B")


def _band_rules(first_cell: str) -> list[Rule]:
    rules = []
    for band, colour in BAND_FILLS.items():
        words = BAND_WORDS[band]
        # "begins with", so that "Aligned" does not also match "Largely aligned" or "Not aligned"
        rule = Rule(type="beginsWith", operator="beginsWith", text=words,
                    dxf=DifferentialStyle(fill=PatternFill(bgColor=colour)))
        rule.formula = [f'LEFT({first_cell},{len(words)})="{words}"']
        rules.append(rule)
    return rules


def _section_chart(ws: Any, header_row: int, last_row: int) -> BarChart:
    chart = BarChart()
    chart.type = "bar"
    chart.style = 10
    chart.title = "Core gap by section (self-assessed; 0 = aligned, 100 = nothing in place)"
    chart.add_data(Reference(ws, min_col=3, min_row=header_row, max_row=last_row), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=header_row + 1, max_row=last_row))
    chart.y_axis.scaling.min = 0
    chart.y_axis.scaling.max = 100
    chart.y_axis.majorUnit = 25
    chart.y_axis.title = "Core gap"
    chart.y_axis.crosses = "max"  # with the categories listed top to bottom, keeps the scale at the bottom
    # list sections top to bottom in the order of the table
    chart.x_axis.scaling.orientation = "maxMin"
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.legend = None
    chart.gapWidth = 40
    chart.dataLabels = DataLabelList(showVal=True, showSerName=False, showCatName=False, showLegendKey=False,
                                     showPercent=False, showLeaderLines=False)
    chart.width = 26
    chart.height = max(7.0, 0.7 * (last_row - header_row) + 3)
    return chart


# --------------------------------------------------------------------------- Answers


def citations_in_words(citations: Any) -> str:
    """One line per citation: act, section (year), status and link."""
    lines = []
    for citation in citations or ():
        if not isinstance(citation, Mapping):
            continue
        text = str(citation.get("act") or "")
        if citation.get("section"):
            text += f", {citation['section']}"
        if citation.get("year"):
            text += f" ({citation['year']})"
        status = CITATION_STATUS_WORDS.get(citation.get("status"), citation.get("status") or "")
        if status:
            text += f", {status.lower()}"
        if citation.get("url"):
            text += f" {citation['url']}"
        lines.append(text)
    return "\n".join(lines)


def ta_request_in_words(request: Any, ta_catalogue: TACatalogue, locale: str = "en") -> str:
    if not isinstance(request, Mapping) or not request.get("category"):
        return ""
    category = request["category"]
    parts = [tr(ta_catalogue.categories.get(category), locale) or category]
    if request.get("challenge"):
        parts.append("main challenge: " + CHALLENGE_WORDS.get(request["challenge"], request["challenge"]))
    if request.get("note"):
        parts.append(str(request["note"]))
    return "; ".join(parts)


def _question_level(question: Question) -> str:
    if question.level:
        return f"{question.level} ({LEVEL_WORDS.get(question.level, question.level)})"
    if question.components:
        levels = sorted({c.level for c in question.components}, key=list(LEVEL_WORDS).index)
        return "components: " + ", ".join(levels)
    return ""


def _answers(ws: Any, questionnaire: Questionnaire, result: Mapping[str, Any],
             answers: Mapping[str, Mapping[str, Any]], ta_catalogue: TACatalogue, locale: str) -> None:
    rows_by_id = {row["id"]: row for row in result.get("questions", ())}
    headers = ["Question id", "Question", "Answer", "State", "Score", "Weight", "Beyond-minimum score",
               "Level", "Critical", "Module", "Section", "Elements", "Sources", "Citations", "Comment",
               "Justification", "TA requested", "Flags", "Obligation"]
    rows = []
    for module in questionnaire.modules:
        for section in module.sections:
            for q in section.questions:
                answer = answers.get(q.id) or {}
                scored = rows_by_id.get(q.id)
                state = STATE_WORDS.get(scored["state"], scored["state"]) if scored else (
                    "Not scored" if not q.scored else "")
                rows.append([
                    q.id,
                    tr(q.text, locale),
                    answer_in_words(q, answer, locale),
                    state,
                    scored["score"] if scored else None,
                    scored["weight"] if scored else None,
                    scored["beyond_minimum_score"] if scored else None,
                    _question_level(q),
                    "Critical" if q.critical else "",
                    tr(module.title, locale),
                    tr(section.title, locale),
                    ", ".join(q.elements),
                    sources_in_words(q),
                    citations_in_words(answer.get("citations")),
                    answer.get("comment") or "",
                    answer.get("justification") or "",
                    ta_request_in_words(answer.get("ta_request"), ta_catalogue, locale),
                    "; ".join(QUESTION_FLAG_WORDS.get(f, f) for f in scored["flags"]) if scored else "",
                    OBLIGATION_WORDS.get(scored["obligation"], scored["obligation"]) if scored else "",
                ])
    # the id column fits the longest id: ids do not wrap and a cut one cannot be found again
    widths = [_fitting(r[0] for r in rows), 45, 32, 12, 7, 7, 9, 12, 8, 14, 22, 9, 16, 30, 30, 22, 24, 18, 11]
    write_table(ws, headers, rows, widths=widths, freeze_at="C1", paper="A3",
                styles=[TEXT, WRAP, WRAP, TEXT, DECIMAL, NUMBER, DECIMAL, WRAP, TEXT, WRAP, WRAP, WRAP, WRAP,
                        WRAP, WRAP, WRAP, WRAP, WRAP, TEXT])


# --------------------------------------------------------------------------- What it would take (method 2)


def _next_bands(ws: Any, questionnaire: Questionnaire, result: Mapping[str, Any], locale: str) -> None:
    """Per section: what it would take to reach the next band, beside the figures that say where it stands."""
    titles = {q.id: tr(q.text, locale) for q in questionnaire.questions if q.scored}
    headers = ["Section", "Band (self-assessed)", "Core gap", "Obligations gap", "Best case", "Next band",
               "Answers needed", "What it would take", "Held at Partly aligned by"]
    rows = []
    for section in result["sections"]:
        step = section.get("next_band")
        rows.append([
            _title(questionnaire, section, locale),
            band_in_words(section["band"], section["provisional"], locale),
            section["gap"],
            section["obligations_gap"],
            section["best_case_gap"],
            BAND_WORDS.get(step["band"], step["band"]) if step else "",
            len(step["needs"]) if step else None,
            next_band_words(step, titles) if step else ("Already in the best band." if section["band"] else
                                                        "No core score."),
            "; ".join(cap_words(c, titles) for c in section["capped_by"]),
        ])
    note = ("The fewest answers whose improvement to fully met would lift each section one band; above Partly "
            "aligned every critical question holding the section down must be met first. Question ids are on the "
            "Answers sheet.")
    write_table(ws, headers, rows, widths=[26, 20, 8, 11, 8, 16, 9, 70, 45], freeze_at="B1", note=note,
                styles=[WRAP, TEXT, NUMBER, NUMBER, NUMBER, TEXT, INTEGER, WRAP, WRAP])


# --------------------------------------------------------------------------- Elements, TA plan, Methodology


#: TA plan: the most resources listed per item (the element pages list them all)
TA_RESOURCES_SHOWN = 8


def _elements(ws: Any, result: Mapping[str, Any], elements: ElementCatalogue, locale: str,
              element_url: Callable[[str], str] | None) -> None:
    headers = ["Element", "Title", "Critical", "State", "Score", "Gap", "Questions", "At risk because of"]
    if element_url is not None:
        headers.append("Element page")
    rows = []
    for row in result.get("elements", ()):
        element = elements.get(row["id"])
        rows.append([
            row["id"],
            tr(element.title, locale) if element else "",
            "Critical" if row["critical"] else "",
            ELEMENT_STATE_WORDS.get(row["state"], row["state"]),
            row["score"],
            row["gap"],
            ", ".join(row["questions"]),
            ", ".join(row["at_risk_from"]),
        ])
        if element_url is not None:
            address = element_url(row["id"])
            rows[-1].append(Link(address, address))
    write_table(ws, headers, rows, widths=[10, 60, 9, 16, 8, 8, 30, 24, 40], freeze_at="C1",
                styles=[TEXT, WRAP, TEXT, TEXT, DECIMAL, NUMBER, WRAP, WRAP, LINK])
    if rows:
        ws.conditional_formatting.add(f"F2:F{len(rows) + 1}", _gap_scale())


def _resources_in_words(element_ids: list[str], resources: ResourceCatalogue, locale: str) -> str:
    """One line per resource provision serving the elements, at most :data:`TA_RESOURCES_SHOWN`."""
    lines = [reference.line(locale) for reference in resources.for_elements(element_ids)]
    if len(lines) > TA_RESOURCES_SHOWN:
        more = len(lines) - TA_RESOURCES_SHOWN
        lines = [*lines[:TA_RESOURCES_SHOWN], f"... and {more} more on the element pages"]
    return "\n".join(lines)


def _ta_plan(ws: Any, questionnaire: Questionnaire, result: Mapping[str, Any], ta_catalogue: TACatalogue,
             resources: ResourceCatalogue, locale: str) -> None:
    headers = ["Rank", "Priority", "Category", "Assistance", "For", "Reference tool", "Triggered by",
               "Requested by the member", "Elements", "Resources"]
    rows = []
    for rank, item in enumerate(result.get("ta", ()), start=1):
        category = item.get("category") or ""
        requests = []
        for entry in item.get("self_requested", ()):
            text = entry["question"]
            if entry.get("challenge"):
                text += f" ({CHALLENGE_WORDS.get(entry['challenge'], entry['challenge'])})"
            if entry.get("note"):
                text += f": {entry['note']}"
            requests.append(text)
        rows.append([
            rank,
            item["priority"],
            tr(ta_catalogue.categories.get(category), locale) or category,
            item.get("text") or "",
            ", ".join(AUDIENCE_WORDS.get(a, a) for a in item.get("audience") or ()),
            item.get("reference") or "",
            ", ".join(item.get("triggered_by", ())),
            "\n".join(requests),
        ])
        concerned = elements_tested_by(questionnaire, [*item.get("triggered_by", ()),
                                                       *(e["question"] for e in item.get("self_requested", ()))])
        rows[-1] += [", ".join(concerned), _resources_in_words(concerned, resources, locale)]
    multiplier = questionnaire.scoring.critical_multiplier
    note = (f"In priority order. Priority = weight × (1 − value), × {multiplier:g} for critical questions, summed "
            "over the answers that call for the item. Items the focal point asked for are listed with their note.")
    if result.get("scoring_version") == "2.0":
        note = (f"In priority order. Priority = weight × (1 − value), × {multiplier:g} for critical questions, for "
                "the worst of the answers that call for the item; more answers break ties. Unknown answers call for "
                "confirming the legal position, bills for help to enact them, not being party to a treaty for "
                "support to join it; unanswered questions call for nothing until answered. Items the focal point "
                "asked for are listed with their note.")
    write_table(ws, headers, rows, widths=[6, 9, 24, 60, 24, 45, 24, 40, 14, 70], freeze_at="A1", note=note,
                styles=[INTEGER, NUMBER, WRAP, WRAP, WRAP, WRAP, WRAP, WRAP, WRAP, WRAP])


def _methodology(ws: Any, questionnaire: Questionnaire, result: Mapping[str, Any], locale: str) -> None:
    params = questionnaire.scoring
    rows: list[list[Any]] = [
        ["Scoring method version", result.get("scoring_version", ""), "Stored with every submitted result."],
        ["Questionnaire", f"{questionnaire.id} version {questionnaire.version}", tr(questionnaire.title, locale)],
    ]
    for status, value in params.status_scores.items():
        rows.append([f"Value of a status answer: {status.replace('_', ' ')}", float(value), ""])
    for level, weight in params.level_weights.items():
        pool = "core" if level in ("M", "Mq", "F") else "beyond minimum"
        rows.append([f"Weight of level {level} ({LEVEL_WORDS.get(level, level)})", float(weight), f"{pool} score"])
    for band, max_gap in params.bands:
        rows.append([f"Band {BAND_WORDS.get(band, band)}: core gap up to", float(max_gap), "self-assessed band"])
    rows += [
        ["Cap level", float(params.cap_level),
         "A critical question valued at or below this, unknown or unanswered keeps its section at Partly aligned "
         "at best; a coverage question missing a critical component is valued at most this."],
        ["Completeness threshold", float(params.completeness_threshold),
         "Below it the bands are marked provisional. Completeness = (answered + unknown) ÷ scored questions "
         "that are not skipped, not applicable or precluded."],
        ["Critical multiplier", float(params.critical_multiplier), "Applied to critical questions in TA priorities."],
    ]
    method = [
        ["How the numbers are made", "", "Each scored question gets a value from 0 (not met) to 1 (fully met). "
         "Score = Σ(weight × value) ÷ Σ weight over the counted questions; gap = 100 × (1 − score), rounded half "
         "up to one decimal. Only law in force counts: answers resting only on bills or drafts score 0, and the "
         "'if pending bills pass' gap shows the difference. Unknown answers score 0; unanswered, not applicable, "
         "precluded and skipped questions are left out. Optional and good-practice measures make a separate "
         "beyond-minimum gap."],
        ["Self-assessed", "", SELF_ASSESSED],
        ["Reproducible", "", "The same answers on the same questionnaire version always give the same numbers on "
         "the page, in this workbook, in JSON and on the command line. The method is described in full in "
         "docs/methodology.md."],
    ]
    if result.get("scoring_version") == "2.0":
        rows[-3][2] = ("A critical question whose obligation binds the member (FATF always; a treaty when the member "
                       "is party to it) holds its section at Partly aligned at best when its core is not met (an "
                       "applicable critical component not covered; a value at or below this level), or when it is "
                       "unknown or unanswered.")
        rows[-2][2] = ("Below it the bands are marked provisional. Completeness = answered ÷ scored questions that "
                       "apply.")
        method[0][2] = (
            "Each scored question gets a value from 0 (not met) to 1 (fully met); unknown and unanswered questions "
            "score 0. Score = Σ(weight × value) ÷ Σ weight, published to six decimals; gap = 100 × (1 − score), "
            "rounded half up to one decimal. Sections are rated on their own; a module's and the overall band is "
            "the band of its weakest section. Only law in force counts. Optional and good-practice measures make a "
            "separate beyond-minimum gap.")
    value_width = min(_fitting(r[1] for r in rows), 40)
    write_table(ws, ["Parameter", "Value", "Meaning"], rows + method, widths=[44, value_width, 90],
                freeze_at="A1", styles=[WRAP, WRAP, WRAP])


def _fitting(values: Iterable[Any]) -> int:
    """A width (characters) that shows each of ``values`` on one line, within :data:`ID_WIDTHS`."""
    narrowest, widest = ID_WIDTHS
    return min(widest, max([narrowest, *(text_width(v) + 2 for v in values)]))
