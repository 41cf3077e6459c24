"""Fixtures in the manner of the Flask tutorial: app, client, runner; plus stores and the model."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient

from kg.config import Settings
from kg.store import Store

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED = SEEDS / "000_0001cfc20b1d3929.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
GOLDEN = Path(__file__).resolve().parent / "golden"
BASE = "http://127.0.0.1:5000/"


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


@pytest.fixture(scope="session")
def seed_store(settings: Settings) -> Store:
    """An in-memory store holding the seed articles and the test fixtures, ingested once."""
    from kg.pipeline import ingest

    store = Store()
    inputs = [SEEDS, FIXTURES / "layout_variant.txt", FIXTURES / "generic.txt"]
    results = ingest(inputs, store, settings)
    assert all(r.ok for r in results), [r.message for r in results if not r.ok]
    return store


@pytest.fixture
def app(settings: Settings, seed_store: Store) -> Flask:
    app = create_test_app(settings, seed_store)
    return app


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
