"""HTML pages for people, RDF of the same IRIs for machines (content negotiation)."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import asdict, dataclass, is_dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Response, abort, current_app, redirect, render_template, request
from rdflib.namespace import RDF, RDFS
from werkzeug.wrappers import Response as WerkzeugResponse

from kg.ontology import ontology_file
from kg.store import BaseStore, QuerySyntaxError, values_clause
from kg.vocab import NK_IRI, PREFIXES, SCHEMA
from web import queries
from web.context import get_iris, get_search, get_settings, get_store
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
KIND_NAMES = {
    NK_IRI + k: k for k in ("Person", "Organization", "Place", "Event", "Article", "Statement")
}


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
        articles=_articles_shown(
            store, [r["article"] for r in store.select(queries.LATEST_ARTICLES)]
        ),
        people=_most_mentioned_people(store),
        events=_event_details(store, [r["event"] for r in store.select(queries.LATEST_EVENTS)]),
    )


def _articles_shown(store: BaseStore, ids: list[str]) -> list[dict[str, str]]:
    """Headline, identifier and date of these articles, in this order."""
    if not ids:
        return []
    sparql = queries.ARTICLES_SHOWN.replace("VALUES_ARTICLES", values_clause("article", ids))
    shown = {r["article"]: r for r in store.select(sparql)}
    return [shown[a] for a in ids if a in shown]


def _most_mentioned_people(store: BaseStore, count: int = 20) -> list[dict[str, str]]:
    """The people with most mentions, among the entities named in most articles."""
    named = {r["entity"]: r["articles"] for r in store.select(queries.MOST_NAMED)}
    kinds = store.first_values(named, str(RDF.type), among=[NK_IRI + "Person"])
    if not kinds:
        return []
    sparql = queries.MENTION_COUNTS.replace("VALUES_ENTITIES", values_clause("entity", kinds))
    people = [{**r, "articles": named[r["entity"]]} for r in store.select(sparql)]
    people.sort(key=lambda r: (-int(r["mentions"]), -int(r["articles"]), r["entity"]))
    return labelled(store, people[:count], label="entity")


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


SCHEMA_TYPES = {"Person": "Person", "Organization": "Organization", "Place": "Place"}


def _wikidata_page(item: str) -> str:
    return "https://www.wikidata.org/wiki/" + item.rsplit("/", 1)[-1]


def schema_org(kind: str, iri: str, **fields: Any) -> dict[str, Any]:
    """schema.org JSON-LD of a node, embedded in its page for search engines and link
    previews; fields without a value are left out."""
    data: dict[str, Any] = {"@context": "https://schema.org", "@type": kind, "@id": iri, "url": iri}
    return data | {name: value for name, value in fields.items() if value}


def entity_structured(iri: str, label: str, summary: dict[str, Any]) -> dict[str, Any]:
    kinds = [SCHEMA_TYPES[k] for t in summary["types"] if (k := KIND_NAMES.get(t)) in SCHEMA_TYPES]
    return schema_org(
        kinds[0] if kinds else "Thing",
        iri,
        name=label,
        alternateName=summary["alt"],
        description=summary["description"],
        sameAs=[_wikidata_page(w) for w in summary["wikidata"]],
    )


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


def _replacement(iri: str) -> str | None:
    """The IRI re-linking gave a node instead of this one (after at most a few hops)."""
    alias_graph = str(get_iris().alias_graph)
    replaced = None
    for _ in range(5):
        rows = get_store().select(queries.REPLACED_BY, node=iri, graph=alias_graph)
        if not rows:
            break
        iri = replaced = rows[0]["new"]
    return replaced


@bp.route("/entity/<entity_id>")
def entity(entity_id: str) -> Response | WerkzeugResponse:
    segment = entity_id
    entity_id, asked = split_suffix(entity_id)
    iri = str(get_iris().entity(entity_id))
    if (new := _replacement(iri)) and not get_store().ask(queries.MENTIONED, node=iri):
        # An IRI that re-linking replaced keeps working, as Wikidata's merged items do.
        return redirect(href(new) + segment[len(entity_id) :], code=301)
    _exists(iri)

    def html() -> View:
        store = get_store()
        summary = _summary(iri)
        articles_page = _pager("articles", _count(store, queries.ARTICLES_COUNT, iri))
        recent = _latest_articles(store, iri, queries.RECENT_ARTICLES)
        articles, by_article = _articles(store, iri, articles_page, recent)
        by_page = _pager("by", _count(store, queries.COUNT_STATEMENTS_BY, iri))
        about_page = _pager("about", _count(store, queries.COUNT_STATEMENTS_ABOUT, iri))
        events_page = _pager("events", _count(store, queries.COUNT_EVENTS_OF, iri))
        statements_by = _statements(
            store, queries.FIRST_STATEMENTS_BY, queries.STATEMENTS_BY, iri, by_page
        )
        label = (summary["labels"] or [entity_id])[0]
        return _view(
            "entity.html",
            iri=iri,
            structured=entity_structured(iri, label, summary),
            summary=summary,
            label=label,
            kind=", ".join(KIND_NAMES.get(t, t) for t in summary["types"]),
            articles=articles,
            articles_page=articles_page,
            mentions=by_article,
            statements_by=statements_by,
            by_page=by_page,
            statements_about=_statements(
                store, queries.FIRST_STATEMENTS_ABOUT, queries.STATEMENTS_ABOUT, iri, about_page
            ),
            about_page=about_page,
            roles=_roles(store, iri),
            role_holders=labelled(
                store, store.select(queries.ROLE_HOLDERS, node=iri), holderLabel="holder"
            ),
            links=_link_reasons(store.select(queries.LINK_REASONS, node=iri)),
            events=(events := _events(store, iri, events_page)),
            events_page=events_page,
            timeline=timeline(events, statements_by),
            network=network(store, store.select(queries.NETWORK, node=iri)),
            co_mentioned=_co_mentioned(store, iri, recent),
            recent_articles=queries.RECENT_ARTICLES,
            link_counts=_link_counts(store.select(queries.LINK_COUNTS, node=iri), iri),
            alternates=ALTERNATES,
        )

    return _page(queries.DESCRIBE, html, asked, node=iri)


def labelled(store: BaseStore, rows: list[dict[str, str]], **fill: str) -> list[dict[str, str]]:
    """Rows with labels (or kinds) added: `speaker="who"` sets row["speaker"] to the label of
    the node in row["who"]; a column named `type` gets the node's kind instead.

    Page queries leave labels to this one extra query: an unlinked entity has its label in
    every article graph that names it, so a label joined in the query multiplies its rows."""
    names = labels_of(
        store, [r[c] for r in rows for c in fill.values() if r.get(c, "")[:4] == "http"]
    )
    for row in rows:
        for out, column in fill.items():
            name = names.get(row.get(column, ""), {})
            value = name.get("type" if out == "type" else "label")
            if value:
                row[out] = value
    return rows


# The kinds a page names a node by (a statement is also an nk:Statement, a person a
# schema:Person, ...).
NAMED_KINDS = [
    NK_IRI + k
    for k in ("Person Organization Place Event DirectQuote ReportedSpeech Role Article".split())
]


def labels_of(store: BaseStore, iris: list[str]) -> dict[str, dict[str, str]]:
    """A label and a kind for each node: the knowledge base's label when it has one."""
    kb = str(get_iris().kb_graph)
    labels = store.first_values(iris, str(RDFS.label), prefer_graph=kb)
    headlines = store.first_values([i for i in iris if i not in labels], str(SCHEMA.headline))
    kinds = store.first_values(iris, str(RDF.type), among=NAMED_KINDS)
    found: dict[str, dict[str, str]] = {}
    for iri in dict.fromkeys(iris):
        name = {"label": labels.get(iri) or headlines.get(iri, ""), "type": kinds.get(iri, "")}
        found[iri] = {k: v for k, v in name.items() if v}
    return found


def network(store: BaseStore, rows: list[dict[str, str]]) -> dict[str, list[dict[str, Any]]]:
    """Nodes and edges (speaker → subject, weighted by statements), as the picture draws them."""
    names = labels_of(store, [r[end] for r in rows for end in ("speaker", "about")])
    nodes: dict[str, dict[str, Any]] = {}
    edges = []
    for row in rows:
        for end in ("speaker", "about"):
            iri = row[end]
            name = names.get(iri, {})
            nodes.setdefault(
                iri,
                {
                    "id": iri,
                    "label": name.get("label") or iri.rsplit("/", 1)[-1],
                    "kind": KIND_NAMES.get(name.get("type", ""), "Node"),
                    "href": href(iri),
                },
            )
        edges.append(
            {"source": row["speaker"], "target": row["about"], "statements": int(row["statements"])}
        )
    return {"nodes": list(nodes.values()), "edges": edges}


def _latest_articles(store: BaseStore, iri: str, count: int) -> list[dict[str, str]]:
    """The node's latest articles (rows of FIRST_ARTICLES), newest first."""
    return store.select(queries.FIRST_ARTICLES.replace("LIMIT_PAGE", f"LIMIT {count}"), node=iri)


def _co_mentioned(store: BaseStore, iri: str, recent: list[dict[str, str]]) -> list[dict[str, str]]:
    """People, organisations and places named in the node's recent articles, with how many."""
    if not recent:
        return []
    ids = values_clause("article", [row["article"] for row in recent])
    rows = store.select(queries.CO_MENTIONED.replace("VALUES_ARTICLES", ids), node=iri)
    names = labels_of(store, [r["other"] for r in rows])
    found = []
    for row in rows:
        name = names.get(row["other"], {})
        if name.get("type") in KIND_NAMES and not name["type"].endswith("Event"):
            found.append({**row, "type": name["type"], "label": name.get("label", row["other"])})
    return found[:30]


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


@dataclass(frozen=True)
class Pager:
    """One page of a long list on a page: `?{param}=2` shows the second."""

    param: str
    number: int
    size: int
    total: int

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size

    @property
    def last(self) -> int:
        return max(1, -(-self.total // self.size))

    def link(self, number: int) -> str:
        args = request.args.to_dict()
        args[self.param] = str(number)
        return "?" + urlencode(args)


PAGE_SIZE = 20


def _pager(param: str, total: int) -> Pager:
    number = request.args.get(param, 1, type=int) or 1
    return Pager(param, max(1, number), PAGE_SIZE, total)


def paged(sparql: str, pager: Pager) -> str:
    return sparql.replace("LIMIT_PAGE", f"LIMIT {pager.size} OFFSET {pager.offset}")


def _count(store: BaseStore, sparql: str, iri: str) -> int:
    rows = store.select(sparql, node=iri)
    return int(rows[0]["n"]) if rows else 0


def first_row_each(rows: list[dict[str, str]], key: str) -> list[dict[str, str]]:
    """The first row of each node (rows[key]), in the order the nodes first come."""
    first: dict[str, dict[str, str]] = {}
    for row in rows:
        first.setdefault(row[key], row)
    return list(first.values())


def _statements(
    store: BaseStore, first: str, details: str, iri: str, pager: Pager
) -> list[dict[str, str]]:
    """A page of a node's statements, newest first, each cut around its words in its sentence."""
    ids = [row["statement"] for row in store.select(paged(first, pager), node=iri)]
    if not ids:
        return []
    rows = store.select(details.replace("VALUES_STATEMENTS", values_clause("statement", ids)))
    chosen = first_row_each(rows, "statement")
    return [in_sentence(r) for r in labelled(store, chosen, speakerLabel="speaker")]


def _articles(
    store: BaseStore, iri: str, pager: Pager, latest: list[dict[str, str]]
) -> tuple[list[dict[str, str]], dict[str, list[dict[str, str]]]]:
    """A page of the articles that mention the node, newest first, and its mentions in them;
    `latest` (the node's latest articles, newest first) serves the pages it covers."""
    if pager.offset + pager.size <= len(latest) or len(latest) < queries.RECENT_ARTICLES:
        articles = [dict(row) for row in latest[pager.offset : pager.offset + pager.size]]
    else:
        articles = store.select(paged(queries.FIRST_ARTICLES, pager), node=iri)
    if not articles:
        return [], {}
    ids = [a["article"] for a in articles]
    shown = {
        r["article"]: r
        for r in store.select(
            queries.ARTICLES_SHOWN.replace("VALUES_ARTICLES", values_clause("article", ids))
        )
    }
    iris = get_iris()
    prefix = str(iris.article(""))
    graph_of = {str(iris.article_graph(a[len(prefix) :])): a for a in ids}
    mentions = queries.ENTITY_MENTIONS.replace("VALUES_GRAPHS", values_clause("graph", graph_of))
    by_article: dict[str, list[dict[str, str]]] = {a: [] for a in ids}
    for row in store.select(mentions, node=iri):
        by_article[graph_of[row["graph"]]].append(in_sentence(row))
    for article in articles:
        article.update(shown.get(article["article"], {}))
        article["mentions"] = str(len(by_article[article["article"]]))
    return articles, {a: rows for a, rows in by_article.items() if rows}


def _events(store: BaseStore, iri: str, pager: Pager) -> list[dict[str, str]]:
    """A page of the events the node takes part in or is the place of, newest first."""
    ids = [row["event"] for row in store.select(paged(queries.FIRST_EVENTS_OF, pager), node=iri)]
    return _event_details(store, ids)


def _event_details(store: BaseStore, ids: list[str]) -> list[dict[str, str]]:
    """What pages show of these events, newest first."""
    if not ids:
        return []
    rows = store.select(queries.EVENTS_OF.replace("VALUES_EVENTS", values_clause("event", ids)))
    return first_row_each(rows, "event")


def _roles(store: BaseStore, iri: str) -> list[dict[str, str]]:
    """The roles the node holds, each name once (with what it is of), with the articles that
    give it: the first and how many (in two steps, as above)."""
    ids = [row["role"] for row in store.select(queries.FIRST_ROLES, node=iri)]
    if not ids:
        return []
    rows = store.select(queries.ROLES_HELD.replace("VALUES_ROLES", values_clause("role", ids)))
    shown: dict[tuple[str, str], tuple[dict[str, str], set[str]]] = {}
    for row in rows:
        first, articles = shown.setdefault((row["name"], row.get("of", "")), (row, set()))
        articles.add(row["article"])
    for first, articles in shown.values():
        first["articles"] = str(len(articles))
    return labelled(store, [first for first, _ in shown.values()], ofLabel="of")


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
        _mark(r)
        for r in labelled(
            store,
            _one_row_per_mention(store.select(queries.ARTICLE_MENTIONS, text=text)),
            label="target",
            type="target",
            speaker="who",
        )
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
        links = labelled(store, store.select(queries.ARTICLE_LINKS, node=iri), label="target")
        authors = [r for r in links if r["role"].endswith("author")]
        structured = schema_org(
            "NewsArticle",
            iri,
            headline=meta.get("headline") or meta["identifier"],
            author=[
                {"@type": "Person", "@id": a["target"], "name": a.get("label", "")} for a in authors
            ],
            datePublished=meta.get("date"),
            description=meta.get("description"),
        )
        return _view(
            "article.html",
            iri=iri,
            structured=structured,
            meta=meta,
            authors=authors,
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
    parts = labelled(store, store.select(queries.EVENT_PARTS, node=iri), label="target")
    ev = rows[0]
    places = [p for p in parts if p["role"].endswith("place")]
    structured = schema_org(
        "Event",
        iri,
        name=ev.get("label"),
        location=[
            {"@type": "Place", "@id": p["target"], "name": p.get("label", "")} for p in places
        ],
        subjectOf={"@type": "NewsArticle", "@id": ev["article"]},
        startDate=ev.get("day"),
    )
    return _view(
        "event.html",
        iri=iri,
        structured=structured,
        ev=ev,
        participants=[p for p in parts if p["role"].endswith("participant")],
        places=places,
        mentions=[in_sentence(r) for r in store.select(queries.EVENT_MENTIONS, node=iri)],
        statements=store.select(queries.STATEMENTS_AT, node=iri),
        alternates=ALTERNATES,
    )


def _statement_html(iri: str) -> View:
    store = get_store()
    rows = labelled(store, store.select(queries.STATEMENT, node=iri), speakerLabel="speaker")
    if not rows:
        abort(404, f"{iri} is not a statement")
    st = in_sentence(rows[0])
    structured = schema_org(
        "Quotation" if st["kind"].endswith("DirectQuote") else "Claim",
        iri,
        text=st["text"],
        isPartOf={"@type": "NewsArticle", "@id": st["article"]},
        creator=st.get("speaker") and {"@id": st["speaker"], "name": st.get("speakerLabel", "")},
        dateCreated=st.get("day"),
    )
    return _view(
        "statement.html",
        iri=iri,
        structured=structured,
        elsewhere=labelled(
            store, store.select(queries.SAME_WORDS, node=iri), speakerLabel="speaker"
        ),
        st=st,
        about=sorted(
            labelled(store, store.select(queries.STATEMENT_ABOUT, node=iri), label="about"),
            key=lambda r: r.get("label", r["about"]),
        ),
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
        outgoing=labelled(store, store.select(queries.OUTGOING, node=iri), label="o"),
        incoming=labelled(store, store.select(queries.INCOMING, node=iri), label="s"),
        alternates=ALTERNATES,
    )


SEARCH_LIMIT = 200  # hits read from the index
GROUP_LIMIT = 20  # hits shown per kind
SEARCH_GROUPS = [
    ("Person", "People"),
    ("Organization", "Organisations"),
    ("Place", "Places"),
    ("Article", "Articles"),
    ("Statement", "Statements"),
]


def _search(words: str) -> list[dict[str, Any]]:
    """Hits of the full-text index, as rows for pages and JSON."""
    return [
        {
            "node": hit.node,
            "label": hit.label,
            "kind": KIND_NAMES.get(hit.kind, hit.kind.rsplit("#", 1)[-1]),
            "snippet": hit.snippet,
            "articles": hit.articles,
            "href": href(hit.node),
        }
        for hit in get_search().search(words, SEARCH_LIMIT)
    ]


def _search_words() -> str:
    return " ".join(request.args.get("q", "").split())[:200]


@bp.route("/search")
def search() -> str:
    """People, organisations, places, articles and statements by any part of their words."""
    words = _search_words()
    found = _search(words) if words else None
    groups = [
        (name, [h for h in found or [] if h["kind"] == kind][:GROUP_LIMIT])
        for kind, name in SEARCH_GROUPS
    ]
    return render_template(
        "search.html", words=words, found=found, groups=groups, limit=GROUP_LIMIT
    )


@bp.route("/search.json")
def search_json() -> Response:
    """The same as JSON, for autocompletion (the workbench uses it): `kind=Person,Place` keeps
    only those kinds."""
    words = _search_words()
    kinds = {k for k in request.args.get("kind", "").split(",") if k}
    results = [h for h in _search(words) if not kinds or h["kind"] in kinds]
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
