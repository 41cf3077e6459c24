"""The workbench's library of example queries: what the graph can answer, one question each.

Every example runs as written against the seed articles (tests/test_examples.py runs them all);
the PREFIX lines of the contract are added in front, so each body uses nk:, schema:, … freely.
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.vocab import sparql_prefixes


@dataclass(frozen=True)
class Example:
    title: str
    body: str

    @property
    def sparql(self) -> str:
        return sparql_prefixes() + "\n" + self.body


EXAMPLES: tuple[Example, ...] = (
    Example(
        "Statements by a person, in date order",
        """# Change the name to any speaker's.
SELECT ?date ?text ?cue ?article WHERE {
  ?person rdfs:label "Dmitry Peskov" .
  ?statement nk:speaker ?person ; schema:text ?text ; nk:reportedIn ?article .
  OPTIONAL { ?statement nk:cue ?cue }
  OPTIONAL { ?article schema:datePublished ?published }
  OPTIONAL { ?statement sem:hasTimeStamp ?said }
  BIND(COALESCE(?said, ?published) AS ?date)
}
ORDER BY ?date
""",
    ),
    Example(
        "Statements about a person by others",
        """SELECT DISTINCT ?speakerName ?text ?article WHERE {
  ?person rdfs:label "Vladimir Putin" .
  ?statement schema:about ?person ; nk:speaker ?speaker ; schema:text ?text ;
             nk:reportedIn ?article .
  FILTER(?speaker != ?person)
  ?speaker rdfs:label ?speakerName .
}
""",
    ),
    Example(
        "Who talks about whom: the network of speakers and subjects",
        """SELECT ?speaker ?subject (COUNT(?statement) AS ?statements) WHERE {
  ?statement nk:speaker ?speaker ; schema:about ?subject .
  ?subject a ?type .
  FILTER(?type IN (nk:Person, nk:Organization) && ?speaker != ?subject)
}
GROUP BY ?speaker ?subject
ORDER BY DESC(?statements)
""",
    ),
    Example(
        "Quotes containing a word",
        """SELECT ?speaker ?text ?article WHERE {
  ?statement a nk:DirectQuote ; schema:text ?text ; nk:speaker ?speaker ;
             nk:reportedIn ?article .
  FILTER(CONTAINS(LCASE(?text), "statements"))
}
""",
    ),
    Example(
        "Events in a place",
        """SELECT ?event ?type ?when ?placeName WHERE {
  ?event a nk:Event ; nk:place ?place .
  ?place rdfs:label ?placeName .
  OPTIONAL { ?event nk:eventType/skos:prefLabel ?type }
  OPTIONAL { ?event sem:hasTimeStamp ?when }
}
ORDER BY ?placeName ?when
""",
    ),
    Example(
        "Proposed but not held: hypothetical events",
        """SELECT ?event ?label ?type ?article WHERE {
  ?event a nk:Event ; nk:factuality nk:Hypothetical ; nk:reportedIn ?article .
  OPTIONAL { ?event rdfs:label ?label }
  OPTIONAL { ?event nk:eventType/skos:prefLabel ?type }
}
""",
    ),
    Example(
        "Articles by author",
        """SELECT ?authorName (COUNT(?article) AS ?articles) (SAMPLE(?headline) AS ?one) WHERE {
  ?article a nk:Article ; schema:author ?author ; schema:headline ?headline .
  ?author rdfs:label ?authorName .
}
GROUP BY ?authorName
ORDER BY DESC(?articles)
""",
    ),
    Example(
        "Most-quoted people per month",
        """SELECT ?month ?speaker (COUNT(?statement) AS ?statements) WHERE {
  ?statement nk:speaker ?speaker ; nk:reportedIn ?article .
  ?speaker a nk:Person .
  ?article schema:datePublished ?published .
  BIND(SUBSTR(STR(?published), 1, 7) AS ?month)
}
GROUP BY ?month ?speaker
ORDER BY ?month DESC(?statements)
""",
    ),
    Example(
        "Roles people hold, as the articles give them",
        """SELECT ?person ?role ?of (COUNT(DISTINCT ?article) AS ?articles) WHERE {
  ?r a nk:Role ; nk:roleHolder ?person ; schema:roleName ?role .
  OPTIONAL { ?r nk:roleOf ?of }
  OPTIONAL { ?statement nk:speakerRole ?r ; nk:reportedIn ?article }
}
GROUP BY ?person ?role ?of
ORDER BY ?person
""",
    ),
    Example(
        "Entities with their Wikidata identifiers",
        """SELECT ?entity ?type ?item WHERE {
  ?entity nk:wikidata ?item ; a ?type .
  FILTER(?type IN (nk:Person, nk:Organization, nk:Place))
}
ORDER BY ?type ?entity
""",
    ),
    Example(
        "Federated: speakers' positions held, from Wikidata",
        """# Calls Wikidata's query service (allowed by KG_SERVICE_ALLOW); needs the internet.
PREFIX wdt: <http://www.wikidata.org/prop/direct/>
SELECT ?name ?item ?positionLabel WHERE {
  { SELECT DISTINCT ?name ?item WHERE {
      ?statement nk:speaker ?speaker .
      ?speaker rdfs:label ?name ; nk:wikidata ?item .
  } }
  SERVICE <https://query.wikidata.org/sparql> {
    ?item wdt:P39 ?position .
    ?position rdfs:label ?positionLabel . FILTER(LANG(?positionLabel) = "en")
  }
}
""",
    ),
    Example(
        "Provenance: the words around a statement, with its article and offsets",
        """# Offsets count Unicode code points into the article's text (nif:isString).
SELECT ?statement ?context ?begin ?end ?article WHERE {
  ?statement a nk:Statement ; nk:reportedIn ?article .
  ?mention nk:refersTo ?statement ; nif:beginIndex ?begin ; nif:endIndex ?end ;
           nif:referenceContext ?text .
  ?text nif:isString ?string .
  BIND(IF(?begin > 100, ?begin - 100, 0) AS ?from)
  BIND(SUBSTR(?string, ?from + 1, ?end - ?from + 100) AS ?context)
}
LIMIT 20
""",
    ),
    Example(
        "Who is mentioned most",
        """SELECT ?entity ?type (COUNT(DISTINCT ?article) AS ?articles) WHERE {
  ?article schema:mentions ?entity .
  ?entity a ?type .
  FILTER(?type IN (nk:Person, nk:Organization, nk:Place))
}
GROUP BY ?entity ?type
ORDER BY DESC(?articles)
LIMIT 25
""",
    ),
)
