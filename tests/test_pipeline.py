"""The whole ingestion path with the real model: idempotence, errors that do not stop a batch,
the shape of the seed's graph."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path

import pytest

from kg.config import Settings
from kg.model import Article
from kg.pipeline import IngestSummary, ingest
from kg.shacl import validate_rdf
from kg.store import Store
from tests.conftest import FIXTURES, SEED, ingested

pytestmark = pytest.mark.model

from kg.cli import GRAPH_QUERY as ARTICLE_GRAPH  # noqa: E402

ENTITIES = """
PREFIX nk: <https://w3id.org/newskg/ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?type ?label WHERE {
  VALUES ?type { nk:Person nk:Organization nk:Place } ?e a ?type ; rdfs:label ?label }"""


def test_reingesting_replaces_the_graph(settings: Settings) -> None:
    store = Store()
    ingested([SEED], store, settings)
    first = len(store)
    results = ingested([SEED], store, settings)
    assert [r.ok for r in results] == [True]
    assert len(store) == first > 500


def test_a_changed_article_replaces_its_graph_and_a_new_one_is_only_added(
    settings: Settings, tmp_path: Path
) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Story\n\nAnna Berg visited Oslo on Monday.\n")
    store = Store()
    ingested([article], store, settings)
    article.write_text("Story\n\nJonas Dahl visited Bergen on Tuesday.\n")
    assert [r.ok for r in ingested([article], store, settings)] == [True]
    fresh = Store()
    ingested([article], fresh, settings)
    in_article = (
        "SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } FILTER(CONTAINS(STR(?g), '/article/')) }"
    )
    rows = store.select(in_article)
    assert len(rows) > 20 and sorted(map(str, rows)) == sorted(map(str, fresh.select(in_article)))


def test_batches_written_on_disk_hold_what_one_write_in_memory_holds(
    settings: Settings, tmp_path: Path
) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    for n in range(3):
        (articles / f"{n}.txt").write_text(f"Story {n}\n\nAnna Berg {n} visited Oslo on Monday.\n")
    whole = Store()
    ingested([articles], whole, settings)
    store = Store(tmp_path / "store")
    results = ingested([articles], store, replace(settings, write_batch=1))  # a write an article
    assert [r.ok for r in results] == [True] * 3
    everything = "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert len(store) == len(whole) > 30
    assert sorted(map(str, store.select(everything))) == sorted(map(str, whole.select(everything)))


ARTICLE_TEXTS = """SELECT ?text WHERE { ?t a <https://w3id.org/newskg/ns#ArticleText> ;
  <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#isString> ?text }"""


def _one_story_in_two_folders(tmp_path: Path) -> list[Path]:
    """Folders a and b, each with a story.txt (one article, read twice): Oslo, then Bergen."""
    for folder, place in (("a", "Oslo"), ("b", "Bergen")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "story.txt").write_text(f"Story\n\nAnna Berg visited {place}.\n")
    return [tmp_path / "a", tmp_path / "b"]


def test_the_same_article_twice_in_one_batch_keeps_the_later(
    settings: Settings, tmp_path: Path
) -> None:
    folders = _one_story_in_two_folders(tmp_path)
    store = Store(tmp_path / "store")
    results = ingested(folders, store, settings)
    assert [r.ok for r in results] == [True, True]
    texts = store.select(ARTICLE_TEXTS)
    assert [row["text"] for row in texts] == ["Story\n\nAnna Berg visited Bergen.\n"]


def test_the_same_article_in_a_later_batch_replaces_the_earlier(
    settings: Settings, tmp_path: Path
) -> None:
    # Both copies are read (and found absent) before the first is written: the second must
    # replace the first's graph, not be added to it.
    folders = _one_story_in_two_folders(tmp_path)
    (tmp_path / "a" / "z.txt").write_text("Other\n\nJonas Dahl visited Tromso.\n")
    store = Store(tmp_path / "store")
    results = ingested(folders, store, replace(settings, write_batch=1))
    assert [r.ok for r in results] == [True] * 3
    texts = store.select(ARTICLE_TEXTS)
    assert sorted(row["text"] for row in texts) == [
        "Other\n\nJonas Dahl visited Tromso.\n",
        "Story\n\nAnna Berg visited Bergen.\n",
    ]


class BatchSizes(Store):
    """An in-memory store that notes how many article triples each batch write holds."""

    def __init__(self) -> None:
        super().__init__()
        self.sizes: list[tuple[int, int]] = []  # (article graphs, their triples)

    def add_graphs(self, graphs: Mapping[str, Sequence[str]]) -> None:
        articles = [lines for graph, lines in graphs.items() if "/graph/article/" in graph]
        self.sizes.append((len(articles), sum(map(len, articles))))
        super().add_graphs(graphs)


def test_a_write_batch_stays_within_its_bound_unless_one_article_passes_it(
    settings: Settings, tmp_path: Path
) -> None:
    for n in range(6):
        (tmp_path / f"{n}.txt").write_text(f"Story {n}\n\nAnna Berg {n} visited Oslo on Monday.\n")
    one = BatchSizes()
    summary = ingest([tmp_path / "0.txt"], one, settings)
    assert summary == IngestSummary(ingested=1, unchanged=0, failed=0)
    ((_, per_article),) = one.sizes
    bound = per_article * 5 // 2  # room for two articles, not three
    store = BatchSizes()
    assert ingest([tmp_path], store, replace(settings, write_batch=bound)).ingested == 6
    assert [articles for articles, _ in store.sizes] == [2, 2, 2]
    assert all(triples <= bound for _, triples in store.sizes)
    alone = BatchSizes()
    ingest([tmp_path], alone, replace(settings, write_batch=per_article // 2))
    assert [articles for articles, _ in alone.sizes] == [1] * 6
    assert ingest([tmp_path], alone, settings) == IngestSummary(unchanged=6)


def test_a_broken_file_is_reported_and_the_batch_goes_on(
    settings: Settings, tmp_path: Path
) -> None:
    (tmp_path / "a_broken.txt").write_bytes(b"Headline\n\n\x81\x8d broken\n")
    (tmp_path / "b_good.txt").write_text("Good headline\n\nAnna Berg visited Oslo on Monday.\n")
    (tmp_path / "c_empty.txt").write_text("")
    results = ingested([tmp_path], Store(), settings)
    by_name = {Path(r.source).name: r for r in results}
    assert by_name["b_good.txt"].ok
    assert not by_name["a_broken.txt"].ok and "a_broken.txt:3" in by_name["a_broken.txt"].message
    assert not by_name["c_empty.txt"].ok and "empty file" in by_name["c_empty.txt"].message


def test_an_extractor_bug_fails_one_article_not_the_batch(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kg.extract.nlp as nlp_module

    real = nlp_module.doc_to_extraction

    def flaky(doc: object, article: Article, version: str, language: str | None) -> object:
        if "EXPLODE" in article.text:
            raise ValueError("injected fault")
        return real(doc, article, version, language)  # type: ignore[arg-type]

    monkeypatch.setattr(nlp_module, "doc_to_extraction", flaky)
    (tmp_path / "a.txt").write_text("First\n\nAnna Berg visited Oslo.\n")
    (tmp_path / "b.txt").write_text("Second\n\nEXPLODE here.\n")
    (tmp_path / "c.txt").write_text("Third\n\nJonas Dahl visited Bergen.\n")
    store = Store()
    results = ingested([tmp_path], store, settings)
    assert [(Path(r.source).name, r.ok) for r in results] == [
        ("a.txt", True),
        ("b.txt", False),
        ("c.txt", True),
    ]
    assert "b.txt: extraction failed: ValueError: injected fault" in results[1].message
    assert len([g for g in store.graphs() if "/graph/article/" in g]) == 2


def test_seed_graph_conforms_to_the_shapes(seed_store: Store, settings: Settings) -> None:
    graph = f"{settings.base_iri}graph/article/000_0001cfc20b1d3929"
    kb = f"{settings.base_iri}graph/kb"
    report = validate_rdf(seed_store.construct(ARTICLE_GRAPH, "text/turtle", graph=graph, kb=kb))
    assert report.conforms, report.text


def test_shapes_catch_a_broken_mention() -> None:
    bad = b"""
    @prefix nk: <https://w3id.org/newskg/ns#> .
    @prefix nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> .
    @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
    <http://x/t> a nk:ArticleText ; nif:isString "Andrey Biryukov" .
    <http://x/m> a nk:Mention ; nif:referenceContext <http://x/t> ; nk:refersTo <http://x/e> ;
        nif:beginIndex 0 ; nif:endIndex 16 ;
        nif:anchorOf "Andrey Biryukov\\n" .
    """
    report = validate_rdf(bad)
    assert not report.conforms and "edge whitespace" in report.text


def test_only_a_statements_mention_may_run_over_a_line_break() -> None:
    mentions = b"""
    @prefix nk: <https://w3id.org/newskg/ns#> .
    @prefix nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> .
    <http://x/t> a nk:ArticleText ; nif:isString "Ana Lunde\\nsaid: one.\\nTwo." .
    <http://x/s> a nk:Statement .
    <http://x/m> a nk:Mention ; nif:referenceContext <http://x/t> ; nk:refersTo <http://x/WHAT> ;
        nif:beginIndex START ; nif:endIndex END ; nif:anchorOf "TEXT" .
    """

    def report(what: bytes, start: int, end: int, text: bytes) -> tuple[bool, str]:
        data = mentions.replace(b"WHAT", what).replace(b"START", b"%d" % start)
        result = validate_rdf(data.replace(b"END", b"%d" % end).replace(b"TEXT", text))
        return result.conforms, result.text

    # A quote of two paragraphs (the statement's own shape is no matter here).
    assert "Focus Node: <http://x/m>" not in report(b"s", 16, 25, b"one.\\nTwo.")[1]
    conforms, text = report(b"e", 0, 14, b"Ana Lunde\\nsaid")
    assert not conforms and "no line break, unless it is a statement's" in text


def test_seed_entities_are_clean_and_merged(seed_store: Store) -> None:
    rows = seed_store.select(ENTITIES)
    labels = {r["label"] for r in rows}
    assert {
        "Vladimir Putin",
        "Joe Biden",
        "Dmitry Peskov",
        "Andrey Biryukov",
        "Kremlin",
        "White House",
        "Moscow",
        "Russia",
        "Ukraine",
        "Crimea",
        "Siberia",
    } <= labels
    assert "Putin" not in labels and "Biden" not in labels  # partial names joined the full ones
    assert not [x for x in labels if x != x.strip() or "\n" in x or x.endswith(("’s", "'s"))]
    assert not [x for x in labels if "/" in x or " at " in x]


def test_mentions_point_at_their_words(seed_store: Store) -> None:
    rows = seed_store.select("""
        PREFIX nk: <https://w3id.org/newskg/ns#>
        PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
        SELECT ?b ?e ?anchor ?string WHERE {
          ?m a nk:Mention ; nif:beginIndex ?b ; nif:endIndex ?e ; nif:anchorOf ?anchor ;
             nif:referenceContext ?t . ?t nif:isString ?string }""")
    assert len(rows) >= 60
    for row in rows:
        assert row["string"][int(row["b"]) : int(row["e"])] == row["anchor"]


def test_a_fixture_in_the_seed_layout_parses_as_well(seed_store: Store) -> None:
    rows = seed_store.select("""
        PREFIX schema: <http://schema.org/>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT DISTINCT ?date ?author WHERE { ?a schema:identifier "layout_variant.txt" ;
          schema:datePublished ?date ; schema:author/rdfs:label ?author } ORDER BY ?author""")
    assert [r["author"] for r in rows] == ["Helen Marsh", "Tomasz Wierzbicki"]
    assert rows[0]["date"] == "2022-03-03T09:15:00"
    assert (FIXTURES / "layout_variant.txt").exists()
