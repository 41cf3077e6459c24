"""Peak memory of `kg ingest` (all its processes together) on 200 and on 2,000 articles.

    .venv/bin/python bench/memory.py [--sizes 200 2000] [--workers 2] [--remote | --prefill N]
        [--distinct N | --spread] [--long K] [--repeat R] [--parts K] [--start METHOD]

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
in a run. With --start, the workers start by that method (KG_WORKER_START: spawn, fork,
forkserver) rather than the default. The last line gives the growth of the peak (the median
with --repeat) from the smallest size to each larger one.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from statistics import median
from typing import NamedTuple

from common import BIN, CORPUS, free_port, wait_for

from kg.articles.errors import MAX_ARTICLE_CHARACTERS

KG = str(BIN / "kg")
MIB = 2**20
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


@dataclass(frozen=True)
class Mix:
    """Which articles a run takes: the corpus (or its first `distinct` articles) in order,
    repeated under other names past its end, or `spread` evenly over it; with `long` articles
    at the limit of length among them."""

    distinct: int | None = None
    spread: bool = False
    long: int = 0

    def describe(self) -> str:
        return (
            f"{f', the first {self.distinct} repeated' if self.distinct else ''}"
            f"{', spread over the corpus' if self.spread else ''}"
            f"{f', and {self.long} of {MAX_ARTICLE_CHARACTERS:,} characters' if self.long else ''}"
        )


class Sample(NamedTuple):
    """The memory of `kg ingest`'s processes at one moment of a run, in bytes (PSS but `rss`)."""

    seconds: float
    rss: int
    pss: int
    parent: int
    workers: int
    store: int


def copy_corpus(
    size: int, inputs: Path, mix: Mix = Mix(), start: int = 0, prefix: str = ""
) -> None:
    """`size` articles from the `start`-th on, as `mix` says, the long ones each after the one
    it is named for. Their names begin with `prefix`."""
    paths = sorted(CORPUS.rglob("*.txt"))[: mix.distinct]
    names = []
    for n in range(start, start + size):
        path = paths[n * len(paths) // size] if mix.spread else paths[n % len(paths)]
        names.append(f"{prefix}{n // len(paths)}-{path.parent.name}-{path.name}")
        shutil.copy(path, inputs / names[-1])
    bodies = (p.read_text(errors="replace").partition("\n")[2].strip() for p in paths)
    for k in range(mix.long):
        text = f"A long article, number {k}\n\n"
        while len(text) < MAX_ARTICLE_CHARACTERS - 30_000:
            text += next(bodies) + "\n\n"
        (inputs / f"{names[(2 * k + 1) * size // (2 * mix.long)]}-long.txt").write_text(text)


def sample(process: subprocess.Popen[bytes], started: float) -> Sample:
    """The memory of the process and of its descendants now."""
    parent = memory(process.pid)
    children = descendants(process.pid)
    pool = [memory(child) for child in children]
    store = sum(m[1] for c, m in zip(children, pool, strict=True) if holds_store(c))
    workers = sum(pss for _, pss in pool) - store
    rss = parent[0] + sum(rss for rss, _ in pool)
    seconds = time.monotonic() - started
    return Sample(seconds, rss, parent[1] + workers + store, parent[1], workers, store)


def peak_line(samples: list[Sample]) -> str:
    """The peak of the samples' sum (PSS), and the parts of the sum at that moment."""
    top = max(samples, key=lambda s: s.pss, default=Sample(0, 0, 0, 0, 0, 0))
    return (
        f"peak {top.pss / MIB:5.0f} MiB PSS (parent {top.parent / MIB:.0f}, workers "
        f"{top.workers / MIB:.0f}, store process {top.store / MIB:.0f})"
    )


def measure(
    size: int,
    workers: int,
    remote: bool,
    prefill: int,
    mix: Mix,
    parts: int = 1,
    start: str | None = None,
) -> int:
    """One run of `kg ingest`, reported on a line (and the peak of each of `parts` equal spans
    of its time on a line each); its peak PSS, in bytes."""
    with tempfile.TemporaryDirectory() as folder:
        inputs = Path(folder) / "inputs"
        inputs.mkdir()
        copy_corpus(size, inputs, mix)
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
        if start:
            env["KG_WORKER_START"] = start
        started = time.monotonic()
        process = subprocess.Popen(
            [KG, "ingest", "-q", str(inputs), "--store", store],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        samples: list[Sample] = []
        while process.poll() is None:
            samples.append(sample(process, started))
            time.sleep(0.2)
        seconds = time.monotonic() - started
        if server is not None:
            server.terminate()
            server.wait()

        def peak(field: str) -> float:
            return max((getattr(s, field) for s in samples), default=0) / MIB

        print(
            f"{size:5} articles ({'oxigraph serve' if remote else 'embedded'}"
            f"{f', into a store of {prefill}' if prefill else ''}{mix.describe()}"
            f"{f', workers by {start}' if start else ''}"
            f"): peak of all processes {peak('rss'):5.0f} MiB RSS, "
            f"{peak('pss'):5.0f} MiB PSS (parent {peak('parent'):.0f}, workers "
            f"{peak('workers'):.0f}, store process {peak('store'):.0f}), {seconds:6.1f} s, "
            f"{size / seconds:5.1f} articles/s, exit {process.returncode}"
        )
        for part in range(parts if parts > 1 else 0):
            begin, end = part * seconds / parts, (part + 1) * seconds / parts
            span = [s for s in samples if begin <= s.seconds < end]
            print(
                f"      part {part + 1} of {parts} ({begin:6.1f} to {end:6.1f} s): "
                + peak_line(span)
            )
        return max((s.pss for s in samples), default=0)


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
    parser.add_argument(
        "--start", choices=["spawn", "fork", "forkserver"], help="how the workers start"
    )
    args = parser.parse_args()
    if args.prefill and args.remote:
        parser.error("--prefill is for the embedded store")
    if args.spread and (args.distinct or max(args.sizes) > len(list(CORPUS.rglob("*.txt")))):
        parser.error("--spread takes sizes within the corpus, without --distinct")
    mix = Mix(args.distinct, args.spread, args.long)
    medians = []
    for size in args.sizes:
        peaks = [
            measure(size, args.workers, args.remote, args.prefill, mix, args.parts, args.start)
            for _ in range(args.repeat)
        ]
        medians.append(median(peaks))
        if args.repeat > 1:
            low, middle, high = (round(p / MIB) for p in (min(peaks), median(peaks), max(peaks)))
            print(
                f"{size:5} articles, {args.repeat} runs: peak PSS {low} to {high} MiB, "
                f"median {middle}"
            )
    for size, peak in list(zip(args.sizes, medians, strict=True))[1:]:
        print(f"peak PSS, {size} against {args.sizes[0]} articles: {peak / medians[0] - 1:+.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
