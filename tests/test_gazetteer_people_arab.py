"""Checks of data/gazetteer/people/arab-league.yaml (Arab League states' people).

The file is hand-written data that the resolver trusts, so these tests guard
its shape (what the loader and the ontology expect), the consistency of its
dates (no two presidents of one state at once) and a few facts that sample
articles depend on.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import unicodedata
from collections import defaultdict
from pathlib import Path

import pycountry
import pytest
import yaml

import kg.resources
from kg.vocab import PREDICATES, STANDING

FILE = ("data", "gazetteer", "people", "arab-league.yaml")
LANGS = {"en", "ar", "fr", "ru"}
ENTRY_KEYS = {"id", "wikidata", "label", "names", "offices"}
PERSON_PREDICATES = {"LEADER_OF", "MINISTER_OF", "SPOKESPERSON_OF", "OFFICIAL_OF"}
# required and optional keys of an office, per predicate
OFFICE_KEYS: dict[str, tuple[set[str], set[str]]] = {
    "LEADER_OF": ({"predicate", "role", "of", "from"}, {"to"}),
    "MINISTER_OF": ({"predicate", "portfolio", "of", "from"}, {"to"}),
    "SPOKESPERSON_OF": ({"predicate", "of", "from"}, {"to", "role"}),
    "OFFICIAL_OF": ({"predicate", "role", "of", "from"}, {"to"}),
}
PORTFOLIOS = {"defense", "foreign_affairs", "interior", "finance"}
# LEADER_OF roles that one person at a time holds for a given state or body
EXCLUSIVE_ROLES = {
    "president", "monarch", "emir", "prime_minister", "head_of_government",
    "secretary_general", "political_bureau_chief", "chairman_of_the_presidential_council",
    "chairman_of_the_sovereignty_council", "chairman_of_the_transitional_military_council",
    "chairman_of_the_presidential_leadership_council", "prime_minister_of_the_eastern_government",
}
ID_RE = re.compile(r"^person:[a-z0-9]+(?:-[a-z0-9]+)*$")
ORG_RE = re.compile(r"^org:[a-z0-9]+(?:[-_][a-z0-9]+)*$")
ROLE_RE = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")
ARABIC_MARKS_RE = re.compile("[\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")  # harakat, dagger alef, tatweel
ARABIC_NAME_RE = re.compile(r"^[\u0621-\u064a\u067e\u0686\u06a4\u06af\u06cc0-9 ]+$")
LATIN_RE = re.compile(r"[A-Za-z]")
ROMAN_RE = re.compile(r"\b[IVX]+\b")


def _load(*parts: str) -> list[dict]:
    return yaml.load(kg.resources.read_text(*parts), Loader=yaml.CSafeLoader)


@pytest.fixture(scope="module")
def people() -> list[dict]:
    data = _load(*FILE)
    assert isinstance(data, list), "the file must be one YAML list of entries"
    return data


@pytest.fixture(scope="module")
def by_id(people: list[dict]) -> dict[str, dict]:
    return {p["id"]: p for p in people}


def slug(text: str) -> str:
    """The id slug of an English label: ASCII-folded, lower case, hyphenated."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def fold(name: str) -> str:
    """Case- and accent-folded form, as the matcher compares Latin names."""
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", bare.casefold()).strip()


def fold_ar(name: str) -> str:
    """Arabic form with the usual spelling variants merged (hamza, ta marbuta, ya, article)."""
    name = ARABIC_MARKS_RE.sub("", name)
    name = re.sub("[أإآٱ]", "ا", name).replace("ة", "ه").replace("ى", "ي").replace("ؤ", "و")
    words = [w[2:] if w.startswith("ال") and len(w) > 3 else w for w in name.split()]
    return " ".join(words)


def offices(people: list[dict]):
    for p in people:
        for office in p.get("offices") or []:
            yield p, office


def test_enough_people(people: list[dict]) -> None:
    assert len(people) >= 250, f"only {len(people)} people"


def test_entries_have_known_keys(people: list[dict]) -> None:
    for p in people:
        assert isinstance(p, dict), p
        assert {"id", "label", "names", "offices"} <= set(p), p.get("id", p)
        assert set(p) <= ENTRY_KEYS, (p["id"], set(p) - ENTRY_KEYS)
        if "wikidata" in p:
            assert re.fullmatch(r"Q[1-9][0-9]*", str(p["wikidata"])), p["id"]


def test_ids_unique_and_slug_of_label(people: list[dict]) -> None:
    ids = [p["id"] for p in people]
    dupes = {i for i in ids if ids.count(i) > 1}
    assert not dupes, f"duplicate ids: {sorted(dupes)}"
    for p in people:
        assert ID_RE.match(p["id"]), p["id"]
        assert p["id"] == "person:" + slug(p["label"]), (p["id"], p["label"])


def test_ids_do_not_clash_with_other_people_files(people: list[dict]) -> None:
    """Every .yaml in the folder is loaded together, so ids must be unique across files."""
    mine = {p["id"] for p in people}
    for name in kg.resources.listdir("data", "gazetteer", "people"):
        if not name.endswith(".yaml") or name == FILE[-1]:
            continue
        other = _load("data", "gazetteer", "people", name) or []
        clash = mine & {e.get("id") for e in other if isinstance(e, dict)}
        assert not clash, f"ids also defined in {name}: {sorted(clash)}"


def test_every_person_has_ar_and_en_names(people: list[dict]) -> None:
    for p in people:
        names = p["names"]
        assert {"ar", "en"} <= set(names), p["id"]
        assert set(names) <= LANGS, (p["id"], set(names))
        for lang, values in names.items():
            assert isinstance(values, list) and values, (p["id"], lang)
            assert all(isinstance(v, str) and v.strip() == v and v for v in values), (p["id"], lang)
        assert names["en"][0] == p["label"], f"{p['id']}: first English name must be the label"


def test_names_not_repeated_within_a_person(people: list[dict]) -> None:
    for p in people:
        for lang, values in p["names"].items():
            # Arabic spelling variants (with and without hamza) are wanted, and Russian й is
            # a letter of its own, so only English and French are accent-folded here
            folded = [fold(v) if lang in ("en", "fr") else v.casefold() for v in values]
            repeated = {v for v in folded if folded.count(v) > 1}
            assert not repeated, (p["id"], lang, repeated)


def test_no_name_shared_by_two_people(people: list[dict]) -> None:
    """A shared alias would make the matcher guess; short forms go to one person only."""
    owners: dict[tuple[str, str], set[str]] = defaultdict(set)
    for p in people:
        for lang, values in p["names"].items():
            for v in values:
                owners[(lang, fold_ar(v) if lang == "ar" else fold(v))].add(p["id"])
    shared = {k: sorted(v) for k, v in owners.items() if len(v) > 1}
    assert not shared, shared


def test_arabic_names_are_bare_arabic(people: list[dict]) -> None:
    for p in people:
        for name in p["names"]["ar"]:
            assert not ARABIC_MARKS_RE.search(name), f"{p['id']}: diacritic or tatweel in {name!r}"
            assert ARABIC_NAME_RE.match(name), f"{p['id']}: non-Arabic character in {name!r}"


def test_russian_names_are_cyrillic(people: list[dict]) -> None:
    for p in people:
        for name in p["names"].get("ru", []):
            assert not LATIN_RE.search(ROMAN_RE.sub("", name)), f"{p['id']}: Latin letter in {name!r}"


def test_offices_use_person_predicates_with_the_right_keys(people: list[dict]) -> None:
    assert set(STANDING) >= PERSON_PREDICATES
    for p, office in offices(people):
        pred = office.get("predicate")
        assert pred in PREDICATES and pred in PERSON_PREDICATES, (p["id"], office)
        assert "Person" in PREDICATES[pred].domain
        required, optional = OFFICE_KEYS[pred]
        keys = set(office)
        assert required <= keys, (p["id"], office, required - keys)
        assert keys <= required | optional, (p["id"], office, keys - required - optional)
        if "role" in office:
            assert ROLE_RE.match(office["role"]), (p["id"], office["role"])
        if pred == "MINISTER_OF":
            assert office["portfolio"] in PORTFOLIOS, (p["id"], office["portfolio"])


def _is_country(code: str) -> bool:
    return code == "PSE" or pycountry.countries.get(alpha_3=code) is not None


def test_office_targets_are_countries_or_ids(people: list[dict], by_id: dict) -> None:
    for p, office in offices(people):
        target = office["of"]
        assert isinstance(target, str), (p["id"], office)
        if target.startswith("org:"):
            assert ORG_RE.match(target), (p["id"], target)
            assert office["predicate"] != "MINISTER_OF", (p["id"], "MINISTER_OF takes a country")
        elif target.startswith("person:"):
            assert office["predicate"] == "SPOKESPERSON_OF", (p["id"], office)
            assert ID_RE.match(target), (p["id"], target)
        else:
            assert re.fullmatch(r"[A-Z]{3}", target) and _is_country(target), (p["id"], target)


def test_dates_parse_and_are_ordered(people: list[dict]) -> None:
    for p, office in offices(people):
        start, end = office["from"], office.get("to")
        assert isinstance(start, dt.date), (p["id"], office)
        assert dt.date(1960, 1, 1) <= start <= dt.date(2026, 12, 31), (p["id"], office)
        if end is not None:
            assert isinstance(end, dt.date), (p["id"], office)
            assert start < end, (p["id"], office)


def test_exclusive_offices_do_not_overlap(people: list[dict]) -> None:
    """Two presidents of one state, or two defence ministers, at once is a data error."""
    spans: dict[tuple, list] = defaultdict(list)
    for p, office in offices(people):
        if office["predicate"] == "LEADER_OF" and office["role"] in EXCLUSIVE_ROLES:
            key = ("LEADER_OF", office["of"], office["role"])
        elif office["predicate"] == "MINISTER_OF":
            key = ("MINISTER_OF", office["of"], office["portfolio"])
        else:
            continue
        spans[key].append((office["from"], office.get("to") or dt.date.max, p["id"]))
    for key, items in spans.items():
        items.sort()
        for (s1, e1, who1), (s2, e2, who2) in itertools.pairwise(items):
            if who1 != who2:
                assert e1 <= s2, f"{key}: {who1} ({s1}..{e1}) overlaps {who2} ({s2}..{e2})"


def _office(person: dict, **match) -> list[dict]:
    return [o for o in person["offices"] if all(o.get(k) == v for k, v in match.items())]


def test_spot_facts(by_id: dict) -> None:
    sisi = by_id["person:abdel-fattah-el-sisi"]
    [pres] = _office(sisi, predicate="LEADER_OF", role="president", of="EGY")
    assert pres["from"] == dt.date(2014, 6, 8) and "to" not in pres
    assert "السيسي" in sisi["names"]["ar"] and "Sisi" in sisi["names"]["en"]

    [ayyoub] = _office(by_id["person:ali-abdullah-ayyoub"], predicate="MINISTER_OF", of="SYR")
    assert ayyoub["portfolio"] == "defense"
    assert ayyoub["from"] == dt.date(2018, 1, 1) and ayyoub["to"] == dt.date(2022, 4, 28)
    [abbas] = _office(by_id["person:ali-mahmoud-abbas"], predicate="MINISTER_OF", of="SYR")
    assert abbas["from"] == dt.date(2022, 4, 28)

    mbs = by_id["person:mohammed-bin-salman"]
    [cp] = _office(mbs, predicate="OFFICIAL_OF", role="crown_prince", of="SAU")
    assert cp["from"] == dt.date(2017, 6, 21) and "to" not in cp
    [pm] = _office(mbs, predicate="LEADER_OF", role="prime_minister", of="SAU")
    assert pm["from"] == dt.date(2022, 9, 27)
    assert "MBS" in mbs["names"]["en"]

    [assad] = _office(by_id["person:bashar-al-assad"], predicate="LEADER_OF", of="SYR")
    assert assad["to"] == dt.date(2024, 12, 8)
    assert "الأسد" in by_id["person:bashar-al-assad"]["names"]["ar"]
    assert "الأسد" not in by_id["person:hafez-al-assad"]["names"]["ar"]
    assert _office(by_id["person:ahmed-al-sharaa"], role="president", of="SYR", to=None)

    assert _office(by_id["person:khalifa-haftar"], predicate="OFFICIAL_OF", role="commander", of="LBY")
    assert _office(by_id["person:abdul-malik-al-houthi"], predicate="LEADER_OF", of="org:houthis")
    assert _office(by_id["person:mohamed-hamdan-dagalo"], predicate="OFFICIAL_OF", of="SDN",
                   role="commander_of_the_rapid_support_forces")
    assert _office(by_id["person:ahmed-aboul-gheit"], predicate="LEADER_OF",
                   role="secretary_general", of="org:arab-league")
    assert _office(by_id["person:mohamed-el-shenawy"], predicate="SPOKESPERSON_OF",
                   of="org:presidency-egy")


# --- names against real articles -----------------------------------------------------------

CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus" / "dev"
EXPECTED = {
    "01-ar-sisi-macron-call-iran.txt": {"person:abdel-fattah-el-sisi", "person:mohamed-el-shenawy"},
    "08-ar-assad-dismisses-defence-minister.txt": {
        "person:bashar-al-assad", "person:ali-abdullah-ayyoub", "person:ali-mahmoud-abbas"},
    "11-ar-trump-calls-mbs-crown-prince.txt": {
        "person:mohammed-bin-salman", "person:salman-of-saudi-arabia"},
    "23-ru-putin-trump-call-assad-meeting.txt": {"person:bashar-al-assad"},
    "04-ar-eu-sanctions-putin-lavrov.txt": {"person:bashar-al-assad"},  # «الأسد» alone
    # articles about other regions: none of these names may fire in them
    "00-ar-csto-kazakhstan-calls.txt": set(),
    "13-en-finland-joins-nato.txt": set(),
    "16-en-zelensky-dismisses-reznikov.txt": set(),
    "19-en-kagame-state-visit-mozambique.txt": set(),
    "21-fr-macron-putin-call-zelensky-request.txt": set(),
}
PROCLITICS = ("", "و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل")


def _tokens(text: str, lang: str) -> list[str]:
    if lang == "ar":
        return [fold_ar(t) for t in re.findall(r"[\u0621-\u064a\u064b-\u065f\u0670\u0640]+", text)]
    return re.findall(r"\w+", fold(text))


def _token_match(text_tok: str, name_tok: str, lang: str) -> bool:
    if lang == "ar":
        return any(text_tok == p + name_tok for p in PROCLITICS)
    if lang == "ru":  # a crude stand-in for stemming: allow a short inflectional ending
        return text_tok.startswith(name_tok) and len(text_tok) - len(name_tok) <= 3
    return text_tok == name_tok


def _find_people(text: str, lang: str, people: list[dict]) -> set[str]:
    """Longest-match-first scan over tokens, the way a multi-pattern matcher resolves overlaps."""
    patterns = [(_tokens(n, lang), p["id"]) for p in people for n in p["names"].get(lang, [])]
    patterns = sorted((pt for pt in patterns if pt[0]), key=lambda pt: -len(pt[0]))
    toks, found, i = _tokens(text, lang), set(), 0
    while i < len(toks):
        for pat, pid in patterns:
            window = toks[i:i + len(pat)]
            if len(window) == len(pat) and all(
                _token_match(t, n, lang) for t, n in zip(window, pat, strict=True)
            ):
                found.add(pid)
                i += len(pat)
                break
        else:
            i += 1
    return found


@pytest.mark.parametrize("filename", sorted(EXPECTED))
def test_names_found_in_dev_articles(filename: str, people: list[dict]) -> None:
    path = CORPUS / filename
    if not path.is_file():
        pytest.skip(f"dev corpus article {path} is not available")
    lang = filename.split("-")[1]
    found = _find_people(path.read_text(encoding="utf-8"), lang, people)
    assert found == EXPECTED[filename]
