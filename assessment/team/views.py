"""Team page: a focal point lists their member's accounts and invites and manages contributors."""

from __future__ import annotations

from flask import Blueprint, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from assessment.admin import operations as admin_operations
from assessment.audit import current_actor
from assessment.auth.forms import EmptyForm
from assessment.models import User
from assessment.permissions import can_manage_account, require_role
from assessment.team import operations, queries
from assessment.team.forms import ContributorForm
from assessment.vocabulary import Role
from assessment.web.invitations import invitation_page, invite_page, new_link
from assessment.web.viewtools import Button, add_buttons, posted

bp = Blueprint("team", __name__, url_prefix="/team")


def account_or_404(user_id: int, manage: bool = False) -> User:
    """Another member's account is 404; one the focal point may see but not change is 403."""
    return queries.account_or_404(current_user, user_id, manage)


@bp.route("/")
@require_role(Role.FOCAL_POINT)
def index():
    """The accounts of the focal point's member."""
    return render_template("team/index.html", accounts=queries.team_of(current_user.member_id),
                           action_form=EmptyForm(),
                           can_manage=lambda account: can_manage_account(current_user, account))


@bp.route("/invite", methods=["GET", "POST"])
@require_role(Role.FOCAL_POINT)
def invite():
    """Invite a contributor for one's own member; the next page shows the link once."""
    form = ContributorForm()
    return invite_page(form, "team/invite.html",
                       lambda: operations.invite_contributor(current_user, form.email.data, form.name.data),
                       "team.invitation")


@bp.route("/<int:user_id>/invitation")
@require_role(Role.FOCAL_POINT)
def invitation(user_id: int):
    """The one-time set-password link, shown on this page only."""
    return invitation_page("team/invitation.html", account_or_404(user_id, manage=True))


@bp.route("/<int:user_id>/invite", methods=["POST"])
@require_role(Role.FOCAL_POINT)
def reinvite(user_id: int):
    """A new set-password link for a contributor; the old unused ones stop working."""
    account = account_or_404(user_id, manage=True)
    posted()
    return new_link(account, lambda: admin_operations.reinvite(account, current_actor()), "team.invitation",
                    url_for("team.index"))


#: the buttons beside each contributor on the team page
CONTRIBUTOR_BUTTONS = {
    "deactivate": Button("Deactivate a contributor and end their sessions.", admin_operations.deactivate,
                         lambda email: _("%(email)s can no longer sign in.", email=email)),
    "reactivate": Button("Let a deactivated contributor sign in again.", admin_operations.reactivate,
                         lambda email: _("%(email)s can sign in again.", email=email)),
}
add_buttons(bp, "/<int:user_id>/{}", CONTRIBUTOR_BUTTONS, lambda user_id: account_or_404(user_id, manage=True),
            lambda account: account.email, "team.index", require_role(Role.FOCAL_POINT))
