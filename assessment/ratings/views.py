"""The published mutual-evaluation ratings of a member, recorded by RSO staff and administrators."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from sqlalchemy import select

from assessment.audit import current_actor
from assessment.extensions import db
from assessment.models import Member
from assessment.permissions import require_role
from assessment.ratings.forms import RatingForm, RemoveForm
from assessment.ratings.operations import RatingInput, add_rating, change_rating, remove_rating
from assessment.ratings.queries import latest_ids, ratings_of
from assessment.refusals import Refused, Stale
from assessment.vocabulary import RSO_ROLES
from assessment.web.page_words import RATING_LABELS
from scoring.standards import FLAG_STEPS

bp = Blueprint("ratings", __name__, url_prefix="/ratings")


def _member(code: str) -> Member:
    member = db.session.scalar(select(Member).where(Member.code == code))
    if member is None:
        abort(404)
    return member


def _input(form: RatingForm) -> RatingInput:
    return RatingInput(form.recommendation.data or "", form.rating.data or "", form.report_title.data or "",
                       form.report_date.data or "", form.link.data or "")


def _page(member: Member, status: int = 200, form: RatingForm | None = None, editing: int | None = None,
          problems: dict[str, str] | None = None):
    form = form or RatingForm()
    for name, message in (problems or {}).items():  # the operation's sentences, beside their fields
        getattr(form, name).errors = [*getattr(form, name).errors, message]
    rows = ratings_of(member)
    return render_template("ratings/member.html", member=member, rows=rows, latest=latest_ids(rows), form=form,
                           editing=editing, problems=problems or {}, remove_form=RemoveForm(),
                           RATING_WORDS=RATING_LABELS, FLAG_STEPS=FLAG_STEPS), status


@bp.route("/<code>")
@login_required
@require_role(*RSO_ROLES)
def member(code: str):
    """Every rating recorded for a member, with a form to record another."""
    the_member = _member(code)
    editing = request.args.get("edit", type=int)
    form = RatingForm()
    if editing:
        row = next((r for r in ratings_of(the_member) if r.id == editing), None)
        if row is None:
            abort(404)
        form = RatingForm(data={"recommendation": row.recommendation, "rating": row.rating,
                                "report_title": row.report_title, "report_date": row.report_date.isoformat(),
                                "link": row.link, "base_version": row.version})
    return _page(the_member, form=form, editing=editing)


@bp.route("/<code>", methods=["POST"])
@login_required
@require_role(*RSO_ROLES)
def add(code: str):
    """Record a rating."""
    the_member = _member(code)
    form = RatingForm()
    if not form.validate_on_submit():
        flash(_("Nothing was recorded: the form was not complete or not valid."), "error")
        return _page(the_member, 400, form)
    item = _input(form)
    try:
        row = add_rating(current_actor(), the_member, item)
    except Refused as exc:
        db.session.rollback()
        flash(_("Nothing was recorded. %(reason)s", reason=exc), "error")
        return _page(the_member, 422, form, problems=item.problems)
    db.session.commit()
    flash(_("Recorded: %(recommendation)s rated %(rating)s in “%(report)s”.", recommendation=row.recommendation,
            rating=row.rating, report=row.report_title), "success")
    return redirect(url_for("ratings.member", code=the_member.code))


@bp.route("/<code>/<int:rating_id>", methods=["POST"])
@login_required
@require_role(*RSO_ROLES)
def change(code: str, rating_id: int):
    """Change a recorded rating (refused when someone changed it since the form was opened)."""
    the_member = _member(code)
    form = RatingForm()
    if not form.validate_on_submit():
        flash(_("Nothing was changed: the form was not complete or not valid."), "error")
        return _page(the_member, 400, form, editing=rating_id)
    item = _input(form)
    try:
        row = change_rating(current_actor(), the_member, rating_id,
                            form.base_version.data, item)
    except Stale as exc:
        db.session.rollback()
        if exc.current:
            flash(_("Someone changed this rating since you opened the page (it now reads %(rating)s for "
                    "%(recommendation)s), so nothing was saved. Your values are kept in the form below.",
                    rating=exc.current.rating, recommendation=exc.current.recommendation), "error")
        else:
            flash(_("Someone changed this rating since you opened the page (it has been removed), so nothing was "
                    "saved. Your values are kept in the form below."), "error")
        return _page(the_member, 409, form, editing=rating_id)
    except Refused as exc:
        db.session.rollback()
        flash(_("Nothing was changed. %(reason)s", reason=exc), "error")
        return _page(the_member, 422, form, editing=rating_id, problems=item.problems)
    db.session.commit()
    flash(_("Changed: %(recommendation)s rated %(rating)s in “%(report)s”.", recommendation=row.recommendation,
            rating=row.rating, report=row.report_title), "success")
    return redirect(url_for("ratings.member", code=the_member.code))


@bp.route("/<code>/<int:rating_id>/remove", methods=["POST"])
@login_required
@require_role(*RSO_ROLES)
def remove(code: str, rating_id: int):
    """Remove a recorded rating."""
    the_member = _member(code)
    form = RemoveForm()
    if not form.validate_on_submit():
        flash(_("Nothing was removed: the form was not complete or not valid."), "error")
        return _page(the_member, 400)
    try:
        remove_rating(current_actor(), the_member, rating_id, form.base_version.data)
    except Stale:
        db.session.rollback()
        flash(_("Someone changed this rating since you opened the page, so it was not removed. Check it below."),
              "error")
        return _page(the_member, 409)
    except Refused as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return _page(the_member, 422)
    db.session.commit()
    flash(_("The rating was removed."), "success")
    return redirect(url_for("ratings.member", code=the_member.code))
