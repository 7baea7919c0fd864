"""Extraction: documents/s and MB/s through ``kg extract``'s library call, and the floor.

``run_extract`` times :func:`kg.pipeline.extract_to_files` (ingest, rule
extraction, JSON Lines out, entities merged: what an analyst runs) over a
generated corpus, with ``jobs`` processes. The clock for rates starts once
the first ``warm`` documents are done (every process has then compiled the
gazetteer and the matcher of each language, which happens lazily), so the
one-off start-up is reported apart and does not hide in the rate. Times at
checkpoints of the same run give the scaling exponent.

``run_spacy`` tokenises the same texts with spaCy's blank pipeline of each
language: a floor under any spaCy pipeline, to put the extractor's cost in
proportion.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from bench.common import WORK, PeakSampler, fit_exponent, r

SYMMETRIC = {"CALLED", "MET", "IN_CONTACT_WITH", "NEGOTIATED_WITH", "SIGNED_AGREEMENT_WITH"}


def corpus_langs(folder: Path) -> list[tuple[str, int]]:
    """(lang, bytes of text) of each article, in the order ``kg`` reads the folder."""
    out = []
    for path in sorted(folder.rglob("*.jsonl")):
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                out.append((rec.get("lang") or "?", len(rec["text"].encode("utf-8"))))
    return out


def run_extract(p: dict[str, Any]) -> dict[str, Any]:
    """Params: corpus (folder), jobs, checkpoints (article counts), recall_docs, seed."""
    from kg.pipeline import extract_to_files

    folder = Path(p["corpus"])
    jobs = int(p.get("jobs", 1))
    checkpoints = sorted(set(int(n) for n in p.get("checkpoints", ())))
    per_doc = jobs == 1  # per-language times only mean something on one core
    langs = corpus_langs(folder) if per_doc else []
    marks: dict[int, float] = {}
    doc_times: list[float] = []
    state: dict[str, Any] = {"first": None, "last": None, "bytes_first": 0}
    total_docs = int(p.get("documents") or 0) or len(langs or corpus_langs(folder))
    warm = int(p.get("warm") or min(max(50, 64 * jobs), max(1, total_docs // 5)))

    def progress(documents: int, nbytes: int) -> None:
        now = time.perf_counter()
        if documents == warm:
            state["first"] = now
            state["bytes_first"] = nbytes
        if per_doc:
            doc_times.append(now - (state["last"] or t0))
        state["last"] = now
        if documents in wanted:
            marks[documents] = now

    wanted = set(checkpoints)
    out = WORK / f"extract-j{jobs}-{folder.name}.jsonl"
    ents = WORK / f"extract-j{jobs}-{folder.name}-entities.jsonl"
    t0 = time.perf_counter()
    with PeakSampler() as mem:
        got = extract_to_files([folder], out, entities_path=ents, jobs=jobs, progress=progress)
    t_end = time.perf_counter()
    summary = got[0] if isinstance(got, tuple) else got  # older kg returned a tuple
    first = state["first"] or t0
    docs, nbytes = summary.documents, summary.bytes
    steady_s = max(t_end - first, 1e-9)
    steady_docs = docs - warm
    res: dict[str, Any] = {
        "jobs": jobs, "documents": docs, "mb": r(nbytes / 1e6, 3), "triples": summary.triples,
        "entities": summary.entities,
        "failed": getattr(summary, "n_failed", None) or len(summary.failed),
        "skipped": getattr(summary, "n_skipped", None) or len(summary.skipped),
        "seconds": r(t_end - t0, 3),
        "warm_documents": warm, "warm_s": r(first - t0, 3),
        "docs_per_s": r(steady_docs / steady_s, 1) if steady_docs > 0 else None,
        "mb_per_s": r((nbytes - state["bytes_first"]) / 1e6 / steady_s, 3)
        if steady_docs > 0 else None,
        "triples_per_doc": r(summary.triples / docs, 2) if docs else None,
        "rss_before_mb": r(mem.start_mb, 1), "rss_peak_mb": r(mem.peak_mb, 1),
    }
    # Scaling: time to finish n more documents, counted once the warm ones are done.
    pts = [(n - warm, marks[n] - first) for n in checkpoints if n in marks and n > warm]
    res["checkpoints"] = [{"documents": n + warm, "seconds": r(t, 3)} for n, t in pts]
    res["scaling_exponent"] = r(fit_exponent([n for n, _ in pts], [t for _, t in pts]), 3)
    if per_doc and len(doc_times) == len(langs):
        by_lang: dict[str, dict[str, float]] = {}
        # The warm documents also paid the start-up: left out.
        for (lang, b), dt_ in zip(langs[warm:], doc_times[warm:], strict=True):
            d = by_lang.setdefault(lang, {"documents": 0, "bytes": 0, "seconds": 0.0})
            d["documents"] += 1
            d["bytes"] += b
            d["seconds"] += dt_
        res["by_lang"] = {k: {"documents": int(v["documents"]), "mb": r(v["bytes"] / 1e6, 3),
                              "seconds": r(v["seconds"], 3),
                              "mb_per_s": r(v["bytes"] / 1e6 / v["seconds"], 3)}
                          for k, v in sorted(by_lang.items())}
    if p.get("recall_docs"):
        res["agreement"] = agreement(out, int(p["seed"]), int(p["recall_docs"]))
    for f in WORK.glob(f"extract-j{jobs}-{folder.name}*"):
        if f.is_file():
            f.unlink()
    return res


def agreement(triples_file: Path, seed: int, n: int) -> dict[str, Any]:
    """How many of the generator's facts the extractor found in the first ``n`` articles.

    Not a quality score (the generator writes some facts the rules are not
    meant to catch): a check that the corpus exercises the real extraction paths.
    """
    from bench.corpus import article

    def key(s: str, pred: str, o: str) -> tuple[str, str, str]:
        return (min(s, o), pred, max(s, o)) if pred in SYMMETRIC else (s, pred, o)

    gold: set[tuple[str, str, str, str]] = set()
    for i in range(n):
        art = article(seed, i)
        for t in art.triples():
            gold.add((art.id, *key(t.subject.id, t.predicate, t.object.id)))
    docs = {g[0] for g in gold}
    got = set()
    with open(triples_file, encoding="utf-8") as fh:
        for line in fh:
            t = json.loads(line)
            doc = t["evidence"]["doc_id"]
            if doc in docs:
                got.add((doc, *key(t["subject"]["id"], t["predicate"], t["object"]["id"])))
    both = gold & got
    return {"articles": n, "facts": len(gold), "extracted": len(got),
            "found": r(len(both) / len(gold), 3) if gold else None,
            "of_extracted_in_facts": r(len(both) / len(got), 3) if got else None}


def run_spacy(p: dict[str, Any]) -> dict[str, Any]:
    """Params: corpus. spaCy's blank tokenizer over the same texts, per language."""
    try:
        import spacy
    except ImportError:
        return {"skipped": "spaCy is not installed (pip install spacy); comparison left out"}
    folder = Path(p["corpus"])
    texts: dict[str, list[str]] = {}
    for path in sorted(folder.rglob("*.jsonl")):
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                texts.setdefault(rec.get("lang") or "en", []).append(rec["text"])
    out: dict[str, Any] = {"version": spacy.__version__, "by_lang": {}}
    total_b, total_s, total_tokens = 0, 0.0, 0
    for lang, docs in sorted(texts.items()):
        try:
            nlp = spacy.blank(lang)
        except Exception as e:  # a language spaCy has no tokenizer for
            out["by_lang"][lang] = {"skipped": f"{type(e).__name__}: {e}"}
            continue
        tok = nlp.tokenizer
        tok(docs[0])  # warm: lazy tables
        nb = sum(len(d.encode("utf-8")) for d in docs)
        t0 = time.perf_counter()
        n_tokens = 0
        for d in tok.pipe(docs, batch_size=256):
            n_tokens += len(d)
        s = time.perf_counter() - t0
        total_b += nb
        total_s += s
        total_tokens += n_tokens
        out["by_lang"][lang] = {"documents": len(docs), "mb": r(nb / 1e6, 3), "seconds": r(s, 3),
                                "mb_per_s": r(nb / 1e6 / s, 3), "tokens": n_tokens}
    out["mb"] = r(total_b / 1e6, 3)
    out["seconds"] = r(total_s, 3)
    out["mb_per_s"] = r(total_b / 1e6 / total_s, 3) if total_s else None
    out["tokens"] = total_tokens
    return out
