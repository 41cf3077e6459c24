"""Frozen dataclasses that cross stage boundaries: no spaCy, rdflib or pyoxigraph types here."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from typing import Literal

SectionKind = Literal["headline", "standfirst", "byline", "caption", "credit", "body", "related"]
EntityKind = Literal["Person", "Organization", "Place"]

# Sections whose words are the article's own: entity mentions are taken from these only.
# A byline holds the author (added from the reader, not from NER), a credit a photo agency.
PROSE_SECTIONS: frozenset[SectionKind] = frozenset(
    {"headline", "standfirst", "caption", "body", "related"}
)


@dataclass(frozen=True, order=True)
class Span:
    """Code-point offsets into the article text, end exclusive."""

    begin: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.begin <= self.end:
            raise ValueError(f"bad span {self.begin}..{self.end}")

    def contains(self, other: Span) -> bool:
        return self.begin <= other.begin and other.end <= self.end


@dataclass(frozen=True)
class Section:
    """A structural part of the article text: a headline, a paragraph of the body, ..."""

    kind: SectionKind
    span: Span


@dataclass(frozen=True)
class NamedSpan:
    """A name the reader found at a known place (an author in the byline, a dateline)."""

    name: str
    span: Span


@dataclass(frozen=True)
class Image:
    caption: str
    credit: str | None = None


@dataclass(frozen=True)
class RelatedArticle:
    """An entry of the 'related articles' list that closes many news pages."""

    headline: str
    summary: str | None = None
    age: str | None = None  # as printed: "21 hours ago"


@dataclass(frozen=True)
class Article:
    """One input article: its exact text, and where each structural piece lies in it."""

    identifier: str  # the input's own name: file name or record id
    text: str
    headline: str | None = None
    description: str | None = None
    published: datetime | date | None = None
    authors: tuple[NamedSpan, ...] = ()
    dateline: NamedSpan | None = None
    image: Image | None = None
    related: tuple[RelatedArticle, ...] = ()
    sections: tuple[Section, ...] = ()
    source_format: str = "text"
    encoding: str = "utf-8"  # of the input file
    url: str | None = None  # the page's canonical address, when the input says
    publisher: str | None = None
    language: str | None = None  # as the input declares it (a page's lang): "en", "de-DE"

    def section_at(self, span: Span) -> Section | None:
        """The section that holds the whole span, if any."""
        for section in self.sections:
            if section.span.contains(span):
                return section
        return None


@dataclass(frozen=True)
class Mention:
    """A span of the article text that names an entity, with the sentence around it."""

    span: Span
    text: str
    sentence: Span


@dataclass(frozen=True)
class Entity:
    """A person, organisation or place as one article names it (all its mentions)."""

    kind: EntityKind
    label: str
    mentions: tuple[Mention, ...]
    alt_labels: tuple[str, ...] = ()
    demonym: bool = False
    """Named by a nationality word ("Iraqi"): it stands for the country, and is kept only when
    the linker finds that country."""


@dataclass(frozen=True)
class TimeValue:
    """When something happened: an exact day, or bounds (both inclusive), and the words."""

    day: date | None = None
    earliest: date | None = None
    latest: date | None = None
    text: str | None = None


@dataclass(frozen=True)
class Agent:
    """Who a statement is attributed to: one of the article's entities, or an agent the article
    only describes ("a senior official"), which gets a node of its own in the article."""

    entity: int | None  # index into Extraction.entities
    description: str | None = None  # for an agent without a name

    def __post_init__(self) -> None:
        if (self.entity is None) == (self.description is None):
            raise ValueError("an Agent is either an entity or a description")


@dataclass(frozen=True)
class Role:
    """A title as the article gives it: "Kremlin spokesperson" held by Dmitry Peskov."""

    name: str
    holder: int  # index into Extraction.entities
    of: int | None  # the organisation or place the role belongs to
    span: Span  # the words of the title
    sentence: Span


StatementKind = Literal["DirectQuote", "ReportedSpeech"]


@dataclass(frozen=True)
class Statement:
    """What a speaker said, as the article reports it."""

    kind: StatementKind
    span: Span  # the words said, as they stand (quotes: inside the marks)
    text: str
    sentence: Span
    speaker: Agent | None
    speaker_span: Span | None  # the words that name or refer to the speaker here
    cue: str | None = None  # "said", "according to"; None when a quote continues
    cue_span: Span | None = None
    role: int | None = None  # index into Extraction.roles
    about: tuple[int, ...] = ()  # indexes into Extraction.entities
    time: TimeValue | None = None


Factuality = Literal["Actual", "Hypothetical", "Negated"]


@dataclass(frozen=True)
class Event:
    """Something that happened, or is planned, proposed or denied, as one article reports it."""

    type: str  # a concept of the event type scheme (lexicon.EVENT_TYPES)
    label: str
    triggers: tuple[Span, ...]  # every mention of it in the article, the first one first
    sentences: tuple[Span, ...]  # the sentence of each trigger
    participants: tuple[int, ...]  # indexes into Extraction.entities
    place: int | None = None
    time: TimeValue | None = None
    factuality: Factuality = "Actual"


@dataclass(frozen=True)
class EntityLink:
    """An entity of the article linked to a Wikidata item, with the score and its reasons."""

    entity: int  # index into Extraction.entities
    qid: str
    label: str
    description: str
    type: str  # person, organization, place, event, other
    confidence: float
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Extraction:
    """Everything extracted from one article: the input of the RDF mapping."""

    article: Article
    entities: tuple[Entity, ...] = field(default=())
    extractor_version: str = ""
    statements: tuple[Statement, ...] = ()
    roles: tuple[Role, ...] = ()
    links: tuple[EntityLink, ...] = ()
    events: tuple[Event, ...] = ()
    made_at: tuple[tuple[int, int], ...] = ()  # (statement, event): a statement made at it
    # What the text was read as ("en"); in another language than the pipeline's, an article
    # is kept with its text and metadata only, nothing extracted. None: not known.
    language: str | None = None

    def link_of(self, entity: int) -> EntityLink | None:
        """The entity's link, if it has one."""
        return self._links_by_entity.get(entity)

    @cached_property  # mapping asks for every mention, role and statement
    def _links_by_entity(self) -> dict[int, EntityLink]:
        return {link.entity: link for link in reversed(self.links)}  # an entity's first link
