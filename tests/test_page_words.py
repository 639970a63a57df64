"""The fixed words pages show through gettext come from the plain packages' tables: the same keys and English
words, a translation of each in every shipped interface catalogue, and element states that are the ones results
use."""

from __future__ import annotations

import pytest
from flask_babel import force_locale

from assessment.web import page_words
from assessment.web.page_words import TRANSLATED_WORDS
from questionnaires.resources import KIND_WORDS
from questionnaires.standards import INSTRUMENT_NAMES
from questionnaires.words import ELEMENT_STATE_WORDS, ElementState
from scoring.region import ELEMENT_STATES
from scoring.standards import RATING_WORDS
from tests.test_i18n_catalogues import SHIPPED, catalogue

TABLES = [(page_words.ELEMENT_STATE_LABELS, ELEMENT_STATE_WORDS), (page_words.KIND_LABELS, KIND_WORDS),
          (page_words.RATING_LABELS, RATING_WORDS), (page_words.INSTRUMENT_LABELS, INSTRUMENT_NAMES)]


@pytest.mark.parametrize(("labels", "words"), TABLES)
def test_a_page_table_has_the_keys_and_english_of_its_plain_table(app, labels, words):
    with app.test_request_context(), force_locale("en"):
        assert {key: str(label) for key, label in labels.items()} == dict(words)


@pytest.mark.parametrize("language", SHIPPED)
def test_every_word_the_pages_translate_is_in_each_catalogue(language):
    po = catalogue(language)
    missing = []
    for table in TRANSLATED_WORDS:
        for text in table.values():
            message = po.get(text)
            if message is None or not message.string or message.fuzzy:
                missing.append(text)
    assert missing == []


def test_a_page_table_speaks_the_request_language(app):
    with app.test_request_context(), force_locale("id"):
        assert str(page_words.RATING_LABELS["LC"]) == "Sebagian besar patuh"


def test_element_states_are_the_states_results_use():
    assert set(ElementState) == set(ELEMENT_STATE_WORDS) == set(ELEMENT_STATES)
