"""The embedded store: bulk and incremental loads, the engine's own COPY, named queries.

Loads take the generator's facts as contract triples (what a perfect
extractor would emit), so these figures do not move while the extractor is
tuned. The baseline is the engine's own ``COPY`` of the very rows the store
ends up holding, shaped beforehand as Arrow tables by :class:`Shaper` with
the rules of :mod:`kg.store.ladybug` (one edge per edge key, one evidence
node per mention, one article node per document): what a loader could at
best approach. The store the queries run on is built the same way, to about
1M relationships (aggregated edges between entities), and cached between
runs while nothing it is made from changes.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa

from bench.common import WORK, PeakSampler, median, percentile, r, timer

ARROW = {"STRING": pa.string(), "STRING[]": pa.list_(pa.string()), "INT64": pa.int64(),
         "DOUBLE": pa.float64()}


# -- rows, shaped as the store holds them -------------------------------------------------------
class Shaper:
    """The rows of a kg store for some triples, entities and articles, as Arrow tables."""

    def __init__(self) -> None:
        from kg.store import cypher as C

        self.C = C
        self.entities: dict[str, dict[str, Any]] = {}
        self.articles: dict[str, dict[str, Any]] = {}
        self.edges: dict[str, list[Any]] = {}
        self.ev_cols: dict[str, list[Any]] = {c: [] for c, _ in C.EVIDENCE_COLUMNS}
        self.ev_batches: list[pa.RecordBatch] = []  # evidence rows, moved to Arrow as they come
        self.ev_links: list[pa.RecordBatch] = []
        self.ev_ids: set[str] = set()
        self.triples = 0

    def add_entity(self, e: Any) -> None:
        self.entities[e.id] = {"id": e.id, "type": e.type, "label": e.label,
                               "labels": json.dumps(e.labels, ensure_ascii=False, sort_keys=True),
                               "aliases": list(e.aliases), "wikidata": e.wikidata,
                               "subtype": e.subtype, "mentions": int(e.mentions)}

    def add_article(self, id_: str, lang: str | None, date: str | None = None,
                    title: str | None = None) -> None:
        self.articles[id_] = {"id": id_, "lang": lang, "date": date, "title": title,
                              "url": None, "source": None}

    def add_triple(self, t: Any) -> None:
        from kg.graph import EDGE_PROPERTY_KEYS, seen_date
        from kg.store.ladybug import evidence_id
        from kg.vocab import PREDICATES

        self.triples += 1
        for ref in (t.subject, t.object):
            if ref.id not in self.entities:
                self.entities[ref.id] = {"id": ref.id, "type": ref.type, "label": ref.label,
                                         "labels": "{}", "aliases": [], "wikidata": None,
                                         "subtype": None, "mentions": 0}
        key = t.edge_key()
        ev = t.evidence
        eid = evidence_id(key, ev.doc_id, ev.start, ev.end)
        if eid in self.ev_ids:
            return
        self.ev_ids.add(eid)
        pred = PREDICATES[t.predicate]
        seen = seen_date(t)
        conf = float(t.confidence)
        e = self.edges.get(key)
        if e is None:
            props = {k: _text(t.properties[k]) for k in EDGE_PROPERTY_KEYS if k in t.properties}
            # [pred, src, dst, src_type, dst_type, date, first, last, count, conf, cameo,
            #  plover, docs, props, key]
            self.edges[key] = [t.predicate, t.subject.id, t.object.id, t.subject.type,
                               t.object.type, t.properties.get("date") if pred.is_interaction
                               else None, seen, seen, 1, conf,
                               t.properties.get("cameo", pred.cameo),
                               t.properties.get("plover", pred.plover), {ev.doc_id}, props, key]
        else:
            key = e[14]  # one string object per edge key, shared by its evidence rows
            if seen:
                e[6] = seen if e[6] is None else min(e[6], seen)
                e[7] = seen if e[7] is None else max(e[7], seen)
            e[8] += 1
            e[9] = max(e[9], conf)
            e[12].add(ev.doc_id)
            for k in EDGE_PROPERTY_KEYS:
                if k in t.properties and k not in e[13]:
                    e[13][k] = _text(t.properties[k])
        cols = self.ev_cols
        for c, v in (("id", eid), ("edge_key", key), ("predicate", t.predicate),
                     ("doc_id", ev.doc_id), ("lang", ev.lang), ("sentence", ev.sentence),
                     ("start", ev.start), ("end", ev.end), ("confidence", conf), ("date", seen)):
            cols[c].append(v)
        if len(cols["id"]) >= 100_000:
            self._flush_evidence()
        if ev.doc_id not in self.articles:
            self.articles[ev.doc_id] = {"id": ev.doc_id, "lang": ev.lang, "date": None,
                                        "title": None, "url": None, "source": None}

    def _flush_evidence(self) -> None:
        C, cols = self.C, self.ev_cols
        if not cols["id"]:
            return
        self.ev_batches.append(pa.RecordBatch.from_arrays(
            [pa.array(cols[c], type=ARROW[t]) for c, t in C.EVIDENCE_COLUMNS],
            names=[c for c, _ in C.EVIDENCE_COLUMNS]))
        self.ev_links.append(pa.RecordBatch.from_arrays(
            [pa.array(cols["id"], type=pa.string()), pa.array(cols["doc_id"], type=pa.string())],
            names=["from", "to"]))
        for v in cols.values():
            v.clear()

    def counts(self) -> dict[str, int]:
        return {"triples": self.triples, "entities": len(self.entities),
                "articles": len(self.articles), "relationships": len(self.edges),
                "evidence": len(self.ev_ids)}

    def tables(self) -> Iterator[tuple[str, pa.Table]]:
        """(COPY statement, Arrow table) pairs, made one at a time: nodes, then relationships."""
        C = self.C
        by_type: dict[str, list[dict[str, Any]]] = {}
        for row in self.entities.values():
            by_type.setdefault(row["type"], []).append(row)
        for typ, rows in sorted(by_type.items()):
            yield C.copy_nodes(typ), _table(rows, C.ENTITY_COLUMNS)
        yield C.copy_nodes(C.ARTICLE), _table(list(self.articles.values()), C.ARTICLE_COLUMNS)
        self._flush_evidence()
        yield C.copy_nodes(C.EVIDENCE), pa.Table.from_batches(self.ev_batches)
        yield f"COPY {C.EVIDENCE_IN} FROM $rows", pa.Table.from_batches(self.ev_links)
        groups: dict[tuple[str, str, str], list[tuple[str, list[Any]]]] = {}
        for key, e in self.edges.items():
            groups.setdefault((e[0], e[3], e[4]), []).append((key, e))
        from kg.graph import EDGE_PROPERTY_KEYS

        for (pred, st, dt), items in sorted(groups.items()):
            cols: dict[str, list[Any]] = {"from": [e[1] for _, e in items],
                                          "to": [e[2] for _, e in items]}
            fixed = {"key": [k for k, _ in items], "predicate": [e[0] for _, e in items],
                     "date": [e[5] for _, e in items], "first_seen": [e[6] for _, e in items],
                     "last_seen": [e[7] for _, e in items], "count": [e[8] for _, e in items],
                     "confidence": [e[9] for _, e in items], "cameo": [e[10] for _, e in items],
                     "plover": [e[11] for _, e in items],
                     "docs": [sorted(e[12]) for _, e in items]}
            for k in EDGE_PROPERTY_KEYS:
                fixed[k] = [e[13].get(k) for _, e in items]
            types = {"from": "STRING", "to": "STRING", **dict(C.EDGE_COLUMNS)}
            cols.update({c: fixed[c] for c, _ in C.EDGE_COLUMNS})
            yield C.copy_rels(pred, st, dt), pa.table(
                {c: pa.array(v, type=ARROW[types[c]]) for c, v in cols.items()})

    def edge_list(self) -> pa.Table:
        """(src, dst, predicate, key, src_type, dst_type) of every relationship: for networkx."""
        items = list(self.edges.items())
        return pa.table({"src": [e[1] for _, e in items], "dst": [e[2] for _, e in items],
                         "predicate": [e[0] for _, e in items], "key": [k for k, _ in items],
                         "src_type": [e[3] for _, e in items],
                         "dst_type": [e[4] for _, e in items]})


def _text(v: Any) -> str | None:
    if v is None or isinstance(v, str):
        return v
    return json.dumps(v, ensure_ascii=False, sort_keys=True)


def _table(rows: list[dict[str, Any]], spec: Any) -> pa.Table:
    return pa.table({c: pa.array([row.get(c) for row in rows], type=ARROW[t]) for c, t in spec})


def copy_into(path: Path, tables: Iterable[tuple[str, pa.Table]]) -> dict[str, Any]:
    """A fresh kg store at ``path`` filled by the engine's COPY; only the COPYs are timed.

    ``tables`` may be made lazily: the time spent making them is not counted.
    """
    import ladybug

    from kg.api import open_store
    from kg.store.ladybug import DB_FILE

    shutil.rmtree(path, ignore_errors=True)
    open_store(path, create=True).close()  # the kg schema and metadata
    db = ladybug.Database(str(path / DB_FILE))
    conn = ladybug.Connection(db)
    rows = rels = 0
    seconds = 0.0
    try:
        for stmt, table in tables:
            if table.num_rows == 0:
                continue
            t0 = time.perf_counter()
            conn.execute(stmt, {"rows": table})
            seconds += time.perf_counter() - t0
            rows += table.num_rows
            if "from" in table.column_names:
                rels += table.num_rows
    finally:
        conn.close()
        db.close()
    return {"seconds": seconds, "rows": rows, "relationships_with_links": rels}


# -- what goes in ------------------------------------------------------------------------------
def _batch(seed: int, start: int, n: int) -> tuple[list[Any], list[Any], list[Any]]:
    """Triples, entity records and article records of articles start..start+n-1."""
    from bench.corpus import generate, world
    from kg.model import Article, Entity

    gz = world().gz
    triples: list[Any] = []
    mentions: dict[str, int] = {}
    arts = []
    for a in generate(n, seed, start):
        ts = a.triples()
        triples.extend(ts)
        for t in ts:
            for ref in (t.subject, t.object):
                mentions[ref.id] = mentions.get(ref.id, 0) + 1
        arts.append(Article(a.id, "", a.lang, a.date, a.title, None, None))
    ents = []
    for eid, n_ in mentions.items():
        e = gz.entities[eid]
        ents.append(Entity(e.id, e.type, e.label, dict(e.labels), list(e.aliases), e.wikidata,
                           e.subtype, n_))
    return triples, ents, arts


def _shape(triples: list[Any], ents: list[Any], arts: list[Any]) -> Shaper:
    sh = Shaper()
    for e in ents:
        sh.add_entity(e)
    for a in arts:
        sh.add_article(a.id, a.lang, a.date, a.title)
    for t in triples:
        sh.add_triple(t)
    return sh


def run_load(p: dict[str, Any]) -> dict[str, Any]:
    """Params: seed, articles (bulk), days, per_day. Bulk vs COPY, then new days into it."""
    from kg.api import open_store

    seed, n = int(p["seed"]), int(p["articles"])
    triples, ents, arts = _batch(seed, 0, n)
    # LadybugDB imports pandas on its first Arrow scan (about 0.5 s, once per process):
    # import it before either side is timed, so neither pays a start-up cost.
    import pandas  # noqa: F401
    bulk_path, copy_path = WORK / "load-bulk", WORK / "load-copy"
    shutil.rmtree(bulk_path, ignore_errors=True)
    res: dict[str, Any] = {"articles": n, "triples": len(triples)}
    with PeakSampler() as mem, timer() as t_load, open_store(bulk_path, create=True) as st:
        with timer() as t_inner:
            summary = st.load(triples, ents, arts)
        stats = st.stats()
    res["bulk"] = {"seconds": r(t_inner["s"], 3), "with_open_close_s": r(t_load["s"], 3),
                   "triples_per_s": r(len(triples) / t_inner["s"], 0),
                   "relationships": stats["total_edges"], "evidence": stats["evidence"],
                   "nodes": stats["total_nodes"], "skipped": len(summary.skipped),
                   "rss_grew_mb": mem.grew_mb}
    sh = _shape(triples, ents, arts)
    counts = sh.counts()
    with PeakSampler() as mem:
        cp = copy_into(copy_path, sh.tables())
    rels = counts["relationships"] + counts["evidence"]  # edges + evidence links
    res["copy"] = {"seconds": r(cp["seconds"], 3),
                   "relationships_per_s": r(rels / cp["seconds"], 0),
                   "triples_per_s": r(len(triples) / cp["seconds"], 0), **counts,
                   "rss_grew_mb": mem.grew_mb}
    res["bulk_vs_copy"] = r(t_inner["s"] / cp["seconds"], 2)
    res["same_counts"] = (stats["total_edges"] == counts["relationships"]
                          and stats["evidence"] == counts["evidence"])
    shutil.rmtree(copy_path, ignore_errors=True)
    del triples, sh
    res["incremental"] = _new_days(bulk_path, seed, n, int(p.get("days", 3)),
                                   int(p.get("per_day", 250)))
    shutil.rmtree(bulk_path, ignore_errors=True)
    return res


def _new_days(path: Path, seed: int, start: int, days: int, per_day: int) -> dict[str, Any]:
    """New days of news (articles from ``start`` on) into the store at ``path``: each
    opened, loaded and closed, as a daily job does."""
    from kg.api import open_store

    out = []
    for d in range(days):
        t_day, e_day, a_day = _batch(seed, start + d * per_day, per_day)
        with timer() as t_all:
            with timer() as t_open:
                st = open_store(path, create=False)
            try:
                with timer() as t_in:
                    s = st.load(t_day, e_day, a_day)
            finally:
                with timer() as t_close:
                    st.close()
        out.append({"triples": len(t_day), "seconds": r(t_in["s"], 3),
                    "triples_per_s": r(len(t_day) / t_in["s"], 0),
                    "open_s": r(t_open["s"], 3), "close_s": r(t_close["s"], 3),
                    "total_s": r(t_all["s"], 3), "edges_created": s.edges_created,
                    "edges_updated": s.edges_updated})
    return {"days": out, "per_day_articles": per_day,
            "triples_per_s": r(median([d["triples_per_s"] for d in out]), 0)}


def run_incremental(p: dict[str, Any]) -> dict[str, Any]:
    """Params: path (the query store), start, seed, days, per_day.

    New days of news into a copy of the large store (its articles end at
    ``start``), the way a daily job opens, loads and closes it.
    """
    src, seed, start = Path(p["path"]), int(p["seed"]), int(p["start"])
    path = WORK / "incremental-store"
    shutil.rmtree(path, ignore_errors=True)
    with timer() as t_copy:
        shutil.copytree(src, path)
    try:
        res = _new_days(path, seed, start, int(p.get("days", 2)), int(p.get("per_day", 250)))
    finally:
        shutil.rmtree(path, ignore_errors=True)
    return {**res, "store_copy_s": r(t_copy["s"], 2)}


# -- the store the queries run on -------------------------------------------------------------
def store_key(seed: int, target: int) -> str:
    import ladybug

    from bench.corpus import fingerprint
    from kg import resources

    h = hashlib.blake2b(digest_size=8)
    for part in (str(seed), str(target), fingerprint(), ladybug.__version__,
                 resources.read_text("schemas", "ladybug.cypher")):
        h.update(part.encode())
    return h.hexdigest()


def run_build_query_store(p: dict[str, Any]) -> dict[str, Any]:
    """Params: seed, target (relationships), path. Generate until the target, COPY, cache."""
    from bench.corpus import generate, world
    from kg.model import Entity

    seed, target, path = int(p["seed"]), int(p["target"]), Path(p["path"])
    key = store_key(seed, target)
    manifest = path.with_suffix(".json")
    if manifest.exists() and (path / "graph.lbug").exists():
        m = json.loads(manifest.read_text())
        if m.get("key") == key:
            m["cached"] = True
            return m
    gz = world().gz
    sh = Shaper()
    n = 0
    mentions: dict[str, int] = {}
    with timer() as t_gen:
        for a in generate(10**9, seed):
            n += 1
            sh.add_article(a.id, a.lang, a.date, a.title)
            for t in a.triples():
                sh.add_triple(t)
                mentions[t.subject.id] = mentions.get(t.subject.id, 0) + 1
                mentions[t.object.id] = mentions.get(t.object.id, 0) + 1
            if len(sh.edges) >= target:
                break
    for eid, k in mentions.items():
        e = gz.entities[eid]
        sh.add_entity(Entity(e.id, e.type, e.label, dict(e.labels), list(e.aliases),
                             e.wikidata, e.subtype, k))
    cp = copy_into(path, sh.tables())
    import pyarrow.feather as feather

    feather.write_feather(sh.edge_list(), str(path.with_suffix(".edges.arrow")))
    counts = sh.counts()
    rels = counts["relationships"] + counts["evidence"]
    m = {"key": key, "articles": n, **counts, "generate_s": r(t_gen["s"], 1),
         "copy_s": r(cp["seconds"], 2), "copy_relationships_per_s": r(rels / cp["seconds"], 0),
         "cached": False}
    manifest.write_text(json.dumps(m, indent=1))
    return m


# -- queries -----------------------------------------------------------------------------------
# The entities within two relations of one, either direction, written two ways: the
# variable-length pattern a user writes first, and two steps (3-9x faster on LadybugDB 0.22).
TWO_HOP = {
    "variable_length": "MATCH (a:{label} {{id: $id}})-[*1..2]-(b) WHERE b.id <> $id "
                       "RETURN DISTINCT b.id",
    "two_steps": "MATCH (a:{label} {{id: $id}})-[]-(m) WITH DISTINCT m MATCH (m)-[]-(b) "
                 "WITH collect(DISTINCT m.id) + collect(DISTINCT b.id) AS ids "
                 "UNWIND ids AS x WITH DISTINCT x WHERE x <> $id RETURN x",
}


def _timeout(st: Any, ms: int) -> bool:
    """Ask the engine to stop a query after ``ms`` (LadybugDB); False where it cannot."""
    conn = getattr(st.backend, "_conn", None)
    setter = getattr(conn, "set_query_timeout", None)
    if setter is None:
        return False
    setter(int(ms))
    return True


def _measure(fn: Any, runs: int, budget: float) -> tuple[list[float], Any, str | None]:
    """Times in ms of ``fn()`` after one warm-up run: ``runs`` runs, or fewer (at least 3)
    once ``budget`` seconds are spent; a warm-up slower than the budget is the only run."""
    since = time.perf_counter()
    t0 = time.perf_counter()
    try:
        out = fn()
    except Exception as e:  # a query that fails or times out is reported, not fatal
        return [], None, f"{type(e).__name__}: {str(e).splitlines()[0][:200]}"
    first = (time.perf_counter() - t0) * 1000
    if first > budget * 1000:
        return [first], out, None
    times: list[float] = []
    while len(times) < runs and not (len(times) >= 3 and time.perf_counter() - since > budget):
        t0 = time.perf_counter()
        out = fn()
        times.append((time.perf_counter() - t0) * 1000)
    return times, out, None


def run_queries(p: dict[str, Any]) -> dict[str, Any]:
    """Params: path, runs, budget_s. Every named query with its defaults; 2-hop vs networkx.

    Each query runs once to warm up, then ``runs`` times, or fewer (at least
    3) once ``budget_s`` seconds have gone on it; the engine stops a single
    run after 4x the budget (reported as an error), so one slow query cannot
    eat the run.
    """
    import networkx as nx
    import pyarrow.feather as feather

    from kg import query as named
    from kg.api import open_store

    path, runs = Path(p["path"]), int(p.get("runs", 20))
    budget = float(p.get("budget_s", 10.0))
    res: dict[str, Any] = {"runs": runs, "budget_s": budget, "named": {}}
    with open_store(path, create=False, read_only=True) as st:
        stats = st.stats()
        res["relationships"] = stats["total_edges"]
        res["evidence"] = stats["evidence"]
        res["timeout_s"] = 4 * budget if _timeout(st, 4 * budget * 1000) else None
        catalog = named.list_queries()
        if not catalog:
            res["named_note"] = "no named queries in queries/ yet"
        for q in catalog:
            times, out, err = _measure(lambda q=q: st.run(q.name), runs, budget)
            res["named"][q.name] = {"median_ms": r(median(times), 2),
                                    "p95_ms": r(percentile(times, 95), 2), "runs": len(times),
                                    "rows": len(out.rows) if out is not None else None,
                                    **({"error": err} if err else {})}
        # The 2-hop neighbourhood of a hub, a middling and a quiet entity.
        edges = feather.read_table(str(path.with_suffix(".edges.arrow"))).to_pydict()
        with timer() as t_build, PeakSampler() as mem:
            g = nx.MultiDiGraph()
            g.add_edges_from(zip(edges["src"], edges["dst"], edges["key"], strict=True))
        types = dict(zip(edges["src"], edges["src_type"], strict=True))
        types.update(zip(edges["dst"], edges["dst_type"], strict=True))
        by_degree = sorted(g.degree, key=lambda x: (-x[1], x[0]))
        picks = {"hub": by_degree[0][0], "middling": by_degree[len(by_degree) // 10][0],
                 "quiet": by_degree[len(by_degree) // 2][0]}
        two: dict[str, Any] = {"networkx_build_s": r(t_build["s"], 2),
                               "networkx_rss_grew_mb": mem.grew_mb, "entities": {}}
        ratios = []
        for role, eid in picks.items():
            nx_times, nx_out, _ = _measure(lambda eid=eid: _nx_two_hop(g, eid), runs, budget)
            found: dict[str, Any] = {"id": eid, "degree": g.degree(eid),
                                     "networkx_median_ms": r(median(nx_times), 3),
                                     "networkx_results": len(nx_out)}
            best = None
            for form, text in TWO_HOP.items():
                q = text.format(label=types[eid])
                times, out, err = _measure(lambda q=q, eid=eid: st.query(q, {"id": eid}), runs,
                                           budget)
                got = {row[0] for row in out.rows} if out is not None else None
                found[form] = {"median_ms": r(median(times), 2),
                               "p95_ms": r(percentile(times, 95), 2), "runs": len(times),
                               "results": len(got) if got is not None else None,
                               "same_as_networkx": got == nx_out if got is not None else None,
                               **({"error": err} if err else {})}
                if times and (best is None or median(times) < best):
                    best = median(times)
            if best:
                ratios.append(median(nx_times) / best)
                found["networkx_over_store"] = r(median(nx_times) / best, 3)
            two["entities"][role] = found
        two["networkx_over_store"] = r(median(ratios), 3) if ratios else None
        res["two_hop"] = two
    return res


def _nx_two_hop(g: Any, n: str) -> set[str]:
    """Entities within two relations of ``n``, either direction: the networkx way."""
    first = set(g.successors(n)) | set(g.predecessors(n))
    out = set(first)
    for m in first:
        out.update(g.successors(m))
        out.update(g.predecessors(m))
    out.discard(n)
    return out
