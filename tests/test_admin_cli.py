"""``assessment users create``, ``assessment cycles open|list``: output, audit and clear errors (exit 1)."""

import pytest
from sqlalchemy import func, select

from assessment.commands.admin import cycles_group, users_group
from assessment.models import User
from tests.admin_fixtures import separate_db  # noqa: F401  (fixtures)
from tests.admin_support import events, link_path, login


def test_users_create_prints_a_working_link(runner, db, app):
    result = runner.invoke(users_group, ["create", "--email", "FP@gov.example", "--role", "focal_point",
                                         "--member", "FJ", "--name", "Ana"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "created focal_point fp@gov.example for FJ (Fiji)"
    assert lines[-1].startswith("http://testserver/auth/invitation/")
    user = db.session.scalar(select(User).where(User.email == "fp@gov.example"))
    assert (user.role, user.member.code, user.name) == ("focal_point", "FJ", "Ana")
    [event] = events("user.create")
    assert (event.actor_id, event.actor_label) == (None, "cli")

    client = app.test_client()
    client.post(link_path(lines[-1]), data={"password": "scripted-pass-123", "confirm": "scripted-pass-123"})
    login(client, "fp@gov.example", "scripted-pass-123")


def test_users_create_rso_staff(runner, db):
    result = runner.invoke(users_group, ["create", "--email", "admin@rso.example", "--role", "admin"])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(User.member_id).where(User.email == "admin@rso.example")) is None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--email", "a@b.example", "--role", "superuser"], "unknown role 'superuser'"),
        (["--email", "a@b.example", "--role", "focal_point", "--member", "QQQ"], "no member has the code 'QQQ'"),
        (["--email", "a@b.example", "--role", "focal_point"], "A focal_point needs a member"),
        (["--email", "a@b.example", "--role", "admin", "--member", "FJ"], "works for the RSO and has no member"),
        (["--email", "taken@b.example", "--role", "admin"], "An account for taken@b.example already exists"),
        (["--email", "not-an-address", "--role", "admin"], "is not an e-mail address"),
    ],
)
def test_users_create_errors(runner, db, args, message):
    runner.invoke(users_group, ["create", "--email", "taken@b.example", "--role", "rso_analyst"])
    result = runner.invoke(users_group, ["create", *args])
    assert result.exit_code == 1
    assert message in result.output
    assert db.session.scalar(select(func.count()).select_from(User)) == 1


def test_cycles_list_when_empty(runner, db):
    result = runner.invoke(cycles_group, ["list"])
    assert result.exit_code == 0
    assert result.output == "no cycles\n"
