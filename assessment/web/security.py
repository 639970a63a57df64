"""Security headers on every response, ``Cache-Control: no-store`` on everything but static files, and the
largest request body each endpoint accepts.

Every page, JSON reply and download of the application may carry a member's confidential answers or
results, so none of them is kept by the browser or a proxy; the static files (style sheet, scripts) are the
only responses that may be cached. Request bodies are refused (413, with a message saying the size allowed)
before they are read: uploads and a section's form up to MAX_CONTENT_LENGTH, one autosaved answer up to
MAX_AUTOSAVE_BYTES, any other form up to MAX_FORM_BYTES.
"""

from __future__ import annotations

from flask import Flask, Response, current_app, request
from werkzeug.exceptions import RequestEntityTooLarge

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
#: endpoints that take more than a form, and the setting that bounds their body
BODY_LIMITS = {
    # a whole section's answers, typed without JavaScript: never refused for its size alone, as a refusal
    # before reading would lose what was typed (the fields' own limits answer with the form filled in)
    "responses.section": "MAX_CONTENT_LENGTH",
    "reports.upload": "MAX_CONTENT_LENGTH",
    "reports.confirm": "MAX_CONTENT_LENGTH",
    "admin.upload_questionnaire": "MAX_CONTENT_LENGTH",
    "responses.autosave": "MAX_AUTOSAVE_BYTES",
}
#: the setting for every other endpoint
DEFAULT_BODY_LIMIT = "MAX_FORM_BYTES"


def size_in_words(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB" if size >= 1024 * 1024 else f"{max(1, size // 1024)} KB"


def body_limit(endpoint: str | None) -> int:
    """The largest request body ``endpoint`` accepts, in bytes."""
    config = current_app.config
    return min(int(config[BODY_LIMITS.get(endpoint or "", DEFAULT_BODY_LIMIT)]), int(config["MAX_CONTENT_LENGTH"]))


def register_security(app: Flask) -> None:
    @app.before_request
    def limit_body() -> None:
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return
        limit = body_limit(request.endpoint)
        request.max_content_length = limit  # also bounds a body sent without Content-Length
        if request.content_length is not None and request.content_length > limit:
            raise RequestEntityTooLarge(f"The request is larger than {size_in_words(limit)}, the most this page "
                                        "accepts; nothing was read or saved.")

    @app.after_request
    def set_headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if request.endpoint != "static":
            response.headers["Cache-Control"] = "no-store"
        return response
