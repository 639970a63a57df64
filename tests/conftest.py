"""Fixtures in the flaskr style: ``app``, ``client``, ``runner``, ``auth``, ``db`` and factories.

The database is SQLite by default and PostgreSQL when ``TEST_DATABASE_URL`` is set. The schema, the application
and the shipped member list are set up once per session. Each test then runs inside one database transaction
that is rolled back at its end: every session of the application, the test's and each request's, joins that
transaction as a savepoint (SQLAlchemy's "Joining a Session into an External Transaction" with
``join_transaction_mode="create_savepoint"``), so code under test commits as usual and the next test still
starts from the shipped members only. Any setting a test changes is put back afterwards.

A test whose data must be really committed (seen from another connection, thread or process: browser tests
through ``live_server``, which are marked so automatically, concurrency, the connection pool, statement counts)
is marked ``@pytest.mark.committed``: it runs on the real database, which is emptied and given the shipped
members again afterwards. Served, migration and restore tests use scratch databases of their own. Should a
test leave rows behind on the test database anyway, the next test that uses ``app`` starts by resetting it.

``make test`` runs the tests in several worker processes (pytest-xdist): each worker has its own database (a
SQLite file in its temporary folder, or ``<test database>_gw0``... on PostgreSQL, see tests/resources.py), and
:func:`share_out` decides which tests stay together on one worker.
"""

from __future__ import annotations

import contextvars
import json
import weakref
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from assessment import create_app
from assessment.extensions import db as _db
from assessment.services.members import load_members, shipped_members
from tests.resources import CONFIGURED_DATABASE_URL, IN_CI, TEST_DATABASE_URL

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLE_QUESTIONNAIRE = FIXTURES / "sample_questionnaire.json"


class IsolatedClient(FlaskClient):
    """Each request runs in a fresh context, as in production: its own app context, ``g`` and database
    session, even while a test holds an app context open for its own queries."""

    def open(self, *args, **kwargs):
        if TestTransaction.current is not None:
            TestTransaction.current.settle()
        return contextvars.Context().run(super().open, *args, **kwargs)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    if TEST_DATABASE_URL:
        engine = sa.create_engine(CONFIGURED_DATABASE_URL, isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as connection:
                if TEST_DATABASE_URL != CONFIGURED_DATABASE_URL and connection.dialect.name == "postgresql":
                    ensure_database(connection, sa.engine.make_url(TEST_DATABASE_URL).database)
        except sa.exc.OperationalError as exc:
            pytest.exit(f"TEST_DATABASE_URL is set but PostgreSQL is not reachable: {exc}", returncode=3)
        finally:
            engine.dispose()
        return TEST_DATABASE_URL
    if IN_CI:
        pytest.exit("CI=true needs TEST_DATABASE_URL (PostgreSQL); .ci/run sets it", returncode=3)
    return "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.sqlite")


def ensure_database(connection: sa.Connection, name: str) -> None:
    """Create the PostgreSQL database ``name`` on ``connection``'s server unless it exists (a worker's own test
    database, kept for the next run like the configured one)."""
    found = connection.scalar(sa.text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name})
    if not found:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))


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
    """One application for the whole session (building one registers every blueprint and route), on tables
    holding the shipped members only."""
    app = create_app({**TEST_SETTINGS, "DATABASE_URL": database_url})
    app.test_client_class = IsolatedClient
    with app.app_context():
        # a session bound to a connection that is in a transaction makes each of its own transactions a
        # savepoint: commit releases it, rollback returns to it (no effect while bound to the engine)
        _db.session.configure(join_transaction_mode="create_savepoint")
        reset_database()
    watch_sessions(app)
    yield app
    with app.app_context():
        _db.session.remove()
        empty_tables()
        _db.engine.dispose()


def reset_database() -> None:
    """Empty tables plus the shipped member list, committed: the state every test starts from."""
    empty_tables()
    load_members()
    _db.session.commit()
    _db.session.remove()


def _left_behind() -> int:
    """How far the database is from the shipped members alone (one statement): non-zero when a write outside
    any test transaction left rows behind (the results state's one row, which a write makes, aside)."""
    counts = [sa.select(sa.func.count()).select_from(t).scalar_subquery()
              for t in _db.metadata.sorted_tables if t.name not in ("member", "results_state")]
    members = sa.select(sa.func.count()).select_from(_db.metadata.tables["member"]).scalar_subquery()
    shipped = len(shipped_members())
    return _db.session.scalar(sa.select(sa.func.abs(members - shipped) + sum(counts[1:], counts[0])))


class TestTransaction:
    """The connection and outer transaction of one test; applications on the test database are pointed at
    this connection (through their ``db.engines`` mapping) until the test ends.

    Every session on the connection (the test's, one per app context it opens, and each request's) holds its
    own savepoint, and savepoints only end in the reverse order of their start: releasing or rolling back one
    ends the later ones too. So before a request, and before a session commits or its app context ends, the
    savepoints opened after it are ended first, committed when their session holds no unflushed change (it was
    reading) and keeping its objects loaded as they are. A request then commits as it would on a connection of
    its own, and a later rollback of the test's session cannot undo it.
    """

    current: TestTransaction | None = None

    def __init__(self, engine: sa.Engine):
        self.connection = engine.connect()
        if self.connection.dialect.name == "sqlite":
            # Python's sqlite3 opens a transaction only before a write, and SAVEPOINT outside one would commit on
            # release: let SQLAlchemy's statements alone control it (an explicit BEGIN below)
            self.connection.execution_options(isolation_level="AUTOCOMMIT")
        self.transaction = self.connection.begin()
        if self.connection.dialect.name == "sqlite":
            self.connection.exec_driver_sql("BEGIN")
        self.joined: list[tuple[dict, sa.Engine]] = []
        #: sessions with a savepoint open on the connection, in the order they opened it
        self.open: list[Session] = []

    def join(self, app) -> None:
        """Route ``app``'s sessions through this test's connection (``app`` must use the test database)."""
        watch_sessions(app)
        with app.app_context():
            engines = _db.engines
            _db.session.remove()
            self.joined.append((engines, engines[None]))
            engines[None] = self.connection  # type: ignore[index]

    def settle(self, session: Session | None = None) -> None:
        """End the savepoints opened after ``session``'s (all of them when ``None``), the latest first."""
        later = self.open[self.open.index(session) + 1:] if session in self.open else []
        for other in reversed(list(self.open) if session is None else later):
            if other.new or other.dirty or other.deleted:
                return  # changes not yet flushed are the test's to commit or drop
            keep, other.expire_on_commit = other.expire_on_commit, False
            try:
                other.commit()
            finally:
                other.expire_on_commit = keep

    def end(self) -> None:
        for engines, engine in reversed(self.joined):
            engines[None] = engine
        self.transaction.rollback()
        self.connection.close()


_watched: weakref.WeakSet = weakref.WeakSet()


def watch_sessions(app) -> None:
    """Once per application: settle later savepoints before an app context's session is removed."""
    if app in _watched:
        return
    _watched.add(app)

    @app.teardown_appcontext
    def settle_later_savepoints(_exception):
        if TestTransaction.current is not None and _db.session.registry.has():
            TestTransaction.current.settle(_db.session())


@sa.event.listens_for(Session, "after_begin")
def _savepoint_opened(session: Session, transaction, connection: sa.Connection) -> None:
    test = TestTransaction.current
    if test is not None and connection is test.connection and session not in test.open:
        test.open.append(session)


@sa.event.listens_for(Session, "after_transaction_end")
def _savepoint_ended(session: Session, transaction) -> None:
    test = TestTransaction.current
    if test is not None and transaction.parent is None and session in test.open:
        test.open.remove(session)


@sa.event.listens_for(Session, "before_commit")
def _commit_after_later_savepoints(session: Session) -> None:
    if TestTransaction.current is not None:
        TestTransaction.current.settle(session)


def join_test_transaction(app) -> None:
    """Another application on the test database (e.g. with CSRF on) shares the running test's transaction, so
    it sees the test's data and its writes are rolled back with them. Nothing to do in a committed test."""
    if TestTransaction.current is not None:
        TestTransaction.current.join(app)


#: markers of tests that start something costly (a server, Chromium, LibreOffice, a benchmark, a database)
COSTLY = ("committed", "served", "browser", "libreoffice", "bench", "postgres")


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the xdist_group marks
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # a served application (live_server) reads through its own connections: such tests commit for real
    for item in items:
        if "live_server" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.committed)
    if hasattr(config, "workerinput"):
        share_out(items)


def share_out(items: list[pytest.Item]) -> None:
    """In a parallel run (``make test``: pytest-xdist, ``--dist loadgroup``), keep each module that has a costly
    test on one worker, so its module-scoped server, conversions or data are made once and its tests run in
    their written order, and hand those modules out first: the long pieces first, the short ones last, keeps
    the workers busy to the end. The other tests each run in a transaction of their own and are handed out one
    by one. Every worker collects the same list, so every worker computes the same order.

    Workers are told which tests to run by node id: two tests with one node id would run once."""
    seen: set[str] = set()
    for item in items:
        if item.nodeid in seen:
            raise pytest.UsageError(f"two tests have the node id {item.nodeid}: a parallel run would run one")
        seen.add(item.nodeid)
    costly = {item.path for item in items if any(item.get_closest_marker(name) for name in COSTLY)}
    for item in items:
        if item.path in costly and item.get_closest_marker("xdist_group") is None:
            item.add_marker(pytest.mark.xdist_group(item.path.stem))
    items.sort(key=lambda item: item.path not in costly)


@pytest.fixture(scope="module")
def module_rows(_app):
    """For a module of committed tests that all start from the same costly data (the whole demo, say), set up
    once by a module fixture that uses this one: the database is reset before the module's first test and after
    its last, not between its tests. A test of such a module may write, but only what no other test of the
    module reads."""
    with _app.app_context():
        reset_database()
    yield
    with _app.app_context():
        reset_database()


@pytest.fixture
def app(_app, request: pytest.FixtureRequest):
    """The application, on empty tables plus the shipped member list; what the test writes is rolled back (or,
    for a ``committed`` test, emptied) afterwards; settings a test changes are put back. Tests that use
    :func:`module_rows` find the rows of their module instead, kept from test to test."""
    settings = dict(_app.config)
    committed = request.node.get_closest_marker("committed") is not None
    shared = "module_rows" in request.fixturenames
    if shared and not committed:
        pytest.fail("module_rows is for committed tests (marked committed, or using live_server)", pytrace=False)
    with _app.app_context():
        if not shared and _left_behind():
            reset_database()
        engine = _db.engine
    test = None
    if not committed:
        test = TestTransaction.current = TestTransaction(engine)
        test.join(_app)
    try:
        yield _app
    finally:
        with _app.app_context():
            _db.session.remove()
        if test is not None:
            TestTransaction.current = None
            test.end()
        elif not shared:
            with _app.app_context():
                reset_database()
        _app.config.clear()
        _app.config.update(settings)


@pytest.fixture
def make_app(database_url: str, _schema: None):
    """Another application with its own settings (e.g. CSRF on, as in production), on the test database unless
    ``DATABASE_URL`` says otherwise; on the test database it shares the test's transaction (see
    :func:`join_test_transaction`). Its connections are closed at the end of the test."""
    engines = []

    def make(**config):
        settings = {**TEST_SETTINGS, "DATABASE_URL": database_url}
        settings.update(config)
        extra = create_app(settings)
        extra.test_client_class = IsolatedClient
        with extra.app_context():
            engines.append(_db.engine)
        if settings["DATABASE_URL"] == database_url:
            join_test_transaction(extra)
        return extra

    yield make
    for engine in engines:
        engine.dispose()


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
    """The interface catalogues are compiled from their .po files (the .mo files are not kept in git): once, by
    the process that starts the run, before any worker of a parallel run starts."""
    if hasattr(config, "workerinput"):
        return
    from assessment.services.catalogues import compile_catalogues

    compile_catalogues()
