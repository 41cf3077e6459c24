"""Online linking against a local server on 127.0.0.1 that answers like Wikidata's API, with
real Wikidata records (../shared/data/wikidata-samples: 100 items of a dump, an API answer)."""

from __future__ import annotations

import bz2
import json
import threading
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from kg.config import Settings
from kg.link import KnowledgeBase, Linker, open_linker
from kg.link.build import build, dump_entities
from kg.link.kb import name_key
from kg.link.online import OnlineError, OnlineKnowledgeBase, WikidataApi, item_of
from kg.model import Article, Entity, Extraction, Mention, Section, Span
from tests.conftest import FIXTURES, ROOT

SAMPLES = ROOT.parent / "shared" / "data" / "wikidata-samples"
pytestmark = pytest.mark.skipif(not SAMPLES.is_dir(), reason="shared Wikidata samples absent")


def load_entities() -> dict[str, dict[str, Any]]:
    with bz2.open(SAMPLES / "sample_wikidata_items.json.bz2", "rt", encoding="utf-8") as lines:
        entities = {str(e["id"]): e for e in dump_entities(lines)}
    answer = json.loads((SAMPLES / "wbgetentities_response.json").read_text(encoding="utf-8"))
    entities.update(answer["entities"])
    return entities


class WikidataStub(ThreadingHTTPServer):
    """wbsearchentities (prefix match on English labels and aliases) and wbgetentities over
    the sample records; `faults` are statuses to answer first, `slow` a delay."""

    def __init__(self, entities: dict[str, dict[str, Any]]) -> None:
        super().__init__(("127.0.0.1", 0), StubHandler)
        self.entities = entities
        self.faults: list[tuple[int, str | None]] = []
        self.slow = 0.0
        self.seen: list[tuple[str, str]] = []  # (query string, User-Agent)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/w/api.php"

    def answer(self, params: dict[str, str]) -> dict[str, Any]:
        if params.get("action") == "wbsearchentities":
            wanted = params["search"].casefold()
            hits = []
            for qid, entity in self.entities.items():
                names = [entity.get("labels", {}).get("en", {}).get("value", "")]
                names += [a["value"] for a in entity.get("aliases", {}).get("en", [])]
                match = next((n for n in names if n and n.casefold().startswith(wanted)), None)
                if match:
                    hits.append({"id": qid, "label": names[0], "match": {"text": match}})
            limit = int(params.get("limit", "7"))
            return {
                "searchinfo": {"search": params["search"]},
                "search": hits[:limit],
                "success": 1,
            }
        if params.get("action") == "wbgetentities":
            ids = params["ids"].split("|")
            return {
                "entities": {q: self.entities.get(q, {"id": q, "missing": ""}) for q in ids},
                "success": 1,
            }
        return {"error": {"code": "badvalue", "info": "unknown action"}}


class StubHandler(BaseHTTPRequestHandler):
    server: WikidataStub

    def do_GET(self) -> None:
        query = urllib.parse.urlsplit(self.path).query
        self.server.seen.append((query, self.headers.get("User-Agent", "")))
        if self.server.slow:
            time.sleep(self.server.slow)
        if self.server.faults:
            status, retry_after = self.server.faults.pop(0)
            self.send_response(status)
            if retry_after:
                self.send_header("Retry-After", retry_after)
            self.end_headers()
            return
        params = dict(urllib.parse.parse_qsl(query))
        body = json.dumps(self.server.answer(params)).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def entities() -> dict[str, dict[str, Any]]:
    return load_entities()


@pytest.fixture
def stub(entities: dict[str, dict[str, Any]]) -> Iterator[WikidataStub]:
    server = WikidataStub(entities)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def api(stub: WikidataStub, tmp_path: Path, **options: Any) -> WikidataApi:
    settings = {"min_interval": 0.0, "backoff": 0.01, **options}
    return WikidataApi(tmp_path / "cache.sqlite", stub.url, **settings)


def test_searches_and_reads_items_like_wikidata(stub: WikidataStub, tmp_path: Path) -> None:
    client = api(stub, tmp_path)
    assert "Q456" in client.search("Lyon")
    (lyon,) = client.entities(["Q456"]).values()
    item = item_of(lyon)
    assert item is not None and item.label == "Lyon" and item.type == "place"
    assert 0.5 < item.prior <= 0.95  # 162 sitelinks
    assert client.entities(["Q999999999"]) == {}
    assert all(agent.startswith("newskg/") for _, agent in stub.seen)


def test_answers_are_cached_on_disk(stub: WikidataStub, tmp_path: Path) -> None:
    first = api(stub, tmp_path)
    first.search("Lyon")
    first.close()
    asked = len(stub.seen)
    again = api(stub, tmp_path)
    assert "Q456" in again.search("Lyon")
    assert len(stub.seen) == asked and again.requests == 0


def test_retries_on_429_and_5xx_and_obeys_retry_after(stub: WikidataStub, tmp_path: Path) -> None:
    stub.faults = [(429, "1"), (503, None)]
    started = time.monotonic()
    assert "Q456" in api(stub, tmp_path).search("Lyon")
    assert time.monotonic() - started >= 1.0  # the Retry-After of the 429
    assert len(stub.seen) == 3


def test_gives_up_with_a_clear_error(stub: WikidataStub, tmp_path: Path) -> None:
    stub.faults = [(500, None)] * 3
    with pytest.raises(OnlineError, match="after 3 tries: HTTP 500"):
        api(stub, tmp_path, retries=2).search("Lyon")
    stub.faults = [(403, None)]
    with pytest.raises(OnlineError, match="refused"):
        api(stub, tmp_path, retries=2).search("Paris")
    assert len(stub.seen) == 4  # a 403 is not retried
    stub.faults = []
    stub.slow = 0.5
    started = time.monotonic()
    with pytest.raises(OnlineError, match="after 2 tries"):
        api(stub, tmp_path, retries=1, timeout=0.1).search("Berlin")
    assert time.monotonic() - started < 2.0


def _article_naming(label: str, kind: str) -> Extraction:
    text = f"A visit\n\nOfficials from {label} met on Monday."
    at = text.index(label)
    entity = Entity(kind, label, (Mention(Span(at, at + len(label)), label, Span(0, len(text))),))  # type: ignore[arg-type]
    article = Article("visit.txt", text, sections=(Section("body", Span(9, len(text))),))
    return Extraction(article, (entity,))


def test_links_a_name_only_the_api_knows(
    stub: WikidataStub, tmp_path: Path, entities: dict[str, dict[str, Any]]
) -> None:
    # A small local knowledge base (the test tables), which lacks most sample items.
    build([FIXTURES / "kb"], tmp_path / "kb.sqlite")
    local = KnowledgeBase(tmp_path / "kb.sqlite")
    kinds = {"person": "Person", "organization": "Organization", "place": "Place"}
    unknown = [
        item
        for e in entities.values()
        if (item := item_of(e)) is not None
        and item.type in kinds
        and item.prior > 0.5
        and not local.qids_for([name_key(item.label)]).get(name_key(item.label))
    ]
    assert unknown, "the samples hold items the test knowledge base lacks"
    item = unknown[0]
    extraction = _article_naming(item.label, kinds[item.type])
    assert Linker(local).link(extraction) == ()  # offline: not known
    online = OnlineKnowledgeBase(KnowledgeBase(tmp_path / "kb.sqlite"), api(stub, tmp_path))
    (link,) = Linker(online).link(extraction)
    assert link.qid == item.qid and "label match" in link.reasons
    assert any("wikidata-api" in reason for reason in link.reasons)
    # Asked once: the same name again comes from the cache.
    asked = len(stub.seen)
    Linker(online).link(_article_naming(item.label, kinds[item.type]))
    assert len(stub.seen) == asked
    # A name the local knowledge base knows is never asked online, nor the forms the rules
    # derive from it ("Chicago City").
    Linker(online).link(_article_naming("Chicago", "Place"))
    assert len(stub.seen) == asked


def test_online_mode_is_off_unless_asked(stub: WikidataStub, tmp_path: Path) -> None:
    assert Settings().wikidata_online == 0
    offline = open_linker(Settings())
    assert offline is not None and isinstance(offline.kb, KnowledgeBase)
    settings = replace(
        Settings(),
        wikidata_online=1,
        wikidata_api=stub.url,
        wikidata_cache=str(tmp_path / "c.sqlite"),
    )
    online = open_linker(settings)
    assert online is not None and isinstance(online.kb, OnlineKnowledgeBase)
    assert online.kb.api.api == stub.url
