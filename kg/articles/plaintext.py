"""Plain-text articles: the news-site layout of the seed, or generic text (first line = headline).

The news-site layout, top to bottom (blank lines separate blocks)::

    Headline
    Standfirst (optional, one or more lines)
    19 March 2021 - 13:46 Author Name[, Other Author]     <- the date line opens the byline
    Picture caption. Picture: AGENCY/PHOTOGRAPHER         <- optional, ends with a credit
    Moscow — First paragraph of the body, with a dateline
    Further paragraphs ...
    Related headline                                       <- optional trailing list
    Related summary
    21 hours ago

Everything is located by its shape (a date, a credit marker, an age such as "2 days ago"),
never by the words of any one article. The stored text is the input verbatim; each piece is
a `Section` over it, so offsets index what the publisher wrote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from kg.articles.errors import ArticleError
from kg.model import Article, Image, NamedSpan, RelatedArticle, Section, Span

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DATE = (
    rf"(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m1>{_MONTH}),?\s+(?P<y1>\d{{4}})"
    rf"|(?P<m2>{_MONTH})\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{{4}})"
    r"|(?P<y3>\d{4})-(?P<m3>\d{2})-(?P<d3>\d{2})"
)
_TIME = r"(?P<hh>\d{1,2})[:.](?P<mm>\d{2})(?:\s*(?P<ampm>[ap]\.?m\.?)(?![a-z]))?"
# "19 March 2021 - 13:46 Andrey Biryukov", "March 19, 2021 | 1:46 pm | By A and B"
DATE_LINE = re.compile(
    rf"^(?:(?:published|updated|posted)\s*:?\s*)?(?:{_DATE})"
    rf"(?:\s*(?:[-–—|,]|at)?\s*{_TIME}(?:\s+(?-i:[A-Z]{{2,4}}\b(?![ ]?[a-z])|GMT[+-]\d+))?)?"
    r"(?P<rest>.*)$",
    re.IGNORECASE,
)
CREDIT_MARKER = re.compile(
    r"\s*\b(?:Picture|Pictures|Photo|Photos|Photograph|Image|Credit|Source)\s*:\s*", re.IGNORECASE
)
# "21 hours ago", "a day ago", "yesterday", or a plain date under a related headline.
AGE_LINE = re.compile(
    r"^(?:(?:\d+|an?|one)\s+(?:second|minute|min|hour|day|week|month|year)s?\s+ago"
    rf"|yesterday|today|just now|{_DATE})$",
    re.IGNORECASE,
)
# "Moscow — ", "WASHINGTON, D.C. (Reuters) - ", "Kyiv/Moscow – "
DATELINE = re.compile(
    r"^(?P<place>[A-Z][\w'.]*(?:[ ,/-]+[A-Z][\w'.]*){0,4})"
    r"(?:\s*\([^)\n]{1,40}\))?\s+(?:—|–|--|-)\s+"
)
AUTHOR_SEPARATORS = re.compile(r"\s*(?:,|;|\||&|\band\b)\s*", re.IGNORECASE)
BY_PREFIX = re.compile(r"^(?:by|words by|reporting by)\s+", re.IGNORECASE)
# Lower-case words a byline may hold: "By A and B", "Ursula von der Leyen".
NAME_PARTICLES = frozenset(
    {
        *("by", "and", "in", "for", "de", "del", "della", "der", "den", "di", "du", "da"),
        *("dos", "van", "von", "bin", "ibn", "al", "el", "la", "le", "y"),
    }
)
MAX_BYLINE_TAIL = 160
SENTENCE_END = (".", "!", "?", '"', "”", "’", "'", ":")
# How far down the date line may sit: a headline and a standfirst of a few lines.
MAX_LINES_BEFORE_DATE_LINE = 8


@dataclass(frozen=True)
class _Line:
    begin: int
    end: int
    text: str

    @property
    def span(self) -> Span:
        return Span(self.begin, self.end)


def _lines(text: str) -> list[_Line]:
    lines, begin = [], 0
    for raw in text.split("\n"):
        stripped = raw.rstrip()
        lead = len(stripped) - len(stripped.lstrip())
        lines.append(_Line(begin + lead, begin + len(stripped), stripped.strip()))
        begin += len(raw) + 1
    return lines


def _blocks(lines: list[_Line]) -> list[list[_Line]]:
    """Runs of non-blank lines."""
    blocks: list[list[_Line]] = []
    current: list[_Line] = []
    for line in lines:
        if line.text:
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _names_only(rest: str) -> bool:
    """Whether the tail of a date line reads as author names (or is empty), not as a sentence."""
    words = re.findall(r"[^\s,;|&/()–—-]+", rest)
    return len(rest) <= MAX_BYLINE_TAIL and all(
        word[0].isupper() or word.lower() in NAME_PARTICLES for word in words
    )


def parse_date_line(line: str) -> tuple[datetime | date, str] | None:
    """The publication time of a byline, and what follows it (the authors), or None."""
    match = DATE_LINE.match(line)
    if not match or not _names_only(match.group("rest")):
        return None
    g = match.groupdict()
    day, month, year = (
        (g["d1"], g["m1"], g["y1"])
        if g["y1"]
        else (g["d2"], g["m2"], g["y2"])
        if g["y2"]
        else (g["d3"], g["m3"], g["y3"])
    )
    month_number = int(month) if month.isdigit() else MONTHS[month.lower().rstrip(".")]
    try:
        day_value = date(int(year), month_number, int(day))
    except ValueError:
        return None
    rest = match.group("rest")
    if g["hh"] is None:
        return day_value, rest
    hour, minute = int(g["hh"]), int(g["mm"])
    ampm = (g["ampm"] or "").lower().replace(".", "")
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        return day_value, rest
    return datetime(day_value.year, day_value.month, day_value.day, hour, minute), rest


def _authors(line: _Line, rest: str) -> tuple[NamedSpan, ...]:
    """Names in the tail of a date line, each with its offsets in the text."""
    rest_begin = line.begin + len(line.text) - len(rest)
    authors = []
    cursor = 0
    body = BY_PREFIX.sub("", rest.strip(" -–—|,"))
    for piece in AUTHOR_SEPARATORS.split(body):
        name = BY_PREFIX.sub("", piece.strip(" -–—|,.:"))
        if not name or not any(ch.isupper() for ch in name) or any(ch.isdigit() for ch in name):
            continue
        found = rest.find(name, cursor)
        if found < 0:
            continue
        cursor = found + len(name)
        authors.append(NamedSpan(name, Span(rest_begin + found, rest_begin + cursor)))
    return tuple(authors)


def _headline_like(block: list[_Line]) -> bool:
    """A one-line block that reads as a headline: headlines, unlike paragraphs, end unpunctuated."""
    line = block[0].text
    return len(block) == 1 and not AGE_LINE.match(line) and not line.endswith(SENTENCE_END)


def _related(blocks: list[list[_Line]]) -> tuple[int, list[tuple[list[_Line], RelatedArticle]]]:
    """The trailing related-articles list: (index of its first block, its entries)."""
    entries: list[tuple[list[_Line], RelatedArticle]] = []
    index = len(blocks)
    while index > 0:
        block = blocks[index - 1]
        if not AGE_LINE.match(block[-1].text):
            break
        if len(block) >= 3:  # headline, summary and age in one block
            head, summary_lines, used = block[0], block[1:-1], block
            index -= 1
        elif index >= 2 and _headline_like(blocks[index - 2]):
            head, summary_lines = blocks[index - 2][0], block[:-1]
            used = [head, *block]
            index -= 2
        elif len(block) == 2:  # headline and age, no summary
            head, summary_lines, used = block[0], [], block
            index -= 1
        else:
            break
        summary = " ".join(line.text for line in summary_lines) or None
        entries.append((used, RelatedArticle(head.text, summary, block[-1].text)))
    entries.reverse()
    return index, entries


def _caption(line: _Line) -> tuple[Image, Section, Section | None] | None:
    marker = CREDIT_MARKER.search(line.text)
    if not marker:
        return None
    caption = line.text[: marker.start()].rstrip()
    credit = line.text[marker.end() :].strip() or None
    if not caption:
        return None
    caption_section = Section("caption", Span(line.begin, line.begin + len(caption)))
    credit_section = (
        Section("credit", Span(line.begin + marker.end(), line.end)) if credit else None
    )
    return Image(caption, credit), caption_section, credit_section


def _dateline(paragraph: _Line) -> NamedSpan | None:
    match = DATELINE.match(paragraph.text)
    if not match:
        return None
    place = match.group("place").rstrip(" ,")
    return NamedSpan(place, Span(paragraph.begin, paragraph.begin + len(place)))


def parse_news_layout(text: str, identifier: str, source: str) -> Article | None:
    """An Article from text in the news-site layout, or None when the text is not so laid out."""
    lines = _lines(text)
    content = [line for line in lines if line.text]
    date_index = next(
        (
            i
            for i, line in enumerate(content[1 : MAX_LINES_BEFORE_DATE_LINE + 1], start=1)
            if parse_date_line(line.text)
        ),
        None,
    )
    if date_index is None:
        return None
    date_line = content[date_index]
    parsed = parse_date_line(date_line.text)
    assert parsed is not None
    published, rest = parsed
    headline = content[0]
    standfirst = content[1:date_index]
    sections: list[Section] = [Section("headline", headline.span)]
    sections += [Section("standfirst", line.span) for line in standfirst]
    sections.append(Section("byline", date_line.span))

    after = [line for line in content[date_index + 1 :]]
    image = None
    if after and (found := _caption(after[0])):
        image, caption_section, credit_section = found
        sections.append(caption_section)
        if credit_section:
            sections.append(credit_section)
        after = after[1:]
    if not after:
        line_no = text.count("\n", 0, date_line.begin) + 1
        raise ArticleError(source, "the article has no body after its byline", line_no)

    # Body and related list work on blocks, the first of which starts right after the byline.
    first_body = after[0]
    blocks = [b for b in _blocks(lines) if b[-1].begin >= first_body.begin]
    blocks[0] = [line for line in blocks[0] if line.begin >= first_body.begin]
    related_start, related = _related(blocks)
    if related_start == 0:  # a body that is only a list is a body
        related_start, related = len(blocks), []
    for block in blocks[:related_start]:
        # Lines of the opening block stand apart (the byline layout has no blank lines);
        # later blocks are paragraphs, possibly hard-wrapped.
        if block is blocks[0]:
            sections += [Section("body", line.span) for line in block]
        else:
            sections.append(Section("body", Span(block[0].begin, block[-1].end)))
    for used, _entry in related:
        sections += [Section("related", line.span) for line in used]

    return Article(
        identifier=identifier,
        text=text,
        headline=headline.text,
        description=" ".join(line.text for line in standfirst) or None,
        published=published,
        authors=_authors(date_line, rest),
        dateline=_dateline(first_body),
        image=image,
        related=tuple(entry for _used, entry in related),
        sections=tuple(sections),
        source_format="text/news",
    )


# A wire dateline: the place in capitals, at a line's start or after a sentence (perhaps after
# a byline: "Jane Doe NEW YORK"), perhaps its country or state ("BIRMINGHAM , England",
# "BEND, Ore."), then the date ("LONDON 1996-08-30", or masked as a redacted corpus does:
# "LONDON **********") or the agency ("NEW YORK (Reuters) -", or with the brackets a tokenised
# corpus writes: "-LRB- AP -RRB-"), near the start; or, at a line's start only, a dash, perhaps
# after a station's call sign ("ATLANTA -- ", "HOUSTON, Texas (KTRK) -- "; not a hyphen, which
# also ends a sports report's topic: "SOCCER - LATE GOAL").
_PLACE = r"(?P<place>[A-Z][A-Z.'’-]+(?:[ -][A-Z][A-Z.'’-]+){0,3})"
_REGION = r"(?: ?, (?:[A-Z][a-z]+\.?(?: [A-Z][a-z]+\.?)?|[A-Z]{2,}(?: [A-Z]{2,})?))?"
WIRE_DATELINE = re.compile(
    r"(?:^|(?<=[.!?] ))(?:[A-Z][a-z]+ [A-Z][a-z'’-]+ )?"  # a byline's name may come first
    + _PLACE
    + _REGION
    + r"(?:,? (?:(?P<date>\d{4}-\d{2}-\d{2})\b|\*{10}(?!\*))"
    r"|,? (?:[A-Z][a-z]{2,8}\.? \d{1,2} )?(?:\(|-LRB- )(?:Reuters|AP|AFP)(?:\)| -RRB-))",
    re.MULTILINE,
)
# What follows a dateline's place up to its dash: a region, a call sign, the dash.
_DATELINE_TAIL = _REGION + r"(?: \([A-Z][\w ]{1,15}\))? (?:--|—|–)"
DATELINE_TAIL = re.compile(_DATELINE_TAIL)
DASH_DATELINE = re.compile("^" + _PLACE + _DATELINE_TAIL + " ", re.MULTILINE)
WIRE_DATELINE_WITHIN = 600  # characters from the start


def paragraph_dateline(text: str, begin: int) -> NamedSpan | None:
    """The dateline that opens the paragraph at `begin` ("KHAN YOUNIS, GAZA — The ..."), if
    any: the place in capitals, then a dash, an agency or a date."""
    match = WIRE_DATELINE.match(text, begin) or DASH_DATELINE.match(text, begin)
    if match is None:
        return None
    return NamedSpan(match.group("place"), Span(match.start("place"), match.end("place")))


def _wire_dateline(text: str) -> tuple[NamedSpan, date | None] | None:
    match = WIRE_DATELINE.search(text, 0, WIRE_DATELINE_WITHIN) or DASH_DATELINE.search(
        text, 0, WIRE_DATELINE_WITHIN
    )
    if match is None:
        return None
    place = NamedSpan(match.group("place"), Span(match.start("place"), match.end("place")))
    try:
        stamp = match.groupdict().get("date")
        day = date.fromisoformat(stamp) if stamp else None
    except ValueError:
        day = None
    return place, day


# A first line longer than this is a paragraph, not a headline: a corpus that keeps each
# document on one line ("Sombre mood on Arctic island after plane crash . LONGYEAR , Norway
# 1996-08-30 The ..."). Its first sentence is then the headline.
HEADLINE_WORDS = 40
# A sentence ends at a stop after a word in lower case (not "U.S.", "Mr.") and before a capital,
# or at a stop set apart by spaces (tokenised text: "after plane crash . LONGYEAR").
SENTENCE_STOP = re.compile(r"[a-z0-9*)\"'’”]{2}[.!?](?=\s+[A-Z\"'`‘“(])|\s[.!?](?=\s)")


def _headline_of(line: _Line) -> tuple[_Line, _Line | None]:
    """The headline a first line holds, and the rest of the line when it holds more."""
    if len(line.text.split()) <= HEADLINE_WORDS:
        return line, None
    end = SENTENCE_STOP.search(line.text)
    if end is None:
        return line, None
    cut = end.end()
    rest = line.text[cut:]
    skipped = len(rest) - len(rest.lstrip())
    title = line.text[:cut].rstrip(" .")
    return (
        _Line(line.begin, line.begin + len(title), title),
        _Line(line.begin + cut + skipped, line.end, rest.strip()),
    )


def parse_generic(text: str, identifier: str) -> Article:
    """An Article from generic text: the first non-blank line is the headline (its first
    sentence, when the line is a paragraph), the rest body; a wire dateline near the start
    ("LONDON 1996-08-30") gives the place and the date."""
    lines = _lines(text)
    blocks = _blocks(lines)
    headline, opening = _headline_of(blocks[0][0])
    sections = [Section("headline", headline.span)]
    rest = [blocks[0][1:], *blocks[1:]] if len(blocks[0]) > 1 else blocks[1:]
    if opening is not None:  # the first line's own body, after its first sentence
        rest = [[opening, *blocks[0][1:]], *blocks[1:]]
    sections += [Section("body", Span(b[0].begin, b[-1].end)) for b in rest if b]
    wire = _wire_dateline(text)
    return Article(
        identifier=identifier,
        text=text,
        headline=headline.text,
        published=wire[1] if wire else None,
        dateline=wire[0] if wire else None,
        sections=tuple(sections),
        source_format="text/plain",
    )


def parse_plain_text(text: str, identifier: str, source: str | None = None) -> Article:
    """An Article from plain text, in the news-site layout when it has one, else generic."""
    source = source or identifier
    if not text.strip():
        raise ArticleError(source, "empty file")
    return parse_news_layout(text, identifier, source) or parse_generic(text, identifier)
