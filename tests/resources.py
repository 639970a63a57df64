"""External resources the suite needs: PostgreSQL, Chromium, LibreOffice.

Under CI=true a test that needs a missing resource fails; elsewhere it is skipped with the reason.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

IN_CI = os.environ.get("CI", "").lower() == "true"
TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL") or None
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
