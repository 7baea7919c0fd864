"""``kg export``: write the graph of a store as a file (or a folder of tables)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from kg.errors import ExportError
from kg.export import SUFFIXES, exporters, format_for_path
from kg.export import export as run_export


def _opts(pairs: tuple[str, ...]) -> dict[str, Any]:
    """``-O key=value`` pairs as exporter options; true/false become booleans."""
    out: dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise ExportError(f"-O {pair!r}: expected KEY=VALUE, e.g. -O evidence=false")
        low = value.lower()
        out[key.replace("-", "_")] = {"true": True, "false": False}.get(low, value)
    return out


@click.command("export")
@click.option("--store", "store_path", required=True,
              type=click.Path(exists=True, path_type=Path),
              help="The kg store to read (as written by kg build or kg load).")
@click.option("--format", "-f", "fmt", type=click.Choice(exporters.names()), default=None,
              help="Output format; guessed from the -o suffix when left out "
                   f"({', '.join(sorted(set(SUFFIXES)))}). csv and parquet write a folder "
                   "holding nodes, edges and evidence tables.")
@click.option("--output", "-o", required=True, type=click.Path(path_type=Path),
              help="File to write (a folder for csv and parquet); replaced atomically.")
@click.option("--opt", "-O", "opts", multiple=True, metavar="KEY=VALUE",
              help="Exporter option, e.g. -O evidence=false (graphml, gexf) or "
                   "-O engine=rdflib (turtle, nt, jsonld).")
def export(store_path: Path, fmt: str | None, output: Path, opts: tuple[str, ...]) -> None:
    """Export the aggregated graph of a store.

    RDF formats (turtle, nt, jsonld) follow schemas/kg.ttl and satisfy
    schemas/shapes.ttl; graphml and gexf hold lists as JSON strings.
    """
    from kg.api import open_store  # imported here: opening a store is the slow part

    fmt = fmt or format_for_path(output)
    options = _opts(opts)
    store = open_store(store_path, create=False, read_only=True)
    try:
        g = store.to_networkx()
    finally:
        store.close()
    summary = run_export(g, fmt, output, **options)
    for warning in summary.warnings:
        click.echo(f"kg: warning: {warning}", err=True)
    click.echo(summary.describe(), err=True)
