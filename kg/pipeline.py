"""The main job: ingest -> extract -> resolve -> store -> export, streaming.

``extract_stream`` turns articles into (article, triples, entities) one
article at a time, in a process pool for ``jobs > 1`` (the gazetteer is
compiled once per worker). A broken article is recorded and skipped, never
fatal. ``build`` wires the stages to files and a store.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from kg.errors import KgError
from kg.files import atomic_writer
from kg.ingest import Skipped, read_articles
from kg.model import Article, Entity, Triple
from kg.registry import extractors

Result = tuple[Article, list[Triple], list[Entity]]


@dataclass
class RunSummary:
    """What a run did, for the closing summary line and for tests."""

    documents: int = 0
    triples: int = 0
    entities: int = 0
    relations: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    failed: list[Skipped] = field(default_factory=list)
    seconds: float = 0.0
    bytes: int = 0
    outputs: dict[str, str] = field(default_factory=dict)

    def line(self) -> str:
        rate = self.bytes / self.seconds / 1e6 if self.seconds else 0.0
        return (f"{self.documents} documents, {self.entities} entities, {self.triples} triples"
                f" ({self.relations} relations in the store), {len(self.skipped)} inputs"
                f" skipped, {len(self.failed)} failed, {self.seconds:.1f} s"
                f" ({rate:.2f} MB/s)")


# -- extraction ------------------------------------------------------------------------------
_WORKER: dict[str, Any] = {}


def _extractor(name: str) -> Any:
    ex = _WORKER.get(name)
    if ex is None:
        ex = extractors.get(name)()
        _WORKER[name] = ex
    return ex


def _extract_one(args: tuple[Article, str]) -> tuple[Article, list[Triple], list[Entity],
                                                      str | None]:
    article, name = args
    try:
        triples, ents = _extractor(name).extract(article)
        return article, triples, ents, None
    except KgError as e:
        return article, [], [], str(e)
    except Exception as e:  # one broken article never kills a run of thousands
        return article, [], [], f"extraction failed: {type(e).__name__}: {e}"


def extract_stream(articles: Iterable[Article], *, jobs: int = 1, extractor: str = "rules",
                   on_fail: Callable[[Skipped], None] | None = None,
                   chunksize: int = 16) -> Iterator[Result]:
    """Extract triples from a stream of articles, in order, ``jobs`` processes at a time."""
    extractors.get(extractor)  # fail early on an unknown name
    work = ((a, extractor) for a in articles)
    if jobs <= 1:
        results: Iterable[Any] = map(_extract_one, work)
        yield from _collect(results, on_fail)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from _collect(pool.map(_extract_one, work, chunksize=chunksize), on_fail)


def _collect(results: Iterable[Any], on_fail: Callable[[Skipped], None] | None
             ) -> Iterator[Result]:
    for article, triples, ents, err in results:
        if err is not None:
            if on_fail is not None:
                on_fail(Skipped(article.source or article.id, None, err))
            continue
        yield article, triples, ents


def merge_entities(into: dict[str, Entity], ents: Iterable[Entity]) -> None:
    """One record per entity across articles: names united, mentions summed."""
    for e in ents:
        old = into.get(e.id)
        if old is None:
            into[e.id] = Entity(e.id, e.type, e.label, dict(e.labels), list(e.aliases),
                                e.wikidata, e.subtype, e.mentions)
            continue
        old.mentions += e.mentions
        for k, v in e.labels.items():
            old.labels.setdefault(k, v)
        for a in e.aliases:
            if a not in old.aliases:
                old.aliases.append(a)


# -- files -----------------------------------------------------------------------------------
def write_jsonl(fh: IO[str], records: Iterable[dict[str, Any]]) -> int:
    n = 0
    for r in records:
        fh.write(json.dumps(r, ensure_ascii=False))
        fh.write("\n")
        n += 1
    return n


# -- the main job --------------------------------------------------------------------------------
def extract_to_files(inputs: Iterable[str | os.PathLike[str]], triples_path: str | Path, *,
                     entities_path: str | Path | None = None, lang: str | None = None,
                     jobs: int = 1, strict: bool = False,
                     on_skip: Callable[[Skipped], None] | None = None,
                     on_note: Callable[[str], None] | None = None,
                     progress: Callable[[int, int], None] | None = None,
                     extractor: str = "rules") -> tuple[RunSummary, list[Triple],
                                                        dict[str, Entity], list[Article]]:
    """``kg extract``: articles in, contract JSON Lines out (written atomically)."""
    summary = RunSummary()
    t0 = time.perf_counter()

    def skip(s: Skipped) -> None:
        summary.skipped.append(s)
        if on_skip:
            on_skip(s)

    def fail(s: Skipped) -> None:
        summary.failed.append(s)
        if on_skip:
            on_skip(s)
        if strict:
            raise KgError(str(s))

    articles = read_articles(inputs, on_skip=skip, strict=strict, lang=lang, on_note=on_note)
    all_triples: list[Triple] = []
    entities: dict[str, Entity] = {}
    seen_docs: list[Article] = []
    with atomic_writer(triples_path) as out:
        for art, triples, ents in extract_stream(articles, jobs=jobs, extractor=extractor,
                                                 on_fail=fail):
            summary.documents += 1
            summary.bytes += len(art.text.encode("utf-8"))
            summary.triples += write_jsonl(out, (t.to_dict() for t in triples))
            all_triples.extend(triples)
            merge_entities(entities, ents)
            seen_docs.append(Article(art.id, "", art.lang, art.date, art.title, art.url,
                                     art.source))
            if progress:
                progress(summary.documents, summary.bytes)
    if entities_path is not None:
        with atomic_writer(entities_path) as out:
            write_jsonl(out, (e.to_dict() for e in sorted(entities.values(),
                                                          key=lambda e: e.id)))
    summary.entities = len(entities)
    summary.seconds = time.perf_counter() - t0
    return summary, all_triples, entities, seen_docs


def build(inputs: Iterable[str | os.PathLike[str]], outdir: str | Path, *,
          store: str | Path | None = None, lang: str | None = None, jobs: int = 1,
          strict: bool = False, on_skip: Callable[[Skipped], None] | None = None,
          on_note: Callable[[str], None] | None = None,
          progress: Callable[[int, int], None] | None = None,
          max_nodes: int = 2000) -> RunSummary:
    """``kg build``: extract, load the store, and write triples.jsonl, entities.jsonl,
    skipped.jsonl, graph.ttl and graph.html into ``outdir``."""
    from kg.api import open_store

    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    summary, triples, entities, articles = extract_to_files(
        inputs, outdir / "triples.jsonl", entities_path=outdir / "entities.jsonl", lang=lang,
        jobs=jobs, strict=strict, on_skip=on_skip, on_note=on_note, progress=progress)
    with atomic_writer(outdir / "skipped.jsonl") as out:
        write_jsonl(out, (s.to_dict() for s in [*summary.skipped, *summary.failed]))
    store_path = Path(store) if store is not None else outdir / "store"
    with open_store(store_path, create=True) as st:
        st.load(triples, list(entities.values()), articles)
        g = st.to_networkx()
        summary.relations = g.number_of_edges()
    from kg.export import export_graph
    from kg.view import render_html

    export_graph(g, "turtle", outdir / "graph.ttl")
    render_html(g, outdir / "graph.html", title="kg: " + ", ".join(
        str(i) for i in list(inputs)[:3]) if isinstance(inputs, list) else "kg graph",
        max_nodes=max_nodes)
    summary.outputs = {name: str(outdir / name) for name in (
        "triples.jsonl", "entities.jsonl", "skipped.jsonl", "graph.ttl", "graph.html")}
    summary.outputs["store"] = str(store_path)
    summary.seconds = time.perf_counter() - t0
    return summary


def stderr_skip(s: Skipped) -> None:
    print(f"kg: skipped {s}", file=sys.stderr)
