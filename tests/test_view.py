"""The HTML view without a browser: selection, layout, offline page, escaping, CLI.

What the page does when run is checked in ``test_view_browser.py``; here,
what Python decides (which nodes, which positions) and what it writes (no
links, data escaped for a <script> element) are checked on the file.
"""

from __future__ import annotations

import json
import math
import re
import sys
import types
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from kg.cli import main as cli_main
from kg.errors import InputError
from kg.graph import aggregate
from kg.model import EntityRef, Evidence, Triple
from kg.store.base import QueryResult
from kg.view import (
    Focus,
    find_entity,
    focus_from_rows,
    render_html,
    render_page,
    select,
)
from kg.view.html import script_json
from kg.view.layout import layout
from kg.view.select import in_window
from kg.view.synthetic import demo_graph, synthetic_graph

XSS_IMG = '<img src=x onerror="window.__pwned=1;alert(1)">'
XSS_SCRIPT = "</script><script>window.__pwned=1;alert(1)</script>"
XSS_COMMENT = "<!-- <script>window.__pwned=1</script>"


def xss_graph() -> nx.MultiDiGraph:
    """The demo graph plus relations and names carrying script payloads."""
    g = demo_graph()
    bad = EntityRef("person:mallory", "Person", f"Mallory {XSS_IMG}")
    kaz = EntityRef("KAZ", "Country", "Kazakhstan")
    extra = aggregate([
        Triple(bad, "ACCUSED", kaz, Evidence(f"doc{XSS_SCRIPT}", "en", f"He said {XSS_SCRIPT}", 0, 9),
               {"date": "2022-01-08", "attributed_to": XSS_IMG}, 0.7),
        Triple(bad, "THREATENED", kaz, Evidence("doc-x", "ar", f"قال {XSS_IMG} {XSS_COMMENT}", 0, 9),
               {"date": "2022-01-09"}, 0.7),
    ])
    g.add_nodes_from(extra.nodes(data=True))
    g.nodes["person:mallory"]["aliases"] = [XSS_SCRIPT]
    g.nodes["person:mallory"]["labels"] = {"ar": XSS_IMG}
    g.add_edges_from(extra.edges(keys=True, data=True))
    return g


def page_json(page: str) -> dict:
    m = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.S)
    assert m, "no data block"
    return json.loads(m.group(1))


# --------------------------------------------------------------------------- the page file


def test_page_is_self_contained_and_offline(tmp_path: Path) -> None:
    out = tmp_path / "sub" / "view.html"
    s = render_html(demo_graph(), out, title="Kazakhstan")
    page = out.read_text(encoding="utf-8")
    assert s.bytes == out.stat().st_size > 300_000  # vis-network is inlined
    # Nothing to fetch: no src/href pointing anywhere, no <link>, no external script.
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:[a-z][a-z0-9+.-]*:)?//""", page, re.I)
    assert not re.search(r"<link\b", page, re.I)
    assert not re.search(r"<script[^>]*\bsrc\s*=", page, re.I)
    assert not re.search(r"url\(\s*['\"]?(?:https?:)?//", page, re.I)
    assert not re.search(r"@import", page)
    assert "default-src 'none'" in page  # the CSP forbids any fetch as well
    assert "vis-network" in page and "Apache 2.0 License" in page  # licence header kept
    assert len(re.findall(r"^<script", page, re.M)) == page.lower().count("</script>") == 3
    assert "sourceMappingURL" not in page


def test_summary_and_data_match_the_graph(tmp_path: Path) -> None:
    g = demo_graph()
    s = render_html(g, tmp_path / "v.html")
    assert (s.nodes_shown, s.edges_shown) == (g.number_of_nodes(), g.number_of_edges())
    assert (s.nodes_left_out, s.edges_left_out) == (0, 0)
    assert s.seconds >= s.layout_seconds >= 0
    data = page_json((tmp_path / "v.html").read_text(encoding="utf-8"))
    assert len(data["nodes"]) == s.nodes_shown and len(data["edges"]) == s.edges_shown
    assert set(data["types"]) == {"Person", "Country", "Organization", "Location"}
    assert (data["dateMin"], data["dateMax"]) == ("2022-01-05", "2022-01-10")
    nodes = {n["k"]: n for n in data["nodes"]}
    putin = nodes["person:vladimir-putin"]
    assert putin["ls"]["ar"] == "فلاديمير بوتين" and putin["w"] == "Q7747" and putin["t"] == "Person"
    assert nodes["loc:almaty"]["st"] == "city"
    called = [e for e in data["edges"] if e["p"] == "CALLED" and e["da"] == "2022-01-07"]
    assert len(called) == 1
    e = called[0]
    assert e["c"] == 2 and e["ca"] == "041" and e["cf"] == 0.9 and e["nd"] == 2
    assert {x[0] for x in e["ev"]} == {"ar", "en"} and e["ne"] == 2
    assert (e["lo"], e["hi"]) == ("2022-01-07", "2022-01-07")
    deployed = next(e for e in data["edges"] if e["p"] == "DEPLOYED_FORCES_TO")
    assert (deployed["ca"], deployed["pl"]) == ("074", "AID")
    leader = next(e for e in data["edges"] if e["p"] == "LEADER_OF")
    assert ["role", "president"] in leader["pr"]


def test_article_text_is_escaped_in_the_page(tmp_path: Path) -> None:
    render_html(xss_graph(), tmp_path / "x.html", title=f"T {XSS_IMG}")
    page = (tmp_path / "x.html").read_text(encoding="utf-8")
    for payload in (XSS_IMG, XSS_SCRIPT, XSS_COMMENT, "<img", "onerror=\"window", "<!--"):
        assert payload not in page
    assert "<title>T &lt;img src=x" in page
    data = page_json(page)  # the escapes decode back to the very text
    assert any(e.get("ev") and XSS_SCRIPT in e["ev"][0][1] for e in data["edges"])
    mallory = next(n for n in data["nodes"] if n["k"] == "person:mallory")
    assert mallory["al"] == [XSS_SCRIPT] and mallory["ls"]["ar"] == XSS_IMG


def test_script_json_escapes_markup() -> None:
    text = script_json({"s": "</script><!-- & >"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"s": "</script><!-- & >"}


def test_parallel_edges_fan_out(tmp_path: Path) -> None:
    g = nx.MultiDiGraph()
    g.add_node("a", type="Person", label="A")
    g.add_node("b", type="Person", label="B")
    for i, (s, o) in enumerate([("a", "b"), ("a", "b"), ("b", "a"), ("a", "b")]):
        g.add_edge(s, o, key=f"k{i}", predicate="MET", date=f"2022-01-0{i + 1}", count=1)
    page, _, _ = render_page(g)
    curves = [e.get("cv", 0) for e in page_json(page)["edges"]]
    assert curves[0] == 0 and len(set(curves)) == 4  # one straight, three distinct curves


def test_empty_and_bare_graphs_render(tmp_path: Path) -> None:
    s = render_html(nx.MultiDiGraph(), tmp_path / "empty.html")
    assert (s.nodes_shown, s.edges_shown) == (0, 0)
    g = nx.MultiDiGraph()  # no attributes at all, unknown type
    g.add_edge("x", "y")
    g.nodes["y"]["type"] = "Spaceship"
    data = page_json(render_page(g)[0])
    assert {n["t"] for n in data["nodes"]} == {"Other"} and "Other" in data["types"]
    assert data["edges"][0]["p"] == "RELATED" and data["dateMin"] is None


def test_unwritable_output_is_an_export_error(tmp_path: Path) -> None:
    from kg.errors import ExportError

    (tmp_path / "file").write_text("x")
    with pytest.raises(ExportError, match="cannot write"):
        render_html(demo_graph(), tmp_path / "file" / "v.html")


# --------------------------------------------------------------------------- selection


def test_top_k_caps_and_says_what_it_left_out() -> None:
    g = synthetic_graph(600, seed=3)
    sel = select(g, max_nodes=100)
    assert len(sel.nodes) == 100 and sel.nodes_left_out == 500
    deg = dict(g.degree())
    assert min(deg[n] for n in sel.nodes) >= sorted(deg.values(), reverse=True)[100]
    assert all(s in sel.nodes and o in sel.nodes for s, o, _ in sel.edges)
    assert sel.edges_left_out == g.number_of_edges() - len(sel.edges) > 0
    note = sel.note()
    assert "showing 100 of 600 nodes" in note and f"{sel.edges_left_out:,} edges hidden" in note


def test_max_edges_keeps_best_supported() -> None:
    g = synthetic_graph(200, seed=1)
    sel = select(g, max_nodes=200, max_edges=50)
    assert len(sel.edges) == 50
    kept = min(g.edges[e]["count"] for e in sel.edges)
    dropped = {e for e in g.edges(keys=True)} - set(sel.edges)
    assert kept >= max(g.edges[e]["count"] for e in dropped)


def test_time_window() -> None:
    g = demo_graph()
    sel = select(g, since="2022-01-07", until="2022-01-09")
    preds = sorted(g.edges[e]["predicate"] for e in sel.edges)
    # dated: only the 7 January call; undated standing relations stay
    assert preds == ["CALLED", "LEADER_OF", "LEADER_OF", "LOCATED_IN", "MEMBER_OF", "MEMBER_OF"]
    assert [g.edges[e]["date"] for e in sel.edges if g.edges[e]["predicate"] == "CALLED"] == ["2022-01-07"]
    # partial dates compare on their common precision
    assert len(select(g, since="2022-01", until="2022").edges) == g.number_of_edges()
    assert len(select(g, since="2023").edges) == 5
    with pytest.raises(InputError, match="not a date"):
        select(g, since="7 January")
    with pytest.raises(InputError, match="after"):
        select(g, since="2022-02", until="2022-01")


@pytest.mark.parametrize(
    ("edge", "since", "until", "keep"),
    [
        ({"date": "2022-01-07"}, "2022-01-07", "2022-01-07", True),
        ({"date": "2022-01-07"}, "2022-01-08", None, False),
        ({"date": "2022-01-07"}, None, "2022-01-06", False),
        ({"date": None, "first_seen": "2021-12-30", "last_seen": "2022-01-02"}, "2022-01-01", None, True),
        ({"date": None, "first_seen": "2021-12-30", "last_seen": "2022-01-02"}, "2022-01-03", None, False),
        ({"date": "2022-01"}, "2022-01-15", "2022-01-20", True),
        ({"date": None}, "2030", "2031", True),
    ],
)
def test_in_window(edge: dict, since: str | None, until: str | None, keep: bool) -> None:
    assert in_window(edge, since, until) is keep


def test_ego_by_id_label_and_other_names() -> None:
    g = demo_graph()
    for q in ("person:kassym-jomart-tokayev", "kassym-jomart tokayev", "TOKAYEV", "قاسم جومارت توكاييف"):
        assert find_entity(g, q) == "person:kassym-jomart-tokayev"
    sel = select(g, ego="Tokayev", depth=1)
    assert sel.mode == "ego" and sel.nodes[0] == "person:kassym-jomart-tokayev"
    assert set(sel.nodes) == {"person:kassym-jomart-tokayev", "person:vladimir-putin", "KAZ", "loc:almaty"}
    deeper = select(g, ego="Tokayev", depth=2)
    assert {"org:csto", "RUS", "person:sadyr-japarov"} <= set(deeper.nodes)
    assert select(g, ego="Tokayev", depth=0).nodes == ["person:kassym-jomart-tokayev"]
    # the window applies before walking: without the 10 January call Putin is not a neighbour
    assert "person:vladimir-putin" not in select(g, ego="Tokayev", until="2022-01-09").nodes
    capped = select(g, ego="Kazakhstan", depth=3, max_nodes=3)
    assert capped.nodes[0] == "KAZ" and len(capped.nodes) == 3


def test_ego_unknown_and_ambiguous_names() -> None:
    g = demo_graph()
    with pytest.raises(InputError, match=r"did you mean .*Almaty \(loc:almaty\)"):
        find_entity(g, "Almatty")
    g.add_node("person:almaty", type="Person", label="Almaty Person", aliases=["almaty"])
    g.add_node("loc:almaty-2", type="Location", label="almaty")
    with pytest.raises(InputError, match="ambiguous"):
        find_entity(g, "Almaty")


def test_focus_from_rows_shapes() -> None:
    g = demo_graph()
    call_key = next(k for s, o, k in g.edges(keys=True) if g.edges[s, o, k]["predicate"] == "CALLED"
                    and o == "person:kassym-jomart-tokayev")
    rows = QueryResult(
        columns=["p", "r", "q", "ids"],
        rows=[[{"id": "person:vladimir-putin", "label": "Vladimir Putin"},
               {"_src": "person:vladimir-putin", "_dst": "person:kassym-jomart-tokayev", "key": call_key},
               {"id": "person:kassym-jomart-tokayev"}, ["KAZ", "not an id", "person:ghost"]]],
    )
    f = focus_from_rows(rows, g)
    assert f.node_ids == {"person:vladimir-putin", "person:kassym-jomart-tokayev", "KAZ"}
    assert f.edges == {("person:vladimir-putin", "person:kassym-jomart-tokayev", call_key)}
    assert f.unknown == []  # plain strings that are not ids are just values
    # a relationship without key stands for all edges of its predicate between the two
    f2 = focus_from_rows([{"r": {"_src": "person:vladimir-putin", "_dst": "person:sadyr-japarov",
                                 "predicate": "CALLED"}}, {"n": {"id": "person:ghost"}}], g)
    assert len(f2.edges) == 1 and f2.unknown == ["person:ghost"]
    # nested paths (lists of dicts) and plain id columns
    f3 = focus_from_rows([[["RUS", {"id": "org:csto"}]]], g)
    assert f3.node_ids == {"RUS", "org:csto"} and not f3.edges
    assert not focus_from_rows([], g)


def test_focus_view_shows_only_the_rows() -> None:
    g = demo_graph()
    edges_only = focus_from_rows([{"r": {"_src": "RUS", "_dst": "org:csto", "key": "RUS|MEMBER_OF|org:csto"}}], g)
    sel = select(g, focus=edges_only)
    assert sel.mode == "focus" and set(sel.nodes) == {"RUS", "org:csto"}
    assert sel.edges == [("RUS", "org:csto", "RUS|MEMBER_OF|org:csto")]
    nodes_only = select(g, focus=["KAZ", "org:csto", "loc:almaty"])  # induced relations
    assert {g.edges[e]["predicate"] for e in nodes_only.edges} == {"MEMBER_OF", "LOCATED_IN", "DEPLOYED_FORCES_TO"}
    assert select(g, focus=Focus()).nodes == []
    assert "query result" in sel.note()


# --------------------------------------------------------------------------- layout


def test_layout_is_deterministic_spread_and_finite() -> None:
    g = synthetic_graph(300, seed=2)
    nodes = list(g)
    edges = [(s, o) for s, o in g.edges()]
    a, b = layout(nodes, edges), layout(nodes, edges)
    assert a == b and set(a) == set(nodes)
    assert all(math.isfinite(x) and math.isfinite(y) for x, y in a.values())
    assert len(set(a.values())) == len(nodes)  # no two entities on top of each other
    xs, ys = [p[0] for p in a.values()], [p[1] for p in a.values()]
    assert max(xs) - min(xs) > 1000 and max(ys) - min(ys) > 500  # pixels, not unit square
    assert layout([], []) == {} and layout(["only"], []) == {"only": (0.0, 0.0)}


def test_5000_nodes_render_fast(tmp_path: Path) -> None:
    g = synthetic_graph(5000, seed=0)
    s = render_html(g, tmp_path / "big.html", max_nodes=5000)
    assert s.nodes_shown == 5000 and s.edges_shown == g.number_of_edges()
    assert s.layout_seconds < 15 and s.seconds < 30  # ~1 s and ~1.5 s here
    s2 = render_html(g, tmp_path / "capped.html")
    assert s2.nodes_shown == 2000 and s2.nodes_left_out == 3000


# --------------------------------------------------------------------------- CLI


class FakeStore:
    def __init__(self, g: nx.MultiDiGraph) -> None:
        self.g, self.closed, self.calls = g, False, []

    def to_networkx(self) -> nx.MultiDiGraph:
        return self.g

    def run(self, name: str, **params):
        self.calls.append((name, params))
        return QueryResult(["n"], [[{"id": "KAZ"}], [{"id": "org:csto"}]])

    def query(self, cypher: str):
        self.calls.append((cypher, {}))
        return QueryResult(["r"], [[{"_src": "RUS", "_dst": "org:csto", "key": "RUS|MEMBER_OF|org:csto"}]])

    def close(self) -> None:
        self.closed = True


@pytest.fixture
def fake_api(monkeypatch: pytest.MonkeyPatch) -> FakeStore:
    store = FakeStore(demo_graph())
    mod = types.ModuleType("kg.api")
    mod.open_store = lambda path, create=False, read_only=True: store  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "kg.api", mod)
    return store


def test_cli_help() -> None:
    r = CliRunner().invoke(cli_main, ["viz", "--help"])
    assert r.exit_code == 0 and "--ego" in r.output and "--max-nodes" in r.output


@pytest.mark.parametrize(
    ("args", "nodes", "edges"),
    [
        ([], 7, 9),
        (["--ego", "tokayev"], 4, 4),
        (["--name", "neighbours", "-p", "entity=Kazakhstan", "-p", "limit=5"], 2, 2),
        (["--cypher", "MATCH (a)-[r]->(b) RETURN r"], 2, 1),
        (["--since", "2022-01-07", "--max-nodes", "3"], 3, None),
    ],
)
def test_cli_viz(tmp_path: Path, fake_api: FakeStore, args: list[str], nodes: int, edges: int | None) -> None:
    (tmp_path / "store").mkdir()
    out = tmp_path / "g.html"
    r = CliRunner().invoke(cli_main, ["viz", "--store", str(tmp_path / "store"), *args, "-o", str(out)])
    assert r.exit_code == 0, r.output
    data = page_json(out.read_text(encoding="utf-8"))
    assert len(data["nodes"]) == nodes
    if edges is not None:
        assert len(data["edges"]) == edges
    assert fake_api.closed and "wrote" in r.output
    if "--name" in args:
        assert fake_api.calls == [("neighbours", {"entity": "Kazakhstan", "limit": 5})]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--ego", "x", "--cypher", "RETURN 1"], "cannot be combined"),
        (["-p", "a=b"], "only goes with --name"),
        (["--ego", "Nowhere"], "no entity"),
        (["--since", "yesterday"], "not a date"),
    ],
)
def test_cli_viz_errors(tmp_path: Path, fake_api: FakeStore, args: list[str], message: str) -> None:
    r = CliRunner().invoke(cli_main, ["viz", "--store", str(tmp_path), *args, "-o", str(tmp_path / "g.html")])
    assert r.exit_code != 0 and message in r.output


def test_cli_viz_with_real_store(tmp_path: Path) -> None:
    """End to end through the real store, once kg.api exists."""
    api = pytest.importorskip("kg.api", reason="kg.api (the store front door) is not written yet")
    g = demo_graph()
    triples = []  # rebuild the triples from the demo graph's evidence
    for s, o, _k, d in g.edges(keys=True, data=True):
        for ev in d["evidence"]:
            props = {"date": d["date"]} if d["date"] else {}
            props.update(d["properties"])
            triples.append(Triple(
                EntityRef(s, g.nodes[s]["type"], g.nodes[s]["label"]), d["predicate"],
                EntityRef(o, g.nodes[o]["type"], g.nodes[o]["label"]), Evidence(**ev), props,
                d["confidence"]))
    store = api.open_store(tmp_path / "store", create=True)
    try:
        store.load(triples)
    finally:
        store.close()
    out = tmp_path / "g.html"
    r = CliRunner().invoke(cli_main, ["viz", "--store", str(tmp_path / "store"),
                                      "--ego", "person:kassym-jomart-tokayev", "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert len(page_json(out.read_text(encoding="utf-8"))["nodes"]) == 4


def test_no_address_with_a_scheme_anywhere_in_the_page(tmp_path):
    """Not even in vendored licence headers or article URLs: nothing in the file can be
    mistaken for a network reference."""
    import networkx as nx

    from kg.view import render_html

    g = nx.MultiDiGraph()
    g.add_node("a", type="Person", label="A https://example.org/x", labels={}, aliases=[],
               wikidata=None, subtype=None, mentions=1)
    g.add_node("b", type="Country", label="B", labels={}, aliases=[], wikidata=None,
               subtype=None, mentions=1)
    g.add_edge("a", "b", key="a|LEADER_OF|b", predicate="LEADER_OF", date=None,
               first_seen="2024-01-01", last_seen="2024-01-01", count=1, confidence=0.9,
               cameo=None, plover=None, docs=["http://news.example/1"], properties={},
               evidence=[{"doc_id": "http://news.example/1", "lang": "en",
                          "sentence": "See https://example.org.", "start": 0, "end": 24}])
    out = tmp_path / "v.html"
    render_html(g, out)
    html = out.read_text(encoding="utf-8")
    assert "http://" not in html and "https://" not in html
