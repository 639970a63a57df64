"""Backup and restore of every table as one JSON document (``questionnaires/schemas/backup.schema.json``).

The document lists each table's rows with their primary keys, so a restore into a freshly upgraded
database gives back identical data: a backup of the restored database equals the original. Password
hashes, API token hashes and invitation token hashes are written only on request (``with_secrets``); a
restore without them leaves accounts without passwords, to be re-invited, and the backed-up invitation links
and API tokens unusable (API tokens are marked revoked). Sign-in sessions and counts of failed sign-ins are
not backed up: after a restore everyone signs in again. :func:`write` creates the file readable by its
owner only (mode 0600), as it may hold password hashes.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic.migration import MigrationContext

from assessment.extensions import db
from assessment.models import ApiToken, Invitation, LoginSession, Member, ResultsState, SignInAttempt, User, utcnow
from assessment.refusals import Refused
from questionnaires.loader import Problem, schema_problems

FORMAT = "bali-assessment-backup"
FORMAT_VERSION = 1
#: (table, column) pairs written only with secrets
SECRET_COLUMNS = {
    (User.__tablename__, "password_hash"),
    (ApiToken.__tablename__, "token_hash"),
    (Invitation.__tablename__, "token_hash"),
}


def _withheld_token_hash() -> str:
    """Stands in for a token hash a backup left out: unique, and never equal to a real (hexadecimal) hash."""
    return "withheld-" + secrets.token_hex(27)


class RestoreError(Refused):
    """A backup that cannot be restored here; ``problems`` say why (nothing was written)."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


#: tables of passing state, neither backed up nor restored
EPHEMERAL_TABLES = {LoginSession.__tablename__, SignInAttempt.__tablename__, ResultsState.__tablename__}
#: permissions of a backup file: read and write for its owner only
FILE_MODE = 0o600


def _tables() -> list[sa.Table]:
    return [table for table in db.metadata.sorted_tables if table.name not in EPHEMERAL_TABLES]


def write(document: dict[str, Any], path: Path) -> None:
    """Write a backup document to ``path`` with mode 0600, whether the file is new or replaced; nobody else
    on the machine can read it at any moment, as it is created with that mode."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    os.fchmod(descriptor, FILE_MODE)  # an existing file keeps its mode on open: set it before writing
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n")


def _encode(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    return value


def _decoder(column: sa.Column) -> Callable[[Any], Any]:
    kind = column.type.impl if isinstance(column.type, sa.TypeDecorator) else column.type
    if isinstance(kind, sa.DateTime):
        return lambda v: None if v is None else dt.datetime.fromisoformat(v)
    if isinstance(kind, sa.Date):
        return lambda v: None if v is None else dt.date.fromisoformat(v)
    return lambda v: v


def current_revision() -> str | None:
    """The schema revision, read in the session's transaction (the one a dump reads or a restore writes in)."""
    return MigrationContext.configure(db.session.connection()).get_current_revision()


def dump(with_secrets: bool = False) -> dict[str, Any]:
    """Every row of every table, ordered by primary key."""
    tables: dict[str, list[dict[str, Any]]] = {}
    for table in _tables():
        order = [column for column in table.primary_key.columns]
        rows = db.session.execute(sa.select(table).order_by(*order)).mappings()
        out = []
        for row in rows:
            item = {}
            for column in table.columns:
                if not with_secrets and (table.name, column.name) in SECRET_COLUMNS:
                    item[column.name] = None
                else:
                    item[column.name] = _encode(row[column.name])
            out.append(item)
        tables[table.name] = out
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "created_at": utcnow().isoformat(),
        "schema_revision": current_revision(),
        "with_secrets": with_secrets,
        "tables": tables,
    }


def check(document: Any) -> list[Problem]:
    """Schema problems of a backup document, with their JSON paths."""
    return schema_problems("backup", document)


def _only_shipped_members() -> list[str]:
    """A restore target must be freshly upgraded: members, and nothing else, may be there."""
    problems = []
    for table in _tables():
        if table.name == Member.__tablename__:
            continue
        count = db.session.scalar(sa.select(sa.func.count()).select_from(table))
        if count:
            problems.append(f"the database is not empty: table {table.name} has {count} row(s); restore needs a "
                            "freshly upgraded database (assessment db upgrade)")
    return problems


def restore(document: dict[str, Any]) -> dict[str, int]:
    """Replace the database's contents with a backup, in one transaction (the caller commits).

    :returns: rows restored per table
    :raises RestoreError: for a malformed backup, another schema revision or a database that is not fresh
    """
    problems = [str(p) for p in check(document)]
    if problems:
        raise RestoreError(problems)
    revision = current_revision()
    if document["schema_revision"] != revision:
        raise RestoreError([f"the backup is of schema revision {document['schema_revision']}, the database is at "
                            f"{revision}; upgrade or downgrade one of them first"])
    known = {t.name for t in _tables()}
    unknown = sorted(set(document["tables"]) - known)
    if unknown:
        raise RestoreError([f"unknown table(s) in the backup: {', '.join(unknown)}"])
    problems = _only_shipped_members()
    if problems:
        raise RestoreError(problems)

    counts: dict[str, int] = {}
    db.session.execute(sa.delete(Member.__table__))
    for table in _tables():
        rows = document["tables"].get(table.name, [])
        decoders = {c.name: _decoder(c) for c in table.columns}
        self_refs = [fk.parent.name for fk in table.foreign_keys if fk.column.table is table]
        prepared = []
        for row in rows:
            values = {name: decoders[name](row.get(name)) for name in decoders if name in row}
            if (table.name, "token_hash") in SECRET_COLUMNS and values.get("token_hash") is None:
                # a backup without secrets: the link or token cannot work again, but its row is kept
                values["token_hash"] = _withheld_token_hash()
                if table.name == ApiToken.__tablename__ and values.get("revoked_at") is None:
                    values["revoked_at"] = utcnow()
            prepared.append(values)
        if prepared:
            first_pass = [{k: (None if k in self_refs else v) for k, v in r.items()} for r in prepared]
            db.session.execute(sa.insert(table), first_pass)
            pk = [c.name for c in table.primary_key.columns]
            for values in prepared:
                if any(values.get(column) is not None for column in self_refs):
                    # every column again, so that onupdate defaults (updated_at) keep the backed-up values
                    where = [table.c[k] == values[k] for k in pk]
                    rest = {k: v for k, v in values.items() if k not in pk}
                    db.session.execute(sa.update(table).where(*where).values(rest))
        counts[table.name] = len(prepared)
    _reset_sequences()
    db.session.flush()
    return counts


def _reset_sequences() -> None:
    """After inserting explicit ids, PostgreSQL's sequences must continue above them."""
    if db.engine.dialect.name != "postgresql":
        return
    for table in _tables():
        pk = list(table.primary_key.columns)
        if len(pk) != 1 or not isinstance(pk[0].type, sa.Integer):
            continue
        column = pk[0]
        sequence = db.session.scalar(sa.text("SELECT pg_get_serial_sequence(:t, :c)"),
                                     {"t": f'"{table.name}"', "c": column.name})
        if sequence:
            # table and column names come from our own metadata, never from input
            highest = f'COALESCE((SELECT MAX("{column.name}") FROM "{table.name}"), 0) + 1'  # noqa: S608
            statement = sa.text(f"SELECT setval(:s, {highest}, false)")
            db.session.execute(statement, {"s": sequence})
