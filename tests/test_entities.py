"""Entity cleaning and grouping, on hand-built Docs and plain records: no trained model."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.extract.entities import EntitySpan, display_name, group_entities, initials, name_key
from kg.extract.nlp import entity_cleaner, entity_spans, lines, name_repeats
from kg.model import Article, NamedSpan, Section
from kg.model import Span as TextSpan


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.blank("en")


def doc_with_ents(nlp: Language, text: str, ents: list[tuple[str, str]]) -> Doc:
    """A Doc whose entities are the first occurrences of the given (text, label) pairs."""
    doc = nlp.make_doc(text)
    spans = []
    for surface, label in ents:
        begin = text.index(surface)
        span = doc.char_span(begin, begin + len(surface), label=label, alignment_mode="expand")
        assert span is not None, surface
        spans.append(span)
    doc.ents = spans
    return doc


@pytest.mark.parametrize(
    ("text", "ent", "label", "expected"),
    [
        ("After Joe Biden’s remarks.", "Joe Biden’s", "PERSON", ["Joe Biden"]),
        ("After Joe Biden's remarks.", "Joe Biden's", "PERSON", ["Joe Biden"]),
        ("By Andrey Biryukov\nRussian troops", "Andrey Biryukov\n", "PERSON", ["Andrey Biryukov"]),
        ("She met The White House staff.", "The White House", "ORG", ["White House"]),
        (
            "The anniversary of Crimea at Luzhniki Stadium.",
            "Crimea at Luzhniki Stadium",
            "FAC",
            ["Crimea", "Luzhniki Stadium"],
        ),
        ("Then President Joe Biden spoke.", "President Joe Biden", "PERSON", ["Joe Biden"]),
        (
            "So Russian President Vladimir Putin said.",
            "Russian President Vladimir Putin",
            "PERSON",
            ["Vladimir Putin"],
        ),
        (
            "As Kremlin spokesperson Dmitry Peskov said.",
            "Kremlin spokesperson Dmitry Peskov",
            "PERSON",
            ["Dmitry Peskov"],
        ),
        ("Then Pope Francis spoke.", "Pope Francis", "PERSON", ["Pope Francis"]),
        ("Ask Mr. Smith now.", "Mr. Smith", "PERSON", ["Smith"]),
        ("Bank of England rates rose.", "Bank of England", "ORG", ["Bank of England"]),
        ("Photo: Reuters/Sputnik here.", "Reuters/Sputnik", "ORG", ["Reuters", "Sputnik"]),
        ("Agent 007 Bond here.", "007 Bond", "PERSON", []),
        ("Numbers 2020 here.", "2020", "GPE", []),
        ("A pay cut, unions said.", "unions", "ORG", []),  # no capital: no name
        ("Sales on eBay rose.", "eBay", "ORG", ["eBay"]),
        ("Then Dr said no.", "Dr", "PERSON", []),  # a title alone
        ("Ana Lunde - Ice Road won.", "Ana Lunde - Ice Road", "PERSON", ["Ana Lunde", "Ice Road"]),
        ("Jean-Luc Berg won.", "Jean-Luc Berg", "PERSON", ["Jean-Luc Berg"]),
        ("Use Python 2 and 3.", "Python 2 and", "ORG", ["Python 2"]),  # no joining word last
        ("Write to Desk@valmont.org now.", "Desk@valmont.org", "ORG", []),  # an address
        # a headline's verb of saying, in title case like the name before it
        ("Ruiz Says Ferries Will Run", "Ruiz Says", "PERSON", ["Ruiz"]),
        ("Harbour Board Warns of Delays", "Harbour Board Warns", "ORG", ["Harbour Board"]),
    ],
)
def test_cleaner(nlp: Language, text: str, ent: str, label: str, expected: list[str]) -> None:
    doc = entity_cleaner(doc_with_ents(nlp, text, [(ent, label)]))
    assert [e.text for e in doc.ents] == expected


def test_a_name_and_another_after_an_ampersand_are_one_firm(nlp: Language) -> None:
    text = "Ask Arne Holm  & Sons or Arne Holm & Sons, or Kari & partners."
    found = entity_cleaner(
        doc_with_ents(nlp, text, [("Arne Holm", "PERSON"), ("Kari", "PERSON")])
    ).ents
    assert [(e.text, e.label_) for e in found] == [("Arne Holm  & Sons", "ORG"), ("Kari", "PERSON")]
    doc = doc_with_ents(nlp, "Arne Holm\n& Sons", [("Arne Holm", "PERSON")])
    assert [e.text for e in entity_cleaner(doc).ents] == ["Arne Holm"]  # not across lines


def test_a_courtesy_title_inside_an_organisation_begins_a_persons_name(nlp: Language) -> None:
    text = "In a speech to the Policy Centre Mr Holm said the plan was sound."
    doc = entity_cleaner(doc_with_ents(nlp, text, [("Policy Centre Mr Holm", "ORG")]))
    assert [e.text for e in doc.ents] == ["Policy Centre", "Mr Holm"]


def test_a_language_before_a_noun_is_a_peoples_word(nlp: Language) -> None:
    def cleaned(words: list[str], heads: list[int], deps: list[str]) -> list[tuple[str, str]]:
        doc = Doc(nlp.vocab, words=words, heads=heads, deps=deps, lemmas=words)
        doc.ents = [Span(doc, 1, 2, label="LANGUAGE")]
        return [(e.text, e.label_) for e in entity_cleaner(doc).ents]

    # "Under English law": the law is England's; "English speakers" speak the language.
    assert cleaned(["Under", "English", "law"], [0, 2, 0], ["ROOT", "amod", "pobj"]) == [
        ("English", "NORP")
    ]
    assert cleaned(["Many", "English", "speaker"], [2, 2, 2], ["amod", "amod", "ROOT"]) == [
        ("English", "LANGUAGE")
    ]
    assert cleaned(["She", "English", "spoke"], [2, 2, 2], ["nsubj", "dobj", "ROOT"]) == [
        ("English", "LANGUAGE")
    ]
    # "the English Chamber Orchestra": a word of a name the NER missed.
    assert cleaned(["the", "English", "Orchestra"], [2, 2, 2], ["det", "compound", "ROOT"]) == [
        ("English", "LANGUAGE")
    ]


def test_cleaner_leaves_other_labels_alone(nlp: Language) -> None:
    doc = entity_cleaner(doc_with_ents(nlp, "It rose 5% on Friday.", [("Friday", "DATE")]))
    assert [(e.text, e.label_) for e in doc.ents] == [("Friday", "DATE")]


def test_split_pieces_weigh_less(nlp: Language) -> None:
    doc = entity_cleaner(
        doc_with_ents(nlp, "Crimea at Luzhniki Stadium.", [("Crimea at Luzhniki Stadium", "ORG")])
    )
    doc[0].is_sent_start = True
    assert [r.weight for r in entity_spans(doc)] == [0.5, 0.5]


def test_lines_join_back_into_the_text() -> None:
    text = "Headline\n\nFirst line\nSecond line\n\n\nLast"
    assert lines(text) == ["Headline\n\n", "First line\n", "Second line\n\n\n", "Last"]
    assert "".join(lines(text)) == text and "".join(lines("\nA\n")) == "\nA\n"


def record(text: str, word: str, label: str, nth: int = 0, weight: float = 1.0) -> EntitySpan:
    begin = -1
    for _ in range(nth + 1):
        begin = text.index(word, begin + 1)
    span = TextSpan(begin, begin + len(word))
    return EntitySpan(span, word, label, TextSpan(0, len(text)), weight)


def test_partial_names_join_the_full_name() -> None:
    text = "Putin spoke. Vladimir Putin met Joe Biden. Biden and Putin talked."
    article = Article("a.txt", text)
    spans = [
        record(text, "Putin", "PERSON"),
        record(text, "Vladimir Putin", "PERSON"),
        record(text, "Joe Biden", "PERSON"),
        record(text, "Biden", "ORG", nth=1),  # the small model takes surnames for ORGs
        record(text, "Putin", "PERSON", nth=2),
    ]
    entities = group_entities(article, spans)
    assert [(e.kind, e.label, e.alt_labels, len(e.mentions)) for e in entities] == [
        ("Person", "Vladimir Putin", ("Putin",), 3),
        ("Person", "Joe Biden", ("Biden",), 2),
    ]


def test_a_surname_after_a_courtesy_title_joins_the_full_name() -> None:
    text = "Arne Holm spoke. Mr Holm left. Dr Pepper sold well. Dr. Holm returned."
    article = Article("a.txt", text)
    spans = [
        record(text, "Arne Holm", "PERSON"),
        record(text, "Mr Holm", "ORG"),  # as the small model may tag it
        record(text, "Dr Pepper", "ORG"),
        record(text, "Dr. Holm", "ORG"),
    ]
    entities = group_entities(article, spans)
    assert [(e.kind, e.label, len(e.mentions)) for e in entities] == [
        ("Person", "Arne Holm", 3),
        ("Organization", "Dr Pepper", 1),
    ]


def test_a_name_with_a_middle_initial_is_the_name_without_it() -> None:
    text = "Maria Okafor spoke. Maria T. Okafor left. Maria Ruiz Okafor stayed."
    spans = [
        record(text, "Maria Okafor", "PERSON"),
        record(text, "Maria T. Okafor", "PERSON"),
        record(text, "Maria Ruiz Okafor", "PERSON"),  # a middle name may be someone else's
    ]
    entities = group_entities(Article("a.txt", text), spans)
    assert [(e.label, e.alt_labels) for e in entities] == [
        ("Maria T. Okafor", ("Maria Okafor",)),
        ("Maria Ruiz Okafor", ()),
    ]


def test_surname_shared_by_two_people_goes_to_the_full_name_only_once() -> None:
    text = "Hillary Clinton and Bill Clinton came. Clinton spoke."
    spans = [
        record(text, "Hillary Clinton", "PERSON"),
        record(text, "Bill Clinton", "PERSON"),
        record(text, "Clinton", "PERSON", nth=2),
    ]
    entities = group_entities(Article("a.txt", text), spans)
    assert sum(len(e.mentions) for e in entities) == 3
    assert {e.label for e in entities} == {"Hillary Clinton", "Bill Clinton"}


def test_place_named_like_a_person_stays_a_place() -> None:
    text = "George Washington slept. Washington is a city."
    spans = [record(text, "George Washington", "PERSON"), record(text, "Washington", "GPE", 1)]
    kinds = {e.label: e.kind for e in group_entities(Article("a.txt", text), spans)}
    assert kinds == {"George Washington": "Person", "Washington": "Place"}


def test_a_name_that_ends_in_an_institutions_word_is_no_persons() -> None:
    # names the NER took for people's ("Valmont News", "Harbour Party"): no surname ends so
    text = "Valmont News reports. The Harbour Party met. Ana Newsome spoke. Berg K.K. won."
    spans = [
        record(text, "Valmont News", "PERSON"),
        record(text, "Harbour Party", "PERSON"),
        record(text, "Ana Newsome", "PERSON"),
        record(text, "Berg K.K.", "PERSON"),
    ]
    kinds = {e.label: e.kind for e in group_entities(Article("a.txt", text), spans)}
    assert kinds == {
        "Valmont News": "Organization",
        "Harbour Party": "Organization",
        "Ana Newsome": "Person",
        "Berg K.K.": "Organization",
    }


def test_a_bylines_name_is_a_person_and_a_datelines_a_place_as_the_contract_says() -> None:
    text = "Valmont News\nAUSTIN — Austin said Austin would win."
    article = Article(
        "a.txt",
        text,
        authors=(NamedSpan("Valmont News", TextSpan(0, 12)),),
        dateline=NamedSpan("AUSTIN", TextSpan(13, 19)),
        sections=(Section("byline", TextSpan(0, 12)), Section("body", TextSpan(13, len(text)))),
    )
    spans = [record(text, "Austin", "PERSON"), record(text, "Austin", "PERSON", 1)]
    kinds = {e.label: e.kind for e in group_entities(article, spans)}
    assert kinds == {"Valmont News": "Person", "Austin": "Place"}


def test_type_is_voted_and_split_pieces_count_less() -> None:
    text = "Crimea at Luzhniki. Crimea again."
    spans = [record(text, "Crimea", "ORG", weight=0.5), record(text, "Crimea", "GPE", nth=1)]
    (entity,) = group_entities(Article("a.txt", text), spans)
    assert entity.kind == "Place" and len(entity.mentions) == 2


def test_only_prose_sections_give_mentions_and_reader_names_are_added() -> None:
    text = "Headline about Kyiv\n1 May 2022 Olena Petrenko\nKyiv — Body text."
    byline = TextSpan(20, 45)
    article = Article(
        "a.txt",
        text,
        authors=(NamedSpan("Olena Petrenko", TextSpan(31, 45)),),
        dateline=NamedSpan("Kyiv", TextSpan(46, 50)),
        sections=(
            Section("headline", TextSpan(0, 19)),
            Section("byline", byline),
            Section("body", TextSpan(46, len(text))),
        ),
    )
    spans = [
        record(text, "Kyiv", "GPE"),
        record(text, "Olena Petrenko", "PERSON"),  # in the byline: the reader's name wins
    ]
    entities = group_entities(article, spans)
    assert [(e.label, e.kind, [m.span.begin for m in e.mentions]) for e in entities] == [
        ("Kyiv", "Place", [15, 46]),
        ("Olena Petrenko", "Person", [31]),
    ]


def test_name_key_and_display_name() -> None:
    assert name_key("The  White House") == name_key("white house")
    assert name_key("Joe Biden’s") == name_key("joe biden's")
    assert display_name("IAN BREMMER") == "Ian Bremmer"
    assert display_name("NATO") == "NATO"
    assert display_name("Joe\n Biden") == "Joe Biden"


def test_spans_keep_their_sentence(nlp: Language) -> None:
    text = "First line\nSecond about Oslo here."
    doc = doc_with_ents(nlp, text, [("Oslo", "GPE")])
    for token in doc:
        token.is_sent_start = token.i == 0 or token.text == "Second"
    (item,) = entity_spans(doc)
    assert text[item.sentence.begin : item.sentence.end] == "Second about Oslo here."


def test_span_extension_survives_assignment(nlp: Language) -> None:
    doc = nlp.make_doc("A B")
    span = Span(doc, 0, 1, label="ORG")
    span._.newskg_weight = 0.5
    doc.ents = [span]
    assert doc.ents[0]._.newskg_weight == 0.5


def test_a_name_found_once_is_found_wherever_the_article_repeats_it(nlp: Language) -> None:
    text = (
        "Yasser Arafat met the Kurdistan Democratic Party . Arafat said the KDP and the "
        "Kurdistan Democratic Party agree . ARAFAT left . Arafatism is a word ."
    )
    doc = doc_with_ents(
        nlp, text, [("Yasser Arafat", "PERSON"), ("Kurdistan Democratic Party", "ORG")]
    )
    found = [(e.text, e.label_) for e in name_repeats(doc).ents]
    assert found == [
        ("Yasser Arafat", "PERSON"),
        ("Kurdistan Democratic Party", "ORG"),
        ("Arafat", "PERSON"),  # the surname
        ("KDP", "ORG"),  # the acronym
        ("Kurdistan Democratic Party", "ORG"),
        ("ARAFAT", "PERSON"),  # in capitals, as headlines and datelines write names
    ]  # and never inside a longer word ("Arafatism")


def test_a_repeat_that_is_no_name_is_left_alone(nlp: Language) -> None:
    words = ["Theresa", "May", "spoke", ".", "May", "we", "go", "?"]
    pos = ["PROPN", "PROPN", "VERB", "PUNCT", "AUX", "PRON", "VERB", "PUNCT"]
    doc = Doc(nlp.vocab, words=words, pos=pos)
    doc.ents = [Span(doc, 0, 2, label="PERSON")]
    assert [e.text for e in name_repeats(doc).ents] == ["Theresa May"]  # "May we go?"


def test_an_acronym_joins_the_one_name_it_abbreviates() -> None:
    assert initials("Organisation for Economic Co-operation and Development") == "OECD"
    assert initials("Reuters") == ""
    text = "The Kurdistan Democratic Party said the KDP won. The EU and the UN met."
    spans = [
        record(text, "Kurdistan Democratic Party", "ORG"),
        record(text, "KDP", "ORG"),
        record(text, "EU", "ORG"),
        record(text, "UN", "ORG"),
    ]
    entities = group_entities(Article("a.txt", text), spans)
    assert [(e.label, e.alt_labels, len(e.mentions)) for e in entities] == [
        ("Kurdistan Democratic Party", ("KDP",), 2),
        ("EU", (), 1),  # no name here that it abbreviates
        ("UN", (), 1),
    ]


def test_a_word_of_a_title_is_no_organisation(nlp: Language) -> None:
    text = "Secretary of Fisheries Ana Lunde met the Shadow Minister and the Bank of Borland."
    doc = doc_with_ents(
        nlp, text, [("Fisheries", "ORG"), ("Shadow", "ORG"), ("Bank of Borland", "ORG")]
    )
    assert [e.text for e in entity_cleaner(doc).ents] == ["Bank of Borland"]


def test_a_common_noun_the_model_takes_for_a_person_is_no_name(nlp: Language) -> None:
    words = ["Turnout", "in", "Ana", "Lind", "'s", "town", "is", "low", "."]
    tags = ["NN", "IN", "NNP", "NNP", "POS", "NN", "VBZ", "JJ", "."]
    doc = Doc(nlp.vocab, words=words, tags=tags)
    doc.ents = [Span(doc, 0, 1, label="PERSON"), Span(doc, 2, 4, label="PERSON")]
    assert [e.text for e in entity_cleaner(doc).ents] == ["Ana Lind"]
