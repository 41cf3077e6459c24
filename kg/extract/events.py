"""Events read off spaCy's parse: the registered component `newskg_events`.

A trigger is a verb or a noun of the event type scheme (`lexicon.EVENT_TYPES`: "met",
"talks", "annexation", "concert", ...) or a span spaCy tags EVENT ("World War II"). For each:

- participants: the verb's subject (or, for "summoning" in "responded by summoning", the
  subject of the verb above it), a person or organisation it acts on, "with"/"between"
  objects; for a noun, its owner ("Russia's annexation"), the subject of the verb it serves
  ("Putin is hoping for a conversation"), or the person it is said of ("Putin at a concert");
- place: an "in"/"at"/"from"/"to" place attached to it or its verb;
- time: a date inside it ("2014 annexation"), attached to its verb ("talked ... earlier this
  year"), or standing alone in its sentence ("..., March 18 2021");
- factuality: negated ("not a debate"), hypothetical when hoped for, proposed, planned or
  under a modal ("hoping for a conversation", "offer for the talk", "he'll be busy on a
  trip"), else actual.

Verbs that reported a statement are statements, not events. The resolver (`resolve_events`)
maps the words to the article's entities and merges the mentions of one event.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Token

from kg.extract.attribution import SpeakerCandidate
from kg.extract.lexicon import (
    ARMED_FORCE,
    ATTACKED_IN_WORDS,
    AWARD_WORDS,
    COURT_WORDS,
    CUE_VERBS,
    DIPLOMATS,
    EVENT_NOUN_ONLY,
    EVENT_TYPE_OF_LEMMA,
    EVENT_VERB_ONLY,
    FACT_INTRODUCERS,
    FIGURATIVE_WARS,
    HYPOTHETICAL_GOVERNORS,
    NEGATORS,
    SATISFIED_OBJECTS,
    SIGNED_DOCUMENTS,
    STATEMENTS_AND_EVENTS,
)
from kg.extract.statements import (
    RELATIVE_WORDS,
    _span,
    _subject,
    sentence_span,
    speaker_candidate,
)
from kg.model import Factuality, Span

MAX_LABEL_TOKENS = 12
LOOSE_ENDS = frozenset({"ADP", "CCONJ", "DET", "SCONJ", "PART", "AUX"})
PLACE_PREPOSITIONS = frozenset({"in", "at", "from", "to", "near", "inside", "outside"})
WITH_PREPOSITIONS = frozenset({"with", "between", "against"})
HOST_PREPOSITIONS = frozenset({"at", "during"})
MODALS = frozenset({"will", "would", "could", "may", "might", "should", "shall"})
AGENT_ENTITIES = frozenset({"PERSON", "ORG", "GPE", "NORP"})
PLACE_ENTITIES = frozenset({"GPE", "LOC", "FAC"})

if not Doc.has_extension("newskg_events"):
    Doc.set_extension("newskg_events", default=None)


@dataclass(frozen=True)
class EventCandidate:
    """An event as the parse shows it, before its words are resolved to entities."""

    type: str
    label: str
    trigger: Span
    sentence: Span
    agents: tuple[SpeakerCandidate, ...]
    places: tuple[Span, ...]
    time_text: str | None
    factuality: Factuality
    governor: Span | None  # the verb it hangs on: "told" in "Peskov told a conference call"
    time_rank: int = 0  # how surely the date words are its own (see _time_text)
    host: Span | None = None  # the trigger of the event it took place at ("a speech at a rally")


def event_type(token: Token) -> str | None:
    """The scheme's concept a token triggers, if it is a trigger."""
    found = _event_type(token)
    if found == "DiplomaticAction" and not _of_diplomats(token):
        return None  # "recalled 40,000 cars", "summoned to court", "expelled from school"
    if found == "War" and not _armed(token):
        return None  # "a takeover battle", "clashed with Wasps", "a bidding war"
    if found == "Attack" and _in_words(token):
        return None  # "attacked the Tory plans": criticism, a statement
    if found == "Appointment" and _for_a_prize(token):
        return None  # "four Grammy nominations": a prize's, not a post's
    if found == "Agreement" and not _an_agreement(token):
        return None  # "signed autographs", "a great deal of"
    if token.lemma_ == "offer" and token.tag_ in {"VBZ", "VBP"}:
        return None  # "the firm offers call-centre services": what it provides, no proposal
    if token.lemma_ == "address" and not _an_address_given(token):
        return None  # "no age or address reported", "an email address": where, not a speech
    if found == "Death" and any(c.dep_ == "prt" and c.lower_ == "off" for c in token.children):
        return None  # "killing off demand"
    if (
        found == "Trial"
        and token.tag_ == "NNS"
        and not any(t.lower_ in COURT_WORDS for t in token.sent)
    ):
        return None  # "mobile TV trials", "the cross-country trials"
    return found


def _an_address_given(address: Token) -> bool:
    """Whether "address" is a speech: of a kind ("a televised address"), to an audience ("an
    address to the nation"), or given, delivered, heard ("in an address", "gave an address");
    not a place to write to."""
    if any(c.dep_ in {"amod", "compound"} and c.lower_ in SPEECH_ADDRESS for c in address.children):
        return True
    if any(c.dep_ == "prep" and c.lower_ in {"to", "before"} for c in address.children):
        return True
    head = address.head
    return (address.dep_ == "dobj" and head.lemma_ in {"give", "deliver", "make"}) or (
        address.dep_ == "pobj" and head.lower_ in {"in", "during", "throughout"}
    )


# Kinds of speech an address may be.
SPEECH_ADDRESS = frozenset(
    "televised inaugural keynote commencement farewell radio video opening closing annual"
    " national public presidential state-of-the-union budget nationwide".split()
)


def _for_a_prize(token: Token) -> bool:
    """Whether a nomination is for a prize: counted ("four nominations") or in a sentence that
    names an award ("nominated for best director")."""
    return token.lemma_ in {"nominate", "nomination"} and (
        token.tag_ == "NNS" or any(t.lower_ in AWARD_WORDS for t in token.sent)
    )


def _an_agreement(token: Token) -> bool:
    """Whether "sign" signs a document (or no object is named), and "deal" is not an amount ("a
    great deal of", "a good deal")."""
    if token.pos_ == "VERB" and token.lemma_ == "sign":
        signed = [c for c in token.children if c.dep_ == "dobj"]
        return not signed or signed[0].lemma_.lower() in SIGNED_DOCUMENTS
    if token.lemma_ == "deal":
        return not any(c.dep_ == "amod" and c.lower_ in {"great", "good"} for c in token.children)
    return True


def _in_words(attack: Token) -> bool:
    """Whether an attack's target is a thing attacked in words only: "attacked the plans",
    "an attack on the fares policy" (the target's head noun, not a name)."""
    targets = [c for c in attack.children if c.dep_ == "dobj"]
    targets += [
        o
        for p in attack.children
        if p.dep_ == "prep" and p.lower_ == "on"
        for o in p.children
        if o.dep_ == "pobj"
    ]
    return any(t.lemma_.lower() in ATTACKED_IN_WORDS and not t.ent_type_ for t in targets)


def _armed(token: Token) -> bool:
    """Whether a war's word is of armed conflict: "war" unless a figure of speech names it
    ("bidding war", "anti-doping war"); a battle, a clash or a conflict in a sentence that
    names armed force."""
    if token.lemma_.lower() == "war":
        return not any(
            c.dep_ in {"compound", "amod", "nmod"}
            and (c.lower_ in FIGURATIVE_WARS or c.lower_.startswith("anti"))
            for c in token.children
        )
    return any(t.lower_ in ARMED_FORCE for t in token.sent)


def _of_diplomats(token: Token) -> bool:
    """Whether a summons, recall or expulsion is of diplomats: its object, its passive
    subject or its "of" names one."""
    whom = [c for c in token.children if c.dep_ in {"dobj", "nsubjpass", "pobj"}]
    whom += [o for p in token.children if p.dep_ == "prep" for o in p.children if o.dep_ == "pobj"]
    return any(t.lemma_.lower() in DIPLOMATS for w in whom for t in w.subtree)


def _event_type(token: Token) -> str | None:
    if token.lower_ == "according":  # "according to": a cue of reported speech
        return None
    if token.pos_ == "NOUN":
        if token.lemma_ in EVENT_VERB_ONLY or _in_a_hyphenated_modifier(token):
            return None
        if token.lower_ == "talks":  # the plural is a meeting; "a talk" a conversation
            return "Meeting"
        return EVENT_TYPE_OF_LEMMA.get(token.lemma_.lower())
    if token.pos_ == "VERB":
        lemma = token.lemma_.lower()
        if lemma in EVENT_NOUN_ONLY:
            return None
        if lemma == "step" and not any(c.lower_ in {"down", "aside"} for c in token.children):
            return None
        if lemma == "sign" and any(c.dep_ == "prt" for c in token.children):
            return None  # "sign up customers", "sign off on": no agreement signed
        if lemma == "meet" and any(
            c.dep_ == "dobj" and c.lemma_.lower() in SATISFIED_OBJECTS for c in token.children
        ):
            return None  # "met its targets": no meeting
        if lemma in {"talk", "speak"} and any(
            c.lower_ in {"phone", "telephone"} for p in token.children for c in p.children
        ):
            return "Call"  # "talked to Putin by phone"
        return EVENT_TYPE_OF_LEMMA.get(lemma)
    return None


def _in_a_hyphenated_modifier(noun: Token) -> bool:
    """ "a one-sentence statement", "the pre-election period": a word of a modifier joined by
    hyphens describes the noun after it; no event of its own happens."""
    doc = noun.doc
    joined = (noun.i > 1 and doc[noun.i - 1].text == "-" and not doc[noun.i - 2].whitespace_) or (
        noun.i + 1 < len(doc) and doc[noun.i + 1].text == "-" and not noun.whitespace_
    )
    return joined and noun.dep_ in {"amod", "compound", "nmod"} and noun.head.i > noun.i


def _governor(token: Token) -> Token | None:
    """The nearest verb above a noun (or the verb itself)."""
    if token.pos_ in {"VERB", "AUX"}:
        return token
    for ancestor in list(token.ancestors)[:4]:
        if ancestor.pos_ in {"VERB", "AUX"}:
            return ancestor
    return None


def _label(token: Token) -> str:
    """A short readable name: the noun with its modifiers, or the verb with its objects."""
    doc = token.doc
    if token.pos_ == "NOUN":
        words = [
            t
            for t in token.subtree
            if not (t.i < token.i and t.dep_ in {"det", "poss", "case", "predet"})
        ]
    else:
        kept = [token] + [
            t
            for child in token.children
            if child.dep_ in {"dobj", "prep", "prt", "dative", "agent"}
            for t in child.subtree
        ]
        words = sorted(kept, key=lambda t: t.i)
    # Not a relative clause's words, whose verb ends a label: "plan which she" of "a
    # plan which she has long pushed".
    relative = {t.i for w in words if w.dep_ == "relcl" for t in w.subtree}
    words = [w for w in words if w.i not in relative or w.i == token.i]
    chosen: list[Token] = []
    for word in words:
        if word.i > token.i and (
            word.text in {",", ";", "—", "–", "(", "\n"} or word.dep_ == "relcl"
        ):
            break
        if word.is_space:
            if word.i > token.i:
                break
            chosen = []  # a line break before the trigger: the label starts after it
            continue
        chosen.append(word)
    chosen = [t for t in chosen if t.i >= token.i - 4]  # no long lead-in
    if len(chosen) > MAX_LABEL_TOKENS:
        chosen = chosen[:MAX_LABEL_TOKENS]
        while len(chosen) > 4 and chosen[-1].pos_ in {"ADP", "DET", "CCONJ", "PART", "PRON"}:
            chosen.pop()
    # No loose end: "deal that", "deal that would have", "deal to"
    while chosen and (
        chosen[-1].is_punct or chosen[-1].pos_ in LOOSE_ENDS or chosen[-1].tag_ in RELATIVE_WORDS
    ):
        chosen.pop()
    if token not in chosen:  # whatever the parse, a label holds its trigger
        chosen = [token]
    return doc[chosen[0].i : chosen[-1].i + 1].text


def _agents(token: Token) -> list[Token]:
    found: list[Token] = []
    if token.pos_ == "VERB":
        subject = _subject(token)
        if subject is not None:
            found.append(subject)
        found += [
            c
            for c in token.children
            if c.dep_ in {"dobj", "dative"} and c.ent_type_ in {"PERSON", "ORG"}
        ]
    else:
        found += [c for c in token.children if c.dep_ == "poss"]
        head = token.head
        if (
            token.dep_ == "pobj"
            and head.head.pos_ in {"PROPN", "NOUN"}
            and head.head.ent_type_ in AGENT_ENTITIES
        ):
            found.append(head.head)  # "Putin at a concert"
        # "the death of Ana Lunde", "a meeting of the council"; not a place, nor what
        # an owner's act befell ("Russia's annexation of Crimea")
        named = [
            g
            for c in token.children
            if c.dep_ == "prep" and c.lower_ == "of" and not found
            for g in c.children
            if g.dep_ == "pobj"
            and (g.ent_type_ in {"PERSON", "ORG"} or (g.pos_ == "PROPN" and not g.ent_type_))
        ]
        governor = _governor(token)
        # Who "attended the meeting of the council" or "spoke to the hearing of" it took
        # part; who "mentioned the death of Ana Lunde" did not.
        cited = token.dep_ == "dobj" and governor is not None and governor.lemma_ in CUE_VERBS
        if governor is not None and not found and not (named and cited):
            subject = _subject(governor)
            if subject is not None:
                found.append(subject)
        found += named
    for prep in (
        c
        for c in token.children
        if c.dep_ == "prep" and c.lower_ in WITH_PREPOSITIONS | {"to", "by"}
    ):
        for obj in (c for c in prep.children if c.dep_ == "pobj"):
            if obj.ent_type_ in AGENT_ENTITIES or obj.pos_ in {"PROPN", "PRON"}:
                found.append(obj)
                found += [c for c in obj.children if c.dep_ == "conj"]
    return found


def _host(token: Token) -> Span | None:
    """The event this one took place at or during: "a speech at a celebration", "gave a speech
    at the rally"."""
    hosts = [token, token.head] if token.dep_ == "dobj" else [token]
    preps = [c for h in hosts for c in h.children if c.dep_ == "prep"]
    for prep in (p for p in preps if p.lower_ in HOST_PREPOSITIONS):
        for obj in (c for c in prep.children if c.dep_ == "pobj"):
            if event_type(obj) is not None:
                return _span([obj])
    return None


def _places(token: Token) -> list[Span]:
    places: list[Span] = []
    hosts = [token] + ([g] if (g := _governor(token)) is not None and g is not token else [])
    for host in hosts:
        for prep in (
            c for c in host.children if c.dep_ == "prep" and c.lower_ in PLACE_PREPOSITIONS
        ):
            for obj in (c for c in prep.subtree if c.ent_type_ in PLACE_ENTITIES):
                places.append(_span([obj]))
    # "visited Tomas Berg in Miami", "shelled targets in Kharkiv": the parse hangs the place
    # on the verb's object (not "from" or "to": "bought gas from Norway" is no place of it)
    for obj in (c for c in token.children if token.pos_ == "VERB" and c.dep_ == "dobj"):
        for prep in (
            c
            for c in obj.children
            if c.dep_ == "prep" and c.i > obj.i and c.lower_ in PLACE_PREPOSITIONS - {"from", "to"}
        ):
            places += [_span([o]) for o in prep.children if o.ent_type_ in PLACE_ENTITIES]
    # "a meeting of the Board for Fisheries in Bergen": the parse hangs "in" or "at" on
    # a word of the event's "of" phrase.
    of_words = [
        t
        for p in token.children
        if token.pos_ == "NOUN" and p.dep_ == "prep" and p.lower_ == "of"
        for t in p.subtree
    ]
    for prep in (t for t in of_words if t.dep_ == "prep" and t.lower_ in {"in", "at"}):
        places += [_span([o]) for o in prep.subtree if o.ent_type_ in PLACE_ENTITIES]
    return places


def _dates_in(tokens: list[Token]) -> str | None:
    dates = [t for t in tokens if t.ent_type_ in {"DATE", "TIME"}]
    if not dates:
        return None
    doc = dates[0].doc
    run = [dates[0]]
    for t in dates[1:]:
        if t.i == run[-1].i + 1:
            run.append(t)
        else:
            break
    return doc[run[0].i : run[-1].i + 1].text


SHALLOW = frozenset({"nummod", "compound", "amod", "npadvmod", "tmod", "advmod", "poss"})


def _own_dates(token: Token) -> list[Token]:
    """Date words that modify the trigger itself ("2014 annexation", "on Friday"), not words
    deep inside its modifiers."""
    found: list[Token] = []
    for child in token.children:
        dated = child.dep_ == "prep" and any(
            o.ent_type_ in {"DATE", "TIME"} for o in child.children
        )
        start = child.left_edge.i
        # "..., March 18 2021." set off by a comma is said of the whole sentence.
        aside = child.i > token.i and start > 0 and token.doc[start - 1].text == ","
        if (child.dep_ in SHALLOW or dated) and not aside:
            found += list(child.subtree)
    return found


def _time_text(token: Token, triggers: list[Token]) -> tuple[str | None, int]:
    """The date words of an event and how surely they are its own: 3 when they modify the
    trigger, 2 its verb, 1 when they stand alone in its sentence, 0 when there are none."""
    if own := _dates_in(_own_dates(token)):
        return own, 3
    governor = _governor(token)
    if (
        governor is not None
        and governor is not token
        and (found := _dates_in(_own_dates(governor)))
    ):
        return found, 2
    # A date standing alone in the sentence belongs to its first event ("..., March 18 2021").
    if triggers and triggers[0] is token:
        others = {t.i for x in triggers[1:] for t in _own_dates(x)}
        if loose := _dates_in([t for t in token.sent if t.i not in others]):
            return loose, 1
    return None, 0


def _governs_hypothetically(token: Token) -> bool:
    """Hoped for, proposed, planned."""
    return token.lemma_.lower() in HYPOTHETICAL_GOVERNORS


def _ancestors_in_view(token: Token) -> list[Token]:
    """The event's nearest ancestors whose wishes or plans can make it hypothetical: up to
    four, and none above a clause or phrase that says it happened ("after ...", "since ...")."""
    seen: list[Token] = []
    node = token
    while node.head.i != node.i and len(seen) < 4:
        if any(c.dep_ == "mark" and c.lower_ in FACT_INTRODUCERS for c in node.children) or (
            node.dep_ == "pobj" and node.head.lower_ in FACT_INTRODUCERS
        ):
            break
        node = node.head
        seen.append(node)
    return seen


def _factuality(token: Token) -> Factuality:
    governor = _governor(token)
    near = [token] + ([governor] if governor is not None else [])
    if any(
        c.lower_ in NEGATORS
        for t in near
        for c in t.children
        if c.dep_ in {"neg", "det", "advmod", "preconj"}
    ):
        return "Negated"
    if token.i > 0 and token.doc[token.i - 1].lower_ in {"not", "no"}:
        return "Negated"
    if any(_governs_hypothetically(a) for a in _ancestors_in_view(token)):
        return "Hypothetical"
    if any(c.lemma_.lower() in MODALS for t in near for c in t.children if c.dep_ == "aux"):
        return "Hypothetical"
    return "Actual"


def event_candidates(doc: Doc, excluded: list[Span], cues: set[Span]) -> list[EventCandidate]:
    """Every event the parse shows, in text order."""
    found: list[EventCandidate] = []
    # Read once: each reading of doc.ents, or of a sentence's, walks the whole Doc.
    # (Not a piece the NER cut off with no name in it: "the 2007" of "the 2007 World Cup".)
    named_events = [
        e
        for e in doc.ents
        if e.label_ == "EVENT" and any(t.is_alpha and t.is_title and t.lower_ != "the" for t in e)
    ]
    for sent in doc.sents:
        if any(x.begin <= sent.start_char < x.end for x in excluded):
            continue
        triggers = [
            t
            for t in sent
            if event_type(t) is not None
            and (_span([t]) not in cues or t.lemma_ in STATEMENTS_AND_EVENTS)
        ]
        for token in triggers:
            type_ = event_type(token)
            assert type_ is not None
            governor = _governor(token)
            time_text, time_rank = _time_text(token, triggers)
            found.append(
                EventCandidate(
                    type=type_,
                    label=_label(token),
                    trigger=_span([token]),
                    sentence=sentence_span(sent),
                    agents=tuple(speaker_candidate(t) for t in _agents(token)),
                    places=tuple(_places(token)),
                    time_text=time_text,
                    factuality=_factuality(token),
                    governor=_span([governor]) if governor is not None else None,
                    time_rank=time_rank,
                    host=_host(token),
                )
            )
        for ent in (e for e in named_events if sent.start <= e.start and e.end <= sent.end):
            # A named event ("World War II") takes part in its sentence as a noun does: its
            # participants are the agents of the verb it serves ("Britain fought in ...").
            root = ent.root
            time_text, time_rank = _time_text(root, [root])
            governor = _governor(root)
            found.append(
                EventCandidate(
                    type="NamedEvent",
                    label=ent.text,
                    trigger=_span(ent),
                    sentence=sentence_span(sent),
                    agents=tuple(speaker_candidate(t) for t in _agents(root) if t not in ent),
                    places=tuple(_places(root)),
                    time_text=time_text,
                    factuality="Actual",
                    governor=_span([governor]) if governor is not None else None,
                    time_rank=time_rank,
                )
            )
    return found


@Language.component("newskg_events")
def find_events(doc: Doc) -> Doc:
    """Set doc._.newskg_events (after newskg_statements: its cues are not events)."""
    excluded = doc.user_data.get("newskg_excluded", [])
    cues = {c.cue_span for c in doc._.newskg_statements or [] if c.cue_span is not None}
    doc._.newskg_events = event_candidates(doc, excluded, cues)
    return doc
