"""The language of a page: profile setting, else the browser's Accept-Language, else English; ``?lang=`` for the
session; the menu on every page; right to left from the locale; numbers and dates by Babel."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime

from sqlalchemy import select

from assessment.models import AuditEvent, User
from tests.admin_fixtures import separate_db  # noqa: F401  (fixtures)
from tests.admin_support import sign_in_as


def html_tag(client, path="/auth/login", **kwargs) -> str:
    page = client.get(path, **kwargs).get_data(as_text=True)
    return re.search(r"<html[^>]*>", page).group(0)


def stored_language(db, email):
    db.session.expire_all()
    return db.session.scalar(select(User.language).where(User.email == email))


def test_browser_language_else_english(client):
    assert 'lang="en"' in html_tag(client)
    assert 'lang="th"' in html_tag(client, headers={"Accept-Language": "th-TH,th;q=0.9,en;q=0.5"})
    assert 'lang="id"' in html_tag(client, headers={"Accept-Language": "fr;q=0.9, id;q=0.8"})
    # a language the toolkit does not ship falls back to English
    assert 'lang="en"' in html_tag(client, headers={"Accept-Language": "de-CH, fr"})


def test_lang_parameter_switches_for_the_session(client):
    assert 'lang="id"' in html_tag(client, "/auth/login?lang=id")
    # the next page, without the parameter and with another browser language, stays in Indonesian
    assert 'lang="id"' in html_tag(client, headers={"Accept-Language": "th"})
    # an unknown code is ignored, the session's choice stays
    assert 'lang="id"' in html_tag(client, "/auth/login?lang=xx")
    assert 'lang="th"' in html_tag(client, "/auth/login?lang=th")


def test_the_language_chosen_on_the_sign_in_page_stays_after_signing_in(client, db):
    assert 'lang="th"' in html_tag(client, "/auth/login?lang=th")
    sign_in_as(client, "focal_point", "TO", email="focal@to.example")  # no language of their own
    assert 'lang="th"' in html_tag(client, "/profile/", headers={"Accept-Language": "en"})


def test_language_menu_keeps_the_page_and_its_query(client):
    page = client.get("/auth/login?next=%2Fprofile%2F").get_data(as_text=True)
    menu = re.search(r'<nav class="languages".*?</nav>', page, re.S).group(0)
    assert 'href="/auth/login?next=%2Fprofile%2F&amp;lang=th"' in menu
    assert 'lang="id"' in menu
    assert "Bahasa Indonesia" in menu
    assert 'aria-current="true">English' in menu


def test_profile_setting_beats_the_browser_and_is_stored(client, db):
    user = sign_in_as(client, "contributor", "FJ", email="contrib@fj.example")
    assert user.language is None
    response = client.post("/profile/language", data={"language": "th"}, headers={"Accept-Language": "id"})
    assert response.status_code == 302
    assert stored_language(db, "contrib@fj.example") == "th"
    assert 'lang="th"' in html_tag(client, "/profile/", headers={"Accept-Language": "id"})
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "profile.language"))
    assert (event.old, event.new) == (None, "th")
    # back to the browser's language
    client.post("/profile/language", data={"language": ""})
    assert stored_language(db, "contrib@fj.example") is None
    assert 'lang="id"' in html_tag(client, "/profile/", headers={"Accept-Language": "id"})


def test_profile_refuses_a_language_not_shipped(client, db):
    sign_in_as(client, "focal_point", "TO", email="focal@to.example")
    client.post("/profile/language", data={"language": "id"})
    response = client.post("/profile/language", data={"language": "de"}, follow_redirects=True)
    page = html.unescape(response.get_data(as_text=True))
    # the page answers in the language the person has chosen so far
    assert "“de” bukan salah satu bahasa perangkat ini" in page
    assert stored_language(db, "focal@to.example") == "id"


def test_profile_setting_gives_way_to_the_session_choice(client, db):
    sign_in_as(client, "focal_point", "TO", email="focal@to.example")
    client.post("/profile/language", data={"language": "id"})
    assert 'lang="en"' in html_tag(client, "/profile/?lang=en")
    assert 'lang="en"' in html_tag(client, "/profile/")
    assert stored_language(db, "focal@to.example") == "id"


def test_right_to_left_from_the_locale(app, client):
    app.config["EXTRA_LANGUAGES"] = {"ar": "العربية"}
    tag = html_tag(client, "/auth/login?lang=ar")
    assert 'lang="ar"' in tag
    assert 'dir="rtl"' in tag
    assert 'dir="ltr"' in html_tag(client, "/auth/login?lang=th")


def test_numbers_and_dates_by_locale(app):
    from assessment.web.i18n import fmt_dt, fmt_gap, fmt_number, fmt_pct

    when = datetime(2026, 12, 1, 18, 57, tzinfo=UTC)
    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        assert fmt_dt(when) == "01 Dec 2026 18:57 UTC"
        assert (fmt_pct(0.456), fmt_gap(12.25), fmt_number(12345)) == ("46%", "12.2", "12,345")
    with app.test_request_context("/", headers={"Accept-Language": "id"}):
        assert fmt_dt(when) == "01 Des 2026 18:57 UTC"
        assert (fmt_pct(0.456), fmt_gap(12.25), fmt_number(12345)) == ("46%", "12,2", "12.345")
    with app.test_request_context("/", headers={"Accept-Language": "th"}):
        assert fmt_dt(when) == "01 ธ.ค. 2026 18:57 UTC"


def test_template_strings_follow_the_language_in_force(app):
    from flask import render_template_string
    from flask_babel import force_locale

    page = "{{ _('Home') }} · {{ ngettext('%(num)d member', '%(num)d members', 3) }}"
    with app.test_request_context("/", headers={"Accept-Language": "id"}):
        assert render_template_string(page).startswith("Beranda · ")
        with force_locale("th"):  # e.g. a message worded in another person's language
            assert render_template_string(page).startswith("หน้าแรก · ")
        assert render_template_string(page).startswith("Beranda · ")
    with app.test_request_context("/?lang=th", headers={"Accept-Language": "id"}):
        app.preprocess_request()  # ?lang= chooses Thai for the session
        assert render_template_string(page).startswith("หน้าแรก · ")


def test_a_column_of_times_is_written_as_each_time_alone_would_be(app):
    """The per-page time format (its pattern and language found once) writes what the ``dt`` filter writes, in
    each language, for stored (UTC, aware) and naive times alike."""
    from flask_babel import force_locale

    from assessment.web.i18n import datetime_format, fmt_dt

    times = [datetime(2026, 3, 5, 14, 7, tzinfo=UTC), datetime(2024, 11, 30, 23, 59), None]
    written = {}
    with app.test_request_context("/"):
        for language in ("en", "id", "th"):
            with force_locale(language):
                column = datetime_format()
                written[language] = ([column(t) for t in times], [fmt_dt(t) for t in times])
    assert {language: column for language, (column, _alone) in written.items()} == {
        language: alone for language, (_column, alone) in written.items()}
    assert written["en"][0] == ["05 Mar 2026 14:07 UTC", "30 Nov 2024 23:59 UTC", ""]
    assert written["th"][0][0] == "05 มี.ค. 2026 14:07 UTC"


def test_a_column_of_shares_is_written_as_babel_writes_each_share(app):
    """The per-page percentage format writes every share as Babel's format_percent does, in each language."""
    from flask_babel import force_locale
    from flask_babel import format_percent as babel_percent

    from assessment.web.i18n import percent_format

    shares = [*sorted({k / n for n in range(1, 61) for k in range(n + 1)}), 0.125, 0.285, 9.994, 9.995, 12.5, -0.25]
    differ = {}
    with app.test_request_context("/"):
        for language in ("en", "id", "th"):
            with force_locale(language):
                column = percent_format()
                differ[language] = [(v, column(v), babel_percent(v, format="#,##0%")) for v in shares
                                    if column(v) != babel_percent(v, format="#,##0%")]
                differ[language + " none"] = column(None)
    assert differ == {"en": [], "id": [], "th": [], "en none": "–", "id none": "–", "th none": "–"}
