"""Readers beside a writer on one embedded store: each gets an answer or a clear kg error.

A real ``kg load`` merges batches into a store that already holds data,
while pairs of real ``kg query`` processes read it. Every reader must either
succeed, seeing a committed state (never less than before the load, never
more than after it), or fail with a ``kg: error:`` message and no traceback;
a second writer must be refused with a message naming the first.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.model import EntityRef, Evidence, Triple

ROOT = Path(__file__).resolve().parents[1]
KG = [sys.executable, "-m", "kg"]
PEOPLE = [("person:vladimir-putin", "Vladimir Putin"), ("person:emmanuel-macron",
          "Emmanuel Macron"), ("person:joe-biden", "Joe Biden"), ("person:xi-jinping",
          "Xi Jinping"), ("person:olaf-scholz", "Olaf Scholz")]
COUNT = "MATCH (e:Evidence) RETURN count(e) AS n"


def synthetic(n: int) -> list[str]:
    """``n`` CALLED triples with distinct evidence, over many documents and dates."""
    out = []
    for i in range(n):
        a, b = PEOPLE[i % 5], PEOPLE[(i // 5 + 1 + i) % 5]
        if a == b:
            b = PEOPLE[(i + 1) % 5]
        s = f"{a[1]} called {b[1]} about report {i}."
        t = Triple(EntityRef(a[0], "Person", a[1]), "CALLED", EntityRef(b[0], "Person", b[1]),
                   Evidence(f"doc-{i // 3}", "en", s, (i % 3) * 100, (i % 3) * 100 + len(s)),
                   {"date": f"2023-{i % 12 + 1:02d}-{i % 28 + 1:02d}"}, 0.8)
        out.append(json.dumps(t.to_dict()) + "\n")
    return out


def kg(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*KG, *args], capture_output=True, text=True, timeout=120, cwd=ROOT)


def start(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([*KG, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, cwd=ROOT)


def assert_clear(stderr: str) -> None:
    assert "Traceback" not in stderr, stderr
    assert stderr.startswith("kg: error:") or stderr.startswith("Error:"), stderr


def test_two_readers_beside_a_writer(tmp_path: Path) -> None:
    lines = synthetic(7_000)
    (tmp_path / "first.jsonl").write_text("".join(lines[:2000]), encoding="utf-8")
    (tmp_path / "all.jsonl").write_text("".join(lines), encoding="utf-8")
    store = str(tmp_path / "store")
    first = kg("load", str(tmp_path / "first.jsonl"), "--store", store)
    assert first.returncode == 0, first.stderr

    writer = start("load", str(tmp_path / "all.jsonl"), "--store", store, "--batch-size", "1000")
    seen: list[int] = []
    refused: list[str] = []
    rounds = 0
    try:
        time.sleep(1.0)  # the writer has opened the store and begun its batches
        while writer.poll() is None and rounds < 4:
            rounds += 1
            readers = [start("query", COUNT, "--store", store, "--format", "json")
                       for _ in range(2)]
            second_writer = start("load", str(tmp_path / "first.jsonl"), "--store", store) \
                if rounds == 1 else None
            for r in readers:
                out, err = r.communicate(timeout=60)
                if r.returncode == 0:
                    seen.append(json.loads(out)[0]["n"])
                else:
                    assert_clear(err)
                    refused.append(err)
            if second_writer is not None:
                out, err = second_writer.communicate(timeout=60)
                if writer.poll() is None:  # still writing: the second writer is refused
                    assert second_writer.returncode == 1, (out, err)
                    assert_clear(err)
                    assert "open for writing by process" in err
    finally:
        _, werr = writer.communicate(timeout=120)
    assert writer.returncode == 0, werr
    assert rounds >= 1, "the load finished before any reader started; make it longer"
    assert seen, f"no reader succeeded beside the writer: {refused}"
    assert all(2000 <= n <= 7_000 for n in seen), seen
    assert all(n % 1000 == 0 for n in seen), seen  # only whole batches are ever visible
    final = kg("query", COUNT, "--store", store, "--format", "json")
    assert json.loads(final.stdout)[0]["n"] == 7_000


def test_a_query_that_would_write_is_refused_clearly(tmp_path: Path) -> None:
    (tmp_path / "t.jsonl").write_text("".join(synthetic(30)), encoding="utf-8")
    store = str(tmp_path / "store")
    assert kg("load", str(tmp_path / "t.jsonl"), "--store", store).returncode == 0
    for cypher in ("MATCH (n) DETACH DELETE n", "CREATE (:Person {id: 'x', type: 'Person'})"):
        proc = kg("query", cypher, "--store", store)
        assert proc.returncode != 0
        assert_clear(proc.stderr)
    final = kg("query", COUNT, "--store", store, "--format", "json")
    assert json.loads(final.stdout)[0]["n"] == 30


@pytest.mark.parametrize("where", ["missing", "file", "not-a-store"])
def test_a_bad_store_path_gives_a_message_not_a_traceback(tmp_path: Path, where: str) -> None:
    path = tmp_path / "x"
    if where == "file":
        path.write_text("hello")
    elif where == "not-a-store":
        path.mkdir()
        (path / "notes.txt").write_text("hello")
    proc = kg("query", COUNT, "--store", str(path))
    assert proc.returncode != 0
    assert_clear(proc.stderr)
