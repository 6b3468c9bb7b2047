"""newskg: build a linked, queryable knowledge graph from English news articles."""

__version__ = "0.1.0"
