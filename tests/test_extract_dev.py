"""Extraction against the real dev articles and their gold triples (../shared/corpus/dev).

The dev set is a sample, not the target: these tests guard the measured
level from sliding back, and per-language checks keep each language honest.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.eval import evaluate
from kg.extract.rules import RuleExtractor
from kg.resolve.gazetteer import load

DEV = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "dev"
pytestmark = pytest.mark.skipif(not (DEV / "gold.jsonl").exists(),
                                reason=f"dev corpus not found at {DEV}")


@pytest.fixture(scope="module")
def report():
    gz = load()
    ex = RuleExtractor(gz)
    return evaluate(DEV / "gold.jsonl", DEV, lambda a: ex.extract(a)[0], gz)


def test_overall_f1(report):
    o = report.overall
    assert o.f1 >= 0.90, f"F1 {o.f1:.3f} (P {o.precision:.3f}, R {o.recall:.3f})"


def test_precision_per_language(report):
    for lang, c in report.by_lang.items():
        assert c.precision >= 0.80, f"{lang}: P {c.precision:.3f}"


def test_recall_per_language(report):
    for lang, c in report.by_lang.items():
        assert c.recall >= 0.60, f"{lang}: R {c.recall:.3f}"


def test_evidence_is_the_text_at_its_offsets():
    from kg.ingest import read_articles

    ex = RuleExtractor()
    n = 0
    for art in read_articles([DEV]):
        triples, entities = ex.extract(art)
        ids = {e.id for e in entities}
        for t in triples:
            ev = t.evidence
            assert art.text[ev.start:ev.end] == ev.sentence
            assert ev.doc_id == art.id
            assert t.subject.id in ids and t.object.id in ids
            n += 1
    assert n > 50
