"""What writing an article's graph costs the embedded store, without spaCy, the linker or workers.

    .venv/bin/python bench/store_writes.py [--articles 2000]

Writes the synthetic article graphs of `store_memory.py` (500 triples each, and 20 a time into a
shared knowledge-base graph) the way `kg ingest` does: one update an article, a flush every
25,000 triples. Three runs: into an in-memory store; on disk, each graph replaced (dropped, then
inserted); on disk, each graph known to be new (inserted only, as ingestion writes an article the
store does not hold). The updates are made before the clock starts. Prints wall time and CPU time
(RocksDB's background threads included) per article.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from store_memory import BASE, KB_GRAPH, article_triples, kb_triples

from kg.pipeline import FLUSH_EVERY_TRIPLES
from kg.store import Store, ntriples_line, replace_graph_update


def updates(articles: int, new: bool) -> list[str]:
    rng = random.Random(0)
    return [
        replace_graph_update(
            f"{BASE}article/{n}",
            map(ntriples_line, article_triples(n, rng)),
            {KB_GRAPH: map(ntriples_line, kb_triples(rng))},
            new,
        )
        for n in range(1, articles + 1)
    ]


def write(store: Store, requests: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds to run the updates, flushing as ingestion does."""
    flush_every = FLUSH_EVERY_TRIPLES // 500
    wall, cpu = time.perf_counter(), time.process_time()
    for n, request in enumerate(requests, 1):
        store.update(request)
        if n % flush_every == 0:
            store.flush()
    store.close()
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    args = parser.parse_args()
    replacing, adding = updates(args.articles, new=False), updates(args.articles, new=True)
    runs = {
        "in memory, replaced": lambda folder: write(Store(), replacing),
        "on disk, replaced": lambda folder: write(Store(folder), replacing),
        "on disk, new": lambda folder: write(Store(folder), adding),
    }
    print(f"{args.articles} synthetic articles (520 triples each):")
    for name, run in runs.items():
        with tempfile.TemporaryDirectory() as folder:
            wall, cpu = run(Path(folder) / "store")
        per = 1000 / args.articles
        print(
            f"  {name:20} {wall:6.2f} s wall ({wall * per:5.2f} ms an article), "
            f"{cpu:6.2f} s CPU ({cpu * per:5.2f} ms)"
        )


if __name__ == "__main__":
    main()
