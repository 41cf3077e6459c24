"""The SPARQL 1.1 Protocol endpoint through the Flask test client, on the ingested seed."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from dataclasses import replace

import pytest
from flask.testing import FlaskClient
from rdflib import Graph

from kg.config import Settings
from kg.store import Store
from tests.conftest import create_test_app

pytestmark = pytest.mark.model

SELECT = (
    "PREFIX nk: <https://w3id.org/newskg/ns#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>"
    " SELECT ?label WHERE { ?p a nk:Person ; rdfs:label ?label } ORDER BY ?label"
)
CONSTRUCT = (
    "PREFIX nk: <https://w3id.org/newskg/ns#> CONSTRUCT { ?p a nk:Person } WHERE { ?p a nk:Person }"
)
SPARQL_JSON = "application/sparql-results+json"
FORM = "application/x-www-form-urlencoded"


def labels(response_json: dict[str, object]) -> list[str]:
    bindings = response_json["results"]["bindings"]  # type: ignore[index]
    return [b["label"]["value"] for b in bindings]  # type: ignore[attr-defined]


def test_get_post_form_and_post_direct_agree(client: FlaskClient) -> None:
    by_get = client.get("/sparql", query_string={"query": SELECT}, headers={"Accept": SPARQL_JSON})
    by_form = client.post("/sparql", data={"query": SELECT}, headers={"Accept": SPARQL_JSON})
    by_body = client.post(
        "/sparql",
        data=SELECT,
        content_type="application/sparql-query",
        headers={"Accept": SPARQL_JSON},
    )
    answers = [labels(r.get_json()) for r in (by_get, by_form, by_body)]
    assert all(r.status_code == 200 for r in (by_get, by_form, by_body))
    assert answers[0] == answers[1] == answers[2]
    assert "Vladimir Putin" in answers[0] and "Dmitry Peskov" in answers[0]


@pytest.mark.parametrize(
    ("accept", "content_type"),
    [
        (SPARQL_JSON, SPARQL_JSON),
        ("application/json", SPARQL_JSON),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("*/*", SPARQL_JSON),
        ("text/html;q=0.9, text/csv;q=0.8", "text/csv"),
    ],
)
def test_result_formats_by_accept(client: FlaskClient, accept: str, content_type: str) -> None:
    response = client.get("/sparql", query_string={"query": SELECT}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.mimetype == content_type
    assert response.headers["Vary"] == "Accept"
    body = response.get_data(as_text=True)
    if content_type == SPARQL_JSON:
        assert "Joe Biden" in labels(json.loads(body))
    elif content_type.endswith("xml"):
        assert "Joe Biden" in ET.fromstring(body).itertext()
    elif content_type == "text/csv":
        assert ["Joe Biden"] in list(csv.reader(io.StringIO(body)))
    else:
        assert '"Joe Biden"' in body.splitlines()


@pytest.mark.parametrize(
    ("accept", "rdflib_format"),
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),
    ],
)
def test_graph_formats_by_accept(client: FlaskClient, accept: str, rdflib_format: str) -> None:
    response = client.post("/sparql", data={"query": CONSTRUCT}, headers={"Accept": accept})
    assert response.status_code == 200 and response.mimetype == accept
    graph = Graph().parse(data=response.get_data(as_text=True), format=rdflib_format)
    assert len(graph) >= 4


def test_format_parameter_overrides_accept(client: FlaskClient) -> None:
    response = client.get(
        "/sparql", query_string={"query": SELECT, "format": "csv"}, headers={"Accept": SPARQL_JSON}
    )
    assert response.mimetype == "text/csv"
    response = client.get("/sparql", query_string={"query": CONSTRUCT, "format": "json"})
    assert response.mimetype == "application/ld+json"


def test_ask(client: FlaskClient) -> None:
    response = client.get("/sparql", query_string={"query": "ASK { ?s ?p ?o }"})
    assert response.get_json() == {"head": {}, "boolean": True}


def test_bad_query_is_400_with_the_parser_message(client: FlaskClient) -> None:
    response = client.get("/sparql", query_string={"query": "SELECT ?x WHERE { ?x ?p }"})
    assert response.status_code == 400
    assert response.mimetype == "text/plain"
    assert response.get_data(as_text=True).startswith("bad query: error at 1:")


def test_impossible_accept_is_406(client: FlaskClient) -> None:
    response = client.get(
        "/sparql", query_string={"query": SELECT}, headers={"Accept": "image/png"}
    )
    assert response.status_code == 406
    assert "application/sparql-results+json" in response.get_data(as_text=True)
    graph = client.get("/sparql", query_string={"query": CONSTRUCT}, headers={"Accept": "text/csv"})
    assert graph.status_code == 406


def test_wrong_content_type_is_415(client: FlaskClient) -> None:
    response = client.post("/sparql", data=SELECT, content_type="text/plain")
    assert response.status_code == 415
    assert "application/sparql-query" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("data", "content_type"),
    [
        ({"update": "DELETE WHERE { ?s ?p ?o }"}, FORM),
        ("DELETE WHERE { ?s ?p ?o }", "application/sparql-update"),
    ],
)
def test_updates_are_refused(client: FlaskClient, data: object, content_type: str) -> None:
    before = client.get("/sparql", query_string={"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"})
    response = client.post("/sparql", data=data, content_type=content_type)
    assert response.status_code == 403 and "read-only" in response.get_data(as_text=True)
    after = client.get("/sparql", query_string={"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"})
    assert before.get_data() == after.get_data()


def test_an_update_as_a_query_is_a_bad_query(client: FlaskClient) -> None:
    response = client.get("/sparql", query_string={"query": "DELETE WHERE { ?s ?p ?o }"})
    assert response.status_code == 400


def test_missing_and_repeated_query(client: FlaskClient) -> None:
    assert client.get("/sparql", headers={"Accept": SPARQL_JSON}).status_code == 400
    repeated = client.get("/sparql?query=ASK{}&query=ASK{}")
    assert repeated.status_code == 400 and "only once" in repeated.get_data(as_text=True)


def test_browser_without_query_goes_to_the_query_page(client: FlaskClient) -> None:
    response = client.get("/sparql", headers={"Accept": "text/html"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/query")


def test_dataset_by_protocol_parameters(client: FlaskClient, settings: object) -> None:
    graph = "http://127.0.0.1:5000/graph/article/generic"
    query = "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a <https://w3id.org/newskg/ns#Article> }"
    everything = client.get("/sparql", query_string={"query": query})
    only_one = client.get("/sparql", query_string={"query": query, "default-graph-uri": graph})
    count = lambda r: int(r.get_json()["results"]["bindings"][0]["n"]["value"])  # noqa: E731
    assert count(everything) == 3 and count(only_one) == 1


def test_cors_on_reads(client: FlaskClient) -> None:
    response = client.get("/sparql", query_string={"query": SELECT})
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_union_default_graph_sees_the_ontology(client: FlaskClient) -> None:
    query = (
        "ASK { <https://w3id.org/newskg/ns#DirectQuote> "
        "<http://www.w3.org/2000/01/rdf-schema#subClassOf> <https://w3id.org/newskg/ns#Statement> }"
    )
    assert client.get("/sparql", query_string={"query": query}).get_json()["boolean"] is True


@pytest.mark.parametrize(
    ("query", "accept"),
    [
        ("SELECT * { ?s ?p ?o }", "text/csv"),
        ("CONSTRUCT WHERE { ?s ?p ?o }", "application/n-triples"),
    ],
)
def test_answers_are_capped_and_say_so(
    seed_store: Store, settings: Settings, query: str, accept: str
) -> None:
    capped = create_test_app(replace(settings, max_rows=3), seed_store).test_client()
    response = capped.get("/sparql", query_string={"query": query}, headers={"Accept": accept})
    lines = response.get_data(as_text=True).strip().splitlines()
    assert response.status_code == 200 and response.headers["X-SPARQL-MaxRows"] == "3"
    assert len(lines) == (4 if accept == "text/csv" else 3)
    small = capped.get("/sparql", query_string={"query": "SELECT * { ?s ?p ?o } LIMIT 3"})
    assert len(small.get_json()["results"]["bindings"]) == 3
    assert "X-SPARQL-MaxRows" not in small.headers


def test_head_answers_like_get(client: FlaskClient) -> None:
    got = client.get("/sparql", query_string={"query": SELECT})
    head = client.head("/sparql", query_string={"query": SELECT})
    assert head.status_code == 200 and head.get_data() == b""
    assert head.headers["Content-Type"] == got.headers["Content-Type"]
    assert client.head("/sparql", headers={"Accept": "text/turtle"}).status_code == 200
