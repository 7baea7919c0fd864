"""GraphML and GEXF exports through networkx's writers.

Both formats hold only scalar attributes, so lists and dicts (``labels``,
``aliases``, ``docs``, ``properties``, ``evidence``) are written as JSON
strings, ``None`` is left out, and characters XML 1.0 cannot carry become
U+FFFD. Edge ids are the edge keys (``Triple.edge_key()``), so a multigraph
with two dated calls between the same pair reads back as two edges. Pass
``evidence=False`` to leave the evidence sentences out (much smaller files
for Gephi or yEd).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx

from kg.errors import ExportError
from kg.export.base import ExportSummary, Timer, atomic_path, count_evidence, flat, xml_safe

# Attributes whose type must not vary from one element to the next (GraphML
# declares one type per attribute name).
_INTS = {"count", "mentions", "start", "end"}
_FLOATS = {"confidence"}


def _attrs(data: dict[str, Any], drop: set[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in data.items():
        if k in drop or k.startswith("_"):
            continue
        if k in _INTS and v is not None:
            v = int(v)
        elif k in _FLOATS and v is not None:
            v = float(v)
        v = flat(v)
        if v is None:
            continue
        out[k] = xml_safe(v) if isinstance(v, str) else v
    return out


def flatten(g: nx.MultiDiGraph, *, evidence: bool = True) -> nx.MultiDiGraph:
    """A copy of ``g`` whose every attribute is a string, int, float or bool."""
    drop = set() if evidence else {"evidence"}
    out = nx.MultiDiGraph()
    for n, d in g.nodes(data=True):
        out.add_node(xml_safe(str(n)), **_attrs(d, set()))
    for u, v, k, d in g.edges(keys=True, data=True):
        out.add_edge(xml_safe(str(u)), xml_safe(str(v)), key=xml_safe(str(k)),
                     **_attrs(d, drop))
    return out


def _write(fmt: str, g: nx.MultiDiGraph, path: Path, evidence: bool = True,
           **opts: Any) -> ExportSummary:
    if opts:
        raise ExportError(f"{fmt} export: unknown option(s) {', '.join(sorted(opts))}; "
                          "known: evidence")
    timer = Timer()
    fg = flatten(g, evidence=evidence)
    with atomic_path(path) as tmp:
        if fmt == "graphml":
            nx.write_graphml(fg, tmp, encoding="utf-8")
        else:
            nx.write_gexf(fg, tmp, encoding="utf-8")
    return ExportSummary(format=fmt, path=Path(path), nodes=fg.number_of_nodes(),
                         edges=fg.number_of_edges(),
                         evidence=count_evidence(g) if evidence else 0,
                         files=[Path(path)], seconds=timer())


def export_graphml(g: nx.MultiDiGraph, path: Path, **opts: Any) -> ExportSummary:
    """GraphML (yEd, Cytoscape, igraph, networkx)."""
    return _write("graphml", g, path, **opts)


def export_gexf(g: nx.MultiDiGraph, path: Path, **opts: Any) -> ExportSummary:
    """GEXF 1.2 (Gephi)."""
    return _write("gexf", g, path, **opts)
