"""All or nothing: an import, a submit, a cycle opening or a restore that fails half-way (a fault injected
here) leaves the database exactly as it was."""

from __future__ import annotations

import json

import pytest
from alembic import command

from assessment.audit import Actor
from assessment.cli import main
from assessment.extensions import db as _db
from assessment.extensions import migrate
from assessment.models import Assessment
from assessment.responses import operations
from assessment.services.backup import dump
from assessment.services.members import load_members


class Fault(RuntimeError):
    """The injected failure."""


def fail_on_call(monkeypatch, module, name: str, on_call: int) -> list[int]:
    """Make ``module.name`` raise :class:`Fault` on its ``on_call``-th call (earlier calls go through)."""
    original = getattr(module, name)
    calls = [0]

    def wrapper(*args, **kwargs):
        calls[0] += 1
        if calls[0] == on_call:
            raise Fault(f"injected fault in {name}, call {on_call}")
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, wrapper)
    return calls


def state() -> dict:
    _db.session.rollback()
    document = dump(with_secrets=True)
    document.pop("created_at")
    return document


def test_import_failing_half_way_changes_nothing(db, monkeypatch, make_user, make_assessment):
    from assessment.services.imports import apply_import, incoming_from_document, plan_import

    assessment = make_assessment("XA", answers={"tip_consent": {"value": "largely"}})
    focal = make_user("focal_point", "XA")
    document = {"answers": {
        "tip_consent": {"value": "in_place", "version": 1},
        "tip_attempt": {"value": "partially"},
        "ml_predicates": {"value": "largely"},
        "ext_nationals": {"value": "not_in_place"},
    }}
    questionnaire = operations.questionnaire_of(assessment)
    plan = plan_import(assessment, incoming_from_document(document), questionnaire)
    assert len(plan.changes) == 4
    before = state()
    calls = fail_on_call(monkeypatch, operations, "record", 3)
    with pytest.raises(Fault):
        apply_import(db.session.get(Assessment, assessment.id), plan, Actor(focal))
    assert calls[0] == 3  # two changes had gone through before the fault
    assert state() == before


def test_submit_failing_half_way_changes_nothing(client, auth, db, monkeypatch, make_user, make_assessment):
    assessment = make_assessment("XA", answers={"tip_consent": {"value": "largely"}})
    auth.login(make_user("focal_point", "XA"))
    before = state()
    # the snapshot is added, then recording the status change fails
    fail_on_call(monkeypatch, operations, "record", 1)
    response = client.post(f"/assessments/{assessment.id}/submit")
    assert response.status_code == 500
    assert "Nothing you entered was lost" in response.get_data(as_text=True)
    assert state() == before


def test_cycle_opening_failing_half_way_changes_nothing(db, monkeypatch, make_user, sample_installed):
    from assessment.admin import operations as admin_operations

    admin = make_user("admin", None)
    before = state()
    calls = fail_on_call(monkeypatch, admin_operations, "record", 10)
    with pytest.raises(Fault):
        admin_operations.open_cycle("2027", "Cycle 2027", "sample", 1, Actor(admin))
    assert calls[0] == 10  # nine drafts had been created
    assert state() == before


def test_restore_failing_half_way_changes_nothing(db, monkeypatch, make_user, make_assessment, make_app, runner,
                                                  tmp_path):
    import assessment.services.backup as backup

    make_assessment("XA", answers={"tip_consent": {"value": "largely"}})
    make_user("focal_point", "XA")
    out = tmp_path / "backup.json"
    assert runner.invoke(main, ["backup", "-o", str(out), "--with-secrets"]).exit_code == 0
    target = make_app(DATABASE_URL="sqlite:///" + str(tmp_path / "fresh.sqlite"))
    with target.app_context():
        command.upgrade(migrate.get_config(), "head")
        load_members()
        _db.session.commit()
        before = state()
        # every table is written, then the last step fails
        monkeypatch.setattr(backup, "_reset_sequences", lambda: (_ for _ in ()).throw(Fault("injected")))
        result = target.test_cli_runner().invoke(main, ["restore", str(out)])
        assert isinstance(result.exception, Fault)
        assert state() == before
        assert len(json.loads(out.read_text())["tables"]["member"]) > 45
