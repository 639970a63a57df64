"""Capacity and practice beside the law, as the pages, the results workbook and the API show it: a member's
cycles as the person may see them, the plausibility of an assessment's figures, figures across sharing
members and the training candidates where law is aligned but practice thin (``scoring/capacity.py`` does the
work; this module loads what it needs)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask import g
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from assessment.compare.loading import load_region
from assessment.compare.queries import PER_ROW, worked_out
from assessment.extensions import db
from assessment.models import Assessment, Cycle, Member, User
from assessment.permissions import can_view, can_view_live_answers
from assessment.services.answer_store import answers_of, without_version
from assessment.services.registry import UnknownQuestionnaire, registry
from assessment.services.scoring_service import live_result
from assessment.vocabulary import Status
from exports.profile import ProfileSheet
from questionnaires.loader import default_ta_catalogue
from questionnaires.model import Questionnaire, tr
from scoring.capacity import (
    Finding,
    LawRow,
    Point,
    ProfileTable,
    Record,
    RegionFigure,
    Reporter,
    ThinPractice,
    capacity_module,
    cycle_years,
    law_rows,
    plausibility,
    profile_table,
    region_figures,
    thin_practice,
)


@dataclass
class CycleView:
    """One cycle of a member as the person may see it: the answers and the result shown."""

    cycle: Cycle
    assessment: Assessment
    #: what the answers stand for: ``validated``, ``submitted`` or ``draft`` (working answers)
    status: str
    questionnaire: Questionnaire
    answers: dict[str, dict[str, Any]]
    result: Mapping[str, Any] | None


@dataclass
class MemberProfile:
    """The law and the practice of one member across its cycles."""

    member: Member
    cycles: list[CycleView]
    law: list[LawRow]
    practice: ProfileTable
    #: plausibility findings of the newest cycle shown
    findings: list[Finding]


class _Questionnaires:
    """Questionnaires by (id, version), each looked up once per page (an uploaded one costs a query)."""

    def __init__(self) -> None:
        self.found: dict[tuple[str, int], Questionnaire | None] = {}

    def __call__(self, questionnaire_id: str, version: int) -> Questionnaire | None:
        key = (questionnaire_id, version)
        if key not in self.found:
            try:
                self.found[key] = registry().get(questionnaire_id, version)
            except UnknownQuestionnaire:
                self.found[key] = None
        return self.found[key]

    def any_with_module(self, keys: Iterable[tuple[str, int]]) -> bool:
        return any((q := self(*key)) is not None and capacity_module(q) is not None for key in set(keys))


#: the questionnaire versions answered in each of some cycles, and the cycles opened up to a date (built once: the
#: regional pages ask on every request)
_CYCLE_KEYS = (select(Assessment.cycle_id, Assessment.questionnaire_id, Assessment.questionnaire_version).distinct()
               .where(Assessment.cycle_id.in_(sa.bindparam("cycle_ids", expanding=True))))
_CYCLES_UP_TO = select(Cycle.id).where(Cycle.opened_at <= sa.bindparam("opened_at"))


def _cycle_keys(cycle_ids: Sequence[int]) -> list[tuple[str, int]]:
    """The questionnaire versions answered in these cycles: one query for the cycles this request has not asked
    about yet (the TA page asks for the cycles up to the one shown, then for that one)."""
    known: dict[int, set[tuple[str, int]]] = g.setdefault("cycle_keys", {})
    missing = [cycle_id for cycle_id in cycle_ids if cycle_id not in known]
    if missing:
        known.update({cycle_id: set() for cycle_id in missing})
        for cycle_id, qid, version in db.session.execute(_CYCLE_KEYS, {"cycle_ids": missing}):
            known[cycle_id].add((qid, version))
    return sorted({key for cycle_id in cycle_ids for key in known[cycle_id]})


def _plain(answers: Mapping[str, Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    return {qid: without_version(a) for qid, a in answers.items()}


def _shown(assessment: Assessment, user: User | None, lookup: _Questionnaires) -> CycleView | None:
    """What ``user`` sees of an assessment: its latest validated snapshot, else its latest snapshot, else (for
    the member's own people) the working answers; ``None`` when nothing may be seen. Without a user (the
    command line) the stored snapshots only."""
    if user is not None and not can_view(user, assessment):
        return None
    snapshots = assessment.snapshots
    validated = [s for s in snapshots if s.validated_at is not None]
    if user is not None and not snapshots and can_view_live_answers(user, assessment):
        questionnaire = lookup(assessment.questionnaire_id, assessment.questionnaire_version)
        if questionnaire is None:
            return None
        return CycleView(assessment.cycle, assessment, Status.DRAFT, questionnaire,
                         answers_of(assessment, with_version=False), live_result(assessment, questionnaire))
    snapshot = validated[-1] if validated else (snapshots[-1] if snapshots else None)
    if snapshot is None:
        return None
    questionnaire = lookup(snapshot.questionnaire_id, snapshot.questionnaire_version)
    if questionnaire is None:
        return None
    return CycleView(assessment.cycle, assessment, Status.VALIDATED if snapshot.validated_at else Status.SUBMITTED,
                     questionnaire, dict(snapshot.answers.get("answers", {})), snapshot.result)


def previous_cycle(cycle: Cycle) -> Cycle | None:
    """The cycle opened before ``cycle``."""
    return db.session.scalar(select(Cycle).where(Cycle.opened_at < cycle.opened_at, Cycle.id != cycle.id)
                             .order_by(Cycle.opened_at.desc()).limit(1))


def years_of(cycle: Cycle) -> tuple[int, int] | None:
    """The years a cycle's figures may cover (:func:`scoring.capacity.cycle_years`)."""
    before = previous_cycle(cycle)
    return cycle_years(cycle.code, before.code if before else None)


def findings_of(assessment: Assessment, questionnaire: Questionnaire,
                answers: Mapping[str, Mapping[str, Any]], locale: str = "en") -> list[Finding]:
    """The plausibility findings of an assessment's figures (none without the module), in ``locale``."""
    if capacity_module(questionnaire) is None:
        return []
    return plausibility(questionnaire, _plain(answers), years_of(assessment.cycle), locale)


def member_profile(member: Member, user: User | None, current: CycleView | None = None,
                   up_to: Cycle | None = None, locale: str = "en") -> MemberProfile:
    """The member's cycles that ``user`` may see (``None``: every stored snapshot), oldest first, up to ``up_to``
    (the current one's cycle), with ``current`` standing for its own cycle (the answers the page shows); titles,
    texts and messages in ``locale``."""
    query = (select(Assessment).join(Cycle, Assessment.cycle_id == Cycle.id)
             .where(Assessment.member_id == member.id)
             .options(joinedload(Assessment.cycle), joinedload(Assessment.snapshots))
             .order_by(Cycle.opened_at, Cycle.id))
    last = up_to or (current.cycle if current else None)
    if last is not None:
        query = query.where(Cycle.opened_at <= last.opened_at)
    views: list[CycleView] = []
    lookup = _Questionnaires()
    for assessment in db.session.scalars(query).unique():
        if current is not None and assessment.id == current.assessment.id:
            views.append(current)
            continue
        shown = _shown(assessment, user, lookup)
        if shown is not None:
            views.append(shown)
    points = [Point(v.cycle.code, v.questionnaire, _plain(v.answers), v.status) for v in views]
    newest = views[-1] if views else None
    titles = {part.id: tr(part.title, locale) for v in reversed(views)
              for part in (*v.questionnaire.modules, *v.questionnaire.sections)} if locale != "en" else None
    return MemberProfile(member, views, law_rows([v.result for v in views], titles, locale),
                         profile_table(points, locale),
                         findings_of(newest.assessment, newest.questionnaire, newest.answers, locale) if newest else [])


def current_view(assessment: Assessment, questionnaire: Questionnaire, answers: Mapping[str, Mapping[str, Any]],
                 result: Mapping[str, Any], snapshot: Any) -> CycleView:
    """The assessment as a results page shows it (a snapshot, or the working answers of a draft)."""
    status = Status.DRAFT if snapshot is None else Status.VALIDATED if snapshot.validated_at else Status.SUBMITTED
    return CycleView(assessment.cycle, assessment, status, questionnaire, _plain(answers), result)


# --------------------------------------------------------------------------- the region


def sharing_reporters(cycle: Cycle | None, sub_region: str | None = None) -> list[Reporter]:
    """The validated answers of the members that share their results for ``cycle``."""
    lookup = _Questionnaires()
    if cycle is None or not lookup.any_with_module(_cycle_keys([cycle.id])):
        return []  # no answers to read where no questionnaire of the cycle asks for figures
    region = load_region(cycle_ids=[cycle.id], statuses=(Status.VALIDATED,), sharing_only=True, sub_region=sub_region,
                         parts=("scoring_version",), with_answers=True)
    found = []
    for item in region.loaded:
        questionnaire = lookup(item.questionnaire_id, item.questionnaire_version)
        if questionnaire is not None:
            found.append(Reporter(item.member.code, item.member.name, item.member.sub_region, questionnaire,
                                  dict((item.answers or {}).get("answers", {}))))
    return found


def figures_across(cycle: Cycle | None, sub_region: str | None = None) -> list[RegionFigure]:
    """Each figure across the sharing members, per sub-region (totals only where five or more report it),
    worked out once per set of sharing members' validated results."""
    if cycle is None or not _Questionnaires().any_with_module(_cycle_keys([cycle.id])):
        return []  # no answers to read where no questionnaire of the cycle asks for figures
    return worked_out(("capacity figures", cycle.id), lambda: region_figures(sharing_reporters(cycle, sub_region)),
                      lambda kept: PER_ROW * (1 + len(kept)),
                      cycle_ids=[cycle.id], statuses=(Status.VALIDATED,), sharing_only=True, sub_region=sub_region)


@dataclass
class Candidate:
    """A training candidate with the TA item that answers it."""

    found: ThinPractice
    ta_text: str
    audience: tuple[str, ...]


def training_candidates(cycle: Cycle | None, statuses: Sequence[str], sub_region: str | None = None
                        ) -> dict[str, list[Candidate]]:
    """Law aligned, practice thin, per sub-region: members whose results for ``cycle`` rate a section aligned or
    largely aligned while the figure showing its use is zero in their recent cycles (up to ``cycle``); worked
    out once per set of results of those cycles."""
    if cycle is None:
        return {}
    earlier = list(db.session.scalars(_CYCLES_UP_TO, {"opened_at": cycle.opened_at}))
    if not _Questionnaires().any_with_module(_cycle_keys(earlier)):
        return {}  # no questionnaire of these cycles asks for figures
    return worked_out(("training candidates", cycle.id), lambda: _training_candidates(cycle, earlier, statuses,
                                                                                      sub_region),
                      lambda kept: PER_ROW * (1 + sum(len(found) for found in kept.values())),
                      cycle_ids=earlier, statuses=tuple(statuses), sub_region=sub_region)


def _training_candidates(cycle: Cycle, earlier: list[int], statuses: Sequence[str], sub_region: str | None
                         ) -> dict[str, list[Candidate]]:
    lookup = _Questionnaires()
    now = load_region(cycle_ids=[cycle.id], statuses=statuses, sub_region=sub_region,
                      parts=("scoring_version", "sections"))
    if not now.loaded:
        return {}
    history = load_region(cycle_ids=earlier, statuses=statuses, member_ids=[i.member.id for i in now.loaded],
                          parts=("scoring_version",), with_answers=True)
    points: dict[str, list[Point]] = {}
    for item in sorted(history.loaded, key=lambda i: (i.cycle.opened_at, i.cycle.id)):
        questionnaire = lookup(item.questionnaire_id, item.questionnaire_version)
        if questionnaire is not None:
            points.setdefault(item.member.code, []).append(
                Point(item.cycle.code, questionnaire, dict((item.answers or {}).get("answers", {})), item.status))
    records = [Record(i.member.code, i.member.name, i.member.sub_region, i.result.get("sections") or [],
                      points.get(i.member.code, [])) for i in now.loaded]
    catalogue = default_ta_catalogue()
    out: dict[str, list[Candidate]] = {}
    for found in thin_practice(records):
        item = catalogue.get(found.rule.ta_item)
        out.setdefault(found.sub_region, []).append(
            Candidate(found, tr(item.text) if item else found.rule.ta_item, item.audience if item else ()))
    return out


def profile_sheet(profile: MemberProfile) -> ProfileSheet | None:
    """The results workbook's "Profile" sheet of ``profile``; none where no cycle asks the module's questions."""
    if profile.practice.empty:
        return None
    return ProfileSheet([(c.cycle.code, c.status) for c in profile.cycles], profile.law, profile.practice,
                        profile.findings)
