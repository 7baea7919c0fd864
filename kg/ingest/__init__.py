"""Ingest: files, folders, JSON Lines and standard input to :class:`~kg.model.Article` records.

Readers are chosen by file suffix. Every input that cannot be read is
reported through ``on_skip`` as a :class:`Skipped` (``FILE[:LINE]: reason``)
and the run goes on; ``strict=True`` raises at the first instead.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from kg.errors import InputError
from kg.ingest.decode import decode
from kg.ingest.html import html_to_article_fields
from kg.model import Article

TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
# One article larger than this is almost certainly not an article (a dump, a log).
MAX_ARTICLE_BYTES = 20 * 1024 * 1024
JSONL_FIELDS = {"text", "id", "title", "date", "url", "lang"}


@dataclass(frozen=True, slots=True)
class Skipped:
    """One input that was not processed, and why."""

    path: str
    line: int | None
    reason: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.reason}"

    def to_dict(self) -> dict[str, object]:
        return {"path": self.path, "line": self.line, "reason": self.reason}


SkipHandler = Callable[[Skipped], None]


def doc_id_for(text: str, hint: str | None = None) -> str:
    """A stable id: the same text always gets the same id, readable where a name is known."""
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]
    if hint:
        stem = "".join(c if c.isalnum() or c in "-_" else "-" for c in hint)[:60].strip("-")
        if stem:
            return f"{stem}-{digest[:8]}"
    return f"doc-{digest}"


def iter_files(inputs: Iterable[str | os.PathLike[str]]) -> Iterator[tuple[Path | str, bool]]:
    """Expand folders recursively (sorted, hidden files skipped); '-' stands for stdin.

    Yields ``(path, named)``: ``named`` is true for inputs the user named
    themselves, false for files found by walking a folder.
    """
    for item in inputs:
        if str(item) == "-":
            yield "-", True
            continue
        p = Path(item)
        if p.is_dir():
            for sub in sorted(p.rglob("*")):
                rel = sub.relative_to(p)
                if any(part.startswith(".") for part in rel.parts):
                    continue
                if sub.is_file() and sub.suffix.lower() in SUFFIXES:
                    yield sub, False
        else:
            yield p, True


class Reader:
    """Reads inputs into articles, reporting what it skips."""

    def __init__(self, *, on_skip: SkipHandler | None = None, strict: bool = False,
                 lang: str | None = None, on_note: Callable[[str], None] | None = None) -> None:
        self.on_skip = on_skip
        self.on_note = on_note
        self.strict = strict
        self.lang = lang

    def skip(self, path: str, line: int | None, reason: str) -> None:
        if self.strict:
            raise InputError(reason, path=path, line=line)
        if self.on_skip is not None:
            self.on_skip(Skipped(path, line, reason))

    def read(self, inputs: Iterable[str | os.PathLike[str]]) -> Iterator[Article]:
        for item, named in iter_files(inputs):
            if item == "-":
                yield from self._read_stream(sys.stdin.buffer, "<stdin>")
                continue
            path = Path(item)
            name = str(path)
            if not path.exists():
                self.skip(name, None, "no such file or folder")
                continue
            suffix = path.suffix.lower()
            try:
                if suffix in JSONL_SUFFIXES:
                    with path.open("rb") as fh:
                        yield from self._read_jsonl(fh, name, named=named)
                    continue
                size = path.stat().st_size
                if size == 0:
                    self.skip(name, None, "empty file")
                    continue
                if size > MAX_ARTICLE_BYTES:
                    self.skip(name, None, f"file of {size} bytes is larger than one article "
                                          f"can be ({MAX_ARTICLE_BYTES} bytes); split it")
                    continue
                data = path.read_bytes()
            except OSError as e:
                self.skip(name, None, f"cannot read: {e.strerror or e}")
                continue
            art = self._article_from_bytes(data, name, None, path.stem,
                                           html=suffix in HTML_SUFFIXES)
            if art is not None:
                yield art

    def _read_stream(self, stream: BinaryIO, name: str) -> Iterator[Article]:
        """Standard input: JSON Lines when the first non-blank byte is '{', else one text."""
        data = stream.read()
        if data.lstrip()[:1] == b"{":
            import io

            yield from self._read_jsonl(io.BytesIO(data), name)
        elif data.strip():
            art = self._article_from_bytes(data, name, None, "stdin", html=False)
            if art is not None:
                yield art
        else:
            self.skip(name, None, "empty input")

    def _article_from_bytes(self, data: bytes, name: str, line: int | None, hint: str,
                            *, html: bool) -> Article | None:
        try:
            text = decode(data, path=name, line=line)
        except InputError as e:
            self.skip(name, line, e.reason)
            return None
        meta: dict[str, str | None] = {}
        if html or _looks_like_html(text):
            meta = html_to_article_fields(text)
            text = meta.pop("text") or ""
        if not text.strip():
            self.skip(name, line, "no text in it" + (" (HTML without text)" if html else ""))
            return None
        return Article(
            id=doc_id_for(text, hint), text=text, lang=self.lang or meta.get("lang"),
            date=meta.get("date"), title=meta.get("title"), url=meta.get("url"), source=name,
        )

    def _read_jsonl(self, fh: BinaryIO, name: str, *, named: bool = True
                    ) -> Iterator[Article]:
        seen_any = False
        for lineno, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            seen_any = True
            if len(raw) > MAX_ARTICLE_BYTES:
                self.skip(name, lineno, f"line of {len(raw)} bytes is larger than one article "
                                        f"can be ({MAX_ARTICLE_BYTES} bytes)")
                continue
            try:
                line = decode(raw, path=name, line=lineno)
                rec = json.loads(line)
            except InputError as e:
                self.skip(name, lineno, e.reason)
                continue
            except json.JSONDecodeError as e:
                self.skip(name, lineno, f"not JSON: {e.msg} at column {e.colno}")
                continue
            if not isinstance(rec, dict):
                self.skip(name, lineno, f"expected a JSON object, got {type(rec).__name__}")
                continue
            if not seen_articles_file(rec, lineno, named):
                # A folder may hold JSON Lines of another shape (gold annotations, logs):
                # they are not articles, so they are passed over, not counted as bad input.
                if self.on_note is not None:
                    self.on_note(f"{name}: not an articles file (its first record has no "
                                 "'text' field); passed over")
                return
            text = rec.get("text")
            if not isinstance(text, str) or not text.strip():
                self.skip(name, lineno, "missing or empty 'text' field")
                continue
            unknown = set(rec) - JSONL_FIELDS
            if unknown and self.on_skip is not None and self.strict:
                raise InputError(f"unknown field(s) {sorted(unknown)}", path=name, line=lineno)
            doc_id = rec.get("id")
            if _looks_like_html(text):
                meta = html_to_article_fields(text)
                text = meta.get("text") or ""
            date = rec.get("date") if isinstance(rec.get("date"), str) else None
            yield Article(
                id=str(doc_id) if doc_id not in (None, "") else doc_id_for(text),
                text=text, lang=self.lang or _str_or_none(rec.get("lang")),
                date=date[:10] if date else None, title=_str_or_none(rec.get("title")),
                url=_str_or_none(rec.get("url")), source=f"{name}:{lineno}",
            )
        if not seen_any:
            self.skip(name, None, "empty file")


def seen_articles_file(first: dict[str, object], lineno: int, named: bool) -> bool:
    """False when a folder walk meets JSON Lines whose first record is not an article."""
    return named or lineno > 1 or "text" in first or first is None


def _str_or_none(v: object) -> str | None:
    return v if isinstance(v, str) and v else None


def _looks_like_html(text: str) -> bool:
    head = text.lstrip()[:200].lower()
    return head.startswith(("<!doctype html", "<html")) or (
        head.startswith("<") and ("<body" in text[:5000].lower() or "<p>" in text[:5000].lower())
    )


def read_articles(inputs: Iterable[str | os.PathLike[str]], *,
                  on_skip: SkipHandler | None = None, strict: bool = False,
                  lang: str | None = None,
                  on_note: Callable[[str], None] | None = None) -> Iterator[Article]:
    """Stream the articles of files, folders and '-' (stdin), skipping bad inputs."""
    return Reader(on_skip=on_skip, strict=strict, lang=lang, on_note=on_note).read(inputs)


__all__ = ["Skipped", "doc_id_for", "iter_files", "read_articles"]
