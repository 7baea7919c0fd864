"""Reading ``triples.jsonl`` and ``entities.jsonl``, one validated record per line.

Every bad line becomes a :class:`~kg.errors.InputError` carrying the file and
line, so a user sees ``triples.jsonl:17: predicate 'CALLS' is not in the
contract`` and can fix it. With ``strict=True`` the first one is raised;
otherwise each goes to ``on_error`` and the line is skipped, so one broken
line does not throw away a night's extraction. Records are checked by
:meth:`kg.model.Triple.from_dict` (unknown fields refused), against
``schemas/triple.schema.json`` / ``schemas/entity.schema.json`` where those
exist (compiled once), and against the predicate's domain and range, which
the stores need and JSON Schema cannot say. ``.gz`` files are read as gzip.
"""

from __future__ import annotations

import functools
import gzip
import json
import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any, TypeVar

from kg import resources
from kg.errors import InputError, KgError, ResourceError
from kg.model import Entity, Triple
from kg.vocab import PREDICATES

log = logging.getLogger(__name__)

T = TypeVar("T")
OnError = Callable[[InputError], None]


@functools.cache
def _validator(name: str) -> Any | None:
    """The compiled JSON Schema validator of a bundled schema, or None where it is absent."""
    try:
        text = resources.read_text("schemas", name)
    except ResourceError:
        return None
    import jsonschema

    schema = json.loads(text)
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def _schema_problem(name: str, record: dict[str, Any]) -> str | None:
    v = _validator(name)
    if v is None:
        return None
    err = next(iter(v.iter_errors(record)), None)
    if err is None:
        return None
    where = "/".join(str(p) for p in err.absolute_path)
    msg = err.message
    if err.validator == "enum":
        msg = f"{err.instance!r} is not an allowed value"
    return f"{where + ': ' if where else ''}{msg}"


def _open(path: Path) -> IO[str]:
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding="utf-8")
    return path.open(encoding="utf-8")


def _triple(record: dict[str, Any]) -> Triple:
    t = Triple.from_dict(record)
    p = PREDICATES[t.predicate]
    if t.subject.type not in p.domain:
        raise ValueError(f"{t.predicate} takes a subject of type {'/'.join(p.domain)}, "
                         f"not {t.subject.type} ({t.subject.id})")
    if t.object.type not in p.range:
        raise ValueError(f"{t.predicate} takes an object of type {'/'.join(p.range)}, "
                         f"not {t.object.type} ({t.object.id})")
    if t.evidence.start > t.evidence.end:
        raise ValueError(f"evidence start {t.evidence.start} is after its end {t.evidence.end}")
    return t


def _read(path: str | Path, schema: str, build: Callable[[dict[str, Any]], T], *,
          strict: bool, on_error: OnError | None) -> Iterator[tuple[int, T]]:
    p = Path(path)
    try:
        fh = _open(p)
    except OSError as e:
        raise InputError(f"cannot read: {e.strerror or e}", path=str(p)) from e

    def bad(line_no: int, reason: str, cause: BaseException | None = None) -> None:
        err = InputError(reason, path=str(p), line=line_no)
        if strict:
            raise err from cause
        if on_error is not None:
            on_error(err)
        else:
            log.warning("%s", err)

    with fh:
        line_no = 0
        try:
            for line_no, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as e:
                    bad(line_no, f"not JSON: {e.msg} (column {e.colno})", e)
                    continue
                if not isinstance(record, dict):
                    bad(line_no, f"expected a JSON object, got {type(record).__name__}")
                    continue
                # The record classes first (their messages are the shortest), then the
                # JSON Schema for what they do not check (date formats, code patterns).
                try:
                    item = build(record)
                except KeyError as e:
                    bad(line_no, f"missing field {e.args[0]!r}", e)
                    continue
                except InputError as e:  # SchemaError from from_dict
                    bad(line_no, e.reason, e)
                    continue
                except (KgError, ValueError, TypeError, AttributeError) as e:
                    bad(line_no, str(e) or type(e).__name__, e)
                    continue
                problem = _schema_problem(schema, record)
                if problem:
                    bad(line_no, f"does not fit {schema}: {problem}")
                    continue
                yield line_no, item
        except UnicodeDecodeError as e:
            raise InputError(f"not UTF-8 text near line {line_no + 1}: {e.reason}",
                             path=str(p), line=line_no + 1) from e
        except (OSError, EOFError) as e:  # truncated gzip and the like
            raise InputError(f"cannot read past line {line_no}: {e}", path=str(p)) from e


def iter_triples(path: str | Path, *, strict: bool = False,
                 on_error: OnError | None = None) -> Iterator[tuple[int, Triple]]:
    """``(line number, Triple)`` for every good line of a triples file."""
    return _read(path, "triple.schema.json", _triple, strict=strict, on_error=on_error)


def read_triples(path: str | Path, *, strict: bool = False,
                 on_error: OnError | None = None) -> Iterator[Triple]:
    """Stream the triples of a JSON Lines file, skipping (or, strict, raising on) bad lines."""
    for _, t in iter_triples(path, strict=strict, on_error=on_error):
        yield t


def iter_entities(path: str | Path, *, strict: bool = False,
                  on_error: OnError | None = None) -> Iterator[tuple[int, Entity]]:
    return _read(path, "entity.schema.json", Entity.from_dict, strict=strict, on_error=on_error)


def read_entities(path: str | Path, *, strict: bool = False,
                  on_error: OnError | None = None) -> Iterator[Entity]:
    """Stream the entity records of a JSON Lines file, as :func:`read_triples` does triples."""
    for _, e in iter_entities(path, strict=strict, on_error=on_error):
        yield e


__all__ = ["iter_entities", "iter_triples", "read_entities", "read_triples"]
