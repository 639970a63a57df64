"""Frozen dataclasses for questionnaires and catalogues.

Contract: objects here are built only by :mod:`questionnaires.loader` from validated JSON, never mutated,
and carry no behaviour beyond look-ups. Every human text is a :class:`Text` (a locale map with at least
``en``); :func:`tr` picks one language with English as the fallback.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, TypeVar

T = TypeVar("T")

#: a locale map, e.g. ``{"en": "Recruitment"}``
Text = Mapping[str, str]

QUESTION_TYPES = ("status", "coverage", "yes_no", "number", "choice", "date", "text")
LEVELS = ("M", "Mq", "F", "SC", "O", "GP")
#: levels that make up the core (headline) score; the others count towards "beyond minimum"
CORE_LEVELS = frozenset({"M", "Mq", "F"})
STATUS_VALUES = ("in_place", "largely", "partially", "not_in_place")
STATUS_FLAGS = ("not_applicable", "precluded", "unknown")
INSTRUMENTS = ("UNTOC", "TIPP", "SOMP", "UNCAC", "FATF", "ACTIP", "OTHER")
#: treaty instruments whose party status the Profile records under reserved ids
PARTY_QUESTION_IDS = {
    "UNTOC": "party_untoc",
    "TIPP": "party_tipp",
    "SOMP": "party_somp",
    "UNCAC": "party_uncac",
    "VIENNA": "party_vienna",
    "TF": "party_tf",
    "ACTIP": "party_actip",
    "ASEAN_MLA": "party_asean_mla",
}
LEVEL_STRENGTH = {level: rank for rank, level in enumerate(LEVELS)}


def tr(text: Text | None, locale: str = "en") -> str:
    """Return ``text`` in ``locale``, falling back to English, or ``""`` for no text.

    :param text: a locale map or ``None``
    :param locale: a language tag such as ``"en"`` or ``"fr"``
    """
    if not text:
        return ""
    return text.get(locale) or text.get("en") or next(iter(text.values()), "")


def strongest_level(levels: list[str] | tuple[str, ...]) -> str:
    """The strongest of ``levels`` in the order M > Mq > F > SC > O > GP."""
    return min(levels, key=LEVEL_STRENGTH.__getitem__)


@dataclass(frozen=True)
class Source:
    instrument: str
    article: str
    note: str = ""
    #: FATF only: the Methodology criterion (``"37.3"``), or ``None`` for a Recommendation-level point
    criterion: str | None = None
    #: FATF only: the Methodology text the point follows (``"2013"`` or the year of a later amendment)
    methodology: str | None = None

    def label(self) -> str:
        if self.instrument == "FATF":
            if self.criterion:
                return f"FATF {self.article} (c.{self.criterion})"
            if self.methodology and self.methodology != "2013":
                return f"FATF {self.article} ({self.methodology})"
            return f"FATF {self.article}"
        if self.instrument == "OTHER":
            return self.article
        return f"{self.instrument} art. {self.article}"


@dataclass(frozen=True)
class Component:
    id: str
    label: Text
    level: str
    critical: bool = False
    help: Text | None = None
    show_if: Mapping[str, Any] | None = None
    #: the elements this component tests, where they differ from its question's (empty: the question's)
    elements: tuple[str, ...] = ()

    @property
    def is_core(self) -> bool:
        return self.level in CORE_LEVELS


@dataclass(frozen=True)
class Choice:
    id: str
    label: Text
    value: float | None = None
    #: a few words for lists and drop-downs (the full label is then shown as help)
    short_label: Text | None = None


@dataclass(frozen=True)
class Special:
    id: str
    label: Text
    score: float


@dataclass(frozen=True)
class TARule:
    item: str
    #: "gap", "unknown", {"below": x} or {"missing_component": id}
    when: str | Mapping[str, Any]


@dataclass(frozen=True)
class Question:
    id: str
    type: str
    scored: bool
    text: Text
    module_id: str
    section_id: str
    help: Text | None = None
    rubric: Mapping[str, Text] = field(default_factory=dict)
    elements: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()
    level: str | None = None
    critical: bool = False
    na_allowed: bool = False
    precluded_allowed: bool = False
    components: tuple[Component, ...] = ()
    choices: tuple[Choice, ...] = ()
    compliant_answer: bool | None = None
    threshold: float | None = None
    direction: str | None = None
    unit: str | None = None
    special: tuple[Special, ...] = ()
    show_if: Mapping[str, Any] | None = None
    depends_on: tuple[str, ...] = ()
    ta: tuple[TARule, ...] = ()
    #: who in government can best answer it (audience ids), so that a focal point can assign it
    audience: tuple[str, ...] = ()

    @property
    def is_core(self) -> bool:
        return self.level in CORE_LEVELS

    def component(self, component_id: str) -> Component | None:
        return next((c for c in self.components if c.id == component_id), None)

    def choice(self, choice_id: str) -> Choice | None:
        return next((c for c in self.choices if c.id == choice_id), None)

    def special_answer(self, special_id: str) -> Special | None:
        return next((s for s in self.special if s.id == special_id), None)


@dataclass(frozen=True)
class Section:
    id: str
    title: Text
    module_id: str
    questions: tuple[Question, ...]
    intro: Text | None = None

    @property
    def audience(self) -> tuple[str, ...]:
        """Who can best answer the section's questions: their audiences, each once, in question order."""
        return tuple(dict.fromkeys(a for q in self.questions for a in q.audience))


@dataclass(frozen=True)
class Module:
    id: str
    title: Text
    estimated_minutes: int
    sections: tuple[Section, ...]
    kind: str = "assessment"
    description: Text | None = None

    @property
    def questions(self) -> tuple[Question, ...]:
        return tuple(q for s in self.sections for q in s.questions)


@dataclass(frozen=True)
class ScoringParams:
    status_scores: Mapping[str, float]
    level_weights: Mapping[str, float]
    #: (band, max_gap) pairs in order; the first whose max_gap >= the rounded gap applies
    bands: tuple[tuple[str, float], ...]
    cap_level: float
    completeness_threshold: float
    critical_multiplier: float


DEFAULT_SCORING: dict[str, Any] = {
    "status_scores": {"in_place": 1, "largely": 0.75, "partially": 0.5, "not_in_place": 0},
    "level_weights": {"M": 3, "Mq": 2, "F": 2, "SC": 1, "O": 1, "GP": 1},
    "bands": [
        {"band": "aligned", "max_gap": 10},
        {"band": "largely_aligned", "max_gap": 25},
        {"band": "partly_aligned", "max_gap": 50},
        {"band": "not_aligned", "max_gap": 100},
    ],
    "cap_level": 0.5,
    "completeness_threshold": 0.8,
    "critical_multiplier": 2,
}


@dataclass(frozen=True)
class Questionnaire:
    id: str
    version: int
    title: Text
    schema_version: int
    review_status: Mapping[str, Any]
    scoring: ScoringParams
    modules: tuple[Module, ...]
    description: Text | None = None
    #: the raw JSON document this object was built from (for storage, export and checksums)
    document: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)
    _questions: Mapping[str, Question] = field(default_factory=dict, repr=False, compare=False)
    _sections: Mapping[str, Section] = field(default_factory=dict, repr=False, compare=False)
    #: what other packages work out once from this questionnaire (e.g. a scoring plan), kept with it
    _derived: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        questions = {q.id: q for m in self.modules for s in m.sections for q in s.questions}
        sections = {s.id: s for m in self.modules for s in m.sections}
        object.__setattr__(self, "_questions", MappingProxyType(questions))
        object.__setattr__(self, "_sections", MappingProxyType(sections))

    @property
    def key(self) -> tuple[str, int]:
        return (self.id, self.version)

    def derived(self, name: str, build: Callable[[Questionnaire], T]) -> T:
        """``build(self)``, worked out on first use and kept with this questionnaire (objects here never change,
        so neither does what is derived from them; a questionnaire loaded again starts afresh)."""
        if name not in self._derived:
            self._derived[name] = build(self)
        found: T = self._derived[name]
        return found

    @property
    def questions(self) -> tuple[Question, ...]:
        """Every question in questionnaire order."""
        return tuple(self._questions.values())

    @property
    def sections(self) -> tuple[Section, ...]:
        return tuple(self._sections.values())

    def question(self, question_id: str) -> Question:
        """:raises KeyError: for an unknown id"""
        return self._questions[question_id]

    def has_question(self, question_id: str) -> bool:
        return question_id in self._questions

    def section(self, section_id: str) -> Section:
        """:raises KeyError: for an unknown id"""
        return self._sections[section_id]

    def module(self, module_id: str) -> Module:
        """:raises KeyError: for an unknown id"""
        for module in self.modules:
            if module.id == module_id:
                return module
        raise KeyError(module_id)

    def index(self, question_id: str) -> int:
        """Position of a question in questionnaire order (used for ordering and ``show_if`` checks)."""
        return list(self._questions).index(question_id)


@dataclass(frozen=True)
class LevelPart:
    part: str | None
    level: str
    note: str = ""


@dataclass(frozen=True)
class Element:
    id: str
    section: str
    title: Text
    sources: tuple[Source, ...]
    levels: tuple[LevelPart, ...]
    level: str
    critical: bool
    depends_on: tuple[str, ...]
    ta_default: tuple[str, ...]
    description: Text | None = None
    critical_note: str = ""
    scored: bool = True

    @property
    def part_levels(self) -> frozenset[str]:
        return frozenset(p.level for p in self.levels)

    @property
    def is_required(self) -> bool:
        """Required = level M, Mq or F (on any part), or critical."""
        return self.critical or bool(self.part_levels & CORE_LEVELS)


@dataclass(frozen=True)
class ElementCatalogue:
    elements: tuple[Element, ...]
    sections: Mapping[str, Text] = field(default_factory=dict)
    _by_id: Mapping[str, Element] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", MappingProxyType({e.id: e for e in self.elements}))

    def __contains__(self, element_id: object) -> bool:
        return element_id in self._by_id

    def get(self, element_id: str) -> Element | None:
        return self._by_id.get(element_id)

    @property
    def ids(self) -> frozenset[str]:
        return frozenset(self._by_id)


@dataclass(frozen=True)
class TAItem:
    id: str
    category: str
    text: Text
    reference: Text
    audience: tuple[str, ...]
    kind: str = "other"


@dataclass(frozen=True)
class TACatalogue:
    categories: Mapping[str, Text]
    items: tuple[TAItem, ...]
    _by_id: Mapping[str, TAItem] = field(default_factory=dict, repr=False, compare=False)
    _derived: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def derived(self, name: str, build: Callable[[TACatalogue], T]) -> T:
        """``build(self)``, worked out on first use and kept with this catalogue (see :meth:`Questionnaire.derived`)."""
        if name not in self._derived:
            self._derived[name] = build(self)
        found: T = self._derived[name]
        return found

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", MappingProxyType({i.id: i for i in self.items}))

    def get(self, item_id: str) -> TAItem | None:
        return self._by_id.get(item_id)

    @property
    def ids(self) -> frozenset[str]:
        return frozenset(self._by_id)
