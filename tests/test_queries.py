"""Named queries: files and headers, parameter checking, and their rows on the sample store."""

from __future__ import annotations

import re

import pytest

from kg import query as named
from kg import resources
from kg.errors import QueryError, RegistryError
from kg.registry import stores

REQUIRED = {"who-called-whom", "alliances", "leader-contacts", "org-members", "most-connected",
            "shortest-path", "events-in-location", "new-relations-since", "evidence"}


def test_catalog_has_the_required_queries():
    assert set(named.catalog()) >= REQUIRED


@pytest.mark.parametrize("q", named.list_queries(), ids=lambda q: q.name)
def test_headers_are_complete(q):
    assert q.description and not q.description.startswith("param:")
    assert len(q.description) < 140
    for p in q.params:
        assert not p.required, f"{q.name}: every shipped query must run with no parameters"
        assert p.doc, f"{q.name}: parameter {p.name} has no meaning"
    declared = {p.name for p in q.params}
    for engine, text in [("default", q.text), *q.variants.items()]:
        used = set(re.findall(r"\$([A-Za-z_]\w*)", text))
        assert used == declared, (q.name, engine)


def test_engine_variants_follow_the_naming_rule():
    files = [f for f in resources.listdir("queries") if f.endswith(".cypher")]
    for f in files:
        parts = f[: -len(".cypher")].split(".")
        assert len(parts) in (1, 2), f
        if len(parts) == 2:
            name, engine = parts
            assert engine in stores, f"{f}: {engine} is not a registered store"
            assert f"{name}.cypher" in files, f"{f} has no portable {name}.cypher"
            q = named.get(name)
            assert named.parse(f, q.variants[engine]) == (q.description, q.params)
    assert "neo4j" in named.get("shortest-path").variants


@pytest.mark.parametrize("q", named.list_queries(), ids=lambda q: q.name)
def test_portable_text_avoids_engine_specific_cypher(q):
    body = "\n".join(line for line in q.text.splitlines() if not line.startswith("//"))
    for bad in ("SET n +=", "CALL {", "apoc.", "label(", "labels(", "type("):
        assert bad not in body, f"{q.name} uses {bad!r}"
    if not q.variants:
        assert "SHORTEST" not in body and "shortestPath" not in body


def test_bind_fills_types_and_refuses_unknowns():
    q = named.get("who-called-whom")
    assert q.bind() == {"since": "0001-01-01", "until": "9999-12-31", "limit": 1000}
    assert q.bind({"since": "2022-01"}) == {"since": "2022-01", "until": "9999-12-31",
                                            "limit": 1000}
    assert q.bind({"limit": "5"})["limit"] == 5
    with pytest.raises(QueryError, match="no parameter"):
        q.bind({"sinse": "2022-01-01"})
    with pytest.raises(QueryError, match="not a valid date"):
        q.bind({"since": "yesterday"})
    with pytest.raises(QueryError, match="not a valid date"):
        q.bind({"since": "2022-13-01"})
    m = named.get("most-connected")
    assert m.bind({"limit": "3"}) == {"limit": 3}
    with pytest.raises(QueryError, match="not a valid int"):
        m.bind({"limit": "many"})
    assert named.get("alliances").bind({"country": 123}) == {"country": "123"}


def test_required_parameters_and_bad_headers():
    desc, params = named.parse("x.cypher", "// Something.\n// param: who (str) required — id\n"
                                           "MATCH (n) RETURN n")
    q = named.NamedQuery("x", desc, params, "")
    with pytest.raises(QueryError, match="needs parameter who"):
        q.bind()
    with pytest.raises(Exception, match="description"):
        named.parse("y.cypher", "MATCH (n) RETURN n")
    with pytest.raises(Exception, match="cannot read parameter"):
        named.parse("z.cypher", "// Z.\n// param: broken\nRETURN 1")
    assert named.coerce("yes", "bool") is True and named.coerce("2.5", "float") == 2.5


def test_unknown_query_lists_the_known_ones():
    with pytest.raises(RegistryError, match="who-called-whom"):
        named.get("who-called")


def rows(store, name, **params):
    return store.run(name, **params).records()


def test_every_query_runs_with_defaults(built_store):
    for q in named.list_queries():
        assert rows(built_store, q.name), f"{q.name} returned no rows on the sample store"


def test_who_called_whom(built_store):
    got = [(r["caller"], r["callee"], r["date"], r["reports"])
           for r in rows(built_store, "who-called-whom")]
    assert got == [
        ("Vladimir Putin", "Kassym-Jomart Tokayev", "2022-01-06", 2),
        ("Vladimir Putin", "Sadyr Japarov", "2022-01-07", 1),
        ("Vladimir Putin", "Kassym-Jomart Tokayev", "2022-01-10", 1),
    ]
    got = rows(built_store, "who-called-whom", since="2022-01-07", until="2022-01-09")
    assert [r["callee"] for r in got] == ["Sadyr Japarov"]


def test_alliances(built_store):
    (r,) = rows(built_store, "alliances")
    assert r["organization_id"] == "org:csto"
    assert set(r["fellow_members"]) == {"Russia", "Armenia", "Belarus", "Kyrgyzstan", "Tajikistan"}
    by_name = rows(built_store, "alliances", country="armenia")  # English names work too
    assert by_name[0]["country"] == "Armenia"
    assert rows(built_store, "alliances", country="USA") == []


def test_leader_contacts(built_store):
    got = [(r["contact"], r["relation"], r["direction"], r["date"])
           for r in rows(built_store, "leader-contacts")]
    assert got == [
        ("Kassym-Jomart Tokayev", "CALLED", "to", "2022-01-06"),
        ("Sadyr Japarov", "CALLED", "to", "2022-01-07"),
        ("Kassym-Jomart Tokayev", "CALLED", "to", "2022-01-10"),
        ("Kassym-Jomart Tokayev", "MET", "to", "2022-02-10"),
    ]
    toka = rows(built_store, "leader-contacts", leader="Kassym-Jomart Tokayev")
    assert {(r["contact"], r["direction"]) for r in toka} >= {
        ("Vladimir Putin", "from"), ("Alexander Lukashenko", "from"),
        ("Alikhan Smailov", "to"), ("Russia", "to")}


def test_org_members(built_store):
    got = {(r["member"], r["relation"], r["role"]) for r in rows(built_store, "org-members")}
    assert got == {(c, "MEMBER_OF", None) for c in
                   ("Russia", "Kazakhstan", "Armenia", "Belarus", "Kyrgyzstan", "Tajikistan")} | {
        ("Stanislav Zas", "OFFICIAL_OF", "secretary_general")}


def test_most_connected(built_store):
    got = rows(built_store, "most-connected", limit=3)
    assert [r["id"] for r in got] == ["RUS", "person:kassym-jomart-tokayev", "org:csto"]
    assert got[0]["degree"] == 13


def test_shortest_path(built_store):
    (r,) = rows(built_store, "shortest-path")
    assert r["hops"] == 4 and len(r["path"]) == 5 and len(r["relations"]) == 4
    assert (r["path"][0], r["path"][-1]) == ("Sadyr Japarov", "Nikol Pashinyan")
    (r,) = rows(built_store, "shortest-path", source="Russia", target="person:sergei-lavrov")
    assert r["hops"] == 1 and r["relations"] == ["MINISTER_OF"]


def test_events_in_location(built_store):
    got = [(r["date"], r["actor"], r["event"], r["place"])
           for r in rows(built_store, "events-in-location")]
    assert got == [
        ("2022-01-04", "Kazakh Protesters Union", "PROTESTED_IN", "Almaty"),
        ("2022-01-05", "Kassym-Jomart Tokayev", "DECLARED_EMERGENCY", "Almaty"),
        ("2022-01-05", "Kassym-Jomart Tokayev", "DECLARED_EMERGENCY", "Mangystau Region"),
        ("2022-01-06", "Collective Security Treaty Organization", "DEPLOYED_FORCES_TO",
         "Kazakhstan"),
        ("2022-01-06", "Russia", "DEPLOYED_FORCES_TO", "Almaty"),
    ]
    assert len(rows(built_store, "events-in-location", location="loc:almaty")) == 3


def test_new_relations_since(built_store):
    got = [(r["first_seen"], r["predicate"]) for r in
           rows(built_store, "new-relations-since", since="2022-02-01")]
    assert got == [("2022-02-24", "ATTACKED"), ("2022-02-22", "SANCTIONED"),
                   ("2022-02-10", "VISITED"), ("2022-02-10", "MET"),
                   ("2022-02-04", "SIGNED_AGREEMENT_WITH")]
    assert len(rows(built_store, "new-relations-since")) == 41


def test_evidence(built_store):
    got = rows(built_store, "evidence")
    assert [(r["date"], r["doc_id"]) for r in got] == [
        ("2022-01-06", "rt-ar-2022-01-07"), ("2022-01-06", "sputnik-ar-2022-01-06"),
        ("2022-01-10", "sputnik-ar-2022-01-11")]
    assert all(r["end"] - r["start"] == len(r["sentence"]) for r in got)
    member = rows(built_store, "evidence", subject="Tajikistan", predicate="MEMBER_OF",
                  object="org:csto")
    assert [r["sentence"] for r in member] == ["طاجيكستان العضو في المنظمة"]


def test_evidence_finds_every_mention_through_the_relations_docs(built_store):
    # evidence.cypher reaches Evidence from r.docs (an Article lookup), not by scanning edge_key:
    # every mention of every relation must still come back.
    want = built_store.query(
        "MATCH (a)-[r]->(b) WHERE r.predicate IS NOT NULL "
        "WITH a.id AS s, r.predicate AS p, b.id AS o, collect(r.key) AS keys "
        "MATCH (e:Evidence) WHERE e.edge_key IN keys RETURN s, p, o, count(e) AS n").records()
    assert want
    for w in want:
        got = rows(built_store, "evidence", subject=w["s"], predicate=w["p"], object=w["o"])
        assert len(got) == w["n"], w


def test_other_queries(built_store):
    assert {r["relation"] for r in rows(built_store, "country-profile")} == {
        "LEADER_OF", "MEMBER_OF", "LOCATED_IN", "DEPLOYED_FORCES_TO", "PROVIDED_AID_TO"}
    assert [(r["sanctioner"], r["target"]) for r in rows(built_store, "sanctions")] == [
        ("European Union", "Belarus"), ("United States", "Russia")]
    dep = rows(built_store, "deployments")
    assert [(r["sender"], r["cameo"]) for r in dep] == [
        ("Collective Security Treaty Organization", "074"), ("Russia", "150")]
    assert len(rows(built_store, "timeline")) == 24
    assert {r["predicate"] for r in rows(built_store, "timeline", actor="USA")} == {
        "NEGOTIATED_WITH", "THREATENED", "SANCTIONED", "ACCUSED"}
    lead = rows(built_store, "leaders", entity="Russia")
    assert {(r["person"], r["role"]) for r in lead} == {
        ("Vladimir Putin", "president"), ("Sergei Lavrov", "foreign_affairs")}


def test_crafted_parameter_values_change_nothing(built_store):
    before = built_store.stats()
    for name, param in (("alliances", "country"), ("leader-contacts", "leader"),
                        ("org-members", "org")):
        assert rows(built_store, name, **{param: "x' }) DETACH DELETE n //"}) == []
    assert built_store.stats() == before
