"""Team forms."""

from assessment.admin.forms import EmailNameForm


class ContributorForm(EmailNameForm):
    """E-mail and name of a new contributor; the member is always the focal point's own."""
