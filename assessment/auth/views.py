"""Sign in, sign out, set a password from an invitation link."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, Flask, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select

from assessment.auth import operations
from assessment.auth.forms import EmptyForm, LoginForm, SetPasswordForm
from assessment.extensions import db, limiter, login_manager
from assessment.models import User

bp = Blueprint("auth", __name__, url_prefix="/auth")


def init_login(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please sign in to see this page."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"

    @login_manager.user_loader
    def load_user(user_id: str) -> User | None:
        ident, _, session_version = user_id.partition(":")
        if not ident.isdecimal() or len(ident) > 10:
            return None
        user = db.session.get(User, int(ident))
        if user is None or str(user.session_version) != session_version:
            return None
        return user


def safe_next(target: str | None) -> str | None:
    """Only same-site relative paths are followed after sign-in (no open redirect)."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    return target


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def login():
    """Sign in with e-mail and password."""
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        user = operations.authenticate(form.email.data, form.password.data)
        if user is None:
            form.password.errors.append("E-mail or password is not right, or the account is inactive.")
        else:
            login_user(user)
            db.session.commit()
            return redirect(safe_next(form.next.data) or url_for("main.home"))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout():
    """Sign out (POST with CSRF, so a link elsewhere cannot sign people out)."""
    form = EmptyForm()
    if form.validate_on_submit():
        logout_user()
        flash("You are signed out.", "info")
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
        flash("Your password is set. Please sign in.", "success")
        return redirect(url_for("auth.login"))
    return render_template("auth/set_password.html", form=form, user=invitation.user)


@bp.route("/password", methods=["GET", "POST"])
@login_required
def change_password():
    """Change one's own password; signs out other sessions."""
    form = SetPasswordForm()
    if form.validate_on_submit():
        operations.set_password(current_user, form.password.data)
        db.session.commit()
        login_user(current_user)
        flash("Your password is changed.", "success")
        return redirect(url_for("main.home"))
    return render_template("auth/set_password.html", form=form, user=current_user)


def user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email.strip().lower()))
