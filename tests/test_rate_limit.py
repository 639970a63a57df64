"""Failed sign-ins are counted in the application's database, per client address and per account, so the
limit holds across every worker and process: in two applications on one database, and under gunicorn with
four workers answering at once. A refusal is a 429 that says how long to wait (Retry-After)."""

from __future__ import annotations

import re
import threading
import urllib.parse

import pytest
from sqlalchemy import func, select, update

from assessment.auth.operations import Limit
from assessment.models import SignInAttempt, utcnow
from bench.common import BENCH_PASSWORD, gunicorn, prepare_draft, request, scratch_database, served_env
from tests.factories import PASSWORD
from tests.resources import TEST_DATABASE_URL


@pytest.fixture
def workers(make_app):
    """Two applications on the same database, as two workers or two servers would be."""
    return [make_app(RATELIMIT_ENABLED=True).test_client() for _ in range(2)]


WRONG = "not-the-password"


def attempt(client, email, password=WRONG, address="203.0.113.7"):
    return client.post("/auth/login", data={"email": email, "password": password},
                       environ_base={"REMOTE_ADDR": address})


def attempts(db) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(SignInAttempt))


def test_ten_failures_a_minute_from_one_address_across_workers(db, make_user, workers):
    people = [make_user("focal_point", "XA", email=f"person{n}@xa.example") for n in range(11)]
    codes = [attempt(workers[n % 2], people[n].email).status_code for n in range(11)]
    assert codes == [200] * 10 + [429]
    refused = attempt(workers[0], people[0].email, PASSWORD)  # the right password waits as well
    assert refused.status_code == 429
    # the window is a minute and every attempt was made just now: most of the minute is still to wait
    assert 45 <= int(refused.headers["Retry-After"]) <= 60
    assert "Too many attempts. Please wait" in refused.get_data(as_text=True)
    assert attempt(workers[1], people[0].email, PASSWORD, address="198.51.100.20").status_code == 302
    assert workers[0].get("/auth/login").status_code == 200  # reading the page is not limited


def test_ten_failures_a_minute_for_one_account_from_any_address(db, make_user, workers):
    target = make_user("focal_point", "XA", email="target@xa.example")
    other = make_user("focal_point", "XA", email="other@xa.example")
    codes = [attempt(workers[n % 2], target.email, address=f"192.0.2.{n}").status_code for n in range(11)]
    assert codes == [200] * 10 + [429]
    assert attempt(workers[0], target.email, PASSWORD, address="192.0.2.200").status_code == 429
    assert attempt(workers[1], other.email, PASSWORD, address="192.0.2.201").status_code == 302


def test_only_failures_count_and_they_age_out(db, make_user, workers):
    focal = make_user("focal_point", "XA", email="focal@xa.example")
    for _ in range(3):
        assert attempt(workers[0], focal.email, PASSWORD).status_code == 302
        workers[0].post("/auth/logout")
    assert attempts(db) == 0  # successful sign-ins leave nothing behind
    for n in range(10):
        assert attempt(workers[n % 2], focal.email).status_code == 200
    assert attempts(db) == 10
    assert attempt(workers[0], focal.email, PASSWORD).status_code == 429
    assert attempts(db) == 10  # a refused attempt checked nothing and is not kept
    # a minute later (the stored attempts made older rather than waiting): the limit no longer applies
    db.session.execute(update(SignInAttempt).values(at=utcnow().replace(year=2020)))
    db.session.commit()
    assert attempt(workers[1], focal.email, PASSWORD).status_code == 302
    assert attempts(db) == 0  # old attempts are removed as new ones come


def test_wrong_current_passwords_count_against_the_account(db, make_user, workers):
    focal = make_user("focal_point", "XA", email="focal@xa.example")
    assert attempt(workers[0], focal.email, PASSWORD).status_code == 302
    data = {"current_password": "a-guess", "password": "new-password-123", "confirm": "new-password-123"}
    codes = [workers[0].post("/auth/password", data=data, environ_base={"REMOTE_ADDR": f"192.0.2.{n}"}).status_code
             for n in range(11)]
    assert codes == [422] * 10 + [429]
    assert attempt(workers[1], focal.email, PASSWORD, address="198.51.100.9").status_code == 429


@pytest.mark.parametrize(("text", "amount", "seconds"), [
    ("10 per minute", 10, 60), ("5/hour", 5, 3600), ("100 per 10 minutes", 100, 600), (" 3 PER DAY ", 3, 86400)])
def test_limits_read_as_the_settings_write_them(text, amount, seconds):
    assert Limit.parse(text) == Limit(amount, seconds)


@pytest.mark.parametrize("text", ["", "ten per minute", "0 per minute", "10 per fortnight"])
def test_a_limit_that_cannot_be_read_is_refused(text):
    with pytest.raises(ValueError, match="is not a limit"):
        Limit.parse(text)


# --------------------------------------------------------------------------- gunicorn, four workers


@pytest.mark.served
@pytest.mark.parametrize("kind", ["sqlite", "postgresql"] if TEST_DATABASE_URL else ["sqlite"])
def test_the_limit_holds_under_gunicorn_with_four_workers_answering_at_once(kind):
    with scratch_database(kind, "rate_limit") as url:
        draft = prepare_draft(url, members=6)
        env = {**served_env(url), "ASSESSMENT_LOGIN_RATE_LIMIT": "10 per minute"}
        with gunicorn("assessment.wsgi:app", env, workers=4) as (host, port):
            _status, headers, page = request(host, port, "GET", "/auth/login")
            cookie = headers["set-cookie"].split(";", 1)[0]
            token = re.search(r'name="csrf_token"[^>]*? value="([^"]+)"', page.decode()).group(1)

            def post(password: str) -> tuple[int, dict[str, str]]:
                form = urllib.parse.urlencode({"email": draft["emails"][0], "password": password,
                                               "csrf_token": token}).encode()
                code, reply_headers, _ = request(host, port, "POST", "/auth/login", body=form, headers={
                    "Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"})
                return code, reply_headers

            replies: list[tuple[int, dict[str, str]]] = []
            lock = threading.Lock()

            def guesser(n: int) -> None:
                for i in range(5):
                    reply = post(f"guess-{n}-{i}")
                    with lock:
                        replies.append(reply)

            # eight at a time: a sync worker answers one request at a time, so several workers answer (with
            # a count per worker, as Flask-Limiter's memory store kept it, about 33 of these 40 got through)
            threads = [threading.Thread(target=guesser, args=(n,)) for n in range(8)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=120)
            right = post(BENCH_PASSWORD)
    codes = sorted(code for code, _ in replies)
    assert codes == [200] * 10 + [429] * 30
    assert all(1 <= int(h["retry-after"]) <= 60 for code, h in replies if code == 429)
    assert right[0] == 429
