"""Element pages (signed-in users): the list by module, and each element with what the law must do, the questions
that test it, resources, the member's own state and regional examples; RSO analysts mark model provisions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, abort, current_app, flash, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from assessment.audit import current_actor
from assessment.elements import queries
from assessment.elements.forms import ExampleForm, MarkForm
from assessment.elements.operations import mark_example, unmark_example
from assessment.permissions import can_view
from assessment.refusals import Refused, Stale
from assessment.web.page_words import ELEMENT_STATE_LABELS, KIND_LABELS
from assessment.web.presentation import tr
from assessment.web.viewtools import attempt
from questionnaires.loader import default_elements
from questionnaires.model import Element
from questionnaires.resources import default_resources
from scoring.examples import elements_tested_by

bp = Blueprint("elements", __name__, url_prefix="/elements")


@bp.app_template_global()
def tested_elements(questionnaire: Any, question_ids: Any) -> list[str]:
    """The elements some questions test, for links to their pages (results page, TA items)."""
    return elements_tested_by(questionnaire, question_ids) if questionnaire is not None else []


def _element(element_id: str) -> Element:
    element = default_elements().get(element_id)
    if element is None:
        abort(404)
    return element


@bp.route("/")
@login_required
def index():
    """The elements by module, with their obligation level, sources and how many resources serve each."""
    catalogue = default_elements()
    questionnaire = queries.shown_questionnaire(current_user, queries.latest_own_assessment(current_user))
    module_of = queries.module_of_elements(questionnaire)
    groups = []
    for module in questionnaire.modules if questionnaire else ():
        rows = [e for e in catalogue.elements if module_of.get(e.id) == module.id]
        if rows:
            groups.append((tr(module.title), rows))
    untested = [e for e in catalogue.elements if e.id not in module_of]
    if untested:
        groups.append((_("Not tested by this questionnaire version") if questionnaire else _("Elements"), untested))
    return render_template("elements/index.html", groups=groups, questionnaire=questionnaire,
                           total=len(catalogue.elements), resources=default_resources(), sections=catalogue.sections)


def render_element(element: Element, *, status: int = 200, kept: dict[str, Any] | None = None):
    """The element page; ``kept`` holds a note that could not be saved, so it is shown again, not lost."""
    own = queries.latest_own_assessment(current_user)
    questionnaire = queries.shown_questionnaire(current_user, own)
    examples = queries.regional_examples(current_user, [element.id]).get(element.id, [])
    return render_template(
        "elements/element.html", element=element, questionnaire=questionnaire,
        questions=queries.testing_questions(questionnaire, element.id),
        state=queries.own_state(current_user, element.id, own, questionnaire),
        own=own if own is not None and can_view(current_user, own) else None,
        references=default_resources().for_element(element.id), examples=examples,
        can_mark=current_user.role == "rso_analyst", kept=kept or {},
        sections=default_elements().sections, KIND_WORDS=KIND_LABELS, STATE_WORDS=ELEMENT_STATE_LABELS,
    ), status


@bp.route("/<element_id>")
@login_required
def element(element_id: str):
    """One element: plain words, questions, resources, the member's own state and regional examples."""
    return render_element(_element(element_id))


def _kept(form: ExampleForm) -> dict[str, Any]:
    note = getattr(form, "note", None)
    return {"anchor": f"example-{form.snapshot_id.data}-{form.question_id.data}-{form.citation_index.data}",
            "note": note.data if note is not None else None}


def _back(element: Element, form: ExampleForm) -> str:
    """The address of the example the form is about, on its element's page."""
    anchor = f"example-{form.snapshot_id.data}-{form.question_id.data}-{form.citation_index.data}"
    return url_for("elements.element", element_id=element.id, _anchor=anchor)


def _stale(element: Element, form: ExampleForm, exc: Stale):
    if exc.current is None:
        message = _("Another analyst took the mark off this example since you opened the page, so nothing was "
                    "saved.")
    else:
        if exc.current.marked_by:
            message = _("%(person)s changed this mark since you opened the page, so nothing was saved. Their note is "
                        "shown now; your text is kept in the box below.", person=exc.current.marked_by.display_name)
        else:
            message = _("Another analyst changed this mark since you opened the page, so nothing was saved. Their "
                        "note is shown now; your text is kept in the box below.")
    flash(message, "error")
    return render_element(element, status=409, kept=_kept(form))


@bp.route("/<element_id>/examples/mark", methods=["POST"])
@login_required
def mark(element_id: str):
    """Mark an example as a model provision, or change the mark's note (RSO analysts)."""
    return _change_mark(element_id, MarkForm, lambda element, form: mark_example(
        current_actor(), element.id, form.snapshot_id.data, form.question_id.data, form.citation_index.data,
        form.note.data or "", form.base_version.data), _("Marked as a model provision."))


@bp.route("/<element_id>/examples/unmark", methods=["POST"])
@login_required
def unmark(element_id: str):
    """Take the model-provision mark off an example (RSO analysts)."""
    return _change_mark(element_id, ExampleForm, lambda element, form: unmark_example(
        current_actor(), element.id, form.snapshot_id.data, form.question_id.data, form.citation_index.data,
        form.base_version.data), _("The model-provision mark was taken off."))


def _change_mark(element_id: str, form_class: type[ExampleForm], change: Callable[[Element, Any], Any],
                 message: str):
    """A mark's button: an incomplete form, a mark changed meanwhile or a refusal show the page again with the
    note as typed; a change done goes back to the example."""
    element = _element(element_id)
    if current_user.role != "rso_analyst":
        abort(403)
    form = form_class()
    if not form.validate_on_submit():
        return _incomplete(element, form)

    def refused(exc: Refused):
        if isinstance(exc, Stale):
            return _stale(element, form, exc)
        flash(exc.message, "error")
        return render_element(element, status=422, kept=_kept(form))

    return attempt(lambda: change(element, form), refused, _back(element, form), message)


def _incomplete(element: Element, form: ExampleForm):
    problems = "; ".join(f"{name.replace('_', ' ')}: {' '.join(errors)}" for name, errors in form.errors.items())
    flash(_("Nothing was changed: the form was not complete or not valid (%(problems)s).", problems=problems), "error")
    return render_element(element, status=400, kept=_kept(form))


def reshow_after_csrf_failure(view_args: dict[str, Any]):
    """A mark whose security token failed (e.g. the page was open a long time): nothing is saved, and the page
    comes back with the note as it was typed and a fresh token, so one more press keeps it."""
    if not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()
    if current_user.role != "rso_analyst":
        abort(403)
    element = _element(str(view_args.get("element_id", "")))
    form = MarkForm(meta={"csrf": False})
    form.validate()
    flash(_("The note was not saved because the page's security token had expired. It is shown below as you typed "
            "it: press the button again to keep it."), "error")
    return render_element(element, status=400, kept=_kept(form))
