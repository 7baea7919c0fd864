"""Choosing what a view shows: a bounded, readable part of a possibly huge graph.

A browser cannot usefully draw 50,000 entities, so every view is a selection:
the most connected part (top-k by degree), the neighbourhood of one entity
(ego network), or exactly what a query returned (focus). A time window
applies before any of these. The selection remembers what it left out, so the
page can say so instead of silently dropping data.
"""

from __future__ import annotations

import difflib
import re
from collections import deque
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from kg.errors import InputError

EdgeId = tuple[str, str, Hashable]  # (source, target, key) of a MultiDiGraph edge

_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@dataclass(slots=True)
class Focus:
    """The node ids and edges a query's rows named, resolved against a graph."""

    node_ids: set[str] = field(default_factory=set)
    edges: set[EdgeId] = field(default_factory=set)
    unknown: list[str] = field(default_factory=list)  # ids the graph does not hold

    def __bool__(self) -> bool:
        return bool(self.node_ids or self.edges)


@dataclass(slots=True)
class Selection:
    """What a view draws, and how much of the graph it leaves out."""

    nodes: list[str]
    edges: list[EdgeId]
    total_nodes: int
    total_edges: int
    mode: str  # "top", "ego", "focus", "all"
    ego: str | None = None

    @property
    def nodes_left_out(self) -> int:
        return self.total_nodes - len(self.nodes)

    @property
    def edges_left_out(self) -> int:
        return self.total_edges - len(self.edges)

    def note(self) -> str:
        """One line for the page header, e.g. 'showing 2,000 of 48,210 nodes; ...'."""
        n, e = len(self.nodes), len(self.edges)
        head = {
            "top": "most connected part: ",
            "ego": "neighbourhood: ",
            "focus": "query result: ",
        }.get(self.mode, "")
        if not self.nodes_left_out and not self.edges_left_out:
            return f"{head}showing all {n:,} nodes and {e:,} edges"
        return (
            f"{head}showing {n:,} of {self.total_nodes:,} nodes and {e:,} of "
            f"{self.total_edges:,} edges; {self.nodes_left_out:,} nodes and "
            f"{self.edges_left_out:,} edges hidden"
        )


# --------------------------------------------------------------------------- dates


def check_date(value: str | None, what: str) -> str | None:
    """Accept YYYY, YYYY-MM or YYYY-MM-DD; a clear error otherwise."""
    if value is None or value == "":
        return None
    value = str(value).strip()
    if not _DATE.match(value):
        raise InputError(f"{what} {value!r} is not a date; write YYYY-MM-DD, YYYY-MM or YYYY")
    return value


def edge_span(data: Mapping[str, Any]) -> tuple[str | None, str | None]:
    """The dates an aggregated edge speaks of: (earliest, latest), None if undated."""
    date = data.get("date")
    lo = date or data.get("first_seen")
    hi = date or data.get("last_seen")
    return (lo or hi or None, hi or lo or None)


def in_window(data: Mapping[str, Any], since: str | None, until: str | None) -> bool:
    """Whether an edge overlaps [since, until]; undated edges (standing facts) always do.

    Dates of different precision are compared on the shorter prefix, so
    ``until='2022'`` keeps an edge dated ``2022-01-07``.
    """
    if since is None and until is None:
        return True
    lo, hi = edge_span(data)
    if lo is None:
        return True
    if since is not None and str(hi)[: len(since)] < since[: len(str(hi))]:
        return False
    return not (until is not None and str(lo)[: len(until)] > until[: len(str(lo))])


# --------------------------------------------------------------------------- entities


def find_entity(g: nx.MultiDiGraph, query: str) -> str:
    """An entity id from an id or a name (English label, other-language label or alias).

    Matching is case-insensitive; an exact id wins, then the English label,
    then other names. Ambiguous or unknown names raise with what to type instead.
    """
    if query in g:
        return query
    q = query.casefold().strip()
    by_id = [n for n in g if str(n).casefold() == q]
    if len(by_id) == 1:
        return by_id[0]
    by_label = [n for n, d in g.nodes(data=True) if str(d.get("label") or "").casefold() == q]
    if not by_label:
        by_label = [
            n for n, d in g.nodes(data=True)
            if any(str(v).casefold() == q for v in (d.get("labels") or {}).values())
            or any(str(a).casefold() == q for a in (d.get("aliases") or ()))
        ]
    if len(by_label) == 1:
        return by_label[0]
    if len(by_label) > 1:
        listed = ", ".join(f"{g.nodes[n].get('label')} ({n})" for n in sorted(by_label)[:10])
        raise InputError(f"entity {query!r} is ambiguous: {listed}; pass one of the ids")
    names = {str(d.get("label") or n): n for n, d in g.nodes(data=True)}
    close = difflib.get_close_matches(query, list(names), n=5, cutoff=0.6)
    hint = f"; did you mean {', '.join(f'{c} ({names[c]})' for c in close)}?" if close else ""
    raise InputError(f"no entity with id or name {query!r} in the graph{hint}")


# --------------------------------------------------------------------------- query rows


def focus_from_rows(rows: Any, g: nx.MultiDiGraph | None = None) -> Focus:
    """The nodes and edges that query result rows name, for a view of just those.

    Rows may be a ``QueryResult`` (anything with ``records()``), a list of
    dicts or a list of lists. Values are walked recursively: a node dict
    carries ``id``; a relationship dict carries ``_src``/``_dst`` and ``key``
    (a relationship without a key stands for every edge between the two with
    its ``predicate``, if given); a plain string counts as a node id when the
    graph holds it (without a graph, every string does).
    """
    if hasattr(rows, "records"):
        rows = rows.records()
    focus = Focus()
    unknown: set[str] = set()

    def node_id(v: Any) -> str | None:
        if isinstance(v, Mapping):
            v = v.get("id")
        return None if v is None else str(v)

    def add_node(nid: str, *, strict: bool) -> None:
        if g is None or nid in g:
            focus.node_ids.add(nid)
        elif strict:
            unknown.add(nid)

    def add_rel(v: Mapping[str, Any]) -> None:
        src, dst = node_id(v.get("_src")), node_id(v.get("_dst"))
        if src is None or dst is None:
            return
        key = v.get("key")
        if g is None:
            focus.edges.add((src, dst, key))
        elif not g.has_edge(src, dst):
            unknown.add(f"{src} -> {dst}")
            return
        elif key is not None and g.has_edge(src, dst, key):
            focus.edges.add((src, dst, key))
        else:
            pred = v.get("predicate") or v.get("_label")
            for k, d in g[src][dst].items():
                if pred is None or d.get("predicate") == pred:
                    focus.edges.add((src, dst, k))
        focus.node_ids.update((src, dst))

    def walk(v: Any) -> None:
        if isinstance(v, Mapping):
            if "_src" in v and "_dst" in v:
                add_rel(v)
            elif "id" in v and not isinstance(v["id"], Mapping | list):
                add_node(str(v["id"]), strict=True)
            else:
                for x in v.values():
                    walk(x)
        elif isinstance(v, list | tuple | set):
            for x in v:
                walk(x)
        elif isinstance(v, str):
            add_node(v, strict=False)

    for row in rows or ():
        walk(row)
    focus.unknown = sorted(unknown)
    return focus


# --------------------------------------------------------------------------- selection


def _neighbours(g: nx.MultiDiGraph, n: str, edges_ok: set[EdgeId] | None) -> Iterable[str]:
    for _, m, k in g.out_edges(n, keys=True):
        if edges_ok is None or (n, m, k) in edges_ok:
            yield m
    for m, _, k in g.in_edges(n, keys=True):
        if edges_ok is None or (m, n, k) in edges_ok:
            yield m


def _rank(g: nx.MultiDiGraph, edges: list[EdgeId]) -> dict[str, float]:
    """Degree over the edges in play, ties broken by mention count."""
    deg: dict[str, float] = {}
    for s, o, _ in edges:
        deg[s] = deg.get(s, 0) + 1
        deg[o] = deg.get(o, 0) + 1
    for n, d in g.nodes(data=True):
        deg[n] = deg.get(n, 0) + min(int(d.get("mentions") or 0), 10**6) / 10**7
    return deg


def select(
    g: nx.MultiDiGraph,
    *,
    max_nodes: int = 2000,
    max_edges: int | None = None,
    since: str | None = None,
    until: str | None = None,
    ego: str | None = None,
    depth: int = 1,
    focus: Focus | Iterable[str] | None = None,
) -> Selection:
    """Pick the nodes and edges to draw; see the module docstring for the modes."""
    if max_nodes < 1:
        raise InputError(f"max_nodes must be at least 1, not {max_nodes}")
    if depth < 0:
        raise InputError(f"depth must be 0 or more, not {depth}")
    since, until = check_date(since, "since"), check_date(until, "until")
    if since and until and since[: len(until)] > until[: len(since)]:
        raise InputError(f"since {since} is after until {until}")
    max_edges = max_edges if max_edges is not None else max(5 * max_nodes, 1000)

    windowed = since is not None or until is not None
    all_edges: list[EdgeId] = [
        (s, o, k) for s, o, k, d in g.edges(keys=True, data=True) if in_window(d, since, until)
    ]
    total_nodes, total_edges = g.number_of_nodes(), g.number_of_edges()
    rank = _rank(g, all_edges)

    if focus is not None and not isinstance(focus, Focus):
        focus = Focus(node_ids={str(n) for n in focus if str(n) in g})
    if focus is not None:
        mode = "focus"
        nodes = {n for n in focus.node_ids if n in g}
        edge_set = None
        if focus.edges:
            edge_set = {e for e in focus.edges if g.has_edge(*e)}
            if windowed:
                edge_set = {e for e in edge_set if in_window(g.edges[e], since, until)}
            nodes.update(n for e in edge_set for n in e[:2])
        chosen = sorted(nodes, key=lambda n: (-rank.get(n, 0), str(n)))[:max_nodes]
        ego_id = None
    elif ego is not None:
        mode = "ego"
        ego_id = find_entity(g, ego)
        ok = set(all_edges) if windowed else None
        dist = {ego_id: 0}
        queue = deque([ego_id])
        while queue:
            n = queue.popleft()
            if dist[n] >= depth:
                continue
            for m in _neighbours(g, n, ok):
                if m not in dist:
                    dist[m] = dist[n] + 1
                    queue.append(m)
        chosen = sorted(dist, key=lambda n: (dist[n], -rank.get(n, 0), str(n)))[:max_nodes]
        edge_set = None
    else:
        ego_id = None
        candidates: Iterable[str] = g.nodes
        if windowed:  # entities whose every edge fell outside the window go too
            touched = {n for e in all_edges for n in e[:2]}
            candidates = [n for n in g if n in touched or g.degree(n) == 0]
        chosen = sorted(candidates, key=lambda n: (-rank.get(n, 0), str(n)))[:max_nodes]
        mode = "all" if len(chosen) == total_nodes else "top"
        edge_set = None

    keep = set(chosen)
    if edge_set is None:
        edges = [e for e in all_edges if e[0] in keep and e[1] in keep]
    else:
        edges = [e for e in all_edges if e in edge_set and e[0] in keep and e[1] in keep]
    if len(edges) > max_edges:  # keep the best-supported relations
        def weight(e: EdgeId) -> tuple[float, float]:
            d = g.edges[e]
            return (-(d.get("count") or 0), -(d.get("confidence") or 0.0))
        edges = sorted(edges, key=weight)[:max_edges]
    if mode == "all" and len(edges) < total_edges:
        mode = "top"
    return Selection(
        nodes=chosen, edges=edges, total_nodes=total_nodes, total_edges=total_edges,
        mode=mode, ego=ego_id,
    )
