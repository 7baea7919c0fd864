"""Russian: lower-cased tokens with one case ending stripped, so Путина, Путину and
Путиным all find Путин, and Токаевым finds Токаев.

A general-purpose stemmer (Snowball) over-stems names in the nominative
(Токаев -> тока, but Токаевым -> токаев), so names would match in some cases
and not others. Stripping only inflectional endings, the same way for the text
and for the names looked up in it, keeps every case of a name on one key.
"""

from __future__ import annotations

from kg.lang.base import Language

# Case, number and gender endings, longest first. No -ов/-ев (they end surnames) and
# no -ей (Сергей/Сергея must meet at серге-).
_ENDINGS = tuple(sorted((
    "иями", "ями", "ами", "ием", "ией", "иях", "ого", "его", "ому", "ему", "ыми", "ими",
    "ая", "яя", "ое", "ее", "ие", "ые", "ий", "ый", "ой", "ую", "юю", "их", "ых", "ым", "им",
    "ом", "ем", "ам", "ям", "ах", "ях", "ия", "ии", "ию", "ью",
    "а", "я", "о", "е", "у", "ю", "ы", "и", "ь", "й",
), key=len, reverse=True))


def fold(token: str) -> str:
    """Lower-case, ё -> е, then strip one inflectional ending (keeping at least 3 letters).

    Not cached here: ``Language.tokenize`` keeps every token's folded form already.
    """
    low = token.lower().replace("ё", "е")
    if len(low) > 3 and low.isalpha():
        for end in _ENDINGS:
            if low.endswith(end) and len(low) - len(end) >= 3:
                return low[: -len(end)]
    return low


LANGUAGE = Language(code="ru", name="Russian", fold=fold, script="Cyrl",
                    plural_endings=frozenset({"ы", "и"}))
