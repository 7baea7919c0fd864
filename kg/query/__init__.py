"""Named queries: the ``queries/*.cypher`` files, loaded, listed and checked.

File naming rule
    ``NAME.cypher`` is the query every store runs (NAME is lower-case words
    joined by ``-``). ``NAME.ENGINE.cypher``, where ENGINE is a registered
    store name (``neo4j``, ``ladybug``), replaces it for that one engine, for
    the few things the engines spell differently (shortest paths: LadybugDB
    ``-[* SHORTEST 1..N]-``, Neo4j ``shortestPath()``). A variant never stands
    alone: ``NAME.cypher`` must exist beside it, declaring the same parameters
    (a test checks both). Write the portable file in the openCypher subset both
    engines accept: no ``SET n += $map``, no ``CALL {}`` subqueries, no APOC,
    no ``label()``/``type()`` (use the ``n.type`` and ``r.predicate``
    properties every store writes), dates compared as ISO strings.

Header
    Leading ``//`` lines. The first is a one-line description; then one line
    per parameter::

        // param: NAME (TYPE) default=VALUE — what it means
        // param: NAME (TYPE) required — what it means

    TYPE is one of ``str``, ``int``, ``float``, ``bool``, ``date`` (an ISO
    date ``YYYY[-MM[-DD]]``, passed as a string). Every shipped query has
    defaults for all its parameters, so ``kg query --name NAME`` runs as is.
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
from dataclasses import dataclass, field
from typing import Any

from kg import resources
from kg.errors import QueryError, RegistryError, ResourceError

TYPES = ("str", "int", "float", "bool", "date")
_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_PARAM = re.compile(
    r"^//\s*param:\s*(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*\((?P<type>\w+)\)\s*"
    r"(?:default=(?P<default>.*?)|(?P<required>required))\s*(?:(?:—|--)\s*(?P<doc>.*))?$"
)
_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


@dataclass(frozen=True, slots=True)
class Param:
    """One declared parameter of a named query."""

    name: str
    type: str
    default: Any = None
    required: bool = False
    doc: str = ""

    def describe(self) -> str:
        d = "required" if self.required else f"default={self.default!r}"
        return f"{self.name} ({self.type}, {d})" + (f": {self.doc}" if self.doc else "")


@dataclass(slots=True)
class NamedQuery:
    """A query file: its description, parameters and per-engine text."""

    name: str
    description: str
    params: list[Param]
    text: str  # the portable / default text (NAME.cypher)
    variants: dict[str, str] = field(default_factory=dict)  # engine -> text

    def text_for(self, engine: str) -> str:
        """The text the given store engine runs: its variant if it has one, else the default."""
        return self.variants.get(engine, self.text)

    def bind(self, values: dict[str, Any] | None = None) -> dict[str, Any]:
        """Parameters for one run: defaults filled in, values typed, unknown names refused."""
        values = dict(values or {})
        known = {p.name: p for p in self.params}
        unknown = sorted(set(values) - set(known))
        if unknown:
            takes = ", ".join(p.describe() for p in self.params) or "no parameters"
            raise QueryError(f"query {self.name!r} has no parameter(s) {', '.join(unknown)}; "
                             f"it takes: {takes}")
        out: dict[str, Any] = {}
        for p in self.params:
            if p.name in values:
                out[p.name] = coerce(values[p.name], p.type, f"{self.name}: {p.name}")
            elif p.required:
                raise QueryError(f"query {self.name!r} needs parameter {p.describe()}; "
                                 f"pass it as --param {p.name}=VALUE")
            else:
                out[p.name] = p.default
        return out


def coerce(value: Any, typ: str, where: str = "parameter") -> Any:
    """A parameter value as its declared type (strings from the command line included)."""
    bad = QueryError(f"{where}: {value!r} is not a valid {typ}")
    if typ == "str":
        return value if isinstance(value, str) else str(value)
    if typ == "bool":
        if isinstance(value, bool):
            return value
        s = str(value).strip().lower()
        if s in ("true", "yes", "1"):
            return True
        if s in ("false", "no", "0"):
            return False
        raise bad
    if typ == "int":
        if isinstance(value, bool):
            raise bad
        if isinstance(value, int):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str) and re.fullmatch(r"[+-]?\d+", value.strip()):
            return int(value)
        raise bad
    if typ == "float":
        if isinstance(value, bool):
            raise bad
        try:
            return float(value)
        except (TypeError, ValueError):
            raise bad from None
    if typ == "date":
        if isinstance(value, _dt.date):
            return value.isoformat()[:10]
        s = str(value).strip()
        if not _DATE.match(s):
            raise bad
        try:
            _dt.date.fromisoformat((s + "-01-01")[:10] if len(s) < 10 else s)
        except ValueError:
            raise bad from None
        return s
    raise QueryError(f"{where}: unknown parameter type {typ!r}; known: {', '.join(TYPES)}")


def parse(name: str, text: str) -> tuple[str, list[Param]]:
    """The description and parameters declared in a query file's ``//`` header."""
    lines = []
    for line in text.splitlines():
        if not line.strip():
            continue
        if not line.lstrip().startswith("//"):
            break
        lines.append(line.strip())
    if not lines or lines[0].startswith("// param:"):
        raise ResourceError(f"queries/{name}: the first line must be a '// description'")
    description = lines[0][2:].strip()
    params = []
    for line in lines[1:]:
        if not re.match(r"^//\s*param:", line):
            continue
        m = _PARAM.match(line)
        if m is None:
            raise ResourceError(f"queries/{name}: cannot read parameter line {line!r}; write "
                                "'// param: NAME (TYPE) default=VALUE — meaning'")
        typ = m["type"]
        if typ not in TYPES:
            raise ResourceError(f"queries/{name}: parameter type {typ!r} is not one of {TYPES}")
        default = None
        if not m["required"]:
            try:
                default = coerce(m["default"].strip(), typ, f"queries/{name}: {m['name']}")
            except QueryError as e:
                raise ResourceError(str(e)) from None
        params.append(Param(m["name"], typ, default, bool(m["required"]),
                            (m["doc"] or "").strip()))
    return description, params


@functools.cache
def catalog() -> dict[str, NamedQuery]:
    """Every named query by name, read once from ``queries/``."""
    files = [f for f in resources.listdir("queries") if f.endswith(".cypher")]
    out: dict[str, NamedQuery] = {}
    variants: dict[str, dict[str, str]] = {}
    for f in files:
        stem = f[: -len(".cypher")]
        name, _, engine = stem.partition(".")
        if not _NAME.match(name) or (engine and not _NAME.match(engine)):
            raise ResourceError(f"queries/{f}: name it NAME.cypher or NAME.ENGINE.cypher "
                                "(lower-case words joined by '-')")
        text = resources.read_text("queries", f)
        if engine:
            variants.setdefault(name, {})[engine] = text
        else:
            description, params = parse(f, text)
            out[name] = NamedQuery(name, description, params, text)
    for name, by_engine in variants.items():
        if name not in out:
            raise ResourceError(f"queries/{name}.{next(iter(by_engine))}.cypher has no "
                                f"portable queries/{name}.cypher beside it")
        out[name].variants = by_engine
    return dict(sorted(out.items()))


def list_queries() -> list[NamedQuery]:
    return list(catalog().values())


def get(name: str) -> NamedQuery:
    """A named query; an unknown name lists the known ones."""
    try:
        return catalog()[name]
    except KeyError:
        raise RegistryError(f"unknown named query {name!r}; known: "
                            f"{', '.join(catalog())} (see 'kg query --list')") from None


__all__ = ["TYPES", "NamedQuery", "Param", "catalog", "coerce", "get", "list_queries", "parse"]
