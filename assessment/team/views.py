"""Team page: a focal point lists their member's accounts and invites and manages contributors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from assessment.admin import operations as admin_operations
from assessment.admin.views import keep_link_for_one_page, no_store, take_link
from assessment.audit import current_actor
from assessment.auth.forms import EmptyForm
from assessment.extensions import db
from assessment.models import User
from assessment.permissions import can_manage_account, can_see_account, require_role
from assessment.refusals import Refused
from assessment.team import operations
from assessment.team.forms import ContributorForm

bp = Blueprint("team", __name__, url_prefix="/team")


def account_or_404(user_id: int, manage: bool = False) -> User:
    """Another member's account is 404; one the focal point may see but not change is 403."""
    account = db.session.get(User, user_id)
    if account is None or not can_see_account(current_user, account):
        abort(404)
    if manage and not can_manage_account(current_user, account):
        abort(403)
    return account


@bp.route("/")
@require_role("focal_point")
def index():
    """The accounts of the focal point's member."""
    accounts = db.session.scalars(
        select(User).where(User.member_id == current_user.member_id).order_by(User.role.desc(), User.email)
    ).all()
    return render_template("team/index.html", accounts=accounts, action_form=EmptyForm(),
                           can_manage=lambda account: can_manage_account(current_user, account))


@bp.route("/invite", methods=["GET", "POST"])
@require_role("focal_point")
def invite():
    """Invite a contributor for one's own member; the next page shows the link once."""
    form = ContributorForm()
    if form.validate_on_submit():
        try:
            user, link = operations.invite_contributor(current_user, form.email.data, form.name.data)
        except Refused as exc:
            form.email.errors.append(str(exc))
        else:
            db.session.commit()
            keep_link_for_one_page(user, link)
            return redirect(url_for("team.invitation", user_id=user.id))
    return render_template("team/invite.html", form=form)


@bp.route("/<int:user_id>/invitation")
@require_role("focal_point")
def invitation(user_id: int):
    """The one-time set-password link, shown on this page only."""
    account = account_or_404(user_id, manage=True)
    return no_store(render_template("team/invitation.html", user=account, link=take_link(account)))


@bp.route("/<int:user_id>/invite", methods=["POST"])
@require_role("focal_point")
def reinvite(user_id: int):
    """A new set-password link for a contributor; the old unused ones stop working."""
    account = account_or_404(user_id, manage=True)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        link = admin_operations.reinvite(account, current_actor())
    except Refused as exc:
        flash(exc.message, "error")
        return redirect(url_for("team.index"))
    db.session.commit()
    keep_link_for_one_page(account, link)
    return redirect(url_for("team.invitation", user_id=account.id))


@bp.route("/<int:user_id>/deactivate", methods=["POST"])
@require_role("focal_point")
def deactivate(user_id: int):
    """Deactivate a contributor and end their sessions."""
    return _change(user_id, admin_operations.deactivate,
                   lambda email: _("%(email)s can no longer sign in.", email=email))


@bp.route("/<int:user_id>/reactivate", methods=["POST"])
@require_role("focal_point")
def reactivate(user_id: int):
    """Let a deactivated contributor sign in again."""
    return _change(user_id, admin_operations.reactivate, lambda email: _("%(email)s can sign in again.", email=email))


def _change(user_id: int, change: Any, message: Callable[[str], str]):
    account = account_or_404(user_id, manage=True)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        change(account, current_actor())
    except Refused as exc:
        flash(exc.message, "error")
    else:
        db.session.commit()
        flash(message(account.email), "success")
    return redirect(url_for("team.index"))
