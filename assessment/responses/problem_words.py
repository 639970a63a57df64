"""Problems of one answer in words a person reads: where (answer, citation 2's year, comment…) and what to do.

:func:`scoring.answers.check_answer` reports problems with their JSON path and the validator's wording
(``$.citations[1].year``) and, for the limits and the fit to the question, a sentence that says what to do.
The autosave and the section page show :func:`problem_in_words` (``Citation 2, year: enter a four-digit
year from 1800 to 2100.``); the path stays with the problem for anyone who needs it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from assessment.web.i18n import fmt_number, locale_code
from questionnaires import limits
from questionnaires.loader import Problem
from questionnaires.model import Question, tr
from questionnaires.types import kind_of

#: the advice for a citation's status (the only advice of a citation that is not in :mod:`questionnaires.limits`)
CHOOSE_STATUS = "Choose in force, bill or draft."
_STEP = re.compile(r"\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]|\['([^']*)'\]")

CITATION_PART_WORDS = {"act": _l("act"), "section": _l("section"), "year": _l("year"), "status": _l("status"),
                       "url": _l("link")}
PLACE_WORDS = {"value": _l("Answer"), "justification": _l("Justification"), "comment": _l("Comment"),
               "ta_request": _l("Technical assistance request"), "unknown_components": _l("Not known"),
               "citations": _l("Legislation relied on"), "not_applicable": _l("Answer"), "precluded": _l("Answer"),
               "unknown": _l("Answer")}


def steps(path: str) -> list[str | int]:
    """``$.citations[1].year`` → ``["citations", 1, "year"]``."""
    found: list[str | int] = []
    for name, index, quoted in _STEP.findall(path.removeprefix("$")):
        found.append(int(index) if index else (name or quoted))
    return found


def place_in_words(path: str) -> str:
    """Where a problem is, as the page names it: ``Answer``, ``Citation 2, year``, ``Comment``…"""
    where = steps(path)
    if not where:
        return str(PLACE_WORDS["value"])
    head = where[0]
    if head == "citations" and len(where) >= 2 and isinstance(where[1], int):
        if len(where) >= 3 and isinstance(where[2], str):
            return _("Citation %(number)s, %(part)s", number=where[1] + 1,
                     part=CITATION_PART_WORDS.get(where[2], where[2]))
        return _("Citation %(number)s", number=where[1] + 1)
    return str(PLACE_WORDS.get(str(head), str(head).replace("_", " ").capitalize()))


def advice_in_words(message: str) -> str:
    """The fixed advice of :mod:`questionnaires.limits` in the page's language (any other message as it is)."""
    known = {
        limits.ENTER_NUMBER: lambda: _("Enter a number from 0 to %(max)s, for example 10 or 7.5.",
                                       max=fmt_number(limits.NUMBER_MAX)),
        limits.ENTER_DATE: lambda: _("Enter a date as YYYY-MM-DD, in the years %(first)s to %(last)s, for example "
                                     "2004-12-25.", first=limits.YEAR_MIN, last=limits.YEAR_MAX),
        limits.ENTER_YEAR: lambda: _("Enter a four-digit year from %(first)s to %(last)s.", first=limits.YEAR_MIN,
                                     last=limits.YEAR_MAX),
        limits.ENTER_URL: lambda: _("Enter a web address starting with http:// or https://, without spaces."),
        limits.ENTER_ACT: lambda: _("Enter the act or instrument relied on."),
        limits.TOO_MANY_CITATIONS: lambda: _("Give at most %(count)s citations.", count=limits.CITATIONS_MAX),
        limits.CHOOSE_OPTION: lambda: _("Choose one of the options given."),
        CHOOSE_STATUS: lambda: _("Choose in force, bill or draft."),
    }
    words = known.get(_sentence(message))
    return words() if words is not None else message


#: scripts whose sentences end without a full stop (Thai)
_NO_FULL_STOP = re.compile("[\u0e00-\u0e7f]")


def _sentence(text: str) -> str:
    text = text.strip()
    text = text[:1].upper() + text[1:]
    if text.endswith((".", "!", "?")) or _NO_FULL_STOP.search(text):
        return text
    return text + "."


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


def _schema_advice(question: Question, problem: Problem) -> str | None:
    """What to do about a problem of an answer's shape (the schema's words are for programmers)."""
    where = steps(problem.path)
    head = where[0] if where else None
    part = where[2] if len(where) >= 3 else None
    if head == "value":
        return _lower_first(kind_of(question).advice())
    if head == "citations" and part == "year":
        return _lower_first(limits.ENTER_YEAR)
    if head == "citations" and part == "status":
        return _lower_first(CHOOSE_STATUS)
    if head == "citations" and "'act'" in problem.message:
        return _lower_first(limits.ENTER_ACT)
    return None


def problem_in_words(question: Question, answer: Mapping[str, Any], problem: Problem) -> str:
    """One problem as the page shows it: ``Citation 2, year: enter a four-digit year from 1800 to 2100.``

    Problems of :func:`scoring.answers.check_answer` are sentences already; those of the answer's shape (the
    JSON Schema's words) are put in the same words where a person can cause them."""
    message = problem.message
    if message[:1].isascii() and not message[:1].isupper():  # the schema's words (ours start with a capital or
        # are in a script without capitals)
        message = _schema_advice(question, problem) or message
    if question.special and _sentence(message) == kind_of(question).advice():
        # a number or one of the special answers the question offers, named in the page's language
        names = ", ".join(f"“{tr(s.label, locale_code())}”" for s in question.special)
        message = _("Enter a number from 0 to %(max)s, for example 10 or 7.5, or choose one of %(options)s.",
                    max=fmt_number(limits.NUMBER_MAX), options=names)
    return f"{place_in_words(problem.path)}: {_lower_first(_sentence(advice_in_words(message)))}"


def problems_in_words(question: Question, answer: Any, problems: Iterable[Problem]) -> list[str]:
    """Every problem in words, each once (the schema may report one field twice), in the order given."""
    return list(dict.fromkeys(problem_in_words(question, answer, p) for p in problems))
