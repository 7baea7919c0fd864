"""``kg analyze``: per-actor network measures of a store, written as a table."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
import networkx as nx

from kg.cli.options import StoreSpec, store_options
from kg.errors import ExportError

SEED = 42  # Louvain is randomised: a fixed seed makes two runs on one store agree
FORMATS = {".csv": "csv", ".parquet": "parquet", ".jsonl": "jsonl"}


def pagerank(g: nx.DiGraph) -> dict[str, float]:
    """Weighted PageRank through igraph (networkx's own needs scipy, which kg does not ship)."""
    import igraph

    nodes = list(g.nodes)
    index = {n: i for i, n in enumerate(nodes)}
    h = igraph.Graph(n=len(nodes), directed=True,
                     edges=[(index[s], index[o]) for s, o in g.edges])
    weights = [d["weight"] for *_, d in g.edges(data=True)]
    scores = h.pagerank(weights=weights if weights else None)
    return dict(zip(nodes, scores, strict=True))


def measures(g: nx.MultiDiGraph, *, seed: int = SEED) -> list[dict[str, Any]]:
    """Degree, weighted degree, PageRank and Louvain community of every entity.

    degree counts the aggregated relations touching a node, weighted_degree
    their mentions (``count``); PageRank (igraph) runs on the directed graph weighted
    by mentions, Louvain on the undirected one. Rows are sorted by PageRank.
    """
    if g.number_of_nodes() == 0:
        return []
    directed = nx.DiGraph()
    directed.add_nodes_from(g.nodes)
    for s, o, d in g.edges(data=True):
        w = d.get("count") or 1
        if directed.has_edge(s, o):
            directed[s][o]["weight"] += w
        else:
            directed.add_edge(s, o, weight=w)
    undirected = nx.Graph()
    undirected.add_nodes_from(g.nodes)
    for s, o, d in directed.edges(data=True):
        if undirected.has_edge(s, o):
            undirected[s][o]["weight"] += d["weight"]
        else:
            undirected.add_edge(s, o, weight=d["weight"])
    rank = pagerank(directed)
    community: dict[str, int] = {}
    groups = nx.community.louvain_communities(undirected, weight="weight", seed=seed)
    for i, members in enumerate(sorted(groups, key=lambda c: (-len(c), min(c)))):
        for n in members:
            community[n] = i
    rows = []
    for n, d in g.nodes(data=True):
        rows.append({
            "id": n, "label": d.get("label"), "type": d.get("type"),
            "degree": g.degree(n),
            "weighted_degree": sum(e.get("count") or 1 for *_, e in g.in_edges(n, data=True))
            + sum(e.get("count") or 1 for *_, e in g.out_edges(n, data=True)),
            "pagerank": round(rank.get(n, 0.0), 6),
            "community": community.get(n, -1),
        })
    rows.sort(key=lambda r: (-r["pagerank"], r["id"]))
    return rows


def write(rows: list[dict[str, Any]], path: Path) -> None:
    import pandas as pd

    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise ExportError(f"{path}: cannot tell the format; name the file .csv, .parquet or .jsonl")
    cols = ["id", "label", "type", "degree", "weighted_degree", "pagerank", "community"]
    df = pd.DataFrame(rows, columns=cols)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if fmt == "csv":
            df.to_csv(path, index=False)
        elif fmt == "parquet":
            df.to_parquet(path, index=False)
        else:
            df.to_json(path, orient="records", lines=True, force_ascii=False)
    except OSError as e:
        raise ExportError(f"{path}: cannot write: {e.strerror or e}") from e


@click.command()
@store_options
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Output file: .csv, .parquet or .jsonl.")
@click.option("--seed", type=int, default=SEED, show_default=True,
              help="Seed of the Louvain community detection.")
def analyze(store: StoreSpec, output: Path, seed: int) -> None:
    """Write degree, weighted degree, PageRank and community of every entity to a file."""
    if output.suffix.lower() not in FORMATS:
        raise click.BadParameter("name the file .csv, .parquet or .jsonl", param_hint="-o")
    with store.open(read_only=True) as st:
        g = st.to_networkx()
    rows = measures(g, seed=seed)
    write(rows, output)
    communities = len({r["community"] for r in rows})
    click.echo(f"wrote {len(rows)} entities ({communities} communities) to {output}")
