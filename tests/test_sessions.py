"""Sessions live on the server: signing out, changing the password and deactivation end every copy of a
session cookie; signing in starts a new session with a new CSRF secret; changing the password and making an
API token ask for the current one; one-time links never travel in the cookie; and signing in does the same
work and gives the same answer whether or not the account exists."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

import assessment.auth.passwords as passwords
from assessment.models import ApiToken, LoginSession, User
from tests.factories import PASSWORD

NEW_PASSWORD = "a-brand-new-password-42"


def sign_in(client, user, password=PASSWORD):
    response = client.post("/auth/login", data={"email": user.email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)
    return response


def cookie_of(client) -> str:
    return client.get_cookie("session").value


def with_cookie(app, value: str):
    """Another browser holding a copy of a session cookie."""
    other = app.test_client()
    other.set_cookie("session", value)
    return other


def signed_in(client) -> bool:
    return client.get("/profile/").status_code == 200


def sessions_of(db, user) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(LoginSession).where(LoginSession.user_id == user.id))


def hash_of(db, user) -> str:
    db.session.expire_all()
    return db.session.scalar(select(User.password_hash).where(User.id == user.id))


# --------------------------------------------------------------------------- sign-out ends every copy


def test_a_cookie_copied_before_signing_out_opens_nothing_afterwards(app, client, db, make_user, make_assessment):
    focal = make_user("focal_point", "XA")
    draft = make_assessment("XA", answers={"tip_consent": {"value": "largely"}})
    laptop = app.test_client()  # the same person, signed in elsewhere too
    sign_in(laptop, focal)
    sign_in(client, focal)
    copied = cookie_of(client)
    assert signed_in(with_cookie(app, copied))
    assert sessions_of(db, focal) == 2

    client.post("/auth/logout")
    replay = with_cookie(app, copied)
    assert replay.get("/profile/").headers["Location"].startswith("/auth/login")
    assert replay.get(f"/assessments/{draft.id}").headers["Location"].startswith("/auth/login")
    assert replay.get(f"/assessments/{draft.id}/answers.json").status_code == 302
    saved = replay.post(f"/assessments/{draft.id}/autosave",
                        json={"question_id": "tip_consent", "base_version": 1, "answer": {"value": "in_place"}})
    assert saved.status_code == 401
    assert sessions_of(db, focal) == 1
    assert signed_in(laptop)  # signing out in one browser leaves the other signed in


def test_a_session_ends_when_its_time_is_up_whatever_the_cookie_says(app, client, db, make_user):
    focal = make_user("focal_point", "XA")
    sign_in(client, focal)
    db.session.execute(LoginSession.__table__.update().values(expires_at=LoginSession.created_at))
    db.session.commit()
    assert not signed_in(client)


def test_reading_pages_sends_the_session_cookie_only_when_the_session_changes(client, db, make_user):
    focal = make_user("focal_point", "XA")
    signing_in = sign_in(client, focal)
    assert any(h.startswith("session=") for h in signing_in.headers.getlist("Set-Cookie"))
    client.get("/profile/")  # the first page with a form keeps the new session's CSRF secret in it
    issued = cookie_of(client)
    for path in ("/profile/", "/auth/password", "/", "/auth/password"):
        page = client.get(path)
        assert page.status_code == 200, path
        assert not [h for h in page.headers.getlist("Set-Cookie") if h.startswith("session=")], path
    assert cookie_of(client) == issued
    client.get("/profile/?lang=th")  # choosing a language changes the session: the cookie is sent with it
    assert cookie_of(client) != issued
    assert signed_in(client)


def test_deactivation_ends_every_copy_of_every_session(app, client, db, make_user):
    admin = make_user("admin", None)
    contributor = make_user("contributor", "XA")
    theirs = app.test_client()
    sign_in(theirs, contributor)
    copied = cookie_of(theirs)
    sign_in(client, admin)
    assert client.post(f"/admin/users/{contributor.id}/deactivate").status_code == 302
    assert not signed_in(theirs)
    assert not signed_in(with_cookie(app, copied))
    assert sessions_of(db, contributor) == 0


# --------------------------------------------------------------------------- changing the password


def test_changing_the_password_asks_for_the_current_one(client, db, make_user):
    focal = make_user("focal_point", "XA")
    sign_in(client, focal)
    before = hash_of(db, focal)
    for current, message in ((None, "Give your current password."),
                             ("not-my-password-at-all", "This is not your current password.")):
        data = {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
        if current:
            data["current_password"] = current
        response = client.post("/auth/password", data=data)
        assert response.status_code == 422
        assert message in response.get_data(as_text=True)
        assert hash_of(db, focal) == before
    page = client.get("/auth/password").get_data(as_text=True)
    assert 'name="current_password"' in page
    assert 'autocomplete="current-password"' in page


def test_a_password_change_ends_every_other_session_and_keeps_this_one(app, client, db, make_user):
    focal = make_user("focal_point", "XA")
    phone = app.test_client()
    sign_in(phone, focal)
    sign_in(client, focal)
    copied = cookie_of(client)
    response = client.post("/auth/password", data={"current_password": PASSWORD, "password": NEW_PASSWORD,
                                                   "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    assert signed_in(client)  # a new session here
    assert cookie_of(client) != copied
    assert not signed_in(phone)
    assert not signed_in(with_cookie(app, copied))
    assert sessions_of(db, focal) == 1
    fresh = app.test_client()
    assert fresh.post("/auth/login", data={"email": focal.email, "password": PASSWORD}).status_code == 200
    sign_in(fresh, focal, NEW_PASSWORD)


def test_a_replayed_cookie_cannot_take_the_account_over(app, client, db, make_user):
    """With a copy of someone's session cookie, neither a new password nor an API token can be had."""
    focal = make_user("focal_point", "XA")
    sign_in(client, focal)
    thief = with_cookie(app, cookie_of(client))
    before = hash_of(db, focal)
    assert thief.post("/auth/password", data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code == 422
    assert thief.post("/profile/tokens", data={"name": "mine now"}).status_code == 422
    assert thief.post("/profile/tokens", data={"name": "mine now", "current_password": "guess-one"}).status_code == 422
    assert hash_of(db, focal) == before
    assert db.session.scalar(select(func.count()).select_from(ApiToken)) == 0


# --------------------------------------------------------------------------- a new session at sign-in


def _csrf(html: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


def test_signing_in_starts_a_new_session_and_csrf_secret(make_app, make_user):
    app = make_app(WTF_CSRF_ENABLED=True)
    focal = make_user("focal_point", "XA")
    client = app.test_client()
    before = _csrf(client.get("/auth/login").get_data(as_text=True))
    anonymous = cookie_of(client)
    response = client.post("/auth/login", data={"email": focal.email, "password": PASSWORD, "csrf_token": before})
    assert response.status_code == 302
    assert cookie_of(client) != anonymous
    refused = client.post("/auth/logout", data={"csrf_token": before})  # a token from before signing in
    assert refused.status_code == 400
    assert signed_in(client)
    after = _csrf(client.get("/profile/").get_data(as_text=True))
    assert after != before
    assert client.post("/auth/logout", data={"csrf_token": after}).status_code == 302
    assert not signed_in(client)


def test_the_one_time_link_is_kept_on_the_server_not_in_the_cookie(app, client, db, make_user):
    admin = make_user("admin", None)
    sign_in(client, admin)
    response = client.post("/admin/users/new", data={"email": "new.person@fj.example", "name": "New Person",
                                                     "role": "contributor", "member": "FJ"})
    assert response.status_code == 302
    serializer = app.session_interface.get_signing_serializer(app)
    assert "invitation" not in repr(serializer.loads(cookie_of(client)))
    copy = with_cookie(app, cookie_of(client))
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    link = re.search(r'value="(http://testserver/auth/invitation/[^"]+)"', html).group(1)
    assert link.rsplit("/", 1)[1] not in repr(serializer.loads(cookie_of(client)))
    assert "/auth/invitation/" not in copy.get(response.headers["Location"]).get_data(as_text=True)  # shown once
    db.session.expire_all()
    assert db.session.scalars(select(LoginSession.handoff)).all() == [None]


# --------------------------------------------------------------------------- nothing says an account exists


@pytest.fixture
def hash_checks(monkeypatch):
    """How many password hashes were checked (the real check runs every time)."""
    checks = []
    real = passwords.check_password_hash

    def counted(stored, password):
        checks.append(stored)
        return real(stored, password)

    monkeypatch.setattr(passwords, "check_password_hash", counted)
    return checks


def test_every_failed_sign_in_checks_one_hash_and_reads_the_same(client, db, make_user, hash_checks):
    active = make_user("focal_point", "XA", email="active@xa.example")
    invited = make_user("contributor", "XA", email="invited@xa.example")
    invited.password_hash = None
    deactivated = make_user("contributor", "XA", email="gone@xa.example")
    deactivated.is_active_account = False
    db.session.commit()
    answers = {}
    for email, password in (("nobody@xa.example", PASSWORD), (invited.email, PASSWORD),
                            (deactivated.email, PASSWORD), (active.email, "wrong-password-1")):
        hash_checks.clear()
        response = client.post("/auth/login", data={"email": email, "password": password})
        assert response.status_code == 200
        assert len(hash_checks) == 1, email
        answers[email] = re.sub(r'value="[^"]*@xa.example"', "", response.get_data(as_text=True))
    assert len(set(answers.values())) == 1
    assert "E-mail or password is not right, or the account is inactive." in answers[active.email]
    hash_checks.clear()
    sign_in(client, active)
    assert len(hash_checks) == 1
