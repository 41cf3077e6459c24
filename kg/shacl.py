"""SHACL validation of article graphs against ontology/shapes.ttl: the only pyshacl user."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from pyshacl import validate
from rdflib import Graph

from kg.ontology import ontology_file


@dataclass(frozen=True)
class ValidationReport:
    conforms: bool
    text: str


@lru_cache(maxsize=1)
def _shapes() -> Graph:
    return Graph().parse(ontology_file("shapes.ttl"), format="turtle")


def validate_rdf(data: bytes, media_type: str = "text/turtle") -> ValidationReport:
    """Whether an article graph (in an RDF media type) conforms to the shapes, and why not."""
    graph = Graph().parse(data=data, format=media_type)
    conforms, _report, text = validate(graph, shacl_graph=_shapes(), inference="none")
    return ValidationReport(bool(conforms), str(text))
