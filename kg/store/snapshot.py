"""A store's whole graph as the networkx shape of :mod:`kg.graph`, for every store.

It reads through the store's own ``query(cypher, params)`` with the portable
statements of :mod:`kg.store.cypher` (one per entity type and per predicate,
plus the evidence), so the embedded store and Neo4j share it and a view or an
exporter cannot tell a loaded graph from :func:`kg.graph.aggregate` of the
same triples. Evidence lists are ordered by ``(doc_id, start, end)``; the
aggregate keeps input order, so compare them as sets.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import networkx as nx

from kg.graph import EDGE_PROPERTY_KEYS
from kg.store import cypher as C
from kg.store.base import QueryResult
from kg.vocab import ENTITY_TYPES, PREDICATES

QueryFn = Callable[[str, dict[str, Any]], QueryResult]


def _labels(v: Any) -> dict[str, str]:
    if isinstance(v, dict):
        return dict(v)
    if not v:
        return {}
    try:
        out = json.loads(v)
    except (TypeError, ValueError):
        return {}
    return out if isinstance(out, dict) else {}


def to_networkx(query: QueryFn) -> nx.MultiDiGraph:
    """The aggregated graph held by a store (nodes with all properties, edges with evidence)."""
    g = nx.MultiDiGraph()
    for t in ENTITY_TYPES:
        for r in query(C.snapshot_nodes(t), {}).records():
            g.add_node(r["id"], type=t, label=r["label"], labels=_labels(r["labels"]),
                       aliases=list(r["aliases"] or []), wikidata=r["wikidata"],
                       subtype=r["subtype"], mentions=int(r["mentions"] or 0))
    evidence: dict[str, list[dict[str, Any]]] = {}
    for r in query(C.SNAPSHOT_EVIDENCE, {}).records():
        key = r.pop("edge_key")
        evidence.setdefault(key, []).append(
            {"doc_id": r["doc_id"], "lang": r["lang"], "sentence": r["sentence"],
             "start": int(r["start"]), "end": int(r["end"])})
    for ev in evidence.values():
        ev.sort(key=lambda e: (e["doc_id"], e["start"], e["end"]))
    for p in PREDICATES:
        for r in query(C.snapshot_edges(p), {}).records():
            props = {k: r[k] for k in EDGE_PROPERTY_KEYS if r.get(k) is not None}
            g.add_edge(
                r["source"], r["target"], key=r["key"], predicate=p, date=r["date"],
                first_seen=r["first_seen"], last_seen=r["last_seen"],
                count=int(r["count"] or 0), confidence=float(r["confidence"] or 0.0),
                cameo=r["cameo"], plover=r["plover"], docs=sorted(r["docs"] or []),
                properties=props, evidence=evidence.get(r["key"], []),
            )
    return g


def to_pandas(g: nx.MultiDiGraph) -> tuple[Any, Any]:
    """(nodes, edges) DataFrames of an aggregated graph; list and dict cells kept as objects."""
    import pandas as pd

    node_attrs = ("type", "label", "labels", "aliases", "wikidata", "subtype", "mentions")
    nodes = pd.DataFrame(
        [{"id": n, **{k: d.get(k) for k in node_attrs}} for n, d in g.nodes(data=True)],
        columns=["id", *node_attrs],
    )
    edge_attrs = ("predicate", "date", "first_seen", "last_seen", "count", "confidence",
                  "cameo", "plover", "docs")
    rows = []
    for s, o, k, d in g.edges(keys=True, data=True):
        rows.append({
            "source": s, "target": o, "key": k,
            **{c: d.get(c) for c in (*edge_attrs, "evidence")},
            **{c: (d.get("properties") or {}).get(c) for c in EDGE_PROPERTY_KEYS},
        })
    edges = pd.DataFrame(rows, columns=["source", "target", "key", *edge_attrs,
                                        *EDGE_PROPERTY_KEYS, "evidence"])
    return nodes, edges
