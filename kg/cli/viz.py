"""``kg viz``: write an interactive, offline HTML view of a store's graph."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from kg.cli.options import neo4j_options
from kg.errors import InputError


def _params(pairs: tuple[str, ...]) -> dict[str, Any]:
    """``-p key=value`` pairs; values that read as JSON (numbers, lists) are decoded."""
    out: dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise InputError(f"-p {pair!r}: expected KEY=VALUE, e.g. -p person=Putin")
        try:
            out[key] = json.loads(value)
        except ValueError:
            out[key] = value
    return out


def _open_store(path: Path | None, neo4j: dict[str, Any] | None = None) -> Any:
    if neo4j is not None:
        from kg.api import open_neo4j

        return open_neo4j(**neo4j, create=False, read_only=True)
    if path is None:
        raise click.UsageError("name the graph to draw: --store PATH or --neo4j URI")
    from kg.api import open_store

    return open_store(path, create=False, read_only=True)


@click.command("viz")
@click.option("--store", "store_path", default=None,
              type=click.Path(exists=True, path_type=Path),
              help="The kg store to read (as written by kg build or kg load).")
@neo4j_options
@click.option("--name", "query_name", default=None, metavar="QUERY",
              help="Show what a named query (queries/*.cypher) returns; parameters with -p.")
@click.option("--param", "-p", "params", multiple=True, metavar="KEY=VALUE",
              help="Parameter of the --name query, e.g. -p person=Putin.")
@click.option("--cypher", default=None, metavar="Q",
              help="Show the nodes and relations a Cypher query returns.")
@click.option("--ego", default=None, metavar="ENTITY",
              help="Show the neighbourhood of one entity (id or name, case-insensitive).")
@click.option("--depth", default=1, show_default=True, type=click.IntRange(0, 10),
              help="How many relations away from --ego to go.")
@click.option("--since", default=None, metavar="DATE",
              help="Leave out dated relations before DATE (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--until", default=None, metavar="DATE",
              help="Leave out dated relations after DATE.")
@click.option("--max-nodes", default=2000, show_default=True, type=click.IntRange(1),
              help="Most entities to draw; the most connected are kept and the page says "
                   "how many were left out.")
@click.option("--title", default=None, help="Page title.")
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="HTML file to write; it opens offline in any browser.")
def viz(store_path: Path | None, neo4j: dict[str, Any] | None, query_name: str | None, params: tuple[str, ...], cypher: str | None,
        ego: str | None, depth: int, since: str | None, until: str | None, max_nodes: int,
        title: str | None, output: Path) -> None:
    """Write an interactive HTML view of the graph: by default its most connected part.

    Hover or click an entity or a relation for its details (dates, counts,
    CAMEO code, documents and evidence sentences); filter by type, relation
    and time, and search by name, in the page.
    """
    chosen = [opt for opt, v in (("--name", query_name), ("--cypher", cypher), ("--ego", ego)) if v]
    if len(chosen) > 1:
        raise click.UsageError(f"{' and '.join(chosen)} cannot be combined; pick one")
    if params and not query_name:
        raise click.UsageError("-p/--param only goes with --name")

    from kg.view import focus_from_rows, render_html

    store = _open_store(store_path, neo4j)
    try:
        rows = None
        if query_name:
            rows = store.run(query_name, **_params(params))
        elif cypher:
            rows = store.query(cypher)
        g = store.to_networkx()
    finally:
        store.close()

    focus = None
    if rows is not None:
        focus = focus_from_rows(rows, g)
        if focus.unknown:
            click.echo(f"kg: warning: {len(focus.unknown)} id(s) the query returned are not in "
                       f"the graph: {', '.join(focus.unknown[:5])}", err=True)
        if not focus:
            click.echo("kg: warning: the query returned no entity or relation of the graph; "
                       "the page will be empty", err=True)
    summary = render_html(g, output, title=title, max_nodes=max_nodes, since=since, until=until,
                          ego=ego, depth=depth, focus_ids=focus)
    click.echo(f"wrote {summary.path} ({summary.bytes / 1e6:.1f} MB, {summary.seconds:.1f} s, "
               f"layout {summary.layout_seconds:.1f} s): {summary.note}", err=True)
