"""The mapping: golden Turtle compared with rdflib's isomorphic, and deterministic IRIs."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.namespace import RDF, RDFS

from kg.model import (
    Agent,
    Article,
    Entity,
    EntityLink,
    Extraction,
    Image,
    Mention,
    NamedSpan,
    RelatedArticle,
    Role,
    Section,
    Span,
    Statement,
    TimeValue,
)
from kg.rdf import Iris, article_graph, article_slug, extraction_triples, local_entity_id
from kg.vocab import NIF, NK, PREFIXES, SCHEMA
from tests.conftest import BASE, GOLDEN

TEXT = (
    "Oslo talks\n2 May 2022 - 10:00 Kari Nordmann\nOslo — Jonas Berg met Berg's aides.\n"
    "Mayor Jonas Berg said the talks went well. An aide said “more talks are planned”."
)


def at(words: str, after: int = 0) -> Span:
    begin = TEXT.index(words, after)
    return Span(begin, begin + len(words))


def hand_built() -> Extraction:
    first_line = at("Oslo — Jonas Berg met Berg's aides.")
    said, aide = (
        at("Mayor Jonas Berg said the talks went well."),
        at("An aide said “more talks are planned”."),
    )
    article = Article(
        identifier="oslo talks.txt",
        text=TEXT,
        headline="Oslo talks",
        published=datetime(2022, 5, 2, 10, 0),
        authors=(NamedSpan("Kari Nordmann", at("Kari Nordmann")),),
        dateline=NamedSpan("Oslo", at("Oslo", 20)),
        image=Image("A caption", "AGENCY"),
        related=(RelatedArticle("Earlier talks", None, "2 days ago"),),
        sections=(
            Section("headline", at("Oslo talks")),
            Section("byline", at("2 May 2022 - 10:00 Kari Nordmann")),
            Section("body", first_line),
            Section("body", Span(said.begin, aide.end)),
        ),
    )
    second_berg = at("Jonas Berg", said.begin)
    entities = (
        Entity(
            "Place",
            "Oslo",
            (
                Mention(at("Oslo"), "Oslo", at("Oslo talks")),
                Mention(at("Oslo", 20), "Oslo", first_line),
            ),
        ),
        Entity(
            "Person",
            "Kari Nordmann",
            (
                Mention(
                    at("Kari Nordmann"), "Kari Nordmann", at("2 May 2022 - 10:00 Kari Nordmann")
                ),
            ),
        ),
        Entity(
            "Person",
            "Jonas Berg",
            (
                Mention(at("Jonas Berg"), "Jonas Berg", first_line),
                Mention(at("Berg", at("met").end), "Berg", first_line),
                Mention(second_berg, "Jonas Berg", said),
            ),
            ("Berg",),
        ),
    )
    roles = (Role("Mayor", 2, None, at("Mayor"), said),)
    statements = (
        Statement(
            "ReportedSpeech",
            at("the talks went well"),
            "the talks went well",
            said,
            Agent(2),
            second_berg,
            "said",
            at("said", said.begin),
            0,
            (),
            TimeValue(latest=date(2022, 5, 2)),
        ),
        Statement(
            "DirectQuote",
            at("more talks are planned"),
            "more talks are planned",
            aide,
            Agent(None, "aide"),
            at("aide"),
            "said",
            at("said", aide.begin),
            None,
            (),
            TimeValue(day=date(2022, 5, 2), text="today"),
        ),
    )
    return Extraction(article, entities, "newskg test", statements, roles, language="en")


def graph_of(extraction: Extraction) -> Graph:
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    for triple in extraction_triples(extraction, Iris(BASE)):
        graph.add(triple)
    return graph


def test_mapping_matches_golden_turtle(regen_golden: bool) -> None:
    golden: Path = GOLDEN / "mapping.ttl"
    produced = graph_of(hand_built())
    if regen_golden:
        golden.write_text(produced.serialize(format="turtle"), encoding="utf-8")
    expected = Graph().parse(golden, format="turtle")
    if not isomorphic(produced, expected):
        _, only_produced, only_expected = graph_diff(
            to_isomorphic(produced), to_isomorphic(expected)
        )
        raise AssertionError(
            "mapping differs from golden (pytest --regen-golden rewrites it):\n+ "
            + only_produced.serialize(format="nt")
            + "\n- "
            + only_expected.serialize(format="nt")
        )


def test_mentions_index_the_text_exactly() -> None:
    graph = graph_of(hand_built())
    mentions = list(graph.subjects(RDF.type, NK.Mention))
    # 6 of entities (one of them the speaker's too), 1 of a role, 2 of statements, 1 of an aide
    assert len(mentions) == 10
    for mention in mentions:
        begin = int(graph.value(mention, NIF.beginIndex))  # type: ignore[arg-type]
        end = int(graph.value(mention, NIF.endIndex))  # type: ignore[arg-type]
        assert TEXT[begin:end] == str(graph.value(mention, NIF.anchorOf))
        assert TEXT[begin:end] == TEXT[begin:end].strip() and end > begin


def test_author_and_dateline_are_linked() -> None:
    graph = graph_of(hand_built())
    iris = Iris(BASE)
    article = iris.article("oslo-talks")
    (author,) = graph.objects(article, SCHEMA.author)
    assert graph.value(author, RDFS.label) == Literal("Kari Nordmann")
    assert graph.value(article, NK.dateline) == iris.entity(local_entity_id("Place", "Oslo"))
    # The author's only mention is the byline: the article does not "mention" her.
    assert author not in set(graph.objects(article, SCHEMA.mentions))


def test_a_dateline_linked_to_an_organisation_keeps_its_link_not_the_role() -> None:
    # nk:dateline is a place by contract: "UNITED NATIONS" linked to the organisation is none
    extraction = hand_built()
    oslo = next(i for i, e in enumerate(extraction.entities) if e.label == "Oslo")
    link = EntityLink(oslo, "Q1", "Oslo Forum", "an organisation", "organization", 0.9, ("t",))
    graph = graph_of(replace(extraction, links=(link,)))
    article = Iris(BASE).article("oslo-talks")
    assert graph.value(article, NK.dateline) is None
    assert (article, SCHEMA.mentions, Iris(BASE).entity("Q1")) in graph


def test_same_input_same_triples_and_iris() -> None:
    first = set(extraction_triples(hand_built(), Iris(BASE)))
    second = set(extraction_triples(hand_built(), Iris(BASE)))
    assert first == second
    other_base = {str(s) for s, _, _ in extraction_triples(hand_built(), Iris("https://x.org/"))}
    assert all(s.startswith("https://x.org/") for s in other_base)


def test_local_entity_ids_are_stable_and_normalised() -> None:
    assert local_entity_id("Person", "Joe Biden") == local_entity_id("Person", "joe  biden")
    assert local_entity_id("Organization", "The White House") == local_entity_id(
        "Organization", "White House"
    )
    assert local_entity_id("Person", "Georgia") != local_entity_id("Place", "Georgia")
    assert (
        local_entity_id("Person", "Joe Biden") == "L" + local_entity_id("Person", "Joe Biden")[1:]
    )
    assert len(local_entity_id("Place", "Oslo")) == 17


def test_article_slug_and_graph() -> None:
    assert article_slug("000_0001cfc20b1d3929.txt") == "000_0001cfc20b1d3929"
    assert article_slug("a b?c.txt") == "a-b-c"
    assert article_slug("record-42") == "record-42"
    assert article_graph(hand_built(), Iris(BASE)) == URIRef(BASE + "graph/article/oslo-talks")


def test_a_group_word_speaker_linked_to_a_party_is_the_party() -> None:
    text = "Vote\n\nThe Whigs said no. Ruritanians said yes. The Whig said maybe.\n"
    sentence = Span(6, len(text) - 1)

    def span(words: str) -> Span:  # the last one
        return Span(text.rindex(words), text.rindex(words) + len(words))

    article = Article(identifier="vote.txt", text=text, headline="Vote")
    whig = span("Whig")
    entities = (
        Entity(
            "Place",
            "Whigs",
            (Mention(span("Whigs"), "Whigs", sentence), Mention(whig, "Whig", sentence)),
            ("Whig",),
            True,
        ),
        Entity(
            "Place",
            "Ruritanians",
            (Mention(span("Ruritanians"), "Ruritanians", sentence),),
            (),
            True,
        ),
    )
    links = (
        EntityLink(0, "Q901", "Whig Party", "political party, RUR", "organization", 0.8, ()),
        EntityLink(1, "Q902", "Ruritania", "country, RU", "place", 0.8, ()),
    )
    statements = tuple(
        Statement("ReportedSpeech", span(said), said, sentence, Agent(None, who), span(words))
        for said, who, words in (
            ("no", "Whigs", "The Whigs"),
            ("yes", "Ruritanians", "Ruritanians"),
            ("maybe", "Whig", "The Whig"),
        )
    )
    graph = graph_of(Extraction(article, entities, "newskg test", statements, links=links))
    speakers = {
        str(graph.value(s, SCHEMA.text)): graph.value(s, NK.speaker)
        for s in graph.subjects(RDF.type, NK.Statement)
    }
    # The party speaks, not one of its members; a nationality word's people are not its
    # country.
    assert speakers["no"] == Iris(BASE).entity("Q901")
    assert graph.value(speakers["maybe"], RDFS.label) == Literal("Whig")
    assert (speakers["yes"], RDF.type, NK.AnonymousAgent) in graph
    assert graph.value(speakers["yes"], RDFS.label) == Literal("Ruritanians")


def test_speakers_and_roles_keep_to_the_contracts_classes() -> None:
    text = "Talks\n\nRuritania said no. A Ruritania aide said yes. The aide said maybe.\n"
    sentence = Span(7, len(text) - 1)

    def span(words: str) -> Span:
        return Span(text.index(words), text.index(words) + len(words))

    article = Article(identifier="talks.txt", text=text, headline="Talks")
    entities = (
        Entity("Place", "Ruritania", (Mention(span("Ruritania"), "Ruritania", sentence),)),
        Entity("Person", "Ana Lunde", (Mention(span("aide"), "aide", sentence),)),
    )
    # An aide of a person, as a role: the contract's roleOf is an organisation's or a place's.
    roles = (Role("aide", 1, 1, span("aide"), sentence),)
    statements = tuple(
        Statement("ReportedSpeech", span(said), said, sentence, who, span(words))
        for said, who, words in (
            ("no", Agent(0), "Ruritania"),
            ("yes", Agent(None, "Ruritania aide"), "A Ruritania aide"),
            ("maybe", Agent(None, "ruritania aide"), "The aide"),
        )
    )
    graph = graph_of(Extraction(article, entities, "newskg test", statements, roles))
    place = Iris(BASE).entity_of(entities[0])
    # A place that speaks stands for its government: an organisation too.
    assert {(place, RDF.type, NK.Place), (place, RDF.type, NK.Organization)} <= set(graph)
    assert not list(graph.objects(None, NK.roleOf))
    # Two descriptions of one agent node: one label, the first.
    (agent,) = graph.subjects(RDF.type, NK.AnonymousAgent)
    assert list(graph.objects(agent, RDFS.label)) == [Literal("Ruritania aide")]


def test_the_last_word_of_a_partys_name_speaks_for_it() -> None:
    text = "Vote\n\nThe Liberal Whigs said no.\n"
    sentence = Span(6, len(text) - 1)
    name = Span(text.index("Liberal Whigs"), text.index("Liberal Whigs") + len("Liberal Whigs"))
    whigs = Span(text.index("Whigs"), text.index("Whigs") + len("Whigs"))
    party = Entity("Place", "Liberal Whigs", (Mention(name, "Liberal Whigs", sentence),), (), True)
    link = EntityLink(0, "Q901", "Liberal Whigs", "political party, RUR", "organization", 0.8, ())
    said = Statement(
        "ReportedSpeech",
        Span(text.index("no"), text.index("no") + 2),
        "no",
        sentence,
        Agent(None, "Whigs"),
        whigs,  # the parse's head word only
    )
    article = Article(identifier="vote.txt", text=text, headline="Vote")
    graph = graph_of(Extraction(article, (party,), "newskg test", (said,), links=(link,)))
    (statement,) = graph.subjects(RDF.type, NK.Statement)
    assert graph.value(statement, NK.speaker) == Iris(BASE).entity("Q901")
