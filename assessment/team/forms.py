"""Team forms."""

from flask_babel import gettext as _
from flask_login import current_user
from wtforms import EmailField
from wtforms.validators import ValidationError

from assessment.admin.forms import EmailNameForm
from assessment.admin.queries import account_with_email


class ContributorForm(EmailNameForm):
    """E-mail and name of a new contributor; the member is always the focal point's own."""

    def validate_email(self, field: EmailField) -> None:
        """An address in use is named as such only within the focal point's own team, which the team page
        lists anyway; of another member's or the RSO's accounts the form says nothing but that the address
        cannot be invited from here."""
        email = (field.data or "").lower()
        found = account_with_email(email)
        if found is None:
            return
        if found.member_id is not None and found.member_id == current_user.member_id:
            raise ValidationError(_("There is already an account for %(email)s in your team.", email=email))
        raise ValidationError(_("%(email)s cannot be invited from this page. Check the address; if it is right, "
                                "ask the RSO's administrator to give the person access.", email=email))
