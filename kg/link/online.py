"""Wikidata's API as a second source of candidates, for names the local knowledge base does not
know (off by default: KG_WIKIDATA_ONLINE=1).

`wbsearchentities` finds items by name, `wbgetentities` reads them (labels, aliases,
descriptions, P31 types, sitelinks, the relations the linker uses), and the records become
`KbItem`s the same way a dump's entities do. Every request carries a User-Agent that says who
asks (Wikimedia's policy), has a timeout, waits its turn (at most one request every
`min_interval` seconds a process), and is retried with backoff on 429, 5xx and network errors
(a Retry-After is obeyed). Answers are cached on disk (SQLite), so a name is asked once, and a
later run with the same cache links the same way offline.
"""

from __future__ import annotations

import json
import math
import sqlite3
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from kg import __version__
from kg.link.build import MAX_PRIOR, entity_row
from kg.link.kb import KbItem, KnowledgeBase, name_key

DEFAULT_API = "https://www.wikidata.org/w/api.php"
USER_AGENT = (
    f"newskg/{__version__} (knowledge graph of news; https://pypi.org/project/newskg/) "
    f"Python-urllib"
)
SOURCE = "wikidata-api"
SEARCH_LIMIT = 7  # candidates a name brings
GET_BATCH = 50  # the API's most ids a request
# Sitelinks to a prior: log-scaled, 300 sitelinks (a country) near the top.
PRIOR_SITELINKS = 300


class OnlineError(RuntimeError):
    """Wikidata's API did not answer after the retries."""


class WikidataApi:
    """A polite, cached client of Wikidata's API (the two read actions the linker needs)."""

    def __init__(
        self,
        cache: str | Path = ":memory:",
        api: str = DEFAULT_API,
        timeout: float = 10.0,
        retries: int = 3,
        min_interval: float = 0.2,
        backoff: float = 1.0,
    ) -> None:
        self.api = api
        self.timeout, self.retries = timeout, retries
        self.min_interval, self.backoff = min_interval, backoff
        if str(cache) != ":memory:":
            Path(cache).parent.mkdir(parents=True, exist_ok=True)
        # Worker processes share the file: SQLite's locking, and a wait for it.
        self._db = sqlite3.connect(str(cache), timeout=30, check_same_thread=False)
        self._db.execute("CREATE TABLE IF NOT EXISTS answers (url TEXT PRIMARY KEY, body TEXT)")
        self._lock = threading.Lock()
        self._last = 0.0
        self.requests = 0  # sent to the network, for tests and statistics

    def close(self) -> None:
        self._db.close()

    def search(self, name: str, limit: int = SEARCH_LIMIT) -> list[str]:
        """QIDs of the items whose label or alias matches the name, best first."""
        answer = self._get(
            {
                "action": "wbsearchentities",
                "search": name,
                "language": "en",
                "uselang": "en",
                "type": "item",
                "limit": str(limit),
                "format": "json",
            }
        )
        return [str(hit["id"]) for hit in answer.get("search", []) if "id" in hit]

    def entities(self, qids: Iterable[str]) -> dict[str, dict[str, Any]]:
        """The API's records of these items (missing ones left out)."""
        qids = list(dict.fromkeys(qids))
        found: dict[str, dict[str, Any]] = {}
        for start in range(0, len(qids), GET_BATCH):
            answer = self._get(
                {
                    "action": "wbgetentities",
                    "ids": "|".join(qids[start : start + GET_BATCH]),
                    "props": "labels|aliases|descriptions|claims|sitelinks",
                    "languages": "en",
                    "format": "json",
                }
            )
            for qid, entity in answer.get("entities", {}).items():
                if "missing" not in entity:
                    found[qid] = entity
        return found

    def _get(self, params: dict[str, str]) -> dict[str, Any]:
        url = self.api + "?" + urllib.parse.urlencode(sorted(params.items()))
        with self._lock:
            row = self._db.execute("SELECT body FROM answers WHERE url = ?", (url,)).fetchone()
        if row is not None:
            return dict(json.loads(row[0]))
        body = self._fetch(url)
        with self._lock, self._db:
            self._db.execute("INSERT OR REPLACE INTO answers VALUES (?, ?)", (url, body))
        return dict(json.loads(body))

    def _fetch(self, url: str) -> str:
        last_error = ""
        for attempt in range(self.retries + 1):
            with self._lock:  # one request at a time, spaced
                wait = self._last + self.min_interval - time.monotonic()
                if wait > 0:
                    time.sleep(wait)
                self._last = time.monotonic()
            delay = self.backoff * 2**attempt
            request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
            try:
                self.requests += 1
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    body = str(response.read().decode("utf-8"))
                json.loads(body)  # a broken answer is retried, never cached
                return body
            except urllib.error.HTTPError as err:
                last_error = f"HTTP {err.code}"
                if err.code != 429 and err.code < 500:
                    raise OnlineError(f"Wikidata's API refused {url}: {last_error}") from None
                after = err.headers.get("Retry-After", "")
                if after.isdigit():
                    delay = max(delay, float(after))
            except (OSError, ValueError) as err:  # timeouts, refused connections, bad JSON
                last_error = str(err) or type(err).__name__
            if attempt < self.retries:
                time.sleep(delay)
        raise OnlineError(
            f"Wikidata's API did not answer {url} after {self.retries + 1} tries: {last_error}"
        )


def _prior(sitelinks: float | None) -> float:
    if not sitelinks:
        return 0.0
    return min(MAX_PRIOR, math.log1p(sitelinks) / math.log1p(PRIOR_SITELINKS))


def item_of(entity: dict[str, Any]) -> KbItem | None:
    """The linker's record of an API entity (None for one with no English label)."""
    row = entity_row(entity)
    if row is None:
        return None
    return KbItem(
        qid=row.qid,
        label=row.label,
        description=row.description,
        type=row.type,
        prior=round(_prior(row.popularity), 4),
        sources=(SOURCE,),
        aliases=row.aliases,
        claims=row.claims,
    )


class OnlineKnowledgeBase:
    """The local knowledge base first; Wikidata's API for the names it has no item for."""

    def __init__(self, local: KnowledgeBase, api: WikidataApi) -> None:
        self.local, self.api = local, api
        self._fetched: dict[str, KbItem] = {}

    def close(self) -> None:
        self.local.close()
        self.api.close()

    def qids_for(self, keys: Iterable[str], ask: bool = True) -> dict[str, set[str]]:
        keys = list(dict.fromkeys(keys))
        found = self.local.qids_for(keys)
        missing = [k for k in keys if not found.get(k)]
        if not missing or not ask:
            return found
        asked = {key: self.api.search(key) for key in missing}
        records = {
            qid: item
            for qid, entity in self.api.entities(q for qids in asked.values() for q in qids).items()
            if (item := item_of(entity)) is not None
        }
        self._fetched.update(records)
        for key, qids in asked.items():
            # wbsearchentities matches prefixes too ("Lyo" finds Lyon): keep the items that
            # bear the name itself, as the local knowledge base does.
            named = {
                q
                for q in qids
                if q in records
                and key in {name_key(n) for n in (records[q].label, *records[q].aliases)}
            }
            if named:
                found[key] = named
        return found

    def countries(self) -> dict[str, KbItem]:
        return self.local.countries()

    def people_by_surname(self, surnames: Iterable[str]) -> dict[str, set[str]]:
        return self.local.people_by_surname(surnames)

    def items(self, qids: Iterable[str]) -> dict[str, KbItem]:
        qids = list(dict.fromkeys(qids))
        known = self.local.items(qids)
        for qid in qids:
            if qid not in known and qid in self._fetched:
                known[qid] = self._fetched[qid]
        return known
