"""The published mutual-evaluation ratings of a member, recorded by RSO staff and administrators."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, abort, flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from flask_wtf import FlaskForm

from assessment.audit import current_actor
from assessment.models import Member
from assessment.permissions import require_role
from assessment.ratings import queries
from assessment.ratings.forms import RatingForm, RemoveForm
from assessment.ratings.operations import RatingInput, add_rating, change_rating, remove_rating
from assessment.ratings.queries import latest_ids, ratings_of
from assessment.refusals import Refused, Stale
from assessment.vocabulary import RSO_ROLES
from assessment.web.page_words import RATING_LABELS
from assessment.web.viewtools import attempt
from scoring.standards import FLAG_STEPS

bp = Blueprint("ratings", __name__, url_prefix="/ratings")


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
    the_member = queries.member_or_404(code)
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


#: what a rating form's button does, for its messages
RECORDED, CHANGED, REMOVED = range(3)


def _invalid(verb: int) -> str:
    return (_("Nothing was recorded: the form was not complete or not valid."),
            _("Nothing was changed: the form was not complete or not valid."),
            _("Nothing was removed: the form was not complete or not valid."))[verb]


def _nothing_done(verb: int, exc: Refused) -> str:
    if verb == RECORDED:
        return _("Nothing was recorded. %(reason)s", reason=exc.message)
    return _("Nothing was changed. %(reason)s", reason=exc.message)


@bp.route("/<code>", methods=["POST"])
@login_required
@require_role(*RSO_ROLES)
def add(code: str):
    """Record a rating."""
    form = RatingForm()
    item = _input(form)
    return _act(queries.member_or_404(code), form, RECORDED, lambda member: add_rating(current_actor(), member, item),
                lambda row: _("Recorded: %(recommendation)s rated %(rating)s in “%(report)s”.",
                              recommendation=row.recommendation, rating=row.rating, report=row.report_title),
                shown=form, item=item)


def _changed_meanwhile(exc: Stale) -> str:
    if exc.current:
        return _("Someone changed this rating since you opened the page (it now reads %(rating)s for "
                 "%(recommendation)s), so nothing was saved. Your values are kept in the form below.",
                 rating=exc.current.rating, recommendation=exc.current.recommendation)
    return _("Someone changed this rating since you opened the page (it has been removed), so nothing was "
             "saved. Your values are kept in the form below.")


@bp.route("/<code>/<int:rating_id>", methods=["POST"])
@login_required
@require_role(*RSO_ROLES)
def change(code: str, rating_id: int):
    """Change a recorded rating (refused when someone changed it since the form was opened)."""
    form = RatingForm()
    item = _input(form)
    return _act(queries.member_or_404(code), form, CHANGED,
                lambda member: change_rating(current_actor(), member, rating_id, form.base_version.data, item),
                lambda row: _("Changed: %(recommendation)s rated %(rating)s in “%(report)s”.",
                              recommendation=row.recommendation, rating=row.rating, report=row.report_title),
                shown=form, editing=rating_id, item=item, stale=_changed_meanwhile)


@bp.route("/<code>/<int:rating_id>/remove", methods=["POST"])
@login_required
@require_role(*RSO_ROLES)
def remove(code: str, rating_id: int):
    """Remove a recorded rating."""
    form = RemoveForm()
    return _act(queries.member_or_404(code), form, REMOVED,
                lambda member: remove_rating(current_actor(), member, rating_id, form.base_version.data),
                lambda _row: _("The rating was removed."), say_nothing=False,
                stale=lambda _exc: _("Someone changed this rating since you opened the page, so it was not "
                                     "removed. Check it below."))


def _act(member: Member, form: FlaskForm, verb: int, do: Callable[[Member], Any], done: Callable[[Any], str], *,
         shown: RatingForm | None = None, editing: int | None = None, item: RatingInput | None = None,
         stale: Callable[[Stale], str] | None = None, say_nothing: bool = True):
    """A rating form's button: an invalid form (400), a rating changed meanwhile (409) or a refusal (422, each
    problem beside its field) show the page again with the values as typed (``shown``); a change done goes
    back to the member's ratings."""
    if not form.validate_on_submit():
        flash(_invalid(verb), "error")
        return _page(member, 400, shown, editing=editing)

    def refused(exc: Refused):
        if isinstance(exc, Stale) and stale is not None:
            flash(stale(exc), "error")
            return _page(member, 409, shown, editing=editing)
        flash(_nothing_done(verb, exc) if say_nothing else exc.message, "error")
        return _page(member, 422, shown, editing=editing, problems=item.problems if item else None)

    return attempt(lambda: do(member), refused, url_for("ratings.member", code=member.code), done)
