"""The parsed gazetteer is cached by a hash of the data files, and never used stale."""

from __future__ import annotations

from kg.resolve import gazetteer as G


def test_cache_round_trip(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("KG_NO_CACHE", raising=False)
    key = G._data_key()
    assert G._cache_read(key) is None
    gz = G._parse()
    G._cache_write(key, gz)
    again = G._cache_read(key)
    assert again is not None and again.entities.keys() == gz.entities.keys()
    assert G._cache_read("another-key") is None  # other data, other file


def test_cache_can_be_switched_off(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setenv("KG_NO_CACHE", "1")
    G._cache_write("k", G.Gazetteer())
    assert not any(tmp_path.rglob("*.pickle"))


def test_a_broken_cache_file_is_ignored(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("KG_NO_CACHE", raising=False)
    (tmp_path / "kg").mkdir()
    (tmp_path / "kg" / "gazetteer-bad.pickle").write_bytes(b"not a pickle")
    assert G._cache_read("bad") is None
