"""Statements and roles read off spaCy's parse: the registered component `newskg_statements`.

Reported speech is a cue (a verb of saying or thinking, "according to", a noun such as
"confirmation") with its clause: "Peskov said (that) Russia is going ahead ...". A quotation
whose clause is the cue's is a direct quote; a quoted fragment inside a reported clause stays
part of it (a mixed quote). A quotation with no cue of its own is attributed to the subject of
its sentence ("Putin fired back with ... “it takes one to know one”") or, standing alone,
continues the previous speaker's words. Words inside a quotation are the quoted speaker's:
cues there are not the article's.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from kg.extract.attribution import RoleCandidate, SpeakerCandidate, StatementCandidate
from kg.extract.lexicon import (
    ADDRESSEE_CUES,
    AT_A_FIGURE,
    CUE_VERBS,
    FINDING_VERBS,
    HONORIFICS,
    INVERTED_CUES,
    NAMING_VERBS,
    NOUN_CUES,
    OBJECT_CUES,
    ORDER_CUES,
    PREDICATE_CUES,
    PREPOSITION_CUES,
    QUOTING_VERBS,
    REASON_PREPOSITIONS,
    SPEECH_VERBS,
    THOUGHT_VERBS,
    TITLE_PREPOSITIONS,
    TITLE_TAIL_PREPOSITIONS,
    XCOMP_CUES,
    is_courtesy_title,
    is_honorific,
)
from kg.extract.quotes import SPEAKER_LABEL, Quote, find_quotes, words
from kg.model import Span

SUBJECTS = frozenset({"nsubj", "nsubjpass"})
RELATIVE_PRONOUNS = frozenset({"WP", "WDT"})  # who, that, which
RELATIVE_WORDS = RELATIVE_PRONOUNS | {"WP$"}  # and whose
PLACES = frozenset({"GPE", "LOC", "FAC"})
ORG_OR_PLACE = PLACES | {"ORG"}
DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those", "some", "one"})
EDGE_PUNCTUATION = " \t\n,;:—–-"
TRAILING_CONJUNCTION = re.compile(r"(?<![^\s,;—–-])(?:and|but|or)$")
QUOTE_MARKS = "\"“”‘’'"
DATES_AND_TIMES = frozenset({"DATE", "TIME"})
# The endings of nouns that name people by what they do: spokesman, leader, governor,
# economist, president, consultant, politician, nominee, candidate, critic, poet, athlete,
# actress, diplomat.
AGENT_SUFFIXES = (
    *("man", "woman", "person", "er", "or", "ist", "ent", "ant", "ian", "ee", "ate", "ic"),
    *("et", "ete", "ess", "at"),
)
TIME_WORDS = frozenset({"former", "late", "then", "ex"})
# Nouns with a person's ending that name no person.
THINGS = frozenset({"event", "percent", "content", "extent", "intent", "accent", "number"})
THINGS |= {"order", "paper", "matter", "letter", "power", "border", "center", "quarter"}
NOT_AGENTS = ("ment", "ence", "ance", "ate")  # statement, conference, entrance; "state"
AGENT_HEADS = frozenset(
    {"head", "member", "chief", "aide", "official", "boss", "coach", "host", "star", "legend"}
    | {"mogul", "chair", "envoy", "staff", "guard", "spokesperson", "analyst", "attorney"}
    | {"rival", "mate", "colleague", "ally", "adviser", "deputy", "veteran", "expert"}
    | {"scholar", "executive", "architect", "surrogate", "confidante", "representative"}
    | {"operative", "detective", "fellow", "chef", "pilot", "officer", "guru", "czar"}
)
# A quotation needs this many words to be a statement rather than a scare quote or a title.
MIN_QUOTE_WORDS = 4
# Sections whose words are not the article's own reporting: statements are not taken there.
NOT_REPORTING = frozenset({"byline", "credit", "related"})

if not Doc.has_extension("newskg_statements"):
    Doc.set_extension("newskg_statements", default=None)
    Doc.set_extension("newskg_roles", default=None)
    Doc.set_extension("newskg_subjects", default=None)


def _span(tokens: SpacySpan | list[Token]) -> Span:
    first, last = tokens[0], tokens[-1]
    return Span(first.idx, last.idx + len(last.text))


def _without_trailing_space(tokens: SpacySpan) -> SpacySpan:
    """The tokens without the line breaks that end a paragraph's last sentence."""
    end = tokens.end
    while end > tokens.start + 1 and tokens.doc[end - 1].is_space:
        end -= 1
    return tokens.doc[tokens.start : end]


def sentence_span(sent: SpacySpan) -> Span:
    """Where a sentence lies, without the line breaks after it (spaCy counts them in)."""
    return _span(_without_trailing_space(sent))


def _words(tokens: list[Token]) -> str:
    """The tokens as the text spaces them ("namesake's son", not "namesake 's son");
    a single space where the list skips tokens."""
    return "".join(
        t.text + (t.whitespace_ if i + 1 < len(tokens) and tokens[i + 1].i == t.i + 1 else " ")
        for i, t in enumerate(tokens)
    ).strip()


def _subtree(token: Token) -> Span:
    return Span(token.left_edge.idx, token.right_edge.idx + len(token.right_edge.text))


def _overlaps(a: Span, b: Span) -> bool:
    return a.begin < b.end and b.begin < a.end


def _trim(text: str, span: Span) -> Span:
    begin, end = span.begin, span.end
    while begin < end and (text[begin] in EDGE_PUNCTUATION or text[begin].isspace()):
        begin += 1  # any white space: a no-break space ends many a pasted sentence
    while end > begin and (text[end - 1] in EDGE_PUNCTUATION or text[end - 1].isspace()):
        end -= 1
    # a bracket whose pair lies outside: "(they prefer smaller ferries"
    if begin < end and text[begin] == "(" and ")" not in text[begin:end]:
        return _trim(text, Span(begin + 1, end))
    if begin < end and text[end - 1] == ")" and "(" not in text[begin:end]:
        return _trim(text, Span(begin, end - 1))
    # "... by the end of March and": a conjunction whose other half went elsewhere
    if (tail := TRAILING_CONJUNCTION.search(text, begin, end)) is not None:
        return _trim(text, Span(begin, tail.start()))
    return Span(begin, end)


class _Context:
    """What the rules consult about one Doc: quotations, sections, the dateline."""

    def __init__(self, doc: Doc, excluded: list[Span], dateline_end: int | None) -> None:
        self.doc = doc
        self.text = doc.text
        self.quotes = find_quotes(self.text)
        self.excluded = excluded
        self.dateline_end = dateline_end

    def quoted(self, offset: int) -> Quote | None:
        for quote in self.quotes:
            if quote.inner.begin <= offset < quote.inner.end:
                return quote
        return None

    def quoted_share(self, span: Span) -> float:
        inside = sum(
            max(0, min(q.inner.end, span.end) - max(q.inner.begin, span.begin)) for q in self.quotes
        )
        return inside / max(1, span.end - span.begin)

    def reporting(self, span: Span) -> bool:
        return not any(x.begin <= span.begin < x.end for x in self.excluded)

    def _quotes_a_phrase(self, head: Token | None, quoted: Span) -> bool:
        """ "said the gap was “too wide”", "described the plan as “a ploy”": the word the span
        hangs on (the clause's verb, the object), before the marks, is the writer's; the marks
        quote a phrase (not so "saying, “...”": the quotation is what is said). So too the
        writer's subject before a quoted predicate ("that data “is our eyes and ears”"), and
        the writer's verb after a quoted subject ("“between 100,000 and 200,000” could die")."""
        if head is None:
            return False
        introduced = self.text[: quoted.begin - 1].rstrip()[-1:] in {",", ":"}
        if quoted.begin <= head.idx < quoted.end:
            return not introduced and any(
                c.dep_ in {"nsubj", "nsubjpass"} and _subtree(c).end <= quoted.begin
                for c in head.children
            )
        if head.pos_ in {"VERB", "AUX"} and head.lemma_ in CUE_VERBS:
            return False
        if head.idx >= quoted.end:
            return head.pos_ in {"VERB", "AUX"} and self.quoted(head.idx) is None
        return not introduced

    def content(
        self, span: Span, cue: Span | None = None, head: Token | None = None
    ) -> tuple[Span, bool]:
        """A clause's span, trimmed, and whether it is a direct quote (then: inside the marks).
        The cue, when the span holds it, is a quotation's interruption ("“A,” she said, “B”");
        `head` is the word the span hangs on (the clause's verb, or the cue's object)."""
        span = _trim(self.text, span)
        if self.dateline_end is not None and span.begin < self.dateline_end < span.end:
            span = _trim(self.text, Span(self.dateline_end, span.end))
        if span.end == span.begin:
            return span, False
        inside = [q.inner for q in self.quotes if _overlaps(q.inner, span)]
        # Quoted pieces with the writer's words between them ("was ‘appalled’ by “these
        # charges”") are reported speech that quotes, not one quotation.
        pieced = any(
            any(c.isalnum() for c in self.text[a.end : b.begin])
            and not (cue is not None and a.end <= cue.begin < b.begin)
            for a, b in itertools.pairwise(inside)
        )
        phrase_quoted = bool(inside) and self._quotes_a_phrase(head, inside[0])
        if pieced or phrase_quoted or self.quoted_share(span) < 0.6:
            end = span.end - 1 if self.text[span.end - 1] == "." else span.end
            for quote in self.quotes:  # a quoted fragment it opens, it closes ("at “any ... ”")
                if quote.closed and span.begin < quote.inner.begin < end <= quote.inner.end:
                    end = quote.inner.end + 1
            return Span(span.begin, end), False
        quoted = _trim(self.text, Span(inside[0].begin, inside[-1].end))
        return Span(quoted.begin, quoted.end if quoted.end > quoted.begin else span.end), True


def _antecedent(relative: Token) -> Token:
    """What a relative word stands for: the noun its clause hangs on, or, where the parse hangs
    a "which" clause on a noun inside a writing's phrase ("a story about her visit to the dam
    which said ..."), the writing. Not its author's: "a report by the agency which said"."""
    noun = relative.head.head
    if relative.lower_ not in {"which", "that"}:
        return noun
    phrase = noun
    for _ in range(3):
        if phrase.lemma_.lower() in TEXTS or phrase.ent_type_ in {"ORG", "PERSON"}:
            break
        prep = phrase.head
        if (
            phrase.dep_ not in {"pobj", "pcomp"}
            or prep.dep_ != "prep"
            or prep.lower_ in {"by", "from"}
        ):
            break
        phrase = prep.head
        if phrase.lemma_.lower() in TEXTS:
            return phrase
    return noun


def speaker_candidate(token: Token) -> SpeakerCandidate:
    """The speaker as its subject words name it: a name, a pronoun or a description."""
    if token.tag_ in RELATIVE_PRONOUNS and token.head.dep_ == "relcl" and token.head.head != token:
        # "Maria Okafor, who said ...": the one the clause is about, "who" its word here
        return replace(speaker_candidate(_antecedent(token)), pointer=_span([token]))
    phrase = [t for t in token.subtree if t.dep_ not in {"relcl", "acl", "punct"} or t.i == token.i]
    phrase_span = _span(phrase)
    if token.pos_ == "PRON":
        return SpeakerCandidate(phrase_span, _span([token]), "pronoun", token.text)
    # "The deputy minister for roads, Ana Lunde, said": the title's apposition names them.
    named = _title_apposition(token)
    if named is not None and token.ent_type_ != "PERSON":
        token = named
    name = [t for t in token.lefts if t.dep_ == "compound" and t.pos_ == "PROPN"]
    # "the Policy Centre Mr Holm": the name begins at the courtesy title
    titled = [i for i, t in enumerate(name) if is_courtesy_title(t.text)]
    name = name[titled[-1] :] if titled else name
    # "MEP Ana Lunde" is Ana Lunde; "Governor Lind" keeps the title it is known by
    while len(name) > 1 and is_honorific(name[0].text):
        name = name[1:]
    # A capitalised title alone ("Governor says ..." in a headline) describes, it names no one
    lone_title = not name and not token.ent_type_ and is_honorific(token.text)
    if not lone_title and (
        token.pos_ == "PROPN" or token.ent_type_ in {"PERSON", "ORG", "GPE", "NORP"}
    ):
        return SpeakerCandidate(phrase_span, _span([*name, token]), "name", token.text)
    kept = [t for t in phrase if t.i <= token.i]
    while kept and (kept[0].lower_ in DETERMINERS or kept[0].dep_ in {"poss", "case"}):
        kept = kept[1:]
    description = _words(kept) or token.text
    modifiers = tuple(t.text for t in kept[:-1] if t.pos_ in {"ADJ", "PROPN", "NOUN"})
    definite = phrase[0].lower_ in {"the", "this", "that"}
    return SpeakerCandidate(
        phrase_span, _span([token]), "nominal", description, modifiers, definite=definite
    )


def _title_apposition(title: Token) -> Token | None:
    """The name set off after a title: its own apposition ("The deputy minister, Ana Lunde,"),
    or a person's after the title's object, where the parse hangs it ("The chief executive of
    Borland Freight, Piet Vos,")."""
    for child in title.rights:
        if child.dep_ == "appos" and child.pos_ == "PROPN":
            return child
        if child.dep_ == "prep":
            for pobj in (c for c in child.children if c.dep_ == "pobj"):
                for appos in pobj.rights:
                    if appos.dep_ == "appos" and appos.ent_type_ == "PERSON":
                        return appos
    return None


# Verbs whose object comes before "to" or "of" ("urged the mayor to resign", "accused her
# of lying"): without one, they are passive.
OBJECT_FIRST_VERBS = frozenset({"urge", "tell", "order", "accuse", "advise", "force", "invite"})


def _reduced_passive(token: Token) -> bool:
    """A participle with no "was" or "has" whose subject is who the words were about, as in
    headlines: "Mayor accused of hiding costs", "Minister urged to resign"."""
    if token.i + 1 >= len(token.doc) or any(
        c.dep_ in {"aux", "auxpass", "dobj", "dative", "ccomp"} for c in token.children
    ):
        return False
    after = token.doc[token.i + 1].lower_
    # "urged to resign": a verb that must have an object has none (the tagger may read it
    # as a past tense)
    return (token.tag_ == "VBN" and after in {"of", "to", "over", "for", "as"}) or (
        token.tag_ == "VBD" and token.lemma_ in OBJECT_FIRST_VERBS and after in {"of", "to"}
    )


def _own_subject(token: Token) -> Token | None:
    """A verb's own subject; a passive cue's subject is what was said ("the plant is expected
    to close"), so its speaker is the agent ("by analysts"), or nobody."""
    passive = any(c.dep_ in {"auxpass", "nsubjpass"} for c in token.children)
    subjects = [
        c for c in token.children if c.dep_ == "nsubj" or (c.dep_ == "nsubjpass" and not passive)
    ]
    if len(subjects) > 1:
        # A parse astray gives a verb several ("Party co - chairman Piet Vos said": "co",
        # "-", "Fox"): the name among them, else the one nearest the verb.
        names = [c for c in subjects if c.pos_ == "PROPN"] or subjects
        return min(names, key=lambda c: abs(c.i - token.i))
    if subjects:
        return subjects[0]
    for child in token.children:
        if child.dep_ == "agent":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                return objects[0]
    return None


# Writings and messages that say things themselves ("a letter saying ..."); not the occasions
# where people speak ("a news conference announcing ...": whoever held it spoke).
TEXTS = frozenset(
    "statement letter report note memo email e-mail message post tweet call ad advertisement"
    " video document filing complaint lawsuit petition survey poll study sign banner release"
    " notice order ruling bill resolution motion analysis article editorial column book"
    " headline leaflet flyer poster text story".split()
)


# Prepositions of a time, which dates the telling rather than qualifying what was told
# ("described the mayor as a disgrace after the vote").
TIME_PREPOSITIONS = frozenset({"after", "before", "since", "until", "following"})
# Entity labels of figures.
AMOUNTS = frozenset({"MONEY", "PERCENT", "QUANTITY", "CARDINAL"})
# What a poll, a record or a recording shows of its object: how it stands, with what, where.
SHOWN_AS = frozenset({"dobj", "prep", "advmod", "advcl", "oprd", "xcomp", "npadvmod", "acomp"})
# Counts and recordings that show things as writings say them ("polls show ...").
EVIDENCE = TEXTS | frozenset(
    "average data figure result record footage image photo photograph picture"
    " recording audio tape transcript statistic research tally count projection estimate"
    " chart map".split()
)

# Counts and inquiries that find things themselves: "In the latest poll, X leads Y".
FINDINGS = frozenset("poll survey study analysis research census audit tally count".split())


def _evidence(noun: Token | None) -> bool:
    """Whether the subject of "show", "put" or "list" is a writing, a count or a recording, or
    an organisation that publishes them; not a person (who shows things, not claims)."""
    return noun is not None and (noun.lemma_.lower() in EVIDENCE or noun.ent_type_ == "ORG")


def _speaks(noun: Token) -> bool:
    """Whether a noun can be the source of what a participle after it says: a writing, or
    someone named or described by what they do."""
    word = noun.lemma_.lower()
    return noun.pos_ in {"NOUN", "PROPN"} and (
        word in TEXTS or noun.ent_type_ in {"PERSON", "ORG"} or _is_agent_noun(noun)
    )


def _quoted_as_saying(token: Token) -> Token | None:
    """The one quoted in "the agency quoted Mr Vos as saying ...", for the cue "saying" and for
    "quoted" itself: the words are theirs, the agency only passes them on."""
    if token.dep_ == "pcomp" and token.head.lower_ == "as":
        token = token.head.head
    if token.lemma_ not in QUOTING_VERBS:
        return None
    saying = any(
        c.dep_ == "prep" and c.lower_ == "as" and any(g.lemma_ == "say" for g in c.children)
        for c in token.children
    )
    return next((c for c in token.children if c.dep_ == "dobj"), None) if saying else None


def _apposed_speaker(subject: Token, cue: Token) -> Token | None:
    """ "To understand the case, Justice Lind said, one should ...": the parse makes "case" the
    subject and the name its apposition; a name set right before the cue after a comma, with
    no comma closing it as an apposition's, is the speaker."""
    for appos in subject.children:
        first = appos.left_edge
        if (
            appos.dep_ == "appos"
            and appos.right_edge.i == cue.i - 1
            and first.i > 0
            and cue.doc[first.i - 1].text == ","
            and appos.ent_type_ in {"PERSON", "ORG"}
        ):
            return appos
    return None


def _subject(token: Token) -> Token | None:
    """The subject of a cue: its own, or for a cue with none ("noting", "adding") that of the
    nearest reporting verb above it, else of the verb it hangs on."""
    if (quoted := _quoted_as_saying(token)) is not None:
        return quoted
    own = _own_subject(token)
    if own is not None and (apposed := _apposed_speaker(own, token)) is not None:
        return apposed
    if own is None and (stranded := _stranded_subject(token)) is not None:
        return stranded
    if own is None and token.dep_ == "acl" and token.tag_ == "VBG" and _speaks(token.head):
        return token.head  # "a letter saying ...", "emergency calls saying ...": the noun speaks
    if own is not None or token.dep_ not in {"advcl", "conj", "xcomp", "pcomp"}:
        return own
    # "After saying ..., she was driven off by aides": the passive verb the preposition
    # hangs on has the speaker as its subject, not as its agent
    host = token.head.head
    if token.dep_ == "pcomp" and host.lemma_ not in CUE_VERBS:
        passive = next((c for c in host.children if c.dep_ == "nsubjpass"), None)
        if passive is not None:
            return passive
    # "responded by summoning": through the preposition to the verb above.
    ancestors = [a for a in list(token.ancestors)[:5] if a.pos_ != "ADP"]
    for ancestor in ancestors:
        if ancestor.lemma_ in CUE_VERBS and (found := _own_subject(ancestor)) is not None:
            return found
    for ancestor in ancestors:
        if (found := _own_subject(ancestor)) is not None:
            return found
    return None


def _time_text(token: Token) -> str | None:
    """A date said of the cue: "said on Friday", "told reporters late on Thursday"."""
    for child in token.children:
        if child.dep_ in {"npadvmod", "prep", "advmod", "pobj"} and child.dep_ != "ccomp":
            words_ = list(child.subtree)
            if any(t.ent_type_ in DATES_AND_TIMES for t in words_) and len(words_) <= 6:
                return _words(words_)
    return None


def _cue_text(token: Token) -> str:
    """The cue's words, with its particle ("pointed out"), in lower case ("Said Mr Holm")."""
    particles = [c for c in token.children if c.dep_ == "prt"]
    return " ".join(t.lower_ for t in sorted([token, *particles], key=lambda t: t.i))


def _found_in_a_state(cue: Token, clause: Token) -> bool:
    """Whether "found" comes upon someone or something as they were ("found him wounded",
    "found his decomposing remains"): a participle with neither a marker nor an auxiliary
    is what was seen, not a finding ("found that the brakes had failed", "found him
    guilty"; "found the agency rated Democrats higher", a past tense with its object)."""
    return (
        cue.lemma_ == "find"
        and clause.tag_ in {"VBG", "VBN"}
        and not any(c.dep_ in {"mark", "aux", "auxpass"} for c in clause.children)
        and (clause.tag_ == "VBG" or not any(c.dep_ == "dobj" for c in clause.children))
    )


def _clauses(token: Token, ctx: _Context) -> list[Token]:
    """The children that hold what was said: a quotation, else the clause nearest the cue
    (never clauses on both sides of it: "“A,” Okoro said, mentioning B" says A). A quotation
    after a preposition is a phrase of the reported words ("blasted the press for being
    “dishonest”", "described it as a “terrible situation”"), not the whole of them."""
    # What is put or listed comes after the verb: a clause before it is another's (the
    # parse hangs "A estimates X; B puts it at Y" on "puts")
    children = [c for c in token.children if c.i > token.i or token.lemma_ not in AT_A_FIGURE]
    quoted = [
        c
        for c in children
        if c.dep_ not in SUBJECTS | {"punct", "agent", "prep", "oprd"}
        and not (c.dep_ in {"dobj", "dative"} and token.lemma_ in ADDRESSEE_CUES)
        and ctx.quoted_share(_subtree(c)) >= 0.6
        and not _inside_a_verdict(c, token, ctx)
        # "said as much, arguing that X “...”", "joked that ..., but went on to say, “...”":
        # the quotation is the other cue's to report
        and not (c.dep_ == "advcl" and c.lemma_ in CUE_VERBS and ctx.quoted(c.idx) is None)
        and not _a_new_act(c)
    ]
    clauses = [
        c
        for c in children
        if c.dep_ == "ccomp"
        and not _found_in_a_state(token, c)
        # a cue marked "that" is a reported clause itself, whatever the parse hung before it
        and not (c.i < token.i and _marked(token, "that"))
    ]
    # "continues to insist that ...", parsed with the clause on "continues": the infinitive's
    if _says_through_an_infinitive(token, SPEECH_VERBS):
        clauses = [c for c in clauses if c.i < token.i]
    elif not clauses and token.dep_ == "xcomp" and token.lemma_ in SPEECH_VERBS:
        clauses = [c for c in token.head.children if c.dep_ == "ccomp" and c.i > token.i]
    if (
        not clauses
        and token.lemma_ in XCOMP_CUES
        and not _object_relativised(token)
        and (token.lemma_ not in ORDER_CUES or any(c.dep_ == "dobj" for c in token.children))
    ):
        clauses = [
            c
            for c in token.children
            if c.dep_ == "xcomp" and c.pos_ in {"VERB", "AUX"} and not _wh_infinitive(c)
        ]
    if quoted:
        side = quoted[0].i < token.i
        chosen = [c for c in quoted if (c.i < token.i) == side]
        # "said the press was to blame for fixating on “what she wrote”", the quotation hung
        # on the cue by a parse astray: the clause before it holds it
        leading = [
            c
            for c in clauses
            if token.i < c.i < chosen[0].left_edge.i and ctx.quoted_share(_subtree(c)) < 0.6
        ]
        return [leading[0], *chosen] if leading and not side else chosen
    if not clauses:
        clauses = _object_clauses(token) or _unmarked_clause(token)
    if not clauses:
        return []
    # Of several clauses, one marked "that" before the nearest, and of two as near the one
    # after the cue ("Speaking for judges who agreed Varga won, Lindqvist noted that ...").
    nearest = min(
        clauses, key=lambda c: (not _marked(c, "that"), abs(c.i - token.i), c.i < token.i)
    )
    chosen = [nearest]
    if nearest.i < token.i and token.lemma_ in SPEECH_VERBS:
        # "A rose, the agency said in May, and B fell": the sentence goes on with what was said
        chosen += [
            c
            for c in token.children
            if c.dep_ == "conj"
            and c.pos_ in {"VERB", "AUX"}
            and c.lemma_ not in CUE_VERBS
            and any(g.dep_ in SUBJECTS for g in c.children)
        ]
    if nearest.i > token.i:
        chosen += [
            c
            for c in token.children
            if c.i > nearest.i
            and (
                # "said he'll be busy ..., but could be available": a sequel
                (
                    c.dep_ == "conj"
                    and c.pos_ in {"VERB", "AUX"}
                    and c.lemma_ not in CUE_VERBS  # "..., but cautioned against ...": a new act
                    and not _a_new_act(c)
                    and not any(g.dep_ in SUBJECTS for g in c.children)
                )
                # "said the claim was absurd, because ...": the reason the parse may hang on
                # the cue is the speaker's
                or (c.dep_ == "advcl" and _marked(c, "because"))
                # "told X it is clear from the report that hacking | was the work of ...": the
                # parse cut one clause in two, the second begins where the first ends (not
                # after a comma or a dash: "..., let us know")
                or (
                    c.dep_ == "ccomp"
                    and c.left_edge.i == nearest.right_edge.i + 1
                    and not c.left_edge.is_punct
                    and _stranded_subject(c) is None
                )
            )
        ]
    return chosen


def _a_new_act(clause: Token) -> bool:
    """Whether a clause joined to the cue's is another act of saying: "..., but went on to
    say ...", "and began to argue ..."."""
    return clause.dep_ == "conj" and _says_through_an_infinitive(clause, CUE_VERBS)


def _says_through_an_infinitive(verb: Token, cues: frozenset[str]) -> bool:
    """Whether the verb's infinitive is a cue ("continues to insist", "went on to say"): the
    act of saying is the infinitive's."""
    return any(c.dep_ == "xcomp" and c.lemma_ in cues for c in verb.children)


def _inside_a_verdict(child: Token, cue: Token, ctx: _Context) -> bool:
    """Whether a child begins inside a quotation that the cue's verdict opened: a word the
    parse hung on the cue from the middle of the quoted verdict ("calling it “a breach and |
    in disregard” of the rules"), which is what the object is called, not the words said."""
    begin = _subtree(child).begin
    quote = ctx.quoted(begin)
    return quote is not None and any(
        verdict.dep_ in {"oprd", "prep"}
        and _subtree(verdict).begin <= quote.inner.begin < min(begin, _subtree(verdict).end)
        for verdict in cue.children
    )


def _wh_infinitive(verb: Token) -> bool:
    """ "told them what to do next", "asked how to apply": a question, not what was told."""
    first = verb.left_edge
    return first.tag_ in RELATIVE_WORDS | {"WRB"} and first.nbor(1).lower_ == "to"


def _object_relativised(cue: Token) -> bool:
    """Whether the cue's infinitive lacks the object a relative clause took from it: "the
    reforms he wants to introduce" (not "officials who want to resign", "places where they
    plan to stay")."""
    if cue.dep_ != "relcl" or cue.left_edge.tag_ == "WRB":  # where, when, why
        return False
    if any(c.dep_ in SUBJECTS and c.tag_ in RELATIVE_PRONOUNS for c in cue.children):
        return False
    objects = [o for c in cue.children if c.dep_ == "xcomp" for o in c.children if o.dep_ == "dobj"]
    return not objects or any(o.tag_ in RELATIVE_PRONOUNS for o in objects)


def _unmarked_clause(token: Token) -> list[Token]:
    """A reported clause the parse took for an adverbial one, after a time set between it and
    the cue: "said after the vote he would not accept it", "tweeted at dawn that ..." (no
    "when", "if" or "so that" marks it, and it has a subject of its own)."""
    if token.lemma_ not in SPEECH_VERBS or any(c.dep_ in {"dobj", "ccomp"} for c in token.children):
        return []
    return [
        c
        for c in token.children
        if c.dep_ == "advcl"
        and c.i > token.i
        and not any(
            g.dep_ in {"mark", "advmod"} and g.i < c.i and not _a_that(g) for g in c.children
        )
        and any(g.dep_ == "nsubj" for g in c.children)
        and _finite(c)
    ][:1]


def _clause_hung_above(cue: Token) -> Span | None:
    """The "that" clause of a cue set apart from it by commas, which the parse made the
    sentence's root with the cue's clause hung under it: "the mayor keeps arguing, in a letter
    to the council, that the port needs a crane"."""
    if cue.lemma_ not in SPEECH_VERBS or _says_through_an_infinitive(cue, SPEECH_VERBS):
        return None  # "continues to insist": the cue is the infinitive's
    root = cue.sent.root
    that = next((c for c in root.children if c.dep_ == "mark" and _a_that(c)), None)
    if that is None or not cue.i < that.i < root.i or cue.doc[that.i - 1].text != ",":
        return None
    return Span(that.idx, _subtree(root).end)


def _a_that(word: Token) -> bool:
    """Whether the word is the "that" of a reported clause, not of "so that" or "now that"."""
    return word.lower_ == "that" and word.doc[word.i - 1].lower_ not in {"so", "now", "such"}


def _marked(clause: Token, word: str) -> bool:
    """Whether the clause is introduced by the word ("that", "as")."""
    return any(c.dep_ == "mark" and c.lower_ == word for c in clause.children)


def _object_clauses(token: Token) -> list[Token]:
    """A "that" clause the parse hung on the cue's object as if it were a relative clause:
    "told a meeting of leaders that few people understood ...". A relative "that" is the
    clause's subject or object; this one is a mark, with a subject of its own."""
    return [
        clause
        for obj in token.children
        if obj.dep_ in {"dobj", "dative"}
        for clause in obj.subtree
        if clause.dep_ in {"relcl", "acl"}
        and _marked(clause, "that")
        and any(c.dep_ in SUBJECTS for c in clause.children)
    ][:1]


def _inverted_subject(token: Token) -> Token | None:
    """ "..., said Robin Maynard": a name right after the cue that the parse left unattached."""
    for follower in token.doc[token.i + 1 : token.i + 4]:
        if follower.ent_type_ in DATES_AND_TIMES:
            return None  # "called Friday for ...": a day, not a name
        if follower.ent_type_ in {"PERSON", "ORG"} or follower.pos_ == "PROPN":
            while follower.head.i > follower.i and follower.head.pos_ == "PROPN":
                follower = follower.head
            return follower
        if not (follower.is_punct or follower.pos_ in {"DET", "ADJ", "NOUN"}):
            return None
    return None


def _name_before(token: Token) -> Token | None:
    """ "In a meeting with the board of the Gazette Okafor said ...": a name right before the
    cue that the parse took for the object of the preceding preposition."""
    before = token.doc[token.i - 1] if token.i > 0 else None
    if before is not None and before.dep_ == "pobj" and before.ent_type_ in {"PERSON", "ORG"}:
        return before
    return None


def _name_after_quote(token: Token, ctx: _Context) -> SpeakerCandidate | None:
    """ "“…,” Vos, an aide, said": the name that follows the quotation the cue closes, when
    the parse hung it elsewhere."""
    between = token.doc[token.sent.start : token.i]
    last = next((t for t in reversed(between) if ctx.quoted(t.idx) is not None), None)
    if last is None:
        return None
    after_quote = token.doc[last.i + 1 : token.i]
    first = next((t for t in after_quote if not (t.is_punct or t.is_space)), None)
    name = next((e for e in token.sent.ents if e.start == first.i), None) if first else None
    if name is None or name.label_ not in {"PERSON", "ORG"}:
        return None
    return SpeakerCandidate(_span(name), _span(name), "name", name.root.text)


def _predicate_as_apposition(cue: Token, obj: Token) -> list[Token]:
    """What "called the plan and the vote a ploy" calls them, where the parse read "a ploy"
    as a description set beside the object (without the comma a description has)."""
    nouns = {obj.i} | {c.i for c in (*cue.children, *obj.children) if c.dep_ == "conj"}
    return [
        t
        for t in cue.subtree
        if t.dep_ == "appos"
        and t.head.i in nouns
        and t.left_edge.lower_ in {"a", "an"}
        and not t.doc[t.left_edge.i - 1].is_punct
    ][:1]


def _object_said(token: Token) -> Span | None:
    """What a cue says by its object rather than a clause: "called for a ban on night
    shifts", "pointed to the rising costs", "cited the comments he had made"; and what it
    says its object is: "called the charges “baseless”", "described the mayor as a disgrace"."""
    objects = [c for c in token.children if c.dep_ == "dobj"]
    if token.lemma_ in PREDICATE_CUES and objects:
        kinds = PREDICATE_CUES[token.lemma_]
        predicates = [
            c
            for c in token.children
            if c.i > objects[0].i
            and (
                (c.dep_ == "oprd" and "oprd" in kinds and c.pos_ != "PROPN")
                or (c.dep_ == "prep" and c.lower_ in kinds)
            )
        ]
        if not predicates and "oprd" in kinds:
            predicates = _predicate_as_apposition(token, objects[0])
        if predicates:
            # and what qualifies the verdict right after it, not a time nor a source:
            # "called it a usual delay in a hard winter"
            after = [
                c
                for c in token.children
                if c.i > predicates[0].i
                and c.dep_ == "prep"
                and c.lower_ not in TIME_PREPOSITIONS | {"according"}
                and not _a_time(c)
                and not any(t.text == "," for t in token.doc[predicates[0].i : c.left_edge.i])
            ]
            return Span(_subtree(objects[0]).begin, _subtree((predicates + after)[-1]).end)
    if token.lemma_ in PREPOSITION_CUES:
        # on the cue, or on its object: "accused the firm of fraud"
        heads = [token, *objects[:1]]
        wanted = [
            g
            for c in (c for h in heads for c in h.children)
            if c.dep_ == "prep" and c.lower_ in PREPOSITION_CUES[token.lemma_]
            for g in c.children
            if g.dep_ in {"pobj", "pcomp"}
        ]
        if not wanted:
            # "called for the two men to be given ...", parsed as a clause marked by "for"
            marked = [
                c
                for c in token.children
                if c.dep_ == "advcl"
                and c.left_edge.dep_ == "mark"
                and c.left_edge.lower_ in PREPOSITION_CUES[token.lemma_]
            ]
            if not marked:
                return None
            return Span(token.doc[marked[0].left_edge.i + 1].idx, _subtree(marked[0]).end)
        said = _subtree(wanted[0])
        # "called for the two dockers to be granted bail", parsed as "called for the two
        # dockers": the infinitive the parse hangs on the cue is the demand's own
        following = [
            c
            for c in token.children
            if c.dep_ in {"advcl", "xcomp"}
            and c.left_edge.i == wanted[0].right_edge.i + 1
            and c.left_edge.lower_ == "to"
        ]
        return Span(said.begin, _subtree(following[0]).end) if following else said
    if token.lemma_ in FINDING_VERBS and objects and _evidence(_subject(token)):
        # "polls show the mayor with a lead", "the footage shows the driver at the wheel": what
        # the object is shown as goes with it. What is put or listed is put or listed at a
        # figure ("put the toll at 300"; not "put lives at risk").
        shown = [c for c in token.children if c.i > objects[0].i and c.dep_ in SHOWN_AS]
        if token.lemma_ in AT_A_FIGURE and not any(
            t.like_num or t.ent_type_ in AMOUNTS for c in shown for t in c.subtree
        ):
            return None
        return Span(_subtree(objects[0]).begin, _subtree((shown or objects)[-1]).end)
    # (What is done to a place is not said: "attacked Kabul" is an event, not words.)
    if token.lemma_ not in OBJECT_CUES or not objects or objects[0].ent_type_ in PLACES:
        return None
    said = _subtree(objects[0])
    # "criticized the bank for its fees": the reason judged goes with what is judged
    reasons = [
        c
        for c in token.children
        if c.dep_ == "prep" and c.lower_ in REASON_PREPOSITIONS and c.i > objects[0].i
    ]
    if not reasons:
        return said
    # "condemned the closure as “rash” and a “real danger” to ...": a second verdict the
    # parse hung on the cue
    verdicts = [
        c
        for c in token.children
        if c.dep_ in {"conj", "dobj"}
        and c.pos_ in {"NOUN", "ADJ"}
        and c.i > reasons[-1].i
        and c.doc[c.left_edge.i - 1].dep_ == "cc"
    ]
    return Span(said.begin, _subtree((reasons + verdicts)[-1]).end)


def _without_writers_tail(clauses: list[Token], span: Span) -> Span:
    """The span without a clause that ends it after a comma and is the writer's: a participle
    ("... locked the gate at night, contradicting the guard's account"), or a contrast ("...,
    whereas the board kept the keys"; "although", "though", "while")."""
    for clause in clauses:
        for token in clause.subtree:
            first = token if token.tag_ == "VBG" else token.left_edge
            if (
                token.dep_ == "advcl"
                and (
                    (token.tag_ == "VBG" and token.head.i >= clause.i)
                    or any(_marked(token, w) for w in CONTRASTS)
                )
                and first.i > 0
                and token.doc[first.i - 1].text == ","
                and _subtree(token).end >= span.end - 1
            ):
                return Span(span.begin, token.doc[first.i - 1].idx)
    return span


# Words that set the writer's contrast against what was said.
CONTRASTS = ("whereas", "although", "though", "while")


def _a_time(phrase: Token) -> bool:
    """Whether the phrase's words are a time's, but for the preposition that may head it
    ("on Wednesday")."""
    return all(
        t.ent_type_ in DATES_AND_TIMES
        for t in phrase.subtree
        if not (phrase.dep_ == "prep" and t.i == phrase.i)
    )


def _subject_hung_on_the_cue(cue: Token, clauses: list[Token]) -> Span | None:
    """The clause's subject where the parse hung it on the cue ("estimated “between 100,000 and
    200,000” could die": "could die" has no subject of its own)."""
    clause = clauses[0]
    if len(clauses) > 1 or clause.dep_ != "ccomp" or clause.i < cue.i:
        return None
    if any(c.dep_ in SUBJECTS | {"expl"} for c in clause.children):
        return None
    gap = [t for t in cue.doc[cue.i + 1 : clause.left_edge.i] if not (t.is_punct or t.is_space)]
    if not gap or any(
        t.dep_ in {"dative", "dobj", "advmod", "neg", "aux"} or (t.head == cue and _a_time(t))
        for t in gap
    ):
        return None
    opening = cue.doc[gap[0].i - 1]  # the mark that opens a quoted subject
    begin = opening.idx if opening.i > cue.i and opening.is_quote else gap[0].idx
    return Span(begin, gap[-1].idx + len(gap[-1]))


def _leading_time(clause: Token, span: Span, cue: Token) -> Token | None:
    """A time that opens the span before the clause's subject ("told voters this weekend he
    would ...", "on Wednesday"): the parse hangs it on the clause, but it dates the telling."""
    subjects = [c for c in clause.children if c.dep_ in SUBJECTS]
    if clause.i < cue.i or not subjects:
        return None
    return next(
        (
            c
            for c in clause.children
            if c.dep_ in {"npadvmod", "tmod", "prep"}
            and c.i < subjects[0].left_edge.i
            and _subtree(c).begin == span.begin
            and _a_time(c)
        ),
        None,
    )


def _without_trailing_relative(cue: Token, span: Span) -> Span:
    """What a cue's object names without a relative clause set off after it that ends the span
    ("acknowledged the risk, which sets him apart from ..."): the writer's note on the thing
    named, not what was cited or judged."""
    for token in cue.subtree:
        first = token.left_edge
        if (
            token.dep_ == "relcl"
            and first.i > 0
            and token.doc[first.i - 1].text == ","
            and span.begin < token.doc[first.i - 1].idx < span.end
            and first.tag_ in RELATIVE_WORDS | {"WRB"}
            and _subtree(token).end >= span.end - 1
        ):
            return Span(span.begin, token.doc[first.i - 1].idx)
    return span


def _without_trailing_gloss(clauses: list[Token], span: Span) -> Span:
    """The span without a description set off after a name that ends it ("... did not back
    Mr. Obama, the former senator"): the writer's gloss for the reader, not the speaker's words.
    (A relative clause there, ", which ...", is as often the speaker's: measured, left in.)"""
    for clause in clauses:
        for token in clause.subtree:
            first = token.left_edge
            if (
                token.dep_ == "appos"
                and token.head.pos_ == "PROPN"
                and token.i > clause.i
                and first.i > 0
                and token.doc[first.i - 1].text == ","
                and _subtree(token).end >= span.end - 1
            ):
                return Span(span.begin, token.doc[first.i - 1].idx)
    return span


def _finite(verb: Token) -> bool:
    """Whether the verb has a tense of its own ("accused", "have said"), not "to call" or
    "calling"."""
    return verb.tag_ in {"VBD", "VBP", "VBZ"} or any(
        c.dep_ == "aux" and c.lower_ != "to" for c in verb.children
    )


def _stranded_subject(verb: Token) -> Token | None:
    """The subject of a further act of saying that the parse joined to the object before it:
    "said the inquiry was flawed and rivals | accused the board of ...", where "rivals" hangs
    on "inquiry" and "accused" has no subject of its own."""
    if verb.i == 0 or verb.lemma_ not in SPEECH_VERBS or not _finite(verb):
        return None
    if any(c.dep_ in SUBJECTS or c.dep_.endswith("pass") for c in verb.children):
        return None  # "have been asked": the one asked, not who asks
    before = verb.doc[verb.left_edge.i - 1]
    joined = before.dep_ == "conj" and before.pos_ in {"NOUN", "PROPN"}
    return before if joined and not before.head.is_ancestor(verb) else None


def _before_next_act(clauses: list[Token], span: Span, ctx: _Context) -> Span:
    """The span up to a further act of saying joined to it ("said it was opposed to the plan
    and urged the council ...", "... and tenant groups warned that ...") or a new clause after
    a semicolon outside quotation marks: each is a statement of its own, or the writer's."""
    cuts = []
    for clause in clauses:
        for token in clause.subtree:
            if token.text == ";" and ctx.quoted(token.idx) is None:
                cuts.append(token.idx)
            elif (
                token.dep_ == "conj"
                and token.lemma_ in SPEECH_VERBS
                and token.pos_ == "VERB"
                and token.i > clause.i
                # "... but that it would cost ...": a second thing said, not a second act
                and not _marked(token, "that")
            ):
                # from the "and" (or comma) that joins it
                joints = [
                    c
                    for c in token.head.children
                    if (c.dep_ == "cc" or c.text == ",") and clause.i < c.i < token.i
                ]
                cuts.append(joints[-1].idx if joints else token.left_edge.idx)
            elif (
                token.right_edge.i + 1 < len(token.doc)
                and _stranded_subject(token.doc[token.right_edge.i + 1]) == token
            ):
                joints = [c for c in token.head.children if c.dep_ == "cc" and c.i < token.i]
                cuts.append(joints[-1].idx if joints else token.left_edge.idx)
    cuts = [cut for cut in cuts if span.begin < cut < span.end]
    return Span(span.begin, min(cuts)) if cuts else span


def _host_said(token: Token) -> Span | None:
    """What a cue set into another clause says of it: "The only problem, Ms. Okafor said, is
    that ..." (the sentence), "As the report noted, the plant was ..." or "..., as she put it"
    (the host clause without the "as" clause)."""
    if token.dep_ == "parataxis":
        # "..., which, Ruiz said, is ...": that clause (however the parse hangs it)
        if token.head.dep_ == "relcl" or token.head.left_edge.tag_ in RELATIVE_WORDS:
            return _span([t for t in token.head.subtree if not (t.is_punct or t.is_space)])
        return sentence_span(token.sent)
    if not (
        token.dep_ == "advcl"
        and token.lemma_ in SPEECH_VERBS
        and _own_subject(token) is not None  # not "as expected"
        and _marked(token, "as")
        and not any(c.dep_ in {"dobj", "dative", "ccomp", "xcomp"} for c in token.children)
        and _set_off(token)
    ):
        return None
    host = [t for t in token.head.subtree if not (t.is_punct or t.is_space)]
    aside = [t for t in token.subtree if not (t.is_punct or t.is_space)]
    if host[0] == aside[0]:
        return Span(_span(aside).end, _span(host).end)
    if host[-1] == aside[-1]:
        return Span(_span(host).begin, _span(aside).begin)
    return _span(host)


def _set_off(token: Token) -> bool:
    """Whether the clause is set off from its host: it opens the sentence or a conjunct ("But
    as the paper noted, ..."), or punctuation stands before or after it (", as she put it");
    "taken to the mortuary as investigations continue" says when, not who said so."""
    first, last = token.left_edge, token.right_edge
    before = token.doc[first.i - 1] if first.i > first.sent.start else None
    after = token.doc[last.i + 1] if last.i + 1 < first.sent.end else None
    return (
        before is None
        or before.is_punct
        or before.dep_ == "cc"
        or (after is not None and after.text == ",")
    )


def _paragraph_introduced(cue: Token, ctx: _Context) -> Span | None:
    """The paragraph after a line that ends in the cue's colon: "Mr. Vos added:", "she
    wrote the following:", "she made the following statement:"."""
    colon = [t for t in cue.subtree if not t.is_space][-1]
    line_end = ctx.text.find("\n", colon.idx)
    hung = colon.head == cue or (colon.head.head == cue and colon.head.dep_ == "dobj")
    if colon.text != ":" or not hung or line_end < 0:
        return None
    if cue.lemma_ not in SPEECH_VERBS and not any(
        c.dep_ == "dobj" and c.lemma_ in NOUN_CUES for c in cue.children
    ):
        return None
    if ctx.text[colon.idx + 1 : line_end].strip():
        return None
    begin = line_end + len(ctx.text[line_end:]) - len(ctx.text[line_end:].lstrip())
    end = ctx.text.find("\n", begin)
    block = Span(begin, len(ctx.text) if end < 0 else end)
    return block if block.end > block.begin and ctx.reporting(block) else None


def _verb_statement(token: Token, ctx: _Context) -> StatementCandidate | None:
    subject = _subject(token)
    if _own_subject(token) is None and any(c.dep_ == "auxpass" for c in token.children):
        # "the vote is due on Wednesday and is expected to be close", "was told he would be
        # sent": a passive cue's speaker is its agent or nobody, not a subject above it
        subject = None
    if _supposed(token, subject):
        return None
    if subject is not None and subject.head.i == token.i and _reduced_passive(token):
        subject = None  # "Mayor accused of ...": the mayor is who the words are about
    if subject is not None and subject.ent_type_ in DATES_AND_TIMES:
        return None  # "told the Today show the toll ...": a parse astray, no one speaks
    if subject is not None and subject.i > token.i and ctx.quoted(subject.idx) is not None:
        subject = None  # "said on “Dock and Friends”": a title the parse took for the subject
    clauses = _clauses(token, ctx)
    time = block = None
    if clauses:
        span = Span(min(_subtree(c).begin for c in clauses), max(_subtree(c).end for c in clauses))
        span = _before_next_act(clauses, _without_writers_tail(clauses, span), ctx)
        span = _without_trailing_gloss(clauses, span)
        if (words := _subject_hung_on_the_cue(token, clauses)) is not None:
            span = Span(words.begin, span.end)
        if (time := _leading_time(clauses[0], span, token)) is not None:
            span = Span(_subtree(time).end, span.end)
        elif clauses == _unmarked_clause(token):  # what precedes its subject is the cue's
            own = next(c for c in clauses[0].children if c.dep_ == "nsubj")
            span = Span(max(span.begin, _subtree(own).begin), span.end)
    elif (hung := _clause_hung_above(token)) is not None:
        span = hung
    elif (said := _object_said(token)) is not None and (
        token.lemma_ not in THINGS_DO_IT_TOO or _may_speak(subject)
    ):
        span = _without_trailing_relative(token, said)
    elif subject is not None and (host := _host_said(token)) is not None:
        span = _without_writers_tail([token.head], host)
    elif subject is not None and (block := _paragraph_introduced(token, ctx)) is not None:
        span = block
    else:
        return None
    head = clauses[0] if clauses else _root_of(ctx.doc, span)
    content, direct = ctx.content(span, _span([token]), head)
    if span == block and not direct:
        # an introduced paragraph is the speaker's words, set off by the writer, marks or none
        content, direct = _trim_quoted(ctx.text, content), True
    if content.end - content.begin < 2:
        return None
    speaker = None
    if subject is None:
        speaker = _name_after_quote(token, ctx)
        subject = None if speaker else _inverted_subject(token) or _name_before(token)
    return StatementCandidate(
        direct=direct,
        content=content,
        sentence=sentence_span(token.sent),
        cue=_cue_text(token),
        cue_span=_span([token]),
        speaker=speaker_candidate(subject) if subject is not None else speaker,
        time_text=_time_text(token) or (_words(list(time.subtree)) if time is not None else None),
    )


# Nouns of groups and bodies that speak through someone ("the government denied ...").
GROUPS = frozenset(
    "government police party campaign committee company firm ministry department agency court"
    " council administration union group team board panel family people public crowd army"
    " military club bank network station website site newspaper magazine organization"
    " organisation institute university school church city state country nation league"
    " coalition alliance regime authority commission congress parliament senate house cabinet"
    " office embassy side body industry charity association federation force opposition"
    " prosecution defence defense jury tribunal inquiry college institution bloc pair couple"
    " studio label publisher outlet paper submission festival airline carrier giant chain"
    " brand business store hospital clinic prison airport port museum channel service".split()
)
# Cues of an object that things do too ("HDTV offers 1,080 lines", "the single claimed first
# place", "the trend echoes ..."): said only by someone who may speak.
THINGS_DO_IT_TOO = frozenset(
    {"offer", "echo", "claim", "defend", "attack", "note", "refer", "portray", "mention"}
    | {"reject", "talk", "question", "describe", "cite"}
)
# Kin speak as people do ("his wife offered a preview").
KIN = frozenset(
    "wife husband son daughter mother father brother sister parent child friend family"
    " grandmother grandfather aunt uncle cousin partner widow widower fiancee fiance".split()
)
# Words of quantity whose "of" phrase names the speakers ("a number of members echo ...").
QUANTITIES = frozenset(
    "number lot majority minority handful group some many most few half all none one two"
    " three each several dozen dozens hundreds thousands millions rest".split()
)


def _may_speak(subject: Token | None) -> bool:
    """Whether the subject of a cue whose content is its object can be a source: someone,
    named, described by what they do, a group of them, or a writing; not a thing ("the drop
    offers greater expectations", "the plan offers relief")."""
    if subject is None or subject.pos_ in {"PRON", "PROPN"} or subject.ent_type_:
        return True
    word = subject.lemma_.lower()
    if word in QUANTITIES:
        of = [
            g for c in subject.children if c.lower_ == "of" for g in c.children if g.dep_ == "pobj"
        ]
        return not of or _may_speak(of[0])
    return word in EVIDENCE or word in GROUPS or word in KIN or _is_agent_noun(subject)


def _root_of(doc: Doc, span: Span) -> Token | None:
    """The word the span's words hang on (an object's head noun)."""
    words = doc.char_span(span.begin, span.end, alignment_mode="expand")
    return words.root if words is not None else None


# Adjectives of the writer's asides with an empty "it" ("it is fair to say"); not those of a
# subject's own ability ("it was unable to say": the company).
ASIDE_ADJECTIVES = frozenset(
    "worth fair safe important interesting notable noteworthy necessary hard difficult easy"
    " possible impossible tempting reasonable accurate striking remarkable crucial essential"
    " vital useful helpful instructive".split()
)


def _supposed(cue: Token, subject: Token | None) -> bool:
    """A cue that supposes, no source speaking: "let's say you have two files", "made it this
    far considering where I came from" (the participle as a preposition: no one considers;
    "an official considering which candidate to back" does). (A "you" may well speak: the
    interviewer in a transcript, "as you pointed out".)"""
    if (
        cue.lower_ == "considering"
        and cue.dep_ != "acl"
        and not any(c.dep_ == "aux" for c in cue.children)
    ):
        return True
    # "It is fair to say ...", "it is worth noting that ...": the writer's aside, "it" nobody
    if (
        cue.dep_ == "xcomp"
        and subject is not None
        and subject.lower_ == "it"
        and any(c.dep_ == "acomp" and c.lemma_ in ASIDE_ADJECTIVES for c in subject.head.children)
    ):
        return True
    return (
        cue.head.lemma_ == "let"
        and subject is not None
        and subject.lower_ in {"'s", "’s", "us", "me"}
    )


def _according_to(token: Token, ctx: _Context) -> StatementCandidate | None:
    """ "according to X": X said the rest of the sentence (after a colon or semicolon before
    the phrase), or in the middle of it, the side that holds the verb it modifies ("While
    most were ..., according to an official, two were upgraded": the second)."""
    to = next((c for c in token.children if c.lower_ == "to"), None)
    if to is None:
        return None
    # its object; or, when the parse reads a noun of it as a verb ("show" of "show staff"), the
    # last noun of its words
    source = next((c for c in to.children if c.dep_ == "pobj"), None) or next(
        (t for t in reversed(list(to.subtree)) if t.pos_ in {"NOUN", "PROPN"}), None
    )
    if source is None:
        return None
    sent = token.sent
    phrase = _subtree(token)
    if phrase == _span(sent) or phrase.end >= sent.end_char - 1:
        # "According to X, the move ...", the parse hanging the sentence on the phrase: it ends
        # at the comma after its source
        comma = next((t for t in sent if t.i > source.i and t.text == ","), None)
        if comma is not None:
            phrase = Span(phrase.begin, comma.idx)
    breaks = [t.idx + 1 for t in sent if t.text in {":", ";"} and t.idx < phrase.begin]
    before = _trim(ctx.text, Span(breaks[-1] if breaks else sent.start_char, phrase.begin))
    after = _trim(ctx.text, Span(phrase.end, sent.end_char))
    verb = token.head
    while verb.pos_ not in {"VERB", "AUX"} and verb.dep_ != "ROOT":
        verb = verb.head
    if before.end - before.begin < 3:  # "According to X, ..."
        span = after
    elif after.end - after.begin < 3:  # "..., according to X."
        span = before
    else:
        span = after if verb.idx >= phrase.end else before
    content, direct = ctx.content(span)
    return StatementCandidate(
        direct=direct,
        content=content,
        sentence=sentence_span(sent),
        cue=ctx.text[token.idx : to.idx + len(to.text)],
        cue_span=Span(token.idx, to.idx + len(to.text)),
        speaker=speaker_candidate(source),
    )


def _a_finding(token: Token) -> Token | None:
    """The poll, survey or study a preposition ("In the latest poll, ...") is about, if any."""
    source = next((c for c in token.children if c.dep_ == "pobj"), None)
    return source if source is not None and source.lemma_.lower() in FINDINGS else None


def _in_a_finding(token: Token, ctx: _Context) -> StatementCandidate | None:
    """ "In the latest poll, Ruiz led Vos by five points": the poll says the clause the phrase
    opens, unless its verb reports (then the verb is the cue)."""
    source = _a_finding(token)
    verb = token.head
    if (
        source is None
        or token.dep_ != "prep"
        or verb.pos_ not in {"VERB", "AUX"}
        or verb.lemma_ in CUE_VERBS
        or verb.i < token.i
        or token.i != verb.left_edge.i
    ):
        return None
    phrase = _subtree(token)
    said = [t for t in verb.subtree if t.idx >= phrase.end and not (t.is_punct or t.is_space)]
    if not said:
        return None
    return _one_word_cue(token, _span(said), source, ctx)


def _noun_statement(token: Token, ctx: _Context) -> StatementCandidate | None:
    """ "Biden's confirmation that he thinks ...": the owner said the that-clause."""
    clause = next(
        (
            c
            for c in token.children
            if c.dep_ in {"acl", "ccomp"} and any(g.lower_ == "that" for g in c.children)
        ),
        None,
    )
    owner = next((c for c in token.children if c.dep_ == "poss"), None)
    if clause is not None and owner is not None:
        return _one_word_cue(token, _subtree(clause), owner, ctx)
    # "Ms. Vos made the following statement:" and the paragraph after it
    if token.dep_ != "dobj" or (maker := _subject(token.head)) is None:
        return None
    if (block := _paragraph_introduced(token.head, ctx)) is None:
        return None
    return StatementCandidate(
        direct=True,
        content=_trim_quoted(ctx.text, block),
        sentence=sentence_span(token.sent),
        cue=_cue_text(token),
        cue_span=_span([token]),
        speaker=speaker_candidate(maker),
    )


def _one_word_cue(cue: Token, said: Span, source: Token, ctx: _Context) -> StatementCandidate:
    """The statement a one-word cue makes of what was said, by its source."""
    content, direct = ctx.content(said)
    return StatementCandidate(
        direct=direct,
        content=content,
        sentence=sentence_span(cue.sent),
        cue=cue.text,
        cue_span=_span([cue]),
        speaker=speaker_candidate(source),
    )


def _covered(span: Span, found: Iterable[StatementCandidate]) -> bool:
    return any(c.content.begin <= span.begin and span.end <= c.content.end + 1 for c in found)


def _quote_statements(
    ctx: _Context, found: list[StatementCandidate], claimed: list[Span]
) -> list[StatementCandidate]:
    """Statements for quotations no cue claimed, nor begin on a line that names its speaker
    (`claimed`): the sentence's subject's, or a continuation."""
    doc, extra = ctx.doc, []
    for quote in ctx.quotes:
        inner = _trim(ctx.text, quote.inner)
        if (
            words(ctx.text[inner.begin : inner.end]) < MIN_QUOTE_WORDS
            or not ctx.reporting(inner)
            or _covered(inner, found)
            or any(line.begin <= inner.begin < line.end for line in claimed)
        ):
            continue
        first = doc.char_span(inner.begin, inner.end, alignment_mode="expand")
        if first is None:
            continue
        if (
            _a_phrase_after_a_preposition(first)
            or _a_name_given(first)
            or _a_heading(ctx.text, quote.inner)
        ):
            continue
        if (intro := _inverted_intro(ctx, quote, inner)) is not None:
            extra.append(intro)
            continue
        sent = _cue_sentence(ctx, quote, first)
        outside = [t for t in sent if not (quote.inner.begin - 1 <= t.idx < quote.inner.end + 1)]
        spoken = [t for t in outside if not t.is_punct and not t.is_space]
        root = sent.root
        if quote.inner.begin <= root.idx < quote.inner.end:
            # "X made the following comment: “...”", parsed with the quotation's verb as root
            root = _introduced_by(ctx, quote) or root
        subject = (
            _subject(root) if root.idx < quote.inner.begin or root.idx >= quote.inner.end else None
        )
        if spoken and subject is not None and ctx.quoted(root.idx) is None:
            extra.append(
                StatementCandidate(
                    True,
                    inner,
                    sentence_span(sent),
                    _cue_text(root),
                    _span([root]),
                    speaker_candidate(subject),
                )
            )
        elif len(spoken) <= 2 and (named := _named_just_before(ctx, sent, first)) is not None:
            # "Vos blamed the banks. “They broke the law.”": the one just named speaks
            extra.append(
                StatementCandidate(
                    True, inner, sentence_span(sent), None, None, speaker_candidate(named)
                )
            )
        elif len(spoken) <= 2:  # the quotation is the sentence: the last speaker goes on
            extra.append(
                StatementCandidate(True, inner, sentence_span(sent), None, None, None, None, True)
            )
    return extra


def _introduced_by(ctx: _Context, quote: Quote) -> Token | None:
    """The verb of a clause that ends with a colon right before the quotation and says that it
    introduces words: "she told the crowd:", "he made the following comment:"."""
    before = ctx.text[: quote.inner.begin - 1].rstrip()
    if not before.endswith(":"):
        return None
    colon = ctx.doc.char_span(len(before) - 1, len(before), alignment_mode="expand")
    if colon is None or colon.start == 0:
        return None
    verb = ctx.doc[colon.start - 1]
    while verb.head.i != verb.i and verb.head.i < colon.start and verb.pos_ not in {"VERB", "AUX"}:
        verb = verb.head
    says = verb.lemma_ in CUE_VERBS or any(
        c.dep_ == "dobj" and c.lemma_ in NOUN_CUES for c in verb.children
    )
    return verb if verb.pos_ in {"VERB", "AUX"} and says else None


def _named_just_before(ctx: _Context, sent: SpacySpan, quoted: SpacySpan) -> Token | None:
    """The person the sentence before a quotation names as its subject, in the same paragraph,
    when that sentence is no statement of its own (whose speaker goes on anyway), and the
    quotation does not speak of them ("Bob was driven. “He never rested.”": about Bob)."""
    if sent.start == 0:
        return None
    before = ctx.doc[sent.start - 1].sent
    if "\n" in ctx.text[before.start_char : sent.start_char] or before.root.lemma_ in CUE_VERBS:
        return None
    subject = _own_subject(before.root)
    if subject is None or subject.ent_type_ != "PERSON":
        return None
    if any(t.lower_ in THIRD_PERSONS or t.text == subject.text for t in quoted):
        return None
    return subject


# Pronouns by which a quotation speaks of a person other than its speaker.
THIRD_PERSONS = frozenset({"he", "him", "his", "she", "her", "hers"})


def _cue_sentence(ctx: _Context, quote: Quote, quoted: SpacySpan) -> SpacySpan:
    """The sentence that holds a quotation's cue: the first the quotation opens; when that one
    is all quotation, the one it closes ("“A. B,” said Ruiz"); when that one is too, the one
    right after it that begins with a cue ("“A? B?” Ruiz asked.")."""
    first, last = quoted[0].sent, quoted[-1].sent
    if ctx.quoted(first.root.idx) is not quote:
        return first
    if ctx.quoted(last.root.idx) is not quote:
        return last
    doc = ctx.doc
    if last.end < len(doc):
        after, root = doc[last.end].sent, doc[last.end].sent.root
        if (
            root.lemma_ in SPEECH_VERBS
            and root.i - after.start <= 4  # "Ruiz asked", "the mayor's aide said"
            and _own_subject(root) is not None
            # not a new statement: "The agency said on Monday it would ..."
            and not any(c.dep_ in {"ccomp", "xcomp", "dobj"} for c in root.children)
            and not ctx.text[quote.inner.end + 1 : after.start_char].strip(" ")
        ):
            return after
    return first


# "Said Vos: “...”": an inverted cue and name right before a quotation.
INVERTED_INTRO = re.compile(
    r"(?:^|(?<=[.!?”\"’]\s))(?P<cue>[A-Z][a-z]+) (?P<name>[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3})"
    r" ?[:,]\s*$",
    re.MULTILINE,  # "^": where a paragraph begins, as well as the text
)


def _inverted_intro(ctx: _Context, quote: Quote, inner: Span) -> StatementCandidate | None:
    """The statement of a quotation opened by "Said Vos:" (which the parse reads as a name,
    "Said Vos")."""
    opening = quote.inner.begin - 1
    line_start = ctx.text.rfind("\n", 0, opening) + 1
    found = INVERTED_INTRO.search(ctx.text, max(line_start, opening - 80), opening)
    if found is None or found["cue"].lower() not in INVERTED_CUES:
        return None
    name = Span(found.start("name"), found.end("name"))
    cue = Span(found.start("cue"), found.end("cue"))
    speaker = SpeakerCandidate(name, name, "name", found["name"].split()[-1])
    sentence = Span(found.start(), quote.inner.end + 1)
    return StatementCandidate(True, inner, sentence, found["cue"].lower(), cue, speaker)


# The most words a heading set in quotation marks has.
HEADING_WORDS = 10


def _a_heading(text: str, quoted: Span) -> bool:
    """A quotation that is a whole line, short and in title case, is a heading set in quotation
    marks ("'Lights of the Old Harbour.'"), not someone's words."""
    line_begin = text.rfind("\n", 0, quoted.begin) + 1
    line_end = text.find("\n", quoted.end)
    line_end = len(text) if line_end < 0 else line_end
    outside = text[line_begin : quoted.begin - 1] + text[quoted.end + 1 : line_end]
    found = re.findall(r"[^\W\d_][\w’'-]*", text[quoted.begin : quoted.end])
    long_words = [w for w in found if len(w) > 3]
    return (
        not outside.strip(" \t.")
        and 0 < len(found) <= HEADING_WORDS
        and bool(long_words)
        and all(w[0].isupper() for w in long_words)
    )


def _a_phrase_after_a_preposition(quoted: SpacySpan) -> bool:
    """Quoted words with no verb after a preposition are a phrase set off, not speech: "took
    the visitors into “a small room behind the old mill”"."""
    doc = quoted.doc
    before = [
        t for t in doc[max(quoted.start - 3, 0) : quoted.start] if not (t.is_punct or t.is_space)
    ]
    return (
        bool(before)
        and before[-1].pos_ == "ADP"
        and not any(t.pos_ in {"VERB", "AUX"} for t in quoted)
    )


def _a_name_given(quoted: SpacySpan) -> bool:
    """Quoted words after a participle that names are a name, not speech: "a documentary
    called “No Way Back”", "a group known as 'the Five'"."""
    doc = quoted.doc
    before = [
        t for t in doc[max(quoted.start - 3, 0) : quoted.start] if not (t.is_punct or t.is_space)
    ]
    if before and before[-1].lower_ == "as" and len(before) > 1:
        before = before[:-1]  # "known as"
    named = bool(before) and before[-1].lemma_ in NAMING_VERBS
    return named and (before[-1].tag_ == "VBN" or before[-1].dep_ == "acl")


# "SANDERS: Well, every time ...", "Trump: ‘I will build a wall’": a name, a colon, the words.
# A transcript quoted over several paragraphs opens each with a quotation mark ("“MORALES: ...").
COLON_LINE = re.compile(r"^(?P<open>[\"“”‘']?)" + SPEAKER_LABEL + r"(?P<rest>\S)")
# "“We deserve better.” ― Ana Ruiz": a quotation alone on its line, a dash, who said it (and
# perhaps ", a nurse from Tucson"): quotes gathered from readers, epigraphs. Not a hyphen,
# which joins words more often than it attributes.
DASH_LINE = re.compile(
    r"^\s*[\"“”‘](?P<quote>.+)[\"”’]\s*(?P<dash>[―—–])\s*"
    r"(?P<name>[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3})(?:,.*)?\s*$"
)


def _trim_quoted(text: str, span: Span) -> Span:
    """A quotation's words: the span trimmed, without the marks at its edges."""
    span = _trim(text, span)
    begin, end = span.begin, span.end
    if begin < end and text[begin] in QUOTE_MARKS:
        begin += 1
    if begin < end and text[end - 1] in QUOTE_MARKS:
        end -= 1
    return _trim(text, Span(begin, end))


def _turn_end(lines: list[str], starts: list[int], number: int, mark: str) -> int:
    """Where the words of a named line end: at the line's end; or, for a line that opens a
    quotation going on over paragraphs ("\"OKAFOR: Yes, ..."), where the last paragraph
    after it that goes on with it ends (each opens with the mark again, and neither names
    another speaker nor is a stage direction: "\"(LAUGHTER.)")."""
    end = starts[number] + len(lines[number])
    if not mark:
        return end
    for later in range(number + 1, len(lines)):
        line = lines[later]
        if not line.strip():
            continue
        if not line.startswith(mark) or COLON_LINE.match(line) or line[1:2] in {"(", "["}:
            break
        end = starts[later] + len(line)
    return end


def _named_lines(ctx: _Context) -> list[StatementCandidate]:
    """Lines that name their speaker outside any sentence: a name and a colon before the words
    (transcripts, headlines; not a byline run into the text: "By Ana Ruiz: The ..."), or a
    quotation with a dash and a name after it."""
    found = []
    lines = ctx.text.split("\n")
    starts = list(itertools.accumulate((len(line) + 1 for line in lines), initial=0))
    for number, (line, begin) in enumerate(zip(lines, starts[:-1], strict=True)):
        if not ctx.reporting(Span(begin, begin)):
            continue
        if (colon := COLON_LINE.match(line)) and not colon["name"].startswith("By "):
            end = _turn_end(lines, starts, number, colon["open"])
            spoken = Span(begin + colon.start("rest"), end)
            name = Span(begin + colon.start("name"), begin + colon.end("name"))
            colon_at = begin + line.index(":", colon.end("name"))
            cue = Span(colon_at, colon_at + 1)
            first_word, _, rest = colon["name"].partition(" ")
            if rest and first_word.lower() in INVERTED_CUES:  # "Said Vos: “...”"
                cue = Span(name.begin, name.begin + len(first_word))
                name = Span(name.begin + len(first_word) + 1, name.end)
            quoted = line[colon.start("rest")] in "“\"‘'"
            # Inside a quotation that goes on over paragraphs: the line's words are quoted.
            content, direct = (
                ctx.content(spoken) if not colon["open"] else (_trim_quoted(ctx.text, spoken), True)
            )
        elif (dash := DASH_LINE.match(line)) and words(dash["quote"]) >= MIN_QUOTE_WORDS:
            spoken = Span(begin + dash.start("quote") - 1, begin + dash.end("quote") + 1)
            name = Span(begin + dash.start("name"), begin + dash.end("name"))
            cue = Span(begin + dash.start("dash"), begin + dash.end("dash"))
            quoted = True
            content, direct = _trim_quoted(ctx.text, spoken), True
        else:
            continue
        tokens = ctx.doc.char_span(name.begin, name.end, alignment_mode="expand")
        if tokens is None:
            continue
        named = any(t.ent_type_ in {"PERSON", "ORG", "NORP"} for t in tokens)
        shouted = tokens.text.isupper() and len(tokens.text) > 1
        if not (named or shouted or quoted):
            continue
        speaker = SpeakerCandidate(name, _span(list(tokens)), "name", tokens.text)
        sentence = Span(begin, begin + len(line))
        said = ctx.text[cue.begin : cue.end].lower()
        found.append(StatementCandidate(direct, content, sentence, said, cue, speaker))
    return found


# Sources a headline may give alone before a colon ("Poll: Voters turn to ...").
HEADLINE_SOURCES = frozenset(
    {"poll", "polls", "survey", "study", "report", "analysis", "experts", "officials", "police"}
)


def _headline_source(ctx: _Context, headline: Span | None) -> list[StatementCandidate]:
    """A headline that gives its source before a colon and the words after it: "Advice from
    Ana Ruiz: ‘Keep the ferries running’", "Poll: Voters turn to the Greens"."""
    if headline is None:
        return []
    line = ctx.text[headline.begin : headline.end]
    at = line.find(": ")
    if at <= 0 or words(line[at + 2 :]) < MIN_QUOTE_WORDS:
        return []
    tokens = ctx.doc.char_span(headline.begin, headline.begin + at, alignment_mode="expand")
    if tokens is None:
        return []
    names = [e for e in tokens.ents if e.label_ in {"PERSON", "ORG"}]
    # the one the headline is about, a person before an organisation
    source = next((e for e in names if e.label_ == "PERSON"), names[0] if names else None)
    if source is not None:
        speaker = SpeakerCandidate(_span(source), _span(source), "name", source.text)
    elif len(tokens) == 1 and tokens[0].lower_ in HEADLINE_SOURCES:
        speaker = SpeakerCandidate(_span(tokens), _span(tokens), "nominal", tokens.text)
    else:
        return []
    content, direct = ctx.content(Span(headline.begin + at + 2, headline.end))
    colon = Span(headline.begin + at, headline.begin + at + 1)
    return [StatementCandidate(direct, content, headline, ":", colon, speaker)]


def _not_said_itself(
    candidate: StatementCandidate, found: list[StatementCandidate], doc: Doc
) -> bool:
    """Whether the candidate's cue is a verb of thought, or of what a record shows, inside
    another statement's content ("Vos said the records do not show ..."): the outer speaker's
    claim, not words of the thinker's or the record's; or any cue inside a denial ("denies he
    ever said any of that"): what is denied was not said."""
    cue = candidate.cue_span
    if cue is None:
        return False
    outer = [
        o for o in found if o is not candidate and o.content.begin <= cue.begin < o.content.end
    ]
    if not outer:
        return False
    if _cue_lemma(candidate, doc) in THOUGHT_VERBS | FINDING_VERBS:
        return True
    # (a denial after the words it denies, "X suggested ..., something Y denies", leaves
    # them said)
    return any(
        _cue_lemma(o, doc) in DENIALS and o.cue_span is not None and o.cue_span.end <= cue.begin
        for o in outer
    )


# Cues whose content says what was not so.
DENIALS = frozenset({"deny", "dispute", "reject", "refute"})


def _cue_lemma(candidate: StatementCandidate, doc: Doc) -> str | None:
    """The lemma of the candidate's cue word (of its first, for "according to")."""
    cue = candidate.cue_span
    tokens = doc.char_span(cue.begin, cue.end, alignment_mode="expand") if cue else None
    return tokens[0].lemma_ if tokens is not None else None


def statement_candidates(
    doc: Doc, excluded: list[Span], dateline_end: int | None, headline: Span | None = None
) -> list[StatementCandidate]:
    """Every statement the parse shows, in text order."""
    ctx = _Context(doc, excluded, dateline_end)
    found: list[StatementCandidate] = []
    for token in doc:
        # The cue first: most tokens are none, and where a token lies is dearer to ask.
        if token.lemma_ in CUE_VERBS and token.pos_ in {"VERB", "AUX"}:
            statement_at = _verb_statement
        elif token.lower_ == "according":
            statement_at = _according_to
        elif token.lower_ == "in" and _a_finding(token):
            statement_at = _in_a_finding
        elif token.lemma_ in NOUN_CUES and token.pos_ == "NOUN":
            statement_at = _noun_statement
        else:
            continue
        if ctx.quoted(token.idx) is not None or not ctx.reporting(Span(token.idx, token.idx)):
            continue
        candidate = statement_at(token, ctx)
        # A statement nobody is said to have made is not kept: the graph answers "who said".
        if (
            candidate is not None
            and candidate.speaker
            and ctx.reporting(candidate.content)
            and (candidate.direct or _names_something(doc, candidate.content))
        ):
            found.append(candidate)
    named = _named_lines(ctx) + _headline_source(ctx, headline)
    found += named
    # A cue inside another's content ("Peskov said Putin said X") keeps both, unless it reports
    # a thought ("Hale said he expects ...": the outer speaker's claim, not words of the
    # thinker's) or lies in a denial ("denied he said it"). The same content found twice keeps
    # the first.
    found = [c for c in found if not _not_said_itself(c, found, doc)]
    unique: dict[tuple[int, int], StatementCandidate] = {}
    for c in found + _quote_statements(ctx, found, [c.sentence for c in named]):
        unique.setdefault((c.content.begin, c.content.end), c)
    return sorted(unique.values(), key=lambda c: (c.content.begin, c.content.end))


def _names_something(doc: Doc, content: Span) -> bool:
    """Whether the words reported name a thing, an act or a figure: not only a relative word
    or a modifier the parse took for the object ("the test, which | the agency claimed ...",
    "proposed little", "According to the channel, basically"). (Words quoted may be an answer
    of that kind: "Yes, basically.")"""
    words = doc.char_span(content.begin, content.end, alignment_mode="expand")
    return words is None or any(
        t.pos_ in {"NOUN", "PROPN", "VERB", "AUX", "NUM"}
        or (t.pos_ == "PRON" and t.tag_ not in RELATIVE_WORDS | {"WRB"})
        for t in words
    )


def _is_title_word(token: Token) -> bool:
    return is_honorific(token.text) or (token.pos_ == "NOUN" and token.is_lower and token.is_alpha)


def _is_agent_noun(token: Token) -> bool:
    """A word that names a person by what they do or are to others (spokeswoman, leader,
    nominee, rival; "deputy chiefs"), as a title's head must: not any noun ("the birth of
    writer X", "In a speech Mrs. X")."""
    word = token.lower_.rstrip(".")
    if word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]  # "deputy chiefs", "candidates"
    if word in TIME_WORDS or word in THINGS:
        return False  # "former" Mayor, the "late" senator: not themselves a title
    if word in HONORIFICS or word in AGENT_HEADS:
        return True
    return word.endswith(AGENT_SUFFIXES) and not (
        word.endswith(NOT_AGENTS) and not word.endswith(("candidate", "advocate", "delegate"))
    )


def role_candidates(doc: Doc) -> list[RoleCandidate]:
    """Titles next to people's names: before ("US President Joe Biden") or in apposition."""
    roles = []
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        sent = ent.sent
        j = ent.start - 1
        prefix: list[Token] = []
        while j >= sent.start and j >= ent.start - 8:
            token = doc[j]
            # "spokeswoman for transport", "Secretary of State for Fisheries": a title's object
            of_title = (
                prefix
                and token.lower_ in TITLE_PREPOSITIONS
                and j - 1 >= sent.start
                and _is_agent_noun(doc[j - 1])
            )
            if token.pos_ in {"PROPN", "NOUN", "ADJ"} or token.text in {"'s", "’s"} or of_title:
                prefix.insert(0, token)
                j -= 1
            else:
                break
        # "Party leader Mr Vos": the courtesy title is the name's, not the role's
        while prefix and is_courtesy_title(prefix[-1].text) and len(prefix) > 1:
            prefix.pop()
        while (
            prefix
            and not _is_title_word(prefix[0])
            and not prefix[0].ent_type_
            and prefix[0].pos_ != "PROPN"
        ):
            prefix = prefix[1:]
        courtesy_only = all(is_courtesy_title(t.text) for t in prefix)
        # The title's head names a person ("Kremlin spokesperson", "spokesman for health"),
        # not a time or a thing the sentence names before the name ("In a speech Mrs.
        # Clinton said").
        of = next((k for k, t in enumerate(prefix) if k and t.lower_ in TITLE_PREPOSITIONS), None)
        head = prefix[of - 1] if of is not None else prefix[-1] if prefix else None
        if (
            head is not None
            and _is_title_word(prefix[-1])
            and _is_agent_noun(head)
            and not courtesy_only
            and _one_persons_title(prefix, head)
        ):
            named = [
                t
                for t in prefix
                if t.ent_type_ in {"ORG", "GPE", "LOC", "FAC"} or t.pos_ == "PROPN"
            ]
            demonym = next((t.text for t in prefix if t.ent_type_ == "NORP"), None)
            roles.append(
                RoleCandidate(
                    name=doc[prefix[0].i : prefix[-1].i + 1].text,
                    span=_span(prefix),
                    holder=_span(ent),
                    of=_span(named) if named else None,
                    of_demonym=demonym,
                    sentence=sentence_span(sent),
                )
            )
        titles = [
            c
            for c in ent.root.children
            if c.dep_ == "appos" and c.pos_ == "NOUN" and _is_agent_noun(c)
        ]
        # "The deputy minister for roads, Ana Lunde, said": the name is the title's apposition.
        head = ent.root.head
        if head.dep_ == "pobj" and head.head.dep_ == "prep":
            head = head.head.head  # "The chief executive of Borland Freight, Piet Vos"
        if (
            ent.root.dep_ == "appos"
            and head.i < ent.start
            and _is_title_word(head)
            and _is_agent_noun(head)
            and _title_apposition(head) == ent.root
        ):
            titles.append(head)
        for appos in titles:
            after = {t.i for t in _title_tail(appos)}
            phrase = [
                t
                for t in appos.subtree
                if (t.i <= appos.i or t.i in after)
                and not ent.start <= t.i < ent.end
                and (t.i == appos.i or t.dep_ != "appos")
            ]
            # no marks, but a hyphen inside a word ("long-standing")
            phrase = [t for t in phrase if not t.is_punct or _inner_hyphen(t)]
            while phrase and phrase[0].lower_ in DETERMINERS:
                phrase = phrase[1:]
            tail = [t for t in appos.subtree if t.i > appos.i][:6]
            named = [t for t in [*phrase, *tail] if t.ent_type_ in ORG_OR_PLACE]
            if phrase and _word_count(phrase) <= 10 and _one_persons_title(phrase, appos):
                roles.append(
                    RoleCandidate(
                        name=_words(phrase),
                        span=_span(phrase),
                        holder=_span(ent),
                        of=_span([named[0]]) if named else None,
                        of_demonym=next((t.text for t in phrase if t.ent_type_ == "NORP"), None),
                        sentence=sentence_span(sent),
                    )
                )
    return roles


# What a title's noun phrase leaves out: articles, and clauses and asides about its words.
OUTSIDE_A_TITLE = frozenset(
    {"det", "predet", "relcl", "acl", "advcl", "appos", "punct", "cc", "conj"}
)


def _noun_phrase(token: Token) -> list[Token]:
    """The token and the words under it that belong to its title ("of the harbour board's
    safety committee"), in text order."""
    words = [token]
    for child in token.children:
        if child.dep_ not in OUTSIDE_A_TITLE:
            words += _noun_phrase(child)
    return sorted(words, key=lambda t: t.i)


def _word_count(tokens: list[Token]) -> int:
    """How many words the tokens make ("harbour board's" two, "long-standing" one)."""
    return sum(1 for t in tokens if not t.is_punct and t.tag_ != "POS")


def _inner_hyphen(token: Token) -> bool:
    return (
        token.text == "-"
        and not token.whitespace_
        and token.i > 0
        and not token.doc[token.i - 1].whitespace_
    )


def _title_tail(head: Token) -> list[Token]:
    """The words after a title's head that are the title's: what it is of or for ("minister
    for roads", "ambassador to Chile"), "general" and "in chief"; not where its holder was
    ("lawyer in attendance") nor what they did."""
    tail: list[Token] = []
    for c in head.rights:
        if (
            c.dep_ == "prep"
            and any(g.dep_ == "pobj" for g in c.children)
            and (
                c.lower_ in TITLE_TAIL_PREPOSITIONS
                or (c.lower_ == "in" and [g.lower_ for g in c.children] == ["chief"])
            )
        ):
            tail += _noun_phrase(c)
        elif c.dep_ == "amod" and c.i == head.i + 1:  # "director general of ..."
            tail += [c, *_title_tail(c)]
    return tail


FINITE_VERBS = frozenset({"VB", "VBD", "VBP", "VBZ", "MD"})
# Words of the writer or the reader, whose titles are no fact about the holder.
WRITER_AND_READER = frozenset({"i", "me", "my", "we", "us", "our", "you", "your"})


# Marks a title may hold ("Secretary of State for Arts & Culture", "vice-chair", "U.S.");
# others ("=", "|", "(") belong to a page's furniture, not to a title.
TITLE_PUNCTUATION = frozenset({"&", "-", "–", ".", "'", "’"})


def _one_persons_title(phrase: list[Token], head: Token) -> bool:
    """Whether the words can be one person's title: a noun phrase in the singular (participles
    may modify it: "managing editor", "alleged ringleader") that says nothing of the writer or
    the reader. Not "farmers", "PhD candidates" (a title two names share), "as much as I had
    always loved sister", "your grandfather", "= Western Philosophy era ="."""
    return (
        head.tag_ not in {"NNS", "NNPS"}
        and not any(t.pos_ == "AUX" or t.tag_ in FINITE_VERBS for t in phrase)
        and not any(t.lower_ in WRITER_AND_READER for t in phrase)
        and all(t.text in TITLE_PUNCTUATION or any(c.isalnum() for c in t.text) for t in phrase)
    )


@Language.component("newskg_statements")
def find_statements(doc: Doc) -> Doc:
    """Set doc._.newskg_statements, ._.newskg_roles and ._.newskg_subjects.

    The article's layout comes in through doc.user_data: "newskg_excluded" (spans of bylines,
    credits and related lists, where nothing is reported) and "newskg_dateline_end".
    """
    excluded = doc.user_data.get("newskg_excluded", [])
    dateline_end = doc.user_data.get("newskg_dateline_end")
    doc._.newskg_statements = statement_candidates(
        doc, excluded, dateline_end, doc.user_data.get("newskg_headline")
    )
    doc._.newskg_roles = role_candidates(doc)
    doc._.newskg_subjects = frozenset(_subject_phrase(t) for t in doc if t.dep_ in SUBJECTS)
    return doc


def _subject_phrase(token: Token) -> Span:
    """A subject with the names that are its own: "Ms Lunde's father Tomas was
    arrested" has Tomas (and Lunde) for subject, a likely "he" after it."""
    parts = [token] + [
        t for c in token.children if c.dep_ in {"appos", "compound", "poss"} for t in c.subtree
    ]
    return _span(sorted(parts, key=lambda t: t.i)) if len(parts) > 1 else _span([token])
