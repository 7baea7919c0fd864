"""What every exporter shares: its summary, atomic writes, flattening of values.

An exporter is a function ``export(g, path, **opts) -> ExportSummary`` over
the aggregated graph of :mod:`kg.graph`. It writes exactly the path it is
given, through a temporary file in the same folder and ``os.replace``, so a
crash or a full disk never leaves a half-written file where a good one was.
"""

from __future__ import annotations

import contextlib
import json
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import networkx as nx

from kg import files
from kg.errors import ExportError


@dataclass(slots=True)
class ExportSummary:
    """What one export wrote: counts a user can check against ``kg stats``."""

    format: str
    path: Path
    nodes: int = 0
    edges: int = 0
    evidence: int = 0
    rdf_triples: int = 0  # RDF formats only
    files: list[Path] = field(default_factory=list)
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)

    def describe(self) -> str:
        """One line for the CLI."""
        extra = f", {self.rdf_triples} RDF triples" if self.rdf_triples else ""
        return (f"wrote {self.nodes} nodes, {self.edges} edges, {self.evidence} evidence "
                f"rows{extra} as {self.format} to {self.path} in {self.seconds:.2f} s")


class Exporter(Protocol):
    def __call__(self, g: nx.MultiDiGraph, path: Path, **opts: Any) -> ExportSummary: ...


def count_evidence(g: nx.MultiDiGraph) -> int:
    return sum(len(d.get("evidence") or ()) for _, _, d in g.edges(data=True))


def prepare_path(path: Path | str) -> Path:
    """The user's path as given; its folder is created if missing."""
    p = Path(path)
    if p.is_dir():
        raise ExportError(f"{p}: is a folder; give a file name to write to")
    try:
        p.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise ExportError(f"{p.parent}: cannot create the output folder: {e}") from e
    return p


@contextlib.contextmanager
def atomic_path(path: Path | str) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success it replaces ``path``."""
    target = prepare_path(path)
    try:
        with files.atomic_path(target) as tmp_path:
            yield tmp_path
    except OSError as e:
        raise ExportError(f"{target}: cannot write: {e}") from e


class Timer:
    """Wall-clock seconds since creation, for the summary."""

    def __init__(self) -> None:
        self._t0 = time.perf_counter()

    def __call__(self) -> float:
        return round(time.perf_counter() - self._t0, 3)


# XML 1.0 cannot carry these code points at all (not even escaped); GraphML and
# GEXF readers reject the file, so they become U+FFFD.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_safe(text: str) -> str:
    return _XML_INVALID.sub("\ufffd", text)


def to_json(value: Any) -> str:
    """Lists and dicts as one JSON string (UTF-8 kept readable), for flat formats."""
    return json.dumps(value, ensure_ascii=False, sort_keys=isinstance(value, dict))


def flat(value: Any) -> str | int | float | bool | None:
    """A value a flat attribute table can hold: scalars as they are, the rest as JSON."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, set | frozenset | tuple):
        value = sorted(value) if isinstance(value, set | frozenset) else list(value)
    return to_json(value)
