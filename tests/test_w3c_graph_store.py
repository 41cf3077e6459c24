"""The W3C SPARQL 1.1 Graph Store Protocol tests (../shared/data/w3c-sparql11/graph-store-protocol),
each connection's requests replayed in order against `kg serve` on 127.0.0.1 (the server users run).

`/gsp` becomes `/store`; writes carry the bearer token. Direct graph identification (the graph
named by the request's own URL) does not apply: newskg names graphs under its base IRI and
serves pages there, so the store is addressed indirectly (`?graph=IRI`, `?default`), as
Oxigraph's server does.
"""

from __future__ import annotations

import http.client
from dataclasses import dataclass

import pytest
from rdflib import Graph, Namespace
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib.namespace import RDF

from tests.conftest import ROOT, UPDATE_TOKEN, drop_all, manifest_headers

SUITE = ROOT.parent / "shared" / "data" / "w3c-sparql11" / "graph-store-protocol"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
TOKEN = UPDATE_TOKEN
STATUS = {"OK": 200, "Created": 201, "NoContent": 204, "NotFound": 404}


@dataclass(frozen=True)
class Exchange:
    method: str
    path: str
    headers: dict[str, str]
    body: str | None
    statuses: frozenset[str]
    content_type: str | None
    expected: str | None
    location: str | None


@dataclass(frozen=True)
class StoreTest:
    name: str
    exchanges: list[Exchange]


def _text(manifest: Graph, node: object) -> str | None:
    body = manifest.value(node, HT.body)  # type: ignore[arg-type]
    return None if body is None else str(manifest.value(body, CNT.chars))


def load(name: str) -> list[StoreTest]:
    path = SUITE / name
    manifest = Graph().parse(path, format="turtle", publicID=path.as_uri())
    root = next(manifest.subjects(RDF.type, MF.Manifest))
    tests = []
    for test in Collection(manifest, manifest.value(root, MF.entries)):
        action = manifest.value(test, MF.action)
        exchanges = []
        for req in Collection(manifest, manifest.value(action, HT.requests)):
            headers = manifest_headers(manifest, req)
            resp = manifest.value(req, HT.resp)
            response_headers = {
                name.lower(): value for name, value in manifest_headers(manifest, resp).items()
            }
            location = manifest.value(resp, MF.expectedLocation)
            exchanges.append(
                Exchange(
                    method=str(manifest.value(req, HT.methodName)),
                    path=str(manifest.value(req, HT.absolutePath)).replace("/gsp", "/store", 1),
                    headers=headers,
                    body=_text(manifest, req),
                    statuses=frozenset(
                        str(s).rsplit("#", 1)[-1] for s in manifest.objects(resp, MF.expectedStatus)
                    ),
                    content_type=response_headers.get("content-type"),
                    expected=_text(manifest, resp),
                    location=str(location) if location is not None else None,
                )
            )
        tests.append(StoreTest(str(test).rsplit("#", 1)[-1], exchanges))
    return tests


INDIRECT = load("manifest-indirect.ttl") if SUITE.is_dir() else []
DIRECT = load("manifest-direct.ttl") if SUITE.is_dir() else []


@pytest.fixture
def served(kg_server: tuple[str, int]) -> tuple[str, int]:
    """`kg serve` on an empty store: each test starts from nothing, as the suite expects."""
    drop_all(*kg_server)
    return kg_server


def status_fits(expected: frozenset[str], status: int) -> bool:
    return any(
        str(status).startswith(e[len("StatusCode")])
        if e.startswith("StatusCode")
        else STATUS[e] == status
        for e in expected
    )


@pytest.mark.skipif(not INDIRECT, reason="shared W3C test suite absent")
@pytest.mark.parametrize("test", INDIRECT, ids=[t.name for t in INDIRECT])
def test_graph_store_protocol(test: StoreTest, served: tuple[str, int]) -> None:
    host, port = served
    variables: dict[str, str] = {}
    for exchange in test.exchanges:
        path, body = exchange.path, exchange.body
        for name, value in variables.items():
            path = path.replace(name, value)
            body = body.replace(name, value) if body is not None else None
        connection = http.client.HTTPConnection(host, port, timeout=30)
        headers = {**exchange.headers, "Authorization": f"Bearer {TOKEN}"}
        connection.request(
            exchange.method, path, body=body.encode() if body else None, headers=headers
        )
        response = connection.getresponse()
        data = response.read()
        connection.close()
        assert status_fits(exchange.statuses, response.status), (
            exchange.method,
            path,
            response.status,
            data[:300],
        )
        if exchange.location:
            variables[exchange.location] = response.getheader("Location") or ""
            assert variables[exchange.location]
        if exchange.content_type:
            assert response.getheader("Content-Type") == exchange.content_type
        if exchange.expected is not None:
            fmt = (exchange.content_type or "text/turtle").split(";")[0]
            expected = Graph().parse(data=exchange.expected, format=fmt)
            got = Graph().parse(data=data.decode(), format=fmt)
            assert isomorphic(expected, got), data.decode()


def test_the_suite_is_all_here() -> None:
    if not SUITE.is_dir():
        pytest.skip("shared W3C test suite absent")
    assert len(INDIRECT) == 9 and len(DIRECT) == 4


@pytest.mark.skipif(not INDIRECT, reason="shared W3C test suite absent")
def test_writes_need_the_token(served: tuple[str, int]) -> None:
    host, port = served
    for headers in ({}, {"Authorization": "Bearer wrong"}):
        connection = http.client.HTTPConnection(host, port, timeout=30)
        connection.request(
            "PUT",
            "/store?graph=http%3A%2F%2Fexample.org%2Fg",
            body=b"<http://example.org/s> <http://example.org/p> 1 .",
            headers={"Content-Type": "application/n-triples", **headers},
        )
        response = connection.getresponse()
        assert response.status == 403 and b"update token" in response.read()
        connection.close()


@pytest.mark.skipif(not INDIRECT, reason="shared W3C test suite absent")
def test_bad_bodies_and_names_get_a_clear_answer(served: tuple[str, int]) -> None:
    host, port = served
    auth = {"Authorization": f"Bearer {TOKEN}"}
    for path, body, content_type, status, says in [
        ("/store?graph=http%3A%2F%2Fex.org%2Fg", b"<a> <b> .", "text/turtle", 400, b"cannot read"),
        ("/store?graph=http%3A%2F%2Fex.org%2Fg", b"x", "text/plain", 415, b"unsupported"),
        ("/store?graph=not%20an%20iri", b"", "text/turtle", 400, b"absolute IRI"),
        ("/store?graph=http%3A%2F%2Fex.org%2Fg&default", b"", "text/turtle", 400, b"either"),
    ]:
        connection = http.client.HTTPConnection(host, port, timeout=30)
        connection.request("PUT", path, body=body, headers={"Content-Type": content_type, **auth})
        response = connection.getresponse()
        text = response.read()
        assert response.status == status and says in text, (path, response.status, text)
        assert response.getheader("Content-Type", "").startswith("text/plain")
        connection.close()
