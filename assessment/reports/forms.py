"""Forms of the Excel pages: the workbook upload and the confirmation of a previewed import."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, HiddenField
from wtforms.validators import DataRequired


class WorkbookUploadForm(FlaskForm):
    file = FileField(_l("Offline workbook (.xlsx)"), validators=[FileRequired(_l("Choose the workbook to upload."))])


class ConfirmImportForm(FlaskForm):
    #: the previewed changes, signed with the application's secret key
    plan = HiddenField(validators=[DataRequired()])
    overwrite = BooleanField(_l("Overwrite the answers changed online with the versions in my workbook"))
