"""Reads for the regional pages: figures across members (elements most often missed, TA demand), worked out once
per set of stored results and kept.

Contract: a stored result never changes once written (a new submission or validation is a new snapshot), so
the figures over a set of snapshots are keyed by the snapshots' ids and times together with the members' names
and sub-regions the pages show; any new snapshot, name or sub-region makes a new key. The key comes from two
light queries (:func:`results_key`); the element and TA parts (large) are read only when the key is new.
"""

from __future__ import annotations

import threading
from collections import Counter, OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from assessment.compare.loading import ELEMENT_PARTS, RESULT_STATUSES, TA_PARTS, Region, load_region
from assessment.extensions import db
from assessment.models import Assessment, Member, Snapshot
from scoring.region import Entry, missed_elements, of_method, ta_demand

#: how many sets of figures are kept (each a few hundred KB at 500 members)
KEPT = 16
_kept: OrderedDict[tuple[Any, ...], Figures] = OrderedDict()
_lock = threading.Lock()


@dataclass(frozen=True)
class Figures:
    """Figures across the members of one scoring method."""

    #: the scoring version the figures come from (None: no results)
    method: str | None
    #: members scored by another method, named beside the figures, never folded in
    others: list[Entry]
    #: the entries the figures are over
    entries: list[Entry]
    #: :func:`scoring.region.missed_elements` (elements) or :func:`scoring.region.ta_demand` (TA) of ``entries``
    found: Any
    #: member code → name, of every member loaded
    names: dict[str, str]


def results_key(*, cycle_ids: Sequence[int], statuses: Sequence[str] = ("validated",), sub_region: str | None = None,
                sharing_only: bool = False) -> tuple[Any, ...]:
    """What identifies the set of stored results :func:`load_region` would load with the same filters: each chosen
    snapshot (id and time) with its member's code, name and sub-region, and the counts left out by status; read
    with two light queries (no result document, no ORM objects)."""
    wanted = set(statuses) & set(RESULT_STATUSES)
    query = (select(Assessment.id, Assessment.status, Member.code, Member.name, Member.sub_region)
             .join(Member, Assessment.member_id == Member.id).where(Assessment.cycle_id.in_(list(cycle_ids))))
    if sub_region:
        query = query.where(Member.sub_region == sub_region)
    if sharing_only:
        query = query.where(Assessment.shares_results.is_(True))
    rows = db.session.execute(query).all()
    ids = [row[0] for row in rows if row[1] != "draft"]
    validated: dict[int, tuple[int, Any, int]] = {}
    latest: dict[int, tuple[int, Any, int]] = {}
    if ids and wanted:
        for assessment_id, snapshot_id, number, created_at, validated_at in db.session.execute(
                select(Snapshot.assessment_id, Snapshot.id, Snapshot.number, Snapshot.created_at,
                       Snapshot.validated_at).where(Snapshot.assessment_id.in_(ids))):
            if validated_at is not None and number > validated.get(assessment_id, (-1, None, 0))[0]:
                validated[assessment_id] = (number, created_at, snapshot_id)
            if number > latest.get(assessment_id, (-1, None, 0))[0]:
                latest[assessment_id] = (number, created_at, snapshot_id)
    chosen, left_out = [], Counter()
    for assessment_id, status, code, name, region_name in rows:
        pick = latest.get(assessment_id) if "submitted" in wanted and status == "submitted" else None
        if pick is None and "validated" in wanted and status != "draft":
            pick = validated.get(assessment_id)
        if pick is None:
            left_out[status] += 1
            continue
        chosen.append((pick[2], pick[1], code, name, region_name))
    return tuple(sorted(chosen)), tuple(sorted(left_out.items()))


def region_figures(kind: str, method: str | None, **filters: Any) -> Figures:
    """The figures of ``kind`` (``elements`` or ``ta``) over the results :func:`load_region` finds with
    ``filters``, read in full and counted only when this set of results has not been counted before."""
    key = (kind, method, tuple((name, tuple(value) if isinstance(value, list | tuple) else value)
                               for name, value in sorted(filters.items())), results_key(**filters))
    with _lock:
        found = _kept.get(key)
        if found is not None:
            _kept.move_to_end(key)
            return found
    parts = ELEMENT_PARTS if kind == "elements" else TA_PARTS
    full = load_region(parts=parts, **filters)
    chosen, entries, others = of_method(full.entries, method)
    figures = Figures(chosen, others, entries, missed_elements(entries) if kind == "elements" else ta_demand(entries),
                      {item.member.code: item.member.name for item in full.loaded})
    with _lock:
        _kept[key] = figures
        while len(_kept) > KEPT:
            _kept.popitem(last=False)
    return figures


def light_region(**filters: Any) -> Region:
    """The region with each result's score summary only (small, its parse cached)."""
    return load_region(parts=("scoring_version",), **filters)


def forget_figures() -> None:
    """Drop every kept set of figures (for tests)."""
    with _lock:
        _kept.clear()


def elements_summary(rows: Sequence[Any], top: int = 5) -> dict[str, Any]:
    """What the elements page says first: how many elements and critical ones, the critical elements missed by
    half the members or more, and the ``top`` most often missed."""
    missed = [r for r in rows if r.gaps]
    return {
        "elements": len(rows),
        "critical": sum(1 for r in rows if r.critical),
        "critical_half": [r for r in rows if r.critical and r.assessed and r.share >= 0.5],
        "top": missed[:top],
    }


def ta_summary(demand: Any, top: int = 5) -> dict[str, Any]:
    """What the TA page says first: how many items, the ``top`` needed by most members, the training
    candidates' count."""
    return {"count": len(demand.items), "top": list(demand.items[:top]), "training": len(demand.training)}
