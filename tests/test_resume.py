"""Interrupted runs resume without duplicates or losses; a killed load leaves a usable store.

Real ``kg extract`` / ``kg build`` processes are killed (SIGKILL, SIGINT) in
the middle of a generated input of a couple of thousand small articles, then
rerun with ``--resume``; their outputs must equal an uninterrupted run's,
byte for byte. A real ``kg load`` is killed in the middle of its batches;
the store must open, hold only whole batches, and a reload must give the
counts of a clean load. The journal itself is tested in-process.
"""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kg.journal import Journal, JournalError, work_dir_for

ROOT = Path(__file__).resolve().parents[1]
KG = [sys.executable, "-m", "kg"]
N_FEED = 800
N_FILES = 60

LEADERS = [
    ("Russian President Vladimir Putin", "Putin"), ("French President Emmanuel Macron", "Macron"),
    ("US President Joe Biden", "Biden"), ("Chinese President Xi Jinping", "Xi"),
    ("Turkish President Recep Tayyip Erdogan", "Erdogan"),
    ("German Chancellor Olaf Scholz", "Scholz"), ("Indian Prime Minister Narendra Modi", "Modi"),
]
PLACES = ["Moscow", "Paris", "Beijing", "Ankara", "Berlin", "Kyiv", "New Delhi"]
VERBS = ["held a phone call with", "met", "criticised", "thanked"]


def article(rng: random.Random, i: int) -> str:
    (a, _), (b, short) = rng.sample(LEADERS, 2)
    return (f"{a} {rng.choice(VERBS)} {b} in {rng.choice(PLACES)} on "
            f"{rng.choice(['Monday', 'Tuesday', 'Friday'])}, officials said. {short} "
            f"spoke about trade and security. Report number {i}.")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A feed of small articles, a folder of small files, and two bad inputs."""
    root = tmp_path_factory.mktemp("corpus") / "in"
    root.mkdir()
    rng = random.Random(6)
    lines = [json.dumps({"id": f"feed-{i}", "text": article(rng, i), "lang": "en",
                         "date": f"2023-03-{i % 28 + 1:02d}"}) for i in range(N_FEED)]
    lines.insert(300, '{"id": "broken", "text": ')
    (root / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for i in range(N_FILES):
        (root / f"file-{i:04d}.txt").write_text(article(rng, N_FEED + i), encoding="utf-8")
    (root / "file-0100-empty.txt").write_bytes(b"")
    return root


def kg(*args: str, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*KG, *args], capture_output=True, text=True, timeout=timeout,
                          cwd=ROOT)


def interrupt(args: list[str], when: Callable[[], bool], sig: int,
              timeout: float = 120) -> tuple[int, str]:
    """Start a real kg process, send ``sig`` once ``when()`` holds; (exit status, stderr)."""
    proc = subprocess.Popen([*KG, *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True, cwd=ROOT)
    deadline = time.monotonic() + timeout
    try:
        while not when():
            if proc.poll() is not None:
                pytest.fail(f"kg {args[0]} finished before it could be interrupted: "
                            f"{proc.stderr.read() if proc.stderr else ''}")
            if time.monotonic() > deadline:
                pytest.fail("the condition to interrupt never came")
            time.sleep(0.01)
        proc.send_signal(sig)
        _, err = proc.communicate(timeout=timeout)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return proc.returncode, err


def commits(workdir: Path, at_least: int) -> Callable[[], bool]:
    def ready() -> bool:
        try:
            with open(workdir / "journal.jsonl", "rb") as fh:
                return sum(1 for _ in fh) > at_least
        except FileNotFoundError:
            return False
    return ready


def resumed_count(stderr: str) -> int:
    line = next(ln for ln in stderr.splitlines() if "resuming the interrupted run" in ln)
    return int(line.split(": ")[-1].split()[0])


def store_counts(path: Path) -> dict[str, Any]:
    from kg.api import open_store

    with open_store(path, create=False) as st:
        s = st.stats()
        mentions = sum(st.query(f"MATCH ()-[r:{p}]->() RETURN sum(r.count)").rows[0][0] or 0
                       for p in s["edges"])
        links = st.query("MATCH (e:Evidence)-[l]->(a:Article) RETURN count(l)").rows[0][0]
    return {"nodes": s["nodes"], "edges": s["edges"], "articles": s["articles"],
            "evidence": s["evidence"], "mentions": mentions, "links": links}


@pytest.fixture(scope="module")
def reference(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An uninterrupted kg build over the corpus (kg extract writes the same three files)."""
    out = tmp_path_factory.mktemp("reference")
    bu = kg("build", str(corpus), "-o", str(out), "-q")
    assert bu.returncode == 3, bu.stderr  # two bad inputs
    return out


def assert_same_outputs(got: dict[str, Path], want: dict[str, Path]) -> None:
    for name, path in want.items():
        assert got[name].read_bytes() == path.read_bytes(), name
    lines = got["triples"].read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(set(lines))  # no triple twice
    docs = {json.loads(ln)["evidence"]["doc_id"] for ln in lines}
    assert {f"feed-{i}" for i in range(0, N_FEED, 97)} <= docs  # none lost


def test_extract_killed_with_sigkill_resumes_to_the_same_output(corpus: Path, reference: Path,
                                                                tmp_path: Path) -> None:
    out = tmp_path / "t.jsonl"
    args = ["extract", str(corpus), "-o", str(out), "--entities", str(tmp_path / "e.jsonl"),
            "-q"]
    work = work_dir_for(out)
    rc, _ = interrupt(args, commits(work, 6), signal.SIGKILL)
    assert rc == -signal.SIGKILL
    # Nothing that looks like a finished output: only the work folder, with .part files.
    assert not out.exists() and not (tmp_path / "e.jsonl").exists()
    assert sorted(p.name for p in work.glob("*.part") if "jsonl.part" in p.name)
    again = kg(*args[:-1], "--resume")
    assert again.returncode == 3, again.stderr
    assert 0 < resumed_count(again.stderr) < N_FEED + N_FILES
    assert not work.exists()
    assert_same_outputs({"triples": out, "entities": tmp_path / "e.jsonl",
                         "skipped": tmp_path / "t.skipped.jsonl"},
                        {"triples": reference / "triples.jsonl",
                         "entities": reference / "entities.jsonl",
                         "skipped": reference / "skipped.jsonl"})


def test_extract_interrupted_with_ctrl_c_in_parallel_resumes(corpus: Path, reference: Path,
                                                             tmp_path: Path) -> None:
    out = tmp_path / "t.jsonl"
    args = ["extract", str(corpus), "-o", str(out), "--entities", str(tmp_path / "e.jsonl")]
    rc, err = interrupt([*args, "-j", "2"], commits(work_dir_for(out), 4), signal.SIGINT)
    assert rc == 130, err
    assert "Traceback" not in err and "--resume" in err
    again = kg(*args, "--resume", "-q")  # the number of workers may change between runs
    assert again.returncode == 3, again.stderr
    assert "Traceback" not in again.stderr
    assert_same_outputs({"triples": out, "entities": tmp_path / "e.jsonl"},
                        {"triples": reference / "triples.jsonl",
                         "entities": reference / "entities.jsonl"})


def test_build_killed_in_extraction_and_in_the_store_load_resumes(corpus: Path,
                                                                  reference: Path,
                                                                  tmp_path: Path) -> None:
    out = tmp_path / "build"
    args = ["build", str(corpus), "-o", str(out)]
    rc, _ = interrupt(args, commits(out / ".kg-work", 8), signal.SIGKILL)
    assert rc == -signal.SIGKILL
    assert not (out / "triples.jsonl").exists() and not (out / "store").exists()
    # Resume, and kill it again while it loads the store.
    loading = out / ".store.kg-loading"
    rc, err = interrupt([*args, "--resume"], loading.exists, signal.SIGKILL)
    assert rc == -signal.SIGKILL, err
    assert "resuming the interrupted run" in err
    assert not (out / "store").exists()  # never a half-loaded store in its place
    again = kg(*args, "--resume", "-q")
    assert again.returncode == 3, again.stderr
    assert not (out / ".kg-work").exists() and not loading.exists()
    ref = reference
    assert_same_outputs({n: out / f"{n}.jsonl" for n in ("triples", "entities", "skipped")},
                        {n: ref / f"{n}.jsonl" for n in ("triples", "entities", "skipped")})
    got, want = store_counts(out / "store"), store_counts(ref / "store")
    assert got == want
    assert got["mentions"] == got["evidence"] == got["links"]  # nothing counted twice


# -- a real kg load, killed between and inside its batches ---------------------------------
def kill_kg_load(triples: Path, store: Path, batch: int, after: float) -> int:
    """Start a real ``kg load``, SIGKILL it ``after`` seconds into its writes; its status."""
    proc = subprocess.Popen([*KG, "load", str(triples), "--store", str(store), "--batch-size",
                             str(batch)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            cwd=ROOT)
    try:
        while proc.poll() is None and not (store / "graph.lbug.wal").exists():
            time.sleep(0.002)  # the first batch is being written
        time.sleep(after)
    finally:
        proc.kill()
        proc.wait()
    return proc.returncode


@pytest.fixture(scope="module")
def clean_load(reference: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Counts of a clean load of the reference triples, and the first third of them."""
    base = tmp_path_factory.mktemp("clean")
    lines = (reference / "triples.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    (base / "first.jsonl").write_text("".join(lines[:len(lines) // 3]), encoding="utf-8")
    assert kg("load", str(reference / "triples.jsonl"), "--store",
              str(base / "store")).returncode == 0
    return {"base": base, "counts": store_counts(base / "store"), "n": len(lines)}


@pytest.mark.parametrize("after", [0.05, 0.4])
def test_a_load_killed_mid_batch_leaves_whole_batches_and_reloads_cleanly(
        reference: Path, clean_load: dict[str, Any], tmp_path: Path, after: float) -> None:
    from kg.api import open_store
    from kg.model import Triple

    store = tmp_path / "store"
    # A store that already holds data: later loads merge in batches of 500 triples.
    assert kg("load", str(clean_load["base"] / "first.jsonl"), "--store",
              str(store)).returncode == 0
    triples = [Triple.from_dict(json.loads(ln)) for ln in
               (reference / "triples.jsonl").read_text(encoding="utf-8").splitlines()]
    status = kill_kg_load(reference / "triples.jsonl", store, 500, after)
    assert status == -9  # killed while it was still loading
    got = store_counts(store)  # it opens
    assert got["mentions"] == got["evidence"] == got["links"]
    # Whole batches only: the evidence is what the first k batches hold, for some k.
    first = {mention(t) for t in triples[:clean_load["n"] // 3]}
    whole = {len(first | {mention(t) for t in triples[:k]}) for k in range(0, len(triples)
                                                                           + 500, 500)}
    assert got["evidence"] in whole
    with open_store(store) as st:
        st.load(triples)
    assert store_counts(store) == clean_load["counts"]


def mention(t: Any) -> tuple[str, str, int, int]:
    return (t.edge_key(), t.evidence.doc_id, t.evidence.start, t.evidence.end)


def test_a_first_load_killed_while_checkpointing_leaves_no_broken_store(
        reference: Path, tmp_path: Path) -> None:
    """LadybugDB 0.22.0 loses evidence when killed while it checkpoints the first bulk COPY
    into a new store; kg load builds a new store beside its place (kg.api.loading_store),
    so a kill there leaves no store at all, never one that looks whole and is not."""
    store = tmp_path / "store"
    beside = tmp_path / ".store.kg-loading"
    proc = subprocess.Popen([*KG, "load", str(reference / "triples.jsonl"), "--store",
                             str(store)], stdout=subprocess.DEVNULL, cwd=ROOT)
    try:
        while proc.poll() is None and not (beside / "graph.lbug.wal.checkpoint").exists():
            time.sleep(0.001)
    finally:
        killed = proc.poll() is None
        proc.kill()
        proc.wait()
    if killed:
        assert not store.exists(), "a half-built store was put in place"
    else:
        got = store_counts(store)
        assert got["mentions"] == got["evidence"] == got["links"]
    # The same command again builds the store whole.
    subprocess.run([*KG, "load", str(reference / "triples.jsonl"), "--store", str(store)],
                   stdout=subprocess.DEVNULL, cwd=ROOT, check=True)
    got = store_counts(store)
    assert got["mentions"] == got["evidence"] == got["links"]


# -- the journal, in-process ---------------------------------------------------------------------
RUN = {"command": "test", "inputs": ["x"]}


def fill(j: Journal, start: int, n: int) -> None:
    for i in range(start, start + n):
        j.write("a", {"doc": i, "pad": "x" * (i % 7)})
        j.write("b", {"doc": i})
        j.doc_done(f"d{i}", f"src:{i}", {"documents": i + 1})


def test_journal_recovers_the_last_commit_after_a_torn_write(tmp_path: Path) -> None:
    j = Journal(tmp_path / "w", ["a", "b"], run=RUN, commit_every=4)
    fill(j, 0, 10)  # commits after 4 and 8; 8 and 9 are pending
    j._journal.flush()  # type: ignore[union-attr]
    # A crash: the pending lines reach the files, the journal gets half a line.
    for fh in j._fh.values():
        fh.flush()
    with open(tmp_path / "w" / "journal.jsonl", "ab") as fh:
        fh.write(b'{"docs": [["d8", "src:8"]], "offs')
    j._pending = []
    j.close()
    r = Journal(tmp_path / "w", ["a", "b"], run=RUN, resume=True)
    assert r.resumed == 8 and r.totals == {"documents": 8}
    assert r.is_done("d7", "src:7") and not r.is_done("d8", "src:8")
    assert not r.is_done("d7", "src:other")
    fill(r, 8, 2)
    r.commit()
    assert [rec["doc"] for rec in r.read("a")] == list(range(10))
    assert [rec["doc"] for rec in r.read("b")] == list(range(10))
    r.finish()
    assert not (tmp_path / "w").exists()


def test_journal_falls_back_when_a_work_file_lost_committed_bytes(tmp_path: Path) -> None:
    j = Journal(tmp_path / "w", ["a"], run=RUN, commit_every=2)
    fill_one = [("d0", 0), ("d1", 1), ("d2", 2), ("d3", 3)]
    for d, i in fill_one:
        j.write("a", {"doc": i})
        j.doc_done(d, None, {"documents": i + 1})
    j.close()
    part = j.path("a")
    part.write_bytes(part.read_bytes()[:-3])  # a power cut took the tail of the file
    r = Journal(tmp_path / "w", ["a"], run=RUN, resume=True)
    assert r.resumed == 2 and [rec["doc"] for rec in r.read("a")] == [0, 1]
    r.close()


def test_journal_refuses_another_run_and_a_second_writer(tmp_path: Path) -> None:
    notes: list[str] = []
    j = Journal(tmp_path / "w", ["a"], run=RUN, commit_every=1)
    fill_a = {"doc": 1}
    j.write("a", fill_a)
    j.doc_done("d", None, {})
    with pytest.raises(JournalError, match="in use by another kg run"):
        Journal(tmp_path / "w", ["a"], run=RUN, resume=True)
    j.close()
    with pytest.raises(JournalError, match="other inputs or options"):
        Journal(tmp_path / "w", ["a"], run={**RUN, "inputs": ["y"]}, resume=True)
    fresh = Journal(tmp_path / "w", ["a"], run=RUN, on_note=notes.append)
    assert "starting over" in notes[0] and fresh.resumed == 0
    assert list(fresh.read("a")) == []
    fresh.close()
    notes.clear()
    Journal(tmp_path / "none", ["a"], run=RUN, resume=True, on_note=notes.append).close()
    assert "no interrupted run to resume" in notes[0]
