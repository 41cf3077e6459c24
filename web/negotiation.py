"""Content negotiation as pure functions: Accept header (or format name) to a media type."""

from __future__ import annotations

from functools import lru_cache

from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

from kg.store import MEDIA_TYPE_ALIASES

# Names for the `format` parameter and the file suffixes of the same formats.
FORMAT_NAMES = {
    "json": "application/sparql-results+json",
    "srj": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "srx": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "ttl": "text/turtle",
    "turtle": "text/turtle",
    "nt": "application/n-triples",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdf": "application/rdf+xml",
    "rdfxml": "application/rdf+xml",
    "html": "text/html",
}
GRAPH_TYPES = frozenset(
    {"text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml"}
)


def negotiate(accept: str | None, offered: list[str]) -> str | None:
    """The offered media type the Accept header prefers (the first offered when it is absent).

    Aliases a client may send (application/json for SPARQL JSON results) count as the type
    they name. None when the header accepts nothing offered.
    """
    if not accept or not accept.strip():
        return offered[0] if offered else None
    return _negotiated(accept, tuple(offered))


@lru_cache(maxsize=512)
def _negotiated(accept: str, offered: tuple[str, ...]) -> str | None:
    # Clients send a handful of Accept headers over and over: parse each once.
    parsed = parse_accept_header(_without_parameters(accept), MIMEAccept)
    candidates = list(offered)
    candidates += [alias for alias, target in MEDIA_TYPE_ALIASES.items() if target in offered]
    best = parsed.best_match(candidates)
    if best is None:
        return None
    # best_match prefers, among equals, the earliest candidate: offered order is the default.
    return best if best in offered else MEDIA_TYPE_ALIASES[best]


def _without_parameters(accept: str) -> str:
    """The Accept header with only the q of each type: "text/turtle; charset=utf-8" accepts
    Turtle (a charset is not a different format)."""
    kept = []
    for item in accept.split(","):
        media_type, *parameters = (p.strip() for p in item.split(";"))
        quality = [p for p in parameters if p.replace(" ", "").lower().startswith("q=")]
        kept.append(";".join([media_type, *quality]))
    return ",".join(kept)


def format_media_type(name: str, offered: list[str]) -> str | None:
    """The media type a `format` parameter names (a short name or a media type), if offered."""
    media_type = FORMAT_NAMES.get(name.lower(), name.lower())
    media_type = MEDIA_TYPE_ALIASES.get(media_type, media_type)
    if media_type in offered:
        return media_type
    # "json" asked of a graph means JSON-LD, "xml" RDF/XML.
    graph_equivalent = {"json": "application/ld+json", "xml": "application/rdf+xml"}
    fallback = graph_equivalent.get(name.lower())
    return fallback if fallback in offered else None


def with_charset(media_type: str) -> str:
    """A Content-Type value: text formats say they are UTF-8."""
    textual = media_type.startswith("text/") or media_type.endswith(("json", "xml", "triples"))
    return f"{media_type}; charset=utf-8" if textual else media_type
