"""Gzip for pages and JSON: a section page of 10-15 questions is ~100 KB of HTML but ~12 KB on the wire,
which matters to focal points on slow connections. Files sent as streams are left alone."""

from __future__ import annotations

import gzip

from flask import Flask, Response, request

COMPRESSIBLE = ("text/html", "application/json", "text/css", "text/javascript", "application/javascript", "text/csv")
MIN_SIZE = 1024


def init_app(app: Flask) -> None:
    @app.after_request
    def compress(response: Response) -> Response:
        if (
            response.direct_passthrough
            or response.is_streamed
            or response.status_code < 200
            or response.status_code in (204, 304)
            or "Content-Encoding" in response.headers
            or response.mimetype not in COMPRESSIBLE
            or "gzip" not in request.headers.get("Accept-Encoding", "").lower()
        ):
            return response
        body = response.get_data()
        if len(body) < MIN_SIZE:
            return response
        response.set_data(gzip.compress(body, compresslevel=6))
        response.headers["Content-Encoding"] = "gzip"
        response.vary.add("Accept-Encoding")
        return response
