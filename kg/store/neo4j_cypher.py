"""Every Cypher statement of the Neo4j store and of the Neo4j exports, in one place.

The Neo4j graph is the embedded store's data model, property for property
(the column lists come from :mod:`kg.store.cypher`): one label per entity
type (``Person``, ``Country``, ``Organization``, ``Location``) with ``id``,
``type``, ``label``, ``labels`` (a JSON string, lang -> name), ``aliases``,
``wikidata``, ``subtype``, ``mentions``; ``Article`` and ``Evidence`` nodes,
``(:Evidence)-[:EVIDENCE_IN]->(:Article)``; one relationship type per
predicate carrying ``key`` (``Triple.edge_key()``), ``predicate``, ``date``,
``first_seen``, ``last_seen``, ``count``, ``confidence``, ``cameo``,
``plover``, ``docs`` and the relation properties; and ``KgMeta`` (key, value)
nodes holding the schema version.

Values always travel as parameters (``$rows``, ``$ids``, ``$key``): the only
text pasted into a statement is a label, a relationship type or a property
name, and :func:`ident` refuses any that is not in the closed vocabulary.
The write statements stay inside the openCypher subset LadybugDB also runs
(``UNWIND $rows``, ``MERGE ... ON CREATE SET``, ``CASE``, ``coalesce``; no
``SET n += $map``, no ``CALL {}``), which is how the tests execute them
without a Neo4j server. Only the schema statements (constraints, indexes)
and the element-id lookup are Neo4j's own.

The parameter-free script of ``kg export --format cypher`` is rendered here
too (:func:`literal`, :func:`script_*`): same statements, values written as
escaped literals.

Regenerate ``schemas/neo4j-constraints.cypher`` with
``python -m kg.store.neo4j_cypher > schemas/neo4j-constraints.cypher``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from typing import Any

from kg.graph import EDGE_PROPERTY_KEYS
from kg.store import cypher as C
from kg.store.base import SCHEMA_VERSION
from kg.store.batch import evidence_id as evidence_id  # re-exported for the Neo4j exports
from kg.store.batch import labels_json as labels_json  # re-exported for the Neo4j exports
from kg.vocab import ENTITY_TYPES, PREDICATES

ARTICLE = C.ARTICLE
EVIDENCE = C.EVIDENCE
EVIDENCE_IN = C.EVIDENCE_IN
META = C.META

ENTITY_COLUMNS = C.ENTITY_COLUMNS
ARTICLE_COLUMNS = C.ARTICLE_COLUMNS
EVIDENCE_COLUMNS = C.EVIDENCE_COLUMNS
EDGE_COLUMNS = C.EDGE_COLUMNS
NODE_LABELS: dict[str, tuple[tuple[str, str], ...]] = dict(C.NODE_TABLES)
# The property each label is keyed on (a uniqueness constraint in Neo4j).
KEY_PROPERTY: dict[str, str] = {**{t: "id" for t in NODE_LABELS}, META: "key"}
REL_TYPES: tuple[str, ...] = (*PREDICATES, EVIDENCE_IN)

# The schema's names are the same in both engines, and so is the one that needs backticks.
ident = C.ident


def quote_ident(name: str) -> str:
    """Any name as a backtick-quoted Cypher identifier (a backtick inside is doubled)."""
    if not name:
        raise ValueError("an identifier cannot be empty")
    return "`" + name.replace("`", "``") + "`"


# --- schema (Neo4j 5.x / 2025.x syntax) --------------------------------------------


def _name(*parts: str) -> str:
    return "kg_" + "_".join(re.sub(r"[^a-z0-9]+", "_", p.lower()) for p in parts)


def constraints() -> list[str]:
    """One uniqueness constraint per label's key: MERGE on it is then an index lookup."""
    return [
        f"CREATE CONSTRAINT {_name(label, KEY_PROPERTY[label])} IF NOT EXISTS "
        f"FOR (n:{ident(label)}) REQUIRE n.{ident(KEY_PROPERTY[label])} IS UNIQUE"
        for label in NODE_LABELS
    ]


def indexes() -> list[str]:
    """Range indexes the named queries and the evidence trace look things up by."""
    out = [f"CREATE INDEX {_name(t, 'label')} IF NOT EXISTS FOR (n:{ident(t)}) ON (n.label)"
           for t in ENTITY_TYPES]
    out.append(f"CREATE INDEX {_name(EVIDENCE, 'edge_key')} IF NOT EXISTS "
               f"FOR (n:{EVIDENCE}) ON (n.edge_key)")
    out += [f"CREATE INDEX {_name(p, 'key')} IF NOT EXISTS FOR ()-[r:{ident(p)}]-() "
            "ON (r.key)" for p in PREDICATES]
    return out


def schema() -> list[str]:
    return [*constraints(), *indexes()]


def render_schema() -> str:
    """The text of ``schemas/neo4j-constraints.cypher`` (runs as ``cypher-shell -f``)."""
    head = [
        f"// Constraints and indexes of the kg graph in Neo4j 5.x / 2025.x, schema_version "
        f"{SCHEMA_VERSION}.",
        "// Generated from kg.vocab by kg.store.neo4j_cypher.render_schema(); do not edit:",
        "//   python -m kg.store.neo4j_cypher > schemas/neo4j-constraints.cypher",
        "// Idempotent (IF NOT EXISTS): 'kg load --neo4j' runs them before every load; run",
        "// them by hand after 'neo4j-admin database import full':",
        "//   cypher-shell -a bolt://localhost:7687 -u neo4j -f neo4j-constraints.cypher",
        "",
    ]
    return "\n".join(head + [s + ";" for s in schema()]) + "\n"


# --- metadata -------------------------------------------------------------------

META_READ = f"MATCH (m:{META}) RETURN m.key AS key, m.value AS value"
META_WRITE = f"MERGE (m:{META} {{key: $key}}) SET m.value = $value"
META_WRITE_ONCE = f"MERGE (m:{META} {{key: $key}}) ON CREATE SET m.value = $value"

# --- loading: every statement takes $rows (a list of maps) or $ids ----------------


def types_of_ids() -> str:
    """Which of ``$ids`` are entity nodes already, and of which type (one index lookup each)."""
    return " UNION ALL ".join(
        f"UNWIND $ids AS id MATCH (n:{ident(t)} {{id: id}}) RETURN n.id AS id, '{t}' AS type"
        for t in ENTITY_TYPES
    )


EXISTING_EVIDENCE = f"UNWIND $ids AS id MATCH (e:{EVIDENCE} {{id: id}}) RETURN e.id AS id"


def _sets(var: str, cols: Iterable[str], src: str = "row") -> str:
    return ", ".join(f"{var}.{ident(c)} = {src}.{ident(c)}" for c in cols)


def merge_entity_refs(label: str) -> str:
    """Nodes named by triples: created with the triple's label, an existing node untouched."""
    cols = [c for c, _ in ENTITY_COLUMNS if c != "id"]
    return (f"UNWIND $rows AS row MERGE (n:{ident(label)} {{id: row.id}}) "
            f"ON CREATE SET {_sets('n', cols)}")


def merge_entities(label: str) -> str:
    """Full entity records: the record replaces the node's fields, mentions keep the max."""
    cols = [c for c, _ in ENTITY_COLUMNS if c not in ("id", "mentions")]
    return (f"UNWIND $rows AS row MERGE (n:{ident(label)} {{id: row.id}}) "
            f"SET {_sets('n', cols)}, n.mentions = CASE WHEN n.mentions IS NULL OR "
            "n.mentions < row.mentions THEN row.mentions ELSE n.mentions END")


def merge_articles() -> str:
    """Article records: known fields filled, what the new record lacks kept."""
    sets = ", ".join(f"n.{ident(c)} = coalesce(row.{ident(c)}, n.{ident(c)})"
                     for c, _ in ARTICLE_COLUMNS if c != "id")
    return f"UNWIND $rows AS row MERGE (n:{ARTICLE} {{id: row.id}}) SET {sets}"


MERGE_ARTICLE_REFS = (f"UNWIND $rows AS row MERGE (n:{ARTICLE} {{id: row.id}}) "
                      "ON CREATE SET n.lang = row.lang")


def merge_evidence() -> str:
    """One node per supporting mention, linked to its article (which must exist)."""
    cols = [c for c, _ in EVIDENCE_COLUMNS if c != "id"]
    return (f"UNWIND $rows AS row MERGE (e:{EVIDENCE} {{id: row.id}}) "
            f"ON CREATE SET {_sets('e', cols)} "
            f"WITH e, row MATCH (d:{ARTICLE} {{id: row.doc_id}}) "
            f"MERGE (e)-[:{EVIDENCE_IN}]->(d)")


EDGE_READ_COLUMNS = C.EDGE_READ_COLUMNS


def read_edges(rel: str, src: str, dst: str) -> str:
    """The stored aggregates of the edges named by ``$rows`` (src, dst, key)."""
    cols = ", ".join(f"r.{ident(c)} AS {ident(c)}" for c in EDGE_READ_COLUMNS)
    return (f"UNWIND $rows AS row MATCH (a:{ident(src)} {{id: row.src}})"
            f"-[r:{ident(rel)} {{key: row.key}}]->(b:{ident(dst)} {{id: row.dst}}) "
            f"RETURN {cols}")


def merge_edges(rel: str, src: str, dst: str) -> str:
    """Edges merged on their key between the two entity nodes, with their new aggregates."""
    cols = [c for c, _ in EDGE_COLUMNS if c != "key"]
    # Two MATCH clauses: LadybugDB plans a comma pattern as a cross product.
    return (f"UNWIND $rows AS row MATCH (a:{ident(src)} {{id: row.src}}) "
            f"MATCH (b:{ident(dst)} {{id: row.dst}}) "
            f"MERGE (a)-[r:{ident(rel)} {{key: row.key}}]->(b) SET {_sets('r', cols)}")


# --- reading --------------------------------------------------------------------

# The entity id of nodes a result named only by element id (the ends of a relationship).
IDS_BY_ELEMENT_ID = ("UNWIND $eids AS eid MATCH (n) WHERE elementId(n) = eid "
                     "RETURN eid, n.id AS id, n.key AS key")


def count_nodes(label: str) -> str:
    return C.count_nodes(label)


def count_rels(rel: str) -> str:
    return C.count_rels(rel)


# --- the parameter-free script (kg export --format cypher) ------------------------

_ESCAPES = {"\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t",
            "\b": "\\b", "\f": "\\f"}
_NEEDS_ESCAPE = re.compile(r"[\\'\x00-\x1f\x7f\u2028\u2029]")


def _escape_char(m: re.Match[str]) -> str:
    ch = m.group(0)
    return _ESCAPES.get(ch) or f"\\u{ord(ch):04x}"


def string_literal(text: str) -> str:
    """A Cypher string literal: single-quoted, backslash escapes; Arabic and the rest verbatim.

    Every control character is escaped, so one statement is always one line of
    the script (cypher-shell reads the file as UTF-8).
    """
    return "'" + _NEEDS_ESCAPE.sub(_escape_char, text) + "'"


def literal(value: Any) -> str:
    """A value as a Cypher literal: null, booleans, integers, floats, strings, lists."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{value!r} has no Cypher literal")
        return repr(value)
    if isinstance(value, str):
        return string_literal(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    raise ValueError(f"no Cypher literal for a {type(value).__name__}")


def _set_literals(var: str, values: Mapping[str, Any]) -> str:
    return ", ".join(f"{var}.{ident(k)} = {literal(v)}" for k, v in values.items())


def script_node(label: str, key: str, props: Mapping[str, Any]) -> str:
    """``MERGE`` one node on its key and set its properties (idempotent)."""
    head = f"MERGE (n:{ident(label)} {{{ident(KEY_PROPERTY[label])}: {literal(key)}}})"
    return f"{head} SET {_set_literals('n', props)};" if props else f"{head};"


def script_edge(rel: str, src_label: str, src: str, dst_label: str, dst: str, key: str,
                props: Mapping[str, Any]) -> str:
    """``MERGE`` one relationship on its key between two existing nodes."""
    head = (f"MATCH (a:{ident(src_label)} {{id: {literal(src)}}}) "
            f"MATCH (b:{ident(dst_label)} {{id: {literal(dst)}}}) "
            f"MERGE (a)-[r:{ident(rel)} {{key: {literal(key)}}}]->(b)")
    return f"{head} SET {_set_literals('r', props)};" if props else f"{head};"


def script_evidence_link(evidence: str, article: str) -> str:
    return (f"MATCH (e:{EVIDENCE} {{id: {literal(evidence)}}}) "
            f"MATCH (d:{ARTICLE} {{id: {literal(article)}}}) MERGE (e)-[:{EVIDENCE_IN}]->(d);")


__all__ = ["EDGE_PROPERTY_KEYS", "evidence_id", "ident", "literal", "quote_ident",
           "render_schema", "schema", "string_literal"]


if __name__ == "__main__":  # pragma: no cover - regeneration helper
    print(render_schema(), end="")
