"""``kg extract``: articles to contract triples (JSON Lines)."""

from __future__ import annotations

import sys

import click

from kg.cli.progress import EXIT_SKIPPED, note, progress_bar
from kg.ingest import Skipped
from kg.lang import supported


@click.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", "output", required=True, type=click.Path(dir_okay=False),
              help="Where to write the triples (JSON Lines, one triple a line).")
@click.option("--entities", type=click.Path(dir_okay=False), default=None,
              help="Also write one line per entity seen.")
@click.option("--lang", type=click.Choice(supported()), default=None,
              help="Language of every input (default: identified per document).")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Worker processes.")
@click.option("--strict", is_flag=True, help="Stop at the first bad input (exit 1).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar or summary.")
def extract(inputs: tuple[str, ...], output: str, entities: str | None, lang: str | None,
            jobs: int, strict: bool, quiet: bool) -> None:
    """Extract entity-relation triples from articles.

    INPUTS are .txt/.md/.html files, .jsonl files (one article a line: text, and
    optionally id, title, date, url, lang), folders (read recursively) or '-'
    for standard input. Every triple carries its evidence: document id,
    language, sentence and character offsets into the document as read.

    Bad inputs are reported as FILE[:LINE]: reason and skipped; the exit
    status is then 3 (0 when every input was read).
    """
    from kg.pipeline import extract_to_files

    def on_skip(s: Skipped) -> None:
        note(f"skipped {s}")

    with progress_bar(not quiet) as prog:
        summary, *_ = extract_to_files(inputs, output, entities_path=entities, lang=lang,
                                       jobs=jobs, strict=strict, on_skip=on_skip,
                                       on_note=None if quiet else note, progress=prog)
    if not quiet:
        note(summary.line())
    if summary.skipped or summary.failed:
        sys.exit(EXIT_SKIPPED)
