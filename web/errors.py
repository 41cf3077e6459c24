"""One function renders every error: short plain text for machines, a page for browsers."""

from __future__ import annotations

import logging

from flask import Flask, Response, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError

from web.negotiation import negotiate

log = logging.getLogger(__name__)


def render_error(error: HTTPException) -> Response:
    """The error as text/plain (the SPARQL endpoint, API clients) or as an HTML page."""
    status = error.code or 500
    reason = error.description or error.name
    wants_html = (
        not request.path.startswith("/sparql")
        and negotiate(request.headers.get("Accept"), ["text/plain", "text/html"]) == "text/html"
    )
    if wants_html:
        body = render_template("error.html", status=status, name=error.name, reason=reason)
        response = Response(body, status=status, content_type="text/html; charset=utf-8")
    else:
        response = Response(reason + "\n", status=status, content_type="text/plain; charset=utf-8")
    if request.path.startswith("/sparql"):
        response.headers["Access-Control-Allow-Origin"] = "*"
    return response


def _unexpected(error: Exception) -> Response:
    log.exception("unexpected error on %s %s", request.method, request.path)
    return render_error(InternalServerError("internal error; the server log has the details"))


def register(app: Flask) -> None:
    """Error handlers live on the app: blueprints never see routing 404s and 405s."""
    app.register_error_handler(HTTPException, render_error)
    app.register_error_handler(Exception, _unexpected)
