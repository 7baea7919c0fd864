"""The one door to the bundled ``data/``, ``queries/`` and ``schemas/`` folders.

In a wheel they are installed inside the package as ``kg/_res/<kind>``
(hatch ``force-include``); in an editable install or a checkout they sit
beside ``kg/`` at the repository root. Both are found here, so no other
module builds a path to a bundled file.
"""

from __future__ import annotations

import functools
import importlib.resources
from importlib.resources.abc import Traversable
from pathlib import Path

from kg.errors import ResourceError

KINDS = ("data", "queries", "schemas")


@functools.cache
def root(kind: str) -> Traversable:
    """The folder of one kind of bundled resource."""
    if kind not in KINDS:
        raise ResourceError(f"unknown resource kind {kind!r}; known: {', '.join(KINDS)}")
    installed = importlib.resources.files("kg") / "_res" / kind
    if installed.is_dir():
        return installed
    checkout = Path(__file__).resolve().parent.parent / kind
    if checkout.is_dir():
        return checkout
    raise ResourceError(
        f"cannot find the bundled {kind}/ folder (looked in {installed} and {checkout}); "
        "reinstall kg with 'pip install .' or run from a checkout"
    )


def path(kind: str, *parts: str) -> Traversable:
    """A file or folder inside one kind of resource; raises if it does not exist."""
    node = root(kind)
    for part in parts:
        node = node / part
    if not (node.is_file() or node.is_dir()):
        raise ResourceError(f"bundled resource {kind}/{'/'.join(parts)} is missing")
    return node


def read_text(kind: str, *parts: str) -> str:
    """The text of one bundled file, read as UTF-8."""
    return path(kind, *parts).read_text(encoding="utf-8")


def listdir(kind: str, *parts: str) -> list[str]:
    """Names of the entries of a bundled folder, sorted."""
    return sorted(child.name for child in path(kind, *parts).iterdir())
