"""The whole path as a user runs it: `kg ingest` and `kg serve` as processes, real HTTP."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import SEEDS

pytestmark = [pytest.mark.model, pytest.mark.e2e]

KG = shutil.which("kg", path=str(Path(sys.executable).parent)) or "kg"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    store = str(tmp_path_factory.mktemp("e2e") / "store")
    env = {**os.environ, "KG_STORE": store}
    ingest = subprocess.run(
        [KG, "ingest", str(SEEDS)], env=env, capture_output=True, text=True, timeout=300
    )
    assert ingest.returncode == 0, ingest.stderr
    assert "1 ingested, 0 failed" in ingest.stdout
    port = free_port()
    process = subprocess.Popen(
        [KG, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(url + "/", timeout=2).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(
                        f"server did not start: {process.stdout.read() if process.stdout else ''}"
                    ) from None
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


def sparql(url: str, query: str) -> dict[str, object]:
    data = urllib.parse.urlencode({"query": query}).encode()
    request = urllib.request.Request(
        url + "/sparql",
        data=data,
        headers={
            "Accept": "application/sparql-results+json",
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.headers["Content-Type"].startswith("application/sparql-results+json")
        return json.load(response)  # type: ignore[no-any-return]


def test_article_file_to_http_answer(server: str) -> None:
    answer = sparql(
        server,
        """
        PREFIX nk: <https://w3id.org/newskg/ns#> PREFIX schema: <http://schema.org/>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?headline ?author WHERE {
          ?a a nk:Article ; schema:identifier "000_0001cfc20b1d3929.txt" ;
             schema:headline ?headline ; schema:author/rdfs:label ?author }""",
    )
    (row,) = answer["results"]["bindings"]  # type: ignore[index]
    assert row["author"]["value"] == "Andrey Biryukov"
    assert row["headline"]["value"].startswith("The Kremlin says Putin")


def test_pages_over_http(server: str) -> None:
    with urllib.request.urlopen(server + "/article/000_0001cfc20b1d3929", timeout=30) as response:
        html = response.read().decode()
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    assert 'title="Person: Vladimir Putin"' in html
    request = urllib.request.Request(server + "/sparql?query=SELEC", headers={"Accept": "*/*"})
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(request, timeout=30)
    assert caught.value.code == 400
    assert caught.value.headers["Content-Type"].startswith("text/plain")
    assert caught.value.headers["Server"] == "newskg"  # waitress, not the debug server
