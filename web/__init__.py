"""The Flask app: a SPARQL 1.1 endpoint, a query page and a page for every node."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask

from kg.config import Settings
from kg.rdf import Iris
from kg.search import SearchIndex
from kg.store import BaseStore, open_store
from web.guard import QueryThreads


def create_app(
    test_config: Mapping[str, Any] | None = None,
    *,
    settings: Settings | None = None,
    store: BaseStore | None = None,
) -> Flask:
    """Build the app. Settings: defaults, then KG_* variables, then `test_config` (KG_* keys)."""
    app = Flask(__name__)
    if settings is None:
        overrides = {
            key[3:].lower(): value
            for key, value in (test_config or {}).items()
            if key.startswith("KG_")
        }
        settings = Settings.from_env(**overrides)
    app.config.from_mapping(
        {k: v for k, v in (test_config or {}).items() if not k.startswith("KG_")}
    )
    app.config["KG_SETTINGS"] = settings
    app.extensions["newskg.store"] = (
        store
        if store is not None
        else open_store(settings.store, settings.store_query_url, settings.store_update_url)
    )
    app.extensions["newskg.iris"] = Iris(settings.base_iri)
    app.extensions["newskg.search"] = SearchIndex(settings.search_index or ":memory:")
    # Queries run here, so that the request can stop waiting at the time limit.
    app.extensions["newskg.queries"] = QueryThreads(8)

    from web import errors, graphstore, pages, sparql

    app.register_blueprint(sparql.bp)
    app.register_blueprint(graphstore.bp)
    app.register_blueprint(pages.bp)
    errors.register(app)
    return app
