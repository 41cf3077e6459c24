"""The ontology file agrees with the code: vocabulary terms and the event type scheme."""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from kg.extract.lexicon import EVENT_TYPES
from kg.ontology import ontology_file
from kg.vocab import EVENT_TYPE, NK


def test_every_vocabulary_term_is_declared() -> None:
    graph = Graph().parse(ontology_file("news.ttl"))
    declared = {s for s in graph.subjects(RDF.type, None) if str(s).startswith(str(NK._NS))}
    used = {URIRef(str(NK._NS) + name) for name in NK.__annotations__}
    assert used - declared == set()


def test_event_type_scheme_matches_the_lexicon() -> None:
    graph = Graph().parse(ontology_file("news.ttl"))
    concepts = set(graph.subjects(SKOS.inScheme, NK.EventTypes))
    assert concepts == {EVENT_TYPE[name] for name in EVENT_TYPES}
    for name, (label, qid, _) in EVENT_TYPES.items():
        assert str(graph.value(EVENT_TYPE[name], SKOS.prefLabel)) == label
        assert graph.value(EVENT_TYPE[name], SKOS.closeMatch) == URIRef(
            f"http://www.wikidata.org/entity/{qid}"
        )
