"""Options shared by the commands, each one decorator (as sqlite-utils does).

``@store_options`` adds the options that say which store to use and hands the
command one :class:`StoreSpec` argument named ``store`` instead of loose
values, so a backend that needs more options (Neo4j: URI, user, password,
database) adds them here, to ``StoreSpec`` and to :data:`STORE_OPTION_NAMES`,
and no command changes.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from kg.api import Store

DEFAULT_STORE = "kg-store"


@dataclass(slots=True)
class StoreSpec:
    """Which store a command works on, as the user gave it."""

    path: str = DEFAULT_STORE
    backend: str = "ladybug"
    options: dict[str, Any] = field(default_factory=dict)

    def open(self, *, create: bool = False, read_only: bool = False) -> Store:
        """Open the store; readers pass ``read_only=True`` so they never wait on a writer."""
        from kg.api import open_store  # here: kg.api (networkx, the stores) is slow to import

        return open_store(self.path, create=create, read_only=read_only, backend=self.backend,
                          **self.options)


# Parameters @neo4j_options adds; folded into one ``neo4j`` connection dict (or None).
NEO4J_OPTION_NAMES: tuple[str, ...] = ("neo4j_uri", "neo4j_user", "neo4j_password_env",
                                       "neo4j_database")

# Parameters @store_options adds and folds into the StoreSpec.
STORE_OPTION_NAMES: tuple[str, ...] = ("store", *NEO4J_OPTION_NAMES)


def _neo4j_click_options(f: Callable[..., Any]) -> Callable[..., Any]:
    for opt in reversed((
        click.option("--neo4j", "neo4j_uri", metavar="URI", is_flag=False, flag_value="",
                     default=None,
                     help="Use a Neo4j server instead of the embedded store: bolt://HOST:7687, "
                          "neo4j://, neo4j+s://... Alone, reads NEO4J_URI."),
        click.option("--user", "neo4j_user", metavar="NAME", default=None,
                     help="Neo4j user (default: NEO4J_USERNAME, else neo4j)."),
        click.option("--password-env", "neo4j_password_env", metavar="VAR", default=None,
                     help="Environment variable holding the Neo4j password (default: "
                          "NEO4J_PASSWORD); never the password itself."),
        click.option("--database", "neo4j_database", metavar="NAME", default=None,
                     help="Neo4j database (default: NEO4J_DATABASE, else the server's)."),
    )):
        f = opt(f)
    return f


def neo4j_spec(neo4j_uri: str | None, neo4j_user: str | None = None,
               neo4j_password_env: str | None = None,
               neo4j_database: str | None = None) -> dict[str, Any] | None:
    """The Neo4j options as ``kg.api.open_neo4j`` keywords, or None without ``--neo4j``.

    Checked here (URI, password variable), so a mistake fails before any work;
    the password itself is read from the environment only when connecting.
    """
    if neo4j_uri is None:
        given = [o for o, v in (("--user", neo4j_user), ("--password-env", neo4j_password_env),
                                ("--database", neo4j_database)) if v]
        if given:
            raise click.UsageError(f"{', '.join(given)}: Neo4j option(s), they need --neo4j URI")
        return None
    from kg.store.connection import resolve

    conn = resolve(neo4j_uri or None, user=neo4j_user, password_env=neo4j_password_env,
                   database=neo4j_database)
    return {"uri": conn.uri, "user": neo4j_user, "password_env": neo4j_password_env,
            "database": neo4j_database}


def neo4j_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """Add ``--neo4j [URI]``, ``--user``, ``--password-env VAR``, ``--database``.

    The command receives ``neo4j``: None, or a dict for :func:`kg.api.open_neo4j`.
    Environment fallbacks: NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD, NEO4J_DATABASE.
    """

    @functools.wraps(f)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        values = [kwargs.pop(name) for name in NEO4J_OPTION_NAMES]
        return f(*args, neo4j=neo4j_spec(*values), **kwargs)

    return _neo4j_click_options(wrapper)


def store_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """Add ``--store PATH`` (env ``KG_STORE``) and the Neo4j options of :func:`neo4j_options`;
    the command receives ``store: StoreSpec``."""

    @functools.wraps(f)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        values = {name: kwargs.pop(name) for name in STORE_OPTION_NAMES}
        spec = StoreSpec(path=values["store"])
        neo = neo4j_spec(*(values[n] for n in NEO4J_OPTION_NAMES))
        if neo is not None:
            spec = StoreSpec(path=neo["uri"], backend="neo4j",
                             options={k: v for k, v in neo.items() if k != "uri"})
        return f(*args, store=spec, **kwargs)

    return click.option(
        "--store", "store", default=DEFAULT_STORE, show_default=True, envvar="KG_STORE",
        metavar="PATH", help="Store folder (embedded LadybugDB). Env: KG_STORE.",
    )(_neo4j_click_options(wrapper))


def format_option(*choices: str, default: str = "table") -> Callable[[Callable[..., Any]], Any]:
    """``--format`` with the given choices."""
    return click.option(
        "--format", "fmt", type=click.Choice(choices), default=default, show_default=True,
        help="Output format.",
    )
