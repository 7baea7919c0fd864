"""Extraction: articles to contract triples.

An extractor backend is anything with this shape, registered by name in
``kg.registry.extractors`` (the rule engine is ``rules``). ``kg extract
--extractor rules,other`` runs several and merges their triples, so a
model-based backend can be added beside the rules without touching them.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from kg.model import Article, Entity, Triple


@runtime_checkable
class Extractor(Protocol):
    """One backend: a pure function of one article, with its data loaded once."""

    name: str

    def extract(self, article: Article) -> tuple[list[Triple], list[Entity]]:
        """Triples the article supports, and the entities they mention."""
        ...


__all__ = ["Extractor"]
