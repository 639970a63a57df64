"""The Flask application: the only package that imports Flask or SQLAlchemy."""

from __future__ import annotations

import os
import secrets
from typing import Any

from flask import Flask

from assessment.config import DEFAULTS
from assessment.web.security import register_security


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the application: defaults → ``ASSESSMENT_*`` environment → ``test_config``."""
    app = Flask(__name__, instance_relative_config=True, template_folder="../templates")
    from assessment.web.inputs import BoundedIntegerConverter

    app.url_map.converters["int"] = BoundedIntegerConverter
    app.config.from_mapping(DEFAULTS)
    if test_config is None:
        app.config.from_prefixed_env("ASSESSMENT")
    else:
        app.config.update(test_config)
    configure_database_url(app)
    configure_secret_key(app)
    configure_cookies(app)
    configure_proxies(app)
    register_security(app)  # first, so that body limits hold before CSRF protection reads a form
    from assessment import extensions
    from assessment.web import viewtools

    extensions.db.init_app(app)
    viewtools.init_app(app)  # before anything else reads: read-only pages procure their connection first
    extensions.migrate.init_app(app, extensions.db)
    extensions.csrf.init_app(app)
    extensions.babel.init_app(app, locale_selector=select_locale)
    register_auth(app)
    register_blueprints(app)
    register_template_helpers(app)

    from assessment.web.errors import register_error_handlers

    register_error_handlers(app)
    extensions.compress.init_app(app)
    from assessment.compare import state
    from assessment.web import fragments

    fragments.init_app(app)
    state.init_app(app)
    return app


def select_locale() -> str:
    """The language of a request's interface strings (see :mod:`assessment.web.i18n`)."""
    from assessment.web.i18n import select_locale as selected

    return selected()


def configure_database_url(app: Flask) -> None:
    url = app.config.get("DATABASE_URL")
    if not url:
        os.makedirs(app.instance_path, exist_ok=True)
        url = "sqlite:///" + os.path.join(app.instance_path, "assessment.sqlite")
    app.config["SQLALCHEMY_DATABASE_URI"] = url
    if url.startswith("postgresql"):
        # a pooled connection that the server closed (restart, idle timeout) is replaced before a request uses it
        app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {"pool_pre_ping": True})


#: the shortest ASSESSMENT_SECRET_KEY (after stripping spaces) that serving accepts
MIN_SECRET_KEY_LENGTH = 16
NEW_KEY_COMMAND = 'python3 -c "import secrets; print(secrets.token_hex(32))"'


def configure_secret_key(app: Flask) -> None:
    """Command-line tools need no secret key; serving does (see :mod:`assessment.wsgi` and ``run``)."""
    key = app.config.get("SECRET_KEY")
    app.config["SECRET_KEY_IS_EPHEMERAL"] = not key
    if not key:
        app.config["SECRET_KEY"] = secrets.token_hex(32)


def secret_key_problem(app: Flask) -> str | None:
    """Why the application must not serve with its secret key, or ``None`` when the key will do: serving
    needs a configured key of at least :data:`MIN_SECRET_KEY_LENGTH` characters (spaces at either end not
    counted), as sessions, CSRF tokens and import previews are signed with it."""
    how = f"Set it to a long random value, e.g. the output of: {NEW_KEY_COMMAND}"
    if app.config.get("SECRET_KEY_IS_EPHEMERAL"):
        return ("ASSESSMENT_SECRET_KEY is not set: refusing to serve, as sessions would not survive a restart and "
                f"could be forged. {how}")
    length = len(str(app.config.get("SECRET_KEY") or "").strip())
    if length < MIN_SECRET_KEY_LENGTH:
        return (f"ASSESSMENT_SECRET_KEY is too short: refusing to serve with a key of {length} character(s) "
                f"(spaces at either end not counted); it needs at least {MIN_SECRET_KEY_LENGTH}, as sessions "
                f"signed with a short key could be forged. {how}")
    return None


def configure_cookies(app: Flask) -> None:
    """Cookies are sent only over HTTPS when the public address is https://, unless SESSION_COOKIE_SECURE
    says otherwise; the remember-me cookie follows the session cookie."""
    secure = app.config.get("SESSION_COOKIE_SECURE")
    if secure is None:
        secure = str(app.config.get("BASE_URL") or "").lower().startswith("https://")
    app.config["SESSION_COOKIE_SECURE"] = bool(secure)
    app.config["REMEMBER_COOKIE_SECURE"] = bool(secure)


def configure_proxies(app: Flask) -> None:
    """Behind a reverse proxy, trust its forwarded client address and scheme (the sign-in rate limit counts
    per client address, and Secure cookies need the original scheme)."""
    proxies = int(app.config.get("TRUSTED_PROXIES") or 0)
    if proxies:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)  # type: ignore[method-assign]


def register_auth(app: Flask) -> None:
    from assessment.auth.views import init_login

    init_login(app)


def register_blueprints(app: Flask) -> None:
    from assessment.admin.views import bp as admin_bp
    from assessment.api.views import bp as api_bp
    from assessment.auth.views import bp as auth_bp
    from assessment.compare.views import bp as compare_bp
    from assessment.elements.views import bp as elements_bp
    from assessment.extensions import csrf
    from assessment.main.views import bp as main_bp
    from assessment.profile.views import bp as profile_bp
    from assessment.ratings.views import bp as ratings_bp
    from assessment.reports.views import bp as reports_bp
    from assessment.responses.views import bp as responses_bp
    from assessment.team.views import bp as team_bp

    app.register_blueprint(main_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(responses_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(team_bp)
    app.register_blueprint(reports_bp)
    app.register_blueprint(compare_bp)
    app.register_blueprint(profile_bp)
    app.register_blueprint(elements_bp)
    app.register_blueprint(ratings_bp)
    # the API only answers GET and authenticates with bearer tokens, never with the session cookie, so a
    # forged cross-site request has nothing to ride on
    csrf.exempt(api_bp)
    app.register_blueprint(api_bp)


def register_template_helpers(app: Flask) -> None:
    from assessment.web import formtools, presentation

    presentation.init_app(app)
    app.jinja_env.globals.update(field_attributes=formtools.field_attributes, form_errors=formtools.form_errors)
