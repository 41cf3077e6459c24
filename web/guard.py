"""What the endpoint lets a query do: SERVICE only to allowed endpoints, updates only with the
token, and no query past its time limit."""

from __future__ import annotations

import queue
import re
import threading
from collections.abc import Callable, Iterable
from typing import Any, TypeVar, cast

from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.term import URIRef

T = TypeVar("T")
_SERVICE = re.compile(r"\bSERVICE\b", re.IGNORECASE)
_LOAD = re.compile(r"\bLOAD\b", re.IGNORECASE)


class Refused(Exception):
    """A request the endpoint will not run; the message says why (a 403)."""


def _services(node: Any, found: list[object]) -> None:
    if getattr(node, "name", None) == "ServiceGraphPattern":
        found.append(node.term)
    if isinstance(node, dict):
        for value in node.values():
            _services(value, found)
    elif isinstance(node, list | tuple):
        for value in node:
            _services(value, found)


def check_services(query: str, allowed: Iterable[str]) -> None:
    """Raise Refused when the query calls a SERVICE that is not allowed (or cannot be told)."""
    if not _SERVICE.search(query):
        return  # the common case, and cheap
    try:
        algebra = translateQuery(parseQuery(query)).algebra
    except Exception as err:  # rdflib's parser raises many kinds; any means "cannot tell"
        raise Refused(f"a query with SERVICE must be one newskg can check: {err}") from None
    targets: list[object] = []
    _services(algebra, targets)
    allow = set(allowed)
    for target in targets:
        if not isinstance(target, URIRef):
            raise Refused("SERVICE with a variable endpoint is not allowed")
        if str(target) not in allow:
            raise Refused(
                f"SERVICE <{target}> is not allowed; allowed: {', '.join(sorted(allow)) or 'none'}"
            )


def check_update(update: str) -> None:
    """Raise Refused for updates that would fetch from the network (LOAD)."""
    if _LOAD.search(update):
        try:
            parsed = parseUpdate(update)
        except Exception:
            parsed = None
        if parsed is None or any(getattr(r, "name", "") == "Load" for r in parsed.request):
            raise Refused("LOAD is not allowed through the endpoint: use kg ingest")


class DeadlineWriter:
    """A file-like sink that stops a query's serialisation once its deadline has passed: the
    query is evaluated lazily as its results are written, so stopping the writes stops it."""

    def __init__(self) -> None:
        self.chunks: list[bytes] = []
        self.cancelled = threading.Event()

    def write(self, data: bytes) -> int:
        if self.cancelled.is_set():
            raise TimeoutError("query cancelled at its time limit")
        self.chunks.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        return None

    def getvalue(self) -> bytes:
        return b"".join(self.chunks)


class PastTimeLimit(Exception):
    """A query's time limit passed before it was done."""


class QueryThreads:
    """A fixed set of threads that run queries, so that the request thread can stop waiting at
    the time limit. Leaner than a ThreadPoolExecutor (one lock per job, no futures): the hand-off
    is paid on every request, even a trivial ASK."""

    def __init__(self, count: int) -> None:
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._threads = [
            threading.Thread(target=self._work, name=f"query-{n}", daemon=True)
            for n in range(count)
        ]
        for thread in self._threads:
            thread.start()

    def run(self, work: Callable[[], T], timeout: float) -> T:
        """The value of `work()`, run on a query thread; PastTimeLimit once `timeout` seconds
        have passed (the work goes on until it stops itself)."""
        job: _Job = _Job(work)
        self._jobs.put(job)
        if not job.done.acquire(timeout=timeout):
            raise PastTimeLimit
        if job.error is not None:
            raise job.error
        return cast(T, job.value)

    def shutdown(self) -> None:
        """Stop the threads once the jobs queued so far are done, and wait for them."""
        for _ in self._threads:
            self._jobs.put(None)
        for thread in self._threads:
            thread.join()

    def _work(self) -> None:
        while (job := self._jobs.get()) is not None:
            try:
                job.value = job.work()
            except BaseException as err:  # handed to the waiting request thread
                job.error = err
            finally:
                del job.work  # what the work held is let go here, on this thread
                job.done.release()


class _Job:
    __slots__ = ("done", "error", "value", "work")

    def __init__(self, work: Callable[[], object]) -> None:
        self.work = work
        self.value: object = None
        self.error: BaseException | None = None
        self.done = threading.Lock()
        self.done.acquire()  # released when the job is done
