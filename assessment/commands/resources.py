"""``assessment export resources -o F.xlsx``: the matrix of resources (element × resources × regional examples)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import click
from flask.cli import with_appcontext

from assessment.elements.queries import EVERY_VALIDATED, examples_in_scope


@click.command("resources")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The workbook to write (.xlsx).")
@click.option("--without-examples", is_flag=True,
              help="Leave the regional examples out (a matrix of the bibliography alone, e.g. to send to members).")
@with_appcontext
def export_resources(output: Path, without_examples: bool) -> None:
    """Write the matrix of resources: every element with its resources and the regional examples of every
    validated result (as RSO staff see them)."""
    from exports.resources import MatrixContext, MatrixExample, build_resources_workbook
    from questionnaires.loader import default_elements
    from questionnaires.resources import default_resources

    if output.suffix.lower() != ".xlsx":
        raise click.ClickException("the output file must end in .xlsx")
    elements = default_elements()
    found = {} if without_examples else examples_in_scope(EVERY_VALIDATED)
    examples = [MatrixExample(e.citation.element, e.member_code, e.member_name, e.cycle_code, e.citation.act,
                              e.citation.section, e.citation.year, e.citation.url, e.mark is not None,
                              e.mark.note if e.mark else "")
                for element in elements.elements for e in found.get(element.id, [])]
    where = "no results (left out on request)" if without_examples else "every validated result"
    context = MatrixContext(datetime.now(UTC).replace(tzinfo=None), where)
    build_resources_workbook(elements, default_resources(), examples, context).save(output)
    click.echo(f"{output}: {len(elements.elements)} elements, {len(default_resources().resources)} resources, "
               f"{len(examples)} regional example(s)")
