"""``kg build``: the whole pipeline, from articles to a store, triples, RDF and a view."""

from __future__ import annotations

import sys
from typing import Any

import click

from kg.cli.options import neo4j_options
from kg.cli.progress import EXIT_SKIPPED, interruptible, note, progress_bar, report_skip
from kg.lang import supported


@click.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--out", "outdir", required=True, type=click.Path(file_okay=False),
              help="Output folder: triples.jsonl, entities.jsonl, skipped.jsonl, graph.ttl, "
                   "graph.html (and store/ unless --store is given).")
@click.option("--store", type=click.Path(file_okay=False), default=None,
              help="Embedded store folder to create or add to (default: OUTDIR/store).")
@click.option("--lang", type=click.Choice(supported()), default=None,
              help="Language of every input (default: identified per document).")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Worker processes for extraction.")
@click.option("--max-nodes", type=click.IntRange(10, 50000), default=2000, show_default=True,
              help="Cap on the nodes drawn in graph.html (the most connected are kept).")
@click.option("--strict", is_flag=True, help="Stop at the first bad input (exit 1).")
@click.option("--resume", is_flag=True,
              help="Continue an interrupted build of the same INPUTS into OUTDIR where it "
                   "stopped (its work is kept in OUTDIR/.kg-work).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar or summary.")
@neo4j_options
def build(inputs: tuple[str, ...], outdir: str, store: str | None, lang: str | None,
          jobs: int, max_nodes: int, strict: bool, resume: bool, quiet: bool,
          neo4j: dict[str, Any] | None) -> None:
    """Build a knowledge graph from articles: extract, load, export and draw.

    Reads INPUTS like `kg extract`, loads the triples into the embedded store
    (idempotently: building twice over the same articles changes nothing),
    and writes the triples, the entities, the skipped inputs, the graph as
    Turtle and an offline HTML view into OUTDIR.

    Bad inputs (empty, binary, not text in any encoding kg reads, broken JSON
    Lines, HTML without text, files that are not articles) are named on
    stderr as FILE[:LINE]: reason, listed in OUTDIR/skipped.jsonl, and the
    rest is read.

    \b
    An interrupted build (Ctrl-C, kill, crash) keeps its work in
    OUTDIR/.kg-work; run the same command with --resume to go on from
    there (no document twice, none lost). Without --resume a build starts
    over. The outputs appear only when the build is done, each atomically.

    \b
    Exit status:
      0    every input was read
      3    the build finished, but some inputs were skipped (OUTDIR/skipped.jsonl)
      1    an error (with --strict: the first bad input)
      130  interrupted by Ctrl-C; rerun with --resume
    """
    from kg.pipeline import build as run_build

    with interruptible(), progress_bar(not quiet) as prog:
        summary = run_build(list(inputs), outdir, store=store, lang=lang, jobs=jobs,
                            strict=strict, on_skip=report_skip,
                            on_note=None if quiet else note, progress=prog,
                            max_nodes=max_nodes, resume=resume, neo4j=neo4j)
    if not quiet:
        note(summary.line())
        for name, path in summary.outputs.items():
            note(f"wrote {name}: {path}")
    if summary.incomplete:
        sys.exit(EXIT_SKIPPED)
