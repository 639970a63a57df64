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
- **Profile** (when the caller gives ``profile``): the member's bands by module and section beside its "Capacity
  and practice" answers, one column per cycle, and the figures to check (:mod:`exports.profile`);
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

Every label (sheet names, headings, notes, page headers and footers, the Methodology texts) comes from
:data:`WORDS` and :data:`METHOD_TEXTS` in the workbook's ``locale`` (translated as ``workbook.results`` and
``workbook.results_method``); texts from the questionnaire and the TA catalogue, band and answer words and the
sentences of :mod:`scoring.words` likewise. English is the default and the reference.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from openpyxl.chart import BarChart, Reference
from openpyxl.chart.data_source import NumFmt
from openpyxl.chart.label import DataLabelList
from openpyxl.styles import Alignment, Font
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
    PROVISIONAL_NUMBER,
    PROVISIONAL_TEXT,
    SUBTITLE,
    TEXT,
    TITLE,
    WRAP,
    Link,
    PageMarks,
    SheetWriter,
    Style,
    add_colours,
    band_rules,
    gap_scale,
    mark_pages,
    new_workbook,
    print_setup,
    row_ranges,
    text_width,
    word_for,
    write_table,
)
from exports.profile import ProfileSheet, write_profile_sheet
from exports.standards import StandardsSheet, write_standards_sheet
from questionnaires.loader import default_elements, default_ta_catalogue
from questionnaires.model import ElementCatalogue, Question, Questionnaire, Section, TACatalogue, tr
from questionnaires.resources import ResourceCatalogue, default_resources
from questionnaires.translations import localized_words, unofficial_note, word, words_in
from questionnaires.types import answer_in_words
from questionnaires.words import (
    LEVEL_WORDS,
    band_in_words,
    review_state_in_words,
    sources_in_words,
)
from scoring.examples import elements_tested_by
from scoring.words import cap_reason_words, cap_words, method_words, next_band_words, profile_words, weakest_words

#: every label this workbook writes, in one place (for translations): sheet names, titles, headers, notes; with
#: :data:`METHOD_WORDS`, :data:`SELF_ASSESSED` and :data:`METHOD_1` / :data:`METHOD_2` for the Methodology sheet
WORDS: dict[str, Any] = {
    # printed pages: header and footer ("&A", "&P" and "&N" are the sheet's name, the page and the number of pages)
    "whose": "{member} ({code}) · cycle {cycle} · {status}",
    "what": "Self-assessed · questionnaire {questionnaire}, version {version}",
    "draft": "DRAFT",
    "made": "Made {when}",
    "pages": "&A · page &P of &N",
    # document properties
    "doc_title": "Self-assessment results {code} {cycle}",
    "doc_subject": "Self-assessed results of {member}, cycle {cycle}; bands are not FATF ratings",
    "creator": "Legislative self-assessment toolkit",
    # sheets
    "sheet_summary": "Summary",
    "sheet_answers": "Answers",
    "citations_sheet": "Citations",
    "requests_sheet": "TA requests",
    "sheet_next_bands": "What it would take",
    "sheet_elements": "Elements",
    "sheet_standards": "By standard",
    "sheet_profile": "Profile",
    "profile_title": "Member profile: {member}, law and practice by cycle",
    "sheet_ta_plan": "TA plan",
    "sheet_methodology": "Methodology",
    # Summary
    "title": "Self-assessment results: {member} ({code}), cycle {cycle}",
    "member": "Member",
    "cycle": "Cycle",
    "status": "Status",
    "source": "Where the numbers come from",
    "questionnaire": "Questionnaire",
    "questionnaire_version": "{title} ({id}), version {version}",
    "review": "Review status of the questionnaire",
    "method_version": "Scoring method version",
    "method": "Scoring method",
    "made_on": "Workbook made",
    "source_draft": "Worked out from the draft answers when this workbook was made (not submitted)",
    "source_snapshot": "Submitted snapshot {number} of {date}",
    "source_validated": "Submitted snapshot {number} of {date}, validated {validated} (reviewed by the RSO for "
                        "completeness and evidence)",
    "headline": "Headline (self-assessed)",
    "core_gap": "Core gap",
    "core_gap_note": "0 = every mandatory, qualified-mandatory and FATF-standard element in place; 100 = none",
    "band": "Band (self-assessed)",
    "band_note": "this toolkit's words, not an FATF rating",
    "band_note_2": "This toolkit's words, not an FATF rating.",
    "completeness": "Completeness",
    "completeness_note": "(answered + unknown) ÷ scored questions that apply",
    "completeness_note_2": "answered ÷ scored questions that apply",
    "provisional_note": "; below the threshold, so the bands are provisional",
    "provisional_note_2": "; provisional",
    "critical_gaps": "Critical gaps",
    "critical_gaps_note": "critical questions with a serious gap, unknown or unanswered; each caps its section at "
                          "Partly aligned",
    "critical_gaps_note_2": "critical questions that bind the member and are not met, unknown or unanswered; each "
                            "holds its section at Partly aligned at best",
    "beyond_gap": "Beyond-minimum gap",
    "beyond_gap_note": "optional and good-practice measures",
    "bills_gap": "Core gap if pending bills pass",
    "bills_gap_note": "as if every answer resting on a bill or draft were law in force",
    "obligations_gap": "Obligations gap",
    "obligations_gap_note": "only what binds the member: FATF standards, and treaties it is party to",
    "best_case": "Best case",
    "best_case_note": "the core gap if every unknown and unanswered question were met",
    "profile": "Sections by band",
    "profile_note": "no compensation: the weakest section sets the band",
    "unknown_unanswered": "Unknown, not answered",
    "unknown_unanswered_value": "{unknown} unknown, {unanswered} not answered",
    "unknown_unanswered_note": "each scored 0 until answered",
    "by_module": "By module",
    "module": "Module",
    "section": "Section",
    "figure_headers": ("Core gap", "Band (self-assessed)", "Completeness", "Critical gaps", "Beyond-minimum gap",
                       "If bills pass"),
    "weakest_header": "Weakest section; sections by band",
    "by_section": "By section",
    "capped_by": "Capped at Partly aligned by",
    "question_name": "{text} ({id})",
    "cap_component": ", component “{label}”",
    "chart_title": "Core gap by section (self-assessed; 0 = aligned, 100 = nothing in place)",
    # Answers
    "answer_headers": ("Question id", "Question", "Answer", "State", "Score", "Weight", "Gap points in its section",
                       "Beyond-minimum score", "Level", "Critical", "Holds its section at Partly aligned", "Module",
                       "Section", "Elements", "Sources", "Citations", "Comment", "Justification", "TA requested",
                       "Flags", "Obligation"),
    "not_scored": "Not scored",
    "critical": "Critical",
    "yes": "Yes",
    "main_challenge": "main challenge: ",
    "components_levels": "components: {levels}",
    # Citations and TA requests
    "citations_title": "Legislation cited, one row per citation (links open the text where one was given)",
    "citation_headers": ("Question id", "Question", "Section", "Act or instrument", "Section or article", "Year",
                         "Status", "Link"),
    "requests_title": "Technical assistance the member asked for, question by question",
    "no_citations": "No legislation is cited in these answers.",
    "no_requests": "The member has not asked for technical assistance on any question.",
    "request_headers": ("Question id", "Question", "Section", "Kind of assistance", "Main challenge",
                        "What would help"),
    # What it would take
    "next_band_headers": ("Section", "Band (self-assessed)", "Core gap", "Obligations gap", "Best case", "Next band",
                          "Answers needed", "What it would take", "Held at Partly aligned by"),
    "best_band": "Already in the best band.",
    "no_core_score": "No core score.",
    "next_band_note": "The fewest answers whose improvement to fully met would lift each section one band; above "
                      "Partly aligned every critical question holding the section down must be met first. Question "
                      "ids are on the Answers sheet.",
    # Elements
    "element_headers": ("Element", "Title", "Critical", "State", "Score", "Gap", "Questions", "At risk because of"),
    "element_page": "Element page",
    # TA plan
    "ta_headers": ("Rank", "Priority", "Category", "Assistance", "For", "Reference tool", "Triggered by",
                   "Requested by the member", "Questions behind it (section)", "Elements", "Resources"),
    "more_resources": "... and {more} more on the element pages",
    "ta_note": "In priority order. Priority = weight × (1 − value), × {multiplier} for critical questions, summed "
               "over the answers that call for the item. Items the focal point asked for are listed with their note.",
    "ta_note_2": "In priority order. Priority = weight × (1 − value), × {multiplier} for critical questions, for the "
                 "worst of the answers that call for the item; more answers break ties. Unknown answers call for "
                 "confirming the legal position, bills for help to enact them, not being party to a treaty for "
                 "support to join it; unanswered questions call for nothing until answered. Items the focal point "
                 "asked for are listed with their note.",
}
#: the Methodology sheet's labels and sentences ("_2": method 2's wording)
METHOD_WORDS: dict[str, Any] = {
    "headers": ("Parameter", "Value", "Meaning"),
    "method_version": "Scoring method version",
    "method_version_note": "Stored with every submitted result.",
    "questionnaire": "Questionnaire",
    "questionnaire_value": "{id} version {version}",
    "status_value": "Value of a status answer: {status}",
    "level_weight": "Weight of level {level} ({words})",
    "core_pool": "core score",
    "beyond_pool": "beyond minimum score",
    "band_limit": "Band {band}: core gap up to",
    "band_limit_note": "self-assessed band",
    "cap_level": "Cap level",
    "cap_level_note": "A critical question valued at or below this, unknown or unanswered keeps its section at Partly "
                      "aligned at best; a coverage question missing a critical component is valued at most this.",
    "cap_level_note_2": "A critical question whose obligation binds the member (FATF always; a treaty when the "
                        "member is party to it) holds its section at Partly aligned at best when its core is not met "
                        "(an applicable critical component not covered; a value at or below this level), or when it "
                        "is unknown or unanswered.",
    "threshold": "Completeness threshold",
    "threshold_note": "Below it the bands are marked provisional. Completeness = (answered + unknown) ÷ scored "
                      "questions that are not skipped, not applicable or precluded.",
    "threshold_note_2": "Below it the bands are marked provisional. Completeness = answered ÷ scored questions that "
                        "apply.",
    "multiplier": "Critical multiplier",
    "multiplier_note": "Applied to critical questions in TA priorities.",
    "how": "How the numbers are made",
    "how_note": "Each scored question gets a value from 0 (not met) to 1 (fully met). Score = Σ(weight × value) ÷ "
                "Σ weight over the counted questions; gap = 100 × (1 − score), rounded half up to one decimal. Only "
                "law in force counts: answers resting only on bills or drafts score 0, and the 'if pending bills "
                "pass' gap shows the difference. Unknown answers score 0; unanswered, not applicable, precluded and "
                "skipped questions are left out. Optional and good-practice measures make a separate beyond-minimum "
                "gap.",
    "how_note_2": "Each scored question gets a value from 0 (not met) to 1 (fully met); unknown and unanswered "
                  "questions score 0. Score = Σ(weight × value) ÷ Σ weight, published to six decimals; gap = 100 × "
                  "(1 − score), rounded half up to one decimal. Sections are rated on their own; a module's and the "
                  "overall band is the band of its weakest section. Only law in force counts. Optional and "
                  "good-practice measures make a separate beyond-minimum gap.",
    "self_assessed": "Self-assessed",
    "reproducible": "Reproducible",
    "reproducible_note": "The same answers on the same questionnaire version always give the same numbers on the "
                         "page, in this workbook, in JSON and on the command line.",
}
SELF_ASSESSED = (
    "Self-assessed: these results come from the member's own answers about its own law. No assessment body "
    "has checked them. The bands (Aligned, Largely aligned, Partly aligned, Not aligned) are this toolkit's "
    "words, not FATF ratings and not a rating of the member by anyone."
)
#: the method in full, for a reader who has only this workbook (method 1, then what method 2 does differently)
_VALUES = ("Values", "A status answer is worth 1 (in place), 0.75 (largely), 0.5 (partially) or 0 (not in place). A "
           "coverage answer is worth the share of the applicable core components the law covers. A number is worth 1 "
           "when it meets the question's threshold and 0 otherwise, never more for a harsher figure. A choice is "
           "worth what the questionnaire gives that option. A component marked unknown counts as not covered.")
_BILLS = ("Law in force", "Only law in force counts: an answer whose citations are all bills or drafts scores 0; the "
          "'if pending bills pass' gap shows the figure as if they were enacted. An answer without a citation still "
          "counts and is flagged for review.")
_POINTS = ("Gap points", "Each question's share of its section's gap: 100 × weight × (1 − value) ÷ the sum of the "
           "section's weights. A section's gap points add up to its gap (Answers sheet, 'Gap points in its "
           "section'): the largest are what to work on first.")
_ELEMENTS = ("Elements", "Each legal element gets a score over the questions and components that test it (core "
             "levels only). Its state is Gap when a part is known to fall short, else Unknown, else Not answered, "
             "else Met.")
METHOD_1 = (
    _VALUES,
    ("Which questions count", "Answered questions count with their value and unknown ones with 0. Unanswered, not "
     "applicable (justified), precluded by fundamental principles (justified) and skipped questions are left out "
     "of the score, and lower completeness."),
    _BILLS,
    ("Bands", "The band comes from the core gap (limits in the rows above). A critical question with a serious gap "
     "(valued at or below the cap level, or missing a critical component), unknown or unanswered keeps its section "
     "at Partly aligned at best. Modules and the overall figures pool their questions' weights and values."),
    _POINTS,
    _ELEMENTS,
    ("Technical assistance", "Each gap calls for the catalogue items the questionnaire names for it. Priority = "
     "weight × (1 − value), doubled for critical questions, summed over the answers that call for the item. The "
     "focal point's own requests are listed with the items and on the TA requests sheet."),
)
METHOD_2 = (
    _VALUES,
    ("Which questions count", "Answered questions count with their value; unknown and unanswered questions count "
     "with 0, so leaving a weak answer out never helps. Not applicable (justified), precluded (justified) and "
     "skipped questions are left out. Completeness = answered ÷ questions that apply."),
    _BILLS,
    ("Bands", "Sections are rated on their own from their core gap (limits in the rows above). A critical question "
     "whose obligation binds the member (FATF always; a treaty when the member is party to it) holds its section at "
     "Partly aligned at best when its core is not met, or when it is unknown or unanswered. A module's band and the "
     "overall band are the band of the weakest section: a strong section never makes up for a weak one."),
    ("Obligations gap and best case", "The obligations gap counts only the questions that bind the member. The "
     "best case is the core gap if every unknown and unanswered question were met."),
    _POINTS,
    _ELEMENTS,
    ("Technical assistance", "An item's priority is the severity of the worst gap calling for it: weight × "
     "(1 − value), doubled for critical questions; more questions calling for it break ties. Unknown answers call "
     "for confirming the legal position, bills for help to enact them, not being party to a treaty for support to "
     "join it; unanswered questions call for nothing until answered."),
)
#: the Methodology sheet's labels and texts in one table, for translations (``workbook.results_method``)
METHOD_TEXTS: dict[str, Any] = {**METHOD_WORDS, "self_assessed_text": SELF_ASSESSED, "method_1": METHOD_1,
                                "method_2": METHOD_2}
#: element page addresses: link blue, underlined
LINK = TEXT.changed(font=Font(color="0563C1", underline="single"))
SUMMARY_COLUMNS = 9
#: widths of the Summary columns A–I, in characters; B holds the headline band in 12-point bold,
#: "Largely aligned (provisional)" at its longest; the gap columns C, G and H fit "100.0 (provisional)"
SUMMARY_WIDTHS = (37, 34, 18, 24, 13, 10, 18, 18, 36)
#: narrowest and widest a column of ids or short values gets (ids have at most 64 characters)
ID_WIDTHS = (16, 66)


def results_words(locale: str = "en") -> dict[str, Any]:
    """:data:`WORDS` in ``locale`` (English where a label has no current translation)."""
    return localized_words(WORDS, "workbook.results", locale)


def method_texts(locale: str = "en") -> dict[str, Any]:
    """:data:`METHOD_TEXTS` in ``locale``."""
    return localized_words(METHOD_TEXTS, "workbook.results_method", locale)


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
    #: the figures are worked out from draft answers (not a submitted snapshot): every printed page says DRAFT
    from_draft: bool = False

    @property
    def draft(self) -> bool:
        return self.from_draft or self.status == "draft"


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
    profile: ProfileSheet | None = None,
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
    :param profile: the law and capacity figures by cycle, for a "Profile" sheet (none without it)
    :returns: an unsaved write-only workbook
    """
    elements = elements or default_elements()
    ta_catalogue = ta_catalogue or default_ta_catalogue()
    resources = resources or default_resources()
    w = results_words(locale)
    wb = new_workbook()
    _summary(wb.create_sheet(w["sheet_summary"]), questionnaire, result, context, locale)
    _answers(wb.create_sheet(w["sheet_answers"]), questionnaire, result, answers, ta_catalogue, locale)
    _citations(wb.create_sheet(w["citations_sheet"]), questionnaire, answers, locale)
    _ta_requests(wb.create_sheet(w["requests_sheet"]), questionnaire, answers, ta_catalogue, locale)
    if result.get("scoring_version") == "2.0":
        _next_bands(wb.create_sheet(w["sheet_next_bands"]), questionnaire, result, locale)
    _elements(wb.create_sheet(w["sheet_elements"]), result, elements, locale, element_url)
    if standards is not None:
        write_standards_sheet(wb.create_sheet(w["sheet_standards"]), questionnaire, standards, answers,
                              lambda found: citations_in_words(found, locale), locale)
    if profile is not None:
        write_profile_sheet(wb.create_sheet(w["sheet_profile"]), profile,
                            w["profile_title"].format(member=context.member_name), locale)
    _ta_plan(wb.create_sheet(w["sheet_ta_plan"]), questionnaire, result, ta_catalogue, resources, locale)
    _methodology(wb.create_sheet(w["sheet_methodology"]), questionnaire, result, locale)
    wb.properties.title = w["doc_title"].format(code=context.member_code, cycle=context.cycle)
    wb.properties.subject = w["doc_subject"].format(member=context.member_name, cycle=context.cycle)
    wb.properties.creator = w["creator"]
    mark_pages(wb, page_marks(questionnaire, context, locale))
    return wb


def page_marks(questionnaire: Questionnaire, context: ResultsContext, locale: str = "en") -> PageMarks:
    """The header and footer of every printed page: whose results, status, self-assessed, questionnaire version."""
    words = results_words(locale)
    status = words_in("assessment_status", locale).get(context.status, context.status)
    return PageMarks(
        whose=words["whose"].format(member=context.member_name, code=context.member_code, cycle=context.cycle,
                                    status=status),
        what=words["what"].format(questionnaire=questionnaire.id, version=questionnaire.version),
        draft=words["draft"] if context.draft else "",
        made=words["made"].format(when=context.generated_at.strftime("%Y-%m-%d %H:%M UTC")),
        pages=words["pages"],
    )


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
    w = results_words(locale)
    out = SheetWriter(ws, SUMMARY_WIDTHS)
    note = unofficial_note(locale)
    if note:
        out.append([note], NOTE)
    overall = result["overall"]
    review = questionnaire.review_status
    wrapped_note = NOTE.changed(alignment=Alignment(vertical="top", wrap_text=True))

    out.append([w["title"].format(member=context.member_name, code=context.member_code, cycle=context.cycle)],
               TITLE, height=22)
    out.spanning(method_texts(locale)["self_assessed_text"], wrapped_note, SUMMARY_COLUMNS)
    out.blank()
    facts = [
        (w["member"], f"{context.member_name} ({context.member_code})"),
        (w["cycle"], context.cycle),
        (w["status"], words_in("assessment_status", locale).get(context.status, context.status)),
        (w["source"], context.source),
        (w["questionnaire"], w["questionnaire_version"].format(
            title=tr(questionnaire.title, locale), id=questionnaire.id, version=questionnaire.version)),
        (w["review"], review_state_in_words(questionnaire, locale)),
        (w["method_version"], result.get("scoring_version", "")),
        (w["method"], method_words(result.get("scoring_version"), questionnaire.version, locale)),
        (w["made_on"], context.generated_at.strftime("%Y-%m-%d %H:%M UTC")),
    ]
    for label, value in facts:
        out.append([label, value], [LABEL, TEXT])
    out.spanning(tr(review.get("text"), locale), wrapped_note, SUMMARY_COLUMNS)
    out.blank()

    out.append([w["headline"]], SUBTITLE, height=18)
    big = Font(bold=True, size=12)
    headline = [
        (w["core_gap"], overall["gap"], NUMBER, w["core_gap_note"]),
        (w["band"], band_in_words(overall["band"], overall["provisional"], locale), TEXT, w["band_note"]),
        (w["completeness"], overall["completeness"], PERCENT,
         w["completeness_note"] + (w["provisional_note"] if overall["provisional"] else "")),
        (w["critical_gaps"], overall["critical_gaps"], INTEGER, w["critical_gaps_note"]),
        (w["beyond_gap"], overall["beyond_minimum_gap"], NUMBER, w["beyond_gap_note"]),
        (w["bills_gap"], overall["if_bills_pass_gap"], NUMBER, w["bills_gap_note"]),
    ]
    method2 = result.get("scoring_version") == "2.0"
    if method2:
        sections = {s["id"]: _title(questionnaire, s, locale) for s in result["sections"]}
        headline[1] = (headline[1][0], headline[1][1], TEXT, weakest_words(overall, sections, locale)
                       + " " + w["band_note_2"])
        headline[2] = (headline[2][0], headline[2][1], PERCENT, w["completeness_note_2"]
                       + (w["provisional_note_2"] if overall["provisional"] else ""))
        headline[3] = (headline[3][0], headline[3][1], INTEGER, w["critical_gaps_note_2"])
        headline += [
            (w["obligations_gap"], overall["obligations_gap"], NUMBER, w["obligations_gap_note"]),
            (w["best_case"], overall["best_case_gap"], NUMBER, w["best_case_note"]),
            (w["profile"], profile_words(overall.get("profile"), locale), TEXT, w["profile_note"]),
            (w["unknown_unanswered"], w["unknown_unanswered_value"].format(
                unknown=overall["unknown"], unanswered=overall["unanswered"]), TEXT, w["unknown_unanswered_note"]),
        ]
    # provisional figures (completeness below the threshold) get a neutral pattern and the word, never a colour
    # that reads as final
    provisional = bool(overall["provisional"])
    gap_labels = {w[k] for k in ("core_gap", "beyond_gap", "bills_gap", "obligations_gap", "best_case")}
    headline_rows = []
    for label, value, style, note in headline:
        if provisional and label in gap_labels:
            style = PROVISIONAL_NUMBER
        elif provisional and label == w["band"]:
            style = PROVISIONAL_TEXT
        headline_rows.append(out.append([label, value, note], [LABEL, style.changed(font=big), NOTE]))
    out.blank()

    out.append([w["by_module"]], SUBTITLE, height=18)
    out.append([w["module"], "", *w["figure_headers"], w["weakest_header"] if method2 else ""],
               HEADER, height=32)
    final_rows: list[int] = []  # rows whose figures are coloured
    for module in result["modules"]:
        weakest = ""
        if method2:
            weakest = f"{weakest_words(module, sections, locale)} {profile_words(module.get('profile'), locale)}."
        gap, band = _figure_styles(module["provisional"])
        row = out.append([_title(questionnaire, module, locale), "", module["gap"],
                          band_in_words(module["band"], module["provisional"], locale),
                          module["completeness"], module["critical_gaps"], module["beyond_minimum_gap"],
                          module["if_bills_pass_gap"], weakest],
                         [BOLD_WRAP, None, gap, band, PERCENT, INTEGER, gap, gap, WRAP])
        if not module["provisional"]:
            final_rows.append(row)
    out.blank()

    # by section: a contiguous table, which the chart reads
    out.append([w["by_section"]], SUBTITLE, height=18)
    section_header = out.append([w["section"], w["module"], *w["figure_headers"], w["capped_by"]],
                                HEADER, height=32)
    titles = {m["id"]: _title(questionnaire, m, locale) for m in result["modules"]}
    named = question_names(questionnaire, locale)
    for section in result["sections"]:
        gap, band = _figure_styles(section["provisional"])
        row = out.append([_title(questionnaire, section, locale), titles.get(section["module"], section["module"]),
                          section["gap"], band_in_words(section["band"], section["provisional"], locale),
                          section["completeness"],
                          section["critical_gaps"], section["beyond_minimum_gap"], section["if_bills_pass_gap"],
                          "; ".join(_cap_in_words(c, named, questionnaire, locale) for c in section["capped_by"])],
                         [WRAP, WRAP, gap, band, PERCENT, INTEGER, gap, gap, WRAP])
        if not section["provisional"]:
            final_rows.append(row)
    section_last = out.row

    headline_gaps = [headline_rows[i] for i, (label, *_rest) in enumerate(headline) if label in gap_labels]
    if not provisional:
        add_colours(ws, row_ranges("B", headline_gaps), [gap_scale()])
        add_colours(ws, f"B{headline_rows[1]}", band_rules(f"B{headline_rows[1]}", words_in("band", locale)))
    for columns in ("C", "G:H"):
        add_colours(ws, row_ranges(columns, final_rows), [gap_scale()])
    if final_rows:
        add_colours(ws, row_ranges("D", final_rows), band_rules(f"D{min(final_rows)}", words_in("band", locale)))

    if section_last > section_header:
        # the chart starts a printed page of its own rather than being cut by a page break
        ws.row_breaks.append(Break(id=section_last + 1))
        ws.add_chart(_section_chart(ws, section_header, section_last, w), f"A{section_last + 2}")


def question_names(questionnaire: Questionnaire, locale: str = "en", limit: int = 70) -> dict[str, str]:
    """Question id → its text, shortened, with the id after it (the id finds the row on the Answers sheet)."""
    w = results_words(locale)
    names = {}
    for q in questionnaire.questions:
        text = " ".join(tr(q.text, locale).split())
        if len(text) > limit:
            text = text[: limit - 1].rstrip() + "…"
        names[q.id] = w["question_name"].format(text=text, id=q.id)
    return names


def _cap_in_words(cap: Mapping[str, Any] | str, names: Mapping[str, str], questionnaire: Questionnaire,
                  locale: str) -> str:
    """What holds a section down: the question (text and id), the component by its label, and why."""
    if not isinstance(cap, Mapping):
        return names.get(cap, cap)
    qid = cap["question"]
    text = names.get(qid, qid)
    if cap.get("component"):
        question = questionnaire.question(qid) if questionnaire.has_question(qid) else None
        component = question.component(cap["component"]) if question else None
        label = tr(component.label, locale) if component else cap["component"]
        text += results_words(locale)["cap_component"].format(label=label)
    return f"{text}: {cap_reason_words(cap['reason'], locale)}"


def _figure_styles(provisional: bool) -> tuple[Style, Style]:
    """The styles of a row's gap and band cells: plain (coloured by the conditional formats) when final, the
    neutral provisional pattern with the word otherwise."""
    return (PROVISIONAL_NUMBER, PROVISIONAL_TEXT) if provisional else (NUMBER, TEXT)


def _section_chart(ws: Any, header_row: int, last_row: int, w: Mapping[str, Any]) -> BarChart:
    chart = BarChart()
    chart.type = "bar"
    chart.style = 10
    chart.title = w["chart_title"]
    chart.add_data(Reference(ws, min_col=3, min_row=header_row, max_row=last_row), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=header_row + 1, max_row=last_row))
    chart.y_axis.scaling.min = 0
    chart.y_axis.scaling.max = 100
    chart.y_axis.majorUnit = 25
    chart.y_axis.title = w["core_gap"]
    # the scale's own format (the figures' may carry the word "provisional", which their labels keep)
    chart.y_axis.numFmt = NumFmt(formatCode="0", sourceLinked=False)
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


def citations_in_words(citations: Any, locale: str = "en") -> str:
    """One line per citation: act, section (year), status and link."""
    statuses = words_in("citation_status", locale)
    lines = []
    for citation in citations or ():
        if not isinstance(citation, Mapping):
            continue
        text = str(citation.get("act") or "")
        if citation.get("section"):
            text += f", {citation['section']}"
        if citation.get("year"):
            text += f" ({citation['year']})"
        status = word_for(statuses, citation.get("status"), citation.get("status") or "")
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
        parts.append(results_words(locale)["main_challenge"]
                     + words_in("challenge", locale).get(request["challenge"], request["challenge"]))
    if request.get("note"):
        parts.append(str(request["note"]))
    return "; ".join(parts)


def _question_level(question: Question, locale: str = "en") -> str:
    if question.level:
        return f"{question.level} ({word('level', question.level, locale)})"
    if question.components:
        levels = sorted({c.level for c in question.components}, key=list(LEVEL_WORDS).index)
        return str(results_words(locale)["components_levels"]).format(levels=", ".join(levels))
    return ""


def _answers(ws: Any, questionnaire: Questionnaire, result: Mapping[str, Any],
             answers: Mapping[str, Mapping[str, Any]], ta_catalogue: TACatalogue, locale: str) -> None:
    w = results_words(locale)
    states, flags, obligations = (words_in(group, locale) for group in ("state", "question_flag", "obligation"))
    rows_by_id = {row["id"]: row for row in result.get("questions", ())}
    # "why this score": each question's share of its section's gap, and the critical questions holding it down
    points = {entry["question"]: entry["points"] for section in result.get("sections", ())
              for entry in (section.get("explanation") or {}).get("points", ())}
    capping = {cap["question"] if isinstance(cap, Mapping) else cap
               for section in result.get("sections", ()) for cap in section.get("capped_by", ())}
    headers = list(w["answer_headers"])
    rows = []
    for module in questionnaire.modules:
        for section in module.sections:
            for q in section.questions:
                answer = answers.get(q.id) or {}
                scored = rows_by_id.get(q.id)
                state = states.get(scored["state"], scored["state"]) if scored else (
                    w["not_scored"] if not q.scored else "")
                rows.append([
                    q.id,
                    tr(q.text, locale),
                    answer_in_words(q, answer, locale),
                    state,
                    scored["score"] if scored else None,
                    scored["weight"] if scored else None,
                    points.get(q.id),
                    scored["beyond_minimum_score"] if scored else None,
                    _question_level(q, locale),
                    w["critical"] if q.critical else "",
                    w["yes"] if q.id in capping else "",
                    tr(module.title, locale),
                    tr(section.title, locale),
                    ", ".join(q.elements),
                    sources_in_words(q),
                    citations_in_words(answer.get("citations"), locale),
                    answer.get("comment") or "",
                    answer.get("justification") or "",
                    ta_request_in_words(answer.get("ta_request"), ta_catalogue, locale),
                    "; ".join(flags.get(f, f) for f in scored["flags"]) if scored else "",
                    obligations.get(scored["obligation"], scored["obligation"]) if scored else "",
                ])
    # the id column fits the longest id: ids do not wrap and a cut one cannot be found again
    widths = [_fitting(r[0] for r in rows), 45, 32, 12, 7, 7, 9, 9, 12, 8, 12, 14, 22, 9, 16, 30, 30, 22, 24, 18,
              11]
    write_table(ws, headers, rows, widths=widths, freeze_at="C1", paper="A3",
                styles=[TEXT, WRAP, WRAP, TEXT, DECIMAL, NUMBER, NUMBER, DECIMAL, WRAP, TEXT, WRAP, WRAP, WRAP,
                        WRAP, WRAP, WRAP, WRAP, WRAP, WRAP, WRAP, TEXT])


def _answered(questionnaire: Questionnaire, answers: Mapping[str, Mapping[str, Any]]
              ) -> Iterator[tuple[Section, Question, Mapping[str, Any]]]:
    """(section, question, answer) for each answered question, in questionnaire order."""
    for module in questionnaire.modules:
        for section in module.sections:
            for q in section.questions:
                answer = answers.get(q.id)
                if answer:
                    yield section, q, answer


def _citations(ws: Any, questionnaire: Questionnaire, answers: Mapping[str, Mapping[str, Any]], locale: str) -> None:
    """One row per citation, its link clickable (http and https addresses only)."""
    w = results_words(locale)
    statuses = words_in("citation_status", locale)
    rows = []
    for section, q, answer in _answered(questionnaire, answers):
        for citation in answer.get("citations") or ():
            if not isinstance(citation, Mapping):
                continue
            url = str(citation.get("url") or "")
            rows.append([q.id, tr(q.text, locale), tr(section.title, locale), citation.get("act") or "",
                         citation.get("section") or "", citation.get("year"),
                         word_for(statuses, citation.get("status"), citation.get("status") or ""),
                         Link(url, url) if url else ""])
    widths = [_fitting(r[0] for r in rows), 45, 22, 32, 16, 7, 10, 40]
    write_table(ws, list(w["citation_headers"]), rows, widths=widths, freeze_at="B1",
                title=w["citations_title"], note=None if rows else w["no_citations"],
                styles=[TEXT, WRAP, WRAP, WRAP, WRAP, INTEGER, TEXT, LINK])


def _ta_requests(ws: Any, questionnaire: Questionnaire, answers: Mapping[str, Mapping[str, Any]],
                 ta_catalogue: TACatalogue, locale: str) -> None:
    """The member's own TA requests, with the question and section beside each and the category in words."""
    w = results_words(locale)
    challenges = words_in("challenge", locale)
    rows = []
    for section, q, answer in _answered(questionnaire, answers):
        request = answer.get("ta_request")
        if not isinstance(request, Mapping) or not request.get("category"):
            continue
        category = request["category"]
        rows.append([q.id, tr(q.text, locale), tr(section.title, locale),
                     tr(ta_catalogue.categories.get(category), locale) or category,
                     word_for(challenges, request.get("challenge"), request.get("challenge") or ""),
                     str(request.get("note") or "")])
    widths = [_fitting(r[0] for r in rows), 45, 22, 30, 26, 50]
    write_table(ws, list(w["request_headers"]), rows, widths=widths, freeze_at="B1",
                title=w["requests_title"], note=None if rows else w["no_requests"],
                styles=[TEXT, WRAP, WRAP, WRAP, WRAP, WRAP])


# --------------------------------------------------------------------------- What it would take (method 2)


def _next_bands(ws: Any, questionnaire: Questionnaire, result: Mapping[str, Any], locale: str) -> None:
    """Per section: what it would take to reach the next band, beside the figures that say where it stands."""
    w = results_words(locale)
    titles = {q.id: tr(q.text, locale) for q in questionnaire.questions if q.scored}
    headers = list(w["next_band_headers"])
    rows = []
    for section in result["sections"]:
        step = section.get("next_band")
        rows.append([
            _title(questionnaire, section, locale),
            band_in_words(section["band"], section["provisional"], locale),
            section["gap"],
            section["obligations_gap"],
            section["best_case_gap"],
            word("band", step["band"], locale) if step else "",
            len(step["needs"]) if step else None,
            next_band_words(step, titles, locale) if step else (w["best_band"] if section["band"] else
                                                        w["no_core_score"]),
            "; ".join(cap_words(c, titles, locale) for c in section["capped_by"]),
        ])
    write_table(ws, headers, rows, widths=[26, 20, 8, 11, 8, 16, 9, 70, 45], freeze_at="B1",
                note=w["next_band_note"],
                styles=[WRAP, TEXT, NUMBER, NUMBER, NUMBER, TEXT, INTEGER, WRAP, WRAP])


# --------------------------------------------------------------------------- Elements, TA plan, Methodology


#: TA plan: the most resources listed per item (the element pages list them all)
TA_RESOURCES_SHOWN = 8


def _elements(ws: Any, result: Mapping[str, Any], elements: ElementCatalogue, locale: str,
              element_url: Callable[[str], str] | None) -> None:
    w = results_words(locale)
    element_states = words_in("element_state", locale)
    headers = list(w["element_headers"])
    if element_url is not None:
        headers.append(w["element_page"])
    rows = []
    for row in result.get("elements", ()):
        element = elements.get(row["id"])
        rows.append([
            row["id"],
            tr(element.title, locale) if element else "",
            w["critical"] if row["critical"] else "",
            element_states.get(row["state"], row["state"]),
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
    # only a known state gets a gap colour: a gap over the parts answered so far, while others are unknown or not
    # answered, would read as final
    known = [number for number, row in enumerate(result.get("elements", ()), start=2) if row["state"] in ("gap", "met")]
    add_colours(ws, row_ranges("F", known), [gap_scale()])


def _resources_in_words(element_ids: list[str], resources: ResourceCatalogue, locale: str) -> str:
    """One line per resource provision serving the elements, at most :data:`TA_RESOURCES_SHOWN`."""
    lines = [reference.line(locale) for reference in resources.for_elements(element_ids)]
    if len(lines) > TA_RESOURCES_SHOWN:
        more = len(lines) - TA_RESOURCES_SHOWN
        lines = [*lines[:TA_RESOURCES_SHOWN], results_words(locale)["more_resources"].format(more=more)]
    return "\n".join(lines)


def _ta_plan(ws: Any, questionnaire: Questionnaire, result: Mapping[str, Any], ta_catalogue: TACatalogue,
             resources: ResourceCatalogue, locale: str) -> None:
    w = results_words(locale)
    challenges, audiences = words_in("challenge", locale), words_in("audience", locale)
    headers = list(w["ta_headers"])
    where = {q.id: (tr(q.text, locale), tr(section.title, locale))
             for module in questionnaire.modules for section in module.sections for q in section.questions}
    rows = []
    for rank, item in enumerate(result.get("ta", ()), start=1):
        category = item.get("category") or ""
        requests = []
        for entry in item.get("self_requested", ()):
            text = entry["question"]
            if entry.get("challenge"):
                text += f" ({challenges.get(entry['challenge'], entry['challenge'])})"
            if entry.get("note"):
                text += f": {entry['note']}"
            requests.append(text)
        # the result keeps the item's English text; the catalogue has it in the workbook's language
        found = ta_catalogue.get(item.get("id") or "") if locale != "en" else None
        rows.append([
            rank,
            item["priority"],
            tr(ta_catalogue.categories.get(category), locale) or category,
            tr(found.text, locale) if found else item.get("text") or "",
            ", ".join(audiences.get(a, a) for a in item.get("audience") or ()),
            item.get("reference") or "",
            ", ".join(item.get("triggered_by", ())),
            "\n".join(requests),
        ])
        behind = dict.fromkeys([*item.get("triggered_by", ()),
                                *(e["question"] for e in item.get("self_requested", ()))])
        rows[-1].append("\n".join(f"{qid}: {where[qid][0]} ({where[qid][1]})" if qid in where else qid
                                   for qid in behind))
        concerned = elements_tested_by(questionnaire, [*item.get("triggered_by", ()),
                                                       *(e["question"] for e in item.get("self_requested", ()))])
        rows[-1] += [", ".join(concerned), _resources_in_words(concerned, resources, locale)]
    multiplier = questionnaire.scoring.critical_multiplier
    note = w["ta_note_2" if result.get("scoring_version") == "2.0" else "ta_note"].format(
        multiplier=f"{multiplier:g}")
    write_table(ws, headers, rows, widths=[6, 9, 24, 50, 20, 36, 20, 34, 50, 14, 60], freeze_at="A1", note=note,
                paper="A3", styles=[INTEGER, NUMBER, WRAP, WRAP, WRAP, WRAP, WRAP, WRAP, WRAP, WRAP, WRAP])


def _methodology(ws: Any, questionnaire: Questionnaire, result: Mapping[str, Any], locale: str) -> None:
    params = questionnaire.scoring
    method2 = result.get("scoring_version") == "2.0"
    m = method_texts(locale)
    rows: list[list[Any]] = [
        [m["method_version"], result.get("scoring_version", ""), m["method_version_note"]],
        [m["questionnaire"], m["questionnaire_value"].format(id=questionnaire.id, version=questionnaire.version),
         tr(questionnaire.title, locale)],
    ]
    for status, value in params.status_scores.items():
        status_words = status.replace("_", " ") if locale == "en" else word("status", status, locale)
        rows.append([m["status_value"].format(status=status_words), float(value), ""])
    for level, weight in params.level_weights.items():
        pool = m["core_pool"] if level in ("M", "Mq", "F") else m["beyond_pool"]
        rows.append([m["level_weight"].format(level=level, words=word("level", level, locale)), float(weight),
                     pool])
    for band, max_gap in params.bands:
        rows.append([m["band_limit"].format(band=word("band", band, locale)), float(max_gap), m["band_limit_note"]])
    rows += [
        [m["cap_level"], float(params.cap_level), m["cap_level_note_2" if method2 else "cap_level_note"]],
        [m["threshold"], float(params.completeness_threshold), m["threshold_note_2" if method2 else "threshold_note"]],
        [m["multiplier"], float(params.critical_multiplier), m["multiplier_note"]],
    ]
    method = [
        [m["how"], "", m["how_note_2" if method2 else "how_note"]],
        [m["self_assessed"], "", m["self_assessed_text"]],
        *([label, "", text] for label, text in m["method_2" if method2 else "method_1"]),
        [m["reproducible"], "", m["reproducible_note"]],
    ]
    value_width = min(_fitting(r[1] for r in rows), 40)
    write_table(ws, list(m["headers"]), rows + method, widths=[44, value_width, 90],
                freeze_at="A1", styles=[WRAP, WRAP, WRAP])


def _fitting(values: Iterable[Any]) -> int:
    """A width (characters) that shows each of ``values`` on one line, within :data:`ID_WIDTHS`."""
    narrowest, widest = ID_WIDTHS
    return min(widest, max([narrowest, *(text_width(v) + 2 for v in values)]))
