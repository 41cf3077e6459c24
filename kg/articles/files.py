"""Finding input files and decoding them into text, with errors that name file and line."""

from __future__ import annotations

import codecs
import os
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import replace
from itertools import chain
from pathlib import Path
from typing import BinaryIO

from kg.articles.errors import ArticleError, check_length
from kg.articles.html import parse_html
from kg.articles.plaintext import parse_plain_text
from kg.articles.records import RecordFields, read_json_records, read_record_lines
from kg.model import Article

# What a folder walk picks up. A file named on the command line is read whatever its name.
TEXT_SUFFIXES = frozenset({".txt", ".text"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
JSON_SUFFIXES = frozenset({".json"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
INPUT_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES | JSONL_SUFFIXES
STDIN = Path("-")
# A file of one article is refused unread past this size (ten times the longest text let
# through, kg.articles.errors.MAX_ARTICLE_CHARACTERS: an HTML page is mostly markup). JSON
# and JSON Lines files may be any size, each record's text within that limit.
MAX_ARTICLE_BYTES = 2_000_000


def find_inputs(paths: Iterable[Path]) -> Iterator[Path]:
    """The given files, and the article files under the given folders, walked in name order."""
    for path in paths:
        if path == STDIN:
            yield path
        elif path.is_dir():
            for child in _walk(path):
                hidden = child.name.startswith(".")
                if child.is_file() and child.suffix.lower() in INPUT_SUFFIXES and not hidden:
                    yield child
        else:
            yield path


def _walk(folder: Path) -> Iterator[Path]:
    """What is under a folder other than folders, in the order of the sorted paths: each
    folder's entries in name order, a subfolder walked where its name sorts. Only the listings
    of the folders on the way down are held, not the whole tree's (`sorted(folder.rglob("*"))`
    held a corpus's every path); links to folders are not followed, nor folders that cannot be
    read, as in `rglob`."""
    try:
        with os.scandir(folder) as entries:
            listing = sorted((entry.name, entry.is_dir(follow_symlinks=False)) for entry in entries)
    except PermissionError:
        return
    for name, is_folder in listing:
        yield from _walk(folder / name) if is_folder else (folder / name,)


def article_identifier(path: Path) -> str:
    """The article's schema:identifier: the input's own file name."""
    return path.name


# Tried in order after UTF-8. Windows-1252 decodes nearly any byte, so its result is accepted
# only when it holds no control characters: those mean the bytes were not text in it either.
FALLBACK_ENCODINGS = ("windows-1252",)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# A NUL byte this near the start of a file means it is not text.
BINARY_PROBE_BYTES = 8192
# A JSON file goes to its parser in pieces of about this size, whatever the length of its lines.
JSON_PIECE_BYTES = 1 << 16


def decode_text(data: bytes, source: str) -> tuple[str, str]:
    """(text with newlines normalised, encoding used), or an ArticleError at the first bad line."""
    if not data.strip():
        raise ArticleError(source, "empty file")
    if error := _binary(data, source):
        raise error
    text, encoding = _decoded(data, source, 1)
    return text.replace("\r\n", "\n").replace("\r", "\n"), encoding


def _decoded(data: bytes, source: str, line: int) -> tuple[str, str]:
    """(text, encoding): UTF-8, else the first fallback encoding that gives no control
    characters; else an ArticleError at the line of the first bad byte (`data` starts on
    line `line`)."""
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as err:
        for encoding in FALLBACK_ENCODINGS:
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                continue
            if not _CONTROL.search(text):
                return text, encoding
        raise ArticleError(
            source,
            f"not valid UTF-8 (byte 0x{data[err.start]:02x}) nor " + ", ".join(FALLBACK_ENCODINGS),
            line - 1 + _line_of(data, err.start),
        ) from None


def _binary(data: bytes, source: str) -> ArticleError | None:
    """The error for a file that starts as `data` does, if that is not text."""
    if b"\x00" in data[:BINARY_PROBE_BYTES]:
        return ArticleError(source, "binary file (NUL bytes), not text", line=_line_of(data, 0))
    return None


def _line_of(data: bytes, offset: int) -> int:
    nul = data.find(b"\x00") if offset == 0 else offset
    return data.count(b"\n", 0, max(nul, 0)) + 1


def _numbered_lines(
    stream: Iterable[bytes], source: str
) -> Iterator[tuple[int, str] | ArticleError]:
    """The lines of JSON Lines, numbered as `decode_text` numbers them and decoded one at a
    time, so that a file or a stream of any size is read in the memory of its longest line; a
    line that cannot be decoded is an error for that line alone."""
    rest, head, read = iter(stream), [], 0
    for raw in rest:  # the lines that `decode_text` would look into for NUL bytes
        head.append(raw)
        read += len(raw)
        if read >= BINARY_PROBE_BYTES:
            break
    if error := _binary(b"".join(head), source):
        yield error
        return
    number, blank = 1, True
    for raw in chain(head, rest):
        # "\r\n", "\n" and a lone "\r" end a line, as in `decode_text`
        for piece in raw.removesuffix(b"\n").removesuffix(b"\r").split(b"\r"):
            try:
                text, _ = _decoded(piece, source, number)
            except ArticleError as err:
                yield err
            else:
                blank = blank and not text.strip()
                yield number, text
            number += 1
    if blank:
        yield ArticleError(source, "empty file")


def _cut(stream: BinaryIO) -> Iterator[bytes]:
    """The stream's lines, a long one cut into pieces of about JSON_PIECE_BYTES, never inside a
    character (a piece that is not a whole line ends with an ASCII byte)."""
    while raw := stream.readline(JSON_PIECE_BYTES):
        while raw[-1] >= 0x80 and (more := stream.read(1)):
            raw += more
        yield raw


def _json_pieces(
    pieces: Iterable[bytes], source: str
) -> Iterator[tuple[int, bytes] | ArticleError]:
    """A JSON text's pieces (`_cut`) as UTF-8, each with the line it starts on and decoded on
    its own as `decode_text` decodes a file, so that a list written on one line is read in
    bounded memory too. An error stops the text: binary, a piece no encoding takes, nothing."""
    line, read, blank = 1, 0, True
    for raw in pieces:
        try:
            if read < BINARY_PROBE_BYTES and (error := _binary(raw, source)):
                raise ArticleError(source, error.reason, line - 1 + (error.line or 1))
            text, _ = _decoded(raw, source, line)
        except ArticleError as err:
            yield err
            return
        blank = blank and not text.strip()
        yield line, text.encode()
        line, read = line + raw.count(b"\n"), read + len(raw)
    if blank:
        yield ArticleError(source, "empty file")


def _stdin_head(pieces: Iterator[bytes]) -> list[bytes]:
    """Standard input's pieces (`_cut`) up to its first that is not blank, which says what it
    holds."""
    head = []
    for raw in pieces:
        head.append(raw)
        if raw.strip():
            break
    return head


def read_inputs(path: Path, fields: RecordFields | None = None) -> Iterator[Article | ArticleError]:
    """The articles of one input (a JSON file may hold many), or the errors that stop them.

    `-` is standard input: JSON Lines when it starts with "{", a JSON list with "[", else one
    plain-text article. JSON Lines are read a line at a time and JSON in pieces, whatever their
    size; other inputs whole.
    """
    fields = fields or RecordFields()
    source = "<stdin>" if path == STDIN else str(path)
    suffix = path.suffix.lower()
    name = "stdin" if path == STDIN else article_identifier(path)
    try:
        if path == STDIN:
            pieces = _cut(sys.stdin.buffer)
            head = _stdin_head(pieces)
            first = head[-1].removeprefix(codecs.BOM_UTF8).lstrip()[:1] if head else b""
            if first == b"{":  # JSON Lines: the line that `head` may have cut, whole
                head[-1] += b"" if head[-1].endswith(b"\n") else sys.stdin.buffer.readline()
                lines = _numbered_lines(chain(head, sys.stdin.buffer), source)
                yield from read_record_lines(lines, name, source, fields)
                return
            if first == b"[":
                json_pieces = _json_pieces(chain(head, pieces), source)
                yield from read_json_records(json_pieces, name, source, fields)
                return
            data = b"".join(head) + sys.stdin.buffer.read()
        elif suffix in JSONL_SUFFIXES:
            with path.open("rb") as stream:
                yield from read_record_lines(_numbered_lines(stream, source), name, source, fields)
            return
        elif suffix in JSON_SUFFIXES:
            with path.open("rb") as stream:
                yield from read_json_records(
                    _json_pieces(_cut(stream), source), name, source, fields
                )
            return
        else:
            size = path.stat().st_size
            if size > MAX_ARTICLE_BYTES:  # refused unread
                limit = MAX_ARTICLE_BYTES / 1e6
                yield ArticleError(
                    source, f"{size / 1e6:.1f} MB is too large for one article (limit {limit:g} MB)"
                )
                return
            data = path.read_bytes()
        text, encoding = decode_text(data, source)
    except OSError as err:
        yield ArticleError(source, f"cannot read: {err.strerror or err}")
        return
    except ArticleError as err:
        yield err
        return
    try:
        if suffix in HTML_SUFFIXES or text.lstrip()[:15].lower().startswith(
            ("<!doctype html", "<html")
        ):
            article = parse_html(text, name, source)
        else:
            article = parse_plain_text(text, name, source)
        check_length(article.text, source)
    except ArticleError as err:
        yield err
        return
    yield replace(article, encoding=encoding) if encoding != article.encoding else article


def read_article(path: Path) -> Article:
    """Read one single-article file; raises ArticleError when it cannot."""
    for item in read_inputs(path):
        if isinstance(item, ArticleError):
            raise item
        return item
    raise ArticleError(str(path), "no article in the file")
