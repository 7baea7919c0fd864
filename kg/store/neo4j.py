"""The graph store on a Neo4j server (5.x or 2025.x), through the official driver.

Same data model as the embedded store (see :mod:`kg.store.neo4j_cypher`),
same aggregation (:mod:`kg.graph`), same query results: a script, a view or a
named query cannot tell the two apart, except by speed and by the server's
own features.

Loading. ``load()`` first creates the constraints and indexes of
``schemas/neo4j-constraints.cypher`` (``IF NOT EXISTS``, so every run may),
then writes one batch of triples per transaction with ``session.execute_write``:
the driver retries a batch whose transaction failed for a transient reason
(deadlock, leader switch), and a batch that fails for good is rolled back
whole, so an interrupted load leaves complete batches only and running it
again finishes it. Inside a batch the steps mirror the embedded store: look
up which ends exist (and as what type), drop mentions the database already
holds (evidence ids are ``blake2b(edge_key, doc_id, start, end)``, the same
in every store), ``MERGE`` entity, article and evidence nodes on their ids,
read back the aggregates of the batch's edges, merge them in Python with the
embedded store's rules (both call :mod:`kg.store.batch`) and ``MERGE`` the
edges on their key with the result. Loading the same triples twice
therefore changes nothing. The summary counts come from the driver's result
counters.

One writer at a time per database: two loads racing on the same new edge
could both count a mention (the embedded store enforces this with a file
lock; on a server it is the user's to keep).

Credentials: the password sits in a masked :class:`~kg.store.connection.Secret`
and every message that passes through here is scrubbed of it.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as _dt
import json
import logging
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import neo4j
import neo4j.exceptions as nx_exc
from neo4j.graph import Node, Path, Relationship

from kg.errors import ConnectionError_, KgError, QueryError, StoreError
from kg.model import Article, Entity, Triple
from kg.registry import stores
from kg.store import batch as B
from kg.store import neo4j_cypher as N
from kg.store.base import SCHEMA_VERSION, LoadSummary, QueryResult
from kg.store.connection import Neo4jConnection, resolve, scrub
from kg.vocab import ENTITY_TYPES, PREDICATES

log = logging.getLogger(__name__)

# Triples per transaction. A batch costs a fixed number of round trips (two lookups, then
# one statement per entity label and two per (predicate, end types) group: 20-70 whatever
# its size), so larger batches amortise network latency, which matters on a remote server
# or Aura. 5,000 triples are ~2 MB of parameters (measured: 0.84 MB per 2,000 with Arabic
# sentences) and ~15k node and relationship writes: inside Neo4j's usual advice of 10k-50k
# updates per transaction and far below the default transaction memory limits, while a
# retried or failed batch repeats seconds of work, not minutes.
DEFAULT_BATCH = 5_000


@dataclass(slots=True)
class Neo4jLoadSummary(LoadSummary):
    """A load's :class:`LoadSummary` plus the driver's own counters."""

    relationships_created: int = 0  # edges and EVIDENCE_IN links
    properties_set: int = 0
    constraints_added: int = 0
    indexes_added: int = 0
    batches: int = 0
    retries: int = 0  # transactions the driver ran again after a transient error
    seconds: float = 0.0

    def add(self, other: Neo4jLoadSummary) -> None:
        for f in dataclasses.fields(self):
            if f.name == "skipped":
                self.skipped.extend(other.skipped)
            elif f.name != "seconds":
                setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))

    def counters_line(self) -> str:
        """The server's account of the run, for the CLI."""
        return (f"neo4j: {self.nodes_created + self.articles_added + self.evidence_added} "
                f"nodes and {self.relationships_created} relationships created, "
                f"{self.properties_set} properties set, {self.constraints_added} constraints "
                f"and {self.indexes_added} indexes added, {self.batches} transactions "
                f"({self.retries} retried), {self.seconds:.1f} s")


class Neo4jStore:
    """A kg graph in one database of a Neo4j server."""

    name = "neo4j"

    def __init__(self, uri: str | Neo4jConnection | None = None, *, create: bool = True,
                 read_only: bool = False, user: str | None = None,
                 password: str | None = None, password_env: str | None = None,
                 database: str | None = None, driver: Any = None,
                 batch_size: int = DEFAULT_BATCH) -> None:
        if isinstance(uri, Neo4jConnection):
            self.connection = uri
        else:
            self.connection = resolve(None if uri is None else str(uri), user=user,
                                      password=password, password_env=password_env,
                                      database=database)
        self.uri = self.connection.uri
        self.database = self.connection.database
        self.read_only = read_only
        self.create = create
        self.batch_size = batch_size
        self._closed = False
        self._schema_ready = False
        self._bookmarks: Any = None
        if driver is None:
            driver = self._connect()
        self._driver = driver
        try:
            self.meta = self._check_meta()
        except BaseException:
            self.close()
            raise

    # --- connection -------------------------------------------------------------

    def _connect(self) -> Any:
        from kg import __version__

        drv = None
        try:
            drv = neo4j.GraphDatabase.driver(self.uri, auth=self.connection.auth(),
                                             user_agent=f"kg/{__version__}")
            self._bookmarks = neo4j.GraphDatabase.bookmark_manager()
            drv.verify_connectivity()
        except Exception as e:
            if drv is not None:
                with contextlib.suppress(Exception):
                    drv.close()
            # ``from None``: the driver's exception is summarised (scrubbed) in the message.
            raise self._error(e, "connecting") from None
        return drv

    def _session(self, write: bool) -> Any:
        if self._closed:
            raise StoreError(f"the Neo4j store {self.connection.describe()} is closed")
        kw: dict[str, Any] = {
            "database": self.database,
            "default_access_mode": neo4j.WRITE_ACCESS if write else neo4j.READ_ACCESS,
        }
        if self._bookmarks is not None:  # read what this store wrote, in a cluster too
            kw["bookmark_manager"] = self._bookmarks
        return self._driver.session(**kw)

    def _error(self, e: BaseException, doing: str, *, query: bool = False) -> KgError:
        """A driver or server error as a kg error whose message names no secret."""
        where = self.connection.describe()
        code = getattr(e, "code", None) or ""
        msg = scrub(_message(e), self.connection)
        if code and code not in msg:
            msg = f"{code}: {msg}"
        if isinstance(e, nx_exc.AuthError) or code.startswith("Neo.ClientError.Security.Unauth"):
            src = self.connection.password_source or "no password (set NEO4J_PASSWORD)"
            return ConnectionError_(
                f"Neo4j at {where} refused the credentials while {doing}: check the user "
                f"(--user or $NEO4J_USERNAME) and the password, read from {src}")
        if code == "Neo.ClientError.Database.DatabaseNotFound":
            return ConnectionError_(
                f"{where}: the database {self.database!r} does not exist; create it "
                f"(CREATE DATABASE, Enterprise) or leave out --database / $NEO4J_DATABASE")
        if isinstance(e, nx_exc.ServiceUnavailable | nx_exc.SessionExpired
                      | nx_exc.ConfigurationError | OSError):
            return ConnectionError_(
                f"cannot reach Neo4j at {where} while {doing}: {msg}; is the server running "
                "and the URI right? (see docs/neo4j.md for a docker run line)")
        if isinstance(e, nx_exc.Forbidden) or code.startswith("Neo.ClientError.Security"):
            return StoreError(f"Neo4j at {where} forbids {doing}: {msg}")
        if query and code == "Neo.ClientError.Statement.AccessMode":
            return QueryError(f"the store is open read-only and this statement writes: {msg}")
        if query and isinstance(e, nx_exc.ClientError):
            return QueryError(msg)
        return StoreError(f"Neo4j at {where}, while {doing}: {msg}")

    def _managed(self, work: Callable[[Any], Any], *, write: bool, doing: str,
                 query: bool = False) -> Any:
        """Run ``work(tx)`` in a managed transaction (retried by the driver on transient errors)."""
        try:
            with self._session(write) as session:
                run = session.execute_write if write else session.execute_read
                return run(work)
        except KgError:
            raise
        except (nx_exc.Neo4jError, nx_exc.DriverError, OSError) as e:
            # ``from None``: the driver's exception is summarised (scrubbed) in the message.
            raise self._error(e, doing, query=query) from None

    def _check_meta(self) -> dict[str, str]:
        rows = self._managed(lambda tx: _records(tx, N.META_READ, {}), write=False,
                             doing="reading the kg metadata")
        meta = {r["key"]: r["value"] for r in rows}
        found = meta.get("schema_version")
        where = self.connection.describe()
        if found is None and not self.create:
            raise StoreError(f"{where} holds no kg graph (no {N.META} node); load one with "
                             "'kg load TRIPLES.jsonl --neo4j URI'")
        if found is not None and found != str(SCHEMA_VERSION):
            raise StoreError(f"the kg graph in {where} has schema version {found}, this kg "
                             f"reads version {SCHEMA_VERSION}; load it into another database")
        return meta

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        drv = getattr(self, "_driver", None)
        if drv is not None:
            with contextlib.suppress(Exception):
                drv.close()

    def __enter__(self) -> Neo4jStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<Neo4jStore {self.connection.describe()}{' read-only' if self.read_only else ''}>"

    # --- reading ----------------------------------------------------------------

    def query(self, cypher: str, params: dict[str, Any] | None = None) -> QueryResult:
        """Run one Cypher statement; values come back as the embedded store returns them."""
        params = dict(params or {})

        def work(tx: Any) -> tuple[list[str], list[list[Any]]]:
            res = tx.run(cypher, params)
            keys = list(res.keys())
            return keys, [list(rec.values()) for rec in res]

        keys, raw = self._managed(work, write=not self.read_only, doing="running a query",
                                  query=True)
        ids = self._endpoint_ids(raw)
        return QueryResult(columns=keys, rows=[[to_plain(v, ids) for v in row] for row in raw])

    def _endpoint_ids(self, raw: list[list[Any]]) -> dict[str, str | None]:
        """element id -> kg id of every node in a result, fetching the bare ends of relationships."""
        ids: dict[str, str | None] = {}
        bare: set[str] = set()
        for n in _nodes_in(raw):
            key = n.get("id", n.get("key"))
            if key is not None:
                ids[n.element_id] = key
            else:
                bare.add(n.element_id)
        bare -= ids.keys()
        if bare:
            rows = self._managed(lambda tx: _records(tx, N.IDS_BY_ELEMENT_ID,
                                                     {"eids": sorted(bare)}),
                                 write=False, doing="naming the ends of relationships")
            for r in rows:
                ids[r["eid"]] = r["id"] if r["id"] is not None else r["key"]
        return ids

    def stats(self) -> dict[str, Any]:
        """Counts of entity nodes by type, relations by predicate, articles and evidence."""
        def one(cypher: str) -> int:
            rows = self._managed(lambda tx: _records(tx, cypher, {}), write=False,
                                 doing="counting")
            return int(next(iter(rows[0].values()))) if rows else 0

        # The counting statements are kg.store.cypher's, the text N.count_nodes/count_rels send.
        return B.stats_record(self.connection.describe(), self.name, one)

    # --- loading ----------------------------------------------------------------

    def ensure_schema(self, summary: Neo4jLoadSummary | None = None) -> None:
        """Constraints, indexes and the metadata nodes; idempotent, once per store object."""
        if self._schema_ready:
            return
        summary = summary if summary is not None else Neo4jLoadSummary()
        for stmt in N.schema():  # schema changes cannot share a transaction with writes
            c = self._managed(lambda tx, s=stmt: _counters(tx, s, {}), write=True,
                              doing="creating constraints and indexes")
            summary.constraints_added += _count(c, "constraints_added")
            summary.indexes_added += _count(c, "indexes_added")
        from kg import __version__

        meta = {"schema_version": str(SCHEMA_VERSION), "kg_version": __version__,
                "engine": "neo4j",
                "created": _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds")}

        def write_meta(tx: Any) -> None:
            for key, value in meta.items():
                _counters(tx, N.META_WRITE_ONCE, {"key": key, "value": value})

        self._managed(write_meta, write=True, doing="writing the kg metadata")
        self._schema_ready = True

    def load(self, triples: Iterable[Triple], entities: Iterable[Entity] = (),
             articles: Iterable[Article] = (), *, batch_size: int | None = None,
             progress: Callable[[int], None] | None = None) -> Neo4jLoadSummary:
        """Merge triples, entity records and article records into the database, idempotently.

        ``progress(n)`` is called after each committed batch with the triples read so far.
        """
        where = self.connection.describe()
        if self.read_only:
            raise StoreError(f"the Neo4j store {where} is open read-only; open it for "
                             "writing to load")
        size = self.batch_size if batch_size is None else batch_size
        if size < 1:
            raise StoreError(f"batch size must be positive, got {size}")
        t0 = time.perf_counter()
        summary = Neo4jLoadSummary()
        self.ensure_schema(summary)
        ents = B.merge_entity_records(entities)
        for i in range(0, len(ents), size):
            self._batch(self._tx_entities, ents[i:i + size], summary,
                        f"entity records {i + 1}-{min(i + size, len(ents))}")
        arts = list({a.id: a for a in articles}.values())
        for i in range(0, len(arts), size):
            self._batch(self._tx_articles, arts[i:i + size], summary,
                        f"article records {i + 1}-{min(i + size, len(arts))}")
        for batch in B.batches(triples, size):
            summary.triples_read += len(batch)
            self._batch(self._tx_triples, batch, summary,
                        f"triples {batch[0][0]}-{batch[-1][0]}")
            if progress is not None:
                progress(summary.triples_read)
        summary.seconds = round(time.perf_counter() - t0, 3)
        return summary

    def _batch(self, fn: Callable[[Any, list[Any], Neo4jLoadSummary], None], batch: list[Any],
               summary: Neo4jLoadSummary, what: str) -> None:
        attempts = 0

        def work(tx: Any) -> Neo4jLoadSummary:
            nonlocal attempts
            attempts += 1
            part = Neo4jLoadSummary()  # fresh on every attempt: a retry never double-counts
            fn(tx, batch, part)
            return part

        try:
            part = self._managed(work, write=True, doing=f"writing {what}")
        except ConnectionError_:
            raise
        except KgError as e:
            done = summary.batches
            raise StoreError(
                f"{e}\n{what} were rolled back; the {done} batch(es) before them are "
                "committed. Loading is idempotent: run the same command again to finish."
            ) from None
        part.batches = 1
        part.retries = attempts - 1
        summary.add(part)
        log.debug("committed %s (%d attempt(s))", what, attempts)

    def _types_of(self, tx: Any, ids: Iterable[str]) -> dict[str, str]:
        ids = sorted(set(ids))
        if not ids:
            return {}
        return {r["id"]: r["type"] for r in _records(tx, N.types_of_ids(), {"ids": ids})}

    def _tx_entities(self, tx: Any, ents: list[Entity], part: Neo4jLoadSummary) -> None:
        types = self._types_of(tx, (e.id for e in ents))
        records = (row for row, _ in B.entity_record_rows(ents, types, part.skipped))
        for label, rows in B.by_type(records).items():
            c = _counters(tx, N.merge_entities(label), {"rows": rows})
            part.nodes_created += _count(c, "nodes_created")
            part.properties_set += _count(c, "properties_set")

    def _tx_articles(self, tx: Any, arts: list[Article], part: Neo4jLoadSummary) -> None:
        c = _counters(tx, N.merge_articles(), {"rows": [B.article_row(a) for a in arts]})
        part.articles_added += _count(c, "nodes_created")
        part.properties_set += _count(c, "properties_set")

    def _tx_triples(self, tx: Any, batch: list[tuple[int, Triple]],
                    part: Neo4jLoadSummary) -> None:
        types = self._types_of(tx, (x.id for _, t in batch for x in (t.subject, t.object)))
        agg = B.aggregate(batch, types)
        # "a Person (X)", where the embedded store says "Person X": kept as it was worded.
        part.skipped += B.mismatch_notes(agg, "a {type} ({id})")

        # Mentions the database already holds change nothing: drop them.
        eids = sorted(B.mention_ids(agg.edges.values()))
        stored = ({r["id"] for r in _records(tx, N.EXISTING_EVIDENCE, {"ids": eids})}
                  if eids else set())
        live = B.drop_stored(agg.edges.values(), stored)

        for label, rows in B.by_type(agg.new_nodes.values()).items():
            c = _counters(tx, N.merge_entity_refs(label), {"rows": rows})
            part.nodes_created += _count(c, "nodes_created")
            part.properties_set += _count(c, "properties_set")

        mentions = [m for e in live for m in e.mentions.values()]
        if not mentions:
            return
        docs = B.doc_langs(mentions)
        c = _counters(tx, N.MERGE_ARTICLE_REFS,
                      {"rows": [{"id": d, "lang": lang} for d, lang in docs.items()]})
        part.articles_added += _count(c, "nodes_created")
        part.properties_set += _count(c, "properties_set")
        c = _counters(tx, N.merge_evidence(), {"rows": [m._asdict() for m in mentions]})
        part.evidence_added += _count(c, "nodes_created")
        part.relationships_created += _count(c, "relationships_created")
        part.properties_set += _count(c, "properties_set")

        for (pred, st, dt), group in B.edge_groups(live).items():
            keys = [{"src": e.src, "dst": e.dst, "key": e.key} for e in group]
            old = {r["key"]: r for r in _records(tx, N.read_edges(pred, st, dt), {"rows": keys})}
            rows = [B.merge_edge(e, old.get(e.key)) for e in group]
            c = _counters(tx, N.merge_edges(pred, st, dt), {"rows": rows})
            created = _count(c, "relationships_created")
            part.edges_created += created
            part.edges_updated += len(rows) - created
            part.relationships_created += created
            part.properties_set += _count(c, "properties_set")


# --- the driver's results -------------------------------------------------------------


def _records(tx: Any, cypher: str, params: dict[str, Any]) -> list[Any]:
    res = tx.run(cypher, params)
    return list(res)


def _counters(tx: Any, cypher: str, params: dict[str, Any]) -> Any:
    log.debug("neo4j: %s (%s)", cypher.split(" MERGE ")[0][:80],
              ", ".join(f"{k}: {len(v)} rows" if isinstance(v, list) else k
                        for k, v in params.items()))
    return tx.run(cypher, params).consume().counters


def _count(counters: Any, name: str) -> int:
    return int(getattr(counters, name, 0) or 0)


def _message(e: BaseException) -> str:
    """The server's own message where it sent one, else the exception's text, on one line."""
    msg = getattr(e, "message", None)
    if (not isinstance(msg, str) or not msg
            or getattr(e, "code", None) == "Neo.DatabaseError.General.UnknownError"):
        msg = str(e)  # raised locally, not hydrated from a server failure
    return " ".join(msg.split())


def _nodes_in(value: Any) -> Iterator[Node]:
    if isinstance(value, Node):
        yield value
    elif isinstance(value, Relationship):
        for n in (value.start_node, value.end_node):
            if n is not None:
                yield n
    elif isinstance(value, Path):
        yield from value.nodes
    elif isinstance(value, dict):
        for v in value.values():
            yield from _nodes_in(v)
    elif isinstance(value, list | tuple) and not _is_point(value):
        for v in value:
            yield from _nodes_in(v)


def _is_point(value: Any) -> bool:
    return isinstance(value, tuple) and hasattr(value, "srid")


def _node_plain(n: Node, ids: dict[str, str | None]) -> dict[str, Any]:
    own = [x for x in n.labels if x in N.NODE_LABELS]
    label = own[0] if own else (sorted(n.labels)[0] if n.labels else None)
    props = dict(n.items())
    if label in N.NODE_LABELS:  # every column, null where unset, in the embedded order
        d = {c: to_plain(props.get(c), ids) for c, _ in N.NODE_LABELS[label]}
    else:
        d = {k: to_plain(v, ids) for k, v in sorted(props.items())}
    if label in ENTITY_TYPES and isinstance(d.get("labels"), str):
        with contextlib.suppress(ValueError):
            d["labels"] = json.loads(d["labels"])
    d["_label"] = label
    return d


def _rel_plain(r: Relationship, ids: dict[str, str | None]) -> dict[str, Any]:
    props = dict(r.items())
    if r.type in PREDICATES:
        d = {c: to_plain(props.get(c), ids) for c, _ in N.EDGE_COLUMNS}
    else:
        d = {k: to_plain(v, ids) for k, v in sorted(props.items())}
    d["_type"] = r.type
    d["_src"] = _end_id(r.start_node, ids)
    d["_dst"] = _end_id(r.end_node, ids)
    return d


def _end_id(n: Node | None, ids: dict[str, str | None]) -> str | None:
    if n is None:
        return None
    got = n.get("id", n.get("key"))
    return got if got is not None else ids.get(n.element_id)


def to_plain(v: Any, ids: dict[str, str | None] | None = None) -> Any:
    """A Neo4j value as the embedded store returns it (JSON-friendly Python).

    Nodes are dicts of their properties plus ``_label``; relationships add
    ``_type``, ``_src`` and ``_dst`` (the kg ids of their ends); paths are
    lists alternating node, relationship, node; dates and times are ISO
    strings; durations are seconds (a month counted as 30 days, as LadybugDB
    does); points are ``{srid, x, y[, z]}``.
    """
    ids = ids if ids is not None else {}
    if v is None or isinstance(v, bool | int | float | str):
        return v
    if isinstance(v, Node):
        return _node_plain(v, ids)
    if isinstance(v, Relationship):
        return _rel_plain(v, ids)
    if isinstance(v, Path):
        out: list[Any] = []
        for i, n in enumerate(v.nodes):
            out.append(_node_plain(n, ids))
            if i < len(v.relationships):
                out.append(_rel_plain(v.relationships[i], ids))
        return out
    if isinstance(v, neo4j.time.Duration):
        return (v.months * 30 + v.days) * 86400 + v.seconds + v.nanoseconds / 1e9
    if isinstance(v, neo4j.time.Date | neo4j.time.DateTime | neo4j.time.Time):
        return v.to_native().isoformat()
    if isinstance(v, _dt.datetime | _dt.date | _dt.time):
        return v.isoformat()
    if isinstance(v, _dt.timedelta):
        return v.total_seconds()
    if _is_point(v):
        d = {"srid": v.srid, "x": float(v[0]), "y": float(v[1])}
        if len(v) > 2:
            d["z"] = float(v[2])
        return d
    if isinstance(v, dict):
        return {str(k): to_plain(x, ids) for k, x in v.items()}
    if isinstance(v, list | tuple):
        return [to_plain(x, ids) for x in v]
    if isinstance(v, bytes | bytearray):
        return bytes(v).hex()
    native = getattr(v, "to_native", None)  # e.g. neo4j.vector.Vector
    if callable(native):
        return to_plain(native(), ids)
    return v


stores.register("neo4j", Neo4jStore)
