"""HTML pages for people, RDF of the same IRIs for machines (content negotiation)."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import asdict, dataclass, is_dataclass
from pathlib import Path
from typing import Any

from flask import Blueprint, Response, abort, current_app, render_template, request

from kg.ontology import ontology_file
from kg.store import BaseStore, QuerySyntaxError, string_literal, values_clause
from kg.vocab import NK_IRI, PREFIXES
from web import queries
from web.context import get_iris, get_settings, get_store
from web.examples import EXAMPLES
from web.negotiation import GRAPH_TYPES, format_media_type, negotiate, with_charset
from web.render import Mark, layered

bp = Blueprint("pages", __name__)

PAGE_TYPES = [
    "text/html",
    "text/turtle",
    "application/ld+json",
    "application/n-triples",
    "application/json",
]
# A node's address with one of these endings asks for that representation: /entity/Q7747.ttl
SUFFIXES = {
    "ttl": "text/turtle",
    "jsonld": "application/ld+json",
    "nt": "application/n-triples",
    "json": "application/json",
    "html": "text/html",
}
ALTERNATES = [
    ("ttl", "text/turtle", "Turtle"),
    ("jsonld", "application/ld+json", "JSON-LD"),
    ("nt", "application/n-triples", "N-Triples"),
    ("json", "application/json", "JSON"),
]
# The result formats the workbench offers as downloads: (format parameter, name).
DOWNLOADS = [("csv", "CSV"), ("tsv", "TSV"), ("json", "JSON"), ("xml", "XML")]
GRAPH_DOWNLOADS = [("ttl", "Turtle"), ("jsonld", "JSON-LD"), ("nt", "N-Triples")]
KIND_NAMES = {NK_IRI + k: k for k in ("Person", "Organization", "Place", "Event", "Article")}


@bp.app_template_filter("href")
def href(iri: str) -> str:
    """Where a link to a node goes: the app's own page for the IRIs it mints."""
    base = get_settings().base_iri
    return "/" + iri[len(base) :] if iri.startswith(base) else iri


@bp.app_template_filter("curie")
def curie(iri: str) -> str:
    """An IRI in prefixed form when a prefix of the contract covers it."""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


@dataclass(frozen=True)
class View:
    """A page before it is rendered: its template and what the template shows (which is also
    the page's JSON twin)."""

    template: str
    context: dict[str, Any]


def _view(template: str, **context: Any) -> View:
    return View(template, context)


def split_suffix(segment: str) -> tuple[str, str | None]:
    """A path segment without a representation suffix, and the media type it asked for."""
    stem, dot, ending = segment.rpartition(".")
    if dot and stem and ending in SUFFIXES:
        return stem, SUFFIXES[ending]
    return segment, None


def _media_type(asked: str | None = None) -> str:
    """The representation asked for: a suffix, the `format` parameter, then Accept."""
    fmt = request.args.get("format")
    chosen = asked or (
        format_media_type(fmt, PAGE_TYPES)
        if fmt
        else negotiate(request.headers.get("Accept"), PAGE_TYPES)
    )
    if chosen is None:
        abort(406, f"this page is available as: {', '.join(PAGE_TYPES)}")
    return chosen


def plain(value: Any) -> Any:
    """A view's context as JSON data: dataclasses as objects, the rest as it is."""
    if is_dataclass(value) and not isinstance(value, type):
        return {k: plain(v) for k, v in asdict(value).items()}
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items() if k != "alternates"}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def _page(
    rdf_query: str, content: Callable[[], View], asked: str | None = None, **bindings: str
) -> Response:
    """The page as HTML, its JSON twin, or the node's RDF from `rdf_query`, as negotiated."""
    media_type = _media_type(asked)
    if media_type in GRAPH_TYPES:
        body: str | bytes = get_store().construct(rdf_query, media_type, **bindings)
    elif media_type == "application/json":
        body = json.dumps(plain(content().context), ensure_ascii=False, indent=1)
    else:
        view = content()
        body = render_template(view.template, **view.context)
    response = Response(body, content_type=with_charset(media_type))
    response.headers["Vary"] = "Accept"
    return response


def _exists(iri: str) -> None:
    if not get_store().ask(queries.EXISTS, node=iri):
        abort(404, f"nothing is known about {iri}")


@bp.route("/")
def home() -> str:
    store = get_store()
    counts = {row["class"]: int(row["n"]) for row in store.select(queries.COUNTS)}
    return render_template(
        "home.html",
        counts=[
            (KIND_NAMES.get(c, c.rsplit("#", 1)[-1]), counts.get(c, 0))
            for c in [
                NK_IRI + k
                for k in (
                    "Article",
                    "Person",
                    "Organization",
                    "Place",
                    "Event",
                    "Statement",
                    "Mention",
                )
            ]
        ],
        articles=store.select(queries.LATEST_ARTICLES),
        people=store.select(queries.TOP_PEOPLE),
        events=store.select(queries.LATEST_EVENTS),
    )


def _summary(iri: str) -> dict[str, Any]:
    rows = get_store().select(queries.NODE_SUMMARY, node=iri)
    labels = sorted({r["label"] for r in rows if "label" in r})
    return {
        "types": sorted({r["type"] for r in rows if "type" in r}),
        "labels": labels,
        "alt": sorted({r["alt"] for r in rows if "alt" in r} - set(labels[:1])),
        "wikidata": sorted({r["wikidata"] for r in rows if "wikidata" in r}),
        "description": next((r["description"] for r in rows if "description" in r), None),
    }


def in_sentence(row: dict[str, str]) -> dict[str, str]:
    """A row's sentence cut around its span: before, the span itself ("mention"), after."""
    start = int(row["begin"]) - int(row["sentenceBegin"])
    stop = int(row["end"]) - int(row["sentenceBegin"])
    sentence = row["sentence"]
    return {
        **row,
        "before": sentence[:start],
        "mention": sentence[start:stop],
        "after": sentence[stop:],
    }


@bp.route("/entity/<entity_id>")
def entity(entity_id: str) -> Response:
    entity_id, asked = split_suffix(entity_id)
    iri = str(get_iris().entity(entity_id))
    _exists(iri)

    def html() -> View:
        store = get_store()
        by_article: dict[str, list[dict[str, str]]] = defaultdict(list)
        for row in store.select(queries.ENTITY_MENTIONS, node=iri):
            by_article[row["article"]].append(in_sentence(row))
        summary = _summary(iri)
        return _view(
            "entity.html",
            iri=iri,
            summary=summary,
            label=(summary["labels"] or [entity_id])[0],
            kind=", ".join(KIND_NAMES.get(t, t) for t in summary["types"]),
            articles=store.select(queries.ENTITY_ARTICLES, node=iri),
            mentions=by_article,
            statements_by=(
                statements_by := _statements(
                    store, queries.FIRST_STATEMENTS_BY, queries.STATEMENTS_BY, iri
                )
            ),
            statements_about=_statements(
                store, queries.FIRST_STATEMENTS_ABOUT, queries.STATEMENTS_ABOUT, iri
            ),
            roles=_roles(store, iri),
            links=_link_reasons(store.select(queries.LINK_REASONS, node=iri)),
            events=(events := store.select(queries.EVENTS_OF, node=iri)),
            timeline=timeline(events, statements_by),
            network=network(store.select(queries.NETWORK, node=iri)),
            co_mentioned=store.select(queries.CO_MENTIONED, node=iri),
            link_counts=_link_counts(store.select(queries.LINK_COUNTS, node=iri), iri),
            alternates=ALTERNATES,
        )

    return _page(queries.DESCRIBE, html, asked, node=iri)


def network(rows: list[dict[str, str]]) -> dict[str, list[dict[str, Any]]]:
    """Nodes and edges (speaker → subject, weighted by statements), as the picture draws them."""
    nodes: dict[str, dict[str, Any]] = {}
    edges = []
    for row in rows:
        for end in ("speaker", "about"):
            iri = row[end]
            kind = KIND_NAMES.get(row.get(end + "Type", ""), "Node")
            label = row.get(end + "Label") or iri.rsplit("/", 1)[-1]
            nodes.setdefault(iri, {"id": iri, "label": label, "kind": kind, "href": href(iri)})
        edges.append(
            {"source": row["speaker"], "target": row["about"], "statements": int(row["statements"])}
        )
    return {"nodes": list(nodes.values()), "edges": edges}


def _link_counts(rows: list[dict[str, str]], iri: str) -> list[dict[str, str]]:
    """Each row with a workbench link that lists the links it counts."""
    for row in rows:
        pattern = (
            f"<{iri}> <{row['p']}> ?value"
            if row["direction"] == "out"
            else f"?value <{row['p']}> <{iri}>"
        )
        row["query"] = f"SELECT ?value WHERE {{ {pattern} }} LIMIT 1000"
    return rows


def _statements(store: BaseStore, first: str, details: str, iri: str) -> list[dict[str, str]]:
    """A node's statements, newest first, each cut around its words in its sentence."""
    ids = [row["statement"] for row in store.select(first, node=iri)]
    if not ids:
        return []
    rows = store.select(details.replace("VALUES_STATEMENTS", values_clause("statement", ids)))
    # One row each: a linked speaker has two labels (the knowledge base's and the article's).
    first_rows = {r["statement"]: r for r in reversed(rows)}
    return [in_sentence(first_rows[s]) for s in dict.fromkeys(r["statement"] for r in rows)]


def _roles(store: BaseStore, iri: str) -> list[dict[str, str]]:
    """The roles the node holds, with the articles that give them (in two steps, as above)."""
    ids = [row["role"] for row in store.select(queries.FIRST_ROLES, node=iri)]
    if not ids:
        return []
    return store.select(queries.ROLES_HELD.replace("VALUES_ROLES", values_clause("role", ids)))


def timeline(
    events: list[dict[str, str]], statements: list[dict[str, str]]
) -> list[dict[str, str]]:
    """Events and statements together, newest first (by their day or latest bound)."""
    items = [{**e, "what": "event"} for e in events]
    items += [{**s, "what": "statement"} for s in statements]
    return sorted(items, key=lambda item: item.get("when") or "", reverse=True)


def _link_reasons(rows: list[dict[str, str]]) -> list[dict[str, Any]]:
    """Each article's decision to link the entity: its score and reasons."""
    by_article: dict[str, dict[str, Any]] = {}
    for row in rows:
        entry = by_article.setdefault(
            row["article"],
            {
                "article": row["article"],
                "headline": row.get("headline"),
                "confidence": row["confidence"],
                "reasons": [],
            },
        )
        entry["reasons"].append(row["reason"])
    return list(by_article.values())


STATEMENT_KINDS = {
    NK_IRI + "DirectQuote": "Direct quote",
    NK_IRI + "ReportedSpeech": "Reported speech",
}


def _mark(row: dict[str, str]) -> Mark:
    """A highlight of the article text; its title says what hovering it shows."""
    kind = row.get("type", "")
    begin, end, target = int(row["begin"]), int(row["end"]), row["target"]
    if kind in STATEMENT_KINDS:
        by = f" by {row['speaker']}" if row.get("speaker") else ""
        cue = f" ({row['cue']})" if row.get("cue") else ""
        anchor = "statement-" + target.rsplit("/", 1)[-1]
        title = f"{STATEMENT_KINDS[kind]}{by}{cue}"
        return Mark(begin, end, href(target), title, "statement", anchor)
    if kind == NK_IRI + "Role":
        return Mark(begin, end, href(target), f"Role: {row.get('roleName', '')}", "role")
    name = KIND_NAMES.get(kind, "Node")
    return Mark(begin, end, href(target), f"{name}: {row.get('label', target)}", name.lower())


KNOWN_TYPES = {*STATEMENT_KINDS, *KIND_NAMES, NK_IRI + "Role"}


def _one_row_per_mention(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """A node has several types (nk:DirectQuote, nk:Statement, schema:Quotation): keep the row
    whose type says most, one per mention."""
    chosen: dict[tuple[str, str, str], dict[str, str]] = {}
    for row in rows:
        key = (row["begin"], row["end"], row["target"])
        if key not in chosen or row.get("type") in KNOWN_TYPES:
            chosen[key] = row
    return list(chosen.values())


def _article_body(string: str, text: str) -> dict[str, Any]:
    """The article's sections, each cut into statements that hold mentions, and mentions."""
    store = get_store()
    marks = [
        _mark(r) for r in _one_row_per_mention(store.select(queries.ARTICLE_MENTIONS, text=text))
    ]
    spans = [m for m in marks if m.css == "statement"]
    mentions = [m for m in marks if m.css != "statement"]
    sections = store.select(queries.ARTICLE_SECTIONS, text=text)
    if not sections:  # no structure recorded: the whole text is the body
        sections = [{"kind": "body", "begin": "0", "end": str(len(string))}]
    parts: dict[str, list[list[Any]]] = defaultdict(list)
    for section in sections:
        begin, end = int(section["begin"]), int(section["end"])
        parts[section["kind"]].append(layered(string, begin, end, spans, mentions))
    return parts


@bp.route("/article/<slug>")
def article(slug: str) -> Response:
    slug, asked = split_suffix(slug)
    iris = get_iris()
    iri = str(iris.article(slug))
    graph = str(iris.article_graph(slug))
    rows = get_store().select(queries.ARTICLE, node=iri)
    if not rows:
        abort(404, f"no article {slug!r} in the store")
    meta = rows[0]

    def html() -> View:
        store = get_store()
        links = store.select(queries.ARTICLE_LINKS, node=iri)
        return _view(
            "article.html",
            iri=iri,
            meta=meta,
            authors=[r for r in links if r["role"].endswith("author")],
            datelines=[r for r in links if r["role"].endswith("dateline")],
            image=next(iter(store.select(queries.ARTICLE_IMAGE, node=iri)), None),
            related=store.select(queries.ARTICLE_RELATED, node=iri),
            parts=_article_body(meta["string"], meta["text"]),
            alternates=ALTERNATES,
        )

    return _page(queries.ARTICLE_GRAPH, html, asked, graph=graph)


@bp.route("/article/<slug>/<path:rest>")
def article_part(slug: str, rest: str) -> Response:
    """Any node an article owns (text, section, sentence, mention, ...): its links, as a table."""
    rest, asked = split_suffix(rest)
    iri = f"{get_iris().article(slug)}/{rest}"
    _exists(iri)
    if rest.startswith("statement/") and rest.count("/") == 1:
        return _page(queries.DESCRIBE, lambda: _statement_html(iri), asked, node=iri)
    if rest.startswith("event/") and rest.count("/") == 1:
        return _page(queries.DESCRIBE, lambda: _event_html(iri), asked, node=iri)
    return _page(queries.DESCRIBE, lambda: _resource_html(iri), asked, node=iri)


def _event_html(iri: str) -> View:
    store = get_store()
    rows = store.select(queries.EVENT, node=iri)
    if not rows:
        abort(404, f"{iri} is not an event")
    parts = store.select(queries.EVENT_PARTS, node=iri)
    return _view(
        "event.html",
        iri=iri,
        ev=rows[0],
        participants=[p for p in parts if p["role"].endswith("participant")],
        places=[p for p in parts if p["role"].endswith("place")],
        mentions=[in_sentence(r) for r in store.select(queries.EVENT_MENTIONS, node=iri)],
        statements=store.select(queries.STATEMENTS_AT, node=iri),
        alternates=ALTERNATES,
    )


def _statement_html(iri: str) -> View:
    store = get_store()
    rows = store.select(queries.STATEMENT, node=iri)
    if not rows:
        abort(404, f"{iri} is not a statement")
    return _view(
        "statement.html",
        iri=iri,
        st=in_sentence(rows[0]),
        about=store.select(queries.STATEMENT_ABOUT, node=iri),
        alternates=ALTERNATES,
    )


def _resource_html(iri: str) -> View:
    store = get_store()
    summary = _summary(iri)
    return _view(
        "resource.html",
        iri=iri,
        label=(summary["labels"] or [iri.rsplit("/", 2)[-2] + " " + iri.rsplit("/", 1)[-1]])[0],
        summary=summary,
        outgoing=store.select(queries.OUTGOING, node=iri),
        incoming=store.select(queries.INCOMING, node=iri),
        alternates=ALTERNATES,
    )


def _search(words: str) -> list[dict[str, str]]:
    found = get_store().select(queries.search(string_literal(words.lower()))) if words else []
    for row in found:
        row["kind"] = KIND_NAMES.get(row["type"], row["type"])
        row["href"] = href(row["entity"])
    return found


def _search_words() -> str:
    return " ".join(request.args.get("q", "").split())[:200]


@bp.route("/search")
def search() -> str:
    """People, organisations and places by a part of their name."""
    words = _search_words()
    found = _search(words) if words else None
    return render_template("search.html", words=words, found=found, limit=queries.SEARCH_LIMIT)


@bp.route("/search.json")
def search_json() -> Response:
    """The same as JSON, for autocompletion (the search box and the workbench use it)."""
    words = _search_words()
    results = [
        {k: row[k] for k in ("entity", "label", "kind", "mentions", "href")}
        for row in _search(words)
    ]
    response = Response(
        json.dumps({"q": words, "results": results}, ensure_ascii=False),
        content_type="application/json",
    )
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@bp.app_template_global("vendored")
def _vendored(name: str) -> bool:
    """Whether `make assets` put a front-end library from npm in static/vendor."""
    return (Path(str(current_app.static_folder)) / "vendor" / name).is_file()


@bp.route("/query")
def query_page() -> str:
    """The workbench: YASGUI over the endpoint when its script is there and JavaScript is on;
    otherwise a form that runs the query here and shows the results as a table."""
    sparql = request.args.get("query", "")
    limit = get_settings().max_rows
    table, error, downloads = None, None, DOWNLOADS
    if sparql.strip():
        try:
            outcome = get_store().query(sparql)
            table = outcome.table(limit)
            downloads = GRAPH_DOWNLOADS if outcome.kind == "graph" else DOWNLOADS
        except QuerySyntaxError as err:
            error = str(err)
    return render_template(
        "query.html",
        sparql=sparql or EXAMPLES[0].sparql,
        ran=bool(sparql.strip()),
        table=table,
        error=error,
        limit=limit,
        examples=EXAMPLES,
        prefixes=PREFIXES,
        base_iri=get_settings().base_iri,
        workbench=_vendored("yasgui.min.js"),
        downloads=downloads,
    )


@bp.route("/ontology")
def ontology() -> Response:
    """The news ontology: a page of its terms, or the Turtle itself."""
    media_type = _media_type()
    if media_type == "text/turtle":
        body: str | bytes = ontology_file("news.ttl").read_bytes()
    elif media_type in GRAPH_TYPES:
        body = get_store().construct(
            queries.ARTICLE_GRAPH, media_type, graph=str(get_iris().ontology_graph)
        )
    else:
        terms = get_store().select(queries.ONTOLOGY_TERMS, graph=str(get_iris().ontology_graph))
        if media_type == "application/json":
            body = json.dumps({"terms": terms}, ensure_ascii=False, indent=1)
        else:
            body = render_template("ontology.html", terms=terms, alternates=ALTERNATES)
    response = Response(body, content_type=with_charset(media_type))
    response.headers["Vary"] = "Accept"
    return response
