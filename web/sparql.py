"""The SPARQL 1.1 Protocol endpoint (query operation; this endpoint is read-only)."""

from __future__ import annotations

from flask import Blueprint, Response, abort, redirect, request, url_for
from werkzeug.wrappers import Response as WerkzeugResponse

from kg.store import QuerySyntaxError
from web.context import get_store
from web.negotiation import format_media_type, negotiate, with_charset

bp = Blueprint("sparql", __name__)

FORM = "application/x-www-form-urlencoded"
QUERY_BODY = "application/sparql-query"
UPDATE_BODY = "application/sparql-update"


def _one(values: list[str], name: str) -> str | None:
    """The single value of a protocol parameter; 400 when it is given more than once."""
    if len(values) > 1:
        abort(400, f"the {name} parameter may be given only once")
    return values[0] if values else None


def _request_query() -> tuple[str | None, list[str], list[str]]:
    """(query, default-graph-uri values, named-graph-uri values) of a protocol request.

    Raises 403 for an update (read-only endpoint) and 415 for a body of another media type.
    """
    if request.method == "GET":
        params = request.args
        return (
            _one(params.getlist("query"), "query"),
            params.getlist("default-graph-uri"),
            params.getlist("named-graph-uri"),
        )
    media_type = request.mimetype
    if media_type == FORM:
        if "update" in request.form:
            abort(403, "this endpoint is read-only: SPARQL Update is not allowed")
        return (
            _one(request.form.getlist("query"), "query"),
            request.form.getlist("default-graph-uri"),
            request.form.getlist("named-graph-uri"),
        )
    if media_type == QUERY_BODY:
        return (
            request.get_data(as_text=True),
            request.args.getlist("default-graph-uri"),
            request.args.getlist("named-graph-uri"),
        )
    if media_type == UPDATE_BODY:
        abort(403, "this endpoint is read-only: SPARQL Update is not allowed")
    abort(
        415,
        f"unsupported Content-Type {media_type or '(none)'}: use {FORM} or {QUERY_BODY}",
    )


@bp.route("/sparql", methods=["GET", "POST"])
def endpoint() -> WerkzeugResponse:
    """Answer a SPARQL query in the format the client asks for."""
    query, default_graphs, named_graphs = _request_query()
    if query is None:
        if request.method == "GET" and negotiate(request.headers.get("Accept"), ["text/html"]):
            return redirect(url_for("pages.query_page"))
        abort(400, "missing the query parameter")
    try:
        outcome = get_store().query(query, default_graphs, named_graphs)
    except QuerySyntaxError as err:
        abort(400, f"bad query: {err}")
    offered = outcome.media_types()
    fmt = request.values.get("format")
    if fmt:
        media_type = format_media_type(fmt, offered)
        if media_type is None:
            abort(406, f"format {fmt!r} does not fit this result; use one of: {', '.join(offered)}")
    else:
        media_type = negotiate(request.headers.get("Accept"), offered)
        if media_type is None:
            abort(406, f"cannot answer in the accepted media types; offered: {', '.join(offered)}")
    response = Response(outcome.serialize(media_type), content_type=with_charset(media_type))
    response.headers["Vary"] = "Accept"
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response
