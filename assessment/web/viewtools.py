"""The shape of a view that carries out one action from a button: check the posted form, try the action,
commit or roll back, flash the outcome, redirect; of a page that only shows what it reads; and of a page
asked for again and again whose GET only reads (:func:`reads_only`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from flask import Blueprint, Flask, abort, flash, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from sqlalchemy.engine import Connection
from werkzeug.wrappers import Response

from assessment.audit import Actor, current_actor
from assessment.auth.forms import EmptyForm
from assessment.extensions import db
from assessment.refusals import Refused

T = TypeVar("T")
F = TypeVar("F", bound=FlaskForm)
V = TypeVar("V", bound=Callable[..., Any])


def reads_only(view: V) -> V:
    """Mark a view whose GET (and HEAD) only reads: its statements then run on a connection in the driver's
    autocommit mode (SQLAlchemy's ``isolation_level="AUTOCOMMIT"`` execution option, see :func:`init_app`), with
    no transaction of their own. Each statement still sees what was committed when it started, as under
    PostgreSQL's READ COMMITTED (and as SQLite's driver reads anyway); what is spared is the BEGIN before the
    first statement and the ROLLBACK after the last, two round trips to a PostgreSQL server on a page asked for
    at every step of filling in a questionnaire. Put it between ``route`` and ``login_required``. Nothing such a
    view calls may write: ``tests/test_fragments.py`` checks that the section page issues SELECTs alone."""
    view.reads_only = True  # type: ignore[attr-defined]
    return view


def init_app(app: Flask) -> None:
    """Run the GETs of views marked :func:`reads_only` without a transaction (the session's connection is
    procured in autocommit mode before anything reads, so that the option applies to the whole request). A
    session bound to a connection that already carries a transaction (an enclosing one, as each test's) reads
    in that transaction."""

    @app.before_request
    def read_without_transaction() -> None:
        if request.method not in ("GET", "HEAD") or not getattr(app.view_functions.get(request.endpoint or ""),
                                                                 "reads_only", False):
            return
        bind = db.session.get_bind()
        if isinstance(bind, Connection) and bind.in_transaction():
            return
        db.session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})


def posted(form_class: type[F] | None = None) -> F | FlaskForm:
    """The posted form of a button, checked (its security token and fields); 400 when it does not validate.
    Without ``form_class`` the button carries no field but the security token."""
    form = form_class() if form_class is not None else EmptyForm()
    if not form.validate_on_submit():
        abort(400)
    return form


def attempt(action: Callable[[], T], refused: Callable[[Refused], Any], back: str | Callable[[T], str],
            success: str | Callable[[T], str | tuple[str, str]] | None = None) -> Any:
    """The one shape of a view that changes something: run ``action``; on :class:`Refused` roll back and answer
    ``refused(exc)`` (a flash and a redirect, or the page again with what was typed); else commit, flash
    ``success`` (a sentence, or a function of the action's result giving a sentence or a sentence and its
    category) and redirect to ``back`` (an address, or a function of the result called after the commit)."""
    try:
        result = action()
    except Refused as exc:
        db.session.rollback()
        return refused(exc)
    db.session.commit()
    if success is not None:
        said = success(result) if callable(success) else success
        message, category = said if isinstance(said, tuple) else (said, "success")
        flash(message, category)
    return redirect(back if isinstance(back, str) else back(result))


def carry_out(action: Callable[[], T], back: str | Callable[[T], str],
              success: str | Callable[[T], str] | None = None, refused_to: str | None = None) -> Response:
    """:func:`attempt` for a button: a refusal is flashed (its message) on the way back to ``back``, or to
    ``refused_to`` (needed when ``back`` is a function of the action's result)."""
    if refused_to is None and not isinstance(back, str):
        raise TypeError("carry_out: a computed address needs refused_to")

    def refused(exc: Refused) -> Response:
        flash(exc.message, "error")
        return redirect(refused_to or str(back))

    response: Response = attempt(action, refused, back, success)
    return response


@dataclass(frozen=True)
class Button:
    """A POST button that changes one thing: what it does (``change(thing, actor)``), what it then says (a
    function of the thing's name, so that the sentence is translated when said) and the last part of its
    address (the endpoint's name when not given)."""

    doc: str
    change: Callable[[Any, Actor], Any]
    said: Callable[[str], str]
    path: str = ""


def add_buttons(bp: Blueprint, rule: str, buttons: Mapping[str, Button], load: Callable[..., Any],
                name: Callable[[Any], str], back: str, guard: Callable[[Callable[..., Any]], Any]) -> None:
    """Register a POST route per button at ``rule`` (``{}`` is the button's path) under its endpoint name: the
    view loads the thing from the address's arguments (``load``, which answers 404 or 403), checks the posted
    form and carries the change out, back to the page at endpoint ``back``."""
    for endpoint, button in buttons.items():
        _add_view(bp, rule.format(button.path or endpoint), endpoint, _button_view(button, load, name, back),
                  button.doc, guard, methods=["POST"])


def _add_view(bp: Blueprint, rule: str, endpoint: str, view: Callable[..., Any], doc: str,
              guard: Callable[[Callable[..., Any]], Any], methods: list[str] | None = None) -> None:
    """Register ``view`` (made by a function of this module) under ``endpoint``, named and described as a view
    written out would be."""
    view.__name__ = view.__qualname__ = endpoint
    view.__doc__ = doc
    bp.add_url_rule(rule, endpoint, guard(view), methods=methods)


def _button_view(button: Button, load: Callable[..., Any], name: Callable[[Any], str],
                 back: str) -> Callable[..., Response]:
    def view(**args: Any) -> Response:
        thing = load(**args)
        posted()
        return carry_out(lambda: button.change(thing, current_actor()), url_for(back),
                         lambda _result: button.said(name(thing)))

    return view


@dataclass(frozen=True)
class Page:
    """A page that shows what it reads and nothing else: its address, what it shows, its template and the
    template's values (read per request)."""

    rule: str
    doc: str
    template: str
    values: Callable[[], Mapping[str, Any]]


def add_pages(bp: Blueprint, pages: Mapping[str, Page], guard: Callable[[Callable[..., Any]], Any]) -> None:
    """Register a GET route per page under its endpoint name, behind ``guard``."""
    for endpoint, page in pages.items():
        _add_view(bp, page.rule, endpoint, _page_view(page), page.doc, guard)


def _page_view(page: Page) -> Callable[[], str]:
    def view() -> str:
        return render_template(page.template, **page.values())

    return view


def submitted(form: FlaskForm, action: Callable[[], T], field: str,
              done: Callable[[T], str | tuple[str, str]] | None, back: str | Callable[[T], str]) -> Response | None:
    """A form page's submission: once ``form`` is posted and valid, run ``action``; a refusal is shown beside the
    field it names (else ``field``) and ``None`` is returned, so that the page is shown again with the values
    typed; otherwise commit, flash ``done(result)`` (a sentence, or a sentence and its category) when given and
    redirect to ``back`` (an address, or a function of the result called after the commit). ``None`` too while
    the form is not posted or not valid."""
    if not form.validate_on_submit():
        return None

    def refused(exc: Refused) -> None:
        form[exc.field if exc.field and exc.field in form else field].errors.append(exc.message)

    response: Response | None = attempt(action, refused, back, done)
    return response
