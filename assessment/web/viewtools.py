"""The shape of a view that carries out one action from a button: check the posted form, try the action,
commit or roll back, flash the outcome, redirect."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask import abort, flash, redirect
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from assessment.auth.forms import EmptyForm
from assessment.extensions import db
from assessment.refusals import Refused

T = TypeVar("T")
F = TypeVar("F", bound=FlaskForm)


def posted(form_class: type[F] | None = None) -> F | FlaskForm:
    """The posted form of a button, checked (its security token and fields); 400 when it does not validate.
    Without ``form_class`` the button carries no field but the security token."""
    form = form_class() if form_class is not None else EmptyForm()
    if not form.validate_on_submit():
        abort(400)
    return form


def carry_out(action: Callable[[], T], back: str | Callable[[T], str],
              success: str | Callable[[T], str] | None = None, refused_to: str | None = None) -> Response:
    """Run ``action``; on :class:`Refused` roll back and flash its message, else commit and flash
    ``success`` (a sentence, or a function of the action's result). Redirect to ``back`` (an address, or a
    function of the action's result called after the commit, which then needs ``refused_to``), or to
    ``refused_to`` after a refusal."""
    if refused_to is None and not isinstance(back, str):
        raise TypeError("carry_out: a computed address needs refused_to")
    try:
        result = action()
    except Refused as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return redirect(refused_to or str(back))
    db.session.commit()
    if success is not None:
        flash(success(result) if callable(success) else success, "success")
    return redirect(back if isinstance(back, str) else back(result))
