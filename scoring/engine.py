"""Gap scores, bands, explanations and TA recommendations for one set of answers.

Contract: :func:`score` is a pure function of (questionnaire, answers, TA catalogue, member, cycle). It
returns the result document of ``questionnaires/schemas/result.schema.json`` as plain dicts, lists,
strings, floats, booleans and ``None``, and the same input always gives a byte-identical
``json.dumps(result, sort_keys=True)``. Every parameter (status scores, level weights, bands, cap level,
completeness threshold, critical multiplier) comes from the questionnaire's ``scoring`` block. Answers that
do not fit their question are never guessed at: they count as unanswered and are listed in ``warnings``.
``docs/methodology.md`` explains the method in plain language.

Weights of coverage questions: a coverage question has a *core part* (its components of level M, Mq or
F) and a *beyond-minimum part* (its components of level SC, O or GP). Each part enters its pool with the
level weight of the question when the question's own level belongs to that pool, otherwise with the
weight of the strongest component level in the part. A question's headline ``score`` and ``weight`` are
those of its core part, or of its beyond-minimum part when no core component applies.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from questionnaires.conditions import answer_value, evaluate
from questionnaires.loader import default_ta_catalogue
from questionnaires.model import (
    CORE_LEVELS,
    PARTY_QUESTION_IDS,
    STATUS_FLAGS,
    Question,
    Questionnaire,
    ScoringParams,
    TACatalogue,
    strongest_level,
    tr,
)
from questionnaires.types import AnswerType, kind_of
from scoring.answers import answer_problems

#: the version of each scoring method, stored with every result; bumped whenever the same answers could give
#: different numbers
METHOD_VERSIONS = {1: "1.0", 2: "2.0"}
#: method 1's version (questionnaire version 1)
SCORING_VERSION = METHOD_VERSIONS[1]
#: the first questionnaire version scored by method 2 (its conditions refer only to unscored facts)
METHOD_2_FROM = 2


def method_of(questionnaire: Questionnaire) -> int:
    """The scoring method for a questionnaire: 1 up to version 1, 2 from version 2 on."""
    return 2 if questionnaire.version >= METHOD_2_FROM else 1


def scoring_version_of(questionnaire: Questionnaire) -> str:
    """The ``scoring_version`` a result for this questionnaire carries."""
    return METHOD_VERSIONS[method_of(questionnaire)]

STATES = ("answered", "unanswered", "not_applicable", "precluded", "skipped", "unknown")
#: states that enter the score (unknown with value 0)
COUNTED = frozenset({"answered", "unknown"})
#: band names from best to worst; the critical cap keeps a section at CAPPED_BAND or worse
BAND_ORDER = ("aligned", "largely_aligned", "partly_aligned", "not_aligned")
CAPPED_BAND = "partly_aligned"
#: question flags, in the order they are listed
QUESTION_FLAGS = (
    "unknown",
    "pending_bill",
    "no_citation",
    "unknown_components",
    "critical_component_missing",
    "at_risk",
    "unscored_choice",
    "no_applicable_component",
    "ignored_answer",
    "hidden_answer",
)
FLAG_RANK = {flag: i for i, flag in enumerate(QUESTION_FLAGS)}
_PENDING = frozenset({"bill", "draft"})
#: when an element's questions share no state, the first of these present is the element's state
ELEMENT_STATE_ORDER = ("unanswered", "precluded", "not_applicable", "skipped")


# --------------------------------------------------------------------------- per-questionnaire plan


@dataclass(frozen=True, slots=True)
class _Component:
    id: str
    core: bool
    critical: bool
    show_if: Mapping[str, Any] | None


@dataclass(frozen=True, slots=True)
class QuestionPlan:
    """What scoring needs of one question, computed once per questionnaire."""

    question: Question
    kind: AnswerType
    id: str
    scored: bool
    section: str
    module: str
    critical: bool
    core_weight: float | None
    beyond_weight: float | None
    status_scores: Mapping[str, float]
    components: tuple[_Component, ...]
    component_ids: frozenset[str]
    components_conditional: bool
    #: (item id, kind, argument) with kind "gap", "unknown", "below" or "missing_component"
    ta: tuple[tuple[str, str, Any], ...]
    #: Profile party question ids of the treaty sources; empty when sources are only FATF or OTHER
    treaty_parties: tuple[str, ...]
    depends_on: tuple[str, ...]
    na_allowed: bool
    precluded_allowed: bool

    @property
    def headline_weight(self) -> float:
        return self.core_weight if self.core_weight is not None else (self.beyond_weight or 0.0)


@dataclass(frozen=True, slots=True)
class ScoringPlan:
    questionnaire: Questionnaire
    params: ScoringParams
    questions: tuple[QuestionPlan, ...]
    by_id: Mapping[str, QuestionPlan]
    has_conditions: bool
    #: (module id, module title, ((section id, section title, question plans), ...))
    modules: tuple[tuple[str, str, tuple[tuple[str, str, tuple[QuestionPlan, ...]], ...]], ...]
    #: (element id, scored question plans testing it, their ids, whether any is critical), in natural order
    elements: tuple[tuple[str, tuple[QuestionPlan, ...], tuple[str, ...], bool], ...]
    party_ids: tuple[str, ...]
    bands: tuple[tuple[str, float], ...]


def scoring_plan(questionnaire: Questionnaire) -> ScoringPlan:
    return questionnaire.derived("scoring.method1", _build_plan)


def _part_weight(question: Question, levels: list[str], core: bool, weights: Mapping[str, float]) -> float | None:
    if not levels:
        return None
    if question.level is not None and (question.level in CORE_LEVELS) == core:
        return float(weights[question.level])
    return float(weights[strongest_level(levels)])


def _question_plan(question: Question, params: ScoringParams) -> QuestionPlan:
    weights = params.level_weights
    kind = kind_of(question)
    levels = kind.part_levels()
    if question.scored and levels:
        core_weight = _part_weight(question, [lv for lv in levels if lv in CORE_LEVELS], True, weights)
        beyond_weight = _part_weight(question, [lv for lv in levels if lv not in CORE_LEVELS], False, weights)
    else:
        core_weight = beyond_weight = None
    rules: list[tuple[str, str, float | str | None]] = []
    for rule in question.ta:
        if isinstance(rule.when, str):
            rules.append((rule.item, rule.when, None))
        elif "below" in rule.when:
            rules.append((rule.item, "below", float(rule.when["below"])))
        else:
            rules.append((rule.item, "missing_component", rule.when["missing_component"]))
    components = tuple(_Component(c.id, c.is_core, c.critical and c.is_core, c.show_if) for c in question.components)
    return QuestionPlan(
        question=question,
        kind=kind,
        id=question.id,
        scored=question.scored,
        section=question.section_id,
        module=question.module_id,
        critical=question.critical and question.is_core,
        core_weight=core_weight,
        beyond_weight=beyond_weight,
        status_scores={k: float(v) for k, v in params.status_scores.items()},
        components=components,
        component_ids=frozenset(c.id for c in components),
        components_conditional=any(c.show_if is not None for c in components),
        ta=tuple(rules),
        treaty_parties=tuple(
            dict.fromkeys(PARTY_QUESTION_IDS[s.instrument] for s in question.sources
                          if s.instrument in PARTY_QUESTION_IDS)
        ),
        depends_on=question.depends_on,
        na_allowed=question.na_allowed,
        precluded_allowed=question.precluded_allowed,
    )


def element_key(element_id: str) -> tuple[str, int, str]:
    digits = element_id[1:]
    return (element_id[:1], int(digits) if digits.isdigit() else 0, element_id)


def _build_plan(questionnaire: Questionnaire) -> ScoringPlan:
    params = questionnaire.scoring
    questions = tuple(_question_plan(q, params) for q in questionnaire.questions)
    by_id = {p.id: p for p in questions}
    modules = []
    for module in questionnaire.modules:
        has_scored = any(q.scored for q in module.questions)
        if module.kind == "profile" and not has_scored:
            continue
        sections = tuple(
            (s.id, tr(s.title), tuple(by_id[q.id] for q in s.questions if q.scored)) for s in module.sections
        )
        modules.append((module.id, tr(module.title), sections))
    elements: dict[str, list[QuestionPlan]] = {}
    for plan in questions:
        if plan.scored:
            for element_id in plan.question.elements:
                elements.setdefault(element_id, []).append(plan)
    return ScoringPlan(
        questionnaire=questionnaire,
        params=params,
        questions=questions,
        by_id=by_id,
        has_conditions=any(q.show_if is not None or p.components_conditional for p, q in
                           zip(questions, questionnaire.questions, strict=True)),
        modules=tuple(modules),
        elements=tuple(
            (e, tuple(elements[e]), tuple(p.id for p in elements[e]), any(p.critical for p in elements[e]))
            for e in sorted(elements, key=element_key)
        ),
        party_ids=tuple(pid for pid in dict.fromkeys(PARTY_QUESTION_IDS.values()) if pid in by_id),
        bands=tuple(params.bands),
    )


# --------------------------------------------------------------------------- one question


class QuestionOutcome:
    """The outcome of one question: state, values per pool (scored and if bills pass), flags."""

    __slots__ = ("at_risk_from", "beyond", "core", "flags", "missing", "problem", "state")

    def __init__(self, state: str) -> None:
        self.state = state
        #: (weight, value, value if pending bills pass) or None
        self.core: tuple[float, float, float] | None = None
        self.beyond: tuple[float, float, float] | None = None
        self.flags: set[str] = set()
        #: applicable components known not to be covered (coverage)
        self.missing: tuple[str, ...] = ()
        self.problem = False
        self.at_risk_from: list[tuple[str, float]] = []

    @property
    def headline(self) -> tuple[float, float, float] | None:
        return self.core if self.core is not None else self.beyond


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def evaluate_question(plan: QuestionPlan, answer: Any, visible: bool, values: Mapping[str, Any], cap: float | None,
              blank_shows: bool = False) -> QuestionOutcome:
    """One question's outcome; ``cap`` holds a coverage value with a missing critical component (method 1;
    ``None``: no hold) and ``blank_shows`` is the condition rule for component conditions (method 2)."""
    if not visible:
        result = QuestionOutcome("skipped")
        if answer:
            result.flags.add("hidden_answer")
        return result
    if answer is None:
        return QuestionOutcome("unanswered")
    if not isinstance(answer, Mapping):
        return _invalid()

    value = answer.get("value")
    flags = [f for f in STATUS_FLAGS if answer.get(f) is True]
    if plan.kind.flags_in_value and isinstance(value, str) and value in STATUS_FLAGS:
        flags.append(value)
        value = None
    if flags:
        if len(flags) > 1 or not _is_blank(value) or answer.get("unknown_components"):
            return _invalid()
        flag = flags[0]
        if flag == "unknown":
            result = QuestionOutcome("unknown")
            result.flags.add("unknown")
            if plan.core_weight is not None:
                result.core = (plan.core_weight, 0.0, 0.0)
            if plan.beyond_weight is not None:
                result.beyond = (plan.beyond_weight, 0.0, 0.0)
            return result
        allowed = plan.na_allowed if flag == "not_applicable" else plan.precluded_allowed
        if not allowed or _is_blank(answer.get("justification")) or not isinstance(answer["justification"], str):
            return _invalid()
        return QuestionOutcome(flag)
    if _is_blank(value):
        return QuestionOutcome("unanswered") if not answer.get("unknown_components") else _invalid()

    if answer.get("unknown_components") and plan.kind.unknown_problems(answer):
        return _invalid()
    applicable = None
    if plan.components_conditional:
        applicable = {c.id for c in plan.components
                      if c.show_if is None or evaluate(c.show_if, values, blank_shows=blank_shows)}
    valued = plan.kind.score(value, answer, status_scores=plan.status_scores, applicable=applicable, cap=cap)
    if valued is None:
        return _invalid()
    result = QuestionOutcome("answered")
    result.flags.update(valued.flags)
    result.missing = valued.missing
    if valued.not_applicable:
        result.state = "not_applicable"
        return result
    core_value, beyond_value = valued.core, valued.beyond

    citations = answer.get("citations")
    citations = citations if isinstance(citations, list) else []
    claims = (core_value or 0.0) > 0 or (beyond_value or 0.0) > 0
    pending = bool(citations) and all(isinstance(c, Mapping) and c.get("status") in _PENDING for c in citations)
    if claims and pending:
        result.flags.add("pending_bill")
    elif claims and not citations:
        result.flags.add("no_citation")
    factor = 0.0 if claims and pending else 1.0
    if core_value is not None:
        result.core = (plan.core_weight or 0.0, core_value * factor, core_value)
    if beyond_value is not None:
        result.beyond = (plan.beyond_weight or 0.0, beyond_value * factor, beyond_value)
    return result


def _invalid() -> QuestionOutcome:
    result = QuestionOutcome("unanswered")
    result.flags.add("ignored_answer")
    result.problem = True
    return result


# --------------------------------------------------------------------------- numbers


def round_gap(raw: float) -> float:
    """Round a gap half up to one decimal (float noise below 1e-6 tenths is ignored first)."""
    return math.floor(round(raw * 10.0, 6) + 0.5) / 10.0


def _gap(score: float | None) -> float | None:
    return None if score is None else round_gap(100.0 * (1.0 - score))


def _band(gap: float | None, bands: tuple[tuple[str, float], ...]) -> str | None:
    if gap is None:
        return None
    for band, max_gap in bands:
        if gap <= max_gap:
            return band
    return bands[-1][0]


def _ratio(numerator: float, denominator: float) -> float | None:
    return numerator / denominator if denominator > 0 else None


def _round(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits) + 0.0


class _Pool:
    """Running sums for one scope (section, module, overall, element)."""

    __slots__ = ("beyond_w", "beyond_wv", "core_w", "core_wv", "core_wv_bills", "counted", "critical_gaps", "due")

    def __init__(self) -> None:
        self.core_w = self.core_wv = self.core_wv_bills = 0.0
        self.beyond_w = self.beyond_wv = 0.0
        self.counted = self.due = self.critical_gaps = 0

    def add(self, ev: QuestionOutcome) -> None:
        state = ev.state
        if state in COUNTED:
            self.counted += 1
            self.due += 1
            if ev.core is not None:
                w, v, vb = ev.core
                self.core_w += w
                self.core_wv += w * v
                self.core_wv_bills += w * vb
            if ev.beyond is not None:
                w, v, _ = ev.beyond
                self.beyond_w += w
                self.beyond_wv += w * v
        elif state == "unanswered":
            self.due += 1

    def merge(self, other: _Pool) -> None:
        self.core_w += other.core_w
        self.core_wv += other.core_wv
        self.core_wv_bills += other.core_wv_bills
        self.beyond_w += other.beyond_w
        self.beyond_wv += other.beyond_wv
        self.counted += other.counted
        self.due += other.due
        self.critical_gaps += other.critical_gaps

    def figures(self, params: ScoringParams, bands: tuple[tuple[str, float], ...]) -> dict[str, Any]:
        score = _ratio(self.core_wv, self.core_w)
        gap = _gap(score)
        completeness = _ratio(self.counted, self.due)
        return {
            "score": _round(score),
            "gap": gap,
            "beyond_minimum_gap": _gap(_ratio(self.beyond_wv, self.beyond_w)),
            "if_bills_pass_gap": _gap(_ratio(self.core_wv_bills, self.core_w)),
            "completeness": _round(completeness),
            "band": _band(gap, bands),
            "provisional": completeness is not None and completeness < params.completeness_threshold,
            "critical_gaps": self.critical_gaps,
        }


def apportion(raw_tenths: list[float], total_tenths: int) -> list[int]:
    """Integers (tenths of a point) close to ``raw_tenths`` that add up to ``total_tenths`` (largest remainder)."""
    rounded = [round(r, 6) for r in raw_tenths]  # shares equal but for the last bits of a float are equal
    floors = [math.floor(r) for r in rounded]
    remaining = total_tenths - sum(floors)
    # the largest remainder first; equal remainders in the order given
    order = sorted(range(len(raw_tenths)), key=lambda i: (floors[i] - rounded[i], i))
    step = 1 if remaining >= 0 else -1
    for i in (order if step > 0 else reversed(order)):
        if remaining == 0:
            break
        if step < 0 and floors[i] == 0:
            continue
        floors[i] += step
        remaining -= step
    return floors


def _points(entries: list[tuple[str, float, float]], gap: float | None) -> list[dict[str, Any]]:
    """Each question's share of a gap: 100 × w × (1 − v) / Σw, rounded so that the shares add up to the gap."""
    if gap is None or not entries:
        return []
    total_w = sum(w for _, w, _ in entries)
    raw = [1000.0 * w * (1.0 - v) / total_w for _, w, v in entries]
    tenths = apportion(raw, round(gap * 10))
    rows = [
        {"question": qid, "weight": w, "score": _round(v), "points": t / 10}
        for (qid, w, v), t in zip(entries, tenths, strict=True)
    ]
    order = sorted(range(len(rows)), key=lambda i: (-raw[i], i))
    return [rows[i] for i in order]


# --------------------------------------------------------------------------- scoring


def score(
    questionnaire: Questionnaire,
    answers: Mapping[str, Mapping[str, Any]],
    *,
    ta_catalogue: TACatalogue | None = None,
    member: str | None = None,
    cycle: str | None = None,
    member_is_state: bool = True,
) -> dict[str, Any]:
    """Score ``answers`` against ``questionnaire``: the result document with explanations and the TA list.

    Questionnaire version 1 is scored by method 1 (below); version 2 onwards by method 2
    (:mod:`scoring.method2`, ``scoring_version`` "2.0").

    :param questionnaire: the questionnaire version the answers answer
    :param answers: question id → answer in the answers format (flag form or status-value form); answers to
        unknown questions and answers that do not fit their question are ignored and listed in ``warnings``
    :param ta_catalogue: the catalogue TA rules point at (default: the shipped catalogue)
    :param member: member code written into the result
    :param cycle: cycle code written into the result
    :param member_is_state: method 2: whether the member is a state (support to ratify or accede to a treaty)
        or not (support to have the treaty's territorial application extended to it)
    :returns: the result document (see ``questionnaires/schemas/result.schema.json``)
    """
    if ta_catalogue is None:
        ta_catalogue = default_ta_catalogue()
    if method_of(questionnaire) == 2:
        from scoring import method2  # imported here: method 2 builds on this module's question evaluation

        return method2.score(questionnaire, answers, ta_catalogue=ta_catalogue, member=member, cycle=cycle,
                             member_is_state=member_is_state)
    plan = scoring_plan(questionnaire)
    params = plan.params
    cap = params.cap_level

    # visibility and values, in questionnaire order (conditions refer to earlier questions only)
    visible: dict[str, bool] = dict.fromkeys(plan.by_id, True)
    values: dict[str, Any] = {}
    if plan.has_conditions:
        for qp in plan.questions:
            condition = qp.question.show_if
            shown = condition is None or evaluate(condition, values)
            visible[qp.id] = shown
            answer = answers.get(qp.id)
            if shown and isinstance(answer, Mapping):
                value = answer_value(answer)
                if value is not None:
                    values[qp.id] = value

    evals: dict[str, QuestionOutcome] = {}
    warnings: list[dict[str, Any]] = []
    for qp in plan.questions:
        if not qp.scored:
            continue
        ev = evaluate_question(qp, answers.get(qp.id), visible[qp.id], values, cap)
        evals[qp.id] = ev
        if ev.problem:
            warnings.append({"question": qp.id, "message": "answer ignored: " + problem_text(qp, answers.get(qp.id))})
    for qid in sorted(set(answers) - set(plan.by_id), key=str):
        warnings.append({"question": str(qid), "message": "no such question in this questionnaire; answer ignored"})

    mark_at_risk(plan, evals)
    parties = party_status(plan, answers, visible)

    sections_out: list[dict[str, Any]] = []
    modules_out: list[dict[str, Any]] = []
    overall = _Pool()
    for module_id, module_title, sections in plan.modules:
        module_pool = _Pool()
        for section_id, section_title, qplans in sections:
            pool = _Pool()
            for qp in qplans:
                pool.add(evals[qp.id])
            capped = _caps(qplans, evals, cap)
            pool.critical_gaps = len(capped)
            figures = pool.figures(params, plan.bands)
            band_without_cap = figures["band"]
            if capped and band_without_cap is not None and _worse_than(CAPPED_BAND, band_without_cap):
                figures["band"] = CAPPED_BAND
            sections_out.append(
                {
                    "id": section_id,
                    "module": module_id,
                    "title": section_title,
                    **figures,
                    "capped_by": [qid for qid, _ in capped],
                    "explanation": _explain_section(qplans, evals, answers, figures, capped, band_without_cap),
                }
            )
            module_pool.merge(pool)
        modules_out.append({"id": module_id, "title": module_title, **module_pool.figures(params, plan.bands)})
        overall.merge(module_pool)

    questions_out = [_question_row(qp, evals[qp.id], parties) for qp in plan.questions if qp.scored]
    return {
        "questionnaire": {"id": questionnaire.id, "version": questionnaire.version},
        "member": member,
        "cycle": cycle,
        "scoring_version": SCORING_VERSION,
        "overall": overall.figures(params, plan.bands),
        "modules": modules_out,
        "sections": sections_out,
        "elements": _elements(plan, evals),
        "questions": questions_out,
        "ta": _ta(plan, evals, answers, visible, ta_catalogue, warnings),
        "warnings": warnings,
    }


def problem_text(qp: QuestionPlan, answer: Any) -> str:
    if not isinstance(answer, Mapping):
        return "an answer must be an object"
    problems = list(answer_problems(qp.question, answer, "$"))
    return "; ".join(f"{p.path}: {p.message}" for p in problems) or "the answer does not fit the question"


def _worse_than(band: str, other: str) -> bool:
    """Whether ``band`` is a worse band than ``other``."""
    return BAND_ORDER.index(band) > BAND_ORDER.index(other)


def _caps(qplans: tuple[QuestionPlan, ...], evals: Mapping[str, QuestionOutcome], cap: float) -> list[tuple[str, str]]:
    """Critical questions that cap their section, with the reason, in questionnaire order."""
    capped = []
    for qp in qplans:
        if not qp.critical:
            continue
        ev = evals[qp.id]
        if ev.state == "unanswered":
            capped.append((qp.id, "unanswered"))
        elif ev.state == "unknown":
            capped.append((qp.id, "unknown"))
        elif ev.state == "answered" and ev.headline is not None and ev.headline[1] <= cap:
            capped.append((qp.id, f"value {_round(ev.headline[1])} is at or below the cap level {cap}"))
    return capped


def mark_at_risk(plan: ScoringPlan, evals: Mapping[str, QuestionOutcome]) -> None:
    """An answered question is at risk when a question it depends on has a gap (answered below 1, or unknown)."""
    for qp in plan.questions:
        ev = evals.get(qp.id)
        if ev is None or ev.state != "answered" or not qp.depends_on:
            continue
        for dep in qp.depends_on:
            dep_ev = evals.get(dep)
            if dep_ev is None:
                continue
            if dep_ev.state == "unknown":
                ev.at_risk_from.append((dep, 100.0))
            elif dep_ev.state == "answered" and dep_ev.headline is not None and dep_ev.headline[1] < 1:
                ev.at_risk_from.append((dep, _gap(dep_ev.headline[1]) or 0.0))
        if ev.at_risk_from:
            ev.flags.add("at_risk")


def party_status(plan: ScoringPlan, answers: Mapping[str, Any], visible: Mapping[str, bool]) -> dict[str, bool | None]:
    """Profile party questions: True (party), False (not party, or hidden or N/A) or None (not known)."""
    status: dict[str, bool | None] = {}
    for pid in plan.party_ids:
        answer = answers.get(pid)
        if not visible.get(pid, True):
            status[pid] = False
            continue
        value = answer_value(answer) if isinstance(answer, Mapping) else None
        status[pid] = value if isinstance(value, bool) else (False if value == "not_applicable" else None)
    return status


def _obligation(qp: QuestionPlan, parties: Mapping[str, bool | None]) -> str:
    if not qp.treaty_parties:
        return "standard"
    # a party question missing from the questionnaire or left unanswered counts as party
    if any(parties.get(pid) is not False for pid in qp.treaty_parties):
        return "obligation"
    return "recommended"


def _question_row(qp: QuestionPlan, ev: QuestionOutcome, parties: Mapping[str, bool | None]) -> dict[str, Any]:
    headline = ev.headline
    if ev.core is not None or (headline is None and qp.core_weight is not None):
        pool, weight = "core", qp.core_weight
        beyond = ev.beyond
        beyond_weight = qp.beyond_weight
    else:
        pool, weight = "beyond_minimum", qp.beyond_weight
        beyond, beyond_weight = None, None
    return {
        "id": qp.id,
        "section": qp.section,
        "state": ev.state,
        "score": None if headline is None else _round(headline[1]),
        "weight": weight,
        "pool": pool,
        "beyond_minimum_score": None if beyond is None else _round(beyond[1]),
        "beyond_minimum_weight": beyond_weight,
        "flags": sorted(ev.flags, key=FLAG_RANK.__getitem__),
        "obligation": _obligation(qp, parties),
    }


def _explain_section(
    qplans: tuple[QuestionPlan, ...],
    evals: Mapping[str, QuestionOutcome],
    answers: Mapping[str, Any],
    figures: Mapping[str, Any],
    capped: list[tuple[str, str]],
    band_without_cap: str | None,
) -> dict[str, Any]:
    core_entries: list[tuple[str, float, float]] = []
    beyond_entries: list[tuple[str, float, float]] = []
    lists: dict[str, list[Any]] = {"unknown": [], "unanswered": [], "not_applicable": [], "precluded": [],
                                   "skipped": [], "pending_bill": []}
    at_risk = []
    for qp in qplans:
        ev = evals[qp.id]
        if ev.state in COUNTED:
            if ev.core is not None:
                core_entries.append((qp.id, ev.core[0], ev.core[1]))
            if ev.beyond is not None:
                beyond_entries.append((qp.id, ev.beyond[0], ev.beyond[1]))
        if ev.state in ("not_applicable", "precluded"):
            answer = answers.get(qp.id)
            justification = answer.get("justification") if isinstance(answer, Mapping) else None
            lists[ev.state].append({"question": qp.id, "justification": justification or None})
        elif ev.state in lists:
            lists[ev.state].append(qp.id)
        if "pending_bill" in ev.flags:
            lists["pending_bill"].append(qp.id)
        if ev.at_risk_from:
            at_risk.append(
                {"question": qp.id, "because_of": [{"question": d, "gap": g} for d, g in ev.at_risk_from]}
            )
    return {
        "points": _points(core_entries, figures["gap"]),
        "beyond_minimum_points": _points(beyond_entries, figures["beyond_minimum_gap"]),
        "cap": (
            {
                "band_without_cap": band_without_cap,
                "questions": [{"question": qid, "reason": reason} for qid, reason in capped],
            }
            if capped
            else None
        ),
        **lists,
        "at_risk": at_risk,
    }


def _elements(plan: ScoringPlan, evals: Mapping[str, QuestionOutcome]) -> list[dict[str, Any]]:
    rows = []
    for element_id, qplans, question_ids, critical in plan.elements:
        weight = weighted = 0.0
        states = []
        has_gap = has_unknown = has_answer = False
        at_risk: dict[str, None] = {}
        for qp in qplans:
            ev = evals[qp.id]
            states.append(ev.state)
            headline = ev.headline
            if ev.state in COUNTED and headline is not None:
                weight += headline[0]
                weighted += headline[0] * headline[1]
            if ev.state == "answered":
                has_answer = True
                has_gap = has_gap or (headline is not None and headline[1] < 1)
            elif ev.state == "unknown":
                has_unknown = True
            for dep, _gap_points in ev.at_risk_from:
                at_risk[dep] = None
        if has_gap:
            state = "gap"
        elif has_unknown:
            state = "unknown"
        elif has_answer:
            state = "met"
        elif len(set(states)) == 1:
            state = states[0]
        else:
            state = next(s for s in ELEMENT_STATE_ORDER if s in states)
        element_score = _ratio(weighted, weight)
        rows.append(
            {
                "id": element_id,
                "score": _round(element_score),
                "gap": _gap(element_score),
                "state": state,
                "critical": critical,
                "questions": list(question_ids),
                "at_risk_from": list(at_risk),
            }
        )
    return rows


def _rule_fires(kind: str, argument: Any, ev: QuestionOutcome) -> bool:
    headline = ev.headline
    if kind == "unknown":
        return ev.state == "unknown" or "unknown_components" in ev.flags
    if ev.state != "answered" or headline is None:
        return False
    if kind == "gap":
        return headline[1] < 1
    if kind == "below":
        return bool(headline[1] < argument)
    if kind == "missing_component":
        return argument in ev.missing
    return False


def _ta(
    plan: ScoringPlan,
    evals: Mapping[str, QuestionOutcome],
    answers: Mapping[str, Any],
    visible: Mapping[str, bool],
    catalogue: TACatalogue,
    warnings: list[dict[str, Any]],
) -> list[dict[str, Any]]:
    multiplier = plan.params.critical_multiplier
    items: dict[str, dict[str, Any]] = {}
    triggered: dict[str, list[str]] = {}  # question id → item ids it triggered
    for qp in plan.questions:
        ev = evals.get(qp.id)
        if ev is None or not qp.ta:
            continue
        for item_id, kind, argument in qp.ta:
            if not _rule_fires(kind, argument, ev):
                continue
            item = items.get(item_id)
            if item is None:
                item = items[item_id] = catalogue_item(item_id, catalogue, warnings)
            if qp.id in item["triggered_by"]:
                continue  # a question counts once per item, however many of its rules point there
            weight, value, _ = ev.headline or (qp.headline_weight, 0.0, 0.0)
            item["priority"] += weight * (1.0 - value) * (multiplier if qp.critical else 1.0)
            item["triggered_by"].append(qp.id)
            triggered.setdefault(qp.id, []).append(item_id)

    for qp in plan.questions:
        answer = answers.get(qp.id)
        if not visible.get(qp.id) or not isinstance(answer, Mapping):
            continue
        request = answer.get("ta_request")
        if not isinstance(request, Mapping) or not isinstance(request.get("category"), str):
            continue
        category = request["category"]
        entry = {"question": qp.id, "challenge": request.get("challenge"), "note": request.get("note") or None}
        joined = [i for i in triggered.get(qp.id, ()) if items[i]["category"] == category]
        for item_id in joined:
            items[item_id]["self_requested"].append(entry)
        if not joined:
            request_id = f"request:{qp.id}:{category}"
            items[request_id] = {
                "id": request_id,
                "category": category,
                "text": request.get("note") or "",
                "reference": "",
                "audience": [],
                "priority": 0.0,
                "triggered_by": [],
                "self_requested": [entry],
            }

    for item in items.values():
        item["priority"] = _round(item["priority"])
    return sorted(items.values(), key=lambda i: (-i["priority"], not i["self_requested"], i["id"]))


def catalogue_item(item_id: str, catalogue: TACatalogue, warnings: list[dict[str, Any]]) -> dict[str, Any]:
    entry = catalogue_texts(catalogue).get(item_id)
    if entry is None:
        warnings.append({"question": None, "message": f"TA item {item_id!r} is not in the TA catalogue"})
    category, text, reference, audience = entry or (None, "", "", ())
    return {
        "id": item_id,
        "category": category,
        "text": text,
        "reference": reference,
        "audience": list(audience),
        "priority": 0.0,
        "triggered_by": [],
        "self_requested": [],
    }


def catalogue_texts(catalogue: TACatalogue) -> dict[str, tuple[str, str, str, tuple[str, ...]]]:
    """Item id → (category, text, reference, audience) in English, worked out once per catalogue object."""
    return catalogue.derived("scoring.texts", lambda c: {
        item.id: (item.category, tr(item.text), tr(item.reference), item.audience) for item in c.items})
