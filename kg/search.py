"""Full-text search over names, headlines and statements: SQLite FTS5 with the trigram
tokenizer (any part of a word, any case), kept in step with the store by content hash.

The index is a cache of the store, never a second source of truth: `sync` compares each
article's nk:contentHash with the one it indexed and re-reads only the articles that changed,
came or went, whoever wrote them (this process, another worker, a remote server).
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass

from kg.rdf import Iris
from kg.store import BaseStore, values_clause
from kg.vocab import NK_IRI, sparql_prefixes

ENTITY_KINDS = [NK_IRI + k for k in ("Person", "Organization", "Place")]
ARTICLE_KIND = NK_IRI + "Article"
STATEMENT_KIND = NK_IRI + "Statement"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
BATCH = 200  # articles read from the store per query while indexing

_SCHEMA = """
CREATE TABLE IF NOT EXISTS indexed (article TEXT PRIMARY KEY, hash TEXT NOT NULL);
CREATE VIRTUAL TABLE IF NOT EXISTS entries USING fts5(
    label, text, node UNINDEXED, kind UNINDEXED, article UNINDEXED, tokenize = 'trigram'
);
"""

_HASHES = (
    sparql_prefixes()
    + """
SELECT ?article ?hash WHERE {
  ?article a nk:Article . OPTIONAL { ?article nk:contentHash ?hash }
}"""
)

_HEADLINES = (
    sparql_prefixes()
    + """
SELECT ?article ?headline WHERE { VALUES_ARTICLES ?article schema:headline ?headline }"""
)

# Names as each article gives them, read in the article's own graph (one row a name, however
# many other articles repeat it).
_NAMES = (
    sparql_prefixes()
    + """
SELECT DISTINCT ?article ?node ?name WHERE {
  VALUES_ARTICLES
  ?article schema:mentions ?node .
  GRAPH ?articleGraph { ?node rdfs:label|skos:altLabel ?name }
}"""
)

_STATEMENTS = (
    sparql_prefixes()
    + """
SELECT ?article ?statement ?text ?speaker WHERE {
  VALUES_ARTICLES
  ?statement nk:reportedIn ?article ; schema:text ?text .
  OPTIONAL { ?statement nk:speaker ?speaker }
}"""
)


@dataclass(frozen=True)
class Hit:
    """One node that matches: a person, organisation, place, article or statement."""

    node: str
    kind: str
    label: str
    snippet: str
    articles: int


class SearchIndex:
    """An FTS5 index of one store; safe to share between threads."""

    def __init__(self, path: str = ":memory:", min_interval: float = 2.0) -> None:
        self._db = sqlite3.connect(path, check_same_thread=False)
        self._db.executescript(_SCHEMA)
        self._lock = threading.Lock()
        self._checked = 0.0
        self._refreshing = threading.Lock()
        self._built = bool(len(self))
        self.min_interval = min_interval

    def close(self) -> None:
        self._db.close()

    def sync(self, store: BaseStore, iris: Iris) -> int:
        """Re-index the articles whose content hash changed, drop those gone; returns how many
        articles changed. Searches go on meanwhile: the store is read outside the lock."""
        self._checked = time.monotonic()
        current = {r["article"]: r.get("hash", "") for r in store.select(_HASHES)}
        with self._lock:
            known = dict(self._db.execute("SELECT article, hash FROM indexed"))
        gone = [a for a in known if a not in current]
        stale = [a for a, h in current.items() if a not in known or known[a] != h]
        for start in range(0, len(stale), BATCH):
            batch = stale[start : start + BATCH]
            rows = _entries(store, batch, iris)
            with self._lock, self._db:
                self._forget(batch)
                self._db.executemany(
                    "INSERT INTO entries (label, text, node, kind, article) VALUES (?,?,?,?,?)",
                    rows,
                )
                self._db.executemany(
                    "INSERT OR REPLACE INTO indexed VALUES (?, ?)",
                    [(a, current[a]) for a in batch],
                )
        if gone:
            with self._lock, self._db:
                self._forget(gone)
        return len(stale) + len(gone)

    def sync_if_due(self, store: BaseStore, iris: Iris) -> None:
        """The first time, build the index (the caller waits); after that, at most every
        `min_interval` seconds, bring it in step in a background thread, so that a search never
        waits for the check (one query over every article's hash)."""
        if not self._built:
            with self._refreshing:
                if not self._built:
                    self.sync(store, iris)
                    self._built = True
            return
        if time.monotonic() - self._checked < self.min_interval:
            return
        if self._refreshing.acquire(blocking=False):
            self._checked = time.monotonic()

            def refresh() -> None:
                try:
                    self.sync(store, iris)
                finally:
                    self._refreshing.release()

            threading.Thread(target=refresh, name="search-sync", daemon=True).start()

    def _forget(self, articles: list[str]) -> None:
        marks = ",".join("?" * len(articles))
        self._db.execute(f"DELETE FROM entries WHERE article IN ({marks})", articles)
        self._db.execute(f"DELETE FROM indexed WHERE article IN ({marks})", articles)

    def search(self, words: str, limit: int = 50) -> list[Hit]:
        """Nodes whose name, headline or words contain every word given (any part of a word,
        any case); entities named in most articles first, then the best text matches."""
        terms = [w for w in words.split() if w]
        if not terms:
            return []
        if all(len(t) >= 3 for t in terms):
            where = "entries MATCH ?"
            argument: str = " AND ".join('"' + t.replace('"', '""') + '"' for t in terms)
            arguments: list[str] = [argument]
        else:  # a trigram index cannot look up one or two letters: scan instead
            where = " AND ".join("(label || ' ' || text) LIKE ? ESCAPE '\\'" for _ in terms)
            arguments = ["%" + _like(t) + "%" for t in terms]
        # entities named in most articles first, then the best text matches (FTS5's bm25 rank)
        rank = "MIN(rank)" if where.endswith("MATCH ?") else "NULL"
        sql = f"""
            SELECT node, kind, MIN(label), MIN(text), COUNT(DISTINCT article) AS articles
            FROM entries WHERE {where}
            GROUP BY node, kind
            ORDER BY (kind IN ({",".join("?" * len(ENTITY_KINDS))})) DESC, articles DESC,
                     {rank}, node
            LIMIT ?"""
        with self._lock:
            rows = self._db.execute(sql, [*arguments, *ENTITY_KINDS, limit]).fetchall()
        return [
            Hit(node, kind, label, _snippet(text or label, terms), articles)
            for node, kind, label, text, articles in rows
        ]

    def __len__(self) -> int:
        """How many articles the index holds."""
        return int(self._db.execute("SELECT COUNT(*) FROM indexed").fetchone()[0])


def _like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _snippet(text: str, terms: Iterable[str], width: int = 160) -> str:
    """The text around the first term found, at most `width` characters."""
    lowered = text.lower()
    at = min((i for t in terms if (i := lowered.find(t.lower())) >= 0), default=0)
    start = max(0, at - width // 3)
    piece = text[start : start + width]
    return ("…" if start else "") + piece + ("…" if start + width < len(text) else "")


def _entries(
    store: BaseStore, articles: list[str], iris: Iris
) -> list[tuple[str, str, str, str, str]]:
    """The index rows of these articles: (label, text, node, kind, article)."""
    values = values_clause("article", articles)
    rows: list[tuple[str, str, str, str, str]] = []
    for r in store.select(_HEADLINES.replace("VALUES_ARTICLES", values)):
        rows.append((r["headline"], "", r["article"], ARTICLE_KIND, r["article"]))
    prefix = str(iris.article(""))
    pairs = " ".join(f"(<{a}> <{iris.article_graph(a[len(prefix) :])}>)" for a in articles)
    names: dict[tuple[str, str], list[str]] = {}
    for r in store.select(
        _NAMES.replace("VALUES_ARTICLES", f"VALUES (?article ?articleGraph) {{ {pairs} }}")
    ):
        names.setdefault((r["article"], r["node"]), []).append(r["name"])
    kinds = store.first_values({n for _, n in names}, RDF_TYPE, among=ENTITY_KINDS)
    labels = store.first_values(kinds, RDFS_LABEL, prefer_graph=str(iris.kb_graph))
    for (article, node), found in names.items():
        if node in kinds:
            label = labels.get(node, found[0])
            others = sorted(set(found) - {label})
            rows.append((label, " · ".join(others), node, kinds[node], article))
    statements = store.select(_STATEMENTS.replace("VALUES_ARTICLES", values))
    speakers = store.first_values({r["speaker"] for r in statements if "speaker" in r}, RDFS_LABEL)
    for r in statements:
        speaker = speakers.get(r.get("speaker", ""), "")
        rows.append((speaker, r["text"], r["statement"], STATEMENT_KIND, r["article"]))
    return rows
