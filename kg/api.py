"""The Python API over the graph stores: ``open_store`` and its :class:`Store`.

    >>> from kg import open_store
    >>> with open_store("kg-store") as store:            # doctest: +SKIP
    ...     store.load(triples, entities)
    ...     store.run("who-called-whom", since="2022-01-01").records()
    ...     g = store.to_networkx()

:class:`Store` is a thin facade over the backend registered in
:data:`kg.registry.stores` (``ladybug`` by default, ``neo4j``), so scripts,
the CLI and the views speak to every store the same way.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import networkx as nx

from kg import query as named
from kg.model import Article, Entity, Triple
from kg.registry import stores
from kg.store import snapshot
from kg.store.base import LoadSummary, QueryResult


class Store:
    """An open graph store: load, query, run named queries, export its graph."""

    def __init__(self, backend: Any) -> None:
        self.backend = backend

    @property
    def engine(self) -> str:
        """The registered name of the backend (picks named-query variants)."""
        return self.backend.name

    def load(self, triples: Iterable[Triple], entities: Iterable[Entity] = (),
             articles: Iterable[Article] = (), **options: Any) -> LoadSummary:
        """Merge triples (and entity / article records) into the store; idempotent."""
        return self.backend.load(triples, entities, articles, **options)

    def query(self, cypher: str, params: dict[str, Any] | None = None, /,
              **kwparams: Any) -> QueryResult:
        """Run Cypher with parameters, given as a dict or as keywords (never pasted in)."""
        return self.backend.query(cypher, {**(params or {}), **kwparams})

    def run(self, name: str, /, **params: Any) -> QueryResult:
        """Run a named query of ``queries/`` with its defaults filled and values typed."""
        q = named.get(name)
        return self.backend.query(q.text_for(self.engine), q.bind(params))

    def stats(self) -> dict[str, Any]:
        return self.backend.stats()

    def to_networkx(self) -> nx.MultiDiGraph:
        """The whole graph in the shape of :mod:`kg.graph` (what exporters and views take)."""
        own = getattr(self.backend, "to_networkx", None)
        if own is not None:
            return own()
        return snapshot.to_networkx(self.backend.query)

    def to_pandas(self) -> tuple[Any, Any]:
        """(nodes, edges) DataFrames of the graph."""
        return snapshot.to_pandas(self.to_networkx())

    def to_rdf(self, **options: Any) -> Any:
        """The graph as RDF (see :func:`kg.export.rdf.to_rdf`)."""
        from kg.export.rdf import to_rdf

        return to_rdf(self.to_networkx(), **options)

    def close(self) -> None:
        self.backend.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        where = getattr(self.backend, "path", None) or getattr(self.backend, "uri", "")
        return f"<kg Store {self.engine} {where}>"


def open_store(path: str | Path = "kg-store", *, create: bool = True, read_only: bool = False,
               backend: str = "ladybug", **options: Any) -> Store:
    """Open (or create) a graph store.

    ``path`` is the store folder for the embedded store (a URI for Neo4j);
    ``create=False`` refuses a folder that is not a store yet; ``read_only``
    opens without the writer's lock, beside a process that is loading.
    ``backend`` is a name in :data:`kg.registry.stores`; ``options`` go to it.
    """
    impl = stores.get(backend)
    return Store(impl(path, create=create, read_only=read_only, **options))


@contextlib.contextmanager
def loading_store(path: str | Path, **options: Any) -> Iterator[Store]:
    """An embedded store to load into, safe against a kill during the first load.

    LadybugDB 0.22.0 loses evidence when a process is killed during the checkpoint that
    follows the first bulk COPY into a new store. A new store is therefore built in a
    hidden folder beside its place and renamed into place once closed; an existing store
    is loaded where it is (its loads are transactional).
    """
    target = Path(path)
    fresh = not target.exists() or (target.is_dir() and not any(target.iterdir()))
    work = target.parent / f".{target.name}.kg-loading" if fresh else target
    if fresh:
        shutil.rmtree(work, ignore_errors=True)
    with open_store(work, create=True, **options) as st:
        yield st
    if fresh:
        if target.is_dir():
            target.rmdir()  # the empty folder the user named
        os.replace(work, target)


def open_neo4j(uri: str | None = None, user: str | None = None, password: str | None = None,
               database: str | None = None, *, password_env: str | None = None,
               create: bool = True, read_only: bool = False, **options: Any) -> Store:
    """Open a kg graph in a Neo4j server (5.x / 2025.x): the same :class:`Store` facade.

    Left-out values come from the environment as Neo4j's tools read it:
    ``NEO4J_URI``, ``NEO4J_USERNAME``, ``NEO4J_PASSWORD`` (or the variable
    ``password_env`` names), ``NEO4J_DATABASE``. ``options`` go to
    :class:`kg.store.neo4j.Neo4jStore` (e.g. ``batch_size``). See docs/neo4j.md.
    """
    impl = stores.get("neo4j")
    return Store(impl(uri, user=user, password=password, password_env=password_env,
                      database=database, create=create, read_only=read_only, **options))


__all__ = ["Store", "open_neo4j", "open_store"]
