"""Exports and views: Turtle and Parquet rates against rdflib, HTML size and time.

The graph exported is the aggregate (:func:`kg.graph.aggregate`) of the
generator's facts for a number of articles, the shape every exporter takes.
rdflib is what a user might pick instead: building an rdflib graph of the
same statements (kg's own mapping, :func:`kg.export.rdf.to_rdf`) and
serialising it, and parsing the Turtle kg wrote.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from bench.common import WORK, r, timer


def _graph(seed: int, n: int) -> tuple[Any, float]:
    from bench.store import _batch
    from kg.graph import aggregate

    triples, ents, _ = _batch(seed, 0, n)
    with timer() as t:
        g = aggregate(triples, ents)
    return g, t["s"]


def _size(path: Path) -> int:
    if path.is_dir():
        return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
    return path.stat().st_size


def run_exports(p: dict[str, Any]) -> dict[str, Any]:
    """Params: seed, articles, rdflib (bool). Turtle and Parquet, and rdflib beside them."""
    from kg.export import export

    g, agg_s = _graph(int(p["seed"]), int(p["articles"]))
    edges, nodes = g.number_of_edges(), g.number_of_nodes()
    out = WORK / "exports"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    res: dict[str, Any] = {"articles": int(p["articles"]), "nodes": nodes, "edges": edges,
                           "aggregate_s": r(agg_s, 3)}
    ttl = out / "graph.ttl"
    with timer() as t:
        s = export(g, "turtle", ttl)
    res["turtle"] = {"seconds": r(t["s"], 3), "edges_per_s": r(edges / t["s"], 0),
                     "rdf_triples": s.rdf_triples, "rdf_triples_per_s": r(s.rdf_triples / t["s"], 0),
                     "mb": r(_size(ttl) / 1e6, 2), "mb_per_s": r(_size(ttl) / 1e6 / t["s"], 2)}
    pq = out / "parquet"
    with timer() as t:
        s = export(g, "parquet", pq)
    rows = s.nodes + s.edges + s.evidence
    res["parquet"] = {"seconds": r(t["s"], 3), "edges_per_s": r(edges / t["s"], 0),
                      "rows": rows, "rows_per_s": r(rows / t["s"], 0),
                      "mb": r(_size(pq) / 1e6, 2)}
    if p.get("rdflib", True):
        import rdflib

        from kg.export.rdf import to_rdf

        with timer() as t_build:
            rg = to_rdf(g)
        with timer() as t_ser:
            rg.serialize(destination=str(out / "rdflib.ttl"), format="turtle", encoding="utf-8")
        del rg
        with timer() as t_parse:
            back = rdflib.Graph()
            back.parse(str(ttl), format="turtle")
        kg_s = res["turtle"]["seconds"]
        res["rdflib"] = {
            "version": rdflib.__version__, "build_s": r(t_build["s"], 3),
            "serialize_s": r(t_ser["s"], 3), "parse_s": r(t_parse["s"], 3),
            "parsed_triples": len(back),
            "serialize_over_kg": r((t_build["s"] + t_ser["s"]) / kg_s, 2),
            "parse_over_kg_export": r(t_parse["s"] / kg_s, 2),
        }
    shutil.rmtree(out, ignore_errors=True)
    return res


def run_html(p: dict[str, Any]) -> dict[str, Any]:
    """Params: sizes (node counts). A hub-heavy graph of that size rendered whole."""
    from kg.view import render_html
    from kg.view.synthetic import synthetic_graph

    out = WORK / "html"
    out.mkdir(parents=True, exist_ok=True)
    res: dict[str, Any] = {}
    for n in p.get("sizes", (500, 5000)):
        g = synthetic_graph(int(n), seed=int(p.get("seed", 7)))
        path = out / f"view-{n}.html"
        with timer() as t:
            v = render_html(g, path, max_nodes=int(n))
        res[str(n)] = {"nodes": v.nodes_shown, "edges": v.edges_shown, "seconds": r(t["s"], 3),
                       "layout_s": r(v.layout_seconds, 3), "mb": r(v.bytes / 1e6, 2)}
        path.unlink(missing_ok=True)
    return res
