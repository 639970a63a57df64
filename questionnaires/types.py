"""Question types: one class per type owns the whole behaviour of an answer of that type.

Contract: :func:`kind_of` returns the :class:`AnswerType` of a question (``status``, ``coverage``,
``yes_no``, ``number``, ``choice``, ``date`` or ``text``), bound to that question. It parses a value from
form data (:meth:`~AnswerType.from_form`), from a workbook cell (:meth:`~AnswerType.from_cell`) and checks
one from JSON (:meth:`~AnswerType.value_problems`); makes it canonical; says it in words; knows its blank
state, its scoring value and how its workbook cell is written and read. Every other module asks the type;
none branches on ``question.type`` (``tests/test_types.py`` checks that).

Answers travel as ids (``"in_place"``, a choice id, component ids, ``true``); labels only appear where a
person reads them. Problems are sentences that say what to do, taken from :mod:`questionnaires.limits`, so
that every way in refuses the same inputs with the same words.

The three flags (``unknown``, ``not_applicable``, ``precluded``) replace a value. A status question offers
them in its own list of answers; the other types (but text) offer them beside the value ("if you cannot
answer as above"). Unknown is always allowed except for text; not applicable and precluded only where the
question allows them.

Nothing here imports Flask, SQLAlchemy or openpyxl.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, ClassVar

from questionnaires import limits
from questionnaires.conditions import evaluate
from questionnaires.model import STATUS_VALUES, Choice, Question, tr
from questionnaires.translations import word
from questionnaires.words import COMPONENT_WORDS, FLAG_WORDS, STATUS_WORDS, sentences

FLAGS = ("not_applicable", "precluded", "unknown")
COMPONENT_STATES = ("covered", "not_covered", "unknown")
#: the Excel number format of date cells (written locked or not, so that a date always reads as one)
DATE_FORMAT = "yyyy-mm-dd"
#: the Excel number format of cells that must keep what is typed as text
TEXT_FORMAT = "@"
_EXCEL_EPOCH = date(1899, 12, 30)

FormData = Callable[[str], Any]


def blank(value: Any) -> bool:
    """Whether a value is no value: ``None``, a blank string (a coverage ``[]`` is a value: none covered)."""
    return value is None or (isinstance(value, str) and not value.strip())


def key(text: Any) -> str:
    """Words as compared when read back: spaces collapsed, case folded."""
    return " ".join(str(text).split()).casefold()


@dataclass(frozen=True)
class Valued:
    """What a value scores: in the core pool and the beyond-minimum pool (``None``: no part there)."""

    core: float | None = None
    beyond: float | None = None
    #: applicable components known not to be covered (coverage)
    missing: tuple[str, ...] = ()
    #: engine flags the value raises (``critical_component_missing``, ``unknown_components``, ...)
    flags: frozenset[str] = frozenset()
    #: the answer counts as not applicable (an unscored choice, a coverage question with no component applying)
    not_applicable: bool = False


@dataclass(frozen=True)
class CellSpec:
    """How the answer cell of a question's row is written in the offline workbook."""

    #: drop-down entries: (words, the answer part they stand for)
    options: tuple[tuple[str, Mapping[str, Any]], ...] = ()
    #: only the list's entries may be typed (otherwise the list offers answers beside typed ones)
    strict: bool = False
    #: the cell's number format (dates as dates, text as text), or ``None`` for Excel's general format
    number_format: str | None = None
    #: what the cell's input message says
    prompt: str = ""
    #: a base name for the workbook list, shared by every question with the same entries
    list_name: str = "flags"


@dataclass(frozen=True)
class Read:
    """What a cell or form gave: the answer part (value and flag), or a problem in words."""

    part: dict[str, Any] = field(default_factory=dict)
    problem: str | None = None


class AnswerType:
    """The behaviour shared by every type; subclasses override what differs."""

    name: ClassVar[str] = ""
    #: the flags are options of the value's own list (status) rather than a separate choice
    flags_in_value: ClassVar[bool] = False
    #: the answer may be "unknown"
    allows_unknown: ClassVar[bool] = True
    #: a blank answer counts towards progress (text answers count only when given: they are never required)
    counts_when_blank: ClassVar[bool] = True
    #: the answer is made of components (coverage)
    has_components: ClassVar[bool] = False
    #: a yes or no (what a migration can invert, or turn into one component of a list)
    is_yes_no: ClassVar[bool] = False
    #: one option of a list of choices (what a migration maps choice by choice)
    has_choices: ClassVar[bool] = False

    def __init__(self, question: Question) -> None:
        self.question = question

    # ----------------------------------------------------------------- flags

    def allowed_flags(self) -> tuple[str, ...]:
        """The flags this question may carry, in the order they are offered."""
        flags = ["unknown"] if self.allows_unknown else []
        if self.question.na_allowed:
            flags.append("not_applicable")
        if self.question.precluded_allowed:
            flags.append("precluded")
        return tuple(flags)

    def flag_of(self, answer: Mapping[str, Any] | None) -> str | None:
        """The flag an answer carries, in flag form (``{"unknown": true}``) or, for status, as its value."""
        if not answer:
            return None
        for flag in FLAGS:
            if answer.get(flag) is True:
                return flag
        return None

    # ----------------------------------------------------------------- values

    def value_problems(self, value: Any, locale: str = "en") -> list[str]:
        """What is wrong with a (non-blank) value, in words; empty when it fits the question."""
        return []

    def advice(self, locale: str = "en") -> str:
        """What to do about a value that does not fit, in a sentence."""
        return limits.say("choose_option", locale)

    def not_an_option(self, value: Any, ids: Collection[Any], locale: str = "en") -> str:
        """The words for a value that is not one of ``ids``."""
        listed = ", ".join(json_word(i) for i in ids)
        return problem_words("not_an_option", locale, value=json_word(value), options=listed)

    def canonical_value(self, value: Any) -> Any:
        """The value as it is stored and exported."""
        return value

    def unknown_problems(self, answer: Mapping[str, Any], locale: str = "en") -> list[str]:
        """What is wrong with the answer's ``unknown_components`` (only questions with components have them)."""
        return [problem_words("no_components", locale)]

    def is_answered(self, answer: Mapping[str, Any] | None) -> bool:
        """Whether an answer says something: a flag or a value."""
        return answer is not None and (self.flag_of(answer) is not None or not blank(answer.get("value")))

    @classmethod
    def document_values(cls, question: Mapping[str, Any]) -> set[Any] | None:
        """The values a question of this type can take, read from its questionnaire document (before it is
        built); ``None`` when there are too many to list (numbers, dates, text)."""
        return None

    @classmethod
    def document_problems(cls, path: str, question: Mapping[str, Any]) -> list[tuple[str, str]]:
        """What this type requires of a question in a questionnaire document beyond the schema, as
        ``(path, message)`` pairs (the loader reports them with the rest)."""
        return []

    # ----------------------------------------------------------------- words

    def value_words(self, value: Any, answer: Mapping[str, Any], locale: str) -> str:
        return str(value)

    def words(self, answer: Mapping[str, Any] | None, locale: str = "en") -> str:
        """The answer as a short sentence; ``""`` when unanswered."""
        if not answer:
            return ""
        flag = self.flag_of(answer)
        if flag:
            return word("flag", flag, locale)
        value = answer.get("value")
        if blank(value):
            return ""
        return self.value_words(value, answer, locale)

    def options(self, locale: str = "en") -> list[tuple[str, str]]:
        """The answers a person chooses from, as ``(id, words)`` (empty for typed answers)."""
        return []

    # ----------------------------------------------------------------- the web form

    #: form field suffixes this type reads besides ``<id>`` and ``<id>__state``
    def state_field(self) -> bool:
        """Whether the form has a separate "if you cannot answer as above" choice for the flags."""
        return not self.flags_in_value and bool(self.allowed_flags())

    def from_form(self, data: FormData) -> Read:
        """The answer part (value or flag) that the posted fields describe; ``data(name)`` gives a field's data
        (a string, a list for multiple choices, ``None`` when absent)."""
        q = self.question.id
        state = data(f"{q}__state") or ""
        if state:
            return Read({state: True})
        return self._value_from_form(data)

    def _value_from_form(self, data: FormData) -> Read:
        raw = data(self.question.id)
        if blank(raw):
            return Read()
        return Read({"value": raw.strip() if isinstance(raw, str) else raw})

    def form_data(self, answer: Mapping[str, Any] | None) -> dict[str, Any]:
        """Field name → data, to fill the form from a stored answer."""
        q = self.question.id
        answer = answer or {}
        flag = self.flag_of(answer)
        data: dict[str, Any] = {}
        if self.state_field():
            data[f"{q}__state"] = flag or ("" if self.is_answered(answer) else None)
        value = None if flag else answer.get("value")
        data.update(self._form_value(value, answer))
        return data

    def _form_value(self, value: Any, answer: Mapping[str, Any]) -> dict[str, Any]:
        return {self.question.id: "" if value is None else str(value)}

    # ----------------------------------------------------------------- the workbook

    def flag_options(self, locale: str = "en") -> list[tuple[str, dict[str, Any]]]:
        return [(word("flag", flag, locale), {flag: True}) for flag in self.allowed_flags()]

    def cell_spec(self, locale: str = "en") -> CellSpec:
        options = self.flag_options(locale)
        return CellSpec(tuple(options), strict=False, list_name=self._list_name("flags"))

    def _list_name(self, base: str) -> str:
        return base + ("_na" if self.question.na_allowed else "") + ("_precluded" if self.question.precluded_allowed
                                                                  else "")

    def cell_value(self, answer: Mapping[str, Any], locale: str = "en") -> Any:
        """What the answer cell shows for a stored answer (a number or a date stays one)."""
        flag = self.flag_of(answer)
        if flag:
            return word("flag", flag, locale)
        value = answer.get("value")
        return None if blank(value) else self._cell_value(value, locale)

    def _cell_value(self, value: Any, locale: str) -> Any:
        return value

    def cell_lookup(self, locale: str = "en") -> dict[str, dict[str, Any]]:
        """Everything an answer cell may say, normalised by :func:`key`: the list's words, ids, and every
        flag's words (so that a flag the question does not allow is read, then refused as not allowed)."""
        found = Lookup(locale)
        if self.allows_unknown or self.question.na_allowed or self.question.precluded_allowed:
            for flag in FLAGS:
                for said in (FLAG_WORDS[flag], word("flag", flag, locale), flag, flag.replace("_", " ")):
                    found[key(said)] = {flag: True}
            found[key("N/A")] = found[key("NA")] = {"not_applicable": True}
        # the workbook's own language first, and English too (a translator's copy may mix them)
        for language in dict.fromkeys(("en", locale)):
            for words, part in self.cell_spec(language).options:
                found[key(words)] = dict(part)
                value = part.get("value")
                if isinstance(value, str):
                    found[key(value)] = dict(part)
                    found[key(value.replace("_", " "))] = dict(part)
        return found

    def from_cell(self, raw: Any, text: str | None, lookup: Mapping[str, dict[str, Any]], said: str = "en") -> Read:
        """The answer part a (non-blank) answer cell holds; ``text`` is the cell as text; a problem names the
        answers in the language of the ``lookup`` (from :meth:`cell_lookup`) and is said in ``said``."""
        part = lookup.get(key(text)) if text is not None else None
        if part is not None:
            return Read(dict(part))
        return self._value_from_cell(raw, text, getattr(lookup, "locale", "en"), said)

    def _value_from_cell(self, raw: Any, text: str | None, locale: str = "en", said: str = "en") -> Read:
        return Read(problem=problem_words("cell_not_listed", said, value=repr(text),
                                          options=self._choices_words(locale)))

    def _choices_words(self, locale: str = "en") -> str:
        return ", ".join(words for words, _ in self.cell_spec(locale).options)

    def help_lines(self, locale: str = "en") -> list[str]:
        """Lines the workbook's Help column adds for this type (the answers in full, how to type one)."""
        return []

    # ----------------------------------------------------------------- scoring

    def critical_missing(self, answer: Mapping[str, Any], values: Mapping[str, Any]) -> tuple[str, ...]:
        """The applicable critical core parts an answer leaves uncovered (``values``: what conditions see)."""
        return ()

    def claims_fully_met(self, answer: Mapping[str, Any]) -> bool:
        """Whether the answer states outright that the law fully meets the point (a status "in place")."""
        return False

    def part_levels(self) -> list[str]:
        """The levels of the parts a value scores (a coverage question's components; else its own level)."""
        return [self.question.level] if self.question.level else []

    def score(self, value: Any, answer: Mapping[str, Any], *, status_scores: Mapping[str, float],
              applicable: Collection[str] | None, cap: float | None) -> Valued | None:
        """What a (non-blank) value scores, or ``None`` when it does not fit the question (``cap``: the level
        a missing critical component holds a coverage value to, or ``None`` for no such hold)."""
        return None

    def _single(self, value: float) -> Valued:
        """One value, in the pool of the question's level (core for M, Mq and F; else beyond minimum)."""
        return Valued(core=value) if self.question.is_core else Valued(beyond=value)

    # ----------------------------------------------------------------- demo data

    def demo_value(self, rng: random.Random, good: bool, strength: float) -> dict[str, Any]:
        """An invented answer of this type for demo data: ``good`` answers meet the standard."""
        return {}


# --------------------------------------------------------------------------- the types


class StatusType(AnswerType):
    name = "status"
    flags_in_value = True

    def flag_of(self, answer: Mapping[str, Any] | None) -> str | None:
        flag = super().flag_of(answer)
        if flag is None and answer:
            value = answer.get("value")
            if isinstance(value, str) and value in FLAGS:
                return value
        return flag

    def value_problems(self, value: Any, locale: str = "en") -> list[str]:
        if not isinstance(value, str) or value not in STATUS_VALUES:
            return [self.not_an_option(value, [*STATUS_VALUES, *self.allowed_flags()], locale)]
        return []

    @classmethod
    def document_values(cls, question: Mapping[str, Any]) -> set[Any] | None:
        return set(STATUS_VALUES)

    def value_words(self, value: Any, answer: Mapping[str, Any], locale: str) -> str:
        return word("status", value, locale) if value in STATUS_WORDS else str(value)

    def options(self, locale: str = "en") -> list[tuple[str, str]]:
        return [(v, word("status", v, locale)) for v in STATUS_VALUES]

    def from_form(self, data: FormData) -> Read:
        raw = data(self.question.id) or ""
        if raw in FLAGS:
            return Read({raw: True})
        return Read({"value": raw}) if raw else Read()

    def _form_value(self, value: Any, answer: Mapping[str, Any]) -> dict[str, Any]:
        return {self.question.id: self.flag_of(answer) or value}

    def cell_spec(self, locale: str = "en") -> CellSpec:
        options = [(word("status", v, locale), {"value": v}) for v in STATUS_VALUES] + self.flag_options(locale)
        return CellSpec(tuple(options), strict=True, list_name=self._list_name("status"))

    def _cell_value(self, value: Any, locale: str) -> Any:
        return word("status", value, locale) if value in STATUS_WORDS else value

    def claims_fully_met(self, answer: Mapping[str, Any]) -> bool:
        return self.flag_of(answer) is None and answer.get("value") == "in_place"

    def help_lines(self, locale: str = "en") -> list[str]:
        rubric = self.question.rubric
        return [f"{word('status', k, locale)}: {tr(rubric[k], locale)}" for k in STATUS_VALUES if k in rubric]

    def score(self, value: Any, answer: Mapping[str, Any], *, status_scores: Mapping[str, float],
              applicable: Collection[str] | None, cap: float | None) -> Valued | None:
        if not isinstance(value, str) or value not in status_scores:
            return None
        return self._single(float(status_scores[value]))

    def demo_value(self, rng: random.Random, good: bool, strength: float) -> dict[str, Any]:
        return {"value": "in_place" if good else rng.choice(STATUS_VALUES[1:])}


class CoverageType(AnswerType):
    """Components of an offence or measure, each covered by the law, not covered or not known.

    The value is the list of covered component ids (``[]``: none covered); ``unknown_components`` lists the
    ones not known. A component left without a state counts as not covered once any component is answered.
    """

    name = "coverage"
    has_components = True

    @classmethod
    def document_problems(cls, path: str, question: Mapping[str, Any]) -> list[tuple[str, str]]:
        components = question.get("components")
        if isinstance(components, list) and len(components) < 2:
            return [(f"{path}.components", "a coverage question needs at least two components")]
        return []

    def component_field(self, component_id: str) -> str:
        return f"{self.question.id}__c_{component_id}"

    def value_problems(self, value: Any, locale: str = "en") -> list[str]:
        known = [c.id for c in self.question.components]
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            return [problem_words("covered_list", locale)]
        unknown = [item for item in value if item not in known]
        if unknown:
            return [self.not_an_option(unknown[0], known, locale)]
        if len(set(value)) != len(value):
            return [problem_words("covered_once", locale)]
        return []

    def unknown_problems(self, answer: Mapping[str, Any], locale: str = "en") -> list[str]:
        unknown = answer.get("unknown_components")
        if not unknown:
            return []
        value = answer.get("value")
        known = {c.id for c in self.question.components}
        if not isinstance(unknown, list) or not all(isinstance(u, str) and u in known for u in unknown):
            return [limits.say("choose_option", locale)]
        if not isinstance(value, list):
            return [problem_words("mark_others", locale)]
        if set(unknown) & set(value):
            return [problem_words("both", locale)]
        return []

    def canonical_value(self, value: Any) -> Any:
        return self.in_order(value) if isinstance(value, list) else value

    def in_order(self, ids: list[Any]) -> list[Any]:
        order = {c.id: i for i, c in enumerate(self.question.components)}
        return sorted(dict.fromkeys(ids), key=lambda c: (order.get(c, len(order)), str(c)))

    def is_answered(self, answer: Mapping[str, Any] | None) -> bool:
        return answer is not None and (self.flag_of(answer) is not None or isinstance(answer.get("value"), list))

    def states(self, answer: Mapping[str, Any] | None) -> dict[str, str]:
        """Component id → ``covered``, ``not_covered`` or ``unknown`` for an answered question (else empty)."""
        if not answer or self.flag_of(answer) or not isinstance(answer.get("value"), list):
            return {}
        covered = set(answer["value"])
        unknown = set(answer.get("unknown_components") or ())
        return {c.id: "covered" if c.id in covered else "unknown" if c.id in unknown else "not_covered"
                for c in self.question.components}

    def value_words(self, value: Any, answer: Mapping[str, Any], locale: str) -> str:
        states = self.states(answer)
        labels = {c.id: tr(c.label, locale) for c in self.question.components}
        covered = [labels[c] for c, s in states.items() if s == "covered"]
        missing = [labels[c] for c, s in states.items() if s == "not_covered"]
        unknown = [labels[c] for c, s in states.items() if s == "unknown"]
        parts = [word("coverage", "covers", locale).format(items="; ".join(covered)) if covered
                 else word("coverage", "covers_none", locale)]
        if missing:
            parts.append(word("coverage", "not_covered", locale).format(items="; ".join(missing)))
        if unknown:
            parts.append(word("coverage", "not_known", locale).format(items="; ".join(unknown)))
        return sentences(parts)

    def _value_from_form(self, data: FormData) -> Read:
        covered, unknown, given = [], [], False
        for component in self.question.components:
            state = data(self.component_field(component.id)) or ""
            if state not in COMPONENT_STATES:
                continue
            given = True
            if state == "covered":
                covered.append(component.id)
            elif state == "unknown":
                unknown.append(component.id)
        if not given:
            return Read()
        part: dict[str, Any] = {"value": covered}
        if unknown:
            part["unknown_components"] = unknown
        return Read(part)

    def _form_value(self, value: Any, answer: Mapping[str, Any]) -> dict[str, Any]:
        states = self.states(answer)
        return {self.component_field(c.id): states.get(c.id) for c in self.question.components}

    def cell_spec(self, locale: str = "en") -> CellSpec:
        return CellSpec(tuple(self.flag_options(locale)), strict=False, list_name=self._list_name("flags"),
                        prompt="Leave empty and answer each component below, or choose from the list for the "
                               "whole question (the components are then not used).")

    def _cell_value(self, value: Any, locale: str) -> Any:
        return None  # the component rows carry the value

    def component_cell(self, answer: Mapping[str, Any], component_id: str, locale: str = "en") -> str | None:
        state = self.states(answer).get(component_id)
        return word("component", state, locale) if state in COMPONENT_WORDS else None

    @staticmethod
    def component_from_cell(raw: Any, text: str | None, locale: str = "en") -> str | None:
        """``covered``, ``not_covered``, ``unknown``, ``None`` (empty) or ``"?"`` (not readable); the words of
        ``locale`` are read as well as the English ones."""
        if text is None:
            return None
        if isinstance(raw, bool):
            return "covered" if raw else "not_covered"
        said = key(text)
        for state in COMPONENT_WORDS:
            if said == key(word("component", state, locale)):
                return state
        if said in ("covered", "yes", "y", "true", "x", "1"):
            return "covered"
        if said in ("not covered", "no", "n", "false", "0", "not_covered"):
            return "not_covered"
        if said in ("unknown", "not known", "?"):
            return "unknown"
        return "?"

    def _value_from_cell(self, raw: Any, text: str | None, locale: str = "en", said: str = "en") -> Read:
        return Read(problem=problem_words("cell_coverage", said, value=repr(text),
                                          options=self._choices_words(locale)))

    def help_lines(self, locale: str = "en") -> list[str]:
        return [word("phrase", "help_coverage", locale)]

    def part_levels(self) -> list[str]:
        return [c.level for c in self.question.components]

    def critical_missing(self, answer: Mapping[str, Any], values: Mapping[str, Any]) -> tuple[str, ...]:
        states = self.states(answer)
        return tuple(c.id for c in self.question.components
                     if c.critical and c.is_core and states.get(c.id) == "not_covered"
                     and (c.show_if is None or evaluate(c.show_if, values)))

    def score(self, value: Any, answer: Mapping[str, Any], *, status_scores: Mapping[str, float],
              applicable: Collection[str] | None, cap: float | None) -> Valued | None:
        if self.value_problems(value) or self.unknown_problems({**answer, "value": value}):
            return None
        covered = set(value)
        unknown = set(answer.get("unknown_components") or ())
        components = [c for c in self.question.components if applicable is None or c.id in applicable]
        core = [c for c in components if c.is_core]
        beyond = [c for c in components if not c.is_core]
        if not core and not beyond:
            return Valued(flags=frozenset({"no_applicable_component"}), not_applicable=True)
        flags = set()
        core_value = beyond_value = None
        if core:
            core_value = sum(1 for c in core if c.id in covered) / len(core)
            if any(c.critical and c.id not in covered for c in core):
                flags.add("critical_component_missing")
                if cap is not None:  # method 1 caps the value; method 2 caps the section instead
                    core_value = min(core_value, cap)
        if beyond:
            beyond_value = sum(1 for c in beyond if c.id in covered) / len(beyond)
        if any(c.id in unknown for c in components):
            flags.add("unknown_components")
        missing = tuple(c.id for c in components if c.id not in covered and c.id not in unknown)
        return Valued(core_value, beyond_value, missing, frozenset(flags))

    def demo_value(self, rng: random.Random, good: bool, strength: float) -> dict[str, Any]:
        covered = [c.id for c in self.question.components if rng.random() < (0.95 if good else strength * 0.8)]
        answer: dict[str, Any] = {"value": covered}
        if not good and rng.random() < 0.2 and len(covered) < len(self.question.components):
            missing = [c.id for c in self.question.components if c.id not in covered]
            answer["unknown_components"] = missing[:1]
        return answer


class YesNoType(AnswerType):
    name = "yes_no"
    is_yes_no = True

    def value_problems(self, value: Any, locale: str = "en") -> list[str]:
        return [] if isinstance(value, bool) else [self.not_an_option(value, [True, False], locale)]

    @classmethod
    def document_values(cls, question: Mapping[str, Any]) -> set[Any] | None:
        return {True, False}

    def value_words(self, value: Any, answer: Mapping[str, Any], locale: str) -> str:
        return yes_no_word(value, locale) if isinstance(value, bool) else str(value)

    def options(self, locale: str = "en") -> list[tuple[str, str]]:
        return [("yes", word("answer", "yes", locale)), ("no", word("answer", "no", locale))]

    def _value_from_form(self, data: FormData) -> Read:
        raw = data(self.question.id)
        if raw in ("yes", "no"):
            return Read({"value": raw == "yes"})
        return Read()

    def _form_value(self, value: Any, answer: Mapping[str, Any]) -> dict[str, Any]:
        return {self.question.id: None if not isinstance(value, bool) else ("yes" if value else "no")}

    def cell_spec(self, locale: str = "en") -> CellSpec:
        options = [(word("answer", "yes", locale), {"value": True}), (word("answer", "no", locale), {"value": False}),
                   *self.flag_options(locale)]
        return CellSpec(tuple(options), strict=True, list_name=self._list_name("yes_no"))

    def _cell_value(self, value: Any, locale: str) -> Any:
        return yes_no_word(value, locale) if isinstance(value, bool) else value

    def cell_lookup(self, locale: str = "en") -> dict[str, dict[str, Any]]:
        found = super().cell_lookup(locale)
        for said in ("yes", "y", "true", "1"):
            found[said] = {"value": True}
        for said in ("no", "n", "false", "0"):
            found[said] = {"value": False}
        return found

    def from_cell(self, raw: Any, text: str | None, lookup: Mapping[str, dict[str, Any]], said: str = "en") -> Read:
        if isinstance(raw, bool):
            return Read({"value": raw})
        if isinstance(raw, int | float) and raw in (0, 1):
            return Read({"value": bool(raw)})
        return super().from_cell(raw, text, lookup, said)

    def score(self, value: Any, answer: Mapping[str, Any], *, status_scores: Mapping[str, float],
              applicable: Collection[str] | None, cap: float | None) -> Valued | None:
        if not isinstance(value, bool):
            return None
        compliant = True if self.question.compliant_answer is None else self.question.compliant_answer
        return self._single(1.0 if value is compliant else 0.0)

    def demo_value(self, rng: random.Random, good: bool, strength: float) -> dict[str, Any]:
        compliant = True if self.question.compliant_answer is None else self.question.compliant_answer
        return {"value": compliant if good else not compliant}


class NumberType(AnswerType):
    """A number of zero or more, or one of the question's special answers (``"no_limit"``, ...)."""

    name = "number"

    def special_field(self) -> str:
        return f"{self.question.id}__special"

    def value_problems(self, value: Any, locale: str = "en") -> list[str]:
        if isinstance(value, str):
            if self.question.special_answer(value) is None:
                return [self._enter_number(locale)]
            return []
        if isinstance(value, bool) or not isinstance(value, int | float) or limits.check_number(value):
            return [self._enter_number(locale)]
        return []

    def advice(self, locale: str = "en") -> str:
        return self._enter_number(locale)

    def _enter_number(self, locale: str = "en") -> str:
        if self.question.special:
            names = ", ".join(f"“{tr(s.label, locale)}”" for s in self.question.special)
            return limits.say("number_or_special", locale, options=names)
        return limits.say("number", locale)

    def canonical_value(self, value: Any) -> Any:
        if isinstance(value, float) and value.is_integer():
            return int(value)
        return value

    def unit_words(self, locale: str = "en") -> str:
        """The question's unit as a page says it (``years``, ``US dollars``), in ``locale``."""
        unit = self.question.unit
        if not unit:
            return ""
        from questionnaires.words import UNIT_WORDS

        return word("unit", unit, locale) if unit in UNIT_WORDS else unit.replace("_", " ")

    def threshold_words(self, locale: str = "en") -> str:
        """Where the standard is met (``""`` without a threshold): ``Meets the standard at 4 years or more.``"""
        q = self.question
        if q.threshold is None:
            return ""
        number = self.canonical_value(float(q.threshold))
        key = ("at_most" if q.direction == "at_most" else "at_least") + ("" if q.unit else "_plain")
        return word("threshold", key, locale).format(number=number, unit=self.unit_words(locale))

    def value_words(self, value: Any, answer: Mapping[str, Any], locale: str) -> str:
        special = self.question.special_answer(value) if isinstance(value, str) else None
        if special:
            return tr(special.label, locale)
        unit = f" {self.unit_words(locale)}" if self.question.unit else ""
        return f"{self.canonical_value(value)}{unit}"

    def options(self, locale: str = "en") -> list[tuple[str, str]]:
        return [(s.id, tr(s.label, locale)) for s in self.question.special]

    def _value_from_form(self, data: FormData) -> Read:
        special = data(self.special_field()) or ""
        if special:
            return Read({"value": special})
        raw = data(self.question.id)
        if blank(raw):
            return Read()
        try:
            return Read({"value": limits.parse_number(raw)})
        except ValueError:
            return Read(problem=self._enter_number())

    def _form_value(self, value: Any, answer: Mapping[str, Any]) -> dict[str, Any]:
        if isinstance(value, str):
            return {self.question.id: "", self.special_field(): value}
        data: dict[str, Any] = {self.question.id: "" if value is None else str(self.canonical_value(value))}
        if self.question.special:
            data[self.special_field()] = "" if value is not None else None
        return data

    def cell_spec(self, locale: str = "en") -> CellSpec:
        options = [(tr(s.label, locale), {"value": s.id}) for s in self.question.special] + self.flag_options(locale)
        prompt = word("phrase", "number_prompt_unit", locale).format(unit=self.unit_words(locale)) \
            if self.question.unit else word("phrase", "number_prompt", locale)
        name = f"q_{self.question.id}" if self.question.special else self._list_name("flags")
        return CellSpec(tuple(options), strict=False, list_name=name, prompt=prompt)

    def _cell_value(self, value: Any, locale: str) -> Any:
        special = self.question.special_answer(value) if isinstance(value, str) else None
        return tr(special.label, locale) if special else self.canonical_value(value)

    def _value_from_cell(self, raw: Any, text: str | None, locale: str = "en", said: str = "en") -> Read:
        try:
            return Read({"value": limits.parse_number(raw if isinstance(raw, int | float) else text)})
        except ValueError:
            return Read(problem=problem_words("cell_number", said, value=repr(text), advice=self._enter_number(said)))

    def help_lines(self, locale: str = "en") -> list[str]:
        lines = [word("phrase", "help_unit", locale).format(unit=self.unit_words(locale))] if self.question.unit else []
        if self.question.threshold is not None:
            lines.append(self.threshold_words(locale))
        lines += [word("phrase", "help_or", locale).format(label=tr(s.label, locale)) for s in self.question.special]
        return lines

    def score(self, value: Any, answer: Mapping[str, Any], *, status_scores: Mapping[str, float],
              applicable: Collection[str] | None, cap: float | None) -> Valued | None:
        q = self.question
        if isinstance(value, str):
            special = q.special_answer(value)
            return None if special is None else self._single(float(special.score))
        if self.value_problems(value) or q.threshold is None:
            return None
        met = value >= q.threshold if q.direction != "at_most" else value <= q.threshold
        return self._single(1.0 if met else 0.0)

    def demo_value(self, rng: random.Random, good: bool, strength: float) -> dict[str, Any]:
        q = self.question
        if q.special and rng.random() < 0.15:
            return {"value": rng.choice(q.special).id}
        threshold = q.threshold or 4
        if q.direction == "at_most":
            return {"value": int(threshold * (0.5 if good else 2))}
        years = int(threshold * rng.choice([1, 1.5, 2.5, 5])) if good else max(1, int(threshold / 2))
        return {"value": years}


class ChoiceType(AnswerType):
    """One of the question's choices, by id. A choice may carry a short label for lists and drop-downs."""

    has_choices = True

    name = "choice"

    def value_problems(self, value: Any, locale: str = "en") -> list[str]:
        if not isinstance(value, str) or self.question.choice(value) is None:
            return [self.not_an_option(value, [c.id for c in self.question.choices], locale)]
        return []

    @classmethod
    def document_values(cls, question: Mapping[str, Any]) -> set[Any] | None:
        choices = question.get("choices")
        return {c.get("id") for c in choices if isinstance(c, Mapping)} if isinstance(choices, list) else set()

    @classmethod
    def document_problems(cls, path: str, question: Mapping[str, Any]) -> list[tuple[str, str]]:
        found = question.get("choices")
        choices: list[Any] = found if isinstance(found, list) else []
        if question.get("scored") and all(not isinstance(c, Mapping) or c.get("value") is None for c in choices):
            return [(f"{path}.choices", "a scored choice question needs at least one choice with a value")]
        return []

    @staticmethod
    def label(choice: Choice, locale: str = "en", short: bool = False) -> str:
        if short and choice.short_label:
            return tr(choice.short_label, locale)
        return tr(choice.label, locale)

    def value_words(self, value: Any, answer: Mapping[str, Any], locale: str) -> str:
        choice = self.question.choice(value) if isinstance(value, str) else None
        return self.label(choice, locale, short=True) if choice else str(value)

    def options(self, locale: str = "en") -> list[tuple[str, str]]:
        return [(c.id, self.label(c, locale, short=True)) for c in self.question.choices]

    def _value_from_form(self, data: FormData) -> Read:
        raw = data(self.question.id)
        return Read({"value": raw}) if isinstance(raw, str) and raw else Read()

    def _form_value(self, value: Any, answer: Mapping[str, Any]) -> dict[str, Any]:
        return {self.question.id: value if isinstance(value, str) else None}

    def cell_spec(self, locale: str = "en") -> CellSpec:
        options = [(self.label(c, locale, short=True), {"value": c.id}) for c in self.question.choices]
        return CellSpec(tuple(options + self.flag_options(locale)), strict=True, list_name=f"q_{self.question.id}")

    def cell_lookup(self, locale: str = "en") -> dict[str, dict[str, Any]]:
        found = super().cell_lookup(locale)
        for choice in self.question.choices:  # the full label reads as well as the short one
            found.setdefault(key(self.label(choice, locale)), {"value": choice.id})
        return found

    def _cell_value(self, value: Any, locale: str) -> Any:
        choice = self.question.choice(value) if isinstance(value, str) else None
        return self.label(choice, locale, short=True) if choice else value

    def help_lines(self, locale: str = "en") -> list[str]:
        lines = []
        for choice in self.question.choices:
            short, full = self.label(choice, locale, short=True), self.label(choice, locale)
            lines.append(f"• {short}: {full}" if short != full else f"• {full}")
        return [word("phrase", "help_choices", locale), *lines]

    def score(self, value: Any, answer: Mapping[str, Any], *, status_scores: Mapping[str, float],
              applicable: Collection[str] | None, cap: float | None) -> Valued | None:
        choice = self.question.choice(value) if isinstance(value, str) else None
        if choice is None:
            return None
        if choice.value is None:
            return Valued(flags=frozenset({"unscored_choice"}), not_applicable=True)
        return self._single(float(choice.value))

    def demo_value(self, rng: random.Random, good: bool, strength: float) -> dict[str, Any]:
        scored = sorted((c for c in self.question.choices if c.value is not None), key=lambda c: -(c.value or 0))
        if not scored:
            return {"value": rng.choice(self.question.choices).id}
        return {"value": (scored[0] if good else rng.choice(scored)).id}


class DateType(AnswerType):
    """A date, stored as ``YYYY-MM-DD``; in a workbook, a date cell."""

    name = "date"

    def value_problems(self, value: Any, locale: str = "en") -> list[str]:
        return [limits.say("date", locale)] if limits.check_date(value) else []

    def advice(self, locale: str = "en") -> str:
        return limits.say("date", locale)

    def canonical_value(self, value: Any) -> Any:
        return value.strip() if isinstance(value, str) else value

    def value_words(self, value: Any, answer: Mapping[str, Any], locale: str) -> str:
        return str(value)

    def _value_from_form(self, data: FormData) -> Read:
        raw = data(self.question.id)
        if blank(raw):
            return Read()
        try:
            return Read({"value": limits.parse_date(str(raw))})
        except ValueError:
            return Read(problem=limits.ENTER_DATE)

    def cell_spec(self, locale: str = "en") -> CellSpec:
        return CellSpec(tuple(self.flag_options(locale)), strict=False, number_format=DATE_FORMAT,
                        list_name=self._list_name("flags"), prompt="Type the date as YYYY-MM-DD, or choose from "
                                                                   "the list.")

    def _cell_value(self, value: Any, locale: str) -> Any:
        try:
            return date.fromisoformat(value)
        except (TypeError, ValueError):
            return value

    def _value_from_cell(self, raw: Any, text: str | None, locale: str = "en", said: str = "en") -> Read:
        day: date | None = None
        if isinstance(raw, datetime):
            day = raw.date()
        elif isinstance(raw, date):
            day = raw
        elif isinstance(raw, int | float) and not isinstance(raw, bool) and 1 <= raw < 2958466:
            # a date cell that lost its date format reads as Excel's day number
            day = _EXCEL_EPOCH + timedelta(days=int(raw))
        elif text is not None:
            head = text.strip()[:10] if len(text.strip()) in (10, 16, 19) else text.strip()
            try:
                return Read({"value": limits.parse_date(head)})
            except ValueError:
                day = None
        if day is not None and limits.YEAR_MIN <= day.year <= limits.YEAR_MAX:
            return Read({"value": day.isoformat()})
        return Read(problem=problem_words("cell_date", said, value=repr(text), advice=limits.say("date", said)))

    def help_lines(self, locale: str = "en") -> list[str]:
        return [word("phrase", "help_date", locale)]

    def demo_value(self, rng: random.Random, good: bool, strength: float) -> dict[str, Any]:
        return {"value": f"{rng.randint(2002, 2020)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"}


class TextType(AnswerType):
    """Free text (never scored); what is typed is kept as typed, spaces at either end removed."""

    name = "text"
    allows_unknown = False
    counts_when_blank = False

    def advice(self, locale: str = "en") -> str:
        return problem_words("text", locale)

    def value_problems(self, value: Any, locale: str = "en") -> list[str]:
        if not isinstance(value, str):
            return [self.advice(locale)]
        problem = limits.check_length(value, limits.TEXT_MAX, locale)
        return [problem] if problem else []

    def canonical_value(self, value: Any) -> Any:
        return value.strip() if isinstance(value, str) else value

    def cell_spec(self, locale: str = "en") -> CellSpec:
        options = self.flag_options(locale)
        return CellSpec(tuple(options), strict=False, number_format=TEXT_FORMAT,
                        list_name=self._list_name("flags") if options else "")

    def cell_lookup(self, locale: str = "en") -> dict[str, dict[str, Any]]:
        # text is read as typed: "Unknown" in a text cell is an answer, not the flag
        found = Lookup(locale)
        found.update({key(words): dict(part) for language in dict.fromkeys(("en", locale))
                      for words, part in self.flag_options(language)})
        return found

    def _value_from_cell(self, raw: Any, text: str | None, locale: str = "en", said: str = "en") -> Read:
        return Read({"value": text}) if text is not None else Read()


#: the type classes by name
TYPES: dict[str, type[AnswerType]] = {
    cls.name: cls for cls in (StatusType, CoverageType, YesNoType, NumberType, ChoiceType, DateType, TextType)
}


#: what is wrong with a value, with named placeholders: the word group ``value_problem``
#: (``word.value_problem.<key>``), in the person's language on the pages (English by default)
PROBLEMS = {
    "not_an_option": "Choose one of the options given: {value} is not one of {options}.",
    "covered_list": "Choose one of the options given: the answer is the list of covered components.",
    "covered_once": "List each covered component once.",
    "no_components": "Only questions with components can mark a component as not known.",
    "mark_others": "Mark the other components as covered or not covered, or answer the whole question as unknown.",
    "both": "A component cannot be both covered and not known.",
    "text": "Type the answer as text.",
    "cell_not_listed": "{value} is not one of the answers in the list: {options}.",
    "cell_coverage": "{value} is not an answer for this row; leave it empty and answer the components below, or "
                     "choose one of: {options}.",
    "cell_number": "{value} is not a number this question takes. {advice}",
    "cell_date": "{value} is not a date this question takes. {advice}",
}


def problem_words(key: str, locale: str = "en", **values: Any) -> str:
    """One of :data:`PROBLEMS` in ``locale`` (English where it has no current translation), filled in."""
    return (PROBLEMS[key] if locale == "en" else word("value_problem", key, locale)).format(**values)


def kind_of(question: Question) -> AnswerType:
    """The type of ``question``, bound to it. :raises KeyError: for a type that does not exist"""
    return TYPES[question.type](question)


def condition_values(question: Mapping[str, Any]) -> set[Any] | None:
    """Values a ``show_if`` ``in`` list may name for a question in a questionnaire document (before it is
    built), or ``None`` when any value goes (numbers, dates, text)."""
    cls = TYPES.get(question.get("type"))  # type: ignore[arg-type]
    values = cls.document_values(question) if cls is not None else None
    return None if values is None else values | set(FLAGS)


def json_word(value: Any) -> str:
    """A value as JSON writes it (``"in_place"``, ``true``, ``3``), to name it in a message."""
    return json.dumps(value, ensure_ascii=False) if isinstance(value, str | bool | int | float | None) else repr(value)


class Lookup(dict[str, dict[str, Any]]):
    """What an answer cell may say → the answer part, for a workbook in ``locale``."""

    def __init__(self, locale: str = "en") -> None:
        super().__init__()
        self.locale = locale


def yes_no_word(value: bool, locale: str = "en") -> str:
    return word("answer", "yes" if value else "no", locale)


def answer_in_words(question: Question, answer: Mapping[str, Any] | None, locale: str = "en") -> str:
    """A short description of ``answer``; ``""`` when unanswered."""
    return kind_of(question).words(answer, locale)
