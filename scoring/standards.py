"""The same answers read by standard: treaty articles and FATF Recommendations as rated units (method 2).

Contract: :func:`units` is pure. It takes what scoring method 2 worked out for each scored question (its
:class:`~scoring.rating.Outcome` and, for a critical question, why it would hold a unit where its obligation
binds) and returns the ``standards`` list of the result document: one unit per treaty article and per FATF
Recommendation the questionnaire cites, in the order of :data:`questionnaires.standards.INSTRUMENTS`, each
rated with the same rules as a section (:func:`scoring.rating.rate`: weights, completeness, caps from critical
questions, the next band). A question citing several provisions counts in each of their units, once per unit.

Binding is read per unit, against the standard the unit belongs to: a FATF Recommendation binds every member;
a treaty article binds a party to the treaty (a blank party answer counts as party), and a UNTOC article cited
beside an article of one of its Protocols binds through that Protocol (UNTOC art. 1(2) of each Protocol),
exactly as for sections. A critical question therefore holds a FATF unit down wherever its core is not met,
and a treaty unit only where the member is bound by that treaty.

FATF texts: ``fatf="current"`` reads every FATF point the questionnaire cites, with the later amendments;
``fatf="2013"`` reads only the points of the 2013 Methodology, so that a result can be set beside a mutual
evaluation report of that generation. Questions that a Recommendation holds only through later amendments then
leave that unit, and the unit lists them under ``later`` ("not assessed then"), never as a gap.

:func:`read` scores answers afresh and returns the units (for the 2013 text, or for a stored result made before
results carried them). :func:`steps_apart` and :func:`disagrees` set a band beside a mutual-evaluation rating on
the two ordered scales, only to flag a difference: a band is never a rating. Nothing here imports Flask or
SQLAlchemy.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from questionnaires.model import PARTY_QUESTION_IDS, Question, Questionnaire, ScoringParams
from questionnaires.standards import (
    Point,
    is_later_amendment,
    point_title,
    sort_key,
    unit_of,
    unit_title,
)
from scoring.engine import BAND_ORDER
from scoring.rating import Outcome, Pool, caps_of, rate

#: the FATF texts a reader can choose: every point with the later amendments, or the 2013 Methodology only
FATF_TEXTS = ("current", "2013")
#: what a page calls them
FATF_TEXT_WORDS = {"current": "FATF criteria with later amendments", "2013": "FATF criteria as of 2013 only"}
#: mutual-evaluation technical-compliance ratings from best to worst (N/A is not on the scale)
RATINGS = ("C", "LC", "PC", "NC")
RATING_WORDS = {"C": "Compliant", "LC": "Largely compliant", "PC": "Partially compliant", "NC": "Non-compliant",
                "NA": "Not applicable"}
#: a band and a rating this many steps apart on their ordered scales are flagged
FLAG_STEPS = 2
#: the Protocols through which a UNTOC article cited beside them binds
_PROTOCOLS = ("TIPP", "SOMP")


@dataclass(frozen=True, slots=True)
class Read:
    """One scored question as method 2 assessed it."""

    question: Question
    #: the outcome as the question's section sees it
    outcome: Outcome
    #: why the question holds a unit where its obligation binds (critical questions whose core is not met)
    held: tuple[tuple[str | None, str], ...] = ()
    #: the question's points by FATF text (:func:`points_by_text`), worked out once with the scoring plan;
    #: empty: worked out here
    points: Mapping[str, tuple[list[Point], list[Point]]] = field(default_factory=dict)


def points_by_text(question: Question) -> Mapping[str, tuple[list[Point], list[Point]]]:
    """The question's ``(read, later)`` points for each FATF text (see :func:`_points`)."""
    return MappingProxyType({fatf: _points(question, fatf) for fatf in FATF_TEXTS})


def binds_in(instrument: str, question: Question, parties: Mapping[str, bool | None]) -> bool:
    """Whether the member is bound by ``question``'s obligation as ``instrument`` reads it."""
    if instrument == "FATF":
        return True
    cited = {s.instrument for s in question.sources}
    through = [p for p in _PROTOCOLS if p in cited] if instrument == "UNTOC" else []
    pids = [PARTY_QUESTION_IDS[p] for p in through] or [PARTY_QUESTION_IDS.get(instrument, "")]
    return any(parties.get(pid) is not False for pid in pids)


def _points(question: Question, fatf: str) -> tuple[list[Point], list[Point]]:
    """``(read, later)``: the question's points in units, and the FATF points the chosen text leaves out."""
    read: list[Point] = []
    later: list[Point] = []
    for source in question.sources:
        point = unit_of(source)
        if point is None:
            continue
        if fatf == "2013" and point.instrument == "FATF" and is_later_amendment(point.methodology):
            later.append(point)
        else:
            read.append(point)
    return read, later


def _criterion_key(point: Point) -> tuple[str | None, str]:
    return (point.point, "" if point.point is not None else point.cited)


def units(reads: Sequence[Read], parties: Mapping[str, bool | None], params: ScoringParams,
          fatf: str = "current") -> list[dict[str, Any]]:
    """The standards units of one result.

    :param reads: every scored question with its outcome, in questionnaire order
    :param parties: Profile party question id → True, False or ``None`` (not known: counts as party)
    :param params: the questionnaire's scoring parameters
    :param fatf: ``"current"`` (with later amendments) or ``"2013"`` (the 2013 Methodology only)
    :returns: units as the result schema's ``standards`` describes them
    :raises ValueError: for an unknown ``fatf`` text
    """
    if fatf not in FATF_TEXTS:
        raise ValueError(f"fatf must be one of {', '.join(FATF_TEXTS)}")
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for item in reads:
        read, later = item.points[fatf] if item.points else _points(item.question, fatf)
        for point in read:
            unit = found.setdefault((point.instrument, point.number), _new_unit(point))
            if item.question.id not in unit["reads"]:
                unit["reads"][item.question.id] = item
            criterion = unit["criteria"].setdefault(_criterion_key(point), {"point": point, "reads": {}})
            criterion["reads"][item.question.id] = item
        for point in later:
            unit = found.setdefault((point.instrument, point.number), _new_unit(point))
            entry = unit["later"].setdefault(_criterion_key(point), {"point": point, "questions": []})
            if item.question.id not in entry["questions"]:
                entry["questions"].append(item.question.id)
    return [_rated(found[key], parties, params, fatf) for key in sorted(found, key=lambda k: sort_key(*k))]


def _new_unit(point: Point) -> dict[str, Any]:
    return {"point": point, "reads": {}, "criteria": {}, "later": {}}


def _outcomes(reads: Iterable[Read], instrument: str, parties: Mapping[str, bool | None]) -> list[Outcome]:
    out = []
    for item in reads:
        binds = binds_in(instrument, item.question, parties)
        o = item.outcome
        out.append(Outcome(o.question, o.state, o.core, o.beyond, binds, item.held if binds else ()))
    return out


def _rated(unit: Mapping[str, Any], parties: Mapping[str, bool | None], params: ScoringParams,
           fatf: str) -> dict[str, Any]:
    point: Point = unit["point"]
    outcomes = _outcomes(unit["reads"].values(), point.instrument, parties)
    figures = rate(outcomes, params)  # no outcomes (only later points under the 2013 text): no figures
    # a FATF unit is a standard; a treaty unit an obligation where some of its questions bind the member
    obligation = ("standard" if point.instrument == "FATF"
                  else "obligation" if any(o.binds for o in outcomes) else "recommended")
    criteria = []
    for entry in unit["criteria"].values():
        p: Point = entry["point"]
        own = _outcomes(entry["reads"].values(), point.instrument, parties)
        criteria.append({"id": p.point, "methodology": p.methodology, "source": p.cited, "title": point_title(p),
                         "questions": list(entry["reads"]), "gap": Pool(own).figures(params)["gap"],
                         "capped_by": caps_of(own)})
    later = [{"id": e["point"].point, "methodology": e["point"].methodology, "source": e["point"].cited,
              "title": point_title(e["point"]), "questions": e["questions"]} for e in unit["later"].values()]
    return {
        "id": point.unit_id,
        "instrument": point.instrument,
        "unit": point.unit,
        "title": unit_title(point.instrument, point.number),
        "fatf_text": fatf if point.instrument == "FATF" else None,
        "obligation": obligation,
        **figures,
        "questions": list(unit["reads"]),
        "criteria": sorted(criteria, key=_point_order),
        "later": sorted(later, key=_point_order),
    }


def _point_order(entry: Mapping[str, Any]) -> tuple[Any, ...]:
    ident = entry["id"]
    if ident is None:
        return (1, (), entry["source"])
    parts = tuple(int(p) if p.isdigit() else 0 for p in ident.replace("(", ".").replace(")", "").split("."))
    return (0, parts, ident)


def read(questionnaire: Questionnaire, answers: Mapping[str, Any], *, fatf: str = "current") -> list[dict[str, Any]]:
    """Score ``answers`` with method 2 and return the standards units for the chosen FATF text.

    :raises ValueError: for a questionnaire scored by method 1 (the standards view needs method 2), or an unknown
        ``fatf`` text
    """
    from scoring import method2  # method 2 builds the outcomes; it imports this module

    return method2.standards(questionnaire, answers, fatf=fatf)


# --------------------------------------------------------------------------- beside mutual-evaluation ratings


def steps_apart(band: str | None, rating: str | None) -> int | None:
    """How far apart a band and a rating sit on their ordered scales (Aligned … Not aligned beside C … NC), or
    ``None`` when either is missing or not on its scale (N/A, not rated). Used only to flag a difference."""
    if band not in BAND_ORDER or rating not in RATINGS:
        return None
    return abs(BAND_ORDER.index(band) - RATINGS.index(rating))


def disagrees(band: str | None, rating: str | None) -> bool:
    """Whether a self-assessed band and a rating are :data:`FLAG_STEPS` or more steps apart."""
    steps = steps_apart(band, rating)
    return steps is not None and steps >= FLAG_STEPS


def fatf_units(standards: Iterable[Mapping[str, Any]]) -> dict[str, Mapping[str, Any]]:
    """FATF units by Recommendation (``R.3`` → unit)."""
    return {u["unit"]: u for u in standards if u.get("instrument") == "FATF"}


def own_ratings(answers: Mapping[str, Any]) -> dict[str, str]:
    """The member's own record of its latest ratings, from the Profile answers ``rating_r3`` … ``rating_r40``
    (``R.3`` → ``LC``; "not rated yet" and blank answers are left out; ``NA`` stays)."""
    found = {}
    for question_id, answer in answers.items():
        if not question_id.startswith("rating_r") or not question_id[8:].isdigit() or not isinstance(answer, Mapping):
            continue
        value = answer.get("value")
        if isinstance(value, str) and value.upper() in (*RATINGS, "NA"):
            found[f"R.{int(question_id[8:])}"] = value.upper()
    return found


def beside_ratings(standards: Iterable[Mapping[str, Any]], published: Mapping[str, Mapping[str, Any]],
                   own: Mapping[str, str]) -> list[dict[str, Any]]:
    """Each FATF Recommendation with its self-assessed band beside the ratings on record.

    :param standards: the standards units of a result
    :param published: Recommendation → the rating of the latest published report as RSO staff recorded it
        (``{"rating", "report_title", "report_date", "link"}``)
    :param own: Recommendation → the member's own record of its rating (Profile)
    :returns: one row per Recommendation that has a unit or a rating, in Recommendation order: ``unit``, ``title``,
        ``band``, ``gap``, ``provisional``, ``published``, ``own``, ``differ`` (both records exist and differ),
        ``rating`` (the one set beside the band: the published record where there is one, else the member's own),
        ``rating_from`` (``published``, ``own`` or ``None``), ``steps`` and ``flagged`` (two steps or more apart)
    """
    units = fatf_units(standards)
    names = set(units) | set(published) | set(own)
    rows = []
    for name in sorted(names, key=lambda n: int(n[2:].split("–")[0]) if n[2:].split("–")[0].isdigit() else 0):
        unit = units.get(name)
        record = published.get(name)
        mine = own.get(name)
        rating = record["rating"] if record else mine
        band = unit.get("band") if unit else None
        rows.append({
            "unit": name, "id": unit["id"] if unit else None,
            "title": unit["title"] if unit else None,
            "band": band, "gap": unit.get("gap") if unit else None,
            "provisional": bool(unit.get("provisional")) if unit else False,
            "published": dict(record) if record else None, "own": mine,
            "differ": bool(record and mine and record["rating"] != mine),
            "rating": rating, "rating_from": "published" if record else "own" if mine else None,
            "steps": steps_apart(band, rating), "flagged": disagrees(band, rating),
        })
    return rows
