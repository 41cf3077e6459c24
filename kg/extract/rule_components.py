"""spaCy's rule-based components, made cheaper with the same annotations.

In the small English model the attribute ruler and the rule lemmatizer took a quarter of the
trained pipeline's time over BBC articles (2.6 and 1.1 s of 15 s on 200 articles), all of it
in Python work per token: the ruler's matcher calls a Python predicate per token for each
pattern with an IN, NOT_IN or REGEX value, and the lemmatizer builds a Token, a MorphAnalysis
and a string per token and caches only some of its answers. Here the ruler's patterns are
looked up by the token's tag or word, and every lemma is cached by the key spaCy's own cache
uses; each reads the Doc's attributes as arrays. Each falls back to spaCy's own component where
its shortcut would not be exact (a pattern with an operator or an attribute it does not read, a
lemmatizer in another mode), so that any model can be plugged in.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, cast

from spacy.attrs import IDS, LEMMA, LOWER, MORPH, NORM, ORTH, POS
from spacy.language import Language
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.strings import StringStore
from spacy.tokens import Doc

# Attributes whose value in Doc.to_array is the value the matcher compares: string hashes and
# lexeme flags (POS is not one: the array holds its symbol, the matcher a string).
READABLE = frozenset(
    {"ORTH", "TEXT", "LOWER", "NORM", "TAG", "DEP", "LEMMA"}
    | {"IS_SPACE", "IS_PUNCT", "IS_ALPHA", "IS_DIGIT", "IS_TITLE", "IS_UPPER", "IS_LOWER"}
)
# Attributes that tell words apart: a pattern is best looked up by one of these; by a flag, last.
WORD_ATTRS = frozenset({ORTH, LOWER, NORM})
FLAG_ATTRS = frozenset(IDS[name] for name in READABLE if name.startswith("IS_"))
EQUALS, WITHIN, OUTSIDE, SEARCH = range(4)


@dataclass(frozen=True)
class Rule:
    """One pattern of the ruler: the match it gives (as AttributeRuler.match sorts them), its
    length in tokens and its tests: (token offset, column, kind, operand), the column being
    the attribute's position in the rows read from the Doc."""

    attr_id: int
    match_id: int
    length: int
    tests: tuple[tuple[int, int, int, Any], ...]


class UnsupportedPattern(ValueError):
    """A pattern this shortcut cannot match exactly: spaCy's matcher does it."""


def _token_tests(
    offset: int, spec: dict[str, Any], attrs: list[int], strings: StringStore
) -> Iterator[tuple[int, int, int, Any]]:
    """A token pattern's tests, as the matcher makes them: strings compared by their hashes."""
    for name, value in spec.items():
        name = name.upper()
        if name not in READABLE:
            raise UnsupportedPattern(name)
        attr = IDS["ORTH" if name == "TEXT" else name]
        if attr not in attrs:
            attrs.append(attr)
        column = attrs.index(attr)
        if isinstance(value, bool):
            yield offset, column, EQUALS, int(value)
        elif isinstance(value, str):
            yield offset, column, EQUALS, strings.add(value)
        elif isinstance(value, dict) and len(value) == 1:
            ((operator, operand),) = value.items()
            if operator == "REGEX" and isinstance(operand, str):
                yield offset, column, SEARCH, re.compile(operand)
            elif operator in ("IN", "NOT_IN") and all(isinstance(v, str) for v in operand):
                hashes = frozenset(strings.add(v) for v in operand)
                yield offset, column, WITHIN if operator == "IN" else OUTSIDE, hashes
            else:
                raise UnsupportedPattern(f"{name}: {operator}")
        else:
            raise UnsupportedPattern(f"{name}: {value!r}")


class IndexedAttributeRuler:
    """An attribute ruler's `match`: the same matches, found by looking its patterns up by an
    attribute value of their first token, instead of through the matcher's Python predicates."""

    def __init__(self, ruler: AttributeRuler):
        strings = ruler.vocab.strings
        self.attrs: list[int] = []  # the attributes read from the Doc, in column order
        rules = []
        for attr_id, patterns in enumerate(_patterns_by_attr_id(ruler)):
            match_id = strings.add(str(attr_id))
            for pattern in patterns:
                tests = tuple(
                    test
                    for offset, spec in enumerate(pattern)
                    for test in _token_tests(offset, spec, self.attrs, strings)
                )
                rules.append(Rule(attr_id, match_id, len(pattern), tests))
        # column -> value -> the rules whose first token needs that value there
        self.by_value: dict[int, dict[int, list[Rule]]] = {}
        self.unindexed: list[Rule] = []
        for rule in rules:
            keys = self._index_keys(rule)
            if keys is None:
                self.unindexed.append(rule)
            for column, value in keys or ():
                self.by_value.setdefault(column, {}).setdefault(value, []).append(rule)

    def _index_keys(self, rule: Rule) -> list[tuple[int, int]] | None:
        """The (column, value) pairs one of which a match's first token has: from its most
        telling test (a word's value before a tag's, one value before a set, a flag last)."""
        options = []
        for offset, column, kind, operand in rule.tests:
            if offset != 0 or kind not in (EQUALS, WITHIN):
                continue
            attr = self.attrs[column]
            rank = (attr in FLAG_ATTRS, kind == WITHIN, attr not in WORD_ATTRS)
            values = [operand] if kind == EQUALS else sorted(operand)
            options.append((rank, [(column, v) for v in values]))
        return min(options)[1] if options else None

    def match(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        """(attr_id, match_id, start, end) of every pattern that matches, sorted as
        AttributeRuler.match sorts them, for its set_annotations."""
        if not len(doc) or not self.attrs:
            return []
        array = doc.to_array(list[int | str](self.attrs)).reshape(len(doc), -1)
        rows = cast(list[list[int]], array.tolist())  # uint64 hashes, as Python ints
        strings = doc.vocab.strings
        matches = set()
        for start, row in enumerate(rows):
            candidates = [
                rule
                for column, rules in self.by_value.items()
                for rule in rules.get(row[column], ())
            ]
            for rule in candidates + self.unindexed:
                if start + rule.length > len(rows):
                    continue
                for offset, column, kind, operand in rule.tests:
                    value = rows[start + offset][column]
                    if kind == EQUALS:
                        passed = value == operand
                    elif kind == WITHIN:
                        passed = value in operand
                    elif kind == OUTSIDE:
                        passed = value not in operand
                    else:
                        passed = operand.search(strings[value]) is not None
                    if not passed:
                        break
                else:
                    matches.add((rule.attr_id, rule.match_id, start, start + rule.length))
        return sorted(matches)


def _patterns_by_attr_id(ruler: AttributeRuler) -> list[list[list[dict[str, object]]]]:
    """The ruler's token patterns, grouped as its matcher holds them: by attribute set."""
    grouped = [ruler.matcher.get(str(key))[1] for key in range(len(ruler.attrs))]
    for pattern in (p for patterns in grouped for p in patterns):
        if any("OP" in spec or not isinstance(spec, dict) for spec in pattern):
            raise UnsupportedPattern("operator")
    return [[list(p) for p in patterns] for patterns in grouped]


class CachedRuleLemmatizer:
    """A rule lemmatizer's annotations, with every answer cached by (word, part of speech,
    morphology): what spaCy's rule_lemmatize computes from, under the key of its own cache."""

    def __init__(self, lemmatizer: Lemmatizer):
        self.lemmatizer = lemmatizer
        self.cache = lemmatizer.cache  # shared: what bounds one bounds the other
        lemmatizer(Doc(lemmatizer.vocab, words=[]))  # validates its tables, as its first call does
        # rule_lemmatize asks whether a word is in its part of speech's index, a list of
        # thousands of words: as a set the answer is the same, without the scan (a first
        # sight of a word cost 0.13 ms). Sets do not serialise: this pipeline is never saved.
        index = lemmatizer.lookups.get_table("lemma_index", {})
        for pos, words in list(index.items()):
            if isinstance(words, list):
                index[pos] = frozenset(words)

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = rows[:, 3].copy()
        strings = doc.vocab.strings
        overwrite = self.lemmatizer.overwrite
        for i, (orth, pos, morph, lemma) in enumerate(rows.tolist()):
            if lemma and not overwrite:
                continue
            forms = self.cache.get((orth, pos, morph))
            if forms is None:
                forms = self.cache[orth, pos, morph] = self.lemmatizer.rule_lemmatize(doc[i])
            lemmas[i] = strings.add(forms[0])
        doc.from_array([LEMMA], lemmas.reshape(-1, 1))  # type: ignore[arg-type]
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)


@Language.factory("newskg_cached_rule_lemmatizer", default_config={"wraps": "lemmatizer"})
def make_cached_rule_lemmatizer(nlp: Language, name: str, wraps: str) -> CachedRuleLemmatizer:
    lemmatizer = nlp.get_pipe(wraps)
    assert isinstance(lemmatizer, Lemmatizer)
    return CachedRuleLemmatizer(lemmatizer)


def add_lemma_exceptions(nlp: Language, lemmas: dict[str, str]) -> None:
    """Give word forms the lemmas a rule lemmatizer gets wrong ({form: lemma}), through the
    attribute ruler before it, whose lemmas the lemmatizer keeps. (Its own table of exceptions
    cannot: it only adds a lemma the rules have not already found, and ranks the rules' first.)"""
    names = [name for name, _ in nlp.pipeline]
    for name, component in nlp.pipeline:
        if isinstance(component, Lemmatizer) and component.mode == "rule":
            before = nlp.pipeline[: names.index(name)]
            rulers = [ruler for _, ruler in before if isinstance(ruler, AttributeRuler)]
            if rulers and not component.overwrite:
                for form, lemma in lemmas.items():
                    rulers[-1].add([[{"LOWER": form}]], {"LEMMA": lemma})


def speed_up_rule_components(nlp: Language) -> None:
    """Give the pipeline's attribute ruler and rule lemmatizer their cheaper forms, in place,
    where they give the same annotations."""
    for name, component in list(nlp.pipeline):
        if isinstance(component, AttributeRuler):
            # AttributeRuler.__call__ calls self.match, then applies the attributes it found.
            with contextlib.suppress(UnsupportedPattern):
                component.match = IndexedAttributeRuler(component).match  # type: ignore[method-assign]
        elif (
            isinstance(component, Lemmatizer)
            and component.mode == "rule"
            # spaCy's own rule_lemmatize, whose cache key says what its answer depends on
            and type(component).rule_lemmatize is Lemmatizer.rule_lemmatize
        ):
            # In its place and under its name, so that the pipeline reads the same.
            cached = f"{name}_cached"
            config = {"wraps": name}
            nlp.add_pipe("newskg_cached_rule_lemmatizer", cached, before=name, config=config)
            nlp.remove_pipe(name)
            nlp.rename_pipe(cached, name)
