"""The aggregated graph as plain Python: what exporters and views consume.

Both the stores (``Store.to_networkx()``) and :func:`aggregate` produce the
same ``networkx.MultiDiGraph`` shape, so an exporter or a view written
against it works with every store and with triples that were never loaded.

Node ``n`` (the entity id) has attributes::

    type, label, labels (dict lang->name), aliases (list), wikidata (str|None),
    subtype (str|None), mentions (int)

Edge ``(s, o, key)`` where ``key`` is ``Triple.edge_key()`` has::

    predicate, date (interactions: event date or None), first_seen, last_seen,
    count (distinct supporting mentions), confidence (max over mentions),
    cameo, plover, docs (sorted doc ids), properties (dict: role, portfolio,
    modality, attributed_to, valid_from, valid_to, ... from the mentions),
    evidence (list of {doc_id, lang, sentence, start, end})

Aggregation rule (the same in every store): one edge per edge key; a mention
is identified by ``(doc_id, start, end)`` of its evidence, so loading the same
triples twice changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import networkx as nx

from kg.model import Entity, Triple
from kg.vocab import PREDICATES

# Properties that describe the relation rather than one mention of it.
EDGE_PROPERTY_KEYS = (
    "role", "portfolio", "modality", "attributed_to", "valid_from", "valid_to", "subtype",
)


def mention_key(t: Triple) -> tuple[str, int, int]:
    """The identity of one supporting mention of an edge."""
    return (t.evidence.doc_id, t.evidence.start, t.evidence.end)


def seen_date(t: Triple) -> str | None:
    """The date a mention speaks of: the event date, else the article's date."""
    return t.properties.get("date") or t.properties.get("observed")


def add_triple(g: nx.MultiDiGraph, t: Triple) -> None:
    """Merge one triple into an aggregated graph, in place and idempotently."""
    for ref in (t.subject, t.object):
        if ref.id not in g:
            g.add_node(ref.id, type=ref.type, label=ref.label, labels={}, aliases=[],
                       wikidata=None, subtype=None, mentions=0)
    key = t.edge_key()
    pred = PREDICATES[t.predicate]
    if g.has_edge(t.subject.id, t.object.id, key):
        e = g.edges[t.subject.id, t.object.id, key]
    else:
        g.add_edge(
            t.subject.id, t.object.id, key=key, predicate=t.predicate,
            date=t.properties.get("date") if pred.is_interaction else None,
            first_seen=None, last_seen=None, count=0, confidence=0.0,
            cameo=t.properties.get("cameo", pred.cameo), plover=t.properties.get("plover", pred.plover),
            docs=[], properties={}, evidence=[], _mentions=set(),
        )
        e = g.edges[t.subject.id, t.object.id, key]
    m = mention_key(t)
    if m in e["_mentions"]:
        return
    e["_mentions"].add(m)
    e["count"] += 1
    e["confidence"] = max(e["confidence"], float(t.confidence))
    if t.evidence.doc_id not in e["docs"]:
        e["docs"].append(t.evidence.doc_id)
        e["docs"].sort()
    e["evidence"].append(t.evidence.to_dict())
    d = seen_date(t)
    if d:
        e["first_seen"] = d if e["first_seen"] is None else min(e["first_seen"], d)
        e["last_seen"] = d if e["last_seen"] is None else max(e["last_seen"], d)
    for k in EDGE_PROPERTY_KEYS:
        if k in t.properties and k not in e["properties"]:
            e["properties"][k] = t.properties[k]


def add_entity(g: nx.MultiDiGraph, ent: Entity) -> None:
    """Attach a full entity record (labels, aliases, wikidata) to its node."""
    attrs: dict[str, Any] = {
        "type": ent.type, "label": ent.label, "labels": dict(ent.labels),
        "aliases": list(ent.aliases), "wikidata": ent.wikidata, "subtype": ent.subtype,
    }
    if ent.id in g:
        old = g.nodes[ent.id].get("mentions", 0)
        g.nodes[ent.id].update(attrs, mentions=max(old, ent.mentions))
    else:
        g.add_node(ent.id, mentions=ent.mentions, **attrs)


def aggregate(triples: Iterable[Triple], entities: Iterable[Entity] = ()) -> nx.MultiDiGraph:
    """Aggregate triples (and entity records) into the graph shape described above."""
    g = nx.MultiDiGraph()
    for t in triples:
        add_triple(g, t)
    for ent in entities:
        add_entity(g, ent)
    for _, _, data in g.edges(data=True):
        data.pop("_mentions", None)
    return g
