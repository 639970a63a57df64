"""Pooled PostgreSQL connections checked before use without a round trip to the server.

A connection handed out by the pool may have been closed by the server meanwhile (a restart, an idle timeout,
a terminated backend). The server says so on the socket before it closes it, so an idle connection whose
socket has anything to read is no longer one to use: the pool replaces it before the request sees it. This
costs a ``select()`` call where a pre-ping costs a query (three round trips per request).
"""

from __future__ import annotations

import select
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DisconnectionError


def idle_connection_problem(dbapi_connection: Any) -> str | None:
    """Why an idle pooled connection cannot be used, or None when it can."""
    if getattr(dbapi_connection, "closed", False) or getattr(dbapi_connection, "broken", False):
        return "the connection is closed"
    try:
        ready, _, _ = select.select([dbapi_connection.fileno()], [], [], 0)
    except (OSError, ValueError) as exc:
        return f"the connection's socket cannot be checked: {exc}"
    return "the server has closed or is closing this connection" if ready else None


def check_connections_on_checkout(engine: Engine) -> None:
    """Replace pooled connections that the server closed, before a request uses them."""

    @event.listens_for(engine, "checkout")
    def _check(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        problem = idle_connection_problem(dbapi_connection)
        if problem:
            raise DisconnectionError(problem)
