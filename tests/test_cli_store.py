"""kg load / query / stats / analyze over a real store, through click's runner."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.cli.query import parse_param
from kg.errors import QueryError

EVIL = "x' }) DETACH DELETE n //"


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def files(tmp_path, sample_triples, sample_entities):
    """triples.jsonl with a broken line (5) and an unknown predicate (8), and entities.jsonl."""
    tp, ep = tmp_path / "triples.jsonl", tmp_path / "entities.jsonl"
    lines = [json.dumps(t.to_dict(), ensure_ascii=False) for t in sample_triples]
    bad_pred = json.dumps({**sample_triples[5].to_dict(), "predicate": "CALLS"})
    lines[4:4] = ['{"subject": ']
    lines[7:7] = [bad_pred]
    tp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    ep.write_text("".join(json.dumps(e.to_dict(), ensure_ascii=False) + "\n"
                          for e in sample_entities), encoding="utf-8")
    return tp, ep


@pytest.fixture
def loaded(runner, files, tmp_path):
    tp, ep = files
    store = str(tmp_path / "kg-store")
    r = runner.invoke(main, ["load", str(tp), "--entities", str(ep), "--store", store])
    assert r.exit_code == 0, r.output
    return store


def test_load_reports_bad_lines_and_loads_the_rest(runner, files, tmp_path, loaded):
    tp, _ = files
    r = runner.invoke(main, ["load", str(tp), "--store", loaded])
    assert r.exit_code == 0
    assert f"{tp}:5: not JSON" in r.stderr
    assert f"{tp}:8: predicate 'CALLS' is not in the contract" in r.stderr
    assert "Traceback" not in r.output
    assert "0 edges created" in r.stdout and "2 skipped" in r.stdout
    stats = runner.invoke(main, ["stats", "--store", loaded, "--format", "json"])
    s = json.loads(stats.stdout)
    assert s["total_edges"] == 41 and s["evidence"] == 42 and s["nodes"]["Person"] == 10


def test_strict_stops_at_the_first_bad_line(runner, files, tmp_path):
    tp, _ = files
    r = runner.invoke(main, ["load", str(tp), "--strict", "--store", str(tmp_path / "s")])
    assert r.exit_code != 0
    assert f"{tp}:5: not JSON" in r.stderr and "Traceback" not in r.output


def test_query_formats(runner, loaded):
    q = ["query", "MATCH (a)-[r:CALLED]->(b) RETURN a.label AS caller, b.label AS callee, "
                  "r.date AS date, r.docs AS docs ORDER BY date", "--store", loaded]
    r = runner.invoke(main, [*q, "--format", "json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert data[0] == {"caller": "Vladimir Putin", "callee": "Kassym-Jomart Tokayev",
                       "date": "2022-01-06",
                       "docs": ["rt-ar-2022-01-07", "sputnik-ar-2022-01-06"]}
    r = runner.invoke(main, [*q, "--format", "csv"])
    rows = list(csv.reader(io.StringIO(r.stdout)))
    assert rows[0] == ["caller", "callee", "date", "docs"] and len(rows) == 4
    assert json.loads(rows[1][3]) == ["rt-ar-2022-01-07", "sputnik-ar-2022-01-06"]
    r = runner.invoke(main, q)
    assert r.stdout.splitlines()[0].split() == ["caller", "callee", "date", "docs"]
    assert r.stdout.rstrip().endswith("(3 rows)")


def test_named_queries_and_list(runner, loaded):
    r = runner.invoke(main, ["query", "--list"])
    assert r.exit_code == 0 and "who-called-whom:" in r.stdout and "--param since" in r.stdout
    r = runner.invoke(main, ["query", "--name", "alliances", "--param", "country=ARM",
                             "--store", loaded, "--format", "json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)[0]["country"] == "Armenia"
    r = runner.invoke(main, ["query", "-n", "most-connected", "-p", "limit=2", "--store", loaded,
                             "--format", "json"])
    assert [x["id"] for x in json.loads(r.stdout)] == ["RUS", "person:kassym-jomart-tokayev"]
    r = runner.invoke(main, ["query", "--name", "nope", "--store", loaded])
    assert r.exit_code == 1 and "known: alliances" in r.stderr
    r = runner.invoke(main, ["query", "--name", "alliances", "-p", "contry=KAZ", "--store", loaded])
    assert r.exit_code == 2 and "no parameter(s) contry" in r.stderr


def test_cypher_error_exits_2_without_traceback(runner, loaded):
    r = runner.invoke(main, ["query", "MATCH (n) RETURN m", "--store", loaded])
    assert r.exit_code == 2
    assert "not in scope" in r.stderr and "Traceback" not in r.output
    r = runner.invoke(main, ["query", "--store", loaded])
    assert r.exit_code == 2 and "either a CYPHER" in r.output


def test_crafted_parameters_change_nothing(runner, loaded):
    before = runner.invoke(main, ["stats", "--store", loaded, "--format", "json"]).stdout
    r = runner.invoke(main, ["query", "MATCH (n:Country) WHERE n.id = $id RETURN n.id",
                             "--param", f"id={EVIL}", "--store", loaded, "--format", "json"])
    assert r.exit_code == 0 and json.loads(r.stdout) == []
    r = runner.invoke(main, ["query", "--name", "alliances", "--param", f"country={EVIL}",
                             "--store", loaded, "--format", "json", "--write"])
    assert r.exit_code == 0 and json.loads(r.stdout) == []
    assert runner.invoke(main, ["stats", "--store", loaded, "--format", "json"]).stdout == before


def test_queries_are_read_only_unless_asked(runner, loaded):
    r = runner.invoke(main, ["query", "MATCH (n:Location) DETACH DELETE n", "--store", loaded])
    assert r.exit_code == 2 and "read-only" in r.stderr
    r = runner.invoke(main, ["query", "MATCH (n:Location) DETACH DELETE n", "--store", loaded,
                             "--write"])
    assert r.exit_code == 0
    s = json.loads(runner.invoke(main, ["stats", "--store", loaded, "--format", "json"]).stdout)
    assert s["nodes"]["Location"] == 0


def test_not_a_store_is_a_clear_error(runner, tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.txt").write_text("x")
    for cmd in (["stats"], ["query", "RETURN 1"], ["analyze", "-o", str(tmp_path / "a.csv")]):
        r = runner.invoke(main, [*cmd, "--store", str(tmp_path / "docs")])
        assert r.exit_code == 1 and "not a kg store" in r.stderr, cmd
        assert "Traceback" not in r.output
    r = runner.invoke(main, ["stats", "--store", str(tmp_path / "missing")])
    assert r.exit_code == 1 and "no kg store" in r.stderr
    assert not (tmp_path / "missing").exists()


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
def test_analyze(runner, loaded, tmp_path, suffix):
    import pandas as pd

    out = tmp_path / f"measures{suffix}"
    r = runner.invoke(main, ["analyze", "--store", loaded, "-o", str(out)])
    assert r.exit_code == 0, r.output
    df = {".csv": pd.read_csv, ".parquet": pd.read_parquet,
          ".jsonl": lambda p: pd.read_json(p, lines=True)}[suffix](out)
    assert list(df.columns) == ["id", "label", "type", "degree", "weighted_degree", "pagerank",
                                "community"]
    assert len(df) == 27 and abs(df.pagerank.sum() - 1) < 1e-3
    rus = df[df.id == "RUS"].iloc[0]
    assert rus.degree == 13 and rus.weighted_degree == 13
    again = tmp_path / f"again{suffix}"
    runner.invoke(main, ["analyze", "--store", loaded, "-o", str(again)])
    assert out.read_bytes() == again.read_bytes()  # fixed seed: the same communities


def test_analyze_refuses_unknown_formats(runner, loaded, tmp_path):
    r = runner.invoke(main, ["analyze", "--store", loaded, "-o", str(tmp_path / "x.xlsx")])
    assert r.exit_code == 2 and ".parquet" in r.output


@pytest.mark.parametrize("cmd", ["load", "query", "stats", "analyze"])
def test_help(runner, cmd):
    r = runner.invoke(main, [cmd, "--help"])
    assert r.exit_code == 0 and "--store" in r.stdout


def test_param_typing():
    assert parse_param("n=42") == ("n", 42)
    assert parse_param("x=4.5") == ("x", 4.5)
    assert parse_param("b=true") == ("b", True)
    assert parse_param("z=null") == ("z", None)
    assert parse_param("d=2022-01-06") == ("d", "2022-01-06")
    assert parse_param('ids=["RUS","KAZ"]') == ("ids", ["RUS", "KAZ"])
    assert parse_param('code="041"') == ("code", "041")
    assert parse_param("s=a=b") == ("s", "a=b")
    with pytest.raises(QueryError):
        parse_param("novalue")
    with pytest.raises(QueryError, match="JSON"):
        parse_param("j=[1,")
