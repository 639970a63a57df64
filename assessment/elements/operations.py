"""Marking a regional example as a model provision, and taking the mark off (RSO analysts).

Each operation checks what it is given, changes the session (flush, no commit: the view commits once) and
records an audit event; on refusal it raises and changes nothing.
"""

from __future__ import annotations

from flask_babel import format_number
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from assessment.audit import Actor, record
from assessment.elements.queries import Example, example_of
from assessment.extensions import db
from assessment.models import Assessment, ModelProvision, Snapshot, utcnow
from assessment.refusals import Refused, Stale
from questionnaires.loader import default_elements

#: the longest note an analyst may give a mark
MAX_NOTE = 2000


def _example(element_id: str, snapshot_id: int, question_id: str, index: int) -> Example:
    if default_elements().get(element_id) is None:
        raise Refused(_("There is no element %(element)s.", element=element_id))
    example = example_of(element_id, snapshot_id, question_id, index)
    if example is None:
        raise Refused(_("This is not a regional example for element %(element)s: only a citation of law in force, "
                        "in a validated result that meets the element, can be marked.", element=element_id))
    return example


def _current(element_id: str, snapshot_id: int, question_id: str, index: int) -> ModelProvision | None:
    return db.session.scalar(select(ModelProvision).where(
        ModelProvision.element_id == element_id, ModelProvision.snapshot_id == snapshot_id,
        ModelProvision.question_id == question_id, ModelProvision.citation_index == index))


def _assessment(snapshot_id: int) -> Assessment:
    snapshot = db.session.get(Snapshot, snapshot_id)
    return db.session.get(Assessment, snapshot.assessment_id)


def mark_example(actor: Actor, element_id: str, snapshot_id: int, question_id: str, index: int, note: str,
                 base_version: int) -> ModelProvision:
    """Mark an example as a model provision for ``element_id`` with ``note``, or change the note of a mark.

    :param base_version: the mark's version the form was opened with (0: it was not marked then)
    :raises Refused: unknown element, not an example, note too long
    :raises Stale: the mark changed (or appeared, or went) since ``base_version``
    """
    note = note.strip()
    if len(note) > MAX_NOTE:
        raise Refused(_("The note has %(count)s characters; it can have at most %(max)s.",
                        count=format_number(len(note)), max=format_number(MAX_NOTE)))
    example = _example(element_id, snapshot_id, question_id, index)
    current = _current(element_id, snapshot_id, question_id, index)
    if (current.version if current else 0) != base_version:
        raise Stale(current=current)
    old = {"note": current.note} if current else None
    if current is None:
        current = ModelProvision(element_id=element_id, snapshot_id=snapshot_id, question_id=question_id,
                                 citation_index=index, note=note, version=1, marked_by_id=actor.user_id,
                                 marked_at=utcnow())
        try:
            with db.session.begin_nested():  # another analyst may have marked it a moment ago
                db.session.add(current)
        except IntegrityError:
            raise Stale(current=_current(element_id, snapshot_id, question_id, index)) from None
    else:
        current.note = note
        current.version += 1
        current.marked_by_id = actor.user_id
        current.marked_at = utcnow()
        db.session.flush()
    record("example.mark", actor, assessment=_assessment(snapshot_id), question_id=question_id, old=old,
           new={"element": element_id, "act": example.citation.act, "section": example.citation.section,
                "citation": index, "note": note})
    return current


def unmark_example(actor: Actor, element_id: str, snapshot_id: int, question_id: str, index: int,
                   base_version: int) -> None:
    """Take the model-provision mark off an example.

    :raises Refused: the example is not marked
    :raises Stale: the note changed since the form was opened
    """
    current = _current(element_id, snapshot_id, question_id, index)
    if current is None:
        raise Refused(_("This example is not marked as a model provision (any more); nothing was changed."))
    if current.version != base_version:
        raise Stale(current=current)
    record("example.unmark", actor, assessment=_assessment(snapshot_id), question_id=question_id,
           old={"element": element_id, "citation": index, "note": current.note}, new=None)
    db.session.delete(current)
    db.session.flush()
