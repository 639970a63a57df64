"""Pooled PostgreSQL connections that the server closed are replaced before a request uses them (SQLAlchemy's
pre-ping)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from tests.resources import require_postgres


@pytest.mark.postgres
@pytest.mark.committed  # the pool's own connections
def test_a_connection_the_server_terminated_is_replaced_unseen(app, client, db, auth, make_user):
    require_postgres()
    auth.login(make_user("rso_analyst", None))
    assert client.get("/").status_code == 200
    engine = db.engine
    with engine.connect() as conn:  # the pooled connection the next request will get
        pid = conn.execute(sa.text("SELECT pg_backend_pid()")).scalar_one()
    admin = sa.create_engine(engine.url, poolclass=sa.pool.NullPool)
    with admin.connect() as conn:
        # waits (up to 5 s) until the backend has gone, as after a server restart
        assert conn.execute(sa.text("SELECT pg_terminate_backend(:pid, 5000)"), {"pid": pid}).scalar_one()
    admin.dispose()
    assert client.get("/").status_code == 200
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT pg_backend_pid()")).scalar_one() != pid


def test_responses_are_compressed_for_browsers_that_accept_it(client, auth, make_user):
    auth.login(make_user("rso_analyst", None))
    page = client.get("/", headers={"Accept-Encoding": "gzip"})
    assert page.headers.get("Content-Encoding") == "gzip"
    assert "Accept-Encoding" in page.headers.get("Vary", "")
    plain = client.get("/", headers={"Accept-Encoding": "identity"})
    assert "Content-Encoding" not in plain.headers
