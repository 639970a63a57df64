"""Reads for the regional pages: figures across members (elements most often missed, TA demand), worked out once
per set of stored results and kept.

Contract: a stored result never changes once written (a new submission or validation is a new snapshot), so
the figures over a set of snapshots are keyed by the snapshots' ids together with the members' names and
sub-regions the pages show; any new snapshot, name or sub-region makes a new key. The cheap first read loads
only each result's small score summary; the element and TA parts (large) are read only when the key is new.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from assessment.compare.loading import ELEMENT_PARTS, TA_PARTS, Region, load_region
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


def region_figures(kind: str, region: Region, method: str | None, **filters: Any) -> Figures:
    """The figures of ``kind`` (``elements`` or ``ta``) over the members of ``region`` (loaded with its score
    summary only, see :func:`light_region`), read in full with ``filters`` (those ``region`` was loaded with)
    only when this set of results has not been counted before."""
    key = (kind, method, tuple((name, tuple(value) if isinstance(value, list | tuple) else value)
                               for name, value in sorted(filters.items())),
           tuple((item.snapshot_id, item.submitted_at, item.member.code, item.member.name, item.member.sub_region)
                 for item in region.loaded))
    with _lock:
        found = _kept.get(key)
        if found is not None:
            _kept.move_to_end(key)
            return found
    parts = ELEMENT_PARTS if kind == "elements" else TA_PARTS
    full = load_region(parts=parts, **filters)
    chosen, entries, others = of_method(full.entries, method)
    figures = Figures(chosen, others, entries, missed_elements(entries) if kind == "elements" else ta_demand(entries))
    with _lock:
        _kept[key] = figures
        while len(_kept) > KEPT:
            _kept.popitem(last=False)
    return figures


def light_region(**filters: Any) -> Region:
    """The region with each result's score summary only (small, its parse cached): which members and snapshots
    the figures are over, and what is left out."""
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
