"""``kg eval``: precision, recall and F1 of extraction against gold triples."""

from __future__ import annotations

import json

import click

from kg.lang import supported


@click.command(name="eval")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.argument("docs_dir", type=click.Path(exists=True, file_okay=False))
@click.option("--show", is_flag=True, help="List every miss and false hit.")
@click.option("--lang", type=click.Choice(supported()), default=None,
              help="Force the language of every document.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def eval_(gold: str, docs_dir: str, show: bool, lang: str | None, as_json: bool) -> None:
    """Score extraction on the articles of DOCS_DIR against GOLD (JSON Lines).

    Matching follows the contract: subject label, predicate and object label
    agree after the gazetteer's aliases are resolved; CALLED, MET,
    IN_CONTACT_WITH, NEGOTIATED_WITH and SIGNED_AGREEMENT_WITH match in either
    direction; `optional` gold triples are neither required nor penalised.
    """
    from kg.eval import evaluate
    from kg.extract.rules import RuleExtractor
    from kg.resolve.gazetteer import load

    gz = load()
    ex = RuleExtractor(gz)
    report = evaluate(gold, docs_dir, lambda a: ex.extract(a)[0], gz, lang=lang)
    if as_json:
        click.echo(json.dumps(report.to_dict(), indent=2))
    else:
        _table("predicate", report.by_predicate)
        _table("language", report.by_lang)
        o = report.overall
        click.echo(f"\noverall   P {o.precision:.3f}  R {o.recall:.3f}  F1 {o.f1:.3f}  "
                   f"(tp {o.tp}, fp {o.fp}, fn {o.fn})")
    if show:
        for doc, t in report.misses:
            click.echo(f"miss   {doc}: {' '.join(t)}")
        for doc, t in report.false_hits:
            click.echo(f"false  {doc}: {' '.join(t)}")


def _table(title: str, rows: dict) -> None:  # type: ignore[type-arg]
    click.echo(f"{title:<24} {'P':>6} {'R':>6} {'F1':>6} {'tp':>4} {'fp':>4} {'fn':>4}")
    for k, c in sorted(rows.items()):
        click.echo(f"{k:<24} {c.precision:6.3f} {c.recall:6.3f} {c.f1:6.3f} "
                   f"{c.tp:4d} {c.fp:4d} {c.fn:4d}")
