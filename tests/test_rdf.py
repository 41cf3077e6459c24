"""The mapping: golden Turtle compared with rdflib's isomorphic, and deterministic IRIs."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.namespace import RDF, RDFS

from kg.model import (
    Article,
    Entity,
    Extraction,
    Image,
    Mention,
    NamedSpan,
    RelatedArticle,
    Section,
    Span,
)
from kg.rdf import Iris, article_graph, article_slug, extraction_triples, local_entity_id
from kg.vocab import NIF, NK, PREFIXES, SCHEMA
from tests.conftest import BASE, GOLDEN

TEXT = "Oslo talks\n2 May 2022 - 10:00 Kari Nordmann\nOslo — Jonas Berg met Berg's aides."


def hand_built() -> Extraction:
    article = Article(
        identifier="oslo talks.txt",
        text=TEXT,
        headline="Oslo talks",
        published=datetime(2022, 5, 2, 10, 0),
        authors=(NamedSpan("Kari Nordmann", Span(30, 43)),),
        dateline=NamedSpan("Oslo", Span(44, 48)),
        image=Image("A caption", "AGENCY"),
        related=(RelatedArticle("Earlier talks", None, "2 days ago"),),
        sections=(
            Section("headline", Span(0, 10)),
            Section("byline", Span(11, 43)),
            Section("body", Span(44, len(TEXT))),
        ),
    )
    sentence = Span(44, len(TEXT))
    entities = (
        Entity(
            "Place",
            "Oslo",
            (Mention(Span(0, 4), "Oslo", Span(0, 10)), Mention(Span(44, 48), "Oslo", sentence)),
        ),
        Entity("Person", "Kari Nordmann", (Mention(Span(30, 43), "Kari Nordmann", Span(11, 43)),)),
        Entity(
            "Person",
            "Jonas Berg",
            (
                Mention(Span(51, 61), "Jonas Berg", sentence),
                Mention(Span(66, 70), "Berg", sentence),
            ),
            ("Berg",),
        ),
    )
    return Extraction(article, entities, "newskg test")


def graph_of(extraction: Extraction) -> Graph:
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    for triple in extraction_triples(extraction, Iris(BASE)):
        graph.add(triple)
    return graph


def test_mapping_matches_golden_turtle(regen_golden: bool) -> None:
    golden: Path = GOLDEN / "mapping.ttl"
    produced = graph_of(hand_built())
    if regen_golden:
        golden.write_text(produced.serialize(format="turtle"), encoding="utf-8")
    expected = Graph().parse(golden, format="turtle")
    if not isomorphic(produced, expected):
        _, only_produced, only_expected = graph_diff(
            to_isomorphic(produced), to_isomorphic(expected)
        )
        raise AssertionError(
            "mapping differs from golden (pytest --regen-golden rewrites it):\n+ "
            + only_produced.serialize(format="nt")
            + "\n- "
            + only_expected.serialize(format="nt")
        )


def test_mentions_index_the_text_exactly() -> None:
    graph = graph_of(hand_built())
    mentions = list(graph.subjects(RDF.type, NK.Mention))
    assert len(mentions) == 5
    for mention in mentions:
        begin = int(graph.value(mention, NIF.beginIndex))  # type: ignore[arg-type]
        end = int(graph.value(mention, NIF.endIndex))  # type: ignore[arg-type]
        assert TEXT[begin:end] == str(graph.value(mention, NIF.anchorOf))


def test_author_and_dateline_are_linked() -> None:
    graph = graph_of(hand_built())
    iris = Iris(BASE)
    article = iris.article("oslo-talks")
    (author,) = graph.objects(article, SCHEMA.author)
    assert graph.value(author, RDFS.label) == Literal("Kari Nordmann")
    assert graph.value(article, NK.dateline) == iris.entity(local_entity_id("Place", "Oslo"))
    # The author's only mention is the byline: the article does not "mention" her.
    assert author not in set(graph.objects(article, SCHEMA.mentions))


def test_same_input_same_triples_and_iris() -> None:
    first = set(extraction_triples(hand_built(), Iris(BASE)))
    second = set(extraction_triples(hand_built(), Iris(BASE)))
    assert first == second
    other_base = {str(s) for s, _, _ in extraction_triples(hand_built(), Iris("https://x.org/"))}
    assert all(s.startswith("https://x.org/") for s in other_base)


def test_local_entity_ids_are_stable_and_normalised() -> None:
    assert local_entity_id("Person", "Joe Biden") == local_entity_id("Person", "joe  biden")
    assert local_entity_id("Organization", "The White House") == local_entity_id(
        "Organization", "White House"
    )
    assert local_entity_id("Person", "Georgia") != local_entity_id("Place", "Georgia")
    assert (
        local_entity_id("Person", "Joe Biden") == "L" + local_entity_id("Person", "Joe Biden")[1:]
    )
    assert len(local_entity_id("Place", "Oslo")) == 17


def test_article_slug_and_graph() -> None:
    assert article_slug("000_0001cfc20b1d3929.txt") == "000_0001cfc20b1d3929"
    assert article_slug("a b?c.txt") == "a-b-c"
    assert article_slug("record-42") == "record-42"
    assert article_graph(hand_built(), Iris(BASE)) == URIRef(BASE + "graph/article/oslo-talks")
