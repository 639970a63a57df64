"""Excel: the results workbook, the offline questionnaire, and its upload with a preview before anything applies."""

from __future__ import annotations

import io
from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from itsdangerous import BadSignature, URLSafeTimedSerializer
from openpyxl.workbook import Workbook

from assessment.audit import current_actor as actor
from assessment.models import Assessment
from assessment.permissions import can_download_offline, can_import
from assessment.refusals import Refused, Stale
from assessment.reports import workbooks
from assessment.reports.forms import ConfirmImportForm, WorkbookUploadForm
from assessment.responses.operations import questionnaire_of
from assessment.responses.queries import assigned_sections, load_assessment, result_for
from assessment.services.imports import (
    ImportPlan,
    ImportProblem,
    Incoming,
    apply_import,
    incoming_from_offline,
    plan_import,
    plan_matches,
)
from assessment.web.i18n import locale_code
from assessment.web.viewtools import attempt
from exports.common import XLSX_MIMETYPE
from exports.offline import read_offline_workbook
from scoring.standards import FATF_TEXTS

bp = Blueprint("reports", __name__, url_prefix="/reports")

PLAN_SALT = "offline-import-plan"
#: problems the preview lists; the rest are counted ("and 4,312 more"), so the page stays small
LISTED_PROBLEMS = 100


def send_workbook(workbook: Workbook, filename: str):
    """Save a workbook into memory and send it as a download."""
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return send_file(buffer, mimetype=XLSX_MIMETYPE, as_attachment=True, download_name=filename, max_age=0)


# --------------------------------------------------------------------------- downloads


@bp.route("/<int:assessment_id>/results.xlsx")
@login_required
def results_workbook(assessment_id: int):
    """The results workbook: what the results page shows (a snapshot for submitted work, live for drafts)."""
    assessment = load_assessment(assessment_id)
    result, snapshot = result_for(assessment)
    fatf = request.args.get("fatf") or "current"
    if fatf not in FATF_TEXTS:
        abort(404)
    return send_workbook(workbooks.results_workbook(assessment, result, snapshot, fatf, current_user),
                         workbooks.results_filename(assessment, snapshot))


def editable_sections(assessment: Assessment) -> set[str] | None:
    """The sections the person may change: ``None`` for every one (focal point), their assigned ones
    (contributor), none when the assessment is not editable."""
    if not assessment.is_editable:
        return set()
    if current_user.role == "focal_point":
        return None
    return assigned_sections(assessment, current_user)


@bp.route("/<int:assessment_id>/offline.xlsx")
@login_required
def offline_workbook(assessment_id: int):
    """The offline questionnaire, pre-filled, for the member's own focal points and contributors."""
    assessment = load_assessment(assessment_id, can_download_offline)
    workbook = workbooks.offline_workbook(assessment, editable_sections(assessment))
    return send_workbook(workbook, workbooks.offline_filename(assessment))


@bp.app_context_processor
def excel_helpers() -> dict[str, Any]:
    return {"excel_actions": excel_actions}


def excel_actions(assessment: Assessment) -> dict[str, bool]:
    """Which Excel actions the signed-in person has on an assessment they can see (for the page's links)."""
    if not current_user.is_authenticated:
        return {"offline": False, "upload": False}
    sections = editable_sections(assessment) if can_download_offline(current_user, assessment) else set()
    assigned = sections if current_user.role == "contributor" else None
    return {"offline": can_download_offline(current_user, assessment),
            "upload": can_download_offline(current_user, assessment) and can_import(current_user, assessment, assigned)}


# --------------------------------------------------------------------------- upload, preview, confirm


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt=PLAN_SALT)


def sign_plan(plan: ImportPlan) -> str:
    """The previewed changes and conflicts, signed, for the confirm form (the preview keeps no state)."""
    items = {qid: [item.answer, item.version, item.where] for qid, item in plan.incoming().items()}
    return _serializer().dumps({"a": plan.assessment_id, "u": current_user.id, "q": list(plan.questionnaire),
                                "items": items, "seen": plan.seen_versions()})


def read_signed_plan(token: str, assessment: Assessment) -> tuple[dict[str, Incoming], dict[str, int]] | None:
    try:
        data = _serializer().loads(token, max_age=int(current_app.config["IMPORT_PREVIEW_MAX_AGE"]))
    except BadSignature:
        return None
    questionnaire = questionnaire_of(assessment)
    if data.get("a") != assessment.id or data.get("u") != current_user.id or \
            tuple(data.get("q", ())) != questionnaire.key:
        return None
    incoming = {qid: Incoming(answer, int(version), None, where)
                for qid, (answer, version, where) in data.get("items", {}).items()}
    return incoming, {k: int(v) for k, v in data.get("seen", {}).items()}


def _importer(assessment: Assessment) -> set[str] | None:
    sections = editable_sections(assessment)
    assigned = sections if current_user.role == "contributor" else None
    if not can_import(current_user, assessment, assigned):
        abort(403)
    return sections


def _preview(assessment: Assessment, plan: ImportPlan, *, filename: str = "", notes: list[str] | None = None,
             status: int | None = None):
    questionnaire = questionnaire_of(assessment)
    form = ConfirmImportForm(formdata=None)  # a fresh form, never what was posted (which may be too large to read)
    can_apply = not plan.problems and bool(plan.changes or plan.conflicts)
    if can_apply:
        form.plan.data = sign_plan(plan)
        form.overwrite.data = False
    code = status or (422 if plan.problems else 200)
    return render_template("reports/preview.html", assessment=assessment, questionnaire=questionnaire, plan=plan,
                           form=form, can_apply=can_apply, filename=filename, notes=notes or [],
                           listed_problems=LISTED_PROBLEMS, figure_checks=_figure_checks(assessment, plan)), code


def _figure_checks(assessment: Assessment, plan: ImportPlan) -> list[Any]:
    """The plausibility of the capacity figures as they would be after the import (messages, never a refusal)."""
    from assessment.services.answer_store import answers_of
    from assessment.services.capacity import findings_of
    from scoring.capacity import capacity_module

    questionnaire = questionnaire_of(assessment)
    if plan.problems or capacity_module(questionnaire) is None:
        return []
    answers = answers_of(assessment, with_version=False)
    for change in [*plan.changes, *plan.conflicts]:
        answers[change.question_id] = change.new
    return findings_of(assessment, questionnaire, {k: v for k, v in answers.items() if v}, locale_code())


@bp.route("/<int:assessment_id>/upload", methods=["GET", "POST"])
@login_required
def upload(assessment_id: int):
    """Upload the offline workbook: every problem with its sheet and cell, what would change, the conflicts."""
    assessment = load_assessment(assessment_id)
    sections = _importer(assessment)
    form = WorkbookUploadForm()
    if form.validate_on_submit():
        filename = form.file.data.filename or ""
        limits = workbooks.workbook_limits(current_app.config)
        data = form.file.data.read(limits.max_bytes + 1)
        questionnaire = questionnaire_of(assessment)
        refusal = _refused_name(filename)
        if refusal:
            plan = ImportPlan(assessment.id, questionnaire.key)
            plan.problems.append(ImportProblem("", refusal))
            return _preview(assessment, plan, filename=filename)
        workbook = read_offline_workbook(data, questionnaire, limits, assessment_id=assessment.id,
                                         locale=locale_code())
        incoming, problems = incoming_from_offline(workbook)
        plan = plan_import(assessment, incoming, questionnaire, editable_sections=sections, problems=problems,
                           locale=locale_code())
        return _preview(assessment, plan, filename=filename, notes=workbook.notes)
    return render_template("reports/upload.html", assessment=assessment, form=form, sections=sections,
                           questionnaire=questionnaire_of(assessment)), 422 if form.errors else 200


@bp.errorhandler(413)
def too_large(_error: Exception):
    """An upload over ``MAX_CONTENT_LENGTH``: say so on the preview page, in the same words as other refusals."""
    assessment = load_assessment(int((request.view_args or {}).get("assessment_id", 0)))
    limit = int(current_app.config["MAX_CONTENT_LENGTH"])
    plan = ImportPlan(assessment.id, questionnaire_of(assessment).key)
    size = f"{limit / (1024 * 1024):.0f} MB" if limit >= 1024 * 1024 else f"{max(1, limit // 1024)} KB"
    plan.problems.append(ImportProblem("", _("The file is larger than %(size)s; nothing was read.", size=size)))
    return _preview(assessment, plan, status=413)


def _refused_name(filename: str) -> str | None:
    lower = filename.lower()
    if lower.endswith(".xlsx"):
        return None
    if lower.endswith((".xlsm", ".xltm")):
        return _("This is a workbook with macros (.xlsm), which is not accepted. In Excel choose File › Save As › "
                 "Excel Workbook (.xlsx) and upload that file.")
    if lower.endswith((".xls", ".ods", ".csv", ".xlsb")):
        return _("Only Excel workbooks (.xlsx) can be uploaded. Save the file as an Excel Workbook (.xlsx) first.")
    return _("Only Excel workbooks (.xlsx) can be uploaded.")


@bp.route("/<int:assessment_id>/upload/confirm", methods=["POST"])
@login_required
def confirm(assessment_id: int):
    """Apply a previewed upload at once, after checking again that nothing changed on the server meanwhile."""
    assessment = load_assessment(assessment_id)
    sections = _importer(assessment)
    form = ConfirmImportForm()
    if not form.validate_on_submit():
        abort(400)
    signed = read_signed_plan(form.plan.data, assessment)
    if signed is None:
        flash(_("This preview has expired or does not belong to this assessment. Upload the workbook again."), "error")
        return redirect(url_for("reports.upload", assessment_id=assessment.id))
    incoming, seen = signed
    questionnaire = questionnaire_of(assessment)
    plan = plan_import(assessment, incoming, questionnaire, editable_sections=sections, locale=locale_code())
    if plan.problems or not plan_matches(plan, seen):
        flash(_("Some answers changed online since your preview, so nothing was applied. Check the preview "
                "again."), "warning")
        return _preview(assessment, plan, status=409)
    overview = url_for("responses.overview", assessment_id=assessment.id)

    def refused(exc: Refused):
        if isinstance(exc, Stale):
            fresh = plan_import(assessment, incoming, questionnaire, editable_sections=sections, locale=locale_code())
            flash(_("Some answers changed online while applying, so nothing was applied. Check the preview again."),
                  "warning")
            return _preview(assessment, fresh, status=409)
        flash(_("Nothing was applied: %(reason)s", reason=exc.message), "error")
        return redirect(overview)

    def applied(result) -> str:
        message = _("Applied %(count)s change(s) from the workbook.", count=len(result.applied))
        if result.skipped:
            message += " " + _("%(count)s answer(s) changed online were kept as they are: %(questions)s.",
                               count=len(result.skipped), questions=", ".join(result.skipped))
        return message

    return attempt(lambda: apply_import(assessment, plan, actor(), overwrite=bool(form.overwrite.data)), refused,
                   overview, applied)
