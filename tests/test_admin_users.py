"""Administration of accounts through the pages: list, create with a one-time link, re-invite,
deactivate and reactivate; roles other than admin are refused."""

import re

import pytest
from sqlalchemy import select

from assessment.extensions import db as _db
from assessment.models import Invitation, User
from tests.admin_fixtures import separate_db, signed_in_admin  # noqa: F401  (fixtures)
from tests.admin_support import (
    PASSWORD,
    events,
    link_path,
    login,
    make_user,
    member,
    one_time_link,
    row_heads,
    sign_in_as,
)

ADMIN_PAGES = [
    "/admin/", "/admin/users", "/admin/users/new", "/admin/members", "/admin/members/new",
    "/admin/members/FJ/edit", "/admin/cycles", "/admin/cycles/new", "/admin/questionnaires",
    "/admin/questionnaires/upload", "/admin/questionnaires/outdated",
]


def user_by_email(email):
    _db.session.expire_all()
    return _db.session.scalar(select(User).where(User.email == email))


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_admin_pages_open_for_admins(client, admin, path):
    assert client.get(path).status_code == 200


@pytest.mark.parametrize("role", ["focal_point", "contributor", "rso_analyst"])
def test_other_roles_get_403(client, db, role):
    sign_in_as(client, role)
    for path in ADMIN_PAGES:
        assert client.get(path).status_code == 403, path
    assert client.post("/admin/users/new", data={"email": "x@y.example", "role": "admin"}).status_code == 403
    assert user_by_email("x@y.example") is None


def test_anonymous_is_sent_to_sign_in(client, db):
    response = client.get("/admin/users")
    assert response.status_code == 302
    assert "/auth/login" in response.headers["Location"]


def test_navigation_shows_admin_links_to_admins_only(client, admin):
    html = client.get("/").get_data(as_text=True)
    for label in ("Users", "Members", "Cycles", "Questionnaires"):
        assert f">{label}</a>" in html
    assert ">Team</a>" not in html


def test_user_list_filters_by_role_and_member(client, admin, db):
    make_user("fp.fj@gov.example", "focal_point", "FJ")
    make_user("c.fj@gov.example", "contributor", "FJ")
    make_user("fp.to@gov.example", "focal_point", "TO")

    def listed(query=""):
        return set(row_heads(client.get("/admin/users" + query).get_data(as_text=True)))

    assert listed() == {"fp.fj@gov.example", "c.fj@gov.example", "fp.to@gov.example", "admin@rso.example"}
    assert listed("?role=focal_point") == {"fp.fj@gov.example", "fp.to@gov.example"}
    assert listed("?member=FJ") == {"fp.fj@gov.example", "c.fj@gov.example"}
    assert listed("?role=contributor&member=TO") == set()
    assert "No account matches." in client.get("/admin/users?role=contributor&member=TO").get_data(as_text=True)


def test_create_focal_point_shows_the_link_once_and_it_works(client, admin, app):
    response = client.post("/admin/users/new", data={
        "email": " Focal.Point@Gov.Example ", "name": "Ana Focal", "role": "focal_point", "member": "FJ"})
    assert response.status_code == 302
    user = user_by_email("focal.point@gov.example")
    assert (user.role, user.member.code, user.name, user.password_hash) == ("focal_point", "FJ", "Ana Focal", None)
    assert response.headers["Location"] == f"/admin/users/{user.id}/invitation"

    page = client.get(response.headers["Location"])
    assert page.headers["Cache-Control"] == "no-store"
    link = one_time_link(page.get_data(as_text=True))
    assert link is not None
    again = client.get(response.headers["Location"]).get_data(as_text=True)
    assert one_time_link(again) is None
    assert "cannot be shown again" in again

    [event] = events("user.create")
    assert event.actor_label == "admin@rso.example"
    assert event.new == {"user_id": user.id, "email": "focal.point@gov.example", "role": "focal_point",
                         "member": "FJ"}
    assert event.member_id == member("FJ").id

    other = app.test_client()
    assert other.get(link_path(link)).status_code == 200
    response = other.post(link_path(link), data={"password": "a-new-password-123", "confirm": "a-new-password-123"})
    assert response.status_code == 302
    login(other, "focal.point@gov.example", "a-new-password-123")


def test_create_rso_analyst_without_member(client, admin):
    response = client.post("/admin/users/new", data={"email": "analyst@rso.example", "role": "rso_analyst",
                                                     "member": ""})
    assert response.status_code == 302
    assert user_by_email("analyst@rso.example").member is None


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"email": "ADMIN@rso.example", "role": "admin"}, "email", "There is already an account for admin@rso"),
        ({"email": "not-an-address", "role": "admin"}, "email", "Enter an e-mail address"),
        ({"email": "", "role": "admin"}, "email", "This field is required."),
        ({"email": "fp@gov.example", "role": "focal_point"}, "member", "works for a member: choose one."),
        ({"email": "c@gov.example", "role": "contributor", "member": ""}, "member", "works for a member"),
        ({"email": "a2@rso.example", "role": "admin", "member": "FJ"}, "member", "choose no member"),
        ({"email": "a3@rso.example", "role": "rso_analyst", "member": "FJ"}, "member", "choose no member"),
        ({"email": "a4@rso.example", "role": "superuser"}, "role", "Not a valid choice"),
        ({"email": "a5@rso.example", "role": "focal_point", "member": "ZZ"}, "member", "Not a valid choice"),
    ],
)
def test_create_user_errors_are_shown_per_field(client, admin, data, field, message):
    before = _db.session.scalar(select(_db.func.count()).select_from(User))
    response = client.post("/admin/users/new", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'class="error-summary"' in html
    assert f'href="#{field}"' in html
    assert re.search(rf'id="{field}-error-1">.*{re.escape(message)}', html), html
    assert _db.session.scalar(select(_db.func.count()).select_from(User)) == before
    assert events("user.create") == []


def test_reinvite_revokes_old_links(client, admin, app):
    client.post("/admin/users/new", data={"email": "fp@gov.example", "role": "focal_point", "member": "FJ"})
    user = user_by_email("fp@gov.example")
    first = one_time_link(client.get(f"/admin/users/{user.id}/invitation").get_data(as_text=True))

    response = client.post(f"/admin/users/{user.id}/invite")
    assert response.headers["Location"] == f"/admin/users/{user.id}/invitation"
    second = one_time_link(client.get(response.headers["Location"]).get_data(as_text=True))
    assert second is not None
    assert second != first

    other = app.test_client()
    assert other.get(link_path(first)).status_code == 404
    assert other.get(link_path(second)).status_code == 200
    [event] = events("user.invite")
    assert "1 unused link(s) revoked" in event.detail
    assert _db.session.scalar(select(_db.func.count()).select_from(Invitation)) == 2


def test_deactivate_ends_sessions_and_reactivate(client, admin, app):
    target = make_user("fp@gov.example", "focal_point", "FJ")
    version = target.session_version
    theirs = app.test_client()
    login(theirs, "fp@gov.example")
    assert "fp@gov.example" in theirs.get("/").get_data(as_text=True)

    response = client.post(f"/admin/users/{target.id}/deactivate", follow_redirects=True)
    assert "fp@gov.example is deactivated" in response.get_data(as_text=True)
    user = user_by_email("fp@gov.example")
    assert user.is_active_account is False
    assert user.session_version == version + 1
    assert "fp@gov.example" not in theirs.get("/").get_data(as_text=True)
    assert theirs.post("/auth/login", data={"email": "fp@gov.example", "password": PASSWORD}).status_code == 200
    assert "Deactivated" in client.get("/admin/users").get_data(as_text=True)
    [event] = events("user.deactivate")
    assert (event.old, event.new) == ({"active": True}, {"active": False})

    # no link for a deactivated account
    response = client.post(f"/admin/users/{target.id}/invite", follow_redirects=True)
    assert "reactivate the account first" in response.get_data(as_text=True)

    client.post(f"/admin/users/{target.id}/reactivate")
    assert user_by_email("fp@gov.example").is_active_account is True
    login(theirs, "fp@gov.example")
    assert len(events("user.reactivate")) == 1


def test_admin_cannot_deactivate_themselves(client, admin):
    response = client.post(f"/admin/users/{admin.id}/deactivate", follow_redirects=True)
    assert "You cannot deactivate your own account" in response.get_data(as_text=True)
    assert user_by_email("admin@rso.example").is_active_account is True


def test_unknown_user_is_404(client, admin):
    assert client.post("/admin/users/9999/deactivate").status_code == 404
    assert client.get("/admin/users/9999/invitation").status_code == 404


def test_posts_without_csrf_token_are_refused(app, make_app):
    """With CSRF on (as in production) a form posted without its token is refused with 400."""
    with app.app_context():
        make_user("admin@rso.example", "admin")
        target = make_user("fp@gov.example", "focal_point", "FJ")
        target_id = target.id
    csrf_app = make_app(WTF_CSRF_ENABLED=True)
    client = csrf_app.test_client()

    def token(path):
        return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"',
                         client.get(path).get_data(as_text=True)).group(1)

    assert client.post("/auth/login", data={"email": "admin@rso.example", "password": PASSWORD}).status_code == 400
    response = client.post("/auth/login", data={"email": "admin@rso.example", "password": PASSWORD,
                                                "csrf_token": token("/auth/login")})
    assert response.status_code == 302

    new_user = {"email": "new@rso.example", "role": "rso_analyst"}
    assert client.post("/admin/users/new", data=new_user).status_code == 400
    assert client.post(f"/admin/users/{target_id}/deactivate").status_code == 400
    new_member = {"code": "QQ", "name": "Q", "sub_region": "Pacific"}
    assert client.post("/admin/members/new", data=new_member).status_code == 400
    response = client.post("/admin/users/new", data={**new_user, "csrf_token": token("/admin/users/new")})
    assert response.status_code == 302
    with csrf_app.app_context():
        assert _db.session.scalar(select(User).where(User.email == "new@rso.example")) is not None
        assert _db.session.get(User, target_id).is_active_account is True
        _db.session.remove()
