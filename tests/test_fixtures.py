"""The suite's own isolation: each test runs in a transaction rolled back at its end, requests commit into it as
they would on their own connection, and ``committed`` tests write for real and are cleaned up afterwards.

The tests of this file run in order: a test that writes, then one that checks the next test starts from the
shipped members only.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy import func, select

from assessment.extensions import db as _db
from assessment.models import LoginSession, Member, User
from assessment.services.members import shipped_members

EMAIL = "isolation.check@xb.example"


def _counts() -> tuple[int, int, int]:
    return (_db.session.scalar(select(func.count()).select_from(User)),
            _db.session.scalar(select(func.count()).select_from(LoginSession)),
            _db.session.scalar(select(func.count()).select_from(Member)))


def _seen_from_another_connection(database_url: str) -> int:
    engine = sa.create_engine(database_url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as connection:
            return connection.scalar(select(func.count()).select_from(User).where(User.email == EMAIL))
    finally:
        engine.dispose()


def test_a_sign_in_commits_a_session_row_that_outlives_the_tests_own_rollback(app, auth, make_user):
    user = make_user("focal_point", "XB", email=EMAIL)
    with app.app_context():
        # the test's own session reads first (its savepoint is open while the request runs) ...
        assert _db.session.scalar(select(func.count()).select_from(LoginSession)) == 0
        assert auth.login(user).status_code == 302
        # ... and leaving the context rolls the test's session back: the request's commit must stay
    with app.app_context():
        stored = _db.session.scalars(select(LoginSession)).all()
        assert [s.user_id for s in stored] == [user.id]


def test_two_app_contexts_of_a_test_read_in_turn_and_both_can_commit(app, db, make_user):
    user = make_user("rso_analyst", None, email=EMAIL, name="First name")
    with app.app_context():
        assert _db.session.scalar(select(func.count()).select_from(User)) == 1
        assert user.name == "First name"  # the fixture's session reads again, after this context's session
        _db.session.get(User, user.id).name = "Changed in the inner context"
        _db.session.commit()
    db.session.refresh(user)
    assert user.name == "Changed in the inner context"
    user.name = "Changed again"
    db.session.commit()
    with app.app_context():
        assert _db.session.get(User, user.id).name == "Changed again"


def test_what_a_test_commits_is_not_seen_by_other_connections(app, db, make_user, database_url):
    make_user("rso_analyst", None, email=EMAIL)
    assert db.session.scalar(select(func.count()).select_from(User).where(User.email == EMAIL)) == 1
    assert _seen_from_another_connection(database_url) == 0


def test_the_next_test_starts_from_the_shipped_members_only(db):
    assert _counts() == (0, 0, len(shipped_members()))


@pytest.mark.committed
def test_a_committed_test_writes_for_other_connections(app, db, make_user, database_url):
    make_user("rso_analyst", None, email=EMAIL)
    assert _seen_from_another_connection(database_url) == 1


def test_after_a_committed_test_the_database_is_reset(db):
    assert _counts() == (0, 0, len(shipped_members()))
