"""Checks on data/gazetteer/people/europe-world.yaml.

The file is hand-written, so these tests guard against the mistakes hand
editing makes: a mistyped predicate or country code, a date range written
backwards, two heads of government of one state at once, Arabic with
vowel marks the matcher would never see, a duplicated id.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import defaultdict
from functools import cache
from typing import Any

import pycountry
import pytest
import yaml

import kg.resources
from kg.vocab import PREDICATES

PERSON_PREDICATES = ("LEADER_OF", "MINISTER_OF", "SPOKESPERSON_OF", "OFFICIAL_OF")
COMMON_KEYS = {"predicate", "of", "from", "to"}
ALLOWED_KEYS = {
    "LEADER_OF": COMMON_KEYS | {"role"},
    "MINISTER_OF": COMMON_KEYS | {"portfolio"},
    "SPOKESPERSON_OF": COMMON_KEYS | {"role"},
    "OFFICIAL_OF": COMMON_KEYS | {"role"},
}
REQUIRED_KEYS = {
    "LEADER_OF": {"predicate", "of", "from", "role"},
    "MINISTER_OF": {"predicate", "of", "from", "portfolio"},
    "SPOKESPERSON_OF": {"predicate", "of", "from"},
    "OFFICIAL_OF": {"predicate", "of", "from", "role"},
}
PERSON_KEYS = {"id", "label", "names", "offices", "wikidata"}
ID_RE = re.compile(r"^person:[a-z0-9]+(?:-[a-z0-9]+)*$")
REF_RE = re.compile(r"^(?:org|person):[a-z0-9]+(?:[-_][a-z0-9]+)*$")
# Harakat, superscript alef and tatweel: stripped before matching, so never stored.
ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
ARABIC_LETTER = re.compile("[\u0621-\u064a]")
ARABIC_NAME = re.compile(r"^[\u0621-\u064a\u067e\u0686\u06a4\u06af\u06cc -]+$")
CYRILLIC_LETTER = re.compile("[\u0400-\u04ff]")
# Russian names may carry Roman regnal numbers (Карл XVI Густав) but no other Latin.
LATIN_IN_RUSSIAN = re.compile("[A-HJ-UWYZa-z]")
# Letters NFKD does not take apart.
TRANSLIT = str.maketrans(
    {"ø": "o", "Ø": "O", "æ": "ae", "Æ": "Ae", "đ": "d", "Đ": "D", "ł": "l", "Ł": "L",
     "ß": "ss", "ı": "i", "ð": "d", "þ": "th", "œ": "oe", "ʻ": "", "’": "", "'": ""}
)
# (country, role) pairs where two people legitimately hold the office at once:
# Nicaragua has had co-presidents since the 2025 constitution.
SHARED_OFFICES = {("NIC", "president")}


@cache
def people() -> list[dict[str, Any]]:
    """The parsed file, read through the resource layer like the loader does."""
    text = kg.resources.read_text("data", "gazetteer", "people", "europe-world.yaml")
    data = yaml.load(text, Loader=yaml.CSafeLoader)
    assert isinstance(data, list), "the file must be one YAML list of people"
    return data


def slug(label: str) -> str:
    """ASCII slug of an English label, the rule ids are built by."""
    text = unicodedata.normalize("NFKD", label.translate(TRANSLIT))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def as_date(value: Any) -> dt.date:
    """YAML gives a date for an unquoted ISO date; accept a quoted one too."""
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def offices() -> list[tuple[str, dict[str, Any]]]:
    return [(p["id"], o) for p in people() for o in p.get("offices") or []]


def find(person_id: str) -> dict[str, Any]:
    matches = [p for p in people() if p["id"] == person_id]
    assert len(matches) == 1, f"{person_id}: expected one entry, found {len(matches)}"
    return matches[0]


def test_enough_people() -> None:
    assert len(people()) >= 300


def test_entries_have_only_known_keys() -> None:
    for p in people():
        assert set(p) <= PERSON_KEYS, f"{p.get('id')}: unknown keys {set(p) - PERSON_KEYS}"
        assert isinstance(p.get("label"), str) and p["label"].strip(), p.get("id")
        assert p.get("offices"), f"{p['id']}: no offices"


def test_ids_unique_and_slug_shaped() -> None:
    ids = [p["id"] for p in people()]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    assert not dupes, f"duplicate ids: {dupes}"
    for p in people():
        assert ID_RE.match(p["id"]), p["id"]
        assert p["id"] == "person:" + slug(p["label"]), (p["id"], p["label"])


def test_every_person_has_names_in_each_language() -> None:
    for p in people():
        names = p["names"]
        for lang in ("en", "ar", "fr", "ru"):
            assert names.get(lang), f"{p['id']}: no {lang} names"
            values = names[lang]
            assert all(isinstance(n, str) and n.strip() == n and n for n in values), (
                p["id"], lang, values)
            assert len(values) == len(set(values)), f"{p['id']}: repeated {lang} name"


def test_first_english_name_is_the_label() -> None:
    for p in people():
        assert p["names"]["en"][0] == p["label"], p["id"]


def test_scripts_match_languages() -> None:
    for p in people():
        for name in p["names"]["ar"]:
            assert ARABIC_NAME.match(name), f"{p['id']}: not plain Arabic letters: {name!r}"
            assert not ARABIC_MARKS.search(name), f"{p['id']}: diacritics or tatweel in {name!r}"
        for name in p["names"]["ru"]:
            assert CYRILLIC_LETTER.search(name), (p["id"], name)
            assert not ARABIC_LETTER.search(name), (p["id"], name)
            assert not LATIN_IN_RUSSIAN.search(name), f"{p['id']}: Latin in {name!r}"
        for lang in ("en", "fr"):
            for name in p["names"][lang]:
                assert not ARABIC_LETTER.search(name) and not CYRILLIC_LETTER.search(name), (
                    p["id"], lang, name)


def test_offices_use_vocabulary_predicates_and_keys() -> None:
    for pid, office in offices():
        pred = office.get("predicate")
        assert pred in PREDICATES and pred in PERSON_PREDICATES, (pid, pred)
        assert "Person" in PREDICATES[pred].domain
        keys = set(office)
        assert REQUIRED_KEYS[pred] <= keys, f"{pid}: {pred} lacks {REQUIRED_KEYS[pred] - keys}"
        assert keys <= ALLOWED_KEYS[pred], f"{pid}: {pred} has {keys - ALLOWED_KEYS[pred]}"
        for key in ("role", "portfolio"):
            if key in office:
                assert isinstance(office[key], str) and office[key].strip(), (pid, key)
        for key in ("role", "portfolio"):
            if key in office:
                assert re.fullmatch(r"[a-z_]+", office[key]), f"{pid}: {key} {office[key]!r}"


def test_office_targets_are_iso3_codes_or_ids() -> None:
    for pid, office in offices():
        target = office["of"]
        assert isinstance(target, str), (pid, target)
        if office["predicate"] == "MINISTER_OF":
            assert pycountry.countries.get(alpha_3=target), f"{pid}: {target} is not ISO3"
        elif REF_RE.match(target):
            assert target != pid, f"{pid}: office of itself"
        else:
            assert re.fullmatch(r"[A-Z]{3}", target), (pid, target)
            assert pycountry.countries.get(alpha_3=target), f"{pid}: {target} is not ISO3"


def test_dates_parse_and_run_forward() -> None:
    for pid, office in offices():
        start = as_date(office["from"])
        assert dt.date(1940, 1, 1) < start < dt.date(2027, 1, 1), (pid, start)
        if "to" in office:
            end = as_date(office["to"])
            assert start < end, f"{pid}: {office['predicate']} from {start} is not before {end}"
            assert end >= dt.date(2016, 1, 1), f"{pid}: office ended before the covered years"


def test_no_two_heads_of_one_office_at_once() -> None:
    """Overlaps longer than a week are date typos (handovers may share a day or two)."""
    tenures: dict[tuple[str, str], list[tuple[dt.date, dt.date, str]]] = defaultdict(list)
    far = dt.date(2100, 1, 1)
    for pid, office in offices():
        if office["predicate"] == "LEADER_OF":
            key = (office["of"], office["role"])
        elif office["predicate"] == "MINISTER_OF":
            key = (office["of"], office["portfolio"])
        else:
            continue
        if key in SHARED_OFFICES:
            continue
        end = as_date(office["to"]) if "to" in office else far
        tenures[key].append((as_date(office["from"]), end, pid))
    clashes = []
    for key, spans in tenures.items():
        spans.sort()
        # Compare each tenure with the one reaching furthest among those before it.
        reach_end, reach_pid = spans[0][1], spans[0][2]
        for start, end, pid in spans[1:]:
            if pid != reach_pid and (reach_end - start).days > 7:
                clashes.append(f"{key}: {reach_pid} until {reach_end} overlaps {pid} from {start}")
            if end > reach_end:
                reach_end, reach_pid = end, pid
    assert not clashes, "\n".join(clashes)


@pytest.mark.parametrize(
    ("person_id", "predicate", "key", "value", "of", "start", "end"),
    [
        ("person:sauli-niinisto", "LEADER_OF", "role", "president", "FIN",
         dt.date(2012, 3, 1), dt.date(2024, 3, 1)),
        ("person:pekka-haavisto", "MINISTER_OF", "portfolio", "foreign_affairs", "FIN",
         None, dt.date(2023, 6, 20)),
        ("person:alexander-stubb", "LEADER_OF", "role", "president", "FIN",
         dt.date(2024, 3, 1), None),
        ("person:dick-schoof", "LEADER_OF", "role", "prime_minister", "NLD",
         dt.date(2024, 7, 2), dt.date(2026, 2, 23)),
        ("person:felipe-vi", "LEADER_OF", "role", "monarch", "ESP",
         dt.date(2014, 6, 19), None),
    ],
)
def test_spot_facts(person_id: str, predicate: str, key: str, value: str, of: str,
                    start: dt.date | None, end: dt.date | None) -> None:
    person = find(person_id)
    held = [o for o in person["offices"]
            if o["predicate"] == predicate and o[key] == value and o["of"] == of]
    assert held, f"{person_id} holds no {predicate} {value} of {of}"
    office = held[0]
    if start is not None:
        assert as_date(office["from"]) == start
    if end is None:
        assert "to" not in office
    else:
        assert as_date(office["to"]) == end


def test_niinisto_names() -> None:
    names = find("person:sauli-niinisto")["names"]
    assert {"Sauli Niinistö", "Sauli Niinisto", "Niinistö", "Niinisto"} <= set(names["en"])
    assert "ساولي نينيستو" in names["ar"]
    assert "Саули Ниинистё" in names["ru"]


def test_every_covered_state_has_a_leader_now_or_recently() -> None:
    """Each state listed in the task has at least one LEADER_OF entry after 2016."""
    states = {o["of"] for _, o in offices() if o["predicate"] == "LEADER_OF"}
    expected = {
        "AUT", "BEL", "BGR", "HRV", "CYP", "CZE", "DNK", "EST", "FIN", "GRC", "HUN", "IRL",
        "LVA", "LTU", "LUX", "MLT", "NLD", "PRT", "ROU", "SVK", "SVN", "ESP", "SWE", "NOR",
        "CHE", "SRB", "VNM", "THA", "PHL", "MYS", "BGD", "LKA", "MMR", "MNG", "TKM", "COL",
        "CHL", "PER", "CUB", "NIC", "BOL", "GHA", "SEN", "MLI", "BFA", "NER", "TCD", "CMR",
        "COD", "UGA", "TZA", "ZWE", "AGO", "ZMB", "BWA", "NAM", "ERI", "SSD",
    }
    assert expected <= states, f"no leaders for {sorted(expected - states)}"


def test_ids_not_claimed_by_other_people_files() -> None:
    """Each person lives in one file; the other people files cover other states."""
    mine = {p["id"] for p in people()}
    for name in kg.resources.listdir("data", "gazetteer", "people"):
        if name == "europe-world.yaml" or not name.endswith(".yaml"):
            continue
        text = kg.resources.read_text("data", "gazetteer", "people", name)
        others = {p.get("id") for p in yaml.load(text, Loader=yaml.CSafeLoader) or []}
        shared = sorted(mine & others)
        assert not shared, f"also in {name}: {shared}"
