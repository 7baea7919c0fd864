"""Ingest: files, folders, JSON Lines and standard input to :class:`~kg.model.Article` records.

Readers are chosen by file suffix. Every input that cannot be read is
reported through ``on_skip`` as a :class:`Skipped` (``FILE[:LINE]: reason``)
and the run goes on; ``strict=True`` raises at the first instead.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from kg.errors import InputError
from kg.ingest.decode import decode_report
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


def iter_files(inputs: Iterable[str | os.PathLike[str]], *, with_others: bool = False,
               exclude: Iterable[str | os.PathLike[str]] = (),
               on_error: Callable[[str, OSError], None] | None = None
               ) -> Iterator[tuple[Path | str, bool]]:
    """Expand folders recursively (sorted, hidden files skipped); '-' stands for stdin.

    Yields ``(path, named)``: ``named`` is true for inputs the user named
    themselves, false for files found by walking a folder. Files of a folder
    whose suffix is not an article format are left out, or yielded too with
    ``with_others`` (the reader reports them: nothing is passed over silently).
    Paths in ``exclude`` (a run's own outputs inside an input folder) are not
    walked; a folder that cannot be listed goes to ``on_error``. Folders are
    walked one directory at a time, never listed whole into memory.
    """
    excluded = [Path(e).resolve() for e in exclude]
    for item in inputs:
        if str(item) == "-":
            yield "-", True
            continue
        p = Path(item)
        if p.is_dir():
            root = p.resolve()
            skip = {os.path.join(str(p), str(e.relative_to(root))) for e in excluded
                    if e != root and e.is_relative_to(root)}
            for sub in _walk(str(p), skip, on_error):
                if with_others or os.path.splitext(sub)[1].lower() in SUFFIXES:
                    yield Path(sub), False
        else:
            yield p, True


def _walk(folder: str, skip: set[str],
          on_error: Callable[[str, OSError], None] | None) -> Iterator[str]:
    """Files under ``folder`` in sorted order (the order of ``sorted(Path.rglob('*'))``),
    hidden names and symlinked folders left out."""
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as e:
        if on_error is not None:
            on_error(folder, e)
        return
    for e in entries:
        if e.name.startswith(".") or e.path in skip:
            continue
        try:
            if e.is_dir(follow_symlinks=False):
                yield from _walk(e.path, skip, on_error)
            elif e.is_file():
                yield e.path
        except OSError as err:
            if on_error is not None:
                on_error(e.path, err)


class Reader:
    """Reads inputs into articles, reporting what it skips.

    Memory stays bounded by one article: files are sized before they are
    read, JSON Lines are read line by line with a cap on the line length,
    and standard input is streamed.
    """

    def __init__(self, *, on_skip: SkipHandler | None = None, strict: bool = False,
                 lang: str | None = None, on_note: Callable[[str], None] | None = None,
                 exclude: Iterable[str | os.PathLike[str]] = ()) -> None:
        self.on_skip = on_skip
        self.on_note = on_note
        self.strict = strict
        self.lang = lang
        self.exclude = list(exclude)

    def skip(self, path: str, line: int | None, reason: str) -> None:
        if self.strict:
            raise InputError(reason, path=path, line=line)
        if self.on_skip is not None:
            self.on_skip(Skipped(path, line, reason))

    def note(self, msg: str) -> None:
        if self.on_note is not None:
            self.on_note(msg)

    def read(self, inputs: Iterable[str | os.PathLike[str]]) -> Iterator[Article]:
        def unreadable(folder: str, e: OSError) -> None:
            self.skip(os.fsencode(folder).decode("utf-8", "replace"), None,
                      f"cannot read: {e.strerror or e}")

        for item, named in iter_files(inputs, with_others=True, exclude=self.exclude,
                                      on_error=unreadable):
            if item == "-":
                yield from self._read_stream(sys.stdin.buffer, "<stdin>")
                continue
            path = Path(item)
            # A file name that is not UTF-8 is named with U+FFFD where its bad bytes are.
            name = os.fsencode(path).decode("utf-8", "replace")
            suffix = path.suffix.lower()
            if not named and suffix not in SUFFIXES:
                self.skip(name, None, f"not an article file ({suffix or 'no suffix'}); kg "
                                      f"reads {', '.join(sorted(SUFFIXES))}")
                continue
            if not path.exists():
                self.skip(name, None, "no such file or folder")
                continue
            try:
                if suffix in JSONL_SUFFIXES:
                    with path.open("rb") as fh:
                        if not named and not looks_like_articles(bounded_lines(fh)):
                            # A folder may hold JSON Lines of another shape (gold
                            # annotations, logs): not articles, so passed over, not bad input.
                            self.note(f"{name}: not an articles file (none of its first "
                                      f"{SNIFF_LINES} records has a 'text' field); passed over")
                            continue
                        fh.seek(0)
                        yield from self._read_jsonl(bounded_lines(fh), name)
                    continue
                size = path.stat().st_size
                if size == 0:
                    self.skip(name, None, "empty file")
                    continue
                if size > MAX_ARTICLE_BYTES:
                    self.skip(name, None, f"file of {size} bytes is larger than one article "
                                          f"can be ({MAX_ARTICLE_BYTES} bytes); split it")
                    continue
                if not path.is_file():
                    self.skip(name, None, "not a regular file")
                    continue
                with path.open("rb") as fh:  # read no more than the limit, whatever stat said
                    data = fh.read(MAX_ARTICLE_BYTES + 1)
            except OSError as e:
                self.skip(name, None, f"cannot read: {e.strerror or e}")
                continue
            if len(data) > MAX_ARTICLE_BYTES:
                self.skip(name, None, f"file is larger than one article can be "
                                      f"({MAX_ARTICLE_BYTES} bytes); split it")
                continue
            art = self._article_from_bytes(data, name, None, path.stem,
                                           html=suffix in HTML_SUFFIXES)
            if art is not None:
                yield art

    def _read_stream(self, stream: BinaryIO, name: str) -> Iterator[Article]:
        """Standard input: JSON Lines when the first non-blank byte is '{', else one text."""
        lines = bounded_lines(stream)
        head: list[bytes] = []
        first: tuple[int, bytes | None, int] | None = None
        for item in lines:
            if item[1] is None or item[1].strip():
                first = item
                break
            head.append(item[1])
        if first is None:
            self.skip(name, None, "empty input")
            return
        if first[1] is not None and first[1].lstrip()[:1] == b"{":
            yield from self._read_jsonl(itertools.chain([first], lines), name)
            return
        data = b""
        if first[1] is not None:  # else its first line alone is already too long
            data = b"".join(head) + first[1]
            data += stream.read(MAX_ARTICLE_BYTES + 1 - len(data))
        if first[1] is None or len(data) > MAX_ARTICLE_BYTES:
            self.skip(name, None, f"input is larger than one article can be "
                                  f"({MAX_ARTICLE_BYTES} bytes); split it")
            return
        art = self._article_from_bytes(data, name, None, "stdin", html=False)
        if art is not None:
            yield art

    def _decode(self, data: bytes, name: str, line: int | None,
                budget: list[int] | None = None) -> str | None:
        """Text of an input (or None, reported); a legacy reading is noted (``budget``: how
        many more notes this file may get)."""
        try:
            text, how = decode_report(data, path=name, line=line)
        except InputError as e:
            self.skip(name, line if line is not None else e.line, e.reason)
            return None
        if how is not None and (budget is None or budget[0] > 0):
            more = budget is not None and budget[0] == 1
            self.note(f"{name}{'' if line is None else f':{line}'}: {how}"
                      + ("; further lines of this file read in a legacy encoding are not "
                         "listed" if more else ""))
            if budget is not None:
                budget[0] -= 1
        return text

    def _article_from_bytes(self, data: bytes, name: str, line: int | None, hint: str,
                            *, html: bool) -> Article | None:
        text = self._decode(data, name, line)
        if text is None:
            return None
        meta: dict[str, str | None] = {}
        was_html = html or _looks_like_html(text)
        if was_html:
            meta = html_to_article_fields(text)
            text = meta.pop("text") or ""
        if not text.strip():
            self.skip(name, line, "no text in it" + (" (HTML without text)" if was_html else ""))
            return None
        return Article(
            id=doc_id_for(text, hint), text=text, lang=self.lang or meta.get("lang"),
            date=meta.get("date"), title=meta.get("title"), url=meta.get("url"), source=name,
        )

    def _read_jsonl(self, lines: Iterable[tuple[int, bytes | None, int]], name: str
                    ) -> Iterator[Article]:
        seen_any = False
        unknown_seen: set[str] = set()
        budget = [5]
        for lineno, raw, size in lines:
            if raw is not None and not raw.strip():
                continue
            seen_any = True
            if raw is None:
                self.skip(name, lineno, f"line of {size} bytes is larger than one article "
                                        f"can be ({MAX_ARTICLE_BYTES} bytes)")
                continue
            line = self._decode(raw, name, lineno, budget)
            if line is None:
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as e:
                self.skip(name, lineno, f"not JSON: {e.msg} at column {e.colno}")
                continue
            except RecursionError:
                self.skip(name, lineno, "not JSON kg can read: nested too deeply")
                continue
            if not isinstance(rec, dict):
                self.skip(name, lineno, f"expected a JSON object, got {type(rec).__name__}")
                continue
            unknown = set(rec) - JSONL_FIELDS
            new = sorted(unknown - unknown_seen)
            if new and len(unknown_seen) < 50:
                unknown_seen.update(new)
                self.note(f"{name}:{lineno}: unknown field(s) {', '.join(map(repr, new))} "
                          f"ignored; kg reads {', '.join(sorted(JSONL_FIELDS))}")
            rec = {_no_surrogates(k): _no_surrogates(v) if isinstance(v, str) else v
                   for k, v in rec.items()}
            text = rec.get("text")
            if not isinstance(text, str) or not text.strip():
                what = ("missing" if "text" not in rec else "empty" if isinstance(text, str)
                        else f"not a string ({type(text).__name__})")
                hint = [k for k in ("body", "content", "article", "fulltext") if k in rec]
                self.skip(name, lineno, f"'text' field {what}" + (
                    f" (it has {hint[0]!r}; kg reads the article from 'text')" if hint else ""))
                continue
            doc_id = rec.get("id")
            if _looks_like_html(text):
                text = html_to_article_fields(text).get("text") or ""
                if not text.strip():
                    self.skip(name, lineno, "no text in it (HTML without text)")
                    continue
            if isinstance(doc_id, dict | list) or doc_id is True or doc_id is False:
                self.skip(name, lineno, f"'id' must be a string or a number, not "
                                        f"{type(doc_id).__name__}")
                continue
            date = rec.get("date") if isinstance(rec.get("date"), str) else None
            yield Article(
                id=str(doc_id) if doc_id not in (None, "") else doc_id_for(text),
                text=text, lang=self.lang or _str_or_none(rec.get("lang")),
                date=date[:10] if date else None, title=_str_or_none(rec.get("title")),
                url=_str_or_none(rec.get("url")), source=f"{name}:{lineno}",
            )
        if not seen_any:
            self.skip(name, None, "empty file")


def bounded_lines(fh: BinaryIO, limit: int | None = None
                  ) -> Iterator[tuple[int, bytes | None, int]]:
    """``(line number, line, size)`` of a byte stream, never holding more than ``limit`` bytes.

    A line longer than ``limit`` comes as ``None`` (with its size): it is read
    through in chunks and dropped, so a 200 MB line without a newline costs
    no more memory than one article.
    """
    limit = MAX_ARTICLE_BYTES if limit is None else limit
    lineno = 0
    while True:
        raw = fh.readline(limit + 1)
        if not raw:
            return
        lineno += 1
        if len(raw) <= limit or raw.endswith(b"\n"):
            yield lineno, raw, len(raw)
            continue
        size = len(raw)
        while not raw.endswith(b"\n"):
            raw = fh.readline(1 << 20)
            if not raw:
                break
            size += len(raw)
        yield lineno, None, size


SNIFF_LINES = 20


def looks_like_articles(lines: Iterable[tuple[int, bytes | None, int]]) -> bool:
    """Whether JSON Lines found in a folder hold articles.

    False only when its first :data:`SNIFF_LINES` records are all JSON objects
    and none has a ``text`` field (a gold file, a log): a file with a broken
    line, or with any record carrying text, is read as articles, and each bad
    line reported.
    """
    seen = 0
    for _, raw, _ in lines:
        if raw is not None and not raw.strip():
            continue
        if raw is None:
            return True
        try:
            rec = json.loads(raw)
        except (ValueError, RecursionError):
            return True
        if not isinstance(rec, dict) or "text" in rec:
            return True
        seen += 1
        if seen >= SNIFF_LINES:
            break
    return seen == 0


_SURROGATE = re.compile("[\ud800-\udfff]")


def _no_surrogates(s: str) -> str:
    """JSON may escape lone UTF-16 surrogates (``"\\ud800"``), which no UTF-8 output can
    hold: each becomes U+FFFD, one character for one, so offsets do not move."""
    try:
        s.encode("utf-8")
        return s
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", s)


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
                  on_note: Callable[[str], None] | None = None,
                  exclude: Iterable[str | os.PathLike[str]] = ()) -> Iterator[Article]:
    """Stream the articles of files, folders and '-' (stdin), skipping bad inputs.

    ``exclude``: paths inside input folders not to read (a run's own outputs).
    """
    return Reader(on_skip=on_skip, strict=strict, lang=lang, on_note=on_note,
                  exclude=exclude).read(inputs)


__all__ = ["Skipped", "bounded_lines", "doc_id_for", "iter_files", "read_articles"]
