"""Node positions computed in Python, so the browser never runs physics.

vis-network's physics on thousands of nodes takes longer than anyone waits,
and networkx's spring layout takes over a minute at 5,000 nodes; igraph's
Fruchterman-Reingold with a grid does 20,000 nodes in about a second and a
half. Each connected component is laid out on its own (a force layout lets
small components drift off to the horizon) and the components are then
packed in rows, biggest first, so the picture stays compact.
"""

from __future__ import annotations

import math
import random
from collections.abc import Hashable, Iterable, Sequence

import igraph as ig

# Area given to one node, in pixels squared: about one label's width apart.
NODE_SPACING = 120.0
GAP = 150.0  # between packed components


def _component_layout(n: int, edges: list[tuple[int, int]], rng: random.Random) -> list[list[float]]:
    if n == 1:
        return [[0.0, 0.0]]
    if n == 2:
        return [[0.0, 0.0], [NODE_SPACING, 0.0]]
    graph = ig.Graph(n=n, edges=edges, directed=False)
    graph.simplify()
    seed = [[rng.uniform(-1, 1) * math.sqrt(n), rng.uniform(-1, 1) * math.sqrt(n)]
            for _ in range(n)]
    coords = graph.layout_fruchterman_reingold(seed=seed, grid="auto").coords
    # Scale so that each node gets about NODE_SPACING squared of the picture, but
    # never so tight that the median edge is shorter than half that.
    xs, ys = [c[0] for c in coords], [c[1] for c in coords]
    w, h = max(xs) - min(xs), max(ys) - min(ys)
    area = max(w * h, 0.2 * max(w, h) ** 2, 1e-9)  # a near-straight chain has no area
    k = math.sqrt(n * NODE_SPACING**2 / area)
    lengths = sorted(math.dist(coords[a], coords[b]) for a, b in graph.get_edgelist())
    median = lengths[len(lengths) // 2] if lengths else 0.0
    if median > 0:
        k = min(max(k, 0.5 * NODE_SPACING / median), 2 * NODE_SPACING / median)
    return [[x * k, y * k] for x, y in coords]


def layout(
    nodes: Sequence[Hashable], edges: Iterable[tuple[Hashable, Hashable]], *, seed: int = 7
) -> dict[Hashable, tuple[float, float]]:
    """Pixel positions for ``nodes``, centred near the origin; the same input, the same picture."""
    if not nodes:
        return {}
    index = {n: i for i, n in enumerate(nodes)}
    adj: list[set[int]] = [set() for _ in nodes]
    for a, b in edges:
        i, j = index[a], index[b]
        if i != j:
            adj[i].add(j)
            adj[j].add(i)

    # Connected components, largest first (ties in input order, which is by rank).
    comp_of = [-1] * len(nodes)
    comps: list[list[int]] = []
    for start in range(len(nodes)):
        if comp_of[start] >= 0:
            continue
        comp_of[start] = len(comps)
        members, stack = [start], [start]
        while stack:
            v = stack.pop()
            for w in adj[v]:
                if comp_of[w] < 0:
                    comp_of[w] = len(comps)
                    members.append(w)
                    stack.append(w)
        comps.append(members)
    comps.sort(key=lambda c: -len(c))

    rng = random.Random(seed)
    ig.set_random_number_generator(rng)  # igraph's default is the global random module
    try:
        placed: list[tuple[list[int], list[list[float]], float, float]] = []
        for members in comps:
            local = {v: i for i, v in enumerate(members)}
            cedges = [(local[v], local[w]) for v in members for w in adj[v] if v < w]
            coords = _component_layout(len(members), cedges, rng)
            xs, ys = [c[0] for c in coords], [c[1] for c in coords]
            x0, y0 = min(xs), min(ys)
            coords = [[x - x0, y - y0] for x, y in coords]
            placed.append((members, coords, max(xs) - x0, max(ys) - y0))
    finally:
        ig.set_random_number_generator(random)

    # Shelf packing: rows about as wide as the whole picture is tall.
    total_area = sum((w + GAP) * (h + GAP) for _, _, w, h in placed)
    row_width = max(math.sqrt(total_area) * 1.3, placed[0][2] + GAP)
    pos: dict[Hashable, tuple[float, float]] = {}
    x = y = row_h = 0.0
    for members, coords, w, h in placed:
        if x > 0 and x + w > row_width:
            x, y, row_h = 0.0, y + row_h + GAP, 0.0
        for v, (cx, cy) in zip(members, coords, strict=True):
            pos[nodes[v]] = (x + cx, y + cy)
        x += w + GAP
        row_h = max(row_h, h)
    cx = (min(p[0] for p in pos.values()) + max(p[0] for p in pos.values())) / 2
    cy = (min(p[1] for p in pos.values()) + max(p[1] for p in pos.values())) / 2
    return {n: (round(px - cx, 1), round(py - cy, 1)) for n, (px, py) in pos.items()}
