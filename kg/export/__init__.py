"""File exports of the aggregated graph, looked up by name in ``kg.registry.exporters``.

An exporter is ``export(g: networkx.MultiDiGraph, path: Path, **opts) ->
ExportSummary`` over the graph shape of :mod:`kg.graph`; it writes exactly
``path`` (a folder for csv and parquet), atomically. Adding one is a module
in this folder plus one ``exporters.register`` line below (and, if it has a
usual file suffix, one entry in ``SUFFIXES``); ``kg export --format`` and
the contract test in ``tests/test_export.py`` pick it up unedited.

Formats: turtle, nt, jsonld (RDF, :mod:`kg.export.rdf`, which also gives
:func:`kg.export.rdf.to_rdf`), graphml, gexf (:mod:`kg.export.graphml`),
csv, parquet (folders of nodes/edges/evidence tables, :mod:`kg.export.tables`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx

from kg.errors import ExportError
from kg.export.base import ExportSummary
from kg.registry import exporters

__all__ = ["SUFFIXES", "ExportSummary", "export", "export_graph", "exporters", "format_for_path"]

exporters.register("turtle", "kg.export.rdf:export_turtle")
exporters.register("nt", "kg.export.rdf:export_nt")
exporters.register("jsonld", "kg.export.rdf:export_jsonld")
exporters.register("graphml", "kg.export.graphml:export_graphml")
exporters.register("gexf", "kg.export.graphml:export_gexf")
exporters.register("csv", "kg.export.tables:export_csv")
exporters.register("parquet", "kg.export.tables:export_parquet")
exporters.register("neo4j-admin", "kg.export.neo4j_admin:export_neo4j_admin")
exporters.register("cypher", "kg.export.cypher_script:export_cypher")

# File suffix -> format, to guess --format from -o; folders have no suffix.
SUFFIXES: dict[str, str] = {
    ".ttl": "turtle", ".turtle": "turtle", ".nt": "nt", ".jsonld": "jsonld",
    ".json-ld": "jsonld", ".graphml": "graphml", ".gexf": "gexf",
}


def format_for_path(path: Path | str) -> str:
    """The format a file name implies; raises listing the known suffixes."""
    suffix = Path(path).suffix.lower()
    fmt = SUFFIXES.get(suffix)
    if fmt is None or fmt not in exporters:
        known = ", ".join(f"{s} ({f})" for s, f in SUFFIXES.items())
        raise ExportError(f"{path}: cannot tell the export format from the suffix "
                          f"{suffix or '(none)'!r}; pass --format (known suffixes: {known})")
    return fmt


def export(g: nx.MultiDiGraph, fmt: str, path: Path | str, **opts: Any) -> ExportSummary:
    """Write ``g`` as format ``fmt`` to exactly ``path``."""
    return exporters.get(fmt)(g, Path(path), **opts)


# The name kg.pipeline (and other callers) use.
export_graph = export
