"""Pooled PostgreSQL connections that the server closed are replaced before a request uses them, with no
query sent to check them."""

from __future__ import annotations

import socket

import pytest
import sqlalchemy as sa
from sqlalchemy import event

from assessment.database import idle_connection_problem
from tests.resources import require_postgres


class _Closed:
    closed = True


class _Open:
    closed = False
    broken = False

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock

    def fileno(self) -> int:
        return self.sock.fileno()


def test_an_idle_socket_with_something_to_read_is_not_used():
    ours, theirs = socket.socketpair()
    try:
        assert idle_connection_problem(_Open(ours)) is None
        theirs.sendall(b"E")  # the server said something (an error, a goodbye) to an idle connection
        assert "closing" in idle_connection_problem(_Open(ours))
        theirs.close()
        assert idle_connection_problem(_Open(ours)) is not None
    finally:
        ours.close()
    assert idle_connection_problem(_Closed()) == "the connection is closed"


@pytest.mark.postgres
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
    statements: list[str] = []

    def seen(_conn, _cursor, statement, *_rest):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", seen)
    try:
        assert client.get("/").status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    assert statements  # the page did read the database, on a new connection
    assert not any(s.strip().upper() == "SELECT 1" for s in statements)
