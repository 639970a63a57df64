"""Reads for the regional pages: what is worked out across members (the overview's matrix, elements most often
missed, TA demand, capacity figures, the training list, the element pages' examples), once per set of stored
results, and kept.

What is worked out is kept in the one cache of what pages work out (``assessment.web.fragments``), weighed by
the members it is over. Contract: a stored result never changes once written (a new submission or validation
is a new snapshot), so what is worked out over a set of results is keyed by the filters and by a number every
write of an assessment, a snapshot, a member or a cycle draws anew (:mod:`assessment.compare.state`); any new
snapshot, validation, status, sharing, name or sub-region makes a new key. The key comes from one light query
(:func:`results_key`); the results themselves (large) are read only when the key is new.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from types import MappingProxyType
from typing import Any, TypeVar, cast

from flask import g
from sqlalchemy import select

from assessment.compare import state
from assessment.compare.loading import ELEMENT_PARTS, TA_PARTS, load_region
from assessment.extensions import db
from assessment.models import Assessment, Cycle, Member
from assessment.web.fragments import fragment_cache
from scoring.region import Entry, methods_in, missed_elements, of_method, ta_demand

T = TypeVar("T")


#: what a set of figures across members takes in memory for each member it is over (measured with tracemalloc at
#: 500 members: the overview's matrix 44 KB, the elements figures 46 KB, the TA figures 54 KB, the examples 72 KB)
PER_MEMBER = 72_000
#: what a row of a small set (capacity figures, training candidates) is counted at
PER_ROW = 4_096


@dataclass(frozen=True)
class Figures:
    """Figures across the members of one scoring method. Every request that asks for the same figures is handed
    the same object (:func:`worked_out`), so its parts are read-only: tuples and read-only mappings."""

    #: the scoring version the figures come from (None: no results)
    method: str | None
    #: members scored by another method, named beside the figures, never folded in
    others: tuple[Entry, ...]
    #: the entries the figures are over
    entries: tuple[Entry, ...]
    #: :func:`scoring.region.missed_elements` (elements) or :func:`scoring.region.ta_demand` (TA) of ``entries``
    found: Any
    #: member code → name, of every member loaded
    names: Mapping[str, str]
    #: the members loaded, alphabetical by name, each with its headline result
    listed: tuple[Listed, ...]
    #: what is said first of ``found`` (:func:`elements_summary` or :func:`ta_summary`)
    summary: Mapping[str, Any]
    #: the scoring methods of ``entries`` and ``others`` together
    methods: tuple[str, ...]


@dataclass(frozen=True)
class Listed:
    """A member whose results the figures are over, with its headline (overall) result."""

    code: str
    name: str
    sub_region: str
    member_id: int
    validated_at: datetime | None
    overall: dict[str, Any]
    #: the entry the figures hold for it (its scoring method)
    entry: Entry


def results_key() -> tuple[Any, ...]:
    """What identifies the stored results, the members' names and sub-regions and the cycles as they are now
    (:mod:`assessment.compare.state`: a number every write of them draws anew), read once per request; with the
    filters :func:`load_region` is given, it identifies the set of results those filters find."""
    if "results_key" not in g:
        g.results_key = tuple(db.session.execute(state.READ).one_or_none() or ())
    return cast(tuple[Any, ...], g.results_key)


def worked_out(kind: Hashable, compute: Callable[[], T], weigh: Callable[[T], int], **filters: Any) -> T:
    """What ``compute`` works out of the stored results :func:`load_region` finds with ``filters``: worked out
    only when this set of results (:func:`results_key`) has not been seen with the same ``kind`` before. A
    stored result never changes, so what was worked out of a set of results stands as long as the set does."""
    key = (kind, tuple((name, tuple(value) if isinstance(value, list | tuple) else value)
                       for name, value in sorted(filters.items())), results_key())
    return fragment_cache().get_or_work_out(key, compute, weigh)


def region_figures(kind: str, method: str | None, **filters: Any) -> Figures:
    """The figures of ``kind`` (``elements`` or ``ta``) over the results :func:`load_region` finds with
    ``filters``, read in full and counted only when this set of results has not been counted before."""

    def compute() -> Figures:
        parts = (*(ELEMENT_PARTS if kind == "elements" else TA_PARTS), "overall")
        full = load_region(parts=parts, **filters)
        chosen, entries, others = of_method(full.entries, method)
        found = missed_elements(entries) if kind == "elements" else ta_demand(entries)
        listed = [Listed(item.member.code, item.member.name, item.member.sub_region, item.member.id,
                         item.validated_at, item.result.get("overall") or {}, item.entry) for item in full.loaded]
        return Figures(chosen, tuple(others), tuple(entries), found,
                       MappingProxyType({item.code: item.name for item in listed}),
                       tuple(sorted(listed, key=lambda item: (item.name.casefold(), item.code))),
                       MappingProxyType(elements_summary(found) if kind == "elements" else ta_summary(found)),
                       tuple(methods_in([*entries, *others])))

    return worked_out((kind, method), compute, lambda found: PER_MEMBER * len(found.listed), **filters)


def elements_summary(rows: Sequence[Any], top: int = 5) -> dict[str, Any]:
    """What the elements page says first: how many elements and critical ones, the critical elements missed by
    half the members or more, and the ``top`` most often missed."""
    missed = [r for r in rows if r.gaps]
    return {
        "elements": len(rows),
        "critical": sum(1 for r in rows if r.critical),
        "critical_half": tuple(r for r in rows if r.critical and r.assessed and r.share >= 0.5),
        "top": tuple(missed[:top]),
    }


def ta_summary(demand: Any, top: int = 5) -> dict[str, Any]:
    """What the TA page says first: how many items, the ``top`` needed by most members, the training
    candidates' count."""
    return {"count": len(demand.items), "top": tuple(demand.items[:top]), "training": len(demand.training)}


def assessment_of(member: Member, cycle: Cycle | None) -> Assessment | None:
    """A member's assessment in a cycle (none without a cycle)."""
    if cycle is None:
        return None
    return db.session.scalar(select(Assessment).where(Assessment.member_id == member.id,
                                                      Assessment.cycle_id == cycle.id))


def member_or_404(code: str) -> Member:
    """The member with that code, or 404."""
    return db.first_or_404(select(Member).where(Member.code == code))


def members_by_code(codes: Sequence[str]) -> dict[str, Member]:
    """The members with those codes, by code (codes no member has are left out)."""
    if not codes:
        return {}
    return {m.code: m for m in db.session.scalars(select(Member).where(Member.code.in_(list(codes))))}


def member_ids(codes: Sequence[str]) -> list[int]:
    return list(db.session.scalars(select(Member.id).where(Member.code.in_(list(codes)))))
