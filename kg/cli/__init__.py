"""The ``kg`` command line: thin click commands over the library.

Each command lives in its own module of this package and is imported only
when it runs (or when help is shown), so ``kg --help`` stays fast. Errors
become messages here, in one place: a :class:`~kg.errors.KgError` prints its
message (no traceback) and exits with its ``exit_code``.
"""

from __future__ import annotations

import importlib
import sys

import click

from kg.errors import KgError

# name -> "module:function"; adding a command is one line here and one module.
COMMANDS: dict[str, str] = {
    "build": "kg.cli.build:build",
    "extract": "kg.cli.extract:extract",
    "eval": "kg.cli.eval:eval_",
    "load": "kg.cli.load:load",
    "query": "kg.cli.query:query",
    "export": "kg.cli.export:export",
    "viz": "kg.cli.viz:viz",
    "stats": "kg.cli.stats:stats",
    "analyze": "kg.cli.analyze:analyze",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module, _, attr = target.partition(":")
        return getattr(importlib.import_module(module), attr)

    def invoke(self, ctx: click.Context):  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except KgError as e:
            click.echo(f"kg: error: {e}", err=True)
            sys.exit(e.exit_code)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kg")
def main() -> None:
    """Build a knowledge graph of geopolitical relations from news articles.

    Typical run: kg build articles/ -o out/  (extract, load the embedded
    store, write triples.jsonl, entities.jsonl, graph.html and graph.ttl).
    """
