"""What each stage of ingestion costs, against spaCy alone, on the same articles, in one run.

    .venv/bin/python bench/ingest.py [--articles 200] [--repeat 3] [--processes 1] [--quick]

Runs, best of --repeat each: spaCy alone (the trained pipeline as spacy.load gives it, over
each text: newskg's own copy has cheaper rule-based components, see
kg/extract/rule_components.py, so it is not the reference); the whole
ingestion into an in-memory store (reading, extraction, linking, mapping, writing), and into an
embedded store on disk, as `kg ingest` writes; the same in memory without event extraction, and
without linking; and the linker alone over the articles' extractions, and the time its links'
triples take to map and write (in this process, which whole runs' noise cannot blur). Prints
the shares events and linking add, and each run's CPU time: its process's (RocksDB's threads
included) and its worker processes'. With --quick only spaCy alone and ingestion in memory and
on disk run.

Each run is timed in a fresh Python process, as `kg ingest` runs, with the model loaded and a
first article processed before the clock starts: a run in this process would inherit what the
runs before it left (spaCy alone grows the model's string store by every word of the corpus,
and an ingestion's workers fork from that process), so the order of the runs would weigh on
them. The runs are interleaved, --repeat rounds of each in turn.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import spacy
from common import CORPUS

from kg.articles import ArticleError, read_article
from kg.config import Settings
from kg.extract.nlp import extract, load_pipeline
from kg.link import open_linker
from kg.model import Extraction
from kg.pipeline import ingest
from kg.rdf import Iris, article_graph, extraction_triples, kb_triples
from kg.store import BaseStore, ChildProcessStore, Store, add_to_batch, ntriples_line


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--processes", type=int, default=1, help="for spaCy and ingestion alike")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="only spaCy alone and ingestion in memory and on disk (no stage shares)",
    )
    parser.add_argument("--run", choices=RUNS, help=argparse.SUPPRESS)  # one run, in a child
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        _run(args.run, args.folder, args.processes)
        return 0
    if not CORPUS.is_dir():
        print(f"corpus not found: {CORPUS}", file=sys.stderr)
        return 2
    paths = []
    for path in sorted(CORPUS.rglob("*.txt")):
        try:
            read_article(path)
        except ArticleError:
            continue
        paths.append(path)
        if len(paths) == args.articles:
            break
    with tempfile.TemporaryDirectory() as folder:
        for path in paths:  # one folder, so each run reads the same files the same way
            (Path(folder) / f"{path.parent.name}-{path.name}").write_bytes(path.read_bytes())
        settings = Settings(store=":memory:", workers=args.processes)
        names = QUICK if args.quick else RUNS
        best: dict[str, float] = {}
        cpu: dict[str, tuple[float, float]] = {}  # the run's process's and its workers' CPU seconds
        for _ in range(args.repeat):
            for name in names:
                elapsed, own, workers = _in_a_fresh_process(name, Path(folder), args.processes)
                if elapsed < best.get(name, float("inf")):
                    best[name] = elapsed
                    cpu[name] = (own, workers)
        n = len(paths)
        print(f"{n} BBC articles, {args.processes} process(es), best of {args.repeat}:")
        for name, seconds in best.items():
            own, workers = cpu[name]
            print(
                f"  {name:27} {seconds:6.2f} s  {n / seconds:5.1f} articles/s  "
                f"CPU: main process {own:6.1f} s, workers {workers:6.1f} s"
            )
        if args.quick:
            _ratios(best)
            return 0
        # The linker alone, over the same articles' extractions, each pass with a fresh
        # knowledge-base connection as each ingestion has: the share the run-to-run noise of
        # whole runs cannot blur.
        nlp = load_pipeline(settings.spacy_model)
        articles = [read_article(p) for p in sorted(Path(folder).iterdir())]
        extractions = list(extract(nlp, articles))
        unlinked = [e for e in extractions if isinstance(e, Extraction)]
        linked: list[Extraction] = []
        for _ in range(args.repeat):
            linker = open_linker(settings)
            assert linker is not None
            start = time.perf_counter()
            linked = [replace(e, links=linker.link(e)) for e in unlinked]
            best["linker alone"] = min(
                best.get("linker alone", float("inf")), time.perf_counter() - start
            )
            # What the links add to the graphs written: their triples, mapped and stored.
            for name, batch in (("links' triples", linked), ("no links' triples", unlinked)):
                best[name] = min(best.get(name, float("inf")), _written(batch, settings))
    full = best["ingestion"]
    triples = max(0.0, best["links' triples"] - best["no links' triples"])
    print(f"  {'linker alone':27} {best['linker alone']:6.2f} s")
    print(f"  {'its links, mapped, written':27} {triples:6.2f} s")
    print(f"events add  {full / best['ingestion without events'] - 1:+.1%} to ingestion")
    print(f"linking adds {full / best['ingestion without linking'] - 1:+.1%} to ingestion")
    print(f"the linker alone takes {best['linker alone'] / full:.1%} of ingestion's time")
    print(
        f"the linker and its triples, in one process, take "
        f"{(best['linker alone'] + triples) / full:.1%} of ingestion's time"
    )
    _ratios(best)
    return 0


RUNS = (
    "spaCy alone",
    "ingestion",
    "ingestion, on-disk store",
    "ingestion without events",
    "ingestion without linking",
)
QUICK = RUNS[:3]


def _in_a_fresh_process(name: str, folder: Path, processes: int) -> tuple[float, float, float]:
    """One run in a new Python process: its seconds, and its CPU seconds and its workers'."""
    command = [sys.executable, __file__, "--run", name, "--folder", str(folder)]
    command += ["--processes", str(processes)]
    answer = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    result = json.loads(answer.strip().splitlines()[-1])
    return result["seconds"], result["own"], result["workers"]


def _written(extractions: list[Extraction], settings: Settings) -> float:
    """Seconds to map the extractions to triples and write them into an in-memory store, as
    `kg ingest` does (the articles' graphs and what they add to the knowledge-base graph)."""
    iris = Iris(settings.base_iri)
    store = Store()
    start = time.perf_counter()
    batch: dict[str, list[str]] = {}
    for extraction in extractions:
        lines = [ntriples_line(t) for t in extraction_triples(extraction, iris)]
        facts = {str(iris.kb_graph): map(ntriples_line, kb_triples(extraction, iris))}
        add_to_batch(batch, str(article_graph(extraction, iris)), lines, facts)
    store.add_graphs(batch)
    return time.perf_counter() - start


def _run(name: str, folder: Path, processes: int) -> None:
    """In the fresh process: load, process a first article (lazy loads: dateparser, the
    knowledge base), then time the run; print its figures as JSON."""
    settings = Settings(store=":memory:", workers=processes)
    if name == "spaCy alone":
        reference = spacy.load(settings.spacy_model)
    else:
        load_pipeline(settings.spacy_model)  # cached: the runs below find it loaded
    paths = sorted(folder.iterdir())
    texts = [read_article(p).text for p in paths]
    runs: dict[str, Callable[[list[Path], list[str]], object]] = {
        "spaCy alone": lambda _, ts: _spacy(reference, ts, processes),
        "ingestion": lambda ps, _: ingest(ps, Store(), settings),
        "ingestion, on-disk store": lambda ps, _: _into_a_fresh_folder(
            lambda store: ingest(ps, store, settings)
        ),
        "ingestion without events": lambda ps, _: ingest(
            ps, Store(), settings, skip=frozenset({"newskg_events"})
        ),
        "ingestion without linking": lambda ps, _: ingest(
            ps, Store(), replace(settings, kb="none")
        ),
    }
    runs[name](paths[:1], texts[:1])  # warm up
    before = _cpu_seconds()
    start = time.perf_counter()
    runs[name]([folder], texts)
    elapsed = time.perf_counter() - start
    after = _cpu_seconds()
    own, workers = after[0] - before[0], after[1] - before[1]
    print(json.dumps({"seconds": elapsed, "own": own, "workers": workers}))


def _ratios(best: dict[str, float]) -> None:
    print(f"ingestion / spaCy alone: {best['ingestion'] / best['spaCy alone']:.3f}")
    disk = best["ingestion, on-disk store"]
    print(f"ingestion on disk / spaCy alone: {disk / best['spaCy alone']:.3f}")


def _cpu_seconds() -> tuple[float, float]:
    """CPU seconds (user and system) of this process, and of its children that have ended."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def _into_a_fresh_folder(run: Callable[[BaseStore], object]) -> None:
    """`run` into an embedded store on disk, in a folder of its own, held by a child process
    as `kg ingest` holds it (its CPU counts with the workers', as an ended child's)."""
    with (
        tempfile.TemporaryDirectory() as folder,
        ChildProcessStore(Path(folder) / "store") as store,
    ):
        run(store)


def _spacy(nlp, texts: list[str], processes: int) -> None:  # type: ignore[no-untyped-def]
    for _doc in nlp.pipe(texts, batch_size=64, n_process=processes):
        pass


if __name__ == "__main__":
    sys.exit(main())
