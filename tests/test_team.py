"""The team page: a focal point manages the contributors of their own member, and nobody else's."""

import pytest
from sqlalchemy import select

from assessment.models import User
from tests.admin_fixtures import separate_db  # noqa: F401  (fixtures)
from tests.admin_support import PASSWORD, events, link_path, login, make_user, one_time_link, row_heads, sign_in_as


@pytest.fixture
def focal(client, db):
    return sign_in_as(client, "focal_point", "FJ", email="focal@fiji.example")


def account(db, email):
    db.session.expire_all()
    return db.session.scalar(select(User).where(User.email == email))


def test_focal_point_sees_their_members_accounts_only(client, focal):
    make_user("colleague@fiji.example", "contributor", "FJ")
    make_user("other@tonga.example", "contributor", "TO")
    make_user("analyst@rso.example", "rso_analyst")
    html = client.get("/team/").get_data(as_text=True)
    assert set(row_heads(html)) == {"focal@fiji.example (you)", "colleague@fiji.example"}
    assert ">Team</a>" in client.get("/").get_data(as_text=True)


def test_invite_a_contributor_for_the_same_member(client, focal, db, app):
    response = client.post("/team/invite", data={"email": "new@fiji.example", "name": "New Colleague",
                                                 "member": "TO", "role": "admin"})
    assert response.status_code == 302
    new = account(db, "new@fiji.example")
    assert (new.role, new.member.code, new.name) == ("contributor", "FJ", "New Colleague")
    assert response.headers["Location"] == f"/team/{new.id}/invitation"
    link = one_time_link(client.get(f"/team/{new.id}/invitation").get_data(as_text=True))
    assert link is not None
    assert one_time_link(client.get(f"/team/{new.id}/invitation").get_data(as_text=True)) is None
    [event] = events("user.create")
    assert event.actor_label == "focal@fiji.example"

    theirs = app.test_client()
    theirs.post(link_path(link), data={"password": "contributor-pass-1", "confirm": "contributor-pass-1"})
    login(theirs, "new@fiji.example", "contributor-pass-1")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email": "focal@fiji.example"}, "There is already an account for focal@fiji.example in your team."),
        ({"email": "nope"}, "Enter an e-mail address"),
        ({"email": ""}, "This field is required."),
    ],
)
def test_invite_errors(client, focal, data, message):
    html = client.post("/team/invite", data=data).get_data(as_text=True)
    assert 'href="#email"' in html
    assert message in html
    assert events("user.create") == []


def test_invite_says_nothing_about_other_members_or_rso_accounts(client, focal, db):
    """Another member's contributor, an RSO analyst and an unknown address that cannot be invited read alike:
    the form never says that someone outside the team has an account."""
    make_user("other@tonga.example", "contributor", "TO")
    make_user("analyst@rso.example", "rso_analyst")
    answers = []
    for email in ("other@tonga.example", "analyst@rso.example"):
        html = client.post("/team/invite", data={"email": email.upper(), "name": "Someone"}).get_data(as_text=True)
        assert "already" not in html
        assert "Tonga" not in html
        assert "RSO analyst" not in html
        answers.append(html.replace(email.upper(), "ADDRESS").replace(email, "ADDRESS"))
        assert account(db, email).member_id != focal.member_id  # nothing changed
    assert f"{'ADDRESS'} cannot be invited from this page." in answers[0]
    assert answers[0] == answers[1]
    assert events("user.create") == []


def test_reinvite_and_deactivate_own_contributor(client, focal, db, app):
    contributor = make_user("colleague@fiji.example", "contributor", "FJ")
    theirs = app.test_client()
    login(theirs, "colleague@fiji.example")

    response = client.post(f"/team/{contributor.id}/invite")
    assert response.headers["Location"] == f"/team/{contributor.id}/invitation"
    assert one_time_link(client.get(response.headers["Location"]).get_data(as_text=True)) is not None
    assert len(events("user.invite")) == 1

    client.post(f"/team/{contributor.id}/deactivate")
    assert account(db, "colleague@fiji.example").is_active_account is False
    assert "colleague@fiji.example" not in theirs.get("/").get_data(as_text=True)
    assert theirs.post("/auth/login", data={"email": "colleague@fiji.example", "password": PASSWORD}).status_code == 200
    assert len(events("user.deactivate")) == 1

    client.post(f"/team/{contributor.id}/reactivate")
    assert account(db, "colleague@fiji.example").is_active_account is True


def test_another_members_users_are_404(client, focal):
    other = make_user("other@tonga.example", "contributor", "TO")
    rso = make_user("analyst@rso.example", "rso_analyst")
    for user in (other, rso):
        assert client.post(f"/team/{user.id}/invite").status_code == 404
        assert client.post(f"/team/{user.id}/deactivate").status_code == 404
        assert client.post(f"/team/{user.id}/reactivate").status_code == 404
        assert client.get(f"/team/{user.id}/invitation").status_code == 404
    assert client.post("/team/9999/deactivate").status_code == 404
    assert events("user.deactivate") == []


def test_own_members_focal_points_and_oneself_are_403(client, focal, db):
    second = make_user("second@fiji.example", "focal_point", "FJ")
    for user_id in (second.id, focal.id):
        assert client.post(f"/team/{user_id}/deactivate").status_code == 403
        assert client.post(f"/team/{user_id}/invite").status_code == 403
    assert account(db, "second@fiji.example").is_active_account is True


@pytest.mark.parametrize("role", ["contributor", "rso_analyst", "admin"])
def test_other_roles_get_403(client, db, role):
    sign_in_as(client, role)
    colleague = make_user("colleague@fiji.example", "contributor", "FJ")
    assert client.get("/team/").status_code == 403
    assert client.get("/team/invite").status_code == 403
    assert client.post("/team/invite", data={"email": "x@fiji.example"}).status_code == 403
    assert client.post(f"/team/{colleague.id}/deactivate").status_code == 403
    assert account(db, "x@fiji.example") is None
    assert ">Team</a>" not in client.get("/").get_data(as_text=True)
