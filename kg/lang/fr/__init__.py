"""French: case- and accent-folded tokens; elided articles (l', d', qu') are split off."""

from kg.lang.base import Language, strip_accents_casefold

LANGUAGE = Language(code="fr", name="French", fold=strip_accents_casefold)
