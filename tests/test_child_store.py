"""ChildProcessStore: an embedded store held by a child process that ingestion renews, so
that its memory does not grow with what it writes (`bench/memory.py` measures that)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from rdflib import Literal, URIRef

from kg.store import (
    COMPACTION_NICENESS,
    ChildProcessStore,
    QuerySyntaxError,
    Store,
    StoreError,
    ntriples_line,
)

G1, G2 = "http://example.org/graph/1", "http://example.org/graph/2"


def lines(n: int, value: str = "v") -> list[str]:
    return [
        ntriples_line((URIRef(f"http://example.org/s{i}"), URIRef("http://example.org/p"),
                       Literal(f"{value}{i}")))
        for i in range(n)
    ]  # fmt: skip


def test_it_answers_as_the_store_in_this_process_does(tmp_path: Path) -> None:
    with ChildProcessStore(tmp_path / "s") as store:
        store.add_graphs({G1: lines(3)})
        store.replace_graph_from_file(G2, _turtle(tmp_path))
        rows = store.select("SELECT ?g (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
        assert sorted((r["g"], r["n"]) for r in rows) == [(G1, "3"), (G2, "1")]
        assert store.ask("ASK { GRAPH ?g { ?s ?p 'v2' } }", g=G1)
        assert not store.ask("ASK { GRAPH ?g { ?s ?p 'v2' } }", g=G2)
        graph = store.construct("CONSTRUCT WHERE { ?s ?p 'v0' }", "application/n-triples")
        assert graph.decode().strip() == lines(1)[0]
        assert len(store) == 4 and store.graphs() == [G1, G2]
        with pytest.raises(QuerySyntaxError):
            store.select("SELECT WHERE")
        store.drop_graph(G2)
        assert len(store) == 3
    with Store(tmp_path / "s") as reopened:
        assert len(reopened) == 3


def test_batches_go_to_the_child_as_the_bulk_loader_reads_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kg.store as module

    monkeypatch.setattr(module, "BULK_LOAD_QUADS", 4)
    requests: list[str] = []
    call = ChildProcessStore._call

    def recorded(self: ChildProcessStore, request: str, *args: object, **streamed: Any) -> object:
        requests.append(request)
        return call(self, request, *args, **streamed)

    monkeypatch.setattr(ChildProcessStore, "_call", recorded)
    with ChildProcessStore(tmp_path / "s") as store:
        store.add_graphs({G1: lines(3), G2: lines(1, "x")})  # streamed to the bulk loader
        store.add_graphs({G2: lines(5, "w")})  # past BULK_LOAD_QUADS: one update
        rows = store.select("SELECT ?g (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    assert sorted((r["g"], r["n"]) for r in rows) == [(G1, "3"), (G2, "6")]
    assert [r for r in requests if r in ("bulk_load", "add_graphs")] == ["bulk_load", "add_graphs"]


def test_a_batch_that_fails_midway_adds_nothing_and_the_child_goes_on(tmp_path: Path) -> None:
    broken = {G1: lines(3), G2: ["<http://example.org/s> <http://example.org/p> broken ."]}
    with ChildProcessStore(tmp_path / "s") as store:
        child = store.pid
        with pytest.raises(StoreError, match="SyntaxError"):
            store.add_graphs(broken)
        store.add_graphs({G2: lines(2)})  # what followed the error was read past, not as requests
        assert store.pid == child
        assert store.graphs() == [G2] and len(store) == 2


def _turtle(tmp_path: Path) -> Path:
    path = tmp_path / "one.ttl"
    path.write_text("<http://example.org/a> <http://example.org/b> 'c' .")
    return path


def test_the_child_is_renewed_after_enough_writes_and_keeps_them(tmp_path: Path) -> None:
    with ChildProcessStore(tmp_path / "s", renew_after=2_000) as store:
        first = store.pid
        store.add_graphs({G1: lines(5)})
        store.flush()  # a few hundred bytes: the same child
        assert store.pid == first
        store.add_graphs({G2: lines(40, "w")})
        store.flush()  # past 2,000 bytes: that child has ended, the next request starts another
        assert store.pid is None
        assert len(store) == 45 and store.pid not in (None, first)


def _threads(pid: int) -> dict[int, tuple[str, int]]:
    """A process's threads: their names and nicenesses."""
    found = {}
    for thread in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{thread}/comm") as name:
            found[int(thread)] = (name.read().strip(), os.getpriority(os.PRIO_PROCESS, int(thread)))
    return found


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="threads' niceness: Linux")
def test_the_childs_compactions_wait_for_idle_cpu_and_nothing_else_does(tmp_path: Path) -> None:
    with ChildProcessStore(tmp_path / "s") as store:
        assert store.pid is not None
        threads, ours = _threads(store.pid), os.getpriority(os.PRIO_PROCESS, 0)
        compactions = [nice for name, nice in threads.values() if name.startswith("rocksdb:low")]
        assert compactions and set(compactions) == {COMPACTION_NICENESS}
        assert threads[store.pid][1] == ours  # requests: as ours
        flushes = [nice for name, nice in threads.values() if name.startswith("rocksdb:high")]
        assert set(flushes) <= {ours}  # a flush is waited for
        store.add_graphs({G1: lines(5)})
        assert len(store) == 5


# Renews the child while a forked copy of this process (as ingestion's workers are) holds the
# pipes to it: ending the child must not wait for an end of its requests' stream.
RENEWER = """
import os, sys, time
from kg.store import ChildProcessStore
store = ChildProcessStore(sys.argv[1], renew_after=1)
copy = os.fork()
if copy == 0:
    time.sleep(60)
    os._exit(0)
try:
    for n in range(3):
        store.update(f"INSERT DATA {{ <http://example.org/s{n}> <http://example.org/p> 1 }}")
        store.flush()
    print(len(store), flush=True)
    store.close()
finally:
    os.kill(copy, 9)
"""


def test_renewal_does_not_wait_on_forked_copies(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", RENEWER, str(tmp_path / "s")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "3"


def test_a_held_folder_is_refused_both_ways(tmp_path: Path) -> None:
    with ChildProcessStore(tmp_path / "s"), pytest.raises(StoreError, match="another kg process"):
        Store(tmp_path / "s")
    with Store(tmp_path / "s"), pytest.raises(StoreError, match="another kg process"):
        ChildProcessStore(tmp_path / "s")


# Opens the store, then forks a copy that holds the pipes to the child open, as ingestion's
# forked workers do: the child gets no end of its requests' stream when the parent dies.
HOLDER = """
import os, sys, time
from kg.store import ChildProcessStore
store = ChildProcessStore(sys.argv[1])
copy = os.fork()
if copy == 0:
    time.sleep(60)
    os._exit(0)
print(store.pid, copy, flush=True)
sys.stdin.read()
"""


def test_the_child_ends_with_its_parent(tmp_path: Path) -> None:
    parent = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(tmp_path / "s")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    assert parent.stdout is not None
    child, copy = map(int, parent.stdout.readline().split())
    try:
        parent.send_signal(signal.SIGKILL)  # no chance to close anything
        parent.wait(timeout=10)
        deadline = time.monotonic() + 5
        while _alive(child) and time.monotonic() < deadline:
            time.sleep(0.02)
        assert not _alive(child)
        with Store(tmp_path / "s") as store:  # and the lock went with it
            assert len(store) == 0
    finally:
        os.kill(copy, signal.SIGKILL)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A child that has ended but that nobody has reaped (its parent is gone) is a zombie.
    with open(f"/proc/{pid}/stat") as stat:
        return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
