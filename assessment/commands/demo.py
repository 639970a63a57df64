"""``assessment demo``: load the demo data (fictional jurisdictions) and print where to sign in."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from assessment.extensions import db


def served_address(host: str, port: int) -> str:
    """The address to open in a browser for a server started with ``run --host HOST --port PORT``."""
    if host in ("", "0.0.0.0", "::"):  # noqa: S104  (every interface: this machine answers on the loopback)
        host = "127.0.0.1"
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}:{port}"


@click.command("demo")
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
