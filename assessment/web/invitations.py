"""Inviting a person, as administrators (any account) and focal points (their own contributors) do: the form
page, the one-time set-password link shown on the next page only, and a new link for an account."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import make_response, render_template, session, url_for
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from assessment.auth.operations import hand_off, take_handoff
from assessment.auth.views import SESSION_KEY
from assessment.extensions import db
from assessment.models import User
from assessment.web.viewtools import carry_out, submitted


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


def _show_link(user: User, link: str, shown_at: str) -> str:
    keep_link_for_one_page(user, link)
    return url_for(shown_at, user_id=user.id)


def invite_page(form: FlaskForm, template: str, invite: Callable[[], tuple[User, str]], shown_at: str) -> Any:
    """The invitation form; once it is valid, ``invite()`` creates the account and its link (a refusal is shown
    under the e-mail field) and the page at endpoint ``shown_at`` shows the link once."""
    return submitted(form, invite, "email", None, lambda made: _show_link(*made, shown_at)) \
        or render_template(template, form=form)


def invitation_page(template: str, user: User) -> Any:
    """The page that shows an account's one-time set-password link (kept by the previous request), not stored
    by the browser."""
    return no_store(render_template(template, user=user, link=take_link(user)))


def new_link(user: User, make_link: Callable[[], str], shown_at: str, refused_to: str) -> Response:
    """A new set-password link for ``user`` (``make_link()``), shown once on the page at endpoint ``shown_at``."""
    return carry_out(make_link, lambda link: _show_link(user, link, shown_at), refused_to=refused_to)
