"""``kg export --format cypher -o FILE.cypher``: the graph as a script ``cypher-shell -f`` runs.

For a graph small enough to send through Bolt without a loader, or to hand to
someone who only has ``cypher-shell`` (or Neo4j Browser). The script holds no
parameters: every value is a literal, escaped by
:func:`kg.store.neo4j_cypher.string_literal` (backslash escapes for ``\\``,
``'`` and control characters, so each statement is one line; Arabic and any
other script written as is, in UTF-8). It is idempotent: constraints ``IF
NOT EXISTS``, then ``MERGE`` on every node's id and every relationship's key
followed by ``SET`` of all its properties, so running it twice changes
nothing. Running it into a database that already holds another kg graph
overwrites the aggregates of the edges both hold; ``kg load --neo4j`` adds
mentions up instead.

Statements are grouped ``batch`` at a time (default 500) between
``:begin`` and ``:commit`` (cypher-shell's own commands), so a failure leaves
whole groups only. Options: ``-O batch=N`` (0: no explicit transactions),
``-O schema=false`` (leave out the constraints and indexes).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx

from kg.errors import ExportError
from kg.export.base import ExportSummary, Timer, atomic_path
from kg.export.neo4j_admin import article_rows, edge_rows, entity_rows, evidence_rows, meta_rows
from kg.store import neo4j_cypher as N
from kg.store.base import SCHEMA_VERSION

DEFAULT_BATCH = 500


def _int_opt(name: str, value: Any) -> int:
    try:
        n = int(value)
    except (TypeError, ValueError):
        raise ExportError(f"cypher export: -O {name}={value!r} must be a whole number") from None
    if n < 0:
        raise ExportError(f"cypher export: -O {name} must be 0 or more, got {n}")
    return n


def _bool_opt(name: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    s = str(value).lower()
    if s in ("true", "yes", "1"):
        return True
    if s in ("false", "no", "0"):
        return False
    raise ExportError(f"cypher export: -O {name}={value!r} must be true or false")


def statements(g: nx.MultiDiGraph, evidence: list[dict[str, Any]],
               warnings: list[str]) -> Iterator[str]:
    """The data statements, nodes before the relationships that need them.

    ``evidence`` is ``list(evidence_rows(g))``, made once by the caller (it also counts it).
    """
    for row in meta_rows():
        yield N.script_node(N.META, row["key"], {"value": row["value"]})
    for label, row in entity_rows(g):
        yield N.script_node(label, row["id"], {k: v for k, v in row.items() if k != "id"})
    for row in article_rows(g):
        yield N.script_node(N.ARTICLE, row["id"],
                            {k: v for k, v in row.items() if k != "id" and v is not None})
    for row in evidence:
        yield N.script_node(N.EVIDENCE, row["id"],
                            {k: v for k, v in row.items() if k != "id" and v is not None})
    for row in evidence:
        yield N.script_evidence_link(row["id"], row["doc_id"])
    for pred, sl, src, dl, dst, row in edge_rows(g):
        props = {k: v for k, v in row.items() if k != "key"}
        conf = props.get("confidence")
        if isinstance(conf, float) and not math.isfinite(conf):
            warnings.append(f"edge {row['key']}: confidence {conf} has no Cypher literal; "
                            "left out")
            props["confidence"] = None
        yield N.script_edge(pred, sl, src, dl, dst, row["key"], props)


def export_cypher(g: nx.MultiDiGraph, path: Path, **opts: Any) -> ExportSummary:
    """A parameter-free, idempotent Cypher script of the whole graph."""
    batch = _int_opt("batch", opts.pop("batch", DEFAULT_BATCH))
    with_schema = _bool_opt("schema", opts.pop("schema", True))
    if opts:
        raise ExportError(f"cypher export: unknown option(s) {', '.join(sorted(opts))}; "
                          "known: batch, schema")
    timer = Timer()
    warnings: list[str] = []
    evidence = list(evidence_rows(g))
    with atomic_path(path) as tmp, open(tmp, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(f"// kg graph (schema_version {SCHEMA_VERSION}) for Neo4j 5.x / 2025.x: "
                 f"{g.number_of_nodes()} entities, {g.number_of_edges()} relations, "
                 f"{len(evidence)} evidence mentions.\n"
                 "// Run: cypher-shell -a bolt://localhost:7687 -u neo4j -d neo4j "
                 f"-f {Path(path).name}\n"
                 "// Idempotent (MERGE on ids and edge keys); no parameters.\n")
        if with_schema:
            for stmt in N.schema():
                fh.write(stmt + ";\n")
        open_tx = 0
        for stmt in statements(g, evidence, warnings):
            if batch and open_tx == 0:
                fh.write(":begin\n")
            fh.write(stmt + "\n")
            open_tx += 1
            if batch and open_tx >= batch:
                fh.write(":commit\n")
                open_tx = 0
        if batch and open_tx:
            fh.write(":commit\n")
    return ExportSummary(format="cypher", path=Path(path), nodes=g.number_of_nodes(),
                         edges=g.number_of_edges(), evidence=len(evidence), files=[Path(path)],
                         seconds=timer(), warnings=warnings)
