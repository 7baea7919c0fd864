"""Where a Neo4j server is and who we are to it, resolved the way Neo4j's own tools do.

``cypher-shell`` and ``neo4j-admin`` take ``-a URI``, ``-u USER``, ``-d DATABASE``
and read ``NEO4J_URI``, ``NEO4J_USERNAME``, ``NEO4J_PASSWORD`` and
``NEO4J_DATABASE``; kg takes ``--neo4j URI``, ``--user``, ``--database`` and
the same variables. The password is only ever read from the environment (the
variable ``--password-env VAR`` names, else ``NEO4J_PASSWORD``): a password on
the command line would sit in the shell history and in ``ps`` for everyone to
read.

The password lives in a :class:`Secret` whose ``repr``/``str`` are masked, so
printing, logging or raising with a :class:`Neo4jConnection` never shows it,
and :func:`scrub` removes it from any text a driver hands back. This module
does not import the driver, so the CLI can resolve options cheaply.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from kg.errors import ConnectionError_

ENV_URI = "NEO4J_URI"
ENV_USER = "NEO4J_USERNAME"
ENV_PASSWORD = "NEO4J_PASSWORD"
ENV_DATABASE = "NEO4J_DATABASE"
DEFAULT_USER = "neo4j"

# bolt: one server; neo4j: routing (clusters, Aura). +s: TLS with a CA-signed
# certificate, +ssc: TLS accepting a self-signed one.
SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
_DB_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9.\-]{0,62}$")
MASK = "***"


class Secret:
    """A string that refuses to show itself: repr and str are masked."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        """The secret itself: only for handing to the driver."""
        return self._value

    def __repr__(self) -> str:
        return "Secret('***')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(("Secret", self._value))

    def __reduce__(self) -> tuple[object, ...]:  # never pickled into a file or a worker
        raise TypeError("a Secret cannot be pickled")


@dataclass(frozen=True)
class Neo4jConnection:
    """A resolved Neo4j address: URI, user, database and (masked) password."""

    uri: str
    user: str | None = DEFAULT_USER
    database: str | None = None  # None: the server's default (home) database
    password: Secret | None = field(default=None, repr=False, compare=False)
    password_source: str | None = None  # e.g. "$NEO4J_PASSWORD", for messages only

    def auth(self) -> tuple[str, str] | None:
        """The driver's ``auth=`` value; None when no password is set (auth disabled)."""
        if self.password is None:
            return None
        return (self.user or DEFAULT_USER, self.password.reveal())

    def describe(self) -> str:
        """Where and who, for messages: never the password."""
        db = self.database or "the default database"
        who = f"user {self.user}" if self.password is not None else "no authentication"
        return f"{self.uri} ({db}, {who})"

    def __repr__(self) -> str:
        pw = f"<from {self.password_source}>" if self.password is not None else None
        return (f"Neo4jConnection(uri={self.uri!r}, user={self.user!r}, "
                f"database={self.database!r}, password={pw!r})")

    __str__ = describe


def redact_uri(uri: str) -> str:
    """A URI with any ``user:password@`` part masked."""
    return re.sub(r"(?<=://)[^/@]*@", f"{MASK}@", uri)


def check_uri(uri: str) -> str:
    """A Neo4j URI as the driver takes it, or a message saying what to write."""
    uri = uri.strip()
    shown = redact_uri(uri)
    if "://" not in uri:
        raise ConnectionError_(
            f"{shown!r} is not a Neo4j URI; write it with a scheme, e.g. "
            f"bolt://localhost:7687 or neo4j+s://xxxx.databases.neo4j.io "
            f"(schemes: {', '.join(SCHEMES)})")
    parts = urlsplit(uri)
    if parts.scheme.lower() not in SCHEMES:
        raise ConnectionError_(f"{shown}: unsupported scheme {parts.scheme!r}; use one of "
                               f"{', '.join(s + '://' for s in SCHEMES)}")
    if "@" in parts.netloc:
        raise ConnectionError_(
            f"{shown}: the URI carries credentials; give the user with --user (or "
            f"${ENV_USER}) and the password in an environment variable ({ENV_PASSWORD}, "
            "or the one --password-env names), never in the URI")
    if not parts.hostname:
        raise ConnectionError_(f"{shown}: no host name; e.g. bolt://localhost:7687")
    return uri


def resolve(uri: str | None = None, *, user: str | None = None,
            password_env: str | None = None, database: str | None = None,
            password: str | None = None,
            env: Mapping[str, str] | None = None) -> Neo4jConnection:
    """Options first, then the environment, the way Neo4j's tools read them.

    ``password`` is for the Python API only (a caller that already holds it);
    the CLI passes ``password_env``, the name of the variable to read.
    """
    env = os.environ if env is None else env
    uri = uri or env.get(ENV_URI)
    if not uri:
        raise ConnectionError_(
            f"no Neo4j URI: pass --neo4j bolt://HOST:7687 or set ${ENV_URI}")
    uri = check_uri(uri)
    user = user or env.get(ENV_USER) or DEFAULT_USER
    database = database or env.get(ENV_DATABASE) or None
    if database is not None and not _DB_NAME.match(database):
        raise ConnectionError_(f"{database!r} is not a Neo4j database name (letters, digits, "
                               "dots and dashes, starting with a letter)")
    source: str | None = None
    secret: Secret | None = None
    if password is not None:
        secret, source = Secret(password), "the caller"
    else:
        var = password_env or ENV_PASSWORD
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", var):
            raise ConnectionError_(f"--password-env wants the NAME of an environment "
                                   f"variable (e.g. NEO4J_PASSWORD), got {MASK}")
        value = env.get(var)
        if value is None and password_env:
            # A lower-case "name" may be a password typed in the wrong place: do not echo it.
            name = var if re.fullmatch(r"[A-Z_][A-Z0-9_]*", var) else MASK
            raise ConnectionError_(f"the environment variable {name} named by --password-env "
                                   "is not set; export it first (the password is never "
                                   "taken on the command line)")
        if value is not None:
            secret, source = Secret(value), f"${var}"
    return Neo4jConnection(uri=uri, user=user, database=database, password=secret,
                           password_source=source)


def scrub(text: str, conn: Neo4jConnection | None) -> str:
    """Text a driver or server produced, with the password (and URI userinfo) masked."""
    text = redact_uri(text)
    if conn is not None and conn.password is not None:
        pw = conn.password.reveal()
        if pw:
            text = text.replace(pw, MASK)
    return text


__all__ = ["ENV_DATABASE", "ENV_PASSWORD", "ENV_URI", "ENV_USER", "SCHEMES",
           "Neo4jConnection", "Secret", "check_uri", "redact_uri", "resolve", "scrub"]
