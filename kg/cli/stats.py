"""``kg stats``: what a store holds, by entity type and predicate."""

from __future__ import annotations

import json
from typing import Any

import click

from kg.cli.options import StoreSpec, format_option, store_options


@click.command()
@store_options
@format_option("table", "json")
def stats(store: StoreSpec, fmt: str) -> None:
    """Count the entities by type, the relations by predicate, the articles and evidence."""
    with store.open(read_only=True) as st:
        s = st.stats()
    click.echo(json.dumps(s, ensure_ascii=False, indent=2) if fmt == "json" else render(s))


def render(s: dict[str, Any]) -> str:
    lines = [f"store {s.get('store', '')} ({s.get('engine', '')}, schema {s.get('schema_version')})",
             f"  entities  {s['total_nodes']:>8}"]
    lines += [f"    {t:<22}{n:>8}" for t, n in s["nodes"].items()]
    lines.append(f"  relations {s['total_edges']:>8}")
    lines += [f"    {p:<22}{n:>8}" for p, n in sorted(s["edges"].items(), key=lambda x: -x[1])]
    lines.append(f"  articles  {s['articles']:>8}")
    lines.append(f"  evidence  {s['evidence']:>8}")
    return "\n".join(lines)
