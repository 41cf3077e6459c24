"""Peak memory of `kg ingest` (all its processes together) on 200 and on 2,000 articles.

    .venv/bin/python bench/memory.py [--sizes 200 2000] [--workers 2] [--remote | --prefill N]
        [--distinct N | --spread] [--long K] [--repeat R] [--parts K]

Runs `kg ingest` on the first N BBC articles into a fresh store, sampling the memory of the
process and its children every 0.2 s; reports the peak of their sum, the peaks of the parent,
of the workers and of the embedded store's child process, and the rate. Two sums: resident
memory (RSS), which counts a page shared by forked processes (spaCy's model, loaded before the
workers fork) once in each, and the proportional share (PSS, each shared page split among its
sharers), which adds up to what the processes take from the machine together. A size past the
corpus's 2,225 articles repeats it under other file names. With --remote the store is
`oxigraph serve` (started here; its own memory is not counted), which shows what ingestion
takes apart from an embedded store's. With --prefill N the embedded store first gets the N
articles that follow (not measured): whether memory follows the store's size or the run's.
With --distinct N only the first N articles are used, repeated under other names to make up
each size: whether memory follows the run's length or what the articles hold. With --spread the
N articles are spread evenly over the corpus (every 11th for 200), not its first N (for 200, all
from one topic, `business`, and none over 5,200 characters, against 25,500 among the first
2,000): each size holds the same mix of topics and lengths. With --long K, K articles as long
as one may be (the corpus's texts joined up to kg's limit) come among the others, evenly: the
peak for the longest articles. With --parts K, the peak of each K-th of a run's time as well:
with a size that repeats the corpus K times, whether the same articles take more memory later
in a run.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from statistics import median

from common import BIN, CORPUS, free_port, wait_for

from kg.articles.errors import MAX_ARTICLE_CHARACTERS

KG = str(BIN / "kg")
OXIGRAPH = str(BIN / "oxigraph")


def memory(pid: int) -> tuple[int, int]:
    """Resident and proportional bytes (RSS, PSS) of one process; (0, 0) once it is gone."""
    rss = pss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith("Rss:"):
                    rss = int(line.split()[1]) * 1024
                elif line.startswith("Pss:"):
                    pss = int(line.split()[1]) * 1024
    except OSError:
        pass
    return rss, pss


def descendants(pid: int) -> list[int]:
    """The process's children, their children, and so on (the workers, however started)."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        try:
            with open(f"/proc/{current}/task/{current}/children") as listing:
                kids = [int(c) for c in listing.read().split()]
        except OSError:
            kids = []
        found += kids
        todo += kids
    return found


def holds_store(pid: int) -> bool:
    """Whether the process is the embedded store's child process (`python -m kg.store`)."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
            return b"kg.store" in cmdline.read().split(b"\0")
    except OSError:
        return False


def copy_corpus(
    size: int,
    inputs: Path,
    start: int = 0,
    distinct: int | None = None,
    spread: bool = False,
    long: int = 0,
    prefix: str = "",
) -> None:
    """`size` articles from the `start`-th on, the corpus (or its first `distinct` articles)
    repeated under other names past its end; or, `spread`, every (corpus / size)-th; and `long`
    articles at the limit of length among them, each after the one it is named for. Their
    names begin with `prefix`."""
    paths = sorted(CORPUS.rglob("*.txt"))[:distinct]
    names = []
    for n in range(start, start + size):
        path = paths[n * len(paths) // size] if spread else paths[n % len(paths)]
        names.append(f"{prefix}{n // len(paths)}-{path.parent.name}-{path.name}")
        shutil.copy(path, inputs / names[-1])
    bodies = (p.read_text(errors="replace").partition("\n")[2].strip() for p in paths)
    for k in range(long):
        text = f"A long article, number {k}\n\n"
        while len(text) < MAX_ARTICLE_CHARACTERS - 30_000:
            text += next(bodies) + "\n\n"
        (inputs / f"{names[(2 * k + 1) * size // (2 * long)]}-long.txt").write_text(text)


def measure(
    size: int,
    workers: int,
    remote: bool,
    prefill: int = 0,
    distinct: int | None = None,
    spread: bool = False,
    long: int = 0,
    parts: int = 1,
) -> int:
    """One run of `kg ingest`, reported on a line (and the peak of each of `parts` equal spans
    of its time on a line each); its peak PSS, in bytes."""
    with tempfile.TemporaryDirectory() as folder:
        inputs = Path(folder) / "inputs"
        inputs.mkdir()
        copy_corpus(size, inputs, distinct=distinct, spread=spread, long=long)
        store, server = f"{folder}/s", None
        if prefill:  # the store already holds the next `prefill` articles (not measured)
            earlier = Path(folder) / "earlier"
            earlier.mkdir()
            copy_corpus(prefill, earlier, start=size, prefix="earlier-")  # none read twice
            subprocess.run([KG, "ingest", "-q", str(earlier), "--store", store], check=True)
        if remote:
            bind = f"127.0.0.1:{free_port()}"
            server = subprocess.Popen(
                [OXIGRAPH, "serve", "--location", f"{folder}/ox", "--bind", bind],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            store = f"http://{bind}"
            wait_for(f"{store}/query?query=ASK%7B%7D")
        env = {**os.environ, "KG_WORKERS": str(workers)}
        started = time.monotonic()
        process = subprocess.Popen(
            [KG, "ingest", "-q", str(inputs), "--store", store],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        peak_rss = peak_pss = peak_parent = peak_workers = peak_store = 0
        samples: list[tuple[float, int, int, int, int]] = []  # time, sum, parent, workers, store
        while process.poll() is None:
            parent = memory(process.pid)
            children = descendants(process.pid)
            pool = [memory(child) for child in children]
            store_pss = sum(m[1] for c, m in zip(children, pool, strict=True) if holds_store(c))
            workers_pss = sum(pss for _, pss in pool) - store_pss
            peak_rss = max(peak_rss, parent[0] + sum(rss for rss, _ in pool))
            peak_pss = max(peak_pss, parent[1] + workers_pss + store_pss)
            peak_parent, peak_workers = max(peak_parent, parent[1]), max(peak_workers, workers_pss)
            peak_store = max(peak_store, store_pss)
            total = parent[1] + workers_pss + store_pss
            samples.append((time.monotonic() - started, total, parent[1], workers_pss, store_pss))
            time.sleep(0.2)
        seconds = time.monotonic() - started
        if server is not None:
            server.terminate()
            server.wait()
        mib = 2**20
        print(
            f"{size:5} articles ({'oxigraph serve' if remote else 'embedded'}"
            f"{f', into a store of {prefill}' if prefill else ''}"
            f"{f', the first {distinct} repeated' if distinct else ''}"
            f"{', spread over the corpus' if spread else ''}"
            f"{f', and {long} of {MAX_ARTICLE_CHARACTERS:,} characters' if long else ''}"
            f"): peak of all processes {peak_rss / mib:5.0f} MiB RSS, "
            f"{peak_pss / mib:5.0f} MiB PSS (parent {peak_parent / mib:.0f}, workers "
            f"{peak_workers / mib:.0f}, store process {peak_store / mib:.0f}), {seconds:6.1f} s, "
            f"{size / seconds:5.1f} articles/s, exit {process.returncode}"
        )
        for part in range(parts if parts > 1 else 0):
            start, end = part * seconds / parts, (part + 1) * seconds / parts
            span = [s for s in samples if start <= s[0] < end] or [(start, 0, 0, 0, 0)]
            _, top, top_parent, top_workers, top_store = max(span, key=lambda s: s[1])
            print(
                f"      part {part + 1} of {parts} ({start:6.1f} to {end:6.1f} s): peak "
                f"{top / mib:5.0f} MiB PSS (parent {top_parent / mib:.0f}, workers "
                f"{top_workers / mib:.0f}, store process {top_store / mib:.0f})"
            )
        return peak_pss


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 2000])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--remote", action="store_true", help="ingest into oxigraph serve")
    parser.add_argument(
        "--prefill", type=int, default=0, help="articles in the (embedded) store beforehand"
    )
    parser.add_argument(
        "--distinct", type=int, help="only the first N articles, repeated to make up each size"
    )
    parser.add_argument(
        "--spread", action="store_true", help="articles spread evenly over the corpus"
    )
    parser.add_argument("--long", type=int, default=0, help="add K articles at the length limit")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each size")
    parser.add_argument(
        "--parts", type=int, default=1, help="also the peak of each of K equal spans of a run"
    )
    args = parser.parse_args()
    if args.prefill and args.remote:
        parser.error("--prefill is for the embedded store")
    if args.spread and (args.distinct or max(args.sizes) > len(list(CORPUS.rglob("*.txt")))):
        parser.error("--spread takes sizes within the corpus, without --distinct")
    for size in args.sizes:
        peaks = [
            measure(
                size,
                args.workers,
                args.remote,
                args.prefill,
                args.distinct,
                args.spread,
                args.long,
                args.parts,
            )
            for _ in range(args.repeat)
        ]
        if args.repeat > 1:
            low, middle, high = (round(p / 2**20) for p in (min(peaks), median(peaks), max(peaks)))
            print(
                f"{size:5} articles, {args.repeat} runs: peak PSS {low} to {high} MiB, "
                f"median {middle}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
