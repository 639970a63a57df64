"""Fixed words that the regional, legal-element and ratings pages show, in the request's language.

The plain packages keep these words in English (``questionnaires.words``, ``questionnaires.resources``,
``scoring.region``, ``scoring.standards``); the pages read them from here, through gettext, with the same keys.
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

#: an element's state in a result (``questionnaires.words.ELEMENT_STATE_WORDS``)
ELEMENT_STATE_LABELS = {
    "gap": _l("Gap"),
    "met": _l("Met"),
    "unanswered": _l("Not answered"),
    "not_applicable": _l("Not applicable"),
    "precluded": _l("Precluded"),
    "skipped": _l("Skipped (does not apply)"),
    "unknown": _l("Unknown"),
}

#: band words short enough for a matrix cell
SHORT_BAND_LABELS = {
    "aligned": _l("Aligned"),
    "largely_aligned": _l("Largely"),
    "partly_aligned": _l("Partly"),
    "not_aligned": _l("Not aligned"),
}

#: the kinds of a resource (``questionnaires.resources.KIND_WORDS``)
KIND_LABELS = {
    "model_law": _l("Model law"),
    "legislative_guide": _l("Legislative guide"),
    "interpretative_note": _l("Interpretative note"),
    "issue_paper": _l("Issue paper"),
    "fatf_guidance": _l("FATF guidance"),
    "case_law_database": _l("Case-law database"),
    "training_course": _l("Training course"),
    "practice_guide": _l("Practice guide"),
    "network": _l("Practitioner network"),
}

#: the technical-compliance ratings in words (``scoring.standards.RATING_WORDS``)
RATING_LABELS = {
    "C": _l("Compliant"),
    "LC": _l("Largely compliant"),
    "PC": _l("Partially compliant"),
    "NC": _l("Non-compliant"),
    "NA": _l("Not applicable"),
}


#: the standards a view by standard reads (``questionnaires.standards.INSTRUMENT_NAMES``)
INSTRUMENT_LABELS = {
    "UNTOC": _l("UN Convention against Transnational Organized Crime (UNTOC)"),
    "TIPP": _l("Trafficking in Persons Protocol (TIPP)"),
    "SOMP": _l("Smuggling of Migrants Protocol (SOMP)"),
    "UNCAC": _l("UN Convention against Corruption (UNCAC)"),
    "ACTIP": _l("ASEAN Convention against Trafficking in Persons (ACTIP)"),
    "FATF": _l("FATF Recommendations"),
}


def method_label(version: str | None) -> str:
    """What a page calls a scoring version (``scoring.region.method_name``): ``Method 2``."""
    if version == "1.0":
        return _("Method 1")
    if version == "2.0":
        return _("Method 2")
    return _("Scoring version %(version)s", version=version)
