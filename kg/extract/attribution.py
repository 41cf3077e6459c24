"""Who said what: candidate statements and roles (plain records) resolved to the article's
entities. Pure functions, so every rule is tested on hand-built records.

Speakers are resolved the way a reader does: a name is the entity it names; "he" or "she" is
the person last in view, preferring one who was the subject of a sentence; "the spokesperson"
is whoever the article introduced with that title; a description that never resolves ("a
senior official") stays a description, an agent of its own, never a wrong person.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Literal, Protocol, TypeVar

from kg.extract.entities import in_prose, name_key
from kg.extract.lexicon import ORGANISATION_WORDS, TITLE_TAIL_WORDS
from kg.extract.timex import resolve_time
from kg.model import Agent, Article, Entity, Event, Factuality, Role, Span, Statement, TimeValue

SpeakerForm = Literal["name", "pronoun", "nominal"]
# What a pronoun can stand for; others ("they", "we") stay descriptions with their mention.
PRONOUN_KINDS: dict[str, set[str]] = {
    "he": {"Person"},
    "she": {"Person"},
    "him": {"Person"},
    "her": {"Person"},
    "his": {"Person"},  # "his allegations that ...": a noun cue's owner
    "it": {"Organization"},
    "its": {"Organization"},
}
FIRST_PERSON = frozenset({"i", "me"})
MIN_CONTENT_CHARS = 3
# How far back "he" may look for the person it stands for, in characters.
PRONOUN_WINDOW = 1500
_Item = TypeVar("_Item")


@dataclass(frozen=True)
class SpeakerCandidate:
    """The words that stand for the speaker in one statement."""

    phrase: Span  # the whole subject phrase: "Kremlin spokesperson Dmitry Peskov"
    head: Span  # its head word: "Peskov", "he", "spokesperson"
    form: SpeakerForm
    description: str  # the phrase without a leading determiner: "senior official"
    modifiers: tuple[str, ...] = ()  # words before a nominal head: ("Russian",)
    pointer: Span | None = None  # a relative pronoun that stands for it here: "who said"
    definite: bool = False  # "the company", not "a company": one the reader already knows


@dataclass(frozen=True)
class StatementCandidate:
    """A statement as the parse shows it, before its speaker is known."""

    direct: bool
    content: Span
    sentence: Span
    cue: str | None
    cue_span: Span | None
    speaker: SpeakerCandidate | None
    time_text: str | None = None
    continues: bool = False  # a quote with no cue of its own: the previous speaker goes on


class EventCandidateLike(Protocol):
    """What the resolver needs of an event candidate (events.EventCandidate has it)."""

    @property
    def type(self) -> str: ...
    @property
    def label(self) -> str: ...
    @property
    def trigger(self) -> Span: ...
    @property
    def sentence(self) -> Span: ...
    @property
    def agents(self) -> tuple[SpeakerCandidate, ...]: ...
    @property
    def places(self) -> tuple[Span, ...]: ...
    @property
    def time_text(self) -> str | None: ...
    @property
    def factuality(self) -> Factuality: ...
    @property
    def governor(self) -> Span | None: ...
    @property
    def time_rank(self) -> int: ...
    @property
    def host(self) -> Span | None: ...


@dataclass(frozen=True)
class RoleCandidate:
    """A title next to a name: "Kremlin spokesperson" before "Dmitry Peskov"."""

    name: str
    span: Span
    holder: Span  # the name's span
    of: Span | None  # an organisation or place named in the title
    of_demonym: str | None  # "Russian" in "Russian President"
    sentence: Span


def _overlaps(a: Span, b: Span) -> bool:
    return a.begin < b.end and b.begin < a.end


def _near(items: Sequence[_Item], begins: Sequence[int], low: int, high: int) -> Sequence[_Item]:
    """The items (sorted by where they begin, `begins`) that begin from `low` to `high`."""
    return items[bisect_left(begins, low) : bisect_right(begins, high)]


class EntityIndex:
    """Which entity a span of text names, and who was last in view at a point. Each question
    looks only at the mentions near its point (found by bisection), so that answering them all
    grows with the article, not with its square."""

    def __init__(
        self, entities: Sequence[Entity], subjects: frozenset[Span], article: Article | None = None
    ) -> None:
        self.entities = entities
        self.article = article
        # Only the article's own words: the byline's author is no antecedent of "she".
        self.mentions = sorted(
            (m.span, i)
            for i, e in enumerate(entities)
            for m in e.mentions
            if article is None or in_prose(article, m.span)
        )
        self._begins = [span.begin for span, _ in self.mentions]
        self._longest = max((span.end - span.begin for span, _ in self.mentions), default=0)
        # Mentions that were the subject of a verb: the likeliest antecedents of a pronoun.
        ordered = sorted(subjects)
        begins = [s.begin for s in ordered]
        longest = max((s.end - s.begin for s in ordered), default=0)
        self.subject_mentions = {
            span
            for span, _ in self.mentions
            if any(
                _overlaps(span, s) for s in _near(ordered, begins, span.begin - longest, span.end)
            )
        }

    def at(self, span: Span) -> int | None:
        """The entity with a mention overlapping the span (the longest such mention)."""
        near = _near(self.mentions, self._begins, span.begin - self._longest, span.end)
        hits = [(s.end - s.begin, i) for s, i in near if _overlaps(s, span)]
        return max(hits)[1] if hits else None

    def last_before(
        self, offset: int, kinds: set[str], outside: Span | None, sentence: Span
    ) -> int | None:
        """The entity of the given kinds last in view before offset: the last that was a
        subject (of this sentence's clauses or an earlier one's), else the nearest one earlier
        in the same sentence, else the last mentioned. Not a name the sentence only passes by:
        "Asked about Ms Ortiz's plan, he said" is not Ortiz speaking."""
        near = _near(self.mentions, self._begins, offset - PRONOUN_WINDOW - self._longest, offset)
        seen = [
            (span, i)
            for span, i in near
            if span.end <= offset
            and offset - span.end <= PRONOUN_WINDOW
            and self.entities[i].kind in kinds
            and not (outside and _overlaps(span, outside))
        ]
        if outside is not None and not outside.begin <= offset < outside.end:
            # whom the words name is seldom who speaks them ("“Jacques never said why,” he
            # added" is not Jacques); unless the speaker stands inside them, in the writer's
            # sentence ("Ruiz tried the radio, which, she said, ...")
            named = {
                i
                for span, i in _near(self.mentions, self._begins, outside.begin, outside.end)
                if span.end <= outside.end
            }
            seen = [(s, i) for s, i in seen if i not in named] or seen
        same_sentence = [(s, i) for s, i in seen if s.begin >= sentence.begin]
        subjects = [(s, i) for s, i in seen if s in self.subject_mentions]
        pool = subjects or same_sentence or seen
        return pool[-1][1] if pool else None


def demonym_place(demonym: str, entities: Sequence[Entity]) -> int | None:
    """The place a demonym names ("Russian" → Russia, "Ukrainian" → Ukraine), if mentioned."""
    stem = name_key(demonym)
    best = None
    for i, entity in enumerate(entities):
        if entity.kind != "Place":
            continue
        for name in (entity.label, *entity.alt_labels):
            key = name_key(name)
            common = len(_common_prefix(key, stem))
            if common >= 4 and common >= len(key) - 1 and (best is None or common > best[0]):
                best = (common, i)
    return best[1] if best else None


def _common_prefix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


def resolve_roles(candidates: Sequence[RoleCandidate], index: EntityIndex) -> list[Role]:
    """Roles whose holder is one of the article's entities."""
    roles: list[Role] = []
    seen: set[tuple[int, str]] = set()
    spans: set[Span] = set()  # a role's node is its words': one role a span
    for c in candidates:
        if c.span in spans:
            continue
        holder = index.at(c.holder)
        if holder is None or index.entities[holder].kind != "Person":
            continue
        of = index.at(c.of) if c.of else None
        if of is None and c.of_demonym:
            of = demonym_place(c.of_demonym, index.entities)
        key = (holder, name_key(c.name))
        if key in seen:
            continue
        seen.add(key)
        spans.add(c.span)
        roles.append(Role(c.name, holder, of, c.span, c.sentence))
    return roles


def _role_words(role: Role) -> set[str]:
    return {w.casefold() for w in re.findall(r"[^\W\d_]+", role.name)}


def _role_head(role: Role) -> str:
    """The word a title names its holder by: "minister" of "Russia's foreign minister" and of
    "minister for roads"; not "party" of "chairman of the party"."""
    words = re.findall(r"[^\W\d_]+", role.name.casefold())
    cut = next((k for k, w in enumerate(words) if k and w in TITLE_TAIL_WORDS), len(words))
    return words[cut - 1] if cut else ""


def _by_title(
    speaker: SpeakerCandidate, roles: Sequence[Role], index: EntityIndex, before: int
) -> int | None:
    """The holder of a role the nominal names ("the spokesperson"), the latest one in view."""
    head = _head_word(speaker)
    fitting = [r for r in roles if head == _role_head(r) and r.span.end <= before]
    if speaker.modifiers:  # "the Russian president": the role of Russia, when there is one
        wanted = {m.casefold() for m in speaker.modifiers}
        narrowed = [r for r in fitting if wanted & _role_words(r)]
        fitting = narrowed or fitting
    return fitting[-1].holder if fitting else None


def resolve_speaker(
    candidate: StatementCandidate,
    roles: Sequence[Role],
    index: EntityIndex,
    enclosing: Agent | None = None,
    author: int | None = None,
) -> Agent:
    """The agent the speaker's words stand for. `enclosing` is the speaker of a statement whose
    words hold this one: "Putin said he'd be busy" - he is Putin; `author` the article's sole
    author, the "I" outside its quotations."""
    assert candidate.speaker is not None
    return resolve_agent(
        candidate.speaker, candidate.content, candidate.sentence, roles, index, enclosing, author
    )


def resolve_agent(
    speaker: SpeakerCandidate,
    content: Span,
    sentence: Span,
    roles: Sequence[Role],
    index: EntityIndex,
    enclosing: Agent | None = None,
    author: int | None = None,
) -> Agent:
    """The agent words stand for: a name's entity, a pronoun's antecedent, a title's holder,
    or else the description itself."""

    def enclosing_kind(agent: Agent) -> str | None:
        return index.entities[agent.entity].kind if agent.entity is not None else None

    if speaker.form == "name":
        found = index.at(speaker.head)
        if found is not None:
            return Agent(found)
    elif speaker.form == "pronoun":
        word = speaker.description.casefold()
        kinds = PRONOUN_KINDS.get(word, set())
        if enclosing and enclosing.entity is not None and enclosing_kind(enclosing) in kinds:
            return enclosing
        if word in FIRST_PERSON and author is not None:
            # "I" outside quotation marks is the writer, in reported speech too ("she said I
            # had misread it"): cues inside a quotation are not taken.
            return Agent(author)
        found = index.last_before(speaker.head.begin, kinds, content, sentence) if kinds else None
        if found is not None:
            return Agent(found)
    else:
        # The headline and standfirst sum up the article: the holder of their title ("Governor
        # says ...") is named below them.
        article = index.article
        summary = article is not None and _in_summary(article, speaker.head)
        before = len(article.text) if article is not None and summary else speaker.head.begin
        found = _by_title(speaker, roles, index, before)
        if found is None and speaker.definite and _head_word(speaker) in ORGANISATION_WORDS:
            # "the company said": the organisation last in view. (Not the last with the word in
            # its name: "the bank" is as often a bank whose name lacks the word as a central
            # bank named before it.)
            found = index.last_before(speaker.head.begin, {"Organization"}, content, sentence)
        if found is not None:
            return Agent(found)
    return Agent(None, speaker.description or "unnamed source")


def _in_summary(article: Article, span: Span) -> bool:
    section = article.section_at(span)
    return section is not None and section.kind in {"headline", "standfirst"}


def _head_word(speaker: SpeakerCandidate) -> str:
    return speaker.description.split()[-1].casefold() if speaker.description else ""


def _sole_author(article: Article, entities: Sequence[Entity]) -> int | None:
    """The entity of the article's author, when it has one only."""
    if len(article.authors) != 1:
        return None
    key = name_key(article.authors[0].name)
    return next((i for i, e in enumerate(entities) if name_key(e.label) == key), None)


def _statement_role(speaker: Agent | None, sentence: Span, roles: Sequence[Role]) -> int | None:
    if speaker is None or speaker.entity is None:
        return None
    held = [i for i, r in enumerate(roles) if r.holder == speaker.entity]
    in_sentence = [i for i in held if _overlaps(roles[i].span, sentence)]
    chosen = in_sentence or held
    return chosen[0] if chosen else None


def _default_time(published: datetime | date | None) -> TimeValue | None:
    if published is None:
        return None
    day = published.date() if isinstance(published, datetime) else published
    return TimeValue(latest=day)


def _stripped(text: str, span: Span) -> Span:
    """The span without white space at its edges (a tokenised text's quotation, "“ words ”",
    leaves some inside the marks)."""
    begin, end = span.begin, span.end
    while begin < end and text[begin].isspace():
        begin += 1
    while end > begin and text[end - 1].isspace():
        end -= 1
    return Span(begin, end)


def resolve_statements(
    article: Article,
    entities: Sequence[Entity],
    candidates: Sequence[StatementCandidate],
    role_candidates: Sequence[RoleCandidate],
    subjects: frozenset[Span] = frozenset(),
) -> tuple[list[Statement], list[Role]]:
    """Statements with their speakers, roles, what they are about and when."""
    index = EntityIndex(entities, subjects, article)
    roles = resolve_roles(role_candidates, index)
    author = _sole_author(article, entities)
    statements: list[Statement] = []
    previous: Statement | None = None
    for c in sorted(candidates, key=lambda c: (c.content.begin, -c.content.end)):
        c = replace(c, content=_stripped(article.text, c.content))
        if len(article.text[c.content.begin : c.content.end].strip()) < MIN_CONTENT_CHARS:
            continue
        holders = [
            st.speaker
            for st in statements
            if st.speaker is not None and c.speaker and st.span.contains(c.speaker.head)
        ]
        if c.continues:
            if previous is None or previous.speaker is None:
                continue
            speaker, speaker_span = previous.speaker, None
        elif c.speaker is None:
            speaker, speaker_span = None, None
        else:
            speaker = resolve_speaker(c, roles, index, holders[-1] if holders else None, author)
            speaker_span = c.speaker.pointer or c.speaker.head
        about = sorted(
            {
                i
                for span, i in index.mentions
                if c.content.contains(span) and (speaker is None or i != speaker.entity)
            }
        )
        time = resolve_time(c.time_text, article.published) if c.time_text else None
        statement = Statement(
            kind="DirectQuote" if c.direct else "ReportedSpeech",
            span=c.content,
            text=article.text[c.content.begin : c.content.end],
            sentence=c.sentence,
            speaker=speaker,
            speaker_span=speaker_span,
            cue=c.cue,
            cue_span=c.cue_span,
            role=_statement_role(speaker, c.sentence, roles),
            about=tuple(about),
            time=time or _default_time(article.published),
        )
        statements.append(statement)
        if speaker is not None:
            previous = statement
    return _without_repeats(article, statements), roles


def _without_repeats(article: Article, statements: list[Statement]) -> list[Statement]:
    """The statements but those the article repeats: the same speaker's words in the same
    sentence again (a teaser repeating the lead, a pull quote: the first is kept), or a teaser
    cut short before the paragraph it opens ("..., saying the responses": the whole
    is kept)."""

    def normal(text: str) -> str:
        return " ".join(text.casefold().split())

    by_speaker: dict[Agent | None, list[tuple[Statement, str]]] = {}
    for s in statements:
        by_speaker.setdefault(s.speaker, []).append((s, normal(s.text)))

    def sentence(s: Statement) -> str:
        return normal(article.text[s.sentence.begin : s.sentence.end])

    def repeated(s: Statement) -> bool:
        words = normal(s.text)
        for o, other in by_speaker[s.speaker]:
            if o is s or not other.startswith(words):
                continue
            if other == words and o.span.begin < s.span.begin and sentence(o) == sentence(s):
                return True  # said again: the first stays
            if (
                len(other) > len(words)
                and o.span.begin > s.span.begin
                and sentence(o).startswith(sentence(s))
            ):
                return True  # cut short: the whole stays
        return False

    return [s for s in statements if not repeated(s)]


def resolve_events(
    article: Article,
    entities: Sequence[Entity],
    candidates: Sequence[EventCandidateLike],
    roles: Sequence[Role],
    statements: Sequence[Statement],
    subjects: frozenset[Span] = frozenset(),
) -> tuple[list[Event], list[tuple[int, int]]]:
    """Events with their participants, place and time; one node per event however often the
    article mentions it; and the (statement, event) pairs of statements made at an event."""
    index = EntityIndex(entities, subjects, article)
    events: list[Event] = []
    governors: list[Span | None] = []
    ranks: list[int] = []  # how surely each event's time is its own
    dated: list[bool] = []  # whether any mention of it gave a time
    hosts: list[Span | None] = []
    for c in candidates:
        participants: list[int] = []
        for agent in c.agents:
            resolved = resolve_agent(agent, c.trigger, c.sentence, roles, index)
            if resolved.entity is not None and resolved.entity not in participants:
                participants.append(resolved.entity)
        places = [i for span in c.places if (i := index.at(span)) is not None]
        places = [i for i in places if entities[i].kind == "Place"]
        # Where it happened is not who took part: "travelled to Oslo", "a Baltic trip".
        participants = [p for p in participants if p not in places]
        if not participants:
            continue  # an event is something someone did, or planned, or denied
        time = resolve_time(c.time_text, article.published) if c.time_text else None
        if time is None and c.factuality == "Actual":
            time = _default_time(article.published)
        event = Event(
            type=c.type,
            label=c.label,
            triggers=(c.trigger,),
            sentences=(c.sentence,),
            participants=tuple(participants),
            place=places[0] if places else None,
            time=time,
            factuality=c.factuality,
        )
        same = next((n for n, e in enumerate(events) if _same_event(e, event)), None)
        if same is None:
            events.append(event)
            governors.append(c.governor)
            ranks.append(c.time_rank)
            dated.append(c.time_text is not None)
            hosts.append(c.host)
        else:
            # The mention whose date words are most surely its own gives the event its time.
            better = c.time_rank > ranks[same]
            events[same] = _merge(events[same], event, keep_time=not better)
            ranks[same] = max(ranks[same], c.time_rank)
            dated[same] = dated[same] or c.time_text is not None
            hosts[same] = hosts[same] or c.host
    # An event with no date of its own took place when the event it was at did ("a speech at
    # the celebration", the celebration dated elsewhere).
    at = {trigger: n for n, e in enumerate(events) for trigger in e.triggers}
    for n, host in enumerate(hosts):
        h = at.get(host) if host is not None else None
        if h is not None and h != n and not dated[n] and dated[h]:
            events[n] = replace(events[n], time=events[h].time)
    made_at = [
        (s, e)
        for s, statement in enumerate(statements)
        for e, governor in enumerate(governors)
        if governor is not None and statement.cue_span == governor
    ]
    return events, made_at


def _same_event(a: Event, b: Event) -> bool:
    """Two mentions of one event: same type and factuality, and the same people in it ("the
    proposed talk", then "the conversation")."""
    talk = {"Conversation", "Meeting"}
    same_type = a.type == b.type or (a.type in talk and b.type in talk)
    return (
        same_type
        and not _apart(a.time, b.time)
        and a.factuality == b.factuality
        and a.type != "NamedEvent"
        and len(set(a.participants) & set(b.participants))
        >= min(2, len(a.participants), len(b.participants))
    )


def _apart(a: TimeValue | None, b: TimeValue | None) -> bool:
    """Whether two times named are of two events: days or spans that do not meet ("phoned on
    Monday", "spoke by phone on Tuesday"; "tried in May 1990", "tried again in March
    1993"). A span open at one end, as "before the article" is, meets any."""
    first, second = _closed(a), _closed(b)
    if first is None or second is None:
        return False
    return first[1] < second[0] or second[1] < first[0]


def _closed(time: TimeValue | None) -> tuple[date, date] | None:
    if time is None:
        return None
    if time.day is not None:
        return time.day, time.day
    if time.earliest is not None and time.latest is not None:
        return time.earliest, time.latest
    return None


def _merge(a: Event, b: Event, keep_time: bool) -> Event:
    return Event(
        type=a.type,
        label=a.label,
        triggers=a.triggers + b.triggers,
        sentences=a.sentences + b.sentences,
        participants=tuple(dict.fromkeys(a.participants + b.participants)),
        place=a.place if a.place is not None else b.place,
        time=a.time if keep_time else b.time,
        factuality=a.factuality,
    )
