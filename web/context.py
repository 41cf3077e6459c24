"""The app's shared objects, for the blueprints."""

from __future__ import annotations

from typing import cast

from flask import current_app

from kg.config import Settings
from kg.rdf import Iris
from kg.search import SearchIndex
from kg.store import BaseStore


def get_store() -> BaseStore:
    return cast(BaseStore, current_app.extensions["newskg.store"])


def get_iris() -> Iris:
    return cast(Iris, current_app.extensions["newskg.iris"])


def get_settings() -> Settings:
    return cast(Settings, current_app.config["KG_SETTINGS"])


def get_search() -> SearchIndex:
    """The full-text index, brought in step with the store first (at most every few seconds)."""
    index = cast(SearchIndex, current_app.extensions["newskg.search"])
    index.sync_if_due(get_store(), get_iris())
    return index
