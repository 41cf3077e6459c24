"""The production HTTP server: Granian (HTTP in Rust) runs the Flask app in a worker process.

Only Python's share of a request holds the interpreter lock; parsing HTTP, keeping connections
and writing answers do not, which doubles the rate of small queries against a pure-Python
server (BENCHMARKS.md). The worker opens the store itself: an embedded store is a RocksDB
folder that one process holds, and a handle must not cross a fork.
"""

from __future__ import annotations

import functools
import os
import threading

from flask import Flask
from granian.constants import Interfaces
from granian.log import LogLevels
from granian.server import Server

from kg.config import Settings


def default_threads() -> int:
    """Python threads that answer requests: one more than the cores. Measured on 2 cores
    (bench/endpoint.py), 3 threads answer 3,350 ASKs a second and 5 threads 2,160-2,450: more
    threads only contend for the interpreter lock. Each slow query holds a thread until its
    time limit, so a server that must run many at once wants more (`kg serve --threads`)."""
    return (os.cpu_count() or 1) + 1


def serve(settings: Settings, host: str, port: int, threads: int) -> None:
    """Serve the app until SIGINT or SIGTERM (then finish the requests in flight and return)."""
    server = Server(
        "web:create_app",  # named for Granian's logs; the app comes from the loader below
        address=host,
        port=port,
        interface=Interfaces.WSGI,
        workers=1,  # one process holds an embedded store
        blocking_threads=threads,
        log_level=LogLevels.warning,
        # A stop never hangs: a worker still busy (a query past its time limit keeps running
        # until its next write) is killed after this many seconds.
        workers_kill_timeout=10,
    )
    server.serve(target_loader=functools.partial(_worker_app, settings), wrap_loader=False)


def _worker_app(settings: Settings) -> Flask:
    """The app, built in the worker process: it opens the store, and builds the search index
    in the background while the first requests are answered."""
    from web import create_app
    from web.context import get_search

    app = create_app(settings=settings)

    def build_search_index() -> None:
        with app.app_context():
            get_search()

    threading.Thread(target=build_search_index, name="search-build", daemon=True).start()
    return app
