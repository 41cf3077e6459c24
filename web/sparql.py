"""The SPARQL 1.1 Protocol endpoint: queries for everyone, updates with the token.

Safety: SERVICE only to the allowed endpoints (KG_SERVICE_ALLOW), a time limit per query
(KG_QUERY_TIMEOUT: the query is written out in a worker thread, and a query past its limit is
stopped at its next write and answered 503), a result cap (KG_MAX_ROWS rows or triples; a cut
answer carries X-SPARQL-MaxRows), SPARQL Update only with the bearer token
(KG_UPDATE_TOKEN), and no LOAD.
"""

from __future__ import annotations

import hmac
import re
from typing import cast

from flask import Blueprint, Response, abort, current_app, redirect, request, url_for
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF
from werkzeug.wrappers import Response as WerkzeugResponse

from kg.store import QuerySyntaxError
from web.context import get_settings, get_store
from web.guard import (
    DeadlineWriter,
    PastTimeLimit,
    QueryThreads,
    Refused,
    check_services,
    check_update,
)
from web.negotiation import format_media_type, negotiate, with_charset

bp = Blueprint("sparql", __name__)

FORM = "application/x-www-form-urlencoded"
QUERY_BODY = "application/sparql-query"
UPDATE_BODY = "application/sparql-update"
READS = ("GET", "HEAD")  # methods whose parameters are in the URL
# An IRI reference that is not absolute (a comparison like `?a < ?b` has spaces, so it is not
# one); a false alarm costs only the work of building the base IRI.
_RELATIVE_IRI = re.compile(r"<(?![A-Za-z][A-Za-z0-9+.-]*:)[^\s<>\"{}|^`\\]*>")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")


def _one(values: list[str], name: str) -> str | None:
    """The single value of a protocol parameter; 400 when it is given more than once."""
    if len(values) > 1:
        abort(400, f"the {name} parameter may be given only once")
    return values[0] if values else None


DATASET = {
    "query": ("default-graph-uri", "named-graph-uri"),
    "update": ("using-graph-uri", "using-named-graph-uri"),
}


def _request() -> tuple[str, str | None, list[str], list[str]]:
    """(operation, text, default graphs, named graphs) of a protocol request: the dataset
    parameters come from the URL or the form alike. 415 for a body of another media type."""
    media_type = request.mimetype
    if request.method in READS:
        if "update" in request.args:
            abort(400, "SPARQL Update must be sent with POST")
        operation, text = "query", _one(request.args.getlist("query"), "query")
    elif media_type == FORM:
        form = request.form
        if "update" in form and "query" in form:
            abort(400, "give either query or update, not both")
        operation = "update" if "update" in form else "query"
        text = _one(form.getlist(operation), operation)
    elif media_type in (QUERY_BODY, UPDATE_BODY):
        operation = "query" if media_type == QUERY_BODY else "update"
        text = request.get_data(as_text=True)
    else:
        abort(415, f"unsupported Content-Type {media_type or '(none)'}: use {FORM} or {QUERY_BODY}")
    default, named = DATASET[operation]
    params = request.values if media_type == FORM else request.args
    return operation, text, params.getlist(default), params.getlist(named)


def _media_type(offered: list[str], fmt: str | None, accept: str | None) -> str:
    if fmt:
        chosen = format_media_type(fmt, offered)
        if chosen is None:
            abort(406, f"format {fmt!r} does not fit this result; use one of: {', '.join(offered)}")
        return chosen
    chosen = negotiate(accept, offered)
    if chosen is None:
        abort(406, f"cannot answer in the accepted media types; offered: {', '.join(offered)}")
    return chosen


def require_update_token(what: str) -> None:
    """Stop a write (403) unless the request carries the configured update token."""
    token = get_settings().update_token
    if not token:
        abort(403, f"this endpoint is read-only: {what} are not allowed")
    given = request.headers.get("Authorization", "")
    if not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        abort(403, f"{what} need the update token: Authorization: Bearer <token>")


def _update(text: str, default_graphs: list[str], named_graphs: list[str]) -> Response:
    require_update_token("SPARQL updates")
    if default_graphs or named_graphs:
        abort(
            400,
            "using-graph-uri and using-named-graph-uri are not supported: "
            "put USING or USING NAMED in the update",
        )
    try:
        check_update(text)
        get_store().update(text, base_iri=request.base_url)
    except Refused as err:
        abort(403, str(err))
    except QuerySyntaxError as err:
        abort(400, f"bad update: {err}")
    return Response(status=204)


def service_description() -> Response:
    """What this endpoint is and does (SPARQL 1.1 Service Description), in Turtle or JSON-LD."""
    media_type = negotiate(request.headers.get("Accept"), ["text/turtle", "application/ld+json"])
    if media_type is None:  # a client that wanted results forgot its query
        abort(400, "missing the query parameter")
    endpoint = URIRef(request.base_url)
    graph = Graph()
    graph.bind("sd", SD)
    node = URIRef(request.base_url + "#service")
    graph.add((node, RDF.type, SD.Service))
    graph.add((node, SD.endpoint, endpoint))
    graph.add((node, SD.supportedLanguage, SD.SPARQL11Query))
    if get_settings().update_token:
        graph.add((node, SD.supportedLanguage, SD.SPARQL11Update))
    graph.add((node, SD.feature, SD.UnionDefaultGraph))
    graph.add((node, SD.feature, SD.BasicFederatedQuery))
    for name in (
        "SPARQL_Results_JSON",
        "SPARQL_Results_XML",
        "SPARQL_Results_CSV",
        "SPARQL_Results_TSV",
        "Turtle",
        "N-Triples",
        "JSON-LD",
        "RDF_XML",
    ):
        graph.add((node, SD.resultFormat, FORMATS[name]))
    graph.add((node, URIRef("http://purl.org/dc/terms/title"), Literal("newskg SPARQL endpoint")))
    body = graph.serialize(format="turtle" if media_type == "text/turtle" else "json-ld")
    response = Response(body, content_type=with_charset(media_type))
    response.headers["Vary"] = "Accept"
    return response


@bp.route("/sparql", methods=["GET", "POST"])
def endpoint() -> WerkzeugResponse:
    """Answer a SPARQL query in the format the client asks for, or run an update."""
    operation, text, default_graphs, named_graphs = _request()
    if text is None:
        if request.method in READS:
            if negotiate(request.headers.get("Accept"), ["text/html"]):
                return redirect(url_for("pages.query_page"))
            return service_description()
        abort(400, f"missing the {operation} parameter")
    if operation == "update":
        return _update(text, default_graphs, named_graphs)
    settings = get_settings()
    try:
        check_services(text, settings.allowed_services)
    except Refused as err:
        abort(403, str(err))
    store = get_store()
    fmt, accept = request.values.get("format"), request.headers.get("Accept")
    # Relative IRIs in a query resolve against the endpoint (the address is costly to build).
    base = request.base_url if _RELATIVE_IRI.search(text) else None
    writer = DeadlineWriter()

    def run() -> tuple[str, bool]:
        outcome = store.query(text, default_graphs, named_graphs, base_iri=base)
        try:
            media_type = _media_type(outcome.media_types(), fmt, accept)
            outcome, truncated = outcome.capped(settings.max_rows, writer.cancelled.is_set)
            outcome.serialize_into(writer, media_type)
            return media_type, truncated
        except Exception as err:
            # pyoxigraph's results must be freed on the thread that made them: the error goes
            # to the request thread without the traceback that would carry this one there.
            failure = err.with_traceback(None)
        finally:
            del outcome
        raise failure

    threads = cast(QueryThreads, current_app.extensions["newskg.queries"])
    try:
        media_type, truncated = threads.run(run, timeout=settings.query_timeout)
    except (PastTimeLimit, TimeoutError):  # the wait ended, or the query stopped itself
        writer.cancelled.set()  # the worker stops at its next write
        abort(
            503,
            f"the query ran past the time limit of {settings.query_timeout:g} s and was stopped",
        )
    except QuerySyntaxError as err:
        abort(400, f"bad query: {err}")
    except OSError as err:  # a SERVICE that failed, a store read error
        abort(502 if "SERVICE" in text.upper() else 500, f"the query failed: {err}")
    response = Response(writer.getvalue(), content_type=with_charset(media_type))
    response.headers["Vary"] = "Accept"
    response.headers["Access-Control-Allow-Origin"] = "*"
    if truncated:  # as Virtuoso does: the answer is complete up to the cap, and says so
        response.headers["X-SPARQL-MaxRows"] = str(settings.max_rows)
    return response
