"""The Neo4j store against a real server: run only when NEO4J_URI is set.

These tests WRITE to the database and delete everything in it afterwards, so
they refuse (skip) a database that is not empty when they start. Point them at
a throwaway server, e.g.::

    docker run --rm -d --name kg-neo4j -p 7687:7687 -e NEO4J_AUTH=neo4j/kg-test-pw neo4j:5
    NEO4J_URI=bolt://localhost:7687 NEO4J_PASSWORD=kg-test-pw \\
        .venv/bin/pytest -m neo4j tests/test_neo4j_server.py

See docs/neo4j.md. They compare every result with the embedded store's for
the same triples, so a difference between the engines fails here.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import make_entities, make_triples, same_graph

from kg import query as named
from kg.api import Store, open_store
from kg.errors import ConnectionError_, StoreError
from kg.export import export
from kg.graph import aggregate
from kg.store import neo4j_cypher as N
from kg.store.connection import resolve
from kg.store.neo4j import Neo4jStore

pytestmark = [
    pytest.mark.neo4j,
    pytest.mark.skipif(
        not os.environ.get("NEO4J_URI"),
        reason="needs a Neo4j 5.x/2025.x server: set NEO4J_URI (and NEO4J_PASSWORD, "
               "NEO4J_DATABASE) to an EMPTY throwaway database; see docs/neo4j.md"),
]


def _wipe(store: Neo4jStore) -> None:
    store.query("MATCH (n) DETACH DELETE n")


@pytest.fixture(scope="module")
def checked_empty() -> None:
    with Neo4jStore() as st:
        n = st.query("MATCH (n) RETURN count(n) AS n").rows[0][0]
    if n:
        pytest.skip(f"{resolve().describe()} holds {n} nodes; these tests write and then "
                    "delete everything, so they only run on an empty database")


@pytest.fixture
def neo(checked_empty: None) -> Iterator[Store]:
    store = Store(Neo4jStore())
    try:
        yield store
    finally:
        _wipe(store.backend)
        store.close()


@pytest.fixture
def loaded(neo: Store) -> Store:
    neo.load(make_triples(), make_entities())
    return neo


def _rows(res: Any) -> list[str]:
    return sorted(json.dumps(r, sort_keys=True, ensure_ascii=False) for r in res.rows)


def test_load_matches_the_embedded_store(neo: Store, built_store: Store, tmp_path: Path) -> None:
    summary = neo.load(make_triples(), make_entities(), batch_size=10)
    with open_store(tmp_path / "ref") as ref:
        expected = ref.load(make_triples(), make_entities())
    for f in ("nodes_created", "edges_created", "edges_updated", "evidence_added",
              "articles_added", "skipped"):
        assert getattr(summary, f) == getattr(expected, f), f
    same_graph(neo.to_networkx(), aggregate(make_triples(), make_entities()))
    want = {k: v for k, v in built_store.stats().items() if k not in ("store", "engine")}
    assert {k: v for k, v in neo.stats().items() if k not in ("store", "engine")} == want


def test_loading_twice_changes_nothing(loaded: Store) -> None:
    again = loaded.load(make_triples(), make_entities())
    assert (again.nodes_created, again.edges_created, again.evidence_added,
            again.articles_added, again.relationships_created) == (0, 0, 0, 0, 0)
    assert again.constraints_added == again.indexes_added == 0
    same_graph(loaded.to_networkx(), aggregate(make_triples(), make_entities()))


def test_constraints_and_indexes_exist(loaded: Store) -> None:
    names = {r[0] for r in loaded.query("SHOW CONSTRAINTS YIELD name RETURN name").rows}
    names |= {r[0] for r in loaded.query("SHOW INDEXES YIELD name RETURN name").rows}
    for stmt in N.schema():
        assert stmt.split()[2] in names, stmt


def test_a_failed_batch_is_rolled_back_whole(neo: Store) -> None:
    store: Neo4jStore = neo.backend
    real = store._tx_triples
    calls = {"n": 0}

    def failing(tx: Any, batch: Any, part: Any) -> None:
        calls["n"] += 1
        real(tx, batch, part)  # every write of the batch is sent...
        if calls["n"] == 2:
            raise StoreError("injected failure after the second batch's writes")

    store._tx_triples = failing  # type: ignore[method-assign]
    triples = make_triples()
    with pytest.raises(StoreError, match="rolled back"):
        store.load(triples, batch_size=10)
    same_graph(neo.to_networkx(), aggregate(triples[:10]))  # ...and none of them stays
    store._tx_triples = real  # type: ignore[method-assign]
    store.load(triples, batch_size=10)
    same_graph(neo.to_networkx(), aggregate(triples))


def test_named_queries_agree_with_the_embedded_store(loaded: Store, built_store: Store) -> None:
    queries = named.list_queries()
    if not queries:
        pytest.skip("queries/ holds no named queries yet")
    for q in queries:
        assert _rows(loaded.run(q.name)) == _rows(built_store.run(q.name)), q.name


def test_values_convert_like_the_embedded_store(loaded: Store, built_store: Store) -> None:
    for cypher in (
        "MATCH (a:Person {id: 'person:vladimir-putin'})-[r:CALLED]->(b) RETURN a, r, b",
        "MATCH p = (a:Location)-[r:LOCATED_IN]->(b:Country) RETURN p",
        "MATCH (e:Evidence)-[x:EVIDENCE_IN]->(d:Article) RETURN e, x, d",
        "MATCH ()-[r:MEMBER_OF]->() RETURN r",  # ends not in the result: named by a lookup
    ):
        assert _rows(loaded.query(cypher)) == _rows(built_store.query(cypher)), cypher
    got = loaded.query("RETURN date('2022-01-05') AS d, localdatetime('2022-01-05T10:30:00') "
                       "AS t, duration('P1M2DT3H') AS i").records()[0]
    assert got == {"d": "2022-01-05", "t": "2022-01-05T10:30:00", "i": 2775600.0}


def test_the_cypher_script_rebuilds_the_graph(neo: Store, tmp_path: Path) -> None:
    g = aggregate(make_triples(), make_entities())
    path = tmp_path / "g.cypher"
    export(g, "cypher", path, batch=0)
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith(("//", ":")):
            neo.query(line.rstrip(";"))
    same_graph(neo.to_networkx(), g)


def test_wrong_password_is_reported_without_it(checked_empty: None) -> None:
    if not os.environ.get("NEO4J_PASSWORD"):
        pytest.skip("the server runs without authentication (no NEO4J_PASSWORD)")
    bad = "kg-wrong-password-" + os.urandom(4).hex()
    conn = resolve(password=bad)
    with pytest.raises(ConnectionError_, match="credentials") as err:
        Neo4jStore(conn)
    assert bad not in str(err.value)
