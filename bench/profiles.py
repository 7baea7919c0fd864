"""Profiles of the hot paths (pyinstrument), saved under bench/results/profiles/.

Each profile is written as HTML (open in a browser) and text, and boiled
down to the functions with the largest own time and the kg functions with
the largest total time, with file:line, for the report.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from bench.common import PROFILES, ROOT, WORK, r


def _short(path: str | None) -> str:
    if not path:
        return "?"
    p = Path(path)
    parts = p.parts
    if "site-packages" in parts:
        return "/".join(parts[parts.index("site-packages") + 1:])
    import kg

    for root in (ROOT, Path(kg.__file__).resolve().parents[1]):  # kg may be installed elsewhere
        try:
            return str(p.resolve().relative_to(root))
        except ValueError:
            continue
    return str(p)


def hot_spots(session: Any, top: int = 12) -> dict[str, Any]:
    """Own time by function, and total time of kg's own functions (outermost call counted)."""
    root = session.root_frame()
    if root is None:
        return {"self": [], "kg_total": [], "seconds": 0.0}
    total = root.time or 1e-9
    own: dict[str, float] = {}
    incl: dict[str, float] = {}

    def name(frame: Any) -> str:
        return f"{_short(frame.file_path)}:{frame.line_no} {frame.function}"

    def walk(frame: Any, active: frozenset[str]) -> None:
        if frame.is_synthetic:  # "[self]" and hidden-frame groups: time of the parent itself
            owner = name(frame.parent) if frame.parent is not None else "?"
            own[owner] = own.get(owner, 0.0) + frame.time
            return
        ident = name(frame)
        if not frame.children:
            own[ident] = own.get(ident, 0.0) + frame.time
        if ident.startswith("kg/") and ident not in active:
            incl[ident] = incl.get(ident, 0.0) + frame.time
            active = active | {ident}
        for child in frame.children:
            walk(child, active)

    walk(root, frozenset())

    def rows(d: dict[str, float]) -> list[dict[str, Any]]:
        return [{"where": k, "seconds": r(v, 3), "share": r(v / total, 3)}
                for k, v in sorted(d.items(), key=lambda kv: -kv[1])[:top]]

    return {"seconds": r(total, 3), "self": rows(own), "kg_total": rows(incl)}


def _save(profiler: Any, name: str) -> dict[str, Any]:
    PROFILES.mkdir(parents=True, exist_ok=True)
    (PROFILES / f"{name}.html").write_text(profiler.output_html(), encoding="utf-8")
    (PROFILES / f"{name}.txt").write_text(
        profiler.output_text(unicode=True, color=False, show_all=False), encoding="utf-8")
    out = hot_spots(profiler.last_session)
    out["files"] = [_short(str(PROFILES / f"{name}.{ext}")) for ext in ("html", "txt")]
    return out


def run_profile_extract(p: dict[str, Any]) -> dict[str, Any]:
    """Params: corpus, documents. One core, after warm-up, ingest included."""
    from itertools import islice

    from pyinstrument import Profiler

    from kg.ingest import read_articles
    from kg.pipeline import extract_stream

    arts = list(islice(read_articles([p["corpus"]]), int(p["documents"])))
    warm = {a.lang: a for a in reversed(arts)}  # one article of each language
    list(extract_stream(warm.values()))  # gazetteer and matchers compiled outside the profile
    prof = Profiler(interval=0.001)
    prof.start()
    for _ in extract_stream(arts):
        pass
    prof.stop()
    return _save(prof, "extract")


def run_profile_load(p: dict[str, Any]) -> dict[str, Any]:
    """Params: seed, articles, per_day. A bulk load, then one new day into it."""
    from pyinstrument import Profiler

    from bench.store import _batch
    from kg.api import open_store

    seed, n = int(p["seed"]), int(p["articles"])
    path = WORK / "profile-store"
    shutil.rmtree(path, ignore_errors=True)
    triples, ents, arts = _batch(seed, 0, n)
    prof = Profiler(interval=0.001)
    prof.start()
    with open_store(path, create=True) as st:
        st.load(triples, ents, arts)
    prof.stop()
    bulk = _save(prof, "load-bulk")
    day = _batch(seed, n, int(p.get("per_day", 250)))
    prof = Profiler(interval=0.001)
    prof.start()
    with open_store(path, create=False) as st:
        st.load(*day)
    prof.stop()
    incr = _save(prof, "load-incremental")
    shutil.rmtree(path, ignore_errors=True)
    return {"bulk": bulk, "incremental": incr}
