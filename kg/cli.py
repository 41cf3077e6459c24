"""The `kg` command: a thin layer over plain functions."""

from __future__ import annotations

import csv
import io
import json
import secrets
import sys
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import click

from kg import __version__
from kg.articles import (
    JSON_SUFFIXES,
    JSONL_SUFFIXES,
    RecordFields,
    count_json_records,
    find_inputs,
)
from kg.config import Settings, SettingsError
from kg.extract.nlp import ModelNotFoundError
from kg.pipeline import IngestResult, ingest, remove
from kg.rdf import Iris
from kg.store import (
    BaseStore,
    QueryOutcome,
    QuerySyntaxError,
    Store,
    StoreError,
    announce_server,
    open_store,
)

STORE_OPTION = click.option(
    "--store", "store_path", metavar="DIR", help="Store folder (default: $KG_STORE or data/store)."
)
# An article's graph with the knowledge-base facts about the nodes it references: what a
# reader of the article's nodes sees, and what the shapes are checked against.
GRAPH_QUERY = """
CONSTRUCT { ?s ?p ?o } WHERE {
  { GRAPH ?graph { ?s ?p ?o } }
  UNION { GRAPH ?graph { ?x ?y ?s } GRAPH ?kb { ?s ?p ?o } }
}"""
QUERY_FORMATS = {
    # name: (media type for SELECT/ASK results, media type for graph results)
    "json": ("application/sparql-results+json", "application/ld+json"),
    "xml": ("application/sparql-results+xml", "application/rdf+xml"),
    "csv": ("text/csv", None),
    "tsv": ("text/tab-separated-values", None),
    "table": (None, "text/turtle"),
    "ttl": (None, "text/turtle"),
    "nt": (None, "application/n-triples"),
}


def _settings(store_path: str | None = None) -> Settings:
    try:
        return Settings.from_env(store=store_path)
    except SettingsError as err:
        raise click.UsageError(str(err)) from None


def _open_store(settings: Settings, child_process: bool = False) -> BaseStore:
    try:
        return open_store(
            settings.store, settings.store_query_url, settings.store_update_url, child_process
        )
    except StoreError as err:
        raise click.ClickException(str(err)) from None


@click.group()
@click.version_option(__version__, prog_name="kg")
def main() -> None:
    """newskg: news articles to a linked, queryable knowledge graph."""


SMALL_BATCH = 50


def _fields(**given: str | None) -> RecordFields:
    """JSON field names: the ones given first, then the usual ones."""
    defaults = RecordFields()
    return RecordFields(
        **{
            name: ((value,) if value else ()) + tuple(getattr(defaults, name))
            for name, value in given.items()
        }
    )


def _expected_articles(paths: list[Path]) -> int:
    """About how many articles the inputs hold (a JSON Lines file one per line, a JSON list
    one per item), for the bar."""
    total = 0
    for path in find_inputs(paths):
        if path.suffix.lower() in JSONL_SUFFIXES:
            with path.open("rb") as handle:
                total += sum(1 for line in handle if line.strip())
        elif path.suffix.lower() in JSON_SUFFIXES:
            with path.open("rb") as handle:
                total += count_json_records(handle)
        else:
            total += 1
    return total


@main.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@STORE_OPTION
@click.option("--quiet", "-q", is_flag=True, help="Print failures and the summary only.")
@click.option("--force", is_flag=True, help="Re-ingest articles the store has unchanged.")
@click.option("--text-field", help="JSON field with the article text.")
@click.option("--title-field", help="JSON field with the headline.")
@click.option("--date-field", help="JSON field with the publication date.")
@click.option("--author-field", help="JSON field with the author(s).")
@click.option("--id-field", help="JSON field with the record's identifier.")
def ingest_command(
    paths: tuple[Path, ...],
    store_path: str | None,
    quiet: bool,
    force: bool,
    text_field: str | None,
    title_field: str | None,
    date_field: str | None,
    author_field: str | None,
    id_field: str | None,
) -> None:
    """Ingest articles: text, HTML, JSON and JSON Lines files, folders (recursively), or `-`
    for standard input. Re-ingesting a changed article replaces its graph."""
    from tqdm import tqdm

    for path in paths:
        if str(path) != "-" and not path.exists():
            raise click.BadParameter(f"{path} does not exist", param_hint="PATHS")
    settings = _settings(store_path)
    fields = _fields(
        text=text_field, title=title_field, date=date_field, author=author_field, id=id_field
    )
    inputs = list(paths)
    expected = _expected_articles([p for p in inputs if str(p) != "-"])
    if expected < SMALL_BATCH:  # starting worker processes would cost more than it saves
        settings = replace(settings, workers=1)
    # No monitor thread (it only tunes how often a slow bar redraws): a process that runs
    # threads is not safe to fork, as the workers do with KG_WORKER_START=fork.
    tqdm.monitor_interval = 0
    bar = tqdm(
        total=expected or None,
        unit=" articles",
        disable=None,
        mininterval=0.5,
        dynamic_ncols=True,
    )

    def show(result: IngestResult) -> None:
        bar.update(1)
        if result.ok and not quiet and result.message != "unchanged":
            line = f"ok    {result.source}  ({result.entities} entities, {result.triples} triples)"
            if result.message != "ingested":
                line += f"  {result.message}"
            bar.write(line, file=sys.stdout)
        elif not result.ok:
            bar.write(f"FAIL  {result.message}", file=sys.stderr)

    with _open_store(settings, child_process=True) as store:
        try:
            summary = ingest(inputs, store, settings, on_result=show, fields=fields, force=force)
        except ModelNotFoundError as err:
            raise click.ClickException(str(err)) from None
        finally:
            bar.close()
        quads = len(store)
    ingested = f"{summary.ingested} ingested"
    if summary.other_language:
        ingested += f" ({summary.other_language} in another language: text and metadata only)"
    counts = f"{ingested}, {summary.unchanged} unchanged, {summary.failed} failed"
    click.echo(f"{counts}; {quads} quads in {settings.store}")
    if summary.failed:
        sys.exit(1)


@main.command("remove")
@click.argument("identifiers", nargs=-1, required=True)
@STORE_OPTION
def remove_command(identifiers: tuple[str, ...], store_path: str | None) -> None:
    """Remove articles (by file name or record id) and everything extracted from them."""
    settings = _settings(store_path)
    with _open_store(settings) as store:
        missing = remove(identifiers, store, settings)
    for identifier in missing:
        click.echo(f"not in the store: {identifier}", err=True)
    click.echo(f"{len(identifiers) - len(missing)} removed")
    if missing:
        sys.exit(1)


@main.command("serve")
@STORE_OPTION
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option(
    "--threads",
    type=int,
    default=None,
    help="Python threads that answer requests [default: one more than the cores].",
)
def serve_command(store_path: str | None, host: str, port: int, threads: int | None) -> None:
    """Serve the SPARQL endpoint and the pages (Granian, a production HTTP server)."""
    from web.server import default_threads, serve

    settings = _settings(store_path)
    announced = None
    with _open_store(settings) as store:  # a folder held by another server is reached through it
        embedded = isinstance(store, Store)
    # The store is let go here: the server's worker process opens it.
    if embedded:
        # Other kg commands write through this server while it holds the store.
        if not settings.update_token:
            settings = replace(settings, update_token=secrets.token_urlsafe(24))
        endpoint = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}/sparql"
        announced = announce_server(settings.store, endpoint, settings.update_token)
    click.echo(f"newskg serving {settings.store} on http://{host}:{port}/ (Ctrl-C stops)")
    try:
        serve(settings, host, port, threads or default_threads())
    finally:
        if announced is not None:
            announced.unlink(missing_ok=True)


@main.command("link")
@click.option(
    "--relink",
    "again",
    is_flag=True,
    help="Link the entities already in the store again (after the knowledge base changed).",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
@STORE_OPTION
def link_command(again: bool, quiet: bool, store_path: str | None) -> None:
    """Link the store's entities again without re-running spaCy: IRIs that change keep working
    (the old one answers 301, the alias graph records the change)."""
    from tqdm import tqdm

    from kg.link import open_linker
    from kg.relink import relink

    if not again:
        raise click.UsageError("say what to do: kg link --relink")
    settings = _settings(store_path)
    linker = open_linker(settings)
    if linker is None:
        raise click.UsageError("linking is off (KG_KB=none): nothing to link against")
    iris = Iris(settings.base_iri)
    with _open_store(settings) as store:
        graphs = [g for g in store.graphs() if iris.is_article_graph(g)]
        results = relink(
            store,
            iris,
            linker,
            graphs,
            progress=lambda gs: iter(tqdm(gs, desc="relinking", unit=" articles", disable=quiet)),
        )
    renamed = sum(len(r.renamed) for r in results)
    rewritten = sum(r.rewritten for r in results)
    click.echo(
        f"{len(results)} articles linked again: {rewritten} rewritten, {renamed} entity IRIs "
        "changed (each old IRI now redirects to its new one)"
    )


@main.command("validate")
@STORE_OPTION
def validate_command(store_path: str | None) -> None:
    """Check every article graph in the store against the SHACL shapes."""
    from kg.shacl import validate_rdf

    settings = _settings(store_path)
    iris = Iris(settings.base_iri)
    failed = 0
    with _open_store(settings) as store:
        graphs = [g for g in store.graphs() if iris.is_article_graph(g)]
        for graph in graphs:
            data = store.construct(GRAPH_QUERY, "text/turtle", graph=graph, kb=str(iris.kb_graph))
            report = validate_rdf(data)
            if not report.conforms:
                failed += 1
                click.echo(f"FAIL  {graph}\n{report.text}", err=True)
    click.echo(f"{len(graphs) - failed} of {len(graphs)} article graphs conform")
    if failed:
        sys.exit(1)


@main.group("kb")
def kb_group() -> None:
    """The knowledge base that entities are linked against."""


@kb_group.command("build")
@click.argument("sources", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--min-sitelinks", default=1, show_default=True, help="Dump items with fewer are left out."
)
def kb_build_command(sources: tuple[Path, ...], out: Path, min_sitelinks: int) -> None:
    """Build a knowledge base from table folders (the starter format) and Wikidata dumps
    (latest-all.json.bz2, .gz or plain)."""
    from tqdm import tqdm

    from kg.link.build import Row, build

    def progress(name: str, rows: Iterator[Row]) -> Iterator[Row]:
        yield from tqdm(rows, desc=name, unit=" items", mininterval=1.0)

    started = time.monotonic()
    built = build(sources, out, min_sitelinks=min_sitelinks, progress=progress)
    seconds = time.monotonic() - started
    total = sum(n for _, n in built)
    for name, count in built:
        click.echo(f"{name:28} {count:>9,} items")
    click.echo(f"{total:,} items in {out} ({seconds:.1f} s, {total / max(seconds, 1e-9):,.0f}/s)")


@kb_group.command("search")
@click.argument("text")
@click.option("--kb", "kb_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--limit", default=10, show_default=True)
def kb_search_command(text: str, kb_file: Path | None, limit: int) -> None:
    """Search the knowledge base's labels and aliases."""
    from kg.link import KnowledgeBase, KnowledgeBaseError, kb_path

    path = kb_file or kb_path(_settings())
    if path is None:
        raise click.UsageError("linking is off (KG_KB=none)")
    try:
        kb = KnowledgeBase(path)
    except KnowledgeBaseError as err:
        raise click.ClickException(str(err)) from None
    for item in kb.search(text, limit):
        click.echo(
            f"{item.qid:12} {item.type:13} {item.prior:.2f}  {item.label} - {item.description}"
        )


@kb_group.command("qids")
@click.option("--kb", "kb_file", type=click.Path(dir_okay=False, path_type=Path))
def kb_qids_command(kb_file: Path | None) -> None:
    """Print every QID of the knowledge base, one per line (score.py's --kb-qids)."""
    from kg.link import kb_path
    from kg.link.kb import KnowledgeBaseError, kb_qids

    path = kb_file or kb_path(_settings())
    if path is None:
        raise click.UsageError("linking is off (KG_KB=none)")
    try:
        click.echo("\n".join(kb_qids(path)))
    except KnowledgeBaseError as err:
        raise click.ClickException(str(err)) from None


def _table(data: bytes) -> str:
    """SPARQL CSV results as an aligned text table."""
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
    if not rows:
        return ""
    widths = [max(len(row[i]) if i < len(row) else 0 for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=False)) for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(line.rstrip() for line in lines) + f"\n({len(rows) - 1} rows)\n"


@main.command("query")
@click.argument("sparql")
@STORE_OPTION
@click.option(
    "--format", "fmt", type=click.Choice(list(QUERY_FORMATS)), default="table", show_default=True
)
def query_command(sparql: str, store_path: str | None, fmt: str) -> None:
    """Run a SPARQL query over the store ('-' reads the query from standard input)."""
    if sparql == "-":
        sparql = sys.stdin.read()
    with _open_store(_settings(store_path)) as store:
        try:
            outcome = store.query(sparql)
        except QuerySyntaxError as err:
            raise click.ClickException(f"bad query: {err}") from None
        _print_outcome(outcome, fmt)


def _print_outcome(outcome: QueryOutcome, fmt: str) -> None:
    solutions_type, graph_type = QUERY_FORMATS[fmt]
    if outcome.kind == "graph":
        if graph_type is None:
            raise click.UsageError(
                f"--format {fmt} is for SELECT and ASK; graphs: ttl, nt, json, xml"
            )
        click.echo(outcome.serialize(graph_type).decode("utf-8"), nl=False)
    elif fmt == "table":
        if outcome.kind == "boolean":
            click.echo(json.dumps(bool(outcome.result)))
        else:
            click.echo(_table(outcome.serialize("text/csv")), nl=False)
    elif solutions_type is None:
        raise click.UsageError(f"--format {fmt} is for graphs; results: json, xml, csv, tsv, table")
    else:
        click.echo(outcome.serialize(solutions_type).decode("utf-8"), nl=False)
