"""Actor mentions in a sentence: names, titled names, roles, bodies and nationalities.

The chunker reads units by kind and builds :class:`Mention` records; a title
next to a name gives a standing relation (``LEADER_OF``, ``MINISTER_OF``, ...)
whose object comes from a nationality adjective, an ``of X`` phrase, a
possessive pointing at a named person, or, failing those, the gazetteer's
record of the person's offices on the article's date.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kg.extract.units import Unit


@dataclass(slots=True)
class Mention:
    """One actor in a sentence: units [u0, u1) of its sentence."""

    u0: int
    u1: int
    start: int
    end: int
    eid: str | None  # resolved entity id (None for unresolved roles and pronouns)
    etype: str | None
    kind: str  # name | role | body | dem | collective | pron | anaphor | new
    role: dict[str, Any] | None = None  # title payload: predicate, role, portfolio
    target: str | None = None  # the country/organisation a title points at
    possessor: Mention | None = None  # "his" / وزير خارجيته / "Zelensky's"
    counterpart: bool = False
    country: str | None = None  # for bodies, collectives and nationalities
    governed: str | None = None  # marker kind or "prep" governing it; None when free
    possessive: bool = False  # followed by English 's
    conf: float = 0.9
    candidates: list[str] = field(default_factory=list)
    body: dict[str, Any] | None = None  # orghead payload for bodies
    plural: bool = False

    @property
    def resolved(self) -> bool:
        return self.eid is not None


def governed_by(units: list[Unit], u0: int) -> str | None:
    """What governs the mention starting at unit u0: a marker just before it, or a
    glued Arabic preposition."""
    u = units[u0]
    k = u0 - 1
    # Skip determiners and honorifics between a marker and the name.
    while k >= 0 and (units[k].has("det") or units[k].has("honorific")):
        k -= 1
    if k >= 0 and units[k].has("marker"):
        kinds = units[k].kinds["marker"]
        for pref in ("agent", "with", "between", "to", "topic", "in", "including", "owner", "of",
                     "as"):
            if pref in kinds:
                return pref
    if u.prep_prefix:
        return "prep"
    return None


def possessive_after(doc_text: str, units: list[Unit], k: int) -> bool:
    """True when the unit after k is an English possessive 's."""
    if k + 1 < len(units):
        nxt = units[k + 1]
        return nxt.norm == "s" and nxt.start > 0 and doc_text[nxt.start - 1] in "’'ʼ`"
    return False


__all__ = ["Mention", "governed_by", "possessive_after"]
