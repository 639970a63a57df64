"""Rated units: a set of scored questions rated as one, under scoring method 2.

Contract: pure functions over :class:`Outcome` records (one per scored question: its state, weights and
values, whether its obligation binds the member, and what, if anything, makes it hold its unit at the cap
band). A *section* is the rated unit of method 2; the same functions rate any other set of questions (a
treaty article, a FATF Recommendation) with the same rules. Nothing here knows about question types,
conditions or the questionnaire's layout: :mod:`scoring.method2` turns answers into outcomes.

Figures (``docs/methodology.md`` explains them):

- the core *score* is Σ weight × value ÷ Σ weight over the applicable questions (answered, unknown and
  unanswered: a missing answer scores 0); it is published rounded to :data:`SCORE_DIGITS` decimals, and the
  *gap* is worked out from the published score, 100 × (1 − score) rounded half up to one decimal, so that
  a reader who recomputes the gap from the score gets the published gap;
- the *band* comes from the gap; a unit with a question that holds it (:attr:`Outcome.caps`) is rated at
  :data:`~scoring.engine.CAPPED_BAND` at best;
- *completeness* = answered ÷ applicable (unknown answers are not answers); *provisional* below the
  questionnaire's threshold; *best case* = the gap if every unknown and unanswered question were met;
  *obligations gap* = the gap over the questions whose obligation binds the member;
- *next band*: the fewest questions whose improvement to fully met would lift the unit one band.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from questionnaires.model import ScoringParams
from scoring.engine import BAND_ORDER, CAPPED_BAND, round_gap

#: decimals of a published score: enough for the gap (one decimal) to follow from it
SCORE_DIGITS = 6
#: states that are applicable: they enter the score (unanswered and unknown with value 0)
APPLICABLE = frozenset({"answered", "unknown", "unanswered"})
#: why a question holds its unit at the cap band
CAP_REASONS = ("not_met", "unknown", "unanswered")


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one scored question brings to a rated unit."""

    question: str
    #: answered, unknown, unanswered, not_applicable, precluded or skipped
    state: str
    #: (weight, value, value if pending bills pass, best-case value) in the core pool, or ``None``
    core: tuple[float, float, float, float] | None
    #: (weight, value) in the beyond-minimum pool, or ``None``
    beyond: tuple[float, float] | None
    #: whether the obligation binds the member (a question that does not bind never holds its unit)
    binds: bool
    #: why the question holds its unit at the cap band, as (component or ``None``, reason); empty: it does not
    caps: tuple[tuple[str | None, str], ...] = ()


def published(raw: float | None) -> tuple[float | None, float | None]:
    """``(score, gap)``: the score rounded to :data:`SCORE_DIGITS` decimals and the gap worked out from it."""
    if raw is None:
        return None, None
    score = round(raw, SCORE_DIGITS) + 0.0
    return score, round_gap(100.0 * (1.0 - score))


def _gap(numerator: float, denominator: float) -> float | None:
    return published(numerator / denominator)[1] if denominator > 0 else None


def band_of(gap: float | None, bands: Sequence[tuple[str, float]]) -> str | None:
    """The band a (rounded) gap falls in, or ``None`` for no gap."""
    if gap is None:
        return None
    for band, max_gap in bands:
        if gap <= max_gap:
            return band
    return bands[-1][0]


def worse(band: str, other: str) -> bool:
    """Whether ``band`` is worse than ``other``."""
    return BAND_ORDER.index(band) > BAND_ORDER.index(other)


class Pool:
    """Running sums over outcomes: the pooled figures of a unit, a module or the whole assessment."""

    __slots__ = ("answered", "beyond_w", "beyond_wv", "bind_w", "bind_wv", "core_w", "core_wv", "core_wv_best",
                 "core_wv_bills", "critical_gaps", "unanswered", "unknown")

    def __init__(self, outcomes: Iterable[Outcome] = ()) -> None:
        self.core_w = self.core_wv = self.core_wv_bills = self.core_wv_best = 0.0
        self.bind_w = self.bind_wv = self.beyond_w = self.beyond_wv = 0.0
        self.answered = self.unknown = self.unanswered = self.critical_gaps = 0
        for outcome in outcomes:
            self.add(outcome)

    def add(self, outcome: Outcome) -> None:
        if outcome.state not in APPLICABLE:
            return
        if outcome.state == "answered":
            self.answered += 1
        elif outcome.state == "unknown":
            self.unknown += 1
        else:
            self.unanswered += 1
        if outcome.core is not None:
            w, v, v_bills, v_best = outcome.core
            self.core_w += w
            self.core_wv += w * v
            self.core_wv_bills += w * v_bills
            self.core_wv_best += w * v_best
            if outcome.binds:
                self.bind_w += w
                self.bind_wv += w * v
        if outcome.beyond is not None:
            w, v = outcome.beyond
            self.beyond_w += w
            self.beyond_wv += w * v
        if outcome.caps:
            self.critical_gaps += 1

    def merge(self, other: Pool) -> None:
        for name in self.__slots__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def applicable(self) -> int:
        return self.answered + self.unknown + self.unanswered

    def figures(self, params: ScoringParams) -> dict[str, Any]:
        """The pooled figures (no band: a unit's band has caps, a module's is its weakest unit's)."""
        score, gap = published(self.core_wv / self.core_w) if self.core_w > 0 else (None, None)
        completeness = self.answered / self.applicable if self.applicable else None
        return {
            "score": score,
            "gap": gap,
            "beyond_minimum_gap": _gap(self.beyond_wv, self.beyond_w),
            "if_bills_pass_gap": _gap(self.core_wv_bills, self.core_w),
            "best_case_gap": _gap(self.core_wv_best, self.core_w),
            "obligations_gap": _gap(self.bind_wv, self.bind_w),
            "completeness": None if completeness is None else round(completeness, 4) + 0.0,
            "provisional": completeness is not None and completeness < params.completeness_threshold,
            "unknown": self.unknown,
            "unanswered": self.unanswered,
            "critical_gaps": self.critical_gaps,
        }


def caps_of(outcomes: Iterable[Outcome]) -> list[dict[str, Any]]:
    """What holds the unit at the cap band: ``{question, component, reason}`` in the order given."""
    return [{"question": o.question, "component": component, "reason": reason}
            for o in outcomes for component, reason in o.caps]


def rate(outcomes: Sequence[Outcome], params: ScoringParams) -> dict[str, Any]:
    """A rated unit's figures: the pooled figures, ``band``, ``band_without_cap``, ``capped_by`` and
    ``next_band``."""
    bands = tuple(params.bands)
    figures = Pool(outcomes).figures(params)
    band = band_without_cap = band_of(figures["gap"], bands)
    capped = caps_of(outcomes)
    if capped and band is not None and worse(CAPPED_BAND, band):
        band = CAPPED_BAND
    holders = list(dict.fromkeys(c["question"] for c in capped))
    return {**figures, "band": band, "band_without_cap": band_without_cap, "capped_by": capped,
            "next_band": next_band(outcomes, band, holders, bands)}


def next_band(outcomes: Sequence[Outcome], band: str | None, holders: Sequence[str],
              bands: Sequence[tuple[str, float]]) -> dict[str, Any] | None:
    """The fewest questions whose improvement to fully met would lift the unit one band.

    Above the cap band every question that holds the unit must be fully met first; then the questions
    that close most of the gap, largest first (ties by question id), until the gap is within the better
    band. Choosing the largest gains first gives the fewest questions, as each question's gain is its own.
    :returns: ``{"band", "needs": [question ids], "caps": [question ids that hold the unit]}``, or ``None``
        for a unit without a band or already in the best band
    """
    names = [name for name, _ in bands]
    if band is None or band not in names or names.index(band) == 0:
        return None
    target, limit = bands[names.index(band) - 1]
    counted = [(o.question, o.core[0], o.core[1]) for o in outcomes if o.core is not None and o.state in APPLICABLE]
    total = sum(w for _, w, _ in counted)
    if total <= 0:
        return None
    met = sum(w * v for _, w, v in counted)
    needs: list[str] = []
    must = set(holders) if worse(CAPPED_BAND, target) else set()
    gains = []
    for question, w, v in counted:
        if question in must:
            needs.append(question)
            met += w * (1.0 - v)
        elif v < 1.0:
            gains.append((w * (1.0 - v), question))
    gains.sort(key=lambda g: (-g[0], g[1]))
    for gain, question in gains:
        if (_gap(met, total) or 0.0) <= limit:
            break
        needs.append(question)
        met += gain
    return {"band": target, "needs": needs, "caps": [q for q in holders if q in must]}


def weakest(units: Sequence[Mapping[str, Any]], params: ScoringParams) -> dict[str, Any]:
    """A module's (or the whole assessment's) band from its rated units: the weakest unit's band.

    :param units: the units' figures as :func:`rate` returns them, each with its ``id``
    :returns: ``band``, ``weakest`` (the unit with the worst band, then the larger gap, then the first),
        ``held_down_by`` (every unit at that band), ``profile`` (how many units in each band) and
        ``provisional_band`` (whether a unit that holds the band down is provisional)
    """
    rated = [u for u in units if u.get("band") is not None]
    profile = {name: 0 for name, _ in params.bands}
    for unit in rated:
        profile[unit["band"]] = profile.get(unit["band"], 0) + 1
    if not rated:
        return {"band": None, "weakest": None, "held_down_by": [], "profile": profile, "provisional_band": False}
    worst = max(BAND_ORDER.index(u["band"]) for u in rated)
    held = [u for u in rated if BAND_ORDER.index(u["band"]) == worst]
    first = min(range(len(held)), key=lambda i: (-(held[i].get("gap") or 0.0), i))
    return {"band": held[first]["band"], "weakest": held[first]["id"], "held_down_by": [u["id"] for u in held],
            "profile": profile, "provisional_band": any(u.get("provisional") for u in held)}
