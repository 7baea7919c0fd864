"""One self-contained HTML page per view: vis-network, the data and the UI inlined.

The page must open from a file on a machine with no network, so nothing is
linked: vis-network's JS and CSS are read from the installed ``pyvis``
package (``pyvis/lib/vis-9.1.2``, vis-network is dual Apache-2.0 / MIT and
its licence header is kept) and written into the page, next to our own
template, stylesheet and script from ``kg/view/templates``. pyvis's
``Network`` class is not used: its templates link CDNs and its ``add_edge``
is O(N) per call, so the node and edge arrays are built here directly.

Article text enters the page only as JSON data inside a
``<script type="application/json">`` block with ``<``, ``>`` and ``&``
escaped, and the page script puts it into the DOM as text nodes.
"""

from __future__ import annotations

import calendar
import functools
import html
import importlib.metadata
import importlib.resources
import json
import math
import re
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx

from kg.errors import ExportError
from kg.files import atomic_path
from kg.view.layout import layout
from kg.view.select import Focus, Selection, edge_span, select
from kg.vocab import PREDICATES

VIS_VERSION = "vis-9.1.2"
MAX_EVIDENCE = 5  # sentences per relation written into the page
MAX_DOCS = 10  # document ids per relation written into the page
MAX_SENTENCE = 1000  # characters

# Entity type -> how it is drawn; shapes are vis-network's, colours readable on white.
TYPE_STYLE: dict[str, dict[str, str]] = {
    "Person": {"shape": "dot", "color": "#f0a637", "border": "#a66d12"},
    "Country": {"shape": "square", "color": "#4e79a7", "border": "#2c4a6e"},
    "Organization": {"shape": "diamond", "color": "#59a14f", "border": "#336b2c"},
    "Location": {"shape": "triangle", "color": "#b07aa1", "border": "#7a4d6e"},
}
OTHER_STYLE = {"shape": "star", "color": "#bab0ac", "border": "#7a706c"}

# Relation colour by PLOVER event class; standing relations grey.
PLOVER_COLOR: dict[str | None, str] = {
    "CONSULT": "#4f7cac",
    "AGREE": "#2e8b57",
    "SUPPORT": "#7cb342",
    "AID": "#26a69a",
    "ACCUSE": "#ef8a17",
    "THREATEN": "#d1495b",
    "SANCTION": "#a0522d",
    "COERCE": "#8d6e63",
    "ASSAULT": "#b2182b",
    "PROTEST": "#9c6ade",
    "MOBILIZE": "#6d4c8d",
}
STANDING_COLOR = "#9a9a9a"
OTHER_EDGE_COLOR = "#757575"


@dataclass(frozen=True, slots=True)
class ViewSummary:
    """What a rendered view holds and what it cost."""

    path: str
    nodes_shown: int
    edges_shown: int
    nodes_left_out: int
    edges_left_out: int
    bytes: int
    seconds: float
    layout_seconds: float
    note: str


# --------------------------------------------------------------------------- assets


def _vis_file(name: str) -> str:
    try:
        ref = importlib.resources.files("pyvis") / "lib" / VIS_VERSION / name
        return ref.read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError, OSError) as e:
        raise ExportError(
            f"cannot read vis-network's {name} from the pyvis package ({e}); "
            "install it with 'pip install pyvis>=0.3.2,<0.4'"
        ) from e


def _template(name: str) -> str:
    return (importlib.resources.files("kg.view") / "templates" / name).read_text(encoding="utf-8")


_SVG_NS = '"http://www.w3.org/2000/svg"'


def _no_urls(code: str) -> str:
    """No address with a scheme anywhere in the page, so nothing in it can even look like a
    network reference: the SVG namespace (an identifier, never fetched) is assembled at
    run time, and the links in vendored licence headers and error texts lose their
    scheme (they stay readable as text)."""
    code = code.replace(_SVG_NS, '["http:", "", "www.w3.org", "2000", "svg"].join("/")')
    return re.sub(r"https?://", "", code)


def _inline_safe(code: str, tag: str) -> str:
    """Text that cannot close the element it is inlined in, nor open an HTML comment."""
    code = _no_urls(code)
    code = re.sub(rf"</({tag})", r"<\\/\1", code, flags=re.IGNORECASE)
    code = re.sub(r"^\s*//# sourceMappingURL=.*$", "", code, flags=re.MULTILINE)
    if "<!--" in code:
        raise ExportError(f"inlined {tag} contains '<!--', which would break the page")
    return code


@functools.cache
def _assets() -> dict[str, str]:
    try:
        version = importlib.metadata.version("kg")
    except importlib.metadata.PackageNotFoundError:
        version = "dev"
    return {
        "PAGE": _template("page.html"),
        "VIS_JS": _inline_safe(_vis_file("vis-network.min.js"), "script"),
        "VIS_CSS": _inline_safe(_vis_file("vis-network.css"), "style"),
        "PAGE_JS": _inline_safe(_template("view.js"), "script"),
        "PAGE_CSS": _inline_safe(_template("view.css"), "style"),
        "VERSION": html.escape(version),
    }


def script_json(data: Any) -> str:
    """JSON that is safe inside a <script> element: no ``</script>``, no ``<!--``.

    ``<``, ``>`` and ``&`` only occur inside JSON strings, where their
    ``\\u`` escapes mean the same thing to ``JSON.parse``.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    # "/" as "\/" keeps article URLs and text from spelling an address in the page.
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("/", "\\/"))


# --------------------------------------------------------------------------- data


def _pad_date(d: str, end: bool) -> str:
    """A full YYYY-MM-DD for a date input's min/max from a possibly partial date."""
    parts = d.split("-")
    year = int(parts[0])
    month = int(parts[1]) if len(parts) > 1 else (12 if end else 1)
    if len(parts) > 2:
        return d
    day = calendar.monthrange(year, month)[1] if end else 1
    return f"{year:04d}-{month:02d}-{day:02d}"


def _text(v: Any) -> str:
    if isinstance(v, list | tuple):
        return ", ".join(str(x) for x in v)
    return str(v)


def _node_record(nid: str, d: dict[str, Any], pos: tuple[float, float], degree: int) -> dict[str, Any]:
    t = d.get("type")
    rec: dict[str, Any] = {
        "k": str(nid),
        "l": str(d.get("label") or nid),
        "t": t if t in TYPE_STYLE else "Other",
        "x": pos[0],
        "y": pos[1],
        "s": round(min(10 + 4 * math.log2(1 + degree), 40), 1),
        "d": degree,
    }
    labels = {str(k): str(v) for k, v in (d.get("labels") or {}).items() if v}
    if labels:
        rec["ls"] = labels
    aliases = [str(a) for a in (d.get("aliases") or ()) if a]
    if aliases:
        rec["al"] = aliases
    for key, short in (("wikidata", "w"), ("subtype", "st"), ("mentions", "m")):
        if d.get(key):
            rec[short] = d[key]
    return rec


def _edge_record(
    g: nx.MultiDiGraph, d: dict[str, Any], f: int, t: int, max_evidence: int
) -> dict[str, Any]:
    count = int(d.get("count") or 0)
    rec: dict[str, Any] = {
        "f": f,
        "t": t,
        "p": str(d.get("predicate") or "RELATED"),
        "c": count,
        "w": round(1 + min(math.log2(max(count, 1)), 5), 2),
    }
    conf = d.get("confidence")
    if isinstance(conf, int | float) and math.isfinite(conf):
        rec["cf"] = round(float(conf), 3)
    for key, short in (("date", "da"), ("first_seen", "fs"), ("last_seen", "ls"),
                       ("cameo", "ca"), ("plover", "pl")):
        if d.get(key):
            rec[short] = str(d[key])
    lo, hi = edge_span(d)
    if lo:
        rec["lo"], rec["hi"] = str(lo), str(hi)
    docs = [str(x) for x in (d.get("docs") or ())]
    if docs:
        rec["docs"] = docs[:MAX_DOCS]
        rec["nd"] = len(docs)
    evidence = list(d.get("evidence") or ())
    seen: set[str] = set()
    ev: list[list[str]] = []
    for x in evidence:
        sentence = " ".join(str(x.get("sentence") or "").split())
        if not sentence or sentence in seen:
            continue
        seen.add(sentence)
        if len(ev) < max_evidence:
            if len(sentence) > MAX_SENTENCE:
                sentence = sentence[:MAX_SENTENCE] + "\u2026"
            ev.append([str(x.get("lang") or ""), sentence, str(x.get("doc_id") or "")])
    if ev:
        rec["ev"] = ev
    rec["ne"] = len(seen)
    props = []
    for k, v in sorted((d.get("properties") or {}).items()):
        if v is None or v == "" or k == "date":
            continue
        text = _text(v)
        if k == "attributed_to" and isinstance(v, str) and v in g:
            text = f"{g.nodes[v].get('label') or v} ({v})"
        props.append([str(k), text])
    if props:
        rec["pr"] = props
    return rec


def _curves(edges: list[tuple[int, int]]) -> list[float]:
    """Roundness per edge so parallel and opposite edges between two nodes fan out."""
    by_pair: dict[tuple[int, int], list[int]] = defaultdict(list)
    for j, (f, t) in enumerate(edges):
        if f != t:
            by_pair[(min(f, t), max(f, t))].append(j)
    cv = [0.0] * len(edges)
    for (a, _), js in by_pair.items():
        for i, j in enumerate(js):
            if i == 0:
                continue
            r = 0.25 * ((i + 1) // 2) * (1 if i % 2 else -1)
            cv[j] = round(r if edges[j][0] == a else -r, 2)
    return cv


def page_data(
    g: nx.MultiDiGraph,
    sel: Selection,
    pos: dict[Any, tuple[float, float]],
    *,
    title: str,
    note: str,
    max_evidence: int = MAX_EVIDENCE,
) -> dict[str, Any]:
    """The JSON the page script reads: nodes, edges, styles and the date extent."""
    index = {n: i for i, n in enumerate(sel.nodes)}
    degree = [0] * len(sel.nodes)
    for s, o, _ in sel.edges:
        degree[index[s]] += 1
        degree[index[o]] += 1
    nodes = [_node_record(n, g.nodes[n], pos[n], degree[i]) for i, n in enumerate(sel.nodes)]
    edges = [_edge_record(g, g.edges[e], index[e[0]], index[e[1]], max_evidence) for e in sel.edges]
    for rec, cv in zip(edges, _curves([(e["f"], e["t"]) for e in edges]), strict=True):
        if cv:
            rec["cv"] = cv

    types = {t: dict(s) for t, s in TYPE_STYLE.items()}
    if any(n["t"] == "Other" for n in nodes):
        types["Other"] = dict(OTHER_STYLE)
    used = sorted({e["p"] for e in edges}, key=lambda p: (list(PREDICATES).index(p) if p in PREDICATES else 99, p))
    predicates = {}
    for p in used:
        spec = PREDICATES.get(p)
        if spec is None:
            color = OTHER_EDGE_COLOR
        elif not spec.is_interaction:
            color = STANDING_COLOR
        else:
            color = PLOVER_COLOR.get(spec.plover, OTHER_EDGE_COLOR)
        predicates[p] = {"color": color, "kind": spec.kind if spec else "other"}
    los = [e["lo"] for e in edges if "lo" in e]
    his = [e["hi"] for e in edges if "hi" in e]
    data: dict[str, Any] = {
        "title": title,
        "note": note,
        "types": types,
        "predicates": predicates,
        "nodes": nodes,
        "edges": edges,
        "dateMin": None,
        "dateMax": None,
    }
    try:
        if los:
            data["dateMin"], data["dateMax"] = _pad_date(min(los), False), _pad_date(max(his), True)
    except ValueError:  # a malformed date in the graph: no time filter rather than no page
        data["dateMin"] = data["dateMax"] = None
    return data


# --------------------------------------------------------------------------- render


def _default_title(g: nx.MultiDiGraph, sel: Selection) -> str:
    if sel.mode == "ego" and sel.ego is not None:
        return f"Around {g.nodes[sel.ego].get('label') or sel.ego}"
    if sel.mode == "focus":
        return "Query result"
    return "Knowledge graph"


def _note(sel: Selection, since: str | None, until: str | None) -> str:
    note = sel.note()
    if since or until:
        note += f"; dated relations from {since or 'the start'} to {until or 'the end'}"
    return note


def render_page(
    g: nx.MultiDiGraph,
    *,
    title: str | None = None,
    max_nodes: int = 2000,
    max_edges: int | None = None,
    since: str | None = None,
    until: str | None = None,
    ego: str | None = None,
    depth: int = 1,
    focus_ids: Focus | Iterable[str] | None = None,
    max_evidence: int = MAX_EVIDENCE,
) -> tuple[str, Selection, float]:
    """The page as a string, the selection it shows and the seconds spent on layout."""
    sel = select(
        g, max_nodes=max_nodes, max_edges=max_edges, since=since, until=until, ego=ego,
        depth=depth, focus=focus_ids,
    )
    t0 = time.perf_counter()
    pos = layout(sel.nodes, [(s, o) for s, o, _ in sel.edges])
    layout_seconds = time.perf_counter() - t0
    note = _note(sel, since, until)
    title = title or _default_title(g, sel)
    data = page_data(g, sel, pos, title=title, note=note, max_evidence=max_evidence)
    assets = _assets()
    values = {
        "TITLE": html.escape(title),
        "NOTE": html.escape(note),
        "DATA": script_json(data),
        **{k: v for k, v in assets.items() if k != "PAGE"},
    }
    page = re.sub(r"@@([A-Z_]+)@@", lambda m: values[m.group(1)], assets["PAGE"])
    return page, sel, layout_seconds


def render_html(
    g: nx.MultiDiGraph,
    path: str | Path,
    *,
    title: str | None = None,
    max_nodes: int = 2000,
    since: str | None = None,
    until: str | None = None,
    ego: str | None = None,
    depth: int = 1,
    focus_ids: Focus | Iterable[str] | None = None,
    max_edges: int | None = None,
) -> ViewSummary:
    """Write an offline, interactive HTML view of ``g`` to ``path``.

    By default the ``max_nodes`` most connected entities; with ``ego``, the
    entities within ``depth`` relations of one entity (id or name); with
    ``focus_ids`` (node ids, or a :class:`Focus` from :func:`focus_from_rows`),
    exactly those. ``since``/``until`` drop dated relations outside the window.
    """
    t0 = time.perf_counter()
    page, sel, layout_seconds = render_page(
        g, title=title, max_nodes=max_nodes, max_edges=max_edges, since=since, until=until,
        ego=ego, depth=depth, focus_ids=focus_ids,
    )
    out = Path(path)
    data = page.encode("utf-8")
    try:
        with atomic_path(out) as tmp:
            tmp.write_bytes(data)
    except OSError as e:
        raise ExportError(f"{out}: cannot write the HTML view: {e.strerror or e}") from e
    return ViewSummary(
        path=str(out),
        nodes_shown=len(sel.nodes),
        edges_shown=len(sel.edges),
        nodes_left_out=sel.nodes_left_out,
        edges_left_out=sel.edges_left_out,
        bytes=len(data),
        seconds=round(time.perf_counter() - t0, 3),
        layout_seconds=round(layout_seconds, 3),
        note=_note(sel, since, until),
    )
