"""Regional comparison: the member × section matrix, elements most often missed, regional TA demand and
trends, worked out from stored results.

Contract: every function here is pure and takes a sequence of :class:`Entry` — one member's stored result
(the result document of a submitted or validated snapshot, or its :func:`summarise` projection) with the
member's code, name and sub-region and the status the result stands for. Nothing is ever re-scored here:
numbers are the stored ones, so what a member validated is what the region sees. Element states other than
``gap`` (unknown, not applicable, precluded, unanswered, skipped) are counted on their own and never as gaps.
Members are listed alphabetically by name unless a caller asks for ``order="gap"`` (RSO staff only; the
application never offers it to members). This module imports neither Flask nor SQLAlchemy.

Methods: each result carries the ``scoring_version`` of the method that made it. A regional figure never
mixes methods: :func:`missed_elements` and :func:`ta_demand` refuse entries of more than one method (pick
them with :func:`of_method`), and the matrix ordered by gap keeps each method's members together. Method 2
results add the weakest section, the profile of section bands, the obligations gap and the best case to
every scope; :class:`Cell` carries them.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

#: element states in the order they are reported
ELEMENT_STATES = ("gap", "unknown", "met", "not_applicable", "precluded", "unanswered", "skipped")
#: members of one sub-region needing the same item before it is a regional training candidate
TRAINING_MIN_MEMBERS = 3
#: the figures a matrix cell carries
CELL_KEYS = ("gap", "band", "provisional", "completeness", "critical_gaps")
#: what method 2 adds to every scope (kept only where the result has them)
CELL_KEYS_2 = ("obligations_gap", "best_case_gap", "unknown", "unanswered", "weakest", "held_down_by", "profile")
#: the scoring versions and what the pages call them
METHODS = {"1.0": "Method 1", "2.0": "Method 2"}
#: band names from best to worst (the order of a profile)
BANDS = ("aligned", "largely_aligned", "partly_aligned", "not_aligned")
#: the parts of a summary that the matrix and trends read (stored on their own, see :func:`scores_of`)
SCORE_PARTS = ("scoring_version", "overall", "modules", "sections")
#: what :func:`summarise` keeps of a TA item
_TA_KEYS = ("id", "category", "text", "audience", "priority", "triggered_by")
#: what :func:`summarise` keeps of a unit by standard
_STANDARD_KEYS = ("id", "instrument", "unit", "title", "fatf_text", "gap", "band", "provisional", "completeness",
                  "critical_gaps", "obligation")


class Entry(NamedTuple):
    """One member's stored result for one cycle."""

    #: member code, e.g. ``XA``
    member: str
    #: the member's official short name
    name: str
    sub_region: str
    #: what the result stands for: ``validated`` or ``submitted``
    status: str
    questionnaire_id: str
    questionnaire_version: int
    #: the stored result document, or its :func:`summarise` projection
    result: Mapping[str, Any]
    #: cycle code; needed by :func:`trends` only
    cycle: str = ""
    #: the stored answers (question id → answer); needed for element-level answers side by side only
    answers: Mapping[str, Any] | None = None


def summarise(result: Mapping[str, Any]) -> dict[str, Any]:
    """The part of a result document that regional views use (no explanations, no per-question rows).

    :param result: a result document (``questionnaires/schemas/result.schema.json``)
    :returns: ``{"scoring_version", "overall", "modules", "sections", "elements", "ta"}`` (and ``"standards"``
        for a result that has them) with the same keys inside as the result document, so every function of this
        module accepts either
    """

    def figures(scope: Mapping[str, Any], *extra: str) -> dict[str, Any]:
        found = {key: scope.get(key) for key in (*extra, *CELL_KEYS)}
        found.update((key, scope[key]) for key in (*CELL_KEYS_2, "next_band") if key in scope)
        return found

    def element(row: Mapping[str, Any]) -> dict[str, Any]:
        found = {key: row.get(key) for key in ("id", "state", "gap", "critical")}
        if "core" in row:
            found["core"] = row["core"]
        return found

    return {
        "scoring_version": result.get("scoring_version"),
        "overall": figures(result.get("overall") or {}, "beyond_minimum_gap"),
        "modules": [figures(m, "id", "title") for m in result.get("modules", ())],
        "sections": [{**figures(s, "id", "module", "title"), "capped_by": list(s.get("capped_by") or ())}
                     for s in result.get("sections", ())],
        "elements": [element(e) for e in result.get("elements", ())],
        "ta": [{**{key: t.get(key) for key in _TA_KEYS}, "self_requested": bool(t.get("self_requested"))}
               for t in result.get("ta", ())],
        # method 2: the units by standard (their figures only; the criteria stay in the result)
        **({"standards": [{key: u.get(key) for key in _STANDARD_KEYS} for u in result["standards"]]}
           if "standards" in result else {}),
    }


def scores_of(summary: Mapping[str, Any]) -> dict[str, Any]:
    """The overall, module and section figures of a summary (or result): all a matrix or a trend needs."""
    return {part: summary.get(part) for part in SCORE_PARTS}


def natural_key(text: str) -> tuple[Any, ...]:
    """``A2`` before ``A10``: digits compare as numbers."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text))


def _by_name(entries: Iterable[Entry]) -> list[Entry]:
    return sorted(entries, key=lambda e: (e.name.casefold(), e.member))


def method_of(entry: Entry) -> str:
    """The scoring version of an entry's result (``"1.0"`` for results stored before versions were recorded)."""
    return str(entry.result.get("scoring_version") or "1.0")


def method_name(version: str | None) -> str:
    """What a page calls a scoring version: ``Method 2``."""
    return METHODS.get(version or "", f"Scoring version {version}")


def methods_in(entries: Iterable[Entry]) -> list[str]:
    """The scoring versions of ``entries``, newest first."""
    return sorted({method_of(e) for e in entries}, key=_version_key, reverse=True)


def _version_key(version: str) -> tuple[Any, ...]:
    return natural_key(version)


def of_method(entries: Iterable[Entry], version: str | None = None) -> tuple[str | None, list[Entry], list[Entry]]:
    """``(version, its entries, the others)``: the entries of one method (``version``, or the newest present).

    Figures across members (elements most often missed, TA demand) are worked out on one method only; the
    others are named beside them, never folded in.
    """
    listed = list(entries)
    present = methods_in(listed)
    chosen = version if version in present else (present[0] if present else None)
    return chosen, [e for e in listed if method_of(e) == chosen], [e for e in listed if method_of(e) != chosen]


def _one_method(entries: Sequence[Entry]) -> None:
    found = methods_in(entries)
    if len(found) > 1:
        raise ValueError(f"a regional figure never mixes scoring methods; these entries come from "
                         f"{', '.join(method_name(v) for v in found)}: choose one with of_method()")


def capped_ids(section: Mapping[str, Any]) -> list[str]:
    """The questions that hold a section down (method 1 lists ids, method 2 objects with the component and
    reason), each once."""
    items = section.get("capped_by")
    if not items:
        return []
    # ids only is the common case, taken as they are (a matrix of hundreds of members asks thousands of times)
    for item in items:
        if type(item) is not str:
            break
    else:
        return list(dict.fromkeys(items))
    return list(dict.fromkeys(item if isinstance(item, str) else item["question"] if isinstance(item, Mapping)
                              else str(item) for item in items))


# --------------------------------------------------------------------------- matrix


class Cell(NamedTuple):
    """The figures of one scope (overall, module or section); a tuple, as a large matrix has thousands."""

    gap: float | None
    band: str | None
    provisional: bool
    completeness: float | None
    critical_gaps: int
    capped_by: tuple[str, ...] = ()
    #: method 2: the gap over the obligations that bind the member, and the gap if the unknown were met
    obligations_gap: float | None = None
    best_case_gap: float | None = None
    #: method 2 (modules and overall): the weakest section and how many sections are in each band
    weakest: str | None = None
    profile: tuple[int, ...] | None = None
    #: method 2 (sections): how many answers the next band needs
    needs: int | None = None

    @classmethod
    def of(cls, scope: Mapping[str, Any] | None) -> Cell | None:
        if scope is None:
            return None
        get = scope.get
        profile = get("profile")
        next_band = get("next_band")
        # the tuple made directly, as the generated constructor would (a large matrix makes thousands)
        return tuple.__new__(cls, (
            get("gap"), get("band"), bool(get("provisional")), get("completeness"), int(get("critical_gaps") or 0),
            tuple(capped_ids(scope)) if get("capped_by") else (), get("obligations_gap"), get("best_case_gap"),
            get("weakest"),
            None if profile is None else tuple(int(profile.get(b, 0)) for b in BANDS)
            if isinstance(profile, Mapping) else None,
            None if next_band is None else len(next_band["needs"]) if isinstance(next_band, Mapping) else None))


@dataclass(frozen=True)
class Column:
    id: str
    title: str
    module: str
    #: ``section`` or ``module``
    kind: str = "section"


@dataclass(frozen=True)
class MatrixRow:
    entry: Entry
    #: the overall figures, or the module's when the matrix is restricted to one module
    headline: Cell | None
    #: column id → cell (``None`` where the member's questionnaire version has no such section)
    cells: Mapping[str, Cell | None]


@dataclass(frozen=True)
class Matrix:
    columns: tuple[Column, ...]
    rows: tuple[MatrixRow, ...]
    #: the module the matrix is restricted to, or ``None`` for all
    module: str | None
    #: modules seen in the results, as (id, title), for filters
    modules: tuple[tuple[str, str], ...]

    def column_cells(self, column_id: str) -> list[Cell | None]:
        return [row.cells.get(column_id) for row in self.rows]


def matrix(entries: Sequence[Entry], *, module: str | None = None, order: str = "name",
           columns: str = "sections") -> Matrix:
    """The member × section matrix of core gaps.

    :param entries: one entry per member (one cycle)
    :param module: keep only this module's sections; the headline is then the module's figures
    :param order: ``"name"`` (alphabetical, the default) or ``"gap"`` (largest overall or module gap first,
        members without a score last, each scoring method apart, newest first; for RSO staff)
    :param columns: ``"sections"`` or ``"modules"`` (one column per module)
    :returns: columns in questionnaire order (the union over questionnaire versions) and one row per entry
    :raises ValueError: for an unknown ``order`` or ``columns``
    """
    if order not in ("name", "gap"):
        raise ValueError(f"unknown order {order!r}")
    if columns not in ("sections", "modules"):
        raise ValueError(f"unknown columns {columns!r}")
    seen_modules: dict[str, str] = {}
    cols: dict[str, Column] = {}
    for entry in entries:
        # each column made once, when first seen (every member's result names the same ones again)
        for m in entry.result.get("modules", ()):
            seen_modules.setdefault(m["id"], m.get("title") or m["id"])
            if columns == "modules" and (module is None or m["id"] == module) and m["id"] not in cols:
                cols[m["id"]] = Column(m["id"], m.get("title") or m["id"], m["id"], "module")
        if columns == "sections":
            for s in entry.result.get("sections", ()):
                if (module is None or s.get("module") == module) and s["id"] not in cols:
                    cols[s["id"]] = Column(s["id"], s.get("title") or s["id"], s.get("module") or "")
    rows = []
    for entry in entries:
        scopes = {s["id"]: s for s in entry.result.get("modules" if columns == "modules" else "sections", ())}
        if module is None:
            headline = Cell.of(entry.result.get("overall"))
        else:
            headline = Cell.of(next((m for m in entry.result.get("modules", ()) if m["id"] == module), None))
        rows.append(MatrixRow(entry, headline, {cid: Cell.of(scopes.get(cid)) for cid in cols}))
    rows.sort(key=lambda r: (r.entry.name.casefold(), r.entry.member))
    if order == "gap":
        # gaps of different methods do not rank against each other: each method's members stay together
        newest = {v: i for i, v in enumerate(methods_in(entries))}
        rows.sort(key=lambda r: (newest[method_of(r.entry)], r.headline is None or r.headline.gap is None,
                                 -(r.headline.gap or 0) if r.headline else 0))
    return Matrix(tuple(cols.values()), tuple(rows), module, tuple(seen_modules.items()))


# --------------------------------------------------------------------------- elements most often missed


@dataclass(frozen=True)
class ElementRow:
    id: str
    critical: bool
    #: members whose result tests this element
    assessed: int
    #: state → member codes, alphabetical by member name
    members: Mapping[str, tuple[str, ...]]

    def count(self, state: str) -> int:
        return len(self.members.get(state, ()))

    @property
    def gaps(self) -> int:
        return self.count("gap")

    @property
    def share(self) -> float:
        """Share of the members assessed that have a gap (0 when none is assessed)."""
        return self.gaps / self.assessed if self.assessed else 0.0

    @property
    def with_gap(self) -> tuple[str, ...]:
        return self.members.get("gap", ())


def _state_order(states: Mapping[str, Any]) -> list[str]:
    return [s for s in ELEMENT_STATES if s in states] + sorted(set(states) - set(ELEMENT_STATES))


def missed_elements(entries: Sequence[Entry]) -> list[ElementRow]:
    """Every element with the members in each state, most often missed first.

    Critical elements come first, then the larger share of members with a gap, then more gaps, then the
    element id. Unknown, not applicable, precluded, unanswered and skipped are reported in their own counts
    and never as gaps. Under method 2 an element only good practice tests (``core`` false) is not listed.
    :raises ValueError: for entries of more than one scoring method
    """
    _one_method(entries)
    found: dict[str, dict[str, list[str]]] = {}
    critical: dict[str, bool] = {}
    for entry in _by_name(entries):
        for element in entry.result.get("elements", ()):
            if element.get("core") is False:
                continue
            element_id = element["id"]
            critical[element_id] = critical.get(element_id, False) or bool(element.get("critical"))
            found.setdefault(element_id, {}).setdefault(element.get("state") or "unanswered", []).append(entry.member)
    rows = [
        ElementRow(element_id, critical[element_id], sum(len(v) for v in states.values()),
                   {state: tuple(states[state]) for state in _state_order(states)})
        for element_id, states in found.items()
    ]
    rows.sort(key=lambda r: (not r.critical, -r.share, -r.gaps, natural_key(r.id)))
    return rows


# --------------------------------------------------------------------------- regional TA demand


@dataclass(frozen=True)
class DemandItem:
    id: str
    category: str | None
    text: str
    audience: tuple[str, ...]
    #: member codes needing the item, alphabetical by member name
    members: tuple[str, ...]
    #: sum over members of the item's priority
    priority: float
    #: members whose answers call for it (the TA rules fired)
    recommended: tuple[str, ...]
    #: members who asked for it themselves
    self_requested: tuple[str, ...]
    #: sub-region → member codes
    by_sub_region: Mapping[str, tuple[str, ...]]

    @property
    def count(self) -> int:
        return len(self.members)


def _demand_order(sub_region: str, item: DemandItem) -> tuple[int, float, str]:
    """Within a sub-region: most members first, then priority, then id."""
    return -len(item.by_sub_region[sub_region]), -item.priority, item.id


@dataclass(frozen=True)
class TrainingCandidate:
    sub_region: str
    item: DemandItem
    members: tuple[str, ...]


@dataclass(frozen=True)
class Demand:
    #: most members first, then the larger summed priority, then id
    items: tuple[DemandItem, ...]
    #: category → items; audience → items; sub-region → items needed there (each in ``items`` order)
    by_category: Mapping[str | None, tuple[DemandItem, ...]]
    by_audience: Mapping[str, tuple[DemandItem, ...]]
    by_sub_region: Mapping[str, tuple[DemandItem, ...]]
    #: items needed by at least ``min_members`` members of one sub-region, most members first
    training: tuple[TrainingCandidate, ...]
    #: member code → sub-region, for the members behind each item
    sub_regions: Mapping[str, str] = field(default_factory=dict)


def ta_demand(entries: Sequence[Entry], *, min_members: int = TRAINING_MIN_MEMBERS) -> Demand:
    """TA catalogue items aggregated over members.

    :param entries: one entry per member (one cycle)
    :param min_members: how many members of one sub-region must need an item for it to be a regional
        training candidate
    :returns: the items with the members behind each, grouped by category, audience and sub-region
    :raises ValueError: for entries of more than one scoring method (priorities differ between methods)
    """
    _one_method(entries)
    acc: dict[str, dict[str, Any]] = {}
    sub_regions: dict[str, str] = {}
    for entry in _by_name(entries):
        sub_regions[entry.member] = entry.sub_region
        for item in entry.result.get("ta", ()):
            row = acc.setdefault(item["id"], {
                "category": item.get("category"), "text": item.get("text") or "",
                "audience": tuple(item.get("audience") or ()), "members": {}, "priority": 0.0,
                "recommended": [], "self_requested": [], "by_sub_region": {},
            })
            if entry.member in row["members"]:  # a dict: members in order, each looked up at once
                continue
            row["members"][entry.member] = None
            row["priority"] += float(item.get("priority") or 0.0)
            if item.get("triggered_by"):
                row["recommended"].append(entry.member)
            if item.get("self_requested"):
                row["self_requested"].append(entry.member)
            row["by_sub_region"].setdefault(entry.sub_region, []).append(entry.member)
    items = [
        DemandItem(item_id, row["category"], row["text"], row["audience"], tuple(row["members"]),
                   round(row["priority"], 4), tuple(row["recommended"]), tuple(row["self_requested"]),
                   {sr: tuple(codes) for sr, codes in sorted(row["by_sub_region"].items())})
        for item_id, row in acc.items()
    ]
    items.sort(key=lambda i: (-i.count, -i.priority, i.id))
    by_category: dict[str | None, list[DemandItem]] = {}
    by_audience: dict[str, list[DemandItem]] = {}
    by_sub_region: dict[str, list[DemandItem]] = {}
    training = []
    for item in items:
        by_category.setdefault(item.category, []).append(item)
        for audience in item.audience:
            by_audience.setdefault(audience, []).append(item)
        for sub_region, codes in item.by_sub_region.items():
            by_sub_region.setdefault(sub_region, []).append(item)
            if len(codes) >= min_members:
                training.append(TrainingCandidate(sub_region, item, codes))
    training.sort(key=lambda t: (-len(t.members), -t.item.priority, t.sub_region, t.item.id))
    for sub_region, listed in by_sub_region.items():
        listed.sort(key=functools.partial(_demand_order, sub_region))
    return Demand(
        tuple(items),
        {k: tuple(v) for k, v in sorted(by_category.items(), key=lambda kv: str(kv[0]))},
        {k: tuple(v) for k, v in sorted(by_audience.items())},
        {k: tuple(v) for k, v in sorted(by_sub_region.items())},
        tuple(training),
        sub_regions,
    )


# --------------------------------------------------------------------------- trends


@dataclass(frozen=True)
class TrendPoint:
    cycle: str
    status: str
    overall: Cell | None
    #: module id → cell
    modules: Mapping[str, Cell | None]
    questionnaire_id: str
    questionnaire_version: int
    scoring_version: str | None
    #: what changed since the previous point: "questionnaire" and/or "scoring"
    changed: tuple[str, ...] = ()


@dataclass(frozen=True)
class Trend:
    member: str
    name: str
    points: tuple[TrendPoint, ...]
    #: module ids and titles seen over the points
    modules: tuple[tuple[str, str], ...]


def trends(entries: Sequence[Entry], cycle_order: Sequence[str]) -> list[Trend]:
    """One series per member across cycles, marking where the questionnaire or scoring version changed.

    :param entries: entries of one or more members over several cycles (``Entry.cycle`` set)
    :param cycle_order: cycle codes, oldest first; entries of other cycles are left out
    :returns: one :class:`Trend` per member, alphabetical by name
    """
    position = {code: i for i, code in enumerate(cycle_order)}
    per_member: dict[str, list[Entry]] = {}
    for entry in entries:
        if entry.cycle in position:
            per_member.setdefault(entry.member, []).append(entry)
    out = []
    for member_entries in per_member.values():
        member_entries.sort(key=lambda e: position[e.cycle])
        points: list[TrendPoint] = []
        modules: dict[str, str] = {}
        previous: Entry | None = None
        for entry in member_entries:
            changed: list[str] = []
            if previous is not None:
                if (previous.questionnaire_id, previous.questionnaire_version) != (
                        entry.questionnaire_id, entry.questionnaire_version):
                    changed.append("questionnaire")
                if previous.result.get("scoring_version") != entry.result.get("scoring_version"):
                    changed.append("scoring")
            for m in entry.result.get("modules", ()):
                modules.setdefault(m["id"], m.get("title") or m["id"])
            points.append(TrendPoint(
                entry.cycle, entry.status, Cell.of(entry.result.get("overall")),
                {m["id"]: Cell.of(m) for m in entry.result.get("modules", ())},
                entry.questionnaire_id, entry.questionnaire_version, entry.result.get("scoring_version"),
                tuple(changed)))
            previous = entry
        first = member_entries[0]
        out.append(Trend(first.member, first.name, tuple(points), tuple(modules.items())))
    out.sort(key=lambda t: (t.name.casefold(), t.member))
    return out


# --------------------------------------------------------------------------- side by side


@dataclass(frozen=True)
class SideRow:
    id: str
    title: str
    #: ``module``, ``section`` or ``element``
    kind: str
    #: the module the row belongs to (sections and modules)
    module: str
    critical: bool
    #: one per entry, in entry order: the scope's figures (modules, sections) or ``{"state", "gap"}`` (elements)
    cells: tuple[Mapping[str, Any] | None, ...]


def side_by_side(entries: Sequence[Entry]) -> list[SideRow]:
    """Modules, then sections, then elements, with one cell per entry in the order given.

    Rows are the union over the entries' questionnaire versions; a member whose version lacks a row has
    ``None`` there.
    """
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for position, entry in enumerate(entries):
        for kind, plural in (("module", "modules"), ("section", "sections"), ("element", "elements")):
            for scope in entry.result.get(plural, ()):
                row = rows.setdefault((kind, scope["id"]), {
                    "title": scope.get("title") or scope["id"], "module": scope.get("module") or scope["id"],
                    "critical": bool(scope.get("critical")), "cells": [None] * len(entries)})
                row["cells"][position] = scope
    order = {"module": 0, "section": 1, "element": 2}

    def key(item: tuple[tuple[str, str], Any]) -> tuple[Any, ...]:
        kind, row_id = item[0]
        return order[kind], natural_key(row_id) if kind == "element" else ()

    listed = sorted(rows.items(), key=key)
    return [SideRow(row_id, row["title"], kind, row["module"] if kind != "element" else "", row["critical"],
                    tuple(row["cells"])) for (kind, row_id), row in listed]
