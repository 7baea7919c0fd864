"""One exception tree for kg.

Every message says where (file and line where known), what went wrong and,
where there is one, what the user can do about it. The CLI turns these into
messages and exit codes in one place (``kg/cli/__init__.py``); library users
catch :class:`KgError`.
"""

from __future__ import annotations


class KgError(Exception):
    """Root of every error kg raises on purpose."""

    exit_code = 1


class InputError(KgError):
    """An input file, line or record that cannot be read or does not fit the contract."""

    def __init__(self, reason: str, *, path: str | None = None, line: int | None = None):
        self.reason = reason
        self.path = path
        self.line = line
        super().__init__(self.location() + reason)

    def location(self) -> str:
        if self.path is None:
            return ""
        return f"{self.path}:{self.line}: " if self.line is not None else f"{self.path}: "


class SchemaError(InputError):
    """A record that parses but breaks the JSON Schema of the contract."""


class ResourceError(KgError):
    """A bundled data file (data/, queries/, schemas/) is missing or malformed."""


class RegistryError(KgError):
    """An unknown name was asked of a registry; the message lists the known ones."""


class StoreError(KgError):
    """The graph store refused an operation (locked, not a kg store, wrong schema version)."""


class QueryError(KgError):
    """A Cypher query failed in the store; the store's own message is kept."""

    exit_code = 2


class ConnectionError_(StoreError):
    """A remote store (Neo4j) could not be reached or refused the credentials."""


class ExportError(KgError):
    """An export could not be written."""
