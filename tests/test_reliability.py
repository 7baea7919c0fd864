"""Broken input never kills a run and is never silent; nothing in an article runs or injects.

The end-to-end checks drive the real ``kg build`` in a subprocess over a
folder that mixes good articles with every kind of bad input; the rest are
library checks of the ingest edge cases (mixed encodings, a 200 MB line,
unknown JSON Lines fields, HTML without text, lone surrogates).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

from kg.errors import InputError
from kg.ingest import MAX_ARTICLE_BYTES, bounded_lines, read_articles
from kg.ingest.decode import decode_report

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "samples"
KG = [sys.executable, "-m", "kg"]

XSS_IMG = "<img src=x onerror=alert(1)>"
XSS_SCRIPT = "</script><script>alert(1)</script>"
PAYLOAD_ARTICLE = (
    "Russian President Vladimir Putin held a phone call with French President Emmanuel "
    f"Macron on Monday {XSS_IMG} and {XSS_SCRIPT} about Ukraine, the Kremlin said.\n"
)
ARABIC = "اتصل الرئيس الروسي فلاديمير بوتين بالرئيس الفرنسي إيمانويل ماكرون يوم الاثنين."
GOOD_LINE = {"id": "feed-1", "text": "Finnish President Sauli Niinisto met US President Joe "
             "Biden in Washington on Friday.", "lang": "en"}


def kg_run(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*KG, *args], capture_output=True, text=True, timeout=timeout,
                          cwd=ROOT)


def write_good(folder: Path) -> None:
    """The good articles: the bundled samples, an article carrying markup, Arabic, a feed."""
    folder.mkdir(parents=True, exist_ok=True)
    for p in SAMPLES.glob("*.txt"):
        shutil.copy(p, folder / p.name)
    (folder / "payload.txt").write_text(PAYLOAD_ARTICLE, encoding="utf-8")
    (folder / "arabic-legacy.txt").write_text(ARABIC, encoding="utf-8")
    (folder / "feed.jsonl").write_text(json.dumps(GOOD_LINE) + "\n", encoding="utf-8")


def write_mixed(folder: Path) -> dict[str, int | None]:
    """Good articles plus every kind of bad input; returns the bad ones: name -> line."""
    write_good(folder)
    (folder / "arabic-legacy.txt").write_bytes(ARABIC.encode("cp1256"))  # good, legacy
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blob.bin").write_bytes(bytes(range(256)) * 8)
    (folder / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    (folder / "invalid.txt").write_bytes(b"Putin called Macron on Monday. \xff\xfe\xfd\xc3\x28 "
                                         b"and more text here.\n")
    (folder / "no-text.html").write_text("<html><head><title>t</title></head><body><nav>menu"
                                         "</nav><script>var a = 1;</script></body></html>")
    lines = [json.dumps(GOOD_LINE), '{"id": "feed-2", "text": "broken', json.dumps(
        {"id": "feed-3", "title": "no text here"}), json.dumps({"id": "feed-4", "text": "   "})]
    (folder / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return {"empty.txt": None, "blob.bin": None, "image.txt": None, "invalid.txt": 1,
            "no-text.html": None, "feed.jsonl": 2}


def triples_of(path: Path) -> list[str]:
    return sorted(json.dumps(json.loads(ln), sort_keys=True)
                  for ln in path.read_text(encoding="utf-8").splitlines())


@pytest.fixture(scope="module")
def mixed_build(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    base = tmp_path_factory.mktemp("mixed")
    bad = write_mixed(base / "in")
    write_good(base / "good")
    proc = kg_run("build", str(base / "in"), "-o", str(base / "out"))
    ref = kg_run("build", str(base / "good"), "-o", str(base / "ref"), "-q")
    return {"base": base, "bad": bad, "proc": proc, "ref": ref}


def test_build_keeps_every_good_article_and_names_every_bad_input(mixed_build: dict) -> None:
    proc, ref, base = mixed_build["proc"], mixed_build["ref"], mixed_build["base"]
    assert ref.returncode == 0, ref.stderr
    assert proc.returncode == 3, proc.stderr  # finished, but some inputs were skipped
    assert "Traceback" not in proc.stderr
    # Every good article's triples are there (the cp1256 file read as Arabic included).
    got, want = triples_of(base / "out" / "triples.jsonl"), triples_of(base / "ref" /
                                                                       "triples.jsonl")
    assert want and got == want
    docs = {json.loads(t)["evidence"]["doc_id"] for t in got}
    assert any(d.startswith("arabic-legacy-") for d in docs)
    assert any(d.startswith("payload-") for d in docs) and "feed-1" in docs
    assert "arabic-legacy.txt: not UTF-8; read as Arabic (cp1256)" in proc.stderr
    # Each bad input named on stderr (FILE[:LINE]: reason) and in skipped.jsonl.
    skipped = [json.loads(ln) for ln in
               (base / "out" / "skipped.jsonl").read_text(encoding="utf-8").splitlines()]
    where = {(Path(s["path"]).name, s["line"]) for s in skipped}
    for name, line in mixed_build["bad"].items():
        assert (name, line) in where, (name, where)
        shown = str(base / "in" / name) + (f":{line}" if line else "") + ": "
        assert f"kg: skipped {shown}" in proc.stderr
    assert ("feed.jsonl", 3) in where and ("feed.jsonl", 4) in where
    assert all(s["reason"] for s in skipped)
    assert not any(Path(s["path"]).name in ("arabic-legacy.txt", "payload.txt")
                   for s in skipped)


def test_graph_html_holds_no_unescaped_markup_from_articles(mixed_build: dict) -> None:
    page = (mixed_build["base"] / "out" / "graph.html").read_text(encoding="utf-8")
    assert XSS_IMG not in page and XSS_SCRIPT not in page and "onerror=alert(1)>" not in page
    # The sentence is there, escaped: the check above could have failed.
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in page
    assert "\\u003c\\/script\\u003e\\u003cscript\\u003ealert(1)" in page


def test_exit_statuses_all_good_and_strict(tmp_path: Path) -> None:
    write_good(tmp_path / "good")
    ok = kg_run("extract", str(tmp_path / "good"), "-o", str(tmp_path / "t.jsonl"), "-q")
    assert ok.returncode == 0, ok.stderr
    assert (tmp_path / "t.skipped.jsonl").read_text() == ""
    write_mixed(tmp_path / "bad")
    strict = kg_run("extract", str(tmp_path / "bad"), "-o", str(tmp_path / "s.jsonl"), "-q",
                    "--strict")
    assert strict.returncode == 1
    assert "Traceback" not in strict.stderr
    assert "blob.bin" in strict.stderr  # the first bad input, in sorted order
    assert not (tmp_path / "s.jsonl").exists()  # nothing that looks complete
    loose = kg_run("extract", str(tmp_path / "bad"), "-o", str(tmp_path / "l.jsonl"), "-q")
    assert loose.returncode == 3
    assert len((tmp_path / "l.skipped.jsonl").read_text().splitlines()) == 8


def test_help_documents_exit_statuses_and_resume() -> None:
    for cmd in ("build", "extract"):
        out = kg_run(cmd, "--help").stdout
        for text in ("--resume", "Exit status", "3 ", "130", "FILE[:LINE]"):
            assert text in out, (cmd, text)


# -- the view in a real browser ----------------------------------------------------------------
CHROMIUM = os.environ.get("KG_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.mark.browser
def test_payload_in_an_article_does_not_run_in_chromium(mixed_build: dict) -> None:
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        pytest.skip(f"no Chromium at {CHROMIUM} (install Debian's chromium or set KG_CHROMIUM)")
    sync_api = pytest.importorskip("playwright.sync_api",
                                   reason="the playwright package is not installed")
    page_path = mixed_build["base"] / "out" / "graph.html"
    dialogs: list[str] = []
    errors: list[str] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            ctx = browser.new_context()
            ctx.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file://")
                      else r.abort())
            page = ctx.new_page()
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(page_path.resolve().as_uri())
            page.wait_for_function("window.kgView && window.kgView.ready === true",
                                   timeout=30_000)
            # Render every node and relation card: any sink for the sentence would fire now.
            page.evaluate("""(() => { const box = document.getElementById('kg-details');
                kgView.data.nodes.forEach((_, i) => box.appendChild(kgView.nodeCard(i, true)));
                kgView.data.edges.forEach((_, j) => box.appendChild(kgView.edgeCard(j, true)));
                })()""")
            page.wait_for_timeout(300)
            text = page.inner_text("#kg-details")
            imgs = page.evaluate("document.querySelectorAll('#kg-details img, "
                                 "#kg-details script').length")
        finally:
            browser.close()
    assert XSS_IMG in text and XSS_SCRIPT in text  # shown, literally, as text
    assert imgs == 0
    assert not dialogs, dialogs
    assert not errors, errors


# -- injection into the store ------------------------------------------------------------------
CRAFTED = [
    "x' }) MATCH (n) DETACH DELETE n //",
    'x" }) MATCH (n) DETACH DELETE n //',
    "x` ) DETACH DELETE n //",
    "'; MATCH (n) DETACH DELETE n; //",
    "\\' OR 1=1 MATCH (n) SET n.label = 'pwned' //",
]


def test_crafted_parameters_change_nothing_in_the_store(built_store: Any) -> None:
    before = built_store.stats()
    for value in CRAFTED:
        rows = built_store.query("MATCH (p:Person) WHERE p.label = $name RETURN p.id",
                                 name=value).rows
        assert rows == []
        rows = built_store.query("MATCH (p:Person {id: $id}) RETURN p.label", {"id": value}).rows
        assert rows == []
    assert built_store.stats() == before
    labels = built_store.query("MATCH (n:Person) RETURN n.label").rows
    assert ["pwned"] not in labels


def test_kg_query_with_a_crafted_parameter_changes_nothing(mixed_build: dict) -> None:
    store = str(mixed_build["base"] / "out" / "store")
    before = store_stats(store)
    assert before["evidence"] > 0
    named = [("leader-contacts", "leader"), ("alliances", "country"), ("evidence", "subject")]
    for i, value in enumerate(CRAFTED):
        proc = kg_run("query", "--store", store,
                      "MATCH (p:Person) WHERE p.label = $name RETURN p.id",
                      "--param", f"name={value}", "--format", "json")
        assert proc.returncode == 0, proc.stderr
        assert json.loads(proc.stdout) == []
        name, param = named[i % len(named)]
        proc = kg_run("query", "--store", store, "--name", name, "--param", f"{param}={value}",
                      "--format", "json")
        assert "Traceback" not in proc.stderr
        assert proc.returncode in (0, 2), proc.stderr
    assert store_stats(store) == before


def store_stats(path: str) -> dict[str, Any]:
    from kg.api import open_store

    with open_store(path, read_only=True) as st:
        return st.stats()


# -- ingest edge cases (library) -----------------------------------------------------------------
def read(paths: list[Any], **kw: Any) -> tuple[list[Any], list[Any], list[str]]:
    skipped: list[Any] = []
    notes: list[str] = []
    arts = list(read_articles(paths, on_skip=skipped.append, on_note=notes.append, **kw))
    return arts, skipped, notes


def test_a_200_mb_single_line_is_refused_without_reading_it_into_memory(tmp_path: Path) -> None:
    size = 200 * 1024 * 1024
    for name in ("huge.txt", "huge.jsonl"):
        with open(tmp_path / name, "wb") as fh:  # sparse: no 200 MB written to disk
            fh.truncate(size)
    small = json.dumps({"id": "after", "text": "Putin met Macron."})
    with open(tmp_path / "huge.jsonl", "ab") as fh:
        fh.write(b"\n" + small.encode() + b"\n")
    tracemalloc.start()
    try:
        arts, skipped, _ = read([tmp_path / "huge.txt", tmp_path / "huge.jsonl"])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [a.id for a in arts] == ["after"]  # the line after the long one is read
    assert [(Path(s.path).name, s.line) for s in skipped] == [("huge.txt", None),
                                                                ("huge.jsonl", 1)]
    assert "larger than one article" in skipped[1].reason and str(size + 1) in skipped[1].reason
    assert peak < 2 * MAX_ARTICLE_BYTES + 8 * 1024 * 1024, peak


def test_bounded_lines_cut_exactly_at_the_limit() -> None:
    import io

    data = b"abcd\n" + b"x" * 10 + b"\nabc\n" + b"y" * 20
    got = list(bounded_lines(io.BytesIO(data), limit=5))
    assert got == [(1, b"abcd\n", 5), (2, None, 11), (3, b"abc\n", 4), (4, None, 20)]


def test_mixed_encodings_in_one_file_are_read_line_by_line(tmp_path: Path) -> None:
    ru = "Президент России Владимир Путин провёл переговоры в Москве."
    data = (ARABIC + "\n").encode() + (ARABIC + "\n").encode("cp1256") + ru.encode("cp1251")
    (tmp_path / "mixed.txt").write_bytes(data)
    (arts, skipped, notes) = read([tmp_path / "mixed.txt"])
    assert not skipped
    assert arts[0].text == f"{ARABIC}\n{ARABIC}\n{ru}"
    assert len(notes) == 1 and "mixed encodings" in notes[0] and "line 2, 3" in notes[0]


@pytest.mark.parametrize("data, where", [
    (b"Putin called Macron. \xff\xfe\xfd broken", "byte 21"),  # stray bytes
    ("بوتين يتصل بماكرون".encode()[:-1] + b" end", "byte"),  # UTF-8 cut inside a letter
    (b"ok\nfine\nInvalid \xc3\x28 sequence", None),
])
def test_invalid_utf8_is_refused_with_where_it_breaks(data: bytes, where: str | None) -> None:
    with pytest.raises(InputError) as e:
        decode_report(data, path="f.txt")
    msg = str(e.value)
    assert msg.startswith("f.txt:") and "not valid UTF-8" in msg
    if where:
        assert where in msg
    else:
        assert msg.startswith("f.txt:3:")


def test_legacy_code_pages_are_read_and_said() -> None:
    fr = "Le président français a reçu à l’Élysée son homologue « allemand »."
    assert decode_report(fr.encode("cp1252")) == (fr, "not UTF-8; read as Western European "
                                                      "(cp1252)")
    assert decode_report(ARABIC.encode("cp1256"))[0] == ARABIC


def test_jsonl_unknown_fields_are_noted_and_the_article_kept(tmp_path: Path) -> None:
    recs = [{"id": "a", "text": "Putin met Macron.", "author": "x", "tags": ["y"]},
            {"id": "b", "text": "Biden met Scholz.", "author": "z"},
            {"id": "c", "body": "the text is here"},
            {"id": {"nested": 1}, "text": "Xi met Lula."},
            {"id": "e", "text": "<html><body><nav>menu</nav></body></html>"},
            {"id": "f", "text": 42}]
    (tmp_path / "f.jsonl").write_text("\n".join(json.dumps(r) for r in recs) + "\n")
    arts, skipped, notes = read([tmp_path / "f.jsonl"])
    assert [a.id for a in arts] == ["a", "b"]
    assert len([n for n in notes if "unknown field" in n]) == 2  # 'author', 'tags'; then 'body'
    assert "f.jsonl:1: unknown field(s) 'author', 'tags' ignored" in notes[0]
    reasons = {s.line: s.reason for s in skipped}
    assert "'body'" in reasons[3]
    assert "'id'" in reasons[4]
    assert "HTML without text" in reasons[5]
    assert "not a string" in reasons[6]


def test_lone_surrogates_from_json_escapes_do_not_break_outputs(tmp_path: Path) -> None:
    line = '{"id": "s\\ud800", "text": "Putin met Macron \\udc00 in Paris."}\n'
    (tmp_path / "s.jsonl").write_text(line)
    out = kg_run("extract", str(tmp_path / "s.jsonl"), "-o", str(tmp_path / "t.jsonl"))
    assert out.returncode == 0, out.stderr
    arts, _, _ = read([tmp_path / "s.jsonl"])
    assert arts[0].text == "Putin met Macron \ufffd in Paris." and arts[0].id == "s\ufffd"


def test_a_folder_names_files_that_are_not_articles(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Putin met Macron.")
    (tmp_path / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (tmp_path / ".hidden.bin").write_bytes(b"\x00")
    arts, skipped, _ = read([tmp_path])
    assert len(arts) == 1
    assert [(Path(s.path).name, "not an article file" in s.reason) for s in skipped] == [
        ("photo.png", True)]


def test_a_non_utf8_file_name_is_reported_readably(tmp_path: Path) -> None:
    bad = os.fsdecode(b"caf\xe9.txt")
    try:
        (tmp_path / bad).write_bytes(b"")
    except (OSError, UnicodeError):
        pytest.skip("the file system refuses non-UTF-8 names")
    out = kg_run("extract", str(tmp_path), "-o", str(tmp_path / "t.jsonl"), "-q")
    assert out.returncode == 3 and "Traceback" not in out.stderr
    assert "caf\ufffd.txt" in (tmp_path / "t.skipped.jsonl").read_text(encoding="utf-8")


class _KillsItsWorker:
    """An extractor that dies (as under the out-of-memory killer) on one article."""

    name = "killer"

    def extract(self, article: Any) -> tuple[list[Any], list[Any]]:
        if "KILL" in article.text:
            os.kill(os.getpid(), 9)
        return [], []


def test_a_worker_killed_on_one_article_fails_that_article_only(monkeypatch: Any) -> None:
    from kg import pipeline
    from kg.model import Article
    from kg.registry import extractors

    monkeypatch.setitem(extractors._entries, "killer", _KillsItsWorker)
    arts = [Article(f"a{i}", "KILL" if i == 37 else f"text {i}", "en") for i in range(120)]
    failed: list[Any] = []
    done = [a.id for a, _, _ in pipeline.extract_stream(arts, jobs=2, extractor="killer",
                                                         on_fail=failed.append)]
    assert done == [f"a{i}" for i in range(120) if i != 37]  # in order, nothing else lost
    assert [(s.path, "worker process" in s.reason) for s in failed] == [("a37", True)]


def test_kg_extract_with_jobs_survives_a_killed_worker(monkeypatch: Any,
                                                     tmp_path: Path) -> None:
    # The journaled path (kg extract / kg build) hands workers whole articles and gets
    # their records back as JSON lines: a worker dying costs its article only.
    from kg import pipeline
    from kg.registry import extractors

    monkeypatch.setitem(extractors._entries, "killer", _KillsItsWorker)
    src = tmp_path / "feed.jsonl"
    src.write_text("".join(json.dumps({"id": f"a{i}", "text": "KILL" if i == 5 else f"t {i}",
                                       "lang": "en"}) + "\n" for i in range(40)))
    s = pipeline.extract_to_files([src], tmp_path / "t.jsonl", jobs=2, extractor="killer")
    assert s.documents == 39 and s.n_failed == 1
    assert "worker process" in s.failed[0].reason and s.failed[0].path.endswith(":6")


def test_an_article_whose_records_cannot_be_written_fails_alone(monkeypatch: Any,
                                                              tmp_path: Path) -> None:
    from kg import pipeline

    real = pipeline._line

    def picky(record: Any) -> bytes:
        if isinstance(record, dict) and record.get("id") == "bad":
            raise ValueError("cannot encode this one")
        return real(record)

    monkeypatch.setattr(pipeline, "_line", picky)
    src = tmp_path / "feed.jsonl"
    # "bad" is the first to name Putin and Macron: its full entity records are the ones
    # lost, so "last" must send them again.
    rows = [{"id": "first", "text": "Olaf Scholz met Rishi Sunak in Berlin.", "lang": "en"},
            *({"id": i, "text": "Vladimir Putin met Emmanuel Macron in Moscow.", "lang": "en"}
              for i in ("bad", "last"))]
    src.write_text("".join(json.dumps(r) + "\n" for r in rows))
    s = pipeline.extract_to_files([src], tmp_path / "t.jsonl", jobs=1,
                                  entities_path=tmp_path / "e.jsonl")
    assert s.documents == 2 and s.n_failed == 1 and "could not be written" in s.failed[0].reason
    docs = {json.loads(line)["evidence"]["doc_id"]
            for line in (tmp_path / "t.jsonl").read_text().splitlines()}
    assert docs == {"first", "last"}
    # Every entity keeps its full record: the failed article's lines were never written.
    ents = [json.loads(line) for line in (tmp_path / "e.jsonl").read_text().splitlines()]
    assert ents and all("type" in e and e["mentions"] > 0 for e in ents)


def test_jsonl_in_a_folder_is_read_as_articles_unless_none_has_text(tmp_path: Path) -> None:
    feed = [{"id": "a", "title": "no text yet"}, {"id": "b", "text": "Putin met Macron."}]
    gold = [{"doc": "x.txt", "lang": "ar", "date": "2022-01-07", "triples": []}] * 3
    (tmp_path / "feed.jsonl").write_text("\n".join(map(json.dumps, feed)) + "\n")
    (tmp_path / "gold.jsonl").write_text("\n".join(map(json.dumps, gold)) + "\n")
    arts, skipped, notes = read([tmp_path])
    assert [a.id for a in arts] == ["b"]
    assert [(Path(s.path).name, s.line) for s in skipped] == [("feed.jsonl", 1)]
    assert any("gold.jsonl: not an articles file" in n for n in notes)
    arts, skipped, _ = read([tmp_path / "gold.jsonl"])  # named by the user: read, reported
    assert not arts and [s.line for s in skipped] == [1, 2, 3]


def test_a_runs_own_outputs_inside_an_input_folder_are_not_read(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Putin met Macron.")
    out = tmp_path / "out"
    (out / "store").mkdir(parents=True)
    (out / "graph.html").write_text("<html><body><p>Putin met Xi.</p></body></html>")
    (out / "store" / "graph.lbug").write_bytes(b"\x00" * 10)
    arts, skipped, _ = read([tmp_path], exclude=[out])
    assert [a.source for a in arts] == [str(tmp_path / "a.txt")] and not skipped
    arts, skipped, _ = read([tmp_path])  # without it, the page would be read as an article
    assert len(arts) == 2 and [Path(s.path).name for s in skipped] == ["graph.lbug"]
