"""The knowledge base on disk: SQLite, one set of tables per source, merged only when read.

Sources keep their own tables because their licences differ (a collection, not a merge: ODbL
and CC BY-SA rows never meet in one derived table). For each source ``S``:

- ``"S:items"``  qid, label, description, type (person, organization, place, event, other),
  popularity (the source's own measure), prior (popularity turned into [0, 1] within S)
- ``"S:names"``  key (a normalised name: label or alias; or, marked "=", the initials of an
  organisation's or a place's label: `acronym_key`), qid
- ``"S:claims"`` qid, property (P17, P27, P31, P39, P102, P106, P108, P131), value (a QID)
- ``"S:search"`` an FTS5 index of labels and aliases, for search and autocompletion

and the table ``sources`` lists them with their licence and row count.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol, TypeVar

COARSE_TYPES = ("person", "organization", "place", "event", "other")
CLAIM_PROPERTIES = ("P17", "P27", "P31", "P39", "P102", "P106", "P108", "P131")
# When sources disagree on an item's type, the more specific wins: the brand index lists
# countries as "organizations" (for their flags); a gazetteer knows they are places.
TYPE_PRECEDENCE = {"person": 0, "place": 1, "event": 2, "organization": 3, "other": 4}
# British and American spellings are one key: the BBC's "World Trade Organisation" is
# Wikidata's "World Trade Organization", its "Defence" and "Centre" are others' "Defense" and
# "Center".
_AMERICAN = {"isation": "ization", "isations": "izations", "centre": "center", "defence": "defense"}
_BRITISH_SPELLING = re.compile(r"(?<=\w)isations?\b|\bcentre\b|\bdefence\b")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "\u00a0": " "})


class KnowledgeBaseError(RuntimeError):
    """The knowledge base file is missing or not one."""


# The linker asks for the same names many times an article. Over 2,000 BBC articles this size
# missed 71,646 times, against 66,502 for 65,536 names, which were full by then and held, with
# the mapping's two caches, 13 MiB.
@lru_cache(maxsize=8_192)
def name_key(name: str) -> str:
    """How names are compared in the knowledge base: Unicode-normalised, casefolded, dots,
    possessives and a leading 'the' dropped ("the U.S." and "US" are one key), British
    spellings made American."""
    key = unicodedata.normalize("NFKC", name).translate(_QUOTES).casefold()
    key = re.sub(r"'s\b", "", key)
    key = re.sub(r"(?<=\w)\.(?=\w|$)|(?<=\w)\.(?=\s)", "", key)
    key = re.sub(r"[^\w&'+-]+", " ", key).strip()
    key = _BRITISH_SPELLING.sub(lambda m: _AMERICAN[m.group()], key)
    return key[4:] if key.startswith("the ") else key


# Names of an item derived at build time are stored beside its names under a marked key: an
# acronym ("FBI" for the Federal Bureau of Investigation) is tried only for a name that finds
# nothing. No name key has the mark: keys keep word characters, spaces and & ' + - only.
ACRONYM_MARK = "="


def acronym_key(acronym: str) -> str:
    """The key under which the knowledge base keeps the items an acronym may stand for."""
    return ACRONYM_MARK + name_key(acronym)


@dataclass(frozen=True)
class KbItem:
    """What the knowledge base knows of one Wikidata item, all sources together."""

    qid: str
    label: str
    description: str
    type: str
    prior: float
    sources: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    claims: tuple[tuple[str, str], ...] = field(default=())

    def related(self) -> set[str]:
        """The QIDs this item's claims point at."""
        return {value for _, value in self.claims}


class CandidateSource(Protocol):
    """What the linker asks of a knowledge base: items by name key, records by QID, and the
    countries (for nationality words)."""

    def qids_for(self, keys: Iterable[str], ask: bool = True) -> dict[str, set[str]]:
        """For each name key, the QIDs of the items that bear it; `ask`: whether a source
        beyond the local file (Wikidata's API) may be asked for the keys the file lacks."""
        ...

    def items(self, qids: Iterable[str]) -> dict[str, KbItem]: ...

    def countries(self) -> dict[str, KbItem]: ...

    def people_by_surname(self, surnames: Iterable[str]) -> dict[str, set[str]]: ...


def _merged_prior(priors: list[tuple[str, float]], type_: str) -> float:
    """One prior from several sources' percentiles: a hand-checked row (1.0) decides; else the
    prior of the sources that give the item its type (a gazetteer's population for a place,
    not a brand index's entry count for its flag)."""
    if max(p for _, p in priors) >= 1.0:
        return 1.0
    return max((p for t, p in priors if t == type_), default=0.0)


def table(source: str, kind: str) -> str:
    """The quoted name of one of a source's tables."""
    if not re.fullmatch(r"[A-Za-z0-9_.-]+", source):
        raise KnowledgeBaseError(f"bad source name {source!r}")
    return f'"{source}:{kind}"'


def _power_of_two(n: int) -> int:
    """The least power of two that is at least n."""
    return 1 << max(n - 1, 0).bit_length()


# Values bound to one statement of `KnowledgeBase._each_source` (SQLite takes at most 32,766
# parameters a statement, and every source repeats them). SQLite keeps each shape prepared, as
# large as its values: linking 600 BBC articles three times held 3 MiB more at 1,000 than at
# 128, in the same CPU time.
VALUES_PER_STATEMENT = 128
# Answers kept, the most recently asked: news names the same countries, cities and
# institutions article after article, and SQLite answering them again took 40% of the
# linker's time. Over 600 BBC articles these sizes ask it for 36% fewer values, in 1.2 MiB
# (16,384 and 4,096: 44% fewer, in 5.7 MiB); linking takes a quarter less CPU. A file is
# opened immutable, so a kept answer stays true.
NAMES_KEPT = 2_048
ITEMS_KEPT = 1_024
K = TypeVar("K")
V = TypeVar("V")


class Unknown(Enum):
    """What is kept for a QID that no source knows."""

    ITEM = 0


UNKNOWN = Unknown.ITEM


def _recall(kept: dict[K, V], key: K) -> V | None:
    """A kept answer, now the most recently asked; None if it is not kept."""
    value = kept.pop(key, None)
    if value is not None:
        kept[key] = value
    return value


def _keep(kept: dict[K, V], key: K, value: V, size: int) -> None:
    """Keep an answer, forgetting the least recently asked past `size`."""
    kept[key] = value
    if len(kept) > size:
        kept.pop(next(iter(kept)), None)


class KnowledgeBase:
    """Read access to a knowledge base file (thread- and process-safe: each opens its own)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        if not self.path.is_file():
            raise KnowledgeBaseError(
                f"no knowledge base at {self.path}: build one with `kg kb build`, or set KG_KB"
            )
        uri = f"file:{self.path}?mode=ro&immutable=1"
        self._db = sqlite3.connect(uri, uri=True, check_same_thread=False)
        self._statements: dict[tuple[str, int], str] = {}
        self._qids_named: dict[str, frozenset[str]] = {}
        self._items: dict[str, KbItem | Unknown] = {}
        self._surnamed: dict[str, frozenset[str]] = {}
        try:
            self.sources = [row[0] for row in self._db.execute("SELECT name FROM sources")]
        except sqlite3.DatabaseError as err:
            raise KnowledgeBaseError(f"{self.path} is not a newskg knowledge base: {err}") from None

    def close(self) -> None:
        self._db.close()

    def countries(self) -> dict[str, KbItem]:
        """The items that are countries: a gazetteer's "country, XX" rows, or an instance of
        country or sovereign state (P31) in a dump's."""
        qids: set[str] = set()
        for source in self.sources:
            items, claims = table(source, "items"), table(source, "claims")
            qids.update(
                row[0]
                for row in self._db.execute(
                    f"SELECT qid FROM {items} WHERE type = 'place' AND description LIKE 'country%'"
                )
            )
            qids.update(
                row[0]
                for row in self._db.execute(
                    f"SELECT qid FROM {claims} WHERE property = 'P31' "
                    "AND value IN ('Q6256', 'Q3624078')"
                )
            )
        return self.items(qids)

    def qids_for(self, keys: Iterable[str], ask: bool = True) -> dict[str, set[str]]:
        """For each name key, the QIDs of the items that bear it as a label or alias (the file
        is all there is to ask)."""
        found: dict[str, set[str]] = {}
        asked: dict[str, set[str]] = {}
        for key in dict.fromkeys(keys):
            kept = _recall(self._qids_named, key)
            if kept is None:
                found[key] = asked[key] = set()  # filled below, from the file
            else:
                found[key] = set(kept)
        if asked:
            select = "SELECT key, qid FROM {names} WHERE key IN ({marks})"
            for key, qid in self._each_source(select, list(asked)):
                asked[key].add(qid)
            for key, qids in asked.items():
                _keep(self._qids_named, key, frozenset(qids), NAMES_KEPT)
        return found

    def _each_source(self, select: str, values: list[str]) -> Iterator[tuple[Any, ...]]:
        """The rows of one SELECT over every source's tables (`{names}`, `{items}`... in
        `select`) for the values bound to `{marks}`, as one statement per chunk of values: a
        statement per source took a third of the linker's time, preparing and stepping."""
        for start in range(0, len(values), VALUES_PER_STATEMENT):
            chunk = values[start : start + VALUES_PER_STATEMENT]
            # Padded with its last value to a power of two, as `IN` ignores repeats: a few
            # shapes of statement instead of one per count, which SQLite's statement cache
            # (128 prepared statements, each as large as its values) held at 15 MiB.
            padded = min(_power_of_two(len(chunk)), VALUES_PER_STATEMENT)
            chunk += chunk[-1:] * (padded - len(chunk))
            statement = self._statement(select, len(chunk))
            yield from self._db.execute(statement, chunk * len(self.sources))

    def _statement(self, select: str, values: int) -> str:
        """`select` over every source for this many values, written once (a linker asks the
        same few shapes thousands of times)."""
        statement = self._statements.get((select, values))
        if statement is None:
            marks = ",".join("?" * values)
            statement = " UNION ALL ".join(
                select.format(
                    marks=marks,
                    source=f"'{source}'",
                    **{k: table(source, k) for k in ("names", "items", "claims", "aliases")},
                )
                for source in self.sources
            )
            # Kept whole: values come in powers of two (`_each_source`), a few shapes a SELECT.
            self._statements[(select, values)] = statement
        return statement

    def people_by_surname(self, surnames: Iterable[str]) -> dict[str, set[str]]:
        """For each surname key, the QIDs of the people whose label ends with it ("obama":
        "Barack Hussein Obama"); none for a word that is more often a first name."""
        found: dict[str, set[str]] = {}
        for surname in dict.fromkeys(surnames):
            if (kept := _recall(self._surnamed, surname)) is not None:
                found[surname] = set(kept)
                continue
            if not re.fullmatch(r"\w+", surname):
                found[surname] = set()
                continue
            last: set[str] = set()
            first: set[str] = set()
            for source in self.sources:
                search, items = table(source, "search"), table(source, "items")
                query = (
                    f"SELECT qid, label FROM {items} WHERE type = 'person' AND qid IN "
                    f"(SELECT qid FROM {search} WHERE {search} MATCH ?)"
                )
                for qid, label in self._db.execute(query, (f'"{surname}"',)):
                    words = name_key(label).split()
                    if words[-1:] == [surname]:
                        last.add(qid)
                    elif words[:1] == [surname]:
                        first.add(qid)
            # A word more people bear as their first name than as their surname ("John",
            # "David") names nobody in particular.
            found[surname] = last if len(last) >= len(first) else set()
            _keep(self._surnamed, surname, frozenset(found[surname]), NAMES_KEPT)
        return found

    def items(self, qids: Iterable[str]) -> dict[str, KbItem]:
        """The merged record of each QID any source knows."""
        known: dict[str, KbItem] = {}
        to_read: list[str] = []  # not kept: asked of the file
        for qid in dict.fromkeys(qids):
            kept = _recall(self._items, qid)
            if kept is None:
                to_read.append(qid)
            elif isinstance(kept, KbItem):
                known[qid] = kept
        if to_read:
            merged = self._read_items(to_read)
            for qid in to_read:
                _keep(self._items, qid, merged.get(qid, UNKNOWN), ITEMS_KEPT)
            known |= merged
        return known

    def _read_items(self, qids: list[str]) -> dict[str, KbItem]:
        """The merged records of the QIDs, read from every source's tables."""
        rows: dict[str, list[tuple[str, str, str, str, float]]] = {}
        aliases: dict[str, set[str]] = {}
        claims: dict[str, set[tuple[str, str]]] = {}
        select = (
            "SELECT {source}, qid, label, description, type, prior FROM {items} "
            "WHERE qid IN ({marks})"
        )
        for source, qid, label, description, type_, prior in self._each_source(select, qids):
            rows.setdefault(qid, []).append((source, label, description, type_, prior))
        select = "SELECT qid, property, value FROM {claims} WHERE qid IN ({marks})"
        for qid, prop, value in self._each_source(select, qids):
            claims.setdefault(qid, set()).add((prop, value))
        select = "SELECT qid, alias FROM {aliases} WHERE qid IN ({marks})"
        for qid, alias in self._each_source(select, qids):
            aliases.setdefault(qid, set()).add(alias)
        merged = {}
        for qid, found in rows.items():
            # The label and description of the source that knows the item best (highest
            # prior); the most specific type any source gives.
            best = max(found, key=lambda r: (r[4], bool(r[2])))
            type_ = min((r[3] for r in found), key=lambda t: TYPE_PRECEDENCE.get(t, 9))
            merged[qid] = KbItem(
                qid=qid,
                label=best[1],
                description=best[2] or next((r[2] for r in found if r[2]), ""),
                type=type_,
                prior=_merged_prior([(r[3], r[4]) for r in found], type_),
                sources=tuple(sorted({r[0] for r in found})),
                aliases=tuple(sorted(aliases.get(qid, set()) - {best[1]})),
                claims=tuple(sorted(claims.get(qid, set()))),
            )
        return merged

    def search(self, text: str, limit: int = 10) -> list[KbItem]:
        """Items whose label or alias matches the words (prefix search), most popular first."""
        words = re.findall(r"\w+", text)
        if not words:
            return []
        match = " ".join(f'"{w}"*' for w in words)
        qids: list[str] = []
        for source in self.sources:
            search = table(source, "search")
            query = f"SELECT qid FROM {search} WHERE {search} MATCH ? LIMIT ?"
            qids += [row[0] for row in self._db.execute(query, (match, limit * 3))]
        ranked = sorted(self.items(qids).values(), key=lambda item: -item.prior)
        return ranked[:limit]

    def stats(self) -> list[tuple[str, str, int]]:
        """(source, licence, items) for each source."""
        return list(self._db.execute("SELECT name, licence, items FROM sources ORDER BY name"))


def kb_qids(path: str | Path) -> Sequence[str]:
    """Every QID the knowledge base holds, for scoring what it can know."""
    kb = KnowledgeBase(path)
    qids: set[str] = set()
    for source in kb.sources:
        qids.update(row[0] for row in kb._db.execute(f"SELECT qid FROM {table(source, 'items')}"))
    kb.close()
    return sorted(qids, key=lambda q: int(q[1:]) if q[1:].isdigit() else 0)
