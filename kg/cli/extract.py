"""``kg extract``: articles to contract triples (JSON Lines)."""

from __future__ import annotations

import sys

import click

from kg.cli.progress import EXIT_SKIPPED, interruptible, note, progress_bar, report_skip
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
@click.option("--skipped", type=click.Path(dir_okay=False), default=None,
              help="Where to list the skipped inputs, one JSON object a line (default: "
                   "beside OUTPUT, NAME.skipped.jsonl).")
@click.option("--strict", is_flag=True, help="Stop at the first bad input (exit 1).")
@click.option("--resume", is_flag=True,
              help="Continue an interrupted run with the same INPUTS and OUTPUT where it "
                   "stopped (its work is kept in .OUTPUT.kg-work beside OUTPUT).")
@click.option("--extractor", default="rules", show_default=True,
              help="Extractor backend(s) by name; several, comma-separated, merge their triples.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar or summary.")
def extract(inputs: tuple[str, ...], output: str, entities: str | None, lang: str | None,
            jobs: int, skipped: str | None, strict: bool, resume: bool, extractor: str,
            quiet: bool) -> None:
    """Extract entity-relation triples from articles.

    INPUTS are .txt/.md/.html files, .jsonl files (one article a line: text, and
    optionally id, title, date, url, lang), folders (read recursively) or '-'
    for standard input. Every triple carries its evidence: document id,
    language, sentence and character offsets into the document as read.

    Bad inputs (empty, binary, not text in any encoding kg reads, broken JSON
    Lines, HTML without text, files that are not articles) are named on
    stderr as FILE[:LINE]: reason, listed in the --skipped file, and the
    rest is read.

    \b
    An interrupted run (Ctrl-C, kill, crash) keeps its work beside OUTPUT,
    in .OUTPUT.kg-work; run the same command with --resume to go on from
    there (no document twice, none lost). Without --resume a run starts
    over. OUTPUT appears only when the run is done, atomically.

    \b
    Exit status:
      0    every input was read
      3    the run finished, but some inputs were skipped (see --skipped)
      1    an error (with --strict: the first bad input)
      130  interrupted by Ctrl-C; rerun with --resume
    """
    from kg.pipeline import extract_to_files

    with interruptible(), progress_bar(not quiet) as prog:
        summary = extract_to_files(inputs, output, entities_path=entities, lang=lang,
                                   jobs=jobs, strict=strict, on_skip=report_skip,
                                   on_note=None if quiet else note, progress=prog,
                                   resume=resume, skipped_path=skipped,
                                   extractor=extractor)
    if not quiet:
        note(summary.line())
    if summary.incomplete:
        sys.exit(EXIT_SKIPPED)
