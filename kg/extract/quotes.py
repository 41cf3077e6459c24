"""Quotations in running text: where each starts and ends, in every style news uses.

Handles “curly” and "straight" double quotes, ‘curly’ and 'straight' single quotes (told apart
from apostrophes by what stands around them), single quotes nested in double ones, curly and
straight double marks mixed up in one quote, and the convention for quotes over several
paragraphs: a paragraph that ends inside a quote leaves it unclosed, and the next paragraph
opens again with the same mark.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.model import Span

DOUBLE_PAIRS = {"“": "”", '"': '"', "«": "»", "„": "“", "''": "''"}
SINGLE_PAIRS = {"‘": "’", "'": "'"}
# Openers whose closing marks copied and edited text mixes up (“like this" or "like this”).
MIXED_UP_OPENERS, MIXED_UP_CLOSERS = ("“", '"'), ("”", '"')
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n|\n")


@dataclass(frozen=True)
class Quote:
    """A quotation: the words inside the marks (over paragraph breaks when it runs on)."""

    inner: Span
    double: bool
    closed: bool  # False when the quote ended with its paragraph, unclosed


def _opens(text: str, i: int) -> bool:
    """Whether the mark at i can open a quote: at a word's start, with a word after it."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in "([{—–-/:;,") and not after.isspace()


def _closes(text: str, i: int) -> bool:
    """Whether the mark at i can close a quote: after a word, with no letter right after it;
    or set off by a space from a nested quote that ends with it ("... the term 'outreach,' ")."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    nested_end = before == " " and i > 1 and text[i - 2] in "'’"
    return (not before.isspace() or nested_end) and not after.isalnum()


def _closes_pair(text: str, i: int) -> bool:
    """Whether the two apostrophes at i close a quote."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 2] if i + 2 < len(text) else " "
    return not before.isspace() and not after.isalnum()


def _paragraph_ends(text: str) -> list[int]:
    """Offsets of the line breaks that end paragraphs (every line is a paragraph here)."""
    return [m.start() for m in _PARAGRAPH_BREAK.finditer(text)] + [len(text)]


def _next_paragraph_opens(text: str, end: int, opener: str) -> int | None:
    """Where the next paragraph's opening mark is, when it reopens the quote."""
    j = end
    while j < len(text) and text[j].isspace():
        j += 1
    # The same mark: a paragraph opening with another style starts a quote of its own (an
    # excerpt set off by straight marks may hold curly-quoted speech).
    if j < len(text) and text[j] == opener and _opens(text, j) and not _LABEL.match(text, j + 1):
        return j
    return None


# A speaker's name and a colon at a paragraph's start ("OKAFOR: Yes, ..."): a transcript's
# next turn, which another speaker's quotation does not run on into.
SPEAKER_LABEL = r"(?P<name>[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}) ?: +"
_LABEL = re.compile(SPEAKER_LABEL + r"\S")


def _closers(opener: str) -> tuple[str, ...]:
    """The marks that close a quote: its own, and for “ and " each other's too."""
    if opener in MIXED_UP_OPENERS:
        return MIXED_UP_CLOSERS
    return (DOUBLE_PAIRS.get(opener) or SINGLE_PAIRS[opener],)


def find_quotes(text: str) -> list[Quote]:
    """Every quotation in the text, in order; nested single quotes stay inside their double."""
    quotes: list[Quote] = []
    ends = iter(_paragraph_ends(text))
    paragraph_end = next(ends)
    i = 0
    opener: str | None = None
    start = 0
    inner = False  # within curly marks inside a straight-quoted quotation
    while i < len(text):
        if i >= paragraph_end:
            if opener is not None:
                reopen = _next_paragraph_opens(text, paragraph_end, opener)
                if opener in DOUBLE_PAIRS and reopen is not None:
                    while paragraph_end < reopen:  # the quote runs on into the next paragraph
                        paragraph_end = next(ends)
                    i = reopen + 1
                    continue
                if opener in DOUBLE_PAIRS:  # unclosed double quote: it ends with its paragraph
                    last = len(text[:paragraph_end].rstrip())
                    if last > start:
                        quotes.append(Quote(Span(start, last), True, False))
                opener = None  # an unclosed single mark was an apostrophe
            paragraph_end = next(ends, len(text))
            if i >= paragraph_end:
                i += 1
                continue
        ch = text[i]
        if ch == "'" and text.startswith("''", i):  # two apostrophes: a double mark (NYT style)
            if opener is None and _opens(text, i) and not text[i + 2 : i + 3].isspace():
                opener, start = "''", i + 2
                i += 2
                continue
            if opener == "''" and _closes_pair(text, i):
                if i > start:
                    quotes.append(Quote(Span(start, i), True, True))
                opener = None
                i += 2
                continue
        if opener is None:
            if (ch in DOUBLE_PAIRS or ch in SINGLE_PAIRS) and _opens(text, i):
                opener, start, inner = ch, i + 1, False
        elif opener == '"' and ch == "“" and _opens(text, i):
            inner = True  # "... as “The Courier” put it": a quotation of the other style inside
        elif inner and ch == "”":
            inner = False
        elif ch in _closers(opener) and _closes(text, i):
            if i > start:
                quotes.append(Quote(Span(start, i), opener in DOUBLE_PAIRS, True))
            opener = None
        i += 1
    if opener in DOUBLE_PAIRS and len(text.rstrip()) > start:
        quotes.append(Quote(Span(start, len(text.rstrip())), True, False))
    return quotes


def words(text: str) -> int:
    """How many words a piece of text has."""
    return len(text.split())
