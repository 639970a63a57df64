"""Administration pages: users, members, cycles, questionnaire versions. Administrators only."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from assessment.admin import operations, queries
from assessment.admin.forms import (
    CycleForm,
    MemberEditForm,
    MemberForm,
    MoveForm,
    SelectChoice,
    UploadForm,
    UserFilterForm,
    UserForm,
    member_choices,
    option,
)
from assessment.audit import current_actor as actor
from assessment.auth.forms import EmptyForm
from assessment.compare.queries import member_or_404
from assessment.extensions import db
from assessment.permissions import require_role
from assessment.services.registry import DefinitionError, UnknownQuestionnaire, registry
from assessment.vocabulary import Role
from assessment.web.i18n import WordTable, locale_code
from assessment.web.invitations import invitation_page, invite_page, new_link
from assessment.web.viewtools import Button, Page, add_buttons, add_pages, carry_out, posted, submitted

bp = Blueprint("admin", __name__, url_prefix="/admin")


# --------------------------------------------------------------------------- pages that only show what they read


#: by endpoint: address, what the page shows, its template and what the template is given
PAGES = {
    "index": Page("/", "Entry page with the four administration areas.", "admin/index.html",
                  lambda: {"counts": {**queries.counts(), "questionnaires": len(registry().available())}}),
    "members": Page("/members", "Every member, current and former.", "admin/members.html",
                    lambda: {"members": queries.members()}),
    "questionnaires": Page("/questionnaires",
                           "Shipped and uploaded questionnaire versions and how many assessments use each.",
                           "admin/questionnaires.html", lambda: {"rows": queries.version_rows()}),
    "cycles": Page("/cycles", "Every cycle with its questionnaire version and its assessments counted by status.",
                   "admin/cycles.html", lambda: {"rows": queries.cycle_rows(), "status_heads": [
                       (words, "num") for words in WordTable("assessment_status", locale_code()).values()]}),
    "outdated": Page("/questionnaires/outdated",
                     "Drafts that answer an older questionnaire version than the newest, with a button to move each.",
                     "admin/outdated.html", lambda: {"rows": queries.outdated_drafts()}),
}
add_pages(bp, PAGES, require_role(Role.ADMIN))


# --------------------------------------------------------------------------- users


@bp.route("/users")
@require_role(Role.ADMIN)
def users():
    """Every account, filtered by role and member."""
    form = UserFilterForm(request.args)
    form.member.choices = member_choices(_("Any member"), current_only=False)
    rows = queries.users(form.role.data, form.member.data) if form.validate() else queries.users()
    return render_template("admin/users.html", form=form, users=rows, action_form=EmptyForm(), me=current_user)


@bp.route("/users/new", methods=["GET", "POST"])
@require_role(Role.ADMIN)
def new_user():
    """Create an account; the next page shows its set-password link once."""
    form = UserForm()
    form.member.choices = member_choices(_("No member (RSO staff)"))

    def invite():
        member = queries.member_by_code(form.member.data) if form.member.data else None
        return operations.create_account(form.email.data, form.role.data, member, form.name.data, actor())

    return invite_page(form, "admin/user_form.html", invite, "admin.invitation")


@bp.route("/users/<int:user_id>/invitation")
@require_role(Role.ADMIN)
def invitation(user_id: int):
    """The one-time set-password link, shown on this page only."""
    return invitation_page("admin/invitation.html", queries.user_or_404(user_id))


@bp.route("/users/<int:user_id>/invite", methods=["POST"])
@require_role(Role.ADMIN)
def reinvite(user_id: int):
    """New set-password link; earlier unused ones stop working."""
    user = queries.user_or_404(user_id)
    posted()
    return new_link(user, lambda: operations.reinvite(user, actor()), "admin.invitation", url_for("admin.users"))


#: the buttons beside each account on the users page
ACCOUNT_BUTTONS = {
    "deactivate": Button("Deactivate an account and end its sessions.", operations.deactivate,
                         lambda email: _("%(email)s is deactivated and signed out everywhere.", email=email)),
    "reactivate": Button("Let a deactivated account sign in again.", operations.reactivate,
                         lambda email: _("%(email)s can sign in again.", email=email)),
}
add_buttons(bp, "/users/<int:user_id>/{}", ACCOUNT_BUTTONS, queries.user_or_404, lambda user: user.email,
            "admin.users", require_role(Role.ADMIN))


# --------------------------------------------------------------------------- members


@bp.route("/members/new", methods=["GET", "POST"])
@require_role(Role.ADMIN)
def new_member():
    """Add a member."""
    form = MemberForm()
    done = submitted(form, lambda: operations.add_member(
        form.code.data, form.name.data, form.sub_region.data, actor(), note=form.note.data or "",
        is_current=form.is_current.data, is_fictional=form.is_fictional.data, is_state=form.is_state.data),
        "code", lambda member: _("%(code)s %(name)s is added.", code=member.code, name=member.name),
        url_for("admin.members"))
    return done or render_template("admin/member_form.html", form=form, member=None, sub_regions=queries.sub_regions())


@bp.route("/members/<code>/edit", methods=["GET", "POST"])
@require_role(Role.ADMIN)
def edit_member(code: str):
    """Change a member's name, sub-region, note, current/former status or whether it is a state (not its code)."""
    member = member_or_404(code)
    form = MemberEditForm(obj=member)
    done = submitted(form, lambda: operations.update_member(
        member, actor(), name=form.name.data, sub_region=form.sub_region.data, note=form.note.data or "",
        is_current=form.is_current.data, is_state=form.is_state.data),
        "name", lambda changed: (_("%(code)s is saved.", code=member.code), "success") if changed else
        (_("Nothing was changed."), "info"), url_for("admin.members"))
    return done or render_template("admin/member_form.html", form=form, member=member,
                                   sub_regions=queries.sub_regions())


# --------------------------------------------------------------------------- questionnaire versions


@bp.route("/questionnaires/upload", methods=["GET", "POST"])
@require_role(Role.ADMIN)
def upload_questionnaire():
    """Upload a new questionnaire version; every problem is listed and nothing is stored unless all is well."""
    form = UploadForm()
    problems = []
    if form.validate_on_submit():
        try:
            document = operations.parse_upload(form.file.data.read(operations.upload_limit() + 1))
            row = operations.upload_questionnaire(document, actor())
        except operations.UploadRefused as exc:
            problems = exc.problems
        else:
            db.session.commit()
            flash(_("%(id)s version %(version)s is uploaded.", id=row.questionnaire_id, version=row.version),
                  "success")
            return redirect(url_for("admin.questionnaire", questionnaire_id=row.questionnaire_id,
                                    version=row.version))
    status = 422 if problems else 200
    return render_template("admin/upload.html", form=form, problems=problems,
                           filename=getattr(form.file.data, "filename", "")), status


@bp.route("/questionnaires/<questionnaire_id>/<int:version>")
@require_role(Role.ADMIN)
def questionnaire(questionnaire_id: str, version: int):
    """One version's structure: modules, sections, question ids and texts."""
    try:
        definition = registry().get(questionnaire_id, version)
    except UnknownQuestionnaire:
        abort(404)
    except DefinitionError as exc:
        return render_template("admin/questionnaire_broken.html", error=exc), 500
    return render_template("admin/questionnaire.html", q=definition,
                           uploaded=queries.uploaded_version(questionnaire_id, version),
                           in_use=queries.assessments_using(questionnaire_id, version))


# --------------------------------------------------------------------------- cycles


def questionnaire_choices() -> list[SelectChoice]:
    sources = {"shipped": _("shipped"), "uploaded": _("uploaded")}
    return [option(f"{a.id}:{a.version}", _("%(id)s version %(version)s (%(source)s)", id=a.id, version=a.version,
                                             source=sources.get(a.source, a.source)))
            for a in reversed(registry().available())]


@bp.route("/cycles/new", methods=["GET", "POST"])
@require_role(Role.ADMIN)
def new_cycle():
    """Open a cycle: one draft per current member, pre-filled from their last submission."""
    form = CycleForm()
    form.questionnaire.choices = questionnaire_choices()

    def open_cycle():
        questionnaire_id, _sep, version = form.questionnaire.data.rpartition(":")
        return operations.open_cycle(form.code.data, form.title.data, questionnaire_id, int(version), actor())

    done = submitted(form, open_cycle, "code",
                     lambda cycle: ngettext("Cycle %(code)s is open with %(num)d draft.",
                                            "Cycle %(code)s is open with %(num)d drafts.", len(cycle.assessments),
                                            code=cycle.code),
                     lambda cycle: url_for("admin.cycle", code=cycle.code))
    return done or render_template("admin/cycle_form.html", form=form)


@bp.route("/cycles/<code>")
@require_role(Role.ADMIN)
def cycle(code: str):
    """One cycle's assessments: status, version and what their pre-fill copied (no answers are shown)."""
    cycle = queries.cycle_or_404(code)
    return render_template("admin/cycle.html", cycle=cycle, rows=queries.cycle_assessments(cycle),
                           action_form=EmptyForm())


#: the buttons beside each cycle on the cycles page
CYCLE_BUTTONS = {
    "close_cycle": Button("Close a cycle to new submissions.", operations.close_cycle,
                          lambda code: _("Cycle %(code)s is closed.", code=code), path="close"),
    "reopen_cycle": Button("Reopen a closed cycle.", operations.reopen_cycle,
                           lambda code: _("Cycle %(code)s is open again.", code=code), path="reopen"),
}
add_buttons(bp, "/cycles/<code>/{}", CYCLE_BUTTONS, queries.cycle_or_404, lambda cycle: cycle.code, "admin.cycles",
            require_role(Role.ADMIN))


# --------------------------------------------------------------------------- moving drafts to a newer version


@bp.route("/assessments/<int:assessment_id>/move", methods=["POST"])
@require_role(Role.ADMIN)
def move(assessment_id: int):
    """Move one draft to the newer version shown on the list."""
    assessment = queries.assessment_or_404(assessment_id)
    form = posted(MoveForm)
    return carry_out(lambda: operations.move_to_version(assessment, int(form.version.data), actor()),
                     lambda result: url_for("admin.moved", assessment_id=assessment.id, event_id=result.event.id),
                     refused_to=url_for("admin.outdated"))


@bp.route("/assessments/<int:assessment_id>/moves/<int:event_id>")
@require_role(Role.ADMIN)
def moved(assessment_id: int, event_id: int):
    """What a move kept and dropped (question ids only; dropped values are in the audit log)."""
    assessment = queries.assessment_or_404(assessment_id)
    event = queries.move_event_or_404(assessment, event_id)
    rows, new = queries.moved_rows(event)
    return render_template("admin/moved.html", assessment=assessment, event=event, moved_rows=rows,
                           new_questions=new, link_answers=False)
