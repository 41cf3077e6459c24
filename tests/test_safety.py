"""The endpoint is safe to expose: SERVICE only to allowed endpoints, updates only with the
token, and no query runs past its time limit while others wait."""

from __future__ import annotations

import http.server
import threading
import time
from collections.abc import Iterator
from dataclasses import replace

import pytest
from flask.testing import FlaskClient

from kg.config import Settings
from kg.store import Store
from tests.conftest import create_test_app

pytestmark = pytest.mark.model

RUNAWAY = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture
def listener() -> Iterator[tuple[str, list[str]]]:
    """A local HTTP server that records every request made to it."""
    seen: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            seen.append(self.path)
            self.send_response(500)
            self.end_headers()

        do_GET = do_POST

        def log_message(self, *args: object) -> None:
            return None

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sparql", seen
    server.shutdown()


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <{url}> { ?s ?p ?o } }",
        "PREFIX x: <{base}> SELECT * WHERE { OPTIONAL { SERVICE SILENT x:sparql { ?s ?p ?o } } }",
    ],
)
def test_service_to_a_host_not_allowed_is_refused_unasked(
    client: FlaskClient, listener: tuple[str, list[str]], query: str
) -> None:
    url, seen = listener
    text = query.replace("{url}", url).replace("{base}", url.rsplit("/", 1)[0] + "/")
    response = client.post("/sparql", data={"query": text})
    assert response.status_code == 403
    assert "is not allowed" in response.get_data(as_text=True)
    assert seen == []


def test_service_with_a_variable_endpoint_is_refused(client: FlaskClient) -> None:
    query = "SELECT * WHERE { ?e <http://x/p> ?url . SERVICE ?url { ?s ?p ?o } }"
    response = client.post("/sparql", data={"query": query})
    assert response.status_code == 403 and "variable" in response.get_data(as_text=True)


def test_a_literal_saying_service_is_not_a_service(client: FlaskClient) -> None:
    response = client.get("/sparql", query_string={"query": 'ASK { FILTER("SERVICE" != "") }'})
    assert response.status_code == 200


@pytest.fixture
def writable(settings: Settings) -> FlaskClient:
    store = Store()
    return create_test_app(replace(settings, update_token="s3cret"), store).test_client()


def test_update_needs_the_token(writable: FlaskClient, client: FlaskClient) -> None:
    update = "INSERT DATA { <http://x/a> <http://x/b> 1 }"
    assert client.post("/sparql", data={"update": update}).status_code == 403  # no token set
    assert writable.post("/sparql", data={"update": update}).status_code == 403
    wrong = writable.post(
        "/sparql", data={"update": update}, headers={"Authorization": "Bearer no"}
    )
    assert wrong.status_code == 403 and "token" in wrong.get_data(as_text=True)
    right = writable.post(
        "/sparql",
        data=update,
        content_type="application/sparql-update",
        headers={"Authorization": "Bearer s3cret"},
    )
    assert right.status_code == 204
    ask = writable.get("/sparql", query_string={"query": "ASK { <http://x/a> <http://x/b> 1 }"})
    assert ask.get_json()["boolean"] is True


def test_load_is_refused_even_with_the_token(
    writable: FlaskClient, listener: tuple[str, list[str]]
) -> None:
    url, seen = listener
    response = writable.post(
        "/sparql", data={"update": f"LOAD <{url}>"}, headers={"Authorization": "Bearer s3cret"}
    )
    assert response.status_code == 403 and seen == []


def test_a_runaway_query_is_stopped_and_others_are_answered(
    seed_store: Store, settings: Settings
) -> None:
    # No cap: the time limit is what must stop this one.
    app = create_test_app(replace(settings, query_timeout=1.0, max_rows=10**12), seed_store)
    answers: dict[str, object] = {}

    def runaway() -> None:
        started = time.monotonic()
        response = app.test_client().get("/sparql", query_string={"query": RUNAWAY})
        answers["runaway"] = (
            response.status_code,
            time.monotonic() - started,
            response.get_data(as_text=True),
        )

    thread = threading.Thread(target=runaway)
    thread.start()
    time.sleep(0.2)
    started = time.monotonic()
    quick = app.test_client().get("/sparql", query_string={"query": "ASK { ?s ?p ?o }"})
    assert quick.status_code == 200 and time.monotonic() - started < 1.0
    thread.join(timeout=10)
    status, seconds, body = answers["runaway"]  # type: ignore[misc]
    assert status == 503 and 0.9 < seconds < 3.0 and "time limit of 1 s" in body
    app.extensions["newskg.queries"].shutdown()  # returns once the stopped query has let go


def test_service_description(client: FlaskClient) -> None:
    response = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert response.status_code == 200 and response.mimetype == "text/turtle"
    body = response.get_data(as_text=True)
    assert "sd:Service" in body and "sd:UnionDefaultGraph" in body
    assert "SPARQL11Update" not in body  # read-only
    jsonld = client.get("/sparql", headers={"Accept": "application/ld+json"})
    assert jsonld.mimetype == "application/ld+json"
