"""Scoring extraction against gold triples, by the contract's matching rule.

A predicted triple matches a gold one when subject label, predicate and
object label agree; labels are compared case- and accent-insensitively after
the gazetteer's aliases are resolved, ``A|B`` in gold means either, and the
symmetric predicates match in either direction. Triples the gold marks
``optional`` are neither required nor penalised. Precision, recall and F1
are micro-averaged over documents, and broken down per predicate and per
language.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import InputError
from kg.model import Article, Triple
from kg.resolve.gazetteer import Gazetteer, fold_label
from kg.vocab import SYMMETRIC


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, float | int]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn,
                "precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4)}


@dataclass
class Report:
    overall: Counts = field(default_factory=Counts)
    by_predicate: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    by_lang: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    misses: list[tuple[str, list[str]]] = field(default_factory=list)  # (doc, gold triple)
    false_hits: list[tuple[str, list[str]]] = field(default_factory=list)  # (doc, triple)

    def tally(self, kind: str, predicate: str, lang: str) -> None:
        """Count one ``tp``, ``fp`` or ``fn`` overall, for its predicate and its language."""
        for c in (self.overall, self.by_predicate[predicate], self.by_lang[lang]):
            setattr(c, kind, getattr(c, kind) + 1)

    def to_dict(self) -> dict[str, Any]:
        return {
            "overall": self.overall.to_dict(),
            "by_predicate": {k: v.to_dict() for k, v in sorted(self.by_predicate.items())},
            "by_lang": {k: v.to_dict() for k, v in sorted(self.by_lang.items())},
        }


class LabelKeys:
    """The comparable keys of a written label: its folded text and the ids it names."""

    def __init__(self, gz: Gazetteer) -> None:
        self.gz = gz

    def of_gold(self, label: str) -> set[str]:
        keys: set[str] = set()
        for option in label.split("|"):
            keys.add("lbl:" + fold_label(option))
            keys.update("id:" + i for i in self.gz.resolve_label(option))
        return keys

    def of_pred(self, eid: str, label: str) -> set[str]:
        keys = {"id:" + eid, "lbl:" + fold_label(label)}
        keys.update("id:" + i for i in self.gz.resolve_label(label))
        return keys


def _match(pred_keys: tuple[set[str], str, set[str]],
           gold_keys: tuple[set[str], str, set[str]]) -> bool:
    ps, pp, po = pred_keys
    gs, gp, go = gold_keys
    if pp != gp:
        return False
    if ps & gs and po & go:
        return True
    return pp in SYMMETRIC and bool(ps & go) and bool(po & gs)


def score_document(pred: list[Triple], gold: dict[str, Any], keys: LabelKeys, report: Report
                   ) -> None:
    """Add one document's counts to the report."""
    doc = gold.get("doc", "?")
    lang = gold.get("lang", "?")
    required = [(keys.of_gold(s), p, keys.of_gold(o), [s, p, o])
                for s, p, o in gold.get("triples", [])]
    optional = [(keys.of_gold(s), p, keys.of_gold(o)) for s, p, o in gold.get("optional", [])]
    seen: set[tuple[str, str, str]] = set()
    predicted = []
    for t in pred:
        k = (t.subject.id, t.predicate, t.object.id)
        if k in seen:
            continue
        seen.add(k)
        predicted.append((keys.of_pred(t.subject.id, t.subject.label), t.predicate,
                          keys.of_pred(t.object.id, t.object.label),
                          [t.subject.label, t.predicate, t.object.label]))
    matched = [False] * len(required)
    for ps, pp, po, shown in predicted:
        hit = False
        for n, (gs, gp, go, _) in enumerate(required):
            if _match((ps, pp, po), (gs, gp, go)):
                hit = True
                if not matched[n]:
                    matched[n] = True
                    report.tally("tp", pp, lang)
                break
        if hit:
            continue
        if any(_match((ps, pp, po), g) for g in optional):
            continue
        report.tally("fp", pp, lang)
        report.false_hits.append((doc, shown))
    for n, (_, gp, _, shown) in enumerate(required):
        if not matched[n]:
            report.tally("fn", gp, lang)
            report.misses.append((doc, shown))


def read_gold(path: str | Path) -> list[dict[str, Any]]:
    """Gold records, one per article; a broken line is an error naming file and line."""
    out = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as e:
                raise InputError(f"not JSON: {e.msg}", path=str(path), line=n) from e
            if not isinstance(rec, dict) or "doc" not in rec or "triples" not in rec:
                raise InputError("a gold record needs 'doc' and 'triples'", path=str(path),
                                 line=n)
            out.append(rec)
    return out


def evaluate(gold_path: str | Path, docs_dir: str | Path,
             extract: Callable[[Article], list[Triple]], gz: Gazetteer,
             *, lang: str | None = None) -> Report:
    """Run ``extract`` on every gold article found in ``docs_dir`` and score it."""
    from kg.ingest import read_articles

    report = Report()
    keys = LabelKeys(gz)
    docs_dir = Path(docs_dir)
    for rec in read_gold(gold_path):
        path = docs_dir / rec["doc"]
        if not path.exists():
            raise InputError(f"gold names {rec['doc']} but it is not in {docs_dir}",
                             path=str(gold_path))
        articles = list(read_articles([path], lang=lang or rec.get("lang")))
        for art in articles:
            if rec.get("date") and not art.date:
                art.date = rec["date"]
            score_document(extract(art), rec, keys, report)
    return report
