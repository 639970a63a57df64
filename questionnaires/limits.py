"""The one table of limits on answers, and the words that refuse what breaks them.

Contract: every way an answer comes in (the section form, autosave, the offline workbook, the JSON import)
checks it with :func:`scoring.answers.check_answer`, which takes its numbers and its words from here; the
form's field validators call the same functions, so that each way refuses the same inputs with the same
words. ``docs/limits.md`` lists the table; ``tests/test_limits.py`` checks the document against :data:`TABLE`.

Each ``check_*`` function returns ``None`` for an acceptable input or the sentence that says what to do.
Nothing here imports Flask or SQLAlchemy.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

#: characters in a text answer, a justification or a comment
TEXT_MAX = 20_000
#: characters in the note of a technical-assistance request ("what would help")
NOTE_MAX = 4_000
#: legislation citations one answer can carry
CITATIONS_MAX = 50
#: characters in a citation's act or instrument, section or article, and link
ACT_MAX = 300
SECTION_MAX = 100
URL_MAX = 500
#: a citation's year and the years of date answers
YEAR_MIN = 1800
YEAR_MAX = 2100
#: number answers: zero or more, up to this
NUMBER_MAX = 10**12
#: a link: http:// or https://, then at least one character, no spaces or control characters
URL_PATTERN = re.compile(r"^https?://[^\s\x00-\x1f\x7f]+$")


@dataclass(frozen=True)
class Limit:
    """One row of the table: what is limited, and the limit in words."""

    what: str
    limit: str


def _n(number: int, locale: str = "en") -> str:
    """``1,000,000`` (English), ``1.000.000`` (Bahasa Indonesia): a figure grouped as ``locale`` groups it."""
    if locale == "en":
        return f"{number:,}"
    from babel.core import UnknownLocaleError
    from babel.numbers import format_decimal

    try:
        return format_decimal(number, format="#,##0", locale=locale)
    except (UnknownLocaleError, ValueError):
        return f"{number:,}"


#: the table, as ``docs/limits.md`` gives it
TABLE: tuple[Limit, ...] = (
    Limit("Text answer, justification, comment", f"at most {_n(TEXT_MAX)} characters"),
    Limit("Technical-assistance request: what would help", f"at most {_n(NOTE_MAX)} characters"),
    Limit("Legislation citations per answer", f"at most {CITATIONS_MAX}"),
    Limit("Citation: act or instrument", f"required; at most {ACT_MAX} characters"),
    Limit("Citation: section or article", f"at most {SECTION_MAX} characters"),
    Limit("Citation: year", f"four digits, from {YEAR_MIN} to {YEAR_MAX}"),
    Limit("Citation: link", f"starts with http:// or https://, no spaces; at most {URL_MAX} characters"),
    Limit("Number answer", f"from 0 to {_n(NUMBER_MAX)}"),
    Limit("Date answer", f"a date written YYYY-MM-DD, in the years {YEAR_MIN} to {YEAR_MAX}"),
)

# --------------------------------------------------------------------------- the words

#: the advice of the limits, with named placeholders: the word group ``advice`` (``word.advice.<key>``), so that
#: a person reads it in their language; English (the constants below) for the command line and the API
WORDS = {
    "number": "Enter a number from 0 to {max}, for example 10 or 7.5.",
    "number_or_special": "Enter a number from 0 to {max}, for example 10 or 7.5, or choose one of {options}.",
    "date": "Enter a date as YYYY-MM-DD, in the years {first} to {last}, for example 2004-12-25.",
    "year": "Enter a four-digit year from {first} to {last}.",
    "url": "Enter a web address starting with http:// or https://, without spaces.",
    "act": "Enter the act or instrument relied on.",
    "too_many_citations": "Give at most {count} citations.",
    "choose_option": "Choose one of the options given.",
    "too_long": "Shorten it to at most {limit} characters (it has {length}).",
}


def say(key: str, locale: str = "en", **values: Any) -> str:
    """One of :data:`WORDS` in ``locale`` (English where it has no current translation), with the table's
    figures (grouped as ``locale`` groups them) and ``values`` filled in."""
    if locale == "en":
        template = WORDS[key]
    else:
        from questionnaires.translations import word

        template = word("advice", key, locale)
    figures = {"max": _n(NUMBER_MAX, locale), "first": YEAR_MIN, "last": YEAR_MAX, "count": CITATIONS_MAX}
    return template.format(**{**figures, **values})


ENTER_NUMBER = say("number")
ENTER_DATE = say("date")
ENTER_YEAR = say("year")
ENTER_URL = say("url")
ENTER_ACT = say("act")
TOO_MANY_CITATIONS = say("too_many_citations")
CHOOSE_OPTION = say("choose_option")


def too_long(limit: int, length: int, locale: str = "en") -> str:
    """The words for text over ``limit`` characters."""
    return say("too_long", locale, limit=_n(limit, locale), length=_n(length, locale))


# --------------------------------------------------------------------------- checks


def check_length(text: Any, limit: int, locale: str = "en") -> str | None:
    if isinstance(text, str) and len(text) > limit:
        return too_long(limit, len(text), locale)
    return None


def parse_year(text: Any) -> int:
    """``2015``, ``'2015'``, ``' 2015.0 '`` (what a spreadsheet re-save produces) → 2015 within the table's years.

    :raises ValueError: for anything else
    """
    if isinstance(text, bool):
        raise ValueError(text)
    if isinstance(text, int):
        year = text
    elif isinstance(text, float) and text.is_integer():
        year = int(text)
    else:
        match = re.fullmatch(r"([0-9]{4})(\.0+)?", str(text).strip())
        if not match:
            raise ValueError(text)
        year = int(match.group(1))
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise ValueError(text)
    return year


def check_year(value: Any, locale: str = "en") -> str | None:
    try:
        parse_year(value)
    except ValueError:
        return say("year", locale)
    return None


def check_url(value: Any, locale: str = "en") -> str | None:
    if not isinstance(value, str) or not URL_PATTERN.match(value):
        return say("url", locale)
    return check_length(value, URL_MAX, locale)


def parse_number(text: Any) -> int | float:
    """``7``, ``'7'``, ``'7.0'``, ``' 7,5 '`` → a number (integral numbers as ``int``), within the table's range.

    :raises ValueError: for anything else
    """
    if isinstance(text, bool):
        raise ValueError(text)
    if isinstance(text, int) and abs(text) > NUMBER_MAX:
        raise ValueError(text)
    if isinstance(text, int | float):
        number = float(text)
    else:
        cleaned = str(text).strip().replace(" ", "").replace(",", ".")
        if not re.fullmatch(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?", cleaned):
            raise ValueError(text)
        number = float(cleaned)
    if not math.isfinite(number) or number < 0 or number > NUMBER_MAX:
        raise ValueError(text)
    return int(number) if number.is_integer() else number


def check_number(value: Any, locale: str = "en") -> str | None:
    try:
        parse_number(value)
    except ValueError:
        return say("number", locale)
    return None


def parse_date(text: Any) -> str:
    """``'2004-12-25'`` → the same ISO date, when it is a real date within the table's years.

    :raises ValueError: for anything else
    """
    if not isinstance(text, str) or not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text.strip()):
        raise ValueError(text)
    day = date.fromisoformat(text.strip())
    if not YEAR_MIN <= day.year <= YEAR_MAX:
        raise ValueError(text)
    return day.isoformat()


def check_date(value: Any, locale: str = "en") -> str | None:
    try:
        parse_date(value)
    except ValueError:
        return say("date", locale)
    return None
