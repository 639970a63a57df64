"""Fixtures of the administration and team tests; a module imports the ones it uses (``db`` in a context of its
own, an administrator signed in, the sample's versions 1 and 2)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from assessment.models import User
from tests.admin_support import add_version, sample_v2, separate_context, sign_in_as


@pytest.fixture(name="db")
def separate_db(app: Any, database_url: str) -> Iterator[Any]:
    """``db`` for a module whose requests must each get their own context (:func:`separate_context`); a module
    imports this to use it in place of the shared one."""
    with separate_context(database_url) as db:
        yield db


@pytest.fixture(name="admin")
def signed_in_admin(client: Any, db: Any) -> User:
    """The client signed in as an administrator, admin@rso.example."""
    return sign_in_as(client, "admin", email="admin@rso.example")


@pytest.fixture(name="versions")
def sample_versions(db: Any, sample_document: dict[str, Any]) -> None:
    """The sample questionnaire's versions 1 and 2, uploaded."""
    add_version(sample_document)
    add_version(sample_v2(sample_document))
