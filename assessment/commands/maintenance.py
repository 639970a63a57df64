"""``assessment backup`` and ``assessment restore``."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from flask.cli import with_appcontext

from assessment.extensions import db
from assessment.services.backup import RestoreError, dump, restore, write


@click.command("backup")
@click.option("-o", "--output", "output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="File to write (JSON).")
@click.option("--with-secrets", is_flag=True, help="Include password, API token and invitation token hashes.")
@with_appcontext
def backup_command(output: Path, with_secrets: bool) -> None:
    """Write every table to one JSON file, readable by its owner only (secrets left out unless --with-secrets)."""
    document = dump(with_secrets=with_secrets)
    write(document, output)
    rows = sum(len(rows) for rows in document["tables"].values())
    click.echo(f"{output}: {rows} rows in {len(document['tables'])} tables"
               + (" (with secrets)" if with_secrets else " (without secrets: accounts will need new passwords)")
               + "; the file is readable by its owner only (mode 0600)")


@click.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def restore_command(path: Path) -> None:
    """Restore a backup into a freshly upgraded database (assessment db upgrade); all or nothing."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        click.echo(f"{path}: $: cannot read the backup: {exc}")
        sys.exit(1)
    try:
        counts = restore(document)
    except RestoreError as exc:
        db.session.rollback()
        for problem in exc.problems:
            click.echo(f"{path}: {problem}")
        sys.exit(1)
    db.session.commit()
    click.echo(f"{path}: restored {sum(counts.values())} rows in {len(counts)} tables")
