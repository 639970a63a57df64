"""The regional views, the member profile, "Shared with us", the legal-element pages and the ratings page in the
person's language: an RSO analyst whose profile says Bahasa Indonesia, a focal point whose profile says Thai.
Each page is read in English first; every interface sentence of these pages that the English page shows must be
gone from the page in the other language, and a few chosen translations must be there."""

from __future__ import annotations

import functools
import html
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from assessment.services.catalogues import DIRECTORY
from questionnaires.translations import word
from tests.region_support import assessed
from tests.test_i18n_catalogues import extracted, text_outside_gettext

#: where the strings of these pages come from
SOURCES = ("templates/compare/", "templates/elements/", "templates/ratings/", "assessment/compare/",
           "assessment/elements/", "assessment/ratings/", "assessment/web/page_words.py")


def _text(response, status: int = 200) -> str:
    assert response.status_code == status, response.status_code
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", response.get_data(as_text=True), flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


@functools.cache
def _sentences(language: str) -> list[tuple[str, str]]:
    """(English, translation) of the strings of these pages that read as words on their own: no placeholder,
    no markup, at least two words, and a translation that differs from the English."""
    with (DIRECTORY / language / "LC_MESSAGES" / "messages.po").open("rb") as source:
        po = read_po(source, locale=language)
    pairs = []
    for msgid, where in extracted().items():
        if not where.startswith(SOURCES) or "%" in msgid or "<" in msgid or " " not in msgid.strip():
            continue
        message = po.get(msgid)
        translated = message.string if message is not None else ""
        if isinstance(translated, tuple):
            translated = translated[0]
        if translated and translated != msgid:
            pairs.append((" ".join(msgid.split()), translated))
    return pairs


@functools.cache
def _still_english_elsewhere() -> str:
    """The bare texts of the templates these pages include from elsewhere (translated apart from these pages)."""
    root = Path(__file__).resolve().parent.parent / "templates"
    return " ".join(" ".join(text_outside_gettext(path.read_text(encoding="utf-8")))
                    for path in root.rglob("*.html") if not str(path.relative_to(root)).startswith(
                        ("compare/", "elements/", "ratings/")))


def _left_in_english(english_page: str, page: str, language: str) -> list[str]:
    """The interface sentences of the English page that the page in ``language`` still shows."""
    elsewhere = _still_english_elsewhere()
    return sorted(english for english, _translated in _sentences(language)
                  if english in english_page and english in page and english not in elsewhere)


def _in(client, language: str) -> None:
    assert client.post("/profile/language", data={"language": language}).status_code in (200, 302)


@pytest.fixture
def region(make_assessment):
    assessed(make_assessment, "XA", name="Aldmere", consent="not_in_place")
    assessed(make_assessment, "XB", name="Belmora", status="submitted")
    assessed(make_assessment, "XC", name="Corvane")


RSO_PAGES = ["/region/?status=validated&status=submitted", "/region/elements", "/region/ta?group=audience",
             "/region/members/XA", "/region/side-by-side?member=XA&member=XC", "/region/standards",
             "/ratings/XA", "/elements/", "/elements/A6"]


@pytest.mark.parametrize("url", RSO_PAGES)
def test_an_analyst_whose_profile_says_indonesian_reads_the_regional_pages_in_indonesian(client, auth, make_user,
                                                                                        region, url):
    auth.login(make_user("rso_analyst", None))
    english = _text(client.get(url))
    _in(client, "id")
    page = _text(client.get(url))
    assert _left_in_english(english, page, "id") == []
    # every page shows at least a few of its own sentences, and they are translated (a short one may stand at
    # the start of a longer sentence, so capitals are not compared)
    shown = [translated for english_words, translated in _sentences("id") if english_words in english]
    assert len(shown) >= 3, url
    assert [t for t in shown if " ".join(t.split()).casefold() not in page.casefold()] == [], url


def test_the_overview_matrix_cells_and_headings_are_in_indonesian(client, auth, make_user, region):
    auth.login(make_user("rso_analyst", None))
    # the same cells in English first: the cells' HTML kept for one language never shows in another
    english = client.get("/region/?status=validated&status=submitted").get_data(as_text=True)
    assert re.search(r'<span class="w">Partly</span>', english)
    _in(client, "id")
    raw = client.get("/region/?status=validated&status=submitted").get_data(as_text=True)
    page = _text(client.get("/region/?status=validated&status=submitted"))
    assert '<html lang="id"' in raw
    assert "Ikhtisar kawasan" in page
    assert "Unduh buku kerja perbandingan (Excel)" in page
    # the cell words of the matrix, built outside the template, follow the language too
    assert re.search(r'<span class="w">Sebagian</span>', raw)
    assert 'aria-label="Pilih Aldmere untuk perbandingan berdampingan"' in raw
    assert "Dikirim" in page  # Belmora's submission, not yet validated
    assert "Partly</span>" not in raw
    assert "Choose Aldmere for side by side" not in raw


def test_the_member_profile_trend_chart_speaks_indonesian(client, auth, make_user, make_assessment):
    assessed(make_assessment, "XA", name="Aldmere", cycle="2025")
    assessed(make_assessment, "XA", name="Aldmere", cycle="2026")
    auth.login(make_user("rso_analyst", None))
    _in(client, "id")
    raw = html.unescape(client.get("/region/members/XA?cycle=2026").get_data(as_text=True))
    assert "Tren lintas siklus" in raw
    assert "Kesenjangan inti Aldmere per siklus" in raw
    assert "Makin rendah makin baik." in raw
    assert "Keseluruhan" in raw  # the chart's first series
    assert "Lower is better" not in raw


def test_a_rating_recorded_in_indonesian_is_stored_and_confirmed_in_indonesian(client, auth, make_user, region):
    from sqlalchemy import select

    from assessment.extensions import db
    from assessment.models import MutualEvaluationRating

    auth.login(make_user("rso_analyst", None))
    _in(client, "id")
    response = client.post("/ratings/XA", data={
        "recommendation": "R.5", "rating": "LC", "report_title": "Laporan Evaluasi Bersama Aldmere",
        "report_date": "2022-03-18", "link": "", "base_version": "0"}, follow_redirects=True)
    page = _text(response)
    assert "Dicatat: R.5 diberi peringkat LC dalam “Laporan Evaluasi Bersama Aldmere”." in page
    assert "(Sebagian besar patuh)" in page
    stored = db.session.scalars(select(MutualEvaluationRating)).all()
    assert [(r.recommendation, r.rating, r.report_date.isoformat()) for r in stored] == [("R.5", "LC", "2022-03-18")]
    # a date in the future is refused, beside its field, in Indonesian; nothing more is stored
    refused = _text(client.post("/ratings/XA", data={
        "recommendation": "R.6", "rating": "PC", "report_title": "Laporan tindak lanjut",
        "report_date": "2099-01-01", "link": "", "base_version": "0"}), 422)
    assert "Tanggal laporan 2099-01-01 berada di masa mendatang." in refused
    assert "is in the future" not in refused
    db.session.expire_all()
    assert len(db.session.scalars(select(MutualEvaluationRating)).all()) == 1


def test_a_focal_point_whose_profile_says_thai_reads_shared_with_us_in_thai(client, auth, make_user, region):
    auth.login(make_user("focal_point", "XA"))
    english = _text(client.get("/region/shared"))
    _in(client, "th")
    page = _text(client.get("/region/shared"))
    assert "ที่แบ่งปันกับเรา" in page
    assert "สมาชิกที่แบ่งปันผลลัพธ์ที่ตรวจรับรองแล้วสำหรับรอบนี้" in page
    assert "(สมาชิกของท่าน)" in page  # beside the focal point's own member
    assert _left_in_english(english, page, "th") == []
    element = _text(client.get("/elements/A6"))
    assert "สิ่งที่กฎหมายต้องกำหนด" in element
    assert "What the law must do" not in element
    # the member's own answer to the question testing the element, in Thai words
    assert f": {word('status', 'not_in_place', 'th')}" in element
    assert ": Not in place" not in element


def test_the_sources_named_here_exist():
    root = Path(__file__).resolve().parent.parent
    assert all((root / source).exists() for source in SOURCES)


def test_stored_english_titles_and_assistance_are_shown_in_indonesian(client, auth, make_user, make_cycle,
                                                                       make_assessment):
    """Stored results keep module, section and assistance texts in English; the pages show them translated."""
    from assessment.extensions import db
    from assessment.responses import operations
    from questionnaires.loader import DATA_DIR, default_ta_catalogue, load_questionnaire
    from questionnaires.model import tr
    from tests.region_support import MEMBER_ACTOR, RSO_ACTOR

    make_cycle("2027", questionnaire="legislative_framework", version=1)
    assessment = make_assessment("XA", cycle="2027", answers={"crim_tip_attempt": {"value": False}})
    operations.submit(assessment, MEMBER_ACTOR)
    operations.validate(assessment, RSO_ACTOR)
    db.session.commit()
    section = load_questionnaire(DATA_DIR / "legislative_framework.v1.json").section("crim_tip_offence")
    assert tr(section.title, "id") != tr(section.title, "en")
    auth.login(make_user("rso_analyst", None))
    _in(client, "id")
    overview = _text(client.get("/region/?cycle=2027"))
    assert tr(section.title, "id") in overview
    assert tr(section.title, "en") not in overview
    profile = _text(client.get("/region/members/XA?cycle=2027"))
    assert tr(section.title, "id") in profile
    stored = assessment.snapshots[-1].result["ta"]
    assert stored, "a missing attempt offence calls for assistance"
    item = default_ta_catalogue().get(stored[0]["id"])
    assert tr(item.text, "id") != tr(item.text, "en")
    assert " ".join(tr(item.text, "id").split()) in profile
    assert " ".join(tr(item.text, "en").split()) not in profile
