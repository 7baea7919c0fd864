"""Progress bars and the end-of-run summary, on stderr so stdout stays clean for data."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import click

# Exit statuses of the commands that read inputs (documented in `kg --help` and the README).
EXIT_OK = 0
EXIT_ERROR = 1
EXIT_SKIPPED = 3  # the run finished, but some inputs were skipped (listed in skipped.jsonl)
EXIT_INTERRUPTED = 130  # Ctrl-C (128 + SIGINT): the work is kept, rerun with --resume


@contextmanager
def progress_bar(enabled: bool = True) -> Iterator[Callable[[int, int], None]]:
    """A live count of documents and megabytes, shown only on a terminal."""
    if not enabled or not sys.stderr.isatty():
        yield lambda docs, nbytes: None
        return
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                  transient=True, console=_console()) as prog:
        task = prog.add_task("extracting", total=None)

        def update(docs: int, nbytes: int) -> None:
            if docs % 10 == 0 or docs < 10:
                prog.update(task, description=f"extracting: {docs} documents, "
                                              f"{nbytes / 1e6:.1f} MB")

        yield update


def _console():  # type: ignore[no-untyped-def]
    from rich.console import Console

    return Console(stderr=True)


def note(msg: str) -> None:
    click.echo(f"kg: {msg}", err=True)


def report_skip(s: object) -> None:
    """Name one skipped input on stderr, as FILE[:LINE]: reason."""
    note(f"skipped {s}")


@contextmanager
def interruptible() -> Iterator[None]:
    """Ctrl-C ends a long command with status 130 and says how to go on: the work done
    is kept for --resume."""
    try:
        yield
    except KeyboardInterrupt:
        note("interrupted; the work done so far is kept: rerun the same command with "
             "--resume to continue")
        sys.exit(EXIT_INTERRUPTED)
