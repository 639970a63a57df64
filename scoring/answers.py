"""The answers format: checking answers against their questionnaire, and the canonical form exports write.

Contract: an answers document is ``{"questionnaire": {"id", "version"}, "member", "cycle", "answers":
{question id: answer}}`` (``questionnaires/schemas/answers.schema.json``). An answer carries a ``value`` or
one of the flags ``not_applicable``, ``precluded``, ``unknown``; for status questions the values
``"not_applicable"``, ``"precluded"`` and ``"unknown"`` mean the same as the flags.

:func:`check_answers_document` and :func:`check_answer` report **every** problem as a
:class:`~questionnaires.loader.Problem` with its JSONPath and never repair anything. :func:`canonical_answer`
and :func:`answers_document` write the canonical form: flags instead of status flag values, empty fields
dropped, keys in a fixed order. Nothing here imports Flask or SQLAlchemy.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Iterator, Mapping
from datetime import date
from typing import Any

from jsonschema import Draft202012Validator

from questionnaires.loader import Problem, _path_key, schema_problems, validator
from questionnaires.model import STATUS_FLAGS, STATUS_VALUES, Question, Questionnaire

#: flags that replace a value, in canonical order
FLAGS = STATUS_FLAGS
#: flags that need a justification and the question attribute that allows them
JUSTIFIED_FLAGS = {"not_applicable": "na_allowed", "precluded": "precluded_allowed"}
FLAG_LABELS = {"not_applicable": "not applicable", "precluded": "precluded by fundamental principles",
               "unknown": "unknown"}
#: key order of a canonical answer, citation and TA request
ANSWER_KEYS = ("value", *FLAGS, "unknown_components", "justification", "citations", "comment", "ta_request",
               "version")
CITATION_KEYS = ("act", "section", "year", "status", "url")
TA_REQUEST_KEYS = ("category", "challenge", "note")

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_PLAIN_KEY = re.compile(r"^[a-zA-Z][a-zA-Z0-9_]*$")
ANSWERS_SCHEMA_ID = "https://bali-assessment.example/schemas/answers.schema.json"

Resolver = Callable[[str, int], Questionnaire]


# --------------------------------------------------------------------------- reading one answer


def answer_flag(question: Question, answer: Mapping[str, Any]) -> str | None:
    """The flag an answer carries (``not_applicable``, ``precluded`` or ``unknown``), in either form, or ``None``.

    Assumes a checked answer; with several flags the first in :data:`FLAGS` order wins.
    """
    for flag in FLAGS:
        if answer.get(flag) is True:
            return flag
    value = answer.get("value")
    if question.type == "status" and isinstance(value, str) and value in FLAGS:
        return value
    return None


def has_value(answer: Mapping[str, Any]) -> bool:
    """Whether an answer carries a value (``None`` and a blank string are no value)."""
    value = answer.get("value")
    return value is not None and not (isinstance(value, str) and not value.strip())


# --------------------------------------------------------------------------- checking


def check_answer(question: Question, answer: Any, path: str = "$") -> list[Problem]:
    """Every problem of one answer to ``question``: its shape (the schema), then its fit to the question.

    The web page's autosave calls this before storing an answer.

    :param question: the question answered
    :param answer: one answer in the answers format (flag form or status-value form)
    :param path: the JSONPath of the answer, prefixed to every problem's path
    :returns: problems sorted by path; empty when the answer can be stored
    """
    problems = [
        Problem(path + error.json_path[1:], error.message)
        for error in sorted(_answer_validator().iter_errors(answer), key=lambda e: list(map(str, e.path)))
    ]
    if isinstance(answer, Mapping):
        problems += answer_problems(question, answer, path)
    problems += _text_problems(answer, path)
    return _sorted(problems)


#: numbers beyond this are not answers anyone gives (and would not fit the database)
MAX_NUMBER = 10**12


def _text_problems(item: Any, path: str) -> Iterator[Problem]:
    """Text no database column can hold: NUL characters and lone surrogates (e.g. pasted from a broken file)."""
    if isinstance(item, str):
        if "\x00" in item:
            yield Problem(path, "contains a NUL character; remove it (it often comes from pasting)")
        else:
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                yield Problem(path, "contains a character that is not valid text; retype it")
    elif isinstance(item, Mapping):
        for key, value in item.items():
            yield from _text_problems(value, key_path(path, str(key)))
    elif isinstance(item, list):
        for i, value in enumerate(item):
            yield from _text_problems(value, f"{path}[{i}]")


@functools.cache
def _answer_validator() -> Draft202012Validator:
    # the answers validator evolved onto one answer keeps its registry and format checker
    return validator("answers").evolve(schema={"$ref": ANSWERS_SCHEMA_ID + "#/$defs/answer"})


def answer_problems(question: Question, answer: Mapping[str, Any], path: str = "$") -> Iterator[Problem]:
    """Yield the problems of ``answer`` that need its question (the schema check is separate).

    Tolerates answers that failed the schema check: parts of the wrong shape are skipped here because
    the schema check reports them already.
    """
    flags = [flag for flag in FLAGS if answer.get(flag) is True]
    value = answer.get("value")
    value_flag = value if question.type == "status" and isinstance(value, str) and value in FLAGS else None
    if value_flag:
        flags.append(value_flag)

    if len(set(flags)) > 1:
        yield Problem(path, "carries more than one of not_applicable, precluded and unknown: "
                      + ", ".join(sorted(set(flags))))
    if flags and has_value(answer) and not value_flag:
        yield Problem(path, f"carries both a value and the flag {flags[0]!r}; give one or the other")
    if value_flag and any(answer.get(flag) is True for flag in FLAGS):
        yield Problem(path, f"carries both the value {value_flag!r} and a flag; give one or the other")

    for flag in dict.fromkeys(flags):
        where = f"{path}.value" if flag == value_flag and answer.get(flag) is not True else f"{path}.{flag}"
        allowed = JUSTIFIED_FLAGS.get(flag)
        if allowed and not getattr(question, allowed):
            yield Problem(where, f"question {question.id!r} does not allow '{FLAG_LABELS[flag]}'")
        elif allowed and not _text(answer.get("justification")):
            yield Problem(f"{path}.justification", f"'{FLAG_LABELS[flag]}' needs a justification")

    if has_value(answer) and not value_flag:
        yield from _value_problems(question, value, f"{path}.value")

    unknown = answer.get("unknown_components")
    if isinstance(unknown, list) and unknown:
        yield from _unknown_component_problems(question, answer, unknown, f"{path}.unknown_components")


def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _value_problems(question: Question, value: Any, path: str) -> Iterator[Problem]:
    kind = question.type
    if kind == "status":
        if not isinstance(value, str) or value not in STATUS_VALUES:
            yield Problem(path, f"{value!r} is not a status; expected one of {', '.join(STATUS_VALUES + FLAGS)}")
    elif kind == "coverage":
        if not isinstance(value, list):
            yield Problem(path, f"{value!r} is not a list of component ids (coverage question)")
            return
        known = {c.id for c in question.components}
        seen: set[str] = set()
        for i, item in enumerate(value):
            if not isinstance(item, str):
                continue  # the schema check reports it
            if item not in known:
                yield Problem(f"{path}[{i}]", f"unknown component {item!r}; expected one of {', '.join(sorted(known))}")
            elif item in seen:
                yield Problem(f"{path}[{i}]", f"component {item!r} is listed twice")
            seen.add(item)
    elif kind == "yes_no":
        if not isinstance(value, bool):
            yield Problem(path, f"{value!r} is not true or false (yes/no question)")
    elif kind == "number":
        if isinstance(value, str):
            if question.special_answer(value) is None:
                names = ", ".join(s.id for s in question.special) or "none"
                yield Problem(path, f"unknown special answer {value!r}; expected a number or one of: {names}")
        elif isinstance(value, bool) or not isinstance(value, int | float):
            yield Problem(path, f"{value!r} is not a number (number question)")
        elif abs(value) > MAX_NUMBER or not math.isfinite(value):
            yield Problem(path, "is not a number this question can take (too large)")
        elif value < 0:
            yield Problem(path, f"{value!r} is negative")
    elif kind == "choice":
        if not isinstance(value, str):
            yield Problem(path, f"{value!r} is not a choice id (choice question)")
        elif question.choice(value) is None:
            ids = ", ".join(c.id for c in question.choices)
            yield Problem(path, f"unknown choice {value!r}; expected one of {ids}")
    elif kind == "date":
        if not isinstance(value, str) or not _is_iso_date(value):
            yield Problem(path, f"{value!r} is not a date in the form YYYY-MM-DD")
    elif kind == "text" and not isinstance(value, str):
        yield Problem(path, f"{value!r} is not text")


def _is_iso_date(value: str) -> bool:
    if not _ISO_DATE.match(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _unknown_component_problems(
    question: Question, answer: Mapping[str, Any], unknown: list[Any], path: str
) -> Iterator[Problem]:
    if question.type != "coverage":
        yield Problem(path, f"only coverage questions have components; {question.id!r} is a {question.type} question")
        return
    value = answer.get("value")
    if not isinstance(value, list):
        yield Problem(path, "unknown_components goes with a value: the list of covered components ([] for none)")
    covered = set(value) if isinstance(value, list) else set()
    known = {c.id for c in question.components}
    for i, item in enumerate(unknown):
        if not isinstance(item, str):
            continue
        if item not in known:
            yield Problem(f"{path}[{i}]", f"unknown component {item!r}; expected one of {', '.join(sorted(known))}")
        elif item in covered:
            yield Problem(f"{path}[{i}]", f"component {item!r} is listed both as covered and as unknown")


def check_answers_document(doc: Any, resolve: Resolver) -> tuple[Questionnaire | None, list[Problem]]:
    """Every problem of an answers document: the schema check, then each answer against its question.

    :param doc: a parsed answers document
    :param resolve: ``resolve(questionnaire_id, version)`` returns the questionnaire or raises ``LookupError``
    :returns: the questionnaire (``None`` when it cannot be resolved) and every problem sorted by path; the
        document is usable only when the list is empty
    """
    problems = schema_problems("answers", doc)
    if not isinstance(doc, Mapping):
        return None, problems
    ref = doc.get("questionnaire")
    if not isinstance(ref, Mapping) or not isinstance(ref.get("id"), str) or type(ref.get("version")) is not int:
        return None, _sorted(problems)
    try:
        questionnaire = resolve(ref["id"], ref["version"])
    except LookupError:
        problems.append(Problem("$.questionnaire", f"unknown questionnaire {ref['id']!r} version {ref['version']}"))
        return None, _sorted(problems)
    answers = doc.get("answers")
    if isinstance(answers, Mapping):
        for qid, answer in answers.items():
            path = key_path("$.answers", qid)
            if not questionnaire.has_question(qid):
                where = f"{questionnaire.id} v{questionnaire.version}"
                problems.append(Problem(path, f"unknown question {qid!r} in {where}"))
            elif isinstance(answer, Mapping):
                problems += answer_problems(questionnaire.question(qid), answer, path)
    return questionnaire, _sorted(problems)


def key_path(base: str, key: str) -> str:
    """The JSONPath of ``key`` inside the object at ``base``, written as jsonschema writes it."""
    if _PLAIN_KEY.match(key):
        return f"{base}.{key}"
    escaped = key.replace("\\", "\\\\").replace("'", "\\'")
    return f"{base}['{escaped}']"


def _sorted(problems: list[Problem]) -> list[Problem]:
    return sorted(set(problems), key=lambda p: (_path_key(p.path), p.message))


# --------------------------------------------------------------------------- canonical form


def canonical_answer(question: Question, answer: Mapping[str, Any]) -> dict[str, Any]:
    """The canonical (flag) form of a checked answer, as every export writes it.

    Status values ``not_applicable``, ``precluded`` and ``unknown`` become flags; false flags, ``None``, blank
    strings and empty lists or objects are dropped (a coverage value ``[]``, "no component covered", is kept);
    component lists follow questionnaire order; keys follow :data:`ANSWER_KEYS`.
    """
    flag = answer_flag(question, answer)
    out: dict[str, Any] = {}
    if flag is None and has_value(answer):
        value = answer["value"]
        if question.type == "coverage" and isinstance(value, list):
            value = _component_order(question, value)
        out["value"] = value
    if flag is not None:
        out[flag] = True
    unknown = answer.get("unknown_components")
    if flag is None and isinstance(unknown, list) and unknown:
        out["unknown_components"] = _component_order(question, unknown)
    if _text(answer.get("justification")):
        out["justification"] = answer["justification"]
    citations = [_clean(c, CITATION_KEYS) for c in answer.get("citations") or () if isinstance(c, Mapping)]
    if citations := [c for c in citations if c]:
        out["citations"] = citations
    if _text(answer.get("comment")):
        out["comment"] = answer["comment"]
    request = answer.get("ta_request")
    if isinstance(request, Mapping) and (request := _clean(request, TA_REQUEST_KEYS)):
        out["ta_request"] = request
    if answer.get("version") is not None:
        out["version"] = answer["version"]
    return out


def _component_order(question: Question, ids: list[Any]) -> list[Any]:
    order = {c.id: i for i, c in enumerate(question.components)}
    unique = list(dict.fromkeys(ids))
    return sorted(unique, key=lambda c: (order.get(c, len(order)), str(c)))


def _clean(row: Mapping[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    return {
        key: row[key]
        for key in keys
        if row.get(key) is not None and not (isinstance(row[key], str) and not row[key].strip())
    }


def answers_document(
    questionnaire: Questionnaire, member: str, cycle: str, answers: Mapping[str, Mapping[str, Any]]
) -> dict[str, Any]:
    """A canonical answers document: answers in questionnaire order, each in canonical form, empty ones left out.

    :param answers: question id → answer (either form)
    :raises KeyError: for an answer to a question the questionnaire does not have
    """
    unknown = sorted(set(answers) - {q.id for q in questionnaire.questions})
    if unknown:
        raise KeyError(f"{questionnaire.id} v{questionnaire.version} has no question(s) {', '.join(unknown)}")
    rows = {}
    for question in questionnaire.questions:
        if question.id in answers and (row := canonical_answer(question, answers[question.id])):
            rows[question.id] = row
    return {
        "questionnaire": {"id": questionnaire.id, "version": questionnaire.version},
        "member": member,
        "cycle": cycle,
        "answers": rows,
    }
