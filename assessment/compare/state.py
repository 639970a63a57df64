"""The number that says whether what the regional pages keep still stands.

Every transaction that adds, changes or deletes an assessment, a snapshot (or its summary), a member or a cycle
through the ORM draws a new random ``results_state.stamp`` as it flushes (a SQLAlchemy ``before_flush``
listener). Writing the row locks it until the transaction ends, so the stamps follow each other in the order the
transactions commit: a page that reads the stamp sees every write made under it. A stamp is drawn, not counted,
so that one a rolled-back transaction drew (and a page inside that transaction may have read) never comes back.
What is kept across members (``compare.queries.worked_out``) and the regional pages' bodies
(``compare.views.kept_body``) are keyed by it.

Nothing in the application writes those tables around the ORM (answers and audit events are written in bulk,
and are not results); a backup is restored into a new database, whose row has a stamp of its own.
"""

from __future__ import annotations

import secrets
from itertools import chain
from typing import Any

from sqlalchemy import bindparam, event, insert, select, update
from sqlalchemy.orm import Session

from assessment.models import Assessment, Cycle, Member, ResultsState, Snapshot, SnapshotSummary

#: the rows whose writes change what the regional pages show
WATCHED = (Assessment, Snapshot, SnapshotSummary, Member, Cycle)

_TABLE = ResultsState.__table__
_DRAW = update(_TABLE).where(_TABLE.c.id == 1).values(stamp=bindparam("drawn"))
#: the stamp as it is now (no row in a database that has seen no write yet)
READ = select(_TABLE.c.stamp).where(_TABLE.c.id == 1)


def drawn() -> int:
    return secrets.randbits(62)


def init_app(app: Any) -> None:
    """Listen to every session's flushes (once per process, whichever application asks first)."""
    if not event.contains(Session, "before_flush", _draw_on_results_written):
        event.listen(Session, "before_flush", _draw_on_results_written)


def _draw_on_results_written(session: Session, flush_context: Any, instances: Any) -> None:
    # a row only set to what it held is in ``session.dirty`` too, but nothing of it is written (asked only of the
    # watched rows: a flush of many answers does not look into each)
    added_or_deleted = chain(session.new, session.deleted)
    if any(isinstance(row, WATCHED) for row in added_or_deleted) or any(
            isinstance(row, WATCHED) and session.is_modified(row) for row in session.dirty):
        connection = session.connection()
        if not connection.execute(_DRAW, {"drawn": drawn()}).rowcount:
            connection.execute(insert(_TABLE).values(id=1, stamp=drawn()))
