"""Reads for the regional pages: what is worked out across members (the overview's matrix, elements most often
missed, TA demand, capacity figures, the training list, the element pages' examples), once per set of stored
results, and kept.

Contract: a stored result never changes once written (a new submission or validation is a new snapshot), so
what is worked out over a set of results is keyed by what decides which snapshots stand for them, together with
the members' names and sub-regions the pages show; any new snapshot, validation, status, sharing, name or
sub-region makes a new key. The key comes from one light query (:func:`results_key`); the results themselves
(large) are read only when the key is new. Each worker keeps the newest ``FIGURES_KEPT`` (a setting).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar, cast

import sqlalchemy as sa
from flask import Flask, current_app, g
from sqlalchemy import func, select

from assessment.compare.loading import ELEMENT_PARTS, RESULT_STATUSES, TA_PARTS, load_region
from assessment.extensions import db
from assessment.models import Assessment, Cycle, Member
from scoring.region import Entry, methods_in, missed_elements, of_method, ta_demand

T = TypeVar("T")


class FiguresStore:
    """What was worked out over sets of stored results, by key, the least recently used dropped first beyond
    ``size``; safe across a worker's threads."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.items: OrderedDict[Hashable, Any] = OrderedDict()
        self.lock = threading.Lock()

    def get_or_work_out(self, key: Hashable, compute: Callable[[], T]) -> T:
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
                return cast(T, self.items[key])
        found = compute()
        with self.lock:
            self.items[key] = found
            while len(self.items) > self.size:
                self.items.popitem(last=False)
        return found


def init_app(app: Flask) -> None:
    app.extensions["figures"] = FiguresStore(int(app.config["FIGURES_KEPT"]))


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
    #: the members loaded, alphabetical by name, each with its headline result
    listed: list[Listed]
    #: what is said first of ``found`` (:func:`elements_summary` or :func:`ta_summary`)
    summary: dict[str, Any]
    #: the scoring methods of ``entries`` and ``others`` together
    methods: list[str]


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


def _key_statement(by_sub_region: bool, every_cycle: bool) -> sa.Select[Any]:
    """The statement of :func:`results_key`, with or without a sub-region, for some cycles or every one (built
    once: putting a statement of this size together costs more than running it)."""
    line: Any = sa.literal("")
    for column in (Assessment.id, Assessment.version, Assessment.status, Assessment.validated_at,
                   Assessment.shares_results, Member.code, Member.name, Member.sub_region):
        line = line + "|" + func.coalesce(sa.cast(column, sa.String), "")
    query = (select(func.count(), func.aggregate_strings(line, "\n"))
             .join(Member, Assessment.member_id == Member.id)
             .where(Assessment.status != "draft"))
    if not every_cycle:
        query = query.where(Assessment.cycle_id.in_(sa.bindparam("cycle_ids", expanding=True)))
    if by_sub_region:
        query = query.where(Member.sub_region == sa.bindparam("sub_region"))
    return query


_KEY_STATEMENTS = {(by_sub_region, every_cycle): _key_statement(by_sub_region, every_cycle)
                   for by_sub_region in (False, True) for every_cycle in (False, True)}


def results_key(*, cycle_ids: Sequence[int] | None, statuses: Sequence[str] = ("validated",),
                sub_region: str | None = None, sharing_only: bool = False) -> tuple[Any, ...]:
    """What identifies the set of stored results :func:`load_region` would load with the same filters, from one
    light query that returns one row: for each assessment of the cycles (every cycle for ``None``) and sub-region
    that is not a draft, its version (raised by every change of status: a submission, which makes a new snapshot,
    a validation, a reopening, a request for changes), status, latest validation time and whether its member
    shares it, with the member's code, name and sub-region, joined into one text by the database; and the
    statuses and sharing asked for. A stored snapshot never changes. Read once per request for the same cycles
    and sub-region (a page that works out several things of the same results asks once)."""
    asked = (tuple(sorted(set(statuses) & set(RESULT_STATUSES))), sharing_only)
    scope = (None if cycle_ids is None else tuple(cycle_ids), sub_region or None)
    read = g.setdefault("results_keys", {})
    if scope not in read:
        values: dict[str, Any] = {}
        if cycle_ids is not None:
            values["cycle_ids"] = list(cycle_ids)
        if sub_region:
            values["sub_region"] = sub_region
        statement = _KEY_STATEMENTS[bool(sub_region), cycle_ids is None]
        count, lines = db.session.execute(statement, values).one()
        # sorted here: the order a database joins rows in is not promised
        read[scope] = (count, "\n".join(sorted((lines or "").split("\n"))))
    return (*asked, *read[scope])


def worked_out(kind: Hashable, compute: Callable[[], T], **filters: Any) -> T:
    """What ``compute`` works out of the stored results :func:`load_region` finds with ``filters``: worked out
    only when this set of results (:func:`results_key`) has not been seen with the same ``kind`` before. A
    stored result never changes, so what was worked out of a set of results stands as long as the set does."""
    key = (kind, tuple((name, tuple(value) if isinstance(value, list | tuple) else value)
                       for name, value in sorted(filters.items())), results_key(**filters))
    store: FiguresStore = current_app.extensions["figures"]
    return store.get_or_work_out(key, compute)


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
        return Figures(chosen, others, entries, found, {item.code: item.name for item in listed},
                       sorted(listed, key=lambda item: (item.name.casefold(), item.code)),
                       elements_summary(found) if kind == "elements" else ta_summary(found),
                       methods_in([*entries, *others]))

    return worked_out((kind, method), compute, **filters)


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


def assessment_of(member: Member, cycle: Cycle | None) -> Assessment | None:
    """A member's assessment in a cycle (none without a cycle)."""
    if cycle is None:
        return None
    return db.session.scalar(select(Assessment).where(Assessment.member_id == member.id,
                                                      Assessment.cycle_id == cycle.id))


def member_or_404(code: str) -> Member:
    return db.first_or_404(select(Member).where(Member.code == code))


def members_by_code(codes: Sequence[str]) -> dict[str, Member]:
    """The members with those codes, by code (codes no member has are left out)."""
    if not codes:
        return {}
    return {m.code: m for m in db.session.scalars(select(Member).where(Member.code.in_(list(codes))))}


def member_ids(codes: Sequence[str]) -> list[int]:
    return list(db.session.scalars(select(Member.id).where(Member.code.in_(list(codes)))))
