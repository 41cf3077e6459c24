"""JSON and JSON Lines: one article per record, with field names the user can set.

A `.json` file holds one record or a list of them; a `.jsonl`/`.ndjson` file one record a line.
A record without text is reported by file and line (or index), and the others go on.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO

import ijson  # type: ignore[import-untyped]

from kg.articles.errors import ArticleError, check_length
from kg.articles.html import _names, _published
from kg.model import Article, NamedSpan, Section, Span


@dataclass(frozen=True)
class RecordFields:
    """Which fields of a record hold what; each a list of names, the first present wins."""

    text: tuple[str, ...] = ("text", "body", "content", "articleBody", "article")
    title: tuple[str, ...] = ("title", "headline")
    date: tuple[str, ...] = ("date", "published", "datePublished", "publication_date", "pubDate")
    author: tuple[str, ...] = ("author", "authors", "byline")
    id: tuple[str, ...] = ("id", "identifier", "guid", "url")
    description: tuple[str, ...] = ("description", "summary", "standfirst")
    url: tuple[str, ...] = ("url", "link")
    language: tuple[str, ...] = ("language", "lang", "inLanguage")


def _first(record: dict[str, Any], names: tuple[str, ...]) -> Any:
    return next((record[n] for n in names if record.get(n) not in (None, "", [])), None)


def record_article(record: object, fields: RecordFields, identifier: str, source: str) -> Article:
    """An Article from one record; ArticleError when it has no text."""
    if not isinstance(record, dict):
        raise ArticleError(source, "a record is not a JSON object")
    body = _first(record, fields.text)
    if not isinstance(body, str) or not body.strip():
        raise ArticleError(source, f"no text in any of the fields {', '.join(fields.text)}")
    check_length(body, source)
    title = _first(record, fields.title)
    headline = title.strip() if isinstance(title, str) and title.strip() else None
    authors = _names(_first(record, fields.author))
    pieces: list[tuple[str, str]] = []
    if headline:
        pieces.append(("headline", headline))
    if authors:
        pieces.append(("byline", "By " + " and ".join(authors)))
    pieces += [("body", p.strip()) for p in body.split("\n\n") if p.strip()]
    text, sections = "", []
    for kind, words in pieces:
        text += "\n\n" if text else ""
        sections.append(Section(kind, Span(len(text), len(text) + len(words))))  # type: ignore[arg-type]
        text += words
    named, cursor = [], 0
    for name in authors:
        at = text.find(name, cursor)
        if at >= 0:
            named.append(NamedSpan(name, Span(at, at + len(name))))
            cursor = at + len(name)
    date_value = _first(record, fields.date)
    description = _first(record, fields.description)
    url = _first(record, fields.url)
    language = _first(record, fields.language)
    return Article(
        identifier=identifier,
        text=text,
        headline=headline,
        description=description if isinstance(description, str) else None,
        published=_published(str(date_value)) if date_value is not None else None,
        authors=tuple(named),
        sections=tuple(sections),
        source_format="application/json",
        url=url if isinstance(url, str) else None,
        language=language if isinstance(language, str) else None,
    )


def _identifier(record: object, fields: RecordFields, fallback: str) -> str:
    if isinstance(record, dict):
        value = _first(record, fields.id)
        if isinstance(value, str | int) and str(value).strip():
            return str(value).strip()
    return fallback


def read_record_lines(
    lines: Iterable[tuple[int, str] | ArticleError], name: str, source: str, fields: RecordFields
) -> Iterator[Article | ArticleError]:
    """Every record of JSON Lines, given numbered (or as the error that stops a line), as an
    Article or the error that stops it."""
    for item in lines:
        if isinstance(item, ArticleError):
            yield item
            continue
        number, line = item
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            yield ArticleError(source, f"not JSON: {err.msg}", number)
            continue
        try:
            yield record_article(
                record, fields, _identifier(record, fields, f"{name}#{number}"), source
            )
        except ArticleError as err:
            yield ArticleError(source, err.reason, number)


class _PieceFeed:
    """Numbered pieces of a JSON text as the file a streaming parser reads, a piece at each
    read, so that a parse error lies in the piece read last; an error among them stops it."""

    def __init__(self, pieces: Iterable[tuple[int, bytes] | ArticleError]) -> None:
        self._pieces = iter(pieces)
        self._ahead: list[bytes] = []
        self.line = 1

    def read(self, size: int = -1) -> bytes:
        if size == 0:  # ijson's probe of what the file gives, bytes or str
            return b""
        if self._ahead:
            return self._ahead.pop()
        item = next(self._pieces, None)
        if item is None:
            return b""
        if isinstance(item, ArticleError):
            raise item
        self.line, piece = item
        return piece

    def first_character(self) -> bytes:
        """The first byte that is not white space (b"" when none), left to be read."""
        while piece := self.read():
            if piece.strip():
                self._ahead.append(piece)
                return piece.strip()[:1]
        return b""


def read_json_records(
    pieces: Iterable[tuple[int, bytes] | ArticleError],
    name: str,
    source: str,
    fields: RecordFields,
) -> Iterator[Article | ArticleError]:
    """Every record of a JSON text (one record or a list), given as UTF-8 pieces numbered by
    the line each starts on, as an Article or the error that stops it. The list is parsed as
    it is read (ijson), so a file of any size takes the memory of one record; a record is named
    `name#N`, or `name` when it is the only one. A parse error stops the file at its line,
    after the records before it."""

    def article(record: object, index: int, only: bool) -> Article | ArticleError:
        try:
            fallback = name if only else f"{name}#{index}"
            return record_article(record, fields, _identifier(record, fields, fallback), source)
        except ArticleError as err:
            return ArticleError(source, f"record {index}: {err.reason}")

    feed = _PieceFeed(pieces)
    index = 0
    held: list[object] = []  # one record ahead, to know whether the first is the only one
    stop: ArticleError | None = None
    try:
        prefix = "item" if feed.first_character() == b"[" else ""
        for record in ijson.items(feed, prefix, use_float=True):
            held.append(record)
            if len(held) == 2:
                index += 1
                yield article(held.pop(0), index, only=False)
    except ArticleError as err:
        stop = err
    except ijson.JSONError as err:
        reason = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        stop = ArticleError(source, f"not JSON: {reason}", feed.line)
    if held:
        index += 1
        yield article(held.pop(), index, only=index == 1 and stop is None)
    if stop is not None:
        yield stop


def count_json_records(stream: BinaryIO) -> int:
    """About how many records a JSON file holds, for a progress bar: the items of a list,
    counted from the parser's events without being built (what was counted before an error),
    else one."""
    events = ijson.parse(stream)
    count = 0
    try:
        if next(events, ("", "", None))[1] != "start_array":
            return 1
        for prefix, event, _ in events:
            if prefix == "item" and event not in ("map_key", "end_map", "end_array"):
                count += 1  # an item begins (or is a plain value)
    except ijson.JSONError:
        pass
    return count
