"""The SPARQL the pages run. Variables bound through substitutions, never string formatting.

pyoxigraph substitutes only variables a SELECT projects: each query projects what it binds
(?node, ?text, ?graph).
"""

from __future__ import annotations

from kg.vocab import sparql_prefixes

P = sparql_prefixes()

COUNTS = (
    P
    + """
SELECT ?class (COUNT(DISTINCT ?node) AS ?n) WHERE {
  VALUES ?class { nk:Article nk:Person nk:Organization nk:Place nk:Event nk:Statement nk:Mention }
  ?node a ?class .
} GROUP BY ?class"""
)

LATEST_ARTICLES = (
    P
    + """
SELECT ?article ?headline ?date ?identifier WHERE {
  ?article a nk:Article ; schema:identifier ?identifier .
  OPTIONAL { ?article schema:headline ?headline }
  OPTIONAL { ?article schema:datePublished ?date }
} ORDER BY DESC(?date) ?identifier LIMIT 20"""
)

TOP_PEOPLE = (
    P
    + """
SELECT ?entity ?label (COUNT(DISTINCT ?mention) AS ?mentions)
       (COUNT(DISTINCT ?text) AS ?articles) WHERE {
  ?entity a nk:Person ; rdfs:label ?label .
  ?mention nk:refersTo ?entity ; nif:referenceContext ?text .
} GROUP BY ?entity ?label ORDER BY DESC(?mentions) ?label LIMIT 20"""
)

NODE_SUMMARY = (
    P
    + """
SELECT ?node ?type ?label ?alt ?wikidata WHERE {
  { ?node a ?type } UNION { ?node rdfs:label ?label } UNION { ?node skos:altLabel ?alt }
  UNION { ?node nk:wikidata ?wikidata }
}"""
)

ENTITY_ARTICLES = (
    P
    + """
SELECT ?node ?article ?headline ?date ?identifier (COUNT(DISTINCT ?mention) AS ?mentions)
WHERE {
  ?mention nk:refersTo ?node ; nif:referenceContext ?text .
  ?article nk:hasText ?text ; schema:identifier ?identifier .
  OPTIONAL { ?article schema:headline ?headline }
  OPTIONAL { ?article schema:datePublished ?date }
} GROUP BY ?node ?article ?headline ?date ?identifier ORDER BY DESC(?date) ?identifier LIMIT 200"""
)

ENTITY_MENTIONS = (
    P
    + """
SELECT ?node ?article ?headline ?begin ?end ?sentenceBegin ?sentence WHERE {
  ?mention nk:refersTo ?node ; nif:referenceContext ?text ;
           nif:beginIndex ?begin ; nif:endIndex ?end ; nif:sentence ?s .
  ?s nif:beginIndex ?sentenceBegin ; nif:endIndex ?sentenceEnd .
  ?article nk:hasText ?text .
  OPTIONAL { ?article schema:headline ?headline }
  OPTIONAL { ?article schema:datePublished ?date }
  ?text nif:isString ?string .
  BIND(SUBSTR(?string, ?sentenceBegin + 1, ?sentenceEnd - ?sentenceBegin) AS ?sentence)
} ORDER BY DESC(?date) ?article ?begin LIMIT 500"""
)

ARTICLE = (
    P
    + """
SELECT ?node ?identifier ?headline ?description ?date ?text ?string ?extractor WHERE {
  ?node a nk:Article ; schema:identifier ?identifier ; nk:hasText ?text .
  ?text nif:isString ?string .
  OPTIONAL { ?node schema:headline ?headline }
  OPTIONAL { ?node schema:description ?description }
  OPTIONAL { ?node schema:datePublished ?date }
  OPTIONAL { ?node nk:extractor ?extractor }
}"""
)

ARTICLE_LINKS = (
    P
    + """
SELECT ?node ?role ?target ?label WHERE {
  VALUES ?role { schema:author nk:dateline }
  ?node ?role ?target . OPTIONAL { ?target rdfs:label ?label }
} ORDER BY ?role ?label"""
)

ARTICLE_IMAGE = (
    P
    + """
SELECT ?node ?caption ?credit WHERE {
  ?node schema:image ?image . ?image schema:caption ?caption .
  OPTIONAL { ?image schema:creditText ?credit }
}"""
)

ARTICLE_RELATED = (
    P
    + """
SELECT ?node ?position ?headline ?summary ?age WHERE {
  ?node nk:relatedArticle ?entry . ?entry schema:position ?position ; schema:headline ?headline .
  OPTIONAL { ?entry schema:abstract ?summary } OPTIONAL { ?entry nk:ageText ?age }
} ORDER BY ?position"""
)

ARTICLE_SECTIONS = (
    P
    + """
SELECT ?text ?kind ?begin ?end WHERE {
  ?text nk:section ?section . ?section nk:sectionKind ?kind ;
        nif:beginIndex ?begin ; nif:endIndex ?end .
} ORDER BY ?begin"""
)

ARTICLE_MENTIONS = (
    P
    + """
SELECT ?text ?begin ?end ?target ?label ?type WHERE {
  ?mention a nk:Mention ; nif:referenceContext ?text ;
           nif:beginIndex ?begin ; nif:endIndex ?end ; nk:refersTo ?target .
  OPTIONAL { ?target rdfs:label ?label } OPTIONAL { ?target a ?type }
} ORDER BY ?begin"""
)

OUTGOING = (
    P
    + """
SELECT ?node ?p ?o ?label WHERE { ?node ?p ?o . OPTIONAL { ?o rdfs:label ?label } }
ORDER BY ?p ?o LIMIT 1000"""
)

INCOMING = (
    P
    + """
SELECT ?node ?s ?p ?label WHERE { ?s ?p ?node . OPTIONAL { ?s rdfs:label ?label } }
ORDER BY ?p ?s LIMIT 1000"""
)

EXISTS = "ASK { { ?node ?p ?o } UNION { ?s ?p ?node } }"

DESCRIBE = "CONSTRUCT { ?node ?p ?o . ?s ?q ?node } WHERE { { ?node ?p ?o } UNION { ?s ?q ?node } }"

ARTICLE_GRAPH = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?graph { ?s ?p ?o } }"

ONTOLOGY_TERMS = (
    P
    + """
SELECT ?graph ?term ?kind ?label ?comment WHERE {
  GRAPH ?graph {
    VALUES ?kind { owl:Class owl:ObjectProperty owl:DatatypeProperty }
    ?term a ?kind . OPTIONAL { ?term rdfs:label ?label } OPTIONAL { ?term rdfs:comment ?comment }
  }
} ORDER BY ?kind ?term"""
)

_STATEMENT_ROWS = """
  ?statement schema:text ?text ; nk:reportedIn ?article ; a ?kind .
  FILTER(?kind IN (nk:DirectQuote, nk:ReportedSpeech))
  OPTIONAL { ?statement nk:cue ?cue }
  OPTIONAL { ?statement sem:hasTimeStamp ?day }
  OPTIONAL { ?statement sem:hasLatestEndTimeStamp ?latest }
  OPTIONAL { ?article schema:headline ?headline }
  ?mention nk:refersTo ?statement ; nif:beginIndex ?begin ; nif:endIndex ?end ; nif:sentence ?s .
  ?s nif:beginIndex ?sentenceBegin ; nif:endIndex ?sentenceEnd ; nif:referenceContext ?t .
  ?t nif:isString ?string .
  BIND(SUBSTR(?string, ?sentenceBegin + 1, ?sentenceEnd - ?sentenceBegin) AS ?sentence)
  BIND(COALESCE(?day, ?latest) AS ?when)
"""

STATEMENTS_BY = (
    P
    + """
SELECT ?node ?statement ?text ?kind ?cue ?day ?when ?article ?headline ?begin ?end
       ?sentenceBegin ?sentence WHERE {
  ?statement nk:speaker ?node .
"""
    + _STATEMENT_ROWS
    + """
} ORDER BY DESC(?when) ?article ?begin LIMIT 200"""
)

STATEMENTS_ABOUT = (
    P
    + """
SELECT ?node ?statement ?text ?kind ?cue ?day ?when ?article ?headline ?begin ?end
       ?sentenceBegin ?sentence ?speaker ?speakerLabel WHERE {
  ?statement schema:about ?node .
  OPTIONAL { ?statement nk:speaker ?speaker . ?speaker rdfs:label ?speakerLabel }
"""
    + _STATEMENT_ROWS
    + """
} ORDER BY DESC(?when) ?article ?begin LIMIT 200"""
)

ROLES_HELD = (
    P
    + """
SELECT ?node ?role ?name ?of ?ofLabel ?article ?headline WHERE {
  ?role nk:roleHolder ?node ; schema:roleName ?name .
  OPTIONAL { ?role nk:roleOf ?of . OPTIONAL { ?of rdfs:label ?ofLabel } }
  ?roleMention nk:refersTo ?role ; nif:referenceContext ?t . ?article nk:hasText ?t .
  OPTIONAL { ?article schema:headline ?headline }
} ORDER BY ?name ?article"""
)

STATEMENT = (
    P
    + """
SELECT ?node ?text ?kind ?cue ?day ?earliest ?latest ?timeText ?article ?headline ?speaker
       ?speakerLabel ?roleName ?begin ?end ?sentenceBegin ?sentence WHERE {
  ?node schema:text ?text ; nk:reportedIn ?article ; a ?kind .
  FILTER(?kind IN (nk:DirectQuote, nk:ReportedSpeech))
  OPTIONAL { ?node nk:cue ?cue }
  OPTIONAL { ?node sem:hasTimeStamp ?day }
  OPTIONAL { ?node sem:hasEarliestBeginTimeStamp ?earliest }
  OPTIONAL { ?node sem:hasLatestEndTimeStamp ?latest }
  OPTIONAL { ?node nk:timeText ?timeText }
  OPTIONAL { ?node nk:speaker ?speaker . OPTIONAL { ?speaker rdfs:label ?speakerLabel } }
  OPTIONAL { ?node nk:speakerRole/schema:roleName ?roleName }
  OPTIONAL { ?article schema:headline ?headline }
  ?mention nk:refersTo ?node ; nif:beginIndex ?begin ; nif:endIndex ?end ; nif:sentence ?s .
  ?s nif:beginIndex ?sentenceBegin ; nif:endIndex ?sentenceEnd ; nif:referenceContext ?t .
  ?t nif:isString ?string .
  BIND(SUBSTR(?string, ?sentenceBegin + 1, ?sentenceEnd - ?sentenceBegin) AS ?sentence)
}"""
)

STATEMENT_ABOUT = (
    P
    + """
SELECT ?node ?about ?label WHERE {
  ?node schema:about ?about . OPTIONAL { ?about rdfs:label ?label }
} ORDER BY ?label"""
)
