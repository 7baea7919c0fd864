"""Ingest: formats, encodings, furniture-free HTML, JSON Lines, bad inputs reported."""

from __future__ import annotations

import io
import json

import pytest

from kg.errors import InputError
from kg.ingest import doc_id_for, read_articles
from kg.ingest.decode import decode
from kg.ingest.html import html_to_article_fields

ARABIC = "بحث الرئيس الروسي فلاديمير بوتين الوضع في كازاخستان."


def read(paths, **kw):
    skipped = []
    arts = list(read_articles(paths, on_skip=skipped.append, **kw))
    return arts, skipped


def test_text_utf8_bom_and_cp1256(tmp_path):
    (tmp_path / "a.txt").write_bytes(ARABIC.encode("utf-8"))
    (tmp_path / "b.txt").write_bytes(b"\xef\xbb\xbf" + ARABIC.encode("utf-8"))
    (tmp_path / "c.txt").write_bytes(ARABIC.encode("cp1256"))
    arts, skipped = read([tmp_path])
    assert not skipped
    assert [a.text for a in arts] == [ARABIC] * 3
    assert len({a.id for a in arts}) == 3  # ids carry the file name


def test_same_text_same_id():
    assert doc_id_for("x y z") == doc_id_for("x y z")
    assert doc_id_for("x y z", "a") != doc_id_for("x y z", "b")


def test_bad_inputs_are_reported_and_the_rest_is_read(tmp_path):
    (tmp_path / "good.txt").write_text("Finland joined NATO.", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02PNG\x00" * 50)
    (tmp_path / "bad.txt").write_bytes(b"ok \xff\xfe\xfa\x00\x81 broken" * 3)
    (tmp_path / "page.html").write_text("<html><body><nav>menu</nav></body></html>")
    lines = [json.dumps({"id": "d1", "text": "Putin called Tokayev."}), "{not json",
             json.dumps({"title": "no text"}), json.dumps([1, 2])]
    (tmp_path / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    arts, skipped = read([tmp_path])
    assert sorted(a.text for a in arts) == ["Finland joined NATO.", "Putin called Tokayev."]
    where = {(s.path.rsplit("/", 1)[-1], s.line) for s in skipped}
    assert ("empty.txt", None) in where
    assert ("binary.txt", None) in where
    assert ("bad.txt", None) in where
    assert ("page.html", None) in where
    assert ("feed.jsonl", 2) in where and ("feed.jsonl", 3) in where
    assert ("feed.jsonl", 4) in where
    assert all(s.reason for s in skipped)


def test_strict_stops_at_first_bad_input(tmp_path):
    (tmp_path / "a.jsonl").write_text('{"text": "fine"}\n{broken\n', encoding="utf-8")
    with pytest.raises(InputError) as e:
        list(read_articles([tmp_path / "a.jsonl"], strict=True))
    assert ":2:" in str(e.value)


def test_jsonl_metadata(tmp_path):
    rec = {"id": "x1", "text": "Le président français Emmanuel Macron.", "date":
           "2022-02-25T03:02:00Z", "lang": "fr", "title": "T", "url": "u"}
    (tmp_path / "a.jsonl").write_text(json.dumps(rec, ensure_ascii=False) + "\n")
    (art,), _ = read([tmp_path / "a.jsonl"])
    assert (art.id, art.date, art.lang, art.title, art.url) == ("x1", "2022-02-25", "fr", "T",
                                                                 "u")


def test_html_drops_furniture_and_keeps_metadata():
    page = """<html lang="ar"><head><title>عنوان</title>
    <meta property="article:published_time" content="2022-01-07T09:00:00Z"></head>
    <body><header>الرئيسية</header><nav>قائمة</nav><article><h1>بوتين يهاتف</h1>
    <p>بحث الرئيس <b>بوتين</b> الوضع.</p><script>var x = "<p>no</p>";</script>
    <figure><img src="a.jpg"><figcaption>صورة</figcaption></figure></article>
    <footer>حقوق</footer></body></html>"""
    f = html_to_article_fields(page)
    assert f["date"] == "2022-01-07" and f["lang"] == "ar" and f["title"] == "عنوان"
    assert "بحث الرئيس بوتين الوضع." in f["text"]
    for junk in ("الرئيسية", "قائمة", "var x", "صورة", "حقوق"):
        assert junk not in f["text"]


def test_stdin_jsonl(monkeypatch):
    data = (json.dumps({"text": "Russia attacked Ukraine."}) + "\n").encode()
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data)))
    arts, skipped = read(["-"])
    assert [a.text for a in arts] == ["Russia attacked Ukraine."] and not skipped


def test_decode_refuses_garbage_with_location():
    with pytest.raises(InputError) as e:
        decode(b"\x00\x00\x00binary", path="f.bin")
    assert str(e.value).startswith("f.bin: ")


def test_gold_file_in_a_folder_is_passed_over(tmp_path):
    (tmp_path / "a.txt").write_text("Finland joined NATO.")
    (tmp_path / "gold.jsonl").write_text(json.dumps({"doc": "a.txt", "triples": []}) + "\n")
    notes = []
    arts = list(read_articles([tmp_path], on_note=notes.append))
    assert len(arts) == 1 and notes and "gold.jsonl" in notes[0]
