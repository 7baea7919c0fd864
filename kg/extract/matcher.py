"""One multi-pattern matcher per language over folded tokens (Aho-Corasick).

Names from the gazetteer and phrases from the language's lexicon are folded
with the language's own ``fold`` and compiled once into an
``ahocorasick_rs`` automaton over the space-joined token forms. A hit counts
only where it starts at a token start (or, in languages with proclitics,
after a valid proclitic chain inside the first token) and ends at a token end
(or before an allowed enclitic, for lexicon phrases that allow one).
Overlaps are resolved longest-first.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass, replace
from itertools import accumulate
from typing import NamedTuple

import ahocorasick_rs

from kg.lang.base import Language, Token


@dataclass(frozen=True, slots=True)
class Payload:
    """What a phrase means: ``kind`` (ent, dem, title, trigger, marker, ...) and its value."""

    kind: str
    value: object
    case_sensitive: bool = False  # all-capital acronyms: only in capitals
    proper: bool = False  # a proper name: capitalised in the text (Latin, Cyrillic)
    enclitic_ok: bool = False  # may be followed by a pronoun ending (Arabic)
    after_lam: bool = False  # a variant only valid after the preposition ل (ل + ال -> لل)


class Hit(NamedTuple):
    """One accepted match: tokens [i, j) and the character span in the text as read."""

    i: int
    j: int
    start: int
    end: int
    payloads: tuple[Payload, ...]
    prefix: str = ""  # proclitic chain glued before it (folded)
    suffix: str = ""  # enclitic glued after it (folded)


def _is_acronym(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and len(letters) <= 6


class Matcher:
    """Compile phrases once, then find them in any number of documents."""

    def __init__(self, language: Language, entries: Iterable[tuple[str, Payload]]):
        self.language = language
        table: dict[str, list[Payload]] = {}
        fold_phrase = language.normalize_phrase
        for phrase, payload in entries:
            norm = fold_phrase(phrase)
            if not norm:
                continue
            if payload.kind in ("ent",) and not payload.case_sensitive and _is_acronym(phrase):
                payload = replace(payload, case_sensitive=True)
            self._add(table, norm, payload)
            if language.proclitics and norm.startswith("ال") and len(norm.split(" ")[0]) > 3:
                # ل + ال is written لل: index the form without the alef, valid after ل only.
                self._add(table, "ل" + norm[2:], replace(payload, after_lam=True))
            if payload.enclitic_ok and language.enclitics and norm.endswith("ه"):
                # Ta marbuta before a pronoun ending is written ت: خارجية + ه -> خارجيته.
                self._add(table, norm[:-1] + "ت", payload)
        self.patterns = list(table)
        self.payloads = [tuple(table[p]) for p in self.patterns]
        # Whether a pattern's hits need a look at the text as written (capitals): most do not.
        caps = language.names_capitalised
        self._case_check = [any(p.case_sensitive or (p.proper and caps) for p in pl)
                            for pl in self.payloads]
        # ... and whether a hit standing alone (no proclitic, no enclitic) keeps every payload.
        self._plain_ok = [not (check or any(p.after_lam for p in pl))
                          for check, pl in zip(self._case_check, self.payloads, strict=True)]
        # Without proclitics a hit can only start at a token: every token is marked with a
        # sentinel and the automaton returns leftmost-longest hits only, instead of every
        # overlapping sub-match (far fewer candidates to check in Python).
        self._plain = not language.proclitics
        if not self.patterns:
            self._ac = None
        elif self._plain:
            self._ac = ahocorasick_rs.AhoCorasick(
                [_MARK + p.replace(" ", " " + _MARK) for p in self.patterns],
                matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)
        else:
            self._ac = ahocorasick_rs.AhoCorasick(self.patterns)

    def _find_plain(self, tokens: list[Token], text: str) -> list[Hit]:
        return _find_plain_impl(self, tokens, text)

    @staticmethod
    def _add(table: dict[str, list[Payload]], norm: str, payload: Payload) -> None:
        bucket = table.setdefault(norm, [])
        if payload not in bucket:
            bucket.append(payload)

    def find(self, tokens: list[Token], text: str) -> list[Hit]:
        """All accepted hits in a tokenised document, non-overlapping, in text order."""
        if not tokens or self._ac is None:
            return []
        if self._plain:
            return self._find_plain(tokens, text)
        starts: list[int] = []
        ends: list[int] = []
        pos = 0
        for t in tokens:
            starts.append(pos)
            pos += len(t.norm)
            ends.append(pos)
            pos += 1
        s = " ".join([t.norm for t in tokens])
        n_s = len(s)
        lang = self.language
        proclitics = lang.proclitics
        enclitics = lang.enclitics
        capitalised = lang.names_capitalised
        payloads_of = self.payloads
        plain_ok = self._plain_ok
        candidates: list[Hit] = []
        append = candidates.append
        bisect_right = bisect.bisect_right
        for idx, ms, me in self._ac.find_matches_as_indexes(s, overlapping=True):
            # Token boundaries are spaces in the joined string: a character test is enough
            # to reject a hit inside a word before any lookup.
            prefix = ""
            if ms and s[ms - 1] != " ":
                if not proclitics:
                    continue
                ts = s.rfind(" ", 0, ms) + 1
                prefix = s[ts:ms]
                if prefix not in proclitics:
                    continue
            suffix = ""
            if me < n_s and s[me] != " ":
                if not enclitics:
                    continue
                te = s.find(" ", me)
                suffix = s[me:te if te >= 0 else n_s]
                if suffix not in enclitics:
                    continue
            i = bisect_right(starts, ms) - 1
            j = bisect_right(starts, me) - 1
            payloads = payloads_of[idx]
            if not prefix and not suffix and plain_ok[idx]:
                append(Hit(i, j + 1, tokens[i].start, tokens[j].end, payloads, "", ""))
                continue
            ok = []
            future_prefix = prefix.endswith("س")
            for p in payloads:
                if suffix and not p.enclitic_ok:
                    continue
                if future_prefix and p.kind != "trigger":
                    continue  # س glues only onto verbs
                if p.after_lam and not prefix.endswith("ل"):
                    continue
                if _written_as(p, text, tokens, i, j, capitalised):
                    ok.append(p)
            if not ok:
                continue
            start = tokens[i].start
            if prefix:
                start += _orig_offset(tokens[i], len(prefix), lang)
            end = tokens[j].end - (_orig_tail(tokens[j], len(suffix), lang) if suffix else 0)
            append(Hit(i, j + 1, start, end, tuple(ok), prefix, suffix))
        return _longest_first(candidates)


_MARK = "\x02"


def _written_as(p: Payload, text: str, tokens: list[Token], i: int, j: int,
                capitalised: bool) -> bool:
    """An acronym must be written in capitals (US, not us); a proper name, where the
    script has capitals, must start with one (May, not may)."""
    if not (p.case_sensitive or (p.proper and capitalised)):
        return True
    orig = text[tokens[i].start:tokens[j].end]
    if p.case_sensitive and not _is_acronym(orig.replace(".", "")):
        return False
    return not (p.proper and not orig[:1].isupper())


def _find_plain_impl(m: Matcher, tokens: list[Token], text: str) -> list[Hit]:
    norms = [t[0] for t in tokens]
    # Where each token starts in the joined string: the mark, the token, the space.
    starts = list(accumulate([len(n) + 2 for n in norms], initial=0))
    s = _MARK + (" " + _MARK).join(norms)
    n_s = len(s)
    payloads_of = m.payloads
    case_check = m._case_check
    capitalised = m.language.names_capitalised
    out: list[Hit] = []
    append = out.append
    new = tuple.__new__
    bisect_right = bisect.bisect_right
    for idx, ms, me in m._ac.find_matches_as_indexes(s):  # type: ignore[union-attr]
        if me < n_s and s[me] != " ":
            continue  # ends inside a word
        i = bisect_right(starts, ms) - 1
        j = bisect_right(starts, me - 1) - 1
        ok = payloads_of[idx]
        if case_check[idx]:
            ok = tuple(p for p in ok if _written_as(p, text, tokens, i, j, capitalised))
            if not ok:
                continue
        append(new(Hit, (i, j + 1, tokens[i][1], tokens[j][2], ok, "", "")))
    return out


def _orig_offset(tok: Token, folded_offset: int, lang: Language) -> int:
    """Character offset in the token as written for an offset in its folded form."""
    if folded_offset <= 0:
        return 0
    fold = lang.fold
    n = 0
    for k, ch in enumerate(tok.text):
        if n >= folded_offset:
            return k
        n += len(fold(ch)) if lang.proclitics else 1
    return len(tok.text)


def _orig_tail(tok: Token, folded_len: int, lang: Language) -> int:
    """Length in the token as written of its last ``folded_len`` folded characters."""
    fold = lang.fold
    n = 0
    for k in range(len(tok.text) - 1, -1, -1):
        n += len(fold(tok.text[k])) if lang.proclitics else 1
        if n >= folded_len:
            return len(tok.text) - k
    return len(tok.text)


def _longest_first(cands: list[Hit]) -> list[Hit]:
    """Keep the longest hits (in tokens, then characters); ties keep all their payloads."""
    cands.sort(key=lambda h: (-(h.j - h.i), -(h.end - h.start), h.i))
    taken: list[Hit] = []
    used: set[int] = set()
    for h in cands:
        span = range(h.i, h.j)
        if any(k in used for k in span):
            continue
        used.update(span)
        taken.append(h)
    taken.sort(key=lambda h: h.i)
    return taken
