"""Peak memory of `kg ingest` (all its processes together) on 200 and on 2,000 articles.

    .venv/bin/python bench/memory.py [--sizes 200 2000] [--workers 2]

Runs `kg ingest` on the first N BBC articles into a fresh store, sampling the memory of the
process and its children every 0.2 s; reports the peak of their sum, and the rate. Two sums:
resident memory (RSS), which counts a page shared by forked processes (spaCy's model, loaded
before the workers fork) once in each, and the proportional share (PSS, each shared page split
among its sharers), which adds up to what the processes take from the machine together.
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

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "data" / "bbc-news"
KG = str(Path(sys.executable).parent / "kg")


def tree_memory(pid: int) -> tuple[int, int]:
    """Resident and proportional bytes (RSS, PSS) of a process and all its descendants."""
    rss = pss = 0
    todo = [pid]
    while todo:
        current = todo.pop()
        try:
            with open(f"/proc/{current}/smaps_rollup") as rollup:
                for line in rollup:
                    if line.startswith("Rss:"):
                        rss += int(line.split()[1]) * 1024
                    elif line.startswith("Pss:"):
                        pss += int(line.split()[1]) * 1024
            with open(f"/proc/{current}/task/{current}/children") as children:
                todo += [int(c) for c in children.read().split()]
        except OSError:
            continue
    return rss, pss


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 2000])
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    paths = sorted(CORPUS.rglob("*.txt"))
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as folder:
            inputs = Path(folder) / "inputs"
            inputs.mkdir()
            for path in paths[:size]:
                shutil.copy(path, inputs / f"{path.parent.name}-{path.name}")
            env = {**os.environ, "KG_WORKERS": str(args.workers)}
            started = time.monotonic()
            process = subprocess.Popen(
                [KG, "ingest", "-q", str(inputs), "--store", f"{folder}/s"],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            peak_rss = peak_pss = 0
            while process.poll() is None:
                rss, pss = tree_memory(process.pid)
                peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)
                time.sleep(0.2)
            seconds = time.monotonic() - started
            print(
                f"{size:5} articles: peak of all processes {peak_rss / 2**20:5.0f} MiB RSS, "
                f"{peak_pss / 2**20:5.0f} MiB PSS, "
                f"{seconds:6.1f} s, {size / seconds:5.1f} articles/s, exit {process.returncode}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
