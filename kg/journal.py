"""A journal that makes long runs resumable: work files plus a log of committed documents.

While ``kg extract`` or ``kg build`` runs, every document's records are
appended to work files in a hidden folder beside the output
(``OUTDIR/.kg-work/`` or ``.NAME.kg-work/``; ``triples.jsonl.part``, ...),
and every few documents a *commit* line is appended to ``journal.jsonl``::

    {"kg_journal": 1, "run": {...}}                             header: what the run reads
    {"docs": [["doc-id", "source"], ...], "offsets": {...}, "totals": {...}}

A commit says: these documents are complete, and the work files held
exactly ``offsets`` bytes when they were. A run killed at any point (Ctrl-C,
``kill -9``, a crash) leaves at worst some lines past the last commit and a
torn last journal line. ``--resume`` reads the journal back, keeps the last
commit whose offsets the work files still reach, truncates the work files
(and the journal) there, and the run goes on, skipping the committed
documents: no triple twice, no document lost. The outputs are made from the
work files only at the end, atomically, so a finished-looking output is a
finished output. Only one run may use a work folder at a time (a lock file).
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import hashlib
import json
import os
import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from kg.errors import KgError
from kg.files import atomic_path, new_file_mode
from kg.jsonl import line as _line
from kg.jsonl import loads as _loads

try:  # POSIX: refuse a second run on the same work folder
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

VERSION = 1
JOURNAL = "journal.jsonl"
LOCK = "lock"
PART = ".part"


class JournalError(KgError):
    """A work folder that cannot be used: locked by another run, or from another run."""


def work_dir_for(output: str | os.PathLike[str], *, folder: bool = False) -> Path:
    """The work folder of an output: ``OUTDIR/.kg-work`` or ``.NAME.kg-work`` beside a file."""
    out = Path(output)
    if folder:
        return out / ".kg-work"
    return out.parent / f".{out.name}.kg-work"


def doc_key(doc_id: str, source: str | None) -> int:
    """A compact key for a document (id and where it was read), for the done set."""
    raw = f"{doc_id}\x1f{source or ''}".encode("utf-8", "replace")
    return int.from_bytes(hashlib.blake2b(raw, digest_size=8).digest(), "big")


class Journal:
    """The work files and commit log of one run (see the module docstring).

    ``write(name, record)`` appends a JSON line to a work file;
    ``doc_done(id, source, totals)`` marks a document complete (its lines are
    all written); commits happen every ``commit_every`` documents or
    ``commit_seconds``, and on :meth:`commit`. :meth:`finish` removes the
    work folder once the outputs exist.
    """

    def __init__(self, workdir: str | os.PathLike[str], files: Iterable[str], *,
                 run: dict[str, Any], resume: bool = False,
                 on_note: Callable[[str], None] | None = None, commit_every: int = 32,
                 commit_seconds: float = 1.0, sync_seconds: float = 10.0) -> None:
        self.dir = Path(workdir)
        self.names = list(files)
        self.run = json.loads(json.dumps(run))  # as it reads back from the journal
        self.note = on_note or (lambda msg: None)
        self.commit_every = commit_every
        self.commit_seconds = commit_seconds
        self.sync_seconds = sync_seconds
        self.done: set[int] = set()
        self.totals: dict[str, Any] = {}
        self.resumed = 0  # documents a previous run committed
        self._pending: list[list[str | None]] = []
        self._pending_offsets: dict[str, int] | None = None
        self._last_commit = self._last_sync = time.monotonic()
        self._lock_fh: IO[bytes] | None = None
        self._fh: dict[str, IO[bytes]] = {}
        self._journal: IO[bytes] | None = None
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise JournalError(f"cannot create the work folder {self.dir}: "
                               f"{e.strerror or e}") from e
        try:
            self._lock()
            offsets = self._recover() if resume else None
            if offsets is None:
                self._start_fresh(resume)
                offsets = dict.fromkeys(self.names, 0)
            self.offsets = offsets
            for name in self.names:
                self._fh[name] = open(self.path(name), "r+b" if offsets[name] else "wb")  # noqa: SIM115
                self._fh[name].seek(offsets[name])
                self._fh[name].truncate()
            self._journal = open(self.dir / JOURNAL, "ab")  # noqa: SIM115
        except OSError as e:
            self.close()
            raise JournalError(f"cannot write the work files in {self.dir}: "
                               f"{e.strerror or e}") from e
        except BaseException:
            self.close()
            raise

    # --- opening ---------------------------------------------------------------------

    def path(self, name: str) -> Path:
        """The work file of ``name`` (``NAME.jsonl.part``): never mistaken for an output."""
        return self.dir / f"{name}.jsonl{PART}"

    def _lock(self) -> None:
        if fcntl is None:  # pragma: no cover
            return
        self._lock_fh = open(self.dir / LOCK, "a+b")  # noqa: SIM115
        try:
            fcntl.flock(self._lock_fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as e:
            self._lock_fh.seek(0)
            holder = self._lock_fh.read().decode("ascii", "replace").strip() or "another process"
            raise JournalError(f"{self.dir} is in use by another kg run ({holder}); wait for it "
                               "to finish, or write to another output") from e
        self._lock_fh.seek(0)
        self._lock_fh.truncate()
        self._lock_fh.write(f"pid {os.getpid()}".encode())
        self._lock_fh.flush()

    def _start_fresh(self, resume: bool) -> None:
        journal = self.dir / JOURNAL
        if journal.exists() and journal.stat().st_size:
            if not resume:
                self.note(f"starting over: {self.dir} holds an interrupted run (rerun with "
                          "--resume to continue it instead)")
        elif resume:
            self.note(f"no interrupted run to resume in {self.dir}; starting from the beginning")
        for p in self.dir.iterdir():
            if p.name != LOCK:
                if p.is_dir():
                    shutil.rmtree(p)
                else:
                    p.unlink()
        header = {"kg_journal": VERSION, "started": _now(), "run": self.run}
        with open(journal, "wb") as fh:
            fh.write(_line(header))
            fh.flush()
            os.fsync(fh.fileno())

    def _recover(self) -> dict[str, int] | None:
        """Offsets of the last usable commit (truncating the journal there), or None."""
        journal = self.dir / JOURNAL
        if not journal.exists():
            return None
        sizes = {n: self.path(n).stat().st_size if self.path(n).exists() else -1
                 for n in self.names}
        offsets: dict[str, int] | None = None
        keep_bytes = 0
        with open(journal, "rb") as fh:
            first = fh.readline()
            try:
                header = json.loads(first)
            except ValueError:
                return None
            if not isinstance(header, dict) or header.get("kg_journal") != VERSION:
                return None
            if header.get("run") != self.run:
                raise JournalError(
                    f"cannot resume: the interrupted run in {self.dir} was started with other "
                    f"inputs or options ({_describe(header.get('run'))}; now "
                    f"{_describe(self.run)}); rerun without --resume to start over")
            keep_bytes = len(first)
            offsets = dict.fromkeys(self.names, 0)
            for raw in fh:
                if not raw.endswith(b"\n"):
                    break  # torn by the crash
                try:
                    rec = json.loads(raw)
                    offs = {n: int(rec["offsets"][n]) for n in self.names}
                    docs = rec["docs"]
                except (ValueError, KeyError, TypeError):
                    break
                if any(offs[n] > sizes[n] for n in self.names):
                    break  # the work files lost data the journal had recorded (power loss)
                offsets = offs
                self.totals = dict(rec.get("totals") or {})
                for d in docs:
                    self.done.add(doc_key(d[0], d[1]))
                keep_bytes += len(raw)
        with open(journal, "r+b") as fh:
            fh.truncate(keep_bytes)
        self.resumed = len(self.done)
        self.note(f"resuming the interrupted run in {self.dir}: {self.resumed} documents "
                  "already done")
        return offsets

    # --- writing ---------------------------------------------------------------------

    def is_done(self, doc_id: str, source: str | None) -> bool:
        return doc_key(doc_id, source) in self.done if self.done else False

    def write(self, name: str, record: dict[str, Any]) -> None:
        self.write_raw(name, _line(record))

    def write_raw(self, name: str, data: bytes) -> None:
        """Append lines already encoded (UTF-8 JSON, each ending in a newline)."""
        if data:
            self._fh[name].write(data)
            self.offsets[name] += len(data)

    def doc_done(self, doc_id: str, source: str | None, totals: dict[str, Any]) -> None:
        """All of a document's lines are written: commit it with the next batch."""
        self._pending.append([doc_id, source])
        self._pending_offsets = dict(self.offsets)
        self.totals = dict(totals)
        if (len(self._pending) >= self.commit_every
                or time.monotonic() - self._last_commit >= self.commit_seconds):
            self.commit()

    def commit(self) -> None:
        """Append a commit line for the documents completed since the last one."""
        if not self._pending or self._journal is None:
            return
        for fh in self._fh.values():
            fh.flush()
        now = time.monotonic()
        sync = now - self._last_sync >= self.sync_seconds
        if sync:  # survive a power cut too, not only a killed process
            for fh in self._fh.values():
                os.fsync(fh.fileno())
        self._journal.write(_line({"docs": self._pending, "offsets": self._pending_offsets,
                                   "totals": self.totals}))
        self._journal.flush()
        if sync:
            os.fsync(self._journal.fileno())
            self._last_sync = now
        self._pending = []
        self._last_commit = now

    def read(self, name: str) -> Iterator[dict[str, Any]]:
        """The records of a work file, as committed so far (call :meth:`commit` first)."""
        self._fh[name].flush()
        with open(self.path(name), "rb") as fh:
            for raw in fh:
                yield _loads(raw)

    def publish(self, name: str, target: str | os.PathLike[str]) -> None:
        """Make ``target`` a complete copy of a work file, atomically (hard link, else copy)."""
        self.commit()
        self._fh[name].flush()
        os.fsync(self._fh[name].fileno())
        with atomic_path(target) as tmp:
            tmp.unlink()
            try:
                os.link(self.path(name), tmp)
            except OSError:
                shutil.copyfile(self.path(name), tmp)

    @contextlib.contextmanager
    def output(self, target: str | os.PathLike[str]) -> Iterator[IO[str]]:
        """A text file written in the work folder that replaces ``target`` when the block
        ends without error (so a killed run leaves no stray temporary beside the outputs)."""
        part = self.dir / f"{Path(target).name}.out{PART}"
        with open(part, "w", encoding="utf-8") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        Path(target).parent.mkdir(parents=True, exist_ok=True)
        os.chmod(part, new_file_mode())
        os.replace(part, target)

    # --- closing ---------------------------------------------------------------------

    def close(self) -> None:
        """Close the files, keeping the work folder (an interrupted run can resume)."""
        with contextlib.suppress(Exception):
            self.commit()
        for fh in (*self._fh.values(), self._journal):
            if fh is not None:
                with contextlib.suppress(OSError):
                    fh.close()
        self._fh = {}
        self._journal = None
        if self._lock_fh is not None:
            with contextlib.suppress(OSError):
                self._lock_fh.close()
            self._lock_fh = None

    def finish(self) -> None:
        """The outputs are written: remove the work folder."""
        self._pending = []
        self.close()
        shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


def _now() -> str:
    return _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds")


def _describe(run: Any) -> str:
    if not isinstance(run, dict):
        return "unknown"
    return ", ".join(f"{k}={v}" for k, v in sorted(run.items()))
