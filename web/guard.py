"""What the endpoint lets a query do: SERVICE only to allowed endpoints, updates only with the
token, and no query past its time limit."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from typing import Any

from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.term import URIRef

_SERVICE = re.compile(r"\bSERVICE\b", re.IGNORECASE)
_LOAD = re.compile(r"\bLOAD\b", re.IGNORECASE)


class Refused(Exception):
    """A request the endpoint will not run; the message says why (a 403)."""


def _services(node: Any, found: list[object]) -> None:
    if getattr(node, "name", None) == "ServiceGraphPattern":
        found.append(node.term)
    if isinstance(node, dict):
        for value in node.values():
            _services(value, found)
    elif isinstance(node, list | tuple):
        for value in node:
            _services(value, found)


def check_services(query: str, allowed: Iterable[str]) -> None:
    """Raise Refused when the query calls a SERVICE that is not allowed (or cannot be told)."""
    if not _SERVICE.search(query):
        return  # the common case, and cheap
    try:
        algebra = translateQuery(parseQuery(query)).algebra
    except Exception as err:  # rdflib's parser raises many kinds; any means "cannot tell"
        raise Refused(f"a query with SERVICE must be one newskg can check: {err}") from None
    targets: list[object] = []
    _services(algebra, targets)
    allow = set(allowed)
    for target in targets:
        if not isinstance(target, URIRef):
            raise Refused("SERVICE with a variable endpoint is not allowed")
        if str(target) not in allow:
            raise Refused(
                f"SERVICE <{target}> is not allowed; allowed: {', '.join(sorted(allow)) or 'none'}"
            )


def check_update(update: str) -> None:
    """Raise Refused for updates that would fetch from the network (LOAD)."""
    if _LOAD.search(update):
        try:
            parsed = parseUpdate(update)
        except Exception:
            parsed = None
        if parsed is None or any(getattr(r, "name", "") == "Load" for r in parsed.request):
            raise Refused("LOAD is not allowed through the endpoint: use kg ingest")


class DeadlineWriter:
    """A file-like sink that stops a query's serialisation once its deadline has passed: the
    query is evaluated lazily as its results are written, so stopping the writes stops it."""

    def __init__(self) -> None:
        self.chunks: list[bytes] = []
        self.cancelled = threading.Event()

    def write(self, data: bytes) -> int:
        if self.cancelled.is_set():
            raise TimeoutError("query cancelled at its time limit")
        self.chunks.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        return None

    def getvalue(self) -> bytes:
        return b"".join(self.chunks)
