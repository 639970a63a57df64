"""Team changes made by a focal point. Callers commit; every change is audited by the admin operations."""

from __future__ import annotations

from flask_babel import gettext as _

from assessment.admin.operations import create_account
from assessment.audit import Actor
from assessment.models import User
from assessment.refusals import Refused
from assessment.vocabulary import Role


def invite_contributor(focal_point: User, email: str, name: str) -> tuple[User, str]:
    """Create a contributor for the focal point's own member and a one-time set-password link.

    :raises Refused: when ``focal_point`` is not a focal point of a member
    :raises assessment.auth.Refused: for an e-mail in use
    """
    if focal_point.role != Role.FOCAL_POINT or focal_point.member is None:
        raise Refused(_("Only a member's focal point invites contributors."))
    return create_account(email, Role.CONTRIBUTOR, focal_point.member, name, Actor(focal_point))
