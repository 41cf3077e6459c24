"""How ingestion, pages and queries behave as the store grows: 10k, 100k and 1M quads.

    .venv/bin/python bench/growth.py [--targets 10000 100000 1000000]

Grows one embedded store with the BBC articles (one process) and, at each size, measures the
ingestion time per article of the last batch, the median time to render the page of the
most-mentioned person (Flask test client, the whole request), and the median time of a
selective query (that person's statements: all of them, and the newest 20), of a selective
query whose answer does not grow (the statements of one article, the same at every size), of
an aggregation (statements per speaker) and of the search page for a part of that person's name
(after one search that builds the full-text index). Measured on the store compacted, as `kg
ingest` leaves it after a batch of 200 articles or more.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from common import CORPUS

from kg.config import Settings
from kg.pipeline import ingest
from kg.store import Store
from web import create_app

TOP_PERSON = """SELECT ?e (COUNT(?m) AS ?n) WHERE {
  ?m <https://w3id.org/newskg/ns#refersTo> ?e
  FILTER EXISTS { ?e a <https://w3id.org/newskg/ns#Person> } }
GROUP BY ?e ORDER BY DESC(?n) LIMIT 1"""
SELECTIVE = """SELECT ?node ?s ?text WHERE {
  ?s <https://w3id.org/newskg/ns#speaker> ?node ; <http://schema.org/text> ?text }"""
LABEL = "SELECT ?node ?l WHERE { ?node <http://www.w3.org/2000/01/rdf-schema#label> ?l } LIMIT 1"
# The same, as a page asks it: the newest 20 (a bounded answer whatever the node's fame).
SELECTIVE_PAGE = """SELECT ?node ?s ?text ?day WHERE {
  ?s <https://w3id.org/newskg/ns#speaker> ?node ; <http://schema.org/text> ?text .
  OPTIONAL { ?s <http://semanticweb.cs.vu.nl/2009/11/sem/hasTimeStamp> ?day } }
ORDER BY DESC(?day) LIMIT 20"""
# A selective query whose answer does not grow with the store: one article's statements (the
# same article at every size), as a reader opening that article asks.
ONE_ARTICLE = """SELECT ?node ?s ?text ?speaker WHERE {
  ?s <https://w3id.org/newskg/ns#reportedIn> ?node ; <http://schema.org/text> ?text .
  OPTIONAL { ?s <https://w3id.org/newskg/ns#speaker> ?speaker } }"""
ONE_ARTICLE_PICK = """SELECT ?a (COUNT(?s) AS ?n) WHERE {
  ?s <https://w3id.org/newskg/ns#reportedIn> ?a } GROUP BY ?a ORDER BY DESC(?n) ?a LIMIT 1"""
AGGREGATE = """SELECT ?speaker (COUNT(?s) AS ?n) WHERE {
  ?s <https://w3id.org/newskg/ns#speaker> ?speaker } GROUP BY ?speaker ORDER BY DESC(?n) LIMIT 20"""


def median_ms(run, times: int) -> float:  # type: ignore[no-untyped-def]
    samples = []
    for _ in range(times):
        start = time.perf_counter()
        run()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--targets", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--keep", type=Path, help="keep the grown store in this (new) folder")
    args = parser.parse_args()
    paths = sorted(CORPUS.rglob("*.txt"))
    settings = Settings(store=":memory:", workers=1)
    with tempfile.TemporaryDirectory() as folder:
        store = Store(args.keep or Path(folder) / "store")
        app = create_app({"TESTING": True}, settings=settings, store=store)
        client = app.test_client()
        done = 0
        print(
            "quads      | ingest ms/article | person page ms | selective query ms"
            " | selective, newest 20 ms | one article's statements ms | aggregation ms"
            " | search page ms"
        )
        article = ""
        for target in args.targets:
            batch_dir = Path(folder) / f"batch-{target}"
            batch_dir.mkdir()
            count, started = 0, time.perf_counter()
            while len(store) < target and done < len(paths):
                step = max(1, min(50, (target - len(store)) // 600))
                for path in paths[done : done + step]:
                    shutil.copy(path, batch_dir / f"{path.parent.name}-{path.name}")
                ingest([batch_dir], store, settings)
                for path in batch_dir.iterdir():
                    path.unlink()
                done += step
                count += step
            per_article = (time.perf_counter() - started) * 1000 / max(count, 1)
            # As `kg ingest` leaves a store after a batch: compacted (small batches here).
            store.optimize()
            person = store.select(TOP_PERSON)[0]["e"]
            page = "/" + person.split("/", 3)[3]
            page_ms = median_ms(lambda page=page: client.get(page), 15)
            selective_ms = median_ms(
                lambda person=person: store.query(SELECTIVE, bindings={"node": person}).serialize(
                    "application/sparql-results+json"
                ),
                50,
            )
            page_query_ms = median_ms(
                lambda person=person: store.query(
                    SELECTIVE_PAGE, bindings={"node": person}
                ).serialize("application/sparql-results+json"),
                50,
            )
            if not article:  # the first size's article with most statements, kept for all
                article = store.select(ONE_ARTICLE_PICK)[0]["a"]
            article_ms = median_ms(
                lambda article=article: store.query(
                    ONE_ARTICLE, bindings={"node": article}
                ).serialize("application/sparql-results+json"),
                50,
            )
            aggregate_ms = median_ms(
                lambda: store.query(AGGREGATE).serialize("application/sparql-results+json"), 10
            )
            # A part of the person's name, as a reader would type it.
            words = store.select(LABEL, node=person)
            part = words[0]["l"].split()[-1][:5] if words else "the"
            client.get("/search", query_string={"q": part})  # builds or refreshes the index
            search_ms = median_ms(
                lambda part=part: client.get("/search", query_string={"q": part}), 5
            )
            print(
                f"{len(store):>10,} | {per_article:17.0f} | {page_ms:14.1f} | "
                f"{selective_ms:18.2f} | {page_query_ms:23.2f} | {article_ms:27.2f} | "
                f"{aggregate_ms:14.1f} | "
                f"{search_ms:14.1f}",
                flush=True,
            )
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
