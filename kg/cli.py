"""The `kg` command: a thin layer over plain functions."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import click

from kg import __version__
from kg.config import Settings, SettingsError
from kg.extract.nlp import ModelNotFoundError
from kg.pipeline import IngestResult, ingest
from kg.rdf import Iris
from kg.store import QueryOutcome, QuerySyntaxError, Store, StoreError

STORE_OPTION = click.option(
    "--store", "store_path", metavar="DIR", help="Store folder (default: $KG_STORE or data/store)."
)
GRAPH_QUERY = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?graph { ?s ?p ?o } }"
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


def _open_store(settings: Settings) -> Store:
    try:
        return Store(settings.store)
    except StoreError as err:
        raise click.ClickException(str(err)) from None


@click.group()
@click.version_option(__version__, prog_name="kg")
def main() -> None:
    """newskg: news articles to a linked, queryable knowledge graph."""


@main.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@STORE_OPTION
@click.option("--quiet", "-q", is_flag=True, help="Print failures and the summary only.")
def ingest_command(paths: tuple[Path, ...], store_path: str | None, quiet: bool) -> None:
    """Ingest article files and folders into the store (re-ingesting replaces)."""
    settings = _settings(store_path)

    def show(result: IngestResult) -> None:
        if result.ok and not quiet:
            click.echo(
                f"ok    {result.source}  ({result.entities} entities, {result.triples} triples)"
                + ("" if result.message == "ingested" else f"  {result.message}")
            )
        elif not result.ok:
            click.echo(f"FAIL  {result.message}", err=True)

    with _open_store(settings) as store:
        try:
            results = ingest(paths, store, settings, on_result=show)
        except ModelNotFoundError as err:
            raise click.ClickException(str(err)) from None
        quads = len(store)
    failed = sum(not r.ok for r in results)
    click.echo(
        f"{len(results) - failed} ingested, {failed} failed; {quads} quads in {settings.store}"
    )
    if failed:
        sys.exit(1)


@main.command("serve")
@STORE_OPTION
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--threads", default=8, show_default=True, type=int, help="Worker threads.")
def serve_command(store_path: str | None, host: str, port: int, threads: int) -> None:
    """Serve the SPARQL endpoint and the pages (waitress, a production WSGI server)."""
    import waitress

    from web import create_app

    settings = _settings(store_path)
    app = create_app(settings=settings, store=_open_store(settings))
    click.echo(f"newskg serving {settings.store} on http://{host}:{port}/ (Ctrl-C stops)")
    waitress.serve(app, host=host, port=port, threads=threads, ident="newskg")


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
            report = validate_rdf(store.construct(GRAPH_QUERY, "text/turtle", graph=graph))
            if not report.conforms:
                failed += 1
                click.echo(f"FAIL  {graph}\n{report.text}", err=True)
    click.echo(f"{len(graphs) - failed} of {len(graphs)} article graphs conform")
    if failed:
        sys.exit(1)


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
