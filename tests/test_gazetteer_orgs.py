"""Checks of the organisation gazetteer (organizations.yaml, government_bodies.yaml,
portfolios.yaml): they are hand-written data that the extractor trusts, so their shape,
references and a sample of known facts are tested here rather than discovered at run time."""

from __future__ import annotations

import datetime as dt
import itertools
import re
import unicodedata
from collections import Counter, defaultdict
from typing import Any

import pycountry
import pytest
import yaml

from kg import resources

LANGS = ("en", "ar", "fr", "ru")
KINDS = {
    "alliance",
    "intergovernmental",
    "un_body",
    "bloc",
    "court",
    "armed_group",
    "news_agency",
    "government_body",
    "party",
    "company",
    "other",
}
NOT_INTERNATIONAL = {"armed_group", "news_agency", "government_body", "party", "company"}
EXTRA_CODES = {"XKX", "PSE", "TWN", "VAT"}
ORG_KEYS = {"id", "wikidata", "label", "kind", "names", "acronyms", "country", "part_of", "members"}
MEMBER_KEYS = {"id", "since", "until"}
# Arabic harakat, superscript alef, Quranic marks and tatweel: the matcher strips them from
# the text, so a name that keeps them can never match.
ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
ORG_ID = re.compile(r"^org:[a-z0-9][a-z0-9_-]*$")


def _load(name: str) -> Any:
    return yaml.load(resources.read_text("data", "gazetteer", name), Loader=yaml.CSafeLoader)


@pytest.fixture(scope="module")
def orgs() -> list[dict[str, Any]]:
    return _load("organizations.yaml")


@pytest.fixture(scope="module")
def gov() -> list[dict[str, Any]]:
    return _load("government_bodies.yaml")


@pytest.fixture(scope="module")
def portfolios() -> list[dict[str, Any]]:
    return _load("portfolios.yaml")


@pytest.fixture(scope="module")
def every(orgs: list[dict[str, Any]], gov: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return orgs + gov


@pytest.fixture(scope="module")
def by_id(every: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {e["id"]: e for e in every}


def _country_ok(code: str) -> bool:
    return code in EXTRA_CODES or pycountry.countries.get(alpha_3=code) is not None


def _date(value: Any, where: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        pytest.fail(f"{where}: {value!r} is not an ISO date")


def _members(entry: dict[str, Any], code: str) -> list[dict[str, Any]]:
    return [m for m in entry.get("members") or [] if m["id"] == code]


def _all_names(entry: dict[str, Any], lang: str) -> list[str]:
    return list((entry.get("names") or {}).get(lang) or []) + list(
        (entry.get("acronyms") or {}).get(lang) or []
    )


# ---------------------------------------------------------------- shape


def test_files_are_lists(orgs: list, gov: list, portfolios: list) -> None:
    for data in (orgs, gov, portfolios):
        assert isinstance(data, list) and data
        assert all(isinstance(e, dict) for e in data)


def test_ids_unique_and_prefixed(every: list[dict[str, Any]]) -> None:
    ids = [e["id"] for e in every]
    dupes = [i for i, n in Counter(ids).items() if n > 1]
    assert not dupes, f"duplicate ids: {dupes}"
    bad = [i for i in ids if not ORG_ID.match(i)]
    assert not bad, f"ids without the org: prefix or with odd characters: {bad}"


def test_known_keys_and_kinds(every: list[dict[str, Any]]) -> None:
    for e in every:
        assert set(e) <= ORG_KEYS, f"{e['id']}: unknown keys {set(e) - ORG_KEYS}"
        assert e["kind"] in KINDS, f"{e['id']}: kind {e['kind']!r}"
        assert isinstance(e["label"], str) and e["label"].strip() == e["label"] and e["label"]
        if e.get("wikidata") is not None:
            assert re.fullmatch(r"Q[1-9]\d*", e["wikidata"]), e["id"]


def test_names_per_language(every: list[dict[str, Any]]) -> None:
    for e in every:
        names = e["names"]
        assert set(names) <= set(LANGS), e["id"]
        assert names.get("en"), f"{e['id']}: no English names"
        assert any(names.get(lang) for lang in ("ar", "fr", "ru")), f"{e['id']}: English only"
        assert names["en"][0] == e["label"], f"{e['id']}: the English display name is not the label"
        for field in ("names", "acronyms"):
            for lang, values in (e.get(field) or {}).items():
                assert lang in LANGS, f"{e['id']}: {field} in unknown language {lang!r}"
                assert isinstance(values, list) and values, f"{e['id']}: {field}.{lang}"
                for v in values:
                    assert isinstance(v, str) and v and v == v.strip(), f"{e['id']}: {v!r}"
                folded = [v.casefold() for v in values]
                assert len(folded) == len(set(folded)), f"{e['id']}: repeated {field}.{lang}"


def test_no_arabic_diacritics_or_tatweel(every: list[dict[str, Any]], portfolios: list) -> None:
    texts = [(e["id"], v) for e in every for lang in LANGS for v in _all_names(e, lang)]
    texts += [(p["key"], v) for p in portfolios for v in p["names"].get("ar", [])]
    bad = [(i, v) for i, v in texts if ARABIC_MARKS.search(v)]
    assert not bad, bad
    latin_in_arabic = [
        (e["id"], v) for e in every for v in _all_names(e, "ar") if re.search("[A-Za-z]", v)
    ]
    assert not latin_in_arabic, latin_in_arabic


SCRIPT = {"en": "Latn", "fr": "Latn", "ru": "Cyrl", "ar": "Arab"}


def _match_key(name: str) -> str:
    """How the matcher compares names: all-capital acronyms as written, the rest folded."""
    if name.isupper():
        return name
    folded = unicodedata.normalize("NFKD", name.casefold())
    return "".join(c for c in folded if not unicodedata.combining(c))


def test_no_name_shared_by_two_entries(every: list[dict[str, Any]]) -> None:
    """A shared alias would make the matcher pick an entry at random. The matcher of a
    language also sees the names of the other languages in its script, so English and
    French names must not collide either."""
    owners: dict[tuple[str, str], set[str]] = defaultdict(set)
    for e in every:
        for lang in LANGS:
            for v in _all_names(e, lang):
                owners[(SCRIPT[lang], _match_key(v))].add(e["id"])
    shared = {k: sorted(v) for k, v in owners.items() if len(v) > 1}
    assert not shared, shared


# ---------------------------------------------------------------- references and dates


def test_members_are_countries_or_orgs(every: list[dict[str, Any]], by_id: dict) -> None:
    for e in every:
        for m in e.get("members") or []:
            assert set(m) <= MEMBER_KEYS, f"{e['id']}: member keys {set(m)}"
            code = m["id"]
            if code.startswith("org:"):
                assert code in by_id, f"{e['id']}: member {code} is not an entry"
            else:
                assert _country_ok(code), f"{e['id']}: member {code} is no ISO 3166-1 alpha-3 code"


def test_member_dates(every: list[dict[str, Any]]) -> None:
    for e in every:
        spans: dict[str, list[tuple[dt.date | None, dt.date | None]]] = defaultdict(list)
        for m in e.get("members") or []:
            where = f"{e['id']} member {m['id']}"
            since = _date(m["since"], where) if "since" in m else None
            until = _date(m["until"], where) if "until" in m else None
            if since and until:
                assert since < until, where
            spans[m["id"]].append((since, until))
        for code, ranges in spans.items():
            if len(ranges) > 1:  # left and rejoined: the periods must not overlap
                dated = sorted(ranges, key=lambda r: r[0] or dt.date.min)
                for (_, end), (start, _) in itertools.pairwise(dated):
                    assert end and start and end <= start, f"{e['id']}: {code} periods overlap"


def test_references(every: list[dict[str, Any]], by_id: dict) -> None:
    for e in every:
        if e.get("part_of"):
            assert e["part_of"] in by_id, f"{e['id']}: part_of {e['part_of']} is not an entry"
            assert e["part_of"] != e["id"]
        if e.get("country") is not None:
            assert _country_ok(e["country"]), f"{e['id']}: country {e['country']}"


def test_national_bodies_have_a_country(gov: list[dict[str, Any]], orgs: list) -> None:
    for e in gov:
        assert e["kind"] == "government_body", e["id"]
        assert e.get("country"), f"{e['id']}: a national body needs its country"
        m = re.fullmatch(r"org:(?:presidency|pm-office|armed-forces)-([a-z]{3})", e["id"])
        if m:
            assert m.group(1).upper() == e["country"], e["id"]
        m = re.fullmatch(r"org:ministry-([a-z_]+)-([a-z]{3})", e["id"])
        if m:
            assert m.group(2).upper() == e["country"], e["id"]
        assert not e["id"].startswith("org:government-"), "org:government-* is generated"
    for e in orgs:
        assert e["kind"] != "government_body", f"{e['id']} belongs in government_bodies.yaml"
        if e["kind"] == "news_agency":
            assert e.get("country"), f"{e['id']}: a news outlet needs its country"


# ---------------------------------------------------------------- counts and coverage


def test_counts(orgs: list[dict[str, Any]], portfolios: list) -> None:
    kinds = Counter(e["kind"] for e in orgs)
    international = sum(n for k, n in kinds.items() if k not in NOT_INTERNATIONAL)
    assert international >= 70
    assert kinds["armed_group"] >= 20
    assert kinds["news_agency"] >= 45
    assert len(portfolios) >= 20


def _ids(text: str) -> list[str]:
    return text.split()


REQUIRED = _ids("""
un unsc unga unhcr unicef who wfp iaea unesco unrwa undp fao ilo imf world-bank wto icc icj
interpol nato eu european-commission european-council european-parliament coe osce csto sco
brics cis eaeu union-state guam g7 g20 quad aukus asean apec au ecowas sadc eac igad
arab-league gcc oic opec opec-plus amu mercosur oas celac commonwealth oif nordic-council
visegrad-group ots
islamic-state al-qaeda al-shabaab boko-haram hamas hezbollah pij houthis taliban hts sdf pkk
wagner-group rsf m23 ansar-al-sunna-mozambique
reuters afp ap bloomberg sputnik sputnik-kazakhstan sputnik-arabic ria-novosti tass interfax
rt xinhua anadolu sana mena spa wam qna kuna bna ona petra irna tasnim fars ukrinform unian
belta kazinform kabar khovar armenpress yonhap kyodo pti al-jazeera al-arabiya sky-news-arabia
bbc cnn guardian observer nyt washington-post le-monde dw enab-baladi step-news youm7
al-ahram asharq-al-awsat
presidency-rus presidency-usa presidency-fra presidency-egy presidency-ukr presidency-tur
presidency-irn presidency-syr presidency-kaz presidency-blr presidency-sau
ministry-defense-usa ministry-foreign_affairs-usa ministry-foreign_affairs-gbr
ministry-foreign_affairs-fra ministry-foreign_affairs-rus
""")


def test_required_entries_present(by_id: dict) -> None:
    missing = [i for i in REQUIRED if f"org:{i}" not in by_id]
    assert not missing, missing


def test_presidencies_cover_major_groups(by_id: dict) -> None:
    """Every G20 and CSTO state has a head-of-state or head-of-government office."""
    for group in ("org:g20", "org:csto"):
        for m in by_id[group]["members"]:
            code = m["id"]
            if code.startswith("org:") or m.get("until"):
                continue
            offices = {f"org:presidency-{code.lower()}", f"org:pm-office-{code.lower()}"}
            if code == "CHN":  # Chinese news names neither; the government is generated
                continue
            assert offices & set(by_id), f"{group}: no office listed for {code}"


def test_portfolios(portfolios: list[dict[str, Any]]) -> None:
    keys = [p["key"] for p in portfolios]
    assert len(keys) == len(set(keys))
    for p in portfolios:
        assert re.fullmatch(r"[a-z]+(?:_[a-z]+)*", p["key"]), p["key"]
        assert set(p) <= {"key", "label", "names", "abbreviations"}, p["key"]
        for lang in LANGS:
            assert p["names"].get(lang), f"{p['key']}: no {lang} names"
    required = {
        "defense",
        "foreign_affairs",
        "interior",
        "finance",
        "justice",
        "economy",
        "energy",
        "health",
        "education",
        "agriculture",
        "trade",
        "industry",
        "transport",
        "information",
        "culture",
        "labour",
        "environment",
        "emergency_situations",
    }
    assert required <= set(keys), required - set(keys)
    owners: dict[tuple[str, str], set[str]] = defaultdict(set)
    for p in portfolios:
        for lang, values in p["names"].items():
            for v in values:
                owners[(lang, v.casefold())].add(p["key"])
    shared = {k: v for k, v in owners.items() if len(v) > 1}
    assert not shared, shared


def test_metonymic_ministries_use_known_portfolios(gov: list, portfolios: list) -> None:
    keys = {p["key"] for p in portfolios}
    for e in gov:
        m = re.fullmatch(r"org:ministry-([a-z_]+)-[a-z]{3}", e["id"])
        if m:
            assert m.group(1) in keys, (
                f"{e['id']}: portfolio {m.group(1)} is not in portfolios.yaml"
            )


# ---------------------------------------------------------------- known facts


def _since(by_id: dict, org: str, code: str) -> dt.date | None:
    found = _members(by_id[org], code)
    assert found, f"{code} is not a member of {org}"
    return _date(found[-1].get("since"), org) if found[-1].get("since") else None


def test_nordic_nato_accessions(by_id: dict) -> None:
    assert _since(by_id, "org:nato", "FIN") == dt.date(2023, 4, 4)
    assert _since(by_id, "org:nato", "SWE") == dt.date(2024, 3, 7)
    assert len([m for m in by_id["org:nato"]["members"] if not m.get("until")]) == 32


def test_csto(by_id: dict) -> None:
    csto = by_id["org:csto"]
    current = {m["id"] for m in csto["members"] if not m.get("until")}
    assert current == {"ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK"}
    for left in ("AZE", "GEO", "UZB"):
        assert all(m.get("until") for m in _members(csto, left)), left


def test_brics_enlargements(by_id: dict) -> None:
    assert _since(by_id, "org:brics", "EGY") == dt.date(2024, 1, 1)
    assert _since(by_id, "org:brics", "IDN") == dt.date(2025, 1, 6)
    assert not _members(by_id["org:brics"], "SAU"), "Saudi Arabia has not confirmed membership"


def test_brexit(by_id: dict) -> None:
    (uk,) = _members(by_id["org:eu"], "GBR")
    assert _date(uk["until"], "eu") == dt.date(2020, 1, 31)
    assert len([m for m in by_id["org:eu"]["members"] if not m.get("until")]) == 27


def test_un_membership(by_id: dict) -> None:
    un = by_id["org:un"]["members"]
    assert len({m["id"] for m in un}) == 193
    assert _since(by_id, "org:un", "RUS") == dt.date(1945, 10, 24)
    assert _since(by_id, "org:un", "SSD") == dt.date(2011, 7, 14)
    assert {m["id"] for m in by_id["org:unsc"]["members"]} == {"CHN", "FRA", "GBR", "RUS", "USA"}


@pytest.mark.parametrize(
    ("lang", "name", "expected"),
    [
        ("ar", "الكرملين", "org:presidency-rus"),
        ("ru", "Кремль", "org:presidency-rus"),
        ("en", "Presidential Administration of Russia", "org:presidency-rus"),
        ("ar", "الرئاسة الروسية", "org:presidency-rus"),
        ("ar", "البيت الأبيض", "org:presidency-usa"),
        ("fr", "Maison Blanche", "org:presidency-usa"),
        ("ar", "الرئاسة المصرية", "org:presidency-egy"),
        ("en", "Pentagon", "org:ministry-defense-usa"),
        ("ar", "البنتاغون", "org:ministry-defense-usa"),
        ("en", "State Department", "org:ministry-foreign_affairs-usa"),
        ("fr", "Quai d'Orsay", "org:ministry-foreign_affairs-fra"),
        ("ar", "داعش", "org:islamic-state"),
        ("fr", "EI", "org:islamic-state"),
        ("ru", "ИГИЛ", "org:islamic-state"),
        ("ar", "منظمة معاهدة الأمن الجماعي", "org:csto"),
        ("ru", "ОДКБ", "org:csto"),
        ("en", "Southern Africa Development Community", "org:sadc"),
        ("en", "Southern African Development Community", "org:sadc"),
        ("ar", "سبوتنيك كازاخستان", "org:sputnik-kazakhstan"),
        ("ar", "وكالة الصحافة الفرنسية", "org:afp"),
        ("ar", "ستبنيوز", "org:step-news"),
        ("ar", "اليوم السابع", "org:youm7"),
        ("en", "Ansar Allah", "org:houthis"),
        # names with commas inside, once split apart by an unquoted flow list
        ("en", "Foreign, Commonwealth and Development Office", "org:ministry-foreign_affairs-gbr"),
        ("en", "United Nations Educational, Scientific and Cultural Organization", "org:unesco"),
    ],
)
def test_names_resolve(every: list[dict[str, Any]], lang: str, name: str, expected: str) -> None:
    hits = {
        e["id"] for e in every if name.casefold() in {v.casefold() for v in _all_names(e, lang)}
    }
    assert hits == {expected}


def test_branches_point_to_parents(by_id: dict) -> None:
    assert by_id["org:sputnik-kazakhstan"]["part_of"] == "org:sputnik"
    assert by_id["org:sputnik-arabic"]["part_of"] == "org:sputnik"
    assert by_id["org:unsc"]["part_of"] == "org:un"
    assert by_id["org:european-commission"]["part_of"] == "org:eu"
