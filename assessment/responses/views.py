"""Filling in an assessment: overview, section pages, autosave, review, submit, results, history."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from assessment.admin.queries import last_move, moved_rows
from assessment.audit import current_actor as actor
from assessment.auth.forms import EmptyForm
from assessment.extensions import db
from assessment.models import Assessment
from assessment.permissions import can_edit, can_manage, can_review, can_view, can_view_live_answers
from assessment.refusals import Refused, Stale
from assessment.responses import operations
from assessment.responses.forms import (
    AssignForm,
    CommentForm,
    SharingForm,
    StatusForm,
    adapter_of,
    answer_from_form,
    build_section_form,
    citation_rows_in,
    field_for_path,
    field_place,
    form_data_from_answer,
    form_getter,
    has_citations,
)
from assessment.responses.operations import AnswerProblems, questionnaire_of
from assessment.responses.problem_words import problems_in_words
from assessment.responses.queries import (
    active_contributors,
    answers_for_display,
    assessment_by_id,
    changes_since_last_cycle,
    comments_by_question,
    contributors_among,
    history_page,
    last_answer_event,
    last_edits,
    latest_snapshot,
    load_assessment,
    question_threads,
    questionnaire_and_answers,
    result_for,
    rso_has_acted,
    section_assignees,
)
from assessment.responses.queries import assigned_sections as sections_assigned_to
from assessment.services.answer_store import answers_of, page_answers, without_version
from assessment.services.capacity import findings_of
from assessment.services.imports import answer_summary
from assessment.services.registry import DefinitionError, UnknownQuestionnaire, registry
from assessment.services.scoring_service import live_result
from assessment.vocabulary import Role
from assessment.web.fragments import fragment_cache
from assessment.web.i18n import catalogue_in_force, locale_code
from assessment.web.inputs import BadJson, choice_arg, parse_json, small_int
from assessment.web.page_words import ELEMENT_STATE_LABELS, INSTRUMENT_LABELS
from assessment.web.paging import page_number
from assessment.web.presentation import titles_in_locale, translate
from assessment.web.viewtools import carry_out, posted, reads_only
from exports.results import citations_in_words as workbook_citations
from questionnaires.conditions import (
    HIDDEN,
    blank_shows_questions,
    condition_questions,
    visibility,
    visible_components,
    visible_values,
)
from questionnaires.loader import default_elements, default_ta_catalogue
from questionnaires.numbering import section_number
from questionnaires.progress import progress
from questionnaires.types import answer_in_words
from scoring.capacity import CAPACITY_MODULE
from scoring.review import review as review_findings

bp = Blueprint("responses", __name__, url_prefix="/assessments")


# --------------------------------------------------------------------------- loading and access


def _with_questionnaire(assessment_id: int, may: Callable[[Any, Assessment], bool] | None = None,
                        refusal: int = 403) -> tuple[Assessment, Any]:
    """The assessment a page shows (see ``load_assessment``) and the questionnaire it answers."""
    assessment = load_assessment(assessment_id, may, refusal)
    return assessment, questionnaire_of(assessment)


def assigned_sections(assessment: Assessment) -> set[str]:
    if current_user.role == Role.CONTRIBUTOR:
        return sections_assigned_to(assessment, current_user)
    return set()


# --------------------------------------------------------------------------- overview


@bp.route("/<int:assessment_id>")
@login_required
def overview(assessment_id: int):
    """Status, progress per module and section, assignments, snapshots and actions."""
    assessment, questionnaire = _with_questionnaire(assessment_id)
    answers, live = answers_for_display(assessment)
    edits = last_edits(assessment) if live else []
    contributors = active_contributors(assessment) if can_manage(current_user, assessment) else []
    return render_template(
        "responses/overview.html",
        assessment=assessment,
        questionnaire=questionnaire,
        progress=progress(questionnaire, answers),
        live=live,
        assignees=section_assignees(assessment),
        assigned=assigned_sections(assessment),
        contributors=contributors,
        last_edits=edits,
        comments=comments_by_question(assessment).get(None, []),
        threads=question_threads(assessment, questionnaire),
        can_manage=can_manage(current_user, assessment),
        can_edit_any=can_edit(current_user, assessment, None),
        can_review=can_review(current_user, assessment),
        rso_has_acted=rso_has_acted(assessment),
        moved_event=last_move(assessment) if live else None,
        form=EmptyForm(),
    )


# --------------------------------------------------------------------------- section pages


def _citation_rows(questionnaire_section, answers: dict[str, dict[str, Any]], formdata=None) -> dict[str, int]:
    rows = {}
    for q in questionnaire_section.questions:
        stored = len(answers.get(q.id, {}).get("citations") or [])
        posted = citation_rows_in(formdata, q.id) if formdata is not None else 0
        rows[q.id] = max(stored + 1, posted, 1)
    return rows


@dataclass(frozen=True)
class NavEntry:
    """A module or section in a section page's navigation: its title in the page's language, its progress and,
    for a section, its number, address and whether it is the page's own."""

    title: str
    answered: int
    total: int
    number: int = 0
    url: str = ""
    current: bool = False
    sections: tuple[NavEntry, ...] = ()

    @property
    def complete(self) -> bool:
        return self.answered >= self.total


def section_nav(assessment, questionnaire, progress_by_id, current: str) -> list[NavEntry]:
    """The modules of the questionnaire with their sections, for ``responses/_nav.html``."""
    locale = locale_code()
    modules = []
    for module in questionnaire.modules:
        sections = tuple(
            NavEntry(translate(s.title, locale), progress_by_id[s.id].answered, progress_by_id[s.id].total,
                     section_number(questionnaire, s.id),
                     url_for("responses.section", assessment_id=assessment.id, section_id=s.id), s.id == current)
            for s in module.sections)
        done = progress_by_id[module.id]
        modules.append(NavEntry(translate(module.title, locale), done.answered, done.total, sections=sections))
    return modules


def _section_context(assessment, questionnaire, section, answers, live, editable, form, *,
                     answered: set[str] | None = None, assigned: set[str] | None = None,
                     citation_rows: dict[str, int] | None = None, conflicts: dict[str, Any] | None = None,
                     problems: dict[str, Any] | None = None) -> dict[str, Any]:
    """The values of ``responses/section.html``. ``answered`` (the ids of the answered questions) when the
    caller read only those rather than every answer; ``assigned`` (the sections assigned to the person) when the
    caller has it; ``citation_rows`` (citation rows per question) when not taken from the posted ``form``;
    ``conflicts`` and ``problems`` of a save that did not go through."""
    shown = visibility(questionnaire, answers)
    values = visible_values(questionnaire, answers, shown)
    blank_shows = blank_shows_questions(questionnaire)
    components_shown = {q.id: set(visible_components(q, values, blank_shows=blank_shows))
                        for q in section.questions if q.components}
    own = {q.id for q in section.questions}
    external_values = {k: v for k, v in values.items() if k not in own and v is not HIDDEN}
    # from version 2 on the page tells a hidden fact (known not to apply) from a blank one (which shows)
    external_hidden = sorted(k for k, v in values.items() if k not in own and v is HIDDEN)
    if citation_rows is None:
        citation_rows = ({q.id: citation_rows_in([field.name for field in form], q.id) for q in section.questions}
                         if form else {})
    return dict(
        assessment=assessment,
        questionnaire=questionnaire,
        section=section,
        module=questionnaire.module(section.module_id),
        answers=answers,
        live=live,
        editable=editable,
        form=form,
        shown=shown,
        components_shown=components_shown,
        nav=section_nav(assessment, questionnaire, progress(questionnaire, answers, shown, answered), section.id),
        elements=default_elements(),
        comments=comments_by_question(assessment),
        can_review=can_review(current_user, assessment),
        assigned=assigned_sections(assessment) if assigned is None else assigned,
        has_citations=has_citations,
        section_cites=any(has_citations(q) for q in section.questions),
        external_values=external_values,
        external_hidden=external_hidden,
        blank_shows=blank_shows,
        citation_rows=citation_rows,
        conflicts=conflicts or {},
        problems=problems or {},
        field_place=lambda name: field_place(section, form, name, section_number(questionnaire, section.id)),
        errors_under=lambda prefix: bool(form) and any(name.startswith(prefix) for name in form.errors),
        adapter_of=adapter_of,
        figure_checks=_figure_checks(assessment, questionnaire, section, answers),
        autosave_words=autosave_words() if editable else {},
    )


def _figure_checks(assessment, questionnaire, section, answers):
    """The plausibility findings of the capacity figures on this page (the module's other answers read too)."""
    if section.module_id != CAPACITY_MODULE:
        return []
    everything = answers_of(assessment, with_version=False) if can_view_live_answers(current_user, assessment) \
        else answers
    own = {q.id for q in section.questions}
    return [f for f in findings_of(assessment, questionnaire, everything, locale_code()) if f.question in own]


@bp.route("/<int:assessment_id>/sections/<section_id>", methods=["GET", "POST"])
@reads_only
@login_required
def section(assessment_id: int, section_id: str):
    """One section of the questionnaire: read, or fill in and save (works without JavaScript)."""
    assessment, questionnaire = _with_questionnaire(assessment_id)
    try:
        the_section = questionnaire.section(section_id)
    except KeyError:
        abort(404)
    answered = None
    if request.method == "GET" and can_view_live_answers(current_user, assessment):
        # the page shows its own questions whole; of the others it needs only the values skip logic reads and
        # which questions are answered (for progress)
        answers, answered = page_answers(assessment, {q.id for q in the_section.questions},
                                         condition_questions(questionnaire))
        live = True
    else:
        answers, live = answers_for_display(assessment)
    assigned = assigned_sections(assessment)
    editable = live and can_edit(current_user, assessment, section_id, assigned)
    ta = default_ta_catalogue()

    if request.method == "POST":
        if not editable:
            abort(403)
        return _save_section(assessment, questionnaire, the_section, answers, ta)

    rows = _citation_rows(the_section, answers)

    @functools.cache
    def prefilled_form():
        """The form pre-filled from the stored answers, made once and only if a question is not in the cache."""
        data: dict[str, Any] = {}
        for q in the_section.questions:
            data.update(form_data_from_answer(q, answers.get(q.id)))
        return build_section_form(the_section, ta, rows)(formdata=None, data=data)

    context = _section_context(assessment, questionnaire, the_section, answers, live, editable, None,
                               citation_rows=rows, answered=answered, assigned=assigned)
    context["question_html"] = _cached_questions(context, prefilled_form)
    return render_template("responses/section.html", **context)


def _cached_questions(context: dict[str, Any], prefilled_form: Callable[[], Any]):
    """``question_html(q, n)`` for the template: each question's HTML from the fragment cache, keyed by what
    goes into it (the stored answer with its version, its number, visibility, editability)."""
    cache = fragment_cache()
    assessment, answers, comments = context["assessment"], context["answers"], context["comments"]

    def rendered(q, n):
        return render_template("responses/_question.html", **{**context, "form": prefilled_form(), "q": q, "n": n})

    def question_html(q, n):
        # RSO comments are shown beside the question, and an analyst gets a comment form with its own security
        # token: both rendered afresh
        if comments.get(q.id) or context["can_review"]:
            return Markup(rendered(q, n))  # noqa: S704 (a rendered template: autoescaped)
        answer = answers.get(q.id)
        key = ("question", locale_code(), assessment.id, q.id, n, context["editable"], context["live"],
               bool(context["shown"].get(q.id)), tuple(sorted(context["components_shown"].get(q.id, ()))),
               context["citation_rows"].get(q.id, 0),
               json.dumps(answer, sort_keys=True, default=str) if answer else "")
        return cache.get_or_render(key, q, lambda: rendered(q, n))

    return question_html


def _save_section(assessment, questionnaire, the_section, answers, ta):
    """Save every question of a posted section whose answer changed and fits; show the others' problems beside
    their fields (the page keeps everything typed), and both versions where someone else changed an answer."""
    form_class = build_section_form(the_section, ta, _citation_rows(the_section, answers, request.form))
    form = form_class()
    if not form.validate():
        flash(_("The page could not be read: reload it and try again. Nothing was saved."), "error")
        return render_template(
            "responses/section.html",
            **_section_context(assessment, questionnaire, the_section, answers, True, True, form),
        ), 422
    data = form_getter(form)
    posted = []
    for q in the_section.questions:
        submitted, found = answer_from_form(q, data, citation_rows_in(request.form, q.id), locale_code())
        posted.append(operations.PostedAnswer(q, submitted, small_int(form[f"{q.id}__v"].data or "0"), found))
    try:
        outcome = operations.save_section(assessment.id, posted, answers, actor(), locale_code())
    except Stale as exc:
        abort(409, exc.message)
    for question_id, version in outcome.versions.items():
        form[f"{question_id}__v"].data = str(version)
    conflicts, saved = outcome.conflicts, outcome.saved
    problems: dict[str, list[str]] = {}
    for item in posted:
        q = item.question
        if q.id in outcome.altered:
            problems[q.id] = [_("The page was altered: reload it and try again.")]
            continue
        if q.id not in outcome.problems:
            continue
        found = outcome.problems[q.id]
        problems[q.id] = problems_in_words(q, item.answer, found)
        main = adapter_of(q).main_field()
        for problem in found:
            name = field_for_path(q, problem.path)
            target = form[name] if name in form else form[main]
            target.errors = [*target.errors, problem.message]
    db.session.commit()
    if conflicts or problems:
        if conflicts:
            flash(_("%(count)s answer(s) were changed by someone else while you worked: both versions are shown "
                    "below. Save again to keep yours.", count=len(conflicts)), "warning")
        if problems:
            flash(_("%(count)s answer(s) could not be saved: see the messages beside them.", count=len(problems))
                  + " " + (_("The other changes were saved (%(count)s).", count=saved) + " " if saved else "")
                  + _("Nothing you typed was lost."), "error")
        fresh = answers_of(assessment)
        return render_template(
            "responses/section.html",
            **_section_context(assessment, questionnaire, the_section, fresh, True, True, form,
                               conflicts=conflicts, problems=problems),
        ), 409 if conflicts else 422
    flash(_("Saved: %(count)s answer(s) changed.", count=saved) if saved else _("Nothing had changed."), "success")
    target = form.next_section.data
    if target and target in {s.id for s in questionnaire.sections}:
        return redirect(url_for("responses.section", assessment_id=assessment.id, section_id=target))
    return redirect(url_for("responses.section", assessment_id=assessment.id, section_id=the_section.id))


@bp.route("/<int:assessment_id>/autosave", methods=["POST"])
def autosave(assessment_id: int):
    """Save one answer: ``{question_id, base_version, answer}`` → 200 with the new version, 409 with both."""
    if not current_user.is_authenticated:
        return jsonify(error="signed_out", message=signed_out_words()), 401
    assessment = assessment_by_id(assessment_id)
    if assessment is None or not can_view(current_user, assessment):
        return jsonify(error="not_found", message=_("There is no such assessment.")), 404
    try:
        payload = parse_json(request.get_data(cache=False))
    except BadJson as exc:
        return jsonify(error="bad_request", message=f"{exc} Expected {{question_id, base_version, answer}}."), 400
    if not isinstance(payload, dict) or not isinstance(payload.get("question_id"), str) \
            or not isinstance(payload.get("answer"), dict) or not _is_version(payload.get("base_version")):
        return jsonify(error="bad_request", message="Expected {question_id, base_version, answer}."), 400
    questionnaire = questionnaire_of(assessment)
    question_id = payload["question_id"]
    if not questionnaire.has_question(question_id):
        return jsonify(error="unknown_question", message=f"There is no question {question_id!r}."), 400
    question = questionnaire.question(question_id)
    if not can_edit(current_user, assessment, question.section_id, assigned_sections(assessment)):
        return jsonify(error="forbidden", message=_("You cannot edit this section.")), 403
    locked = operations.lock_assessment(assessment.id, exclusive=False)
    if locked is None or not locked.is_editable:
        db.session.rollback()
        return jsonify(error="not_editable", message=_("This assessment is no longer a draft; your change was not "
                                                        "saved. Copy it before reloading.")), 409
    try:
        result = operations.save_answer(locked, question, payload["answer"], payload["base_version"], actor(),
                                        locale_code())
    except AnswerProblems as exc:
        db.session.rollback()
        # the person reads the problems in words, each saying where; the JSON paths stay in the details
        return jsonify(error="invalid", question_id=question_id,
                       problems=problems_in_words(question, payload["answer"], exc.problems) or exc.messages,
                       details=[{"path": p.path, "message": p.message} for p in exc.problems]), 422
    db.session.commit()
    body = {"status": result.status, "question_id": question_id, "version": result.version, "answer": result.answer,
            "updated_by": result.updated_by, "updated_at": result.updated_at}
    body["answer_words"] = answer_in_words(question, result.answer, locale_code())
    body["answer_summary"] = answer_summary(question, result.answer, locale_code()) if result.answer else _("no answer")
    if result.status == "conflict":
        body["yours"] = payload["answer"]
        body["message"] = _("Someone else changed this answer meanwhile.")
        return jsonify(body), 409
    return jsonify(body), 200


@bp.route("/token")
def session_token():
    """A fresh security token for a page whose session ended and was started again in another tab (JSON)."""
    if not current_user.is_authenticated:
        return jsonify(error="signed_out", message=signed_out_words()), 401
    return jsonify(token=generate_csrf())


def autosave_words() -> dict[str, str]:
    """What the autosave script shows (save state, conflicts, refusals), in the page's language; ``%(name)s``
    placeholders are filled in by the script. The two dozen strings are looked up in the catalogue in force,
    found once, as the templates' strings are."""
    _ = catalogue_in_force().ugettext  # named _ so that the string extractor finds the strings
    return {
        "unsaved": _("Unsaved changes…"),
        "saving": _("Saving…"),
        "saved": _("All changes saved"),
        "not_saved": _("%(count)s answer(s) not saved: see the message beside the question."),
        "conflict_elsewhere": _("An answer in another section was changed by someone else; open it to choose."),
        "conflict": _("Someone else changed this answer while you worked."),
        "their_version": _("Their version (%(who)s): %(answer)s. Your version is in the form."),
        "another_user": _("another user"),
        "no_answer": _("no answer"),
        "keep_mine": _("Keep mine"),
        "take_theirs": _("Take theirs (reload)"),
        "needs_choice": _("One answer needs your choice: see the highlighted question."),
        "refused": _("This answer was not saved:"),
        "does_not_fit": _("it does not fit the question."),
        "signed_out": _("Your session has ended. Sign in again in another tab: your %(count)s change(s) are kept "
                        "here and will be sent then."),
        "offline_count": _("Offline: %(count)s change(s) kept in this browser, to be sent when the connection is "
                           "back"),
        "offline": _("Offline: changes are kept in this browser"),
        "not_editable": _("This assessment can no longer be edited."),
        "server_refused": _("The server refused this change."),
        "not_accepted": _("The server did not accept the save; your changes are kept and will be sent again."),
        "citation": _("Citation %(number)s"),
    }


def signed_out_words() -> str:
    return _("Your session has ended. Sign in again in another tab; your changes are kept in this browser and "
             "will be sent then.")


def autosave_csrf_failure():
    """An autosave whose security token failed: 401 when the session has ended (the page keeps the change and
    sends it once the person has signed in again), else a stale token the page replaces and sends again."""
    if not current_user.is_authenticated:
        return jsonify(error="signed_out", message=signed_out_words()), 401
    return jsonify(error="csrf", message=_("The page's security token has expired; it will be renewed and your "
                                           "change sent again.")), 400


def _is_version(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2**31


# --------------------------------------------------------------------------- review and submit


@bp.route("/<int:assessment_id>/review")
@login_required
def review(assessment_id: int):
    """What to check before submitting: unanswered, N/A and precluded, citations, contradictions, critical gaps."""
    assessment, questionnaire = _with_questionnaire(assessment_id)
    answers, live = answers_for_display(assessment)
    plain = {k: without_version(v) for k, v in answers.items()}
    result = live_result(assessment, questionnaire) if live else latest_snapshot(assessment).result
    findings = review_findings(questionnaire, plain, result, locale_code())
    findings["figures"] = [
        {"question": f.question, "section": questionnaire.question(f.question).section_id, "message": f.message}
        for f in findings_of(assessment, questionnaire, plain, locale_code())]
    return render_template(
        "responses/review.html",
        assessment=assessment,
        questionnaire=questionnaire,
        findings=findings,
        result=result,
        progress=progress(questionnaire, answers),
        can_manage=can_manage(current_user, assessment),
        answers_seen=last_answer_event(assessment),
        form=EmptyForm(),
    )


def _posted_on(assessment_id: int, allowed: Callable[[Any, Assessment], bool],
               form_class: Any = StatusForm) -> tuple[Assessment, Any]:
    """The assessment a button acts on and its checked form: 403 for a person who may not act on it, 400 for a
    form that does not validate."""
    return load_assessment(assessment_id, allowed), posted(form_class)


@bp.route("/<int:assessment_id>/submit", methods=["POST"])
@login_required
def submit(assessment_id: int):
    """Submit (focal point): a new immutable snapshot; the answers become read-only."""
    assessment, form = _posted_on(assessment_id, can_manage)
    back = url_for("responses.review", assessment_id=assessment.id)
    locked = operations.lock_assessment(assessment.id, exclusive=True)
    seen = form.seen_stamp()
    if seen is not None and seen != last_answer_event(locked):
        db.session.rollback()
        flash(_("Answers were changed since you opened this page, so nothing was submitted. Review them and "
                "submit again."), "error")
        return redirect(back)
    return carry_out(lambda: operations.submit(locked, actor(), form.expected_version()),
                     url_for("responses.results", assessment_id=assessment.id),
                     lambda snapshot: _("Submitted (snapshot %(number)s). The RSO will review it for completeness "
                                        "and evidence.", number=snapshot.number),
                     refused_to=back)


def _validate(locked: Assessment, form: StatusForm) -> Any:
    """Validate once the analyst has ticked that they reviewed the submission: validating cannot be undone
    except by reopening with a reason."""
    if form.confirm.data != "reviewed":
        raise Refused(_("Not validated: tick “I have reviewed the answers and the evidence cited” beside the "
                        "Validate button to confirm."))
    return operations.validate(locked, actor())


@dataclass(frozen=True)
class StatusAction:
    """A button that changes an assessment's status: who may press it, what it does, what it then says."""

    doc: str
    allowed: Callable[[Any, Assessment], bool]
    do: Callable[[Assessment, StatusForm], Any]
    message: Any
    needs_reason: bool = False


#: the status buttons of the overview and review pages, by the last part of their address
STATUS_ACTIONS = {
    "withdraw": StatusAction(
        "Withdraw a submission the RSO has not acted on (focal point).", can_manage,
        lambda a, _f: operations.withdraw(a, actor()), _l("Withdrawn: the assessment is a draft again.")),
    "request-changes": StatusAction(
        "Ask the member to change a submission (RSO analyst).", can_review,
        lambda a, f: operations.request_changes(a, actor(), f.reason.data),
        _l("Changes requested: the member can edit again."), needs_reason=True),
    "validate": StatusAction(
        "Mark a submission as reviewed for completeness and evidence (RSO analyst), once the analyst has ticked "
        "that they reviewed it: validating cannot be undone except by reopening with a reason.", can_review,
        _validate, _l("Validated: reviewed for completeness and evidence.")),
    "reopen": StatusAction(
        "Reopen a validated assessment with a reason (RSO analyst); the validated snapshot is kept.", can_review,
        lambda a, f: operations.reopen(a, actor(), f.reason.data), _l("Reopened: changes requested from the member."),
        needs_reason=True),
}


def _status_action(action: StatusAction, assessment_id: int):
    assessment, form = _posted_on(assessment_id, action.allowed)
    back = url_for("responses.overview", assessment_id=assessment.id)
    if action.needs_reason and not form.reason.data:
        flash(_("Please give a reason."), "error")
        return redirect(back)
    locked = operations.lock_assessment(assessment.id, exclusive=True)
    expected = form.expected_version()
    if expected is not None and expected != locked.version:
        db.session.rollback()
        flash(_("The assessment changed since you loaded the page; nothing was done. Please look again."),
              "error")
        return redirect(back)
    return carry_out(lambda: action.do(locked, form), back, str(action.message))


def _register_status_action(path: str, action: StatusAction) -> None:
    def view(assessment_id: int):
        return _status_action(action, assessment_id)

    view.__name__ = view.__qualname__ = path.replace("-", "_")
    view.__doc__ = action.doc
    bp.add_url_rule(f"/<int:assessment_id>/{path}", view_func=login_required(view), methods=["POST"])


for _path, _action in STATUS_ACTIONS.items():
    _register_status_action(_path, _action)


@bp.route("/<int:assessment_id>/comment", methods=["POST"])
@login_required
def comment(assessment_id: int):
    """Comment on a question or on the whole submission (RSO analyst)."""
    assessment, form = _posted_on(assessment_id, can_review, CommentForm)
    question_id = form.question_id.data or None
    return carry_out(lambda: operations.comment(assessment, actor(), form.body.data or "", question_id),
                     _comment_back(assessment, form.back.data, question_id), _("Comment added."))


def _comment_back(assessment: Assessment, back: str | None, question_id: str | None) -> str:
    """Where a comment was written from: the results page, the question's section, or the overview."""
    anchor = f"#comments-{question_id}" if question_id else ""
    if back == "results":
        return url_for("responses.results", assessment_id=assessment.id) + anchor
    questionnaire = questionnaire_of(assessment)
    if back == "section" and question_id and questionnaire.has_question(question_id):
        section_id = questionnaire.question(question_id).section_id
        return url_for("responses.section", assessment_id=assessment.id, section_id=section_id) + anchor
    return url_for("responses.overview", assessment_id=assessment.id)


def _share_with_rso(assessment: Assessment, value: bool) -> None:
    try:
        operations.set_shared_with_rso(assessment, actor(), value)
    except Refused as exc:
        raise Refused(_("Not shared. %(reason)s", reason=exc.message)) from exc


#: the two sharing switches: what each does and what it then says when turned on and off
SHARING = {
    "rso": (_share_with_rso, _l("Shared with the RSO for advice."), _l("No longer shared with the RSO.")),
    "results": (lambda a, value: operations.set_shares_results(a, actor(), value),
                _l("Validated results for this cycle are shared with other members who share theirs."),
                _l("Results are no longer shared with other members.")),
}


@bp.route("/<int:assessment_id>/sharing", methods=["POST"])
@login_required
def sharing(assessment_id: int):
    """Share the draft with the RSO for advice, and validated results with other members (focal point)."""
    assessment, form = _posted_on(assessment_id, can_manage, SharingForm)
    change, on, off = SHARING[form.what.data]
    value = form.value.data == "1"
    return carry_out(lambda: change(assessment, value), url_for("responses.overview", assessment_id=assessment.id),
                     str(on if value else off))


@bp.route("/<int:assessment_id>/assign", methods=["POST"])
@login_required
def assign(assessment_id: int):
    """Assign a section to contributors (focal point)."""
    assessment, form = _posted_on(assessment_id, can_manage, AssignForm)
    section_id = form.section_id.data or ""
    ids = form.user_ids()
    if None in ids:
        abort(400, "A contributor was not recognised.")
    # only this member's contributors can be found here: nothing is said about other accounts
    users = contributors_among(assessment, ids)
    if len(users) != len(ids):
        abort(404)
    if section_id not in {s.id for s in questionnaire_of(assessment).sections}:
        abort(400, f"There is no section {section_id!r} in this questionnaire.")
    back = url_for("responses.overview", assessment_id=assessment.id)
    return carry_out(lambda: operations.assign_section(assessment, section_id, users, actor()),
                     back + f"#s-{section_id}", _("Assignment saved."), refused_to=back)


# --------------------------------------------------------------------------- results


@bp.route("/<int:assessment_id>/results")
@login_required
def results(assessment_id: int):
    """Gap scores with "why this score", elements and the TA list."""
    assessment, questionnaire = _with_questionnaire(assessment_id)
    result, snapshot = result_for(assessment)
    return render_template("responses/results.html", assessment=assessment, questionnaire=questionnaire,
                           result=titles_in_locale(result, questionnaire), snapshot=snapshot,
                           elements=default_elements(), ta=default_ta_catalogue(),
                           comments=comments_by_question(assessment), can_review=can_review(current_user, assessment),
                           STATE_WORDS=ELEMENT_STATE_LABELS, form=EmptyForm())


def citations_in_words(citations: Any) -> str:
    """The citations of an answer on one line, their status in the page's language: ``Penal Code, s. 212 (2015),
    in force; …`` (as the results workbook words them, one per line there)."""
    return "; ".join(workbook_citations(citations, locale_code()).splitlines())


@bp.route("/<int:assessment_id>/results/standards")
@login_required
def results_by_standard(assessment_id: int):
    """The same answers read by treaty article and FATF Recommendation, beside the mutual-evaluation ratings."""
    from assessment.services.by_standard import fatf_text, standards_view
    assessment = load_assessment(assessment_id)
    fatf = fatf_text(request.args.get("fatf"))
    if fatf is None:
        abort(404)
    result, snapshot = result_for(assessment)
    view = standards_view(assessment, result, snapshot, fatf)
    return render_template("responses/standards.html", assessment=assessment, questionnaire=view.questionnaire,
                           result=result, snapshot=snapshot, view=view, INSTRUMENT_NAMES=INSTRUMENT_LABELS,
                           citations_in_words=citations_in_words)


@bp.route("/<int:assessment_id>/results/profile")
@login_required
def results_profile(assessment_id: int):
    """The member's profile: the law's bands by cycle beside capacity and practice by cycle (printable)."""
    from assessment.services.capacity import current_view, member_profile

    assessment = load_assessment(assessment_id)
    result, snapshot = result_for(assessment)
    questionnaire, answers = questionnaire_and_answers(assessment, snapshot)
    current = current_view(assessment, questionnaire, answers, result, snapshot)
    return render_template("responses/profile.html", assessment=assessment, snapshot=snapshot,
                           profile=member_profile(assessment.member, current_user, current, locale=locale_code()))


def _json_download(document: dict[str, Any], filename: str) -> Response:
    body = json.dumps(document, indent=2, ensure_ascii=False, sort_keys=False)
    return Response(body, mimetype="application/json",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.route("/<int:assessment_id>/results.json")
@login_required
def results_json(assessment_id: int):
    """The result document (result format) as a download."""
    assessment = load_assessment(assessment_id)
    result, snapshot = result_for(assessment)
    suffix = f"-snapshot{snapshot.number}" if snapshot else "-draft"
    return _json_download(result, f"results-{assessment.member.code}-{assessment.cycle.code}{suffix}.json")


@bp.route("/<int:assessment_id>/answers.json")
@login_required
def answers_json(assessment_id: int):
    """The answers document (answers format) as a download."""
    assessment = load_assessment(assessment_id)
    from scoring.answers import answers_document

    _result, snapshot = result_for(assessment)
    if snapshot is not None:
        document = snapshot.answers
        suffix = f"-snapshot{snapshot.number}"
    else:
        document = answers_document(questionnaire_of(assessment), assessment.member.code, assessment.cycle.code,
                                    answers_of(assessment))
        suffix = "-draft"
    return _json_download(document, f"answers-{assessment.member.code}-{assessment.cycle.code}{suffix}.json")


# --------------------------------------------------------------------------- history


HISTORY_PER_PAGE = 50
HISTORY_KINDS = {"all": _l("Every change"), "answers": _l("Answer changes"),
                 "workflow": _l("Submissions, reviews and sharing")}


@bp.route("/<int:assessment_id>/history")
@login_required
def history(assessment_id: int):
    """Every answer change and status change (who, when, old, new); ``?question=ID`` for one question."""
    assessment, questionnaire = _with_questionnaire(assessment_id, can_view_live_answers, 404)
    question_id = request.args.get("question") or None
    if question_id and not questionnaire.has_question(question_id):
        abort(404)
    kind = choice_arg("kind", HISTORY_KINDS, "all")
    page = history_page(assessment, question_id, kind, page_number(), HISTORY_PER_PAGE)
    return render_template("responses/history.html", assessment=assessment, questionnaire=questionnaire,
                           events=page.items, page=page, question_id=question_id, kind=kind, kinds=HISTORY_KINDS,
                           page_args=_history_args(assessment.id, question_id, kind),
                           earlier=_earlier_questions(questionnaire, {e.question_id for e in page.items}))


def _history_args(assessment_id: int, question_id: str | None, kind: str) -> dict[str, Any]:
    args: dict[str, Any] = {"assessment_id": assessment_id}
    if question_id:
        args["question"] = question_id
    if kind != "all":
        args["kind"] = kind
    return args


def _earlier_questions(questionnaire: Any, question_ids: set[str | None]) -> dict[str, Any]:
    """Questions of older versions of ``questionnaire`` for the ids it no longer asks (answers given before a move),
    so that their history reads in words."""
    missing = {q for q in question_ids if q and not questionnaire.has_question(q)}
    found: dict[str, Any] = {}
    for version in range(questionnaire.version - 1, 0, -1):
        if not missing - set(found):
            break
        try:
            older = registry().get(questionnaire.id, version)
        except (UnknownQuestionnaire, DefinitionError):
            continue
        for question_id in missing - set(found):
            if older.has_question(question_id):
                found[question_id] = older.question(question_id)
    return found


@bp.route("/<int:assessment_id>/moved")
@login_required
def moved(assessment_id: int):
    """What the last move to a newer questionnaire version did with each answer ("what moved")."""
    assessment = load_assessment(assessment_id, can_view_live_answers, 404)
    event = last_move(assessment)
    if event is None:
        return render_template("responses/moved.html", assessment=assessment, event=None)
    rows, new = moved_rows(event, locale_code())
    facts = event.new or {}
    counts = {"kept": len(facts.get("kept") or ()), "moved": (facts.get("counts") or {}).get("moved", 0)}
    return render_template("responses/moved.html", assessment=assessment, event=event, moved_rows=rows,
                           new_questions=new, old_version=(event.old or {}).get("questionnaire_version"),
                           new_version=facts.get("questionnaire_version"), counts=counts, link_answers=True)


@bp.route("/<int:assessment_id>/changes")
@login_required
def changes(assessment_id: int):
    """What changed since the last cycle: answers that differ from the submission this draft started from."""
    assessment, questionnaire = _with_questionnaire(assessment_id, can_view_live_answers, 404)
    found = changes_since_last_cycle(assessment, questionnaire, locale_code())
    return render_template("responses/changes.html", assessment=assessment, questionnaire=questionnaire,
                           previous=found.previous, rows=found.rows, removed=found.removed,
                           translated=found.translated, by_section=found.by_section)


def reshow_after_csrf_failure(view_args: dict[str, Any]):
    """A save whose security token failed (e.g. after signing in again in another tab): nothing is saved, and
    the section comes back with everything that was typed and a fresh token, so one more Save keeps it."""
    if not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()
    assessment, questionnaire = _with_questionnaire(int(view_args.get("assessment_id", 0)))
    try:
        the_section = questionnaire.section(str(view_args.get("section_id", "")))
    except KeyError:
        abort(404)
    answers, live = answers_for_display(assessment)
    editable = live and can_edit(current_user, assessment, the_section.id, assigned_sections(assessment))
    form_class = build_section_form(the_section, default_ta_catalogue(),
                                    _citation_rows(the_section, answers, request.form))
    form = form_class(formdata=request.form, meta={"csrf": False})
    flash(_("Your answers were not saved because the page's security token had expired. Everything you typed is "
            "shown below: press Save again to keep it."), "error")
    return render_template(
        "responses/section.html",
        **_section_context(assessment, questionnaire, the_section, answers, live, editable, form),
    ), 400
