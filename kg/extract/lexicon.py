"""A language's lexicon (``data/lang/<code>/lexicon.yaml``) as matcher entries.

Every list in the file becomes phrases of one ``kind``; the rule engine reads
kinds, never words, so a new language is a new data folder.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

import yaml

from kg import resources
from kg.errors import ResourceError
from kg.extract.matcher import Matcher, Payload
from kg.lang import get_language
from kg.vocab import PREDICATES

# Lexicon kinds whose words may carry an Arabic-style pronoun ending (وزير خارجيته).
ENCLITIC_KINDS = {"title", "counterpart", "orghead", "trigger", "anaphor", "collective",
                  "membership", "marker"}
SIMPLE_LISTS = {
    "counterparts": "counterpart", "honorifics": "honorific", "collectives": "collective",
    "neutral": "neutral", "membership": "membership", "negations": "neg",
    "futures": "future", "reporting": "report", "clause_breaks": "clause",
    "relatives": "relative", "conjunctions": "conj", "determiners": "det",
    "name_stops": "stop", "possessives": "poss", "adverbials": "adverbial",
    "light_verbs": "light", "report_continue": "report_continue", "former": "former",
    "object_relatives": "orelative", "clause_pronouns": "cpron", "denials": "denial",
}


@functools.cache
def load_lexicon(code: str) -> dict[str, Any]:
    """The parsed lexicon of one language (empty sections where the file has none)."""
    try:
        text = resources.read_text("data", "lang", code, "lexicon.yaml")
    except ResourceError as e:
        raise ResourceError(f"language {code!r} has no lexicon: {e}") from e
    data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
    for entry in data.get("titles", []) + data.get("triggers", []):
        pred = entry.get("predicate")
        if pred not in PREDICATES and pred is not None:
            raise ResourceError(f"data/lang/{code}/lexicon.yaml: unknown predicate {pred!r}")
    return data


def lexicon_entries(code: str) -> Iterator[tuple[str, Payload]]:
    """(phrase, payload) pairs of a language's lexicon."""
    lex = load_lexicon(code)

    def p(kind: str, value: object) -> Payload:
        return Payload(kind, value, enclitic_ok=kind in ENCLITIC_KINDS)

    def phrase(ph: object) -> str:
        # YAML reads bare on/off/yes/no/true/false as booleans and digits as numbers:
        # such a phrase would silently match "True" or "5" instead of the word meant.
        if not isinstance(ph, str):
            raise ResourceError(f"data/lang/{code}/lexicon.yaml: phrase {ph!r} is not text; "
                                "quote it (YAML reads bare on, off, yes, no, true and false "
                                "as booleans)")
        return ph

    for entry in lex.get("titles", ()):
        value = {k: entry.get(k) for k in ("predicate", "role", "portfolio", "plural")}
        for ph in entry["phrases"]:
            yield phrase(ph), p("title", value)
    for entry in lex.get("org_heads", ()):
        value = {"body": entry["body"], "portfolio": entry.get("portfolio")}
        for ph in entry["phrases"]:
            yield phrase(ph), p("orghead", value)
    for entry in lex.get("triggers", ()):
        value = {"predicate": entry["predicate"], "cameo": entry.get("cameo")}
        for ph in entry["phrases"]:
            yield phrase(ph), p("trigger", value)
    for section, kind in (("markers", "marker"), ("anaphors", "anaphor")):
        for sub, phrases in (lex.get(section) or {}).items():
            for ph in phrases or ():
                yield phrase(ph), p(kind, sub)
    for key, kind in SIMPLE_LISTS.items():
        for ph in lex.get(key) or ():
            yield phrase(ph), p(kind, None)
    dates = lex.get("dates") or {}
    for kind in ("relative", "weekdays", "months"):
        for ph, n in (dates.get(kind) or {}).items():
            yield phrase(ph), p(f"date_{kind}", int(n))


@functools.cache
def matcher_for(code: str) -> Matcher:
    """The compiled matcher of a language: gazetteer names plus its lexicon, built once."""
    from kg.resolve.gazetteer import load

    lang = get_language(code)
    gz = load()

    def entries() -> Iterator[tuple[str, Payload]]:
        yield from gz.matcher_entries(code, lang.script)
        yield from lexicon_entries(code)

    return Matcher(lang, entries())
