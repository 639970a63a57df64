"""The ``assessment`` command lists its commands without building the application or importing them, and
every listed command loads and answers ``--help``."""

from __future__ import annotations

import subprocess
import sys

import pytest
from click.testing import CliRunner

from assessment.cli import COMMANDS, load_command, main
from bench import bench_cli

HEAVY = ("sqlalchemy", "flask_sqlalchemy", "openpyxl", "alembic", "assessment.commands", "assessment.models")


def test_help_lists_every_command_without_importing_them():
    script = ("import sys\nfrom assessment.cli import main\n"
              "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
              f"print('LOADED', sorted(m for m in sys.modules if m.startswith({HEAVY!r})))")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    assert out.rstrip().endswith("LOADED []"), out
    listed = {line.split()[0] for line in out.split("Commands:")[1].splitlines() if line.startswith("  ")}
    assert set(COMMANDS) | {"run", "routes", "shell"} <= listed


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_listed_help_is_the_commands_own(name):
    command = load_command(name)
    assert command.get_short_help_str(300) == COMMANDS[name][1]
    result = CliRunner().invoke(main, [name, "--help"], prog_name="assessment")
    assert result.exit_code == 0, result.output
    assert f"Usage: assessment {name}" in result.output


def test_export_group_has_the_commands_of_every_area():
    result = CliRunner().invoke(main, ["export", "--help"], prog_name="assessment")
    assert result.exit_code == 0, result.output
    for sub in ("results", "offline", "compare", "resources", "annex"):
        assert f"  {sub} " in result.output


def test_routes_still_builds_the_application(app):
    result = app.test_cli_runner().invoke(main, ["routes"])
    assert result.exit_code == 0, result.output
    assert "responses.section" in result.output


@pytest.mark.bench
def test_bench_row_times_the_start_against_flask():
    [row] = bench_cli.run(quick=True)
    assert row["name"] == "cli: assessment --help"
    assert row["baseline_ms"] > 0
    assert row["pass"] is (row["ratio"] <= bench_cli.LIMIT)
