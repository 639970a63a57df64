"""Error pages (HTML) and JSON errors for the API."""

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, TooManyRequests

MESSAGES = {
    400: "The request could not be understood.",
    403: "You do not have permission to do this.",
    404: "There is no such page, or you cannot see it.",
    405: "This address does not accept that kind of request.",
    409: "Someone changed this in the meantime.",
    413: "The upload is too large.",
    429: "Too many attempts. Please wait a minute and try again.",
    500: "Something went wrong on our side. Nothing you entered was lost; please try again.",
}


def too_many(retry_after: int) -> TooManyRequests:
    """The answer to too many attempts (signing in, checking a password): 429, with when to try again."""
    if retry_after > 45:
        words = _("Too many attempts. Please wait a minute and try again.")
    else:
        words = _("Too many attempts. Please wait %(seconds)s seconds and try again.", seconds=retry_after)
    return TooManyRequests(words, retry_after=retry_after)


def wants_json() -> bool:
    return request.path.startswith("/api/") or request.is_json or request.accept_mimetypes.best == "application/json"


def render_error(code: int, message: str | None = None, headers: dict[str, str] | None = None):
    message = message or MESSAGES.get(code, "Error")
    if wants_json():
        return jsonify({"error": {"status": code, "message": message}}), code, headers or {}
    return render_template("errors/error.html", code=code, message=message), code, headers or {}


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        if request.endpoint == "responses.section" and request.method == "POST":
            # never lose typed answers: show the form again, filled in, with a fresh token
            from assessment.responses.views import reshow_after_csrf_failure

            return reshow_after_csrf_failure(request.view_args or {})
        if request.endpoint == "responses.autosave":
            from assessment.responses.views import autosave_csrf_failure

            return autosave_csrf_failure()
        if request.endpoint == "elements.mark" and request.method == "POST":
            from assessment.elements.views import reshow_after_csrf_failure as reshow_element

            return reshow_element(request.view_args or {})
        return render_error(400, f"The form could not be accepted: {error.description} Please reload the page.")

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        code = error.code or 500
        description = error.description if error.description and code != 500 else None
        if code == 404 and not request.path.startswith("/api/"):
            description = None  # pages say nothing about what exists
        if code == 400 and description and description.startswith("The browser (or proxy)"):
            description = None
        # keep the headers the error carries (Allow on 405, Retry-After on 429, WWW-Authenticate on 401)
        kept = {k: v for k, v in error.get_headers() if k.lower() not in ("content-type", "content-length")}
        return render_error(code, description, kept)

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        app.logger.exception("unhandled error")
        return render_error(500)
