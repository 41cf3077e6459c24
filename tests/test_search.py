"""The full-text index: what it finds, and how it follows the store."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from kg.model import Article, Entity, Extraction, Mention, Section, Span
from kg.rdf import Iris, extraction_triples
from kg.search import SearchIndex
from kg.store import Store

BASE = "http://127.0.0.1:5000/"
IRIS = Iris(BASE)
NK = "https://w3id.org/newskg/ns#"


def write(store: Store, slug: str, headline: str, body: str, people: list[str]) -> None:
    """An article whose body names these people, written as the pipeline would."""
    text = f"{headline}\n\n{body}"
    entities = []
    for name in people:
        at = text.index(name)
        entities.append(
            Entity("Person", name, (Mention(Span(at, at + len(name)), name, Span(0, len(text))),))
        )
    article = Article(
        f"{slug}.txt",
        text,
        headline=headline,
        sections=(
            Section("headline", Span(0, len(headline))),
            Section("body", Span(len(headline) + 2, len(text))),
        ),
    )
    graph = str(IRIS.article_graph(slug))
    store.replace_graph(graph, extraction_triples(Extraction(article, tuple(entities)), IRIS))


@pytest.fixture
def store() -> Store:
    store = Store()
    write(store, "a", "Harbour plan approved", "Marta Lindqvist backed it.", ["Marta Lindqvist"])
    write(
        store,
        "b",
        "Ferry strike ends",
        "Marta Lindqvist and Jon Berg met.",
        ["Marta Lindqvist", "Jon Berg"],
    )
    return store


def labels(index: SearchIndex, words: str) -> list[tuple[str, str]]:
    return [(h.kind.rsplit("#", 1)[-1], h.label) for h in index.search(words)]


def test_finds_any_part_of_a_name_in_any_case_most_named_first(store: Store) -> None:
    index = SearchIndex()
    assert index.sync(store, IRIS) == 2
    assert labels(index, "LINDQ") == [("Person", "Marta Lindqvist")]
    (hit,) = index.search("lindq")
    assert hit.articles == 2 and hit.node == BASE + "entity/" + hit.node.rsplit("/", 1)[-1]
    assert labels(index, "er")[:2] == [("Person", "Jon Berg"), ("Article", "Ferry strike ends")]


def test_finds_headlines_and_needs_every_word(store: Store) -> None:
    index = SearchIndex()
    index.sync(store, IRIS)
    assert labels(index, "harbour plan") == [("Article", "Harbour plan approved")]
    assert labels(index, "harbour strike") == []


def test_words_are_text_not_query_syntax(store: Store) -> None:
    index = SearchIndex()
    index.sync(store, IRIS)
    for words in ['a" OR "b', "NEAR(x y)", "*", "lind*", "%", "_", "\\", "'; DROP TABLE entries"]:
        index.search(words)  # no error
    assert index.search("%") == [] and index.search("lind*") == []


def test_follows_the_store_on_reingest_and_removal(store: Store, tmp_path: Path) -> None:
    path = str(tmp_path / "search.sqlite")
    index = SearchIndex(path)
    assert index.sync(store, IRIS) == 2
    assert index.sync(store, IRIS) == 0  # nothing changed: nothing re-read
    write(store, "a", "Harbour plan withdrawn", "Ola Nordmann withdrew it.", ["Ola Nordmann"])
    assert index.sync(store, IRIS) == 1
    assert labels(index, "approved") == []
    assert labels(index, "withdrawn") == [("Article", "Harbour plan withdrawn")]
    assert labels(index, "lindqvist") == [("Person", "Marta Lindqvist")]
    assert index.search("lindqvist")[0].articles == 1
    index.close()
    # On disk, the index survives the process: a new one picks up where it was.
    store.drop_graph(str(IRIS.article_graph("b")))
    again = SearchIndex(path)
    assert len(again) == 2
    assert again.sync(store, IRIS) == 1
    assert labels(again, "lindqvist") == [] and len(again) == 1


def test_after_the_first_build_the_index_catches_up_in_the_background(store: Store) -> None:
    index = SearchIndex(min_interval=0)
    index.sync_if_due(store, IRIS)  # the first time: built before it answers
    assert labels(index, "ferry") == [("Article", "Ferry strike ends")]
    write(store, "c", "Ferry timetable changes", "Jon Berg said so.", ["Jon Berg"])
    index.sync_if_due(store, IRIS)
    for _ in range(100):  # the refresh runs in a thread
        if len(index) == 3:
            break
        time.sleep(0.02)
    assert sorted(label for _, label in labels(index, "ferry")) == [
        "Ferry strike ends",
        "Ferry timetable changes",
    ]
