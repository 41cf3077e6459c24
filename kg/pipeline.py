"""The stages in order: files → Articles → extraction → triples → store."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from kg.articles import ArticleError, RecordFields, find_inputs, read_inputs
from kg.config import Settings
from kg.extract.nlp import (
    ExtractionFailed,
    extract,
    extractor_version,
    load_pipeline,
    pipeline_language,
)
from kg.link import open_linker
from kg.memory import release_free_memory
from kg.model import Article, Extraction
from kg.ontology import load_ontology
from kg.rdf import Iris, article_graph, article_slug, content_hash, extraction_triples, kb_triples
from kg.store import BaseStore, add_to_batch, ntriples_line


@dataclass(frozen=True)
class IngestResult:
    """What happened to one input."""

    source: str
    ok: bool
    message: str
    identifier: str | None = None
    entities: int = 0
    triples: int = 0


@dataclass(frozen=True)
class IngestSummary:
    """How many inputs were ingested, found unchanged, and failed. Each input's result goes to
    `ingest`'s `on_result` as it comes and is not kept, so that what a run holds does not grow
    with the corpus (some 230 bytes an article, with its strings)."""

    ingested: int = 0
    unchanged: int = 0
    failed: int = 0
    other_language: int = 0  # of the ingested: in a language the pipeline does not read


# After a batch this large an embedded store is compacted, as pyoxigraph advises.
OPTIMIZE_AFTER_ARTICLES = 200
UNCHANGED = """
SELECT ?graph ?hash ?version WHERE {
  GRAPH ?graph { ?article <https://w3id.org/newskg/ns#contentHash> ?hash ;
                          <https://w3id.org/newskg/ns#extractor> ?version } }"""


Stored = Literal["absent", "unchanged", "changed"]


def _stored(store: BaseStore, iris: Iris, article: Article, version: str) -> Stored:
    """Whether the store holds this article's graph: "absent", "unchanged" (made from the same
    content by this extractor) or "changed". Every article graph holds its content hash."""
    graph = str(iris.article_graph(article_slug(article.identifier)))
    rows = store.select(UNCHANGED, graph=graph)
    if not rows:
        return "absent"
    same = any(r["hash"] == content_hash(article) and r["version"] == version for r in rows)
    return "unchanged" if same else "changed"


def remove(identifiers: Iterable[str], store: BaseStore, settings: Settings) -> list[str]:
    """Remove articles (by identifier or file name) with their graphs; returns those that were
    not in the store."""
    iris = Iris(settings.base_iri)
    missing = []
    for identifier in identifiers:
        graph = str(iris.article_graph(article_slug(identifier)))
        if graph in store.graphs():
            store.drop_graph(graph)
        else:
            missing.append(identifier)
    store.flush()
    return missing


def _unread(extraction: Extraction, read: str) -> bool:
    """Whether the article is in another language than `read`, the pipeline's (so kept unread)."""
    return extraction.language not in {None, read}


def _note(extraction: Extraction, read: str) -> str:
    """The result line's remark: what a reader should know about how the article was read
    (by a pipeline that reads the language `read`)."""
    article, remarks = extraction.article, []
    if _unread(extraction, read):
        remarks.append(f"in another language ({extraction.language}): text and metadata only")
    if article.encoding != "utf-8":
        remarks.append(f"decoded as {article.encoding}")
    if article.published is None:
        remarks.append("no publication date: times are not resolved")
    return f"ingested ({'; '.join(remarks)})" if remarks else "ingested"


def _read_all(
    paths: Iterable[Path], failures: list[IngestResult], fields: RecordFields | None
) -> Iterator[tuple[Path, Article]]:
    for path in find_inputs(paths):
        for item in read_inputs(path, fields):
            if isinstance(item, ArticleError):
                failures.append(IngestResult(item.source, False, str(item)))
            else:
                yield path, item


def ingest(
    paths: Iterable[Path],
    store: BaseStore,
    settings: Settings,
    on_result: Callable[[IngestResult], None] = lambda result: None,
    skip: frozenset[str] = frozenset(),
    fields: RecordFields | None = None,
    force: bool = False,
) -> IngestSummary:
    """Ingest files and folders; each article's graph replaces its earlier one atomically.

    A file that cannot be read is reported and skipped; the others go on. An article already
    in the store with the same content and extractor is left as it is, unless `force`.
    """
    iris = Iris(settings.base_iri)
    load_ontology(store, iris)
    nlp = load_pipeline(settings.spacy_model)
    linker = open_linker(settings)
    version = extractor_version(nlp)
    read = pipeline_language(nlp)
    counts = {"ingested": 0, "unchanged": 0, "failed": 0, "other_language": 0}
    failures: list[IngestResult] = []
    written = 0
    # Extraction keeps order: the articles in flight, each with its path, whether it was absent
    # from the store, and how many batches had been written then (`writes`). An article read
    # twice (the same file name in two folders) can be absent when read and written since, by
    # the first reading: the graphs written since the oldest article in flight was read are
    # kept, with the number of their write, to tell (and no older ones, whatever the corpus).
    sources: deque[tuple[Path, bool, int]] = deque()
    writes = 0
    recently_written: dict[str, int] = {}
    # New articles' graphs (and what they add to the knowledge-base graph) wait to be written
    # together, KG_WRITE_BATCH triples at a time; the results of extracted articles are
    # reported, in order, once their batch is written.
    batch: dict[str, list[str]] = {}
    batch_results: list[IngestResult] = []
    batch_triples = 0

    def articles() -> Iterator[Article]:
        for path, article in _read_all(paths, failures, fields):
            while failures:  # report read failures in input order, as they come
                report(failures.pop(0))
            stored = _stored(store, iris, article, version)
            if stored == "unchanged" and not force:
                report(IngestResult(str(path), True, "unchanged", article.identifier))
                continue
            sources.append((path, stored == "absent", writes))
            yield article

    def report(result: IngestResult) -> None:
        if not result.ok:
            counts["failed"] += 1
        elif result.message == "unchanged":
            counts["unchanged"] += 1
        else:
            counts["ingested"] += 1
        on_result(result)

    def write_batch() -> None:
        nonlocal batch_triples, writes
        store.add_graphs(batch)
        # articles' graphs only: a shared graph, in every batch, would keep its first place
        recently_written.update({g: writes for g in batch if iris.is_article_graph(g)})
        writes += 1
        store.flush()  # what the updates of changed articles left in write buffers goes to disk
        release_free_memory()  # ...and the memory of the batch and the buffers goes back
        for result in batch_results:
            report(result)
        batch.clear()
        batch_results.clear()
        batch_triples = 0

    extractions = extract(
        nlp, articles(), skip=skip, processes=settings.processes, start=settings.worker_start
    )
    for extraction in extractions:
        path, absent, read_after = sources.popleft()
        while recently_written and next(iter(recently_written.values())) < read_after:
            del recently_written[next(iter(recently_written))]  # in the store when it was read
        if isinstance(extraction, ExtractionFailed):
            reason = f"{path}: extraction failed: {extraction.reason}"
            batch_results.append(IngestResult(str(path), False, reason))
            continue
        if _unread(extraction, read):
            counts["other_language"] += 1
        if linker is not None:
            extraction = replace(extraction, links=linker.link(extraction))
        triples = extraction_triples(extraction, iris)
        graph = str(article_graph(extraction, iris))
        kb_facts = {str(iris.kb_graph): kb_triples(extraction, iris)}
        if graph in batch:  # the same article twice in one batch: the later one replaces it
            write_batch()
        new = absent and graph not in recently_written
        # A batch is written before it would pass its bound, not after: the store's peak
        # follows the bound, not the longest article that happens to close a batch.
        if new and batch and batch_triples + len(triples) > settings.write_batch:
            write_batch()
        result = IngestResult(
            str(path),
            True,
            _note(extraction, read),
            extraction.article.identifier,
            len(extraction.entities),
            len(triples),
        )
        written += 1
        batch_results.append(result)
        if new:
            lines = [ntriples_line(t) for t in triples]
            additions = {g: map(ntriples_line, facts) for g, facts in kb_facts.items()}
            add_to_batch(batch, graph, lines, additions)
            batch_triples += len(triples)
        else:  # in the store already: its graph is replaced in one transaction
            store.replace_graph(graph, triples, kb_facts)
    write_batch()
    for failure in failures:
        report(failure)
    if written >= OPTIMIZE_AFTER_ARTICLES:
        store.optimize()  # after a batch upload, as pyoxigraph advises
    return IngestSummary(**counts)
