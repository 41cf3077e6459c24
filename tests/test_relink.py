"""`kg link --relink`: the store's entities linked again against another knowledge base, the
old IRIs answering 301, and back again."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.config import Settings
from kg.link import STARTER_KB, KnowledgeBase, Linker
from kg.link.build import build
from kg.model import Article, Entity, EntityLink, Extraction, Mention, Span
from kg.rdf import Iris, article_graph, extraction_triples
from kg.relink import REPLACED_BY, read_back, relink
from kg.store import Store
from tests.conftest import FIXTURES, SEEDS, create_test_app, ingested

pytestmark = pytest.mark.model
NK = "https://w3id.org/newskg/ns#"


def article_graphs(store: Store, iris: Iris) -> list[str]:
    return [g for g in store.graphs() if iris.is_article_graph(g)]


def in_articles(store: Store, iris: Iris, node: str) -> int:
    """Triples of the article graphs that name the node."""
    rows = store.select(
        f"SELECT ?g WHERE {{ GRAPH ?g {{ {{ <{node}> ?p ?o }} UNION {{ ?s ?p <{node}> }} }} }}"
    )
    return sum(1 for r in rows if iris.is_article_graph(r["g"]))


def test_relink_renames_redirects_and_comes_back(settings: Settings, tmp_path: Path) -> None:
    store = Store()
    assert all(r.ok for r in ingested([SEEDS], store, settings))
    iris = Iris(settings.base_iri)
    linked = {
        r["e"]: r["label"]
        for r in store.select(
            f"SELECT ?e ?label WHERE {{ ?m <{NK}refersTo> ?e . ?e <{NK}wikidata> ?w ;"
            " <http://www.w3.org/2000/01/rdf-schema#label> ?label }"
        )
    }
    # Re-linking reads back what the linker weighs: the headline, the dateline, the names.
    (graph,) = article_graphs(store, iris)
    extraction, _ = read_back(store, iris, graph)
    assert extraction.article.headline and extraction.article.dateline is not None
    build([FIXTURES / "kb"], tmp_path / "small.sqlite")
    small = KnowledgeBase(tmp_path / "small.sqlite")
    lost = sorted(e for e in linked if not small.items([e.rsplit("/", 1)[-1]]))
    assert lost, "the seed links items that the small knowledge base lacks"
    speakers = {e: len(store.select(f"SELECT ?s WHERE {{ ?s <{NK}speaker> <{e}> }}")) for e in lost}

    results = relink(store, iris, Linker(small), article_graphs(store, iris))
    renamed = dict(pair for r in results for pair in r.renamed)
    assert set(lost) <= set(renamed)
    client = create_test_app(settings, store).test_client()
    for old in lost:
        new = renamed[old]
        assert "/entity/L" in new and in_articles(store, iris, old) == 0
        assert in_articles(store, iris, new) > 0
        assert store.ask(
            f"ASK {{ GRAPH <{iris.alias_graph}> {{ <{old}> <{REPLACED_BY}> <{new}> }} }}"
        )
        said = store.select(f"SELECT ?s WHERE {{ ?s <{NK}speaker> <{new}> }}")
        assert len(said) == speakers[old]
        path = "/" + old.split("/", 3)[3]
        response = client.get(path)
        assert response.status_code == 301 and response.location == "/" + new.split("/", 3)[3]
        turtle = client.get(path + ".ttl")
        assert turtle.status_code == 301 and turtle.location.endswith(".ttl")
        assert client.get(response.location).status_code == 200
    # Putin stays Q7747: the small knowledge base knows him too.
    assert client.get("/entity/Q7747").status_code == 200

    # The same knowledge base again: nothing to do.
    assert not any(
        r.rewritten for r in relink(store, iris, Linker(small), article_graphs(store, iris))
    )

    # Back to the starter knowledge base: the items return, their IRIs answer 200 again.
    back = relink(store, iris, Linker(KnowledgeBase(STARTER_KB)), article_graphs(store, iris))
    returned = dict(pair for r in back for pair in r.renamed)
    for old in lost:
        assert returned[renamed[old]] == old
        assert client.get("/" + old.split("/", 3)[3]).status_code == 200
        assert client.get("/" + renamed[old].split("/", 3)[3]).status_code == 301
    assert store.ask(f"ASK {{ GRAPH <{iris.alias_graph}> {{ ?old <{REPLACED_BY}> ?new }} }}")


def test_a_nationality_words_country_is_read_back_as_it_was_linked(
    settings: Settings, tmp_path: Path
) -> None:
    article = tmp_path / "talks.txt"
    article.write_text(
        "Talks resume\n\nIraqi officials met the delegation on Monday, a spokesman said.\n",
        encoding="utf-8",
    )
    store = Store()
    assert all(r.ok for r in ingested([article], store, settings))
    iris = Iris(settings.base_iri)
    (graph,) = article_graphs(store, iris)
    extraction, nodes = read_back(store, iris, graph)
    (iraqi,) = [e for e in extraction.entities if e.demonym]
    assert iraqi.label == "Iraqi" and nodes[extraction.entities.index(iraqi)].endswith("/Q796")
    # The same knowledge base again: the links come back as ingestion made them.
    assert not any(
        r.rewritten for r in relink(store, iris, Linker(KnowledgeBase(STARTER_KB)), [graph])
    )


def test_what_the_ner_recognised_is_read_back_and_one_node_has_one_decision() -> None:
    text = "Colombia beat the U.S. and USA fans left."

    def mention(word: str) -> Mention:
        at = text.index(word)
        return Mention(Span(at, at + len(word)), word, Span(0, len(text)))

    entities = (
        Entity("Organization", "Colombia", (mention("Colombia"),)),
        Entity("Place", "U.S.", (mention("U.S."),)),
        Entity("Organization", "USA", (mention("USA"),)),
    )
    links = (
        EntityLink(0, "Q739", "Colombia", "country", "place", 0.71, ("label match",)),
        EntityLink(1, "Q30", "United States", "country", "place", 0.9, ("alias match",)),
        EntityLink(2, "Q30", "United States", "country", "place", 0.7, ("alias match",)),
    )
    extraction = Extraction(Article("a1", text), entities, links=links)
    iris = Iris("http://example.org/")
    store = Store()
    graph = str(article_graph(extraction, iris))
    store.replace_graph(graph, extraction_triples(extraction, iris), {})
    # Colombia's item is a place; the article's NER took it for a team, and re-linking weighs
    # what the NER said, as the first linking did.
    read, nodes = read_back(store, iris, graph)
    kinds = dict(zip(nodes, (e.kind for e in read.entities), strict=True))
    assert kinds["http://example.org/entity/Q739"] == "Organization"
    # "U.S." and "USA" won one item: one node, one decision, the surer one's.
    decisions = store.select(
        f"SELECT ?c ?kind WHERE {{ ?p <{NK}linkTarget> <http://example.org/entity/Q30> ;"
        f" <{NK}confidence> ?c ; <{NK}recognisedAs> ?kind }}"
    )
    assert [(float(d["c"]), d["kind"]) for d in decisions] == [(0.9, f"{NK}Place")]


def test_kg_link_relink_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    runner = CliRunner()
    store = str(tmp_path / "store")
    monkeypatch.setenv("KG_WORKERS", "1")
    assert runner.invoke(main, ["ingest", "-q", str(SEEDS), "--store", store]).exit_code == 0
    build([FIXTURES / "kb"], tmp_path / "small.sqlite")
    monkeypatch.setenv("KG_KB", str(tmp_path / "small.sqlite"))
    result = runner.invoke(main, ["link", "--relink", "-q", "--store", store])
    assert result.exit_code == 0, result.output
    assert "1 articles linked again: 1 rewritten" in result.output
    # the rewritten graphs still meet the shapes
    checked = runner.invoke(main, ["validate", "--store", store])
    assert checked.exit_code == 0, checked.output
    assert runner.invoke(main, ["link", "--store", store]).exit_code == 2  # says what to do
