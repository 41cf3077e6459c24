"""The whole path as a user runs it: `kg ingest` and `kg serve` as processes, real HTTP."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import KG, SEEDS, free_port
from tests.conftest import start_server as start

pytestmark = [pytest.mark.model, pytest.mark.e2e]

BIN = str(Path(sys.executable).parent)
OXIGRAPH = shutil.which("oxigraph", path=BIN) or "oxigraph"


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("e2e") / "store"
    ingest = subprocess.run(
        [KG, "ingest", str(SEEDS)],
        env={**os.environ, "KG_STORE": str(store)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert ingest.returncode == 0, ingest.stderr
    assert "1 ingested, 0 unchanged, 0 failed" in ingest.stdout
    return store


@pytest.fixture(scope="module")
def server(store_dir: Path) -> Iterator[str]:
    url = f"http://127.0.0.1:{free_port()}"
    env = {**os.environ, "KG_STORE": str(store_dir)}
    process = start([KG, "serve", "--port", url.rsplit(":", 1)[1]], url + "/", env)
    yield url
    process.terminate()
    process.wait(timeout=20)


@contextmanager
def oxigraph(location: Path, read_only: bool = False) -> Iterator[str]:
    """Oxigraph's own server on a store folder, on a free port of 127.0.0.1; its base URL."""
    bind = f"127.0.0.1:{free_port()}"
    command = [
        OXIGRAPH,
        "serve-read-only" if read_only else "serve",
        "--location",
        str(location),
        "--bind",
        bind,
        "--union-default-graph",
    ]
    process = start(command, f"http://{bind}/query", dict(os.environ))
    try:
        yield f"http://{bind}"
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture(scope="module")
def oxigraph_server(store_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Oxigraph's own server on a copy of the same store (each process locks its folder)."""
    copy = tmp_path_factory.mktemp("oxigraph") / "store"
    shutil.copytree(store_dir, copy)
    (copy / "LOCK").unlink(missing_ok=True)
    with oxigraph(copy, read_only=True) as url:
        yield url


def sparql(url: str, query: str, path: str = "/sparql") -> dict[str, object]:
    data = urllib.parse.urlencode({"query": query}).encode()
    request = urllib.request.Request(
        url + path,
        data=data,
        headers={
            "Accept": "application/sparql-results+json",
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.headers["Content-Type"].startswith("application/sparql-results+json")
        return json.load(response)  # type: ignore[no-any-return]


def test_article_file_to_http_answer(server: str) -> None:
    answer = sparql(
        server,
        """
        PREFIX nk: <https://w3id.org/newskg/ns#> PREFIX schema: <http://schema.org/>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?headline ?author WHERE {
          ?a a nk:Article ; schema:identifier "000_0001cfc20b1d3929.txt" ;
             schema:headline ?headline ; schema:author/rdfs:label ?author }""",
    )
    (row,) = answer["results"]["bindings"]  # type: ignore[index]
    assert row["author"]["value"] == "Andrey Biryukov"
    assert row["headline"]["value"].startswith("The Kremlin says Putin")


def test_pages_over_http(server: str) -> None:
    with urllib.request.urlopen(server + "/article/000_0001cfc20b1d3929", timeout=30) as response:
        html = response.read().decode()
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    assert 'title="Person: Vladimir Putin"' in html
    request = urllib.request.Request(server + "/sparql?query=SELEC", headers={"Accept": "*/*"})
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(request, timeout=30)
    assert caught.value.code == 400
    assert caught.value.headers["Content-Type"].startswith("text/plain")
    assert caught.value.headers["Server"] == "granian"  # the production server, not Flask's


@pytest.mark.parametrize(
    "query",
    [
        "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o",
        "SELECT ?type (COUNT(*) AS ?n) WHERE { ?x a ?type } GROUP BY ?type ORDER BY ?type",
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g",
        "ASK { ?s <http://schema.org/author> ?o }",
    ],
)
def test_same_answers_as_oxigraph_server(server: str, oxigraph_server: str, query: str) -> None:
    """Our store is a plain Oxigraph store and our endpoint answers as Oxigraph's own does."""
    assert sparql(server, query) == sparql(oxigraph_server, query, "/query")


def test_ingest_writes_through_the_running_server(
    server: str, store_dir: Path, tmp_path: Path
) -> None:
    """`kg serve` holds the embedded store; `kg ingest` on it goes through the server, and the
    server's pages show the new article at once."""
    article = tmp_path / "later.txt"
    article.write_text(
        "Harbour reopens\n\nMaria Okafor said the port of Valmont reopened on Monday.\n"
    )
    env = {**os.environ, "KG_STORE": str(store_dir)}
    ingest = subprocess.run(
        [KG, "ingest", str(article)], env=env, capture_output=True, text=True, timeout=300
    )
    assert ingest.returncode == 0, ingest.stderr
    assert "1 ingested, 0 unchanged, 0 failed" in ingest.stdout
    with urllib.request.urlopen(server + "/article/later", timeout=30) as response:
        assert "Harbour reopens" in response.read().decode()
    removed = subprocess.run(
        [KG, "remove", "later.txt"], env=env, capture_output=True, text=True, timeout=120
    )
    assert removed.returncode == 0 and "1 removed" in removed.stdout
