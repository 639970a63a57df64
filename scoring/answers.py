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
import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from jsonschema.protocols import Validator

from questionnaires import limits
from questionnaires.loader import Problem, _path_key, passes_schema, schema_problems, validator
from questionnaires.model import STATUS_FLAGS, Question, Questionnaire
from questionnaires.translations import word
from questionnaires.types import blank, kind_of

#: flags that replace a value, in canonical order
FLAGS = STATUS_FLAGS
#: flags that need a justification and the question attribute that allows them
JUSTIFIED_FLAGS = {"not_applicable": "na_allowed", "precluded": "precluded_allowed"}
FLAG_LABELS = {"not_applicable": "not applicable", "precluded": "precluded by fundamental principles",
               "unknown": "unknown"}
#: what is wrong with an answer, with named placeholders: the word group ``answer_problem``
#: (``word.answer_problem.<key>``), in the person's language on the pages (English by default)
PROBLEMS = {
    "one_flag": "Give only one of unknown, not applicable and precluded.",
    "flag_and_value": "Give either an answer or one of unknown, not applicable and precluded, not both.",
    "flag_not_allowed": "This question cannot be answered “{flag}”.",
    **{f"flag_{flag}": label for flag, label in FLAG_LABELS.items()},
    "justify": "Say why the question does not apply or is precluded.",
    "nul": "Remove the NUL character it contains (it often comes from pasting).",
    "not_text": "Retype it: it contains a character that is not valid text.",
}


def say(key: str, locale: str = "en", **values: Any) -> str:
    """One of :data:`PROBLEMS` in ``locale`` (English where it has no current translation), filled in."""
    return (PROBLEMS[key] if locale == "en" else word("answer_problem", key, locale)).format(**values)


#: key order of a canonical answer, citation and TA request
ANSWER_KEYS = ("value", *FLAGS, "unknown_components", "justification", "citations", "comment", "ta_request",
               "version")
CITATION_KEYS = ("act", "section", "year", "status", "url")
TA_REQUEST_KEYS = ("category", "challenge", "note")

_PLAIN_KEY = re.compile(r"^[a-zA-Z][a-zA-Z0-9_]*$")
ANSWERS_SCHEMA_ID = "https://bali-assessment.example/schemas/answers.schema.json"

Resolver = Callable[[str, int], Questionnaire]


# --------------------------------------------------------------------------- reading one answer


def answer_flag(question: Question, answer: Mapping[str, Any]) -> str | None:
    """The flag an answer carries (``not_applicable``, ``precluded`` or ``unknown``), in either form, or ``None``.

    Assumes a checked answer; with several flags the first in :data:`FLAGS` order wins.
    """
    return kind_of(question).flag_of(answer)


def has_value(answer: Mapping[str, Any]) -> bool:
    """Whether an answer carries a value (``None`` and a blank string are no value)."""
    return not blank(answer.get("value"))


# --------------------------------------------------------------------------- checking


def check_answer(question: Question, answer: Any, path: str = "$", locale: str = "en") -> list[Problem]:
    """Every problem of one answer to ``question``: its shape (the schema), then its fit to the question and
    the limits of :mod:`questionnaires.limits`.

    Every way in (form, autosave, offline workbook, JSON import) calls this before storing an answer.

    :param question: the question answered
    :param answer: one answer in the answers format (flag form or status-value form)
    :param path: the JSONPath of the answer, prefixed to every problem's path
    :param locale: the language of the problems that say what to do (the schema's own words stay English)
    :returns: problems sorted by path; empty when the answer can be stored
    """
    problems = [] if passes_schema("answers", answer, "answer") else [
        Problem(path + error.json_path[1:], error.message)
        for error in sorted(_answer_validator().iter_errors(answer), key=lambda e: list(map(str, e.path)))
    ]
    if isinstance(answer, Mapping):
        problems += answer_problems(question, answer, path, locale)
    else:
        problems += _text_problems(answer, path, locale)
    return _sorted(problems)


def _text_problems(item: Any, path: str, locale: str = "en") -> Iterator[Problem]:
    """Text no database column can hold: NUL characters and lone surrogates (e.g. pasted from a broken file)."""
    if isinstance(item, str):
        if "\x00" in item:
            yield Problem(path, say("nul", locale))
        else:
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                yield Problem(path, say("not_text", locale))
    elif isinstance(item, Mapping):
        for key, value in item.items():
            yield from _text_problems(value, key_path(path, str(key)), locale)
    elif isinstance(item, list):
        for i, value in enumerate(item):
            yield from _text_problems(value, f"{path}[{i}]", locale)


@functools.cache
def _answer_validator() -> Validator:
    # the answers validator evolved onto one answer keeps its registry and format checker
    return validator("answers").evolve(schema={"$ref": ANSWERS_SCHEMA_ID + "#/$defs/answer"})


def answer_problems(question: Question, answer: Mapping[str, Any], path: str = "$",
                    locale: str = "en") -> Iterator[Problem]:
    """Yield the problems of ``answer`` that need its question, and those of the limits (the schema check of
    its shape is separate). Every message is a sentence that says what to do.

    Tolerates answers that failed the schema check: parts of the wrong shape are skipped here because
    the schema check reports them already.
    """
    kind = kind_of(question)
    flags = [flag for flag in FLAGS if answer.get(flag) is True]
    value = answer.get("value")
    value_flag = value if kind.flags_in_value and isinstance(value, str) and value in FLAGS else None
    if value_flag:
        flags.append(value_flag)

    if len(set(flags)) > 1:
        yield Problem(path, say("one_flag", locale))
    if flags and has_value(answer) and not value_flag:
        yield Problem(path, say("flag_and_value", locale))
    if value_flag and any(answer.get(flag) is True for flag in FLAGS):
        yield Problem(path, say("flag_and_value", locale))

    allowed = kind.allowed_flags()
    for flag in dict.fromkeys(flags):
        where = f"{path}.value" if flag == value_flag and answer.get(flag) is not True else f"{path}.{flag}"
        if flag not in allowed:
            yield Problem(where, say("flag_not_allowed", locale, flag=say(f"flag_{flag}", locale)))
        elif flag in JUSTIFIED_FLAGS and not _text(answer.get("justification")):
            yield Problem(f"{path}.justification", say("justify", locale))

    if has_value(answer) and not value_flag:
        for message in kind.value_problems(value, locale):
            yield Problem(f"{path}.value", message)
    if answer.get("unknown_components"):
        for message in kind.unknown_problems(answer, locale):
            yield Problem(f"{path}.unknown_components", message)
    yield from _limit_problems(answer, path, locale)
    yield from _text_problems(answer, path, locale)


def _limit_problems(answer: Mapping[str, Any], path: str, locale: str = "en") -> Iterator[Problem]:
    """The limits that every answer shares (justification, comment, citations, TA request)."""
    for name in ("justification", "comment"):
        if problem := limits.check_length(answer.get(name), limits.TEXT_MAX, locale):
            yield Problem(f"{path}.{name}", problem)
    request = answer.get("ta_request")
    note = request.get("note") if isinstance(request, Mapping) else None
    if problem := limits.check_length(note, limits.NOTE_MAX, locale):
        yield Problem(f"{path}.ta_request.note", problem)
    citations = answer.get("citations")
    if not isinstance(citations, list):
        return
    if len(citations) > limits.CITATIONS_MAX:
        yield Problem(f"{path}.citations", limits.say("too_many_citations", locale))
    for i, citation in enumerate(citations):
        if isinstance(citation, Mapping):
            yield from citation_problems(citation, f"{path}.citations[{i}]", locale)


def citation_problems(citation: Mapping[str, Any], path: str = "$", locale: str = "en") -> Iterator[Problem]:
    """The limits of one legislation citation, each at its part's path."""
    act = citation.get("act")
    if isinstance(act, str) and not act.strip():
        yield Problem(f"{path}.act", limits.say("act", locale))
    for part, limit in (("act", limits.ACT_MAX), ("section", limits.SECTION_MAX)):
        if problem := limits.check_length(citation.get(part), limit, locale):
            yield Problem(f"{path}.{part}", problem)
    if citation.get("year") is not None and (isinstance(citation["year"], bool)
                                             or not isinstance(citation["year"], int)
                                             or limits.check_year(citation["year"])):
        yield Problem(f"{path}.year", limits.say("year", locale))
    if citation.get("url") is not None and (problem := limits.check_url(citation["url"], locale)):
        yield Problem(f"{path}.url", problem)


def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


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
    values are made canonical by their type (component lists in questionnaire order, integral numbers as
    integers, texts stripped); keys follow :data:`ANSWER_KEYS`.
    """
    kind = kind_of(question)
    flag = kind.flag_of(answer)
    out: dict[str, Any] = {}
    if flag is None and has_value(answer):
        out["value"] = kind.canonical_value(answer["value"])
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
