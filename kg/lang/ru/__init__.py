"""Russian: tokens are lower-cased and stemmed (Snowball), so Путина and Путиным find Путин."""

from __future__ import annotations

import snowballstemmer

from kg.lang.base import Language

_stemmer = snowballstemmer.stemmer("russian")
_cache: dict[str, str] = {}


def fold(token: str) -> str:
    """Lower-case, ё -> е, then the Snowball stem; cached because news repeats its words."""
    hit = _cache.get(token)
    if hit is not None:
        return hit
    low = token.lower().replace("ё", "е")
    out = _stemmer.stemWord(low) if low.isalpha() and len(low) > 3 else low
    if len(_cache) < 500_000:
        _cache[token] = out
    return out


LANGUAGE = Language(code="ru", name="Russian", fold=fold, script="Cyrl")
