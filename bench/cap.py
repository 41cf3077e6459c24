"""What the result cap costs: a SELECT written straight from pyoxigraph against the same SELECT
written under the cap (counted in SPARQL TSV, read back, written again: what /sparql does).

    .venv/bin/python bench/cap.py [--rows 10000] [--repeat 5]

Synthetic rows (an integer, an IRI, a language-tagged literal) made by the query itself, so the
figure is the endpoint's own overhead, free of store reads; best of `--repeat`.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from kg.store import Store

DIGITS = "VALUES ?d{n} {{ 0 1 2 3 4 5 6 7 8 9 }}"


def rows_query(rows: int) -> str:
    """A SELECT of `rows` rows (rounded up to a power of ten) of three kinds of term."""
    places = max(1, len(str(rows - 1)))
    values = " ".join(DIGITS.format(n=i) for i in range(places))
    number = " + ".join(f"?d{i} * {10**i}" for i in range(places))
    return (
        f"SELECT ?i ?iri ?label WHERE {{ {values} BIND({number} AS ?i) FILTER(?i < {rows})"
        " BIND(IRI(CONCAT('http://example.org/', STR(?i))) AS ?iri)"
        " BIND(STRLANG(STR(?i), 'en') AS ?label) }"
    )


def best(repeat: int, run: Callable[[], bytes]) -> tuple[float, bytes]:
    times, out = [], b""
    for _ in range(repeat):
        started = time.perf_counter()
        out = run()
        times.append(time.perf_counter() - started)
    return min(times), out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    store, query = Store(), rows_query(args.rows)
    print(f"{args.rows} rows, best of {args.repeat}")
    print("| format | straight | under the cap | ratio |\n| --- | --- | --- | --- |")
    for media_type in ("application/sparql-results+json", "text/csv"):
        straight, expected = best(args.repeat, lambda m=media_type: store.query(query).serialize(m))
        capped, got = best(
            args.repeat, lambda m=media_type: store.query(query).capped(args.rows)[0].serialize(m)
        )
        assert got == expected, "the capped answer differs from the straight one"
        print(
            f"| {media_type} | {straight * 1000:.0f} ms | {capped * 1000:.0f} ms"
            f" | {capped / straight:.2f} |"
        )


if __name__ == "__main__":
    main()
