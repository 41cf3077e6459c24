"""SPARQL 1.1 Graph Store HTTP Protocol at /store (Oxigraph's path), indirect identification:
`?graph=IRI` names a graph, `?default` the default graph. Reads are open; PUT, POST and
DELETE need the update token, as SPARQL Update does.
"""

from __future__ import annotations

import uuid

from flask import Blueprint, Response, abort, request

from kg.store import (
    GRAPH_FORMATS,
    RDF_BODY_FORMATS,
    QuerySyntaxError,
    is_absolute_iri,
    ntriples_lines,
)
from web.context import get_settings, get_store
from web.negotiation import negotiate, with_charset
from web.sparql import require_update_token

bp = Blueprint("graphstore", __name__)

READS = ("GET", "HEAD")
DEFAULT = "DEFAULT"  # the default graph, in SPARQL Update's words
# The default graph as stored: queries here see the union of all graphs, so its triples are
# those in no named graph.
IN_DEFAULT = "?s ?p ?o FILTER NOT EXISTS { GRAPH ?g { ?s ?p ?o } }"


def _target() -> str | None:
    """`GRAPH <iri>` or DEFAULT for the graph the request names; None: none named (POST to
    the service itself creates a graph)."""
    graph = request.args.getlist("graph")
    if "default" in request.args:
        if graph:
            abort(400, "give either ?default or ?graph=IRI, not both")
        return DEFAULT
    if len(graph) > 1:
        abort(400, "give one ?graph=IRI")
    if not graph:
        return None
    iri = graph[0]
    if not is_absolute_iri(iri):
        abort(400, f"?graph must be an absolute IRI, got {iri!r}")
    return f"GRAPH <{iri}>"


def _pattern(target: str) -> str:
    return IN_DEFAULT if target == DEFAULT else f"{target} {{ ?s ?p ?o }}"


def _has_triples(target: str) -> bool:
    return get_store().ask(f"ASK {{ {_pattern(target)} }}")


def _exists(target: str) -> bool:
    """The default graph always exists; a named graph when it holds triples."""
    return target == DEFAULT or _has_triples(target)


def _triples() -> list[str]:
    """The request body's triples, in N-Triples; a multipart/form-data POST may carry several
    RDF documents, one a part, which are merged."""
    media_type = (request.mimetype or "").lower()
    if media_type == "multipart/form-data" and request.method == "POST":
        return [
            line
            for part in request.files.values()
            for line in _parse(part.read(), (part.mimetype or "").lower())
        ]
    return _parse(request.get_data(), media_type)


def _parse(data: bytes, media_type: str) -> list[str]:
    if media_type not in RDF_BODY_FORMATS:
        abort(415, f"unsupported Content-Type {media_type or '(none)'}; use one of: "
                   + ", ".join(RDF_BODY_FORMATS))  # fmt: skip
    try:
        return ntriples_lines(data, media_type, base_iri=request.base_url)
    except QuerySyntaxError as err:
        abort(400, f"cannot read the {media_type} body: {err}")


def _read(target: str) -> Response:
    media_type = negotiate(request.headers.get("Accept"), list(GRAPH_FORMATS))
    if media_type is None:
        abort(
            406, f"cannot answer in the accepted media types; offered: {', '.join(GRAPH_FORMATS)}"
        )
    if not _exists(target):
        abort(404, "no such graph")
    body = b""
    if request.method == "GET":
        outcome = get_store().query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {_pattern(target)} }}")
        body = outcome.serialize(media_type)
    response = Response(body, content_type=with_charset(media_type))
    response.headers["Vary"] = "Accept"
    if request.method == "HEAD":
        response.headers["Content-Length"] = "0"
    return response


def _write(target: str | None) -> Response:
    require_update_token("the Graph Store Protocol's writes")
    store = get_store()
    if request.method == "DELETE":
        if target is None:
            abort(400, "DELETE needs ?graph=IRI or ?default")
        if not _has_triples(target):
            abort(404, "no such graph")
        store.update(f"CLEAR SILENT {target}" if target == DEFAULT else f"DROP SILENT {target}")
        return Response(status=204)
    triples = "\n".join(_triples())
    created = False
    location = None
    if target is None:  # POST to the service: a new graph, named here
        if request.method != "POST":
            abort(400, "PUT needs ?graph=IRI or ?default")
        location = f"{get_settings().base_iri}graph/posted/{uuid.uuid4().hex}"
        target = f"GRAPH <{location}>"
        created = True
    else:
        created = not _exists(target)
    into = f"{target} {{ {triples} }}" if target != DEFAULT else triples
    clear = f"CLEAR SILENT {target} ;\n" if request.method == "PUT" else ""
    try:
        store.update(f"{clear}INSERT DATA {{ {into} }}")
    except QuerySyntaxError as err:  # a term SPARQL cannot write
        abort(400, f"cannot store these triples: {err}")
    response = Response(status=201 if created else 204)
    if location:
        response.headers["Location"] = location
    return response


@bp.route("/store", methods=["GET", "HEAD", "PUT", "POST", "DELETE"])
def graph_store() -> Response:
    target = _target()
    if request.method in READS:
        if target is None:
            abort(400, "name a graph: ?graph=IRI or ?default")
        response = _read(target)
    else:
        response = _write(target)
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response
