#!/usr/bin/env python3
"""Rebuild a base for ``data/gazetteer/countries.yaml`` and ``places.yaml``.

The YAML files are the source of truth and are edited by hand. This script exists so
that a wholesale change (a new language, a new rule for demonyms, a fresh ISO 3166-2
release) can be made once in the hand tables under ``tools/gazetteer/src/`` and the
YAML regenerated, instead of editing two thousand entries. It merges:

* the hand tables (names, demonyms, capitals, cities, regions, ambiguity notes);
* CLDR territory names from ``babel`` (short news forms per language);
* ISO 3166-1 names and ISO 3166-2 first-level subdivisions from ``pycountry``, for
  the countries whose regions are not written out by hand (English names only).

Names that would make the matcher ambiguous are resolved here, with a fixed priority:
country names and demonyms, then hand-written cities, then hand-written regions, then
generated regions. A hand-written name that collides is an error to fix in the tables;
a generated or bare name that collides is dropped, and a generated region that is left
without a name gets a qualified one ("Central Region (Ghana)").

Usage: python tools/gazetteer/build.py [--out DIR]   (default: data/gazetteer)
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pycountry
from babel import Locale

HERE = Path(__file__).resolve().parent
SRC = HERE / "src"
REPO = HERE.parent.parent
LANGS = ("en", "ar", "fr", "ru")

# --------------------------------------------------------------------------- text keys

AR_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
AR_LETTERS = re.compile(r"^[\u0621-\u064a\u0660-\u0669 ()\-'.]+$")
CYR_OK = re.compile(r"^[\u0400-\u04ff0-9 ()\-—'’.,]+$")


def clean_ar(text: str) -> str:
    """Drop diacritics and tatweel: the matcher removes them, so they only add noise."""
    return re.sub(r"\s+", " ", AR_MARKS.sub("", text)).strip()


def fold(text: str, lang: str) -> str:
    """The key two names collide on: stronger than the matcher's own folding, on purpose."""
    if lang == "ar":
        t = clean_ar(text)
        t = re.sub("[أإآٱ]", "ا", t).replace("ى", "ي").replace("ة", "ه")
        t = re.sub(r"[-\s]+", " ", t)
        return " ".join(w[2:] if w.startswith("ال") and len(w) > 3 else w for w in t.split())
    t = unicodedata.normalize("NFKD", text)
    t = "".join(c for c in t if not unicodedata.combining(c))
    t = t.casefold().replace("ё", "е").replace("’", "'").replace("‘", "'")
    t = re.sub(r"[-–—\s]+", " ", t).strip(" .")
    return t


def ar_variants(name: str) -> list[str]:
    """The name as written, and without hamza on alef, which much Arabic news omits."""
    plain = re.sub("[أإآ]", "ا", name)
    if plain == name or (plain.startswith("ال") and not name.startswith("ال")):
        return [name]  # «ألمانيا» without hamza would read as the article + «مانيا»
    return [name, plain]


def slugify(text: str) -> str:
    t = unicodedata.normalize("NFKD", text)
    t = "".join(c for c in t if not unicodedata.combining(c)).lower()
    for src, dst in (
        ("ı", "i"),
        ("ə", "a"),
        ("ß", "ss"),
        ("ø", "o"),
        ("æ", "ae"),
        ("œ", "oe"),
        ("ł", "l"),
        ("đ", "d"),
        ("ð", "d"),
        ("þ", "th"),
        ("ħ", "h"),
    ):
        t = t.replace(src, dst)
    return re.sub(r"[^a-z0-9]+", "-", t).strip("-")


# --------------------------------------------------------------------------- demonyms


def expand_en(item: str) -> list[str]:
    return [item[:-1], item[:-1] + "s"] if item.endswith("+") else [item]


def _ar_inflect(word: str, ending: str) -> str:
    if not word.endswith("ي"):
        return word
    return {"m": word, "f": word + "ة", "pn": word + "ون", "pa": word + "ين"}[ending]


def expand_ar(item: str) -> list[str]:
    """Masculine, feminine and sound plurals of a nisba; multi-word forms also with the article."""
    if not item.endswith("*"):
        return [clean_ar(item)]
    words = clean_ar(item[:-1]).split()
    out = []
    for ending in ("m", "f", "pn", "pa"):
        forms = [_ar_inflect(w, ending) for w in words]
        out.append(" ".join(forms))
        if len(words) > 1:
            if words[0].endswith("ي"):
                out.append(" ".join("ال" + w for w in forms))
            else:
                out.append(" ".join(["ال" + forms[0], *forms[1:]]))
    return out


def _fr_feminine(m: str) -> str:
    if m.endswith("e"):
        return m
    if m.endswith("en"):
        return m + "ne"
    if m.endswith("c"):
        return m + "que"
    return m + "e"


def _fr_plural(w: str) -> str:
    if w.endswith(("s", "x")):
        return w
    if w.endswith("al"):
        return w[:-2] + "aux"
    return w + "s"


def expand_fr(item: str) -> list[str]:
    if item.endswith("*"):
        m = item[:-1]
        f = _fr_feminine(m)
        return [m, f, _fr_plural(m), _fr_plural(f)]
    if item.endswith("+"):
        return [item[:-1], _fr_plural(item[:-1])]
    return [item]


def expand_ru(item: str) -> list[str]:
    """Russian adjective lemma in masculine, feminine, neuter and plural."""
    if not item.endswith("~"):
        return [item]
    a = item[:-1]
    if a.endswith(("кий", "гий", "хий", "жий", "ший", "чий", "щий")):
        stem = a[:-2]
        return [a, stem + "ая", stem + "ое", stem + "ие"]
    if a.endswith(("ый", "ой")):
        stem = a[:-2]
        return [a, stem + "ая", stem + "ое", stem + "ые"]
    if a.endswith("ий"):
        stem = a[:-2]
        return [a, stem + "яя", stem + "ее", stem + "ие"]
    raise SystemExit(f"cannot inflect Russian adjective {a!r}")


EXPAND = {"en": expand_en, "ar": expand_ar, "fr": expand_fr, "ru": expand_ru}

# --------------------------------------------------------------------------- records


@dataclass
class Entry:
    id: str
    label: str
    kind: str  # country | city | region | other
    country: str = ""
    names: dict[str, list[str]] = field(default_factory=dict)
    demonyms: dict[str, list[str]] = field(default_factory=dict)
    wikidata: str | None = None
    capital: str | None = None  # country: place id; place: True/False below
    is_capital: bool = False
    inside: str | None = None  # raw reference (slug or ISO code), resolved later
    comments: list[str] = field(default_factory=list)
    auto_names: dict[str, list[str]] = field(default_factory=dict)  # from CLDR / ISO, droppable
    iso: str | None = None  # ISO 3166-2 code this place stands for
    where: str = ""  # file:line, for error messages
    bare: dict[str, list[str]] = field(default_factory=dict)  # region base names, droppable


def add_name(lst: list[str], name: str) -> None:
    if name and name not in lst:
        lst.append(name)


def split_names(field_text: str) -> list[str]:
    return [n.strip() for n in field_text.split(";") if n.strip()]


def check_script(name: str, lang: str, where: str) -> None:
    if lang == "ar" and not AR_LETTERS.match(name):
        raise SystemExit(f"{where}: Arabic name {name!r} has non-Arabic characters")
    if lang == "ru" and not CYR_OK.match(name) and not re.fullmatch(r"[A-Z]{2,}", name):
        raise SystemExit(f"{where}: Russian name {name!r} has non-Cyrillic characters")


# --------------------------------------------------------------------------- countries


def read_blocks(path: Path):
    block, comments, start = [], [], 0
    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if line.startswith("#>"):
            comments.append(line[2:].strip())
            continue
        if line.startswith("#"):
            continue
        if not line:
            if block:
                yield start, block, comments
            block, comments = [], []
            continue
        if not block:
            start = n
        block.append(line)
    if block:
        yield start, block, comments


def load_countries() -> list[Entry]:
    cldr = {lang: Locale(lang).territories for lang in LANGS}
    out = []
    for path in sorted(SRC.glob("countries_*.txt")):
        for start, block, comments in read_blocks(path):
            where = f"{path.name}:{start}"
            m = re.match(r"^([A-Z]{3}) (Q\d+|-) (.+?) @([a-z0-9-]+)$", block[0])
            if not m:
                raise SystemExit(f"{where}: bad header {block[0]!r}")
            iso3, qid, label, capital = m.groups()
            e = Entry(
                id=iso3,
                label=label,
                kind="country",
                country=iso3,
                where=where,
                wikidata=None if qid == "-" else qid,
                capital=f"loc:{capital}",
                comments=list(comments),
            )
            e.names = {lang: [] for lang in LANGS}
            e.demonyms = {lang: [] for lang in LANGS}
            for line in block[1:]:
                if line.startswith("#>"):
                    e.comments.append(line[2:].strip())
                    continue
                key, _, rest = line.partition(":")
                key = key.strip()
                if key in LANGS:
                    for n in split_names(rest):
                        add_name(e.names[key], clean_ar(n) if key == "ar" else n)
                elif key.startswith("d") and key[1:] in LANGS:
                    lang = key[1:]
                    for item in split_names(rest):
                        for form in EXPAND[lang](item):
                            add_name(e.demonyms[lang], form)
                else:
                    raise SystemExit(f"{where}: unknown key {key!r}")
            country = pycountry.countries.get(alpha_3=iso3)
            a2 = country.alpha_2 if country else {"XKX": "XK"}.get(iso3)
            e.auto_names = {lang: [] for lang in LANGS}
            for lang in LANGS:
                cl = cldr[lang].get(a2, "") if a2 else ""
                if cl and not re.search(r" - |[()&]|R\.A\.S|о-в|SAR", cl):
                    e.auto_names[lang].append(clean_ar(cl) if lang == "ar" else cl)
            if country is not None:
                for attr in ("name", "official_name", "common_name"):
                    v = getattr(country, attr, None)
                    if v and "," not in v and "(" not in v and not v.startswith("the "):
                        e.auto_names["en"].append(v)
            if not e.names["en"]:
                e.names["en"].append(label)
            e.auto_names["ar"] = [v for n in e.auto_names["ar"] for v in ar_variants(n)]
            e.names["ar"] = list(dict.fromkeys(v for n in e.names["ar"] for v in ar_variants(n)))
            e.demonyms["ar"] = list(
                dict.fromkeys(v for n in e.demonyms["ar"] for v in ar_variants(n))
            )
            for lang in LANGS:
                for n in e.names[lang] + e.demonyms[lang]:
                    check_script(n, lang, where)
            out.append(e)
    return out


# --------------------------------------------------------------------------- places

TEMPLATES: dict[str, dict] = {
    # key: en/ar/fr/ru templates; "nobare": languages whose base is not a name alone
    # (Russian adjectives like «Донецкая»); "barelabel": the label is the bare base name.
    "obl": {
        "en": ["{} Oblast", "{} region"],
        "ar": ["مقاطعة {}", "منطقة {}"],
        "fr": ["oblast de {}", "région de {}"],
        "ru": ["{} область"],
        "nobare": {"ru"},
    },
    "kz": {
        "en": ["{} Region", "{} Oblast"],
        "ar": ["منطقة {}", "مقاطعة {}"],
        "fr": ["région de {}", "oblast de {}"],
        "ru": ["{} область"],
        "nobare": {"ru"},
    },
    "gov": {
        "en": ["{} Governorate", "{} province"],
        "ar": ["محافظة {}"],
        "fr": ["gouvernorat de {}", "province de {}"],
        "ru": ["мухафаза {}", "провинция {}"],
    },
    "prov": {
        "en": ["{} Province"],
        "ar": ["ولاية {}"],
        "fr": ["province de {}"],
        "ru": ["провинция {}"],
    },
    "provm": {
        "en": ["{} Province"],
        "ar": ["محافظة {}"],
        "fr": ["province de {}"],
        "ru": ["провинция {}", "остан {}"],
    },
    "provq": {
        "en": ["{} Province"],
        "ar": ["مقاطعة {}", "إقليم {}"],
        "fr": ["province de {}"],
        "ru": ["провинция {}"],
    },
    "state": {"en": ["{} State"], "ar": ["ولاية {}"], "fr": ["État de {}"], "ru": ["штат {}"]},
    "reg": {
        "en": ["{} Region"],
        "ar": ["إقليم {}", "منطقة {}"],
        "fr": ["région de {}"],
        "ru": ["регион {}", "область {}"],
    },
    "sau": {
        "en": ["{} Province", "{} Region"],
        "ar": ["منطقة {}"],
        "fr": ["province de {}", "région de {}"],
        "ru": ["провинция {}"],
    },
    "dist": {
        "en": ["{} District"],
        "ar": ["منطقة {}"],
        "fr": ["district de {}"],
        "ru": ["округ {}"],
    },
    "rayon": {
        "en": ["{} District", "{} Rayon"],
        "ar": ["مقاطعة {}"],
        "fr": ["district de {}"],
        "ru": [],
    },
    "us": {
        "en": ["state of {}"],
        "ar": ["ولاية {}"],
        "fr": ["État de {}"],
        "ru": ["штат {}"],
        "barelabel": True,
    },
    "land": {
        "en": ["state of {}"],
        "ar": ["ولاية {}"],
        "fr": ["Land de {}"],
        "ru": ["земля {}"],
        "barelabel": True,
    },
    "cn": {
        "en": ["{} Province", "{} province"],
        "ar": ["مقاطعة {}"],
        "fr": ["province du {}"],
        "ru": ["провинция {}"],
        "barelabel": True,
    },
    "arm": {
        "en": ["{} Province"],
        "ar": ["محافظة {}", "مقاطعة {}"],
        "fr": ["province de {}", "marz de {}"],
        "ru": ["марз {}"],
    },
    "x": {},
    "o": {},
}
# Countries whose first-level regions are all written out by hand (no generated ones).
FULL = {
    "KAZ",
    "RUS",
    "UKR",
    "SYR",
    "IRQ",
    "YEM",
    "LBY",
    "SDN",
    "EGY",
    "SAU",
    "IRN",
    "TUR",
    "AFG",
    "MOZ",
    "ETH",
    "SOM",
    "MLI",
    "NGA",
    "COD",
    "ISR",
    "PSE",
    "KGZ",
    "TJK",
    "ARM",
    "GEO",
    "MDA",
    "BLR",
    "USA",
    "CHN",
    "DEU",
}
VOWELS = tuple("AEIOUYÉÈÊÎÏÔÛÀÂaeiouyéèêîïôûàâ")


def apply_template(tpl: str, base: str, lang: str) -> str:
    if lang == "fr" and base.startswith(VOWELS):
        tpl = tpl.replace("de {}", "d'{}").replace("du {}", "de l'{}")
    return tpl.format(base)


def parse_place_line(line: str, where: str):
    head, *fields = [p.strip() for p in line.split("|")]
    if len(fields) != 4:
        raise SystemExit(f"{where}: expected 4 name fields (en | ar | fr | ru), got {len(fields)}")
    return head.split(), fields


# Arabic direction words: a bare region name starting with one ("west of X") is prose.
AR_DIRECTIONS = ("شرق ", "غرب ", "شمال ", "جنوب ", "وسط ")


def read_place_lines(path: Path):
    """(where, line, comments) for each one-line entry; ``#>`` comments go with the next."""
    comments: list[str] = []
    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if line.startswith("#>"):
            comments.append(line[2:].strip())
            continue
        if not line or line.startswith("#"):
            continue
        yield f"{path.name}:{n}", line, comments
        comments = []


def load_cities() -> list[Entry]:
    out = []
    for path in sorted(SRC.glob("cities_*.txt")):
        for where, line, comments in read_place_lines(path):
            head, fields = parse_place_line(line, where)
            slug, iso3, inside, flags, *extra = head
            e = Entry(
                id=f"loc:{slug}",
                label="",
                kind="other" if "o" in flags else "city",
                country=iso3,
                is_capital="c" in flags,
                where=where,
                inside=None if inside == "-" else inside,
                comments=comments,
            )
            for x in extra:
                if x.startswith("Q"):
                    e.wikidata = x
                elif x.startswith("iso="):
                    e.iso = x[4:]
                else:
                    raise SystemExit(f"{where}: unknown token {x!r}")
            for lang, text in zip(LANGS, fields, strict=True):
                names = [clean_ar(n) if lang == "ar" else n for n in split_names(text)]
                for nm in names:
                    check_script(nm, lang, where)
                e.names[lang] = names
            e.label = e.names["en"][0]
            out.append(e)
    return out


def load_regions() -> list[Entry]:
    out = []
    for path in sorted(SRC.glob("regions_*.txt")):
        for where, line, comments in read_place_lines(path):
            head, fields = parse_place_line(line, where)
            if len(head) != 5:
                raise SystemExit(f"{where}: header needs 'slug ISO3 code kind in', got {head}")
            slug, iso3, code, kind, inside = head
            tpl = TEMPLATES.get(kind)
            if tpl is None:
                raise SystemExit(f"{where}: unknown kind {kind!r}; known: {', '.join(TEMPLATES)}")
            e = Entry(
                id=f"loc:{slug}",
                label="",
                kind="other" if kind == "o" else "region",
                country=iso3,
                iso=None if code == "-" else code,
                where=where,
                inside=None if inside == "-" else inside,
                comments=comments,
            )
            e.names = {lang: [] for lang in LANGS}
            bare: dict[str, list[str]] = {lang: [] for lang in LANGS}
            label = None
            for lang, text in zip(LANGS, fields, strict=True):
                for item in split_names(text):
                    explicit = item.startswith("!") or kind in ("x", "o")
                    no_bare = item.startswith("~")
                    base = item[1:] if item[:1] in "!~" else item
                    base = clean_ar(base) if lang == "ar" else base
                    check_script(base, lang, where)
                    if explicit:
                        add_name(e.names[lang], base)
                        if lang == "en" and label is None:
                            label = base
                        continue
                    forms = [apply_template(t, base, lang) for t in tpl.get(lang, [])]
                    if lang == "en" and label is None:
                        label = base if (tpl.get("barelabel") or not forms) else forms[0]
                    for f in forms:
                        add_name(e.names[lang], f)
                    if not no_bare and lang not in tpl.get("nobare", set()):
                        bare[lang].append(base)
            e.label = label or slug
            e.bare = bare
            out.append(e)
    return out


# --------------------------------------------------------------------------- generated regions

SKIP_TYPES = {"Local council", "Island council"}
CITY_TYPES = ("city", "town", "capital")
GENERIC = {
    "central",
    "centre",
    "center",
    "north",
    "south",
    "east",
    "west",
    "northern",
    "southern",
    "eastern",
    "western",
    "capital",
    "coast",
    "coastal",
    "lakes",
    "upper",
    "lower",
    "far",
    "islands",
    "island",
    "plateau",
    "littoral",
    "delta",
    "unity",
    "river",
    "rivers",
    "mountain",
    "mountains",
    "valley",
    "interior",
    "national",
    "region",
    "district",
    "city",
    "new",
    "great",
    "greater",
    "mid",
    "middle",
    "inner",
    "outer",
    "south-east",
    "north-east",
    "south-west",
    "north-west",
    "southeast",
    "northeast",
    "southwest",
    "northwest",
    "territory",
    "federal",
    "lake",
    "sea",
    "red",
    "white",
    "black",
    "blue",
    "green",
    "gulf",
    "bay",
    "the",
    "of",
    "and",
    "province",
    "department",
    "division",
    "state",
    "county",
    "governorate",
    "prefecture",
    "municipality",
    "parish",
    "area",
    "zone",
}


def clean_iso_name(name: str) -> str:
    n = re.sub(r"\s*\[.*?\]", "", name).replace("‘", "'").replace("ʻ", "'").replace("’", "'")
    n = re.sub(r"-(gwangyeoksi|teukbyeolsi|teukbyeoljachido)$", "", n).strip("' ")
    n = re.sub(r"\s*\(.*?\)", "", n).strip()
    if ", " in n:
        a, b = n.split(", ", 1)
        n = f"{b} {a}"
    return n[0].upper() + n[1:] if n else n


def generated_regions(
    countries: list[Entry], covered_codes: set[str], covered_cc: set[str], claimed
) -> list[Entry]:
    out = []
    by_cc: dict[str, list] = {}
    for c in countries:
        pc = pycountry.countries.get(alpha_3=c.id)
        if pc is None or c.id in covered_cc:
            continue
        subs = [
            s
            for s in pycountry.subdivisions.get(country_code=pc.alpha_2) or []
            if s.parent_code is None
        ]
        kinds = Counter(s.type for s in subs)
        keep = [
            s
            for s in subs
            if s.type not in SKIP_TYPES
            and s.code not in covered_codes
            and not (s.type == "Municipality" and kinds["Municipality"] > 40)
        ]
        by_cc[c.id] = [(s, c) for s in keep]

    def typed_name(s) -> str:
        name, typ = clean_iso_name(s.name), s.type.split(" (")[0]
        return name if typ.lower() in name.lower() else f"{name} {typ}"

    names_count = Counter(
        fold(clean_iso_name(s.name), "en") for rows in by_cc.values() for s, _ in rows
    )
    typed_count = Counter(fold(typed_name(s), "en") for rows in by_cc.values() for s, _ in rows)
    for rows in by_cc.values():
        for s, c in rows:
            name = clean_iso_name(s.name)
            typ = s.type.split(" (")[0]
            is_city = any(t in typ.lower() for t in CITY_TYPES)
            key = fold(name, "en")
            generic = all(w in GENERIC for w in key.replace("-", " ").split())
            taken = key in claimed["en"] or names_count[key] > 1 or generic
            if is_city and key in claimed["en"] and claimed["en"][key][1] in ("city", "other"):
                continue  # the same city, already written by hand
            e = Entry(
                id="",
                label="",
                kind="city" if is_city else "region",
                country=c.id,
                iso=s.code,
                where=f"pycountry {s.code}",
            )
            typed = typed_name(s)
            candidates = [] if taken else [name]
            if typed_count[fold(typed, "en")] == 1:
                candidates.append(typed)
            candidates += [f"{typed} ({c.label})", f"{name} ({c.label})"]
            for cand in candidates:
                if fold(cand, "en") not in claimed["en"]:
                    e.label = cand
                    break
            else:
                e.label = f"{name} ({c.label}, {s.code})"
            e.names = {"en": [e.label]}
            claimed["en"][fold(e.label, "en")] = (s.code, e.kind)
            out.append(e)
    return out


# --------------------------------------------------------------------------- assembly


def build() -> tuple[list[Entry], list[Entry]]:
    countries = load_countries()
    cities = load_cities()
    regions = load_regions()
    iso3s = {c.id for c in countries}
    claimed: dict[str, dict[str, tuple[str, str]]] = {lang: {} for lang in LANGS}
    errors: list[str] = []

    def claim(lang: str, name: str, owner: Entry, strict: bool) -> bool:
        key = fold(name, lang)
        if not key:
            return False
        prev = claimed[lang].get(key)
        if prev is None:
            claimed[lang][key] = (owner.id, owner.kind)
            return True
        if prev[0] == owner.id:
            return True
        if strict:
            errors.append(
                f"{owner.where}: {lang} name {name!r} of {owner.id} is also a name of {prev[0]}"
            )
        return False

    shared_demonyms = {
        fold(w, "en")
        for w in {
            "congolese",
            "congolais",
            "congolaise",
            "congolaises",
            "конголезский",
            "конголезская",
            "конголезское",
            "конголезские",
            "конголезец",
            "конголезцы",
        }
    }
    for c in countries:
        for lang in LANGS:
            for n in c.names[lang]:
                claim(lang, n, c, strict=True)
    for c in countries:
        for lang in LANGS:
            for n in c.demonyms[lang]:
                key = fold(n, lang)
                prev = claimed[lang].get(key)
                if prev and prev[0] != c.id and prev[1] == "country":
                    if key in shared_demonyms or (lang == "ar" and "كونغولي" in key):
                        continue
                    errors.append(
                        f"{c.where}: {lang} demonym {n!r} of {c.id} is also used by {prev[0]}"
                    )
                else:
                    claimed[lang].setdefault(key, (c.id, "country"))

    # cities: every hand-written name must be free; Arabic hamza variants are dropped if not
    for e in cities:
        if e.country not in iso3s:
            errors.append(f"{e.where}: unknown country {e.country}")
        for lang in LANGS:
            kept = []
            for n in e.names.get(lang, []):
                if claim(lang, n, e, strict=True):
                    add_name(kept, n)
                if lang == "ar":
                    for v in ar_variants(n)[1:]:
                        if claim(lang, v, e, strict=False):
                            add_name(kept, v)
            e.names[lang] = kept

    # regions: templated and explicit names must be free; bare names are dropped if taken
    for e in regions:
        if e.country not in iso3s:
            errors.append(f"{e.where}: unknown country {e.country}")
        for lang in LANGS:
            kept = []
            for n in e.names[lang]:
                if claim(lang, n, e, strict=True):
                    add_name(kept, n)
            for n in e.bare[lang]:
                if lang == "ar" and n.startswith(AR_DIRECTIONS):
                    continue  # «غرب كازاخستان» reads "western Kazakhstan" in prose
                if claim(lang, n, e, strict=False):
                    add_name(kept, n)
            if lang == "ar":
                for n in list(kept):
                    for v in ar_variants(n)[1:]:
                        if claim(lang, v, e, strict=False):
                            add_name(kept, v)
            e.names[lang] = kept
        if not e.names["en"]:
            errors.append(f"{e.where}: region {e.id} is left without an English name")

    # CLDR and ISO names of countries come after the hand-written places and yield to them
    for c in countries:
        for lang in LANGS:
            for n in c.auto_names.get(lang, []):
                if n not in c.names[lang] and claim(lang, n, c, strict=False):
                    c.names[lang].append(n)

    for e in cities + regions:
        if e.iso and pycountry.subdivisions.get(code=e.iso) is None:
            errors.append(f"{e.where}: {e.iso} is not an ISO 3166-2 code")
    covered_codes = {e.iso for e in cities + regions if e.iso}
    auto = generated_regions(countries, covered_codes, FULL, claimed)
    used_ids = {e.id for e in cities + regions}
    for e in auto:
        base = "loc:" + slugify(e.label.split(" (")[0])
        cand = base
        if cand in used_ids:
            cand = f"{base}-{e.country.lower()}"
        if cand in used_ids:
            cand = f"{base}-{slugify(e.iso or '')}"
        e.id = cand
        used_ids.add(cand)
        claimed["en"][fold(e.label, "en")] = (e.id, e.kind)

    places = cities + regions + auto
    by_id: dict[str, Entry] = {}
    for e in places:
        if e.id in by_id:
            errors.append(f"{e.where}: duplicate id {e.id} (also {by_id[e.id].where})")
        by_id[e.id] = e
    code_to_id = {e.iso: e.id for e in regions + auto if e.iso}
    for e in places:
        if e.inside is None:
            continue
        ref = e.inside
        if re.fullmatch(r"[A-Z]{2}-[A-Z0-9]+", ref):
            if ref not in code_to_id:
                errors.append(f"{e.where}: 'in' code {ref} is not a listed region")
                e.inside = None
            else:
                e.inside = code_to_id[ref]
        else:
            e.inside = f"loc:{ref}"
            if e.inside not in by_id:
                errors.append(f"{e.where}: 'in' {ref!r} is not a place id")
    for c in countries:
        if c.capital not in by_id:
            errors.append(f"{c.where}: capital {c.capital} of {c.id} is not in the cities tables")
        elif not by_id[c.capital].is_capital or by_id[c.capital].country != c.id:
            errors.append(f"{c.where}: capital {c.capital} is not flagged 'c' for {c.id}")
    if errors:
        raise SystemExit("gazetteer build failed:\n  " + "\n  ".join(errors))
    return countries, places


# --------------------------------------------------------------------------- YAML

YAML_PLAIN = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`][^,\[\]{}#:]*$")
YAML_WORDS = {"yes", "no", "on", "off", "true", "false", "null", "y", "n", "~"}


def q(text: str) -> str:
    if (
        YAML_PLAIN.match(text)
        and text.strip() == text
        and text.lower() not in YAML_WORDS
        and not re.fullmatch(r"[\d.+-eE]+", text)
    ):
        return text
    return json.dumps(text, ensure_ascii=False)


def flow(items: list[str]) -> str:
    return "[" + ", ".join(q(i) for i in items) + "]"


def emit_countries(countries: list[Entry]) -> str:
    lines = [
        "# Countries: every UN member state, the two observer states, Kosovo and Taiwan.",
        "# Format: data/gazetteer/README.md. Edited by hand; tools/gazetteer/build.py can",
        "# rebuild a base from its tables (CLDR names via babel, ISO names via pycountry).",
        "",
    ]
    for c in sorted(countries, key=lambda c: c.id):
        lines += [f"# {t}" for t in c.comments]
        lines.append(f"- id: {c.id}")
        if c.wikidata:
            lines.append(f"  wikidata: {c.wikidata}")
        lines.append(f"  label: {q(c.label)}")
        lines.append("  names:")
        lines += [f"    {lang}: {flow(c.names[lang])}" for lang in LANGS if c.names[lang]]
        lines.append("  demonyms:")
        lines += [f"    {lang}: {flow(c.demonyms[lang])}" for lang in LANGS if c.demonyms[lang]]
        lines.append(f"  capital: {c.capital}")
        lines.append("")
    return "\n".join(lines)


def emit_places(places: list[Entry]) -> str:
    lines = [
        "# Places: national capitals, major cities and first-level regions.",
        "# Format: data/gazetteer/README.md. Edited by hand; tools/gazetteer/build.py can",
        "# rebuild a base from its tables. Regions of countries not written out by hand come",
        "# from ISO 3166-2 (pycountry) with English names only.",
        "",
    ]
    order = {"city": 0, "other": 1, "region": 2}
    for e in sorted(places, key=lambda e: (e.country, order[e.kind], e.id)):
        lines += [f"# {t}" for t in e.comments]
        lines.append(f"- id: {e.id}")
        if e.wikidata:
            lines.append(f"  wikidata: {e.wikidata}")
        lines.append(f"  label: {q(e.label)}")
        lines.append(f"  subtype: {e.kind}")
        lines.append(f"  country: {e.country}")
        lines.append(f"  in: {e.inside or 'null'}")
        lines.append(f"  capital: {'true' if e.is_capital else 'false'}")
        lines.append("  names:")
        lines += [f"    {lang}: {flow(e.names[lang])}" for lang in LANGS if e.names.get(lang)]
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=REPO / "data" / "gazetteer")
    args = ap.parse_args(argv)
    countries, places = build()
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "countries.yaml").write_text(emit_countries(countries), encoding="utf-8")
    (args.out / "places.yaml").write_text(emit_places(places), encoding="utf-8")
    kinds = Counter(e.kind for e in places)
    print(f"{len(countries)} countries, {len(places)} places ({dict(kinds)})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
