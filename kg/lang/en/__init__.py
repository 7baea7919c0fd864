"""English: case- and accent-folded tokens; the possessive 's is its own token."""

from kg.lang.base import Language, strip_accents_casefold

LANGUAGE = Language(code="en", name="English", fold=strip_accents_casefold)
