"""The embedded store: atomic graph replacement, the union default graph, query errors."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from kg.rdf import Triple
from kg.store import ChunksStream, QuerySyntaxError, Store, StoreError, nquads_chunks, ntriples_line

G1, G2 = "http://example.org/graph/1", "http://example.org/graph/2"
EX = "http://example.org/"


def triples(n: int, value: str = "v") -> list[Triple]:
    return [(URIRef(f"{EX}s{i}"), URIRef(f"{EX}p"), Literal(f"{value}{i}")) for i in range(n)]


def test_replacing_a_graph_keeps_the_count() -> None:
    store = Store()
    store.replace_graph(G1, triples(5))
    store.replace_graph(G1, triples(5))
    assert len(store) == 5
    store.replace_graph(G1, triples(2, "w"))
    assert len(store) == 2
    assert store.select("SELECT ?o WHERE { ?s ?p ?o } ORDER BY ?o") == [{"o": "w0"}, {"o": "w1"}]


@pytest.mark.parametrize("on_disk", [False, True])
def test_new_graphs_are_added_together(tmp_path: Path, on_disk: bool) -> None:
    store = Store(tmp_path / "store" if on_disk else None)
    lines = [ntriples_line(t) for t in triples(3)]
    store.add_graphs({G1: lines, G2: [ntriples_line(t) for t in triples(1, "x")]})
    store.add_graphs({G2: lines[:1], "http://example.org/g3": []})  # adds to a graph; none empty
    assert len(store) == 5 and store.graphs() == [G1, G2]
    assert store.ask(f"ASK {{ GRAPH <{G2}> {{ ?s ?p 'v0' }} }}")
    store.add_graphs({})
    assert len(store) == 5
    store.close()


def test_the_bulk_loader_reads_the_batch_a_graph_at_a_time() -> None:
    lines = [ntriples_line(t) for t in triples(2)]
    chunks = list(nquads_chunks({G1: lines, G2: [], "http://example.org/g3": lines[:1]}))
    assert chunks[0].decode().splitlines() == [line[:-1] + f"<{G1}> ." for line in lines]
    assert chunks[1] == b"" and chunks[2].endswith(b"<http://example.org/g3> .\n")
    stream = ChunksStream(iter(chunks))
    read = [stream.read(7) for _ in range(200)]
    assert all(0 < len(piece) <= 7 for piece in read if piece) and read[-1] == b""
    assert b"".join(read) == b"".join(chunks)


def test_default_graph_is_the_union_and_graph_shows_provenance() -> None:
    store = Store()
    store.replace_graph(G1, triples(1))
    store.replace_graph(G2, triples(1, "x"))
    assert len(store.select("SELECT ?o WHERE { ?s ?p ?o }")) == 2
    rows = store.select("SELECT ?g ?o WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g")
    assert [r["g"] for r in rows] == [G1, G2]
    assert store.graphs() == [G1, G2]


def test_dataset_parameters_restrict_the_default_graph() -> None:
    store = Store()
    store.replace_graph(G1, triples(1))
    store.replace_graph(G2, triples(3, "x"))
    outcome = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", default_graphs=[G2])
    assert b"3" in outcome.serialize("text/csv")


def test_a_failed_replacement_leaves_the_old_graph() -> None:
    store = Store()
    store.replace_graph(G1, triples(3))

    def broken() -> Iterator[Triple]:
        yield from triples(2, "new")
        raise RuntimeError("extraction failed half-way")

    with pytest.raises(RuntimeError):
        store.replace_graph(G1, broken())
    assert sorted(r["o"] for r in store.select("SELECT ?o WHERE { ?s ?p ?o }")) == [
        "v0",
        "v1",
        "v2",
    ]


def test_awkward_literals_round_trip() -> None:
    store = Store()
    text = 'He said "no" \\ then\nleft } . > <x>\t“curly” 🙂'
    store.replace_graph(G1, [(URIRef(f"{EX}s"), URIRef(f"{EX}p"), Literal(text))])
    assert store.select("SELECT ?o WHERE { ?s ?p ?o }") == [{"o": text}]


def test_bad_query_says_where() -> None:
    with pytest.raises(QuerySyntaxError, match=r"1:\d+"):
        Store().query("SELEC ?x WHERE { ?x ?p ?o }")


def test_bindings_are_substituted_not_formatted() -> None:
    store = Store()
    store.replace_graph(G1, triples(2))
    rows = store.select("SELECT ?s ?o WHERE { ?s ?p ?o }", s=f"{EX}s1")
    assert rows == [{"s": f"{EX}s1", "o": "v1"}]


def test_replace_graph_from_file(tmp_path: Path) -> None:
    ttl = tmp_path / "x.ttl"
    ttl.write_text("@prefix ex: <http://example.org/> . ex:a ex:b [ ex:c 1 ] .")
    store = Store()
    store.replace_graph_from_file(G1, ttl)
    store.replace_graph_from_file(G1, ttl)
    assert len(store) == 2


def test_on_disk_store_is_locked_by_its_user(tmp_path: Path) -> None:
    first = Store(tmp_path / "store")
    first.replace_graph(G1, triples(1))
    with pytest.raises(StoreError, match="another kg process"):
        Store(tmp_path / "store")


def test_table_cuts_at_the_limit() -> None:
    store = Store()
    store.replace_graph(G1, triples(5))
    table = store.query("SELECT ?s ?o WHERE { ?s ?p ?o }").table(3)
    assert table.truncated and len(table.rows) == 3 and table.columns == ["s", "o"]
    assert table.rows[0]["s"].is_iri and not table.rows[0]["o"].is_iri
    answer = store.query("ASK { ?s ?p ?o }").table(3)
    assert answer.columns == ["answer"] and answer.rows[0]["answer"].value == "true"


# Terms of every kind, in the order ORDER BY gives them, to check a capped copy is faithful.
AWKWARD_ROWS = """
SELECT ?n ?t WHERE {
  VALUES (?n ?t) {
    (1 <http://example.org/a>) (2 "plain") (3 "mit Sprache"@de) (4 "7"^^<http://www.w3.org/2001/XMLSchema#integer>)
    (5 "quote \\" and\\nnewline\\ttab") (6 UNDEF) (7 "العربية"@ar)
  }
}"""


@pytest.mark.parametrize("media_type", ["application/sparql-results+json", "text/csv"])
def test_capped_solutions_serialise_like_the_original(media_type: str) -> None:
    store = Store()
    original = store.query(AWKWARD_ROWS).serialize(media_type)
    copy, more = store.query(AWKWARD_ROWS).capped(100)
    assert not more and copy.serialize(media_type) == original


def test_capped_keeps_blank_nodes_and_triple_terms() -> None:
    store = Store()
    query = (
        "SELECT ?b ?t WHERE { BIND(BNODE() AS ?b)"
        ' BIND(<<( <http://e/s> <http://e/p> <<( <http://e/x> <http://e/q> "é\\t"@fr )>> )>> AS ?t) }'
    )
    original = json.loads(store.query(query).serialize("application/sparql-results+json"))
    copy, _ = store.query(query).capped(10)
    row = json.loads(copy.serialize("application/sparql-results+json"))["results"]["bindings"][0]
    assert row["b"]["type"] == "bnode" and row["t"]["type"] == "triple"
    assert row["t"] == original["results"]["bindings"][0]["t"]


def test_capped_cuts_solutions_and_graphs_at_the_limit() -> None:
    store = Store()
    store.replace_graph(G1, triples(5))
    rows, more = store.query("SELECT ?s WHERE { ?s ?p ?o }").capped(3)
    assert more and rows.serialize("text/csv").decode().splitlines()[1:] == [
        line
        for line in store.query("SELECT ?s WHERE { ?s ?p ?o }")
        .serialize("text/csv")
        .decode()
        .splitlines()[1:4]
    ]
    graph, more = store.query("CONSTRUCT WHERE { ?s ?p ?o }").capped(3)
    assert more and graph.serialize("application/n-triples").decode().count("\n") == 3
    whole, more = store.query("CONSTRUCT WHERE { ?s ?p ?o }").capped(5)
    assert not more and whole.serialize("application/n-triples").decode().count("\n") == 5
    answer, more = store.query("ASK { ?s ?p ?o }").capped(0)
    assert (
        not more
        and answer.serialize("application/sparql-results+json") == b'{"head":{},"boolean":true}'
    )


def test_capped_stops_when_asked() -> None:
    store = Store()
    store.replace_graph(G1, triples(3000))
    with pytest.raises(TimeoutError):
        store.query("SELECT * WHERE { ?s ?p ?o }").capped(10_000, stop=lambda: True)


def test_optimize_keeps_every_quad(tmp_path: Path) -> None:
    store = Store(str(tmp_path / "store"))
    store.update(
        "INSERT DATA { GRAPH <http://example.org/g> { <http://example.org/a> <http://example.org/p> 1 } }"
    )
    store.optimize()
    assert len(store) == 1
    assert store.ask("ASK { <http://example.org/a> <http://example.org/p> 1 }")
    store.close()
