"""Sign in, sign out, change one's password, set a password from an invitation link."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, Flask, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user, logout_user

from assessment.auth import operations
from assessment.auth.forms import ChangePasswordForm, EmptyForm, LoginForm, SetPasswordForm
from assessment.extensions import db, login_manager
from assessment.models import User
from assessment.web.errors import too_many
from assessment.web.i18n import SESSION_KEY as LANGUAGE_KEY

bp = Blueprint("auth", __name__, url_prefix="/auth")

#: the session key holding the random id of the server-side session (assessment.models.LoginSession)
SESSION_KEY = "sid"


def init_login(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please sign in to see this page.")
    # the message is worded in the request's language when it is flashed
    login_manager.localize_callback = str
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"

    @login_manager.user_loader
    def load_user(user_id: str) -> User | None:
        # a signed cookie alone is not enough: its session must still be live on the server
        return operations.session_user(user_id, session.get(SESSION_KEY))


def safe_next(target: str | None) -> str | None:
    """Only same-site relative paths are followed after sign-in (no open redirect, no header splitting)."""
    if not target:
        return None
    if any(ord(char) < 0x20 or ord(char) == 0x7F for char in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    return target


def start_session(user: User) -> None:
    """Sign ``user`` in with a new session: whatever the browser's session held before (its CSRF secret
    included) is dropped but the language chosen on the way in, and the server keeps a record that signing out
    deletes."""
    language = session.get(LANGUAGE_KEY)
    session.clear()
    if language is not None:
        session[LANGUAGE_KEY] = language
    session[SESSION_KEY] = operations.start_session(user)
    session.permanent = True
    login_user(user)


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Sign in with e-mail and password."""
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        try:
            user = operations.sign_in(form.email.data, form.password.data, request.remote_addr or "")
        except operations.TooManyAttempts as exc:
            raise too_many(exc.retry_after) from None
        if user is None:
            form.password.errors.append(_("E-mail or password is not right, or the account is inactive."))
        else:
            start_session(user)
            db.session.commit()
            return redirect(safe_next(form.next.data) or url_for("main.home"))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout():
    """Sign out (POST with CSRF, so a link elsewhere cannot sign people out); ends the session on the server."""
    form = EmptyForm()
    if form.validate_on_submit():
        operations.end_session(session.get(SESSION_KEY))
        db.session.commit()
        logout_user()
        session.clear()
        flash(_("You are signed out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/invitation/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    """Set a password from a one-time invitation link."""
    invitation = operations.find_invitation(token)
    if invitation is None:
        return render_template("auth/invitation_invalid.html"), 404
    form = SetPasswordForm()
    if form.validate_on_submit():
        operations.accept_invitation(invitation, form.password.data)
        db.session.commit()
        flash(_("Your password is set. Please sign in."), "success")
        return redirect(url_for("auth.login"))
    return render_template("auth/set_password.html", form=form, user=invitation.user)


@bp.route("/password", methods=["GET", "POST"])
@login_required
def change_password():
    """Change one's own password (the current one first); ends every other session of the account."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        try:
            right = operations.check_current_password(user, form.current_password.data, request.remote_addr or "")
        except operations.TooManyAttempts as exc:
            raise too_many(exc.retry_after) from None
        if not right:
            form.current_password.errors.append(_("This is not your current password."))
        else:
            operations.set_password(user, form.password.data)
            start_session(user)
            db.session.commit()
            flash(_("Your password is changed. You are signed out everywhere else."), "success")
            return redirect(url_for("main.home"))
    return render_template("auth/set_password.html", form=form, user=current_user), 422 if form.errors else 200

