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
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import IO, Any

from kg.errors import KgError
from kg.files import atomic_writer
from kg.ingest import Skipped, read_articles
from kg.journal import Journal, work_dir_for
from kg.jsonl import line as _line
from kg.model import Article, Entity, Triple
from kg.registry import extractors

Result = tuple[Article, list[Triple], list[Entity]]


@dataclass
class RunSummary:
    """What a run did, for the closing summary line and for tests.

    ``skipped`` and ``failed`` keep the first :data:`MAX_KEPT` records (all
    of them go to skipped.jsonl); ``n_skipped`` and ``n_failed`` count them all.
    """

    documents: int = 0
    triples: int = 0
    entities: int = 0
    relations: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    failed: list[Skipped] = field(default_factory=list)
    seconds: float = 0.0
    bytes: int = 0  # text extracted by this run (not by the run it resumed)
    outputs: dict[str, str] = field(default_factory=dict)
    n_skipped: int = 0
    n_failed: int = 0
    resumed: int = 0  # documents an interrupted earlier run had already done

    def line(self) -> str:
        rate = self.bytes / self.seconds / 1e6 if self.seconds else 0.0
        again = f" ({self.resumed} done by the run resumed)" if self.resumed else ""
        store = f" ({self.relations} relations in the store)" if "store" in self.outputs else ""
        return (f"{self.documents} documents{again}, {self.entities} entities, "
                f"{self.triples} triples{store}, "
                f"{max(self.n_skipped, len(self.skipped))} inputs skipped, "
                f"{max(self.n_failed, len(self.failed))} failed, {self.seconds:.1f} s"
                f" ({rate:.2f} MB/s)")

    @property
    def incomplete(self) -> bool:
        """Some input was skipped or failed: the CLI exits with status 3."""
        return bool(self.n_skipped or self.n_failed or self.skipped or self.failed)


MAX_KEPT = 10_000


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
    article, names = args
    try:
        triples: list[Triple] = []
        ents: list[Entity] = []
        seen: set[tuple[str, str, str, int, int]] = set()
        # Several backends ("rules,model"): their triples merge, one per fact and sentence.
        for name in names.split(","):
            t_part, e_part = _extractor(name.strip()).extract(article)
            for t in t_part:
                key = (t.subject.id, t.predicate, t.object.id, t.evidence.start,
                       t.evidence.end)
                if key not in seen:
                    seen.add(key)
                    triples.append(t)
            ents.extend(e_part)
        return article, triples, ents, None
    except KgError as e:
        return article, [], [], str(e)
    except Exception as e:  # one broken article never kills a run of thousands
        return article, [], [], f"extraction failed: {type(e).__name__}: {e}"


def _ignore_sigint() -> None:
    """Workers leave Ctrl-C to the main process, which stops them and keeps the journal."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _map_chunk(fn: Callable[[Any], Any], chunk: list[Any]) -> list[Any]:
    """One pool task: a few articles through ``fn`` (fewer round trips than one each)."""
    return [fn(item) for item in chunk]


def _killed(item: tuple[Any, ...], why: str) -> Any:
    return (item[0], [], [], why)


@dataclass(slots=True)
class Encoded:
    """One article's records as journal lines, made in the worker process.

    The parent of a ``--jobs`` run only writes these bytes: it neither unpickles
    Triple objects nor serialises them, and the article's text does not travel
    back, so the parent stays out of the workers' way.
    """

    doc_id: str
    source: str | None
    error: str | None
    triples: bytes = b""
    n_triples: int = 0
    entities: bytes = b""
    article: bytes = b""
    nbytes: int = 0


# Per process: the fingerprint of each entity record already sent in the current run.
_SENT: dict[str, Any] = {"run": None, "fp": {}}


def _encode_one(item: tuple[Article, str, str]) -> Encoded:
    article, names, run = item
    _, triples, ents, err = _extract_one((article, names))
    if err is not None:
        return Encoded(article.id, article.source, err)
    if _SENT["run"] != run:
        _SENT["run"], _SENT["fp"] = run, {}
    sent = _SENT["fp"]
    before = {e.id: sent.get(e.id) for e in ents}  # restored if this article's lines fail
    try:
        return Encoded(
            article.id, article.source, None,
            b"".join(_line(t.to_dict()) for t in triples), len(triples),
            b"".join(_line(_entity_record(e, sent)) for e in ents),
            _line({"id": article.id, "lang": article.lang, "date": article.date,
                   "title": article.title, "url": article.url, "source": article.source}),
            len(article.text.encode("utf-8", "surrogatepass")))
    except Exception as e:  # one article whose records cannot be written never stops a run
        for eid, fp in before.items():
            if fp is None:
                sent.pop(eid, None)
            else:
                sent[eid] = fp
        return Encoded(article.id, article.source,
                       f"its records could not be written: {type(e).__name__}: {e}")


def _encode_killed(item: tuple[Any, ...], why: str) -> Encoded:
    return Encoded(item[0].id, item[0].source, why)


def _warm(extractor: str) -> None:
    """Load the extractors, the gazetteer and every language's matcher once, here: forked
    workers inherit them instead of each parsing the data again."""
    for name in extractor.split(","):
        _extractor(name.strip())
    from kg.extract.lexicon import matcher_for
    from kg.lang import supported

    for code in supported():
        matcher_for(code)


def extract_stream(articles: Iterable[Article], *, jobs: int = 1, extractor: str = "rules",
                   on_fail: Callable[[Skipped], None] | None = None,
                   chunksize: int = 16) -> Iterator[Result]:
    """Extract triples from a stream of articles, in order, ``jobs`` processes at a time.

    At most a few chunks per worker are in flight, so memory does not grow
    with the input (``Executor.map`` would read every article up front).
    """
    for name in extractor.split(","):
        extractors.get(name.strip())  # fail early on an unknown name
    work = ((a, extractor) for a in articles)
    if jobs <= 1:
        results: Iterable[Any] = map(_extract_one, work)
        yield from _collect(results, on_fail)
        return
    _warm(extractor)
    with _Workers(jobs, _extract_one, _killed) as workers:
        yield from _collect(workers.results(work, chunksize), on_fail)


def _encoded_stream(articles: Iterable[Article], *, jobs: int, extractor: str,
                    chunksize: int = 16) -> Iterator[Encoded]:
    """Like :func:`extract_stream`, but each article's records come as journal lines."""
    for name in extractor.split(","):
        extractors.get(name.strip())
    run = os.urandom(8).hex()  # scopes the workers' "record already sent" memory to this run
    work = ((a, extractor, run) for a in articles)
    if jobs <= 1:
        yield from map(_encode_one, work)
        return
    _warm(extractor)
    with _Workers(jobs, _encode_one, _encode_killed) as workers:
        yield from workers.results(work, chunksize)


class _Workers:
    """A process pool fed a few chunks at a time, that survives a worker dying.

    A worker killed under it (the kernel's out-of-memory killer on a huge
    page, a crash in a C extension) breaks the whole pool; the chunks that
    were in flight are then run again one article at a time in a pool of one,
    so the article that kills its worker is reported as failed and the run
    goes on.
    """

    def __init__(self, jobs: int, one_fn: Callable[[Any], Any],
                 killed_fn: Callable[[Any, str], Any]) -> None:
        self.jobs = jobs
        self.one_fn, self.killed_fn = one_fn, killed_fn
        self.pool = self._new(jobs)
        self.pending: deque[tuple[Any, list[Any]]] = deque()

    @staticmethod
    def _new(n: int) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=n, initializer=_ignore_sigint)

    def results(self, work: Iterator[Any], chunksize: int) -> Iterator[Any]:
        while True:
            while len(self.pending) < 3 * self.jobs:
                chunk = list(islice(work, chunksize))
                if not chunk:
                    break
                try:
                    future = self.pool.submit(_map_chunk, self.one_fn, chunk)
                except BrokenProcessPool:  # it broke since the last result: run it again below
                    future = None
                self.pending.append((future, chunk))
            if not self.pending:
                return
            future, chunk = self.pending.popleft()
            try:
                if future is None:
                    raise BrokenProcessPool("the pool broke before this chunk was sent")
                results = future.result()
            except BrokenProcessPool:
                lost = [chunk, *(c for _, c in self.pending)]
                self.pending.clear()
                self.pool.shutdown(wait=False, cancel_futures=True)
                yield from self._one_by_one(item for c in lost for item in c)
                self.pool = self._new(self.jobs)
                continue
            yield from results

    def _one_by_one(self, items: Iterable[Any]) -> Iterator[Any]:
        single = self._new(1)
        try:
            for item in items:
                try:
                    yield single.submit(self.one_fn, item).result()
                except BrokenProcessPool:
                    single.shutdown(wait=False, cancel_futures=True)
                    single = self._new(1)
                    yield self.killed_fn(item, "extraction killed its worker process (out "
                                               "of memory on this document?)")
        finally:
            single.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> _Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        for f, _ in self.pending:
            if f is not None:
                f.cancel()
        self.pool.shutdown(wait=True, cancel_futures=True)


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
WORK_FILES = ("triples", "entities", "articles")


def _run_spec(kind: str, inputs: list[str], lang: str | None, extractor: str) -> dict[str, Any]:
    """What a run reads, as its journal records it: a resumed run must read the same."""
    return {"command": kind, "extractor": extractor, "lang": lang,
            "inputs": [i if i == "-" else os.path.abspath(i) for i in inputs]}


def _extract_journaled(inputs: list[str], journal: Journal, summary: RunSummary, *,
                       lang: str | None, jobs: int, strict: bool,
                       skipped_out: IO[str] | None,
                       on_skip: Callable[[Skipped], None] | None,
                       on_note: Callable[[str], None] | None,
                       progress: Callable[[int, int], None] | None,
                       extractor: str, exclude: list[Path]) -> None:
    """Extract every article not yet committed, appending its records to the work files.

    ``exclude``: the run's own outputs, never read as inputs when they sit in an input
    folder (kg build articles/ -o articles/out).
    """
    done = journal.totals
    summary.documents = summary.resumed = int(done.get("documents", 0))
    summary.triples = int(done.get("triples", 0))

    def record(s: Skipped, kept: list[Skipped]) -> None:
        if len(kept) < MAX_KEPT:
            kept.append(s)
        if skipped_out is not None:
            write_jsonl(skipped_out, [s.to_dict()])
        if on_skip:
            on_skip(s)

    def skip(s: Skipped) -> None:
        summary.n_skipped += 1
        record(s, summary.skipped)

    def fail(s: Skipped) -> None:
        summary.n_failed += 1
        record(s, summary.failed)
        if strict:
            raise KgError(str(s))

    articles = (a for a in read_articles(inputs, on_skip=skip, strict=strict, lang=lang,
                                         on_note=on_note, exclude=exclude)
                if not journal.is_done(a.id, a.source))
    try:
        for enc in _encoded_stream(articles, jobs=jobs, extractor=extractor):
            if enc.error is not None:
                fail(Skipped(enc.source or enc.doc_id, None, enc.error))
                continue
            journal.write_raw("triples", enc.triples)
            journal.write_raw("entities", enc.entities)
            journal.write_raw("articles", enc.article)
            summary.documents += 1
            summary.triples += enc.n_triples
            summary.bytes += enc.nbytes
            journal.doc_done(enc.doc_id, enc.source, {"documents": summary.documents,
                                                      "triples": summary.triples})
            if progress:
                progress(summary.documents, summary.bytes)
    finally:
        journal.commit()


def _entity_record(e: Entity, written: dict[str, int]) -> dict[str, Any]:
    """An entity's full record the first time (or when its names change), else its id and
    mentions: the same gazetteer record repeated a million times would fill the disk."""
    h = hash((e.type, e.label, tuple(e.labels.items()), tuple(e.aliases), e.wikidata,
              e.subtype))
    if written.get(e.id) == h:
        return {"id": e.id, "mentions": e.mentions}
    written[e.id] = h
    return e.to_dict()


def _merged_entities(journal: Journal) -> dict[str, Entity]:
    entities: dict[str, Entity] = {}
    for rec in journal.read("entities"):
        if len(rec) == 2 and "mentions" in rec and rec["id"] in entities:
            entities[rec["id"]].mentions += int(rec["mentions"])
        else:
            merge_entities(entities, [Entity.from_dict(rec)])
    return entities


def _write_entities(path: str | Path, entities: dict[str, Entity]) -> None:
    with atomic_writer(path) as out:
        write_jsonl(out, (e.to_dict() for e in sorted(entities.values(), key=lambda e: e.id)))


def skipped_path_for(output: str | os.PathLike[str]) -> Path:
    """Where ``kg extract -o OUT.jsonl`` lists its skipped inputs: ``OUT.skipped.jsonl``."""
    out = Path(output)
    stem = out.name[:-len(".jsonl")] if out.name.endswith(".jsonl") else out.name
    return out.with_name(f"{stem}.skipped.jsonl")


def extract_to_files(inputs: Iterable[str | os.PathLike[str]], triples_path: str | Path, *,
                     entities_path: str | Path | None = None, lang: str | None = None,
                     jobs: int = 1, strict: bool = False,
                     on_skip: Callable[[Skipped], None] | None = None,
                     on_note: Callable[[str], None] | None = None,
                     progress: Callable[[int, int], None] | None = None,
                     extractor: str = "rules", resume: bool = False,
                     skipped_path: str | Path | None = None) -> RunSummary:
    """``kg extract``: articles in, contract JSON Lines out.

    Records go to work files in ``.NAME.kg-work/`` beside the output, with a
    journal (:mod:`kg.journal`), so an interrupted run continues with
    ``resume=True``; the outputs (triples, entities, the skipped inputs, by
    default ``NAME.skipped.jsonl``) appear atomically at the end.
    """
    inputs = [str(i) for i in inputs]
    summary = RunSummary()
    t0 = time.perf_counter()
    skipped_path = skipped_path_for(triples_path) if skipped_path is None else skipped_path
    spec = _run_spec("extract", inputs, lang, extractor)
    with Journal(work_dir_for(triples_path), WORK_FILES, run=spec, resume=resume,
                 on_note=on_note) as journal:
        with journal.output(skipped_path) as skipped_out:
            _extract_journaled(inputs, journal, summary, lang=lang, jobs=jobs, strict=strict,
                               skipped_out=skipped_out, on_skip=on_skip, on_note=on_note,
                               progress=progress, extractor=extractor,
                               exclude=[Path(p) for p in (triples_path, skipped_path,
                                                          entities_path) if p is not None])
        entities = _merged_entities(journal)
        if entities_path is not None:
            _write_entities(entities_path, entities)
        journal.publish("triples", triples_path)
        journal.finish()
    summary.entities = len(entities)
    summary.outputs = {"triples": str(triples_path), "skipped": str(skipped_path)}
    if entities_path is not None:
        summary.outputs["entities"] = str(entities_path)
    summary.seconds = time.perf_counter() - t0
    return summary


def _iter_triples(journal: Journal) -> Iterator[Triple]:
    for rec in journal.read("triples"):
        yield Triple.from_dict(rec)


def _iter_article_batches(journal: Journal, size: int = 50_000) -> Iterator[list[Article]]:
    batch: list[Article] = []
    for rec in journal.read("articles"):
        batch.append(Article(rec["id"], "", rec.get("lang"), rec.get("date"), rec.get("title"),
                             rec.get("url"), rec.get("source")))
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _load_journal(st: Any, journal: Journal, entities: dict[str, Entity]) -> Any:
    """Load a store from the work files (triples and entities, then the articles in
    batches); returns what loading the triples returned."""
    loaded = st.load(_iter_triples(journal), list(entities.values()))
    for batch in _iter_article_batches(journal):
        st.load((), (), batch)
    return loaded


def build(inputs: Iterable[str | os.PathLike[str]], outdir: str | Path, *,
          store: str | Path | None = None, lang: str | None = None, jobs: int = 1,
          strict: bool = False, on_skip: Callable[[Skipped], None] | None = None,
          on_note: Callable[[str], None] | None = None,
          progress: Callable[[int, int], None] | None = None,
          max_nodes: int = 2000, resume: bool = False,
          neo4j: dict[str, Any] | None = None) -> RunSummary:
    """``kg build``: extract, load the store, and write triples.jsonl, entities.jsonl,
    skipped.jsonl, graph.ttl and graph.html into ``outdir``.

    ``neo4j`` (keywords of :func:`kg.api.open_neo4j`) also loads the graph into a
    Neo4j server, after the embedded store.

    Extraction is journaled in ``OUTDIR/.kg-work/`` (see :mod:`kg.journal`);
    the store is loaded from the work files after it, streaming, in batches
    (loading is idempotent, so a resumed build that loads again adds nothing
    twice); the outputs appear atomically at the end.
    """
    from kg.api import loading_store

    inputs = [str(i) for i in inputs]
    if neo4j is not None:  # an unreachable server fails the build before its long work
        from kg.api import open_neo4j

        open_neo4j(**neo4j).close()
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    summary = RunSummary()
    store_path = Path(store) if store is not None else outdir / "store"
    spec = _run_spec("build", inputs, lang, "rules")
    with Journal(work_dir_for(outdir, folder=True), WORK_FILES, run=spec, resume=resume,
                 on_note=on_note) as journal:
        with journal.output(outdir / "skipped.jsonl") as skipped_out:
            _extract_journaled(inputs, journal, summary, lang=lang, jobs=jobs, strict=strict,
                               skipped_out=skipped_out, on_skip=on_skip, on_note=on_note,
                               progress=progress, extractor="rules",
                               exclude=[outdir, store_path])
        entities = _merged_entities(journal)
        summary.entities = len(entities)
        _write_entities(outdir / "entities.jsonl", entities)
        # A new store is loaded beside its place and renamed when complete (see
        # kg.api.loading_store).
        with loading_store(store_path) as st:
            _load_journal(st, journal, entities)
            g = st.to_networkx()
            summary.relations = g.number_of_edges()
        if neo4j is not None:
            from kg.api import open_neo4j

            with open_neo4j(**neo4j) as nst:
                loaded = _load_journal(nst, journal, entities)
                summary.outputs["neo4j"] = nst.backend.connection.describe()
            if on_note is not None and hasattr(loaded, "counters_line"):
                on_note(loaded.counters_line())
        journal.publish("triples", outdir / "triples.jsonl")
        from kg.export import export_graph
        from kg.view import render_html

        export_graph(g, "turtle", outdir / "graph.ttl")
        render_html(g, outdir / "graph.html", title="kg: " + ", ".join(inputs[:3]),
                    max_nodes=max_nodes)
        journal.finish()
    neo4j_where = summary.outputs.get("neo4j")
    summary.outputs = {name: str(outdir / name) for name in (
        "triples.jsonl", "entities.jsonl", "skipped.jsonl", "graph.ttl", "graph.html")}
    if neo4j_where:
        summary.outputs["neo4j"] = neo4j_where
    summary.outputs["store"] = str(store_path)
    summary.seconds = time.perf_counter() - t0
    return summary


def stderr_skip(s: Skipped) -> None:
    print(f"kg: skipped {s}", file=sys.stderr)
