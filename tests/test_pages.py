"""Pages for people and RDF for machines at the same IRIs; every page escapes what it shows."""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from rdflib import Graph, URIRef
from rdflib.namespace import RDFS

from kg.config import Settings
from kg.model import Article, Entity, Extraction, Mention, Section, Span
from kg.rdf import Iris, extraction_triples
from kg.store import Store
from tests.conftest import create_test_app, ingested

pytestmark = pytest.mark.model

SEED_PAGE = "/article/000_0001cfc20b1d3929"


def person_page(client: FlaskClient, name: str) -> str:
    """The path of a person's page, found the way a reader would: from the home page."""
    html = client.get("/").get_data(as_text=True)
    match = re.search(r'href="(/entity/(?:L[0-9a-f]{16}|Q\d+))">' + re.escape(name) + "<", html)
    assert match, f"{name} is not on the home page"
    return match.group(1)


def test_home_shows_counts_articles_and_people(client: FlaskClient) -> None:
    response = client.get("/")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "The Kremlin says Putin still wants a chat with Biden" in html
    assert re.search(r'<span class="n">3</span> Articles', html)
    assert html.index("Vladimir Putin") < html.index("Dmitry Peskov")  # most-mentioned first


def test_entity_page_shows_mentions_in_their_sentences(client: FlaskClient) -> None:
    html = client.get(person_page(client, "Dmitry Peskov")).get_data(as_text=True)
    assert "<h1>Dmitry Peskov" in html and "Person" in html
    assert "Also named: Peskov" in html
    assert "<mark>Peskov</mark> told a conference call." in html
    assert f'href="{SEED_PAGE}"' in html
    assert 'rel="alternate" type="text/turtle"' in html


@pytest.mark.parametrize(
    ("accept", "fmt", "rdflib_format"),
    [
        ("text/turtle", None, "turtle"),
        ("application/ld+json", None, "json-ld"),
        ("application/n-triples", None, "nt"),
        ("text/html", "ttl", "turtle"),
        (None, "jsonld", "json-ld"),
    ],
)
def test_entity_rdf_by_negotiation(
    client: FlaskClient, accept: str | None, fmt: str | None, rdflib_format: str
) -> None:
    path = person_page(client, "Vladimir Putin")
    response = client.get(
        path, query_string={"format": fmt} if fmt else {}, headers={"Accept": accept or ""}
    )
    assert response.status_code == 200 and response.headers["Vary"] == "Accept"
    graph = Graph().parse(data=response.get_data(as_text=True), format=rdflib_format)
    iri = URIRef("http://127.0.0.1:5000" + path)
    assert str(graph.value(iri, RDFS.label)) == "Vladimir Putin"


def test_article_page_puts_every_piece_in_its_place(client: FlaskClient) -> None:
    html = client.get(SEED_PAGE).get_data(as_text=True)
    start = html.index('<div class="body" lang="en">')  # the language the text was read in
    body = html[start : html.index("</div>", start)]
    assert "Picture:" not in body and "21 hours ago" not in body and "13:46" not in body
    assert re.search(
        r'<a class="mention person" href="/entity/(?:L[0-9a-f]{16}|Q\d+)" '
        r'title="Person: Dmitry Peskov">Dmitry Peskov</a>',
        body,
    )
    assert '<p class="standfirst">' in html
    assert "Picture: REUTERS/SPUTNIK/VYACHESLAV PROKOFYEV" in html
    assert re.search(
        r'<a class="person" href="/entity/(?:L[0-9a-f]{16}|Q\d+)">Andrey Biryukov</a>', html
    )
    assert "Related articles" in html and "21 hours ago" in html
    assert '<time datetime="2021-03-19T13:46:00">2021-03-19 13:46</time>' in html


def test_article_rdf_is_its_graph(client: FlaskClient) -> None:
    response = client.get(SEED_PAGE, headers={"Accept": "text/turtle"})
    graph = Graph().parse(data=response.get_data(as_text=True), format="turtle")
    assert len(graph) > 500


def test_article_parts_dereference(client: FlaskClient) -> None:
    html = client.get(SEED_PAGE + "/text").get_data(as_text=True)
    assert "nif:isString" in html and "nk:hasText" in html
    mention = client.get(SEED_PAGE + "/mention/17-22", headers={"Accept": "text/turtle"})
    assert mention.status_code == 200 and b'nif-core#anchorOf> "Putin"' in mention.get_data()


def test_unknown_nodes_are_404(client: FlaskClient) -> None:
    assert client.get("/entity/L0000000000000000").status_code == 404
    assert client.get("/article/nope").status_code == 404
    response = client.get("/article/nope", headers={"Accept": "text/html"})
    assert response.mimetype == "text/html" and b"404" in response.get_data()
    assert client.get("/no/such/route").status_code == 404


def test_page_refuses_an_impossible_accept(client: FlaskClient) -> None:
    assert client.get(SEED_PAGE, headers={"Accept": "image/png"}).status_code == 406


def test_query_page_shows_a_table_and_errors(client: FlaskClient) -> None:
    query = "SELECT ?p WHERE { ?p a <https://w3id.org/newskg/ns#Person> } LIMIT 3"
    html = client.get("/query", query_string={"query": query}).get_data(as_text=True)
    assert html.count('href="/entity/L') == 3 and "3 rows" in html
    bad = client.get("/query", query_string={"query": "SELECT {"}).get_data(as_text=True)
    assert 'class="error"' in bad and "error at 1:" in bad


def test_query_page_caps_rows(seed_store: Store, settings: Settings) -> None:
    from dataclasses import replace

    client = create_test_app(replace(settings, max_rows=2), seed_store).test_client()
    html = client.get("/query", query_string={"query": "SELECT * { ?s ?p ?o }"}).get_data(True)
    assert "2 rows, cut at 2" in html


def test_ontology_page_and_turtle(client: FlaskClient) -> None:
    html = client.get("/ontology").get_data(as_text=True)
    assert "nk:DirectQuote" in html and "Verbatim words in quotation marks." in html
    turtle = client.get("/ontology", headers={"Accept": "text/turtle"})
    graph = Graph().parse(data=turtle.get_data(as_text=True), format="turtle")
    assert (URIRef("https://w3id.org/newskg/ns#Article"), None, None) in graph


def test_pages_escape_what_they_show(settings: Settings) -> None:
    """Article text is untrusted: markup in it is shown as text, on every page that shows it."""
    evil = '<script>alert("x")</script>'
    text = f"Headline {evil}\n\nBody with <b>Evil Corp</b> and {evil} inside."
    begin = text.index("Evil Corp")
    article = Article(
        "evil.txt",
        text,
        headline=f"Headline {evil}",
        sections=(
            Section("headline", Span(0, text.index("\n"))),
            Section("body", Span(text.index("Body"), len(text))),
        ),
    )
    entity = Entity(
        "Organization",
        f"Evil Corp {evil}",
        (Mention(Span(begin, begin + 9), "Evil Corp", Span(0, len(text))),),
    )
    store = Store()
    iris = Iris(settings.base_iri)
    store.replace_graph(
        str(iris.article_graph("evil")), extraction_triples(Extraction(article, (entity,)), iris)
    )
    client = create_test_app(settings, store).test_client()
    entity_path = "/" + str(iris.entity_of(entity))[len(settings.base_iri) :]
    query = f'SELECT ?x WHERE {{ BIND("{evil}" AS ?x) }}'.replace('"x"', "'x'")
    pages = ["/", "/article/evil", entity_path, "/article/evil/text"]
    for path in pages:
        html = client.get(path).get_data(as_text=True)
        assert "<script>" not in html and "<b>Evil" not in html, path
        assert "&lt;script&gt;" in html, path
    html = client.get("/query", query_string={"query": query}).get_data(as_text=True)
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html


def test_person_page_lists_statements_by_roles_and_statements_about(client: FlaskClient) -> None:
    html = client.get(person_page(client, "Dmitry Peskov")).get_data(as_text=True)
    by = html[html.index("Statements by Dmitry Peskov") : html.index("Articles that mention")]
    assert by.count("<li>") >= 5
    assert '<a class="when" href="/article/000_0001cfc20b1d3929/statement/' in by
    assert (
        '<span class="cue">told</span>' in by
        and "<mark>Mr Biden has made rather unprecedented statements</mark>" in by
    )
    assert by.index("2021-03-19") < by.index("by 2021-03-19")  # dated first, then bounded
    assert "Kremlin spokesperson" in html[html.index("<h2>Roles</h2>") :]
    putin = client.get(person_page(client, "Vladimir Putin")).get_data(as_text=True)
    about = putin[putin.index("Statements about Vladimir Putin") :]
    assert ">Dmitry Peskov</a>" in about


def test_statement_page(client: FlaskClient) -> None:
    html = client.get(person_page(client, "Dmitry Peskov")).get_data(as_text=True)
    path = re.search(r'href="(/article/[^"]+/statement/\d+-\d+)"', html)
    assert path
    page = client.get(path.group(1)).get_data(as_text=True)
    assert '<blockquote class="statement">' in page and ">Dmitry Peskov</a>" in page
    assert "(Kremlin spokesperson)" in page and "<h2>In its sentence</h2>" in page
    turtle = client.get(path.group(1), headers={"Accept": "text/turtle"})
    graph = Graph().parse(data=turtle.get_data(as_text=True), format="turtle")
    assert len(graph) >= 8


def test_linked_entity_page_shows_wikidata_and_why(client: FlaskClient) -> None:
    path = person_page(client, "Vladimir Putin")
    assert path == "/entity/Q7747"
    html = client.get(path).get_data(as_text=True)
    assert '<a class="wikidata" href="http://www.wikidata.org/entity/Q7747">Q7747</a>' in html
    assert '<p class="description">President of Russia</p>' in html
    why = html[html.index("linked because:") :]
    assert "label match" in why and "type person" in why and "prior 1.00" in why


def test_events_on_home_entity_and_event_pages(client: FlaskClient) -> None:
    home = client.get("/").get_data(as_text=True)
    assert "<h2>Latest events</h2>" in home
    putin = client.get("/entity/Q7747").get_data(as_text=True)
    section = putin[
        putin.index("<h2>Events <span") : putin.index("</section>", putin.index("<h2>Events <span"))
    ]
    assert "wilderness trip in Siberia" in section and "2021-03-20" in section
    path = re.search(r'href="(/article/[^"]+/event/\d+-\d+)">wilderness trip', section)
    assert path
    page = client.get(path.group(1)).get_data(as_text=True)
    assert "<h1>wilderness trip in Siberia this weekend</h1>" in page
    assert '<dt>Who</dt><dd><a href="/entity/Q7747">Vladimir Putin</a></dd>' in page
    assert "<mark>trip</mark>" in page and '("this weekend")' in page


def test_entity_timeline_merges_events_and_statements_by_date(client: FlaskClient) -> None:
    html = client.get("/entity/Q7747").get_data(as_text=True)
    start = html.index("<h2>Timeline</h2>")
    section = html[start : html.index("</section>", start)]
    items = re.findall(r'<li class="(event|statement)">(.*?)</li>', section, re.S)
    assert {kind for kind, _ in items} == {"event", "statement"}
    # Each item's last date (its day, or the end of its bounds) orders the timeline.
    ends = [
        re.findall(r'<time datetime="([\d-]+)">', body)[-1] for _, body in items if "<time" in body
    ]
    assert len(ends) >= 5 and ends == sorted(ends, reverse=True)


def _paths(client: FlaskClient) -> dict[str, str]:
    """One path of each kind of page, found by following links from the Putin page."""
    html = client.get("/entity/Q7747").get_data(as_text=True)
    statement = re.search(r'href="(/article/[^"]+/statement/\d+-\d+)"', html)
    event = re.search(r'href="(/article/[^"]+/event/\d+-\d+)"', html)
    assert statement and event
    return {
        "entity": "/entity/Q7747",
        "article": SEED_PAGE,
        "statement": statement.group(1),
        "event": event.group(1),
        "part": SEED_PAGE + "/text",
    }


@pytest.mark.parametrize("kind", ["entity", "article", "statement", "event", "part"])
@pytest.mark.parametrize(
    ("suffix", "media_type", "rdflib_format"),
    [
        ("ttl", "text/turtle", "turtle"),
        ("jsonld", "application/ld+json", "json-ld"),
        ("nt", "application/n-triples", "nt"),
    ],
)
def test_every_kind_of_iri_by_suffix(
    client: FlaskClient, kind: str, suffix: str, media_type: str, rdflib_format: str
) -> None:
    path = _paths(client)[kind]
    response = client.get(f"{path}.{suffix}")
    assert response.status_code == 200 and response.mimetype == media_type
    graph = Graph().parse(data=response.get_data(as_text=True), format=rdflib_format)
    iri = URIRef("http://127.0.0.1:5000" + path)
    assert (iri, None, None) in graph or (None, None, iri) in graph


@pytest.mark.parametrize("kind", ["entity", "article", "statement", "event", "part"])
def test_every_page_has_a_json_twin(client: FlaskClient, kind: str) -> None:
    path = _paths(client)[kind]
    by_suffix = client.get(f"{path}.json")
    by_accept = client.get(path, headers={"Accept": "application/json"})
    assert by_suffix.mimetype == by_accept.mimetype == "application/json"
    assert by_suffix.get_json() == by_accept.get_json()
    data = by_suffix.get_json()
    assert data["iri"] == "http://127.0.0.1:5000" + path and "alternates" not in data


def test_json_twin_holds_what_the_page_shows(client: FlaskClient) -> None:
    data = client.get("/entity/Q7747.json").get_json()
    assert data["label"] == "Vladimir Putin"
    assert data["summary"]["wikidata"] == ["http://www.wikidata.org/entity/Q7747"]
    assert any("it takes one to know one" in s["text"] for s in data["statements_by"])
    article = client.get(SEED_PAGE + ".json").get_json()
    assert article["meta"]["headline"].startswith("The Kremlin says")
    body_text = "".join(piece["text"] for p in article["parts"]["body"] for piece in p)
    assert "Kremlin spokesperson Dmitry Peskov said on Friday" in body_text


def test_html_links_its_alternates_by_suffix(client: FlaskClient) -> None:
    html = client.get("/entity/Q7747").get_data(as_text=True)
    for suffix in ("ttl", "jsonld", "nt", "json"):
        assert f'href="/entity/Q7747.{suffix}"' in html


def test_search_finds_names_by_any_part(client: FlaskClient, seed_store: Store) -> None:
    top = seed_store.select(
        "SELECT ?entity (SAMPLE(?name) AS ?label) (COUNT(?m) AS ?n) WHERE {"
        " ?m <https://w3id.org/newskg/ns#refersTo> ?entity ."
        " ?entity a <https://w3id.org/newskg/ns#Person> ;"
        " <http://www.w3.org/2000/01/rdf-schema#label> ?name }"
        " GROUP BY ?entity ORDER BY DESC(?n) LIMIT 1"
    )[0]
    label = top["label"]
    part = label.split()[-1][1:].upper()  # inside a word, another case
    html = client.get("/search", query_string={"q": f"  {part} "}).get_data(as_text=True)
    entity_path = "/entity/" + top["entity"].rsplit("/", 1)[-1]
    assert f'href="{entity_path}"' in html and "Person" in html
    nothing = client.get("/search", query_string={"q": 'zq"} <script>x'})
    body = nothing.get_data(as_text=True)
    assert nothing.status_code == 200 and "0 matches" in body and "<script>x" not in body
    assert "match" not in client.get("/search").get_data(as_text=True).split("<h1>")[1]


def test_entity_page_counts_its_links_both_ways(
    client: FlaskClient, seed_store: Store, settings: Settings
) -> None:
    iri = settings.base_iri + "entity/Q7747"
    twin = client.get("/entity/Q7747.json").get_json()
    counted = {(r["direction"], r["p"]): int(r["n"]) for r in twin["link_counts"]}
    out = seed_store.select(f"SELECT ?p ?o WHERE {{ <{iri}> ?p ?o }}")
    into = seed_store.select(f"SELECT ?s ?p WHERE {{ ?s ?p <{iri}> }}")
    assert sum(n for (d, _), n in counted.items() if d == "out") == len(out)
    assert sum(n for (d, _), n in counted.items() if d == "in") == len(into)
    # and the picture's edges are statements by or about the node
    for edge in twin["network"]["edges"]:
        assert iri in (edge["source"], edge["target"]) and edge["statements"] >= 1
    names = [c["label"] for c in twin["co_mentioned"]]
    assert len(names) == len(set(names)) and names


def test_long_lists_on_an_entity_page_come_in_pages(settings: Settings) -> None:
    """A person named in 45 articles: the page shows 20 at a time, and the pages add up."""
    store = Store()
    iris = Iris(settings.base_iri)
    for n in range(45):
        text = f"Story {n}\n\nAda Quill spoke on day {n}."
        begin = text.index("Ada Quill")
        article = Article(
            f"story-{n:02}.txt",
            text,
            headline=f"Story {n}",
            published=datetime(2024, 1, 1 + n % 28, n % 24),
            sections=(Section("body", Span(text.index("Ada"), len(text))),),
        )
        person = Entity(
            "Person",
            "Ada Quill",
            (Mention(Span(begin, begin + 9), "Ada Quill", Span(0, len(text))),),
        )
        store.replace_graph(
            str(iris.article_graph(f"story-{n:02}")),
            extraction_triples(Extraction(article, (person,)), iris),
        )
    client = create_test_app(settings, store).test_client()
    path = "/" + str(iris.entity_of(person))[len(settings.base_iri) :]
    seen: list[str] = []
    for number in (1, 2, 3):
        twin = client.get(f"{path}.json?articles={number}").get_json()
        assert twin["articles_page"]["total"] == 45
        seen += [a["identifier"] for a in twin["articles"]]
        assert set(twin["mentions"]) == {a["article"] for a in twin["articles"]}
    assert len(seen) == 45 and len(set(seen)) == 45
    html = client.get(path + "?articles=2").get_data(as_text=True)
    assert "21–40 of 45" in html and 'href="?articles=3"' in html and 'href="?articles=1"' in html


def embedded_json_ld(html: str) -> dict[str, object]:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no schema.org JSON-LD in the page"
    return json.loads(match.group(1))  # type: ignore[no-any-return]


def test_pages_embed_schema_org_json_ld(client: FlaskClient, seed_store: Store) -> None:
    putin = embedded_json_ld(client.get("/entity/Q7747").get_data(as_text=True))
    assert putin["@type"] == "Person" and putin["name"] == "Vladimir Putin"
    assert putin["sameAs"] == ["https://www.wikidata.org/wiki/Q7747"]
    article = embedded_json_ld(client.get(SEED_PAGE).get_data(as_text=True))
    assert article["@type"] == "NewsArticle" and article["datePublished"].startswith("2021-03-19")
    assert [a["name"] for a in article["author"]] == ["Andrey Biryukov"]  # type: ignore[index, union-attr]
    statement, event = (
        seed_store.select(f"SELECT ?x WHERE {{ ?x a <https://w3id.org/newskg/ns#{k}> }} LIMIT 1")[
            0
        ]["x"]
        for k in ("DirectQuote", "Event")
    )
    quote = embedded_json_ld(client.get("/" + statement.split("/", 3)[3]).get_data(as_text=True))
    assert quote["@type"] == "Quotation" and quote["text"]
    happening = embedded_json_ld(client.get("/" + event.split("/", 3)[3]).get_data(as_text=True))
    assert happening["@type"] == "Event" and happening["name"]


def test_statement_page_links_the_same_words_elsewhere(
    client: FlaskClient, seed_store: Store
) -> None:
    rows = seed_store.select(
        "SELECT ?a ?b WHERE { ?a <http://schema.org/text> ?t . ?b <http://schema.org/text> ?t ."
        " FILTER(STR(?a) < STR(?b)) } LIMIT 1"
    )
    assert rows, "the seed repeats some words (headline and body)"
    page = client.get("/" + rows[0]["a"].split("/", 3)[3]).get_data(as_text=True)
    assert "The same words elsewhere" in page
    assert f'href="/{rows[0]["b"].split("/", 3)[3]}"' in page


def test_a_place_or_organisation_page_lists_the_people_with_a_role_of_it(
    client: FlaskClient, seed_store: Store
) -> None:
    rows = seed_store.select(
        "SELECT ?of ?holder ?name WHERE { ?r <https://w3id.org/newskg/ns#roleOf> ?of ;"
        " <https://w3id.org/newskg/ns#roleHolder> ?holder ; <http://schema.org/roleName> ?name }"
        " LIMIT 1"
    )
    assert rows, "the seed gives roles of places and organisations"
    twin = client.get("/" + rows[0]["of"].split("/", 3)[3] + ".json").get_json()
    holders = {(h["holder"], h["name"]) for h in twin["role_holders"]}
    assert (rows[0]["holder"], rows[0]["name"]) in holders
    page = client.get("/" + rows[0]["of"].split("/", 3)[3]).get_data(as_text=True)
    assert "People with a role of" in page


def test_a_role_named_in_several_articles_is_one_line(settings: Settings, tmp_path: Path) -> None:
    for n in range(3):
        (tmp_path / f"a{n}.txt").write_text(
            f"Headline number {n}\n\n"
            f"Acme Corp chief executive Jane Holloway said on Monday that sales rose by {n + 2}%.\n"
        )
    store = Store()
    assert all(r.ok for r in ingested([tmp_path], store, settings))
    client = create_test_app(settings, store).test_client()
    html = client.get(person_page(client, "Jane Holloway")).get_data(as_text=True)
    roles = html[html.index("<h2>Roles</h2>") :].split("</section>")[0]
    assert roles.count("<li>") == 1, roles
    assert "chief executive" in roles and "and 2 more articles" in roles
