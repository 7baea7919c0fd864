"""A sentence as a row of units: matched phrases and the plain tokens between them.

The rules read units by *kind* (``ent``, ``dem``, ``title``, ``trigger``,
``marker``, ...), never by word, which is what keeps every language in data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kg.extract.document import Doc, Sentence

PUNCT_COMMA = {",", "،", "、", ";", "؛"}
_PUNCT_ONLY = frozenset({"punct"})


@dataclass(slots=True)
class Unit:
    i: int  # token span [i, j)
    j: int
    start: int  # character span in the document
    end: int
    kinds: dict[str, list[Any]] = field(default_factory=dict)
    prefix: str = ""  # proclitic chain (folded), Arabic
    suffix: str = ""  # enclitic (folded), Arabic
    text: str = ""
    norm: str = ""

    def has(self, kind: str) -> bool:
        return kind in self.kinds

    def first(self, kind: str) -> Any:
        vals = self.kinds.get(kind)
        return vals[0] if vals else None

    @property
    def raw(self) -> bool:
        return not self.kinds or self.kinds.keys() <= _PUNCT_ONLY

    @property
    def is_comma(self) -> bool:
        return self.first("punct") in PUNCT_COMMA

    @property
    def is_punct(self) -> bool:
        return "punct" in self.kinds

    @property
    def conj_prefix(self) -> bool:
        """Arabic و/ف glued before the word: 'and'."""
        return self.prefix[:1] in ("و", "ف")

    @property
    def prep_prefix(self) -> bool:
        """Arabic ب/ل/ك glued before the word: a preposition governs it."""
        p = self.prefix.lstrip("وف")
        return p[:1] in ("ب", "ل", "ك")


# Kinds of hits that can start an actor mention; a sentence with none yields no relation.
ACTOR_KINDS = frozenset({"ent", "dem", "title", "counterpart", "orghead", "anaphor",
                         "relative", "orelative", "collective"})
_NO_KINDS: dict[str, list[Any]] = {}


def has_actor(sent: Sentence) -> bool:
    return any(p.kind in ACTOR_KINDS for h in sent.hits for p in h.payloads)


def sentence_units(doc: Doc, sent: Sentence) -> list[Unit]:
    """Units of one sentence in token order."""
    units: list[Unit] = []
    append = units.append
    unit = Unit
    tokens = doc.tokens
    text = doc.text
    no_kinds = _NO_KINDS  # plain words share one empty kinds table (never written to)
    k = sent.t0
    # Hits are sorted and never overlap (the matcher keeps the longest).
    for hit in (*sent.hits, None):
        stop = sent.t1 if hit is None else hit.i
        while k < stop:
            norm, start, end, word = tokens[k]
            append(unit(k, k + 1, start, end,
                        no_kinds if word[0].isalnum() else {"punct": [word]}, "", "", word,
                        norm))
            k += 1
        if hit is None or hit.i < k:
            continue
        kinds: dict[str, list[Any]] = {}
        for p in hit.payloads:
            if p.kind in kinds:
                kinds[p.kind].append(p.value)
            else:
                kinds[p.kind] = [p.value]
        append(unit(hit.i, hit.j, hit.start, hit.end, kinds, hit.prefix, hit.suffix,
                    text[hit.start:hit.end],
                    tokens[hit.i].norm if hit.j == hit.i + 1
                    else " ".join([t.norm for t in tokens[hit.i:hit.j]])))
        k = hit.j
    return units
