"""CSV and Parquet exports: three tables in the folder the user names.

``kg export --format csv -o DIR`` writes ``DIR/nodes.csv``,
``DIR/edges.csv`` and ``DIR/evidence.csv`` (UTF-8, no BOM, RFC 4180
quoting, so sentences with quotes and newlines survive); ``--format
parquet`` writes the same tables as ``DIR/nodes.parquet`` and so on. The
folder is created if missing; each file is replaced atomically, other files
in it are left alone.

* nodes: id, type, label, labels, aliases, wikidata, subtype, mentions
* edges: key (the edge key), source, target, predicate, date, first_seen,
  last_seen, count, confidence, cameo, plover, docs, role, portfolio,
  modality, attributed_to, valid_from, valid_to, subtype, other_properties
* evidence: edge_key, doc_id, lang, sentence, start, end (one row per
  supporting mention; ``edge_key`` joins ``edges.key``)

In CSV, lists and dicts (labels, aliases, docs, other_properties) are JSON
strings; Parquet keeps them typed (map, list) except other_properties (JSON).
Dates are ISO strings in both, as the store holds them.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx

from kg.errors import ExportError
from kg.export.base import ExportSummary, Timer, atomic_path, to_json
from kg.graph import EDGE_PROPERTY_KEYS

NODE_COLUMNS = ("id", "type", "label", "labels", "aliases", "wikidata", "subtype", "mentions")
PROPERTY_COLUMNS = EDGE_PROPERTY_KEYS
EDGE_COLUMNS = ("key", "source", "target", "predicate", "date", "first_seen", "last_seen",
                "count", "confidence", "cameo", "plover", "docs", *PROPERTY_COLUMNS,
                "other_properties")
EVIDENCE_COLUMNS = ("edge_key", "doc_id", "lang", "sentence", "start", "end")
TABLES = ("nodes", "edges", "evidence")
_WRITES = "the csv and parquet formats write nodes, edges and evidence tables"


def node_rows(g: nx.MultiDiGraph) -> Iterator[dict[str, Any]]:
    for n in sorted(g.nodes, key=str):
        d = g.nodes[n]
        yield {
            "id": str(n), "type": d.get("type"), "label": d.get("label"),
            "labels": dict(d.get("labels") or {}), "aliases": list(d.get("aliases") or []),
            "wikidata": d.get("wikidata"), "subtype": d.get("subtype"),
            "mentions": int(d.get("mentions") or 0),
        }


def sorted_edges(g: nx.MultiDiGraph) -> list[tuple[Any, Any, Any, dict[str, Any]]]:
    """``(u, v, key, data)`` per edge, by edge key: the row order of every table export."""
    return sorted(g.edges(keys=True, data=True), key=lambda e: str(e[2]))


def edge_rows(g: nx.MultiDiGraph) -> Iterator[dict[str, Any]]:
    for u, v, k, d in sorted_edges(g):
        props = dict(d.get("properties") or {})
        row = {
            "key": str(k), "source": str(u), "target": str(v), "predicate": d.get("predicate"),
            "date": d.get("date"), "first_seen": d.get("first_seen"),
            "last_seen": d.get("last_seen"), "count": int(d.get("count") or 0),
            "confidence": float(d.get("confidence") or 0.0),
            "cameo": None if d.get("cameo") is None else str(d["cameo"]),
            "plover": d.get("plover"), "docs": [str(x) for x in d.get("docs") or []],
        }
        for c in PROPERTY_COLUMNS:
            value = props.pop(c, None)
            row[c] = None if value is None else str(value)
        row["other_properties"] = to_json(props) if props else None
        yield row


def evidence_rows(g: nx.MultiDiGraph) -> Iterator[dict[str, Any]]:
    for _, _, k, d in sorted_edges(g):
        for ev in d.get("evidence") or ():
            yield {"edge_key": str(k), "doc_id": str(ev["doc_id"]), "lang": ev.get("lang"),
                   "sentence": ev.get("sentence"), "start": int(ev["start"]),
                   "end": int(ev["end"])}


def output_folder(path: Path | str, writes: str) -> Path:
    """The folder a multi-file export writes into, created if missing.

    ``writes`` says what the format puts there, for the message when ``path`` is a file.
    """
    p = Path(path)
    if p.exists() and not p.is_dir():
        raise ExportError(f"{p}: exists and is not a folder; {writes} into a folder")
    try:
        p.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise ExportError(f"{p}: cannot create the output folder: {e}") from e
    return p


def _rows(g: nx.MultiDiGraph) -> dict[str, tuple[tuple[str, ...], Iterator[dict[str, Any]]]]:
    return {"nodes": (NODE_COLUMNS, node_rows(g)), "edges": (EDGE_COLUMNS, edge_rows(g)),
            "evidence": (EVIDENCE_COLUMNS, evidence_rows(g))}


def _csv_cell(v: Any) -> Any:
    if v is None:
        return ""
    if isinstance(v, list | dict):
        return to_json(v)
    return v


def export_csv(g: nx.MultiDiGraph, path: Path, **opts: Any) -> ExportSummary:
    """Three CSV tables in the folder ``path``."""
    if opts:
        raise ExportError(f"csv export: unknown option(s) {', '.join(sorted(opts))}")
    timer = Timer()
    folder = output_folder(path, _WRITES)
    counts: dict[str, int] = {}
    files = []
    for name, (columns, rows) in _rows(g).items():
        target = folder / f"{name}.csv"
        n = 0
        with atomic_path(target) as tmp, open(tmp, "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(columns)
            for row in rows:
                w.writerow([_csv_cell(row[c]) for c in columns])
                n += 1
        counts[name] = n
        files.append(target)
    return ExportSummary(format="csv", path=folder, nodes=counts["nodes"],
                         edges=counts["edges"], evidence=counts["evidence"], files=files,
                         seconds=timer())


def _arrow_schemas() -> dict[str, Any]:
    import pyarrow as pa

    s, i, f = pa.string(), pa.int64(), pa.float64()
    return {
        "nodes": pa.schema([("id", s), ("type", s), ("label", s),
                            ("labels", pa.map_(s, s)), ("aliases", pa.list_(s)),
                            ("wikidata", s), ("subtype", s), ("mentions", i)]),
        "edges": pa.schema([("key", s), ("source", s), ("target", s), ("predicate", s),
                            ("date", s), ("first_seen", s), ("last_seen", s), ("count", i),
                            ("confidence", f), ("cameo", s), ("plover", s),
                            ("docs", pa.list_(s)),
                            *[(c, s) for c in PROPERTY_COLUMNS], ("other_properties", s)]),
        "evidence": pa.schema([("edge_key", s), ("doc_id", s), ("lang", s),
                               ("sentence", s), ("start", i), ("end", i)]),
    }


def export_parquet(g: nx.MultiDiGraph, path: Path, **opts: Any) -> ExportSummary:
    """Three Parquet tables in the folder ``path``."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    if opts:
        raise ExportError(f"parquet export: unknown option(s) {', '.join(sorted(opts))}")
    timer = Timer()
    folder = output_folder(path, _WRITES)
    schemas = _arrow_schemas()
    counts: dict[str, int] = {}
    files = []
    for name, (columns, rows) in _rows(g).items():
        data: dict[str, list[Any]] = {c: [] for c in columns}
        for row in rows:
            for c in columns:
                value = row[c]
                data[c].append(list(value.items()) if isinstance(value, dict) else value)
        table = pa.table(data, schema=schemas[name])
        target = folder / f"{name}.parquet"
        with atomic_path(target) as tmp:
            pq.write_table(table, tmp)
        counts[name] = table.num_rows
        files.append(target)
    return ExportSummary(format="parquet", path=folder, nodes=counts["nodes"],
                         edges=counts["edges"], evidence=counts["evidence"], files=files,
                         seconds=timer())
