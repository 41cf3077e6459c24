"""Peak memory of `kg ingest` (all its processes together) on 200 and on 2,000 articles.

    .venv/bin/python bench/memory.py [--sizes 200 2000] [--workers 2]

Runs `kg ingest` on the first N BBC articles into a fresh store, sampling the resident memory
of the process and its children every 0.2 s; reports the peak of their sum, and the rate.
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


def tree_rss(pid: int) -> int:
    """Resident bytes of a process and all its descendants (Linux /proc)."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            with open(f"/proc/{current}/status") as status:
                total += next(
                    int(line.split()[1]) * 1024 for line in status if line.startswith("VmRSS:")
                )
            with open(f"/proc/{current}/task/{current}/children") as children:
                todo += [int(c) for c in children.read().split()]
        except (OSError, StopIteration):
            continue
    return total


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
            peak = 0
            while process.poll() is None:
                peak = max(peak, tree_rss(process.pid))
                time.sleep(0.2)
            seconds = time.monotonic() - started
            print(
                f"{size:5} articles: peak {peak / 2**20:7.0f} MiB (all processes), "
                f"{seconds:6.1f} s, {size / seconds:5.1f} articles/s, exit {process.returncode}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
