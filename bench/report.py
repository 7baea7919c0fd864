"""The report: figures as a table (ratios first), targets checked, JSON and Markdown out."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any


def get(d: Any, path: str) -> Any:
    """``get(results, "load.bulk.seconds")``; None where any step is missing."""
    for part in path.split("."):
        if not isinstance(d, dict) or part not in d:
            return None
        d = d[part]
    return d


@dataclass(frozen=True)
class Target:
    """One target of issue 5: a figure, a bound, and what the bound means."""

    name: str
    path: str | Callable[[dict[str, Any]], Any]
    op: str  # ">=" or "<="
    bound: float
    unit: str
    note: str = ""

    def value(self, res: dict[str, Any]) -> Any:
        return self.path(res) if callable(self.path) else get(res, self.path)

    def check(self, res: dict[str, Any]) -> dict[str, Any]:
        v = self.value(res)
        if v is None:
            status = "not measured"
        elif self.op == ">=":
            status = "met" if v >= self.bound else "MISSED"
        else:
            status = "met" if v <= self.bound else "MISSED"
        return {"target": self.name, "value": v, "bound": f"{self.op} {self.bound:g} {self.unit}",
                "status": status, "note": self.note}


def _worst_named(res: dict[str, Any]) -> float | None:
    named = get(res, "queries.named") or {}
    vals = [q["median_ms"] for q in named.values() if q.get("median_ms") is not None]
    return max(vals) if vals else None


def _biggest_extract(res: dict[str, Any]) -> dict[str, Any] | None:
    runs = [v for k, v in res.items() if k.startswith("extract_") and isinstance(v, dict)
            and "documents" in v]
    return max(runs, key=lambda v: v["documents"]) if runs else None


def _peak_mb(res: dict[str, Any]) -> float | None:
    big = _biggest_extract(res)
    return big.get("_peak_rss_mb") if big else None


def _scaling(res: dict[str, Any]) -> float | None:
    big = _biggest_extract(res)
    return big.get("scaling_exponent") if big else None


def _speedup(res: dict[str, Any]) -> float | None:
    one, two = get(res, "extract_1.docs_per_s"), get(res, "extract_2.docs_per_s")
    return round(two / one, 2) if one and two else None


TARGETS = [
    Target("extraction on one core", "extract_1.mb_per_s", ">=", 1.0, "MB/s",
           "goal beyond: 5 MB/s"),
    Target("--jobs 2 over one core", _speedup, ">=", 1.7, "x"),
    Target("bulk load over the engine's COPY of the same rows", "load.bulk_vs_copy", "<=", 2.0,
           "x"),
    Target("incremental load (a new day into the query store)", "incremental.triples_per_s",
           ">=", 10_000, "triples/s"),
    Target("slowest named query, median", _worst_named, "<=", 100, "ms",
           "at the relationships of the query store (about 1M in the full run)"),
    Target("peak memory of the largest extraction run", _peak_mb, "<=", 2048, "MB",
           "the target is for 100k articles (full run)"),
    Target("scaling exponent of extraction time", _scaling, "<=", 1.1, ""),
]


def targets(res: dict[str, Any]) -> list[dict[str, Any]]:
    return [t.check(res) for t in TARGETS]


# -- the table -----------------------------------------------------------------------------------
def _fmt(v: Any, unit: str = "") -> str:
    if v is None:
        return "-"
    if isinstance(v, float):
        s = f"{v:,.0f}" if abs(v) >= 1000 else f"{v:.3g}" if abs(v) < 10 else f"{v:,.1f}"
    elif isinstance(v, int):
        s = f"{v:,}"
    else:
        s = str(v)
    return f"{s} {unit}".strip()


def rows(res: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(section, figure, value) rows, ratios first."""
    out: list[tuple[str, str, str]] = []

    def add(section: str, name: str, v: Any, unit: str = "") -> None:
        out.append((section, name, _fmt(v, unit)))

    one, two = res.get("extract_1") or {}, res.get("extract_2") or {}
    sp = res.get("spacy") or {}
    S = "ratios"
    if sp.get("mb_per_s") and one.get("mb_per_s"):
        add(S, "spaCy blank tokenizer MB/s over kg extraction MB/s (1 core)",
            round(sp["mb_per_s"] / one["mb_per_s"], 1), "x")
    elif sp.get("skipped"):
        add(S, "spaCy blank tokenizer", sp["skipped"])
    add(S, "--jobs 2 docs/s over 1 core", _speedup(res), "x")
    add(S, "bulk load time over engine COPY of the same rows", get(res, "load.bulk_vs_copy"), "x")
    add(S, "rdflib build+serialize over kg Turtle export",
        get(res, "exports.rdflib.serialize_over_kg"), "x")
    add(S, "rdflib parse of kg's Turtle over kg Turtle export",
        get(res, "exports.rdflib.parse_over_kg_export"), "x")
    add(S, "networkx 2-hop time over store 2-hop time (faster form, median of 3 entities)",
        get(res, "queries.two_hop.networkx_over_store"), "x")

    S = "extraction"
    for label, run in (("1 core", one), ("--jobs 2", two)):
        if run:
            add(S, f"{label}: corpus", f"{run['documents']:,} articles, {run['mb']} MB")
            add(S, f"{label}: documents/s", run.get("docs_per_s"))
            add(S, f"{label}: MB/s", run.get("mb_per_s"))
            add(S, f"{label}: start-up (first {run.get('warm_documents')} documents)",
                run.get("warm_s"), "s")
            if run.get("_cpu_s"):
                add(S, f"{label}: MB per CPU-second (whole run, all processes)",
                    round(run["mb"] / run["_cpu_s"], 3))
            add(S, f"{label}: peak RSS", run.get("_peak_rss_mb"), "MB")
            add(S, f"{label}: machine load average before / after", "/".join(
                _fmt(x) for x in run.get("_load_avg") or ()))
    big = res.get("extract_big") or {}
    if big:
        add(S, "--jobs 2 large run: corpus", f"{big['documents']:,} articles, {big['mb']} MB")
        add(S, "--jobs 2 large run: MB/s", big.get("mb_per_s"))
        add(S, "--jobs 2 large run: peak RSS", big.get("_peak_rss_mb"), "MB")
    sc = _biggest_extract(res)
    if sc:
        pts = ", ".join(f"{c['documents']:,}: {c['seconds']} s" for c in sc.get("checkpoints", []))
        add(S, "scaling exponent (time ~ n^k)", sc.get("scaling_exponent"))
        add(S, "scaling checkpoints", pts or "-")
    for lang, v in (one.get("by_lang") or {}).items():
        sp_l = get(sp, f"by_lang.{lang}.mb_per_s")
        add(S, f"1 core, {lang}: MB/s (spaCy tokenizer)",
            f"{_fmt(v.get('mb_per_s'))} ({_fmt(sp_l)})")
    ag = one.get("agreement")
    if ag:
        add(S, "generator facts found by the extractor",
            f"{ag['found']:.0%} of {ag['facts']:,} in {ag['articles']:,} articles")

    S = "store"
    ld = res.get("load") or {}
    if ld:
        add(S, "bulk load", f"{_fmt(get(ld, 'bulk.triples_per_s'))} triples/s "
            f"({ld['triples']:,} triples, {_fmt(get(ld, 'bulk.seconds'))} s)")
        add(S, "engine COPY of the same rows", f"{_fmt(get(ld, 'copy.relationships_per_s'))} "
            f"relationships/s, {_fmt(get(ld, 'copy.triples_per_s'))} triples/s")
        add(S, "incremental into that store (a day: "
            f"{get(ld, 'incremental.per_day_articles')} articles), median of days",
            get(ld, "incremental.triples_per_s"), "triples/s")
        add(S, "load peak RSS", ld.get("_peak_rss_mb"), "MB")
    inc = res.get("incremental") or {}
    if inc:
        add(S, f"incremental into the query store (a day: {inc['per_day_articles']} articles)",
            f"{_fmt(inc.get('triples_per_s'))} triples/s (median of {len(inc['days'])} days; "
            + ", ".join(f"{d['triples']} triples in {d['seconds']} s" for d in inc["days"])
            + ")")
    qs = res.get("query_store") or {}
    if qs:
        add(S, "query store", f"{qs['relationships']:,} relationships, {qs['evidence']:,} "
            f"evidence, {qs['articles']:,} articles" + (" (cached)" if qs.get("cached") else ""))
        if not qs.get("cached"):
            add(S, "query store COPY", qs.get("copy_relationships_per_s"), "relationships/s")
    q = res.get("queries") or {}
    if q.get("named_note"):
        add(S, "named queries", q["named_note"])
    for name, v in (q.get("named") or {}).items():
        val = (f"{_fmt(v.get('median_ms'))} / {_fmt(v.get('p95_ms'))} ms, {v.get('rows')} rows"
               + (f" ERROR {v['error']}" if v.get("error") else ""))
        add(S, f"query {name} (median / p95)", val)
    if get(q, "two_hop.networkx_build_s") is not None:
        add(S, "networkx graph of the same relationships (build, memory)",
            f"{get(q, 'two_hop.networkx_build_s')} s, "
            f"{_fmt(get(q, 'two_hop.networkx_rss_grew_mb'))} MB")
    for role, v in (get(q, "two_hop.entities") or {}).items():
        def form(f: str, v: dict[str, Any] = v) -> str:
            if get(v, f"{f}.error"):
                return "failed (" + get(v, f"{f}.error")[:60] + ")"
            return _fmt(get(v, f"{f}.median_ms"))

        add(S, f"2-hop {role} (degree {v['degree']}): store [*1..2] / two steps / networkx",
            f"{form('variable_length')} / {form('two_steps')} / "
            f"{_fmt(v['networkx_median_ms'])} ms, {v['networkx_results']} entities")

    S = "export & view"
    ex = res.get("exports") or {}
    if ex:
        add(S, "graph exported", f"{ex['nodes']:,} nodes, {ex['edges']:,} edges")
        add(S, "Turtle", f"{_fmt(get(ex, 'turtle.edges_per_s'))} edges/s, "
            f"{_fmt(get(ex, 'turtle.rdf_triples_per_s'))} RDF triples/s, "
            f"{_fmt(get(ex, 'turtle.mb_per_s'))} MB/s")
        add(S, "Parquet", f"{_fmt(get(ex, 'parquet.edges_per_s'))} edges/s, "
            f"{_fmt(get(ex, 'parquet.rows_per_s'))} rows/s")
        if ex.get("rdflib"):
            add(S, "rdflib build / serialize / parse", f"{ex['rdflib']['build_s']} / "
                f"{ex['rdflib']['serialize_s']} / {ex['rdflib']['parse_s']} s")
    for n, v in (res.get("html") or {}).items():
        if isinstance(v, dict) and "seconds" in v:
            add(S, f"HTML view, {n} nodes", f"{v['seconds']} s (layout {v['layout_s']} s), "
                f"{v['mb']} MB")
    return out


def table(res: dict[str, Any], tgts: list[dict[str, Any]], errors: dict[str, str]) -> str:
    """The plain-text table printed at the end of a run."""
    lines = []
    data = rows(res)
    w = max((len(n) for _, n, _ in data), default=20)
    section = None
    for sec, name, val in data:
        if sec != section:
            lines.append(f"\n== {sec} " + "=" * max(0, w + 20 - len(sec)))
            section = sec
        lines.append(f"  {name:<{w}}  {val}")
    lines.append("\n== targets " + "=" * (w + 12))
    for t in tgts:
        lines.append(f"  [{t['status']:>12}] {t['target']}: {_fmt(t['value'])} ({t['bound']})"
                     + (f"; {t['note']}" if t["note"] else ""))
    for stage, msg in errors.items():
        lines.append(f"  [stage failed] {stage}: {msg.splitlines()[-1][:300]}")
    return "\n".join(lines)


def markdown(res: dict[str, Any], tgts: list[dict[str, Any]], meta: dict[str, Any]) -> str:
    """The same figures as Markdown tables (for docs/performance.md)."""
    out = [f"Command: `{meta['command']}` ({meta['mode']} run, {meta['seconds']:.0f} s), "
           f"kg {meta.get('commit', '?')}, {meta['started']}.",
           f"Machine: {meta['machine']['cpu']}, {meta['machine']['cores']} cores, "
           f"{meta['machine']['memory_gb']} GB, Python {meta['machine']['python']}, "
           f"load average {_fmt(meta['machine']['load_avg_1m'])} at start.", ""]
    section = None
    for sec, name, val in rows(res):
        if sec != section:
            out += ["", f"**{sec}**", "", "| figure | value |", "| --- | --- |"]
            section = sec
        out.append(f"| {name} | {val} |")
    out += ["", "**targets**", "", "| target | measured | bound | status |",
            "| --- | --- | --- | --- |"]
    for t in tgts:
        out.append(f"| {t['target']} | {_fmt(t['value'])} | {t['bound']} | {t['status']} |")
    return "\n".join(out) + "\n"


def hot_spot_lines(res: dict[str, Any], top: int = 6) -> str:
    """The kg functions that took the most time in each profile."""
    lines = []
    prof = res.get("profiles") or {}
    for name, p in prof.items():
        if not isinstance(p, dict) or "kg_total" not in p:
            continue
        lines.append(f"\n-- profile {name} ({p['seconds']} s; {', '.join(p['files'])})")
        for row in p["kg_total"][:top]:
            lines.append(f"   {row['share']:6.1%}  {row['where']}")
        lines.append("   own time:")
        for row in p["self"][:top]:
            lines.append(f"   {row['share']:6.1%}  {row['where']}")
    return "\n".join(lines)


def write_json(path: Path, payload: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
