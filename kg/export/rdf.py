"""RDF exports (Turtle, N-Triples, JSON-LD) and :func:`to_rdf` for the Python API.

The model (also described at the top of ``schemas/kg.ttl``; the shapes every
export satisfies are ``schemas/shapes.ttl``):

* an entity is ``<ENTITY_NAMESPACE + percent-encoded id>`` (a Country's id is
  its ISO3 code, so ``.../entity/RUS``) with ``rdf:type`` its class,
  ``rdfs:label`` once per language (the canonical label in English; a
  different ``labels["en"]`` becomes an English ``skos:altLabel``),
  ``skos:altLabel`` per alias, ``owl:sameAs`` its Wikidata item where known,
  ``kg:mentions`` and, for places, ``kg:subtype``;
* every aggregated edge is asserted directly, ``s kg:PREDICATE o``, so plain
  SPARQL over the graph works without knowing about provenance;
* its provenance is a **reified** ``rdf:Statement`` (RDF 1.1 reification, not
  RDF-star: every parser, store and SHACL engine reads it, and an interaction
  seen on two dates is two statements over one direct triple) carrying
  ``kg:date``, ``kg:firstSeen``, ``kg:lastSeen``, ``kg:count``,
  ``kg:confidence``, ``kg:cameo``, ``kg:plover``, ``kg:docs`` (article IRIs),
  ``kg:role`` / ``kg:portfolio`` / ``kg:modality`` / ``kg:attributedTo`` /
  ``kg:validFrom`` / ``kg:validTo`` where known, and ``kg:evidence`` nodes
  (``kg:sentence`` tagged with its language, ``kg:lang``, ``kg:start``,
  ``kg:end``, ``kg:doc``). Evidence nodes are keyed by (doc, start, end), so
  one sentence supporting three edges is stored once.

Statement IRIs are a hash of the edge key (stable across runs and stores).
The triples are built once, by one generator, into either library's terms:
pyoxigraph writes Turtle and N-Triples (rdflib was 5-25 times slower on ~100k-450k
triples here), rdflib backs :func:`to_rdf` and JSON-LD.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import networkx as nx

from kg import resources
from kg.errors import ExportError
from kg.export.base import ExportSummary, Timer, atomic_path, count_evidence
from kg.export.tables import sorted_edges
from kg.vocab import ENTITY_NAMESPACE, ENTITY_TYPES, NAMESPACE, PREDICATES

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
XSD = "http://www.w3.org/2001/XMLSchema#"
WIKIDATA = "http://www.wikidata.org/entity/"

_BASE = ENTITY_NAMESPACE[: -len("entity/")] if ENTITY_NAMESPACE.endswith("entity/") \
    else ENTITY_NAMESPACE
RELATION_NAMESPACE = _BASE + "relation/"
EVIDENCE_NAMESPACE = _BASE + "evidence/"
DOC_NAMESPACE = _BASE + "doc/"

PREFIXES: dict[str, str] = {
    "kg": NAMESPACE,
    "ent": ENTITY_NAMESPACE,
    "rel": RELATION_NAMESPACE,
    "ev": EVIDENCE_NAMESPACE,
    "doc": DOC_NAMESPACE,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "skos": SKOS,
    "xsd": XSD,
}

# Edge ``properties`` keys written on the statement, and their RDF property.
_DATE_PROPS = {"valid_from": "validFrom", "valid_to": "validTo"}
_TEXT_PROPS = {"role": "role", "portfolio": "portfolio", "modality": "modality",
               "subtype": "subtype"}

_LANG_TAG = re.compile(r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$")
_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_QID = re.compile(r"^Q[0-9]+$")


def entity_iri(entity_id: str) -> str:
    """The IRI of an entity: its id percent-encoded (':' kept, as in ``person:x``)."""
    return ENTITY_NAMESPACE + quote(entity_id, safe=":-._~")


def doc_iri(doc_id: str) -> str:
    return DOC_NAMESPACE + quote(doc_id, safe="-._~")


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=12).hexdigest()


def statement_iri(edge_key: str) -> str:
    """The IRI of the reified statement of one aggregated edge."""
    return RELATION_NAMESPACE + _digest(edge_key)


def evidence_iri(doc_id: str, start: int, end: int) -> str:
    return EVIDENCE_NAMESPACE + _digest(f"{doc_id}\x1f{start}\x1f{end}")


def _lang(tag: Any) -> str | None:
    if isinstance(tag, str) and _LANG_TAG.match(tag):
        return tag.lower()
    return None


def _date(value: Any) -> str | None:
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        return None
    try:
        _dt.date.fromisoformat(value)
    except ValueError:
        return None
    return value


def _decimal(x: Any) -> str:
    s = f"{float(x):.3f}".rstrip("0")
    return s + "0" if s.endswith(".") else s


class _Factory:
    """Makes terms and triples of one RDF library; IRIs are cached."""

    def __init__(self) -> None:
        self._iris: dict[str, Any] = {}

    def iri(self, value: str) -> Any:
        node = self._iris.get(value)
        if node is None:
            node = self._iris[value] = self.make_iri(value)
        return node

    def make_iri(self, value: str) -> Any:
        raise NotImplementedError

    def lit(self, value: str, datatype: str | None = None, lang: str | None = None) -> Any:
        raise NotImplementedError

    def triple(self, s: Any, p: Any, o: Any) -> Any:
        return (s, p, o)


class _RdflibFactory(_Factory):
    def __init__(self) -> None:
        super().__init__()
        from rdflib import Literal, URIRef

        self._uri, self._literal = URIRef, Literal

    def make_iri(self, value: str) -> Any:
        return self._uri(value)

    def lit(self, value: str, datatype: str | None = None, lang: str | None = None) -> Any:
        if lang:
            return self._literal(value, lang=lang)
        if datatype:
            return self._literal(value, datatype=self.iri(datatype))
        return self._literal(value)


class _OxigraphFactory(_Factory):
    def __init__(self) -> None:
        super().__init__()
        import pyoxigraph

        self._ox = pyoxigraph

    def make_iri(self, value: str) -> Any:
        return self._ox.NamedNode(value)

    def lit(self, value: str, datatype: str | None = None, lang: str | None = None) -> Any:
        if lang:
            return self._ox.Literal(value, language=lang)
        if datatype:
            return self._ox.Literal(value, datatype=self.iri(datatype))
        return self._ox.Literal(value)

    def triple(self, s: Any, p: Any, o: Any) -> Any:
        return self._ox.Triple(s, p, o)


def _triples(g: nx.MultiDiGraph, f: _Factory, skipped: Counter[str]) -> Iterator[Any]:
    """Every triple of the export, once each, grouped by subject.

    ``skipped`` counts values left out because RDF cannot type them as the
    shapes require (a date that is not an ISO date, a bad language tag).
    """
    iri, lit, T = f.iri, f.lit, f.triple
    a = iri(RDF + "type")
    label, alt = iri(RDFS + "label"), iri(SKOS + "altLabel")
    statement, rdf_s, rdf_p, rdf_o = (iri(RDF + x) for x in
                                      ("Statement", "subject", "predicate", "object"))
    kg = {name: iri(NAMESPACE + name) for name in (
        "Article", "Evidence", "date", "firstSeen", "lastSeen", "count", "confidence",
        "cameo", "plover", "docs", "evidence", "sentence", "lang", "start", "end", "doc",
        "docId", "mentions", "subtype", "attributedTo",
        *_DATE_PROPS.values(), *_TEXT_PROPS.values())}
    xsd_int, xsd_date, xsd_dec = XSD + "integer", XSD + "date", XSD + "decimal"

    edges = sorted_edges(g)
    for _, _, key, d in edges:
        if d.get("predicate") not in PREDICATES:
            raise ExportError(f"edge {key!r} has predicate {d.get('predicate')!r}, which is "
                              "not in the vocabulary (kg/vocab.py); fix the store or the "
                              "extractor that wrote it")

    for nid in sorted(g.nodes, key=str):
        n = g.nodes[nid]
        if n.get("type") not in ENTITY_TYPES:
            raise ExportError(f"node {nid!r} has type {n.get('type')!r}, not one of "
                              f"{', '.join(ENTITY_TYPES)}; fix the store or the extractor")
        s = iri(entity_iri(str(nid)))
        yield T(s, a, iri(NAMESPACE + n["type"]))
        canonical = n.get("label") or str(nid)
        yield T(s, label, lit(canonical, lang="en"))
        seen_alt, seen_tags = {canonical}, {"en"}
        for code, name in sorted((n.get("labels") or {}).items()):
            tag = _lang(code)
            if not name:
                continue
            if tag is None:
                skipped["label with a bad language tag"] += 1
            elif tag == "en":
                if name not in seen_alt:
                    seen_alt.add(name)
                    yield T(s, alt, lit(name, lang="en"))
            elif tag not in seen_tags:  # one label per language
                seen_tags.add(tag)
                yield T(s, label, lit(name, lang=tag))
        for alias in n.get("aliases") or ():
            if alias and alias not in seen_alt:
                seen_alt.add(alias)
                yield T(s, alt, lit(str(alias)))
        qid = n.get("wikidata")
        if qid and _QID.match(str(qid)):
            yield T(s, iri(OWL + "sameAs"), iri(WIKIDATA + str(qid)))
        elif qid:
            skipped["wikidata id not of the form Q123"] += 1
        if n.get("mentions") is not None:
            yield T(s, kg["mentions"], lit(str(int(n["mentions"])), xsd_int))
        if n.get("subtype"):
            yield T(s, kg["subtype"], lit(str(n["subtype"])))
        # The direct edges, once per (predicate, object) whatever the dates.
        direct = {(d["predicate"], str(v)) for _, v, d in g.out_edges(nid, data=True)}
        for pred, v in sorted(direct):
            yield T(s, iri(NAMESPACE + pred), iri(entity_iri(v)))

    evidence_done: set[str] = set()
    docs_done: set[str] = set()
    for u, v, key, d in edges:
        s = iri(entity_iri(str(u)))
        p = iri(NAMESPACE + d["predicate"])
        o = iri(entity_iri(str(v)))
        st = iri(statement_iri(str(key)))
        yield T(st, a, statement)
        yield T(st, rdf_s, s)
        yield T(st, rdf_p, p)
        yield T(st, rdf_o, o)
        for attr, prop in (("date", "date"), ("first_seen", "firstSeen"),
                           ("last_seen", "lastSeen")):
            value = d.get(attr)
            if value:
                if _date(value):
                    yield T(st, kg[prop], lit(value, xsd_date))
                else:
                    skipped[f"{attr} not an ISO date"] += 1
        yield T(st, kg["count"], lit(str(int(d.get("count") or 0)), xsd_int))
        if d.get("confidence") is not None:
            yield T(st, kg["confidence"], lit(_decimal(d["confidence"]), xsd_dec))
        if d.get("cameo"):
            yield T(st, kg["cameo"], lit(str(d["cameo"])))
        if d.get("plover"):
            yield T(st, kg["plover"], lit(str(d["plover"])))
        props = d.get("properties") or {}
        for k, prop in _TEXT_PROPS.items():
            if props.get(k):
                yield T(st, kg[prop], lit(str(props[k])))
        for k, prop in _DATE_PROPS.items():
            if props.get(k):
                if _date(props[k]):
                    yield T(st, kg[prop], lit(props[k], xsd_date))
                else:
                    skipped[f"{k} not an ISO date"] += 1
        if props.get("attributed_to"):
            yield T(st, kg["attributedTo"], iri(entity_iri(str(props["attributed_to"]))))

        doc_ids = {str(x) for x in d.get("docs") or ()}
        doc_ids.update(str(ev["doc_id"]) for ev in d.get("evidence") or ())
        for doc_id in sorted(doc_ids):
            yield T(st, kg["docs"], iri(doc_iri(doc_id)))
        linked: set[str] = set()
        pending: list[tuple[str, dict[str, Any]]] = []
        for ev in d.get("evidence") or ():
            ev_iri = evidence_iri(str(ev["doc_id"]), int(ev["start"]), int(ev["end"]))
            if ev_iri in linked:
                continue
            linked.add(ev_iri)
            yield T(st, kg["evidence"], iri(ev_iri))
            if ev_iri not in evidence_done:
                evidence_done.add(ev_iri)
                pending.append((ev_iri, ev))
        for ev_iri, ev in pending:
            e = iri(ev_iri)
            tag = _lang(ev.get("lang"))
            yield T(e, a, kg["Evidence"])
            yield T(e, kg["sentence"], lit(str(ev["sentence"]), lang=tag))
            if tag:
                yield T(e, kg["lang"], lit(tag))
            elif ev.get("lang"):
                skipped["evidence with a bad language tag"] += 1
            yield T(e, kg["start"], lit(str(int(ev["start"])), xsd_int))
            yield T(e, kg["end"], lit(str(int(ev["end"])), xsd_int))
            yield T(e, kg["doc"], iri(doc_iri(str(ev["doc_id"]))))
        for doc_id in sorted(doc_ids - docs_done):
            docs_done.add(doc_id)
            di = iri(doc_iri(doc_id))
            yield T(di, a, kg["Article"])
            yield T(di, kg["docId"], lit(doc_id))


def _warnings(skipped: Counter[str]) -> list[str]:
    return [f"{n} value(s) left out: {why}" for why, n in sorted(skipped.items())]


def _rdflib_graph(g: nx.MultiDiGraph, skipped: Counter[str]) -> Any:
    import rdflib

    out = rdflib.Graph()
    for prefix, ns in PREFIXES.items():
        out.bind(prefix, rdflib.Namespace(ns), override=True)
    out.addN((s, p, o, out) for s, p, o in _triples(g, _RdflibFactory(), skipped))
    return out


def to_rdf(g: nx.MultiDiGraph) -> Any:
    """The aggregated graph as an ``rdflib.Graph`` (model in the module docstring)."""
    return _rdflib_graph(g, Counter())


def _summary(fmt: str, g: nx.MultiDiGraph, path: Path, n: int, timer: Timer,
             skipped: Counter[str]) -> ExportSummary:
    return ExportSummary(format=fmt, path=path, nodes=g.number_of_nodes(),
                         edges=g.number_of_edges(), evidence=count_evidence(g),
                         rdf_triples=n, files=[path], seconds=timer(),
                         warnings=_warnings(skipped))


def _write_oxigraph(g: nx.MultiDiGraph, path: Path, fmt: str) -> ExportSummary:
    import pyoxigraph

    timer = Timer()
    skipped: Counter[str] = Counter()
    n = 0

    def counted() -> Iterator[Any]:
        nonlocal n
        for t in _triples(g, _OxigraphFactory(), skipped):
            n += 1
            yield t

    rdf_format = {"turtle": pyoxigraph.RdfFormat.TURTLE,
                  "nt": pyoxigraph.RdfFormat.N_TRIPLES,
                  "jsonld": pyoxigraph.RdfFormat.JSON_LD}[fmt]
    prefixes = PREFIXES if fmt == "turtle" else None
    with atomic_path(path) as tmp, open(tmp, "wb") as fh:
        pyoxigraph.serialize(counted(), fh, rdf_format, prefixes=prefixes)
    return _summary(fmt, g, Path(path), n, timer, skipped)


def _write_rdflib(g: nx.MultiDiGraph, path: Path, fmt: str) -> ExportSummary:
    timer = Timer()
    skipped: Counter[str] = Counter()
    rg = _rdflib_graph(g, skipped)
    rdflib_format = {"turtle": "turtle", "nt": "nt", "jsonld": "json-ld"}[fmt]
    opts: dict[str, Any] = {}
    if fmt == "jsonld":
        opts = {"context": dict(PREFIXES), "auto_compact": True, "indent": 1}
    with atomic_path(path) as tmp:
        rg.serialize(destination=str(tmp), format=rdflib_format, encoding="utf-8", **opts)
    return _summary(fmt, g, Path(path), len(rg), timer, skipped)


_ENGINES = ("oxigraph", "rdflib")


def _export(fmt: str, default_engine: str, g: nx.MultiDiGraph, path: Path,
            engine: str | None = None, **opts: Any) -> ExportSummary:
    if opts:
        raise ExportError(f"{fmt} export: unknown option(s) {', '.join(sorted(opts))}; "
                          "known: engine")
    engine = engine or default_engine
    if engine not in _ENGINES:
        raise ExportError(f"{fmt} export: unknown engine {engine!r}; known: "
                          f"{', '.join(_ENGINES)}")
    if engine == "oxigraph":
        return _write_oxigraph(g, path, fmt)
    return _write_rdflib(g, path, fmt)


def export_turtle(g: nx.MultiDiGraph, path: Path, **opts: Any) -> ExportSummary:
    """Turtle with prefixes; ``engine="rdflib"`` for rdflib's (slower) writer."""
    return _export("turtle", "oxigraph", g, path, **opts)


def export_nt(g: nx.MultiDiGraph, path: Path, **opts: Any) -> ExportSummary:
    """N-Triples, one triple a line: the format to stream into a triple store."""
    return _export("nt", "oxigraph", g, path, **opts)


def export_jsonld(g: nx.MultiDiGraph, path: Path, **opts: Any) -> ExportSummary:
    """JSON-LD compacted with the kg prefixes (rdflib); ``engine="oxigraph"`` is
    faster on large graphs but writes expanded JSON-LD."""
    return _export("jsonld", "rdflib", g, path, **opts)


def shapes_graph() -> Any:
    """``schemas/shapes.ttl`` as an rdflib graph."""
    import rdflib

    return rdflib.Graph().parse(data=resources.read_text("schemas", "shapes.ttl"),
                                format="turtle")


def validate(data: Any) -> tuple[bool, str]:
    """Check an exported graph (rdflib.Graph) against ``schemas/shapes.ttl``.

    Returns ``(conforms, report text)``; slow on millions of triples (pyshacl).
    """
    import pyshacl

    conforms, _, text = pyshacl.validate(data, shacl_graph=shapes_graph(),
                                         advanced=True, allow_warnings=True)
    return bool(conforms), str(text)
