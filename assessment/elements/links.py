"""Addresses of element pages for workbooks: taken from the request when there is one, otherwise from the
``BASE_URL`` setting (``ASSESSMENT_BASE_URL``), as for workbooks written on the command line."""

from __future__ import annotations

from collections.abc import Callable

from flask import current_app, has_request_context, url_for


def element_url_builder() -> Callable[[str], str]:
    """element id → the absolute address of its page."""
    if has_request_context():
        prefix = url_for("elements.element", element_id="_", _external=True)[:-1]
    else:
        with current_app.test_request_context(base_url=current_app.config["BASE_URL"]):
            prefix = url_for("elements.element", element_id="_", _external=True)[:-1]
    return lambda element_id: prefix + element_id
