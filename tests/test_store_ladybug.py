"""The embedded LadybugDB store: schema, idempotent merging loads, queries, refusals."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import textwrap
import time

import pytest

from kg import resources
from kg.errors import QueryError, StoreError
from kg.graph import aggregate
from kg.model import Article, Entity, EntityRef, Evidence, Triple
from kg.store import cypher as C
from kg.store.base import SCHEMA_VERSION, GraphStore
from kg.store.ladybug import DB_FILE, LadybugStore
from kg.vocab import ENTITY_TYPES, PREDICATES


def snapshot(store: LadybugStore) -> dict:
    """Everything a load may change, in comparable form."""
    from kg.store.snapshot import to_networkx

    g = to_networkx(store.query)
    return {
        "nodes": {n: dict(d) for n, d in g.nodes(data=True)},
        "edges": {k: {**d, "evidence": sorted(map(repr, d["evidence"]))}
                  for _, _, k, d in g.edges(keys=True, data=True)},
        "stats": store.stats(),
    }


def assert_same_graph(got, want) -> None:
    """A store's graph equals kg.graph.aggregate of the same input, attribute by attribute."""
    assert dict(got.nodes(data=True)) == dict(want.nodes(data=True))
    got_edges = {(s, o, k): d for s, o, k, d in got.edges(keys=True, data=True)}
    want_edges = {(s, o, k): d for s, o, k, d in want.edges(keys=True, data=True)}
    assert got_edges.keys() == want_edges.keys()
    for key, w in want_edges.items():
        g = got_edges[key]
        for attr in ("predicate", "date", "first_seen", "last_seen", "count", "confidence",
                     "cameo", "plover", "docs", "properties"):
            assert g[attr] == w[attr], (key, attr)
        assert sorted(g["evidence"], key=repr) == sorted(w["evidence"], key=repr), key


@pytest.fixture
def store(tmp_path):
    s = LadybugStore(tmp_path / "kg-store")
    yield s
    s.close()


# --- schema -------------------------------------------------------------------


def test_ddl_file_is_generated_from_the_vocabulary():
    assert resources.read_text("schemas", "ladybug.cypher") == C.render_ddl(), (
        "schemas/ladybug.cypher is stale: python -m kg.store.cypher > schemas/ladybug.cypher")


def test_store_schema_matches_vocab(store):
    tables = {r[0]: r[1] for r in store.query("CALL show_tables() RETURN name, type").rows}
    for t in (*ENTITY_TYPES, "Article", "Evidence", "KgMeta"):
        assert tables[t] == "NODE"
    for p in (*PREDICATES, "EVIDENCE_IN"):
        assert tables[p] == "REL"
    for p in PREDICATES:
        conn = store.query(f"CALL show_connection('{p}') RETURN *").rows
        assert {(r[0], r[1]) for r in conn} == set(C.pairs(p))
        props = [r[1] for r in store.query(f"CALL table_info('{p}') RETURN *").rows]
        assert props == [c for c, _ in C.EDGE_COLUMNS]
    assert store.meta["schema_version"] == str(SCHEMA_VERSION)
    assert isinstance(store, GraphStore)


# --- loading ------------------------------------------------------------------


def test_store_graph_equals_aggregate(store, sample_triples, sample_entities):
    summary = store.load(sample_triples, sample_entities)
    assert summary.skipped == []
    assert summary.triples_read == len(sample_triples)
    want = aggregate(sample_triples, sample_entities)
    assert summary.edges_created == want.number_of_edges()
    assert summary.evidence_added == sum(len(d["evidence"]) for *_, d in want.edges(data=True))
    from kg.store.snapshot import to_networkx

    assert_same_graph(to_networkx(store.query), want)


def test_loading_twice_changes_nothing(store, sample_triples, sample_entities):
    store.load(sample_triples, sample_entities)
    before = snapshot(store)
    again = store.load(sample_triples, sample_entities)
    assert (again.nodes_created, again.edges_created, again.edges_updated,
            again.evidence_added, again.articles_added) == (0, 0, 0, 0, 0)
    assert snapshot(store) == before


def test_incremental_load_merges_counts_dates_and_docs(store, sample_triples):
    docs = sorted({t.evidence.doc_id for t in sample_triples})
    first = [t for t in sample_triples if t.evidence.doc_id in docs[:2]]
    rest = [t for t in sample_triples if t.evidence.doc_id not in docs[:2]]
    store.load(first)
    key = "person:vladimir-putin|CALLED|person:kassym-jomart-tokayev|2022-01-06"
    q = "MATCH ()-[r:CALLED {key: $key}]->() RETURN r.count, r.docs, r.first_seen, r.last_seen"
    assert store.query(q, {"key": key}).rows == [
        [1, ["rt-ar-2022-01-07"], "2022-01-06", "2022-01-06"]]
    # A later article reporting the same call adds a mention to the same edge.
    later = dataclasses.replace(
        sample_triples[17],
        evidence=Evidence("sputnik-ar-2022-01-09", "ar", "أكد الكرملين الاتصال", 5, 25),
        properties={"date": "2022-01-06", "observed": "2022-01-09"}, confidence=0.99)
    summary = store.load([*rest, later])
    assert summary.edges_updated >= 1
    count, docs_, _first, _last = store.query(q, {"key": key}).rows[0]
    assert count == 3
    assert docs_ == ["rt-ar-2022-01-07", "sputnik-ar-2022-01-06", "sputnik-ar-2022-01-09"]
    assert store.query("MATCH ()-[r:CALLED {key: $key}]->() RETURN r.confidence",
                       {"key": key}).rows == [[0.99]]
    from kg.store.snapshot import to_networkx

    assert_same_graph(to_networkx(store.query), aggregate([*sample_triples, later]))


def test_two_dates_two_edges_two_reports_one_edge(built_store):
    rows = built_store.query(
        "MATCH (a {id: $a})-[r:CALLED]->(b {id: $b}) RETURN r.date, r.count, r.docs "
        "ORDER BY r.date", a="person:vladimir-putin", b="person:kassym-jomart-tokayev").rows
    assert rows == [
        ["2022-01-06", 2, ["rt-ar-2022-01-07", "sputnik-ar-2022-01-06"]],
        ["2022-01-10", 1, ["sputnik-ar-2022-01-11"]],
    ]


def test_evidence_is_traceable_by_cypher(built_store):
    rows = built_store.query(
        "MATCH (a)-[r:CALLED]->(b) WHERE r.date = $d "
        "MATCH (e:Evidence {edge_key: r.key})-[:EVIDENCE_IN]->(d:Article) "
        "RETURN a.id, b.id, d.id, e.sentence, e.start, e.`end` ORDER BY d.id",
        d="2022-01-06").rows
    assert [r[2] for r in rows] == ["rt-ar-2022-01-07", "sputnik-ar-2022-01-06"]
    assert all(r[:2] == ["person:vladimir-putin", "person:kassym-jomart-tokayev"] for r in rows)
    assert rows[1][3].startswith("أجرى الرئيس الروسي")
    assert rows[1][5] - rows[1][4] == len(rows[1][3])
    key = "person:vladimir-putin|CALLED|person:kassym-jomart-tokayev|2022-01-06"
    assert len(built_store.query(C.TRACE_EVIDENCE, key=key).rows) == 2


def test_entity_records_fill_nodes_and_merge_mentions(store, sample_triples):
    store.load(sample_triples)
    raw = store.query("MATCH (n:Person {id: 'person:vladimir-putin'}) RETURN n").rows[0][0]
    assert raw["labels"] == {} and raw["mentions"] == 0
    putin = Entity("person:vladimir-putin", "Person", "Vladimir Putin",
                   {"ar": "فلاديمير بوتين"}, ["بوتين"], "Q7747", None, 7)
    store.load([], [putin])
    store.load([], [dataclasses.replace(putin, mentions=2)])  # mentions keep the maximum
    node = store.query("MATCH (n:Person {id: 'person:vladimir-putin'}) RETURN n").rows[0][0]
    assert node == {"id": "person:vladimir-putin", "type": "Person", "label": "Vladimir Putin",
                    "labels": {"ar": "فلاديمير بوتين"}, "aliases": ["بوتين"],
                    "wikidata": "Q7747", "subtype": None, "mentions": 7, "_label": "Person"}
    clash = store.load([], [Entity("person:vladimir-putin", "Country", "Putin")])
    assert "holds it as a Person" in clash.skipped[0]


def test_triples_outside_domain_or_clashing_types_are_skipped(store, sample_triples):
    store.load(sample_triples[:1])  # person:vladimir-putin is a Person
    bad = Triple(EntityRef("person:vladimir-putin", "Country", "Putin"), "MEMBER_OF",
                 EntityRef("org:csto", "Organization", "CSTO"),
                 Evidence("d9", "en", "Putin is in CSTO", 0, 16))
    summary = store.load([sample_triples[1], bad])
    assert summary.edges_created == 1
    assert summary.skipped == [
        "triple 2: MEMBER_OF cannot link Person person:vladimir-putin to Organization "
        "org:csto; the contract allows Country/Organization -> Organization"]
    assert store.stats()["total_edges"] == 2


def test_article_records_are_stored(store, sample_triples):
    arts = [Article("rt-ar-2022-02-25", "نص", lang="ar", date="2022-02-25", title="روسيا",
                    url="https://example.org/a")]
    summary = store.load(sample_triples, articles=arts)
    assert summary.articles_added == 4
    rows = store.query("MATCH (d:Article {id: 'rt-ar-2022-02-25'}) RETURN d.title, d.url, d.lang")
    assert rows.rows == [["روسيا", "https://example.org/a", "ar"]]
    store.load([], articles=[dataclasses.replace(arts[0], title=None, url="https://x.org")])
    rows = store.query("MATCH (d:Article {id: 'rt-ar-2022-02-25'}) RETURN d.title, d.url")
    assert rows.rows == [["روسيا", "https://x.org"]]


def test_failed_batch_is_rolled_back(store, sample_triples, monkeypatch):
    store.load(sample_triples[:10])
    before = snapshot(store)

    def boom(*a, **k):
        raise StoreError("disk on fire")

    monkeypatch.setattr(store, "_write_edges", boom)
    with pytest.raises(StoreError, match="disk on fire"):
        store.load(sample_triples)
    monkeypatch.undo()
    assert snapshot(store) == before
    store.load(sample_triples)  # and the store still loads afterwards
    assert store.stats()["total_edges"] == aggregate(sample_triples).number_of_edges()


def synthetic(n: int, doc: str, day: int) -> list[Triple]:
    """n MET triples among 60 people: enough rows per table for the COPY path."""
    out = []
    for i in range(n):
        s, o = f"person:p{i % 60}", f"person:p{(i * 7 + 1) % 60}"
        out.append(Triple(EntityRef(s, "Person", s[7:]), "MET", EntityRef(o, "Person", o[7:]),
                          Evidence(f"{doc}-{i // 50}", "en", "They met.", (i % 50) * 20,
                                   (i % 50) * 20 + 9),
                          {"date": f"2022-03-{1 + i % 20:02d}", "observed": f"2022-03-{day:02d}"},
                          0.5 + (i % 5) / 10))
    return out


def test_bulk_copy_then_incremental_load(store):
    first, second = synthetic(3000, "a", 21), synthetic(1500, "b", 25)
    t0 = time.perf_counter()
    s1 = store.load(first)
    assert s1.evidence_added == 3000
    s2 = store.load(second, batch_size=700)  # several transactions, merging into COPYed rows
    assert s2.edges_updated > 0
    assert time.perf_counter() - t0 < 30
    from kg.store.snapshot import to_networkx

    assert_same_graph(to_networkx(store.query), aggregate(first + second))


# --- queries ------------------------------------------------------------------


def test_query_values_are_json_friendly(built_store):
    r = built_store.query(
        "MATCH p = (a:Person {id: $a})-[r:LEADER_OF]->(c:Country) "
        "RETURN a, r, c.id AS c, p, date('2022-01-05') AS d, [1, 2] AS l",
        a="person:vladimir-putin")
    rec = r.records()[0]
    assert rec["a"]["_label"] == "Person" and rec["a"]["labels"]["ar"] == "فلاديمير بوتين"
    assert set(rec["a"]) == {*(c for c, _ in C.ENTITY_COLUMNS), "_label"}
    assert rec["r"]["_type"] == "LEADER_OF"
    assert (rec["r"]["_src"], rec["r"]["_dst"]) == ("person:vladimir-putin", "RUS")
    assert rec["r"]["role"] == "president"
    assert [x.get("_label") or x.get("_type") for x in rec["p"]] == [
        "Person", "LEADER_OF", "Country"]
    assert rec["d"] == "2022-01-05" and rec["l"] == [1, 2]
    # a bare relationship: its ends are looked up by internal id
    bare = built_store.query("MATCH ()-[r:MINISTER_OF]->() RETURN r").rows[0][0]
    assert (bare["_src"], bare["_dst"]) == ("person:sergei-lavrov", "RUS")


def test_query_error_keeps_the_store_message(built_store):
    with pytest.raises(QueryError, match="not in scope"):
        built_store.query("MATCH (n) RETURN m")


def test_parameters_are_never_pasted(built_store):
    before = built_store.stats()
    evil = "x' }) DETACH DELETE n //"
    assert built_store.query("MATCH (n:Country) WHERE n.id = $id RETURN n", id=evil).rows == []
    assert built_store.stats() == before


def test_stats(built_store, sample_triples):
    s = built_store.stats()
    g = aggregate(sample_triples)
    assert s["total_edges"] == g.number_of_edges() and s["total_nodes"] == g.number_of_nodes()
    assert s["edges"]["CALLED"] == 3 and s["nodes"]["Country"] == 9
    assert s["articles"] == 4 and s["evidence"] == 42


# --- opening ------------------------------------------------------------------


def test_folders_that_are_not_stores_are_refused(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "notes.txt").write_text("hello")
    with pytest.raises(StoreError, match="not a kg store"):
        LadybugStore(tmp_path / "docs")
    (tmp_path / "file").write_text("x")
    with pytest.raises(StoreError, match="is a file"):
        LadybugStore(tmp_path / "file")
    with pytest.raises(StoreError, match="no kg store"):
        LadybugStore(tmp_path / "missing", create=False)
    with pytest.raises(StoreError, match="no kg store"):
        LadybugStore(tmp_path / "missing", read_only=True)
    (tmp_path / "fake").mkdir()
    (tmp_path / "fake" / DB_FILE).write_bytes(b"not a database" * 100)
    with pytest.raises(StoreError, match="not a kg store"):
        LadybugStore(tmp_path / "fake")


def test_a_plain_ladybug_database_is_not_a_store(tmp_path):
    import ladybug

    (tmp_path / "plain").mkdir()
    db = ladybug.Database(str(tmp_path / "plain" / DB_FILE))
    ladybug.Connection(db).execute("CREATE NODE TABLE T(id INT64 PRIMARY KEY)")
    db.close()
    with pytest.raises(StoreError, match="not a kg store"):
        LadybugStore(tmp_path / "plain")


def test_other_schema_version_is_refused(tmp_path):
    with LadybugStore(tmp_path / "s") as s:
        s.query(C.META_WRITE, {"key": "schema_version", "value": "999"})
    with pytest.raises(StoreError, match="schema version 999"):
        LadybugStore(tmp_path / "s")


def test_read_only_store_refuses_writes(tmp_path, sample_triples):
    with LadybugStore(tmp_path / "s") as s:
        s.load(sample_triples[:3])
    with LadybugStore(tmp_path / "s", read_only=True) as ro:
        assert ro.stats()["total_edges"] == 3
        with pytest.raises(StoreError, match="read-only"):
            ro.load(sample_triples)
        with pytest.raises(QueryError, match="read-only"):
            ro.query("MATCH (n:Person) DETACH DELETE n")


def test_a_store_held_by_another_writer_gives_a_clear_error(tmp_path, sample_triples):
    path = tmp_path / "s"
    with LadybugStore(path) as s:
        s.load(sample_triples[:3])
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import sys, time
            from kg.store.ladybug import LadybugStore
            s = LadybugStore({str(path)!r})
            print("open", flush=True)
            sys.stdin.readline()
        """)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        with pytest.raises(StoreError, match="open for writing by process"):
            LadybugStore(path)
        # readers are not blocked by the writer
        with LadybugStore(path, read_only=True) as ro:
            assert ro.stats()["total_edges"] == 3
    finally:
        holder.communicate("\n", timeout=30)
