"""Synthetic news for the benchmarks: realistic articles from the gazetteer and templates.

Real corpora of 100k articles cannot ship with the project, and a benchmark
must be rerun by anyone, so the corpus is generated: every article is a pure
function of ``(seed, index)``, which makes a 1k corpus the first thousand
articles of the 10k one and lets a "new day" of news be the articles right
after an existing corpus. Articles are written in Arabic, English, French
and Russian from ``bench/templates/<lang>.yaml`` (original sentences with
slots) filled with names from :func:`kg.resolve.gazetteer.load`, with titles
and trigger words the language's lexicon knows, so the rule extractor finds
real triples in them. Each article also carries the facts it was written
from, as contract :class:`~kg.model.Triple` records (evidence offsets point
into its text): the load and query benchmarks use them as extractor output
that does not move while the extractor is being tuned.

    python -m bench.corpus -n 1000 --seed 7 -o bench/results/corpus-1k
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import itertools
import json
import random
import re
import string
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from bench.grammar import (
    Phrase,
    Seg,
    capitalize_first,
    fr_article,
    fr_contract,
    ru_female,
)
from kg.model import EntityRef, Evidence, Triple
from kg.resolve.gazetteer import Gazetteer, Office
from kg.resolve.gazetteer import load as load_gazetteer
from kg.vocab import PREDICATES

TEMPLATES = Path(__file__).with_name("templates")
GENERATOR_VERSION = "1"
LANG_MIX: dict[str, float] = {"ar": 0.40, "en": 0.35, "fr": 0.125, "ru": 0.125}
PER_DAY = 250  # articles a day: 100k articles are about 13 months of a busy news desk
START = dt.date(2022, 1, 3)
SHARD = 10_000  # articles per JSON Lines file

# How often each kind of event is in the news (relative weights).
EVENT_WEIGHTS: dict[str, float] = {
    "MET": 20, "CALLED": 12, "VISITED": 10, "SUPPORTED": 8, "ACCUSED": 8, "SANCTIONED": 5,
    "NEGOTIATED_WITH": 5, "SIGNED_AGREEMENT_WITH": 5, "THREATENED": 4, "PROVIDED_AID_TO": 4,
    "ATTACKED": 4, "INFORMED": 3, "IN_CONTACT_WITH": 3, "DEPLOYED_FORCES_TO": 3,
    "PROTESTED_IN": 2, "DECLARED_EMERGENCY": 1, "DISMISSED": 1, "APPOINTED": 1, "MEMBER_OF": 1,
}
# Kinds of entity each slot takes (subject, object); a kind the gazetteer lacks is left out.
SLOT_KINDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "CALLED": (("person",), ("person",)),
    "MET": (("person",), ("person",)),
    "VISITED": (("person",), ("place", "country")),
    "IN_CONTACT_WITH": (("person",), ("person",)),
    "INFORMED": (("person",), ("person",)),
    "NEGOTIATED_WITH": (("person", "country"), ("person", "country")),
    "SIGNED_AGREEMENT_WITH": (("person", "country"), ("person", "country", "body")),
    "SUPPORTED": (("person", "country"), ("person", "body", "country")),
    "PROVIDED_AID_TO": (("country", "body"), ("country",)),
    "DEPLOYED_FORCES_TO": (("country", "body"), ("country", "place")),
    "ACCUSED": (("person", "country"), ("country", "person", "body", "group")),
    "THREATENED": (("person", "country"), ("country", "person")),
    "SANCTIONED": (("country", "body"), ("country", "person", "group")),
    "DECLARED_EMERGENCY": (("person",), ("place", "country")),
    "DISMISSED": (("person",), ("person",)),
    "APPOINTED": (("person",), ("person",)),
    "ATTACKED": (("country", "group"), ("place", "country")),
    "PROTESTED_IN": (("group", "body"), ("place", "country")),
    "MEMBER_OF": (("country",), ("body",)),
}
BODY_KINDS = {"alliance", "intergovernmental", "un_body", "bloc"}
# Office roles the templates name under another key.
ROLE_KEYS = {
    "head_of_government": "prime_minister", "premier": "prime_minister",
    "acting_president": "president", "emir": "monarch", "leader": "president",
    "first_deputy_prime_minister": "deputy_prime_minister",
    "chief_of_general_staff": "chief_of_staff", "white_house_chief_of_staff": "chief_of_staff",
}
SLOTS = {"A", "B", "a", "b", "P", "day", "topic", "n"}
TITLE_SLOTS = {"name", "dem", "of"}


# -- templates -------------------------------------------------------------------------------
@dataclass
class Templates:
    """One language's sentence templates (see bench/templates/en.yaml for the slots)."""

    lang: str
    titles: dict[str, list[str]]
    weekdays: list[str]
    today: str
    yesterday: str
    topics: list[str]
    datelines: list[str]
    dateline: str
    months: list[str]
    headlines: dict[str, list[str]]
    events: dict[str, list[str]]
    attribution: list[str]
    filler: list[str]


@cache
def _ordered_slots(text: str) -> tuple[str, ...]:
    return tuple(name for _, name, _, _ in string.Formatter().parse(text) if name)


@cache
def _slots(text: str) -> frozenset[str]:
    return frozenset(_ordered_slots(text))


@cache
def templates(lang: str) -> Templates:
    """The templates of ``lang``, checked: unknown slots are refused with the file and text."""
    path = TEMPLATES / f"{lang}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    t = Templates(lang=lang, **{k: data[k] for k in (
        "titles", "weekdays", "today", "yesterday", "topics", "datelines", "dateline", "months",
        "headlines", "events", "attribution", "filler")})
    for key, forms in t.titles.items():
        for f in forms:
            if not _slots(f) <= TITLE_SLOTS or "name" not in _slots(f):
                raise ValueError(f"{path}: title {key}: {f!r} must use {{name}} and only "
                                 f"{sorted(TITLE_SLOTS)}")
    for group in (t.headlines, t.events):
        for pred, texts in group.items():
            if pred not in PREDICATES:
                raise ValueError(f"{path}: {pred} is not a predicate of the contract")
            for s in texts:
                if not _slots(s) <= SLOTS:
                    raise ValueError(f"{path}: {pred}: {s!r} uses slots outside {sorted(SLOTS)}")
    if len(t.weekdays) != 7 or len(t.months) != 12:
        raise ValueError(f"{path}: weekdays needs 7 entries and months 12")
    return t


def fingerprint() -> str:
    """Changes when anything the corpus is made from changes (templates, gazetteer, code)."""
    h = hashlib.blake2b(digest_size=8)
    h.update(GENERATOR_VERSION.encode())
    h.update(Path(__file__).read_bytes())
    for p in sorted(TEMPLATES.glob("*.yaml")):
        h.update(p.read_bytes())
    gz = load_gazetteer()
    for eid in sorted(gz.entities):
        h.update(eid.encode())
        h.update(json.dumps(gz.names.get(eid), ensure_ascii=False, sort_keys=True).encode())
    return h.hexdigest()


# -- the world the articles are about ----------------------------------------------------
@dataclass
class World:
    """Entity pools by kind, hub-weighted like news (a few leaders in most stories)."""

    gz: Gazetteer
    pools: dict[str, list[str]]
    cum_weights: dict[str, list[float]]
    colleagues: dict[str, list[str]]  # state or body -> people holding an office of it
    events: list[str]
    event_weights: list[float]
    agencies: list[str]


@cache
def world() -> World:
    gz = load_gazetteer()
    langs = tuple(LANG_MIX)
    pools: dict[str, list[str]] = {k: [] for k in ("person", "country", "body", "group", "place")}
    for eid in sorted(gz.entities):
        e = gz.entities[eid]
        names = gz.names.get(eid, {})
        if not all(names.get(lang) for lang in langs):
            continue  # every language must be able to name it
        if e.type == "Person" and gz.offices.get(eid):
            pools["person"].append(eid)
        elif e.type == "Country":
            pools["country"].append(eid)
        elif e.type == "Location":
            pools["place"].append(eid)
        elif e.type == "Organization" and gz.kinds.get(eid) in BODY_KINDS:
            pools["body"].append(eid)
        elif e.type == "Organization" and gz.kinds.get(eid) == "armed_group":
            pools["group"].append(eid)
    agencies = sorted(i for i, k in gz.kinds.items() if k == "news_agency")
    cum: dict[str, list[float]] = {}
    for kind, ids in pools.items():
        order = list(ids)
        random.Random(f"hubs:{kind}").shuffle(order)  # hub rank, fixed for a gazetteer
        rank = {eid: r for r, eid in enumerate(order)}
        cum[kind] = list(itertools.accumulate(1.0 / (1 + rank[eid]) ** 0.9 for eid in ids))
    colleagues: dict[str, list[str]] = {}
    for pid in pools["person"]:
        for of in sorted({o.of for o in gz.offices[pid]}):
            colleagues.setdefault(of, []).append(pid)
    events = [p for p in EVENT_WEIGHTS if all(
        any(pools[k] for k in kinds) for kinds in SLOT_KINDS[p])]
    return World(gz, pools, cum, colleagues, events, [EVENT_WEIGHTS[p] for p in events],
                 agencies)


# -- one article -----------------------------------------------------------------------------
@dataclass
class Fact:
    """One relation an article states, and the sentence that states it."""

    subject: str
    predicate: str
    object: str
    start: int
    end: int
    properties: dict[str, Any] = field(default_factory=dict)


@dataclass
class SynthArticle:
    """A generated article: the fields of a JSON Lines article, plus its facts."""

    id: str
    lang: str
    date: str
    title: str
    text: str
    facts: list[Fact]

    def record(self) -> dict[str, str]:
        """The article as one line of the JSON Lines ``kg`` ingests."""
        return {"id": self.id, "lang": self.lang, "date": self.date, "title": self.title,
                "text": self.text}

    def triples(self) -> list[Triple]:
        """The facts as contract triples (what a perfect extractor would emit)."""
        gz = world().gz
        out = []
        spans: dict[tuple[int, int], str] = {}  # facts of one sentence share its text
        for f in self.facts:
            s, o = _ref(gz, f.subject), _ref(gz, f.object)
            if s is None or o is None:
                continue
            spec = PREDICATES[f.predicate]
            if s.type not in spec.domain or o.type not in spec.range:
                continue
            props = dict(f.properties)
            if spec.cameo and "cameo" not in props:
                props["cameo"] = spec.cameo
            sentence = spans.get((f.start, f.end))
            if sentence is None:
                sentence = spans[f.start, f.end] = self.text[f.start:f.end]
            out.append(Triple(s, f.predicate, o, Evidence(self.id, self.lang, sentence,
                                                          f.start, f.end), props, 0.9))
        return out


def _ref(gz: Gazetteer, eid: str) -> EntityRef | None:
    e = gz.entities.get(eid)
    return EntityRef(e.id, e.type, e.label) if e is not None else None


class _Writer:
    """Builds one article's text, remembering where each sentence lands."""

    def __init__(self, rng: random.Random, tpl: Templates, date: dt.date) -> None:
        self.rng = rng
        self.tpl = tpl
        self.date = date
        self.w = world()
        self.gz = self.w.gz
        self.parts: list[str] = []
        self.pos = 0
        self.facts: list[Fact] = []
        self.seen: set[str] = set()
        self.when = date  # the day the last filled sentence speaks of

    # -- names ---------------------------------------------------------------------------
    def pick(self, kinds: tuple[str, ...], avoid: set[str]) -> str | None:
        kinds = tuple(k for k in kinds if self.w.pools[k])
        if not kinds:
            return None
        kind = self.rng.choice(kinds)
        pool, cum = self.w.pools[kind], self.w.cum_weights[kind]
        for _ in range(8):
            eid = self.rng.choices(pool, cum_weights=cum)[0]
            if eid not in avoid:
                return eid
        return None

    def colleague(self, pid: str) -> str | None:
        states = sorted({o.of for o in self.gz.offices.get(pid, ())})
        pool = [c for s in states for c in self.w.colleagues.get(s, ()) if c != pid]
        return self.rng.choice(pool) if pool else None

    def name(self, eid: str) -> str:
        return self.gz.names[eid][self.tpl.lang][0]

    def short_name(self, eid: str) -> str:
        """A later mention: the alias that is a word of the full name, or an acronym."""
        names = self.gz.names[eid][self.tpl.lang]
        full = names[0]
        if self.gz.entities[eid].type == "Person":
            words = set(full.split())
            tail = [n for n in names[1:] if n in words and len(n) > 2]
            return tail[0] if tail else full
        acro = [n for n in names[1:] if n.isupper() and 2 <= len(n) <= 6]
        return acro[0] if acro else full

    def thing(self, eid: str, text: str) -> str:
        """A state, body or place as the language writes it in running text."""
        lang = self.tpl.lang
        etype = self.gz.entities[eid].type
        if lang == "ru":
            return Phrase((Seg(text, "noun", animate=False),))
        if lang == "fr" and etype in ("Country", "Organization"):
            return fr_article(text)
        if lang == "en" and etype in ("Country", "Organization"):
            return en_article(text)
        return text

    def person(self, eid: str, text: str) -> str:
        if self.tpl.lang == "ru":
            return Phrase((Seg(text, "person", female=ru_female(self.name(eid))),))
        return text

    def short(self, eid: str) -> str:
        text = self.short_name(eid)
        if self.gz.entities[eid].type == "Person":
            return self.person(eid, text)
        return self.thing(eid, text)

    def office(self, pid: str) -> tuple[Office, list[str]] | None:
        offices = self.gz.offices.get(pid) or []
        current = [o for o in offices if o.current(self.date.isoformat())] or offices
        for o in sorted(current, key=lambda o: o.start or "", reverse=True):
            role = o.role or o.portfolio or ""
            key = f"{o.predicate}:{ROLE_KEYS.get(role, role)}"
            forms = self.tpl.titles.get(key) or self.tpl.titles.get(o.predicate)
            if forms:
                return o, forms
        return None

    def mention(self, eid: str, facts: list[Fact]) -> str:
        """How the article names ``eid`` here: titled in full the first time, short after."""
        if eid in self.seen:
            return self.short(eid)
        self.seen.add(eid)
        if self.gz.entities[eid].type != "Person":
            return self.thing(eid, self.name(eid))
        found = self.office(eid)
        if found is None:
            return self.person(eid, self.name(eid))
        off, forms = found
        values: dict[str, str] = {"name": self.name(eid)}
        target = self.gz.entities.get(off.of)
        if target is not None:
            names = self.gz.names.get(off.of, {}).get(self.tpl.lang)
            if names:
                values["of"] = (self.short_name(off.of) if target.type == "Organization"
                                else names[0])
            dems = self.gz.demonyms.get(off.of, {}).get(self.tpl.lang)
            if dems:
                values["dem"] = dems[0]
        usable = [f for f in forms if _slots(f) <= set(values)]
        if not usable:
            return self.person(eid, self.name(eid))
        form = self.rng.choice(usable)
        if target is not None:
            props = {k: v for k, v in (("role", off.role), ("portfolio", off.portfolio)) if v}
            facts.append(Fact(eid, off.predicate, off.of, 0, 0, props))
        if self.tpl.lang == "ru":
            return _ru_title(form, values, ru_female(values["name"]))
        if "of" in values and self.tpl.lang == "fr":
            values["of"] = fr_article(values["of"])
        return form.format(**values)

    # -- sentences -------------------------------------------------------------------------
    def day(self) -> tuple[str, dt.date]:
        back = self.rng.choice((0, 0, 1, 1, 2, 3))
        when = self.date - dt.timedelta(days=back)
        if back == 0 and self.rng.random() < 0.3:
            return self.tpl.today, when
        if back == 1 and self.rng.random() < 0.3:
            return self.tpl.yesterday, when
        return self.tpl.weekdays[when.weekday()], when

    def fill(self, text: str, a: str | None = None, b: str | None = None,
             facts: list[Fact] | None = None) -> str:
        """Fill a template's slots; A/B mentions are rendered in text order."""
        values: dict[str, str] = {"topic": self.rng.choice(self.tpl.topics),
                                  "n": str(self.rng.randint(2, 90))}
        facts = facts if facts is not None else []
        slots = _slots(text)
        for slot in _ordered_slots(text):
            eid = a if slot in ("A", "a") else b if slot in ("B", "b") else None
            if eid is None or slot in values:
                continue
            values[slot] = self.mention(eid, facts)
        if "P" in slots:
            place = self.pick(("place", "country"), set()) or b or a
            values["P"] = self.thing(place, self.name(place)) if place else ""
        self.when = self.date
        if "day" in slots:
            values["day"], self.when = self.day()
        out = text.format(**values)
        if self.tpl.lang == "fr":
            out = fr_contract(out)
        elif self.tpl.lang == "ar":
            out = _AR_LAL.sub("لل", out)
        return capitalize_first(out)

    def add(self, text: str, facts: list[Fact] | None = None, tail: str = "") -> None:
        """Append one paragraph; its facts get the offsets of ``text`` (not of ``tail``)."""
        if self.parts:
            self.parts.append("\n\n")
            self.pos += 2
        start = self.pos
        self.parts.append(text + (" " + tail if tail else ""))
        for f in facts or ():
            f.start, f.end = start, start + len(text)
            self.facts.append(f)
        self.pos += len(self.parts[-1])

    def event(self, pred: str, tail: str = "") -> tuple[str, str] | None:
        kinds = SLOT_KINDS[pred]
        a = self.pick(kinds[0], set())
        b = None
        if pred in ("DISMISSED", "APPOINTED") and a is not None:
            b = self.colleague(a)  # a head of state removes or names one of its own
        b = b or self.pick(kinds[1], {a} if a else set())
        if a is None or b is None:
            return None
        facts: list[Fact] = []
        text = self.fill(self.rng.choice(self.tpl.events[pred]), a, b, facts)
        props: dict[str, Any] = {}
        if PREDICATES[pred].is_interaction:
            props["date"] = self.when.isoformat()
        facts.append(Fact(a, pred, b, 0, 0, props))
        self.add(text, facts, tail)
        return a, b


def _ru_title(form: str, values: dict[str, str], female: bool) -> Phrase:
    """A Russian titled name as declinable segments.

    Literal words before a ``|`` in the form decline (the head noun: министр),
    words after it stay (иностранных дел); ``{of}`` is put in the genitive.
    """
    segs: list[Seg] = []
    for literal, field_name, _, _ in string.Formatter().parse(form):
        head, bar, rest = literal.partition("|")
        if head.strip():
            segs.append(Seg(head.strip(), "noun"))
        if bar and rest.strip():
            segs.append(Seg(rest.strip(), "fixed"))
        if field_name == "name":
            segs.append(Seg(values["name"], "person", female=female))
        elif field_name == "dem":
            segs.append(Seg(values["dem"], "adj"))
        elif field_name == "of":
            genitive = format(Phrase((Seg(values["of"], "noun", animate=False),)), "gen")
            segs.append(Seg(genitive, "fixed"))
    return Phrase(tuple(segs))


def en_article(name: str) -> str:
    """'the United States', 'the EU', 'NATO': the article English news gives a name."""
    if name.isupper():
        sayable = len(name) >= 4 and any(c in "AEIOU" for c in name[1:3])
        return name if sayable else "the " + name
    words = name.split()
    if words[-1].endswith("s") or any(w in ("Republic", "United", "Kingdom", "Union", "Islands",
                                             "Emirates", "Organization", "Council", "League",
                                             "Assembly", "Court", "Bank", "Fund", "Agency")
                                      for w in words):
        return "the " + name
    return name


def _lang_for(rng: random.Random) -> str:
    return rng.choices(list(LANG_MIX), list(LANG_MIX.values()))[0]


def article(seed: int, index: int) -> SynthArticle:
    """Article number ``index`` of the corpus of ``seed`` (the same on every machine)."""
    rng = random.Random(f"{seed}:{index}")
    w = world()
    lang = _lang_for(rng)
    tpl = templates(lang)
    date = START + dt.timedelta(days=index // PER_DAY)
    wr = _Writer(rng, tpl, date)
    events = [p for p in w.events if p in tpl.events]
    weights = [EVENT_WEIGHTS[p] for p in events]
    lead = rng.choices(events, weights)[0]
    n_events = rng.randint(3, 9)
    fillers = rng.sample(tpl.filler, min(len(tpl.filler), rng.randint(5, 10)))
    # The lead sets the headline; the others follow in a shuffled mix with filler (None).
    rest: list[str | None] = [*rng.choices(events, weights, k=n_events - 1),
                              *[None] * (len(fillers) // 2)]
    rng.shuffle(rest)
    body = [lead, *rest]
    city = rng.choice(tpl.datelines)
    head = tpl.dateline.format(city=city, month=tpl.months[date.month - 1], d=date.day)
    ends: tuple[str, str] | None = None
    for k, pred in enumerate(body):
        if pred is None:
            if fillers:
                wr.add(wr.fill(fillers.pop()))
            continue
        # Some paragraphs go on with a sentence of context after the event.
        tail = wr.fill(fillers.pop()) if fillers and rng.random() < 0.5 else ""
        got = wr.event(pred, tail)
        if got is None:
            continue
        if k == 0:
            ends = got
            # The dateline opens the lead paragraph, as wires write it.
            wr.parts[-1] = head + wr.parts[-1]
            wr.pos += len(head)
            for f in wr.facts:
                f.end += len(head)
        if rng.random() < 0.35:
            wr.add(wr.fill(rng.choice(tpl.attribution), got[0], got[1]))
    for sentence in fillers:
        wr.add(wr.fill(sentence))
    if ends is not None:
        a_short, b_short = wr.short(ends[0]), wr.short(ends[1])
        title = rng.choice(tpl.headlines.get(lead) or ["{a}"]).format(
            a=a_short, b=b_short, topic=rng.choice(tpl.topics))
    else:
        title = head.strip(" -")
    title = title[:1].upper() + title[1:]
    text = title + "\n\n" + "".join(wr.parts)
    shift = len(title) + 2
    for f in wr.facts:
        f.start += shift
        f.end += shift
    return SynthArticle(id=f"syn{seed}-{index:07d}", lang=lang, date=date.isoformat(),
                        title=title, text=text, facts=wr.facts)


def generate(n: int, seed: int = 7, start: int = 0) -> Iterator[SynthArticle]:
    """Articles ``start`` .. ``start + n - 1`` of the corpus of ``seed``."""
    for i in range(start, start + n):
        yield article(seed, i)


def write_corpus(folder: str | Path, n: int, seed: int = 7, *, reuse: bool = True
                 ) -> dict[str, Any]:
    """Write ``n`` articles as JSON Lines shards into ``folder`` (kept if already there).

    Returns the manifest: files, articles, bytes of text, fingerprint.
    """
    folder = Path(folder)
    manifest_path = folder / "manifest.json"
    fp = fingerprint()
    if reuse and manifest_path.exists():
        m = json.loads(manifest_path.read_text())
        if m.get("articles") == n and m.get("seed") == seed and m.get("fingerprint") == fp \
                and all((folder / f).exists() for f in m["files"]):
            return m
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("articles-*.jsonl"):
        old.unlink()
    files, text_bytes, facts, by_lang = [], 0, 0, {}
    for shard in range(0, n, SHARD):
        name = f"articles-{shard // SHARD:05d}.jsonl"
        with open(folder / name, "w", encoding="utf-8") as fh:
            for art in generate(min(SHARD, n - shard), seed, shard):
                fh.write(json.dumps(art.record(), ensure_ascii=False))
                fh.write("\n")
                text_bytes += len(art.text.encode("utf-8"))
                facts += len(art.facts)
                by_lang[art.lang] = by_lang.get(art.lang, 0) + 1
        files.append(name)
    m = {"articles": n, "seed": seed, "fingerprint": fp, "files": files,
         "text_bytes": text_bytes, "facts": facts, "languages": dict(sorted(by_lang.items())),
         "first_date": START.isoformat(),
         "last_date": (START + dt.timedelta(days=(n - 1) // PER_DAY)).isoformat()}
    manifest_path.write_text(json.dumps(m, indent=1) + "\n")
    return m


_AR_LAL = re.compile(r"(?<![\w])لال")
_SIZE = re.compile(r"^(\d+)([kKmM]?)$")


def parse_size(text: str) -> int:
    """'1k' -> 1000, '100k' -> 100000, '250' -> 250."""
    m = _SIZE.match(text.strip())
    if not m:
        raise argparse.ArgumentTypeError(f"{text!r} is not a size like 1000, 10k or 1m")
    return int(m[1]) * {"": 1, "k": 1000, "m": 1_000_000}[m[2].lower()]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.corpus", description=__doc__.split("\n")[0])
    ap.add_argument("-n", "--articles", type=parse_size, default=1000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("-o", "--out", required=True, help="folder for the JSON Lines shards")
    args = ap.parse_args(argv)
    m = write_corpus(args.out, args.articles, args.seed, reuse=False)
    print(f"{m['articles']} articles, {m['text_bytes'] / 1e6:.1f} MB of text, {m['facts']} facts,"
          f" {m['languages']} -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())


def run_write(p: dict[str, Any]) -> dict[str, Any]:
    """Stage entry (bench.child): params n, seed, out; the manifest, and whether it was reused."""
    t0 = time.perf_counter()
    m = write_corpus(p["out"], int(p["n"]), int(p["seed"]))
    return {**m, "seconds": round(time.perf_counter() - t0, 2)}
