"""One import core for answers that arrive in bulk: the offline workbook and the JSON answers file.

:func:`plan_import` compares what arrived with what the server holds, without writing anything: the
changes (old → new, in words), the conflicts (answers changed on the server since the version the incoming
answer was based on, with both versions), how many answers are unchanged, and every problem (including a
contributor's changes to sections not assigned to them). :func:`apply_import` then writes the whole plan in
one transaction through :func:`assessment.responses.operations.save_answer` (a compare-and-set per answer
with one audit event per applied change): conflicts are skipped unless ``overwrite`` is given, and if any
answer changed on the server since the plan was made, everything is rolled back.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from flask_babel import force_locale
from flask_babel import gettext as _

from assessment.audit import Actor
from assessment.extensions import db
from assessment.models import Assessment
from assessment.refusals import Refused, Stale
from assessment.responses.operations import lock_assessment, questionnaire_of, save_answer
from assessment.services.answer_store import row_to_answer, rows_by_question
from exports.offline import OfflineUpload, answer_fingerprint, normalise_answer
from questionnaires.loader import default_ta_catalogue
from questionnaires.model import Question, Questionnaire, tr
from questionnaires.translations import word
from questionnaires.types import answer_in_words
from questionnaires.words import CHALLENGE_WORDS, CITATION_STATUS_WORDS
from scoring.answers import key_path

#: parts of an answer, in the order changes name them
PARTS = {
    "value": "answer",
    "not_applicable": "answer",
    "precluded": "answer",
    "unknown": "answer",
    "unknown_components": "answer",
    "justification": "justification",
    "citations": "citations",
    "comment": "comment",
    "ta_request": "TA request",
}


@dataclass(frozen=True)
class Incoming:
    """One answer as it arrived."""

    #: in the answers format (either form); a ``version`` key is ignored
    answer: Mapping[str, Any]
    #: the server version the answer was based on (its version at download or export; 0: there was none)
    version: int
    #: offline workbooks: the fingerprint of the answer at download; when the answer still has it, it was
    #: not touched in the workbook and is left alone whatever the server holds now
    fingerprint: str | None = None
    #: where it came from, for messages: ``"Sheet!F12"`` or a JSONPath
    where: str = ""


@dataclass(frozen=True)
class ImportProblem:
    """Something that keeps an import from being applied, and where it is."""

    where: str
    message: str

    @property
    def sheet(self) -> str:
        return self.where.split("!", 1)[0] if "!" in self.where else ""

    @property
    def cell(self) -> str:
        return self.where.split("!", 1)[1] if "!" in self.where else self.where

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


@dataclass(frozen=True)
class PlannedChange:
    """One answer that would change: the server's current answer and the new one, in words."""

    question_id: str
    section_id: str
    question_text: str
    #: the server's answer now (canonical, no version; ``{}`` for none)
    old: dict[str, Any]
    #: the incoming answer (canonical, no version; ``{}`` clears the answer)
    new: dict[str, Any]
    old_words: str
    new_words: str
    #: which parts differ, e.g. ``["answer", "comment"]``
    parts: tuple[str, ...]
    #: the version the incoming answer was based on
    base_version: int
    #: the server's version when the plan was made (0: no answer)
    server_version: int
    where: str = ""
    #: who last changed the server's answer
    server_updated_by: str = ""

    @property
    def is_conflict(self) -> bool:
        return self.base_version != self.server_version


@dataclass
class ImportPlan:
    """What an import would do. Nothing is written until :func:`apply_import`."""

    assessment_id: int
    questionnaire: tuple[str, int]
    changes: list[PlannedChange] = field(default_factory=list)
    conflicts: list[PlannedChange] = field(default_factory=list)
    unchanged: int = 0
    problems: list[ImportProblem] = field(default_factory=list)

    def seen_versions(self) -> dict[str, int]:
        """Question id → the server version each planned change and conflict was compared with."""
        return {c.question_id: c.server_version for c in [*self.changes, *self.conflicts]}

    def incoming(self) -> dict[str, Incoming]:
        """The planned changes and conflicts as incoming answers again (to plan once more, e.g. on confirm)."""
        return {c.question_id: Incoming(c.new, c.base_version, None, c.where) for c in [*self.changes, *self.conflicts]}


@dataclass
class ApplyResult:
    applied: list[str] = field(default_factory=list)
    #: conflicts left as the server has them
    skipped: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- describing answers


def answer_summary(question: Question, answer: Mapping[str, Any] | None, locale: str = "en") -> str:
    """An answer in a few words: the answer, then justification, citations, comment and TA request (in
    ``locale``)."""
    with force_locale(locale):
        return _summary(question, answer, locale)


def _summary(question: Question, answer: Mapping[str, Any] | None, locale: str) -> str:
    if not answer:
        return _("no answer")
    parts = [answer_in_words(question, answer, locale) or _("no answer")]
    if answer.get("justification"):
        parts.append(_("justification: %(text)s", text=_short(answer["justification"])))
    citations = [c for c in answer.get("citations") or () if isinstance(c, Mapping)]
    if citations:
        texts = []
        for c in citations:
            text = ", ".join(str(c[k]) for k in ("act", "section") if c.get(k))
            if c.get("year"):
                text += ", " + _("year %(year)s", year=c["year"])
            status = c.get("status")
            if status and status != "in_force":
                known = status in CITATION_STATUS_WORDS
                text += f", {(word('citation_status', status, locale) if known else status).lower()}"
            texts.append(text)
        parts.append(_("citations: %(citations)s", citations="; ".join(texts)))
    if answer.get("comment"):
        parts.append(_("comment: %(comment)s", comment=_short(answer["comment"])))
    request = answer.get("ta_request")
    if isinstance(request, Mapping) and request.get("category"):
        categories = default_ta_catalogue().categories
        category = categories.get(request["category"])
        what = tr(category, locale) if category else request["category"]
        if request.get("challenge"):
            challenge = request["challenge"]
            what += f", {(word('challenge', challenge, locale) if challenge in CHALLENGE_WORDS else challenge).lower()}"
        text = _("TA requested (%(what)s)", what=what)
        parts.append(text + (f": {_short(request['note'])}" if request.get("note") else ""))
    return " · ".join(parts)


def _short(text: Any, limit: int = 120) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _changed_parts(old: Mapping[str, Any], new: Mapping[str, Any]) -> tuple[str, ...]:
    keys = set(old) | set(new)
    return tuple(dict.fromkeys(PARTS[k] for k in PARTS if k in keys and old.get(k) != new.get(k)))


# --------------------------------------------------------------------------- planning


def incoming_from_offline(upload: OfflineUpload) -> tuple[dict[str, Incoming], list[ImportProblem]]:
    """The answers and problems of a read offline workbook, for :func:`plan_import`."""
    incoming = {
        qid: Incoming(item.answer, item.version, item.fingerprint, f"{item.sheet}!{item.cell}")
        for qid, item in upload.answers.items()
    }
    problems = [ImportProblem(f"{p.sheet}!{p.cell}" if p.cell else p.sheet, p.message) for p in upload.problems]
    return incoming, problems


def incoming_from_document(document: Mapping[str, Any]) -> dict[str, Incoming]:
    """The answers of a checked answers document, each based on its ``version`` (0 when it has none)."""
    found = {}
    for qid, answer in (document.get("answers") or {}).items():
        version = answer.get("version") if isinstance(answer, Mapping) else None
        found[qid] = Incoming(dict(answer), version if isinstance(version, int) else 0, None,
                              key_path("$.answers", qid))
    return found


def plan_import(
    assessment: Assessment,
    incoming: Mapping[str, Incoming],
    questionnaire: Questionnaire,
    *,
    editable_sections: Iterable[str] | None = None,
    problems: Iterable[ImportProblem] = (),
    locale: str = "en",
) -> ImportPlan:
    """Compare incoming answers with the server's, writing nothing.

    :param assessment: the assessment the answers are for
    :param incoming: question id → :class:`Incoming` (answers already checked against their questions)
    :param questionnaire: the assessment's questionnaire version
    :param editable_sections: the sections the person may change (``None``: all); a change elsewhere is a
        problem
    :param problems: problems found while reading the incoming answers, kept first in the plan
    :returns: changes and conflicts in questionnaire order, the unchanged count and every problem
    """
    plan = ImportPlan(assessment.id, questionnaire.key, problems=list(problems))
    if not assessment.is_editable:
        with force_locale(locale):
            plan.problems.append(ImportProblem("", _(
                "This assessment is %(status)s and cannot be edited, so nothing can be imported into it.",
                status=word("assessment_status", assessment.status, locale).lower())))
    allowed = None if editable_sections is None else set(editable_sections)
    rows = rows_by_question(assessment, list(incoming))
    for qid in sorted(incoming, key=lambda q: (not questionnaire.has_question(q), _index(questionnaire, q), q)):
        item = incoming[qid]
        if not questionnaire.has_question(qid):
            with force_locale(locale):
                plan.problems.append(ImportProblem(item.where, _(
                    "There is no question '%(id)s' in %(questionnaire)s version %(version)s.", id=qid,
                    questionnaire=questionnaire.id, version=questionnaire.version)))
            continue
        question = questionnaire.question(qid)
        new = normalise_answer(question, item.answer)
        if item.fingerprint is not None and item.fingerprint == answer_fingerprint(question, new):
            plan.unchanged += 1
            continue
        row = rows.get(qid)
        old = row_to_answer(row, with_version=False) if row is not None else {}
        if normalise_answer(question, old) == new:
            plan.unchanged += 1
            continue
        if allowed is not None and question.section_id not in allowed:
            section = questionnaire.section(question.section_id)
            with force_locale(locale):
                plan.problems.append(ImportProblem(item.where, _(
                    "Question '%(id)s' is in the section '%(section)s', which is not assigned to you; you can "
                    "change only the sections assigned to you.", id=qid, section=tr(section.title, locale))))
            continue
        change = PlannedChange(
            question_id=qid,
            section_id=question.section_id,
            question_text=tr(question.text, locale),
            old=old,
            new=new,
            old_words=answer_summary(question, old, locale),
            new_words=answer_summary(question, new, locale),
            parts=_changed_parts(old, new),
            base_version=item.version,
            server_version=row.version if row is not None else 0,
            where=item.where,
            server_updated_by=(row.updated_by.display_name if row is not None and row.updated_by
                               else row.updated_by_label if row is not None else ""),
        )
        (plan.conflicts if change.is_conflict else plan.changes).append(change)
    return plan


def _index(questionnaire: Questionnaire, question_id: str) -> int:
    return questionnaire.index(question_id) if questionnaire.has_question(question_id) else 0


def plan_matches(plan: ImportPlan, seen: Mapping[str, int]) -> bool:
    """Whether a fresh plan compares every change and conflict with the server versions seen before."""
    return all(seen.get(qid) == version for qid, version in plan.seen_versions().items())


# --------------------------------------------------------------------------- applying


def apply_import(assessment: Assessment, plan: ImportPlan, actor: Actor, overwrite: bool = False) -> ApplyResult:
    """Write a plan in one transaction, and commit it.

    Each change is a compare-and-set on the server version the plan saw (for a conflict, the server's
    version shown beside it), so nothing the person has not seen is overwritten. Conflicts are skipped
    unless ``overwrite``.

    :raises Refused: when the plan has problems or the assessment cannot be edited (nothing written)
    :raises Stale: when an answer changed on the server since the plan (everything rolled back)
    """
    if plan.problems:
        raise Refused(_("The import has problems; nothing was applied."))
    if plan.assessment_id != assessment.id:
        raise Refused(_("The plan was made for another assessment."))
    result = ApplyResult()
    try:
        locked = lock_assessment(assessment.id, exclusive=False)
        if locked is None or not locked.is_editable:
            raise Refused(_("This assessment can no longer be edited; nothing was applied."))
        questionnaire = questionnaire_of(locked)
        stale = []
        for change in sorted([*plan.changes, *plan.conflicts], key=lambda c: questionnaire.index(c.question_id)):
            if change.is_conflict and not overwrite:
                result.skipped.append(change.question_id)
                continue
            saved = save_answer(locked, questionnaire.question(change.question_id), change.new,
                                change.server_version, actor)
            if saved.status == "conflict":
                stale.append(change.question_id)
            elif saved.status == "saved":
                result.applied.append(change.question_id)
        if stale:
            raise Stale(question_ids=stale)
        db.session.commit()
    except BaseException:
        # all or nothing: a refusal, a stale answer, an answer that does not fit, or a database error
        db.session.rollback()
        raise
    return result
