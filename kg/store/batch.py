"""How every graph store folds a batch of triples into rows: one rule, one place.

The embedded store (:mod:`kg.store.ladybug`) and the Neo4j store
(:mod:`kg.store.neo4j`) must aggregate exactly as :func:`kg.graph.add_triple`
does: one edge per ``Triple.edge_key()``, one mention per ``(edge_key,
doc_id, start, end)`` (its :func:`evidence_id`), and, merged with what the
store already holds, counts added, first/last seen as min/max, confidence as
the max, docs as a sorted union, the first value of a relation property kept.
That is what makes loading idempotent and makes the two stores hold the same
graph for the same input, so the rule lives here once instead of twice (with
the shape of ``stats()``, which must agree too). The stores keep what is their
own: how they look rows up and how they write them.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import islice
from typing import Any, NamedTuple

from kg.graph import EDGE_PROPERTY_KEYS, seen_date
from kg.model import Article, Entity, Triple
from kg.store import cypher as C
from kg.store.base import SCHEMA_VERSION
from kg.vocab import ENTITY_TYPES, PREDICATES


def evidence_id(edge_key: str, doc_id: str, start: int, end: int) -> str:
    """The identity of one mention of one edge: stable across runs, machines and stores."""
    raw = f"{edge_key}\x1f{doc_id}\x1f{start}\x1f{end}".encode()
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


def labels_json(labels: Mapping[str, str] | None) -> str:
    """Node ``labels`` as stored by every kg store: a JSON object, UTF-8 kept readable."""
    return json.dumps(dict(labels or {}), ensure_ascii=False, sort_keys=True)


def property_text(v: Any) -> str | None:
    """A relation property as stored: strings as they are, anything else as JSON."""
    if v is None or isinstance(v, str):
        return v
    return json.dumps(v, ensure_ascii=False, sort_keys=True)


def entity_row(id_: str, type_: str, label: str, labels: Mapping[str, str] | None = None,
               aliases: Iterable[str] | None = None, wikidata: str | None = None,
               subtype: str | None = None, mentions: int = 0) -> dict[str, Any]:
    """An entity node's properties, as both stores write them."""
    return {"id": id_, "type": type_, "label": label, "labels": labels_json(labels),
            "aliases": list(aliases or []), "wikidata": wikidata, "subtype": subtype,
            "mentions": int(mentions)}


def article_row(a: Article) -> dict[str, Any]:
    """An article node's properties, as both stores write them (the text is not kept)."""
    return {"id": a.id, "lang": a.lang, "date": a.date, "title": a.title, "url": a.url,
            "source": a.source}


# --- entity records ---------------------------------------------------------------


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for a load.

    A load makes millions of small acyclic objects (triples, mentions, rows) that
    reference counting frees; with them alive, the collector's full passes re-walk
    the whole heap over and over, which measured 2-5x on aggregating and shaping a
    batch. Nothing a load makes needs the cycle collector.
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def merge_entity_records(entities: Iterable[Entity]) -> list[Entity]:
    """One record per id: later records win, mentions are the max (kg.graph.add_entity)."""
    merged: dict[str, Entity] = {}
    for e in entities:
        old = merged.get(e.id)
        if old is not None:
            e = dataclasses.replace(e, mentions=max(old.mentions, e.mentions))
        merged[e.id] = e
    return list(merged.values())


def entity_record_rows(ents: Iterable[Entity], types: Mapping[str, str],
                       skipped: list[str]) -> Iterator[tuple[dict[str, Any], str | None]]:
    """``(row, stored type or None)`` per record; a node never changes type, so a record
    that disagrees with the store is left out with a note in ``skipped``."""
    for e in ents:
        stored = types.get(e.id)
        if stored is not None and stored != e.type:
            skipped.append(f"entity {e.id}: the store holds it as a {stored}, "
                           f"the record says {e.type}; kept {stored}")
            continue
        yield entity_row(e.id, e.type, e.label, e.labels, e.aliases, e.wikidata, e.subtype,
                         e.mentions), stored


# --- triples ----------------------------------------------------------------------


class Mention(NamedTuple):
    """One supporting mention of an edge: an Evidence row, fields in the store's column order.

    A tuple, not a dict: a bulk load makes hundreds of thousands of them, and the
    embedded store turns a list of them into an Arrow table in one conversion.
    """

    id: str
    edge_key: str
    predicate: str
    doc_id: str
    lang: str
    sentence: str
    start: int
    end: int
    confidence: float
    date: str | None


assert Mention._fields == tuple(c for c, _ in C.EVIDENCE_COLUMNS), "Mention != Evidence columns"


@dataclass(slots=True)
class Edge:
    """One aggregated edge of a batch, and the mentions it brings."""

    key: str
    predicate: str
    src: str
    dst: str
    src_type: str
    dst_type: str
    date: str | None
    cameo: str | None
    plover: str | None
    props: dict[str, Any] = field(default_factory=dict)
    mentions: dict[str, Mention] = field(default_factory=dict)  # evidence id -> mention


@dataclass(slots=True)
class Aggregate:
    """A batch of triples folded into edges, before the store's own rows are merged in."""

    new_nodes: dict[str, dict[str, Any]] = field(default_factory=dict)  # id -> entity row
    edges: dict[str, Edge] = field(default_factory=dict)  # edge key -> edge
    # (triple number, triple, subject type, object type) where the predicate cannot link them
    mismatched: list[tuple[int, Triple, str, str]] = field(default_factory=list)


def aggregate(batch: Iterable[tuple[int, Triple]], types: Mapping[str, str]) -> Aggregate:
    """Fold numbered triples into edges and mentions with the rule of :mod:`kg.graph`.

    ``types`` is what the store holds (entity id -> type): an end keeps the
    type it was stored as, and only ends the store lacks become ``new_nodes``.
    """
    agg = Aggregate()
    new_nodes, edges = agg.new_nodes, agg.edges
    prop_keys = EDGE_PROPERTY_KEYS
    new_tuple = tuple.__new__  # Mention(...) goes through a slower Python-level __new__
    for n, t in batch:
        s, o, props = t.subject, t.object, t.properties
        # An end keeps the type it is stored (or was first seen in this batch) with.
        s_type = types.get(s.id) or (new_nodes[s.id]["type"] if s.id in new_nodes else s.type)
        o_type = types.get(o.id) or (new_nodes[o.id]["type"] if o.id in new_nodes else o.type)
        pred = PREDICATES[t.predicate]
        if s_type not in pred.domain or o_type not in pred.range:
            agg.mismatched.append((n, t, s_type, o_type))
            continue
        if s.id not in types and s.id not in new_nodes:
            new_nodes[s.id] = entity_row(s.id, s.type, s.label)
        if o.id not in types and o.id not in new_nodes:
            new_nodes[o.id] = entity_row(o.id, o.type, o.label)
        key = t.edge_key()
        e = edges.get(key)
        if e is None:
            e = edges[key] = Edge(
                key=key, predicate=t.predicate, src=s.id, dst=o.id,
                src_type=s_type, dst_type=o_type,
                date=props.get("date") if pred.is_interaction else None,
                cameo=props.get("cameo", pred.cameo),
                plover=props.get("plover", pred.plover))
        ev = t.evidence
        eid = evidence_id(key, ev.doc_id, ev.start, ev.end)
        if eid in e.mentions:
            continue
        e.mentions[eid] = new_tuple(Mention, (
            eid, key, t.predicate, ev.doc_id, ev.lang, ev.sentence, ev.start, ev.end,
            float(t.confidence), seen_date(t)))
        if not props.keys().isdisjoint(prop_keys):
            for k in prop_keys:
                if k in props and k not in e.props:
                    e.props[k] = property_text(props[k])
    return agg


def mismatch_notes(agg: Aggregate, end: str) -> list[str]:
    """The skip note of each triple whose predicate cannot link its ends.

    ``end`` words one end from ``{type}`` and ``{id}`` (the stores word it differently).
    """
    notes = []
    for n, t, st, dt in agg.mismatched:
        pred = PREDICATES[t.predicate]
        notes.append(f"triple {n}: {t.predicate} cannot link "
                     f"{end.format(type=st, id=t.subject.id)} to "
                     f"{end.format(type=dt, id=t.object.id)}; the contract allows "
                     f"{'/'.join(pred.domain)} -> {'/'.join(pred.range)}")
    return notes


def mention_ids(edges: Iterable[Edge]) -> Iterator[str]:
    """The evidence ids a batch brings, edge by edge."""
    return (i for e in edges for i in e.mentions)


def drop_stored(edges: Iterable[Edge], stored: set[str]) -> list[Edge]:
    """Drop the mentions the store already holds (they change nothing); the edges left."""
    live = []
    for e in edges:
        for i in stored & e.mentions.keys():
            del e.mentions[i]
        if e.mentions:
            live.append(e)
    return live


def by_type(rows: Iterable[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Entity rows grouped by their ``type`` (one node table or label each)."""
    out: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        out.setdefault(row["type"], []).append(row)
    return out


def doc_langs(mentions: Iterable[Mention]) -> dict[str, str]:
    """The documents the mentions come from, with the language of the first one seen."""
    ms = mentions if isinstance(mentions, list) else list(mentions)
    # Later keys overwrite earlier ones: walk backwards so the first mention's language wins.
    return {m.doc_id: m.lang for m in reversed(ms)}


def edge_groups(edges: Iterable[Edge]) -> dict[tuple[str, str, str], list[Edge]]:
    """Edges grouped by (predicate, subject type, object type): one rel table pair each."""
    groups: dict[tuple[str, str, str], list[Edge]] = {}
    for e in edges:
        groups.setdefault((e.predicate, e.src_type, e.dst_type), []).append(e)
    return groups


# The row of a new edge, in this order (what ``fresh_edge`` returns).
FRESH_EDGE_FIELDS = ("src", "dst", "key", "predicate", "date", "first_seen", "last_seen",
                     "count", "confidence", "cameo", "plover", "docs", *EDGE_PROPERTY_KEYS)
_NO_PROPS = (None,) * len(EDGE_PROPERTY_KEYS)


def fresh_edge(e: Edge) -> tuple[Any, ...]:
    """An edge's row from the batch's mentions alone (fields: ``FRESH_EDGE_FIELDS``).

    A tuple, so a bulk load can turn a million of them into columns at C speed.
    """
    ms = e.mentions
    if len(ms) == 1:  # most edges of a batch
        (m,) = ms.values()
        first = last = m.date or None
        count, conf, docs = 1, m.confidence, [m.doc_id]
    else:
        vals = ms.values()
        seen = [m.date for m in vals if m.date]
        first, last = (min(seen), max(seen)) if seen else (None, None)
        count = len(ms)
        conf = max(m.confidence for m in vals)
        docs = sorted({m.doc_id for m in vals})
    props = e.props
    extra = tuple(props.get(k) for k in EDGE_PROPERTY_KEYS) if props else _NO_PROPS
    return (e.src, e.dst, e.key, e.predicate, e.date, first, last, count, conf, e.cameo,
            e.plover, docs, *extra)


def merge_edge(e: Edge, old: Any | None) -> dict[str, Any]:
    """An edge's row after adding the batch's new mentions to what is stored (``old``).

    ``old`` is the stored row (anything indexable by the names of
    ``kg.store.cypher.EDGE_READ_COLUMNS``), or None for a new edge.
    """
    row = dict(zip(FRESH_EDGE_FIELDS, fresh_edge(e), strict=True))
    if old is None:
        return row
    row["count"] += old["count"] or 0
    row["confidence"] = max(row["confidence"], old["confidence"] or 0.0)
    for k, pick in (("first_seen", min), ("last_seen", max)):
        vals = [x for x in (old[k], row[k]) if x]
        row[k] = pick(vals) if vals else None
    row["docs"] = sorted(set(row["docs"]) | set(old["docs"] or ()))
    for k in EDGE_PROPERTY_KEYS:  # the first value seen wins
        if old[k] is not None:
            row[k] = old[k]
    return row


def batches(triples: Iterable[Triple], size: int,
            first: int | None = None) -> Iterator[list[tuple[int, Triple]]]:
    """Triples numbered from 1 (for messages), in lists of ``size`` (the first ``first``)."""
    numbered = enumerate(triples, 1)
    limit = first or size
    while batch := list(islice(numbered, limit)):
        yield batch
        limit = size


# --- what every store reports -----------------------------------------------------


def stats_record(where: str, engine: str, count: Callable[[str], int]) -> dict[str, Any]:
    """A store's ``stats()``; ``count(cypher)`` runs one of the counting statements."""
    nodes = {t: count(C.count_nodes(t)) for t in ENTITY_TYPES}
    edges = {p: count(C.count_rels(p)) for p in PREDICATES}
    return {
        "store": where,
        "engine": engine,
        "schema_version": SCHEMA_VERSION,
        "nodes": nodes,
        "edges": {p: n for p, n in edges.items() if n},
        "total_nodes": sum(nodes.values()),
        "total_edges": sum(edges.values()),
        "articles": count(C.count_nodes(C.ARTICLE)),
        "evidence": count(C.count_nodes(C.EVIDENCE)),
    }
