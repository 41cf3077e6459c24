"""Re-linking the store's entities after the knowledge base changed, without re-running spaCy.

Each article's entities are read back from its graph (names, kinds, mentions with their
sentences, and the article's text) and linked again. Where an entity's IRI changes (`L…` →
`Q…`, or one item for another), the article graph is rewritten in one update: the node renamed
in every triple, its link decision replaced, the knowledge base's facts of the new item added,
and the change recorded in the alias graph (`<old> dcterms:isReplacedBy <new>`), from which
the pages answer the old IRI with a 301 to the new one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace

from rdflib import URIRef
from rdflib.namespace import RDF

from kg.link.linker import Linker
from kg.model import Article, Entity, EntityKind, Extraction, Mention, NamedSpan, Span
from kg.rdf import CLASS_OF_KIND, Iris, entity_node, kb_triples, link_decisions, link_triples
from kg.store import BaseStore, ntriples_line, values_clause
from kg.vocab import sparql_prefixes

REPLACED_BY = "http://purl.org/dc/terms/isReplacedBy"
KIND_OF_CLASS: dict[str, EntityKind] = {str(c): k for k, c in CLASS_OF_KIND.items()}

_TEXT = (
    sparql_prefixes()
    + """
SELECT ?graph ?article ?identifier ?string ?headline ?dateline WHERE {
  GRAPH ?graph { ?article a nk:Article ; schema:identifier ?identifier ; nk:hasText ?text .
                 ?text nif:isString ?string .
                 OPTIONAL { ?article schema:headline ?headline }
                 OPTIONAL { ?article nk:dateline ?dateline } }
}"""
)

_MENTIONS = (
    sparql_prefixes()
    + """
SELECT ?graph ?node ?begin ?end ?anchor ?sentenceBegin ?sentenceEnd WHERE {
  GRAPH ?graph {
    ?mention a nk:Mention ; nk:refersTo ?node ; nif:beginIndex ?begin ; nif:endIndex ?end ;
             nif:anchorOf ?anchor ; nif:sentence ?s .
    ?s nif:beginIndex ?sentenceBegin ; nif:endIndex ?sentenceEnd .
  }
} ORDER BY ?node ?begin"""
)

_NAMES = (
    sparql_prefixes()
    + """
SELECT ?graph ?node ?label ?alt WHERE {
  VALUES_NODES
  GRAPH ?graph { { ?node rdfs:label ?label } UNION { ?node skos:altLabel ?alt } }
}"""
)

# An entity's kind: the article's class for an unlinked node, what the NER recognised a linked
# one as, else (a graph written before nk:recognisedAs) its item's class.
_KINDS = (
    sparql_prefixes()
    + """
SELECT DISTINCT ?graph ?kb ?node ?kind ?rank WHERE {
  VALUES_NODES
  VALUES ?kind { nk:Person nk:Organization nk:Place }
  { GRAPH ?graph { ?node a ?kind } BIND(0 AS ?rank) }
  UNION { GRAPH ?graph { ?part nk:linkTarget ?node ; nk:recognisedAs ?kind } BIND(1 AS ?rank) }
  UNION { GRAPH ?kb { ?node a ?kind } BIND(2 AS ?rank) }
}"""
)


@dataclass(frozen=True)
class Relinked:
    """What re-linking did to one article: its graph, and each node renamed (old, new)."""

    graph: str
    renamed: tuple[tuple[str, str], ...]
    rewritten: bool = False


def read_back(store: BaseStore, iris: Iris, graph: str) -> tuple[Extraction, list[str]]:
    """The article's text and entities as the linker needs them, and each entity's node."""
    rows = store.select(_TEXT, graph=graph)
    if not rows:
        return Extraction(Article("", "")), []
    article = Article(rows[0]["identifier"], rows[0]["string"], rows[0].get("headline"))
    mentions: dict[str, list[Mention]] = {}
    for r in store.select(_MENTIONS, graph=graph):
        mentions.setdefault(r["node"], []).append(
            Mention(
                Span(int(r["begin"]), int(r["end"])),
                r["anchor"],
                Span(int(r["sentenceBegin"]), int(r["sentenceEnd"])),
            )
        )
    if (dateline := mentions.get(rows[0].get("dateline", ""))) is not None:
        article = replace(article, dateline=NamedSpan(dateline[0].text, dateline[0].span))
    values = values_clause("node", mentions)
    ranked = sorted(
        (int(r["rank"]), r["kind"], r["node"])
        for r in store.select(
            _KINDS.replace("VALUES_NODES", values), graph=graph, kb=str(iris.kb_graph)
        )
    )
    kinds: dict[str, EntityKind] = {}
    for _, kind, node in ranked:
        kinds.setdefault(node, KIND_OF_CLASS[kind])
    names: dict[str, set[str]] = {}
    alts: dict[str, set[str]] = {}
    for r in store.select(_NAMES.replace("VALUES_NODES", values), graph=graph):
        if "label" in r:
            names.setdefault(r["node"], set()).add(r["label"])
        if "alt" in r:
            alts.setdefault(r["node"], set()).add(r["alt"])
    nodes = [n for n in mentions if n in kinds and (n in names or n in alts)]
    entities = []
    for n in nodes:
        # Entities the article named apart may share a node ("US", "United States"): the
        # longest name leads, the others are tried too; the same choice every time. A node
        # with other names only is a nationality word's country ("Chinese").
        own = names.get(n) or alts[n]
        label = min(own, key=lambda name: (-len(name), name))
        others = tuple(sorted((own | alts.get(n, set())) - {label}))
        entities.append(Entity(kinds[n], label, tuple(mentions[n]), others, n not in names))
    return Extraction(article, tuple(entities)), nodes


def relink_article(store: BaseStore, iris: Iris, linker: Linker, graph: str) -> Relinked:
    """Link one article's entities again and write what changed; nothing when nothing did."""
    extraction, nodes = read_back(store, iris, graph)
    if not nodes:
        return Relinked(graph, ())
    links = linker.link(extraction)
    extraction = Extraction(extraction.article, extraction.entities, links=links)
    renamed = [
        (old, str(entity_node(extraction, iris, i)))
        for i, old in enumerate(nodes)
        if str(entity_node(extraction, iris, i)) != old
    ]
    current = {r["target"]: r for r in store.select(_LINKS, graph=graph)}
    wanted = {str(entity_node(extraction, iris, k.entity)): k for k in link_decisions(extraction)}
    same_links = set(current) == set(wanted) and all(
        abs(float(current[t]["confidence"]) - round(wanted[t].confidence, 4)) < 1e-9 for t in wanted
    )
    if not renamed and same_links:
        return Relinked(graph, ())
    store.update(_rewrite(graph, iris, extraction, nodes, renamed))
    return Relinked(graph, tuple(renamed), rewritten=True)


_LINKS = (
    sparql_prefixes()
    + """
SELECT ?graph ?target ?confidence WHERE {
  GRAPH ?graph { ?article nk:link ?part . ?part nk:linkTarget ?target ; nk:confidence ?confidence }
}"""
)


def _rewrite(
    graph: str,
    iris: Iris,
    extraction: Extraction,
    nodes: list[str],
    renamed: list[tuple[str, str]],
) -> str:
    """One SPARQL Update: rename the nodes, replace the link decisions, add the new items'
    knowledge-base facts, record the aliases."""
    g = f"<{graph}>"
    steps = [
        # the old link decisions go; the new ones are written below
        f"DELETE {{ GRAPH {g} {{ ?article nk:link ?part . ?part ?p ?o }} }} "
        f"WHERE {{ GRAPH {g} {{ ?article nk:link ?part . ?part ?p ?o }} }}"
    ]
    for old, new in renamed:
        steps += [
            f"DELETE {{ GRAPH {g} {{ <{old}> ?p ?o }} }} "
            f"INSERT {{ GRAPH {g} {{ <{new}> ?p ?o }} }} "
            f"WHERE {{ GRAPH {g} {{ <{old}> ?p ?o }} }}",
            f"DELETE {{ GRAPH {g} {{ ?s ?p <{old}> }} }} "
            f"INSERT {{ GRAPH {g} {{ ?s ?p <{new}> }} }} "
            f"WHERE {{ GRAPH {g} {{ ?s ?p <{old}> }} }}",
            f"DELETE WHERE {{ GRAPH <{iris.alias_graph}> {{ <{new}> <{REPLACED_BY}> ?was }} }}",
        ]
    added: list[str] = []
    slug = graph[len(str(iris.article_graph(""))) :]
    for link in link_decisions(extraction):
        added += [ntriples_line(t) for t in link_triples(extraction, iris, slug, link)]
    # A linked node's type is the knowledge base's; an unlinked one's, the article's.
    for index, entity in enumerate(extraction.entities):
        node = entity_node(extraction, iris, index)
        if extraction.link_of(index) is None:
            added.append(ntriples_line((node, RDF.type, CLASS_OF_KIND[entity.kind])))
        else:
            steps.append(f"DELETE WHERE {{ GRAPH {g} {{ <{node}> a ?kind }} }}")
    kb = [ntriples_line(t) for t in kb_triples(extraction, iris)]
    aliases = [
        ntriples_line((URIRef(old), URIRef(REPLACED_BY), URIRef(new))) for old, new in renamed
    ]
    blocks = [f"GRAPH {g} {{ {' '.join(added)} }}"] if added else []
    if kb:
        blocks.append(f"GRAPH <{iris.kb_graph}> {{ {' '.join(kb)} }}")
    if aliases:
        blocks.append(f"GRAPH <{iris.alias_graph}> {{ {' '.join(aliases)} }}")
    if blocks:
        steps.append("INSERT DATA { " + " ".join(blocks) + " }")
    return sparql_prefixes() + " ;\n".join(steps)


def relink(
    store: BaseStore,
    iris: Iris,
    linker: Linker,
    graphs: Iterable[str],
    progress: Callable[[Iterable[str]], Iterator[str]] | None = None,
) -> list[Relinked]:
    """Re-link every article graph given; returns what changed, article by article."""
    chosen = [g for g in graphs if iris.is_article_graph(g)]
    walk = progress(chosen) if progress else iter(chosen)
    return [relink_article(store, iris, linker, graph) for graph in walk]
