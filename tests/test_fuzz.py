"""Property-based tests: arbitrary bytes and Unicode never crash ingest, tokenising, matching,
extraction or the JSON Lines reader, and every offset points back into the text.

Text is drawn from a mix that scraped news really holds: names the
gazetteer knows (so the matcher and the rules fire), Arabic and Cyrillic,
bidi controls (U+202A-U+202E, U+2066-U+2069), ZWJ/ZWNJ, combining marks,
soft hyphens, tatweel, very long tokens and lines, and arbitrary code points.
Example counts are bounded so the file runs in well under a minute.
"""

from __future__ import annotations

import contextlib
import itertools
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from kg.errors import InputError
from kg.ingest import Skipped, read_articles
from kg.ingest.decode import decode_report
from kg.lang import get_language, supported
from kg.model import Article

FAST = settings(max_examples=100, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])

CONTROLS = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068",
            "\u2069", "\u200c", "\u200d", "\u200e", "\u200f", "\u061c", "\u00ad", "\u0640",
            "\ufeff", "\u0651", "\u064e", "\u0301", "\u00a0", "\u2028", "\r\n", "\t"]
WORDS = [
    "Vladimir Putin", "Putin", "Emmanuel Macron", "President", "called", "met", "Russia",
    "Kazakhstan", "NATO", "CSTO", "U.S.", "Moscow", "said", "on Monday", "the", ".", ",", "'s",
    "بوتين", "الرئيس", "الروسي", "فلاديمير", "اتصالا", "هاتفيا", "مع", "وبحث", "للرئيس",
    "كازاخستان", "الخارجية", "Путин", "президент", "России", "позвонил", "Макрону",
    "Le président", "français", "l'Élysée", "«", "»", "—", "2022-01-06", "6 January 2022",
    "İstanbul", "ß", "ǅ", "ﬁ", "Ⅻ", "𝔘𝔫𝔦", "👩‍👩‍👧", "中国", "\u0130stanbul",
]


def pieces() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(WORDS), st.sampled_from(CONTROLS),
        st.text(max_size=12),
        st.text(alphabet=st.characters(min_codepoint=0x0600, max_codepoint=0x06FF), max_size=8),
        st.text(alphabet=st.characters(min_codepoint=0x0400, max_codepoint=0x04FF), max_size=8),
        st.integers(1, 3000).map(lambda n: "x" * n),  # very long tokens
        st.integers(1, 400).map(lambda n: "بوتين" * n),
    )


def texts(max_pieces: int = 40) -> st.SearchStrategy[str]:
    sep = st.sampled_from([" ", "", "\n", ". ", "\n\n", *CONTROLS])
    return st.lists(st.tuples(pieces(), sep), max_size=max_pieces).map(
        lambda parts: "".join(p + s for p, s in parts))


# Sentences the rules extract from, in the four languages: perturbed, they keep the matcher
# and the rules busy, so the offset properties are checked on real triples.
SEEDS = [
    "Russian President Vladimir Putin held a phone call with French President Emmanuel "
    "Macron on Monday.",
    "US President Joe Biden met German Chancellor Olaf Scholz in Berlin on Friday.",
    "Finland joined NATO in April 2023.", "Russia attacked Ukraine on 24 February 2022.",
    "أجرى الرئيس الروسي فلاديمير بوتين اتصالا هاتفيا مع الرئيس الكازاخستاني قاسم جومارت "
    "توكاييف.",
    "فرض الاتحاد الأوروبي عقوبات على بيلاروس.",
    "Президент России Владимир Путин провёл телефонный разговор с президентом Франции "
    "Эмманюэлем Макроном.",
    "Le président français Emmanuel Macron a reçu le président sénégalais Macky Sall à "
    "l’Élysée.",
]


def _perturb(seeds: list[str], inserts: list[tuple[int, str]]) -> str:
    text = " ".join(seeds)
    for pos, piece in inserts:
        at = pos % (len(text) + 1)
        text = text[:at] + piece + text[at:]
    return text


def news() -> st.SearchStrategy[str]:
    """Real sentences with arbitrary pieces (controls, long tokens, noise) put anywhere."""
    return st.builds(_perturb, st.lists(st.sampled_from(SEEDS), min_size=1, max_size=4),
                     st.lists(st.tuples(st.integers(0, 10**6), pieces()), max_size=6))


# -- decoding and ingest -------------------------------------------------------------------------
@FAST
@given(st.binary(max_size=3000))
def test_decode_arbitrary_bytes_either_text_or_a_located_refusal(data: bytes) -> None:
    try:
        text, _ = decode_report(data, path="f.txt")
    except InputError as e:
        assert str(e).startswith("f.txt") and e.reason
        return
    assert isinstance(text, str)
    text.encode("utf-8")  # no lone surrogates ever come out


@FAST
@given(st.lists(st.one_of(texts(8).map(lambda t: t.encode("utf-8")), st.binary(max_size=200),
                          texts(8).map(lambda t: t.encode("cp1256", "ignore"))), max_size=6))
def test_decode_mixed_lines_keeps_every_utf8_line(chunks: list[bytes]) -> None:
    data = b"\n".join(c.replace(b"\n", b" ") for c in chunks)
    if data.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")):
        return  # a UTF-16/32 byte-order mark decides for the whole file
    try:
        text, _ = decode_report(data)
    except InputError:
        return
    data = data.removeprefix(b"\xef\xbb\xbf")
    for raw, line in zip(data.split(b"\n"), text.split("\n"), strict=True):
        with contextlib.suppress(UnicodeDecodeError):
            assert line == raw.decode("utf-8")


@FAST
@given(data=st.binary(max_size=2000), suffix=st.sampled_from([".txt", ".html", ".jsonl",
                                                             ".md", ".bin"]))
def test_ingest_of_arbitrary_bytes_never_raises(tmp_path_factory: pytest.TempPathFactory,
                                                data: bytes, suffix: str) -> None:
    folder = tmp_path_factory.mktemp("bytes")
    (folder / f"input{suffix}").write_bytes(data)
    skipped: list[Skipped] = []
    arts = list(read_articles([folder], on_skip=skipped.append))
    for a in arts:
        assert a.text.strip() and a.id
        a.text.encode("utf-8")
    for s in skipped:
        assert s.reason and s.path.endswith(f"input{suffix}")
        assert s.line is None or s.line >= 1
    assert arts or skipped or suffix == ".jsonl"  # nothing silent (a JSONL of blanks: a note)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda kids: st.lists(kids, max_size=3) | st.dictionaries(st.text(max_size=5), kids,
                                                             max_size=3), max_leaves=8)
records = st.fixed_dictionaries(
    {}, optional={"id": json_values, "text": st.one_of(texts(10), json_values),
                  "title": json_values, "date": json_values, "url": json_values,
                  "lang": st.sampled_from(["en", "ar", "xx", ""]), "extra": json_values})
lines = st.one_of(records.map(lambda r: json.dumps(r, ensure_ascii=False)),
                  records.map(json.dumps), json_values.map(json.dumps), st.text(max_size=60),
                  st.just("{broken"), st.just(""), st.just('{"text": "\\ud800 lone"}'))


@FAST
@given(st.lists(lines, min_size=1, max_size=12))
def test_jsonl_reader_on_arbitrary_lines(tmp_path_factory: pytest.TempPathFactory,
                                         rows: list[str]) -> None:
    path = tmp_path_factory.mktemp("jsonl") / "feed.jsonl"
    path.write_text("\n".join(r.replace("\n", " ").replace("\r", " ") for r in rows) + "\n",
                    encoding="utf-8", errors="surrogatepass")
    skipped: list[Skipped] = []
    notes: list[str] = []
    arts = list(read_articles([path], on_skip=skipped.append, on_note=notes.append))
    n_lines = len(rows)
    for a in arts:
        assert isinstance(a.id, str) and a.id and a.text.strip()
        a.text.encode("utf-8")
        a.id.encode("utf-8")
        assert a.source is not None and 1 <= int(a.source.rsplit(":", 1)[1]) <= n_lines
    for s in skipped:
        assert s.line is None or 1 <= s.line <= n_lines
        json.dumps(s.to_dict(), ensure_ascii=False).encode("utf-8")
    assert len(arts) + len([s for s in skipped if s.line]) <= n_lines


# -- tokenising and normalising -------------------------------------------------------------------
@FAST
@given(text=st.one_of(texts(), news()), code=st.sampled_from(sorted(supported())))
def test_tokens_point_into_the_text(text: str, code: str) -> None:
    lang = get_language(code)
    toks = lang.tokenize(text)
    last = 0
    for t in toks:
        assert 0 <= t.start < t.end <= len(text)
        assert text[t.start:t.end] == t.text
        assert t.norm and t.start >= last
        last = t.end
    phrase = lang.normalize_phrase(text)
    assert phrase == " ".join(t.norm for t in toks)


# -- the matcher and the rule extractor ---------------------------------------------------------
@FAST
@given(text=st.one_of(texts(), news()), code=st.sampled_from(sorted(supported())))
def test_matcher_hits_lie_inside_the_document(text: str, code: str) -> None:
    from kg.extract.lexicon import matcher_for

    lang = get_language(code)
    toks = lang.tokenize(text)
    hits = matcher_for(code).find(toks, text)
    event(f"hits: {min(len(hits), 3)}")
    for h in hits:
        assert 0 <= h.start <= h.end <= len(text)
        assert 0 <= h.i < h.j <= len(toks)
        assert toks[h.i].start <= h.start and h.end <= toks[h.j - 1].end
        assert h.payloads
    spans = sorted((h.i, h.j) for h in hits)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))  # no overlaps


@settings(max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(text=st.one_of(news(), texts(60)), code=st.sampled_from([None, *sorted(supported())]),
       date=st.one_of(st.none(), st.sampled_from(["2022-01-06", "2022-13-45", "1999", "x"])))
def test_rule_extractor_evidence_is_the_text_at_its_offsets(text: str, code: str | None,
                                                            date: str | None) -> None:
    import kg

    art = Article("fuzz-1", text, code, date)
    triples, ents = kg.extract_article(art)
    event(f"triples: {min(len(triples), 3)}")
    for t in triples:
        ev = t.evidence
        assert 0 <= ev.start <= ev.end <= len(text)
        assert ev.sentence == text[ev.start:ev.end]
        assert ev.doc_id == "fuzz-1"
        json.dumps(t.to_dict(), ensure_ascii=False).encode("utf-8")
    for e in ents:
        assert e.id and e.label


def test_rule_extractor_on_adversarial_documents() -> None:
    """Fixed worst cases: one 200 000-character token, a line of names, controls only."""
    import kg

    cases = ["x" * 200_000, ("Vladimir Putin met Emmanuel Macron " * 2000).strip(),
             "".join(CONTROLS) * 500, "بوتين" * 20_000 + " " + "الرئيس " * 5000,
             "\u202eVladimir Putin\u202c called \u2067Emmanuel Macron\u2069 on Monday."]
    for text in cases:
        triples, _ = kg.extract_article(Article("adv", text, None))
        for t in triples:
            assert t.evidence.sentence == text[t.evidence.start:t.evidence.end]


def test_a_long_line_decodes_and_ingests_quickly(tmp_path: Path) -> None:
    import time

    line = ("بوتين يتصل بماكرون " * 100_000).encode("cp1256")  # 1.9 MB, one line
    (tmp_path / "long.txt").write_bytes(line)
    t0 = time.perf_counter()
    (art,) = read_articles([tmp_path / "long.txt"])
    assert time.perf_counter() - t0 < 5
    assert art.text.startswith("بوتين يتصل")
