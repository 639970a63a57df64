"""The baselines served by gunicorn: bare Flask apps doing the least the real routes must do.

``gunicorn 'bench.bare_app:create()'`` with ``BENCH_BARE_HTML`` naming the file whose HTML ``/page`` renders
(line by line through a Jinja loop, so the template engine writes the same number of bytes as the real page);
``gunicorn 'bench.bare_app:create_echo()'`` answers a JSON POST with a small JSON body.
"""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask, render_template_string

TEMPLATE = "{% for line in lines %}{{ line|safe }}\n{% endfor %}"


def create() -> Flask:
    lines = Path(os.environ["BENCH_BARE_HTML"]).read_text(encoding="utf-8").splitlines()
    app = Flask("bare")

    @app.route("/page")
    def page():
        return render_template_string(TEMPLATE, lines=lines)

    @app.route("/health")
    def health():
        return "ok"

    return app


def create_echo() -> Flask:
    """The autosave baseline: a JSON POST answered with a small JSON body, nothing stored."""
    from flask import jsonify, request

    app = Flask("bare-echo")

    @app.route("/save", methods=["POST"])
    def save():
        payload = request.get_json(silent=True) or {}
        return jsonify(status="saved", question_id=payload.get("question_id"),
                       version=int(payload.get("base_version") or 0) + 1)

    @app.route("/health")
    def health():
        return "ok"

    return app
