"""The Neo4j store without a Neo4j server.

Two stand-ins for the official driver, both shaped like it (``driver.session(...)``,
``session.execute_write(fn)`` calling ``fn(tx)``, ``tx.run(query, params)``
returning a result with ``keys()``, records and ``consume().counters``):

* :class:`RecordingDriver` records every statement and its parameters and
  answers reads with nothing: it checks what is *sent* (batching, MERGE text,
  that no value is ever pasted into a statement, credentials).
* :class:`LadybugDriver` runs the same statements on an embedded LadybugDB
  database with the kg schema, inside real transactions, and derives the
  created-node and -relationship counters from counts before and after: it
  checks what the statements *do* (aggregation equal to :func:`kg.graph.aggregate`
  and to the embedded store, idempotence, whole batches after a failure,
  retries after transient errors). This works because the store's write
  statements stay in the openCypher both engines accept.

Result conversion is checked on ``neo4j.graph`` and ``neo4j.time`` objects
built the way the driver's own tests build them (its hydrator), against what
the embedded store returns for the same graph.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
import socket
import struct
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import ladybug
import neo4j
import neo4j.exceptions as nx_exc
import pytest
from conftest import make_entities, make_triples, same_graph

from kg import query as named
from kg.errors import ConnectionError_, QueryError, StoreError
from kg.graph import aggregate
from kg.model import Entity, EntityRef, Evidence, Triple
from kg.registry import stores
from kg.store import cypher as C
from kg.store import neo4j_cypher as N
from kg.store import snapshot
from kg.store.base import GraphStore
from kg.store.connection import Neo4jConnection, Secret, resolve
from kg.store.ladybug import DB_FILE, LadybugStore
from kg.store.neo4j import DEFAULT_BATCH, Neo4jStore, to_plain
from kg.vocab import ENTITY_TYPES, PREDICATES

PASSWORD = "pa'ss`wo\\rd-كلمة"  # a test secret that must never show up

# ----------------------------------------------------------------- fake drivers


class Counters(SimpleNamespace):
    def __getattr__(self, name: str) -> int:  # every counter the driver has, 0 by default
        if name.startswith("_"):
            raise AttributeError(name)
        return 0


class Record(dict):
    """Like ``neo4j.Record``: indexable by key, ``values()`` in column order."""

    def values(self) -> list[Any]:  # type: ignore[override]
        return list(super().values())


class Result:
    def __init__(self, columns: list[str], rows: list[list[Any]], counters: Counters) -> None:
        self._columns = columns
        self._records = [Record(zip(columns, r, strict=True)) for r in rows]
        self._counters = counters

    def keys(self) -> list[str]:
        return list(self._columns)

    def __iter__(self) -> Iterator[Record]:
        return iter(self._records)

    def consume(self) -> SimpleNamespace:
        return SimpleNamespace(counters=self._counters)


class Tx:
    def __init__(self, driver: FakeDriver) -> None:
        self.driver = driver
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def run(self, query: str, parameters: dict[str, Any] | None = None, **kw: Any) -> Result:
        params = {**(parameters or {}), **kw}
        self.calls.append((query, params))
        self.driver.sent.append((query, params))
        if self.driver.fail is not None:
            self.driver.fail(query, params, len(self.driver.sent))
        return self.driver.answer(query, params)


class Session:
    """Managed transactions as the driver runs them: retried on retryable errors."""

    def __init__(self, driver: FakeDriver, **kw: Any) -> None:
        self.driver = driver
        self.kw = kw

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def close(self) -> None:
        pass

    def _managed(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        for attempt in range(5):
            tx = Tx(self.driver)
            self.driver.begin()
            try:
                out = fn(tx, *args, **kwargs)
            except nx_exc.Neo4jError as e:
                self.driver.rollback()
                if e.is_retryable() and attempt < 4:
                    continue
                raise
            except BaseException:
                self.driver.rollback()
                raise
            self.driver.commit()
            self.driver.transactions.append(tx.calls)
            return out
        raise AssertionError("unreachable")

    execute_write = _managed
    execute_read = _managed


class FakeDriver:
    def __init__(self) -> None:
        self.sent: list[tuple[str, dict[str, Any]]] = []
        self.transactions: list[list[tuple[str, dict[str, Any]]]] = []
        self.sessions: list[dict[str, Any]] = []
        self.fail: Callable[[str, dict[str, Any], int], None] | None = None
        self.closed = False

    def session(self, **kw: Any) -> Session:
        self.sessions.append(kw)
        return Session(self, **kw)

    def verify_connectivity(self) -> None:
        pass

    def close(self) -> None:
        self.closed = True

    def begin(self) -> None:
        pass

    def commit(self) -> None:
        pass

    def rollback(self) -> None:
        pass

    def answer(self, query: str, params: dict[str, Any]) -> Result:
        return Result([], [], Counters())


class RecordingDriver(FakeDriver):
    """Answers every read with no rows, every write with zero counters; keeps what was sent."""

    def __init__(self, answers: dict[str, Result] | None = None) -> None:
        super().__init__()
        self.answers = answers or {}

    def answer(self, query: str, params: dict[str, Any]) -> Result:
        return self.answers.get(query) or Result([], [], Counters())


class LadybugDriver(FakeDriver):
    """Runs the statements on LadybugDB (kg schema), in transactions, with counters."""

    def __init__(self, folder: Path, fresh: bool = True) -> None:
        super().__init__()
        if fresh:
            LadybugStore(folder).close()  # a new kg store: schema and KgMeta
        self.folder = folder
        self.db = ladybug.Database(str(folder / DB_FILE))
        self.conn = ladybug.Connection(self.db)

    def _rows(self, q: str, params: dict[str, Any] | None = None) -> tuple[list[str], list]:
        res = self.conn.execute(q, params or {})
        cols = res.get_column_names()
        rows = []
        while res.has_next():
            rows.append(res.get_next())
        return cols, rows

    def _count(self) -> tuple[int, int]:
        return (self._rows("MATCH (n) RETURN count(n)")[1][0][0],
                self._rows("MATCH ()-[r]->() RETURN count(r)")[1][0][0])

    def begin(self) -> None:
        self.conn.execute("BEGIN TRANSACTION")

    def commit(self) -> None:
        self.conn.execute("COMMIT")

    def rollback(self) -> None:
        with contextlib.suppress(RuntimeError):  # LadybugDB may have rolled back already
            self.conn.execute("ROLLBACK")

    def answer(self, query: str, params: dict[str, Any]) -> Result:
        if query.startswith("CREATE CONSTRAINT") or query.startswith("CREATE INDEX"):
            return Result([], [], Counters(**{"constraints_added" if "CONSTRAINT" in query
                                              else "indexes_added": 1}))
        n0, r0 = self._count()
        cols, rows = self._rows(query, params)
        n1, r1 = self._count()
        return Result(cols, rows, Counters(nodes_created=n1 - n0, relationships_created=r1 - r0))

    def close(self) -> None:
        if not self.closed:
            self.conn.close()
            self.db.close()
        super().close()

    def graph(self) -> Any:
        self.close()
        with LadybugStore(self.folder, create=False, read_only=True) as st:
            return snapshot.to_networkx(st.query)


def server_error(code: str, message: str) -> nx_exc.Neo4jError:
    """An error as the driver builds it from a server FAILURE message (the right subclass)."""
    return nx_exc.Neo4jError._hydrate_neo4j(code=code, message=message)


def conn(password: str | None = PASSWORD, database: str | None = "kgtest") -> Neo4jConnection:
    return resolve("bolt://localhost:7687", user="neo4j", database=database,
                   password=password, env={})


def open_fake(driver: FakeDriver, **kw: Any) -> Neo4jStore:
    return Neo4jStore(conn(), driver=driver, **kw)


# ----------------------------------------------------------------- helpers


def all_statements() -> set[str]:
    """Every statement text the store may send: a closed, value-free set."""
    out = {N.types_of_ids(), N.EXISTING_EVIDENCE, N.merge_articles(), N.MERGE_ARTICLE_REFS,
           N.merge_evidence(), N.META_READ, N.META_WRITE, N.META_WRITE_ONCE,
           N.IDS_BY_ELEMENT_ID, *N.schema()}
    for t in C.NODE_TABLES:
        out.add(N.count_nodes(t))
    for t in ENTITY_TYPES:
        out |= {N.merge_entities(t), N.merge_entity_refs(t)}
    for p in PREDICATES:
        out.add(N.count_rels(p))
        for s, o in C.pairs(p):
            out |= {N.read_edges(p, s, o), N.merge_edges(p, s, o)}
    return out


def values_in(obj: Any) -> Iterator[Any]:
    if isinstance(obj, dict):
        for v in obj.values():
            yield from values_in(v)
    elif isinstance(obj, list | tuple):
        for v in obj:
            yield from values_in(v)
    else:
        yield obj


NASTY = {
    "quote": ("person:o'brien-\"x\"", "Seán O'Brien \"the 'quoted'\""),
    "backtick": ("org:back`tick`}) DETACH DELETE n //", "Back`tick` Org}) MATCH (m) DELETE m"),
    "backslash": ("loc:c:\\temp\\", "C:\\Temp\\ \\' \\u0041"),
    "arabic": ("person:محمد-بن-سلمان", "محمد بن سلمان"),
}


def nasty_triples() -> list[Triple]:
    p = EntityRef(NASTY["quote"][0], "Person", NASTY["quote"][1])
    o = EntityRef(NASTY["backtick"][0], "Organization", NASTY["backtick"][1])
    loc = EntityRef(NASTY["backslash"][0], "Location", NASTY["backslash"][1])
    ar = EntityRef(NASTY["arabic"][0], "Person", NASTY["arabic"][1])
    sentence = "قال «O'Brien»: \"لا\", `x`; \\n\nسطر ثان"
    ev = Evidence("doc-'quoted'-`x`", "ar", sentence, 3, 3 + len(sentence))
    return [
        Triple(p, "OFFICIAL_OF", o, ev, {"role": "ambassador 'acting'"}, 0.8),
        Triple(ar, "VISITED", loc, Evidence("doc-\\b", "ar", "زار", 0, 3),
               {"date": "2022-01-05", "attributed_to": NASTY["quote"][0]}, 0.9),
        Triple(ar, "MET", p, Evidence("doc-\\b", "ar", "التقى", 10, 15),
               {"date": "2022-01-06"}, 0.7),
    ]


def nasty_entities() -> list[Entity]:
    return [Entity(NASTY["arabic"][0], "Person", NASTY["arabic"][1],
                   {"ar": "محمد بن سلمان", "en": "Mohammed bin Salman 'MBS'"},
                   ["MBS", "ولي العهد", "a`b\\c"], "Q6889157", None, 4)]


# ----------------------------------------------------------------- registry, protocol


def test_registered_and_implements_the_protocol() -> None:
    assert stores.get("neo4j") is Neo4jStore
    store = open_fake(RecordingDriver())
    assert isinstance(store, GraphStore)
    assert store.name == "neo4j"
    store.close()


def test_evidence_ids_are_stable() -> None:
    """Both stores key evidence the same way, and the key never changes: a store built
    today must merge tomorrow's load of the same sentence instead of duplicating it."""
    from kg.store.ladybug import evidence_id

    pinned = {("a|MET|b|2022-01-01", "doc", 1, 9): "5261c2a7ef775ad8083d02cdb8c10a77",
              ("مفتاح|x", "وثيقة'", 0, 0): "9b1b398a610e1b04e0b2872209eab3c5"}
    for args, want in pinned.items():
        assert evidence_id(*args) == want
        assert N.evidence_id(*args) == want


def test_schema_file_is_generated_from_the_vocabulary() -> None:
    from kg import resources

    assert resources.read_text("schemas", "neo4j-constraints.cypher") == N.render_schema(), (
        "regenerate: python -m kg.store.neo4j_cypher > schemas/neo4j-constraints.cypher")
    text = N.render_schema()
    for label in (*ENTITY_TYPES, "Article", "Evidence", "KgMeta"):
        key = "key" if label == "KgMeta" else "id"
        assert re.search(rf"CREATE CONSTRAINT \w+ IF NOT EXISTS FOR \(n:{label}\) "
                         rf"REQUIRE n\.{key} IS UNIQUE;", text), label
    assert all(s.startswith(("CREATE CONSTRAINT", "CREATE INDEX")) and "IF NOT EXISTS" in s
               for s in N.schema())
    names = re.findall(r"CREATE (?:CONSTRAINT|INDEX) (\w+)", text)
    assert len(names) == len(set(names))


def test_identifiers_are_refused_unless_in_the_vocabulary() -> None:
    assert N.ident("Person") == "Person" and N.ident("end") == "`end`"
    for bad in ("Person) DETACH DELETE n //", "Spy", "id`", ""):
        with pytest.raises(ValueError):
            N.ident(bad)
    assert N.quote_ident("a`b") == "`a``b`"


# ----------------------------------------------------------------- what is sent


def test_load_sends_parameterised_merge_batches() -> None:
    drv = RecordingDriver()
    store = open_fake(drv)
    triples = make_triples()  # 43 triples
    summary = store.load(triples, make_entities(), batch_size=10)
    known = all_statements()
    for query, _ in drv.sent:
        assert query in known, f"unexpected statement text: {query}"
        assert "$" in query or query in N.schema() or query == N.META_READ
    # Schema first, each in its own transaction, then metadata, entity records, triples.
    schema_tx = [t for t in drv.transactions if t and t[0][0] in N.schema()]
    assert len(schema_tx) == len(N.schema()) and all(len(t) == 1 for t in schema_tx)
    triple_tx = [t for t in drv.transactions if t and t[0][0] == N.types_of_ids()
                 and any(q == N.EXISTING_EVIDENCE for q, _ in t)]
    assert len(triple_tx) == 5  # 43 triples, 10 a batch
    assert summary.batches == 3 + 5  # 25 entity records and 43 triples, 10 a batch
    for tx in triple_tx:
        ev = [p for q, p in tx if q == N.EXISTING_EVIDENCE]
        assert len(ev) == 1 and 1 <= len(ev[0]["ids"]) <= 10
    assert summary.triples_read == 43
    # Data writes MERGE; nothing CREATEs a node or relationship.
    writes = [q for q, _ in drv.sent if q not in N.schema() and "RETURN" not in q]
    assert writes and all(re.search(r"(^|\s)MERGE \(", q) and not re.search(r"CREATE \(", q)
                          for q in writes)
    assert {s["database"] for s in drv.sessions} == {"kgtest"}
    store.close()
    assert drv.closed


def test_no_value_is_ever_pasted_into_a_statement() -> None:
    drv = RecordingDriver()
    store = open_fake(drv)
    store.load(nasty_triples(), nasty_entities(), batch_size=2)
    store.query("MATCH (n:Person {id: $id}) RETURN n", {"id": NASTY["arabic"][0]})
    texts = "\n".join(q for q, _ in drv.sent)
    sent_values = {v for _, p in drv.sent for v in values_in(p) if isinstance(v, str)}
    for eid, label in NASTY.values():
        assert eid in sent_values and label in sent_values
        assert eid not in texts and label not in texts
    assert "لا" not in texts and "O'Brien" not in texts
    for query, _ in drv.sent:
        assert query.isascii(), query


def test_entity_records_and_type_conflicts() -> None:
    drv = RecordingDriver({N.types_of_ids(): Result(["id", "type"],
                                                     [["KAZ", "Organization"]], Counters())})
    store = open_fake(drv)
    ents = [Entity("KAZ", "Country", "Kazakhstan", mentions=2),
            Entity("RUS", "Country", "Russia", mentions=1),
            Entity("RUS", "Country", "Russia", {"ar": "روسيا"}, mentions=5)]
    summary = store.load([], ents)
    assert summary.skipped == ["entity KAZ: the store holds it as a Organization, the record "
                               "says Country; kept Organization"]
    rows = [p["rows"] for q, p in drv.sent if q == N.merge_entities("Country")]
    assert rows == [[{"id": "RUS", "type": "Country", "label": "Russia",
                      "labels": '{"ar": "روسيا"}', "aliases": [], "wikidata": None,
                      "subtype": None, "mentions": 5}]]


def test_read_only_store_refuses_to_load_and_reads_in_read_transactions() -> None:
    drv = RecordingDriver()
    store = Neo4jStore(conn(), driver=drv, read_only=True)
    with pytest.raises(StoreError, match="read-only"):
        store.load(make_triples())
    store.query("RETURN 1 AS x")
    assert drv.sessions[-1]["default_access_mode"] == neo4j.READ_ACCESS


def test_a_missing_graph_is_refused_when_not_creating() -> None:
    with pytest.raises(StoreError, match="holds no kg graph"):
        Neo4jStore(conn(), driver=RecordingDriver(), create=False)
    meta = Result(["key", "value"], [["schema_version", "99"]], Counters())
    with pytest.raises(StoreError, match="schema version 99"):
        Neo4jStore(conn(), driver=RecordingDriver({N.META_READ: meta}))


def test_batch_size_default_and_validation() -> None:
    assert 1_000 <= DEFAULT_BATCH <= 10_000
    store = open_fake(RecordingDriver())
    with pytest.raises(StoreError, match="batch size"):
        store.load(make_triples(), batch_size=0)


def test_progress_is_reported_per_batch() -> None:
    seen: list[int] = []
    open_fake(RecordingDriver()).load(make_triples(), batch_size=20, progress=seen.append)
    assert seen == [20, 40, 43]


# ----------------------------------------------------------------- what the statements do


@pytest.fixture
def lb(tmp_path: Path) -> Iterator[LadybugDriver]:
    drv = LadybugDriver(tmp_path / "lb")
    yield drv
    drv.close()


def test_load_aggregates_like_the_embedded_store(lb: LadybugDriver, tmp_path: Path) -> None:
    triples, ents = make_triples(), make_entities()
    store = open_fake(lb)
    summary = store.load(triples, ents, batch_size=7)
    with LadybugStore(tmp_path / "ref") as ref:
        expected = ref.load(triples, ents)
        ref_graph = snapshot.to_networkx(ref.query)
    for f in ("triples_read", "nodes_created", "edges_created", "edges_updated",
              "evidence_added", "articles_added", "skipped"):
        assert getattr(summary, f) == getattr(expected, f), f
    assert summary.relationships_created == expected.edges_created + expected.evidence_added
    assert summary.constraints_added == len(N.constraints())
    got = lb.graph()
    same_graph(got, ref_graph)
    same_graph(got, aggregate(triples, ents))


def test_loading_twice_changes_nothing(lb: LadybugDriver) -> None:
    store = open_fake(lb)
    store.load(make_triples(), make_entities(), batch_size=9)
    again = store.load(make_triples(), make_entities(), batch_size=4)
    assert (again.nodes_created, again.edges_created, again.edges_updated, again.evidence_added,
            again.articles_added, again.relationships_created) == (0, 0, 0, 0, 0, 0)
    same_graph(lb.graph(), aggregate(make_triples(), make_entities()))


def test_split_loads_add_up_to_one_load(lb: LadybugDriver) -> None:
    triples = make_triples()
    store = open_fake(lb)
    first = store.load(triples[:18], batch_size=6)  # the 1st report of a call, not the 2nd
    second = store.load(triples[10:], make_entities(), batch_size=50)
    assert first.edges_created + second.edges_created == 41
    assert second.edges_updated > 0  # an edge seen again in a later load gains a mention
    same_graph(lb.graph(), aggregate(triples, make_entities()))


def test_odd_names_round_trip(lb: LadybugDriver) -> None:
    store = open_fake(lb)
    store.load(nasty_triples(), nasty_entities(), batch_size=1)
    same_graph(lb.graph(), aggregate(nasty_triples(), nasty_entities()))


def test_a_failed_batch_leaves_whole_batches_and_a_rerun_finishes(lb: LadybugDriver,
                                                                  tmp_path: Path) -> None:
    triples = make_triples()
    calls = {"n": 0}

    def fail(query: str, params: dict[str, Any], _: int) -> None:
        if query.startswith("UNWIND $rows AS row MATCH (a:") and " MERGE " in query:
            calls["n"] += 1
            if calls["n"] == 30:  # some edge statement well inside the run
                raise server_error("Neo.ClientError.General.Boom", "disk on fire")

    lb.fail = fail
    store = open_fake(lb)
    with pytest.raises(StoreError, match=r"triples \d+-\d+ were rolled back.*run the same "
                                         r"command again") as err:
        store.load(triples, batch_size=10)
    assert PASSWORD not in str(err.value)
    done = int(re.search(r"the (\d+) batch", str(err.value)).group(1))
    # What is stored is exactly the first `done` batches (minus the schema/meta ones).
    partial_batches = done
    assert partial_batches >= 1
    lb.fail = None
    lb.close()
    with LadybugStore(tmp_path / "lb", create=False, read_only=True) as st:
        partial = snapshot.to_networkx(st.query)
    whole = aggregate(triples[:10 * partial_batches])
    same_graph(partial, whole)
    # Running it again finishes the job.
    lb2 = LadybugDriver(tmp_path / "lb", fresh=False)
    open_fake(lb2).load(triples, batch_size=10)
    same_graph(lb2.graph(), aggregate(triples))


def test_transient_errors_are_retried_without_double_counting(lb: LadybugDriver) -> None:
    hits = {"n": 0}

    def flaky(query: str, params: dict[str, Any], _: int) -> None:
        if query == N.EXISTING_EVIDENCE:
            hits["n"] += 1
            if hits["n"] in (2, 3):  # the second batch fails twice, then passes
                raise server_error("Neo.TransientError.Transaction.DeadlockDetected",
                                   "deadlock")

    lb.fail = flaky
    summary = open_fake(lb).load(make_triples(), make_entities(), batch_size=15)
    assert summary.retries == 2
    assert summary.edges_created == 41 and summary.evidence_added == 42
    same_graph(lb.graph(), aggregate(make_triples(), make_entities()))


# ----------------------------------------------------------------- credentials


def test_connection_resolution_options_then_environment() -> None:
    env = {"NEO4J_URI": "neo4j+s://abc.databases.neo4j.io", "NEO4J_USERNAME": "alice",
           "NEO4J_PASSWORD": "from-env", "NEO4J_DATABASE": "news", "MY_PW": "mine"}
    c = resolve(env=env)
    assert (c.uri, c.user, c.database, c.auth()) == (
        "neo4j+s://abc.databases.neo4j.io", "alice", "news", ("alice", "from-env"))
    c = resolve("bolt://db:7687", user="bob", password_env="MY_PW", database="other", env=env)
    assert (c.uri, c.user, c.database, c.auth()) == ("bolt://db:7687", "bob", "other",
                                                     ("bob", "mine"))
    c = resolve("bolt://db:7687", env={})
    assert c.user == "neo4j" and c.auth() is None and c.database is None
    for scheme in ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc"):
        assert resolve(f"{scheme}://h:7687", env={}).uri.startswith(scheme)


@pytest.mark.parametrize(("kwargs", "message"), [
    ({}, "no Neo4j URI"),
    ({"uri": "localhost:7687"}, "not a Neo4j URI"),
    ({"uri": "http://localhost:7474"}, "unsupported scheme"),
    ({"uri": f"bolt://neo4j:{PASSWORD}@localhost:7687"}, "carries credentials"),
    ({"uri": "bolt://h", "password_env": "KG_TEST_UNSET_VAR"}, "KG_TEST_UNSET_VAR"),
    ({"uri": "bolt://h", "password_env": PASSWORD}, "NAME of an environment variable"),
    ({"uri": "bolt://h", "password_env": "hunter2"}, r"\*\*\* named by --password-env"),
    ({"uri": "bolt://h", "database": "no such db!"}, "not a Neo4j database name"),
])
def test_connection_errors_say_what_to_do(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ConnectionError_, match=message) as err:
        resolve(**kwargs, env={})
    assert PASSWORD not in str(err.value) and "hunter2" not in str(err.value)


def test_the_password_never_shows(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    c = conn()
    drv = RecordingDriver()
    store = Neo4jStore(c, driver=drv)
    store.load(make_triples()[:3])
    shown = [repr(c), str(c), c.describe(), repr(store), repr(c.password), str(c.password),
             repr(vars(store)), repr(Secret(PASSWORD)), caplog.text]
    shown += [repr(kw) for kw in drv.sessions] + [repr(p) for _, p in drv.sent]
    for text in shown:
        assert PASSWORD not in text
    assert c.auth() == ("neo4j", PASSWORD)  # ...but the driver gets it
    with pytest.raises(TypeError):
        import pickle

        pickle.dumps(c.password)


@pytest.mark.parametrize("error", [
    server_error("Neo.ClientError.Security.Unauthorized", f"password {PASSWORD} rejected"),
    nx_exc.ServiceUnavailable(f"Couldn't connect with {PASSWORD}"),
    server_error("Neo.ClientError.Statement.SyntaxError", f"Invalid input '{PASSWORD}'"),
    server_error("Neo.TransientError.General.DatabaseUnavailable", f"gave up: {PASSWORD}"),
    nx_exc.ClientError(f"built locally: {PASSWORD}"),
    OSError(f"socket closed {PASSWORD}"),
])
def test_errors_are_scrubbed_of_the_password(error: Exception,
                                             caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    drv = RecordingDriver()
    store = open_fake(drv)

    def boom(query: str, params: dict[str, Any], _: int) -> None:
        raise error

    drv.fail = boom
    with pytest.raises((ConnectionError_, StoreError, QueryError)) as err:
        store.query("RETURN 1")
    assert PASSWORD not in str(err.value)
    assert err.value.__cause__ is None and err.value.__suppress_context__
    assert PASSWORD not in caplog.text
    if isinstance(error, nx_exc.AuthError):
        assert isinstance(err.value, ConnectionError_) and "credentials" in str(err.value)
        assert "$NEO4J_PASSWORD" not in str(err.value)  # the caller gave it, not the env
    else:
        assert "***" in str(err.value)


def test_the_real_driver_against_a_closed_port(caplog: pytest.LogCaptureFixture) -> None:
    """The official driver, nothing listening (port 1 on localhost): a clean, secret-free error."""
    caplog.set_level(logging.DEBUG, logger="neo4j")
    c = resolve("bolt://127.0.0.1:1", user="neo4j", password=PASSWORD, env={})
    with pytest.raises(ConnectionError_, match=r"cannot reach Neo4j at bolt://127\.0\.0\.1:1") as e:
        Neo4jStore(c)
    assert PASSWORD not in str(e.value) and PASSWORD not in caplog.text
    assert e.value.__cause__ is None


# ----------------------------------------------------------------- result values


def _graph_hydrator() -> Any:
    """The driver's own hydrator (as its unit tests use it), wherever this version keeps it."""
    for mod in ("neo4j._codec.hydration.bolt.v1", "neo4j._codec.hydration.v1"):
        try:
            handler = __import__(mod, fromlist=["HydrationHandler"]).HydrationHandler()
        except ImportError:
            continue
        return handler.new_hydration_scope()._graph_hydrator
    pytest.skip("this neo4j driver keeps its hydrator elsewhere")


def _neo4j_props(d: dict[str, Any]) -> dict[str, Any]:
    """Properties as Neo4j holds them: nulls absent, labels as the JSON string."""
    out = {k: v for k, v in d.items() if not k.startswith("_") and v is not None}
    if isinstance(out.get("labels"), dict):
        out["labels"] = N.labels_json(out["labels"])
    return out


@pytest.fixture
def embedded(built_store: Any) -> Any:
    return built_store


def test_nodes_relationships_and_paths_convert_like_the_embedded_store(embedded: Any) -> None:
    q = ("MATCH p = (a:Person {id: 'person:vladimir-putin'})-[r:CALLED]->(b:Person) "
         "WHERE r.date = '2022-01-06' RETURN a, r, b, p")
    want = embedded.query(q).records()[0]
    gh = _graph_hydrator()
    a = gh.hydrate_node(1, {"Person"}, _neo4j_props(want["a"]), "4:x:1")
    b = gh.hydrate_node(2, {"Person"}, _neo4j_props(want["b"]), "4:x:2")
    r = gh.hydrate_relationship(7, 1, 2, "CALLED", _neo4j_props(want["r"]), "5:x:7",
                                "4:x:1", "4:x:2")
    ur = gh.hydrate_unbound_relationship(7, "CALLED", _neo4j_props(want["r"]), "5:x:7")
    p = gh.hydrate_path([a, b], [ur], [1, 1])
    assert to_plain(a) == want["a"]
    assert to_plain(b) == want["b"]
    assert to_plain(r) == want["r"]
    assert to_plain(p) == want["p"]
    assert list(to_plain(a)) == list(want["a"])  # same key order too


def test_evidence_and_article_nodes_convert_like_the_embedded_store(embedded: Any) -> None:
    want = embedded.query("MATCH (e:Evidence)-[x:EVIDENCE_IN]->(d:Article) "
                          "RETURN e, x, d ORDER BY e.id LIMIT 1").records()[0]
    gh = _graph_hydrator()
    e = gh.hydrate_node(1, {"Evidence"}, _neo4j_props(want["e"]), "4:y:1")
    d = gh.hydrate_node(2, {"Article"}, _neo4j_props(want["d"]), "4:y:2")
    x = gh.hydrate_relationship(3, 1, 2, "EVIDENCE_IN", {}, "5:y:3", "4:y:1", "4:y:2")
    assert [to_plain(v) for v in (e, x, d)] == [want["e"], want["x"], want["d"]]


def test_temporal_values_convert_like_the_embedded_store(embedded: Any) -> None:
    want = embedded.query("RETURN date('2022-01-05') AS d, timestamp('2022-01-05 10:30:00') "
                          "AS t, interval('1 month 2 days 3 hours') AS i").records()[0]
    got = {"d": to_plain(neo4j.time.Date(2022, 1, 5)),
           "t": to_plain(neo4j.time.DateTime(2022, 1, 5, 10, 30, 0)),
           "i": to_plain(neo4j.time.Duration(months=1, days=2, hours=3))}
    assert got == want
    assert to_plain(neo4j.time.Time(10, 30, 0)) == "10:30:00"
    assert to_plain([{"when": neo4j.time.Date(2022, 2, 24)}]) == [{"when": "2022-02-24"}]
    from neo4j.spatial import CartesianPoint

    assert to_plain(CartesianPoint((1.0, 2.0))) == {"srid": 7203, "x": 1.0, "y": 2.0}
    assert to_plain(b"\x01\xff") == "01ff"


def test_query_fetches_the_ids_of_bare_relationship_ends() -> None:
    gh = _graph_hydrator()
    r = gh.hydrate_relationship(9, 11, 12, "MEMBER_OF", {"key": "KAZ|MEMBER_OF|org:csto"},
                                "5:z:9", "4:z:11", "4:z:12")
    drv = RecordingDriver({
        "MATCH ()-[r:MEMBER_OF]->() RETURN r": Result(["r"], [[r]], Counters()),
        N.IDS_BY_ELEMENT_ID: Result(["eid", "id", "key"],
                                    [["4:z:11", "KAZ", None], ["4:z:12", "org:csto", None]],
                                    Counters()),
    })
    res = open_fake(drv).query("MATCH ()-[r:MEMBER_OF]->() RETURN r")
    (row,) = res.records()
    assert row["r"]["_src"] == "KAZ" and row["r"]["_dst"] == "org:csto"
    assert row["r"]["key"] == "KAZ|MEMBER_OF|org:csto" and row["r"]["docs"] is None
    eids = [p["eids"] for q, p in drv.sent if q == N.IDS_BY_ELEMENT_ID]
    assert eids == [["4:z:11", "4:z:12"]]


def test_query_errors_become_query_errors() -> None:
    drv = RecordingDriver()

    def syntax(query: str, params: dict[str, Any], _: int) -> None:
        if query.startswith("MATC "):
            raise server_error("Neo.ClientError.Statement.SyntaxError", "Invalid input 'MATC'")

    drv.fail = syntax
    store = open_fake(drv)
    with pytest.raises(QueryError, match="Invalid input"):
        store.query("MATC (n) RETURN n")


def test_stats_have_the_embedded_shape(embedded: Any) -> None:
    want = embedded.stats()
    answers = {}
    for t in (*ENTITY_TYPES, "Article", "Evidence"):
        answers[N.count_nodes(t)] = Result(["c"], embedded.query(N.count_nodes(t)).rows,
                                           Counters())
    for p in PREDICATES:
        answers[N.count_rels(p)] = Result(["c"], embedded.query(N.count_rels(p)).rows,
                                          Counters())
    got = open_fake(RecordingDriver(answers)).stats()
    assert set(got) == set(want)
    assert {k: v for k, v in got.items() if k not in ("store", "engine")} == {
        k: v for k, v in want.items() if k not in ("store", "engine")}
    assert got["engine"] == "neo4j" and PASSWORD not in json.dumps(got)


# ----------------------------------------------------------------- named queries


def test_every_named_query_has_a_text_neo4j_runs() -> None:
    ladybug_only = re.compile(r"\bSHORTEST\b|\bLOAD\s+FROM\b|internal_id\(|\blabel\(|"
                              r"\blist_\w+\(|\bCOPY\b|\brels\(|\bproperties\(\s*\w+\(",
                              re.IGNORECASE)
    neo4j_only = re.compile(r"shortestPath\(|allShortestPaths\(|\bCALL\s*\{|\+=\s*\$|apoc\.",
                            re.IGNORECASE)
    queries = named.list_queries()
    if not queries:
        pytest.skip("queries/ holds no named queries yet")
    for q in queries:
        neo_text = q.text_for("neo4j")
        lb_text = q.text_for("ladybug")
        assert not ladybug_only.search(_code(neo_text)), (
            f"{q.name}: LadybugDB-only syntax reaches Neo4j; add queries/{q.name}.neo4j.cypher")
        assert not neo4j_only.search(_code(lb_text)), (
            f"{q.name}: Neo4j-only syntax reaches LadybugDB; add queries/{q.name}.ladybug.cypher")
        for engine, text in q.variants.items():
            assert engine in stores.names(), f"{q.name}.{engine}.cypher: unknown engine"
            assert text.strip() and q.text.strip(), q.name
            # A variant declares the same parameters as the portable file beside it.
            assert named.parse(f"{q.name}.{engine}.cypher", text)[1] == q.params, q.name


def _code(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("//"))


def test_named_queries_send_their_neo4j_text_and_bound_parameters() -> None:
    queries = named.list_queries()
    if not queries:
        pytest.skip("queries/ holds no named queries yet")
    from kg.api import Store

    drv = RecordingDriver()
    store = Store(open_fake(drv, read_only=True))
    for q in queries:
        store.run(q.name)
        text, params = drv.sent[-1]
        assert text == q.text_for("neo4j")
        assert params == q.bind({})


# ----------------------------------------------------------------- the real driver, a fake server


def _pack_str(s: str) -> bytes:
    b = s.encode()
    if len(b) < 16:
        return bytes([0x80 + len(b)]) + b
    return bytes([0xD0, len(b)]) + b  # PackStream String8 (< 256 bytes here)


def _bolt_failure(code: str, message: str) -> bytes:
    """One chunked Bolt FAILURE message: struct 0x7F holding {code, message}."""
    body = bytes([0xB1, 0x7F, 0xA2]) + b"".join(
        _pack_str(k) + _pack_str(v) for k, v in (("code", code), ("message", message)))
    return struct.pack(">H", len(body)) + body + b"\x00\x00"


def _read_bolt_message(conn: socket.socket) -> bytes | None:
    data = b""
    while True:
        head = conn.recv(2, socket.MSG_WAITALL)
        if len(head) < 2:
            return None
        size = struct.unpack(">H", head)[0]
        if size == 0:
            return data
        data += conn.recv(size, socket.MSG_WAITALL)


def test_the_real_driver_refused_by_a_server(caplog: pytest.LogCaptureFixture) -> None:
    """A few lines of Bolt 5.0 on a local socket: the server turns the credentials down.

    The official driver does its real handshake and HELLO (which carries the
    password); the store must report it as a credentials problem, and neither
    the message nor the driver's DEBUG log (what --verbose shows) may hold it.
    """
    caplog.set_level(logging.DEBUG)
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    server.settimeout(20)
    received: list[bytes] = []

    def serve() -> None:
        try:
            conn, _ = server.accept()
        except OSError:
            return
        with conn:
            conn.settimeout(20)
            received.append(conn.recv(20, socket.MSG_WAITALL))  # magic + 4 versions
            conn.sendall(bytes([0, 0, 0, 5]))  # agree on Bolt 5.0: auth inside HELLO
            received.append(_read_bolt_message(conn) or b"")
            conn.sendall(_bolt_failure("Neo.ClientError.Security.Unauthorized",
                                       "The client is unauthorized due to authentication "
                                       "failure."))
            with contextlib.suppress(OSError):
                while _read_bolt_message(conn) is not None:
                    pass

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    port = server.getsockname()[1]
    c = resolve(f"bolt://127.0.0.1:{port}", user="kg-user", password=PASSWORD, env={})
    try:
        with pytest.raises(ConnectionError_, match="refused the credentials") as err:
            Neo4jStore(c)
    finally:
        server.close()
        thread.join(5)
    assert received[0].startswith(b"\x60\x60\xb0\x17")
    assert PASSWORD.encode() in received[1]  # the driver did send it, to the server only
    assert "HELLO" in caplog.text and "'credentials': '*******'" in caplog.text
    assert PASSWORD not in caplog.text and PASSWORD not in str(err.value)
    assert "kg-user" in str(err.value)


# ----------------------------------------------------------------- the CLI and the API


@pytest.fixture
def fake_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:
    """``neo4j.GraphDatabase.driver`` answering with a LadybugDB-backed fake, per connection."""
    folder = tmp_path / "server"
    state: dict[str, Any] = {"folder": folder, "fresh": True, "auth": [], "uris": []}

    def driver(uri: str, auth: Any = None, **kw: Any) -> LadybugDriver:
        state["uris"].append(uri)
        state["auth"].append(auth)
        drv = LadybugDriver(folder, fresh=state["fresh"])
        state["fresh"] = False
        state["last"] = drv
        return drv

    monkeypatch.setattr(neo4j.GraphDatabase, "driver", driver)
    monkeypatch.setenv("KG_TEST_NEO4J_PW", PASSWORD)
    for var in ("NEO4J_URI", "NEO4J_USERNAME", "NEO4J_PASSWORD", "NEO4J_DATABASE"):
        monkeypatch.delenv(var, raising=False)
    yield state
    if "last" in state:
        state["last"].close()


def _files(tmp_path: Path) -> tuple[Path, Path]:
    tp, ep = tmp_path / "triples.jsonl", tmp_path / "entities.jsonl"
    tp.write_text("".join(json.dumps(t.to_dict(), ensure_ascii=False) + "\n"
                          for t in make_triples()), encoding="utf-8")
    ep.write_text("".join(json.dumps(e.to_dict(), ensure_ascii=False) + "\n"
                          for e in make_entities()), encoding="utf-8")
    return tp, ep


def test_cli_load_query_stats_viz_on_neo4j(fake_server: dict[str, Any], tmp_path: Path) -> None:
    from click.testing import CliRunner

    from kg.cli import main

    runner = CliRunner()
    tp, ep = _files(tmp_path)
    uri = "bolt://neo4j.example:7687"
    neo = ["--neo4j", uri, "--user", "kg", "--password-env", "KG_TEST_NEO4J_PW",
           "--database", "news"]
    r = runner.invoke(main, ["load", str(tp), "--entities", str(ep), *neo, "--batch-size", "8"])
    assert r.exit_code == 0, r.output
    assert f"loaded 43 triples into {uri}" in r.output and "41 edges created" in r.output
    assert "neo4j: " in r.output and "relationships created" in r.output
    assert fake_server["uris"][-1] == uri and fake_server["auth"][-1] == ("kg", PASSWORD)
    again = runner.invoke(main, ["load", str(tp), "--entities", str(ep), *neo])
    assert again.exit_code == 0 and "0 edges created" in again.output, again.output

    r = runner.invoke(main, ["query", "MATCH (n:Country) RETURN n.id AS id ORDER BY id",
                             "--format", "json", *neo])
    assert r.exit_code == 0, r.output
    assert [row["id"] for row in json.loads(r.output)][:3] == ["ARM", "BLR", "CHN"]
    r = runner.invoke(main, ["query", "--name", "leaders", "--format", "csv", *neo])
    assert r.exit_code == 0 and "Vladimir Putin" in r.output, r.output
    r = runner.invoke(main, ["stats", "--format", "json", *neo])
    assert r.exit_code == 0, r.output
    stats = json.loads(r.output)
    assert stats["engine"] == "neo4j" and stats["total_edges"] == 41 and stats["evidence"] == 42
    out = tmp_path / "view.html"
    r = runner.invoke(main, ["viz", *neo, "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert out.stat().st_size > 1000 and "Tokayev" in out.read_text(encoding="utf-8")
    assert PASSWORD not in r.output + again.output


def test_cli_neo4j_option_errors(fake_server: dict[str, Any], tmp_path: Path,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from kg.cli import main

    runner = CliRunner()
    r = runner.invoke(main, ["query", "RETURN 1", "--user", "kg"])
    assert r.exit_code == 2 and "need --neo4j" in r.output
    r = runner.invoke(main, ["query", "RETURN 1", "--neo4j", "--password-env", "KG_NOPE_X"])
    assert r.exit_code == 1 and "no Neo4j URI" in r.output
    monkeypatch.setenv("NEO4J_URI", "bolt://from-env:7687")
    r = runner.invoke(main, ["query", "RETURN 1", "--neo4j", "--password-env", "KG_NOPE_X"])
    assert r.exit_code == 1 and "KG_NOPE_X" in r.output and "not set" in r.output
    r = runner.invoke(main, ["query", "RETURN 1 AS one", "--neo4j", "--format", "json"])
    assert r.exit_code == 0 and json.loads(r.output) == [{"one": 1}], r.output
    assert fake_server["uris"][-1] == "bolt://from-env:7687"
    r = runner.invoke(main, ["query", "RETURN 1", "--neo4j",
                             f"bolt://kg:{PASSWORD}@host:7687"])
    assert r.exit_code == 1 and "carries credentials" in r.output
    assert PASSWORD not in r.output
    r = runner.invoke(main, ["viz", "-o", str(tmp_path / "x.html")])
    assert r.exit_code == 2 and "--store PATH or --neo4j URI" in r.output


def test_open_neo4j_api(fake_server: dict[str, Any]) -> None:
    from kg.api import Store, open_neo4j

    with open_neo4j("bolt://h:7687", user="u", password=PASSWORD, database="db",
                    batch_size=7) as store:
        assert isinstance(store, Store) and store.engine == "neo4j"
        assert store.backend.batch_size == 7
        store.load(make_triples(), make_entities())
        assert PASSWORD not in repr(store)
        same_graph(store.to_networkx(), aggregate(make_triples(), make_entities()))
    assert fake_server["auth"][-1] == ("u", PASSWORD)


def test_cli_build_loads_neo4j_too(fake_server: dict[str, Any], tmp_path: Path) -> None:
    from click.testing import CliRunner

    from kg.cli import main

    art = tmp_path / "a.txt"
    art.write_text("Russian President Vladimir Putin held a phone call with Kazakh President "
                   "Kassym-Jomart Tokayev on January 6, 2022.\n", encoding="utf-8")
    out = tmp_path / "out"
    r = CliRunner().invoke(main, ["build", str(art), "-o", str(out), "--neo4j",
                                  "bolt://h:7687", "--password-env", "KG_TEST_NEO4J_PW"])
    assert r.exit_code == 0, r.output
    assert "wrote neo4j: bolt://h:7687" in r.output and PASSWORD not in r.output
    with LadybugStore(out / "store", create=False, read_only=True) as st:
        embedded = snapshot.to_networkx(st.query)
    assert embedded.number_of_edges() >= 1
    same_graph(fake_server["last"].graph(), embedded)
