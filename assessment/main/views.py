"""Home page (what each role starts from) and health check."""

from __future__ import annotations

from flask import Blueprint, jsonify, render_template
from flask_login import current_user
from sqlalchemy import func, select, text

from assessment.answer_store import answers_of
from assessment.extensions import db
from assessment.models import Answer, Assessment, Cycle, Member, SectionAssignment
from assessment.registry import registry
from questionnaires.progress import progress

bp = Blueprint("main", __name__)


@bp.route("/")
def home():
    """What the toolkit is, and where to start for the signed-in person."""
    if not current_user.is_authenticated:
        return render_template("main/home.html")
    if current_user.is_member_user:
        return _member_home()
    if current_user.role == "rso_analyst":
        return _rso_home()
    return _admin_home()


def _member_home():
    assessments = db.session.scalars(
        select(Assessment).join(Cycle).where(Assessment.member_id == current_user.member_id)
        .order_by(Cycle.opened_at.desc())
    ).all()
    rows = []
    for assessment in assessments:
        questionnaire = registry().get(assessment.questionnaire_id, assessment.questionnaire_version)
        answers = answers_of(assessment)
        last = db.session.scalar(select(func.max(Answer.updated_at)).where(Answer.assessment_id == assessment.id))
        assigned = set(db.session.scalars(
            select(SectionAssignment.section_id).where(SectionAssignment.assessment_id == assessment.id,
                                                       SectionAssignment.user_id == current_user.id)))
        rows.append((assessment, questionnaire, progress(questionnaire, answers), last, assigned))
    return render_template("main/member_home.html", rows=rows)


def _rso_home():
    def listing(*statuses: str, shared: bool = False):
        query = select(Assessment).join(Member).join(Cycle).order_by(Cycle.opened_at.desc(), Member.name)
        if shared:
            query = query.where(Assessment.status == "draft", Assessment.is_shared_with_rso.is_(True))
        else:
            query = query.where(Assessment.status.in_(statuses))
        return db.session.scalars(query).all()

    return render_template(
        "main/rso_home.html",
        to_review=listing("submitted"),
        changes=listing("changes_requested"),
        validated=listing("validated"),
        shared=listing(shared=True),
    )


def _admin_home():
    cycles = db.session.scalars(select(Cycle).order_by(Cycle.opened_at.desc())).all()
    counts = dict(db.session.execute(
        select(Assessment.status, func.count()).group_by(Assessment.status)).all())
    return render_template("main/admin_home.html", cycles=cycles, counts=counts,
                           questionnaires=registry().available())


@bp.route("/health")
def health():
    """Liveness and database reachability, for monitors and load balancers."""
    try:
        db.session.execute(text("SELECT 1"))
    except Exception as exc:  # the point is to report any database failure
        return jsonify({"status": "error", "database": str(exc.__class__.__name__)}), 503
    return jsonify({"status": "ok", "database": "ok"})
