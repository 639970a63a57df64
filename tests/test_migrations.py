"""Alembic migrations: up and down on SQLite always, on PostgreSQL when TEST_DATABASE_URL is set;
the migrated schema equals the models."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from assessment import create_app
from assessment.extensions import db, migrate
from tests.resources import BACKENDS, fresh_database


@pytest.fixture(params=BACKENDS)
def migration_url(request, tmp_path):
    """A database of its own, so the shared test schema is untouched."""
    yield from fresh_database(request.param, tmp_path, "migrations")


def _diff(url: str) -> list:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, db.metadata)
    engine.dispose()
    return diff


def _tables(url: str) -> set[str]:
    engine = sa.create_engine(url)
    names = set(sa.inspect(engine).get_table_names())
    engine.dispose()
    return names


def test_upgrade_matches_models_and_downgrade_is_clean(migration_url):
    app = create_app({"TESTING": True, "DATABASE_URL": migration_url, "SECRET_KEY": "x"})
    with app.app_context():
        cfg = migrate.get_config()
        command.upgrade(cfg, "head")
        assert _diff(migration_url) == []
        assert {"member", "user", "assessment", "answer", "snapshot", "audit_event"} <= _tables(migration_url)
        command.downgrade(cfg, "base")
        assert _tables(migration_url) <= {"alembic_version"}
        command.upgrade(cfg, "head")
        assert _diff(migration_url) == []


def test_db_upgrade_then_members_sync_loads_members_idempotently(tmp_path):
    url = "sqlite:///" + str(tmp_path / "cli.sqlite")
    app = create_app({"TESTING": True, "DATABASE_URL": url, "SECRET_KEY": "x"})
    runner = app.test_cli_runner()
    from assessment.cli import main

    result = runner.invoke(main, ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert {"member", "assessment"} <= _tables(url)
    result = runner.invoke(main, ["members", "sync"])
    assert result.exit_code == 0, result.output
    assert "45 members added" in result.output
    with app.app_context():
        from assessment.models import Member

        member = db.session.scalar(sa.select(Member).where(Member.code == "NZ"))
        member.name = "Aotearoa New Zealand"
        db.session.commit()
    result = runner.invoke(main, ["members", "sync"])
    assert "0 members added" in result.output
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Member)) == 45
        assert db.session.scalar(sa.select(Member.name).where(Member.code == "NZ")) == "Aotearoa New Zealand"
