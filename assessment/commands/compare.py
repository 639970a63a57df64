"""``assessment export compare --cycle 2026 -o F``: the comparison workbook (or the matrix as CSV)."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from assessment.commands.options import lang_option
from assessment.extensions import db
from assessment.models import Cycle
from assessment.vocabulary import RESULT_STATUSES, Status


@click.command("compare")
@click.option("--cycle", "cycle_code", required=True, help="Cycle code, e.g. 2026.")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="File to write: .xlsx for the workbook, .csv for the matrix.")
@click.option("--submitted", is_flag=True, help="Include submissions not validated yet (default: validated only).")
@click.option("--sub-region", default=None, help="Only members of this sub-region.")
@click.option("--method", type=click.Choice(["1.0", "2.0"]), default=None,
              help="Scoring version of the figures across members (default: the newest present); members scored "
                   "by another method are named, not included.")
@lang_option
@with_appcontext
def export_compare(cycle_code: str, output: Path, submitted: bool, sub_region: str | None,
                   method: str | None, language: str) -> None:
    """Write the comparison workbook of a cycle: matrix, bands, elements, TA demand, chart, methodology, members
    not included."""
    from assessment.compare.exporting import comparison_data
    from exports.compare import build_comparison_workbook, matrix_csv

    cycle = db.session.scalar(select(Cycle).where(Cycle.code == cycle_code))
    if cycle is None:
        raise click.ClickException(f"no cycle has the code {cycle_code!r}")
    statuses = RESULT_STATUSES if submitted else (Status.VALIDATED,)
    data = comparison_data(cycle, statuses, sub_region, method=method, locale=language)
    if output.suffix.lower() == ".csv":
        output.write_text(matrix_csv(data.matrix), encoding="utf-8", newline="")
    elif output.suffix.lower() == ".xlsx":
        build_comparison_workbook(data).save(output)
    else:
        raise click.ClickException("the output file must end in .xlsx or .csv")
    count = len(data.matrix.rows)
    click.echo(f"{output}: {count} member{'s' if count != 1 else ''}, {cycle.title}, {' and '.join(statuses)} results")
    if data.left_out:
        click.echo(f"figures across members from scoring version {data.method}; not included (another method): "
                   + ", ".join(f"{name} ({version})" for name, version in data.left_out))
