"""Fixtures in the manner of the Flask tutorial: app, client, runner; plus stores and the model."""

from __future__ import annotations

import http.client
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient
from rdflib import Graph, Namespace
from rdflib.collection import Collection
from rdflib.namespace import RDF
from rdflib.term import Node

from kg.config import Settings
from kg.store import BaseStore, Store

if TYPE_CHECKING:
    from kg.pipeline import IngestResult

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED = SEEDS / "000_0001cfc20b1d3929.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
GOLDEN = Path(__file__).resolve().parent / "golden"
BASE = "http://127.0.0.1:5000/"
KG = shutil.which("kg", path=str(Path(sys.executable).parent)) or "kg"
UPDATE_TOKEN = "test-update-token"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--regen-golden", action="store_true", help="Rewrite the golden files from the code."
    )


@pytest.fixture
def regen_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--regen-golden"))


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings(store=":memory:", base_iri=BASE)


def ingested(
    paths: list[Path], store: BaseStore, settings: Settings, **options: Any
) -> list[IngestResult]:
    """`ingest`, and each input's result in order (`ingest` itself keeps none)."""
    from kg.pipeline import ingest

    results: list[IngestResult] = []
    ingest(paths, store, settings, on_result=results.append, **options)
    return results


@pytest.fixture(scope="session")
def seed_store(settings: Settings) -> Store:
    """An in-memory store holding the seed articles and the test fixtures, ingested once."""
    store = Store()
    inputs = [SEEDS, FIXTURES / "layout_variant.txt", FIXTURES / "generic.txt"]
    results = ingested(inputs, store, settings)
    assert all(r.ok for r in results), [r.message for r in results if not r.ok]
    return store


@pytest.fixture
def app(settings: Settings, seed_store: Store) -> Flask:
    app = create_test_app(settings, seed_store)
    return app


def manifest_headers(manifest: Graph, message: Node | None) -> dict[str, str]:
    """The HTTP headers of a request or response in a W3C test manifest (ht:headers)."""
    HT = Namespace("http://www.w3.org/2011/http#")
    return {
        str(manifest.value(h, HT.fieldName)): str(manifest.value(h, HT.fieldValue))
        for h in Collection(manifest, manifest.value(message, HT.headers) or RDF.nil)
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(command: list[str], url: str, env: dict[str, str]) -> subprocess.Popen[str]:
    """Start a server process and wait until it answers on url."""
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return process
        except urllib.error.HTTPError:
            return process  # it answers, if not on that path
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                output = process.stdout.read() if process.stdout else ""
                raise AssertionError(f"{command[0]} did not start: {output}") from None
            time.sleep(0.2)


@pytest.fixture(scope="session")
def kg_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    """`kg serve` as users run it (Granian, its own process) on an empty store, with updates
    on: (host, port). Tests that use it start by emptying it with `drop_all`."""
    port = free_port()
    env = {
        **os.environ,
        "KG_STORE": str(tmp_path_factory.mktemp("served") / "store"),
        "KG_UPDATE_TOKEN": UPDATE_TOKEN,
        "KG_BASE_IRI": f"http://127.0.0.1:{port}/",
    }
    process = start_server([KG, "serve", "--port", str(port)], f"http://127.0.0.1:{port}/", env)
    yield "127.0.0.1", port
    process.terminate()
    process.wait(timeout=20)


def drop_all(host: str, port: int) -> None:
    """Empty a served store through the protocol (SPARQL Update with the token)."""
    connection = http.client.HTTPConnection(host, port, timeout=30)
    headers = {
        "Content-Type": "application/sparql-update",
        "Authorization": f"Bearer {UPDATE_TOKEN}",
    }
    connection.request("POST", "/sparql", body=b"DROP SILENT ALL", headers=headers)
    response = connection.getresponse()
    response.read()
    connection.close()
    assert response.status == 204, response.status


@contextmanager
def serving(app: Flask) -> Iterator[tuple[str, int]]:
    """The app served by waitress on 127.0.0.1 (a free port) while the block runs."""
    import waitress.server

    server = waitress.server.create_server(app, host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield "127.0.0.1", int(server.effective_port)  # type: ignore[union-attr]
    finally:
        server.close()


def create_test_app(settings: Settings, store: Store) -> Flask:
    from web import create_app

    app = create_app({"TESTING": True}, settings=settings, store=store)
    return app


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner() -> Iterator[CliRunner]:
    yield CliRunner()
