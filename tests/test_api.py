"""The Python API: open_store and the Store facade over the registered backends."""

from __future__ import annotations

import pytest

from kg.api import Store, open_store
from kg.errors import QueryError, RegistryError, StoreError
from kg.graph import aggregate
from kg.registry import stores
from kg.store.base import GraphStore, LoadSummary, QueryResult
from kg.store.ladybug import LadybugStore


def test_registry_resolves_the_embedded_store():
    assert stores.get("ladybug") is LadybugStore
    with pytest.raises(RegistryError, match="ladybug"):
        open_store("x", backend="nope")


def test_open_load_query_run_close(tmp_path, sample_triples, sample_entities):
    path = tmp_path / "kg-store"
    with open_store(path) as store:
        assert isinstance(store, Store) and store.engine == "ladybug"
        assert isinstance(store.backend, GraphStore)
        summary = store.load(sample_triples, sample_entities, batch_size=10)
        assert isinstance(summary, LoadSummary) and summary.edges_created == 41
        r = store.query("MATCH (c:Country {id: $id}) RETURN c.label AS name", id="KAZ")
        assert isinstance(r, QueryResult) and r.records() == [{"name": "Kazakhstan"}]
        assert store.query("MATCH (c:Country {id: $id}) RETURN c.label", {"id": "RUS"}).rows == [
            ["Russia"]]
        assert store.run("most-connected", limit=1).records()[0]["id"] == "RUS"
        assert "ladybug" in repr(store)
    with open_store(path, read_only=True) as store:
        assert store.stats()["total_edges"] == 41
    with pytest.raises(StoreError, match="no kg store"):
        open_store(tmp_path / "other", create=False)


def test_errors_are_kg_errors(built_store):
    with pytest.raises(QueryError):
        built_store.query("RETURN nonsense(")
    with pytest.raises(QueryError, match="no parameter"):
        built_store.run("alliances", contry="KAZ")


def test_to_networkx_is_the_aggregate_shape(built_store, sample_triples, sample_entities):
    g = built_store.to_networkx()
    want = aggregate(sample_triples, sample_entities)
    assert dict(g.nodes(data=True)) == dict(want.nodes(data=True))
    assert sorted(k for *_, k in g.edges(keys=True)) == sorted(k for *_, k in want.edges(keys=True))
    for s, o, k, d in want.edges(keys=True, data=True):
        e = g.edges[s, o, k]
        assert {a: e[a] for a in d if a != "evidence"} == {a: d[a] for a in d if a != "evidence"}
        assert sorted(e["evidence"], key=repr) == sorted(d["evidence"], key=repr)
    node = g.nodes["person:vladimir-putin"]
    assert node["labels"]["ar"] == "فلاديمير بوتين" and node["wikidata"] == "Q7747"


def test_to_pandas(built_store):
    nodes, edges = built_store.to_pandas()
    assert len(nodes) == 27 and len(edges) == 41
    assert {"id", "type", "label", "labels", "aliases", "mentions"} <= set(nodes.columns)
    assert {"source", "target", "key", "predicate", "count", "docs", "role",
            "evidence"} <= set(edges.columns)
    call = edges[edges.key == "person:vladimir-putin|CALLED|person:kassym-jomart-tokayev|2022-01-06"]
    assert call["count"].item() == 2 and len(call["evidence"].item()) == 2


def test_to_rdf_delegates_to_the_rdf_exporter(built_store):
    pytest.importorskip("kg.export.rdf")
    graph = built_store.to_rdf()
    assert graph is not None and len(graph) > 0
