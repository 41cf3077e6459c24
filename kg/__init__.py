"""newskg: news articles to a linked, queryable knowledge graph."""

__version__ = "0.3.0"
