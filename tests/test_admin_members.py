"""Administration of members through the pages: list, add, edit; codes follow the pattern, are unique and
never change; the shipped list never overwrites an admin's edits."""

import pytest
from sqlalchemy import func, select

from assessment.models import Member
from assessment.services.members import load_members
from tests.admin_fixtures import separate_db, signed_in_admin  # noqa: F401  (fixtures)
from tests.admin_support import events, member, row_heads


def count(db):
    return db.session.scalar(select(func.count()).select_from(Member))


def test_member_list(client, admin):
    html = client.get("/admin/members").get_data(as_text=True)
    assert len(row_heads(html)) == 45
    assert "Hong Kong, China" in html
    assert "East Asia" in html


def test_add_member(client, admin, db):
    response = client.post("/admin/members/new", data={
        "code": "XQ", "name": "Quillon", "sub_region": "East Asia", "note": " demo ", "is_current": "y",
        "is_fictional": "y"})
    assert response.status_code == 302
    db.session.expire_all()
    added = member("XQ")
    assert (added.name, added.sub_region, added.note, added.is_current, added.is_fictional) == (
        "Quillon", "East Asia", "demo", True, True)
    html = client.get("/admin/members").get_data(as_text=True)
    assert "XQ" in row_heads(html)
    assert "Fictional" in html
    [event] = events("member.create")
    assert event.member_id == added.id
    assert event.new["code"] == "XQ"


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("fj2", "Use 2 to 6 capital letters or digits"),
        ("1AB", "Use 2 to 6 capital letters or digits"),
        ("A", "Use 2 to 6 capital letters or digits"),
        ("ABCDEFG", "Use 2 to 6 capital letters or digits"),
        ("A-B", "Use 2 to 6 capital letters or digits"),
        ("FJ", "There is already a member with the code FJ."),
        ("", "This field is required."),
    ],
)
def test_bad_member_codes_are_refused(client, admin, db, code, message):
    response = client.post("/admin/members/new", data={"code": code, "name": "Somewhere", "sub_region": "Pacific"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'href="#code"' in html
    assert message in html
    assert count(db) == 45
    assert events("member.create") == []


def test_name_and_sub_region_are_required(client, admin, db):
    html = client.post("/admin/members/new", data={"code": "QX", "name": " ", "sub_region": ""}).get_data(as_text=True)
    assert 'href="#name"' in html
    assert 'href="#sub_region"' in html
    assert count(db) == 45


def test_a_field_names_its_hint_and_its_errors_to_screen_readers(client, admin, db):
    import re

    html = client.post("/admin/members/new", data={"code": "1", "name": " ", "sub_region": ""}).get_data(as_text=True)
    code = re.search(r'<input[^>]*\bid="code"[^>]*>', html).group(0)
    errors = re.findall(r'id="(code-error-\d+)"', html)
    assert errors
    assert f'aria-describedby="{" ".join(["code-hint", *errors])}"' in code
    assert 'aria-invalid="true"' in code
    assert 'autocomplete="off"' in code  # what the page gives the field is kept
    assert 'class="error-summary"' in html
    assert 'href="#code"' in html
    title = re.search(r'<input[^>]*\bid="name"[^>]*>', html).group(0)
    assert 'aria-describedby="name-error-1"' in title
    fresh = client.get("/admin/members/new").get_data(as_text=True)
    untouched = re.search(r'<input[^>]*\bid="code"[^>]*>', fresh).group(0)
    assert 'aria-describedby="code-hint"' in untouched
    assert "aria-invalid" not in untouched


def test_edit_member_keeps_code_and_survives_reload(client, admin, db):
    page = client.get("/admin/members/NZ/edit").get_data(as_text=True)
    assert 'name="code"' not in page
    assert "cannot be changed" in page
    response = client.post("/admin/members/NZ/edit", data={
        "code": "AO", "name": "Aotearoa New Zealand", "sub_region": "Pacific", "note": "renamed", "is_state": "y"})
    assert response.status_code == 302
    db.session.expire_all()
    nz = member("NZ")
    assert (nz.name, nz.note, nz.is_current) == ("Aotearoa New Zealand", "renamed", False)
    assert member("AO") is None
    [event] = events("member.update")
    assert event.old == {"name": "New Zealand", "note": "", "is_current": True}
    assert event.new == {"name": "Aotearoa New Zealand", "note": "renamed", "is_current": False}
    assert "Former" in client.get("/admin/members").get_data(as_text=True)

    assert load_members() == 0
    db.session.commit()
    db.session.expire_all()
    assert member("NZ").name == "Aotearoa New Zealand"


def test_edit_without_changes_records_nothing(client, admin, db):
    response = client.post("/admin/members/FJ/edit", data={"name": "Fiji", "sub_region": "Pacific", "note": "",
                                                           "is_current": "y", "is_state": "y"},
                           follow_redirects=True)
    assert "Nothing was changed." in response.get_data(as_text=True)
    assert events("member.update") == []


def test_edit_errors_and_unknown_member(client, admin):
    html = client.post("/admin/members/FJ/edit", data={"name": "", "sub_region": "Pacific"}).get_data(as_text=True)
    assert 'href="#name"' in html
    assert client.get("/admin/members/QQQ/edit").status_code == 404
