"""Capacity and practice beside the law: the figures of the "Capacity and practice" module, their
plausibility, a member's figures across cycles, figures across members, and where the law is aligned but
practice is thin.

Contract: pure functions over questionnaires and stored answers (question id → answer in the answers
format), never a score: the module is a set of facts (``kind`` ``profile``), so nothing here changes a gap or a
band. A figure is a number question of the module offering the special answer ``not_collected``; its answer is
a number, ``not_collected``, ``unknown``, or nothing. Each function says what it returns in words a page
can show as they are. Nothing here imports Flask, SQLAlchemy or openpyxl.

- :func:`plausibility`: figures that look wrong (more convictions than prosecutions, more requests executed
  than received, a year outside the cycle, a count that is not a whole number...). Messages only: a caller
  shows them and never refuses an answer because of them.
- :func:`profile_table`: every question of the module across a member's cycles, "not collected" said as
  such, and the trend of each figure.
- :func:`region_figures`: totals and medians of each figure across members, per sub-region, shown only where
  at least :data:`MIN_REPORTING` members report the figure (the caller passes sharing members only).
- :func:`thin_practice`: members whose law is aligned in a section while the figure that shows its use is zero
  in every recent cycle that asked for it (training candidates).
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from questionnaires.model import Module, Question, Questionnaire, tr
from questionnaires.translations import Sentences
from questionnaires.types import answer_in_words

#: the id of the module
CAPACITY_MODULE = "capacity"
#: the special answer of every figure
NOT_COLLECTED = "not_collected"
#: the question giving the year the figures cover
YEAR_QUESTION = "cap_year"
#: members that must report a figure before a total or median across members is shown
MIN_REPORTING = 5
#: how many recent cycles :func:`thin_practice` looks at
PRACTICE_WINDOW = 3
#: section bands that count as "law aligned"
ALIGNED_BANDS = ("aligned", "largely_aligned")
#: figures that are sums of money rather than counts (need not be whole numbers)
MONEY_UNITS = frozenset({"us_dollars"})
#: figures that are not added up across members (medians of days): only their median is given
NOT_ADDED = frozenset({"days"})
#: the states of a figure, in words
FIGURE_STATES = {
    "reported": "reported",
    "not_collected": "not collected",
    "unknown": "unknown",
    "not_answered": "not answered",
    "not_asked": "not asked",
}

#: what a reader calls each figure in a sentence (the question text is used for any other figure)
FIGURE_WORDS = {
    "cap_training_courses": "training courses",
    "cap_training_people": "officials trained",
    "cap_tip_investigations": "trafficking investigations",
    "cap_tip_prosecutions": "trafficking prosecutions",
    "cap_tip_convictions": "trafficking convictions",
    "cap_som_investigations": "smuggling investigations",
    "cap_som_prosecutions": "smuggling prosecutions",
    "cap_som_convictions": "smuggling convictions",
    "cap_ml_investigations": "laundering investigations (trafficking or smuggling predicate)",
    "cap_ml_prosecutions": "laundering prosecutions (trafficking or smuggling predicate)",
    "cap_ml_convictions": "laundering convictions (trafficking or smuggling predicate)",
    "cap_assets_frozen": "assets frozen or seized",
    "cap_assets_confiscated": "assets confiscated",
    "cap_assets_returned": "assets returned to victims",
    "cap_mla_sent": "MLA requests sent",
    "cap_mla_received": "MLA requests received",
    "cap_mla_executed": "MLA requests executed",
    "cap_mla_refused": "MLA requests refused",
    "cap_mla_median_days": "median days to execute an MLA request",
    "cap_ext_sent": "extradition requests sent",
    "cap_ext_received": "extradition requests received",
    "cap_ext_executed": "extradition requests executed",
    "cap_ext_refused": "extradition requests refused",
    "cap_ext_median_days": "median days to execute an extradition request",
}

#: why two figures should agree, in a sentence that tells the person what to check
WHY = {
    "convicted": "A court convicts only in a case that was prosecuted; check both figures (cases prosecuted in an "
                 "earlier year can explain a few).",
    "executed": "Only requests received can be executed; check both figures (requests received in an earlier year "
                "can explain a few).",
    "executed_refused": "A request received is executed or refused once; check the three figures.",
    "returned": "Assets paid to victims usually come from assets confiscated; check both figures (payments from "
                "earlier confiscations can explain a difference).",
}
#: the sentences of the plausibility checks and the words of figures, with named placeholders: the word group
#: ``capacity`` (``word.capacity.<key>``), so that the pages and the workbooks say them in the person's language
SENTENCES = {
    **{f"figure_{key}": text for key, text in FIGURE_WORDS.items()},
    **{f"state_{key}": text for key, text in FIGURE_STATES.items()},
    **{f"why_{key}": text for key, text in WHY.items()},
    "us_dollars": "{number} US dollars",
    "days": "{number} days",
    "named": "{figure} ({number})",
    "and": "{first} and {second}",
    "no_year": "{count} figure(s) are given without the year they cover: give the year, so that the figures can be "
               "compared across cycles.",
    "years": "{first} to {last}",
    "other_year": "The figures are given for {year}, which is not a year of this cycle ({span}). Check the year, or "
                  "say in a comment why figures of another year are given.",
    "whole": "{figure}: a count is a whole number. Check the figure.",
    "above_one": "{parts} is more than {limit}. {why}",
    "above_one_year": "{parts} is more than {limit} in {year}. {why}",
    "above_many": "{parts} together are more than {limit}. {why}",
    "above_many_year": "{parts} together are more than {limit} in {year}. {why}",
    "overall": "Overall",
    "median": "A median of {median} is given, but {executed}: a median needs at least one request executed. Check "
              "both figures.",
}


_say = Sentences("capacity")


# --------------------------------------------------------------------------- the figures


def capacity_module(questionnaire: Questionnaire) -> Module | None:
    """The "Capacity and practice" module of ``questionnaire``, or ``None`` where it has none."""
    return next((m for m in questionnaire.modules if m.id == CAPACITY_MODULE), None)


def capacity_questions(questionnaire: Questionnaire) -> tuple[Question, ...]:
    """Every question of the module, in questionnaire order (none without the module)."""
    module = capacity_module(questionnaire)
    return module.questions if module else ()


def is_figure(question: Question) -> bool:
    """Whether ``question`` is a yearly figure: a question of the module that offers "not collected" (a number
    question with that special answer)."""
    return question.module_id == CAPACITY_MODULE and question.special_answer(NOT_COLLECTED) is not None


def figure_questions(questionnaire: Questionnaire) -> tuple[Question, ...]:
    """The figures of the module, in questionnaire order."""
    return tuple(q for q in capacity_questions(questionnaire) if is_figure(q))


def figure_words(question: Question, locale: str = "en") -> str:
    """What a sentence calls the figure: ``trafficking convictions``."""
    if question.id in FIGURE_WORDS:
        return _say(f"figure_{question.id}", locale)
    return tr(question.text, locale).rstrip("?？")


@dataclass(frozen=True)
class Figure:
    """One figure as answered: its state and, when reported, the number."""

    #: a key of :data:`FIGURE_STATES`
    state: str
    value: float | int | None = None

    @property
    def reported(self) -> bool:
        return self.state == "reported"


def figure_of(answer: Mapping[str, Any] | None) -> Figure:
    """The figure an answer gives (``not_answered`` for no answer)."""
    if not answer:
        return Figure("not_answered")
    if answer.get("unknown"):
        return Figure("unknown")
    value = answer.get("value")
    if value == NOT_COLLECTED:
        return Figure("not_collected")
    if isinstance(value, int | float) and not isinstance(value, bool):
        return Figure("reported", int(value) if float(value).is_integer() else value)
    return Figure("not_answered")


def number_words(value: float | int, unit: str | None = None, locale: str = "en") -> str:
    """``1,250,000 US dollars``, ``45 days``, ``3`` (units of counts are left to the row's label)."""
    text = f"{value:,}" if isinstance(value, int) else f"{value:,.2f}".rstrip("0").rstrip(".")
    if locale == "id":  # 1.250.000,5: the Indonesian way of grouping digits
        text = text.translate(str.maketrans(",.", ".,"))
    if unit in ("us_dollars", "days"):
        return _say(unit, locale, number=text)
    return text


def year_of(answers: Mapping[str, Mapping[str, Any]]) -> int | None:
    """The year the figures cover, as answered (``None`` when not given)."""
    figure = figure_of(answers.get(YEAR_QUESTION))
    return int(figure.value) if figure.reported and figure.value is not None else None


def cycle_years(code: str, previous: str | None = None) -> tuple[int, int] | None:
    """The years a cycle's figures may cover: from the previous cycle's year (whose figures were not complete
    when that cycle opened; two years before its own year for a first cycle) to the cycle's year; ``None`` when
    the cycle's code names no year.

    :param code: the cycle's code, e.g. ``"2026"`` (a code starting with a four-digit year)
    :param previous: the code of the cycle before it, if any
    """
    last = _year_in(code)
    if last is None:
        return None
    before = _year_in(previous) if previous else None
    first = before if before is not None and before < last else last - 2
    return first, last


def _year_in(code: str | None) -> int | None:
    match = re.match(r"^\s*((?:19|20)\d\d)(?!\d)", code or "")
    return int(match.group(1)) if match else None


# --------------------------------------------------------------------------- plausibility


@dataclass(frozen=True)
class NotAbove:
    """The sum of ``parts`` should not be above ``limit`` (figures of the same year)."""

    parts: tuple[str, ...]
    limit: str
    #: why, in a sentence that tells the person what to check: a key of :data:`WHY`
    why: str


#: the checks between figures, in the order their messages are listed
NOT_ABOVE: tuple[NotAbove, ...] = (
    *(NotAbove((f"cap_{crime}_convictions",), f"cap_{crime}_prosecutions",
               "convicted") for crime in ("tip", "som", "ml")),
    *(NotAbove((f"cap_{kind}_executed",), f"cap_{kind}_received",
               "executed") for kind in ("mla", "ext")),
    *(NotAbove((f"cap_{kind}_executed", f"cap_{kind}_refused"), f"cap_{kind}_received",
               "executed_refused") for kind in ("mla", "ext")),
    NotAbove(("cap_assets_returned",), "cap_assets_confiscated", "returned"),
)
#: a median number of days needs requests executed to be a median of
MEDIANS = {"cap_mla_median_days": "cap_mla_executed", "cap_ext_median_days": "cap_ext_executed"}


@dataclass(frozen=True)
class Finding:
    """A figure that looks wrong. Shown beside ``question``; never stops an answer being saved."""

    #: the question the message is shown beside
    question: str
    #: every question the message names
    questions: tuple[str, ...]
    message: str


def plausibility(questionnaire: Questionnaire, answers: Mapping[str, Mapping[str, Any]],
                 years: tuple[int, int] | None = None, locale: str = "en") -> list[Finding]:
    """The plausibility checks of the module's figures.

    :param questionnaire: the questionnaire answered (nothing is found without the module)
    :param answers: question id → answer in the answers format
    :param years: the years the cycle's figures may cover (:func:`cycle_years`), or ``None`` not to check them
    :param locale: the language of the messages
    :returns: findings in questionnaire order of the question each is shown beside; the message names the
        figures concerned with their values and says what to check
    """
    questions = {q.id: q for q in capacity_questions(questionnaire)}
    if not questions:
        return []
    found: list[Finding] = []
    figures = {qid: figure_of(answers.get(qid)) for qid, q in questions.items() if is_figure(q)}
    reported: dict[str, float] = {qid: f.value for qid, f in figures.items() if f.reported and f.value is not None}

    def named(qid: str) -> str:
        return _say("named", locale, figure=figure_words(questions[qid], locale),
                    number=number_words(reported[qid], questions[qid].unit, locale))

    year = year_of(answers)
    if YEAR_QUESTION in questions:
        if year is None and reported:
            found.append(Finding(YEAR_QUESTION, (YEAR_QUESTION,), _say("no_year", locale, count=len(reported))))
        elif year is not None and years is not None and not years[0] <= year <= years[1]:
            span = str(years[0]) if years[0] == years[1] else _say("years", locale, first=years[0], last=years[1])
            found.append(Finding(YEAR_QUESTION, (YEAR_QUESTION,), _say("other_year", locale, year=year, span=span)))
    for qid, value in reported.items():
        if questions[qid].unit not in MONEY_UNITS and not float(value).is_integer():
            found.append(Finding(qid, (qid,), _say("whole", locale, figure=named(qid).capitalize())))
    for check in NOT_ABOVE:
        if check.limit not in reported or not all(p in reported for p in check.parts):
            continue
        total = sum(reported[p] for p in check.parts)
        if total > reported[check.limit]:
            names = [named(p) for p in check.parts]
            parts = names[0] if len(names) == 1 else _say("and", locale, first=", ".join(names[:-1]), second=names[-1])
            key = ("above_many" if len(check.parts) > 1 else "above_one") + ("_year" if year else "")
            found.append(Finding(check.parts[0], (*check.parts, check.limit),
                                 _say(key, locale, parts=parts.capitalize(), limit=named(check.limit), year=year,
                                      why=_say(f"why_{check.why}", locale))))
    for median, executed in MEDIANS.items():
        if median in reported and executed in reported and reported[executed] == 0 and reported[median]:
            found.append(Finding(median, (median, executed),
                                 _say("median", locale, median=number_words(reported[median], "days", locale),
                                      executed=named(executed))))
    order = {qid: i for i, qid in enumerate(questions)}
    found.sort(key=lambda f: order.get(f.question, len(order)))
    return found


# --------------------------------------------------------------------------- a member's profile across cycles


@dataclass(frozen=True)
class Point:
    """One cycle of a member: the questionnaire answered and the stored answers."""

    cycle: str
    questionnaire: Questionnaire
    answers: Mapping[str, Mapping[str, Any]]
    #: what the answers stand for (``validated``, ``submitted``, ``draft``), for the page to say
    status: str = ""


@dataclass(frozen=True)
class Cell:
    """One question in one cycle: the answer in words, and for a figure its state and number."""

    #: a key of :data:`FIGURE_STATES`, or ``answered`` for an answered question that is not a figure
    state: str
    words: str
    value: float | int | None = None


@dataclass(frozen=True)
class Row:
    id: str
    text: str
    #: ``figure`` (a yearly figure), ``year`` or ``fact`` (units, networks, practice in words)
    kind: str
    unit: str | None
    #: one cell per cycle of the table
    cells: tuple[Cell, ...]

    @property
    def reported(self) -> list[tuple[int, float | int]]:
        """``(position, value)`` of the cycles where the figure was reported."""
        return [(i, c.value) for i, c in enumerate(self.cells) if c.state == "reported" and c.value is not None]

    @property
    def trend(self) -> str | None:
        """``up``, ``down`` or ``same`` between the last two cycles that report the figure (``None`` otherwise)."""
        found = self.reported
        if self.kind != "figure" or len(found) < 2:
            return None
        before, last = found[-2][1], found[-1][1]
        return "up" if last > before else "down" if last < before else "same"


@dataclass(frozen=True)
class TableSection:
    id: str
    title: str
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class ProfileTable:
    """The module's questions (rows) across a member's cycles (columns), oldest first."""

    cycles: tuple[str, ...]
    statuses: tuple[str, ...]
    #: the year each cycle's figures cover, where given
    years: tuple[int | None, ...]
    sections: tuple[TableSection, ...]

    @property
    def empty(self) -> bool:
        """No cycle of the table asks the module's questions."""
        return not self.sections

    def row(self, question_id: str) -> Row | None:
        return next((r for s in self.sections for r in s.rows if r.id == question_id), None)


def _cell(question: Question | None, answer: Mapping[str, Any] | None, locale: str = "en") -> Cell:
    if question is None:
        return Cell("not_asked", _say("state_not_asked", locale))
    if is_figure(question) or question.id == YEAR_QUESTION:
        figure = figure_of(answer)
        if figure.reported and figure.value is not None:
            words = str(figure.value) if question.id == YEAR_QUESTION else number_words(figure.value, question.unit,
                                                                                       locale)
            return Cell("reported", words, figure.value)
        return Cell(figure.state, _say(f"state_{figure.state}", locale))
    words = answer_in_words(question, answer, locale) if answer else ""
    return Cell("answered", words) if words else Cell("not_answered", _say("state_not_answered", locale))


def profile_table(points: Sequence[Point], locale: str = "en") -> ProfileTable:
    """Every question of the module across ``points`` (one per cycle, oldest first).

    Rows follow the newest questionnaire that asks each question, with the newest wording; a cycle whose
    questionnaire does not ask a question shows "not asked" there, an unanswered one "not answered", and a
    figure marked so "not collected" (never a zero). Titles, texts and words are in ``locale``.
    """
    sections: dict[str, dict[str, Any]] = {}
    for point in reversed(points):  # newest first: its titles and order win
        module = capacity_module(point.questionnaire)
        for section in module.sections if module else ():
            entry = sections.setdefault(section.id, {"title": tr(section.title, locale), "questions": {}})
            for question in section.questions:
                entry["questions"].setdefault(question.id, question)
    out = []
    for section_id, entry in sections.items():
        rows = []
        for qid, question in entry["questions"].items():
            cells = []
            for point in points:
                asked = point.questionnaire.question(qid) if point.questionnaire.has_question(qid) else None
                cells.append(_cell(asked, point.answers.get(qid), locale))
            kind = "year" if qid == YEAR_QUESTION else "figure" if is_figure(question) else "fact"
            rows.append(Row(qid, tr(question.text, locale), kind, question.unit, tuple(cells)))
        out.append(TableSection(section_id, entry["title"], tuple(rows)))
    return ProfileTable(tuple(p.cycle for p in points), tuple(p.status for p in points),
                        tuple(year_of(p.answers) if capacity_module(p.questionnaire) else None for p in points),
                        tuple(out))


# --------------------------------------------------------------------------- figures across members


@dataclass(frozen=True)
class Reporter:
    """One member's answers in the cycle looked at (a sharing member's validated answers)."""

    member: str
    name: str
    sub_region: str
    questionnaire: Questionnaire
    answers: Mapping[str, Mapping[str, Any]]


@dataclass(frozen=True)
class Aggregate:
    """One figure over the members of a scope (the whole region, or a sub-region)."""

    scope: str
    #: members whose questionnaire asks the figure
    asked: int
    #: members giving a number
    reporting: int
    #: members saying they do not collect it
    not_collected: int
    #: total and median over the members reporting; ``None`` below the minimum (and no total of medians)
    total: float | int | None
    median: float | int | None

    @property
    def shown(self) -> bool:
        return self.median is not None


@dataclass(frozen=True)
class RegionFigure:
    id: str
    words: str
    unit: str | None
    #: the whole region first, then each sub-region alphabetically
    scopes: tuple[Aggregate, ...]


#: the scope name of figures over every member given
ALL_MEMBERS = "All sharing members"


def _tidy(value: float) -> float | int:
    return int(value) if float(value).is_integer() else round(value, 2)


def region_figures(reporters: Sequence[Reporter], min_members: int = MIN_REPORTING) -> list[RegionFigure]:
    """Each figure across members, for the region and per sub-region.

    :param reporters: one per member; the caller applies the sharing rules (sharing members only)
    :param min_members: members that must report a figure in a scope before its total and median are given;
        below it only the counts of members asked, reporting and not collecting are given
    :returns: one :class:`RegionFigure` per figure that any member's questionnaire asks, in questionnaire order
    """
    questions: dict[str, Question] = {}
    for reporter in reporters:
        for question in figure_questions(reporter.questionnaire):
            questions.setdefault(question.id, question)
    sub_regions = sorted({r.sub_region for r in reporters})
    out = []
    for qid, question in questions.items():
        scopes = []
        for scope in (ALL_MEMBERS, *sub_regions):
            members = [r for r in reporters if scope == ALL_MEMBERS or r.sub_region == scope]
            asked = [r for r in members if r.questionnaire.has_question(qid)]
            figures = [figure_of(r.answers.get(qid)) for r in asked]
            values = [f.value for f in figures if f.reported and f.value is not None]
            enough = len(values) >= min_members
            scopes.append(Aggregate(scope, len(asked), len(values), sum(f.state == "not_collected" for f in figures),
                                    _tidy(sum(values)) if enough and question.unit not in NOT_ADDED else None,
                                    _tidy(statistics.median(values)) if enough else None))
        out.append(RegionFigure(qid, figure_words(question), question.unit, tuple(scopes)))
    return out


# --------------------------------------------------------------------------- law aligned, practice thin


@dataclass(frozen=True)
class PracticeRule:
    """Law aligned in ``section`` but ``figure`` zero: a candidate for the training ``ta_item``."""

    section: str
    figure: str
    #: the TA catalogue item that answers it
    ta_item: str
    #: the practice that is missing, in words: ``no assets confiscated``
    practice: str


#: the rules, by section of the shipped questionnaire
PRACTICE_RULES: tuple[PracticeRule, ...] = (
    PracticeRule("crim_tip_offence", "cap_tip_prosecutions", "cap.tip.judges", "no trafficking prosecutions"),
    PracticeRule("crim_smuggling", "cap_som_prosecutions", "crim.cap.som_benefit", "no smuggling prosecutions"),
    PracticeRule("ml_offence", "cap_ml_prosecutions", "money.cap.ml_prosecution",
                 "no laundering prosecutions with a trafficking or smuggling predicate"),
    PracticeRule("confiscation", "cap_assets_frozen", "money.cap.parallel_fin_inv", "no assets frozen or seized"),
    PracticeRule("confiscation", "cap_assets_confiscated", "money.exp.asset_recovery", "no assets confiscated"),
    PracticeRule("assets_victims", "cap_assets_returned", "money.cap.victim_compensation",
                 "nothing paid to victims from confiscated assets"),
    PracticeRule("mla_basis", "cap_mla_sent", "coop.cap.mla_requests", "no requests for mutual legal assistance sent"),
    PracticeRule("extradition", "cap_ext_sent", "coop.inst.ext_unit", "no extradition requests sent"),
)


@dataclass(frozen=True)
class Record:
    """A member's law (the section figures of its latest result) and its figures over cycles."""

    member: str
    name: str
    sub_region: str
    #: the ``sections`` of the latest stored result (``id``, ``title``, ``band``)
    sections: Sequence[Mapping[str, Any]]
    #: the member's cycles, oldest first
    points: Sequence[Point]


@dataclass(frozen=True)
class ThinPractice:
    """A member whose law is aligned in a section while the practice that uses it shows nothing."""

    member: str
    name: str
    sub_region: str
    rule: PracticeRule
    section_title: str
    band: str
    #: ``(cycle, cell)`` for each recent cycle that asks the figure, oldest first
    figures: tuple[tuple[str, Cell], ...]

    @property
    def evidence(self) -> str:
        """``0 in 2024, 0 in 2026, not collected in 2025``: what the figure was in each cycle looked at."""
        return ", ".join(f"{cell.words} in {cycle}" for cycle, cell in self.figures)


def thin_practice(records: Iterable[Record], rules: Sequence[PracticeRule] = PRACTICE_RULES,
                  window: int = PRACTICE_WINDOW, bands: Sequence[str] = ALIGNED_BANDS) -> list[ThinPractice]:
    """Training candidates: law aligned, practice thin.

    A member is listed under a rule when its latest result rates the rule's section in one of ``bands`` and,
    in the last ``window`` cycles whose questionnaire asks the rule's figure, the figure is reported as 0 at
    least once and never above 0 ("not collected", unknown and blank neither count for nor against).

    :returns: one :class:`ThinPractice` per member and rule, by sub-region, then member name, then rule order
    """
    out = []
    for record in records:
        sections = {s.get("id"): s for s in record.sections}
        for rule in rules:
            section = sections.get(rule.section)
            if not section or section.get("band") not in bands:
                continue
            asked = [p for p in record.points if p.questionnaire.has_question(rule.figure)][-window:]
            cells = [(p.cycle, _cell(p.questionnaire.question(rule.figure), p.answers.get(rule.figure)))
                     for p in asked]
            values = [c.value for _, c in cells if c.state == "reported"]
            if values and all(v == 0 for v in values):
                out.append(ThinPractice(record.member, record.name, record.sub_region, rule,
                                        str(section.get("title") or rule.section), str(section["band"]),
                                        tuple(cells)))
    order = {rule: i for i, rule in enumerate(rules)}
    out.sort(key=lambda t: (t.sub_region, t.name.casefold(), t.member, order[t.rule]))
    return out


# --------------------------------------------------------------------------- the law beside it


@dataclass(frozen=True)
class LawCell:
    band: str | None
    gap: float | None
    provisional: bool = False


@dataclass(frozen=True)
class LawRow:
    id: str
    title: str
    #: ``overall``, ``module`` or ``section``
    kind: str
    #: one per result given (``None`` where that result has no such module or section)
    cells: tuple[LawCell | None, ...]


def law_rows(results: Sequence[Mapping[str, Any] | None], titles: Mapping[str, str] | None = None,
             locale: str = "en") -> list[LawRow]:
    """The law across cycles: the overall band, then each module followed by its sections, one cell per result.

    :param results: stored result documents (or their summaries), one per cycle, oldest first; ``None`` for a
        cycle without a result
    :param titles: module and section id → its title in ``locale`` (the results store English ones)
    :param locale: the language of the row "Overall"
    :returns: rows in the order of the newest result that has them, with its titles
    """
    def cell(scope: Mapping[str, Any] | None) -> LawCell | None:
        if scope is None:
            return None
        return LawCell(scope.get("band"), scope.get("gap"), bool(scope.get("provisional")))

    modules: dict[str, str] = {}
    sections: dict[str, tuple[str, str]] = {}
    for result in reversed(results):
        for m in (result or {}).get("modules") or ():
            modules.setdefault(m["id"], m.get("title") or m["id"])
        for s in (result or {}).get("sections") or ():
            sections.setdefault(s["id"], (s.get("title") or s["id"], s.get("module") or ""))
    by_scope = [({m["id"]: m for m in (r or {}).get("modules") or ()},
                 {s["id"]: s for s in (r or {}).get("sections") or ()}) for r in results]
    titles = titles or {}
    rows = [LawRow("overall", _say("overall", locale), "overall", tuple(cell((r or {}).get("overall")) if r else None
                                                          for r in results))]
    for module_id, title in modules.items():
        rows.append(LawRow(module_id, titles.get(module_id, title), "module",
                           tuple(cell(m.get(module_id)) for m, _ in by_scope)))
        for section_id, (section_title, module) in sections.items():
            if module == module_id:
                rows.append(LawRow(section_id, titles.get(section_id, section_title), "section",
                                   tuple(cell(s.get(section_id)) for _, s in by_scope)))
    return rows
