"""The embedded store's own memory over a long ingest, without spaCy, the linker or workers.

    .venv/bin/python bench/store_memory.py [--articles 2000]

Writes synthetic article graphs (500 triples each, and 20 triples a time into one shared
knowledge-base graph, as `kg ingest` writes) into a fresh embedded store the way `kg ingest`
does: a content-hash query an article, and the new graphs added a batch of KG_WRITE_BATCH
triples at a time (`Store.add_graphs`), after which freed memory is handed back. Prints this
process's resident memory every 200 articles, and its ratio to the first reading: what the
store takes as the run goes on, apart from everything else ingestion holds.
"""

from __future__ import annotations

import argparse
import random
import tempfile
from pathlib import Path

from rdflib import Literal, URIRef

from kg.config import Settings
from kg.memory import release_free_memory
from kg.store import Store, add_to_batch, ntriples_line

BASE = "https://example.org/bench/"
KB_GRAPH = BASE + "kb"
ENTITIES = 20_000  # the pool of entities articles share


def resident_mib() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) // 1024
    return 0


def article_triples(n: int, rng: random.Random) -> list[tuple[URIRef, URIRef, object]]:
    """An article-sized graph: 100 mentions of five triples each."""
    triples: list[tuple[URIRef, URIRef, object]] = []
    for m in range(100):
        mention = URIRef(f"{BASE}article/{n}/mention/{m}")
        begin = rng.randrange(5_000)
        triples += [
            (mention, URIRef(BASE + "beginIndex"), Literal(begin)),
            (mention, URIRef(BASE + "endIndex"), Literal(begin + rng.randrange(3, 30))),
            (mention, URIRef(BASE + "anchorOf"), Literal(f"name {rng.randrange(10**6)}")),
            (mention, URIRef(BASE + "refersTo"), URIRef(f"{BASE}entity/{rng.randrange(ENTITIES)}")),
            (mention, URIRef(BASE + "sentence"), URIRef(f"{BASE}article/{n}/sentence/{m // 3}")),
        ]
    return triples


def kb_triples(rng: random.Random) -> list[tuple[URIRef, URIRef, object]]:
    return [
        (URIRef(f"{BASE}entity/{e}"), URIRef(BASE + "label"), Literal(f"entity {e}"))
        for e in (rng.randrange(ENTITIES) for _ in range(20))
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    args = parser.parse_args()
    rng = random.Random(0)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "store"
        store = Store(path)
        batch: dict[str, list[str]] = {}
        write_batch = Settings().write_batch
        in_batch = written = 0
        first = None
        for n in range(1, args.articles + 1):
            graph = f"{BASE}article/{n}"
            store.select(f"SELECT ?h WHERE {{ GRAPH <{graph}> {{ ?a <{BASE}hash> ?h }} }}")
            triples = article_triples(n, rng)
            lines = list(map(ntriples_line, triples))
            add_to_batch(batch, graph, lines, {KB_GRAPH: map(ntriples_line, kb_triples(rng))})
            in_batch += len(triples)
            written += len(triples) + 20
            if in_batch >= write_batch:
                store.add_graphs(batch)
                store.flush()
                release_free_memory()
                batch, in_batch = {}, 0
            if n % 200 == 0:
                mib = resident_mib()
                first = first or mib
                print(f"{n:6d} articles  {written:>10,d} triples  {mib:4d} MiB  {mib / first:.2f}x")
        store.close()


if __name__ == "__main__":
    main()
