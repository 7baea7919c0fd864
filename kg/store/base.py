"""The interface every graph store implements (embedded LadybugDB, Neo4j).

A store holds the aggregated graph: one node per entity, one edge per
``Triple.edge_key()`` with its mention count, first/last date seen, the
documents and the evidence that support it. Loading is idempotent: the same
triples loaded twice change nothing (evidence is keyed by
``(edge_key, doc_id, start, end)``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from kg.model import Article, Entity, Triple

SCHEMA_VERSION = 1


@dataclass(slots=True)
class QueryResult:
    """Rows of a query, keyed by the names in its RETURN clause."""

    columns: list[str]
    rows: list[list[Any]]

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


@dataclass(slots=True)
class LoadSummary:
    """What one load did; counters are totals over the run."""

    triples_read: int = 0
    nodes_created: int = 0
    edges_created: int = 0
    edges_updated: int = 0
    evidence_added: int = 0
    articles_added: int = 0
    skipped: list[str] = field(default_factory=list)  # "FILE:LINE: reason"


@runtime_checkable
class GraphStore(Protocol):
    """One or two methods per capability, as httpx's transports are."""

    name: str

    def load(self, triples: Iterable[Triple], entities: Iterable[Entity] = (),
             articles: Iterable[Article] = ()) -> LoadSummary:
        """Merge triples (and full entity and article records, where known) into the store."""
        ...

    def query(self, cypher: str, params: dict[str, Any] | None = None) -> QueryResult:
        """Run one Cypher statement with parameters (never pasted into the text)."""
        ...

    def stats(self) -> dict[str, Any]:
        """Counts of nodes and edges by type."""
        ...

    def close(self) -> None: ...
