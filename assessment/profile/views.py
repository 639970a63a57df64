"""The signed-in person's profile: account details and personal API tokens."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, abort, current_app, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from assessment.audit import Actor
from assessment.auth.forms import EmptyForm
from assessment.auth.operations import TooManyAttempts, check_current_password
from assessment.extensions import db
from assessment.models import utcnow
from assessment.profile import operations
from assessment.profile.forms import LanguageForm, TokenForm
from assessment.refusals import Refused
from assessment.web.errors import too_many
from assessment.web.i18n import SESSION_KEY, fmt_date
from assessment.web.viewtools import attempt, carry_out, posted

bp = Blueprint("profile", __name__, url_prefix="/profile")


def _page(form: TokenForm, new_token: str | None = None, status: int = 200):
    response = render_template("profile/index.html", form=form, tokens=operations.active_tokens(current_user),
                               new_token=new_token, revoke_form=EmptyForm(), now=utcnow(),
                               token_days=int(current_app.config["API_TOKEN_TTL_DAYS"]))
    return response, status, {"Cache-Control": "no-store"}


@bp.route("/", methods=["GET"])
@login_required
def index():
    """Account details and API tokens."""
    return _page(TokenForm())


@bp.route("/language", methods=["POST"])
@login_required
def language():
    """The person's interface language; the session's ``?lang=`` choice gives way to it."""
    chosen = posted(LanguageForm).language.data or ""

    def change():
        result = operations.set_language(current_user._get_current_object(), chosen, Actor(current_user))
        session.pop(SESSION_KEY, None)
        return result

    return carry_out(change, url_for("profile.index"), lambda code: _("Your language is saved."))


@bp.route("/tokens", methods=["POST"])
@login_required
def create_token():
    """Create a token; it is shown once, in this response only (never in a cookie or a later page)."""
    form = TokenForm()
    if not form.validate_on_submit():
        return _page(form, status=422)
    try:
        right = check_current_password(current_user._get_current_object(), form.current_password.data,
                                       request.remote_addr or "")
    except TooManyAttempts as exc:
        raise too_many(exc.retry_after) from None
    if not right:
        form.current_password.errors.append("This is not your current password.")
        return _page(form, status=422)
    try:
        _row, token = operations.create_token(current_user, form.name.data or "", Actor(current_user))
    except Refused as exc:
        db.session.rollback()
        form.name.errors.append(str(exc))
        return _page(form, status=422)
    db.session.commit()
    return _page(TokenForm(formdata=None), new_token=token, status=201)


@bp.route("/tokens/<int:token_id>/renew", methods=["POST"])
@login_required
def renew_token(token_id: int):
    """Let a token work for another period from today (it stays the same token)."""
    return _token_button(token_id, operations.renew_token, lambda row: _(
        "Token “%(name)s” renewed: it works until %(date)s.", name=row.name, date=fmt_date(row.expires_at)))


@bp.route("/tokens/<int:token_id>/revoke", methods=["POST"])
@login_required
def revoke_token(token_id: int):
    """Revoke a token at once."""
    return _token_button(token_id, operations.revoke_token,
                         lambda row: _("Token “%(name)s” revoked: it no longer works.", name=row.name))


def _token_button(token_id: int, change: Callable[..., Any], said: Callable[[Any], str]):
    """A button beside one of the person's own tokens; another person's token is not found (404)."""
    posted()

    def refused(_exc: Refused):
        abort(404)

    return attempt(lambda: change(current_user, token_id, Actor(current_user)), refused, url_for("profile.index"),
                   said)
