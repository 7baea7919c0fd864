"""Every exporter writes a file that reads back to the same graph.

The graph is built from hand-made triples with the awkward parts real news
brings: Arabic and English, quotes, newlines, a form feed, ``<script>`` and
backslashes in sentences, one call reported twice, one call on two dates,
one sentence supporting four relations. The contract test at the bottom runs
over ``kg.registry.exporters`` so a new exporter is tested without editing
this file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
import rdflib
from click.testing import CliRunner
from rdflib.namespace import OWL, RDF, RDFS, SKOS

import kg.export
from kg.cli import main
from kg.errors import ExportError
from kg.export import export, exporters, format_for_path
from kg.export.rdf import entity_iri, statement_iri, to_rdf, validate
from kg.graph import aggregate
from kg.model import Entity, EntityRef, Evidence, Triple
from kg.vocab import ENTITY_NAMESPACE, NAMESPACE

KG = rdflib.Namespace(NAMESPACE)
ENT = rdflib.Namespace(ENTITY_NAMESPACE)

# rdflib's own JSON-LD parser still uses its deprecated ConjunctiveGraph.
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated")

PUTIN = EntityRef("person:vladimir-putin", "Person", "Vladimir Putin")
TOKAYEV = EntityRef("person:kassym-jomart-tokayev", "Person", "Kassym-Jomart Tokayev")
JAPAROV = EntityRef("person:sadyr-japarov", "Person", "Sadyr Japarov")
LAVROV = EntityRef("person:sergey-lavrov", "Person", "Sergey Lavrov")
PESKOV = EntityRef("person:dmitry-peskov", "Person", "Dmitry Peskov")
SMAILOV = EntityRef("person:alikhan-smailov", "Person", "Alikhan Smailov")
ENVOY = EntityRef("person:alexey-borodavkin", "Person", "Alexey Borodavkin")
RUS = EntityRef("RUS", "Country", "Russia")
KAZ = EntityRef("KAZ", "Country", "Kazakhstan")
BLR = EntityRef("BLR", "Country", "Belarus")
CSTO = EntityRef("org:csto", "Organization", "Collective Security Treaty Organization")
MFA = EntityRef("org:russian-foreign-ministry", "Organization", "Russian Foreign Ministry")
GOV = EntityRef("org:government-of-kazakhstan", "Organization", "Government of Kazakhstan")
OPPOSITION = EntityRef("org:dvk", "Organization", "Democratic Choice of Kazakhstan")
ALMATY = EntityRef("loc:almaty", "Location", "Almaty")

AR_CALL = 'أجرى الرئيس بوتين "اتصالاً هاتفياً" مع توكاييف،\nوبحثا الوضع.'
EN_CALL = 'Putin spoke by phone with Tokayev, the Kremlin said: "a \\"frank\\" talk".'
SCRIPT = 'Lavrov visited Almaty <script>alert("x")</script> on C:\\temp\\n day\x0cend.'
EMERGENCY = "توكاييف يعلن حالة الطوارئ في ألماتي ويقيل الحكومة."


def ev(doc: str, lang: str, sentence: str, start: int) -> Evidence:
    return Evidence(doc, lang, sentence, start, start + len(sentence))


def make_triples() -> list[Triple]:
    d1, d2, d3, d4 = "sputnik-ar/2022-01-06-1", "tass-en 2022/01/06", "rt-ar-7", "en-news-4"
    e_emerg = ev(d3, "ar", EMERGENCY, 100)
    return [
        # one call, reported in Arabic and in English: one edge, count 2
        Triple(PUTIN, "CALLED", TOKAYEV, ev(d1, "ar", AR_CALL, 0),
               {"cameo": "041", "date": "2022-01-06", "observed": "2022-01-06"}, 0.9),
        Triple(PUTIN, "CALLED", TOKAYEV, ev(d2, "en", EN_CALL, 40),
               {"cameo": "041", "date": "2022-01-06", "observed": "2022-01-07",
                "attributed_to": PESKOV.id, "modality": "reported"}, 0.8),
        # the same pair called again on another day: a second edge
        Triple(PUTIN, "CALLED", TOKAYEV, ev(d4, "en", "Putin and Tokayev spoke again.", 5),
               {"cameo": "041", "date": "2022-01-10", "observed": "2022-01-10"}, 0.85),
        # the same mention twice changes nothing
        Triple(PUTIN, "CALLED", TOKAYEV, ev(d4, "en", "Putin and Tokayev spoke again.", 5),
               {"cameo": "041", "date": "2022-01-10", "observed": "2022-01-10"}, 0.85),
        Triple(PUTIN, "MET", JAPAROV, ev(d4, "en", "Putin met Japarov in Moscow.", 60),
               {"cameo": "040", "date": "2022-01-07"}, 0.7),
        Triple(PUTIN, "LEADER_OF", RUS, ev(d2, "en", EN_CALL, 40),
               {"role": "president", "observed": "2022-01-07"}, 0.95),
        Triple(TOKAYEV, "LEADER_OF", KAZ, ev(d1, "ar", AR_CALL, 0),
               {"role": "president", "valid_from": "2019-06-12"}, 0.9),
        Triple(LAVROV, "MINISTER_OF", RUS, ev(d4, "en", SCRIPT, 200),
               {"portfolio": "foreign_affairs"}, 0.9),
        Triple(PESKOV, "SPOKESPERSON_OF", PUTIN, ev(d2, "en", EN_CALL, 40), {}, 0.9),
        Triple(ENVOY, "OFFICIAL_OF", RUS, ev(d4, "en", "Ambassador Borodavkin said.", 300),
               {"role": "ambassador", "valid_from": "2018-01-01", "valid_to": "2022-12-31"}),
        Triple(KAZ, "MEMBER_OF", CSTO, ev(d3, "ar", "كازاخستان عضو في منظمة معاهدة الأمن.", 0),
               {}, 0.6),
        Triple(MFA, "PART_OF", RUS, ev(d2, "en", "The Russian Foreign Ministry said.", 0), {}),
        Triple(ALMATY, "LOCATED_IN", KAZ, ev(d3, "ar", EMERGENCY, 100), {}, 0.9),
        # one sentence supports four relations (with LOCATED_IN, PROTESTED_IN)
        Triple(TOKAYEV, "DECLARED_EMERGENCY", ALMATY, e_emerg,
               {"cameo": "1724", "plover": "COERCE", "date": "2022-01-05"}, 0.9),
        Triple(TOKAYEV, "DISMISSED", GOV, e_emerg, {"date": "2022-01-05"}, 0.9),
        Triple(CSTO, "DEPLOYED_FORCES_TO", KAZ,
               ev(d1, "ar", "أرسلت منظمة معاهدة الأمن الجماعي قوات حفظ سلام.", 80),
               {"cameo": "074", "plover": "AID", "date": "2022-01-06"}, 0.8),
        Triple(LAVROV, "VISITED", ALMATY, ev(d4, "en", SCRIPT, 200),
               {"cameo": "042", "date": "2022-01-08"}, 0.7),
        Triple(TOKAYEV, "INFORMED", PUTIN, ev(d1, "ar", AR_CALL, 0),
               {"cameo": "010", "date": "2022-01-06", "attributed_to": "org:akorda"}, 0.8),
        Triple(BLR, "SUPPORTED", KAZ, ev(d4, "en", "Belarus backed Kazakhstan's request.", 400),
               {"cameo": "051", "date": "2022-01-06"}, 0.6),
        Triple(TOKAYEV, "ACCUSED", OPPOSITION, ev(d3, "ar", "اتهم توكاييف \\ المعارضة.", 500),
               {"cameo": "112", "date": "2022-01-07"}, 0.5),
        Triple(RUS, "SIGNED_AGREEMENT_WITH", KAZ, ev(d4, "en", "Russia and Kazakhstan will "
               "sign a treaty.", 600), {"cameo": "057", "modality": "planned"}, 0.5),
        Triple(TOKAYEV, "APPOINTED", SMAILOV, ev(d3, "ar", "عيّن توكاييف سمايلوف.", 700),
               {"date": "2022-01-11"}, 0.8),
        Triple(OPPOSITION, "PROTESTED_IN", ALMATY, ev(d3, "ar", EMERGENCY, 100),
               {"cameo": "141", "date": "2022-01-04"}, 0.6),
    ]


def make_entities() -> list[Entity]:
    return [
        Entity(PUTIN.id, "Person", PUTIN.label,
               {"ar": "فلاديمير بوتين", "ru": "Владимир Путин", "en": "Putin"},
               ["Putin", "V. Putin", "بوتين"], "Q7747", None, 5),
        Entity(TOKAYEV.id, "Person", TOKAYEV.label, {"ar": "قاسم جومارت توكاييف"},
               ["Tokayev"], None, None, 7),
        Entity(KAZ.id, "Country", KAZ.label, {"ar": "كازاخستان", "ru": "Казахстан"}, [],
               "Q232", None, 9),
        Entity(RUS.id, "Country", RUS.label, {"ar": "روسيا"}, ["Russian Federation"], "Q159",
               None, 4),
        Entity(ALMATY.id, "Location", ALMATY.label, {"ar": "ألماتي"}, ["Alma-Ata"], None,
               "city", 3),
    ]


@pytest.fixture(scope="module")
def g() -> nx.MultiDiGraph:
    return aggregate(make_triples(), make_entities())


@pytest.fixture(scope="module")
def rdf(g: nx.MultiDiGraph) -> rdflib.Graph:
    return to_rdf(g)


def test_fixture_graph_shape(g: nx.MultiDiGraph) -> None:
    assert g.number_of_nodes() == 15
    assert g.number_of_edges() == 21  # 23 triples: one call reported twice, one repeated
    calls = [d for _, _, d in g.edges(data=True) if d["predicate"] == "CALLED"]
    assert sorted((d["date"], d["count"]) for d in calls) == [("2022-01-06", 2),
                                                              ("2022-01-10", 1)]


# ------------------------------------------------------------------ RDF


def _parse(path: Path, fmt: str) -> rdflib.Graph:
    return rdflib.Graph().parse(path, format=fmt)


@pytest.mark.parametrize(("name", "rdflib_format"),
                         [("turtle", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")])
@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_rdf_round_trip(g: nx.MultiDiGraph, rdf: rdflib.Graph, tmp_path: Path, name: str,
                        rdflib_format: str, engine: str) -> None:
    out = tmp_path / f"graph.{name}"
    summary = export(g, name, out, engine=engine)
    assert summary.rdf_triples == len(rdf) > 300
    assert summary.warnings == []
    back = _parse(out, rdflib_format)
    assert len(back) == len(rdf)
    assert set(back) == set(rdf)  # no blank nodes: the same triples, term for term


def test_rdf_content(rdf: rdflib.Graph) -> None:
    putin, tokayev, kaz = ENT["person:vladimir-putin"], ENT[TOKAYEV.id], ENT["KAZ"]
    assert str(kaz) == ENTITY_NAMESPACE + "KAZ"
    assert (putin, RDF.type, KG.Person) in rdf
    assert (kaz, RDF.type, KG.Country) in rdf
    labels = {(str(o), o.language) for o in rdf.objects(putin, RDFS.label)}
    assert labels == {("Vladimir Putin", "en"), ("فلاديمير بوتين", "ar"),
                      ("Владимир Путин", "ru")}
    alts = set(rdf.objects(putin, SKOS.altLabel))
    assert rdflib.Literal("Putin", lang="en") in alts  # labels["en"] differs from label
    assert rdflib.Literal("بوتين") in alts
    assert (putin, OWL.sameAs, rdflib.URIRef("http://www.wikidata.org/entity/Q7747")) in rdf
    assert (ENT["loc:almaty"], KG.subtype, rdflib.Literal("city")) in rdf

    # one direct triple, two statements (two dates)
    assert (putin, KG.CALLED, tokayev) in rdf
    stmts = set(rdf.subjects(RDF.predicate, KG.CALLED))
    assert len(stmts) == 2
    assert all((s, RDF.subject, putin) in rdf and (s, RDF.object, tokayev) in rdf
               for s in stmts)
    st = rdflib.URIRef(statement_iri(f"{PUTIN.id}|CALLED|{TOKAYEV.id}|2022-01-06"))
    assert st in stmts
    assert rdf.value(st, KG["count"]).toPython() == 2
    assert rdf.value(st, KG.date) == rdflib.Literal("2022-01-06", datatype=rdflib.namespace.XSD.date)
    assert str(rdf.value(st, KG.firstSeen)) == "2022-01-06"
    assert str(rdf.value(st, KG.lastSeen)) == "2022-01-06"
    assert str(rdf.value(st, KG.confidence)) == "0.9"
    assert str(rdf.value(st, KG.cameo)) == "041"
    assert str(rdf.value(st, KG.plover)) == "CONSULT"
    assert rdf.value(st, KG.attributedTo) == ENT["person:dmitry-peskov"]
    assert str(rdf.value(st, KG.modality)) == "reported"
    assert len(set(rdf.objects(st, KG.docs))) == 2
    sentences = {rdf.value(e, KG.sentence) for e in rdf.objects(st, KG.evidence)}
    assert rdflib.Literal(AR_CALL, lang="ar") in sentences
    assert rdflib.Literal(EN_CALL, lang="en") in sentences

    # the shared emergency sentence is one evidence node used by four statements
    emergency = list(rdf.subjects(KG.sentence, rdflib.Literal(EMERGENCY, lang="ar")))
    assert len(emergency) == 1
    assert len(set(rdf.subjects(KG.evidence, emergency[0]))) == 4

    leader = next(iter(rdf.subjects(RDF.predicate, KG.LEADER_OF)))
    assert rdf.value(leader, KG.date) is None
    roles = {str(o) for s in rdf.subjects(RDF.predicate, KG.LEADER_OF)
             for o in rdf.objects(s, KG.role)}
    assert roles == {"president"}


def test_entity_iris_are_safe() -> None:
    assert entity_iri("RUS") == ENTITY_NAMESPACE + "RUS"
    assert entity_iri("person:vladimir-putin") == ENTITY_NAMESPACE + "person:vladimir-putin"
    odd = entity_iri('loc:a b/c?d#e"<>\\é')
    assert odd.startswith(ENTITY_NAMESPACE)
    assert not set(odd[len(ENTITY_NAMESPACE):]) & set(' /?#"<>\\é')
    import pyoxigraph

    pyoxigraph.NamedNode(odd)  # a valid IRI


def test_odd_values_are_left_out_with_a_warning(tmp_path: Path) -> None:
    t = Triple(PUTIN, "MET", JAPAROV, ev("d", "xx-!!", "Putin met Japarov.", 0),
               {"date": "early January"})
    g = aggregate([t], [Entity(PUTIN.id, "Person", PUTIN.label, {"not a tag": "x"})])
    summary = export(g, "nt", tmp_path / "odd.nt")
    assert any("date not an ISO date" in w for w in summary.warnings)
    assert any("bad language tag" in w for w in summary.warnings)
    conforms, report = validate(_parse(tmp_path / "odd.nt", "nt"))
    assert conforms, report


def test_unknown_predicate_is_refused_and_old_file_kept(g: nx.MultiDiGraph,
                                                          tmp_path: Path) -> None:
    out = tmp_path / "graph.ttl"
    out.write_text("old", encoding="utf-8")
    bad = g.copy()
    u, v, k = next(iter(bad.edges(keys=True)))
    bad.edges[u, v, k]["predicate"] = "KISSED"
    with pytest.raises(ExportError, match="KISSED"):
        export(bad, "turtle", out)
    assert out.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]


# ------------------------------------------------------------------ SHACL


def test_turtle_export_conforms_to_shapes(g: nx.MultiDiGraph, tmp_path: Path) -> None:
    export(g, "turtle", tmp_path / "graph.ttl")
    conforms, report = validate(_parse(tmp_path / "graph.ttl", "turtle"))
    assert conforms, report


def _break(kind: str, graph: rdflib.Graph) -> None:
    st = next(iter(graph.subjects(RDF.predicate, KG.MET)))
    if kind == "no evidence":
        graph.remove((st, KG.evidence, None))
    elif kind == "count zero":
        graph.set((st, KG["count"], rdflib.Literal(0)))
    elif kind == "unknown predicate":
        graph.set((st, RDF.predicate, KG.KISSED))
    elif kind == "date as plain string":
        graph.set((st, KG.date, rdflib.Literal("2022-01-07")))
    elif kind == "direct triple missing":
        graph.remove((ENT["person:vladimir-putin"], KG.MET, None))
    elif kind == "start after end":
        e = graph.value(st, KG.evidence)
        graph.set((e, KG.start, rdflib.Literal(10_000)))
    elif kind == "evidence without sentence":
        graph.remove((graph.value(st, KG.evidence), KG.sentence, None))
    elif kind == "country not ISO3":
        graph.add((ENT["Kazakhstan"], RDF.type, KG.Country))
        graph.add((ENT["Kazakhstan"], RDFS.label, rdflib.Literal("Kazakhstan", lang="en")))
    elif kind == "two classes":
        graph.add((ENT["KAZ"], RDF.type, KG.Organization))
    elif kind == "no English label":
        graph.remove((ENT["KAZ"], RDFS.label, rdflib.Literal("Kazakhstan", lang="en")))
    elif kind == "two English labels":
        graph.add((ENT["KAZ"], RDFS.label, rdflib.Literal("Qazaqstan", lang="en")))
    elif kind == "range violated":
        graph.add((ENT["loc:almaty"], KG.MEMBER_OF, ENT["KAZ"]))
    else:  # pragma: no cover
        raise AssertionError(kind)


@pytest.mark.parametrize("kind", [
    "no evidence", "count zero", "unknown predicate", "date as plain string",
    "direct triple missing", "start after end", "evidence without sentence",
    "country not ISO3", "two classes", "no English label", "two English labels",
    "range violated",
])
def test_broken_graph_does_not_conform(rdf: rdflib.Graph, kind: str) -> None:
    broken = rdflib.Graph()
    for t in rdf:
        broken.add(t)
    _break(kind, broken)
    conforms, _ = validate(broken)
    assert not conforms, kind


# ------------------------------------------------------------------ GraphML / GEXF


@pytest.mark.parametrize("name", ["graphml", "gexf"])
def test_xml_graph_round_trip(g: nx.MultiDiGraph, tmp_path: Path, name: str) -> None:
    out = tmp_path / f"graph.{name}"
    export(g, name, out)
    back = nx.read_graphml(out) if name == "graphml" else nx.read_gexf(out)
    assert back.number_of_nodes() == g.number_of_nodes()
    assert back.number_of_edges() == g.number_of_edges()
    assert set(back.nodes) == set(g.nodes)
    putin = back.nodes[PUTIN.id]
    assert json.loads(putin["labels"])["ar"] == "فلاديمير بوتين"
    assert putin["wikidata"] == "Q7747"
    evidence = [e for _, _, d in back.edges(data=True) for e in json.loads(d["evidence"])]
    assert len(evidence) == sum(len(d["evidence"]) for _, _, d in g.edges(data=True))
    sentences = {e["sentence"] for e in evidence}
    # JSON escapes the form feed, so even what XML cannot carry comes back exact
    assert {AR_CALL, EN_CALL, SCRIPT} <= sentences


@pytest.mark.parametrize("name", ["graphml", "gexf"])
def test_xml_unsafe_characters_in_plain_attributes(tmp_path: Path, name: str) -> None:
    """XML 1.0 cannot hold a vertical tab at all: it becomes U+FFFD, not a broken file."""
    t = Triple(PUTIN, "MET", JAPAROV, ev("d", "en", "Putin met Japarov.", 0), {})
    g = aggregate([t], [Entity(PUTIN.id, "Person", "Vladimir\x0bPutin")])
    out = tmp_path / f"g.{name}"
    export(g, name, out)
    back = nx.read_graphml(out) if name == "graphml" else nx.read_gexf(out)
    assert back.nodes[PUTIN.id]["label"] == "Vladimir\ufffdPutin"


def test_graphml_without_evidence(g: nx.MultiDiGraph, tmp_path: Path) -> None:
    export(g, "graphml", tmp_path / "g.graphml", evidence=False)
    back = nx.read_graphml(tmp_path / "g.graphml")
    assert back.number_of_edges() == g.number_of_edges()
    assert all("evidence" not in d for _, _, d in back.edges(data=True))


# ------------------------------------------------------------------ CSV / Parquet


def _expected_rows(g: nx.MultiDiGraph) -> tuple[int, int, int]:
    return (g.number_of_nodes(), g.number_of_edges(),
            sum(len(d["evidence"]) for _, _, d in g.edges(data=True)))


def test_csv_tables(g: nx.MultiDiGraph, tmp_path: Path) -> None:
    import pandas as pd

    out = tmp_path / "tables"
    summary = export(g, "csv", out)
    assert sorted(p.name for p in out.iterdir()) == ["edges.csv", "evidence.csv", "nodes.csv"]
    nodes = pd.read_csv(out / "nodes.csv", keep_default_na=False)
    edges = pd.read_csv(out / "edges.csv", keep_default_na=False, dtype={"cameo": str})
    evidence = pd.read_csv(out / "evidence.csv", keep_default_na=False)
    assert (len(nodes), len(edges), len(evidence)) == _expected_rows(g)
    assert (summary.nodes, summary.edges, summary.evidence) == _expected_rows(g)
    assert set(evidence["sentence"]) >= {AR_CALL, EN_CALL, SCRIPT, EMERGENCY}
    assert set(evidence["edge_key"]) <= set(edges["key"])
    call = edges[(edges["predicate"] == "CALLED") & (edges["date"] == "2022-01-06")].iloc[0]
    assert call["count"] == 2 and call["cameo"] == "041"
    assert len(json.loads(call["docs"])) == 2
    assert call["attributed_to"] == PESKOV.id
    putin = nodes[nodes["id"] == PUTIN.id].iloc[0]
    assert json.loads(putin["labels"])["ru"] == "Владимир Путин"
    assert "V. Putin" in json.loads(putin["aliases"])


def test_parquet_tables(g: nx.MultiDiGraph, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    out = tmp_path / "tables"
    export(g, "parquet", out)
    nodes = pq.read_table(out / "nodes.parquet").to_pylist()
    edges = pq.read_table(out / "edges.parquet").to_pylist()
    evidence = pq.read_table(out / "evidence.parquet").to_pylist()
    assert (len(nodes), len(edges), len(evidence)) == _expected_rows(g)
    putin = next(n for n in nodes if n["id"] == PUTIN.id)
    assert dict(putin["labels"])["ar"] == "فلاديمير بوتين"
    assert putin["aliases"] == ["Putin", "V. Putin", "بوتين"]
    leader = next(e for e in edges if e["key"] == f"{LAVROV.id}|MINISTER_OF|RUS")
    assert leader["portfolio"] == "foreign_affairs" and leader["date"] is None
    assert {e["sentence"] for e in evidence} >= {AR_CALL, SCRIPT}


def test_table_formats_refuse_a_file_path(g: nx.MultiDiGraph, tmp_path: Path) -> None:
    f = tmp_path / "nodes.csv"
    f.write_text("x", encoding="utf-8")
    with pytest.raises(ExportError, match="not a folder"):
        export(g, "csv", f)


# ------------------------------------------------------------------ contract


@pytest.mark.parametrize("name", exporters.names())
def test_exporter_contract(g: nx.MultiDiGraph, tmp_path: Path, name: str) -> None:
    """Every registered exporter: writes exactly the path, atomically, repeatably."""
    out = tmp_path / "sub" / f"out.{name}"
    summary = exporters.get(name)(g, out)
    assert summary.format == name
    assert Path(summary.path) == out and out.exists()
    assert summary.nodes == g.number_of_nodes()
    assert summary.edges == g.number_of_edges()
    assert summary.files and all(Path(f).exists() for f in summary.files)
    leftovers = [p for p in tmp_path.rglob("*") if p.name.endswith(".tmp")]
    assert leftovers == []
    before = _snapshot(out)
    exporters.get(name)(aggregate(make_triples(), make_entities()), out)
    assert _snapshot(out) == before, "the same graph must give the same bytes"
    with pytest.raises(ExportError, match="unknown option"):
        exporters.get(name)(g, tmp_path / f"other.{name}", no_such_option=1)


def _snapshot(path: Path) -> dict[str, bytes]:
    if path.is_dir():
        return {p.name: p.read_bytes() for p in sorted(path.iterdir())}
    return {path.name: path.read_bytes()}


def test_registry_lists_the_builtin_formats() -> None:
    assert {"turtle", "nt", "jsonld", "graphml", "gexf", "csv", "parquet"} <= set(
        exporters.names())
    assert kg.export.export is export


def test_format_from_suffix() -> None:
    assert format_for_path("out/graph.ttl") == "turtle"
    assert format_for_path("g.GRAPHML") == "graphml"
    with pytest.raises(ExportError, match="pass --format"):
        format_for_path("out/tables")


# ------------------------------------------------------------------ CLI


def test_cli_help_lists_registry_formats() -> None:
    result = CliRunner().invoke(main, ["export", "--help"])
    assert result.exit_code == 0, result.output
    for name in exporters.names():
        assert name in result.output


class _StubStore:
    """Stands in for a store: the CLI only needs to_networkx() and close()."""

    def __init__(self) -> None:
        self.closed = False

    def to_networkx(self) -> nx.MultiDiGraph:
        return aggregate(make_triples(), make_entities())

    def close(self) -> None:
        self.closed = True


def test_cli_over_a_stub_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The command's wiring, whether or not kg.api exists yet."""
    import sys
    import types

    opened: list[tuple[Any, dict[str, Any]]] = []
    stores: list[_StubStore] = []

    def open_store(path: Any, **kw: Any) -> _StubStore:
        opened.append((path, kw))
        stores.append(_StubStore())
        return stores[-1]

    monkeypatch.setitem(sys.modules, "kg.api", types.SimpleNamespace(open_store=open_store))
    store_dir = tmp_path / "store"
    store_dir.mkdir()
    out = tmp_path / "graph.ttl"
    runner = CliRunner()
    result = runner.invoke(main, ["export", "--store", str(store_dir), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert opened == [(store_dir, {"create": False, "read_only": True})]
    assert stores[0].closed
    assert "RDF triples as turtle" in result.output
    assert len(_parse(out, "turtle")) == len(to_rdf(stores[0].to_networkx()))

    result = runner.invoke(main, ["export", "--store", str(store_dir), "-f", "graphml",
                                  "-O", "evidence=false", "-o", str(tmp_path / "g.xml")])
    assert result.exit_code == 0, result.output
    assert "evidence" not in (tmp_path / "g.xml").read_text(encoding="utf-8")

    result = runner.invoke(main, ["export", "--store", str(store_dir), "-o",
                                  str(tmp_path / "tables")])
    assert result.exit_code == 1
    assert "pass --format" in result.output

    result = runner.invoke(main, ["export", "--store", str(store_dir), "-f", "nt", "-O",
                                  "colour=blue", "-o", str(tmp_path / "g.nt")])
    assert result.exit_code == 1 and "unknown option" in result.output


def _have_api() -> bool:
    try:
        import kg.api  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.mark.skipif(not _have_api(), reason="kg/api.py (open_store) is not written yet")
def test_cli_end_to_end(tmp_path: Path) -> None:
    from kg.api import open_store

    store_path = tmp_path / "store"
    store: Any = open_store(store_path, create=True)
    try:
        store.load(make_triples(), make_entities())
    finally:
        store.close()
    out = tmp_path / "graph.nt"
    result = CliRunner().invoke(main, ["export", "--store", str(store_path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    back = _parse(out, "nt")
    # the store's graph exports exactly as the triples aggregated in memory do
    assert set(back) == set(to_rdf(aggregate(make_triples(), make_entities())))
    conforms, report = validate(back)
    assert conforms, report
    result = CliRunner().invoke(main, ["export", "--store", str(store_path), "--format", "csv",
                                       "-o", str(tmp_path / "tables")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "tables" / "evidence.csv").exists()
