"""Home page (what each role starts from) and health check."""

from __future__ import annotations

from flask import Blueprint, jsonify, render_template
from flask_login import current_user

from assessment.main import queries
from assessment.services.registry import registry
from assessment.vocabulary import Role, Status

bp = Blueprint("main", __name__)


@bp.route("/")
def home():
    """What the toolkit is, and where to start for the signed-in person."""
    if not current_user.is_authenticated:
        return render_template("main/home.html")
    if current_user.is_member_user:
        return render_template("main/member_home.html", rows=queries.member_assessments(current_user))
    if current_user.role == Role.RSO_ANALYST:
        return render_template(
            "main/rso_home.html",
            to_review=queries.assessments_in(Status.SUBMITTED),
            changes=queries.assessments_in(Status.CHANGES_REQUESTED),
            validated=queries.assessments_in(Status.VALIDATED),
            shared=queries.assessments_in(shared_drafts=True),
        )
    cycles, counts = queries.cycles_and_counts()
    return render_template("main/admin_home.html", cycles=cycles, counts=counts, questionnaires=registry().available())


@bp.route("/health")
def health():
    """Liveness and database reachability, for monitors and load balancers."""
    if not queries.database_reachable():
        return jsonify({"status": "error", "database": "unreachable"}), 503
    return jsonify({"status": "ok", "database": "ok"})
