"""The signed-in person's profile: account details and personal API tokens."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from assessment.audit import Actor
from assessment.auth.forms import EmptyForm
from assessment.extensions import db
from assessment.profile import operations
from assessment.profile.forms import TokenForm

bp = Blueprint("profile", __name__, url_prefix="/profile")


def _page(form: TokenForm, new_token: str | None = None, status: int = 200):
    response = render_template("profile/index.html", form=form, tokens=operations.active_tokens(current_user),
                               new_token=new_token, revoke_form=EmptyForm())
    return response, status, {"Cache-Control": "no-store"}


@bp.route("/", methods=["GET"])
@login_required
def index():
    """Account details and API tokens."""
    return _page(TokenForm())


@bp.route("/tokens", methods=["POST"])
@login_required
def create_token():
    """Create a token; it is shown once, in this response only (never in a cookie or a later page)."""
    form = TokenForm()
    if not form.validate_on_submit():
        return _page(form, status=422)
    try:
        _row, token = operations.create_token(current_user, form.name.data or "", Actor(current_user))
    except operations.TokenError as exc:
        db.session.rollback()
        form.name.errors.append(str(exc))
        return _page(form, status=422)
    db.session.commit()
    return _page(TokenForm(formdata=None), new_token=token, status=201)


@bp.route("/tokens/<int:token_id>/revoke", methods=["POST"])
@login_required
def revoke_token(token_id: int):
    """Revoke a token at once."""
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        row = operations.revoke_token(current_user, token_id, Actor(current_user))
    except operations.TokenError:
        abort(404)
    db.session.commit()
    flash(f"Token “{row.name}” revoked: it no longer works.", "success")
    return redirect(url_for("profile.index"))
