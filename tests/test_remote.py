"""The same store operations against a SPARQL 1.1 server: Oxigraph's own, on 127.0.0.1."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from kg.config import Settings
from kg.store import QuerySyntaxError, RemoteStore, Store, StoreError, open_store
from tests.conftest import FIXTURES, SEED, create_test_app
from tests.test_e2e import KG, free_port, oxigraph

pytestmark = pytest.mark.e2e

QUADS = """SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o }
  FILTER(CONTAINS(STR(?g), "/graph/article/") || STRENDS(STR(?g), "/graph/kb")) }"""


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    with oxigraph(tmp_path / "oxigraph") as url:
        yield url


def quads(store: Store | RemoteStore) -> set[str]:
    return set(store.query(QUADS).serialize("text/tab-separated-values").decode().splitlines())


def test_store_operations(server: str) -> None:
    store = open_store(server)
    assert isinstance(store, RemoteStore)
    g = "http://example.org/g"
    text = 'He said "no" \\ then\nleft } . > <x>\t“curly” 🙂'
    triples = [(URIRef("http://example.org/s"), URIRef("http://example.org/p"), Literal(text))]
    store.replace_graph(g, triples)
    store.replace_graph(g, triples)
    assert len(store) == 1 and store.graphs() == [g]
    assert store.select("SELECT ?o WHERE { ?s ?p ?o }") == [{"o": text}]
    assert store.select("SELECT ?s ?o WHERE { ?s ?p ?o }", s="http://example.org/s")[0]["o"] == text
    assert store.ask("ASK { ?s ?p ?o }")
    turtle = store.construct("CONSTRUCT WHERE { ?s ?p ?o }", "text/turtle").decode()
    assert "example.org/s" in turtle
    with pytest.raises(QuerySyntaxError):
        store.query("SELEC nothing")
    store.drop_graph(g)
    assert len(store) == 0


def test_unreachable_server_is_a_clear_error() -> None:
    with pytest.raises(StoreError, match="cannot reach the SPARQL server"):
        RemoteStore(f"http://127.0.0.1:{free_port()}").graphs()


@pytest.mark.model
def test_ingesting_through_the_server_gives_the_embedded_graph(server: str, tmp_path: Path) -> None:
    env = {**os.environ, "KG_WORKERS": "1"}
    inputs = [str(SEED), str(FIXTURES / "layout_variant.txt"), str(FIXTURES / "generic.txt")]
    embedded = tmp_path / "embedded"
    subprocess.run(
        [KG, "ingest", "-q", *inputs, "--store", str(embedded)],
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )
    # Two workers, each on part of the inputs, at once, into the same server.
    halves = [
        subprocess.Popen(
            [KG, "ingest", "-q", *part, "--store", server],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for part in (inputs[:1], inputs[1:])
    ]
    for process in halves:
        assert process.wait(timeout=300) == 0, process.stderr.read() if process.stderr else ""
    with Store(embedded) as reference:
        expected = quads(reference)
    assert len(expected) > 1000
    assert quads(RemoteStore(server)) == expected


@pytest.mark.model
def test_the_app_serves_from_the_server(server: str, settings: Settings) -> None:
    env = {**os.environ, "KG_WORKERS": "1"}
    subprocess.run(
        [KG, "ingest", "-q", str(SEED), "--store", server],
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )
    client = create_test_app(settings, RemoteStore(server)).test_client()
    page = client.get("/entity/Q7747").get_data(as_text=True)
    assert "<h1>Vladimir Putin" in page
    assert "<h2>Statements by Vladimir Putin <span" in page and "it takes one to know one" in page
    assert "Russian President" in page  # his role, found through the server
    answer = client.get(
        "/sparql", query_string={"query": "ASK { ?s a <https://w3id.org/newskg/ns#Article> }"}
    )
    assert answer.get_json() == {"head": {}, "boolean": True}
