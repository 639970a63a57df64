"""Scoring method 2: the method for questionnaires of version 2 onwards (``scoring_version`` "2.0").

Contract: :func:`score` is pure, like :func:`scoring.engine.score` (which calls it for a version-2
questionnaire), and returns the result document of ``questionnaires/schemas/result.schema.json``; the same
input gives a byte-identical ``json.dumps(result, sort_keys=True)``. ``docs/methodology.md`` explains the
method; in short:

- no compensation: sections are the rated units (:mod:`scoring.rating`); a module's and the overall band is
  the band of its weakest section, reported with the profile of its sections' bands beside the pooled gap;
- a critical question holds its section at "partly aligned" only when its core is not met (an applicable
  critical component not covered; a status, choice or number at or below the cap level; a non-compliant
  yes/no), unknown or unanswered, *and* the obligation binds the member: FATF always, a treaty when the
  member is party to it (blank = party), and a UNTOC article cited beside a Protocol article only through
  that Protocol; a question that does not bind is "recommended": it counts in the gap but never caps;
- missing answers never pay: an unanswered question scores 0 like an unknown one;
- a blank Profile fact shows the questions its conditions refer to (``questionnaires/conditions.py``), and
  version-2 conditions refer only to unscored facts, so improving an answer never raises a gap;
- elements are scored from the components and questions that test them, core levels only;
- TA priority is the severity of the worst triggering gap, breadth breaking ties; unknown answers call for
  confirmation (``TA-CONF``), bills for enactment support, not being party to UNTOC or a Protocol for
  ratification or accession (or, for a member that is not a state, extension of territorial application).

This module imports neither Flask nor SQLAlchemy.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from questionnaires.conditions import answer_value, evaluate, visibility, visible_values
from questionnaires.model import CORE_LEVELS, PARTY_QUESTION_IDS, Questionnaire, TACatalogue
from scoring import standards as standard_units
from scoring.engine import (
    ELEMENT_STATE_ORDER,
    FLAG_RANK,
    QuestionOutcome,
    QuestionPlan,
    ScoringPlan,
    apportion,
    catalogue_item,
    catalogue_texts,
    element_key,
    evaluate_question,
    mark_at_risk,
    method_of,
    party_status,
    problem_text,
    scoring_plan,
)
from scoring.rating import APPLICABLE, Outcome, Pool, published, rate, weakest

#: the version of this method, stored with every result it makes
SCORING_VERSION = "2.0"
#: treaties whose absence calls for ratification (or extension) support, with their Profile question
TREATY_TA = (("UNTOC", "party_untoc"), ("TIPP", "party_tipp"), ("SOMP", "party_somp"))
#: the Protocols through which a UNTOC article cited beside them applies (UNTOC art. 1(2) of each Protocol)
PROTOCOLS = frozenset({"TIPP", "SOMP"})
#: the catalogue item for enacting a pending bill, and the confirmation item used when nothing closer exists
ENACTMENT_ITEM = "leg.enactment"
CONFIRM_ITEM = "conf.legal_position"
CONFIRM_CATEGORY = "TA-CONF"
_ROW_DIGITS = 6


# --------------------------------------------------------------------------- what method 2 adds to the plan


@dataclass(frozen=True, slots=True)
class _Part:
    """A coverage component as method 2 reads it."""

    id: str
    core: bool
    critical: bool
    show_if: Mapping[str, Any] | None
    #: the elements it tests (its own, or its question's)
    elements: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Q2Plan:
    qp: QuestionPlan
    parts: tuple[_Part, ...]
    #: the question's treaty Profile ids after the Protocol rule, and whether a FATF source makes it bind always
    treaties: tuple[str, ...]
    fatf: bool
    #: elements the question tests: its own and its components'
    elements: tuple[str, ...]
    #: the critical part testing each element (for the element's "critical" mark)
    critical_elements: frozenset[str]
    #: the question's standards points by FATF text
    points: Mapping[str, tuple[list[Any], list[Any]]]


@dataclass(frozen=True, slots=True)
class _Plan2:
    base: ScoringPlan
    questions: tuple[_Q2Plan, ...]
    by_id: Mapping[str, _Q2Plan]
    #: element id → (plans testing it, whether any core part tests it, whether a critical part does)
    elements: tuple[tuple[str, tuple[_Q2Plan, ...], bool, bool], ...]


def _plan2(questionnaire: Questionnaire) -> _Plan2:
    return questionnaire.derived("scoring.method2", _build_plan2)


def _treaties(qp: QuestionPlan) -> tuple[str, ...]:
    instruments = [s.instrument for s in qp.question.sources if s.instrument in PARTY_QUESTION_IDS]
    if "UNTOC" in instruments and PROTOCOLS & set(instruments):
        instruments = [i for i in instruments if i != "UNTOC"]
    return tuple(dict.fromkeys(PARTY_QUESTION_IDS[i] for i in instruments))


def _build_q2(qp: QuestionPlan) -> _Q2Plan:
    question = qp.question
    parts = tuple(_Part(c.id, c.is_core, c.critical and c.is_core, c.show_if, c.elements or question.elements)
                  for c in question.components)
    elements = tuple(dict.fromkeys([*question.elements, *(e for p in parts for e in p.elements)]))
    critical: set[str] = set()
    if qp.critical:  # the elements its critical components test, or all it tests when it has none
        critical = {e for p in parts if p.critical for e in p.elements} or set(elements)
    return _Q2Plan(qp, parts, _treaties(qp), any(s.instrument == "FATF" for s in question.sources), elements,
                   frozenset(critical), standard_units.points_by_text(question))


def _build_plan2(questionnaire: Questionnaire) -> _Plan2:
    base = scoring_plan(questionnaire)
    questions = tuple(_build_q2(qp) for qp in base.questions if qp.scored)
    tested: dict[str, list[_Q2Plan]] = {}
    core: dict[str, bool] = {}
    critical: dict[str, bool] = {}
    for q in questions:
        core_elements = ({e for p in q.parts if p.core for e in p.elements} if q.parts
                         else set(q.elements) if q.qp.question.level in CORE_LEVELS else set())
        for element in q.elements:
            tested.setdefault(element, []).append(q)
            core[element] = core.get(element, False) or element in core_elements
            critical[element] = critical.get(element, False) or element in q.critical_elements
    return _Plan2(
        base, questions, {q.qp.id: q for q in questions},
        tuple((e, tuple(tested[e]), core[e], critical[e]) for e in sorted(tested, key=element_key)),
    )


# --------------------------------------------------------------------------- one question


@dataclass(slots=True)
class _Q:
    """A question's outcome under method 2, with what the elements, the TA list and the rows need."""

    plan: _Q2Plan
    ev: QuestionOutcome
    binds: bool
    obligation: str
    #: applicable components (coverage)
    parts: tuple[_Part, ...] = ()
    #: component id → covered, not_covered or unknown (answered coverage, law in force)
    states: dict[str, str] = field(default_factory=dict)
    core: tuple[float, float, float, float] | None = None
    beyond: tuple[float, float] | None = None
    #: the core value with unknown components counted as covered: what is *known* to fall short
    known: float | None = None
    caps: tuple[tuple[str | None, str], ...] = ()
    #: why a critical question would hold a unit where its obligation binds (``caps`` when it binds the member)
    held: tuple[tuple[str | None, str], ...] = ()

    @property
    def state(self) -> str:
        return self.ev.state

    @property
    def pending(self) -> bool:
        return "pending_bill" in self.ev.flags

    def outcome(self) -> Outcome:
        return Outcome(self.plan.qp.id, self.state, self.core, self.beyond, self.binds, self.caps)

    def headline(self) -> tuple[float, float] | None:
        """(weight, value) of the part the question is listed under: core, else beyond minimum."""
        if self.core is not None:
            return self.core[0], self.core[1]
        return self.beyond


def _binding(q2: _Q2Plan, parties: Mapping[str, bool | None]) -> tuple[bool, str]:
    """Whether the question binds the member, and the word for why (obligation, standard or recommended)."""
    if any(parties.get(pid) is not False for pid in q2.treaties):
        return True, "obligation"
    if q2.fatf:
        return True, "standard"
    return False, "recommended"


def _assess(q2: _Q2Plan, ev: QuestionOutcome, answer: Any, values: Mapping[str, Any],
            parties: Mapping[str, bool | None], cap: float) -> _Q:
    qp = q2.qp
    binds, obligation = _binding(q2, parties)
    q = _Q(q2, ev, binds, obligation)
    if q2.parts:
        q.parts = tuple(p for p in q2.parts if p.show_if is None or evaluate(p.show_if, values, blank_shows=True))
    if ev.state not in APPLICABLE:
        return q
    if q2.parts:
        has_core, has_beyond = any(p.core for p in q.parts), any(not p.core for p in q.parts)
        if not q.parts:
            ev.state = "not_applicable"
            ev.flags.add("no_applicable_component")
            return q
    else:
        has_core, has_beyond = qp.core_weight is not None, qp.beyond_weight is not None
    if ev.state != "answered":
        # unknown and unanswered score 0; at best they are met
        q.core = (qp.core_weight or 0.0, 0.0, 0.0, 1.0) if has_core else None
        q.beyond = (qp.beyond_weight or 0.0, 0.0) if has_beyond else None
        q.known = 1.0 if has_core else None
    else:
        if q2.parts:
            covered = set(answer.get("value") or ())
            unknown = set(answer.get("unknown_components") or ())
            q.states = {p.id: "covered" if p.id in covered else "unknown" if p.id in unknown else "not_covered"
                        for p in q.parts}
        if ev.core is not None:
            w, v, v_bills = ev.core
            core_parts = [p for p in q.parts if p.core]
            known = (sum(q.states[p.id] != "not_covered" for p in core_parts) / len(core_parts)
                     if core_parts else v)
            q.known = v if q.pending else known
            q.core = (w, v, v_bills, q.known)
        if ev.beyond is not None:
            q.beyond = (ev.beyond[0], ev.beyond[1])
    if any(q.states.get(p.id) == "unknown" for p in q.parts if p.critical) and not any(
            q.states.get(p.id) == "not_covered" for p in q.parts if p.critical):
        ev.flags.discard("critical_component_missing")  # not known to be missing: unknown, and flagged so
    if qp.critical and q.core is not None:
        q.held = _caps(q, cap)
        q.caps = q.held if binds else ()
    return q


def _caps(q: _Q, cap: float) -> tuple[tuple[str | None, str], ...]:
    """Why a critical, binding question holds its section (empty: its core is met as far as the cap goes)."""
    if q.state != "answered":
        return ((None, q.state),)
    critical = [p for p in q.parts if p.critical]
    if critical:
        if q.pending:
            return tuple((p.id, "not_met") for p in critical)
        return tuple((p.id, "not_met" if q.states[p.id] == "not_covered" else "unknown")
                     for p in critical if q.states[p.id] != "covered")
    assert q.core is not None
    return ((None, "not_met"),) if q.core[1] <= cap else ()


# --------------------------------------------------------------------------- scoring


def score(
    questionnaire: Questionnaire,
    answers: Mapping[str, Any],
    *,
    ta_catalogue: TACatalogue,
    member: str | None = None,
    cycle: str | None = None,
    member_is_state: bool = True,
) -> dict[str, Any]:
    """Score ``answers`` with method 2 (see :func:`scoring.engine.score` for the parameters).

    :param member_is_state: whether the member is a state (ratification or accession) or not (extension of
        a treaty's territorial application by the state responsible for it)
    """
    plan2 = _plan2(questionnaire)
    plan = plan2.base
    params = plan.params
    shown, _values, _evals, warnings, parties, qs = _assessed(plan2, questionnaire, answers)

    sections_out: list[dict[str, Any]] = []
    modules_out: list[dict[str, Any]] = []
    overall = Pool()
    all_sections: list[dict[str, Any]] = []
    for module_id, module_title, sections in plan.modules:
        module_pool = Pool()
        module_sections = []
        for section_id, section_title, qplans in sections:
            members = [qs[qp.id] for qp in qplans]
            outcomes = [q.outcome() for q in members]
            rated = rate(outcomes, params)
            band_without_cap = rated.pop("band_without_cap")
            section = {"id": section_id, "module": module_id, "title": section_title, **rated}
            section["explanation"] = _explain(members, answers, section, band_without_cap)
            sections_out.append(section)
            module_sections.append(section)
            module_pool.merge(Pool(outcomes))
        modules_out.append({"id": module_id, "title": module_title, **_scope(module_pool, module_sections, params)})
        overall.merge(module_pool)
        all_sections.extend(module_sections)

    return {
        "questionnaire": {"id": questionnaire.id, "version": questionnaire.version},
        "member": member,
        "cycle": cycle,
        "scoring_version": SCORING_VERSION,
        "overall": _scope(overall, all_sections, params),
        "modules": modules_out,
        "sections": sections_out,
        "elements": _elements(plan2, qs),
        "questions": [_row(q) for q in qs.values()],
        "ta": _ta(plan2, qs, answers, shown, ta_catalogue, warnings, member_is_state),
        "standards": standard_units.units(_reads(qs), parties, params),
        "warnings": warnings,
    }


def _assessed(plan2: _Plan2, questionnaire: Questionnaire, answers: Mapping[str, Any]) -> tuple[Any, ...]:
    """``(shown, values, evals, warnings, parties, qs)``: every scored question assessed under method 2."""
    plan = plan2.base
    params = plan.params
    shown = visibility(questionnaire, answers, blank=True)
    values = visible_values(questionnaire, answers, shown)

    evals: dict[str, QuestionOutcome] = {}
    warnings: list[dict[str, Any]] = []
    for qp in plan.questions:
        if not qp.scored:
            continue
        ev = evaluate_question(qp, answers.get(qp.id), shown[qp.id], values, None, blank_shows=True)
        evals[qp.id] = ev
        if ev.problem:
            warnings.append({"question": qp.id, "message": "answer ignored: " + problem_text(qp, answers.get(qp.id))})
    for qid in sorted(set(answers) - set(plan.by_id), key=str):
        warnings.append({"question": str(qid), "message": "no such question in this questionnaire; answer ignored"})
    mark_at_risk(plan, evals)
    parties = party_status(plan, answers, shown)
    qs = {q2.qp.id: _assess(q2, evals[q2.qp.id], answers.get(q2.qp.id), values, parties, params.cap_level)
          for q2 in plan2.questions}
    return shown, values, evals, warnings, parties, qs


def _reads(qs: Mapping[str, _Q]) -> list[standard_units.Read]:
    return [standard_units.Read(q.plan.qp.question, q.outcome(), q.held, q.plan.points) for q in qs.values()]


def standards(questionnaire: Questionnaire, answers: Mapping[str, Any], *,
              fatf: str = "current") -> list[dict[str, Any]]:
    """The standards units of ``answers`` (:mod:`scoring.standards`) for the chosen FATF text.

    :raises ValueError: for a questionnaire of version 1 (scored by method 1, which the standards view does not
        use) or an unknown ``fatf`` text
    """
    if method_of(questionnaire) != 2:
        raise ValueError("the standards view needs scoring method 2 (questionnaire version 2 onwards)")
    plan2 = _plan2(questionnaire)
    _shown, _values, _evals, _warnings, parties, qs = _assessed(plan2, questionnaire, answers)
    return standard_units.units(_reads(qs), parties, plan2.base.params, fatf)


def _scope(pool: Pool, sections: list[dict[str, Any]], params: Any) -> dict[str, Any]:
    """A module's or the overall figures: pooled numbers, the weakest section's band and the bands' profile."""
    figures = pool.figures(params)
    held = weakest(sections, params)
    provisional_band = held.pop("provisional_band")
    figures["provisional"] = figures["provisional"] or provisional_band
    return {**figures, **held}


def _row(q: _Q) -> dict[str, Any]:
    qp = q.plan.qp
    core = q.core is not None or (q.beyond is None and qp.core_weight is not None)
    headline = q.headline()
    return {
        "id": qp.id,
        "section": qp.section,
        "state": q.state,
        "score": None if headline is None else round(headline[1], _ROW_DIGITS) + 0.0,
        "weight": qp.core_weight if core else qp.beyond_weight,
        "pool": "core" if core else "beyond_minimum",
        "beyond_minimum_score": None if not core or q.beyond is None else round(q.beyond[1], _ROW_DIGITS) + 0.0,
        "beyond_minimum_weight": qp.beyond_weight if core else None,
        "flags": sorted(q.ev.flags, key=FLAG_RANK.__getitem__),
        "obligation": q.obligation,
        "binds": q.binds,
    }


# --------------------------------------------------------------------------- why this score


def _points(entries: list[tuple[str, float, float]], gap: float | None) -> list[dict[str, Any]]:
    """Each question's share of a gap, 100 × w × (1 − v) ÷ Σw, rounded so that the shares add up to the gap;
    largest first, ties by question id."""
    if gap is None or not entries:
        return []
    total_w = sum(w for _, w, _ in entries)
    ranked = sorted(((1000.0 * w * (1.0 - v) / total_w, qid, w, v) for qid, w, v in entries),
                    key=lambda e: (-round(e[0], 9), e[1]))
    tenths = apportion([r[0] for r in ranked], round(gap * 10))  # equal shares: the first listed rounds up
    return [{"question": qid, "weight": w, "score": round(v, _ROW_DIGITS) + 0.0, "points": t / 10}
            for (_raw, qid, w, v), t in zip(ranked, tenths, strict=True)]


def _explain(members: list[_Q], answers: Mapping[str, Any], section: Mapping[str, Any],
             band_without_cap: str | None) -> dict[str, Any]:
    core_entries = []
    beyond_entries = []
    lists: dict[str, list[Any]] = {"unknown": [], "unanswered": [], "not_applicable": [], "precluded": [],
                                   "skipped": [], "pending_bill": [], "recommended": []}
    at_risk = []
    for q in members:
        qid = q.plan.qp.id
        if q.state in APPLICABLE:
            if q.core is not None:
                core_entries.append((qid, q.core[0], q.core[1]))
            if q.beyond is not None:
                beyond_entries.append((qid, q.beyond[0], q.beyond[1]))
            if not q.binds:
                lists["recommended"].append(qid)
        if q.state in ("not_applicable", "precluded"):
            answer = answers.get(qid)
            justification = answer.get("justification") if isinstance(answer, Mapping) else None
            lists[q.state].append({"question": qid, "justification": justification or None})
        elif q.state in lists:
            lists[q.state].append(qid)
        if q.pending:
            lists["pending_bill"].append(qid)
        if q.ev.at_risk_from:
            at_risk.append({"question": qid, "because_of": [{"question": d, "gap": g} for d, g in q.ev.at_risk_from]})
    capped = section["capped_by"]
    return {
        "points": _points(core_entries, section["gap"]),
        "beyond_minimum_points": _points(beyond_entries, section["beyond_minimum_gap"]),
        "cap": {"band_without_cap": band_without_cap, "questions": capped} if capped else None,
        **lists,
        "at_risk": at_risk,
    }


# --------------------------------------------------------------------------- elements


@dataclass(slots=True)
class _ElementPart:
    pool: str
    state: str
    weight: float = 0.0
    value: float = 0.0
    known_gap: bool = False
    unknown: bool = False


def _element_parts(q: _Q, element: str) -> list[_ElementPart]:
    """What ``q`` brings to one element: a part per pool, from the components that test it (coverage) or the
    question's value."""
    qp = q.plan.qp
    if q.state not in APPLICABLE:
        return [_ElementPart("core" if qp.core_weight is not None else "beyond", q.state)]
    if not q.plan.parts:
        headline = q.headline()
        if headline is None:
            return []
        pool = "core" if q.core is not None else "beyond"
        known = q.known if pool == "core" and q.known is not None else headline[1]
        return [_ElementPart(pool, q.state, headline[0], headline[1],
                             known_gap=q.state == "answered" and known < 1.0, unknown=q.state == "unknown")]
    parts = []
    for pool, weight in (("core", qp.core_weight), ("beyond", qp.beyond_weight)):
        testing = [p for p in q.parts if (p.core == (pool == "core")) and element in p.elements]
        if not testing or weight is None:
            continue
        if q.state != "answered":
            parts.append(_ElementPart(pool, q.state, weight, 0.0, unknown=q.state == "unknown"))
            continue
        states = [q.states[p.id] for p in testing]
        value = 0.0 if q.pending else states.count("covered") / len(states)
        parts.append(_ElementPart(pool, "answered", weight, value,
                                  known_gap=q.pending or "not_covered" in states, unknown="unknown" in states))
    return parts


def _element_state(parts: list[_ElementPart]) -> str:
    """gap (a known shortfall), else unknown, else unanswered, else met; an element none of whose parts
    applies takes the state its questions share (not applicable when a component condition left it out)."""
    states = [p.state for p in parts]
    if not states:
        return "not_applicable"
    if any(p.known_gap for p in parts):
        return "gap"
    if any(p.unknown for p in parts):
        return "unknown"
    if "unanswered" in states:
        return "unanswered"
    if "answered" in states:
        return "met"
    if len(set(states)) == 1:
        return states[0]
    return next(s for s in ELEMENT_STATE_ORDER if s in states)


def _elements(plan2: _Plan2, qs: Mapping[str, _Q]) -> list[dict[str, Any]]:
    rows = []
    for element_id, tested, core, critical in plan2.elements:
        parts: dict[str, list[_ElementPart]] = {"core": [], "beyond": []}
        at_risk: dict[str, None] = {}
        for q2 in tested:
            q = qs[q2.qp.id]
            for part in _element_parts(q, element_id):
                parts[part.pool].append(part)
            for dep, _points_at_risk in q.ev.at_risk_from:
                at_risk[dep] = None
        counted = {pool: [p for p in listed if p.state in APPLICABLE] for pool, listed in parts.items()}
        weight = sum(p.weight for p in counted["core"])
        score, gap = published(sum(p.weight * p.value for p in counted["core"]) / weight) if weight else (None, None)
        beyond_w = sum(p.weight for p in counted["beyond"])
        beyond_gap = published(sum(p.weight * p.value for p in counted["beyond"]) / beyond_w)[1] if beyond_w else None
        rows.append({
            "id": element_id,
            "score": score,
            "gap": gap,
            "beyond_minimum_gap": beyond_gap,
            "state": _element_state(parts["core"] if core and parts["core"] else parts["beyond"] or parts["core"]),
            "critical": critical,
            "core": core,
            "questions": [q2.qp.id for q2 in tested],
            "at_risk_from": list(at_risk),
        })
    return rows


# --------------------------------------------------------------------------- technical assistance


class _Items:
    """TA items as they are called for: merged by catalogue id, priority the worst severity behind them."""

    def __init__(self, catalogue: TACatalogue, warnings: list[dict[str, Any]]) -> None:
        self.catalogue = catalogue
        self.warnings = warnings
        self.items: dict[str, dict[str, Any]] = {}
        #: question id → items it called for
        self.triggered: dict[str, list[str]] = {}

    def fire(self, item_id: str, question: str, severity: float) -> dict[str, Any]:
        item = self.items.get(item_id)
        if item is None:
            item = self.items[item_id] = catalogue_item(item_id, self.catalogue, self.warnings)
            item["breadth"] = 0
        item["priority"] = max(item["priority"], severity)
        if question not in item["triggered_by"]:
            item["triggered_by"].append(question)
            item["breadth"] += 1
            self.triggered.setdefault(question, []).append(item_id)
        return item


def _confirm_item(q2: _Q2Plan, texts: Mapping[str, tuple[str, str, str, tuple[str, ...]]]) -> str:
    """The confirmation item for an unknown answer: one the question names, else its module's, else the
    general one."""
    for item_id, kind, _argument in q2.qp.ta:
        if kind == "unknown" and texts.get(item_id, (None,))[0] == CONFIRM_CATEGORY:
            return item_id
    module_item = f"conf.{q2.qp.module}"
    return module_item if module_item in texts else CONFIRM_ITEM


def _severity(q: _Q, multiplier: float) -> float:
    """weight × (1 − value) × the critical multiplier, for a question's headline part (0 when unanswered)."""
    headline = q.headline()
    if q.state not in ("answered", "unknown") or headline is None:
        return 0.0
    return headline[0] * (1.0 - headline[1]) * (multiplier if q.plan.qp.critical else 1.0)


def _triggers(q: _Q, multiplier: float, texts: Mapping[str, Any]) -> list[tuple[str, float]]:
    """(item id, severity) for every item a question calls for; severity = weight × (1 − value) × the critical
    multiplier, on the part (core or beyond minimum) where the gap lies."""
    qp = q.plan.qp
    headline = q.headline()
    if q.state not in ("answered", "unknown") or headline is None:
        return []  # unanswered questions call for no TA: the results list them to complete
    severity = _severity(q, multiplier)
    if q.state == "unknown":
        return [(_confirm_item(q.plan, texts), severity)]
    if q.pending:
        return [(ENACTMENT_ITEM, severity)]
    found = []
    if "unknown_components" in q.ev.flags:
        found.append((_confirm_item(q.plan, texts), severity))
    known = q.known if q.core is not None and q.known is not None else headline[1]
    for item_id, kind, argument in qp.ta:
        if (kind == "gap" and known < 1.0) or (kind == "below" and known < argument):
            found.append((item_id, severity))
        elif kind == "missing_component" and argument in q.ev.missing:
            part = next(p for p in q.parts if p.id == argument)
            if part.core or q.beyond is None:
                found.append((item_id, severity))
            else:
                found.append((item_id, q.beyond[0] * (1.0 - q.beyond[1])))
    return found


def _ta(plan2: _Plan2, qs: Mapping[str, _Q], answers: Mapping[str, Any], shown: Mapping[str, bool],
        catalogue: TACatalogue, warnings: list[dict[str, Any]], member_is_state: bool) -> list[dict[str, Any]]:
    multiplier = plan2.base.params.critical_multiplier
    texts = catalogue_texts(catalogue)
    found = _Items(catalogue, warnings)
    for q in qs.values():
        for item_id, severity in _triggers(q, multiplier, texts):
            if severity > 0:  # a gap-derived item always has a gap behind it
                found.fire(item_id, q.plan.qp.id, severity)
    _treaty_items(plan2, qs, answers, shown, member_is_state, multiplier, found)

    items = found.items
    for q2 in plan2.questions:
        qid = q2.qp.id
        answer = answers.get(qid)
        request = answer.get("ta_request") if isinstance(answer, Mapping) else None
        if not isinstance(request, Mapping) or not isinstance(request.get("category"), str):
            continue
        category = request["category"]
        entry = {"question": qid, "challenge": request.get("challenge"), "note": request.get("note") or None}
        joined = [i for i in found.triggered.get(qid, ()) if items[i]["category"] == category]
        for item_id in joined:
            items[item_id]["self_requested"].append(entry)
        if not joined:
            request_id = f"request:{qid}:{category}"
            items[request_id] = {"id": request_id, "category": category, "text": request.get("note") or "",
                                 "reference": "", "audience": [], "priority": _severity(qs[qid], multiplier),
                                 "breadth": 0, "triggered_by": [], "self_requested": [entry]}

    for item in items.values():
        item["priority"] = round(item["priority"], 4) + 0.0
    return sorted(items.values(), key=lambda i: (-i["priority"], -i["breadth"], not i["self_requested"], i["id"]))


def _treaty_items(plan2: _Plan2, qs: Mapping[str, _Q], answers: Mapping[str, Any], shown: Mapping[str, bool],
                  member_is_state: bool, multiplier: float, found: _Items) -> None:
    """A member that says it is not party to UNTOC or one of its Protocols is offered support to join (a state:
    ratification or accession; another member: extension of territorial application). The priority is that
    of the weightiest obligation joining would bring (weight × the critical multiplier), the breadth the
    number of applicable questions that would then bind."""
    for instrument, pid in TREATY_TA:
        if not shown.get(pid, False) or answer_value(answers.get(pid)) is not False:
            continue
        brought = [qs[q2.qp.id] for q2 in plan2.questions if pid in q2.treaties and qs[q2.qp.id].state in APPLICABLE]
        weights = [q.plan.qp.core_weight * (multiplier if q.plan.qp.critical else 1.0)
                   for q in brought if q.plan.qp.core_weight is not None]
        item = found.fire(f"treaty.{'ratify' if member_is_state else 'extend'}.{instrument.lower()}", pid,
                          max(weights, default=0.0))
        item["breadth"] = max(item["breadth"], len(brought))
