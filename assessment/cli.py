"""The ``assessment`` command: every command-line operation of the toolkit in one Flask CLI group."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import FlaskGroup, with_appcontext

from assessment import MIN_SECRET_KEY_LENGTH, create_app, secret_key_problem
from assessment.commands.admin import cycles_group, users_group
from assessment.commands.exports import answers_group, export_group, import_group
from assessment.commands.maintenance import backup_command, restore_command
from assessment.commands.scoring import score_command, sensitivity_command
from assessment.extensions import db

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"
#: what the development server answers in its Server header
SERVER_NAME = "assessment"


def _create_app(*_args: object) -> object:
    return create_app()


main = FlaskGroup(create_app=_create_app, help="Legislative self-assessment toolkit.")


@click.pass_context
def _guarded_run(ctx: click.Context, **kwargs: object) -> None:
    from flask.cli import ScriptInfo, run_command
    from flask.helpers import get_debug_flag

    app = ctx.ensure_object(ScriptInfo).load_app()
    problem = secret_key_problem(app)
    if problem and not get_debug_flag():
        raise click.ClickException(f"{problem}. For development only, use --debug instead.")
    _plain_server_header()
    ctx.invoke(run_command, **kwargs)


def _plain_server_header() -> None:
    """The development server names itself "assessment" in the Server header, without Werkzeug's and
    Python's versions. ``version_string`` is the documented hook of :class:`http.server.BaseHTTPRequestHandler`
    for that header; the development server's handler inherits it."""
    from werkzeug.serving import WSGIRequestHandler

    WSGIRequestHandler.version_string = lambda self: SERVER_NAME  # type: ignore[method-assign]


def _run_command() -> click.Command:
    from flask.cli import run_command

    return click.Command("run", callback=_guarded_run, params=list(run_command.params),
                         help="Run the development server (refuses to serve without an ASSESSMENT_SECRET_KEY of "
                              f"at least {MIN_SECRET_KEY_LENGTH} characters unless --debug).",
                         short_help="Run the development server.")


main.add_command(_run_command())


# --------------------------------------------------------------------------- db


def alembic_config(url: str | None = None):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("file_template", "%%(year)d%%(month).2d%%(day).2d_%%(rev)s_%%(slug)s")
    cfg.set_main_option("sqlalchemy.url", (url or current_app.config["SQLALCHEMY_DATABASE_URI"]).replace("%", "%%"))
    return cfg


@main.group("db")
def db_group() -> None:
    """Database schema (Alembic migrations) and the member list."""


@db_group.command("upgrade")
@click.argument("revision", default="head")
@with_appcontext
def db_upgrade(revision: str) -> None:
    """Migrate the database to REVISION (default: head) and add missing shipped members."""
    from alembic import command

    from assessment.members import load_members

    command.upgrade(alembic_config(), revision)
    added = load_members()
    db.session.commit()
    click.echo(f"database at {revision}; {added} member(s) added")


@db_group.command("downgrade")
@click.argument("revision")
@with_appcontext
def db_downgrade(revision: str) -> None:
    """Migrate the database down to REVISION (e.g. -1 or base)."""
    from alembic import command

    command.downgrade(alembic_config(), revision)
    click.echo(f"database at {revision}")


@db_group.command("current")
@with_appcontext
def db_current() -> None:
    """Show the database's migration revision."""
    from alembic import command

    command.current(alembic_config(), verbose=False)


@db_group.command("revision")
@click.option("-m", "--message", required=True)
@click.option("--autogenerate/--empty", default=True)
@with_appcontext
def db_revision(message: str, autogenerate: bool) -> None:
    """Write a new migration, compared against the models unless --empty."""
    from alembic import command

    command.revision(alembic_config(), message=message, autogenerate=autogenerate)


# --------------------------------------------------------------------------- questionnaires


@main.group("questionnaires")
def questionnaires_group() -> None:
    """Validate questionnaires and catalogues; report element coverage."""


@questionnaires_group.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
def questionnaires_validate(paths: tuple[Path, ...]) -> None:
    """Check files against their JSON Schema and the semantic rules (default: every shipped file).

    Prints PATH: $.json.path: message for every problem and exits 1, or PATH: ok (N questions).
    """
    from questionnaires.loader import shipped_files, validate_file

    failed = False
    for path in paths or tuple(shipped_files()):
        report = validate_file(path)
        failed = failed or not report.ok
        for line in report.lines():
            click.echo(line)
    sys.exit(1 if failed else 0)


@questionnaires_group.command("coverage")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option("--questionnaire", "path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A questionnaire file (default: the newest shipped version).")
def questionnaires_coverage(as_json: bool, path: Path | None) -> None:
    """Which catalogue elements are tested by at least one scored question."""
    from questionnaires.coverage import coverage
    from questionnaires.loader import DefinitionError, default_elements, load_questionnaire, shipped_questionnaires

    if path is None:
        shipped = shipped_questionnaires()
        if not shipped:
            raise click.ClickException("no questionnaire is shipped under questionnaires/data/")
        path = shipped[max(shipped, key=lambda key: (key[0] != "sample", key[1]))]
    try:
        questionnaire = load_questionnaire(path)
    except DefinitionError as exc:
        for problem in exc.problems:
            click.echo(f"{exc.source}: {problem}", err=True)
        sys.exit(1)
    result = coverage(questionnaire, default_elements())
    if as_json:
        click.echo(json.dumps(result.as_json(), indent=2))
        return
    click.echo(f"{questionnaire.id} v{questionnaire.version}: "
               f"{result.required_covered} of {result.required_total} required elements tested")
    for section in result.sections:
        click.echo(f"  {section.section} {section.title}: {len(section.covered)} tested"
                   + (f"; not tested: {', '.join(section.uncovered)}" if section.uncovered else ""))
    if result.uncovered_required:
        click.echo("required elements not tested: " + ", ".join(result.uncovered_required))


# --------------------------------------------------------------------------- demo


def served_address(host: str, port: int) -> str:
    """The address to open in a browser for a server started with ``run --host HOST --port PORT``."""
    if host in ("", "0.0.0.0", "::"):  # noqa: S104  (every interface: this machine answers on the loopback)
        host = "127.0.0.1"
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}:{port}"


@main.command("demo")
@click.option("--host", help="The host the demo will be served on (`assessment run --host`), for the address "
                             "printed; default: the address in ASSESSMENT_BASE_URL.")
@click.option("--port", type=click.IntRange(1, 65535), help="The port it will be served on (`assessment run "
                                                           "--port`); default: the one in ASSESSMENT_BASE_URL.")
@with_appcontext
def demo_command(host: str | None, port: int | None) -> None:
    """Load demo data (fictional jurisdictions only) and print the address and the demo sign-ins."""
    from assessment.demo import load_demo

    logins = load_demo(progress=click.echo)
    db.session.commit()
    if host is None and port is None:
        base = current_app.config["BASE_URL"].rstrip("/")
    else:
        base = served_address(host or "127.0.0.1", port or 5000)
    click.echo(f"\nDemo data loaded. Open {base}/ and sign in as:")
    for login in logins:
        click.echo(f"  {login.role:<12} {login.email:<32} {login.password}   ({login.member})")
    click.echo("Every jurisdiction in the demo is fictional.\n")


# --------------------------------------------------------------------------- commands of the other areas

main.add_command(score_command)
main.add_command(sensitivity_command)
main.add_command(users_group)
main.add_command(cycles_group)
main.add_command(backup_command)
main.add_command(restore_command)
main.add_command(export_group)
main.add_command(import_group)
main.add_command(answers_group)

from assessment.commands import compare as _compare_commands  # noqa: E402  (registered after the groups above)
from assessment.commands import resources as _resources_commands  # noqa: E402  (likewise)
from assessment.commands import standards as _standards_commands  # noqa: E402  (likewise)

_compare_commands.register(main)
_resources_commands.register(main)
_standards_commands.register(main)
