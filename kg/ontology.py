"""Where the ontology files are, and loading them into the store's ontology graph."""

from __future__ import annotations

from pathlib import Path

from kg.rdf import Iris
from kg.store import BaseStore

_PACKAGED = Path(__file__).parent / "ontology"
# In a source checkout (an editable install) the files sit at the top of the repository.
_SOURCE = Path(__file__).parent.parent / "ontology"
ONTOLOGY_DIR = _PACKAGED if _PACKAGED.is_dir() else _SOURCE


def ontology_file(name: str = "news.ttl") -> Path:
    """Path of a file of the ontology folder (news.ttl, shapes.ttl)."""
    return ONTOLOGY_DIR / name


def load_ontology(store: BaseStore, iris: Iris) -> None:
    """Put the ontology in its own named graph, replacing what was there."""
    store.replace_graph_from_file(str(iris.ontology_graph), ontology_file("news.ttl"))
