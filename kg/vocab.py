"""The namespaces of the data contract; NK is closed, so a misspelt term fails at import."""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace

NK_IRI = "https://w3id.org/newskg/ns#"


class NK(DefinedNamespace):
    """newskg's own terms (ontology/news.ttl)."""

    _NS = Namespace(NK_IRI)
    _fail = True

    Article: URIRef
    ArticleText: URIRef
    Person: URIRef
    Organization: URIRef
    Place: URIRef
    Event: URIRef
    Statement: URIRef
    DirectQuote: URIRef
    ReportedSpeech: URIRef
    Mention: URIRef
    Role: URIRef
    Section: URIRef
    RelatedArticle: URIRef
    AnonymousAgent: URIRef
    EntityLink: URIRef
    Factuality: URIRef
    Actual: URIRef
    Hypothetical: URIRef
    Negated: URIRef
    EventTypes: URIRef
    link: URIRef
    linkTarget: URIRef
    linkReason: URIRef
    recognisedAs: URIRef
    hasText: URIRef
    refersTo: URIRef
    wikidata: URIRef
    speaker: URIRef
    cue: URIRef
    speakerRole: URIRef
    roleHolder: URIRef
    roleOf: URIRef
    reportedIn: URIRef
    participant: URIRef
    place: URIRef
    eventType: URIRef
    confidence: URIRef
    factuality: URIRef
    madeAt: URIRef
    section: URIRef
    sectionKind: URIRef
    dateline: URIRef
    relatedArticle: URIRef
    ageText: URIRef
    extractor: URIRef
    timeText: URIRef
    contentHash: URIRef


class _Terms(Namespace):
    """A namespace whose terms are made once: rdflib makes and checks a new IRI at each reading
    of `SCHEMA.name`, and mapping reads such terms hundreds of times an article."""

    def __getattr__(self, name: str) -> URIRef:
        term = super().__getattr__(name)
        self.__dict__[name] = term  # found before __getattr__ is asked from now on
        return term


SCHEMA = _Terms("http://schema.org/")
SEM = _Terms("http://semanticweb.cs.vu.nl/2009/11/sem/")
NIF = _Terms("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
WD = _Terms("http://www.wikidata.org/entity/")
# The event type scheme's concepts (kg/extract/lexicon.py): https://w3id.org/newskg/event/Meeting
EVENT_TYPE = _Terms("https://w3id.org/newskg/event/")

PREFIXES: dict[str, str] = {
    "nk": NK_IRI,
    "schema": str(SCHEMA),
    "sem": str(SEM),
    "nif": str(NIF),
    "prov": str(PROV),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "skos": str(SKOS),
    "xsd": str(XSD),
    "owl": str(OWL),
    "wd": str(WD),
    "et": str(EVENT_TYPE),
}


def sparql_prefixes() -> str:
    """PREFIX lines for every namespace of the contract."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
