"""The language of a request: which one, which way it is written, and how numbers and dates look in it.

A request's language is, in order: the one chosen with ``?lang=xx`` for the session; the person's profile
setting; the best of the browser's ``Accept-Language`` that the toolkit ships; English. Pages, workbooks made
from a page and API labels follow it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime
from functools import cache, cached_property
from typing import Any
from urllib.parse import urlencode

from babel import Locale, UnknownLocaleError
from babel.dates import parse_pattern as parse_date_pattern
from babel.numbers import parse_pattern
from flask import Flask, current_app, g, has_request_context, request, session
from flask_babel import format_datetime, format_decimal, format_percent, get_locale, get_translations
from flask_login import current_user

#: languages the interface ships, with their names in their own language (English is the source)
LANGUAGES: dict[str, str] = {"en": "English", "id": "Bahasa Indonesia", "th": "ไทย"}
#: the session key that holds a language chosen with ``?lang=``
SESSION_KEY = "lang"


def languages() -> dict[str, str]:
    """The shipped languages plus any the configuration adds (``EXTRA_LANGUAGES``, e.g. a test locale)."""
    extra = current_app.config.get("EXTRA_LANGUAGES") or {}
    return {**LANGUAGES, **extra}


def is_language(code: Any) -> bool:
    return isinstance(code, str) and code in languages()


def select_locale() -> str:
    """Flask-Babel's locale selector (see the module's docstring for the order)."""
    if not has_request_context():
        return "en"
    chosen = session.get(SESSION_KEY)
    if is_language(chosen):
        return str(chosen)
    if current_user and getattr(current_user, "is_authenticated", False):
        own = getattr(current_user, "language", None)
        if is_language(own):
            return str(own)
    best = request.accept_languages.best_match(list(languages()))
    return best or "en"


def locale_code() -> str:
    """The current request's language tag (``"en"`` outside a request)."""
    if not has_request_context():
        return "en"
    if "locale_code" not in g:
        g.locale_code = str(get_locale() or "en")
    return str(g.locale_code)


@cache
def is_rtl(code: str) -> bool:
    """Whether ``code`` is written right to left (from the Unicode CLDR data Babel ships)."""
    try:
        return Locale.parse(code.replace("-", "_")).character_order == "right-to-left"
    except (UnknownLocaleError, ValueError):
        return False


def remember_chosen_language() -> None:
    """``?lang=xx`` switches the language for the rest of the session (an unknown code is ignored)."""
    chosen = request.args.get("lang")
    if chosen is not None and is_language(chosen):
        session[SESSION_KEY] = chosen
        g.pop("locale_code", None)
        from flask_babel import refresh

        refresh()


def language_url(code: str) -> str:
    """The current page in language ``code``: the same address and query with ``lang`` set."""
    args = [(k, v) for k, v in request.args.items(multi=True) if k != "lang"] + [("lang", code)]
    return request.path + "?" + urlencode(args)


# --------------------------------------------------------------------------- formats by locale


def fmt_dt(value: datetime | str | None) -> str:
    """``01 Dec 2026 18:57 UTC`` in the request's language (month names by Babel), from a datetime or ISO text."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return value
    if not value:
        return ""
    return format_datetime(value, "dd MMM yyyy HH:mm 'UTC'")


def datetime_format() -> Callable[[datetime | None], str]:
    """:func:`fmt_dt` for a column of times (stored in UTC): the pattern and the language found once, then each
    time only written out."""
    pattern = parse_date_pattern("dd MMM yyyy HH:mm 'UTC'")
    locale = get_locale()

    def written(value: datetime | None) -> str:
        return pattern.apply(value.astimezone(UTC) if value.tzinfo else value, locale) if value else ""

    return written


def fmt_date(value: datetime | None) -> str:
    """``01 December 2026`` in the request's language."""
    return format_datetime(value, "d MMMM yyyy") if value else ""


def fmt_number(value: float | int | None, digits: int = 0) -> str:
    if value is None:
        return "–"
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern)


def fmt_gap(value: float | None) -> str:
    """A gap score with one decimal, in the locale's digits and decimal sign."""
    return "–" if value is None else format_decimal(value, format="0.0")


def fmt_pct(value: float | None) -> str:
    """A share (0.5) as a percentage in the locale's way (``50%``, ``50 %``)."""
    return "–" if value is None else format_percent(value, format="#,##0%")


def number_format(digits: int = 0) -> Callable[[float | int | None], str]:
    """:func:`fmt_number` for a column of figures: the pattern and the language are found once, then each
    figure is only written out."""
    pattern = parse_pattern("#,##0" + ("." + "0" * digits if digits else ""))
    locale = get_locale()
    return lambda value: "–" if value is None else pattern.apply(value, locale)


def gap_format() -> Callable[[float | None], str]:
    """:func:`fmt_gap` for a column of gap scores, the pattern and the language found once."""
    pattern = parse_pattern("0.0")
    locale = get_locale()
    return lambda value: "–" if value is None else pattern.apply(value, locale)


def percent_format() -> Callable[[float | None], str]:
    """:func:`fmt_pct` for a column of shares, the pattern and the language found once."""
    pattern = parse_pattern("#,##0%")
    locale = get_locale()
    return lambda value: "–" if value is None else pattern.apply(value, locale)


def catalogue_in_force() -> Any:
    """The gettext catalogue Flask-Babel loaded for the language in force (the request's, or the one of a
    ``force_locale`` block), found once per request and language rather than on every string a page shows."""
    locale = get_locale()
    held = g.get("catalogue_in_force")
    if held is None or held[0] is not locale:
        held = (locale, get_translations())
        g.catalogue_in_force = held
    return held[1]


def init_app(app: Flask) -> None:
    app.before_request(remember_chosen_language)
    # the strings of templates, through Flask-Babel's catalogues as Flask-Babel installs them
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda s: catalogue_in_force().ugettext(s),
        ngettext=lambda s, p, n: catalogue_in_force().ungettext(s, p, n),
        pgettext=lambda c, s: catalogue_in_force().upgettext(c, s),
        npgettext=lambda c, s, p, n: catalogue_in_force().unpgettext(c, s, p, n),
        newstyle=True)
    app.jinja_env.filters.update(dt=fmt_dt, date=fmt_date, number=fmt_number, gap=fmt_gap, pct=fmt_pct)
    app.jinja_env.globals.update(number_format=number_format, gap_format=gap_format, percent_format=percent_format,
                                  datetime_format=datetime_format)

    @app.context_processor
    def language_context() -> dict[str, Any]:
        code = locale_code()
        from questionnaires.translations import unofficial_note

        return {"locale": code, "text_direction": "rtl" if is_rtl(code) else "ltr",
                "languages": languages(), "language_url": language_url,
                "unofficial_translation": unofficial_note(code) if code in LANGUAGES else "",
                # the fixed words pages show beside questions, in the request's language (looked up only
                # by a page that shows them)
                "LEVEL_WORDS": WordTable("level", code),
                "STATUS_LABELS": WordTable("assessment_status", code),
                "CITATION_STATUS_LABELS": WordTable("citation_status", code),
                "CHALLENGE_LABELS": WordTable("challenge", code),
                "AUDIENCE_LABELS": WordTable("audience", code)}


class WordTable(Mapping[str, str]):
    """A group of fixed words (``questionnaires.translations.words_in``) in one language, read from the
    translations the first time a template looks a word up."""

    def __init__(self, group: str, locale: str) -> None:
        self.group = group
        self.locale = locale

    @cached_property
    def words(self) -> dict[str, str]:
        from questionnaires.translations import words_in

        return words_in(self.group, self.locale)

    def __getitem__(self, key: str) -> str:
        return self.words[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.words)

    def __len__(self) -> int:
        return len(self.words)
