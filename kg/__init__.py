"""kg: knowledge graphs of geopolitical relations from news, offline and explainable.

The Python API mirrors the command line::

    import kg
    triples, entities = kg.extract_article(kg.Article(id="a1", text="...", lang="en"))
    with kg.open_store("kg-store") as store:
        store.load(triples, entities)
        rows = store.query("MATCH (a)-[r:CALLED]->(b) RETURN a.label, b.label")
        g = store.to_networkx()

Heavy modules load on first use, so ``import kg`` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kg.errors import KgError
from kg.model import Article, Entity, EntityRef, Evidence, Triple

__version__ = "0.1.0"

__all__ = [
    "Article",
    "Entity",
    "EntityRef",
    "Evidence",
    "KgError",
    "Triple",
    "build",
    "extract_article",
    "open_store",
    "read_articles",
]

if TYPE_CHECKING:
    from kg.api import open_store
    from kg.ingest import read_articles
    from kg.pipeline import build


def extract_article(article: Article, extractor: str = "rules") -> tuple[list[Triple],
                                                                          list[Entity]]:
    """Triples and entities of one article, with the named extractor backend."""
    from kg.pipeline import _extractor

    return _extractor(extractor).extract(article)


def __getattr__(name: str) -> Any:
    if name == "open_store":
        from kg.api import open_store

        return open_store
    if name == "build":
        from kg.pipeline import build

        return build
    if name == "read_articles":
        from kg.ingest import read_articles

        return read_articles
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
