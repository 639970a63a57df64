"""Helpers for the workbook tests: make offline workbooks, fill them in as a person would, and the answers
that filling in should give."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from openpyxl import Workbook, load_workbook

from exports.offline import ANSWER, COMMENT, JUSTIFICATION, TA_CATEGORY, TA_CHALLENGE, TA_NOTE, OfflineContext
from exports.offline import build_offline_workbook as _build
from questionnaires.model import Questionnaire

#: the assessment id written into workbooks made without a database (tests create it with this id)
WORKBOOK_ASSESSMENT_ID = 4242
DOWNLOADED = datetime(2026, 3, 2, 10, 0)

#: what the worked example's focal point had answered before downloading (all at version 1)
BEFORE: dict[str, dict[str, Any]] = {
    "party_untoc": {"value": True},
    "tip_acts": {"value": ["recruitment"], "citations": [{"act": "Penal Code", "section": "s. 212", "year": 2008,
                                                          "status": "in_force"}]},
    "tip_consent": {"value": "partially"},
    "ml_predicates": {"value": "in_place", "comment": "Schedule 1 lists them."},
}

#: cells to fill: question id → {column: value}; values typed the way spreadsheet programs store them
FILL: dict[str, dict[int, Any]] = {
    "party_untoc": {ANSWER: "Yes"},
    "party_tipp": {ANSWER: True},
    "party_somp": {ANSWER: "  no "},
    "asean_member": {ANSWER: "FALSE"},
    "untoc_ratified_on": {ANSWER: datetime(2004, 9, 29)},
    "legal_tradition": {ANSWER: "Common law"},
    "has_sea_border": {ANSWER: "No"},
    "tip_acts": {COMMENT: "=1+1"},
    "tip_consent": {ANSWER: "Largely in place ", COMMENT: "@SUM(A1)"},
    "tip_cross_border": {ANSWER: "no"},
    "tip_attempt": {ANSWER: "Precluded by fundamental principles",
                    JUSTIFICATION: "Attempt is not a concept of our criminal law."},
    "tip_penalty": {ANSWER: "7"},
    "tip_notes": {ANSWER: "-3", COMMENT: "\tindented note"},
    "som_fomb": {ANSWER: "Only money counts", TA_CATEGORY: "Legislative drafting and legal advice",
                 TA_CHALLENGE: "Specificities of the legal system", TA_NOTE: "A model provision."},
    "ml_conduct": {},
    "ml_predicates": {ANSWER: "Unknown", COMMENT: None},
    "jur_nationals": {ANSWER: "TRUE"},
    "ext_nationals": {ANSWER: "in_place"},
    "mla_days": {ANSWER: 30.0},
}
COMPONENTS: dict[tuple[str, str], Any] = {
    ("tip_acts", "recruitment"): "Covered",
    ("tip_acts", "transport"): " covered",
    ("tip_acts", "transfer"): "Not covered",
    ("tip_acts", "harbouring"): "Unknown",
    ("ml_conduct", "conversion"): "Covered",
    ("ml_conduct", "concealment"): "Covered",
    ("ml_conduct", "acquisition"): "Covered",
    ("ml_conduct", "cash_couriers"): "Covered",
}
#: Citations rows to write (replacing the sheet's rows): Ref, question (ignored), act, section, year, status, link
CITATIONS: list[list[Any]] = [
    ["tip_acts", None, "Penal Code", "s. 212", "2015.0", "In force", None],
    ["tip_acts", None, "Penal Code Amendment", "s. 212A", 2019, "bill", "https://example.org/bill"],
    ["tip_consent", None, "Anti-Trafficking Act", 9, 2012.0, None, None],
    ["ml_conduct", None, "Proceeds of Crime Act", "s. 5", 2015, "In force", None],
]
#: the answers filling in gives (canonical form)
EXPECTED: dict[str, dict[str, Any]] = {
    "party_untoc": {"value": True},
    "party_tipp": {"value": True},
    "party_somp": {"value": False},
    "asean_member": {"value": False},
    "untoc_ratified_on": {"value": "2004-09-29"},
    "legal_tradition": {"value": "common_law"},
    "has_sea_border": {"value": False},
    "tip_acts": {"value": ["recruitment", "transport"], "unknown_components": ["harbouring"],
                 "citations": [{"act": "Penal Code", "section": "s. 212", "year": 2015, "status": "in_force"},
                               {"act": "Penal Code Amendment", "section": "s. 212A", "year": 2019, "status": "bill",
                                "url": "https://example.org/bill"}],
                 "comment": "=1+1"},
    "tip_consent": {"value": "largely", "citations": [{"act": "Anti-Trafficking Act", "section": "9", "year": 2012,
                                                         "status": "in_force"}], "comment": "@SUM(A1)"},
    "tip_cross_border": {"value": False},
    "tip_attempt": {"precluded": True, "justification": "Attempt is not a concept of our criminal law."},
    "tip_penalty": {"value": 7},
    "tip_notes": {"value": "-3", "comment": "indented note"},
    "som_fomb": {"value": "cash_only", "ta_request": {"category": "TA-LEG", "challenge": "legal_system",
                                                       "note": "A model provision."}},
    "ml_conduct": {"value": ["conversion", "concealment", "acquisition", "cash_couriers"],
                   "citations": [{"act": "Proceeds of Crime Act", "section": "s. 5", "year": 2015,
                                  "status": "in_force"}]},
    "ml_predicates": {"unknown": True},
    "jur_nationals": {"value": True},
    "ext_nationals": {"value": "in_place"},
    "mla_days": {"value": 30},
}


def with_versions(answers: Mapping[str, Mapping[str, Any]], version: int = 1) -> dict[str, dict[str, Any]]:
    return {qid: {**answer, "version": version} for qid, answer in answers.items()}


def saved(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def offline_bytes(questionnaire: Questionnaire, answers: Mapping[str, Mapping[str, Any]] | None = None, *,
                  assessment_id: int = WORKBOOK_ASSESSMENT_ID, editable: frozenset[str] | None = None,
                  status: str = "draft") -> bytes:
    context = OfflineContext(assessment_id, "XA", "Test jurisdiction XA", "2026", status, DOWNLOADED, editable)
    return saved(_build(questionnaire, with_versions(BEFORE) if answers is None else answers, context))


def rows_by_key(workbook: Workbook) -> dict[str, tuple[str, int]]:
    """Hidden id (question id or question/component) → (sheet title, row number), over the module sheets."""
    found = {}
    for ws in workbook.worksheets:
        if ws.title in ("Instructions", "Citations", "Lists", "Meta"):
            continue
        for row in ws.iter_rows(min_row=4, max_col=1):
            key = row[0].value
            if key:
                found[key] = (ws.title, row[0].row)
    return found


def rezip(data: bytes, parts: Mapping[str, Callable[[bytes], bytes | None]],
          added: Mapping[str, bytes] | None = None) -> bytes:
    """The workbook ``data`` (a zip) with ``parts`` changed (name → a function of the part's bytes giving its new
    bytes, or None to leave it out) and the ``added`` parts written beside them: what a hostile or broken tool
    could hand in."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            changed = parts[info.filename](content) if info.filename in parts else content
            if changed is not None:
                target.writestr(info.filename, changed)
        for name, content in (added or {}).items():
            target.writestr(name, content)
    return buffer.getvalue()


def put(ws: Any, coordinate: str, value: Any) -> None:
    """Type a value into a cell; text that starts with "=" is text, as when a person types it into a cell
    formatted as text (openpyxl would otherwise store a formula)."""
    cell = ws[coordinate]
    cell.value = value
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"


def fill(data: bytes, cells: Mapping[str, Mapping[int, Any]] | None = None,
         components: Mapping[tuple[str, str], Any] | None = None,
         citations: list[list[Any]] | None = None, raw: Mapping[tuple[str, str], Any] | None = None) -> bytes:
    """Fill in a downloaded offline workbook with openpyxl, as a person would in a spreadsheet program.

    :param cells: question id → {column: value} on the question's row
    :param components: (question id, component id) → value on the component's row
    :param citations: rows for the Citations sheet (existing rows are replaced)
    :param raw: (sheet, cell) → value, written as is (to tamper with hidden cells)
    """
    from openpyxl.utils import get_column_letter

    workbook = load_workbook(io.BytesIO(data))
    where = rows_by_key(workbook)
    for qid, columns in (cells or {}).items():
        sheet, row = where[qid]
        for column, value in columns.items():
            put(workbook[sheet], f"{get_column_letter(column)}{row}", value)
    for (qid, component), value in (components or {}).items():
        sheet, row = where[f"{qid}/{component}"]
        put(workbook[sheet], f"{get_column_letter(ANSWER)}{row}", value)
    if citations is not None:
        ws = workbook["Citations"]
        for row in ws.iter_rows(min_row=4, max_col=7):
            for cell in row:
                if cell.column != 2:
                    cell.value = None
        for index, values in enumerate(citations):
            for column, value in enumerate(values, start=1):
                if column != 2:
                    put(ws, f"{get_column_letter(column)}{4 + index}", value)
    for (sheet, coordinate), value in (raw or {}).items():
        workbook[sheet][coordinate].value = value
    return saved(workbook)


def filled_sample(questionnaire: Questionnaire, **kwargs: Any) -> bytes:
    """The sample questionnaire's offline workbook (downloaded with :data:`BEFORE`), filled in with
    :data:`FILL`, :data:`COMPONENTS` and :data:`CITATIONS`."""
    return fill(offline_bytes(questionnaire, **kwargs), FILL, COMPONENTS, CITATIONS)


def workbook_assessment(db, answers, status="draft"):
    """The assessment the workbooks of ``tests.excel_helpers`` were made for (id 4242), answered at version 1."""
    from sqlalchemy import select

    from assessment.models import Answer, Assessment, Cycle, utcnow
    from assessment.services.answer_store import apply_answer
    from tests.factories import fictional_member

    cycle = db.session.scalar(select(Cycle).where(Cycle.code == "2026"))
    assessment = Assessment(id=WORKBOOK_ASSESSMENT_ID, member=fictional_member("XA"), cycle=cycle, status=status,
                            questionnaire_id="sample", questionnaire_version=1)
    db.session.add(assessment)
    db.session.flush()
    for qid, answer in answers.items():
        row = Answer(assessment_id=assessment.id, question_id=qid, version=1, updated_by_label="test",
                     updated_at=utcnow())
        apply_answer(row, answer)
        db.session.add(row)
    db.session.commit()
    return assessment
