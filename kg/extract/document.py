"""One article prepared for the rules: page furniture masked, sentences, tokens, hits.

Offsets everywhere are into ``Article.text`` as read, so evidence can always
be cut back out of the document.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field

from kg.extract.matcher import Hit, Matcher
from kg.lang.base import Language, Token
from kg.model import Article

# Abbreviations after which a full stop does not end a sentence.
_ABBREV = {"mr", "mrs", "ms", "dr", "st", "lt", "gen", "col", "maj", "brig", "sgt", "gov",
           "sen", "rep", "jr", "sr", "no", "vs", "etc", "inc", "co", "corp", "m", "mme",
           "mlle", "prof", "adm", "capt", "cmdr", "rev", "hon", "fig", "jan", "feb", "aug",
           "sept", "oct", "nov", "dec", "г", "гг", "им", "т", "д", "ул"}
# Lines this short that a page repeats are mastheads, bylines and captions.
FURNITURE_MAX_WORDS = 12


@dataclass(slots=True)
class Sentence:
    start: int
    end: int
    t0: int  # first token index
    t1: int  # one past the last token index
    hits: list[Hit] = field(default_factory=list)

    def text(self, doc: Doc) -> str:
        return doc.text[self.start:self.end]


@dataclass
class Doc:
    article: Article
    lang: Language
    tokens: list[Token]
    sentences: list[Sentence]
    masked: list[tuple[int, int]]  # character spans of page furniture

    @property
    def text(self) -> str:
        return self.article.text


def furniture_spans(text: str) -> list[tuple[int, int]]:
    """Spans of lines a scraped page repeats (mastheads, bylines, captions).

    A short line that occurs twice or more is furniture everywhere; a long
    repeated line (a pull quote) is kept once, its repeats masked.
    """
    lines = []
    pos = 0
    for raw in text.splitlines(keepends=True):
        body = raw.strip()
        lines.append((pos, pos + len(raw.rstrip("\r\n")), body))
        pos += len(raw)
    keys = {b: _line_key(b) for _, _, b in lines if b}  # each distinct line keyed once
    counts = Counter(keys[b] for _, _, b in lines if b)
    if max(counts.values(), default=0) < 2:
        return []  # most articles repeat nothing
    spans = []
    seen: set[str] = set()
    for s, e, body in lines:
        if not body:
            continue
        key = keys[body]
        if counts[key] < 2:
            continue
        if len(body.split()) <= FURNITURE_MAX_WORDS or key in seen:
            spans.append((s, e))
        seen.add(key)
    return spans


_NON_WORD = re.compile(r"[\W_]+")


def _line_key(line: str) -> str:
    return _NON_WORD.sub(" ", line.casefold()).strip()


_WORD_BEFORE_DOT = re.compile(r"(\w+)\.$")
_SENT_END = re.compile(r"[.!?؟]+[\"'”’»)\]]*(?=\s|$)|\n\s*\n|\n")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans: at . ! ? ؟ before a space (not after abbreviations or initials)
    and at line breaks (headlines and list items are sentences of their own)."""
    spans = []
    start = 0
    for m in _SENT_END.finditer(text):
        end = m.end()
        if m.group(0)[0] == ".":
            prev = _WORD_BEFORE_DOT.search(text, max(start, m.start() - 24), m.start() + 1)
            word = prev.group(1) if prev else ""
            if word.lower() in _ABBREV or (len(word) == 1 and word.isupper()):
                continue
            nxt = text[end:end + 3].lstrip()
            if nxt[:1].islower() and nxt[:1].isascii():
                continue
        _add_span(text, start, end, spans)
        start = end
    _add_span(text, start, len(text), spans)
    return spans


def _add_span(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


def prepare(article: Article, lang: Language, matcher: Matcher) -> Doc:
    """Tokenise and match once, then cut into sentences outside page furniture."""
    text = article.text
    tokens = lang.tokenize(text)
    hits = matcher.find(tokens, text)
    masked = furniture_spans(text)
    sentences: list[Sentence] = []
    tok_starts = [t.start for t in tokens]
    hi = 0
    for s, e in split_sentences(text):
        if any(ms <= s and e <= me for ms, me in masked):
            continue
        t0 = bisect.bisect_left(tok_starts, s)
        t1 = bisect.bisect_left(tok_starts, e)
        sent = Sentence(s, e, t0, t1)
        while hi < len(hits) and hits[hi].start < s:
            hi += 1
        k = hi
        while k < len(hits) and hits[k].end <= e:
            sent.hits.append(hits[k])
            k += 1
        sentences.append(sent)
    return Doc(article, lang, tokens, sentences, masked)
