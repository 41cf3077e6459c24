"""The SPARQL the pages run. Variables are bound through substitutions, never formatting.

pyoxigraph substitutes only variables a SELECT projects: each query projects what it binds
(?node, ?text, ?graph). `LABEL(?x, ?out)` binds ?out to one label of ?x: the knowledge base's
when ?x is linked (the label in the graph that holds its nk:wikidata), else the article's.
"""

from __future__ import annotations

import re

from kg.vocab import sparql_prefixes

_LABEL = re.compile(r"LABEL\(\?(\w+), \?(\w+)\)")


def query(text: str) -> str:
    """A page query: the contract's prefixes, and LABEL() macros expanded."""

    def expand(match: re.Match[str]) -> str:
        node, out = match.groups()
        return (
            f"OPTIONAL {{ GRAPH ?{out}Graph {{ ?{node} nk:wikidata ?{out}Item ; "
            f"rdfs:label ?{out} }} }} OPTIONAL {{ ?{node} rdfs:label ?{out} }}"
        )

    return sparql_prefixes() + _LABEL.sub(expand, text)


COUNTS = query("""
SELECT ?class (COUNT(DISTINCT ?node) AS ?n) WHERE {
  VALUES ?class { nk:Article nk:Person nk:Organization nk:Place nk:Event nk:Statement nk:Mention }
  ?node a ?class .
} GROUP BY ?class""")

# The home page's lists, each in two steps (a short list first, then its details): one query
# joining the details of every article or event would read them all before sorting.
LATEST_ARTICLES = query("""
SELECT ?article ?date WHERE {
  ?article a nk:Article . OPTIONAL { ?article schema:datePublished ?date }
} ORDER BY DESC(?date) LIMIT 20""")

# Candidates for the most-mentioned people: the entities named in most articles (one triple
# each), whose mentions are then counted.
MOST_NAMED = query("""
SELECT ?entity (COUNT(?article) AS ?articles) WHERE { ?article schema:mentions ?entity }
GROUP BY ?entity ORDER BY DESC(?articles) LIMIT 500""")

MENTION_COUNTS = query("""
SELECT ?entity (COUNT(?mention) AS ?mentions) WHERE { VALUES_ENTITIES ?mention nk:refersTo ?entity }
GROUP BY ?entity""")

# DISTINCT: a node's type and names are said again in every article graph that names it.
NODE_SUMMARY = query("""
SELECT DISTINCT ?node ?type ?label ?alt ?wikidata ?description WHERE {
  { ?node a ?type } UNION { LABEL(?node, ?label) }
  UNION { ?node rdfs:label|skos:altLabel ?alt } UNION { ?node nk:wikidata ?wikidata }
  UNION { ?node schema:description ?description }
}""")

LINK_REASONS = query("""
SELECT ?node ?article ?headline ?confidence ?reason WHERE {
  ?link nk:linkTarget ?node ; nk:confidence ?confidence ; nk:linkReason ?reason .
  ?article nk:link ?link . OPTIONAL { ?article schema:headline ?headline }
} ORDER BY DESC(?confidence) ?article ?reason LIMIT 100""")

# A node's articles in two steps: a page of them by date, then their headlines.
FIRST_ARTICLES = query("""
SELECT ?node ?article ?date WHERE {
  ?article schema:mentions ?node . OPTIONAL { ?article schema:datePublished ?date }
} ORDER BY DESC(?date) LIMIT_PAGE""")

ARTICLES_SHOWN = query("""
SELECT ?article ?headline ?identifier ?date WHERE {
  VALUES_ARTICLES
  ?article schema:identifier ?identifier . OPTIONAL { ?article schema:headline ?headline }
  OPTIONAL { ?article schema:datePublished ?date }
}""")

ARTICLES_COUNT = query("""
SELECT ?node (COUNT(?article) AS ?n) WHERE { ?article schema:mentions ?node } GROUP BY ?node""")

# The node's mentions in some articles, looked up in each article's own graph (VALUES_GRAPHS):
# the store then reads them straight from its graph-first index.
ENTITY_MENTIONS = query("""
SELECT ?node ?graph ?begin ?end ?sentenceBegin ?sentence WHERE {
  VALUES_GRAPHS
  GRAPH ?graph {
    ?mention nk:refersTo ?node ; nif:beginIndex ?begin ; nif:endIndex ?end ; nif:sentence ?s .
    ?s nif:beginIndex ?sentenceBegin ; nif:anchorOf ?sentence .
  }
} ORDER BY ?graph ?begin""")

ARTICLE = query("""
SELECT ?node ?identifier ?headline ?description ?date ?text ?string ?extractor ?language WHERE {
  ?node a nk:Article ; schema:identifier ?identifier ; nk:hasText ?text .
  ?text nif:isString ?string .
  OPTIONAL { ?node schema:headline ?headline }
  OPTIONAL { ?node schema:description ?description }
  OPTIONAL { ?node schema:datePublished ?date }
  OPTIONAL { ?node nk:extractor ?extractor }
  OPTIONAL { ?node schema:inLanguage ?language }
}""")

ARTICLE_LINKS = query("""
SELECT ?node ?role ?target WHERE {
  VALUES ?role { schema:author nk:dateline }
  ?node ?role ?target .
} ORDER BY ?role ?target""")

ARTICLE_IMAGE = query("""
SELECT ?node ?caption ?credit WHERE {
  ?node schema:image ?image . ?image schema:caption ?caption .
  OPTIONAL { ?image schema:creditText ?credit }
}""")

ARTICLE_RELATED = query("""
SELECT ?node ?position ?headline ?summary ?age WHERE {
  ?node nk:relatedArticle ?entry . ?entry schema:position ?position ; schema:headline ?headline .
  OPTIONAL { ?entry schema:abstract ?summary } OPTIONAL { ?entry nk:ageText ?age }
} ORDER BY ?position""")

ARTICLE_SECTIONS = query("""
SELECT ?text ?kind ?begin ?end WHERE {
  ?text nk:section ?section . ?section nk:sectionKind ?kind ;
        nif:beginIndex ?begin ; nif:endIndex ?end .
} ORDER BY ?begin""")

ARTICLE_MENTIONS = query("""
SELECT ?text ?begin ?end ?target ?who ?cue ?roleName WHERE {
  # no "a nk:Mention": the store's planner would start from every mention in the store
  ?mention nif:referenceContext ?text ; nk:refersTo ?target ;
           nif:beginIndex ?begin ; nif:endIndex ?end .
  OPTIONAL { ?target nk:speaker ?who }
  OPTIONAL { ?target nk:cue ?cue }
  OPTIONAL { ?target schema:roleName ?roleName }
} ORDER BY ?begin""")

MENTIONED = query("ASK { ?mention nk:refersTo ?node }")

# What re-linking replaced a node by (the alias graph, `kg link --relink`).
REPLACED_BY = query("""
SELECT ?node ?graph ?new WHERE {
  GRAPH ?graph { ?node <http://purl.org/dc/terms/isReplacedBy> ?new }
} LIMIT 1""")

OUTGOING = query("""
SELECT DISTINCT ?node ?p ?o WHERE { ?node ?p ?o }
ORDER BY ?p ?o LIMIT 1000""")

INCOMING = query("""
SELECT DISTINCT ?node ?s ?p WHERE { ?s ?p ?node }
ORDER BY ?p ?s LIMIT 1000""")

EXISTS = "ASK { { ?node ?p ?o } UNION { ?s ?p ?node } }"

DESCRIBE = "CONSTRUCT { ?node ?p ?o . ?s ?q ?node } WHERE { { ?node ?p ?o } UNION { ?s ?q ?node } }"

ARTICLE_GRAPH = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?graph { ?s ?p ?o } }"

ONTOLOGY_TERMS = query("""
SELECT ?graph ?term ?kind ?label ?comment WHERE {
  GRAPH ?graph {
    VALUES ?kind { owl:Class owl:ObjectProperty owl:DatatypeProperty }
    ?term a ?kind . OPTIONAL { ?term rdfs:label ?label } OPTIONAL { ?term rdfs:comment ?comment }
  }
} ORDER BY ?kind ?term""")

_STATEMENT_ROWS = """
  ?statement schema:text ?text ; nk:reportedIn ?article ; a ?kind .
  FILTER(?kind IN (nk:DirectQuote, nk:ReportedSpeech))
  OPTIONAL { ?statement nk:cue ?cue }
  OPTIONAL { ?statement sem:hasTimeStamp ?day }
  OPTIONAL { ?statement sem:hasLatestEndTimeStamp ?latest }
  OPTIONAL { ?article schema:headline ?headline }
  ?mention nk:refersTo ?statement ; nif:beginIndex ?begin ; nif:endIndex ?end ; nif:sentence ?s .
  ?s nif:beginIndex ?sentenceBegin ; nif:anchorOf ?sentence .
  BIND(COALESCE(?day, ?latest) AS ?when)
"""


def _first_statements(link: str) -> str:
    return query(
        f"SELECT ?node ?statement ?when WHERE {{ ?statement {link} ?node ."
        " OPTIONAL { ?statement sem:hasTimeStamp ?day }"
        " OPTIONAL { ?statement sem:hasLatestEndTimeStamp ?latest }"
        " BIND(COALESCE(?day, ?latest) AS ?when) } ORDER BY DESC(?when) LIMIT_PAGE"
    )


def _count_statements(link: str) -> str:
    return query(f"SELECT ?node (COUNT(?s) AS ?n) WHERE {{ ?s {link} ?node }} GROUP BY ?node")


# Statement lists run in two steps, the node's statements first: in one query the store's
# planner evaluates the details of every statement before joining (seconds at 1M quads).
FIRST_STATEMENTS_BY = _first_statements("nk:speaker")
FIRST_STATEMENTS_ABOUT = _first_statements("schema:about")
COUNT_STATEMENTS_BY = _count_statements("nk:speaker")
COUNT_STATEMENTS_ABOUT = _count_statements("schema:about")

STATEMENTS_BY = query(
    """
SELECT ?statement ?text ?kind ?cue ?day ?when ?article ?headline ?begin ?end
       ?sentenceBegin ?sentence WHERE {
  VALUES_STATEMENTS"""
    + _STATEMENT_ROWS
    + "} ORDER BY DESC(?when) ?article ?begin LIMIT 200"
)

STATEMENTS_ABOUT = query(
    """
SELECT ?statement ?text ?kind ?cue ?day ?when ?article ?headline ?begin ?end
       ?sentenceBegin ?sentence ?speaker WHERE {
  VALUES_STATEMENTS
  OPTIONAL { ?statement nk:speaker ?speaker }"""
    + _STATEMENT_ROWS
    + "} ORDER BY DESC(?when) ?article ?begin LIMIT 200"
)

FIRST_ROLES = query("SELECT ?node ?role WHERE { ?role nk:roleHolder ?node } LIMIT 500")

# The people (and organisations) whose roles are of this node: a country's president, a
# company's spokesperson — for a place, the people from there, as the articles give them.
ROLE_HOLDERS = query("""
SELECT ?node ?holder ?name (COUNT(DISTINCT ?role) AS ?roles) WHERE {
  ?role nk:roleOf ?node ; nk:roleHolder ?holder ; schema:roleName ?name .
} GROUP BY ?node ?holder ?name ORDER BY DESC(?roles) ?name LIMIT 50""")
ROLES_HELD = query("""
SELECT ?role ?name ?of ?article ?headline WHERE {
  VALUES_ROLES
  ?role schema:roleName ?name .
  OPTIONAL { ?role nk:roleOf ?of }
  ?roleMention nk:refersTo ?role ; nif:referenceContext ?t . ?article nk:hasText ?t .
  OPTIONAL { ?article schema:headline ?headline }
} ORDER BY ?name ?article""")

STATEMENT = query("""
SELECT ?node ?text ?kind ?cue ?day ?earliest ?latest ?timeText ?article ?headline ?speaker
       ?roleName ?begin ?end ?sentenceBegin ?sentence WHERE {
  ?node schema:text ?text ; nk:reportedIn ?article ; a ?kind .
  FILTER(?kind IN (nk:DirectQuote, nk:ReportedSpeech))
  OPTIONAL { ?node nk:cue ?cue }
  OPTIONAL { ?node sem:hasTimeStamp ?day }
  OPTIONAL { ?node sem:hasEarliestBeginTimeStamp ?earliest }
  OPTIONAL { ?node sem:hasLatestEndTimeStamp ?latest }
  OPTIONAL { ?node nk:timeText ?timeText }
  OPTIONAL { ?node nk:speaker ?speaker }
  OPTIONAL { ?node nk:speakerRole/schema:roleName ?roleName }
  OPTIONAL { ?article schema:headline ?headline }
  ?mention nk:refersTo ?node ; nif:beginIndex ?begin ; nif:endIndex ?end ; nif:sentence ?s .
  ?s nif:beginIndex ?sentenceBegin ; nif:anchorOf ?sentence .
}""")

# The same words reported elsewhere: other statements with exactly this text.
SAME_WORDS = query("""
SELECT DISTINCT ?node ?other ?article ?headline ?speaker WHERE {
  ?node schema:text ?text .
  ?other schema:text ?text ; nk:reportedIn ?article .
  FILTER(?other != ?node)
  OPTIONAL { ?other nk:speaker ?speaker }
  OPTIONAL { ?article schema:headline ?headline }
} LIMIT 50""")

STATEMENT_ABOUT = query("""
SELECT DISTINCT ?node ?about WHERE { ?node schema:about ?about }""")


def _event_rows(var: str) -> str:
    """The fields of the event in ?var shown on pages."""
    return f"""
  ?{var} a nk:Event ; rdfs:label ?label ; nk:eventType ?type ; nk:factuality ?factuality ;
         nk:reportedIn ?article .
  OPTIONAL {{ ?type skos:prefLabel ?typeLabel }}
  OPTIONAL {{ ?{var} sem:hasTimeStamp ?day }}
  OPTIONAL {{ ?{var} sem:hasEarliestBeginTimeStamp ?earliest }}
  OPTIONAL {{ ?{var} sem:hasLatestEndTimeStamp ?latest }}
  OPTIONAL {{ ?article schema:headline ?headline }}
  BIND(COALESCE(?day, ?latest, ?earliest) AS ?when)
"""


LATEST_EVENTS = query("""
SELECT ?event ?when WHERE {
  ?event a nk:Event .
  OPTIONAL { ?event sem:hasTimeStamp ?day }
  OPTIONAL { ?event sem:hasEarliestBeginTimeStamp ?earliest }
  OPTIONAL { ?event sem:hasLatestEndTimeStamp ?latest }
  BIND(COALESCE(?day, ?latest, ?earliest) AS ?when)
} ORDER BY DESC(?when) LIMIT 15""")

# A node's events run in two steps, as its statements do: a page of the events first, with
# their dates; then their details.
FIRST_EVENTS_OF = query("""
SELECT DISTINCT ?node ?event ?when WHERE {
  { ?event nk:participant ?node } UNION { ?event nk:place ?node }
  OPTIONAL { ?event sem:hasTimeStamp ?day }
  OPTIONAL { ?event sem:hasEarliestBeginTimeStamp ?earliest }
  OPTIONAL { ?event sem:hasLatestEndTimeStamp ?latest }
  BIND(COALESCE(?day, ?latest, ?earliest) AS ?when)
} ORDER BY DESC(?when) LIMIT_PAGE""")

COUNT_EVENTS_OF = query("""
SELECT ?node (COUNT(DISTINCT ?event) AS ?n) WHERE {
  { ?event nk:participant ?node } UNION { ?event nk:place ?node }
} GROUP BY ?node""")

EVENTS_OF = query(
    "SELECT DISTINCT ?event ?label ?typeLabel ?factuality ?day ?earliest ?latest ?when"
    " ?article ?headline WHERE { VALUES_EVENTS"
    + _event_rows("event")
    + "} ORDER BY DESC(?when) ?label"
)

EVENT = query(
    "SELECT ?node ?label ?typeLabel ?type ?factuality ?day ?earliest ?latest ?timeText ?article"
    " ?headline WHERE {" + _event_rows("node") + " OPTIONAL { ?node nk:timeText ?timeText } }"
)

EVENT_PARTS = query("""
SELECT DISTINCT ?node ?role ?target WHERE {
  VALUES ?role { nk:participant nk:place }
  ?node ?role ?target .
} ORDER BY ?role ?target""")

EVENT_MENTIONS = query("""
SELECT ?node ?begin ?end ?sentenceBegin ?sentence WHERE {
  ?mention nk:refersTo ?node ; nif:beginIndex ?begin ; nif:endIndex ?end ; nif:sentence ?s .
  ?s nif:beginIndex ?sentenceBegin ; nif:anchorOf ?sentence .
} ORDER BY ?begin""")

STATEMENTS_AT = query("""
SELECT ?node ?statement ?text WHERE { ?statement nk:madeAt ?node ; schema:text ?text }""")


# Who is quoted about whom, around one node: the edges of its network picture. Labels come
# apart (pages.labels_of): an unlinked entity has its label in every article graph that names it, so
# labelling both ends here would multiply the rows by the two articles counts.
NETWORK = query("""
SELECT ?node ?speaker ?about (COUNT(DISTINCT ?statement) AS ?statements) WHERE {
  { ?statement nk:speaker ?node ; schema:about ?about . BIND(?node AS ?speaker) }
  UNION
  { ?statement schema:about ?node ; nk:speaker ?speaker . BIND(?node AS ?about) }
  FILTER(?speaker != ?about)
} GROUP BY ?node ?speaker ?about ORDER BY DESC(?statements) LIMIT 60""")

# People, organisations and places named in the same articles, by how many articles; over the
# node's latest RECENT_ARTICLES articles (FIRST_ARTICLES, then this with VALUES_ARTICLES), so
# that the cost does not grow with its fame. In one query the store read the latest articles'
# mentions only after sorting all of the node's: 5.0 ms against 2.7 for the two steps at 1M quads.
RECENT_ARTICLES = 50
CO_MENTIONED = query("""
SELECT ?node ?other (COUNT(DISTINCT ?article) AS ?articles) WHERE {
  VALUES_ARTICLES
  ?article schema:mentions ?other .
  FILTER(?other != ?node)
} GROUP BY ?node ?other ORDER BY DESC(?articles) LIMIT 40""")

# Every property into and out of a node, with counts (LodView's summary); the links themselves
# are one query away, in the workbench.
LINK_COUNTS = query("""
SELECT ?node ?direction ?p (COUNT(*) AS ?n) WHERE {
  { ?node ?p ?o . BIND("out" AS ?direction) }
  UNION
  { ?s ?p ?node . BIND("in" AS ?direction) }
} GROUP BY ?node ?direction ?p ORDER BY ?direction DESC(?n)""")
