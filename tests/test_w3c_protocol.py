"""The W3C SPARQL 1.1 Protocol tests (../shared/data/w3c-sparql11/protocol), each request replayed
against `kg serve` on 127.0.0.1 (the server users run, in its own process).

Updates carry the bearer token, as they must on a newskg endpoint with updates on; nothing else
in the requests is changed. Each test's graphs are put in with the Graph Store Protocol. Tests that do not apply are listed in NOT_APPLICABLE with the reason.
"""

from __future__ import annotations

import http.client
import json
import urllib.parse
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import Graph, Namespace
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS

from tests.conftest import ROOT, UPDATE_TOKEN, drop_all, manifest_headers

SUITE = ROOT.parent / "shared" / "data" / "w3c-sparql11" / "protocol"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
TOKEN = UPDATE_TOKEN

NOT_APPLICABLE = {
    "update_dataset_default_graph": "pyoxigraph's update takes no dataset: use USING in the update",
    "update_dataset_default_graphs": "pyoxigraph's update takes no dataset: use USING in the update",
    "update_dataset_named_graphs": "pyoxigraph's update takes no dataset: use USING NAMED in the update",
    "update_dataset_full": "pyoxigraph's update takes no dataset: use USING and USING NAMED in the update",
}


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    statuses: set[str]
    boolean: bool | None
    fmt: str | None


@dataclass(frozen=True)
class ProtocolTest:
    name: str
    graphs: list[tuple[str, Path]]
    requests: list[Request]


def load_suite() -> list[ProtocolTest]:
    manifest = Graph().parse(SUITE / "manifest.ttl", format="turtle", publicID=str(SUITE) + "/")
    root = next(manifest.subjects(RDF.type, MF.Manifest))
    tests = []
    for test in Collection(manifest, manifest.value(root, MF.entries)):
        graphs = [
            (
                str(manifest.value(g, RDFS.label)),
                Path(str(manifest.value(g, UT.graph)).removeprefix("file://")),
            )
            for g in manifest.objects(test, UT.graphData)
        ]
        action = manifest.value(test, MF.action)
        requests = []
        for req in Collection(manifest, manifest.value(action, HT.requests)):
            headers = manifest_headers(manifest, req)
            body_node = manifest.value(req, HT.body)
            body = None
            if body_node is not None:
                encoding = str(manifest.value(body_node, CNT.characterEncoding) or "UTF-8")
                body = str(manifest.value(body_node, CNT.chars)).encode(encoding)
            resp = manifest.value(req, HT.resp)
            statuses = {
                str(s).rsplit("#", 1)[-1] for s in manifest.objects(resp, MF.expectedStatus)
            }
            boolean = manifest.value(resp, MF.expectedBoolean)
            fmt = manifest.value(resp, MF.expectedFormat)
            requests.append(
                Request(
                    str(manifest.value(req, HT.methodName)),
                    str(manifest.value(req, HT.absolutePath)).replace("/sparql/", "/sparql", 1),
                    headers,
                    body,
                    statuses,
                    boolean.toPython() if boolean is not None else None,
                    str(fmt) if fmt is not None else None,
                )
            )
        tests.append(ProtocolTest(str(test).rsplit("#", 1)[-1], graphs, requests))
    return tests


SUITE_TESTS = load_suite() if SUITE.is_dir() else []


def put_graph(host: str, port: int, iri: str, path: Path) -> None:
    connection = http.client.HTTPConnection(host, port, timeout=30)
    headers = {"Content-Type": "text/turtle", "Authorization": f"Bearer {TOKEN}"}
    query = urllib.parse.urlencode({"graph": iri})
    connection.request("PUT", f"/store?{query}", body=path.read_bytes(), headers=headers)
    response = connection.getresponse()
    response.read()
    connection.close()
    assert response.status in (201, 204), (iri, response.status)


def check(request: Request, status: int, content_type: str, body: bytes) -> None:
    assert f"StatusCode{status // 100}xx" in request.statuses, (status, body[:300])
    if status >= 300 or request.fmt is None:
        return
    if request.fmt == "boolean" and request.boolean is not None:
        if "json" in content_type:
            assert json.loads(body)["boolean"] is request.boolean
        else:
            root = ET.fromstring(body)
            value = root.find("{http://www.w3.org/2005/sparql-results#}boolean")
            assert value is not None and value.text == str(request.boolean).lower()
    elif request.fmt == "tabular":
        assert content_type in {
            "application/sparql-results+json",
            "application/sparql-results+xml",
            "text/csv",
            "text/tab-separated-values",
        }
    elif request.fmt == "RDF":
        assert content_type in {
            "text/turtle",
            "application/n-triples",
            "application/ld+json",
            "application/rdf+xml",
        }


@pytest.mark.skipif(not SUITE_TESTS, reason="shared W3C test suite absent")
@pytest.mark.parametrize("test", SUITE_TESTS, ids=[t.name for t in SUITE_TESTS])
def test_protocol(test: ProtocolTest, kg_server: tuple[str, int]) -> None:
    if test.name in NOT_APPLICABLE:
        pytest.skip(NOT_APPLICABLE[test.name])
    host, port = kg_server
    drop_all(host, port)
    for iri, path in test.graphs:
        put_graph(host, port, iri, SUITE / path.name)
    for request in test.requests:
        connection = http.client.HTTPConnection(host, port, timeout=30)
        headers = {**request.headers, "Authorization": f"Bearer {TOKEN}"}
        connection.request(request.method, request.path, body=request.body, headers=headers)
        response = connection.getresponse()
        content_type = (response.getheader("Content-Type") or "").split(";")[0]
        check(request, response.status, content_type, response.read())
        connection.close()


def test_the_suite_is_all_here() -> None:
    if not SUITE.is_dir():
        pytest.skip("shared W3C test suite absent")
    assert len(SUITE_TESTS) == 34
