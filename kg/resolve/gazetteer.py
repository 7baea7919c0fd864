"""The gazetteer: entities the world already knows, with their names per language.

Loaded once per process from ``data/gazetteer/*.yaml`` (see the README there)
and kept as plain dictionaries; ``matcher_entries(lang)`` yields the names
the language's matcher compiles. It also answers the questions resolution
needs: who held which office on a date, which states belong to a body, what
lies inside what, and how to name a state's ministry or government.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kg import resources
from kg.errors import ResourceError
from kg.extract.matcher import Payload
from kg.files import atomic_path
from kg.model import Entity

try:
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

# Bump when the Gazetteer's shape changes, so old pickles are not read.
CACHE_FORMAT = 1
LANGS_BY_SCRIPT = {"Latn": ("en", "fr"), "Arab": ("ar",), "Cyrl": ("ru",)}


@dataclass(frozen=True, slots=True)
class Office:
    """One office a person held: the standing relation it gives and its term."""

    predicate: str
    of: str
    role: str | None = None
    portfolio: str | None = None
    start: str | None = None
    end: str | None = None

    def current(self, date: str | None) -> bool:
        """Held on ``date`` (ISO); with no date every office counts."""
        if date is None:
            return True
        return (self.start is None or self.start <= date) and (self.end is None or date <= self.end)


@dataclass
class Gazetteer:
    entities: dict[str, Entity] = field(default_factory=dict)
    names: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # id -> lang -> names
    demonyms: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # ISO3 -> lang -> forms
    offices: dict[str, list[Office]] = field(default_factory=dict)  # person id -> offices
    members: dict[str, list[tuple[str, str | None, str | None]]] = field(default_factory=dict)
    within: dict[str, str] = field(default_factory=dict)  # place id -> containing place/country
    country_of: dict[str, str] = field(default_factory=dict)  # place/body id -> ISO3
    part_of: dict[str, str] = field(default_factory=dict)  # org id -> parent org id
    kinds: dict[str, str] = field(default_factory=dict)  # org id -> kind
    portfolios: dict[str, dict[str, Any]] = field(default_factory=dict)
    alias_index: dict[str, set[str]] = field(default_factory=dict)  # folded alias -> ids

    # -- questions -----------------------------------------------------------------
    def offices_of(self, person_id: str, date: str | None = None) -> list[Office]:
        return [o for o in self.offices.get(person_id, ()) if o.current(date)]

    def is_member(self, state: str, org: str, date: str | None) -> bool:
        for mid, since, until in self.members.get(org, ()):
            if mid == state and (date is None or ((since is None or since <= date) and (
                    until is None or date <= until))):
                return True
        return False

    def contains(self, outer: str, inner: str) -> bool:
        """True when ``inner`` lies (transitively) inside ``outer``."""
        seen = set()
        cur = inner
        while cur in self.within and cur not in seen:
            seen.add(cur)
            cur = self.within[cur]
            if cur == outer:
                return True
        return False

    def body(self, kind: str, country: str, portfolio: str | None = None) -> Entity:
        """The entity of a state's body (government, presidency, ministry, armed forces).

        Bodies listed in the gazetteer keep their names; others are named by rule:
        ``Ministry of Defence (Russia)``, ``Government of Kazakhstan``.
        """
        cid = country.lower()
        if kind == "ministry":
            oid = f"org:ministry-{portfolio or 'unknown'}-{cid}"
        else:
            oid = f"org:{kind.replace('_', '-')}-{cid}"
        if oid in self.entities:
            return self.entities[oid]
        cname = self.entities[country].label if country in self.entities else country
        if kind == "ministry":
            plabel = (self.portfolios.get(portfolio or "", {}).get("label")
                      or (portfolio or "").replace("_", " ").title())
            label = f"Ministry of {plabel} ({cname})"
        elif kind == "armed_forces":
            label = f"Armed Forces of {cname}"
        else:
            label = f"{kind.replace('_', ' ').title()} of {cname}"
        ent = Entity(id=oid, type="Organization", label=label, labels={"en": label},
                     aliases=[label])
        self.entities[oid] = ent
        self.country_of[oid] = country
        return ent

    def resolve_label(self, label: str) -> set[str]:
        """Ids a written name stands for (used by ``kg eval`` to compare labels)."""
        return self.alias_index.get(fold_label(label), set())

    # -- matcher ---------------------------------------------------------------------
    def matcher_entries(self, lang: str, script: str) -> Iterator[tuple[str, Payload]]:
        """Names and demonyms a language's matcher looks for.

        A language sees its own names and every name written in its script, so a
        French article finds "Vladimir Putin" and an English one "Poutine" is not
        looked for in vain.
        """
        langs = set(LANGS_BY_SCRIPT.get(script, ())) | {lang}
        proper = script in ("Latn", "Cyrl")
        for eid, by_lang in self.names.items():
            for code in langs:
                for name in by_lang.get(code, ()):
                    yield name, Payload("ent", eid, proper=proper)
        for cid, by_lang in self.demonyms.items():
            for code in langs:
                for form in by_lang.get(code, ()):
                    yield form, Payload("dem", cid)


def fold_label(s: str) -> str:
    """Case-, accent- and punctuation-insensitive key of a name (for label comparison)."""
    s = unicodedata.normalize("NFKD", s.casefold())
    s = "".join(c for c in s if not unicodedata.combining(c))
    return re.sub(r"[\W_]+", " ", s).strip()


def _load_yaml(*parts: str) -> list[dict[str, Any]]:
    try:
        text = resources.read_text("data", *parts)
    except ResourceError:
        return []
    try:
        data = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f":{mark.line + 1}" if mark is not None else ""
        raise ResourceError(f"data/{'/'.join(parts)}{where}: not valid YAML: {e}") from e
    if data is None:
        return []
    if not isinstance(data, list):
        raise ResourceError(f"data/{'/'.join(parts)}: expected a list of entries")
    return data


def _iso(v: Any) -> str | None:
    return None if v in (None, "") else str(v)[:10]


def _names(rec: dict[str, Any], *keys: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for key in keys:
        for lang, names in (rec.get(key) or {}).items():
            for n in names or ():
                if isinstance(n, str) and n.strip() and n not in out[lang]:
                    out[lang].append(n.strip())
    return dict(out)


def _entity(rec: dict[str, Any], type_: str, names: dict[str, list[str]]) -> Entity:
    labels = {lang: ns[0] for lang, ns in names.items() if ns}
    labels.setdefault("en", rec["label"])
    aliases = sorted({n for ns in names.values() for n in ns} | {rec["label"]})
    return Entity(id=str(rec["id"]), type=type_, label=str(rec["label"]), labels=labels,
                  aliases=aliases, wikidata=rec.get("wikidata") or None,
                  subtype=rec.get("subtype"))


@functools.cache
def load() -> Gazetteer:
    """The gazetteer of this installation, loaded once per process.

    Parsing the YAML takes seconds; the parsed gazetteer is kept as a pickle in the
    user's cache folder (``$XDG_CACHE_HOME/kg`` or ``~/.cache/kg``, off with
    ``KG_NO_CACHE=1``), keyed by a hash of every data file, so an edit to any of
    them is picked up and a stale cache is never used.
    """
    key = _data_key()
    cached = _cache_read(key)
    if cached is not None:
        return cached
    gz = _parse()
    _cache_write(key, gz)
    return gz


def _people_files() -> list[str]:
    """The files of ``data/gazetteer/people/`` (none if the folder is missing)."""
    try:
        names = resources.listdir("data", "gazetteer", "people")
    except ResourceError:
        return []
    return [n for n in names if n.endswith((".yaml", ".yml"))]


def _data_files() -> list[tuple[str, ...]]:
    files = [("gazetteer", n) for n in resources.listdir("data", "gazetteer")
             if n.endswith(".yaml")]
    return files + [("gazetteer", "people", n) for n in _people_files()]


def _data_key() -> str:
    h = hashlib.sha256(f"{CACHE_FORMAT}".encode())
    for parts in _data_files():
        h.update("/".join(parts).encode())
        h.update(resources.path("data", *parts).read_bytes())
    return h.hexdigest()[:24]


def _cache_dir() -> Path | None:
    if os.environ.get("KG_NO_CACHE"):
        return None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "kg"


def _cache_read(key: str) -> Gazetteer | None:
    folder = _cache_dir()
    if folder is None:
        return None
    try:
        with open(folder / f"gazetteer-{key}.pickle", "rb") as fh:
            gz = pickle.load(fh)
        return gz if isinstance(gz, Gazetteer) else None
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        return None


def _cache_write(key: str, gz: Gazetteer) -> None:
    folder = _cache_dir()
    if folder is None:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with atomic_path(folder / f"gazetteer-{key}.pickle") as tmp, open(tmp, "wb") as fh:
            pickle.dump(gz, fh, protocol=pickle.HIGHEST_PROTOCOL)
    except OSError:
        pass  # a read-only home is no reason to fail: the next run parses again


def _parse() -> Gazetteer:
    gz = Gazetteer()

    def add(rec: dict[str, Any], type_: str, name_keys: tuple[str, ...] = ("names",)) -> str:
        names = _names(rec, *name_keys)
        names.setdefault("en", [])
        if rec["label"] not in names["en"]:
            names["en"].insert(0, rec["label"])
        eid = str(rec["id"])
        if eid in gz.entities:  # the same entity in two files: merge its names
            old = gz.names[eid]
            for lang, ns in names.items():
                old.setdefault(lang, [])
                old[lang].extend(n for n in ns if n not in old[lang])
            names = old
        gz.entities[eid] = _entity(rec, type_, names)
        gz.names[eid] = names
        return eid

    for rec in _load_yaml("gazetteer", "countries.yaml"):
        cid = add(rec, "Country")
        gz.demonyms[cid] = _names(rec, "demonyms")
    for fname in ("organizations.yaml", "government_bodies.yaml"):
        for rec in _load_yaml("gazetteer", fname):
            oid = add(rec, "Organization", ("names", "acronyms"))
            gz.kinds[oid] = rec.get("kind") or "other"
            if rec.get("country"):
                gz.country_of[oid] = rec["country"]
            if rec.get("part_of"):
                gz.part_of[oid] = rec["part_of"]
            members = []
            for m in rec.get("members") or ():
                if isinstance(m, str):
                    members.append((m, None, None))
                elif isinstance(m, dict) and m.get("id"):
                    members.append((str(m["id"]), _iso(m.get("since")), _iso(m.get("until"))))
            if members:
                gz.members[oid] = members
    for rec in _load_yaml("gazetteer", "places.yaml"):
        pid = add(rec, "Location")
        if rec.get("country"):
            gz.country_of[pid] = rec["country"]
            gz.within[pid] = rec.get("in") or rec["country"]
    for fname in _people_files():
        for rec in _load_yaml("gazetteer", "people", fname):
            pid = add(rec, "Person")
            offs = gz.offices.setdefault(pid, [])
            for o in rec.get("offices") or ():
                off = Office(predicate=o.get("predicate", "OFFICIAL_OF"), of=str(o.get("of")),
                             role=o.get("role"), portfolio=o.get("portfolio"),
                             start=_iso(o.get("from")), end=_iso(o.get("to")))
                if off not in offs:
                    offs.append(off)
    for rec in _load_yaml("gazetteer", "portfolios.yaml"):
        if rec.get("key"):
            gz.portfolios[rec["key"]] = rec
    for eid, by_lang in gz.names.items():
        for ns in by_lang.values():
            for n in ns:
                gz.alias_index.setdefault(fold_label(n), set()).add(eid)
        gz.alias_index.setdefault(fold_label(eid), set()).add(eid)
    return gz
