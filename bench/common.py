"""What the benchmarks share: the corpus, the virtualenv's commands, a free port, a wait."""

from __future__ import annotations

import socket
import sys
import time
import urllib.request
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "data" / "bbc-news"
BIN = Path(sys.executable).parent  # kg and oxigraph, installed beside this Python


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(url: str, seconds: float = 60) -> None:
    """Until the URL answers 200; exit when it never does."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"no answer from {url}")
