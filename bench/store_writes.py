"""What writing an article's graph costs the embedded store, without spaCy, the linker or workers.

    .venv/bin/python bench/store_writes.py [--articles 2000]

Writes the synthetic article graphs of `store_memory.py` (500 triples each, and 20 a time into a
shared knowledge-base graph). Three runs: into an in-memory store, one update an article; on
disk, each graph replaced (dropped, then inserted: one update an article, as ingestion writes a
changed article, and as it wrote every article until the bulk loader); on disk, new graphs in
batches of KG_WRITE_BATCH triples (`Store.add_graphs`: the bulk loader, as ingestion writes new
articles). A flush every KG_WRITE_BATCH triples, and the final compaction
(`optimize`, after every ingestion of 200 articles or more) is timed with the write. The
requests are made before the clock starts. Prints wall time and CPU time (RocksDB's background
threads included) per article.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from store_memory import BASE, KB_GRAPH, article_triples, kb_triples

from kg.config import Settings
from kg.store import Store, add_to_batch, ntriples_line, replace_graph_update


def updates(articles: int) -> list[str]:
    return [replace_graph_update(graph, lines, kb) for graph, lines, kb in graphs(articles)]


def graphs(articles: int) -> list[tuple[str, list[str], dict[str, list[str]]]]:
    rng = random.Random(0)
    return [
        (
            f"{BASE}article/{n}",
            list(map(ntriples_line, article_triples(n, rng))),
            {KB_GRAPH: list(map(ntriples_line, kb_triples(rng)))},
        )
        for n in range(1, articles + 1)
    ]


# Articles written between two flushes, as ingestion flushes: one batch of KG_WRITE_BATCH triples.
ARTICLES_PER_FLUSH = Settings().write_batch // 500


def timed(store: Store, write_all: Callable[[Store], None]) -> tuple[float, float]:
    """Wall and CPU seconds of the writes, the final compaction and the close."""
    wall, cpu = time.perf_counter(), time.process_time()
    write_all(store)
    store.optimize()
    store.close()
    return time.perf_counter() - wall, time.process_time() - cpu


def write(store: Store, requests: list[str]) -> tuple[float, float]:
    """Run the updates, flushing as ingestion does."""

    def write_all(store: Store) -> None:
        for n, request in enumerate(requests, 1):
            store.update(request)
            if n % ARTICLES_PER_FLUSH == 0:
                store.flush()

    return timed(store, write_all)


def write_batches(
    store: Store, articles: list[tuple[str, list[str], dict[str, list[str]]]]
) -> tuple[float, float]:
    """Add the graphs a batch at a time, as ingestion does."""

    def write_all(store: Store) -> None:
        for start in range(0, len(articles), ARTICLES_PER_FLUSH):
            batch: dict[str, list[str]] = {}
            for graph, lines, kb in articles[start : start + ARTICLES_PER_FLUSH]:
                add_to_batch(batch, graph, lines, kb)
            store.add_graphs(batch)
            store.flush()

    return timed(store, write_all)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    args = parser.parse_args()
    replacing = updates(args.articles)
    batches = graphs(args.articles)
    runs = {
        "in memory, replaced": lambda folder: write(Store(), replacing),
        "on disk, replaced": lambda folder: write(Store(folder), replacing),
        "on disk, new, batches": lambda folder: write_batches(Store(folder), batches),
    }
    print(f"{args.articles} synthetic articles (520 triples each):")
    for name, run in runs.items():
        with tempfile.TemporaryDirectory() as folder:
            wall, cpu = run(Path(folder) / "store")
        per = 1000 / args.articles
        print(
            f"  {name:22} {wall:6.2f} s wall ({wall * per:5.2f} ms an article), "
            f"{cpu:6.2f} s CPU ({cpu * per:5.2f} ms)"
        )


if __name__ == "__main__":
    main()
