"""External resources the suite needs: PostgreSQL, Chromium, LibreOffice.

Under CI=true a test that needs a missing resource fails; elsewhere it is skipped with the reason.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

IN_CI = os.environ.get("CI", "").lower() == "true"
#: the worker's name when pytest-xdist runs the suite in several processes (gw0, gw1, ...), else ""
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
#: the database named by the environment, PostgreSQL as a rule (``make test`` runs one worker per core; each
#: uses its own database beside it, see :data:`TEST_DATABASE_URL`)
CONFIGURED_DATABASE_URL = os.environ.get("TEST_DATABASE_URL") or None


def worker_database_url(url: str, worker: str) -> str:
    """``url`` with the worker's name appended to its database name: ``.../test`` → ``.../test_gw0``."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    return parsed.set(database=f"{parsed.database}_{worker}").render_as_string(hide_password=False)


#: the test database of this process: the configured one, or in a worker of a parallel run a database of its
#: own beside it (created by the ``database_url`` fixture). Committed tests empty it and scratch databases are
#: named after it, so two workers never meet. Set in the environment too, for the benchmarks' code and the
#: servers the tests start.
TEST_DATABASE_URL = (worker_database_url(CONFIGURED_DATABASE_URL, WORKER) if CONFIGURED_DATABASE_URL and WORKER
                     else CONFIGURED_DATABASE_URL)
if TEST_DATABASE_URL:
    os.environ["TEST_DATABASE_URL"] = TEST_DATABASE_URL
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def missing(reason: str) -> None:
    """Fail under CI, skip elsewhere."""
    if IN_CI:
        pytest.fail(f"required resource missing under CI=true: {reason}", pytrace=False)
    pytest.skip(reason)


@contextmanager
def scratch_database(purpose: str) -> Iterator[str]:
    """A new, empty PostgreSQL database beside the test database (named after it and ``purpose``), dropped
    afterwards; yields its URL."""
    from bench.common import postgres_database

    with postgres_database(require_postgres(), purpose) as url:
        yield url


#: the two databases a test of a whole fresh database runs on (``@pytest.fixture(params=BACKENDS)``)
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


def fresh_database(backend: str, tmp_path: Path, purpose: str) -> Iterator[str]:
    """A new, empty database of ``backend`` named after ``purpose``: a SQLite file under ``tmp_path``, or a
    :func:`scratch_database`; yields its URL."""
    if backend == "sqlite":
        yield "sqlite:///" + str(tmp_path / f"{purpose}.sqlite")
        return
    with scratch_database(purpose) as url:
        yield url


def require_postgres() -> str:
    if not TEST_DATABASE_URL or not TEST_DATABASE_URL.startswith("postgresql"):
        missing("TEST_DATABASE_URL is not set to a PostgreSQL URL")
    return TEST_DATABASE_URL  # type: ignore[return-value]


def require_chromium() -> str:
    if not (os.path.exists(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        missing(f"Chromium not found at {CHROMIUM}")
    return CHROMIUM


def require_libreoffice() -> str:
    path = shutil.which("libreoffice") or shutil.which("soffice")
    if not path:
        missing("LibreOffice (libreoffice or soffice) is not on PATH")
    return path  # type: ignore[return-value]


def require_libreoffice_writer() -> str:
    """LibreOffice with its word processor (Debian's libreoffice-writer-nogui), to open .docx files."""
    path = require_libreoffice()
    program = os.path.dirname(os.path.realpath(path))
    if not any(os.path.exists(os.path.join(where, "libswlo.so"))
               for where in (program, "/usr/lib/libreoffice/program")):
        missing("LibreOffice Writer is not installed (Debian: libreoffice-writer-nogui)")
    return path
