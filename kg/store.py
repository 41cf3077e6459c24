"""The quad store: the only module that imports pyoxigraph.

Writes are all or nothing. A changed article's graph is replaced by one SPARQL Update
(``DROP SILENT GRAPH`` then ``INSERT DATA``), which Oxigraph applies as one transaction: a
reader sees the old graph or the new one, never a mix, and a crash leaves one or the other. New
articles' graphs are added a batch at a time (`add_graphs`): one ``INSERT DATA``, or on disk
one ingestion of the bulk loader's files. The same request text is what a remote SPARQL 1.1
server will be sent, and what `kg ingest` sends the child process that holds an embedded store
for it (ChildProcessStore).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import pickle
import re
import struct
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, BinaryIO, Self, cast
from typing import Literal as TypingLiteral
from urllib.parse import urlencode

import pyoxigraph as ox

from kg.memory import release_free_memory

if TYPE_CHECKING:  # not imported when running: the store's child process goes without them
    from rdflib import BNode, URIRef
    from rdflib import Literal as RdfLiteral

    from kg.rdf import Triple

QueryKind = TypingLiteral["solutions", "boolean", "graph"]

# Media types of the SPARQL 1.1 result formats and the RDF formats, first one the default.
RESULT_FORMATS: dict[str, ox.QueryResultsFormat] = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_FORMATS: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}
# Other names clients use for the same formats.
MEDIA_TYPE_ALIASES = {
    "application/json": "application/sparql-results+json",
    "application/xml": "application/sparql-results+xml",
    "text/xml": "application/sparql-results+xml",
    "text/plain": "application/n-triples",
    "application/x-turtle": "text/turtle",
}


@dataclass(frozen=True)
class Cell:
    """One value of a result table: its text, and whether it is an IRI."""

    value: str
    is_iri: bool = False


@dataclass(frozen=True)
class Table:
    """A result as rows of cells, cut at a limit (`truncated` says whether it was)."""

    columns: list[str]
    rows: list[dict[str, Cell]]
    truncated: bool


def _cell(term: object) -> Cell:
    return Cell(_python_value(term), isinstance(term, ox.NamedNode))


class StoreError(RuntimeError):
    """The store cannot be opened or written."""


class QuerySyntaxError(ValueError):
    """A query that does not parse; the message is the parser's, with its position."""


@dataclass(frozen=True)
class QueryOutcome:
    """The result of a query, serialisable in any format fitting its kind."""

    kind: QueryKind
    result: ox.QuerySolutions | ox.QueryTriples | ox.QueryBoolean | list[ox.Triple]

    def media_types(self) -> list[str]:
        """The media types this result can be written in, the default first."""
        return list(GRAPH_FORMATS if self.kind == "graph" else RESULT_FORMATS)

    def serialize_into(self, output: Any, media_type: str) -> None:
        """Write the result in the given media type to a binary file-like object; results are
        computed as they are written."""
        if isinstance(self.result, list):  # a graph already read (remote, or capped)
            ox.serialize(self.result, output, format=GRAPH_FORMATS[media_type])
        elif isinstance(self.result, ox.QueryTriples):
            self.result.serialize(output, format=GRAPH_FORMATS[media_type])
        else:
            self.result.serialize(output, format=RESULT_FORMATS[media_type])

    def capped(
        self, limit: int, stop: Callable[[], bool] = lambda: False
    ) -> tuple[QueryOutcome, bool]:
        """The result's first `limit` rows (a graph's first `limit` triples), read into a new
        outcome, and whether there were more. Rows are read as the query makes them, so a
        capped query stops early; `stop` is asked every thousand rows and, once it says yes,
        TimeoutError is raised. This outcome is spent afterwards."""
        if isinstance(self.result, ox.QueryBoolean):
            return self, False
        if isinstance(self.result, ox.QuerySolutions):
            return _capped_solutions(self.result, limit, stop)
        rows, more = self._first(limit, stop)
        return QueryOutcome("graph", rows), more

    def _first(self, limit: int, stop: Callable[[], bool]) -> tuple[list[Any], bool]:
        """The first `limit` rows (or triples) and whether there were more."""
        assert not isinstance(self.result, ox.QueryBoolean)
        rows: list[Any] = []
        for row in self.result:
            if len(rows) == limit:
                return rows, True
            if len(rows) % 1000 == 999 and stop():
                raise TimeoutError("query cancelled at its time limit")
            rows.append(row)
        return rows, False

    def serialize(self, media_type: str) -> bytes:
        """The result in the given media type (one of `media_types()`)."""
        output = io.BytesIO()
        self.serialize_into(output, media_type)
        return output.getvalue()

    def table(self, limit: int) -> Table:
        """The result as a table of at most `limit` rows (a graph as subject, predicate, object)."""
        if isinstance(self.result, ox.QueryBoolean):
            return Table(["answer"], [{"answer": Cell(str(bool(self.result)).lower())}], False)
        rows, more = self._first(limit, lambda: False)
        if isinstance(self.result, ox.QuerySolutions):
            columns = [v.value for v in self.result.variables]
            cells = [{c: _cell(s[c]) for c in columns if s[c] is not None} for s in rows]
        else:
            columns = ["subject", "predicate", "object"]
            cells = [
                {
                    "subject": _cell(t.subject),
                    "predicate": _cell(t.predicate),
                    "object": _cell(t.object),
                }
                for t in rows
            ]
        return Table(columns, cells, more)


class _EnoughLines(Exception):
    pass


class _LineCap(io.RawIOBase):
    """A sink that keeps what is written up to `lines` lines, then stops the writer (by raising
    from write) — and stops it too, with TimeoutError, once `stop` says so."""

    def __init__(self, lines: int, stop: Callable[[], bool]) -> None:
        self.lines, self.stop = lines, stop
        self.kept = bytearray()
        self.seen = 0

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        if self.stop():
            raise TimeoutError("query cancelled at its time limit")
        chunk = bytes(data)
        self.kept += chunk
        self.seen += chunk.count(b"\n")
        if self.seen > self.lines:
            raise _EnoughLines
        return len(chunk)


def _capped_solutions(
    result: ox.QuerySolutions, limit: int, stop: Callable[[], bool]
) -> tuple[QueryOutcome, bool]:
    """The first `limit` solutions, and whether there were more. Counted in SPARQL TSV, one
    solution a line (newlines in literals are escaped there), which pyoxigraph writes and reads
    back natively: no Python work per row, and the query stops one row past the cap."""
    sink = _LineCap(limit + 1, stop)  # the header line, then the rows
    more = False
    try:
        result.serialize(cast(IO[bytes], sink), format=ox.QueryResultsFormat.TSV)
    except _EnoughLines:  # pyoxigraph passes the writer's exception on as it is
        more = True
    document = bytes(sink.kept)
    if more:
        document = b"".join(line + b"\n" for line in document.split(b"\n")[: limit + 1])
    parsed = ox.parse_query_results(document, format=ox.QueryResultsFormat.TSV)
    assert isinstance(parsed, ox.QuerySolutions)
    return QueryOutcome("solutions", parsed), more


@lru_cache(maxsize=4_096)
def _iri(iri: str) -> str:
    """An IRI as N-Triples writes it, checked by pyoxigraph: made once for the several triples
    that name each node of an article's graph."""
    return str(ox.NamedNode(iri))


@cache
def _rdflib_terms() -> tuple[type[URIRef], type[RdfLiteral]]:
    from rdflib import Literal, URIRef

    return URIRef, Literal


def _ntriples_term(term: URIRef | RdfLiteral | BNode) -> str:
    iri, literal = _rdflib_terms()
    if isinstance(term, iri):
        return _iri(str(term))
    if isinstance(term, literal):
        if term.language:
            return str(ox.Literal(str(term), language=term.language))
        if term.datatype:
            return str(ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype))))
        return str(ox.Literal(str(term)))
    return str(ox.BlankNode(str(term)))


# What an RDF document sent to the store may be, by media type (the Graph Store Protocol's
# PUT and POST bodies).
RDF_BODY_FORMATS: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "text/n3": ox.RdfFormat.N3,
}


def ntriples_lines(data: bytes, media_type: str, base_iri: str | None = None) -> list[str]:
    """An RDF document's triples as N-Triples lines (blank nodes labelled apart per call).

    Raises QuerySyntaxError with the parser's message for a document that does not parse."""
    try:
        triples = ox.parse(data, format=RDF_BODY_FORMATS[media_type], base_iri=base_iri)
        return [f"{t} ." for t in triples]
    except SyntaxError as err:
        raise QuerySyntaxError(str(err)) from None


def is_absolute_iri(text: str) -> bool:
    try:
        ox.NamedNode(text)
    except ValueError:
        return False
    return True


def ntriples_line(triple: Triple) -> str:
    s, p, o = triple
    return f"{_ntriples_term(s)} {_ntriples_term(p)} {_ntriples_term(o)} ."


def _python_value(term: object) -> str:
    if isinstance(term, ox.NamedNode | ox.Literal | ox.BlankNode):
        return str(term.value)
    return str(term)


def add_to_batch(
    batch: dict[str, list[str]],
    graph: str,
    lines: list[str],
    additions: Mapping[str, Iterable[str]],
) -> None:
    """Put a new graph's N-Triples lines, and what it adds to shared graphs (the knowledge-base
    graph), into a batch for `add_graphs`."""
    batch[graph] = lines
    for shared, shared_lines in additions.items():
        batch.setdefault(shared, []).extend(shared_lines)


def add_graphs_update(graphs: Mapping[str, Iterable[str]]) -> str:
    """The SPARQL Update that adds N-Triples lines to named graphs: one transaction."""
    blocks = ((g, "\n".join(lines)) for g, lines in graphs.items())
    body = "\n".join(f"GRAPH <{g}> {{\n{text}\n}}" for g, text in blocks if text)
    return f"INSERT DATA {{\n{body}\n}}" if body else ""


def replace_graph_update(
    graph: str, triples: Iterable[str], additions: Mapping[str, Iterable[str]] | None = None
) -> str:
    """The SPARQL Update that replaces a named graph by the given N-Triples lines and adds
    lines to other graphs: one request, one transaction."""
    steps = [f"DROP SILENT GRAPH <{graph}>"]
    if insert := add_graphs_update({graph: triples, **(additions or {})}):
        steps.append(insert)
    return " ;\n".join(steps)


class BaseStore:
    """What every store offers: queries answered as plain rows, ASK, CONSTRUCT, updates."""

    def graphs(self) -> list[str]:
        """The IRIs of the named graphs."""
        raise NotImplementedError

    def __len__(self) -> int:
        raise NotImplementedError

    def flush(self) -> None:
        """Write what is buffered to disk (where the store has a buffer of its own)."""

    def optimize(self) -> None:
        """Compact the store after a batch of writes, where that is the client's business."""

    def close(self) -> None:
        """Release the store."""

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def update(self, sparql: str, base_iri: str | None = None) -> None:
        raise NotImplementedError

    def add_graphs(self, graphs: Mapping[str, Sequence[str]]) -> None:
        """Add N-Triples lines to named graphs, all or nothing: new articles' graphs, which
        the caller knows the store does not hold, and additions to shared graphs."""
        if request := add_graphs_update(graphs):
            self.update(request)

    def replace_graph(
        self,
        graph: str,
        triples: Iterable[Triple],
        additions: Mapping[str, Iterable[Triple]] | None = None,
    ) -> None:
        """Replace a named graph by these triples, and add `additions` to other graphs (the
        knowledge-base graph): one update, one transaction."""
        self.update(
            replace_graph_update(
                graph,
                map(ntriples_line, triples),
                {g: map(ntriples_line, ts) for g, ts in (additions or {}).items()},
            )
        )

    def replace_graph_from_file(self, graph: str, path: Path) -> None:
        """Replace a named graph by the triples of an RDF file (format from its suffix)."""
        fmt = ox.RdfFormat.from_extension(path.suffix.lstrip("."))
        if fmt is None:
            raise StoreError(f"unknown RDF format for {path}")
        lines = [f"{t} ." for t in ox.parse(path=str(path), format=fmt)]
        self.update(replace_graph_update(graph, lines))

    def drop_graph(self, graph: str) -> None:
        """Remove a named graph; nothing happens when it does not exist."""
        self.update(f"DROP SILENT GRAPH <{graph}>")

    def query(
        self,
        sparql: str,
        default_graphs: Iterable[str] = (),
        named_graphs: Iterable[str] = (),
        bindings: Mapping[str, str] | None = None,
        base_iri: str | None = None,
    ) -> QueryOutcome:
        raise NotImplementedError

    def select(self, sparql: str, **bindings: str) -> list[dict[str, str]]:
        """Rows of a SELECT as plain strings; keyword arguments bind variables to IRIs."""
        outcome = self.query(sparql, bindings=bindings)
        if not isinstance(outcome.result, ox.QuerySolutions):
            raise QuerySyntaxError("select() needs a SELECT query")
        names = [v.value for v in outcome.result.variables]
        return [
            {name: _python_value(row[name]) for name in names if row[name] is not None}
            for row in outcome.result
        ]

    def ask(self, sparql: str, **bindings: str) -> bool:
        """The answer of an ASK query; keyword arguments bind variables to IRIs."""
        return bool(self.query(sparql, bindings=bindings).result)

    def construct(self, sparql: str, media_type: str, **bindings: str) -> bytes:
        """A CONSTRUCT or DESCRIBE result in an RDF media type."""
        return self.query(sparql, bindings=bindings).serialize(media_type)

    def first_values(
        self,
        subjects: Iterable[str],
        predicate: str,
        prefer_graph: str | None = None,
        among: Iterable[str] = (),
    ) -> dict[str, str]:
        """One value of `predicate` for each subject (IRIs): the one stated in `prefer_graph`
        when there is one, and only one of `among` when that is given.

        For labels and kinds on pages: a node named in many articles has the same triple in
        each article's graph, and a query that joins it gets a row per graph."""
        subjects = list(dict.fromkeys(subjects))
        if not subjects:
            return {}
        allowed = list(among)
        only = f"FILTER(?v IN ({', '.join(f'<{a}>' for a in allowed)}))" if allowed else ""
        in_graph = f"GRAPH <{prefer_graph}> {{ ?s <{predicate}> ?p }}"
        preferred = f"OPTIONAL {{ {in_graph} {only.replace('?v', '?p')} }}" if prefer_graph else ""
        rows = self.select(
            "SELECT ?s (SAMPLE(?v) AS ?value) (SAMPLE(?p) AS ?preferred) WHERE { "
            f"{values_clause('s', subjects)} ?s <{predicate}> ?v . {only} {preferred} }} "
            "GROUP BY ?s"
        )
        return {r["s"]: r.get("preferred", r["value"]) for r in rows if "value" in r}


# Oxigraph's bulk loader parses what it is given in one stream and makes one ingestion of
# sorted files for each batch of quads it gathers (a million, or about 2 GB, as versions
# differ); a call below both is one ingestion, which RocksDB applies whole or not at all.
BULK_LOAD_QUADS = 500_000


def fits_bulk_load(graphs: Mapping[str, Sequence[str]]) -> bool:
    """Whether these graphs' lines go in by one bulk load (past BULK_LOAD_QUADS, one update)."""
    return sum(map(len, graphs.values())) <= BULK_LOAD_QUADS


def nquads_chunks(graphs: Mapping[str, Sequence[str]]) -> Iterator[bytes]:
    """N-Triples lines of named graphs as N-Quads, a graph at a time: the bulk loader reads
    them as a stream, and the batch is never one string of bytes."""
    for graph, lines in graphs.items():
        end = f"<{graph}> .\n"  # an N-Triples line ends " .": the graph goes before the dot
        yield "".join(line[:-1] + end for line in lines).encode()


class ChunksStream(io.RawIOBase):
    """A binary stream over chunks of bytes, each taken when the reader gets to it."""

    def __init__(self, chunks: Iterable[bytes]) -> None:
        super().__init__()
        self._chunks = iter(chunks)
        self._chunk = memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self._chunk:
            chunk = next(self._chunks, None)
            if chunk is None:
                return 0
            self._chunk = memoryview(chunk)
        size = min(len(buffer), len(self._chunk))
        buffer[:size] = self._chunk[:size]
        self._chunk = self._chunk[size:]
        return size


# A process that held the store and has just been killed (a ChildProcessStore's child ends with
# its parent) lets go of the folder's lock within moments: the next one to open it waits that long.
LOCK_WAIT_SECONDS = 1.0


class Store(BaseStore):
    """An embedded Oxigraph store (on disk, or in memory when no path is given)."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = str(path) if path is not None else None
        self._open: ox.Store | None = self._opened()

    def _opened(self) -> ox.Store:
        if self.path is None:
            return ox.Store()
        waited_until = time.monotonic() + LOCK_WAIT_SECONDS
        try:
            Path(self.path).mkdir(parents=True, exist_ok=True)
            while True:
                try:
                    return ox.Store(self.path)
                except OSError as err:
                    if "lock" not in str(err).lower() or time.monotonic() > waited_until:
                        raise
                    time.sleep(0.05)
        except OSError as err:
            raise StoreError(
                f"cannot open the store at {self.path}: {err}. Is another kg process "
                "(ingest or serve) using it?"
            ) from err

    @property
    def _store(self) -> ox.Store:
        if self._open is None:
            raise StoreError("the store is closed")
        return self._open

    def close(self) -> None:
        """Flush and release the store, and with it the lock on its folder."""
        if self._open is not None:
            self._open.flush()
            self._open = None

    def update(self, sparql: str, base_iri: str | None = None) -> None:
        """Run a SPARQL Update (one transaction). Raises QuerySyntaxError if it does not parse."""
        try:
            self._store.update(sparql, base_iri=base_iri)
        except SyntaxError as err:
            raise QuerySyntaxError(str(err)) from None

    def add_graphs(self, graphs: Mapping[str, Sequence[str]]) -> None:
        """On disk, the lines go in by pyoxigraph's bulk loader: it writes sorted files of the
        indexes, which RocksDB takes in with one atomic ingestion (all the files or none, even
        after a crash, as `tests/test_crash.py` checks) for up to BULK_LOAD_QUADS quads a
        call: no write buffers, no log, half the CPU of an update (`bench/store_writes.py`).
        In memory, and above that size, one update."""
        if self.path is None or not fits_bulk_load(graphs):
            return super().add_graphs(graphs)
        self.bulk_load(b"".join(nquads_chunks(graphs)))

    def bulk_load(self, nquads: bytes | Iterable[bytes]) -> None:
        """Add N-Quads by the bulk loader: one ingestion, all or nothing (on disk). Given in
        chunks, they are parsed as they come, and no copy of them all is made; but the loader
        then takes the GIL at each read (some 2 KB), and waits for it each time that another
        thread holds it: 25,000 triples took 2.9–15 s instead of 0.25 beside a busy thread.
        Chunks are for a process of one thread, as the store's child is."""
        source = nquads if isinstance(nquads, bytes) else io.BufferedReader(ChunksStream(nquads))
        self._store.bulk_load(source, format=ox.RdfFormat.N_QUADS)

    def query(
        self,
        sparql: str,
        default_graphs: Iterable[str] = (),
        named_graphs: Iterable[str] = (),
        bindings: Mapping[str, str] | None = None,
        base_iri: str | None = None,
    ) -> QueryOutcome:
        """Run a query over the union of all graphs (or the given dataset); relative IRIs in it
        resolve against `base_iri`.

        Raises QuerySyntaxError for a query that does not parse.
        """
        default: list[Any] = [ox.NamedNode(g) for g in default_graphs]
        named: list[Any] = [ox.NamedNode(g) for g in named_graphs]
        substitutions: dict[Any, Any] = {
            ox.Variable(k): ox.NamedNode(v) for k, v in (bindings or {}).items()
        }
        try:
            result = self._store.query(
                sparql,
                base_iri=base_iri,
                use_default_graph_as_union=not default,
                default_graph=default or None,
                named_graphs=named or None,
                substitutions=substitutions or None,
            )
        except SyntaxError as err:
            raise QuerySyntaxError(str(err)) from None
        if isinstance(result, ox.QuerySolutions):
            return QueryOutcome("solutions", result)
        if isinstance(result, ox.QueryTriples):
            return QueryOutcome("graph", result)
        return QueryOutcome("boolean", result)

    def first_values(
        self,
        subjects: Iterable[str],
        predicate: str,
        prefer_graph: str | None = None,
        among: Iterable[str] = (),
    ) -> dict[str, str]:
        # Straight from the indexes, stopping at the first fitting quad: a few lookups a node,
        # however many graphs repeat the triple.
        wanted = set(among)
        found: dict[str, str] = {}
        p = ox.NamedNode(predicate)
        places = [ox.NamedNode(prefer_graph), None] if prefer_graph else [None]
        for subject in dict.fromkeys(subjects):
            node = ox.NamedNode(subject)
            for graph in places:
                for quad in self._store.quads_for_pattern(node, p, None, graph):
                    if isinstance(quad.object, ox.Triple):
                        continue
                    value = quad.object.value
                    if not wanted or value in wanted:
                        found[subject] = value
                        break
                if subject in found:
                    break
        return found

    def graphs(self) -> list[str]:
        """The IRIs of the named graphs."""
        return sorted(str(g.value) for g in self._store.named_graphs())

    def __len__(self) -> int:
        return len(self._store)

    def flush(self) -> None:
        self._store.flush()

    def optimize(self) -> None:
        """Compact the store after a batch of writes (pyoxigraph's advice): reads get faster,
        and no background compaction is left to compete with them (1.7 s at 1M quads)."""
        self._store.optimize()


RESULTS_JSON = "application/sparql-results+json"


def _outcome_read(content_type: str, data: bytes) -> QueryOutcome:
    """A query's result from its serialisation: N-Triples for a graph, else SPARQL JSON."""
    if content_type in ("application/n-triples", "text/plain"):
        return QueryOutcome("graph", list(ox.parse(data, format=ox.RdfFormat.N_TRIPLES)))
    parsed = ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
    if isinstance(parsed, ox.QuerySolutions):
        return QueryOutcome("solutions", parsed)
    return QueryOutcome("boolean", parsed)


def _outcome_written(outcome: QueryOutcome) -> tuple[str, bytes]:
    """A query's result serialised for `_outcome_read`."""
    media_type = "application/n-triples" if outcome.kind == "graph" else RESULTS_JSON
    return media_type, outcome.serialize(media_type)


# RocksDB, as oxigraph opens it, keeps the index and filter blocks of every file it writes in
# memory until the store is closed (no block cache for them, and pyoxigraph exposes no setting),
# and glibc seldom hands that memory back to the system even then. A child process that ends
# after this many bytes of writes takes all of it with it: about every batch of `kg ingest`
# (25,000 triples are some 4 MiB of N-Quads). A new child costs some 0.13 s of CPU; renewed
# every 32 MiB instead, a child's peak over 2,000 BBC articles was 73 MiB against 60.
RENEW_AFTER_BYTES = 2 * 2**20
CHILD_REQUESTS = frozenset(
    {"update", "add_graphs", "bulk_load", "query", "graphs", "size", "flush", "optimize", "close"}
)
# Requests followed by a stream of frames (`ChildProcessStore._call`), and a frame's length.
STREAMED_REQUESTS = frozenset({"bulk_load"})
FRAME_LENGTH = struct.Struct(">I")


class ChildProcessStore(BaseStore):
    """An embedded store on disk, held by a child process that is started afresh after every
    RENEW_AFTER_BYTES of writes, so that a long ingestion's memory does not grow with what it
    has written (`bench/memory.py`).

    Requests go to the child (`python -m kg.store FOLDER`) over its standard input (a batch's
    N-Quads follow their request in frames, which the child's bulk loader reads as they come),
    answers come back over its standard output. The child dies with this process: a killed
    ingestion leaves no process holding the store's lock, and what the child was writing is
    whole or absent, as RocksDB guarantees for any crash. Its compactions run at the lowest
    CPU priority (COMPACTION_NICENESS), after the workers' parsing.
    """

    def __init__(self, path: str | Path, renew_after: int = RENEW_AFTER_BYTES) -> None:
        self.path = str(path)
        self.renew_after = renew_after
        self._child: subprocess.Popen[bytes] | None = None
        self._written = 0
        self._started()  # a store that cannot be opened fails here, as Store(path) does

    def _started(self) -> subprocess.Popen[bytes]:
        if self._child is None:
            child = subprocess.Popen(
                [sys.executable, "-m", "kg.store", self.path, str(os.getpid())],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
            )
            self._child, self._written = child, 0
            self._answer()  # the child says whether it could open the store
        return self._child

    def _answer(self) -> Any:
        assert self._child is not None and self._child.stdout is not None
        try:
            status, value = pickle.load(self._child.stdout)
        except (EOFError, pickle.UnpicklingError) as err:
            self._ended()
            raise StoreError(f"the store process for {self.path} ended: {err}") from None
        if status == "ok":
            return value
        if status == "syntax":
            raise QuerySyntaxError(value)
        if status == "closed":  # it could not open the store, and has ended
            self._ended()
        raise StoreError(value)

    def _call(
        self, request: str, *args: Any, written: int = 0, chunks: Iterable[bytes] = ()
    ) -> Any:
        """Send a request, and after it `chunks` of bytes (as frames: a length, then the
        bytes; an empty frame ends them), and return the child's answer."""
        child = self._started()
        self._written += written  # counted after a start, which sets the count to 0
        assert child.stdin is not None
        try:
            pickle.dump((request, args), child.stdin, protocol=pickle.HIGHEST_PROTOCOL)
            for chunk in chunks:
                if chunk:
                    child.stdin.write(FRAME_LENGTH.pack(len(chunk)))
                    child.stdin.write(chunk)
                    self._written += len(chunk)
            if request in STREAMED_REQUESTS:
                child.stdin.write(FRAME_LENGTH.pack(0))
            child.stdin.flush()
        except BrokenPipeError:
            self._ended()
            raise StoreError(f"the store process for {self.path} ended") from None
        return self._answer()

    def _stopped(self) -> None:
        """Let the child close the store and end, and wait for it (it holds the lock till then).
        It is asked to: processes forked from this one (ingestion's workers) hold copies of
        the pipe, so closing it here would not end the child's stream of requests."""
        if self._child is not None:
            try:
                self._call("close")
            finally:
                self._ended()

    def _ended(self) -> None:
        """Reap the child, which has ended or is ending."""
        child, self._child = self._child, None
        if child is not None:
            child.wait()

    @property
    def pid(self) -> int | None:
        """The child's process id; None between one child's end and the next request."""
        return self._child.pid if self._child is not None else None

    def update(self, sparql: str, base_iri: str | None = None) -> None:
        self._call("update", sparql, base_iri, written=len(sparql))

    def add_graphs(self, graphs: Mapping[str, Sequence[str]]) -> None:
        """The batch streams to the child's bulk loader as N-Quads, a graph at a time: neither
        process holds it whole as bytes while the child loads it."""
        if fits_bulk_load(graphs):
            self._call("bulk_load", chunks=nquads_chunks(graphs))
        else:
            lists = {graph: list(lines) for graph, lines in graphs.items()}
            size = sum(len(line) for lines in lists.values() for line in lines)
            self._call("add_graphs", lists, written=size)

    def query(
        self,
        sparql: str,
        default_graphs: Iterable[str] = (),
        named_graphs: Iterable[str] = (),
        bindings: Mapping[str, str] | None = None,
        base_iri: str | None = None,
    ) -> QueryOutcome:
        request = (sparql, list(default_graphs), list(named_graphs), dict(bindings or {}), base_iri)
        return _outcome_read(*self._call("query", *request))

    def graphs(self) -> list[str]:
        return cast(list[str], self._call("graphs"))

    def __len__(self) -> int:
        return cast(int, self._call("size"))

    def flush(self) -> None:
        """Write what is buffered to disk; past RENEW_AFTER_BYTES of writes, end the child (the
        next request starts another)."""
        self._call("flush")
        if self._written >= self.renew_after:
            self._stopped()

    def optimize(self) -> None:
        self._call("optimize")

    def close(self) -> None:
        self._stopped()


def _die_with_parent(parent: int) -> None:
    """Ask Linux to kill this process when its parent ends (PR_SET_PDEATHSIG)."""
    import ctypes
    import signal

    # Elsewhere than Linux the end of the requests' stream ends it.
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None).prctl(1, signal.SIGKILL)
    if os.getppid() != parent:  # the parent ended before the request above
        os._exit(1)


# RocksDB compacts in its "low" threads, in the background; over 2,225 BBC articles they took
# some 35 of the store child's 50 CPU seconds, from spaCy's workers. Lowered to this niceness
# they wait for idle CPU, and a compaction that waits merges more files at once, so there are
# fewer of them: on disk `bench/ingest.py --articles 2225 --quick` ran at 0.86–0.93× spaCy
# alone, against 0.77–0.83× at the default in the same hour. RocksDB offers this
# (`Env::LowerThreadPoolCPUPriority`); pyoxigraph does not expose it.
COMPACTION_NICENESS = 19


def lower_compaction_priority() -> None:
    """Give this process's RocksDB compaction threads the lowest CPU priority (on Linux, where
    a thread has a niceness of its own; elsewhere nothing is done)."""
    try:
        threads = os.listdir("/proc/self/task")
    except OSError:
        return
    for thread in threads:
        try:
            with open(f"/proc/self/task/{thread}/comm") as name:
                if name.read().startswith("rocksdb:low"):
                    os.setpriority(os.PRIO_PROCESS, int(thread), COMPACTION_NICENESS)
        except OSError:  # the thread has ended
            continue


def _frames(stream: BinaryIO) -> Iterator[bytes]:
    """The frames that follow a streamed request, up to the empty one that ends them."""
    while size := FRAME_LENGTH.unpack(_read_exactly(stream, FRAME_LENGTH.size))[0]:
        yield _read_exactly(stream, size)


def _read_exactly(stream: BinaryIO, size: int) -> bytes:
    data = stream.read(size)
    if len(data) < size:
        raise StoreError("the stream of a request ended early")
    return data


def _serve_requests(path: str, requests: BinaryIO, answers: BinaryIO) -> None:
    """The child's side of ChildProcessStore: open the store, answer requests until asked to
    close it (or until their stream ends), close the store."""

    def answer(status: str, value: Any) -> None:
        pickle.dump((status, value), answers, protocol=pickle.HIGHEST_PROTOCOL)
        answers.flush()

    try:
        store = Store(path)
    except StoreError as err:
        answer("closed", str(err))
        return
    lower_compaction_priority()  # its threads start with the store
    answer("ok", None)
    with store:
        while True:
            try:
                request, args = pickle.load(requests)
            except EOFError:
                return
            try:
                if request not in CHILD_REQUESTS:
                    raise StoreError(f"unknown request {request!r}")
                if request == "close":
                    store.close()
                    answer("ok", None)
                    return
                if request in STREAMED_REQUESTS:
                    frames = _frames(requests)
                    try:
                        value: Any = getattr(store, request)(frames)
                    finally:
                        for _ in frames:  # what the store did not read, if it failed
                            pass
                elif request == "query":
                    value = _outcome_written(store.query(*args))
                elif request == "size":
                    value = len(store)
                else:
                    value = getattr(store, request)(*args)
                if request in ("flush", "add_graphs", "bulk_load"):
                    release_free_memory()
            except QuerySyntaxError as err:
                answer("syntax", str(err))
            except (StoreError, OSError, ValueError, RuntimeError, SyntaxError) as err:
                answer("error", f"{type(err).__name__}: {err}")
            else:
                answer("ok", value)


class RemoteStore(BaseStore):
    """A SPARQL 1.1 server, through the Query and Update protocols.

    `KG_STORE=http://host:port` names an Oxigraph server (its `/query` and `/update`); other
    servers are named by their endpoints (`query_url`, `update_url`). The server must answer
    queries over the union of its graphs as the default graph (`oxigraph serve
    --union-default-graph`; Fuseki's `unionDefaultGraph`), as the embedded store does.
    Writes are the embedded store's very update requests, so each is one transaction there too.
    """

    def __init__(
        self, base: str, query_url: str | None = None, update_url: str | None = None,
        timeout: float = 300.0, token: str | None = None,
    ) -> None:  # fmt: skip
        base = base.rstrip("/")
        self.path = base
        self.query_url = query_url or f"{base}/query"
        self.update_url = update_url or f"{base}/update"
        self.timeout = timeout
        self.token = token

    def _post(self, url: str, body: str, content_type: str, accept: str) -> tuple[str, bytes]:
        import urllib.error  # here, not above: the store's child process goes without them
        import urllib.request

        headers = {"Content-Type": content_type, "Accept": accept}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        request = urllib.request.Request(
            url, data=body.encode("utf-8"), method="POST", headers=headers
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.headers.get_content_type(), response.read()
        except urllib.error.HTTPError as err:
            message = err.read().decode("utf-8", "replace").strip()[:500]
            if err.code == 400:
                raise QuerySyntaxError(message) from None
            raise StoreError(f"{url} answered {err.code}: {message}") from None
        except OSError as err:
            raise StoreError(f"cannot reach the SPARQL server at {url}: {err}") from None

    def update(self, sparql: str, base_iri: str | None = None) -> None:
        """Run a SPARQL Update on the server."""
        prologue = f"BASE {ox.NamedNode(base_iri)}\n" if base_iri else ""
        self._post(self.update_url, prologue + sparql, "application/sparql-update", "*/*")

    def query(
        self,
        sparql: str,
        default_graphs: Iterable[str] = (),
        named_graphs: Iterable[str] = (),
        bindings: Mapping[str, str] | None = None,
        base_iri: str | None = None,
    ) -> QueryOutcome:
        """Run a query on the server; bindings go in as a trailing VALUES clause."""
        if base_iri:
            sparql = f"BASE {ox.NamedNode(base_iri)}\n" + sparql
        if bindings:
            for name in bindings:
                if not re.fullmatch(r"\w+", name):
                    raise QuerySyntaxError(f"bad variable name {name!r}")
            # one trailing VALUES clause for all of them: a query may end with only one
            names = " ".join(f"?{name}" for name in bindings)
            terms = " ".join(str(ox.NamedNode(iri)) for iri in bindings.values())
            sparql += f"\nVALUES ({names}) {{ ({terms}) }}"
        params = [("default-graph-uri", g) for g in default_graphs]
        params += [("named-graph-uri", g) for g in named_graphs]
        url = self.query_url + ("?" + urlencode(params) if params else "")
        accept = "application/sparql-results+json, application/n-triples;q=0.9"
        content_type, data = self._post(url, sparql, "application/sparql-query", accept)
        return _outcome_read(content_type, data)

    def graphs(self) -> list[str]:
        rows = self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return sorted(r["g"] for r in rows)

    def __len__(self) -> int:
        rows = self.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(rows[0]["n"]) if rows else 0


# Left in an embedded store's folder by `kg serve` while it holds the store: where its endpoint
# is, and the token that lets other kg commands write through it.
SERVER_FILE = "newskg-server.json"


def announce_server(folder: str, endpoint: str, token: str) -> Path:
    """Record that a server holds the store at `folder` (readable by its owner only)."""
    path = Path(folder) / SERVER_FILE
    path.write_text(json.dumps({"endpoint": endpoint, "token": token, "pid": os.getpid()}))
    path.chmod(0o600)
    return path


def _running_server(folder: str) -> RemoteStore | None:
    path = Path(folder) / SERVER_FILE
    try:
        info = json.loads(path.read_text())
        os.kill(int(info["pid"]), 0)  # raises when that process is gone
    except (OSError, ValueError, KeyError, TypeError):
        return None
    endpoint = str(info["endpoint"])
    return RemoteStore(endpoint, endpoint, endpoint, token=str(info["token"]))


def open_store(
    location: str, query_url: str = "", update_url: str = "", child_process: bool = False
) -> Store | ChildProcessStore | RemoteStore:
    """The store a location names: an http(s) URL is a SPARQL server (whose endpoints may be
    named one by one), anything else a folder, held here or, with `child_process`, by a
    ChildProcessStore (for long ingestions). A folder that a running `kg serve` holds is
    reached through that server."""
    if location.startswith(("http://", "https://")):
        return RemoteStore(location, query_url or None, update_url or None)
    try:
        return ChildProcessStore(location) if child_process else Store(location)
    except StoreError:
        server = _running_server(location)
        if server is None:
            raise
        return server


def values_clause(variable: str, iris: Iterable[str]) -> str:
    """`VALUES ?variable { <iri> ... }`, each IRI checked and escaped: for queries that must
    start from a known set of nodes."""
    if not re.fullmatch(r"\w+", variable):
        raise QuerySyntaxError(f"bad variable name {variable!r}")
    return f"VALUES ?{variable} {{ {' '.join(str(ox.NamedNode(i)) for i in iris)} }}"


def string_literal(text: str) -> str:
    """`"text"` as a SPARQL string literal, escaped: for a user's words inside a query."""
    return str(ox.Literal(text))


if __name__ == "__main__":  # the child process of ChildProcessStore: python -m kg.store FOLDER PID
    _die_with_parent(int(sys.argv[2]))
    # Ctrl-C reaches the whole process group: the parent decides, and closes this process.
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Answers go out on a copy of standard output; anything else written there goes to stderr.
    answers = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    _serve_requests(sys.argv[1], sys.stdin.buffer, answers)
