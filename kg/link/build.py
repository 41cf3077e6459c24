"""Building a knowledge base: from tables in the starter format, or from a Wikidata JSON dump.

A build writes a new file beside the target and renames it into place when it is complete,
so a failed or interrupted build never leaves a half-written knowledge base behind.
"""

from __future__ import annotations

import bz2
import csv
import gzip
import io
import json
import math
import os
import re
import sqlite3
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO

from kg.extract.entities import initials
from kg.link.kb import CLAIM_PROPERTIES, COARSE_TYPES, acronym_key, name_key, table

# Coarse types of the Wikidata classes news entities are most often instances of (P31).
# Items of other classes are "other" (kept when popular enough). Extend as needed.
CLASS_TYPES: dict[str, str] = {
    "Q5": "person",
    **dict.fromkeys(
        "Q6256 Q3624078 Q515 Q1549591 Q5119 Q486972 Q3957 Q532 Q35657 Q10864048 Q82794 Q23442"
        " Q8502 Q4022 Q165 Q1093829 Q13218630 Q15284 Q7930989 Q1637706 Q200250 Q3146899"
        " Q1620908 Q107390 Q34876 Q28575 Q149621 Q6465 Q5107 Q41176 Q12518 Q2221906 Q15642541"
        " Q1187811 Q7275 Q83116 Q46831 Q13406463 Q39614 Q1763527 Q1048835 Q56061".split(),
        "place",
    ),
    **dict.fromkeys(
        "Q43229 Q4830453 Q783794 Q891723 Q7278 Q484652 Q327333 Q2085381 Q1002697 Q11032"
        " Q15265344 Q476028 Q847017 Q6979593 Q3918 Q163740 Q2659904 Q1320047 Q17270000"
        " Q6881511 Q1589009 Q192350 Q1616075 Q1331793 Q4671277 Q7210356 Q167037 Q15911314"
        " Q210167 Q1058914 Q180846 Q2001305 Q431603 Q245065 Q1059478 Q12973014 Q11691"
        " Q35535 Q8413 Q1110684 Q1785733 Q4287745 Q18388277 Q178706".split(),
        "organization",
    ),
    **dict.fromkeys(
        "Q1656682 Q198 Q178561 Q40231 Q18608583 Q2761147 Q27020041 Q16510064 Q1190554"
        " Q13406554 Q500834 Q645883 Q831663 Q1079023 Q3839081 Q350604 Q124757 Q1371150"
        " Q7888355 Q47566 Q24336466 Q625994 Q132241 Q15275719 Q46970 Q2627975".split(),
        "event",
    ),
}
# Hand-checked rows of a table carry the strongest prior: they are there because news
# mentions them constantly.
HAND_CHECKED = "hand-checked"
DEFAULT_PRIOR = 0.5
# Percentiles of ordinary rows stay below the hand-checked ones' 1.0.
MAX_PRIOR = 0.95
BATCH = 5000


@dataclass(frozen=True)
class Row:
    """One item of one source, before its prior is known."""

    qid: str
    label: str
    aliases: tuple[str, ...]
    description: str
    type: str
    popularity: float | None
    hand_checked: bool = False
    claims: tuple[tuple[str, str], ...] = ()


def _schema(db: sqlite3.Connection, source: str) -> None:
    db.executescript(
        f"""
        CREATE TABLE {table(source, "items")} (qid TEXT PRIMARY KEY, label TEXT,
            description TEXT, type TEXT, popularity REAL, prior REAL);
        CREATE TABLE {table(source, "names")} (key TEXT, qid TEXT);
        CREATE TABLE {table(source, "aliases")} (qid TEXT, alias TEXT);
        CREATE TABLE {table(source, "claims")} (qid TEXT, property TEXT, value TEXT);
        CREATE VIRTUAL TABLE {table(source, "search")} USING fts5(qid UNINDEXED, names);
        """
    )


def latin(name: str) -> bool:
    """Whether every letter of a name is in Latin script (accents allowed): the linker reads
    English text, and names in other scripts would only weigh the file down."""
    return all(
        not ch.isalpha() or ch.isascii() or "LATIN" in unicodedata.name(ch, "") for ch in name
    )


# A description that says the item is a place ("city and county seat of …", "island country
# in East Asia"): brand and operator lists carry cities and countries typed as organisations.
PLACE_DESCRIPTION = re.compile(
    r"^(?:[\w.-]+ ){0,3}?(?:(?:county )?seat of|(?:city(?:-county)?|town|village|country|county"
    r"|capital|municipality|borough|island|commune|metropolis|continent)\b"
    r"(?! (?:council|government|hall|administration|police|department|club|team)))",
    re.IGNORECASE,
)
# A company's legal form after its name: "Apple Inc." is "Apple" in the news.
LEGAL_FORM = re.compile(
    r",? (?:Inc\.?|Incorporated|Corp\.?|Corporation|Co\.|Ltd\.?|Limited|plc|PLC|LLC|L\.L\.C\."
    r"|AG|SE|S\.A\.|N\.V\.|GmbH|Holdings)$"
)


# Tables join a name's alternatives with slashes: spaced between names ("Free Trade Party /
# Anti-Socialist Party"), bare between short names ("GOP/Grand/Old/Party", "PC/PCA"), where
# only the acronyms are names.
SPACED_SLASH = re.compile(r"\s+/+\s+")
ACRONYM = re.compile(r"[A-Z][A-Z&]{1,7}")


def alias_names(alias: str) -> list[str]:
    """The names a table's alias cell holds: itself and the alternatives it joins."""
    names = [alias]
    for part in SPACED_SLASH.split(alias):
        pieces = part.split("/")
        names += [part] if len(pieces) == 1 else [p for p in pieces if ACRONYM.fullmatch(p)]
    return list(dict.fromkeys(n for n in names if len(n) > 1))


def corrected(row: Row) -> Row:
    """A row's type and names as news needs them: an "organisation" that its description calls
    a city or country is a place; a company is also known without its legal form."""
    if row.type == "organization" and PLACE_DESCRIPTION.match(row.description):
        row = replace(row, type="place")
    short = LEGAL_FORM.sub("", row.label) if row.type == "organization" else row.label
    if short and short != row.label and short not in row.aliases:
        row = replace(row, aliases=(*row.aliases, short))
    return row


def _names(row: Row) -> list[str]:
    names = [row.label, *(a for a in row.aliases if latin(a))]
    return [n for n in dict.fromkeys(names) if n and name_key(n)]


def _acronyms(row: Row) -> set[str]:
    """The acronyms of three to six letters an organisation's or a place's label would have,
    its minor words left out and kept ("Organisation of Islamic Cooperation": OIC and OOIC;
    "Bank of Japan": BOJ), with its legal form and without ("... Corporation"); never a "the"."""
    if row.type not in ("organization", "place"):
        return set()
    found = set()
    for label in {row.label, LEGAL_FORM.sub("", row.label)}:  # "... Corporation": both
        words = [w for w in label.split() if w.casefold() != "the"]
        found.add(initials(" ".join(words)))
        if len(words) > 1 and all(w[0].isalpha() for w in words):
            found.add("".join(w[0] for w in words).upper())
    return {a for a in found if 3 <= len(a) <= 6}


def _write(db: sqlite3.Connection, source: str, rows: Iterable[Row]) -> int:
    """Insert a source's rows in batches (bounded memory); returns how many."""
    count = 0
    batch: list[Row] = []

    def flush() -> None:
        db.executemany(
            f"INSERT OR IGNORE INTO {table(source, 'items')} VALUES (?, ?, ?, ?, ?, NULL)",
            [(r.qid, r.label, r.description, r.type, r.popularity) for r in batch],
        )
        if any(r.hand_checked for r in batch):
            db.executemany(
                f"UPDATE {table(source, 'items')} SET prior = 1.0 WHERE qid = ?",
                [(r.qid,) for r in batch if r.hand_checked],
            )
        db.executemany(
            f"INSERT INTO {table(source, 'names')} VALUES (?, ?)",
            {(name_key(n), r.qid) for r in batch for n in _names(r)}
            | {(acronym_key(a), r.qid) for r in batch for a in _acronyms(r)},
        )
        db.executemany(
            f"INSERT INTO {table(source, 'aliases')} VALUES (?, ?)",
            [(r.qid, a) for r in batch for a in r.aliases if a != r.label and latin(a)],
        )
        db.executemany(
            f"INSERT INTO {table(source, 'claims')} VALUES (?, ?, ?)",
            [(r.qid, p, v) for r in batch for p, v in r.claims],
        )
        db.executemany(
            f"INSERT INTO {table(source, 'search')} VALUES (?, ?)",
            [(r.qid, " ".join(_names(r))) for r in batch],
        )
        batch.clear()

    for row in rows:
        batch.append(corrected(row))
        count += 1
        if len(batch) >= BATCH:
            flush()
    flush()
    return count


def _priors(db: sqlite3.Connection, source: str) -> None:
    """Popularity as a percentile within the source (its units mean nothing elsewhere)."""
    items = table(source, "items")
    ranked = db.execute(
        f"SELECT qid, popularity FROM {items} WHERE popularity IS NOT NULL AND prior IS NULL "
        "ORDER BY popularity"
    ).fetchall()
    db.executemany(f"UPDATE {items} SET prior = ? WHERE qid = ?", _percentiles(ranked))
    db.execute(f"UPDATE {items} SET prior = ? WHERE prior IS NULL", (DEFAULT_PRIOR,))


def _percentiles(ranked: list[tuple[str, float]]) -> list[tuple[float, str]]:
    """Each item's prior from its rank by popularity (lowest first), in [0.1, MAX_PRIOR]. Items
    of equal popularity share the rank of the first of them: a source that gives most of its
    rows the same, lowest measure (a brand table's one entry) ranks them all as its least
    known, and the order they were read in does not decide."""
    n = len(ranked)
    first: dict[float, int] = {}  # each popularity's first rank
    for rank, (_, popularity) in enumerate(ranked, 1):
        first.setdefault(popularity, rank)
    return [(round(0.1 + (MAX_PRIOR - 0.1) * first[p] / n, 4), qid) for qid, p in ranked]


def _index(db: sqlite3.Connection, source: str) -> None:
    name = source.replace("-", "_").replace(".", "_")
    db.execute(f'CREATE INDEX "{name}_names_key" ON {table(source, "names")} (key)')
    db.execute(f'CREATE INDEX "{name}_aliases_qid" ON {table(source, "aliases")} (qid)')
    db.execute(f'CREATE INDEX "{name}_claims_qid" ON {table(source, "claims")} (qid)')


# ------------------------------------------------------------------ tables (starter format)


def _licence(folder: Path) -> str:
    text = (
        (folder / "SOURCE.md").read_text(encoding="utf-8")
        if (folder / "SOURCE.md").exists()
        else ""
    )
    for line in text.splitlines():
        if "licen" in line.lower() and ":" in line:
            return re.sub(r"[*`_]", "", line.split(":", 1)[1]).strip()[:200]
    return "see the source's SOURCE.md"


def table_rows(path: Path) -> Iterator[Row]:
    """Rows of an entities.tsv in the starter format (see shared/data/kb/README.md).

    A QID on a second row under another name is the row above's QID carried down (a gazetteer
    gives "Ar Rumaythah", "Ar Rutbah" and "Arbil" one QID): that row is left out, or every name
    of the run would find the first row's item. Under the same name it is the same item in
    another role (a city that is also a region) and is kept."""
    first_name: dict[str, str] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        for record in reader:
            qid = (record.get("qid") or "").strip()
            if not re.fullmatch(r"Q[1-9]\d*", qid):
                continue
            name = name_key(record.get("label") or "")
            if first_name.setdefault(qid, name) != name:
                continue
            type_ = (record.get("type") or "other").strip()
            popularity = (record.get("popularity") or "").strip()
            yield Row(
                qid=qid,
                label=(record.get("label") or "").strip(),
                aliases=tuple(
                    dict.fromkeys(
                        name
                        for a in (record.get("aliases") or "").split("|")
                        for name in alias_names(a.strip())
                    )
                ),
                description=(record.get("description") or "").strip(),
                type="person" if type_ == "human" else type_ if type_ in COARSE_TYPES else "other",
                popularity=float(popularity) if _number(popularity) else None,
                hand_checked=(record.get("source") or "").strip() == HAND_CHECKED,
            )


def _number(text: str) -> bool:
    try:
        return math.isfinite(float(text))
    except ValueError:
        return False


def table_sources(path: Path) -> list[tuple[str, Path]]:
    """(source name, entities.tsv) for a table folder or a folder of table folders."""
    if (path / "entities.tsv").is_file():
        return [(path.name, path / "entities.tsv")]
    return [(p.parent.name, p) for p in sorted(path.glob("*/entities.tsv"))]


# ------------------------------------------------------------------ Wikidata JSON dump


def open_dump(path: Path) -> IO[str]:
    """A dump as text, whatever its compression (.bz2, .gz or plain)."""
    if path.suffix == ".bz2":
        return io.TextIOWrapper(bz2.open(path, "rb"), encoding="utf-8")
    if path.suffix == ".gz":
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8")
    return path.open(encoding="utf-8")


def dump_entities(lines: Iterable[str]) -> Iterator[dict[str, object]]:
    """Entities of a dump, one per line: `[`, `{...},` lines, `]` (or bare JSON lines)."""
    for line in lines:
        line = line.strip().rstrip(",")
        if line in ("", "[", "]"):
            continue
        yield json.loads(line)


def _english(values: object) -> str:
    if not isinstance(values, dict):
        return ""
    for language in ("en", "en-gb", "en-us", "en-ca"):
        entry = values.get(language)
        if isinstance(entry, dict):
            return str(entry.get("value", ""))
    return ""


def _item_values(claims: dict[str, list[dict[str, object]]], prop: str) -> list[str]:
    values = []
    for statement in claims.get(prop, []):
        snak = statement.get("mainsnak")
        if not isinstance(snak, dict) or statement.get("rank") == "deprecated":
            continue
        value = (
            snak.get("datavalue", {}).get("value")
            if isinstance(snak.get("datavalue"), dict)
            else None
        )
        if isinstance(value, dict) and isinstance(value.get("id"), str):
            values.append(value["id"])
    return values


def entity_row(entity: dict[str, object]) -> Row | None:
    """The knowledge-base row of a dump entity (None for non-items or items with no English)."""
    qid = entity.get("id")
    if entity.get("type") != "item" or not isinstance(qid, str):
        return None
    label = _english(entity.get("labels"))
    if not label:
        return None
    raw_aliases = entity.get("aliases")
    aliases = []
    if isinstance(raw_aliases, dict):
        for language in ("en", "en-gb", "en-us"):
            aliases += [a["value"] for a in raw_aliases.get(language, []) if isinstance(a, dict)]
    claims = entity.get("claims") if isinstance(entity.get("claims"), dict) else {}
    assert isinstance(claims, dict)
    classes = _item_values(claims, "P31")
    types = [CLASS_TYPES[c] for c in classes if c in CLASS_TYPES]
    sitelinks = entity.get("sitelinks")
    return Row(
        qid=qid,
        label=label,
        aliases=tuple(dict.fromkeys(a for a in aliases if a != label)),
        description=_english(entity.get("descriptions")),
        type=types[0] if types else "other",
        popularity=float(len(sitelinks)) if isinstance(sitelinks, dict) else 0.0,
        claims=tuple((p, v) for p in CLAIM_PROPERTIES for v in _item_values(claims, p)),
    )


def dump_rows(path: Path, min_sitelinks: int) -> Iterator[Row]:
    """The rows of a dump worth keeping, streamed."""
    with open_dump(path) as lines:
        for entity in dump_entities(lines):
            row = entity_row(entity)
            if row is not None and keep(row, min_sitelinks):
                yield row


def keep(row: Row, min_sitelinks: int) -> bool:
    """Whether a dump item earns a place: known type and some fame, or much fame."""
    fame = row.popularity or 0.0
    return fame >= min_sitelinks and (row.type != "other" or fame >= 10 * max(min_sitelinks, 1))


# ------------------------------------------------------------------ the build


def build(
    sources: Iterable[Path],
    out: Path,
    min_sitelinks: int = 1,
    progress: Callable[[str, Iterator[Row]], Iterator[Row]] | None = None,
) -> list[tuple[str, int]]:
    """Build a knowledge base from table folders and dump files; returns (source, items)."""
    tmp = out.with_name(out.name + ".part")
    tmp.unlink(missing_ok=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(tmp)
    db.execute("PRAGMA journal_mode = OFF")
    db.execute("PRAGMA synchronous = OFF")
    db.execute("CREATE TABLE sources (name TEXT PRIMARY KEY, licence TEXT, items INTEGER)")
    built: list[tuple[str, int]] = []
    try:
        for path in sources:
            parts: list[tuple[str, Iterator[Row], str]]
            if path.is_dir():
                parts = [
                    (name, table_rows(tsv), _licence(tsv.parent))
                    for name, tsv in table_sources(path)
                ]
            else:
                parts = [("wikidata", dump_rows(path, min_sitelinks), "CC0 1.0 (Wikidata)")]
            for name, rows, licence in parts:
                _schema(db, name)
                count = _write(db, name, progress(name, rows) if progress else rows)
                _priors(db, name)
                _index(db, name)
                db.execute("INSERT INTO sources VALUES (?, ?, ?)", (name, licence, count))
                db.commit()
                built.append((name, count))
        db.execute("VACUUM")
        db.close()
        os.replace(tmp, out)
    except BaseException:
        db.close()
        tmp.unlink(missing_ok=True)
        raise
    return built
