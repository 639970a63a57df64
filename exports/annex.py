"""A technical-compliance annex draft: per FATF Recommendation and criterion, the member's answers and the
legislation it cites, as a starting point for the technical-compliance part of a mutual evaluation questionnaire.

Contract: :func:`annex_outline` groups a questionnaire's scored questions by the FATF Recommendation and criterion
their sources cite (a question citing several criteria is listed under each; a requirement without a criterion
number under its Recommendation or Interpretive Note paragraph; with ``fatf="2013"`` only the points of the 2013
Methodology). :func:`build_annex_document` returns an unsaved python-docx ``Document`` and
:func:`build_annex_workbook` an unsaved openpyxl ``Workbook`` of the same outline; the caller saves them. The draft
carries answers and citations only: no score, no band, and it says so, since it is the member's own description of
its law and never a rating. Texts in the workbook go through :mod:`exports.common` (nothing typed becomes a
formula). No Flask, no SQLAlchemy.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from docx import Document
from openpyxl.workbook import Workbook

from exports.common import TEXT, WRAP, new_workbook, write_table
from questionnaires.model import Questionnaire, tr
from questionnaires.standards import is_later_amendment, point_title, sort_key, unit_of, unit_title
from questionnaires.types import answer_in_words

NOTE = ("Drafted from the member's answers to its self-assessment: a starting point for describing its law, "
        "criterion by criterion. It carries no score and no band, and it is not a rating by any assessment body. "
        "Check every statement against the law in force before use.")


@dataclass
class AnnexPoint:
    """A criterion (or a requirement without a criterion number) and the questions citing it."""

    id: str | None
    source: str
    title: str
    methodology: str | None
    questions: list[str] = field(default_factory=list)


@dataclass
class AnnexRecommendation:
    number: str
    title: str
    points: list[AnnexPoint] = field(default_factory=list)

    @property
    def name(self) -> str:
        return f"R.{self.number}"


@dataclass(frozen=True)
class AnnexContext:
    member_code: str
    member_name: str
    cycle: str
    #: where the answers come from, in words (e.g. "Submitted snapshot 2 of 2026-03-03")
    source: str
    generated_at: datetime
    #: ``current`` or ``2013``
    fatf: str = "current"


def annex_outline(questionnaire: Questionnaire, fatf: str = "current") -> list[AnnexRecommendation]:
    """The FATF Recommendations and criteria the questionnaire's scored questions cite, in order."""
    found: dict[str, AnnexRecommendation] = {}
    for question in questionnaire.questions:
        if not question.scored:
            continue
        for source in question.sources:
            point = unit_of(source)
            if point is None or point.instrument != "FATF":
                continue
            if fatf == "2013" and is_later_amendment(point.methodology):
                continue
            recommendation = found.setdefault(point.number, AnnexRecommendation(point.number,
                                                                                unit_title("FATF", point.number)))
            key = point.point or point.cited
            entry = next((p for p in recommendation.points if (p.id or p.source) == key), None)
            if entry is None:
                entry = AnnexPoint(point.point, point.cited, point_title(point), point.methodology)
                recommendation.points.append(entry)
            if question.id not in entry.questions:
                entry.questions.append(question.id)
    for recommendation in found.values():
        recommendation.points.sort(key=lambda p: (p.id is None, tuple(int(x) for x in p.id.split(".") if x.isdigit())
                                                  if p.id else (), p.source))
    return [found[n] for n in sorted(found, key=lambda n: sort_key("FATF", n))]


def _point_heading(point: AnnexPoint) -> str:
    if point.id:
        return f"Criterion {point.id}: {point.title}"
    return point.title


def _answer_lines(questionnaire: Questionnaire, answers: Mapping[str, Any], qid: str,
                  citations_in_words: Callable[[Any], str]) -> tuple[str, str, str, str]:
    """``(question, answer in words, citations, comment)``."""
    question = questionnaire.question(qid)
    answer = answers.get(qid)
    words = answer_in_words(question, answer) or "Not answered yet."
    cited = citations_in_words(answer.get("citations") if isinstance(answer, Mapping) else None)
    comment = str(answer.get("comment") or "") if isinstance(answer, Mapping) else ""
    return tr(question.text), words, cited, comment


def build_annex_document(questionnaire: Questionnaire, answers: Mapping[str, Any], context: AnnexContext,
                         citations_in_words: Callable[[Any], str]) -> Any:
    """The annex draft as a Word document (python-docx).

    :param answers: question id → answer (the answers format)
    :param citations_in_words: citations → one line per citation
    """
    document = Document()
    document.core_properties.title = f"Technical-compliance annex draft {context.member_code} {context.cycle}"
    document.core_properties.author = "Legislative self-assessment toolkit"
    document.add_heading(f"Technical-compliance annex (draft): {context.member_name}", level=0)
    document.add_paragraph(f"Cycle {context.cycle} · {context.source} · questionnaire {questionnaire.id} version "
                           f"{questionnaire.version} · made {context.generated_at:%Y-%m-%d}")
    document.add_paragraph(NOTE)
    if context.fatf == "2013":
        document.add_paragraph("Criteria of the 2013 FATF Methodology only; requirements of later amendments are "
                               "left out.")
    outline = annex_outline(questionnaire, context.fatf)
    if not outline:
        document.add_paragraph("This questionnaire version cites no FATF Recommendation.")
    for recommendation in outline:
        document.add_heading(f"Recommendation {recommendation.number}: {recommendation.title}", level=1)
        for point in recommendation.points:
            heading = _point_heading(point)
            if point.methodology and is_later_amendment(point.methodology):
                heading += f" ({point.methodology} amendment)"
            document.add_heading(heading, level=2)
            for qid in point.questions:
                question, words, cited, comment = _answer_lines(questionnaire, answers, qid, citations_in_words)
                paragraph = document.add_paragraph()
                paragraph.add_run(question).bold = True
                document.add_paragraph(f"Answer: {words}")
                for line in cited.splitlines():
                    document.add_paragraph(line, style="List Bullet")
                if not cited:
                    document.add_paragraph("No legislation cited.")
                if comment:
                    document.add_paragraph(f"Comment: {comment}")
    return document


def build_annex_workbook(questionnaire: Questionnaire, answers: Mapping[str, Any], context: AnnexContext,
                         citations_in_words: Callable[[Any], str]) -> Workbook:
    """The annex draft as a workbook: one row per Recommendation, criterion and question."""
    wb = new_workbook()
    rows = []
    for recommendation in annex_outline(questionnaire, context.fatf):
        for point in recommendation.points:
            for qid in point.questions:
                question, words, cited, comment = _answer_lines(questionnaire, answers, qid, citations_in_words)
                rows.append([recommendation.name, recommendation.title, point.id or point.source, point.title,
                             point.methodology or "", f"{question} ({qid})", words, cited, comment])
    title = f"Technical-compliance annex (draft): {context.member_name}, cycle {context.cycle}"
    write_table(wb.create_sheet("Annex"), ["Recommendation", "Title", "Criterion", "Criterion in brief",
                                           "Methodology", "Question", "Answer", "Legislation cited", "Comment"],
                rows, title=title, note=NOTE, freeze_at="C1", widths=[10, 30, 12, 40, 11, 50, 50, 45, 40],
                styles=[TEXT, WRAP, TEXT, WRAP, TEXT, WRAP, WRAP, WRAP, WRAP])
    wb.properties.title = f"Technical-compliance annex draft {context.member_code} {context.cycle}"
    wb.properties.creator = "Legislative self-assessment toolkit"
    return wb
