"""``kg query``: run Cypher, or a named query from queries/, against a store."""

from __future__ import annotations

import csv
import io
import json
import re
import sys
import unicodedata
from typing import Any

import click

from kg import query as named
from kg.cli.options import StoreSpec, format_option, store_options
from kg.errors import QueryError
from kg.store.base import QueryResult

PARAM_HELP = """\
Query parameter NAME=VALUE (repeatable). VALUE is typed: true/false -> bool,
null -> null, 42 -> int, 4.2 -> float, a value starting with [ { or " -> parsed
as JSON (--param 'ids=["RUS","KAZ"]', --param 'code="041"' for a string that
looks like a number); anything else, ISO dates included, is a string. Named
queries convert values to the types they declare."""

_INT = re.compile(r"^[+-]?\d+$")
_FLOAT = re.compile(r"^[+-]?(\d+\.\d*|\.\d+|\d+)([eE][+-]?\d+)?$")
MAX_CELL = 80


def parse_param(text: str) -> tuple[str, Any]:
    """``NAME=VALUE`` as (name, typed value); see PARAM_HELP for the typing rule."""
    name, sep, raw = text.partition("=")
    name = name.strip()
    if not sep or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        raise QueryError(f"--param {text!r}: write NAME=VALUE, e.g. --param country=KAZ")
    return name, typed_value(raw, name)


def typed_value(raw: str, name: str = "value") -> Any:
    s = raw.strip()
    if s in ("true", "false"):
        return s == "true"
    if s == "null":
        return None
    if _INT.match(s):
        return int(s)
    if _FLOAT.match(s):
        return float(s)
    if s[:1] in ("[", "{", '"'):
        try:
            return json.loads(s)
        except ValueError as e:
            raise QueryError(f"--param {name}: {s!r} starts like JSON but is not: {e}") from None
    return raw


@click.command()
@click.argument("cypher", required=False)
@click.option("--name", "-n", "name", metavar="NAME", help="Run a named query (see --list).")
@click.option("--list", "list_", is_flag=True, help="List the named queries and exit.")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE", help=PARAM_HELP)
@format_option("table", "json", "csv")
@click.option("--write", is_flag=True,
              help="Open the store for writing (CREATE/SET/DELETE); default is read-only.")
@store_options
def query(cypher: str | None, name: str | None, list_: bool, params: tuple[str, ...],
          fmt: str, write: bool, store: StoreSpec) -> None:
    """Run CYPHER (or '-' to read it from stdin), or --name NAME, and print the rows.

    \b
    Examples:
      kg query "MATCH (a)-[r:CALLED]->(b) RETURN a.label, b.label, r.date" --format csv
      kg query --name alliances --param country=KAZ --format json
      kg query --list

    Values are always passed as parameters ($name in the query), never pasted
    into its text. A Cypher error prints the store's message and exits 2.
    """
    if list_:
        click.echo(render_list(), nl=False)
        return
    if bool(cypher) == bool(name):
        raise click.UsageError("give either a CYPHER statement or --name NAME (or --list)")
    values = dict(parse_param(p) for p in params)
    with store.open(read_only=not write) as st:
        if name:
            result = st.run(name, **values)
        else:
            text = sys.stdin.read() if cypher == "-" else cypher
            result = st.query(text or "", values)
    click.echo(render(result, fmt), nl=False)


def render_list() -> str:
    lines = []
    for q in named.list_queries():
        engines = f"  [own text for: {', '.join(sorted(q.variants))}]" if q.variants else ""
        lines.append(f"{q.name}: {q.description}{engines}")
        for p in q.params:
            lines.append(f"    --param {p.describe()}")
    return "\n".join(lines) + "\n"


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, str):
        return v
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int | float):
        return str(v)
    return json.dumps(v, ensure_ascii=False)


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else
               0 if unicodedata.combining(c) else 1 for c in s)


def _clip(s: str) -> str:
    s = s.replace("\n", " ")
    return s if len(s) <= MAX_CELL else s[: MAX_CELL - 1] + "…"


def render(result: QueryResult, fmt: str) -> str:
    """Rows as an aligned text table, a JSON array of objects, or CSV."""
    if fmt == "json":
        return json.dumps(result.records(), ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(result.columns)
        for row in result.rows:
            w.writerow([_cell(v) for v in row])
        return buf.getvalue()
    cells = [[_clip(_cell(v)) for v in row] for row in result.rows]
    widths = [max([_width(c), *(_width(r[i]) for r in cells)])
              for i, c in enumerate(result.columns)]

    def line(vals: list[str]) -> str:
        return "  ".join(v + " " * (w - _width(v)) for v, w in zip(vals, widths, strict=True))

    out = [line(list(result.columns)), "  ".join("-" * w for w in widths)]
    out += [line(r) for r in cells]
    n = len(result.rows)
    out.append(f"({n} row{'s' if n != 1 else ''})")
    return "\n".join(s.rstrip() for s in out) + "\n"
