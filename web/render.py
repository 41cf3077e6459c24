"""Pure helpers that prepare text for templates (which escape everything they print)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Mark:
    """A highlighted span: where it points and what hovering it says."""

    begin: int
    end: int
    href: str
    title: str
    css: str = ""
    anchor: str = ""
    """The element id a link can point at (/article/x#statement-12-40), for spans."""


@dataclass(frozen=True)
class Segment:
    text: str
    mark: Mark | None = None
    inner: tuple[Segment, ...] = ()
    """For a span (a statement): the plain and marked pieces inside it."""


def segments(text: str, begin: int, end: int, marks: list[Mark]) -> list[Segment]:
    """Cut text[begin:end] into plain and marked pieces; overlapping marks: the first wins."""
    pieces: list[Segment] = []
    cursor = begin
    for mark in sorted(marks, key=lambda m: (m.begin, -m.end)):
        if mark.begin < cursor or mark.end > end or mark.begin < begin:
            continue
        if mark.begin > cursor:
            pieces.append(Segment(text[cursor : mark.begin]))
        pieces.append(Segment(text[mark.begin : mark.end], mark))
        cursor = mark.end
    if cursor < end:
        pieces.append(Segment(text[cursor:end]))
    return pieces


def layered(text: str, begin: int, end: int, spans: list[Mark], marks: list[Mark]) -> list[Segment]:
    """Cut text[begin:end] into spans (statements) that hold marks (mentions), and marks
    outside any span. A mark that crosses a span's edge is dropped; overlapping spans: the
    first wins."""
    pieces: list[Segment] = []
    cursor = begin
    for span in sorted(spans, key=lambda m: (m.begin, -m.end)):
        if span.begin < cursor or span.end > end or span.begin < begin:
            continue
        pieces += segments(text, cursor, span.begin, marks)
        inner = tuple(segments(text, span.begin, span.end, marks))
        pieces.append(Segment(text[span.begin : span.end], span, inner))
        cursor = span.end
    pieces += segments(text, cursor, end, marks)
    return pieces


def local_name(iri: str) -> str:
    """The last segment of an IRI, for a label when the node has none."""
    return iri.rstrip("/#").rsplit("#", 1)[-1].rsplit("/", 1)[-1] or iri
