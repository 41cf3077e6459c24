"""Crash safety: `kg ingest` killed at random moments leaves every article graph complete or
absent, and running it again finishes the job with the same graph as an uninterrupted run."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import time
from pathlib import Path

import pytest

from kg.store import Store
from tests.conftest import ROOT
from tests.test_e2e import KG

pytestmark = [pytest.mark.model, pytest.mark.e2e]

CORPUS = ROOT.parent / "shared" / "data" / "bbc-news" / "politics"
KILLS = 20
PER_GRAPH = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"


def graphs(path: Path) -> dict[str, int]:
    with Store(path) as store:
        return {r["g"]: int(r["n"]) for r in store.select(PER_GRAPH) if "/graph/article/" in r["g"]}


def dump(path: Path) -> set[str]:
    with Store(path) as store:
        outcome = store.query("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }")
        return set(outcome.serialize("text/tab-separated-values").decode().splitlines())


@pytest.mark.skipif(not CORPUS.is_dir(), reason="shared BBC corpus absent")
def test_killed_ingestion_leaves_whole_graphs(tmp_path: Path) -> None:
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    for path in sorted(CORPUS.glob("*.txt"))[:40]:
        (inputs / path.name).write_bytes(path.read_bytes())
    # Batches of a few articles, so that kills land between writes as well as in them.
    env = {**os.environ, "KG_WORKERS": "1", "KG_WRITE_BATCH": "2000"}
    reference = tmp_path / "reference"
    subprocess.run(
        [KG, "ingest", "-q", str(inputs), "--store", str(reference)],
        env=env,
        check=True,
        capture_output=True,
        timeout=600,
    )
    expected = graphs(reference)
    assert len(expected) == 40
    # What real articles make keeps to the shapes (the seed alone is too tame a sample).
    checked = subprocess.run(
        [KG, "validate", "--store", str(reference)], capture_output=True, text=True, timeout=600
    )
    assert checked.returncode == 0, checked.stderr[-3000:]

    store = tmp_path / "store"
    chance = random.Random(20261126)
    seen_partial_runs = 0
    for _ in range(KILLS):
        process = subprocess.Popen(
            [KG, "ingest", "-q", str(inputs), "--store", str(store)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(chance.uniform(1.5, 6.0))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        found = graphs(store)
        for graph, count in found.items():
            assert count == expected[graph], (
                f"{graph} is half-written: {count} of {expected[graph]}"
            )
        seen_partial_runs += 0 < len(found) < len(expected)
    assert seen_partial_runs > 0  # the kills did land in the middle of the work
    subprocess.run(
        [KG, "ingest", "-q", str(inputs), "--store", str(store)],
        env=env,
        check=True,
        capture_output=True,
        timeout=600,
    )
    assert graphs(store) == expected
    assert dump(store) == dump(reference)
