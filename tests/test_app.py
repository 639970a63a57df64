"""The application skeleton: factory, health, error pages, headers, members data."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import sqlalchemy as sa

from assessment import create_app
from assessment.models import MEMBER_CODE_PATTERN, Member
from assessment.services.members import MEMBERS_FILE


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


def test_demo_prints_the_address_it_will_be_served_on(runner, monkeypatch):
    from assessment import demo
    from assessment.cli import main

    monkeypatch.setattr(demo, "load_demo",
                        lambda progress=None: [demo.Login("admin@rso.example", "pw", "admin", "RSO")])
    served = runner.invoke(main, ["demo", "--host", "127.0.0.1", "--port", "5002"])
    assert served.exit_code == 0, served.output
    assert "Open http://127.0.0.1:5002/ and sign in" in served.output
    everywhere = runner.invoke(main, ["demo", "--host", "0.0.0.0", "--port", "8080"])  # noqa: S104
    assert "Open http://127.0.0.1:8080/ and sign in" in everywhere.output
    configured = runner.invoke(main, ["demo"])  # without --host/--port: the configured base URL
    assert "Open http://testserver/ and sign in" in configured.output


def test_make_demo_passes_its_host_and_port_to_the_printed_address_and_the_server():
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    root = Path(__file__).resolve().parent.parent
    plan = subprocess.run(["make", "-n", "--always-make", "demo", "HOST=127.0.0.1", "PORT=5002"], cwd=root,
                          capture_output=True, text=True, check=True).stdout
    assert "assessment demo --host 127.0.0.1 --port 5002" in plan
    assert "ASSESSMENT_BASE_URL=${ASSESSMENT_BASE_URL:-http://127.0.0.1:5002}" in plan
    assert "assessment run --host 127.0.0.1 --port 5002" in plan
