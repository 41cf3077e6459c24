"""From named-entity spans to the article's entities: one node per person, organisation, place.

Pure functions over plain records, so they are tested without a model. Within one article,
"Putin", "Vladimir Putin" and "Russian President Vladimir Putin" (the NER span being "Vladimir
Putin") are one person: a shorter person name whose words end (or, alone, begin) a longer
person name of the same article joins it.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kg.extract.lexicon import is_courtesy_title
from kg.model import PROSE_SECTIONS, Article, Entity, EntityKind, Mention, NamedSpan, Span

# spaCy's OntoNotes labels and the kinds of the data contract.
KIND_OF_LABEL: dict[str, EntityKind] = {
    "PERSON": "Person",
    "ORG": "Organization",
    "GPE": "Place",
    "LOC": "Place",
    "FAC": "Place",
}
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "\u00a0": " "})


@dataclass(frozen=True)
class EntitySpan:
    """A named-entity span as the NER (or the reader) found it, already cleaned."""

    span: Span
    text: str
    label: str  # OntoNotes label, e.g. PERSON
    sentence: Span
    weight: float = 1.0  # how far its type is trusted: split pieces less, reader seeds more


def name_key(name: str) -> str:
    """The form under which names compare: Unicode-normalised, casefolded, no leading 'the'."""
    key = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", name).translate(_QUOTES))
    key = key.strip().casefold()
    return key[4:] if key.startswith("the ") else key


def display_name(text: str) -> str:
    """A label for a surface form: spaces collapsed, a name in capitals title-cased."""
    text = re.sub(r"\s+", " ", text).strip()
    words = text.split(" ")
    if len(words) > 1 and all(w.isupper() for w in words if any(c.isalpha() for c in w)):
        return text.title()
    return text


def seed_spans(article: Article) -> list[EntitySpan]:
    """Names the reader located: authors (people) and the dateline (a place)."""
    seeds: list[tuple[NamedSpan, str]] = [(author, "PERSON") for author in article.authors]
    if article.dateline:
        seeds.append((article.dateline, "GPE"))
    return [
        EntitySpan(
            named.span, article.text[named.span.begin : named.span.end], label, named.span, 2.0
        )
        for named, label in seeds
    ]


def in_prose(article: Article, span: Span) -> bool:
    """Whether a span lies in the article's own words (not a byline or a photo credit)."""
    if not article.sections:
        return True
    section = article.section_at(span)
    return section is not None and section.kind in PROSE_SECTIONS


# Last words of a name that make it an institution's, never a person's.
INSTITUTION_HEADS = frozenset(
    "news journal gazette tribune agency party university college institute council ministry"
    " department committee commission association foundation airlines airways television"
    " corporation company inc corp ltd plc fc llc gmbh ag inc. corp. ltd. co. k.k. s.a. n.v."
    " b.v.".split()
)


def _vote_kinds(spans: Iterable[EntitySpan]) -> dict[str, EntityKind]:
    votes: dict[str, Counter[EntityKind]] = defaultdict(Counter)
    for item in spans:
        votes[name_key(item.text)][KIND_OF_LABEL[item.label]] += item.weight  # type: ignore[assignment]
    # Ties go to the kind listed first in KIND_OF_LABEL's order of trust: person, org, place.
    order = {"Person": 0, "Organization": 1, "Place": 2}
    kinds = {
        key: min(counter, key=lambda kind: (-counter[kind], order[kind]))
        for key, counter in votes.items()
    }
    # "CBS News", "the Liberal Party" taken for people: the last word names an institution
    return {
        key: "Organization"
        if kind == "Person" and " " in key and key.rsplit(" ", 1)[-1] in INSTITUTION_HEADS
        else kind
        for key, kind in kinds.items()
    }


def _with_middle_initials(words: list[str], longer: list[str]) -> bool:
    """ "Michael R. Bloomberg" is "Michael Bloomberg" with a middle initial."""
    return (
        len(words) >= 2
        and longer[0] == words[0]
        and longer[-1] == words[-1]
        and len(longer) > len(words)
        and all(len(w.rstrip(".")) == 1 for w in longer[1:-1] if w not in words)
    )


def _person_heads(keys: Sequence[str], kind_of: dict[str, EntityKind]) -> dict[str, str]:
    """Map each short name to the longer person name it abbreviates, when there is one."""
    persons = [k for k in keys if kind_of[k] == "Person"]
    heads: dict[str, str] = {}
    for key in keys:
        words = key.split(" ")
        # "Mr Holm", which the NER may take for an organisation, is Arne Holm
        if len(words) > 1 and is_courtesy_title(words[0]):
            words = words[1:]
        candidates = [
            other
            for other in persons
            if other != key
            and len(other.split(" ")) > len(words)
            and (
                other.split(" ")[-len(words) :] == words
                or (len(words) == 1 and other.split(" ")[0] == words[0])
                or _with_middle_initials(words, other.split(" "))
            )
        ]
        # A non-person key joins a person only when the NER called it an organisation:
        # the small models often take a surname for an ORG, rarely for a place.
        if candidates and (kind_of[key] == "Person" or kind_of[key] == "Organization"):
            surname_first = [c for c in candidates if c.split(" ")[-len(words) :] == words]
            pool = surname_first or candidates
            heads[key] = max(pool, key=lambda c: (len(c.split(" ")), -keys.index(c)))
    return heads


# Words an acronym skips: "Organisation for Economic Co-operation and Development" is OECD.
MINOR_WORDS = frozenset(
    {"of", "the", "and", "for", "&", "on", "in", "de", "la", "du", "des", "del"}
)


def initials(name: str) -> str:
    """The acronym a name of several words would have ("Kurdistan Democratic Party" → "KDP");
    empty for a single word."""
    words = [w for w in name.split() if w.casefold() not in MINOR_WORDS]
    if len(words) < 2 or not all(w[0].isalpha() for w in words):
        return ""
    return "".join(w[0] for w in words).upper()


def _acronym_heads(
    usable: Sequence[EntitySpan], keys: Sequence[str], kind_of: dict[str, EntityKind]
) -> dict[str, str]:
    """Map an acronym ("KDP") to the one name of the article it abbreviates ("Kurdistan
    Democratic Party"); an acronym that fits no name, or two, stays on its own."""
    acronyms = {
        name_key(s.text)
        for s in usable
        if s.text.isupper() and s.text.isalpha() and 2 <= len(s.text) <= 6
    }
    named = defaultdict(list)
    for key in keys:
        if kind_of[key] != "Person" and (short := initials(key)):
            named[short.casefold()].append(key)
    return {
        key: named[key][0]
        for key in acronyms
        if kind_of[key] != "Person" and len(named.get(key, ())) == 1
    }


def group_entities(article: Article, spans: Iterable[EntitySpan]) -> tuple[Entity, ...]:
    """The article's entities, each with all its mentions, in order of first mention."""
    usable = [s for s in spans if s.label in KIND_OF_LABEL and s.text.strip()]
    usable = [s for s in usable if in_prose(article, s.span)] + seed_spans(article)
    usable.sort(key=lambda s: (s.span.begin, s.span.end))
    # The names the reader located keep the kind the data contract gives them, whatever the
    # NER or a name's last word says: a byline's a person ("By Valmont News"), a dateline's a
    # place ("AUSTIN (KXAN) —").
    located: dict[str, EntityKind] = {name_key(a.name): "Person" for a in article.authors}
    if article.dateline is not None:
        located[name_key(article.dateline.name)] = "Place"
    kind_of = _vote_kinds(usable) | located
    keys = list(dict.fromkeys(name_key(s.text) for s in usable))
    heads = _acronym_heads(usable, keys, kind_of) | _person_heads(keys, kind_of)

    groups: dict[str, list[EntitySpan]] = defaultdict(list)
    for item in usable:
        key = name_key(item.text)
        groups[heads.get(key, key)].append(item)

    entities = []
    for key, items in groups.items():
        forms = Counter(display_name(i.text) for i in items)
        label = max(forms, key=lambda f: (name_key(f) == key, len(f.split(" ")), forms[f]))
        alt = tuple(sorted({f for f in forms if name_key(f) != name_key(label)}))
        seen: set[tuple[int, int]] = set()
        mentions = []
        for i in items:
            if (i.span.begin, i.span.end) not in seen:
                seen.add((i.span.begin, i.span.end))
                mentions.append(Mention(i.span, i.text, i.sentence))
        entities.append(Entity(kind_of[key], label, tuple(mentions), alt))
    entities.sort(key=lambda e: (e.mentions[0].span.begin, e.label))
    return tuple(entities)


def nationality_entities(article: Article, spans: Iterable[EntitySpan]) -> tuple[Entity, ...]:
    """Nationality words the NER found (NORP: "Iraqi", "Israelis"), one entity a word, for the
    linker to resolve to their country (`Entity.demonym`). They come after the article's other
    entities, so that nothing resolved before refers to them."""
    groups: dict[str, list[EntitySpan]] = defaultdict(list)
    for item in spans:
        if item.label == "NORP" and item.text.strip() and in_prose(article, item.span):
            groups[name_key(item.text)].append(item)
    entities = []
    for items in groups.values():
        label = Counter(display_name(i.text) for i in items).most_common(1)[0][0]
        mentions = tuple(dict.fromkeys(Mention(i.span, i.text, i.sentence) for i in items).keys())
        entities.append(Entity("Place", label, mentions, demonym=True))
    entities.sort(key=lambda e: (e.mentions[0].span.begin, e.label))
    return tuple(entities)
