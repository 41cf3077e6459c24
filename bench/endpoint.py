"""The SPARQL endpoint under load: `kg serve` against Oxigraph's own server on the same store.

    .venv/bin/python bench/growth.py --targets 1000000 --keep /tmp/grown   # a store of 1M quads
    .venv/bin/python bench/endpoint.py --store /tmp/grown [--seconds 10] [--threads 16]

Serves a copy of the store with `oxigraph serve-read-only --union-default-graph --timeout-s 30`
and the store itself with `kg serve` (its defaults: time limit, row cap, SERVICE allow-list, no
update token), both on 127.0.0.1, and loads each with wrk (Debian's `wrk`) at concurrency 4
and 16 with the same three GET queries: one person's statements (selective), statements per
speaker (an aggregation) and a trivial ASK. Reports requests per second and p50/p99 latency,
and newskg's throughput as a share of Oxigraph's.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request
from pathlib import Path

from common import BIN, free_port, wait_for

NK = "https://w3id.org/newskg/ns#"
TOP_PERSON = f"""SELECT ?e (COUNT(?m) AS ?n) WHERE {{
  ?m <{NK}refersTo> ?e FILTER EXISTS {{ ?e a <{NK}Person> }} }}
GROUP BY ?e ORDER BY DESC(?n) LIMIT 1"""
SELECTIVE = (
    "SELECT ?s ?text WHERE {{ ?s <{nk}speaker> <{person}> ; <http://schema.org/text> ?text }}"
)
AGGREGATE = f"""SELECT ?speaker (COUNT(?s) AS ?n) WHERE {{ ?s <{NK}speaker> ?speaker }}
GROUP BY ?speaker ORDER BY DESC(?n) LIMIT 20"""
ASK = "ASK { ?s ?p ?o }"
ACCEPT = "application/sparql-results+json"


def ask_json(endpoint: str, query: str) -> dict:  # type: ignore[type-arg]
    import json

    url = endpoint + "?" + urllib.parse.urlencode({"query": query})
    request = urllib.request.Request(url, headers={"Accept": ACCEPT})
    with urllib.request.urlopen(request, timeout=120) as response:
        return dict(json.load(response))


def to_ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()  # type: ignore[union-attr]
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def load(url: str, connections: int, seconds: int) -> tuple[float, float, float, int]:
    """wrk's successful (2xx) requests a second, p50 and p99 in ms, and failed answers (non-2xx
    and socket errors)."""
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{seconds}s",
            "--latency",
            "-H",
            f"Accept: {ACCEPT}",
            url,
        ],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    done = re.search(r"(\d+) requests in ([\d.]+)(\w+)", out)
    if done is None:
        return 0.0, float("nan"), float("nan"), -1
    elapsed = to_ms(done.group(2) + done.group(3)) / 1000
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    failed = int(bad.group(1)) if bad else 0
    failed += sum(int(n) for n in errors.groups()[:2]) + int(errors.group(4)) if errors else 0
    rate = (int(done.group(1)) - (int(bad.group(1)) if bad else 0)) / elapsed
    p50 = to_ms(re.search(r"\s50%\s+(\S+)", out).group(1))  # type: ignore[union-attr]
    p99 = to_ms(re.search(r"\s99%\s+(\S+)", out).group(1))  # type: ignore[union-attr]
    return rate, p50, p99, failed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--threads", type=int, default=None, help="kg serve --threads")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install wrk")
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "store"
        shutil.copytree(args.store, copy, ignore=shutil.ignore_patterns("LOCK"))
        ox_port, kg_port = free_port(), free_port()
        oxigraph = subprocess.Popen(
            [str(BIN / "oxigraph"), "serve-read-only", "--location", str(copy),
             "--bind", f"127.0.0.1:{ox_port}", "--union-default-graph", "--timeout-s", "30"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        serve = [str(BIN / "kg"), "serve", "--store", str(args.store), "--port", str(kg_port)]
        if args.threads:
            serve += ["--threads", str(args.threads)]
        newskg = subprocess.Popen(
            serve, env={**os.environ}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            endpoints = {
                "oxigraph serve": f"http://127.0.0.1:{ox_port}/query",
                "kg serve": f"http://127.0.0.1:{kg_port}/sparql",
            }
            for endpoint in endpoints.values():
                wait_for(endpoint + "?" + urllib.parse.urlencode({"query": ASK}))
            rows = ask_json(endpoints["oxigraph serve"], TOP_PERSON)["results"]["bindings"]
            person = rows[0]["e"]["value"]
            queries = {
                "selective": SELECTIVE.format(nk=NK, person=person),
                "aggregation": AGGREGATE,
                "ASK": ASK,
            }
            print(f"store: {args.store}; person: {person}; {args.seconds} s a run, wrk -t2")
            print("query       | conc | server         | 2xx req/s |  p50 ms |  p99 ms | failed")
            results: dict[tuple[str, int, str], tuple[float, float, float, int]] = {}
            for name, query in queries.items():
                for connections in (4, 16):
                    for server, endpoint in endpoints.items():
                        url = endpoint + "?" + urllib.parse.urlencode({"query": query})
                        result = load(url, connections, args.seconds)
                        results[(name, connections, server)] = result
                        rate, p50, p99, bad = result
                        print(
                            f"{name:11} | {connections:4} | {server:14} | {rate:9.0f} | "
                            f"{p50:7.2f} | {p99:7.2f} | {bad}",
                            flush=True,
                        )
            print("\nnewskg / Oxigraph: throughput ratio, p99 ratio")
            for name in queries:
                for connections in (4, 16):
                    ours = results[(name, connections, "kg serve")]
                    theirs = results[(name, connections, "oxigraph serve")]
                    if theirs[0] == 0:  # Oxigraph's server failed every request of the run
                        print(f"{name:11} | {connections:4} |   n/a |   n/a")
                        continue
                    print(
                        f"{name:11} | {connections:4} | {ours[0] / theirs[0]:5.2f}x | "
                        f"{ours[2] / theirs[2]:5.2f}x"
                    )
        finally:
            for process in (oxigraph, newskg):
                process.terminate()
                process.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
