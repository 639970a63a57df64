"""The ``assessment`` command: every command-line operation of the toolkit in one Flask CLI group.

The commands live in :mod:`assessment.commands` (and ``db`` in Flask-Migrate). They are imported only when
one of them runs, so that ``assessment --help`` starts as fast as Flask itself; :data:`COMMANDS` names each
one with the short help that the list shows (a test checks it against the command's own help).
"""

from __future__ import annotations

import importlib

import click
from flask.cli import FlaskGroup, ScriptInfo, run_command

from assessment import MIN_SECRET_KEY_LENGTH, create_app, secret_key_problem

#: what the development server answers in its Server header
SERVER_NAME = "assessment"

#: command name -> ("module:attribute", short help shown by ``assessment --help``)
COMMANDS: dict[str, tuple[str, str]] = {
    "answers": ("assessment.commands.exports:answers_group",
                "Answers as JSON (the answers format): export, and import with a preview."),
    "assessments": ("assessment.commands.admin:assessments_group",
                    "Assessments: move a member's draft to a newer questionnaire version."),
    "backup": ("assessment.commands.maintenance:backup_command",
               "Write every table to one JSON file, readable by its owner only (secrets left out unless "
               "--with-secrets)."),
    "capacity": ("assessment.commands.capacity:capacity_command",
                 "Capacity and practice beside the law: figures across sharing members and law aligned, practice "
                 "thin."),
    "cycles": ("assessment.commands.admin:cycles_group",
               "Assessment cycles: open one on a questionnaire version, list them."),
    "db": ("flask_migrate.cli:db", "Perform database migrations."),
    "demo": ("assessment.commands.demo:demo_command",
             "Load demo data (fictional jurisdictions only) and print the address and the demo sign-ins."),
    "export": ("assessment.commands.exports:export_group",
               "Write workbooks and files: results, offline questionnaire, regional comparison, resources, annex."),
    "import": ("assessment.commands.exports:import_group",
               "Bring answers back in: the offline questionnaire workbook."),
    "members": ("assessment.commands.admin:members_group", "The member list shipped with the toolkit."),
    "mer": ("assessment.commands.standards:mer_group", "Published mutual-evaluation ratings (recorded by RSO staff)."),
    "questionnaires": ("assessment.commands.questionnaires:questionnaires_group",
                       "Validate questionnaires and catalogues; report element coverage."),
    "restore": ("assessment.commands.maintenance:restore_command",
                "Restore a backup into a freshly upgraded database (assessment db upgrade); all or nothing."),
    "score": ("assessment.commands.scoring:score_command",
              "Score an answers file against the questionnaire version it names."),
    "sensitivity": ("assessment.commands.scoring:sensitivity_command",
                    "How much a cycle's bands and rank positions depend on the method's parameters."),
    "translations": ("assessment.commands.translations:translations_group",
                     "Translations: export a file for translators, import it with a preview; compile the interface."),
    "users": ("assessment.commands.admin:users_group", "Accounts: create one and print its set-password link."),
}


def load_command(name: str) -> click.Command:
    module, _, attribute = COMMANDS[name][0].partition(":")
    command = getattr(importlib.import_module(module), attribute)
    assert isinstance(command, click.Command)
    return command


class AssessmentGroup(FlaskGroup):
    """Flask's CLI group with the toolkit's commands loaded on first use: listing them builds no application
    and imports none of them."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(click.Group.list_commands(self, ctx)) | set(COMMANDS))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in COMMANDS:
            return load_command(cmd_name)
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(map(len, names))  # as click's own command list
        rows = []
        for name in names:
            if name in COMMANDS:
                rows.append((name, click.Command(name, help=COMMANDS[name][1]).get_short_help_str(limit)))
            elif (command := click.Group.get_command(self, ctx, name)) is not None:
                rows.append((name, command.get_short_help_str(limit)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)


def _create_app(*_args: object) -> object:
    return create_app()


main = AssessmentGroup(create_app=_create_app, help="Legislative self-assessment toolkit.")


@click.pass_context
def _guarded_run(ctx: click.Context, **kwargs: object) -> None:
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


main.add_command(click.Command(
    "run", callback=_guarded_run, params=list(run_command.params),
    help="Run the development server (refuses to serve without an ASSESSMENT_SECRET_KEY of "
         f"at least {MIN_SECRET_KEY_LENGTH} characters unless --debug).",
    short_help="Run the development server."))
