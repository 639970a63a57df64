"""Reads for the element pages, the API and the matrix workbook: the questionnaire an element page describes,
the member's own state, and the regional examples a person may see.

Who sees which examples (the rules of "Shared with us", docs/access.md):

- RSO staff (RSO analysts and administrators): the examples of every validated result;
- a member's focal points and contributors: for each cycle in which their own member shares its results, the
  examples of the validated results of the members that share in that cycle (their own member's included);
- anyone else: none.

Drafts and submissions not yet validated never give examples. The result that stands for an assessment is the
one the regional views use (:mod:`assessment.compare.loading`): its latest validated snapshot.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask_babel import format_datetime
from flask_babel import gettext as _
from sqlalchemy import select

from assessment.compare.loading import MemberResult, load_region
from assessment.compare.queries import PER_MEMBER, worked_out
from assessment.extensions import db
from assessment.models import Assessment, Cycle, Member, ModelProvision, Snapshot, SnapshotSummary, User
from assessment.permissions import can_compare, can_use_shared_pages
from assessment.services.answer_store import answers_of
from assessment.services.registry import UnknownQuestionnaire, registry
from assessment.services.scoring_service import live_result
from assessment.vocabulary import RESULT_STATUSES, Status
from questionnaires.loader import shipped_questionnaires
from questionnaires.model import Question, Questionnaire
from scoring.examples import Citation, element_questions, examples_in

#: every validated result (what RSO staff and the command-line matrix see)
EVERY_VALIDATED: dict[str, Any] = {"cycle_ids": None, "sharing_only": False}


@dataclass(frozen=True)
class Example:
    """A cited provision of a member's law that meets an element, with where it comes from."""

    citation: Citation
    member_code: str
    member_name: str
    cycle_code: str
    cycle_title: str
    opened_at: datetime
    snapshot_id: int
    validated_at: datetime | None
    #: the RSO's mark, when an analyst marked it as a model provision
    mark: ModelProvision | None = None

    @property
    def key(self) -> tuple[str, int, str, int]:
        """(element, snapshot, question, citation position): what names an example for good."""
        return (self.citation.element, self.snapshot_id, self.citation.question, self.citation.index)

    @property
    def anchor(self) -> str:
        return f"example-{self.snapshot_id}-{self.citation.question}-{self.citation.index}"


# --------------------------------------------------------------------------- which questionnaire


def latest_own_assessment(user: User) -> Assessment | None:
    """The member user's own member's assessment in the newest cycle, or ``None`` (RSO staff, no assessment)."""
    if not user.is_member_user or user.member_id is None:
        return None
    return db.session.scalar(
        select(Assessment).join(Cycle, Assessment.cycle_id == Cycle.id)
        .where(Assessment.member_id == user.member_id).order_by(Cycle.opened_at.desc(), Cycle.id.desc()).limit(1))


def shown_questionnaire(user: User, own: Assessment | None = None) -> Questionnaire | None:
    """The questionnaire version whose questions an element page lists: the one the person's own member answers
    in its newest cycle, else the one of the newest cycle, else the newest shipped version."""
    keys: list[tuple[str, int]] = []
    if own is not None:
        keys.append((own.questionnaire_id, own.questionnaire_version))
    cycle = db.session.scalar(select(Cycle).order_by(Cycle.opened_at.desc(), Cycle.id.desc()).limit(1))
    if cycle is not None:
        keys.append((cycle.questionnaire_id, cycle.questionnaire_version))
    shipped = shipped_questionnaires()
    if shipped:
        keys.append(max(shipped, key=lambda key: (key[0] != "sample", key[1])))
    for key in keys:
        try:
            return registry().get(*key)
        except UnknownQuestionnaire:
            continue
    return None


def testing_questions(questionnaire: Questionnaire | None, element_id: str) -> list[Question]:
    """The questions of ``questionnaire`` that test ``element_id`` (their own elements or a component's)."""
    if questionnaire is None:
        return []
    return [questionnaire.question(qid) for qid in element_questions(questionnaire).get(element_id, ())]


def module_of_elements(questionnaire: Questionnaire | None) -> dict[str, str]:
    """element id → id of the first module whose questions test it."""
    if questionnaire is None:
        return {}
    found: dict[str, str] = {}
    for element_id, question_ids in element_questions(questionnaire).items():
        found[element_id] = questionnaire.question(question_ids[0]).module_id
    return found


# --------------------------------------------------------------------------- the member's own state


@dataclass(frozen=True)
class OwnState:
    """Where the person's own member stands on one element, from its latest result."""

    assessment: Assessment
    #: e.g. "the draft answers, worked out now" or "submitted snapshot 2 (validated 9 Mar 2026)"
    source: str
    #: the result's row for the element (``None`` when that questionnaire version does not test it)
    row: dict[str, Any] | None
    #: (question, the member's answer) for each question testing the element
    answers: list[tuple[Question, dict[str, Any]]]


def own_state(user: User, element_id: str, own: Assessment | None,
              questionnaire: Questionnaire | None) -> OwnState | None:
    """The member's own state on ``element_id``: from the latest snapshot once submitted, from the working
    answers (scored now) while a draft or sent back for changes. ``None`` for RSO staff and members without an
    assessment."""
    if own is None or questionnaire is None:
        return None
    if own.status in RESULT_STATUSES and own.snapshots:
        snapshot = own.snapshots[-1]
        result, answers = snapshot.result, dict(snapshot.answers.get("answers", {}))
        if snapshot.validated_at:
            source = _("submitted snapshot %(number)s, validated %(date)s", number=snapshot.number,
                       date=format_datetime(snapshot.validated_at, "dd MMM yyyy"))
        else:
            source = _("submitted snapshot %(number)s", number=snapshot.number)
    else:
        answers = answers_of(own, with_version=False)
        result = live_result(own, questionnaire)
        source = _("the working answers, scored now (not submitted)")
    row = next((r for r in result.get("elements", ()) if r.get("id") == element_id), None)
    return OwnState(own, source, row, [(q, answers.get(q.id) or {}) for q in testing_questions(questionnaire,
                                                                                              element_id)])


# --------------------------------------------------------------------------- regional examples


def example_scope(user: User) -> dict[str, Any] | None:
    """What :func:`assessment.compare.loading.load_region` may load for ``user``'s examples, or ``None``."""
    if can_compare(user):
        return dict(EVERY_VALIDATED)
    if can_use_shared_pages(user):
        cycle_ids = list(db.session.scalars(select(Assessment.cycle_id).where(
            Assessment.member_id == user.member_id, Assessment.shares_results.is_(True))))
        return {"cycle_ids": cycle_ids, "sharing_only": True} if cycle_ids else None
    return None


@dataclass(frozen=True)
class StoredResult:
    """What picking examples from a snapshot needs to know of it."""

    snapshot_id: int
    created_at: datetime
    questionnaire_id: str
    questionnaire_version: int

    @classmethod
    def of(cls, item: MemberResult) -> StoredResult:
        return cls(item.snapshot_id, item.submitted_at, item.questionnaire_id, item.questionnaire_version)


def snapshot_examples(stored: list[StoredResult]) -> dict[int, dict[str, tuple[Citation, ...]]]:
    """snapshot id → element id → the snapshot's examples, from their answers and element states (one query)."""
    out: dict[int, dict[str, tuple[Citation, ...]]] = {}
    if not stored:
        return out
    # element states from the summary; the full result only for snapshots without one (written by hand)
    full = sa.type_coerce(sa.case((SnapshotSummary.snapshot_id.is_(None), Snapshot.result), else_=sa.null()), sa.JSON)
    rows = db.session.execute(
        select(Snapshot.id, Snapshot.answers, SnapshotSummary.summary, full.label("full"))
        .outerjoin(SnapshotSummary, SnapshotSummary.snapshot_id == Snapshot.id)
        .where(Snapshot.id.in_([item.snapshot_id for item in stored])))
    documents = {row.id: (row.answers or {}, (row.summary or row.full or {}).get("elements") or []) for row in rows}
    questions: dict[tuple[str, int], dict[str, tuple[str, ...]] | None] = {}
    for item in stored:
        key = (item.questionnaire_id, item.questionnaire_version)
        if key not in questions:
            try:
                questions[key] = element_questions(registry().get(*key))
            except UnknownQuestionnaire:
                questions[key] = None
        grouped: dict[str, list[Citation]] = {}
        if questions[key] is not None and item.snapshot_id in documents:
            answers, element_rows = documents[item.snapshot_id]
            for citation in examples_in(registry().get(*key), answers.get("answers") or {}, element_rows,
                                        questions=questions[key]):
                grouped.setdefault(citation.element, []).append(citation)
        out[item.snapshot_id] = {element_id: tuple(citations) for element_id, citations in grouped.items()}
    return out


def _marks(snapshot_ids: Collection[int], element_ids: Collection[str] | None) -> dict[tuple, ModelProvision]:
    if not snapshot_ids:
        return {}
    query = select(ModelProvision).where(ModelProvision.snapshot_id.in_(list(snapshot_ids)))
    if element_ids is not None:
        query = query.where(ModelProvision.element_id.in_(list(element_ids)))
    return {(m.element_id, m.snapshot_id, m.question_id, m.citation_index): m for m in db.session.scalars(query)}


def regional_examples(user: User, element_ids: Collection[str] | None = None) -> dict[str, list[Example]]:
    """element id → the examples ``user`` may see (all elements when ``element_ids`` is None), newest cycle
    first, then by member name; each with the RSO's model-provision mark where there is one."""
    scope = example_scope(user)
    return {} if scope is None else examples_in_scope(scope, element_ids)


def examples_in_scope(scope: dict[str, Any], element_ids: Collection[str] | None = None) -> dict[str, list[Example]]:
    """As :func:`regional_examples`, for a scope of :func:`example_scope` (or :data:`EVERY_VALIDATED`)."""
    wanted = None if element_ids is None else set(element_ids)
    # which result stands for each assessment: the light read; the examples of those results are worked out once
    # per set of results (a stored snapshot never changes)
    region = load_region(statuses=(Status.VALIDATED,), parts=("scoring_version",), **scope)
    found = worked_out("examples", lambda: snapshot_examples([StoredResult.of(item) for item in region.loaded]),
                       lambda kept: PER_MEMBER * len(kept), statuses=(Status.VALIDATED,), **scope)
    picked = [item for item in region.loaded if found.get(item.snapshot_id) and (
        wanted is None or wanted & found[item.snapshot_id].keys())]
    marks = _marks([item.snapshot_id for item in picked], wanted)
    out: dict[str, list[Example]] = {}
    for item in picked:
        for element_id, citations in found.get(item.snapshot_id, {}).items():
            if wanted is not None and element_id not in wanted:
                continue
            for citation in citations:
                example = Example(citation, item.member.code, item.member.name, item.cycle.code, item.cycle.title,
                                  item.cycle.opened_at, item.snapshot_id, item.validated_at)
                mark = marks.get(example.key)
                out.setdefault(element_id, []).append(example if mark is None else replace(example, mark=mark))
    for examples in out.values():
        examples.sort(key=lambda e: (e.member_name.casefold(), e.member_code, e.citation.question, e.citation.index))
        examples.sort(key=lambda e: e.opened_at, reverse=True)
    return out


def example_of(element_id: str, snapshot_id: int, question_id: str, index: int) -> Example | None:
    """The example a mark form names, when it is one: a citation in a validated snapshot's answers that meets
    the element. ``None`` for anything else (an unknown snapshot, a draft's, a citation of a bill...)."""
    snapshot = db.session.get(Snapshot, snapshot_id)
    if snapshot is None or snapshot.validated_at is None:
        return None
    assessment = db.session.get(Assessment, snapshot.assessment_id)
    member = db.session.get(Member, assessment.member_id)
    cycle = db.session.get(Cycle, assessment.cycle_id)
    stored = StoredResult(snapshot.id, snapshot.created_at, snapshot.questionnaire_id, snapshot.questionnaire_version)
    for citation in snapshot_examples([stored]).get(snapshot.id, {}).get(element_id, ()):
        if citation.question == question_id and citation.index == index:
            return Example(citation, member.code, member.name, cycle.code, cycle.title, cycle.opened_at, snapshot.id,
                           snapshot.validated_at)
    return None
