"""What a language contributes: a tokeniser hook, a normaliser and its data folder.

A language is a folder ``kg/lang/<code>/`` exposing ``LANGUAGE`` (a
:class:`Language`) and a data folder ``data/lang/<code>/`` holding its
lexicon and patterns. The engine never branches on a language code: every
difference (Arabic proclitics, Russian case endings, French elision) is a
field here or an entry in the data.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

# A word: letters, digits and the combining marks Arabic writes inside words.
_TOKEN_RE = re.compile(r"[\w\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED]+|[^\s\w]")
# Characters that join or split words without meaning (hyphens, apostrophes, bidi marks).
JOINERS = frozenset("-‐‑‒–'’‘ʼ`\u200c\u200d\u200e\u200f\u061c\u00ad")


class Token(NamedTuple):
    """One token of a document: its normal form and where it stands in the text as read."""

    norm: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Language:
    """A language's hooks.

    ``fold`` maps one token to its normal form (both for the text and for the
    names and phrases looked up in it), so offsets stay token-exact.
    ``proclitics`` are the letter chains that may be glued before a name or a
    phrase inside one written word (Arabic و ف ب ل ك ال); ``enclitics`` the
    pronoun endings that may follow a lexicon word (Arabic ه ها هم).
    """

    code: str
    name: str
    fold: Callable[[str], str]
    proclitics: frozenset[str] = frozenset()
    enclitics: frozenset[str] = frozenset()
    script: str = "Latn"
    # Proper names must start with a capital letter in the text (Latin, Cyrillic).
    names_capitalised: bool = True
    # Word endings that mark a plural the fold strips (Russian президенты): "Presidents of
    # Russia and the US, Putin and Trump" pairs states and names.
    plural_endings: frozenset[str] = frozenset()
    extra: dict[str, object] = field(default_factory=dict)
    # Folded forms of tokens seen so far: news repeats its words (Zipf), folding is not free.
    _fold_cache: dict[str, str] = field(default_factory=dict, repr=False, compare=False)

    def tokenize(self, text: str) -> list[Token]:
        """Split text into tokens with their normal forms; joiners vanish."""
        fold = self.fold
        cache = self._fold_cache
        out: list[Token] = []
        append = out.append
        new = tuple.__new__  # Token(...) goes through a Python-level __new__: 3x slower
        find = text.find
        pos = 0
        # findall + find beats finditer's match objects: between two tokens there is only
        # whitespace, so the next occurrence of a token from the last end is where it stands.
        for t in _TOKEN_RE.findall(text):
            b = find(t, pos)
            pos = e = b + len(t)
            n = cache.get(t)
            if n is None:
                if t in JOINERS:
                    continue
                n = fold(t)
                if len(cache) < 200_000:
                    cache[t] = n
            if n:
                append(new(Token, (n, b, e, t)))
        return out

    def normalize_phrase(self, phrase: str) -> str:
        """The normal form of a lexicon phrase or a name: folded tokens joined by spaces."""
        return " ".join(t.norm for t in self.tokenize(phrase))


def strip_accents_casefold(s: str) -> str:
    """Latin-script folding: case and accents do not distinguish names in news."""
    s = s.casefold()
    if s.isascii():
        return s
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))
