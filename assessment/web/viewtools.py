"""The shape of a view that carries out one action from a button: try it, commit or roll back, flash the
outcome, redirect."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask import flash, redirect
from werkzeug.wrappers import Response

from assessment.extensions import db
from assessment.refusals import Refused

T = TypeVar("T")


def carry_out(action: Callable[[], T], back: str, success: str | Callable[[T], str] | None = None,
              refused_to: str | None = None) -> Response:
    """Run ``action``; on :class:`Refused` roll back and flash its message, else commit and flash
    ``success`` (a sentence, or a function of the action's result). Redirect to ``back`` (or to
    ``refused_to`` after a refusal)."""
    try:
        result = action()
    except Refused as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return redirect(refused_to or back)
    db.session.commit()
    if success is not None:
        flash(success(result) if callable(success) else success, "success")
    return redirect(back)
