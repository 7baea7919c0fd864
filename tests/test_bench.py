"""The benchmark suite at toy size: the generator is deterministic and writes facts the
extractor can find, and every stage runs end to end and reports its figures."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import pytest

from kg.extract.lexicon import load_lexicon
from kg.vocab import PREDICATES

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # bench/ sits beside kg/ in the checkout and is not installed
    sys.path.insert(0, str(ROOT))

from bench import common, corpus, report  # noqa: E402
from bench.grammar import CASES, Phrase, Seg, fr_article, fr_contract  # noqa: E402


# -- the generator ------------------------------------------------------------------------------
def test_generator_is_deterministic_for_a_seed() -> None:
    first = [a.record() for a in corpus.generate(12, seed=3)]
    again = [a.record() for a in corpus.generate(12, seed=3)]
    assert first == again
    other = [a.record() for a in corpus.generate(12, seed=4)]
    assert first != other
    # A smaller corpus is the start of a larger one; a later slice is the same articles.
    assert [a.record() for a in corpus.generate(5, seed=3)] == first[:5]
    assert [a.record() for a in corpus.generate(4, seed=3, start=8)] == first[8:]


def test_written_corpus_is_byte_identical_and_reused(tmp_path: Path) -> None:
    m1 = corpus.write_corpus(tmp_path / "a", 25, seed=9)
    m2 = corpus.write_corpus(tmp_path / "b", 25, seed=9, reuse=False)
    a = (tmp_path / "a" / m1["files"][0]).read_bytes()
    assert a == (tmp_path / "b" / m2["files"][0]).read_bytes()
    assert m1["articles"] == 25 and m1["text_bytes"] > 25 * 300
    before = (tmp_path / "a" / m1["files"][0]).stat().st_mtime_ns
    assert corpus.write_corpus(tmp_path / "a", 25, seed=9) == m1  # kept, not rewritten
    assert (tmp_path / "a" / m1["files"][0]).stat().st_mtime_ns == before
    recs = [json.loads(line) for line in a.decode().splitlines()]
    assert {"id", "lang", "date", "title", "text"} == set(recs[0])
    assert len({r["id"] for r in recs}) == 25


def test_articles_are_in_every_language_and_facts_point_into_the_text() -> None:
    arts = list(corpus.generate(60, seed=7))
    assert {a.lang for a in arts} == set(corpus.LANG_MIX)
    for a in arts:
        assert a.text.startswith(a.title)
        assert a.facts, a.id
        for t in a.triples():
            assert t.predicate in PREDICATES
            assert t.evidence.sentence == a.text[t.evidence.start:t.evidence.end]
            assert t.evidence.sentence.strip()
            assert t.evidence.doc_id == a.id
            spec = PREDICATES[t.predicate]
            assert t.subject.type in spec.domain and t.object.type in spec.range
            if spec.is_interaction:
                assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", t.properties["date"])
        # Slots are all filled: no template syntax or Python reprs left in the text.
        assert "{" not in a.text and "Phrase(" not in a.text


def _literal(form: str) -> str:
    text = re.sub(r"\{[^}]*\}", " ", form).replace("|", " ")
    return " ".join(text.casefold().split())


def _has(text: str, phrase: str, lang: str) -> bool:
    """Whether a lexicon phrase occurs in template text (Russian: word stems, as kg matches)."""
    phrase = " ".join(phrase.casefold().split())
    if lang != "ru":
        return phrase in text
    words, want = text.split(), phrase.split()
    stem = [w[:-2] if len(w) > 5 else w for w in want]
    return any(all(words[i + k].startswith(stem[k]) for k in range(len(want)))
               for i in range(len(words) - len(want) + 1))


@pytest.mark.parametrize("lang", sorted(corpus.LANG_MIX))
def test_templates_use_the_lexicon_titles_and_triggers(lang: str) -> None:
    tpl = corpus.templates(lang)
    lex = load_lexicon(lang)
    titles: dict[str, list[str]] = {}
    for entry in lex["titles"]:
        titles.setdefault(entry["predicate"], []).extend(entry["phrases"])
    for key, forms in tpl.titles.items():
        pred = key.split(":")[0]
        for form in forms:
            assert any(_has(_literal(form), ph, lang) for ph in titles[pred]), (lang, key, form)
    triggers: dict[str, list[str]] = {}
    for entry in lex["triggers"]:
        triggers.setdefault(entry["predicate"], []).extend(entry["phrases"])
    for pred, texts in tpl.events.items():
        for text in texts:
            assert any(_has(_literal(text), ph, lang) for ph in triggers[pred]), (lang, pred, text)


def test_russian_and_french_grammar() -> None:
    p = Phrase((Seg("министр", "noun"), Seg("иностранных дел", "fixed"),
                Seg("Сергей Лавров", "person")))
    assert format(p, "ins") == "министром иностранных дел Сергеем Лавровым"
    assert format(Phrase((Seg("Россия", "noun", animate=False),)), "acc") == "Россию"
    assert format(Phrase((Seg("Мария Захарова", "person", female=True),)), "gen") == \
        "Марии Захаровой"
    assert [format(Phrase((Seg("США", "noun", animate=False),)), c) for c in CASES] == \
        ["США"] * len(CASES)
    assert fr_article("Russie") == "la Russie" and fr_article("Iran") == "l'Iran"
    assert fr_article("États-Unis") == "les États-Unis"
    assert fr_contract("à le président et de les États-Unis") == "au président et des États-Unis"


# -- statistics ---------------------------------------------------------------------------------
def test_exponent_and_percentiles() -> None:
    assert common.fit_exponent([1, 10, 100], [2, 20, 200]) == pytest.approx(1.0)
    assert common.fit_exponent([1, 10, 100], [1, 100, 10_000]) == pytest.approx(2.0)
    assert common.fit_exponent([5], [1]) is None
    assert common.percentile([1, 2, 3, 4, 5], 50) == 3
    assert common.percentile([10, 20], 95) == pytest.approx(19.5)


# -- every stage at toy size ----------------------------------------------------------------------
@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Stages write into tmp_path instead of bench/results."""
    from bench import exports, extraction, profiles, store

    for mod in (common, store, extraction, exports, profiles):
        monkeypatch.setattr(mod, "WORK", tmp_path, raising=False)
    monkeypatch.setattr(profiles, "PROFILES", tmp_path / "profiles")
    return tmp_path


def test_every_stage_runs_at_toy_size(work: Path) -> None:
    from bench import exports, extraction, profiles, store

    res: dict[str, Any] = {}
    folder = work / "corpus"
    corpus.write_corpus(folder, 40, seed=7)
    res["extract_1"] = ex = extraction.run_extract(
        {"corpus": str(folder), "jobs": 1, "checkpoints": [20, 30, 40], "recall_docs": 20,
         "seed": 7, "warm": 10})
    assert ex["documents"] == 40 and ex["triples"] > 40 and ex["failed"] == 0
    assert ex["mb_per_s"] > 0 and len(ex["checkpoints"]) == 3
    assert ex["scaling_exponent"] is not None
    assert set(ex["by_lang"]) <= set(corpus.LANG_MIX)
    # The corpus exercises the real extraction paths: most generated facts are found.
    assert ex["agreement"]["found"] > 0.4, ex["agreement"]
    res["spacy"] = sp = extraction.run_spacy({"corpus": str(folder)})
    assert "skipped" in sp or sp["mb_per_s"] > 0

    res["load"] = ld = store.run_load({"seed": 7, "articles": 10, "days": 1, "per_day": 3})
    assert ld["same_counts"], ld  # the COPY baseline holds exactly what the loader wrote
    assert ld["bulk"]["relationships"] > 30 and ld["incremental"]["days"][0]["triples"] > 0
    qpath = work / "qstore"
    res["query_store"] = qs = store.run_build_query_store(
        {"seed": 7, "target": 150, "path": str(qpath)})
    assert qs["relationships"] >= 150 and not qs["cached"]
    assert store.run_build_query_store({"seed": 7, "target": 150, "path": str(qpath)})["cached"]
    res["queries"] = q = store.run_queries({"path": str(qpath), "runs": 2, "budget_s": 0.2})
    assert q["relationships"] == qs["relationships"]
    for name, v in q["named"].items():
        assert "error" not in v, (name, v)
    for v in q["two_hop"]["entities"].values():
        assert v["variable_length"]["same_as_networkx"] and v["two_steps"]["same_as_networkx"]

    res["exports"] = exp = exports.run_exports({"seed": 7, "articles": 15})
    assert exp["turtle"]["rdf_triples"] > 0 and exp["parquet"]["rows"] > exp["edges"]
    assert exp["rdflib"]["parsed_triples"] == exp["turtle"]["rdf_triples"]
    res["html"] = html = exports.run_html({"sizes": [40]})
    assert html["40"]["nodes"] == 40 and html["40"]["mb"] > 0

    prof = profiles.run_profile_extract({"corpus": str(folder), "documents": 10})
    assert (work / "profiles" / "extract.html").exists() and prof["kg_total"]
    res["profiles"] = {"extract": prof}

    tgts = report.targets(res)
    assert {t["status"] for t in tgts} <= {"met", "MISSED", "not measured"}
    text = report.table(res, tgts, {})
    assert text.index("== ratios") < text.index("== extraction") < text.index("== targets")
    assert "bulk load" in text and "HTML view, 40 nodes" in text


def test_a_stage_runs_in_a_child_and_reports_its_memory(tmp_path: Path) -> None:
    out = common.run_child("corpus:run_write", {"n": 3, "seed": 1, "out": str(tmp_path / "c")})
    assert out["articles"] == 3 and out["_peak_rss_mb"] > 10 and out["_wall_s"] > 0
    with pytest.raises(common.StageError, match="KeyError"):
        common.run_child("corpus:run_write", {"seed": 1})
