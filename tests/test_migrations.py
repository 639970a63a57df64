"""Alembic migrations: up and down on SQLite always, on PostgreSQL when TEST_DATABASE_URL is set;
the migrated schema equals the models."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from assessment import create_app
from assessment.cli import alembic_config
from assessment.extensions import db
from tests.resources import scratch_database


@pytest.fixture(params=["sqlite", "postgresql"])
def migration_url(request, tmp_path):
    if request.param == "sqlite":
        yield "sqlite:///" + str(tmp_path / "migrate.sqlite")
        return
    # a database of its own, so the shared test schema is untouched
    with scratch_database("migrations") as url:
        yield url


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
        cfg = alembic_config()
        command.upgrade(cfg, "head")
        assert _diff(migration_url) == []
        assert {"member", "user", "assessment", "answer", "snapshot", "audit_event"} <= _tables(migration_url)
        command.downgrade(cfg, "base")
        assert _tables(migration_url) <= {"alembic_version"}
        command.upgrade(cfg, "head")
        assert _diff(migration_url) == []


def test_db_upgrade_command_loads_members_idempotently(tmp_path):
    url = "sqlite:///" + str(tmp_path / "cli.sqlite")
    app = create_app({"TESTING": True, "DATABASE_URL": url, "SECRET_KEY": "x"})
    runner = app.test_cli_runner()
    from assessment.cli import (
        db_upgrade,
        main,  # noqa: F401  (registers nothing; commands come from the group)
    )

    result = runner.invoke(db_upgrade)
    assert result.exit_code == 0, result.output
    assert "45 member(s) added" in result.output
    with app.app_context():
        from assessment.models import Member

        member = db.session.scalar(sa.select(Member).where(Member.code == "NZ"))
        member.name = "Aotearoa New Zealand"
        db.session.commit()
    result = runner.invoke(db_upgrade)
    assert "0 member(s) added" in result.output
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Member)) == 45
        assert db.session.scalar(sa.select(Member.name).where(Member.code == "NZ")) == "Aotearoa New Zealand"
