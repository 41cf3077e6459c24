"""The workbench's example queries and the JSON the workbench asks for."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
from flask.testing import FlaskClient
from markupsafe import escape

from kg.store import Store
from web.examples import EXAMPLES

LOCAL = [e for e in EXAMPLES if "SERVICE" not in e.body]


def test_the_library_covers_the_questions_the_issue_lists() -> None:
    assert len(EXAMPLES) >= 12
    assert len({e.title for e in EXAMPLES}) == len(EXAMPLES)
    assert any("SERVICE <https://query.wikidata.org/sparql>" in e.body for e in EXAMPLES)


@pytest.mark.parametrize("example", LOCAL, ids=[e.title for e in LOCAL])
def test_each_example_answers_on_the_seed(example: object, seed_store: Store) -> None:
    rows = seed_store.select(example.sparql)  # type: ignore[attr-defined]
    assert rows, f"{example.title!r} found nothing"  # type: ignore[attr-defined]


def test_the_federated_example_parses() -> None:
    (federated,) = [e for e in EXAMPLES if "SERVICE" in e.body]
    ox.Store().query(federated.sparql.replace("SERVICE <", "SERVICE SILENT <"), base_iri=None)


def test_query_page_lists_examples_as_links_that_run(client: FlaskClient) -> None:
    page = client.get("/query").get_data(as_text=True)
    for example in EXAMPLES:
        assert str(escape(example.title)) in page
    ran = client.get("/query", query_string={"query": LOCAL[0].sparql}).get_data(as_text=True)
    assert '<table class="results">' in ran
    for name in ("CSV", "TSV", "JSON", "XML"):
        assert f">{name}</a>" in ran


def test_query_page_offers_rdf_downloads_for_a_graph(client: FlaskClient) -> None:
    page = client.get("/query", query_string={"query": "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 3"})
    text = page.get_data(as_text=True)
    assert ">Turtle</a>" in text and ">CSV</a>" not in text


def test_search_json_answers_names_for_completion(client: FlaskClient, seed_store: Store) -> None:
    response = client.get("/search.json?q=pesk")
    assert response.status_code == 200 and response.mimetype == "application/json"
    body = json.loads(response.data)
    assert body["q"] == "pesk"
    (first, *_) = body["results"]
    assert "peskov" in first["label"].lower()
    assert first["href"].startswith("/entity/") and first["kind"] == "Person"
    assert first["node"].endswith(first["href"])
    assert json.loads(client.get("/search.json?q=").data)["results"] == []
