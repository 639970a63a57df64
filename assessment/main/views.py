"""Home page and health check."""

from flask import Blueprint, jsonify, render_template
from flask_login import current_user
from sqlalchemy import text

from assessment.extensions import db
from assessment.registry import registry

bp = Blueprint("main", __name__)


@bp.route("/")
def home():
    """What the toolkit is, and where to start for the signed-in person."""
    return render_template("main/home.html", user=current_user, questionnaires=registry().available())


@bp.route("/health")
def health():
    """Liveness and database reachability, for monitors and load balancers."""
    try:
        db.session.execute(text("SELECT 1"))
    except Exception as exc:  # the point is to report any database failure
        return jsonify({"status": "error", "database": str(exc.__class__.__name__)}), 503
    return jsonify({"status": "ok", "database": "ok"})
