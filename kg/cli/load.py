"""``kg load``: merge a triples file (and its entities) into a store."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from kg.api import loading_store
from kg.cli.options import StoreSpec, store_options
from kg.errors import InputError
from kg.io.triples import iter_triples, read_entities
from kg.model import Triple

# Show a progress bar from this input size up (and only on a terminal).
PROGRESS_BYTES = 4 << 20


@click.command()
@click.argument("triples", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--entities", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="entities.jsonl with full records (names per language, aliases, wikidata).")
@store_options
@click.option("--strict", is_flag=True,
              help="Stop at the first bad line (exit 1) instead of reporting and skipping it.")
@click.option("--batch-size", type=click.IntRange(min=1), default=None,
              help="Triples aggregated and written per transaction (default: the store's, "
                   "20000 embedded, 5000 Neo4j).")
def load(triples: Path, entities: Path | None, store: StoreSpec, strict: bool,
         batch_size: int | None) -> None:
    """Load TRIPLES (JSON Lines, from kg extract) into the store, merging with what it holds.

    Loading is idempotent: the same file twice changes nothing; new articles
    add mentions to existing relations (count, first/last seen, documents).
    Bad lines are reported as FILE:LINE: reason and skipped.
    """
    bad = 0

    def report(err: InputError) -> None:
        nonlocal bad
        bad += 1
        click.echo(str(err), err=True)

    ents = list(read_entities(entities, strict=strict, on_error=report)) if entities else []
    lines: list[int] = []  # input ordinal -> line number, to place the store's own refusals

    # A new embedded store is built beside its place and renamed when complete, so a
    # load killed half-way never leaves a store that looks whole (kg.api.loading_store).
    opener = (loading_store(store.path) if store.backend == "ladybug" and not store.options
              else store.open(create=True))
    with opener as st, _progress(triples) as tick:

        def stream() -> Iterator[Triple]:
            for line_no, t in iter_triples(triples, strict=strict, on_error=report):
                lines.append(line_no)
                if tick is not None and line_no % 500 == 0:
                    tick(line_no)
                yield t

        summary = st.load(stream(), ents,
                          **({"batch_size": batch_size} if batch_size is not None else {}))
    for msg in summary.skipped:
        click.echo(_place(msg, triples, lines), err=True)
    skipped = bad + len(summary.skipped)
    click.echo(
        f"loaded {summary.triples_read - len(summary.skipped)} triples into {store.path}: "
        f"{summary.nodes_created} nodes, {summary.edges_created} edges created, "
        f"{summary.edges_updated} updated, {summary.evidence_added} evidence, "
        f"{summary.articles_added} articles added"
        + (f"; {skipped} skipped" if skipped else "")
    )
    if hasattr(summary, "counters_line"):  # Neo4j: the server's own counters
        click.echo(summary.counters_line())


def _place(msg: str, path: Path, lines: list[int]) -> str:
    """'triple N: reason' from the store as 'FILE:LINE: reason'."""
    head, sep, rest = msg.partition(": ")
    if sep and head.startswith("triple ") and head[7:].isdigit():
        n = int(head[7:])
        if 0 < n <= len(lines):
            return f"{path}:{lines[n - 1]}: {rest}"
    return msg


@contextmanager
def _progress(path: Path) -> Iterator[Callable[[int], None] | None]:
    """A rich progress bar over the lines of a long input, on a terminal only."""
    if os.path.getsize(path) < PROGRESS_BYTES or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    total = None
    if path.suffix != ".gz":
        with path.open("rb") as fh:
            total = sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b""))
    with Progress("[progress.description]{task.description}", BarColumn(),
                  MofNCompleteColumn(), TimeRemainingColumn(),
                  console=Console(stderr=True), transient=True) as prog:
        task = prog.add_task(f"loading {path.name} (lines)", total=total)
        yield lambda line_no: prog.update(task, completed=line_no)
