"""The offline questionnaire: a workbook to fill in without a connection, and reading it back.

Contract:

:func:`build_offline_workbook` returns an unsaved write-only :class:`openpyxl.Workbook` for one assessment:

- **Instructions**, then one sheet per module: a row per question (its id as "Ref", text, answer, help and
  rubric, justification, comment, TA request, requirement, sources) and a row per coverage component under
  its question; section title rows between sections;
- drop-down lists fed from named ranges on a hidden **Lists** sheet (never inline lists, which Excel caps at
  255 characters and LibreOffice re-saves differently);
- **Citations**: one row per legislation citation, keyed by the question id (Ref), with blank rows to add more;
- a very hidden **Meta** sheet with the format, questionnaire id and version, structure checksum
  (:func:`questionnaires.loader.structure_checksum`), assessment, member, cycle and download time, and on every
  question row hidden, locked cells with the question id, the version of its answer at download and a
  fingerprint of that answer (so that an upload changes only what was changed in the workbook);
- pre-filled with the current answers; every sheet protected (no password: it prevents slips) except the
  answer cells, and the workbook structure locked so sheets are not renamed, moved or deleted.

Write-only mode holds for every sheet: openpyxl writes data validation, protection and merged cells after the
rows, so none of them needs a normal-mode sheet. The workbook holds no formulas and no links; text that looks
like a formula is written as text (:mod:`exports.common`).

:func:`read_offline_workbook` reads an uploaded file back. It first refuses anything that is not a plain
.xlsx within the limits (:func:`exports.safety.check_xlsx`, before openpyxl parses anything; openpyxl parses
with defusedxml), then reads **every** cell tolerantly (``2015.0``, ``TRUE``, ``Yes``, stray spaces, numbers
stored as text, dates as dates or ``YYYY-MM-DD``) and reports **every** problem as (sheet, cell, message):
wrong questionnaire, version, checksum or assessment; changed, duplicated or missing ids; unknown choices;
wrong types; N/A or precluded where not allowed or without justification. openpyxl's warnings about parts
it does not support (extensions Excel adds) are kept as notes, never fatal. Answers come back in the
canonical form of :func:`scoring.answers.canonical_answer`, with the version and fingerprint of download.
Every cell means every cell the questionnaire defines: the reader never goes beyond the columns of each
sheet, the rows of a module's questions and components (and :data:`SPARE_ROWS`), :data:`MAX_CITATIONS`
citations per question and the Meta rows, whatever else the file holds; entries just below are reported.

No Flask, no SQLAlchemy.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import warnings
import zipfile
import zlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from openpyxl import load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook import Workbook
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.cell_range import MultiCellRange
from openpyxl.worksheet.datavalidation import DataValidation

from exports.common import (
    HEADER,
    INPUT,
    LABEL,
    NOT_APPLICABLE,
    NOTE,
    SUBTITLE,
    TEXT,
    TITLE,
    WRAP,
    PageMarks,
    SheetWriter,
    Style,
    clean_text,
    freeze,
    mark_pages,
    new_workbook,
    print_setup,
    protect,
    row_ranges,
    word_for,
)
from exports.safety import DAMAGED, SAFETY_REFUSALS, UNREADABLE, Limits, Refusal, check_xlsx
from questionnaires import limits
from questionnaires.loader import default_ta_catalogue, structure_checksum
from questionnaires.model import Component, Question, Questionnaire, TACatalogue, tr
from questionnaires.progress import progress
from questionnaires.translations import Sentences, localized_words, unofficial_note, word, words_in
from questionnaires.types import DATE_FORMAT, TEXT_FORMAT, CoverageType, kind_of
from questionnaires.types import key as _key
from questionnaires.words import (
    CHALLENGE_WORDS,
    CITATION_STATUS_WORDS,
    COMPONENT_WORDS,
    review_in_words,
    sources_in_words,
    who_answers,
)
from scoring.answers import FLAGS, canonical_answer, check_answer

#: every label this workbook writes, in one place (for translations); with :data:`MODULE_HEADERS` and
#: :data:`CITATION_HEADERS`, which reading it back checks
WORDS: dict[str, Any] = {
    "whose": "{member} ({code}) · cycle {cycle} · {status}",
    "what": "Self-assessed · offline questionnaire {questionnaire}, version {version}",
    "draft": "DRAFT",
    "made": "Downloaded {when}",
    # "&A", "&P" and "&N" are the sheet's name, the page and the number of pages
    "pages": "&A · page &P of &N",
    "options": "Answers in the list: {options}",
    # Instructions
    "title": "Offline questionnaire: {member} ({code}), cycle {cycle}",
    "questionnaire": "Questionnaire",
    "questionnaire_value": "{title} ({id}), version {version}",
    "review": "Review status of the questionnaire",
    "status": "Assessment status",
    "downloaded": "Downloaded",
    "answered": "Answers at download",
    "answered_value": "{answered} of {total} questions that apply, as the web page counts them (not counting "
                      "questions skipped because of earlier answers, nor free-text questions left empty)",
    "can_change": "You can change",
    "read_only": "nothing: this copy is read-only (the other cells are locked)",
    "progress": "Progress by section",
    "of_answered": "{answered} of {total} answered",
    "complete": " (complete)",
    "how": "How to fill it in",
    "steps": (
        ("Where", "Each module has its own sheet: one row per question and, for questions that list the parts "
         "of an offence or measure, one row per part (component) under the question. Answer in the yellow "
         "cells; the other cells cannot be changed."),
        ("Answers", "Choose answers from the drop-down lists. For numbers and dates, type the value (dates as "
         "YYYY-MM-DD); the list offers the special answers. For components choose Covered, Not covered or "
         "Unknown; parts left empty count as not covered once any part is answered."),
        ("Unknown", "\"Unknown\" means the legal position needs to be confirmed: it scores 0 and asks for "
         "assistance to confirm it. \"Not applicable\" and \"Precluded by fundamental principles\" appear "
         "only where the questionnaire allows them, and need a justification."),
        ("Legislation", "Cite the law on the Citations sheet, one row per act or provision, with the Ref of "
         "the question (column D of the module sheets). Only law in force counts; mark bills and drafts."),
        ("Assistance", "Where you need technical assistance, choose its kind and the main challenge, and say "
         "what would help, in the TA columns of the question's row."),
        ("Keep the structure", "Do not add, delete, move or rename rows or sheets. Hidden cells identify "
         "each question and the answer you downloaded, so that only what you change is changed online."),
        ("Save", "Save the file as an Excel Workbook (.xlsx). Colleagues can fill it in one after another."),
        ("Upload", "Upload it on the assessment's page (Upload the offline workbook). You will see every "
         "problem with its sheet and cell, and each change (old → new), before anything is saved. Answers "
         "that colleagues changed online since this download are shown as conflicts with both versions; "
         "they are kept unless you choose to overwrite them."),
    ),
    "colours": "Colours",
    "colour_input": ("Your answers", "Yellow cells: answers, justifications, comments, TA requests, citations."),
    "colour_grey": ("Does not apply", "Grey cells: this row does not take that kind of entry (or the section is not "
                                      "yours to change)."),
    # module sheets
    "module_note": "Answer in the yellow cells. Cite the law on the Citations sheet with the question's Ref. Do not "
                   "add, delete or move rows.",
    "choose_title": "Choose from the list",
    "choose": "Choose one of the answers in the list.",
    "answer_prompt": "Answer",
    "year_title": "Year",
    "doc_title": "Offline questionnaire {code} {cycle}",
    # the Requirement column
    "critical": "Critical",
    "level_critical": "{level}, critical",
    "creator": "Legislative self-assessment toolkit",
    # the column headings of the module sheets and the Citations sheet (reading checks them, in the workbook's
    # language or in English)
    "module_headers": ("Question id (hidden)", "Version at download (hidden)", "Answer at download (hidden)", "Ref",
                       "Question", "Answer", "Help and rubric", "Justification (for Not applicable or Precluded)",
                       "Comment", "TA: kind of assistance", "TA: main challenge", "TA: what would help",
                       "Requirement", "Sources"),
    "citation_headers": ("Ref (question id)", "Question (for reference)", "Act or instrument", "Section or article",
                         "Year", "Status", "Link"),
    "citations_title": "Citations: one row per act or provision relied on",
    "citations_note": "Ref = the question's id (column D of the module sheets). Status: In force, Bill or Draft; only "
                      "law in force counts. Add citations in the yellow rows below.",
}


#: what reading an uploaded workbook can find wrong, with named placeholders: the word group ``upload``
#: (``word.upload.<key>``), so that the person uploading reads the problems in their language
PROBLEMS: dict[str, str] = {
    "damaged": DAMAGED,
    "unreadable": UNREADABLE,
    **SAFETY_REFUSALS,
    "rows_below": "This sheet has entries below row {last}, the last row it can hold ({why}); nothing from this "
                  "row on is read. Delete those rows, or download a new workbook and copy your answers into it.",
    "why_module": "the module's questions and a few spare rows",
    "why_citations": "{count} citations for each question",
    "no_meta": "This is not an offline questionnaire of this toolkit (its hidden Meta sheet is missing). Download "
               "the offline workbook from the assessment's page and fill that in.",
    "sheet_missing": "The sheet of the module '{module}' is missing.",
    "sheet_renamed": "The sheet of the module '{module}' is missing. The workbook has a sheet named '{found}' "
                     "instead: rename it back to '{sheet}'.",
    "sheets_added": "The sheet of the module '{module}' is missing. The workbook has sheets named {sheets} that it "
                    "did not have when downloaded.",
    "no_id": "This row has answers but no question id: rows cannot be added to the module sheets.",
    "unknown_question": "Unknown question id {id}: the hidden id cells were changed. Download a new workbook, or "
                        "undo the change.",
    "question_elsewhere": "Unknown question id {id} (it belongs on another sheet): the hidden id cells were "
                          "changed. Download a new workbook, or undo the change.",
    "unknown_component": "Unknown component id {id}: the hidden id cells were changed.",
    "component_twice": "The component {id} appears twice.",
    "question_twice": "The question {id} appears twice.",
    "question_missing": "The row of question {id} ({text}) is missing or its id was changed.",
    "component_missing": "The row of component {id} is missing or its id was changed.",
    "version_changed": "The hidden version cell was changed; download a new workbook.",
    "formula": "This cell holds a formula ({formula}); type the answer itself. To keep text that starts with =, "
               "type an apostrophe before it.",
    "not_ours": "This is not an offline questionnaire of this toolkit. Download the offline workbook from the "
                "assessment's page.",
    "format_version": "This workbook has format version {found}; this site reads version {expected}. Download a "
                      "new offline workbook.",
    "other_version": "This workbook is for questionnaire {found} version {found_version}, but the assessment now "
                     "uses {questionnaire} version {version}. Download a new offline workbook and copy your "
                     "answers into it.",
    "checksum": "The questions of this workbook do not match the questionnaire (its structure checksum differs). "
                "Download a new offline workbook.",
    "other_assessment": "This workbook was downloaded for another assessment (member {member}, cycle {cycle}). "
                        "Upload it on that assessment's page, or download this assessment's workbook.",
    "columns_changed": "Expected the column {expected} here, found {heading}: the columns of this sheet were "
                       "changed, so its answers cannot be read. Download a new workbook.",
    "column_or_english": "{expected} (or {english})",
    "heading_found": "the heading {heading}",
    "heading_empty": "an empty heading",
    "component_state": "{value} is not one of: Covered, Not covered, Unknown.",
    "ta_category": "{value} is not a kind of assistance in the list.",
    "ta_challenge": "{value} is not a challenge in the list.",
    "citations_missing": "The Citations sheet is missing.",
    "citation_no_ref": "Say which question this citation is for (its Ref, the question id).",
    "citation_unknown_ref": "{ref} is not a question id of this questionnaire (the Ref in column D of the module "
                            "sheets).",
    "citation_year": "{value} is not a year. {advice}",
    "citation_status": "{value} is not one of: In force, Bill, Draft.",
}


#: one of :data:`PROBLEMS` in a language (English where it has no current translation), filled in
problem_words = Sentences("upload")


def _refusal_words(refusal: str, locale: str) -> str:
    """A refusal of :func:`exports.safety.check_xlsx` in ``locale`` when it is one of its fixed sentences."""
    if locale == "en":
        return refusal
    if isinstance(refusal, Refusal):
        return problem_words(refusal.key, locale, **refusal.values)
    key = next((k for k, english in PROBLEMS.items() if english == refusal), None)
    return problem_words(key, locale) if key is not None else refusal


def offline_words(locale: str) -> dict[str, Any]:
    """:data:`WORDS` in ``locale`` (English where a label has no current translation)."""
    return localized_words(WORDS, "workbook.offline", locale)


def module_headers(locale: str) -> dict[int, str]:
    """The module sheets' column headings in ``locale``, by column."""
    return dict(enumerate(offline_words(locale)["module_headers"], start=1))


def citation_headers(locale: str) -> dict[int, str]:
    """The Citations sheet's column headings in ``locale``, by column."""
    return dict(enumerate(offline_words(locale)["citation_headers"], start=1))


#: statuses whose answers are still a draft: every printed page says DRAFT
DRAFT_STATUSES = ("draft", "changes_requested")
FORMAT = "bali-assessment offline questionnaire"
FORMAT_VERSION = 1
META_SHEET = "Meta"
LISTS_SHEET = "Lists"
CITATIONS_SHEET = "Citations"
INSTRUCTIONS_SHEET = "Instructions"
#: rows above the data on module and Citations sheets: title, note, header
HEADER_ROW = 3
#: rows below the citations that get the drop-downs for new citations
BLANK_CITATION_ROWS = 300

# module sheet columns (1-based)
(KEY, VERSION, FINGERPRINT, REF, QUESTION, ANSWER, HELP, JUSTIFICATION, COMMENT, TA_CATEGORY, TA_CHALLENGE,
 TA_NOTE, REQUIREMENT, SOURCES) = range(1, 15)
#: the English column headings by column (the workbook's language: :func:`module_headers`)
MODULE_HEADERS: dict[int, str] = dict(enumerate(WORDS["module_headers"], start=1))
MODULE_WIDTHS = [18, 8, 18, 18, 50, 26, 50, 30, 36, 24, 22, 30, 22, 22]
# Citations sheet columns
C_REF, C_QUESTION, C_ACT, C_SECTION, C_YEAR, C_STATUS, C_URL = range(1, 8)
CITATION_HEADERS: dict[int, str] = dict(enumerate(WORDS["citation_headers"], start=1))
CITATION_WIDTHS = [22, 48, 36, 18, 8, 12, 40]
#: a citation's parts → their columns
CITATION_COLUMNS = {"act": C_ACT, "section": C_SECTION, "year": C_YEAR, "status": C_STATUS, "url": C_URL}
SECTION_ROW = Style(font=Font(bold=True, color="1F4E79"), fill=PatternFill("solid", fgColor="DDEBF7"),
                    alignment=Alignment(vertical="center"))
QUESTION_TEXT = Style(font=Font(bold=True), alignment=Alignment(vertical="top", wrap_text=True))
COMPONENT_TEXT = Style(alignment=Alignment(vertical="top", wrap_text=True, indent=2))
SMALL_WRAP = Style(font=Font(size=9), alignment=Alignment(vertical="top", wrap_text=True))
#: text entries: formatted as text, so that what people type there (even "=..." or "-3") stays text
INPUT_TEXT = INPUT.changed(number_format="@")
#: answer cells of the types with a number format of their own (dates, texts), open and locked, made once (working
#: out a style's name takes longer than writing a row)
ANSWER_STYLES = {(open_cell, number_format): (INPUT if open_cell else NOT_APPLICABLE).changed(
    number_format=number_format) for open_cell in (True, False) for number_format in (DATE_FORMAT, TEXT_FORMAT)}


# --------------------------------------------------------------------------- answers ↔ cells


def _normalise_strings(value: Any) -> Any:
    if isinstance(value, str):
        return clean_text(value.replace("\r\n", "\n").replace("\r", "\n")).strip()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):
        return [_normalise_strings(v) for v in value]
    if isinstance(value, Mapping):
        return {k: _normalise_strings(v) for k, v in value.items()}
    return value


def normalise_answer(question: Question, answer: Mapping[str, Any] | None) -> dict[str, Any]:
    """An answer as a workbook holds it: canonical form, no version, texts stripped with line feeds only,
    integral numbers as integers. Comparing two normalised answers tells whether the workbook changed it."""
    if not answer:
        return {}
    return canonical_answer(question, _normalise_strings({k: v for k, v in answer.items() if k != "version"}))


def answer_fingerprint(question: Question, answer: Mapping[str, Any] | None) -> str:
    """A short hash of the normalised answer (``""`` for none), written beside each answer at download."""
    return _fingerprint_of(normalise_answer(question, answer))


def _help_text(question: Question, locale: str, options: Sequence[str] = (),
               w: Mapping[str, Any] | None = None) -> str:
    """The Help column: the question's help, what its type says (rubric, answers in full, unit), and every answer
    its drop-down offers."""
    parts = [tr(question.help, locale)] if question.help else []
    parts += kind_of(question).help_lines(locale)
    if question.audience:
        parts.append(who_answers(question.audience, locale))
    if options:
        parts.append((w or offline_words(locale))["options"].format(options=" · ".join(options)))
    return "\n".join(p for p in parts if p)


def _requirement(level: str | None, critical: bool, locale: str = "en",
                 w: Mapping[str, Any] | None = None) -> str:
    """``M (Mandatory), critical``; ``w``: :func:`offline_words` of ``locale``, when the caller has them."""
    words = f"{level} ({word('level', level, locale)})" if level else ""
    if not critical:
        return words
    w = w or offline_words(locale)
    return str(w["level_critical"]).format(level=words) if words else str(w["critical"])


# --------------------------------------------------------------------------- writing


@dataclass(frozen=True)
class OfflineContext:
    """The assessment a workbook is made for."""

    assessment_id: int
    member_code: str
    member_name: str
    cycle: str
    status: str
    downloaded_at: datetime
    #: sections whose answers may be changed (``None``: all); other sections' cells are locked
    editable_sections: frozenset[str] | None = None


class _Lists:
    """The hidden Lists sheet: one column per distinct list, each behind a workbook-level name."""

    def __init__(self) -> None:
        self.by_values: dict[tuple[str, ...], str] = {}
        self.columns: list[tuple[str, tuple[str, ...]]] = []

    def name(self, base: str, values: Sequence[str]) -> str:
        values = tuple(values)
        if values in self.by_values:
            return self.by_values[values]
        # names that cannot be read as a cell reference (no letters-then-digits): a prefix and an underscore
        name = f"list_{base}"
        taken = {n for n, _ in self.columns}
        suffix = 2
        while name in taken:
            name = f"list_{base}_{suffix}"
            suffix += 1
        self.by_values[values] = name
        self.columns.append((name, values))
        return name

    def write(self, wb: Workbook, ws: Any) -> None:
        longest = max((len(v) for _, v in self.columns), default=0)
        ws.append([name for name, _ in self.columns])
        for index in range(longest):
            ws.append([values[index] if index < len(values) else None for _, values in self.columns])
        for column, (name, values) in enumerate(self.columns, start=1):
            letter = get_column_letter(column)
            ref = f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${len(values) + 1}"
            wb.defined_names[name] = DefinedName(name, attr_text=ref)


#: one cell's coordinate: its column letters and row
_ONE_CELL = re.compile(r"([A-Z]+)([0-9]+)")


class _Validations:
    """Drop-downs of one sheet: one DataValidation per (list, strictness, prompt), its cells collected first
    and set once (adding cells one by one to openpyxl's cell ranges costs time quadratic in their number)."""

    def __init__(self, ws: Any, locale: str = "en") -> None:
        self.ws = ws
        self.words = offline_words(locale)
        self.items: dict[tuple[str, bool, str], tuple[DataValidation, list[str]]] = {}

    def add(self, coordinate: str, list_name: str, *, strict: bool = True, prompt: str = "") -> None:
        key = (list_name, strict, prompt)
        if key not in self.items:
            validation = DataValidation(
                type="list", formula1=list_name, allow_blank=True, showDropDown=False,
                showErrorMessage=strict, errorStyle="stop" if strict else "information",
                errorTitle=self.words["choose_title"], error=self.words["choose"],
                showInputMessage=bool(prompt), promptTitle=self.words["answer_prompt"] if prompt else None,
                prompt=prompt[:250] or None,
            )
            self.items[key] = (validation, [])
        self.items[key][1].append(coordinate)

    def close(self) -> None:
        """Attach the validations to the sheet (before it is saved), runs of cells one below the other as one
        range each (openpyxl parses every range it is given)."""
        for validation, coordinates in self.items.values():
            rows_by_column: dict[str, list[int]] = {}
            ranges = []
            for coordinate in coordinates:
                if found := _ONE_CELL.fullmatch(coordinate):
                    rows_by_column.setdefault(found[1], []).append(int(found[2]))
                else:
                    ranges.append(coordinate)
            ranges += [row_ranges(column, rows) for column, rows in rows_by_column.items()]
            validation.sqref = MultiCellRange(" ".join(ranges))
            self.ws.data_validations.append(validation)


def _sheet_title(text: str, taken: set[str]) -> str:
    title = re.sub(r"[\[\]:*?/\\']", " ", text).strip()[:31] or "Module"
    base, n = title, 2
    while title.casefold() in taken:
        title = f"{base[:28]} {n}"
        n += 1
    taken.add(title.casefold())
    return title


def build_offline_workbook(
    questionnaire: Questionnaire,
    answers: Mapping[str, Mapping[str, Any]],
    context: OfflineContext,
    *,
    ta_catalogue: TACatalogue | None = None,
    locale: str = "en",
) -> Workbook:
    """The offline questionnaire workbook for one assessment, pre-filled with ``answers``.

    :param questionnaire: the questionnaire version the assessment answers
    :param answers: question id → answer in the answers format **with** its ``version`` (missing: 0)
    :param context: the assessment, member, cycle, status, download time and the sections that may be changed
    :param ta_catalogue: for the TA categories (default: the shipped catalogue)
    :returns: an unsaved write-only workbook
    """
    ta_catalogue = ta_catalogue or default_ta_catalogue()
    wb = new_workbook()
    taken = {INSTRUCTIONS_SHEET.casefold(), CITATIONS_SHEET.casefold(), LISTS_SHEET.casefold(),
             META_SHEET.casefold()}
    instructions = wb.create_sheet(INSTRUCTIONS_SHEET)
    module_sheets = [(module, wb.create_sheet(_sheet_title(tr(module.title, locale), taken)))
                     for module in questionnaire.modules]
    citations = wb.create_sheet(CITATIONS_SHEET)
    lists_ws = wb.create_sheet(LISTS_SHEET)
    meta = wb.create_sheet(META_SHEET)

    lists = _Lists()
    category_names = [tr(title, locale) for title in ta_catalogue.categories.values()]
    shared = {
        "component": lists.name("component", [word("component", state, locale) for state in COMPONENT_WORDS]),
        "category": lists.name("ta_category", category_names),
        "challenge": lists.name("ta_challenge", list(words_in("challenge", locale).values())),
        "citation_status": lists.name("citation_status", list(words_in("citation_status", locale).values())),
        "question_ids": lists.name("question_ids", [q.id for q in questionnaire.questions if q.scored]),
    }
    editable = context.editable_sections

    _instructions(instructions, questionnaire, answers, context, locale)
    for module, ws in module_sheets:
        _module_sheet(ws, module, questionnaire, answers, lists, shared, ta_catalogue, editable, locale)
    _citations_sheet(citations, questionnaire, answers, shared, editable, locale)
    lists.write(wb, lists_ws)
    lists_ws.sheet_state = "hidden"
    protect(lists_ws)
    _meta(meta, questionnaire, context, [(module.id, ws.title) for module, ws in module_sheets], locale)
    meta.sheet_state = "veryHidden"
    protect(meta)
    wb.security = WorkbookProtection(lockStructure=True)
    w = offline_words(locale)
    wb.properties.title = w["doc_title"].format(code=context.member_code, cycle=context.cycle)
    wb.properties.creator = w["creator"]
    status = words_in("assessment_status", locale).get(context.status, context.status)
    mark_pages(wb, PageMarks(
        whose=w["whose"].format(member=context.member_name, code=context.member_code, cycle=context.cycle,
                                    status=status),
        what=w["what"].format(questionnaire=questionnaire.id, version=questionnaire.version),
        draft=w["draft"] if context.status in DRAFT_STATUSES else "",
        made=w["made"].format(when=context.downloaded_at.strftime("%Y-%m-%d %H:%M UTC")),
        pages=w["pages"],
    ))
    return wb


def _instructions(ws: Any, questionnaire: Questionnaire, answers: Mapping[str, Mapping[str, Any]],
                  context: OfflineContext, locale: str) -> None:
    print_setup(ws, landscape=False)
    out = SheetWriter(ws, [30, 90])
    w = offline_words(locale)
    # counted as the web page counts: answered questions that apply ÷ questions that apply
    per_section = progress(questionnaire, answers)
    counts = per_section["*"]
    out.append([w["title"].format(member=context.member_name, code=context.member_code, cycle=context.cycle)],
               TITLE, height=22)
    note = unofficial_note(locale)
    if note:
        out.append([note])
    out.blank()
    facts = [
        (w["questionnaire"], w["questionnaire_value"].format(title=tr(questionnaire.title, locale),
                                                             id=questionnaire.id, version=questionnaire.version)),
        (w["review"], review_in_words(questionnaire, locale)),
        (w["status"], words_in("assessment_status", locale).get(context.status, context.status)),
        (w["downloaded"], context.downloaded_at.strftime("%Y-%m-%d %H:%M UTC")),
        (w["answered"], w["answered_value"].format(answered=counts.answered, total=counts.total)),
    ]
    if context.editable_sections is not None:
        names = [tr(s.title, locale) for s in questionnaire.sections if s.id in context.editable_sections]
        facts.append((w["can_change"], "; ".join(names) if names else w["read_only"]))
    for label, value in facts:
        out.append([label, value], [LABEL, WRAP])
    out.blank()
    out.append([w["progress"]], SUBTITLE, height=18)
    for module in questionnaire.modules:
        counts_of_module = per_section[module.id]
        out.append([tr(module.title, locale), w["of_answered"].format(answered=counts_of_module.answered,
                                                                      total=counts_of_module.total)],
                   [LABEL, LABEL])
        for section in module.sections:
            counts_of_section = per_section[section.id]
            done = w["complete"] if counts_of_section.total and counts_of_section.complete else ""
            out.append([f"   {tr(section.title, locale)}",
                        w["of_answered"].format(answered=counts_of_section.answered, total=counts_of_section.total)
                        + done], [WRAP, WRAP])
    out.blank()
    out.append([w["how"]], SUBTITLE, height=18)
    for label, text in w["steps"]:
        out.append([label, text], [LABEL, WRAP])
    out.blank()
    out.append([w["colours"]], SUBTITLE, height=18)
    out.append(list(w["colour_input"]), [INPUT.changed(protection=None), WRAP])
    out.append(list(w["colour_grey"]), [NOT_APPLICABLE, WRAP])
    protect(ws)


def _module_sheet(ws: Any, module: Any, questionnaire: Questionnaire, answers: Mapping[str, Mapping[str, Any]],
                  lists: _Lists, shared: Mapping[str, str], ta_catalogue: TACatalogue,
                  editable: frozenset[str] | None, locale: str) -> None:
    freeze(ws, f"{get_column_letter(ANSWER)}{HEADER_ROW + 1}")
    print_setup(ws, title_rows=f"{HEADER_ROW}:{HEADER_ROW}", paper="A3")
    widths = list(MODULE_WIDTHS)
    widths[REF - 1] = min(34, max([10, *(len(q.id) + 2 for q in module.questions)]))
    # the help, requirement and sources columns carry their cells' style, so that their empty cells are left out
    out = SheetWriter(ws, widths, hidden=[get_column_letter(c) for c in (KEY, VERSION, FINGERPRINT)],
                      column_styles={HELP - 1: SMALL_WRAP, REQUIREMENT - 1: WRAP, SOURCES - 1: WRAP})
    validations = _Validations(ws, locale)
    out.append([None, None, None, tr(module.title, locale)], [None, None, None, TITLE], height=22)
    out.append([None, None, None, offline_words(locale)["module_note"]], [None, None, None, NOTE])
    out.append(list(offline_words(locale)["module_headers"]), HEADER, height=32)
    categories = {cid: tr(title, locale) for cid, title in ta_catalogue.categories.items()}
    blank = [None] * len(MODULE_HEADERS)

    for section in module.sections:
        row: list[Any] = list(blank)
        row[REF - 1] = tr(section.title, locale)
        out.append(row, [None, None, None] + [SECTION_ROW] * (len(MODULE_HEADERS) - 3), height=20)
        can_change = editable is None or section.id in editable
        for question in section.questions:
            answer = answers.get(question.id) or {}
            _question_row(out, validations, lists, shared, categories, question, answer, can_change, locale)
            for component in question.components:
                _component_row(out, validations, shared, question, component, answer, can_change, locale)
    validations.close()
    protect(ws)
    ws.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(MODULE_HEADERS))}{max(out.row, HEADER_ROW + 1)}"


def _question_row(out: SheetWriter, validations: _Validations, lists: _Lists, shared: Mapping[str, str],
                  categories: Mapping[str, str], question: Question, answer: Mapping[str, Any],
                  can_change: bool, locale: str) -> None:
    row_number = out.row + 1
    kind = kind_of(question)
    version = answer.get("version") or 0
    takes_justification = question.na_allowed or question.precluded_allowed
    takes_ta = question.scored
    request = answer.get("ta_request") if isinstance(answer.get("ta_request"), Mapping) else {}
    spec = kind.cell_spec(locale)
    values: list[Any] = [
        question.id,
        version,
        answer_fingerprint(question, answer),
        question.id,
        tr(question.text, locale),
        kind.cell_value(answer, locale),
        _help_text(question, locale, [words for words, _ in spec.options], validations.words),
        answer.get("justification"),
        answer.get("comment"),
        word_for(categories, request.get("category")) if request else None,
        word_for(words_in("challenge", locale), request.get("challenge")) if request else None,
        request.get("note") if request else None,
        _requirement(question.level, question.critical, locale, validations.words),
        sources_in_words(question),
    ]
    entry = INPUT if can_change else NOT_APPLICABLE
    text_entry = INPUT_TEXT if can_change else NOT_APPLICABLE
    # a date is written as a date (and a text as text) whether the cell is open or locked
    answer_style = (ANSWER_STYLES.get((can_change, spec.number_format)) or entry.changed(
        number_format=spec.number_format)) if spec.number_format else entry
    styles: list[Style | None] = [
        None, None, None, TEXT, QUESTION_TEXT, answer_style, SMALL_WRAP,
        text_entry if takes_justification else NOT_APPLICABLE,
        text_entry,
        entry if takes_ta else NOT_APPLICABLE,
        entry if takes_ta else NOT_APPLICABLE,
        text_entry if takes_ta else NOT_APPLICABLE,
        WRAP, WRAP,
    ]
    out.append(values, styles)
    if not can_change:
        return
    options = [words for words, _ in spec.options]
    if options:
        validations.add(f"{get_column_letter(ANSWER)}{row_number}", lists.name(spec.list_name, options),
                        strict=spec.strict, prompt=spec.prompt)
    if takes_ta:
        validations.add(f"{get_column_letter(TA_CATEGORY)}{row_number}", shared["category"])
        validations.add(f"{get_column_letter(TA_CHALLENGE)}{row_number}", shared["challenge"])


def _component_row(out: SheetWriter, validations: _Validations, shared: Mapping[str, str], question: Question,
                   component: Component, answer: Mapping[str, Any], can_change: bool, locale: str) -> None:
    row_number = out.row + 1
    kind = kind_of(question)
    assert isinstance(kind, CoverageType)
    words = kind.component_cell(answer, component.id, locale)
    values = [f"{question.id}/{component.id}", None, None, None, "◦ " + tr(component.label, locale), words,
              tr(component.help, locale) if component.help else None, None, None, None, None, None,
              _requirement(component.level, component.critical, locale, validations.words), None]
    entry = INPUT if can_change else NOT_APPLICABLE
    # the other entry columns stay blank and unstyled on component rows: locked like every unstyled cell, and
    # not written at all, which keeps a large questionnaire's workbook quick to make
    styles = [None, None, None, None, COMPONENT_TEXT, entry, SMALL_WRAP] + [None] * 5 + [WRAP, None]
    out.append(values, styles)
    if can_change:
        validations.add(f"{get_column_letter(ANSWER)}{row_number}", shared["component"])


def _citations_sheet(ws: Any, questionnaire: Questionnaire, answers: Mapping[str, Mapping[str, Any]],
                     shared: Mapping[str, str], editable: frozenset[str] | None, locale: str) -> None:
    freeze(ws, f"A{HEADER_ROW + 1}")
    print_setup(ws, title_rows=f"{HEADER_ROW}:{HEADER_ROW}")
    widths = list(CITATION_WIDTHS)
    widths[C_REF - 1] = min(34, max([widths[C_REF - 1], *(len(q.id) + 3 for q in questionnaire.questions)]))
    open_rows = editable is None or bool(editable)
    # every row below the citations is open for new ones: the entry columns carry the input style as their
    # default, so the empty rows need not be written one by one (nor the empty open cells of the citations)
    entry_columns = {column - 1: INPUT if column in (C_YEAR, C_STATUS) else INPUT_TEXT
                     for column in (C_REF, C_ACT, C_SECTION, C_YEAR, C_STATUS, C_URL)} if open_rows else {}
    out = SheetWriter(ws, widths, column_styles=entry_columns, whole_columns=True)
    validations = _Validations(ws, locale)
    plain = [TEXT] * len(CITATION_HEADERS)
    w = offline_words(locale)
    out.append([w["citations_title"]] + [None] * 6, [TITLE, *plain[1:]], height=22)
    out.append([w["citations_note"]] + [None] * 6, [NOTE, *plain[1:]])
    out.append(list(w["citation_headers"]), HEADER, height=20)
    for question in questionnaire.questions:
        can_change = editable is None or question.section_id in editable
        entry = INPUT if can_change else NOT_APPLICABLE
        text_entry = INPUT_TEXT if can_change else NOT_APPLICABLE
        for citation in (answers.get(question.id) or {}).get("citations") or ():
            if not isinstance(citation, Mapping):
                continue
            status = word_for(words_in("citation_status", locale), citation.get("status"))
            out.append([question.id, tr(question.text, locale), citation.get("act"), citation.get("section"),
                        citation.get("year"), status, citation.get("url")],
                       [text_entry, SMALL_WRAP, text_entry, text_entry, entry, entry, text_entry])
    last = max(out.row + BLANK_CITATION_ROWS, HEADER_ROW + 1) if open_rows else max(out.row, HEADER_ROW + 1)
    for ref, name in ((f"A{HEADER_ROW + 1}:A{last}", shared["question_ids"]),
                      (f"F{HEADER_ROW + 1}:F{last}", shared["citation_status"])):
        validations.add(ref, name)
    validations.close()
    # a year is a whole number within the table of limits (the upload says the same words if one is not)
    ws.data_validations.append(DataValidation(
        type="whole", operator="between", formula1=str(limits.YEAR_MIN), formula2=str(limits.YEAR_MAX),
        allow_blank=True, showErrorMessage=True, errorStyle="stop", errorTitle=w["year_title"],
        error=limits.ENTER_YEAR, sqref=f"E{HEADER_ROW + 1}:E{last}"))
    protect(ws)
    ws.protection.insertRows = False  # people may insert rows between citations
    ws.auto_filter.ref = f"A{HEADER_ROW}:G{last}"


def _meta(ws: Any, questionnaire: Questionnaire, context: OfflineContext, sheets: list[tuple[str, str]],
          locale: str = "en") -> None:
    rows: list[tuple[str, Any]] = [
        ("format", FORMAT),
        ("format_version", FORMAT_VERSION),
        ("questionnaire_id", questionnaire.id),
        ("questionnaire_version", questionnaire.version),
        ("structure_checksum", structure_checksum(questionnaire)),
        ("assessment_id", context.assessment_id),
        ("member", context.member_code),
        ("cycle", context.cycle),
        ("downloaded_at", context.downloaded_at.strftime("%Y-%m-%dT%H:%M:%SZ")),
        # the language of the labels, so that the reader maps them back whatever language reads it
        ("language", locale),
    ]
    rows += [(f"sheet:{module_id}", title) for module_id, title in sheets]
    out = SheetWriter(ws, [24, 40])
    for key, value in rows:
        out.append([key, value])


# --------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class CellProblem:
    """Something wrong in an uploaded workbook, where it is."""

    sheet: str
    cell: str
    message: str

    def __str__(self) -> str:
        where = f"{self.sheet}!{self.cell}" if self.sheet and self.cell else (self.sheet or "workbook")
        return f"{where}: {self.message}"


@dataclass
class OfflineAnswer:
    """One question's answer as the workbook gives it."""

    question_id: str
    #: canonical, normalised (see :func:`normalise_answer`), without version; ``{}`` for a cleared answer
    answer: dict[str, Any]
    #: the version of the answer at download (0: there was none)
    version: int
    #: :func:`answer_fingerprint` of the answer at download; equal to the fingerprint of ``answer`` = untouched
    fingerprint: str
    sheet: str
    #: the answer cell of the question's row, e.g. ``"F12"``
    cell: str

    @property
    def untouched(self) -> bool:
        return self.fingerprint == _fingerprint_of(self.answer)


@dataclass
class OfflineUpload:
    """What an uploaded workbook holds: its identity, every question's answer, and every problem."""

    questionnaire_id: str | None = None
    questionnaire_version: int | None = None
    checksum: str | None = None
    assessment_id: int | None = None
    member: str | None = None
    cycle: str | None = None
    downloaded_at: str | None = None
    answers: dict[str, OfflineAnswer] = field(default_factory=dict)
    problems: list[CellProblem] = field(default_factory=list)
    #: what openpyxl warned about (parts of the file it does not support); never a reason to refuse
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _fingerprint_of(normalised: Mapping[str, Any]) -> str:
    if not normalised:
        return ""
    text = json.dumps(normalised, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def read_offline_workbook(
    data: bytes,
    questionnaire: Questionnaire,
    limits: Limits,
    *,
    assessment_id: int | None = None,
    ta_catalogue: TACatalogue | None = None,
    locale: str = "en",
) -> OfflineUpload:
    """Read an uploaded offline workbook against the questionnaire its assessment answers.

    :param data: the uploaded file
    :param questionnaire: the assessment's questionnaire version
    :param limits: caps on file size, uncompressed size and zip entries, checked before parsing
    :param assessment_id: when given, a workbook made for another assessment is a problem
    :param locale: the language of the problems (the person's; the workbook's own language, which it records,
        is the language its labels are read in)
    :returns: the answers and every problem; answers are usable only when ``problems`` is empty
    """
    upload = OfflineUpload()
    refusal = check_xlsx(data, limits)
    if refusal:
        upload.problems.append(CellProblem("", "", _refusal_words(refusal, locale)))
        return upload
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            # formulas are read as formulas, never as their cached results: see _rows
            wb = load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_links=False,
                               keep_vba=False)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError):
            # e.g. "Bad CRC-32": a part of the archive does not match its checksum
            upload.problems.append(CellProblem("", "", problem_words("damaged", locale)))
            return upload
        except (KeyError, ValueError, TypeError, IndexError, AttributeError, SyntaxError):
            upload.problems.append(CellProblem("", "", problem_words("unreadable", locale)))
            return upload
        try:
            _read(wb, upload, questionnaire, assessment_id, ta_catalogue or default_ta_catalogue(), locale)
        except (KeyError, ValueError, TypeError, IndexError, AttributeError, SyntaxError):
            upload.problems.append(CellProblem("", "", problem_words("unreadable", locale)))
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError):
            upload.problems.append(CellProblem("", "", problem_words("damaged", locale)))
        finally:
            wb.close()
    upload.notes = sorted({str(w.message) for w in caught})
    upload.problems.sort(key=_problem_order(questionnaire, upload))
    return upload


def _problem_order(questionnaire: Questionnaire, upload: OfflineUpload) -> Any:
    """Problems in reading order: file, Meta, the module sheets in order, Citations; by row, then column."""
    sheets = {"": 0, META_SHEET: 1, INSTRUCTIONS_SHEET: 2, CITATIONS_SHEET: 1000}
    titles = [item.sheet for item in upload.answers.values()]
    for title in dict.fromkeys(titles):
        sheets.setdefault(title, 3 + len(sheets))

    def order(problem: CellProblem) -> tuple[int, int, int, str]:
        match = re.fullmatch(r"([A-Z]+)(\d+)", problem.cell or "")
        # problems of a whole row or sheet (a missing row) come after the cells of that sheet
        row = int(match.group(2)) if match else (10**9 if problem.sheet else 0)
        column = len(match.group(1)) * 100 + ord(match.group(1)[-1]) if match else 0
        return (sheets.get(problem.sheet, 999), row, column, problem.message)

    return order


@dataclass(frozen=True)
class Formula:
    """A cell that holds a formula (never evaluated here: answers are values)."""

    text: str


BOOLEAN_FORMULAS = {"=TRUE()": True, "=FALSE()": False}


#: rows a module sheet may have below its last question row (rows added by hand are reported there)
SPARE_ROWS = 100
#: the most citations one answer holds (the table of limits), which bounds the Citations rows read
MAX_CITATIONS = limits.CITATIONS_MAX
#: rows of the Meta sheet besides one per module
META_ROWS = 50


def _rows(ws: Any, first: int, width: int, last: int) -> Iterator[tuple[int, list[Any]]]:
    """Rows ``first`` to ``last`` of ``width`` cell values; nothing below ``last`` or right of ``width`` is
    read, whatever the sheet holds there. A formula comes back as :class:`Formula`, except ``=TRUE()`` and
    ``=FALSE()``, which is how LibreOffice saves the booleans TRUE and FALSE."""
    for number, row in enumerate(ws.iter_rows(min_row=first, max_row=last, max_col=width), start=first):
        values = []
        for item in row:
            value = item.value
            if item.data_type == "f" and isinstance(value, str):
                value = BOOLEAN_FORMULAS.get(value.replace(" ", "").upper(), Formula(value))
            values.append(value)
        values += [None] * (width - len(values))
        yield number, values


def _bounded_rows(ws: Any, title: str, first: int, width: int, last: int, why: str,
                  problems: list[CellProblem], said: str = "en") -> Iterator[tuple[int, list[Any]]]:
    """:func:`_rows` up to ``last``, the last row the sheet can hold (``why`` says what makes it the last); a
    row with entries right below it is reported, as nothing from there on is read."""
    for number, values in _rows(ws, first, width, last + 1):
        if number <= last:
            yield number, values
        elif any(value not in (None, "") for value in values):
            problems.append(CellProblem(title, f"A{number}", problem_words("rows_below", said, last=last, why=why)))


def _read(wb: Any, upload: OfflineUpload, questionnaire: Questionnaire, assessment_id: int | None,
          ta_catalogue: TACatalogue, said: str) -> None:
    """Read the workbook into ``upload``: its labels in the language it records, its problems in ``said``."""
    problems = upload.problems
    if META_SHEET not in wb.sheetnames:
        problems.append(CellProblem("", "", problem_words("no_meta", said)))
        return
    meta: dict[str, tuple[str, Any]] = {}
    for number, (key, value) in _rows(wb[META_SHEET], 1, 2, META_ROWS + len(questionnaire.modules)):
        if isinstance(key, str) and not isinstance(value, Formula):
            meta[key.strip()] = (f"B{number}", value)
    if not _check_meta(meta, upload, questionnaire, assessment_id, said):
        return

    sheets = {key.split(":", 1)[1]: str(value) for key, (_, value) in meta.items()
              if key.startswith("sheet:") and value}
    # the workbook's own language (one made before workbooks recorded it is English)
    recorded = meta.get("language", ("", "en"))[1]
    locale = recorded if isinstance(recorded, str) and recorded else "en"
    lookups = {q.id: kind_of(q).cell_lookup(locale) for q in questionnaire.questions}
    categories = {_key(tr(t, locale)): cid for cid, t in ta_catalogue.categories.items()}
    categories.update({_key(cid): cid for cid in ta_catalogue.categories})
    challenges = {_key(words): cid for cid, words in CHALLENGE_WORDS.items()}
    challenges.update({_key(cid): cid for cid in CHALLENGE_WORDS})
    # the words of the workbook's own language too
    challenges.update({_key(words): cid for cid, words in words_in("challenge", locale).items()})
    found: dict[str, tuple[str, int, list[Any]]] = {}
    components: dict[tuple[str, str], tuple[str, int, Any]] = {}

    expected = {*sheets.values(), META_SHEET, LISTS_SHEET, CITATIONS_SHEET, INSTRUCTIONS_SHEET}
    strangers = [name for name in wb.sheetnames if name not in expected]
    for module in questionnaire.modules:
        title = sheets.get(module.id)
        if not title or title not in wb.sheetnames:
            # the sheet as found: a renamed sheet is named by its new name
            renamed = len(strangers) == 1 and bool(title)
            name = tr(module.title, said)
            message = (problem_words("sheet_renamed", said, module=name, found=strangers[0], sheet=title)
                       if renamed else
                       problem_words("sheets_added", said, module=name,
                                     sheets=", ".join(repr(n) for n in strangers)) if strangers else
                       problem_words("sheet_missing", said, module=name))
            problems.append(CellProblem(strangers[0] if renamed else title or tr(module.title, locale), "", message))
            continue
        ws = wb[title]
        if not _check_headers(ws, title, module_headers(locale), MODULE_HEADERS, REF, problems, said):
            continue
        own = {q.id for q in module.questions}
        last = HEADER_ROW + _module_rows(module) + SPARE_ROWS
        for number, values in _bounded_rows(ws, title, HEADER_ROW + 1, len(MODULE_HEADERS), last,
                                            problem_words("why_module", said), problems, said):
            _formulas(values, title, number, problems, said)
            key = values[KEY - 1]
            if key is None or (isinstance(key, str) and not key.strip()):
                if any(v not in (None, "") for i, v in enumerate(values) if i + 1 in _ENTRY_COLUMNS):
                    problems.append(CellProblem(title, f"A{number}", problem_words("no_id", said)))
                continue
            key = str(key).strip()
            qid, _, component_id = key.partition("/")
            if qid not in own:
                which = "question_elsewhere" if questionnaire.has_question(qid) else "unknown_question"
                problems.append(CellProblem(title, f"A{number}", problem_words(which, said, id=repr(key))))
                continue
            question = questionnaire.question(qid)
            if component_id:
                if question.component(component_id) is None:
                    problems.append(CellProblem(title, f"A{number}",
                                                problem_words("unknown_component", said, id=repr(key))))
                elif (qid, component_id) in components:
                    problems.append(CellProblem(title, f"A{number}",
                                                problem_words("component_twice", said, id=repr(key))))
                else:
                    components[(qid, component_id)] = (title, number, values[ANSWER - 1])
                continue
            if qid in found:
                problems.append(CellProblem(title, f"A{number}", problem_words("question_twice", said, id=repr(qid))))
                continue
            found[qid] = (title, number, values)

    for question in questionnaire.questions:
        if question.id not in found:
            sheet = sheets.get(question.module_id, "")
            if sheet in wb.sheetnames:
                problems.append(CellProblem(sheet, "", problem_words("question_missing", said, id=repr(question.id),
                                                                     text=tr(question.text, said)[:60])))
            continue
        for component in question.components:
            if (question.id, component.id) not in components:
                problems.append(CellProblem(found[question.id][0], "", problem_words(
                    "component_missing", said, id=f"{question.id}/{component.id}")))

    citations = _read_citations(wb, questionnaire, problems, locale, said)
    for question in questionnaire.questions:
        if question.id not in found:
            continue
        title, number, values = found[question.id]
        answer = _read_answer(question, title, number, values, components, citations.get(question.id, []),
                              lookups[question.id], categories, challenges, problems, locale, said)
        version = _int(values[VERSION - 1])
        if version is None or version < 0:
            problems.append(CellProblem(title, f"B{number}", problem_words("version_changed", said)))
            version = 0
        fingerprint = values[FINGERPRINT - 1]
        upload.answers[question.id] = OfflineAnswer(
            question.id, answer, version, str(fingerprint).strip() if fingerprint else "", title,
            f"{get_column_letter(ANSWER)}{number}")


def _module_rows(module: Any) -> int:
    """Rows below the header on a module's sheet: a title row per section, a row per question and component."""
    return sum(1 + len(section.questions) + sum(len(q.components) for q in section.questions)
               for section in module.sections)


def _formulas(values: list[Any], sheet: str, number: int, problems: list[CellProblem], said: str = "en") -> None:
    """Report every formula in a row, and read it as empty (answers are values, never computed)."""
    for index, value in enumerate(values):
        if isinstance(value, Formula):
            problems.append(CellProblem(sheet, f"{get_column_letter(index + 1)}{number}",
                                        problem_words("formula", said, formula=value.text[:40])))
            values[index] = None


_ENTRY_COLUMNS = frozenset({ANSWER, JUSTIFICATION, COMMENT, TA_CATEGORY, TA_CHALLENGE, TA_NOTE})


def _check_meta(meta: Mapping[str, tuple[str, Any]], upload: OfflineUpload, questionnaire: Questionnaire,
                assessment_id: int | None, said: str = "en") -> bool:
    problems = upload.problems

    def get(key: str) -> tuple[str, Any]:
        return meta.get(key, ("", None))

    cell, value = get("format")
    if value != FORMAT:
        problems.append(CellProblem(META_SHEET, cell, problem_words("not_ours", said)))
        return False
    cell, value = get("format_version")
    if _int(value) != FORMAT_VERSION:
        problems.append(CellProblem(META_SHEET, cell, problem_words("format_version", said, found=value,
                                                                    expected=FORMAT_VERSION)))
        return False
    upload.questionnaire_id = str(get("questionnaire_id")[1] or "")
    upload.questionnaire_version = _int(get("questionnaire_version")[1])
    upload.checksum = str(get("structure_checksum")[1] or "")
    upload.assessment_id = _int(get("assessment_id")[1])
    upload.member = str(get("member")[1] or "")
    upload.cycle = str(get("cycle")[1] or "")
    upload.downloaded_at = str(get("downloaded_at")[1] or "")
    ok = True
    if (upload.questionnaire_id, upload.questionnaire_version) != (questionnaire.id, questionnaire.version):
        problems.append(CellProblem(
            META_SHEET, get("questionnaire_version")[0],
            problem_words("other_version", said, found=upload.questionnaire_id,
                          found_version=upload.questionnaire_version, questionnaire=questionnaire.id,
                          version=questionnaire.version)))
        ok = False
    elif upload.checksum != structure_checksum(questionnaire):
        problems.append(CellProblem(
            META_SHEET, get("structure_checksum")[0],
            problem_words("checksum", said)))
        ok = False
    if assessment_id is not None and upload.assessment_id != assessment_id:
        problems.append(CellProblem(
            META_SHEET, get("assessment_id")[0],
            problem_words("other_assessment", said, member=upload.member, cycle=upload.cycle)))
        ok = False
    return ok


def _check_headers(ws: Any, title: str, headers: Mapping[int, str], english: Mapping[int, str],
                   first_visible: int, problems: list[CellProblem], said: str = "en") -> bool:
    """Whether the sheet's column headings are those of the workbook's language (``headers``) or, for a
    workbook made before workbooks were translated, the English ones; else a problem at the first heading
    that is neither."""
    row = next(_rows(ws, HEADER_ROW, len(headers), HEADER_ROW), (HEADER_ROW, [None] * len(headers)))[1]
    for column, expected in headers.items():
        if column < first_visible:
            continue
        found = _key(row[column - 1] or "")
        if found not in (_key(expected), _key(english[column])):
            wanted = (problem_words("column_or_english", said, expected=repr(expected), english=repr(english[column]))
                      if english[column] != expected else repr(expected))
            heading = (problem_words("heading_found", said, heading=repr(_text(row[column - 1])))
                       if _text(row[column - 1]) else problem_words("heading_empty", said))
            problems.append(CellProblem(title, f"{get_column_letter(column)}{HEADER_ROW}",
                                        problem_words("columns_changed", said, expected=wanted, heading=heading)))
            return False
    return True


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*\d+(\.0+)?\s*", value):
        return int(float(value))
    return None


def _text(value: Any) -> str | None:
    """A cell as text: stripped, line feeds only; numbers without a needless ``.0``; ``None`` when blank."""
    if value is None:
        return None
    if isinstance(value, bool):
        text = "TRUE" if value else "FALSE"
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    elif isinstance(value, datetime):
        text = value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(sep=" ")
    elif isinstance(value, date):
        text = value.isoformat()
    else:
        text = str(value)
    text = clean_text(text.replace("\r\n", "\n").replace("\r", "\n")).strip()
    return text or None


def _read_answer(
    question: Question,
    sheet: str,
    number: int,
    values: list[Any],
    components: Mapping[tuple[str, str], tuple[str, int, Any]],
    citations: list[tuple[int, dict[str, Any]]],
    lookup: Mapping[str, dict[str, Any]],
    categories: Mapping[str, str],
    challenges: Mapping[str, str],
    problems: list[CellProblem],
    locale: str = "en",
    said: str = "en",
) -> dict[str, Any]:
    """One question's answer from its row, its component rows and its citations; problems are added."""
    cells = {column: f"{get_column_letter(column)}{number}" for column in MODULE_HEADERS}
    reported: set[str] = set()

    def problem(where: str, message: str, sheet_name: str = sheet) -> None:
        reported.add(f"{sheet_name}!{where}")
        problems.append(CellProblem(sheet_name, where, message))

    answer: dict[str, Any] = {}
    raw = values[ANSWER - 1]
    text = _text(raw)
    kind = kind_of(question)
    component_cells: dict[str, tuple[str, str]] = {}

    if raw is not None and text is not None:
        read = kind.from_cell(raw, text, lookup, said)
        if read.problem:
            problem(cells[ANSWER], read.problem)
        answer.update(read.part)
    if isinstance(kind, CoverageType):
        covered, unknown, given = [], [], False
        for component in question.components:
            sheet_name, row, value = components.get((question.id, component.id), (sheet, 0, None))
            where = f"{get_column_letter(ANSWER)}{row}" if row else cells[ANSWER]
            component_cells[component.id] = (sheet_name, where)
            state = kind.component_from_cell(value, _text(value), locale)
            if state is None:
                continue
            given = True
            if state == "?":
                problem(where, problem_words("component_state", said, value=repr(_text(value))), sheet_name)
            elif state == "covered":
                covered.append(component.id)
            elif state == "unknown":
                unknown.append(component.id)
        # as on the web page, an answer for the whole question (unknown, not applicable, precluded) wins and the
        # component rows are not used
        if given and not any(answer.get(f) for f in FLAGS):
            answer["value"] = covered
            if unknown:
                answer["unknown_components"] = unknown

    for column, key in ((JUSTIFICATION, "justification"), (COMMENT, "comment")):
        value = _text(values[column - 1])
        if value is not None:
            answer[key] = value

    category_text = _text(values[TA_CATEGORY - 1])
    challenge_text = _text(values[TA_CHALLENGE - 1])
    note = _text(values[TA_NOTE - 1])
    if category_text or challenge_text or note:
        request: dict[str, Any] = {}
        category = categories.get(_key(category_text)) if category_text else "TA-OTH"
        if category is None:
            problem(cells[TA_CATEGORY], problem_words("ta_category", said, value=repr(category_text)))
        else:
            request["category"] = category
        if challenge_text:
            challenge = challenges.get(_key(challenge_text))
            if challenge is None:
                problem(cells[TA_CHALLENGE], problem_words("ta_challenge", said, value=repr(challenge_text)))
            else:
                request["challenge"] = challenge
        if note:
            request["note"] = note
        if "category" in request:
            answer["ta_request"] = request

    citation_rows = []
    for row, citation in citations:
        citation_rows.append(row)
        answer.setdefault("citations", []).append(citation)

    normalised = canonical_answer(question, _normalise_strings(answer))
    for item in check_answer(question, normalised, locale=said):
        place = _where(item.path, sheet, cells, component_cells, citation_rows, question, normalised)
        if f"{place[0]}!{place[1]}" not in reported:
            problems.append(CellProblem(place[0], place[1], _plain(item.message)))
    return normalised


def _where(path: str, sheet: str, cells: Mapping[int, str], component_cells: Mapping[str, tuple[str, str]],
           citation_rows: list[int], question: Question, answer: Mapping[str, Any]) -> tuple[str, str]:
    """The cell a problem of ``check_answer`` (a JSONPath into the answer) points at."""
    match = re.match(r"^\$\.(\w+)(?:\[(\d+)\])?", path)
    if not match:
        return sheet, cells[ANSWER]
    key, index = match.group(1), match.group(2)
    if key == "justification":
        return sheet, cells[JUSTIFICATION]
    if key == "comment":
        return sheet, cells[COMMENT]
    if key == "ta_request":
        return sheet, cells[TA_CHALLENGE] if ".challenge" in path else cells[TA_CATEGORY]
    if key == "citations" and index is not None and int(index) < len(citation_rows):
        part = re.match(r"^\$\.citations\[\d+\]\.(\w+)", path)
        column = CITATION_COLUMNS.get(part.group(1) if part else "", C_REF)
        return CITATIONS_SHEET, f"{get_column_letter(column)}{citation_rows[int(index)]}"
    if key in ("value", "unknown_components") and index is not None:
        items = answer.get(key) or []
        component = items[int(index)] if int(index) < len(items) else None
        if isinstance(component, str) and component in component_cells:
            return component_cells[component]
    return sheet, cells[ANSWER]


def _plain(message: str) -> str:
    """Messages of :func:`check_answer` in the words of the workbook."""
    message = message.replace("carries both a value and the flag", "has both an answer and")
    message = message.replace("; give one or the other", "; keep one")
    return message[:1].upper() + message[1:]


def _read_citations(wb: Any, questionnaire: Questionnaire, problems: list[CellProblem],
                    locale: str = "en", said: str = "en") -> dict[str, list[tuple[int, dict[str, Any]]]]:
    found: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    if CITATIONS_SHEET not in wb.sheetnames:
        problems.append(CellProblem(CITATIONS_SHEET, "", problem_words("citations_missing", said)))
        return found
    ws = wb[CITATIONS_SHEET]
    if not _check_headers(ws, CITATIONS_SHEET, citation_headers(locale), CITATION_HEADERS, C_REF,
                          problems, said):
        return found
    statuses = {_key(words): sid for sid, words in CITATION_STATUS_WORDS.items()}
    statuses.update({_key(sid): sid for sid in CITATION_STATUS_WORDS})
    statuses.update({_key(words): sid for sid, words in words_in("citation_status", locale).items()})
    statuses[_key("in force")] = "in_force"
    last = HEADER_ROW + len(questionnaire.questions) * MAX_CITATIONS + BLANK_CITATION_ROWS
    for number, values in _bounded_rows(ws, CITATIONS_SHEET, HEADER_ROW + 1, len(CITATION_HEADERS), last,
                                        problem_words("why_citations", said, count=MAX_CITATIONS), problems,
                                        said):
        _formulas(values, CITATIONS_SHEET, number, problems, said)
        ref = _text(values[C_REF - 1])
        act = _text(values[C_ACT - 1])
        section = _text(values[C_SECTION - 1])
        year_raw = values[C_YEAR - 1]
        url = _text(values[C_URL - 1])
        status_text = _text(values[C_STATUS - 1])
        if not any((act, section, _text(year_raw), url)):
            if ref and status_text is None:
                continue  # an id alone, e.g. left from a deleted citation: nothing to keep
            continue
        if ref is None:
            problems.append(CellProblem(CITATIONS_SHEET, f"A{number}", problem_words("citation_no_ref", said)))
            continue
        if not questionnaire.has_question(ref):
            problems.append(CellProblem(CITATIONS_SHEET, f"A{number}",
                                        problem_words("citation_unknown_ref", said, ref=repr(ref))))
            continue
        citation: dict[str, Any] = {}
        if act is None:
            problems.append(CellProblem(CITATIONS_SHEET, f"C{number}", limits.say("act", said)))
            continue
        citation["act"] = act
        if section:
            citation["section"] = section
        if _text(year_raw) is not None:
            try:
                citation["year"] = limits.parse_year(year_raw.year if isinstance(year_raw, date) else year_raw)
            except ValueError:
                problems.append(CellProblem(CITATIONS_SHEET, f"E{number}",
                                            problem_words("citation_year", said, value=repr(_text(year_raw)),
                                                          advice=limits.say("year", said))))
                continue
        status = statuses.get(_key(status_text)) if status_text else "in_force"
        if status is None:
            problems.append(CellProblem(CITATIONS_SHEET, f"F{number}",
                                        problem_words("citation_status", said, value=repr(status_text))))
            continue
        citation["status"] = status
        if url:
            citation["url"] = url  # checked with the answer, as every way in checks it
        found.setdefault(ref, []).append((number, citation))
    return found
