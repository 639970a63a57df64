"""Random questionnaires and answers for the scoring properties.

Questionnaires cover every scored question type, level, critical flag, N/A and precluded permissions,
skip logic on questions and components, depends_on, TA rules and scoring parameters. The builders take a
``random.Random`` so that one hypothesis draw (a seed, plus a few sizes that shrink) makes a whole
questionnaire: drawing every field through hypothesis costs ~30 ms a questionnaire, ten times the scoring.
"""

from __future__ import annotations

import copy
import random
from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st

from questionnaires.loader import build_questionnaire
from questionnaires.model import CORE_LEVELS, LEVELS, STATUS_VALUES, Question, Questionnaire

TYPES = ("status", "coverage", "yes_no", "number", "choice")
TA_ITEMS = ("leg.tip.acts", "leg.tip.consent", "confirm.criminalisation", "cap.tip.judges", "leg.penalties")
INSTRUMENTS = ("UNTOC", "TIPP", "SOMP", "UNCAC", "FATF", "ACTIP", "OTHER")
ELEMENTS = ("A1", "A2", "B1", "C3", "C12")
PROFILE_SWITCHES = ("has_x", "has_y")
IN_FORCE = {"act": "Act", "status": "in_force"}
BILL = {"act": "Bill", "status": "bill"}
DRAFT = {"act": "Draft", "status": "draft"}
CITATIONS = ([], [IN_FORCE], [BILL], [DRAFT], [BILL, IN_FORCE], [BILL, DRAFT])
SEEDS = st.integers(0, 2**32 - 1)


def _text(value: str) -> dict[str, str]:
    return {"en": value}


def _switch_condition(rng: random.Random) -> dict[str, Any]:
    return {"question": rng.choice(PROFILE_SWITCHES), "in": [rng.random() < 0.5]}


def scoring_block(rng: random.Random) -> dict[str, Any]:
    """A scoring block: monotone status scale from 0 to 1, positive weights, ascending bands ending at 100."""
    cuts = sorted(rng.sample(range(1, 100), 3))
    return {
        "status_scores": {"in_place": 1, "largely": rng.choice((0.7, 0.75, 0.8, 0.9)),
                          "partially": rng.choice((0.25, 0.4, 0.5, 0.6)), "not_in_place": 0},
        "level_weights": {level: rng.choice((0.5, 1, 2, 3, 5)) for level in LEVELS},
        "bands": [{"band": band, "max_gap": gap}
                  for band, gap in zip(("aligned", "largely_aligned", "partly_aligned", "not_aligned"),
                                       [*cuts, 100], strict=True)],
        "cap_level": rng.choice((0.0, 0.25, 0.5, 0.75, 0.9)),
        "completeness_threshold": rng.choice((0.5, 0.8, 1.0)),
        "critical_multiplier": rng.choice((1, 2, 3)),
    }


def question_doc(rng: random.Random, qid: str, earlier: list[str], conditional: bool = True) -> dict[str, Any]:
    """One scored question of a random type."""
    kind = rng.choice(TYPES)
    level = rng.choice(LEVELS)
    critical = level in CORE_LEVELS and rng.random() < 0.5
    q: dict[str, Any] = {
        "id": qid,
        "type": kind,
        "scored": True,
        "text": _text(qid),
        "help": _text("help"),
        "elements": rng.sample(ELEMENTS, rng.randint(1, 2)),
        "sources": [{"instrument": i, "article": "1"} for i in rng.sample(INSTRUMENTS, rng.randint(1, 2))],
        "level": level,
        "critical": critical,
        "na_allowed": not critical and rng.random() < 0.5,
        "precluded_allowed": rng.random() < 0.5,
    }
    if kind == "coverage":
        components = []
        for i in range(rng.randint(2, 5)):
            c_level = rng.choice(LEVELS)
            component = {"id": f"c{i}", "label": _text(f"c{i}"), "level": c_level,
                         "critical": critical and c_level in CORE_LEVELS and rng.random() < 0.5}
            if conditional and rng.random() < 0.2:
                component["show_if"] = _switch_condition(rng)
            components.append(component)
        q["components"] = components
    elif kind == "yes_no":
        q["compliant_answer"] = rng.random() < 0.5
    elif kind == "number":
        q["threshold"] = rng.randint(1, 50)
        q["direction"] = rng.choice(("at_least", "at_most"))
        q["special"] = [{"id": "life", "label": _text("life"), "score": 1},
                        {"id": "fine_only", "label": _text("fine"), "score": 0}]
    elif kind == "choice":
        q["choices"] = [{"id": "best", "label": _text("best"), "value": 1},
                        {"id": "worst", "label": _text("worst"), "value": 0},
                        {"id": "mid", "label": _text("mid"), "value": rng.choice((0.25, 0.5, 0.75))}]
    if conditional and rng.random() < 0.2:
        q["show_if"] = _switch_condition(rng)
    if earlier and rng.random() < 0.25:
        q["depends_on"] = rng.sample(earlier, min(len(earlier), rng.randint(1, 2)))
    rules = []
    for item in rng.sample(TA_ITEMS, rng.randint(0, 3)):
        when = rng.choice(("gap", "unknown", "below", "missing"))
        if when == "below":
            rules.append({"item": item, "when": {"below": rng.choice((0.5, 0.75, 1.0))}})
        elif when == "missing" and kind == "coverage":
            rules.append({"item": item, "when": {"missing_component": rng.choice(q["components"])["id"]}})
        elif when in ("gap", "unknown"):
            rules.append({"item": item, "when": when})
    q["ta"] = rules
    return q


def questionnaire_doc(rng: random.Random, shape: list[list[int]], conditional: bool = True) -> dict[str, Any]:
    """A questionnaire document: a Profile (party questions, two switches), then modules of sections with
    ``shape[m][s]`` questions each."""
    profile = [{"id": pid, "type": "yes_no", "scored": False, "text": _text(pid)}
               for pid in ("party_untoc", "party_tipp", "party_somp", "party_uncac", "party_actip",
                           *PROFILE_SWITCHES)]
    modules = [{"id": "profile", "kind": "profile", "title": _text("Profile"), "estimated_minutes": 1,
                "sections": [{"id": "facts", "title": _text("Facts"), "questions": profile}]}]
    earlier: list[str] = []
    for m, section_sizes in enumerate(shape):
        sections = []
        for s, size in enumerate(section_sizes):
            questions = []
            for _ in range(size):
                qid = f"q{len(earlier)}"
                questions.append(question_doc(rng, qid, earlier, conditional))
                earlier.append(qid)
            sections.append({"id": f"s{m}_{s}", "title": _text(f"Section {m}.{s}"), "questions": questions})
        modules.append({"id": f"m{m}", "title": _text(f"Module {m}"), "estimated_minutes": 5, "sections": sections})
    return {
        "id": "generated",
        "version": 1,
        "schema_version": 1,
        "title": _text("Generated"),
        "review_status": {"state": "not_reviewed", "text": _text("generated")},
        "scoring": scoring_block(rng),
        "modules": modules,
    }


SHAPES = st.lists(st.lists(st.integers(1, 5), min_size=1, max_size=3), min_size=1, max_size=3)


def questionnaire_docs(conditional: bool = True) -> st.SearchStrategy[dict[str, Any]]:
    return st.builds(lambda seed, shape: questionnaire_doc(random.Random(seed), shape, conditional), SEEDS, SHAPES)


def questionnaires(conditional: bool = True) -> st.SearchStrategy[Questionnaire]:
    return questionnaire_docs(conditional).map(build_questionnaire)


def value_answer(rng: random.Random, question: Question) -> dict[str, Any]:
    """A valid answer that carries a value."""
    kind = question.type
    answer: dict[str, Any] = {}
    if kind == "status":
        answer["value"] = rng.choice(STATUS_VALUES)
    elif kind == "coverage":
        ids = [c.id for c in question.components]
        covered = rng.sample(ids, rng.randint(0, len(ids)))
        answer["value"] = covered
        rest = [c for c in ids if c not in covered]
        if rest and rng.random() < 0.3:
            answer["unknown_components"] = rng.sample(rest, rng.randint(1, len(rest)))
    elif kind == "yes_no":
        answer["value"] = rng.random() < 0.5
    elif kind == "number":
        special = [s.id for s in question.special]
        pick = rng.random()
        if special and pick < 0.2:
            answer["value"] = rng.choice(special)
        elif pick < 0.6:
            answer["value"] = rng.randint(0, 60)
        else:
            answer["value"] = round(rng.uniform(0, 60), 2)
    elif kind == "choice":
        answer["value"] = rng.choice([c.id for c in question.choices])
    if citations := rng.choice(CITATIONS):
        answer["citations"] = citations
    return answer


def make_answers(rng: random.Random, questionnaire: Questionnaire, flags: bool = True) -> dict[str, dict[str, Any]]:
    """Valid answers to some of the questions: values, unknown, N/A and precluded where allowed, TA requests."""
    answers: dict[str, dict[str, Any]] = {}
    for question in questionnaire.questions:
        if not question.scored:
            if question.type == "yes_no" and rng.random() < 0.75:
                answers[question.id] = {"value": rng.random() < 0.5}
            continue
        options = ["value", "value", "value", "none"]
        if flags:
            options += ["unknown"]
            options += ["not_applicable"] * question.na_allowed + ["precluded"] * question.precluded_allowed
        choice = rng.choice(options)
        if choice == "none":
            continue
        if choice == "value":
            answer = value_answer(rng, question)
        elif choice == "unknown":
            answer = {"value": "unknown"} if question.type == "status" and rng.random() < 0.5 else {"unknown": True}
        else:
            use_value = question.type == "status" and rng.random() < 0.5
            answer = {"value": choice} if use_value else {choice: True}
            answer["justification"] = "Because."
        if rng.random() < 0.15:
            answer["ta_request"] = {"category": rng.choice(("TA-LEG", "TA-CAP", "TA-OTH")),
                                    "challenge": rng.choice((None, "capacity", "other")), "note": "please"}
        answers[question.id] = answer
    return answers


def answers_for(questionnaire: Questionnaire, flags: bool = True) -> st.SearchStrategy[dict[str, dict[str, Any]]]:
    return SEEDS.map(lambda seed: make_answers(random.Random(seed), questionnaire, flags))


JUNK_VALUES: tuple[Any, ...] = (
    None, True, False, -5, 0, 3, 4.5, 60, float("nan"), float("inf"), "in_place", "largely", "unknown",
    "not_applicable", "precluded", "best", "life", "c0", "", "x", "2020-01-01", [], ["c0"], ["c0", "c1"],
    ["c2", "zz"], ["c0", "c0"], [3],
)


def junk_answer(rng: random.Random) -> dict[str, Any]:
    """An answer of any shape, valid or not: junk values, flags, justifications, unknown components."""
    answer: dict[str, Any] = {}
    if rng.random() < 0.6:
        answer["value"] = rng.choice(JUNK_VALUES)
    for flag in ("not_applicable", "precluded", "unknown"):
        if rng.random() < 0.2:
            answer[flag] = rng.random() < 0.7
    if rng.random() < 0.5:
        answer["justification"] = rng.choice(("", " ", "Because."))
    if rng.random() < 0.25:
        answer["unknown_components"] = rng.sample(["c0", "c1", "zz"], rng.randint(0, 2))
    return answer


def with_excluded_extras(draw: st.DrawFn, doc: dict[str, Any],
                         hide: Callable[[dict[str, Any], dict[str, Any]], dict[str, Any]],
                         ) -> tuple[Questionnaire, Questionnaire, dict[str, Any], dict[str, Any]]:
    """``doc`` built, random answers to it, and the same plus one to four questions (in the sections after the
    first module) that must change no figure, with answers: not applicable, precluded, or hidden by the
    condition that ``hide(bigger document, its answers)`` returns after readying them (answered half the time:
    answers to hidden questions are kept, never scored)."""
    rng = random.Random(draw(SEEDS))
    base = build_questionnaire(doc)
    answers = make_answers(rng, base)
    bigger = copy.deepcopy(doc)
    extra_answers = dict(answers)
    hidden = hide(bigger, extra_answers)
    sections = [s for m in bigger["modules"][1:] for s in m["sections"]]
    for n in range(draw(st.integers(1, 4))):
        qid = f"extra{n}"
        q = question_doc(rng, qid, [], conditional=False)
        how = draw(st.sampled_from(("not_applicable", "precluded", "skipped")))
        if how == "not_applicable":
            q.update(critical=False, na_allowed=True)
            extra_answers[qid] = {"not_applicable": True, "justification": "Does not arise."}
        elif how == "precluded":
            q["precluded_allowed"] = True
            extra_answers[qid] = {"precluded": True, "justification": "Constitution."}
        else:
            q["show_if"] = copy.deepcopy(hidden)
            if rng.random() < 0.5:
                extra_answers[qid] = {"value": "in_place"}
        section = rng.choice(sections)
        section["questions"].insert(rng.randint(0, len(section["questions"])), q)
    return base, build_questionnaire(bigger), answers, extra_answers
