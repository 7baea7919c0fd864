"""Languages: one folder each (ar, en, fr, ru), looked up through ``kg.registry.languages``."""

from __future__ import annotations

import functools

from kg.lang.base import Language, Token
from kg.registry import languages


@functools.cache
def get_language(code: str) -> Language:
    """The :class:`Language` registered under ``code`` (unknown codes list the known ones)."""
    return languages.get(code)


def supported() -> list[str]:
    return languages.names()


__all__ = ["Language", "Token", "get_language", "supported"]
