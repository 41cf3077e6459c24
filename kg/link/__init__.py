"""Wikidata linking: the knowledge base (build, load, look up) and the linker."""

from __future__ import annotations

from pathlib import Path

from kg.config import Settings
from kg.link.kb import KnowledgeBase, KnowledgeBaseError
from kg.link.linker import Linker
from kg.link.online import OnlineKnowledgeBase, WikidataApi

# Built by `make kb` from the tables in ../shared/data/kb (see README, "Knowledge base").
STARTER_KB = Path(__file__).parent / "data" / "starter-kb.sqlite"


def kb_path(settings: Settings) -> Path | None:
    """The knowledge base the settings name: KG_KB, else the starter one; None for "none"."""
    if settings.kb.lower() == "none":
        return None
    return Path(settings.kb) if settings.kb else STARTER_KB


def open_linker(settings: Settings) -> Linker | None:
    """The linker over the configured knowledge base (and Wikidata's API when online mode is
    on), or None when linking is off."""
    path = kb_path(settings)
    if path is None:
        return None
    if settings.wikidata_online:
        api = WikidataApi(settings.wikidata_cache, settings.wikidata_api)
        return Linker(OnlineKnowledgeBase(KnowledgeBase(path), api))
    return Linker(KnowledgeBase(path))


__all__ = ["STARTER_KB", "KnowledgeBase", "KnowledgeBaseError", "Linker", "kb_path", "open_linker"]
