"""Every Cypher statement of the embedded store, as constants and small functions.

Statements take their values as parameters (``$name``, or the columns of a
``LOAD FROM $rows`` Arrow table); the only text ever pasted into them is a
table or property name, and those come from the closed vocabulary
(:mod:`kg.vocab`) and the column lists below, checked by :func:`ident`.

The schema (DDL) is generated from :mod:`kg.vocab` by :func:`render_ddl` and
shipped as ``schemas/ladybug.cypher``; a test keeps the two equal. Regenerate
it with ``python -m kg.store.cypher > schemas/ladybug.cypher``.

Conventions the named queries in ``queries/`` rely on (the Neo4j store writes
the same): every entity node carries its ``type`` as a property and every
relation its ``predicate``, because ``label(n)``/``type(r)`` differ between
engines; dates are ISO strings (``YYYY-MM-DD``), compared as strings; node
``labels`` is a JSON string (lang -> name). ``end`` is a reserved word in
LadybugDB, so the evidence offset is written ``e.`end```.
"""

from __future__ import annotations

from kg.graph import EDGE_PROPERTY_KEYS
from kg.store.base import SCHEMA_VERSION
from kg.vocab import ENTITY_TYPES, PREDICATES

ARTICLE = "Article"
EVIDENCE = "Evidence"
EVIDENCE_IN = "EVIDENCE_IN"
META = "KgMeta"

# (column, LadybugDB type); the first column of a node table is its primary key.
ENTITY_COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "STRING"), ("type", "STRING"), ("label", "STRING"), ("labels", "STRING"),
    ("aliases", "STRING[]"), ("wikidata", "STRING"), ("subtype", "STRING"),
    ("mentions", "INT64"),
)
ARTICLE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "STRING"), ("lang", "STRING"), ("date", "STRING"), ("title", "STRING"),
    ("url", "STRING"), ("source", "STRING"),
)
EVIDENCE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "STRING"), ("edge_key", "STRING"), ("predicate", "STRING"), ("doc_id", "STRING"),
    ("lang", "STRING"), ("sentence", "STRING"), ("start", "INT64"), ("end", "INT64"),
    ("confidence", "DOUBLE"), ("date", "STRING"),
)
EDGE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("key", "STRING"), ("predicate", "STRING"), ("date", "STRING"), ("first_seen", "STRING"),
    ("last_seen", "STRING"), ("count", "INT64"), ("confidence", "DOUBLE"), ("cameo", "STRING"),
    ("plover", "STRING"), ("docs", "STRING[]"),
    *((k, "STRING") for k in EDGE_PROPERTY_KEYS),
)
META_COLUMNS: tuple[tuple[str, str], ...] = (("key", "STRING"), ("value", "STRING"))

NODE_TABLES: dict[str, tuple[tuple[str, str], ...]] = {
    **{t: ENTITY_COLUMNS for t in ENTITY_TYPES},
    ARTICLE: ARTICLE_COLUMNS,
    EVIDENCE: EVIDENCE_COLUMNS,
    META: META_COLUMNS,
}
REL_TABLES: tuple[str, ...] = (*PREDICATES, EVIDENCE_IN)

# Words LadybugDB's parser (and Neo4j's, as a keyword) refuses as bare property names.
_RESERVED = frozenset({"end"})
_KNOWN_NAMES = frozenset(
    {*NODE_TABLES, *REL_TABLES}
    | {c for cols in NODE_TABLES.values() for c, _ in cols}
    | {c for c, _ in EDGE_COLUMNS}
)


def ident(name: str) -> str:
    """A table (label), relationship type or property name, refused unless it is one of
    ours (no injection by name); used by both the embedded and the Neo4j store."""
    if name not in _KNOWN_NAMES:
        raise ValueError(f"{name!r} is not a table, label, relationship type or property of "
                         "the kg schema")
    return f"`{name}`" if name in _RESERVED else name


def pairs(predicate: str) -> list[tuple[str, str]]:
    """The (FROM, TO) table pairs of a predicate's rel table: its domain x range."""
    p = PREDICATES[predicate]
    return [(s, o) for s in p.domain for o in p.range]


# --- schema -----------------------------------------------------------------


def _columns(cols: tuple[tuple[str, str], ...], *, primary: bool) -> str:
    out = []
    for i, (name, typ) in enumerate(cols):
        out.append(f"{ident(name)} {typ}" + (" PRIMARY KEY" if primary and i == 0 else ""))
    return ", ".join(out)


def ddl() -> list[str]:
    """The CREATE statements of the store, in the order they must run."""
    stmts = [
        f"CREATE NODE TABLE {t}({_columns(cols, primary=True)})"
        for t, cols in NODE_TABLES.items()
        if t != META
    ]
    for name in PREDICATES:
        ends = ", ".join(f"FROM {s} TO {o}" for s, o in pairs(name))
        stmts.append(f"CREATE REL TABLE {name}({ends}, {_columns(EDGE_COLUMNS, primary=False)})")
    stmts.append(f"CREATE REL TABLE {EVIDENCE_IN}(FROM {EVIDENCE} TO {ARTICLE})")
    # Last, so a store whose creation was interrupted is recognisably not a kg store.
    stmts.append(f"CREATE NODE TABLE {META}({_columns(META_COLUMNS, primary=True)})")
    return stmts


def render_ddl() -> str:
    """The text of ``schemas/ladybug.cypher``."""
    head = [
        f"// The embedded kg store (LadybugDB), schema_version {SCHEMA_VERSION}.",
        "// Generated from kg.vocab by kg.store.cypher.render_ddl(); do not edit by hand:",
        "//   python -m kg.store.cypher > schemas/ladybug.cypher",
        "// One node table per entity type, Article, Evidence (one supporting mention,",
        "// linked to its Article by EVIDENCE_IN, joined to its relation by edge_key = r.key),",
        "// one rel table per predicate spanning its domain x range, and KgMeta (key, value).",
        "",
    ]
    return "\n".join(head + [s + ";" for s in ddl()]) + "\n"


def parse_ddl(text: str) -> list[str]:
    """Statements of a DDL file: ``//`` comment lines dropped, split on ``;``."""
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("//"))
    return [s.strip() for s in body.split(";") if s.strip()]


# --- metadata ---------------------------------------------------------------

META_READ = f"MATCH (m:{META}) RETURN m.key, m.value"
META_WRITE = f"MERGE (m:{META} {{key: $key}}) SET m.value = $value"

# --- bulk writes (LOAD FROM an Arrow table whose columns are p_<name>) ----------


def copy_nodes(table: str) -> str:
    """COPY a whole Arrow table (columns in table order) into an empty node table."""
    return f"COPY {ident(table)} FROM $rows"


def copy_rels(rel: str, src: str, dst: str) -> str:
    """COPY into one FROM/TO pair of a rel table (columns: from, to, then properties)."""
    return f"COPY {ident(rel)} FROM $rows (from='{ident(src)}', to='{ident(dst)}')"


def create_nodes(table: str) -> str:
    cols = ", ".join(f"{ident(c)}: p_{c}" for c, _ in NODE_TABLES[table])
    return f"LOAD FROM $rows CREATE (n:{ident(table)} {{{cols}}})"


def existing_ids(table: str) -> str:
    """Which of the ids in ``$rows.p_id`` are already nodes of ``table`` (a primary-key join)."""
    return f"LOAD FROM $rows MATCH (n:{ident(table)} {{id: p_id}}) RETURN n.id"


def all_ids(table: str) -> str:
    return f"MATCH (n:{ident(table)}) RETURN n.id"


def read_entities(table: str) -> str:
    return f"LOAD FROM $rows MATCH (n:{ident(table)} {{id: p_id}}) RETURN n.id, n.mentions"


def update_entities(table: str) -> str:
    """Overwrite a node's record with a full entity record; mentions are merged by the caller."""
    sets = ", ".join(f"n.{ident(c)} = p_{c}" for c, _ in ENTITY_COLUMNS if c != "id")
    return f"LOAD FROM $rows MATCH (n:{ident(table)} {{id: p_id}}) SET {sets}"


def update_articles() -> str:
    """Fill an article's metadata, keeping what is known where the new record has nothing."""
    sets = ", ".join(
        f"n.{ident(c)} = coalesce(p_{c}, n.{ident(c)})" for c, _ in ARTICLE_COLUMNS if c != "id"
    )
    return f"LOAD FROM $rows MATCH (n:{ARTICLE} {{id: p_id}}) SET {sets}"


EDGE_READ_COLUMNS = ("key", "first_seen", "last_seen", "count", "confidence", "docs",
                     *EDGE_PROPERTY_KEYS)


def read_edges(rel: str, src: str, dst: str) -> str:
    """The stored aggregates of the edges whose keys are in ``$rows.p_key``."""
    cols = ", ".join(f"r.{ident(c)}" for c in EDGE_READ_COLUMNS)
    return (f"LOAD FROM $rows MATCH (a:{ident(src)} {{id: p_src}})"
            f"-[r:{ident(rel)} {{key: p_key}}]->(b:{ident(dst)} {{id: p_dst}}) RETURN {cols}")


def create_edges(rel: str, src: str, dst: str) -> str:
    # Two MATCH clauses, not one comma pattern: LadybugDB plans the comma form as a
    # cross product (seconds for ten rows) and the separate form as two index lookups.
    cols = ", ".join(f"{ident(c)}: p_{c}" for c, _ in EDGE_COLUMNS)
    return (f"LOAD FROM $rows MATCH (a:{ident(src)} {{id: p_src}}) "
            f"MATCH (b:{ident(dst)} {{id: p_dst}}) "
            f"CREATE (a)-[:{ident(rel)} {{{cols}}}]->(b)")


EDGE_UPDATE_COLUMNS = ("first_seen", "last_seen", "count", "confidence", "docs",
                       *EDGE_PROPERTY_KEYS)


def update_edges(rel: str, src: str, dst: str) -> str:
    sets = ", ".join(f"r.{ident(c)} = p_{c}" for c in EDGE_UPDATE_COLUMNS)
    return (f"LOAD FROM $rows MATCH (a:{ident(src)} {{id: p_src}})"
            f"-[r:{ident(rel)} {{key: p_key}}]->(b:{ident(dst)} {{id: p_dst}}) SET {sets}")


def create_evidence_links() -> str:
    return (f"LOAD FROM $rows MATCH (e:{EVIDENCE} {{id: p_src}}) "
            f"MATCH (d:{ARTICLE} {{id: p_dst}}) CREATE (e)-[:{EVIDENCE_IN}]->(d)")


# --- counts -----------------------------------------------------------------


def count_nodes(table: str) -> str:
    return f"MATCH (n:{ident(table)}) RETURN count(n)"


def count_rels(rel: str) -> str:
    return f"MATCH ()-[r:{ident(rel)}]->() RETURN count(r)"


# --- result decoding --------------------------------------------------------

NODE_BY_INTERNAL_ID = "MATCH (n) WHERE ID(n) = internal_id($t, $o) RETURN n.id"

# --- portable reads (LadybugDB and Neo4j): the snapshot of kg.store.snapshot ---


def snapshot_nodes(table: str) -> str:
    cols = ", ".join(f"n.{ident(c)} AS {ident(c)}" for c, _ in ENTITY_COLUMNS)
    return f"MATCH (n:{ident(table)}) RETURN {cols}"


def snapshot_edges(rel: str) -> str:
    cols = ", ".join(f"r.{ident(c)} AS {ident(c)}" for c, _ in EDGE_COLUMNS)
    return f"MATCH (a)-[r:{ident(rel)}]->(b) RETURN a.id AS source, b.id AS target, {cols}"


SNAPSHOT_EVIDENCE = (
    f"MATCH (e:{EVIDENCE}) RETURN e.edge_key AS edge_key, e.doc_id AS doc_id, "
    "e.lang AS lang, e.sentence AS sentence, e.start AS start, e.`end` AS `end`"
)

# The trace of one relation to its text: the documented way to read evidence.
TRACE_EVIDENCE = (
    f"MATCH (e:{EVIDENCE} {{edge_key: $key}})-[:{EVIDENCE_IN}]->(d:{ARTICLE}) "
    "RETURN d.id AS doc_id, d.title AS title, d.url AS url, e.sentence AS sentence, "
    "e.start AS start, e.`end` AS `end` ORDER BY doc_id, start"
)


if __name__ == "__main__":  # pragma: no cover - regeneration helper
    print(render_ddl(), end="")
