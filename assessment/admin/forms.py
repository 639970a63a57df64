"""Administration forms. Choice lists that come from the database are filled in by the view."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, EmailField, HiddenField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import Email, Optional, Regexp, ValidationError

from assessment.admin.operations import CYCLE_CODE_PATTERN
from assessment.admin.queries import account_with_email, member_code_taken, member_names
from assessment.auth.forms import at_most, required
from assessment.models import MEMBER_CODE_PATTERN
from assessment.vocabulary import MEMBER_ROLES, ROLES, Role
from assessment.web.formtools import option
from assessment.web.presentation import ROLE_LABELS

ROLE_CHOICES = [option(role, ROLE_LABELS[role]) for role in ROLES]


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


def member_choices(blank: str, current_only: bool = True) -> list[SelectChoice]:
    return [option("", blank)] + [option(code, f"{code} · {name}") for code, name in member_names(current_only)]


class UserFilterForm(FlaskForm):
    """Filters on the user list (a GET form: it changes nothing, so it carries no CSRF token)."""

    class Meta:
        csrf = False

    role = SelectField(_l("Role"), choices=[option("", _l("Any role")), *ROLE_CHOICES], validators=[Optional()])
    member = SelectField(_l("Member"), choices=[], validators=[Optional()])


class EmailNameForm(FlaskForm):
    email = EmailField(_l("E-mail"), filters=[_strip],
                       validators=[required(),
                                   Email(message=_l("Enter an e-mail address such as name@agency.gov.")),
                                   at_most(254)])
    name = StringField(_l("Name"), filters=[_strip], validators=[Optional(), at_most(200)])

    def validate_email(self, field: EmailField) -> None:
        email = (field.data or "").lower()
        if account_with_email(email) is not None:
            raise ValidationError(_("There is already an account for %(email)s.", email=email))


class UserForm(EmailNameForm):
    role = SelectField(_l("Role"), choices=ROLE_CHOICES, validators=[required()])
    #: no Optional() here: it would stop validate_member from running on an empty choice
    member = SelectField(_l("Member"), choices=[], default="")

    def validate_member(self, field: SelectField) -> None:
        if self.role.data in MEMBER_ROLES and not field.data:
            raise ValidationError(_("A focal point works for a member: choose one.")
                                  if self.role.data == Role.FOCAL_POINT
                                  else _("A contributor works for a member: choose one."))
        if self.role.data not in MEMBER_ROLES and field.data:
            raise ValidationError(_("RSO analysts and administrators work for the RSO: choose no member."))


class MemberEditForm(FlaskForm):
    name = StringField(_l("Name"), filters=[_strip], validators=[required(), at_most(200)])
    sub_region = StringField(_l("Sub-region"), filters=[_strip], validators=[required(), at_most(80)])
    note = TextAreaField(_l("Note"), filters=[_strip], validators=[Optional(), at_most(2000)])
    is_current = BooleanField(_l("Current member (untick for a former member)"), default=True)
    is_state = BooleanField(_l("A state (untick for a territory or another member that is not a state: treaty "
                               "support then means extension by the state responsible for it)"), default=True)


class MemberForm(MemberEditForm):
    code = StringField(
        _l("Code"),
        filters=[_strip],
        validators=[
            required(),
            Regexp(MEMBER_CODE_PATTERN,
                   message=_l("Use 2 to 6 capital letters or digits, starting with a letter (e.g. FJ).")),
        ],
    )
    is_fictional = BooleanField(_l("Fictional jurisdiction (demo or test data, never a real member)"))

    def validate_code(self, field: StringField) -> None:
        if member_code_taken(field.data or ""):
            raise ValidationError(_("There is already a member with the code %(code)s.", code=field.data))


class CycleForm(FlaskForm):
    code = StringField(
        _l("Code"),
        filters=[_strip],
        validators=[required(), Regexp(CYCLE_CODE_PATTERN,
                                           message=_l("Use up to 20 letters, digits, dots, dashes or underscores."))],
    )
    title = StringField(_l("Title"), filters=[_strip], validators=[required(), at_most(200)])
    #: "id:version", from the registry
    questionnaire = SelectField(_l("Questionnaire version"), choices=[], validators=[required()])


class UploadForm(FlaskForm):
    file = FileField(_l("Questionnaire file (JSON)"), validators=[FileRequired(_l("Choose a JSON file to upload."))])


class MoveForm(FlaskForm):
    #: the version the admin saw on the page, so an upload in the meantime does not change what happens
    version = HiddenField(validators=[required(), Regexp(r"^[0-9]{1,9}$")])
