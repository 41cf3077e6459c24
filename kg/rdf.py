"""Model objects to triples: the only place triples are made, and IRIs minted.

Pure and deterministic: the same Extraction and base give the same IRIs and the same triples,
whichever worker runs it and in whatever order articles come.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import PurePosixPath
from urllib.parse import quote

from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS, XSD

from kg.extract.entities import in_prose, name_key
from kg.extract.timex import resolve_time
from kg.model import Agent, Article, Entity, EntityKind, EntityLink, Extraction, Span, TimeValue
from kg.vocab import EVENT_TYPE, NIF, NK, SCHEMA, SEM, WD

Triple = tuple[URIRef, URIRef, URIRef | Literal]

CLASS_OF_KIND: dict[EntityKind, URIRef] = {
    "Person": NK.Person,
    "Organization": NK.Organization,
    "Place": NK.Place,
}
CLASS_OF_KB_TYPE: dict[str, URIRef] = {
    "person": NK.Person,
    "organization": NK.Organization,
    "place": NK.Place,
    "event": NK.Event,
}


def article_slug(identifier: str) -> str:
    """The article's IRI segment: its identifier without extension, unsafe characters as '-'."""
    stem = PurePosixPath(identifier).stem if "." in identifier else identifier
    slug = re.sub(r"[^A-Za-z0-9._~-]+", "-", stem).strip("-.")
    return slug or "a" + hashlib.sha256(identifier.encode()).hexdigest()[:16]


def local_entity_id(kind: EntityKind, label: str) -> str:
    """`L` and 16 hex digits of a hash of the type and normalised name: stable across articles."""
    digest = hashlib.sha256(f"{kind}\t{name_key(label)}".encode()).hexdigest()
    return "L" + digest[:16]


@dataclass(frozen=True)
class Iris:
    """Every IRI newskg mints, from one base."""

    base: str

    def entity(self, entity_id: str) -> URIRef:
        return URIRef(f"{self.base}entity/{quote(entity_id, safe='')}")

    def entity_of(self, entity: Entity) -> URIRef:
        return self.entity(local_entity_id(entity.kind, entity.label))

    def article(self, slug: str) -> URIRef:
        return URIRef(f"{self.base}article/{slug}")

    def article_graph(self, slug: str) -> URIRef:
        return URIRef(f"{self.base}graph/article/{slug}")

    def text(self, slug: str) -> URIRef:
        return URIRef(f"{self.base}article/{slug}/text")

    def part(self, slug: str, kind: str, key: str | int) -> URIRef:
        """A node owned by an article: a section, sentence, mention, image, related entry."""
        return URIRef(f"{self.base}article/{slug}/{kind}/{key}")

    def span_part(self, slug: str, kind: str, span: Span) -> URIRef:
        return self.part(slug, kind, f"{span.begin}-{span.end}")

    @property
    def kb_graph(self) -> URIRef:
        """Facts about linked entities that come from the knowledge base."""
        return URIRef(f"{self.base}graph/kb")

    @property
    def alias_graph(self) -> URIRef:
        """IRIs that re-linking replaced: `<old> dcterms:isReplacedBy <new>`."""
        return URIRef(f"{self.base}graph/aliases")

    @property
    def ontology_graph(self) -> URIRef:
        return URIRef(f"{self.base}graph/ontology")

    def is_article_graph(self, iri: str) -> bool:
        return iri.startswith(f"{self.base}graph/article/")


# Every mention and sentence has two offsets: a literal is made once. Bounded below the length
# of long articles: each literal holds some 370 bytes, and with room for 65,536 the cache grew
# with the longest article met (7 MiB at 20,000 characters). Over 600 BBC articles, 4,096 keep
# every offset met (the first 4,092 distinct ones); 1,024 made the mapping 0.8 s slower.
@lru_cache(maxsize=4_096)
def _offset(value: int) -> Literal:
    # NIF says xsd:nonNegativeInteger; Oxigraph keeps every integer type as xsd:integer, so the
    # mapping writes what the store holds (the shapes ask for values >= 0).
    return Literal(value, datatype=XSD.integer)


def _offsets(node: URIRef, context: URIRef, span: Span) -> list[Triple]:
    return [
        (node, NIF.referenceContext, context),
        (node, NIF.beginIndex, _offset(span.begin)),
        (node, NIF.endIndex, _offset(span.end)),
    ]


def content_hash(article: Article) -> str:
    """What identifies an article's content: its text and the metadata read with it."""
    parts = [
        article.identifier,
        article.text,
        article.headline or "",
        str(article.published),
        *(a.name for a in article.authors),
        article.url or "",
        *([article.language] if article.language else []),  # hashes made before it stay
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _article_triples(article: Article, iris: Iris, slug: str) -> list[Triple]:
    node, text = iris.article(slug), iris.text(slug)
    triples: list[Triple] = [
        (node, RDF.type, NK.Article),
        (node, SCHEMA.identifier, Literal(article.identifier)),
        (node, NK.contentHash, Literal(content_hash(article))),
        (node, NK.hasText, text),
        (text, RDF.type, NK.ArticleText),
        (text, NIF.isString, Literal(article.text)),
    ]
    if article.headline:
        triples.append((node, SCHEMA.headline, Literal(article.headline)))
    if article.description:
        triples.append((node, SCHEMA.description, Literal(article.description)))
    if article.published:
        triples.append((node, SCHEMA.datePublished, Literal(article.published)))
    if article.url and re.match(r"https?://[^\s<>\"{}|\\^`]+$", article.url):
        triples.append((node, SCHEMA.url, URIRef(article.url)))
    if article.publisher:
        triples.append((node, SCHEMA.publisher, Literal(article.publisher)))
    for n, section in enumerate(article.sections, start=1):
        part = iris.part(slug, "section", n)
        triples += [
            (text, NK.section, part),
            (part, RDF.type, NK.Section),
            (part, NK.sectionKind, Literal(section.kind)),
            *_offsets(part, text, section.span),
        ]
    if article.image:
        image = iris.part(slug, "image", 1)
        triples += [
            (node, SCHEMA.image, image),
            (image, RDF.type, SCHEMA.ImageObject),
            (image, SCHEMA.caption, Literal(article.image.caption)),
        ]
        if article.image.credit:
            triples.append((image, SCHEMA.creditText, Literal(article.image.credit)))
    for n, related in enumerate(article.related, start=1):
        entry = iris.part(slug, "related", n)
        triples += [
            (node, NK.relatedArticle, entry),
            (entry, RDF.type, NK.RelatedArticle),
            (entry, SCHEMA.position, Literal(n)),
            (entry, SCHEMA.headline, Literal(related.headline)),
        ]
        if related.summary:
            triples.append((entry, SCHEMA.abstract, Literal(related.summary)))
        if related.age:
            triples.append((entry, NK.ageText, Literal(related.age)))
            # "21 hours ago" under the list, from the article's own publication time
            when = resolve_time(related.age, article.published)
            if when is not None and when.day is not None:
                triples.append((entry, SCHEMA.datePublished, Literal(when.day, datatype=XSD.date)))
    return triples


def entity_node(extraction: Extraction, iris: Iris, index: int) -> URIRef:
    """An entity's IRI: its Wikidata item's when linked, else its own `L…` one."""
    link = extraction.link_of(index)
    if link is not None:
        return iris.entity(link.qid)
    return iris.entity_of(extraction.entities[index])


def link_decisions(extraction: Extraction) -> list[EntityLink]:
    """The links to write: entities that won one item ("USA", "U.S.") are one node, with one
    link decision, the surest."""
    by_item = {link.qid: link for link in sorted(extraction.links, key=lambda k: k.confidence)}
    return sorted(by_item.values(), key=lambda link: link.entity)


def link_triples(extraction: Extraction, iris: Iris, slug: str, link: EntityLink) -> list[Triple]:
    """A link decision: its target, score and reasons, and what the NER took the entity for
    (which re-linking weighs again)."""
    part = iris.part(slug, "link", link.qid)
    return [
        (part, RDF.type, NK.EntityLink),
        (part, NK.linkTarget, entity_node(extraction, iris, link.entity)),
        (part, NK.confidence, Literal(round(link.confidence, 4), datatype=XSD.decimal)),
        (part, NK.recognisedAs, CLASS_OF_KIND[extraction.entities[link.entity].kind]),
        (iris.article(slug), NK.link, part),
        *((part, NK.linkReason, Literal(reason)) for reason in link.reasons),
    ]


def _entity_triples(extraction: Extraction, iris: Iris, slug: str) -> list[Triple]:
    article = extraction.article
    node, text = iris.article(slug), iris.text(slug)
    authors = {name_key(a.name) for a in article.authors}
    dateline = name_key(article.dateline.name) if article.dateline else None
    triples: list[Triple] = []
    sentences: set[Span] = set()
    decision = {link.qid: link for link in link_decisions(extraction)}
    for index, entity in enumerate(extraction.entities):
        link = extraction.link_of(index)
        if entity.demonym and link is None:
            continue  # a nationality word whose country was not found is no place itself
        target = entity_node(extraction, iris, index)
        # The article's name for the entity; a linked one also has the KB's (in the KB graph).
        # A nationality word is another name of its country ("Iraqi" of Iraq), never its label.
        name = SKOS.altLabel if entity.demonym else RDFS.label
        triples.append((target, name, Literal(entity.label)))
        triples += [(target, SKOS.altLabel, Literal(name)) for name in entity.alt_labels]
        if link is None:  # what the article says it is; a linked one's type is the KB's
            triples.append((target, RDF.type, CLASS_OF_KIND[entity.kind]))
        elif link is decision[link.qid]:
            triples += link_triples(extraction, iris, slug, link)
        if any(in_prose(article, m.span) for m in entity.mentions):
            triples.append((node, SCHEMA.mentions, target))
        keys = {name_key(entity.label), *(name_key(a) for a in entity.alt_labels)}
        # The contract's author is a person and its dateline a place: a byline or dateline
        # name linked to an item of another kind ("UNITED NATIONS", the organisation's seat)
        # keeps its link, not the role.
        kind = link.type if link is not None else entity.kind.casefold()
        if authors & keys and kind == "person":
            triples.append((node, SCHEMA.author, target))
        if dateline in keys and kind == "place":
            triples.append((node, NK.dateline, target))
        for mention in entity.mentions:
            part = iris.span_part(slug, "mention", mention.span)
            sentence = iris.span_part(slug, "sentence", mention.sentence)
            sentences.add(mention.sentence)
            triples += [
                (part, RDF.type, NK.Mention),
                *_offsets(part, text, mention.span),
                (part, NIF.anchorOf, Literal(mention.text)),
                (part, NK.refersTo, target),
                (part, NIF.sentence, sentence),
            ]
    for span in sorted(sentences, key=lambda s: (s.begin, s.end)):
        triples += _sentence(iris, slug, span, article.text)
    return triples


def kb_triples(extraction: Extraction, iris: Iris) -> list[Triple]:
    """What the knowledge base says of the article's linked entities (for the KB graph)."""
    triples: list[Triple] = []
    for link in extraction.links:
        node = iris.entity(link.qid)
        kind = CLASS_OF_KB_TYPE.get(link.type)
        if kind is None:  # the KB does not say: the article's reading stands
            kind = CLASS_OF_KIND[extraction.entities[link.entity].kind]
        triples += [
            (node, RDF.type, kind),
            (node, RDFS.label, Literal(link.label)),
            (node, NK.wikidata, WD[link.qid]),
        ]
        if link.description:
            triples.append((node, SCHEMA.description, Literal(link.description)))
    return list(dict.fromkeys(triples))


def _sentence(iris: Iris, slug: str, span: Span, article_text: str) -> list[Triple]:
    """A sentence node, with its text: pages show mentions in their sentence without reading
    the whole article's text from the store."""
    node = iris.span_part(slug, "sentence", span)
    return [
        (node, RDF.type, NIF.Sentence),
        *_offsets(node, iris.text(slug), span),
        (node, NIF.anchorOf, Literal(article_text[span.begin : span.end])),
    ]


def _mention(
    iris: Iris,
    slug: str,
    part: URIRef,
    span: Span,
    article_text: str,
    target: URIRef,
    sentence: Span,
) -> list[Triple]:
    return [
        (part, RDF.type, NK.Mention),
        *_offsets(part, iris.text(slug), span),
        (part, NIF.anchorOf, Literal(article_text[span.begin : span.end])),
        (part, NK.refersTo, target),
        (part, NIF.sentence, iris.span_part(slug, "sentence", sentence)),
        *_sentence(iris, slug, sentence, article_text),
    ]


def _time_triples(node: URIRef, time: TimeValue) -> list[Triple]:
    triples: list[Triple] = []
    if time.day:
        triples.append((node, SEM.hasTimeStamp, Literal(time.day, datatype=XSD.date)))
    if time.earliest:
        triples.append(
            (node, SEM.hasEarliestBeginTimeStamp, Literal(time.earliest, datatype=XSD.date))
        )
    if time.latest:
        triples.append((node, SEM.hasLatestEndTimeStamp, Literal(time.latest, datatype=XSD.date)))
    if time.text:
        triples.append((node, NK.timeText, Literal(time.text)))
    return triples


def agent_iri(extraction: Extraction, iris: Iris, slug: str, agent: Agent) -> URIRef:
    """The node of a speaker: the entity's, or the article's own node for a description."""
    if agent.entity is not None:
        return entity_node(extraction, iris, agent.entity)
    key = hashlib.sha256(name_key(agent.description or "").encode()).hexdigest()[:12]
    return iris.part(slug, "agent", key)


def _class(extraction: Extraction, index: int) -> URIRef | None:
    """An entity's class: its item's type when linked, else what the article made of it."""
    link = extraction.link_of(index)
    if link is not None:
        return CLASS_OF_KB_TYPE.get(link.type)
    return CLASS_OF_KIND[extraction.entities[index].kind]


def _party_words(extraction: Extraction) -> list[tuple[Span, str, int]]:
    """The mentions of group words the linker took for a party ("Republicans"): their span,
    name key and entity."""
    return [
        (mention.span, name_key(mention.text), link.entity)
        for link in extraction.links
        if link.type == "organization" and extraction.entities[link.entity].demonym
        for mention in extraction.entities[link.entity].mentions
    ]


def _party_speaker(
    text: str, span: Span | None, parties: list[tuple[Span, str, int]]
) -> Agent | None:
    """The party a speaker's words name when they are a group word that the linker took for
    one ("the Republicans said"): extraction leaves group words to the linker, and so such a
    speaker to a description. Only the plural: "the Republican said" is one of its members."""
    if span is None or not parties:
        return None
    words = name_key(text[span.begin : span.end])
    if not words.endswith("s"):
        return None
    # "The Tories said", or the last word of the party's name: "the Liberal Democrats said"
    found = (
        i
        for at, key, i in parties
        if (span.contains(at) and key == words) or (at.contains(span) and key.endswith(words))
    )
    return next((Agent(i) for i in found), None)


def _statement_triples(extraction: Extraction, iris: Iris, slug: str) -> list[Triple]:
    text = extraction.article.text
    article = iris.article(slug)
    triples: list[Triple] = []
    roles = [iris.span_part(slug, "role", role.span) for role in extraction.roles]
    described: set[URIRef] = set()
    parties = _party_words(extraction)
    for role, node in zip(extraction.roles, roles, strict=True):
        holder = entity_node(extraction, iris, role.holder)
        triples += [
            (node, RDF.type, NK.Role),
            (node, SCHEMA.roleName, Literal(role.name)),
            (node, NK.roleHolder, holder),
            *_mention(
                iris,
                slug,
                URIRef(f"{node}/mention"),
                role.span,
                text,
                node,
                role.sentence,
            ),
        ]
        if role.of is not None and _class(extraction, role.of) != NK.Person:
            # A role is an organisation's or a place's: "Okafor's campaign manager" is not
            # Okafor's in that sense (the contract's range), only the title says whose.
            triples.append((node, NK.roleOf, entity_node(extraction, iris, role.of)))
    for statement in extraction.statements:
        node = iris.span_part(slug, "statement", statement.span)
        kind = NK.DirectQuote if statement.kind == "DirectQuote" else NK.ReportedSpeech
        triples += [
            (node, RDF.type, NK.Statement),
            (node, RDF.type, kind),
            (node, SCHEMA.text, Literal(statement.text)),
            (node, NK.reportedIn, article),
            *_mention(
                iris,
                slug,
                URIRef(f"{node}/mention"),
                statement.span,
                text,
                node,
                statement.sentence,
            ),
        ]
        if statement.cue:
            triples.append((node, NK.cue, Literal(statement.cue)))
        if statement.speaker is not None:
            agent = _party_speaker(text, statement.speaker_span, parties) or statement.speaker
            speaker = agent_iri(extraction, iris, slug, agent)
            triples.append((node, NK.speaker, speaker))
            if agent.description is not None and speaker not in described:
                described.add(speaker)  # one label: "The campaign" and "the campaign" are one
                triples += [
                    (speaker, RDF.type, NK.AnonymousAgent),
                    (speaker, RDF.type, PROV.Agent),
                    (speaker, RDFS.label, Literal(agent.description)),
                ]
            elif agent.entity is not None and _class(extraction, agent.entity) == NK.Place:
                # "Russia said": a place that speaks stands for its government, an agent.
                triples.append((speaker, RDF.type, NK.Organization))
            if statement.speaker_span is not None:
                span = statement.speaker_span
                triples += _mention(
                    iris,
                    slug,
                    iris.span_part(slug, "mention", span),
                    span,
                    text,
                    speaker,
                    statement.sentence,
                )
        if statement.role is not None:
            triples.append((node, NK.speakerRole, roles[statement.role]))
        for i in statement.about:
            triples.append((node, SCHEMA.about, entity_node(extraction, iris, i)))
        if statement.time is not None:
            triples += _time_triples(node, statement.time)
    return triples


FACTUALITY = {"Actual": NK.Actual, "Hypothetical": NK.Hypothetical, "Negated": NK.Negated}


def _event_triples(extraction: Extraction, iris: Iris, slug: str) -> list[Triple]:
    text = extraction.article.text
    article = iris.article(slug)
    triples: list[Triple] = []
    nodes = [iris.span_part(slug, "event", event.triggers[0]) for event in extraction.events]
    for event, node in zip(extraction.events, nodes, strict=True):
        triples += [
            (node, RDF.type, NK.Event),
            (node, RDFS.label, Literal(event.label)),
            (node, NK.eventType, EVENT_TYPE[event.type]),
            (node, NK.factuality, FACTUALITY[event.factuality]),
            (node, NK.reportedIn, article),
            (article, SCHEMA.mentions, node),
        ]
        triples += [
            (node, NK.participant, entity_node(extraction, iris, i)) for i in event.participants
        ]
        if event.place is not None:
            triples.append((node, NK.place, entity_node(extraction, iris, event.place)))
        if event.time is not None:
            triples += _time_triples(node, event.time)
        for trigger, sentence in zip(event.triggers, event.sentences, strict=True):
            part = URIRef(f"{node}/mention/{trigger.begin}-{trigger.end}")
            triples += _mention(iris, slug, part, trigger, text, node, sentence)
    for said, at in extraction.made_at:
        statement = iris.span_part(slug, "statement", extraction.statements[said].span)
        triples.append((statement, NK.madeAt, nodes[at]))
    return triples


def extraction_triples(extraction: Extraction, iris: Iris) -> list[Triple]:
    """Every triple of one article's graph, each once, in a stable order."""
    slug = article_slug(extraction.article.identifier)
    triples = _article_triples(extraction.article, iris, slug)
    if extraction.extractor_version:
        triples.append((iris.article(slug), NK.extractor, Literal(extraction.extractor_version)))
    if extraction.language:
        triples.append((iris.article(slug), SCHEMA.inLanguage, Literal(extraction.language)))
    triples += _entity_triples(extraction, iris, slug)
    triples += _statement_triples(extraction, iris, slug)
    triples += _event_triples(extraction, iris, slug)
    return list(dict.fromkeys(triples))


def article_graph(extraction: Extraction, iris: Iris) -> URIRef:
    """The named graph that holds everything extracted from the article."""
    return iris.article_graph(article_slug(extraction.article.identifier))
