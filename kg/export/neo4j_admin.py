"""``kg export --format neo4j-admin -o DIR``: CSV files for ``neo4j-admin database import full``.

The fastest way to put a large graph into a new Neo4j database: the offline
importer writes the store files directly. The files hold the same data model
as ``kg load --neo4j`` writes (see :mod:`kg.store.neo4j_cypher`), so the
named queries run unchanged on either:

* ``nodes-<Label>.csv`` for Person, Country, Organization, Location (ID space
  ``Entity``), Article, Evidence (one per supporting mention) and KgMeta;
* ``rels-<TYPE>.csv`` for each predicate present and ``rels-EVIDENCE_IN.csv``;
* ``neo4j-constraints.cypher`` (constraints and indexes, run after the import)
  and ``README.md`` with the exact commands.

Header rows use the importer's notation: ``id:ID(Entity)``, ``:LABEL``,
``:START_ID(Entity)``, ``:END_ID(Entity)``, ``:TYPE``, ``count:long``,
``confidence:double``, ``docs:string[]``. Cells follow RFC 4180 (UTF-8, no
BOM, ``"`` doubled inside quoted cells); every string is quoted so an empty
string stays distinct from a missing value (an unquoted empty cell), arrays
are joined with U+001F (``--array-delimiter=U+001F``, a character news text
does not hold), and sentences may span lines (``--multiline-fields=true``).
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import networkx as nx

from kg import resources
from kg.errors import ExportError
from kg.export.base import ExportSummary, Timer, atomic_path
from kg.export.tables import output_folder, sorted_edges
from kg.graph import EDGE_PROPERTY_KEYS
from kg.store import neo4j_cypher as N
from kg.store.base import SCHEMA_VERSION
from kg.vocab import ENTITY_TYPES, PREDICATES

ARRAY_DELIMITER = "\x1f"
ENTITY_ID_SPACE = "Entity"

# (header field, kg property, importer type or None for string)
Column = tuple[str, str, str | None]


def _typed(cols: Sequence[tuple[str, str]]) -> list[Column]:
    kinds = {"STRING": None, "STRING[]": "string[]", "INT64": "long", "DOUBLE": "double"}
    return [(c, c, kinds[t]) for c, t in cols]


def node_columns(label: str) -> list[Column]:
    """The header of one node file: the ID column, :LABEL, then the properties."""
    if label in ENTITY_TYPES:
        space = ENTITY_ID_SPACE
    elif label in N.NODE_LABELS:
        space = label
    else:
        raise ExportError(f"{label!r} is not a node label of the kg graph")
    key = N.KEY_PROPERTY[label]
    cols = [c for c in N.NODE_LABELS[label] if c[0] != key]
    return [(f"{key}:ID({space})", key, None), (":LABEL", ":LABEL", None), *_typed(cols)]


def rel_columns(rel: str) -> list[Column]:
    if rel == N.EVIDENCE_IN:
        return [(f":START_ID({N.EVIDENCE})", ":START_ID", None),
                (f":END_ID({N.ARTICLE})", ":END_ID", None), (":TYPE", ":TYPE", None)]
    return [(f":START_ID({ENTITY_ID_SPACE})", ":START_ID", None),
            (f":END_ID({ENTITY_ID_SPACE})", ":END_ID", None), (":TYPE", ":TYPE", None),
            *_typed(N.EDGE_COLUMNS)]


def header(cols: Sequence[Column]) -> list[str]:
    return [h if kind is None or h.startswith(":") or "(" in h else f"{h}:{kind}"
            for h, _, kind in cols]


# --- the graph as rows of the Neo4j data model (shared with the cypher script) ------


def _text(v: Any) -> str | None:
    if v is None or isinstance(v, str):
        return v
    return N.labels_json(v) if isinstance(v, dict) else str(v)


def entity_rows(g: nx.MultiDiGraph) -> Iterator[tuple[str, dict[str, Any]]]:
    """(label, properties) per entity node, sorted by id."""
    for n in sorted(g.nodes, key=str):
        d = g.nodes[n]
        label = d.get("type")
        if label not in ENTITY_TYPES:
            raise ExportError(f"node {n!r} has type {label!r}, not one of "
                              f"{', '.join(ENTITY_TYPES)}; the Neo4j formats need one label")
        yield label, {
            "id": str(n), "type": label, "label": d.get("label"),
            "labels": N.labels_json(d.get("labels")),
            "aliases": [str(a) for a in d.get("aliases") or []],
            "wikidata": d.get("wikidata"), "subtype": d.get("subtype"),
            "mentions": int(d.get("mentions") or 0),
        }


def edge_rows(g: nx.MultiDiGraph) -> Iterator[tuple[str, str, str, str, str, dict[str, Any]]]:
    """(predicate, source label, source, target label, target, properties) per edge."""
    for u, v, k, d in sorted_edges(g):
        pred = d.get("predicate")
        if pred not in PREDICATES:
            raise ExportError(f"edge {k!r} has predicate {pred!r}, which is not in the "
                              "contract")
        props = d.get("properties") or {}
        row = {
            "key": str(k), "predicate": pred, "date": d.get("date"),
            "first_seen": d.get("first_seen"), "last_seen": d.get("last_seen"),
            "count": int(d.get("count") or 0), "confidence": float(d.get("confidence") or 0.0),
            "cameo": None if d.get("cameo") is None else str(d["cameo"]),
            "plover": d.get("plover"), "docs": sorted(str(x) for x in d.get("docs") or []),
            **{p: _text(props.get(p)) for p in EDGE_PROPERTY_KEYS},
        }
        yield pred, g.nodes[u].get("type"), str(u), g.nodes[v].get("type"), str(v), row


def evidence_rows(g: nx.MultiDiGraph) -> Iterator[dict[str, Any]]:
    """One row per supporting mention, keyed as every kg store keys it."""
    seen: set[str] = set()
    for _, _, k, d in sorted_edges(g):
        for ev in sorted(d.get("evidence") or (),
                         key=lambda e: (str(e["doc_id"]), int(e["start"]), int(e["end"]))):
            eid = N.evidence_id(str(k), str(ev["doc_id"]), int(ev["start"]), int(ev["end"]))
            if eid in seen:
                continue
            seen.add(eid)
            yield {"id": eid, "edge_key": str(k), "predicate": d.get("predicate"),
                   "doc_id": str(ev["doc_id"]), "lang": ev.get("lang"),
                   "sentence": ev.get("sentence"), "start": int(ev["start"]),
                   "end": int(ev["end"]), "confidence": ev.get("confidence"),
                   "date": ev.get("date")}


def article_rows(g: nx.MultiDiGraph) -> list[dict[str, Any]]:
    """The documents named by the evidence and the edges' ``docs``, sorted by id."""
    langs: dict[str, str | None] = {}
    for _, _, d in g.edges(data=True):
        for ev in d.get("evidence") or ():
            if langs.get(str(ev["doc_id"])) is None:
                langs[str(ev["doc_id"])] = ev.get("lang")
        for doc in d.get("docs") or ():
            langs.setdefault(str(doc), None)
    return [{"id": i, "lang": langs[i], "date": None, "title": None, "url": None,
             "source": None} for i in sorted(langs)]


def meta_rows() -> list[dict[str, Any]]:
    from kg import __version__

    return [{"key": "schema_version", "value": str(SCHEMA_VERSION)},
            {"key": "kg_version", "value": __version__}]


# --- CSV cells ------------------------------------------------------------------


class _Cells:
    """Turns values into importer cells, collecting warnings about what had to change."""

    def __init__(self) -> None:
        self.warnings: list[str] = []

    def string(self, s: str) -> str:
        return '"' + s.replace('"', '""') + '"'

    def cell(self, value: Any, kind: str | None, where: str) -> str:
        if value is None:
            return ""
        if kind == "string[]":
            items = [str(x) for x in value]
            if not items:
                return ""  # no property: the stores read a missing list as []
            clean = []
            for x in items:
                if ARRAY_DELIMITER in x:
                    self.warnings.append(f"{where}: U+001F in a list item became a space")
                    x = x.replace(ARRAY_DELIMITER, " ")
                clean.append(x)
            return self.string(ARRAY_DELIMITER.join(clean))
        if kind == "long":
            return str(int(value))
        if kind == "double":
            f = float(value)
            if not math.isfinite(f):
                self.warnings.append(f"{where}: {f} is not a number Neo4j imports; left out")
                return ""
            return repr(f)
        return self.string(str(value))


def _write_csv(path: Path, cols: Sequence[Column], rows: Iterator[dict[str, Any]],
               cells: _Cells) -> int:
    n = 0
    with atomic_path(path) as tmp, open(tmp, "w", encoding="utf-8", newline="") as fh:
        fh.write(",".join(header(cols)) + "\n")
        for row in rows:
            where = f"{path.name} row {n + 1}"
            fh.write(",".join(cells.cell(row.get(prop), kind, where)
                              for _, prop, kind in cols) + "\n")
            n += 1
    return n


def import_command(node_files: Sequence[str], rel_files: Sequence[str],
                   database: str = "neo4j") -> str:
    """The exact ``neo4j-admin`` line for these files (run from the export folder)."""
    parts = ["neo4j-admin database import full"]
    parts += [f"--nodes={f}" for f in node_files]
    parts += [f"--relationships={f}" for f in rel_files]
    parts += ["--array-delimiter=U+001F", "--multiline-fields=true", database]
    return " \\\n  ".join(parts)


def _readme(node_files: list[str], rel_files: list[str], counts: dict[str, int]) -> str:
    cmd = import_command(node_files, rel_files)
    return f"""# kg graph for `neo4j-admin database import full`

Written by `kg export --format neo4j-admin`: {counts['nodes']} entities, {counts['edges']}
relations, {counts['evidence']} evidence mentions, {counts['articles']} articles
(schema_version {SCHEMA_VERSION}). Targets Neo4j 5.x and 2025.x.

The importer builds a new database offline: the database must not exist yet, or
be stopped and replaced with `--overwrite-destination` (which deletes it).

## 1. Import (from this folder)

```sh
{cmd}
```

With the official Docker image, mount this folder and the data volume:

```sh
docker run --rm -v "$PWD":/import -w /import -v kg-neo4j-data:/data neo4j:5 \\
  {cmd.replace(chr(10), chr(10) + '  ')}
```

## 2. Start the server, then create the constraints and indexes

The importer does not create them; `kg load --neo4j` and the named queries
rely on them:

```sh
cypher-shell -a bolt://localhost:7687 -u neo4j -d neo4j -f neo4j-constraints.cypher
```

(For a database other than `neo4j`, in Neo4j Enterprise: import with that name
in place of the last word above, then `CREATE DATABASE name` before this step.)

## Notes

* `id:ID(Entity)` is the kg id (`RUS`, `person:vladimir-putin`), kept as the `id`
  property; each relation keeps its edge key in `key`.
* Lists (`aliases`, `docs`) are joined with U+001F; an empty list is left out.
* `labels` is a JSON string (language -> name), as in every kg store.
"""


def export_neo4j_admin(g: nx.MultiDiGraph, path: Path, **opts: Any) -> ExportSummary:
    """Node and relationship CSV files, the constraints and a README, in the folder ``path``."""
    if opts:
        raise ExportError(f"neo4j-admin export: unknown option(s) {', '.join(sorted(opts))}")
    timer = Timer()
    folder = output_folder(path, "the neo4j-admin format writes node and relationship CSV "
                                 "files")
    cells = _Cells()
    files: list[Path] = []
    node_files: list[str] = []
    rel_files: list[str] = []

    by_label: dict[str, list[dict[str, Any]]] = {t: [] for t in ENTITY_TYPES}
    for label, row in entity_rows(g):
        by_label[label].append(row)
    edges_by_type: dict[str, list[dict[str, Any]]] = {}
    for pred, _sl, src, _dl, dst, row in edge_rows(g):
        edges_by_type.setdefault(pred, []).append({":START_ID": src, ":END_ID": dst,
                                                   ":TYPE": pred, **row})
    evidence = list(evidence_rows(g))
    articles = article_rows(g)
    tables: list[tuple[str, list[Column], list[dict[str, Any]], list[str]]] = []
    for label, rows in (*by_label.items(), (N.ARTICLE, articles), (N.EVIDENCE, evidence),
                        (N.META, meta_rows())):
        if rows:
            tables.append((f"nodes-{label}.csv", node_columns(label),
                           [{":LABEL": label, **r} for r in rows], node_files))
    for pred in PREDICATES:
        if pred in edges_by_type:
            tables.append((f"rels-{pred}.csv", rel_columns(pred), edges_by_type[pred],
                           rel_files))
    if evidence:
        links = [{":START_ID": e["id"], ":END_ID": e["doc_id"], ":TYPE": N.EVIDENCE_IN}
                 for e in evidence]
        tables.append((f"rels-{N.EVIDENCE_IN}.csv", rel_columns(N.EVIDENCE_IN), links,
                       rel_files))

    for name, cols, rows, listing in tables:
        target = folder / name
        _write_csv(target, cols, iter(rows), cells)
        files.append(target)
        listing.append(name)

    schema = folder / "neo4j-constraints.cypher"
    with atomic_path(schema) as tmp:
        tmp.write_text(resources.read_text("schemas", "neo4j-constraints.cypher"),
                       encoding="utf-8")
    files.append(schema)
    counts = {"nodes": g.number_of_nodes(), "edges": g.number_of_edges(),
              "evidence": len(evidence), "articles": len(articles)}
    readme = folder / "README.md"
    with atomic_path(readme) as tmp:
        tmp.write_text(_readme(node_files, rel_files, counts), encoding="utf-8")
    files.append(readme)
    return ExportSummary(format="neo4j-admin", path=folder, nodes=counts["nodes"],
                         edges=counts["edges"], evidence=counts["evidence"], files=files,
                         seconds=timer(), warnings=cells.warnings)
