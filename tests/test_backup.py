"""Backup and restore: a backup of the restored database equals the original; bad backups change nothing."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa
from alembic import command

from assessment.audit import Actor
from assessment.auth import operations as auth_operations
from assessment.cli import main
from assessment.extensions import db as _db
from assessment.extensions import migrate
from assessment.models import ApiToken, Assessment, Invitation, User
from assessment.profile.operations import create_token
from assessment.responses import operations
from assessment.services.backup import dump
from assessment.services.members import load_members
from tests.resources import BACKENDS, fresh_database


@pytest.fixture(params=BACKENDS)
def fresh_url(request, tmp_path):
    """A second, freshly upgraded database (with the shipped member list) to restore into."""
    yield from fresh_database(request.param, tmp_path, "restore")


def _upgraded_app(make_app, url: str):
    """An app on the database at ``url``, upgraded to the newest schema with the shipped member list, as
    ``assessment db upgrade`` leaves a new database: what a restore goes into."""
    app = make_app(DATABASE_URL=url)
    with app.app_context():
        command.upgrade(migrate.get_config(), "head")
        load_members()
        _db.session.commit()
    return app


@pytest.fixture
def populated(db, make_user, make_assessment, make_cycle):
    focal = make_user("focal_point", "XA", name="Focal Ä")
    analyst = make_user("rso_analyst", None)
    first = make_assessment("XA", cycle="2024", answers={
        "tip_consent": {"value": "in_place", "citations": [{"act": "Penal Code", "status": "in_force", "year": 2010}]},
        "tip_acts": {"value": ["recruitment"], "unknown_components": ["transport"]},
        "tip_attempt": {"precluded": True, "justification": "Not a concept of our law."},
    })
    operations.submit(first, Actor(focal))
    operations.comment(first, Actor(analyst), "=cmd|' /C calc'!A0 stays text", "tip_consent")
    operations.validate(first, Actor(analyst))
    second = make_assessment("XA", cycle="2026", answers={"tip_consent": {"value": "largely"}})
    second.prefilled_from_id = first.id
    _db.session.commit()
    return focal


def _without_stamp(document):
    return {k: v for k, v in document.items() if k != "created_at"}


def test_backup_restore_backup_is_identical(fresh_url, populated, runner, make_app, tmp_path):
    original = tmp_path / "original.json"
    result = runner.invoke(main, ["backup", "-o", str(original), "--with-secrets"])
    assert result.exit_code == 0, result.output
    before = json.loads(original.read_text())
    assert before["tables"]["user"][0]["password_hash"].startswith("scrypt:")
    assert len(before["tables"]["answer"]) == 4
    # read it now: inside the other app's context this session would borrow that app's connections
    email = populated.email

    target = _upgraded_app(make_app, fresh_url)
    with target.app_context():  # commands run in the current app context when one is pushed
        result = target.test_cli_runner().invoke(main, ["restore", str(original)])
        assert result.exit_code == 0, result.output
        after = json.loads(json.dumps(dump(with_secrets=True)))
        for name, rows in before["tables"].items():
            assert after["tables"][name] == rows, name
        assert _without_stamp(after) == _without_stamp(before)
        # the restored database keeps working: new rows get new ids, a restored account signs in
        user = _db.session.scalar(sa.select(User).where(User.email == email))
        assert user.name == "Focal Ä"
        added = Assessment(member_id=after["tables"]["member"][0]["id"], cycle_id=after["tables"]["cycle"][1]["id"],
                           questionnaire_id="sample", questionnaire_version=1)
        _db.session.add(added)
        _db.session.commit()
        assert added.id == max(row["id"] for row in before["tables"]["assessment"]) + 1
    client = target.test_client()
    response = client.post("/auth/login", data={"email": email, "password": "correct-horse-battery"})
    assert response.status_code == 302


def test_backup_without_secrets_leaves_hashes_out(populated, runner, tmp_path):
    out = tmp_path / "plain.json"
    assert runner.invoke(main, ["backup", "-o", str(out)]).exit_code == 0
    document = json.loads(out.read_text())
    assert document["with_secrets"] is False
    assert all(row["password_hash"] is None for row in document["tables"]["user"])


def test_a_backup_without_secrets_restores_with_links_and_tokens_unusable(fresh_url, populated, runner, make_app,
                                                                        tmp_path):
    link = auth_operations.invite(populated)
    _row, token = create_token(populated, "reports", Actor(populated))
    _db.session.commit()
    out = tmp_path / "plain.json"
    assert runner.invoke(main, ["backup", "-o", str(out)]).exit_code == 0
    before = json.loads(out.read_text())

    target = _upgraded_app(make_app, fresh_url)
    with target.app_context():
        result = target.test_cli_runner().invoke(main, ["restore", str(out)])
        assert result.exit_code == 0, result.output
        after = json.loads(json.dumps(dump()))
        for name in ("user", "assessment", "answer", "audit_event"):
            assert after["tables"][name] == before["tables"][name], name
        assert _db.session.scalar(sa.select(sa.func.count()).select_from(Invitation)) == 1
        restored_token = _db.session.scalar(sa.select(ApiToken))
        assert restored_token.name == "reports"
        assert restored_token.revoked_at is not None
    client = target.test_client()
    assert client.get(link.split("5000", 1)[-1]).status_code == 404
    assert client.get("/api/v1/members", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_restore_refuses_a_database_that_is_not_fresh(populated, runner, tmp_path, db):
    out = tmp_path / "b.json"
    runner.invoke(main, ["backup", "-o", str(out)])
    before = _without_stamp(dump(with_secrets=True))
    result = runner.invoke(main, ["restore", str(out)])
    assert result.exit_code == 1
    assert "the database is not empty" in result.output
    db.session.rollback()
    assert _without_stamp(dump(with_secrets=True)) == before


@pytest.mark.parametrize(("mutate", "message"), [
    (lambda d: d.update(format="other"), "$.format"),
    (lambda d: d["tables"].pop("answer"), "'answer' is a required property"),
    (lambda d: d.update(schema_revision="0000"), "schema revision 0000"),
    (lambda d: d["tables"].update(ghosts=[]), "unknown table(s) in the backup: ghosts"),
])
def test_bad_backups_are_refused_with_a_reason(populated, runner, tmp_path, make_app, mutate, message):
    out = tmp_path / "b.json"
    runner.invoke(main, ["backup", "-o", str(out)])
    document = json.loads(out.read_text())
    mutate(document)
    out.write_text(json.dumps(document))
    empty = _upgraded_app(make_app, "sqlite:///" + str(tmp_path / "empty.sqlite"))
    with empty.app_context():
        result = empty.test_cli_runner().invoke(main, ["restore", str(out)])
        assert result.exit_code == 1
        assert message in result.output
        assert _db.session.scalar(sa.select(sa.func.count()).select_from(Assessment)) == 0
        assert _db.session.scalar(sa.text("SELECT count(*) FROM member")) == 45


def test_backups_are_readable_by_their_owner_only(populated, runner, tmp_path):
    import os
    import stat

    from assessment.auth.operations import start_session

    start_session(populated)  # sessions are passing state: never backed up
    _db.session.commit()
    target = tmp_path / "backup.json"
    target.write_text("an older file, readable by all")
    os.chmod(target, 0o644)
    result = runner.invoke(main, ["backup", "-o", str(target), "--with-secrets"])
    assert result.exit_code == 0, result.output
    assert "readable by its owner only (mode 0600)" in result.output
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    document = json.loads(target.read_text())
    assert document["tables"]["user"][0]["password_hash"].startswith("scrypt:")
    assert "login_session" not in document["tables"]
    assert "sign_in_attempt" not in document["tables"]
    fresh = tmp_path / "new.json"
    assert runner.invoke(main, ["backup", "-o", str(fresh)]).exit_code == 0
    assert stat.S_IMODE(os.stat(fresh).st_mode) == 0o600
