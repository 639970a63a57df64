"""The application skeleton: factory, health, error pages, headers, members data."""

import json

import sqlalchemy as sa

from assessment import create_app
from assessment.members import MEMBERS_FILE
from assessment.models import MEMBER_CODE_PATTERN, Member


def test_config_from_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("ASSESSMENT_DATABASE_URL", "sqlite:///" + str(tmp_path / "env.sqlite"))
    monkeypatch.setenv("ASSESSMENT_SECRET_KEY", "from-env")
    monkeypatch.setenv("ASSESSMENT_BASE_URL", "https://assess.example.org")
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("env.sqlite")
    assert app.config["SECRET_KEY"] == "from-env"
    assert app.config["SECRET_KEY_IS_EPHEMERAL"] is False
    assert app.config["BASE_URL"] == "https://assess.example.org"


def test_no_secret_key_means_ephemeral(tmp_path):
    app = create_app({"DATABASE_URL": "sqlite:///" + str(tmp_path / "x.sqlite")})
    assert app.config["SECRET_KEY_IS_EPHEMERAL"] is True
    assert len(app.config["SECRET_KEY"]) == 64


def test_health(client):
    response = client.get("/health")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_home_page(client):
    response = client.get("/")
    assert response.status_code == 200
    assert b"Legislative self-assessment" in response.data
    assert b"Sign in" in response.data


def test_not_found_page(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert b"There is no such page" in response.data


def test_api_errors_are_json(client):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.get_json()["error"]["status"] == 404


def test_security_headers(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_members_shipped_and_loaded(db):
    rows = json.loads(MEMBERS_FILE.read_text())["members"]
    assert len(rows) == 45
    assert len({r["code"] for r in rows}) == 45
    import re

    assert all(re.match(MEMBER_CODE_PATTERN, r["code"]) for r in rows)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Member)) == 45
    hk = db.session.scalar(sa.select(Member).where(Member.code == "HK"))
    assert (hk.name, hk.sub_region) == ("Hong Kong, China", "East Asia")
