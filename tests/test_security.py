"""Web security: rate-limited sign-in, cookie flags, headers, no open redirect, escaping, secret key, limits."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
from sqlalchemy import func, select

from assessment.cli import main
from assessment.models import User
from tests.factories import PASSWORD

ROOT = Path(__file__).resolve().parent.parent


def test_passwords_are_stored_as_scrypt_hashes(db, make_user):
    user = make_user("focal_point", "XA")
    stored = db.session.scalar(select(User.password_hash).where(User.id == user.id))
    assert stored.startswith("scrypt:")
    assert PASSWORD not in stored


def test_sign_in_is_rate_limited(make_app, make_user):
    user = make_user("focal_point", "XA")
    client = make_app(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="3 per minute").test_client()
    codes = [client.post("/auth/login", data={"email": user.email, "password": "wrong"}).status_code
             for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    refused = client.post("/auth/login", data={"email": user.email, "password": PASSWORD})
    assert refused.status_code == 429
    assert "Too many attempts" in refused.get_data(as_text=True)
    assert client.get("/auth/login").status_code == 200  # reading the page is not limited


@pytest.mark.parametrize("secure", [False, True])
def test_session_cookie_flags(make_app, make_user, secure):
    user = make_user("focal_point", "XA")
    client = make_app(SESSION_COOKIE_SECURE=secure).test_client()
    response = client.post("/auth/login", data={"email": user.email, "password": PASSWORD})
    cookie = next(h for h in response.headers.getlist("Set-Cookie") if h.startswith("session="))
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert ("Secure" in cookie) is secure


@pytest.mark.parametrize("path", ["/", "/auth/login", "/health", "/no-such-page", "/api/v1/members"])
def test_security_headers_everywhere(client, path):
    response = client.get(path)
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "'unsafe-inline'" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize(("target", "lands"), [
    ("https://evil.example/steal", "/"),
    ("//evil.example/steal", "/"),
    ("/\\evil.example", "/"),
    ("javascript:alert(1)", "/"),
    ("/assessments/1", "/assessments/1"),
])
def test_no_open_redirect_after_sign_in(client, make_user, target, lands):
    user = make_user("focal_point", "XA")
    response = client.post("/auth/login", data={"email": user.email, "password": PASSWORD, "next": target})
    assert response.status_code == 302
    assert response.headers["Location"] == lands


def test_user_text_is_escaped(client, auth, db, make_user, make_assessment):
    assessment = make_assessment("XA", answers={"tip_consent": {"value": "largely",
                                                                "comment": "<script>alert('x')</script>"}})
    auth.login(make_user("focal_point", "XA"))
    for path in (f"/assessments/{assessment.id}/sections/trafficking", f"/assessments/{assessment.id}/history"):
        html = client.get(path).get_data(as_text=True)
        assert "<script>alert(" not in html
    html = client.get(f"/assessments/{assessment.id}/sections/trafficking").get_data(as_text=True)
    assert "&lt;script&gt;alert(" in html


def test_request_size_is_limited(client, auth, make_user, make_assessment):
    assessment = make_assessment("XA")
    auth.login(make_user("focal_point", "XA"))
    big = "x" * (9 * 1024 * 1024)
    response = client.post(f"/assessments/{assessment.id}/autosave", data=big, content_type="application/json")
    assert response.status_code == 413


def _stored(db, assessment_id: int, question_id: str):
    from assessment.models import Answer

    db.session.expire_all()
    return db.session.scalar(select(Answer.comment).where(Answer.assessment_id == assessment_id,
                                                           Answer.question_id == question_id))


def test_autosave_takes_one_answer_not_a_megabyte(client, auth, db, make_user, make_assessment):
    assessment = make_assessment("XA", answers={"tip_consent": {"value": "largely", "comment": "Before."}})
    auth.login(make_user("focal_point", "XA"))
    url = f"/assessments/{assessment.id}/autosave"
    huge = {"question_id": "tip_consent", "base_version": 1,
            "answer": {"value": "in_place", "comment": "long " * 200_000}}  # 1 MB, in one answer
    response = client.post(url, json=huge)
    assert response.status_code == 413
    assert "larger than 512 KB" in response.get_json()["error"]["message"]
    assert _stored(db, assessment.id, "tip_consent") == "Before."
    fits = {"question_id": "tip_consent", "base_version": 1, "answer": {"value": "in_place", "comment": "After."}}
    assert client.post(url, json=fits).status_code == 200
    assert _stored(db, assessment.id, "tip_consent") == "After."


def test_a_form_over_a_megabyte_is_refused_before_reading(client, auth, db, make_user, make_assessment):
    from assessment.audit import Actor
    from assessment.models import ReviewComment
    from assessment.responses import operations

    focal = make_user("focal_point", "XA")
    assessment = make_assessment("XA", answers={"tip_consent": {"value": "largely"}})
    operations.submit(assessment, Actor(focal))
    db.session.commit()
    auth.login(make_user("rso_analyst", None))
    response = client.post(f"/assessments/{assessment.id}/comment",
                           data={"question_id": "tip_consent", "body": "x" * (2 * 1024 * 1024)})
    assert response.status_code == 413
    assert "larger than 1 MB" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(ReviewComment)) == 0


def test_a_long_section_form_is_read_and_shown_again_not_refused_for_its_size(client, auth, db, make_user,
                                                                             make_assessment):
    assessment = make_assessment("XA", answers={"tip_consent": {"value": "largely", "comment": "Before."}})
    auth.login(make_user("focal_point", "XA"))
    typed = "Kept as typed. " * 150_000  # 2 MB, far over a comment's limit
    response = client.post(f"/assessments/{assessment.id}/sections/trafficking",
                           data={"tip_consent": "in_place", "tip_consent__comment": typed})
    assert response.status_code == 422
    assert "Kept as typed." in response.get_data(as_text=True)  # the form comes back filled in
    assert _stored(db, assessment.id, "tip_consent") == "Before."


@pytest.mark.parametrize(("body", "message"), [
    ("[" * 50_000 + "]" * 50_000, "nested more than 16 levels deep"),
    ('{"a": ' * 20_000 + "1" + "}" * 20_000, "nested more than 16 levels deep"),
    ("[" * 17 + "]" * 17, "nested more than 16 levels deep"),
    ('{"question_id": "tip_consent", "base_version": 1, "answer": {"value": "in_place"', "The body is not JSON"),
])
def test_crafted_autosave_json_gets_400_with_a_message(client, auth, db, make_user, make_assessment, body, message):
    assessment = make_assessment("XA", answers={"tip_consent": {"value": "largely", "comment": "Before."}})
    auth.login(make_user("focal_point", "XA"))
    response = client.post(f"/assessments/{assessment.id}/autosave", data=body, content_type="application/json")
    assert response.status_code == 400
    assert message in response.get_json()["message"]
    assert _stored(db, assessment.id, "tip_consent") == "Before."


@pytest.mark.parametrize("target", ["/assessments\r\nSet-Cookie: evil=1", "/profile/\nLocation: https://evil.example",
                                    "/\x7f"])
def test_next_with_control_characters_goes_home(client, make_user, target):
    user = make_user("focal_point", "XA")
    response = client.post("/auth/login", data={"email": user.email, "password": PASSWORD, "next": target})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert "evil" not in str(response.headers)


def test_confidential_replies_are_never_stored_by_browsers_or_proxies(client, auth, db, make_user, make_assessment):
    from assessment.audit import Actor
    from assessment.profile.operations import create_token

    focal = make_user("focal_point", "XA")
    assessment = make_assessment("XA", answers={"tip_consent": {"value": "largely"}})
    _row, token = create_token(focal, "script", Actor(focal))
    db.session.commit()
    auth.login(focal)
    for path in (f"/assessments/{assessment.id}", f"/assessments/{assessment.id}/sections/trafficking",
                 f"/assessments/{assessment.id}/answers.json", f"/assessments/{assessment.id}/results.json",
                 f"/assessments/{assessment.id}/results", f"/reports/{assessment.id}/results.xlsx",
                 f"/reports/{assessment.id}/offline.xlsx", "/profile/", "/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers["Cache-Control"] == "no-store", path
    api = client.get(f"/api/v1/assessments/{assessment.id}", headers={"Authorization": f"Bearer {token}"})
    assert api.status_code == 200
    assert api.headers["Cache-Control"] == "no-store"
    with client.get("/static/app.css") as static:
        assert "no-store" not in static.headers.get("Cache-Control", "")


@pytest.mark.parametrize(("base_url", "secure"), [("https://assessment.example.org", True),
                                                  ("http://127.0.0.1:5000", False)])
def test_the_secure_cookie_flag_follows_the_base_url(make_app, make_user, base_url, secure):
    user = make_user("focal_point", "XA")
    app = make_app(BASE_URL=base_url)
    assert app.config["SESSION_COOKIE_SECURE"] is secure
    response = app.test_client().post("/auth/login", data={"email": user.email, "password": PASSWORD})
    cookie = next(h for h in response.headers.getlist("Set-Cookie") if h.startswith("session="))
    assert ("Secure" in cookie) is secure


@pytest.mark.served
def test_the_development_server_does_not_name_its_versions(tmp_path):
    from bench.common import free_port

    port = free_port()
    env = {**_env_without_key(tmp_path), "ASSESSMENT_SECRET_KEY": "a-real-and-long-secret-key-for-this-test"}
    env.pop("FLASK_DEBUG", None)
    binary = str(Path(sys.executable).parent / "assessment")
    with subprocess.Popen([binary, "run", "--port", str(port), "--no-reload"], cwd=ROOT, env=env,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) as server:
        try:
            headers = _first_answer(port, server)
        finally:
            server.terminate()
            server.wait(timeout=20)
    assert headers["server"] == "assessment"


def _first_answer(port: int, server: subprocess.Popen) -> dict[str, str]:
    """The headers of the first answer of the server on ``port`` (waiting while it starts, up to a minute)."""
    import time

    from bench.common import request

    deadline = time.monotonic() + 60
    while True:
        try:
            return request("127.0.0.1", port, "GET", "/auth/login")[1]
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"the server did not start: {server.stderr.read().decode()[-2000:]}") from None
            time.sleep(0.1)


def _env_without_key(tmp_path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "ASSESSMENT_SECRET_KEY"}
    env["ASSESSMENT_DATABASE_URL"] = "sqlite:///" + str(tmp_path / "keyless.sqlite")
    return env


def test_wsgi_entry_refuses_to_start_without_a_secret_key(tmp_path):
    env = _env_without_key(tmp_path)
    refused = subprocess.run([sys.executable, "-c", "import assessment.wsgi"], cwd=ROOT, env=env,
                             capture_output=True, text=True, timeout=60)
    assert refused.returncode != 0
    assert "ASSESSMENT_SECRET_KEY is not set" in refused.stderr
    env["ASSESSMENT_SECRET_KEY"] = "a-real-and-long-secret-key-for-this-test"
    started = subprocess.run([sys.executable, "-c", "import assessment.wsgi as w; print(w.app.name)"], cwd=ROOT,
                             env=env, capture_output=True, text=True, timeout=60)
    assert started.returncode == 0, started.stderr
    assert started.stdout.strip() == "assessment"


def test_run_refuses_without_a_secret_key_but_tools_do_not_need_one(tmp_path, monkeypatch):
    from click.testing import CliRunner

    for key, value in _env_without_key(tmp_path).items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("ASSESSMENT_SECRET_KEY", raising=False)
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    runner = CliRunner()
    refused = runner.invoke(main, ["run", "--port", "0"])
    assert refused.exit_code == 1
    assert "ASSESSMENT_SECRET_KEY is not set" in refused.output
    assert runner.invoke(main, ["questionnaires", "validate"]).exit_code == 0
    upgraded = runner.invoke(main, ["db", "upgrade"])
    assert upgraded.exit_code == 0, upgraded.output
    assert runner.invoke(main, ["backup", "-o", str(tmp_path / "b.json")]).exit_code == 0


SHORT_KEYS = ["dev", " ", "   padded-short   ", "fifteen-chars!!"]


@pytest.mark.parametrize("key", SHORT_KEYS)
def test_wsgi_entry_refuses_a_key_shorter_than_16_characters(tmp_path, key):
    env = _env_without_key(tmp_path)
    env["ASSESSMENT_SECRET_KEY"] = key
    refused = subprocess.run([sys.executable, "-c", "import assessment.wsgi"], cwd=ROOT, env=env,
                             capture_output=True, text=True, timeout=60)
    assert refused.returncode != 0
    assert "ASSESSMENT_SECRET_KEY is too short" in refused.stderr
    assert f"{len(key.strip())} character(s)" in refused.stderr
    assert "at least 16" in refused.stderr
    assert "secrets.token_hex(32)" in refused.stderr  # how to make one


@pytest.mark.parametrize("key", SHORT_KEYS)
def test_run_refuses_a_key_shorter_than_16_characters(tmp_path, monkeypatch, key):
    from click.testing import CliRunner

    for name, value in _env_without_key(tmp_path).items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("ASSESSMENT_SECRET_KEY", key)
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    served = []  # a key let through would start this stand-in instead of a server that never returns
    monkeypatch.setattr("flask.cli.run_command", click.Command("run", callback=lambda **kw: served.append(kw)))
    refused = CliRunner().invoke(main, ["run", "--port", "0"])
    assert not served
    assert refused.exit_code == 1
    assert "ASSESSMENT_SECRET_KEY is too short" in refused.output
    assert "secrets.token_hex(32)" in refused.output
    assert "--debug" in refused.output


def test_keys_of_16_characters_and_the_demo_key_are_accepted(tmp_path):
    import re

    from assessment import create_app, secret_key_problem

    demo_key = re.search(r"ASSESSMENT_SECRET_KEY:-([^}]+)\}", (ROOT / "Makefile").read_text()).group(1)
    database = "sqlite:///" + str(tmp_path / "k.sqlite")
    for key in ["sixteen-chars-ok", "  sixteen-chars-ok  ", demo_key]:
        assert secret_key_problem(create_app({"DATABASE_URL": database, "SECRET_KEY": key})) is None, key
    assert "not set" in secret_key_problem(create_app({"DATABASE_URL": database}))
