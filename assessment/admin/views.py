"""Administration pages: users, members, cycles, questionnaire versions. Administrators only."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, abort, flash, make_response, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import func, select

from assessment.admin import operations
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
from assessment.auth.operations import hand_off, take_handoff
from assessment.auth.views import SESSION_KEY
from assessment.extensions import db
from assessment.models import Assessment, AuditEvent, Cycle, Member, QuestionnaireVersion, User
from assessment.permissions import require_role
from assessment.refusals import Refused
from assessment.services.members import shipped_members
from assessment.services.registry import DefinitionError, UnknownQuestionnaire, registry
from assessment.web.viewtools import carry_out

bp = Blueprint("admin", __name__, url_prefix="/admin")


def keep_link_for_one_page(user: User, link: str) -> None:
    """Keep a one-time set-password link on the server, in this session's record, for the next page only
    (never in the cookie, which the browser can read)."""
    hand_off(session.get(SESSION_KEY), {"user_id": user.id, "link": link})
    db.session.commit()


def take_link(user: User) -> str | None:
    """The link created for ``user`` on the previous request, handed out once."""
    stored = take_handoff(session.get(SESSION_KEY))
    db.session.commit()
    if isinstance(stored, dict) and stored.get("user_id") == user.id:
        return stored.get("link")
    return None


def no_store(body: str) -> Any:
    response = make_response(body)
    response.headers["Cache-Control"] = "no-store"
    return response



# --------------------------------------------------------------------------- index


@bp.route("/")
@require_role("admin")
def index():
    """Entry page with the four administration areas."""
    counts = {
        "users": db.session.scalar(select(func.count()).select_from(User)),
        "members": db.session.scalar(select(func.count()).select_from(Member).where(Member.is_current.is_(True))),
        "cycles": db.session.scalar(select(func.count()).select_from(Cycle)),
        "questionnaires": len(registry().available()),
    }
    return render_template("admin/index.html", counts=counts)


# --------------------------------------------------------------------------- users


@bp.route("/users")
@require_role("admin")
def users():
    """Every account, filtered by role and member."""
    form = UserFilterForm(request.args)
    form.member.choices = member_choices(_("Any member"), current_only=False)
    query = select(User).outerjoin(Member, User.member_id == Member.id).order_by(Member.code, User.role, User.email)
    if form.validate():
        if form.role.data:
            query = query.where(User.role == form.role.data)
        if form.member.data:
            query = query.where(Member.code == form.member.data)
    return render_template("admin/users.html", form=form, users=db.session.scalars(query).all(),
                           action_form=EmptyForm(), me=current_user)


@bp.route("/users/new", methods=["GET", "POST"])
@require_role("admin")
def new_user():
    """Create an account; the next page shows its set-password link once."""
    form = UserForm()
    form.member.choices = member_choices(_("No member (RSO staff)"))
    if form.validate_on_submit():
        member = db.session.scalar(select(Member).where(Member.code == form.member.data)) if form.member.data else None
        try:
            user, link = operations.create_account(form.email.data, form.role.data, member, form.name.data, actor())
        except Refused as exc:
            form.email.errors.append(str(exc))
        else:
            db.session.commit()
            keep_link_for_one_page(user, link)
            return redirect(url_for("admin.invitation", user_id=user.id))
    return render_template("admin/user_form.html", form=form)


@bp.route("/users/<int:user_id>/invitation")
@require_role("admin")
def invitation(user_id: int):
    """The one-time set-password link, shown on this page only."""
    user = db.get_or_404(User, user_id)
    return no_store(render_template("admin/invitation.html", user=user, link=take_link(user)))


@bp.route("/users/<int:user_id>/invite", methods=["POST"])
@require_role("admin")
def reinvite(user_id: int):
    """New set-password link; earlier unused ones stop working."""
    user = db.get_or_404(User, user_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        link = operations.reinvite(user, actor())
    except Refused as exc:
        flash(exc.message, "error")
        return redirect(url_for("admin.users"))
    db.session.commit()
    keep_link_for_one_page(user, link)
    return redirect(url_for("admin.invitation", user_id=user.id))


@bp.route("/users/<int:user_id>/deactivate", methods=["POST"])
@require_role("admin")
def deactivate(user_id: int):
    """Deactivate an account and end its sessions."""
    return _change_activation(user_id, operations.deactivate,
                              lambda email: _("%(email)s is deactivated and signed out everywhere.", email=email))


@bp.route("/users/<int:user_id>/reactivate", methods=["POST"])
@require_role("admin")
def reactivate(user_id: int):
    """Let a deactivated account sign in again."""
    return _change_activation(user_id, operations.reactivate,
                              lambda email: _("%(email)s can sign in again.", email=email))


def _change_activation(user_id: int, change: Any, message: Callable[[str], str]):
    user = db.get_or_404(User, user_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    return carry_out(lambda: change(user, actor()), url_for("admin.users"), lambda _result: message(user.email))


# --------------------------------------------------------------------------- members


def sub_regions() -> list[str]:
    stored = set(db.session.scalars(select(Member.sub_region).distinct()))
    return sorted(stored | {m["sub_region"] for m in shipped_members()})


def member_or_404(code: str) -> Member:
    return db.first_or_404(select(Member).where(Member.code == code))


@bp.route("/members")
@require_role("admin")
def members():
    """Every member, current and former."""
    rows = db.session.scalars(select(Member).order_by(Member.is_current.desc(), Member.code)).all()
    return render_template("admin/members.html", members=rows)


@bp.route("/members/new", methods=["GET", "POST"])
@require_role("admin")
def new_member():
    """Add a member."""
    form = MemberForm()
    if form.validate_on_submit():
        try:
            member = operations.add_member(form.code.data, form.name.data, form.sub_region.data, actor(),
                                           note=form.note.data or "", is_current=form.is_current.data,
                                           is_fictional=form.is_fictional.data, is_state=form.is_state.data)
        except Refused as exc:
            getattr(form, exc.field or "code").errors.append(exc.message)
        else:
            db.session.commit()
            flash(_("%(code)s %(name)s is added.", code=member.code, name=member.name), "success")
            return redirect(url_for("admin.members"))
    return render_template("admin/member_form.html", form=form, member=None, sub_regions=sub_regions())


@bp.route("/members/<code>/edit", methods=["GET", "POST"])
@require_role("admin")
def edit_member(code: str):
    """Change a member's name, sub-region, note, current/former status or whether it is a state (not its code)."""
    member = member_or_404(code)
    form = MemberEditForm(obj=member)
    if form.validate_on_submit():
        try:
            changed = operations.update_member(member, actor(), name=form.name.data, sub_region=form.sub_region.data,
                                               note=form.note.data or "", is_current=form.is_current.data,
                                               is_state=form.is_state.data)
        except Refused as exc:
            getattr(form, exc.field or "name").errors.append(exc.message)
        else:
            db.session.commit()
            flash(_("%(code)s is saved.", code=member.code) if changed else _("Nothing was changed."),
                  "success" if changed else "info")
            return redirect(url_for("admin.members"))
    return render_template("admin/member_form.html", form=form, member=member, sub_regions=sub_regions())


# --------------------------------------------------------------------------- questionnaire versions


@bp.route("/questionnaires")
@require_role("admin")
def questionnaires():
    """Shipped and uploaded questionnaire versions and how many assessments use each."""
    return render_template("admin/questionnaires.html", rows=operations.version_rows())


@bp.route("/questionnaires/upload", methods=["GET", "POST"])
@require_role("admin")
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
@require_role("admin")
def questionnaire(questionnaire_id: str, version: int):
    """One version's structure: modules, sections, question ids and texts."""
    try:
        definition = registry().get(questionnaire_id, version)
    except UnknownQuestionnaire:
        abort(404)
    except DefinitionError as exc:
        return render_template("admin/questionnaire_broken.html", error=exc), 500
    uploaded = db.session.scalar(
        select(QuestionnaireVersion).where(QuestionnaireVersion.questionnaire_id == questionnaire_id,
                                           QuestionnaireVersion.version == version)
    )
    in_use = db.session.scalar(
        select(func.count()).select_from(Assessment).where(Assessment.questionnaire_id == questionnaire_id,
                                                           Assessment.questionnaire_version == version)
    )
    return render_template("admin/questionnaire.html", q=definition, uploaded=uploaded, in_use=in_use)


# --------------------------------------------------------------------------- cycles


def cycle_or_404(code: str) -> Cycle:
    return db.first_or_404(select(Cycle).where(Cycle.code == code))


def questionnaire_choices() -> list[SelectChoice]:
    sources = {"shipped": _("shipped"), "uploaded": _("uploaded")}
    return [option(f"{a.id}:{a.version}", _("%(id)s version %(version)s (%(source)s)", id=a.id, version=a.version,
                                             source=sources.get(a.source, a.source)))
            for a in reversed(registry().available())]


@bp.route("/cycles")
@require_role("admin")
def cycles():
    """Every cycle with its questionnaire version and its assessments counted by status."""
    return render_template("admin/cycles.html", rows=operations.cycle_rows(), action_form=EmptyForm())


@bp.route("/cycles/new", methods=["GET", "POST"])
@require_role("admin")
def new_cycle():
    """Open a cycle: one draft per current member, pre-filled from their last submission."""
    form = CycleForm()
    form.questionnaire.choices = questionnaire_choices()
    if form.validate_on_submit():
        questionnaire_id, _, version = form.questionnaire.data.rpartition(":")
        try:
            cycle = operations.open_cycle(form.code.data, form.title.data, questionnaire_id, int(version), actor())
        except Refused as exc:
            getattr(form, exc.field or "code").errors.append(exc.message)
        else:
            db.session.commit()
            flash(ngettext("Cycle %(code)s is open with %(num)d draft.", "Cycle %(code)s is open with %(num)d drafts.",
                           len(cycle.assessments), code=cycle.code), "success")
            return redirect(url_for("admin.cycle", code=cycle.code))
    return render_template("admin/cycle_form.html", form=form)


@bp.route("/cycles/<code>")
@require_role("admin")
def cycle(code: str):
    """One cycle's assessments: status, version and what their pre-fill copied (no answers are shown)."""
    cycle = cycle_or_404(code)
    return render_template("admin/cycle.html", cycle=cycle, rows=operations.cycle_assessments(cycle),
                           action_form=EmptyForm())


@bp.route("/cycles/<code>/close", methods=["POST"])
@require_role("admin")
def close_cycle(code: str):
    """Close a cycle to new submissions."""
    return _change_cycle(code, operations.close_cycle,
                         lambda cycle_code: _("Cycle %(code)s is closed.", code=cycle_code))


@bp.route("/cycles/<code>/reopen", methods=["POST"])
@require_role("admin")
def reopen_cycle(code: str):
    """Reopen a closed cycle."""
    return _change_cycle(code, operations.reopen_cycle,
                         lambda cycle_code: _("Cycle %(code)s is open again.", code=cycle_code))


def _change_cycle(code: str, change: Any, message: Callable[[str], str]):
    cycle = cycle_or_404(code)
    if not EmptyForm().validate_on_submit():
        abort(400)
    return carry_out(lambda: change(cycle, actor()), url_for("admin.cycles"), lambda _result: message(cycle.code))


# --------------------------------------------------------------------------- moving drafts to a newer version


@bp.route("/questionnaires/outdated")
@require_role("admin")
def outdated():
    """Drafts that answer an older questionnaire version than the newest, with a button to move each."""
    return render_template("admin/outdated.html", rows=operations.outdated_drafts(), form=MoveForm())


@bp.route("/assessments/<int:assessment_id>/move", methods=["POST"])
@require_role("admin")
def move(assessment_id: int):
    """Move one draft to the newer version shown on the list."""
    assessment = db.get_or_404(Assessment, assessment_id)
    form = MoveForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        result = operations.move_to_version(assessment, int(form.version.data), actor())
    except Refused as exc:
        flash(exc.message, "error")
        return redirect(url_for("admin.outdated"))
    db.session.commit()
    return redirect(url_for("admin.moved", assessment_id=assessment.id, event_id=result.event.id))


@bp.route("/assessments/<int:assessment_id>/moves/<int:event_id>")
@require_role("admin")
def moved(assessment_id: int, event_id: int):
    """What a move kept and dropped (question ids only; dropped values are in the audit log)."""
    assessment = db.get_or_404(Assessment, assessment_id)
    event = db.session.get(AuditEvent, event_id)
    if event is None or event.assessment_id != assessment.id or event.action != "assessment.move_version":
        abort(404)
    rows, new = operations.moved_rows(event)
    return render_template("admin/moved.html", assessment=assessment, event=event, moved_rows=rows,
                           new_questions=new, link_answers=False)
