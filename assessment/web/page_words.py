"""Fixed words that the regional, legal-element and ratings pages show, in the request's language.

The words themselves are those of the plain packages (``questionnaires.words``, ``questionnaires.resources``,
``questionnaires.standards``, ``scoring.standards``), in English; the tables here look each English text up in
the interface catalogues (gettext) when a page shows it, with the same keys.
"""

from __future__ import annotations

from collections.abc import Mapping

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

from questionnaires.resources import KIND_WORDS
from questionnaires.standards import INSTRUMENT_NAMES
from questionnaires.words import ELEMENT_STATE_WORDS
from scoring.standards import RATING_WORDS


def in_page_language(words: Mapping[str, str]) -> dict[str, LazyString]:
    """``words`` (key → English) as a page shows them: each text translated, through the interface catalogues,
    into the language of the request in which it is shown."""
    return {key: _l(text) for key, text in words.items()}


#: an element's state in a result (``questionnaires.words.ELEMENT_STATE_WORDS``)
ELEMENT_STATE_LABELS = in_page_language(ELEMENT_STATE_WORDS)

#: band words short enough for a matrix cell
SHORT_BAND_LABELS = {
    "aligned": _l("Aligned"),
    "largely_aligned": _l("Largely"),
    "partly_aligned": _l("Partly"),
    "not_aligned": _l("Not aligned"),
}

#: the kinds of a resource (``questionnaires.resources.KIND_WORDS``)
KIND_LABELS = in_page_language(KIND_WORDS)

#: the technical-compliance ratings in words (``scoring.standards.RATING_WORDS``)
RATING_LABELS = in_page_language(RATING_WORDS)

#: the standards a view by standard reads (``questionnaires.standards.INSTRUMENT_NAMES``)
INSTRUMENT_LABELS = in_page_language(INSTRUMENT_NAMES)

#: every English text the tables above translate, which each interface catalogue must hold
TRANSLATED_WORDS: tuple[Mapping[str, str], ...] = (ELEMENT_STATE_WORDS, KIND_WORDS, RATING_WORDS, INSTRUMENT_NAMES)


def method_label(version: str | None) -> str:
    """What a page calls a scoring version (``scoring.region.method_name``): ``Method 2``."""
    if version == "1.0":
        return _("Method 1")
    if version == "2.0":
        return _("Method 2")
    return _("Scoring version %(version)s", version=version)
