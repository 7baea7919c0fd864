"""Checks of data/gazetteer/people/g20-eurasia.yaml.

The gazetteer is hand-written, so its shape, scripts, dates and a few known facts
are checked here before the loader ever compiles it: a typo in a predicate, a
Cyrillic letter in a Latin name or a reversed date would otherwise surface only as
a wrong edge in some extracted graph.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import defaultdict
from typing import Any

import pycountry
import pytest
import yaml

import kg.resources
from kg.errors import ResourceError
from kg.vocab import PREDICATES

FILE = ("data", "gazetteer", "people", "g20-eurasia.yaml")

# The countries this file is responsible for (G20 minus Saudi Arabia, CSTO, SCO
# and the other states frequent in news that the brief names).
COUNTRIES = (
    "ARG",
    "AUS",
    "BRA",
    "CAN",
    "CHN",
    "FRA",
    "DEU",
    "IND",
    "IDN",
    "ITA",
    "JPN",
    "KOR",
    "MEX",
    "RUS",
    "ZAF",
    "TUR",
    "GBR",
    "USA",
    "ARM",
    "BLR",
    "KAZ",
    "KGZ",
    "TJK",
    "UZB",
    "PAK",
    "IRN",
    "ETH",
    "UKR",
    "ISR",
    "AZE",
    "GEO",
    "MDA",
    "PRK",
    "AFG",
    "NGA",
    "KEN",
    "RWA",
    "MOZ",
    "VEN",
    "POL",
)

PERSON_PREDICATES = ("LEADER_OF", "MINISTER_OF", "SPOKESPERSON_OF", "OFFICIAL_OF")
ID_RE = re.compile(r"^person:[a-z0-9]+(?:-[a-z0-9]+)*$")
CODE_RE = re.compile(r"^[a-z][a-z0-9_]*$")
ORG_RE = re.compile(r"^org:[a-z0-9]+(?:[-_][a-z0-9]+)*$")
QID_RE = re.compile(r"^Q[1-9][0-9]*$")
ARABIC_LETTERS = re.compile(r"^[\u0621-\u063A\u0641-\u064A]+$")
ARABIC_MARKS = re.compile(r"[\u0610-\u061A\u0640\u064B-\u065F\u0670\u06D6-\u06ED]")
CYRILLIC = re.compile(r"[\u0400-\u04FF]")
ARABIC_ANY = re.compile(r"[\u0600-\u06FF]")
ROMAN = re.compile(r"^[IVX]+$")


@pytest.fixture(scope="module")
def people() -> list[dict[str, Any]]:
    text = kg.resources.read_text(*FILE)
    data = yaml.load(text, Loader=yaml.CSafeLoader)
    assert isinstance(data, list), "the file must be one YAML list of people"
    return data


FOLD = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "ı": "i", "ß": "ss"})


def slug(label: str) -> str:
    """The id slug of an English label: accents folded, apostrophes dropped."""
    folded = unicodedata.normalize("NFKD", label.translate(FOLD))
    ascii_ = folded.encode("ascii", "ignore").decode()
    ascii_ = ascii_.replace("'", "").lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_).strip("-")


def as_date(value: Any, where: str) -> dt.date:
    if isinstance(value, dt.datetime):
        raise AssertionError(f"{where}: {value!r} has a time; give a date")
    if isinstance(value, dt.date):
        return value
    assert isinstance(value, str), f"{where}: {value!r} is not a date"
    return dt.date.fromisoformat(value)


def kind_of(ref: str) -> str:
    """The entity type an `of` reference points at, or raise if it is malformed."""
    if ref.startswith("person:"):
        assert ID_RE.match(ref), f"bad person id {ref!r}"
        return "Person"
    if ref.startswith("org:"):
        assert ORG_RE.match(ref), f"bad organisation id {ref!r}"
        return "Organization"
    assert pycountry.countries.get(alpha_3=ref) is not None, f"{ref!r} is not ISO 3166 alpha-3"
    return "Country"


def test_enough_people(people: list[dict[str, Any]]) -> None:
    assert len(people) >= 350


def test_ids_unique_and_slugs_of_labels(people: list[dict[str, Any]]) -> None:
    seen: set[str] = set()
    for p in people:
        pid = p["id"]
        assert ID_RE.match(pid), f"{pid!r} is not person:<slug>"
        assert pid == "person:" + slug(p["label"]), f"{pid!r} is not the slug of {p['label']!r}"
        assert pid not in seen, f"duplicate id {pid}"
        seen.add(pid)


def test_entry_keys(people: list[dict[str, Any]]) -> None:
    for p in people:
        extra = set(p) - {"id", "label", "names", "offices", "wikidata"}
        assert not extra, f"{p['id']}: unknown keys {extra}"
        if "wikidata" in p:
            assert QID_RE.match(p["wikidata"]), f"{p['id']}: bad QID"


def test_names_per_language_and_script(people: list[dict[str, Any]]) -> None:
    for p in people:
        names = p["names"]
        pid = p["id"]
        assert {"en", "ar", "fr", "ru"} <= set(names), f"{pid}: needs en, ar, fr and ru names"
        assert names["en"][0] == p["label"], f"{pid}: the first English name must be the label"
        for lang, items in names.items():
            assert isinstance(items, list) and items, f"{pid}: names.{lang} must be a list"
            assert all(isinstance(n, str) and n.strip() == n and n for n in items), (pid, lang)
            assert len(set(items)) == len(items), f"{pid}: repeated name in {lang}: {items}"
        for name in names["ar"]:
            assert not ARABIC_MARKS.search(name), f"{pid}: diacritic or tatweel in {name!r}"
            for word in name.split(" "):
                assert ARABIC_LETTERS.match(word), f"{pid}: non-Arabic letter in {name!r}"
        for name in names["ru"]:
            assert CYRILLIC.search(name), f"{pid}: no Cyrillic in {name!r}"
            for word in re.split(r"[\s\-.]+", name):
                if re.search(r"[A-Za-z]", word):
                    assert ROMAN.match(word), f"{pid}: Latin letters in {name!r}"
        for lang in ("en", "fr"):
            for name in names[lang]:
                bad = CYRILLIC.search(name) or ARABIC_ANY.search(name)
                assert not bad, f"{pid}: wrong script in {lang} name {name!r}"


def test_no_alias_shared_within_file(people: list[dict[str, Any]]) -> None:
    owners: dict[tuple[str, str], set[str]] = defaultdict(set)
    for p in people:
        for lang, items in p["names"].items():
            for name in items:
                owners[(lang, name.casefold())].add(p["id"])
    shared = {k: v for k, v in owners.items() if len(v) > 1}
    assert not shared, f"names given to two people: {shared}"


def test_offices_shape(people: list[dict[str, Any]]) -> None:
    for p in people:
        pid = p["id"]
        assert isinstance(p["offices"], list), f"{pid}: offices must be a list"
        for o in p["offices"]:
            where = f"{pid} {o}"
            pred = o["predicate"]
            assert pred in PREDICATES and pred in PERSON_PREDICATES, where
            allowed = {
                "predicate",
                "of",
                "from",
                "to",
                "portfolio" if pred == "MINISTER_OF" else "role",
            }
            assert set(o) <= allowed, f"{where}: keys {set(o) - allowed} do not belong"
            key = "portfolio" if pred == "MINISTER_OF" else "role"
            assert CODE_RE.match(str(o.get(key, ""))), f"{where}: needs a snake_case {key}"
            assert kind_of(o["of"]) in PREDICATES[pred].range, f"{where}: `of` outside range"
            start = as_date(o["from"], where) if "from" in o else None
            end = as_date(o["to"], where) if "to" in o else None
            if start and end:
                assert start < end, f"{where}: from is not before to"
            for d in (start, end):
                if d is not None:
                    assert dt.date(1945, 1, 1) <= d <= dt.date(2027, 12, 31), where


def _other_file(*parts: str) -> list[dict[str, Any]]:
    try:
        text = kg.resources.read_text("data", "gazetteer", *parts)
    except ResourceError:
        pytest.skip(f"data/gazetteer/{'/'.join(parts)} is not there yet")
    return yaml.load(text, Loader=yaml.CSafeLoader) or []


def test_portfolios_and_organisations_exist(people: list[dict[str, Any]]) -> None:
    """`portfolio` keys and `of` organisation ids must be ones the extractor knows."""
    portfolios = {r["key"] for r in _other_file("portfolios.yaml")}
    orgs = {
        r["id"] for f in ("organizations.yaml", "government_bodies.yaml") for r in _other_file(f)
    }
    generated = re.compile(r"^org:(?:government|armed-forces|ministry-(?P<key>[a-z_]+))-[a-z]{3}$")
    for p in people:
        for o in p["offices"]:
            if o["predicate"] == "MINISTER_OF":
                assert o["portfolio"] in portfolios, f"{p['id']}: unknown portfolio {o}"
            ref = o["of"]
            if not ref.startswith("org:") or ref in orgs:
                continue
            m = generated.match(ref)
            assert m, f"{p['id']}: {ref} is neither listed nor a generated id"
            assert m["key"] is None or m["key"] in portfolios, f"{p['id']}: {ref}"
            assert pycountry.countries.get(alpha_3=ref[-3:].upper()), f"{p['id']}: {ref}"


def holders(
    people: list[dict[str, Any]],
    pred: str,
    of: str,
    key: str | None = None,
    value: str | None = None,
) -> list[tuple[str, dict[str, Any]]]:
    return [
        (p["id"], o)
        for p in people
        for o in p["offices"]
        if o["predicate"] == pred and o["of"] == of and (key is None or o.get(key) == value)
    ]


@pytest.mark.parametrize("iso3", COUNTRIES)
def test_every_country_has_leader_and_ministers(people: list[dict[str, Any]], iso3: str) -> None:
    leaders = holders(people, "LEADER_OF", iso3)
    assert any("to" not in o for _, o in leaders), f"{iso3}: no leader in office"
    for portfolio in ("foreign_affairs", "defense"):
        ministers = holders(people, "MINISTER_OF", iso3, "portfolio", portfolio)
        assert ministers, f"{iso3}: no {portfolio} minister"


def office(people: list[dict[str, Any]], pid: str, **match: str) -> dict[str, Any]:
    person = next(p for p in people if p["id"] == pid)
    found = [o for o in person["offices"] if all(o.get(k) == v for k, v in match.items())]
    assert len(found) == 1, f"{pid}: {len(found)} offices match {match}"
    return found[0]


def test_spot_facts(people: list[dict[str, Any]]) -> None:
    tokayev = office(
        people, "person:kassym-jomart-tokayev", predicate="LEADER_OF", of="KAZ", role="president"
    )
    assert as_date(tokayev["from"], "tokayev") == dt.date(2019, 3, 20) and "to" not in tokayev

    shoigu = office(
        people, "person:sergei-shoigu", predicate="MINISTER_OF", of="RUS", portfolio="defense"
    )
    assert as_date(shoigu["to"], "shoigu") == dt.date(2024, 5, 12)

    reznikov = office(
        people, "person:oleksii-reznikov", predicate="MINISTER_OF", of="UKR", portfolio="defense"
    )
    assert as_date(reznikov["from"], "r") == dt.date(2021, 11, 4)
    assert as_date(reznikov["to"], "r") == dt.date(2023, 9, 6)

    umerov = office(
        people, "person:rustem-umerov", predicate="MINISTER_OF", of="UKR", portfolio="defense"
    )
    assert as_date(umerov["from"], "umerov") == dt.date(2023, 9, 6)

    peskov = office(people, "person:dmitry-peskov", predicate="SPOKESPERSON_OF")
    assert peskov["of"] == "org:presidency-rus"

    borrell = office(people, "person:josep-borrell", predicate="OFFICIAL_OF", of="org:eu")
    assert borrell["role"] == "high_representative"


def test_names_from_the_dev_corpus(people: list[dict[str, Any]]) -> None:
    """Spellings met in real articles must be present, for the right person."""
    by_id = {p["id"]: p for p in people}
    expected = {
        "person:kassym-jomart-tokayev": ("ar", ["قاسم جومارت توكاييف", "توكاييف"]),
        "person:nikol-pashinyan": ("ar", ["نيكول باشنيان"]),
        "person:emomali-rahmon": ("ar", ["إمام علي رحمون"]),
        "person:sadyr-japarov": ("ar", ["صادر جباروف"]),
        "person:vladimir-putin": ("ar", ["بوتن", "فلاديمير بوتين"]),
        "person:sergei-shoigu": ("ar", ["سيرغي شويغو"]),
        "person:volodymyr-zelensky": ("fr", ["Volodimir Zelenski"]),
        "person:andriy-yermak": ("en", ["Andriy Yermak"]),
    }
    for pid, (lang, names) in expected.items():
        for name in names:
            assert name in by_id[pid]["names"][lang], f"{pid}: {name!r} missing"
