"""Name -> implementation registries for the plug-in points.

Languages, extractor backends, stores and exporters are looked up by name,
the way rdflib's ``plugin.get`` and spaCy's registries work: an unknown name
raises :class:`~kg.errors.RegistryError` listing the known ones, and a new
implementation registers itself with one decorator line in its own module.
Modules are imported lazily (``"module:attr"`` strings), so asking for the
Neo4j store does not import anything the embedded store needs, and back.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from typing import Any, Generic, TypeVar

from kg.errors import RegistryError

T = TypeVar("T")


class Registry(Generic[T]):
    """A named table of implementations of one plug-in point."""

    def __init__(self, kind: str, autoload: str | None = None) -> None:
        self.kind = kind
        self._entries: dict[str, T | str] = {}
        # A module whose import registers the built-in implementations.
        self._autoload = autoload

    def _load(self) -> None:
        if self._autoload is not None:
            module, self._autoload = self._autoload, None
            importlib.import_module(module)

    def register(self, name: str, obj: T | str | None = None) -> Any:
        """Register ``obj`` (or a lazy ``"module:attr"`` string) under ``name``.

        Used bare as a decorator: ``@stores.register("ladybug")``.
        """
        if obj is not None:
            self._entries[name] = obj
            return obj

        def deco(o: T) -> T:
            self._entries[name] = o
            return o

        return deco

    def get(self, name: str) -> T:
        self._load()
        try:
            entry = self._entries[name]
        except KeyError:
            known = ", ".join(sorted(self._entries)) or "(none)"
            raise RegistryError(f"unknown {self.kind} {name!r}; known: {known}") from None
        if isinstance(entry, str):
            module, _, attr = entry.partition(":")
            entry = getattr(importlib.import_module(module), attr)
            self._entries[name] = entry
        return entry  # type: ignore[return-value]

    def names(self) -> list[str]:
        self._load()
        return sorted(self._entries)

    def __contains__(self, name: object) -> bool:
        self._load()
        return name in self._entries

    def __iter__(self) -> Iterator[str]:
        return iter(self.names())


languages: Registry[Callable[..., Any]] = Registry("language")
extractors: Registry[Callable[..., Any]] = Registry("extractor")
stores: Registry[Callable[..., Any]] = Registry("store")
exporters: Registry[Callable[..., Any]] = Registry("exporter", autoload="kg.export")

# Built-in implementations, imported only when asked for.
for _code in ("ar", "en", "fr", "ru"):
    languages.register(_code, f"kg.lang.{_code}:LANGUAGE")
extractors.register("rules", "kg.extract.rules:RuleExtractor")
stores.register("ladybug", "kg.store.ladybug:LadybugStore")
stores.register("neo4j", "kg.store.neo4j:Neo4jStore")
