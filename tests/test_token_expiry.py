"""Personal API tokens work for a year (API_TOKEN_TTL_DAYS) after they are created or renewed; the profile
shows until when, and an expired token is refused with 401 until it is renewed."""

from __future__ import annotations

import re
from datetime import timedelta

import sqlalchemy as sa
from alembic import command
from sqlalchemy import select

from assessment import create_app
from assessment.audit import Actor
from assessment.extensions import db as _db
from assessment.extensions import migrate
from assessment.models import ApiToken, AuditEvent, utcnow
from assessment.profile.operations import create_token
from tests.factories import PASSWORD


def test_a_token_works_for_a_year_then_is_refused_until_renewed(client, auth, db, make_user):
    analyst = make_user("rso_analyst", None)
    auth.login(analyst)
    created = client.post("/profile/tokens", data={"name": "training plan", "current_password": PASSWORD})
    assert created.status_code == 201
    token = re.search(r'value="(bpa_[^"]+)"', created.get_data(as_text=True)).group(1)
    row = db.session.scalar(select(ApiToken).where(ApiToken.user_id == analyst.id))
    assert timedelta(days=364) < row.expires_at - row.created_at <= timedelta(days=365)
    assert f"{row.expires_at:%d %b %Y}" in client.get("/profile/").get_data(as_text=True)
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/cycles", headers=headers).status_code == 200

    row.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    refused = client.get("/api/v1/cycles", headers=headers)
    assert refused.status_code == 401
    assert "expired" in client.get("/profile/").get_data(as_text=True)

    renewed = client.post(f"/profile/tokens/{row.id}/renew")
    assert renewed.status_code == 302
    db.session.expire_all()
    assert row.expires_at - utcnow() > timedelta(days=364)
    assert client.get("/api/v1/cycles", headers=headers).status_code == 200
    [event] = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "token.renew")).all()
    assert event.actor_id == analyst.id


def test_the_lifetime_is_a_setting_and_others_tokens_cannot_be_renewed(make_app, make_user, db):
    app = make_app(API_TOKEN_TTL_DAYS=30)
    owner, other = make_user("rso_analyst", None), make_user("focal_point", "XA")
    with app.app_context():
        row, _ = create_token(_db.session.merge(owner), "short", Actor(label="test"))
        _db.session.commit()
        assert timedelta(days=29) < row.expires_at - row.created_at <= timedelta(days=30)
        token_id = row.id
    client = app.test_client()
    client.post("/auth/login", data={"email": other.email, "password": PASSWORD})
    assert client.post(f"/profile/tokens/{token_id}/renew").status_code == 404


def test_tokens_made_before_expiry_existed_get_a_year_from_their_creation(tmp_path):
    url = "sqlite:///" + str(tmp_path / "tokens.sqlite")
    app = create_app({"TESTING": True, "DATABASE_URL": url, "SECRET_KEY": "x"})
    with app.app_context():
        config = migrate.get_config()
        command.upgrade(config, "3b7c2f1d9a40")
        with _db.engine.begin() as connection:
            connection.execute(sa.text("INSERT INTO user (id, email, name, role, is_active_account, "
                                       "session_version, created_at) VALUES (1, 'a@rso.example', '', 'rso_analyst', "
                                       "1, 1, '2026-01-05 09:00:00')"))
            connection.execute(sa.text("INSERT INTO api_token (id, user_id, name, token_hash, prefix, created_at) "
                                       "VALUES (1, 1, 'old', 'h', 'bpa_x', '2026-01-05 09:00:00')"))
        command.upgrade(config, "head")
        row = _db.session.get(ApiToken, 1)
        assert (row.expires_at - row.created_at) == timedelta(days=365)
        _db.session.remove()
        _db.engine.dispose()
