"""The cost of going remote: `kg ingest` into the embedded store vs into `oxigraph serve`.

    .venv/bin/python bench/remote.py [--articles 200]

Both runs ingest the same BBC articles with one process; the server is Oxigraph's own
(`oxigraph serve --union-default-graph`, started here on 127.0.0.1). Reports both times, and a
selective query's median latency through each store.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import BIN, CORPUS, free_port, wait_for

from kg.store import RemoteStore, Store

QUERY = "SELECT ?s ?text WHERE { ?s <http://schema.org/text> ?text } LIMIT 50"


def timed_ingest(inputs: Path, store: str) -> float:
    env = {**os.environ, "KG_WORKERS": "1"}
    started = time.perf_counter()
    subprocess.run(
        [str(BIN / "kg"), "ingest", "-q", str(inputs), "--store", store],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def latency(store: Store | RemoteStore) -> float:
    samples = []
    for _ in range(30):
        started = time.perf_counter()
        store.query(QUERY).serialize("application/sparql-results+json")
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        inputs = Path(folder) / "inputs"
        inputs.mkdir()
        for path in sorted(CORPUS.rglob("*.txt"))[: args.articles]:
            shutil.copy(path, inputs / f"{path.parent.name}-{path.name}")
        embedded = timed_ingest(inputs, f"{folder}/embedded")
        bind = f"127.0.0.1:{free_port()}"
        server = subprocess.Popen(
            [
                str(BIN / "oxigraph"),
                "serve",
                "--location",
                f"{folder}/ox",
                "--bind",
                bind,
                "--union-default-graph",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_for(f"http://{bind}/query?query=ASK%7B%7D")
            remote = timed_ingest(inputs, f"http://{bind}")
            remote_ms = latency(RemoteStore(f"http://{bind}"))
        finally:
            server.terminate()
            server.wait()
        with Store(f"{folder}/embedded") as store:
            embedded_ms = latency(store)
    n = args.articles
    print(f"{n} articles, one process each")
    for name, seconds, ms in (
        ("embedded store", embedded, embedded_ms),
        ("oxigraph serve (HTTP)", remote, remote_ms),
    ):
        print(f"  {name:22} {seconds:6.1f} s  {n / seconds:5.1f} articles/s  query {ms:6.2f} ms")
    print(
        f"  remote / embedded: ingestion {remote / embedded:.3f}, "
        f"query {remote_ms / embedded_ms:.1f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
