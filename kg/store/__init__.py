"""Graph stores: the embedded LadybugDB store (default) and Neo4j."""

from kg.store.base import SCHEMA_VERSION, GraphStore, LoadSummary, QueryResult

__all__ = ["SCHEMA_VERSION", "GraphStore", "LoadSummary", "QueryResult"]
