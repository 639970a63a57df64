"""Fixtures in the flaskr style: ``app``, ``client``, ``runner``, ``auth``, ``db`` and factories.

The database is SQLite by default and PostgreSQL when ``TEST_DATABASE_URL`` is set. The schema and the
application are built once per session; every test that uses the application starts from empty tables plus
the shipped member list, and any setting it changes is put back afterwards.
"""

from __future__ import annotations

import contextvars
import json
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from assessment import create_app
from assessment.extensions import db as _db
from assessment.members import load_members
from tests.resources import IN_CI, TEST_DATABASE_URL

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLE_QUESTIONNAIRE = FIXTURES / "sample_questionnaire.json"


class IsolatedClient(FlaskClient):
    """Each request runs in a fresh context, as in production: its own app context, ``g`` and database
    session, even while a test holds an app context open for its own queries."""

    def open(self, *args, **kwargs):
        return contextvars.Context().run(super().open, *args, **kwargs)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    if TEST_DATABASE_URL:
        engine = sa.create_engine(TEST_DATABASE_URL)
        try:
            with engine.connect():
                pass
        except sa.exc.OperationalError as exc:
            pytest.exit(f"TEST_DATABASE_URL is set but PostgreSQL is not reachable: {exc}", returncode=3)
        finally:
            engine.dispose()
        return TEST_DATABASE_URL
    if IN_CI:
        pytest.exit("CI=true needs TEST_DATABASE_URL (PostgreSQL); .ci/run sets it", returncode=3)
    return "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.sqlite")


@pytest.fixture(scope="session")
def _schema(database_url: str) -> None:
    import assessment.models  # noqa: F401

    engine = sa.create_engine(database_url)
    with engine.begin() as connection:
        # every table there is, not only ours: a shared test database may hold tables of another branch that
        # refer to ours (and alembic_version from a migration test)
        existing = sa.MetaData()
        existing.reflect(connection)
        existing.drop_all(connection)
        _db.metadata.create_all(connection)
    engine.dispose()
    # the schema equals the migrations' head (tests/test_migrations.py); record that, as `db upgrade` would
    from alembic import command

    from assessment.extensions import migrate

    app = create_app({**TEST_SETTINGS, "DATABASE_URL": database_url})
    with app.app_context():
        command.stamp(migrate.get_config(), "head")
        _db.engine.dispose()


def empty_tables() -> None:
    tables = _db.metadata.sorted_tables
    if _db.engine.dialect.name == "postgresql":
        names = ", ".join(f'"{t.name}"' for t in tables)
        _db.session.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in reversed(tables):
            _db.session.execute(table.delete())
    _db.session.commit()


TEST_SETTINGS = {
    "TESTING": True,
    "SECRET_KEY": "test-secret-key",
    "WTF_CSRF_ENABLED": False,
    "BASE_URL": "http://testserver",
    "RATELIMIT_ENABLED": False,
    # a cheaper scrypt cost keeps sign-ins fast in tests; production uses the default cost
    "PASSWORD_HASH_METHOD": "scrypt:1024:8:1",
}


@pytest.fixture(scope="session")
def _app(database_url: str, _schema: None):
    """One application for the whole session (building one registers every blueprint and route)."""
    app = create_app({**TEST_SETTINGS, "DATABASE_URL": database_url})
    app.test_client_class = IsolatedClient
    yield app
    with app.app_context():
        _db.session.remove()
        empty_tables()
        _db.engine.dispose()


@pytest.fixture
def app(_app):
    """The application, on empty tables plus the shipped member list; settings a test changes are put back."""
    settings = dict(_app.config)
    with _app.app_context():
        empty_tables()
        load_members()
        _db.session.commit()
    yield _app
    with _app.app_context():
        _db.session.remove()
    _app.config.clear()
    _app.config.update(settings)


@pytest.fixture
def make_app(database_url: str, _schema: None):
    """Another application on the test database with its own settings (e.g. CSRF on, as in production);
    its connections are closed at the end of the test."""
    made = []

    def make(**config):
        settings = {**TEST_SETTINGS, "DATABASE_URL": database_url}
        settings.update(config)
        extra = create_app(settings)
        extra.test_client_class = IsolatedClient
        made.append(extra)
        return extra

    yield make
    for extra in made:
        with extra.app_context():
            _db.engine.dispose()


@pytest.fixture
def db(app):
    with app.app_context():
        yield _db


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def sample_document() -> dict:
    return json.loads(SAMPLE_QUESTIONNAIRE.read_text(encoding="utf-8"))


pytest_plugins = ["tests.factories", "tests.browser_support"]


def pytest_configure(config: pytest.Config) -> None:
    """The interface catalogues are compiled from their .po files (the .mo files are not kept in git)."""
    from assessment.catalogues import compile_catalogues

    compile_catalogues()
