"""The Neo4j exports: neo4j-admin CSV files and the cypher-shell script.

No Neo4j here: the CSV files are read back with the csv module (headers in
the importer's notation, counts, ids that join, quoting of Arabic, commas,
quotes and newlines, arrays on U+001F); the script is executed statement by
statement on the embedded LadybugDB store, whose openCypher agrees with
Neo4j's for these MERGE/MATCH/SET statements and string escapes, and must
rebuild the very graph it was written from.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest
from conftest import make_entities, make_triples, same_graph

from kg.errors import ExportError
from kg.export import export, exporters
from kg.export.neo4j_admin import ARRAY_DELIMITER, header, node_columns, rel_columns
from kg.graph import aggregate
from kg.model import Entity, EntityRef, Evidence, Triple
from kg.store import neo4j_cypher as N
from kg.store import snapshot
from kg.store.ladybug import LadybugStore
from kg.vocab import ENTITY_TYPES, PREDICATES

SENTENCE = 'قال المتحدث: "نعم, ولكن" \\ \'لا\'\nسطر ثانٍ, مع فاصلة\r\nوثالث\t`x`'


def odd_graph() -> nx.MultiDiGraph:
    """Names and sentences with every character a CSV or a Cypher literal can trip on."""
    a = EntityRef("person:o'brien,\"jr\"", "Person", 'Seán O\'Brien, "Jr"\\')
    b = EntityRef("org:عقد`x`", "Organization", "منظمة, «الأمن» `الجماعي`")
    c = EntityRef("loc:line\nbreak", "Location", "Line\nBreak\u2028Place")
    ev1 = Evidence("doc,1\"q\"", "ar", SENTENCE, 5, 5 + len(SENTENCE))
    ev2 = Evidence("doc\\2", "en", "Emoji 🇰🇿 and NUL-free \x07 bell", 0, 30)
    triples = [
        Triple(a, "OFFICIAL_OF", b, ev1, {"role": "ambassador, 'acting'"}, 0.75),
        Triple(a, "VISITED", c, ev2, {"date": "2022-01-06", "modality": "reported"}, 0.5),
        Triple(b, "ATTACKED", c, ev1, {"date": "2022-01-07"}, 0.9),
    ]
    ents = [Entity(a.id, "Person", a.label, {"ar": "شون أوبراين", "en": a.label},
                   ["O'Brien", "أوبراين, ش.", 'say "hi"', ""], "Q1", None, 2),
            Entity(c.id, "Location", c.label, {}, [], None, "city", 1)]
    return aggregate(triples, ents)


@pytest.fixture(params=["sample", "odd"])
def g(request: pytest.FixtureRequest) -> nx.MultiDiGraph:
    if request.param == "sample":
        return aggregate(make_triples(), make_entities())
    return odd_graph()


# ------------------------------------------------------------------ neo4j-admin


def read_csv(path: Path) -> tuple[list[str], list[list[str]]]:
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    return rows[0], rows[1:]


def test_registered() -> None:
    assert {"neo4j-admin", "cypher"} <= set(exporters.names())


def test_headers_use_the_importer_notation() -> None:
    assert header(node_columns("Person")) == [
        "id:ID(Entity)", ":LABEL", "type", "label", "labels", "aliases:string[]", "wikidata",
        "subtype", "mentions:long"]
    assert header(node_columns("Evidence")) == [
        "id:ID(Evidence)", ":LABEL", "edge_key", "predicate", "doc_id", "lang", "sentence",
        "start:long", "end:long", "confidence:double", "date"]
    assert header(node_columns("Article"))[:2] == ["id:ID(Article)", ":LABEL"]
    assert header(node_columns("KgMeta")) == ["key:ID(KgMeta)", ":LABEL", "value"]
    assert header(rel_columns("CALLED")) == [
        ":START_ID(Entity)", ":END_ID(Entity)", ":TYPE", "key", "predicate", "date",
        "first_seen", "last_seen", "count:long", "confidence:double", "cameo", "plover",
        "docs:string[]", "role", "portfolio", "modality", "attributed_to", "valid_from",
        "valid_to", "subtype"]
    assert header(rel_columns("EVIDENCE_IN")) == [
        ":START_ID(Evidence)", ":END_ID(Article)", ":TYPE"]


def test_admin_files_parse_back_to_the_graph(g: nx.MultiDiGraph, tmp_path: Path) -> None:
    out = tmp_path / "admin"
    summary = export(g, "neo4j-admin", out)
    assert summary.warnings == []
    names = sorted(p.name for p in out.iterdir())
    assert "README.md" in names and "neo4j-constraints.cypher" in names
    entities: dict[str, dict[str, str]] = {}
    ids: dict[str, set[str]] = {"Entity": set(), "Article": set(), "Evidence": set()}
    for label in (*ENTITY_TYPES, "Article", "Evidence", "KgMeta"):
        f = out / f"nodes-{label}.csv"
        if not f.exists():
            assert label in ENTITY_TYPES and not any(
                d["type"] == label for _, d in g.nodes(data=True))
            continue
        head, rows = read_csv(f)
        assert head == header(node_columns(label))
        assert all(len(r) == len(head) and r[1] == label for r in rows)
        space = "Entity" if label in ENTITY_TYPES else label
        if label in ENTITY_TYPES:
            for r in rows:
                entities[r[0]] = dict(zip(head, r, strict=True))
        if space in ids:
            ids[space] |= {r[0] for r in rows}
    assert set(entities) == set(g.nodes)
    for n, d in g.nodes(data=True):
        row = entities[n]
        assert row["label"] == d["label"] and row["type"] == d["type"] == row[":LABEL"]
        assert json.loads(row["labels"]) == d["labels"]
        got = row["aliases:string[]"].split(ARRAY_DELIMITER) if row["aliases:string[]"] else []
        assert got == (d["aliases"] if any(d["aliases"]) else [])
        assert int(row["mentions:long"]) == d["mentions"]
    per_type: Counter[str] = Counter()
    for p in PREDICATES:
        f = out / f"rels-{p}.csv"
        if not f.exists():
            continue
        head, rows = read_csv(f)
        assert head == header(rel_columns(p))
        for r in rows:
            row = dict(zip(head, r, strict=True))
            assert row[":TYPE"] == p and row["predicate"] == p
            assert {row[":START_ID(Entity)"], row[":END_ID(Entity)"]} <= ids["Entity"]
            edge = g.edges[row[":START_ID(Entity)"], row[":END_ID(Entity)"], row["key"]]
            assert int(row["count:long"]) == edge["count"]
            assert float(row["confidence:double"]) == edge["confidence"]
            assert row["docs:string[]"].split(ARRAY_DELIMITER) == edge["docs"]
            for k, v in edge["properties"].items():
                assert row[k] == v
            per_type[p] += 1
    assert per_type == Counter(d["predicate"] for _, _, d in g.edges(data=True))
    head, ev_rows = read_csv(out / "nodes-Evidence.csv")
    evidence = [dict(zip(head, r, strict=True)) for r in ev_rows]
    assert len(evidence) == summary.evidence == sum(len(d["evidence"])
                                                    for _, _, d in g.edges(data=True))
    want = {(e["doc_id"], e["sentence"], e["start"], e["end"])
            for _, _, d in g.edges(data=True) for e in d["evidence"]}
    assert {(e["doc_id"], e["sentence"], int(e["start:long"]), int(e["end:long"]))
            for e in evidence} == want
    _, links = read_csv(out / "rels-EVIDENCE_IN.csv")
    assert len(links) == len(evidence)
    assert all(s in ids["Evidence"] and d in ids["Article"] and t == "EVIDENCE_IN"
               for s, d, t in links)


def test_odd_text_is_quoted_for_the_importer(tmp_path: Path) -> None:
    out = tmp_path / "admin"
    export(odd_graph(), "neo4j-admin", out)
    raw = (out / "nodes-Evidence.csv").read_bytes().decode("utf-8")  # \r\n kept
    assert '""نعم, ولكن""' in raw  # quotes doubled inside a quoted cell, Arabic kept as is
    assert "\n" in SENTENCE and SENTENCE.replace('"', '""') in raw
    assert not raw.startswith("\ufeff")
    # A null stays an empty, unquoted cell; an empty string would be "".
    line = (out / "nodes-Person.csv").read_text(encoding="utf-8").splitlines()[1]
    assert line.endswith(",,2") and ',"Q1",' in line


def test_readme_has_the_exact_import_command(tmp_path: Path) -> None:
    out = tmp_path / "admin"
    export(aggregate(make_triples(), make_entities()), "neo4j-admin", out)
    readme = (out / "README.md").read_text(encoding="utf-8")
    cmd = re.search(r"```sh\n(neo4j-admin database import full.*?)\n```", readme, re.S)
    assert cmd is not None
    args = cmd.group(1).replace("\\\n", " ").split()
    assert args[:4] == ["neo4j-admin", "database", "import", "full"]
    files = {a.split("=", 1)[1] for a in args if a.startswith(("--nodes=", "--relationships="))}
    assert files == {p.name for p in out.glob("*.csv")}
    assert "--array-delimiter=U+001F" in args and "--multiline-fields=true" in args
    assert args[-1] == "neo4j"
    assert "cypher-shell" in readme and "neo4j-constraints.cypher" in readme
    assert (out / "neo4j-constraints.cypher").read_text(encoding="utf-8") == N.render_schema()


def test_admin_export_refuses_a_file_and_unknown_types(tmp_path: Path) -> None:
    f = tmp_path / "file.csv"
    f.write_text("x", encoding="utf-8")
    with pytest.raises(ExportError, match="not a folder"):
        export(odd_graph(), "neo4j-admin", f)
    bad = nx.MultiDiGraph()
    bad.add_node("x", type="Planet", label="Mars")
    with pytest.raises(ExportError, match="Planet"):
        export(bad, "neo4j-admin", tmp_path / "bad")


# ------------------------------------------------------------------ cypher script


def script_statements(text: str) -> list[str]:
    """The data statements of a script as the embedded store can run them."""
    out = []
    for line in text.splitlines():
        if not line or line.startswith(("//", ":")) or line.startswith("CREATE "):
            continue
        assert line.endswith(";"), line
        out.append(line[:-1])
    return out


@pytest.mark.parametrize("text", [
    "plain", "", "it's", "back\\slash", "\\'", "'\\", "two\nlines\r\n", "tab\there",
    "محمد بن سلمان «ولي العهد»", "emoji 🇰🇿 ok", "bell\x07 nul-less \x1f unit",
    "sep\u2028line", '"double"', "`tick`", "}) DETACH DELETE n //", "\\u0041 is not A",
])
def test_string_literals_read_back_verbatim(tmp_path: Path, text: str) -> None:
    lit = N.string_literal(text)
    assert "\n" not in lit and "\r" not in lit
    with LadybugStore(tmp_path / "s") as st:
        assert st.query(f"RETURN {lit} AS x").rows == [[text]]


def test_literals() -> None:
    assert N.literal(None) == "null" and N.literal(True) == "true"
    assert N.literal(3) == "3" and N.literal(0.5) == "0.5"
    assert N.literal(["a", "b'c"]) == "['a', 'b\\'c']"
    with pytest.raises(ValueError):
        N.literal(float("nan"))
    with pytest.raises(ValueError):
        N.literal({"a": 1})


def test_script_rebuilds_the_graph_on_the_embedded_store(g: nx.MultiDiGraph,
                                                         tmp_path: Path) -> None:
    path = tmp_path / "graph.cypher"
    summary = export(g, "cypher", path)
    text = path.read_text(encoding="utf-8")
    assert "$" not in "\n".join(script_statements(text))  # no parameters anywhere
    assert summary.nodes == g.number_of_nodes() and summary.edges == g.number_of_edges()
    stmts = script_statements(text)
    with LadybugStore(tmp_path / "store") as st:
        for s in stmts:
            st.query(s)
        first = snapshot.to_networkx(st.query)
        for s in stmts:  # a second run changes nothing
            st.query(s)
        second = snapshot.to_networkx(st.query)
        assert st.stats()["evidence"] == summary.evidence
    same_graph(first, g)
    same_graph(second, g)


def test_script_layout_and_options(tmp_path: Path) -> None:
    g = aggregate(make_triples(), make_entities())
    path = tmp_path / "g.cypher"
    export(g, "cypher", path, batch="100")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("// kg graph")
    schema = [x for x in lines if x.startswith("CREATE ")]
    assert schema == [s + ";" for s in N.schema()]
    assert lines.index(schema[-1]) < lines.index(":begin")  # schema outside transactions
    assert lines.count(":begin") == lines.count(":commit") >= 2
    depth = 0
    for x in lines:
        depth += {":begin": 1, ":commit": -1}.get(x, 0)
        assert depth in (0, 1)
    assert depth == 0
    export(g, "cypher", path, batch=0, schema="false")
    text = path.read_text(encoding="utf-8")
    assert ":begin" not in text and "CREATE CONSTRAINT" not in text
    with pytest.raises(ExportError, match="unknown option"):
        export(g, "cypher", path, colour="red")
    with pytest.raises(ExportError, match="whole number"):
        export(g, "cypher", path, batch="many")


def test_script_nodes_come_before_the_relationships_that_need_them(tmp_path: Path) -> None:
    path = tmp_path / "g.cypher"
    export(odd_graph(), "cypher", path)
    stmts = script_statements(path.read_text(encoding="utf-8"))
    first_rel = next(i for i, s in enumerate(stmts) if s.startswith("MATCH"))
    assert all(s.startswith("MERGE") for s in stmts[:first_rel])
    assert all(s.startswith("MATCH") for s in stmts[first_rel:])
