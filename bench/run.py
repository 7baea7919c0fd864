"""``python -m bench [--quick] [--json FILE]``: every stage, one table, the figures as JSON.

The quick run (about two minutes on two cores) measures each stage at a
small size; the full run (under 30 minutes) adds the 10k and 100k corpora,
the store at about 1M relationships and the larger exports. Each stage runs
in a child process; a stage that fails is reported and the others go on.
"""

from __future__ import annotations

import argparse
import datetime as dt
import subprocess
import sys
import time
from dataclasses import dataclass, field
from typing import Any

from bench import report
from bench.common import RESULTS, ROOT, WORK, StageError, machine, run_child

STAGES = ("corpus", "extract", "spacy", "load", "queries", "exports", "html", "profile")


@dataclass
class Plan:
    """Sizes for one run."""

    mode: str
    seed: int = 7
    corpora: tuple[int, ...] = (1000,)
    extract_size: int = 1000  # the 1-core and --jobs 2 runs
    checkpoints: tuple[int, ...] = (125, 250, 500, 1000)
    big_size: int | None = None  # a --jobs 2 run over the largest corpus (full run)
    big_checkpoints: tuple[int, ...] = ()
    recall_docs: int = 300
    load_articles: int = 1000  # the bulk load and its COPY baseline
    load_days: int = 1
    query_target: int = 30_000
    query_runs: int = 10
    query_budget_s: float = 1.5
    export_articles: int = 300
    html_sizes: tuple[int, ...] = (500, 5000)
    profile_docs: int = 200
    profile_load_articles: int = 300
    notes: list[str] = field(default_factory=list)


def plan_for(quick: bool, seed: int) -> Plan:
    if quick:
        return Plan("quick", seed, notes=[
            "quick run: 1k articles, store of 30k relationships; the full run measures 10k/100k "
            "articles and about 1M relationships"])
    return Plan("full", seed, corpora=(1000, 10_000, 100_000), extract_size=10_000,
                checkpoints=(1000, 2500, 5000, 10_000), big_size=100_000,
                big_checkpoints=(1000, 10_000, 100_000), recall_docs=2000,
                load_articles=30_000, load_days=3, query_target=1_000_000, query_runs=30,
                query_budget_s=8.0,
                export_articles=10_000, profile_docs=2000, profile_load_articles=2000)


def corpus_dir(n: int, seed: int) -> str:
    label = f"{n // 1000}k" if n % 1000 == 0 else str(n)
    return str(WORK / f"corpus-s{seed}-{label}")


def log(msg: str) -> None:
    print(f"[bench] {msg}", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="small sizes: about two minutes")
    ap.add_argument("--json", metavar="FILE", help="write the figures here (default: "
                    "bench/results/bench-{quick,full}.json)")
    ap.add_argument("--markdown", metavar="FILE", help="also write the tables as Markdown")
    ap.add_argument("--only", metavar="STAGES", help=f"comma-separated subset of {STAGES}")
    ap.add_argument("--seed", type=int, default=7, help="corpus seed (default 7)")
    args = ap.parse_args(argv)
    only = set(args.only.split(",")) if args.only else set(STAGES)
    unknown = only - set(STAGES)
    if unknown:
        ap.error(f"unknown stage(s) {', '.join(sorted(unknown))}; known: {', '.join(STAGES)}")
    plan = plan_for(args.quick, args.seed)
    t_start = time.perf_counter()
    started = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    res: dict[str, Any] = {}
    errors: dict[str, str] = {}

    def stage(key: str, func: str, params: dict[str, Any], what: str) -> dict[str, Any] | None:
        log(f"{what} ...")
        t0 = time.perf_counter()
        try:
            out = run_child(func, params)
        except StageError as e:
            errors[key] = str(e)
            log(f"{what}: FAILED\n{e}")
            return None
        res[key] = out
        log(f"{what}: {time.perf_counter() - t0:.1f} s")
        return out

    if only & {"corpus", "extract", "spacy", "profile"}:
        res["corpora"] = {}
        for n in plan.corpora:
            m = stage(f"corpus_{n}", "corpus:run_write",
                      {"n": n, "seed": plan.seed, "out": corpus_dir(n, plan.seed)},
                      f"corpus of {n:,} articles")
            if m:
                res["corpora"][str(n)] = res.pop(f"corpus_{n}")
    ext = corpus_dir(plan.extract_size, plan.seed)
    if "extract" in only:
        stage("extract_1", "extraction:run_extract",
              {"corpus": ext, "jobs": 1, "checkpoints": plan.checkpoints,
               "recall_docs": plan.recall_docs, "seed": plan.seed},
              f"extraction, 1 core, {plan.extract_size:,} articles")
        stage("extract_2", "extraction:run_extract", {"corpus": ext, "jobs": 2},
              f"extraction, --jobs 2, {plan.extract_size:,} articles")
        if plan.big_size:
            stage("extract_big", "extraction:run_extract",
                  {"corpus": corpus_dir(plan.big_size, plan.seed), "jobs": 2,
                   "checkpoints": plan.big_checkpoints},
                  f"extraction, --jobs 2, {plan.big_size:,} articles")
    if "spacy" in only:
        stage("spacy", "extraction:run_spacy", {"corpus": ext},
              f"spaCy blank tokenizer, {plan.extract_size:,} articles")
    if "load" in only:
        stage("load", "store:run_load", {"seed": plan.seed, "articles": plan.load_articles,
                                         "days": plan.load_days},
              f"bulk load of {plan.load_articles:,} articles, COPY, {plan.load_days} new days")
    if "queries" in only:
        qpath = str(WORK / f"query-store-{plan.query_target}")
        built = stage("query_store", "store:run_build_query_store",
                      {"seed": plan.seed, "target": plan.query_target, "path": qpath},
                      f"query store of {plan.query_target:,} relationships")
        if built:
            stage("queries", "store:run_queries", {"path": qpath, "runs": plan.query_runs,
                                                   "budget_s": plan.query_budget_s},
                  f"named queries and 2-hop, {plan.query_runs} runs each")
            stage("incremental", "store:run_incremental",
                  {"path": qpath, "start": built["articles"], "seed": plan.seed,
                   "days": plan.load_days},
                  f"{plan.load_days} new days into the store of "
                  f"{built['relationships']:,} relationships")
    if "exports" in only:
        stage("exports", "exports:run_exports", {"seed": plan.seed,
                                                 "articles": plan.export_articles},
              f"Turtle, Parquet and rdflib, {plan.export_articles:,} articles")
    if "html" in only:
        stage("html", "exports:run_html", {"sizes": plan.html_sizes, "seed": plan.seed},
              f"HTML views of {', '.join(map(str, plan.html_sizes))} nodes")
    if "profile" in only:
        res["profiles"] = {}
        p = stage("profile_extract", "profiles:run_profile_extract",
                  {"corpus": ext, "documents": plan.profile_docs},
                  f"profile of extraction, {plan.profile_docs} articles")
        if p:
            res["profiles"]["extract"] = res.pop("profile_extract")
        p = stage("profile_load", "profiles:run_profile_load",
                  {"seed": plan.seed, "articles": plan.profile_load_articles},
                  f"profile of loading, {plan.profile_load_articles} articles + a day")
        if p:
            got = res.pop("profile_load")
            res["profiles"]["load-bulk"] = got["bulk"]
            res["profiles"]["load-incremental"] = got["incremental"]

    seconds = time.perf_counter() - t_start
    tgts = report.targets(res)
    meta = {"mode": plan.mode, "command": "python -m bench" + (" --quick" if args.quick else "")
            + (f" --only {args.only}" if args.only else ""),
            "started": started, "seconds": round(seconds, 1), "seed": plan.seed,
            "commit": _commit(), "machine": machine(), "plan": plan.__dict__}
    print(report.table(res, tgts, errors))
    print(report.hot_spot_lines(res))
    print(f"\n{plan.mode} run: {seconds:.0f} s; " + " ".join(plan.notes))
    out = args.json or str(RESULTS / f"bench-{plan.mode}.json")
    from pathlib import Path

    report.write_json(Path(out), {"meta": meta, "targets": tgts, "errors": errors,
                                  "results": res})
    log(f"figures written to {out}")
    if args.markdown:
        Path(args.markdown).write_text(report.markdown(res, tgts, meta), encoding="utf-8")
        log(f"tables written to {args.markdown}")
    return 1 if errors else 0


def _commit() -> str:
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, text=True,
                              capture_output=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                               cwd=ROOT, text=True, capture_output=True, timeout=10).stdout
        return head + ("+changes" if dirty.strip() else "")
    except (OSError, subprocess.SubprocessError):
        return "?"
