"""The bodies of the regional pages are kept in the fragment cache once rendered (compare.views.kept_body): a
kept body is served only to the same question asked again, by the same person, of the same stored results."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest
from flask import template_rendered

from assessment.compare import views
from assessment.models import Cycle
from tests.region_support import assessed

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


@pytest.fixture
def analyst(make_user):
    return make_user("rso_analyst", None)


def _rendered(app, client, url: str) -> list[str]:
    """The names of the templates rendered to answer ``url``."""
    names: list[str] = []

    def seen(sender, template, context, **extra):
        names.append(template.name)

    template_rendered.connect(seen, app)
    try:
        assert client.get(url).status_code == 200
    finally:
        template_rendered.disconnect(seen, app)
    return names


def test_a_body_is_rendered_once_and_then_served_as_kept(app, client, auth, analyst, make_assessment):
    assessed(make_assessment, "XA", name="Aldmere", consent="not_in_place")
    auth.login(analyst)
    for url, body in (("/region/elements", "compare/elements.html"), ("/region/ta", "compare/ta.html")):
        assert body in _rendered(app, client, url)
        again = _rendered(app, client, url)
        assert body not in again
        assert "compare/regional_page.html" in again
        # another page of the same view is another body
        assert body in _rendered(app, client, f"{url}?sub_region=Pacific")


def test_each_person_sees_their_own_member_marked(client, auth, make_user, make_assessment):
    assessed(make_assessment, "XA", name="Aldmere")
    assessed(make_assessment, "XB", name="Belmora")

    def marked() -> list[str]:
        page = client.get("/region/shared").get_data(as_text=True)
        return re.findall(r'>([^<]+)</a> <span class="muted small">\(your member\)', page)

    auth.login(make_user("focal_point", "XA"))
    assert marked() == ["Aldmere"]
    auth.logout()
    auth.login(make_user("focal_point", "XB"))
    assert marked() == ["Belmora"]  # the same page, asked by another member's focal point
    auth.logout()
    auth.login(make_user("contributor", "XA"))
    assert marked() == ["Aldmere"]


def test_a_renamed_cycle_shows_on_the_next_page(client, auth, analyst, db, make_assessment):
    assessed(make_assessment, "XA", name="Aldmere")
    auth.login(analyst)
    assert "Elements most often missed: Cycle 2026" in client.get("/region/elements").get_data(as_text=True)
    cycle = db.session.query(Cycle).filter_by(code="2026").one()
    cycle.title = "Review of 2026"
    db.session.commit()
    page = client.get("/region/elements").get_data(as_text=True)
    assert "Elements most often missed: Review of 2026" in page
    assert "Cycle 2026" not in page


def _read_arguments(source: str) -> set[str]:
    """The query arguments a piece of Python or a template reads."""
    found = set(re.findall(r"request\.args\.get(?:list)?\(\s*[\"'](\w+)[\"']", source))
    found |= set(re.findall(r"choice_arg\(\s*[\"'](\w+)[\"']", source))
    found |= set(re.findall(r"page_number\(\s*[\"'](\w+)[\"']", source))
    if re.search(r"page_number\(\s*\)", source):
        found.add("page")
    return found


def test_a_body_is_kept_under_every_query_argument_its_page_reads():
    """An argument a body reads but its key leaves out would serve one page's body for another."""
    python = "".join(inspect.getsource(f) for f in (views.read_filters, views._elements_page, views._ta_page,
                                                      views._shared_body, views.elements, views.ta, views.shared))
    bodies = ["compare/elements.html", "compare/ta.html", "compare/shared.html", "compare/_elements_table.html",
              "compare/_ta_tables.html", "compare/_practice.html", "compare/_macros.html", "_macros/paging.html",
              "_band_scale.html"]
    read = _read_arguments(python + "".join((TEMPLATES / name).read_text(encoding="utf-8") for name in bodies))
    # the check finds what it looks for: the pages' filters, tabs, groups, chosen rows and pages
    assert {"cycle", "status", "sub_region", "show", "group", "within", "item", "element", "page", "mpage",
            "tpage"} <= read
    assert read - views.BODY_ARGUMENTS == set()
    # and it would catch an argument left out of the key
    assert _read_arguments('request.args.get("order_by")') - views.BODY_ARGUMENTS == {"order_by"}


def test_an_unknown_cycle_is_refused_on_every_kept_page_and_the_refusal_is_not_kept(client, auth, analyst, make_user,
                                                                                    db, make_cycle,
                                                                                    make_assessment):
    assessed(make_assessment, "XA", name="Aldmere")
    auth.login(analyst)
    for url in ("/region/elements?cycle=1999", "/region/ta?cycle=1999"):
        assert client.get(url).status_code == 404
    # the cycle opened afterwards is found: a refusal was never kept
    make_cycle("1999")
    db.session.commit()
    assert client.get("/region/elements?cycle=1999").status_code == 200
    auth.logout()
    auth.login(make_user("focal_point", "XA"))
    assert client.get("/region/shared?cycle=1888").status_code == 404


def test_a_name_given_twice_is_kept_apart_by_the_order_of_its_values(client, auth, analyst, make_cycle,
                                                                     make_assessment):
    make_cycle("2025")
    assessed(make_assessment, "XA", cycle="2025", name="Aldmere")
    assessed(make_assessment, "XA", cycle="2026", name="Aldmere")
    auth.login(analyst)
    assert "missed: Cycle 2025" in client.get("/region/elements?cycle=2025&cycle=2026").get_data(as_text=True)
    assert "missed: Cycle 2026" in client.get("/region/elements?cycle=2026&cycle=2025").get_data(as_text=True)


def test_a_person_moved_to_another_member_sees_that_member_marked(client, auth, db, make_user, make_assessment):
    from assessment.models import Member

    assessed(make_assessment, "XA", name="Aldmere")
    assessed(make_assessment, "XB", name="Belmora")
    person = make_user("focal_point", "XA")
    auth.login(person)
    page = client.get("/region/shared").get_data(as_text=True)
    assert re.findall(r'>([^<]+)</a> <span class="muted small">\(your member\)', page) == ["Aldmere"]
    person.member_id = db.session.query(Member).filter_by(code="XB").one().id
    db.session.commit()
    page = client.get("/region/shared").get_data(as_text=True)
    assert re.findall(r'>([^<]+)</a> <span class="muted small">\(your member\)', page) == ["Belmora"]


def test_a_write_stamped_earlier_than_the_newest_still_shows(client, auth, analyst, db, make_assessment,
                                                             monkeypatch):
    """What is kept does not hang on the time a write was made: a write whose clock is behind (another
    server, a transaction that took its time to commit) shows on the next page."""
    from datetime import UTC, datetime, timedelta

    from assessment import models
    from assessment.models import Member

    assessed(make_assessment, "XA", name="Aldmere")
    assessed(make_assessment, "XB", name="Belmora")
    auth.login(analyst)
    moment = datetime.now(UTC)

    class Clock(datetime):
        at = moment

        @classmethod
        def now(cls, tz=None):
            return cls.at

    monkeypatch.setattr(models, "datetime", Clock)
    db.session.query(Member).filter_by(code="XA").one().sub_region = "North"
    db.session.commit()
    assert ">North<" in client.get("/region/elements").get_data(as_text=True)
    Clock.at = moment - timedelta(milliseconds=1)
    db.session.query(Member).filter_by(code="XB").one().sub_region = "Zeta"
    db.session.commit()
    assert ">Zeta<" in client.get("/region/elements").get_data(as_text=True)


def test_the_stamp_changes_with_a_write_and_only_with_one(db, make_assessment):
    from assessment.compare import state
    from assessment.models import Member

    assessed(make_assessment, "XA", name="Aldmere")
    db.session.commit()
    before = db.session.scalar(state.READ)
    member = db.session.query(Member).filter_by(code="XA").one()
    member.name = member.name  # set to what it holds: nothing is written
    db.session.commit()
    assert db.session.scalar(state.READ) == before
    member.name = "Aldmere-Sur"
    db.session.commit()
    assert db.session.scalar(state.READ) not in (None, before)
